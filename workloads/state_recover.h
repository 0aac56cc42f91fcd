/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/state_recover.h - the state files of other pinbench processes
 * (workloads/state.h): recovery after a SIGKILL, and the machine's own
 * values for the manifest while another run has them changed.
 */
#ifndef PINBENCH_STATE_RECOVER_H
#define PINBENCH_STATE_RECOVER_H

#include <stdio.h>

struct results;

/*
 * Puts back what every dead owner's state file lists (settings, tracefs
 * instances, fio data files), one line on msg per owner.  Call it holding
 * the kernel-benchmark lock (workloads/knob.h).
 */
void state_recover_dead(FILE *msg);
/* As root: state_recover_dead under the lock, unless a live run holds it. */
void state_recover_at_start(FILE *msg);
/*
 * Settings a live pinbench has changed go into r's manifest as the
 * original values its state file keeps, not the temporary ones.
 */
void state_manifest_originals(struct results *r);

#endif
