// SPDX-License-Identifier: GPL-2.0
/*
 * cmodel: compaction latency and success of every design on the same work.
 *
 * The kernel on the machine implements one design; to compare all of them,
 * compaction runs in user space over a model zone (compaction_model_scan.c)
 * with each design deciding what may move and how.  The zone is fragmented
 * as the real-kernel benchmark fragments memory (every page touched, then
 * every other 4 KiB page freed) and pinners stand for its fio jobs
 * (compaction_model_pinners.c).  Scenarios: no pins, short-term pins,
 * long-term pins, both; modes: the whole zone (compact_memory) and until one
 * free pageblock (a THP-sized request).
 *
 * Pinner defaults: the rate from /work/shared/notes/lab-machine.md (fio 4 KiB
 * random reads at queue depth 32: about 86k IOPS on a quiet machine of this
 * kind); pins per I/O and the fixed buffers from the kpins run committed as
 * results/vm-6.18.44-fc-v445-20261122T033754Z (the same job: exactly 1 pin
 * per 4 KiB I/O; io_uring fixed buffers hold 32 pins, 32 buffers of one
 * page, for the job's life; its IOPS were those of a loaded machine, 9-17k,
 * so the rate stays the notes').  An aio ring for 32 events is one page
 * (fs/aio.c ioctx_alloc/aio_setup_ring: max(32, 4 * cpus) * 2 + 2 events of
 * 32 bytes plus the header).
 */
#include "core/bench.h"
#include "cmodel/internal.h"
#include "cmodel/pinners.h"
#include "core/stats.h"
#include "core/timer.h"
#include "core/topo.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUICK_ZONE_MIB 256
#define FULL_ZONE_MIB 1024
#define PAGES_PER_MIB 256

static const struct cm_pinner_cfg default_pinners = {
	.iops = 86000, .qd = 32, .pins_per_io = 1, .batch = 8,
	.fixed_bufs = 32, .fixed_buf_pages = 1, .ring_pages = 1,
};

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

struct cm_params {
	unsigned zone_mib;		/* per node */
	unsigned long zone_pages;
	unsigned reps;
	struct cm_pinner_cfg pin;
};

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

static const struct bench_param_desc cmodel_params[] = {
	{ "zone_mib", "MiB of model zone per NUMA node, a multiple of 2 (quick 256, full 1024)" },
	{ "iops", "short-term pinner: O_DIRECT I/Os per second (default 86000)" },
	{ "qd", "short-term pinner: I/Os in flight, a multiple of batch (default 32)" },
	{ "pins_per_io", "short-term pinner: pages one I/O pins (default 1: 4 KiB I/O)" },
	{ "batch", "short-term pinner: I/Os completed, submitted and timed together (default 8)" },
	{ "fixed_bufs", "long-term pinner: io_uring registered buffers (default 32)" },
	{ "fixed_buf_pages", "long-term pinner: pages per registered buffer (default 1: 4 KiB)" },
	{ "ring_pages", "long-term pinner: aio ring pages (default 1: 32 events)" },
	{ NULL, NULL },
};

/* Where each parameter goes, and its range. */
static const struct {
	const char *name;
	size_t off;		/* in struct cm_params */
	bool is_double;
	double min, max;
} param_slots[] = {
	{ "zone_mib", offsetof(struct cm_params, zone_mib), false, 2, 1 << 20 },
	{ "iops", offsetof(struct cm_params, pin.iops), true, 1, 1e8 },
	{ "qd", offsetof(struct cm_params, pin.qd), false, 1, 65536 },
	{ "pins_per_io", offsetof(struct cm_params, pin.pins_per_io), false, 1, 4096 },
	{ "batch", offsetof(struct cm_params, pin.batch), false, 1, 65536 },
	{ "fixed_bufs", offsetof(struct cm_params, pin.fixed_bufs), false, 0, 65536 },
	{ "fixed_buf_pages", offsetof(struct cm_params, pin.fixed_buf_pages), false, 1, 65536 },
	{ "ring_pages", offsetof(struct cm_params, pin.ring_pages), false, 0, 65536 },
};

