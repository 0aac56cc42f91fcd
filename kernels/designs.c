// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/designs.c - the registry: every design once, and the named
 * variants `pinbench list` prints and -d accepts.  To add a design: one
 * line in each table (and its file in kernels/).  A primary variant's line
 * in `list` is its design's own summary; only the other variants say here
 * what they change.
 */
#include "kernels/pin_design.h"

#include <string.h>

extern const struct pin_design_ops baseline_design;
extern const struct pin_design_ops foll_pin_design;
extern const struct pin_design_ops page_callbacks_design;
extern const struct pin_design_ops movable_ops_design;
extern const struct pin_design_ops page_ext_design;
extern const struct pin_design_ops proxy_design;
extern const struct pin_design_ops dynamic_page_design;
extern const struct pin_design_ops pinhash_design;

static const struct pin_design_ops *const designs[] = {
	&baseline_design,
	&foll_pin_design,
	&page_callbacks_design,
	&movable_ops_design,
	&page_ext_design,
	&proxy_design,
	&dynamic_page_design,
	&pinhash_design,
};

static const struct pin_design_variant variants[] = {
	{ "baseline", "baseline", NULL, true },
	{ "foll-pin", "foll-pin", NULL, true },
	{ "page-callbacks", "page-callbacks", NULL, true },
	{ "movable-ops", "movable-ops", NULL, true },
	{ "page-ext", "page-ext", NULL, true },
	{ "proxy", "proxy", NULL, true },
	{ "dynamic-page", "dynamic-page", NULL, true },
	{ "pinhash", "pinhash", NULL, true },
	{ "foll-pin-nocounters", "foll-pin:counters=0", "foll-pin without the NR_FOLL_PIN_ACQUIRED/RELEASED per-CPU node counter updates", false },
	{ "dynamic-page-range", "dynamic-page:pfn=range", "dynamic-page telling a dynamic page by its address outside the vmemmap, not its flag", false },
	{ "pinhash-bucket", "pinhash:lock=bucket", "pinhash with a spinlock per bucket", false },
	{ "pinhash-node", "pinhash:lock=node", "pinhash with one table and lock per NUMA node", false },
	{ "pinhash-rht", "pinhash:lock=rht,hash=jhash", "rhashtable-style: bit lock per bucket, lockless lookups, jhash", false },
	{ "pinhash-modulo", "pinhash:hash=modulo", "pinhash hashing pfn % buckets", false },
	{ "pinhash-jhash", "pinhash:hash=jhash", "pinhash hashing with jhash2 (rhashtable's default)", false },
	{ "pinhash-prime2013", "pinhash:hash=prime2013", "pinhash with hash_64 as in 2013 (GOLDEN_RATIO_PRIME_64)", false },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

size_t pin_design_count(void)
{
	return ARRAY_LEN(designs);
}

const struct pin_design_ops *pin_design_at(size_t i)
{
	return i < ARRAY_LEN(designs) ? designs[i] : NULL;
}

const struct pin_design_ops *pin_design_find(const char *spec, const char **params)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);

	for (size_t i = 0; i < ARRAY_LEN(designs); i++)
		if (strlen(designs[i]->name) == len && !strncmp(designs[i]->name, spec, len)) {
			if (params)
				*params = colon ? colon + 1 : "";
			return designs[i];
		}
	return NULL;
}

size_t pin_design_variant_count(void)
{
	return ARRAY_LEN(variants);
}

const struct pin_design_variant *pin_design_variant_at(size_t i)
{
	return i < ARRAY_LEN(variants) ? &variants[i] : NULL;
}

const struct pin_design_variant *pin_design_variant_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(variants); i++)
		if (!strcmp(variants[i].name, name))
			return &variants[i];
	return NULL;
}

const char *pin_design_variant_summary(const struct pin_design_variant *v)
{
	const struct pin_design_ops *ops;

	if (v->summary)
		return v->summary;
	ops = pin_design_find(v->spec, NULL);
	return ops ? ops->summary : "";
}
