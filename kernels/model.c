// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model.c - the model memory: memmap, frames, allocator, owners.
 *
 * The memmap is one virtual array (as vmemmap is, arch/x86/mm/init_64.c
 * vmemmap_populate) whose per-node parts are bound to their node with
 * libnuma, the way each node's part of the kernel's vmemmap is allocated
 * from that node.  Frames and memmap are MAP_NORESERVE so that a model of
 * a large machine costs only what a benchmark touches.
 *
 * This file knows nothing of benchmarks (it includes no bench/ header).
 */
#include "kernels/model.h"
#include "kernels/pin_design.h"

#include <numa.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_2M (2ul << 20)

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

static void *map_noreserve(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Bind the part [off, off+bytes) of region to node (page-aligned inside). */
static void place_on_node(char *region, size_t off, size_t bytes, int node)
{
	size_t start = off / 4096 * 4096, end = align_up(off + bytes, 4096);

	if (numa_available() < 0 || end <= start)
		return;
	numa_tonode_memory(region + start, end - start, node);
}

static int check_config(const struct pin_mem_config *cfg, char *err, size_t errlen)
{
	int max_node = numa_available() < 0 ? 0 : numa_max_node();

	if (cfg->nr_pages == 0 || cfg->nr_nodes < 1 || cfg->nr_nodes > MODEL_MAX_NODES ||
	    cfg->nr_pages < (unsigned long)cfg->nr_nodes) {
		snprintf(err, errlen, "model: need 1..%d nodes and at least one page per node",
			 MODEL_MAX_NODES);
		return -EINVAL;
	}
	for (int i = 0; i < cfg->nr_nodes; i++) {
		int node = cfg->nodes ? cfg->nodes[i] : i;

		if (node < 0 || node > max_node) {
			snprintf(err, errlen, "model: NUMA node %d is not available (max %d)",
				 node, max_node);
			return -ENODEV;
		}
	}
	return 0;
}

/*
 * A fresh memmap entry: free, unmapped, no references (as memmap_init).
 * Word by word with atomic stores: a racing GUP may still read a stale
 * pointer to this page (and back off), which must not be a data race.
 */
static void init_free_page(struct page *page)
{
	__atomic_store_n(&page->lru.next, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&page->lru.prev, NULL, __ATOMIC_RELAXED);
	/* Release: whoever sees the page ownerless sees its handles retargeted. */
	__atomic_store_n(&page->mapping, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&page->index, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&page->memcg_data, 0, __ATOMIC_RELAXED);
	atomic_store_explicit(&page->_mapcount, -1, memory_order_relaxed);
	atomic_store_explicit(&page->_refcount, 0, memory_order_relaxed);
	__atomic_store_n(&page->flags, 1ul << PG_buddy, __ATOMIC_RELEASE);
}

static int init_range(struct pin_mem *mem, int r, unsigned long start,
		      unsigned long nr, int node)
{
	struct mem_free_area *fa = &mem->free_area[r];

	mem->range[r] = (struct mem_node_range){ start, nr, node };
	place_on_node(mem->memmap, start * mem->stride, nr * mem->stride, node);
	if (mem->frames)
		place_on_node((char *)mem->frames, start << MODEL_PAGE_SHIFT,
			      nr << MODEL_PAGE_SHIFT, node);
	fa->pfns = numa_available() < 0 ? malloc(nr * sizeof(*fa->pfns))
					: numa_alloc_onnode(nr * sizeof(*fa->pfns), node);
	if (!fa->pfns)
		return -ENOMEM;
	pthread_mutex_init(&fa->lock, NULL);
	/* Pushed high to low so that allocations come out in pfn order. */
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long pfn = start + nr - 1 - i;
		struct page *page = pin_mem_memmap_page(mem, pfn);

		init_free_page(page);
		page->private = i;	/* position in the free stack */
		fa->pfns[i] = pfn;
	}
	fa->nr_free = nr;
	return 0;
}

