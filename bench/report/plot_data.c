// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/plot_data.c - the data gnuplot reads for a figure, written
 * from the runs' samples: per-line blocks for a sweep, per-run blocks of
 * boxes otherwise.  Lines and boxes are named by what varies in the figure.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "report/plot.h"

/* gnuplot reads "..." as one field: no double quote may be inside. */
static void write_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++)
		fputc(*s == '"' ? '\'' : *s, out);
	fputc('"', out);
}

/* ---- sweeps ----------------------------------------------------------- */
struct sweep_point {
	size_t run;
	const struct series *s;
	char line[256];		/* design and the other parameters */
	double x;
};

static int point_cmp(const void *a, const void *b)
{
	const struct sweep_point *p = a, *q = b;
	int d;

	if (p->run != q->run)
		return p->run < q->run ? -1 : 1;
	if ((d = strverscmp(p->line, q->line)))
		return d;
	return (p->x > q->x) - (p->x < q->x);
}

static bool runs_vary(const struct figure *f)
{
	for (size_t i = 1; i < f->nr; i++)
		if (f->m[i].run != f->m[0].run)
			return true;
	return false;
}

/* A legend names the run only when the figure has more than one. */
static void sweep_title(FILE *out, const struct figure *f, const struct run *run,
			const struct sweep_point *p)
{
	char title[512];
	bool named = runs_vary(f) || !*p->line;

	snprintf(title, sizeof(title), "%s%s%s", named ? run->name : "",
		 named && *p->line ? ": " : "", p->line);
	write_quoted(out, title);
	fputc('\n', out);
}

/* The five numbers of a box plot, over the finite samples. */
struct spread {
	double min, q1, median, q3, max, mean;
	double med_lo, med_hi;	/* 95% interval of the median; NaN when n < 6 */
	size_t n;
};

static int double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static bool spread_of(const struct series *s, struct spread *q)
{
	double *v = malloc((s->n + 1) * sizeof(*v)), sum = 0;

	q->n = 0;
	for (size_t i = 0; v && i < s->n; i++)
		if (isfinite(s->v[i]))
			sum += v[q->n++] = s->v[i];
	if (v && q->n) {
		qsort(v, q->n, sizeof(*v), double_cmp);
		q->min = v[0];
		q->q1 = stats_quantile_sorted(v, q->n, 0.25);
		q->median = stats_quantile_sorted(v, q->n, 0.5);
		q->q3 = stats_quantile_sorted(v, q->n, 0.75);
		q->max = v[q->n - 1];
		q->mean = sum / (double)q->n;
		/* the interval summary.tsv gives (med_ci95_lo, _hi) */
		stats_median_ci_sorted(v, q->n, &q->med_lo, &q->med_hi);
	}
	free(v);
	return q->n > 0;
}

/*
 * x, median and quartiles: the machine's noise is skewed (a few slow reps),
 * so the median and its quartiles describe a case better than a mean.
 */
static void sweep_row(FILE *out, const struct sweep_point *p)
{
	struct spread q;

	if (spread_of(p->s, &q))
		fprintf(out, "%.9g %.9g %.9g %.9g %.9g %.9g %.9g %zu\n", p->x, q.median,
			q.q1, q.q3, q.mean, q.min, q.max, q.n);
}

/*
 * "scenario=idle,engine=libaio" -> "idle, libaio": under boxes the x axis's
 * label names the keys (plot_draw.c), the tics need the values only.
 */
static void values_only(char *items)
{
	char out[256];
	size_t used = 0;

	*out = 0;
	for (const char *p = items; p && *p && used < sizeof(out); p = case_next_item(p)) {
		const char *v = p + strcspn(p, "=,");

		v += *v == '=';
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%.*s",
					 used ? ", " : "", (int)strcspn(v, ","), v);
	}
	strcpy(items, out);
}

/* The design (when it tells lines or boxes apart) and what else varies. */
static void member_label(const struct figure *f, const struct series *s,
			 char *out, size_t len)
{
	char rest[256];
	bool design = strcmp(s->design, "-") &&
		      (figure_designs_vary(f) || f->kind == FIG_BOX);

	figure_varying(f, s, rest, sizeof(rest));
	if (f->kind == FIG_BOX)
		values_only(rest);
	snprintf(out, len, "%s%s%s", design ? s->design : "",
		 design && *rest ? " " : "", rest);
	if (!*out)
		snprintf(out, len, "%s", f->kind == FIG_BOX ? "all" : "");
}

static bool new_line(const struct sweep_point *pts, size_t i)
{
	return i == 0 || pts[i].run != pts[i - 1].run || strcmp(pts[i].line, pts[i - 1].line);
}

/* Lines per run when each run draws the same lines in the same order. */
static size_t lines_per_run(const struct sweep_point *pts, size_t nr, size_t blocks)
{
	size_t *first = calloc(blocks + 1, sizeof(*first));	/* run 0's line starts */
	size_t nr_first = 0, line = 0, ret = blocks;

	for (size_t i = 0; first && i < nr && pts[i].run == pts[0].run; i++)
		if (new_line(pts, i))
			first[nr_first++] = i;
	for (size_t i = 0; first && i < nr; i++) {
		if (!new_line(pts, i))
			continue;
		line = i && pts[i].run != pts[i - 1].run ? 0 : line + (i > 0);
		if (line >= nr_first || strcmp(pts[first[line]].line, pts[i].line))
			goto out;
	}
	if (nr_first && blocks % nr_first == 0)
		ret = nr_first;
out:
	free(first);
	return ret;
}

