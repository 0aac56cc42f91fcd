// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kernels/test_conformance.c - every design variant of kernels/designs.c
 * against the same rules: pins and references balance, maybe_pinned is
 * never a false negative, migration keeps data, pins and the owner's
 * references or fails leaving the page untouched, threads pinning while
 * another migrates lose and double-free nothing, and memory_cost() is the
 * arithmetic of the layout.  New variants are tested without a change here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernels/pin_design.h"
#include "kernels/design_structs.h"

#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_PAGES 512
#define NR_SLOTS 32
#define MAX_RETRY 10	/* NR_MAX_MIGRATE_PAGES_RETRY, mm/migrate.c */

struct fixture {
	const struct pin_design_variant *variant;
	const struct pin_design_ops *ops;
	const char *params;
	struct pin_mem mem;
	struct pin_owner anon;		/* a user buffer: no hooks */
	struct pin_owner ring;		/* an aio-like ring: moves its own pages */
	bool closed;
};

static const struct pin_mem_config config = {
	.nr_pages = NR_PAGES, .nr_nodes = 1, .frames = true,
};

/* Each frame holds a pattern of its owner and slot, checked after moves. */
static unsigned char pattern_byte(const struct pin_owner *o, size_t slot, size_t off)
{
	return (unsigned char)(slot * 31 + off * 7 + (o->ops ? 101 : 0));
}

static void fill_frames(struct fixture *f, struct pin_owner *o)
{
	for (size_t s = 0; s < o->nr_slots; s++) {
		unsigned char *frame = pin_mem_frame(&f->mem, pin_mem_memmap_pfn(
					   &f->mem, pin_owner_page(o, s)));

		for (size_t off = 0; off < MODEL_PAGE_SIZE; off++)
			frame[off] = pattern_byte(o, s, off);
	}
}

static bool frame_intact(struct fixture *f, struct pin_owner *o, size_t slot)
{
	const unsigned char *frame = pin_mem_frame(&f->mem, pin_mem_memmap_pfn(
						   &f->mem, pin_owner_page(o, slot)));

	for (size_t off = 0; off < MODEL_PAGE_SIZE; off++)
		if (frame[off] != pattern_byte(o, slot, off))
			return false;
	return true;
}

static int setup(void **state)
{
	const struct pin_design_variant *v = pin_design_variant_at((size_t)(uintptr_t)*state);
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256] = "";

	if (!f || !v)
		return -1;
	f->variant = v;
	f->ops = pin_design_find(v->spec, &f->params);
	if (!f->ops || pin_mem_init(&f->mem, f->ops, f->params, &config, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", v->name, err);
		free(f);
		return -1;
	}
	if (pin_owner_init(&f->anon, &f->mem, OWNER_ANON_BUFFER, NULL, NR_SLOTS, 0) ||
	    pin_owner_init(&f->ring, &f->mem, OWNER_AIO_RING, &pin_owner_ring_ops, NR_SLOTS, 0))
		return -1;
	fill_frames(f, &f->anon);
	fill_frames(f, &f->ring);
	*state = f;
	return 0;
}

/* Tear down and check that every page came back to the allocator once. */
static void close_fixture(struct fixture *f)
{
	pin_owner_fini(&f->anon, &f->mem);
	pin_owner_fini(&f->ring, &f->mem);
	assert_int_equal(pin_mem_nr_free(&f->mem, 0), NR_PAGES);
	f->closed = true;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f->closed) {
		pin_owner_fini(&f->anon, &f->mem);
		pin_owner_fini(&f->ring, &f->mem);
	}
	pin_mem_fini(&f->mem);
	free(f);
	return 0;
}

static bool name_is(const struct fixture *f, const char *name)
{
	return !strcmp(f->ops->name, name);
}

/* ---- balance ------------------------------------------------------------- */

static void check_pin_unpin(struct fixture *f, struct pin_owner *o)
{
	const struct pin_design_ops *ops = f->ops;
	struct page *h1[NR_SLOTS], *h2[NR_SLOTS];

	assert_int_equal(ops->pin_range(&f->mem, o, 0, NR_SLOTS, h1), NR_SLOTS);
	assert_int_equal(ops->pin_range(&f->mem, o, 0, NR_SLOTS, h2), NR_SLOTS);
	for (size_t s = 0; s < NR_SLOTS; s++) {
		struct page *page = pin_owner_page(o, s);

		assert_int_equal(ops->pin_count(&f->mem, page), 2);
		assert_true(ops->maybe_pinned(&f->mem, page));
		assert_int_equal(ops->page_to_pfn(&f->mem, h1[s]), pin_mem_memmap_pfn(&f->mem, page));
	}
	ops->unpin_range(&f->mem, h1, NR_SLOTS);
	ops->unpin_range(&f->mem, h2, NR_SLOTS);
	for (size_t s = 0; s < NR_SLOTS; s++) {
		struct page *page = pin_owner_page(o, s);

		assert_int_equal(ops->pin_count(&f->mem, page), 0);
		assert_false(ops->maybe_pinned(&f->mem, page));
		assert_int_equal(page_ref_count(page), 1);
	}
}

static void t_pin_unpin_balance(void **state)
{
	struct fixture *f = *state;

	check_pin_unpin(f, &f->anon);
	check_pin_unpin(f, &f->ring);
	close_fixture(f);
}

