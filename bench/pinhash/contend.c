// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/contend.c - "a global spin lock" and "doesn't take into
 * account NUMA issues": threads bound per node (hwloc) pin, unpin and ask
 * "is this page pinned?" through a pinhash variant's ops, each pinning the
 * pages of its own buffer on its own node (the model's per-node memory
 * ranges, placed with libnuma), for op mixes that model the callers:
 *
 *   lookup   90% maybe_pinned (compaction scanning), 10% pin/unpin
 *   insdel   10% maybe_pinned, 90% pin/unpin (O_DIRECT at fio rates)
 *   mixed    50% / 50%
 *
 * A pin is pin_range() of one page, an unpin unpin_range() of the oldest
 * pinned one: each thread keeps a window of in-flight pins, like the I/Os
 * of a queue.  Lookups ask about a random page of a random thread's buffer
 * (half of them pinned).  The table holds 4096 buckets at load 1 whatever
 * the thread count.  Ops are timed in batches of 64 (the TSC steps every
 * ~10 ns): the latency quantiles are of batch means.  Rates divide each
 * thread's ops by its own timed span (a slow guest overruns the nominal
 * duration).  A second set of runs with lockstat=1 gives lock wait and
 * hold times, read around the timed part only and given per acquisition
 * and as shares of the threads' time (timing every acquisition costs, so
 * throughput and latency come from the runs without it).
 */
#include "pinhash/internal.h"
#include "core/stats.h"
#include "core/timer.h"
#include "core/topo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 64
#define TABLE_BUCKETS 4096

struct mix {
	const char *name;
	unsigned lookup_pct;
};

static const struct mix mixes[] = {
	{ "lookup", 90 }, { "insdel", 10 }, { "mixed", 50 },
};
#define NR_MIXES (sizeof(mixes) / sizeof(mixes[0]))

struct worker {
	struct pin_owner owner;
	struct page **handles;		/* one per slot */
	int cpu, node;
	size_t head, tail;		/* next slot to pin, oldest pinned slot */
	bool pin;			/* the next pin/unpin op pins */
	uint64_t seed, ops, acc;
	uint64_t span_ticks;		/* first batch start to last batch end */
	uint64_t cpu_ns;		/* CPU time the thread got in that span */
	uint32_t *batch_ticks;
	size_t nbatches, cap;
	int err;
};

struct team {
	struct pin_mem mem;
	const struct pin_design_ops *ops;
	struct worker *w;
	int nthreads;
	size_t window, slots;		/* in-flight pins per thread, slots = 2x */
	unsigned lookup_pct;
	uint64_t duration_ticks;
};

static double duration_s(const struct bench_ctx *ctx)
{
	return bench_mode(ctx) == BENCH_FULL ? 0.5 : 0.08;
}

static unsigned reps_of(const struct bench_ctx *ctx)
{
	return bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 10 : 3);
}

/* 1, 2, 4, ... and all CPUs. */
static int thread_counts(int *out, int max)
{
	int cpus = topo_nr_cpus(), n = 0;

	for (int t = 1; t < cpus && n < max - 1; t *= 2)
		out[n++] = t;
	out[n++] = cpus;
	return n;
}

/* ---- the measured loop ---- */

static void one_op(struct team *t, struct worker *w)
{
	uint64_t r = ph_rand(&w->seed);

	if (r % 100 < t->lookup_pct) {
		struct worker *o = &t->w[ph_rand_below(&w->seed, (uint64_t)t->nthreads)];
		struct page *p = pin_owner_page(&o->owner, ph_rand_below(&w->seed, t->slots));

		w->acc += p && t->ops->maybe_pinned(&t->mem, p);
		return;
	}
	w->pin = !w->pin;
	if (w->pin) {
		size_t s = w->head++ % t->slots;

		if (t->ops->pin_range(&t->mem, &w->owner, s, 1, &w->handles[s]) != 1)
			w->err = 1;
	} else {
		t->ops->unpin_range(&t->mem, &w->handles[w->tail++ % t->slots], 1);
	}
}

/*
 * The window of in-flight pins is filled before and drained after the
 * timed part, from the main thread, so that the lock statistics read
 * around the team's run hold the timed operations only.
 */
