// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/params.c - the parameters of cmodel: defaults, the ranges
 * of --param cmodel.NAME=VALUE, and what the values must satisfy together.
 *
 * Pinner defaults: the rate from /work/shared/notes/lab-machine.md (fio 4 KiB
 * random reads at queue depth 32: about 86k IOPS on a quiet machine of this
 * kind); pins per I/O and the fixed buffers from the kpins run committed as
 * results/vm-6.18.44-fc-v445-20261122T033754Z (the same job: exactly 1 pin
 * per 4 KiB I/O; io_uring fixed buffers hold 32 pins, 32 buffers of one
 * page, for the job's life; its IOPS were those of a loaded machine, 9-17k,
 * so the rate stays the notes').  An aio ring for 32 events is one page
 * (fs/aio.c ioctx_alloc/aio_setup_ring: max(32, 4 * cpus) * 2 + 2 events of
 * 32 bytes plus the header).
 */
#include "cmodel/internal.h"
#include "core/bench.h"
#include "core/params.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define QUICK_ZONE_MIB 256
#define FULL_ZONE_MIB 1024

static const struct cm_pinner_cfg default_pinners = {
	.iops = 86000, .qd = 32, .pins_per_io = 1, .batch = 8,
	.fixed_bufs = 32, .fixed_buf_pages = 1, .ring_pages = 1,
};

/* Where each parameter goes, and its range. */
static const struct {
	const char *name;
	size_t off;		/* in struct cm_params */
	bool is_double;
	double min, max;
} param_slots[] = {
	{ "zone_mib", offsetof(struct cm_params, zone_mib), false, 2, 1 << 20 },
	{ "iops", offsetof(struct cm_params, pin.iops), true, 1, 1e8 },
	{ "qd", offsetof(struct cm_params, pin.qd), false, 1, 65536 },
	{ "pins_per_io", offsetof(struct cm_params, pin.pins_per_io), false, 1, 4096 },
	{ "batch", offsetof(struct cm_params, pin.batch), false, 1, 65536 },
	{ "fixed_bufs", offsetof(struct cm_params, pin.fixed_bufs), false, 0, 65536 },
	{ "fixed_buf_pages", offsetof(struct cm_params, pin.fixed_buf_pages), false, 1, 65536 },
	{ "ring_pages", offsetof(struct cm_params, pin.ring_pages), false, 0, 65536 },
	{ "thp", offsetof(struct cm_params, thp), false, 0, 1 },
};

static int set_param(const struct bench_ctx *ctx, struct cm_params *p, size_t i,
		     char *err, size_t errlen)
{
	void *field = (char *)p + param_slots[i].off;
	uint64_t u;

	if (param_slots[i].is_double)
		return bench_param_double(ctx, param_slots[i].name, *(double *)field,
					  param_slots[i].min, param_slots[i].max,
					  (double *)field, err, errlen);
	if (bench_param_u64(ctx, param_slots[i].name, *(unsigned *)field,
			    (uint64_t)param_slots[i].min, (uint64_t)param_slots[i].max,
			    &u, err, errlen))
		return -1;
	*(unsigned *)field = (unsigned)u;
	return 0;
}

/* What the values must satisfy together. */
static int check_shape(const struct cm_params *p, char *err, size_t errlen)
{
	const struct cm_pinner_cfg *c = &p->pin;
	double pinned = (double)c->qd * c->pins_per_io +
			(double)c->fixed_bufs * c->fixed_buf_pages + c->ring_pages;

	if (p->zone_mib % 2)
		snprintf(err, errlen, "--param cmodel.zone_mib=%u: want whole 2 MiB pageblocks "
			 "(an even number)", p->zone_mib);
	else if (c->qd % c->batch)
		snprintf(err, errlen, "--param cmodel: qd=%u is not a multiple of batch=%u",
			 c->qd, c->batch);
	else if (pinned > (double)p->zone_pages / 2)
		snprintf(err, errlen, "--param cmodel: %.0f pinned pages do not fit in the %lu "
			 "used pages of a %u MiB zone", pinned, p->zone_pages / 2, p->zone_mib);
	else
		return 0;
	return -1;
}

static unsigned long round_up_blocks(unsigned long pages)
{
	unsigned long pb = 1ul << MODEL_PAGEBLOCK_ORDER;

	return pages ? (pages + pb - 1) / pb * pb : pb;
}

/* --param cmodel.NAME=WORD, one of words (NULL-terminated); *out its index. */
static int word_param(const struct bench_ctx *ctx, const char *name,
		      const char *const *words, int *out, char *err, size_t errlen)
{
	const char *v = bench_param(ctx, name);

	if (!v)
		return 0;
	for (int i = 0; words[i]; i++)
		if (!strcmp(v, words[i])) {
			*out = i;
			return 0;
		}
	snprintf(err, errlen, "--param cmodel.%s=%s: want %s or %s", name, v, words[0], words[1]);
	return -1;
}

/* In the order of enum cm_skip. */
static const char *const skip_words[] = { "2014", "none", NULL };
static const char *const zone_words[] = { "normal", "movable", NULL };

static int word_params(const struct bench_ctx *ctx, struct cm_params *p, char *err,
		       size_t errlen)
{
	int skip = CM_SKIP_2014, movable = 0;

	if (word_param(ctx, "skip", skip_words, &skip, err, errlen) ||
	    word_param(ctx, "zone", zone_words, &movable, err, errlen))
		return -1;
	p->skip = (enum cm_skip)skip;
	p->movable = movable;
	return 0;
}

int cm_params_for(const struct bench_ctx *ctx, struct cm_params *p, char *err,
		  size_t errlen)
{
	bool full = bench_mode(ctx) == BENCH_FULL;

	p->zone_mib = full ? FULL_ZONE_MIB : QUICK_ZONE_MIB;
	p->reps = bench_reps(ctx, full ? 10 : 5);
	p->pin = default_pinners;
	p->thp = 0;
	p->placement = bench_param(ctx, "placement");
	for (size_t i = 0; i < sizeof(param_slots) / sizeof(param_slots[0]); i++)
		if (set_param(ctx, p, i, err, errlen))
			return -1;
	if (word_params(ctx, p, err, errlen))
		return -1;
	p->zone_pages = (unsigned long)p->zone_mib * CM_PAGES_PER_MIB;
	/* Room in ZONE_NORMAL for every long-term page, in whole pageblocks. */
	p->normal_pages = 0;
	if (p->movable)
		p->normal_pages = round_up_blocks((unsigned long)p->pin.fixed_bufs *
						  p->pin.fixed_buf_pages);
	/* With a placement file, the file makes the zone and the pins. */
	return p->placement ? 0 : check_shape(p, err, errlen);
}

void cm_note_params(struct bench_ctx *ctx, const struct cm_params *p)
{
	const struct cm_pinner_cfg *c = &p->pin;

	bench_note(ctx, "zone_mib_per_node", "%lu", p->zone_pages / CM_PAGES_PER_MIB);
	bench_note(ctx, "pageblock_order", "%d", MODEL_PAGEBLOCK_ORDER);
	bench_note(ctx, "fragmentation", "every page touched, every other 4 KiB page freed");
	bench_note(ctx, "short_pins", "iops=%.0f qd=%u pins_per_io=%u batch=%u hold_us=%.1f",
		   c->iops, c->qd, c->pins_per_io, c->batch, 1e6 * c->qd / c->iops);
	bench_note(ctx, "long_pins", "fixed_bufs=%u x %u pages, aio ring %u page(s)",
		   c->fixed_bufs, c->fixed_buf_pages, c->ring_pages);
	bench_note(ctx, "pinner_defaults_source",
		   "iops: lab-machine.md (fio 4k randread qd32 ~86k IOPS, quiet machine); pins per "
		   "I/O and fixed buffers: kpins run results/vm-6.18.44-fc-v445-20261122T033754Z "
		   "(1 pin per 4 KiB I/O, 32 fixed-buffer pins held)");
	bench_note(ctx, "kernel_source", "mm/compaction.c, mm/migrate.c at torvalds/linux 0003e2a41468; "
		   "the pre-isolation skip, the unmap of a maybe-pinned folio and fs/aio.c checked "
		   "in linux-source-6.12 (6.12.118)");
	bench_note(ctx, "skip", "%s", p->skip == CM_SKIP_2014 ?
		   "2014: an anon folio with references beyond its mappings is not isolated "
		   "(every design whose pin is a reference; movers let their pinned pages through)" :
		   "none: the kernel before v3.15 isolates referenced pages; migration finds the pin");
	bench_note(ctx, "zone", "%s", p->movable ? "ZONE_MOVABLE: FOLL_LONGTERM pins move their "
		   "pages to the node's ZONE_NORMAL first (check_and_migrate_movable_pages), except "
		   "in designs that move pinned pages" : "ZONE_NORMAL");
	bench_note(ctx, "thp", "%s", p->thp ? "the pinners' buffers are THPs: whole pageblocks, one "
		   "folio each, stepped over by compaction (skip_isolation_on_order)" :
		   "the pinners' buffers are 4 KiB pages among the fragmenter's");
	bench_note(ctx, "quiesce", "a mover waits %.1f us before moving a pinned page "
		   "(qd/iops: its I/O completes, or the owner stops I/O, unpins and re-pins); "
		   "a batch waits for its slowest page", 1e6 * c->qd / c->iops);
}
