// SPDX-License-Identifier: GPL-2.0
/*
 * bench/core/params.c: one --param value parsed and range-checked, with
 * the default when absent and one wording for every refusal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/params.h"
#include "core/run.h"

#include <string.h>

static const struct bench fake = { .name = "fake" };

/* The value of fake.NAME given as `arg` ("fake.n=..."), or none when NULL. */
static struct bench_ctx *ctx_with(struct run_opts *o, const char **arg)
{
	memset(o, 0, sizeof(*o));
	o->params = arg;
	o->nr_params = *arg ? 1 : 0;
	return bench_ctx_new(&fake, o, NULL, NULL);
}

static int u64_of(const char *arg, uint64_t *out, char *err)
{
	const char *params[] = { arg };
	struct run_opts o;
	struct bench_ctx *ctx = ctx_with(&o, params);
	int rc = bench_param_u64(ctx, "n", 7, 2, 1048576, out, err, 256);

	bench_ctx_free(ctx);
	return rc;
}

static void integers(void **state)
{
	char err[256] = "";
	uint64_t v;

	(void)state;
	assert_int_equal(u64_of(NULL, &v, err), 0);
	assert_int_equal(v, 7);
	assert_int_equal(u64_of("fake.n=1048576", &v, err), 0);
	assert_int_equal(v, 1048576);
	assert_int_equal(u64_of("fake.n=1e3", &v, err), 0);	/* whole, as strtod reads it */
	assert_int_equal(v, 1000);
	assert_int_equal(u64_of("fake.n=32.0", &v, err), 0);
	assert_int_equal(v, 32);
	assert_int_equal(u64_of("fake.n=2.5", &v, err), -1);
	assert_string_equal(err, "--param fake.n=2.5: want an integer in 2..1048576");
	assert_int_equal(u64_of("fake.n=-3", &v, err), -1);
	assert_int_equal(u64_of("fake.n=", &v, err), -1);
	assert_int_equal(u64_of("fake.n=3x", &v, err), -1);
	assert_int_equal(u64_of("fake.n=1", &v, err), -1);
	assert_int_equal(u64_of("fake.n=1048577", &v, err), -1);
	assert_string_equal(err, "--param fake.n=1048577: want an integer in 2..1048576");
}

static void numbers(void **state)
{
	const char *params[] = { "fake.rate=2.5e4" }, *bad[] = { "fake.rate=0" };
	char err[256] = "";
	struct run_opts o;
	struct bench_ctx *ctx = ctx_with(&o, params);
	double v;

	(void)state;
	assert_int_equal(bench_param_double(ctx, "rate", 1, 1, 1e8, &v, err, sizeof(err)), 0);
	assert_true(v == 2.5e4);
	assert_int_equal(bench_param_double(ctx, "other", 3, 1, 1e8, &v, err, sizeof(err)), 0);
	assert_true(v == 3);
	bench_ctx_free(ctx);
	ctx = ctx_with(&o, bad);
	assert_int_equal(bench_param_double(ctx, "rate", 1, 1, 1e8, &v, err, sizeof(err)), -1);
	assert_string_equal(err, "--param fake.rate=0: want a number in 1..1e+08");
	bench_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
