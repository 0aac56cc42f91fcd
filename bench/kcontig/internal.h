/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/kcontig/internal.h - the pieces of the kcontig benchmark, bottom
 * up; each file calls only the ones listed before its own:
 *   placement.c  which pages to pin: k pages per 64 pageblocks, spread or
 *                clustered, chosen by pfn (pure), and the exact prediction
 *   classify.c   what a pageblock holds, from /proc/kpageflags and
 *                /proc/kpagecount (the rule is pure, the zone scan is not)
 *   map.c        the 80-column text map of a zone (and a PNG via gnuplot)
 *   pins.c       a region faulted as whole pageblocks, split into 4 KiB pages,
 *                its pfns (pagemap), the chosen pages pinned as io_uring fixed
 *                buffers (long-term), the rest freed
 *   odirect.c    short-term pins: O_DIRECT reads kept in flight on the pages
 *   pressure.c   free 2 MiB blocks from /proc/buddyinfo, the fragmenter
 *                sized to a target, the "no pressure" verdict
 *   outcomes.c   compaction of the node, nr_hugepages raised and read back
 *   gigantic.c   a 1 GiB page asked for, where the kernel has the pool
 *   params.c     the parameters: declared, checked, read into struct kc_run
 *   cases.c      the scenarios of a run and their names
 *   record.c     the rows of one repetition, measured beside predicted
 *   scenario.c   one repetition of one density and layout
 *   kcontig.c    the benchmark: struct bench bench_kcontig and its run
 *
 * Pageblocks are 2 MiB on x86-64: pageblock_order is HUGETLB_PAGE_ORDER = 9
 * (include/linux/pageblock-flags.h, v6.12), the order of a PMD huge page.
 */
#ifndef PINBENCH_KCONTIG_INTERNAL_H
#define PINBENCH_KCONTIG_INTERNAL_H

#include "core/bench.h"
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"
#include "workloads/memfrag.h"
#include "workloads/workload.h"

#include <gsl/gsl_rng.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KC_BLOCK_ORDER 9
#define KC_BLOCK_PAGES (1u << KC_BLOCK_ORDER)
#define KC_GROUP_BLOCKS 64	/* density is k pinned pages per 64 pageblocks */
#define KC_MAX_K 64
#define KC_PAGE 4096ul
#define KC_2M (2ul << 20)

static inline uint64_t kc_block_of(uint64_t pfn)
{
	return pfn >> KC_BLOCK_ORDER;
}

/* ---- placement.c -------------------------------------------------------- */

enum kc_layout {
	KC_SPREAD,	/* one pinned page in each of k blocks of every 64 */
	KC_CLUSTERED,	/* k pinned pages packed in as few blocks as possible */
};

const char *kc_layout_name(enum kc_layout l);
/* The layout of that name, or -1. */
int kc_layout_parse(const char *name);

/*
 * The pageblocks whose every page is in pfns[0..n) (in any order): only
 * those would be free once the region is freed, so only there can a pin
 * spoil something.  Writes the block numbers ascending to blocks (room for
 * n / KC_BLOCK_PAGES); returns how many.
 */
size_t kc_full_blocks(const uint64_t *pfns, size_t n, uint64_t *blocks);

/*
 * Chooses the pages to pin among pfns[0..n): the full blocks, ascending,
 * are cut into groups of 64 (a shorter tail group gets none); in each group
 * k pages are pinned, spread (one in each of k blocks chosen at random) or
 * clustered (all in one block chosen at random, k <= 512).  Pages inside a
 * block are chosen at random.  Writes the chosen indices into pfns[],
 * ascending, to picked (room for n); returns how many.  All randomness
 * from rng.
 */
size_t kc_place(const uint64_t *pfns, size_t n, unsigned k, enum kc_layout layout,
		gsl_rng *rng, size_t *picked);

/* The first index of a[0..n) (ascending) not below key; n if none. */
size_t kc_lower_bound(const uint64_t *a, size_t n, uint64_t key);

/* Distinct pageblocks among pfns[0..n) that lie in [start_pfn, end_pfn). */
size_t kc_blocks_hit(const uint64_t *pfns, size_t n, uint64_t start_pfn, uint64_t end_pfn);

/*
 * The prediction: of the candidate blocks (ascending), those holding no
 * pinned pfn would be free after the region is freed.
 */
