// SPDX-License-Identifier: GPL-2.0
/*
 * hugetlb pages for kgup: what is free in the default pool, raised through
 * /proc/sys/vm/nr_hugepages when the plan needs more.  The old value goes
 * back through a knob cleanup hook, also after Ctrl-C; pages still mapped
 * at that moment become surplus and leave the pool when unmapped
 * (mm/hugetlb.c set_max_huge_pages).
 */
#include "kgup/internal.h"
#include "workloads/memfrag.h"

#include <stdio.h>
#include <stdlib.h>

#define NR_HUGEPAGES "/proc/sys/vm/nr_hugepages"

long kgup_hugetlb_plan(long need, long free_pages, long may_add, char *why, size_t whylen)
{
	long usable = free_pages + (may_add > 0 ? may_add : 0);

	if (usable >= need)
		return need;
	snprintf(why, whylen, "needs %ld huge pages of 2 MiB, %ld free and %ld may be added",
		 need, free_pages, may_add > 0 ? may_add : 0);
	return usable;
}

/* Huge pages free and not promised to another mapping. */
static long hugetlb_available(void)
{
	long long f = meminfo_kib("HugePages_Free"), r = meminfo_kib("HugePages_Rsvd");

	return f < 0 ? 0 : (long)(f - (r > 0 ? r : 0));
}

/* What kgup may add: hugetlb_limit, or what MemAvailable less a margin allows. */
static long may_add(const struct kgup *k, long need)
{
	char why[160];

	if (k->plan.hugetlb_limit >= 0)
		return k->plan.hugetlb_limit;
	return (long)(frag_bound((size_t)need * KGUP_HUGE, 0, why, sizeof(why)) / KGUP_HUGE);
}

static void raise_pool(struct kgup *k, long more)
{
	char cur[32], want[32];
	long now;

	if (knob_read(NR_HUGEPAGES, cur, sizeof(cur)))
		return;
	now = atol(cur);
	snprintf(want, sizeof(want), "%ld", now + more);
	if (knob_set(&k->nr_hugepages, NR_HUGEPAGES, want))
		return;
	bench_note(k->ctx, "nr_hugepages", "raised from %ld to %ld for the run, restored after",
		   now, now + more);
}

void kgup_hugetlb_reserve(struct kgup *k, long need)
{
	long avail, usable;

	k->hugetlb_free = 0;
	if (need <= 0)
		return;
	if (meminfo_kib("Hugepagesize") != 2048) {
		snprintf(k->hugetlb_why, sizeof(k->hugetlb_why), "the default huge page size is not 2 MiB");
		return;
	}
	avail = hugetlb_available();
	usable = kgup_hugetlb_plan(need, avail, may_add(k, need), k->hugetlb_why,
				   sizeof(k->hugetlb_why));
	if (usable > avail)
		raise_pool(k, usable - avail);
	k->hugetlb_free = hugetlb_available();
	if (k->hugetlb_free < need && !k->hugetlb_why[0])
		snprintf(k->hugetlb_why, sizeof(k->hugetlb_why),
			 "the kernel gave %ld of the %ld huge pages asked for", k->hugetlb_free, need);
}
