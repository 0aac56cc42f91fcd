// SPDX-License-Identifier: GPL-2.0
/*
 * What a reader needs to trust or repeat a run: which kernel (release,
 * command line, config hash), which machine (CPU, nodes, memory, topology),
 * which settings (THP, vm sysctls), which counters worked, which timer.
 */
#include "core/manifest.h"
#include "core/counters.h"
#include "core/results.h"
#include "core/timer.h"
#include "core/topo.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef PINBENCH_GIT_REV
#define PINBENCH_GIT_REV "unknown"
#endif

const char *manifest_git_revision(void)
{
	return PINBENCH_GIT_REV;
}

int manifest_read_line(const char *path, char *out, unsigned long len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(out, (int)len, f))
		out[0] = 0;
	fclose(f);
	out[strcspn(out, "\n")] = 0;
	return 1;
}

/* First line of a command's output (sha256sum of a kernel config). */
static int command_line_output(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	int ok;

	if (!p)
		return 0;
	ok = fgets(out, (int)len, p) != NULL;
	ok = pclose(p) == 0 && ok;
	out[strcspn(out, " \n")] = 0;
	return ok;
}

static void collect_kernel(struct results *r)
{
	struct utsname u;
	char buf[4096], path[512];

	uname(&u);
	results_manifest_set(r, "kernel_release", "%s", u.release);
	results_manifest_set(r, "uname", "%s %s %s %s %s", u.sysname, u.nodename,
			     u.release, u.version, u.machine);
	if (manifest_read_line("/proc/cmdline", buf, sizeof(buf)))
		results_manifest_set(r, "kernel_cmdline", "%s", buf);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (!access("/proc/config.gz", R_OK) &&
	    command_line_output("zcat /proc/config.gz | sha256sum", buf, sizeof(buf)))
		results_manifest_set(r, "kernel_config_sha256", "%s (/proc/config.gz)", buf);
	else if (!access(path, R_OK) &&
		 snprintf(buf, sizeof(buf), "sha256sum '%s'", path) > 0 &&
		 command_line_output(buf, buf, sizeof(buf)))
		results_manifest_set(r, "kernel_config_sha256", "%s (%s)", buf, path);
	else
		results_manifest_set(r, "kernel_config_sha256", "NA (no /proc/config.gz or %s)", path);
}

static void collect_cpu(struct results *r)
{
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && colon) {
			line[strcspn(line, "\n")] = 0;
			results_manifest_set(r, "cpu_model", "%s", colon + 2);
			break;
		}
	}
	if (f)
		fclose(f);
	results_manifest_set(r, "cpus_online", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	results_manifest_set(r, "cpus_usable", "%d", topo_nr_cpus());
	results_manifest_set(r, "topology", "%s", topo_summary());
}

static void collect_nodes(struct results *r)
{
	int nodes = topo_nr_nodes();
	char buf[256];

	results_manifest_set(r, "numa_nodes", "%d", nodes);
	if (manifest_read_line("/proc/meminfo", buf, sizeof(buf)))
		results_manifest_set(r, "mem_total", "%s", buf + strspn(buf, "MemTotal: "));
	for (int n = 0; n < nodes; n++) {
		int cpus[TOPO_MAX_CPUS], nr = topo_cpus_of_node(n, cpus, TOPO_MAX_CPUS);
		char list[4096] = "", path[128], key[64], mem[256];
		size_t off = 0;

		for (int i = 0; i < nr && off < sizeof(list) - 16; i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%d", i ? "," : "", cpus[i]);
		snprintf(key, sizeof(key), "node%d.cpus", n);
		results_manifest_set(r, key, "%s", list);
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo", n);
		/* "Node 0 MemTotal:  24589684 kB" */
		if (manifest_read_line(path, mem, sizeof(mem))) {
			char *v = strstr(mem, "MemTotal:");

			snprintf(key, sizeof(key), "node%d.mem_total", n);
			results_manifest_set(r, key, "%s", v ? v + 9 + strspn(v + 9, " ") : "NA");
		}
	}
}

static void collect_thp(struct results *r)
{
	static const char *const files[] = { "enabled", "defrag" };
	char path[256], buf[256];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char key[64];

		snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/%s", files[i]);
		snprintf(key, sizeof(key), "thp.%s", files[i]);
		results_manifest_set(r, key, "%s", manifest_read_line(path, buf, sizeof(buf)) ? buf : "NA");
	}
}

/* Every readable /proc/sys/vm value (write-only triggers are skipped). */
static void collect_vm_sysctls(struct results *r)
{
	DIR *d = opendir("/proc/sys/vm");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[512], buf[1024], key[300];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/sys/vm/%s", e->d_name);
		if (stat(path, &st) || !(st.st_mode & S_IRUSR))
			continue;
		if (!manifest_read_line(path, buf, sizeof(buf)))
			continue;
		snprintf(key, sizeof(key), "sysctl.vm.%s", e->d_name);
		results_manifest_set(r, key, "%s", buf);
	}
	if (d)
		closedir(d);
}

static void collect_counters_and_timer(struct results *r)
{
	const struct timer_info *t = timer_get();

	counters_detect();
	for (int c = 0; c < HW_NR; c++) {
		char key[64];

		snprintf(key, sizeof(key), "counter.%s", counters_name(c));
		results_manifest_set(r, key, "%s", counters_status(c));
	}
	results_manifest_set(r, "timer.source", "%s", t->source);
	results_manifest_set(r, "timer.ticks_per_ns", "%.6f", t->ticks_per_ns);
	results_manifest_set(r, "timer.overhead_ns", "%.2f", timer_ticks_to_ns(t->overhead_ticks));
	results_manifest_set(r, "timer.resolution_ns", "%.2f", t->resolution_ns);
}

/* What else the machine was doing when the run began: 1, 5, 15 min load. */
static void collect_load(struct results *r)
{
	char line[256];
	double l1, l5, l15;

	if (manifest_read_line("/proc/loadavg", line, sizeof(line)) &&
	    sscanf(line, "%lf %lf %lf", &l1, &l5, &l15) == 3)
		results_manifest_set(r, "load_at_start", "%.2f %.2f %.2f", l1, l5, l15);
}

void manifest_collect_machine(struct results *r)
{
	char host[256] = "unknown";

	gethostname(host, sizeof(host));
	results_manifest_set(r, "hostname", "%s", host);
	results_manifest_set(r, "euid", "%u", (unsigned)geteuid());
	results_manifest_set(r, "pinbench_git_revision", "%s", manifest_git_revision());
	collect_kernel(r);
	collect_load(r);
	collect_cpu(r);
	collect_nodes(r);
	collect_thp(r);
	collect_vm_sysctls(r);
	collect_counters_and_timer(r);
}
