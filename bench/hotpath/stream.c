// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/stream.c - what one thread walks in a case: its stream of
 * pages (or pin handles) and pfns in the access order, and the drivers
 * that walk a stream through a design's batch ops.
 *
 * Every design is reached through its ops table only.  The batch ops keep
 * the design's inline helpers inside the loop; the drivers call them once
 * per chunk of thousands of entries, so the indirect call is amortised
 * below 0.01 ns per op.
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/topo.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

/* ---- drivers ------------------------------------------------------------- */

typedef uint64_t (*chunk_fn)(struct hp_stream *s, size_t pos, size_t n);

/* Walk `iters` entries of the stream, wrapping, in chunks. */
static inline uint64_t drive(struct hp_stream *s, uint64_t iters, chunk_fn chunk)
{
	uint64_t acc = 0;

	while (iters) {
		size_t n = s->len - s->pos;

		if (n > iters)
			n = (size_t)iters;
		acc += chunk(s, s->pos, n);
		s->pos += n;
		if (s->pos == s->len)
			s->pos = 0;
		iters -= n;
	}
	return acc;
}

static uint64_t chunk_page_to_pfn(struct hp_stream *s, size_t pos, size_t n)
{
	return s->ops->page_to_pfn_batch(s->mem, s->pages + pos, n);
}

static uint64_t chunk_pfn_to_page(struct hp_stream *s, size_t pos, size_t n)
{
	return s->ops->pfn_to_page_batch(s->mem, s->pfns + pos, n);
}

/*
 * get_put_batch takes every reference, then drops them all, as a filled
 * folio_batch handed to release_pages() does; so feed it folio_batch-sized
 * pieces, or a DRAM-sized chunk would miss twice per page.
 */
static uint64_t chunk_get_put(struct hp_stream *s, size_t pos, size_t n)
{
	for (size_t k = 0; k < n; k += HP_FOLIO_BATCH)
		s->ops->get_put_batch(s->mem, s->pages + pos + k,
				      n - k < HP_FOLIO_BATCH ? n - k : HP_FOLIO_BATCH);
	return n;
}

static uint64_t drive_page_to_pfn(void *arg, uint64_t iters)
{
	return drive(arg, iters, chunk_page_to_pfn);
}

static uint64_t drive_pfn_to_page(void *arg, uint64_t iters)
{
	return drive(arg, iters, chunk_pfn_to_page);
}

static uint64_t drive_get_put(void *arg, uint64_t iters)
{
	return drive(arg, iters, chunk_get_put);
}

/* pin_user_pages() + unpin_user_pages() of pin_batch pages; iters pages. */
static uint64_t drive_pin_unpin(void *arg, uint64_t iters)
{
	struct hp_stream *s = arg;
	uint64_t acc = 0;

	while (iters) {
		size_t first = s->starts[s->start_pos];
		size_t nr = s->pin_batch;
		long got;

		if (nr > iters)
			nr = (size_t)iters;
		if (nr > s->owner->nr_slots - first)
			nr = s->owner->nr_slots - first;
		got = s->ops->pin_range(s->mem, s->owner, first, nr, s->handles);
		if (got != (long)nr)
			s->short_pins++;
		if (got > 0) {
			acc += (uintptr_t)s->handles[0];
			s->ops->unpin_range(s->mem, s->handles, (size_t)got);
		}
		if (++s->start_pos == s->nr_starts)
			s->start_pos = 0;
		iters -= nr;
	}
	return acc;
}

measure_fn hp_op_fn(enum hp_op op)
{
	static const measure_fn fns[HP_NR_OPS] = {
		[HP_PAGE_TO_PFN] = drive_page_to_pfn,
		[HP_PFN_TO_PAGE] = drive_pfn_to_page,
		[HP_GET_PUT] = drive_get_put,
		[HP_PIN_UNPIN] = drive_pin_unpin,
	};

	return fns[op];
}

