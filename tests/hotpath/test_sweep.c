// SPDX-License-Identifier: GPL-2.0
/*
 * tests/hotpath/test_sweep.c - parsing the hotpath sweep, one KEY=VALUE at a
 * time as `--param hotpath.KEY=VALUE` gives them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "hotpath/sweep.h"

#define KIB 1024ull
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)
#define TIB (1024 * GIB)
#define HOST_RAM (24 * GIB)

static char err[256];

/* Set each "KEY=VALUE" of params (NULL-terminated) on top of s, in order. */
static int set_params(struct hp_sweep *s, int cpus, const char *const *params)
{
	char key[64];

	err[0] = '\0';
	for (; *params; params++) {
		const char *eq = strchr(*params, '=');

		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - *params), *params);
		if (hp_sweep_set(s, key, eq + 1, cpus, HOST_RAM, err, sizeof(err)))
			return -1;
	}
	return 0;
}

/* The quick sweep with --param hotpath.KEY=VALUE for each of the rest. */
#define parse(s, cpus, ...) \
	(hp_sweep_default(s, false, cpus, HOST_RAM), \
	 set_params(s, cpus, (const char *const[]){ __VA_ARGS__, NULL }))

static void test_bytes(void **state)
{
	uint64_t b;
	char out[32];

	(void)state;
	assert_true(bytes_parse("4096", &b));
	assert_int_equal(b, 4096);
	assert_true(bytes_parse("4K", &b));
	assert_int_equal(b, 4 * KIB);
	assert_true(bytes_parse("64MiB", &b));
	assert_int_equal(b, 64 * MIB);
	assert_true(bytes_parse("1g", &b));
	assert_int_equal(b, GIB);
	assert_true(bytes_parse("2T", &b));
	assert_int_equal(b, 2 * TIB);
	assert_false(bytes_parse("", &b));
	assert_false(bytes_parse("-4K", &b));
	assert_false(bytes_parse("4X", &b));
	assert_false(bytes_parse("K", &b));
	assert_false(bytes_parse("99999999999999999999", &b));
	assert_false(bytes_parse("99999999999T", &b));
	bytes_format(4 * KIB, out, sizeof(out));
	assert_string_equal(out, "4K");
	bytes_format(GIB, out, sizeof(out));
	assert_string_equal(out, "1G");
	bytes_format(1536, out, sizeof(out));
	assert_string_equal(out, "1536");
	bytes_format(1536 * KIB, out, sizeof(out));
	assert_string_equal(out, "1536K");
	bytes_format(TIB, out, sizeof(out));
	assert_string_equal(out, "1T");
	/* what the case keys show parses back to the same bytes */
	for (uint64_t v = 64; v <= 4 * TIB; v = v * 3 + 64) {
		bytes_format(v, out, sizeof(out));
		assert_true(bytes_parse(out, &b));
		assert_int_equal(b, v);
	}
}

static void test_defaults(void **state)
{
	struct hp_sweep q, f;

	(void)state;
	hp_sweep_default(&q, false, 2, HOST_RAM);
	hp_sweep_default(&f, true, 6, HOST_RAM);
	/* full: 4 KiB to 1 GiB in doublings; quick: a few points */
	assert_int_equal(f.nr_sizes, 19);
	assert_int_equal(f.sizes[0], 4 * KIB);
	assert_int_equal(f.sizes[18], GIB);
	assert_true(q.nr_sizes >= 2 && q.nr_sizes < f.nr_sizes);
	/* threads 1 to all CPUs, all included */
	assert_int_equal(f.nr_threads, 4);
	assert_int_equal(f.threads[0], 1);
	assert_int_equal(f.threads[2], 4);
	assert_int_equal(f.threads[3], 6);
	assert_int_equal(q.nr_threads, 1);
	assert_int_equal(q.nr_pinned, 4);
	assert_true(q.pinned[0] == 0 && q.pinned[1] == 1 && q.pinned[2] == 50 &&
		    q.pinned[3] == 100);
	assert_int_equal(q.nr_ram, 2);
	assert_int_equal(q.ram[0], HOST_RAM);
	assert_int_equal(q.ram[1], TIB);
	for (int i = 0; i < HP_NR_OPS; i++)
		assert_true(q.ops[i]);
	assert_true(q.orders[HP_SEQ] && q.orders[HP_RAND]);
	assert_true(q.places[HP_PLACE_RANDOM] && q.places[HP_PLACE_BLOCK]);
	assert_int_equal(q.reps, 0);
	assert_int_equal(q.pin_batch, 16);
	assert_int_equal(q.pin_limit, 256 << 10);
	assert_int_equal(f.pin_limit, 4 << 20);
}

