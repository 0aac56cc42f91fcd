// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash_fio.c - real pinned pfns (see pinhash_fio.h).
 *
 * The fio driver and its pagemap reader live in workloads/ (the kernel
 * part of pinbench); until they are in this tree the fio pattern is
 * skipped with a message saying so.
 */
#include "pinhash_fio.h"

void ph_fio_pfns(struct bench_ctx *ctx, struct ph_keys *k)
{
	k->pfn = NULL;
	k->n = 0;
	bench_msg(ctx, "pinhash: pattern=fio skipped: the fio driver (workloads/) is not built in this tree");
	bench_note(ctx, "fio_pfns", "skipped: the fio driver (workloads/) is not built");
}

double ph_fio_estimate_s(const struct bench_ctx *ctx)
{
	(void)ctx;
	return 0;
}
