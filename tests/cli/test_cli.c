// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI as a user meets it: bad input is one line and exit 2 with nothing
 * written; a good run leaves a complete directory; an interrupted run says
 * incomplete.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#include "core/results.h"
#include "tests/testutil.h"

static char err[8192];

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Runs `pinbench ARGS... -o DIR` and checks: exit 2, one line, no DIR. */
static void refused(const char *needle, const char *const *args)
{
	char *base = test_tmpdir(), dir[4200];
	const char *argv[32];
	int n = 0, rc;

	snprintf(dir, sizeof(dir), "%s/out", base);
	for (; args[n]; n++)
		argv[n] = args[n];
	argv[n++] = "-o";
	argv[n++] = dir;
	argv[n] = NULL;
	rc = run_cli(argv, err, sizeof(err));
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err, needle));
	assert_int_equal(count_lines(err), 1);
	assert_false(path_exists(dir));
	rm_rf(base);
	free(base);
}

static void unknown_benchmark(void **state)
{
	(void)state;
	refused("unknown benchmark 'nope' (valid: timer", (const char *[]){ "run", "-b", "nope", NULL });
}

static void unknown_design(void **state)
{
	(void)state;
	refused("unknown design 'nope' (valid: all, primary", (const char *[]){ "run", "-d", "nope", NULL });
}

static void bad_numbers(void **state)
{
	(void)state;
	refused("--reps wants", (const char *[]){ "run", "--reps", "0", NULL });
	refused("--reps wants", (const char *[]){ "run", "--reps", "12x", NULL });
	refused("--seed wants", (const char *[]){ "run", "--seed", "-3", NULL });
}

static void bad_options(void **state)
{
	(void)state;
	refused("unknown or incomplete option", (const char *[]){ "run", "--frobnicate", NULL });
	refused("--manifest wants KEY=VALUE", (const char *[]){ "run", "--manifest", "novalue", NULL });
	refused("--workdir", (const char *[]){ "run", "--workdir", "/nonexistent/dir", NULL });
	refused("--param wants BENCH.NAME=VALUE", (const char *[]){ "run", "--param", "timer", NULL });
	refused("unknown benchmark 'nope'", (const char *[]){ "run", "--param", "nope.x=1", NULL });
	refused("unknown parameter of timer", (const char *[]){ "run", "--param", "timer.x=1", NULL });
}

/* Runs `pinbench ARGS...` whose -o is out: exit 2, one line, nothing at out. */
static void refused_output(const char *needle, const char *out)
{
	int rc = run_cli((const char *[]){ "run", "-b", "timer", "--reps", "1", "-o", out, NULL },
			 err, sizeof(err));

	assert_int_equal(rc, 2);
	assert_non_null(strstr(err, needle));
	assert_int_equal(count_lines(err), 1);
	assert_false(path_exists(out));
}

/* Issue 19 items 8-11: each refused before anything runs. */
static void reserved_manifest_keys(void **state)
{
	(void)state;
	refused("'status' is a key the run writes itself",
		(const char *[]){ "run", "-b", "timer", "--manifest", "status=complete", NULL });
	refused("'sysctl.vm.swappiness' is a key",
		(const char *[]){ "run", "-b", "timer", "--manifest", "sysctl.vm.swappiness=1", NULL });
	refused("'bench.timer.status' is a key",
		(const char *[]){ "run", "-b", "timer", "--manifest", "bench.timer.status=ok", NULL });
}

static void sizes_and_modes_checked(void **state)
{
	(void)state;
	refused("does not fit in this machine's",
		(const char *[]){ "run", "-b", "hotpath", "--param", "hotpath.sizes=1T", NULL });
	refused("empty element",
		(const char *[]){ "run", "-b", "hotpath", "--param", "hotpath.sizes=16K,,", NULL });
	refused("--quick and --full exclude each other",
		(const char *[]){ "run", "-b", "timer", "--quick", "--full", NULL });
}

static void bad_output_paths(void **state)
{
	char *base = test_tmpdir(), file[4200], under[4300], longer[8200];

	(void)state;
	snprintf(file, sizeof(file), "%s/file", base);
	fclose(fopen(file, "w"));
	snprintf(under, sizeof(under), "%s/run", file);
	refused_output("Not a directory", under);
	refused_output("in /proc or /sys", "/proc/pinbench-test-run/run");
	snprintf(longer, sizeof(longer), "%s/%05000d", base, 0);
	refused_output("too long", longer);
	rm_rf(base);
	free(base);
}

