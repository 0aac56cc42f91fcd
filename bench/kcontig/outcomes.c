// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig outcomes: what the kernel makes of the placement.
 *
 * Compaction: a write of 1 to /sys/devices/system/node/nodeN/compact
 * returns when compact_node() is done with every populated zone of the
 * node (mm/compaction.c, v6.12), so its wall time is the node's
 * compaction latency; pgmigrate_success/fail and compact_migrate_scanned
 * of /proc/vmstat (exact after a stat_refresh) say what it moved.
 *
 * Huge pages: raising the node's nr_hugepages makes the kernel allocate
 * 2 MiB pages one by one with __GFP_RETRY_MAYFAIL (alloc_pool_huge_folio(),
 * mm/hugetlb.c, v6.12), compacting and reclaiming as it goes, and stop at
 * the first failure; reading the file back gives what it obtained.
 * Asked for every page, a small node can be left at its min watermark: the
 * next 4 KiB fault of a task bound to it (ours: an fopen's buffer was
 * enough) then finds nothing to reclaim and the OOM killer runs (seen in
 * the 2-node VM lab, 2 GiB a node).  So a reserve faulted before the pins
 * were placed is unmapped the moment the pool stops growing, with no
 * allocation in between; the node then has that much free again.
 */
#include "kcontig/internal.h"
#include "workloads/knob.h"
#include "core/timer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

void kc_compact_node(int node, struct kc_compaction *c)
{
	struct vmstat_snap a, b;
	char path[96];
	uint64_t t0;

	snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", node);
	vmstat_snapshot(&a);
	t0 = timer_clock_ns(CLOCK_MONOTONIC);
	c->err = knob_write(path, "1");
	c->ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	vmstat_snapshot(&b);
	c->migrated = vmstat_delta(&a, &b, VM_PGMIGRATE_SUCCESS);
	c->failed = vmstat_delta(&a, &b, VM_PGMIGRATE_FAIL);
	c->scanned = vmstat_delta(&a, &b, VM_COMPACT_MIGRATE_SCANNED);
}

void kc_hugetlb_path(int node, char *out, size_t len)
{
	snprintf(out, len, "/sys/devices/system/node/node%d/hugepages/hugepages-2048kB/"
		 "nr_hugepages", node);
}

long kc_read_count(const char *path)
{
	char buf[64];

	return knob_read(path, buf, sizeof(buf)) ? -1 : strtol(buf, NULL, 10);
}

int kc_reserve_take(struct kc_reserve *rs, size_t bytes)
{
	rs->len = bytes;
	rs->p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (rs->p == MAP_FAILED) {
		rs->p = NULL;
		return -errno;
	}
	madvise(rs->p, bytes, MADV_NOHUGEPAGE);	/* 4 KiB pages: no free block split */
	memset(rs->p, 1, bytes);
	return 0;
}

void kc_reserve_drop(struct kc_reserve *rs)
{
	if (rs && rs->p)
		munmap(rs->p, rs->len);
	if (rs)
		rs->p = NULL;
}

void kc_pool_raise(const char *path, long want, struct kc_reserve *rs, struct knob *k,
		   struct kc_hugetlb *h)
{
	char value[32];
	uint64_t t0;
	long now;

	h->before = kc_read_count(path);
	h->obtained = 0;
	h->ms = 0;
	h->err = h->before < 0 ? -1 : 0;
	if (h->err)
		return;
	h->target = h->before + want;
	snprintf(value, sizeof(value), "%ld", h->target);
	t0 = timer_clock_ns(CLOCK_MONOTONIC);
	/* The kernel gives what it can and the write still succeeds. */
	h->err = knob_set(k, path, value);
	kc_reserve_drop(rs);
	h->ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	now = kc_read_count(path);
	h->obtained = now >= h->before ? now - h->before : 0;
}

void kc_hugetlb_raise(int node, long want, struct kc_reserve *rs, struct knob *k,
		      struct kc_hugetlb *h)
{
	char path[128];

	kc_hugetlb_path(node, path, sizeof(path));
	kc_pool_raise(path, want, rs, k, h);
}

void kc_hugetlb_restore(struct knob *k)
{
	knob_restore(k);
}
