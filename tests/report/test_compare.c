// SPDX-License-Identifier: GPL-2.0
/*
 * tests/report/test_compare.c - `pinbench compare` on synthetic runs whose answers
 * are known: a 10% shift with 1% noise is significant with the right sign
 * whichever way the metric points, identical samples are not, a metric one
 * run lacks shows "-", and incomplete or unrelated runs are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/compare.h"
#include "tests/report/compare_synth.h"

struct fixture {
	char *tmp;
	char dirs[4][4200];
};

/* base: the baseline; faster: 10% better both ways; slower: 10% worse. */
static void write_runs(struct fixture *f)
{
	static const char *const names[] = { "base", "faster", "slower", "same" };
	static const double scale_lat[] = { 1.0, 0.9, 1.1, 1.0 };
	static const double scale_rate[] = { 1.0, 1.1, 0.9, 1.0 };

	for (unsigned i = 0; i < 4; i++) {
		struct results *r = synth_open(f->tmp, names[i], names[i], "complete");
		/* "same": the baseline's own samples again, streams 1 and 2. */
		unsigned stream = i == 3 ? 0 : i;

		synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false,
			     100.0 * scale_lat[i], 0.01, 10 * stream + 1);
		synth_series(r, "syn", "d1", "size=4096", "ops_per_s", "ops/s", true,
			     1e6 * scale_rate[i], 0.01, 10 * stream + 2);
		if (i != 1)	/* "faster" lacks this one */
			synth_series(r, "syn", "d1", "size=4096", "only_some", "ns", false,
				     5.0, 0.01, 10 * stream + 3);
		synth_series(r, "syn", "d1", "size=4096", "vmstat.compact_stall", "count",
			     false, 10.0 * (i + 1), 0.0, 0);
		synth_series(r, "syn", "d1", "size=4096", "vm_pgmigrate_fail", "count",
			     false, 3.0, 0.0, 0);
		assert_int_equal(results_close(r), 0);
		snprintf(f->dirs[i], sizeof(f->dirs[i]), "%s/%s", f->tmp, names[i]);
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->tmp = synth_tmpdir();
	write_runs(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	synth_rmtree(f->tmp);
	free(f);
	return 0;
}

/* Loads the given runs (indexes into f->dirs) and compares them. */
struct loaded {
	struct run runs[4];
	size_t nr;
	struct comparison c;
};

static void load(struct fixture *f, struct loaded *l, const unsigned *which, size_t nr)
{
	char *dirs[4], err[512] = "";
	struct cmp_filter none = { 0 };

	for (size_t i = 0; i < nr; i++)
		dirs[i] = f->dirs[which[i]];
	l->nr = nr;
	assert_int_equal(runs_load(dirs, nr, l->runs, err, sizeof(err)), 0);
	assert_int_equal(comparison_build(&l->c, l->runs, nr, &none, err, sizeof(err)), 0);
}

static void unload(struct loaded *l)
{
	comparison_free(&l->c);
	runs_free(l->runs, l->nr);
}

static const struct cmp_op *find_op(const struct comparison *c, const char *metric)
{
	for (size_t i = 0; i < c->nr_ops; i++)
		if (!strcmp(c->ops[i].key->metric, metric))
			return &c->ops[i];
	fail_msg("no op %s", metric);
	return NULL;
}

static void check_shift(const struct comparison *c, const char *metric, size_t run,
			double want)
{
	struct cmp_cell cell = cmp_cell(c, find_op(c, metric), CMP_MEAN, run);

	assert_true(cell.present);
	assert_true(cell.significant);
	/* 10% on the mean is ~10% (a rate's Hmean: +10%/-10% of 1/x shifts). */
	assert_true(fabs(cell.change - want) < 1.5);
}

/*
 * Nine samples 10% slower and one wild one: the wild sample swamps the
 * means (Welch: no mark on Amean), the ranks still see every other sample
 * above the baseline's (Mann-Whitney: a mark on Median).
 */
static void test_median_mark_resists_one_wild_sample(void **state)
{
	struct fixture *f = *state;
	char *dirs[2], a[4200], b[4200], err[512] = "";
	struct cmp_filter none = { 0 };
	struct run runs[2];
	struct comparison c;
	struct results *r;

	for (int k = 0; k < 2; k++) {
		r = synth_open(f->tmp, k ? "spiky-b" : "spiky-a", k ? "b" : "a", "complete");
		for (unsigned i = 0; i < 10; i++) {
			double v = (k ? 110.0 : 100.0) + 0.1 * i;

			if (k && i == 9)
				v = 1e6;
			assert_int_equal(results_add(r, "syn", "d1", "size=4096", "ns_per_op",
						     "ns", false, i, v), 0);
		}
		assert_int_equal(results_close(r), 0);
	}
	snprintf(a, sizeof(a), "%s/spiky-a", f->tmp);
	snprintf(b, sizeof(b), "%s/spiky-b", f->tmp);
	dirs[0] = a;
	dirs[1] = b;
	assert_int_equal(runs_load(dirs, 2, runs, err, sizeof(err)), 0);
	assert_int_equal(comparison_build(&c, runs, 2, &none, err, sizeof(err)), 0);
	assert_false(cmp_cell(&c, &c.ops[0], CMP_MEAN, 1).significant);
	assert_true(cmp_cell(&c, &c.ops[0], CMP_MEDIAN, 1).significant);
	assert_true(cmp_cell(&c, &c.ops[0], CMP_MEDIAN, 1).change < 0);	/* slower */
	comparison_free(&c);
	runs_free(runs, 2);
}

static void test_shift_both_directions(void **state)
{
	static const unsigned which[] = { 0, 1, 2 };
	struct loaded l;

	load(*state, &l, which, 3);
	check_shift(&l.c, "ns_per_op", 1, 10.0);	/* 10% lower latency: +10% */
	check_shift(&l.c, "ns_per_op", 2, -10.0);
	check_shift(&l.c, "ops_per_s", 1, 10.0);	/* 10% higher rate: +10% */
	check_shift(&l.c, "ops_per_s", 2, -10.0);
	assert_string_equal(cmp_stat_name(find_op(&l.c, "ops_per_s"), CMP_MEAN), "Hmean");
	assert_string_equal(cmp_stat_name(find_op(&l.c, "ns_per_op"), CMP_MEAN), "Amean");
	unload(&l);
}

static void test_identical_not_significant(void **state)
{
	static const unsigned which[] = { 0, 3 };
	struct loaded l;

	load(*state, &l, which, 2);
	for (enum cmp_stat s = CMP_MIN; s < CMP_N; s++) {
		struct cmp_cell cell = cmp_cell(&l.c, find_op(&l.c, "ns_per_op"), s, 1);

		assert_false(cell.significant);
		assert_true(fabs(cell.change) < 1e-9);
	}
	unload(&l);
}

/* A baseline vs a draw of the same distribution with other noise. */
static void test_same_distribution_not_significant(void **state)
{
	struct fixture *f = *state;
	struct results *r = synth_open(f->tmp, "redraw", "redraw", "complete");
	char *dirs[2] = { f->dirs[0], NULL }, err[512], path[4200];
	struct run runs[2];
	struct cmp_filter none = { 0 };
	struct comparison c;

	synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false, 100.0, 0.01, 77);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/redraw", f->tmp);
	dirs[1] = path;
	assert_int_equal(runs_load(dirs, 2, runs, err, sizeof(err)), 0);
	assert_int_equal(comparison_build(&c, runs, 2, &none, err, sizeof(err)), 0);
	assert_false(cmp_cell(&c, find_op(&c, "ns_per_op"), CMP_MEAN, 1).significant);
	assert_false(cmp_cell(&c, find_op(&c, "ns_per_op"), CMP_MEDIAN, 1).significant);
	comparison_free(&c);
	runs_free(runs, 2);
}

