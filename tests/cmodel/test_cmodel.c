// SPDX-License-Identifier: GPL-2.0
/*
 * tests/cmodel/test_cmodel.c - the compaction model on a hand-built zone
 * small enough to follow on paper: 5 pageblocks of 4 pages (pageblock
 * order scaled down to 2).  For every design we know, the scanners must
 * visit, skip and move exactly the pfns worked out below from
 * mm/compaction.c and mm/migrate.c.
 *
 *   block 0 (pfn 0-3):   U U . .      U: the fragmenter's anon page
 *   block 1 (pfn 4-7):   U P . R      P: io_uring fixed buffer page, pinned
 *   block 2 (pfn 8-11):  . . . .      R: aio ring page: a page-cache folio
 *   block 3 (pfn 12-15): . . U .         whose mapping moves it, holding the
 *   block 4 (pfn 16-19): . . . U         ring's own reference, never pinned
 *                                     .: free
 *
 * Whole zone: the migrate scanner takes block 0 (pfns 1, 0: the newest
 * isolated goes first), the free scanner the first free pages of block 4
 * (16, 17), handed out highest first (split_map_pages reverses the list):
 * 1 -> 17, 0 -> 16.  Block 2 is wholly free: the free scanner never takes
 * from it, the migrate scanner only steps over it; the scanners meet in
 * block 3.  In block 1, R is isolated and moved by its owner in one try
 * (fs/aio.c aio_migrate_folio, counting the ring's reference) for every
 * design.  P is the design's and the kernel's answer (an unused target goes
 * back to the list head):
 *   the 2014 check (mm/compaction.c, 6.12.118 about line 1115), every design
 *   whose pin is a reference: P is skipped before isolation (7, 4 isolated;
 *   targets 18 and 12, handed out 12, 18): 7 -> 12, 4 -> 18;
 *   without it (the kernel before v3.15, skip=none): P is isolated (7, 5, 4;
 *   targets 18, 12, 13, handed out 13, 12, 18) and 7 -> 13;
 *     baseline, movable-ops: the refcount freeze fails 3 async + 7 sync
 *       times (10), put back; 4 -> 12;
 *     foll-pin: try_to_migrate_one() cannot unmap a maybe-pinned anon folio
 *       and migrate_folio_unmap() says -EAGAIN: 10 tries as well; 4 -> 12;
 *     pinhash: P, pinned with no hook to move it, is refused at once (one
 *       async, one sync try); 4 -> 12;
 *   movers (page-callbacks, page-ext, proxy, dynamic-page), either kernel:
 *       they let P through, wait for its I/O (quiesce), move it: 7 -> 13,
 *       5 -> 12, 4 -> 18, and block 1 is free too.
 * One pageblock: block 0 is free after the first batch, and it stops there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cmodel/internal.h"
#include "core/results.h"
#include "tests/testutil.h"

#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_PAGES 20
#define PB_ORDER 2
#define PINNED_PFN 5
#define RING_PFN 7
#define MAX_TRIES 10	/* NR_MAX_MIGRATE_PAGES_RETRY, mm/migrate.c: 3 async + 7 sync */

/* What the whole-zone compaction of the zone above must do, per class. */
struct expect {
	unsigned long moves[5][2];	/* src -> dst, in order */
	size_t nr_moves;
	unsigned tries_p, tries_r;	/* migrate() calls on P and R */
	bool p_skipped;
	unsigned long isolated, migrated, failed, retried;
	unsigned long free_blocks_after;
	bool pfn13_free_scanned;
	unsigned long waited;		/* pinned pages a mover quiesced */
};

static const struct expect skip_referenced = {
	{ { 1, 17 }, { 0, 16 }, { 7, 12 }, { 4, 18 } }, 4, 0, 1, true,
	4, 4, 0, 0, 2, false, 0,
};
static const struct expect pins_fail = {
	{ { 1, 17 }, { 0, 16 }, { 7, 13 }, { 4, 12 } }, 4, MAX_TRIES, 1, false,
	5, 4, 1, MAX_TRIES - 1, 2, true, 0,
};
static const struct expect refused_at_once = {
	{ { 1, 17 }, { 0, 16 }, { 7, 13 }, { 4, 12 } }, 4, 2, 1, false,
	5, 4, 1, 1, 2, true, 0,
};
static const struct expect all_move = {
	{ { 1, 17 }, { 0, 16 }, { 7, 13 }, { 5, 12 }, { 4, 18 } }, 5, 1, 1, false,
	5, 5, 0, 0, 3, true, 1,
};

