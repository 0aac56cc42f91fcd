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

const char *const results_sample_columns[RESULTS_NR_COLS] = {
	"bench", "design", "case", "metric", "unit", "better", "rep", "value",
};

/* ---- the run directory -------------------------------------------------- */

int results_mkdirs(const char *dir)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

struct results *results_open(const char *dir, char *err, size_t errlen)
{
	struct results *r;

	if (results_check_dir(dir, err, errlen))
		return NULL;
	if (results_mkdirs(dir)) {
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
		const char *kv[] = { r->manifest[i].key, r->manifest[i].value };

		tsv_write_row(f, kv, 2);
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
	tsv_write_row(bf->f, results_sample_columns, RESULTS_NR_COLS);
	return bf->f;
}

int results_add(struct results *r, const char *bench, const char *design,
		const char *case_, const char *metric, const char *unit,
		bool higher_better, unsigned rep, double value)
{
	char num[64], repstr[32];
	FILE *f;
	int ret = 0;

	const char *row[RESULTS_NR_COLS] = {
		bench, design, case_, metric, unit, higher_better ? "higher" : "lower",
		repstr, num,
	};

	tsv_format_value(value, num, sizeof(num));
	snprintf(repstr, sizeof(repstr), "%u", rep);
	pthread_mutex_lock(&r->lock);
	f = bench_file(r, bench);
	if (f)
		tsv_write_row(f, row, RESULTS_NR_COLS);
	else
		ret = -EIO;
	pthread_mutex_unlock(&r->lock);
	return ret;
}

/* ---- summary.tsv -------------------------------------------------------- */

static const struct tsv_table *sort_table;

/* Groups rows by (bench, design, case, metric, unit, better), rep order kept. */
static int cmp_rows(const void *a, const void *b)
{
	char **x = sort_table->rows[*(const size_t *)a];
	char **y = sort_table->rows[*(const size_t *)b];

	for (int c = RESULTS_BENCH; c < RESULTS_REP; c++) {
		int d = strcmp(x[c], y[c]);

		if (d)
			return d;
	}
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static bool same_group(char **x, char **y)
{
	for (int c = RESULTS_BENCH; c < RESULTS_REP; c++)
		if (strcmp(x[c], y[c]))
			return false;
	return true;
}

/* The key columns, n and n_missing, then the statistics. */
#define SUMMARY_STATS 12
#define SUMMARY_FIELDS (RESULTS_REP + 2 + SUMMARY_STATS)

static void write_summary_row(FILE *f, char **key, const double *v, size_t n)
{
	struct stats st;
	char num[2 + SUMMARY_STATS][64];
	const char *row[SUMMARY_FIELDS];

	stats_compute(v, n, &st);
	const double cols[SUMMARY_STATS] = {
		st.min, st.median, st.mean, st.stddev, st.cv, st.p95, st.p99, st.max,
		st.ci_lo, st.ci_hi, st.med_ci_lo, st.med_ci_hi
	};

	for (int c = RESULTS_BENCH; c < RESULTS_REP; c++)
		row[c] = key[c];
	snprintf(num[0], sizeof(num[0]), "%zu", st.n);
	snprintf(num[1], sizeof(num[1]), "%zu", st.n_missing);
	for (size_t i = 0; i < SUMMARY_STATS; i++)
		tsv_format_value(cols[i], num[2 + i], sizeof(num[2 + i]));
	for (size_t i = 0; i < 2 + SUMMARY_STATS; i++)
		row[RESULTS_REP + i] = num[i];
	tsv_write_row(f, row, SUMMARY_FIELDS);
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

		if (!tsv_parse_value(row[RESULTS_VALUE], &v[i - start]))
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
