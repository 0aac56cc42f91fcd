/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/pinhash/internal.h - the parts of the pinhash benchmark (pinhash.c
 * holds struct bench): which designs it measures, the pinned-pfn patterns
 * (keys.c), the collision sweep (collide.c, ideal.c, fio.c) and the
 * contention runs (contend.c, contend_results.c).
 */
#ifndef PINBENCH_PINHASH_BENCH_H
#define PINBENCH_PINHASH_BENCH_H

#include "core/bench.h"
#include "kernels/pin_design.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A pinhash variant to measure: its name and ops, and the params it sets. */
struct ph_design {
	const char *name;		/* variant name, e.g. "pinhash-bucket" */
	const struct pin_design_ops *ops;
	const char *params;		/* the variant's own params ("" if none) */
};

#define PH_MAX_DESIGNS 32

/*
 * The selected designs that keep a pin table (table_bucket_of set).  The
 * primary "pinhash" stands for its family: selecting it selects every
 * pinhash-* variant, so `pinbench run -b pinhash` covers them all.
 */
size_t ph_designs(const struct bench_ctx *ctx, struct ph_design *out, size_t max);

/* Builds "params,extra" into buf (either may be empty). */
const char *ph_params(char *buf, size_t len, const char *params, const char *extra);

/* Model memory for a design; one line on stderr-worthy failure in err. */
int ph_mem_init(struct pin_mem *mem, const struct ph_design *d, const char *extra,
		const struct pin_mem_config *cfg, char *err, size_t errlen);

/* ---- pfn patterns of the pinned set ---- */
enum ph_pattern { PAT_CONTIG, PAT_STRIDE512, PAT_STRIDE4096, PAT_STRIDE_M, PAT_RANDOM,
		  PAT_FIO, PAT_NR };
const char *ph_pattern_name(enum ph_pattern p);

struct ph_keys {
	unsigned long *pfn;	/* n distinct pfns */
	size_t n;
};

/*
 * n distinct pfns below universe in pattern p (m is the table size, for
 * PAT_STRIDE_M), drawn with rng state *seed.  PAT_FIO is not generated.
 */
int ph_keys_generate(struct ph_keys *k, enum ph_pattern p, size_t n, size_t m,
		     unsigned long universe, uint64_t *seed);
void ph_keys_free(struct ph_keys *k);

/* xorshift64*: per-thread randomness in hot loops, seeded from bench_seed. */
static inline uint64_t ph_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1Dull;
}

/* Uniform in [0, n). */
static inline uint64_t ph_rand_below(uint64_t *s, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)ph_rand(s) * n) >> 64);
}

/* ---- the two halves ---- */
enum bench_status ph_collisions(struct bench_ctx *ctx, const struct ph_design *d,
				size_t nr, double *done, double share);
enum bench_status ph_contention(struct bench_ctx *ctx, const struct ph_design *d,
				size_t nr, double *done, double share);
double ph_collisions_estimate_s(const struct bench_ctx *ctx, size_t nr);
double ph_contention_estimate_s(const struct bench_ctx *ctx, size_t nr);

/* ---- a contention run: contend.c runs it, contend_results.c records it ---- */
#define PH_BATCH 64	/* ops timed together (the TSC steps every ~10 ns) */

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

/* node -1: all threads' rows, then each node's and each thread's. */
void ph_record_speed(struct bench_ctx *ctx, const struct ph_design *d,
		     const struct team *t, const char *prefix, unsigned rep);
/* Lock statistics of each node (and all), from before/after the run. */
void ph_record_locks(struct bench_ctx *ctx, const struct ph_design *d,
		     const struct team *t, const char *prefix,
		     const struct pin_lock_stats *before, const struct pin_lock_stats *after,
		     unsigned rep);
/* The rate of the lock statistics' raw TSC ticks. */
double ph_lock_ticks_per_ns(void);

#endif
