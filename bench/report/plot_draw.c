// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/plot_draw.c - figures drawn: per figure its data file
 * (plot_data.c), the template's variables (title, axes, boxes), a gnuplot
 * (gnuplot.c) writing PNG, SVG and 80-column text, then the text tidied
 * for an e-mail body.  One gnuplot per CPU draws its share of the figures.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/plot.h"

static const char *const outputs[] = { "png", "svg", "txt" };

/*
 * 80 columns hold the names of a few boxes only: past this many the text
 * figure numbers them (box.gp) and the names follow below it.
 */
#define BOX_TEXT_NAMED_SLOTS 6

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

/*
 * The text figure names its boxes under them when the names fit 80
 * columns side by side; else it numbers them and names them below.
 */
static bool box_numbered(const struct figure *f)
{
	size_t widest = 0, slots = figure_box_slots(f);

	for (size_t i = 0; i < f->nr; i++) {
		char items[512];
		size_t w;

		figure_varying(f, f->m[i].s, items, sizeof(items));
		w = strlen(items) + (figure_designs_vary(f) ? strlen(f->m[i].s->design) + 1 : 0);
		if (w > widest)
			widest = w;
	}
	return slots > BOX_TEXT_NAMED_SLOTS || slots * (widest + 2) > 72;
}

/* A metric's name as words: "pins_per_io" -> "pins per io". */
static void metric_words(const char *metric, char *out, size_t len)
{
	snprintf(out, len, "%s", metric);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
}

static void figure_title(const struct figure *f, char *out, size_t len)
{
	char fixed[600], words[128];
	int n;

	metric_words(f->key->metric, words, sizeof(words));
	n = snprintf(out, len, "%s: %s, %s", f->key->bench, words,
		     f->kind == FIG_SWEEP ? "median and quartiles"
					  : "median [95% CI], quartiles, min-max");

	wrap_items(f->fixed, 70, fixed, sizeof(fixed));
	if (*fixed && n > 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, "\n%s", fixed);
}

