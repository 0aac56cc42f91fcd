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

/* ---- measure and record --------------------------------------------------- */

struct team_job {
	measure_fn fn;
	void **args;
	struct measure_cfg cfg;
	struct measure_out *out;
	int *rc;
	uint64_t batch;
};

static void size_body(int idx, void *arg)
{
	struct team_job *job = arg;

	(void)idx;
	job->batch = measure_size_batch(job->fn, job->args[0], &job->cfg);
}

static void measure_body(int idx, void *arg)
{
	struct team_job *job = arg;

	job->rc[idx] = measure_run(job->fn, job->args[idx], &job->cfg, &job->out[idx]);
}

static const struct {
	const char *metric, *unit;
	int counter;		/* enum measure_counter, or one of these: */
} metrics[] = {
#define SERIES_NS (-2)
#define SERIES_TICKS (-1)
	{ "ns_per_op", "ns", SERIES_NS },
	{ "tsc_ticks_per_op", "tsc_ticks", SERIES_TICKS },
	{ "cycles_per_op", "cycles", MC_CYCLES },
	{ "instructions_per_op", "instructions", MC_INSTRUCTIONS },
	{ "branch_misses_per_op", "branch_misses", MC_BRANCH_MISSES },
	{ "llc_misses_per_op", "llc_misses", MC_LLC_MISSES },
};

static const double *series(const struct measure_out *o, int counter)
{
	if (counter == SERIES_NS)
		return o->ns_per_op;
	if (counter == SERIES_TICKS)
		return o->ticks_per_op;
	return o->counter_per_op[counter];
}

static bool metric_measured(int counter)
{
	if (counter == SERIES_NS)
		return true;
	if (counter == SERIES_TICKS)
		return timer_get()->tsc;
	/* enum measure_counter follows enum hw_counter */
	return counters_available((enum hw_counter)counter);
}

/* Sample r of thread t is rep r * threads + t: every thread's every rep. */
static void record_all(struct bench_ctx *ctx, const struct hp_case *c,
		       const struct measure_out *out)
{
	for (size_t m = 0; m < sizeof(metrics) / sizeof(metrics[0]); m++) {
		const struct result_key key = { c->design, c->key, metrics[m].metric,
						metrics[m].unit, BETTER_LOWER };

		if (!metric_measured(metrics[m].counter))
			continue;
		for (int t = 0; t < c->nr_threads; t++) {
			const double *v = series(&out[t], metrics[m].counter);

			for (size_t r = 0; v && r < out[t].n; r++)
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
	struct measure_out *out = calloc((size_t)c->nr_threads, sizeof(*out));
	int *rcs = calloc((size_t)c->nr_threads, sizeof(*rcs));
	struct team_job job = { c->fn, c->args, *cfg, out, rcs, 0 };
	int rc = -1;

	if (out && rcs) {
		rc = team_measure(&job, c);
		if (rc)
			bench_msg(ctx, "%s %s: measuring failed (%d)", c->design, c->key, rc);
		else
			record_all(ctx, c, out);
	}
	for (int t = 0; out && t < c->nr_threads; t++)
		measure_out_free(&out[t]);
	free(out);
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
