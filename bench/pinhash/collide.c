// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/collide.c - "too many collisions in the hash": chain lengths
 * of each pinhash variant's table for table sizes (powers of two and not),
 * load factors 0.25..4 and pfn patterns, each beside what an ideal uniform
 * hash gives for the same n and m (pinhash_ideal.h).
 *
 * Buckets come from the design's own table_bucket_of() through the ops
 * table, so what is measured is the design's hash and its mapping into a
 * table of m buckets (with lock=node: into per-node tables of m/nodes).
 */
#include "pinhash/internal.h"
#include "pinhash/fio.h"
#include "pinhash/ideal.h"
#include "core/topo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const size_t sizes_quick[] = { 4096, 6000 };
static const size_t sizes_full[] = { 1024, 4096, 6000, 65536, 100003, 1 << 18 };
static const double loads[] = { 0.25, 0.5, 1, 2, 4 };
#define NR_LOADS (sizeof(loads) / sizeof(loads[0]))
#define MISS_LOOKUPS 4096
/* Model memory behind the table: pfns beyond it are hashed all the same. */
#define MODEL_PAGES 16384

struct sweep {
	struct bench_ctx *ctx;
	const struct ph_design *d;
	struct pin_mem mem;
	uint32_t *chain;
	size_t nbuckets;
	unsigned long universe;
	struct ph_keys fio;
};

static void sizes_of(const struct bench_ctx *ctx, const size_t **s, size_t *n)
{
	bool full = bench_mode(ctx) == BENCH_FULL;

	*s = full ? sizes_full : sizes_quick;
	*n = full ? sizeof(sizes_full) / sizeof(sizes_full[0]) :
		    sizeof(sizes_quick) / sizeof(sizes_quick[0]);
}

