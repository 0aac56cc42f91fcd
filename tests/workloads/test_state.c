// SPDX-License-Identifier: GPL-2.0
/*
 * The state file (workloads/state.h) in a private directory
 * ($PINBENCH_STATE_DIR), on plain files standing in for settings: what is
 * noted is on disk before the change, a dead owner's changes are put back
 * with one line saying so, a reused pid is still dead, and a live owner's
 * originals are what the manifest records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>

#include "workloads/state.h"

#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "workloads/state_recover.h"
#include "core/results.h"
#include "tests/testutil.h"

static char *base;

static int setup(void **state)
{
	char dir[4200];

	(void)state;
	base = test_tmpdir();
	snprintf(dir, sizeof(dir), "%s/state", base);
	setenv("PINBENCH_STATE_DIR", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("PINBENCH_STATE_DIR");
	rm_rf(base);
	free(base);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void read_file(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(out, 1, len - 1, f);
	out[n] = 0;
	fclose(f);
}

/* A pid that is dead now (a reaped child). */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static void note_is_on_disk_before_the_change(void **state)
{
	char file[4200], text[1024];
	int h;

	(void)state;
	h = state_note(STATE_KNOB, "/proc/sys/vm/x", "20");
	assert_true(h >= 0);
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)getpid());
	read_file(file, text, sizeof(text));
	assert_non_null(strstr(text, "owner\t"));
	assert_non_null(strstr(text, "knob\t/proc/sys/vm/x\t20\n"));
	state_forget(h);
	assert_false(path_exists(file));
}

static void write_dead_state(const char *knob, unsigned long long start, pid_t *pid_out)
{
	char file[4200], text[8500];
	pid_t pid = dead_pid();

	mkdir(state_dir(), 0755);
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)pid);
	snprintf(text, sizeof(text), "owner\t%d\t%llu\nknob\t%s\t20\nrmdir\t%s/inst\t\n",
		 (int)pid, start, knob, base);
	write_file(file, text);
	*pid_out = pid;
}

static void dead_owner_is_restored_and_said(void **state)
{
	char knob[4200], inst[4200], file[4200], value[64], msg[4096] = "";
	FILE *out = fmemopen(msg, sizeof(msg), "w");
	pid_t pid;

	(void)state;
	snprintf(knob, sizeof(knob), "%s/knob", base);
	snprintf(inst, sizeof(inst), "%s/inst", base);
	write_file(knob, "0");
	mkdir(inst, 0755);
	write_dead_state(knob, 12345, &pid);
	state_recover_dead(out);
	fclose(out);
	read_file(knob, value, sizeof(value));
	assert_string_equal(value, "20");
	assert_false(path_exists(inst));
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)pid);
	assert_false(path_exists(file));
	assert_non_null(strstr(msg, "restored"));
	assert_non_null(strstr(msg, "removed tracefs instance inst"));
	/* One line for the one dead owner. */
	assert_non_null(strchr(msg, '\n'));
	assert_ptr_equal(strchr(msg, '\n') + 1, msg + strlen(msg));
}

/* Our own pid with another start time: a reused pid, its owner long dead. */
static void reused_pid_counts_as_dead(void **state)
{
	char knob[4200], file[4200], text[8500], value[64], msg[1024];
	FILE *out = fmemopen(msg, sizeof(msg), "w");
	pid_t child = fork();

	(void)state;
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(knob, sizeof(knob), "%s/knob2", base);
	write_file(knob, "0");
	mkdir(state_dir(), 0755);
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)child);
	snprintf(text, sizeof(text), "owner\t%d\t%llu\nknob\t%s\t20\n", (int)child,
		 state_start_time(child) + 1, knob);
	write_file(file, text);
	state_recover_dead(out);
	fclose(out);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	read_file(knob, value, sizeof(value));
	assert_string_equal(value, "20");
}

/* A dead owner's state file holding lines, recovered; what it said. */
static void recover_lines(const char *lines, char *msg, size_t len)
{
	char file[4200], text[8500];
	FILE *out = fmemopen(msg, len, "w");
	pid_t pid = dead_pid();

	mkdir(state_dir(), 0755);
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)pid);
	snprintf(text, sizeof(text), "owner\t%d\t1\n%s", (int)pid, lines);
	write_file(file, text);
	state_recover_dead(out);
	fclose(out);
}

