// SPDX-License-Identifier: GPL-2.0
/*
 * pinbench run: validate everything first (nothing is written for bad
 * input), say what will be measured and for how long, run the benchmarks
 * with progress, and leave a run directory whose manifest says whether it
 * is whole.
 */
#include "cli/commands.h"
#include "core/counters.h"
#include "core/manifest.h"
#include "kernels/pin_design.h"
#include "core/progress.h"
#include "core/registry.h"
#include "core/results.h"
#include "core/run.h"
#include "core/runctl.h"
#include "core/timer.h"
#include "core/topo.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define MAX_SELECT 256
#define MAX_EXTRA 64
#define DEFAULT_SEED 1	/* fixed: runs on kernels A and B make the same random choices */

struct run_args {
	struct run_opts opts;
	const struct bench *benches[MAX_SELECT];
	size_t nr_benches;
	const char *designs[MAX_SELECT];
	const char *label, *print_dir;
	const char *extra[MAX_EXTRA];	/* --manifest KEY=VALUE */
	const char *params[MAX_EXTRA];	/* --param BENCH.NAME=VALUE */
	size_t nr_extra;
	bool mode_given;
	char run_dir[PATH_MAX];
};

static const char run_usage[] =
	"usage: pinbench run [-b BENCH]... [-d DESIGN]... [-o DIR] [--quick|--full]\n"
	"                    [--reps N] [--seed N] [--label TEXT] [--workdir DIR]\n"
	"                    [--manifest KEY=VALUE]... [--param BENCH.NAME=VALUE]...\n"
	"Runs benchmarks (all when no -b) over designs (the eight of the study when\n"
	"no -d; -d all for every variant) and writes a run directory (default\n"
	"results/<host>-<kernel>-<UTC time>/): manifest.tsv, <bench>.tsv, summary.tsv.\n"
	"  -b, --bench NAME     a benchmark (see pinbench list); repeatable\n"
	"  -d, --design NAME    a design or variant; 'all' or 'primary'; repeatable\n"
	"  -o, --output DIR     run directory (must not exist, or be empty)\n"
	"      --quick          short sweeps, few repetitions (default)\n"
	"      --full           wide sweeps and more repetitions, for servers\n"
	"      --reps N         repetitions per case (1..100000; default per benchmark)\n"
	"      --seed N         seed of every random choice (default 1)\n"
	"      --label TEXT     name of this run in comparisons (e.g. 'patched')\n"
	"      --workdir DIR    where workloads may create files (default /var/tmp)\n"
	"      --manifest K=V   add a key to manifest.tsv (e.g. virt=tcg)\n"
	"      --param B.N=V    set parameter N of benchmark B (see pinbench list)\n";

static int usage_error(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "pinbench run: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 2;
}

static int parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return (*end || errno || *out > max) ? -EINVAL : 0;
}

static void design_names(char *out, size_t len)
{
	size_t off = (size_t)snprintf(out, len, "all, primary");

	for (size_t i = 0; i < pin_design_variant_count() && off < len; i++)
		off += (size_t)snprintf(out + off, len - off, ", %s", pin_design_variant_at(i)->name);
}

static int add_bench(struct run_args *a, const char *name)
{
	char valid[2048];
	const struct bench *b = bench_find(name);

	if (!b) {
		bench_names(valid, sizeof(valid));
		return usage_error("unknown benchmark '%s' (valid: %s)", name, valid);
	}
	for (size_t i = 0; i < a->nr_benches; i++)
		if (a->benches[i] == b)
			return 0;
	if (a->nr_benches == MAX_SELECT)
		return usage_error("too many -b%s%s", "", "");
	a->benches[a->nr_benches++] = b;
	return 0;
}

static void add_design_name(struct run_args *a, const char *name)
{
	for (size_t i = 0; i < a->opts.nr_designs; i++)
		if (!strcmp(a->designs[i], name))
			return;
	if (a->opts.nr_designs < MAX_SELECT)
		a->designs[a->opts.nr_designs++] = name;
}

static void add_variants(struct run_args *a, bool primary_only)
{
	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);

		if (v->primary || !primary_only)
			add_design_name(a, v->name);
	}
}

static int add_design(struct run_args *a, const char *name)
{
	char valid[4096];

	if (!strcmp(name, "all") || !strcmp(name, "primary")) {
		add_variants(a, !strcmp(name, "primary"));
		return 0;
	}
	if (!pin_design_variant_find(name)) {
		design_names(valid, sizeof(valid));
		return usage_error("unknown design '%s' (valid: %s)", name, valid);
	}
	add_design_name(a, name);
	return 0;
}

