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

static uint64_t node_present_pages(const struct kc_run *r)
{
	uint64_t pages = 0;

	for (int i = 0; i < r->nr_zones; i++) {
		if (r->zones[i].node == r->node)
			pages += r->zones[i].present;
	}
	return pages;
}

/* Bytes the node keeps free for our own faults: 1/64 of it, 64 MiB at least. */
static size_t huge_reserve(const struct kc_run *r)
{
	size_t sixty_fourth = (size_t)(node_present_pages(r) * KC_PAGE / 64);

	return sixty_fourth > (64ul << 20) ? sixty_fourth : 64ul << 20;
}

static int fragment(struct kc_run *r, struct kc_rep *st)
{
	char why[256];

	/* Before anything is placed, so that it splits no block of the region. */
	if (r->huge_max && kc_reserve_take(&st->reserve, huge_reserve(r)))
		bench_msg(r->ctx, "no memory reserve: the node may run out when asked for every page");
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
	struct kc_rep *st = arg;

	st->ios = kc_inflight_stop(st->io, &st->io_err);
	st->io = NULL;
}

/* Short-term pins: reads kept in flight into the picked pages. */
static int start_reads(struct kc_run *r, struct kc_rep *st)
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
		 unsigned rep, struct kc_rep *st)
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

/*
 * Huge pages to ask of the node.  max: every present page of its zones;
 * set_max_huge_pages() stops at the first allocation that fails, and the
 * pool's __GFP_RETRY_MAYFAIL allocations never call the OOM killer
 * (alloc_buddy_hugetlb_folio(), mm/hugetlb.c; __alloc_pages_may_oom(),
 * mm/page_alloc.c; v6.12.118), so the kernel gives the node's maximum.
 */
static long huge_ask(const struct kc_run *r)
{
	char why[256];

	if (!r->huge_max)
		return (long)(frag_bound(r->huge_bytes, 0, why, sizeof(why)) / KC_2M);
	return (long)(node_present_pages(r) / KC_BLOCK_PAGES);
}

static void attempts(struct kc_run *r, struct kc_rep *st)
{
	st->free_placed = kc_free_blocks(r->node);
	kc_compact_node(r->node, &st->comp);
	st->pr.migrated = st->comp.migrated;
	st->free_compacted = kc_free_blocks(r->node);
	/* 1 GiB pages first: the 2 MiB ask takes what they would be made of. */
	st->giga_pin_free = kc_gigantic_pin_free(r->zones, r->nr_zones, r->node,
						 st->reg.pinned_pfns, st->reg.nr_picked);
	kc_gigantic_try(r->node, node_present_pages(r), &r->giga, &st->giga);
	kc_hugetlb_raise(r->node, huge_ask(r), &st->reserve, &r->huge, &st->huge);
	st->free_huge = kc_free_blocks(r->node);
	/* Where the pinned pages are now: short-term ones may have moved. */
	st->moved_after = st->moved_pinning = st->reg.moved;
	if (kc_region_reread(&st->reg) == 0)
		st->moved_after = st->reg.moved;
}

static const struct kc_zone_map *map_of_block(const struct kc_rep *st, uint64_t b)
{
	for (int i = 0; i < st->nr_maps; i++) {
		const struct kc_zone_map *m = &st->maps[i];

		if (b >= m->start_block && b < m->start_block + m->nr_blocks)
			return m;
	}
	return NULL;
}

static void classify(struct kc_run *r, struct kc_rep *st)
{
	for (int i = 0; i < r->nr_zones && st->nr_maps < KC_MAX_NODE_ZONES; i++) {
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
		       const struct kc_rep *st)
{
	char path[4400], title[160], case_[96], tag[64];

	kc_scenario_case(s, case_, sizeof(case_));
	kc_scenario_tag(s, tag, sizeof(tag));
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

static void release(struct kc_run *r, struct kc_rep *st)
{
	if (st->io_hook >= 0)
		bench_cleanup_pop(st->io_hook, true);
	free(st->bufs);
	kc_hugetlb_restore(&r->huge);
	kc_reserve_drop(&st->reserve);
	for (int i = 0; i < st->nr_maps; i++)
		kc_zone_map_free(&st->maps[i]);
	kc_region_release(&st->reg);
	frag_release(&st->fr);
	free(st->blocks);
}


int kc_scenario_rep(struct kc_run *r, const struct kc_scenario *s, unsigned index,
		    unsigned rep)
{
	struct kc_rep *st = calloc(1, sizeof(*st));
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
		kc_record_rep(r, s, rep, st);
		t = kphase_add(&r->phases, "classify", t);
	}
	release(r, st);
	kphase_add(&r->phases, "release", t);
	free(st);
	return err ? err : bench_should_stop() ? -EINTR : 0;
}
