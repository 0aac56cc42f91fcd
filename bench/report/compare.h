/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/compare.h - runs compared (`pinbench compare`): per
 * (bench, design, case, metric) each run's statistics, its change against
 * the first run and the two-sample tests; printed as text, markdown or TSV.
 */
#ifndef PINBENCH_REPORT_COMPARE_H
#define PINBENCH_REPORT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/stats.h"
#include "report/filter.h"
#include "report/runs.h"

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
	bool functional;	/* would be, but a run's times are emulated (TCG) */
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

struct comparison {
	const struct run *runs;
	size_t nr_runs;
	struct cmp_op *ops;	/* the main table */
	size_t nr_ops;
	struct cmp_op *vmstat;	/* the /proc/vmstat section */
	size_t nr_vmstat;
	bool brief;		/* headline view: text and markdown show
				 * Median and CoeffVar only */
};

#define CMP_ALPHA 0.05

/* 0, or 2 with err set (nothing selected, or a run with nothing in common). */
int comparison_build(struct comparison *c, const struct run *runs, size_t nr,
		     const struct cmp_filter *f, char *err, size_t errlen);
void comparison_free(struct comparison *c);
struct cmp_cell cmp_cell(const struct comparison *c, const struct cmp_op *op,
			 enum cmp_stat stat, size_t run);
const char *cmp_stat_name(const struct cmp_op *op, enum cmp_stat stat);
/* The statistic is printed (all of them unless c->brief). */
bool cmp_stat_shown(const struct comparison *c, enum cmp_stat stat);

enum cmp_format { CMP_TEXT, CMP_MARKDOWN, CMP_TSV };
void comparison_print(FILE *out, const struct comparison *c, enum cmp_format fmt);

/* `pinbench compare` writing to out (cmd_compare() passes stdout). */
int compare_main(int argc, char **argv, FILE *out);

#endif