/* Per design: with the 2014 check, and without it (skip=none). */
static const struct {
	const char *design;
	const struct expect *skip2014, *none;
} expected[] = {
	{ "baseline", &skip_referenced, &pins_fail },
	{ "foll-pin", &skip_referenced, &pins_fail },
	{ "movable-ops", &skip_referenced, &pins_fail },
	{ "pinhash", &skip_referenced, &refused_at_once },
	{ "page-callbacks", &all_move, &all_move },
	{ "page-ext", &all_move, &all_move },
	{ "proxy", &all_move, &all_move },
	{ "dynamic-page", &all_move, &all_move },
};

/* The modelled waits of a mover (cm_zone.quiesce_*_ns): P is long-term. */
#define QUIESCE_SHORT_NS 1000.0
#define QUIESCE_LONG_NS 5000.0

static const unsigned char layout[NR_PAGES] = {
	CM_ROLE_USED, CM_ROLE_USED, CM_ROLE_FREE, CM_ROLE_FREE,
	CM_ROLE_USED, CM_ROLE_FIXED, CM_ROLE_FREE, CM_ROLE_RING,
	CM_ROLE_FREE, CM_ROLE_FREE, CM_ROLE_FREE, CM_ROLE_FREE,
	CM_ROLE_FREE, CM_ROLE_FREE, CM_ROLE_USED, CM_ROLE_FREE,
	CM_ROLE_FREE, CM_ROLE_FREE, CM_ROLE_FREE, CM_ROLE_USED,
};

/* Everything the trace said, per pfn, and the moves in order. */
struct seen {
	unsigned count[NR_PAGES][CM_EV_NR];
	unsigned long moves[NR_PAGES][2];	/* src, dst */
	size_t nr_moves;
	unsigned long last_migrated;
};

static void on_event(void *arg, enum cm_event ev, unsigned long pfn)
{
	struct seen *s = arg;

	assert_true(pfn < NR_PAGES);
	s->count[pfn][ev]++;
	if (ev == CM_EV_MIGRATED)
		s->last_migrated = pfn;
	if (ev == CM_EV_MOVED_TO) {
		s->moves[s->nr_moves][0] = s->last_migrated;
		s->moves[s->nr_moves++][1] = pfn;
	}
}

struct fixture {
	const struct pin_design_ops *ops;
	struct pin_mem mem;
	struct cm_zone zone;
	struct cm_owners ow;
	struct page *pin;		/* the handle of P's pin */
	struct seen seen;
	struct cm_stats st;
};

static unsigned char tag_of(int role, size_t slot)
{
	return (unsigned char)(role * 16 + slot + 1);
}

/* Every owned frame starts with its owner and slot; moves must keep it. */
static void tag_frames(struct fixture *f, bool check)
{
	for (int r = CM_ROLE_USED; r < CM_ROLE_NR; r++) {
		const struct pin_owner *o = &f->ow.owner[r];

		for (size_t s = 0; f->ow.live[r] && s < o->nr_slots; s++) {
			unsigned long pfn = pin_mem_memmap_pfn(&f->mem, pin_owner_page(o, s));
			unsigned char *frame = pin_mem_frame(&f->mem, pfn);

			if (check)
				assert_int_equal(frame[0], tag_of(r, s));
			else
				frame[0] = tag_of(r, s);
		}
	}
}

/*
 * The model memory: the 20-page zone, and above it, when nr_pages is more,
 * the node's ZONE_NORMAL (the zone is then ZONE_MOVABLE).
 */