static int set_param(struct cm_params *p, size_t i, const char *v, char *err, size_t errlen)
{
	char *end;
	double x = strtod(v, &end);

	if (end == v || *end || !(x >= param_slots[i].min && x <= param_slots[i].max) ||
	    (!param_slots[i].is_double && x != (double)(unsigned)x)) {
		snprintf(err, errlen, "--param cmodel.%s=%s: want %s in %g..%g",
			 param_slots[i].name, v, param_slots[i].is_double ? "a number" : "an integer",
			 param_slots[i].min, param_slots[i].max);
		return -1;
	}
	if (param_slots[i].is_double)
		*(double *)((char *)p + param_slots[i].off) = x;
	else
		*(unsigned *)((char *)p + param_slots[i].off) = (unsigned)x;
	return 0;
}

/* What the values must satisfy together. */
static int check_shape(const struct cm_params *p, char *err, size_t errlen)
{
	const struct cm_pinner_cfg *c = &p->pin;
	double pinned = (double)c->qd * c->pins_per_io +
			(double)c->fixed_bufs * c->fixed_buf_pages + c->ring_pages;

	if (p->zone_mib % 2)
		snprintf(err, errlen, "--param cmodel.zone_mib=%u: want whole 2 MiB pageblocks "
			 "(an even number)", p->zone_mib);
	else if (c->qd % c->batch)
		snprintf(err, errlen, "--param cmodel: qd=%u is not a multiple of batch=%u",
			 c->qd, c->batch);
	else if (pinned > (double)p->zone_pages / 2)
		snprintf(err, errlen, "--param cmodel: %.0f pinned pages do not fit in the %lu "
			 "used pages of a %u MiB zone", pinned, p->zone_pages / 2, p->zone_mib);
	else
		return 0;
	return -1;
}

/* The mode's defaults, then --param cmodel.NAME=VALUE. */
static int params_for(const struct bench_ctx *ctx, struct cm_params *p, char *err,
		      size_t errlen)
{
	bool full = bench_mode(ctx) == BENCH_FULL;

	p->zone_mib = full ? FULL_ZONE_MIB : QUICK_ZONE_MIB;
	p->reps = bench_reps(ctx, full ? 10 : 5);
	p->pin = default_pinners;
	for (size_t i = 0; i < sizeof(param_slots) / sizeof(param_slots[0]); i++) {
		const char *v = bench_param(ctx, param_slots[i].name);

		if (v && set_param(p, i, v, err, errlen))
			return -1;
	}
	p->zone_pages = (unsigned long)p->zone_mib * PAGES_PER_MIB;
	return check_shape(p, err, errlen);
}

static int cmodel_check_params(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	struct cm_params p;

	return params_for(ctx, &p, err, errlen);
}

/* ---- setting up a design ---------------------------------------------- */

static const struct pin_design_ops *resolve_design(const char *name, const char **params)
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
	const struct pin_design_ops *ops = resolve_design(name, &params);
	int nodes = topo_nr_nodes() > 0 ? topo_nr_nodes() : 1;
	struct pin_mem_config cfg = {
		.nr_pages = d->prm->zone_pages * (unsigned long)nodes, .nr_nodes = nodes,
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
			.end_pfn = d->mem.range[r].start_pfn + d->mem.range[r].nr_pages,
			.pageblock_order = MODEL_PAGEBLOCK_ORDER,
			.cluster_max = CM_CLUSTER_MAX,
			.skip_maybe_pinned = cm_design_skips_maybe_pinned(ops),
		};
	return 0;
}

/* ---- one compaction ----------------------------------------------------- */

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
		rc = cm_layout_place(d->role, n, CM_ROLE_SHORT, 1, c->qd * c->pins_per_io, rng);
	if (r == 0 && sc->long_pins && !rc)
		rc = cm_layout_place(d->role, n, CM_ROLE_FIXED, c->fixed_bufs,
				     c->fixed_buf_pages, rng);
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

/* ---- recording ------------------------------------------------------------ */

static void rec(struct design_run *d, const char *case_, const char *metric,
		const char *unit, enum better b, unsigned rep, double v)
{
	struct result_key k = { d->design, case_, metric, unit, b };

	bench_record(d->ctx, &k, rep, v);
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
		t->free_blocks_before += s->free_blocks_before;
		t->free_blocks_after += s->free_blocks_after;
	}
}

