// SPDX-License-Identifier: GPL-2.0
/* The results writer and its TSV: round trips, NA, escaping, summary, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "core/results.h"
#include "tests/testutil.h"

static char *run_dir(const char *base)
{
	char *d = malloc(4200);

	snprintf(d, 4200, "%s/run", base);
	return d;
}

static void escaping_round_trips(void **state)
{
	const char *in = "a\tb\nc\\d\re";
	char esc[64], back[64];

	(void)state;
	tsv_escape(in, esc, sizeof(esc));
	assert_string_equal(esc, "a\\tb\\nc\\\\d\\re");
	assert_null(strchr(esc, '\t'));
	tsv_unescape(esc, back, sizeof(back));
	assert_string_equal(back, in);
}

static void values_and_na(void **state)
{
	char buf[32];
	double v;

	(void)state;
	tsv_format_value(NAN, buf, sizeof(buf));
	assert_string_equal(buf, "NA");
	tsv_format_value(0.25, buf, sizeof(buf));
	assert_string_equal(buf, "0.25");
	assert_true(tsv_parse_value("NA", &v) && isnan(v));
	assert_true(tsv_parse_value("1.5e3", &v) && v == 1500);
	assert_false(tsv_parse_value("12abc", &v));
	assert_false(tsv_parse_value("", &v));
}

/* A row written is the row read back: escapes undone, NULL as "". */
static void rows_round_trip(void **state)
{
	const char *row[] = { "plain", "tab\there", NULL, "back\\slash\nline", "NA" };
	char *buf = NULL, **fields;
	size_t size = 0, n;
	FILE *f = open_memstream(&buf, &size);

	(void)state;
	tsv_write_row(f, row, 5);
	fclose(f);
	assert_string_equal(buf, "plain\ttab\\there\t\tback\\\\slash\\nline\tNA\n");
	fields = tsv_split_line(buf, &n);
	assert_int_equal(n, 5);
	assert_string_equal(fields[0], "plain");
	assert_string_equal(fields[1], "tab\there");
	assert_string_equal(fields[2], "");
	assert_string_equal(fields[3], row[3]);
	assert_string_equal(fields[4], TSV_NA);
	tsv_fields_free(fields, n);
	free(buf);
}

/* A field longer than any buffer of the old writer stays whole. */
static void long_field_is_whole(void **state)
{
	size_t len = 10000;
	char *big = malloc(len + 1), *buf = NULL, **fields;
	const char *row[] = { big, "x" };
	size_t size = 0, n;
	FILE *f = open_memstream(&buf, &size);

	(void)state;
	memset(big, 'a', len);
	big[len] = 0;
	tsv_write_row(f, row, 2);
	fclose(f);
	fields = tsv_split_line(buf, &n);
	assert_int_equal(n, 2);
	assert_int_equal(strlen(fields[0]), len);
	tsv_fields_free(fields, n);
	free(buf);
	free(big);
}

static void mkdirs_makes_parents(void **state)
{
	char *base = test_tmpdir(), dir[4300];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/a/b/c", base);
	assert_int_equal(results_mkdirs(dir), 0);
	assert_true(path_exists(dir));
	assert_int_equal(results_mkdirs(dir), 0);	/* already there: fine */
	rm_rf(base);
	free(base);
}

static struct results *open_run(const char *base, char **dir)
{
	char err[256];
	struct results *r;

	*dir = run_dir(base);
	r = results_open(*dir, err, sizeof(err));
	assert_non_null(r);
	return r;
}

