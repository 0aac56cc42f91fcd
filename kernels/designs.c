// SPDX-License-Identifier: GPL-2.0
/*
 * kernels/designs.c - the registry: every design once, and the named
 * variants `pinbench list` prints and -d accepts.  To add a design: one
 * line in each table (and its file in kernels/).
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
	{ "baseline", "baseline", "pin = plain reference; migration retries on a refcount mismatch", true },
	{ "foll-pin", "foll-pin", "FOLL_PIN as merged: refcount bias 1024, exact pincount for large folios", true },
	{ "page-callbacks", "page-callbacks", "two callbacks in struct page (80 bytes): the pinner moves its pins", true },
	{ "movable-ops", "movable-ops", "owner's isolate/migrate/putback via page->mapping; anon pins stay stuck", true },
	{ "page-ext", "page-ext", "pin owner and count in per-section page_ext side arrays", true },
	{ "proxy", "proxy", "GUP hands out tagged pointers to per-node proxy objects", true },
	{ "dynamic-page", "dynamic-page", "pinned pages get a struct dynamic_page; pfn_to_page needs a pfn map", true },
	{ "pinhash", "pinhash", "global hash page -> owner + PG_pinned: one spinlock, hash_64 golden ratio", true },
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
