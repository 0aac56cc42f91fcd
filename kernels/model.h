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
 * One header per idea under kernels/model/, each with its .c file:
 *   page.h      struct page, its flags and reference count (inline only)
 *   memmap.h    struct pin_mem: memmap, frames, NUMA node ranges
 *   setup.h     pin_mem_init/fini: the memory and the design put together
 *   alloc.h     the page allocator: a free stack per range
 *   folio.h     large folios, the last reference
 *   isolate.h   isolation for migration and putback
 *   owner.h     owners, their slots, GUP's walk of a slot
 *   handles.h   the handles an owner gave out
 *   aio_ring.h  an owner that moves its own pages (fs/aio.c)
 *
 * This header knows nothing of benchmarks.
 */
#ifndef PINBENCH_MODEL_H
#define PINBENCH_MODEL_H

#include "kernels/model/page.h"
#include "kernels/model/memmap.h"
#include "kernels/model/setup.h"
#include "kernels/model/alloc.h"
#include "kernels/model/folio.h"
#include "kernels/model/isolate.h"
#include "kernels/model/owner.h"
#include "kernels/model/handles.h"
#include "kernels/model/aio_ring.h"

#endif
