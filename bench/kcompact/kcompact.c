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
#include "kcompact/internal.h"

#include <stdint.h>
#include <stdio.h>

static enum bench_status kcompact_run(struct bench_ctx *ctx)
{
	struct kc kc = { .ctx = ctx, .full = bench_mode(ctx) == BENCH_FULL };
	enum bench_status st;
	uint64_t t;
	int lock;

	if (!kbench_need_root(ctx, "writes /proc/sys/vm/compact_memory, stat_refresh, THP settings and tracefs"))
		return BENCH_SKIPPED;
	if (kc_find_triggers(&kc)) {
		bench_skip(ctx, "no compaction trigger (kernel built without CONFIG_COMPACTION?)");
		return BENCH_SKIPPED;
	}
	if ((lock = kbench_lock(ctx)) < 0)
		return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_SKIPPED;
	kc.reps = bench_reps(ctx, kc.full ? 10 : 3);
	kc_plan(&kc);
	t = kphase_now();
	kc_setup(&kc);
	kphase_add(&kc.phases, "setup", t);
	st = kc.thp_us && kc.thp_huge ? kc_run_scenarios(&kc) : BENCH_FAILED;
	if (st == BENCH_FAILED)
		bench_fail(ctx, "out of memory for the fault test's samples");
	kc_teardown(&kc);
	kphase_note(ctx, &kc.phases);
	knob_unlock_system(lock);
	return st;
}

static double kcompact_estimate(const struct bench_ctx *ctx)
{
	bool full = bench_mode(ctx) == BENCH_FULL;
	double reps = bench_reps(ctx, full ? 10 : 3), fio_reps = full ? reps : bench_reps(ctx, 2);
	char why[160];
	double gib = (double)kc_planned_frag_bytes(ctx, why, sizeof(why)) / (double)(1ul << 30);

	/* Measured on the 2-CPU lab machine in quick mode (seconds.* notes):
	 * an idle rep ~0.3 s, fragmenting and compacting ~1 s per GiB, a rep
	 * with fio ~1.3 s more; about 3x that at a load average of 12.  The
	 * fragmented size is the one the run will use, so a capped or a huge
	 * frag_mib shows in the estimate at the start. */
	return reps * (0.6 + gib) + fio_reps * 4 * (1.3 + gib) + 3;
}

static const struct bench_param_desc kcompact_params[] = {
	{ "frag_mib", "MiB to fault and fragment, 256..1048576 (bounded by MemAvailable less a margin); "
		      "default 1024 quick, all the margin allows full" },
	{ "frag", "how to fragment: alt4k (free every other 4 KiB page; default) or 3of4-2m "
		  "(free 3/4 of every 2 MiB)" },
	{ NULL, NULL },
};

/* An ask the machine cannot give is said before the run, not found in the manifest. */
static void warn_capped(const struct bench_ctx *ctx, uint64_t mib)
{
	char why[160] = "";
	size_t got = mib ? kc_planned_frag_bytes(ctx, why, sizeof(why)) : 0;

	if (mib && got < (size_t)mib << 20)
		fprintf(stderr, "kcompact: frag_mib=%llu is more than this machine can spare; "
			"%zu MiB will be fragmented%s%s\n", (unsigned long long)mib, got >> 20,
			why[0] ? ": " : "", why);
}

static int kcompact_check(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	const char *method = bench_param(ctx, "frag");
	uint64_t mib;

	if (kc_frag_mib(ctx, &mib, err, errlen))
		return -1;
	warn_capped(ctx, mib);
	if (method && frag_method_parse(method) < 0) {
		snprintf(err, errlen, "frag must be alt4k or 3of4-2m, not '%s'", method);
		return -1;
	}
	return 0;
}

/* Whole-node compaction time on fresh fragmentation, and THP success. */
static const struct bench_headline kcompact_headline[] = {
	{ "compact_wall_ms", "*,pass=1" },
	/* THP success only where there was pressure to lose it to. */
	{ "thp_huge_share", "scenario=fragmented,*" },
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
