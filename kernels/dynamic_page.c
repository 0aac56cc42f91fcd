// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/dynamic_page.c - dynamically allocated struct pages (Matthew
 * Wilcox, LKML Dec 2018): "struct dynamic_page { struct page; unsigned long
 * vaddr; unsigned long pfn; ... }" plus a page flag.
 *
 * GUP allocates a struct dynamic_page (design_structs.h) for a pinned page
 * on the page's node and hands out its embedded struct page, flagged
 * PG_dynamic; its _refcount counts the pins.  page_to_pfn() must read the
 * flag and, for a dynamic page, its pfn field: a load where vmemmap needs
 * only arithmetic.  pfn_to_page() returns the memmap page unless that says
 * "has a dynamic page" (PG_has_dynamic), and then needs the auxiliary
 * pfn -> dynamic_page lookup Dave Hansen pointed out.  Because the pinner
 * holds the dynamic page, not the memmap page, migration can move a pinned
 * page: it updates dp->pfn and the auxiliary map.
 *
 * The auxiliary map: a hash table per node, hash_64(pfn) from
 * include/linux/hash.h (v6.12), chained, written under a mutex and read
 * lock-free under a seqcount (include/linux/seqlock.h read_seqbegin /
 * read_seqretry).  A hash rather than Wilcox's XArray: one bucket load per
 * lookup instead of a radix walk of 2-4 levels, which favours the design;
 * dynamic pages come from a type-stable pool, so a reader that raced with
 * a removal sees a changed sequence and looks again.
 */
#include "kernels/design_lib.h"
#include "kernels/design_structs.h"

#include <stdio.h>
#include <stdlib.h>

#define PG_has_dynamic PG_design0	/* memmap page: a dynamic page stands for it */
#define GOLDEN_RATIO_64 0x61C8864680B583EBull
#define AUX_MIN_BITS 8
#define AUX_PAGES_PER_BUCKET 16

struct aux_table {
	pthread_mutex_t lock;			/* writers */
	atomic_uint seq;			/* odd while a writer changes chains */
	unsigned int bits;
	_Atomic(struct dynamic_page *) *buckets;
};

struct dynamic_state {
	bool pfn_by_range;			/* param pfn=range */
	int nr_nodes;
	struct obj_pool *pool;			/* per node range */
	struct aux_table table[];		/* per node range */
};

static inline struct dynamic_page *dp_of(const struct page *page)
{
	return (struct dynamic_page *)page;
}

static inline unsigned long hash_64(unsigned long val, unsigned int bits)
{
	return val * GOLDEN_RATIO_64 >> (64 - bits);
}

static inline unsigned int aux_bits_for(unsigned long pages)
{
	unsigned int bits = AUX_MIN_BITS;

	while ((1ul << bits) < pages / AUX_PAGES_PER_BUCKET)
		bits++;
	return bits;
}

static struct aux_table *aux_of(const struct pin_mem *mem, unsigned long pfn)
{
	struct dynamic_state *st = mem->priv;

	return &st->table[mem->nr_ranges == 1 ? 0 : pin_mem_range_of_pfn(mem, pfn)];
}

static struct dynamic_page *aux_lookup(const struct pin_mem *mem, unsigned long pfn)
{
	struct aux_table *t = aux_of(mem, pfn);
	struct dynamic_page *dp;
	unsigned int seq;

	do {
		while ((seq = atomic_load_explicit(&t->seq, memory_order_acquire)) & 1)
			;
		dp = atomic_load_explicit(&t->buckets[hash_64(pfn, t->bits)],
					  memory_order_acquire);
		while (dp && atomic_load_explicit(&dp->pfn, memory_order_relaxed) != pfn)
			dp = __atomic_load_n(&dp->hash_next, __ATOMIC_ACQUIRE);
		atomic_thread_fence(memory_order_acquire);
	} while (atomic_load_explicit(&t->seq, memory_order_relaxed) != seq);
	return dp;
}

