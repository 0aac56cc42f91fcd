// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kernels/test_design_params.c - the one parser of design params
 * (kernels/design_params.c): every variant's spec parses, a bad key or a
 * bad value is refused with one line naming the design and what is valid,
 * defaults come from the design's table, and a design without params
 * refuses any.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "kernels/pin_design.h"

/* The error line for params given to design, or NULL when they parse. */
static const char *parse_error(const char *design, const char *params, char *err, size_t len)
{
	const struct pin_design_ops *ops = pin_design_find(design, NULL);
	struct pin_design_args args;

	assert_non_null(ops);
	err[0] = 0;
	if (!pin_design_parse_params(ops, params, &args, err, len))
		return NULL;
	assert_null(strchr(err, '\n'));
	return err;
}

static void every_variant_spec_parses(void **state)
{
	char err[256];

	(void)state;
	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);
		const char *params = NULL;
		const struct pin_design_ops *ops = pin_design_find(v->spec, &params);
		struct pin_design_args args;

		assert_non_null(ops);
		if (pin_design_parse_params(ops, params, &args, err, sizeof(err)))
			fail_msg("variant %s (%s): %s", v->name, v->spec, err);
		assert_true(*pin_design_variant_summary(v));
	}
}

static void bad_key_refused(void **state)
{
	char err[256];

	(void)state;
	assert_string_equal(parse_error("pinhash", "lock=bucket,colour=red", err, sizeof(err)),
			    "pinhash: unknown param 'colour' (pinhash takes lock, hash, "
			    "buckets, load, pins, lockstat)");
	assert_string_equal(parse_error("baseline", "lock=bucket", err, sizeof(err)),
			    "baseline: unknown param 'lock' (baseline takes no params)");
	assert_non_null(parse_error("pinhash", "lock=bucket,,hash=jhash", err, sizeof(err)));
}

static void bad_value_refused(void **state)
{
	char err[256];

	(void)state;
	assert_string_equal(parse_error("pinhash", "lock=spin", err, sizeof(err)),
			    "pinhash: bad value 'spin' for lock (valid: global|bucket|node|rht)");
	assert_string_equal(parse_error("pinhash", "buckets=1.5", err, sizeof(err)),
			    "pinhash: bad value '1.5' for buckets (valid: integer 1..1073741824)");
	assert_string_equal(parse_error("pinhash", "buckets", err, sizeof(err)),
			    "pinhash: param 'buckets' needs a value (buckets=integer 1..1073741824)");
	assert_non_null(parse_error("pinhash", "buckets=0", err, sizeof(err)));
	assert_non_null(parse_error("pinhash", "buckets=12x", err, sizeof(err)));
	assert_non_null(parse_error("pinhash", "load=", err, sizeof(err)));
	assert_non_null(parse_error("pinhash", "lockstat=2", err, sizeof(err)));
}

/* Values in table order: a word's index or the number; the defaults first. */
static void values_and_defaults(void **state)
{
	const struct pin_design_ops *ops = pin_design_find("pinhash", NULL);
	struct pin_design_args args;
	char err[256];

	(void)state;
	assert_int_equal(pin_design_parse_params(ops, "", &args, err, sizeof(err)), 0);
	assert_true(args.value[0] == 0 && args.value[1] == 0);	/* global, golden */
	assert_true(args.value[2] == 4096 && args.value[3] == 0 && args.value[5] == 0);
	assert_int_equal(pin_design_parse_params(ops, "hash=jhash,load=0.75,lock=rht,lockstat=1",
						 &args, err, sizeof(err)), 0);
	assert_true(args.value[0] == 3 && args.value[1] == 3);	/* rht, jhash */
	assert_true(args.value[3] == 0.75 && args.value[5] == 1);
	assert_int_equal(pin_design_parse_params(ops, "buckets=7,buckets=9", &args, err,
						 sizeof(err)), 0);
	assert_true(args.value[2] == 9);	/* the last one wins */
}

static void syntax_of_params(void **state)
{
	const struct pin_design_ops *ops = pin_design_find("pinhash", NULL);
	char buf[64];

	(void)state;
	pin_design_param_syntax(&ops->params[0], buf, sizeof(buf));
	assert_string_equal(buf, "global|bucket|node|rht");
	pin_design_param_syntax(&ops->params[3], buf, sizeof(buf));
	assert_string_equal(buf, "number 1e-06..1000000");
	pin_design_param_syntax(&ops->params[0], buf, 8);	/* truncated, terminated */
	assert_string_equal(buf, "global|");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_variant_spec_parses),
		cmocka_unit_test(bad_key_refused),
		cmocka_unit_test(bad_value_refused),
		cmocka_unit_test(values_and_defaults),
		cmocka_unit_test(syntax_of_params),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
