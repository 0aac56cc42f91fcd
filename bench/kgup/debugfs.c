// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs for the parts that read it (gup_test, pin_hash): mounted for the
 * run where it is not, unmounted again by a cleanup hook on every exit.
 */
#include "kgup/internal.h"

#include <sys/mount.h>
#include <sys/vfs.h>

#define DEBUGFS_MAGIC 0x64626720	/* include/uapi/linux/magic.h */

static void unmount_debugfs(void *arg)
{
	(void)arg;
	umount2(KGUP_DEBUGFS, 0);
}

static bool debugfs_mounted(void)
{
	struct statfs s;

	return statfs(KGUP_DEBUGFS, &s) == 0 && s.f_type == DEBUGFS_MAGIC;
}

int kgup_debugfs_mount(bool *mounted)
{
	*mounted = debugfs_mounted();
	if (*mounted || mount("debugfs", KGUP_DEBUGFS, "debugfs", 0, NULL))
		return -1;
	*mounted = true;
	return bench_cleanup_push(unmount_debugfs, NULL);
}
