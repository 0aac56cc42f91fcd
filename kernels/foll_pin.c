// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/foll_pin.c - what landed: FOLL_PIN (John Hubbard, v5.7+).
 *
 * include/linux/mm.h (v6.12): GUP_PIN_COUNTING_BIAS (1U << 10).
 * mm/gup.c (v6.12) try_grab_folio(): a small folio gets
 * refs * GUP_PIN_COUNTING_BIAS added to _refcount; a large folio gets refs
 * added to _refcount and to the exact _pincount kept in its second page.
 * gup_put_folio() undoes either.  folio_maybe_dma_pinned(): _pincount > 0
 * for a large folio, else (unsigned)refcount >= GUP_PIN_COUNTING_BIAS, so
 * 1024 plain references look pinned (a false positive the callers accept,
 * Documentation/core-api/pin_user_pages.rst).  Migration cannot unmap a
 * maybe-pinned anon folio (below); compaction's skip is not this design's
 * but the refcount check every referencing pin meets (pin_design.h).  Each
 * pin and unpin also counts in NR_FOLL_PIN_ACQUIRED/RELEASED through
 * node_stat_mod_folio() (mm/gup.c: try_grab_folio, try_grab_folio_fast,
 * gup_put_folio), a per-CPU node counter (param counters=0 leaves it out:
 * Jens Axboe measured it at about 2.7% of O_DIRECT, LKML 30 Jan 2023).
 */
#include "kernels/design_lib.h"
#include "kernels/design_structs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GUP_PIN_COUNTING_BIAS (1 << 10)

DEFINE_VMEMMAP_HOT_OPS(foll_pin)

/* ---- this_cpu: one slot per live thread, given back when it exits ---------- */

static pthread_mutex_t cpu_slots_lock = PTHREAD_MUTEX_INITIALIZER;
static bool cpu_slot_used[VMSTAT_MODEL_CPUS];
static pthread_once_t cpu_slot_once = PTHREAD_ONCE_INIT;
static pthread_key_t cpu_slot_key;
static __thread int this_cpu_slot = -1;	/* -1: none yet; VMSTAT_MODEL_CPUS: none free */

static void cpu_slot_release(void *slot_plus_one)
{
	pthread_mutex_lock(&cpu_slots_lock);
	cpu_slot_used[(intptr_t)slot_plus_one - 1] = false;
	pthread_mutex_unlock(&cpu_slots_lock);
}

static void cpu_slot_key_create(void)
{
	pthread_key_create(&cpu_slot_key, cpu_slot_release);
}

static int cpu_slot_take(void)
{
	int slot = VMSTAT_MODEL_CPUS;

	pthread_once(&cpu_slot_once, cpu_slot_key_create);
	pthread_mutex_lock(&cpu_slots_lock);
	for (int i = 0; i < VMSTAT_MODEL_CPUS && slot == VMSTAT_MODEL_CPUS; i++)
		if (!cpu_slot_used[i])
			cpu_slot_used[slot = i] = true;
	pthread_mutex_unlock(&cpu_slots_lock);
	if (slot < VMSTAT_MODEL_CPUS)
		pthread_setspecific(cpu_slot_key, (void *)(intptr_t)(slot + 1));
	return this_cpu_slot = slot;
}

static inline int this_cpu(void)
{
	return this_cpu_slot >= 0 ? this_cpu_slot : cpu_slot_take();
}

/*
 * this_cpu_try_cmpxchg() on x86-64 (arch/x86/include/asm/percpu.h, v6.12):
 * cmpxchg without a lock prefix, safe against interrupts on this CPU only;
 * a slot belongs to one thread, so the same instruction is safe here.
 */
static inline bool this_cpu_try_cmpxchg(signed char *p, signed char *old, signed char new)
{
#ifdef __x86_64__
	bool success;

	__asm__ __volatile__("cmpxchgb %[nval], %[var]"
			     : "=@ccz"(success), "+a"(*old), [var] "+m"(*p)
			     : [nval] "q"(new)
			     : "memory");
	return success;
#else
	*p = new;
	return true;
#endif
}

/* node_page_state_add() (include/linux/vmstat.h, v6.12). */
static void node_page_state_add(struct foll_pin_state *st, struct foll_pin_node_stats *pgdat,
				int item, long x)
{
	atomic_fetch_add_explicit(&pgdat->vm_stat[item], x, memory_order_relaxed);
	atomic_fetch_add_explicit(&st->vm_node_stat[item], x, memory_order_relaxed);
}

