// SPDX-License-Identifier: GPL-2.0
/*
 * tests/report/test_report.c - `pinbench report`'s cover letter on
 * synthetic runs: a run against itself lists no significant change; a 10%
 * shift of a headline metric is listed with its mark, one of another row
 * is listed below the headline only when above the noise threshold; under
 * TCG no timing is marked; a change from zero reads as a difference.
 * compare shows the same headline rows unless --all or a filter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/letter.h"
#include "tests/report/compare_synth.h"

/* A case hotpath's headline globs match, and one they do not. */
#define HEAD_CASE "op=page_to_pfn,size=16K,order=seq,pinned=0%,place=-,threads=1"
#define OTHER_CASE "op=pin_unpin,size=64M,order=rand,pinned=50%,place=block,threads=1"

struct fixture {
	char *tmp;
};

/* A synthetic run: the headline ratio times head, a non-headline size times other. */
struct spec {
	const char *name;
	double head, other, from_zero;
	bool tcg;
};

static void write_spec(struct fixture *f, const struct spec *sp, char *dir, size_t len)
{
	struct results *r = synth_open(f->tmp, sp->name, sp->name, "complete");
	double head = sp->head, other = sp->other, from_zero = sp->from_zero;

	if (sp->tcg)
		results_manifest_set(r, "virt", "tcg");
	synth_series(r, "hotpath", "foll-pin", HEAD_CASE, "ratio_to_baseline", "ratio", false,
		     1.5 * head, 0.01, 1);
	synth_series(r, "hotpath", "foll-pin", OTHER_CASE, "struct_page_bytes", "B", false,
		     64.0 * other, 0.001, 2);
	synth_series(r, "kpins", "-", "engine=libaio,rw=randread,bs=4k,qd=32,jobs=1",
		     "pins_per_io", "pages", false, from_zero, 0.0, 3);
	assert_int_equal(results_close(r), 0);
	snprintf(dir, len, "%s/%s", f->tmp, sp->name);
}

static void write_run(struct fixture *f, const char *name, double head, double other,
		      double from_zero, bool tcg, char *dir, size_t len)
{
	const struct spec sp = { name, head, other, from_zero, tcg };

	write_spec(f, &sp, dir, len);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->tmp = synth_tmpdir();
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

/* Builds the letter of dirs a and b into l (runs kept in runs). */
static void build(char *a, char *b, struct run runs[2], struct letter *l)
{
	char *dirs[2] = { a, b }, err[256];

	assert_int_equal(runs_load(dirs, 2, runs, err, sizeof(err)), 0);
	assert_int_equal(letter_build(l, runs, 2, err, sizeof(err)), 0);
}

/* The headline row of metric (kpins' pins_per_io is one too). */
static const struct cmp_op *head_row(const struct letter *l, const char *metric)
{
	for (size_t i = 0; i < l->nr_head; i++)
		if (!strcmp(l->head[i]->key->metric, metric))
			return l->head[i];
	fail_msg("no headline row %s", metric);
	return NULL;
}

/* The letter of runs a and b, and the cell of its headline ratio. */
static void pair(struct fixture *f, const struct spec *a, const struct spec *b,
		 struct run runs[2], struct letter *l, struct letter_cell *c)
{
	static char da[4200], db[4200];

	write_spec(f, a, da, sizeof(da));
	write_spec(f, b, db, sizeof(db));
	build(da, db, runs, l);
	letter_cell(l, head_row(l, "ratio_to_baseline"), 1, c);
}

static void done(struct run runs[2], struct letter *l)
{
	letter_free(l);
	runs_free(runs, 2);
}

static char *text_of(const struct letter *l)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	letter_print_text(out, l);
	fclose(out);
	return buf;
}

static void test_self_no_change(void **state)
{
	struct fixture *f = *state;
	char a[4200];
	struct run runs[2];
	struct letter l;
	struct letter_cell c;

	write_run(f, "self", 1.0, 1.0, 0.0, false, a, sizeof(a));
	build(a, a, runs, &l);
	assert_int_equal(l.nr_head, 2);
	assert_int_equal(l.nr_other, 0);
	letter_cell(&l, head_row(&l, "ratio_to_baseline"), 1, &c);
	assert_int_equal(c.mark, ' ');
	assert_true(c.change == 0);
	done(runs, &l);
}

