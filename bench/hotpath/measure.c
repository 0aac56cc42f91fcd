// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/measure.c - measuring hotpath cases and recording them.
 *
 * Cases measured together are interleaved: sample r of every case is taken
 * before sample r+1 of any, the order rotated each round, so that a change
 * in the CPU's speed during the run (a busy SMT sibling, another guest on
 * the core: on the lab machine it doubled the cost of a loop iteration for
 * tens of milliseconds at a time) falls on every design alike instead of on
 * whichever design happened to run then; and each design's sample r is
 * divided by the baseline's sample r (ratio_to_baseline), a paired
 * comparison that the speed changes cancel out of.  Each interleaved
 * sample is preceded by an untimed warm-up over the case's working set, so
 * that the case before it has not left the caches cold.
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/counters.h"
#include "core/timer.h"
#include "core/topo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/*
 * The samples of one thread: series k of rep r at v[k * reps + r].  The
 * counters follow enum measure_counter; the last series counts the batches
 * each sample took again.
 */
enum { S_NS, S_TICKS, S_COUNTER0, S_DISCARDED = S_COUNTER0 + MC_NR, S_FAULTS, S_NR };

struct samples {
	size_t reps;
	double *v;
};

static double *series(const struct samples *sm, int k)
{
	return sm->v + (size_t)k * sm->reps;
}

/* What the threads of one case do for one round (or for all of them). */
struct case_job {
	const struct hp_case *c;
	struct measure_cfg one;	/* one sample of the sized batch */
	struct samples *sm;	/* [thread] */
	int *rc;		/* [thread] */
	size_t first_rep, nr_reps;
	uint64_t warm_ops;	/* untimed ops before the samples */
};

/*
 * A batch during which the thread was switched out holds another task's
 * time: on this shared 2-vCPU machine that is nearly all of the spread.
 * Such a batch is taken again, up to this many times per sample.
 */
#define HP_MAX_RETRIES 20

/* Context switches and page faults of the calling thread so far. */
struct thread_usage {
	long switches, faults;
};

static struct thread_usage usage_now(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return (struct thread_usage){ -1, -1 };
	return (struct thread_usage){ ru.ru_nvcsw + ru.ru_nivcsw,
				      ru.ru_minflt + ru.ru_majflt };
}

static void keep_sample(struct samples *sm, size_t r, const struct measure_out *one,
			unsigned discarded, long faults)
{
	/*
	 * A hot path in steady state faults on nothing: a fault in a batch is
	 * memory the kernel had not (or no longer) mapped, and the sample says so.
	 */
	series(sm, S_FAULTS)[r] = (double)faults;
	series(sm, S_NS)[r] = one->ns_per_op[0];
	series(sm, S_TICKS)[r] = one->ticks_per_op[0];
	for (int c = 0; c < MC_NR; c++)
		series(sm, S_COUNTER0 + c)[r] = one->counter_per_op[c][0];
	series(sm, S_DISCARDED)[r] = discarded;
}

/* One sample by measure_run(), again while a context switch fell in it. */
static int undisturbed_sample(measure_fn fn, void *arg, const struct measure_cfg *one,
			      struct samples *sm, size_t r)
{
	for (unsigned tries = 0;; tries++) {
		struct measure_out o;
		struct thread_usage before = usage_now();
		int rc = measure_run(fn, arg, one, &o);
		struct thread_usage after = usage_now();
		bool clean = after.switches == before.switches;
		bool done = rc || clean || tries == HP_MAX_RETRIES;

		if (!rc && done)
			keep_sample(sm, r, &o, tries, after.faults - before.faults);
		measure_out_free(&o);
		if (done)
			return rc;
	}
}

static void samples_body(int idx, void *arg)
{
	struct case_job *job = arg;
	void *fn_arg = job->c->args[idx];
	int rc = 0;

	if (job->warm_ops)
		measure_keep(job->c->fn(fn_arg, job->warm_ops));
	for (size_t r = job->first_rep; r < job->first_rep + job->nr_reps && !rc; r++)
		rc = undisturbed_sample(job->c->fn, fn_arg, &job->one, &job->sm[idx], r);
	job->rc[idx] = rc;
}

static void size_body(int idx, void *arg)
{
	struct case_job *job = arg;

	(void)idx;
	job->one.fixed_iters = measure_size_batch(job->c->fn, job->c->args[0], &job->one);
}

