// SPDX-License-Identifier: GPL-2.0
/*
 * bench/kcompact/setup.c - what kcompact changes on the machine and
 * restores on every exit: vm.compaction_proactiveness, THP enabled/defrag,
 * a tracefs instance, the fio file; and what it finds there: the
 * compaction triggers, the zones, how much it may fragment.
 */
#include "kcompact/internal.h"
#include "core/params.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THP_SYSFS "/sys/kernel/mm/transparent_hugepage/"
#define PROACTIVENESS "/proc/sys/vm/compaction_proactiveness"

int kc_find_triggers(struct kc *kc)
{
	char path[96];
	int nodes[KSTAT_MAX_NODES], n = kstat_memory_nodes(nodes, KSTAT_MAX_NODES);

	kc->nr_nodes = 0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/compact", nodes[i]);
		if (access(path, W_OK) == 0)
			kc->nodes[kc->nr_nodes++] = nodes[i];
	}
	return kc->nr_nodes || access(COMPACT_ALL, W_OK) == 0 ? 0 : -1;
}

/* The selected value of a setting, or "absent" (e.g. a kernel without THP). */
static const char *setting(const char *path, char *buf, size_t len)
{
	return knob_read(path, buf, len) ? "absent" : buf;
}

/* THP must let MADV_HUGEPAGE faults get huge pages and compact for them. */
static void set_knobs(struct kc *kc)
{
	char cur[64];
	const char *v = setting(THP_SYSFS "enabled", cur, sizeof(cur));

	knob_set(&kc->thp_enabled, THP_SYSFS "enabled", strcmp(v, "never") ? v : "madvise");
	v = setting(THP_SYSFS "defrag", cur, sizeof(cur));
	knob_set(&kc->thp_defrag, THP_SYSFS "defrag",
		 strcmp(v, "never") && strcmp(v, "defer") ? v : "madvise");
	knob_set(&kc->proactive, PROACTIVENESS, "0");
	bench_note(kc->ctx, "thp_enabled", "%s", setting(THP_SYSFS "enabled", cur, sizeof(cur)));
	bench_note(kc->ctx, "thp_defrag", "%s", setting(THP_SYSFS "defrag", cur, sizeof(cur)));
	bench_note(kc->ctx, "compaction_proactiveness_saved", "%s", kc->proactive.saved);
}

static void open_trace(struct kc *kc)
{
	char why[256];

	kc->trace = ktrace_open("kcompact", why, sizeof(why));
	if (kc->trace) {
		bench_note(kc->ctx, "tracepoints", "compaction:mm_compaction_begin/end, "
			   "compaction:mm_compaction_isolate_migratepages (migration sources: "
			   "isolate_scanned, isolated_sources; vm_compact_isolated adds the free "
			   "pages taken as targets), migrate:mm_migrate_pages");
	} else {
		bench_note(kc->ctx, "tracepoints", "skipped: %s", why);
		bench_msg(kc->ctx, "tracepoint parts skipped: %s", why);
	}
}

static void note_zones(struct kc *kc)
{
	kc->nr_zones = zoneinfo_read(kc->zones, KSTAT_MAX_ZONES);
	for (int i = 0; i < kc->nr_zones; i++) {
		char key[64];

		snprintf(key, sizeof(key), "zone.node%d.%s", kc->zones[i].node, kc->zones[i].name);
		bench_note(kc->ctx, key, "start_pfn=%llu spanned=%llu present=%llu managed=%llu",
			   (unsigned long long)kc->zones[i].start_pfn,
			   (unsigned long long)kc->zones[i].spanned,
			   (unsigned long long)kc->zones[i].present,
			   (unsigned long long)kc->zones[i].managed);
	}
}

int kc_frag_mib(const struct bench_ctx *ctx, uint64_t *mib, char *err, size_t errlen)
{
	return bench_param_u64(ctx, "frag_mib", 0, 256, 1u << 20, mib, err, errlen);
}

/*
 * What the fragmented scenarios will fault: frag_mib, or by default 1 GiB
 * quick (a few seconds to fault) and all the memory the margin allows full
 * (so that free 2 MiB blocks really run out), bounded by MemAvailable less
 * a margin; 0 with why when under 256 MiB are left.  The value was checked
 * before the run started; the estimate and the run both ask here.
 */
size_t kc_planned_frag_bytes(const struct bench_ctx *ctx, char *why, size_t whylen)
{
	uint64_t mib;

	if (kc_frag_mib(ctx, &mib, why, whylen))
		mib = 0;
	return frag_bound(mib ? (size_t)mib << 20 : bench_mode(ctx) == BENCH_FULL ? SIZE_MAX : GIB,
			  GIB / 4, why, whylen);
}

static void size_fragmenter(struct kc *kc)
{
	const char *method = bench_param(kc->ctx, "frag");
	char why[256];

	kc->method = method ? (enum frag_method)frag_method_parse(method) : FRAG_EVERY_OTHER_4K;
	kc->frag_bytes = kc_planned_frag_bytes(kc->ctx, why, sizeof(why));
	bench_note(kc->ctx, "frag", "%s %zu MiB", frag_method_name(kc->method), kc->frag_bytes >> 20);
	if (!kc->frag_bytes) {
		bench_note(kc->ctx, "fragmented", "skipped: %s", why);
		bench_msg(kc->ctx, "fragmented scenarios skipped: %s", why);
	}
}

static void size_things(struct kc *kc)
{
	char why[256];

	size_fragmenter(kc);
	kc->have_files = workload_files_prepare(kc->ctx, &kc->files, why, sizeof(why)) == 0;
	if (!kc->have_files) {
		bench_note(kc->ctx, "fio", "skipped: %s", why);
		bench_msg(kc->ctx, "fio scenarios skipped: %s", why);
	}
	kc->thp_chunks = kc->full ? 256 : 32;
	kc->thp_us = calloc(kc->thp_chunks, sizeof(*kc->thp_us));
	kc->thp_huge = calloc(kc->thp_chunks, sizeof(*kc->thp_huge));
}

void kc_setup(struct kc *kc)
{
	set_knobs(kc);
	open_trace(kc);
	note_zones(kc);
	size_things(kc);
}

void kc_teardown(struct kc *kc)
{
	if (kc->have_files)
		workload_files_remove(&kc->files);
	ktrace_close(kc->trace);
	knob_restore(&kc->proactive);
	knob_restore(&kc->thp_defrag);
	knob_restore(&kc->thp_enabled);
	free(kc->thp_us);
	free(kc->thp_huge);
}
