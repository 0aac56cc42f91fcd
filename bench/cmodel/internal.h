/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/cmodel/internal.h - memory compaction over a model zone.
 *
 * The zone is one node range of the model memory (kernels/model.h) with
 * real 4 KiB frames, cut into pageblocks.  The scanners follow
 * mm/compaction.c and the retry rules follow mm/migrate.c, both read at
 * torvalds/linux commit 0003e2a41468 (between v6.6 and v6.8); every design
 * is reached only through kernels/pin_design.h.  Benchmark-side code: the
 * designs know nothing of it.
 */
#ifndef PINBENCH_COMPACTION_MODEL_H
#define PINBENCH_COMPACTION_MODEL_H

#include "kernels/pin_design.h"

#include <stdbool.h>
#include <stdint.h>

/* COMPACT_CLUSTER_MAX = SWAP_CLUSTER_MAX (include/linux/swap.h). */
#define CM_CLUSTER_MAX 32
#define CM_CLUSTER_MAX_LIMIT 64	/* array bound for scaled-down zones */

/*
 * mm/migrate.c: NR_MAX_MIGRATE_PAGES_RETRY 10, split into
 * NR_MAX_MIGRATE_ASYNC_RETRY 3 (the batched first try of a sync
 * migration) and NR_MAX_MIGRATE_SYNC_RETRY 7 (then one folio at a time).
 */
#define CM_ASYNC_PASSES 3
#define CM_SYNC_PASSES 7

struct cm_zone {
	struct pin_mem *mem;
	int range;			/* node range of mem this zone covers */
	unsigned long start_pfn, end_pfn;
	unsigned pageblock_order;	/* 9 (2 MiB); tests scale it down */
	unsigned cluster_max;		/* COMPACT_CLUSTER_MAX; tests scale it */
	/*
	 * isolate_migratepages_block() leaves an anon folio with references
	 * beyond its mappings alone (pin_mem_anon_referenced, the 2014 check):
	 * the zone's kernel has the check (CM_SKIP_2014) and the design's pin is
	 * a reference.  A design that moves pinned pages lets its own through.
	 */
	bool skip_referenced;
	bool moves_pinned;
	/*
	 * What a mover waits before it may move a pinned page (the device holds
	 * its physical address): the I/O on it completes (short-term pin), or
	 * the owner stops I/O on the buffer, unpins and re-pins (long-term).
	 */
	double quiesce_short_ns, quiesce_long_ns;
	/*
	 * Roles (1u << enum cm_role) whose buffers are THPs: each whole
	 * pageblock of theirs one folio of pageblock order (HPAGE_PMD_ORDER).
	 */
	unsigned thp_roles;
	/*
	 * When the zone is ZONE_MOVABLE: the node's ZONE_NORMAL, the rest of
	 * the range above end_pfn, where FOLL_LONGTERM pins move their pages
	 * before pinning (cm_longterm_migrate_out).  Empty otherwise.
	 */
	unsigned long normal_start, normal_end;
};

/*
 * check_and_migrate_movable_pages() (mm/gup.c, 6.12.118) for nr slots of o
 * from first: each page in the movable zone z is isolated and migrated to a
 * free page of z's ZONE_NORMAL (alloc_migration_target under
 * memalloc_pin_save(): never a movable page), up to NR_MAX_MIGRATE_PAGES_RETRY
 * tries, before the caller pins.  Returns how many pages moved.
 */
unsigned long cm_longterm_migrate_out(const struct cm_zone *z, struct pin_owner *o,
				      size_t first, size_t nr);

/* Which kernel's pre-isolation check: since v3.15 (2014), or none before it. */
enum cm_skip {
	CM_SKIP_2014,
	CM_SKIP_NONE,
};

enum cm_mode {
	CM_WHOLE_ZONE,		/* compact_node(): order -1, until scanners meet */
	CM_ONE_BLOCK,		/* a pageblock-order request: stop at the first free block */
};

