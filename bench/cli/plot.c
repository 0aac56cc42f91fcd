// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cli/plot.c - `pinbench plot RUN... [-o DIR]`: per benchmark and
 * metric one figure, as PNG and SVG and as 80-column text (gnuplot's dumb
 * terminal) for an e-mail body.  Several runs share each figure; the
 * legend names the run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/plot.h"
#include "cli/commands.h"

static const char usage[] =
	"usage: pinbench plot [-o DIR] [--bench NAME]... [--metric PATTERN]... [--case PATTERN]...\n"
	"                     [--boxes] RUN...\n"
	"Writes DIR/<bench>-<metric>.{png,svg,txt} (DIR defaults to RUN/plots for\n"
	"one run) and the data gnuplot read into DIR/data/.  Templates: plots/*.gp\n"
	"($PINBENCH_PLOTS overrides where they are).\n"
	"--boxes: no sweeps; a box per design (quartiles, min-max whiskers, median,\n"
	"and the 95% interval of the median), a figure per value of what else varies.\n";

static const char *const outputs[] = { "png", "svg", "txt" };

/*
 * 80 columns hold the names of a few boxes only: past this many the text
 * figure numbers them (box.gp) and the names follow below it.
 */
#define BOX_TEXT_NAMED_SLOTS 6

static int mkdir_p(const char *dir)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

static void axis_label(const struct figure *f, char *out, size_t len)
{
	if (*f->key->unit && strcmp(f->key->unit, "-"))
		snprintf(out, len, "%s (%s, %s is better)", f->key->metric, f->key->unit,
			 f->key->higher_better ? "higher" : "lower");
	else
		snprintf(out, len, "%s (%s is better)", f->key->metric,
			 f->key->higher_better ? "higher" : "lower");
}

/* "k=v,k=v..." as lines of at most width characters, items split at ", ". */
static void wrap_items(const char *items, size_t width, char *out, size_t len)
{
	size_t used = 0, line = 0;

	*out = 0;
	for (const char *p = items; p && *p && used < len; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		size_t item = strcspn(p, ",");
		const char *sep = !line ? "" : line + 2 + item > width ? ",\n" : ", ";
		int n;

		if (*sep == ',' && sep[1] == '\n')
			line = 0;
		n = snprintf(out + used, len - used, "%s%.*s", sep, (int)item, p);
		used += n > 0 ? (size_t)n : 0;
		line += item + (line ? 2 : 0);
	}
}

static void figure_title(const struct figure *f, char *out, size_t len)
{
	char fixed[600];
	int n = snprintf(out, len, "%s: %s, %s", f->key->bench, f->key->metric,
			 f->kind == FIG_SWEEP ? "median and quartiles"
					      : "median [95% CI], quartiles, min-max");

	wrap_items(f->fixed, 70, fixed, sizeof(fixed));
	if (*fixed && n > 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, "\n%s", fixed);
}

static void figure_vars(const struct figure *f, size_t nr_runs, const char *data,
			const char *outbase, const struct fig_blocks *b,
			struct gp_vars *v)
{
	char text[1024];

	gp_var_str(v, "datafile", data);
	gp_var_str(v, "outbase", outbase);
	figure_title(f, text, sizeof(text));
	gp_var_str(v, "title", text);
	axis_label(f, text, sizeof(text));
	gp_var_str(v, "ylabel", text);
	gp_var_str(v, "xlabel", f->kind == FIG_SWEEP ? f->xkey : "design, case");
	gp_var_num(v, "logx", f->logx);
	gp_var_num(v, "logy", f->logy);
	gp_var_num(v, "from_zero", f->from_zero);
	gp_var_num(v, "nblocks", (double)b->nr);
	gp_var_num(v, "per_run", (double)b->per_run);
	/* Sizes on a log2 axis read best as 4Ki, 1Mi, 1Gi. */
	gp_var_num(v, "xbinary", f->logx && strstr(f->xkey, "size"));
	if (f->kind == FIG_BOX) {
		gp_var_num(v, "nslots", (double)figure_box_slots(f));
		gp_var_num(v, "boxwidth", 0.7 / (double)figure_nr_runs(f, nr_runs));
		gp_var_num(v, "numbered", figure_box_slots(f) > BOX_TEXT_NAMED_SLOTS);
	}
}

/* Every output is there and not empty. */
static int check_outputs(const char *outbase, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		char path[4400];
		struct stat st;

		snprintf(path, sizeof(path), "%s.%s", outbase, outputs[i]);
		if (stat(path, &st) || st.st_size == 0) {
			snprintf(err, errlen, "gnuplot wrote no %.512s", path);
			return -1;
		}
	}
	return 0;
}

