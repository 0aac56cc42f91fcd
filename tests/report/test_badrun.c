// SPDX-License-Identifier: GPL-2.0
/*
 * tests/report/test_badrun.c - compare on run directories a user could
 * really have: a sample of 1e100 (GSL must not abort), a FIFO or a link to
 * /dev/zero named like a table (no hang, no 1 GB read), inf/nan samples
 * (counted and said), a table cut inside its last line (refused), a stray
 * copy of a table (not read: the manifest lists the tables), and a run with
 * no table at all (no qsort(NULL, 0); the sanitizer build checks that).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>

#include "report/compare.h"
#include "report/runs.h"
#include "tests/report/compare_synth.h"

struct fixture {
	char *tmp;
	char a[4200], b[4200], err[4200];
};

static void write_run(struct fixture *f, const char *name, char *dir, size_t len)
{
	struct results *r = synth_open(f->tmp, name, name, "complete");

	results_manifest_set(r, "benches", "syn");
	synth_series(r, "syn", "d1", "size=4096", "ns_per_op", "ns", false, 100.0, 0.01, 1);
	assert_int_equal(results_close(r), 0);
	snprintf(dir, len, "%s/%s", f->tmp, name);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->tmp = synth_tmpdir();
	write_run(f, "a", f->a, sizeof(f->a));
	write_run(f, "b", f->b, sizeof(f->b));
	snprintf(f->err, sizeof(f->err), "%s/stderr", f->tmp);
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

/* compare A B (stdout dropped, stderr into f->err); its exit status. */
static int compare(struct fixture *f, const char *a, const char *b)
{
	char *argv[] = { "compare", (char *)a, (char *)b, NULL };
	FILE *out = fopen("/dev/null", "w");
	int saved = dup(STDERR_FILENO), fd = open(f->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ret;

	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	alarm(20);	/* a read that blocks fails the test, it does not hang it */
	ret = compare_main(3, argv, out);
	alarm(0);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fd);
	fclose(out);
	return ret;
}

static char *stderr_text(struct fixture *f)
{
	static char text[4096];
	FILE *in = fopen(f->err, "r");
	size_t n = in ? fread(text, 1, sizeof(text) - 1, in) : 0;

	if (in)
		fclose(in);
	text[n] = 0;
	return text;
}

/* Replaces the value of sample row `row` (1-based) of b's table by value. */
static void set_value(struct fixture *f, int row, const char *value)
{
	char cmd[9000];

	snprintf(cmd, sizeof(cmd), "awk -F'\\t' 'BEGIN{OFS=\"\\t\"} NR==%d{$8=\"%s\"} {print}' "
		 "%s/syn.tsv > %s/t && mv %s/t %s/syn.tsv", row + 1, value, f->b, f->b, f->b, f->b);
	assert_int_equal(system(cmd), 0);
}

static void huge_sample_does_not_abort(void **state)
{
	struct fixture *f = *state;

	set_value(f, 1, "1e100");
	assert_int_equal(compare(f, f->a, f->b), 0);
}

static void fifo_and_dev_zero_refused(void **state)
{
	struct fixture *f = *state;
	char path[4300];

	snprintf(path, sizeof(path), "%s/syn.tsv", f->b);
	unlink(path);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(compare(f, f->a, f->b), 2);
	assert_non_null(strstr(stderr_text(f), "not a regular file"));
	unlink(path);
	assert_int_equal(symlink("/dev/zero", path), 0);
	assert_int_equal(compare(f, f->a, f->b), 2);
	assert_non_null(strstr(stderr_text(f), "not a regular file"));
}

static void inf_and_nan_counted(void **state)
{
	struct fixture *f = *state;

	set_value(f, 2, "inf");
	set_value(f, 3, "nan");
	assert_int_equal(compare(f, f->a, f->b), 0);
	assert_non_null(strstr(stderr_text(f), "2 samples of inf or nan left out"));
}

static void cut_last_line_refused(void **state)
{
	struct fixture *f = *state;
	char path[4300];
	struct stat st;

	snprintf(path, sizeof(path), "%s/syn.tsv", f->b);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 2), 0);
	assert_int_equal(compare(f, f->a, f->b), 2);
	assert_non_null(strstr(stderr_text(f), "cut short"));
}

static void stray_copy_not_read(void **state)
{
	struct fixture *f = *state;
	char cmd[9000], err[256];
	struct run run;

	snprintf(cmd, sizeof(cmd), "cp %s/syn.tsv %s/zz-syn.tsv", f->b, f->b);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(run_load(f->b, &run, err, sizeof(err)), 0);
	assert_int_equal(run.nr_series, 1);
	assert_int_equal(run.series[0].n, SYNTH_REPS);
	run_free(&run);
}

static void run_without_tables(void **state)
{
	struct fixture *f = *state;
	char path[4300], err[256];
	struct run run;

	snprintf(path, sizeof(path), "%s/syn.tsv", f->b);
	unlink(path);
	snprintf(path, sizeof(path), "%s/summary.tsv", f->b);
	unlink(path);
	assert_int_equal(run_load(f->b, &run, err, sizeof(err)), 0);
	assert_int_equal(run.nr_series, 0);
	run_free(&run);
	assert_int_equal(compare(f, f->a, f->b), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(huge_sample_does_not_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(fifo_and_dev_zero_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(inf_and_nan_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(cut_last_line_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(stray_copy_not_read, setup, teardown),
		cmocka_unit_test_setup_teardown(run_without_tables, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