static void fill_window(struct team *t, struct worker *w)
{
	w->head = w->tail = 0;
	w->pin = false;
	for (; w->head < t->window; w->head++)
		if (t->ops->pin_range(&t->mem, &w->owner, w->head, 1, &w->handles[w->head]) != 1)
			w->err = 1;
}

static void drain_window(struct team *t, struct worker *w)
{
	while (w->tail < w->head)
		t->ops->unpin_range(&t->mem, &w->handles[w->tail++ % t->slots], 1);
}

static void worker_body(int idx, void *arg)
{
	struct team *t = arg;
	struct worker *w = &t->w[idx];
	uint64_t cpu0 = timer_clock_ns(CLOCK_THREAD_CPUTIME_ID);
	uint64_t first = timer_now(), end = first + t->duration_ticks, stop = first;

	while (w->nbatches < w->cap && !w->err && stop < end) {
		uint64_t start = timer_now();

		for (int i = 0; i < BATCH; i++)
			one_op(t, w);
		stop = timer_now();
		w->batch_ticks[w->nbatches++] = (uint32_t)(stop - start);
		w->ops += BATCH;
	}
	/* Slow machines (TCG guests) overrun the duration: rates use the span. */
	w->span_ticks = stop - first;
	w->cpu_ns = timer_clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
}

/* ---- setup ---- */

static int range_of_node(const struct pin_mem *mem, int node)
{
	for (int r = 0; r < mem->nr_ranges; r++)
		if (mem->range[r].node == node)
			return r;
	return 0;
}

static int team_open(struct bench_ctx *ctx, struct team *t, const struct ph_design *d,
		     int nthreads, bool lockstat)
{
	int cpus[TOPO_MAX_CPUS];
	char extra[64], err[256];

	memset(t, 0, sizeof(*t));
	t->ops = d->ops;
	t->nthreads = topo_pick_cpus(nthreads, cpus);
	t->window = TABLE_BUCKETS / (size_t)t->nthreads;
	t->slots = 2 * t->window;
	struct pin_mem_config cfg = {
		.nr_pages = (unsigned long)t->nthreads * t->slots * 2 + 4096,
		.nr_nodes = topo_nr_nodes(),
	};
	snprintf(extra, sizeof(extra), "buckets=%d%s", TABLE_BUCKETS, lockstat ? ",lockstat=1" : "");
	if (ph_mem_init(&t->mem, d, extra, &cfg, err, sizeof(err))) {
		bench_msg(ctx, "%s: %s", d->name, err);
		return -1;
	}
	t->w = calloc((size_t)t->nthreads, sizeof(*t->w));
	for (int i = 0; t->w && i < t->nthreads; i++) {
		struct worker *w = &t->w[i];

		w->cpu = cpus[i];
		w->node = topo_node_of_cpu(cpus[i]);
		w->handles = calloc(t->slots, sizeof(*w->handles));
		if (!w->handles || pin_owner_init(&w->owner, &t->mem, OWNER_ANON_BUFFER, NULL,
						  t->slots, range_of_node(&t->mem, w->node))) {
			free(w->handles);
			w->handles = NULL;
			bench_msg(ctx, "%s: no model memory for thread %d", d->name, i);
			return -1;
		}
	}
	return t->w ? 0 : -1;
}

static void team_close(struct team *t)
{
	for (int i = 0; t->w && i < t->nthreads; i++) {
		if (t->w[i].handles)
			pin_owner_fini(&t->w[i].owner, &t->mem);
		free(t->w[i].handles);
		free(t->w[i].batch_ticks);
	}
	free(t->w);
	pin_mem_fini(&t->mem);
}

static void read_locks(const struct team *t, struct pin_lock_stats *out)
{
	for (int node = -1; node < topo_nr_nodes(); node++) {
		out[node + 1] = (struct pin_lock_stats){ 0 };
		t->ops->lock_stats(&t->mem, node, &out[node + 1]);
	}
}

/* One timed run; the lock statistics of each node (and all) before and after. */
static int team_run(struct bench_ctx *ctx, struct team *t, unsigned lookup_pct, unsigned rep,
		    struct pin_lock_stats *before, struct pin_lock_stats *after)
{
	int cpus[TOPO_MAX_CPUS];
	double secs = duration_s(ctx);

