/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/hotpath/internal.h - the pieces of the hotpath benchmark, bottom
 * up; each file calls only the ones listed before its own:
 *   sweep.h      the sweep: units.c (bytes), defaults.c, sweep.c (its one parser)
 *   memcost.h    memcost.c, the op=memory rows
 *   stream.c     per-thread streams of pages and the drivers that walk them
 *   designs.c    the model set-up of one case: a team of threads, pinning
 *   measure.c    the measure+record step every case goes through
 *   floor.c      the harness floor (empty loop, input stream, pointer chase)
 *   grid.c       the cases of the sweep
 *   lineup.c     every case of a size, designs side by side
 *   hotpath.c    the benchmark: struct bench bench_hotpath and its run
 */
#ifndef PINBENCH_HOTPATH_INTERNAL_H
#define PINBENCH_HOTPATH_INTERNAL_H

#include "core/bench.h"
#include "hotpath/sweep.h"
#include "core/measure.h"
#include "kernels/pin_design.h"

#include <gsl/gsl_rng.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>


/*
 * Random sequences are at least this long: the branch predictor learns a
 * repeated pattern of up to ~32K branches on this machine (lab-machine.md,
 * "The measurement floor"), so a shorter repeated pattern would hide
 * mispredicts.  Short working sets repeat their pages to fill it.
 */
#define HP_MIN_STREAM (256u * 1024u)

/*
 * The design every other is measured against (ratio_to_baseline): the one
 * that tracks no pins.  design is a variant name or a spec.
 */
static inline bool hp_is_baseline(const char *design)
{
	const struct pin_design_variant *v = pin_design_variant_find(design);
	const struct pin_design_ops *ops = pin_design_find(v ? v->spec : design, NULL);

	return ops && pin_design_flagged(ops, PIN_DESIGN_UNTRACKED);
}

/* Designs one run measures side by side (the registry holds about 16). */
#define HP_MAX_DESIGNS 32

/* PAGEVEC_SIZE, the pages of a folio_batch (include/linux/pagevec.h, v6.12). */
#define HP_FOLIO_BATCH 31

/* What one thread walks in one case (the measure_fn argument). */
struct hp_stream {
	struct pin_mem *mem;
	const struct pin_design_ops *ops;
	struct page **pages;		/* access sequence: handles or pages */
	unsigned long *pfns;		/* the same sequence as pfns */
	size_t len, pos;		/* entries, and where the next batch starts */
	size_t cap;			/* entries allocated */
	int node;			/* where pages/pfns live */
	/* pin_unpin: slot ranges of the owner, pin_batch pages each */
	struct pin_owner *owner;
	size_t *starts;
	size_t nr_starts, start_pos;
	unsigned pin_batch;
	struct page **handles;		/* [pin_batch] */
	uint64_t short_pins;		/* pin_range calls that pinned fewer */
};

/* The measure_fn of an operation on a stream. */
measure_fn hp_op_fn(enum hp_op op);

/* Entries of a stream over nr pages: whole copies, at least HP_MIN_STREAM. */
size_t hp_stream_len(size_t nr);

/* A stream's arrays for nr pages on s->node; 0, or -1 (free it either way). */
int hp_stream_alloc(struct hp_stream *s, size_t nr, unsigned pin_batch);
void hp_stream_free(struct hp_stream *s);

/* ---- one thread's share of the model (designs.c, stream.c) -------------- */
struct hp_thread {
	int cpu, node;
	struct pin_owner owner;
	bool have_owner;
	size_t nr;			/* slots of its owner */
	struct page **plain;		/* [nr] memmap page of each slot */
	struct page **handle;		/* [nr] pin handle, or NULL */
	unsigned long *pfn;		/* [nr] */
	size_t *by_pfn;			/* [nr] slots in pfn order */
	size_t *chosen;			/* [nr] slots to pin (scratch) */
	size_t nr_chosen;
	uint32_t *rand_seq;		/* the random order's slots, kept */
	uint64_t rand_stream;		/* the stream it was drawn from */
	long pin_rc;
	struct hp_stream stream;
};

struct hp_team {
	struct pin_mem *mem;
	const struct pin_design_ops *ops;
	int nr;				/* threads */
	struct hp_thread *th;
	void **args;			/* [nr] &th[i].stream, for measure_fn */
	int cpus[];			/* [nr] */
};

/*
 * Threads on cpus[0..nr), each with an owner mapping an equal share of
 * size_pages pages (the working set) from its node's range of the model
 * (local) or another node's (remote).
 */
struct hp_team *hp_team_new(struct pin_mem *mem, const struct pin_design_ops *ops,
			    const int *cpus, int nr, size_t size_pages, enum hp_mem where,
			    unsigned pin_batch, char *err, size_t errlen);
