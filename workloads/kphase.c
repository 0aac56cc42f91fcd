// SPDX-License-Identifier: GPL-2.0
/* workloads/kphase.c - seconds per phase, noted as "seconds.<phase>". */
#include "workloads/kphase.h"
#include "core/timer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

uint64_t kphase_now(void)
{
	return timer_clock_ns(CLOCK_MONOTONIC);
}

static int phase_index(struct kphases *p, const char *name)
{
	for (int i = 0; i < p->n; i++) {
		if (strcmp(p->name[i], name) == 0)
			return i;
	}
	if (p->n == KPHASES_MAX)
		return -1;
	snprintf(p->name[p->n], sizeof(p->name[0]), "%s", name);
	p->s[p->n] = 0;
	return p->n++;
}

uint64_t kphase_add(struct kphases *p, const char *name, uint64_t t0)
{
	uint64_t now = kphase_now();
	int i = phase_index(p, name);

	if (i >= 0)
		p->s[i] += (double)(now - t0) / 1e9;
	return now;
}

double kphase_seconds(const struct kphases *p, const char *name)
{
	for (int i = 0; i < p->n; i++) {
		if (strcmp(p->name[i], name) == 0)
			return p->s[i];
	}
	return 0;
}

void kphase_note(struct bench_ctx *ctx, const struct kphases *p)
{
	char key[64];

	for (int i = 0; i < p->n; i++) {
		snprintf(key, sizeof(key), "seconds.%s", p->name[i]);
		bench_note(ctx, key, "%.1f", p->s[i]);
	}
}
