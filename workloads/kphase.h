/* SPDX-License-Identifier: GPL-2.0 */
/* workloads/kphase.h - wall time per phase of a running-kernel benchmark. */
#ifndef PINBENCH_KPHASE_H
#define PINBENCH_KPHASE_H

#include "core/bench.h"

#include <stdint.h>

/*
 * Wall time per phase of a benchmark, noted in the manifest as
 * "seconds.<phase>", so that a run shows where its time went (the quick
 * mode has a budget: REPORT.md quotes these).
 */
#define KPHASES_MAX 32
struct kphases {
	int n;
	char name[KPHASES_MAX][48];
	double s[KPHASES_MAX];
};
/* The clock the phases are timed with, in ns. */
uint64_t kphase_now(void);
/* Adds now - t0 to phase `name` (created on first use); returns now, where
 * the next phase starts. */
uint64_t kphase_add(struct kphases *p, const char *name, uint64_t t0);
/* The seconds of phase `name`, 0 if it never ran. */
double kphase_seconds(const struct kphases *p, const char *name);
/* One manifest note per phase, in the order they first ran. */
void kphase_note(struct bench_ctx *ctx, const struct kphases *p);

#endif
