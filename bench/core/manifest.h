/* SPDX-License-Identifier: GPL-2.0 */
/* bench/core/manifest.h - the facts about machine and run kept with results. */
#ifndef PINBENCH_MANIFEST_H
#define PINBENCH_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

struct results;

/* Machine facts: kernel, CPUs, NUMA nodes, THP, vm sysctls, counters, timer. */
void manifest_collect_machine(struct results *r);
/* Reads a small file's first line (trimmed) into out; false if unreadable. */
int manifest_read_line(const char *path, char *out, unsigned long len);
/* The build's git revision (set by the Makefile). */
const char *manifest_git_revision(void);

/*
 * Whether KEY (its first len bytes) is one the run writes itself (status,
 * the machine's facts, bench.*, a benchmark's notes): --manifest may not
 * set it, or an interrupted run could call itself complete.
 */
bool manifest_key_reserved(const char *key, size_t len);

#endif
