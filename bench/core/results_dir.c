// SPDX-License-Identifier: GPL-2.0
/*
 * bench/core/results_dir.c - whether a path can become a run directory,
 * checked before anything runs: a bad -o must cost one line and exit 2,
 * not a benchmark's worth of time and a failure at the end.
 */
#include "core/results.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* Room below PATH_MAX for the files a run writes (fio/<job>.json, ...). */
#define RUN_FILE_ROOM 256

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

/* The deepest existing directory on the way to dir ("." for a bare name). */
static void existing_parent(const char *dir, char *out, size_t len)
{
	struct stat st;
	char *slash;

	snprintf(out, len, "%s", dir);
	while ((slash = strrchr(out, '/'))) {
		if (slash == out) {
			out[1] = 0;
			return;
		}
		*slash = 0;
		if (stat(out, &st) == 0)
			return;
	}
	snprintf(out, len, ".");
}

/* A directory where results may go: writable, not /proc or /sys. */
static int check_writable_dir(const char *dir, const char *what, char *err, size_t errlen)
{
	struct statfs fs;
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "output path %s: %s is not a directory", what, dir);
		return -ENOTDIR;
	}
	if (statfs(dir, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC)) {
		snprintf(err, errlen, "output path %s: %s is in /proc or /sys", what, dir);
		return -EINVAL;
	}
	if (access(dir, W_OK | X_OK)) {
		snprintf(err, errlen, "output path %s: cannot write in %s: %s", what, dir,
			 strerror(errno));
		return -EACCES;
	}
	return 0;
}

int results_check_dir(const char *dir, char *err, size_t errlen)
{
	char parent[PATH_MAX];
	struct stat st;

	if (!*dir || strlen(dir) >= PATH_MAX - RUN_FILE_ROOM) {
		snprintf(err, errlen, "output path is %s (%zu characters; at most %d)",
			 *dir ? "too long" : "empty", strlen(dir), PATH_MAX - RUN_FILE_ROOM - 1);
		return -ENAMETOOLONG;
	}
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "output path %s exists and is not a directory", dir);
			return -EEXIST;
		}
		if (dir_is_empty(dir) != 1) {
			snprintf(err, errlen, "output directory %s exists and is not empty", dir);
			return -EEXIST;
		}
		return check_writable_dir(dir, dir, err, errlen);
	}
	if (errno != ENOENT) {
		snprintf(err, errlen, "output path %s: %s", dir, strerror(errno));
		return -errno;
	}
	existing_parent(dir, parent, sizeof(parent));
	return check_writable_dir(parent, dir, err, errlen);
}
