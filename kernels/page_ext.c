// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/page_ext.c - pin owner data out of line, in page_ext.
 *
 * mm/page_ext.c (v6.12, CONFIG_SPARSEMEM): one array of page_ext entries
 * per memory section, allocated on the section's node (alloc_page_ext ->
 * vzalloc_node), reached as page_ext_get() does: under rcu_read_lock,
 * the section of the pfn through the two-level mem_section table of
 * SPARSEMEM_EXTREME, READ_ONCE of its page_ext, the validity check, the
 * entry at base + page_ext_size * pfn with page_ext_size known only at run
 * time, the client's data at its run-time offset.  The entry holds who pins
 * the page and how many pins it has, so compaction can tell a pinned page
 * exactly and ask its pinner (under the pinner's lock) to move the pins to
 * the new page, while struct page stays 64 bytes.  The price: every page
 * pays the entry, pinned or not, and each query is a second memory access.
 */
#include "kernels/design_lib.h"
#include "kernels/design_structs.h"

#include <numa.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * rcu_read_lock() of a kernel without PREEMPT_RCU (include/linux/rcupdate.h,
 * v6.12): preempt_disable(), a compiler barrier.  Debian's 6.12 builds
 * PREEMPT_DYNAMIC and so PREEMPT_RCU, where it is a call to
 * __rcu_read_lock() (kernel/rcu/tree_plugin.h: ++current's nesting) and
 * unlock a call that decrements and tests; the model is optimistic there.
 */
static inline void rcu_read_lock(void)
{
	__asm__ __volatile__("" ::: "memory");
}

static inline void rcu_read_unlock(void)
{
	__asm__ __volatile__("" ::: "memory");
}

/* __nr_to_section() (include/linux/mmzone.h, v6.12, SPARSEMEM_EXTREME). */
static inline struct mem_section *nr_to_section(const struct page_ext_state *st,
						unsigned long nr)
{
	unsigned long root = nr / SECTIONS_PER_ROOT;

	if (__builtin_expect(root >= NR_SECTION_ROOTS, 0))
		return NULL;
	if (!st->mem_section || !st->mem_section[root])
		return NULL;
	return &st->mem_section[root][nr & (SECTIONS_PER_ROOT - 1)];
}

static inline bool page_ext_invalid(const struct page_ext *page_ext)
{
	return !page_ext || ((uintptr_t)page_ext & PAGE_EXT_INVALID) == PAGE_EXT_INVALID;
}

/* get_entry(): base + page_ext_size * index, in bytes. */
static inline struct page_ext *get_entry(const struct page_ext_state *st,
					 const struct page_ext *base, unsigned long index)
{
	return (struct page_ext *)((uintptr_t)base + st->page_ext_size * index);
}

/*
 * lookup_page_ext() for SPARSEMEM (mm/page_ext.c, v6.12): the section of
 * the pfn, READ_ONCE of its page_ext, the validity check, the entry.  Like
 * the kernel's, it trusts the pfn to have a section.
 */
static inline struct page_ext *lookup_page_ext(const struct pin_mem *mem, const struct page *page)
{
	const struct page_ext_state *st = mem->priv;
	unsigned long pfn = vmemmap_page_to_pfn(mem, page);
	struct mem_section *section = nr_to_section(st, pfn >> PAGE_EXT_SECTION_SHIFT);
	struct page_ext *page_ext = READ_ONCE_AS(struct page_ext *, section->page_ext);

	if (page_ext_invalid(page_ext))
		return NULL;
	return get_entry(st, page_ext, pfn);
}

/* page_ext_get() / page_ext_put(): the lookup under rcu_read_lock. */
static inline struct page_ext *page_ext_get(const struct pin_mem *mem, const struct page *page)
{
	struct page_ext *page_ext;

	rcu_read_lock();
	page_ext = lookup_page_ext(mem, page);
	if (!page_ext) {
		rcu_read_unlock();
		return NULL;
	}
	return page_ext;
}

static inline void page_ext_put(struct page_ext *page_ext)
{
	if (__builtin_expect(!page_ext, 0))
		return;
	rcu_read_unlock();
}

/* page_ext_data(): the client's part of an entry. */
static inline struct page_ext_pin_data *pin_data(const struct pin_mem *mem,
						 struct page_ext *page_ext)
{
	const struct page_ext_state *st = mem->priv;

	return (struct page_ext_pin_data *)((char *)page_ext + st->pin_offset);
}

static size_t section_bytes(const struct page_ext_state *st)
{
	return PAGE_EXT_PAGES_PER_SECTION * st->page_ext_size;
}

static void *alloc_on_node(size_t bytes, int node)
{
	return numa_available() < 0 ? calloc(1, bytes) : numa_alloc_onnode(bytes, node);
}

static void free_on_node(void *p, size_t bytes)
{
	if (numa_available() < 0)
		free(p);
	else
		numa_free(p, bytes);
}

static void page_ext_fini(struct pin_mem *mem)
{
	struct page_ext_state *st = mem->priv;

	for (unsigned long s = 0; st && st->section_base && s < st->nr_sections; s++)
		if (st->section_base[s])
			free_on_node(st->section_base[s], section_bytes(st));
	for (unsigned long r = 0; st && st->mem_section && r < NR_SECTION_ROOTS; r++)
		free(st->mem_section[r]);
	if (st) {
		free(st->mem_section);
		free(st->section_base);
	}
	free(st);
	mem->priv = NULL;
}

/*
 * init_section_page_ext() (mm/page_ext.c, v6.12): the section's array on
 * its node (numa_alloc_onnode memory comes zeroed, as vzalloc_node's),
 * stored as base - page_ext_size * pfn; the root page of mem_section
 * allocated first when it has none (sparse_index_init, mm/sparse.c).
 */
static int init_section_page_ext(struct pin_mem *mem, struct page_ext_state *st,
				 unsigned long nr)
{
	unsigned long pfn = nr << PAGE_EXT_SECTION_SHIFT, root = nr / SECTIONS_PER_ROOT;
	int r = pin_mem_range_of_pfn(mem, pfn);

	if (!st->mem_section[root])
		st->mem_section[root] = calloc(SECTIONS_PER_ROOT, sizeof(struct mem_section));
	st->section_base[nr] = alloc_on_node(section_bytes(st), r < 0 ? 0 : mem->range[r].node);
	if (!st->mem_section[root] || !st->section_base[nr])
		return -ENOMEM;
	nr_to_section(st, nr)->page_ext =
		(struct page_ext *)((uintptr_t)st->section_base[nr] - st->page_ext_size * pfn);
	return 0;
}

static int page_ext_init(struct pin_mem *mem, const struct pin_design_args *args,
			 char *err, size_t errlen)
{
	unsigned long nr = (mem->nr_pages + PAGE_EXT_PAGES_PER_SECTION - 1) >>
			   PAGE_EXT_SECTION_SHIFT;
	struct page_ext_state *st = calloc(1, sizeof(*st));

	(void)args;
	mem->priv = st;
	if (!st)
		goto nomem;
	/* invoke_need_callbacks(): the client's offset, then the entry size */
	st->pin_offset = sizeof(struct page_ext);
	st->page_ext_size = st->pin_offset + sizeof(struct page_ext_pin_data);
	st->nr_sections = nr;
	st->mem_section = calloc(NR_SECTION_ROOTS, sizeof(*st->mem_section));
	st->section_base = calloc(nr, sizeof(*st->section_base));
	if (!st->mem_section || !st->section_base || nr > NR_SECTION_ROOTS * SECTIONS_PER_ROOT)
		goto nomem;
	for (unsigned long s = 0; s < nr; s++)
		if (init_section_page_ext(mem, st, s))
			goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "page-ext: cannot allocate the section arrays");
	page_ext_fini(mem);
	return -ENOMEM;
}