/* GUP stops at an unmapped slot and returns how many it pinned. */
static void t_pin_stops_at_hole(void **state)
{
	struct fixture *f = *state;
	struct page *handles[NR_SLOTS];
	uintptr_t saved = atomic_exchange(&f->anon.slots[5], 0);

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, 10, handles), 5);
	f->ops->unpin_range(&f->mem, handles, 5);
	atomic_store(&f->anon.slots[5], saved);
	assert_true(f->ops->pin_range(&f->mem, &f->anon, NR_SLOTS, 1, handles) <= 0);
	close_fixture(f);
}

static void t_get_put_balance(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *page;

	for (size_t s = 0; s < NR_SLOTS; s++) {
		page = pin_owner_page(&f->anon, s);
		for (int i = 0; i < 3; i++)
			ops->get_page(&f->mem, page);
		assert_int_equal(page_ref_count(page), 4);
		for (int i = 0; i < 3; i++)
			assert_false(ops->put_page(&f->mem, page));
		assert_int_equal(page_ref_count(page), 1);
	}
	/* The last put frees the page. */
	page = pin_mem_alloc_page(&f->mem, 0);
	assert_non_null(page);
	assert_true(ops->put_page(&f->mem, page));
	close_fixture(f);
}

/* ---- the pfn mapping and the batch ops ----------------------------------- */

static void t_pfn_mapping_and_batches(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *pages[NR_SLOTS];
	unsigned long pfns[NR_SLOTS];
	uint64_t sum = 0, acc = 0;

	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++)
		assert_int_equal(ops->page_to_pfn(&f->mem, ops->pfn_to_page(&f->mem, pfn)), pfn);
	for (size_t s = 0; s < NR_SLOTS; s++) {
		pages[s] = pin_owner_page(&f->anon, s);
		pfns[s] = pin_mem_memmap_pfn(&f->mem, pages[s]);
		sum += pfns[s];
		acc ^= (uint64_t)(uintptr_t)ops->pfn_to_page(&f->mem, pfns[s]);
	}
	assert_int_equal(ops->page_to_pfn_batch(&f->mem, pages, NR_SLOTS), sum);
	assert_int_equal(ops->pfn_to_page_batch(&f->mem, pfns, NR_SLOTS), acc);
	ops->get_put_batch(&f->mem, pages, NR_SLOTS);
	for (size_t s = 0; s < NR_SLOTS; s++)
		assert_int_equal(page_ref_count(pages[s]), 1);
	close_fixture(f);
}

/* ---- maybe_pinned: no false negatives; false positives where designed ---- */

/* Plain references after which the design reports a page maybe pinned. */
static int false_positive_refs(const struct fixture *f)
{
	if (name_is(f, "baseline") || name_is(f, "movable-ops"))
		return 1;	/* any extra reference looks like a pin (anon page) */
	if (name_is(f, "foll-pin"))
		return 1023;	/* + the mapping's = GUP_PIN_COUNTING_BIAS */
	return 0;		/* exact */
}

static void t_maybe_pinned(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *page = pin_owner_page(&f->anon, 0), *handle;
	int fp = false_positive_refs(f), gets = fp ? fp : 2048;

	assert_false(ops->maybe_pinned(&f->mem, page));
	for (int i = 0; i < gets - 1; i++)
		ops->get_page(&f->mem, page);
	assert_false(ops->maybe_pinned(&f->mem, page));
	ops->get_page(&f->mem, page);
	/* fp plain references: a false positive exactly where the design has one */
	assert_int_equal(ops->maybe_pinned(&f->mem, page), fp != 0);
	for (int i = 0; i < gets; i++)
		ops->put_page(&f->mem, page);
	assert_int_equal(ops->pin_range(&f->mem, &f->anon, 0, 1, &handle), 1);
	assert_true(ops->maybe_pinned(&f->mem, page));
	ops->unpin_range(&f->mem, &handle, 1);
	assert_false(ops->maybe_pinned(&f->mem, page));
	close_fixture(f);
}

/* ---- migration ---------------------------------------------------------- */

/* Compaction's steps: isolate, a free target, migrate with retries, putback. */
static int migrate_in(struct pin_mem *mem, struct page *src, int range, struct page **dstp)
{
	struct page *dst;
	int rc = MIGRATE_RETRY;

	if (!pin_mem_isolate(mem, src))
		return MIGRATE_FAIL;
	dst = pin_mem_alloc_page(mem, range);
	if (!dst) {
		pin_mem_putback(mem, src);
		return MIGRATE_FAIL;
	}
	for (int i = 0; i < MAX_RETRY && rc == MIGRATE_RETRY; i++)
		rc = mem->ops->migrate(mem, src, dst);
	if (rc != MIGRATE_OK) {
		pin_mem_putback(mem, src);
		pin_mem_put_refs(mem, dst, 1);
	}
	if (dstp)
		*dstp = dst;
	return rc;
}

static int isolate_and_migrate(struct fixture *f, struct page *src, struct page **dstp)
{
	return migrate_in(&f->mem, src, 0, dstp);
}

static void check_migrate_unpinned(struct fixture *f, struct pin_owner *o)
{
	struct page *src = pin_owner_page(o, 3), *dst;

	assert_int_equal(isolate_and_migrate(f, src, &dst), MIGRATE_OK);
	assert_ptr_equal(pin_owner_page(o, 3), dst);
	assert_true(page_test_flag(src, PG_buddy));
	assert_int_equal(page_ref_count(dst), 1);
	assert_int_equal(atomic_load(&dst->_mapcount), 0);
	assert_ptr_equal(page_owner_of(dst), o);
	assert_int_equal(f->ops->pin_count(&f->mem, dst), 0);
	assert_true(frame_intact(f, o, 3));
}

