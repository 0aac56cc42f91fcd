// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/designs.c - each design through every case: its model
 * memory cut into zones, each zone laid out and populated the same way for
 * every design, then compacted beside the pinners (pinners.c).
 */
#include "cmodel/internal.h"
#include "cmodel/pinners.h"
#include "core/bench.h"
#include "core/timer.h"
#include "core/topo.h"

#include <errno.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct scenario {
	const char *name;
	bool short_pins, long_pins;
} scenarios[] = {
	{ "none", false, false },
	{ "short", true, false },
	{ "long", false, true },
	{ "both", true, true },
};
#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

static const struct {
	enum cm_mode mode;
	const char *name;
} modes[] = {
	{ CM_WHOLE_ZONE, "zone" },
	{ CM_ONE_BLOCK, "block" },
};
#define NR_MODES (sizeof(modes) / sizeof(modes[0]))

/* One design's model memory, its zones, and what one compaction needs. */
struct design_run {
	struct bench_ctx *ctx;
	const struct cm_params *prm;
	const char *design;
	struct pin_mem mem;
	int nr_zones;
	struct cm_zone zone[MODEL_MAX_NODES];
	struct cm_owners owners[MODEL_MAX_NODES];
	struct cm_stats st[MODEL_MAX_NODES];
	unsigned char *role;		/* zone_pages entries */
	enum cm_mode mode;
	int cpus[2];
};

size_t cm_cases_per_design(void)
{
	return NR_SCENARIOS * NR_MODES;
}

/* ---- setting up a design ---------------------------------------------- */

const struct pin_design_ops *cm_resolve_design(const char *name, const char **params)
{
	const struct pin_design_variant *v = pin_design_variant_find(name);

	return pin_design_find(v ? v->spec : name, params);
}

/* Touch every frame once so that no migration pays a first-touch fault. */
static void prefault_frames(struct pin_mem *mem)
{
	for (unsigned long pfn = 0; pfn < mem->nr_pages; pfn++)
		*(volatile unsigned long *)pin_mem_frame(mem, pfn) = pfn;
}

static int design_open(struct design_run *d, const char *name)
{
	const char *params = "";
	const struct pin_design_ops *ops = cm_resolve_design(name, &params);
	int nodes = topo_nr_nodes() > 0 ? topo_nr_nodes() : 1;
	struct pin_mem_config cfg = {
		.nr_pages = (d->prm->zone_pages + d->prm->normal_pages) * (unsigned long)nodes,
		.nr_nodes = nodes,
		.frames = true, .hugepages = true,
	};
	char err[256];

	if (!ops) {
		bench_fail(d->ctx, "unknown design '%s'", name);
		return -EINVAL;
	}
	if (pin_mem_init(&d->mem, ops, params, &cfg, err, sizeof(err))) {
		bench_fail(d->ctx, "%s: %s", name, err);
		return -ENOMEM;
	}
	prefault_frames(&d->mem);
	d->design = name;
	d->nr_zones = d->mem.nr_ranges;
	for (int r = 0; r < d->nr_zones; r++)
		d->zone[r] = (struct cm_zone){
			.mem = &d->mem, .range = r,
			.start_pfn = d->mem.range[r].start_pfn,
			.end_pfn = d->mem.range[r].start_pfn + d->prm->zone_pages,
			.normal_start = d->mem.range[r].start_pfn + d->prm->zone_pages,
			.normal_end = d->mem.range[r].start_pfn + d->mem.range[r].nr_pages,
			.pageblock_order = MODEL_PAGEBLOCK_ORDER,
			.cluster_max = CM_CLUSTER_MAX,
			.quiesce_short_ns = 1e9 * d->prm->pin.qd / d->prm->pin.iops,
			.quiesce_long_ns = 1e9 * d->prm->pin.qd / d->prm->pin.iops,
			.thp_roles = d->prm->thp ? (1u << CM_ROLE_SHORT) | (1u << CM_ROLE_FIXED) : 0,
		};
	for (int r = 0; r < d->nr_zones; r++)
		cm_zone_set_design(&d->zone[r], ops, d->prm->skip);
	return 0;
}

