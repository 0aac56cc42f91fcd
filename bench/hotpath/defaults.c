// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/defaults.c - the sweep of a mode (see sweep.h): --quick a
 * few points, --full the whole grid.
 */
#include "hotpath/sweep.h"

#include <string.h>

static void set_all(bool *set, size_t n, bool on)
{
	for (size_t i = 0; i < n; i++)
		set[i] = on;
}

/* n thread counts 1, 2, 4, ... below nr_cpus, then nr_cpus itself. */
static size_t doubling_threads(int *out, int nr_cpus)
{
	size_t n = 0;

	for (int t = 1; t < nr_cpus && n < HP_MAX_POINTS - 1; t *= 2)
		out[n++] = t;
	out[n++] = nr_cpus;
	return n;
}

void hp_sweep_default(struct hp_sweep *s, bool full, int nr_cpus, uint64_t host_ram)
{
	/* quick: L1, L2 and DRAM sized memmaps; full: every power of two. */
	static const uint64_t quick_sizes[] = { 16 * BYTES_KIB, 256 * BYTES_KIB, 64 * BYTES_MIB };
	/*
	 * Pinning a share of a DRAM-sized memmap is set-up work that grows
	 * with the pins (pinhash walks chains of pins/4096): quick keeps to 1 GiB
	 * of pinned pages, full to 16 GiB.
	 */
	unsigned pin_limit = full ? 4u << 20 : 256u << 10;
	static const double pinned[] = { 0, 1, 50, 100 };

	memset(s, 0, sizeof(*s));
	if (full) {
		for (uint64_t b = 4 * BYTES_KIB; b <= BYTES_GIB; b *= 2)
			s->sizes[s->nr_sizes++] = b;
		s->nr_threads = doubling_threads(s->threads, nr_cpus < 1 ? 1 : nr_cpus);
	} else {
		memcpy(s->sizes, quick_sizes, sizeof(quick_sizes));
		s->nr_sizes = sizeof(quick_sizes) / sizeof(quick_sizes[0]);
		s->threads[s->nr_threads++] = 1;
	}
	memcpy(s->pinned, pinned, sizeof(pinned));
	s->nr_pinned = sizeof(pinned) / sizeof(pinned[0]);
	set_all(s->ops, HP_NR_OPS, true);
	set_all(s->orders, HP_NR_ORDERS, true);
	set_all(s->places, HP_NR_PLACES, true);
	set_all(s->mems, HP_NR_MEMS, true);
	s->ram[s->nr_ram++] = host_ram;
	s->ram[s->nr_ram++] = BYTES_TIB;
	s->pin_batch = 16;	/* one 64 KiB O_DIRECT I/O */
	s->pin_limit = pin_limit;
	s->chase = true;
}