static int map_memory(struct pin_mem *mem, const struct pin_mem_config *cfg)
{
	mem->memmap_bytes = align_up(cfg->nr_pages * mem->stride, HUGE_2M);
	mem->memmap = map_noreserve(mem->memmap_bytes);
	if (!mem->memmap)
		return -ENOMEM;
	/* vmemmap is mapped with PMD (2 MiB) pages where it can be. */
	if (cfg->hugepages)
		madvise(mem->memmap, mem->memmap_bytes, MADV_HUGEPAGE);
	if (!cfg->frames)
		return 0;
	mem->frames_bytes = cfg->nr_pages << MODEL_PAGE_SHIFT;
	mem->frames = map_noreserve(mem->frames_bytes);
	return mem->frames ? 0 : -ENOMEM;
}

int pin_mem_init(struct pin_mem *mem, const struct pin_design_ops *ops,
		 const char *params, const struct pin_mem_config *cfg,
		 char *err, size_t errlen)
{
	int rc = check_config(cfg, err, errlen);

	if (rc)
		return rc;
	memset(mem, 0, sizeof(*mem));
	mem->ops = ops;
	mem->stride = ops->page_struct_size ? ops->page_struct_size : sizeof(struct page);
	mem->nr_pages = cfg->nr_pages;
	rc = map_memory(mem, cfg);
	for (int r = 0; !rc && r < cfg->nr_nodes; r++) {
		unsigned long per = cfg->nr_pages / cfg->nr_nodes;
		unsigned long nr = r == cfg->nr_nodes - 1 ? cfg->nr_pages - per * r : per;

		rc = init_range(mem, r, per * r, nr, cfg->nodes ? cfg->nodes[r] : r);
		mem->nr_ranges = r + 1;
	}
	if (rc) {
		snprintf(err, errlen, "model: cannot map %lu pages: %s", cfg->nr_pages,
			 strerror(-rc));
		pin_mem_fini(mem);
		return rc;
	}
	rc = ops->init ? ops->init(mem, params ? params : "", err, errlen) : 0;
	if (rc) {
		mem->ops = NULL;	/* the design did not start: no fini */
		pin_mem_fini(mem);
	}
	return rc;
}

void pin_mem_fini(struct pin_mem *mem)
{
	if (mem->ops && mem->ops->fini)
		mem->ops->fini(mem);
	for (int r = 0; r < mem->nr_ranges; r++) {
		struct mem_free_area *fa = &mem->free_area[r];

		if (numa_available() < 0)
			free(fa->pfns);
		else if (fa->pfns)
			numa_free(fa->pfns, mem->range[r].nr_pages * sizeof(*fa->pfns));
		pthread_mutex_destroy(&fa->lock);
	}
	if (mem->memmap)
		munmap(mem->memmap, mem->memmap_bytes);
	if (mem->frames)
		munmap(mem->frames, mem->frames_bytes);
	memset(mem, 0, sizeof(*mem));
}

int pin_mem_range_of_pfn(const struct pin_mem *mem, unsigned long pfn)
{
	for (int r = 0; r < mem->nr_ranges; r++)
		if (pfn - mem->range[r].start_pfn < mem->range[r].nr_pages)
			return r;
	return -1;
}

/* ---- the allocator: a free stack per range; page->private = position -- */

static struct page *take_at(struct pin_mem *mem, struct mem_free_area *fa,
			    unsigned long pos)
{
	unsigned long pfn = fa->pfns[pos], last = fa->pfns[--fa->nr_free];
	struct page *page = pin_mem_memmap_page(mem, pfn);

	fa->pfns[pos] = last;
	pin_mem_memmap_page(mem, last)->private = pos;
	page->private = 0;
	__atomic_store_n(&page->flags, 0, __ATOMIC_RELAXED);
	atomic_store_explicit(&page->_refcount, 1, memory_order_release);
	return page;
}

