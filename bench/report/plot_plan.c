// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/plot_plan.c - which figures the runs get.
 *
 * Per (bench, metric): a case parameter that is a number and varies (size,
 * threads, load...) makes a sweep with that parameter on x; otherwise, or
 * when asked for boxes, each design/case gets one box per run.  A figure with more lines or boxes than
 * a reader can tell apart is split on the first other parameter that
 * varies (op=..., then the next), until each part is readable.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "report/case.h"
#include "report/plot.h"

/* Sweep axes in order of preference; any other numeric key comes after. */
static const char *const preferred_x[] = { "size", "threads", "load" };
#define NR_PREFERRED (sizeof(preferred_x) / sizeof(preferred_x[0]))

/* What a reader can still tell apart in one figure. */
#define MAX_LINES 8
#define MAX_SLOTS 12	/* design/case places on x, each with a box per run */

/* ---- what varies within a figure -------------------------------------- */
static bool key_varies(const struct figure *f, const char *key, size_t klen)
{
	for (size_t i = 1; i < f->nr; i++)
		if (!case_same_value(f->m[0].s->case_, f->m[i].s->case_, key, klen))
			return true;
	return false;
}

/*
 * Two members that have key disagree on it.  Where only some members have a
 * key (idle has no engine=), its absence tells nothing the other keys do not,
 * and leaving it out keeps legends short enough for gnuplot to draw them.
 */
static bool key_differs(const struct figure *f, const char *key, size_t klen)
{
	const char *first = NULL;

	for (size_t i = 0; i < f->nr; i++) {
		if (!case_find(f->m[i].s->case_, key, klen))
			continue;
		if (!first)
			first = f->m[i].s->case_;
		else if (!case_same_value(first, f->m[i].s->case_, key, klen))
			return true;
	}
	return false;
}

bool figure_designs_vary(const struct figure *f)
{
	for (size_t i = 1; i < f->nr; i++)
		if (strcmp(f->m[i].s->design, f->m[0].s->design))
			return true;
	return false;
}

/* The items of case_ whose key varies (want_varying) or not, x left out. */
static void figure_case_items(const struct figure *f, const char *case_, bool want_varying,
			char *out, size_t len)
{
	*out = 0;
	for (const char *p = case_; p && *p; p = case_next_item(p)) {
		size_t klen = strcspn(p, "=,");

		if (case_item_is(p, f->xkey, strlen(f->xkey)) && *f->xkey)
			continue;
		if (key_differs(f, p, klen) == want_varying)
			case_append_item(out, len, p);
	}
}

void figure_varying(const struct figure *f, const struct series *s, char *out, size_t len)
{
	figure_case_items(f, s->case_, true, out, len);
}

/* ---- the x axis ------------------------------------------------------- */
/* Every member has key as a number, and it takes min_values values at least. */
static bool sweeps_over(const struct figure *f, const char *key, size_t min_values)
{
	double seen[3], v;
	size_t nr_seen = 0;

	for (size_t i = 0; i < f->nr; i++) {
		size_t j = 0;

		if (!case_number(f->m[i].s->case_, key, &v))
			return false;
		while (j < nr_seen && seen[j] != v)
			j++;
		if (j == nr_seen && nr_seen < 3)
			seen[nr_seen++] = v;
	}
	return nr_seen >= min_values;
}

static bool try_xkey(struct figure *f, const char *key, size_t len, size_t min_values)
{
	char name[sizeof(f->xkey)];

	snprintf(name, sizeof(name), "%.*s", (int)(len < sizeof(name) ? len : sizeof(name) - 1),
		 key);
	if (!sweeps_over(f, name, min_values))
		return false;
	snprintf(f->xkey, sizeof(f->xkey), "%s", name);
	return true;
}

/*
 * size, threads or load with two values or more; another number with three
 * or more (two values of, say, pass=1/2 are a comparison, drawn as boxes).
 */
static void choose_xkey(struct figure *f)
{
	*f->xkey = 0;
	if (f->boxes)
		return;
	for (size_t i = 0; i < NR_PREFERRED; i++)
		if (try_xkey(f, preferred_x[i], strlen(preferred_x[i]), 2))
			return;
	for (const char *p = f->m[0].s->case_; p && *p; p = case_next_item(p))
		if (try_xkey(f, p, strcspn(p, "=,"), 3))
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
			ylo = fmin(ylo, f->kind == FIG_SWEEP ? st.median : st.min);
			yhi = fmax(yhi, f->kind == FIG_SWEEP ? st.median : st.max);
		}
	}
	f->logx = f->kind == FIG_SWEEP && spans_decades(xlo, xhi);
	f->logy = spans_decades(ylo, yhi);
	f->from_zero = !f->logy && ylo >= 0;
}

/* ---- box places on x ------------------------------------------------- */
bool figure_same_box(const struct series *a, const struct series *b)
{
	return !strcmp(a->design, b->design) && !strcmp(a->case_, b->case_);
}

/* Members come in key order, so a new design/case starts a new box slot. */
size_t figure_box_slot(const struct figure *f, size_t i)
{
	size_t slot = 0;

	for (size_t j = 1; j <= i; j++)
		if (!figure_same_box(f->m[j].s, f->m[j - 1].s))
			slot++;
	return slot;
}