static void init_zone(struct fixture *f, const struct pin_design_ops *ops, const char *params,
		      unsigned long nr_pages, enum cm_skip skip)
{
	const struct pin_mem_config cfg = { .nr_pages = nr_pages, .nr_nodes = 1, .frames = true };
	char err[256] = "";

	memset(f, 0, sizeof(*f));
	f->ops = ops;
	if (pin_mem_init(&f->mem, ops, params, &cfg, err, sizeof(err)))
		fail_msg("%s: %s", ops->name, err);
	f->zone = (struct cm_zone){
		.mem = &f->mem, .range = 0, .start_pfn = 0, .end_pfn = NR_PAGES,
		.pageblock_order = PB_ORDER, .cluster_max = CM_CLUSTER_MAX,
		.quiesce_short_ns = QUIESCE_SHORT_NS, .quiesce_long_ns = QUIESCE_LONG_NS,
		.normal_start = NR_PAGES, .normal_end = nr_pages,
	};
	cm_zone_set_design(&f->zone, ops, skip);
}

/* A fixture for one design over nr_pages of model memory, the 2014 kernel. */
static struct fixture *new_fixture(const char *design, unsigned long nr_pages)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	init_zone(f, pin_design_find(design, NULL), "", nr_pages, CM_SKIP_2014);
	return f;
}

static void open_zone(struct fixture *f, const struct pin_design_ops *ops, const char *params,
		      enum cm_skip skip)
{
	init_zone(f, ops, params, NR_PAGES, skip);
	assert_int_equal(cm_zone_populate(&f->zone, layout, &f->ow), 0);
	tag_frames(f, false);
	assert_int_equal(ops->pin_range(&f->mem, &f->ow.owner[CM_ROLE_FIXED], 0, 1, &f->pin), 1);
}

static void compact(struct fixture *f, enum cm_mode mode)
{
	const struct cm_trace tr = { on_event, &f->seen };

	cm_compact_zone(&f->zone, mode, &f->st, &tr);
}

/*
 * P's pin survived (wherever its page is now), the ring kept its own
 * reference on its page, data too; all pages return.
 */
static void close_zone(struct fixture *f)
{
	struct page *pinned = pin_owner_page(&f->ow.owner[CM_ROLE_FIXED], 0);
	struct pin_owner *ring = &f->ow.owner[CM_ROLE_RING];

	assert_int_equal(f->ops->pin_count(&f->mem, pinned), 1);
	assert_int_equal(f->ops->page_to_pfn(&f->mem, f->pin), pin_mem_memmap_pfn(&f->mem, pinned));
	f->ops->unpin_range(&f->mem, &f->pin, 1);
	assert_ptr_equal(((struct page **)ring->priv)[0], pin_owner_page(ring, 0));
	assert_int_equal(page_ref_count(pin_owner_page(ring, 0)), 2);	/* mapping + ring */
	tag_frames(f, true);
	cm_zone_depopulate(&f->zone, &f->ow);
	assert_int_equal(pin_mem_nr_free(&f->mem, 0), f->mem.nr_pages);
	pin_mem_fini(&f->mem);
}

static void assert_range_seen(const struct seen *s, enum cm_event ev, unsigned long lo,
			      unsigned long hi, unsigned times)
{
	for (unsigned long pfn = lo; pfn <= hi; pfn++)
		if (s->count[pfn][ev] != times)
			fail_msg("pfn %lu: event %d seen %u times, expected %u", pfn, ev,
				 s->count[pfn][ev], times);
}

static void assert_moves(const struct seen *s, const unsigned long (*want)[2], size_t n)
{
	assert_int_equal(s->nr_moves, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(s->moves[i][0], want[i][0]);
		assert_int_equal(s->moves[i][1], want[i][1]);
	}
}

/* ---- the whole zone ------------------------------------------------------ */