DEFINE_VMEMMAP_HOT_OPS(ext_vmemmap)	/* not page_ext_get/put: those are the lookup */

/*
 * Every page pays its entry; every section the two fields page_ext adds
 * to struct mem_section (the mem_section roots exist without page_ext).
 */
static void page_ext_memory_cost(const char *params, uint64_t ram_bytes,
				 uint64_t nr_pinned, struct mem_cost *out)
{
	uint64_t pages = ram_bytes >> MODEL_PAGE_SHIFT;
	uint64_t sections = (pages + PAGE_EXT_PAGES_PER_SECTION - 1) >> PAGE_EXT_SECTION_SHIFT;
	double fixed = (double)sections * (sizeof(struct mem_section) -
					   offsetof(struct mem_section, page_ext));

	(void)params;
	(void)nr_pinned;
	*out = (struct mem_cost){
		.page_struct_bytes = sizeof(struct page),
		.extra_per_page = sizeof(struct page_ext_pin),
		.fixed_bytes = fixed,
		.total_extra_bytes = sizeof(struct page_ext_pin) * (double)pages + fixed,
	};
}

/*
 * The client's accesses, each under page_ext_get/put.  A page without a
 * valid page_ext (its section offline) is not tracked, as page_owner's
 * are not.
 */
static void ext_pinned(struct pin_mem *mem, struct pin_owner *o, struct page *page)
{
	struct page_ext *page_ext = page_ext_get(mem, page);

	if (page_ext) {
		atomic_store(&pin_data(mem, page_ext)->owner, o);
		atomic_fetch_add(&pin_data(mem, page_ext)->pins, 1);
	}
	page_ext_put(page_ext);
}