size_t hp_stream_len(size_t nr)
{
	size_t copies = (HP_MIN_STREAM + nr - 1) / nr;

	return copies * nr;
}

/* ---- the arrays of a stream ---------------------------------------------- */

int hp_stream_alloc(struct hp_stream *s, size_t nr, unsigned pin_batch)
{
	s->cap = hp_stream_len(nr);
	s->pages = topo_alloc_on_node(s->cap * sizeof(*s->pages), s->node);
	s->pfns = topo_alloc_on_node(s->cap * sizeof(*s->pfns), s->node);
	s->pin_batch = pin_batch < nr ? pin_batch : (unsigned)nr;
	s->nr_starts = (nr + s->pin_batch - 1) / s->pin_batch;
	s->starts = calloc(s->nr_starts, sizeof(*s->starts));
	s->handles = calloc(s->pin_batch, sizeof(*s->handles));
	return s->pages && s->pfns && s->starts && s->handles ? 0 : -1;
}

void hp_stream_free(struct hp_stream *s)
{
	if (s->pages)
		topo_free(s->pages, s->cap * sizeof(*s->pages));
	if (s->pfns)
		topo_free(s->pfns, s->cap * sizeof(*s->pfns));
	free(s->starts);
	free(s->handles);
}

/* ---- access streams ------------------------------------------------------ */

/*
 * The random order: a fresh shuffle of the pages per copy, made once per
 * team and stream and kept, so that every pinned share (and every design)
 * walks the same sequence.
 */
static int rand_seq_make(struct hp_thread *t, size_t len, const gsl_rng *rng,
			 uint64_t stream)
{
	if (t->rand_seq && t->rand_stream == stream)
		return 0;
	free(t->rand_seq);
	t->rand_seq = malloc(len * sizeof(*t->rand_seq));
	if (!t->rand_seq)
		return -1;
	for (size_t at = 0; at < len; at += t->nr) {
		for (size_t k = 0; k < t->nr; k++)
			t->rand_seq[at + k] = (uint32_t)t->by_pfn[k];
		gsl_ran_shuffle(rng, t->rand_seq + at, t->nr, sizeof(*t->rand_seq));
	}
	t->rand_stream = stream;
	return 0;
}

/* The handles (pinned) or pages in the order's slot sequence. */
static int stream_fill(struct hp_thread *t, const gsl_rng *rng, enum hp_order order,
		       uint64_t stream)
{
	struct hp_stream *s = &t->stream;

	s->len = hp_stream_len(t->nr);
	s->pos = 0;
	if (order == HP_RAND && rand_seq_make(t, s->len, rng, stream))
		return -1;
	for (size_t k = 0; k < s->len; k++) {
		size_t slot = order == HP_RAND ? t->rand_seq[k] : t->by_pfn[k % t->nr];

		s->pages[k] = t->handle[slot] ? t->handle[slot] : t->plain[slot];
		s->pfns[k] = t->pfn[slot];
	}
	return 0;
}

/* pin_unpin walks the owner's slots in pin_batch steps, in order or not. */
static void starts_fill(struct hp_stream *s, const gsl_rng *rng, enum hp_order order)
{
	for (size_t k = 0; k < s->nr_starts; k++)
		s->starts[k] = k * s->pin_batch;
	if (order == HP_RAND)
		gsl_ran_shuffle(rng, s->starts, s->nr_starts, sizeof(*s->starts));
	s->start_pos = 0;
	s->short_pins = 0;
}

int hp_team_order(struct hp_team *tm, struct bench_ctx *ctx, enum hp_order order,
		  uint64_t stream)
{
	for (int i = 0; i < tm->nr; i++) {
		struct hp_thread *t = &tm->th[i];
		gsl_rng *rng = hp_rng(ctx, hp_stream_id(stream, (uint64_t)i, 2, 0));
		int rc = stream_fill(t, rng, order, stream);

		starts_fill(&t->stream, rng, order);
		gsl_rng_free(rng);
		if (rc)
			return -1;
	}
	return 0;
}
