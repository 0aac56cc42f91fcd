// SPDX-License-Identifier: GPL-2.0
/*
 * kcompact: what compaction costs on the running kernel, idle, with memory
 * fragmented on purpose, and with fio jobs pinning pages while it runs.
 *
 * Per scenario and repetition: a huge-page fault test (thpchallenge style:
 * 2 MiB MADV_HUGEPAGE chunks, latency per fault, share that got a huge
 * page), then compaction of each node, twice (pass=1 on the fragmented
 * zone, pass=2 on the zone just compacted), by a write of 1 to
 * /sys/devices/system/node/nodeN/compact (/proc/sys/vm/compact_memory for
 * all nodes where that file is absent).  The write returns when
 * compact_node() is done (mm/compaction.c, Linux 6.18: order -1,
 * MIGRATE_SYNC, whole_zone, every populated zone of the node in turn, in the
 * writer's context), so its wall time
 * is the trigger's latency; the compaction:mm_compaction_begin/end
 * tracepoints of this task give each zone's share, migrate:mm_migrate_pages
 * the pages moved and not moved.  Around each pass: /proc/vmstat deltas
 * (compact_*, pgmigrate_*, nr_foll_pin_*) and the free 2 MiB blocks per
 * node (/proc/buddyinfo).  With fio running, its IOPS and p99 completion
 * latency in a window holding the compaction are set beside a window of the
 * same length without it.  One fio job runs through the whole repetition
 * (faults, compaction, the quiet window); its windows are cut by SIGUSR1,
 * on which fio prints its cumulative statistics with the latency histogram
 * (workload_mark()), so each repetition starts fio once.  The wall time of
 * every phase goes into the manifest (seconds.*) for the quick budget.
 *
 * Changed for the run and restored on every exit (Ctrl-C included):
 * vm.compaction_proactiveness (0, so kcompactd does not undo the
 * fragmentation behind our back), THP enabled/defrag (only if they would
 * keep MADV_HUGEPAGE faults from getting or compacting for a huge page),
 * a private tracefs instance, tracefs mounted if it was not.
 */
#include "core/bench.h"
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"
#include "workloads/ktrace.h"
#include "workloads/memfrag.h"
#include "core/timer.h"
#include "workloads/workload.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THP_SYSFS "/sys/kernel/mm/transparent_hugepage/"
#define COMPACT_ALL "/proc/sys/vm/compact_memory"
#define PROACTIVENESS "/proc/sys/vm/compaction_proactiveness"
#define GIB (1ul << 30)
#define FIO_START_S 10.0	/* longest wait for fio's first I/O */
#define FIO_RAMP_S 0.2		/* after it, before the trigger */
#define FIO_TAIL_S 0.1

/*
 * One fio job runs through a whole repetition of a fio scenario; its
 * windows (faults, compaction of each node, the same lengths without
 * compaction) are split by workload_mark(), so fio starts once per
 * repetition, not once per window.
 */
#define KC_MAX_WINDOWS (2 * KSTAT_MAX_NODES + 1)
#define FIO_MARK_S 20.0	/* longest wait for fio's statistics (emulated guests are slow) */

struct kc_fio {
	struct workload w;
	bool on;		/* running and answering marks */
	int nr;			/* windows marked */
	char window[KC_MAX_WINDOWS][352];	/* case of each window */
	uint64_t last_mark_ns;	/* when the window in progress began */
};

struct kc {
	struct bench_ctx *ctx;
	bool full;
	unsigned reps;
	struct ktrace *trace;	/* NULL: tracepoints skipped */
	struct zone_span zones[KSTAT_MAX_ZONES];
	int nr_zones;
	int nodes[KSTAT_MAX_NODES];
	int nr_nodes;		/* 0: only the all-nodes trigger exists */
	struct knob thp_enabled, thp_defrag, proactive;
	struct workload_files files;
	bool have_files;
	size_t frag_bytes;	/* 0: fragmented scenarios skipped */
	enum frag_method method;
	size_t thp_chunks;
	double *thp_us;
	bool *thp_huge;
	unsigned step, nr_steps;
	struct kc_fio fio;
	struct kphases phases;	/* seconds.* notes */
};

