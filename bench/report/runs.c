// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/runs.c - a run directory read back into per-series
 * samples: the sample rows of every <bench>.tsv (core/tsv.h reads them)
 * grouped by (bench, design, case, metric), and the manifest's names.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/runs.h"
#include "core/results.h"

/* One parsed sample row before grouping. */
struct sample {
	struct series key;
	unsigned long rep;
	double v;
};

void report_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int series_cmp(const void *a, const void *b)
{
	const struct series *x = a, *y = b;
	int d;

	if ((d = strcmp(x->bench, y->bench)))
		return d;
	if ((d = strcmp(x->metric, y->metric)))
		return d;
	if ((d = strcmp(x->design, y->design)))
		return d;
	/* size=4096 before size=65536: numbers in cases compare by value. */
	return strverscmp(x->case_, y->case_);
}

static int sample_cmp(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;
	int d = series_cmp(&x->key, &y->key);

	if (d)
		return d;
	return (x->rep > y->rep) - (x->rep < y->rep);
}

static const char *const vmstat_prefixes[] = { "vmstat.", "vm_" };

const char *series_vmstat_name(const struct series *s)
{
	for (size_t i = 0; i < sizeof(vmstat_prefixes) / sizeof(vmstat_prefixes[0]); i++) {
		size_t len = strlen(vmstat_prefixes[i]);

		if (!strncmp(s->metric, vmstat_prefixes[i], len))
			return s->metric + len;
	}
	return NULL;
}

bool series_is_vmstat(const struct series *s)
{
	return series_vmstat_name(s) != NULL;
}

const struct series *run_find(const struct run *run, const struct series *key)
{
	return bsearch(key, run->series, run->nr_series, sizeof(*run->series),
		       series_cmp);
}

/* Sample files are every *.tsv but the manifest and the summary. */
static int is_sample_file(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	if (len < 5 || strcmp(d->d_name + len - 4, ".tsv"))
		return 0;
	return strcmp(d->d_name, "manifest.tsv") && strcmp(d->d_name, "summary.tsv");
}

/* Column indexes of a sample table; false when it is not one. */
static bool sample_columns(const struct tsv_table *t, int col[RESULTS_NR_COLS])
{
	for (int i = 0; i < RESULTS_NR_COLS; i++)
		if ((col[i] = tsv_column(t, results_sample_columns[i])) < 0)
			return false;
	return true;
}

/* 0, 1 for an inf/nan sample to leave out, or -1 with err set. */
static int parse_row(char **row, const int col[RESULTS_NR_COLS], struct sample *s,
		     const char *where, size_t line, char *err, size_t errlen)
{
	const char *better = row[col[RESULTS_BETTER]];
	char *end;

	s->key = (struct series){
		.bench = row[col[RESULTS_BENCH]], .design = row[col[RESULTS_DESIGN]],
		.case_ = row[col[RESULTS_CASE]], .metric = row[col[RESULTS_METRIC]],
		.unit = row[col[RESULTS_UNIT]],
		.higher_better = strcmp(better, "higher") == 0,
	};
	if (strcmp(better, "higher") && strcmp(better, "lower")) {
		report_set_err(err, errlen, "%s:%zu: better is '%s', not lower or higher",
			where, line, better);
		return -1;
	}
	errno = 0;
	s->rep = strtoul(row[col[RESULTS_REP]], &end, 10);
	if (errno || *end || end == row[col[RESULTS_REP]]) {
		report_set_err(err, errlen, "%s:%zu: bad rep '%s'", where, line, row[col[RESULTS_REP]]);
		return -1;
	}
	if (!tsv_parse_value(row[col[RESULTS_VALUE]], &s->v)) {
		report_set_err(err, errlen, "%s:%zu: bad value '%s'", where, line,
			row[col[RESULTS_VALUE]]);
		return -1;
	}
	/* NA is a sample that is missing (kept, counted as such); inf or nan
	 * is not a measurement at all. */
	return !isfinite(s->v) && strcmp(row[col[RESULTS_VALUE]], TSV_NA);
}

