/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/kcompact/internal.h - the parts of kcompact: one compaction pass
 * with its tracepoints and vmstat deltas (pass.c), the fio job beside it
 * (fio.c), the huge-page fault test (faults.c), the scenarios (scenarios.c)
 * and the machine's set-up (setup.c); kcompact.c holds struct bench.
 */
#ifndef PINBENCH_KCOMPACT_INTERNAL_H
#define PINBENCH_KCOMPACT_INTERNAL_H

#include "core/bench.h"
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"
#include "workloads/ktrace.h"
#include "workloads/memfrag.h"
#include "workloads/workload.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COMPACT_ALL "/proc/sys/vm/compact_memory"
#define GIB (1ul << 30)


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
struct kc_scenario {
	const char *name;
	bool fragment;
	int engine;		/* enum wl_engine, or -1 for no fio */
};

/* ---- pass.c: one trigger of compaction, and its rows ---- */
struct kc_pass {
	double wall_ms;
	bool traced;
	struct ktrace_pass trace;
	struct vmstat_snap before, after;
	double free2m_before, free2m_after;
};

int kc_compact_once(struct kc *kc, int node, struct kc_pass *p);
void kc_record_pass(struct kc *kc, const char *case_, unsigned rep, const struct kc_pass *p);

/* ---- fio.c: the fio job of a repetition and its windows ---- */
void kc_fio_begin(struct kc *kc, struct kc_fio *f, const struct kc_scenario *sc,
		  unsigned rep);
/*
 * Ends the window that began at the last mark, named case_ plus
 * ",phase=..."; returns its length in seconds (0 without fio).
 */
double kc_fio_window(struct kc *kc, struct kc_fio *f, const char *case_, const char *phase);
void kc_fio_end(struct kc *kc, struct kc_fio *f, unsigned rep);

/* ---- faults.c: the huge-page fault test ---- */
void kc_thp_test(struct kc *kc, const char *case_, unsigned rep);

/* ---- scenarios.c ---- */
/* The number of steps (kc->nr_steps) and the "plan" note. */
void kc_plan(struct kc *kc);
enum bench_status kc_run_scenarios(struct kc *kc);

/* ---- setup.c: what the run changes on the machine, and restores ---- */
/* 0, or -1 when the kernel has no compaction trigger. */
int kc_find_triggers(struct kc *kc);
/* THP and proactiveness set, tracing open, zones noted, sizes chosen. */
void kc_setup(struct kc *kc);
/* --param kcompact.frag_mib, 0 when not given; -1 with err when invalid. */
int kc_frag_mib(const struct bench_ctx *ctx, uint64_t *mib, char *err, size_t errlen);
/* Bytes the fragmented scenarios will fault (0, with why, when too few). */
size_t kc_planned_frag_bytes(const struct bench_ctx *ctx, char *why, size_t whylen);
void kc_teardown(struct kc *kc);

#endif