size_t kc_predict_free(const uint64_t *blocks, size_t nr_blocks,
		       const uint64_t *pinned, size_t nr_pinned);

/* ---- classify.c --------------------------------------------------------- */

enum kc_class {
	KC_FREE,	/* every page free, some in the buddy allocator */
	KC_MOVABLE,	/* in use only by LRU pages (and free ones) */
	KC_PINNED,	/* holds a page pinbench pinned */
	KC_UNMOVABLE,	/* holds slab, page-table, reserved or other kernel pages */
	KC_HUGETLB,	/* a hugetlb page (what nr_hugepages obtained) */
	KC_OTHER,	/* anything else: holes, non-LRU user pages, ... */
	/*
	 * No page in use and none on the buddy free lists: free pages on the
	 * per-CPU lists (a region just freed), or struct pages not yet
	 * initialised (the lab machine's kernel boots with deferred_init=lazy
	 * and grows a zone on demand).
	 */
	KC_UNLISTED,
	KC_NR_CLASSES
};

const char *kc_class_name(enum kc_class c);
/* One character per class in the map ('.', 'm', 'P', 'U', 'H', '?', ','). */
char kc_class_char(enum kc_class c);

/*
 * The class of one pageblock from its pages' kpageflags and kpagecount
 * values, and whether each page is pinned by pinbench (pinned may be NULL).
 */
enum kc_class kc_classify_block(const uint64_t *flags, const uint64_t *counts,
				const bool *pinned, unsigned pages);

/* The blocks of one zone, classified. */
struct kc_zone_map {
	int node;
	char zone[16];
	uint64_t start_block;
	size_t nr_blocks;
	unsigned char *cls;		/* enum kc_class per block */
	size_t count[KC_NR_CLASSES];
};

/*
 * Classifies every pageblock of zone z; pinned[0..nr_pinned) are the pfns
 * pinbench pinned, ascending.  0 or -errno (no /proc/kpageflags, ...).
 */
int kc_classify_zone(const struct zone_span *z, const uint64_t *pinned, size_t nr_pinned,
		     struct kc_zone_map *m);
void kc_zone_map_free(struct kc_zone_map *m);

/* ---- map.c -------------------------------------------------------------- */

/* The map as text: a header, 80 blocks per line (each line led by its first
 * pfn), a legend with the counts. */
void kc_map_write(FILE *f, const struct kc_zone_map *m, const char *title);
/* A PNG of the map through gnuplot, when it is installed; 0 or -1. */
int kc_map_png(const struct kc_zone_map *m, const char *title, const char *png);

/* ---- pins.c ------------------------------------------------------------- */

struct kc_region {
	char *raw;			/* the mapping; base is its first 2 MiB boundary */
	size_t raw_len;
	char *base;
	size_t pages;
	uint64_t *pfns;			/* per page, 0 when unknown */
	size_t *picked;			/* indices into pfns of the pinned pages */
	size_t nr_picked;
	uint64_t *pinned_pfns;		/* ascending */
	void *rings;			/* struct io_uring[], one per 16384 buffers */
	int nr_rings;
	size_t moved;			/* pinned pages whose pfn changed on pinning */
	int hook;
};

/*
 * Faults bytes of anonymous memory as whole pageblocks (THP faults), splits
 * each into 4 KiB pages in place and reads their pfns.  0 or -errno.
 */
int kc_region_fault(struct kc_region *r, size_t bytes);
/*
 * longterm: registers the picked pages as io_uring fixed buffers (one 4 KiB
 * iovec each: FOLL_LONGTERM pins); else they are left to the caller's
 * O_DIRECT I/O (odirect.c).  Then records their pfns and frees every other
 * page of the region.  0 or -errno.
 */
int kc_region_pin(struct kc_region *r, bool longterm);
/*
 * Reads the picked pages' pfns again into pinned_pfns (ascending); moved
 * counts those no longer where they were faulted.  0 or -errno.
 */
int kc_region_reread(struct kc_region *r);
/* Unpins, unmaps, frees (idempotent; also the cleanup hook's work). */
void kc_region_release(struct kc_region *r);
/*
 * One line per pinned pfn to path (TSV with a header): its pageblock, its
 * page in the block, and the block's rank among the region's full blocks
 * (blocks[0..nr_blocks), ascending; -1 outside them) with nr_blocks, so
 * that the compaction model can be run on the same layout
 * (--param cmodel.placement).  0 or -errno.
 */
