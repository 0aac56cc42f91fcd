// SPDX-License-Identifier: GPL-2.0
/*
 * The clock of every measurement: the TSC when it is invariant, calibrated
 * against CLOCK_MONOTONIC_RAW (not NTP-slewed), else clock_gettime.
 */
#include "core/timer.h"

#include <cpuid.h>
#include <stdlib.h>
#include <string.h>

#define CALIBRATION_NS 50000000ull	/* 50 ms: 1e-5 relative error at 20 ns granularity */
#define OVERHEAD_SAMPLES 2001

static struct timer_info info;
static bool initialised;

bool timer_tsc_invariant(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(0x80000000, &eax, &ebx, &ecx, &edx) || eax < 0x80000007)
		return false;
	__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx);
	return edx & (1u << 8);		/* "Invariant TSC" */
}

double timer_measure_tsc_per_ns(uint64_t interval_ns)
{
	uint64_t t0 = timer_clock_ns(CLOCK_MONOTONIC_RAW);
	uint64_t c0 = timer_rdtsc(), t1, c1;

	do {
		t1 = timer_clock_ns(CLOCK_MONOTONIC_RAW);
	} while (t1 - t0 < interval_ns);
	c1 = timer_rdtsc();
	return (double)(c1 - c0) / (double)(t1 - t0);
}

uint64_t timer_now(void)
{
	if (info.tsc)
		return timer_rdtsc();
	return timer_clock_ns(CLOCK_MONOTONIC);
}

double timer_ticks_to_ns(double ticks)
{
	return ticks / info.ticks_per_ns;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Median cost of a back-to-back pair, and the smallest step seen. */
static void measure_overhead(void)
{
	static uint64_t d[OVERHEAD_SAMPLES];
	uint64_t step = UINT64_MAX;

	for (int i = 0; i < OVERHEAD_SAMPLES; i++) {
		uint64_t a = timer_now(), b = timer_now();

		d[i] = b - a;
		if (d[i] && d[i] < step)
			step = d[i];
	}
	qsort(d, OVERHEAD_SAMPLES, sizeof(d[0]), cmp_u64);
	info.overhead_ticks = (double)d[OVERHEAD_SAMPLES / 2];
	info.resolution_ns = step == UINT64_MAX ? 0 : timer_ticks_to_ns((double)step);
}

const struct timer_info *timer_init(void)
{
	if (initialised)
		return &info;
	info.tsc = timer_tsc_invariant() && !getenv("PINBENCH_NO_TSC");
	info.source = info.tsc ? "tsc" : "clock_gettime";
	info.ticks_per_ns = info.tsc ? timer_measure_tsc_per_ns(CALIBRATION_NS) : 1.0;
	measure_overhead();
	initialised = true;
	return &info;
}

const struct timer_info *timer_get(void)
{
	return timer_init();
}
