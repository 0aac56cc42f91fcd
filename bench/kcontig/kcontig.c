// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig: what long-term pins at known pages cost contiguity on the
 * running kernel, measured against the exact prediction.
 *
 * The compaction model's claim (section 4 of REPORT.md) is that a pinned
 * page nobody can move spoils its 2 MiB pageblock, so how pins are spread
 * matters more than how many there are.  Here pins are placed by pfn at a
 * density of k pages per 64 pageblocks, spread or clustered (placement.c),
 * as io_uring fixed buffers (pins.c), after the node's free memory was
 * fragmented (pressure.c); the node is compacted and asked for huge pages
 * (outcomes.c); every pageblock of its zones is then classified
 * (classify.c, map.c).  The prediction: the region's pageblocks holding no
 * pinned page come free; measured: those found free or turned into huge
 * pages.  A scenario whose free 2 MiB blocks did not fall, or in which
 * compaction moved nothing, is flagged no_pressure (row and manifest note).
 *
 * Changed for the run and restored on every exit (Ctrl-C included):
 * vm.compaction_proactiveness (0, so kcompactd does not undo the
 * fragmentation), THP enabled ("madvise" where it was "never"), the node's
 * nr_hugepages, the pinned buffers (io_uring
 * rings, the O_DIRECT reads), the fragmenter's and the region's memory,
 * the memory policy, the O_DIRECT reads' file.
 */
#include "kcontig/internal.h"

#include <errno.h>
#include <math.h>
#include <numaif.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROACTIVENESS "/proc/sys/vm/compaction_proactiveness"
#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"
#define MAX_SCENARIOS (1 + 2 * KC_MAX_KS)

static void policy_default(void *arg)
{
	(void)arg;
	set_mempolicy(MPOL_DEFAULT, NULL, 0);
}

/* Binds this task's memory to the node, where the machine has several. */
static int bind_node(struct kc_run *r)
{
	int nodes[KSTAT_MAX_NODES];
	unsigned long mask[KSTAT_MAX_NODES / (8 * sizeof(long)) + 1] = { 0 };

	if (kstat_memory_nodes(nodes, KSTAT_MAX_NODES) < 2)
		return -1;
	mask[r->node / (8 * sizeof(long))] |= 1ul << (r->node % (8 * sizeof(long)));
	if (set_mempolicy(MPOL_BIND, mask, KSTAT_MAX_NODES + 1))
		return -1;
	return bench_cleanup_push(policy_default, NULL);
}

/* Why the node cannot be measured, or NULL. */
static const char *node_unusable(const struct kc_run *r)
{
	char path[160];

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", r->node);
	if (access(path, W_OK))
		return "no per-node compaction trigger (CONFIG_COMPACTION, CONFIG_NUMA?)";
	kc_hugetlb_path(r->node, path, sizeof(path));
	if (access(path, W_OK))
		return "no per-node 2 MiB nr_hugepages (CONFIG_HUGETLBFS?)";
	if (access("/proc/kpageflags", R_OK) || access("/proc/kpagecount", R_OK))
		return "no /proc/kpageflags or /proc/kpagecount (CONFIG_PROC_PAGE_MONITOR?)";
	return NULL;
}

/* The file the O_DIRECT reads read (64 MiB in --workdir). */
static void make_files(struct kc_run *r)
{
	char why[256];

	if (!r->kind_on[KC_SHORTTERM])
		return;
	r->have_files = workload_files_create(&r->files, bench_workdir(r->ctx), 64ul << 20,
					      why, sizeof(why)) == 0;
	if (!r->have_files) {
		r->kind_on[KC_SHORTTERM] = false;
		bench_note(r->ctx, "odirect", "skipped: %s", why);
		bench_msg(r->ctx, "O_DIRECT scenarios skipped: %s", why);
	}
}

static void setup(struct kc_run *r)
{
	char thp[32], huge[48];

	r->nr_zones = zoneinfo_read(r->zones, KSTAT_MAX_ZONES);
	r->huge_base = NAN;
	if (r->huge_max)
		snprintf(huge, sizeof(huge), "all the node's pages (max)");
	else
		snprintf(huge, sizeof(huge), "%zu MiB", r->huge_bytes >> 20);
	knob_set(&r->proactive, PROACTIVENESS, "0");
	/* The pin region is faulted as THPs (pins.c): "never" would refuse. */
	if (knob_read(THP_ENABLED, thp, sizeof(thp)) == 0 && !strcmp(thp, "never"))
		knob_set(&r->thp, THP_ENABLED, "madvise");
	bench_note(r->ctx, "compaction_proactiveness_saved", "%s", r->proactive.saved);
	snprintf(r->pins_path, sizeof(r->pins_path), "%s/kcontig-pins.tsv",
		 bench_run_dir(r->ctx));
	snprintf(r->maps_dir, sizeof(r->maps_dir), "%s/kcontig-maps", bench_run_dir(r->ctx));
	if (mkdir(r->maps_dir, 0755) && errno != EEXIST)
		bench_msg(r->ctx, "cannot create %s", r->maps_dir);
	bench_note(r->ctx, "node", "%d", r->node);
	bench_note(r->ctx, "sizes", "region %zu MiB, fragmenter at most %zu MiB (every other "
		   "4 KiB page freed) towards %.0f free 2 MiB blocks, huge pages asked %s",
		   r->region_bytes >> 20, r->frag_cap >> 20, r->free_target, huge);
}

