// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/alloc.c - the page allocator: a stack of free pfns per
 * node range, each free page's position in its stack in page->private so
 * that a given pfn can be taken out (the compaction model's free scanner).
 */
#include "kernels/model/alloc.h"

#include <errno.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>

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

int pin_mem_free_area_init(struct pin_mem *mem, int r)
{
	struct mem_free_area *fa = &mem->free_area[r];
	unsigned long start = mem->range[r].start_pfn, nr = mem->range[r].nr_pages;
	int node = mem->range[r].node;

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

void pin_mem_free_area_fini(struct pin_mem *mem, int r)
{
	struct mem_free_area *fa = &mem->free_area[r];

	if (numa_available() < 0)
		free(fa->pfns);
	else if (fa->pfns)
		numa_free(fa->pfns, mem->range[r].nr_pages * sizeof(*fa->pfns));
	pthread_mutex_destroy(&fa->lock);
}

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
