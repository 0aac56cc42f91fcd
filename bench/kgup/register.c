// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring buffer registration: IORING_REGISTER_BUFFERS pins the buffer
 * with pin_user_pages_fast(FOLL_WRITE | FOLL_LONGTERM) (io_uring/rsrc.c
 * io_sqe_buffer_register -> io_pin_pages, 6.12 and 6.18), and
 * IORING_UNREGISTER_BUFFERS unpins it.  Register and unregister are timed
 * apart, per call and per 4 KiB page.
 *
 * The pins the counters must show (read in 6.12 and mainline 6.18
 * io_uring/rsrc.c): registration acquires one pin per 4 KiB page.  When
 * the pages lie in large folios of one size (THP, hugetlb), the buffer is
 * coalesced (io_check_coalesce_buffer / io_coalesce_buffer; in 6.12
 * io_try_coalesce_buffer) and all but one pin per folio are released at
 * once: released = pages - folios during registration.  Unregistration
 * (io_buffer_unmap / io_release_ubuf) drops one pin per bvec: folios when
 * coalesced, else pages.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <liburing.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

struct reg_sample {
	double reg_ns, unreg_ns;
	struct kgup_pins reg, unreg;
	bool coalesced;		/* one pin per folio held (see below) */
};

/*
 * Kernels that do not coalesce keep every 4 KiB page's pin while the
 * buffer is registered and drop them all at unregistration: 6.1's
 * io_uring/rsrc.c has no coalescing at all (6.12 has
 * io_try_coalesce_buffer).  A count that matches that exactly is the
 * kernel's way, not a measurement error: the expectation follows it and
 * the sample says which way the kernel went (`coalesced`).
 */
static void expect_per_page(struct reg_sample *s, double pages)
{
	if (s->reg.want_released == 0 || s->reg.acquired != pages || s->reg.released != 0 ||
	    s->unreg.released != pages)
		return;
	s->reg.want_released = 0;
	s->unreg.want_released = pages;
	s->coalesced = false;
}

/* One register + unregister, each timed, each counted. */
static int reg_once(struct io_uring *ring, const struct kgup_buf *buf, struct reg_sample *s)
{
	struct iovec iov = { buf->base, buf->len };
	double pages = (double)(buf->len / KGUP_PAGE), folios = (double)kgup_buf_folios(buf);
	struct vmstat_snap a, b, c;
	uint64_t t0, t1;
	int rc;

	s->reg = (struct kgup_pins){ .want_acquired = pages, .want_released = pages - folios };
	s->unreg = (struct kgup_pins){ .want_acquired = 0, .want_released = folios };
	s->coalesced = folios < pages;
	if ((rc = kgup_pins_snap(&a)))
		return rc;
	t0 = kgup_now_ns();
	rc = io_uring_register_buffers(ring, &iov, 1);
	t1 = kgup_now_ns();
	if (rc)
		return rc;
	s->reg_ns = (double)(t1 - t0);
	kgup_pins_end(&a, &b, &s->reg);
	t0 = kgup_now_ns();
	rc = io_uring_unregister_buffers(ring);
	t1 = kgup_now_ns();
	s->unreg_ns = (double)(t1 - t0);
	kgup_pins_end(&b, &c, &s->unreg);
	expect_per_page(s, pages);
	return rc;
}

static void record(struct kgup *k, const char *case_, unsigned rep,
		   const struct kgup_buf *buf, const struct reg_sample *s)
{
	struct kgup_pins all = kgup_pins_sum(&s->reg, &s->unreg);
	bool ok = kgup_pins_ok(&s->reg) && kgup_pins_ok(&s->unreg);
	double pages = (double)(buf->len / KGUP_PAGE);
	double reg = ok ? s->reg_ns : NAN, unreg = ok ? s->unreg_ns : NAN;

	kbench_record(k->ctx, case_, "reg_ns_per_page", "ns", BETTER_LOWER, rep, reg / pages);
	kbench_record(k->ctx, case_, "reg_ns_per_call", "ns", BETTER_LOWER, rep, reg);
	kbench_record(k->ctx, case_, "unreg_ns_per_page", "ns", BETTER_LOWER, rep, unreg / pages);
	kbench_record(k->ctx, case_, "unreg_ns_per_call", "ns", BETTER_LOWER, rep, unreg);
	kgup_pins_record(k, case_, rep, &all);
	/* Folded into pin_count_ok: the pins held while registered. */
	kbench_record(k->ctx, case_, "pins_held_expected", "pages", BETTER_LOWER, rep,
		      s->reg.want_acquired - s->reg.want_released);
	kbench_record(k->ctx, case_, "pins_held_observed", "pages", BETTER_LOWER, rep,
		      s->reg.acquired - s->reg.released);
	kbench_record(k->ctx, case_, "coalesced", "bool", BETTER_HIGHER, rep, s->coalesced);
	if (!ok)
		bench_msg(k->ctx, "%s rep %u: pin count off (acquired %.0f+%.0f, want %.0f; "
			  "released %.0f+%.0f, want %.0f+%.0f)", case_, rep, s->reg.acquired,
			  s->unreg.acquired, s->reg.want_acquired, s->reg.released,
			  s->unreg.released, s->reg.want_released, s->unreg.want_released);
}

