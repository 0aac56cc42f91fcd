// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/fio_json.c - the numbers pinbench takes from fio's JSON output
 * (fio 3.x, --output-format=json, group_reporting=1: one entry in "jobs").
 */
#include "workloads/workload.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static double num(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* clat_ns.percentile["99.000000"] in microseconds; NaN without I/O. */
static double p99_us(json_t *dir)
{
	json_t *pct = json_object_get(json_object_get(dir, "clat_ns"), "percentile");
	double ns = num(pct, "99.000000");

	return num(dir, "total_ios") > 0 ? ns / 1000.0 : NAN;
}

static int parse_job(json_t *job, struct workload_result *r)
{
	json_t *rd = json_object_get(job, "read"), *wr = json_object_get(job, "write");

	if (!json_is_object(rd) || !json_is_object(wr))
		return -EINVAL;
	r->read_iops = num(rd, "iops");
	r->write_iops = num(wr, "iops");
	r->iops = r->read_iops + r->write_iops;
	r->total_ios = num(rd, "total_ios") + num(wr, "total_ios");
	r->read_p99_us = p99_us(rd);
	r->write_p99_us = p99_us(wr);
	r->runtime_ms = num(rd, "runtime");
	if (!(r->runtime_ms > 0))
		r->runtime_ms = num(wr, "runtime");
	r->error = (int)num(job, "error");
	return isnan(r->iops) || isnan(r->total_ios) ? -EINVAL : 0;
}

/* Takes the first job's numbers from a parsed document; frees root. */
static int parse_root(json_t *root, const json_error_t *jerr,
		      struct workload_result *r, char *err, size_t errlen)
{
	json_t *jobs;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!root) {
		snprintf(err, errlen, "fio JSON: %s (line %d)", jerr->text, jerr->line);
		return -EINVAL;
	}
	jobs = json_object_get(root, "jobs");
	rc = json_array_size(jobs) ? parse_job(json_array_get(jobs, 0), r) : -EINVAL;
	if (rc)
		snprintf(err, errlen, "fio JSON: no job with read/write statistics");
	json_decref(root);
	return rc;
}

/* fio prints messages such as "fio: terminating on signal 15" into the
 * same file before the JSON document, which starts with a line "{". */
static const char *document_start(const char *text)
{
	const char *p = text;

	while (p && *p != '{') {
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return p;
}

int workload_parse_json(const char *text, struct workload_result *r,
			char *err, size_t errlen)
{
	const char *start = document_start(text);
	json_error_t jerr = { .text = "no JSON document in fio's output" };

	return parse_root(start ? json_loads(start, JSON_DISABLE_EOF_CHECK, &jerr) : NULL,
			  &jerr, r, err, errlen);
}

int workload_read_result(const char *path, struct workload_result *r,
			 char *err, size_t errlen)
{
	json_error_t jerr = { .text = "no JSON document in fio's output" };
	json_t *root = NULL;
	FILE *f = fopen(path, "re");
	int c;

	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -ENOENT;
	}
	/* Skip whole lines until one starts with '{'. */
	while ((c = getc(f)) != EOF && c != '{')
		while (c != '\n' && (c = getc(f)) != EOF)
			;
	if (c != EOF && ungetc(c, f) != EOF)
		root = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr);
	fclose(f);
	return parse_root(root, &jerr, r, err, errlen);
}

/* ---- windows between statistics documents ------------------------------ */

/* What a window needs of one cumulative document (json+). */
struct fio_totals {
	json_t *root;
	double read_ios, write_ios, runtime_ms;
	json_t *read_bins;	/* clat_ns.bins: latency (ns, as text) -> count */
	int error;
};

static int totals_of(json_t *root, struct fio_totals *t)
{
	json_t *job = json_array_get(json_object_get(root, "jobs"), 0);
	json_t *rd = json_object_get(job, "read"), *wr = json_object_get(job, "write");

	t->root = root;
	t->read_ios = num(rd, "total_ios");
	t->write_ios = num(wr, "total_ios");
	t->runtime_ms = num(job, "job_runtime");
	t->read_bins = json_object_get(json_object_get(rd, "clat_ns"), "bins");
	t->error = (int)num(job, "error");
	return isnan(t->read_ios) || isnan(t->write_ios) || isnan(t->runtime_ms) ? -EINVAL : 0;
}

