// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig record: the rows of one repetition, each measured outcome beside
 * its prediction, and the "no pressure" verdict in a note and a flag.
 */
#include "kcontig/internal.h"

#include <math.h>
#include <stdio.h>

static void rec(struct kc_run *r, const char *case_, const char *metric, const char *unit,
		enum better better, unsigned rep, double v)
{
	kbench_record(r->ctx, case_, metric, unit, better, rep, v);
}

static void record_zones(struct kc_run *r, const char *case_, unsigned rep,
			 const struct kc_rep *st, double flag)
{
	char zcase[160], metric[48];

	for (int i = 0; i < st->nr_maps; i++) {
		const struct kc_zone_map *m = &st->maps[i];
		uint64_t lo = m->start_block * KC_BLOCK_PAGES;
		size_t hit = kc_blocks_hit(st->reg.pinned_pfns, st->reg.nr_picked, lo,
					   lo + m->nr_blocks * KC_BLOCK_PAGES);

		snprintf(zcase, sizeof(zcase), "%s,node=%d,zone=%s", case_, m->node, m->zone);
		for (int c = 0; c < KC_NR_CLASSES; c++) {
			snprintf(metric, sizeof(metric), "blocks_%s", kc_class_name(c));
			rec(r, zcase, metric, "blocks", c == KC_FREE ? BETTER_HIGHER : BETTER_LOWER,
			    rep, (double)m->count[c]);
		}
		rec(r, zcase, "blocks_unpinned_predicted", "blocks", BETTER_HIGHER, rep,
		    (double)(m->nr_blocks - hit));
		/* buddyinfo's count beside the map's: order >= 9 chunks only */
		rec(r, zcase, "free_2m_buddyinfo", "blocks", BETTER_HIGHER, rep,
		    kc_free_blocks_zone(m->node, m->zone));
		rec(r, zcase, "no_pressure", "flag", BETTER_LOWER, rep, flag);
	}
}

/*
 * Measured: the region's blocks free or turned into huge pages after the
 * attempts (what the kernel made of them).  A region block with no page in
 * use and none on the buddy lists is free on the per-CPU lists: it was ours
 * a moment ago, so it cannot be uninitialised memory.  Freeable adds the
 * blocks holding only movable pages (compaction's free scanner fills free
 * blocks with the pages it moves, so a block the model calls free may
 * hold movable pages).
 */
static void record_region(struct kc_run *r, const char *case_, unsigned rep,
			  const struct kc_rep *st)
{
	double measured = (double)(st->region_cls[KC_FREE] + st->region_cls[KC_UNLISTED] +
				   st->region_cls[KC_HUGETLB]);
	double freeable = measured + (double)st->region_cls[KC_MOVABLE];
	double predicted = (double)st->predicted;
	char metric[48];

	rec(r, case_, "pinned_pages", "pages", BETTER_LOWER, rep, (double)st->reg.nr_picked);
	rec(r, case_, "pinned_blocks", "blocks", BETTER_LOWER, rep,
	    (double)kc_blocks_hit(st->reg.pinned_pfns, st->reg.nr_picked, 0, UINT64_MAX));
	rec(r, case_, "pins_moved_pinning", "pages", BETTER_LOWER, rep, (double)st->moved_pinning);
	rec(r, case_, "pins_moved_after", "pages", BETTER_LOWER, rep, (double)st->moved_after);
	if (st->bufs)
		rec(r, case_, "odirect_reads", "IOs", BETTER_HIGHER, rep, (double)st->ios);
	rec(r, case_, "region_full_blocks", "blocks", BETTER_HIGHER, rep, (double)st->nr_blocks);
	rec(r, case_, "predicted_free_blocks", "blocks", BETTER_HIGHER, rep, predicted);
	rec(r, case_, "measured_free_blocks", "blocks", BETTER_HIGHER, rep, measured);
	rec(r, case_, "measured_over_predicted", "ratio", BETTER_HIGHER, rep,
	    predicted > 0 ? measured / predicted : NAN);
	rec(r, case_, "freeable_over_predicted", "ratio", BETTER_HIGHER, rep,
	    predicted > 0 ? freeable / predicted : NAN);
	for (int c = 0; c < KC_NR_CLASSES; c++) {
		snprintf(metric, sizeof(metric), "region_blocks_%s", kc_class_name(c));
		rec(r, case_, metric, "blocks", c == KC_FREE || c == KC_HUGETLB ?
		    BETTER_HIGHER : BETTER_LOWER, rep, (double)st->region_cls[c]);
	}
}

