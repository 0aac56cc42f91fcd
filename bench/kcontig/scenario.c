// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig scenario: one repetition of one density and layout.
 *
 *   1. fragment the node's free memory (every other 4 KiB page of a region
 *      faulted first, so it takes the remnants of partly used blocks and
 *      then whole free blocks) until its free 2 MiB blocks fall to the target;
 *   2. fault the pin region (now mostly whole free blocks), pin the chosen
 *      pages, free the rest, record the pinned pfns;
 *   3. compact the node, then raise its nr_hugepages;
 *   4. classify every pageblock of the node's zones with the huge pages
 *      still held, then give everything back.
 */
#include "kcontig/internal.h"
#include "workloads/memfrag.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODE_ZONES 8

struct rep_state {
	struct kc_region reg;
	struct kc_inflight *io;		/* short-term pins: reads in flight */
	char **bufs;
	int io_hook;
	unsigned long long ios;
	int io_err;
	size_t moved_pinning;		/* pinned pages moved by the pinning */
	size_t moved_after;		/* ... since they were faulted, after the attempts */
	struct fragmenter fr;
	size_t frag_bytes;
	uint64_t *blocks;		/* the region's full blocks, ascending */
	size_t nr_blocks, predicted;
	struct kc_pressure pr;
	double free_placed, free_compacted, free_huge;
	struct kc_compaction comp;
	struct kc_hugetlb huge;
	size_t region_cls[KC_NR_CLASSES];	/* the full blocks' classes */
	struct kc_zone_map maps[MAX_NODE_ZONES];
	int nr_maps;
};

static const char *const kind_names[] = { "longterm", "odirect" };

int kc_scenarios(const struct kc_run *r, struct kc_scenario *out, int max)
{
	int n = 0;

	for (int i = 0; i < r->nr_ks && n < max; i++) {
		if (r->ks[i] == 0)
			out[n++] = (struct kc_scenario){ KC_SPREAD, 0, KC_LONGTERM };
	}
	for (int kind = KC_LONGTERM; kind <= KC_SHORTTERM; kind++) {
		for (int l = KC_SPREAD; l <= KC_CLUSTERED; l++) {
			for (int i = 0; i < r->nr_ks && n < max; i++) {
				if (r->ks[i] && r->layout_on[l] && r->kind_on[kind])
					out[n++] = (struct kc_scenario){ (enum kc_layout)l, r->ks[i],
									 (enum kc_kind)kind };
			}
		}
	}
	return n;
}

void kc_scenario_case(const struct kc_scenario *s, char *out, size_t len)
{
	if (!s->k)
		snprintf(out, len, "pin=none,layout=none,k=0");
	else
		snprintf(out, len, "pin=%s,layout=%s,k=%u", kind_names[s->kind],
			 kc_layout_name(s->layout), s->k);
}

/* "longterm-spread-k4", "none-k0": for file names and manifest keys. */
static void scenario_tag(const struct kc_scenario *s, char *out, size_t len)
{
	if (!s->k)
		snprintf(out, len, "none-k0");
	else
		snprintf(out, len, "%s-%s-k%u", kind_names[s->kind], kc_layout_name(s->layout), s->k);
}

static int fragment(struct kc_run *r, struct rep_state *st)
{
	char why[256];

	st->pr.free_before = kc_free_blocks(r->node);
	st->frag_bytes = kc_frag_size(r->node, r->free_target, r->frag_cap, why, sizeof(why));
	if (st->frag_bytes) {
		int err = frag_make(&st->fr, st->frag_bytes, FRAG_EVERY_OTHER_4K);

		if (err)
			return err;
	} else if (r->frag_cap) {
		bench_msg(r->ctx, "not fragmenting: %s", why);
	}
	st->pr.free_fragmented = kc_free_blocks(r->node);
	return 0;
}

static void stop_reads(void *arg)
{
	struct rep_state *st = arg;

	st->ios = kc_inflight_stop(st->io, &st->io_err);
	st->io = NULL;
}