static void check_common_whole_zone(const struct fixture *f)
{
	const struct seen *s = &f->seen;
	static const unsigned long free_pfns[] = { 2, 3, 6, 8, 9, 10, 11 };

	assert_int_equal(f->st.result, CM_COMPLETE);
	/* The migrate scanner visits blocks 0-2 once each and nothing above. */
	assert_range_seen(s, CM_EV_SCAN, 0, 11, 1);
	assert_range_seen(s, CM_EV_SCAN, 12, 19, 0);
	for (size_t i = 0; i < sizeof(free_pfns) / sizeof(free_pfns[0]); i++)
		assert_int_equal(s->count[free_pfns[i]][CM_EV_SKIP_FREE], 1);
	/* The free scanner stays out of the migrate scanner's blocks and block 2. */
	assert_range_seen(s, CM_EV_FREE_SCAN, 0, 11, 0);
	assert_range_seen(s, CM_EV_FREE_SCAN, 16, 19, 1);
	assert_int_equal(s->count[12][CM_EV_FREE_SCAN], 1);
	assert_range_seen(s, CM_EV_FREE_SCAN, 14, 15, 0);
	assert_range_seen(s, CM_EV_ISOLATE, 0, 1, 1);
	assert_int_equal(s->count[4][CM_EV_ISOLATE], 1);
	assert_int_equal(s->count[RING_PFN][CM_EV_ISOLATE], 1);
	assert_int_equal(f->st.scanned, 12);
	assert_int_equal(f->st.free_blocks_before, 1);
}

static void check_whole_zone(const struct fixture *f, const struct expect *e)
{
	const struct seen *s = &f->seen;

	check_common_whole_zone(f);
	assert_moves(s, e->moves, e->nr_moves);
	assert_int_equal(s->count[PINNED_PFN][CM_EV_ATTEMPT], e->tries_p);
	assert_int_equal(s->count[RING_PFN][CM_EV_ATTEMPT], e->tries_r);
	assert_int_equal(s->count[PINNED_PFN][CM_EV_SKIP_PINNED], e->p_skipped);
	assert_int_equal(s->count[PINNED_PFN][CM_EV_ISOLATE], !e->p_skipped);
	assert_int_equal(s->count[13][CM_EV_FREE_SCAN], e->pfn13_free_scanned);
	assert_int_equal(f->st.isolated, e->isolated);
	assert_int_equal(f->st.skipped_pinned, e->p_skipped);
	assert_int_equal(f->st.migrated, e->migrated);
	assert_int_equal(f->st.failed, e->failed);
	assert_int_equal(f->st.retried, e->retried);
	assert_int_equal(f->st.free_blocks_after, e->free_blocks_after);
	assert_int_equal(f->st.failed > 0, f->st.ticks_not_moved > 0);
	/* Every design moved R (e->moves) with the ring's reference (close_zone). */
	assert_int_equal(f->st.pages_waited, e->waited);
	assert_int_equal(s->count[PINNED_PFN][CM_EV_QUIESCE], e->waited);
	assert_true(f->st.quiesce_ns == (e->waited ? QUIESCE_LONG_NS : 0));
}

/* ---- until one free pageblock ------------------------------------------ */

static void check_one_block(const struct fixture *f)
{
	static const unsigned long moves[][2] = { { 1, 17 }, { 0, 16 } };
	const struct seen *s = &f->seen;

	assert_int_equal(f->st.result, CM_SUCCESS);
	assert_range_seen(s, CM_EV_SCAN, 0, 3, 1);
	assert_range_seen(s, CM_EV_SCAN, 4, 19, 0);
	assert_moves(s, moves, 2);
	assert_int_equal(s->count[PINNED_PFN][CM_EV_ISOLATE], 0);
	assert_int_equal(f->st.free_blocks_after, 2);
}

/* ---- over the registry ----------------------------------------------------- */

static const struct expect *expect_of(const char *design, enum cm_skip skip)
{
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (!strcmp(expected[i].design, design))
			return skip == CM_SKIP_2014 ? expected[i].skip2014 : expected[i].none;
	return NULL;
}

