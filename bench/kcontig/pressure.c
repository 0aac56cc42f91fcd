// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig pressure: free 2 MiB blocks per node and zone from
 * /proc/buddyinfo, the fragmenter sized to bring them down to a target,
 * and the verdict on whether a scenario was under pressure at all.
 *
 * lab-machine.md ("Memory pressure"): kcompact's "fragmented" scenario
 * once left the free 2 MiB blocks at 10,990 before and after compaction
 * and moved 73 pages.  A scenario whose free blocks did not fall, or in
 * which compaction moved nothing, is flagged rather than reported as a
 * fragmented machine.
 */
#include "kcontig/internal.h"
#include "workloads/memfrag.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double kc_free_blocks(int node)
{
	double per_node[KSTAT_MAX_NODES];
	int n = buddyinfo_free_blocks(KC_BLOCK_ORDER, per_node);

	return n > node && node >= 0 ? per_node[node] : NAN;
}

/* "Node 0, zone   Normal  c0 c1 ..." -> blocks of order >= 9, or -1. */
static double zone_line_blocks(const char *line, int node, const char *zone)
{
	char name[32];
	int nd, used = 0;
	double sum = 0, c;
	const char *p;

	if (sscanf(line, "Node %d, zone %31s%n", &nd, name, &used) != 2 ||
	    nd != node || strcmp(name, zone))
		return -1;
	p = line + used;
	for (int order = 0, k; sscanf(p, "%lf%n", &c, &k) == 1; order++, p += k) {
		if (order >= KC_BLOCK_ORDER)
			sum += c * (double)(1u << (order - KC_BLOCK_ORDER));
	}
	return sum;
}

double kc_free_blocks_zone(int node, const char *zone)
{
	FILE *f = fopen("/proc/buddyinfo", "re");
	char line[512];
	double v = NAN;

	while (f && fgets(line, sizeof(line), f)) {
		double b = zone_line_blocks(line, node, zone);

		if (b >= 0) {
			v = b;
			break;
		}
	}
	if (f)
		fclose(f);
	return v;
}

size_t kc_frag_size(int node, double target, size_t cap, char *why, size_t whylen)
{
	double free_now = kc_free_blocks(node);
	size_t want;

	if (isnan(free_now)) {
		snprintf(why, whylen, "node %d not in /proc/buddyinfo", node);
		return 0;
	}
	if (free_now <= target) {
		snprintf(why, whylen, "node %d has %.0f free 2 MiB blocks, target %.0f",
			 node, free_now, target);
		return 0;
	}
	/* Every-other-4K keeps each 2 MiB it faults from being free. */
	want = (size_t)(free_now - target) * KC_2M;
	if (want > cap)
		want = cap;
	return frag_bound(want, 64ul << 20, why, whylen);
}

const char *kc_no_pressure(const struct kc_pressure *p)
{
	if (isnan(p->free_before) || isnan(p->free_fragmented))
		return "free 2 MiB blocks unknown";
	if (p->free_fragmented >= p->free_before)
		return "free 2 MiB blocks did not fall";
	if (!(p->migrated > 0))
		return "compaction moved nothing";
	return NULL;
}
