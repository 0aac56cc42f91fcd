// SPDX-License-Identifier: GPL-2.0
/* bench/report/case.c - case strings, "key=value,key=value" (case.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/case.h"

const char *case_next_item(const char *p)
{
	p = strchr(p, ',');
	return p ? p + 1 : NULL;
}

bool case_item_is(const char *item, const char *key, size_t klen)
{
	return strcspn(item, "=,") == klen && !strncmp(item, key, klen);
}

/* The value of key in case_ (up to the next ','), or NULL. */
const char *case_find(const char *case_, const char *key, size_t klen)
{
	for (const char *p = case_; p && *p; p = case_next_item(p))
		if (case_item_is(p, key, klen) && p[klen] == '=')
			return p + klen + 1;
	return NULL;
}

bool case_same_value(const char *case_a, const char *case_b, const char *key, size_t klen)
{
	const char *a = case_find(case_a, key, klen), *b = case_find(case_b, key, klen);

	if (!a || !b)
		return a == b;
	return strcspn(a, ",") == strcspn(b, ",") && !strncmp(a, b, strcspn(a, ","));
}

static const struct {
	const char *suffix;
	double factor;
} number_suffixes[] = {
	{ "", 1 }, { "%", 1 }, { "B", 1 },
	{ "K", 1024.0 }, { "k", 1024.0 }, { "Ki", 1024.0 }, { "KiB", 1024.0 }, { "KB", 1024.0 },
	{ "M", 1048576.0 }, { "Mi", 1048576.0 }, { "MiB", 1048576.0 }, { "MB", 1048576.0 },
	{ "G", 1073741824.0 }, { "Gi", 1073741824.0 }, { "GiB", 1073741824.0 },
	{ "GB", 1073741824.0 },
};

bool case_number(const char *case_, const char *key, double *v)
{
	const char *p = case_find(case_, key, strlen(key));
	char *end;

	if (!p || !*p || *p == ',')
		return false;
	*v = strtod(p, &end);
	if (end == p || !isfinite(*v))
		return false;
	/* Sizes come as 4096, 4K or 16KiB; shares as 50%. */
	for (size_t i = 0; i < sizeof(number_suffixes) / sizeof(number_suffixes[0]); i++) {
		size_t len = strlen(number_suffixes[i].suffix);

		if (strcspn(end, ",") == len && !strncmp(end, number_suffixes[i].suffix, len)) {
			*v *= number_suffixes[i].factor;
			return true;
		}
	}
	return false;
}

void case_append_item(char *out, size_t len, const char *item)
{
	size_t used = strlen(out);

	snprintf(out + used, len - used, "%s%.*s", used ? "," : "",
		 (int)strcspn(item, ","), item);
}