static void test_lists_and_ranges(void **state)
{
	struct hp_sweep s;

	(void)state;
	assert_int_equal(parse(&s, 4, "sizes=4K..64K", "threads=1..all"), 0);
	assert_int_equal(s.nr_sizes, 5);
	assert_int_equal(s.sizes[4], 64 * KIB);
	assert_int_equal(s.nr_threads, 3);
	assert_int_equal(s.threads[2], 4);
	/* a range whose end is off the doubling grid still ends there */
	assert_int_equal(parse(&s, 4, "sizes=64..192", "threads=1..3"), 0);
	assert_int_equal(s.nr_sizes, 3);
	assert_int_equal(s.sizes[2], 192);
	assert_int_equal(s.nr_threads, 3);
	assert_int_equal(s.threads[2], 3);
	assert_int_equal(parse(&s, 8, "sizes=1M,4K,1G", "threads=all", "pinned=0,0.5,100"), 0);
	assert_int_equal(s.nr_sizes, 3);
	assert_int_equal(s.sizes[0], MIB);
	assert_int_equal(s.sizes[2], GIB);
	assert_int_equal(s.threads[0], 8);
	assert_int_equal(s.nr_pinned, 3);
	assert_true(s.pinned[1] == 0.5);
}

static void test_names_and_numbers(void **state)
{
	struct hp_sweep s;

	(void)state;
	assert_int_equal(parse(&s, 2, "ops=page_to_pfn,get_put", "orders=rand", "places=block",
			       "mem=remote"), 0);
	assert_true(s.ops[HP_PAGE_TO_PFN] && s.ops[HP_GET_PUT]);
	assert_false(s.ops[HP_PFN_TO_PAGE] || s.ops[HP_PIN_UNPIN]);
	assert_true(s.orders[HP_RAND] && !s.orders[HP_SEQ]);
	assert_true(s.places[HP_PLACE_BLOCK] && !s.places[HP_PLACE_RANDOM]);
	assert_true(s.mems[HP_MEM_REMOTE] && !s.mems[HP_MEM_LOCAL]);
	assert_int_equal(s.lineup, 0);		/* default: as many as fit */
	assert_int_equal(parse(&s, 2, "reps=30", "pin_batch=1", "pin_limit=5", "chase=0",
			       "ram=host,1T,512G", "lineup=1"), 0);
	assert_int_equal(s.lineup, 1);
	assert_int_equal(s.pin_limit, 5);
	assert_int_equal(s.reps, 30);
	assert_int_equal(s.pin_batch, 1);
	assert_false(s.chase);
	assert_int_equal(s.nr_ram, 3);
	assert_int_equal(s.ram[0], HOST_RAM);
	assert_int_equal(s.ram[2], 512 * GIB);
	assert_string_equal(hp_op_name(HP_PIN_UNPIN), "pin_unpin");
	assert_string_equal(hp_order_name(HP_RAND), "rand");
	assert_string_equal(hp_place_name(HP_PLACE_BLOCK), "block");
	assert_string_equal(hp_mem_name(HP_MEM_LOCAL), "local");
}

