// SPDX-License-Identifier: GPL-2.0
/*
 * bench/pinhash/keys.c - the pinhash benchmark's designs and pfn patterns.
 */
#include "pinhash/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool already_listed(const struct ph_design *out, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(out[i].name, name))
			return true;
	return false;
}

static size_t add_design(struct ph_design *out, size_t n, size_t max,
			 const struct pin_design_variant *v)
{
	const char *params = "";
	const struct pin_design_ops *ops = pin_design_find(v->spec, &params);

	if (n == max || !ops || !ops->table_bucket_of || already_listed(out, n, v->name))
		return n;
	out[n] = (struct ph_design){ v->name, ops, params };
	return n + 1;
}

/* Every variant of the family whose primary is name ("pinhash" -> "pinhash-*"). */
static size_t add_family(struct ph_design *out, size_t n, size_t max, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < pin_design_variant_count(); i++) {
		const struct pin_design_variant *v = pin_design_variant_at(i);

		if (!strncmp(v->name, name, len) && v->name[len] == '-')
			n = add_design(out, n, max, v);
	}
	return n;
}

size_t ph_designs(const struct bench_ctx *ctx, struct ph_design *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < bench_nr_designs(ctx); i++) {
		const struct pin_design_variant *v = pin_design_variant_find(bench_design(ctx, i));
		size_t before = n;

		if (!v)
			continue;
		n = add_design(out, n, max, v);
		if (n > before && v->primary)
			n = add_family(out, n, max, v->name);
	}
	return n;
}

const char *ph_params(char *buf, size_t len, const char *params, const char *extra)
{
	snprintf(buf, len, "%s%s%s", params, *params && *extra ? "," : "", extra);
	return buf;
}

int ph_mem_init(struct pin_mem *mem, const struct ph_design *d, const char *extra,
		const struct pin_mem_config *cfg, char *err, size_t errlen)
{
	char params[256];

	return pin_mem_init(mem, d->ops, ph_params(params, sizeof(params), d->params, extra),
			    cfg, err, errlen);
}

/* ---- pfn patterns ------------------------------------------------------ */

static const char *const pattern_names[PAT_NR] = {
	[PAT_CONTIG] = "contig", [PAT_STRIDE512] = "stride512",
	[PAT_STRIDE4096] = "stride4096", [PAT_STRIDE_M] = "stride_m",
	[PAT_RANDOM] = "random", [PAT_FIO] = "fio",
};

const char *ph_pattern_name(enum ph_pattern p)
{
	return (unsigned)p < PAT_NR ? pattern_names[p] : "?";
}

/*
 * Runs of RUN_LEN pfns: contiguous (a 2 MiB buffer: 512 pages), or every
 * stride-th pfn (one page per 2 MiB or per 16 MiB, or per table size: the
 * worst case of pfn % m).  Random pfns are runs of one.
 */
#define RUN_LEN 512

static unsigned long pattern_stride(enum ph_pattern p, size_t m)
{
	switch (p) {
	case PAT_STRIDE512: return 512;
	case PAT_STRIDE4096: return 4096;
	case PAT_STRIDE_M: return m;
	default: return 1;
	}
}

struct bitmap {
	uint64_t *w;
};

static bool bitmap_test_and_set(struct bitmap *b, unsigned long i)
{
	uint64_t bit = 1ull << (i % 64);
	bool was = b->w[i / 64] & bit;

	b->w[i / 64] |= bit;
	return was;
}

int ph_keys_generate(struct ph_keys *k, enum ph_pattern p, size_t n, size_t m,
		     unsigned long universe, uint64_t *seed)
{
	unsigned long stride = pattern_stride(p, m), run = p == PAT_RANDOM ? 1 : RUN_LEN;
	struct bitmap seen = { calloc(universe / 64 + 1, sizeof(uint64_t)) };

	k->n = 0;
	k->pfn = malloc((n ? n : 1) * sizeof(*k->pfn));
	if (!seen.w || !k->pfn || p == PAT_FIO || n > universe / 2) {
		free(seen.w);
		ph_keys_free(k);
		return p == PAT_FIO || n > universe / 2 ? -EINVAL : -ENOMEM;
	}
	while (k->n < n) {
		unsigned long base = ph_rand_below(seed, universe);

		/* A run stops at the end of memory rather than wrapping around. */
		for (unsigned long i = 0; i < run && k->n < n; i++) {
			unsigned long pfn = base + i * stride;

			if (pfn >= universe)
				break;
			if (!bitmap_test_and_set(&seen, pfn))
				k->pfn[k->n++] = pfn;
		}
	}
	free(seen.w);
	return 0;
}

void ph_keys_free(struct ph_keys *k)
{
	free(k->pfn);
	k->pfn = NULL;
	k->n = 0;
}