/* Threads of a case run side by side; 0 or the first failure. */
static int team_samples(struct case_job *job, size_t first_rep, size_t nr_reps,
			uint64_t warm_ops)
{
	int rc;

	job->first_rep = first_rep;
	job->nr_reps = nr_reps;
	job->warm_ops = warm_ops;
	rc = topo_team_run(job->c->nr_threads, job->c->cpus, samples_body, job);
	for (int t = 0; !rc && t < job->c->nr_threads; t++)
		rc = job->rc[t];
	return rc;
}

/*
 * One batch size for every thread (so they run side by side), found on the
 * first thread unless cfg fixes it; warm-up is the caller's.
 */
static int size_batch(struct case_job *job, const struct measure_cfg *cfg)
{
	job->one = *cfg;
	job->one.reps = 1;
	job->one.warmup = 0;
	return job->one.fixed_iters ? 0 : topo_team_run(1, job->c->cpus, size_body, job);
}

static uint64_t warm_ops_of(const struct case_job *job, unsigned batches)
{
	return job->one.fixed_iters * batches;
}

/*
 * Before an interleaved sample: a quarter batch at least, a whole pass over
 * the working set where that is up to two batches long (a DRAM-sized set is
 * not cache-resident whatever runs before it).
 */
static uint64_t interleave_warm_ops(const struct case_job *job)
{
	uint64_t batch = job->one.fixed_iters, pass = job->c->pass_ops;
	uint64_t warm = batch / 4 ? batch / 4 : 1;

	if (pass > warm && pass <= 2 * batch)
		warm = pass;
	return warm;
}

/* ---- recording ------------------------------------------------------------ */

static const struct {
	const char *metric, *unit;
	int series;
} metrics[] = {
	{ "ns_per_op", "ns", S_NS },
	{ "tsc_ticks_per_op", "tsc_ticks", S_TICKS },
	{ "cycles_per_op", "cycles", S_COUNTER0 + MC_CYCLES },
	{ "instructions_per_op", "instructions", S_COUNTER0 + MC_INSTRUCTIONS },
	{ "branch_misses_per_op", "branch_misses", S_COUNTER0 + MC_BRANCH_MISSES },
	{ "llc_misses_per_op", "llc_misses", S_COUNTER0 + MC_LLC_MISSES },
	{ "discarded_batches", "batches", S_DISCARDED },
	{ "page_faults", "faults", S_FAULTS },
};

static bool metric_measured(int k)
{
	if (k == S_NS || k == S_DISCARDED || k == S_FAULTS)
		return true;
	if (k == S_TICKS)
		return timer_get()->tsc;
	/* enum measure_counter follows enum hw_counter */
	return counters_available((enum hw_counter)(k - S_COUNTER0));
}

/*
 * Series k of every thread, or its ratio to the baseline's ns series when
 * base is given.  Sample r of thread t is rep r * threads + t: every
 * thread's every rep.
 */
static void record_series(struct bench_ctx *ctx, const struct result_key *key,
			  const struct hp_case *c, const struct samples *sm, int k,
			  const struct samples *base)
{
	for (int t = 0; t < c->nr_threads; t++) {
		const double *v = series(&sm[t], k);
		const double *b = base ? series(&base[t], S_NS) : NULL;

		for (size_t r = 0; r < sm[t].reps; r++)
			bench_record(ctx, key, (unsigned)(r * (size_t)c->nr_threads) + (unsigned)t,
				     b ? v[r] / b[r] : v[r]);
	}
}

static void record_all(struct bench_ctx *ctx, const struct hp_case *c,
		       const struct samples *sm)
{
	for (size_t m = 0; m < sizeof(metrics) / sizeof(metrics[0]); m++) {
		const struct result_key key = { c->design, c->key, metrics[m].metric,
						metrics[m].unit, BETTER_LOWER };

		if (metric_measured(metrics[m].series))
			record_series(ctx, &key, c, sm, metrics[m].series, NULL);
	}
}

/*
 * Interleaved, sample r of a case and of the baseline were taken moments
 * apart, so their ratio cancels what the machine's speed did meanwhile:
 * recorded as ratio_to_baseline per sample (thread t against the
 * baseline's thread t), the paired comparison of the two designs.
 */
