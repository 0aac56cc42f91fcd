/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/kbench.h - what the benchmarks of the running kernel (kpins,
 * kcompact) share besides the workloads themselves: their rows carry no
 * design, they sleep until a stop is asked, they need root and the
 * machine-wide lock of knob.h, and they time their phases (kphase.h).
 */
#ifndef PINBENCH_KBENCH_H
#define PINBENCH_KBENCH_H

#include "core/bench.h"
#include "workloads/kphase.h"

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
