/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/memmap.h - the model memory: a vmemmap array of struct
 * pages (SPARSEMEM_VMEMMAP: pfn_to_page is vmemmap + pfn) in one range per
 * NUMA node, and the 4 KiB frames they describe (so that a migration
 * copies real data).
 */
#ifndef PINBENCH_MODEL_MEMMAP_H
#define PINBENCH_MODEL_MEMMAP_H

#include "kernels/model/page.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define MODEL_MAX_NODES 64

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

/* The range (and so the node) of a pfn, or -1. */
int pin_mem_range_of_pfn(const struct pin_mem *mem, unsigned long pfn);

/* Copy the 4 KiB frame of src to dst (memmap pages; no-op without frames). */
void pin_mem_copy_frame(struct pin_mem *mem, struct page *dst, struct page *src);

/*
 * For kernels/model/setup.c: map the memmap (mem->stride, mem->nr_pages
 * set) and the frames; bind range r's part of both to its node; unmap.
 */
int pin_mem_map(struct pin_mem *mem, const struct pin_mem_config *cfg);
void pin_mem_place_range(struct pin_mem *mem, int r);
void pin_mem_unmap(struct pin_mem *mem);

#endif
