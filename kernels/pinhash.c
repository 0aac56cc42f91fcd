// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/pinhash.c - Minchan Kim's idea (LKML, August 2013): a global hash
 * of pinned pages, page -> owner, and a page flag.
 *
 *   set_pinned_page()   on pin: insert (or count) the page's entry, owner
 *                       included, and set PagePinned (PG_pinned here)
 *   PagePinned()        what compaction tests first; a set flag leads to a
 *                       lookup of the entry (get_page_pin_info())
 *   ->migrate()         compaction asks the owner to move the page: the
 *                       owner copies it and retargets its references
 *                       (struct pin_owner_ops, modelled on fs/aio.c's
 *                       aio_migrate_folio()), then the entry is re-keyed
 *
 * A pin is also one page reference, as GUP's FOLL_GET took in 2013
 * (mm/gup.c; try_grab_folio() in v6.12): the hash says who pinned the page,
 * the reference keeps it alive.  A pinned page whose owner has no migrate
 * hook (an O_DIRECT user buffer) is refused at once (MIGRATE_FAIL) instead
 * of failing on its refcount retry after retry; an unpinned page takes the
 * kernel's ordinary path (design_migrate_default()).
 *
 * Params: the table pinhash_param_table below (`pinbench list` prints it):
 * lock, hash, buckets (any N >= 1; with lock=node split over the node
 * tables) or load=F,pins=P (N = ceil(P / F)), lockstat.  Locking and
 * hashing are described in pinhash_table.h and pinhash_hash.h.
 */
#include "kernels/design_lib.h"
#include "kernels/pinhash_table.h"

#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define PINHASH_MAX_BUCKETS (1ul << 30)

struct pinhash_params {
	enum pinhash_lock lock;
	enum pinhash_hash hash;
	size_t buckets;
	double load, pins;	/* the other way to size the table */
	bool lockstat;
};

struct pinhash {
	struct pinhash_params p;
	int ntables;
	struct pinhash_table tables[MODEL_MAX_NODES];
};

/* ---- params -------------------------------------------------------------- */

enum { PH_LOCK, PH_HASH, PH_BUCKETS, PH_LOAD, PH_PINS, PH_LOCKSTAT };

static const char *const off_on[] = { "0", "1", NULL };

static const struct pin_design_param pinhash_param_table[] = {
	[PH_LOCK] = { "lock", pinhash_lock_names, .def = "global",
		      .help = "global: one ticket spinlock; bucket: one per bucket; node: a "
			      "table and lock per node; rht: bit locks, lockless lookups" },
	[PH_HASH] = { "hash", pinhash_hash_names, .def = "golden",
		      .help = "golden: hash_64 since v4.7; prime2013: hash_64 of 2013; "
			      "modulo: pfn % buckets; jhash: jhash2" },
	[PH_BUCKETS] = { "buckets", NULL, 1, PINHASH_MAX_BUCKETS, true, "4096",
			 "buckets of all tables together, split over the tables with lock=node" },
	[PH_LOAD] = { "load", NULL, 1e-6, 1e6, false, NULL,
		      "load factor: buckets = ceil(pins / load), given with pins" },
	[PH_PINS] = { "pins", NULL, 1, PINHASH_MAX_BUCKETS, false, NULL,
		      "the pins the table is sized for, given with load" },
	[PH_LOCKSTAT] = { "lockstat", off_on, .def = "0",
			  .help = "1: count acquisitions, contention, wait and hold ticks "
				  "(CONFIG_LOCK_STAT; timing a lock costs)" },
	{ NULL },
};

