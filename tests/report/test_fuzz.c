// SPDX-License-Identifier: GPL-2.0
/*
 * tests/report/test_fuzz.c - a bounded fuzz of compare and plot's data
 * stage: mutated copies of the smallest committed run (truncated, columns
 * swapped or missing, NaN/inf/huge values, long fields, binary bytes,
 * FIFOs, links, a bad manifest, seeded random byte flips) compared with
 * the pristine run.  Each case runs in a child with a time limit: it must
 * not crash, hang or draw a sanitizer report, must exit 0, 1 or 2, and a
 * refusal must be one line.  (gnuplot itself is left out: seconds a case.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <signal.h>

#include "report/compare.h"
#include "report/plot.h"
#include "tests/testutil.h"

#define BASE_RUN "results/hotpath-dram-random-20261122"
#define CASE_SECONDS 20
#define SAN_EXIT 99	/* a sanitizer report: never one of 0, 1, 2 */

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__asan_default_options(void)
{
	return "exitcode=99";
}

const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:exitcode=99:print_stacktrace=1";
}

static char *tmp;
static char pristine[4200], mutant[4200], errfile[4200];

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

static void spill(const char *path, const char *buf, size_t len)
{
	FILE *f;

	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(buf, 1, len, f);
	fclose(f);
}

static void fresh_mutant(void)
{
	char cmd[9000];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s' '%s'", mutant, pristine, mutant);
	assert_int_equal(system(cmd), 0);
}

/* The plot side without gnuplot: figures planned, their data written. */
static int plot_data(char **dirs)
{
	struct run runs[2];
	char err[512];
	int ret = 0;

	if (runs_load(dirs, 2, runs, err, sizeof(err))) {
		fprintf(stderr, "plot: %s\n", err);
		return 2;
	}
	for (int boxes = 0; boxes < 2; boxes++) {
		size_t nr;
		struct figure *figs = figures_build(runs, 2, NULL, boxes, &nr);

		for (size_t i = 0; figs && i < nr; i++) {
			struct fig_blocks b;

			if (figure_write_data(&figs[i], runs, 2, "/dev/null", &b, err, sizeof(err)))
				ret = 1;
		}
		figures_free(figs, nr);
	}
	runs_free(runs, 2);
	return ret;
}

static int child(int what)
{
	char *dirs[] = { pristine, mutant };
	char *cmp[] = { "compare", "--allow-incomplete", pristine, mutant, NULL };
	char *designs[] = { "compare", "--designs", "--allow-incomplete", mutant, NULL };
	FILE *out = fopen("/dev/null", "w");

	alarm(CASE_SECONDS);
	if (what == 0)
		return compare_main(4, cmp, out);
	if (what == 1)
		return compare_main(4, designs, out);
	return plot_data(dirs);
}

static int count_error_lines(const char *text)
{
	int n = 0;

	for (const char *line = text; *line; ) {
		const char *end = strchr(line, '\n');

		n += !strstr(line, "left out") || (end && strstr(line, "left out") > end);
		if (!end)
			break;
		line = end + 1;
	}
	return n;
}

/* Runs compare, compare --designs and the plot data on the mutant. */
static void check_case(const char *name)
{
	for (int what = 0; what < 3; what++) {
		char text[65536];
		size_t len = 0;
		int status, fd;
		pid_t pid = fork();

		if (pid == 0) {
			fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			dup2(fd, STDERR_FILENO);
			_exit(child(what));
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		fd = open(errfile, O_RDONLY);
		if (fd >= 0) {
			ssize_t n = read(fd, text, sizeof(text) - 1);

			len = n > 0 ? (size_t)n : 0;
			close(fd);
		}
		text[len] = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 2)
			fail_msg("case %s, step %d: %s %d\n%s", name, what,
				 WIFEXITED(status) ? "exit" : "signal",
				 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), text);
		if (what < 2 && WEXITSTATUS(status) && count_error_lines(text) != 1)
			fail_msg("case %s, step %d: exit %d with not one line:\n%s", name, what,
				 WEXITSTATUS(status), text);
	}
}

/* ---- the mutations ------------------------------------------------------ */

static void table_path(char *out, size_t len, const char *file)
{
	snprintf(out, len, "%s/%s", mutant, file);
}

static void truncate_at(const char *file, double where)
{
	char path[4300];
	struct stat st;

	table_path(path, sizeof(path), file);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, (off_t)((double)st.st_size * where)), 0);
}

/* Replaces the first occurrence of what in file by with. */
static void replace(const char *file, const char *what, const char *with)
{
	char path[4300], *buf, *at, *out;
	size_t len, wlen = strlen(what), rlen = strlen(with);

	table_path(path, sizeof(path), file);
	buf = slurp(path, &len);
	at = strstr(buf, what);
	if (at) {
		out = malloc(len - wlen + rlen + 1);
		memcpy(out, buf, (size_t)(at - buf));
		memcpy(out + (at - buf), with, rlen);
		memcpy(out + (at - buf) + rlen, at + wlen, len - (size_t)(at - buf) - wlen);
		spill(path, out, len - wlen + rlen);
		free(out);
	}
	free(buf);
}

/* Every sample's value (the last field of each row) replaced by value. */
static void every_value(const char *value)
{
	char path[4300], *buf, *out, *p;
	size_t len, k = 0;

	table_path(path, sizeof(path), "hotpath.tsv");
	buf = slurp(path, &len);
	out = malloc(len * 4 + 64);
	for (p = buf; *p; ) {
		char *nl = strchr(p, '\n'), *tab;

		if (!nl)
			break;
		tab = memrchr(p, '\t', (size_t)(nl - p));
		if (p != buf && tab) {
			memcpy(out + k, p, (size_t)(tab - p) + 1);
			k += (size_t)(tab - p) + 1;
			k += (size_t)sprintf(out + k, "%s\n", value);
		} else {
			memcpy(out + k, p, (size_t)(nl - p) + 1);
			k += (size_t)(nl - p) + 1;
		}
		p = nl + 1;
	}
	spill(path, out, k);
	free(out);
	free(buf);
}

