/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/run.h - the harness side of a benchmark's context: options of
 * the run and the objects a struct bench_ctx ties together.
 */
#ifndef PINBENCH_RUN_H
#define PINBENCH_RUN_H

#include "core/bench.h"

#include <stddef.h>
#include <stdint.h>

struct results;
struct progress;

struct run_opts {
	enum bench_mode mode;
	unsigned reps;			/* 0: each benchmark's default */
	uint64_t seed;
	const char **designs;		/* variant names */
	size_t nr_designs;
	const char *workdir;
	const char *run_dir;
	const char **params;		/* "bench.name=value" */
	size_t nr_params;
};

struct bench_ctx *bench_ctx_new(const struct bench *b, const struct run_opts *opts,
				struct results *r, struct progress *p);
void bench_ctx_free(struct bench_ctx *ctx);
/* The reason given with bench_skip()/bench_fail(), or "". */
const char *bench_ctx_reason(const struct bench_ctx *ctx);
/* Samples recorded so far (all metrics). */
size_t bench_ctx_nr_samples(const struct bench_ctx *ctx);

/*
 * Runs the benchmarks into opts->run_dir (already validated): prints the
 * plan, the progress and a summary; returns the exit status (0 complete,
 * 1 a benchmark failed or results could not be written, 128+sig when
 * interrupted).  extra are KEY=VALUE manifest additions; when print_dir is
 * set the run directory's path is written to that file.
 */
int run_execute(const struct run_opts *opts, const struct bench *const *benches,
		size_t nr, const char *label, const char *const *extra, size_t nr_extra,
		const char *print_dir, int argc, char **argv);

/*
 * The short table printed at the end of a run (from its summary.tsv): per
 * benchmark its headline rows, else its first rows.
 */
void print_summary(const char *run_dir, const struct bench *const *benches, size_t nr);

/* 64-bit mix of the run seed, a name and a stream (splitmix64 steps). */
uint64_t run_seed_mix(uint64_t seed, const char *name, uint64_t stream);

#endif
