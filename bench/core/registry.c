// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of benchmarks: adding a benchmark is one file in bench/ and
 * one line here (and its extern).  The order is the order `pinbench run`
 * runs them in: cheap and self-checking first.
 */
#include "core/registry.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

extern const struct bench bench_timer;
extern const struct bench bench_hotpath;
extern const struct bench bench_cmodel;
extern const struct bench bench_pinhash;
extern const struct bench bench_kpins;
extern const struct bench bench_kgup;
extern const struct bench bench_kmemmap;
extern const struct bench bench_kcompact;
extern const struct bench bench_kcontig;

static const struct bench *const benches[] = {
	&bench_timer,
	&bench_hotpath,
	&bench_cmodel,
	&bench_pinhash,
	&bench_kpins,
	&bench_kgup,
	&bench_kmemmap,
	&bench_kcompact,
	&bench_kcontig,
};

#define NR_BENCHES (sizeof(benches) / sizeof(benches[0]))

size_t bench_count(void)
{
	return NR_BENCHES;
}

const struct bench *bench_at(size_t i)
{
	return i < NR_BENCHES ? benches[i] : NULL;
}

const struct bench *bench_find(const char *name)
{
	for (size_t i = 0; i < NR_BENCHES; i++)
		if (!strcmp(benches[i]->name, name))
			return benches[i];
	return NULL;
}

void bench_names(char *out, size_t len)
{
	size_t off = 0;

	out[0] = 0;
	for (size_t i = 0; i < NR_BENCHES && off < len; i++)
		off += (size_t)snprintf(out + off, len - off, "%s%s", i ? ", " : "", benches[i]->name);
}

bool bench_headline_matches(const struct bench *b, const char *metric, const char *case_)
{
	for (const struct bench_headline *h = b ? b->headline : NULL; h && h->metric; h++)
		if (!fnmatch(h->metric, metric, 0) && (!h->case_ || !fnmatch(h->case_, case_, 0)))
			return true;
	return false;
}
