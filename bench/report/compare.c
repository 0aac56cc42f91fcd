// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/compare.c - runs compared: the mmtests compare-kernels table
 * for a patch cover letter, with its known weaknesses fixed: real
 * two-sample tests on the samples decide the significance marks (Welch's
 * t-test for the mean, Mann-Whitney's rank test for the median, which one
 * slow rep cannot sway), n is shown, rows come in a fixed order and a
 * missing value is "-" rather than 0.  The formats: report/compare_fmt.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"

/* Counters grouped by what was measured: bench, design, case, counter. */
static int vmstat_order(const void *a, const void *b)
{
	const struct series *x = ((const struct cmp_op *)a)->key;
	const struct series *y = ((const struct cmp_op *)b)->key;
	int d;

	if ((d = strcmp(x->bench, y->bench)) || (d = strcmp(x->design, y->design)) ||
	    (d = strverscmp(x->case_, y->case_)))
		return d;
	return strcmp(x->metric, y->metric);
}

static void op_fill(struct cmp_op *op, const struct run *runs, size_t nr)
{
	op->hmean = op->key->higher_better;
	for (size_t r = 0; r < nr; r++) {
		const struct series *s = run_find(&runs[r], op->key);

		op->s[r] = s;
		op->p[r] = op->p_rank[r] = NAN;
		if (!s)
			continue;
		stats_compute(s->v, s->n, &op->st[r]);
		/* Harmonic only where every run has one: one kind per row. */
		if (!isfinite(op->st[r].hmean))
			op->hmean = false;
		if (r > 0 && op->s[0]) {
			op->p[r] = stats_welch_p(op->s[0]->v, op->s[0]->n, s->v, s->n);
			op->p_rank[r] = stats_mannwhitney_p(op->s[0]->v, op->s[0]->n, s->v, s->n);
		}
	}
}

/* One op per key, each with its per-run arrays in one allocation. */
static struct cmp_op *ops_build(const struct run *runs, size_t nr,
				bool (*keep)(const struct series *, const void *),
				const struct cmp_filter *f, size_t *nr_ops)
{
	const struct series **keys = series_union(runs, nr, keep, f, nr_ops);
	struct cmp_op *ops = keys ? calloc(*nr_ops + 1, sizeof(*ops)) : NULL;
	size_t per_run = sizeof(*ops->s) + sizeof(*ops->st) + 2 * sizeof(*ops->p);

	for (size_t i = 0; ops && i < *nr_ops; i++) {
		char *block = calloc(nr, per_run);

		if (!block) {
			*nr_ops = i;
			break;
		}
		ops[i].key = keys[i];
		ops[i].st = (struct stats *)block;
		ops[i].p = (double *)(block + nr * sizeof(*ops->st));
		ops[i].p_rank = ops[i].p + nr;
		ops[i].s = (const struct series **)(block + nr * (sizeof(*ops->st) +
								 2 * sizeof(*ops->p)));
		op_fill(&ops[i], runs, nr);
	}
	free(keys);
	return ops;
}

static void ops_free(struct cmp_op *ops, size_t nr)
{
	for (size_t i = 0; ops && i < nr; i++)
		free(ops[i].st);
	free(ops);
}

static bool shares_metric(const struct comparison *c, size_t r)
{
	for (size_t i = 0; i < c->nr_ops; i++)
		if (c->ops[i].s[0] && c->ops[i].s[r])
			return true;
	return false;
}

static int check_common(const struct comparison *c, char *err, size_t errlen)
{
	if (!c->nr_ops) {
		report_set_err(err, errlen, "no metric to compare (none measured, or none "
			"matches --bench/--metric)");
		return 2;
	}
	for (size_t r = 1; r < c->nr_runs; r++) {
		if (!shares_metric(c, r)) {
			report_set_err(err, errlen, "%s and %s have no metric in common",
				c->runs[0].dir, c->runs[r].dir);
			return 2;
		}
	}
	return 0;
}

