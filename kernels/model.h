/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model.h - the model memory every design is built on.
 *
 * A user-space model of the kernel objects that pin tracking touches:
 * struct page laid out as on x86-64 (include/linux/mm_types.h, v6.12),
 * a vmemmap array of them (SPARSEMEM_VMEMMAP: pfn_to_page is vmemmap + pfn),
 * the 4 KiB frames they describe (so that a migration copies real data),
 * and page owners (a user buffer, an aio ring, an io_uring fixed buffer)
 * whose "page tables" map slots to pages.
 *
 * This header knows nothing of benchmarks.
 */
#ifndef PINBENCH_MODEL_H
#define PINBENCH_MODEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#define MODEL_PAGE_SHIFT 12
#define MODEL_PAGE_SIZE (1ul << MODEL_PAGE_SHIFT)
#define MODEL_PAGEBLOCK_ORDER 9		/* 2 MiB pageblocks, HPAGE_PMD_ORDER */
#define MODEL_MAX_NODES 64

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

/* ---- the model memory -------------------------------------------------- */

struct pin_design_ops;

struct mem_node_range {
	unsigned long start_pfn;
	unsigned long nr_pages;
	int node;		/* NUMA node whose memory backs this range */
};

struct pin_mem_config {
	unsigned long nr_pages;	/* pages in the model (all nodes) */
	int nr_nodes;		/* split pages evenly over this many nodes */
	const int *nodes;	/* the NUMA node of each part (NULL: 0,1,..) */
	bool frames;		/* back pages with 4 KiB frames (NORESERVE) */
	bool hugepages;		/* MADV_HUGEPAGE on the memmap, as vmemmap is */
};

/* Free pages of one node range, for the model's page allocator. */
struct mem_free_area {
	pthread_mutex_t lock;
	unsigned long *pfns;	/* stack of free pfns */
	unsigned long nr_free;
};

struct pin_mem {
	const struct pin_design_ops *ops;
	void *priv;			/* the design's private state */
	char *memmap;			/* vmemmap: nr_pages * stride bytes */
	size_t stride;			/* the design's sizeof(struct page) */
	size_t memmap_bytes;
	unsigned long nr_pages;
	unsigned char *frames;		/* nr_pages * 4 KiB, or NULL */
	size_t frames_bytes;
	int nr_ranges;
	struct mem_node_range range[MODEL_MAX_NODES];
	struct mem_free_area free_area[MODEL_MAX_NODES];
};

/* Frame data of a pfn (mem->frames must exist). */
static inline void *pin_mem_frame(const struct pin_mem *mem, unsigned long pfn)
{
	return mem->frames + (pfn << MODEL_PAGE_SHIFT);
}

/* The memmap entry of pfn, by the design's stride (never a proxy/dynamic). */
static inline struct page *pin_mem_memmap_page(const struct pin_mem *mem,
					       unsigned long pfn)
{
	return (struct page *)(mem->memmap + pfn * mem->stride);
}

/* The range (and so the node) of a pfn, or -1. */
int pin_mem_range_of_pfn(const struct pin_mem *mem, unsigned long pfn);

/* ---- owners: who maps and pins pages ------------------------------------ */

struct pin_owner;

/*
 * What an owner does when one of its pages is moved: the model of
 * struct movable_operations (include/linux/migrate.h) and of aio's
 * address_space_operations.migrate_folio (fs/aio.c).  An owner that has no
 * hook (an anonymous user buffer) leaves them NULL.
 */
struct pin_owner_ops {
	bool (*isolate)(struct pin_owner *o, struct page *page);
	/* Copy and retarget the owner's references from src to dst. */
	int (*migrate)(struct pin_owner *o, struct page *dst, struct page *src);
	void (*putback)(struct pin_owner *o, struct page *page);
};

enum pin_owner_kind {
	OWNER_ANON_BUFFER,	/* O_DIRECT user buffer: short-term pins */
	OWNER_AIO_RING,		/* aio ring pages: mapped, owner can move them */
	OWNER_FIXED_BUFFER,	/* io_uring registered buffer: long-term pins */
};

/*
 * An owner maps nr_slots pages: slots[i] is its "page table entry".
 * A slot holding NULL is unmapped; a slot whose value has bit 0 set is a
 * migration entry (the page is being moved: GUP waits and retries).
 */
struct pin_owner {
	const struct pin_owner_ops *ops;	/* NULL for anon buffers */
	enum pin_owner_kind kind;
	int node;
	size_t nr_slots;
	_Atomic(uintptr_t) *slots;
	pthread_mutex_t lock;			/* the owner's own lock */
	atomic_ulong nr_moved;			/* pages moved by its hooks */
	void *priv;
	struct pin_mem *mem;			/* added: the memory it maps */
	/*
	 * Added by the designs helper: the references this owner handed out
	 * (where each pin's handle is stored, per slot), so that an owner that
	 * moves its own page can retarget them, as aio retargets ring_pages[].
	 * Kept by pin_owner_note_handle(); NULL until the first note.
	 */
	struct owner_handles *handed_out;
};

#define SLOT_MIGRATION_ENTRY 0x1ul

/*
 * Model memory: memmap (per node parts placed with libnuma) and frames.
 * The design's init() is called from here; err gets one line on failure.
 */
int pin_mem_init(struct pin_mem *mem, const struct pin_design_ops *ops,
		 const char *params, const struct pin_mem_config *cfg,
		 char *err, size_t errlen);
void pin_mem_fini(struct pin_mem *mem);

