// SPDX-License-Identifier: GPL-2.0
/*
 * Ctrl-C in the middle of the compaction benchmark (root only): once a fio
 * job of the run is up, SIGINT goes to pinbench; afterwards no fio process
 * of the run is left, its files in --workdir are gone, its tracefs instance
 * is gone, THP and vm.compaction_proactiveness read as before, and the
 * manifest says the run is incomplete.  Settings are read under the
 * kernel-benchmark lock, so a parallel run elsewhere cannot blur them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>

#include "workloads/knob.h"
#include "core/results.h"
#include "tests/testutil.h"

static const char *const knobs[] = {
	"/sys/kernel/mm/transparent_hugepage/enabled",
	"/sys/kernel/mm/transparent_hugepage/defrag",
	"/proc/sys/vm/compaction_proactiveness",
};
#define NR_KNOBS (sizeof(knobs) / sizeof(knobs[0]))

static pid_t start_kcompact(const char *workdir, const char *run)
{
	pid_t pid = fork();

	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execl(pinbench_path(), "pinbench", "run", "-b", "kcompact", "--quick",
		      "--reps", "1", "--workdir", workdir, "-o", run, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits up to timeout_s for pid to exit; true if it did. */
static bool reaped(pid_t pid, double timeout_s)
{
	int status;

	for (double t = 0; t < timeout_s; t += 0.05) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return true;
		usleep(50000);
	}
	return false;
}

static bool dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n == 0;
}

static void ctrl_c_leaves_nothing_behind(void **state)
{
	char *base = test_tmpdir(), workdir[4200], run[4200], instance[256];
	char before[NR_KNOBS][128], after[128], *status;
	pid_t pid, leftover;
	int lock;

	(void)state;
	if (geteuid() != 0) {
		rm_rf(base);
		free(base);
		skip();	/* kcompact needs root: it skips itself otherwise */
	}
	snprintf(workdir, sizeof(workdir), "%s/work", base);
	snprintf(run, sizeof(run), "%s/run", base);
	mkdir(workdir, 0755);
	/* Read the settings while no kernel benchmark (another `make test`,
	 * say) holds them changed. */
	lock = knob_lock_system(900);
	assert_true(lock >= 0);
	for (size_t i = 0; i < NR_KNOBS; i++)
		knob_read(knobs[i], before[i], sizeof(before[i]));
	knob_unlock_system(lock);
	pid = start_kcompact(workdir, run);
	/* Another kernel benchmark on the machine makes it wait for the lock
	 * (at most 15 min, then it skips): wait for as long as it lives. */
	while (!fio_mentioning(run) && !reaped(pid, 0.1))
		;
	if (!fio_mentioning(run)) {
		char *st = manifest_read_key(run, "bench.kcompact.status");
		bool skipped = st && !strncmp(st, "skipped", 7);

		free(st);
		rm_rf(base);
		free(base);
		if (skipped)
			skip();	/* it could not take the lock */
		fail_msg("kcompact ended before any fio job started");
	}
	usleep(500000);
	kill(pid, SIGINT);
	assert_true(reaped(pid, 60));
	leftover = fio_mentioning(run);
	if (leftover)
		kill(-leftover, SIGKILL);	/* do not leak it when failing */
	assert_int_equal(leftover, 0);
	assert_true(dir_empty(workdir));
	snprintf(instance, sizeof(instance), "/sys/kernel/tracing/instances/pinbench-kcompact-%d", (int)pid);
	assert_false(path_exists(instance));
	lock = knob_lock_system(900);
	assert_true(lock >= 0);
	for (size_t i = 0; i < NR_KNOBS; i++) {
		knob_read(knobs[i], after, sizeof(after));
		assert_string_equal(after, before[i]);
	}
	knob_unlock_system(lock);
	status = manifest_read_key(run, "status");
	assert_non_null(status);
	assert_string_equal(status, "incomplete");
	free(status);
	rm_rf(base);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctrl_c_leaves_nothing_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
