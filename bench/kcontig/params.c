// SPDX-License-Identifier: GPL-2.0
/* kcontig params: declared, checked before anything runs, read into kc_run. */
#include "kcontig/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1ul << 20)

const struct bench_param_desc kc_params[] = {
	{ "ks", "pinned pages per 64 pageblocks, a comma list of 0..64 (at most 8); "
		"default 0,4,64 quick, 0,1,4,16,64 full" },
	{ "layouts", "spread, clustered or spread,clustered (default both)" },
	{ "pins", "longterm (io_uring fixed buffers), odirect (O_DIRECT reads in flight) or "
		  "longterm,odirect (default both)" },
	{ "region_mib", "MiB faulted to place the pins in, 128..65536 (pins go k per group of 64 "
			"2 MiB pageblocks: a smaller region holds no group); default 256 quick, 1024 full" },
	{ "frag_mib", "most MiB the fragmenter faults (every other 4 KiB page freed), 0..1048576, "
		      "bounded by MemAvailable less a margin; default 1024 quick, 16384 full" },
	{ "free_target", "free 2 MiB blocks of the node the fragmenter aims at, 0..100000000; "
			 "default 0" },
	{ "huge_mib", "MiB of 2 MiB huge pages asked of the node via nr_hugepages: max (default: "
		      "all the node's pages, the kernel gives what it can and never calls the "
		      "OOM killer for it) or 0..1048576, then bounded like frag_mib" },
	{ "node", "the NUMA node to pin on, compact and ask huge pages of; default the first "
		  "node with memory" },
	{ NULL, NULL },
};

int kc_parse_ks(const char *s, unsigned *ks, int max)
{
	int n = 0;

	for (const char *p = s;; p++) {
		char *end;
		unsigned long v;

		if (*p < '0' || *p > '9' || n == max)
			return -1;
		v = strtoul(p, &end, 10);
		if (v > KC_MAX_K)
			return -1;
		ks[n++] = (unsigned)v;
		p = end;
		if (!*p)
			return n;
		if (*p != ',')
			return -1;
	}
}

/* An unsigned decimal in [lo, hi]; true when absent (dflt) or valid. */
static bool number(const struct bench_ctx *ctx, const char *name, unsigned long long lo,
		   unsigned long long hi, unsigned long long dflt, unsigned long long *out)
{
	const char *v = bench_param(ctx, name);
	char *end = NULL;

	*out = dflt;
	if (!v)
		return true;
	if (*v < '0' || *v > '9')
		return false;
	*out = strtoull(v, &end, 10);
	return !*end && *out >= lo && *out <= hi;
}

/* "a", "b", "a,b" or "b,a" of the two names; absent: both. */
static int pair_parse(const char *s, const char *const names[2], bool on[2])
{
	char both[64];

	on[0] = on[1] = !s;
	if (!s)
		return 0;
	for (int i = 0; i < 2; i++) {
		snprintf(both, sizeof(both), "%s,%s", names[i], names[!i]);
		if (!strcmp(s, both)) {
			on[0] = on[1] = true;
			return 0;
		}
		if (!strcmp(s, names[i])) {
			on[i] = true;
			return 0;
		}
	}
	return -1;
}

/* huge_mib=max (the default): ask for every page of the node. */
static bool huge_is_max(const struct bench_ctx *ctx)
{
	const char *v = bench_param(ctx, "huge_mib");

	return !v || !strcmp(v, "max");
}

static const char *const layout_names[2] = { "spread", "clustered" };
static const char *const kind_names[2] = { "longterm", "odirect" };

static const struct {
	const char *name;
	unsigned long long lo, hi;
} ranges[] = {
	{ "region_mib", 128, 65536 }, { "frag_mib", 0, 1ull << 20 },
	{ "free_target", 0, 100000000 }, { "huge_mib", 0, 1ull << 20 },
	{ "node", 0, KSTAT_MAX_NODES - 1 },
};

int kc_params_check(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	const char *ks = bench_param(ctx, "ks");
	unsigned tmp[KC_MAX_KS];
	unsigned long long v;
	bool on[2];

	if (ks && kc_parse_ks(ks, tmp, KC_MAX_KS) < 0) {
		snprintf(err, errlen, "ks must be a comma list of 0..64 (at most %d), not '%s'",
			 KC_MAX_KS, ks);
		return -1;
	}
	if (pair_parse(bench_param(ctx, "layouts"), layout_names, on)) {
		snprintf(err, errlen, "layouts must be spread, clustered or spread,clustered, "
			 "not '%s'", bench_param(ctx, "layouts"));
		return -1;
	}
	if (pair_parse(bench_param(ctx, "pins"), kind_names, on)) {
		snprintf(err, errlen, "pins must be longterm, odirect or longterm,odirect, "
			 "not '%s'", bench_param(ctx, "pins"));
		return -1;
	}
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (!strcmp(ranges[i].name, "huge_mib") && huge_is_max(ctx))
			continue;
		if (!number(ctx, ranges[i].name, ranges[i].lo, ranges[i].hi, 0, &v)) {
			snprintf(err, errlen, "%s must be %llu..%llu, not '%s'", ranges[i].name,
				 ranges[i].lo, ranges[i].hi, bench_param(ctx, ranges[i].name));
			return -1;
		}
	}
	return 0;
}

void kc_params_load(struct kc_run *r)
{
	static const unsigned quick_ks[] = { 0, 4, 64 }, full_ks[] = { 0, 1, 4, 16, 64 };
	const char *ks = bench_param(r->ctx, "ks");
	unsigned long long v;
	int nodes[KSTAT_MAX_NODES];

	if (ks) {
		r->nr_ks = kc_parse_ks(ks, r->ks, KC_MAX_KS);
	} else {
		r->nr_ks = r->full ? 5 : 3;
		memcpy(r->ks, r->full ? full_ks : quick_ks, (size_t)r->nr_ks * sizeof(unsigned));
	}
	pair_parse(bench_param(r->ctx, "layouts"), layout_names, r->layout_on);
	pair_parse(bench_param(r->ctx, "pins"), kind_names, r->kind_on);
	number(r->ctx, "region_mib", 128, 65536, r->full ? 1024 : 256, &v);
	r->region_bytes = v * MIB;
	number(r->ctx, "frag_mib", 0, 1ull << 20, r->full ? 16384 : 1024, &v);
	r->frag_cap = v * MIB;
	r->huge_max = huge_is_max(r->ctx);
	number(r->ctx, "huge_mib", 0, 1ull << 20, 0, &v);
	r->huge_bytes = r->huge_max ? 0 : v * MIB;
	number(r->ctx, "free_target", 0, 100000000, 0, &v);
	r->free_target = (double)v;
	kstat_memory_nodes(nodes, KSTAT_MAX_NODES);
	number(r->ctx, "node", 0, KSTAT_MAX_NODES - 1, (unsigned long long)nodes[0], &v);
	r->node = (int)v;
}
