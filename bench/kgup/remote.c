// SPDX-License-Identifier: GPL-2.0
/*
 * A pin against a plain reference, page by page, side by side.
 *
 * A child process maps and writes a buffer.  The parent reads one byte of
 * each of its pages with process_vm_readv, one iovec per page: each remote
 * iovec is pinned, copied and unpinned with pin_user_pages_remote()
 * (mm/process_vm_access.c process_vm_rw_single_vec, 6.12 and 6.18), so
 * nr_foll_pin_acquired and _released each grow by one per page.  The
 * child vmsplices the same pages into a pipe, one one-byte iovec each, and
 * reads them back out: vmsplice takes plain references
 * (fs/splice.c iter_to_pipe -> iov_iter_get_pages2, FOLL_GET) that the read
 * drops, and the FOLL_PIN counters must not move.  Both time a reference
 * taken, one byte copied and the reference dropped per page; their ratio,
 * per sample, is what the pin itself (the refcount bias, the counters)
 * adds.  Samples alternate which goes first.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define IOV_BATCH 1024		/* UIO_MAXIOV */
#define PIPE_BYTES (1 << 20)	/* 256 one-page slots: one vmsplice batch */

struct child {
	pid_t pid;
	int cmd, reply;		/* parent's ends of the two pipes */
	uintptr_t base;
	bool huge;
	int hook;
};

struct child_hello {
	uintptr_t base;
	int err;
	bool huge;
};

/* One-byte iovecs, one per page from base. */
static struct iovec *page_iovecs(uintptr_t base, size_t pages)
{
	struct iovec *iov = calloc(pages, sizeof(*iov));

	for (size_t i = 0; iov && i < pages; i++)
		iov[i] = (struct iovec){ (void *)(base + i * KGUP_PAGE), 1 };
	return iov;
}

/* vmsplice every page into the pipe and read it back; ns, or -errno. */
static double splice_pages(int p[2], struct iovec *iov, size_t pages, size_t slots)
{
	static char sink[PIPE_BYTES / KGUP_PAGE];
	uint64_t t0 = kgup_now_ns();

	for (size_t i = 0; i < pages;) {
		size_t n = pages - i < slots ? pages - i : slots;
		ssize_t got = vmsplice(p[1], iov + i, n, 0);

		if (got <= 0 || read(p[0], sink, (size_t)got) != got)
			return -(double)(got < 0 ? errno : EIO);
		i += (size_t)got;
	}
	return (double)(kgup_now_ns() - t0);
}

static void child_serve(int cmd, int reply, const struct kgup_buf *buf, size_t pages)
{
	struct iovec *iov = page_iovecs((uintptr_t)buf->base, pages);
	int p[2];
	long sz;
	char c;

	if (!iov || pipe(p))
		_exit(1);
	sz = fcntl(p[1], F_SETPIPE_SZ, PIPE_BYTES);
	sz = sz > 0 ? sz : 65536;
	for (;;) {
		ssize_t n = read(cmd, &c, 1);
		double ns;

		if (n < 0 && errno == EINTR)
			continue;
		if (n != 1)
			_exit(0);	/* the parent closed its end, or is gone */
		ns = splice_pages(p, iov, pages, (size_t)sz / KGUP_PAGE);
		if (write(reply, &ns, sizeof(ns)) != sizeof(ns))
			_exit(1);
	}
}

static void child_main(int cmd, int reply, size_t pages, enum kgup_backing b)
{
	struct kgup_buf buf;
	struct child_hello h = { 0 };

	h.err = kgup_buf_alloc(&buf, pages * KGUP_PAGE, b);
	h.base = (uintptr_t)buf.base;
	h.huge = buf.huge;
	if (write(reply, &h, sizeof(h)) != sizeof(h) || h.err)
		_exit(1);
	child_serve(cmd, reply, &buf, pages);
}

static void child_kill(void *arg)
{
	struct child *c = arg;

	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, 0);
	}
	c->pid = -1;
	close(c->cmd);
	close(c->reply);
}

static int child_start(struct child *c, size_t pages, enum kgup_backing b)
{
	struct child_hello h;
	int to[2], from[2];

	if (pipe2(to, O_CLOEXEC) || pipe2(from, O_CLOEXEC))
		return -errno;
	c->pid = fork();
	if (c->pid == 0) {
		close(to[1]);
		close(from[0]);
		child_main(to[0], from[1], pages, b);
	}
	close(to[0]);
	close(from[1]);
	c->cmd = to[1];
	c->reply = from[0];
	c->hook = bench_cleanup_push(child_kill, c);
	if (c->pid < 0 || read(c->reply, &h, sizeof(h)) != sizeof(h))
		return -ECHILD;
	c->base = h.base;
	c->huge = h.huge;
	return h.err;
}

