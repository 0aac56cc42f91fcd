// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cli/report.c - `pinbench report RUN_A RUN_B [RUN...]`: a cover
 * letter (report/letter.h) written as DIR/letter.txt and DIR/letter.md
 * with its figures beside them, and printed.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "report/letter.h"
#include "core/results.h"
#include "cli/commands.h"

static const char usage[] =
	"usage: pinbench report [-o DIR] [--format text|markdown] [--allow-incomplete]\n"
	"                       RUN_A RUN_B [RUN...]\n"
	"A cover letter for a patch mail, 80 columns: what was compared, each\n"
	"benchmark's headline rows, the other rows whose median changed\n"
	"significantly and by more than the noise, and up to 8 figures.  Writes\n"
	"DIR/letter.txt, DIR/letter.md and the figures (DIR defaults to\n"
	"report-<A>-vs-<B>); prints the letter in --format (text).\n";

struct report_opts {
	const char *dir;
	bool markdown, allow_incomplete;
	char dflt[4200];
};

/* 0 to go on, -1 for --help, else the exit status. */
static int parse_opts(int argc, char **argv, struct report_opts *o)
{
	static const struct option longs[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "allow-incomplete", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:f:h", longs, NULL)) != -1) {
		switch (c) {
		case 'o': o->dir = optarg; break;
		case 'f':
			o->markdown = !strcmp(optarg, "markdown");
			if (o->markdown || !strcmp(optarg, "text"))
				break;
			fprintf(stderr, "pinbench report: unknown format '%s' (text, markdown)\n",
				optarg);
			return 2;
		case 'i': o->allow_incomplete = true; break;
		case 'h': printf("%s", usage); return -1;
		default: fprintf(stderr, "%s", usage); return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "pinbench report: needs two runs at least\n%s", usage);
		return 2;
	}
	return 0;
}

static int write_file(const struct letter *l, const char *dir, const char *name,
		      bool markdown)
{
	char path[4400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "pinbench report: cannot write %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (markdown)
		letter_print_markdown(f, l);
	else
		letter_print_text(f, l);
	return fclose(f) ? 1 : 0;
}

static int write_letter(struct letter *l, const struct report_opts *o, FILE *out)
{
	char err[1024] = "";

	if (results_mkdirs(o->dir)) {
		fprintf(stderr, "pinbench report: cannot create %s: %s\n", o->dir, strerror(errno));
		return 1;
	}
	if (letter_figures(l, o->dir, err, sizeof(err))) {
		fprintf(stderr, "pinbench report: figures: %s\n", err);
		return 1;
	}
	if (*err)
		fprintf(stderr, "pinbench report: %s\n", err);
	if (write_file(l, o->dir, "letter.txt", false) || write_file(l, o->dir, "letter.md", true))
		return 1;
	if (o->markdown)
		letter_print_markdown(out, l);
	else
		letter_print_text(out, l);
	fprintf(stderr, "pinbench report: letter.txt, letter.md and %zu figure%s in %s\n",
		l->nr_figures, l->nr_figures == 1 ? "" : "s", o->dir);
	return 0;
}

static int check_complete(const struct run *runs, size_t nr, bool allow)
{
	for (size_t i = 0; i < nr && !allow; i++) {
		if (strcmp(runs[i].status, "complete")) {
			fprintf(stderr, "pinbench report: %s is not complete (status '%s');"
				" --allow-incomplete reports it anyway\n", runs[i].dir,
				runs[i].status);
			return 2;
		}
	}
	return 0;
}

static int report_runs(char **dirs, size_t nr, struct report_opts *o, FILE *out)
{
	struct run *runs = calloc(nr, sizeof(*runs));
	char err[512] = "";
	struct letter l;
	int ret;

	if (!runs || runs_load(dirs, nr, runs, err, sizeof(err))) {
		fprintf(stderr, "pinbench report: %s\n", runs ? err : "out of memory");
		free(runs);
		return 2;
	}
	runs_name_by_label(runs, nr);	/* legends: the labels, when they differ */
	ret = check_complete(runs, nr, o->allow_incomplete);
	if (!ret && (ret = letter_build(&l, runs, nr, err, sizeof(err))))
		fprintf(stderr, "pinbench report: %s\n", err);
	if (!ret) {
		ret = write_letter(&l, o, out);
		letter_free(&l);
	}
	runs_free(runs, nr);
	free(runs);
	return ret;
}

static void default_dir(struct report_opts *o, char *a, char *b)
{
	snprintf(o->dflt, sizeof(o->dflt), "report-%s-vs-%s", basename(a), basename(b));
	o->dir = o->dflt;
}

int report_main(int argc, char **argv, FILE *out)
{
	struct report_opts o = { .dir = NULL };
	int ret = parse_opts(argc, argv, &o);
	char a[4096], b[4096];

	if (ret)
		return ret < 0 ? 0 : ret;
	if (!o.dir) {
		snprintf(a, sizeof(a), "%s", argv[optind]);
		snprintf(b, sizeof(b), "%s", argv[optind + 1]);
		default_dir(&o, a, b);
	}
	return report_runs(argv + optind, (size_t)(argc - optind), &o, out);
}

int cmd_report(int argc, char **argv)
{
	return report_main(argc, argv, stdout);
}
