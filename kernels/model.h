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

#endif
