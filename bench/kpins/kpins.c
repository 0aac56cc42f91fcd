// SPDX-License-Identifier: GPL-2.0
/*
 * kpins: how many pages the running kernel pins per I/O, per engine.
 *
 * Each fio job (workloads/ENGINE.fio) does I/O for a short window after
 * its first I/O, then pinbench stops it; around it the FOLL_PIN counters
 * of /proc/vmstat (nr_foll_pin_acquired/_released, made exact by a
 * stat_refresh before every read) give the pins it took.  Divided by the
 * I/Os fio completed: pins per I/O.  Recent kernels pin every 4 KiB page
 * of an O_DIRECT buffer for each I/O (block/bio.c via
 * iov_iter_extract_pages()); older ones (Debian's 6.1) take plain
 * references and these counters do not move.  io_uring's registered
 * buffers are pinned once, at registration (io_uring/rsrc.c
 * io_sqe_buffer_register() -> io_pin_pages(), a pin_user_pages*() call
 * with FOLL_WRITE | FOLL_LONGTERM, in 6.1 as in recent kernels) and
 * unpinned when the ring goes: the pins held while the job runs show
 * them, so the sample must be taken while fio still runs.
 */
#include "core/bench.h"
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"
#include "workloads/workload.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_PFNS 65536
#define JOB_START_S 10.0	/* longest wait for a job's first I/O */
/* How long each job does I/O: quick mode only needs the pin counts, which
 * are exact however short the window. */
#define WINDOW_QUICK_S 0.3
#define WINDOW_FULL_S 5.0

struct kpins_sample {
	struct workload_result fio;
	double pins, unpins;	/* acquired / released over the job's life */
	double held_midrun;	/* acquired - released while its I/O runs */
	double buffer_pages;	/* pages of its buffers and rings (pagemap) */
};

static double held(const struct vmstat_snap *s)
{
	return (double)s->v[VM_FOLL_PIN_ACQUIRED] - (double)s->v[VM_FOLL_PIN_RELEASED];
}

/* While its I/O runs: pins held and the pages the job does I/O from. */
static void midrun(struct workload *w, const struct vmstat_snap *before,
		   struct kpins_sample *out)
{
	static uint64_t pfns[MAX_PFNS];
	struct vmstat_snap mid;
	ssize_t n = workload_pinned_pfns(w, pfns, MAX_PFNS);

	/* A running job always has buffers: none found means the job had
	 * already finished (a stalled machine), which is a missing sample. */
	bool seen = n > 0 && workload_running(w);

	out->buffer_pages = seen ? (double)n : NAN;
	out->held_midrun = seen && !vmstat_snapshot(&mid) ? held(&mid) - held(before) : NAN;
}

/* io_uring tears its ring down asynchronously: wait for the releases. */
static void settle(const struct vmstat_snap *before, struct vmstat_snap *after)
{
	for (int i = 0; i < 100; i++) {
		if (vmstat_snapshot(after) || held(after) <= held(before))
			return;
		kbench_sleep(0.01);
	}
}

/*
 * fio runs until pinbench stops it, window_s after its first I/O: the pins
 * held are sampled while the job certainly still runs, however slowly the
 * machine starts it (an emulated guest takes seconds), and registered
 * buffers are certainly still registered.
 */
static int one_job(struct bench_ctx *ctx, const struct workload_spec *spec,
		   const struct workload_files *files, const char *tag,
		   double window_s, struct kpins_sample *out)
{
	char json[4096], err[256];
	struct vmstat_snap before, after;
	struct workload w;
	int rc;

	if ((rc = workload_json_path(ctx, tag, json, sizeof(json))) ||
	    (rc = vmstat_snapshot(&before)) ||
	    (rc = workload_start(&w, spec, files, json)))
		return rc;
	if (!workload_wait_io(&w, JOB_START_S))
		bench_msg(ctx, "fio %s did not start I/O within %.0f s", tag, JOB_START_S);
	kbench_sleep(window_s / 5);
	midrun(&w, &before, out);
	kbench_sleep(window_s * 4 / 5);
	workload_stop(&w);
	settle(&before, &after);
	out->pins = vmstat_delta(&before, &after, VM_FOLL_PIN_ACQUIRED);
	out->unpins = vmstat_delta(&before, &after, VM_FOLL_PIN_RELEASED);
	rc = workload_read_result(json, &out->fio, err, sizeof(err));
	if (rc)
		bench_msg(ctx, "%s", err);
	return rc;
}