static void t_migrate_unpinned(void **state)
{
	struct fixture *f = *state;

	check_migrate_unpinned(f, &f->anon);
	check_migrate_unpinned(f, &f->ring);
	close_fixture(f);
}

/*
 * Does the design move a pinned page of this owner?  1 yes, 0 no, -1 the
 * table does not know the design (either outcome is then checked).
 */
static int moves_pinned(const struct fixture *f, const struct pin_owner *o)
{
	if (name_is(f, "baseline") || name_is(f, "foll-pin"))
		return 0;
	if (name_is(f, "movable-ops"))
		return o->ops != NULL;
	if (name_is(f, "page-callbacks") || name_is(f, "page-ext") ||
	    name_is(f, "proxy") || name_is(f, "dynamic-page"))
		return 1;
	return -1;
}

/* Moved with its pins and handles, or refused with nothing changed. */
static void check_migrate_pinned(struct fixture *f, struct pin_owner *o)
{
	const struct pin_design_ops *ops = f->ops;
	struct page *src = pin_owner_page(o, 7), *dst, *handles[2];
	unsigned long src_pfn = pin_mem_memmap_pfn(&f->mem, src);
	int refs, rc;

	assert_int_equal(ops->pin_range(&f->mem, o, 7, 1, &handles[0]), 1);
	assert_int_equal(ops->pin_range(&f->mem, o, 7, 1, &handles[1]), 1);
	refs = page_ref_count(src);
	rc = isolate_and_migrate(f, src, &dst);
	assert_true(rc == MIGRATE_OK || rc == MIGRATE_RETRY || rc == MIGRATE_FAIL);
	if (moves_pinned(f, o) >= 0)
		assert_int_equal(rc == MIGRATE_OK, moves_pinned(f, o));
	if (rc == MIGRATE_OK) {
		unsigned long dst_pfn = pin_mem_memmap_pfn(&f->mem, dst);

		assert_ptr_equal(pin_owner_page(o, 7), dst);
		assert_int_equal(ops->pin_count(&f->mem, dst), 2);
		assert_true(ops->maybe_pinned(&f->mem, dst));
		assert_int_equal(ops->page_to_pfn(&f->mem, handles[0]), dst_pfn);
		assert_int_equal(ops->page_to_pfn(&f->mem, handles[1]), dst_pfn);
		assert_true(page_test_flag(src, PG_buddy));
	} else {
		assert_ptr_equal(pin_owner_page(o, 7), src);
		assert_int_equal(page_ref_count(src), refs);
		assert_int_equal(ops->pin_count(&f->mem, src), 2);
		assert_int_equal(ops->page_to_pfn(&f->mem, handles[0]), src_pfn);
	}
	assert_true(frame_intact(f, o, 7));
	ops->unpin_range(&f->mem, handles, 2);
	assert_int_equal(page_ref_count(pin_owner_page(o, 7)), 1);
	assert_int_equal(ops->pin_count(&f->mem, pin_owner_page(o, 7)), 0);
}

static void t_migrate_pinned(void **state)
{
	struct fixture *f = *state;

	check_migrate_pinned(f, &f->anon);
	check_migrate_pinned(f, &f->ring);
	close_fixture(f);
}

/* ---- concurrency: pinners against a migrator ---------------------------- */

#define PIN_ITERS 1000
#define MIGRATE_ITERS 400
#define HELD 2		/* batches a pinner holds while it pins the next */
#define BATCH 4

struct race {
	struct fixture *f;
	struct pin_owner *o;
	atomic_int errors;
	atomic_int moved;
	atomic_bool stop;		/* the migrator is done */
	pthread_barrier_t start;	/* all three begin together */
};

struct pinner {
	struct race *race;
	unsigned int seed;
	struct page *handles[HELD][BATCH];
	long nr[HELD];
};

static void *pinner_main(void *arg)
{
	struct pinner *p = arg;
	struct race *r = p->race;
	const struct pin_design_ops *ops = r->f->ops;

	pthread_barrier_wait(&r->start);
	for (int it = 0; it < PIN_ITERS || !atomic_load(&r->stop); it++) {
		int k = it % HELD;
		size_t first = (size_t)rand_r(&p->seed) % (NR_SLOTS - BATCH + 1);
		size_t n = 1 + (size_t)rand_r(&p->seed) % BATCH;

		if (p->nr[k] > 0)
			ops->unpin_range(&r->f->mem, p->handles[k], (size_t)p->nr[k]);
		p->nr[k] = ops->pin_range(&r->f->mem, r->o, first, n, p->handles[k]);
		if (p->nr[k] != (long)n)
			atomic_fetch_add(&r->errors, 1);
	}
	for (int k = 0; k < HELD; k++)
		if (p->nr[k] > 0)
			ops->unpin_range(&r->f->mem, p->handles[k], (size_t)p->nr[k]);
	return NULL;
}

static void *migrator_main(void *arg)
{
	struct race *r = arg;
	unsigned int seed = 12345;

	pthread_barrier_wait(&r->start);
	for (int it = 0; it < MIGRATE_ITERS; it++) {
		struct page *src = pin_owner_page(r->o, (size_t)rand_r(&seed) % NR_SLOTS);

		if (src && isolate_and_migrate(r->f, src, NULL) == MIGRATE_OK)
			atomic_fetch_add(&r->moved, 1);
	}
	atomic_store(&r->stop, true);
	return NULL;
}