static enum bench_status run_scenarios(struct kc_run *r)
{
	struct kc_scenario sc[MAX_SCENARIOS];
	int n = kc_scenarios(r, sc, MAX_SCENARIOS);
	char case_[96];

	r->nr_steps = (unsigned)n * r->reps;
	for (unsigned rep = 0; rep < r->reps; rep++) {
		for (int i = 0; i < n; i++) {
			int err;

			if (bench_should_stop())
				return BENCH_INTERRUPTED;
			kc_scenario_case(&sc[i], case_, sizeof(case_));
			bench_progress(r->ctx, (double)r->step++ / r->nr_steps, "%s rep %u", case_, rep);
			err = kc_scenario_rep(r, &sc[i], (unsigned)i, rep);
			if (err == -EINTR)
				return BENCH_INTERRUPTED;
			if (err)
				bench_msg(r->ctx, "%s rep %u: %s", case_, rep, strerror(-err));
		}
	}
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static enum bench_status run_locked(struct kc_run *r)
{
	enum bench_status st;
	uint64_t t = kphase_now();
	int policy;

	setup(r);
	make_files(r);
	policy = bind_node(r);
	kphase_add(&r->phases, "setup", t);
	st = run_scenarios(r);
	if (policy >= 0)
		bench_cleanup_pop(policy, true);
	if (r->have_files)
		workload_files_remove(&r->files);
	knob_restore(&r->thp);
	knob_restore(&r->proactive);
	kphase_note(r->ctx, &r->phases);
	return st;
}

static enum bench_status kcontig_run(struct bench_ctx *ctx)
{
	struct kc_run *r = calloc(1, sizeof(*r));
	enum bench_status st = BENCH_SKIPPED;
	const char *why;
	int lock;

	if (!r) {
		bench_fail(ctx, "out of memory");
		return BENCH_FAILED;
	}
	r->ctx = ctx;
	r->full = bench_mode(ctx) == BENCH_FULL;
	r->reps = bench_reps(ctx, r->full ? 5 : 2);
	r->proactive.hook = r->huge.hook = r->thp.hook = r->giga.hook = -1;
	kc_params_load(r);
	if (!kbench_need_root(ctx, "pfns from /proc/self/pagemap, /proc/kpageflags, "
			      "nr_hugepages and the compaction trigger")) {
		free(r);
		return BENCH_SKIPPED;
	}
	if ((why = node_unusable(r))) {
		bench_skip(ctx, "node %d: %s", r->node, why);
	} else if ((lock = kbench_lock(ctx)) < 0) {
		st = bench_should_stop() ? BENCH_INTERRUPTED : BENCH_SKIPPED;
	} else {
		st = run_locked(r);
		knob_unlock_system(lock);
	}
	free(r);
	return st;
}

static double kcontig_estimate(const struct bench_ctx *ctx)
{
	struct kc_run r = { .ctx = (struct bench_ctx *)ctx };
	struct kc_scenario sc[MAX_SCENARIOS];

	r.full = bench_mode(ctx) == BENCH_FULL;
	r.reps = bench_reps(ctx, r.full ? 5 : 2);
	kc_params_load(&r);
	/* On the 2-CPU lab machine (seconds.* notes of results/kcontig-host-20261202
	 * and kcontig-host-max-20261202): fragmenting 0.9-1.6 s a GiB, placing
	 * 0.6 s a GiB of region, compacting, asking every huge page and
	 * classifying a 24 GiB node about 1.1 s. */
	return kc_scenarios(&r, sc, MAX_SCENARIOS) * r.reps *
	       (1.2 + 0.7 * (double)(r.region_bytes >> 20) / 1024 +
		1.3 * (double)(r.frag_cap >> 20) / 1024) + 3;
}

/* The prediction checked, and what the kernel gave. */
static const struct bench_headline kcontig_headline[] = {
	/* The claim under test: long-term pins spoil exactly their blocks. */
	{ "measured_over_predicted", "pin=longterm,layout=*,k=*[0-9]" },
	/* Asked for every page: huge pages made of the region's blocks ... */
	{ "region_blocks_hugetlb", "pin=longterm,layout=spread,k=*[0-9]" },
	/* ... and the node's loss against the k = 0 run of the same rep. */
	{ "huge_lost", "pin=longterm,layout=spread,k=*[0-9]" },
	{ NULL, NULL },
};

const struct bench bench_kcontig = {
	.name = "kcontig",
	.summary = "pins placed by pfn (io_uring fixed buffers, O_DIRECT in flight; k per 64 "
		   "pageblocks, spread/clustered): "
		   "free 2 MiB blocks and huge pages measured vs predicted, pageblock maps",
	.estimate_s = kcontig_estimate,
	.run = kcontig_run,
	.params = kc_params,
	.check_params = kc_params_check,
	.headline = kcontig_headline,
};
