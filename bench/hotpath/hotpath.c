// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/hotpath.c - what each pin-tracking design costs the paths every
 * kernel runs millions of times a second: page_to_pfn, pfn_to_page,
 * get_page+put_page, and pin+unpin (GUP), on a machine where almost nothing
 * is pinned; plus what each design costs in RAM (`op=memory` rows).
 *
 * The case grid (sweep.h): memmap working set from L1 to DRAM size,
 * sequential and random access, 0-100% of pages pinned (proxied, dynamic)
 * at random or in one predictable block, 1..all threads each bound with
 * hwloc, memmap on the threads' node or a remote one.  Designs are reached
 * through kernels/pin_design.h only; timing through bench/core/measure.h.
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/counters.h"
#include "hotpath/memcost.h"
#include "core/timer.h"
#include "core/topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t host_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

/* Mode defaults, then --param hotpath.KEY=VALUE. */
static int load_sweep(const struct bench_ctx *ctx, struct hp_sweep *s, char *err,
		      size_t errlen)
{
	const struct bench_param_desc *p;
	int cpus = topo_nr_cpus();
	char why[200];

	hp_sweep_default(s, bench_mode(ctx) == BENCH_FULL, cpus, host_ram());
	for (p = hp_sweep_params; p->name; p++) {
		const char *v = bench_param(ctx, p->name);

		if (v && hp_sweep_set(s, p->name, v, cpus, host_ram(), why, sizeof(why))) {
			snprintf(err, errlen, "--param hotpath.%s", why);
			return -1;
		}
	}
	return 0;
}

static int hotpath_check_params(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	struct hp_sweep s;

	return load_sweep(ctx, &s, err, errlen);
}

static double hotpath_estimate(const struct bench_ctx *ctx)
{
	struct hp_sweep s;
	struct measure_cfg cfg;
	char err[256];
	double per_case, pages = 0;

	topo_init();
	if (load_sweep(ctx, &s, err, sizeof(err)))
		return 1;
	measure_cfg_default(&cfg, bench_mode(ctx) == BENCH_FULL);
	cfg.reps = bench_reps(ctx, s.reps ? s.reps : cfg.reps);
	/* warm-up, reps and about three sizing batches, plus thread start */
	per_case = (cfg.warmup + cfg.reps + 3) * cfg.min_batch_ns * 1e-9 + 0.002;
	for (size_t i = 0; i < s.nr_sizes; i++)
		pages += (double)(s.sizes[i] / HP_PAGE_STRUCT_BYTES);
	/* set-up: roughly 1 us per page per design (init, pins, streams) */
	return (double)bench_nr_designs(ctx) *
	       ((double)hp_cases_per_design(&s, topo_nr_nodes()) * per_case + pages * 1e-6) +
	       (double)(1 + 2 * s.nr_sizes) * per_case + pages * 2e-7;
}

/* ---- the designs asked for ----------------------------------------------- */

static int resolve_design(const char *name, struct hp_design *d)
{
	const struct pin_design_variant *v = pin_design_variant_find(name);

	d->name = name;
	d->ops = pin_design_find(v ? v->spec : name, &d->params);
	return d->ops ? 0 : -1;
}

/* The designs asked for, their memory-cost rows recorded; how many resolved. */
static size_t resolve_designs(struct hp_run *r, struct hp_design *d)
{
	const struct hp_sweep *s = &r->sweep;
	size_t nr = 0;

	for (size_t i = 0; i < bench_nr_designs(r->ctx) && nr < HP_MAX_DESIGNS; i++) {
		if (resolve_design(bench_design(r->ctx, i), &d[nr])) {
			bench_msg(r->ctx, "%s: no such design", bench_design(r->ctx, i));
			r->design_failed = true;
			continue;
		}
		for (size_t k = 0; k < s->nr_ram; k++)
			for (size_t p = 0; p < s->nr_pinned; p++)
				memcost_record(r->ctx, d[nr].name, d[nr].ops, d[nr].params,
					       s->ram[k], s->pinned[p]);
		nr++;
	}
	return nr;
}


/* ---- the benchmark ------------------------------------------------------ */

