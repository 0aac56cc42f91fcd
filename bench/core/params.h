/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/params.h - the value of one `--param BENCH.NAME=VALUE`, parsed
 * and range-checked in one place, so that every benchmark accepts the same
 * number syntax and words its refusals the same way.
 *
 * Each returns 0 with *out set (dflt when the user gave no value), or -1
 * with one line in err: "--param BENCH.NAME=VALUE: want an integer in
 * MIN..MAX" (run.c prints it after "pinbench run: BENCH: " and exits 2).
 */
#ifndef PINBENCH_PARAMS_H
#define PINBENCH_PARAMS_H

#include "core/bench.h"

#include <stddef.h>
#include <stdint.h>

/* The benchmark's name, as in `-b NAME` and `--param NAME.x=...`. */
const char *bench_name(const struct bench_ctx *ctx);

/*
 * A whole number in min..max: decimal digits, or any number strtod(3)
 * reads whose value is whole ("1e3", "32.0").
 */
int bench_param_u64(const struct bench_ctx *ctx, const char *name, uint64_t dflt,
		    uint64_t min, uint64_t max, uint64_t *out, char *err, size_t errlen);
/* Any number strtod(3) reads, in min..max. */
int bench_param_double(const struct bench_ctx *ctx, const char *name, double dflt,
		       double min, double max, double *out, char *err, size_t errlen);

#endif