/* A process group as fio leaves it: the leader and a worker, paused. */
static pid_t paused_group(void)
{
	pid_t leader = fork();

	if (leader == 0) {
		setpgid(0, 0);
		if (fork() == 0)
			pause();
		pause();
		_exit(0);
	}
	setpgid(leader, leader);
	usleep(50000);
	return leader;
}

/* fio orphaned by a SIGKILL keeps its buffers pinned: the next run kills it. */
static void orphaned_fio_group_is_killed(void **state)
{
	char lines[256], msg[1024];
	pid_t g, stranger;
	bool alive, stranger_alive;

	(void)state;
	/* The worker's parent dies first: reap it here, not in init. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	g = paused_group();
	stranger = paused_group();
	snprintf(lines, sizeof(lines), "killpg\t%d\t%llu\nkillpg\t%d\t%llu\n", (int)g,
		 state_start_time(g), (int)stranger, state_start_time(stranger) + 1);
	recover_lines(lines, msg, sizeof(msg));
	/* leader and worker gone within 2 s (reaped here) */
	for (int i = 0; i < 200 && waitpid(-g, NULL, WNOHANG) >= 0; i++)
		usleep(10000);
	alive = kill(-g, 0) == 0;
	stranger_alive = kill(-stranger, 0) == 0;
	/* a failing run leaves nothing paused */
	kill(-g, SIGKILL);
	kill(-stranger, SIGKILL);
	while (waitpid(-g, NULL, 0) > 0 || waitpid(-stranger, NULL, 0) > 0)
		;
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	assert_false(alive);
	assert_non_null(strstr(msg, "killed orphaned fio process group"));
	/* a live leader with another start time is not ours */
	assert_true(stranger_alive);
}

/* A tracefs or debugfs we mounted is unmounted by the next run (root). */
static void our_mount_is_unmounted(void **state)
{
	char dir[4200], lines[4300], msg[1024];
	struct stat a, b;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/mnt", base);
	mkdir(dir, 0755);
	if (geteuid() != 0 || mount("none", dir, "tmpfs", 0, NULL))
		skip();
	stat(dir, &a);
	snprintf(lines, sizeof(lines), "umount\t%s\t\n", dir);
	recover_lines(lines, msg, sizeof(msg));
	stat(dir, &b);
	assert_true(a.st_dev != b.st_dev || umount2(dir, MNT_DETACH) != 0);
	assert_non_null(strstr(msg, "unmounted"));
}

static void live_owner_originals_go_to_manifest(void **state)
{
	char file[4200], text[8500], run[4200], err[256];
	pid_t child = fork();
	struct results *r;

	(void)state;
	if (child == 0) {
		pause();
		_exit(0);
	}
	mkdir(state_dir(), 0755);
	snprintf(file, sizeof(file), "%s/%d.state", state_dir(), (int)child);
	snprintf(text, sizeof(text), "owner\t%d\t%llu\n"
		 "knob\t/proc/sys/vm/compaction_proactiveness\t77\n", (int)child,
		 state_start_time(child));
	write_file(file, text);
	snprintf(run, sizeof(run), "%s/run", base);
	r = results_open(run, err, sizeof(err));
	assert_non_null(r);
	results_manifest_set(r, "sysctl.vm.compaction_proactiveness", "0");
	state_manifest_originals(r);
	assert_int_equal(results_close(r), 0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_manifest(run, "sysctl.vm.compaction_proactiveness", "77");
	/* Alive: its file is not recovered, only read. */
	assert_true(path_exists(file));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(note_is_on_disk_before_the_change, setup, teardown),
		cmocka_unit_test_setup_teardown(dead_owner_is_restored_and_said, setup, teardown),
		cmocka_unit_test_setup_teardown(reused_pid_counts_as_dead, setup, teardown),
		cmocka_unit_test_setup_teardown(live_owner_originals_go_to_manifest, setup, teardown),
		cmocka_unit_test_setup_teardown(orphaned_fio_group_is_killed, setup, teardown),
		cmocka_unit_test_setup_teardown(our_mount_is_unmounted, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
