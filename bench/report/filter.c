// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/filter.c - which series compare and plot look at: --bench
 * by name, --metric and --case by glob (fnmatch), each repeatable; without
 * them and without --all, the headline rows each benchmark declares.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "report/filter.h"
#include "report/headline.h"

static bool bench_selected(const struct series *s, const struct cmp_filter *f)
{
	if (!f)
		return true;
	for (size_t i = 0; i < f->nr_benches; i++)
		if (!strcmp(f->benches[i], s->bench))
			return true;
	return f->nr_benches == 0;
}

/* Any of the patterns matches text, or there are none. */
static bool any_match(char *const *patterns, size_t nr, const char *text)
{
	for (size_t i = 0; i < nr; i++)
		if (!fnmatch(patterns[i], text, 0))
			return true;
	return nr == 0;
}

static bool metric_selected(const struct series *s, const struct cmp_filter *f)
{
	return !f || (any_match(f->metrics, f->nr_metrics, s->metric) &&
		      any_match(f->cases, f->nr_cases, s->case_));
}

bool cmp_filter_shows_all(const struct cmp_filter *f)
{
	return !f || f->all || f->nr_benches || f->nr_metrics || f->nr_cases;
}

static bool in_view(const struct series *s, const struct cmp_filter *f)
{
	return cmp_filter_shows_all(f) || series_in_default_view(s);
}

bool series_selected(const struct series *s, const void *arg)
{
	return !series_is_vmstat(s) && bench_selected(s, arg) && metric_selected(s, arg) &&
	       in_view(s, arg);
}

/* The vmstat section follows --bench only: --metric picks the table rows. */
bool series_vmstat_selected(const struct series *s, const void *arg)
{
	return series_is_vmstat(s) && bench_selected(s, arg) && in_view(s, arg);
}

int cmp_filter_add(char ***list, size_t *nr, char *s)
{
	char **grown = realloc(*list, (*nr + 1) * sizeof(**list));

	if (!grown)
		return 1;
	*list = grown;
	grown[(*nr)++] = s;
	return 0;
}

void cmp_filter_free(struct cmp_filter *f)
{
	free(f->metrics);
	free(f->benches);
	free(f->cases);
	*f = (struct cmp_filter){ 0 };
}

int cmp_filter_option(struct cmp_filter *f, int opt, char *arg)
{
	switch (opt) {
	case 'A': f->all = true; return 0;
	case 'm': return cmp_filter_add(&f->metrics, &f->nr_metrics, arg);
	case 'b': return cmp_filter_add(&f->benches, &f->nr_benches, arg);
	default:  return cmp_filter_add(&f->cases, &f->nr_cases, arg);
	}
}