/* What tells the boxes apart: the design, the keys of the case that vary. */
static void box_xlabel(const struct figure *f, char *out, size_t len)
{
	char items[512] = "";
	size_t used;

	figure_varying(f, f->m[0].s, items, sizeof(items));
	used = (size_t)snprintf(out, len, "%s", figure_designs_vary(f) ? "design" : "");
	for (const char *p = items; p && *p && used < len; p = case_next_item(p))
		used += (size_t)snprintf(out + used, len - used, "%s%.*s", used ? ", " : "",
					 (int)strcspn(p, "=,"), p);
	if (!*out)
		snprintf(out, len, "case");
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
	box_xlabel(f, text, sizeof(text));
	gp_var_str(v, "xlabel", f->kind == FIG_SWEEP ? f->xkey : text);
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
		gp_var_num(v, "numbered", box_numbered(f));
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

/*
 * $PINBENCH_GNUPLOT_TIMEOUT (seconds a figure may take) for slow machines,
 * and for the tests; a gnuplot drawing n figures gets n times that.
 */
static unsigned plot_timeout_s(void)
{
	const char *env = getenv("PINBENCH_GNUPLOT_TIMEOUT");
	char *end;
	unsigned long v = env ? strtoul(env, &end, 10) : 0;

	return env && *env && !*end && v > 0 && v < 86400 ? (unsigned)v : PLOT_GNUPLOT_TIMEOUT_S;
}

/*
 * Figures drawn by one gnuplot: a script that, per figure, resets gnuplot,
 * sets the template's variables and loads the template.  Starting gnuplot
 * costs more than drawing a small figure, so each process draws many.
 */
struct fig_batch {
	struct gp_job gp;
	size_t from, to;	/* figs[from..to) */
};

static void figure_outbase(const struct plot_ctx *p, const struct figure *f, char *out,
			   size_t len)
{
	char name[512];

	figure_name(f, name, sizeof(name));
	snprintf(out, len, "%s/%s", p->dir, name);
}

/* Writes f's data and its part of the batch's script. */
static int figure_script(const struct plot_ctx *p, const struct figure *f, FILE *script,
			 char *err, size_t errlen)
{
	char name[512], data[4200], outbase[4200], tpl[4200];
	struct gp_vars vars = { .len = 0 };
	struct fig_blocks blocks;

	figure_name(f, name, sizeof(name));
	snprintf(data, sizeof(data), "%s/data/%s.dat", p->dir, name);
	figure_outbase(p, f, outbase, sizeof(outbase));
	snprintf(tpl, sizeof(tpl), "%s/%s.gp", p->templates,
		 f->kind == FIG_SWEEP ? "sweep" : "box");
	if (figure_write_data(f, p->runs, p->nr_runs, data, &blocks, err, errlen))
		return -1;
	figure_vars(f, p->nr_runs, data, outbase, &blocks, &vars);
	gp_var_str(&vars, "pinbench_template", tpl);
	fprintf(script, "reset\n%s\nload pinbench_template\n", vars.s);
	return 0;
}

static int batch_start(const struct plot_ctx *p, const struct figure *figs, size_t k,
		       struct fig_batch *b, char *err, size_t errlen)
{
	char path[4200], log[4200];
	struct gp_vars vars = { .len = 0 };
	FILE *script;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/data/batch-%zu.gp", p->dir, k);
	snprintf(log, sizeof(log), "%s/data/batch-%zu.log", p->dir, k);
	if (!(script = fopen(path, "w"))) {
		snprintf(err, errlen, "cannot write %.512s: %s", path, strerror(errno));
		return -1;
	}
	for (size_t i = b->from; !ret && i < b->to; i++)
		ret = figure_script(p, &figs[i], script, err, errlen);
	if (fclose(script) && !ret) {
		snprintf(err, errlen, "cannot write %.512s", path);
		ret = -1;
	}
	gp_var_num(&vars, "pinbench_figures", (double)(b->to - b->from));
	return ret ? ret : gnuplot_start(&b->gp, path, &vars, log,
					 plot_timeout_s() * (unsigned)(b->to - b->from),
					 err, errlen);
}

static int figure_done(const struct plot_ctx *p, const struct figure *f, char *err,
		       size_t errlen)
{
	char outbase[4200];

	figure_outbase(p, f, outbase, sizeof(outbase));
	if (check_outputs(outbase, err, errlen) || tidy_text(outbase, err, errlen))
		return -1;
	return f->kind == FIG_BOX && box_numbered(f)
	       ? append_box_legend(f, outbase, err, errlen) : 0;
}

/* Waits for every batch; the first failure is the one said. */
static int batches_wait(struct fig_batch *b, size_t nr, char *err, size_t errlen)
{
	struct timespec tick = { 0, 5 * 1000 * 1000 };
	size_t left = nr;
	char later[512];	/* failures after the first */
	int ret = 0;

	while (left) {
		for (size_t i = 0; i < nr; i++) {
			int st = b[i].gp.pid ? gnuplot_poll(&b[i].gp, ret ? later : err,
							    ret ? sizeof(later) : errlen) : 1;

			if (!b[i].gp.pid || st == 1)
				continue;
			if (st == 0)
				remove(b[i].gp.log);	/* kept only when gnuplot failed */
			ret = ret ? ret : st;
			b[i].gp.pid = 0;
			left--;
		}
		if (left)
			nanosleep(&tick, NULL);
	}
	return ret;
}

/* One gnuplot per CPU (at most PLOT_MAX_JOBS), each drawing its share. */
static size_t plot_jobs(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus < 1 ? 1 : cpus > PLOT_MAX_JOBS ? PLOT_MAX_JOBS : (size_t)cpus;
}

int plot_draw(const struct plot_ctx *p, const struct figure *figs, size_t nr,
	      char *err, size_t errlen)
{
	size_t nr_batches = nr < plot_jobs() ? nr : plot_jobs(), started = 0;
	struct fig_batch *b = calloc(nr_batches + 1, sizeof(*b));
	int ret = b ? 0 : -1;

	for (size_t k = 0; !ret && k < nr_batches; k++) {
		b[k].from = nr * k / nr_batches;
		b[k].to = nr * (k + 1) / nr_batches;
		if (!(ret = batch_start(p, figs, k, &b[k], err, errlen)))
			started++;
	}
	if (ret)
		while (started)
			gnuplot_kill(&b[--started].gp);
	else
		ret = batches_wait(b, started, err, errlen);
	for (size_t i = 0; !ret && i < nr; i++)
		ret = figure_done(p, &figs[i], err, errlen);
	free(b);
	return ret;
}
