// SPDX-License-Identifier: GPL-2.0
/* kcontig cases: which scenarios a run has, and their names in rows and files. */
#include "kcontig/internal.h"

#include <stdio.h>

static const char *const kind_names[] = { "longterm", "odirect" };

int kc_scenarios(const struct kc_run *r, struct kc_scenario *out, int max)
{
	int n = 0;

	for (int i = 0; i < r->nr_ks && n < max; i++) {
		if (r->ks[i] == 0)
			out[n++] = (struct kc_scenario){ KC_SPREAD, 0, KC_LONGTERM };
	}
	for (int kind = KC_LONGTERM; kind <= KC_SHORTTERM; kind++) {
		for (int l = KC_SPREAD; l <= KC_CLUSTERED; l++) {
			for (int i = 0; i < r->nr_ks && n < max; i++) {
				if (r->ks[i] && r->layout_on[l] && r->kind_on[kind])
					out[n++] = (struct kc_scenario){ (enum kc_layout)l, r->ks[i],
									 (enum kc_kind)kind };
			}
		}
	}
	return n;
}

void kc_scenario_case(const struct kc_scenario *s, char *out, size_t len)
{
	if (!s->k)
		snprintf(out, len, "pin=none,layout=none,k=0");
	else
		snprintf(out, len, "pin=%s,layout=%s,k=%u", kind_names[s->kind],
			 kc_layout_name(s->layout), s->k);
}

/* "longterm-spread-k4", "none-k0": for file names and manifest keys. */
void kc_scenario_tag(const struct kc_scenario *s, char *out, size_t len)
{
	if (!s->k)
		snprintf(out, len, "none-k0");
	else
		snprintf(out, len, "%s-%s-k%u", kind_names[s->kind], kc_layout_name(s->layout), s->k);
}