struct page *pin_mem_alloc_page(struct pin_mem *mem, int range)
{
	for (int r = range < 0 ? 0 : range; r < mem->nr_ranges; r++) {
		struct mem_free_area *fa = &mem->free_area[r];
		struct page *page = NULL;

		pthread_mutex_lock(&fa->lock);
		if (fa->nr_free)
			page = take_at(mem, fa, fa->nr_free - 1);
		pthread_mutex_unlock(&fa->lock);
		if (page || range >= 0)
			return page;
	}
	return NULL;
}

struct page *pin_mem_take_free_pfn(struct pin_mem *mem, unsigned long pfn)
{
	int r = pin_mem_range_of_pfn(mem, pfn);
	struct page *page, *taken = NULL;
	struct mem_free_area *fa;

	if (r < 0)
		return NULL;
	fa = &mem->free_area[r];
	page = pin_mem_memmap_page(mem, pfn);
	pthread_mutex_lock(&fa->lock);
	if (page_test_flag(page, PG_buddy))
		taken = take_at(mem, fa, page->private);
	pthread_mutex_unlock(&fa->lock);
	return taken;
}

void pin_mem_free_page(struct pin_mem *mem, struct page *page)
{
	unsigned long pfn = pin_mem_memmap_pfn(mem, page);
	struct mem_free_area *fa = &mem->free_area[pin_mem_range_of_pfn(mem, pfn)];

	pthread_mutex_lock(&fa->lock);
	if (page_test_flag(page, PG_buddy) || page_ref_count(page) != 0) {
		/* A double free or a free of a live page: the model is broken. */
		fprintf(stderr, "model: bad free of pfn %lu (refcount %d)\n", pfn,
			page_ref_count(page));
		abort();
	}
	init_free_page(page);
	page->private = fa->nr_free;
	fa->pfns[fa->nr_free++] = pfn;
	pthread_mutex_unlock(&fa->lock);
}

unsigned long pin_mem_nr_free(const struct pin_mem *mem, int range)
{
	struct mem_free_area *fa = (struct mem_free_area *)&mem->free_area[range];
	unsigned long n;

	pthread_mutex_lock(&fa->lock);
	n = fa->nr_free;
	pthread_mutex_unlock(&fa->lock);
	return n;
}

void pin_mem_copy_frame(struct pin_mem *mem, struct page *dst, struct page *src)
{
	if (mem->frames)
		memcpy(pin_mem_frame(mem, pin_mem_memmap_pfn(mem, dst)),
		       pin_mem_frame(mem, pin_mem_memmap_pfn(mem, src)), MODEL_PAGE_SIZE);
}

/* free_frozen_pages of a folio: the tails go back with the head. */
void pin_mem_free_folio(struct pin_mem *mem, struct page *head)
{
	unsigned long pfn = pin_mem_memmap_pfn(mem, head);
	unsigned long nr = 1ul << page_folio_order(mem, head);	/* before page[1] goes */

	for (unsigned long i = 1; i < nr; i++)
		pin_mem_free_page(mem, pin_mem_memmap_page(mem, pfn + i));
	pin_mem_free_page(mem, head);
}

bool pin_mem_put_refs(struct pin_mem *mem, struct page *page, int nr)
{
	int old = atomic_fetch_sub_explicit(&page->_refcount, nr, memory_order_acq_rel);

	if (old - nr < 0) {
		fprintf(stderr, "model: refcount underflow on pfn %lu\n",
			pin_mem_memmap_pfn(mem, page));
		abort();
	}
	if (old != nr)
		return false;
	pin_mem_free_folio(mem, page);
	return true;
}

/* ---- large folios (mm/page_alloc.c prep_compound_page, v6.12) ---------- */

