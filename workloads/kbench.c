// SPDX-License-Identifier: GPL-2.0
/* workloads/kbench.c - helpers of the running-kernel benchmarks (kbench.h). */
#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/state_recover.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void kbench_record(struct bench_ctx *ctx, const char *case_, const char *metric,
		   const char *unit, enum better better, unsigned rep, double v)
{
	struct result_key k = { "-", case_, metric, unit, better };

	bench_record(ctx, &k, rep, v);
}

void kbench_sleep(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR && !bench_should_stop())
		;
}

bool kbench_need_root(struct bench_ctx *ctx, const char *what)
{
	if (geteuid() == 0)
		return true;
	bench_skip(ctx, "needs root: %s", what);
	return false;
}

int kbench_lock(struct bench_ctx *ctx)
{
	int fd = knob_lock_system(0);

	if (fd == -EBUSY) {
		bench_msg(ctx, "waiting for another pinbench kernel benchmark (%s)", KNOB_LOCK_PATH);
		fd = knob_lock_system(900);
	}
	/* A run killed while it held the lock left its changes: undo them first. */
	if (fd >= 0)
		state_recover_dead(stderr);
	if (fd < 0)
		bench_skip(ctx, "cannot take %s: %s", KNOB_LOCK_PATH,
			   fd == -EBUSY ? "another pinbench kernel benchmark kept it for 15 min" :
			   strerror(-fd));
	return fd < 0 ? -1 : fd;
}
