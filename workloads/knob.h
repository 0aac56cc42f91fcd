/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/knob.h - changing a sysctl or sysfs setting for the length of a
 * benchmark and putting it back: on the normal path and, through a cleanup
 * hook, after Ctrl-C.
 */
#ifndef PINBENCH_KNOB_H
#define PINBENCH_KNOB_H

#include <stdbool.h>
#include <stddef.h>

struct knob {
	char path[128];
	char saved[128];	/* the value to write back */
	bool changed;		/* we wrote something: restore it */
	int hook;		/* bench_cleanup_push handle, or -1 */
	int state;		/* state_note handle (workloads/state.h), or -errno */
};

/*
 * The selected value of a setting: "always [madvise] never" -> "madvise";
 * a plain value is returned trimmed.  out is always terminated.
 */
void knob_selected(const char *text, char *out, size_t outlen);

/* Reads the current selected value into out; 0 or -errno. */
int knob_read(const char *path, char *out, size_t outlen);
/* Writes value to path; 0 or -errno. */
int knob_write(const char *path, const char *value);

/*
 * Sets path to value unless it already is, remembering the old value and
 * registering a cleanup hook that restores it.  0 or -errno.
 */
int knob_set(struct knob *k, const char *path, const char *value);
/* Restores now (idempotent) and drops the hook. */
void knob_restore(struct knob *k);

/*
 * One kernel benchmark at a time, machine-wide: two runs at once (two
 * `make test` in parallel, say) would save each other's changed settings as
 * the "original" ones and count each other's pins.  The lock is a flock on
 * KNOB_LOCK_PATH, released when the fd is closed or the process ends.
 * Waits up to timeout_s (polling bench_should_stop()); returns the fd, or
 * -EBUSY / -EINTR / -errno.
 */
#define KNOB_LOCK_PATH "/run/lock/pinbench-kernel.lock"
#define KNOB_LOCK_FALLBACK "/tmp/pinbench-kernel.lock"	/* no /run/lock */
int knob_lock_system(double timeout_s);
void knob_unlock_system(int fd);

#endif
