/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/letter.h - `pinbench report`: two or more runs as a cover
 * letter for a patch mail.  letter.c chooses what goes in (the machines,
 * each benchmark's headline rows, the other rows whose change is both
 * significant and above the noise), letter_text.c and letter_md.c print
 * it, letter_figs.c draws its few figures.
 */
#ifndef PINBENCH_REPORT_LETTER_H
#define PINBENCH_REPORT_LETTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/compare.h"

/* A row is listed below the headline when its median moves by more than this. */
#define LETTER_MIN_CHANGE_PCT 5.0
/* At most this many other rows; the rest are counted. */
#define LETTER_MAX_OTHER 24
/* At most this many figures. */
#define LETTER_MAX_FIGURES 8

/* What the manifest says of one run, "" for what it does not say. */
struct letter_run {
	const struct run *run;
	char *kernel, *label, *cpu, *cpus, *nodes, *mem, *thp, *thp_defrag;
	char *cmdline, *seed, *rev, *load, *virt, *date, *mode;
	bool tcg;		/* ran under TCG emulation: timings mean nothing */
};

/* One compared number of run r against the baseline, as the letter shows it. */
struct letter_cell {
	bool present;
	double base, value;	/* medians */
	bool from_zero;		/* base is 0, value not: diff, not a percent */
	double change;		/* %, + is better (as compare) */
	double diff;		/* value - base, in the unit */
	double lo, hi;		/* value's median interval as a change (%), NaN if none */
	char mark;		/* '*' significant, '~' untested timing (TCG), ' ' */
};

struct letter {
	struct comparison c;
	struct letter_run *runs;
	size_t nr_runs;
	bool tcg;			/* any run under TCG */
	const struct cmp_op **head;	/* headline rows */
	size_t nr_head;
	const struct cmp_op **other;	/* significant rows above the noise */
	size_t nr_other, nr_other_found;
	char (*figures)[256];		/* file names (no extension) under the dir */
	size_t nr_figures;
};

/* 0, or the exit status (2 bad input, 1 out of memory) with err set. */
int letter_build(struct letter *l, const struct run *runs, size_t nr, char *err,
		 size_t errlen);
void letter_free(struct letter *l);
void letter_cell(const struct letter *l, const struct cmp_op *op, size_t r,
		 struct letter_cell *cell);
/* The run's letter: A, B, C... */
char letter_run_id(size_t r);

/* ---- what both formats print alike (letter_fmt.c) -------------------- */
/* "+12.34%", or the difference "+1 pages" when the baseline is 0. */
void letter_fmt_change(const struct letter_cell *c, const char *unit, char *out, size_t len);
/* "[-1.2, +3.4]%" or "" when the median has no interval (under 6 reps). */
void letter_fmt_interval(const struct letter_cell *c, char *out, size_t len);
void letter_fmt_value(double v, char *out, size_t len);
/* rows[i..end) share bench and metric; returns end. */
size_t letter_block_end(const struct cmp_op *const *rows, size_t nr, size_t i);
/* Case items alike in rows[from..to), and row i's label: design + what varies. */
void letter_fixed_items(const struct cmp_op *const *rows, size_t from, size_t to,
			char *out, size_t len);
void letter_row_label(const struct cmp_op *const *rows, size_t from, size_t to, size_t i,
		      char *out, size_t len);
/* "QEMU TCG CPU, 2 CPUs, 2 NUMA nodes, 3.8 GiB, THP always (defrag madvise)". */
void letter_fmt_machine(const struct letter_run *lr, char *out, size_t len);
/* The noise rule in words, for both formats. */
extern const char letter_noise_rule[];
extern const char letter_tcg_note[];

void letter_print_text(FILE *out, const struct letter *l);
void letter_print_markdown(FILE *out, const struct letter *l);

/*
 * Draws the letter's figures into dir (at most LETTER_MAX_FIGURES, the
 * headline metrics) and lists them in l; 0, or -1 with err set.  No
 * gnuplot: none drawn, 0, and a note in err.
 */
int letter_figures(struct letter *l, const char *dir, char *err, size_t errlen);

/* `pinbench report`, its summary line to out. */
int report_main(int argc, char **argv, FILE *out);

#endif