/* A benchmark that fails (its memmap cannot be mapped) leaves a run that
 * compare does not take as whole. */
static void failed_run_not_complete(void **state)
{
	char *base = test_tmpdir(), dir[4200];
	struct rlimit old, small = { 400ull << 20, 400ull << 20 };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/run", base);
	getrlimit(RLIMIT_AS, &old);
	small.rlim_max = old.rlim_max;
	setrlimit(RLIMIT_AS, &small);
	run_cli((const char *[]){ "run", "-b", "hotpath", "-d", "baseline", "--reps", "1",
				  "--param", "hotpath.sizes=256M", "--param", "hotpath.ops=page_to_pfn",
				  "--param", "hotpath.chase=0", "-o", dir, NULL }, err, sizeof(err));
	setrlimit(RLIMIT_AS, &old);
	assert_manifest(dir, "bench.hotpath.status", "failed: some cases failed (see the messages above)");
	assert_manifest(dir, "status", "failed");
	rm_rf(base);
	free(base);
}

static void unknown_command(void **state)
{
	(void)state;
	assert_int_equal(run_cli((const char *[]){ "frob", NULL }, err, sizeof(err)), 2);
	assert_non_null(strstr(err, "unknown command 'frob'"));
	assert_int_equal(run_cli((const char *[]){ "--help", NULL }, err, sizeof(err)), 0);
	assert_int_equal(run_cli((const char *[]){ "run", "--help", NULL }, err, sizeof(err)), 0);
	assert_int_equal(run_cli((const char *[]){ "list", NULL }, err, sizeof(err)), 0);
}

static void non_empty_output_dir(void **state)
{
	char *base = test_tmpdir(), keep[4300];
	int rc;

	(void)state;
	snprintf(keep, sizeof(keep), "%s/keep", base);
	fclose(fopen(keep, "w"));
	rc = run_cli((const char *[]){ "run", "-b", "timer", "-o", base, NULL }, err, sizeof(err));
	assert_int_equal(rc, 2);
	assert_non_null(strstr(err, "not empty"));
	rm_rf(base);
	free(base);
}

static void good_run_is_complete(void **state)
{
	char *base = test_tmpdir(), dir[4200], path[4300];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/run", base);
	assert_int_equal(run_cli((const char *[]){ "run", "-b", "timer", "--reps", "3", "--label",
						    "unit test", "--manifest", "virt=none", "-o", dir, NULL },
				 err, sizeof(err)), 0);
	assert_manifest(dir, "status", "complete");
	assert_manifest(dir, "label", "unit test");
	assert_manifest(dir, "virt", "none");
	assert_manifest(dir, "seed", "1");
	snprintf(path, sizeof(path), "%s/summary.tsv", dir);
	assert_true(path_exists(path));
	snprintf(path, sizeof(path), "%s/timer.tsv", dir);
	assert_true(path_exists(path));
	rm_rf(base);
	free(base);
}

static pid_t start_long_run(const char *dir)
{
	pid_t pid = fork();

	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execl(pinbench_path(), pinbench_path(), "run", "-b", "timer", "--reps", "100000",
		      "-o", dir, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void interrupted_run_is_incomplete(void **state)
{
	char *base = test_tmpdir(), dir[4200], *v;
	pid_t pid;
	int status;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/run", base);
	pid = start_long_run(dir);
	/* Wait until the run has written its first manifest, then interrupt. */
	for (int i = 0; i < 200 && !(v = manifest_read_key(dir, "status")); i++)
		usleep(50000);
	free(v);
	usleep(300000);
	kill(pid, SIGINT);
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 128 + SIGINT);
	assert_manifest(dir, "status", "incomplete");
	v = manifest_read_key(dir, "status_reason");
	assert_non_null(strstr(v, "interrupted"));
	free(v);
	rm_rf(base);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_benchmark),
		cmocka_unit_test(unknown_design),
		cmocka_unit_test(bad_numbers),
		cmocka_unit_test(bad_options),
		cmocka_unit_test(unknown_command),
		cmocka_unit_test(reserved_manifest_keys),
		cmocka_unit_test(sizes_and_modes_checked),
		cmocka_unit_test(bad_output_paths),
		cmocka_unit_test(failed_run_not_complete),
		cmocka_unit_test(non_empty_output_dir),
		cmocka_unit_test(good_run_is_complete),
		cmocka_unit_test(interrupted_run_is_incomplete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