/* Short-term pins: reads kept in flight into the picked pages. */
static int start_reads(struct kc_run *r, struct rep_state *st)
{
	if (!r->have_files)
		return -EOPNOTSUPP;
	st->bufs = calloc(st->reg.nr_picked ? st->reg.nr_picked : 1, sizeof(*st->bufs));
	if (!st->bufs)
		return -ENOMEM;
	for (size_t i = 0; i < st->reg.nr_picked; i++)
		st->bufs[i] = st->reg.base + st->reg.picked[i] * KC_PAGE;
	st->io_hook = bench_cleanup_push(stop_reads, st);
	st->io = kc_inflight_start(r->files.file, r->files.bytes, st->bufs, st->reg.nr_picked);
	return st->io || !st->reg.nr_picked ? 0 : -EIO;
}

static int place(struct kc_run *r, const struct kc_scenario *s, unsigned index,
		 unsigned rep, struct rep_state *st)
{
	gsl_rng *rng = (gsl_rng *)bench_rng(r->ctx, (uint64_t)index * 1000 + rep);
	char case_[96];
	int err;

	if (!rng)
		return -ENOMEM;
	err = kc_region_fault(&st->reg, r->region_bytes);
	st->blocks = malloc((st->reg.pages / KC_BLOCK_PAGES + 1) * sizeof(*st->blocks));
	if (!err && !st->blocks)
		err = -ENOMEM;
	if (!err) {
		st->nr_blocks = kc_full_blocks(st->reg.pfns, st->reg.pages, st->blocks);
		st->reg.nr_picked = kc_place(st->reg.pfns, st->reg.pages, s->k, s->layout,
					     rng, st->reg.picked);
		err = s->kind == KC_SHORTTERM ? start_reads(r, st) : 0;
	}
	if (!err)
		err = kc_region_pin(&st->reg, s->kind == KC_LONGTERM);
	gsl_rng_free(rng);
	if (err)
		return err;
	kc_scenario_case(s, case_, sizeof(case_));
	snprintf(case_ + strlen(case_), sizeof(case_) - strlen(case_), ",rep=%u", rep);
	if (kc_pins_write(r->pins_path, &st->reg, case_, st->blocks, st->nr_blocks))
		bench_msg(r->ctx, "cannot write %s", r->pins_path);
	st->predicted = kc_predict_free(st->blocks, st->nr_blocks, st->reg.pinned_pfns,
					st->reg.nr_picked);
	return 0;
}

static void attempts(struct kc_run *r, struct rep_state *st)
{
	char why[256];
	size_t huge = frag_bound(r->huge_bytes, 0, why, sizeof(why));

	st->free_placed = kc_free_blocks(r->node);
	kc_compact_node(r->node, &st->comp);
	st->pr.migrated = st->comp.migrated;
	st->free_compacted = kc_free_blocks(r->node);
	kc_hugetlb_raise(r->node, (long)(huge / KC_2M), &r->huge, &st->huge);
	st->free_huge = kc_free_blocks(r->node);
	/* Where the pinned pages are now: short-term ones may have moved. */
	st->moved_after = st->moved_pinning = st->reg.moved;
	if (kc_region_reread(&st->reg) == 0)
		st->moved_after = st->reg.moved;
}

static const struct kc_zone_map *map_of_block(const struct rep_state *st, uint64_t b)
{
	for (int i = 0; i < st->nr_maps; i++) {
		const struct kc_zone_map *m = &st->maps[i];

		if (b >= m->start_block && b < m->start_block + m->nr_blocks)
			return m;
	}
	return NULL;
}

static void classify(struct kc_run *r, struct rep_state *st)
{
	for (int i = 0; i < r->nr_zones && st->nr_maps < MAX_NODE_ZONES; i++) {
		if (r->zones[i].node != r->node || !r->zones[i].managed)
			continue;
		if (kc_classify_zone(&r->zones[i], st->reg.pinned_pfns, st->reg.nr_picked,
				     &st->maps[st->nr_maps]) == 0)
			st->nr_maps++;
	}
	for (size_t i = 0; i < st->nr_blocks; i++) {
		const struct kc_zone_map *m = map_of_block(st, st->blocks[i]);

		st->region_cls[m ? m->cls[st->blocks[i] - m->start_block] : KC_OTHER]++;
	}
}