/* process_vm_readv of one byte per page of the child; ns, or -errno. */
static double read_remote(const struct child *c, struct iovec *remote, char *local,
			  size_t pages)
{
	uint64_t t0 = kgup_now_ns();

	for (size_t i = 0; i < pages; i += IOV_BATCH) {
		size_t n = pages - i < IOV_BATCH ? pages - i : IOV_BATCH;
		struct iovec l = { local + i, n };

		if (process_vm_readv(c->pid, &l, 1, remote + i, n, 0) != (ssize_t)n)
			return -(double)errno;
	}
	return (double)(kgup_now_ns() - t0);
}

static double splice_in_child(const struct child *c)
{
	double ns = -EIO;

	if (write(c->cmd, "v", 1) != 1 || read(c->reply, &ns, sizeof(ns)) != sizeof(ns))
		return -EIO;
	return ns;
}

/* One timed, counted run of either path; NaN timing when the count is off. */
static double counted(const struct child *c, bool pin, struct iovec *remote, char *local,
		      size_t pages, struct kgup_pins *p)
{
	double due = pin ? (double)pages : 0, ns;
	struct vmstat_snap a, b;

	*p = (struct kgup_pins){ NAN, NAN, due, due };
	if (kgup_pins_snap(&a))
		return NAN;
	ns = pin ? read_remote(c, remote, local, pages) : splice_in_child(c);
	kgup_pins_end(&a, &b, p);
	return ns >= 0 && kgup_pins_ok(p) ? ns / (double)pages : NAN;
}

struct remote_cases {
	char pin[128], get[128], ratio[128];
};

static void sample(struct kgup *k, const struct child *c, const struct remote_cases *rc,
		   struct iovec *remote, char *local, unsigned rep)
{
	size_t pages = k->plan.remote_pages;
	struct kgup_pins pp, gp;
	double pin, get;

	if (rep % 2) {
		get = counted(c, false, remote, local, pages, &gp);
		pin = counted(c, true, remote, local, pages, &pp);
	} else {
		pin = counted(c, true, remote, local, pages, &pp);
		get = counted(c, false, remote, local, pages, &gp);
	}
	kbench_record(k->ctx, rc->pin, "ns_per_page", "ns", BETTER_LOWER, rep, pin);
	kgup_pins_record(k, rc->pin, rep, &pp);
	kbench_record(k->ctx, rc->get, "ns_per_page", "ns", BETTER_LOWER, rep, get);
	kgup_pins_record(k, rc->get, rep, &gp);
	kbench_record(k->ctx, rc->ratio, "pin_vs_get_ratio", "x", BETTER_LOWER, rep, pin / get);
}

static enum bench_status measure(struct kgup *k, const struct child *c, const char *backing)
{
	size_t pages = k->plan.remote_pages;
	struct iovec *remote = page_iovecs(c->base, pages);
	char *local = malloc(pages);
	struct remote_cases rc;
	struct kgup_pins warm;

	snprintf(rc.pin, sizeof(rc.pin), "path=process_vm_readv,backing=%s,pages=%zu", backing, pages);
	snprintf(rc.get, sizeof(rc.get), "path=vmsplice,backing=%s,pages=%zu", backing, pages);
	snprintf(rc.ratio, sizeof(rc.ratio), "path=pin_vs_get,backing=%s,pages=%zu", backing, pages);
	if (remote && local) {
		counted(c, true, remote, local, pages, &warm);
		counted(c, false, remote, local, pages, &warm);
	}
	for (unsigned rep = 0; remote && local && rep < k->reps && !bench_should_stop(); rep++)
		sample(k, c, &rc, remote, local, rep);
	free(remote);
	free(local);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static enum bench_status one_backing(struct kgup *k, enum kgup_backing b)
{
	struct child c = { .pid = -1, .cmd = -1, .reply = -1, .hook = -1 };
	struct kgup_buf shape = { .backing = b };
	enum bench_status st = BENCH_OK;
	char what[64];
	int rc;

	snprintf(what, sizeof(what), "remote.%s", kgup_backing_name(b));
	rc = child_start(&c, k->plan.remote_pages, b);
	if (rc) {
		kgup_case_skip(k, what, "the child could not map its buffer: %s", strerror(-rc));
	} else {
		shape.huge = c.huge;
		st = measure(k, &c, kgup_buf_backing(&shape));
	}
	if (c.hook >= 0)
		bench_cleanup_pop(c.hook, true);
	return st;
}

enum bench_status kgup_remote_run(struct kgup *k)
{
	static const enum kgup_backing backings[] = { KB_4K, KB_THP };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	enum bench_status st = BENCH_OK;

	/* A child that died must show as a failed write, not end pinbench. */
	sigaction(SIGPIPE, &ign, &old);

	bench_note(k->ctx, "remote", "backings 4k and thp of those asked for (hugetlb not measured)");
	for (size_t i = 0; i < 2 && st == BENCH_OK; i++) {
		if (!k->plan.backing[backings[i]])
			continue;
		kgup_progress(k, KP_REMOTE, (double)i / 2, kgup_backing_name(backings[i]));
		st = one_backing(k, backings[i]);
	}
	sigaction(SIGPIPE, &old, NULL);
	return st;
}
