// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/gnuplot.c - finding gnuplot and the templates, and running
 * one bounded gnuplot call: a hung or slow gnuplot is killed after a
 * timeout instead of hanging `make bench`.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report/plot.h"

static bool is_template_dir(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/box.gp", dir);
	return access(path, R_OK) == 0;
}

/* ../plots beside the binary: build/pinbench finds the repo's plots/. */
static bool exe_relative(char *out, size_t len)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = 0;
	snprintf(out, len, "%s/../plots", dirname(exe));
	return is_template_dir(out);
}

int plot_templates_dir(char *out, size_t len)
{
	const char *env = getenv("PINBENCH_PLOTS");

	if (env && *env) {
		snprintf(out, len, "%s", env);
		return is_template_dir(out) ? 0 : -1;
	}
	if (exe_relative(out, len))
		return 0;
	snprintf(out, len, "plots");
	return is_template_dir(out) ? 0 : -1;
}

bool plot_have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char *dirs = strdup(path ? path : "/usr/bin:/bin"), *save = NULL;
	bool found = false;

	for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
		char exe[4096];

		snprintf(exe, sizeof(exe), "%s/gnuplot", *d ? d : ".");
		found = access(exe, X_OK) == 0;
	}
	free(dirs);
	return found;
}

static void gp_add(struct gp_vars *v, const char *fmt, const char *name, const char *value)
{
	int n;

	if (v->len >= sizeof(v->s))
		return;
	n = snprintf(v->s + v->len, sizeof(v->s) - v->len, fmt, v->len ? "; " : "",
		     name, value);
	if (n > 0)
		v->len += (size_t)n;
}

/* A double-quoted gnuplot string: \\, \" and \n (titles may wrap). */
void gp_var_str(struct gp_vars *v, const char *name, const char *value)
{
	char quoted[2048];
	size_t o = 0;

	for (const char *p = value; *p && o < sizeof(quoted) - 3; p++) {
		if (strchr("\\\"\n", *p))
			quoted[o++] = '\\';
		quoted[o++] = *p == '\n' ? 'n' : *p;
	}
	quoted[o] = 0;
	gp_add(v, "%s%s=\"%s\"", name, quoted);
}

void gp_var_num(struct gp_vars *v, const char *name, double value)
{
	char num[64];

	snprintf(num, sizeof(num), "%.9g", value);
	gp_add(v, "%s%s=%s", name, num);
}

static void child_exec(const char *template_path, const struct gp_vars *vars,
		       const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int null = open("/dev/null", O_RDWR);

	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	if (null >= 0)
		dup2(null, STDIN_FILENO);
	execlp("gnuplot", "gnuplot", "-e", vars->s, template_path, (char *)NULL);
	_exit(127);
}

/* The last line gnuplot wrote, for a one-line error. */
static void last_log_line(const char *log, char *out, size_t len)
{
	FILE *f = fopen(log, "r");
	char line[512];

	*out = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strspn(line, " \t\n^") < strlen(line))
			snprintf(out, len, "%.*s", (int)strcspn(line, "\n"), line);
	if (f)
		fclose(f);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int gnuplot_start(struct gp_job *j, const char *template_path, const struct gp_vars *vars,
		  const char *log, unsigned timeout_s, char *err, size_t errlen)
{
	snprintf(j->template_path, sizeof(j->template_path), "%s", template_path);
	snprintf(j->log, sizeof(j->log), "%s", log);
	j->timeout_s = timeout_s;
	j->deadline = now_s() + timeout_s;
	j->pid = fork();
	if (j->pid < 0) {
		snprintf(err, errlen, "cannot start gnuplot: %s", strerror(errno));
		return -1;
	}
	if (j->pid == 0)
		child_exec(template_path, vars, log);
	return 0;
}

static int job_failed(const struct gp_job *j, int status, char *err, size_t errlen)
{
	char last[512];

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	last_log_line(j->log, last, sizeof(last));
	snprintf(err, errlen, "gnuplot failed on %.512s: %s (log: %.512s)", j->template_path,
		 *last ? last : "no message", j->log);
	return -1;
}

int gnuplot_poll(struct gp_job *j, char *err, size_t errlen)
{
	int status;
	pid_t got = waitpid(j->pid, &status, WNOHANG);

	if (got == j->pid)
		return job_failed(j, status, err, errlen);
	if (got < 0 && errno != EINTR) {
		snprintf(err, errlen, "lost gnuplot: %s", strerror(errno));
		return -1;
	}
	if (now_s() < j->deadline)
		return 1;
	gnuplot_kill(j);
	snprintf(err, errlen, "gnuplot took over %u s on %.512s (killed)", j->timeout_s,
		 j->template_path);
	return -1;
}

void gnuplot_kill(struct gp_job *j)
{
	kill(j->pid, SIGKILL);
	waitpid(j->pid, NULL, 0);
}