static void record_compaction(struct design_run *d, const char *case_, unsigned rep)
{
	struct cm_stats t;

	sum_stats(d, &t);
	rec(d, case_, "latency", "ms", BETTER_LOWER, rep, timer_ticks_to_ns((double)t.ticks) / 1e6);
	/* Comparable with the kernel's, whose zone is not the model's size. */
	rec(d, case_, "time_per_migrated", "us", BETTER_LOWER, rep, t.migrated ?
	    timer_ticks_to_ns((double)t.ticks) / 1e3 / (double)t.migrated : NAN);
	rec(d, case_, "not_moved_time", "ms", BETTER_LOWER, rep,
	    timer_ticks_to_ns((double)t.ticks_not_moved) / 1e6);
	rec(d, case_, "scanned", "pages", BETTER_LOWER, rep, (double)t.scanned);
	rec(d, case_, "free_scanned", "pages", BETTER_LOWER, rep, (double)t.free_scanned);
	rec(d, case_, "isolated", "pages", BETTER_LOWER, rep, (double)t.isolated);
	rec(d, case_, "skipped_pinned", "pages", BETTER_LOWER, rep, (double)t.skipped_pinned);
	rec(d, case_, "migrated", "pages", BETTER_HIGHER, rep, (double)t.migrated);
	rec(d, case_, "failed", "pages", BETTER_LOWER, rep, (double)t.failed);
	rec(d, case_, "retried", "calls", BETTER_LOWER, rep, (double)t.retried);
	rec(d, case_, "order9_blocks", "blocks", BETTER_HIGHER, rep,
	    (double)t.free_blocks_after - (double)t.free_blocks_before);
}

/*
 * p50 and p99 of one rep's latency samples, as two rows; none when the
 * compaction was too short to give the pinners MIN_LAT_SAMPLES batches.
 */
#define MIN_LAT_SAMPLES 16

static void record_lat(struct design_run *d, const char *case_, const char *what,
		       const struct cm_lat *l, unsigned rep)
{
	char metric[64];
	struct stats st;

	if (l->n < MIN_LAT_SAMPLES)
		return;
	stats_compute(l->v, l->n, &st);
	snprintf(metric, sizeof(metric), "%s_p50", what);
	rec(d, case_, metric, "ns", BETTER_LOWER, rep, st.median);
	snprintf(metric, sizeof(metric), "%s_p99", what);
	rec(d, case_, metric, "ns", BETTER_LOWER, rep, st.p99);
}

static void record_pinners(struct design_run *d, const char *case_,
			   const struct cm_pinners *p, unsigned rep)
{
	record_lat(d, case_, "short_pin", &p->short_pin, rep);
	record_lat(d, case_, "short_unpin", &p->short_unpin, rep);
	record_lat(d, case_, "long_pin", &p->long_pin, rep);
	record_lat(d, case_, "long_unpin", &p->long_unpin, rep);
	if (p->short_on && p->short_pin.n >= MIN_LAT_SAMPLES)
		rec(d, case_, "short_iops", "io/s", BETTER_HIGHER, rep,
		    (double)p->ios_compacting / (timer_ticks_to_ns((double)p->compact_ticks) / 1e9));
}

/* ---- the loops ------------------------------------------------------------ */

static int one_compaction(struct design_run *d, const struct scenario *sc, unsigned m,
			  unsigned rep, struct cm_pinners *p)
{
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
	record_compaction(d, case_, rep);
	record_pinners(d, case_, p, rep);
	return 0;
}

