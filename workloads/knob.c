// SPDX-License-Identifier: GPL-2.0
/* workloads/knob.c - set a sysctl/sysfs value, restore it on every exit. */
#include "workloads/knob.h"
#include "workloads/state.h"

#include "core/bench.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

void knob_selected(const char *text, char *out, size_t outlen)
{
	const char *open = strchr(text, '['), *close;
	const char *start = text, *end;

	if (open && (close = strchr(open, ']'))) {
		start = open + 1;
		end = close;
	} else {
		while (isspace((unsigned char)*start))
			start++;
		end = start + strlen(start);
		while (end > start && isspace((unsigned char)end[-1]))
			end--;
	}
	snprintf(out, outlen, "%.*s", (int)(end - start), start);
}

int knob_read(const char *path, char *out, size_t outlen)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	knob_selected(buf, out, outlen);
	return 0;
}

int knob_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(value);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, (size_t)len) != len)
		err = errno ? -errno : -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

static void knob_restore_hook(void *arg)
{
	struct knob *k = arg;

	if (k->changed && knob_write(k->path, k->saved) == 0) {
		k->changed = false;
		state_forget(k->state);
	}
}

int knob_set(struct knob *k, const char *path, const char *value)
{
	int err;

	memset(k, 0, sizeof(*k));
	k->hook = -1;
	k->state = -1;
	snprintf(k->path, sizeof(k->path), "%s", path);
	err = knob_read(path, k->saved, sizeof(k->saved));
	if (err || strcmp(k->saved, value) == 0)
		return err;
	/* The state file first: a SIGKILL after the write must not leak. */
	k->state = state_note(STATE_KNOB, path, k->saved);
	if (k->state < 0 && geteuid() == 0)
		return k->state;
	/* Hook next: a signal between the write and the push must not leak. */
	k->hook = bench_cleanup_push(knob_restore_hook, k);
	k->changed = true;
	err = knob_write(path, value);
	if (err) {
		k->changed = false;
		state_forget(k->state);
		bench_cleanup_pop(k->hook, false);
		k->hook = -1;
	}
	return err;
}

void knob_restore(struct knob *k)
{
	if (k->hook >= 0)
		bench_cleanup_pop(k->hook, true);
	else
		knob_restore_hook(k);
	k->hook = -1;
}

int knob_lock_system(double timeout_s)
{
	int fd = open(KNOB_LOCK_PATH, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	struct timespec tick = { 0, 100 * 1000000L };

	/* Systems without /run/lock: every pinbench falls back alike. */
	if (fd < 0 && errno == ENOENT)
		fd = open(KNOB_LOCK_FALLBACK, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	for (double t = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; t += 0.1) {
		int err = errno == EWOULDBLOCK ? -EBUSY : -errno;

		if (err != -EBUSY || t >= timeout_s || bench_should_stop()) {
			close(fd);
			return err == -EBUSY && bench_should_stop() ? -EINTR : err;
		}
		nanosleep(&tick, NULL);
	}
	return fd;
}

void knob_unlock_system(int fd)
{
	if (fd >= 0)
		close(fd);
}
