// SPDX-License-Identifier: GPL-2.0
/* workloads/state.c - this process's state file (workloads/state.h). */
#include "workloads/state.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ENTRIES 64

static const char *const kind_words[] = { "knob", "rmdir", "workdir", "umount", "killpg" };

static struct {
	bool used;
	enum state_kind kind;
	char path[256];
	char value[128];
} entries[MAX_ENTRIES];
static pthread_mutex_t entries_lock = PTHREAD_MUTEX_INITIALIZER;

const char *state_dir(void)
{
	const char *dir = getenv("PINBENCH_STATE_DIR");

	return dir && *dir ? dir : STATE_DIR;
}

int state_kind_of(const char *word)
{
	for (int k = 0; k < (int)(sizeof(kind_words) / sizeof(kind_words[0])); k++)
		if (!strcmp(word, kind_words[k]))
			return k;
	return -1;
}

unsigned long long state_start_time(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* The name in parentheses may hold spaces: count from the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u "
			 "%*d %*d %*d %*d %*d %*d %llu", &start) != 1)
		return 0;
	return start;
}

static void file_name(char *out, size_t len, const char *suffix)
{
	snprintf(out, len, "%s/%d.state%s", state_dir(), (int)getpid(), suffix);
}

static bool any_entry(void)
{
	for (int i = 0; i < MAX_ENTRIES; i++)
		if (entries[i].used)
			return true;
	return false;
}

static int write_entries(FILE *f)
{
	fprintf(f, "owner\t%d\t%llu\n", (int)getpid(), state_start_time(getpid()));
	for (int i = 0; i < MAX_ENTRIES; i++)
		if (entries[i].used)
			fprintf(f, "%s\t%s\t%s\n", kind_words[entries[i].kind],
				entries[i].path, entries[i].value);
	return fflush(f) || fsync(fileno(f)) ? -errno : 0;
}

/* The file as the entries say, replaced in one rename; called locked. */
static int rewrite(void)
{
	char name[4200], tmp[4200];
	FILE *f;
	int err;

	file_name(name, sizeof(name), "");
	if (!any_entry())
		return unlink(name) && errno != ENOENT ? -errno : 0;
	if (mkdir(state_dir(), 0755) && errno != EEXIST)
		return -errno;
	file_name(tmp, sizeof(tmp), ".tmp");
	if (!(f = fopen(tmp, "we")))
		return -errno;
	err = write_entries(f);
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, name))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

int state_note(enum state_kind kind, const char *path, const char *original)
{
	int h = -ENOSPC, err;

	pthread_mutex_lock(&entries_lock);
	for (int i = 0; i < MAX_ENTRIES && h < 0; i++) {
		if (entries[i].used)
			continue;
		entries[i].used = true;
		entries[i].kind = kind;
		snprintf(entries[i].path, sizeof(entries[i].path), "%s", path);
		snprintf(entries[i].value, sizeof(entries[i].value), "%s",
			 original ? original : "");
		h = i;
	}
	if (h >= 0 && (err = rewrite())) {
		entries[h].used = false;
		h = err;
	}
	pthread_mutex_unlock(&entries_lock);
	return h;
}

void state_forget(int handle)
{
	if (handle < 0 || handle >= MAX_ENTRIES)
		return;
	pthread_mutex_lock(&entries_lock);
	entries[handle].used = false;
	rewrite();
	pthread_mutex_unlock(&entries_lock);
}

static void say(const char *s)
{
	(void)!write(STDERR_FILENO, s, strlen(s));
}

void state_restore_fast(void)
{
	int restored = 0, left = 0;

	for (int i = 0; i < MAX_ENTRIES; i++) {
		int fd;

		if (!entries[i].used)
			continue;
		if (entries[i].kind != STATE_KNOB) {
			say(left++ ? ", " : "pinbench: left for the next run as root to remove: ");
			say(entries[i].kind == STATE_RMDIR ? entries[i].path : "data files under ");
			if (entries[i].kind == STATE_WORKDIR)
				say(entries[i].path);
			continue;
		}
		fd = open(entries[i].path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0 && write(fd, entries[i].value, strlen(entries[i].value)) > 0)
			restored++;
		if (fd >= 0)
			close(fd);
	}
	if (left)
		say("\n");
	if (restored)
		say("pinbench: settings it changed are put back\n");
}
