// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/page_ext.c - pin owner data out of line, in page_ext.
 *
 * mm/page_ext.c (v6.12, CONFIG_SPARSEMEM): one array of page_ext entries
 * per memory section, allocated on the section's node (alloc_page_ext ->
 * vzalloc_node), reached as lookup_page_ext() does: the section of the pfn,
 * its page_ext base, then the entry of the pfn.  The entry holds who pins
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

struct page_ext_state {
	unsigned long nr_sections;
	/* mem_section[].page_ext: one pointer per section */
	struct page_ext_pin *section_ext[];
};

static struct page_ext_pin *lookup_page_ext(const struct pin_mem *mem, unsigned long pfn)
{
	const struct page_ext_state *st = mem->priv;

	return &st->section_ext[pfn >> PAGE_EXT_SECTION_SHIFT]
				[pfn & (PAGE_EXT_PAGES_PER_SECTION - 1)];
}

static struct page_ext_pin *ext_of(const struct pin_mem *mem, const struct page *page)
{
	return lookup_page_ext(mem, vmemmap_page_to_pfn(mem, page));
}

static size_t section_bytes(void)
{
	return PAGE_EXT_PAGES_PER_SECTION * sizeof(struct page_ext_pin);
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

	for (unsigned long s = 0; st && s < st->nr_sections; s++)
		if (st->section_ext[s])
			free_on_node(st->section_ext[s], section_bytes());
	free(st);
	mem->priv = NULL;
}

static int page_ext_init(struct pin_mem *mem, const struct pin_design_args *args,
			 char *err, size_t errlen)
{
	unsigned long nr = (mem->nr_pages + PAGE_EXT_PAGES_PER_SECTION - 1) >>
			   PAGE_EXT_SECTION_SHIFT;
	struct page_ext_state *st = calloc(1, sizeof(*st) + nr * sizeof(st->section_ext[0]));

	(void)args;
	mem->priv = st;
	if (!st)
		goto nomem;
	st->nr_sections = nr;
	for (unsigned long s = 0; s < nr; s++) {
		int r = pin_mem_range_of_pfn(mem, s << PAGE_EXT_SECTION_SHIFT);

		/* numa_alloc_onnode memory comes zeroed, as vzalloc_node's. */
		st->section_ext[s] = alloc_on_node(section_bytes(), r < 0 ? 0 : mem->range[r].node);
		if (!st->section_ext[s])
			goto nomem;
	}
	return 0;
nomem:
	snprintf(err, errlen, "page-ext: cannot allocate the section arrays");
	page_ext_fini(mem);
	return -ENOMEM;
}

DEFINE_VMEMMAP_HOT_OPS(page_ext)

static void page_ext_memory_cost(const char *params, uint64_t ram_bytes,
				 uint64_t nr_pinned, struct mem_cost *out)
{
	uint64_t pages = ram_bytes >> MODEL_PAGE_SHIFT;
	uint64_t sections = (pages + PAGE_EXT_PAGES_PER_SECTION - 1) >> PAGE_EXT_SECTION_SHIFT;
	double fixed = (double)sections * sizeof(struct page_ext_pin *);

	(void)params;
	(void)nr_pinned;
	*out = (struct mem_cost){
		.page_struct_bytes = sizeof(struct page),
		.extra_per_page = sizeof(struct page_ext_pin),
		.fixed_bytes = fixed,
		.total_extra_bytes = sizeof(struct page_ext_pin) * (double)pages + fixed,
	};
}

static void ext_pinned(struct pin_mem *mem, struct pin_owner *o, struct page *page)
{
	struct page_ext_pin *ext = ext_of(mem, page);

	atomic_store(&ext->owner, o);
	atomic_fetch_add(&ext->pins, 1);
}

static void ext_unpinned(struct pin_mem *mem, struct pin_owner *o, struct page *page, bool last)
{
	struct page_ext_pin *ext = ext_of(mem, page);

	(void)o;
	atomic_fetch_sub(&ext->pins, 1);
	if (last)
		atomic_store(&ext->owner, NULL);
}

static int ext_migrate_unpin(struct pin_mem *mem, struct pin_owner *o, struct page *src)
{
	(void)o;
	return atomic_load(&ext_of(mem, src)->pins);
}

static void ext_migrate_pin(struct pin_mem *mem, struct page *src, struct page *dst)
{
	struct page_ext_pin *from = ext_of(mem, src), *to = ext_of(mem, dst);

	atomic_store(&to->owner, atomic_exchange(&from->owner, NULL));
	atomic_store(&to->pins, atomic_exchange(&from->pins, 0));
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
	return atomic_load(&ext_of(mem, page)->pins) > 0;
}

static long page_ext_pin_count(const struct pin_mem *mem, const struct page *page)
{
	return atomic_load(&ext_of(mem, page)->pins);
}

const struct pin_design_ops page_ext_design = {
	.name = "page-ext",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE | PIN_DESIGN_MOVES_PINNED,
	.summary = "pin owner and count out of line in per-section page_ext arrays; pinned pages move",
	.page_struct_size = sizeof(struct page),
	.init = page_ext_init,
	.fini = page_ext_fini,
	.memory_cost = page_ext_memory_cost,
	DESIGN_HOT_OPS(page_ext),
	NOTED_PIN_OPS(page_ext),
	.maybe_pinned = page_ext_maybe_pinned,
	.pin_count = page_ext_pin_count,
};