/* One scenario: what runs beside compaction. */
struct scenario {
	const char *name;
	bool fragment;
	int engine;		/* enum wl_engine, or -1 for no fio */
};

static const struct scenario scenarios[] = {
	{ "idle", false, -1 },
	{ "fragmented", true, -1 },
	{ "fragmented+fio", true, WL_LIBAIO },
	{ "fragmented+fio", true, WL_IOURING },
	{ "fragmented+fio", true, WL_IOURING_FIXED },
	{ "fragmented+fio", true, WL_AIO_RING },
};
#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

/* ---- one compaction pass ------------------------------------------------ */

struct kc_pass {
	double wall_ms;
	bool traced;
	struct ktrace_pass trace;
	struct vmstat_snap before, after;
	double free2m_before, free2m_after;
};

static double free_2m_blocks(int node)
{
	double per_node[KSTAT_MAX_NODES], sum = 0;
	int n = buddyinfo_free_blocks(9, per_node);

	if (n < 0)
		return NAN;
	if (node >= 0)
		return node < n ? per_node[node] : NAN;
	for (int i = 0; i < n; i++)
		sum += per_node[i];
	return sum;
}

static int compact_once(struct kc *kc, int node, struct kc_pass *p)
{
	char path[96];
	uint64_t t0;
	int err;

	if (node >= 0)
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", node);
	else
		snprintf(path, sizeof(path), "%s", COMPACT_ALL);
	memset(p, 0, sizeof(*p));
	p->free2m_before = free_2m_blocks(node);
	vmstat_snapshot(&p->before);
	if (kc->trace)
		ktrace_discard(kc->trace);
	t0 = timer_clock_ns(CLOCK_MONOTONIC);
	err = knob_write(path, "1");
	p->wall_ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	if (kc->trace)
		p->traced = ktrace_collect(kc->trace, getpid(), kc->zones,
					   kc->nr_zones, &p->trace) == 0;
	vmstat_snapshot(&p->after);
	p->free2m_after = free_2m_blocks(node);
	return err;
}

static void record_trace(struct kc *kc, const char *case_, unsigned rep,
			 const struct ktrace_pass *t)
{
	char zcase[320];
	double total = 0;

	for (int i = 0; i < t->nr_zones; i++) {
		snprintf(zcase, sizeof(zcase), "%s,zone=%s", case_, t->zone[i].zone);
		kbench_record(kc->ctx, zcase, "compact_zone_ms", "ms", BETTER_LOWER, rep,
			      t->zone[i].ms);
		total += t->zone[i].ms;
	}
	kbench_record(kc->ctx, case_, "compact_traced_ms", "ms", BETTER_LOWER, rep, total);
	kbench_record(kc->ctx, case_, "migrate_succeeded", "pages", BETTER_HIGHER, rep,
		      t->migrate_succeeded);
	kbench_record(kc->ctx, case_, "migrate_failed", "pages", BETTER_LOWER, rep,
		      t->migrate_failed);
	if (t->missed || t->unmatched)
		bench_msg(kc->ctx, "trace: %lld events lost, %d unpaired", t->missed, t->unmatched);
}

static void record_pass(struct kc *kc, const char *case_, unsigned rep,
			const struct kc_pass *p)
{
	char metric[64];

	kbench_record(kc->ctx, case_, "compact_wall_ms", "ms", BETTER_LOWER, rep, p->wall_ms);
	if (p->traced)
		record_trace(kc, case_, rep, &p->trace);
	for (int i = 0; i < VM_NR_ITEMS; i++) {
		snprintf(metric, sizeof(metric), "vm_%s", vmstat_name(i));
		kbench_record(kc->ctx, case_, metric, "count", BETTER_LOWER, rep,
			      vmstat_delta(&p->before, &p->after, i));
	}
	kbench_record(kc->ctx, case_, "free_2m_blocks_before", "blocks", BETTER_HIGHER, rep,
		      p->free2m_before);
	kbench_record(kc->ctx, case_, "free_2m_blocks_after", "blocks", BETTER_HIGHER, rep,
		      p->free2m_after);
}