/* The design's params from the checked values; load and pins go together. */
static int params_of(const struct pin_design_args *a, struct pinhash_params *p,
		     char *err, size_t errlen)
{
	*p = (struct pinhash_params){
		.lock = (enum pinhash_lock)a->value[PH_LOCK],
		.hash = (enum pinhash_hash)a->value[PH_HASH],
		.buckets = (size_t)a->value[PH_BUCKETS],
		.load = a->value[PH_LOAD], .pins = a->value[PH_PINS],
		.lockstat = a->value[PH_LOCKSTAT] != 0,
	};
	if ((p->load > 0) != (p->pins > 0)) {
		snprintf(err, errlen, "pinhash: load=F and pins=P go together");
		return -EINVAL;
	}
	if (p->load > 0)
		p->buckets = (size_t)fmax(1, ceil(p->pins / p->load));
	return 0;
}

/* ---- the tables ----------------------------------------------------------- */

static struct pinhash *ph_of(const struct pin_mem *mem)
{
	return mem->priv;
}

/*
 * The table of a pfn: one for the machine, or with lock=node the table of
 * the node whose memory range holds it.  pfns beyond the model (the
 * collision benchmark hashes real and synthetic pfns) continue the model's
 * layout: range = pfn / (pages of range 0) modulo the number of ranges.
 */
static struct pinhash_table *table_of(const struct pin_mem *mem, unsigned long pfn)
{
	struct pinhash *ph = ph_of(mem);
	int r;

	if (ph->ntables == 1)
		return &ph->tables[0];
	r = pin_mem_range_of_pfn(mem, pfn);
	if (r < 0)
		r = (int)((pfn / mem->range[0].nr_pages) % (unsigned long)ph->ntables);
	return &ph->tables[r];
}

static void pinhash_fini(struct pin_mem *mem)
{
	struct pinhash *ph = ph_of(mem);

	for (int i = 0; ph && i < ph->ntables; i++)
		pinhash_table_fini(&ph->tables[i]);
	free(ph);
	mem->priv = NULL;
}

static int pinhash_init(struct pin_mem *mem, const struct pin_design_args *args,
			char *err, size_t errlen)
{
	struct pinhash *ph = calloc(1, sizeof(*ph));
	size_t first = 0;

	if (!ph)
		return -ENOMEM;
	mem->priv = ph;
	if (params_of(args, &ph->p, err, errlen)) {
		pinhash_fini(mem);
		return -EINVAL;
	}
	ph->ntables = ph->p.lock == PINHASH_LOCK_NODE ? mem->nr_ranges : 1;
	if (ph->p.buckets < (size_t)ph->ntables)
		ph->p.buckets = (size_t)ph->ntables;
	for (int i = 0; i < ph->ntables; i++) {
		size_t n = ph->p.buckets / (size_t)ph->ntables +
			   (i == 0 ? ph->p.buckets % (size_t)ph->ntables : 0);
		struct pinhash_table_cfg cfg = {
			.nbuckets = n, .first_bucket = first,
			.node = ph->ntables > 1 ? mem->range[i].node : -1,
			.hash = ph->p.hash, .lock_kind = ph->p.lock, .lockstat = ph->p.lockstat,
		};

		if (pinhash_table_init(&ph->tables[i], &cfg)) {
			snprintf(err, errlen, "pinhash: no memory for %zu buckets", n);
			ph->ntables = i;
			pinhash_fini(mem);
			return -ENOMEM;
		}
		first += n;
	}
	return 0;
}

extern const struct pin_design_ops pinhash_design;

static void pinhash_memory_cost(const char *params, uint64_t ram_bytes,
				uint64_t nr_pinned, struct mem_cost *out)
{
	struct pin_design_args args;
	struct pinhash_params p;
	char err[256];

	(void)ram_bytes;
	design_memory_cost_none(params, ram_bytes, nr_pinned, out);
	/* Arithmetic for any params: bad ones cost what the defaults cost. */
	if (pin_design_parse_params(&pinhash_design, params, &args, err, sizeof(err)) ||
	    params_of(&args, &p, err, sizeof(err))) {
		pin_design_parse_params(&pinhash_design, "", &args, err, sizeof(err));
		params_of(&args, &p, err, sizeof(err));
	}
	/* A flag bit in page->flags: nothing per page; an entry per pinned page. */
	out->per_pin_bytes = sizeof(struct pinhash_entry);
	out->fixed_bytes = (double)pinhash_table_bytes(p.lock, p.buckets);
	out->total_extra_bytes = out->per_pin_bytes * (double)nr_pinned + out->fixed_bytes;
}

