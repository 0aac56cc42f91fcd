// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/hotpath.c - what each pin-tracking design costs the paths every
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
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/counters.h"
#include "workloads/kstat.h"
#include "hotpath/memcost.h"
#include "core/timer.h"
#include "core/topo.h"

#include <malloc.h>
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
	bool design_failed;	/* a design or the floor */
	bool failed;		/* a size: the run stops there */
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
	{ "lineup", "at most N designs interleaved case by case (default 0: all that fit in "
		    "half of MemAvailable; 1: one design after another)" },
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

/*
 * The designs measured side by side at one size: each with its own model
 * memory and, per team, its own threads' owners and streams.
 */
struct hp_lineup {
	struct hp_design *d;	/* [nr] */
	struct pin_mem *mem;	/* [nr] */
	struct hp_team **tm;	/* [nr], of the team being measured */
	size_t nr;
};

/* The lineup's baseline design, or -1. */
static int baseline_of(const struct hp_lineup *l)
{
	for (size_t i = 0; i < l->nr; i++)
		if (hp_is_baseline(l->d[i].name))
			return (int)i;
	return -1;
}

/*
 * Plain page_to_pfn, sequential, nothing pinned, one local thread: the
 * hand measurement's case, so its naked loop runs beside the baseline
 * design over the baseline's own stream (design "-").
 */
static bool with_naked(const struct hp_lineup *l, enum hp_op op, enum hp_order order,
		       const struct hp_pinning *p, enum hp_mem where)
{
	return op == HP_PAGE_TO_PFN && order == HP_SEQ && p->pct == 0 &&
	       l->tm[0]->nr == 1 && where == HP_MEM_LOCAL && baseline_of(l) >= 0;
}

static size_t naked_case(const struct hp_lineup *l, uint64_t size, struct hp_case *c,
			 char *key, size_t len)
{
	const struct hp_team *tm = l->tm[baseline_of(l)];
	char size_name[32];

	hp_format_bytes(size, size_name, sizeof(size_name));
	snprintf(key, len, "op=naked_page_to_pfn,size=%s,order=seq,threads=1", size_name);
	*c = (struct hp_case){ "-", key, hp_drive_naked_pfn, tm->args, 1, tm->cpus,
			       tm->th[0].stream.len };
	return 1;
}

static int measure_op(struct hp_run *r, const struct hp_lineup *l, enum hp_op op,
		      const char *key, bool naked, uint64_t size)
{
	struct hp_case c[HP_MAX_DESIGNS + 1];
	char naked_key[128];
	size_t nr = l->nr;
	int rc;

	for (size_t i = 0; i < l->nr; i++) {
		const struct hp_team *tm = l->tm[i];

		c[i] = (struct hp_case){ l->d[i].name, key, hp_op_fn(op), tm->args, tm->nr,
					 tm->cpus, tm->th[0].stream.len };
	}
	if (naked)
		nr += naked_case(l, size, &c[nr], naked_key, sizeof(naked_key));
	bench_progress(r->ctx, (double)r->done / (double)r->total, "%s%s %s", l->d[0].name,
		       l->nr > 1 ? " ..." : "", key);
	r->done += l->nr;
	rc = hp_measure_cases(r->ctx, c, nr, &r->cfg);
	for (size_t i = 0; !rc && op == HP_PIN_UNPIN && i < l->nr; i++) {
		if (!short_pins(l->tm[i]))
			continue;
		bench_msg(r->ctx, "%s %s: pin_range pinned fewer pages than asked %llu times",
			  l->d[i].name, key, (unsigned long long)short_pins(l->tm[i]));
		rc = -1;
	}
	return rc;
}

static int run_orders(struct hp_run *r, const struct hp_lineup *l, uint64_t size,
		      const struct hp_pinning *p, enum hp_mem where)
{
	const struct hp_sweep *s = &r->sweep;
	int threads = l->tm[0]->nr;
	char key[192];

	for (int o = 0; o < HP_NR_ORDERS; o++) {
		if (!s->orders[o])
			continue;
		/* One order per size and team: pinned shares differ in nothing else. */
		for (size_t i = 0; i < l->nr; i++) {
			if (hp_team_order(l->tm[i], r->ctx, o,
					  hp_stream_id(size, (uint64_t)threads, (uint64_t)o, 4))) {
				bench_msg(r->ctx, "%s: out of memory for the access order",
					  l->d[i].name);
				return -1;
			}
		}
		for (int op = 0; op < HP_NR_OPS; op++) {
			if (!s->ops[op])
				continue;
			if (bench_should_stop())
				return 0;
			case_key(key, sizeof(key), op, size, o, p, threads, where, s->pin_batch);
			if (measure_op(r, l, op, key, with_naked(l, op, o, p, where), size))
				return -1;
		}
	}
	return 0;
}