/* Every design of the registry (or only `only`) through one compaction. */
static void for_each_known_design(enum cm_mode mode, enum cm_skip skip, const char *only)
{
	size_t checked = 0;

	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);
		const char *params = "";
		const struct pin_design_ops *ops = pin_design_find(v->spec, &params);
		const struct expect *e = ops ? expect_of(ops->name, skip) : NULL;
		struct fixture *f;

		if (!e || (only && strcmp(ops->name, only))) {
			if (!only)
				printf("# %s: no hand-worked expectation, not checked\n", v->name);
			continue;
		}
		f = calloc(1, sizeof(*f));
		assert_non_null(f);
		open_zone(f, ops, params, skip);
		compact(f, mode);
		if (mode == CM_WHOLE_ZONE)
			check_whole_zone(f, e);
		else
			check_one_block(f);
		close_zone(f);
		free(f);
		checked++;
	}
	assert_true(checked >= 1);
}

/*
 * Item 1 (issue 14): the 2014 check skips P for every design whose pin is a
 * reference, baseline as well as foll-pin; movers let it through.
 */
static void t_skip_2014_every_reference_pin(void **state)
{
	(void)state;
	for_each_known_design(CM_WHOLE_ZONE, CM_SKIP_2014, NULL);
}

/* The kernel before v3.15: P isolated, and each design fails it its way. */
static void t_skip_none_pre2014(void **state)
{
	(void)state;
	for_each_known_design(CM_WHOLE_ZONE, CM_SKIP_NONE, NULL);
}

/* Item 2: foll-pin's isolated maybe-pinned P gets all 10 tries, not 2. */
static void t_pinned_anon_unmap_retries(void **state)
{
	(void)state;
	for_each_known_design(CM_WHOLE_ZONE, CM_SKIP_NONE, "foll-pin");
}

static void t_one_block(void **state)
{
	(void)state;
	for_each_known_design(CM_ONE_BLOCK, CM_SKIP_2014, NULL);
	for_each_known_design(CM_ONE_BLOCK, CM_SKIP_NONE, NULL);
}

/* ---- item 6: a pinned THP ------------------------------------------------ */

/*
 * foll-pin's exact path: one pin of pfn 5 goes to the folio's _pincount
 * (one reference, not 1024); the migrate scanner steps over the folio at
 * its head without isolating a page of it (skip_isolation_on_order(),
 * mm/compaction.c 6.12.118), and its block stays taken: one pin strands
 * the whole THP.
 */
static void t_thp_pin_strands_block(void **state)
{
	struct fixture *f = new_fixture("foll-pin", NR_PAGES);
	const struct pin_design_ops *ops = f->ops;
	unsigned char thp_layout[NR_PAGES];
	struct page *head;

	(void)state;
	/* Block 1 is one THP of the O_DIRECT buffer (order 2 here: a pageblock). */
	memcpy(thp_layout, layout, sizeof(layout));
	memset(thp_layout + 4, CM_ROLE_SHORT, 4);
	f->zone.thp_roles = 1u << CM_ROLE_SHORT;
	assert_int_equal(cm_zone_populate(&f->zone, thp_layout, &f->ow), 0);
	head = pin_mem_memmap_page(&f->mem, 4);
	assert_int_equal(page_folio_order(&f->mem, head), PB_ORDER);
	assert_int_equal(ops->pin_range(&f->mem, &f->ow.owner[CM_ROLE_SHORT], 1, 1, &f->pin), 1);
	assert_int_equal(atomic_load(page_folio_pincount(&f->mem, head)), 1);
	assert_int_equal(page_ref_count(head), 4 + 1);
	assert_true(ops->maybe_pinned(&f->mem, pin_mem_memmap_page(&f->mem, 6)));
	compact(f, CM_WHOLE_ZONE);
	assert_int_equal(f->seen.count[4][CM_EV_SCAN], 1);
	assert_int_equal(f->seen.count[4][CM_EV_SKIP_LARGE], 1);
	assert_range_seen(&f->seen, CM_EV_SCAN, 5, 7, 0);
	assert_range_seen(&f->seen, CM_EV_ISOLATE, 4, 7, 0);
	assert_false(cm_block_is_free(&f->zone, 4));
	assert_int_equal(atomic_load(page_folio_pincount(&f->mem, head)), 1);
	ops->unpin_range(&f->mem, &f->pin, 1);
	assert_int_equal(atomic_load(page_folio_pincount(&f->mem, head)), 0);
	cm_zone_depopulate(&f->zone, &f->ow);
	assert_int_equal(pin_mem_nr_free(&f->mem, 0), NR_PAGES);
	pin_mem_fini(&f->mem);
	free(f);
}

