/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/pinhash_table.h - the pinned-page table of the pinhash design:
 * pfn -> (owner, pins), chained buckets, four locking schemes.
 *
 *   global  one ticket spinlock for the whole table (the 2013 proposal:
 *           x86 spinlocks were ticket locks until qspinlock in v4.2)
 *   bucket  one ticket spinlock per bucket, lookups take it too
 *   node    one table per NUMA node range, one spinlock per table
 *   rht     rhashtable's answer (lib/rhashtable.c, include/linux/
 *           rhashtable.h, v6.12): a bit spinlock in bit 0 of each bucket
 *           head for writers; lookups take no lock at all.
 *
 * Lockless lookups need the entries they walk to stay valid: the kernel
 * frees them after an RCU grace period.  Here an entry never leaves its
 * bucket's memory while the table lives: a removed entry keeps its ->next
 * (as hlist_del_rcu does) and goes to a per-bucket pool through a separate
 * link, to be reused only by a later insert into the same bucket (at the
 * head, so a reader standing on it rescans the chain and misses nothing).
 * The model thus keeps RCU's guarantee without modelling grace periods.
 *
 * This header knows nothing of benchmarks.
 */
#ifndef PINBENCH_PINHASH_TABLE_H
#define PINBENCH_PINHASH_TABLE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernels/pin_design.h"
#include "kernels/pinhash_hash.h"

enum pinhash_lock { PINHASH_LOCK_GLOBAL, PINHASH_LOCK_BUCKET, PINHASH_LOCK_NODE,
		    PINHASH_LOCK_RHT, PINHASH_NR_LOCKS };

/* "global", "bucket", "node", "rht" by enum, then NULL. */
extern const char *const pinhash_lock_names[PINHASH_NR_LOCKS + 1];

/* One pinned page: what set_pinned_page() would record. */
struct pinhash_entry {
	_Atomic(struct pinhash_entry *) next;
	_Atomic unsigned long pfn;
	_Atomic(struct pin_owner *) owner;
	_Atomic long pins;	/* changed under the bucket's lock, read lockless by rht */
	struct pinhash_entry *pool_next;	/* rht: link in the bucket's pool */
};

/* A FIFO ticket spinlock (arch/x86 before qspinlock). */
struct ticket_lock {
	_Atomic uint16_t next, owner;
};

/* Per-CPU lock statistics (CONFIG_LOCK_STAT keeps them per CPU too). */
struct pinhash_cpu_stats {
	_Atomic uint64_t acquisitions, contended, wait_ticks, hold_ticks;
	char pad[32];
};

struct pinhash_table {
	size_t nbuckets;
	size_t first_bucket;		/* number of bucket 0 across all tables */
	int node;			/* node of its memory range, -1: all */
	enum pinhash_hash hash;
	enum pinhash_lock lock_kind;
	_Atomic(uintptr_t) *heads;	/* entry pointers; rht: bit 0 = lock */
	struct ticket_lock *locks;	/* bucket: one per bucket; else one */
	struct pinhash_entry **pools;	/* rht only */
	struct pinhash_cpu_stats *stats;	/* [nr_cpus] when lockstat */
	int nr_cpus;
	size_t bytes_heads, bytes_locks, bytes_pools;
};

struct pinhash_table_cfg {
	size_t nbuckets, first_bucket;
	int node;			/* place the table's memory here; -1: spread */
	enum pinhash_hash hash;
	enum pinhash_lock lock_kind;
	bool lockstat;
};

/* kernels/pinhash_table_setup.c: a table's memory, its size, its statistics. */
int pinhash_table_init(struct pinhash_table *t, const struct pinhash_table_cfg *cfg);
void pinhash_table_fini(struct pinhash_table *t);

/* The first entry of a bucket head (rht keeps its lock in bit 0). */
static inline struct pinhash_entry *pinhash_head_entry(uintptr_t head)
{
	return (struct pinhash_entry *)(head & ~(uintptr_t)1);
}

static inline size_t pinhash_table_bucket(const struct pinhash_table *t, unsigned long pfn)
{
	return pinhash_bucket(t->hash, pfn, t->nbuckets);
}

/*
 * Add one pin of pfn held for owner: an existing entry counts it, else the
 * entry is created and PG_pinned set on page (under the bucket's lock, so
 * that flag and entry come and go together).  Returns the pins now on pfn,
 * or -ENOMEM.
 */
long pinhash_table_pin(struct pinhash_table *t, unsigned long pfn, struct pin_owner *owner,
		       struct page *page);
/*
 * Drop one pin; returns the pins left (0: entry removed and PG_pinned
 * cleared on page), -ENOENT if pfn has no entry.
 */
long pinhash_table_unpin(struct pinhash_table *t, unsigned long pfn, struct page *page);
/* The pins recorded for pfn (0 when none) and its owner (may be NULL). */
long pinhash_table_lookup(const struct pinhash_table *t, unsigned long pfn,
			  struct pin_owner **owner);
/* A pfn and its memmap page, for moving an entry between them. */
struct pinhash_key {
	struct pinhash_table *table;
	unsigned long pfn;
	struct page *page;
};

/*
 * Move the entry of from (with all its pins and PG_pinned) to to, merging
 * with an entry to may already have: the re-keying after a migration.
 * Returns the pins moved, or -ENOENT.
 */
long pinhash_table_rekey(const struct pinhash_key *from, const struct pinhash_key *to);

size_t pinhash_table_chains(const struct pinhash_table *t, uint32_t *chain_len, size_t max);
/* Sums the per-CPU statistics of CPUs on node (-1: all) into out. */
void pinhash_table_add_stats(const struct pinhash_table *t, int node,
			     struct pin_lock_stats *out);
size_t pinhash_table_bytes(enum pinhash_lock l, size_t nbuckets);

#endif
