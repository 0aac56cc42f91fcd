// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/pinhash_table.c - the pinned-page table's operations: its locks,
 * its chains, pin, unpin, lookup and re-key (see pinhash_table.h; set up
 * and taken down in pinhash_table_setup.c).
 */
#include "kernels/pinhash_table.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>

/* Per-CPU statistics: the slot of the CPU running (sched_getcpu). */
static int cpu_slot(const struct pinhash_table *t)
{
	int cpu = sched_getcpu();

	return cpu >= 0 ? cpu % t->nr_cpus : 0;
}

/* ---- locks ------------------------------------------------------------- */

static inline uint64_t lock_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * One spin of a waiter.  Kernel spinlock holders cannot be preempted; these
 * threads can (the machine is shared), and a FIFO ticket lock then stalls
 * behind a descheduled holder or next-in-line waiter.  So a waiter yields
 * its CPU every 1024 spins, as paravirt spinlocks halt a vCPU that spun
 * too long (kernel/locking/qspinlock_paravirt.h, SPIN_THRESHOLD).
 */
static inline void cpu_relax(unsigned *spins)
{
	if (++*spins % 1024 == 0)
		sched_yield();
	else
		__asm__ __volatile__("pause" ::: "memory");
}

/* Returns true when the lock was taken at once. */
static bool ticket_lock(struct ticket_lock *l)
{
	uint16_t me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);

	unsigned spins = 0;

	if (atomic_load_explicit(&l->owner, memory_order_acquire) == me)
		return true;
	while (atomic_load_explicit(&l->owner, memory_order_acquire) != me)
		cpu_relax(&spins);
	return false;
}

static void ticket_unlock(struct ticket_lock *l)
{
	uint16_t me = atomic_load_explicit(&l->owner, memory_order_relaxed);

	atomic_store_explicit(&l->owner, (uint16_t)(me + 1), memory_order_release);
}

/* bit_spin_lock(0, head) as rhashtable's rht_lock() (test-and-set, unfair). */
static bool bit_lock(_Atomic(uintptr_t) *head)
{
	bool first = true;
	unsigned spins = 0;

	while (atomic_fetch_or_explicit(head, 1, memory_order_acquire) & 1) {
		first = false;
		while (atomic_load_explicit(head, memory_order_relaxed) & 1)
			cpu_relax(&spins);
	}
	return first;
}

static void bit_unlock(_Atomic(uintptr_t) *head)
{
	atomic_fetch_and_explicit(head, ~(uintptr_t)1, memory_order_release);
}

struct lock_token {
	size_t bucket;
	uint64_t acquired;	/* TSC at acquisition, when timing */
};

static bool take_lock(struct pinhash_table *t, size_t b)
{
	switch (t->lock_kind) {
	case PINHASH_LOCK_BUCKET:
		return ticket_lock(&t->locks[b]);
	case PINHASH_LOCK_RHT:
		return bit_lock(&t->heads[b]);
	default:
		return ticket_lock(&t->locks[0]);
	}
}

static void drop_lock(struct pinhash_table *t, size_t b)
{
	switch (t->lock_kind) {
	case PINHASH_LOCK_BUCKET:
		ticket_unlock(&t->locks[b]);
		break;
	case PINHASH_LOCK_RHT:
		bit_unlock(&t->heads[b]);
		break;
	default:
		ticket_unlock(&t->locks[0]);
	}
}

static struct lock_token bucket_lock(struct pinhash_table *t, size_t b)
{
	struct lock_token tok = { .bucket = b };

	if (!t->stats) {
		take_lock(t, b);
		return tok;
	}
	uint64_t start = lock_rdtsc();
	bool at_once = take_lock(t, b);
	struct pinhash_cpu_stats *st = &t->stats[cpu_slot(t)];

	tok.acquired = lock_rdtsc();
	atomic_fetch_add_explicit(&st->acquisitions, 1, memory_order_relaxed);
	if (!at_once) {
		/* As lock_stat: wait time is counted for contended acquisitions. */
		atomic_fetch_add_explicit(&st->contended, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&st->wait_ticks, tok.acquired - start,
					  memory_order_relaxed);
	}
	return tok;
}

