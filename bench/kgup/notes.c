// SPDX-License-Identifier: GPL-2.0
/* What kgup says about its run besides samples: skipped cases, progress. */
#include "kgup/internal.h"
#include "core/timer.h"

#include <stdarg.h>
#include <stdio.h>

void kgup_case_skip(struct kgup *k, const char *what, const char *fmt, ...)
{
	char key[160], why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(key, sizeof(key), "skipped.%s", what);
	bench_note(k->ctx, key, "%s", why);
	bench_msg(k->ctx, "%s skipped: %s", what, why);
}

void kgup_progress(struct kgup *k, enum kgup_part p, double frac, const char *case_)
{
	bench_progress(k->ctx, ((double)p + frac) / KP_NR, "%s", case_);
}

uint64_t kgup_now_ns(void)
{
	return timer_clock_ns(CLOCK_MONOTONIC);
}