size_t figure_box_slots(const struct figure *f)
{
	return f->nr ? figure_box_slot(f, f->nr - 1) + 1 : 0;
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

/* ---- planning --------------------------------------------------------- */
struct fig_list {
	struct figure *f;
	size_t nr, cap;
};

static bool same_line(const struct figure *f, const struct fig_member *a,
		      const struct fig_member *b)
{
	char va[512], vb[512];

	if (a->run != b->run || strcmp(a->s->design, b->s->design))
		return false;
	figure_varying(f, a->s, va, sizeof(va));
	figure_varying(f, b->s, vb, sizeof(vb));
	return !strcmp(va, vb);
}

/* Lines of a sweep, design/case places of a box figure. */
static size_t figure_units(const struct figure *f)
{
	size_t units = 0;

	if (f->kind == FIG_BOX)
		return figure_box_slots(f);
	for (size_t i = 0; i < f->nr; i++) {
		size_t j = 0;

		while (j < i && !same_line(f, &f->m[j], &f->m[i]))
			j++;
		units += j == i;
	}
	return units;
}

static void figure_finish(struct figure *f)
{
	choose_xkey(f);
	f->kind = *f->xkey ? FIG_SWEEP : FIG_BOX;
	choose_axes(f);
	figure_case_items(f, f->m[0].s->case_, false, f->fixed, sizeof(f->fixed));
}

/* The first parameter besides x that varies: the one to split on. */
static size_t split_key(const struct figure *f, const char **key)
{
	for (const char *p = f->m[0].s->case_; p && *p; p = case_next_item(p)) {
		size_t klen = strcspn(p, "=,");

		if (case_item_is(p, f->xkey, strlen(f->xkey)) && *f->xkey)
			continue;
		if (key_varies(f, p, klen)) {
			*key = p;
			return klen;
		}
	}
	return 0;
}

static int list_push(struct fig_list *l, const struct figure *f)
{
	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct figure *grown = realloc(l->f, cap * sizeof(*grown));

		if (!grown)
			return -1;
		l->f = grown;
		l->cap = cap;
	}
	l->f[l->nr++] = *f;
	return 0;
}

static int plan(struct fig_list *l, struct figure *f);

/* One part per value of key, in the members' (sorted) order. */
static int split(struct fig_list *l, struct figure *f, const char *key, size_t klen)
{
	bool *taken = calloc(f->nr + 1, sizeof(*taken));
	int ret = taken ? 0 : -1;

	for (size_t i = 0; !ret && i < f->nr; i++) {
		struct figure part = { .key = f->key, .boxes = f->boxes };
		const char *value = case_find(f->m[i].s->case_, key, klen);

		if (taken[i])
			continue;
		part.m = malloc(f->nr * sizeof(*part.m));
		for (size_t j = i; part.m && j < f->nr; j++) {
			if (!taken[j] && case_same_value(f->m[i].s->case_, f->m[j].s->case_, key, klen)) {
				part.m[part.nr++] = f->m[j];
				taken[j] = true;
			}
		}
		snprintf(part.facet, sizeof(part.facet), "%s", f->facet);
		if (value)
			case_append_item(part.facet, sizeof(part.facet), value - klen - 1);
		ret = part.m ? plan(l, &part) : -1;
	}
	free(taken);
	free(f->m);
	return ret;
}

/* Takes f's members: into the list, or split into parts. */
static int plan(struct fig_list *l, struct figure *f)
{
	const char *key;
	size_t klen;

	figure_finish(f);
	if (figure_units(f) > (f->kind == FIG_SWEEP ? MAX_LINES : MAX_SLOTS) &&
	    (klen = split_key(f, &key)))
		return split(l, f, key, klen);
	if (list_push(l, f)) {
		free(f->m);
		return -1;
	}
	return 0;
}

static bool same_figure(const struct series *a, const struct series *b)
{
	return !strcmp(a->bench, b->bench) && !strcmp(a->metric, b->metric);
}

/* Every run's series of keys[from..to) (one bench and metric). */
static int collect(struct figure *f, const struct series **keys, size_t from, size_t to,
		   const struct run *runs, size_t nr_runs)
{
	f->m = malloc((to - from) * nr_runs * sizeof(*f->m) + 1);
	if (!f->m)
		return -1;
	for (size_t k = from; k < to; k++) {
		for (size_t r = 0; r < nr_runs; r++) {
			const struct series *s = run_find(&runs[r], keys[k]);

			if (s)
				f->m[f->nr++] = (struct fig_member){ .s = s, .run = r };
		}
	}
	return 0;
}

struct figure *figures_build(const struct run *runs, size_t nr_runs,
			     const struct cmp_filter *filter, bool boxes, size_t *nr)
{
	size_t nr_keys;
	const struct series **keys = series_union(runs, nr_runs, series_selected, filter,
						  &nr_keys);
	struct fig_list l = { .f = calloc(1, sizeof(*l.f)), .cap = 1 };
	int ret = keys && l.f ? 0 : -1;

	for (size_t k = 0, end; !ret && k < nr_keys; k = end) {
		struct figure f = { .key = keys[k], .boxes = boxes };

		for (end = k + 1; end < nr_keys && same_figure(keys[k], keys[end]); end++)
			;
		ret = collect(&f, keys, k, end, runs, nr_runs);
		if (!ret)
			ret = plan(&l, &f);
	}
	free(keys);
	*nr = l.nr;
	if (ret) {
		figures_free(l.f, l.nr);
		return NULL;
	}
	return l.f;
}

void figures_free(struct figure *f, size_t nr)
{
	for (size_t i = 0; f && i < nr; i++)
		free(f[i].m);
	free(f);
}

void figure_name(const struct figure *f, char *out, size_t len)
{
	snprintf(out, len, "%s-%s%s%s", f->key->bench, f->key->metric,
		 *f->facet ? "-" : "", f->facet);
	for (char *p = out; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-", *p))
			*p = '_';
}
