// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/compare_fmt.c - the comparison as text (80 columns, for an
 * e-mail), markdown or TSV.
 *
 * Text cells follow mmtests' compare-kernels: "value (change%)", and
 * "value *change%*" when the change is significant.  When the runs do not
 * fit 80 columns, the table is printed again for each group of runs, each
 * with the baseline first.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "core/results.h"

#define TEXT_WIDTH 80
#define STAT_W 9	/* "CoeffVar " */
#define VALUE_W 10
#define CHANGE_W 11	/* "(  -12.34%)" */
#define CELL_MIN_W (VALUE_W + 1 + CHANGE_W)

static const enum cmp_stat row_order[] = {
	CMP_MIN, CMP_MEAN, CMP_MEDIAN, CMP_STDDEV, CMP_CV, CMP_MAX, CMP_N,
};
#define NR_ROWS (sizeof(row_order) / sizeof(row_order[0]))

/* ---- cell text, shared by every format -------------------------------- */
static void format_number(double v, char *out, size_t len)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(out, len, "NA");
	else if (v == 0 || (a >= 0.1 && a < 1e7))
		snprintf(out, len, "%.2f", v);
	else
		snprintf(out, len, "%.4g", v);
}

static void format_value(const struct cmp_cell *cell, enum cmp_stat stat,
			 char *out, size_t len)
{
	if (!cell->present)
		snprintf(out, len, "-");
	else if (stat == CMP_N)
		snprintf(out, len, "%.0f", cell->value);
	else
		format_number(cell->value, out, len);
}

/* "(  -12.34%)", "*  -12.34%*" when significant, "" when there is none. */
static void format_change(const struct cmp_cell *cell, char *out, size_t len)
{
	char num[32];
	char open = cell->significant ? '*' : '(';
	char close = cell->significant ? '*' : ')';

	if (!cell->present || isnan(cell->change)) {
		*out = 0;
		return;
	}
	if (isinf(cell->change))
		snprintf(num, sizeof(num), "%8s", cell->change > 0 ? "+inf" : "-inf");
	else if (fabs(cell->change) < 0.005)
		snprintf(num, sizeof(num), "%8.2f", 0.0);	/* no "-0.00" */
	else if (fabs(cell->change) < 1e4)
		snprintf(num, sizeof(num), "%8.2f", cell->change);
	else
		snprintf(num, sizeof(num), "%8.1e", cell->change);
	snprintf(out, len, "%c%s%%%c", open, num, close);
}

static void op_label(const struct cmp_op *op, char *out, size_t len)
{
	const char *design = strcmp(op->key->design, "-") ? op->key->design : "";
	const char *case_ = strcmp(op->key->case_, "-") ? op->key->case_ : "";

	snprintf(out, len, "%s%s%s", design, *design && *case_ ? " " : "", case_);
	if (!*out)
		snprintf(out, len, "-");
}

static const char *better_word(const struct series *s)
{
	return s->higher_better ? "higher" : "lower";
}

static bool new_block(const struct cmp_op *ops, size_t i)
{
	return i == 0 || strcmp(ops[i].key->bench, ops[i - 1].key->bench) ||
	       strcmp(ops[i].key->metric, ops[i - 1].key->metric);
}

static bool new_group(const struct cmp_op *ops, size_t i)
{
	return i == 0 || strcmp(ops[i].key->bench, ops[i - 1].key->bench) ||
	       strcmp(ops[i].key->design, ops[i - 1].key->design) ||
	       strcmp(ops[i].key->case_, ops[i - 1].key->case_);
}

static const char *vmstat_name(const struct cmp_op *op)
{
	return series_vmstat_name(op->key);
}

/* ---- text ------------------------------------------------------------- */
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

		op_label(&ops[i], label, sizeof(label));
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

	format_value(cell, stat, value, sizeof(value));
	format_change(cell, change, sizeof(change));
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

		if (new_block(c->ops, i))
			fprintf(out, "%s%s %s (%s, %s is better)\n", i ? "\n" : "",
				op->key->bench, op->key->metric, op->key->unit,
				better_word(op->key));
		op_label(op, label, sizeof(label));
		for (size_t k = 0; k < NR_ROWS; k++) {
			text_row_start(out, &line, l, cmp_stat_name(op, row_order[k]),
				       label, l->main_w, k == 0);
			for (size_t j = 0; j < nr_cols; j++) {
				struct cmp_cell cell = cmp_cell(c, op, row_order[k], cols[j]);

				text_cell(&line, l, &cell, row_order[k]);
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
		if ((int)strlen(vmstat_name(&c->vmstat[i])) > w)
			w = (int)strlen(vmstat_name(&c->vmstat[i]));
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

		if (new_group(c->vmstat, i)) {
			snprintf(label, sizeof(label), "%s ", op->key->bench);
			op_label(op, label + strlen(label), sizeof(label) - strlen(label));
			print_wrapped(out, label, 0);
		}
		if ((int)strlen(vmstat_name(op)) > left_w)
			fprintf(out, "%s\n", vmstat_name(op));
		else
			line_add(&line, "%s", vmstat_name(op));
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
		"Mann-Whitney's rank test (on the samples).\n"
		"Hmean for rates, Amean for costs; CoeffVar in %%; N: samples used.\n");
	for (size_t r = 0; r < c->nr_runs; r++)
		if (strcmp(c->runs[r].status, "complete"))
			fprintf(out, "NOTE: %s is %s: %s\n", c->runs[r].name,
				*c->runs[r].status ? c->runs[r].status : "of unknown status",
				c->runs[r].status_reason);
}

static void print_text(FILE *out, const struct comparison *c)
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

