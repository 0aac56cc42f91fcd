// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/workload_mem.c - where a running fio job's I/O buffers are, and
 * which physical pages back them.
 *
 * fio's main process forks one worker per job; the worker allocates its
 * buffers (mem=mmap in pinbench-common.fio: one anonymous mapping of
 * iodepth * bs plus alignment) and, for libaio, io_setup() maps the ring as
 * "/[aio] (deleted)" (fs/aio.c aio_setup_ring()).  Neither exists in the
 * main process, so a worker's mappings that its parent lacks, filtered by
 * size and kind, are the buffers.
 */
#include "workloads/workload.h"

#include "core/bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct map_line {
	uintptr_t start, end;
	char perms[8];
	char path[256];		/* "" for anonymous memory */
};

/* One line of /proc/PID/maps; text may go on past the line's end. */
static bool parse_map_line(const char *text, struct map_line *m)
{
	char line[512];
	unsigned long s, e;
	int used = 0;

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(text, "\n"), text);
	memset(m, 0, sizeof(*m));
	if (sscanf(line, "%lx-%lx %7s %*s %*s %*s%n", &s, &e, m->perms, &used) < 3 || !used)
		return false;
	m->start = s;
	m->end = e;
	sscanf(line + used, " %255[^\n]", m->path);
	return true;
}

/* Is [start,end) a mapping of the parent's maps text? */
static bool in_parent(const char *parent_maps, const struct map_line *m)
{
	char key[64];
	const char *p = parent_maps;
	size_t klen = (size_t)snprintf(key, sizeof(key), "%lx-%lx ",
				       (unsigned long)m->start, (unsigned long)m->end);

	while ((p = strstr(p, key))) {
		if (p == parent_maps || p[-1] == '\n')
			return true;
		p += klen;
	}
	return false;
}

static bool is_buffer(const struct map_line *m, size_t min_bytes, bool *aio_ring)
{
	*aio_ring = strcmp(m->path, "/[aio] (deleted)") == 0;
	if (*aio_ring)
		return true;
	return !m->path[0] && strcmp(m->perms, "rw-p") == 0 &&
	       m->end - m->start >= min_bytes;
}

int workload_buffers_from_maps(const char *parent_maps, const char *worker_maps,
			       size_t min_bytes, pid_t worker,
			       struct workload_range *r, int max)
{
	const char *line = worker_maps;
	int n = 0;

	while (line && *line && n < max) {
		struct map_line m;
		bool ring;

		if (parse_map_line(line, &m) && !in_parent(parent_maps, &m) &&
		    is_buffer(&m, min_bytes, &ring)) {
			r[n].pid = worker;
			r[n].start = m.start;
			r[n].end = m.end;
			r[n].aio_ring = ring;
			n++;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return n;
}

/* Whole small text file into a malloc'd string. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

static pid_t parent_of(pid_t pid)
{
	char path[64], *stat, *close;
	int ppid = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	stat = slurp(path);
	/* "pid (comm) state ppid": comm may hold spaces and parentheses. */
	close = stat ? strrchr(stat, ')') : NULL;
	if (close)
		sscanf(close + 1, " %*c %d", &ppid);
	free(stat);
	return ppid;
}

/* fio's workers: the children of its main process. */
static int workers_of(pid_t fio, pid_t *out, int max)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid > 0 && parent_of(pid) == fio)
			out[n++] = pid;
	}
	closedir(d);
	return n;
}

static int buffers_of_worker(const char *parent_maps, pid_t worker, size_t min_bytes,
			     struct workload_range *r, int max)
{
	char path[64], *maps;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)worker);
	maps = slurp(path);
	if (!maps)
		return 0;	/* it just exited */
	n = workload_buffers_from_maps(parent_maps, maps, min_bytes, worker, r, max);
	free(maps);
	return n;
}

int workload_buffers(struct workload *w, struct workload_range *r, int max)
{
	pid_t workers[64];
	char path[64], *parent_maps;
	int nw, n = 0;

	if (!workload_running(w))
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)w->pid);
	parent_maps = slurp(path);
	if (!parent_maps)
		return -errno;
	nw = workers_of(w->pid, workers, 64);
	for (int i = 0; i < nw && n < max; i++)
		n += buffers_of_worker(parent_maps, workers[i],
				       (size_t)w->spec.iodepth * w->spec.bs, r + n, max - n);
	free(parent_maps);
	return nw < 0 ? nw : n;
}

#define PM_PRESENT (1ull << 63)
#define PM_PFN_MASK ((1ull << 55) - 1)

/*
 * Appends the present pages of one range: their pfns when pfns is given,
 * else only the count.  Returns the new count or -errno.
 */
static ssize_t range_pfns(const struct workload_range *r, uint64_t *pfns,
			  size_t have, size_t max)
{
	char path[64];
	long psize = sysconf(_SC_PAGESIZE);
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)r->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (uintptr_t va = r->start; va < r->end && have < max; va += (uintptr_t)psize) {
		uint64_t e;

		if (pread(fd, &e, sizeof(e), (off_t)(va / (uintptr_t)psize * 8)) != sizeof(e))
			break;
		if (!(e & PM_PRESENT))
			continue;
		if (pfns && !(e & PM_PFN_MASK)) {
			close(fd);
			return -EPERM;	/* present but pfn hidden: not root */
		}
		if (pfns)
			pfns[have] = e & PM_PFN_MASK;
		have++;
	}
	close(fd);
	return (ssize_t)have;
}

ssize_t workload_pinned_pfns(struct workload *w, uint64_t *pfns, size_t max)
{
	struct workload_range r[64];
	int nr = workload_buffers(w, r, 64);
	ssize_t have = 0;

	if (nr < 0)
		return nr;
	for (int i = 0; i < nr && have >= 0; i++)
		have = range_pfns(&r[i], pfns, (size_t)have, max);
	return have;
}

/* Present pages of the I/O buffers (not the aio ring, mapped at setup). */
static ssize_t buffer_pages_present(struct workload *w)
{
	struct workload_range r[64];
	int nr = workload_buffers(w, r, 64);
	ssize_t have = 0;

	for (int i = 0; i < nr && have >= 0; i++) {
		if (!r[i].aio_ring)
			have = range_pfns(&r[i], NULL, (size_t)have, SIZE_MAX);
	}
	return nr < 0 ? nr : have;
}

bool workload_wait_io(struct workload *w, double timeout_s)
{
	struct timespec tick = { 0, 10 * 1000000L };

	for (double t = 0; t < timeout_s; t += 0.01) {
		if (buffer_pages_present(w) > 0)
			return true;
		if (!workload_running(w) || bench_should_stop())
			return false;
		nanosleep(&tick, NULL);
	}
	return false;
}
