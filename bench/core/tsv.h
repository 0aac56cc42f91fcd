/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/tsv.h - the one TSV dialect of run directories, for the writer
 * (core/results.c) and every reader (core/results_read.c, report/runs.c,
 * summaries, tests): tab-separated fields, one row a line, tabs, newlines,
 * carriage returns and backslashes inside a field escaped as \t \n \r \\,
 * a missing value written NA.
 */
#ifndef PINBENCH_TSV_H
#define PINBENCH_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TSV_NA "NA"

/* Escaping used in every field, and its inverse; out is cut to outlen. */
void tsv_escape(const char *in, char *out, size_t outlen);
void tsv_unescape(const char *in, char *out, size_t outlen);
/* Formats a value as the files do: %.6g, or NA for NaN. */
void tsv_format_value(double v, char *out, size_t outlen);
/* Parses a value: NA -> NaN.  Returns false on junk. */
bool tsv_parse_value(const char *s, double *v);

/* One row: the fields escaped, tab-separated, a newline after; NULL is "". */
void tsv_write_row(FILE *f, const char *const *fields, size_t nr);

/* One line (its newline dropped) into malloc'd unescaped fields. */
char **tsv_split_line(char *line, size_t *nr);
void tsv_fields_free(char **fields, size_t nr);

/* A whole file with a header line: a table of unescaped strings. */
struct tsv_table {
	size_t nr_rows, nr_cols;
	char **header;		/* nr_cols */
	char ***rows;		/* nr_rows x nr_cols */
};
/*
 * Reads a whole table: 0, or -errno with err set.  Only a regular file of
 * at most TSV_MAX_BYTES is read (a FIFO or a link to /dev/zero in a run
 * directory must not hang or swallow the reader), and its last line must
 * end in a newline (one cut short is a partial write).
 */
int tsv_read(const char *path, struct tsv_table *t, char *err, size_t errlen);
#define TSV_MAX_BYTES (1024L * 1024 * 1024)
/* path opened for reading if it is a regular file within TSV_MAX_BYTES. */
FILE *tsv_open_regular(const char *path, char *err, size_t errlen);
void tsv_free(struct tsv_table *t);
int tsv_column(const struct tsv_table *t, const char *name);	/* -1 if absent */

#endif
