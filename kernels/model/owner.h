/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/owner.h - page owners (a user buffer, an aio ring, an
 * io_uring fixed buffer) whose "page tables" map slots to pages, and the
 * GUP walk over them.
 */
#ifndef PINBENCH_MODEL_OWNER_H
#define PINBENCH_MODEL_OWNER_H

#include "kernels/model/memmap.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct pin_owner;

/*
 * What an owner does when one of its pages is moved: the model of
 * struct movable_operations (include/linux/migrate.h) and of aio's
 * address_space_operations.migrate_folio (fs/aio.c).  An owner that has no
 * hook (an anonymous user buffer) leaves them NULL.
 */
struct pin_owner_ops {
	bool (*isolate)(struct pin_owner *o, struct page *page);
	/* Copy and retarget the owner's references from src to dst. */
	int (*migrate)(struct pin_owner *o, struct page *dst, struct page *src);
	void (*putback)(struct pin_owner *o, struct page *page);
};

enum pin_owner_kind {
	OWNER_ANON_BUFFER,	/* O_DIRECT user buffer: short-term pins */
	OWNER_AIO_RING,		/* aio ring pages: mapped, owner can move them */
	OWNER_FIXED_BUFFER,	/* io_uring registered buffer: long-term pins */
};

/*
 * An owner maps nr_slots pages: slots[i] is its "page table entry".
 * A slot holding NULL is unmapped; a slot whose value has bit 0 set is a
 * migration entry (the page is being moved: GUP waits and retries).
 */
struct pin_owner {
	const struct pin_owner_ops *ops;	/* NULL for anon buffers */
	enum pin_owner_kind kind;
	int node;
	size_t nr_slots;
	_Atomic(uintptr_t) *slots;
	pthread_mutex_t lock;			/* the owner's own lock */
	atomic_ulong nr_moved;			/* pages moved by its hooks */
	void *priv;
	struct pin_mem *mem;			/* the memory it maps */
	/*
	 * The references this owner handed out (where each pin's handle is
	 * stored, per slot), so that an owner that moves its own page can
	 * retarget them, as aio retargets ring_pages[].  Kept by
	 * pin_owner_note_handle() (kernels/model/handles.h); NULL until the
	 * first note.
	 */
	struct owner_handles *handed_out;
};

#define SLOT_MIGRATION_ENTRY 0x1ul

/*
 * An owner with nr_slots pages allocated from range and mapped: each page
 * refcount 1 (the mapping), _mapcount 0, mapping = owner | ANON (or
 * | MOVABLE when ops has hooks), index = slot.
 */
int pin_owner_init(struct pin_owner *o, struct pin_mem *mem,
		   enum pin_owner_kind kind, const struct pin_owner_ops *ops,
		   size_t nr_slots, int range);
void pin_owner_fini(struct pin_owner *o, struct pin_mem *mem);
/* The page a slot maps, or NULL (unmapped or under migration). */
struct page *pin_owner_page(const struct pin_owner *o, size_t slot);
/* The owner a page belongs to (page->mapping without its low bits). */
struct pin_owner *page_owner_of(const struct page *page);

/* Map page into slot of o: mapping, index, _mapcount 0, PG_lru (anon). */
void pin_owner_map_page(struct pin_owner *o, struct page *page, size_t slot);
/* Make page o's (mapping and index) without publishing it in the slot yet. */
void pin_owner_adopt_page(struct pin_owner *o, struct page *page, size_t slot);

/* GUP's page table walk for one slot (mm/gup.c gup_fast_pte_range): the
 * page with nr references added, waiting out migration entries; NULL if the
 * slot is unmapped.  The references go to the folio head. */
struct page *pin_owner_grab_slot(struct pin_owner *o, size_t slot, int nr);

#endif
