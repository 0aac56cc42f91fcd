// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/workload.c - start, watch and stop fio jobs (their files are
 * workload_files.c, their results fio_json.c, their pages workload_mem.c).
 */
#include "workloads/workload.h"
#include "workloads/state.h"

#include "core/bench.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name;	/* in case names */
	const char *job;	/* workloads/<job>.fio */
} engines[WL_NR_ENGINES] = {
	[WL_LIBAIO] = { "libaio", "odirect-libaio" },
	[WL_IOURING] = { "io_uring", "odirect-iouring" },
	[WL_IOURING_FIXED] = { "io_uring-fixedbufs", "iouring-fixedbufs" },
	[WL_AIO_RING] = { "aio-ring", "aio-ring" },
};

const char *workload_engine_name(enum wl_engine e)
{
	return e < WL_NR_ENGINES ? engines[e].name : "?";
}

int workload_engine_parse(const char *name)
{
	for (int e = 0; e < WL_NR_ENGINES; e++) {
		if (strcmp(name, engines[e].name) == 0)
			return e;
	}
	return -1;
}

void workload_spec_init(struct workload_spec *s, enum wl_engine e, bool mixed,
			unsigned bs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	memset(s, 0, sizeof(*s));
	s->engine = e;
	s->mixed = mixed;
	s->bs = bs;
	/* 32 x 4 KiB in flight saturates a virtio or NVMe queue for reads;
	 * large blocks need fewer to keep the device busy. */
	s->iodepth = bs <= 4096 ? 32 : 8;
	/* Half the CPUs: compaction and the benchmark need the rest. */
	s->numjobs = cpus > 3 ? (unsigned)(cpus / 2) : 1;
}

void workload_spec_case(const struct workload_spec *s, char *out, size_t outlen)
{
	snprintf(out, outlen, "engine=%s,rw=%s,bs=%uk,qd=%u,jobs=%u",
		 workload_engine_name(s->engine), s->mixed ? "randrw" : "randread",
		 s->bs / 1024, s->iodepth, s->numjobs);
}

void workload_spec_tag(const struct workload_spec *s, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s-%s-%uk", workload_engine_name(s->engine),
		 s->mixed ? "randrw" : "randread", s->bs / 1024);
}

/* ---- the fio process ---------------------------------------------------- */

static bool job_file_in(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s.fio", dir, engines[WL_LIBAIO].job);
	return access(path, R_OK) == 0;
}

const char *workload_template_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("PINBENCH_WORKLOADS");
	ssize_t n;

	if (env && *env)
		return env;
	if (dir[0])
		return dir;
	/* Next to the binary: build/pinbench, build/plain/tests/test_x. */
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 16);
	for (int up = 0; n > 0 && up < 4; up++) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			break;
		strcpy(slash, "/workloads");
		if (job_file_in(dir))
			return dir;
		*slash = '\0';
	}
	snprintf(dir, sizeof(dir), "workloads");
	return dir;
}

static void set_env_u64(const char *key, unsigned long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", v);
	setenv(key, buf, 1);
}

/* In the child, between fork and exec: only exits on failure. */
static void exec_fio(const struct workload_spec *s, const struct workload_files *f,
		     const char *json, const char *log)
{
	char job[PATH_MAX], out[PATH_MAX + 16], runtime[32];
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	setpgid(0, 0);
	/* If pinbench dies without its cleanup (SIGKILL), fio follows. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	setenv("PB_FILE", f->file, 1);
	set_env_u64("PB_SIZE", f->bytes);
	set_env_u64("PB_BS", s->bs);
	setenv("PB_RW", s->mixed ? "randrw" : "randread", 1);
	set_env_u64("PB_IODEPTH", s->iodepth);
	set_env_u64("PB_NUMJOBS", s->numjobs);
	/* In ms (fio takes unit suffixes).  "Until stopped" is bounded too,
	 * so that even a fio that outlived a killed pinbench ends soon. */
	snprintf(runtime, sizeof(runtime), "%llums",
		 (unsigned long long)ceil((s->runtime_s > 0 ? s->runtime_s : WORKLOAD_MAX_S) * 1000));
	setenv("PB_RUNTIME", runtime, 1);
	/* fio rejects seeds above 2^63: 32 bits are plenty for a job. */
	set_env_u64("PB_SEED", s->seed & 0xffffffffu);
	snprintf(job, sizeof(job), "%s/%s.fio", workload_template_dir(),
		 engines[s->engine].job);
	snprintf(out, sizeof(out), "--output=%s", json);
	/* json+ adds the latency histogram that per-window p99s need. */
	execlp("fio", "fio", s->phases ? "--output-format=json+" : "--output-format=json",
	       out, job, (char *)NULL);
	_exit(127);
}

