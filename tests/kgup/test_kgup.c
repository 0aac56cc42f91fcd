// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kgup/test_kgup.c - kgup through the CLI on a tiny plan: every
 * io_uring registration and process_vm_readv sample checks its pin count
 * exactly (pin_count_ok 1, observed == expected), vmsplice moves no
 * FOLL_PIN counter, a pinned range never collapses; the parts that cannot
 * run here (move_pages on one node, gup_test without CONFIG_GUP_TEST) skip
 * with their reason, and so does the whole benchmark for a non-root user.
 * Bad parameters are refused before anything is written.  Checks counts and
 * outcomes, never timings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/results.h"
#include "core/run.h"
#include "kgup/internal.h"
#include "tests/testutil.h"

#define REPS 2

extern const struct bench bench_kgup;

static char *tmp;
static char out[4200];
static struct tsv_table rows;

/* Calls fn(value) for every sample of (case, metric); returns how many. */
static int each_value(const char *case_, const char *metric, void (*fn)(const char *, double))
{
	int cc = tsv_column(&rows, "case"), cm = tsv_column(&rows, "metric");
	int cv = tsv_column(&rows, "value"), n = 0;

	for (size_t i = 0; i < rows.nr_rows; i++) {
		if (strcmp(rows.rows[i][cc], case_) || strcmp(rows.rows[i][cm], metric))
			continue;
		fn(case_, strtod(rows.rows[i][cv], NULL));
		n++;
	}
	return n;
}

static void any(const char *case_, double v)
{
	(void)case_;
	(void)v;
}

static void is_one(const char *case_, double v)
{
	if (v != 1)
		fail_msg("%s: %g, want 1", case_, v);
}

static void is_zero(const char *case_, double v)
{
	if (v != 0)
		fail_msg("%s: %g, want 0", case_, v);
}

/* Observed equals expected, sample by sample. */
static void counts_match(const char *case_, const char *want, const char *got)
{
	int cc = tsv_column(&rows, "case"), cm = tsv_column(&rows, "metric");
	int cr = tsv_column(&rows, "rep"), cv = tsv_column(&rows, "value");

	for (size_t i = 0; i < rows.nr_rows; i++) {
		if (strcmp(rows.rows[i][cc], case_) || strcmp(rows.rows[i][cm], want))
			continue;
		for (size_t j = 0; j < rows.nr_rows; j++)
			if (!strcmp(rows.rows[j][cc], case_) && !strcmp(rows.rows[j][cm], got) &&
			    !strcmp(rows.rows[j][cr], rows.rows[i][cr]))
				assert_string_equal(rows.rows[j][cv], rows.rows[i][cv]);
	}
}