static void aux_write_begin(struct aux_table *t)
{
	pthread_mutex_lock(&t->lock);
	atomic_fetch_add_explicit(&t->seq, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
}

static void aux_write_end(struct aux_table *t)
{
	atomic_fetch_add_explicit(&t->seq, 1, memory_order_release);
	pthread_mutex_unlock(&t->lock);
}

static void aux_insert(struct pin_mem *mem, struct dynamic_page *dp, unsigned long pfn)
{
	struct aux_table *t = aux_of(mem, pfn);
	_Atomic(struct dynamic_page *) *b;

	aux_write_begin(t);
	b = &t->buckets[hash_64(pfn, t->bits)];
	atomic_store_explicit(&dp->pfn, pfn, memory_order_relaxed);
	__atomic_store_n(&dp->hash_next, atomic_load(b), __ATOMIC_RELAXED);
	atomic_store_explicit(b, dp, memory_order_release);
	aux_write_end(t);
}

static void aux_remove(struct pin_mem *mem, struct dynamic_page *dp, unsigned long pfn)
{
	struct aux_table *t = aux_of(mem, pfn);
	_Atomic(struct dynamic_page *) *pp;

	aux_write_begin(t);
	pp = &t->buckets[hash_64(pfn, t->bits)];
	while (atomic_load(pp) && atomic_load(pp) != dp)
		pp = (_Atomic(struct dynamic_page *) *)&atomic_load(pp)->hash_next;
	if (atomic_load(pp))
		atomic_store_explicit(pp, __atomic_load_n(&dp->hash_next, __ATOMIC_RELAXED),
				      memory_order_release);
	aux_write_end(t);
}

/* ---- the hot path ------------------------------------------------------------ */

/*
 * PageDynamic() is test_bit() on page->flags, a volatile load on x86-64
 * (constant_test_bit, arch/x86/include/asm/bitops.h, v6.12); a dynamic
 * page's pfn is READ_ONCE(dp->pfn), nothing being read through it.  gcc
 * keeps the vmemmap base in a register across volatile loads, not across
 * the __atomic ones used before (it reloaded mem->memmap every page).
 */
static inline bool page_dynamic(const struct page *page)
{
	return READ_ONCE_AS(unsigned long, page->flags) & (1ul << PG_dynamic);
}

static inline unsigned long dynamic_pfn(const struct page *page)
{
	return READ_ONCE_AS(unsigned long, dp_of(page)->pfn);
}

/*
 * pfn=flag (Wilcox's page flag): page->flags loaded on every page_to_pfn.
 * The difference is taken on both paths, as gcc hoists the kernel's base
 * (the global vmemmap_base, a load that cannot fault) even when one path
 * uses it, mem->memmap only when every iteration does.  Loop (gcc 12 -O2):
 * "mov (%rsi),%rax; mov (%rax),%rcx; and $0x40,%ecx; je; [mov
 * 0x48(%rax),%rax]; sub %r8,%rax; sar $0x6,%rax".
 */
static inline unsigned long dynamic_page_pfn_of(const struct pin_mem *mem,
						const struct page *page)
{
	unsigned long pfn = vmemmap_page_to_pfn(mem, page);

	return page_dynamic(page) ? dynamic_pfn(page) : pfn;
}

/*
 * pfn=range: dynamic pages live outside the vmemmap (slab): an unsigned
 * compare of the distance from vmemmap with the vmemmap's size, no load
 * from the page.  The kernel's size would be its vmemmap region's
 * (arch/x86/mm/kaslr.c); here mem->memmap_bytes, loaded once per batch:
 * "mov (%rsi),%rcx; mov %rcx,%rax; sub %r9,%rax; cmp %r8,%rax; jb [shr
 * $0x6,%rax] else mov 0x48(%rcx),%rax".
 */
static inline unsigned long dynamic_range_pfn_of(const struct pin_mem *mem,
						 const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)mem->memmap;

	return off < mem->memmap_bytes ? off / sizeof(struct page) : dynamic_pfn(page);
}

static inline struct page *dynamic_page_page_of(const struct pin_mem *mem, unsigned long pfn)
{
	struct page *page = vmemmap_pfn_to_page(mem, pfn);
	struct dynamic_page *dp;

	if (!page_test_flag(page, PG_has_dynamic))
		return page;
	dp = aux_lookup(mem, pfn);
	return dp ? &dp->page : page;
}

static inline void dynamic_page_get(struct pin_mem *mem, struct page *page)
{
	(void)mem;
	folio_get_page(page);	/* a dynamic page counts in its own _refcount */
}

static const struct indirect_hooks dynamic_hooks;