int kc_pins_write(const char *path, const struct kc_region *r, const char *case_,
		  const uint64_t *blocks, size_t nr_blocks);

/* ---- odirect.c ---------------------------------------------------------- */

struct kc_inflight;
/*
 * Starts a thread keeping one 4 KiB O_DIRECT read of file (bytes long) in
 * flight into each of bufs[0..n) (at most 4096).  NULL when it cannot
 * (no O_DIRECT on that filesystem, ...).
 */
struct kc_inflight *kc_inflight_start(const char *file, uint64_t bytes, char **bufs, size_t n);
/* Stops resubmitting, waits for every read in flight; returns the reads
 * done, err the first failed one (0 if none). */
unsigned long long kc_inflight_stop(struct kc_inflight *f, int *err);

/* ---- pressure.c --------------------------------------------------------- */

/* Free 2 MiB blocks of one node (buddyinfo, all its zones), NaN if unknown. */
double kc_free_blocks(int node);
/* Free 2 MiB blocks of one zone of one node, NaN if unknown. */
double kc_free_blocks_zone(int node, const char *zone);
/*
 * How many bytes to fragment so the node's free 2 MiB blocks fall to
 * target: (free - target) blocks, at most cap, bounded by MemAvailable less
 * a margin (workloads/memfrag.h).  0 with a reason in why.
 */
size_t kc_frag_size(int node, double target, size_t cap, char *why, size_t whylen);

struct kc_pressure {
	double free_before, free_fragmented;	/* node, 2 MiB blocks */
	double migrated;			/* pages moved by compaction */
};

/* NULL when the scenario was under pressure, else why not. */
const char *kc_no_pressure(const struct kc_pressure *p);

/* ---- outcomes.c --------------------------------------------------------- */

struct kc_compaction {
	double ms;
	double migrated, failed;	/* pgmigrate_success/fail deltas */
	double scanned;			/* compact_migrate_scanned delta */
	int err;
};

/* Compacts one node (sysfs trigger), timed, with vmstat deltas. */
void kc_compact_node(int node, struct kc_compaction *c);

struct kc_hugetlb {
	long before, target, obtained;	/* pages of the node */
	double ms;
	int err;
};

/* A count file of sysfs (nr_hugepages, ...), or -1. */
long kc_read_count(const char *path);
/* The node's nr_hugepages file (2 MiB pages). */
void kc_hugetlb_path(int node, char *out, size_t len);
/* Memory held to be given back the moment the huge page pool stops growing. */
struct kc_reserve {
	void *p;
	size_t len;
};

/* Faults bytes of 4 KiB pages (bound like the task's memory).  0 or -errno. */
int kc_reserve_take(struct kc_reserve *rs, size_t bytes);
/* Unmaps it (idempotent; rs may be NULL). */
void kc_reserve_drop(struct kc_reserve *rs);

/*
 * Raises the huge page pool of path (an nr_hugepages file) by want, drops
 * the reserve (may be NULL) the moment the write returns, reads back what
 * the kernel gave; the knob is left raised.
 */
void kc_pool_raise(const char *path, long want, struct kc_reserve *rs, struct knob *k,
		   struct kc_hugetlb *h);

/*
 * Raises the node's nr_hugepages by want, drops the reserve, reads back
 * what the kernel gave; the knob is left raised (restore with
 * kc_hugetlb_restore, also run by a cleanup hook on Ctrl-C).
 */
void kc_hugetlb_raise(int node, long want, struct kc_reserve *rs, struct knob *k,
		      struct kc_hugetlb *h);
void kc_hugetlb_restore(struct knob *k);

/* ---- gigantic.c --------------------------------------------------------- */

#define KC_1G_PAGES (1ul << 18)	/* 4 KiB pages in a 1 GiB page */

/*
 * 1 GiB-aligned ranges inside one zone of the node that hold none of
 * pinned[0..n) (ascending): an upper bound of the 1 GiB pages it can give.
 */
size_t kc_gigantic_pin_free(const struct zone_span *zones, int nr_zones, int node,
			    const uint64_t *pinned, size_t nr_pinned);
/*
 * Asks the node's 1 GiB pool for a page per GiB of node_pages, reads what
 * it got, puts it back; err -ENOENT where the kernel has no such pool.
 */
