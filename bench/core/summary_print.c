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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * One metric's shown rows as a table: the case items every row shares are
 * said once above it, each key that varies gets a column of its own, so
 * nothing is cut and the lines stay within 80 columns.
 */
#define MAX_KEYS 8

struct metric_rows {
	char **rows[ROWS_PER_BENCH];
	size_t nr;
	char keys[MAX_KEYS][32];	/* the case keys that vary */
	size_t nr_keys;
};

/* The key of a case item: up to '='; an item without one has the key "". */
static size_t key_len(const char *item)
{
	size_t n = strcspn(item, ",=");

	return item[n] == '=' ? n : 0;
}

/* The item of case_ with key (klen long), or NULL. */
static const char *find_item(const char *case_, const char *key, size_t klen)
{
	for (const char *p = case_; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (key_len(p) == klen && !strncmp(p, key, klen))
			return p;
	return NULL;	/* "-": no case at all */
}

static bool same_item(const char *a, const char *b)
{
	return a && b && strcspn(a, ",") == strcspn(b, ",") && !strncmp(a, b, strcspn(a, ","));
}

/* Every row that has item's key has item as it is (idle has no engine=). */
static bool item_shared(const struct metric_rows *m, int case_col, const char *item)
{
	for (size_t i = 0; i < m->nr; i++) {
		const char *other = find_item(m->rows[i][case_col], item, key_len(item));

		if (other && !same_item(item, other))
			return false;
	}
	return true;
}

static void add_key(struct metric_rows *m, const char *item)
{
	size_t klen = key_len(item);

	for (size_t k = 0; k < m->nr_keys; k++)
		if (strlen(m->keys[k]) == klen && !strncmp(m->keys[k], item, klen))
			return;
	if (m->nr_keys < MAX_KEYS)
		snprintf(m->keys[m->nr_keys++], sizeof(m->keys[0]), "%.*s", (int)klen, item);
}

/* The varying keys into m, the shared items into fixed. */
static void split_case(struct metric_rows *m, int case_col, char *fixed, size_t len)
{
	size_t used = 0;

	*fixed = 0;
	for (size_t i = 0; i < m->nr; i++) {
		const char *case_ = m->rows[i][case_col];

		for (const char *p = case_; *p; p += strcspn(p, ","), p += *p == ',') {
			if (!item_shared(m, case_col, p))
				add_key(m, p);
			else if (!find_item(fixed, p, key_len(p)) && used < len)
				used += (size_t)snprintf(fixed + used, len - used, "%s%.*s",
							 used ? "," : "", (int)strcspn(p, ","), p);
		}
	}
}

/* Row r's value of key k: after '=', the whole item without one, "-" if none. */
static void key_value(const struct metric_rows *m, int case_col, size_t r, size_t k,
		      char *out, size_t len)
{
	const char *item = find_item(m->rows[r][case_col], m->keys[k], strlen(m->keys[k]));
	size_t klen = strlen(m->keys[k]);

	if (!item)
		snprintf(out, len, "-");
	else if (item[klen] == '=')
		snprintf(out, len, "%.*s", (int)strcspn(item + klen + 1, ","), item + klen + 1);
	else
		snprintf(out, len, "%.*s", (int)strcspn(item, ","), item);
}

/* The column's name: its key, "case" for items without one. */
static const char *key_name(const struct metric_rows *m, size_t k)
{
	return *m->keys[k] ? m->keys[k] : "case";
}

static int col_width(const struct metric_rows *m, int case_col, int design_col, int k)
{
	size_t w = strlen(k < 0 ? "design" : key_name(m, (size_t)k));

	for (size_t r = 0; r < m->nr; r++) {
		char v[256];

		if (k < 0)
			snprintf(v, sizeof(v), "%s", m->rows[r][design_col]);
		else
			key_value(m, case_col, r, (size_t)k, v, sizeof(v));
		if (strlen(v) > w)
			w = strlen(v);
	}
	return (int)w;
}

/* A value of summary.tsv in 4 significant digits: the table is for the eye. */
static void short_number(const char *s, char *out, size_t len)
{
	char *end;
	double v = strtod(s, &end);

	if (end != s && !*end)
		snprintf(out, len, "%.4g", v);
	else
		snprintf(out, len, "%s", s);
}

/* The median and its interval; on a line of its own when col leaves no room. */
static void print_numbers(char **row, const struct summary_cols *c, int col)
{
	char med[32], a[32], b[32], text[256];
	/* Under 6 samples the median has no 95% interval: say the range instead. */
	bool ci = strcmp(row[c->lo], "NA") != 0;

	short_number(row[c->median], med, sizeof(med));
	short_number(row[ci ? c->lo : c->min], a, sizeof(a));
	short_number(row[ci ? c->hi : c->max], b, sizeof(b));
	snprintf(text, sizeof(text), ci ? "%8s %s [%s, %s] n=%s" : "%8s %s (min %s, max %s) n=%s",
		 med, row[c->unit], a, b, row[c->n]);
	if (col + 1 + (int)strlen(text) > 80)
		printf("\n%*s", 80 - (int)strlen(text) - 1, "");
	printf(" %s\n", text);
}

/* "metric with k=v,k=v,..." broken after commas to stay within 80 columns. */
static void print_wrapped(const char *metric, const char *fixed)
{
	int col = printf("  %s%s", metric, *fixed ? " with " : "");

	for (const char *p = fixed; *p;) {
		int n = (int)strcspn(p, ",");

		n += p[n] == ',';
		if (col + n > 80)
			col = printf("\n      ") - 1;
		col += printf("%.*s", n, p);
		p += n;
	}
	printf("\n");
}

static bool any_design(const struct metric_rows *m, int design_col)
{
	for (size_t r = 0; r < m->nr; r++)
		if (strcmp(m->rows[r][design_col], "-"))
			return true;
	return false;
}

static void print_metric(struct metric_rows *m, const struct summary_cols *c)
{
	bool design = any_design(m, c->design);
	char fixed[1024], v[256];
	int w[MAX_KEYS + 1];

	split_case(m, c->case_, fixed, sizeof(fixed));
	print_wrapped(m->rows[0][c->metric], fixed);
	w[0] = col_width(m, c->case_, c->design, -1);
	printf("   ");
	if (design)
		printf(" %-*s", w[0], "design");
	for (size_t k = 0; k < m->nr_keys; k++) {
		w[k + 1] = col_width(m, c->case_, c->design, (int)k);
		printf(" %-*s", w[k + 1], key_name(m, k));
	}
	printf(" %8s\n", "median");
	for (size_t r = 0; r < m->nr; r++) {
		int col = printf("   ");

		if (design)
			col += printf(" %-*s", w[0], m->rows[r][c->design]);
		for (size_t k = 0; k < m->nr_keys; k++) {
			key_value(m, c->case_, r, k, v, sizeof(v));
			col += printf(" %-*s", w[k + 1], v);
		}
		print_numbers(m->rows[r], c, col);
	}
}

/* The shown rows, a table per metric in the order they first appear. */
static void print_shown(char ***shown, size_t nr, const struct summary_cols *c)
{
	bool done[ROWS_PER_BENCH] = { false };

	for (size_t i = 0; i < nr; i++) {
		struct metric_rows m = { .nr = 0 };

		if (done[i])
			continue;
		for (size_t j = i; j < nr; j++) {
			if (!done[j] && !strcmp(shown[j][c->metric], shown[i][c->metric])) {
				m.rows[m.nr++] = shown[j];
				done[j] = true;
			}
		}
		print_metric(&m, c);
	}
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
	char **shown[ROWS_PER_BENCH];
	size_t nr_shown = 0, hidden = 0;

	printf("%s\n", name);
	for (; i < t->nr_rows && !strcmp(t->rows[i][c->bench], name); i++) {
		if (headline_row(b, t->rows[i], c) && nr_shown < ROWS_PER_BENCH)
			shown[nr_shown++] = t->rows[i];
		else
			hidden++;
	}
	print_shown(shown, nr_shown, c);
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