/* ---- item 4: a mover waits for the I/O -------------------------------- */

/*
 * P as an O_DIRECT page (short-term pin): a mover quiesces it before the
 * move, one short wait for the batch; a design that does not move pinned
 * pages never waits (the 2014 check skips P).
 */
static void quiesce_case(const char *design, unsigned long waited, bool skipped)
{
	static unsigned char short_layout[NR_PAGES];
	struct fixture *f = new_fixture(design, NR_PAGES);
	const struct pin_design_ops *ops = f->ops;
	struct page *h;

	memcpy(short_layout, layout, sizeof(layout));
	short_layout[PINNED_PFN] = CM_ROLE_SHORT;
	assert_int_equal(cm_zone_populate(&f->zone, short_layout, &f->ow), 0);
	assert_int_equal(ops->pin_range(&f->mem, &f->ow.owner[CM_ROLE_SHORT], 0, 1, &h), 1);
	compact(f, CM_WHOLE_ZONE);
	assert_int_equal(f->st.pages_waited, waited);
	assert_true(f->st.quiesce_ns == (waited ? QUIESCE_SHORT_NS : 0));
	assert_int_equal(f->st.skipped_pinned, skipped);
	ops->unpin_range(&f->mem, &h, 1);
	cm_zone_depopulate(&f->zone, &f->ow);
	pin_mem_fini(&f->mem);
	free(f);
}

static void t_mover_quiesces(void **state)
{
	(void)state;
	quiesce_case("page-callbacks", 1, false);
	quiesce_case("proxy", 1, false);
	quiesce_case("foll-pin", 0, true);
}

/* ---- item 5: the zone is ZONE_MOVABLE ---------------------------------- */

/*
 * A FOLL_LONGTERM pin first moves P out of the movable zone into the node's
 * ZONE_NORMAL (pfns 20-23; check_and_migrate_movable_pages(), mm/gup.c
 * 6.12.118): foll-pin pays one migration at registration, and compaction
 * then frees block 1 as well (3 free blocks, not 2) with nothing skipped.
 */
static void t_movable_zone_longterm_moves_out(void **state)
{
	struct fixture *f = new_fixture("foll-pin", NR_PAGES + 4);
	const struct pin_design_ops *ops = f->ops;
	struct pin_owner *fixed;

	(void)state;
	assert_int_equal(cm_zone_populate(&f->zone, layout, &f->ow), 0);
	tag_frames(f, false);
	fixed = &f->ow.owner[CM_ROLE_FIXED];
	assert_int_equal(cm_longterm_migrate_out(&f->zone, fixed, 0, 1), 1);
	assert_int_equal(pin_mem_memmap_pfn(&f->mem, pin_owner_page(fixed, 0)), NR_PAGES);
	assert_int_equal(ops->pin_range(&f->mem, fixed, 0, 1, &f->pin), 1);
	compact(f, CM_WHOLE_ZONE);
	assert_int_equal(f->st.skipped_pinned, 0);
	assert_int_equal(f->st.failed, 0);
	assert_int_equal(f->st.free_blocks_after, 3);
	/* Already outside the zone: nothing more to move. */
	assert_int_equal(cm_longterm_migrate_out(&f->zone, fixed, 0, 1), 0);
	close_zone(f);
	free(f);
}

