// SPDX-License-Identifier: GPL-2.0
/*
 * tests/hotpath/test_run.c - a whole, tiny hotpath run through the CLI:
 * every primary design gives rows for every operation on one thread and on
 * two (each thread's own share of the pages), the floor rows and the memory
 * rows are there, and a bad sweep is refused before anything is written.
 * Checks rows and sample counts, never timings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "kernels/pin_design.h"
#include "core/results.h"
#include "tests/testutil.h"

#define REPS 2

static char *run_dir;
static struct tsv_table rows;

/* Samples of (design, case, metric) in the run; -1 when the case has none. */
static int samples(const char *design, const char *case_, const char *metric)
{
	int cd = tsv_column(&rows, "design"), cc = tsv_column(&rows, "case");
	int cm = tsv_column(&rows, "metric"), n = 0;

	for (size_t i = 0; i < rows.nr_rows; i++)
		n += !strcmp(rows.rows[i][cd], design) && !strcmp(rows.rows[i][cc], case_) &&
		     !strcmp(rows.rows[i][cm], metric);
	return n ? n : -1;
}

/* The value of sample rep of (design, case, metric); NaN when absent. */
static double value(const char *design, const char *case_, const char *metric, unsigned rep)
{
	int cd = tsv_column(&rows, "design"), cc = tsv_column(&rows, "case");
	int cm = tsv_column(&rows, "metric"), cr = tsv_column(&rows, "rep");
	int cv = tsv_column(&rows, "value");

	for (size_t i = 0; i < rows.nr_rows; i++)
		if (!strcmp(rows.rows[i][cd], design) && !strcmp(rows.rows[i][cc], case_) &&
		    !strcmp(rows.rows[i][cm], metric) && strtoul(rows.rows[i][cr], NULL, 10) == rep)
			return strtod(rows.rows[i][cv], NULL);
	return NAN;
}