/* Each bad spec fails with a message naming what is wrong. */
static void test_bad_input(void **state)
{
	static const struct { const char *spec, *says; } bad[] = {
		{ "sizes=100", "sizes" },		/* not whole page structs */
		{ "sizes=32", "sizes" },
		{ "sizes=4Q", "sizes" },
		{ "sizes=", "empty" },
		{ "sizes=1M..4K", "backwards" },
		{ "sizes=64..16G,64..16G,64..16G", "more than" },
		{ "sizes=1T", "memory" },		/* more than HOST_RAM */
		{ "sizes=16K,,", "empty element" },
		{ "sizes=,16K", "empty element" },
		{ "ops=page_to_pfn,", "empty element" },
		{ "threads=3", "threads" },		/* more than the 2 CPUs */
		{ "threads=0", "threads" },
		{ "threads=1..x", "threads" },
		{ "pinned=101", "pinned" },
		{ "pinned=-1", "pinned" },
		{ "pinned=5%", "pinned" },
		{ "ops=page_to_pfn,bogus", "bogus" },
		{ "orders=", "empty" },
		{ "reps=0", "reps" },
		{ "reps=-3", "reps" },
		{ "pin_batch=99999", "pin_batch" },
		{ "chase=2", "chase" },
		{ "lineup=x", "lineup" },
		{ "lineup=1001", "lineup" },
		{ "pin_limit=0", "pin_limit" },
		{ "ram=100", "ram" },
		{ "color=blue", "unknown key" },
		{ "reps=1,2", "reps" },
	};
	struct hp_sweep s;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&s, 2, bad[i].spec), -1);
		if (!strstr(err, bad[i].says))
			fail_msg("'%s' gave '%s', expected it to mention '%s'",
				 bad[i].spec, err, bad[i].says);
	}
}

/* Pages pinned by a share of a working set of 64-byte page structs. */
static void test_pinned_pages(void **state)
{
	(void)state;
	assert_int_equal(hp_pinned_pages(64 * MIB, 100), 1 << 20);
	assert_int_equal(hp_pinned_pages(64 * MIB, 50), 1 << 19);
	assert_int_equal(hp_pinned_pages(64 * MIB, 1), 10486);	/* 10485.76 rounds up */
	assert_int_equal(hp_pinned_pages(4 * KIB, 1), 1);	/* 0.64 of a page */
	assert_int_equal(hp_pinned_pages(4 * KIB, 0.5), 0);
	assert_int_equal(hp_pinned_pages(GIB, 0), 0);
}

/* Each item of the sweep as described, passed back as a --param. */
static int set_described(struct hp_sweep *s, int cpus, const char *text)
{
	char copy[2048], *save = NULL;
	const char *items[32];
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", text);
	for (char *item = strtok_r(copy, ";", &save); item && n < 31;
	     item = strtok_r(NULL, ";", &save))
		items[n++] = item;
	items[n] = NULL;
	return set_params(s, cpus, items);
}

/* A described sweep parses back to itself (the manifest can be re-run). */
static void test_describe_round_trip(void **state)
{
	static const char *const specs[][10] = {
		{ "lineup=0" },
		{ "sizes=4K..1G", "threads=1..all", "pinned=0,0.1,33.3,100", "reps=7" },
		{ "ops=pin_unpin", "orders=rand", "places=block", "mem=remote", "chase=0",
		  "ram=2G,3T", "pin_batch=1", "pin_limit=77", "lineup=3" },
	};
	char text[2048], again[2048];
	struct hp_sweep a, b;

	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		hp_sweep_default(&a, false, 4, HOST_RAM);
		assert_int_equal(set_params(&a, 4, specs[i]), 0);
		hp_sweep_describe(&a, text, sizeof(text));
		hp_sweep_default(&b, true, 4, 1ull << 20);	/* other defaults */
		if (set_described(&b, 4, text))
			fail_msg("'%s' does not parse: %s", text, err);
		hp_sweep_describe(&b, again, sizeof(again));
		assert_string_equal(text, again);
		assert_int_equal(a.nr_sizes, b.nr_sizes);
		assert_int_equal(a.nr_threads, b.nr_threads);
		assert_int_equal(a.nr_pinned, b.nr_pinned);
		assert_int_equal(a.nr_ram, b.nr_ram);
	}
}

/* Every parameter `pinbench list` shows is a key the parser reads. */
static void test_every_param_parses(void **state)
{
	struct hp_sweep s;

	(void)state;
	for (const struct bench_param_desc *p = hp_sweep_params; p->name; p++) {
		hp_sweep_default(&s, false, 2, HOST_RAM);
		assert_non_null(p->help);
		assert_int_equal(hp_sweep_set(&s, p->name, "junk", 2, HOST_RAM, err, sizeof(err)),
				 -1);
		if (strncmp(err, p->name, strlen(p->name)) || strstr(err, "unknown key"))
			fail_msg("%s=junk gave '%s'", p->name, err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_lists_and_ranges),
		cmocka_unit_test(test_names_and_numbers),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_describe_round_trip),
		cmocka_unit_test(test_every_param_parses),
		cmocka_unit_test(test_pinned_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