/*
 * gnuplot's dumb terminal starts a page with a form feed and pads lines
 * with blanks: an e-mail body wants neither, nor the blank lines on top.
 */
static int tidy_text(const char *outbase, char *err, size_t errlen)
{
	char path[4400], *buf = NULL, *line = NULL;
	size_t size = 0, cap = 0;
	FILE *in, *out;
	ssize_t len;

	snprintf(path, sizeof(path), "%s.txt", outbase);
	if (!(in = fopen(path, "r")) || !(out = open_memstream(&buf, &size))) {
		snprintf(err, errlen, "cannot read %.512s: %s", path, strerror(errno));
		if (in)
			fclose(in);
		return -1;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		char *p = line + strspn(line, "\f");

		while (len > 0 && strchr(" \n\f", line[len - 1]))
			line[--len] = 0;
		if (*p || size)
			fprintf(out, "%s\n", p);
	}
	free(line);
	fclose(in);
	fclose(out);
	in = fopen(path, "w");
	if (!in || fwrite(buf, 1, size, in) != size || fclose(in)) {
		snprintf(err, errlen, "cannot write %.512s", path);
		free(buf);
		return -1;
	}
	free(buf);
	return 0;
}

static int append_box_legend(const struct figure *f, const char *outbase,
			     char *err, size_t errlen)
{
	char path[4400];
	FILE *out;

	snprintf(path, sizeof(path), "%s.txt", outbase);
	out = fopen(path, "a");
	if (!out) {
		snprintf(err, errlen, "cannot append to %.512s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(out, "x: ");
	figure_box_legend(f, out, 77);
	return fclose(out);
}

struct plot_opts {
	const char *dir;
	struct cmp_filter filter;
	bool boxes;
};

struct plot_ctx {
	const struct run *runs;
	size_t nr_runs;
	const char *dir;
	const struct cmp_filter *filter;
	bool boxes;
	char templates[4096];
};

/* $PINBENCH_GNUPLOT_TIMEOUT (seconds) for slow machines, and for the tests. */
static unsigned plot_timeout_s(void)
{
	const char *env = getenv("PINBENCH_GNUPLOT_TIMEOUT");
	char *end;
	unsigned long v = env ? strtoul(env, &end, 10) : 0;

	return env && *env && !*end && v > 0 && v < 86400 ? (unsigned)v : PLOT_GNUPLOT_TIMEOUT_S;
}

/* A figure being drawn. */
struct fig_job {
	struct gp_job gp;
	const struct figure *f;
	char outbase[4200];
};

static int figure_start(const struct plot_ctx *p, const struct figure *f,
			struct fig_job *j, char *err, size_t errlen)
{
	char name[512], data[4200], log[4200], tpl[4200];
	struct gp_vars vars = { .len = 0 };
	struct fig_blocks blocks;

	figure_name(f, name, sizeof(name));
	snprintf(data, sizeof(data), "%s/data/%s.dat", p->dir, name);
	snprintf(log, sizeof(log), "%s/data/%s.log", p->dir, name);
	snprintf(j->outbase, sizeof(j->outbase), "%s/%s", p->dir, name);
	snprintf(tpl, sizeof(tpl), "%s/%s.gp", p->templates,
		 f->kind == FIG_SWEEP ? "sweep" : "box");
	j->f = f;
	if (figure_write_data(f, p->runs, p->nr_runs, data, &blocks, err, errlen))
		return -1;
	figure_vars(f, p->nr_runs, data, j->outbase, &blocks, &vars);
	return gnuplot_start(&j->gp, tpl, &vars, log, plot_timeout_s(), err, errlen);
}

static int figure_done(const struct fig_job *j, char *err, size_t errlen)
{
	remove(j->gp.log);	/* kept only when gnuplot failed */
	if (check_outputs(j->outbase, err, errlen) || tidy_text(j->outbase, err, errlen))
		return -1;
	return j->f->kind == FIG_BOX && figure_box_slots(j->f) > BOX_TEXT_NAMED_SLOTS
	       ? append_box_legend(j->f, j->outbase, err, errlen) : 0;
}

/* Waits for one of the active jobs to end and finishes its figure. */
static int reap_one(struct fig_job *jobs, size_t *active, char *err, size_t errlen)
{
	struct timespec tick = { 0, 5 * 1000 * 1000 };

	for (;;) {
		for (size_t i = 0; i < *active; i++) {
			int st = gnuplot_poll(&jobs[i].gp, err, errlen);

			if (st == 1)
				continue;
			if (st == 0)
				st = figure_done(&jobs[i], err, errlen);
			jobs[i] = jobs[--*active];
			return st;
		}
		nanosleep(&tick, NULL);
	}
}

/* One gnuplot per CPU (at most PLOT_MAX_JOBS): figures are independent. */
static size_t plot_jobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 1 ? 1 : cpus > PLOT_MAX_JOBS ? PLOT_MAX_JOBS : (size_t)cpus;
}

static int plot_figures(const struct plot_ctx *p, const struct figure *figs, size_t nr,
			char *err, size_t errlen)
{
	struct fig_job *jobs = calloc(PLOT_MAX_JOBS, sizeof(*jobs));
	size_t active = 0, max = plot_jobs();
	int ret = jobs ? 0 : -1;

	for (size_t i = 0; !ret && i < nr; i++) {
		if (active == max)
			ret = reap_one(jobs, &active, err, errlen);
		if (!ret && !(ret = figure_start(p, &figs[i], &jobs[active], err, errlen)))
			active++;
	}
	while (!ret && active)
		ret = reap_one(jobs, &active, err, errlen);
	while (active)
		gnuplot_kill(&jobs[--active].gp);
	free(jobs);
	return ret;
}

static int plot_all(const struct plot_ctx *p, FILE *out)
{
	size_t nr;
	struct figure *figs = figures_build(p->runs, p->nr_runs, p->filter, p->boxes, &nr);
	char err[1024] = "", data_dir[4200];
	int ret = 0;

	snprintf(data_dir, sizeof(data_dir), "%s/data", p->dir);
	if (!figs) {
		snprintf(err, sizeof(err), "out of memory");
		ret = 1;
	} else if (!nr) {
		snprintf(err, sizeof(err), "no measured metric to plot in %s%s", p->runs[0].dir,
			 p->filter->nr_benches + p->filter->nr_metrics + p->filter->nr_cases
				 ? " (with --bench/--metric/--case)" : "");
		ret = 2;
	} else if (mkdir_p(data_dir)) {
		snprintf(err, sizeof(err), "cannot create %.512s: %s", data_dir, strerror(errno));
		ret = 1;
	}
	if (!ret && plot_figures(p, figs, nr, err, sizeof(err)))
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
		{ "bench", required_argument, NULL, 'b' },
		{ "metric", required_argument, NULL, 'm' },
		{ "case", required_argument, NULL, 'c' },
		{ "boxes", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret = 0;

	optind = 0;
	while (!ret && (c = getopt_long(argc, argv, "o:b:m:h", longs, NULL)) != -1) {
		switch (c) {
		case 'o': o->dir = optarg; break;
		case 'b': ret = cmp_filter_add(&o->filter.benches, &o->filter.nr_benches, optarg); break;
		case 'm': ret = cmp_filter_add(&o->filter.metrics, &o->filter.nr_metrics, optarg); break;
		case 'c': ret = cmp_filter_add(&o->filter.cases, &o->filter.nr_cases, optarg); break;
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

/* Legends name runs by their labels when those tell them apart: shorter. */
static void legend_names(struct run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (!*runs[i].label)
			return;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(runs[i].label, runs[j].label))
				return;
	}
	for (size_t i = 0; i < nr; i++) {
		char *label = strdup(runs[i].label);

		if (label) {
			free(runs[i].name);
			runs[i].name = label;
		}
	}
}

static int plot_runs(char **dirs, size_t nr, const struct plot_opts *o,
		     const char *templates, FILE *out)
{
	struct plot_ctx p = { .nr_runs = nr, .filter = &o->filter, .boxes = o->boxes };
	struct run *runs = calloc(nr, sizeof(*runs));
	char err[512] = "", dflt[4200];
	int ret;

	if (!runs || runs_load(dirs, nr, runs, err, sizeof(err))) {
		fprintf(stderr, "pinbench plot: %s\n", runs ? err : "out of memory");
		free(runs);
		return 2;
	}
	snprintf(dflt, sizeof(dflt), "%s/plots", dirs[0]);
	legend_names(runs, nr);
	p.runs = runs;
	p.dir = o->dir ? o->dir : dflt;
	snprintf(p.templates, sizeof(p.templates), "%s", templates);
	ret = plot_all(&p, out);
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

	if (!ret)
		ret = plot_checked(argc, argv, &o, out);
	free(o.filter.benches);
	free(o.filter.metrics);
	free(o.filter.cases);
	return ret < 0 ? 0 : ret;
}

int cmd_plot(int argc, char **argv)
{
	return plot_main(argc, argv, stdout);
}
