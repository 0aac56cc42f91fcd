// SPDX-License-Identifier: GPL-2.0
/*
 * tests/report/test_plot.c - `pinbench plot` on a small synthetic run: each
 * template (box.gp, sweep.gp) writes a non-empty PNG, SVG and 80-column
 * text figure; the figure kind and log axes follow the case parameters;
 * a missing gnuplot is one clear failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/plot.h"
#include "tests/report/compare_synth.h"

#include <sys/stat.h>
#include <time.h>

struct fixture {
	char *tmp;
	char run[4200], out[4200];
};

/* A size sweep over 4 decades and a set of modes without a number. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct results *r;
	char case_[64];

	f->tmp = synth_tmpdir();
	r = synth_open(f->tmp, "run", "synthetic", "complete");
	for (long size = 4096; size <= 64L << 20; size *= 16) {
		snprintf(case_, sizeof(case_), "size=%ld,threads=1", size);
		synth_series(r, "syn", "d1", case_, "ns_per_page", "ns", false,
			     10.0 + (double)(size >> 12), 0.05, (unsigned)size);
	}
	synth_series(r, "syn", "d1", "mode=a", "pins_per_s", "pins/s", true, 1e6, 0.05, 1);
	synth_series(r, "syn", "d2", "mode=a", "pins_per_s", "pins/s", true, 2e6, 0.05, 2);
	synth_series(r, "syn", "d1", "mode=a", "vmstat.nr_foll_pin_acquired", "count",
		     false, 10.0, 0.0, 3);
	/* idle has no engine: engine labels only the lines that have one. */
	synth_series(r, "kc", "-", "scenario=idle,size=4K", "ms", "ms", false, 1.0, 0.05, 9);
	synth_series(r, "kc", "-", "scenario=idle,size=64K", "ms", "ms", false, 2.0, 0.05, 10);
	synth_series(r, "kc", "-", "scenario=fio,engine=a,size=4K", "ms", "ms", false, 3.0, 0.05, 11);
	synth_series(r, "kc", "-", "scenario=fio,engine=a,size=64K", "ms", "ms", false, 4.0, 0.05, 12);
	synth_series(r, "kc", "-", "scenario=fio,engine=b,size=4K", "ms", "ms", false, 5.0, 0.05, 13);
	synth_series(r, "kc", "-", "scenario=fio,engine=b,size=64K", "ms", "ms", false, 6.0, 0.05, 14);
	/* pass=1/2: two values of a number that is no sweep axis, so boxes. */
	synth_series(r, "twice", "d1", "pass=1", "ms", "ms", false, 10.0, 0.05, 7);
	synth_series(r, "twice", "d1", "pass=2", "ms", "ms", false, 5.0, 0.05, 8);
	/* 2 designs x 5 ops = 10 lines: more than a reader can tell apart. */
	for (unsigned i = 0; i < 20; i++) {
		snprintf(case_, sizeof(case_), "op=%c,size=%uKiB", 'a' + i % 5, 4u << (i / 10 * 4));
		synth_series(r, "split", i % 10 < 5 ? "d1" : "d2", case_, "ns", "ns", false,
			     1.0 + i, 0.05, 100 + i);
	}
	assert_int_equal(results_close(r), 0);
	snprintf(f->run, sizeof(f->run), "%s/run", f->tmp);
	snprintf(f->out, sizeof(f->out), "%s/plots", f->tmp);
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

static void test_case_number(void **state)
{
	double v;

	(void)state;
	assert_true(case_number("size=4K,threads=2", "size", &v));
	assert_true(v == 4096.0);
	assert_true(case_number("size=4K,threads=2", "threads", &v));
	assert_true(v == 2.0);
	assert_true(case_number("size=16KiB", "size", &v));
	assert_true(v == 16384.0);
	assert_true(case_number("pinned=50%", "pinned", &v));
	assert_true(v == 50.0);
	assert_false(case_number("size=16KiBs", "size", &v));
	assert_false(case_number("mode=a", "mode", &v));
	assert_false(case_number("nsize=4", "size", &v));
	assert_false(case_number("size=", "size", &v));
}

static void check_legends(struct fixture *f, const struct run *run, const struct figure *fig)
{
	char path[4400], err[256], *text = NULL;
	struct fig_blocks blocks;
	size_t len = 0;
	FILE *in;

	assert_string_equal(fig->key->bench, "kc");
	assert_string_equal(fig->xkey, "size");
	snprintf(path, sizeof(path), "%s/kc.dat", f->tmp);
	assert_int_equal(figure_write_data(fig, run, 1, path, &blocks, err, sizeof(err)), 0);
	assert_int_equal(blocks.nr, 3);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_true(getdelim(&text, &len, 0, in) > 0);
	fclose(in);
	/* One run: the legends name the lines only, not the run. */
	assert_non_null(strstr(text, "\"scenario=fio,engine=a\"\n"));
	assert_non_null(strstr(text, "\"scenario=fio,engine=b\"\n"));
	assert_non_null(strstr(text, "\"scenario=idle\"\n"));
	free(text);
}

