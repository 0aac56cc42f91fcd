/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/report/compare_synth.h - synthetic run directories with known answers for
 * the compare and plot tests, written through the results API (as a real
 * run is), in a mkdtemp directory removed afterwards.
 */
#ifndef PINBENCH_COMPARE_SYNTH_H
#define PINBENCH_COMPARE_SYNTH_H

#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/results.h"

#define SYNTH_REPS 10

/* Fixed pseudo-noise in [-1, 1]: stream picks an independent sequence. */
static inline double synth_noise(unsigned stream, unsigned i)
{
	uint64_t x = (uint64_t)stream * 0x9E3779B97F4A7C15ull + i * 0xBF58476D1CE4E5B9ull + 1;

	x ^= x >> 31;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 29;
	return (double)(x % 2001) / 1000.0 - 1.0;
}

static inline struct results *synth_open(const char *parent, const char *name,
					 const char *label, const char *status)
{
	char dir[4096], err[256];
	struct results *r;

	snprintf(dir, sizeof(dir), "%s/%s", parent, name);
	r = results_open(dir, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "synth_open: %s\n", err);
		abort();
	}
	results_manifest_set(r, "label", "%s", label);
	results_manifest_set(r, "kernel_release", "6.18.0-test");
	results_manifest_set(r, "hostname", "synth");
	results_manifest_set(r, "status", "%s", status);
	if (strcmp(status, "complete"))
		results_manifest_set(r, "status_reason", "interrupted by a test");
	return r;
}

/* SYNTH_REPS samples of mean * (1 + noise * rel_noise). */
static inline void synth_series(struct results *r, const char *bench, const char *design,
				const char *case_, const char *metric, const char *unit,
				bool higher, double mean, double rel_noise, unsigned stream)
{
	for (unsigned i = 0; i < SYNTH_REPS; i++) {
		double v = mean * (1.0 + rel_noise * synth_noise(stream, i));

		if (results_add(r, bench, design, case_, metric, unit, higher, i, v))
			abort();
	}
}

static inline char *synth_tmpdir(void)
{
	char *dir = strdup("/tmp/pinbench-test-XXXXXX");

	if (!dir || !mkdtemp(dir))
		abort();
	return dir;
}

static inline int synth_rm_one(const char *path, const struct stat *st, int flag,
			       struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static inline void synth_rmtree(char *dir)
{
	nftw(dir, synth_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

#endif
