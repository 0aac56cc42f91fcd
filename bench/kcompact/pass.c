// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kcompact/pass.c - one compaction pass: a write of 1 to a node's
 * compact file (or compact_memory), timed, with the compaction and
 * migration tracepoints of this task, /proc/vmstat deltas and the free 2 MiB
 * blocks around it (see kcompact.c for why the write's wall time is the
 * trigger's latency).
 */
#include "kcompact/internal.h"
#include "core/timer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static double free_2m_blocks(int node)
{
	double per_node[KSTAT_MAX_NODES], sum = 0;
	int n = buddyinfo_free_blocks(9, per_node);

	if (n < 0)
		return NAN;
	if (node >= 0)
		return node < n ? per_node[node] : NAN;
	for (int i = 0; i < n; i++)
		sum += per_node[i];
	return sum;
}

int kc_compact_once(struct kc *kc, int node, struct kc_pass *p)
{
	char path[96];
	uint64_t t0;
	int err;

	if (node >= 0)
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", node);
	else
		snprintf(path, sizeof(path), "%s", COMPACT_ALL);
	memset(p, 0, sizeof(*p));
	p->free2m_before = free_2m_blocks(node);
	vmstat_snapshot(&p->before);
	if (kc->trace)
		ktrace_discard(kc->trace);
	t0 = timer_clock_ns(CLOCK_MONOTONIC);
	err = knob_write(path, "1");
	p->wall_ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	if (kc->trace)
		p->traced = ktrace_collect(kc->trace, getpid(), kc->zones,
					   kc->nr_zones, &p->trace) == 0;
	vmstat_snapshot(&p->after);
	p->free2m_after = free_2m_blocks(node);
	return err;
}

static void record_trace(struct kc *kc, const char *case_, unsigned rep,
			 const struct ktrace_pass *t)
{
	char zcase[320];
	double total = 0;

	for (int i = 0; i < t->nr_zones; i++) {
		snprintf(zcase, sizeof(zcase), "%s,zone=%s", case_, t->zone[i].zone);
		kbench_record(kc->ctx, zcase, "compact_zone_ms", "ms", BETTER_LOWER, rep,
			      t->zone[i].ms);
		total += t->zone[i].ms;
	}
	kbench_record(kc->ctx, case_, "compact_traced_ms", "ms", BETTER_LOWER, rep, total);
	kbench_record(kc->ctx, case_, "migrate_succeeded", "pages", BETTER_HIGHER, rep,
		      t->migrate_succeeded);
	kbench_record(kc->ctx, case_, "migrate_failed", "pages", BETTER_LOWER, rep,
		      t->migrate_failed);
	/* Sources alone: vm_compact_isolated counts the free pages taken too. */
	kbench_record(kc->ctx, case_, "isolate_scanned", "pages", BETTER_LOWER, rep,
		      t->isolate_scanned);
	kbench_record(kc->ctx, case_, "isolated_sources", "pages", BETTER_LOWER, rep,
		      t->isolate_taken);
	if (t->missed || t->unmatched)
		bench_msg(kc->ctx, "trace: %lld events lost, %d unpaired", t->missed, t->unmatched);
}

/*
 * A pass that moved less than a pageblock's worth of pages and made no
 * free 2 MiB block had nothing to do: its latency is not that of a
 * fragmented machine.  Its rows get no_pressure 1 and, where the scenario
 * meant to fragment, the manifest says so (issue 16: a user's 1 GiB
 * "fragmented" run on a 24 GiB machine migrated 73 pages).
 */
#define PRESSURE_MIN_PAGES 512

static void record_pressure(struct kc *kc, const char *case_, unsigned rep,
			    const struct kc_pass *p)
{
	double moved = vmstat_delta(&p->before, &p->after, VM_PGMIGRATE_SUCCESS);
	bool none = moved < PRESSURE_MIN_PAGES && p->free2m_after <= p->free2m_before;

	kbench_record(kc->ctx, case_, "no_pressure", "bool", BETTER_LOWER, rep, none);
	if (none && strstr(case_, "scenario=fragmented"))
		bench_note(kc->ctx, "no_pressure", "%s rep %u (and maybe others: see the "
			   "no_pressure rows): compaction moved %.0f pages and made no free "
			   "2 MiB block", case_, rep, moved);
}

void kc_record_pass(struct kc *kc, const char *case_, unsigned rep,
			const struct kc_pass *p)
{
	char metric[64];

	kbench_record(kc->ctx, case_, "compact_wall_ms", "ms", BETTER_LOWER, rep, p->wall_ms);
	if (p->traced)
		record_trace(kc, case_, rep, &p->trace);
	for (int i = 0; i < VM_NR_ITEMS; i++) {
		snprintf(metric, sizeof(metric), "vm_%s", vmstat_name(i));
		kbench_record(kc->ctx, case_, metric, "count", BETTER_LOWER, rep,
			      vmstat_delta(&p->before, &p->after, i));
	}
	kbench_record(kc->ctx, case_, "free_2m_blocks_before", "blocks", BETTER_HIGHER, rep,
		      p->free2m_before);
	kbench_record(kc->ctx, case_, "free_2m_blocks_after", "blocks", BETTER_HIGHER, rep,
		      p->free2m_after);
	record_pressure(kc, case_, rep, p);
}