/* Appends the rows of one sample table to *samples. */
static int add_table_samples(struct run *run, const struct tsv_table *t, const char *where,
			     struct sample **samples, size_t *nr,
			     char *err, size_t errlen)
{
	int col[RESULTS_NR_COLS];
	struct sample *grown;
	int got;

	if (!sample_columns(t, col))
		return 0;	/* some other artefact, not sample rows */
	grown = realloc(*samples, (*nr + t->nr_rows + 1) * sizeof(**samples));
	if (!grown) {
		report_set_err(err, errlen, "out of memory reading %s", where);
		return -1;
	}
	*samples = grown;
	for (size_t i = 0; i < t->nr_rows; i++) {
		got = parse_row(t->rows[i], col, &grown[*nr], where, i + 2, err, errlen);
		if (got < 0)
			return -1;
		if (got)
			run->nr_dropped++;
		else
			(*nr)++;
	}
	return 0;
}

/*
 * A benchmark's name: no path (the manifest cannot send the reader out of
 * the run directory), and not listed before b in list (strtok_r'd).
 */
static bool bench_name_ok(const char *b, const char *list)
{
	if (strchr(b, '/'))
		return false;
	for (const char *p = list; p < b; p += strlen(p) + 1)
		if (!strcmp(p, b))
			return false;
	return true;
}

/*
 * The tables a run wrote: <bench>.tsv of every benchmark its manifest lists
 * (a stray copy beside them is not read).  A run without that list (older
 * ones) gives every *.tsv but the manifest and the summary.
 */
static char **table_names(const struct run *run, size_t *count)
{
	char *benches = manifest_read_key(run->dir, "benches"), *save = NULL, *b;
	struct dirent **found;
	char **names;
	int n;

	*count = 0;
	if (benches && *benches) {
		names = calloc(strlen(benches) + 1, sizeof(*names));
		for (b = strtok_r(benches, ",", &save); names && b; b = strtok_r(NULL, ",", &save))
			if (bench_name_ok(b, benches) &&
			    asprintf(&names[*count], "%s.tsv", b) > 0)
				(*count)++;
		free(benches);
		return names;
	}
	free(benches);
	if ((n = scandir(run->dir, &found, is_sample_file, alphasort)) < 0)
		return NULL;
	names = calloc((size_t)n + 1, sizeof(*names));
	for (int i = 0; i < n; i++) {
		if (names)
			names[(*count)++] = strdup(found[i]->d_name);
		free(found[i]);
	}
	free(found);
	return names;
}

/* One table; a listed benchmark that wrote none (it failed) is no error. */
static int read_table(struct run *run, const char *name, struct sample **samples,
		      size_t *nr, char *err, size_t errlen)
{
	struct tsv_table *t = &run->tables[run->nr_tables];
	char path[4096];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", run->dir, name);
	ret = tsv_read(path, t, err, errlen);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return -1;
	run->nr_tables++;
	return add_table_samples(run, t, path, samples, nr, err, errlen);
}

static int read_tables(struct run *run, struct sample **samples, size_t *nr,
		       char *err, size_t errlen)
{
	size_t count;
	char **names = table_names(run, &count);
	int ret = 0;

	if (!names) {
		report_set_err(err, errlen, "%s: %s", run->dir, strerror(errno));
		return -1;
	}
	run->tables = calloc(count ? count : 1, sizeof(*run->tables));
	for (size_t i = 0; i < count; i++) {
		if (!ret && run->tables)
			ret = read_table(run, names[i], samples, nr, err, errlen);
		free(names[i]);
	}
	free(names);
	if (!run->tables) {
		report_set_err(err, errlen, "out of memory reading %s", run->dir);
		return -1;
	}
	return ret;
}

/* Sorted samples into series, each with its reps' values in rep order. */
static int group_samples(struct run *run, struct sample *s, size_t nr)
{
	double *values = malloc((nr + 1) * sizeof(*values));

	run->values = values;
	run->series = calloc(nr + 1, sizeof(*run->series));
	if (!values || !run->series)
		return -1;
	if (nr)		/* s is NULL when no table was read */
		qsort(s, nr, sizeof(*s), sample_cmp);
	for (size_t i = 0; i < nr; i++) {
		struct series *cur = run->nr_series ? &run->series[run->nr_series - 1] : NULL;

		if (!cur || series_cmp(cur, &s[i].key)) {
			cur = &run->series[run->nr_series++];
			*cur = s[i].key;
			cur->v = values + i;
		}
		cur->v[cur->n++] = s[i].v;
	}
	return 0;
}

