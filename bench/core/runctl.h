/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/runctl.h - interruption and cleanup of a run.
 * SIGINT/SIGTERM/SIGHUP set a flag that benchmarks poll (bench_should_stop);
 * cleanup hooks then run from the main thread.  A second signal exits at
 * once (the manifest already says "incomplete" from the start of the run).
 */
#ifndef PINBENCH_RUNCTL_H
#define PINBENCH_RUNCTL_H

#include <stdbool.h>

void runctl_install(void);
/* The signal that stopped the run, or 0. */
int runctl_signal(void);
/* Runs every pushed cleanup hook, newest first. */
void runctl_cleanup_all(void);

#endif
