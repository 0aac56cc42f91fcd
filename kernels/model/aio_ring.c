// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/model/aio_ring.c - the owner hooks of an aio ring, which moves
 * its own pages and retargets the handles it gave out.
 */
#include "kernels/model/aio_ring.h"
#include "kernels/model/handles.h"

#include <errno.h>

/*
 * fs/aio.c aio_migrate_folio() (v6.12): check the ring still holds src,
 * folio_migrate_mapping() with the owner's references as extra count, copy
 * under the owner's lock, retarget ring_pages[idx].
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
