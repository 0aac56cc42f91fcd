/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/aio_ring.h - an owner that moves its own pages, as the
 * aio ring does.
 */
#ifndef PINBENCH_MODEL_AIO_RING_H
#define PINBENCH_MODEL_AIO_RING_H

#include "kernels/model/owner.h"

/*
 * Hooks of an owner that moves its own pages, modelled on fs/aio.c
 * aio_migrate_folio(): under the owner's lock, check the slot still maps
 * src, freeze src at the references the owner accounts for (mapping,
 * isolation and the handles it noted), copy the frame, retarget the slot
 * and every noted handle to dst.  -EAGAIN when others hold references.
 */
extern const struct pin_owner_ops pin_owner_ring_ops;

/*
 * fs/aio.c aio_setup_ring() (6.12.118): ctx->ring_folios[i] keeps the
 * reference __filemap_get_folio() returned, for the ring's life; nothing
 * GUP-pins ring pages (since v3.12).  The model notes each as a handle of
 * its slot, so that ring_migrate counts it (folio_migrate_mapping(...,
 * extra_count 1)) and retargets it as aio_migrate_folio() does
 * ctx->ring_folios[idx] = dst.  0 or -errno; release before pin_owner_fini.
 */
int pin_ring_hold_folios(struct pin_owner *o);
void pin_ring_release_folios(struct pin_owner *o);

#endif