/* ---- fio beside it ------------------------------------------------------ */

static void fio_begin(struct kc *kc, struct kc_fio *f, const struct scenario *sc,
		      unsigned rep)
{
	struct workload_spec spec;
	char name[64], tag[128], json[4096];

	f->on = false;
	f->nr = 0;
	if (sc->engine < 0)
		return;
	workload_spec_init(&spec, (enum wl_engine)sc->engine, false, 4096);
	spec.seed = bench_seed(kc->ctx, (uint64_t)sc->engine * 1000 + rep);
	spec.phases = true;
	workload_spec_tag(&spec, name, sizeof(name));
	snprintf(tag, sizeof(tag), "kcompact-%s-rep%u", name, rep);
	if (workload_json_path(kc->ctx, tag, json, sizeof(json)) ||
	    workload_start(&f->w, &spec, &kc->files, json))
		return;
	f->on = true;
	if (!workload_wait_io(&f->w, FIO_START_S))
		bench_msg(kc->ctx, "fio did not start I/O within %.0f s", FIO_START_S);
	kbench_sleep(FIO_RAMP_S);
	if (workload_mark(&f->w, FIO_MARK_S)) {
		bench_msg(kc->ctx, "fio %s did not print its statistics on SIGUSR1", tag);
		f->on = false;
	}
	f->last_mark_ns = kphase_now();
}

/* Ends the window that began at the last mark, named case_ plus
 * ",phase=..."; returns its length in seconds (0 without fio). */
static double fio_window(struct kc *kc, struct kc_fio *f, const char *case_,
			 const char *phase)
{
	uint64_t begun = f->last_mark_ns;
	int err;

	if (!f->on || f->nr == KC_MAX_WINDOWS)
		return 0;
	if ((err = workload_mark(&f->w, FIO_MARK_S))) {
		bench_msg(kc->ctx, "fio window %s,phase=%s lost: %s", case_, phase, strerror(-err));
		f->on = false;	/* a late answer would shift the windows after it */
		return 0;
	}
	f->last_mark_ns = kphase_now();
	snprintf(f->window[f->nr++], sizeof(f->window[0]), "%s,phase=%s", case_, phase);
	return (double)(f->last_mark_ns - begun) / 1e9;
}

static void fio_end(struct kc *kc, struct kc_fio *f, unsigned rep)
{
	struct workload_result seg[KC_MAX_WINDOWS + 2];
	char err[256];
	int n;

	if (f->w.pid <= 0)
		return;
	workload_stop(&f->w);
	n = workload_read_segments(f->w.json, seg, KC_MAX_WINDOWS + 2, err, sizeof(err));
	if (n < 0)
		bench_msg(kc->ctx, "%s", err);
	for (int i = 0; i < f->nr && i < n; i++) {
		kbench_record(kc->ctx, f->window[i], "fio_iops", "IO/s", BETTER_HIGHER, rep,
			      seg[i].iops);
		kbench_record(kc->ctx, f->window[i], "fio_read_clat_p99", "us", BETTER_LOWER, rep,
			      seg[i].read_p99_us);
	}
	f->w.pid = 0;
}

/* ---- the huge-page fault test ------------------------------------------- */

