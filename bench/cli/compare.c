// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cli/compare.c - `pinbench compare RUN_A RUN_B [RUN...]`: the
 * mmtests compare-kernels table for a patch cover letter, with its known
 * weaknesses fixed: real two-sample tests on the samples decide the
 * significance marks (Welch's t-test for the mean, Mann-Whitney's rank test
 * for the median, which one slow rep cannot sway), n is shown, rows come in
 * a fixed order, a missing value is "-" rather than 0, and run names are
 * never truncated.
 */
#include <fnmatch.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "cli/commands.h"

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool bench_selected(const struct series *s, const struct cmp_filter *f)
{
	if (!f)
		return true;
	for (size_t i = 0; i < f->nr_benches; i++)
		if (!strcmp(f->benches[i], s->bench))
			return true;
	return f->nr_benches == 0;
}

/* Any of the patterns matches text, or there are none. */
static bool any_match(char *const *patterns, size_t nr, const char *text)
{
	for (size_t i = 0; i < nr; i++)
		if (!fnmatch(patterns[i], text, 0))
			return true;
	return nr == 0;
}

static bool metric_selected(const struct series *s, const struct cmp_filter *f)
{
	return !f || (any_match(f->metrics, f->nr_metrics, s->metric) &&
		      any_match(f->cases, f->nr_cases, s->case_));
}

bool series_selected(const struct series *s, const void *arg)
{
	return !series_is_vmstat(s) && bench_selected(s, arg) && metric_selected(s, arg);
}

