/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/measure.h - timing a small operation without lying.
 *
 * The operation runs in batches sized so that reading the timer costs under
 * 1% of a batch, after warm-up batches that are thrown away.  Each kept batch
 * is one sample: ns per op and TSC ticks per op, plus hardware counters per
 * op where they open (NaN where they do not: missing, never 0).
 */
#ifndef PINBENCH_MEASURE_H
#define PINBENCH_MEASURE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Runs the operation `iters` times and returns something derived from the
 * work, which the harness keeps live so the compiler cannot delete it.
 */
typedef uint64_t (*measure_fn)(void *arg, uint64_t iters);

struct measure_cfg {
	unsigned reps;		/* kept samples */
	unsigned warmup;	/* batches run and discarded first */
	double min_batch_ns;	/* lower bound on a batch's duration */
	uint64_t max_iters;	/* upper bound on ops in a batch (0: none) */
	uint64_t fixed_iters;	/* use exactly this batch size (0: size it) */
};

enum measure_counter {
	MC_CYCLES, MC_INSTRUCTIONS, MC_BRANCH_MISSES, MC_LLC_MISSES, MC_NR
};

struct measure_out {
	size_t n;		/* samples filled */
	uint64_t iters;		/* ops per batch */
	double *ns_per_op;	/* [reps] */
	double *ticks_per_op;	/* [reps], TSC ticks (ns when no TSC) */
	double *counter_per_op[MC_NR];	/* [reps] each; NaN when missing */
};

/* Defaults for a mode: quick keeps batches short and reps few. */
void measure_cfg_default(struct measure_cfg *cfg, int full);

/* Allocates out's arrays for cfg->reps samples; measure_out_free() them. */
int measure_run(measure_fn fn, void *arg, const struct measure_cfg *cfg,
		struct measure_out *out);
void measure_out_free(struct measure_out *out);

/* Ops per batch so one batch lasts at least cfg->min_batch_ns. */
uint64_t measure_size_batch(measure_fn fn, void *arg, const struct measure_cfg *cfg);

/* Keep a value live (the compiler must assume it is read). */
static inline void measure_keep(uint64_t v)
{
	__asm__ __volatile__("" :: "r"(v) : "memory");
}

#endif
