// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cli/compare.c - `pinbench compare RUN_A RUN_B [RUN...]`: options
 * and glue; the comparison is report/compare.c, its formats
 * report/compare_fmt.c.
 */
#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/headline.h"
#include "cli/commands.h"

static const char usage[] =
	"usage: pinbench compare [--format text|markdown|tsv] [--all] [--metric PATTERN]...\n"
	"                        [--bench NAME]... [--case PATTERN]... [--allow-incomplete]\n"
	"                        RUN_A RUN_B [RUN...]\n"
	"       pinbench compare --designs [--base-design NAME] [...] RUN\n"
	"The first run is the baseline; changes are in percent, positive is better.\n"
	"By default each benchmark's headline rows (`pinbench list`'s benchmarks\n"
	"declare them); --all shows every row, and --bench/--metric/--case show\n"
	"every row they select.\n"
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

/* 0 to go on, -1 for --help (exit 0), else the exit status. */
static int parse_opts(int argc, char **argv, struct compare_opts *o)
{
	static const struct option longs[] = {
		{ "format", required_argument, NULL, 'f' },
		CMP_FILTER_LONGOPTS,
		{ "allow-incomplete", no_argument, NULL, 'i' },
		{ "designs", no_argument, NULL, 'd' },
		{ "base-design", required_argument, NULL, 'B' },
		{ 0 },
	};
	int c, ret = 0;

	optind = 0;	/* a fresh scan: tests call this more than once */
	while (!ret && (c = getopt_long(argc, argv, "f:" CMP_FILTER_SHORTOPTS, longs, NULL)) != -1) {
		switch (c) {
		case 'f': ret = parse_format(optarg, &o->format); break;
		case 'm': case 'b': case 'c': case 'A':
			ret = cmp_filter_option(&o->filter, c, optarg);
			break;
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

/* Some row is there because a benchmark chose it: the view is the headline one. */
static bool chosen_rows(const struct comparison *c, const struct cmp_filter *f)
{
	for (size_t i = 0; i < c->nr_ops && !cmp_filter_shows_all(f); i++)
		if (series_bench_has_headline(c->ops[i].key))
			return true;
	return false;
}

static int compare_table(const struct run *runs, size_t nr, const struct compare_opts *o,
			 FILE *out, char *err, size_t errlen)
{
	struct comparison c;
	int ret = comparison_build(&c, runs, nr, &o->filter, err, errlen);

	if (!ret) {
		c.brief = chosen_rows(&c, &o->filter);
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
	runs_warn_dropped(stderr, "compare", runs, nr);
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

	/* GSL's default handler aborts (a sample of 1e100 in a t-test): off,
	 * a failed statistic is NaN and shows as NA. */
	gsl_set_error_handler_off();
	if (!ret)
		ret = compare_runs(argv + optind, (size_t)(argc - optind), &o, out);
	cmp_filter_free(&o.filter);
	return ret < 0 ? 0 : ret;
}

int cmd_compare(int argc, char **argv)
{
	return compare_main(argc, argv, stdout);
}
