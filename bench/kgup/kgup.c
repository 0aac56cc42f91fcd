// SPDX-License-Identifier: GPL-2.0
/*
 * kgup: the running kernel's own pin path, per page, with distributions.
 *
 * Parts (bench/kgup/<part>.c), each case checking its pin count against
 * /proc/vmstat:
 *   register  io_uring IORING_REGISTER_BUFFERS / UNREGISTER: FOLL_LONGTERM
 *             pins of 4 KiB, THP and hugetlb buffers, 4K to 1G
 *   remote    process_vm_readv of one byte per page of another process
 *             (FOLL_PIN) against vmsplice of the same pages (FOLL_GET)
 *   collapse  MADV_COLLAPSE of a 2 MiB range holding one pinned page
 *   move      move_pages(2) of pinned and unpinned pages to another node
 *   gup_test  the kernel's own benchmark, /sys/kernel/debug/gup_test, also
 *             PIN_FAST from 1..all threads at once
 *   pin_hash  the global pin hash of kernels/patches/pin-hash: its chains
 *             with N pages pinned, beside balls-in-bins
 * Root throughout: exact pin counts need a write to stat_refresh.
 */
#include "kgup/internal.h"

#include <stdio.h>
#include <string.h>

typedef enum bench_status (*kgup_part_fn)(struct kgup *k);

static const kgup_part_fn parts[KP_NR] = {
	[KP_REGISTER] = kgup_register_run,
	[KP_REMOTE] = kgup_remote_run,
	[KP_COLLAPSE] = kgup_collapse_run,
	[KP_MOVE] = kgup_move_run,
	[KP_GUP_TEST] = kgup_gup_test_run,
	[KP_PIN_HASH] = kgup_pin_hash_run,
};

/* Huge pages the register part needs: its largest hugetlb buffer. */
static long hugetlb_need(const struct kgup_plan *p)
{
	size_t most = 0;

	if (!p->backing[KB_HUGETLB] || !p->part[KP_REGISTER])
		return 0;
	for (int i = 0; i < p->nr_sizes; i++)
		if (p->sizes[i] > most)
			most = p->sizes[i];
	return (long)((most + KGUP_HUGE - 1) / KGUP_HUGE);
}

static void note_plan(struct kgup *k)
{
	char sizes[512] = "", sz[16];
	size_t off = 0;

	for (int i = 0; i < k->plan.nr_sizes && off < sizeof(sizes); i++) {
		kgup_format_size(k->plan.sizes[i], sz, sizeof(sz));
		off += (size_t)snprintf(sizes + off, sizeof(sizes) - off, "%s%s", i ? "," : "", sz);
	}
	bench_note(k->ctx, "plan", "%u reps per case; sizes %s; %zu pages per remote sample",
		   k->reps, sizes, k->plan.remote_pages);
	if (k->hugetlb_why[0])
		bench_note(k->ctx, "hugetlb", "%ld huge pages usable: %s", k->hugetlb_free,
			   k->hugetlb_why);
}

static enum bench_status run_parts(struct kgup *k)
{
	enum bench_status st = BENCH_OK;

	for (int p = 0; p < KP_NR && st == BENCH_OK; p++) {
		uint64_t t = kphase_now();

		if (!k->plan.part[p] || !parts[p])
			continue;
		st = parts[p](k);
		kphase_add(&k->phases, kgup_part_name(p), t);
	}
	return st;
}

static enum bench_status kgup_run(struct bench_ctx *ctx)
{
	struct kgup k = { .ctx = ctx, .full = bench_mode(ctx) == BENCH_FULL };
	struct vmstat_snap probe;
	enum bench_status st;
	char err[256];
	int lock;

	k.nr_hugepages.hook = -1;
	if (!kbench_need_root(ctx, "exact pin counts need a write to /proc/sys/vm/stat_refresh"))
		return BENCH_SKIPPED;
	if (vmstat_snapshot(&probe) || !probe.present[VM_FOLL_PIN_ACQUIRED]) {
		bench_skip(ctx, "this kernel has no nr_foll_pin_* counters in /proc/vmstat");
		return BENCH_SKIPPED;
	}
	if (kgup_plan_parse(ctx, &k.plan, err, sizeof(err))) {
		bench_fail(ctx, "%s", err);	/* check_params refused it already */
		return BENCH_FAILED;
	}
	if ((lock = kbench_lock(ctx)) < 0)
		return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_SKIPPED;
	k.reps = bench_reps(ctx, k.full ? 20 : 10);
	kgup_hugetlb_reserve(&k, hugetlb_need(&k.plan));
	note_plan(&k);
	st = run_parts(&k);
	knob_restore(&k.nr_hugepages);
	kphase_note(ctx, &k.phases);
	knob_unlock_system(lock);
	return st;
}

static double kgup_estimate(const struct bench_ctx *ctx)
{
	bool full = bench_mode(ctx) == BENCH_FULL;

	/* Quick on the 2-CPU lab machine: about 3.5 s (seconds.* notes), two
	 * thirds of it registering the 64 MiB buffers.  Full: 4K..1G, 20 reps. */
	return full ? 300 : 8;
}

static const struct bench_param_desc kgup_params[] = {
	{ "sizes", "io_uring buffer sizes, 4K..1G, a list or A..B doubling; "
		   "default 4K,64K,2M,64M quick, 4K..1G full" },
	{ "backings", "buffer backings: 4k,thp,hugetlb (default all)" },
	{ "parts", "what to run: register,remote,collapse,move,gup_test (default all)" },
	{ "remote_pages", "pages per process_vm_readv/vmsplice sample, 1..262144; "
			  "default 4096 quick, 65536 full" },
	{ "hugetlb_limit", "most 2 MiB huge pages kgup may add to nr_hugepages, 0..1048576; "
			   "default what MemAvailable less a margin allows" },
	{ NULL, NULL },
};

static int kgup_check(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	struct kgup_plan plan;

	return kgup_plan_parse(ctx, &plan, err, errlen);
}

/* Per-page cost of a long-term pin, 4 KiB against THP, pin vs get, and
 * what a pin does to collapse and migration. */
static const struct bench_headline kgup_headline[] = {
	{ "reg_ns_per_page", "path=io_uring_register,*,size=64M" },
	{ "unreg_ns_per_page", "path=io_uring_register,*,size=64M" },
	{ "pin_vs_get_ratio", "*" },
	{ "moved_pages", "*" },
	{ NULL, NULL },
};

const struct bench bench_kgup = {
	.name = "kgup",
	.summary = "the running kernel's pin path per page: io_uring registration, "
		   "process_vm_readv vs vmsplice, MADV_COLLAPSE/move_pages of pinned pages, gup_test",
	.estimate_s = kgup_estimate,
	.run = kgup_run,
	.params = kgup_params,
	.check_params = kgup_check,
	.headline = kgup_headline,
};
