// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kcompact/fio.c - one fio job runs through a whole repetition of a
 * fio scenario; its windows (faults, compaction of each node, the same
 * lengths without compaction) are cut by workload_mark() (SIGUSR1: fio
 * prints its cumulative statistics), so fio starts once per repetition.
 */
#include "kcompact/internal.h"

#include <stdio.h>
#include <string.h>

#define FIO_START_S 10.0	/* longest wait for fio's first I/O */
#define FIO_RAMP_S 0.2		/* after it, before the trigger */
#define FIO_MARK_S 20.0	/* longest wait for fio's statistics (emulated guests are slow) */

void kc_fio_begin(struct kc *kc, struct kc_fio *f, const struct kc_scenario *sc,
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
double kc_fio_window(struct kc *kc, struct kc_fio *f, const char *case_,
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

void kc_fio_end(struct kc *kc, struct kc_fio *f, unsigned rep)
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
