// SPDX-License-Identifier: GPL-2.0
/*
 * kmemmap: the memory the running kernel keeps for itself, beside what
 * each design's model says its struct page and tables would cost.
 *
 * The memmap (one struct page per 4 KiB page, mm/sparse-vmemmap.c, 6.12)
 * is allocated from memblock at boot, so it is part of what a zone has
 * present but never hands to the buddy allocator: present - managed in
 * /proc/zoneinfo (mm/vmstat.c zoneinfo_show_print()).  The boot log says
 * the same in one line, "Memory: ...K/...K available (... ...K reserved,
 * ...K cma-reserved)" (mm/mm_init.c mem_init_print_info(), 6.12).  A
 * kernel whose struct page grows by 16 bytes (kernels/patches/
 * page-callbacks) reserves 16 B more per present page; the model's rows
 * (`memory_cost()` of each selected design for this machine's present
 * memory) predict that difference, and `pinbench compare` of a stock and
 * a patched kernel's runs sets the two side by side.
 */
#include "core/bench.h"
#include "kernels/pin_design.h"
#include "workloads/kbench.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_BYTES 4096.0

struct zone_pages {
	double present, managed, spanned;
};

/* One zone's counts from the "Node N, zone NAME" block it starts at. */
static void zone_record(struct bench_ctx *ctx, const char *where, const struct zone_pages *z)
{
	kbench_record(ctx, where, "present_pages", "pages", BETTER_HIGHER, 0, z->present);
	kbench_record(ctx, where, "managed_pages", "pages", BETTER_HIGHER, 0, z->managed);
	kbench_record(ctx, where, "reserved_pages", "pages", BETTER_LOWER, 0,
		      z->present - z->managed);
}

/* A zone's block ended: record it (empty zones say nothing) and add it up. */
static void zone_done(struct bench_ctx *ctx, const char *where, const struct zone_pages *z,
		      struct zone_pages *sum)
{
	if (!where[0] || z->present <= 0)
		return;
	zone_record(ctx, where, z);
	sum->present += z->present;
	sum->managed += z->managed;
	sum->spanned += z->spanned;
}

/* Reads the present/managed/spanned lines of every zone; -1 if unreadable. */
static int read_zoneinfo(struct bench_ctx *ctx, struct zone_pages *total)
{
	FILE *f = fopen("/proc/zoneinfo", "re");
	char line[256], where[64] = "", zone[32];
	struct zone_pages z = { 0 };
	unsigned long v;
	int node;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Node %d, zone %31s", &node, zone) == 2) {
			zone_done(ctx, where, &z, total);
			snprintf(where, sizeof(where), "node=%d,zone=%s", node, zone);
			memset(&z, 0, sizeof(z));
		} else if (sscanf(line, " present %lu", &v) == 1) {
			z.present = (double)v;
		} else if (sscanf(line, " managed %lu", &v) == 1) {
			z.managed = (double)v;
		} else if (sscanf(line, " spanned %lu", &v) == 1) {
			z.spanned = (double)v;
		}
	}
	zone_done(ctx, where, &z, total);
	fclose(f);
	return 0;
}

/* The "reserved" figure of the boot log's Memory: line, in KiB, or -1. */
static long boot_reserved_kib(char *why, size_t len)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char rec[2048];
	ssize_t n;
	long kib = -1;

	if (fd < 0) {
		snprintf(why, len, "/dev/kmsg: %s", strerror(errno));
		return -1;
	}
	/* Each read() returns one record; EAGAIN at the end, EPIPE when the
	 * ring overwrote a record (read on). */
	while ((n = read(fd, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		const char *m, *r;

		if (n <= 0)
			continue;
		rec[n] = 0;
		if (!(m = strstr(rec, "Memory: ")) || !(r = strstr(m, "K reserved")))
			continue;
		while (r > m && r[-1] >= '0' && r[-1] <= '9')
			r--;
		kib = strtol(r, NULL, 10);
		break;
	}
	close(fd);
	if (kib < 0)
		snprintf(why, len, "no \"Memory: ... reserved\" line left in the kernel log");
	return kib;
}

/* Each selected design's model of this machine's memmap and tables. */
static void record_predictions(struct bench_ctx *ctx, double present_pages)
{
	for (size_t i = 0; i < bench_nr_designs(ctx); i++) {
		const char *name = bench_design(ctx, i), *params = "";
		const struct pin_design_variant *v = pin_design_variant_find(name);
		const struct pin_design_ops *ops = pin_design_find(v ? v->spec : name, &params);
		struct mem_cost cost;
		struct result_key key = { name, "node=all", "", "bytes", BETTER_LOWER };

		if (!ops || !ops->memory_cost)
			continue;
		ops->memory_cost(params, (uint64_t)(present_pages * PAGE_BYTES), 0, &cost);
		key.metric = "model_memmap_bytes";
		bench_record(ctx, &key, 0, cost.page_struct_bytes * present_pages);
		key.metric = "model_extra_bytes";
		bench_record(ctx, &key, 0, cost.total_extra_bytes);
	}
}

static enum bench_status kmemmap_run(struct bench_ctx *ctx)
{
	struct zone_pages total = { 0 };
	char why[160];
	long kib;

	if (read_zoneinfo(ctx, &total)) {
		bench_skip(ctx, "/proc/zoneinfo unreadable: %s", strerror(errno));
		return BENCH_SKIPPED;
	}
	zone_record(ctx, "node=all", &total);
	kbench_record(ctx, "node=all", "spanned_pages", "pages", BETTER_HIGHER, 0, total.spanned);
	kib = boot_reserved_kib(why, sizeof(why));
	if (kib >= 0)
		kbench_record(ctx, "node=all", "boot_reserved_kib", "KiB", BETTER_LOWER, 0, (double)kib);
	else
		bench_note(ctx, "skipped.boot_reserved", "%s", why);
	record_predictions(ctx, total.present);
	return BENCH_OK;
}

static double kmemmap_estimate(const struct bench_ctx *ctx)
{
	(void)ctx;
	return 0.1;
}

static const struct bench_headline kmemmap_headline[] = {
	{ "reserved_pages", "node=all" },
	{ "boot_reserved_kib", "*" },
	{ NULL, NULL },
};

const struct bench bench_kmemmap = {
	.name = "kmemmap",
	.summary = "memory the running kernel reserves (memmap: zoneinfo present - managed, boot log) beside each design's model",
	.estimate_s = kmemmap_estimate,
	.run = kmemmap_run,
	.headline = kmemmap_headline,
};
