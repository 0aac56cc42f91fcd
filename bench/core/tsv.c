// SPDX-License-Identifier: GPL-2.0
/* The TSV dialect of run directories (tsv.h): escaping, NA, rows, tables. */
#include "core/tsv.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The escape letter of c, or 0 when c stands for itself. */
static char escape_of(char c)
{
	return c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\\' ? '\\' : 0;
}

void tsv_escape(const char *in, char *out, size_t outlen)
{
	size_t k = 0;

	for (; *in && k + 2 < outlen; in++) {
		char e = escape_of(*in);

		if (e) {
			out[k++] = '\\';
			out[k++] = e;
		} else {
			out[k++] = *in;
		}
	}
	out[k] = 0;
}

void tsv_unescape(const char *in, char *out, size_t outlen)
{
	size_t k = 0;

	for (; *in && k + 1 < outlen; in++) {
		if (*in == '\\' && in[1]) {
			in++;
			out[k++] = *in == 't' ? '\t' : *in == 'n' ? '\n' : *in == 'r' ? '\r' : *in;
		} else {
			out[k++] = *in;
		}
	}
	out[k] = 0;
}

/*
 * Six significant digits where they give the value back exactly (what a
 * timing needs), more where they do not: a count of 5,505,024 pages must
 * not come back as 5.50502e+06.
 */
void tsv_format_value(double v, char *out, size_t outlen)
{
	if (isnan(v)) {
		snprintf(out, outlen, TSV_NA);
		return;
	}
	for (int digits = 6; digits <= 17; digits++) {
		snprintf(out, outlen, "%.*g", digits, v);
		if (strtod(out, NULL) == v)
			return;
	}
}

bool tsv_parse_value(const char *s, double *v)
{
	char *end;

	if (!strcmp(s, TSV_NA)) {
		*v = NAN;
		return true;
	}
	errno = 0;
	*v = strtod(s, &end);
	return end != s && !*end && !errno;
}

static void write_field(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		char e = escape_of(*s);

		if (e) {
			fputc('\\', f);
			fputc(e, f);
		} else {
			fputc(*s, f);
		}
	}
}

void tsv_write_row(FILE *f, const char *const *fields, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		write_field(f, fields[i]);
		fputc(i + 1 < nr ? '\t' : '\n', f);
	}
}

char **tsv_split_line(char *line, size_t *nr)
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
		tsv_unescape(raw, f[n++], len + 1);
		free(raw);
		if (!tab)
			break;
		save = tab + 1;
	}
	*nr = n;
	return f;
}

void tsv_fields_free(char **fields, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(fields[i]);
	free(fields);
}

static int add_row(struct tsv_table *t, char **fields, size_t n, size_t *cap)
{
	if (n != t->nr_cols) {
		tsv_fields_free(fields, n);
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

FILE *tsv_open_regular(const char *path, char *err, size_t errlen)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), saved;
	const char *why = NULL;
	struct stat st;
	FILE *f;

	if (fd < 0) {
		saved = errno;
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(saved));
		errno = saved;
		return NULL;
	}
	if (fstat(fd, &st))
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size > TSV_MAX_BYTES)
		why = "larger than 1 GiB";
	if (why || !(f = fdopen(fd, "r"))) {
		snprintf(err, errlen, "cannot read %s: %s", path, why ? why : strerror(errno));
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	return f;
}

int tsv_read(const char *path, struct tsv_table *t, char *err, size_t errlen)
{
	FILE *f = tsv_open_regular(path, err, errlen);
	char *line = NULL;
	size_t len = 0, cap = 0, lineno = 0;
	ssize_t got;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (!f)
		return -errno;
	while ((got = getline(&line, &len, f)) > 0) {
		size_t n;
		char **fields;

		lineno++;
		if (line[got - 1] != '\n') {
			snprintf(err, errlen, "%s:%zu: last line cut short (no newline at its end)",
				 path, lineno);
			ret = -EINVAL;
			break;
		}
		fields = tsv_split_line(line, &n);
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
		tsv_fields_free(t->rows[i], t->nr_cols);
	free(t->rows);
	if (t->header)
		tsv_fields_free(t->header, t->nr_cols);
	memset(t, 0, sizeof(*t));
}

int tsv_column(const struct tsv_table *t, const char *name)
{
	for (size_t i = 0; i < t->nr_cols; i++)
		if (!strcmp(t->header[i], name))
			return (int)i;
	return -1;
}
