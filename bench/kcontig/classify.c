// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig classify: what keeps a pageblock from being a free 2 MiB block,
 * read from /proc/kpageflags and /proc/kpagecount (root) and the pfns
 * pinbench pinned, without a kernel patch (what Android's out-of-tree
 * page_pinner shows with one).
 *
 * The flags are those of stable_page_flags() (fs/proc/page.c, v6.12):
 * KPF_BUDDY is set on every page of a free buddy chunk (is_free_buddy_page()
 * for the pages after its head), LRU, SLAB and HUGE come from the folio, so
 * a compound page's tails carry them too; free pages on a per-CPU list
 * carry no flag and a zero count.  KPF_RESERVED (32) is one of the
 * kernel-internal bits of include/linux/kernel-page-flags.h (v6.12).
 */
#include "kcontig/internal.h"

#include <linux/kernel-page-flags.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KPF_RESERVED_BIT 32
#define BIT(n) (1ull << (n))
#define UNMOVABLE_FLAGS (BIT(KPF_SLAB) | BIT(KPF_PGTABLE) | BIT(KPF_RESERVED_BIT))
/* Bits a user page may carry; a referenced page with none is the kernel's. */
#define USER_FLAGS (BIT(KPF_LRU) | BIT(KPF_MMAP) | BIT(KPF_ANON) | BIT(KPF_HUGE) | \
		    BIT(KPF_THP) | BIT(KPF_SWAPCACHE))
#define CHUNK_BLOCKS 64

static const char *const class_names[KC_NR_CLASSES] = {
	[KC_FREE] = "free", [KC_MOVABLE] = "movable", [KC_PINNED] = "pinned",
	[KC_UNMOVABLE] = "unmovable", [KC_HUGETLB] = "hugetlb", [KC_OTHER] = "other",
	[KC_UNLISTED] = "unlisted",
};
static const char class_chars[KC_NR_CLASSES] = {
	[KC_FREE] = '.', [KC_MOVABLE] = 'm', [KC_PINNED] = 'P',
	[KC_UNMOVABLE] = 'U', [KC_HUGETLB] = 'H', [KC_OTHER] = '?',
	[KC_UNLISTED] = ',',
};

const char *kc_class_name(enum kc_class c)
{
	return c < KC_NR_CLASSES ? class_names[c] : "?";
}

char kc_class_char(enum kc_class c)
{
	return c < KC_NR_CLASSES ? class_chars[c] : ' ';
}

static bool page_free(uint64_t f, uint64_t count)
{
	return (f & BIT(KPF_BUDDY)) || (count == 0 && (f & ~BIT(KPF_IDLE)) == 0);
}

/* Slab, page tables, reserved pages, and pages the kernel holds that no
 * user maps and no LRU list knows (a compound kernel page's tails too). */
static bool page_unmovable(uint64_t f, uint64_t count)
{
	if (f & UNMOVABLE_FLAGS)
		return true;
	if (f & (USER_FLAGS | BIT(KPF_NOPAGE) | BIT(KPF_OFFLINE)))
		return false;
	return count > 0 || (f & BIT(KPF_COMPOUND_TAIL));
}

enum kc_class kc_classify_block(const uint64_t *flags, const uint64_t *counts,
				const bool *pinned, unsigned pages)
{
	bool huge = false, unmovable = false, other = false, used = false, buddy = false;

	for (unsigned i = 0; i < pages; i++) {
		uint64_t f = flags[i], c = counts[i];

		if (pinned && pinned[i])
			return KC_PINNED;
		buddy |= (f & BIT(KPF_BUDDY)) != 0;
		if (page_free(f, c))
			continue;
		used = true;
		if (f & BIT(KPF_HUGE))
			huge = true;
		else if (page_unmovable(f, c))
			unmovable = true;
		else if (!(f & BIT(KPF_LRU)))
			other = true;
	}
	if (huge)
		return KC_HUGETLB;
	if (unmovable)
		return KC_UNMOVABLE;
	if (other)
		return KC_OTHER;
	if (used)
		return KC_MOVABLE;
	return buddy ? KC_FREE : KC_UNLISTED;
}

