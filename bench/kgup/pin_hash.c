// SPDX-License-Identifier: GPL-2.0
/*
 * The global pin hash in a real kernel (kernels/patches/pin-hash): every
 * FOLL_PIN pin also records folio pfn -> owner in one hash of 4096
 * buckets under one spinlock, and /sys/kernel/debug/pin_hash shows its
 * entries, chain-length histogram and lock statistics.
 *
 * With N pages pinned (an io_uring registered buffer of 4 KiB pages, so
 * N entries), the chains are set beside what balls in bins predicts for N
 * keys in m buckets hashed uniformly: m (1 - 1/m)^N empty buckets, the
 * figure bench/pinhash's collision model calls ideal.  A kernel without
 * the patch has no such file: the part skips, saying so.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <liburing.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>

#define PIN_HASH_PATH KGUP_DEBUGFS "/pin_hash"

/* One "key<TAB>value" or "chain<TAB>length<TAB>buckets" line. */
static void parse_line(const char *line, struct kgup_pin_hash *s)
{
	static const struct { const char *key; size_t off; } keys[] = {
		{ "buckets", offsetof(struct kgup_pin_hash, buckets) },
		{ "entries", offsetof(struct kgup_pin_hash, entries) },
		{ "alloc_failures", offsetof(struct kgup_pin_hash, alloc_failures) },
		{ "unmatched_unpins", offsetof(struct kgup_pin_hash, unmatched_unpins) },
		{ "lock_acquisitions", offsetof(struct kgup_pin_hash, lock_acquisitions) },
		{ "lock_contended", offsetof(struct kgup_pin_hash, lock_contended) },
	};
	char key[32];
	double a, b;

	if (sscanf(line, "chain %lf %lf", &a, &b) == 2) {
		if (a == 0)
			s->empty_buckets = b;
		if (b > 0 && a > s->chain_max)
			s->chain_max = a;
		return;
	}
	if (sscanf(line, "%31s %lf", key, &a) != 2)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].key))
			*(double *)((char *)s + keys[i].off) = a;
}

int kgup_pin_hash_parse(FILE *f, struct kgup_pin_hash *s)
{
	char line[128];

	memset(s, 0, sizeof(*s));
	while (fgets(line, sizeof(line), f))
		parse_line(line, s);
	return s->buckets > 0 ? 0 : -EPROTO;
}

int kgup_pin_hash_read(struct kgup_pin_hash *s)
{
	FILE *f = fopen(PIN_HASH_PATH, "re");
	int rc;

	if (!f) {
		memset(s, 0, sizeof(*s));
		return -errno;
	}
	rc = kgup_pin_hash_parse(f, s);
	fclose(f);
	return rc;
}

static void record(struct kgup *k, const char *case_, unsigned rep, double pages,
		   const struct kgup_pin_hash *s)
{
	double m = s->buckets, empty_ideal = m * pow(1.0 - 1.0 / m, pages);

	kbench_record(k->ctx, case_, "hash_entries", "entries", BETTER_LOWER, rep, s->entries);
	kbench_record(k->ctx, case_, "chain_max", "entries", BETTER_LOWER, rep, s->chain_max);
	kbench_record(k->ctx, case_, "empty_buckets", "buckets", BETTER_HIGHER, rep,
		      s->empty_buckets);
	kbench_record(k->ctx, case_, "empty_buckets_ideal", "buckets", BETTER_HIGHER, rep,
		      empty_ideal);
	kbench_record(k->ctx, case_, "chain_mean", "entries", BETTER_LOWER, rep,
		      s->entries / (m - s->empty_buckets));
	kbench_record(k->ctx, case_, "chain_mean_ideal", "entries", BETTER_LOWER, rep,
		      pages / (m - empty_ideal));
}

/* Registers a buffer of pages 4 KiB pages, reads the hash while it is held. */
static int chains_once(struct io_uring *ring, size_t pages, struct kgup_pin_hash *held)
{
	struct kgup_buf buf;
	struct iovec iov;
	int rc;

	if ((rc = kgup_buf_alloc(&buf, pages * KGUP_PAGE, KB_4K)))
		return rc;
	iov = (struct iovec){ buf.base, buf.len };
	rc = io_uring_register_buffers(ring, &iov, 1);
	if (!rc) {
		rc = kgup_pin_hash_read(held);
		io_uring_unregister_buffers(ring);
	}
	kgup_buf_free(&buf);
	return rc;
}

static void chains(struct kgup *k, struct io_uring *ring)
{
	static const size_t pages[] = { 1024, 4096, 16384 };
	const size_t nr = sizeof(pages) / sizeof(pages[0]);
	struct kgup_pin_hash before, held;
	char case_[96];

	for (size_t i = 0; i < nr && !bench_should_stop(); i++) {
		snprintf(case_, sizeof(case_), "path=pin_hash,pinned=%zu", pages[i]);
		kgup_progress(k, KP_PIN_HASH, (double)i / (double)nr, case_);
		for (unsigned rep = 0; rep < k->reps && !bench_should_stop(); rep++) {
			if (kgup_pin_hash_read(&before) || chains_once(ring, pages[i], &held))
				continue;
			/* The machine's other pins are in the hash too: say how many. */
			held.entries -= before.entries;
			record(k, case_, rep, (double)pages[i], &held);
		}
	}
}

enum bench_status kgup_pin_hash_run(struct kgup *k)
{
	struct kgup_pin_hash s;
	struct io_uring ring;
	int hook, rc;
	bool ok;

	hook = kgup_debugfs_mount(&ok);
	rc = ok ? kgup_pin_hash_read(&s) : -ENODEV;
	if (rc) {
		kgup_case_skip(k, "pin_hash", "%s", rc == -ENOENT ? "no " PIN_HASH_PATH
			       " (a kernel without kernels/patches/pin-hash)" : strerror(-rc));
	} else if ((rc = io_uring_queue_init(4, &ring, 0))) {
		kgup_case_skip(k, "pin_hash", "io_uring_queue_init: %s", strerror(-rc));
	} else {
		bench_note(k->ctx, "pin_hash", "%.0f buckets", s.buckets);
		chains(k, &ring);
		io_uring_queue_exit(&ring);
	}
	if (hook >= 0)
		bench_cleanup_pop(hook, true);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}
