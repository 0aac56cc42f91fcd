/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/core/bytes.h - sizes in binary units, for any benchmark's
 * parameters and case keys ("4K", "64M", "1G").
 */
#ifndef PINBENCH_CORE_BYTES_H
#define PINBENCH_CORE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BYTES_KIB 1024ull
#define BYTES_MIB (1024ull * BYTES_KIB)
#define BYTES_GIB (1024ull * BYTES_MIB)
#define BYTES_TIB (1024ull * BYTES_GIB)

/* "4096", "4K", "4KiB", "1G" ... (binary units) -> bytes; false on junk. */
bool bytes_parse(const char *text, uint64_t *bytes);
/* Bytes as the case keys show them (binary units): "4K", "1G", "1536". */
void bytes_format(uint64_t bytes, char *out, size_t outlen);

#endif
