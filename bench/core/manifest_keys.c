// SPDX-License-Identifier: GPL-2.0
/* bench/core/manifest_keys.c - the manifest keys a run writes itself. */
#include "core/manifest.h"
#include "core/registry.h"

#include <stdio.h>
#include <string.h>

static const char *const run_keys[] = {
	"status", "status_reason", "label", "date", "command_line", "seed", "mode", "reps",
	"workdir", "designs", "benches", "hostname", "euid", "pinbench_git_revision",
	"kernel_release", "uname", "kernel_cmdline", "kernel_config_sha256", "cpu_model",
	"cpus_online", "cpus_usable", "topology", "numa_nodes", "mem_total",
};

/* Families: the machine's facts and each benchmark's status and notes. */
static const char *const run_prefixes[] = {
	"thp.", "sysctl.", "counter.", "timer.", "bench.",
};

static bool is_bench_note(const char *key, size_t len)
{
	const char *dot = memchr(key, '.', len);
	char name[128];

	if (!dot || (size_t)(dot - key) >= sizeof(name))
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)(dot - key), key);
	return bench_find(name) != NULL;
}

bool manifest_key_reserved(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(run_keys) / sizeof(run_keys[0]); i++)
		if (strlen(run_keys[i]) == len && !strncmp(key, run_keys[i], len))
			return true;
	for (size_t i = 0; i < sizeof(run_prefixes) / sizeof(run_prefixes[0]); i++) {
		size_t n = strlen(run_prefixes[i]);

		if (len >= n && !strncmp(key, run_prefixes[i], n))
			return true;
	}
	/* node0.cpus, node1.mem_total, ... */
	if (len > 4 && !strncmp(key, "node", 4) && key[4] >= '0' && key[4] <= '9')
		return true;
	return is_bench_note(key, len);
}
