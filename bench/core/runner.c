// SPDX-License-Identifier: GPL-2.0
/* Executing a validated run: plan, manifest, benchmarks, summary. */
#include "core/counters.h"
#include "core/manifest.h"
#include "core/progress.h"
#include "core/results.h"
#include "core/run.h"
#include "core/runctl.h"
#include "core/stats.h"
#include "core/timer.h"
#include "core/topo.h"
#include "workloads/state.h"
#include "workloads/state_recover.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SUMMARY_ROWS_PER_BENCH 12

struct runner {
	const struct run_opts *opts;
	const struct bench *const *benches;
	size_t nr;
	struct bench_ctx **ctx;
	double *estimate;
	double total_estimate;
	struct results *results;
	struct progress *progress;
	int failures;
};

static void print_plan(const struct runner *rn)
{
	char total[32];
	int missing = 0;

	fprintf(stderr, "pinbench: %zu benchmark(s) over %zu design(s), %s mode, seed %llu\n",
		rn->nr, rn->opts->nr_designs, rn->opts->mode == BENCH_FULL ? "full" : "quick",
		(unsigned long long)rn->opts->seed);
	for (size_t i = 0; i < rn->nr; i++) {
		char est[32];

		progress_format_duration(rn->estimate[i], est, sizeof(est));
		fprintf(stderr, "  %-16s ~%-7s %s\n", rn->benches[i]->name, est, rn->benches[i]->summary);
	}
	for (int c = 0; c < HW_NR; c++)
		missing += !counters_available(c);
	if (missing)
		fprintf(stderr, "  hardware counters: %d of %d missing (%s: %s); recorded as NA\n",
			missing, HW_NR, counters_name(HW_CYCLES), counters_status(HW_CYCLES));
	progress_format_duration(rn->total_estimate, total, sizeof(total));
	fprintf(stderr, "  estimated time: %s; output: %s\n", total, rn->opts->run_dir);
}

static void join_names(char *out, size_t len, const char *const *names, size_t n,
		       const char *sep)
{
	size_t off = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(out + off, len - off, "%s%s", i ? sep : "", names[i]);
}

static void manifest_run_facts(struct runner *rn, const char *label, int argc, char **argv)
{
	char buf[8192], date[64];
	const char *names[256];
	time_t now = time(NULL);
	struct results *r = rn->results;

	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	results_manifest_set(r, "status", "incomplete");
	results_manifest_set(r, "status_reason", "run in progress, or killed before it could finish");
	results_manifest_set(r, "label", "%s", label ? label : "");
	results_manifest_set(r, "date", "%s", date);
	join_names(buf, sizeof(buf), (const char *const *)argv, (size_t)argc, " ");
	results_manifest_set(r, "command_line", "pinbench %s", buf);
	results_manifest_set(r, "seed", "%llu", (unsigned long long)rn->opts->seed);
	results_manifest_set(r, "mode", "%s", rn->opts->mode == BENCH_FULL ? "full" : "quick");
	if (rn->opts->reps)
		results_manifest_set(r, "reps", "%u", rn->opts->reps);
	else
		results_manifest_set(r, "reps", "each benchmark's default");
	results_manifest_set(r, "workdir", "%s", rn->opts->workdir);
	join_names(buf, sizeof(buf), rn->opts->designs, rn->opts->nr_designs, ",");
	results_manifest_set(r, "designs", "%s", buf);
	for (size_t i = 0; i < rn->nr && i < 256; i++)
		names[i] = rn->benches[i]->name;
	join_names(buf, sizeof(buf), names, rn->nr < 256 ? rn->nr : 256, ",");
	results_manifest_set(r, "benches", "%s", buf);
	manifest_collect_machine(r);
	state_manifest_originals(r);
}

static void manifest_extra(struct results *r, const char *const *extra, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(extra[i], '=');
		char key[256];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - extra[i]), extra[i]);
		results_manifest_set(r, key, "%s", eq + 1);
	}
}

static const char *status_word(enum bench_status s)
{
	static const char *const words[] = { "ok", "skipped", "failed", "interrupted" };

	return (unsigned)s < 4 ? words[s] : "failed";
}

