// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kernels/test_pinhash_design.c - what the conformance suite does not see of
 * the pinhash design: its params, the table it keeps (buckets through the
 * ops table equal the hash functions', chains count the pinned pages,
 * per-node tables number their buckets one after another), PG_pinned
 * following the entries through a migration, lock statistics, and
 * lockless lookups (lock=rht) racing writers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/pin_design.h"
#include "kernels/pinhash_hash.h"
#include "kernels/pinhash_table.h"

#define NR_PAGES 1024
#define NR_SLOTS 64

struct fx {
	const struct pin_design_ops *ops;
	struct pin_mem mem;
	struct pin_owner anon, ring;
};

/* nodes memory ranges, all on NUMA node 0: this must run on one-node machines. */
static void fx_open(struct fx *f, const char *spec, int nodes)
{
	static const int node0[MODEL_MAX_NODES];
	struct pin_mem_config cfg = { .nr_pages = NR_PAGES, .nr_nodes = nodes, .nodes = node0,
				      .frames = true };
	const char *params = "";
	char err[256] = "";

	f->ops = pin_design_find(spec, &params);
	assert_non_null(f->ops);
	assert_int_equal(pin_mem_init(&f->mem, f->ops, params, &cfg, err, sizeof(err)), 0);
	assert_int_equal(pin_owner_init(&f->anon, &f->mem, OWNER_ANON_BUFFER, NULL, NR_SLOTS, 0), 0);
	assert_int_equal(pin_owner_init(&f->ring, &f->mem, OWNER_AIO_RING, &pin_owner_ring_ops,
					NR_SLOTS, nodes - 1), 0);
}

static void fx_close(struct fx *f)
{
	pin_owner_fini(&f->anon, &f->mem);
	pin_owner_fini(&f->ring, &f->mem);
	pin_mem_fini(&f->mem);
}

static unsigned long pfn_of(struct fx *f, struct page *page)
{
	return f->ops->page_to_pfn(&f->mem, page);
}

static void test_params_rejected(void **state)
{
	static const char *const bad[] = {
		"lock=spin", "hash=crc", "buckets=0", "buckets=1.5", "load=1", "pins=10",
		"lockstat=2", "colour=red", "buckets",
	};
	const struct pin_design_ops *ops = pin_design_find("pinhash", NULL);
	struct pin_mem_config cfg = { .nr_pages = 64, .nr_nodes = 1 };
	struct pin_mem mem;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_not_equal(pin_mem_init(&mem, ops, bad[i], &cfg, err, sizeof(err)), 0);
		assert_non_null(strstr(err, "pinhash"));
	}
}

/* load=F,pins=P sizes the table to ceil(P / F) buckets. */
static void test_load_sizes_table(void **state)
{
	struct fx f;

	(void)state;
	fx_open(&f, "pinhash:load=0.75,pins=1000", 1);
	assert_int_equal(f.ops->table_chains(&f.mem, NULL, 0), 1334);
	fx_close(&f);
}

/* The ops' bucket of a pfn is the hash function's, for any table size. */
static void test_bucket_of_is_the_hash(void **state)
{
	static const size_t sizes[] = { 1, 1000, 4096, 6000 };
	char spec[96];

	(void)state;
	for (int h = 0; h < PINHASH_NR_HASHES; h++)
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			struct fx f;

			snprintf(spec, sizeof(spec), "pinhash:hash=%s,buckets=%zu",
				 pinhash_hash_name(h), sizes[z]);
			fx_open(&f, spec, 1);
			for (unsigned long pfn = 0; pfn < 100000; pfn += 97)
				assert_int_equal(f.ops->table_bucket_of(&f.mem, pfn),
						 pinhash_bucket(h, pfn, sizes[z]));
			fx_close(&f);
		}
}

