// SPDX-License-Identifier: GPL-2.0
/*
 * The one results writer (format in results.h).  Sample rows are appended to
 * <bench>.tsv as they come; summary.tsv is computed at close by reading the
 * sample files back, so the summary is derived from exactly what was written.
 */
#include "core/results.h"
#include "core/stats.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#define MAX_BENCH_FILES 64
#define FIELD_MAX 4096

struct kv {
	char *key, *value;
};

struct bench_file {
	char *bench;
	FILE *f;
};

struct results {
	char *dir;
	pthread_mutex_t lock;
	struct kv *manifest;
	size_t nr_manifest, cap_manifest;
	struct bench_file files[MAX_BENCH_FILES];
	size_t nr_files;
};

/* ---- escaping ----------------------------------------------------------- */

void results_escape(const char *in, char *out, size_t outlen)
{
	size_t k = 0;

	for (; *in && k + 2 < outlen; in++) {
		char e = *in == '\t' ? 't' : *in == '\n' ? 'n' : *in == '\r' ? 'r' :
			 *in == '\\' ? '\\' : 0;
		if (e) {
			out[k++] = '\\';
			out[k++] = e;
		} else {
			out[k++] = *in;
		}
	}
	out[k] = 0;
}

void results_unescape(const char *in, char *out, size_t outlen)
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

void results_format_value(double v, char *out, size_t outlen)
{
	if (isnan(v))
		snprintf(out, outlen, "NA");
	else
		snprintf(out, outlen, "%.6g", v);
}

bool results_parse_value(const char *s, double *v)
{
	char *end;

	if (!strcmp(s, "NA")) {
		*v = NAN;
		return true;
	}
	errno = 0;
	*v = strtod(s, &end);
	return end != s && !*end && !errno;
}

/* ---- the run directory -------------------------------------------------- */

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* mkdir -p of the parents; the last component is created by the caller. */
static int make_parents(const char *dir)
{
	char tmp[FIELD_MAX];

	snprintf(tmp, sizeof(tmp), "%s", dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return 0;
}

int results_check_dir(const char *dir, char *err, size_t errlen)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "output path %s exists and is not a directory", dir);
			return -EEXIST;
		}
		if (dir_is_empty(dir) != 1) {
			snprintf(err, errlen, "output directory %s exists and is not empty", dir);
			return -EEXIST;
		}
	}
	return 0;
}

struct results *results_open(const char *dir, char *err, size_t errlen)
{
	struct results *r;

	if (results_check_dir(dir, err, errlen))
		return NULL;
	if (make_parents(dir) || (mkdir(dir, 0755) && errno != EEXIST)) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->dir = strdup(dir)))
		abort();
	pthread_mutex_init(&r->lock, NULL);
	return r;
}

const char *results_dir(const struct results *r)
{
	return r->dir;
}

/* ---- manifest ----------------------------------------------------------- */

static struct kv *manifest_slot(struct results *r, const char *key)
{
	for (size_t i = 0; i < r->nr_manifest; i++)
		if (!strcmp(r->manifest[i].key, key))
			return &r->manifest[i];
	if (r->nr_manifest == r->cap_manifest) {
		r->cap_manifest = r->cap_manifest ? 2 * r->cap_manifest : 64;
		r->manifest = realloc(r->manifest, r->cap_manifest * sizeof(*r->manifest));
		if (!r->manifest)
			abort();
	}
	r->manifest[r->nr_manifest] = (struct kv){ strdup(key), NULL };
	return &r->manifest[r->nr_manifest++];
}

void results_manifest_set(struct results *r, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *value;
	struct kv *slot;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		abort();
	va_end(ap);
	pthread_mutex_lock(&r->lock);
	slot = manifest_slot(r, key);
	free(slot->value);
	slot->value = value;
	pthread_mutex_unlock(&r->lock);
}

const char *results_manifest_get(const struct results *r, const char *key)
{
	for (size_t i = 0; i < r->nr_manifest; i++)
		if (!strcmp(r->manifest[i].key, key))
			return r->manifest[i].value;
	return NULL;
}

static FILE *open_in_dir(const struct results *r, const char *name, const char *mode,
			 char *path, size_t pathlen)
{
	snprintf(path, pathlen, "%s/%s", r->dir, name);
	return fopen(path, mode);
}

static void write_field(FILE *f, const char *s, char sep)
{
	char esc[FIELD_MAX];

	results_escape(s ? s : "", esc, sizeof(esc));
	fputs(esc, f);
	fputc(sep, f);
}

/* Written to a temporary name and renamed: a reader never sees half of it. */
int results_flush_manifest(struct results *r)
{
	char tmp[FIELD_MAX], final[FIELD_MAX];
	FILE *f = open_in_dir(r, ".manifest.tsv.tmp", "w", tmp, sizeof(tmp));
	int ret = 0;

	if (!f)
		return -errno;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->nr_manifest; i++) {
		write_field(f, r->manifest[i].key, '\t');
		write_field(f, r->manifest[i].value, '\n');
	}
	pthread_mutex_unlock(&r->lock);
	if (fclose(f))
		ret = -errno;
	snprintf(final, sizeof(final), "%s/manifest.tsv", r->dir);
	if (!ret && rename(tmp, final))
		ret = -errno;
	return ret;
}

/* ---- sample rows -------------------------------------------------------- */

