/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/hotpath/memcost.h - what each design's page tracking costs in RAM: the
 * `op=memory` rows of the hotpath benchmark.  The arithmetic is apart from
 * the recording so that tests can check it.
 */
#ifndef PINBENCH_MEMCOST_H
#define PINBENCH_MEMCOST_H

#include <stdint.h>

struct mem_cost;
struct bench_ctx;
struct pin_design_ops;

/* The figures of one design for one RAM size and pin count. */
struct memcost_row {
	double pages;			/* 4 KiB pages in ram */
	double bytes_per_page;		/* all page tracking: 64 B today */
	double extra_bytes_per_page;	/* beyond today's 64 B */
	double pct_ram;			/* bytes_per_page as % of a 4 KiB page */
	double extra_pct_ram;
	double gib_per_tib;		/* GiB of tracking per TiB of RAM */
	double extra_gib_per_tib;
};

/* From a design's mem_cost for ram_bytes; pages = ram_bytes / 4 KiB. */
void memcost_from(const struct mem_cost *cost, uint64_t ram_bytes, struct memcost_row *out);

/*
 * Record the rows of one design (spec params) for ram_bytes with
 * pinned_pct % of its pages pinned.
 */
void memcost_record(struct bench_ctx *ctx, const char *design,
		    const struct pin_design_ops *ops, const char *params,
		    uint64_t ram_bytes, double pinned_pct);

#endif