/* Page allocator of the model: refcount 1 on return, NULL when empty. */
struct page *pin_mem_alloc_page(struct pin_mem *mem, int range);
void pin_mem_free_page(struct pin_mem *mem, struct page *page);
unsigned long pin_mem_nr_free(const struct pin_mem *mem, int range);
/* Take a specific free pfn (the compaction model's free scanner). */
struct page *pin_mem_take_free_pfn(struct pin_mem *mem, unsigned long pfn);

/*
 * An owner with nr_slots pages allocated from range and mapped: each page
 * refcount 1 (the mapping), _mapcount 0, mapping = owner | ANON (or
 * | MOVABLE when ops has hooks), index = slot.
 */
int pin_owner_init(struct pin_owner *o, struct pin_mem *mem,
		   enum pin_owner_kind kind, const struct pin_owner_ops *ops,
		   size_t nr_slots, int range);
void pin_owner_fini(struct pin_owner *o, struct pin_mem *mem);
/* The page a slot maps, or NULL (unmapped or under migration). */
struct page *pin_owner_page(const struct pin_owner *o, size_t slot);
/* The owner a page belongs to (page->mapping without its low bits). */
struct pin_owner *page_owner_of(const struct page *page);

/* ---- added by the designs helper (additive) ------------------------------ */

/* pfn of a memmap page: (page - vmemmap) / stride, a shift when stride is 64. */
static inline unsigned long pin_mem_memmap_pfn(const struct pin_mem *mem,
					       const struct page *page)
{
	return (unsigned long)((const char *)page - mem->memmap) / mem->stride;
}

/* Is p a memmap page of mem (not a proxy, not a dynamic page)? */
static inline bool pin_mem_is_memmap_page(const struct pin_mem *mem, const void *p)
{
	const char *c = p;

	return c >= mem->memmap && c < mem->memmap + mem->nr_pages * mem->stride &&
	       (size_t)(c - mem->memmap) % mem->stride == 0;
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

/* Copy the 4 KiB frame of src to dst (memmap pages; no-op without frames). */
void pin_mem_copy_frame(struct pin_mem *mem, struct page *dst, struct page *src);

/* Map page into slot of o: mapping, index, _mapcount 0, PG_lru (anon). */
void pin_owner_map_page(struct pin_owner *o, struct page *page, size_t slot);
/* Make page o's (mapping and index) without publishing it in the slot yet. */
void pin_owner_adopt_page(struct pin_owner *o, struct page *page, size_t slot);

/* Give a folio whose refcount reached zero back to the allocator. */
void pin_mem_free_folio(struct pin_mem *mem, struct page *head);

/* Drop nr references; frees the page (its folio) to the allocator at zero. */
bool pin_mem_put_refs(struct pin_mem *mem, struct page *page, int nr);

/*
 * Isolation for migration, as isolate_migratepages_block() does in
 * mm/compaction.c: a reference (+1) and PG_lru cleared for an LRU page, or
 * PG_isolated set and owner->ops->isolate() for a non-LRU movable page
 * (isolate_movable_page, mm/migrate.c).  False: not isolatable now.
 */
bool pin_mem_isolate(struct pin_mem *mem, struct page *page);
/* Undo an isolation after a failed migrate() (putback_movable_pages). */
void pin_mem_putback(struct pin_mem *mem, struct page *page);

/*
 * Make the 2^order allocated, physically consecutive pages from head one
 * large folio (prep_compound_page): tails point at head, their references
 * move to the head, _pincount (in page[1]) starts at 0.  0 or -EINVAL.
 */
int pin_mem_prep_folio(struct pin_mem *mem, struct page *head, unsigned int order);
/* folio_order(): kept in page[1] (the next memmap entry) as the kernel does. */
static inline unsigned int page_folio_order(const struct pin_mem *mem,
					    const struct page *head)
{
	const struct page *second = (const struct page *)((const char *)head + mem->stride);

	return page_test_flag(head, PG_head) ? second->compound_order : 0;
}

/* The _pincount of a large folio (in page[1]); NULL for a small page. */
static inline atomic_int *page_folio_pincount(const struct pin_mem *mem,
					      const struct page *head)
{
	struct page *second = (struct page *)((const char *)head + mem->stride);

	return page_test_flag(head, PG_head) ? &second->_pincount : NULL;
}

/* GUP's page table walk for one slot (mm/gup.c gup_fast_pte_range): the
 * page with nr references added, waiting out migration entries; NULL if the
 * slot is unmapped.  The references go to the folio head. */
struct page *pin_owner_grab_slot(struct pin_owner *o, size_t slot, int nr);

/*
 * The owner's record of the handles it gave out (owner->lock held):
 * note/forget where a handle for slot is stored; retarget every noted
 * handle of slot to page; how many are noted.
 */
int pin_owner_note_handle(struct pin_owner *o, size_t slot, struct page **where);
void pin_owner_forget_handle(struct pin_owner *o, size_t slot, struct page **where);
void pin_owner_retarget_handles(struct pin_owner *o, size_t slot, struct page *page);
int pin_owner_nr_handles(const struct pin_owner *o, size_t slot);

/*
 * Hooks of an owner that moves its own pages, modelled on fs/aio.c
 * aio_migrate_folio(): under the owner's lock, check the slot still maps
 * src, freeze src at the references the owner accounts for (mapping,
 * isolation and the handles it noted), copy the frame, retarget the slot
 * and every noted handle to dst.  -EAGAIN when others hold references.
 */
extern const struct pin_owner_ops pin_owner_ring_ops;

#endif