enum cm_result {
	CM_COMPLETE,		/* scanners met */
	CM_SUCCESS,		/* a free pageblock exists (CM_ONE_BLOCK) */
	CM_CONTENDED,		/* migration ran out of targets before the scanners met */
};

/* What happened to a pfn, in order, for tests and for explaining results. */
enum cm_event {
	CM_EV_SCAN,		/* the migrate scanner looked at it */
	CM_EV_SKIP_FREE,	/* free page */
	CM_EV_SKIP_PINNED,	/* maybe pinned, and this kernel skips those */
	CM_EV_SKIP_OTHER,	/* not isolatable (no owner, or raced) */
	CM_EV_SKIP_LARGE,	/* head of a folio of pageblock order: stepped over whole */
	CM_EV_QUIESCE,		/* a mover waited for the I/O on it before moving it */
	CM_EV_ISOLATE,
	CM_EV_ATTEMPT,		/* one migrate() of it */
	CM_EV_MIGRATED,
	CM_EV_FAILED,		/* given up and put back */
	CM_EV_FREE_SCAN,	/* the free scanner looked at it */
	CM_EV_TARGET,		/* the free scanner took it as a target */
	CM_EV_MOVED_TO,		/* a source was migrated to it */
	CM_EV_NR
};

struct cm_trace {
	void (*event)(void *arg, enum cm_event ev, unsigned long pfn);
	void *arg;
};

struct cm_stats {
	unsigned long scanned;		/* migrate scanner: pages looked at */
	unsigned long free_scanned;	/* free scanner: pages looked at */
	unsigned long isolated;		/* taken for migration */
	unsigned long skipped_pinned;	/* left alone as maybe pinned */
	unsigned long migrated;
	unsigned long failed;		/* isolated, not moved */
	unsigned long retried;		/* migrate() calls beyond each page's first */
	unsigned long targets;		/* free pages taken as targets */
	uint64_t ticks;			/* the whole compaction, timer ticks */
	uint64_t ticks_not_moved;	/* in migrate() on pages that stayed */
	unsigned long pages_waited;	/* pinned pages a mover quiesced before moving */
	double quiesce_ns;		/* the waits, modelled: a batch waits for its slowest */
	unsigned long free_blocks_before, free_blocks_after;
	enum cm_result result;
};

/* ---- inside one compaction (compact.c, migrate.c, freescan.c) --------- */

struct cm_src {
	struct page *page;
	unsigned long pfn;
	unsigned attempts;
	uint64_t ticks;		/* spent in migrate() on this page */
	bool done;
	bool perm;		/* failed permanently in the async pass */
	double quiesce_ns;	/* the wait before a mover moved it while pinned */
};

/* struct compact_control, the parts the model uses. */
struct cm_cc {
	struct cm_zone *z;
	struct pin_mem *mem;
	enum cm_mode mode;
	unsigned long pb_nr;
	unsigned long migrate_pfn, free_pfn;
	/* cc->migratepages: list_add() puts the newest first; [0] is oldest. */
	struct cm_src src[CM_CLUSTER_MAX_LIMIT];
	size_t nr_src;
	/* cc->freepages: [0] is the list head. */
	struct page *freel[2 * CM_CLUSTER_MAX_LIMIT];
	size_t nr_free;
	struct cm_stats *st;
	const struct cm_trace *tr;
};

static inline void cm_trace_event(const struct cm_cc *cc, enum cm_event ev, unsigned long pfn)
{
	if (cc->tr && cc->tr->event)
		cc->tr->event(cc->tr->arg, ev, pfn);
}

static inline unsigned long cm_block_start(const struct cm_cc *cc, unsigned long pfn)
{
	return pfn & ~(cc->pb_nr - 1);
}

static inline unsigned long cm_block_end(const struct cm_cc *cc, unsigned long pfn)
{
	return cm_block_start(cc, pfn) + cc->pb_nr;
}

