// SPDX-License-Identifier: GPL-2.0
/*
 * kgup's parameters: defaults by mode, and the lists of --param kgup.KEY.
 * check_params and run parse the same way, so a value refused here is
 * refused before anything is written.
 */
#include "kgup/internal.h"
#include "core/bytes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const backing_names[KB_NR] = { "4k", "thp", "hugetlb" };
static const char *const part_names[KP_NR] = {
	"register", "remote", "collapse", "move", "gup_test", "pin_hash",
};

const char *kgup_backing_name(enum kgup_backing b)
{
	return backing_names[b];
}

const char *kgup_part_name(enum kgup_part p)
{
	return part_names[p];
}

void kgup_format_size(size_t bytes, char *out, size_t outlen)
{
	bytes_format(bytes, out, outlen);
}

static int refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool size_ok(uint64_t v)
{
	return v >= KGUP_PAGE && v <= KGUP_MAX_BUF && v % KGUP_PAGE == 0;
}

static int add_size(struct kgup_plan *p, uint64_t v, char *err, size_t errlen)
{
	if (!size_ok(v))
		return refuse(err, errlen, "sizes: each must be a multiple of 4K from 4K to 1G");
	if (p->nr_sizes == KGUP_MAX_SIZES)
		return refuse(err, errlen, "sizes: at most %d", KGUP_MAX_SIZES);
	p->sizes[p->nr_sizes++] = v;
	return 0;
}

/* "A" or "A..B" (doubling from A up to B). */
static int size_item(struct kgup_plan *p, const char *item, char *err, size_t errlen)
{
	char a[32], *dots = strstr(item, "..");
	uint64_t lo, hi;

	if (!dots) {
		if (!bytes_parse(item, &lo))
			return refuse(err, errlen, "sizes: '%s' is not a size (4K, 2M, 1G)", item);
		return add_size(p, lo, err, errlen);
	}
	snprintf(a, sizeof(a), "%.*s", (int)(dots - item), item);
	if (!bytes_parse(a, &lo) || !bytes_parse(dots + 2, &hi) || lo > hi || !size_ok(lo))
		return refuse(err, errlen, "sizes: '%s' is not a range A..B of sizes", item);
	for (uint64_t v = lo; v <= hi; v *= 2)
		if (add_size(p, v, err, errlen))
			return -1;
	return 0;
}

static int name_item(bool *set, const char *const *names, int n, const char *key,
		     const char *item, char *err, size_t errlen)
{
	for (int i = 0; i < n; i++) {
		if (!strcmp(item, names[i])) {
			set[i] = true;
			return 0;
		}
	}
	return refuse(err, errlen, "%s: unknown '%s'", key, item);
}

static int count_item(const char *key, const char *text, long lo, long hi, long *out,
		      char *err, size_t errlen)
{
	char *end = NULL;
	long v = strtol(text, &end, 10);

	if (!*text || *end || v < lo || v > hi)
		return refuse(err, errlen, "%s must be %ld..%ld, not '%s'", key, lo, hi, text);
	*out = v;
	return 0;
}

/* Each comma-separated item of the list parameter key, parsed by kind. */
static int each_item(struct kgup_plan *p, const char *key, const char *value,
		     char *err, size_t errlen)
{
	char buf[512], *save = NULL, *item;
	int rc = 0;

	snprintf(buf, sizeof(buf), "%s", value);
	for (item = strtok_r(buf, ",", &save); item && !rc; item = strtok_r(NULL, ",", &save)) {
		if (!strcmp(key, "sizes"))
			rc = size_item(p, item, err, errlen);
		else if (!strcmp(key, "backings"))
			rc = name_item(p->backing, backing_names, KB_NR, key, item, err, errlen);
		else
			rc = name_item(p->part, part_names, KP_NR, key, item, err, errlen);
	}
	return rc;
}

static void plan_defaults(struct kgup_plan *p, bool full)
{
	static const size_t quick_sizes[] = { 4096, 65536, 2ul << 20, 64ul << 20 };

	memset(p, 0, sizeof(*p));
	if (full) {
		for (size_t v = KGUP_PAGE; v <= KGUP_MAX_BUF; v *= 2)
			p->sizes[p->nr_sizes++] = v;
	} else {
		for (size_t i = 0; i < sizeof(quick_sizes) / sizeof(quick_sizes[0]); i++)
			p->sizes[p->nr_sizes++] = quick_sizes[i];
	}
	p->remote_pages = full ? 65536 : 4096;
	p->hugetlb_limit = -1;
}

/* A list parameter replaces its default; an empty list is refused. */
static int list_param(const struct bench_ctx *ctx, struct kgup_plan *p, const char *key,
		      char *err, size_t errlen)
{
	const char *v = bench_param(ctx, key);

	if (!v)
		return 0;
	if (!strcmp(key, "sizes"))
		p->nr_sizes = 0;
	else if (!strcmp(key, "backings"))
		memset(p->backing, 0, sizeof(p->backing));
	else
		memset(p->part, 0, sizeof(p->part));
	if (each_item(p, key, v, err, errlen))
		return -1;
	if (!strcmp(key, "sizes") && !p->nr_sizes)
		return refuse(err, errlen, "sizes: empty list");
	return 0;
}

int kgup_plan_parse(const struct bench_ctx *ctx, struct kgup_plan *p, char *err, size_t errlen)
{
	const char *pages = bench_param(ctx, "remote_pages"), *limit = bench_param(ctx, "hugetlb_limit");
	long v;

	plan_defaults(p, bench_mode(ctx) == BENCH_FULL);
	for (int i = 0; i < KB_NR; i++)
		p->backing[i] = true;
	for (int i = 0; i < KP_NR; i++)
		p->part[i] = true;
	if (list_param(ctx, p, "sizes", err, errlen) || list_param(ctx, p, "backings", err, errlen) ||
	    list_param(ctx, p, "parts", err, errlen))
		return -1;
	if (pages && count_item("remote_pages", pages, 1, 262144, &v, err, errlen))
		return -1;
	if (pages)
		p->remote_pages = (size_t)v;
	if (limit && count_item("hugetlb_limit", limit, 0, 1 << 20, &p->hugetlb_limit, err, errlen))
		return -1;
	return 0;
}
