/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/counters.h - hardware counters via libpfm4 + perf_event_open.
 *
 * Detected once at start.  A counter that cannot be opened is recorded as
 * missing with the reason (e.g. "PMU not available" in most VMs): its
 * values are NaN, never 0 and never estimated.
 */
#ifndef PINBENCH_COUNTERS_H
#define PINBENCH_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

enum hw_counter { HW_CYCLES, HW_INSTRUCTIONS, HW_BRANCH_MISSES, HW_LLC_MISSES, HW_NR };

struct counter_set {
	int fd[HW_NR];		/* -1 when missing */
	uint64_t start[HW_NR];
};

int counters_detect(void);	/* once; returns how many open */
bool counters_available(enum hw_counter c);
const char *counters_name(enum hw_counter c);
/* "ok" or why it is missing, for the manifest. */
const char *counters_status(enum hw_counter c);

/* Per-thread counting of the calling thread. */
int counters_open(struct counter_set *cs);
void counters_close(struct counter_set *cs);
void counters_start(struct counter_set *cs);
/* Deltas since start; NaN for a missing counter. */
void counters_stop(struct counter_set *cs, double out[HW_NR]);

#endif
