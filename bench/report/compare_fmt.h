/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/compare_fmt.h - what the formats of a comparison share
 * (compare_cell.c), below compare_text.c and compare_fmt.c.  The rows of
 * each compared op are its statistics in enum cmp_stat order.
 */
#ifndef PINBENCH_REPORT_COMPARE_FMT_H
#define PINBENCH_REPORT_COMPARE_FMT_H

#include <stdbool.h>
#include <stddef.h>

#include "report/compare.h"

/* "12.34", "-" when absent, n as an integer. */
void cmp_format_value(const struct cmp_cell *cell, enum cmp_stat stat,
		      char *out, size_t len);
/* "(  -12.34%)", "*  -12.34%*" when significant, "" when there is none. */
void cmp_format_change(const struct cmp_cell *cell, char *out, size_t len);
/* "design case" of an op, "-" when it has neither. */
void cmp_op_label(const struct cmp_op *op, char *out, size_t len);
const char *cmp_better_word(const struct series *s);
/* ops[i] starts a new (bench, metric) block, a new (bench, design, case) group. */
bool cmp_new_block(const struct cmp_op *ops, size_t i);
bool cmp_new_group(const struct cmp_op *ops, size_t i);

void comparison_print_text(FILE *out, const struct comparison *c);

#endif