static void check_race(struct fixture *f, struct pin_owner *o)
{
	struct race r = { .f = f, .o = o };
	struct pinner p[2] = { { .race = &r, .seed = 1 }, { .race = &r, .seed = 2 } };
	pthread_t t[3];

	pthread_barrier_init(&r.start, NULL, 3);
	pthread_create(&t[0], NULL, pinner_main, &p[0]);
	pthread_create(&t[1], NULL, pinner_main, &p[1]);
	pthread_create(&t[2], NULL, migrator_main, &r);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&r.start);
	assert_int_equal(atomic_load(&r.errors), 0);
	assert_true(atomic_load(&r.moved) > 0);
	for (size_t s = 0; s < NR_SLOTS; s++) {
		struct page *page = pin_owner_page(o, s);

		assert_non_null(page);
		assert_int_equal(page_ref_count(page), 1);
		assert_int_equal(atomic_load(&page->_mapcount), 0);
		assert_int_equal(f->ops->pin_count(&f->mem, page), 0);
		assert_false(f->ops->maybe_pinned(&f->mem, page));
		assert_true(frame_intact(f, o, s));
	}
	assert_int_equal(pin_mem_nr_free(&f->mem, 0), NR_PAGES - 2 * NR_SLOTS);
}

static void t_concurrent_pin_migrate(void **state)
{
	struct fixture *f = *state;

	check_race(f, &f->anon);
	check_race(f, &f->ring);
	close_fixture(f);
}

/*
 * Two node ranges (both backed by node 0 here): a pinned page of range 1
 * moved to a frame of range 0, as a cross-node migration would, and back
 * to balance.  Per-node state (pools, tables) must follow the page.
 */
static void t_two_ranges(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	static const int nodes[] = { 0, 0 };
	const struct pin_mem_config cfg = { .nr_pages = 128, .nr_nodes = 2, .nodes = nodes,
					    .frames = true, .hugepages = true };
	struct pin_mem mem;
	struct pin_owner o;
	struct page *src, *dst, *h;
	char err[128];

	assert_int_equal(pin_mem_init(&mem, ops, f->params, &cfg, err, sizeof(err)), 0);
	assert_int_equal(mem.nr_ranges, 2);
	assert_int_equal(pin_owner_init(&o, &mem, OWNER_ANON_BUFFER, NULL, 4, 1), 0);
	src = pin_owner_page(&o, 2);
	assert_int_equal(pin_mem_range_of_pfn(&mem, pin_mem_memmap_pfn(&mem, src)), 1);
	assert_int_equal(ops->pin_range(&mem, &o, 2, 1, &h), 1);
	if (migrate_in(&mem, src, 0, &dst) == MIGRATE_OK) {
		assert_ptr_equal(pin_owner_page(&o, 2), dst);
		assert_int_equal(ops->page_to_pfn(&mem, h), pin_mem_memmap_pfn(&mem, dst));
	}
	ops->unpin_range(&mem, &h, 1);
	pin_owner_fini(&o, &mem);
	assert_int_equal(pin_mem_nr_free(&mem, 0) + pin_mem_nr_free(&mem, 1), 128);
	pin_mem_fini(&mem);
	close_fixture(f);
}

/* ---- memory cost ---------------------------------------------------------- */

/*
 * What the layout of each design implies, per page and per pin, from the
 * sizes of its structures.  False for a design this table does not know
 * (its arithmetic is still checked for consistency).
 */
static bool expected_cost(const struct fixture *f, double *per_page, double *per_pin)
{
	*per_page = (double)f->mem.stride - sizeof(struct page);
	*per_pin = 0;
	if (name_is(f, "page-callbacks"))
		return *per_page == sizeof(struct cb_page) - sizeof(struct page) &&
		       *per_page == 16;
	if (name_is(f, "page-ext"))
		*per_page += sizeof(struct page_ext_pin);
	if (name_is(f, "proxy"))
		*per_pin = sizeof(struct gup_proxy);
	if (name_is(f, "dynamic-page"))
		*per_pin = sizeof(struct dynamic_page);
	return !name_is(f, "pinhash");
}

static void t_memory_cost(void **state)
{
	struct fixture *f = *state;
	const uint64_t ram = 16ull << 30, pages = ram >> MODEL_PAGE_SHIFT, pins = 1000;
	double per_page, per_pin;
	struct mem_cost c;

	f->ops->memory_cost(f->params, ram, pins, &c);
	assert_true(c.page_struct_bytes == (double)f->mem.stride);
	if (expected_cost(f, &per_page, &per_pin)) {
		assert_true(c.extra_per_page == per_page);
		assert_true(c.per_pin_bytes == per_pin);
	}
	assert_true(c.fixed_bytes >= 0);
	assert_true(c.total_extra_bytes ==
		    c.extra_per_page * pages + c.per_pin_bytes * pins + c.fixed_bytes);
	close_fixture(f);
}

/* ---- design-specific ------------------------------------------------------ */

/* Setup for a design-specific case: the prestate names the variant. */
static int setup_named(void **state)
{
	const char *name = *state;

	for (size_t i = 0; i < pin_design_variant_count(); i++)
		if (!strcmp(pin_design_variant_at(i)->name, name)) {
			*state = (void *)(uintptr_t)i;
			return setup(state);
		}
	return -1;
}

