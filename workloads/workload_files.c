// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/workload_files.c - the files an fio job uses: its data file in
 * --workdir (sized, laid out once, removed on every exit) and the place of
 * its JSON output in the run directory.
 */
#include "workloads/workload.h"

#include "core/bench.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MIB (1024ull * 1024)

int workload_file_size(const char *workdir, bool full, uint64_t *bytes,
		       char *why, size_t whylen)
{
	struct statvfs vfs;
	long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
	uint64_t ram = (uint64_t)pages * (uint64_t)psize, avail, want;

	if (statvfs(workdir, &vfs) != 0) {
		snprintf(why, whylen, "cannot stat --workdir %s: %s", workdir,
			 strerror(errno));
		return -errno;
	}
	avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	/* O_DIRECT bypasses the page cache, so the file need not exceed RAM:
	 * it only has to spread random I/O over many blocks (quick: 65536 of
	 * 4 KiB; laying it out is a few seconds of the quick budget). */
	want = full ? ram / 4 : 256 * MIB;
	if (want > avail / 4)
		want = avail / 4 / MIB * MIB;
	if (want < 64 * MIB) {
		snprintf(why, whylen, "only %llu MiB free in --workdir %s (need 256)",
			 (unsigned long long)(avail / MIB), workdir);
		return -ENOSPC;
	}
	*bytes = want;
	return 0;
}

static void files_remove_hook(void *arg)
{
	struct workload_files *f = arg;

	if (f->file[0])
		unlink(f->file);
	if (f->dir[0])
		rmdir(f->dir);
	f->file[0] = f->dir[0] = '\0';
}

/* Writes the file sequentially once, so every run reads allocated blocks. */
static int lay_out(const char *path, uint64_t bytes)
{
	size_t chunk = 4 * MIB;
	char *buf = malloc(chunk);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int err = 0;

	if (!buf || fd < 0) {
		err = fd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	memset(buf, 0x5a, chunk);
	for (uint64_t done = 0; done < bytes && !err; done += chunk) {
		if (bench_should_stop())
			err = -EINTR;
		else if (write(fd, buf, chunk) != (ssize_t)chunk)
			err = errno ? -errno : -EIO;
	}
	if (!err && fsync(fd) != 0)
		err = -errno;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return err;
}

int workload_files_create(struct workload_files *f, const char *workdir,
			  uint64_t bytes, char *why, size_t whylen)
{
	int err;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/pinbench-fio-%d", workdir, (int)getpid());
	snprintf(f->file, sizeof(f->file), "%s/data", f->dir);
	f->bytes = bytes;
	f->hook = bench_cleanup_push(files_remove_hook, f);
	if (mkdir(f->dir, 0700) != 0 && errno != EEXIST) {
		err = -errno;
		snprintf(why, whylen, "cannot create %s: %s", f->dir, strerror(errno));
		workload_files_remove(f);
		return err;
	}
	err = lay_out(f->file, bytes);
	if (err) {
		snprintf(why, whylen, "cannot write %s: %s", f->file, strerror(-err));
		workload_files_remove(f);
	}
	return err;
}

void workload_files_remove(struct workload_files *f)
{
	if (f->hook >= 0)
		bench_cleanup_pop(f->hook, true);
	f->hook = -1;
}

static void note_fio_version(struct bench_ctx *ctx)
{
	char line[128] = "";
	FILE *p = popen("fio --version 2>/dev/null", "r");

	if (p) {
		if (!fgets(line, sizeof(line), p))
			line[0] = '\0';
		pclose(p);
	}
	line[strcspn(line, "\n")] = '\0';
	bench_note(ctx, "fio_version", "%s", line[0] ? line : "unknown");
}

int workload_files_prepare(struct bench_ctx *ctx, struct workload_files *f,
			   char *why, size_t whylen)
{
	uint64_t bytes;
	int err = workload_file_size(bench_workdir(ctx), bench_mode(ctx) == BENCH_FULL,
				     &bytes, why, whylen);

	f->hook = -1;
	if (err)
		return err;
	note_fio_version(ctx);
	bench_note(ctx, "fio_file_mib", "%llu", (unsigned long long)(bytes / MIB));
	bench_msg(ctx, "laying out a %llu MiB fio file in %s",
		  (unsigned long long)(bytes / MIB), bench_workdir(ctx));
	return workload_files_create(f, bench_workdir(ctx), bytes, why, whylen);
}

int workload_json_path(struct bench_ctx *ctx, const char *tag, char *out,
		       size_t outlen)
{
	snprintf(out, outlen, "%s/fio", bench_run_dir(ctx));
	if (mkdir(out, 0755) != 0 && errno != EEXIST)
		return -errno;
	snprintf(out, outlen, "%s/fio/%s.json", bench_run_dir(ctx), tag);
	return 0;
}
