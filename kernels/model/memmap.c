// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/memmap.c - the memmap, the frames and their node ranges.
 *
 * The memmap is one virtual array (as vmemmap is, arch/x86/mm/init_64.c
 * vmemmap_populate) whose per-node parts are bound to their node with
 * libnuma, the way each node's part of the kernel's vmemmap is allocated
 * from that node.  Frames and memmap are MAP_NORESERVE so that a model of
 * a large machine costs only what a benchmark touches.
 */
#include "kernels/model/memmap.h"

#include <errno.h>
#include <numa.h>
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

int pin_mem_map(struct pin_mem *mem, const struct pin_mem_config *cfg)
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

void pin_mem_place_range(struct pin_mem *mem, int r)
{
	const struct mem_node_range *rg = &mem->range[r];

	place_on_node(mem->memmap, rg->start_pfn * mem->stride, rg->nr_pages * mem->stride,
		      rg->node);
	if (mem->frames)
		place_on_node((char *)mem->frames, rg->start_pfn << MODEL_PAGE_SHIFT,
			      rg->nr_pages << MODEL_PAGE_SHIFT, rg->node);
}

void pin_mem_unmap(struct pin_mem *mem)
{
	if (mem->memmap)
		munmap(mem->memmap, mem->memmap_bytes);
	if (mem->frames)
		munmap(mem->frames, mem->frames_bytes);
}

int pin_mem_range_of_pfn(const struct pin_mem *mem, unsigned long pfn)
{
	for (int r = 0; r < mem->nr_ranges; r++)
		if (pfn - mem->range[r].start_pfn < mem->range[r].nr_pages)
			return r;
	return -1;
}

void pin_mem_copy_frame(struct pin_mem *mem, struct page *dst, struct page *src)
{
	if (mem->frames)
		memcpy(pin_mem_frame(mem, pin_mem_memmap_pfn(mem, dst)),
		       pin_mem_frame(mem, pin_mem_memmap_pfn(mem, src)), MODEL_PAGE_SIZE);
}