/* Chains count each pinned page once, in the bucket its pfn hashes to. */
static void check_chains(struct fx *f, size_t nbuckets)
{
	struct page *h[NR_SLOTS], *h2[4];
	uint32_t *chain = calloc(nbuckets, sizeof(*chain));
	unsigned long total = 0;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, NR_SLOTS, h), NR_SLOTS);
	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, 4, h2), 4);	/* same pages */
	assert_int_equal(f->ops->table_chains(&f->mem, chain, nbuckets), nbuckets);
	for (size_t b = 0; b < nbuckets; b++)
		total += chain[b];
	assert_int_equal(total, NR_SLOTS);
	for (size_t s = 0; s < NR_SLOTS; s++) {
		assert_true(page_test_flag(h[s], PG_pinned));
		assert_true(chain[f->ops->table_bucket_of(&f->mem, pfn_of(f, h[s]))] > 0);
	}
	f->ops->unpin_range(&f->mem, h2, 4);
	f->ops->unpin_range(&f->mem, h, NR_SLOTS);
	assert_int_equal(f->ops->table_chains(&f->mem, chain, nbuckets), nbuckets);
	for (size_t b = 0; b < nbuckets; b++)
		assert_int_equal(chain[b], 0);
	for (size_t s = 0; s < NR_SLOTS; s++)
		assert_false(page_test_flag(h[s], PG_pinned));
	free(chain);
}

static void test_chains_count_pins(void **state)
{
	static const char *const specs[] = {
		"pinhash:buckets=7", "pinhash:lock=bucket,buckets=64",
		"pinhash:lock=rht,hash=jhash,buckets=50", "pinhash:lock=node,buckets=33",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct fx f;

		fx_open(&f, specs[i], 1);
		check_chains(&f, f.ops->table_chains(&f.mem, NULL, 0));
		fx_close(&f);
	}
}

/* Two ranges: two tables, buckets 0..16 for range 0's pfns, 17..32 for range 1's. */
static void test_node_tables(void **state)
{
	struct fx f;
	struct page *h;

	(void)state;
	fx_open(&f, "pinhash:lock=node,buckets=33", 2);
	assert_int_equal(f.ops->table_chains(&f.mem, NULL, 0), 33);
	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++) {
		size_t b = f.ops->table_bucket_of(&f.mem, pfn);

		if (pin_mem_range_of_pfn(&f.mem, pfn) == 0)
			assert_true(b < 17);
		else
			assert_true(b >= 17 && b < 33);
	}
	assert_int_equal(f.ops->pin_range(&f.mem, &f.ring, 0, 1, &h), 1);
	assert_true(f.ops->table_bucket_of(&f.mem, pfn_of(&f, h)) >= 17);
	f.ops->unpin_range(&f.mem, &h, 1);
	check_chains(&f, 33);
	fx_close(&f);
}

/* A pinned ring page moves: the entry and PG_pinned go with it. */
static void test_migration_rekeys(void **state)
{
	struct fx f;
	struct page *h[2], *src, *dst;

	(void)state;
	fx_open(&f, "pinhash:lock=rht,hash=jhash", 1);
	assert_int_equal(f.ops->pin_range(&f.mem, &f.ring, 5, 1, &h[0]), 1);
	assert_int_equal(f.ops->pin_range(&f.mem, &f.ring, 5, 1, &h[1]), 1);
	src = pin_owner_page(&f.ring, 5);
	assert_true(pin_mem_isolate(&f.mem, src));
	dst = pin_mem_alloc_page(&f.mem, 0);
	assert_int_equal(f.ops->migrate(&f.mem, src, dst), MIGRATE_OK);
	assert_false(page_test_flag(src, PG_pinned));
	assert_true(page_test_flag(dst, PG_pinned));
	assert_int_equal(f.ops->pin_count(&f.mem, dst), 2);
	assert_ptr_equal(h[0], dst);
	f.ops->unpin_range(&f.mem, h, 2);
	assert_false(page_test_flag(dst, PG_pinned));
	/* An anon page pinned: refused at once, nothing changed. */
	assert_int_equal(f.ops->pin_range(&f.mem, &f.anon, 3, 1, &h[0]), 1);
	src = pin_owner_page(&f.anon, 3);
	assert_true(pin_mem_isolate(&f.mem, src));
	dst = pin_mem_alloc_page(&f.mem, 0);
	assert_int_equal(f.ops->migrate(&f.mem, src, dst), MIGRATE_FAIL);
	pin_mem_putback(&f.mem, src);
	pin_mem_put_refs(&f.mem, dst, 1);
	assert_int_equal(f.ops->pin_count(&f.mem, src), 1);
	f.ops->unpin_range(&f.mem, h, 1);
	fx_close(&f);
}