static int add_extra(struct run_args *a, const char *kv)
{
	const char *eq = strchr(kv, '=');

	if (!eq || eq == kv || strchr(kv, '\t') || strchr(kv, '\n'))
		return usage_error("--manifest wants KEY=VALUE, got '%s'%s", kv, "");
	if (manifest_key_reserved(kv, (size_t)(eq - kv))) {
		fprintf(stderr, "pinbench run: --manifest: '%.*s' is a key the run writes itself\n",
			(int)(eq - kv), kv);
		return 2;
	}
	if (a->nr_extra == MAX_EXTRA)
		return usage_error("too many --manifest%s%s", "", "");
	a->extra[a->nr_extra++] = kv;
	return 0;
}

static void param_names(const struct bench *b, char *out, size_t len)
{
	size_t off = 0;

	out[0] = 0;
	for (const struct bench_param_desc *p = b->params; p && p->name && off < len; p++)
		off += (size_t)snprintf(out + off, len - off, "%s%s", off ? ", " : "", p->name);
	if (!off)
		snprintf(out, len, "it takes none");
}

static bool bench_takes(const struct bench *b, const char *name, size_t len)
{
	for (const struct bench_param_desc *p = b->params; p && p->name; p++)
		if (strlen(p->name) == len && !strncmp(p->name, name, len))
			return true;
	return false;
}

/* --param BENCH.NAME=VALUE: the benchmark and the parameter must exist. */
static int add_param(struct run_args *a, const char *arg)
{
	const char *dot = strchr(arg, '.'), *eq = strchr(arg, '=');
	char bench[128], valid[1024];
	const struct bench *b;

	if (!dot || !eq || eq < dot || dot == arg || eq == dot + 1)
		return usage_error("--param wants BENCH.NAME=VALUE, got '%s'%s", arg, "");
	snprintf(bench, sizeof(bench), "%.*s", (int)(dot - arg), arg);
	if (!(b = bench_find(bench))) {
		bench_names(valid, sizeof(valid));
		return usage_error("--param: unknown benchmark '%s' (valid: %s)", bench, valid);
	}
	if (!bench_takes(b, dot + 1, (size_t)(eq - dot - 1))) {
		param_names(b, valid, sizeof(valid));
		return usage_error("--param: unknown parameter of %s (valid: %s)", bench, valid);
	}
	if (a->opts.nr_params == MAX_EXTRA)
		return usage_error("too many --param%s%s", "", "");
	a->params[a->opts.nr_params++] = arg;
	return 0;
}

enum { OPT_QUICK = 256, OPT_FULL, OPT_REPS, OPT_SEED, OPT_LABEL, OPT_WORKDIR,
       OPT_MANIFEST, OPT_PRINT_DIR, OPT_PARAM };

static const struct option run_options[] = {
	{ "bench", required_argument, NULL, 'b' },
	{ "design", required_argument, NULL, 'd' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "quick", no_argument, NULL, OPT_QUICK },
	{ "full", no_argument, NULL, OPT_FULL },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "workdir", required_argument, NULL, OPT_WORKDIR },
	{ "manifest", required_argument, NULL, OPT_MANIFEST },
	{ "param", required_argument, NULL, OPT_PARAM },
	{ "print-dir", required_argument, NULL, OPT_PRINT_DIR },	/* for make bench */
	{ 0 }
};

static int parse_number_option(int opt, const char *arg, struct run_args *a)
{
	unsigned long long v;

	if (opt == OPT_REPS) {
		if (parse_u64(arg, 100000, &v) || v < 1)
			return usage_error("--reps wants a whole number from 1 to 100000, got '%s'%s", arg, "");
		a->opts.reps = (unsigned)v;
		return 0;
	}
	if (parse_u64(arg, ULLONG_MAX, &v))
		return usage_error("--seed wants a non-negative whole number, got '%s'%s", arg, "");
	a->opts.seed = v;
	return 0;
}

/* --quick and --full contradict each other: which was meant is unknown. */
static int set_mode(struct run_args *a, enum bench_mode mode)
{
	if (a->mode_given && a->opts.mode != mode)
		return usage_error("--quick and --full exclude each other%s%s", "", "");
	a->mode_given = true;
	a->opts.mode = mode;
	return 0;
}