static void test_headline_shift_marked(void **state)
{
	const struct spec a = { "base", 1.0, 1.0, 0.0, false };
	const struct spec b = { "slower", 1.1, 1.02, 0.0, false };
	struct run runs[2];
	struct letter l;
	struct letter_cell c;
	char *text;

	pair(*state, &a, &b, runs, &l, &c);
	assert_int_equal(c.mark, '*');
	assert_true(c.change < -9 && c.change > -11);	/* lower is better: worse */
	/* 2% on a quiet row is significant, but under the 5% threshold. */
	assert_int_equal(l.nr_other, 0);
	text = text_of(&l);
	assert_non_null(strstr(text, "ratio_to_baseline"));
	assert_non_null(strstr(text, "-10."));
	assert_non_null(strstr(text, "%*") ? strstr(text, "%*") : strstr(text, "*\n"));
	free(text);
	done(runs, &l);
}

static void test_other_row_above_noise(void **state)
{
	struct fixture *f = *state;
	char a[4200], b[4200];
	struct run runs[2];
	struct letter l;

	write_run(f, "base2", 1.0, 1.0, 0.0, false, a, sizeof(a));
	write_run(f, "bigger", 1.0, 1.25, 0.0, false, b, sizeof(b));
	build(a, b, runs, &l);
	assert_int_equal(l.nr_other, 1);
	assert_string_equal(l.other[0]->key->metric, "struct_page_bytes");
	done(runs, &l);
}

static void test_tcg_timings_unmarked(void **state)
{
	const struct spec a = { "tcg-a", 1.0, 1.0, 0.0, true };
	const struct spec b = { "tcg-b", 1.1, 1.0, 1.0, true };
	struct run runs[2];
	struct letter l;
	struct letter_cell c;
	char *text;

	pair(*state, &a, &b, runs, &l, &c);
	assert_true(l.tcg);
	assert_int_equal(c.mark, '~');
	text = text_of(&l);
	assert_non_null(strstr(text, "functional only"));
	/* pins_per_io 0 -> 1: the difference, never an infinite percentage. */
	assert_non_null(strstr(text, "+1 pages"));
	assert_null(strstr(text, "inf"));
	for (char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		assert_true(strcspn(line, "\n") <= 80);
	free(text);
	done(runs, &l);
}

static void test_report_writes_letter(void **state)
{
	struct fixture *f = *state;
	char a[4200], b[4200], out_dir[4300], path[4400];
	char *argv[] = { "report", "-o", out_dir, a, b };
	FILE *devnull = fopen("/dev/null", "w");

	write_run(f, "wa", 1.0, 1.0, 0.0, false, a, sizeof(a));
	write_run(f, "wb", 1.1, 1.0, 0.0, false, b, sizeof(b));
	snprintf(out_dir, sizeof(out_dir), "%s/letter", f->tmp);
	assert_int_equal(report_main(5, argv, devnull), 0);
	fclose(devnull);
	snprintf(path, sizeof(path), "%s/letter.txt", out_dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/letter.md", out_dir);
	assert_int_equal(access(path, R_OK), 0);
}

static char *compare_text(int argc, char **argv)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	assert_int_equal(compare_main(argc, argv, out), 0);
	fclose(out);
	return buf;
}

/* compare shows the headline rows by default, everything with --all or a filter. */
static void test_compare_headline_view(void **state)
{
	struct fixture *f = *state;
	char a[4200], *text;
	char *dflt[] = { "compare", a, a };
	char *all[] = { "compare", "--all", a, a };
	char *metric[] = { "compare", "--metric", "struct_*", a, a };

	write_run(f, "view", 1.0, 1.0, 0.0, false, a, sizeof(a));
	text = compare_text(3, dflt);
	assert_non_null(strstr(text, "ratio_to_baseline"));
	assert_null(strstr(text, "struct_page_bytes"));
	assert_null(strstr(text, "\nMin "));	/* Median and CoeffVar only */
	assert_null(strstr(text, "\nAmean "));
	free(text);
	text = compare_text(4, all);
	assert_non_null(strstr(text, "struct_page_bytes"));
	assert_non_null(strstr(text, "\nMin "));
	free(text);
	text = compare_text(5, metric);
	assert_non_null(strstr(text, "struct_page_bytes"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_self_no_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_headline_shift_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_row_above_noise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcg_timings_unmarked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_writes_letter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compare_headline_view, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