static void samples_round_trip(void **state)
{
	char *base = test_tmpdir(), *dir, path[4300], err[256];
	struct results *r = open_run(base, &dir);
	struct tsv_table t;

	(void)state;
	results_add(r, "demo", "baseline", "size=4K,order=seq", "ns_per_op", "ns", false, 0, 1.5);
	results_add(r, "demo", "proxy", "tab\there", "ns_per_op", "ns", false, 0, NAN);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/demo.tsv", dir);
	assert_int_equal(tsv_read(path, &t, err, sizeof(err)), 0);
	assert_int_equal(t.nr_cols, 8);
	assert_int_equal(t.nr_rows, 2);
	assert_string_equal(t.header[tsv_column(&t, "better")], "better");
	assert_string_equal(t.rows[0][tsv_column(&t, "case")], "size=4K,order=seq");
	assert_string_equal(t.rows[0][tsv_column(&t, "better")], "lower");
	assert_string_equal(t.rows[1][tsv_column(&t, "case")], "tab\there");
	assert_string_equal(t.rows[1][tsv_column(&t, "value")], "NA");
	tsv_free(&t);
	rm_rf(base);
	free(base);
	free(dir);
}

static void summary_groups_samples(void **state)
{
	char *base = test_tmpdir(), *dir, path[4300], err[256];
	struct results *r = open_run(base, &dir);
	struct tsv_table t;
	int c_n, c_med, c_miss;

	(void)state;
	for (unsigned rep = 0; rep < 4; rep++) {
		results_add(r, "demo", "b", "x=1", "rate", "ops/s", true, rep, 10.0 + rep);
		results_add(r, "demo", "a", "x=1", "lat", "ns", false, rep, rep == 2 ? NAN : 5.0);
	}
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/summary.tsv", dir);
	assert_int_equal(tsv_read(path, &t, err, sizeof(err)), 0);
	assert_int_equal(t.nr_rows, 2);
	c_n = tsv_column(&t, "n");
	c_med = tsv_column(&t, "median");
	c_miss = tsv_column(&t, "n_missing");
	/* Sorted by design: "a" first. */
	assert_string_equal(t.rows[0][tsv_column(&t, "design")], "a");
	assert_string_equal(t.rows[0][c_n], "3");
	assert_string_equal(t.rows[0][c_miss], "1");
	assert_string_equal(t.rows[1][c_med], "11.5");
	assert_string_equal(t.rows[1][tsv_column(&t, "better")], "higher");
	tsv_free(&t);
	rm_rf(base);
	free(base);
	free(dir);
}

static void manifest_round_trips(void **state)
{
	char *base = test_tmpdir(), *dir;
	struct results *r = open_run(base, &dir);

	(void)state;
	results_manifest_set(r, "status", "incomplete");
	results_manifest_set(r, "odd", "line1\nline2\tx");
	results_manifest_set(r, "status", "complete");	/* replaces */
	assert_int_equal(results_close(r), 0);
	assert_manifest(dir, "status", "complete");
	assert_manifest(dir, "odd", "line1\nline2\tx");
	assert_null(manifest_read_key(dir, "absent"));
	rm_rf(base);
	free(base);
	free(dir);
}

static void non_empty_dir_is_refused(void **state)
{
	char *base = test_tmpdir(), file[4300], err[256];

	(void)state;
	snprintf(file, sizeof(file), "%s/keep", base);
	fclose(fopen(file, "w"));
	assert_null(results_open(base, err, sizeof(err)));
	assert_non_null(strstr(err, "not empty"));
	assert_true(path_exists(file));
	rm_rf(base);
	free(base);
}

static void ragged_tsv_is_an_error(void **state)
{
	char *base = test_tmpdir(), path[4300], err[256];
	struct tsv_table t;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/bad.tsv", base);
	f = fopen(path, "w");
	fputs("a\tb\n1\t2\n3\n", f);
	fclose(f);
	assert_int_not_equal(tsv_read(path, &t, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "bad.tsv:3"));
	rm_rf(base);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping_round_trips),
		cmocka_unit_test(values_and_na),
		cmocka_unit_test(rows_round_trip),
		cmocka_unit_test(long_field_is_whole),
		cmocka_unit_test(mkdirs_makes_parents),
		cmocka_unit_test(samples_round_trip),
		cmocka_unit_test(summary_groups_samples),
		cmocka_unit_test(manifest_round_trips),
		cmocka_unit_test(non_empty_dir_is_refused),
		cmocka_unit_test(ragged_tsv_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