/* Runs compare_main and returns what it printed (malloc'd). */
static char *run_compare(int *ret, int argc, ...)
{
	char *argv[16] = { "compare" }, *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	va_list ap;

	va_start(ap, argc);
	for (int i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	*ret = compare_main(argc, argv, out);
	fclose(out);
	return buf;
}

static const char *line_starting(const char *text, const char *after, const char *prefix)
{
	const char *p = strstr(text, after);

	assert_non_null(p);
	while ((p = strchr(p, '\n'))) {
		p++;
		if (!strncmp(p, prefix, strlen(prefix)))
			return p;
	}
	fail_msg("no line %s after %s", prefix, after);
	return NULL;
}

static void test_missing_prints_dash(void **state)
{
	struct fixture *f = *state;
	int ret;
	char *text = run_compare(&ret, 3, f->dirs[0], f->dirs[1]);
	const char *min = line_starting(text, "syn only_some", "Min");
	const char *end = strchr(min, '\n');

	assert_int_equal(ret, 0);
	/* The last cell of the row is "-", never a number. */
	assert_true(end[-1] == '-' && end[-2] == ' ');
	free(text);
}

/* The signs of the significant changes of a line, 8 bits each, in order. */
static int significant_signs(const char *line)
{
	int signs = 0;

	for (const char *p = line; *p && *p != '\n'; p++) {
		char num[16];
		int len;

		if (*p != '*' || sscanf(p, "*%15[ 0-9.-]%%*%n", num, &len) != 1 || len == 0)
			continue;
		signs = signs * 256 + (strchr(num, '-') ? '-' : '+');
		p += len - 1;
	}
	return signs;
}

static void test_text_marks_and_width(void **state)
{
	struct fixture *f = *state;
	int ret;
	char *text = run_compare(&ret, 5, f->dirs[0], f->dirs[1], f->dirs[2], f->dirs[3]);
	const char *amean = line_starting(text, "syn ns_per_op", "Amean");

	assert_int_equal(ret, 0);
	/* faster then slower: "*   10.xx%*" and "*   -9.xx%*" or "*  -10.xx%*" */
	assert_int_equal(significant_signs(amean), '+' * 256 + '-');
	assert_non_null(strstr(text, "(    0.00%)"));
	assert_non_null(strstr(text, "/proc/vmstat deltas"));
	assert_non_null(strstr(text, "\ncompact_stall "));
	assert_non_null(strstr(text, "\npgmigrate_fail "));
	assert_null(strstr(text, "vm_pgmigrate_fail"));
	for (const char *p = text; *p; ) {
		size_t len = strcspn(p, "\n");

		assert_true(len <= 80);
		p += len + (p[len] != 0);
	}
	free(text);
}

static void test_incomplete_refused(void **state)
{
	struct fixture *f = *state;
	struct results *r = synth_open(f->tmp, "partial", "partial", "incomplete");
	char path[4200], *text;
	int ret;

	synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false, 100.0, 0.01, 5);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/partial", f->tmp);
	text = run_compare(&ret, 3, f->dirs[0], path);
	assert_int_equal(ret, 2);
	free(text);
	text = run_compare(&ret, 4, "--allow-incomplete", f->dirs[0], path);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(text, "NOTE: partial"));
	free(text);
}

