// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/headline.c - a benchmark's headline rows looked up for a
 * series read back from a run: the same fnmatch globs the end-of-run
 * summary uses (core/summary_print.c), on metric and case.
 */
#include <stddef.h>

#include "report/headline.h"
#include "core/registry.h"

static const struct bench_headline *headline_of(const struct series *s)
{
	const struct bench *b = bench_find(s->bench);

	return b ? b->headline : NULL;
}

bool series_bench_has_headline(const struct series *s)
{
	return headline_of(s) != NULL;
}

bool series_is_headline(const struct series *s)
{
	return bench_headline_matches(bench_find(s->bench), s->metric, s->case_);
}

bool series_in_default_view(const struct series *s)
{
	return !series_bench_has_headline(s) || series_is_headline(s);
}