/*
 * mod_node_page_state() -> mod_node_state(pgdat, item, delta, 0), the
 * HAVE_CMPXCHG_LOCAL version x86-64 builds (mm/vmstat.c, v6.12): the
 * CPU's s8 diff plus delta, folded into the node and global counters when
 * its size passes the CPU's stat_threshold.  The node is folio_pgdat():
 * the kernel shifts it out of page->flags; the model asks its ranges.
 */
static void mod_node_state(struct pin_mem *mem, struct page *folio, int item, long delta)
{
	struct foll_pin_state *st = mem->priv;
	int r = mem->nr_ranges == 1 ? 0 : pin_mem_range_of_pfn(mem, vmemmap_page_to_pfn(mem, folio));
	struct foll_pin_node_stats *pgdat = &st->node[r];
	int cpu = this_cpu();
	struct per_cpu_nodestat *pcp = &pgdat->pcp[cpu];
	signed char *p, o;
	long n, t, z;

	if (cpu == VMSTAT_MODEL_CPUS) {		/* no slot: straight to the node */
		node_page_state_add(st, pgdat, item, delta);
		return;
	}
	p = &pcp->vm_node_stat_diff[item];
	o = READ_ONCE_AS(signed char, *p);
	do {
		z = 0;
		t = READ_ONCE_AS(signed char, pcp->stat_threshold);
		n = delta + (long)o;
		if (labs(n) > t) {
			z = n;		/* overstep_mode 0 */
			n = 0;
		}
	} while (!this_cpu_try_cmpxchg(p, &o, (signed char)n));
	if (z)
		node_page_state_add(st, pgdat, item, z);
}

/* ---- pin and unpin (mm/gup.c, v6.12) ------------------------------------ */

/* try_grab_folio(FOLL_PIN) after its first reference was taken. */
static inline void grab_pin(struct pin_mem *mem, struct page *folio, bool counted)
{
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (counted)
		mod_node_state(mem, folio, NR_FOLL_PIN_ACQUIRED, 1);
	if (pincount)
		atomic_fetch_add(pincount, 1);
	else
		atomic_fetch_add(&folio->_refcount, GUP_PIN_COUNTING_BIAS - 1);
}

static void foll_pin_account(struct pin_mem *mem, struct page *folio)
{
	grab_pin(mem, folio, false);
}

static void foll_pin_account_counted(struct pin_mem *mem, struct page *folio)
{
	grab_pin(mem, folio, true);
}

static inline bool counters_on(const struct pin_mem *mem)
{
	return ((const struct foll_pin_state *)mem->priv)->counters;
}

/*
 * The first reference fails on a frozen folio, as try_get_folio() does.
 * The param picks the loop once per call, not a test per page.
 */
static long foll_pin_pin_range(struct pin_mem *mem, struct pin_owner *owner,
			       size_t first, size_t nr, struct page **handles)
{
	if (counters_on(mem))
		return design_gup_range(mem, owner, first, nr, handles, foll_pin_account_counted);
	return design_gup_range(mem, owner, first, nr, handles, foll_pin_account);
}

/* gup_put_folio(FOLL_PIN), NR_FOLL_PIN_RELEASED first as there. */
static inline void unpin_loop(struct pin_mem *mem, struct page **handles, size_t nr,
			      bool counted)
{
	for (size_t i = 0; i < nr; i++) {
		struct page *folio = page_folio_head(handles[i]);
		atomic_int *pincount = page_folio_pincount(mem, folio);

		if (counted)
			mod_node_state(mem, folio, NR_FOLL_PIN_RELEASED, 1);
		if (pincount)
			atomic_fetch_sub(pincount, 1);
		pin_mem_put_refs(mem, folio, pincount ? 1 : GUP_PIN_COUNTING_BIAS);
	}
}

static void foll_pin_unpin_range(struct pin_mem *mem, struct page **handles, size_t nr)
{
	if (counters_on(mem))
		unpin_loop(mem, handles, nr, true);
	else
		unpin_loop(mem, handles, nr, false);
}

/* ---- the counters' setup ---------------------------------------------------- */

