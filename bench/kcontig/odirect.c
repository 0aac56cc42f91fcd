// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig odirect: short-term pins at known pages.  One 4 KiB O_DIRECT read
 * per chosen page is kept in flight by a thread (io_uring, plain buffers),
 * each resubmitted as soon as it completes, so every page is pinned for as
 * long as its read is in flight: FOLL_PIN per 4 KiB page in the block layer
 * since v6.5 (bio_iov_iter_get_pages() via iov_iter_extract_pages(),
 * block/bio.c), plain references before.  Between two reads a page holds no
 * pin, and compaction may move it (the pfns are read again afterwards).
 */
#include "kcontig/internal.h"

#include <liburing.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INFLIGHT 4096

struct kc_inflight {
	struct io_uring ring;
	int fd;
	pthread_t thread;
	atomic_int stop;
	char **bufs;
	size_t n, inflight;
	uint64_t file_pages;
	unsigned long long ios;
	int err;
};

/* Page i always reads the same 4 KiB of the file: no random choice. */
static int submit(struct kc_inflight *f, size_t i)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&f->ring);
	uint64_t page = (i * 7919) % f->file_pages;

	if (!sqe)
		return -EBUSY;
	io_uring_prep_read(sqe, f->fd, f->bufs[i], KC_PAGE, page * KC_PAGE);
	io_uring_sqe_set_data64(sqe, i);
	f->inflight++;
	return 0;
}

/* Reaps completions, resubmitting each until a stop is asked. */
static void reap(struct kc_inflight *f)
{
	struct __kernel_timespec ts = { 0, 20 * 1000 * 1000 };
	struct io_uring_cqe *cqe;
	unsigned head, seen = 0;

	if (io_uring_wait_cqe_timeout(&f->ring, &cqe, &ts))
		return;
	io_uring_for_each_cqe(&f->ring, head, cqe) {
		size_t i = (size_t)io_uring_cqe_get_data64(cqe);

		seen++;
		f->inflight--;
		if (cqe->res < 0 && !f->err)
			f->err = cqe->res;
		f->ios += cqe->res > 0;
		if (!atomic_load(&f->stop) && cqe->res >= 0)
			submit(f, i);
	}
	io_uring_cq_advance(&f->ring, seen);
	io_uring_submit(&f->ring);
}

static void *inflight_loop(void *arg)
{
	struct kc_inflight *f = arg;

	for (size_t i = 0; i < f->n; i++)
		submit(f, i);
	io_uring_submit(&f->ring);
	/* Drain before returning: nothing may land in a page after it is freed. */
	while (!atomic_load(&f->stop) || f->inflight)
		reap(f);
	return NULL;
}

struct kc_inflight *kc_inflight_start(const char *file, uint64_t bytes, char **bufs, size_t n)
{
	struct kc_inflight *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->bufs = bufs;
	f->n = n < MAX_INFLIGHT ? n : MAX_INFLIGHT;
	f->file_pages = bytes / KC_PAGE ? bytes / KC_PAGE : 1;
	f->fd = open(file, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (f->fd < 0 || io_uring_queue_init(MAX_INFLIGHT, &f->ring, 0)) {
		if (f->fd >= 0)
			close(f->fd);
		free(f);
		return NULL;
	}
	if (pthread_create(&f->thread, NULL, inflight_loop, f)) {
		io_uring_queue_exit(&f->ring);
		close(f->fd);
		free(f);
		return NULL;
	}
	return f;
}

unsigned long long kc_inflight_stop(struct kc_inflight *f, int *err)
{
	unsigned long long ios;

	if (!f)
		return 0;
	atomic_store(&f->stop, 1);
	pthread_join(f->thread, NULL);
	io_uring_queue_exit(&f->ring);
	close(f->fd);
	ios = f->ios;
	*err = f->err;
	free(f);
	return ios;
}
