// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cli/plot.c - `pinbench plot RUN... [-o DIR]`: options and glue.
 * Per benchmark and metric one figure, as PNG and SVG and as 80-column
 * text for an e-mail body, several runs sharing each figure: planned by
 * report/plot_plan.c, drawn by report/plot_draw.c.
 */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "core/results.h"
#include "cli/commands.h"

static const char usage[] =
	"usage: pinbench plot [-o DIR] [--bench NAME]... [--metric PATTERN]... [--case PATTERN]...\n"
	"                     [--boxes] [--all] RUN...\n"
	"Writes DIR/<bench>-<metric>.{png,svg,txt} (DIR defaults to RUN/plots for\n"
	"one run) and the data gnuplot read into DIR/data/.  Templates: plots/*.gp\n"
	"($PINBENCH_PLOTS overrides where they are).\n"
	"By default the figures of each benchmark's headline rows; --all draws every\n"
	"metric, and --bench/--metric/--case every one they select.\n"
	"--boxes: no sweeps; a box per design (quartiles, min-max whiskers, median,\n"
	"and the 95% interval of the median), a figure per value of what else varies.\n";

struct plot_opts {
	const char *dir;
	struct cmp_filter filter;
	bool boxes;
};

static int plot_all(const struct plot_ctx *p, const struct plot_opts *o, FILE *out)
{
	size_t nr;
	struct figure *figs = figures_build(p->runs, p->nr_runs, &o->filter, o->boxes, &nr);
	char err[1024] = "", data_dir[4200];
	int ret = 0;

	snprintf(data_dir, sizeof(data_dir), "%s/data", p->dir);
	if (!figs) {
		snprintf(err, sizeof(err), "out of memory");
		ret = 1;
	} else if (!nr) {
		snprintf(err, sizeof(err), "no measured metric to plot in %s%s", p->runs[0].dir,
			 o->filter.nr_benches + o->filter.nr_metrics + o->filter.nr_cases
				 ? " (with --bench/--metric/--case)" : "");
		ret = 2;
	} else if (results_mkdirs(data_dir)) {
		snprintf(err, sizeof(err), "cannot create %.512s: %s", data_dir, strerror(errno));
		ret = 1;
	}
	if (!ret && plot_draw(p, figs, nr, err, sizeof(err)))
		ret = 1;
	if (ret)
		fprintf(stderr, "pinbench plot: %s\n", err);
	else
		fprintf(out, "pinbench plot: %zu figure%s (png, svg, txt) in %s\n", nr,
			nr == 1 ? "" : "s", p->dir);
	figures_free(figs, nr);
	return ret;
}

/* 0 to go on, -1 for --help, else the exit status. */
static int parse_opts(int argc, char **argv, struct plot_opts *o)
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		CMP_FILTER_LONGOPTS,
		{ "boxes", no_argument, NULL, 'x' },
		{ 0 },
	};
	int c, ret = 0;

	optind = 0;
	while (!ret && (c = getopt_long(argc, argv, "o:" CMP_FILTER_SHORTOPTS, longs, NULL)) != -1) {
		switch (c) {
		case 'o': o->dir = optarg; break;
		case 'm': case 'b': case 'c': case 'A':
			ret = cmp_filter_option(&o->filter, c, optarg);
			break;
		case 'x': o->boxes = true; break;
		case 'h': printf("%s", usage); return -1;
		default: fprintf(stderr, "%s", usage); return 2;
		}
	}
	if (!ret && (optind >= argc || (!o->dir && argc - optind > 1))) {
		fprintf(stderr, "pinbench plot: %s\n%s", optind >= argc ? "no run given"
			: "several runs need -o DIR", usage);
		return 2;
	}
	return ret;
}

static int plot_runs(char **dirs, size_t nr, const struct plot_opts *o,
		     const char *templates, FILE *out)
{
	struct plot_ctx p = { .nr_runs = nr };
	struct run *runs = calloc(nr, sizeof(*runs));
	char err[512] = "", dflt[4200];
	int ret;

	if (!runs || runs_load(dirs, nr, runs, err, sizeof(err))) {
		fprintf(stderr, "pinbench plot: %s\n", runs ? err : "out of memory");
		free(runs);
		return 2;
	}
	runs_warn_dropped(stderr, "plot", runs, nr);
	snprintf(dflt, sizeof(dflt), "%s/plots", dirs[0]);
	runs_name_by_label(runs, nr);
	p.runs = runs;
	p.dir = o->dir ? o->dir : dflt;
	snprintf(p.templates, sizeof(p.templates), "%s", templates);
	ret = plot_all(&p, o, out);
	runs_free(runs, nr);
	free(runs);
	return ret;
}

static int plot_checked(int argc, char **argv, const struct plot_opts *o, FILE *out)
{
	char templates[4096];

	if (!plot_have_gnuplot()) {
		fprintf(stderr, "pinbench plot: gnuplot not found on PATH "
			"(apt-get install gnuplot-nox)\n");
		return 1;
	}
	if (plot_templates_dir(templates, sizeof(templates))) {
		fprintf(stderr, "pinbench plot: no templates (box.gp) in %s; set "
			"PINBENCH_PLOTS to the plots/ directory\n", templates);
		return 1;
	}
	return plot_runs(argv + optind, (size_t)(argc - optind), o, templates, out);
}

int plot_main(int argc, char **argv, FILE *out)
{
	struct plot_opts o = { .dir = NULL };
	int ret = parse_opts(argc, argv, &o);

	gsl_set_error_handler_off();	/* as compare: NaN, never abort() */
	if (!ret)
		ret = plot_checked(argc, argv, &o, out);
	cmp_filter_free(&o.filter);
	return ret < 0 ? 0 : ret;
}

int cmd_plot(int argc, char **argv)
{
	return plot_main(argc, argv, stdout);
}
