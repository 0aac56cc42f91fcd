// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/pinhash.c - the global pin hash on trial (Minchan Kim's 2013 idea,
 * rejected on LKML for "too many collisions in the hash", "a global spin
 * lock" and "it doesn't take into account NUMA issues").  Two halves:
 * collisions of each variant's table against an ideal hash
 * (pinhash_collide.c) and lock contention per NUMA node
 * (pinhash_contend.c).  Every pinhash variant is measured when the primary
 * "pinhash" is selected (the default).
 */
#include "pinhash/internal.h"
#include "core/timer.h"
#include "core/topo.h"

static enum bench_status pinhash_run(struct bench_ctx *ctx)
{
	struct ph_design d[PH_MAX_DESIGNS];
	size_t nr = ph_designs(ctx, d, PH_MAX_DESIGNS);
	enum bench_status st;
	double done = 0;

	if (!nr) {
		bench_skip(ctx, "no pinhash design selected (-d pinhash or a pinhash-* variant)");
		return BENCH_SKIPPED;
	}
	timer_init();
	topo_init();
	bench_note(ctx, "designs", "%zu", nr);
	bench_note(ctx, "nodes", "%d", topo_nr_nodes());
	if (topo_nr_nodes() < 2)
		bench_note(ctx, "numa", "one node: per-node rows show node=0 only");
	st = ph_collisions(ctx, d, nr, &done, 0.2);
	if (st != BENCH_OK)
		return st;
	return ph_contention(ctx, d, nr, &done, 0.8);
}

static double pinhash_estimate(const struct bench_ctx *ctx)
{
	struct ph_design d[PH_MAX_DESIGNS];
	size_t nr = ph_designs(ctx, d, PH_MAX_DESIGNS);

	topo_init();
	return ph_collisions_estimate_s(ctx, nr) + ph_contention_estimate_s(ctx, nr);
}

/* The two objections, per variant: a strided pinned set, two threads on one lock. */
static const struct bench_headline pinhash_headline[] = {
	{ "probes_hit", "m=4096,load=1,pattern=stride4096" },
	{ "lock_contended_share", "mix=mixed,threads=2,node=all" },
	{ NULL, NULL },
};

const struct bench bench_pinhash = {
	.name = "pinhash",
	.summary = "pin hash: chain lengths vs an ideal hash, lock contention per NUMA node",
	.estimate_s = pinhash_estimate,
	.run = pinhash_run,
	.headline = pinhash_headline,
};
