/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/bench.h - what a benchmark sees of pinbench.
 *
 * A benchmark is one file in bench/ that defines one `const struct bench`
 * and is listed once in bench/core/registry.c (will-it-scale: one small file,
 * one entry point).  It measures designs only through kernels/pin_design.h
 * and writes numbers only through bench_record*(): it never opens or
 * formats a results file itself.
 */
#ifndef PINBENCH_BENCH_H
#define PINBENCH_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct bench_ctx;		/* opaque: one per benchmark per run */
struct gsl_rng;

enum bench_mode {
	BENCH_QUICK,		/* default: minutes for the whole suite */
	BENCH_FULL,		/* servers: wider sweeps, more repetitions */
};

enum better {
	BETTER_LOWER,		/* latencies, costs */
	BETTER_HIGHER,		/* rates, success shares */
};

/* Exit status of bench->run(). */
enum bench_status {
	BENCH_OK = 0,
	BENCH_SKIPPED = 1,	/* reason given with bench_skip() */
	BENCH_FAILED = 2,	/* reason given with bench_fail() */
	BENCH_INTERRUPTED = 3,	/* bench_should_stop() became true */
};

/* A parameter a benchmark accepts: `pinbench run --param BENCH.NAME=VALUE`. */
struct bench_param_desc {
	const char *name;
	const char *help;	/* one line: what it sets, its syntax, its default */
};

/* Rows of a benchmark's summary to show first: fnmatch globs. */
struct bench_headline {
	const char *metric, *case_;
};

struct bench {
	const char *name;	/* `pinbench run -b NAME`; also the TSV name */
	const char *summary;	/* one line for `pinbench list` */
	/* Seconds this benchmark expects to take with these options. */
	double (*estimate_s)(const struct bench_ctx *ctx);
	enum bench_status (*run)(struct bench_ctx *ctx);
	/* Optional: accepted parameters, ending with { NULL }. */
	const struct bench_param_desc *params;
	/*
	 * Optional: check the parameter values before anything is written;
	 * 0, or -1 with one line (no newline) in err.  Bad values then make
	 * `pinbench run` exit 2 with nothing written.
	 */
	int (*check_params)(const struct bench_ctx *ctx, char *err, size_t errlen);
	/*
	 * Optional: the rows the end-of-run summary shows (what a reader wants
	 * to see first), ending with { NULL }; without it, the first rows.
	 */
	const struct bench_headline *headline;
};

/* ---- options of the run ------------------------------------------------ */
enum bench_mode bench_mode(const struct bench_ctx *ctx);
/* --reps N, or 0 when the user left it to the benchmark. */
unsigned bench_reps(const struct bench_ctx *ctx, unsigned dflt);
/* The designs the user selected with -d (all designs when none). */
size_t bench_nr_designs(const struct bench_ctx *ctx);
const char *bench_design(const struct bench_ctx *ctx, size_t i);
/* The value of --param BENCH.name=VALUE for this benchmark, or NULL. */
const char *bench_param(const struct bench_ctx *ctx, const char *name);
/* --workdir: where workloads may create files (exists, writable). */
const char *bench_workdir(const struct bench_ctx *ctx);
/* The run directory (for artefacts such as fio's JSON output). */
const char *bench_run_dir(const struct bench_ctx *ctx);

/*
 * Randomness: every random choice comes from the run's --seed.  Each
 * benchmark gets its own stream (seed mixed with the bench name) so adding
 * a benchmark does not change another's choices; `stream` separates
 * threads or phases inside one benchmark.
 */
uint64_t bench_seed(const struct bench_ctx *ctx, uint64_t stream);
/* A GSL generator seeded with bench_seed(ctx, stream); gsl_rng_free() it. */
struct gsl_rng *bench_rng(const struct bench_ctx *ctx, uint64_t stream);

/* ---- results ----------------------------------------------------------- */
struct result_key {
	const char *design;	/* design name, or "-" when none applies */
	const char *case_;	/* "key=value,key=value" of the parameters */
	const char *metric;	/* e.g. "ns_per_op" */
	const char *unit;	/* e.g. "ns" */
	enum better better;
};

/* One sample; rep counts from 0.  NaN is written as NA (missing). */
void bench_record(struct bench_ctx *ctx, const struct result_key *key,
		  unsigned rep, double value);
void bench_record_n(struct bench_ctx *ctx, const struct result_key *key,
		    const double *values, size_t n);
/* A fact about the run for manifest.tsv: key "<bench>.<key>". */
void bench_note(struct bench_ctx *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Why run() returns BENCH_SKIPPED / BENCH_FAILED (one line, no period). */
void bench_skip(struct bench_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bench_fail(struct bench_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- progress and interruption ----------------------------------------- */
/* The case in hand and how far through the benchmark we are (0..1). */
void bench_progress(struct bench_ctx *ctx, double done, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A plain message line (printed above the progress line). */
void bench_msg(struct bench_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True once SIGINT/SIGTERM arrived: finish the sample in hand and return. */
bool bench_should_stop(void);

/*
 * Cleanup hooks run on every exit path, also after SIGINT/SIGTERM (from the
 * main thread, not from the signal handler).  Use them for child processes,
 * files, tracing state and sysctls a benchmark changed.  Returns a handle for
 * bench_cleanup_pop(), which runs the hook now (run=true) or forgets it.
 */
typedef void (*cleanup_fn)(void *arg);
int bench_cleanup_push(cleanup_fn fn, void *arg);
void bench_cleanup_pop(int handle, bool run);

#endif
