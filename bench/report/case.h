/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/report/case.h - a case as the results write it, "key=value,..."
 * (size=4K,order=seq,...): its items, the value of a key, and that value
 * as a number.  Keys are given with their length (klen), so an item of
 * another case string can serve as a key.
 */
#ifndef PINBENCH_REPORT_CASE_H
#define PINBENCH_REPORT_CASE_H

#include <stdbool.h>
#include <stddef.h>

/* The item after p's, or NULL at the end. */
const char *case_next_item(const char *p);
/* The item's key is key. */
bool case_item_is(const char *item, const char *key, size_t klen);
/* The value of key in case_ (up to the next ','), or NULL. */
const char *case_find(const char *case_, const char *key, size_t klen);
/* Both cases lack key, or give it the same value. */
bool case_same_value(const char *case_a, const char *case_b, const char *key, size_t klen);
/* The case value of key as a number (4K, 16KiB, 50% too); false if none. */
bool case_number(const char *case_, const char *key, double *v);
/* Appends item (up to its ',') to the list in out, a comma between. */
void case_append_item(char *out, size_t len, const char *item);

#endif
