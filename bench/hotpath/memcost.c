// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/memcost.c - memory cost of each design (see memcost.h).
 *
 * Today's figure, for the record: struct page is 64 B per 4 KiB page
 * (include/linux/mm_types.h, v6.12, x86-64), 1.5625% of RAM or 16 GiB per
 * TiB; Tang Chen's two callbacks would add 16 B: +0.39%, +4 GiB per TiB.
 */
#include "hotpath/memcost.h"

#include "core/bench.h"
#include "hotpath/sweep.h"
#include "kernels/pin_design.h"

#include <math.h>
#include <stdio.h>

#define GIB_PER_TIB 1024.0

void memcost_from(const struct mem_cost *cost, uint64_t ram_bytes, struct memcost_row *out)
{
	double pages = (double)(ram_bytes / MODEL_PAGE_SIZE);
	double extra = pages > 0 ? cost->total_extra_bytes / pages : NAN;
	double share_per_byte = 1.0 / (double)MODEL_PAGE_SIZE;

	out->pages = pages;
	out->extra_bytes_per_page = extra;
	out->bytes_per_page = (double)HP_PAGE_STRUCT_BYTES + extra;
	out->pct_ram = 100.0 * out->bytes_per_page * share_per_byte;
	out->extra_pct_ram = 100.0 * extra * share_per_byte;
	out->gib_per_tib = GIB_PER_TIB * out->bytes_per_page * share_per_byte;
	out->extra_gib_per_tib = GIB_PER_TIB * extra * share_per_byte;
}

static void record_one(struct bench_ctx *ctx, const char *design, const char *case_,
		       const char *metric, const char *unit, double value)
{
	const struct result_key key = { design, case_, metric, unit, BETTER_LOWER };

	bench_record(ctx, &key, 0, value);
}

void memcost_record(struct bench_ctx *ctx, const char *design,
		    const struct pin_design_ops *ops, const char *params,
		    uint64_t ram_bytes, double pinned_pct)
{
	struct mem_cost cost = { 0 };
	struct memcost_row row;
	char ram[32], case_[96];
	uint64_t pins = (uint64_t)llround((double)(ram_bytes / MODEL_PAGE_SIZE) *
					  pinned_pct / 100.0);

	ops->memory_cost(params, ram_bytes, pins, &cost);
	memcost_from(&cost, ram_bytes, &row);
	bytes_format(ram_bytes, ram, sizeof(ram));
	snprintf(case_, sizeof(case_), "op=memory,ram=%s,pinned=%g%%", ram, pinned_pct);
	record_one(ctx, design, case_, "bytes_per_page", "B", row.bytes_per_page);
	record_one(ctx, design, case_, "extra_bytes_per_page", "B", row.extra_bytes_per_page);
	record_one(ctx, design, case_, "pct_ram", "%", row.pct_ram);
	record_one(ctx, design, case_, "extra_pct_ram", "%", row.extra_pct_ram);
	record_one(ctx, design, case_, "gib_per_tib", "GiB", row.gib_per_tib);
	record_one(ctx, design, case_, "extra_gib_per_tib", "GiB", row.extra_gib_per_tib);
	record_one(ctx, design, case_, "struct_page_bytes", "B", cost.page_struct_bytes);
}
