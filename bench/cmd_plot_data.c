// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmd_plot_data.c - which figure a (bench, metric) gets and the data
 * gnuplot reads for it.
 *
 * A case parameter that is a number and varies (size, threads, load...)
 * makes a sweep: it goes on x, every other parameter, design and run makes
 * a line.  Otherwise each design/case gets one box per run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_plot.h"

/* Sweep axes in order of preference; any other numeric key comes after. */
static const char *const preferred_x[] = { "size", "threads", "load" };
#define NR_PREFERRED (sizeof(preferred_x) / sizeof(preferred_x[0]))

static bool keep_plot(const struct series *s, const void *arg)
{
	(void)arg;
	return !series_is_vmstat(s);
}

/* Start of "key=" as a whole item of case_, or NULL. */
static const char *case_find(const char *case_, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = case_; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
	return NULL;
}

bool case_number(const char *case_, const char *key, double *v)
{
	const char *p = case_find(case_, key);
	char *end;

	if (!p || !*p || *p == ',')
		return false;
	*v = strtod(p, &end);
	/* Sizes may come as 4K, 2M, 1G (binary multiples). */
	switch (*end) {
	case 'K': case 'k': *v *= 1024.0; end++; break;
	case 'M': *v *= 1024.0 * 1024.0; end++; break;
	case 'G': *v *= 1024.0 * 1024.0 * 1024.0; end++; break;
	}
	return (*end == 0 || *end == ',') && isfinite(*v);
}

/* The case without the key=value item of key. */
static void case_without(const char *case_, const char *key, char *out, size_t len)
{
	const char *p = case_;
	size_t used = 0;

	*out = 0;
	while (p && *p) {
		size_t item = strcspn(p, ",");

		if (strncmp(p, key, strlen(key)) || p[strlen(key)] != '=') {
			used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%.*s",
						 used ? "," : "", (int)item, p);
			if (used >= len)
				return;
		}
		p = p[item] ? p + item + 1 : NULL;
	}
}

/* key varies over >= 2 numbers and every member has it. */
static bool sweeps_over(const struct figure *f, const char *key)
{
	double first, v;
	bool varies = false;

	for (size_t i = 0; i < f->nr; i++) {
		if (!case_number(f->m[i].s->case_, key, &v))
			return false;
		if (i == 0)
			first = v;
		else if (v != first)
			varies = true;
	}
	return varies;
}

static bool try_xkey(struct figure *f, const char *key, size_t len)
{
	char name[64];

	snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63), key);
	if (!sweeps_over(f, name))
		return false;
	snprintf(f->xkey, sizeof(f->xkey), "%s", name);
	return true;
}

