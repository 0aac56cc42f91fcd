/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/state.h - what this pinbench changed on the machine, kept in a
 * state file so that a SIGKILL (which runs no cleanup) cannot leave it
 * changed for good: the next run finds the file of a dead owner and puts
 * everything back (workloads/state_recover.c), as mmtests and fio do.
 *
 * The file is STATE_DIR/<pid>.state ($PINBENCH_STATE_DIR overrides the
 * directory, for tests): a line "owner <pid> <start time>" (the start time
 * from /proc/<pid>/stat tells a reused pid from its first owner), then one
 * line per change still in force, tab-separated: "knob PATH ORIGINAL",
 * "rmdir PATH" (a tracefs instance), "workdir DIR" (fio data files lie in
 * DIR/pinbench-fio-<pid>), "umount PATH" (a tracefs or debugfs we mounted),
 * "killpg PGID START" (a fio process group whose leader started at START:
 * orphaned fio jobs keep their buffers pinned).  It is rewritten (write, rename) before each
 * change is made and after each is undone, and removed when none is left.
 */
#ifndef PINBENCH_STATE_H
#define PINBENCH_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define STATE_DIR "/run/pinbench"

enum state_kind { STATE_KNOB, STATE_RMDIR, STATE_WORKDIR, STATE_UMOUNT, STATE_KILLPG };

/* Records a change about to be made; a handle for state_forget, or -errno. */
int state_note(enum state_kind kind, const char *path, const char *original);
/* The change is undone: drops it from the file. */
void state_forget(int handle);

/*
 * Second signal: writes back every recorded knob now (async-signal-safe,
 * no locks) and says on stderr what is left for the next run to remove.
 */
void state_restore_fast(void);

/* The state directory ($PINBENCH_STATE_DIR or STATE_DIR). */
const char *state_dir(void);
/* The start time of pid (field 22 of /proc/pid/stat), 0 if it is gone. */
unsigned long long state_start_time(pid_t pid);
/* The kind named by word ("knob", "rmdir", "workdir", "umount", "killpg"), or -1. */
int state_kind_of(const char *word);

#endif
