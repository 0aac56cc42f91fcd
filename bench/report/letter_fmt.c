// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/letter_fmt.c - the pieces of the cover letter that the
 * text and the markdown print alike: numbers, changes, case labels with
 * what every row shares said once, the machine in one line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/case.h"
#include "report/compare_fmt.h"
#include "report/letter.h"

const char letter_noise_rule[] =
	"Listed: rows whose median differs at 5% (Mann-Whitney) by at least 5% "
	"and by at least the larger coefficient of variation of the two runs' "
	"repetitions (what a rerun of one kernel scatters); a change from 0 is "
	"listed when significant.";

const char letter_tcg_note[] =
	"A run here ran under TCG emulation (manifest: virt tcg): its timings "
	"are functional only, what the emulator took, and no timing row is "
	"marked (~).";

void letter_fmt_value(double v, char *out, size_t len)
{
	struct cmp_cell cell = { .present = true, .value = v };

	cmp_format_value(&cell, CMP_MEDIAN, out, len);
}

void letter_fmt_change(const struct letter_cell *c, const char *unit, char *out, size_t len)
{
	if (!c->present)
		snprintf(out, len, "-");
	else if (c->from_zero)
		snprintf(out, len, "%+.3g %s", c->diff, unit);
	else if (isnan(c->change))
		snprintf(out, len, "NA");
	else if (fabs(c->change) < 0.005)
		snprintf(out, len, "0.00%%");
	else
		snprintf(out, len, "%+.2f%%", c->change);
}

void letter_fmt_interval(const struct letter_cell *c, char *out, size_t len)
{
	const char *f = fmax(fabs(c->lo), fabs(c->hi)) < 1000 ? "[%+.1f, %+.1f]%%"
								: "[%+.0f, %+.0f]%%";

	if (!c->present || isnan(c->lo) || isnan(c->hi))
		*out = 0;
	else
		snprintf(out, len, f, c->lo + 0.0, c->hi + 0.0);
}

size_t letter_block_end(const struct cmp_op *const *rows, size_t nr, size_t i)
{
	size_t end = i + 1;

	while (end < nr && !strcmp(rows[end]->key->bench, rows[i]->key->bench) &&
	       !strcmp(rows[end]->key->metric, rows[i]->key->metric))
		end++;
	return end;
}

/*
 * Every row that has the item's key gives it the same value.  Rows without
 * the key (idle has no engine=) tell nothing: saying the key once keeps the
 * labels of the others short, as the figures' subtitles do.
 */
static bool item_alike(const struct cmp_op *const *rows, size_t from, size_t to,
		       const char *item)
{
	size_t klen = strcspn(item, "=,");

	for (size_t i = from; i < to; i++)
		if (case_find(rows[i]->key->case_, item, klen) &&
		    !case_same_value(item, rows[i]->key->case_, item, klen))
			return false;
	return true;
}

static void case_items(const struct cmp_op *const *rows, size_t from, size_t to,
		       const char *case_, bool alike, char *out, size_t len)
{
	*out = 0;
	if (!strcmp(case_, "-"))
		return;
	for (const char *p = case_; p && *p; p = case_next_item(p))
		if (item_alike(rows, from, to, p) == alike)
			case_append_item(out, len, p);
}

void letter_fixed_items(const struct cmp_op *const *rows, size_t from, size_t to,
			char *out, size_t len)
{
	case_items(rows, from, to, rows[from]->key->case_, true, out, len);
}

void letter_row_label(const struct cmp_op *const *rows, size_t from, size_t to, size_t i,
		      char *out, size_t len)
{
	const char *design = strcmp(rows[i]->key->design, "-") ? rows[i]->key->design : "";
	char varying[512];

	case_items(rows, from, to, rows[i]->key->case_, false, varying, sizeof(varying));
	snprintf(out, len, "%s%s%s", design, *design && *varying ? " " : "", varying);
	if (!*out)
		snprintf(out, len, "-");
}

/* "[always] madvise never" -> "always"; anything else as it is. */
static void chosen(const char *s, char *out, size_t len)
{
	const char *open = strchr(s, '['), *close = open ? strchr(open, ']') : NULL;

	if (close)
		snprintf(out, len, "%.*s", (int)(close - open - 1), open + 1);
	else
		snprintf(out, len, "%s", *s ? s : "?");
}

void letter_fmt_machine(const struct letter_run *lr, char *out, size_t len)
{
	char thp[64], defrag[64], mem[32] = "? memory";
	double kb = strtod(lr->mem, NULL);

	chosen(lr->thp, thp, sizeof(thp));
	chosen(lr->thp_defrag, defrag, sizeof(defrag));
	if (kb > 0)
		snprintf(mem, sizeof(mem), "%.1f GiB", kb / (1024.0 * 1024.0));
	snprintf(out, len, "%s, %s CPUs, %s NUMA node%s, %s, THP %s (defrag %s)",
		 *lr->cpu ? lr->cpu : "unknown CPU", *lr->cpus ? lr->cpus : "?",
		 *lr->nodes ? lr->nodes : "?", strcmp(lr->nodes, "1") ? "s" : "", mem, thp,
		 defrag);
}
