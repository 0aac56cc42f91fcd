// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig pins: long-term pins at pages whose pfns we know.
 *
 * The region must own whole pageblocks, or a pin spoils nothing that was
 * there to lose: 4 KiB faults take the remnants of partly used blocks and
 * the holes a fragmenter left first (on the lab machine a 256 MiB region
 * of 4 KiB faults touched 1,052 blocks and owned none whole).  So the
 * region is faulted as THPs (MADV_HUGEPAGE; a THP is one whole, aligned
 * pageblock), every page written, and each THP split into 4 KiB pages in
 * place by MADV_COLD on its first 4 KiB: madvise_cold_or_pageout_pte_range()
 * calls split_folio() when the range covers part of a PMD-mapped THP
 * (mm/madvise.c, v6.12); MADV_NOHUGEPAGE then keeps khugepaged away.  The
 * pfns come from /proc/self/pagemap (bits 0-54, present bit 63; 0 without
 * CAP_SYS_ADMIN, Documentation/admin-guide/mm/pagemap.rst).
 * The pages placement.c chose are registered as io_uring fixed buffers,
 * one 4 KiB iovec each: io_sqe_buffer_register() pins them with
 * pin_user_pages_fast(FOLL_WRITE | FOLL_LONGTERM) (io_uring/rsrc.c, v6.12),
 * at most IORING_MAX_REG_BUFFERS = 16384 per ring, so one ring per 16384.
 * FOLL_LONGTERM migrates only pages of ZONE_MOVABLE or CMA first
 * (check_and_migrate_movable_pages(), mm/gup.c): the pfns are read again
 * after pinning and a page that moved is counted.  Every other page of the
 * region is then freed with MADV_DONTNEED, so the full pageblocks holding
 * no pin come free and those holding one do not.
 */
#include "kcontig/internal.h"

#include <liburing.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_REG_BUFFERS 16384
#define PM_PFN_MASK ((1ull << 55) - 1)
#define PM_PRESENT (1ull << 63)

static void region_undo(void *arg)
{
	struct kc_region *r = arg;
	struct io_uring *rings = r->rings;

	for (int i = 0; i < r->nr_rings; i++) {
		io_uring_unregister_buffers(&rings[i]);
		io_uring_queue_exit(&rings[i]);
	}
	r->nr_rings = 0;
	if (r->raw)
		munmap(r->raw, r->raw_len);
	r->raw = r->base = NULL;
	free(r->rings);
	free(r->pfns);
	free(r->picked);
	free(r->pinned_pfns);
	r->rings = r->pfns = NULL;
	r->picked = NULL;
	r->pinned_pfns = NULL;
}

void kc_region_release(struct kc_region *r)
{
	if (r->hook >= 0)
		bench_cleanup_pop(r->hook, true);
	else
		region_undo(r);
	r->hook = -1;
}

/* pfns of pages [first, first + n) of the region; 0 or -errno. */
static int read_pfns(const struct kc_region *r, size_t first, size_t n, uint64_t *out)
{
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	off_t at = (off_t)((uintptr_t)r->base / KC_PAGE + first) * 8;
	ssize_t got;

	if (fd < 0)
		return -errno;
	got = pread(fd, out, n * sizeof(*out), at);
	close(fd);
	if (got != (ssize_t)(n * sizeof(*out)))
		return got < 0 ? -errno : -EIO;
	for (size_t i = 0; i < n; i++)
		out[i] = out[i] & PM_PRESENT ? out[i] & PM_PFN_MASK : 0;
	return 0;
}

/*
 * Writes every 4 KiB page (a zero-filled one could come back as the shared
 * zero page when a THP is split), 2 MiB at a time so that each fault takes
 * a whole free block as a THP where the kernel can.
 */
static int touch(struct kc_region *r)
{
	for (size_t p = 0; p < r->pages; p++) {
		if (p % (16 * KC_BLOCK_PAGES) == 0 && bench_should_stop())
			return -EINTR;
		r->base[p * KC_PAGE] = 1;
	}
	return 0;
}

/* Splits each THP into 4 KiB pages where they are (see the top). */
static void split_in_place(struct kc_region *r)
{
	for (size_t off = 0; off < r->pages * KC_PAGE; off += KC_2M)
		madvise(r->base + off, KC_PAGE, MADV_COLD);
	madvise(r->base, r->pages * KC_PAGE, MADV_NOHUGEPAGE);
}

