/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/alloc.h - the model's page allocator: a stack of free
 * pfns per node range.
 */
#ifndef PINBENCH_MODEL_ALLOC_H
#define PINBENCH_MODEL_ALLOC_H

#include "kernels/model/memmap.h"

/* Page allocator of the model: refcount 1 on return, NULL when empty. */
struct page *pin_mem_alloc_page(struct pin_mem *mem, int range);
void pin_mem_free_page(struct pin_mem *mem, struct page *page);
unsigned long pin_mem_nr_free(const struct pin_mem *mem, int range);
/* Take a specific free pfn (the compaction model's free scanner). */
struct page *pin_mem_take_free_pfn(struct pin_mem *mem, unsigned long pfn);

/*
 * For kernels/model/setup.c: every page of range r (mem->range[r] set)
 * made free and put on its stack, the stack on the range's node; and
 * the stack given back.  0 or -ENOMEM.
 */
int pin_mem_free_area_init(struct pin_mem *mem, int r);
void pin_mem_free_area_fini(struct pin_mem *mem, int r);

#endif