static void ext_unpinned(struct pin_mem *mem, struct pin_owner *o, struct page *page, bool last)
{
	struct page_ext *page_ext = page_ext_get(mem, page);

	(void)o;
	if (page_ext) {
		atomic_fetch_sub(&pin_data(mem, page_ext)->pins, 1);
		if (last)
			atomic_store(&pin_data(mem, page_ext)->owner, NULL);
	}
	page_ext_put(page_ext);
}

static long ext_pins(const struct pin_mem *mem, const struct page *page)
{
	struct page_ext *page_ext = page_ext_get(mem, page);
	long pins = page_ext ? atomic_load(&pin_data(mem, page_ext)->pins) : 0;

	page_ext_put(page_ext);
	return pins;
}

static int ext_migrate_unpin(struct pin_mem *mem, struct pin_owner *o, struct page *src)
{
	(void)o;
	return (int)ext_pins(mem, src);
}

static void ext_migrate_pin(struct pin_mem *mem, struct page *src, struct page *dst)
{
	struct page_ext *from = page_ext_get(mem, src), *to = page_ext_get(mem, dst);

	if (from && to) {
		atomic_store(&pin_data(mem, to)->owner,
			     atomic_exchange(&pin_data(mem, from)->owner, NULL));
		atomic_store(&pin_data(mem, to)->pins, atomic_exchange(&pin_data(mem, from)->pins, 0));
	}
	page_ext_put(to);
	page_ext_put(from);
}

static const struct noted_hooks ext_hooks = {
	.pinned = ext_pinned,
	.unpinned = ext_unpinned,
	.migrate_unpin = ext_migrate_unpin,
	.migrate_pin = ext_migrate_pin,
};

DEFINE_NOTED_PIN_OPS(page_ext, &ext_hooks)

static bool page_ext_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	return ext_pins(mem, page) > 0;
}

const struct pin_design_ops page_ext_design = {
	.name = "page-ext",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE | PIN_DESIGN_MOVES_PINNED,
	.summary = "pin owner and count out of line in per-section page_ext arrays; pinned pages move",
	.page_struct_size = sizeof(struct page),
	.init = page_ext_init,
	.fini = page_ext_fini,
	.memory_cost = page_ext_memory_cost,
	DESIGN_HOT_OPS(ext_vmemmap),
	NOTED_PIN_OPS(page_ext),
	.maybe_pinned = page_ext_maybe_pinned,
	.pin_count = ext_pins,
};
