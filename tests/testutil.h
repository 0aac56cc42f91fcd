/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/testutil.h - small helpers shared by the cmocka programs (header
 * only: each test program is linked on its own).
 */
#ifndef PINBENCH_TESTUTIL_H
#define PINBENCH_TESTUTIL_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A fresh directory under /tmp; the caller removes it with rm_rf(). */
static inline char *test_tmpdir(void)
{
	char *d = strdup("/tmp/pinbench-test-XXXXXX");

	return mkdtemp(d) ? d : NULL;
}

static inline void rm_rf(const char *path)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd)) {
		/* best effort: a leftover temp dir does not fail a test */
	}
}

static inline int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The CLI under test: $PINBENCH (set by tests/run.sh) or build/pinbench. */
static inline const char *pinbench_path(void)
{
	const char *p = getenv("PINBENCH");

	return p && *p ? p : "build/pinbench";
}

/*
 * Runs the CLI with args (NULL-terminated, without argv[0]); stderr goes to
 * errbuf (first errlen-1 bytes).  Returns the exit status, or 128+signal.
 */
static inline int run_cli(const char *const *args, char *errbuf, size_t errlen)
{
	char errfile[] = "/tmp/pinbench-err-XXXXXX";
	int fd = mkstemp(errfile), status;
	const char *argv[64] = { pinbench_path() };
	pid_t pid;

	for (int i = 0; args[i] && i < 62; i++)
		argv[i + 1] = args[i];
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	memset(errbuf, 0, errlen);
	lseek(fd, 0, SEEK_SET);
	if (read(fd, errbuf, errlen - 1) < 0)
		errbuf[0] = 0;
	close(fd);
	unlink(errfile);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The manifest value of key in run_dir, compared with want (needs cmocka). */
#define assert_manifest(run_dir, key, want) do {				\
		char *v_ = manifest_read_key((run_dir), (key));			\
		assert_non_null(v_);						\
		assert_string_equal(v_, (want));				\
		free(v_);							\
	} while (0)

/* pid of a fio process whose command line mentions needle, or 0. */
static inline pid_t fio_mentioning(const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t found = 0;

	while (d && !found && (e = readdir(d))) {
		char path[300], cmd[8192];
		ssize_t n;
		int fd;

		if (atoi(e->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		fd = open(path, O_RDONLY);
		n = fd >= 0 ? read(fd, cmd, sizeof(cmd) - 1) : -1;
		if (fd >= 0)
			close(fd);
		for (ssize_t i = 0; i < n; i++)
			cmd[i] = cmd[i] ? cmd[i] : ' ';
		if (n > 4 && (cmd[n] = 0, !strncmp(cmd, "fio ", 4)) && strstr(cmd, needle))
			found = atoi(e->d_name);
	}
	if (d)
		closedir(d);
	return found;
}

#endif