static void thp_test(struct kc *kc, const char *case_, unsigned rep)
{
	int n = thp_fault_test(kc->thp_chunks, kc->thp_us, kc->thp_huge);
	double huge = 0;

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++) {
		kbench_record(kc->ctx, case_, "thp_fault_us", "us", BETTER_LOWER,
			      rep * (unsigned)kc->thp_chunks + (unsigned)i, kc->thp_us[i]);
		huge += kc->thp_huge[i];
	}
	kbench_record(kc->ctx, case_, "thp_huge_share", "%", BETTER_HIGHER, rep, 100.0 * huge / n);
}

/* ---- scenarios ---------------------------------------------------------- */

static void node_case(const char *base, int node, char *out, size_t outlen)
{
	if (node >= 0)
		snprintf(out, outlen, "%s,node=%d", base, node);
	else
		snprintf(out, outlen, "%s,node=all", base);
}

/* Compacts one node twice (fio, if any, keeps running); returns the length
 * of its fio window in seconds. */
static double node_pass(struct kc *kc, struct kc_fio *f, const char *base, int node,
			unsigned rep)
{
	char case_[320];
	struct kc_pass p[2];
	double window_s;
	int err[2];

	node_case(base, node, case_, sizeof(case_));
	/* The second trigger finds the zone compacted: its cost is the scan. */
	for (int i = 0; i < 2; i++)
		err[i] = compact_once(kc, node, &p[i]);
	if (f->on)
		kbench_sleep(FIO_TAIL_S);
	window_s = fio_window(kc, f, case_, "compaction");
	for (int i = 0; i < 2; i++) {
		char pcase[340];

		snprintf(pcase, sizeof(pcase), "%s,pass=%d", case_, i + 1);
		if (err[i])
			bench_msg(kc->ctx, "compaction trigger failed on %s", pcase);
		else
			record_pass(kc, pcase, rep, &p[i]);
	}
	return window_s;
}

/* The same fio job, as long again, with nothing else running. */
static void quiet_window(struct kc *kc, struct kc_fio *f, const char *base, int node,
			 double window_s)
{
	char case_[320];
	double left = window_s - (double)(kphase_now() - f->last_mark_ns) / 1e9;

	node_case(base, node, case_, sizeof(case_));
	if (left > 0)
		kbench_sleep(left);
	fio_window(kc, f, case_, "no-compaction");
}

static int scenario_rep(struct kc *kc, const struct scenario *sc, const char *base,
			unsigned rep)
{
	struct fragmenter fr = { .hook = -1 };
	int nr = kc->nr_nodes ? kc->nr_nodes : 1;
	double window_s[KSTAT_MAX_NODES];
	uint64_t t = kphase_now();
	int err;

	if (sc->fragment && (err = frag_make(&fr, kc->frag_bytes, kc->method)))
		return err;
	t = kphase_add(&kc->phases, "fragment", t);
	fio_begin(kc, &kc->fio, sc, rep);
	t = kphase_add(&kc->phases, "fio_start", t);
	/* Faults first: compaction would undo the fragmentation they face. */
	thp_test(kc, base, rep);
	fio_window(kc, &kc->fio, base, "thp-faults");
	t = kphase_add(&kc->phases, "thp_faults", t);
	for (int i = 0; i < nr && !bench_should_stop(); i++)
		window_s[i] = node_pass(kc, &kc->fio, base, kc->nr_nodes ? kc->nodes[i] : -1, rep);
	t = kphase_add(&kc->phases, "compaction", t);
	for (int i = 0; i < nr && kc->fio.on && !bench_should_stop(); i++)
		quiet_window(kc, &kc->fio, base, kc->nr_nodes ? kc->nodes[i] : -1, window_s[i]);
	t = kphase_add(&kc->phases, "no_compaction", t);
	fio_end(kc, &kc->fio, rep);
	frag_release(&fr);
	kphase_add(&kc->phases, "fio_stop_release", t);
	return 0;
}

