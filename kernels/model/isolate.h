/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/isolate.h - taking a page off its owner's hands for
 * migration, and giving it back when the migration failed.
 */
#ifndef PINBENCH_MODEL_ISOLATE_H
#define PINBENCH_MODEL_ISOLATE_H

#include "kernels/model/memmap.h"

/*
 * Isolation for migration, as isolate_migratepages_block() does in
 * mm/compaction.c: a reference (+1) and PG_lru cleared for an LRU page, or
 * PG_isolated set and owner->ops->isolate() for a non-LRU movable page
 * (isolate_movable_page, mm/migrate.c).  False: not isolatable now.
 */
bool pin_mem_isolate(struct pin_mem *mem, struct page *page);
/* Undo an isolation after a failed migrate() (putback_movable_pages). */
void pin_mem_putback(struct pin_mem *mem, struct page *page);

#endif
