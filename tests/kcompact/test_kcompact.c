// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kcompact/test_kcompact.c - every compaction pass says whether it
 * had anything to do (no_pressure 0 or 1), so a "fragmented" scenario in
 * which compaction moved nothing cannot pass for a fragmented machine.
 * Root only (kcompact needs it); skipped otherwise.
 */
#include "core/tsv.h"
#include "tests/testutil.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void every_pass_flags_pressure(void **state)
{
	char dir[300], path[340], err[512];
	const char *args[] = { "run", "-b", "kcompact", "--quick", "--reps", "1",
			       "--param", "kcompact.frag_mib=256", "-o", dir, NULL };
	struct tsv_table t;
	size_t passes = 0, flags = 0;
	int m, v, c;

	(void)state;
	if (geteuid() != 0)
		skip();
	snprintf(dir, sizeof(dir), "%s/run", test_tmpdir());
	assert_int_equal(run_cli(args, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/kcompact.tsv", dir);
	assert_int_equal(tsv_read(path, &t, err, sizeof(err)), 0);
	m = tsv_column(&t, "metric");
	v = tsv_column(&t, "value");
	c = tsv_column(&t, "case");
	for (size_t i = 0; i < t.nr_rows; i++) {
		if (!strcmp(t.rows[i][m], "compact_wall_ms"))
			passes++;
		if (!strcmp(t.rows[i][m], "no_pressure")) {
			flags++;
			assert_true(!strcmp(t.rows[i][v], "0") || !strcmp(t.rows[i][v], "1"));
			assert_non_null(strstr(t.rows[i][c], "pass="));
		}
	}
	assert_true(passes > 0);
	assert_int_equal(flags, passes);
	tsv_free(&t);
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_pass_flags_pressure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
