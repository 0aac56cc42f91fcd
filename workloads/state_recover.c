// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/state_recover.c - state files of other pinbench processes
 * (workloads/state.h): a dead owner's changes put back, a live owner's
 * original values given to the manifest in place of its temporary ones.
 */
#include "workloads/state_recover.h"
#include "workloads/state.h"
#include "workloads/knob.h"
#include "core/manifest.h"
#include "core/results.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#define THP_DIR "/sys/kernel/mm/transparent_hugepage/"

/* What one dead owner's file undid, for its one message line. */
struct recovery {
	char done[2048];
	size_t len;
	int owner;
};

static void add_done(struct recovery *rc, const char *fmt, const char *a, const char *b)
{
	if (rc->len < sizeof(rc->done))
		rc->len += (size_t)snprintf(rc->done + rc->len, sizeof(rc->done) - rc->len,
					    rc->len ? ", " : "");
	if (rc->len < sizeof(rc->done))
		rc->len += (size_t)snprintf(rc->done + rc->len, sizeof(rc->done) - rc->len,
					    fmt, a, b);
}

/* "/proc/sys/vm/x" as sysctl(8) names it, "vm.x"; other paths whole. */
static const char *knob_name(const char *path, char *out, size_t len)
{
	if (strncmp(path, "/proc/sys/", 10))
		return path;
	snprintf(out, len, "%s", path + 10);
	for (char *p = out; *p; p++)
		*p = *p == '/' ? '.' : *p;
	return out;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path) ? -1 : 0;
}

/*
 * A fio process group of a dead owner.  Its pgid cannot name another group
 * while any of its members lives (a pid in use as a pgid is not handed
 * out again), so the group is killed when its leader is gone or is still
 * the one recorded; a live leader with another start time is a stranger.
 */
static void kill_orphans(struct recovery *rc, const char *pgid_s, const char *start_s)
{
	pid_t pgid = (pid_t)strtol(pgid_s, NULL, 10);
	unsigned long long now;

	if (pgid <= 1)
		return;
	now = state_start_time(pgid);
	if (now && now != strtoull(start_s, NULL, 10))
		return;
	if (kill(-pgid, SIGKILL) == 0)
		add_done(rc, "killed orphaned fio process group %s%s", pgid_s, "");
}

static void undo(struct recovery *rc, int kind, const char *path, const char *value)
{
	char dir[600], name[256];
	int fd;

	switch (kind) {
	case STATE_KNOB:
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0 && write(fd, value, strlen(value)) == (ssize_t)strlen(value))
			add_done(rc, "restored %s=%s", knob_name(path, name, sizeof(name)), value);
		else
			add_done(rc, "could not restore %s=%s", knob_name(path, name, sizeof(name)), value);
		if (fd >= 0)
			close(fd);
		break;
	case STATE_RMDIR:
		if (!rmdir(path))
			add_done(rc, "removed tracefs instance %s%s", strrchr(path, '/') ? strrchr(path, '/') + 1 : path, "");
		break;
	case STATE_WORKDIR:
		snprintf(dir, sizeof(dir), "%s/pinbench-fio-%d", path, rc->owner);
		if (!access(dir, F_OK) && !nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS))
			add_done(rc, "removed %s%s", dir, "");
		break;
	case STATE_UMOUNT:
		if (!umount2(path, MNT_DETACH))
			add_done(rc, "unmounted %s%s", path, "");
		break;
	case STATE_KILLPG:
		kill_orphans(rc, path, value);
		break;
	}
}

/*
 * Calls fn on each change line of a state file; returns the owner's pid
 * and start time through *pid and *start (0 when the file has no owner).
 */
static void each_line(FILE *f, pid_t *pid, unsigned long long *start,
		      void (*fn)(void *, int, const char *, const char *), void *arg)
{
	char line[1024];

	*pid = 0;
	*start = 0;
	while (fgets(line, sizeof(line), f)) {
		char *kind = strtok(line, "\t\n"), *path = strtok(NULL, "\t\n");
		char *value = strtok(NULL, "\n");
		int k;

		if (!kind || !path)
			continue;
		if (!strcmp(kind, "owner")) {
			*pid = (pid_t)atoi(path);
			*start = value ? strtoull(value, NULL, 10) : 0;
		} else if ((k = state_kind_of(kind)) >= 0 && fn) {
			fn(arg, k, path, value ? value : "");
		}
	}
}

