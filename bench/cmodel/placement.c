// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/placement.c - the compaction model on the pin placement of
 * a real-kernel run (kcontig), so that what the kernel freed can be set
 * beside what the model frees on the same layout.
 *
 * kcontig faults a region, pins some of its pages, frees every other page
 * of the region's full pageblocks and compacts.  Here each case and rep of
 * its kcontig-pins.tsv (placement_read.c) is a zone of exactly those
 * pageblocks, the pins on the same pages of the same blocks, everything
 * else free, compacted whole once per design.  pin=longterm pins are
 * io_uring fixed buffers (one 4 KiB buffer per page, pinned before the
 * compaction and released after it, as the long scenario's pinner does);
 * pin=odirect pins are O_DIRECT reads kept in flight on every pinned page
 * (the short-term pinner with one 1-page I/O per page).
 *
 * The zone can be 16 GiB of model pages: they have no 4 KiB frames behind
 * them (a design's migrate() copies frame data only when frames exist), and
 * the model memory is made per group and given back after it.
 */
#include "cmodel/internal.h"
#include "cmodel/pinners.h"
#include "core/bench.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PB_PAGES (1ul << MODEL_PAGEBLOCK_ORDER)

/* One design on one group. */
struct place_run {
	struct bench_ctx *ctx;
	const struct cm_params *prm;
	const char *design;
	const struct pin_design_ops *ops;
	const char *params;
	struct pin_mem mem;
	struct cm_zone zone;
	struct cm_owners owners;
	struct cm_stats st;
	struct cm_pinner_cfg cfg;
	int cpus[2];
};

/* The largest divisor of qd not above want: the short pinner's batch. */
static unsigned batch_for(unsigned qd, unsigned want)
{
	unsigned b = want < qd ? want : qd;

	while (b > 1 && qd % b)
		b--;
	return b ? b : 1;
}

/*
 * The pinners of a group: every pin its own 1-page buffer (long-term) or
 * its own 1-page I/O, qd of them in flight (short-term).  A mover waits
 * for an O_DIRECT read to complete (qd/iops); for a fixed buffer, for its
 * owner to stop I/O as in the usual scenarios (the parameters' qd/iops).
 */
static void set_pinners(struct place_run *d, const struct cm_place_group *g)
{
	const struct cm_pinner_cfg *c = &d->prm->pin;
	unsigned nr = (unsigned)g->nr_pins;
	bool odirect = g->role == CM_ROLE_SHORT;

	d->cfg = (struct cm_pinner_cfg){
		.iops = c->iops, .pins_per_io = 1, .fixed_buf_pages = 1,
		.qd = odirect ? nr : 0, .fixed_bufs = odirect ? 0 : nr,
		.batch = odirect ? batch_for(nr, c->batch) : 1,
	};
	d->zone.quiesce_short_ns = 1e9 * d->cfg.qd / c->iops;
	d->zone.quiesce_long_ns = 1e9 * c->qd / c->iops;
}

/* Model memory of exactly the group's blocks, one node range, no frames. */
static int open_zone(struct place_run *d, const struct cm_place_group *g)
{
	unsigned long nr_pages = g->region_blocks * PB_PAGES;
	const struct pin_mem_config cfg = { .nr_pages = nr_pages, .nr_nodes = 1,
					    .hugepages = true };
	char err[256];

	if (pin_mem_init(&d->mem, d->ops, d->params, &cfg, err, sizeof(err))) {
		bench_fail(d->ctx, "%s: %s", d->design, err);
		return -ENOMEM;
	}
	d->zone = (struct cm_zone){
		.mem = &d->mem, .range = 0, .start_pfn = 0, .end_pfn = nr_pages,
		.normal_start = nr_pages, .normal_end = nr_pages,
		.pageblock_order = MODEL_PAGEBLOCK_ORDER, .cluster_max = CM_CLUSTER_MAX,
	};
	cm_zone_set_design(&d->zone, d->ops, d->prm->skip);
	set_pinners(d, g);
	return 0;
}

static int populate(struct place_run *d, const struct cm_place_group *g)
{
	unsigned char *role = calloc(d->zone.end_pfn, 1);	/* CM_ROLE_FREE */
	int rc;

	if (!role)
		return -ENOMEM;
	for (size_t i = 0; i < g->nr_pins; i++)
		role[g->page[i]] = (unsigned char)g->role;
	rc = cm_zone_populate(&d->zone, role, &d->owners);
	free(role);
	return rc;
}

static void compact_zone(void *arg)
{
	struct place_run *d = arg;

	cm_compact_zone(&d->zone, CM_WHOLE_ZONE, &d->st, NULL);
}

static void rec(struct place_run *d, const struct cm_place_group *g, const char *metric,
		const char *unit, double v)
{
	struct result_key k = { d->design, g->case_, metric, unit, BETTER_HIGHER };

	bench_record(d->ctx, &k, g->rep, v);
}

/* What the model freed beside what pins alone allow (kcontig's prediction). */
static void record_group(struct place_run *d, const struct cm_place_group *g,
			 const struct cm_pinners *p)
{
	double exact = (double)(g->region_blocks - g->pinned_blocks);
	double model = (double)d->st.free_blocks_after;

	rec(d, g, "model_free_blocks", "blocks", model);
	rec(d, g, "exact_free_blocks", "blocks", exact);
	rec(d, g, "model_over_exact", "ratio", exact > 0 ? model / exact : NAN);
	rec(d, g, "region_blocks", "blocks", (double)g->region_blocks);
	cm_record_compaction(d->ctx, d->design, g->case_, g->rep, &d->st);
	cm_record_pinners(d->ctx, d->design, g->case_, p, g->rep);
}

/* The group's zone populated, compacted beside its pinners, emptied. */
static int compact_group(struct place_run *d, const struct cm_place_group *g)
{
	struct cm_pinners p = { .mem = &d->mem, .cfg = &d->cfg, .ow = &d->owners,
				.compact = compact_zone, .compact_arg = d };
	int rc = populate(d, g);

	if (rc) {
		bench_fail(d->ctx, "%s: cannot lay out %s,rep=%u: %s", d->design, g->case_, g->rep,
			   strerror(-rc));
		return rc;
	}
	p.short_on = d->cfg.qd > 0;
	p.long_on = d->cfg.fixed_bufs > 0;
	rc = cm_pinners_run(&p, d->cpus);
	cm_zone_depopulate(&d->zone, &d->owners);
	if (rc)
		bench_fail(d->ctx, "%s: pinners failed on %s,rep=%u: %s", d->design, g->case_,
			   g->rep, strerror(-rc));
	else
		record_group(d, g, &p);
	cm_pinners_free(&p);
	return rc;
}

static int run_design(struct place_run *d, const struct cm_placement *pl, size_t di,
		      size_t nr_designs)
{
	int rc = 0;

	d->params = "";
	d->ops = cm_resolve_design(d->design, &d->params);
	if (!d->ops) {
		bench_fail(d->ctx, "unknown design '%s'", d->design);
		return -EINVAL;
	}
	for (size_t i = 0; i < pl->nr_groups && !rc && !bench_should_stop(); i++) {
		const struct cm_place_group *g = &pl->group[i];

		bench_progress(d->ctx, (double)(di * pl->nr_groups + i) /
			       (double)(nr_designs * pl->nr_groups), "%s, %s,rep=%u (%lu blocks)",
			       d->design, g->case_, g->rep, g->region_blocks);
		rc = open_zone(d, g);
		if (!rc) {
			rc = compact_group(d, g);
			pin_mem_fini(&d->mem);
		}
	}
	return rc;
}

static void note_placement(struct bench_ctx *ctx, const struct cm_params *prm,
			   const struct cm_placement *pl)
{
	bench_note(ctx, "placement", "%s (%lld bytes, %zu pin lines, %zu case+rep groups)",
		   pl->path, pl->bytes, pl->lines, pl->nr_groups);
	bench_note(ctx, "placement_model", "per group a zone of its region's full pageblocks "
		   "(order %d), pins on their pages, the rest free, compacted whole once; "
		   "pin=longterm: 1-page fixed buffers pinned across it; pin=odirect: a 1-page "
		   "I/O in flight on every pinned page at %.0f IOPS", MODEL_PAGEBLOCK_ORDER,
		   prm->pin.iops);
	bench_note(ctx, "skip", "%s", prm->skip == CM_SKIP_2014 ? "2014" : "none");
}

int cm_run_placement(struct bench_ctx *ctx, const struct cm_params *prm,
		     const struct cm_placement *pl)
{
	struct place_run *d = calloc(1, sizeof(*d));
	size_t nr = bench_nr_designs(ctx);
	int rc = 0;

	if (!d) {
		bench_fail(ctx, "out of memory");
		return -ENOMEM;
	}
	d->ctx = ctx;
	d->prm = prm;
	cm_pick_cpus(ctx, d->cpus);
	note_placement(ctx, prm, pl);
	for (size_t i = 0; i < nr && !rc && !bench_should_stop(); i++) {
		d->design = bench_design(ctx, i);
		rc = run_design(d, pl, i, nr);
	}
	free(d);
	return rc;
}

/*
 * Measured on the 2-core build machine: 16 groups of 4096 blocks (2M model
 * pages, 64 pins each) over the 8 designs took 3.0 s in all, about 90 ns
 * per model page with the set-up and the pinners.
 */
#define PLACE_NS_PER_PAGE 90.0
#define PLACE_S_PER_GROUP 0.002

double cm_placement_estimate(const struct bench_ctx *ctx, const struct cm_placement *pl)
{
	double s = 0;

	for (size_t i = 0; i < pl->nr_groups; i++)
		s += PLACE_S_PER_GROUP +
		     (double)(pl->group[i].region_blocks * PB_PAGES) * PLACE_NS_PER_PAGE / 1e9;
	return s * (double)bench_nr_designs(ctx);
}