static int fls_long(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

/*
 * calculate_normal_threshold() (mm/vmstat.c, v6.12) for a node of one
 * zone: 2 * fls(online cpus) * (1 + fls(pages / 128 MiB)), at most 125.
 */
static int stat_threshold(unsigned long pages)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int t = 2 * fls_long(cpus > 0 ? (unsigned long)cpus : 1) *
		(1 + fls_long(pages >> (27 - MODEL_PAGE_SHIFT)));

	return t < 125 ? t : 125;
}

static void foll_pin_fini(struct pin_mem *mem)
{
	struct foll_pin_state *st = mem->priv;

	if (st)
		free(st->node);
	free(st);
	mem->priv = NULL;
}

static int foll_pin_init(struct pin_mem *mem, const struct pin_design_args *args,
			 char *err, size_t errlen)
{
	struct foll_pin_state *st = calloc(1, sizeof(*st));
	size_t bytes = (size_t)mem->nr_ranges * sizeof(*st->node);

	mem->priv = st;
	if (st)
		st->node = aligned_alloc(_Alignof(struct foll_pin_node_stats), bytes);
	if (!st || !st->node) {
		snprintf(err, errlen, "foll-pin: no memory for the node counters");
		foll_pin_fini(mem);
		return -ENOMEM;
	}
	memset(st->node, 0, bytes);
	st->counters = args->value[0] != 0;
	st->nr_nodes = mem->nr_ranges;
	for (int r = 0; r < mem->nr_ranges; r++)
		for (int cpu = 0; cpu < VMSTAT_MODEL_CPUS; cpu++)
			st->node[r].pcp[cpu].stat_threshold =
				(signed char)stat_threshold(mem->range[r].nr_pages);
	return 0;
}

static bool foll_pin_maybe_pinned(const struct pin_mem *mem, const struct page *page)
{
	struct page *folio = page_folio_head((struct page *)page);
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (pincount)
		return atomic_load(pincount) > 0;
	return (unsigned int)page_ref_count(folio) >= GUP_PIN_COUNTING_BIAS;
}

static long foll_pin_pin_count(const struct pin_mem *mem, const struct page *page)
{
	struct page *folio = page_folio_head((struct page *)page);
	atomic_int *pincount = page_folio_pincount(mem, folio);

	if (pincount)
		return atomic_load(pincount);
	/* All the design can say: how many biases fit in the refcount. */
	return page_ref_count(folio) / GUP_PIN_COUNTING_BIAS;
}

/*
 * A maybe-pinned anon-exclusive folio stays mapped: try_to_migrate_one()
 * (mm/rmap.c, 6.12.118) restores the pte when folio_try_share_anon_rmap_pte()
 * returns -EBUSY (include/linux/rmap.h: folio_maybe_dma_pinned()), and
 * migrate_folio_unmap() (mm/migrate.c) returns its initial -EAGAIN for a
 * folio still mapped: retried, up to NR_MAX_MIGRATE_PAGES_RETRY times.
 */
static int foll_pin_migrate(struct pin_mem *mem, struct page *src, struct page *dst)
{
	if (foll_pin_maybe_pinned(mem, src))
		return MIGRATE_RETRY;
	return design_migrate_default(mem, src, dst);
}

static const struct pin_design_param foll_pin_params[] = {
	{ .name = "counters", .min = 0, .max = 1, .whole = true, .def = "1",
	  .help = "1: pin and unpin update NR_FOLL_PIN_ACQUIRED/RELEASED per CPU as "
		  "mm/gup.c does; 0: without, to price them" },
	{ NULL },
};

const struct pin_design_ops foll_pin_design = {
	.name = "foll-pin",
	.flags = PIN_DESIGN_PIN_IS_REFERENCE,
	.summary = "FOLL_PIN as merged: +1024 per pin in _refcount, exact _pincount for large folios",
	.params = foll_pin_params,
	.page_struct_size = sizeof(struct page),
	.init = foll_pin_init,
	.fini = foll_pin_fini,
	.memory_cost = design_memory_cost_none,	/* bias in _refcount, _pincount in a tail */
	DESIGN_HOT_OPS(foll_pin),
	.pin_range = foll_pin_pin_range,
	.unpin_range = foll_pin_unpin_range,
	.maybe_pinned = foll_pin_maybe_pinned,
	.migrate = foll_pin_migrate,
	.pin_count = foll_pin_pin_count,
};
