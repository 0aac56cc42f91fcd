// SPDX-License-Identifier: GPL-2.0
/*
 * tests/cmodel/test_placement.c - cmodel's placement mode on a kcontig-pins
 * file small enough to follow on paper: a region of 8 pageblocks.
 *
 *   rep 0 (longterm and odirect alike): pins at pages 10 and 300 of block 1
 *     and page 7 of block 5.  Blocks 1 and 5 hold pins: exactly 6 blocks
 *     can be free.  A design that does not move pinned pages frees those 6;
 *     a mover moves block 1's two pins into block 5's free pages (the free
 *     scanner takes no page of a wholly free block) and frees 7.
 *   rep 1 (longterm): pins in blocks 2 and 6 and one outside the region
 *     (region_block -1, ignored): again 6 or 7.
 * Bad files and parameters are refused by check_params: exit 2, one line
 * naming what is wrong, nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cmodel/internal.h"
#include "core/results.h"
#include "core/tsv.h"
#include "tests/testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "case\tpfn\tpageblock\tpage_in_block\tregion_block\tregion_blocks\n"
#define LT0 "pin=longterm,layout=clustered,k=3,rep=0\t"
#define OD0 "pin=odirect,layout=clustered,k=3,rep=0\t"
#define LT1 "pin=longterm,layout=spread,k=2,rep=1\t"

static const char small_file[] = HEADER
	LT0 "1000458\t1954\t10\t1\t8\n"
	LT0 "1000748\t1954\t300\t1\t8\n"
	LT0 "1002503\t1958\t7\t5\t8\n"
	OD0 "1000458\t1954\t10\t1\t8\n"
	OD0 "1000748\t1954\t300\t1\t8\n"
	OD0 "1002503\t1958\t7\t5\t8\n"
	LT1 "999000\t1951\t88\t-1\t8\n"
	LT1 "1001000\t1955\t5\t2\t8\n"
	LT1 "1003000\t1959\t400\t6\t8\n";

#define REGION_BLOCKS 8
#define EXACT_FREE 6		/* two of the eight blocks hold pins */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The value of a row, or fail. */
static double value_of(const struct tsv_table *t, size_t r)
{
	double v;

	assert_true(tsv_parse_value(t->rows[r][tsv_column(t, "value")], &v));
	return v;
}

static bool moves_pinned(const char *design)
{
	const struct pin_design_variant *v = pin_design_variant_find(design);
	const struct pin_design_ops *ops = pin_design_find(v ? v->spec : design, NULL);

	assert_non_null(ops);
	return pin_design_flagged(ops, PIN_DESIGN_MOVES_PINNED);
}

/*
 * One row of the run: a design that moves pinned pages packs them and frees
 * one block more than the pins allow; any other frees exactly that many
 * (long-term pins; an O_DIRECT page may move between two I/Os, so a
 * non-mover's odirect count is only bounded).
 */
static void check_row(const struct tsv_table *t, size_t r, unsigned *movers, unsigned *others)
{
	const char *design = t->rows[r][tsv_column(t, "design")];
	const char *case_ = t->rows[r][tsv_column(t, "case")];
	const char *metric = t->rows[r][tsv_column(t, "metric")];
	bool mover = moves_pinned(design), odirect = !strncmp(case_, "pin=odirect", 11);
	double v = value_of(t, r);

	assert_null(strstr(case_, "rep="));
	if (!strcmp(metric, "exact_free_blocks"))
		assert_true(v == EXACT_FREE);
	if (!strcmp(metric, "region_blocks"))
		assert_true(v == REGION_BLOCKS);
	if (strcmp(metric, "model_free_blocks"))
		return;
	if (mover)
		assert_true(v == EXACT_FREE + 1);
	else if (odirect)
		assert_true(v >= EXACT_FREE && v <= EXACT_FREE + 1);
	else
		assert_true(v == EXACT_FREE);
	*movers += mover;
	*others += !mover;
}