static int setup(void **state)
{
	char out[4200], err[4096], path[4300];
	const char *args[] = {
		"run", "-b", "hotpath", "--quick", "-o", out,
		"--param", "hotpath.sizes=4K", "--param", "hotpath.threads=1,2",
		"--param", "hotpath.pinned=50", "--param", "hotpath.places=random",
		"--param", "hotpath.orders=rand",
		"--param", "hotpath.reps=2", "--param", "hotpath.chase=1",
		"--param", "hotpath.ram=1T", NULL,
	};
	char tsv_err[256];

	(void)state;
	run_dir = test_tmpdir();
	if (!run_dir)
		return -1;
	snprintf(out, sizeof(out), "%s/run", run_dir);
	if (run_cli(args, err, sizeof(err))) {
		fprintf(stderr, "pinbench run failed: %s\n", err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/hotpath.tsv", out);
	return tsv_read(path, &rows, tsv_err, sizeof(tsv_err));
}

static int teardown(void **state)
{
	(void)state;
	tsv_free(&rows);
	rm_rf(run_dir);
	free(run_dir);
	return 0;
}

static void test_every_design_every_op(void **state)
{
	static const char *const ops[] = { "page_to_pfn", "pfn_to_page", "get_put", "pin_unpin" };
	char key[256];

	(void)state;
	for (size_t v = 0; v < pin_design_variant_count(); v++) {
		const struct pin_design_variant *d = pin_design_variant_at(v);

		if (!d->primary)
			continue;
		for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
			for (int threads = 1; threads <= 2; threads++) {
				snprintf(key, sizeof(key), "op=%s,size=4K,order=rand,pinned=50%%,"
					 "place=random,threads=%d,mem=local%s", ops[o], threads,
					 o == 3 ? ",pin_batch=16" : "");
				/* every rep of every thread is a sample */
				if (samples(d->name, key, "ns_per_op") != REPS * threads)
					fail_msg("%s %s: %d samples", d->name, key,
						 samples(d->name, key, "ns_per_op"));
			}
		}
		assert_int_equal(samples(d->name, "op=memory,ram=1T,pinned=50%", "bytes_per_page"), 1);
	}
}

static void test_floor_rows(void **state)
{
	(void)state;
	assert_int_equal(samples("-", "op=empty,threads=1", "ns_per_op"), REPS);
	assert_int_equal(samples("-", "op=load,size=4K,threads=1", "ns_per_op"), REPS);
	assert_int_equal(samples("-", "op=chase,size=4K,threads=1", "ns_per_op"), REPS);
	assert_int_equal(samples("-", "op=chase,size=4K,threads=1", "tsc_ticks_per_op"), REPS);
	/* guest page faults per batch: the empty loop touches no memory */
	assert_int_equal(samples("-", "op=empty,threads=1", "page_faults"), REPS);
	for (unsigned r = 0; r < REPS; r++)
		assert_float_equal(value("-", "op=empty,threads=1", "page_faults", r), 0, 0);
}

/*
 * Designs split into lineups (here by the lineup parameter; on a small
 * machine by memory) still give every design all its samples, and the
 * manifest says how they were grouped.  Plain sequential page_to_pfn gets
 * the naked loop of the hand measurement beside it.
 */
static void test_split_lineups(void **state)
{
	char out[4200], err[4096], path[4300], tsv_err[256];
	const char *args[] = { "run", "-b", "hotpath", "--quick", "-o", out,
			       "-d", "baseline", "-d", "proxy", "-d", "foll-pin",
			       "--param", "hotpath.sizes=4K", "--param", "hotpath.ops=page_to_pfn",
			       "--param", "hotpath.orders=seq", "--param", "hotpath.pinned=0",
			       "--param", "hotpath.reps=3", "--param", "hotpath.chase=0",
			       "--param", "hotpath.lineup=2", NULL };
	const char *key = "op=page_to_pfn,size=4K,order=seq,pinned=0%,place=-,threads=1,"
			  "mem=local";
	struct tsv_table all = rows;

	(void)state;
	snprintf(out, sizeof(out), "%s/lineup", run_dir);
	assert_int_equal(run_cli(args, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/hotpath.tsv", out);
	assert_int_equal(tsv_read(path, &rows, tsv_err, sizeof(tsv_err)), 0);
	assert_int_equal(samples("baseline", key, "ns_per_op"), 3);
	assert_int_equal(samples("proxy", key, "ns_per_op"), 3);
	assert_int_equal(samples("foll-pin", key, "ns_per_op"), 3);
	/* the hand method's loop, beside the baseline */
	assert_int_equal(samples("-", "op=naked_page_to_pfn,size=4K,order=seq,threads=1",
				 "ns_per_op"), 3);
	/* paired with the baseline in its lineup only: foll-pin ran apart */
	assert_int_equal(samples("proxy", key, "ratio_to_baseline"), 3);
	for (unsigned r = 0; r < 3; r++)
		assert_float_equal(value("proxy", key, "ratio_to_baseline", r),
				   value("proxy", key, "ns_per_op", r) /
				   value("baseline", key, "ns_per_op", r), 1e-4);
	assert_int_equal(samples("baseline", key, "ratio_to_baseline"), -1);
	assert_int_equal(samples("foll-pin", key, "ratio_to_baseline"), -1);
	tsv_free(&rows);
	rows = all;
	assert_manifest(out, "hotpath.lineups_4K", "2+1 designs interleaved at a time");
}

/*
 * Bad values: exit 2, one line naming the parameter, no run directory.
 * --param is the sweep's only channel: the old PINBENCH_HOTPATH variable,
 * bad here, is not read.
 */
static void test_bad_param(void **state)
{
	char out[4200], err[4096];
	const char *args[] = { "run", "-b", "hotpath", "-o", out,
			       "--param", "hotpath.pinned=120", NULL };

	(void)state;
	snprintf(out, sizeof(out), "%s/bad", run_dir);
	setenv("PINBENCH_HOTPATH", "sizes=junk", 1);
	assert_int_equal(run_cli(args, err, sizeof(err)), 2);
	unsetenv("PINBENCH_HOTPATH");
	assert_non_null(strstr(err, "hotpath.pinned"));
	assert_null(strstr(err, "PINBENCH_HOTPATH"));
	assert_false(path_exists(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_design_every_op),
		cmocka_unit_test(test_floor_rows),
		cmocka_unit_test(test_split_lineups),
		cmocka_unit_test(test_bad_param),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