/* Pin the same share, placed the same way, in every design's team. */
static int pin_lineup(struct hp_run *r, const struct hp_lineup *l, uint64_t size,
		      const struct hp_pinning *p)
{
	/* The same choices for every design: the stream ignores it. */
	uint64_t stream = hp_stream_id(size, (uint64_t)l->tm[0]->nr,
				       (uint64_t)(p->pct * 1000), p->place);
	char err[256];

	for (size_t i = 0; i < l->nr; i++) {
		if (hp_team_pin(l->tm[i], r->ctx, p->pct, p->place, stream, err, sizeof(err))) {
			bench_msg(r->ctx, "%s: %s", l->d[i].name, err);
			return -1;
		}
	}
	return 0;
}

static void teams_free(const struct hp_lineup *l)
{
	for (size_t i = 0; i < l->nr; i++) {
		hp_team_free(l->tm[i]);
		l->tm[i] = NULL;
	}
}

static int teams_new(struct hp_run *r, const struct hp_lineup *l, uint64_t size,
		     const int *cpus, int threads, enum hp_mem where)
{
	char err[256];

	for (size_t i = 0; i < l->nr; i++) {
		l->tm[i] = hp_team_new(&l->mem[i], l->d[i].ops, cpus, threads,
				       size / HP_PAGE_STRUCT_BYTES, where, r->sweep.pin_batch,
				       err, sizeof(err));
		if (!l->tm[i]) {
			bench_msg(r->ctx, "%s: %s", l->d[i].name, err);
			teams_free(l);
			return -1;
		}
	}
	return 0;
}

/* All pinned shares and orders for one team (threads x memory placement). */
static int run_team(struct hp_run *r, const struct hp_lineup *l, uint64_t size,
		    const int *cpus, int threads, enum hp_mem where)
{
	struct hp_pinning p[HP_MAX_POINTS * HP_NR_PLACES];
	size_t nr_p = pinnings(&r->sweep, size, p);
	int rc = teams_new(r, l, size, cpus, threads, where);

	for (size_t i = 0; !rc && i < nr_p && !bench_should_stop(); i++) {
		rc = pin_lineup(r, l, size, &p[i]);
		if (!rc)
			rc = run_orders(r, l, size, &p[i], where);
		for (size_t k = 0; k < l->nr; k++)
			hp_team_unpin(l->tm[k]);
	}
	teams_free(l);
	return rc;
}

static void mems_fini(struct hp_lineup *l, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		pin_mem_fini(&l->mem[i]);
}

/* Model memory for every design of the lineup; *ready of them on return. */
static int mems_init(struct hp_run *r, struct hp_lineup *l, uint64_t size, size_t *ready)
{
	/* A working set's worth per node: any node can serve a whole team. */
	struct pin_mem_config mc = {
		.nr_pages = size / HP_PAGE_STRUCT_BYTES * (unsigned long)r->nr_nodes,
		.nr_nodes = r->nr_nodes,
		.frames = false,	/* the hot path never touches frame data */
		.hugepages = true,	/* vmemmap is PMD-mapped on x86-64 */
	};
	char err[256];

	for (size_t i = 0; i < l->nr; i++) {
		if (pin_mem_init(&l->mem[i], l->d[i].ops, l->d[i].params, &mc, err,
				 sizeof(err))) {
			bench_msg(r->ctx, "%s: pin_mem_init of %lu pages: %s", l->d[i].name,
				  mc.nr_pages, err);
			return -1;
		}
		*ready = i + 1;
	}
	return 0;
}

/* Every team of the sweep at one size, the lineup's designs side by side. */
static int run_lineup(struct hp_run *r, struct hp_lineup *l, uint64_t size)
{
	const struct hp_sweep *s = &r->sweep;
	size_t ready = 0;
	int rc = mems_init(r, l, size, &ready);

	for (size_t t = 0; t < s->nr_threads && !rc && !bench_should_stop(); t++) {
		int cpus[TOPO_MAX_CPUS];
		int n = topo_pick_cpus(s->threads[t], cpus);

		for (int m = 0; m < HP_NR_MEMS && !rc; m++)
			if (s->mems[m] && (m == HP_MEM_LOCAL || r->nr_nodes > 1))
				rc = run_team(r, l, size, cpus, n, m);
	}
	mems_fini(l, ready);
	return rc;
}
/* ---- designs side by side ----------------------------------------------- */

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

