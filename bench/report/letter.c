// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/letter.c - what the cover letter says.
 *
 * Every row is compared (report/compare.c); the letter keeps each
 * benchmark's headline rows, and of the rest only those whose median moved
 * significantly (Mann-Whitney, 5%) and by more than the noise: at least
 * LETTER_MIN_CHANGE_PCT and at least the larger coefficient of variation of
 * the two runs' repetitions, the spread a rerun of the same kernel shows.
 * Under TCG emulation (manifest key virt=tcg) a time is the emulator's, not
 * the kernel's: timing rows are shown but never marked.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/letter.h"
#include "report/headline.h"
#include "core/results.h"

char letter_run_id(size_t r)
{
	return (char)('A' + (r < 26 ? r : 25));
}

static char *fact(const struct run *run, const char *key)
{
	char *v = manifest_read_key(run->dir, key);

	return v ? v : strdup("");
}

static void run_facts(struct letter_run *lr, const struct run *run)
{
	lr->run = run;
	lr->kernel = fact(run, "kernel_release");
	lr->label = fact(run, "label");
	lr->cpu = fact(run, "cpu_model");
	lr->cpus = fact(run, "cpus_online");
	lr->nodes = fact(run, "numa_nodes");
	lr->mem = fact(run, "mem_total");
	lr->thp = fact(run, "thp.enabled");
	lr->thp_defrag = fact(run, "thp.defrag");
	lr->cmdline = fact(run, "command_line");
	lr->seed = fact(run, "seed");
	lr->rev = fact(run, "pinbench_git_revision");
	lr->load = fact(run, "load_at_start");
	lr->virt = fact(run, "virt");
	lr->date = fact(run, "date");
	lr->mode = fact(run, "mode");
	lr->tcg = lr->virt && !strcmp(lr->virt, "tcg");
}

static void run_facts_free(struct letter_run *lr)
{
	char **all[] = { &lr->kernel, &lr->label, &lr->cpu, &lr->cpus, &lr->nodes, &lr->mem,
			 &lr->thp, &lr->thp_defrag, &lr->cmdline, &lr->seed, &lr->rev,
			 &lr->load, &lr->virt, &lr->date, &lr->mode };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		free(*all[i]);
		*all[i] = NULL;
	}
}

/* Change of value against base in %, + better; the interval mapped alike. */
static double pct(double base, double value, bool higher_better)
{
	double d = (value - base) / fabs(base) * 100.0;

	return (higher_better ? d : -d) + 0.0;
}

void letter_cell(const struct letter *l, const struct cmp_op *op, size_t r,
		 struct letter_cell *cell)
{
	const struct stats *a = &op->st[0], *b = &op->st[r];
	bool hb = op->key->higher_better;

	*cell = (struct letter_cell){ .present = op->s[r] && op->s[0], .mark = ' ',
				      .change = NAN, .lo = NAN, .hi = NAN };
	if (!cell->present)
		return;
	cell->base = a->median;
	cell->value = b->median;
	cell->diff = b->median - a->median;
	cell->from_zero = a->median == 0 && b->median != 0;
	if (a->median != 0) {
		double x = pct(a->median, b->med_ci_lo, hb), y = pct(a->median, b->med_ci_hi, hb);

		cell->change = pct(a->median, b->median, hb);
		cell->lo = fmin(x, y);
		cell->hi = fmax(x, y);
	} else if (!cell->from_zero) {
		cell->change = 0;
	}
	if (r == 0)
		return;
	if (l->tcg && series_is_timing(op->key))
		cell->mark = '~';
	else if (op->p_rank[r] < CMP_ALPHA)
		cell->mark = '*';
}

/* Significant and bigger than what repetitions of one run already scatter. */
static bool above_noise(const struct letter *l, const struct cmp_op *op)
{
	for (size_t r = 1; r < l->nr_runs; r++) {
		struct letter_cell cell;
		double noise = fmax(op->st[0].cv, op->st[r].cv) * 100.0;

		letter_cell(l, op, r, &cell);
		if (cell.mark != '*')
			continue;
		if (cell.from_zero || fabs(cell.change) >= fmax(LETTER_MIN_CHANGE_PCT, noise))
			return true;
	}
	return false;
}

static void choose_rows(struct letter *l)
{
	for (size_t i = 0; i < l->c.nr_ops; i++) {
		const struct cmp_op *op = &l->c.ops[i];

		if (series_is_headline(op->key)) {
			l->head[l->nr_head++] = op;
		} else if (above_noise(l, op)) {
			if (l->nr_other < LETTER_MAX_OTHER)
				l->other[l->nr_other++] = op;
			l->nr_other_found++;
		}
	}
}

int letter_build(struct letter *l, const struct run *runs, size_t nr, char *err,
		 size_t errlen)
{
	struct cmp_filter every = { .all = true };
	int ret;

	*l = (struct letter){ .nr_runs = nr };
	ret = comparison_build(&l->c, runs, nr, &every, err, errlen);
	if (ret)
		return ret;
	l->runs = calloc(nr, sizeof(*l->runs));
	l->head = calloc(l->c.nr_ops + 1, sizeof(*l->head));
	l->other = calloc(LETTER_MAX_OTHER, sizeof(*l->other));
	if (!l->runs || !l->head || !l->other) {
		report_set_err(err, errlen, "out of memory");
		letter_free(l);
		return 1;
	}
	for (size_t r = 0; r < nr; r++) {
		run_facts(&l->runs[r], &runs[r]);
		l->tcg |= l->runs[r].tcg;
	}
	choose_rows(l);
	return 0;
}

void letter_free(struct letter *l)
{
	for (size_t r = 0; l->runs && r < l->nr_runs; r++)
		run_facts_free(&l->runs[r]);
	free(l->runs);
	free(l->head);
	free(l->other);
	free(l->figures);
	comparison_free(&l->c);
	*l = (struct letter){ 0 };
}
