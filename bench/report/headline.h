/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/headline.h - the rows each benchmark names as its headline
 * (struct bench.headline, core/registry.c): what compare, plot and the
 * cover letter show unless asked for everything (--all).
 */
#ifndef PINBENCH_REPORT_HEADLINE_H
#define PINBENCH_REPORT_HEADLINE_H

#include <stdbool.h>

#include "report/runs.h"

/* The benchmark s belongs to names headline rows (an unknown one does not). */
bool series_bench_has_headline(const struct series *s);
/* s matches one of its benchmark's headline (metric, case) globs. */
bool series_is_headline(const struct series *s);
/*
 * What the default view shows: a headline row, or any row of a benchmark
 * that names none (nothing to choose from, so nothing is hidden).
 */
bool series_in_default_view(const struct series *s);

#endif
