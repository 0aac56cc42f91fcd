/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/pin_design.h - the one ops table every pin-tracking design fills.
 *
 * Modelled on struct movable_operations / address_space_operations (one
 * table, many owners) and fio's ioengine ops.  Each design lives in its own
 * file in kernels/ and is listed once in kernels/designs.c.  Benchmarks reach
 * designs only through this table; designs never include a benchmark header.
 *
 * A "handle" is what GUP gives the caller for a pinned page.  For most
 * designs it is the struct page pointer itself; for proxy it is a pointer
 * with bit 0 set to a proxy object, for dynamic-page a struct dynamic_page.
 * Every per-page op accepts handles as well as plain memmap pages.
 */
#ifndef PINBENCH_PIN_DESIGN_H
#define PINBENCH_PIN_DESIGN_H

#include "kernels/model.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Memory a design costs, for a machine of ram_bytes with nr_pinned pins. */
struct mem_cost {
	double page_struct_bytes;	/* sizeof(struct page) in this design */
	double extra_per_page;		/* bytes per page beyond the 64 of today */
	double per_pin_bytes;		/* bytes per pinned page (hash entry...) */
	double fixed_bytes;		/* tables, locks: independent of pins */
	double total_extra_bytes;	/* extra_per_page*pages + per_pin*pins + fixed */
};

/* Lock statistics of a design (see lock_stats below). */
struct pin_lock_stats {
	uint64_t acquisitions;
	uint64_t contended;	/* acquisitions that had to wait */
	uint64_t wait_ticks;	/* TSC ticks spent waiting for the lock */
	uint64_t hold_ticks;	/* TSC ticks spent holding it */
};

/* What migrate() returns (mm/migrate.c conventions). */
enum {
	MIGRATE_OK = 0,
	MIGRATE_RETRY = -EAGAIN,	/* transient: refcount not expected */
	MIGRATE_FAIL = -EBUSY,		/* permanent for this pass: pinned */
};

/*
 * What a design can do, for benchmarks to ask (fio's td_ioengine_flagged()):
 * a benchmark never compares a design's name.
 */
enum pin_design_flags {
	/*
	 * No pin tracking at all: a pin is a plain reference (FOLL_GET), the
	 * kernel before any of the proposals.  The control every other design
	 * is measured against (hotpath's ratio_to_baseline).
	 */
	PIN_DESIGN_UNTRACKED = 1u << 0,
	/*
	 * A pin raises the folio's refcount (a FOLL_GET reference, FOLL_PIN's
	 * bias, or the one reference a proxy object holds), so the racy check
	 * of isolate_migratepages_block() sees it: an anonymous folio with
	 * `folio_ref_count(folio) - 1 > folio_mapcount(folio)` is not isolated
	 * (mm/compaction.c, 6.12.118 about line 1115; commit 119d6d59dcc0,
	 * v3.15, 2014).  The check never calls folio_maybe_dma_pinned(): it
	 * catches any extra reference, FOLL_GET as well as FOLL_PIN.
	 */
	PIN_DESIGN_PIN_IS_REFERENCE = 1u << 1,
	/*
	 * The design moves a pinned page through its own mechanism (the pinner
	 * re-takes its pins on the new page), so its kernel lets the pages it
	 * knows to be pinned past the check above; a real mover must first
	 * quiesce the I/O on them (the device holds the physical address).
	 */
	PIN_DESIGN_MOVES_PINNED = 1u << 2,
	/*
	 * The model of the design pins small pages only: pin_range() refuses
	 * a page of a large folio (-EINVAL), so a benchmark with THP-backed
	 * buffers leaves the design out.
	 */
	PIN_DESIGN_SMALL_FOLIOS_ONLY = 1u << 3,
};

/*
 * One parameter a design takes in a spec "NAME:key=value,...": a word from
 * a list or a number in a range.  A design declares a table of them; one
 * parser (pin_design_parse_params) checks a spec against it.
 */
struct pin_design_param {
	const char *name;
	const char *const *words;	/* the allowed values, NULL-terminated; NULL: a number */
	double min, max;		/* a number's range */
	bool whole;			/* a number must be a whole number */
	const char *def;		/* the default as a spec writes it; NULL: none (0) */
	const char *help;		/* one line for `pinbench list` */
};

#define PIN_DESIGN_MAX_PARAMS 8

/* Parsed params: value[i] belongs to params[i], a number or a word's index. */
struct pin_design_args {
	double value[PIN_DESIGN_MAX_PARAMS];
};

struct pin_design_ops {
	const char *name;		/* "baseline", "pinhash", ... */
	const char *summary;		/* its one line for `pinbench list` */
	unsigned flags;			/* enum pin_design_flags */
	/* The params it takes, ending with { NULL }; NULL: it takes none. */
	const struct pin_design_param *params;
	size_t page_struct_size;	/* stride of the design's memmap */

	/*
	 * Called by pin_mem_init() after the memmap exists, with the params
	 * already checked against the table; 0 or -errno.
	 */
	int (*init)(struct pin_mem *mem, const struct pin_design_args *args,
		    char *err, size_t errlen);
	void (*fini)(struct pin_mem *mem);

	/* Pure arithmetic of the layout; needs no instance. */
	void (*memory_cost)(const char *params, uint64_t ram_bytes,
			    uint64_t nr_pinned, struct mem_cost *out);

