// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/letter_md.c - the cover letter as markdown for a web page:
 * the same choice of rows as the text (report/letter.c), as tables, with
 * the figures shown.
 */
#include <string.h>

#include "report/letter.h"

/* Markdown table cells: '|' escaped, nothing else needs it here. */
static void md(FILE *out, const char *s)
{
	for (; *s; s++)
		fprintf(out, *s == '|' ? "\\|" : "%c", *s);
}

static void md_run(FILE *out, const struct letter_run *lr, size_t r)
{
	char machine[512];

	letter_fmt_machine(lr, machine, sizeof(machine));
	fprintf(out, "| %c%s | ", letter_run_id(r), r ? "" : " (baseline)");
	md(out, lr->run->name);
	fprintf(out, " | ");
	md(out, machine);
	fprintf(out, " | %s, seed %s, pinbench %s, load %s, virt %s | `", lr->mode, lr->seed,
		lr->rev, *lr->load ? lr->load : "not recorded", *lr->virt ? lr->virt : "none");
	md(out, lr->cmdline);
	fprintf(out, "` |\n");
}

static void md_row(FILE *out, const struct letter *l, const struct cmp_op *const *rows,
		   size_t from, size_t to, size_t i)
{
	char label[512], a[32], b[32], change[48], ci[48];

	letter_row_label(rows, from, to, i, label, sizeof(label));
	for (size_t r = 1; r < l->nr_runs; r++) {
		struct letter_cell c;

		letter_cell(l, rows[i], r, &c);
		letter_fmt_value(c.base, a, sizeof(a));
		letter_fmt_value(c.value, b, sizeof(b));
		letter_fmt_change(&c, rows[i]->key->unit, change, sizeof(change));
		letter_fmt_interval(&c, ci, sizeof(ci));
		fprintf(out, "| ");
		md(out, r == 1 ? label : "");
		fprintf(out, " | %c | %s | %s | %s | %s | %s |\n", letter_run_id(r), a,
			c.present ? b : "-", change, ci, c.mark == ' ' ? "" : c.mark == '*' ?
			"\\*" : "~");
	}
}

static void md_rows(FILE *out, const struct letter *l, const struct cmp_op *const *rows,
		    size_t nr)
{
	for (size_t i = 0; i < nr;) {
		size_t end = letter_block_end(rows, nr, i);
		const struct series *k = rows[i]->key;
		char fixed[1024];

		letter_fixed_items(rows, i, end, fixed, sizeof(fixed));
		fprintf(out, "\n**%s %s** (%s, %s is better)%s", k->bench, k->metric, k->unit,
			k->higher_better ? "higher" : "lower", *fixed ? ", with `" : "");
		md(out, fixed);
		fprintf(out, "%s\n\n| row | run | median of A | median | change | "
			"95%% interval | mark |\n|---|---|---:|---:|---:|---:|---|\n",
			*fixed ? "`" : "");
		for (size_t j = i; j < end; j++)
			md_row(out, l, rows, i, end, j);
		i = end;
	}
}

void letter_print_markdown(FILE *out, const struct letter *l)
{
	fprintf(out, "# pinbench report\n\n## What was compared\n\n"
		"| run | name | machine | settings | command |\n|---|---|---|---|---|\n");
	for (size_t r = 0; r < l->nr_runs; r++)
		md_run(out, &l->runs[r], r);
	if (l->tcg)
		fprintf(out, "\n> %s\n", letter_tcg_note);
	fprintf(out, "\n## Headline metrics\n\nChange of the median against A, + is better; "
		"the 95%% interval of the other run's median as a change; \\* differs at 5%% "
		"(Mann-Whitney); a change from 0 is the difference in the unit.\n");
	md_rows(out, l, (const struct cmp_op *const *)l->head, l->nr_head);
	fprintf(out, "\n## Other significant changes\n\n%s\n", letter_noise_rule);
	md_rows(out, l, (const struct cmp_op *const *)l->other, l->nr_other);
	if (!l->nr_other)
		fprintf(out, "\nNone.\n");
	if (l->nr_other_found > l->nr_other)
		fprintf(out, "\n%zu more: `pinbench compare --all`.\n",
			l->nr_other_found - l->nr_other);
	fprintf(out, "\n## Figures\n\n");
	for (size_t i = 0; i < l->nr_figures; i++)
		fprintf(out, "![%s](%s.png) ([SVG](%s.svg), [text](%s.txt))\n\n", l->figures[i],
			l->figures[i], l->figures[i], l->figures[i]);
}