/* ---- GUP ------------------------------------------------------------------ */

DEFINE_VMEMMAP_HOT_OPS(pinhash)

/* The key of a memmap page: its table, pfn and the page for PG_pinned. */
static struct pinhash_key key_of(const struct pin_mem *mem, struct page *page)
{
	unsigned long pfn = vmemmap_page_to_pfn(mem, page);

	return (struct pinhash_key){ table_of(mem, pfn), pfn, page };
}

/* An owner that moves its own pages must know every handle to retarget. */
static bool owner_moves_pages(const struct pin_owner *o)
{
	return o && o->ops && o->ops->migrate;
}

static long pinhash_pin_range(struct pin_mem *mem, struct pin_owner *owner,
			      size_t first, size_t nr, struct page **handles)
{
	size_t i;

	if (design_check_range(owner, first, nr))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		struct page *page = pin_owner_grab_slot(owner, first + i, 1);

		if (!page)
			break;
		struct pinhash_key k = key_of(mem, page);

		/* set_pinned_page(): the entry before the owner learns of the handle. */
		if (pinhash_table_pin(k.table, k.pfn, owner, page) < 0) {
			folio_put_page(mem, page);
			break;
		}
		handles[i] = page;
		if (owner_moves_pages(owner)) {
			pthread_mutex_lock(&owner->lock);
			pin_owner_note_handle(owner, first + i, &handles[i]);
			pthread_mutex_unlock(&owner->lock);
		}
	}
	return (long)i;
}

/*
 * The handle's page; for a moving owner, its note withdrawn under its lock
 * (the owner retargets handles only under it).  A handle read just before
 * a migration retargeted it names a source page that may be freed and
 * ownerless by now: look again until the page read is the handle's.
 */
static struct page *withdraw_handle(struct page **where)
{
	for (;;) {
		struct page *page = __atomic_load_n(where, __ATOMIC_ACQUIRE);
		struct pin_owner *o = page_owner_of(page);

		if (!owner_moves_pages(o)) {
			if (__atomic_load_n(where, __ATOMIC_ACQUIRE) == page)
				return page;
			continue;
		}
		pthread_mutex_lock(&o->lock);
		if (__atomic_load_n(where, __ATOMIC_ACQUIRE) == page) {
			pin_owner_forget_handle(o, page->index, where);
			pthread_mutex_unlock(&o->lock);
			return page;
		}
		pthread_mutex_unlock(&o->lock);
	}
}

static void pinhash_unpin_range(struct pin_mem *mem, struct page **handles, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		struct page *page = withdraw_handle(&handles[i]);
		struct pinhash_key k = key_of(mem, page);

		/*
		 * -ENOENT: a migration moved the page and retargeted this handle
		 * but has not re-keyed the entry yet; it does so without waiting
		 * on anything, so wait for it as GUP waits on a migration entry.
		 */
		while (pinhash_table_unpin(k.table, k.pfn, page) == -ENOENT)
			sched_yield();
		folio_put_page(mem, page);
	}
}

/* ---- compaction ------------------------------------------------------------ */

static bool pinhash_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	struct page *p = (struct page *)page;
	struct pin_owner *owner;

	if (!page_test_flag(page, PG_pinned))
		return false;
	/*
	 * get_page_pin_info(): compaction looks the entry up for the owner it
	 * would ask to move the page; that lookup is the cost of the answer.
	 * The answer is the flag's: a flag whose entry is missing belongs to
	 * a migration re-keying it, and the page is still pinned.
	 */
	struct pinhash_key k = key_of(mem, p);

	pinhash_table_lookup(k.table, k.pfn, &owner);
	return true;
}