static char *manifest_key(const char *dir, const char *key)
{
	char *v = manifest_read_key(dir, key);

	return v ? v : strdup("");
}

static bool manifest_says(const char *dir, const char *key, const char *want)
{
	char *v = manifest_key(dir, key);
	bool yes = v && !strcmp(v, want);

	free(v);
	return yes;
}

static int read_manifest(struct run *run, char *err, size_t errlen)
{
	char path[4096], why[512];
	struct stat st;
	FILE *f;

	if (stat(run->dir, &st) || !S_ISDIR(st.st_mode)) {
		report_set_err(err, errlen, "%s: not a directory", run->dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/manifest.tsv", run->dir);
	if (!(f = tsv_open_regular(path, why, sizeof(why)))) {
		report_set_err(err, errlen, "%s: not a run directory (no readable manifest.tsv)",
			run->dir);
		return -1;
	}
	fclose(f);
	run->label = manifest_key(run->dir, "label");
	run->kernel_release = manifest_key(run->dir, "kernel_release");
	run->status = manifest_key(run->dir, "status");
	run->status_reason = manifest_key(run->dir, "status_reason");
	run->functional = manifest_says(run->dir, "virt", "tcg");
	return 0;
}

bool series_is_timing(const struct series *s)
{
	static const char *const units[] = { "ns", "us", "ms", "s", "cycles", "ratio" };
	size_t len = strlen(s->unit);

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(s->unit, units[i]))
			return true;
	return len > 2 && !strcmp(s->unit + len - 2, "/s");
}

int run_load(const char *dir, struct run *run, char *err, size_t errlen)
{
	struct sample *samples = NULL;
	size_t nr = 0;
	int ret;

	*run = (struct run){ .dir = strdup(dir) };
	ret = read_manifest(run, err, errlen);
	if (!ret)
		ret = read_tables(run, &samples, &nr, err, errlen);
	if (!ret && group_samples(run, samples, nr)) {
		report_set_err(err, errlen, "out of memory reading %s", dir);
		ret = -1;
	}
	free(samples);
	if (ret)
		run_free(run);
	return ret;
}

void run_free(struct run *run)
{
	for (size_t i = 0; i < run->nr_tables; i++)
		tsv_free(&run->tables[i]);
	free(run->tables);
	free(run->values);
	free(run->series);
	free(run->dir);
	free(run->label);
	free(run->kernel_release);
	free(run->status);
	free(run->status_reason);
	free(run->name);
	*run = (struct run){ 0 };
}

int runs_load(char **dirs, size_t nr, struct run *runs, char *err, size_t errlen)
{
	for (size_t i = 0; i < nr; i++) {
		if (run_load(dirs[i], &runs[i], err, errlen)) {
			runs_free(runs, i);
			return -1;
		}
	}
	runs_name(runs, nr);
	return 0;
}

void runs_free(struct run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		run_free(&runs[i]);
}

static int series_ptr_cmp(const void *a, const void *b)
{
	return series_cmp(*(const struct series *const *)a,
			  *(const struct series *const *)b);
}

const struct series **series_union(const struct run *runs, size_t nr,
				   bool (*keep)(const struct series *, const void *),
				   const void *arg, size_t *nr_out)
{
	const struct series **all;
	size_t total = 0, kept = 0;

	for (size_t i = 0; i < nr; i++)
		total += runs[i].nr_series;
	all = malloc((total + 1) * sizeof(*all));
	if (!all)
		return NULL;
	for (size_t i = 0; i < nr; i++)
		for (size_t j = 0; j < runs[i].nr_series; j++)
			if (!keep || keep(&runs[i].series[j], arg))
				all[kept++] = &runs[i].series[j];
	qsort(all, kept, sizeof(*all), series_ptr_cmp);
	*nr_out = 0;
	for (size_t i = 0; i < kept; i++)
		if (!*nr_out || series_cmp(all[*nr_out - 1], all[i]))
			all[(*nr_out)++] = all[i];
	return all;
}