static int parse_one(int opt, const char *arg, struct run_args *a)
{
	switch (opt) {
	case 'b': return add_bench(a, arg);
	case 'd': return add_design(a, arg);
	case 'o': a->opts.run_dir = arg; return 0;
	case OPT_QUICK: case OPT_FULL: return set_mode(a, opt == OPT_FULL ? BENCH_FULL : BENCH_QUICK);
	case OPT_REPS: case OPT_SEED: return parse_number_option(opt, arg, a);
	case OPT_LABEL: a->label = arg; return 0;
	case OPT_WORKDIR: a->opts.workdir = arg; return 0;
	case OPT_MANIFEST: return add_extra(a, arg);
	case OPT_PARAM: return add_param(a, arg);
	case OPT_PRINT_DIR: a->print_dir = arg; return 0;
	default: return 2;
	}
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	int opt, ret;

	a->opts.seed = DEFAULT_SEED;
	a->opts.workdir = "/var/tmp";
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+b:d:o:h", run_options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(run_usage, stdout);
			return -1;
		}
		if (opt == '?')
			return usage_error("unknown or incomplete option '%s' (see pinbench run --help)%s",
					   argv[optind - 1], "");
		if ((ret = parse_one(opt, optarg, a)))
			return ret;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s' (see pinbench run --help)%s", argv[optind], "");
	return 0;
}

static void default_run_dir(struct run_args *a)
{
	struct utsname u;
	char host[128] = "host", stamp[32];
	time_t now = time(NULL);

	uname(&u);
	gethostname(host, sizeof(host));
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(a->run_dir, sizeof(a->run_dir), "results/%s-%s-%s", host, u.release, stamp);
}

static bool selected(const struct run_args *a, const struct bench *b)
{
	for (size_t i = 0; i < a->nr_benches; i++)
		if (a->benches[i] == b)
			return true;
	return false;
}

/* Parameters must be for selected benchmarks and pass their own checks. */
static int check_params(struct run_args *a)
{
	char err[512];

	for (size_t i = 0; i < a->opts.nr_params; i++) {
		const char *dot = strchr(a->params[i], '.');
		char name[128];

		snprintf(name, sizeof(name), "%.*s", (int)(dot - a->params[i]), a->params[i]);
		if (!selected(a, bench_find(name)))
			return usage_error("--param %s: benchmark %s is not selected by -b",
					   a->params[i], name);
	}
	for (size_t i = 0; i < a->nr_benches; i++) {
		const struct bench *b = a->benches[i];
		struct bench_ctx *ctx;
		int bad;

		if (!b->check_params)
			continue;
		ctx = bench_ctx_new(b, &a->opts, NULL, NULL);
		bad = b->check_params(ctx, err, sizeof(err));
		bench_ctx_free(ctx);
		if (bad)
			return usage_error("%s: %s", b->name, err);
	}
	return 0;
}

/* Everything that can make the run refuse to start, checked before writing. */
static int validate(struct run_args *a)
{
	char err[512];

	if (!a->nr_benches)
		for (size_t i = 0; i < bench_count(); i++)
			a->benches[a->nr_benches++] = bench_at(i);
	if (!a->opts.nr_designs)
		add_variants(a, true);
	a->opts.designs = a->designs;
	a->opts.params = a->params;
	if (check_params(a))
		return 2;
	if (access(a->opts.workdir, W_OK | X_OK))
		return usage_error("--workdir %s is not a writable directory%s", a->opts.workdir, "");
	if (!a->opts.run_dir)
		default_run_dir(a);
	/* Checked before it is copied: a path longer than run_dir is refused,
	 * never cut short. */
	if (results_check_dir(a->opts.run_dir ? a->opts.run_dir : a->run_dir, err, sizeof(err)))
		return usage_error("%s%s", err, "");
	if (a->opts.run_dir)
		snprintf(a->run_dir, sizeof(a->run_dir), "%s", a->opts.run_dir);
	a->opts.run_dir = a->run_dir;
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_args *a = calloc(1, sizeof(*a));
	int ret;

	if (!a)
		return 1;
	ret = parse_args(argc, argv, a);
	if (ret < 0)
		ret = 0;	/* --help */
	else if (!ret && !(ret = validate(a)))
		ret = run_execute(&a->opts, a->benches, a->nr_benches, a->label,
				  a->extra, a->nr_extra, a->print_dir, argc, argv);
	free(a);
	return ret;
}