static long pinhash_pin_count(const struct pin_mem *mem, const struct page *page)
{
	struct pinhash_key k = key_of(mem, (struct page *)page);

	return pinhash_table_lookup(k.table, k.pfn, NULL);
}

/*
 * move_to_new_folio() for an owner that moves its own page, with the
 * re-keying between the owner's success and the freeing of src: src is
 * frozen at zero by then, so no pin of it can come in, and every handle
 * already points at dst.
 */
static int migrate_by_owner(struct pin_mem *mem, struct page *src, struct page *dst)
{
	struct pin_owner *o = page_owner_of(src);
	struct pinhash_key from = key_of(mem, src), to = key_of(mem, dst);
	int rc;

	if (!page_test_flag(src, PG_isolated))
		return MIGRATE_FAIL;
	rc = o->ops->migrate(o, dst, src);
	if (rc)
		return rc == -EAGAIN ? MIGRATE_RETRY : MIGRATE_FAIL;
	pinhash_table_rekey(&from, &to);
	pin_mem_free_page(mem, src);
	return MIGRATE_OK;
}

static int pinhash_migrate(struct pin_mem *mem, struct page *src, struct page *dst)
{
	if (design_page_movable(src))
		return migrate_by_owner(mem, src, dst);
	/* Pinned without a hook to move it: compaction skips it at once. */
	if (page_test_flag(src, PG_pinned))
		return MIGRATE_FAIL;
	/* A pin racing in after the test holds a reference: the freeze fails. */
	return design_migrate_lru(mem, src, dst, 0, NULL, NULL);
}

/* ---- introspection ----------------------------------------------------------- */

static size_t pinhash_table_chains_op(const struct pin_mem *mem, uint32_t *chain_len, size_t max)
{
	struct pinhash *ph = ph_of(mem);
	size_t total = 0;

	for (int i = 0; i < ph->ntables; i++) {
		const struct pinhash_table *t = &ph->tables[i];

		if (t->first_bucket < max)
			pinhash_table_chains(t, chain_len + t->first_bucket, max - t->first_bucket);
		total += t->nbuckets;
	}
	return total;
}

static size_t pinhash_table_bucket_of(const struct pin_mem *mem, unsigned long pfn)
{
	const struct pinhash_table *t = table_of(mem, pfn);

	return t->first_bucket + pinhash_table_bucket(t, pfn);
}

/*
 * node >= 0: with per-node tables, the locks of that node's table; with one
 * table, the acquisitions made from that node's CPUs (its share of the
 * global lock).
 */
static void pinhash_lock_stats(const struct pin_mem *mem, int node, struct pin_lock_stats *out)
{
	struct pinhash *ph = ph_of(mem);

	*out = (struct pin_lock_stats){ 0 };
	for (int i = 0; i < ph->ntables; i++) {
		const struct pinhash_table *t = &ph->tables[i];

		if (ph->ntables == 1)
			pinhash_table_add_stats(t, node, out);
		else if (node < 0 || t->node == node)
			pinhash_table_add_stats(t, -1, out);
	}
}

const struct pin_design_ops pinhash_design = {
	.name = "pinhash",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE,
	.summary = "global hash pinned page -> owner + PG_pinned; owners move their pinned pages",
	.params = pinhash_param_table,
	.page_struct_size = sizeof(struct page),
	.init = pinhash_init,
	.fini = pinhash_fini,
	.memory_cost = pinhash_memory_cost,
	DESIGN_HOT_OPS(pinhash),
	.pin_range = pinhash_pin_range,
	.unpin_range = pinhash_unpin_range,
	.maybe_pinned = pinhash_maybe_pinned,
	.migrate = pinhash_migrate,
	.pin_count = pinhash_pin_count,
	.table_chains = pinhash_table_chains_op,
	.table_bucket_of = pinhash_table_bucket_of,
	.lock_stats = pinhash_lock_stats,
};
