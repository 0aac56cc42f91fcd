// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/letter_figs.c - the few figures a cover letter carries: the
 * headline metrics' figures (report/plot_plan.c plans them), one per
 * benchmark and metric first, at most LETTER_MAX_FIGURES in all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/letter.h"
#include "report/plot.h"
#include "core/results.h"
#include "report/headline.h"

static bool same_metric(const struct figure *a, const struct figure *b)
{
	return !strcmp(a->key->bench, b->key->bench) && !strcmp(a->key->metric, b->key->metric);
}

/* Of the headline figures, the first of each metric, then the rest in order. */
static size_t choose(const struct figure *figs, size_t nr, size_t *pick)
{
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nr && n < LETTER_MAX_FIGURES; i++) {
			bool first = i == 0 || !same_metric(&figs[i], &figs[i - 1]);
			bool taken = false;

			for (size_t j = 0; j < n; j++)
				taken |= pick[j] == i;
			if (!taken && series_is_headline(figs[i].key) &&
			    (pass == 1 || first))
				pick[n++] = i;
		}
	}
	return n;
}

static int draw(struct letter *l, const char *dir, const struct figure *figs,
		const size_t *pick, size_t n, char *err, size_t errlen)
{
	struct plot_ctx p = { .runs = l->c.runs, .nr_runs = l->nr_runs, .dir = dir };
	struct figure *chosen = calloc(n + 1, sizeof(*chosen));
	char data[4200];
	int ret = -1;

	snprintf(data, sizeof(data), "%s/data", dir);
	l->figures = calloc(n + 1, sizeof(*l->figures));
	if (!chosen || !l->figures)
		report_set_err(err, errlen, "out of memory");
	else if (plot_templates_dir(p.templates, sizeof(p.templates)))
		report_set_err(err, errlen, "no gnuplot templates (set PINBENCH_PLOTS)");
	else if (results_mkdirs(data))
		report_set_err(err, errlen, "cannot create %.512s: %s", data, strerror(errno));
	else
		ret = 0;
	for (size_t i = 0; !ret && i < n; i++) {
		chosen[i] = figs[pick[i]];
		figure_name(&chosen[i], l->figures[i], sizeof(l->figures[i]));
	}
	if (!ret && !(ret = plot_draw(&p, chosen, n, err, errlen)))
		l->nr_figures = n;
	free(chosen);
	return ret;
}

int letter_figures(struct letter *l, const char *dir, char *err, size_t errlen)
{
	struct cmp_filter headline = { .all = false };
	size_t nr, n, pick[LETTER_MAX_FIGURES];
	struct figure *figs;
	int ret;

	if (!plot_have_gnuplot()) {
		report_set_err(err, errlen, "gnuplot not found: no figures drawn");
		return 0;
	}
	figs = figures_build(l->c.runs, l->nr_runs, &headline, false, &nr);
	if (!figs) {
		report_set_err(err, errlen, "out of memory");
		return -1;
	}
	n = choose(figs, nr, pick);
	ret = n ? draw(l, dir, figs, pick, n, err, errlen) : 0;
	figures_free(figs, nr);
	return ret;
}