/* A large folio keeps an exact _pincount; plain references never look pinned. */
static void t_foll_pin_large_folio(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *head = pin_owner_page(&f->anon, 8), *h[2];

	for (size_t s = 9; s < 12; s++)	/* consecutive pfns from a fresh allocator */
		assert_int_equal(pin_mem_memmap_pfn(&f->mem, pin_owner_page(&f->anon, s)),
				 pin_mem_memmap_pfn(&f->mem, head) + s - 8);
	assert_int_equal(pin_mem_prep_folio(&f->mem, head, 2), 0);
	assert_int_equal(page_ref_count(head), 4);
	assert_int_equal(ops->pin_range(&f->mem, &f->anon, 9, 2, h), 2);
	assert_int_equal(ops->pin_count(&f->mem, head), 2);
	assert_int_equal(page_ref_count(head), 6);
	for (int i = 0; i < 2000; i++)
		ops->get_page(&f->mem, pin_owner_page(&f->anon, 10));
	assert_int_equal(ops->pin_count(&f->mem, head), 2);
	ops->unpin_range(&f->mem, h, 2);
	assert_false(ops->maybe_pinned(&f->mem, head));	/* 2004 refs, no pin */
	for (int i = 0; i < 2000; i++)
		ops->put_page(&f->mem, pin_owner_page(&f->anon, 10));
	h[0] = pin_mem_alloc_page(&f->mem, 0);
	assert_int_equal(ops->migrate(&f->mem, head, h[0]), MIGRATE_FAIL);	/* order-0 only */
	pin_mem_put_refs(&f->mem, h[0], 1);
	close_fixture(f);
}

/* A small page after 1024 plain references counts as one pin. */
static void t_foll_pin_bias(void **state)
{
	struct fixture *f = *state;
	struct page *page = pin_owner_page(&f->anon, 0), *h;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, 1, &h), 1);
	assert_int_equal(page_ref_count(page), 1 + 1024);
	/* Unmap cannot share a maybe-pinned anon folio: -EAGAIN (mm/rmap.c, 6.12.118). */
	assert_int_equal(f->ops->migrate(&f->mem, page, NULL), MIGRATE_RETRY);
	f->ops->unpin_range(&f->mem, &h, 1);
	close_fixture(f);
}

/* Baseline: a pinned page is retried, then moves once the pin is gone. */
static void t_baseline_retry_then_move(void **state)
{
	struct fixture *f = *state;
	struct page *src = pin_owner_page(&f->anon, 2), *dst, *h;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 2, 1, &h), 1);
	assert_true(pin_mem_isolate(&f->mem, src));
	dst = pin_mem_alloc_page(&f->mem, 0);
	assert_int_equal(f->ops->migrate(&f->mem, src, dst), MIGRATE_RETRY);
	assert_ptr_equal(pin_owner_page(&f->anon, 2), src);
	f->ops->unpin_range(&f->mem, &h, 1);
	assert_int_equal(f->ops->migrate(&f->mem, src, dst), MIGRATE_OK);
	assert_ptr_equal(pin_owner_page(&f->anon, 2), dst);
	assert_true(frame_intact(f, &f->anon, 2));
	close_fixture(f);
}

/* page-callbacks: 80-byte entries, so pfn <-> page is a divide, not a shift. */
static void t_page_callbacks_stride(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct mem_cost c;

	assert_int_equal((char *)ops->pfn_to_page(&f->mem, 3) - (char *)ops->pfn_to_page(&f->mem, 0),
			 3 * 80);
	assert_int_equal(ops->page_to_pfn(&f->mem, ops->pfn_to_page(&f->mem, 300)), 300);
	ops->memory_cost("", 1ull << 40, 0, &c);	/* 1 TiB: +16 B per page = 4 GiB */
	assert_true(c.total_extra_bytes == (double)(4ull << 30));
	close_fixture(f);
}

/* movable-ops: compaction isolates with PG_isolated and the ring's own hook moves it. */
static void t_movable_ops_owner_moves(void **state)
{
	struct fixture *f = *state;
	struct page *src = pin_owner_page(&f->ring, 4), *dst, *h;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->ring, 4, 1, &h), 1);
	assert_true(pin_mem_isolate(&f->mem, src));
	assert_true(page_test_flag(src, PG_isolated));
	dst = pin_mem_alloc_page(&f->mem, 0);
	assert_int_equal(f->ops->migrate(&f->mem, src, dst), MIGRATE_OK);
	assert_int_equal(atomic_load(&f->ring.nr_moved), 1);
	assert_ptr_equal(h, dst);	/* the owner retargeted the handle it gave out */
	assert_true((uintptr_t)dst->mapping & PAGE_MAPPING_MOVABLE);
	f->ops->unpin_range(&f->mem, &h, 1);
	close_fixture(f);
}

/* proxy: bit 0 set; get/put through the proxy count pins; pfn follows a move. */
static void t_proxy_tagged_handles(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *src = pin_owner_page(&f->anon, 1), *dst, *h[2];

	assert_int_equal(ops->pin_range(&f->mem, &f->anon, 1, 1, &h[0]), 1);
	assert_int_equal(ops->pin_range(&f->mem, &f->anon, 1, 1, &h[1]), 1);
	assert_true((uintptr_t)h[0] & 1);
	assert_ptr_equal(h[0], h[1]);			/* one proxy per pinned page */
	assert_int_equal(page_ref_count(src), 2);	/* mapping + the proxy's one */
	ops->get_page(&f->mem, h[0]);
	assert_int_equal(ops->pin_count(&f->mem, src), 3);
	assert_false(ops->put_page(&f->mem, h[0]));
	assert_int_equal(isolate_and_migrate(f, src, &dst), MIGRATE_OK);
	assert_int_equal(ops->page_to_pfn(&f->mem, h[0]), pin_mem_memmap_pfn(&f->mem, dst));
	ops->unpin_range(&f->mem, h, 2);
	assert_false(ops->maybe_pinned(&f->mem, dst));
	close_fixture(f);
}

