// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/kstat.c - /proc/vmstat, /proc/buddyinfo, /proc/zoneinfo readers.
 * Field layouts as printed by mm/vmstat.c (Linux 6.18): buddyinfo is
 * "Node N, zone NAME c0 c1 ... c10"; zoneinfo starts each zone with
 * "Node N, zone NAME" followed by "pages free", "spanned", "present",
 * "managed" and "start_pfn:" lines.
 */
#include "workloads/kstat.h"
#include "workloads/knob.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const vmstat_names[VM_NR_ITEMS] = {
	[VM_FOLL_PIN_ACQUIRED] = "nr_foll_pin_acquired",
	[VM_FOLL_PIN_RELEASED] = "nr_foll_pin_released",
	[VM_COMPACT_MIGRATE_SCANNED] = "compact_migrate_scanned",
	[VM_COMPACT_FREE_SCANNED] = "compact_free_scanned",
	[VM_COMPACT_ISOLATED] = "compact_isolated",
	[VM_COMPACT_STALL] = "compact_stall",
	[VM_COMPACT_FAIL] = "compact_fail",
	[VM_COMPACT_SUCCESS] = "compact_success",
	[VM_PGMIGRATE_SUCCESS] = "pgmigrate_success",
	[VM_PGMIGRATE_FAIL] = "pgmigrate_fail",
	[VM_THP_FAULT_ALLOC] = "thp_fault_alloc",
	[VM_THP_FAULT_FALLBACK] = "thp_fault_fallback",
};

const char *vmstat_name(enum vmstat_item i)
{
	return i < VM_NR_ITEMS ? vmstat_names[i] : "?";
}

void vmstat_parse(FILE *f, struct vmstat_snap *s)
{
	char name[64];
	unsigned long long val;

	memset(s, 0, sizeof(*s));
	while (fscanf(f, "%63s %llu", name, &val) == 2) {
		for (int i = 0; i < VM_NR_ITEMS; i++) {
			if (strcmp(name, vmstat_names[i]) == 0) {
				s->v[i] = val;
				s->present[i] = true;
			}
		}
	}
}

int vmstat_snapshot(struct vmstat_snap *s)
{
	int err = knob_write("/proc/sys/vm/stat_refresh", "1");
	FILE *f;

	if (err)
		return err;
	f = fopen("/proc/vmstat", "re");
	if (!f)
		return -errno;
	vmstat_parse(f, s);
	fclose(f);
	return 0;
}

double vmstat_delta(const struct vmstat_snap *a, const struct vmstat_snap *b,
		    enum vmstat_item i)
{
	if (!a->present[i] || !b->present[i])
		return NAN;
	return (double)b->v[i] - (double)a->v[i];
}

/* Adds one buddyinfo line's blocks of order >= order into per_node. */
static int buddyinfo_line(const char *line, unsigned order, double *per_node)
{
	int node, used;
	char zone[32];
	const char *p;
	unsigned long long count;

	if (sscanf(line, "Node %d, zone %31s%n", &node, zone, &used) != 2 ||
	    node < 0 || node >= KSTAT_MAX_NODES)
		return -1;
	p = line + used;
	for (unsigned k = 0; sscanf(p, "%llu%n", &count, &used) == 1; k++) {
		if (k >= order)
			per_node[node] += (double)count * (double)(1ull << (k - order));
		p += used;
	}
	return node;
}

int buddyinfo_parse(FILE *f, unsigned order, double per_node[KSTAT_MAX_NODES])
{
	char line[512];
	int nr_nodes = 0;

	for (int i = 0; i < KSTAT_MAX_NODES; i++)
		per_node[i] = 0;
	while (fgets(line, sizeof(line), f)) {
		int node = buddyinfo_line(line, order, per_node);

		if (node + 1 > nr_nodes)
			nr_nodes = node + 1;
	}
	return nr_nodes;
}

int buddyinfo_free_blocks(unsigned order, double per_node[KSTAT_MAX_NODES])
{
	FILE *f = fopen("/proc/buddyinfo", "re");
	int n;

	if (!f)
		return -errno;
	n = buddyinfo_parse(f, order, per_node);
	fclose(f);
	return n;
}

/* One "key value" line inside a zone's block of /proc/zoneinfo. */
static void zoneinfo_field(const char *line, struct zone_span *z)
{
	unsigned long long v;

	if (sscanf(line, " spanned %llu", &v) == 1)
		z->spanned = v;
	else if (sscanf(line, " present %llu", &v) == 1)
		z->present = v;
	else if (sscanf(line, " managed %llu", &v) == 1)
		z->managed = v;
	else if (sscanf(line, " start_pfn: %llu", &v) == 1)
		z->start_pfn = v;
}

int zoneinfo_parse(FILE *f, struct zone_span *z, int max)
{
	char line[512];
	int n = 0, cur = -1;
	struct zone_span tmp;

	while (fgets(line, sizeof(line), f)) {
		int node;
		char name[16];

		if (sscanf(line, "Node %d, zone %15s", &node, name) == 2) {
			if (cur >= 0 && tmp.spanned && n < max)
				z[n++] = tmp;
			memset(&tmp, 0, sizeof(tmp));
			tmp.node = node;
			snprintf(tmp.name, sizeof(tmp.name), "%s", name);
			cur = 0;
		} else if (cur >= 0) {
			zoneinfo_field(line, &tmp);
		}
	}
	if (cur >= 0 && tmp.spanned && n < max)
		z[n++] = tmp;
	return n;
}

int zoneinfo_read(struct zone_span *z, int max)
{
	FILE *f = fopen("/proc/zoneinfo", "re");
	int n;

	if (!f)
		return -errno;
	n = zoneinfo_parse(f, z, max);
	fclose(f);
	return n;
}

const struct zone_span *zone_of_pfn(const struct zone_span *z, int n, uint64_t pfn)
{
	for (int i = 0; i < n; i++) {
		if (pfn >= z[i].start_pfn && pfn < z[i].start_pfn + z[i].spanned)
			return &z[i];
	}
	return NULL;
}

/* Parses a kernel cpulist/nodelist such as "0-3,5" into ids. */
static int parse_id_list(const char *s, int *ids, int max)
{
	int n = 0;

	while (*s && n < max) {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s)
			break;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (long i = a; i <= b && n < max; i++)
			ids[n++] = (int)i;
		s = (*end == ',') ? end + 1 : end;
	}
	return n;
}

int kstat_memory_nodes(int *nodes, int max)
{
	char buf[256] = "";
	FILE *f = fopen("/sys/devices/system/node/has_memory", "re");
	int n = 0;

	if (f) {
		if (fgets(buf, sizeof(buf), f))
			n = parse_id_list(buf, nodes, max);
		fclose(f);
	}
	if (n == 0 && max > 0) {
		nodes[0] = 0;	/* !CONFIG_NUMA: everything is node 0 */
		n = 1;
	}
	return n;
}

long long meminfo_kib(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = atoll(line + klen + 1);
			break;
		}
	}
	fclose(f);
	return v;
}