struct bin {
	double ns, count;
};

static int by_latency(const void *a, const void *b)
{
	double x = ((const struct bin *)a)->ns, y = ((const struct bin *)b)->ns;

	return (x > y) - (x < y);
}

/* The 99th percentile of the completions that `to` has and `from` has not. */
static double p99_between(json_t *from, json_t *to)
{
	size_t n = json_object_size(to), used = 0;
	struct bin *b = calloc(n ? n : 1, sizeof(*b));
	double total = 0, seen = 0, p99 = NAN;
	const char *key;
	json_t *v;

	if (!b)
		return NAN;
	json_object_foreach(to, key, v) {
		json_t *old = json_object_get(from, key);
		double c = json_number_value(v) - (old ? json_number_value(old) : 0);

		if (c > 0) {
			b[used].ns = strtod(key, NULL);
			b[used++].count = c;
			total += c;
		}
	}
	qsort(b, used, sizeof(*b), by_latency);
	for (size_t i = 0; i < used && isnan(p99); i++) {
		seen += b[i].count;
		if (seen >= 0.99 * total)
			p99 = b[i].ns / 1000.0;
	}
	free(b);
	return p99;
}

static void segment(const struct fio_totals *a, const struct fio_totals *b,
		    struct workload_result *r)
{
	double s = (b->runtime_ms - a->runtime_ms) / 1000.0;

	memset(r, 0, sizeof(*r));
	r->runtime_ms = b->runtime_ms - a->runtime_ms;
	r->read_iops = s > 0 ? (b->read_ios - a->read_ios) / s : NAN;
	r->write_iops = s > 0 ? (b->write_ios - a->write_ios) / s : NAN;
	r->iops = r->read_iops + r->write_iops;
	r->total_ios = b->read_ios + b->write_ios - a->read_ios - a->write_ios;
	/* fio leaves the histogram out until a read completed: an earlier
	 * document without one counts as empty. */
	r->read_p99_us = b->read_bins ? p99_between(a->read_bins, b->read_bins) : NAN;
	r->write_p99_us = NAN;
	r->error = b->error;
}

/* The line after the next line "}" (a document's end), or NULL. */
static const char *after_document(const char *p)
{
	while (p && *p) {
		bool end = p[0] == '}' && (p[1] == '\n' || p[1] == '\0');

		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
		if (end)
			return p ? p : "";
	}
	return NULL;
}

int workload_parse_segments(const char *text, struct workload_result *seg, int max,
			    char *err, size_t errlen)
{
	struct fio_totals prev = { 0 }, cur;
	const char *p = document_start(text);
	int n = 0, docs = 0, rc = 0;

	/* Only whole documents: fio may be writing the last one. */
	for (; p && after_document(p) && n < max && !rc; p = document_start(after_document(p))) {
		json_error_t jerr;
		json_t *root = json_loads(p, JSON_DISABLE_EOF_CHECK, &jerr);

		if (!root || totals_of(root, &cur)) {
			snprintf(err, errlen, "fio JSON document %d: %s", docs + 1,
				 root ? "no job with read/write statistics" : jerr.text);
			json_decref(root);
			rc = -EINVAL;
			break;
		}
		if (docs++)
			segment(&prev, &cur, &seg[n++]);
		json_decref(prev.root);
		prev = cur;
	}
	json_decref(prev.root);
	if (!rc && docs == 0) {
		snprintf(err, errlen, "fio JSON: no statistics document");
		rc = -EINVAL;
	}
	return rc ? rc : n;
}

int workload_read_segments(const char *path, struct workload_result *seg, int max,
			   char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -ENOENT;
	}
	rc = getdelim(&text, &len, '\0', f) > 0 ?
	     workload_parse_segments(text, seg, max, err, errlen) :
	     (snprintf(err, errlen, "%s is empty", path), -EINVAL);
	free(text);
	fclose(f);
	return rc;
}
