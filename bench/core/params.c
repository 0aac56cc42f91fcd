// SPDX-License-Identifier: GPL-2.0
/* Parsing and range-checking the values of --param BENCH.NAME=VALUE. */
#include "core/params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Digits first (exact over all 64 bits), then whole numbers strtod reads. */
static int parse_whole(const char *v, uint64_t *out)
{
	char *end;
	double x;

	if (*v == '-')
		return -1;
	errno = 0;
	*out = strtoull(v, &end, 10);
	if (end != v && !*end && !errno)
		return 0;
	x = strtod(v, &end);
	if (end == v || *end || !(x >= 0 && x < 0x1p64) || x != floor(x))
		return -1;
	*out = (uint64_t)x;
	return 0;
}

int bench_param_u64(const struct bench_ctx *ctx, const char *name, uint64_t dflt,
		    uint64_t min, uint64_t max, uint64_t *out, char *err, size_t errlen)
{
	const char *v = bench_param(ctx, name);

	*out = dflt;
	if (!v)
		return 0;
	if (!parse_whole(v, out) && *out >= min && *out <= max)
		return 0;
	snprintf(err, errlen, "--param %s.%s=%s: want an integer in %llu..%llu",
		 bench_name(ctx), name, v, (unsigned long long)min, (unsigned long long)max);
	return -1;
}

int bench_param_double(const struct bench_ctx *ctx, const char *name, double dflt,
		       double min, double max, double *out, char *err, size_t errlen)
{
	const char *v = bench_param(ctx, name);
	char *end;

	*out = dflt;
	if (!v)
		return 0;
	*out = strtod(v, &end);
	if (end != v && !*end && *out >= min && *out <= max)
		return 0;
	snprintf(err, errlen, "--param %s.%s=%s: want a number in %g..%g",
		 bench_name(ctx), name, v, min, max);
	return -1;
}
