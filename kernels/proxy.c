// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/proxy.c - GUP hands out proxies (Dan Williams, after Dave Hansen,
 * LKML Dec 2018, "[PATCH 0/2] put_user_page*(): start converting..." thread).
 *
 * A pinned page is given out as a "struct page *" with bit 0 set that in
 * truth points to a proxy object (struct gup_proxy, design_structs.h), one
 * per pinned page, allocated on the page's node.  Everything that may see
 * such a pointer tests the bit and chases it: page_to_pfn(), get_page(),
 * put_page() ("adds a conditional branch and pointer chase to many page
 * operations").  The proxy holds one reference on the page and counts pins
 * itself, so migration can move a pinned page: it freezes the page at that
 * one reference and retargets the proxy.  The memmap page keeps its proxy
 * in page->private, flagged PG_proxied.
 */
#include "kernels/design_lib.h"
#include "kernels/design_structs.h"

#include <stdio.h>
#include <stdlib.h>

#define PROXY_TAG 1ul

struct proxy_state {
	int nr_pools;
	struct obj_pool pool[];		/* one per node range */
};

static inline struct gup_proxy *proxy_of_handle(const struct page *handle)
{
	return (struct gup_proxy *)((uintptr_t)handle - PROXY_TAG);
}

static inline bool is_proxy(const struct page *handle)
{
	return (uintptr_t)handle & PROXY_TAG;
}

/*
 * A kernel page_to_pfn() of a proxy would READ_ONCE() the pointer: nothing
 * is read through it, only its distance from vmemmap is taken.  With an
 * acquire load (as before) gcc reloaded the vmemmap base every page ("sub
 * 0x10(%rdi),%rax" in the batch loop); with READ_ONCE the base stays in a
 * register: "mov (%rsi),%rax; test $0x1,%al; je; mov -0x1(%rax),%rax; sub
 * %rdi,%rax; sar $0x6,%rax" (gcc 12 -O2, objdump -d proxy.o).
 */
static inline unsigned long proxy_pfn_of(const struct pin_mem *mem, const struct page *page)
{
	if (is_proxy(page))
		page = READ_ONCE_AS(struct page *, proxy_of_handle(page)->page);
	return vmemmap_page_to_pfn(mem, page);
}

static inline struct page *proxy_page_of(const struct pin_mem *mem, unsigned long pfn)
{
	return vmemmap_pfn_to_page(mem, pfn);
}

static inline void proxy_get(struct pin_mem *mem, struct page *page)
{
	(void)mem;
	if (is_proxy(page))
		atomic_fetch_add_explicit(&proxy_of_handle(page)->refs, 1, memory_order_relaxed);
	else
		folio_get_page(page);
}

static const struct indirect_hooks proxy_hooks;

static inline bool proxy_put(struct pin_mem *mem, struct page *page)
{
	struct gup_proxy *proxy;

	if (!is_proxy(page))
		return folio_put_page(mem, page);
	proxy = proxy_of_handle(page);
	if (atomic_fetch_sub_explicit(&proxy->refs, 1, memory_order_acq_rel) != 1)
		return false;
	design_release_indirect(mem, proxy, &proxy_hooks);
	return true;
}

DEFINE_DESIGN_HOT_OPS(proxy)

/* ---- the proxy objects -------------------------------------------------- */

static void *proxy_lookup(struct pin_mem *mem, struct page *page)
{
	(void)mem;
	if (!page_test_flag(page, PG_proxied))
		return NULL;
	return (void *)__atomic_load_n(&page->private, __ATOMIC_ACQUIRE);
}

static void proxy_attach(struct gup_proxy *proxy, struct page *page)
{
	atomic_store_explicit(&proxy->page, page, memory_order_release);
	__atomic_store_n(&page->private, (unsigned long)proxy, __ATOMIC_RELEASE);
	page_set_flag(page, PG_proxied);
}

static void *proxy_create(struct pin_mem *mem, struct page *page)
{
	struct proxy_state *st = mem->priv;
	int r = pin_mem_range_of_pfn(mem, vmemmap_page_to_pfn(mem, page));
	struct gup_proxy *proxy = obj_pool_alloc(&st->pool[r]);

	if (!proxy)
		return NULL;
	proxy->node = r;
	atomic_store(&proxy->refs, 1);
	proxy_attach(proxy, page);
	return (void *)((uintptr_t)proxy);
}

static void proxy_detach(struct pin_mem *mem, void *obj, struct page *page)
{
	(void)mem;
	(void)obj;
	page_clear_flag(page, PG_proxied);
	__atomic_store_n(&page->private, 0, __ATOMIC_RELEASE);
}

static void proxy_destroy(struct pin_mem *mem, void *obj)
{
	struct proxy_state *st = mem->priv;
	struct gup_proxy *proxy = obj;

	obj_pool_free(&st->pool[proxy->node], proxy);
}

static atomic_int *proxy_count(void *obj)
{
	return &((struct gup_proxy *)obj)->refs;
}

static struct page *proxy_page(struct pin_mem *mem, void *obj)
{
	(void)mem;
	return atomic_load_explicit(&((struct gup_proxy *)obj)->page, memory_order_acquire);
}

static void proxy_retarget(struct pin_mem *mem, void *obj, struct page *src, struct page *dst)
{
	proxy_detach(mem, obj, src);
	proxy_attach(obj, dst);
}

static struct page *proxy_handle(void *obj)
{
	return (struct page *)((uintptr_t)obj | PROXY_TAG);
}

static const struct indirect_hooks proxy_hooks = {
	.lookup = proxy_lookup,
	.create = proxy_create,
	.detach = proxy_detach,
	.destroy = proxy_destroy,
	.count = proxy_count,
	.page = proxy_page,
	.retarget = proxy_retarget,
	.handle = proxy_handle,
};

/* ---- the design ----------------------------------------------------------- */

static void proxy_fini(struct pin_mem *mem)
{
	struct proxy_state *st = mem->priv;

	for (int r = 0; st && r < st->nr_pools; r++)
		obj_pool_fini(&st->pool[r]);
	free(st);
	mem->priv = NULL;
}

static int proxy_init(struct pin_mem *mem, const struct pin_design_args *args,
		      char *err, size_t errlen)
{
	struct proxy_state *st = calloc(1, sizeof(*st) + mem->nr_ranges * sizeof(st->pool[0]));

	(void)args;
	mem->priv = st;
	for (int r = 0; st && r < mem->nr_ranges; r++, st->nr_pools = r)
		if (obj_pool_init(&st->pool[r], sizeof(struct gup_proxy),
				  offsetof(struct gup_proxy, next_free), mem->range[r].node))
			break;
	if (st && st->nr_pools == mem->nr_ranges)
		return 0;
	snprintf(err, errlen, "proxy: cannot set up the proxy pools");
	proxy_fini(mem);
	return -ENOMEM;
}

static void proxy_memory_cost(const char *params, uint64_t ram_bytes,
			      uint64_t nr_pinned, struct mem_cost *out)
{
	(void)params;
	(void)ram_bytes;
	*out = (struct mem_cost){
		.page_struct_bytes = sizeof(struct page),
		.per_pin_bytes = sizeof(struct gup_proxy),
		.total_extra_bytes = sizeof(struct gup_proxy) * (double)nr_pinned,
	};
}

DEFINE_INDIRECT_PIN_OPS(proxy, &proxy_hooks, PG_proxied)

const struct pin_design_ops proxy_design = {
	.name = "proxy",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE | PIN_DESIGN_MOVES_PINNED |
		 PIN_DESIGN_SMALL_FOLIOS_ONLY,
	.summary = "GUP returns tagged pointers to per-node proxies; page_to_pfn/put_page test bit 0 and chase",
	.page_struct_size = sizeof(struct page),
	.init = proxy_init,
	.fini = proxy_fini,
	.memory_cost = proxy_memory_cost,
	DESIGN_HOT_OPS(proxy),
	INDIRECT_PIN_OPS(proxy),
};
