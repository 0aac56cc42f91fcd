// SPDX-License-Identifier: GPL-2.0
/*
 * cmodel: compaction latency and success of every design on the same work.
 *
 * The kernel on the machine implements one design; to compare all of them,
 * compaction runs in user space over a model zone (compact.c, freescan.c,
 * migrate.c) with each design deciding what may move and how.  The zone is
 * fragmented as the real-kernel benchmark fragments memory (every page
 * touched, then every other 4 KiB page freed; zone.c) and pinners stand for
 * its fio jobs (pinners.c).  Scenarios: no pins, short-term pins, long-term
 * pins, both; modes: the whole zone (compact_memory) and until one free
 * pageblock (a THP-sized request); designs.c runs them, record.c writes the
 * rows, params.c holds the parameters and where their defaults come from.
 * With cmodel.placement, the model runs instead on the pins of a kcontig
 * run, read from its kcontig-pins.tsv (placement_read.c, placement.c).
 */
#include "core/bench.h"
#include "cmodel/internal.h"

#include <errno.h>

static const struct bench_param_desc cmodel_params[] = {
	{ "zone_mib", "MiB of model zone per NUMA node, a multiple of 2 (quick 256, full 1024)" },
	{ "iops", "short-term pinner: O_DIRECT I/Os per second (default 86000)" },
	{ "qd", "short-term pinner: I/Os in flight, a multiple of batch (default 32)" },
	{ "pins_per_io", "short-term pinner: pages one I/O pins (default 1: 4 KiB I/O)" },
	{ "batch", "short-term pinner: I/Os completed, submitted and timed together (default 8)" },
	{ "fixed_bufs", "long-term pinner: io_uring registered buffers (default 32)" },
	{ "fixed_buf_pages", "long-term pinner: pages per registered buffer (default 1: 4 KiB)" },
	{ "ring_pages", "long scenario: aio ring pages, held by the ring, never pinned (default 1: 32 events)" },
	{ "thp", "1: the pinners' buffers are THP-backed, whole 2 MiB blocks (default 0)" },
	{ "zone", "normal (default) or movable: FOLL_LONGTERM pins move their pages out first" },
	{ "skip", "the pre-isolation check: 2014 (v3.15 on, default) or none (the kernel before it)" },
	{ "placement", "PATH of a kcontig-pins.tsv: instead of the scenarios, compact each case+rep's "
		       "region blocks with its pins (iops, batch, skip apply; about 100 B of memory "
		       "per model page)" },
	{ NULL, NULL },
};

/* The placement file is read and checked whole here, before anything runs. */
static int cmodel_check_params(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	struct cm_placement pl;
	struct cm_params p;

	if (cm_params_for(ctx, &p, err, errlen))
		return -1;
	if (!p.placement)
		return 0;
	if (cm_placement_load(ctx, p.placement, &pl, err, errlen))
		return -1;
	cm_placement_free(&pl);
	return 0;
}

static int run_placement(struct bench_ctx *ctx, const struct cm_params *prm)
{
	struct cm_placement pl;
	char err[512];
	int rc;

	if (cm_placement_load(ctx, prm->placement, &pl, err, sizeof(err))) {
		bench_fail(ctx, "%s", err);
		return -EINVAL;
	}
	rc = cm_run_placement(ctx, prm, &pl);
	cm_placement_free(&pl);
	return rc;
}

static enum bench_status cmodel_run(struct bench_ctx *ctx)
{
	struct cm_params prm;
	char err[256];

	if (cm_params_for(ctx, &prm, err, sizeof(err))) {
		bench_fail(ctx, "%s", err);
		return BENCH_FAILED;
	}
	if (prm.placement ? run_placement(ctx, &prm) : cm_run_designs(ctx, &prm))
		return BENCH_FAILED;
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

static double placement_estimate(const struct bench_ctx *ctx, const char *path)
{
	struct cm_placement pl;
	char err[512];
	double s;

	if (cm_placement_load(ctx, path, &pl, err, sizeof(err)))
		return 0;
	s = cm_placement_estimate(ctx, &pl);
	cm_placement_free(&pl);
	return s;
}

static double cmodel_estimate(const struct bench_ctx *ctx)
{
	struct cm_params p;
	char err[256];
	double mib;

	if (cm_params_for(ctx, &p, err, sizeof(err)))
		return 0;
	if (p.placement)
		return placement_estimate(ctx, p.placement);
	mib = p.zone_mib;
	/* Measured here: about 0.4 ms per MiB for a compaction with its set-up. */
	return (double)bench_nr_designs(ctx) *
	       (mib * 0.002 + (double)cm_cases_per_design() * p.reps * mib * 0.0004);
}

/* Whole-zone compaction per design: how long, and what it freed. */
static const struct bench_headline cmodel_headline[] = {
	{ "order9_blocks", "scenario=long,mode=zone" },
	{ "latency", "scenario=both,mode=zone" },
	{ NULL, NULL },
};

const struct bench bench_cmodel = {
	.name = "cmodel",
	.summary = "compaction of a model zone: latency, success and pinner cost per design",
	.estimate_s = cmodel_estimate,
	.run = cmodel_run,
	.params = cmodel_params,
	.check_params = cmodel_check_params,
	.headline = cmodel_headline,
};
