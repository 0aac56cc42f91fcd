// SPDX-License-Identifier: GPL-2.0
/*
 * Batches, warm-up and repetitions.  A batch must last at least 100 timer
 * reads (so reading the timer costs under 1%) and at least min_batch_ns
 * (so the TSC's ~10 ns steps and interrupts stay small against it).
 */
#include "core/measure.h"
#include "core/counters.h"
#include "core/timer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TIMER_SHARE_INVERSE 100.0	/* timer cost <= 1% of a batch */

void measure_cfg_default(struct measure_cfg *cfg, int full)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->reps = full ? 30 : 10;
	cfg->warmup = full ? 3 : 2;
	cfg->min_batch_ns = full ? 5e6 : 1e6;
}

static double batch_ns(measure_fn fn, void *arg, uint64_t iters)
{
	uint64_t t0 = timer_now();

	measure_keep(fn(arg, iters));
	return timer_ticks_to_ns((double)(timer_now() - t0));
}

uint64_t measure_size_batch(measure_fn fn, void *arg, const struct measure_cfg *cfg)
{
	const struct timer_info *ti = timer_init();
	double floor_ns = timer_ticks_to_ns(ti->overhead_ticks) * TIMER_SHARE_INVERSE;
	double want = cfg->min_batch_ns > floor_ns ? cfg->min_batch_ns : floor_ns;
	uint64_t iters = 1;

	if (cfg->fixed_iters)
		return cfg->fixed_iters;
	for (;;) {
		double ns = batch_ns(fn, arg, iters);

		if (ns >= want || (cfg->max_iters && iters >= cfg->max_iters))
			break;
		/* Grow towards the target, at most 10x a step (first batches are cold). */
		double grow = ns > 0 ? want / ns * 1.1 : 10;

		iters = (uint64_t)ceil((double)iters * (grow > 10 ? 10 : grow < 2 ? 2 : grow));
		if (cfg->max_iters && iters > cfg->max_iters)
			iters = cfg->max_iters;
	}
	return iters;
}

static int alloc_out(struct measure_out *out, unsigned reps)
{
	memset(out, 0, sizeof(*out));
	out->ns_per_op = calloc(reps, sizeof(double));
	out->ticks_per_op = calloc(reps, sizeof(double));
	for (int c = 0; c < MC_NR; c++)
		out->counter_per_op[c] = calloc(reps, sizeof(double));
	return out->ns_per_op && out->ticks_per_op && out->counter_per_op[MC_NR - 1] ? 0 : -1;
}

void measure_out_free(struct measure_out *out)
{
	free(out->ns_per_op);
	free(out->ticks_per_op);
	for (int c = 0; c < MC_NR; c++)
		free(out->counter_per_op[c]);
	memset(out, 0, sizeof(*out));
}

static void take_sample(measure_fn fn, void *arg, struct measure_out *out,
			struct counter_set *cs, size_t k)
{
	double counts[HW_NR], iters = (double)out->iters;
	uint64_t t0, t1;

	counters_start(cs);
	t0 = timer_now();
	measure_keep(fn(arg, out->iters));
	t1 = timer_now();
	counters_stop(cs, counts);
	out->ticks_per_op[k] = (double)(t1 - t0) / iters;
	out->ns_per_op[k] = timer_ticks_to_ns((double)(t1 - t0)) / iters;
	/* enum hw_counter and enum measure_counter list the same events. */
	for (int c = 0; c < MC_NR; c++)
		out->counter_per_op[c][k] = counts[c] / iters;	/* NaN stays NaN */
}

int measure_run(measure_fn fn, void *arg, const struct measure_cfg *cfg,
		struct measure_out *out)
{
	struct counter_set cs;

	_Static_assert((int)MC_NR == (int)HW_NR, "counter lists differ");
	if (!cfg->reps || alloc_out(out, cfg->reps))
		return -1;
	timer_init();
	out->iters = measure_size_batch(fn, arg, cfg);
	counters_open(&cs);
	for (unsigned w = 0; w < cfg->warmup; w++)
		measure_keep(fn(arg, out->iters));
	for (size_t k = 0; k < cfg->reps; k++)
		take_sample(fn, arg, out, &cs, k);
	out->n = cfg->reps;
	counters_close(&cs);
	return 0;
}
