/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/pinhash/fio.h - real pinned pfns for the collision sweep: the
 * buffers of a running fio O_DIRECT job, read from /proc/PID/pagemap.
 */
#ifndef PINBENCH_PINHASH_FIO_H
#define PINBENCH_PINHASH_FIO_H

#include "pinhash/internal.h"

/*
 * Fills k with the distinct pfns of a short fio job's buffers; leaves k
 * empty (n = 0) and says why in a message when they cannot be had (not
 * root, fio missing, the kernel driver not built).
 */
void ph_fio_pfns(struct bench_ctx *ctx, struct ph_keys *k);
double ph_fio_estimate_s(const struct bench_ctx *ctx);

#endif
