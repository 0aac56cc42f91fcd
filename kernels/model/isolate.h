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
/*
 * The racy pre-isolation check of isolate_migratepages_block()
 * (mm/compaction.c, 6.12.118 about line 1115; commit 119d6d59dcc0, v3.15):
 * an anonymous folio (folio_mapping() NULL) with references beyond its
 * mappings, `folio_ref_count(folio) - 1 > folio_mapcount(folio)`, the -1
 * being the scanner's own folio_get_nontail_page() reference, which the
 * model's scanner does not take.  Any extra reference counts: FOLL_GET,
 * FOLL_PIN's bias, a proxy object's.
 */
bool pin_mem_anon_referenced(const struct page *page);
/* Undo an isolation after a failed migrate() (putback_movable_pages). */
void pin_mem_putback(struct pin_mem *mem, struct page *page);

#endif
