/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/runs.h - run directories read back into series of samples,
 * the floor under compare and plot.
 *
 * Statistics come from the per-rep sample rows of <bench>.tsv, never from
 * summary.tsv, so the significance test sees the samples themselves.
 */
#ifndef PINBENCH_REPORT_RUNS_H
#define PINBENCH_REPORT_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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
	size_t nr_dropped;	/* inf/nan samples left out (NA is missing, kept) */
	bool functional;	/* ran under TCG emulation (manifest virt tcg): its
				 * times are the emulator's, not measurements */
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
/* Names the runs by their labels alone where those tell them apart. */
void runs_name_by_label(struct run *runs, size_t nr);

/* One line on out per run that had inf/nan samples left out. */
void runs_warn_dropped(FILE *out, const char *cmd, const struct run *runs, size_t nr);

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

/* The error text of the report side: snprintf into err. */
void report_set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A time or a rate (ns, us, ms, s, cycles, ratio of times, .../s). */
bool series_is_timing(const struct series *s);

#endif
