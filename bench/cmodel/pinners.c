// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/pinners.c - pinner threads beside a compaction.
 *
 * Short-term pins stand for fio's O_DIRECT reads: qd I/Os in flight, each
 * pinning its page(s) of the job's buffer (bio_iov_iter_get_pages) until it
 * completes.  By Little's law an I/O is in flight qd/iops seconds, so the
 * pinner completes and submits `batch` I/Os every batch/iops seconds, oldest
 * first, and an I/O holds its pins for qd/iops.  Long-term pins stand for
 * io_uring fixed buffers (pinned once at registration, FOLL_LONGTERM):
 * pinned before the compaction starts and released after.  The aio ring
 * of the long scenario is never pinned (fs/aio.c): zone.c places it and
 * the ring holds its own references.
 * Pin and unpin calls are timed per batch with the harness timer (TSC):
 * single calls would be below its step.
 */
#include "cmodel/pinners.h"
#include "core/timer.h"
#include "core/topo.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>

static void lat_add(struct cm_lat *l, double v)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 1024;
		double *nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			return;		/* a sample lost, never a wrong one */
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = v;
}

static double ns_per(uint64_t ticks, size_t n)
{
	return timer_ticks_to_ns((double)ticks) / (double)n;
}

static void fail(struct cm_pinners *p, long rc)
{
	int none = 0;

	atomic_compare_exchange_strong(&p->error, &none, rc < 0 ? (int)rc : -EFAULT);
}

/* Pin nr slots from first into h; false (and the error noted) if short. */
static bool pin_slots(struct cm_pinners *p, struct pin_owner *o, size_t first,
		      size_t nr, struct page **h)
{
	long got = p->mem->ops->pin_range(p->mem, o, first, nr, h);

	if (got == (long)nr)
		return true;
	if (got > 0)
		p->mem->ops->unpin_range(p->mem, h, (size_t)got);
	fail(p, got);
	return false;
}