static void test_figure_kinds(void **state)
{
	struct fixture *f = *state;
	char *dirs[1] = { f->run }, err[256];
	struct run run;
	struct figure *figs;
	size_t nr;

	assert_int_equal(runs_load(dirs, 1, &run, err, sizeof(err)), 0);
	figs = figures_build(&run, 1, NULL, false, &nr);
	assert_non_null(figs);
	assert_int_equal(nr, 1 + 2 + 5 + 1);	/* vmstat counters are not plotted */
	check_legends(f, &run, &figs[0]);
	figs++;
	/* The 10-line sweep is split per op: 5 figures of 2 lines. */
	for (size_t i = 0; i < 5; i++) {
		char facet[16];

		snprintf(facet, sizeof(facet), "op=%c", (int)('a' + i));
		assert_string_equal(figs[i].key->bench, "split");
		assert_string_equal(figs[i].facet, facet);
		assert_string_equal(figs[i].fixed, facet);
		assert_int_equal(figs[i].kind, FIG_SWEEP);
		assert_int_equal(figs[i].nr, 4);
	}
	figs += 5;
	assert_string_equal(figs[0].key->metric, "ns_per_page");
	assert_int_equal(figs[0].kind, FIG_SWEEP);
	assert_string_equal(figs[0].xkey, "size");	/* threads does not vary */
	assert_true(figs[0].logx);
	assert_string_equal(figs[1].key->metric, "pins_per_s");
	assert_int_equal(figs[1].kind, FIG_BOX);
	assert_false(figs[1].logy);
	assert_string_equal(figs[2].key->bench, "twice");
	assert_int_equal(figs[2].kind, FIG_BOX);
	figures_free(figs - 6, nr);
	runs_free(&run, 1);
}

/*
 * --boxes: the size sweep (4 sizes) becomes a box per size; its data rows carry the
 * median's 95% interval (order statistics) around the median.
 */
static void test_boxes_instead_of_sweeps(void **state)
{
	struct fixture *f = *state;
	char *dirs[1] = { f->run }, err[256], path[4400], line[256];
	struct fig_blocks blocks;
	struct run run;
	struct figure *figs;
	size_t nr, rows = 0;
	FILE *in;

	assert_int_equal(runs_load(dirs, 1, &run, err, sizeof(err)), 0);
	figs = figures_build(&run, 1, NULL, true, &nr);
	assert_non_null(figs);
	for (size_t i = 0; i < nr; i++) {
		assert_int_equal(figs[i].kind, FIG_BOX);
		assert_string_equal(figs[i].xkey, "");
	}
	for (size_t i = 0; i < nr; i++) {
		double x, q1, lo, hi, q3, med, mlo, mhi;
		unsigned n;

		if (strcmp(figs[i].key->metric, "ns_per_page"))
			continue;
		assert_int_equal(figure_box_slots(&figs[i]), 4);	/* one per size */
		snprintf(path, sizeof(path), "%s/boxes.dat", f->tmp);
		assert_int_equal(figure_write_data(&figs[i], &run, 1, path, &blocks, err,
						   sizeof(err)), 0);
		in = fopen(path, "r");
		assert_non_null(in);
		while (fgets(line, sizeof(line), in)) {
			if (sscanf(line, "%lf %lf %lf %lf %lf %lf %u %lf %lf", &x, &q1, &lo, &hi,
				   &q3, &med, &n, &mlo, &mhi) != 9)
				continue;
			assert_true(n >= 6 && mlo <= med && med <= mhi && lo <= mlo && mhi <= hi);
			rows++;
		}
		fclose(in);
	}
	assert_int_equal(rows, 4);
	figures_free(figs, nr);
	runs_free(&run, 1);
}

/* --case keeps the series whose case matches a glob (here the fio ones). */
static void test_case_filter(void **state)
{
	struct fixture *f = *state;
	char *dirs[1] = { f->run }, err[256];
	char *benches[] = { "kc" }, *cases[] = { "scenario=fio,*" };
	const struct cmp_filter filter = { .benches = benches, .nr_benches = 1,
					   .cases = cases, .nr_cases = 1 };
	struct run run;
	struct figure *figs;
	size_t nr;

	assert_int_equal(runs_load(dirs, 1, &run, err, sizeof(err)), 0);
	figs = figures_build(&run, 1, &filter, false, &nr);
	assert_non_null(figs);
	assert_int_equal(nr, 1);
	assert_int_equal(figs[0].nr, 4);	/* engines a and b at 4K and 64K */
	for (size_t i = 0; i < figs[0].nr; i++)
		assert_null(strstr(figs[0].m[i].s->case_, "idle"));
	figures_free(figs, nr);
	runs_free(&run, 1);
}

static int plot(struct fixture *f)
{
	/* Options after the run, as `make bench` writes them. */
	char *argv[] = { "plot", f->run, "-o", f->out };
	FILE *out = fopen("/dev/null", "w");
	int ret = plot_main(4, argv, out);

	fclose(out);
	return ret;
}

