// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/units.c - the pages a pinned share of a working set comes
 * to (see sweep.h); sizes themselves are core/bytes.h's.
 */
#include "hotpath/sweep.h"

#include <math.h>

uint64_t hp_pinned_pages(uint64_t size, double pct)
{
	return (uint64_t)llround((double)(size / HP_PAGE_STRUCT_BYTES) * pct / 100.0);
}