/* Reads n u64 entries of a /proc/kpage* file from pfn; short reads leave
 * the rest as a hole (NOPAGE in flags, 0 in counts). */
static void read_entries(int fd, uint64_t pfn, uint64_t *v, size_t n, uint64_t fill)
{
	ssize_t got = pread(fd, v, n * sizeof(*v), (off_t)(pfn * sizeof(*v)));
	size_t have = got > 0 ? (size_t)got / sizeof(*v) : 0;

	for (size_t i = have; i < n; i++)
		v[i] = fill;
}

/* Marks the pinned pfns of [first, first + n) in pinned[]. */
static void mark_pinned(const uint64_t *pfns, size_t nr, uint64_t first, size_t n,
			bool *pinned)
{
	size_t lo = 0, hi = nr;

	memset(pinned, 0, n * sizeof(*pinned));
	while (lo < hi) {	/* first pinned pfn >= first */
		size_t mid = lo + (hi - lo) / 2;

		if (pfns[mid] < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < nr && pfns[i] < first + n; i++)
		pinned[pfns[i] - first] = true;
}

struct scan_bufs {
	uint64_t flags[CHUNK_BLOCKS * KC_BLOCK_PAGES];
	uint64_t counts[CHUNK_BLOCKS * KC_BLOCK_PAGES];
	bool pinned[CHUNK_BLOCKS * KC_BLOCK_PAGES];
};

static void scan_chunk(int ff, int fc, struct scan_bufs *b, const uint64_t *pinned,
		       size_t nr_pinned, struct kc_zone_map *m, size_t first, size_t n)
{
	uint64_t pfn = (m->start_block + first) * KC_BLOCK_PAGES;
	size_t pages = n * KC_BLOCK_PAGES;

	read_entries(ff, pfn, b->flags, pages, BIT(KPF_NOPAGE));
	read_entries(fc, pfn, b->counts, pages, 0);
	mark_pinned(pinned, nr_pinned, pfn, pages, b->pinned);
	for (size_t i = 0; i < n; i++) {
		size_t o = i * KC_BLOCK_PAGES;
		enum kc_class c = kc_classify_block(b->flags + o, b->counts + o,
						    b->pinned + o, KC_BLOCK_PAGES);

		m->cls[first + i] = (unsigned char)c;
		m->count[c]++;
	}
}

int kc_classify_zone(const struct zone_span *z, const uint64_t *pinned, size_t nr_pinned,
		     struct kc_zone_map *m)
{
	int ff = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	int fc = open("/proc/kpagecount", O_RDONLY | O_CLOEXEC);
	struct scan_bufs *b = malloc(sizeof(*b));
	uint64_t end = z->start_pfn + z->spanned;
	int err = ff < 0 || fc < 0 ? -errno : 0;

	memset(m, 0, sizeof(*m));
	m->node = z->node;
	snprintf(m->zone, sizeof(m->zone), "%s", z->name);
	m->start_block = kc_block_of(z->start_pfn);
	m->nr_blocks = (size_t)(kc_block_of(end + KC_BLOCK_PAGES - 1) - m->start_block);
	m->cls = calloc(m->nr_blocks ? m->nr_blocks : 1, 1);
	if (!err && (!b || !m->cls))
		err = -ENOMEM;
	for (size_t i = 0; !err && i < m->nr_blocks; i += CHUNK_BLOCKS) {
		size_t n = m->nr_blocks - i < CHUNK_BLOCKS ? m->nr_blocks - i : CHUNK_BLOCKS;

		scan_chunk(ff, fc, b, pinned, nr_pinned, m, i, n);
	}
	if (ff >= 0)
		close(ff);
	if (fc >= 0)
		close(fc);
	free(b);
	if (err)
		kc_zone_map_free(m);
	return err;
}

void kc_zone_map_free(struct kc_zone_map *m)
{
	free(m->cls);
	m->cls = NULL;
	m->nr_blocks = 0;
}
