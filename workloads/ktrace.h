/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/ktrace.h - compaction and migration tracepoints through a
 * private tracefs instance (libtracefs + libtraceevent): the top-level
 * tracing state is never touched, and the instance is removed on every
 * exit path, Ctrl-C included.
 *
 * Events (include/trace/events/compaction.h and migrate.h, Linux 6.18):
 *   compaction:mm_compaction_begin  zone_start migrate_pfn free_pfn zone_end sync
 *   compaction:mm_compaction_end    the same + status (enum compact_result)
 *   migrate:mm_migrate_pages        succeeded failed thp_* mode reason
 *   compaction:mm_compaction_isolate_migratepages
 *                                   start_pfn end_pfn nr_scanned nr_taken
 *     (one per isolate_migratepages_block() call, mm/compaction.c 6.12.118
 *     line 1333: the migration sources alone; vmstat's compact_isolated
 *     adds free-page isolation, the migration targets, lines 709 and 1645)
 * compact_zone() (mm/compaction.c) emits one begin/end pair per zone on the
 * task that compacts, so end - begin on the same task is the zone's latency.
 */
#ifndef PINBENCH_KTRACE_H
#define PINBENCH_KTRACE_H

#include <stddef.h>
#include <sys/types.h>

#include "workloads/kstat.h"

struct ktrace;

#define KTRACE_MAX_PAIRS 64

struct ktrace_zone_pass {
	int node;		/* -1 when the zone is not in /proc/zoneinfo */
	char zone[16];
	double ms;		/* end - begin */
	int status;		/* enum compact_result of the end event */
};

/* What one task's compaction left in the trace buffer. */
struct ktrace_pass {
	int nr_zones;
	struct ktrace_zone_pass zone[KTRACE_MAX_PAIRS];
	double migrate_succeeded, migrate_failed;	/* pages, mm_migrate_pages */
	/* mm_compaction_isolate_migratepages: pages the migrate scanner looked
	 * at, and the sources it isolated. */
	double isolate_scanned, isolate_taken;
	long long missed;	/* events the ring buffer dropped */
	int unmatched;		/* begin without end or the reverse */
};

/*
 * Mounts tracefs when it is not mounted (and unmounts it again on close),
 * creates instance "pinbench-<name>-<pid>" and enables the events.  NULL
 * with a one-line reason when tracing is not possible.
 */
struct ktrace *ktrace_open(const char *name, char *why, size_t whylen);
/* Disables the events, removes the instance, unmounts what it mounted. */
void ktrace_close(struct ktrace *t);
/* The instance's name (for tests and the manifest). */
const char *ktrace_instance_name(const struct ktrace *t);
/* Throws away what is buffered. */
void ktrace_discard(struct ktrace *t);
/*
 * Reads and consumes the buffered events of task pid and pairs them per
 * zone.  Returns 0 or -errno.
 */
int ktrace_collect(struct ktrace *t, pid_t pid, const struct zone_span *zones,
		   int nr_zones, struct ktrace_pass *out);

#endif