int pin_mem_prep_folio(struct pin_mem *mem, struct page *head, unsigned int order)
{
	unsigned long pfn = pin_mem_memmap_pfn(mem, head), nr = 1ul << order;
	int refs = 0;

	if (order == 0 || pfn + nr > mem->nr_pages)
		return -EINVAL;
	for (unsigned long i = 0; i < nr; i++) {
		struct page *p = pin_mem_memmap_page(mem, pfn + i);

		if (page_ref_count(p) < 1 || page_test_flag(p, PG_head) ||
		    (p->compound_head & 1))
			return -EINVAL;
	}
	for (unsigned long i = 1; i < nr; i++) {
		struct page *p = pin_mem_memmap_page(mem, pfn + i);

		refs += atomic_exchange(&p->_refcount, 0);
		__atomic_store_n(&p->compound_head, (unsigned long)head | 1, __ATOMIC_RELEASE);
	}
	pin_mem_memmap_page(mem, pfn + 1)->compound_order = (unsigned char)order;
	atomic_store(&pin_mem_memmap_page(mem, pfn + 1)->_pincount, 0);
	atomic_fetch_add(&head->_refcount, refs);
	page_set_flag(head, PG_head);
	return 0;
}

/* ---- isolation (mm/compaction.c isolate_migratepages_block, v6.12) ----- */

bool pin_mem_isolate(struct pin_mem *mem, struct page *page)
{
	struct pin_owner *o;

	(void)mem;
	if (page_test_flag(page, PG_head) || (page->compound_head & 1) ||
	    !page_ref_try_add(page, 1))
		return false;
	o = page_owner_of(page);
	if (o && o->ops && ((uintptr_t)page->mapping & PAGE_MAPPING_MOVABLE)) {
		/* isolate_movable_page(): PG_isolated is the owner's claim. */
		if (!page_test_and_set_flag(page, PG_isolated)) {
			if (!o->ops->isolate || o->ops->isolate(o, page))
				return true;
			page_clear_flag(page, PG_isolated);
		}
	} else if (o) {
		/* folio_test_clear_lru(): only one isolator wins. */
		if (__atomic_fetch_and(&page->flags, ~(1ul << PG_lru), __ATOMIC_ACQ_REL) &
		    (1ul << PG_lru))
			return true;
	}
	pin_mem_put_refs(mem, page, 1);
	return false;
}

void pin_mem_putback(struct pin_mem *mem, struct page *page)
{
	struct pin_owner *o = page_owner_of(page);

	if (page_test_flag(page, PG_isolated)) {
		if (o && o->ops && o->ops->putback)
			o->ops->putback(o, page);
		page_clear_flag(page, PG_isolated);
	} else {
		page_set_flag(page, PG_lru);
	}
	pin_mem_put_refs(mem, page, 1);
}

/* ---- owners ------------------------------------------------------------- */

static void free_handle_records(struct pin_owner *o);

struct pin_owner *page_owner_of(const struct page *page)
{
	uintptr_t m = (uintptr_t)__atomic_load_n(&page->mapping, __ATOMIC_ACQUIRE);

	return (struct pin_owner *)(m & ~PAGE_MAPPING_FLAGS);
}

struct page *pin_owner_page(const struct pin_owner *o, size_t slot)
{
	uintptr_t v = atomic_load_explicit(&o->slots[slot], memory_order_acquire);

	return (v & SLOT_MIGRATION_ENTRY) ? NULL : (struct page *)v;
}

void pin_owner_adopt_page(struct pin_owner *o, struct page *page, size_t slot)
{
	uintptr_t kind = o->ops ? PAGE_MAPPING_MOVABLE : PAGE_MAPPING_ANON;

	page->index = slot;
	__atomic_store_n(&page->mapping, (void *)((uintptr_t)o | kind), __ATOMIC_RELEASE);
}

void pin_owner_map_page(struct pin_owner *o, struct page *page, size_t slot)
{
	pin_owner_adopt_page(o, page, slot);
	atomic_store(&page->_mapcount, 0);
	if (!o->ops)
		page_set_flag(page, PG_lru);
	atomic_store_explicit(&o->slots[slot], (uintptr_t)page, memory_order_release);
}

