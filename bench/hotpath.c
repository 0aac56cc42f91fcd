// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath.c - what each pin-tracking design costs the paths every
 * kernel runs millions of times a second: page_to_pfn, pfn_to_page,
 * get_page+put_page, and pin+unpin (GUP), on a machine where almost nothing
 * is pinned; plus what each design costs in RAM (`op=memory` rows).
 *
 * The case grid (hotpath_sweep.h): memmap working set from L1 to DRAM size,
 * sequential and random access, 0-100% of pages pinned (proxied, dynamic)
 * at random or in one predictable block, 1..all threads each bound with
 * hwloc, memmap on the threads' node or a remote one.  Designs are reached
 * through kernels/pin_design.h only; timing through bench/core/measure.h.
 */
#include "hotpath.h"

#include "bench.h"
#include "counters.h"
#include "memcost.h"
#include "timer.h"
#include "topo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SWEEP_ENV "PINBENCH_HOTPATH"

struct hp_design {
	const char *name;
	const struct pin_design_ops *ops;
	const char *params;
};

struct hp_run {
	struct bench_ctx *ctx;
	struct hp_sweep sweep;
	struct measure_cfg cfg;
	int nr_nodes;
	size_t done, total;	/* cases, for progress */
	bool design_failed;
};

/* A pinned share and where it lies; 0% and 100% need no placement. */
struct hp_pinning {
	double pct;
	enum hp_place place;
	const char *place_name;
};

static uint64_t host_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

static const struct bench_param_desc hotpath_params[] = {
	{ "sizes", "memmap working sets: 4K,1M,64M or 4K..1G (doubling); quick 16K,256K,64M, "
		   "full 4K..1G" },
	{ "ops", "page_to_pfn,pfn_to_page,get_put,pin_unpin (default all)" },
	{ "orders", "seq,rand (default both)" },
	{ "pinned", "percent of pages pinned/proxied/dynamic: 0,1,50,100 (default)" },
	{ "places", "random,block: where the pinned pages lie (default both)" },
	{ "threads", "1,2 or 1..all or all, each bound to a CPU; quick 1, full 1..all" },
	{ "mem", "local,remote: memmap on the threads' node or another (default both)" },
	{ "reps", "samples per case (--reps wins; default the mode's)" },
	{ "pin_batch", "pages per pin_range() call (default 16: one 64 KiB I/O)" },
	{ "pin_limit", "skip pinned shares of more pages than this per case; quick 262144, "
		       "full 4194304" },
	{ "ram", "RAM sizes of the memory table: host,1T (default)" },
	{ "chase", "1/0: measure the pointer-chase latency curve (default 1)" },
	{ NULL, NULL },
};