int kc_region_fault(struct kc_region *r, size_t bytes)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->pages = bytes / KC_2M * KC_BLOCK_PAGES;
	r->hook = bench_cleanup_push(region_undo, r);
	r->raw_len = r->pages * KC_PAGE + KC_2M;
	r->raw = mmap(NULL, r->raw_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r->raw == MAP_FAILED) {
		r->raw = NULL;
		return -errno;
	}
	r->base = (char *)(((uintptr_t)r->raw + KC_2M - 1) & ~(KC_2M - 1));
	madvise(r->base, r->pages * KC_PAGE, MADV_HUGEPAGE);
	r->pfns = calloc(r->pages, sizeof(*r->pfns));
	r->picked = calloc(r->pages, sizeof(*r->picked));
	if (!r->pfns || !r->picked)
		return -ENOMEM;
	if ((err = touch(r)))
		return err;
	split_in_place(r);
	return read_pfns(r, 0, r->pages, r->pfns);
}

static int register_rings(struct kc_region *r, struct iovec *iov)
{
	struct io_uring *rings;
	int nr = (int)((r->nr_picked + MAX_REG_BUFFERS - 1) / MAX_REG_BUFFERS), err;

	rings = calloc(nr ? (size_t)nr : 1, sizeof(*rings));
	if (!rings)
		return -ENOMEM;
	r->rings = rings;
	for (int i = 0; i < nr; i++) {
		size_t off = (size_t)i * MAX_REG_BUFFERS, left = r->nr_picked - off;
		unsigned cnt = left < MAX_REG_BUFFERS ? (unsigned)left : MAX_REG_BUFFERS;

		if ((err = io_uring_queue_init(4, &rings[i], 0)))
			return err;
		r->nr_rings++;
		if ((err = io_uring_register_buffers(&rings[i], iov + off, cnt)))
			return err;
	}
	return 0;
}

int kc_region_reread(struct kc_region *r)
{
	int err;

	if (!r->pinned_pfns)
		r->pinned_pfns = calloc(r->nr_picked ? r->nr_picked : 1, sizeof(*r->pinned_pfns));
	if (!r->pinned_pfns)
		return -ENOMEM;
	r->moved = 0;
	for (size_t i = 0; i < r->nr_picked; i++) {
		if ((err = read_pfns(r, r->picked[i], 1, &r->pinned_pfns[i])))
			return err;
		r->moved += r->pinned_pfns[i] != r->pfns[r->picked[i]];
	}
	for (size_t i = 1; i < r->nr_picked; i++) {	/* insertion: nearly sorted */
		uint64_t v = r->pinned_pfns[i];
		size_t j = i;

		for (; j && r->pinned_pfns[j - 1] > v; j--)
			r->pinned_pfns[j] = r->pinned_pfns[j - 1];
		r->pinned_pfns[j] = v;
	}
	return 0;
}

/* Frees every page of the region but the pinned ones (picked ascending). */
static void free_unpinned(struct kc_region *r)
{
	size_t from = 0;

	for (size_t i = 0; i <= r->nr_picked; i++) {
		size_t to = i < r->nr_picked ? r->picked[i] : r->pages;

		if (to > from)
			madvise(r->base + from * KC_PAGE, (to - from) * KC_PAGE, MADV_DONTNEED);
		from = to + 1;
	}
}

int kc_region_pin(struct kc_region *r, bool longterm)
{
	struct iovec *iov = calloc(r->nr_picked ? r->nr_picked : 1, sizeof(*iov));
	int err = 0;

	if (!iov)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr_picked; i++)
		iov[i] = (struct iovec){ r->base + r->picked[i] * KC_PAGE, KC_PAGE };
	if (longterm)
		err = register_rings(r, iov);
	free(iov);
	if (!err)
		err = kc_region_reread(r);
	if (!err)
		free_unpinned(r);
	return err;
}

/* Rank of block b among blocks[0..n) (ascending), or -1. */
static long block_rank(const uint64_t *blocks, size_t n, uint64_t b)
{
	size_t i = kc_lower_bound(blocks, n, b);

	return i < n && blocks[i] == b ? (long)i : -1;
}

int kc_pins_write(const char *path, const struct kc_region *r, const char *case_,
		  const uint64_t *blocks, size_t nr_blocks)
{
	bool header = access(path, F_OK) != 0;
	FILE *f = fopen(path, "a");

	if (!f)
		return -errno;
	if (header)
		fprintf(f, "case\tpfn\tpageblock\tpage_in_block\tregion_block\tregion_blocks\n");
	for (size_t i = 0; i < r->nr_picked; i++) {
		uint64_t pfn = r->pinned_pfns[i];

		fprintf(f, "%s\t%llu\t%llu\t%u\t%ld\t%zu\n", case_, (unsigned long long)pfn,
			(unsigned long long)kc_block_of(pfn),
			(unsigned)(pfn & (KC_BLOCK_PAGES - 1)),
			block_rank(blocks, nr_blocks, kc_block_of(pfn)), nr_blocks);
	}
	return fclose(f) ? -errno : 0;
}
