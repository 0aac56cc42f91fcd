/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/handles.h - the owner's record of the handles it gave
 * out, so that an owner that moves its own page can retarget them.
 */
#ifndef PINBENCH_MODEL_HANDLES_H
#define PINBENCH_MODEL_HANDLES_H

#include "kernels/model/owner.h"

/*
 * Owner->lock held: note/forget where a handle for slot is stored;
 * retarget every noted handle of slot to page; how many are noted.
 */
int pin_owner_note_handle(struct pin_owner *o, size_t slot, struct page **where);
void pin_owner_forget_handle(struct pin_owner *o, size_t slot, struct page **where);
void pin_owner_retarget_handles(struct pin_owner *o, size_t slot, struct page *page);
int pin_owner_nr_handles(const struct pin_owner *o, size_t slot);
/* Every record of o freed (pin_owner_fini). */
void pin_owner_free_handles(struct pin_owner *o);

#endif
