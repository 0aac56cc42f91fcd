/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/plot.h - `pinbench plot`: figures of one or more runs drawn by
 * the gnuplot templates in plots/ (one .gp per kind of figure).  The data
 * gnuplot reads is written at run time from the runs' sample rows.
 */
#ifndef PINBENCH_REPORT_PLOT_H
#define PINBENCH_REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "report/case.h"
#include "report/filter.h"
#include "report/runs.h"

/* Seconds one gnuplot call may take before it is killed ($PINBENCH_GNUPLOT_TIMEOUT). */
#define PLOT_GNUPLOT_TIMEOUT_S 60
/* gnuplot processes at once, at most (one per CPU below that). */
#define PLOT_MAX_JOBS 4

enum figure_kind {
	FIG_BOX,	/* one box per design/case and run: the distribution */
	FIG_SWEEP,	/* a numeric case parameter on x: lines with CI bars */
};

/* One member of a figure: a series of one run. */
struct fig_member {
	const struct series *s;
	size_t run;
};

/* One (bench, metric): every run's series of it. */
struct figure {
	enum figure_kind kind;
	const struct series *key;	/* bench, metric, unit, better */
	struct fig_member *m;
	size_t nr;
	char xkey[64];			/* FIG_SWEEP: the case key on x */
	char fixed[512];		/* case items alike in every member */
	char facet[256];		/* items this part of a split figure has */
	bool logx, logy;
	bool from_zero;			/* no negative value: y starts at 0 */
	bool boxes;			/* never a sweep: a box per design/case */
};

/*
 * The figures of the runs' metrics that filter (may be NULL) selects;
 * vmstat counters are left out.  boxes: no sweeps, every design/case a box
 * (figures split on what else varies).  NULL when out of memory.
 */
struct figure *figures_build(const struct run *runs, size_t nr_runs,
			     const struct cmp_filter *filter, bool boxes, size_t *nr);
void figures_free(struct figure *f, size_t nr);

/* What the template needs to know of the data file. */
struct fig_blocks {
	size_t nr;		/* data blocks (gnuplot indexes) */
	size_t per_run;		/* FIG_SWEEP: lines per run when every run has the
				 * same lines (same colour, a dash per run); else nr */
};

/* Writes the gnuplot data of f to path; 0, or -1 with err set. */
int figure_write_data(const struct figure *f, const struct run *runs, size_t nr_runs,
		      const char *path, struct fig_blocks *b, char *err, size_t errlen);
/* FIG_BOX: the x tic labels, numbered from 1 ("1 xa mode=a") for the text. */
void figure_box_legend(const struct figure *f, FILE *out, int width);

/* ---- what the plan knows of a figure (plot_plan.c) -------------------- */
/* FIG_BOX: how many design/case slots on x; runs with a member in f. */
size_t figure_box_slots(const struct figure *f);
size_t figure_nr_runs(const struct figure *f, size_t nr_runs);
/* FIG_BOX: the slot of member i; two series share one slot. */
size_t figure_box_slot(const struct figure *f, size_t i);
bool figure_same_box(const struct series *a, const struct series *b);
/* "<bench>-<metric>" with every character unsafe in a file name as '_'. */
void figure_name(const struct figure *f, char *out, size_t len);
/* The items of s's case that vary within f, x left out. */
void figure_varying(const struct figure *f, const struct series *s, char *out, size_t len);
bool figure_designs_vary(const struct figure *f);

/* ---- drawing (plot_draw.c) -------------------------------------------- */
/* Where the figures go and what they are drawn from. */
struct plot_ctx {
	const struct run *runs;
	size_t nr_runs;
	const char *dir;		/* the figures; their data in dir/data */
	char templates[4096];		/* plots/: sweep.gp, box.gp */
};

/*
 * Draws every figure (dir/data must exist), one gnuplot per CPU up to
 * PLOT_MAX_JOBS; 0, or -1 with err set.
 */
int plot_draw(const struct plot_ctx *p, const struct figure *figs, size_t nr,
	      char *err, size_t errlen);

/* ---- gnuplot ---------------------------------------------------------- */
/* Where the templates are: $PINBENCH_PLOTS, ../plots beside the binary, ./plots. */
int plot_templates_dir(char *out, size_t len);
bool plot_have_gnuplot(void);

/* A gnuplot -e variable: name='value', the value quoted for gnuplot. */
struct gp_vars {
	char s[8192];
	size_t len;
};
void gp_var_str(struct gp_vars *v, const char *name, const char *value);
void gp_var_num(struct gp_vars *v, const char *name, double value);

/* One gnuplot process drawing one figure, with its time limit. */
struct gp_job {
	pid_t pid;
	double deadline;	/* CLOCK_MONOTONIC seconds */
	unsigned timeout_s;
	char template_path[4200], log[4200];
};

/* Starts gnuplot -e vars template, output into log; 0, or -1 with err set. */
int gnuplot_start(struct gp_job *j, const char *template_path, const struct gp_vars *vars,
		  const char *log, unsigned timeout_s, char *err, size_t errlen);
/* 1 still running, 0 done well, -1 failed or past its limit (killed), err set. */
int gnuplot_poll(struct gp_job *j, char *err, size_t errlen);
void gnuplot_kill(struct gp_job *j);

/* `pinbench plot` writing its summary line to out. */
int plot_main(int argc, char **argv, FILE *out);

#endif
