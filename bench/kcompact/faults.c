// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kcompact/faults.c - the huge-page fault test (thpchallenge style:
 * 2 MiB MADV_HUGEPAGE chunks, latency per fault, share that got a huge page).
 */
#include "kcompact/internal.h"

void kc_thp_test(struct kc *kc, const char *case_, unsigned rep)
{
	int n = thp_fault_test(kc->thp_chunks, kc->thp_us, kc->thp_huge);
	double huge = 0;

	if (n <= 0)
		return;
	for (int i = 0; i < n; i++) {
		kbench_record(kc->ctx, case_, "thp_fault_us", "us", BETTER_LOWER,
			      rep * (unsigned)kc->thp_chunks + (unsigned)i, kc->thp_us[i]);
		huge += kc->thp_huge[i];
	}
	kbench_record(kc->ctx, case_, "thp_huge_share", "%", BETTER_HIGHER, rep, 100.0 * huge / n);
}