static void bucket_unlock(struct pinhash_table *t, struct lock_token tok)
{
	uint64_t released = t->stats ? lock_rdtsc() : 0;

	drop_lock(t, tok.bucket);
	if (t->stats)
		atomic_fetch_add_explicit(&t->stats[cpu_slot(t)].hold_ticks,
					  released - tok.acquired, memory_order_relaxed);
}

/* ---- chains ------------------------------------------------------------ */

static struct pinhash_entry *chain_first(const struct pinhash_table *t, size_t b)
{
	return pinhash_head_entry(atomic_load_explicit(&t->heads[b], memory_order_acquire));
}

static struct pinhash_entry *entry_next(const struct pinhash_entry *e)
{
	return atomic_load_explicit(&e->next, memory_order_acquire);
}

static struct pinhash_entry *chain_find(const struct pinhash_table *t, size_t b,
					unsigned long pfn)
{
	for (struct pinhash_entry *e = chain_first(t, b); e; e = entry_next(e))
		if (atomic_load_explicit(&e->pfn, memory_order_relaxed) == pfn)
			return e;
	return NULL;
}

/* Writers hold the bucket's lock: a plain read-modify-write is enough. */
static long entry_add_pins(struct pinhash_entry *e, long delta)
{
	long pins = atomic_load_explicit(&e->pins, memory_order_relaxed) + delta;

	atomic_store_explicit(&e->pins, pins, memory_order_relaxed);
	return pins;
}

/* Publish a new head; under the rht bit lock, keep the lock bit set. */
static void set_head(struct pinhash_table *t, size_t b, struct pinhash_entry *e)
{
	uintptr_t lockbit = t->lock_kind == PINHASH_LOCK_RHT ? 1 : 0;

	atomic_store_explicit(&t->heads[b], (uintptr_t)e | lockbit, memory_order_release);
}

/* An entry for bucket b: from its pool (rht), else fresh memory. */
static struct pinhash_entry *entry_get(struct pinhash_table *t, size_t b)
{
	struct pinhash_entry *e = t->pools ? t->pools[b] : NULL;

	if (e) {
		t->pools[b] = e->pool_next;
		return e;
	}
	/* Under the lock, as set_pinned_page() would kmalloc(GFP_ATOMIC). */
	return calloc(1, sizeof(*e));
}

static void entry_link(struct pinhash_table *t, size_t b, struct pinhash_entry *e,
		       unsigned long pfn, struct pin_owner *owner, long pins)
{
	atomic_store_explicit(&e->pfn, pfn, memory_order_relaxed);
	atomic_store_explicit(&e->owner, owner, memory_order_relaxed);
	atomic_store_explicit(&e->pins, pins, memory_order_relaxed);
	atomic_store_explicit(&e->next, chain_first(t, b), memory_order_relaxed);
	set_head(t, b, e);
}

/* Unlink e from bucket b; returns it when the caller must free() it. */
static struct pinhash_entry *entry_unlink(struct pinhash_table *t, size_t b,
					  struct pinhash_entry *e)
{
	struct pinhash_entry *next = entry_next(e);

	if (chain_first(t, b) == e) {
		set_head(t, b, next);
	} else {
		struct pinhash_entry *prev = chain_first(t, b);

		while (entry_next(prev) != e)
			prev = entry_next(prev);
		atomic_store_explicit(&prev->next, next, memory_order_release);
	}
	if (!t->pools)
		return e;
	/* Lockless readers may stand on e: keep its ->next, park it. */
	e->pool_next = t->pools[b];
	t->pools[b] = e;
	return NULL;
}

long pinhash_table_pin(struct pinhash_table *t, unsigned long pfn, struct pin_owner *owner,
		       struct page *page)
{
	size_t b = pinhash_table_bucket(t, pfn);
	struct lock_token tok = bucket_lock(t, b);
	struct pinhash_entry *e = chain_find(t, b, pfn);
	long pins = -ENOMEM;

	if (e) {
		pins = entry_add_pins(e, 1);
	} else if ((e = entry_get(t, b))) {
		entry_link(t, b, e, pfn, owner, 1);
		page_set_flag(page, PG_pinned);
		pins = 1;
	}
	bucket_unlock(t, tok);
	return pins;
}

