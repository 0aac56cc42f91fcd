// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kcompact/scenarios.c - the scenarios (idle, fragmented, fragmented
 * with each fio engine) and a repetition of one: fragment, start fio, the
 * fault test, each node compacted twice, the quiet fio windows.
 */
#include "kcompact/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FIO_TAIL_S 0.1

static const struct kc_scenario scenarios[] = {
	{ "idle", false, -1 },
	{ "fragmented", true, -1 },
	{ "fragmented+fio", true, WL_LIBAIO },
	{ "fragmented+fio", true, WL_IOURING },
	{ "fragmented+fio", true, WL_IOURING_FIXED },
	{ "fragmented+fio", true, WL_AIO_RING },
};
#define NR_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

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
		err[i] = kc_compact_once(kc, node, &p[i]);
	if (f->on)
		kbench_sleep(FIO_TAIL_S);
	window_s = kc_fio_window(kc, f, case_, "compaction");
	for (int i = 0; i < 2; i++) {
		char pcase[340];

		snprintf(pcase, sizeof(pcase), "%s,pass=%d", case_, i + 1);
		if (err[i])
			bench_msg(kc->ctx, "compaction trigger failed on %s", pcase);
		else
			kc_record_pass(kc, pcase, rep, &p[i]);
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
	kc_fio_window(kc, f, case_, "no-compaction");
}

static int scenario_rep(struct kc *kc, const struct kc_scenario *sc, const char *base,
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
	kc_fio_begin(kc, &kc->fio, sc, rep);
	t = kphase_add(&kc->phases, "fio_start", t);
	/* Faults first: compaction would undo the fragmentation they face. */
	kc_thp_test(kc, base, rep);
	kc_fio_window(kc, &kc->fio, base, "thp-faults");
	t = kphase_add(&kc->phases, "thp_faults", t);
	for (int i = 0; i < nr && !bench_should_stop(); i++)
		window_s[i] = node_pass(kc, &kc->fio, base, kc->nr_nodes ? kc->nodes[i] : -1, rep);
	t = kphase_add(&kc->phases, "compaction", t);
	for (int i = 0; i < nr && kc->fio.on && !bench_should_stop(); i++)
		quiet_window(kc, &kc->fio, base, kc->nr_nodes ? kc->nodes[i] : -1, window_s[i]);
	t = kphase_add(&kc->phases, "no_compaction", t);
	kc_fio_end(kc, &kc->fio, rep);
	frag_release(&fr);
	kphase_add(&kc->phases, "fio_stop_release", t);
	return 0;
}

/* Case prefix of a scenario, or false when the machine cannot run it. */
static bool scenario_base(struct kc *kc, const struct kc_scenario *sc, char *out, size_t outlen)
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
static void scenario_label(const struct kc_scenario *sc, char *out, size_t len)
{
	if (sc->engine >= 0)
		snprintf(out, len, "scenario.fragmented+%s",
			 workload_engine_name((enum wl_engine)sc->engine));
	else
		snprintf(out, len, "scenario.%s", sc->name);
}

/* Quick mode runs each fio scenario twice: a fio rep costs four starts of fio. */
static unsigned scenario_reps(const struct kc *kc, const struct kc_scenario *sc)
{
	return sc->engine >= 0 && !kc->full ? bench_reps(kc->ctx, 2) : kc->reps;
}

enum bench_status kc_run_scenarios(struct kc *kc)
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

void kc_plan(struct kc *kc)
{
	for (size_t s = 0; s < NR_SCENARIOS; s++)
		kc->nr_steps += scenario_reps(kc, &scenarios[s]);
	bench_note(kc->ctx, "plan", "%u reps idle and fragmented, %u per fio scenario; "
		   "one fio job per rep, its windows cut by SIGUSR1",
		   kc->reps, scenario_reps(kc, &scenarios[NR_SCENARIOS - 1]));
}
