// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath_floor.c - measuring a hotpath case, and the floor under
 * every figure: the harness's empty loop, the cost of streaming the input
 * array, and a dependent pointer chase (lmbench lat_mem_rd -t style: one
 * random cyclic permutation of 64-byte lines) that the DRAM-sized random
 * cases are read against.
 */
#include "hotpath.h"

#include "bench.h"
#include "counters.h"
#include "timer.h"
#include "topo.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

/* ---- measure and record --------------------------------------------------- */

/*
 * The samples of one thread: series k of rep r at v[k * reps + r].  The
 * counters follow enum measure_counter; the last series counts the batches
 * each sample took again.
 */
enum { S_NS, S_TICKS, S_COUNTER0, S_DISCARDED = S_COUNTER0 + MC_NR, S_NR };

struct samples {
	size_t n, reps;
	double *v;
};

static double *series(const struct samples *sm, int k)
{
	return sm->v + (size_t)k * sm->reps;
}

struct team_job {
	measure_fn fn;
	void **args;
	struct measure_cfg cfg;
	struct samples *sm;	/* [thread] */
	int *rc;
	uint64_t batch;
};

/*
 * A batch during which the thread was switched out holds another task's
 * time: on this shared 2-vCPU machine that is nearly all of the spread.
 * Such a batch is taken again, up to this many times per sample.
 */
#define HP_MAX_RETRIES 20

/* Context switches of the calling thread so far. */
static long switches(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_THREAD, &ru) ? -1 : ru.ru_nvcsw + ru.ru_nivcsw;
}

static void keep_sample(struct samples *sm, size_t r, const struct measure_out *one,
			unsigned discarded)
{
	series(sm, S_NS)[r] = one->ns_per_op[0];
	series(sm, S_TICKS)[r] = one->ticks_per_op[0];
	for (int c = 0; c < MC_NR; c++)
		series(sm, S_COUNTER0 + c)[r] = one->counter_per_op[c][0];
	series(sm, S_DISCARDED)[r] = discarded;
}

/* One sample by measure_run(), again while a context switch fell in it. */
static int undisturbed_sample(measure_fn fn, void *arg, const struct measure_cfg *one,
			      struct samples *sm, size_t r)
{
	for (unsigned tries = 0;; tries++) {
		struct measure_out o;
		long before = switches();
		int rc = measure_run(fn, arg, one, &o);
		bool clean = switches() == before;
		bool done = rc || clean || tries == HP_MAX_RETRIES;

		if (!rc && done)
			keep_sample(sm, r, &o, tries);
		measure_out_free(&o);
		if (done)
			return rc;
	}
}

/*
 * measure_run() a sample at a time: the first call sizes the batch (unless
 * cfg fixes it) and warms up, its sample dropped; then each sample is one
 * batch of that size, taken again when disturbed.
 */
static int measure_undisturbed(measure_fn fn, void *arg, const struct measure_cfg *cfg,
			       struct samples *sm)
{
	struct measure_cfg one = *cfg;
	struct measure_out first;
	int rc;

	one.reps = 1;
	rc = measure_run(fn, arg, &one, &first);
	one.fixed_iters = first.iters;
	one.warmup = 0;
	measure_out_free(&first);
	for (size_t r = 0; r < sm->reps && !rc; r++)
		rc = undisturbed_sample(fn, arg, &one, sm, r);
	sm->n = rc ? 0 : sm->reps;
	return rc;
}

static void size_body(int idx, void *arg)
{
	struct team_job *job = arg;

	(void)idx;
	job->batch = measure_size_batch(job->fn, job->args[0], &job->cfg);
}

static void measure_body(int idx, void *arg)
{
	struct team_job *job = arg;

	job->rc[idx] = measure_undisturbed(job->fn, job->args[idx], &job->cfg, &job->sm[idx]);
}