static void record_ratios(struct bench_ctx *ctx, const struct hp_case *c,
			  const struct samples *sm, const struct samples *base)
{
	const struct result_key key = { c->design, c->key, "ratio_to_baseline", "ratio",
					BETTER_LOWER };

	record_series(ctx, &key, c, sm, S_NS, base);
}

/* The baseline design among the cases, when the others are its equals. */
static const struct case_job *baseline_job(const struct case_job *jobs, size_t nr)
{
	for (size_t k = 0; nr > 1 && k < nr; k++)
		if (hp_is_baseline(jobs[k].c->design))
			return &jobs[k];
	return NULL;
}

static void record_cases(struct bench_ctx *ctx, const struct case_job *jobs, size_t nr)
{
	const struct case_job *base = baseline_job(jobs, nr);

	for (size_t k = 0; k < nr; k++) {
		record_all(ctx, jobs[k].c, jobs[k].sm);
		if (base && &jobs[k] != base && jobs[k].c->nr_threads == base->c->nr_threads)
			record_ratios(ctx, jobs[k].c, jobs[k].sm, base->sm);
	}
}

/* ---- the cases of one measurement ----------------------------------------- */

static void jobs_free(struct case_job *jobs, size_t nr)
{
	for (size_t k = 0; jobs && k < nr; k++) {
		for (int t = 0; jobs[k].sm && t < jobs[k].c->nr_threads; t++)
			free(jobs[k].sm[t].v);
		free(jobs[k].sm);
		free(jobs[k].rc);
	}
	free(jobs);
}

static struct case_job *jobs_new(const struct hp_case *cases, size_t nr, unsigned reps)
{
	struct case_job *jobs = calloc(nr, sizeof(*jobs));
	bool ok = jobs != NULL;

	for (size_t k = 0; ok && k < nr; k++) {
		size_t nt = (size_t)cases[k].nr_threads;

		jobs[k].c = &cases[k];
		jobs[k].sm = calloc(nt, sizeof(*jobs[k].sm));
		jobs[k].rc = calloc(nt, sizeof(*jobs[k].rc));
		ok = jobs[k].sm && jobs[k].rc;
		for (size_t t = 0; ok && t < nt; t++) {
			jobs[k].sm[t].reps = reps;
			jobs[k].sm[t].v = calloc((size_t)S_NR * reps, sizeof(double));
			ok = jobs[k].sm[t].v != NULL;
		}
	}
	if (!ok) {
		jobs_free(jobs, nr);
		return NULL;
	}
	return jobs;
}

/* Round r takes case (r + i) % nr i-th: each case leads equally often. */
static int interleave(struct case_job *jobs, size_t nr, unsigned reps, unsigned warmup)
{
	int rc = 0;

	for (size_t k = 0; k < nr && !rc; k++)
		rc = team_samples(&jobs[k], 0, 0, warm_ops_of(&jobs[k], warmup));
	for (size_t r = 0; r < reps && !rc; r++) {
		for (size_t i = 0; i < nr && !rc; i++) {
			struct case_job *job = &jobs[(r + i) % nr];

			rc = team_samples(job, r, 1, interleave_warm_ops(job));
		}
	}
	return rc;
}

/* One case alone: warm-up batches, then every sample back to back. */
static int alone(struct case_job *job, unsigned reps, unsigned warmup)
{
	return team_samples(job, 0, reps, warm_ops_of(job, warmup));
}

int hp_measure_cases(struct bench_ctx *ctx, const struct hp_case *cases, size_t nr,
		     const struct measure_cfg *cfg)
{
	struct case_job *jobs = jobs_new(cases, nr, cfg->reps);
	size_t bad = 0;
	int rc = jobs ? 0 : -ENOMEM;

	for (size_t k = 0; k < nr && !rc; k++)
		if ((rc = size_batch(&jobs[k], cfg)))
			bad = k;
	if (!rc)
		rc = nr == 1 ? alone(jobs, cfg->reps, cfg->warmup)
			     : interleave(jobs, nr, cfg->reps, cfg->warmup);
	if (rc)
		bench_msg(ctx, "%s %s: measuring failed (%d)", cases[bad].design,
			  cases[bad].key, rc);
	else
		record_cases(ctx, jobs, nr);
	jobs_free(jobs, nr);
	return rc ? -1 : 0;
}

int hp_measure_case(struct bench_ctx *ctx, const struct hp_case *c,
		    const struct measure_cfg *cfg)
{
	return hp_measure_cases(ctx, c, 1, cfg);
}