/* The fragmenter's layout and the buffers placed in it. */
static void t_layout(void **state)
{
	unsigned char role[64];
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	struct gsl_rng *rng = (struct gsl_rng *)g;
	unsigned n_short = 0, n_used = 0;

	(void)state;
	cm_layout_fragment(role, 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(role[i], i % 2 ? CM_ROLE_FREE : CM_ROLE_USED);
	assert_int_equal(cm_layout_place(role, 64, CM_ROLE_SHORT, 2, 5, rng), 0);
	for (int i = 0; i < 64; i++) {
		n_short += role[i] == CM_ROLE_SHORT;
		n_used += role[i] == CM_ROLE_USED;
		if (i % 2)
			assert_int_equal(role[i], CM_ROLE_FREE);
	}
	assert_int_equal(n_short, 10);
	assert_int_equal(n_used, 22);
	assert_int_equal(cm_layout_place(role, 64, CM_ROLE_FIXED, 1, 23, rng), -ENOSPC);
	/* A THP buffer takes whole blocks that hold no other buffer's page. */
	cm_layout_fragment(role, 64);
	assert_int_equal(cm_layout_place_thp(role, 64, CM_ROLE_FIXED, 9, 8, rng), 0);
	n_used = 0;
	for (int i = 0; i < 64; i++)
		n_used += role[i] == CM_ROLE_FIXED;
	assert_int_equal(n_used, 16);
	for (int i = 0; i < 64; i += 8)
		for (int j = 1; j < 8; j++)
			assert_int_equal(role[i + j] == CM_ROLE_FIXED, role[i] == CM_ROLE_FIXED);
	gsl_rng_free(g);
}

/* Bad parameters: exit status 2, one line, nothing written. */
static void t_bad_params(void **state)
{
	static const char *const bad[] = {
		"cmodel.qd=33", "cmodel.zone_mib=3", "cmodel.iops=0", "cmodel.fixed_bufs=x",
		"cmodel.fixed_buf_pages=65536", "cmodel.skip=2013", "cmodel.zone=dma", "cmodel.thp=2",
	};
	char *dir = test_tmpdir(), out[4200], err[512];

	(void)state;
	assert_non_null(dir);
	snprintf(out, sizeof(out), "%s/run", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { "run", "-b", "cmodel", "--param", bad[i], "-o", out, NULL };

		assert_int_equal(run_cli(args, err, sizeof(err)), 2);
		assert_non_null(strstr(err, "cmodel"));
		assert_false(path_exists(out));
	}
	rm_rf(dir);
}

/* A small whole run: every scenario and mode recorded, pages moved. */
static void t_small_run(void **state)
{
	const char *args_tail[] = { "--reps", "1", "-d", "baseline", "--param", "cmodel.zone_mib=4",
				    "--param", "cmodel.fixed_bufs=2", NULL };
	char *dir = test_tmpdir(), out[4200], tsv[4300], err[512];
	const char *args[16] = { "run", "-b", "cmodel", "-o", out };
	struct tsv_table t;
	size_t latency_rows = 0, moved_rows = 0;

	(void)state;
	assert_non_null(dir);
	snprintf(out, sizeof(out), "%s/run", dir);
	for (size_t i = 0; args_tail[i]; i++)
		args[5 + i] = args_tail[i];
	assert_int_equal(run_cli(args, err, sizeof(err)), 0);
	assert_manifest(out, "status", "complete");
	snprintf(tsv, sizeof(tsv), "%s/cmodel.tsv", out);
	assert_int_equal(tsv_read(tsv, &t, err, sizeof(err)), 0);
	for (size_t r = 0; r < t.nr_rows; r++) {
		const char *metric = t.rows[r][tsv_column(&t, "metric")];
		double v;

		assert_true(tsv_parse_value(t.rows[r][tsv_column(&t, "value")], &v));
		latency_rows += !strcmp(metric, "latency");
		moved_rows += !strcmp(metric, "migrated") && v > 0;
	}
	assert_int_equal(latency_rows, 8);	/* 4 scenarios x 2 modes */
	assert_int_equal(moved_rows, 8);
	tsv_free(&t);
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_skip_2014_every_reference_pin),
		cmocka_unit_test(t_skip_none_pre2014),
		cmocka_unit_test(t_pinned_anon_unmap_retries),
		cmocka_unit_test(t_one_block),
		cmocka_unit_test(t_mover_quiesces),
		cmocka_unit_test(t_thp_pin_strands_block),
		cmocka_unit_test(t_movable_zone_longterm_moves_out),
		cmocka_unit_test(t_layout),
		cmocka_unit_test(t_bad_params),
		cmocka_unit_test(t_small_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