/* Case prefix of a scenario, or false when the machine cannot run it. */
static bool scenario_base(struct kc *kc, const struct scenario *sc, char *out, size_t outlen)
{
	struct workload_spec spec;
	char fio[128] = "";
	int n;

	if ((sc->fragment && !kc->frag_bytes) || (sc->engine >= 0 && !kc->have_files))
		return false;
	n = snprintf(out, outlen, "scenario=%s", sc->name);
	if (sc->fragment)
		n += snprintf(out + n, outlen - (size_t)n, ",frag=%s-%zuM",
			      frag_method_name(kc->method), kc->frag_bytes >> 20);
	if (sc->engine >= 0) {
		workload_spec_init(&spec, (enum wl_engine)sc->engine, false, 4096);
		workload_spec_case(&spec, fio, sizeof(fio));
		snprintf(out + n, outlen - (size_t)n, ",%s", fio);
	}
	return true;
}

/* "scenario.idle", "scenario.fragmented+libaio": its seconds.* note. */
static void scenario_label(const struct scenario *sc, char *out, size_t len)
{
	if (sc->engine >= 0)
		snprintf(out, len, "scenario.fragmented+%s",
			 workload_engine_name((enum wl_engine)sc->engine));
	else
		snprintf(out, len, "scenario.%s", sc->name);
}

/* Quick mode runs each fio scenario twice: a fio rep costs four starts of fio. */
static unsigned scenario_reps(const struct kc *kc, const struct scenario *sc)
{
	return sc->engine >= 0 && !kc->full ? bench_reps(kc->ctx, 2) : kc->reps;
}

static enum bench_status run_scenarios(struct kc *kc)
{
	for (size_t s = 0; s < NR_SCENARIOS; s++) {
		unsigned reps = scenario_reps(kc, &scenarios[s]);
		uint64_t t = kphase_now();
		char base[256], phase[64];

		if (!scenario_base(kc, &scenarios[s], base, sizeof(base))) {
			kc->step += reps;
			continue;
		}
		for (unsigned rep = 0; rep < reps; rep++) {
			if (bench_should_stop())
				return BENCH_INTERRUPTED;
			bench_progress(kc->ctx, (double)kc->step++ / kc->nr_steps, "%s", base);
			int err = scenario_rep(kc, &scenarios[s], base, rep);

			if (err && err != -EINTR)
				bench_msg(kc->ctx, "cannot fragment %zu MiB: %s",
					  kc->frag_bytes >> 20, strerror(-err));
		}
		scenario_label(&scenarios[s], phase, sizeof(phase));
		kphase_add(&kc->phases, phase, t);
	}
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

/* ---- set-up and tear-down ----------------------------------------------- */

static int find_triggers(struct kc *kc)
{
	char path[96];
	int nodes[KSTAT_MAX_NODES], n = kstat_memory_nodes(nodes, KSTAT_MAX_NODES);

	kc->nr_nodes = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", nodes[i]);
		if (access(path, W_OK) == 0)
			kc->nodes[kc->nr_nodes++] = nodes[i];
	}
	return kc->nr_nodes || access(COMPACT_ALL, W_OK) == 0 ? 0 : -1;
}

/* The selected value of a setting, or "absent" (e.g. a kernel without THP). */
static const char *setting(const char *path, char *buf, size_t len)
{
	return knob_read(path, buf, len) ? "absent" : buf;
}

/* THP must let MADV_HUGEPAGE faults get huge pages and compact for them. */
static void set_knobs(struct kc *kc)
{
	char cur[64];
	const char *v = setting(THP_SYSFS "enabled", cur, sizeof(cur));

	knob_set(&kc->thp_enabled, THP_SYSFS "enabled", strcmp(v, "never") ? v : "madvise");
	v = setting(THP_SYSFS "defrag", cur, sizeof(cur));
	knob_set(&kc->thp_defrag, THP_SYSFS "defrag",
		 strcmp(v, "never") && strcmp(v, "defer") ? v : "madvise");
	knob_set(&kc->proactive, PROACTIVENESS, "0");
	bench_note(kc->ctx, "thp_enabled", "%s", setting(THP_SYSFS "enabled", cur, sizeof(cur)));
	bench_note(kc->ctx, "thp_defrag", "%s", setting(THP_SYSFS "defrag", cur, sizeof(cur)));
	bench_note(kc->ctx, "compaction_proactiveness_saved", "%s", kc->proactive.saved);
}

