// SPDX-License-Identifier: GPL-2.0
/* The registry of designs (placeholder until the designs land). */
#include "pin_design.h"

#include <string.h>

size_t pin_design_count(void) { return 0; }
const struct pin_design_ops *pin_design_at(size_t i) { (void)i; return NULL; }
const struct pin_design_ops *pin_design_find(const char *spec, const char **params)
{
	(void)spec;
	*params = "";
	return NULL;
}
size_t pin_design_variant_count(void) { return 0; }
const struct pin_design_variant *pin_design_variant_at(size_t i) { (void)i; return NULL; }
const struct pin_design_variant *pin_design_variant_find(const char *name) { (void)name; return NULL; }
