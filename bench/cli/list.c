// SPDX-License-Identifier: GPL-2.0
/* bench/cli/list.c - `pinbench list`: benchmarks and designs, a line each. */
#include "cli/commands.h"
#include "core/registry.h"
#include "kernels/pin_design.h"

#include <stdio.h>
#include <string.h>

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

/* A primary design's params, as its table declares them. */
static void list_design_params(const char *name, const struct pin_design_ops *ops)
{
	char syntax[160];

	for (const struct pin_design_param *p = ops->params; p && p->name; p++) {
		pin_design_param_syntax(p, syntax, sizeof(syntax));
		printf("  %-22s   %s:%s=%s  %s", "", name, p->name, syntax, p->help);
		printf(p->def ? " (default %s)\n" : "\n", p->def);
	}
}

static void list_designs(void)
{
	printf("\nDesigns (pinbench run -d NAME; default: the primary ones, marked *):\n");
	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);
		const struct pin_design_ops *ops = pin_design_find(v->spec, NULL);

		printf("%s %-22s %s\n", v->primary ? "*" : " ", v->name,
		       pin_design_variant_summary(v));
		if (v->primary && ops)
			list_design_params(v->name, ops);
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