/* ---- one compaction ----------------------------------------------------- */

/* A pinner's buffers: 4 KiB pages among the fragmenter's, or whole THPs. */
static int place_buffers(struct design_run *d, enum cm_role r, unsigned nr_bufs,
			 unsigned buf_pages, struct gsl_rng *rng)
{
	unsigned long n = d->prm->zone_pages;

	if (d->prm->thp)
		return cm_layout_place_thp(d->role, n, r, (unsigned long)nr_bufs * buf_pages,
					   1ul << MODEL_PAGEBLOCK_ORDER, rng);
	return cm_layout_place(d->role, n, r, nr_bufs, buf_pages, rng);
}

/*
 * The layout of zone r for a scenario and rep: the same for every design
 * and mode, so that they compact the same memory.  The pinners' buffers
 * live in the first zone, the node their CPUs are on.
 */
static int make_layout(struct design_run *d, int r, const struct scenario *sc, unsigned rep)
{
	const struct cm_pinner_cfg *c = &d->prm->pin;
	unsigned long n = d->prm->zone_pages;
	struct gsl_rng *rng = bench_rng(d->ctx, ((uint64_t)rep << 16) | ((uint64_t)r << 8) |
					(uint64_t)(sc - scenarios));
	int rc = 0;

	cm_layout_fragment(d->role, n);
	if (r == 0 && sc->short_pins)
		rc = place_buffers(d, CM_ROLE_SHORT, 1, c->qd * c->pins_per_io, rng);
	if (r == 0 && sc->long_pins && !rc)
		rc = place_buffers(d, CM_ROLE_FIXED, c->fixed_bufs, c->fixed_buf_pages, rng);
	if (r == 0 && sc->long_pins && !rc && c->ring_pages)
		rc = cm_layout_place(d->role, n, CM_ROLE_RING, 1, c->ring_pages, rng);
	gsl_rng_free((gsl_rng *)rng);
	return rc;
}

static void compact_all_zones(void *arg)
{
	struct design_run *d = arg;

	for (int r = 0; r < d->nr_zones; r++)
		cm_compact_zone(&d->zone[r], d->mode, &d->st[r], NULL);
}

static void depopulate_all(struct design_run *d, int nr)
{
	for (int r = 0; r < nr; r++)
		cm_zone_depopulate(&d->zone[r], &d->owners[r]);
}

static int populate_all(struct design_run *d, const struct scenario *sc, unsigned rep)
{
	int rc = 0, r;

	for (r = 0; r < d->nr_zones && !rc; r++) {
		rc = make_layout(d, r, sc, rep);
		if (!rc)
			rc = cm_zone_populate(&d->zone[r], d->role, &d->owners[r]);
	}
	if (rc)
		depopulate_all(d, r - 1);
	return rc;
}

static void sum_stats(const struct design_run *d, struct cm_stats *t)
{
	memset(t, 0, sizeof(*t));
	for (int r = 0; r < d->nr_zones; r++) {
		const struct cm_stats *s = &d->st[r];

		t->scanned += s->scanned;
		t->free_scanned += s->free_scanned;
		t->isolated += s->isolated;
		t->skipped_pinned += s->skipped_pinned;
		t->migrated += s->migrated;
		t->failed += s->failed;
		t->retried += s->retried;
		t->ticks += s->ticks;
		t->ticks_not_moved += s->ticks_not_moved;
		t->pages_waited += s->pages_waited;
		t->quiesce_ns += s->quiesce_ns;
		t->free_blocks_before += s->free_blocks_before;
		t->free_blocks_after += s->free_blocks_after;
	}
}

/* ---- the loops ------------------------------------------------------------ */

