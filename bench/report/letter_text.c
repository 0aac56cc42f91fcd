// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/letter_text.c - the cover letter as 80-column text, to paste
 * into a patch mail: what was compared, the headline rows, the other rows
 * that moved, the figures.
 */
#include <stdbool.h>
#include <string.h>

#include "report/letter.h"

#define WIDTH 80
#define LABEL_W 22

/* Where text may break: after a blank, or after a comma (case items). */
static size_t piece_len(const char *text)
{
	size_t n = strcspn(text, " ,");

	return text[n] == ',' ? n + 1 : n;
}

/* text wrapped at blanks and commas: the first line after first, the rest indented. */
static void wrap(FILE *out, const char *first, int indent, const char *text)
{
	int col = fprintf(out, "%s", first);
	bool empty = true;	/* nothing of text on this line yet */
	bool glued = false;	/* the last piece ended in a comma: no blank after it */

	while (*text) {
		size_t word = piece_len(text);
		int gap = empty || glued ? 0 : 1;

		if (!empty && col + gap + (int)word > WIDTH) {
			col = fprintf(out, "\n%*s", indent, "") - 1;
			empty = true;
			gap = 0;
		}
		col += fprintf(out, "%*s", gap, "");
		/* A word longer than a line is cut where the line ends. */
		while ((int)word > WIDTH - col && WIDTH - col > 0) {
			int fit = WIDTH - col;

			fprintf(out, "%.*s\n%*s", fit, text, indent, "");
			text += fit;
			word -= (size_t)fit;
			col = indent;
		}
		col += fprintf(out, "%.*s", (int)word, text);
		glued = text[word - 1] == ',' && text[word] != ' ';
		empty = false;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

static const char *short_name(const struct letter_run *lr)
{
	return *lr->label ? lr->label : lr->run->name;
}

static void print_run(FILE *out, const struct letter_run *lr, size_t r)
{
	char head[512], machine[512];

	snprintf(head, sizeof(head), "%c%s: ", letter_run_id(r), r ? "" : " (baseline)");
	wrap(out, head, 2, short_name(lr));
	letter_fmt_machine(lr, machine, sizeof(machine));
	wrap(out, "  machine: ", 4, machine);
	fprintf(out, "  kernel %s, %s mode, seed %s, pinbench %s\n", lr->kernel,
		*lr->mode ? lr->mode : "?", *lr->seed ? lr->seed : "?", lr->rev);
	fprintf(out, "  load at start: %s; virt: %s%s%s\n",
		*lr->load ? lr->load : "not recorded", *lr->virt ? lr->virt : "none",
		*lr->date ? "; date " : "", lr->date);
	wrap(out, "  dir: ", 4, lr->run->dir);
	wrap(out, "  command: ", 4, lr->cmdline);
}

static void print_trimmed(FILE *out, const char *line)
{
	size_t len = strlen(line);

	while (len && line[len - 1] == ' ')
		len--;
	fprintf(out, "%.*s\n", (int)len, line);
}

static void print_cells(FILE *out, const struct letter *l, const struct cmp_op *op,
			const char *label)
{
	for (size_t r = 1; r < l->nr_runs; r++) {
		struct letter_cell c;
		char a[32], b[32], change[48], ci[48], name[8], line[160];

		letter_cell(l, op, r, &c);
		letter_fmt_value(c.base, a, sizeof(a));
		letter_fmt_value(c.value, b, sizeof(b));
		if (!c.present)
			snprintf(b, sizeof(b), "-");
		letter_fmt_change(&c, op->key->unit, change, sizeof(change));
		letter_fmt_interval(&c, ci, sizeof(ci));
		snprintf(name, sizeof(name), "  (%c)", letter_run_id(r));
		snprintf(line, sizeof(line), "  %-*.*s %10s %10s %11s %-17s%c", LABEL_W,
			 LABEL_W, r == 1 ? label : name, r == 1 ? a : "", b, change, ci, c.mark);
		print_trimmed(out, line);
	}
}

static void print_block(FILE *out, const struct letter *l, const struct cmp_op *const *rows,
			size_t from, size_t to)
{
	const struct series *k = rows[from]->key;
	char fixed[1024], head[256], label[512];

	snprintf(head, sizeof(head), "%s %s (%s, %s is better)", k->bench, k->metric, k->unit,
		 k->higher_better ? "higher" : "lower");
	wrap(out, "", 2, head);
	letter_fixed_items(rows, from, to, fixed, sizeof(fixed));
	if (*fixed)
		wrap(out, "  with ", 4, fixed);
	for (size_t i = from; i < to; i++) {
		letter_row_label(rows, from, to, i, label, sizeof(label));
		if (strlen(label) > LABEL_W) {
			wrap(out, "  ", 4, label);
			*label = 0;
		}
		print_cells(out, l, rows[i], label);
	}
}

static void print_rows(FILE *out, const struct letter *l, const struct cmp_op *const *rows,
		       size_t nr)
{
	fprintf(out, "  %-*s %10s %10s %11s %s\n", LABEL_W, "median of", "A",
		l->nr_runs > 2 ? "B, C..." : "B", "change", "95% interval");
	for (size_t i = 0; i < nr;) {
		size_t end = letter_block_end(rows, nr, i);

		if (i && strcmp(rows[i]->key->bench, rows[i - 1]->key->bench))
			fputc('\n', out);
		print_block(out, l, rows, i, end);
		i = end;
	}
}

static void print_title(FILE *out, const struct letter *l)
{
	char title[1024];
	size_t off = 0;

	for (size_t r = l->nr_runs; r-- > 1;)
		off += (size_t)snprintf(title + off, sizeof(title) - off, "%s%s",
					off ? ", " : "", short_name(&l->runs[r]));
	snprintf(title + off, sizeof(title) - off, " against %s", short_name(&l->runs[0]));
	wrap(out, "pinbench report: ", 2, title);
}

void letter_print_text(FILE *out, const struct letter *l)
{
	print_title(out, l);
	fprintf(out, "\nWhat was compared\n\n");
	for (size_t r = 0; r < l->nr_runs; r++)
		print_run(out, &l->runs[r], r);
	if (l->tcg)
		wrap(out, "\nNote: ", 2, letter_tcg_note);
	fprintf(out, "\nHeadline metrics (each benchmark's own choice)\n");
	wrap(out, "", 0, "Change of the median against A, + is better; the 95% "
	     "interval of the other run's median as a change; * differs at 5% "
	     "(Mann-Whitney); a change from 0 is the difference in the unit.");
	fputc('\n', out);
	print_rows(out, l, (const struct cmp_op *const *)l->head, l->nr_head);
	fprintf(out, "\nOther significant changes\n");
	wrap(out, "", 0, letter_noise_rule);
	fputc('\n', out);
	if (l->nr_other)
		print_rows(out, l, (const struct cmp_op *const *)l->other, l->nr_other);
	else
		fprintf(out, "  none\n");
	if (l->nr_other_found > l->nr_other)
		fprintf(out, "  ... %zu more: pinbench compare --all\n",
			l->nr_other_found - l->nr_other);
	fprintf(out, "\nFigures (PNG, SVG and text)\n");
	for (size_t i = 0; i < l->nr_figures; i++)
		fprintf(out, "  %s.png\n", l->figures[i]);
	if (!l->nr_figures)
		fprintf(out, "  none drawn\n");
}