/*
 * What one design holds at a size, roughly: its memmap and free lists on
 * every node, the threads' slot arrays (about 44 bytes a page) and their
 * streams of handles and pfns (16 bytes an entry, HP_MIN_STREAM at least).
 */
static double design_bytes(const struct hp_run *r, const struct hp_design *d, uint64_t size)
{
	double pages = (double)(size / HP_PAGE_STRUCT_BYTES);
	double stride = (double)(d->ops->page_struct_size ? d->ops->page_struct_size
							  : HP_PAGE_STRUCT_BYTES);
	double stream = pages > HP_MIN_STREAM ? pages : HP_MIN_STREAM;
	int threads = 1;

	for (size_t t = 0; t < r->sweep.nr_threads; t++)
		if (r->sweep.threads[t] > threads)
			threads = r->sweep.threads[t];
	return pages * r->nr_nodes * (stride + 8) + pages * 44 + stream * 16 * threads;
}

/*
 * Half of what the kernel says is available, against twice design_bytes():
 * a 256 MiB grid of all designs peaked at 8.8 GB where design_bytes() summed
 * to 4.4 GB (pinned shares, orders and memory malloc keeps after a size),
 * so the estimate is doubled; never the OOM killer's turn.
 */
static double lineup_budget(void)
{
	long long kib = meminfo_kib("MemAvailable");

	if (kib <= 0)
		kib = (long long)(sysconf(_SC_AVPHYS_PAGES) * (sysconf(_SC_PAGESIZE) / 1024));
	return (double)kib * 1024 / 2 / 2;
}

/*
 * How many designs from d[0] fit in memory together at this size (1 at
 * least), and no more than the lineup parameter allows.
 */
static size_t lineup_span(const struct hp_run *r, const struct hp_design *d, size_t nr,
			  uint64_t size, double budget)
{
	double sum = design_bytes(r, &d[0], size);
	size_t n = 1;

	while (n < nr && (sum += design_bytes(r, &d[n], size)) <= budget)
		n++;
	return r->sweep.lineup && n > r->sweep.lineup ? r->sweep.lineup : n;
}

static void note_lineups(struct hp_run *r, uint64_t size, const size_t *spans, size_t nr)
{
	char name[32], key[48], list[256] = "";
	size_t used = 0;

	hp_format_bytes(size, name, sizeof(name));
	snprintf(key, sizeof(key), "lineups_%s", name);
	for (size_t i = 0; i < nr && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%zu",
					 i ? "+" : "", spans[i]);
	/* designs per group, in the order given: e.g. 3+3+2 */
	bench_note(r->ctx, key, "%s designs interleaved at a time", list);
}

/*
 * Every case of a size for all designs, interleaved: as many designs at a
 * time as fit in memory (all of them, unless the set is DRAM-sized).
 */
static int run_size(struct hp_run *r, struct hp_design *d, size_t nr, uint64_t size)
{
	struct pin_mem mem[HP_MAX_DESIGNS] = { 0 };
	struct hp_team *tm[HP_MAX_DESIGNS] = { 0 };
	double budget = lineup_budget();
	size_t spans[HP_MAX_DESIGNS], nr_spans = 0;
	int rc = 0;

	for (size_t i = 0; i < nr && !rc && !bench_should_stop(); i += spans[nr_spans++]) {
		struct hp_lineup l = { &d[i], mem, tm, 0 };

		l.nr = spans[nr_spans] = lineup_span(r, &d[i], nr - i, size, budget);
		rc = run_lineup(r, &l, size);
		malloc_trim(0);	/* give the lineup's memory back before the next */
	}
	if (nr_spans > 1)
		note_lineups(r, size, spans, nr_spans);
	return rc;
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
	r.total = bench_nr_designs(ctx) * cases_per_design(&r.sweep, r.nr_nodes) + 1;
	note_run(&r);
	if (topo_pick_cpus(1, &cpu) != 1 || hp_floor_run(ctx, &r.sweep, &r.cfg, cpu))
		r.design_failed = true;
	nr = resolve_designs(&r, d);
	for (size_t i = 0; i < r.sweep.nr_sizes && nr && !r.failed && !bench_should_stop(); i++)
		r.failed = run_size(&r, d, nr, r.sweep.sizes[i]) != 0;
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
	.params = hotpath_params,
	.check_params = hotpath_check_params,
	.headline = hotpath_headline,
};
