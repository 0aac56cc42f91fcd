/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/design_structs.h - the data structures the designs add, in one
 * place so that their memory cost can be checked against sizeof() (the
 * conformance test does).  Knows nothing of benchmarks.
 */
#ifndef PINBENCH_DESIGN_STRUCTS_H
#define PINBENCH_DESIGN_STRUCTS_H

#include "kernels/model.h"

/*
 * page-callbacks: struct page with the two callbacks Mel Gorman suggested
 * and Tang Chen took up (LKML, May 2013, "migrate_unpin() and migrate_pin()
 * callbacks", lkml.org 1305.2/02354): the pinner gives up its pins before
 * a migration and re-takes them on the new page after.  LaHaise: "2
 * function pointers would be 16 bytes per page on a 64 bit system".
 */
struct cb_page {
	struct page page;
	int (*migrate_unpin)(struct pin_mem *mem, struct pin_owner *o, struct page *page);
	void (*migrate_pin)(struct pin_mem *mem, struct page *old, struct page *new);
};
_Static_assert(sizeof(struct cb_page) == 80, "page-callbacks: 64 + 16 bytes");

/*
 * page-ext (mm/page_ext.c, include/linux/page_ext.h, include/linux/mmzone.h,
 * v6.12, SPARSEMEM_EXTREME as x86-64 builds it): struct page_ext is a
 * flags word; each client's data follows at the offset its
 * page_ext_operations got at boot, and one entry is page_ext_size bytes,
 * a value known at run time.  Here the one client is the pin owner and
 * count (page_ext_pin: the entry's layout, 24 bytes).
 */
struct page_ext {
	unsigned long flags;
};

struct page_ext_pin_data {
	_Atomic(struct pin_owner *) owner;	/* who pins it */
	atomic_int pins;
};

struct page_ext_pin {
	struct page_ext ext;
	struct page_ext_pin_data data;
};

#define PAGE_EXT_SECTION_SHIFT 15	/* SECTION_SIZE_BITS 27 - PAGE_SHIFT, x86-64 */
#define PAGE_EXT_PAGES_PER_SECTION (1ul << PAGE_EXT_SECTION_SHIFT)
#define PAGE_EXT_INVALID 0x1ul		/* low bit of mem_section.page_ext: offline */

/*
 * struct mem_section with CONFIG_PAGE_EXTENSION: 32 bytes, page_ext and
 * pad being what page_ext adds.  page_ext holds the section's array base
 * minus page_ext_size * its first pfn, so get_entry() indexes by the pfn.
 */
struct mem_section {
	unsigned long section_mem_map;
	void *usage;
	struct page_ext *page_ext;
	unsigned long pad;
};
#define SECTIONS_PER_ROOT (4096 / sizeof(struct mem_section))	/* PAGE_SIZE / ... */
#define NR_SECTION_ROOTS ((1ul << (46 - 27)) / SECTIONS_PER_ROOT)	/* 4-level MAX_PHYSMEM_BITS */

struct page_ext_state {
	unsigned long page_ext_size;	/* the global page_ext_size */
	size_t pin_offset;		/* the client's page_ext_operations.offset */
	struct mem_section **mem_section;	/* NR_SECTION_ROOTS roots, each allocated as needed */
	unsigned long nr_sections;
	void **section_base;		/* each section's array, as allocated */
};

/*
 * proxy: what GUP hands out instead of the struct page (Dan Williams, after
 * Dave Hansen, Dec 2018): one per pinned page, on the page's node, with
 * its own count.  It holds one reference on the page it stands for.
 */
struct gup_proxy {
	_Atomic(struct page *) page;	/* the memmap page; retargeted on migration */
	atomic_int refs;		/* pins and gets through the proxy */
	int node;			/* pool it came from */
	struct gup_proxy *next_free;
};

/*
 * dynamic-page (Matthew Wilcox, Dec 2018): "struct dynamic_page { struct
 * page; unsigned long vaddr; unsigned long pfn; ... }", flagged in the
 * embedded page; pfn_to_page() finds it through an auxiliary pfn map.
 */
struct dynamic_page {
	struct page page;		/* PG_dynamic; its _refcount counts pins */
	unsigned long vaddr;
	_Atomic unsigned long pfn;	/* the frame it describes; changes on migration */
	struct dynamic_page *hash_next;	/* chain in the pfn -> dynamic_page map */
	int node;
};

/*
 * foll-pin's node counters NR_FOLL_PIN_ACQUIRED/RELEASED, kept as mm/vmstat.c
 * (v6.12) keeps every node stat: per node (struct pglist_data) an
 * atomic_long vm_stat[] and, per CPU, struct per_cpu_nodestat { s8
 * stat_threshold; s8 vm_node_stat_diff[] }, a CPU's diff folded into the
 * node's and the global vm_node_stat[] once it passes the threshold.  A
 * "CPU" here is a slot per live thread; each CPU's per-cpu area is apart
 * from the others', hence a cache line per slot.  The exact count is
 * vm_stat plus every slot's diff (what /proc/sys/vm/stat_refresh folds).
 */
enum { NR_FOLL_PIN_ACQUIRED, NR_FOLL_PIN_RELEASED, NR_FOLL_PIN_ITEMS };
#define VMSTAT_MODEL_CPUS 512	/* thread slots; more live threads share none */

struct per_cpu_nodestat {
	signed char stat_threshold;
	signed char vm_node_stat_diff[NR_FOLL_PIN_ITEMS];
} __attribute__((aligned(64)));

struct foll_pin_node_stats {
	atomic_long vm_stat[NR_FOLL_PIN_ITEMS];		/* pgdat->vm_stat[] */
	struct per_cpu_nodestat pcp[VMSTAT_MODEL_CPUS];	/* pgdat->per_cpu_nodestats */
};

struct foll_pin_state {
	bool counters;				/* param counters=1: update them */
	int nr_nodes;
	atomic_long vm_node_stat[NR_FOLL_PIN_ITEMS];	/* the global sums */
	struct foll_pin_node_stats *node;	/* one per node range */
};

#endif