static size_t write_sweep(FILE *out, const struct figure *f, const struct run *runs,
			  size_t *per_run)
{
	struct sweep_point *pts = calloc(f->nr + 1, sizeof(*pts));
	size_t blocks = 0;

	if (!pts)
		return 0;
	for (size_t i = 0; i < f->nr; i++) {
		pts[i] = (struct sweep_point){ .run = f->m[i].run, .s = f->m[i].s };
		member_label(f, pts[i].s, pts[i].line, sizeof(pts[i].line));
		case_number(pts[i].s->case_, f->xkey, &pts[i].x);
	}
	qsort(pts, f->nr, sizeof(*pts), point_cmp);
	fprintf(out, "# x median q1 q3 mean min max n\n");
	for (size_t i = 0; i < f->nr; i++) {
		if (new_line(pts, i)) {
			fprintf(out, "%s", blocks++ ? "\n\n" : "");
			sweep_title(out, f, &runs[pts[i].run], &pts[i]);
		}
		sweep_row(out, &pts[i]);
	}
	*per_run = lines_per_run(pts, f->nr, blocks);
	free(pts);
	return blocks;
}

/* ---- boxes ------------------------------------------------------------ */
/* Block 0: the x tic labels, one per design/case. */
static void write_box_labels(FILE *out, const struct figure *f)
{
	char label[512];

	for (size_t i = 0; i < f->nr; i++) {
		if (i && figure_same_box(f->m[i].s, f->m[i - 1].s))
			continue;
		member_label(f, f->m[i].s, label, sizeof(label));
		fprintf(out, "%zu ", figure_box_slot(f, i));
		write_quoted(out, label);
		fprintf(out, " %zu\n", figure_box_slot(f, i) + 1);
	}
}

/* gnuplot's missing value, where printf would write "nan". */
static void write_number(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, " %.9g", v);
	else
		fputs(" NaN", out);
}

/* x, quartiles, whiskers at min and max, median, n, the median's interval. */
static void box_row(FILE *out, const struct series *s, double x)
{
	struct spread q;

	if (!spread_of(s, &q))
		return;
	fprintf(out, "%.9g %.9g %.9g %.9g %.9g %.9g %zu", x, q.q1, q.min, q.max, q.q3,
		q.median, q.n);
	write_number(out, q.med_lo);
	write_number(out, q.med_hi);
	fputc('\n', out);
}

/* Block 0 the labels, then one block per run: its boxes side by side. */
static size_t write_boxes(FILE *out, const struct figure *f, const struct run *runs,
			  size_t nr_runs)
{
	size_t in = figure_nr_runs(f, nr_runs), blocks = 1;
	double width = 0.8 / (double)(in ? in : 1);

	fprintf(out, "# slot label number\n");
	write_box_labels(out, f);
	for (size_t r = 0; r < nr_runs; r++) {
		bool started = false;

		for (size_t i = 0; i < f->nr; i++) {
			double x = (double)figure_box_slot(f, i) +
				   ((double)(blocks - 1) - (double)(in - 1) / 2.0) * width;

			if (f->m[i].run != r)
				continue;
			if (!started) {
				fprintf(out, "\n\n# x q1 min max q3 median n med_lo med_hi\n");
				write_quoted(out, runs[r].name);
				fputc('\n', out);
				started = true;
			}
			box_row(out, f->m[i].s, x);
		}
		blocks += started;
	}
	return blocks;
}

void figure_box_legend(const struct figure *f, FILE *out, int width)
{
	char label[512], item[600];
	int col = 0;

	for (size_t i = 0; i < f->nr; i++) {
		int len;

		if (i && figure_same_box(f->m[i].s, f->m[i - 1].s))
			continue;
		member_label(f, f->m[i].s, label, sizeof(label));
		len = snprintf(item, sizeof(item), "%zu: %s", figure_box_slot(f, i) + 1, label);
		if (col && col + 3 + len > width) {
			fputc('\n', out);
			col = 0;
		}
		col += fprintf(out, "%s%s", col ? "   " : "", item);
	}
	fputc('\n', out);
}

int figure_write_data(const struct figure *f, const struct run *runs, size_t nr_runs,
		      const char *path, struct fig_blocks *b, char *err, size_t errlen)
{
	FILE *out = fopen(path, "w");

	if (!out) {
		snprintf(err, errlen, "cannot write %s: %m", path);
		return -1;
	}
	b->nr = f->kind == FIG_SWEEP ? write_sweep(out, f, runs, &b->per_run)
				     : write_boxes(out, f, runs, nr_runs);
	if (f->kind == FIG_BOX)
		b->per_run = b->nr;
	if (fclose(out) || !b->nr) {
		snprintf(err, errlen, "cannot write %s", path);
		return -1;
	}
	return 0;
}
