// SPDX-License-Identifier: GPL-2.0
/*
 * bench/core/bytes.c - sizes as parameters give them and case keys show
 * them, in binary units (see core/bytes.h).
 */
#include "core/bytes.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

bool bytes_parse(const char *text, uint64_t *bytes)
{
	static const struct { const char *suffix; uint64_t mult; } units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", BYTES_KIB }, { "KiB", BYTES_KIB }, { "M", BYTES_MIB }, { "MiB", BYTES_MIB },
		{ "G", BYTES_GIB }, { "GiB", BYTES_GIB }, { "T", BYTES_TIB }, { "TiB", BYTES_TIB },
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

void bytes_format(uint64_t bytes, char *out, size_t outlen)
{
	/* K/M/G/T: what bytes_parse() and `pinbench plot` read back. */
	static const char *const names[] = { "", "K", "M", "G", "T" };
	size_t u = 0;

	while (u + 1 < sizeof(names) / sizeof(names[0]) && bytes && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, outlen, "%" PRIu64 "%s", bytes, names[u]);
}