int pin_owner_init(struct pin_owner *o, struct pin_mem *mem,
		   enum pin_owner_kind kind, const struct pin_owner_ops *ops,
		   size_t nr_slots, int range)
{
	memset(o, 0, sizeof(*o));
	o->mem = mem;
	o->ops = ops;
	o->kind = kind;
	o->node = range >= 0 && range < mem->nr_ranges ? mem->range[range].node : 0;
	o->nr_slots = nr_slots;
	o->slots = calloc(nr_slots ? nr_slots : 1, sizeof(*o->slots));
	if (!o->slots)
		return -ENOMEM;
	pthread_mutex_init(&o->lock, NULL);
	for (size_t i = 0; i < nr_slots; i++) {
		struct page *page = pin_mem_alloc_page(mem, range);

		if (!page) {
			o->nr_slots = i;
			pin_owner_fini(o, mem);
			return -ENOMEM;
		}
		pin_owner_map_page(o, page, i);
	}
	return 0;
}

/* Unmap: the mapping's reference goes; pins keep the page alive. */
void pin_owner_fini(struct pin_owner *o, struct pin_mem *mem)
{
	for (size_t i = 0; i < o->nr_slots; i++) {
		struct page *page = pin_owner_page(o, i);

		if (!page)
			continue;
		atomic_store(&o->slots[i], 0);
		atomic_store(&page->_mapcount, -1);
		__atomic_store_n(&page->mapping, NULL, __ATOMIC_RELEASE);
		page_clear_flag(page, PG_lru);
		mem->ops->put_page(mem, page);
	}
	free_handle_records(o);
	free(o->slots);
	pthread_mutex_destroy(&o->lock);
	memset(o, 0, sizeof(*o));
}

/*
 * mm/gup.c (v6.12) gup_fast_pte_range(): read the pte, try_grab_folio()
 * (which fails on a frozen refcount), then re-read the pte and back off
 * when it changed.  A migration entry makes GUP wait and retry, as
 * migration_entry_wait() does on the slow path.
 */
struct page *pin_owner_grab_slot(struct pin_owner *o, size_t slot, int nr)
{
	for (;;) {
		uintptr_t v = atomic_load_explicit(&o->slots[slot], memory_order_acquire);
		struct page *page = (struct page *)v, *folio;

		if (!v)
			return NULL;
		if (v & SLOT_MIGRATION_ENTRY) {
			sched_yield();
			continue;
		}
		folio = page_folio_head(page);
		if (!page_ref_try_add(folio, nr))
			continue;
		if (atomic_load_explicit(&o->slots[slot], memory_order_acquire) == v)
			return page;
		/* The page may have been freed and reused meanwhile: a full put. */
		pin_mem_put_refs(o->mem, folio, nr);
	}
}

/* ---- the handles an owner gave out ---------------------------------------- */

struct owner_handle {
	struct owner_handle *next;
	struct page **where;
};

/*
 * The owner's records: per slot a list and a count, the records recycled
 * through a free list (chunks of them, freed with the owner), so that
 * noting a pin costs a list push, not a malloc().
 */
#define HANDLE_CHUNK 256

struct owner_handles {
	struct owner_handle *free;
	struct owner_handle **chunks;
	size_t nr_chunks;
	unsigned int *count;
	struct owner_handle *slot[];
};

static void free_handle_records(struct pin_owner *o)
{
	struct owner_handles *hs = o->handed_out;

	for (size_t i = 0; hs && i < hs->nr_chunks; i++)
		free(hs->chunks[i]);
	if (hs) {
		free(hs->chunks);
		free(hs->count);
	}
	free(hs);
	o->handed_out = NULL;
}

