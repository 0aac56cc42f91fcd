/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/memfrag.h - fragmenting physical memory on purpose, and the
 * huge-page fault test that suffers from it (in the style of mmtests'
 * thpchallenge).
 *
 * The fragmenter faults a region in 4 KiB pages (MADV_NOHUGEPAGE) and then
 * frees part of every 2 MiB of it with MADV_DONTNEED.  Pages faulted in a
 * row mostly come from the same free 2 MiB block, so what stays mapped
 * keeps each such block from being free: only compaction can rebuild them.
 * Its size is bounded by MemAvailable minus a safety margin, so it never
 * drives the machine towards the OOM killer.
 */
#ifndef PINBENCH_MEMFRAG_H
#define PINBENCH_MEMFRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum frag_method {
	FRAG_EVERY_OTHER_4K,	/* free every other 4 KiB page: keeps 1/2 */
	FRAG_3OF4_PER_2M,	/* free the last 3/4 of every 2 MiB: keeps 1/4 */
};

/* "alt4k" / "3of4-2m", for case names. */
const char *frag_method_name(enum frag_method m);
/* The method of that name, or -1. */
int frag_method_parse(const char *name);

/*
 * How much may be faulted: want, bounded by MemAvailable less a margin of
 * max(1 GiB, MemTotal / 8).  0 with a reason when under min.
 */
size_t frag_bound(size_t want, size_t min, char *why, size_t whylen);

struct fragmenter {
	char *base;
	size_t bytes;
	enum frag_method method;
	int hook;		/* unmaps on interruption */
};

/* Faults bytes, then punches the holes.  0, -EINTR (stop asked) or -errno. */
int frag_make(struct fragmenter *f, size_t bytes, enum frag_method m);
/* Unmaps everything (idempotent). */
void frag_release(struct fragmenter *f);

/*
 * thpchallenge-style: fault `chunks` 2 MiB-aligned chunks of a
 * MADV_HUGEPAGE region, one write each, timing every fault (us) and
 * checking whether it got a huge page (/proc/self/pagemap and
 * /proc/kpageflags KPF_THP; AnonHugePages of /proc/self/smaps when those
 * are unreadable).  Returns the number of faults done (< chunks when a stop
 * was asked) or -errno.
 */
int thp_fault_test(size_t chunks, double *fault_us, bool *huge);

/* Is the THP flag set for pfn in a /proc/kpageflags image? (for tests) */
bool kpageflags_is_thp(uint64_t flags);

#endif