long pinhash_table_unpin(struct pinhash_table *t, unsigned long pfn, struct page *page)
{
	size_t b = pinhash_table_bucket(t, pfn);
	struct lock_token tok = bucket_lock(t, b);
	struct pinhash_entry *e = chain_find(t, b, pfn), *dead = NULL;
	long pins = -ENOENT;

	if (e) {
		pins = entry_add_pins(e, -1);
		if (pins == 0) {
			dead = entry_unlink(t, b, e);
			page_clear_flag(page, PG_pinned);
		}
	}
	bucket_unlock(t, tok);
	free(dead);
	return pins;
}

/* Pins and owner of e (0 and NULL when there is none). */
static long entry_read(const struct pinhash_entry *e, struct pin_owner **owner)
{
	if (owner)
		*owner = e ? atomic_load_explicit(&e->owner, memory_order_relaxed) : NULL;
	return e ? atomic_load_explicit(&e->pins, memory_order_relaxed) : 0;
}

long pinhash_table_lookup(const struct pinhash_table *t, unsigned long pfn,
			  struct pin_owner **owner)
{
	struct pinhash_table *tw = (struct pinhash_table *)t;	/* locks only */
	size_t b = pinhash_table_bucket(t, pfn);
	long pins;

	if (t->lock_kind == PINHASH_LOCK_RHT)	/* rhashtable_lookup(): RCU only */
		return entry_read(chain_find(t, b, pfn), owner);
	struct lock_token tok = bucket_lock(tw, b);

	pins = entry_read(chain_find(t, b, pfn), owner);
	bucket_unlock(tw, tok);
	return pins;
}

/* Remove the key's entry; returns its pins and owner (or -ENOENT). */
static long table_take(const struct pinhash_key *k, struct pin_owner **owner)
{
	struct pinhash_table *t = k->table;
	unsigned long pfn = k->pfn;
	size_t b = pinhash_table_bucket(t, pfn);
	struct lock_token tok = bucket_lock(t, b);
	struct pinhash_entry *e = chain_find(t, b, pfn), *dead = NULL;
	long pins = -ENOENT;

	if (e) {
		pins = atomic_load_explicit(&e->pins, memory_order_relaxed);
		*owner = atomic_load_explicit(&e->owner, memory_order_relaxed);
		dead = entry_unlink(t, b, e);
		page_clear_flag(k->page, PG_pinned);
	}
	bucket_unlock(t, tok);
	free(dead);
	return pins;
}

static long table_put(const struct pinhash_key *k, struct pin_owner *owner, long pins)
{
	struct pinhash_table *t = k->table;
	unsigned long pfn = k->pfn;
	size_t b = pinhash_table_bucket(t, pfn);
	struct lock_token tok = bucket_lock(t, b);
	struct pinhash_entry *e = chain_find(t, b, pfn);

	if (e)
		entry_add_pins(e, pins);
	else if ((e = entry_get(t, b)))
		entry_link(t, b, e, pfn, owner, pins);
	if (e)
		page_set_flag(k->page, PG_pinned);
	bucket_unlock(t, tok);
	return e ? pins : -ENOMEM;
}

long pinhash_table_rekey(const struct pinhash_key *from, const struct pinhash_key *to)
{
	struct pin_owner *owner = NULL;
	long pins = table_take(from, &owner);

	/*
	 * Two steps, never two locks at once (no lock order to keep).  The
	 * source is frozen by then, so nobody pins it; an unpin through a
	 * retargeted handle that comes in between finds no entry and retries.
	 */
	return pins < 0 ? pins : table_put(to, owner, pins);
}

size_t pinhash_table_chains(const struct pinhash_table *t, uint32_t *chain_len, size_t max)
{
	struct pinhash_table *tw = (struct pinhash_table *)t;	/* locks only */

	for (size_t b = 0; b < t->nbuckets && b < max; b++) {
		uint32_t len = 0;

		/* Plain locking: introspection stays out of the lock statistics. */
		take_lock(tw, b);
		for (struct pinhash_entry *e = chain_first(t, b); e; e = entry_next(e))
			len++;
		drop_lock(tw, b);
		chain_len[b] = len;
	}
	return t->nbuckets;
}