static FILE *bench_file(struct results *r, const char *bench)
{
	char name[FIELD_MAX], path[FIELD_MAX];
	struct bench_file *bf;

	for (size_t i = 0; i < r->nr_files; i++)
		if (!strcmp(r->files[i].bench, bench))
			return r->files[i].f;
	if (r->nr_files == MAX_BENCH_FILES || strchr(bench, '/'))
		return NULL;
	snprintf(name, sizeof(name), "%s.tsv", bench);
	bf = &r->files[r->nr_files];
	bf->f = open_in_dir(r, name, "w", path, sizeof(path));
	if (!bf->f)
		return NULL;
	bf->bench = strdup(bench);
	r->nr_files++;
	fputs(RESULTS_SAMPLE_COLUMNS "\n", bf->f);
	return bf->f;
}

int results_add(struct results *r, const char *bench, const char *design,
		const char *case_, const char *metric, const char *unit,
		bool higher_better, unsigned rep, double value)
{
	char num[64], repstr[32];
	FILE *f;
	int ret = 0;

	results_format_value(value, num, sizeof(num));
	snprintf(repstr, sizeof(repstr), "%u", rep);
	pthread_mutex_lock(&r->lock);
	f = bench_file(r, bench);
	if (f) {
		write_field(f, bench, '\t');
		write_field(f, design, '\t');
		write_field(f, case_, '\t');
		write_field(f, metric, '\t');
		write_field(f, unit, '\t');
		write_field(f, higher_better ? "higher" : "lower", '\t');
		write_field(f, repstr, '\t');
		write_field(f, num, '\n');
	} else {
		ret = -EIO;
	}
	pthread_mutex_unlock(&r->lock);
	return ret;
}

/* ---- summary.tsv -------------------------------------------------------- */

enum { C_BENCH, C_DESIGN, C_CASE, C_METRIC, C_UNIT, C_BETTER, C_REP, C_VALUE, C_NR };

static const struct tsv_table *sort_table;

/* Groups rows by (bench, design, case, metric, unit, better), rep order kept. */
static int cmp_rows(const void *a, const void *b)
{
	char **x = sort_table->rows[*(const size_t *)a];
	char **y = sort_table->rows[*(const size_t *)b];

	for (int c = C_BENCH; c < C_REP; c++) {
		int d = strcmp(x[c], y[c]);

		if (d)
			return d;
	}
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static bool same_group(char **x, char **y)
{
	for (int c = C_BENCH; c < C_REP; c++)
		if (strcmp(x[c], y[c]))
			return false;
	return true;
}

static void write_summary_row(FILE *f, char **key, const double *v, size_t n)
{
	struct stats st;
	char num[64];

	stats_compute(v, n, &st);
	const double cols[] = { st.min, st.median, st.mean, st.stddev, st.cv, st.p95,
				st.p99, st.max, st.ci_lo, st.ci_hi, st.med_ci_lo,
				st.med_ci_hi };

	for (int c = C_BENCH; c < C_REP; c++)
		write_field(f, key[c], '\t');
	fprintf(f, "%zu\t%zu", st.n, st.n_missing);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		results_format_value(cols[i], num, sizeof(num));
		fprintf(f, "\t%s", num);
	}
	fputc('\n', f);
}

static int summarise_table(FILE *out, const struct tsv_table *t)
{
	size_t *idx = malloc((t->nr_rows + 1) * sizeof(*idx));
	double *v = malloc((t->nr_rows + 1) * sizeof(*v));

	if (!idx || !v)
		abort();
	for (size_t i = 0; i < t->nr_rows; i++)
		idx[i] = i;
	sort_table = t;
	qsort(idx, t->nr_rows, sizeof(*idx), cmp_rows);
	for (size_t i = 0, start = 0; i < t->nr_rows; i++) {
		char **row = t->rows[idx[i]];

		if (!results_parse_value(row[C_VALUE], &v[i - start]))
			v[i - start] = NAN;
		if (i + 1 == t->nr_rows || !same_group(row, t->rows[idx[i + 1]])) {
			write_summary_row(out, row, v, i + 1 - start);
			start = i + 1;
		}
	}
	free(idx);
	free(v);
	return 0;
}

static int write_summary(struct results *r)
{
	char path[FIELD_MAX], err[256];
	FILE *out = open_in_dir(r, "summary.tsv", "w", path, sizeof(path));
	int ret = 0;

	if (!out)
		return -errno;
	fputs(RESULTS_SUMMARY_COLUMNS "\n", out);
	for (size_t i = 0; i < r->nr_files; i++) {
		struct tsv_table t;
		char name[FIELD_MAX];

		snprintf(name, sizeof(name), "%s/%s.tsv", r->dir, r->files[i].bench);
		if (tsv_read(name, &t, err, sizeof(err))) {
			ret = -EINVAL;
			continue;
		}
		summarise_table(out, &t);
		tsv_free(&t);
	}
	if (fclose(out))
		ret = -errno;
	return ret;
}

int results_close(struct results *r)
{
	int ret = 0;

	for (size_t i = 0; i < r->nr_files; i++) {
		if (fclose(r->files[i].f))
			ret = -errno;
		r->files[i].f = NULL;
	}
	if (!ret)
		ret = write_summary(r);
	if (results_flush_manifest(r) && !ret)
		ret = -EIO;
	for (size_t i = 0; i < r->nr_files; i++)
		free(r->files[i].bench);
	for (size_t i = 0; i < r->nr_manifest; i++) {
		free(r->manifest[i].key);
		free(r->manifest[i].value);
	}
	free(r->manifest);
	free(r->dir);
	pthread_mutex_destroy(&r->lock);
	free(r);
	return ret;
}