static void flip_bytes(unsigned seed, int nr)
{
	char path[4300], *buf;
	size_t len;

	table_path(path, sizeof(path), "hotpath.tsv");
	buf = slurp(path, &len);
	srand(seed);
	for (int i = 0; i < nr && len; i++)
		buf[(size_t)rand() % len] = (char)(rand() % 256);
	spill(path, buf, len);
	free(buf);
}

static void long_field(const char *file, const char *what, size_t n)
{
	char *big = malloc(n + 1);

	memset(big, 'x', n);
	big[n] = 0;
	replace(file, what, big);
	free(big);
}

static void special_file(const char *file, int kind)
{
	char path[4300];

	table_path(path, sizeof(path), file);
	unlink(path);
	if (kind == 0)
		assert_int_equal(mkfifo(path, 0644), 0);
	else if (kind == 1)
		assert_int_equal(symlink("/dev/zero", path), 0);
	else if (kind == 2)
		assert_int_equal(symlink(path, path), 0);	/* a loop */
	else
		assert_int_equal(mkdir(path, 0755), 0);
}

static void fuzz_values(void **state)
{
	static const char *const values[] = {
		"nan", "inf", "-inf", "1e100", "1e308", "-1e308", "1e-320", "0", "-0", "",
		"NA", "0x1p+1023", "12abc", "1e999",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		fresh_mutant();
		every_value(values[i]);
		check_case(values[i]);
	}
	fresh_mutant();
	replace("hotpath.tsv", "\t0.726583\n", "\t1e100\n");
	check_case("one huge sample");
}

static void fuzz_structure(void **state)
{
	static const double cuts[] = { 0, 0.0001, 0.3, 0.5001, 0.999 };
	char name[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		fresh_mutant();
		truncate_at("hotpath.tsv", cuts[i]);
		snprintf(name, sizeof(name), "cut at %.4f", cuts[i]);
		check_case(name);
	}
	fresh_mutant();
	replace("hotpath.tsv", "rep\tvalue", "value\trep");
	check_case("swapped columns");
	fresh_mutant();
	replace("hotpath.tsv", "bench\tdesign", "design\tbench");
	check_case("swapped names");
	fresh_mutant();
	replace("hotpath.tsv", "\tvalue\n", "\n");
	check_case("missing column");
	fresh_mutant();
	replace("hotpath.tsv", "better", "worse");
	check_case("renamed column");
	fresh_mutant();
	long_field("hotpath.tsv", "op=empty,threads=1", 200000);
	check_case("long case");
	fresh_mutant();
	long_field("hotpath.tsv", "ns_per_op", 20000);
	check_case("long metric");
}

static void fuzz_bytes_and_files(void **state)
{
	static const char *const files[] = { "hotpath.tsv", "manifest.tsv" };
	char name[64];

	(void)state;
	for (unsigned seed = 1; seed <= 12; seed++) {
		fresh_mutant();
		flip_bytes(seed, (int)seed * 3);
		snprintf(name, sizeof(name), "flips seed %u", seed);
		check_case(name);
	}
	fresh_mutant();
	replace("hotpath.tsv", "ns_per_op", "ns\x01\xff\x7f\r\\");
	check_case("binary bytes");
	for (int f = 0; f < 2; f++) {
		for (int kind = 0; kind < 4; kind++) {
			fresh_mutant();
			special_file(files[f], kind);
			snprintf(name, sizeof(name), "%s special %d", files[f], kind);
			check_case(name);
		}
	}
}

static void fuzz_manifest(void **state)
{
	static const char *const benches[] = {
		"benches\t\n", "benches\t,,,\n", "benches\t../../../../etc/passwd\n",
		"benches\thotpath,hotpath\n", "benches\tnope\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		fresh_mutant();
		replace("manifest.tsv", "benches\thotpath\n", benches[i]);
		check_case(benches[i]);
	}
	fresh_mutant();
	truncate_at("manifest.tsv", 0.5);
	check_case("manifest cut");
	fresh_mutant();
	truncate_at("manifest.tsv", 0);
	check_case("manifest empty");
	fresh_mutant();
	replace("manifest.tsv", "status\tcomplete", "status\tfailed");
	check_case("failed run");
}

static int setup(void **state)
{
	char cmd[9000];

	(void)state;
	if (!path_exists(BASE_RUN "/manifest.tsv"))
		return 0;	/* each test skips */
	tmp = test_tmpdir();
	snprintf(pristine, sizeof(pristine), "%s/a", tmp);
	snprintf(mutant, sizeof(mutant), "%s/b", tmp);
	snprintf(errfile, sizeof(errfile), "%s/stderr", tmp);
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s'", BASE_RUN, pristine);
	return system(cmd);
}

static int teardown(void **state)
{
	(void)state;
	if (tmp)
		rm_rf(tmp);
	free(tmp);
	return 0;
}

static void skip_without_base(void)
{
	if (!tmp)
		skip();
}

#define FUZZ(fn) static void run_##fn(void **s) { skip_without_base(); fn(s); }
FUZZ(fuzz_values)
FUZZ(fuzz_structure)
FUZZ(fuzz_bytes_and_files)
FUZZ(fuzz_manifest)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(run_fuzz_values),
		cmocka_unit_test(run_fuzz_structure),
		cmocka_unit_test(run_fuzz_bytes_and_files),
		cmocka_unit_test(run_fuzz_manifest),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
