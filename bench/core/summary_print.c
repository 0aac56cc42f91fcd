// SPDX-License-Identifier: GPL-2.0
/*
 * The end-of-run table: per benchmark the rows it names as its headline
 * (else its first rows), median with the 95% interval of the median and n,
 * so a user sees at once what came out.  The whole story is in summary.tsv
 * and `pinbench compare`.
 */
#include "core/registry.h"
#include "core/results.h"
#include "core/run.h"

#include <stdio.h>
#include <string.h>

#define ROWS_PER_BENCH 16

struct summary_cols {
	int bench, design, case_, metric, unit, n, median, lo, hi, min, max;
};

static int find_cols(const struct tsv_table *t, struct summary_cols *c)
{
	c->bench = tsv_column(t, "bench");
	c->design = tsv_column(t, "design");
	c->case_ = tsv_column(t, "case");
	c->metric = tsv_column(t, "metric");
	c->unit = tsv_column(t, "unit");
	c->n = tsv_column(t, "n");
	c->median = tsv_column(t, "median");
	c->lo = tsv_column(t, "med_ci95_lo");
	c->hi = tsv_column(t, "med_ci95_hi");
	c->min = tsv_column(t, "min");
	c->max = tsv_column(t, "max");
	return c->bench < 0 || c->design < 0 || c->case_ < 0 || c->metric < 0 ||
	       c->unit < 0 || c->n < 0 || c->median < 0 || c->lo < 0 || c->hi < 0 ||
	       c->min < 0 || c->max < 0 ? -1 : 0;
}

static void print_row(char **row, const struct summary_cols *c)
{
	char what[96];

	snprintf(what, sizeof(what), "%s %s", row[c->metric], row[c->case_]);
	if (strlen(what) > 52)
		strcpy(what + 49, "...");
	/* Under 6 samples the median has no 95% interval: say the range instead. */
	if (strcmp(row[c->lo], "NA"))
		printf("  %-16.16s %-52s %10s %s [%s, %s] n=%s\n", row[c->design], what,
		       row[c->median], row[c->unit], row[c->lo], row[c->hi], row[c->n]);
	else
		printf("  %-16.16s %-52s %10s %s (min %s, max %s) n=%s\n", row[c->design],
		       what, row[c->median], row[c->unit], row[c->min], row[c->max], row[c->n]);
}

static const struct bench *bench_named(const struct bench *const *benches, size_t nr,
				       const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(benches[i]->name, name))
			return benches[i];
	return NULL;
}

/* In the benchmark's headline, or any row when it names none. */
static bool headline_row(const struct bench *b, char **row, const struct summary_cols *c)
{
	if (!b || !b->headline)
		return true;
	return bench_headline_matches(b, row[c->metric], row[c->case_]);
}

/* Rows of one benchmark, from row i on; returns the first row past them. */
static size_t print_bench(const struct tsv_table *t, size_t i, const struct summary_cols *c,
			  const struct bench *b)
{
	const char *name = t->rows[i][c->bench];
	size_t shown = 0, hidden = 0;

	printf("%s\n", name);
	for (; i < t->nr_rows && !strcmp(t->rows[i][c->bench], name); i++) {
		if (headline_row(b, t->rows[i], c) && shown < ROWS_PER_BENCH) {
			print_row(t->rows[i], c);
			shown++;
		} else {
			hidden++;
		}
	}
	if (hidden)
		printf("  ... %zu more rows in summary.tsv\n", hidden);
	return i;
}

void print_summary(const char *run_dir, const struct bench *const *benches, size_t nr)
{
	char path[4096], err[256];
	struct tsv_table t;
	struct summary_cols c;

	snprintf(path, sizeof(path), "%s/summary.tsv", run_dir);
	if (tsv_read(path, &t, err, sizeof(err)) || find_cols(&t, &c)) {
		printf("pinbench: no summary (%s)\n", err);
		return;
	}
	printf("\nSummary (median [95%% CI of the median], or (min, max) under 6 samples; n):\n");
	for (size_t i = 0; i < t.nr_rows;)
		i = print_bench(&t, i, &c, bench_named(benches, nr, t.rows[i][c.bench]));
	printf("\nrun directory: %s\n", run_dir);
	tsv_free(&t);
}