static void test_nothing_in_common(void **state)
{
	struct fixture *f = *state;
	struct results *r = synth_open(f->tmp, "other", "other", "complete");
	char path[4200], *text;
	int ret;

	synth_series(r, "elsewhere", "-", "", "us", "us", false, 1.0, 0.01, 5);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/other", f->tmp);
	text = run_compare(&ret, 3, f->dirs[0], path);
	assert_int_equal(ret, 2);
	free(text);
	text = run_compare(&ret, 5, "--metric", "nomatch*", f->dirs[0], f->dirs[1]);
	assert_int_equal(ret, 2);
	free(text);
}

static void test_selection_and_formats(void **state)
{
	struct fixture *f = *state;
	int ret;
	char *text = run_compare(&ret, 9, "--format", "tsv", "--metric", "ops_*",
				 "--bench", "syn", f->dirs[0], f->dirs[2]);

	assert_int_equal(ret, 0);
	assert_null(strstr(text, "ns_per_op"));
	assert_non_null(strstr(text, "\tHmean\tsyn\td1\tsize=4096\tops_per_s\t"));
	assert_non_null(strstr(text, "\tyes\t"));
	free(text);
	text = run_compare(&ret, 5, f->dirs[0], f->dirs[2], "--format", "markdown");
	assert_int_equal(ret, 0);
	assert_non_null(strstr(text, "|---|---|--:|--:|"));
	assert_non_null(strstr(text, "\\*-"));
	free(text);
	text = run_compare(&ret, 4, "--format", "html", f->dirs[0], f->dirs[2]);
	assert_int_equal(ret, 2);
	free(text);
	text = run_compare(&ret, 2, f->dirs[0]);
	assert_int_equal(ret, 2);
	free(text);
}

