// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/lineup.c - every case of one size: the designs that fit in
 * memory together (a lineup) each get their model memory, then per team
 * (threads x memory placement) every pinned share, order and operation is
 * measured with the lineup's designs side by side.
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/topo.h"
#include "workloads/kstat.h"

#include <malloc.h>
#include <stdio.h>
#include <unistd.h>

/* ---- one measured case -------------------------------------------------- */

static void case_key(char *key, size_t len, enum hp_op op, uint64_t size,
		     enum hp_order order, const struct hp_pinning *p, int threads,
		     enum hp_mem where, unsigned pin_batch)
{
	char size_name[32];
	int n;

	bytes_format(size, size_name, sizeof(size_name));
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

	bytes_format(size, size_name, sizeof(size_name));
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
	struct hp_pinning p[HP_MAX_PINNINGS];
	size_t nr_p = hp_pinnings(&r->sweep, size, p);
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

/* ---- lineups that fit in memory ------------------------------------------ */

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

	bytes_format(size, name, sizeof(name));
	snprintf(key, sizeof(key), "lineups_%s", name);
	for (size_t i = 0; i < nr && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%zu",
					 i ? "+" : "", spans[i]);
	/* designs per group, in the order given: e.g. 3+3+2 */
	bench_note(r->ctx, key, "%s designs interleaved at a time", list);
}

/* As many designs at a time as fit in memory: all, unless the set is DRAM-sized. */
int hp_run_size(struct hp_run *r, struct hp_design *d, size_t nr, uint64_t size)
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
