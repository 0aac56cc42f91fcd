// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/run_names.c - what headers and legends call each run, and
 * what loading a run left out that its reader should know.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/runs.h"

static char *name_of(const struct run *run)
{
	char *name = NULL;

	if (*run->label && *run->kernel_release) {
		if (asprintf(&name, "%s %s", run->label, run->kernel_release) < 0)
			name = NULL;
	} else if (*run->label || *run->kernel_release)
		name = strdup(*run->label ? run->label : run->kernel_release);
	else
		name = strdup(run->dir);
	return name;
}

/*
 * Two runs of one kernel without labels would read alike: the later ones
 * get their position added ("#2"), so a reader can tell them apart.
 */
void runs_name(struct run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(runs[i].name);
		runs[i].name = name_of(&runs[i]);
	}
	for (size_t i = 1; i < nr; i++) {
		for (size_t j = 0; j < i; j++) {
			char *named = NULL;

			if (!runs[i].name || !runs[j].name || strcmp(runs[i].name, runs[j].name))
				continue;
			if (asprintf(&named, "%s #%zu", runs[i].name, i + 1) > 0) {
				free(runs[i].name);
				runs[i].name = named;
			}
			break;
		}
	}
}

/* Legends name runs by their labels when those tell them apart: shorter. */
void runs_name_by_label(struct run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		if (!*runs[i].label)
			return;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(runs[i].label, runs[j].label))
				return;
	}
	for (size_t i = 0; i < nr; i++) {
		char *label = strdup(runs[i].label);

		if (label) {
			free(runs[i].name);
			runs[i].name = label;
		}
	}
}

void runs_warn_dropped(FILE *out, const char *cmd, const struct run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		if (runs[i].nr_dropped)
			fprintf(out, "pinbench %s: %s: %zu sample%s of inf or nan left out\n", cmd,
				runs[i].dir, runs[i].nr_dropped, runs[i].nr_dropped == 1 ? "" : "s");
}
