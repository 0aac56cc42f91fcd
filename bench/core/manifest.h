/* SPDX-License-Identifier: GPL-2.0 */
/* bench/core/manifest.h - the facts about machine and run kept with results. */
#ifndef PINBENCH_MANIFEST_H
#define PINBENCH_MANIFEST_H

struct results;

/* Machine facts: kernel, CPUs, NUMA nodes, THP, vm sysctls, counters, timer. */
void manifest_collect_machine(struct results *r);
/* Reads a small file's first line (trimmed) into out; false if unreadable. */
int manifest_read_line(const char *path, char *out, unsigned long len);
/* The build's git revision (set by the Makefile). */
const char *manifest_git_revision(void);

#endif