static const struct {
	const char *metric, *unit;
	int series;
} metrics[] = {
	{ "ns_per_op", "ns", S_NS },
	{ "tsc_ticks_per_op", "tsc_ticks", S_TICKS },
	{ "cycles_per_op", "cycles", S_COUNTER0 + MC_CYCLES },
	{ "instructions_per_op", "instructions", S_COUNTER0 + MC_INSTRUCTIONS },
	{ "branch_misses_per_op", "branch_misses", S_COUNTER0 + MC_BRANCH_MISSES },
	{ "llc_misses_per_op", "llc_misses", S_COUNTER0 + MC_LLC_MISSES },
	{ "discarded_batches", "batches", S_DISCARDED },
};

static bool metric_measured(int k)
{
	if (k == S_NS || k == S_DISCARDED)
		return true;
	if (k == S_TICKS)
		return timer_get()->tsc;
	/* enum measure_counter follows enum hw_counter */
	return counters_available((enum hw_counter)(k - S_COUNTER0));
}

/* Sample r of thread t is rep r * threads + t: every thread's every rep. */
static void record_all(struct bench_ctx *ctx, const struct hp_case *c,
		       const struct samples *sm)
{
	for (size_t m = 0; m < sizeof(metrics) / sizeof(metrics[0]); m++) {
		const struct result_key key = { c->design, c->key, metrics[m].metric,
						metrics[m].unit, BETTER_LOWER };

		if (!metric_measured(metrics[m].series))
			continue;
		for (int t = 0; t < c->nr_threads; t++) {
			const double *v = series(&sm[t], metrics[m].series);

			for (size_t r = 0; r < sm[t].n; r++)
				bench_record(ctx, &key, (unsigned)(r * (size_t)c->nr_threads) +
					     (unsigned)t, v[r]);
		}
	}
}

static int team_measure(struct team_job *job, const struct hp_case *c)
{
	int rc;

	/* One batch size for every thread, so that they run side by side. */
	if (c->nr_threads > 1) {
		rc = topo_team_run(1, c->cpus, size_body, job);
		if (rc)
			return rc;
		job->cfg.fixed_iters = job->batch;
	}
	rc = topo_team_run(c->nr_threads, c->cpus, measure_body, job);
	for (int t = 0; !rc && t < c->nr_threads; t++)
		rc = job->rc[t];
	return rc;
}

int hp_measure_case(struct bench_ctx *ctx, const struct hp_case *c,
		    const struct measure_cfg *cfg)
{
	size_t nt = (size_t)c->nr_threads;
	struct samples *sm = calloc(nt, sizeof(*sm));
	int *rcs = calloc(nt, sizeof(*rcs));
	struct team_job job = { c->fn, c->args, *cfg, sm, rcs, 0 };
	bool ok = sm && rcs;
	int rc = -1;

	for (size_t t = 0; ok && t < nt; t++) {
		sm[t].reps = cfg->reps;
		ok = (sm[t].v = calloc((size_t)S_NR * cfg->reps, sizeof(double))) != NULL;
	}
	if (ok) {
		rc = team_measure(&job, c);
		if (rc)
			bench_msg(ctx, "%s %s: measuring failed (%d)", c->design, c->key, rc);
		else
			record_all(ctx, c, sm);
	}
	for (size_t t = 0; sm && t < nt; t++)
		free(sm[t].v);
	free(sm);
	free(rcs);
	return rc ? -1 : 0;
}

/* ---- the floor ------------------------------------------------------------ */

/* The harness's own cost per op: the chunked loop with nothing in it. */
static uint64_t drive_empty(void *arg, uint64_t iters)
{
	const struct hp_stream *s = arg;
	uint64_t acc = 0;

	for (uint64_t i = 0; i < iters; i++) {
		acc += i;
		measure_keep(acc);	/* one loop iteration, nothing else */
	}
	return acc + s->len;
}

/* Reading the input array: what every batch op does before its own work. */
static uint64_t drive_load(void *arg, uint64_t iters)
{
	struct hp_stream *s = arg;
	uint64_t acc = 0;

	while (iters) {
		size_t n = s->len - s->pos;

		if (n > iters)
			n = (size_t)iters;
		for (size_t k = 0; k < n; k++)
			acc += (uintptr_t)s->pages[s->pos + k];
		s->pos = s->pos + n == s->len ? 0 : s->pos + n;
		iters -= n;
	}
	return acc;
}

