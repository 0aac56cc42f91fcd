// SPDX-License-Identifier: GPL-2.0
/*
 * timer: the harness measures itself first.  What one timer read costs,
 * the smallest step it can see, how stable the TSC calibration is against
 * CLOCK_MONOTONIC_RAW, and what an empty measured loop costs per op: the
 * floor under every other figure of the run.
 */
#include "core/bench.h"
#include "core/measure.h"
#include "core/timer.h"

#include <math.h>
#include <stdlib.h>

#define PAIRS 1000
#define CALIBRATION_CHECK_NS 20000000ull

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median cost and smallest non-zero step of PAIRS back-to-back reads. */
static void read_pairs(uint64_t (*read)(void), double to_ns, double *median, double *step)
{
	static double d[PAIRS];

	*step = INFINITY;
	for (int i = 0; i < PAIRS; i++) {
		uint64_t a = read(), b = read();

		d[i] = (double)(b - a) * to_ns;
		if (d[i] > 0 && d[i] < *step)
			*step = d[i];
	}
	qsort(d, PAIRS, sizeof(d[0]), cmp_double);
	*median = d[PAIRS / 2];
	if (isinf(*step))
		*step = NAN;
}

static uint64_t read_monotonic(void)
{
	return timer_clock_ns(CLOCK_MONOTONIC);
}

static uint64_t empty_loop(void *arg, uint64_t iters)
{
	(void)arg;
	for (uint64_t i = 0; i < iters; i++)
		__asm__ __volatile__("" ::: "memory");	/* one iteration, no work */
	return iters;
}

static void record(struct bench_ctx *ctx, const char *case_, const char *metric,
		   const char *unit, unsigned rep, double v)
{
	struct result_key k = { "-", case_, metric, unit, BETTER_LOWER };

	bench_record(ctx, &k, rep, v);
}

static void one_rep(struct bench_ctx *ctx, unsigned rep)
{
	const struct timer_info *ti = timer_get();
	double med, step;

	read_pairs(timer_now, 1.0 / ti->ticks_per_ns, &med, &step);
	record(ctx, ti->tsc ? "clock=tsc" : "clock=monotonic", "read_overhead", "ns", rep, med);
	record(ctx, ti->tsc ? "clock=tsc" : "clock=monotonic", "resolution", "ns", rep, step);
	read_pairs(read_monotonic, 1.0, &med, &step);
	record(ctx, "clock=clock_gettime_monotonic", "read_overhead", "ns", rep, med);
	record(ctx, "clock=clock_gettime_monotonic", "resolution", "ns", rep, step);
	if (ti->tsc) {
		double rate = timer_measure_tsc_per_ns(CALIBRATION_CHECK_NS);

		record(ctx, "clock=tsc", "calibration_drift", "ppm", rep,
		       fabs(rate - ti->ticks_per_ns) / ti->ticks_per_ns * 1e6);
	}
}

static enum bench_status timer_run(struct bench_ctx *ctx)
{
	unsigned reps = bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 30 : 10);
	struct measure_cfg cfg;
	struct measure_out out;
	const struct timer_info *ti = timer_init();

	bench_note(ctx, "source", "%s", ti->source);
	bench_note(ctx, "ticks_per_ns", "%.6f", ti->ticks_per_ns);
	for (unsigned r = 0; r < reps && !bench_should_stop(); r++) {
		bench_progress(ctx, (double)r / reps, "timer reads, rep %u", r);
		one_rep(ctx, r);
	}
	measure_cfg_default(&cfg, bench_mode(ctx) == BENCH_FULL);
	cfg.reps = reps;
	if (bench_should_stop() || measure_run(empty_loop, NULL, &cfg, &out))
		return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_FAILED;
	for (size_t i = 0; i < out.n; i++) {
		record(ctx, "loop=empty", "ns_per_op", "ns", (unsigned)i, out.ns_per_op[i]);
		record(ctx, "loop=empty", "tsc_ticks_per_op", "tsc_ticks", (unsigned)i,
		       out.ticks_per_op[i]);
	}
	bench_note(ctx, "empty_loop_batch_iters", "%llu", (unsigned long long)out.iters);
	measure_out_free(&out);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static double timer_estimate(const struct bench_ctx *ctx)
{
	double reps = bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 30 : 10);

	return 0.1 + reps * 0.025;
}

/* The floor every other figure stands on: a timer read and an empty loop. */
static const struct bench_headline timer_headline[] = {
	{ "read_overhead", "clock=tsc" },
	{ "ns_per_op", "loop=empty" },
	{ NULL, NULL },
};

const struct bench bench_timer = {
	.name = "timer",
	.summary = "the harness's own floor: timer read cost, resolution, TSC drift, empty loop",
	.estimate_s = timer_estimate,
	.run = timer_run,
	.headline = timer_headline,
};
