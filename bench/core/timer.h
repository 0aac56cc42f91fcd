/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/timer.h - the clock every measurement uses.
 *
 * The TSC when the CPU says it is invariant (CPUID 0x80000007 EDX bit 8),
 * calibrated against CLOCK_MONOTONIC_RAW; clock_gettime otherwise.  The TSC
 * counts reference ticks, not core cycles: results name them "tsc_ticks".
 */
#ifndef PINBENCH_TIMER_H
#define PINBENCH_TIMER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct timer_info {
	bool tsc;		/* true: timer_now() reads the TSC */
	double ticks_per_ns;	/* 1.0 when timer_now() returns ns */
	double overhead_ticks;	/* median cost of one timer_now() pair */
	double resolution_ns;	/* smallest non-zero step observed */
	const char *source;	/* "tsc" or "clock_gettime" */
};

/* Calibrate once, before any measurement; idempotent. */
const struct timer_info *timer_init(void);
const struct timer_info *timer_get(void);
bool timer_tsc_invariant(void);

static inline uint64_t timer_rdtsc(void)
{
	uint32_t lo, hi;

	/* lfence: do not let the read drift into the measured work. */
	__asm__ __volatile__("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t timer_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Ticks of the chosen source: TSC ticks, or ns of CLOCK_MONOTONIC. */
uint64_t timer_now(void);
double timer_ticks_to_ns(double ticks);

/* Measure TSC rate over interval_ns; exposed for the calibration test. */
double timer_measure_tsc_per_ns(uint64_t interval_ns);

#endif
