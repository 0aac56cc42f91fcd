// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/compare_cell.c - the text of cells and labels, alike in
 * every format of the comparison (compare_fmt.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/compare_fmt.h"

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

void cmp_format_value(const struct cmp_cell *cell, enum cmp_stat stat,
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
void cmp_format_change(const struct cmp_cell *cell, char *out, size_t len)
{
	char num[32];
	char open = cell->significant ? '*' : cell->functional ? '~' : '(';
	char close = cell->significant ? '*' : cell->functional ? '~' : ')';

	if (!cell->present || isnan(cell->change)) {
		*out = 0;
		return;
	}
	if (isinf(cell->change)) {	/* from 0: the difference, no % */
		snprintf(num, sizeof(num), "%+5.3g abs", cell->value);
		snprintf(out, len, "%c%s%c", open, num, close);
		return;
	}
	if (fabs(cell->change) < 0.005)
		snprintf(num, sizeof(num), "%8.2f", 0.0);	/* no "-0.00" */
	else if (fabs(cell->change) < 1e4)
		snprintf(num, sizeof(num), "%8.2f", cell->change);
	else
		snprintf(num, sizeof(num), "%8.1e", cell->change);
	snprintf(out, len, "%c%s%%%c", open, num, close);
}

void cmp_op_label(const struct cmp_op *op, char *out, size_t len)
{
	const char *design = strcmp(op->key->design, "-") ? op->key->design : "";
	const char *case_ = strcmp(op->key->case_, "-") ? op->key->case_ : "";

	snprintf(out, len, "%s%s%s", design, *design && *case_ ? " " : "", case_);
	if (!*out)
		snprintf(out, len, "-");
}

const char *cmp_better_word(const struct series *s)
{
	return s->higher_better ? "higher" : "lower";
}

bool cmp_new_block(const struct cmp_op *ops, size_t i)
{
	return i == 0 || strcmp(ops[i].key->bench, ops[i - 1].key->bench) ||
	       strcmp(ops[i].key->metric, ops[i - 1].key->metric);
}

bool cmp_new_group(const struct cmp_op *ops, size_t i)
{
	return i == 0 || strcmp(ops[i].key->bench, ops[i - 1].key->bench) ||
	       strcmp(ops[i].key->design, ops[i - 1].key->design) ||
	       strcmp(ops[i].key->case_, ops[i - 1].key->case_);
}

bool cmp_stat_shown(const struct comparison *c, enum cmp_stat stat)
{
	/* Brief: the Median, which its rank test marks, and the noise beside it. */
	return !c->brief || stat == CMP_MEDIAN || stat == CMP_CV;
}