	/* ---- hot path, one page ---- */
	unsigned long (*page_to_pfn)(const struct pin_mem *mem, const struct page *page);
	struct page *(*pfn_to_page)(const struct pin_mem *mem, unsigned long pfn);
	void (*get_page)(struct pin_mem *mem, struct page *page);
	/* Returns true when this put dropped the last reference. */
	bool (*put_page)(struct pin_mem *mem, struct page *page);

	/*
	 * ---- hot path, batches ----
	 * The same operations over arrays, with the design's inline helpers
	 * inside the loop: an indirect call per page would cost more than the
	 * 0.4 ns page_to_pfn being compared.  (Batches are also what the kernel
	 * uses: folio_batch, release_pages, unpin_user_pages.)
	 */
	uint64_t (*page_to_pfn_batch)(const struct pin_mem *mem,
				      struct page *const *pages, size_t n);	/* sum of pfns */
	uint64_t (*pfn_to_page_batch)(const struct pin_mem *mem,
				      const unsigned long *pfns, size_t n);	/* xor of pointers */
	void (*get_put_batch)(struct pin_mem *mem, struct page *const *pages, size_t n);

	/* ---- GUP: pin_user_pages() / unpin_user_pages() ---- */
	/*
	 * Pin nr slots of owner from first; handles[i] gets each page's
	 * handle.  Returns how many were pinned (stops early and returns
	 * fewer when a slot is unmapped), or -errno.  Waits out a migration
	 * entry as GUP does.
	 */
	long (*pin_range)(struct pin_mem *mem, struct pin_owner *owner,
			  size_t first, size_t nr, struct page **handles);
	void (*unpin_range)(struct pin_mem *mem, struct page **handles, size_t nr);

	/* ---- what compaction asks and does ---- */
	/* May this memmap page be pinned?  Never false when it is pinned. */
	bool (*maybe_pinned)(const struct pin_mem *mem, const struct page *page);
	/*
	 * Move memmap page src (mapped by its owner, isolated by the caller)
	 * to the free page dst through the design's own mechanism, or fail as
	 * the kernel would, leaving src, its data and every pin intact.
	 * Returns MIGRATE_OK, MIGRATE_RETRY or MIGRATE_FAIL.  On MIGRATE_OK,
	 * src is freed (back to the model allocator) and dst is mapped.
	 */
	int (*migrate)(struct pin_mem *mem, struct page *src, struct page *dst);

	/* Pins on a memmap page as the design counts them (tests, stats). */
	long (*pin_count)(const struct pin_mem *mem, const struct page *page);

	/*
	 * ---- optional introspection (NULL where the design has no table) ----
	 * For designs that keep pins in a lookup table (pinhash): the chain
	 * length of each bucket (fills up to max, returns the bucket count) and
	 * the bucket a pfn hashes to.  With several tables (one per node) the
	 * buckets of all tables are numbered one after the other.
	 */
	size_t (*table_chains)(const struct pin_mem *mem, uint32_t *chain_len, size_t max);
	size_t (*table_bucket_of)(const struct pin_mem *mem, unsigned long pfn);
	/*
	 * Lock statistics, like CONFIG_LOCK_STAT, collected only when the
	 * design was created with the param lockstat=1 (timing a lock costs).
	 * node -1: all locks; else the locks of that node's table.
	 */
	void (*lock_stats)(const struct pin_mem *mem, int node, struct pin_lock_stats *out);
};

static inline bool pin_design_flagged(const struct pin_design_ops *ops, unsigned flag)
{
	return (ops->flags & flag) != 0;
}

/*
 * The params of a spec ("lock=bucket,hash=jhash", "" or NULL for none)
 * checked against ops->params, defaults filled in.  0, or -EINVAL with one
 * line in err naming the design and the bad key or value.
 */
int pin_design_parse_params(const struct pin_design_ops *ops, const char *params,
			    struct pin_design_args *args, char *err, size_t errlen);
/* The values p accepts: "global|bucket|node|rht", "integer 1..1073741824". */
void pin_design_param_syntax(const struct pin_design_param *p, char *buf, size_t len);

/* ---- the registry (kernels/designs.c) ---------------------------------- */
size_t pin_design_count(void);
const struct pin_design_ops *pin_design_at(size_t i);
/*
 * A design by spec "NAME" or "NAME:params" (e.g. "pinhash:lock=bucket").
 * Returns NULL when NAME is unknown; *params points into spec (or "").
 */
const struct pin_design_ops *pin_design_find(const char *spec, const char **params);

/*
 * Named variants for `pinbench list` and -d: e.g. "pinhash-rht" expands
 * to the spec "pinhash:lock=rht,hash=jhash".  The primary designs
 * are variants whose spec has no params.
 */
struct pin_design_variant {
	const char *name;
	const char *spec;
	const char *summary;	/* NULL for a primary: its design's summary */
	bool primary;		/* one of the eight designs of the study */
};
size_t pin_design_variant_count(void);
/* The variant's one line: its own, or for a primary its design's. */
const char *pin_design_variant_summary(const struct pin_design_variant *v);
const struct pin_design_variant *pin_design_variant_at(size_t i);
const struct pin_design_variant *pin_design_variant_find(const char *name);

#endif
