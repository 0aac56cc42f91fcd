// SPDX-License-Identifier: GPL-2.0
/*
 * bench/report/by_design.c - one run's designs as columns (`pinbench
 * compare --designs`): each design a run of its own, so that the same
 * case of two designs is one row of the table.
 */
#include <stdlib.h>
#include <string.h>

#include "report/runs.h"

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_design(const char **names, size_t nr, const char *design)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(names[i], design))
			return true;
	return false;
}

/* The designs of src (not "-"), sorted, base first; NULL when none. */
static const char **design_names(const struct run *src, const char *base, size_t *nr)
{
	const char **names = malloc((src->nr_series + 1) * sizeof(*names));

	*nr = 0;
	for (size_t i = 0; names && i < src->nr_series; i++)
		if (strcmp(src->series[i].design, "-") &&
		    !has_design(names, *nr, src->series[i].design))
			names[(*nr)++] = src->series[i].design;
	if (names)
		qsort(names, *nr, sizeof(*names), strcmp_ptr);
	for (size_t i = 1; names && base && i < *nr; i++) {
		if (!strcmp(names[i], base)) {
			const char *b = names[i];

			memmove(names + 1, names, i * sizeof(*names));
			names[0] = b;
		}
	}
	return names;
}

/*
 * A column for one design: src's series of that design with the design
 * blanked, so that the same case of two designs is one row.  The series
 * borrow src's samples and strings; src must outlive the column.
 */
static int design_run(const struct run *src, const char *design, struct run *col)
{
	*col = (struct run){
		.dir = strdup(src->dir), .label = strdup(design),
		.kernel_release = strdup(src->kernel_release), .status = strdup(src->status),
		.status_reason = strdup(src->status_reason), .name = strdup(design),
		.series = malloc((src->nr_series + 1) * sizeof(*col->series)),
	};
	if (!col->dir || !col->label || !col->kernel_release || !col->status ||
	    !col->status_reason || !col->name || !col->series)
		return -1;
	for (size_t i = 0; i < src->nr_series; i++) {
		if (strcmp(src->series[i].design, design))
			continue;
		col->series[col->nr_series] = src->series[i];
		col->series[col->nr_series++].design = "-";
	}
	return 0;
}

int runs_by_design(const struct run *src, const char *base, struct run **cols, size_t *nr,
		   char *err, size_t errlen)
{
	const char **names = design_names(src, base, nr);
	int ret = 0;

	*cols = names ? calloc(*nr + 1, sizeof(**cols)) : NULL;
	if (!*cols) {
		report_set_err(err, errlen, "out of memory");
		ret = -1;
	} else if (*nr < 2) {
		report_set_err(err, errlen, "%s holds %zu design%s: nothing to compare",
			       src->dir, *nr, *nr == 1 ? "" : "s");
		ret = -1;
	} else if (base && strcmp(names[0], base)) {
		report_set_err(err, errlen, "%s has no design '%s'", src->dir, base);
		ret = -1;
	}
	for (size_t i = 0; !ret && i < *nr; i++)
		if (design_run(src, names[i], &(*cols)[i]))
			ret = -1;
	if (ret && *cols) {
		runs_free(*cols, *nr);
		free(*cols);
		*cols = NULL;
	}
	free(names);
	return ret;
}
