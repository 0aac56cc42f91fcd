/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/page.h - struct page as on x86-64 and the operations on
 * one page that every design shares: its flags and its reference count.
 */
#ifndef PINBENCH_MODEL_PAGE_H
#define PINBENCH_MODEL_PAGE_H

#include <stdatomic.h>
#include <stdbool.h>

#define MODEL_PAGE_SHIFT 12
#define MODEL_PAGE_SIZE (1ul << MODEL_PAGE_SHIFT)
#define MODEL_PAGEBLOCK_ORDER 9		/* 2 MiB pageblocks, HPAGE_PMD_ORDER */

struct list_head {
	struct list_head *next, *prev;
};

/*
 * struct page, x86-64, include/linux/mm_types.h: 64 bytes.
 * flags; a 40-byte union (lru, mapping, index, private for page cache and
 * anon pages; compound_head for tail pages); _mapcount; _refcount;
 * memcg_data.
 */
struct page {
	unsigned long flags;
	union {
		struct {
			struct list_head lru;
			void *mapping;		/* owner | PAGE_MAPPING_* bits */
			unsigned long index;	/* slot in the owner */
			unsigned long private;
		};
		struct {
			unsigned long compound_head;	/* bit 0: tail page */
			unsigned char compound_order;	/* in page[1] */
			atomic_int _pincount;		/* in page[1], folio */
		};
	};
	atomic_int _mapcount;		/* -1 when unmapped, as in the kernel */
	atomic_int _refcount;
	unsigned long memcg_data;
};
_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes");

/* Low bits of page->mapping (include/linux/page-flags.h). */
#define PAGE_MAPPING_ANON	0x1ul
#define PAGE_MAPPING_MOVABLE	0x2ul
#define PAGE_MAPPING_FLAGS	0x3ul

/* Model page flags: bit numbers in page->flags. */
enum model_pageflags {
	PG_locked,
	PG_lru,			/* on an LRU list: migratable by compaction */
	PG_head,		/* first page of a large folio */
	PG_buddy,		/* free, in the model's free lists */
	PG_isolated,		/* isolated for migration (movable-ops) */
	PG_pinned,		/* pinhash: the page has a hash entry */
	PG_dynamic,		/* dynamic-page: page is a struct dynamic_page */
	PG_proxied,		/* proxy: a proxy object refers to the page */
	PG_design0,		/* free for a design's own use */
	PG_design1,
	PG_nr_model_flags
};

static inline bool page_test_flag(const struct page *p, int bit)
{
	return __atomic_load_n(&p->flags, __ATOMIC_RELAXED) & (1ul << bit);
}

static inline void page_set_flag(struct page *p, int bit)
{
	__atomic_fetch_or(&p->flags, 1ul << bit, __ATOMIC_RELEASE);
}

static inline void page_clear_flag(struct page *p, int bit)
{
	__atomic_fetch_and(&p->flags, ~(1ul << bit), __ATOMIC_RELEASE);
}

static inline bool page_test_and_set_flag(struct page *p, int bit)
{
	return __atomic_fetch_or(&p->flags, 1ul << bit, __ATOMIC_ACQ_REL) & (1ul << bit);
}

/* include/linux/page_ref.h: the refcount operations the designs share. */
static inline int page_ref_count(const struct page *page)
{
	return atomic_load_explicit(&page->_refcount, memory_order_relaxed);
}

/* folio_ref_try_add (page_ref_add_unless(page, nr, 0)): fails when frozen. */
static inline bool page_ref_try_add(struct page *page, int nr)
{
	int old = atomic_load_explicit(&page->_refcount, memory_order_relaxed);

	do {
		if (old == 0)
			return false;
	} while (!atomic_compare_exchange_weak_explicit(&page->_refcount, &old, old + nr,
							memory_order_acquire,
							memory_order_relaxed));
	return true;
}

/* folio_ref_freeze: expected -> 0 or nothing (mm/migrate.c relies on it). */
static inline bool page_ref_freeze(struct page *page, int expected)
{
	return atomic_compare_exchange_strong_explicit(&page->_refcount, &expected, 0,
						       memory_order_acq_rel,
						       memory_order_relaxed);
}

/* The head page of the folio a page belongs to (page_folio / compound_head). */
static inline struct page *page_folio_head(struct page *page)
{
	unsigned long head = __atomic_load_n(&page->compound_head, __ATOMIC_RELAXED);

	return (head & 1) ? (struct page *)(head - 1) : page;
}

#endif
