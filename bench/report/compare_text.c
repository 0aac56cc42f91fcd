// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/compare_text.c - the comparison as text, 80 columns for an
 * e-mail.  Cells follow mmtests' compare-kernels: "value (change%)", and
 * "value *change%*" when the change is significant.  When the runs do not
 * fit 80 columns, the table is printed again for each group of runs, each
 * with the baseline first.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare_fmt.h"

#define TEXT_WIDTH 80
#define STAT_W 9	/* "CoeffVar " */
#define VALUE_W 10
#define CHANGE_W 11	/* "(  -12.34%)" */
#define CELL_MIN_W (VALUE_W + 1 + CHANGE_W)

struct text_layout {
	int cell_w;
	int left_w;		/* statistic and op label, before the cells */
	int main_w;		/* label width; 0: labels on a line of their own */
	char (*head)[2][128];	/* per run: header lines (top may be "") */
	size_t per_chunk;	/* runs per table, the baseline included */
};

/* A text line built up, then printed without trailing blanks. */
struct line {
	char s[4096];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->s) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->s + l->len, sizeof(l->s) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n;
	if (l->len > sizeof(l->s) - 1)
		l->len = sizeof(l->s) - 1;
}

static void line_print(FILE *out, struct line *l)
{
	while (l->len && l->s[l->len - 1] == ' ')
		l->len--;
	fprintf(out, "%.*s\n", (int)l->len, l->s);
	l->len = 0;
}

/* Long names wrap at the space nearest their middle, never truncated. */
static void split_name(const char *name, char lines[2][128])
{
	size_t len = strlen(name), best = 0;

	lines[0][0] = 0;
	snprintf(lines[1], sizeof(lines[1]), "%s", name);
	if (len <= CELL_MIN_W)
		return;
	for (size_t i = 1; i < len; i++)
		if (name[i] == ' ' && (!best || labs((long)(2 * i) - (long)len) <
					     labs((long)(2 * best) - (long)len)))
			best = i;
	if (!best)
		return;
	snprintf(lines[0], sizeof(lines[0]), "%.*s", (int)best, name);
	snprintf(lines[1], sizeof(lines[1]), "%s", name + best + 1);
}

static int max_label_w(const struct cmp_op *ops, size_t nr)
{
	int w = 0;

	for (size_t i = 0; i < nr; i++) {
		char label[512];

		cmp_op_label(&ops[i], label, sizeof(label));
		if ((int)strlen(label) > w)
			w = (int)strlen(label);
	}
	return w;
}

/* Labels stay in their rows when every run fits beside them. */
static bool labels_inline(const struct comparison *c, int w, int cell_w)
{
	return STAT_W + w + 1 + (int)c->nr_runs * (cell_w + 1) <= TEXT_WIDTH;
}

static void text_layout(const struct comparison *c, struct text_layout *l)
{
	int main_w = max_label_w(c->ops, c->nr_ops);
	int fit;

	l->cell_w = CELL_MIN_W;
	for (size_t r = 0; r < c->nr_runs; r++) {
		split_name(c->runs[r].name, l->head[r]);
		for (int k = 0; k < 2; k++)
			if ((int)strlen(l->head[r][k]) > l->cell_w)
				l->cell_w = (int)strlen(l->head[r][k]);
	}
	l->main_w = labels_inline(c, main_w, l->cell_w) ? main_w : 0;
	l->left_w = STAT_W - 1 + (l->main_w ? l->main_w + 1 : 0);
	fit = (TEXT_WIDTH - l->left_w) / (l->cell_w + 1);
	l->per_chunk = fit < 2 ? 2 : (size_t)fit;
}

static void text_header(FILE *out, const struct text_layout *l, int left_w,
			const size_t *cols, size_t nr_cols)
{
	struct line line = { .len = 0 };

	for (int k = 0; k < 2; k++) {
		bool any = false;

		for (size_t i = 0; i < nr_cols; i++)
			any |= l->head[cols[i]][k][0] != 0;
		if (!any)
			continue;
		line_add(&line, "%*s", left_w, "");
		for (size_t i = 0; i < nr_cols; i++)
			line_add(&line, " %*s", l->cell_w, l->head[cols[i]][k]);
		line_print(out, &line);
	}
}

static void text_cell(struct line *line, const struct text_layout *l,
		      const struct cmp_cell *cell, enum cmp_stat stat)
{
	char value[64], change[64];

	cmp_format_value(cell, stat, value, sizeof(value));
	cmp_format_change(cell, change, sizeof(change));
	line_add(line, " %*s %-*s", l->cell_w - CHANGE_W - 1, value, CHANGE_W, change);
}

/* A label line, broken after commas to stay within 80 columns. */
static void print_wrapped(FILE *out, const char *text, int indent)
{
	int width = TEXT_WIDTH - indent;

	while ((int)strlen(text) > width) {
		int cut = width;

		while (cut > 0 && text[cut - 1] != ',')
			cut--;
		if (!cut)
			break;	/* no comma to break at: one long word stays whole */
		fprintf(out, "%*s%.*s\n", indent, "", cut, text);
		text += cut;
		indent = 3;
		width = TEXT_WIDTH - indent;
	}
	fprintf(out, "%*s%s\n", indent, "", text);
}

