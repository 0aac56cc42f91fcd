// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/compare_fmt.c - the comparison as markdown or TSV, and the
 * choice of format (the text: compare_text.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare_fmt.h"
#include "core/tsv.h"

/* ---- markdown: tables for a web page ---------------------------------- */
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

	cmp_format_value(cell, stat, value, sizeof(value));
	cmp_format_change(cell, change, sizeof(change));
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

		if (cmp_new_block(c->ops, i)) {
			fprintf(out, "\n**%s** %s (%s, %s is better)\n", op->key->bench,
				op->key->metric, op->key->unit, cmp_better_word(op->key));
			md_table_head(out, c, "Stat");
		}
		cmp_op_label(op, label, sizeof(label));
		for (enum cmp_stat k = 0; k < CMP_NR_STATS; k++) {
			if (!cmp_stat_shown(c, k))
				continue;
			fprintf(out, "| %s | ", cmp_stat_name(op, k));
			md_text(out, label);
			fprintf(out, " |");
			for (size_t r = 0; r < c->nr_runs; r++) {
				struct cmp_cell cell = cmp_cell(c, op, k, r);

				md_cell(out, &cell, k);
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

		cmp_op_label(op, label, sizeof(label));
		fprintf(out, "| %s | %s ", series_vmstat_name(op->key), op->key->bench);
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
		"Mann-Whitney's rank test); ~x%%~: so would they, but a run's times are "
		"emulated (TCG); N abs: the change from a first value of 0. "
		"CoeffVar in %%; N: samples used.\n");
}

/* ---- TSV: one row per statistic, op and run --------------------------- */
static void tsv_rows(FILE *out, const struct comparison *c, const struct cmp_op *op,
		     const char *section, enum cmp_stat stat)
{
	for (size_t r = 0; r < c->nr_runs; r++) {
		struct cmp_cell cell = cmp_cell(c, op, stat, r);
		char value[64] = "-", change[64] = TSV_NA, p[64] = TSV_NA;
		const char *row[] = {
			section, cmp_stat_name(op, stat), op->key->bench, op->key->design,
			op->key->case_, op->key->metric, op->key->unit,
			cmp_better_word(op->key), c->runs[r].name, value, change,
			cell.significant ? "yes" : "no", p,
		};

		if (cell.present)
			tsv_format_value(cell.value, value, sizeof(value));
		if (!isnan(cell.change))
			snprintf(change, sizeof(change), "%.4f", cell.change);
		if (stat == CMP_MEAN && !isnan(op->p[r]))
			tsv_format_value(op->p[r], p, sizeof(p));
		if (stat == CMP_MEDIAN && !isnan(op->p_rank[r]))
			tsv_format_value(op->p_rank[r], p, sizeof(p));
		tsv_write_row(out, row, sizeof(row) / sizeof(row[0]));
	}
}

static void print_tsv(FILE *out, const struct comparison *c)
{
	fprintf(out, "section\tstat\tbench\tdesign\tcase\tmetric\tunit\tbetter\trun\t"
		"value\tchange_pct\tsignificant\tp\n");
	for (size_t i = 0; i < c->nr_ops; i++)
		for (enum cmp_stat k = 0; k < CMP_NR_STATS; k++)
			tsv_rows(out, c, &c->ops[i], "main", k);
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
		comparison_print_text(out, c);
}