static int one_compaction(struct design_run *d, const struct scenario *sc, unsigned m,
			  unsigned rep, struct cm_pinners *p)
{
	struct cm_stats total;
	char case_[128];
	int rc = populate_all(d, sc, rep);

	if (rc) {
		bench_fail(d->ctx, "%s: cannot lay out the zone: %s", d->design, strerror(-rc));
		return rc;
	}
	d->mode = modes[m].mode;
	p->short_on = sc->short_pins;
	p->long_on = sc->long_pins;
	rc = cm_pinners_run(p, d->cpus);
	depopulate_all(d, d->nr_zones);
	if (rc) {
		bench_fail(d->ctx, "%s: pinners failed: %s", d->design, strerror(-rc));
		return rc;
	}
	snprintf(case_, sizeof(case_), "scenario=%s,mode=%s", sc->name, modes[m].name);
	sum_stats(d, &total);
	cm_record_compaction(d->ctx, d->design, case_, rep, &total);
	cm_record_pinners(d->ctx, d->design, case_, p, rep);
	return 0;
}

static int run_design(struct design_run *d, size_t di, size_t nr_designs)
{
	struct cm_pinners p = { .mem = &d->mem, .cfg = &d->prm->pin,
				.compact = compact_all_zones, .compact_arg = d };
	size_t total = nr_designs * NR_SCENARIOS * NR_MODES, step = di * NR_SCENARIOS * NR_MODES;
	int rc = 0;

	p.ow = d->owners;
	/* A mover keeps its long-term pins in the movable zone: it can move them. */
	if (d->prm->movable && !d->zone[0].moves_pinned)
		p.longterm_zone = &d->zone[0];
	for (size_t s = 0; s < NR_SCENARIOS && !rc; s++)
		for (unsigned m = 0; m < NR_MODES && !rc; m++, step++) {
			bench_progress(d->ctx, (double)step / (double)total, "%s, pins: %s, %s",
				       d->design, scenarios[s].name, modes[m].name);
			for (unsigned rep = 0; rep < d->prm->reps && !rc && !bench_should_stop(); rep++)
				rc = one_compaction(d, &scenarios[s], m, rep, &p);
		}
	cm_pinners_free(&p);
	return rc;
}

/*
 * The compactor and the pinners on node 0, whose zone (range 0) holds the
 * pinners' buffers.  The fio jobs in workloads/ bind to no CPU, so on two
 * CPUs the scheduler keeps the fio job off the compacting one.
 */
void cm_pick_cpus(struct bench_ctx *ctx, int cpus[2])
{
	timer_init();
	topo_init();
	if (topo_pick_cpus_on_node(0, 2, cpus) < 2 && topo_pick_cpus(2, cpus) < 2)
		cpus[1] = cpus[0];
	bench_note(ctx, "cpus", "compactor on CPU %d, pinners on CPU %d", cpus[0], cpus[1]);
}

/* With THP-backed buffers, a design whose model pins small pages only is not run. */
static bool left_out(struct design_run *d, const char *name)
{
	const char *params = "";
	const struct pin_design_ops *ops = cm_resolve_design(name, &params);

	if (!d->prm->thp || !ops || !pin_design_flagged(ops, PIN_DESIGN_SMALL_FOLIOS_ONLY))
		return false;
	bench_note(d->ctx, name, "left out: its model pins small pages only, and thp=1");
	return true;
}

int cm_run_designs(struct bench_ctx *ctx, const struct cm_params *prm)
{
	struct design_run *d = calloc(1, sizeof(*d));
	size_t nr = bench_nr_designs(ctx);
	int rc = 0;

	if (!d || !(d->role = malloc(prm->zone_pages))) {
		free(d);
		bench_fail(ctx, "out of memory for the zone layout");
		return -ENOMEM;
	}
	d->ctx = ctx;
	d->prm = prm;
	cm_pick_cpus(ctx, d->cpus);
	cm_note_params(ctx, prm);
	for (size_t i = 0; i < nr && !rc && !bench_should_stop(); i++) {
		if (left_out(d, bench_design(ctx, i)))
			continue;
		rc = design_open(d, bench_design(ctx, i));
		if (!rc) {
			rc = run_design(d, i, nr);
			pin_mem_fini(&d->mem);
		}
	}
	free(d->role);
	free(d);
	return rc;
}
