// SPDX-License-Identifier: GPL-2.0
/*
 * pinbench: a benchmark suite and study of how Linux tracks pinned pages.
 * Subcommands in the style of `perf bench`.
 */
#include "commands.h"
#include "pin_design.h"
#include "registry.h"

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
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	fprintf(out, "usage: pinbench [--help] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'pinbench COMMAND --help' describes one command.\n");
}

/* Until the compare/plot commands are built into this tree. */
__attribute__((weak)) int cmd_compare(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "pinbench compare: not part of this build\n");
	return 1;
}

__attribute__((weak)) int cmd_plot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "pinbench plot: not part of this build\n");
	return 1;
}

static void list_benches(void)
{
	printf("Benchmarks (pinbench run -b NAME):\n");
	for (size_t i = 0; i < bench_count(); i++) {
		const struct bench *b = bench_at(i);

		printf("  %-18s %s\n", b->name, b->summary);
		for (const struct bench_param_desc *p = b->params; p && p->name; p++)
			printf("  %-18s   --param %s.%s=...  %s\n", "", b->name, p->name, p->help);
	}
}

static void list_designs(void)
{
	printf("\nDesigns (pinbench run -d NAME; default: the primary ones, marked *):\n");
	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);

		printf("%s %-22s %s\n", v->primary ? "*" : " ", v->name, v->summary);
	}
}

int cmd_list(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: pinbench list\nLists benchmarks and designs with a line each.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "pinbench list: unexpected argument '%s' (it takes none)\n", argv[1]);
		return 2;
	}
	list_benches();
	list_designs();
	return 0;
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
	fprintf(stderr, "pinbench: unknown command '%s' (valid: list, run, compare, plot)\n", argv[1]);
	return 2;
}