/* Mode defaults, then $PINBENCH_HOTPATH, then --param hotpath.KEY=VALUE. */
static int load_sweep(const struct bench_ctx *ctx, struct hp_sweep *s, char *err,
		      size_t errlen)
{
	const struct bench_param_desc *p;
	int cpus = topo_nr_cpus();
	char why[200];

	hp_sweep_default(s, bench_mode(ctx) == BENCH_FULL, cpus, host_ram());
	if (hp_sweep_parse(s, getenv(SWEEP_ENV), cpus, host_ram(), why, sizeof(why))) {
		snprintf(err, errlen, "%s: %s", SWEEP_ENV, why);
		return -1;
	}
	for (p = hotpath_params; p->name; p++) {
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

static bool over_pin_limit(const struct hp_sweep *s, uint64_t size, double pct)
{
	return hp_pinned_pages(size, pct) > s->pin_limit;
}

/* The pinned shares measured at a size (within pin_limit). */
static size_t pinnings(const struct hp_sweep *s, uint64_t size, struct hp_pinning *out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nr_pinned; i++) {
		double pct = s->pinned[i];

		if (over_pin_limit(s, size, pct))
			continue;
		if (pct == 0 || pct == 100) {
			out[n++] = (struct hp_pinning){ pct, HP_PLACE_RANDOM, "-" };
			continue;
		}
		for (int p = 0; p < HP_NR_PLACES; p++)
			if (s->places[p])
				out[n++] = (struct hp_pinning){ pct, p, hp_place_name(p) };
	}
	return n;
}

static size_t count_set(const bool *set, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += set[i];
	return c;
}

static size_t mems_usable(const struct hp_sweep *s, int nr_nodes)
{
	return s->mems[HP_MEM_LOCAL] + (s->mems[HP_MEM_REMOTE] && nr_nodes > 1);
}

/* Measured cases of one design. */
static size_t cases_per_design(const struct hp_sweep *s, int nr_nodes)
{
	struct hp_pinning p[HP_MAX_POINTS * HP_NR_PLACES];
	size_t shares = 0;

	for (size_t i = 0; i < s->nr_sizes; i++)
		shares += pinnings(s, s->sizes[i], p);
	return shares * s->nr_threads * mems_usable(s, nr_nodes) *
	       count_set(s->orders, HP_NR_ORDERS) * count_set(s->ops, HP_NR_OPS);
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
	       ((double)cases_per_design(&s, topo_nr_nodes()) * per_case + pages * 1e-6) +
	       (double)(1 + 2 * s.nr_sizes) * per_case + pages * 2e-7;
}

/* ---- one measured case -------------------------------------------------- */

static void case_key(char *key, size_t len, enum hp_op op, uint64_t size,
		     enum hp_order order, const struct hp_pinning *p, int threads,
		     enum hp_mem where, unsigned pin_batch)
{
	char size_name[32];
	int n;

	hp_format_bytes(size, size_name, sizeof(size_name));
	n = snprintf(key, len, "op=%s,size=%s,order=%s,pinned=%g%%,place=%s,threads=%d,mem=%s",
		     hp_op_name(op), size_name, hp_order_name(order), p->pct, p->place_name,
		     threads, hp_mem_name(where));
	if (op == HP_PIN_UNPIN && n > 0 && (size_t)n < len)
		snprintf(key + n, len - (size_t)n, ",pin_batch=%u", pin_batch);
}

static uint64_t short_pins(const struct hp_team *tm)
{
	uint64_t n = 0;

	for (int i = 0; i < tm->nr; i++)
		n += tm->th[i].stream.short_pins;
	return n;
}

static int measure_op(struct hp_run *r, const struct hp_design *d, struct hp_team *tm,
		      enum hp_op op, const char *key)
{
	const struct hp_case c = { d->name, key, hp_op_fn(op), tm->args, tm->nr, tm->cpus };
	int rc;

	bench_progress(r->ctx, (double)r->done++ / (double)r->total, "%s %s", d->name, key);
	rc = hp_measure_case(r->ctx, &c, &r->cfg);
	if (!rc && op == HP_PIN_UNPIN && short_pins(tm)) {
		bench_msg(r->ctx, "%s %s: pin_range pinned fewer pages than asked %llu times",
			  d->name, key, (unsigned long long)short_pins(tm));
		rc = -1;
	}
	return rc;
}

static int run_orders(struct hp_run *r, const struct hp_design *d, struct hp_team *tm,
		      uint64_t size, const struct hp_pinning *p, enum hp_mem where)
{
	const struct hp_sweep *s = &r->sweep;
	char key[192];

	for (int o = 0; o < HP_NR_ORDERS; o++) {
		if (!s->orders[o])
			continue;
		/* One order per size and team: pinned shares differ in nothing else. */
		if (hp_team_order(tm, r->ctx, o, hp_stream_id(size, (uint64_t)tm->nr,
							      (uint64_t)o, 4))) {
			bench_msg(r->ctx, "%s: out of memory for the access order", d->name);
			return -1;
		}
		for (int op = 0; op < HP_NR_OPS; op++) {
			if (!s->ops[op])
				continue;
			if (bench_should_stop())
				return 0;
			case_key(key, sizeof(key), op, size, o, p, tm->nr, where, s->pin_batch);
			if (measure_op(r, d, tm, op, key))
				return -1;
		}
	}
	return 0;
}

/* All pinned shares and orders for one team (threads x memory placement). */
static int run_team(struct hp_run *r, const struct hp_design *d, struct pin_mem *mem,
		    uint64_t size, const int *cpus, int threads, enum hp_mem where)
{
	struct hp_pinning p[HP_MAX_POINTS * HP_NR_PLACES];
	size_t nr_p = pinnings(&r->sweep, size, p);
	char err[256] = "";
	struct hp_team *tm = hp_team_new(mem, d->ops, cpus, threads,
					 size / HP_PAGE_STRUCT_BYTES, where,
					 r->sweep.pin_batch, err, sizeof(err));
	int rc = tm ? 0 : -1;

	for (size_t i = 0; tm && i < nr_p && !rc && !bench_should_stop(); i++) {
		/* The same choices for every design: the stream ignores it. */
		uint64_t stream = hp_stream_id(size, (uint64_t)threads,
					       (uint64_t)(p[i].pct * 1000), p[i].place);

		rc = hp_team_pin(tm, r->ctx, p[i].pct, p[i].place, stream, err, sizeof(err));
		if (!rc)
			rc = run_orders(r, d, tm, size, &p[i], where);
		hp_team_unpin(tm);
	}
	if (rc && err[0])
		bench_msg(r->ctx, "%s: %s", d->name, err);
	hp_team_free(tm);
	return rc;
}

static int run_size(struct hp_run *r, const struct hp_design *d, uint64_t size)
{
	const struct hp_sweep *s = &r->sweep;
	/* A working set's worth per node: any node can serve a whole team. */
	struct pin_mem_config mc = {
		.nr_pages = size / HP_PAGE_STRUCT_BYTES * (unsigned long)r->nr_nodes,
		.nr_nodes = r->nr_nodes,
		.frames = false,	/* the hot path never touches frame data */
		.hugepages = true,	/* vmemmap is PMD-mapped on x86-64 */
	};
	struct pin_mem mem;
	char err[256];
	int rc = 0;

	if (pin_mem_init(&mem, d->ops, d->params, &mc, err, sizeof(err))) {
		bench_msg(r->ctx, "%s: pin_mem_init of %lu pages: %s", d->name, mc.nr_pages, err);
		return -1;
	}
	for (size_t t = 0; t < s->nr_threads && !rc && !bench_should_stop(); t++) {
		int cpus[TOPO_MAX_CPUS];
		int n = topo_pick_cpus(s->threads[t], cpus);

		for (int m = 0; m < HP_NR_MEMS && !rc; m++)
			if (s->mems[m] && (m == HP_MEM_LOCAL || r->nr_nodes > 1))
				rc = run_team(r, d, &mem, size, cpus, n, m);
	}
	pin_mem_fini(&mem);
	return rc;
}

static int resolve_design(const char *name, struct hp_design *d)
{
	const struct pin_design_variant *v = pin_design_variant_find(name);

	d->name = name;
	d->ops = pin_design_find(v ? v->spec : name, &d->params);
	return d->ops ? 0 : -1;
}

static void run_design(struct hp_run *r, const char *name)
{
	const struct hp_sweep *s = &r->sweep;
	struct hp_design d;

	if (resolve_design(name, &d)) {
		bench_msg(r->ctx, "%s: no such design", name);
		r->design_failed = true;
		return;
	}
	for (size_t i = 0; i < s->nr_ram; i++)
		for (size_t k = 0; k < s->nr_pinned; k++)
			memcost_record(r->ctx, d.name, d.ops, d.params, s->ram[i], s->pinned[k]);
	for (size_t i = 0; i < s->nr_sizes && !bench_should_stop(); i++) {
		if (run_size(r, &d, s->sizes[i])) {
			r->design_failed = true;
			return;
		}
	}
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
			if (!over_pin_limit(s, s->sizes[i], s->pinned[k]))
				continue;
			hp_format_bytes(s->sizes[i], size_name, sizeof(size_name));
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
	char err[256];
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
	r.total = bench_nr_designs(ctx) * cases_per_design(&r.sweep, r.nr_nodes) + 1;
	note_run(&r);
	if (topo_pick_cpus(1, &cpu) != 1 || hp_floor_run(ctx, &r.sweep, &r.cfg, cpu))
		r.design_failed = true;
	for (size_t i = 0; i < bench_nr_designs(ctx) && !bench_should_stop(); i++)
		run_design(&r, bench_design(ctx, i));
	note_load(ctx, "load_end");
	if (bench_should_stop())
		return BENCH_INTERRUPTED;
	if (r.design_failed) {
		bench_fail(ctx, "some cases failed (see the messages above)");
		return BENCH_FAILED;
	}
	return BENCH_OK;
}

const struct bench bench_hotpath = {
	.name = "hotpath",
	.summary = "page_to_pfn, pfn_to_page, get/put_page, pin/unpin cost per design; "
		   "memory cost per design",
	.estimate_s = hotpath_estimate,
	.run = hotpath_run,
	.params = hotpath_params,
	.check_params = hotpath_check_params,
};