void hp_team_free(struct hp_team *tm);
/* Pin pct % of each thread's pages (placed as asked); 0 or -1 with err. */
int hp_team_pin(struct hp_team *tm, struct bench_ctx *ctx, double pct,
		enum hp_place place, uint64_t stream, char *err, size_t errlen);
void hp_team_unpin(struct hp_team *tm);
/*
 * Fill every thread's stream in the given order (pinned pages as handles);
 * the random order drawn from stream is kept for the next call with it.
 * 0, or -1 when out of memory.
 */
int hp_team_order(struct hp_team *tm, struct bench_ctx *ctx, enum hp_order order,
		  uint64_t stream);

/* ---- measuring (measure.c) ---------------------------------------------- */
struct hp_case {
	const char *design;		/* "-" for the harness floor */
	const char *key;		/* the case string */
	measure_fn fn;
	void **args;			/* [nr_threads] */
	int nr_threads;
	const int *cpus;
	uint64_t pass_ops;		/* ops in one pass over the working set (0: n/a) */
};

/*
 * Measure fn on every thread at once (one batch size for all, so they run
 * side by side) and record ns/op, TSC ticks/op and the counters that open.
 * Returns 0 or -1 (reason given with bench_msg).
 */
int hp_measure_case(struct bench_ctx *ctx, const struct hp_case *c,
		    const struct measure_cfg *cfg);

/*
 * The same for nr cases (one per design) interleaved: sample r of each,
 * in an order rotated per round, each after a warm-up over its working set.
 */
int hp_measure_cases(struct bench_ctx *ctx, const struct hp_case *cases, size_t nr,
		     const struct measure_cfg *cfg);

/* ---- the floor (floor.c) ------------------------------------------------ */
/*
 * The hand method's page_to_pfn loop over a stream of 64-byte pages (a
 * measure_fn, design "-"): measured beside the baseline design.
 */
uint64_t hp_drive_naked_pfn(void *arg, uint64_t iters);

/* Empty loop, input stream and pointer-chase rows (design "-"). */
int hp_floor_run(struct bench_ctx *ctx, const struct hp_sweep *s,
		 const struct measure_cfg *cfg, int cpu);

/* ---- the cases of the sweep (grid.c) ------------------------------------ */

/* A pinned share and where it lies; 0% and 100% need no placement. */
struct hp_pinning {
	double pct;
	enum hp_place place;
	const char *place_name;
};

/* Pinned shares of one size at most. */
#define HP_MAX_PINNINGS (HP_MAX_POINTS * HP_NR_PLACES)

/* Whether pct % of a working set of size bytes pins more than pin_limit. */
bool hp_over_pin_limit(const struct hp_sweep *s, uint64_t size, double pct);

/* The pinned shares measured at a size (within pin_limit), into out. */
size_t hp_pinnings(const struct hp_sweep *s, uint64_t size, struct hp_pinning *out);

/* Measured cases of one design, with nr_nodes NUMA nodes. */
size_t hp_cases_per_design(const struct hp_sweep *s, int nr_nodes);

/* ---- every case of a size (lineup.c) ------------------------------------ */

/* A design asked for: its name as given, its ops and its spec's params. */
struct hp_design {
	const char *name;
	const struct pin_design_ops *ops;
	const char *params;
};

/* One run of the benchmark, as hotpath_run() sets it up. */
struct hp_run {
	struct bench_ctx *ctx;
	struct hp_sweep sweep;
	struct measure_cfg cfg;
	int nr_nodes;
	size_t done, total;	/* cases, for progress */
	bool design_failed;	/* a design or the floor */
	bool failed;		/* a size: the run stops there */
};

/*
 * Every case of a size for the nr designs d[], interleaved: as many
 * designs at a time as fit in memory.  0, or -1 (said with bench_msg).
 */
int hp_run_size(struct hp_run *r, struct hp_design *d, size_t nr, uint64_t size);

/* ---- seeds --------------------------------------------------------------- */

/* bench_rng() with GSL's own type (its struct is anonymous behind a typedef). */
static inline gsl_rng *hp_rng(const struct bench_ctx *ctx, uint64_t stream)
{
	return (gsl_rng *)bench_rng(ctx, stream);
}

/* A reproducible stream number for bench_rng() from case coordinates. */
static inline uint64_t hp_stream_id(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	uint64_t x = a * 0x9E3779B97F4A7C15ull ^ b * 0xBF58476D1CE4E5B9ull ^
		     c * 0x94D049BB133111EBull ^ d * 0xD6E8FEB86659FD93ull;

	x ^= x >> 31;
	return x * 0x9E3779B97F4A7C15ull;
}

#endif
