// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/aio_ring.c - the owner hooks of an aio ring, which moves
 * its own pages and retargets the handles it gave out.
 */
#include "kernels/model/aio_ring.h"
#include "kernels/model/folio.h"
#include "kernels/model/handles.h"

#include <errno.h>
#include <stdlib.h>

int pin_ring_hold_folios(struct pin_owner *o)
{
	struct page **ring_folios = calloc(o->nr_slots ? o->nr_slots : 1, sizeof(*ring_folios));
	int rc = 0;

	if (!ring_folios)
		return -ENOMEM;
	o->priv = ring_folios;
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < o->nr_slots && !rc; i++) {
		ring_folios[i] = pin_owner_page(o, i);
		atomic_fetch_add(&ring_folios[i]->_refcount, 1);
		rc = pin_owner_note_handle(o, i, &ring_folios[i]);
		if (rc) {
			pin_mem_put_refs(o->mem, ring_folios[i], 1);
			ring_folios[i] = NULL;
		}
	}
	pthread_mutex_unlock(&o->lock);
	return rc;
}

/* aio_free_ring(): put_page() of every ring_folios[i]. */
void pin_ring_release_folios(struct pin_owner *o)
{
	struct page **ring_folios = o->priv;

	if (!ring_folios)
		return;
	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < o->nr_slots; i++)
		if (ring_folios[i]) {
			pin_owner_forget_handle(o, i, &ring_folios[i]);
			pin_mem_put_refs(o->mem, ring_folios[i], 1);
		}
	pthread_mutex_unlock(&o->lock);
	free(ring_folios);
	o->priv = NULL;
}

/*
 * fs/aio.c aio_migrate_folio() (6.12.118): check the ring still holds src,
 * folio_migrate_mapping() with the ring's own reference as extra count
 * (its handle, noted by pin_ring_hold_folios, and any other the owner
 * noted), copy under the owner's lock, retarget ring_folios[idx].
 */
static int ring_migrate(struct pin_owner *o, struct page *dst, struct page *src)
{
	size_t idx = src->index;
	int handles, rc = -EAGAIN;

	pthread_mutex_lock(&o->lock);
	if (idx >= o->nr_slots || pin_owner_page(o, idx) != src)
		goto out;
	handles = pin_owner_nr_handles(o, idx);
	/* mapping + isolation + one per handle the owner gave out */
	if (!page_ref_freeze(src, 2 + handles))
		goto out;
	pin_mem_copy_frame(o->mem, dst, src);
	atomic_fetch_add(&dst->_refcount, handles);
	pin_owner_map_page(o, dst, idx);
	pin_owner_retarget_handles(o, idx, dst);
	atomic_fetch_add(&o->nr_moved, 1);
	rc = 0;
out:
	pthread_mutex_unlock(&o->lock);
	return rc;
}

static bool ring_isolate(struct pin_owner *o, struct page *page)
{
	(void)o;
	(void)page;
	return true;
}

static void ring_putback(struct pin_owner *o, struct page *page)
{
	(void)o;
	(void)page;
}

const struct pin_owner_ops pin_owner_ring_ops = {
	.isolate = ring_isolate,
	.migrate = ring_migrate,
	.putback = ring_putback,
};