static void choose_xkey(struct figure *f)
{
	const char *c = f->m[0].s->case_;

	for (size_t i = 0; i < NR_PREFERRED; i++)
		if (try_xkey(f, preferred_x[i], strlen(preferred_x[i])))
			return;
	for (const char *p = c; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (try_xkey(f, p, strcspn(p, "=,")))
			return;
}

/* Log axes where the numbers span two decades or more. */
static bool spans_decades(double lo, double hi)
{
	return lo > 0 && isfinite(hi) && hi / lo >= 100.0;
}

static void choose_axes(struct figure *f)
{
	double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;

	for (size_t i = 0; i < f->nr; i++) {
		struct stats st;
		double x;

		stats_compute(f->m[i].s->v, f->m[i].s->n, &st);
		if (f->kind == FIG_SWEEP && case_number(f->m[i].s->case_, f->xkey, &x)) {
			xlo = fmin(xlo, x);
			xhi = fmax(xhi, x);
		}
		if (st.n) {
			ylo = fmin(ylo, f->kind == FIG_SWEEP ? st.mean : st.min);
			yhi = fmax(yhi, f->kind == FIG_SWEEP ? st.mean : st.max);
		}
	}
	f->logx = f->kind == FIG_SWEEP && spans_decades(xlo, xhi);
	f->logy = spans_decades(ylo, yhi);
}

static int add_member(struct figure *f, const struct series *s, size_t run)
{
	struct fig_member *grown = realloc(f->m, (f->nr + 1) * sizeof(*f->m));

	if (!grown)
		return -1;
	f->m = grown;
	f->m[f->nr++] = (struct fig_member){ .s = s, .run = run };
	return 0;
}

static bool same_figure(const struct series *a, const struct series *b)
{
	return !strcmp(a->bench, b->bench) && !strcmp(a->metric, b->metric);
}

static void figure_finish(struct figure *f)
{
	choose_xkey(f);
	f->kind = *f->xkey ? FIG_SWEEP : FIG_BOX;
	choose_axes(f);
}

struct figure *figures_build(const struct run *runs, size_t nr_runs, size_t *nr)
{
	size_t nr_keys;
	const struct series **keys = series_union(runs, nr_runs, keep_plot, NULL, &nr_keys);
	struct figure *figs = keys ? calloc(nr_keys + 1, sizeof(*figs)) : NULL;

	*nr = 0;
	for (size_t k = 0; figs && k < nr_keys; k++) {
		if (!*nr || !same_figure(figs[*nr - 1].key, keys[k]))
			figs[(*nr)++].key = keys[k];
		for (size_t r = 0; r < nr_runs; r++) {
			const struct series *s = run_find(&runs[r], keys[k]);

			if (s && add_member(&figs[*nr - 1], s, r)) {
				figures_free(figs, *nr);
				figs = NULL;
				break;
			}
		}
	}
	for (size_t i = 0; figs && i < *nr; i++)
		figure_finish(&figs[i]);
	free(keys);
	return figs;
}

void figures_free(struct figure *f, size_t nr)
{
	for (size_t i = 0; f && i < nr; i++)
		free(f[i].m);
	free(f);
}

void figure_name(const struct figure *f, char *out, size_t len)
{
	snprintf(out, len, "%s-%s", f->key->bench, f->key->metric);
	for (char *p = out; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-", *p))
			*p = '_';
}

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

static void sweep_title(FILE *out, const struct run *run, const struct sweep_point *p)
{
	char title[512];

	snprintf(title, sizeof(title), "%s%s%s", run->name, *p->line ? ": " : "", p->line);
	write_quoted(out, title);
	fputc('\n', out);
}

/* x, mean and its 95% CI (the mean where one sample gives no interval). */
static void sweep_row(FILE *out, const struct sweep_point *p)
{
	struct stats st;

	stats_compute(p->s->v, p->s->n, &st);
	if (!st.n)
		return;
	fprintf(out, "%.9g %.9g %.9g %.9g %.9g %.9g %.9g %zu\n", p->x, st.mean,
		isfinite(st.ci_lo) ? st.ci_lo : st.mean,
		isfinite(st.ci_hi) ? st.ci_hi : st.mean, st.median, st.min, st.max, st.n);
}

static void sweep_line_name(const struct figure *f, const struct series *s,
			    char *out, size_t len)
{
	char rest[256];

	case_without(s->case_, f->xkey, rest, sizeof(rest));
	snprintf(out, len, "%s%s%s", strcmp(s->design, "-") ? s->design : "",
		 strcmp(s->design, "-") && *rest ? " " : "", rest);
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
		sweep_line_name(f, pts[i].s, pts[i].line, sizeof(pts[i].line));
		case_number(pts[i].s->case_, f->xkey, &pts[i].x);
	}
	qsort(pts, f->nr, sizeof(*pts), point_cmp);
	fprintf(out, "# x mean ci95_lo ci95_hi median min max n\n");
	for (size_t i = 0; i < f->nr; i++) {
		if (new_line(pts, i)) {
			fprintf(out, "%s", blocks++ ? "\n\n" : "");
			sweep_title(out, &runs[pts[i].run], &pts[i]);
		}
		sweep_row(out, &pts[i]);
	}
	*per_run = lines_per_run(pts, f->nr, blocks);
	free(pts);
	return blocks;
}

/* ---- boxes ------------------------------------------------------------ */
static bool same_box(const struct series *a, const struct series *b)
{
	return !strcmp(a->design, b->design) && !strcmp(a->case_, b->case_);
}

/* Members come in key order, so a new design/case starts a new box slot. */
static size_t box_slot(const struct figure *f, size_t i)
{
	size_t slot = 0;

	for (size_t j = 1; j <= i; j++)
		if (!same_box(f->m[j].s, f->m[j - 1].s))
			slot++;
	return slot;
}

static bool all_same(const struct figure *f, bool design)
{
	for (size_t i = 1; i < f->nr; i++)
		if (strcmp(design ? f->m[i].s->design : f->m[i].s->case_,
			   design ? f->m[0].s->design : f->m[0].s->case_))
			return false;
	return true;
}

/* The x label of a box: what tells it from the others. */
static void box_label(const struct figure *f, const struct series *s, char *out, size_t len)
{
	bool design = !all_same(f, true) || all_same(f, false);
	bool case_ = !all_same(f, false) && *s->case_;

	snprintf(out, len, "%s%s%s", design ? s->design : "",
		 design && case_ ? " " : "", case_ ? s->case_ : "");
}

/* Block 0: the x tic labels, one per design/case. */
static void write_box_labels(FILE *out, const struct figure *f)
{
	char label[512];

	for (size_t i = 0; i < f->nr; i++) {
		if (i && same_box(f->m[i].s, f->m[i - 1].s))
			continue;
		box_label(f, f->m[i].s, label, sizeof(label));
		fprintf(out, "%zu ", box_slot(f, i));
		write_quoted(out, label);
		fprintf(out, " %zu\n", box_slot(f, i) + 1);
	}
}

static int double_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* x, quartiles, whiskers at min and max, median, n. */
static void box_row(FILE *out, const struct series *s, double x)
{
	double *v = malloc((s->n + 1) * sizeof(*v));
	size_t n = 0;

	if (!v)
		return;
	for (size_t i = 0; i < s->n; i++)
		if (isfinite(s->v[i]))
			v[n++] = s->v[i];
	qsort(v, n, sizeof(*v), double_cmp);
	if (n)
		fprintf(out, "%.9g %.9g %.9g %.9g %.9g %.9g %zu\n", x,
			stats_quantile_sorted(v, n, 0.25), v[0], v[n - 1],
			stats_quantile_sorted(v, n, 0.75), stats_quantile_sorted(v, n, 0.5), n);
	free(v);
}

size_t figure_box_slots(const struct figure *f)
{
	return f->nr ? box_slot(f, f->nr - 1) + 1 : 0;
}

size_t figure_nr_runs(const struct figure *f, size_t nr_runs)
{
	size_t in = 0;

	for (size_t r = 0; r < nr_runs; r++)
		for (size_t i = 0; i < f->nr; i++)
			if (f->m[i].run == r) {
				in++;
				break;
			}
	return in;
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
			double x = (double)box_slot(f, i) +
				   ((double)(blocks - 1) - (double)(in - 1) / 2.0) * width;

			if (f->m[i].run != r)
				continue;
			if (!started) {
				fprintf(out, "\n\n# x q1 min max q3 median n\n");
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

		if (i && same_box(f->m[i].s, f->m[i - 1].s))
			continue;
		box_label(f, f->m[i].s, label, sizeof(label));
		len = snprintf(item, sizeof(item), "%zu: %s", box_slot(f, i) + 1, label);
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