static inline bool dynamic_page_put(struct pin_mem *mem, struct page *page)
{
	if (!page_test_flag(page, PG_dynamic))
		return folio_put_page(mem, page);
	if (atomic_fetch_sub_explicit(&page->_refcount, 1, memory_order_acq_rel) != 1)
		return false;
	design_release_indirect(mem, dp_of(page), &dynamic_hooks);
	return true;
}

DEFINE_DESIGN_HOT_OPS(dynamic_page)

/* pfn=range differs in page_to_pfn only; the param picks the loop once per call. */
static inline bool pfn_by_range(const struct pin_mem *mem)
{
	return ((const struct dynamic_state *)mem->priv)->pfn_by_range;
}

static unsigned long dynamic_op_page_to_pfn(const struct pin_mem *mem, const struct page *page)
{
	return pfn_by_range(mem) ? dynamic_range_pfn_of(mem, page)
				  : dynamic_page_op_page_to_pfn(mem, page);
}

static uint64_t dynamic_page_to_pfn_batch(const struct pin_mem *mem,
					  struct page *const *pages, size_t n)
{
	uint64_t sum = 0;

	if (!pfn_by_range(mem))
		return dynamic_page_page_to_pfn_batch(mem, pages, n);
	for (size_t i = 0; i < n; i++)
		sum += dynamic_range_pfn_of(mem, pages[i]);
	return sum;
}

/* ---- dynamic pages as objects in place of the memmap page ------------------- */

static void *dyn_lookup(struct pin_mem *mem, struct page *page)
{
	if (!page_test_flag(page, PG_has_dynamic))
		return NULL;
	return aux_lookup(mem, vmemmap_page_to_pfn(mem, page));
}

static void dyn_attach(struct pin_mem *mem, struct dynamic_page *dp, struct page *page)
{
	aux_insert(mem, dp, vmemmap_page_to_pfn(mem, page));
	page_set_flag(page, PG_has_dynamic);
}

static void *dyn_create(struct pin_mem *mem, struct page *page)
{
	struct dynamic_state *st = mem->priv;
	int r = pin_mem_range_of_pfn(mem, vmemmap_page_to_pfn(mem, page));
	struct dynamic_page *dp = obj_pool_alloc(&st->pool[r]);

	if (!dp)
		return NULL;
	/* Field by field: a lock-free lookup may still be reading a recycled one. */
	__atomic_store_n(&dp->page.flags, 1ul << PG_dynamic, __ATOMIC_RELAXED);
	__atomic_store_n(&dp->page.compound_head, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&dp->page.mapping, page->mapping, __ATOMIC_RELAXED);
	dp->page.index = page->index;
	atomic_store(&dp->page._mapcount, -1);
	atomic_store(&dp->page._refcount, 1);
	dp->vaddr = page->index << MODEL_PAGE_SHIFT;	/* the owner's address of the slot */
	dp->node = r;
	dyn_attach(mem, dp, page);
	return dp;
}

static void dyn_detach(struct pin_mem *mem, void *obj, struct page *page)
{
	page_clear_flag(page, PG_has_dynamic);
	aux_remove(mem, obj, vmemmap_page_to_pfn(mem, page));
}

static void dyn_destroy(struct pin_mem *mem, void *obj)
{
	struct dynamic_state *st = mem->priv;

	obj_pool_free(&st->pool[((struct dynamic_page *)obj)->node], obj);
}

static atomic_int *dyn_count(void *obj)
{
	return &((struct dynamic_page *)obj)->page._refcount;
}

static struct page *dyn_page(struct pin_mem *mem, void *obj)
{
	return vmemmap_pfn_to_page(mem, atomic_load_explicit(&((struct dynamic_page *)obj)->pfn,
							    memory_order_acquire));
}

static void dyn_retarget(struct pin_mem *mem, void *obj, struct page *src, struct page *dst)
{
	dyn_detach(mem, obj, src);
	dyn_attach(mem, obj, dst);
}

static struct page *dyn_handle(void *obj)
{
	return &((struct dynamic_page *)obj)->page;
}

static const struct indirect_hooks dynamic_hooks = {
	.lookup = dyn_lookup,
	.create = dyn_create,
	.detach = dyn_detach,
	.destroy = dyn_destroy,
	.count = dyn_count,
	.page = dyn_page,
	.retarget = dyn_retarget,
	.handle = dyn_handle,
};

