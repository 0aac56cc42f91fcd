/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/cmodel/pinners.h - the threads that pin pages of a model
 * zone while it is compacted, standing for the fio jobs of the real-kernel
 * benchmark.
 */
#ifndef PINBENCH_COMPACTION_MODEL_PINNERS_H
#define PINBENCH_COMPACTION_MODEL_PINNERS_H

#include "cmodel/internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* Latency samples: ns per pinned page, one per timed batch. */
struct cm_lat {
	double *v;
	size_t n, cap;
};

enum cm_phase { CM_PHASE_SETUP, CM_PHASE_COMPACT, CM_PHASE_DONE };

struct cm_pinners {
	struct pin_mem *mem;
	struct cm_owners *ow;
	const struct cm_pinner_cfg *cfg;
	bool short_on, long_on;
	/* Run by the compacting thread once the pinners are set up. */
	void (*compact)(void *arg);
	void *compact_arg;

	atomic_int nr_ready;
	atomic_int phase;
	/* Long-term pinners sleep here until the phase is done: no CPU meanwhile. */
	pthread_mutex_t lock;
	pthread_cond_t done;
	atomic_int error;		/* a pin call failed: -errno */
	/* Short-term pins while the compaction ran; long-term at (un)registering. */
	struct cm_lat short_pin, short_unpin, long_pin, long_unpin;
	/*
	 * The movable zone whose pages a long-term pin moves out first
	 * (cm_longterm_migrate_out), or NULL; what that moved, and took.
	 */
	const struct cm_zone *longterm_zone;
	unsigned long longterm_migrated;
	uint64_t longterm_migrate_ticks;
	unsigned long ios_compacting;	/* I/Os completed while compacting */
	uint64_t compact_ticks;		/* how long the compaction phase lasted */
};

/*
 * One compaction with its pinners: the compacting thread on cpus[0], the
 * pinners on cpus[1] (bound with hwloc through topo_team_run).  The latency
 * arrays are reset first; free them with cm_pinners_free().  0 or -errno.
 */
int cm_pinners_run(struct cm_pinners *p, const int cpus[2]);
void cm_pinners_free(struct cm_pinners *p);

#endif