static void record_sample(struct bench_ctx *ctx, const char *case_, unsigned rep,
			  const struct kpins_sample *s)
{
	double ios = s->fio.total_ios;

	kbench_record(ctx, case_, "pins_per_io", "pages", BETTER_LOWER, rep, ios > 0 ? s->pins / ios : NAN);
	kbench_record(ctx, case_, "unpins_per_io", "pages", BETTER_LOWER, rep, ios > 0 ? s->unpins / ios : NAN);
	kbench_record(ctx, case_, "pins_held_midrun", "pages", BETTER_LOWER, rep, s->held_midrun);
	kbench_record(ctx, case_, "buffer_pages", "pages", BETTER_LOWER, rep, s->buffer_pages);
	kbench_record(ctx, case_, "iops", "IO/s", BETTER_HIGHER, rep, s->fio.iops);
	kbench_record(ctx, case_, "read_clat_p99", "us", BETTER_LOWER, rep, s->fio.read_p99_us);
}

static const unsigned block_sizes[] = { 4096, 65536 };
#define NR_CONFIGS (WL_NR_ENGINES * 2 * 2)

static void config_spec(struct bench_ctx *ctx, unsigned c, struct workload_spec *s)
{
	workload_spec_init(s, (enum wl_engine)(c / 4), (c / 2) % 2, block_sizes[c % 2]);
	s->seed = bench_seed(ctx, c);	/* runtime_s 0: until one_job stops it */
}

static double window_s(const struct bench_ctx *ctx)
{
	return bench_mode(ctx) == BENCH_FULL ? WINDOW_FULL_S : WINDOW_QUICK_S;
}

static enum bench_status run_configs(struct bench_ctx *ctx, const struct workload_files *files,
				     struct kphases *phases)
{
	unsigned reps = bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 5 : 2);

	bench_note(ctx, "plan", "%d jobs x %u reps; each stopped %.1f s after its first I/O, "
		   "pins held sampled %.2f s after it", NR_CONFIGS, reps, window_s(ctx),
		   window_s(ctx) / 5);
	for (unsigned c = 0; c < NR_CONFIGS; c++) {
		struct workload_spec spec;
		char case_[128], name[64], tag[96];

		uint64_t t = kphase_now();

		config_spec(ctx, c, &spec);
		workload_spec_case(&spec, case_, sizeof(case_));
		workload_spec_tag(&spec, name, sizeof(name));
		for (unsigned rep = 0; rep < reps; rep++) {
			struct kpins_sample s;

			if (bench_should_stop())
				return BENCH_INTERRUPTED;
			bench_progress(ctx, (double)(c * reps + rep) / (NR_CONFIGS * reps), "%s", case_);
			snprintf(tag, sizeof(tag), "kpins-%s-rep%u", name, rep);
			if (one_job(ctx, &spec, files, tag, window_s(ctx), &s) == 0)
				record_sample(ctx, case_, rep, &s);
		}
		kphase_add(phases, workload_engine_name(spec.engine), t);
	}
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static enum bench_status kpins_run(struct bench_ctx *ctx)
{
	struct workload_files files;
	struct vmstat_snap probe;
	struct kphases phases = { 0 };
	char why[512];
	enum bench_status st;
	uint64_t t;
	int lock;

	if (!kbench_need_root(ctx, "exact pin counts need a write to /proc/sys/vm/stat_refresh"))
		return BENCH_SKIPPED;
	if (vmstat_snapshot(&probe) || !probe.present[VM_FOLL_PIN_ACQUIRED]) {
		bench_skip(ctx, "this kernel has no nr_foll_pin_* counters in /proc/vmstat");
		return BENCH_SKIPPED;
	}
	if ((lock = kbench_lock(ctx)) < 0)
		return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_SKIPPED;
	t = kphase_now();
	if (workload_files_prepare(ctx, &files, why, sizeof(why))) {
		bench_skip(ctx, "%s", why);
		knob_unlock_system(lock);
		return BENCH_SKIPPED;
	}
	kphase_add(&phases, "setup", t);
	st = run_configs(ctx, &files, &phases);
	workload_files_remove(&files);
	kphase_note(ctx, &phases);
	knob_unlock_system(lock);
	return st;
}

static double kpins_estimate(const struct bench_ctx *ctx)
{
	bool full = bench_mode(ctx) == BENCH_FULL;

	/* fio takes about 0.3 s from its start to its first I/O here. */
	return NR_CONFIGS * bench_reps(ctx, full ? 5 : 2) * (window_s(ctx) + 0.4) + 3;
}

/* Pins per 4 KiB read per engine, and the long-term pins of fixed buffers. */
static const struct bench_headline kpins_headline[] = {
	{ "pins_per_io", "engine=*,rw=randread,bs=4k,*" },
	{ "pins_held_midrun", "engine=io_uring-fixedbufs,rw=randread,*" },
	{ NULL, NULL },
};

const struct bench bench_kpins = {
	.name = "kpins",
	.summary = "pages the running kernel pins per I/O: fio O_DIRECT libaio/io_uring, fixed buffers, aio ring",
	.estimate_s = kpins_estimate,
	.run = kpins_run,
	.headline = kpins_headline,
};
