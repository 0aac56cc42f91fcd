// SPDX-License-Identifier: GPL-2.0
/*
 * move_pages(2) of pinned pages (an io_uring fixed buffer) and of the same
 * number of unpinned pages to another node.
 *
 * A pinned anon page is refused when migration unmaps it:
 * try_to_migrate_one() cannot share a maybe-pinned anon-exclusive folio
 * (folio_try_share_anon_rmap_pte() -> -EBUSY, include/linux/rmap.h, 6.12),
 * so migrate_pages() retries it as -EAGAIN and gives up.  move_pages()
 * then returns the number of pages not migrated, and for the batch that
 * failed leaves status[] as it was (mm/migrate.c do_pages_move ->
 * move_pages_and_store_status): kgup fills status[] with a sentinel first,
 * counts what the kernel wrote, and asks again with nodes=NULL for where
 * every page is.  Needs a second node with memory; one node skips with the
 * reason.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <limits.h>
#include <liburing.h>
#include <math.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define MOVE_PAGES 512		/* one 2 MiB range of 4 KiB pages */
#define UNSET INT_MIN

struct move_sample {
	double us, ret;
	double moved, errs, unset;	/* pages on the target, status < 0, left unset */
	int first_err;			/* -status of the first refused page, or 0 */
	double pgmigrate_success, pgmigrate_fail;
	struct kgup_pins pins;
};

struct move_arrays {
	void *addr[MOVE_PAGES];
	int node[MOVE_PAGES], status[MOVE_PAGES];
};

static void tally(struct move_arrays *m, int target, struct move_sample *s)
{
	s->moved = s->errs = s->unset = 0;
	s->first_err = 0;
	for (int i = 0; i < MOVE_PAGES; i++) {
		bool refused = m->status[i] < 0 && m->status[i] != UNSET;

		s->unset += m->status[i] == UNSET;
		s->errs += refused;
		if (refused && !s->first_err)
			s->first_err = -m->status[i];
	}
	/* Where each page is now: the truth for the pages status[] skipped. */
	if (move_pages(0, MOVE_PAGES, m->addr, NULL, m->status, 0) == 0)
		for (int i = 0; i < MOVE_PAGES; i++)
			s->moved += m->status[i] == target;
}

static void move_timed(struct move_arrays *m, int target, struct move_sample *s)
{
	struct vmstat_snap a, b;
	uint64_t t0;
	long ret;

	for (int i = 0; i < MOVE_PAGES; i++) {
		m->node[i] = target;
		m->status[i] = UNSET;
	}
	vmstat_snapshot(&a);
	t0 = kgup_now_ns();
	ret = move_pages(0, MOVE_PAGES, m->addr, m->node, m->status, MPOL_MF_MOVE);
	s->us = (double)(kgup_now_ns() - t0) / 1e3;
	s->ret = ret < 0 ? -errno : (double)ret;
	vmstat_snapshot(&b);
	s->pgmigrate_success = vmstat_delta(&a, &b, VM_PGMIGRATE_SUCCESS);
	s->pgmigrate_fail = vmstat_delta(&a, &b, VM_PGMIGRATE_FAIL);
	tally(m, target, s);
}

/* The node of the buffer's first page, and another node with memory. */
static int other_node(struct move_arrays *m, const int *nodes, int nr)
{
	int here = -1;

	if (move_pages(0, 1, m->addr, NULL, &here, 0) || here < 0)
		return -1;
	for (int i = 0; i < nr; i++)
		if (nodes[i] != here)
			return nodes[i];
	return -1;
}

static int move_once(struct io_uring *ring, bool pinned, const int *nodes, int nr,
		     struct move_sample *s)
{
	struct move_arrays *m = calloc(1, sizeof(*m));
	struct vmstat_snap a, b;
	struct kgup_buf buf;
	struct iovec iov;
	int rc, target;

	s->pins = (struct kgup_pins){ NAN, NAN, pinned ? MOVE_PAGES : 0, pinned ? MOVE_PAGES : 0 };
	if (!m || (rc = kgup_buf_alloc(&buf, MOVE_PAGES * KGUP_PAGE, KB_4K))) {
		free(m);
		return m ? rc : -ENOMEM;
	}
	iov = (struct iovec){ buf.base, buf.len };
	for (int i = 0; i < MOVE_PAGES; i++)
		m->addr[i] = buf.base + i * KGUP_PAGE;
	rc = (target = other_node(m, nodes, nr)) < 0 ? -ENODEV : kgup_pins_snap(&a);
	if (!rc && pinned)
		rc = io_uring_register_buffers(ring, &iov, 1);
	if (!rc) {
		move_timed(m, target, s);
		if (pinned)
			io_uring_unregister_buffers(ring);
		kgup_pins_end(&a, &b, &s->pins);
	}
	kgup_buf_free(&buf);
	free(m);
	return rc;
}

static void record(struct kgup *k, const char *case_, unsigned rep, const struct move_sample *s)
{
	bool ok = kgup_pins_ok(&s->pins);

	kbench_record(k->ctx, case_, "us_per_page", "us", BETTER_LOWER, rep,
		      ok ? s->us / MOVE_PAGES : NAN);
	kbench_record(k->ctx, case_, "move_pages_ret", "pages", BETTER_LOWER, rep, s->ret);
	kbench_record(k->ctx, case_, "moved_pages", "pages", BETTER_HIGHER, rep, s->moved);
	kbench_record(k->ctx, case_, "status_error_pages", "pages", BETTER_LOWER, rep, s->errs);
	kbench_record(k->ctx, case_, "status_unset_pages", "pages", BETTER_LOWER, rep, s->unset);
	kbench_record(k->ctx, case_, "first_status_errno", "errno", BETTER_LOWER, rep, s->first_err);
	kbench_record(k->ctx, case_, "pgmigrate_success", "pages", BETTER_HIGHER, rep,
		      s->pgmigrate_success);
	kbench_record(k->ctx, case_, "pgmigrate_fail", "pages", BETTER_LOWER, rep, s->pgmigrate_fail);
	kgup_pins_record(k, case_, rep, &s->pins);
}

static int sample(struct kgup *k, struct io_uring *ring, const int *nodes, int nr, unsigned rep)
{
	for (int i = 0; i < 2; i++) {
		bool pinned = (rep + (unsigned)i) % 2;
		struct move_sample s;
		char case_[64];
		int rc;

		snprintf(case_, sizeof(case_), "path=move_pages,pinned=%d,pages=%d", pinned, MOVE_PAGES);
		if ((rc = move_once(ring, pinned, nodes, nr, &s)))
			return rc;
		record(k, case_, rep, &s);
	}
	return 0;
}

enum bench_status kgup_move_run(struct kgup *k)
{
	int nodes[KSTAT_MAX_NODES], nr = kstat_memory_nodes(nodes, KSTAT_MAX_NODES), rc = 0;
	struct io_uring ring;

	if (nr < 2) {
		kgup_case_skip(k, "move", "one NUMA node with memory: no other node to move pages to");
		return BENCH_OK;
	}
	if ((rc = io_uring_queue_init(4, &ring, 0))) {
		kgup_case_skip(k, "move", "io_uring_setup failed: %s", strerror(-rc));
		return BENCH_OK;
	}
	for (unsigned rep = 0; rep < k->reps && !bench_should_stop() && !rc; rep++) {
		kgup_progress(k, KP_MOVE, (double)rep / k->reps, "move_pages");
		rc = sample(k, &ring, nodes, nr, rep);
	}
	if (rc && rc != -EINTR)
		kgup_case_skip(k, "move", "%s", strerror(-rc));
	io_uring_queue_exit(&ring);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}
