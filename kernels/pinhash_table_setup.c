// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/pinhash_table_setup.c - a pinned-page table set up and taken
 * down (its memory on its node, or spread) and its lock statistics summed;
 * the table's operations are in pinhash_table.c.
 */
#include "kernels/pinhash_table.h"

#include <errno.h>
#include <numa.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

const char *const pinhash_lock_names[PINHASH_NR_LOCKS + 1] = {
	[PINHASH_LOCK_GLOBAL] = "global",
	[PINHASH_LOCK_BUCKET] = "bucket",
	[PINHASH_LOCK_NODE] = "node",
	[PINHASH_LOCK_RHT] = "rht",
};

/* ---- CPUs and their nodes (for per-CPU lock statistics) ---------------- */

/* sysconf() reads sysfs each time: asked once per table, at init. */
static int nr_cpu_slots(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (int)n : 1;
}

static int node_of_cpu(int cpu)
{
	int node = numa_available() >= 0 ? numa_node_of_cpu(cpu) : 0;

	return node >= 0 ? node : 0;
}

/* ---- memory of a table: on its node, or spread over all nodes ---------- */

static void *table_alloc(size_t bytes, int node)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/*
	 * A per-node table lives on its node; one table for the machine is
	 * interleaved, as alloc_large_system_hash() does with hashdist on NUMA.
	 */
	if (numa_available() >= 0 && numa_num_configured_nodes() > 1) {
		if (node >= 0)
			numa_tonode_memory(p, bytes, node);
		else
			numa_interleave_memory(p, bytes, numa_all_nodes_ptr);
	}
	return p;	/* mmap gives zeroed memory: empty buckets, free locks */
}

static void table_free(void *p, size_t bytes)
{
	if (p)
		munmap(p, bytes);
}

size_t pinhash_table_bytes(enum pinhash_lock l, size_t nbuckets)
{
	size_t bytes = nbuckets * sizeof(uintptr_t);

	if (l == PINHASH_LOCK_BUCKET)
		bytes += nbuckets * sizeof(struct ticket_lock);
	else if (l == PINHASH_LOCK_RHT)
		bytes += nbuckets * sizeof(struct pinhash_entry *);
	else
		bytes += sizeof(struct ticket_lock);
	return bytes;
}

int pinhash_table_init(struct pinhash_table *t, const struct pinhash_table_cfg *cfg)
{
	size_t nlocks = cfg->lock_kind == PINHASH_LOCK_BUCKET ? cfg->nbuckets :
			cfg->lock_kind == PINHASH_LOCK_RHT ? 0 : 1;

	*t = (struct pinhash_table){
		.nbuckets = cfg->nbuckets, .first_bucket = cfg->first_bucket,
		.node = cfg->node, .hash = cfg->hash, .lock_kind = cfg->lock_kind,
		.bytes_heads = cfg->nbuckets * sizeof(*t->heads),
		.bytes_locks = nlocks * sizeof(*t->locks),
		.bytes_pools = cfg->lock_kind == PINHASH_LOCK_RHT ?
			       cfg->nbuckets * sizeof(*t->pools) : 0,
	};
	t->heads = table_alloc(t->bytes_heads, cfg->node);
	if (nlocks)
		t->locks = table_alloc(t->bytes_locks, cfg->node);
	if (t->bytes_pools)
		t->pools = table_alloc(t->bytes_pools, cfg->node);
	t->nr_cpus = nr_cpu_slots();
	if (cfg->lockstat)
		t->stats = calloc((size_t)t->nr_cpus, sizeof(*t->stats));
	if (!t->heads || (nlocks && !t->locks) || (t->bytes_pools && !t->pools) ||
	    (cfg->lockstat && !t->stats)) {
		pinhash_table_fini(t);
		return -ENOMEM;
	}
	return 0;
}

static void free_chain(struct pinhash_entry *e, bool via_pool)
{
	while (e) {
		struct pinhash_entry *next = via_pool ? e->pool_next :
					     atomic_load_explicit(&e->next, memory_order_relaxed);
		free(e);
		e = next;
	}
}

void pinhash_table_fini(struct pinhash_table *t)
{
	for (size_t b = 0; t->heads && b < t->nbuckets; b++)
		free_chain(pinhash_head_entry(atomic_load(&t->heads[b])), false);
	for (size_t b = 0; t->pools && b < t->nbuckets; b++)
		free_chain(t->pools[b], true);
	table_free(t->heads, t->bytes_heads);
	table_free(t->locks, t->bytes_locks);
	table_free(t->pools, t->bytes_pools);
	free(t->stats);
	memset(t, 0, sizeof(*t));
}

void pinhash_table_add_stats(const struct pinhash_table *t, int node,
			     struct pin_lock_stats *out)
{
	for (int cpu = 0; t->stats && cpu < t->nr_cpus; cpu++) {
		const struct pinhash_cpu_stats *st = &t->stats[cpu];

		if (node >= 0 && node_of_cpu(cpu) != node)
			continue;
		out->acquisitions += atomic_load(&st->acquisitions);
		out->contended += atomic_load(&st->contended);
		out->wait_ticks += atomic_load(&st->wait_ticks);
		out->hold_ticks += atomic_load(&st->hold_ticks);
	}
}
