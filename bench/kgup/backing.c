// SPDX-License-Identifier: GPL-2.0
/*
 * The buffers kgup pins: 4 KiB pages (MADV_NOHUGEPAGE, which also keeps
 * multi-size THP away), THP (MADV_HUGEPAGE, then checked in smaps: a
 * fault may fall back to small pages, and the case must then say so) and
 * hugetlb (MAP_HUGETLB, 2 MiB; reserved at mmap, so a shortage is ENOMEM
 * here rather than SIGBUS at the first touch).
 */
#include "kgup/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static size_t round_huge(size_t len)
{
	return (len + KGUP_HUGE - 1) & ~(KGUP_HUGE - 1);
}

/*
 * Every page written: io_uring pins with FOLL_WRITE, and a pin of the
 * shared zero page is not counted (mm/gup.c gup_put_folio).  Faults are
 * slow in a guest (seconds per GiB of 4 KiB pages on the lab machine):
 * a stop is heard between 2 MiB steps.
 */
static int touch(char *base, size_t len)
{
	for (size_t off = 0; off < len; off += KGUP_PAGE) {
		if (off % KGUP_HUGE == 0 && bench_should_stop())
			return -EINTR;
		((volatile char *)base)[off] = (char)(off >> 12 | 1);
	}
	return 0;
}

static int map_anon(struct kgup_buf *buf, size_t len, int advice)
{
	buf->map_len = round_huge(len) + KGUP_HUGE;
	buf->map = mmap(NULL, buf->map_len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf->map == MAP_FAILED)
		return -errno;
	buf->base = (char *)round_huge((uintptr_t)buf->map);
	/* The whole 2 MiB around a short buffer, so that a THP can back it. */
	if (madvise(buf->base, round_huge(len), advice))
		return -errno;
	return 0;
}

static int map_hugetlb(struct kgup_buf *buf, size_t len)
{
	buf->map_len = round_huge(len);
	buf->map = mmap(NULL, buf->map_len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (buf->map == MAP_FAILED)
		return -errno;
	buf->base = buf->map;
	return 0;
}

int kgup_buf_alloc(struct kgup_buf *buf, size_t len, enum kgup_backing b)
{
	int rc;

	memset(buf, 0, sizeof(*buf));
	buf->backing = b;
	buf->len = len;
	if (b == KB_HUGETLB)
		rc = map_hugetlb(buf, len);
	else
		rc = map_anon(buf, len, b == KB_THP ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (!rc)
		rc = touch(buf->base, len);
	if (rc) {
		if (buf->map != MAP_FAILED && buf->map)
			munmap(buf->map, buf->map_len);
		buf->map = NULL;
		return rc;
	}
	if (b == KB_THP)
		buf->huge = kgup_smaps_kib(buf->base, "AnonHugePages") * 1024 >= (long)round_huge(len);
	else
		buf->huge = b == KB_HUGETLB;
	return 0;
}

void kgup_buf_free(struct kgup_buf *buf)
{
	if (buf->map)
		munmap(buf->map, buf->map_len);
	buf->map = NULL;
}

size_t kgup_buf_folios(const struct kgup_buf *buf)
{
	return buf->huge ? round_huge(buf->len) / KGUP_HUGE : buf->len / KGUP_PAGE;
}

const char *kgup_buf_backing(const struct kgup_buf *buf)
{
	if (buf->backing == KB_THP && !buf->huge)
		return "thp-not-huge";
	return kgup_backing_name(buf->backing);
}

/* "7f00-7f80 rw-p ..." starts a mapping's block in smaps. */
static bool mapping_header(const char *line, uintptr_t *lo, uintptr_t *hi)
{
	unsigned long a, b;
	char perms[8];

	if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) != 3)
		return false;
	*lo = a;
	*hi = b;
	return true;
}

long kgup_smaps_kib(const void *addr, const char *field)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	uintptr_t lo, hi, a = (uintptr_t)addr;
	size_t flen = strlen(field);
	char line[256];
	bool in = false;
	long kib = -1;

	if (!f)
		return -1;
	while (kib < 0 && fgets(line, sizeof(line), f)) {
		if (mapping_header(line, &lo, &hi))
			in = a >= lo && a < hi;
		else if (in && !strncmp(line, field, flen) && line[flen] == ':')
			sscanf(line + flen + 1, "%ld", &kib);
	}
	fclose(f);
	return kib;
}
