// SPDX-License-Identifier: GPL-2.0
/*
 * The self-check of every kgup case: the FOLL_PIN counters of /proc/vmstat
 * (nr_foll_pin_acquired/_released, node counters batched per CPU: exact
 * only after a write to /proc/sys/vm/stat_refresh) over the case's work,
 * against the pages or folios the kernel source says it pins.  The
 * counters are machine-wide: another pinner running at the same moment
 * shows as a count that is off, and the sample is then left out.
 */
#include "kgup/internal.h"

#include <math.h>

int kgup_pins_snap(struct vmstat_snap *s)
{
	return vmstat_snapshot(s);
}

static void deltas(const struct vmstat_snap *a, const struct vmstat_snap *b, struct kgup_pins *p)
{
	p->acquired = vmstat_delta(a, b, VM_FOLL_PIN_ACQUIRED);
	p->released = vmstat_delta(a, b, VM_FOLL_PIN_RELEASED);
}

void kgup_pins_end(const struct vmstat_snap *before, struct vmstat_snap *after,
		   struct kgup_pins *p)
{
	for (int i = 0; i < 100; i++) {
		if (vmstat_snapshot(after)) {
			p->acquired = p->released = NAN;
			return;
		}
		deltas(before, after, p);
		if (p->released >= p->want_released)
			return;
		kbench_sleep(0.001);
	}
}

bool kgup_pins_ok(const struct kgup_pins *p)
{
	return p->acquired == p->want_acquired && p->released == p->want_released;
}

struct kgup_pins kgup_pins_sum(const struct kgup_pins *a, const struct kgup_pins *b)
{
	struct kgup_pins s = {
		a->acquired + b->acquired, a->released + b->released,
		a->want_acquired + b->want_acquired, a->want_released + b->want_released,
	};

	return s;
}

void kgup_pins_record(struct kgup *k, const char *case_, unsigned rep,
		      const struct kgup_pins *p)
{
	kbench_record(k->ctx, case_, "pin_count_ok", "bool", BETTER_HIGHER, rep, kgup_pins_ok(p));
	kbench_record(k->ctx, case_, "pins_expected", "pages", BETTER_LOWER, rep, p->want_acquired);
	kbench_record(k->ctx, case_, "pins_observed", "pages", BETTER_LOWER, rep, p->acquired);
	kbench_record(k->ctx, case_, "unpins_expected", "pages", BETTER_LOWER, rep, p->want_released);
	kbench_record(k->ctx, case_, "unpins_observed", "pages", BETTER_LOWER, rep, p->released);
}
