// SPDX-License-Identifier: GPL-2.0
/* bench/cmodel/record.c - the result rows of one compaction and its pinners. */
#include "cmodel/internal.h"
#include "cmodel/pinners.h"
#include "core/bench.h"
#include "core/stats.h"
#include "core/timer.h"

#include <math.h>
#include <stdio.h>

/*
 * p50 and p99 of one rep's latency samples, as two rows; none when the
 * compaction was too short to give the pinners MIN_LAT_SAMPLES batches.
 */
#define MIN_LAT_SAMPLES 16

static void rec(struct bench_ctx *ctx, const char *design, const char *case_,
		const char *metric, const char *unit, enum better b, unsigned rep, double v)
{
	struct result_key k = { design, case_, metric, unit, b };

	bench_record(ctx, &k, rep, v);
}

void cm_record_compaction(struct bench_ctx *ctx, const char *d, const char *case_,
			  unsigned rep, const struct cm_stats *t)
{
	/* The modelled waits of a mover for the I/O on pinned pages included. */
	double ns = timer_ticks_to_ns((double)t->ticks) + t->quiesce_ns;

	rec(ctx, d, case_, "latency", "ms", BETTER_LOWER, rep, ns / 1e6);
	/* Comparable with the kernel's, whose zone is not the model's size. */
	rec(ctx, d, case_, "time_per_migrated", "us", BETTER_LOWER, rep, t->migrated ?
	    ns / 1e3 / (double)t->migrated : NAN);
	rec(ctx, d, case_, "quiesce_wait", "ms", BETTER_LOWER, rep, t->quiesce_ns / 1e6);
	rec(ctx, d, case_, "pages_waited", "pages", BETTER_LOWER, rep, (double)t->pages_waited);
	rec(ctx, d, case_, "not_moved_time", "ms", BETTER_LOWER, rep,
	    timer_ticks_to_ns((double)t->ticks_not_moved) / 1e6);
	rec(ctx, d, case_, "scanned", "pages", BETTER_LOWER, rep, (double)t->scanned);
	rec(ctx, d, case_, "free_scanned", "pages", BETTER_LOWER, rep, (double)t->free_scanned);
	rec(ctx, d, case_, "isolated", "pages", BETTER_LOWER, rep, (double)t->isolated);
	rec(ctx, d, case_, "skipped_pinned", "pages", BETTER_LOWER, rep, (double)t->skipped_pinned);
	rec(ctx, d, case_, "migrated", "pages", BETTER_HIGHER, rep, (double)t->migrated);
	rec(ctx, d, case_, "failed", "pages", BETTER_LOWER, rep, (double)t->failed);
	rec(ctx, d, case_, "retried", "calls", BETTER_LOWER, rep, (double)t->retried);
	rec(ctx, d, case_, "order9_blocks", "blocks", BETTER_HIGHER, rep,
	    (double)t->free_blocks_after - (double)t->free_blocks_before);
}

static void record_lat(struct bench_ctx *ctx, const char *d, const char *case_,
		       const char *what, const struct cm_lat *l, unsigned rep)
{
	char metric[64];
	struct stats st;

	if (l->n < MIN_LAT_SAMPLES)
		return;
	stats_compute(l->v, l->n, &st);
	snprintf(metric, sizeof(metric), "%s_p50", what);
	rec(ctx, d, case_, metric, "ns", BETTER_LOWER, rep, st.median);
	snprintf(metric, sizeof(metric), "%s_p99", what);
	rec(ctx, d, case_, metric, "ns", BETTER_LOWER, rep, st.p99);
}

void cm_record_pinners(struct bench_ctx *ctx, const char *d, const char *case_,
		       const struct cm_pinners *p, unsigned rep)
{
	record_lat(ctx, d, case_, "short_pin", &p->short_pin, rep);
	record_lat(ctx, d, case_, "short_unpin", &p->short_unpin, rep);
	record_lat(ctx, d, case_, "long_pin", &p->long_pin, rep);
	record_lat(ctx, d, case_, "long_unpin", &p->long_unpin, rep);
	if (p->long_on && p->longterm_zone) {
		rec(ctx, d, case_, "pin_migrated", "pages", BETTER_LOWER, rep,
		    (double)p->longterm_migrated);
		rec(ctx, d, case_, "pin_migrate_time", "ms", BETTER_LOWER, rep,
		    timer_ticks_to_ns((double)p->longterm_migrate_ticks) / 1e6);
	}
	if (p->short_on && p->short_pin.n >= MIN_LAT_SAMPLES)
		rec(ctx, d, case_, "short_iops", "io/s", BETTER_HIGHER, rep,
		    (double)p->ios_compacting / (timer_ticks_to_ns((double)p->compact_ticks) / 1e9));
}
