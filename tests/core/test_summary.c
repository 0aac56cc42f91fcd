// SPDX-License-Identifier: GPL-2.0
/*
 * tests/core/test_summary.c - the end-of-run summary shows a benchmark's
 * headline rows (metric and case globs) and counts the rest; a benchmark
 * without a headline shows its first rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/report/compare_synth.h"
#include "core/run.h"

#include <fcntl.h>
#include <unistd.h>

static const struct bench_headline hl_headline[] = {
	{ "m1", "keep*" },
	{ NULL, NULL },
};
static const struct bench hl = { .name = "hl", .headline = hl_headline };
static const struct bench plain = { .name = "plain" };

/* print_summary()'s output for the run in dir, as one string. */
static char *summary_text(const char *dir)
{
	const struct bench *const benches[] = { &hl, &plain };
	char path[4200], *text = calloc(1, 65536);
	int fd, saved = dup(STDOUT_FILENO);
	FILE *in;

	snprintf(path, sizeof(path), "%s/out.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	print_summary(dir, benches, 2);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(fd);
	close(saved);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_true(fread(text, 1, 65535, in) > 0);
	fclose(in);
	return text;
}

static void test_headline_rows(void **state)
{
	char *tmp = synth_tmpdir(), dir[4200], *text;
	struct results *r = synth_open(tmp, "run", "synthetic", "complete");

	(void)state;
	synth_series(r, "hl", "d", "keep-a", "m1", "ns", false, 1.0, 0.05, 1);
	synth_series(r, "hl", "d", "drop-b", "m1", "ns", false, 2.0, 0.05, 2);
	synth_series(r, "hl", "d", "keep-c", "m2", "ns", false, 3.0, 0.05, 3);
	synth_series(r, "plain", "d", "first", "m1", "ns", false, 4.0, 0.05, 4);
	for (unsigned i = 0; i < 3; i++)	/* too few for a median interval */
		assert_int_equal(results_add(r, "plain", "d", "few", "m1", "ns", false, i,
					     1.0 + i), 0);
	assert_int_equal(results_close(r), 0);
	snprintf(dir, sizeof(dir), "%s/run", tmp);
	text = summary_text(dir);
	assert_non_null(strstr(text, "m1 with keep-a"));	/* one row: its case said once */
	assert_null(strstr(text, "drop-b"));
	assert_null(strstr(text, "keep-c"));
	assert_non_null(strstr(text, "... 2 more rows in summary.tsv"));
	assert_non_null(strstr(text, "first"));	/* no headline: first rows */
	assert_non_null(strstr(text, "95% CI of the median"));
	/* 3 samples: the range instead of an interval that does not exist */
	assert_non_null(strstr(text, "few"));
	assert_non_null(strstr(text, "(min 1, max 3) n=3"));
	free(text);
	synth_rmtree(tmp);
}

/* Case keys that vary get columns: 80 columns, no name cut short. */
static void test_fits_80_columns(void **state)
{
	static const char *const ops[] = { "page_to_pfn", "pin_unpin" };
	static const char *const sizes[] = { "16K", "64M" };
	char *tmp = synth_tmpdir(), dir[4200], *text, case_[256];
	struct results *r = synth_open(tmp, "run", "synthetic", "complete");

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		snprintf(case_, sizeof(case_), "op=%s,size=%s,order=seq,pinned=0%%,"
			 "place=random,threads=1,mem=local,stream_min_entries=262144",
			 ops[i % 2], sizes[i / 2]);
		synth_series(r, "plain", "page-callbacks", case_, "ratio_to_baseline", "ratio",
			     false, 1.0 + i, 0.05, i);
	}
	assert_int_equal(results_close(r), 0);
	snprintf(dir, sizeof(dir), "%s/run", tmp);
	text = summary_text(dir);
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		assert_true(strcspn(line, "\n") <= 80);
	assert_null(strstr(text, "..."));
	assert_non_null(strstr(text, "op          size"));
	assert_non_null(strstr(text, "page_to_pfn 64M"));
	assert_non_null(strstr(text, "stream_min_entries=262144"));
	free(text);
	synth_rmtree(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headline_rows),
		cmocka_unit_test(test_fits_80_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