/* "Stat     label" padded to the cells, or the label alone on a line first. */
static void text_row_start(FILE *out, struct line *line, const struct text_layout *l,
			   const char *stat, const char *label, int label_w, bool first)
{
	if (!label_w && first)
		print_wrapped(out, label, 1);
	line_add(line, "%-*s", STAT_W - 1, stat);
	if (label_w)
		line_add(line, " %-*s", label_w, label);
	line_add(line, "%*s", l->left_w - (int)line->len, "");
}

static void text_ops(FILE *out, const struct comparison *c, const struct text_layout *l,
		     const size_t *cols, size_t nr_cols)
{
	struct line line = { .len = 0 };

	for (size_t i = 0; i < c->nr_ops; i++) {
		const struct cmp_op *op = &c->ops[i];
		char label[512];
		int shown = 0;

		if (cmp_new_block(c->ops, i))
			fprintf(out, "%s%s %s (%s, %s is better)\n", i ? "\n" : "",
				op->key->bench, op->key->metric, op->key->unit,
				cmp_better_word(op->key));
		cmp_op_label(op, label, sizeof(label));
		for (enum cmp_stat k = 0; k < CMP_NR_STATS; k++) {
			if (!cmp_stat_shown(c, k))
				continue;
			text_row_start(out, &line, l, cmp_stat_name(op, k),
				       label, l->main_w, shown++ == 0);
			for (size_t j = 0; j < nr_cols; j++) {
				struct cmp_cell cell = cmp_cell(c, op, k, cols[j]);

				text_cell(&line, l, &cell, k);
			}
			line_print(out, &line);
		}
	}
}

/* Counter names sit where the statistic goes, as in mmtests' Ops rows. */
static int vmstat_left_w(const struct comparison *c, const struct text_layout *l,
			 size_t nr_cols)
{
	int w = STAT_W - 1;

	for (size_t i = 0; i < c->nr_vmstat; i++)
		if ((int)strlen(series_vmstat_name(c->vmstat[i].key)) > w)
			w = (int)strlen(series_vmstat_name(c->vmstat[i].key));
	return w + (int)nr_cols * (l->cell_w + 1) <= TEXT_WIDTH ? w : STAT_W - 1;
}

static void text_vmstat(FILE *out, const struct comparison *c, const struct text_layout *l,
			const size_t *cols, size_t nr_cols)
{
	int left_w = vmstat_left_w(c, l, nr_cols);
	struct line line = { .len = 0 };

	if (!c->nr_vmstat)
		return;
	fprintf(out, "\n/proc/vmstat deltas (mean per rep)\n");
	text_header(out, l, left_w, cols, nr_cols);
	for (size_t i = 0; i < c->nr_vmstat; i++) {
		const struct cmp_op *op = &c->vmstat[i];
		char label[1024];

		if (cmp_new_group(c->vmstat, i)) {
			snprintf(label, sizeof(label), "%s ", op->key->bench);
			cmp_op_label(op, label + strlen(label), sizeof(label) - strlen(label));
			print_wrapped(out, label, 0);
		}
		if ((int)strlen(series_vmstat_name(op->key)) > left_w)
			fprintf(out, "%s\n", series_vmstat_name(op->key));
		else
			line_add(&line, "%s", series_vmstat_name(op->key));
		line_add(&line, "%*s", left_w - (int)line.len, "");
		for (size_t j = 0; j < nr_cols; j++) {
			struct cmp_cell cell = cmp_cell(c, op, CMP_MEAN, cols[j]);

			cell.change = NAN;	/* counts: no better direction */
			text_cell(&line, l, &cell, CMP_MEAN);
		}
		line_print(out, &line);
	}
}

static void text_footer(FILE *out, const struct comparison *c)
{
	fprintf(out, "\nChange against the first run in parentheses; positive is better.\n"
		"*x%%*: the runs differ at 95%%: on Amean by Welch's t-test, on Median by\n"
		"Mann-Whitney's rank test (on the samples). ~x%%~: so would they, but a run\n"
		"ran under TCG emulation (manifest virt tcg): its times are not measurements.\n"
		"\"N abs\": the first run's value is 0, so the change is the difference.\n"
		"Hmean for rates, Amean for costs; CoeffVar in %%; N: samples used.\n");
	if (c->brief)
		fprintf(out, "Each benchmark's headline rows, Median and CoeffVar: --all shows "
			"every row\nand statistic.\n");
	for (size_t r = 0; r < c->nr_runs; r++)
		if (strcmp(c->runs[r].status, "complete"))
			fprintf(out, "NOTE: %s is %s: %s\n", c->runs[r].name,
				*c->runs[r].status ? c->runs[r].status : "of unknown status",
				c->runs[r].status_reason);
}

void comparison_print_text(FILE *out, const struct comparison *c)
{
	struct text_layout l = { .head = calloc(c->nr_runs, sizeof(*l.head)) };
	size_t *cols = calloc(c->nr_runs, sizeof(*cols));

	if (!l.head || !cols)
		goto out;
	text_layout(c, &l);
	/* Each table: the baseline, then the next runs that fit. */
	for (size_t first = 1; first < c->nr_runs; first += l.per_chunk - 1) {
		size_t nr_cols = 1;

		for (size_t r = first; r < c->nr_runs && nr_cols < l.per_chunk; r++)
			cols[nr_cols++] = r;
		if (first > 1)
			fputc('\n', out);
		text_header(out, &l, l.left_w, cols, nr_cols);
		text_ops(out, c, &l, cols, nr_cols);
		text_vmstat(out, c, &l, cols, nr_cols);
	}
	text_footer(out, c);
out:
	free(l.head);
	free(cols);
}
