/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/progress.h - what the user sees while a run goes on: on a
 * terminal one rewritten line (benchmark, case, time left); otherwise a
 * plain line when the case changes, at most one every few seconds.
 */
#ifndef PINBENCH_PROGRESS_H
#define PINBENCH_PROGRESS_H

#include <stdio.h>

struct progress;

struct progress *progress_new(FILE *out, double total_estimate_s);
void progress_free(struct progress *p);
void progress_begin_bench(struct progress *p, const char *name, double estimate_s,
			  int idx, int nr);
/* done in [0,1] of the current benchmark. */
void progress_update(struct progress *p, double done, const char *case_desc);
/* A message line, printed above the progress line. */
void progress_msg(struct progress *p, const char *line);
void progress_end_bench(struct progress *p);
/* Formats seconds as "1m05s" / "42s". */
void progress_format_duration(double s, char *out, size_t len);

#endif