static unsigned long universe_of(const struct bench_ctx *ctx)
{
	/* 16 GiB of 4 KiB pages (64 GiB in full mode), more than 2x the keys. */
	return bench_mode(ctx) == BENCH_FULL ? 1ul << 24 : 1ul << 22;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

/* Mean chain walked by failed lookups of random pfns in [lo, hi] not pinned. */
static double probes_miss(struct sweep *s, const struct ph_keys *k, uint64_t *seed)
{
	unsigned long *sorted = malloc(k->n * sizeof(*sorted)), lo = ~0ul, hi = 0;
	double sum = 0;
	size_t done = 0;

	if (!sorted)
		return NAN;
	for (size_t i = 0; i < k->n; i++) {
		sorted[i] = k->pfn[i];
		lo = sorted[i] < lo ? sorted[i] : lo;
		hi = sorted[i] > hi ? sorted[i] : hi;
	}
	qsort(sorted, k->n, sizeof(*sorted), cmp_ulong);
	for (size_t tries = 0; done < MISS_LOOKUPS && tries < 64 * MISS_LOOKUPS; tries++) {
		unsigned long pfn = lo + ph_rand_below(seed, hi - lo + 1);

		if (bsearch(&pfn, sorted, k->n, sizeof(*sorted), cmp_ulong))
			continue;
		sum += s->chain[s->d->ops->table_bucket_of(&s->mem, pfn)];
		done++;
	}
	free(sorted);
	return done ? sum / (double)done : NAN;
}

static void record_pair(struct sweep *s, const char *case_, const char *metric,
			const char *unit, unsigned rep, double measured, double ideal)
{
	char name[64];
	struct result_key k = { s->d->name, case_, metric, unit, BETTER_LOWER };

	bench_record(s->ctx, &k, rep, measured);
	snprintf(name, sizeof(name), "%s_ideal", metric);
	k.metric = name;
	bench_record(s->ctx, &k, rep, ideal);
}

static void measure_keys(struct sweep *s, const struct ph_keys *k, const char *case_,
			 unsigned rep, uint64_t *seed)
{
	struct chain_stats st;
	double n = (double)k->n, m = (double)s->nbuckets;

	for (size_t b = 0; b < s->nbuckets; b++)
		s->chain[b] = 0;
	for (size_t i = 0; i < k->n; i++)
		s->chain[s->d->ops->table_bucket_of(&s->mem, k->pfn[i])]++;
	chain_stats_compute(s->chain, s->nbuckets, &st);
	record_pair(s, case_, "empty_buckets", "buckets", rep, st.empty,
		    ideal_empty_buckets(n, m));
	record_pair(s, case_, "chain_mean", "entries", rep, st.chain_mean,
		    ideal_chain_mean(n, m));
	record_pair(s, case_, "chain_p99", "entries", rep, st.chain_p99,
		    ideal_chain_quantile(k->n, s->nbuckets, 0.99));
	record_pair(s, case_, "chain_max", "entries", rep, st.chain_max,
		    ideal_chain_max(k->n, s->nbuckets));
	record_pair(s, case_, "probes_hit", "probes", rep, st.probes_hit,
		    ideal_probes_hit(n, m));
	record_pair(s, case_, "probes_miss", "probes", rep, probes_miss(s, k, seed),
		    ideal_probes_miss(n, m));
}

static int open_table(struct sweep *s, size_t m)
{
	struct pin_mem_config cfg = { .nr_pages = MODEL_PAGES, .nr_nodes = topo_nr_nodes() };
	char extra[64], err[256];

	snprintf(extra, sizeof(extra), "buckets=%zu", m);
	if (ph_mem_init(&s->mem, s->d, extra, &cfg, err, sizeof(err))) {
		bench_msg(s->ctx, "%s: %s", s->d->name, err);
		return -1;
	}
	s->nbuckets = s->d->ops->table_chains(&s->mem, NULL, 0);
	s->chain = calloc(s->nbuckets, sizeof(*s->chain));
	if (!s->chain) {
		pin_mem_fini(&s->mem);
		return -1;
	}
	return 0;
}

static void close_table(struct sweep *s)
{
	free(s->chain);
	s->chain = NULL;
	pin_mem_fini(&s->mem);
}

/* Generated patterns: every rep draws new bases from the run's seed. */
static void sweep_size(struct sweep *s, size_t m, unsigned reps, uint64_t *seed)
{
	for (size_t l = 0; l < NR_LOADS; l++)
		for (int p = 0; p < PAT_FIO; p++)
			for (unsigned rep = 0; rep < reps && !bench_should_stop(); rep++) {
				struct ph_keys k;
				char case_[128];

				if (ph_keys_generate(&k, p, (size_t)lround(loads[l] * m), m,
						     s->universe, seed))
					continue;
				snprintf(case_, sizeof(case_), "m=%zu,load=%g,pattern=%s", m,
					 loads[l], ph_pattern_name(p));
				measure_keys(s, &k, case_, rep, seed);
				ph_keys_free(&k);
			}
}

/* The real pinned set: n is what fio had; the table is sized to each load. */
static void sweep_fio(struct sweep *s, uint64_t *seed)
{
	for (size_t l = 0; l < NR_LOADS && s->fio.n && !bench_should_stop(); l++) {
		size_t m = (size_t)lround((double)s->fio.n / loads[l]);
		char case_[128];

		if (!m || open_table(s, m))
			continue;
		snprintf(case_, sizeof(case_), "m=%zu,load=%g,pattern=fio", m, loads[l]);
		measure_keys(s, &s->fio, case_, 0, seed);
		close_table(s);
	}
}

enum bench_status ph_collisions(struct bench_ctx *ctx, const struct ph_design *d,
				size_t nr, double *done, double share)
{
	struct sweep s = { .ctx = ctx, .universe = universe_of(ctx) };
	unsigned reps = bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 10 : 3);
	uint64_t seed = bench_seed(ctx, 1);
	const size_t *sizes;
	size_t nsizes;

	sizes_of(ctx, &sizes, &nsizes);
	ph_fio_pfns(ctx, &s.fio);
	for (size_t i = 0; i < nr && !bench_should_stop(); i++) {
		s.d = &d[i];
		for (size_t z = 0; z < nsizes && !bench_should_stop(); z++) {
			*done += share / (double)(nr * nsizes);
			bench_progress(ctx, *done, "collisions %s m=%zu", d[i].name, sizes[z]);
			if (open_table(&s, sizes[z]))
				continue;
			sweep_size(&s, sizes[z], reps, &seed);
			close_table(&s);
		}
		sweep_fio(&s, &seed);
	}
	ph_keys_free(&s.fio);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}

double ph_collisions_estimate_s(const struct bench_ctx *ctx, size_t nr)
{
	const size_t *sizes;
	size_t nsizes;
	double keys = 0;

	sizes_of(ctx, &sizes, &nsizes);
	for (size_t z = 0; z < nsizes; z++)
		keys += 7.75 * (double)sizes[z] * PAT_FIO;	/* sum of loads: 7.75 */
	/* About 30 ns a key (generate, hash, count), plus the fio job once. */
	return (double)nr * keys * bench_reps(ctx, bench_mode(ctx) == BENCH_FULL ? 10 : 3) * 30e-9 +
	       ph_fio_estimate_s(ctx);
}
