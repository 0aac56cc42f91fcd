// SPDX-License-Identifier: GPL-2.0
/*
 * pinbench: a benchmark suite and study of how Linux tracks pinned pages.
 * Subcommands in the style of `perf bench`.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "list", cmd_list, "benchmarks and designs, one line each" },
	{ "run", cmd_run, "run benchmarks into a run directory" },
	{ "compare", cmd_compare, "compare runs (baseline first) as cover-letter tables" },
	{ "plot", cmd_plot, "gnuplot figures (PNG, SVG, text) of runs" },
	{ "report", cmd_report, "a cover letter of runs: headline tables and figures" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: pinbench [--help] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'pinbench COMMAND --help' describes one command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "pinbench: unknown command '%s' (valid: list, run, compare, plot, report)\n", argv[1]);
	return 2;
}