/* The options compare and plot share fill one filter. */
static void test_filter_options(void **state)
{
	struct cmp_filter f = { 0 };
	struct series s = { .bench = "syn", .design = "d1", .case_ = "size=4096",
			    .metric = "ops_per_s" };
	struct series vm = s;

	(void)state;
	vm.metric = "vmstat.compact_stall";
	assert_true(series_selected(&s, NULL));
	assert_int_equal(cmp_filter_option(&f, 'b', "other"), 0);
	assert_false(series_selected(&s, &f));
	assert_int_equal(cmp_filter_option(&f, 'b', "syn"), 0);
	assert_int_equal(cmp_filter_option(&f, 'm', "ops_*"), 0);
	assert_int_equal(cmp_filter_option(&f, 'c', "size=4096"), 0);
	assert_true(series_selected(&s, &f));
	/* vmstat counters: never table rows, and --bench alone picks them */
	assert_false(series_selected(&vm, &f));
	assert_true(series_vmstat_selected(&vm, &f));
	assert_false(series_vmstat_selected(&s, &f));
	assert_int_equal(cmp_filter_option(&f, 'c', "size=8*"), 0);
	assert_true(series_selected(&s, &f));	/* any --case may match */
	f.nr_cases = 1;
	f.cases[0] = "size=8*";
	assert_false(series_selected(&s, &f));
	cmp_filter_free(&f);
	assert_null(f.benches);
}

static void test_change_from_zero(void **state)
{
	struct fixture *f = *state;
	struct results *r = synth_open(f->tmp, "zero", "zero", "complete");
	char path[4200], *text;
	int ret;

	/* only_some is 5 ns in the baseline; here it costs nothing. */
	synth_series(r, "syn", "d1", "size=4096", "only_some", "ns", false, 0.0, 0.0, 1);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/zero", f->tmp);
	text = run_compare(&ret, 3, path, f->dirs[0]);
	assert_int_equal(ret, 0);
	/* 0 ns to 5 ns: no percentage exists; the difference, marked by the test. */
	assert_non_null(strstr(line_starting(text, "syn only_some", "Amean"), "*   +5 abs*"));
	assert_null(strstr(text, "inf%"));
	free(text);
}

/*
 * Two runs under TCG (manifest virt tcg) whose times differ by half: the
 * emulator's times get a ~, never the *, while a count still gets its *.
 */