static bool owner_alive(pid_t pid, unsigned long long start)
{
	return pid > 0 && start && state_start_time(pid) == start;
}

static void undo_line(void *arg, int kind, const char *path, const char *value)
{
	undo(arg, kind, path, value);
}

/* Takes the file over (a rename, so only one pinbench does) and undoes it. */
static void recover_file(const char *name, FILE *msg)
{
	char claimed[4200];
	struct recovery rc = { .len = 0 };
	unsigned long long start;
	pid_t pid;
	FILE *f;

	snprintf(claimed, sizeof(claimed), "%s.recovering-%d", name, (int)getpid());
	if (rename(name, claimed) || !(f = fopen(claimed, "re")))
		return;
	rc.owner = atoi(strrchr(name, '/') + 1);
	each_line(f, &pid, &start, undo_line, &rc);
	fclose(f);
	unlink(claimed);
	if (rc.len)
		fprintf(msg, "pinbench: pid %d ended without cleaning up (killed?): %s\n",
			rc.owner, rc.done);
}

/* Calls fn on the path of every state file but this process's own. */
static void each_state_file(void (*fn)(const char *, void *), void *arg)
{
	DIR *d = opendir(state_dir());
	struct dirent *e;

	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char path[4200];

		if (len < 7 || strcmp(e->d_name + len - 6, ".state") ||
		    atoi(e->d_name) == (int)getpid())
			continue;
		snprintf(path, sizeof(path), "%s/%s", state_dir(), e->d_name);
		fn(path, arg);
	}
	if (d)
		closedir(d);
}

/* The state file at path, open, and whether its owner still runs. */
static FILE *open_state(const char *path, bool *alive)
{
	unsigned long long start;
	pid_t pid;
	FILE *f = fopen(path, "re");

	if (f) {
		each_line(f, &pid, &start, NULL, NULL);
		*alive = owner_alive(pid, start);
		rewind(f);
	}
	return f;
}

static void recover_if_dead(const char *path, void *msg)
{
	bool alive;
	FILE *f = open_state(path, &alive);

	if (!f)
		return;
	fclose(f);
	if (!alive)
		recover_file(path, msg);
}

void state_recover_dead(FILE *msg)
{
	each_state_file(recover_if_dead, msg);
}

void state_recover_at_start(FILE *msg)
{
	int fd;

	if (geteuid() != 0)
		return;
	/* Busy: a live kernel benchmark; whoever takes the lock next recovers. */
	fd = knob_lock_system(0);
	if (fd < 0)
		return;
	state_recover_dead(msg);
	knob_unlock_system(fd);
}

/* "always [madvise] never" with original "never": "always madvise [never]". */
static void thp_text(const char *path, const char *original, char *out, size_t len)
{
	char cur[256] = "", *save, *word;
	size_t off = 0;

	if (!manifest_read_line(path, cur, sizeof(cur)) || !strchr(cur, '[')) {
		snprintf(out, len, "%s", original);
		return;
	}
	out[0] = 0;
	for (word = strtok_r(cur, " ", &save); word && off < len; word = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(word);

		if (*word == '[' && n >= 2 && word[n - 1] == ']')
			word[n - 1] = 0, word++;
		off += (size_t)snprintf(out + off, len - off, strcmp(word, original) ?
					"%s%s" : "%s[%s]", off ? " " : "", word);
	}
}

static void original_to_manifest(void *arg, int kind, const char *path, const char *value)
{
	struct results *r = arg;
	char key[300], text[256];

	if (kind != STATE_KNOB)
		return;
	if (!strncmp(path, "/proc/sys/vm/", 13)) {
		snprintf(key, sizeof(key), "sysctl.vm.%s", path + 13);
		results_manifest_set(r, key, "%s", value);
	} else if (!strncmp(path, THP_DIR, strlen(THP_DIR)) && !strchr(path + strlen(THP_DIR), '/')) {
		snprintf(key, sizeof(key), "thp.%s", path + strlen(THP_DIR));
		thp_text(path, value, text, sizeof(text));
		results_manifest_set(r, key, "%s", text);
	}
}

static void live_originals(const char *path, void *r)
{
	unsigned long long start;
	pid_t pid;
	bool alive;
	FILE *f = open_state(path, &alive);

	if (!f)
		return;
	if (alive)
		each_line(f, &pid, &start, original_to_manifest, r);
	fclose(f);
}

void state_manifest_originals(struct results *r)
{
	each_state_file(live_originals, r);
}