/* freescan.c: whether every page of the pageblock at start is free. */
bool cm_block_is_free(const struct cm_zone *z, unsigned long start);
/* freescan.c: compaction_alloc(), compaction_free(), release_freepages(). */
struct page *cm_compaction_alloc(struct cm_cc *cc);
void cm_compaction_free(struct cm_cc *cc, struct page *dst);
void cm_release_freepages(struct cm_cc *cc);
/* migrate.c: migrate_pages() of the isolated batch, 0 or -ENOMEM (no target). */
int cm_migrate_pages(struct cm_cc *cc);
/* migrate.c: count the batch and put back what did not move. */
void cm_finish_batch(struct cm_cc *cc);

/* ---- the compaction -------------------------------------------------- */

/* cm_zone.skip_referenced and moves_pinned for a design and a kernel. */
void cm_zone_set_design(struct cm_zone *z, const struct pin_design_ops *ops,
			enum cm_skip skip);

/* Compact one zone as compact_zone() does; tr may be NULL. */
void cm_compact_zone(struct cm_zone *z, enum cm_mode mode, struct cm_stats *st,
		     const struct cm_trace *tr);

/* Pageblocks of the zone whose every page is free. */
unsigned long cm_zone_free_blocks(const struct cm_zone *z);

/* ---- populating a zone: who owns which pfn ---------------------------- */

enum cm_role {
	CM_ROLE_FREE,		/* free (MADV_DONTNEED'd) */
	CM_ROLE_USED,		/* the fragmenting process's anon memory */
	CM_ROLE_SHORT,		/* O_DIRECT buffer: short-term pins */
	CM_ROLE_FIXED,		/* io_uring fixed buffers: long-term pins */
	CM_ROLE_RING,		/* aio ring pages: long-term, owner can move them */
	CM_ROLE_NR
};

struct cm_owners {
	struct pin_owner owner[CM_ROLE_NR];	/* [CM_ROLE_FREE] unused */
	bool live[CM_ROLE_NR];
};

/*
 * Map every pfn of the zone to the owner of its role (role[i] is the role
 * of pfn start_pfn + i), owners' slots in pfn order; free the rest.  The
 * zone's range must be entirely free.  0 or -errno.
 */
int cm_zone_populate(struct cm_zone *z, const unsigned char *role,
		     struct cm_owners *ow);
/* Unmap every owner (pins must be gone): the range is free again. */
void cm_zone_depopulate(struct cm_zone *z, struct cm_owners *ow);

/*
 * The fragmentation of the real-kernel benchmark: every page touched, then
 * MADV_DONTNEED on every other 4 KiB page.  Then nr_buffers buffers of
 * buf_pages pages each for role, placed at random used pfns (a buffer takes
 * consecutive used pfns, as a fresh allocation from the buddy tends to).
 */
struct gsl_rng;
void cm_layout_fragment(unsigned char *role, unsigned long nr_pages);
int cm_layout_place(unsigned char *role, unsigned long nr_pages, enum cm_role r,
		    unsigned nr_buffers, unsigned buf_pages, struct gsl_rng *rng);
/*
 * THP-backed buffers: nr_pages pages of role r in whole pageblocks of
 * pb_pages, at random blocks nothing else was placed in (a THP comes from a
 * free 2 MiB block; madvise(MADV_DONTNEED) of 4 KiB pieces never hit it).
 */
int cm_layout_place_thp(unsigned char *role, unsigned long nr_pages, enum cm_role r,
			unsigned long pages, unsigned long pb_pages, struct gsl_rng *rng);

/* ---- the benchmark: parameters, cases, results ------------------------ */

#define CM_PAGES_PER_MIB 256