/* Say which pinned shares pin_limit leaves out, and where. */
static void note_pin_limit(struct hp_run *r)
{
	const struct hp_sweep *s = &r->sweep;
	char list[1024] = "", one[64], size_name[32];
	size_t used = 0;

	for (size_t i = 0; i < s->nr_sizes; i++) {
		for (size_t k = 0; k < s->nr_pinned; k++) {
			if (!hp_over_pin_limit(s, s->sizes[i], s->pinned[k]))
				continue;
			bytes_format(s->sizes[i], size_name, sizeof(size_name));
			snprintf(one, sizeof(one), "%s%g%%@%s", used ? "," : "", s->pinned[k],
				 size_name);
			if (used + strlen(one) < sizeof(list))
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s", one);
		}
	}
	if (!used)
		return;
	bench_note(r->ctx, "pin_limit_skipped", "%s", list);
	bench_msg(r->ctx, "over pin_limit (%u pages), not measured: %s",
		  s->pin_limit, list);
}

/* The 1-minute load when the run starts and ends: other work skews it. */
static void note_load(struct bench_ctx *ctx, const char *key)
{
	double load[1];

	if (getloadavg(load, 1) == 1)
		bench_note(ctx, key, "%.2f (1-minute load average, %d CPUs)", load[0],
			   topo_nr_cpus());
}

static void note_run(struct hp_run *r)
{
	note_load(r->ctx, "load_start");
	char sweep[2048];

	hp_sweep_describe(&r->sweep, sweep, sizeof(sweep));
	bench_note(r->ctx, "sweep", "%s", sweep);
	bench_note(r->ctx, "reps", "%u", r->cfg.reps);
	bench_note(r->ctx, "stream_min_entries", "%u", HP_MIN_STREAM);
	bench_note(r->ctx, "get_put_batch", "%u", HP_FOLIO_BATCH);
	bench_note(r->ctx, "interleave", "designs side by side: sample r of every design "
		   "before sample r+1 of any, order rotated per round, each after a warm-up "
		   "pass");
	note_pin_limit(r);
	bench_note(r->ctx, "timer", "%s", timer_get()->source);
	for (int c = 0; c < HW_NR; c++)
		bench_note(r->ctx, counters_name(c), "%s", counters_status(c));
	if (r->sweep.mems[HP_MEM_REMOTE] && r->nr_nodes < 2) {
		bench_note(r->ctx, "remote", "skipped: %d NUMA node", r->nr_nodes);
		bench_msg(r->ctx, "remote memory cases skipped: only %d NUMA node",
			  r->nr_nodes);
	}
}

static enum bench_status hotpath_run(struct bench_ctx *ctx)
{
	struct hp_run r = { .ctx = ctx };
	struct hp_design d[HP_MAX_DESIGNS];
	char err[256];
	size_t nr;
	int cpu;

	timer_init();
	topo_init();
	if (load_sweep(ctx, &r.sweep, err, sizeof(err))) {
		bench_fail(ctx, "%s", err);
		return BENCH_FAILED;
	}
	r.nr_nodes = topo_nr_nodes() < 1 ? 1 : topo_nr_nodes();
	measure_cfg_default(&r.cfg, bench_mode(ctx) == BENCH_FULL);
	r.cfg.reps = bench_reps(ctx, r.sweep.reps ? r.sweep.reps : r.cfg.reps);
	r.total = bench_nr_designs(ctx) * hp_cases_per_design(&r.sweep, r.nr_nodes) + 1;
	note_run(&r);
	if (topo_pick_cpus(1, &cpu) != 1 || hp_floor_run(ctx, &r.sweep, &r.cfg, cpu))
		r.design_failed = true;
	nr = resolve_designs(&r, d);
	for (size_t i = 0; i < r.sweep.nr_sizes && nr && !r.failed && !bench_should_stop(); i++)
		r.failed = hp_run_size(&r, d, nr, r.sweep.sizes[i]) != 0;
	note_load(ctx, "load_end");
	if (bench_should_stop())
		return BENCH_INTERRUPTED;
	if (r.design_failed || r.failed) {
		bench_fail(ctx, "some cases failed (see the messages above)");
		return BENCH_FAILED;
	}
	return BENCH_OK;
}

/* Each design against the baseline, side by side: a lookup and a pin. */
static const struct bench_headline hotpath_headline[] = {
	{ "ratio_to_baseline", "op=page_to_pfn,size=16K,order=seq,pinned=0%,*" },
	{ "ratio_to_baseline", "op=pin_unpin,size=16K,order=seq,pinned=0%,*" },
	{ NULL, NULL },
};

const struct bench bench_hotpath = {
	.name = "hotpath",
	.summary = "page_to_pfn, pfn_to_page, get/put_page, pin/unpin cost per design; "
		   "memory cost per design",
	.estimate_s = hotpath_estimate,
	.run = hotpath_run,
	.params = hp_sweep_params,
	.check_params = hotpath_check_params,
	.headline = hotpath_headline,
};