/* Every design on the file: rows per design, group and metric as above. */
static void t_placement_run(void **state)
{
	char *dir = test_tmpdir(), file[4200], out[4200], tsv[4300], err[512], arg[4300];
	const char *args[] = { "run", "-b", "cmodel", "--param", arg, "-o", out, NULL };
	unsigned movers = 0, others = 0;
	struct tsv_table t;
	char *note;

	(void)state;
	assert_non_null(dir);
	snprintf(file, sizeof(file), "%s/kcontig-pins.tsv", dir);
	snprintf(out, sizeof(out), "%s/run", dir);
	snprintf(arg, sizeof(arg), "cmodel.placement=%s", file);
	write_file(file, small_file);
	assert_int_equal(run_cli(args, err, sizeof(err)), 0);
	assert_manifest(out, "status", "complete");
	note = manifest_read_key(out, "cmodel.placement");
	assert_non_null(note);
	assert_non_null(strstr(note, "9 pin lines, 3 case+rep groups"));
	free(note);
	snprintf(tsv, sizeof(tsv), "%s/cmodel.tsv", out);
	assert_int_equal(tsv_read(tsv, &t, err, sizeof(err)), 0);
	for (size_t r = 0; r < t.nr_rows; r++)
		check_row(&t, r, &movers, &others);
	/* Three groups for every design, both kinds of design among them. */
	assert_int_equal((movers + others) % 3, 0);
	assert_true(movers >= 3 && others >= 3);
	tsv_free(&t);
	rm_rf(dir);
}

/* A bad file or parameter and what the one line on stderr must name. */
static const struct {
	const char *text;	/* the file; NULL: none at all */
	const char *param;	/* another --param, or NULL */
	const char *says;
} bad[] = {
	{ NULL, NULL, "cannot read" },
	{ "", NULL, "is empty" },
	{ HEADER, NULL, "no pinned pages" },
	{ "case\tpfn\tpageblock\tpage_in_block\n" LT0 "1\t2\t3\n", NULL, "no column 'region_block'" },
	{ "pfn\tpage\n1\t2\n", NULL, "no column 'case'" },
	{ HEADER LT0 "1\t2\t3\t1\n", NULL, "fields" },
	{ HEADER LT0 "1\t2\t512\t1\t8\n", NULL, "page_in_block" },
	{ HEADER LT0 "1\t2\tx\t1\t8\n", NULL, "page_in_block" },
	{ HEADER LT0 "1\t2\t3\t8\t8\n", NULL, "region_block" },
	{ HEADER LT0 "1\t2\t3\t-2\t8\n", NULL, "region_block" },
	{ HEADER LT0 "1\t2\t3\t1\t0\n", NULL, "region_blocks" },
	{ HEADER LT0 "1\t2\t3\t1\t8\n" LT0 "1\t2\t4\t1\t9\n", NULL, "differs" },
	{ HEADER "pin=longterm,k=3\t1\t2\t3\t1\t8\n", NULL, "want case" },
	{ HEADER "pin=fixed,k=3,rep=0\t1\t2\t3\t1\t8\n", NULL, "want case" },
	{ HEADER LT0 "1\t2\t3\t1\t8\n" LT0 "1\t2\t3\t1\t8\n", NULL, "twice" },
	{ HEADER LT0 "1\t2\t3\t1\t8", NULL, "cut short" },
	{ HEADER LT0 "1\t2\t3\t1\t8\n", "cmodel.fixed_bufs=4", "cmodel.fixed_bufs" },
	{ HEADER LT0 "1\t2\t3\t1\t8\n", "cmodel.thp=1", "cmodel.thp" },
};

static void t_bad_placement(void **state)
{
	char *dir = test_tmpdir(), file[4200], out[4200], err[512], arg[4300];

	(void)state;
	assert_non_null(dir);
	snprintf(file, sizeof(file), "%s/kcontig-pins.tsv", dir);
	snprintf(out, sizeof(out), "%s/run", dir);
	snprintf(arg, sizeof(arg), "cmodel.placement=%s", file);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { "run", "-b", "cmodel", "--param", arg, "-o", out,
				       "--param", bad[i].param, NULL };

		if (!bad[i].param)
			args[7] = NULL;
		unlink(file);
		if (bad[i].text)
			write_file(file, bad[i].text);
		assert_int_equal(run_cli(args, err, sizeof(err)), 2);
		if (!strstr(err, "cmodel") || !strstr(err, bad[i].says) || strchr(err, '\n') !=
		    err + strlen(err) - 1)
			fail_msg("case %zu: want one line naming '%s', got: %s", i, bad[i].says, err);
		assert_false(path_exists(out));
	}
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_placement_run),
		cmocka_unit_test(t_bad_placement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