static void sleep_until_ns(uint64_t t)
{
	struct timespec ts = { (time_t)(t / 1000000000ull), (long)(t % 1000000000ull) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* ---- short-term: O_DIRECT I/O ----------------------------------------- */

struct short_state {
	struct cm_pinners *p;
	struct pin_owner *o;
	struct page **h;	/* handles of I/O slot i at h[i * ppi] */
	bool *held;		/* slot i has an I/O in flight */
	size_t ppi;
	unsigned head;		/* oldest I/O in flight */
};

static bool short_submit(struct short_state *s, size_t slot)
{
	s->held[slot] = pin_slots(s->p, s->o, slot * s->ppi, s->ppi, s->h + slot * s->ppi);
	return s->held[slot];
}

static void short_complete(struct short_state *s, size_t slot)
{
	if (s->held[slot])
		s->p->mem->ops->unpin_range(s->p->mem, s->h + slot * s->ppi, s->ppi);
	s->held[slot] = false;
}

/* Complete the batch oldest I/Os and submit as many in their slots. */
static bool short_batch(struct short_state *s, bool record)
{
	const struct cm_pinner_cfg *c = s->p->cfg;
	uint64_t t0, t1, t2;
	bool ok = true;

	t0 = timer_now();
	for (unsigned k = 0; k < c->batch; k++)
		short_complete(s, (s->head + k) % c->qd);
	t1 = timer_now();
	for (unsigned k = 0; k < c->batch && ok; k++)
		ok = short_submit(s, (s->head + k) % c->qd);
	t2 = timer_now();
	s->head = (s->head + c->batch) % c->qd;
	if (record && ok) {
		lat_add(&s->p->short_unpin, ns_per(t1 - t0, c->batch * s->ppi));
		lat_add(&s->p->short_pin, ns_per(t2 - t1, c->batch * s->ppi));
		s->p->ios_compacting += c->batch;
	}
	return ok;
}

static void short_run(struct short_state *s)
{
	const struct cm_pinner_cfg *c = s->p->cfg;
	uint64_t period = (uint64_t)(1e9 * c->batch / c->iops), next;
	bool ok = true;

	for (unsigned i = 0; ok && i < c->qd; i++)
		ok = short_submit(s, i);
	atomic_fetch_add(&s->p->nr_ready, 1);
	next = timer_clock_ns(CLOCK_MONOTONIC) + period;
	while (ok && atomic_load(&s->p->phase) != CM_PHASE_DONE) {
		sleep_until_ns(next);
		next += period;
		ok = short_batch(s, atomic_load(&s->p->phase) == CM_PHASE_COMPACT);
	}
	for (unsigned i = 0; i < c->qd; i++)
		short_complete(s, i);
}

static void short_pinner(struct cm_pinners *p)
{
	const struct cm_pinner_cfg *c = p->cfg;
	struct short_state s = { p, &p->ow->owner[CM_ROLE_SHORT], NULL, NULL,
				 c->pins_per_io, 0 };

	s.h = calloc((size_t)c->qd * s.ppi, sizeof(*s.h));
	s.held = calloc(c->qd, sizeof(*s.held));
	if (s.h && s.held) {
		short_run(&s);
	} else {
		fail(p, -ENOMEM);
		atomic_fetch_add(&p->nr_ready, 1);
	}
	free(s.h);
	free(s.held);
}

/* ---- long-term: fixed buffers and the aio ring ------------------------- */

/* FOLL_LONGTERM in a movable zone: the buffer's pages move out first. */
static void longterm_migrate(struct cm_pinners *p, struct pin_owner *o, size_t first,
			     size_t nr)
{
	uint64_t t0;

	if (!p->longterm_zone)
		return;
	t0 = timer_now();
	p->longterm_migrated += cm_longterm_migrate_out(p->longterm_zone, o, first, nr);
	p->longterm_migrate_ticks += timer_now() - t0;
}

/*
 * Pin the buffers of an owner, timed one buffer at a time (a migration out
 * of a movable zone included); how many got pinned.
 */
static unsigned long_pin(struct cm_pinners *p, struct pin_owner *o, unsigned nr_bufs,
			 unsigned buf_pages, struct page **h)
{
	for (unsigned b = 0; b < nr_bufs; b++) {
		uint64_t t0 = timer_now();

		longterm_migrate(p, o, (size_t)b * buf_pages, buf_pages);
		if (!pin_slots(p, o, (size_t)b * buf_pages, buf_pages, h + (size_t)b * buf_pages))
			return b;
		lat_add(&p->long_pin, ns_per(timer_now() - t0, buf_pages));
	}
	return nr_bufs;
}

static void long_unpin(struct cm_pinners *p, unsigned nr_bufs, unsigned buf_pages,
		       struct page **h)
{
	for (unsigned b = 0; b < nr_bufs; b++) {
		uint64_t t0 = timer_now();

		p->mem->ops->unpin_range(p->mem, h + (size_t)b * buf_pages, buf_pages);
		lat_add(&p->long_unpin, ns_per(timer_now() - t0, buf_pages));
	}
}

/* The aio ring is not pinned (fs/aio.c): its pages only sit in the zone. */
static void long_pinner(struct cm_pinners *p)
{
	const struct cm_pinner_cfg *c = p->cfg;
	size_t nr_fixed = (size_t)c->fixed_bufs * c->fixed_buf_pages;
	struct page **h = calloc(nr_fixed + 1, sizeof(*h));
	unsigned fixed_done = 0;

	if (h) {
		fixed_done = long_pin(p, &p->ow->owner[CM_ROLE_FIXED], c->fixed_bufs,
				      c->fixed_buf_pages, h);
	} else {
		fail(p, -ENOMEM);
	}
	atomic_fetch_add(&p->nr_ready, 1);
	pthread_mutex_lock(&p->lock);
	while (atomic_load(&p->phase) != CM_PHASE_DONE)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
	long_unpin(p, fixed_done, c->fixed_buf_pages, h);
	free(h);
}

/* ---- the team ------------------------------------------------------------ */

enum cm_thread { CM_THREAD_COMPACT, CM_THREAD_SHORT, CM_THREAD_LONG };

struct team_arg {
	struct cm_pinners *p;
	enum cm_thread role[3];
};

static void compactor(struct cm_pinners *p)
{
	int want = p->short_on + p->long_on;
	uint64_t t0;

	while (atomic_load(&p->nr_ready) < want)
		sched_yield();
	if (!atomic_load(&p->error)) {
		atomic_store(&p->phase, CM_PHASE_COMPACT);
		t0 = timer_now();
		p->compact(p->compact_arg);
		p->compact_ticks = timer_now() - t0;
	}
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->phase, CM_PHASE_DONE);
	pthread_cond_broadcast(&p->done);
	pthread_mutex_unlock(&p->lock);
}

static void team_body(int idx, void *arg)
{
	struct team_arg *t = arg;

	switch (t->role[idx]) {
	case CM_THREAD_COMPACT:
		compactor(t->p);
		break;
	case CM_THREAD_SHORT:
		short_pinner(t->p);
		break;
	case CM_THREAD_LONG:
		long_pinner(t->p);
		break;
	}
}

static void lat_reset(struct cm_lat *l)
{
	l->n = 0;
}

int cm_pinners_run(struct cm_pinners *p, const int cpus[2])
{
	struct team_arg t = { p, { CM_THREAD_COMPACT } };
	int team_cpus[3] = { cpus[0], cpus[1], cpus[1] }, n = 1, rc;

	if (p->short_on)
		t.role[n++] = CM_THREAD_SHORT;
	if (p->long_on)
		t.role[n++] = CM_THREAD_LONG;
	lat_reset(&p->short_pin);
	lat_reset(&p->short_unpin);
	lat_reset(&p->long_pin);
	lat_reset(&p->long_unpin);
	p->ios_compacting = 0;
	p->compact_ticks = 0;
	p->longterm_migrated = 0;
	p->longterm_migrate_ticks = 0;
	atomic_store(&p->nr_ready, 0);
	atomic_store(&p->phase, CM_PHASE_SETUP);
	atomic_store(&p->error, 0);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->done, NULL);
	rc = topo_team_run(n, team_cpus, team_body, &t) ? -EAGAIN : atomic_load(&p->error);
	pthread_cond_destroy(&p->done);
	pthread_mutex_destroy(&p->lock);
	return rc;
}

void cm_pinners_free(struct cm_pinners *p)
{
	free(p->short_pin.v);
	free(p->short_unpin.v);
	free(p->long_pin.v);
	free(p->long_unpin.v);
}
