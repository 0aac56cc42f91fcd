/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernels/model/setup.h - the model memory put together and taken apart:
 * memmap, frames, free lists and the design's own state.
 */
#ifndef PINBENCH_MODEL_SETUP_H
#define PINBENCH_MODEL_SETUP_H

#include "kernels/model/memmap.h"

#include <stddef.h>

/*
 * Model memory: memmap (per node parts placed with libnuma) and frames.
 * The design's params are checked against its table and its init() is
 * called from here; err gets one line on failure.
 */
int pin_mem_init(struct pin_mem *mem, const struct pin_design_ops *ops,
		 const char *params, const struct pin_mem_config *cfg,
		 char *err, size_t errlen);
void pin_mem_fini(struct pin_mem *mem);

#endif
