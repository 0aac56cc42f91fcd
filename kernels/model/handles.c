// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/handles.c - the handles an owner gave out: per slot a
 * list and a count, the records recycled through a free list (chunks of
 * them, freed with the owner), so that noting a pin costs a list push,
 * not a malloc().
 */
#include "kernels/model/handles.h"

#include <errno.h>
#include <stdlib.h>

struct owner_handle {
	struct owner_handle *next;
	struct page **where;
};

#define HANDLE_CHUNK 256

struct owner_handles {
	struct owner_handle *free;
	struct owner_handle **chunks;
	size_t nr_chunks;
	unsigned int *count;
	struct owner_handle *slot[];
};

void pin_owner_free_handles(struct pin_owner *o)
{
	struct owner_handles *hs = o->handed_out;

	for (size_t i = 0; hs && i < hs->nr_chunks; i++)
		free(hs->chunks[i]);
	if (hs) {
		free(hs->chunks);
		free(hs->count);
	}
	free(hs);
	o->handed_out = NULL;
}

static int grow_handle_records(struct owner_handles *hs)
{
	struct owner_handle **chunks = realloc(hs->chunks, (hs->nr_chunks + 1) * sizeof(*chunks));
	struct owner_handle *chunk;

	if (!chunks)
		return -ENOMEM;
	hs->chunks = chunks;
	chunk = calloc(HANDLE_CHUNK, sizeof(*chunk));
	if (!chunk)
		return -ENOMEM;
	hs->chunks[hs->nr_chunks++] = chunk;
	for (size_t i = 0; i < HANDLE_CHUNK; i++) {
		chunk[i].next = hs->free;
		hs->free = &chunk[i];
	}
	return 0;
}

static struct owner_handles *handle_records(struct pin_owner *o)
{
	if (!o->handed_out) {
		o->handed_out = calloc(1, sizeof(*o->handed_out) +
					  o->nr_slots * sizeof(o->handed_out->slot[0]));
		if (o->handed_out)
			o->handed_out->count = calloc(o->nr_slots, sizeof(unsigned int));
		if (o->handed_out && !o->handed_out->count)
			pin_owner_free_handles(o);
	}
	return o->handed_out;
}

int pin_owner_note_handle(struct pin_owner *o, size_t slot, struct page **where)
{
	struct owner_handles *hs = handle_records(o);
	struct owner_handle *h;

	if (!hs || (!hs->free && grow_handle_records(hs)))
		return -ENOMEM;
	h = hs->free;
	hs->free = h->next;
	h->where = where;
	h->next = hs->slot[slot];
	hs->slot[slot] = h;
	hs->count[slot]++;
	return 0;
}

void pin_owner_forget_handle(struct pin_owner *o, size_t slot, struct page **where)
{
	struct owner_handles *hs = o->handed_out;

	for (struct owner_handle **pp = hs ? &hs->slot[slot] : NULL; pp && *pp; pp = &(*pp)->next)
		if ((*pp)->where == where) {
			struct owner_handle *h = *pp;

			*pp = h->next;
			h->next = hs->free;
			hs->free = h;
			hs->count[slot]--;
			return;
		}
}

void pin_owner_retarget_handles(struct pin_owner *o, size_t slot, struct page *page)
{
	for (struct owner_handle *h = o->handed_out ? o->handed_out->slot[slot] : NULL; h;
	     h = h->next)
		__atomic_store_n(h->where, page, __ATOMIC_RELEASE);
}

int pin_owner_nr_handles(const struct pin_owner *o, size_t slot)
{
	return o->handed_out ? (int)o->handed_out->count[slot] : 0;
}