void kc_gigantic_try(int node, uint64_t node_pages, struct knob *k, struct kc_hugetlb *g);

/* ---- params.c ----------------------------------------------------------- */

#define KC_MAX_KS 8

/* The whole run: options, the node, and what it changed (restored). */
struct kc_run {
	struct bench_ctx *ctx;
	bool full;
	unsigned reps;
	int node;
	unsigned ks[KC_MAX_KS];
	int nr_ks;
	bool layout_on[2];		/* indexed by enum kc_layout */
	bool kind_on[2];		/* long-term, short-term (O_DIRECT) pins */
	struct workload_files files;	/* what the O_DIRECT reads read */
	bool have_files;
	size_t region_bytes, frag_cap, huge_bytes;
	bool huge_max;			/* ask every page of the node (huge_mib=max) */
	/* huge_obtained of this repetition's k = 0 scenario, NAN before it */
	double huge_base;
	unsigned huge_base_rep;
	double free_target;		/* 2 MiB blocks the fragmenter aims at */
	struct zone_span zones[KSTAT_MAX_ZONES];
	int nr_zones;
	struct knob proactive, huge, thp, giga;	/* restored on every exit */
	unsigned step, nr_steps;
	struct kphases phases;
	char pins_path[4200];		/* the pinned-pfn TSV */
	char maps_dir[4200];
};

extern const struct bench_param_desc kc_params[];
/* Parses "0,4,64" (each 0..64, at most KC_MAX_KS); count or -1. */
int kc_parse_ks(const char *s, unsigned *ks, int max);
int kc_params_check(const struct bench_ctx *ctx, char *err, size_t errlen);
/* Fills the options of r from the parameters (already checked). */
void kc_params_load(struct kc_run *r);

/* ---- cases.c ------------------------------------------------------------ */

enum kc_kind {
	KC_LONGTERM,	/* io_uring fixed buffers */
	KC_SHORTTERM,	/* O_DIRECT reads in flight */
};

struct kc_scenario {
	enum kc_layout layout;
	unsigned k;
	enum kc_kind kind;
};

/* k = 0 once (layout "none"), then every kind, layout and k > 0. */
int kc_scenarios(const struct kc_run *r, struct kc_scenario *out, int max);
/* "pin=longterm,layout=spread,k=4" */
void kc_scenario_case(const struct kc_scenario *s, char *out, size_t len);
/* "longterm-spread-k4", "none-k0": for file names and manifest keys. */
void kc_scenario_tag(const struct kc_scenario *s, char *out, size_t len);

/* ---- record.c ----------------------------------------------------------- */

/* One repetition: what it holds (released after it) and what it saw. */
#define KC_MAX_NODE_ZONES 8

struct kc_rep {
	struct kc_region reg;
	struct kc_inflight *io;		/* short-term pins: reads in flight */
	char **bufs;
	int io_hook;
	unsigned long long ios;
	int io_err;
	size_t moved_pinning;		/* pinned pages moved by the pinning */
	size_t moved_after;		/* ... since they were faulted, after the attempts */
	struct fragmenter fr;
	size_t frag_bytes;
	uint64_t *blocks;		/* the region's full blocks, ascending */
	size_t nr_blocks, predicted;
	struct kc_pressure pr;
	double free_placed, free_compacted, free_huge;
	struct kc_compaction comp;
	struct kc_hugetlb huge;
	struct kc_hugetlb giga;		/* the 1 GiB pool's */
	size_t giga_pin_free;		/* 1 GiB ranges holding no pin */
	struct kc_reserve reserve;	/* freed when the pool stops growing */
	size_t region_cls[KC_NR_CLASSES];	/* the full blocks' classes */
	struct kc_zone_map maps[KC_MAX_NODE_ZONES];
	int nr_maps;
};

/* The rows of one repetition of s (and the manifest note when no pressure). */
void kc_record_rep(struct kc_run *r, const struct kc_scenario *s, unsigned rep,
		   const struct kc_rep *st);

/* ---- scenario.c --------------------------------------------------------- */

/* One repetition; index separates the scenarios' random streams.  0,
 * -EINTR or -errno. */
int kc_scenario_rep(struct kc_run *r, const struct kc_scenario *s, unsigned index,
		    unsigned rep);

#endif