static void stop_hook(void *arg)
{
	struct workload *w = arg;

	w->hook = -1;		/* the harness pops it itself */
	workload_stop(w);
}

/* For the next run to kill, should a SIGKILL leave the jobs orphaned. */
static int note_group(pid_t pgid)
{
	char pgid_s[24], start_s[32];

	if (geteuid() != 0)
		return -EPERM;	/* no state directory to write (workloads/state.h) */
	snprintf(pgid_s, sizeof(pgid_s), "%d", (int)pgid);
	snprintf(start_s, sizeof(start_s), "%llu", state_start_time(pgid));
	return state_note(STATE_KILLPG, pgid_s, start_s);
}

int workload_start(struct workload *w, const struct workload_spec *s,
		   const struct workload_files *f, const char *json_path)
{
	char log[PATH_MAX + 8];
	size_t len = strlen(json_path);
	pid_t pid;

	memset(w, 0, sizeof(*w));
	w->spec = *s;
	w->hook = w->state = -1;
	snprintf(w->json, sizeof(w->json), "%s", json_path);
	snprintf(log, sizeof(log), "%.*s.log",
		 (int)(len > 5 && !strcmp(json_path + len - 5, ".json") ? len - 5 : len),
		 json_path);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_fio(s, f, w->json, log);
	setpgid(pid, pid);	/* also here: no window where it is in ours */
	w->pid = pid;
	w->state = note_group(pid);
	w->hook = bench_cleanup_push(stop_hook, w);
	return 0;
}

static bool reap(struct workload *w, int flags)
{
	int status;
	pid_t r;

	if (w->pid <= 0)
		return true;
	do
		r = waitpid(w->pid, &status, flags);
	while (r < 0 && errno == EINTR);
	if (r == w->pid || (r < 0 && errno == ECHILD)) {
		w->status = r == w->pid ? status : 0;
		return true;
	}
	return false;
}

bool workload_running(struct workload *w)
{
	return w->pid > 0 && !reap(w, WNOHANG);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

bool workload_wait(struct workload *w, double timeout_s)
{
	for (double t = 0; t < timeout_s; t += 0.01) {
		if (!workload_running(w))
			return true;
		sleep_ms(10);
	}
	return !workload_running(w);
}

/* Workers outlive fio's main process only when it was killed. */
static void empty_group(pid_t pgid)
{
	for (int i = 0; i < 300 && kill(-pgid, 0) == 0; i++) {
		kill(-pgid, SIGKILL);
		sleep_ms(10);
	}
}

int workload_stop(struct workload *w)
{
	pid_t pgid = w->pid;

	if (pgid <= 0)
		return 0;
	if (workload_running(w)) {
		kill(pgid, SIGTERM);	/* fio's main process ends its jobs */
		if (!workload_wait(w, 5.0)) {
			kill(-pgid, SIGKILL);
			reap(w, 0);
		}
	}
	empty_group(pgid);
	state_forget(w->state);
	w->state = -1;
	w->pid = 0;
	if (w->hook >= 0)
		bench_cleanup_pop(w->hook, false);
	w->hook = -1;
	return WIFEXITED(w->status) && WEXITSTATUS(w->status) == 0 ? 0 : -ECHILD;
}

/* ---- windows of one job ------------------------------------------------- */

unsigned workload_documents(const char *text)
{
	unsigned n = 0;

	/* A document ends with a line "}": only its outermost brace is not
	 * indented, and a document still being written has none yet. */
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (p[0] == '}' && (p[1] == '\n' || p[1] == '\0'))
			n++;
	}
	return n;
}

static unsigned documents_in(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0;
	unsigned n = 0;

	if (!f)
		return 0;
	if (getdelim(&text, &len, '\0', f) > 0)
		n = workload_documents(text);
	free(text);
	fclose(f);
	return n;
}

int workload_mark(struct workload *w, double timeout_s)
{
	if (!workload_running(w))
		return -ESRCH;
	/* fio's main process prints its running statistics on SIGUSR1
	 * (fio(1), "SIGNALS"); its workers keep doing I/O meanwhile. */
	if (kill(w->pid, SIGUSR1) != 0)
		return -errno;
	for (double t = 0; t < timeout_s; t += 0.005) {
		if (documents_in(w->json) > w->marks) {
			w->marks++;
			return 0;
		}
		if (!workload_running(w))
			return -ESRCH;
		sleep_ms(5);
	}
	return -ETIMEDOUT;
}
