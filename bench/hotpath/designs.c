// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/designs.c - the model side of a hotpath case: a team of
 * threads, each with an owner of its share of the pages, and pinning a
 * share of them (the access streams are stream.c's).
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/topo.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- owners -------------------------------------------------------------- */

static int range_of_node(const struct pin_mem *mem, int node, bool same)
{
	for (int r = 0; r < mem->nr_ranges; r++)
		if ((mem->range[r].node == node) == same)
			return r;
	return -1;
}

static void *xcalloc(size_t n, size_t size)
{
	return n ? calloc(n, size) : NULL;
}

static int thread_arrays(struct hp_thread *t)
{
	t->plain = xcalloc(t->nr, sizeof(*t->plain));
	t->handle = xcalloc(t->nr, sizeof(*t->handle));
	t->pfn = xcalloc(t->nr, sizeof(*t->pfn));
	t->by_pfn = xcalloc(t->nr, sizeof(*t->by_pfn));
	t->chosen = xcalloc(t->nr, sizeof(*t->chosen));
	return t->plain && t->handle && t->pfn && t->by_pfn && t->chosen ? 0 : -1;
}

/* Slots of every thread sorted by pfn, in one pass over the pfn space. */
static int sort_slots_by_pfn(struct hp_team *tm)
{
	unsigned long base = ~0ul, end = 0;
	uint64_t *who;
	size_t *fill;

	if (tm->nr < 1)
		return -1;
	for (int i = 0; i < tm->nr; i++)
		for (size_t k = 0; k < tm->th[i].nr; k++) {
			unsigned long pfn = tm->th[i].pfn[k];

			base = pfn < base ? pfn : base;
			end = pfn + 1 > end ? pfn + 1 : end;
		}
	who = malloc((end - base) * sizeof(*who));
	fill = calloc((size_t)tm->nr, sizeof(*fill));
	if (!who || !fill) {
		free(who);
		free(fill);
		return -1;
	}
	memset(who, 0xff, (end - base) * sizeof(*who));
	for (int i = 0; i < tm->nr; i++)
		for (size_t k = 0; k < tm->th[i].nr; k++)
			who[tm->th[i].pfn[k] - base] = (uint64_t)i << 40 | k;
	for (unsigned long p = 0; p < end - base; p++) {
		struct hp_thread *t;

		if (who[p] == UINT64_MAX)
			continue;
		t = &tm->th[who[p] >> 40];
		t->by_pfn[fill[who[p] >> 40]++] = who[p] & ((1ull << 40) - 1);
	}
	free(who);
	free(fill);
	return 0;
}

static int thread_owner(struct hp_team *tm, struct hp_thread *t, int range)
{
	const struct pin_design_ops *ops = tm->ops;

	if (pin_owner_init(&t->owner, tm->mem, OWNER_ANON_BUFFER, NULL, t->nr, range))
		return -1;
	t->have_owner = true;
	for (size_t k = 0; k < t->nr; k++) {
		t->plain[k] = pin_owner_page(&t->owner, k);
		if (!t->plain[k])
			return -1;
		t->pfn[k] = ops->page_to_pfn(tm->mem, t->plain[k]);
	}
	t->stream.owner = &t->owner;
	return 0;
}

/* Each thread's share of the working set, if its range can give it. */
static size_t share_of_range(const struct hp_team *tm, const int *range_of, int r,
			     size_t size_pages)
{
	size_t users = 0, share = size_pages / (size_t)tm->nr;

	for (int i = 0; i < tm->nr; i++)
		users += range_of[i] == r;
	return share * users <= pin_mem_nr_free(tm->mem, r) ? share : 0;
}

static int team_threads(struct hp_team *tm, size_t size_pages, enum hp_mem where,
			unsigned pin_batch, char *err, size_t errlen)
{
	int range_of[TOPO_MAX_CPUS];

	for (int i = 0; i < tm->nr; i++) {
		tm->th[i].cpu = tm->cpus[i];
		tm->th[i].node = topo_node_of_cpu(tm->cpus[i]);
		range_of[i] = range_of_node(tm->mem, tm->th[i].node, where == HP_MEM_LOCAL);
		if (range_of[i] < 0) {
			snprintf(err, errlen, "no %s memory range for CPU %d",
				 hp_mem_name(where), tm->cpus[i]);
			return -1;
		}
	}
	/* Shares first: each owner takes its pages from the free lists. */
	for (int i = 0; i < tm->nr; i++)
		tm->th[i].nr = share_of_range(tm, range_of, range_of[i], size_pages);
	for (int i = 0; i < tm->nr; i++) {
		struct hp_thread *t = &tm->th[i];

		t->stream = (struct hp_stream){ .mem = tm->mem, .ops = tm->ops, .node = t->node };
		tm->args[i] = &t->stream;
		if (!t->nr || thread_arrays(t) || hp_stream_alloc(&t->stream, t->nr, pin_batch) ||
		    thread_owner(tm, t, range_of[i])) {
			snprintf(err, errlen, "cannot set up %zu pages for thread %d", t->nr, i);
			return -1;
		}
	}
	if (sort_slots_by_pfn(tm)) {
		snprintf(err, errlen, "out of memory sorting pages");
		return -1;
	}
	return 0;
}

struct hp_team *hp_team_new(struct pin_mem *mem, const struct pin_design_ops *ops,
			    const int *cpus, int nr, size_t size_pages, enum hp_mem where,
			    unsigned pin_batch, char *err, size_t errlen)
{
	struct hp_team *tm = calloc(1, sizeof(*tm) + (size_t)nr * sizeof(int));

	if (!tm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	tm->mem = mem;
	tm->ops = ops;
	tm->nr = nr;
	memcpy(tm->cpus, cpus, (size_t)nr * sizeof(int));
	tm->th = calloc((size_t)nr, sizeof(*tm->th));
	tm->args = calloc((size_t)nr, sizeof(*tm->args));
	if (!tm->th || !tm->args) {
		snprintf(err, errlen, "out of memory");
		hp_team_free(tm);
		return NULL;
	}
	if (team_threads(tm, size_pages, where, pin_batch, err, errlen)) {
		hp_team_free(tm);
		return NULL;
	}
	return tm;
}

void hp_team_free(struct hp_team *tm)
{
	if (!tm)
		return;
	if (tm->th) {
		hp_team_unpin(tm);
		for (int i = 0; i < tm->nr; i++) {
			struct hp_thread *t = &tm->th[i];

			if (t->have_owner)
				pin_owner_fini(&t->owner, tm->mem);
			hp_stream_free(&t->stream);
			free(t->plain);
			free(t->handle);
			free(t->pfn);
			free(t->by_pfn);
			free(t->chosen);
			free(t->rand_seq);
		}
	}
	free(tm->th);
	free(tm->args);
	free(tm);
}

/* ---- pinning a share of the pages ---------------------------------------- */

/* The slots to pin: pct % of them, at random or the lowest pfns. */
static void choose_slots(struct hp_thread *t, const gsl_rng *rng, double pct,
			 enum hp_place place)
{
	t->nr_chosen = (size_t)llround((double)t->nr * pct / 100.0);
	memcpy(t->chosen, t->by_pfn, t->nr * sizeof(*t->chosen));
	if (place == HP_PLACE_RANDOM && t->nr_chosen < t->nr)
		gsl_ran_shuffle(rng, t->chosen, t->nr, sizeof(*t->chosen));
}

/* Pin each chosen slot on its own thread, so design state is node-local. */
static void pin_body(int idx, void *arg)
{
	struct hp_team *tm = arg;
	struct hp_thread *t = &tm->th[idx];

	t->pin_rc = 0;
	for (size_t k = 0; k < t->nr_chosen; k++) {
		size_t slot = t->chosen[k];
		long got = tm->ops->pin_range(tm->mem, &t->owner, slot, 1, &t->handle[slot]);

		if (got != 1) {
			t->pin_rc = got < 0 ? got : -1;
			t->handle[slot] = NULL;
			return;
		}
	}
}

int hp_team_pin(struct hp_team *tm, struct bench_ctx *ctx, double pct,
		enum hp_place place, uint64_t stream, char *err, size_t errlen)
{
	int rc;

	for (int i = 0; i < tm->nr; i++) {
		gsl_rng *rng = hp_rng(ctx, hp_stream_id(stream, (uint64_t)i, 1, 0));

		choose_slots(&tm->th[i], rng, pct, place);
		gsl_rng_free(rng);
	}
	rc = topo_team_run(tm->nr, tm->cpus, pin_body, tm);
	if (rc) {
		snprintf(err, errlen, "cannot start %d threads (%s)", tm->nr, strerror(-rc));
		return -1;
	}
	for (int i = 0; i < tm->nr; i++) {
		if (tm->th[i].pin_rc) {
			snprintf(err, errlen, "pin_range failed (%ld) pinning %g%% of %zu pages",
				 tm->th[i].pin_rc, pct, tm->th[i].nr);
			return -1;
		}
	}
	return 0;
}

void hp_team_unpin(struct hp_team *tm)
{
	for (int i = 0; i < tm->nr; i++) {
		struct hp_thread *t = &tm->th[i];

		for (size_t k = 0; t->handle && k < t->nr; k++) {
			if (!t->handle[k])
				continue;
			tm->ops->unpin_range(tm->mem, &t->handle[k], 1);
			t->handle[k] = NULL;
		}
	}
}
