// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/units.c - bytes as the sweep reads them and the case keys
 * show them, and the pages a pinned share comes to (see sweep.h).
 */
#include "hotpath/sweep.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

uint64_t hp_pinned_pages(uint64_t size, double pct)
{
	return (uint64_t)llround((double)(size / HP_PAGE_STRUCT_BYTES) * pct / 100.0);
}

bool hp_parse_bytes(const char *text, uint64_t *bytes)
{
	static const struct { const char *suffix; uint64_t mult; } units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", HP_KIB }, { "KiB", HP_KIB }, { "M", HP_MIB }, { "MiB", HP_MIB },
		{ "G", HP_GIB }, { "GiB", HP_GIB }, { "T", HP_TIB }, { "TiB", HP_TIB },
	};
	char *end;
	unsigned long long v;

	if (!text || *text < '0' || *text > '9')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix))
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return false;
		*bytes = v * units[i].mult;
		return true;
	}
	return false;
}

void hp_format_bytes(uint64_t bytes, char *out, size_t outlen)
{
	/* K/M/G/T: what hp_parse_bytes() and `pinbench plot` read back. */
	static const char *const names[] = { "", "K", "M", "G", "T" };
	size_t u = 0;

	while (u + 1 < sizeof(names) / sizeof(names[0]) && bytes && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, outlen, "%" PRIu64 "%s", bytes, names[u]);
}