static int setup(void **state)
{
	char err[4096], path[4300], tsv_err[256];
	const char *args[] = {
		"run", "-b", "kgup", "--quick", "-o", out, "--reps", "2",
		"--param", "kgup.sizes=4K,64K", "--param", "kgup.backings=4k,thp",
		"--param", "kgup.remote_pages=64", NULL,
	};

	(void)state;
	if (geteuid() != 0)
		return 0;	/* the root-only tests skip themselves */
	tmp = test_tmpdir();
	snprintf(out, sizeof(out), "%s/run", tmp);
	if (run_cli(args, err, sizeof(err))) {
		fprintf(stderr, "pinbench run failed: %s\n", err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/kgup.tsv", out);
	return tsv_read(path, &rows, tsv_err, sizeof(tsv_err));
}

static int teardown(void **state)
{
	(void)state;
	tsv_free(&rows);
	if (tmp)
		rm_rf(tmp);
	free(tmp);
	return 0;
}

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

static void test_register_counts_exact(void **state)
{
	static const char *const cases[] = {
		"path=io_uring_register,backing=4k,size=4K",
		"path=io_uring_register,backing=4k,size=64K",
	};

	(void)state;
	need_root();
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(each_value(cases[i], "pin_count_ok", is_one), REPS);
		counts_match(cases[i], "pins_expected", "pins_observed");
		counts_match(cases[i], "unpins_expected", "unpins_observed");
		counts_match(cases[i], "pins_held_expected", "pins_held_observed");
	}
	/* Counts right: every timing is a sample, none left out. */
	assert_int_equal(each_value(cases[0], "reg_ns_per_page", any), REPS);
	assert_int_equal(each_value(cases[1], "unreg_ns_per_call", any), REPS);
}

static void test_remote_pin_and_get(void **state)
{
	const char *pvm = "path=process_vm_readv,backing=4k,pages=64";
	const char *splice = "path=vmsplice,backing=4k,pages=64";

	(void)state;
	need_root();
	assert_int_equal(each_value(pvm, "pin_count_ok", is_one), REPS);
	assert_int_equal(each_value(splice, "pins_observed", is_zero), REPS);
	counts_match(pvm, "pins_expected", "pins_observed");
	counts_match(pvm, "unpins_expected", "unpins_observed");
	assert_int_equal(each_value(splice, "pin_count_ok", is_one), REPS);
	assert_int_equal(each_value(splice, "unpins_observed", is_zero), REPS);
}

static void fail_if_huge(const char *case_, double v)
{
	if (v == 1)
		fail_msg("%s: a range with a pinned page became a huge page", case_);
}

static void test_collapse_refuses_pinned(void **state)
{
	(void)state;
	need_root();
	assert_int_equal(each_value("path=madv_collapse,pinned=1", "huge_after", fail_if_huge), REPS);
	assert_int_equal(each_value("path=madv_collapse,pinned=1", "pin_count_ok", is_one), REPS);
}

/* A part that cannot run here leaves a reason; where it can, it leaves rows. */
static void test_parts_skip_with_reason(void **state)
{
	char *move, *gup;
	int nodes[KSTAT_MAX_NODES];

	(void)state;
	need_root();
	move = manifest_read_key(out, "kgup.skipped.move");
	gup = manifest_read_key(out, "kgup.skipped.gup_test");
	if (kstat_memory_nodes(nodes, KSTAT_MAX_NODES) < 2)
		assert_non_null(strstr(move ? move : "", "one NUMA node"));
	if (!path_exists("/sys/kernel/debug/gup_test") && gup)
		assert_true(strstr(gup, "GUP_TEST") || strstr(gup, "debugfs"));
	free(move);
	free(gup);
}

/*
 * hugetlb_limit=0 where no huge page is free: the hugetlb case cannot be
 * reserved and skips, saying how many pages it needed.
 */
static void test_hugetlb_shortfall_skips(void **state)
{
	char dir[4300], err[4096], *why;
	const char *args[] = { "run", "-b", "kgup", "--quick", "-o", dir, "--reps", "1",
			       "--param", "kgup.parts=register", "--param", "kgup.backings=hugetlb",
			       "--param", "kgup.sizes=4M", "--param", "kgup.hugetlb_limit=0", NULL };
	long long free_pages = meminfo_kib("HugePages_Free");

	(void)state;
	need_root();
	if (free_pages - meminfo_kib("HugePages_Rsvd") >= 2 || meminfo_kib("Hugepagesize") != 2048)
		skip();		/* huge pages to spare here: nothing to refuse */
	snprintf(dir, sizeof(dir), "%s/hugetlb", tmp);
	assert_int_equal(run_cli(args, err, sizeof(err)), 0);
	why = manifest_read_key(dir, "kgup.skipped.register.hugetlb.4M");
	assert_non_null(why);
	assert_non_null(strstr(why, "needs 2 huge pages of 2 MiB"));
	free(why);
}

/* Runs the CLI as nobody: the benchmark skips, saying it needs root. */
static void test_non_root_skips(void **state)
{
	char dir[4300], *status;
	pid_t pid;
	int st;

	(void)state;
	need_root();
	snprintf(dir, sizeof(dir), "%s/nobody", tmp);
	chmod(tmp, 0755);	/* mkdtemp's 0700 keeps nobody out */
	mkdir(dir, 0777);
	chmod(dir, 0777);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		if (setgid(65534) || setuid(65534))
			_exit(126);
		strcat(dir, "/run");
		execl(pinbench_path(), pinbench_path(), "run", "-b", "kgup", "--quick", "-o", dir,
		      (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) >= 126)
		skip();		/* nobody cannot reach the binary here */
	strcat(dir, "/run");
	status = manifest_read_key(dir, "bench.kgup.status");
	assert_non_null(status);
	assert_non_null(strstr(status, "skipped: needs root"));
	free(status);
}

static void test_bad_params_refused(void **state)
{
	static const char *const bad[] = {
		"kgup.sizes=3K", "kgup.sizes=2G", "kgup.sizes=", "kgup.backings=1g",
		"kgup.parts=fork", "kgup.remote_pages=0", "kgup.hugetlb_limit=-1",
	};
	char dir[4300], err[4096];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = test_tmpdir();
		const char *args[] = { "run", "-b", "kgup", "--quick", "-o", dir,
				       "--param", bad[i], NULL };

		snprintf(dir, sizeof(dir), "%s/run", t);
		assert_int_equal(run_cli(args, err, sizeof(err)), 2);
		assert_false(path_exists(dir));
		rm_rf(t);
		free(t);
	}
}