/* dynamic-page: pfn_to_page finds the dynamic page, before and after a move. */
static void t_dynamic_page_lookup(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *src = pin_owner_page(&f->anon, 6), *dst, *h;
	unsigned long src_pfn = pin_mem_memmap_pfn(&f->mem, src);

	assert_int_equal(ops->pin_range(&f->mem, &f->anon, 6, 1, &h), 1);
	assert_false(pin_mem_is_memmap_page(&f->mem, h));
	assert_true(page_test_flag(h, PG_dynamic));
	assert_ptr_equal(ops->pfn_to_page(&f->mem, src_pfn), h);
	assert_int_equal(ops->page_to_pfn(&f->mem, h), src_pfn);
	assert_int_equal(isolate_and_migrate(f, src, &dst), MIGRATE_OK);
	assert_ptr_equal(ops->pfn_to_page(&f->mem, pin_mem_memmap_pfn(&f->mem, dst)), h);
	assert_ptr_equal(ops->pfn_to_page(&f->mem, src_pfn), src);
	ops->unpin_range(&f->mem, &h, 1);
	assert_ptr_equal(ops->pfn_to_page(&f->mem, pin_mem_memmap_pfn(&f->mem, dst)), dst);
	close_fixture(f);
}

/* page-ext: one side array per 128 MiB section, found by pfn. */
static void t_page_ext_sections(void **state)
{
	struct fixture *f = *state;
	const struct pin_mem_config two = { .nr_pages = 2 * PAGE_EXT_PAGES_PER_SECTION,
					    .nr_nodes = 1 };
	struct pin_mem mem;
	struct pin_owner o;
	struct page *h;
	char err[128];

	assert_int_equal(pin_mem_init(&mem, f->ops, "", &two, err, sizeof(err)), 0);
	assert_int_equal(pin_owner_init(&o, &mem, OWNER_ANON_BUFFER, NULL,
					PAGE_EXT_PAGES_PER_SECTION + 2, 0), 0);
	assert_int_equal(f->ops->pin_range(&mem, &o, PAGE_EXT_PAGES_PER_SECTION + 1, 1, &h), 1);
	assert_int_equal(pin_mem_memmap_pfn(&mem, h), PAGE_EXT_PAGES_PER_SECTION + 1);
	assert_true(f->ops->maybe_pinned(&mem, h));
	assert_false(f->ops->maybe_pinned(&mem, pin_owner_page(&o, 1)));	/* same offset, section 0 */
	f->ops->unpin_range(&mem, &h, 1);
	pin_owner_fini(&o, &mem);
	pin_mem_fini(&mem);
	close_fixture(f);
}

/* page-callbacks: page_to_pfn, one and batched, is the byte offset / 80 for every pfn. */
static void t_page_callbacks_pfn_exact(void **state)
{
	struct fixture *f = *state;
	const struct pin_design_ops *ops = f->ops;
	struct page *pages[NR_PAGES];
	uint64_t sum = 0;

	for (unsigned long pfn = 0; pfn < NR_PAGES; pfn++) {
		pages[pfn] = pin_mem_memmap_page(&f->mem, pfn);
		assert_int_equal(((char *)pages[pfn] - f->mem.memmap) / 80, pfn);
		assert_int_equal(ops->page_to_pfn(&f->mem, pages[pfn]), pfn);
		sum += pfn;
	}
	assert_int_equal(ops->page_to_pfn_batch(&f->mem, pages, NR_PAGES), sum);
	close_fixture(f);
}

/* Pinned handles among plain pages, batched: each the pfn of the page it stands for. */
static void check_handles_pfns(struct fixture *f, struct page **handles, size_t n)
{
	struct page *mix[2 * NR_SLOTS];
	uint64_t sum = 0;

	for (size_t s = 0; s < n; s++) {
		unsigned long pfn = pin_mem_memmap_pfn(&f->mem, pin_owner_page(&f->anon, s));

		mix[2 * s] = handles[s];
		mix[2 * s + 1] = pin_owner_page(&f->anon, s);
		assert_int_equal(f->ops->page_to_pfn(&f->mem, handles[s]), pfn);
		sum += 2 * pfn;
	}
	assert_int_equal(f->ops->page_to_pfn_batch(&f->mem, mix, 2 * n), sum);
}

/* proxy, dynamic-page: page_to_pfn of handles, before and after they move. */
static void t_handles_pfns(void **state)
{
	struct fixture *f = *state;
	struct page *h[NR_SLOTS], *dst;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, NR_SLOTS, h), NR_SLOTS);
	check_handles_pfns(f, h, NR_SLOTS);
	for (size_t s = 0; s < NR_SLOTS; s += 3)
		assert_int_equal(isolate_and_migrate(f, pin_owner_page(&f->anon, s), &dst), MIGRATE_OK);
	check_handles_pfns(f, h, NR_SLOTS);
	f->ops->unpin_range(&f->mem, h, NR_SLOTS);
	close_fixture(f);
}

/*
 * dynamic-page-range tells a dynamic page by its address: the same pfns
 * with the flag cleared (pfn=flag would take the page for a memmap one).
 */
static void t_dynamic_range_by_address(void **state)
{
	struct fixture *f = *state;
	struct page *h[4];

	assert_string_equal(f->params, "pfn=range");
	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, 4, h), 4);
	for (size_t s = 0; s < 4; s++)
		page_clear_flag(h[s], PG_dynamic);
	check_handles_pfns(f, h, 4);
	for (size_t s = 0; s < 4; s++)
		page_set_flag(h[s], PG_dynamic);
	f->ops->unpin_range(&f->mem, h, 4);
	close_fixture(f);
}