/* What the pinners (pinners.h) do beside the compaction. */
struct cm_pinner_cfg {
	/* Short-term: O_DIRECT, one I/O pins pins_per_io pages of its buffer. */
	double iops;		/* I/Os per second */
	unsigned qd;		/* I/Os in flight; each holds its pins qd/iops s */
	unsigned pins_per_io;
	unsigned batch;		/* I/Os completed and submitted (and timed) together */
	/* Long-term: pinned before compaction starts, unpinned after it. */
	unsigned fixed_bufs, fixed_buf_pages;	/* io_uring registered buffers */
	unsigned ring_pages;			/* aio ring */
};

struct cm_params {
	unsigned zone_mib;		/* per node */
	unsigned long zone_pages;
	unsigned reps;
	struct cm_pinner_cfg pin;
	enum cm_skip skip;		/* the kernel's pre-isolation check */
	unsigned thp;			/* 1: the pinners' buffers are THPs */
	bool movable;			/* the model zone is ZONE_MOVABLE */
	unsigned long normal_pages;	/* then: the node's ZONE_NORMAL beside it */
	const char *placement;		/* a kcontig-pins.tsv: placement mode, or NULL */
};

struct bench_ctx;
struct cm_pinners;

/* params.c: the mode's defaults, then --param cmodel.NAME=VALUE. */
int cm_params_for(const struct bench_ctx *ctx, struct cm_params *p, char *err,
		  size_t errlen);
void cm_note_params(struct bench_ctx *ctx, const struct cm_params *p);

/* designs.c: every selected design through every case; 0 or -errno. */
int cm_run_designs(struct bench_ctx *ctx, const struct cm_params *prm);
/* designs.c: cases (scenario x mode) each design runs. */
size_t cm_cases_per_design(void);
/* designs.c: a design or named variant (-d NAME) and its params. */
const struct pin_design_ops *cm_resolve_design(const char *name, const char **params);
/*
 * designs.c: the harness timer and the topology set up, then the
 * compactor's CPU and the pinners' (noted in the manifest).
 */
void cm_pick_cpus(struct bench_ctx *ctx, int cpus[2]);

/*
 * Placement mode (--param cmodel.placement=PATH): the pins of the
 * real-kernel benchmark kcontig, read from its kcontig-pins.tsv, one group
 * per case and rep, each group a zone of its region's full pageblocks.
 */
struct cm_place_group {
	char case_[128];		/* kcontig's case without ",rep=R" */
	unsigned rep;
	enum cm_role role;		/* pin=longterm: FIXED, pin=odirect: SHORT */
	unsigned long region_blocks;
	unsigned long *page;		/* pins in the region: block * 512 + page_in_block */
	size_t nr_pins;
	unsigned long pinned_blocks;	/* distinct region blocks holding a pin */
};

struct cm_placement {
	const char *path;
	struct cm_place_group *group;
	size_t nr_groups;
	unsigned long *pages;		/* every group's pins, a slice each */
	size_t lines;			/* pin lines, those outside the region too */
	long long bytes;
};

/* placement_read.c: read and check the file; 0, or -1 with one line in err. */
int cm_placement_load(const struct bench_ctx *ctx, const char *path, struct cm_placement *pl,
		      char *err, size_t errlen);
void cm_placement_free(struct cm_placement *pl);
/* placement.c: every selected design on every group; 0 or -errno. */
int cm_run_placement(struct bench_ctx *ctx, const struct cm_params *prm,
		     const struct cm_placement *pl);
/* placement.c: seconds placement mode expects to take. */
double cm_placement_estimate(const struct bench_ctx *ctx, const struct cm_placement *pl);

/* record.c: the rows of one compaction (t: summed over the zones) and of its pinners. */
void cm_record_compaction(struct bench_ctx *ctx, const char *design, const char *case_,
			  unsigned rep, const struct cm_stats *t);
void cm_record_pinners(struct bench_ctx *ctx, const char *design, const char *case_,
		       const struct cm_pinners *p, unsigned rep);

#endif
