// SPDX-License-Identifier: GPL-2.0
/*
 * MADV_COLLAPSE of a 2 MiB range of 4 KiB pages, with one of them pinned
 * (an io_uring fixed buffer of that one page) and without.
 *
 * madvise_collapse() (mm/khugepaged.c, 6.12 and 6.18) scans the PMD range
 * with hpage_collapse_scan_pmd(), which refuses any page whose refcount is
 * not what its mappings explain (is_refcount_suitable(): SCAN_PAGE_COUNT,
 * reported as EAGAIN by madvise_collapse_errno()).  A pin adds
 * GUP_PIN_COUNTING_BIAS to a small folio's refcount, so the pinned range
 * should fail with EAGAIN and stay small; the same range unpinned should
 * become one huge page.  Each sample uses a fresh range, the two variants
 * interleaved.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <liburing.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25	/* include/uapi/asm-generic/mman-common.h, 6.1+ */
#endif
#define PINNED_PAGE 7		/* any page but the first: the scan must reach it */

struct collapse_sample {
	int err;		/* 0 or the errno of MADV_COLLAPSE */
	double us;
	bool huge_before, huge_after;
	struct kgup_pins pins;
};

static bool range_huge(const void *base)
{
	return kgup_smaps_kib(base, "AnonHugePages") >= (long)(KGUP_HUGE >> 10);
}

static void collapse_timed(struct kgup_buf *buf, struct collapse_sample *s)
{
	uint64_t t0;

	s->huge_before = range_huge(buf->base);
	t0 = kgup_now_ns();
	s->err = madvise(buf->base, KGUP_HUGE, MADV_COLLAPSE) ? errno : 0;
	s->us = (double)(kgup_now_ns() - t0) / 1e3;
	s->huge_after = range_huge(buf->base);
}

/* Made eligible (MADV_HUGEPAGE) after faulting small, pinned or not, collapsed. */
static int pin_and_collapse(struct io_uring *ring, struct kgup_buf *buf, bool pinned,
			    struct collapse_sample *s)
{
	struct iovec one = { buf->base + PINNED_PAGE * KGUP_PAGE, KGUP_PAGE };
	struct vmstat_snap a, b;
	int rc;

	if (madvise(buf->base, KGUP_HUGE, MADV_HUGEPAGE))
		return -errno;
	if ((rc = kgup_pins_snap(&a)))
		return rc;
	if (pinned && (rc = io_uring_register_buffers(ring, &one, 1)))
		return rc;
	collapse_timed(buf, s);
	if (pinned)
		io_uring_unregister_buffers(ring);
	kgup_pins_end(&a, &b, &s->pins);
	return 0;
}

static int collapse_once(struct io_uring *ring, bool pinned, struct collapse_sample *s)
{
	struct kgup_buf buf;
	int rc;

	s->pins = (struct kgup_pins){ NAN, NAN, pinned, pinned };
	if ((rc = kgup_buf_alloc(&buf, KGUP_HUGE, KB_4K)))
		return rc;
	rc = pin_and_collapse(ring, &buf, pinned, s);
	kgup_buf_free(&buf);
	return rc;
}

static void record(struct kgup *k, const char *case_, unsigned rep,
		   const struct collapse_sample *s)
{
	bool ok = kgup_pins_ok(&s->pins) && !s->huge_before;

	kbench_record(k->ctx, case_, "collapse_ok", "bool", BETTER_HIGHER, rep, ok ? !s->err : NAN);
	kbench_record(k->ctx, case_, "collapse_errno", "errno", BETTER_LOWER, rep, ok ? s->err : NAN);
	kbench_record(k->ctx, case_, "collapse_us", "us", BETTER_LOWER, rep, ok ? s->us : NAN);
	kbench_record(k->ctx, case_, "huge_after", "bool", BETTER_HIGHER, rep, ok ? s->huge_after : NAN);
	kbench_record(k->ctx, case_, "huge_before", "bool", BETTER_LOWER, rep, s->huge_before);
	kgup_pins_record(k, case_, rep, &s->pins);
}

/* Both variants, in an order that alternates by rep; -errno stops the part. */
static int sample(struct kgup *k, struct io_uring *ring, unsigned rep)
{
	for (int i = 0; i < 2; i++) {
		bool pinned = (rep + (unsigned)i) % 2;
		struct collapse_sample s;
		char case_[64];
		int rc;

		snprintf(case_, sizeof(case_), "path=madv_collapse,pinned=%d", pinned);
		if ((rc = collapse_once(ring, pinned, &s)))
			return rc;
		if (s.err == EINVAL && !pinned && !rep)
			bench_msg(k->ctx, "MADV_COLLAPSE refused an unpinned range (EINVAL): "
				  "THP disabled, or a kernel before 6.1?");
		record(k, case_, rep, &s);
	}
	return 0;
}

enum bench_status kgup_collapse_run(struct kgup *k)
{
	struct io_uring ring;
	int rc;

	if ((rc = io_uring_queue_init(4, &ring, 0))) {
		kgup_case_skip(k, "collapse", "io_uring_setup failed: %s", strerror(-rc));
		return BENCH_OK;
	}
	for (unsigned rep = 0; rep < k->reps; rep++) {
		if (bench_should_stop())
			break;
		kgup_progress(k, KP_COLLAPSE, (double)rep / k->reps, "madv_collapse");
		if ((rc = sample(k, &ring, rep))) {
			if (rc != -EINTR)
				kgup_case_skip(k, "collapse", "%s", strerror(-rc));
			break;
		}
	}
	io_uring_queue_exit(&ring);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}