static int run_design(struct design_run *d, size_t di, size_t nr_designs)
{
	struct cm_pinners p = { .mem = &d->mem, .cfg = &d->prm->pin,
				.compact = compact_all_zones, .compact_arg = d };
	size_t total = nr_designs * NR_SCENARIOS * NR_MODES, step = di * NR_SCENARIOS * NR_MODES;
	int rc = 0;

	p.ow = d->owners;
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

static void note_params(struct bench_ctx *ctx, const struct cm_params *p)
{
	const struct cm_pinner_cfg *c = &p->pin;

	bench_note(ctx, "zone_mib_per_node", "%lu", p->zone_pages / PAGES_PER_MIB);
	bench_note(ctx, "pageblock_order", "%d", MODEL_PAGEBLOCK_ORDER);
	bench_note(ctx, "fragmentation", "every page touched, every other 4 KiB page freed");
	bench_note(ctx, "short_pins", "iops=%.0f qd=%u pins_per_io=%u batch=%u hold_us=%.1f",
		   c->iops, c->qd, c->pins_per_io, c->batch, 1e6 * c->qd / c->iops);
	bench_note(ctx, "long_pins", "fixed_bufs=%u x %u pages, aio ring %u page(s)",
		   c->fixed_bufs, c->fixed_buf_pages, c->ring_pages);
	bench_note(ctx, "pinner_defaults_source",
		   "iops: lab-machine.md (fio 4k randread qd32 ~86k IOPS, quiet machine); pins per "
		   "I/O and fixed buffers: kpins run results/vm-6.18.44-fc-v445-20261122T033754Z "
		   "(1 pin per 4 KiB I/O, 32 fixed-buffer pins held)");
	bench_note(ctx, "kernel_source", "mm/compaction.c, mm/migrate.c at torvalds/linux 0003e2a41468");
}

static enum bench_status cmodel_run(struct bench_ctx *ctx)
{
	struct cm_params prm;
	struct design_run *d = calloc(1, sizeof(*d));
	size_t nr = bench_nr_designs(ctx);
	char err[256];
	int rc = 0;

	if (params_for(ctx, &prm, err, sizeof(err))) {
		free(d);
		bench_fail(ctx, "%s", err);
		return BENCH_FAILED;
	}
	if (!d || !(d->role = malloc(prm.zone_pages))) {
		free(d);
		bench_fail(ctx, "out of memory for the zone layout");
		return BENCH_FAILED;
	}
	timer_init();
	topo_init();
	d->ctx = ctx;
	d->prm = &prm;
	/*
	 * The compactor and the pinners on node 0, whose zone (range 0) holds
	 * the pinners' buffers.  The fio jobs in workloads/ bind to no CPU, so on
	 * two CPUs the scheduler keeps the fio job off the compacting one.
	 */
	if (topo_pick_cpus_on_node(0, 2, d->cpus) < 2 && topo_pick_cpus(2, d->cpus) < 2)
		d->cpus[1] = d->cpus[0];
	bench_note(ctx, "cpus", "compactor on CPU %d, pinners on CPU %d", d->cpus[0], d->cpus[1]);
	note_params(ctx, &prm);
	for (size_t i = 0; i < nr && !rc && !bench_should_stop(); i++) {
		rc = design_open(d, bench_design(ctx, i));
		if (!rc) {
			rc = run_design(d, i, nr);
			pin_mem_fini(&d->mem);
		}
	}
	free(d->role);
	free(d);
	if (rc)
		return BENCH_FAILED;
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static double cmodel_estimate(const struct bench_ctx *ctx)
{
	struct cm_params p;
	double mib;

	char err[256];

	if (params_for(ctx, &p, err, sizeof(err)))
		return 0;
	mib = p.zone_mib;
	/* Measured here: about 0.4 ms per MiB for a compaction with its set-up. */
	return (double)bench_nr_designs(ctx) *
	       (mib * 0.002 + NR_SCENARIOS * NR_MODES * p.reps * mib * 0.0004);
}

/* Whole-zone compaction per design: how long, and what it freed. */
static const struct bench_headline cmodel_headline[] = {
	{ "order9_blocks", "scenario=long,mode=zone" },
	{ "latency", "scenario=both,mode=zone" },
	{ NULL, NULL },
};

const struct bench bench_cmodel = {
	.name = "cmodel",
	.summary = "compaction of a model zone: latency, success and pinner cost per design",
	.estimate_s = cmodel_estimate,
	.run = cmodel_run,
	.params = cmodel_params,
	.check_params = cmodel_check_params,
	.headline = cmodel_headline,
};