static void run_one(struct runner *rn, size_t i)
{
	const struct bench *b = rn->benches[i];
	double t0 = (double)timer_clock_ns(CLOCK_MONOTONIC);
	enum bench_status st;
	char key[128];

	progress_begin_bench(rn->progress, b->name, rn->estimate[i], (int)i, (int)rn->nr);
	st = b->run(rn->ctx[i]);
	if (st == BENCH_OK && bench_should_stop())
		st = BENCH_INTERRUPTED;
	progress_end_bench(rn->progress);
	snprintf(key, sizeof(key), "bench.%s.status", b->name);
	if (*bench_ctx_reason(rn->ctx[i]))
		results_manifest_set(rn->results, key, "%s: %s", status_word(st), bench_ctx_reason(rn->ctx[i]));
	else
		results_manifest_set(rn->results, key, "%s", status_word(st));
	snprintf(key, sizeof(key), "bench.%s.seconds", b->name);
	results_manifest_set(rn->results, key, "%.1f", ((double)timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e9);
	if (st == BENCH_SKIPPED)
		fprintf(stderr, "pinbench: %s skipped: %s\n", b->name, bench_ctx_reason(rn->ctx[i]));
	if (st == BENCH_FAILED) {
		rn->failures++;
		fprintf(stderr, "pinbench: %s failed: %s\n", b->name, bench_ctx_reason(rn->ctx[i]));
	}
	results_flush_manifest(rn->results);
}

static void finish_manifest(struct runner *rn)
{
	int sig = runctl_signal();

	if (sig) {
		results_manifest_set(rn->results, "status_reason", "interrupted by %s",
				     strsignal(sig));
		return;
	}
	/* A failed benchmark's numbers are partial: compare must not take
	 * the run as whole without --allow-incomplete. */
	results_manifest_set(rn->results, "status", rn->failures ? "failed" : "complete");
	if (rn->failures)
		results_manifest_set(rn->results, "status_reason", "%d benchmark(s) failed: see bench.*.status",
				     rn->failures);
	else
		results_manifest_set(rn->results, "status_reason", "%s", "");
}

static int setup(struct runner *rn)
{
	char err[512];

	rn->ctx = calloc(rn->nr, sizeof(*rn->ctx));
	rn->estimate = calloc(rn->nr, sizeof(*rn->estimate));
	if (!rn->ctx || !rn->estimate)
		return -1;
	for (size_t i = 0; i < rn->nr; i++) {
		rn->ctx[i] = bench_ctx_new(rn->benches[i], rn->opts, NULL, NULL);
		rn->estimate[i] = rn->benches[i]->estimate_s(rn->ctx[i]);
		rn->total_estimate += rn->estimate[i];
	}
	print_plan(rn);
	rn->results = results_open(rn->opts->run_dir, err, sizeof(err));
	if (!rn->results) {
		fprintf(stderr, "pinbench run: %s\n", err);
		return -1;
	}
	rn->progress = progress_new(stderr, rn->total_estimate);
	for (size_t i = 0; i < rn->nr; i++) {
		bench_ctx_free(rn->ctx[i]);
		rn->ctx[i] = bench_ctx_new(rn->benches[i], rn->opts, rn->results, rn->progress);
	}
	return 0;
}

static void teardown(struct runner *rn)
{
	for (size_t i = 0; rn->ctx && i < rn->nr; i++)
		bench_ctx_free(rn->ctx[i]);
	free(rn->ctx);
	free(rn->estimate);
	progress_free(rn->progress);
}

static void write_print_dir(const char *file, const char *dir)
{
	FILE *f = file ? fopen(file, "w") : NULL;

	if (f) {
		fprintf(f, "%s\n", dir);
		fclose(f);
	}
}

int run_execute(const struct run_opts *opts, const struct bench *const *benches,
		size_t nr, const char *label, const char *const *extra, size_t nr_extra,
		const char *print_dir, int argc, char **argv)
{
	struct runner rn = { .opts = opts, .benches = benches, .nr = nr };
	int ret, workdir_state;

	timer_init();
	topo_init();
	counters_detect();
	runctl_install();
	/* Before the manifest reads the machine: a killed run's changes undone. */
	state_recover_at_start(stderr);
	/* fio data files go to workdir/pinbench-fio-<pid>: found after a SIGKILL. */
	workdir_state = geteuid() == 0 ? state_note(STATE_WORKDIR, opts->workdir, NULL) : -1;
	if (setup(&rn)) {
		teardown(&rn);
		state_forget(workdir_state);
		return 1;
	}
	manifest_run_facts(&rn, label, argc, argv);
	manifest_extra(rn.results, extra, nr_extra);
	results_flush_manifest(rn.results);
	for (size_t i = 0; i < nr && !bench_should_stop(); i++)
		run_one(&rn, i);
	runctl_cleanup_all();
	state_forget(workdir_state);
	finish_manifest(&rn);
	ret = results_close(rn.results) ? 1 : 0;
	print_summary(opts->run_dir, benches, nr);
	write_print_dir(print_dir, opts->run_dir);
	teardown(&rn);
	if (runctl_signal())
		return 128 + runctl_signal();
	return ret || rn.failures ? 1 : 0;
}
