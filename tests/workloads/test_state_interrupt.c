// SPDX-License-Identifier: GPL-2.0
/*
 * SIGKILL and a second Ctrl-C in the middle of the compaction benchmark
 * (root only).  Once it has changed vm.compaction_proactiveness, kcompact is
 * killed at a random point; the settings stay changed (nothing can run on
 * SIGKILL) until the next run as root, which puts them back, removes the
 * tracefs instance and data files, says so in one line, and records the
 * machine's own values in its manifest.  Two Ctrl-C put the settings back
 * at once and say what is left.  A private $PINBENCH_STATE_DIR keeps other
 * runs' state files out of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <time.h>

#include "workloads/knob.h"
#include "core/results.h"
#include "tests/testutil.h"

#define PROACTIVE "/proc/sys/vm/compaction_proactiveness"

struct kill_case {
	char *base;
	char workdir[4200], run[4200], state[4200], log[4200];
	char before[128];
	pid_t pid;
};

static pid_t start_run(struct kill_case *k, const char *bench, const char *run)
{
	pid_t pid = fork();

	if (pid == 0) {
		int log = open(k->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(log, STDOUT_FILENO);
		dup2(log, STDERR_FILENO);
		execl(pinbench_path(), "pinbench", "run", "-b", bench, "--quick", "--reps", "1",
		      "--workdir", k->workdir, "-o", run, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* The run has changed vm.compaction_proactiveness (waits up to 60 s). */
static bool changed_a_setting(struct kill_case *k)
{
	char now[128];

	for (int i = 0; i < 1200; i++) {
		knob_read(PROACTIVE, now, sizeof(now));
		if (strcmp(now, k->before))
			return true;
		if (waitpid(k->pid, NULL, WNOHANG) == k->pid)
			return false;
		usleep(50000);
	}
	return false;
}

static bool setup_case(struct kill_case *k)
{
	int lock;

	if (geteuid() != 0)
		return false;
	k->base = test_tmpdir();
	snprintf(k->workdir, sizeof(k->workdir), "%s/work", k->base);
	snprintf(k->run, sizeof(k->run), "%s/run", k->base);
	snprintf(k->state, sizeof(k->state), "%s/state", k->base);
	snprintf(k->log, sizeof(k->log), "%s/log", k->base);
	mkdir(k->workdir, 0755);
	setenv("PINBENCH_STATE_DIR", k->state, 1);
	lock = knob_lock_system(900);
	assert_true(lock >= 0);
	knob_read(PROACTIVE, k->before, sizeof(k->before));
	knob_unlock_system(lock);
	k->pid = start_run(k, "kcompact", k->run);
	return true;
}

static void end_case(struct kill_case *k)
{
	pid_t fio;

	/* fio jobs a killed run left: their own process groups. */
	while ((fio = fio_mentioning(k->workdir)) > 0 && kill(-fio, SIGKILL) == 0)
		usleep(100000);
	unsetenv("PINBENCH_STATE_DIR");
	rm_rf(k->base);
	free(k->base);
}

static void read_log(const struct kill_case *k, char *out, size_t len)
{
	FILE *f = fopen(k->log, "r");
	size_t n = f ? fread(out, 1, len - 1, f) : 0;

	if (f)
		fclose(f);
	out[n] = 0;
}

static void assert_put_back(const struct kill_case *k)
{
	char now[128], instance[256];

	knob_read(PROACTIVE, now, sizeof(now));
	assert_string_equal(now, k->before);
	snprintf(instance, sizeof(instance),
		 "/sys/kernel/tracing/instances/pinbench-kcompact-%d", (int)k->pid);
	assert_false(path_exists(instance));
}

static void sigkill_then_next_run_restores(void **state)
{
	struct kill_case k;
	char run2[4300], log[8192], data[4300];

	(void)state;
	if (!setup_case(&k))
		skip();
	if (!changed_a_setting(&k)) {
		end_case(&k);
		skip();	/* it could not take the lock, or ended early */
	}
	srand((unsigned)time(NULL));
	usleep((useconds_t)(rand() % 3000) * 1000);
	kill(k.pid, SIGKILL);
	waitpid(k.pid, NULL, 0);
	snprintf(run2, sizeof(run2), "%s/run2", k.base);
	snprintf(data, sizeof(data), "%s/pinbench-fio-%d", k.workdir, (int)k.pid);
	start_run(&k, "timer", run2);
	wait(NULL);
	read_log(&k, log, sizeof(log));
	assert_non_null(strstr(log, "ended without cleaning up"));
	assert_put_back(&k);
	assert_false(path_exists(data));
	assert_manifest(run2, "sysctl.vm.compaction_proactiveness", k.before);
	end_case(&k);
}

static void second_ctrl_c_restores_settings(void **state)
{
	struct kill_case k;
	char log[8192];

	(void)state;
	if (!setup_case(&k))
		skip();
	if (!changed_a_setting(&k)) {
		end_case(&k);
		skip();
	}
	kill(k.pid, SIGINT);
	usleep(20000);	/* two signals at once would merge into one */
	kill(k.pid, SIGINT);
	waitpid(k.pid, NULL, 0);
	read_log(&k, log, sizeof(log));
	/* Either cleanup won the race, or the second signal put them back. */
	if (strstr(log, "second signal"))
		assert_non_null(strstr(log, "put back"));
	knob_read(PROACTIVE, log, sizeof(log));
	assert_string_equal(log, k.before);
	end_case(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigkill_then_next_run_restores),
		cmocka_unit_test(second_ctrl_c_restores_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