	t->lookup_pct = lookup_pct;
	t->duration_ticks = (uint64_t)(secs * 1e9 * timer_get()->ticks_per_ns);
	for (int i = 0; i < t->nthreads; i++) {
		struct worker *w = &t->w[i];

		cpus[i] = w->cpu;
		w->seed = bench_seed(ctx, 1000 + rep * 1024 + (uint64_t)i) | 1;
		w->ops = w->nbatches = 0;
		/* At least 100 ns a batch of 64: room for the whole duration. */
		w->cap = (size_t)(secs * 1e9 / 100) + 16;
		free(w->batch_ticks);
		w->batch_ticks = malloc(w->cap * sizeof(*w->batch_ticks));
		if (!w->batch_ticks)
			return -1;
	}
	for (int i = 0; i < t->nthreads; i++)
		fill_window(t, &t->w[i]);
	read_locks(t, before);
	int rc = topo_team_run(t->nthreads, cpus, worker_body, t);

	read_locks(t, after);
	for (int i = 0; i < t->nthreads; i++) {
		drain_window(t, &t->w[i]);
		rc = rc ? rc : -t->w[i].err;
	}
	return rc;
}

/* ---- results ---- */

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
		g->lat[g->nlat++] = timer_ticks_to_ns(w->batch_ticks[b]) / BATCH;
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

static void record_speed(struct bench_ctx *ctx, const struct ph_design *d,
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
static double lock_ticks_per_ns(void)
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
	double acq = (double)st->acquisitions, tpn = lock_ticks_per_ns();
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
static void record_locks(struct bench_ctx *ctx, const struct ph_design *d,
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
static int run_team(struct bench_ctx *ctx, const struct ph_design *d, int nthreads,
		    bool lockstat)
{
	struct pin_lock_stats before[TOPO_MAX_NODES + 1], after[TOPO_MAX_NODES + 1];
	struct team t;
	int ret = team_open(ctx, &t, d, nthreads, lockstat);

	for (size_t m = 0; !ret && m < NR_MIXES; m++)
		for (unsigned rep = 0; !ret && rep < reps_of(ctx) && !bench_should_stop(); rep++) {
			char prefix[96];

			snprintf(prefix, sizeof(prefix), "mix=%s,threads=%d", mixes[m].name,
				 t.nthreads);
			ret = team_run(ctx, &t, mixes[m].lookup_pct, rep, before, after);
			if (!ret && lockstat)
				record_locks(ctx, d, &t, prefix, before, after, rep);
			else if (!ret)
				record_speed(ctx, d, &t, prefix, rep);
		}
	team_close(&t);
	return ret;
}

enum bench_status ph_contention(struct bench_ctx *ctx, const struct ph_design *d,
				size_t nr, double *done, double share)
{
	int counts[32], ncounts = thread_counts(counts, 32);

	bench_note(ctx, "contention_seconds_per_run", "%g", duration_s(ctx));
	bench_note(ctx, "contention_table_buckets", "%d", TABLE_BUCKETS);
	bench_note(ctx, "lock_tsc_ticks_per_ns", "%.6f", lock_ticks_per_ns());
	for (size_t i = 0; i < nr && !bench_should_stop(); i++)
		for (int c = 0; c < ncounts && !bench_should_stop(); c++)
			for (int lockstat = 0; lockstat < 2 && !bench_should_stop(); lockstat++) {
				*done += share / (double)(nr * (size_t)ncounts * 2);
				bench_progress(ctx, *done, "contention %s threads=%d%s", d[i].name,
					       counts[c], lockstat ? " lockstat" : "");
				if (run_team(ctx, &d[i], counts[c], lockstat)) {
					bench_fail(ctx, "%s: contention run with %d threads failed",
						   d[i].name, counts[c]);
					return BENCH_FAILED;
				}
			}
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

double ph_contention_estimate_s(const struct bench_ctx *ctx, size_t nr)
{
	int counts[32], ncounts = thread_counts(counts, 32);

	/* Each run plus about 10 ms of setup, twice (with and without lockstat). */
	return (double)nr * ncounts * 2 * (NR_MIXES * reps_of(ctx) * (duration_s(ctx) + 0.01));
}