static void check_file(const char *dir, const char *name, const char *ext,
		       const char *magic)
{
	char path[4400], head[16] = "";
	FILE *in;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	in = fopen(path, "r");
	assert_non_null(in);
	assert_true(fread(head, 1, sizeof(head) - 1, in) > 0);
	fclose(in);
	assert_memory_equal(head, magic, strlen(magic));
}

/* The text figure is 80 columns wide at most and carries its title. */
static void check_text(const char *dir, const char *name, const char *title)
{
	char path[4400], line[512];
	bool titled = false;
	FILE *in;

	snprintf(path, sizeof(path), "%s/%s.txt", dir, name);
	in = fopen(path, "r");
	assert_non_null(in);
	while (fgets(line, sizeof(line), in)) {
		assert_true(strcspn(line, "\n") <= 80);
		titled |= strstr(line, title) != NULL;
	}
	fclose(in);
	assert_true(titled);
}

static void test_each_template_writes_three_outputs(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "syn-ns_per_page", "syn-pins_per_s" };

	if (!plot_have_gnuplot())
		skip();
	assert_int_equal(plot(f), 0);
	for (size_t i = 0; i < 2; i++) {
		check_file(f->out, names[i], "png", "\x89PNG");
		check_file(f->out, names[i], "svg", "<?xml");
		check_text(f->out, names[i], i ? "syn: pins per s" : "syn: ns per page");
	}
}

static void test_selection(void **state)
{
	struct fixture *f = *state;
	char out[4400], *argv[] = { "plot", "--bench", "syn", "--metric", "pins_*", "-o", out,
				     f->run };
	char *none[] = { "plot", "--bench", "nothing", "-o", out, f->run };
	FILE *devnull = fopen("/dev/null", "w");

	if (!plot_have_gnuplot())
		skip();
	snprintf(out, sizeof(out), "%s/selected", f->tmp);
	assert_int_equal(plot_main(8, argv, devnull), 0);
	check_file(out, "syn-pins_per_s", "png", "\x89PNG");
	snprintf(out, sizeof(out), "%s/selected/syn-ns_per_page.png", f->tmp);
	assert_int_equal(access(out, F_OK), -1);
	snprintf(out, sizeof(out), "%s/selected", f->tmp);
	assert_int_equal(plot_main(6, none, devnull), 2);
	fclose(devnull);
}

static void test_no_gnuplot(void **state)
{
	struct fixture *f = *state;
	char *path = strdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");

	setenv("PATH", f->tmp, 1);	/* a directory without gnuplot */
	assert_int_equal(plot(f), 1);
	setenv("PATH", path, 1);
	free(path);
}

/* A gnuplot on PATH that does what body says, instead of the real one. */
static char *fake_gnuplot(struct fixture *f, const char *body)
{
	char dir[4300], path[4400], *old = strdup(getenv("PATH"));
	FILE *sh;

	snprintf(dir, sizeof(dir), "%s/fakebin", f->tmp);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/gnuplot", dir);
	sh = fopen(path, "w");
	assert_non_null(sh);
	fprintf(sh, "#!/bin/sh\n%s\n", body);
	fclose(sh);
	chmod(path, 0755);
	setenv("PATH", dir, 1);
	return old;
}

static void test_gnuplot_bounded(void **state)
{
	struct fixture *f = *state;
	char *path = fake_gnuplot(f, "exec /bin/sleep 30");
	time_t start = time(NULL);

	setenv("PINBENCH_GNUPLOT_TIMEOUT", "1", 1);
	assert_int_equal(plot(f), 1);	/* killed after 1 s, one line said why */
	assert_true(time(NULL) - start < 10);
	unsetenv("PINBENCH_GNUPLOT_TIMEOUT");
	setenv("PATH", path, 1);
	free(path);
	path = fake_gnuplot(f, "echo 'line 3: undefined variable: x' >&2; exit 1");
	assert_int_equal(plot(f), 1);
	setenv("PATH", path, 1);
	free(path);
}

static void test_bad_usage(void **state)
{
	struct fixture *f = *state;
	char *two[] = { "plot", f->run, f->run };
	char *none[] = { "plot" };
	char *missing[] = { "plot", "-o", f->out, "/nonexistent/run" };

	assert_int_equal(plot_main(3, two, stdout), 2);		/* several need -o */
	assert_int_equal(plot_main(1, none, stdout), 2);
	if (plot_have_gnuplot())
		assert_int_equal(plot_main(4, missing, stdout), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_number),
		cmocka_unit_test(test_figure_kinds),
		cmocka_unit_test(test_boxes_instead_of_sweeps),
		cmocka_unit_test(test_case_filter),
		cmocka_unit_test(test_each_template_writes_three_outputs),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_no_gnuplot),
		cmocka_unit_test(test_gnuplot_bounded),
		cmocka_unit_test(test_bad_usage),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
