/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/filter.h - which series compare and plot look at
 * (--bench, --metric, --case), and the options the two commands share.
 */
#ifndef PINBENCH_REPORT_FILTER_H
#define PINBENCH_REPORT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "report/runs.h"

struct cmp_filter {
	char **metrics;		/* fnmatch patterns, any may match */
	size_t nr_metrics;
	char **benches;		/* exact names */
	size_t nr_benches;
	char **cases;		/* fnmatch patterns on the case, any may match */
	size_t nr_cases;
	bool all;		/* --all: every row, not the headline set */
};

/*
 * What is selected: with --all, or once --bench/--metric/--case choose,
 * every row they let through; else each benchmark's headline rows
 * (report/headline.h).  f NULL selects everything.
 */
bool cmp_filter_shows_all(const struct cmp_filter *f);
/* A measured metric (not a vmstat counter) that f selects; f may be NULL. */
bool series_selected(const struct series *s, const void *f);
/* A vmstat counter of a bench that f selects: --bench only, f may be NULL. */
bool series_vmstat_selected(const struct series *s, const void *f);
/* Appends s to a list of patterns (options); 0, or 1 out of memory. */
int cmp_filter_add(char ***list, size_t *nr, char *s);
/* Frees the lists (not the strings: they are argv's). */
void cmp_filter_free(struct cmp_filter *f);

/*
 * The getopt_long entries compare and plot share (both include
 * <getopt.h>); cmp_filter_option() takes the filter ones.
 */
#define CMP_FILTER_SHORTOPTS "m:b:h"
#define CMP_FILTER_LONGOPTS					\
	{ "all", no_argument, NULL, 'A' },			\
	{ "metric", required_argument, NULL, 'm' },		\
	{ "bench", required_argument, NULL, 'b' },		\
	{ "case", required_argument, NULL, 'c' },		\
	{ "help", no_argument, NULL, 'h' }
/* 'm', 'b', 'c' with its argument, or 'A', into f: 0, or 1 out of memory. */
int cmp_filter_option(struct cmp_filter *f, int opt, char *arg);

#endif