static void test_tcg_times_not_marked(void **state)
{
	struct fixture *f = *state;
	char a[4200], b[4200], *text;
	const char *names[2] = { "tcg_a", "tcg_b" };
	int ret;

	for (int i = 0; i < 2; i++) {
		struct results *r = synth_open(f->tmp, names[i], names[i], "complete");

		results_manifest_set(r, "virt", "tcg");
		synth_series(r, "emu", "-", "size=1", "cost", "ns", false, i ? 50.0 : 100.0, 0.01, 7);
		synth_series(r, "emu", "-", "size=1", "pins", "pages", false, i ? 50.0 : 100.0, 0.01, 8);
		assert_int_equal(results_close(r), 0);
	}
	snprintf(a, sizeof(a), "%s/tcg_a", f->tmp);
	snprintf(b, sizeof(b), "%s/tcg_b", f->tmp);
	text = run_compare(&ret, 4, "--all", a, b);
	assert_int_equal(ret, 0);
	snprintf(a, sizeof(a), "%.*s", (int)strcspn(line_starting(text, "emu cost", "Median"), "\n"),
		 line_starting(text, "emu cost", "Median"));
	assert_non_null(strstr(a, "~"));
	assert_null(strchr(a, '*'));
	snprintf(b, sizeof(b), "%.*s", (int)strcspn(line_starting(text, "emu pins", "Median"), "\n"),
		 line_starting(text, "emu pins", "Median"));
	assert_non_null(strchr(b, '*'));
	free(text);
}

/* One run, two designs: d2 costs 10% less than d1. */
static void test_designs_of_one_run(void **state)
{
	struct fixture *f = *state;
	struct results *r = synth_open(f->tmp, "two", "two", "complete");
	char path[4200], *text;
	int ret;

	synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false, 100.0, 0.01, 1);
	synth_series(r, "syn", "d2", "size=4096", "ns_per_op", "ns", false, 90.0, 0.01, 2);
	synth_series(r, "syn", "-", "op=floor", "ns_per_op", "ns", false, 1.0, 0.01, 3);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/two", f->tmp);
	text = run_compare(&ret, 3, "--designs", path);
	assert_int_equal(ret, 0);
	assert_int_equal(significant_signs(line_starting(text, "syn ns_per_op", "Amean")), '+');
	assert_null(strstr(text, "op=floor"));	/* no design: the same in every column */
	free(text);
	text = run_compare(&ret, 4, "--base-design", "d2", path);
	assert_int_equal(ret, 0);
	assert_int_equal(significant_signs(line_starting(text, "syn ns_per_op", "Amean")), '-');
	free(text);
	text = run_compare(&ret, 3, "--designs", f->dirs[0]);	/* one design only */
	assert_int_equal(ret, 2);
	free(text);
	text = run_compare(&ret, 4, "--designs", path, path);
	assert_int_equal(ret, 2);
	free(text);
}

static void test_long_names_wrap(void **state)
{
	struct fixture *f = *state;
	const char *label = "a-rather-long-label for-the-patched-kernel";
	struct results *r = synth_open(f->tmp, "long", label, "complete");
	char path[4200], *text;
	int ret;

	synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false, 100.0, 0.01, 9);
	assert_int_equal(results_close(r), 0);
	snprintf(path, sizeof(path), "%s/long", f->tmp);
	text = run_compare(&ret, 3, f->dirs[0], path);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(text, "a-rather-long-label\n"));
	assert_non_null(strstr(text, "for-the-patched-kernel 6.18.0-test\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shift_both_directions),
		cmocka_unit_test(test_median_mark_resists_one_wild_sample),
		cmocka_unit_test(test_identical_not_significant),
		cmocka_unit_test(test_same_distribution_not_significant),
		cmocka_unit_test(test_missing_prints_dash),
		cmocka_unit_test(test_text_marks_and_width),
		cmocka_unit_test(test_incomplete_refused),
		cmocka_unit_test(test_nothing_in_common),
		cmocka_unit_test(test_selection_and_formats),
		cmocka_unit_test(test_filter_options),
		cmocka_unit_test(test_change_from_zero),
		cmocka_unit_test(test_tcg_times_not_marked),
		cmocka_unit_test(test_designs_of_one_run),
		cmocka_unit_test(test_long_names_wrap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