/* ---- the design ------------------------------------------------------------- */

static void dynamic_page_fini(struct pin_mem *mem)
{
	struct dynamic_state *st = mem->priv;

	for (int r = 0; st && r < st->nr_nodes; r++) {
		obj_pool_fini(&st->pool[r]);
		free(st->table[r].buckets);
		pthread_mutex_destroy(&st->table[r].lock);
	}
	if (st)
		free(st->pool);
	free(st);
	mem->priv = NULL;
}

static int init_node(struct pin_mem *mem, struct dynamic_state *st, int r)
{
	struct aux_table *t = &st->table[r];

	t->bits = aux_bits_for(mem->range[r].nr_pages);
	t->buckets = calloc(1ul << t->bits, sizeof(*t->buckets));
	if (!t->buckets || pthread_mutex_init(&t->lock, NULL) ||
	    obj_pool_init(&st->pool[r], sizeof(struct dynamic_page),
			  offsetof(struct dynamic_page, hash_next), mem->range[r].node)) {
		free(t->buckets);
		return -ENOMEM;
	}
	st->nr_nodes = r + 1;
	return 0;
}

static int dynamic_page_init(struct pin_mem *mem, const struct pin_design_args *args,
			     char *err, size_t errlen)
{
	struct dynamic_state *st = calloc(1, sizeof(*st) + mem->nr_ranges * sizeof(st->table[0]));

	mem->priv = st;
	if (st) {
		st->pfn_by_range = args->value[0] == 1;	/* pfn_words[1], "range" */
		st->pool = calloc(mem->nr_ranges, sizeof(*st->pool));
	}
	for (int r = 0; st && st->pool && r < mem->nr_ranges; r++)
		if (init_node(mem, st, r))
			break;
	if (st && st->nr_nodes == mem->nr_ranges)
		return 0;
	snprintf(err, errlen, "dynamic-page: cannot set up the pools and pfn map");
	dynamic_page_fini(mem);
	return -ENOMEM;
}

/* The per-node map is sized by the node's pages; memory_cost sees one node. */
static void dynamic_page_memory_cost(const char *params, uint64_t ram_bytes,
				     uint64_t nr_pinned, struct mem_cost *out)
{
	double fixed = (double)(1ul << aux_bits_for(ram_bytes >> MODEL_PAGE_SHIFT)) *
		       sizeof(struct dynamic_page *);

	(void)params;
	*out = (struct mem_cost){
		.page_struct_bytes = sizeof(struct page),
		.per_pin_bytes = sizeof(struct dynamic_page),
		.fixed_bytes = fixed,
		.total_extra_bytes = sizeof(struct dynamic_page) * (double)nr_pinned + fixed,
	};
}

DEFINE_INDIRECT_PIN_OPS(dynamic_page, &dynamic_hooks, PG_has_dynamic)

static const char *const pfn_words[] = { "flag", "range", NULL };

static const struct pin_design_param dynamic_page_params[] = {
	{ .name = "pfn", .words = pfn_words, .def = "flag",
	  .help = "page_to_pfn tells a dynamic page by its flag (a load of page->flags) "
		  "or by its address outside the vmemmap (a compare, no load)" },
	{ NULL },
};

const struct pin_design_ops dynamic_page_design = {
	.name = "dynamic-page",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE | PIN_DESIGN_MOVES_PINNED | PIN_DESIGN_SMALL_FOLIOS_ONLY,
	.summary = "pins get a struct dynamic_page {page; vaddr; pfn}; page_to_pfn reads a flag, pfn_to_page a hash",
	.params = dynamic_page_params,
	.page_struct_size = sizeof(struct page),
	.init = dynamic_page_init,
	.fini = dynamic_page_fini,
	.memory_cost = dynamic_page_memory_cost,
	.page_to_pfn = dynamic_op_page_to_pfn,
	.pfn_to_page = dynamic_page_op_pfn_to_page,
	.get_page = dynamic_page_op_get_page,
	.put_page = dynamic_page_op_put_page,
	.page_to_pfn_batch = dynamic_page_to_pfn_batch,
	.pfn_to_page_batch = dynamic_page_pfn_to_page_batch,
	.get_put_batch = dynamic_page_get_put_batch,
	INDIRECT_PIN_OPS(dynamic_page),
};
