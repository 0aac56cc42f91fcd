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

#endif
