// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/fio_json.c - the numbers pinbench takes from fio's JSON output
 * (fio 3.x, --output-format=json, group_reporting=1: one entry in "jobs").
 */
#include "workload.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
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