/* The plan: doubling ranges, defaults by mode, and the hugetlb shortfall. */
static void test_plan_and_hugetlb_shortfall(void **state)
{
	const char *params[] = { "kgup.sizes=4K..64K,1G", "kgup.backings=hugetlb" };
	struct run_opts opts = { .mode = BENCH_QUICK, .params = params, .nr_params = 2 };
	struct bench_ctx *ctx = bench_ctx_new(&bench_kgup, &opts, NULL, NULL);
	struct kgup_plan plan;
	char why[160] = "";

	(void)state;
	assert_int_equal(kgup_plan_parse(ctx, &plan, why, sizeof(why)), 0);
	assert_int_equal(plan.nr_sizes, 6);
	assert_true(plan.sizes[4] == 65536 && plan.sizes[5] == 1ul << 30);
	assert_true(plan.backing[KB_HUGETLB] && !plan.backing[KB_4K]);
	assert_true(plan.part[KP_REGISTER] && plan.part[KP_GUP_TEST]);
	assert_int_equal(plan.hugetlb_limit, -1);
	bench_ctx_free(ctx);
	/* 512 pages for a 1G buffer, 10 free, 100 may be added: 110, and why. */
	assert_int_equal(kgup_hugetlb_plan(512, 10, 100, why, sizeof(why)), 110);
	assert_non_null(strstr(why, "needs 512 huge pages of 2 MiB, 10 free and 100 may be added"));
	why[0] = 0;
	assert_int_equal(kgup_hugetlb_plan(4, 10, 0, why, sizeof(why)), 4);
	assert_string_equal(why, "");
}

/* The pin-hash patch's debugfs text (kernels/patches/pin-hash, mm/pin_hash.c). */
static void test_pin_hash_parse(void **state)
{
	static const char text[] = "buckets\t4096\nentries\t1000\nalloc_failures\t0\n"
		"unmatched_unpins\t2\nlock_acquisitions\t5000\nlock_contended\t7\n"
		"chain\t0\t3300\nchain\t1\t700\nchain\t2\t90\nchain\t5\t6\n";
	struct kgup_pin_hash s;
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");

	(void)state;
	assert_non_null(f);
	assert_int_equal(kgup_pin_hash_parse(f, &s), 0);
	fclose(f);
	assert_true(s.buckets == 4096 && s.entries == 1000 && s.unmatched_unpins == 2);
	assert_true(s.lock_acquisitions == 5000 && s.lock_contended == 7);
	assert_true(s.empty_buckets == 3300 && s.chain_max == 5);
	f = fmemopen((void *)"entries\t3\n", 10, "r");
	assert_int_equal(kgup_pin_hash_parse(f, &s), -EPROTO);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_hash_parse),
		cmocka_unit_test(test_register_counts_exact),
		cmocka_unit_test(test_remote_pin_and_get),
		cmocka_unit_test(test_collapse_refuses_pinned),
		cmocka_unit_test(test_parts_skip_with_reason),
		cmocka_unit_test(test_hugetlb_shortfall_skips),
		cmocka_unit_test(test_non_root_skips),
		cmocka_unit_test(test_bad_params_refused),
		cmocka_unit_test(test_plan_and_hugetlb_shortfall),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
