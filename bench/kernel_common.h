/* SPDX-License-Identifier: GPL-2.0 */
/* bench/kernel_common.h - small pieces the real-kernel benchmarks share. */
#ifndef PINBENCH_KERNEL_COMMON_H
#define PINBENCH_KERNEL_COMMON_H

#include "bench.h"

/* One sample of a design-less ("-") result. */
void kbench_record(struct bench_ctx *ctx, const char *case_, const char *metric,
		   const char *unit, enum better better, unsigned rep, double v);
/* Sleeps s seconds, cut short when a stop is asked. */
void kbench_sleep(double s);
/* Skips (returns false) unless root; `what` says what needs it. */
bool kbench_need_root(struct bench_ctx *ctx, const char *what);

/*
 * Takes the machine-wide kernel-benchmark lock (knob.h), waiting for another
 * run to finish; skips (returns -1) when it cannot.  Returns the lock's fd.
 */
int kbench_lock(struct bench_ctx *ctx);

#endif