/* page-ext: the client data of pfn as a flat view of the section arrays finds it. */
static struct page_ext_pin_data *flat_entry(const struct page_ext_state *st, unsigned long pfn)
{
	char *base = st->section_base[pfn >> PAGE_EXT_SECTION_SHIFT];

	return (struct page_ext_pin_data *)(base + (pfn & (PAGE_EXT_PAGES_PER_SECTION - 1)) *
					    st->page_ext_size + st->pin_offset);
}

/*
 * page-ext: the kernel's lookup (two-level mem_section, page_ext stored as
 * base - page_ext_size * pfn, run-time size and offset) reaches, for every
 * pfn, the entry a flat array of the sections would; an invalidated section
 * (offline_page_ext's PAGE_EXT_INVALID bit) has none.
 */
static void t_page_ext_lookup(void **state)
{
	struct fixture *f = *state;
	const struct pin_mem_config cfg = { .nr_pages = 2 * PAGE_EXT_PAGES_PER_SECTION + 100,
					    .nr_nodes = 1 };
	struct pin_mem mem;
	const struct page_ext_state *st;
	struct mem_section *sec1;
	char err[128];

	assert_int_equal(pin_mem_init(&mem, f->ops, "", &cfg, err, sizeof(err)), 0);
	st = mem.priv;
	assert_int_equal(st->page_ext_size, sizeof(struct page_ext_pin));
	assert_int_equal(st->pin_offset, offsetof(struct page_ext_pin, data));
	assert_int_equal(st->nr_sections, 3);
	for (unsigned long s = 0; s < st->nr_sections; s++)
		assert_int_equal((uintptr_t)st->mem_section[0][s].page_ext,
				 (uintptr_t)st->section_base[s] -
				 st->page_ext_size * (s << PAGE_EXT_SECTION_SHIFT));
	for (unsigned long pfn = 0; pfn < cfg.nr_pages; pfn++) {
		atomic_store(&flat_entry(st, pfn)->pins, (int)(pfn % 5) + 1);
		assert_int_equal(f->ops->pin_count(&mem, pin_mem_memmap_page(&mem, pfn)), pfn % 5 + 1);
		atomic_store(&flat_entry(st, pfn)->pins, 0);
	}
	sec1 = &st->mem_section[0][1];
	atomic_store(&flat_entry(st, PAGE_EXT_PAGES_PER_SECTION + 7)->pins, 1);
	sec1->page_ext = (struct page_ext *)((uintptr_t)sec1->page_ext | PAGE_EXT_INVALID);
	assert_false(f->ops->maybe_pinned(&mem, pin_mem_memmap_page(&mem, PAGE_EXT_PAGES_PER_SECTION + 7)));
	sec1->page_ext = (struct page_ext *)((uintptr_t)sec1->page_ext & ~PAGE_EXT_INVALID);
	assert_true(f->ops->maybe_pinned(&mem, pin_mem_memmap_page(&mem, PAGE_EXT_PAGES_PER_SECTION + 7)));
	atomic_store(&flat_entry(st, PAGE_EXT_PAGES_PER_SECTION + 7)->pins, 0);
	pin_mem_fini(&mem);
	close_fixture(f);
}

/* foll-pin: NR_FOLL_PIN_* exactly as /proc/sys/vm/stat_refresh would fold them. */
static long foll_pin_stat(const struct pin_mem *mem, int item, long *folded)
{
	const struct foll_pin_state *st = mem->priv;
	long sum = 0;

	*folded = atomic_load(&st->vm_node_stat[item]);
	for (int r = 0; r < st->nr_nodes; r++) {
		sum += atomic_load(&st->node[r].vm_stat[item]);
		for (int cpu = 0; cpu < VMSTAT_MODEL_CPUS; cpu++) {
			const struct per_cpu_nodestat *pcp = &st->node[r].pcp[cpu];

			assert_true(pcp->stat_threshold > 0 && pcp->stat_threshold <= 125);
			assert_true(abs(pcp->vm_node_stat_diff[item]) <= pcp->stat_threshold);
			sum += pcp->vm_node_stat_diff[item];
		}
	}
	return sum;
}

static void *pin_unpin_many(void *arg)
{
	struct fixture *f = arg;
	struct page *h[NR_SLOTS];

	for (int i = 0; i < 100; i++) {
		assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, NR_SLOTS, h), NR_SLOTS);
		f->ops->unpin_range(&f->mem, h, NR_SLOTS);
	}
	return NULL;
}

/*
 * foll-pin: acquired and released change by exactly the pins and unpins
 * (mm/gup.c 6.12), from two threads at once; past the per-CPU threshold
 * the counts fold into the node and global counters.
 */
static void t_foll_pin_counters(void **state)
{
	struct fixture *f = *state;
	struct page *h[NR_SLOTS];
	long folded_acq, folded_rel;
	pthread_t t[2];

	assert_true(((const struct foll_pin_state *)f->mem.priv)->counters);
	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, NR_SLOTS, h), NR_SLOTS);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_ACQUIRED, &folded_acq), NR_SLOTS);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_RELEASED, &folded_rel), 0);
	f->ops->unpin_range(&f->mem, h, NR_SLOTS);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_RELEASED, &folded_rel), NR_SLOTS);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, pin_unpin_many, f);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_ACQUIRED, &folded_acq), 201 * NR_SLOTS);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_RELEASED, &folded_rel), 201 * NR_SLOTS);
	assert_true(folded_acq > 0 && folded_rel > 0);
	close_fixture(f);
}

