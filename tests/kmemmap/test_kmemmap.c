// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kmemmap/test_kmemmap.c - kmemmap on the running kernel: its zone
 * totals add up, and each design's model row is its per-page cost times
 * the present pages the run read.
 */
#include "core/tsv.h"
#include "tests/testutil.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct kmemmap_run {
	char dir[256];
	struct tsv_table t;
};

/* The value of (design, case, metric), NAN when absent. */
static double value_of(const struct kmemmap_run *r, const char *design, const char *case_,
		       const char *metric)
{
	int d = tsv_column(&r->t, "design"), c = tsv_column(&r->t, "case");
	int m = tsv_column(&r->t, "metric"), v = tsv_column(&r->t, "value");
	double x;

	for (size_t i = 0; i < r->t.nr_rows; i++) {
		char **row = r->t.rows[i];

		if (!strcmp(row[d], design) && !strcmp(row[c], case_) && !strcmp(row[m], metric))
			return tsv_parse_value(row[v], &x) ? x : NAN;
	}
	return NAN;
}

static int run_kmemmap(void **state)
{
	static struct kmemmap_run r;
	char err[512], path[300];
	const char *args[] = { "run", "-b", "kmemmap", "-d", "baseline", "-d", "page-callbacks",
			       "-o", r.dir, NULL };

	snprintf(r.dir, sizeof(r.dir), "%s/run", test_tmpdir());
	if (run_cli(args, err, sizeof(err)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/kmemmap.tsv", r.dir);
	if (tsv_read(path, &r.t, err, sizeof(err)))
		return -1;
	*state = &r;
	return 0;
}

static int free_kmemmap(void **state)
{
	struct kmemmap_run *r = *state;

	tsv_free(&r->t);
	rm_rf(r->dir);
	return 0;
}

static void totals_add_up(void **state)
{
	const struct kmemmap_run *r = *state;
	double present = value_of(r, "-", "node=all", "present_pages");
	double managed = value_of(r, "-", "node=all", "managed_pages");

	assert_true(present > 0 && managed > 0 && managed <= present);
	assert_true(value_of(r, "-", "node=all", "reserved_pages") == present - managed);
}

/* page-callbacks adds 16 bytes to every struct page; baseline nothing. */
static void model_rows_scale_with_present_pages(void **state)
{
	const struct kmemmap_run *r = *state;
	double present = value_of(r, "-", "node=all", "present_pages");

	assert_true(value_of(r, "baseline", "node=all", "model_extra_bytes") == 0);
	assert_true(value_of(r, "page-callbacks", "node=all", "model_extra_bytes") == 16 * present);
	assert_true(value_of(r, "page-callbacks", "node=all", "model_memmap_bytes") == 80 * present);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_add_up),
		cmocka_unit_test(model_rows_scale_with_present_pages),
	};

	return cmocka_run_group_tests(tests, run_kmemmap, free_kmemmap);
}