static void test_lock_stats(void **state)
{
	struct pin_lock_stats st;
	struct page *h[8];
	struct fx f;

	(void)state;
	fx_open(&f, "pinhash:lockstat=1", 1);
	assert_int_equal(f.ops->pin_range(&f.mem, &f.anon, 0, 8, h), 8);
	f.ops->unpin_range(&f.mem, h, 8);
	f.ops->lock_stats(&f.mem, -1, &st);
	assert_int_equal(st.acquisitions, 16);
	assert_int_equal(st.contended, 0);
	assert_true(st.hold_ticks > 0);
	/* Per node: the acquisitions of each node's CPUs, adding up to all. */
	uint64_t by_node = 0;

	for (int node = 0; node < MODEL_MAX_NODES; node++) {
		f.ops->lock_stats(&f.mem, node, &st);
		by_node += st.acquisitions;
	}
	assert_int_equal(by_node, 16);
	fx_close(&f);
	fx_open(&f, "pinhash", 1);		/* without lockstat=1: nothing kept */
	assert_int_equal(f.ops->pin_range(&f.mem, &f.anon, 0, 8, h), 8);
	f.ops->unpin_range(&f.mem, h, 8);
	f.ops->lock_stats(&f.mem, -1, &st);
	assert_int_equal(st.acquisitions, 0);
	fx_close(&f);
}

/* ---- lockless lookups against writers (lock=rht) ---- */

struct race {
	struct fx *f;
	atomic_bool stop;
	atomic_int misses;
};

/* Slots 0..7 stay pinned throughout: a lookup must always find them. */
static void *reader(void *arg)
{
	struct race *r = arg;

	while (!atomic_load(&r->stop))
		for (size_t s = 0; s < 8; s++)
			if (r->f->ops->pin_count(&r->f->mem, pin_owner_page(&r->f->anon, s)) < 1)
				atomic_fetch_add(&r->misses, 1);
	return NULL;
}

static void test_rht_lookups_race_writers(void **state)
{
	struct fx f;
	struct race r = { .f = &f };
	struct page *held[8], *h[NR_SLOTS];
	pthread_t t;

	(void)state;
	/* Two buckets: every writer churns the chains the reader walks. */
	fx_open(&f, "pinhash:lock=rht,hash=jhash,buckets=2", 1);
	assert_int_equal(f.ops->pin_range(&f.mem, &f.anon, 0, 8, held), 8);
	pthread_create(&t, NULL, reader, &r);
	for (int it = 0; it < 3000; it++) {
		assert_int_equal(f.ops->pin_range(&f.mem, &f.anon, 8, NR_SLOTS - 8, h),
				 NR_SLOTS - 8);
		f.ops->unpin_range(&f.mem, h, NR_SLOTS - 8);
	}
	atomic_store(&r.stop, true);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&r.misses), 0);
	f.ops->unpin_range(&f.mem, held, 8);
	fx_close(&f);
}

static void test_memory_cost(void **state)
{
	const struct pin_design_ops *ops = pin_design_find("pinhash", NULL);
	struct mem_cost c;

	(void)state;
	ops->memory_cost("lock=bucket,buckets=1000", 1ull << 30, 100, &c);
	assert_float_equal(c.page_struct_bytes, 64, 0);
	assert_float_equal(c.per_pin_bytes, sizeof(struct pinhash_entry), 0);
	/* 8-byte head and 4-byte ticket lock per bucket */
	assert_float_equal(c.fixed_bytes, 1000 * (8 + 4), 0);
	assert_float_equal(c.total_extra_bytes, 100 * sizeof(struct pinhash_entry) + 12000, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_rejected),
		cmocka_unit_test(test_load_sizes_table),
		cmocka_unit_test(test_bucket_of_is_the_hash),
		cmocka_unit_test(test_chains_count_pins),
		cmocka_unit_test(test_node_tables),
		cmocka_unit_test(test_migration_rekeys),
		cmocka_unit_test(test_lock_stats),
		cmocka_unit_test(test_rht_lookups_race_writers),
		cmocka_unit_test(test_memory_cost),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