/* The vmstat section follows --bench only: --metric picks the table rows. */
static bool keep_vmstat(const struct series *s, const void *arg)
{
	return series_is_vmstat(s) && bench_selected(s, arg);
}

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
		set_err(err, errlen, "no metric to compare (none measured, or none "
			"matches --bench/--metric)");
		return 2;
	}
	for (size_t r = 1; r < c->nr_runs; r++) {
		if (!shares_metric(c, r)) {
			set_err(err, errlen, "%s and %s have no metric in common",
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
	c->vmstat = ops_build(runs, nr, keep_vmstat, f, &c->nr_vmstat);
	if (c->vmstat)
		qsort(c->vmstat, c->nr_vmstat, sizeof(*c->vmstat), vmstat_order);
	if (!c->ops || !c->vmstat) {
		set_err(err, errlen, "out of memory");
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
	return cell;
}

/* ---- the command ------------------------------------------------------ */
static const char usage[] =
	"usage: pinbench compare [--format text|markdown|tsv] [--metric PATTERN]...\n"
	"                        [--bench NAME]... [--case PATTERN]... [--allow-incomplete]\n"
	"                        RUN_A RUN_B [RUN...]\n"
	"       pinbench compare --designs [--base-design NAME] [...] RUN\n"
	"The first run is the baseline; changes are in percent, positive is better.\n"
	"--designs compares the designs of one run, one column each (the base\n"
	"design, else the first by name, is the baseline).\n"
	"--metric takes a glob (fnmatch) on the metric name, --case one on the\n"
	"case (e.g. 'op=page_to_pfn,*pinned=0%*'); the /proc/vmstat section\n"
	"follows --bench only.\n";

struct compare_opts {
	enum cmp_format format;
	struct cmp_filter filter;
	bool allow_incomplete;
	bool by_design;
	const char *base_design;
};

static int parse_format(const char *s, enum cmp_format *f)
{
	static const char *const names[] = { "text", "markdown", "tsv" };

	for (size_t i = 0; i < 3; i++) {
		if (!strcmp(s, names[i])) {
			*f = (enum cmp_format)i;
			return 0;
		}
	}
	fprintf(stderr, "pinbench compare: unknown format '%s' (text, markdown, tsv)\n", s);
	return 2;
}

int cmp_filter_add(char ***list, size_t *nr, char *s)
{
	char **grown = realloc(*list, (*nr + 1) * sizeof(**list));

	if (!grown)
		return 1;
	*list = grown;
	grown[(*nr)++] = s;
	return 0;
}

/* 0 to go on, -1 for --help (exit 0), else the exit status. */
static int parse_opts(int argc, char **argv, struct compare_opts *o)
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "metric", required_argument, NULL, 'm' },
		{ "bench", required_argument, NULL, 'b' },
		{ "case", required_argument, NULL, 'c' },
		{ "allow-incomplete", no_argument, NULL, 'i' },
		{ "designs", no_argument, NULL, 'd' },
		{ "base-design", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret = 0;

	optind = 0;	/* a fresh scan: tests call this more than once */
	while (!ret && (c = getopt_long(argc, argv, "f:m:b:h", longs, NULL)) != -1) {
		switch (c) {
		case 'f': ret = parse_format(optarg, &o->format); break;
		case 'm': ret = cmp_filter_add(&o->filter.metrics, &o->filter.nr_metrics, optarg); break;
		case 'b': ret = cmp_filter_add(&o->filter.benches, &o->filter.nr_benches, optarg); break;
		case 'c': ret = cmp_filter_add(&o->filter.cases, &o->filter.nr_cases, optarg); break;
		case 'i': o->allow_incomplete = true; break;
		case 'd': o->by_design = true; break;
		case 'B': o->base_design = optarg; o->by_design = true; break;
		case 'h': printf("%s", usage); return -1;
		default: fprintf(stderr, "%s", usage); return 2;
		}
	}
	if (!ret && o->by_design && argc - optind != 1) {
		fprintf(stderr, "pinbench compare: --designs takes one run\n%s", usage);
		return 2;
	}
	if (!ret && !o->by_design && argc - optind < 2) {
		fprintf(stderr, "pinbench compare: needs two runs at least\n%s", usage);
		return 2;
	}
	return ret;
}

static int check_complete(const struct run *runs, size_t nr, bool allow)
{
	for (size_t i = 0; i < nr && !allow; i++) {
		if (strcmp(runs[i].status, "complete")) {
			fprintf(stderr, "pinbench compare: %s is not complete (status '%s'%s%s);"
				" --allow-incomplete compares it anyway\n", runs[i].dir,
				runs[i].status, *runs[i].status_reason ? ": " : "",
				runs[i].status_reason);
			return 2;
		}
	}
	return 0;
}

static int compare_table(const struct run *runs, size_t nr, const struct compare_opts *o,
			 FILE *out, char *err, size_t errlen)
{
	struct comparison c;
	int ret = comparison_build(&c, runs, nr, &o->filter, err, errlen);

	if (!ret) {
		comparison_print(out, &c, o->format);
		comparison_free(&c);
	}
	return ret;
}

/* One run's designs side by side, as if each were a run. */
static int compare_designs(const struct run *run, const struct compare_opts *o, FILE *out,
			   char *err, size_t errlen)
{
	struct run *cols;
	size_t nr;
	int ret;

	if (runs_by_design(run, o->base_design, &cols, &nr, err, errlen))
		return 2;
	ret = compare_table(cols, nr, o, out, err, errlen);
	runs_free(cols, nr);
	free(cols);
	return ret;
}

static int compare_runs(char **dirs, size_t nr, const struct compare_opts *o, FILE *out)
{
	struct run *runs = calloc(nr, sizeof(*runs));
	char err[512] = "";
	int ret;

	if (!runs || runs_load(dirs, nr, runs, err, sizeof(err))) {
		fprintf(stderr, "pinbench compare: %s\n", runs ? err : "out of memory");
		free(runs);
		return 2;
	}
	ret = check_complete(runs, nr, o->allow_incomplete);
	if (!ret)
		ret = o->by_design ? compare_designs(&runs[0], o, out, err, sizeof(err))
				   : compare_table(runs, nr, o, out, err, sizeof(err));
	if (ret && *err)
		fprintf(stderr, "pinbench compare: %s\n", err);
	runs_free(runs, nr);
	free(runs);
	return ret;
}

int compare_main(int argc, char **argv, FILE *out)
{
	struct compare_opts o = { .format = CMP_TEXT };
	int ret = parse_opts(argc, argv, &o);

	if (!ret)
		ret = compare_runs(argv + optind, (size_t)(argc - optind), &o, out);
	free(o.filter.metrics);
	free(o.filter.cases);
	free(o.filter.benches);
	return ret < 0 ? 0 : ret;
}

int cmd_compare(int argc, char **argv)
{
	return compare_main(argc, argv, stdout);
}