static int grow_handle_records(struct owner_handles *hs)
{
	struct owner_handle **chunks = realloc(hs->chunks, (hs->nr_chunks + 1) * sizeof(*chunks));
	struct owner_handle *chunk;

	if (!chunks)
		return -ENOMEM;
	hs->chunks = chunks;
	chunk = calloc(HANDLE_CHUNK, sizeof(*chunk));
	if (!chunk)
		return -ENOMEM;
	hs->chunks[hs->nr_chunks++] = chunk;
	for (size_t i = 0; i < HANDLE_CHUNK; i++) {
		chunk[i].next = hs->free;
		hs->free = &chunk[i];
	}
	return 0;
}

static struct owner_handles *handle_records(struct pin_owner *o)
{
	if (!o->handed_out) {
		o->handed_out = calloc(1, sizeof(*o->handed_out) +
					  o->nr_slots * sizeof(o->handed_out->slot[0]));
		if (o->handed_out)
			o->handed_out->count = calloc(o->nr_slots, sizeof(unsigned int));
		if (o->handed_out && !o->handed_out->count)
			free_handle_records(o);
	}
	return o->handed_out;
}

int pin_owner_note_handle(struct pin_owner *o, size_t slot, struct page **where)
{
	struct owner_handles *hs = handle_records(o);
	struct owner_handle *h;

	if (!hs || (!hs->free && grow_handle_records(hs)))
		return -ENOMEM;
	h = hs->free;
	hs->free = h->next;
	h->where = where;
	h->next = hs->slot[slot];
	hs->slot[slot] = h;
	hs->count[slot]++;
	return 0;
}

void pin_owner_forget_handle(struct pin_owner *o, size_t slot, struct page **where)
{
	struct owner_handles *hs = o->handed_out;

	for (struct owner_handle **pp = hs ? &hs->slot[slot] : NULL; pp && *pp; pp = &(*pp)->next)
		if ((*pp)->where == where) {
			struct owner_handle *h = *pp;

			*pp = h->next;
			h->next = hs->free;
			hs->free = h;
			hs->count[slot]--;
			return;
		}
}

void pin_owner_retarget_handles(struct pin_owner *o, size_t slot, struct page *page)
{
	for (struct owner_handle *h = o->handed_out ? o->handed_out->slot[slot] : NULL; h;
	     h = h->next)
		__atomic_store_n(h->where, page, __ATOMIC_RELEASE);
}

int pin_owner_nr_handles(const struct pin_owner *o, size_t slot)
{
	return o->handed_out ? (int)o->handed_out->count[slot] : 0;
}

/*
 * fs/aio.c aio_migrate_folio() (v6.12): check the ring still holds src,
 * folio_migrate_mapping() with the owner's references as extra count, copy
 * under the owner's lock, retarget ring_pages[idx].
 */
static int ring_migrate(struct pin_owner *o, struct page *dst, struct page *src)
{
	size_t idx = src->index;
	int handles, rc = -EAGAIN;

	pthread_mutex_lock(&o->lock);
	if (idx >= o->nr_slots || pin_owner_page(o, idx) != src)
		goto out;
	handles = pin_owner_nr_handles(o, idx);
	/* mapping + isolation + one per handle the owner gave out */
	if (!page_ref_freeze(src, 2 + handles))
		goto out;
	pin_mem_copy_frame(o->mem, dst, src);
	atomic_fetch_add(&dst->_refcount, handles);
	pin_owner_map_page(o, dst, idx);
	pin_owner_retarget_handles(o, idx, dst);
	atomic_fetch_add(&o->nr_moved, 1);
	rc = 0;
out:
	pthread_mutex_unlock(&o->lock);
	return rc;
}

static bool ring_isolate(struct pin_owner *o, struct page *page)
{
	(void)o;
	(void)page;
	return true;
}

static void ring_putback(struct pin_owner *o, struct page *page)
{
	(void)o;
	(void)page;
}

const struct pin_owner_ops pin_owner_ring_ops = {
	.isolate = ring_isolate,
	.migrate = ring_migrate,
	.putback = ring_putback,
};