static void open_trace(struct kc *kc)
{
	char why[256];

	kc->trace = ktrace_open("kcompact", why, sizeof(why));
	if (kc->trace) {
		bench_note(kc->ctx, "tracepoints", "compaction:mm_compaction_begin/end, migrate:mm_migrate_pages");
	} else {
		bench_note(kc->ctx, "tracepoints", "skipped: %s", why);
		bench_msg(kc->ctx, "tracepoint parts skipped: %s", why);
	}
}

static void note_zones(struct kc *kc)
{
	kc->nr_zones = zoneinfo_read(kc->zones, KSTAT_MAX_ZONES);
	for (int i = 0; i < kc->nr_zones; i++) {
		char key[64];

		snprintf(key, sizeof(key), "zone.node%d.%s", kc->zones[i].node, kc->zones[i].name);
		bench_note(kc->ctx, key, "start_pfn=%llu spanned=%llu present=%llu managed=%llu",
			   (unsigned long long)kc->zones[i].start_pfn,
			   (unsigned long long)kc->zones[i].spanned,
			   (unsigned long long)kc->zones[i].present,
			   (unsigned long long)kc->zones[i].managed);
	}
}

static void size_fragmenter(struct kc *kc)
{
	const char *method = bench_param(kc->ctx, "frag");
	char why[256];
	size_t want;

	kc->method = method ? (enum frag_method)frag_method_parse(method) : FRAG_EVERY_OTHER_4K;
	/* Quick: 1 GiB, a few seconds to fault.  Full: all the memory the
	 * margin allows, so that free 2 MiB blocks really run out. */
	want = kc->full ? SIZE_MAX : GIB;
	if (bench_param(kc->ctx, "frag_mib"))
		want = (size_t)strtoull(bench_param(kc->ctx, "frag_mib"), NULL, 10) << 20;
	kc->frag_bytes = frag_bound(want, GIB / 4, why, sizeof(why));
	bench_note(kc->ctx, "frag", "%s %zu MiB", frag_method_name(kc->method), kc->frag_bytes >> 20);
	if (!kc->frag_bytes) {
		bench_note(kc->ctx, "fragmented", "skipped: %s", why);
		bench_msg(kc->ctx, "fragmented scenarios skipped: %s", why);
	}
}

static void size_things(struct kc *kc)
{
	char why[256];

	size_fragmenter(kc);
	kc->have_files = workload_files_prepare(kc->ctx, &kc->files, why, sizeof(why)) == 0;
	if (!kc->have_files) {
		bench_note(kc->ctx, "fio", "skipped: %s", why);
		bench_msg(kc->ctx, "fio scenarios skipped: %s", why);
	}
	kc->thp_chunks = kc->full ? 256 : 32;
	kc->thp_us = calloc(kc->thp_chunks, sizeof(*kc->thp_us));
	kc->thp_huge = calloc(kc->thp_chunks, sizeof(*kc->thp_huge));
}

static void teardown(struct kc *kc)
{
	if (kc->have_files)
		workload_files_remove(&kc->files);
	ktrace_close(kc->trace);
	knob_restore(&kc->proactive);
	knob_restore(&kc->thp_defrag);
	knob_restore(&kc->thp_enabled);
	free(kc->thp_us);
	free(kc->thp_huge);
}

static enum bench_status kcompact_run(struct bench_ctx *ctx)
{
	struct kc kc = { .ctx = ctx, .full = bench_mode(ctx) == BENCH_FULL };
	enum bench_status st;
	uint64_t t;
	int lock;

