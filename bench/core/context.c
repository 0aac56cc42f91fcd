// SPDX-License-Identifier: GPL-2.0
/* The bench_ctx a benchmark receives: options, results, progress, seeds. */
#include "core/run.h"
#include "core/params.h"
#include "core/progress.h"
#include "core/results.h"

#include <gsl/gsl_rng.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bench_ctx {
	const struct bench *bench;
	const struct run_opts *opts;
	struct results *results;
	struct progress *progress;
	char reason[512];
	size_t nr_samples;
};

struct bench_ctx *bench_ctx_new(const struct bench *b, const struct run_opts *opts,
				struct results *r, struct progress *p)
{
	struct bench_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		abort();
	*ctx = (struct bench_ctx){ .bench = b, .opts = opts, .results = r, .progress = p };
	return ctx;
}

void bench_ctx_free(struct bench_ctx *ctx)
{
	free(ctx);
}

const char *bench_ctx_reason(const struct bench_ctx *ctx)
{
	return ctx->reason;
}

size_t bench_ctx_nr_samples(const struct bench_ctx *ctx)
{
	return ctx->nr_samples;
}

enum bench_mode bench_mode(const struct bench_ctx *ctx)
{
	return ctx->opts->mode;
}

unsigned bench_reps(const struct bench_ctx *ctx, unsigned dflt)
{
	return ctx->opts->reps ? ctx->opts->reps : dflt;
}

size_t bench_nr_designs(const struct bench_ctx *ctx)
{
	return ctx->opts->nr_designs;
}

const char *bench_design(const struct bench_ctx *ctx, size_t i)
{
	return i < ctx->opts->nr_designs ? ctx->opts->designs[i] : NULL;
}

const char *bench_param(const struct bench_ctx *ctx, const char *name)
{
	size_t blen = strlen(ctx->bench->name), nlen = strlen(name);
	const char *found = NULL;

	/* The last --param for a key wins, as with repeated options elsewhere. */
	for (size_t i = 0; i < ctx->opts->nr_params; i++) {
		const char *p = ctx->opts->params[i];

		if (!strncmp(p, ctx->bench->name, blen) && p[blen] == '.' &&
		    !strncmp(p + blen + 1, name, nlen) && p[blen + 1 + nlen] == '=')
			found = p + blen + 2 + nlen;
	}
	return found;
}

/* Declared in core/params.h: the --param messages name the benchmark. */
const char *bench_name(const struct bench_ctx *ctx)
{
	return ctx->bench->name;
}

const char *bench_workdir(const struct bench_ctx *ctx)
{
	return ctx->opts->workdir;
}

const char *bench_run_dir(const struct bench_ctx *ctx)
{
	return ctx->opts->run_dir;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

uint64_t run_seed_mix(uint64_t seed, const char *name, uint64_t stream)
{
	uint64_t x = seed;

	for (const char *c = name; *c; c++) {
		x ^= (unsigned char)*c;
		splitmix64(&x);
	}
	x ^= stream;
	return splitmix64(&x);
}

uint64_t bench_seed(const struct bench_ctx *ctx, uint64_t stream)
{
	return run_seed_mix(ctx->opts->seed, ctx->bench->name, stream);
}

struct gsl_rng *bench_rng(const struct bench_ctx *ctx, uint64_t stream)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	if (!r)
		abort();
	/* mt19937 takes an unsigned long seed: 64 bits here. */
	gsl_rng_set(r, (unsigned long)bench_seed(ctx, stream));
	return (struct gsl_rng *)r;
}

void bench_record(struct bench_ctx *ctx, const struct result_key *key,
		  unsigned rep, double value)
{
	results_add(ctx->results, ctx->bench->name, key->design ? key->design : "-",
		    key->case_ ? key->case_ : "", key->metric, key->unit ? key->unit : "",
		    key->better == BETTER_HIGHER, rep, value);
	ctx->nr_samples++;
}

void bench_record_n(struct bench_ctx *ctx, const struct result_key *key,
		    const double *values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bench_record(ctx, key, (unsigned)i, values[i]);
}

void bench_note(struct bench_ctx *ctx, const char *key, const char *fmt, ...)
{
	char full[256], *value;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		abort();
	va_end(ap);
	snprintf(full, sizeof(full), "%s.%s", ctx->bench->name, key);
	results_manifest_set(ctx->results, full, "%s", value);
	free(value);
}

static void set_reason(struct bench_ctx *ctx, const char *fmt, va_list ap)
{
	vsnprintf(ctx->reason, sizeof(ctx->reason), fmt, ap);
}

void bench_skip(struct bench_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(ctx, fmt, ap);
	va_end(ap);
}

void bench_fail(struct bench_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(ctx, fmt, ap);
	va_end(ap);
}

void bench_progress(struct bench_ctx *ctx, double done, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!ctx->progress)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	progress_update(ctx->progress, done < 0 ? 0 : done > 1 ? 1 : done, buf);
}

void bench_msg(struct bench_ctx *ctx, const char *fmt, ...)
{
	char buf[1024], line[1100];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s: %s", ctx->bench->name, buf);
	if (ctx->progress)
		progress_msg(ctx->progress, line);
	else
		fprintf(stderr, "%s\n", line);
}
