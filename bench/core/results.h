/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/results.h - the one results writer.
 *
 * A run directory holds:
 *   manifest.tsv   key<TAB>value lines about the machine and the run; the
 *                  key "status" is "complete" only when the run finished,
 *                  else "incomplete" with "status_reason".
 *   <bench>.tsv    header line, then one row per sample:
 *                  bench design case metric unit better rep value
 *                  case is "key=value,key=value"; better is lower|higher;
 *                  a missing value is NA.
 *   summary.tsv    one row per (bench, design, case, metric):
 *                  bench design case metric unit better n n_missing min
 *                  median mean stddev cv p95 p99 max ci95_lo ci95_hi
 *                  med_ci95_lo med_ci95_hi (ci95: of the mean, t-based;
 *                  med_ci95: of the median, from order statistics)
 * Fields are written in the TSV dialect of core/tsv.h (escapes, NA).
 * Rows are written as they come (a crash keeps what was measured) and the
 * manifest says whether the run is whole.
 */
#ifndef PINBENCH_RESULTS_H
#define PINBENCH_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/tsv.h"

/* The columns of <bench>.tsv, in order; readers find them by name. */
enum results_col {
	RESULTS_BENCH, RESULTS_DESIGN, RESULTS_CASE, RESULTS_METRIC, RESULTS_UNIT,
	RESULTS_BETTER, RESULTS_REP, RESULTS_VALUE, RESULTS_NR_COLS
};
extern const char *const results_sample_columns[RESULTS_NR_COLS];
#define RESULTS_SUMMARY_COLUMNS "bench\tdesign\tcase\tmetric\tunit\tbetter\tn\tn_missing\t" \
	"min\tmedian\tmean\tstddev\tcv\tp95\tp99\tmax\tci95_lo\tci95_hi\t" \
	"med_ci95_lo\tmed_ci95_hi"

struct results;

/*
 * 0 when dir can become a run directory: an empty directory, or a path
 * to create under a writable directory (not /proc or /sys) that leaves
 * room below PATH_MAX; else -errno with err set.  Creates nothing.
 */
int results_check_dir(const char *dir, char *err, size_t errlen);
/* Creates dir (must not exist or be empty); NULL with err set otherwise. */
struct results *results_open(const char *dir, char *err, size_t errlen);
/* Flushes everything and writes summary.tsv; returns 0 or -errno. */
int results_close(struct results *r);
const char *results_dir(const struct results *r);

/* manifest.tsv: set (or replace) a key; written out by results_flush_manifest. */
void results_manifest_set(struct results *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *results_manifest_get(const struct results *r, const char *key);
int results_flush_manifest(struct results *r);

/* One sample row into <bench>.tsv (opened on first use). */
int results_add(struct results *r, const char *bench, const char *design,
		const char *case_, const char *metric, const char *unit,
		bool higher_better, unsigned rep, double value);

/* mkdir -p: dir and its missing parents; 0, or -1 with errno set. */
int results_mkdirs(const char *dir);

/* Value of key in a run directory's manifest.tsv, malloc'd, or NULL. */
char *manifest_read_key(const char *run_dir, const char *key);

#endif