	if (!kbench_need_root(ctx, "writes /proc/sys/vm/compact_memory, stat_refresh, THP settings and tracefs"))
		return BENCH_SKIPPED;
	if (find_triggers(&kc)) {
		bench_skip(ctx, "no compaction trigger (kernel built without CONFIG_COMPACTION?)");
		return BENCH_SKIPPED;
	}
	if ((lock = kbench_lock(ctx)) < 0)
		return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_SKIPPED;
	kc.reps = bench_reps(ctx, kc.full ? 10 : 3);
	for (size_t s = 0; s < NR_SCENARIOS; s++)
		kc.nr_steps += scenario_reps(&kc, &scenarios[s]);
	bench_note(ctx, "plan", "%u reps idle and fragmented, %u per fio scenario; "
		   "one fio job per rep, its windows cut by SIGUSR1",
		   kc.reps, scenario_reps(&kc, &scenarios[NR_SCENARIOS - 1]));
	t = kphase_now();
	set_knobs(&kc);
	open_trace(&kc);
	note_zones(&kc);
	size_things(&kc);
	kphase_add(&kc.phases, "setup", t);
	st = kc.thp_us && kc.thp_huge ? run_scenarios(&kc) : BENCH_FAILED;
	if (st == BENCH_FAILED)
		bench_fail(ctx, "out of memory for the fault test's samples");
	teardown(&kc);
	kphase_note(ctx, &kc.phases);
	knob_unlock_system(lock);
	return st;
}

static double kcompact_estimate(const struct bench_ctx *ctx)
{
	bool full = bench_mode(ctx) == BENCH_FULL;
	double reps = bench_reps(ctx, full ? 10 : 3), fio_reps = full ? reps : bench_reps(ctx, 2);

	/* Measured on the 2-CPU lab machine in quick mode (seconds.* notes):
	 * an idle rep ~0.3 s, a fragmented one (1 GiB) ~1.3 s, one with fio
	 * ~2.3 s, about 3x that at a load average of 12.  Full mode fragments
	 * all it safely can: minutes per rep on big machines. */
	if (full)
		return reps * 6 * 60;
	return reps * 2 + fio_reps * 4 * 3 + 3;
}

static const struct bench_param_desc kcompact_params[] = {
	{ "frag_mib", "MiB to fault and fragment, 256..1048576 (bounded by MemAvailable less a margin); "
		      "default 1024 quick, all the margin allows full" },
	{ "frag", "how to fragment: alt4k (free every other 4 KiB page; default) or 3of4-2m "
		  "(free 3/4 of every 2 MiB)" },
	{ NULL, NULL },
};

static int kcompact_check(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	const char *mib = bench_param(ctx, "frag_mib"), *method = bench_param(ctx, "frag");
	char *end = NULL;
	unsigned long long v = mib ? strtoull(mib, &end, 10) : 1024;

	if (mib && (!*mib || *end || v < 256 || v > (1ull << 20))) {
		snprintf(err, errlen, "frag_mib must be 256..1048576, not '%s'", mib);
		return -1;
	}
	if (method && frag_method_parse(method) < 0) {
		snprintf(err, errlen, "frag must be alt4k or 3of4-2m, not '%s'", method);
		return -1;
	}
	return 0;
}

/* Whole-node compaction time on fresh fragmentation, and THP success. */
static const struct bench_headline kcompact_headline[] = {
	{ "compact_wall_ms", "*,pass=1" },
	{ "thp_huge_share", "*" },
	{ NULL, NULL },
};

const struct bench bench_kcompact = {
	.name = "kcompact",
	.summary = "compaction latency per zone/node, huge-page faults and fio IO cost, idle/fragmented/with pinning fio jobs",
	.estimate_s = kcompact_estimate,
	.run = kcompact_run,
	.params = kcompact_params,
	.check_params = kcompact_check,
	.headline = kcompact_headline,
};
