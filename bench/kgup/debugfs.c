// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs for the parts that read it (gup_test, pin_hash): mounted for the
 * run where it is not, unmounted again by a cleanup hook on every exit, and
 * noted in the state file first so that the next run unmounts it after a
 * SIGKILL (workloads/state.h).
 */
#include "kgup/internal.h"

#include "workloads/state.h"

#include <sys/mount.h>
#include <sys/vfs.h>

#define DEBUGFS_MAGIC 0x64626720	/* include/uapi/linux/magic.h */

static int mount_state = -1;	/* state_note handle of our mount */

static void unmount_debugfs(void *arg)
{
	(void)arg;
	if (umount2(KGUP_DEBUGFS, 0) == 0) {
		state_forget(mount_state);
		mount_state = -1;
	}
}

static bool debugfs_mounted(void)
{
	struct statfs s;

	return statfs(KGUP_DEBUGFS, &s) == 0 && s.f_type == DEBUGFS_MAGIC;
}

int kgup_debugfs_mount(bool *mounted)
{
	*mounted = debugfs_mounted();
	if (*mounted)
		return -1;
	mount_state = state_note(STATE_UMOUNT, KGUP_DEBUGFS, NULL);
	if (mount("debugfs", KGUP_DEBUGFS, "debugfs", 0, NULL)) {
		state_forget(mount_state);
		mount_state = -1;
		return -1;
	}
	*mounted = true;
	return bench_cleanup_push(unmount_debugfs, NULL);
}
