// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/floor.c - the floor under every hotpath figure: the
 * harness's empty loop, the cost of streaming the input array, and a
 * dependent pointer chase (lmbench lat_mem_rd -t style: one
 * random cyclic permutation of 64-byte lines) that the DRAM-sized random
 * cases are read against.
 */
#include "hotpath/internal.h"

#include "core/bench.h"
#include "core/topo.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The harness's own cost per op: the chunked loop with nothing in it. */
static uint64_t drive_empty(void *arg, uint64_t iters)
{
	const struct hp_stream *s = arg;
	uint64_t acc = 0;

	for (uint64_t i = 0; i < iters; i++) {
		acc += i;
		measure_keep(acc);	/* one loop iteration, nothing else */
	}
	return acc + s->len;
}

/*
 * Sum (entry - base) >> shift over iters entries of the stream, wrapping.
 * Inlined with constant base and shift, it is a loop of plain loads and
 * adds with nothing of the harness inside.
 */
static inline uint64_t sum_stream(struct hp_stream *s, uint64_t iters, uintptr_t base,
				  unsigned shift)
{
	uint64_t acc = 0;

	while (iters) {
		size_t n = s->len - s->pos;

		if (n > iters)
			n = (size_t)iters;
		for (size_t k = 0; k < n; k++)
			acc += ((uintptr_t)s->pages[s->pos + k] - base) >> shift;
		s->pos = s->pos + n == s->len ? 0 : s->pos + n;
		iters -= n;
	}
	return acc;
}

/* Reading the input array: what every batch op does before its own work. */
static uint64_t drive_load(void *arg, uint64_t iters)
{
	return sum_stream(arg, iters, 0, 0);
}

/*
 * page_to_pfn the way it was measured by hand (lab-machine.md): a plain
 * loop summing (page - vmemmap) >> 6 over an array of 64-byte page
 * pointers, with no ops table, chunk driver or batch op around it.  Run
 * interleaved with the baseline design, it tells what pinbench's own
 * machinery adds to the figure, at the same moment of the machine.
 */
uint64_t hp_drive_naked_pfn(void *arg, uint64_t iters)
{
	struct hp_stream *s = arg;

	return sum_stream(s, iters, (uintptr_t)s->mem->memmap, 6);
}

struct chase {
	void **line;		/* bytes / 64 lines, a pointer at each start */
	size_t bytes;
	void **at;
};

#define CHASE_LINE 64

/* One random cycle through every 64-byte line of the buffer. */
static int chase_init(struct chase *c, uint64_t bytes, const gsl_rng *rng, int node)
{
	size_t n = bytes / CHASE_LINE, step = CHASE_LINE / sizeof(void *);
	size_t *order = malloc(n * sizeof(*order));

	c->bytes = bytes;
	c->line = topo_alloc_on_node(bytes, node);
	if (!order || !c->line) {
		free(order);
		return -1;
	}
	/* As the memmap: huge pages where THP allows (vmemmap is PMD-mapped). */
	madvise(c->line, bytes, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	if (n > 2)
		gsl_ran_shuffle(rng, order + 1, n - 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		c->line[order[i] * step] = &c->line[order[(i + 1) % n] * step];
	c->at = c->line;
	free(order);
	return 0;
}

static uint64_t drive_chase(void *arg, uint64_t iters)
{
	struct chase *c = arg;
	void **p = c->at;

	for (uint64_t i = 0; i < iters; i++)
		p = *p;
	c->at = p;
	return (uintptr_t)p;
}

static int floor_case(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
		      const char *key, measure_fn fn, void *arg)
{
	void *args[1] = { arg };
	const struct hp_case c = { "-", key, fn, args, 1, &cpu, 0 };

	return hp_measure_case(ctx, &c, cfg);
}

static int floor_stream(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
			uint64_t size, const char *size_name)
{
	struct hp_stream s = { .node = topo_node_of_cpu(cpu) };
	char key[128];
	int rc = -1;

	s.len = s.cap = hp_stream_len(size / HP_PAGE_STRUCT_BYTES);
	s.pages = topo_alloc_on_node(s.cap * sizeof(*s.pages), s.node);
	if (s.pages) {
		for (size_t k = 0; k < s.len; k++)
			s.pages[k] = (struct page *)(uintptr_t)(k * HP_PAGE_STRUCT_BYTES);
		snprintf(key, sizeof(key), "op=load,size=%s,threads=1", size_name);
		rc = floor_case(ctx, cfg, cpu, key, drive_load, &s);
		topo_free(s.pages, s.cap * sizeof(*s.pages));
	}
	return rc;
}

static int floor_chase(struct bench_ctx *ctx, const struct measure_cfg *cfg, int cpu,
		       uint64_t size, const char *size_name)
{
	gsl_rng *rng = hp_rng(ctx, hp_stream_id(size, 3, 0, 0));
	struct chase c = { 0 };
	char key[128];
	int rc = -1;

	if (rng && !chase_init(&c, size, rng, topo_node_of_cpu(cpu))) {
		snprintf(key, sizeof(key), "op=chase,size=%s,threads=1", size_name);
		rc = floor_case(ctx, cfg, cpu, key, drive_chase, &c);
	}
	if (c.line)
		topo_free(c.line, c.bytes);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}

int hp_floor_run(struct bench_ctx *ctx, const struct hp_sweep *s,
		 const struct measure_cfg *cfg, int cpu)
{
	struct hp_stream empty = { .len = 1 };
	int rc = floor_case(ctx, cfg, cpu, "op=empty,threads=1", drive_empty, &empty);

	for (size_t i = 0; i < s->nr_sizes && !bench_should_stop(); i++) {
		char size_name[32];

		bytes_format(s->sizes[i], size_name, sizeof(size_name));
		bench_progress(ctx, 0, "floor: input stream and pointer chase, %s", size_name);
		rc |= floor_stream(ctx, cfg, cpu, s->sizes[i], size_name);
		if (s->chase)
			rc |= floor_chase(ctx, cfg, cpu, s->sizes[i], size_name);
	}
	return rc ? -1 : 0;
}
