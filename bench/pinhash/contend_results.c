// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/contend_results.c - the rows of one contention run (see
 * contend.c): rates, batch latency quantiles, CPU share and fairness per
 * thread, node and all; lock wait and hold times from lockstat.
 */
#include "pinhash/internal.h"
#include "core/stats.h"
#include "core/timer.h"
#include "core/topo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct group {
	double ops, min_ops, max_ops;
	double rate;		/* sum of the threads' ops per second of their span */
	double cpu_share;	/* sum of CPU time / span over the threads */
	int threads;
	double *lat;		/* ns per op of each batch */
	size_t nlat;
};

static void group_add(struct group *g, const struct worker *w)
{
	double ops = (double)w->ops, secs = timer_ticks_to_ns((double)w->span_ticks) / 1e9;

	g->ops += ops;
	g->rate += secs > 0 ? ops / secs : NAN;
	g->cpu_share += secs > 0 ? (double)w->cpu_ns / 1e9 / secs : NAN;
	g->min_ops = g->threads ? fmin(g->min_ops, ops) : ops;
	g->max_ops = g->threads ? fmax(g->max_ops, ops) : ops;
	g->threads++;
	for (size_t b = 0; b < w->nbatches; b++)
		g->lat[g->nlat++] = timer_ticks_to_ns(w->batch_ticks[b]) / PH_BATCH;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void record(struct bench_ctx *ctx, const char *design, const char *case_,
		   const char *metric, const char *unit, enum better better,
		   unsigned rep, double v)
{
	struct result_key k = { design, case_, metric, unit, better };

	bench_record(ctx, &k, rep, v);
}

static void record_group(struct bench_ctx *ctx, const char *design, const char *case_,
			 struct group *g, unsigned rep, bool fairness)
{
	qsort(g->lat, g->nlat, sizeof(*g->lat), cmp_double);
	record(ctx, design, case_, "ops_per_s", "ops/s", BETTER_HIGHER, rep, g->rate);
	record(ctx, design, case_, "lat_p50", "ns", BETTER_LOWER, rep,
	       stats_quantile_sorted(g->lat, g->nlat, 0.5));
	record(ctx, design, case_, "lat_p99", "ns", BETTER_LOWER, rep,
	       stats_quantile_sorted(g->lat, g->nlat, 0.99));
	record(ctx, design, case_, "lat_max", "ns", BETTER_LOWER, rep,
	       g->nlat ? g->lat[g->nlat - 1] : NAN);
	/* Below 1: the thread waited for a CPU (a shared machine): rates suffer. */
	record(ctx, design, case_, "cpu_share", "share", BETTER_HIGHER, rep,
	       g->threads ? g->cpu_share / g->threads : NAN);
	if (fairness)
		record(ctx, design, case_, "fairness_min_max", "ratio", BETTER_HIGHER, rep,
		       g->max_ops > 0 ? g->min_ops / g->max_ops : NAN);
}

/* node -1: all threads; thread -1: every thread of the node. */
static void record_threads(struct bench_ctx *ctx, const struct ph_design *d,
			   const struct team *t, const char *prefix, int node, int thread,
			   unsigned rep)
{
	struct group g = { 0 };
	size_t total = 0;
	char case_[160];

	for (int i = 0; i < t->nthreads; i++)
		total += t->w[i].nbatches;
	g.lat = malloc((total ? total : 1) * sizeof(*g.lat));
	if (!g.lat)
		return;
	for (int i = 0; i < t->nthreads; i++)
		if ((node < 0 || t->w[i].node == node) && (thread < 0 || thread == i))
			group_add(&g, &t->w[i]);
	if (thread >= 0)
		snprintf(case_, sizeof(case_), "%s,node=%d,thread=%d", prefix, node, thread);
	else if (node >= 0)
		snprintf(case_, sizeof(case_), "%s,node=%d", prefix, node);
	else
		snprintf(case_, sizeof(case_), "%s,node=all", prefix);
	if (g.nlat)
		record_group(ctx, d->name, case_, &g, rep, thread < 0);
	free(g.lat);
}

void ph_record_speed(struct bench_ctx *ctx, const struct ph_design *d,
			 const struct team *t, const char *prefix, unsigned rep)
{
	record_threads(ctx, d, t, prefix, -1, -1, rep);
	for (int node = 0; node < topo_nr_nodes(); node++)
		record_threads(ctx, d, t, prefix, node, -1, rep);
	for (int i = 0; i < t->nthreads; i++)
		record_threads(ctx, d, t, prefix, t->w[i].node, i, rep);
}

static void stats_delta(struct pin_lock_stats *a, const struct pin_lock_stats *b)
{
	a->acquisitions = b->acquisitions - a->acquisitions;
	a->contended = b->contended - a->contended;
	a->wait_ticks = b->wait_ticks - a->wait_ticks;
	a->hold_ticks = b->hold_ticks - a->hold_ticks;
}

/*
 * Lock statistics count raw TSC ticks; the harness clock is the TSC only
 * where it is invariant (a TCG guest's is not: clock_gettime there).
 */
double ph_lock_ticks_per_ns(void)
{
	static double rate;

	if (timer_get()->tsc)
		return timer_get()->ticks_per_ns;
	if (rate <= 0)
		rate = timer_measure_tsc_per_ns(20000000);
	return rate;
}

static void record_lock(struct bench_ctx *ctx, const char *design, const char *case_,
			const struct pin_lock_stats *st, double thread_ns, unsigned rep)
{
	double acq = (double)st->acquisitions, tpn = ph_lock_ticks_per_ns();
	double wait_ns = (double)st->wait_ticks / tpn, hold_ns = (double)st->hold_ticks / tpn;

	record(ctx, design, case_, "lock_wait_share", "share", BETTER_LOWER, rep, wait_ns / thread_ns);
	record(ctx, design, case_, "lock_hold_share", "share", BETTER_LOWER, rep, hold_ns / thread_ns);
	record(ctx, design, case_, "lock_wait_per_acq", "ns", BETTER_LOWER, rep,
	       acq ? wait_ns / acq : NAN);
	record(ctx, design, case_, "lock_hold_per_acq", "ns", BETTER_LOWER, rep,
	       acq ? hold_ns / acq : NAN);
	record(ctx, design, case_, "lock_contended_share", "share", BETTER_LOWER, rep,
	       acq ? (double)st->contended / acq : NAN);
}

/*
 * Lock statistics of each node (and all).  Shares are of all threads' time
 * (per-node tables are waited on from every node), so nodes add up to all.
 */
void ph_record_locks(struct bench_ctx *ctx, const struct ph_design *d,
			 const struct team *t, const char *prefix,
			 const struct pin_lock_stats *before, const struct pin_lock_stats *after,
			 unsigned rep)
{
	for (int node = -1; node < topo_nr_nodes(); node++) {
		struct pin_lock_stats st = before[node + 1];
		double thread_ns = 0;
		char case_[160];

		for (int i = 0; i < t->nthreads; i++)
			thread_ns += timer_ticks_to_ns((double)t->w[i].span_ticks);
		if (thread_ns <= 0)
			continue;
		stats_delta(&st, &after[node + 1]);
		if (node < 0)
			snprintf(case_, sizeof(case_), "%s,node=all", prefix);
		else
			snprintf(case_, sizeof(case_), "%s,node=%d", prefix, node);
		record_lock(ctx, d->name, case_, &st, thread_ns, rep);
	}
}

/* Every mix and rep with one team (one model memory, one table). */