int comparison_build(struct comparison *c, const struct run *runs, size_t nr,
		     const struct cmp_filter *f, char *err, size_t errlen)
{
	int ret;

	*c = (struct comparison){ .runs = runs, .nr_runs = nr };
	c->ops = ops_build(runs, nr, series_selected, f, &c->nr_ops);
	c->vmstat = ops_build(runs, nr, series_vmstat_selected, f, &c->nr_vmstat);
	if (c->vmstat)
		qsort(c->vmstat, c->nr_vmstat, sizeof(*c->vmstat), vmstat_order);
	if (!c->ops || !c->vmstat) {
		report_set_err(err, errlen, "out of memory");
		comparison_free(c);
		return 1;
	}
	ret = check_common(c, err, errlen);
	if (ret)
		comparison_free(c);
	return ret;
}

void comparison_free(struct comparison *c)
{
	ops_free(c->ops, c->nr_ops);
	ops_free(c->vmstat, c->nr_vmstat);
	*c = (struct comparison){ 0 };
}

const char *cmp_stat_name(const struct cmp_op *op, enum cmp_stat stat)
{
	static const char *const names[CMP_NR_STATS] = {
		[CMP_MIN] = "Min", [CMP_MEAN] = "Amean", [CMP_MEDIAN] = "Median",
		[CMP_STDDEV] = "Stddev", [CMP_CV] = "CoeffVar", [CMP_MAX] = "Max",
		[CMP_N] = "N",
	};

	return stat == CMP_MEAN && op->hmean ? "Hmean" : names[stat];
}

static double stat_value(const struct cmp_op *op, enum cmp_stat stat, size_t r)
{
	const struct stats *st = &op->st[r];

	switch (stat) {
	case CMP_MIN:	 return st->min;
	case CMP_MEAN:	 return op->hmean ? st->hmean : st->mean;
	case CMP_MEDIAN: return st->median;
	case CMP_STDDEV: return st->stddev;
	case CMP_CV:	 return st->cv * 100.0;	/* percent, as mmtests */
	case CMP_MAX:	 return st->max;
	default:	 return (double)st->n;
	}
}

/* Change in percent, positive when value is better than base. */
static double change_pct(double base, double value, bool lower_better)
{
	double d;

	/* From nothing: an unbounded change, but its sign still says which way. */
	if (base == 0)
		return value == 0 ? 0.0 : copysign(INFINITY, lower_better ? -value : value);
	d = (value - base) / fabs(base) * 100.0;
	/* + 0.0 turns -0 into 0: the baseline reads 0.00%, not -0.00%. */
	return (lower_better ? -d : d) + 0.0;
}

struct cmp_cell cmp_cell(const struct comparison *c, const struct cmp_op *op,
			 enum cmp_stat stat, size_t run)
{
	struct cmp_cell cell = { .present = op->s[run] != NULL, .change = NAN };
	bool lower_better = stat == CMP_STDDEV || stat == CMP_CV ||
			    !op->key->higher_better;

	(void)c;
	if (!cell.present)
		return cell;
	cell.value = stat_value(op, stat, run);
	if (stat == CMP_N || !op->s[0])
		return cell;
	cell.change = change_pct(stat_value(op, stat, 0), cell.value, lower_better);
	/* The mean by Welch's t-test, the median by ranks (Mann-Whitney). */
	cell.significant = run > 0 && ((stat == CMP_MEAN && op->p[run] < CMP_ALPHA) ||
				       (stat == CMP_MEDIAN && op->p_rank[run] < CMP_ALPHA));
	/* An emulator's times differ without saying anything: no mark, a ~. */
	if (cell.significant && series_is_timing(op->key) &&
	    (c->runs[0].functional || c->runs[run].functional)) {
		cell.significant = false;
		cell.functional = true;
	}
	return cell;
}
