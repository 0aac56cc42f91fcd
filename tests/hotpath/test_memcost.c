// SPDX-License-Identifier: GPL-2.0
/*
 * tests/hotpath/test_memcost.c - the memory-cost arithmetic of the hotpath
 * benchmark's `op=memory` rows, against figures worked out by hand:
 * 64 B per 4 KiB page is 1.5625% of RAM and 16 GiB per TiB; 16 B more
 * (two callback pointers) is +0.390625% and +4 GiB per TiB.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "hotpath/memcost.h"
#include "kernels/pin_design.h"

#define GIB (1024.0 * 1024 * 1024)
#define TIB_BYTES (1ull << 40)
#define EPS 1e-9

/* cmocka 1.1 compares only floats: doubles need their own check. */
#define assert_near(a, b, eps) do {					\
	double a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= (eps)))					\
		fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);	\
} while (0)

/* The whole row against hand figures. */
static void expect_row(const struct memcost_row *r, double bytes, double extra,
		       double pct, double extra_pct, double gib, double extra_gib)
{
	assert_near(r->bytes_per_page, bytes, EPS);
	assert_near(r->extra_bytes_per_page, extra, EPS);
	assert_near(r->pct_ram, pct, EPS);
	assert_near(r->extra_pct_ram, extra_pct, EPS);
	assert_near(r->gib_per_tib, gib, EPS);
	assert_near(r->extra_gib_per_tib, extra_gib, EPS);
}

static void test_today(void **state)
{
	struct mem_cost c = { .page_struct_bytes = 64 };
	struct memcost_row r;

	(void)state;
	memcost_from(&c, TIB_BYTES, &r);
	assert_near(r.pages, 268435456.0, EPS);
	expect_row(&r, 64, 0, 1.5625, 0, 16, 0);
}

/* Tang Chen's two callback pointers, on this machine's 24 GiB. */
static void test_sixteen_bytes_per_page(void **state)
{
	uint64_t ram = 24ull << 30;
	struct mem_cost c = { .page_struct_bytes = 80, .extra_per_page = 16,
			      .total_extra_bytes = 16 * (double)(ram / 4096) };
	struct memcost_row r;

	(void)state;
	memcost_from(&c, ram, &r);
	expect_row(&r, 80, 16, 1.953125, 0.390625, 20, 4);
}

/* Per-pin and fixed costs are spread over every page of the machine. */
static void test_per_pin_and_fixed(void **state)
{
	double pages = (double)(TIB_BYTES / 4096);
	double pins = pages / 100;		/* 1% pinned */
	struct mem_cost c = { .page_struct_bytes = 64, .per_pin_bytes = 48,
			      .fixed_bytes = 1 << 20 };
	struct memcost_row r;

	(void)state;
	c.total_extra_bytes = 48 * pins + (1 << 20);
	memcost_from(&c, TIB_BYTES, &r);
	/* 0.48 B per page for the pins, 1 MiB / 2^28 pages = 1/256 B fixed */
	assert_near(r.extra_bytes_per_page, 0.48 + 1.0 / 256, EPS);
	assert_near(r.extra_gib_per_tib, (48 * pins + (1 << 20)) / GIB, 1e-6);
	assert_near(r.pct_ram, 100 * (64 + 0.48 + 1.0 / 256) / 4096, EPS);
}

/* RAM that is not a whole number of pages counts whole pages only. */
static void test_partial_page(void **state)
{
	struct mem_cost c = { .page_struct_bytes = 64, .total_extra_bytes = 4096 };
	struct memcost_row r;

	(void)state;
	memcost_from(&c, 4096 * 4 + 100, &r);
	assert_near(r.pages, 4, EPS);
	assert_near(r.extra_bytes_per_page, 1024, EPS);
	assert_near(r.bytes_per_page, 64 + 1024, EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_sixteen_bytes_per_page),
		cmocka_unit_test(test_per_pin_and_fixed),
		cmocka_unit_test(test_partial_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
