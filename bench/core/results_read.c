// SPDX-License-Identifier: GPL-2.0
/* Reading run directories back: TSV tables and manifest keys. */
#include "core/results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char **split_line(char *line, size_t *nr)
{
	size_t cap = 16, n = 0;
	char **f = malloc(cap * sizeof(*f));
	char *save = line;

	line[strcspn(line, "\n")] = 0;
	for (;;) {
		char *tab = strchr(save, '\t');
		size_t len = tab ? (size_t)(tab - save) : strlen(save);
		char *raw = strndup(save, len);

		if (n == cap && !(f = realloc(f, (cap *= 2) * sizeof(*f))))
			abort();
		f[n] = malloc(len + 1);
		results_unescape(raw, f[n++], len + 1);
		free(raw);
		if (!tab)
			break;
		save = tab + 1;
	}
	*nr = n;
	return f;
}

static void free_fields(char **f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

static int add_row(struct tsv_table *t, char **fields, size_t n, size_t *cap)
{
	if (n != t->nr_cols) {
		free_fields(fields, n);
		return -EINVAL;
	}
	if (t->nr_rows == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		t->rows = realloc(t->rows, *cap * sizeof(*t->rows));
		if (!t->rows)
			abort();
	}
	t->rows[t->nr_rows++] = fields;
	return 0;
}

int tsv_read(const char *path, struct tsv_table *t, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t len = 0, cap = 0, lineno = 0;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -errno;
	}
	while (getline(&line, &len, f) > 0) {
		size_t n;
		char **fields = split_line(line, &n);

		lineno++;
		if (!t->header) {
			t->header = fields;
			t->nr_cols = n;
		} else if (add_row(t, fields, n, &cap)) {
			snprintf(err, errlen, "%s:%zu: %zu fields, header has %zu",
				 path, lineno, n, t->nr_cols);
			ret = -EINVAL;
			break;
		}
	}
	free(line);
	fclose(f);
	if (!ret && !t->header) {
		snprintf(err, errlen, "%s is empty", path);
		ret = -EINVAL;
	}
	if (ret)
		tsv_free(t);
	return ret;
}

void tsv_free(struct tsv_table *t)
{
	for (size_t i = 0; i < t->nr_rows; i++)
		free_fields(t->rows[i], t->nr_cols);
	free(t->rows);
	if (t->header)
		free_fields(t->header, t->nr_cols);
	memset(t, 0, sizeof(*t));
}

int tsv_column(const struct tsv_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_cols; i++)
		if (!strcmp(t->header[i], name))
			return (int)i;
	return -1;
}

/* The manifest has no header line: it is read as rows of two fields. */
char *manifest_read_key(const char *run_dir, const char *key)
{
	char path[4096], *line = NULL, *value = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/manifest.tsv", run_dir);
	if (!(f = fopen(path, "r")))
		return NULL;
	while (!value && getline(&line, &len, f) > 0) {
		size_t n;
		char **fields = split_line(line, &n);

		if (n == 2 && !strcmp(fields[0], key))
			value = strdup(fields[1]);
		free_fields(fields, n);
	}
	free(line);
	fclose(f);
	return value;
}