/* ---- markdown --------------------------------------------------------- */
static void md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("|*_`\\", *s))
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void md_table_head(FILE *out, const struct comparison *c, const char *first)
{
	fprintf(out, "\n| %s | Case |", first);
	for (size_t r = 0; r < c->nr_runs; r++) {
		fputc(' ', out);
		md_text(out, c->runs[r].name);
		fprintf(out, " |");
	}
	fprintf(out, "\n|---|---|");
	for (size_t r = 0; r < c->nr_runs; r++)
		fprintf(out, "--:|");
	fputc('\n', out);
}

static void md_cell(FILE *out, const struct cmp_cell *cell, enum cmp_stat stat)
{
	char value[64], change[64];
	char *num = change + 1;

	format_value(cell, stat, value, sizeof(value));
	format_change(cell, change, sizeof(change));
	fprintf(out, " %s", value);
	if (*change) {
		change[strlen(change) - 1] = 0;
		num += strspn(num, " ");
		fprintf(out, cell->significant ? " \\*%s\\*" : " (%s)", num);
	}
	fprintf(out, " |");
}

static void md_ops(FILE *out, const struct comparison *c)
{
	for (size_t i = 0; i < c->nr_ops; i++) {
		const struct cmp_op *op = &c->ops[i];
		char label[512];

		if (new_block(c->ops, i)) {
			fprintf(out, "\n**%s** %s (%s, %s is better)\n", op->key->bench,
				op->key->metric, op->key->unit, better_word(op->key));
			md_table_head(out, c, "Stat");
		}
		op_label(op, label, sizeof(label));
		for (size_t k = 0; k < NR_ROWS; k++) {
			fprintf(out, "| %s | ", cmp_stat_name(op, row_order[k]));
			md_text(out, label);
			fprintf(out, " |");
			for (size_t r = 0; r < c->nr_runs; r++) {
				struct cmp_cell cell = cmp_cell(c, op, row_order[k], r);

				md_cell(out, &cell, row_order[k]);
			}
			fputc('\n', out);
		}
	}
}

static void md_vmstat(FILE *out, const struct comparison *c)
{
	if (!c->nr_vmstat)
		return;
	fprintf(out, "\n**/proc/vmstat deltas** (mean per rep)\n");
	md_table_head(out, c, "Counter");
	for (size_t i = 0; i < c->nr_vmstat; i++) {
		const struct cmp_op *op = &c->vmstat[i];
		char label[512];

		op_label(op, label, sizeof(label));
		fprintf(out, "| %s | %s ", vmstat_name(op), op->key->bench);
		md_text(out, label);
		fprintf(out, " |");
		for (size_t r = 0; r < c->nr_runs; r++) {
			struct cmp_cell cell = cmp_cell(c, op, CMP_MEAN, r);

			cell.change = NAN;
			md_cell(out, &cell, CMP_MEAN);
		}
		fputc('\n', out);
	}
}

static void print_markdown(FILE *out, const struct comparison *c)
{
	md_ops(out, c);
	md_vmstat(out, c);
	fprintf(out, "\nChange against the first run in parentheses; positive is better. "
		"\\*x%%\\*: the runs differ at 95%% (Amean: Welch's t-test; Median: "
		"Mann-Whitney's rank test). "
		"CoeffVar in %%; N: samples used.\n");
}

/* ---- TSV: one row per statistic, op and run --------------------------- */
static void tsv_field(FILE *out, const char *s, char sep)
{
	char buf[1024];

	results_escape(s, buf, sizeof(buf));
	fprintf(out, "%s%c", buf, sep);
}

static void tsv_rows(FILE *out, const struct comparison *c, const struct cmp_op *op,
		     const char *section, enum cmp_stat stat)
{
	for (size_t r = 0; r < c->nr_runs; r++) {
		struct cmp_cell cell = cmp_cell(c, op, stat, r);
		char value[64] = "-", change[64] = "NA", p[64] = "NA";

		if (cell.present)
			results_format_value(cell.value, value, sizeof(value));
		if (!isnan(cell.change))
			snprintf(change, sizeof(change), "%.4f", cell.change);
		if (stat == CMP_MEAN && !isnan(op->p[r]))
			results_format_value(op->p[r], p, sizeof(p));
		if (stat == CMP_MEDIAN && !isnan(op->p_rank[r]))
			results_format_value(op->p_rank[r], p, sizeof(p));
		tsv_field(out, section, '\t');
		tsv_field(out, cmp_stat_name(op, stat), '\t');
		tsv_field(out, op->key->bench, '\t');
		tsv_field(out, op->key->design, '\t');
		tsv_field(out, op->key->case_, '\t');
		tsv_field(out, op->key->metric, '\t');
		tsv_field(out, op->key->unit, '\t');
		tsv_field(out, better_word(op->key), '\t');
		tsv_field(out, c->runs[r].name, '\t');
		fprintf(out, "%s\t%s\t%s\t%s\n", value, change,
			cell.significant ? "yes" : "no", p);
	}
}

static void print_tsv(FILE *out, const struct comparison *c)
{
	fprintf(out, "section\tstat\tbench\tdesign\tcase\tmetric\tunit\tbetter\trun\t"
		"value\tchange_pct\tsignificant\tp\n");
	for (size_t i = 0; i < c->nr_ops; i++)
		for (size_t k = 0; k < NR_ROWS; k++)
			tsv_rows(out, c, &c->ops[i], "main", row_order[k]);
	for (size_t i = 0; i < c->nr_vmstat; i++)
		tsv_rows(out, c, &c->vmstat[i], "vmstat", CMP_MEAN);
}

void comparison_print(FILE *out, const struct comparison *c, enum cmp_format fmt)
{
	if (fmt == CMP_MARKDOWN)
		print_markdown(out, c);
	else if (fmt == CMP_TSV)
		print_tsv(out, c);
	else
		print_text(out, c);
}
