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
 */
#include "kcontig/internal.h"
#include "workloads/knob.h"
#include "core/timer.h"

#include <stdio.h>
#include <stdlib.h>
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

static long read_long(const char *path)
{
	char buf[64];

	return knob_read(path, buf, sizeof(buf)) ? -1 : strtol(buf, NULL, 10);
}

void kc_hugetlb_raise(int node, long want, struct knob *k, struct kc_hugetlb *h)
{
	char path[128], value[32];
	uint64_t t0;
	long now;

	kc_hugetlb_path(node, path, sizeof(path));
	h->before = read_long(path);
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
	h->ms = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e6;
	now = read_long(path);
	h->obtained = now >= h->before ? now - h->before : 0;
}

void kc_hugetlb_restore(struct knob *k)
{
	knob_restore(k);
}
