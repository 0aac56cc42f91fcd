// SPDX-License-Identifier: GPL-2.0
/*
 * The end-of-run table: the first rows of each benchmark's summary, median
 * with its 95% interval and n, so a user sees at once that numbers came
 * out.  The whole story is in summary.tsv and `pinbench compare`.
 */
#include "results.h"
#include "run.h"

#include <stdio.h>
#include <string.h>

#define ROWS_PER_BENCH 10

struct summary_cols {
	int bench, design, case_, metric, unit, n, median, lo, hi;
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
	c->lo = tsv_column(t, "ci95_lo");
	c->hi = tsv_column(t, "ci95_hi");
	return c->bench < 0 || c->design < 0 || c->case_ < 0 || c->metric < 0 ||
	       c->unit < 0 || c->n < 0 || c->median < 0 || c->lo < 0 || c->hi < 0 ? -1 : 0;
}

static void print_row(char **row, const struct summary_cols *c)
{
	char what[96];

	snprintf(what, sizeof(what), "%s %s", row[c->case_], row[c->metric]);
	if (strlen(what) > 52)
		strcpy(what + 49, "...");
	printf("  %-16.16s %-52s %10s %s [%s, %s] n=%s\n", row[c->design], what,
	       row[c->median], row[c->unit], row[c->lo], row[c->hi], row[c->n]);
}

void print_summary(const char *run_dir)
{
	char path[4096], err[256];
	struct tsv_table t;
	struct summary_cols c;
	const char *bench = "";
	size_t shown = 0, hidden = 0;

	snprintf(path, sizeof(path), "%s/summary.tsv", run_dir);
	if (tsv_read(path, &t, err, sizeof(err)) || find_cols(&t, &c)) {
		printf("pinbench: no summary (%s)\n", err);
		return;
	}
	printf("\nSummary (median [95%% CI of the mean] n):\n");
	for (size_t i = 0; i < t.nr_rows; i++) {
		char **row = t.rows[i];

		if (strcmp(row[c.bench], bench)) {
			if (hidden)
				printf("  ... %zu more rows\n", hidden);
			bench = row[c.bench];
			shown = hidden = 0;
			printf("%s\n", bench);
		}
		if (shown++ < ROWS_PER_BENCH)
			print_row(row, &c);
		else
			hidden++;
	}
	if (hidden)
		printf("  ... %zu more rows\n", hidden);
	printf("\nrun directory: %s\n", run_dir);
	tsv_free(&t);
}