static void record_attempts(struct kc_run *r, const char *case_, unsigned rep,
			    const struct kc_rep *st, double flag)
{
	rec(r, case_, "frag_mib", "MiB", BETTER_LOWER, rep, (double)(st->frag_bytes >> 20));
	rec(r, case_, "free_2m_before", "blocks", BETTER_HIGHER, rep, st->pr.free_before);
	rec(r, case_, "free_2m_fragmented", "blocks", BETTER_HIGHER, rep, st->pr.free_fragmented);
	rec(r, case_, "free_2m_placed", "blocks", BETTER_HIGHER, rep, st->free_placed);
	rec(r, case_, "free_2m_compacted", "blocks", BETTER_HIGHER, rep, st->free_compacted);
	rec(r, case_, "free_2m_hugetlb", "blocks", BETTER_HIGHER, rep, st->free_huge);
	rec(r, case_, "compact_ms", "ms", BETTER_LOWER, rep, st->comp.err ? NAN : st->comp.ms);
	rec(r, case_, "compact_migrated", "pages", BETTER_HIGHER, rep, st->comp.migrated);
	rec(r, case_, "compact_failed", "pages", BETTER_LOWER, rep, st->comp.failed);
	rec(r, case_, "compact_scanned", "pages", BETTER_LOWER, rep, st->comp.scanned);
	rec(r, case_, "huge_asked", "pages", BETTER_HIGHER, rep,
	    (double)(st->huge.target - st->huge.before));
	rec(r, case_, "huge_obtained", "pages", BETTER_HIGHER, rep,
	    st->huge.err ? NAN : (double)st->huge.obtained);
	rec(r, case_, "huge_ms", "ms", BETTER_LOWER, rep, st->huge.ms);
	if (!st->giga.err) {	/* a kernel with 1 GiB pages */
		rec(r, case_, "giga_obtained", "pages", BETTER_HIGHER, rep,
		    (double)st->giga.obtained);
		rec(r, case_, "giga_pin_free_ranges", "ranges", BETTER_HIGHER, rep,
		    (double)st->giga_pin_free);
		rec(r, case_, "giga_ms", "ms", BETTER_LOWER, rep, st->giga.ms);
	}
	rec(r, case_, "no_pressure", "flag", BETTER_LOWER, rep, flag);
}

/*
 * The node-wide outcome against two predictions.  Asked for every page,
 * the node gives the k = 0 scenario's huge pages of the same repetition
 * less one for each region block holding a pin (the model's claim), or
 * fewer lost: compaction's free scanner takes free pages in any movable
 * pageblock as targets (suitable_migration_target(), mm/compaction.c,
 * v6.12), so the fragmenter's M resident pages can fill the 511 free pages
 * of each pinned block instead of occupying free blocks of their own:
 * lost = S - min(M, 511 S) / 512.
 */
static void record_huge_lost(struct kc_run *r, const struct kc_scenario *s,
			     const char *case_, unsigned rep, const struct kc_rep *st)
{
	double obtained = st->huge.err ? NAN : (double)st->huge.obtained;
	double spoiled = (double)(st->nr_blocks - st->predicted);
	double movable = (double)(st->frag_bytes / 2 / KC_PAGE);
	double filled = spoiled - fmin(movable, (KC_BLOCK_PAGES - 1) * spoiled) / KC_BLOCK_PAGES;
	double lost;

	if (!s->k) {
		r->huge_base = obtained;
		r->huge_base_rep = rep;
		return;
	}
	if (!r->huge_max || r->huge_base_rep != rep || isnan(r->huge_base))
		return;
	lost = r->huge_base - obtained;
	rec(r, case_, "huge_lost", "pages", BETTER_LOWER, rep, lost);
	rec(r, case_, "huge_lost_predicted", "pages", BETTER_LOWER, rep, spoiled);
	rec(r, case_, "huge_lost_over_predicted", "ratio", BETTER_LOWER, rep,
	    spoiled > 0 ? lost / spoiled : NAN);
	rec(r, case_, "huge_lost_filled", "pages", BETTER_LOWER, rep, filled);
}

void kc_record_rep(struct kc_run *r, const struct kc_scenario *s, unsigned rep,
		   const struct kc_rep *st)
{
	const char *why = kc_no_pressure(&st->pr);
	char case_[96], key[96], tag[64];

	kc_scenario_case(s, case_, sizeof(case_));
	kc_scenario_tag(s, tag, sizeof(tag));
	snprintf(key, sizeof(key), "no_pressure.%s.rep%u", tag, rep);
	if (why)
		bench_note(r->ctx, key, "%s (free 2 MiB blocks %.0f -> %.0f, compaction "
			   "migrated %.0f pages)", why, st->pr.free_before,
			   st->pr.free_fragmented, st->pr.migrated);
	record_region(r, case_, rep, st);
	record_attempts(r, case_, rep, st, why ? 1 : 0);
	record_huge_lost(r, s, case_, rep, st);
	record_zones(r, case_, rep, st, why ? 1 : 0);
}
