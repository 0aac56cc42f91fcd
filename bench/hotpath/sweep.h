/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/hotpath/sweep.h - the parameter sweep of the hotpath benchmark.
 *
 * Defaults come from the mode (--quick: a few points, --full: the whole
 * grid).  Any axis can be set with `pinbench run --param hotpath.KEY=LIST`,
 * e.g. --param hotpath.sizes=4K..1G --param hotpath.orders=seq (the VM
 * lab passes the same through the guest's pinbench arguments).
 *
 * Keys (lists are comma-separated):
 *   sizes=4K,1M,64M | 4K..1G     bytes of struct pages (64 B each); A..B
 *                                doubles from A to B
 *   ops=page_to_pfn,pfn_to_page,get_put,pin_unpin
 *   orders=seq,rand              access order over the pages
 *   pinned=0,1,50,100            percent of pages pinned (proxied, dynamic)
 *   places=random,block          where the pinned pages are: random, or
 *                                the first pages in pfn order (predictable)
 *   threads=1,2 | 1..all | all   threads, each bound to its own CPU
 *   mem=local,remote             memmap on the threads' node or another
 *   reps=N                       samples per case (--reps wins)
 *   pin_batch=16                 pages per pin_range() call
 *   pin_limit=262144             skip a pinned share that would pin more
 *                                pages than this per case (quick 256K,
 *                                full 4M: pinhash's chains grow with it)
 *   ram=host,1T                  RAM sizes of the memory-cost table
 *   chase=0|1                    measure the pointer-chase latency curve
 *   lineup=N                     at most N designs interleaved at a time
 *                                (0, the default: all that fit in half of
 *                                MemAvailable; 1: one design after another)
 */
#ifndef PINBENCH_HOTPATH_SWEEP_H
#define PINBENCH_HOTPATH_SWEEP_H

#include "core/bench.h"
#include "core/bytes.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HP_MAX_POINTS 64
#define HP_PAGE_STRUCT_BYTES 64ull	/* sizeof(struct page) today */

enum hp_op { HP_PAGE_TO_PFN, HP_PFN_TO_PAGE, HP_GET_PUT, HP_PIN_UNPIN, HP_NR_OPS };
enum hp_order { HP_SEQ, HP_RAND, HP_NR_ORDERS };
enum hp_place { HP_PLACE_RANDOM, HP_PLACE_BLOCK, HP_NR_PLACES };
enum hp_mem { HP_MEM_LOCAL, HP_MEM_REMOTE, HP_NR_MEMS };

struct hp_sweep {
	uint64_t sizes[HP_MAX_POINTS];	/* bytes of struct pages */
	size_t nr_sizes;
	double pinned[HP_MAX_POINTS];	/* percent, 0..100 */
	size_t nr_pinned;
	int threads[HP_MAX_POINTS];	/* resolved: 1..nr_cpus */
	size_t nr_threads;
	uint64_t ram[HP_MAX_POINTS];	/* bytes, for the memory table */
	size_t nr_ram;
	bool ops[HP_NR_OPS];
	bool orders[HP_NR_ORDERS];
	bool places[HP_NR_PLACES];
	bool mems[HP_NR_MEMS];
	unsigned reps;			/* 0: the mode's default */
	unsigned pin_batch;
	unsigned pin_limit;		/* most pages one case may pin */
	bool chase;
	unsigned lineup;		/* designs side by side at most (0: no limit) */
};

/* The grid of a mode for a machine with nr_cpus CPUs and host_ram bytes. */
void hp_sweep_default(struct hp_sweep *s, bool full, int nr_cpus, uint64_t host_ram);

/* The keys above with a line of help each, ending with { NULL }. */
extern const struct bench_param_desc hp_sweep_params[];

/*
 * Set one key from its value (the syntax above), as --param hotpath.KEY=VALUE
 * does.  Returns 0, or -1 with one line in err (s may then be partly
 * changed: do not use it).
 */
int hp_sweep_set(struct hp_sweep *s, const char *key, const char *value, int nr_cpus,
		 uint64_t host_ram, char *err, size_t errlen);

/*
 * The sweep as "sizes=4K,1M;ops=...;...", every key spelt out: setting
 * each KEY=VALUE item gives the same sweep back.
 */
void hp_sweep_describe(const struct hp_sweep *s, char *out, size_t outlen);

/* Pages pinned for pct % of a working set of size bytes (64 B a page). */
uint64_t hp_pinned_pages(uint64_t size, double pct);

const char *hp_op_name(enum hp_op op);
const char *hp_order_name(enum hp_order order);
const char *hp_place_name(enum hp_place place);
const char *hp_mem_name(enum hp_mem mem);

#endif
