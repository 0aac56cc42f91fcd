/* SPDX-License-Identifier: GPL-2.0 */
/* bench/core/registry.h - the table of benchmarks (bench/core/registry.c). */
#ifndef PINBENCH_REGISTRY_H
#define PINBENCH_REGISTRY_H

#include "core/bench.h"

size_t bench_count(void);
const struct bench *bench_at(size_t i);
const struct bench *bench_find(const char *name);
/* "a, b, c": the valid names, for error messages. */
void bench_names(char *out, size_t len);
/* (metric, case_) matches one of b's headline globs; false when b names none. */
bool bench_headline_matches(const struct bench *b, const char *metric, const char *case_);

#endif