static enum bench_status measure(struct kgup *k, struct io_uring *ring,
				 const struct kgup_buf *buf, const char *case_)
{
	struct reg_sample s;
	int rc;

	/* Untimed warm-up: the first registration allocates the ring's table. */
	if ((rc = reg_once(ring, buf, &s))) {
		kgup_case_skip(k, case_, "registration failed: %s", strerror(-rc));
		return BENCH_OK;
	}
	for (unsigned rep = 0; rep < k->reps; rep++) {
		if (bench_should_stop())
			return BENCH_INTERRUPTED;
		if ((rc = reg_once(ring, buf, &s))) {
			bench_msg(k->ctx, "%s rep %u: %s", case_, rep, strerror(-rc));
			continue;
		}
		record(k, case_, rep, buf, &s);
	}
	return BENCH_OK;
}

static bool hugetlb_fits(struct kgup *k, size_t size, const char *what)
{
	long need = (long)((size + KGUP_HUGE - 1) / KGUP_HUGE);

	if (need <= k->hugetlb_free)
		return true;
	kgup_case_skip(k, what, "%s", k->hugetlb_why[0] ? k->hugetlb_why : "no huge pages");
	return false;
}

static enum bench_status one_case(struct kgup *k, struct io_uring *ring,
				  enum kgup_backing b, size_t size)
{
	char sz[16], what[96], case_[160];
	struct kgup_buf buf;
	enum bench_status st;
	int rc;

	kgup_format_size(size, sz, sizeof(sz));
	snprintf(what, sizeof(what), "register.%s.%s", kgup_backing_name(b), sz);
	if (b == KB_HUGETLB && !hugetlb_fits(k, size, what))
		return BENCH_OK;
	if ((rc = kgup_buf_alloc(&buf, size, b))) {
		if (rc == -EINTR)
			return BENCH_INTERRUPTED;
		kgup_case_skip(k, what, "cannot map the buffer: %s", strerror(-rc));
		return BENCH_OK;
	}
	snprintf(case_, sizeof(case_), "path=io_uring_register,backing=%s,size=%s",
		 kgup_buf_backing(&buf), sz);
	if (b == KB_THP && !buf.huge)
		bench_msg(k->ctx, "THP buffer of %s did not get huge pages (smaps): "
			  "recorded as backing=thp-not-huge", sz);
	st = measure(k, ring, &buf, case_);
	kgup_buf_free(&buf);
	return st;
}

enum bench_status kgup_register_run(struct kgup *k)
{
	int nb = 0, done = 0, rc;
	enum bench_status st = BENCH_OK;
	struct io_uring ring;

	for (int b = 0; b < KB_NR; b++)
		nb += k->plan.backing[b];
	if ((rc = io_uring_queue_init(4, &ring, 0))) {
		kgup_case_skip(k, "register", "io_uring_setup failed: %s (io_uring_disabled?)",
			       strerror(-rc));
		return BENCH_OK;
	}
	for (int b = 0; b < KB_NR && st == BENCH_OK; b++) {
		if (!k->plan.backing[b])
			continue;
		for (int i = 0; i < k->plan.nr_sizes && st == BENCH_OK; i++, done++) {
			kgup_progress(k, KP_REGISTER, (double)done / (nb * k->plan.nr_sizes),
				      kgup_backing_name(b));
			st = one_case(k, &ring, (enum kgup_backing)b, k->plan.sizes[i]);
		}
	}
	io_uring_queue_exit(&ring);
	return st;
}
