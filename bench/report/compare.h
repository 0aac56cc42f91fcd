/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/compare.h - reading run directories back and comparing them
 * (`pinbench compare`), shared with `pinbench plot`.
 *
 * Statistics come from the per-rep sample rows of <bench>.tsv, never from
 * summary.tsv, so the significance test sees the samples themselves.
 */
#ifndef PINBENCH_CMD_COMPARE_H
#define PINBENCH_CMD_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/stats.h"

/*
 * Metrics named "vmstat.<counter>" (the results contract) or "vm_<counter>"
 * (what kcompact writes) are /proc/vmstat deltas.
 */

/* One measured (bench, design, case, metric) of one run: its samples. */
struct series {
	const char *bench, *design, *case_, *metric, *unit;
	bool higher_better;
	double *v;		/* every rep's value, NaN for NA */
	size_t n;
};

struct run {
	char *dir;
	char *label, *kernel_release, *status, *status_reason;
	char *name;		/* for headers and legends; see runs_name() */
	struct series *series;	/* sorted by series_cmp() */
	size_t nr_series;
	double *values;		/* one block holding every series' v */
	struct tsv_table *tables;	/* the strings series point into */
	size_t nr_tables;
};

/* Loads manifest and sample rows of dir; 0, or -1 with err set. */
int run_load(const char *dir, struct run *run, char *err, size_t errlen);
void run_free(struct run *run);
/* Loads each dir in turn and names the runs; 0, or -1 with err set. */
int runs_load(char **dirs, size_t nr, struct run *runs, char *err, size_t errlen);
void runs_free(struct run *runs, size_t nr);
/*
 * The designs of one run as runs of their own (columns), named after the
 * design, base (or the first by name) first; design-independent series
 * ("-") are left out.  They borrow src's samples.  0, or -1 with err set.
 */
int runs_by_design(const struct run *src, const char *base, struct run **cols, size_t *nr,
		   char *err, size_t errlen);
/* Header/legend names "label kernel_release", made unique across runs. */
void runs_name(struct run *runs, size_t nr);

/* The fixed row order: bench, metric, design, then case (numbers by value). */
int series_cmp(const void *a, const void *b);
const struct series *run_find(const struct run *run, const struct series *key);
bool series_is_vmstat(const struct series *s);
/* The counter's name of a vmstat series, its prefix left out. */
const char *series_vmstat_name(const struct series *s);

/*
 * The union of keys over runs, each once, in series_cmp() order; keep() (may
 * be NULL) chooses.  Returns a malloc'd array of pointers into the runs.
 */
const struct series **series_union(const struct run *runs, size_t nr,
				   bool (*keep)(const struct series *, const void *),
				   const void *arg, size_t *nr_out);

/* ---- comparison ------------------------------------------------------- */
enum cmp_stat {
	CMP_MIN, CMP_MEAN, CMP_MEDIAN, CMP_STDDEV, CMP_CV, CMP_MAX, CMP_N,
	CMP_NR_STATS
};

/* One row of the table for one run: the figure and its change. */
struct cmp_cell {
	bool present;		/* false: the run did not measure it ("-") */
	double value;
	double change;		/* % against the baseline, + is better; NaN: none,
				 * +-inf: the baseline is 0 and this is not */
	bool significant;	/* the means differ at 95% (Welch) */
};

/* One compared (bench, design, case, metric): per-run statistics. */
struct cmp_op {
	const struct series *key;
	const struct series **s;	/* per run, NULL when missing */
	struct stats *st;		/* per run */
	double *p;			/* per run: Welch p against run 0 (means) */
	double *p_rank;			/* per run: Mann-Whitney p against run 0 */
	bool hmean;			/* the mean row is harmonic */
};

struct cmp_filter {
	char **metrics;		/* fnmatch patterns, any may match */
	size_t nr_metrics;
	char **benches;		/* exact names */
	size_t nr_benches;
	char **cases;		/* fnmatch patterns on the case, any may match */
	size_t nr_cases;
};

/* A measured metric (not a vmstat counter) that f selects; f may be NULL. */
bool series_selected(const struct series *s, const void *f);
/* Appends s to a list of patterns (options); 0, or 1 out of memory. */
int cmp_filter_add(char ***list, size_t *nr, char *s);

struct comparison {
	const struct run *runs;
	size_t nr_runs;
	struct cmp_op *ops;	/* the main table */
	size_t nr_ops;
	struct cmp_op *vmstat;	/* the /proc/vmstat section */
	size_t nr_vmstat;
};

#define CMP_ALPHA 0.05

/* 0, or 2 with err set (nothing selected, or a run with nothing in common). */
int comparison_build(struct comparison *c, const struct run *runs, size_t nr,
		     const struct cmp_filter *f, char *err, size_t errlen);
void comparison_free(struct comparison *c);
struct cmp_cell cmp_cell(const struct comparison *c, const struct cmp_op *op,
			 enum cmp_stat stat, size_t run);
const char *cmp_stat_name(const struct cmp_op *op, enum cmp_stat stat);

enum cmp_format { CMP_TEXT, CMP_MARKDOWN, CMP_TSV };
void comparison_print(FILE *out, const struct comparison *c, enum cmp_format fmt);

/* `pinbench compare` writing to out (cmd_compare() passes stdout). */
int compare_main(int argc, char **argv, FILE *out);

#endif
