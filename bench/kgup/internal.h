/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/kgup/internal.h - the running kernel's own pin path, per page.
 *
 * kgup times what stock kernels expose of get_user_pages: io_uring buffer
 * registration (FOLL_PIN | FOLL_LONGTERM), process_vm_readv (FOLL_PIN,
 * remote) against vmsplice (FOLL_GET) of the same pages, what a pin does to
 * MADV_COLLAPSE and move_pages(2), and the kernel's own gup_test where the
 * kernel has it.  Every timed case checks itself against the FOLL_PIN
 * counters of /proc/vmstat; a sample whose count is off keeps its counts
 * and loses its timings (NA), so it is never averaged in.
 */
#ifndef PINBENCH_KGUP_INTERNAL_H
#define PINBENCH_KGUP_INTERNAL_H

#include "core/bench.h"
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KGUP_PAGE 4096ul
#define KGUP_HUGE (2ul << 20)
#define KGUP_MAX_SIZES 32
#define KGUP_MAX_BUF (1ul << 30)	/* io_uring refuses a longer iovec */

enum kgup_backing { KB_4K, KB_THP, KB_HUGETLB, KB_NR };

/* The parts of the benchmark, in the order they run. */
enum kgup_part { KP_REGISTER, KP_REMOTE, KP_COLLAPSE, KP_MOVE, KP_GUP_TEST, KP_PIN_HASH, KP_NR };

/* What the parameters ask for (params.c); check_params and run share it. */
struct kgup_plan {
	size_t sizes[KGUP_MAX_SIZES];
	int nr_sizes;
	bool backing[KB_NR];
	bool part[KP_NR];
	size_t remote_pages;	/* pages per process_vm_readv / vmsplice sample */
	long hugetlb_limit;	/* huge pages kgup may add; -1: MemAvailable decides */
};

struct kgup {
	struct bench_ctx *ctx;
	struct kgup_plan plan;
	bool full;
	unsigned reps;
	struct knob nr_hugepages;	/* restored on every exit */
	long hugetlb_free;		/* 2 MiB huge pages kgup may use */
	char hugetlb_why[160];		/* why hugetlb cases are short, or "" */
	struct kphases phases;
};

/* ---- params.c ------------------------------------------------------------ */
/* Fills plan from the parameters (defaults by mode); 0, or -1 with err. */
int kgup_plan_parse(const struct bench_ctx *ctx, struct kgup_plan *plan,
		    char *err, size_t errlen);
const char *kgup_backing_name(enum kgup_backing b);
const char *kgup_part_name(enum kgup_part p);
/* "4K", "2M", "1G": how sizes read in case names. */
void kgup_format_size(size_t bytes, char *out, size_t outlen);

/* ---- backing.c ----------------------------------------------------------- */
/* A buffer of user memory, 2 MiB aligned, every page written. */
struct kgup_buf {
	char *map;		/* what mmap returned */
	size_t map_len;
	char *base;		/* the buffer, 2 MiB aligned inside map */
	size_t len;
	enum kgup_backing backing;
	bool huge;		/* every 2 MiB of it is a huge page (smaps) */
};

/* Maps and faults len bytes of backing b; 0 or -errno. */
int kgup_buf_alloc(struct kgup_buf *buf, size_t len, enum kgup_backing b);
void kgup_buf_free(struct kgup_buf *buf);
/*
 * Folios io_uring keeps one pin on for this buffer: one per 2 MiB when the
 * whole buffer is huge (io_uring/rsrc.c coalesces), else one per page.
 */
size_t kgup_buf_folios(const struct kgup_buf *buf);
/* The case's backing word: "4k", "thp", "thp-not-huge", "hugetlb". */
const char *kgup_buf_backing(const struct kgup_buf *buf);
/* KiB of a /proc/self/smaps field ("AnonHugePages") of the mapping at addr. */
long kgup_smaps_kib(const void *addr, const char *field);

/* ---- hugetlb.c ----------------------------------------------------------- */
/*
 * How many 2 MiB huge pages kgup may use: free ones plus what it may add
 * (limit, or -1 for what MemAvailable less a margin allows).  Sets why
 * when that is fewer than need.
 */
long kgup_hugetlb_plan(long need, long free_pages, long may_add,
		       char *why, size_t whylen);
/* Raises nr_hugepages for need pages (knob restored on exit); sets k->hugetlb_free. */
void kgup_hugetlb_reserve(struct kgup *k, long need);

/* ---- pincount.c ---------------------------------------------------------- */
/* FOLL_PIN counter deltas over a stretch of work, against what is due. */
struct kgup_pins {
	double acquired, released;		/* observed */
	double want_acquired, want_released;	/* expected */
};

/* Exact snapshot (stat_refresh first); 0 or -errno. */
int kgup_pins_snap(struct vmstat_snap *s);
/*
 * Snapshot after, waiting up to 100 ms for released to reach what is
 * due (io_uring may release asynchronously); fills observed deltas.
 */
void kgup_pins_end(const struct vmstat_snap *before, struct vmstat_snap *after,
		   struct kgup_pins *p);
bool kgup_pins_ok(const struct kgup_pins *p);
/* The sum of two stretches' deltas and expectations. */
struct kgup_pins kgup_pins_sum(const struct kgup_pins *a, const struct kgup_pins *b);
/* Records pin_count_ok, pins_{expected,observed}, unpins_{expected,observed}. */
void kgup_pins_record(struct kgup *k, const char *case_, unsigned rep,
		      const struct kgup_pins *p);

/* ---- notes.c ------------------------------------------------------------- */
/* A case that cannot run here: manifest note "skipped.<what>" with why. */
void kgup_case_skip(struct kgup *k, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Progress through part p, frac (0..1) of the way, at case_. */
void kgup_progress(struct kgup *k, enum kgup_part p, double frac, const char *case_);
/* Nanoseconds of the monotonic clock. */
uint64_t kgup_now_ns(void);

/* ---- debugfs.c ----------------------------------------------------------- */
#define KGUP_DEBUGFS "/sys/kernel/debug"
/*
 * Mounts debugfs where it is not (mounted: whether it is there now);
 * returns the cleanup hook that unmounts it again, or -1 when none.
 */
int kgup_debugfs_mount(bool *mounted);

/* ---- pin_hash.c ---------------------------------------------------------- */
/* /sys/kernel/debug/pin_hash of a kernel with kernels/patches/pin-hash. */
struct kgup_pin_hash {
	double buckets, entries, alloc_failures, unmatched_unpins;
	double lock_acquisitions, lock_contended;
	double chain_max, empty_buckets;
};
/* 0, or -errno (-ENOENT: a kernel without the patch). */
int kgup_pin_hash_read(struct kgup_pin_hash *s);
/* The file's text from f; 0, or -EPROTO when it has no bucket count. */
int kgup_pin_hash_parse(FILE *f, struct kgup_pin_hash *s);

/* ---- the parts ----------------------------------------------------------- */
enum bench_status kgup_register_run(struct kgup *k);
enum bench_status kgup_remote_run(struct kgup *k);
enum bench_status kgup_collapse_run(struct kgup *k);
enum bench_status kgup_move_run(struct kgup *k);
enum bench_status kgup_gup_test_run(struct kgup *k);
enum bench_status kgup_pin_hash_run(struct kgup *k);

#endif