struct chase {
	void **line;		/* bytes / 64 lines, a pointer at each start */
	size_t bytes;
	void **at;
};

#define CHASE_LINE 64

/* One random cycle through every 64-byte line of the buffer. */
static int chase_init(struct chase *c, uint64_t bytes, const gsl_rng *rng, int node)
{
	size_t n = bytes / CHASE_LINE, step = CHASE_LINE / sizeof(void *);
	size_t *order = malloc(n * sizeof(*order));

	c->bytes = bytes;
	c->line = topo_alloc_on_node(bytes, node);
	if (!order || !c->line) {
		free(order);
		return -1;
	}
	/* As the memmap: huge pages where THP allows (vmemmap is PMD-mapped). */
	madvise(c->line, bytes, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	if (n > 2)
		gsl_ran_shuffle(rng, order + 1, n - 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		c->line[order[i] * step] = &c->line[order[(i + 1) % n] * step];
	c->at = c->line;
	free(order);
	return 0;
}

static uint64_t drive_chase(void *arg, uint64_t iters)
{
	struct chase *c = arg;
	void **p = c->at;

	for (uint64_t i = 0; i < iters; i++)
		p = *p;
	c->at = p;
	return (uintptr_t)p;
}

static int floor_case(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
		      const char *key, measure_fn fn, void *arg)
{
	void *args[1] = { arg };
	const struct hp_case c = { "-", key, fn, args, 1, &cpu };

	return hp_measure_case(ctx, &c, cfg);
}

static int floor_stream(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
			uint64_t size, const char *size_name)
{
	struct hp_stream s = { .node = topo_node_of_cpu(cpu) };
	char key[128];
	int rc = -1;

	s.len = s.cap = hp_stream_len(size / HP_PAGE_STRUCT_BYTES);
	s.pages = topo_alloc_on_node(s.cap * sizeof(*s.pages), s.node);
	if (s.pages) {
		for (size_t k = 0; k < s.len; k++)
			s.pages[k] = (struct page *)(uintptr_t)(k * HP_PAGE_STRUCT_BYTES);
		snprintf(key, sizeof(key), "op=load,size=%s,threads=1", size_name);
		rc = floor_case(ctx, cfg, cpu, key, drive_load, &s);
		topo_free(s.pages, s.cap * sizeof(*s.pages));
	}
	return rc;
}

static int floor_chase(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
		       uint64_t size, const char *size_name)
{
	gsl_rng *rng = hp_rng(ctx, hp_stream_id(size, 3, 0, 0));
	struct chase c = { 0 };
	char key[128];
	int rc = -1;

	if (rng && !chase_init(&c, size, rng, topo_node_of_cpu(cpu))) {
		snprintf(key, sizeof(key), "op=chase,size=%s,threads=1", size_name);
		rc = floor_case(ctx, cfg, cpu, key, drive_chase, &c);
	}
	if (c.line)
		topo_free(c.line, c.bytes);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}

int hp_floor_run(struct bench_ctx *ctx, const struct hp_sweep *s,
		 const struct measure_cfg *cfg, int cpu)
{
	struct hp_stream empty = { .len = 1 };
	int rc = floor_case(ctx, cfg, cpu, "op=empty,threads=1", drive_empty, &empty);

	for (size_t i = 0; i < s->nr_sizes && !bench_should_stop(); i++) {
		char size_name[32];

		hp_format_bytes(s->sizes[i], size_name, sizeof(size_name));
		bench_progress(ctx, 0, "floor: input stream and pointer chase, %s", size_name);
		rc |= floor_stream(ctx, cfg, cpu, s->sizes[i], size_name);
		if (s->chase)
			rc |= floor_chase(ctx, cfg, cpu, s->sizes[i], size_name);
	}
	return rc ? -1 : 0;
}
