/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/kstat.h - reading the kernel's memory statistics: /proc/vmstat
 * counters (exact, after a stat_refresh), free 2 MiB blocks per node from
 * /proc/buddyinfo, the zones of /proc/zoneinfo, and the NUMA nodes.
 *
 * The parsers take a FILE* so tests can feed them fixed text.
 */
#ifndef PINBENCH_KSTAT_H
#define PINBENCH_KSTAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The /proc/vmstat counters the kernel benchmarks report as deltas. */
enum vmstat_item {
	VM_FOLL_PIN_ACQUIRED, VM_FOLL_PIN_RELEASED,
	VM_COMPACT_MIGRATE_SCANNED, VM_COMPACT_FREE_SCANNED, VM_COMPACT_ISOLATED,
	VM_COMPACT_STALL, VM_COMPACT_FAIL, VM_COMPACT_SUCCESS,
	VM_PGMIGRATE_SUCCESS, VM_PGMIGRATE_FAIL,
	VM_THP_FAULT_ALLOC, VM_THP_FAULT_FALLBACK,
	VM_NR_ITEMS
};

struct vmstat_snap {
	uint64_t v[VM_NR_ITEMS];
	bool present[VM_NR_ITEMS];	/* false: this kernel lacks the counter */
};

const char *vmstat_name(enum vmstat_item i);
/* Parses "name value" lines; unknown names are ignored. */
void vmstat_parse(FILE *f, struct vmstat_snap *s);
/*
 * Exact snapshot: the vmstat counters are batched per CPU, so without a
 * write to /proc/sys/vm/stat_refresh (root only) a delta can be off by up to
 * the per-CPU threshold.  Returns 0, or -errno of the refresh or the read.
 */
int vmstat_snapshot(struct vmstat_snap *s);
/* b - a as a double; NaN when either side lacks the counter. */
double vmstat_delta(const struct vmstat_snap *a, const struct vmstat_snap *b,
		    enum vmstat_item i);

#define KSTAT_MAX_NODES 64
#define KSTAT_MAX_ZONES 256

/*
 * Free 2 MiB blocks (order 9) per node: a free block of order k >= 9 counts
 * as 2^(k-9) blocks.  Returns the number of nodes seen (highest id + 1).
 */
int buddyinfo_parse(FILE *f, unsigned order, double per_node[KSTAT_MAX_NODES]);
int buddyinfo_free_blocks(unsigned order, double per_node[KSTAT_MAX_NODES]);

struct zone_span {
	int node;
	char name[16];
	uint64_t start_pfn, spanned, present, managed;
};

/* Zones with pages, from /proc/zoneinfo.  Returns how many (<= max). */
int zoneinfo_parse(FILE *f, struct zone_span *z, int max);
int zoneinfo_read(struct zone_span *z, int max);
/* The zone holding pfn, or NULL. */
const struct zone_span *zone_of_pfn(const struct zone_span *z, int n, uint64_t pfn);

/* Nodes with memory (ids), from /sys/devices/system/node; at least node 0. */
int kstat_memory_nodes(int *nodes, int max);
/* /proc/meminfo value in KiB, or -1 when absent. */
long long meminfo_kib(const char *key);

#endif