/* The text map (and PNG) of each zone, for the first repetition. */
static void write_maps(struct kc_run *r, const struct kc_scenario *s, unsigned rep,
		       const struct rep_state *st)
{
	char path[4400], title[160], case_[96], tag[64];

	kc_scenario_case(s, case_, sizeof(case_));
	scenario_tag(s, tag, sizeof(tag));
	for (int i = 0; i < st->nr_maps && rep == 0; i++) {
		const struct kc_zone_map *m = &st->maps[i];
		FILE *f;

		snprintf(title, sizeof(title), "kcontig %s after compaction and nr_hugepages",
			 case_);
		snprintf(path, sizeof(path), "%s/%s-node%d-%s.txt", r->maps_dir, tag,
			 m->node, m->zone);
		if ((f = fopen(path, "w"))) {
			kc_map_write(f, m, title);
			fclose(f);
		}
		/* The zone that holds the pins is the one worth a picture. */
		if (m->nr_blocks > 1024) {
			snprintf(path + strlen(path) - 4, 8, ".png");
			kc_map_png(m, title, path);
		}
	}
}

static void release(struct kc_run *r, struct rep_state *st)
{
	if (st->io_hook >= 0)
		bench_cleanup_pop(st->io_hook, true);
	free(st->bufs);
	kc_hugetlb_restore(&r->huge);
	for (int i = 0; i < st->nr_maps; i++)
		kc_zone_map_free(&st->maps[i]);
	kc_region_release(&st->reg);
	frag_release(&st->fr);
	free(st->blocks);
}

static void rec(struct kc_run *r, const char *case_, const char *metric, const char *unit,
		enum better better, unsigned rep, double v)
{
	kbench_record(r->ctx, case_, metric, unit, better, rep, v);
}

static void record_zones(struct kc_run *r, const char *case_, unsigned rep,
			 const struct rep_state *st, double flag)
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
			  const struct rep_state *st)
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
			    const struct rep_state *st, double flag)
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
	rec(r, case_, "no_pressure", "flag", BETTER_LOWER, rep, flag);
}

static void record(struct kc_run *r, const struct kc_scenario *s, unsigned rep,
		   const struct rep_state *st)
{
	const char *why = kc_no_pressure(&st->pr);
	char case_[96], key[96], tag[64];

	kc_scenario_case(s, case_, sizeof(case_));
	scenario_tag(s, tag, sizeof(tag));
	snprintf(key, sizeof(key), "no_pressure.%s.rep%u", tag, rep);
	if (why)
		bench_note(r->ctx, key, "%s (free 2 MiB blocks %.0f -> %.0f, compaction "
			   "migrated %.0f pages)", why, st->pr.free_before,
			   st->pr.free_fragmented, st->pr.migrated);
	record_region(r, case_, rep, st);
	record_attempts(r, case_, rep, st, why ? 1 : 0);
	record_zones(r, case_, rep, st, why ? 1 : 0);
}

int kc_scenario_rep(struct kc_run *r, const struct kc_scenario *s, unsigned index,
		    unsigned rep)
{
	struct rep_state *st = calloc(1, sizeof(*st));
	uint64_t t = kphase_now();
	int err;

	if (!st)
		return -ENOMEM;
	st->fr.hook = st->reg.hook = st->io_hook = -1;
	err = fragment(r, st);
	t = kphase_add(&r->phases, "fragment", t);
	if (!err)
		err = place(r, s, index, rep, st);
	t = kphase_add(&r->phases, "place_pins", t);
	if (!err && !bench_should_stop()) {
		attempts(r, st);
		t = kphase_add(&r->phases, "compact_hugetlb", t);
		classify(r, st);
		write_maps(r, s, rep, st);
		if (st->io_hook >= 0)	/* the reads' count, before it is recorded */
			bench_cleanup_pop(st->io_hook, true);
		st->io_hook = -1;
		if (st->io_err)
			bench_msg(r->ctx, "an O_DIRECT read failed: %s", strerror(-st->io_err));
		record(r, s, rep, st);
		t = kphase_add(&r->phases, "classify", t);
	}
	release(r, st);
	kphase_add(&r->phases, "release", t);
	free(st);
	return err ? err : bench_should_stop() ? -EINTR : 0;
}
