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
#include "core/timer.h"
#include "core/topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_BUCKETS 4096

struct mix {
	const char *name;
	unsigned lookup_pct;
};

static const struct mix mixes[] = {
	{ "lookup", 90 }, { "insdel", 10 }, { "mixed", 50 },
};
#define NR_MIXES (sizeof(mixes) / sizeof(mixes[0]))

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

		for (int i = 0; i < PH_BATCH; i++)
			one_op(t, w);
		stop = timer_now();
		w->batch_ticks[w->nbatches++] = (uint32_t)(stop - start);
		w->ops += PH_BATCH;
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
				ph_record_locks(ctx, d, &t, prefix, before, after, rep);
			else if (!ret)
				ph_record_speed(ctx, d, &t, prefix, rep);
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
	bench_note(ctx, "lock_tsc_ticks_per_ns", "%.6f", ph_lock_ticks_per_ns());
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