/* foll-pin-nocounters: pins leave NR_FOLL_PIN_* alone. */
static void t_foll_pin_nocounters(void **state)
{
	struct fixture *f = *state;
	struct page *h[NR_SLOTS];
	long folded;

	assert_int_equal(f->ops->pin_range(&f->mem, &f->anon, 0, NR_SLOTS, h), NR_SLOTS);
	f->ops->unpin_range(&f->mem, h, NR_SLOTS);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_ACQUIRED, &folded), 0);
	assert_int_equal(foll_pin_stat(&f->mem, NR_FOLL_PIN_RELEASED, &folded), 0);
	assert_int_equal(folded, 0);
	close_fixture(f);
}

/*
 * Designs never know about benchmarks: no file in kernels/ includes a
 * header of bench/ (bench.h, the harness's core/ headers, commands.h).
 * Run from the repository root, as make test does; skipped elsewhere.
 */
static void t_designs_include_no_bench_header(void **state)
{
	static const char *const banned[] = { "bench.h", "core/", "bench/", "commands.h",
					      "timer.h", "measure.h", "results.h", "topo.h" };
	glob_t g;
	char line[512];

	(void)state;
	if (glob("kernels/*.[ch]", 0, NULL, &g)) {
		skip();
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *fp = fopen(g.gl_pathv[i], "r");

		assert_non_null(fp);
		while (fgets(line, sizeof(line), fp))
			for (size_t b = 0; !strncmp(line, "#include", 8) &&
					   b < sizeof(banned) / sizeof(banned[0]); b++)
				if (strstr(line, banned[b]))
					fail_msg("%s: %s", g.gl_pathv[i], line);
		fclose(fp);
	}
	globfree(&g);
}

/* ---- the suite: every case for every variant ------------------------------ */

#define DESIGN_CASE(fn, variant) \
	cmocka_unit_test_prestate_setup_teardown(fn, setup_named, teardown, (void *)(variant))


static const struct {
	const char *name;
	CMUnitTestFunction fn;
} cases[] = {
	{ "pin_unpin_balance", t_pin_unpin_balance },
	{ "pin_stops_at_hole", t_pin_stops_at_hole },
	{ "get_put_balance", t_get_put_balance },
	{ "pfn_mapping_and_batches", t_pfn_mapping_and_batches },
	{ "maybe_pinned", t_maybe_pinned },
	{ "migrate_unpinned", t_migrate_unpinned },
	{ "migrate_pinned", t_migrate_pinned },
	{ "concurrent_pin_migrate", t_concurrent_pin_migrate },
	{ "memory_cost", t_memory_cost },
	{ "two_ranges", t_two_ranges },
};

#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

int main(void)
{
	size_t nv = pin_design_variant_count(), n = 0;
	struct CMUnitTest *tests;
	static const struct CMUnitTest specific[] = {
		DESIGN_CASE(t_foll_pin_large_folio, "foll-pin"),
		DESIGN_CASE(t_foll_pin_bias, "foll-pin"),
		DESIGN_CASE(t_baseline_retry_then_move, "baseline"),
		DESIGN_CASE(t_page_callbacks_stride, "page-callbacks"),
		DESIGN_CASE(t_movable_ops_owner_moves, "movable-ops"),
		DESIGN_CASE(t_proxy_tagged_handles, "proxy"),
		DESIGN_CASE(t_dynamic_page_lookup, "dynamic-page"),
		DESIGN_CASE(t_page_ext_sections, "page-ext"),
		DESIGN_CASE(t_page_callbacks_pfn_exact, "page-callbacks"),
		DESIGN_CASE(t_handles_pfns, "proxy"),
		DESIGN_CASE(t_handles_pfns, "dynamic-page"),
		DESIGN_CASE(t_handles_pfns, "dynamic-page-range"),
		DESIGN_CASE(t_dynamic_range_by_address, "dynamic-page-range"),
		DESIGN_CASE(t_page_ext_lookup, "page-ext"),
		DESIGN_CASE(t_foll_pin_counters, "foll-pin"),
		DESIGN_CASE(t_foll_pin_nocounters, "foll-pin-nocounters"),
		cmocka_unit_test(t_designs_include_no_bench_header),
	};
	const size_t nr_specific = sizeof(specific) / sizeof(specific[0]);

	tests = calloc(nv * NR_CASES + nr_specific, sizeof(*tests));
	if (!tests)
		return 1;

	for (size_t v = 0; v < nv; v++)
		for (size_t c = 0; c < NR_CASES; c++) {
			char *name;

			if (asprintf(&name, "%s/%s", pin_design_variant_at(v)->name, cases[c].name) < 0)
				return 1;
			tests[n++] = (struct CMUnitTest){
				.name = name, .test_func = cases[c].fn,
				.setup_func = setup, .teardown_func = teardown,
				.initial_state = (void *)(uintptr_t)v,
			};
		}
	for (size_t i = 0; i < nr_specific; i++)
		tests[n++] = specific[i];
	/* CONFORMANCE_FILTER=movable-ops/concurrent* reruns one case alone. */
	if (getenv("CONFORMANCE_FILTER"))
		cmocka_set_test_filter(getenv("CONFORMANCE_FILTER"));
	/* CONFORMANCE_FILTER=movable-ops/concurrent* reruns one case alone. */
	if (getenv("CONFORMANCE_FILTER"))
		cmocka_set_test_filter(getenv("CONFORMANCE_FILTER"));
	return _cmocka_run_group_tests("conformance", tests, n, NULL, NULL);
}
