// SPDX-License-Identifier: GPL-2.0
/* workloads/memfrag.c - the fragmenter and the huge-page fault test. */
#include "workloads/memfrag.h"

#include "core/bench.h"
#include "workloads/kstat.h"
#include "core/timer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SZ_4K 4096ul
#define SZ_2M (2ul << 20)
#define SZ_1G (1ul << 30)

const char *frag_method_name(enum frag_method m)
{
	return m == FRAG_3OF4_PER_2M ? "3of4-2m" : "alt4k";
}

int frag_method_parse(const char *name)
{
	for (int m = FRAG_EVERY_OTHER_4K; m <= FRAG_3OF4_PER_2M; m++) {
		if (strcmp(name, frag_method_name(m)) == 0)
			return m;
	}
	return -1;
}

size_t frag_bound(size_t want, size_t min, char *why, size_t whylen)
{
	long long avail = meminfo_kib("MemAvailable"), total = meminfo_kib("MemTotal");
	size_t margin, room;

	if (avail < 0 || total < 0) {
		snprintf(why, whylen, "/proc/meminfo has no MemAvailable");
		return 0;
	}
	margin = (size_t)total * 1024 / 8;
	if (margin < SZ_1G)
		margin = SZ_1G;
	room = (size_t)avail * 1024 > margin ? (size_t)avail * 1024 - margin : 0;
	if (want > room)
		want = room / SZ_2M * SZ_2M;
	if (want < min) {
		snprintf(why, whylen, "only %lld MiB available, %zu MiB needed with a %zu MiB margin",
			 avail / 1024, min >> 20, margin >> 20);
		return 0;
	}
	return want;
}

static void frag_hook(void *arg)
{
	struct fragmenter *f = arg;

	if (f->base)
		munmap(f->base, f->bytes);
	f->base = NULL;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23	/* Linux 5.14 */
#endif

static int touch_all(struct fragmenter *f)
{
	/* One call per 64 MiB faults pages without a trap each, where the
	 * kernel has it; fall back to touching every page. */
	for (size_t off = 0; off < f->bytes; off += 64ul << 20) {
		size_t len = f->bytes - off < (64ul << 20) ? f->bytes - off : 64ul << 20;

		if (bench_should_stop())
			return -EINTR;
		if (madvise(f->base + off, len, MADV_POPULATE_WRITE))
			break;
		if (off + len == f->bytes)
			return 0;
	}
	for (size_t off = 0; off < f->bytes; off += SZ_4K) {
		/* Check now and then: a 16 GiB fault loop takes seconds. */
		if ((off & (SZ_1G / 4 - 1)) == 0 && bench_should_stop())
			return -EINTR;
		f->base[off] = 1;
	}
	return 0;
}

static int punch_holes(struct fragmenter *f)
{
	size_t keep = f->method == FRAG_3OF4_PER_2M ? SZ_2M / 4 : SZ_4K;
	size_t stride = f->method == FRAG_3OF4_PER_2M ? SZ_2M : 2 * SZ_4K;

	for (size_t off = 0; off < f->bytes; off += stride) {
		if ((off & (SZ_1G / 4 - 1)) == 0 && bench_should_stop())
			return -EINTR;
		if (madvise(f->base + off + keep, stride - keep, MADV_DONTNEED))
			return -errno;
	}
	return 0;
}

int frag_make(struct fragmenter *f, size_t bytes, enum frag_method m)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->bytes = bytes / SZ_2M * SZ_2M;
	f->method = m;
	f->hook = bench_cleanup_push(frag_hook, f);
	f->base = mmap(NULL, f->bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->base == MAP_FAILED) {
		f->base = NULL;
		err = -errno;
		frag_release(f);
		return err;
	}
	/* 4 KiB pages: a huge page would leave nothing to fragment. */
	madvise(f->base, f->bytes, MADV_NOHUGEPAGE);
	err = touch_all(f);
	if (!err)
		err = punch_holes(f);
	if (err)
		frag_release(f);
	return err;
}

void frag_release(struct fragmenter *f)
{
	if (f->hook >= 0)
		bench_cleanup_pop(f->hook, true);
	f->hook = -1;
}

/* ---- huge-page faults ------------------------------------------------- */

#define KPF_THP 22	/* include/uapi/linux/kernel-page-flags.h */

bool kpageflags_is_thp(uint64_t flags)
{
	return (flags >> KPF_THP) & 1;
}

static int read_u64_at(const char *path, uint64_t index, uint64_t *v)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, v, sizeof(*v), (off_t)(index * sizeof(*v)));
	close(fd);
	return n == sizeof(*v) ? 0 : -EIO;
}

/* 1: huge, 0: not, -1: cannot tell from pagemap/kpageflags. */
static int chunk_is_huge(const char *addr)
{
	uint64_t pm, flags, pfn;

	if (read_u64_at("/proc/self/pagemap", (uintptr_t)addr / SZ_4K, &pm))
		return -1;
	pfn = pm & ((1ull << 55) - 1);
	if (!(pm >> 63) || !pfn || read_u64_at("/proc/kpageflags", pfn, &flags))
		return -1;
	return kpageflags_is_thp(flags);
}

/* AnonHugePages of the smaps entry that starts at base, in bytes. */
static size_t smaps_huge_bytes(const char *base)
{
	char line[256], start[32];
	FILE *f = fopen("/proc/self/smaps", "re");
	bool in = false;
	size_t kib = 0;

	if (!f)
		return 0;
	snprintf(start, sizeof(start), "%lx-", (unsigned long)(uintptr_t)base);
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, ' ') > strchr(line, '-'))
			in = strncmp(line, start, strlen(start)) == 0;
		if (in && sscanf(line, "AnonHugePages: %zu", &kib) == 1)
			break;
	}
	fclose(f);
	return kib * 1024;
}

/* Where pagemap cannot tell, spread smaps' total over the unknown chunks. */
static void fill_unknown(const char *base, size_t n, const int *known, bool *huge)
{
	size_t huge_known = 0, from_smaps = smaps_huge_bytes(base) / SZ_2M;

	for (size_t i = 0; i < n; i++)
		huge_known += known[i] == 1;
	for (size_t i = 0; i < n; i++) {
		if (known[i] >= 0)
			continue;
		huge[i] = huge_known < from_smaps;
		huge_known += huge[i];
	}
}

static int fault_chunks(char *base, size_t chunks, double *fault_us, bool *huge)
{
	int known[chunks ? chunks : 1];
	size_t i;

	for (i = 0; i < chunks && !bench_should_stop(); i++) {
		uint64_t t0 = timer_clock_ns(CLOCK_MONOTONIC);

		base[i * SZ_2M] = 1;
		fault_us[i] = (double)(timer_clock_ns(CLOCK_MONOTONIC) - t0) / 1e3;
		known[i] = chunk_is_huge(base + i * SZ_2M);
		huge[i] = known[i] == 1;
	}
	fill_unknown(base, i, known, huge);
	return (int)i;
}

int thp_fault_test(size_t chunks, double *fault_us, bool *huge)
{
	size_t len = (chunks + 1) * SZ_2M;
	char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *base;
	int done;

	if (raw == MAP_FAILED)
		return -errno;
	base = (char *)(((uintptr_t)raw + SZ_2M - 1) & ~(SZ_2M - 1));
	if (madvise(base, chunks * SZ_2M, MADV_HUGEPAGE)) {
		done = -errno;
		munmap(raw, len);
		return done;
	}
	done = fault_chunks(base, chunks, fault_us, huge);
	munmap(raw, len);
	return done;
}
