// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/fio.c - real pinned pfns (see pinhash_fio.h): a short fio
 * O_DIRECT libaio job (workloads/odirect-libaio.fio) runs, and half way
 * through the pfns behind its I/O buffers (128 x 64 KiB) are read from its
 * /proc/PID/pagemap (workload_pinned_pfns()): the pages its in-flight I/Os
 * pin, with whatever physical placement the kernel's allocator gave them.
 */
#include "pinhash/fio.h"
#include "workloads/workload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FIO_PFNS (1 << 20)

static double runtime_s(const struct bench_ctx *ctx)
{
	return bench_mode(ctx) == BENCH_FULL ? 6 : 3;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Sorted, without repeats (a page may back two buffers' ends), into k. */
static void keep_distinct(uint64_t *pfns, size_t n, struct ph_keys *k)
{
	qsort(pfns, n, sizeof(*pfns), cmp_u64);
	k->pfn = malloc((n ? n : 1) * sizeof(*k->pfn));
	k->n = 0;
	for (size_t i = 0; k->pfn && i < n; i++)
		if (i == 0 || pfns[i] != pfns[i - 1])
			k->pfn[k->n++] = (unsigned long)pfns[i];
}

/* Runs the job and reads its pfns once it does I/O; how many, or -errno. */
static ssize_t job_pfns(struct bench_ctx *ctx, const struct workload_files *files,
			uint64_t *pfns)
{
	struct workload_spec spec;
	struct workload w;
	char json[4096];
	ssize_t n;
	int rc;

	workload_spec_init(&spec, WL_LIBAIO, false, 65536);
	/* 128 I/Os of 64 KiB in flight: 2048 pages, a pinned set worth hashing. */
	spec.iodepth = 128;
	spec.runtime_s = runtime_s(ctx);
	spec.seed = bench_seed(ctx, 77);
	if ((rc = workload_json_path(ctx, "pinhash-fio", json, sizeof(json))) ||
	    (rc = workload_start(&w, &spec, files, json)))
		return rc;
	/* fio lays out its file and forks its worker first (slowly in a guest). */
	n = workload_wait_io(&w, 120) ? workload_pinned_pfns(&w, pfns, MAX_FIO_PFNS) : -ESRCH;
	workload_stop(&w);
	return n;
}

static void skip_fio(struct bench_ctx *ctx, const char *why)
{
	bench_msg(ctx, "pattern=fio skipped: %s", why);
	bench_note(ctx, "fio_pfns", "skipped: %s", why);
}

void ph_fio_pfns(struct bench_ctx *ctx, struct ph_keys *k)
{
	struct workload_files files;
	uint64_t *pfns;
	char why[512];
	ssize_t n;

	k->pfn = NULL;
	k->n = 0;
	if (geteuid() != 0) {
		skip_fio(ctx, "reading pfns from /proc/PID/pagemap needs root");
		return;
	}
	if (workload_files_prepare(ctx, &files, why, sizeof(why))) {
		skip_fio(ctx, why);
		return;
	}
	pfns = malloc(MAX_FIO_PFNS * sizeof(*pfns));
	n = pfns ? job_pfns(ctx, &files, pfns) : -ENOMEM;
	workload_files_remove(&files);
	if (n <= 0) {
		skip_fio(ctx, n < 0 ? strerror((int)-n) : "fio's buffers had no pages present");
		free(pfns);
		return;
	}
	keep_distinct(pfns, (size_t)n, k);
	free(pfns);
	bench_note(ctx, "fio_pfns", "%zu distinct pfns from fio libaio randread bs=64k", k->n);
}

double ph_fio_estimate_s(const struct bench_ctx *ctx)
{
	/* Start-up until the first I/O, the stop; the data file once. */
	return runtime_s(ctx) / 2 + 1;
}
