// SPDX-License-Identifier: GPL-2.0
/* Reading a run directory's manifest back (the tables: core/tsv.h). */
#include "core/results.h"

#include <stdlib.h>
#include <string.h>

/* The manifest has no header line: it is read as rows of two fields. */
char *manifest_read_key(const char *run_dir, const char *key)
{
	char path[4096], err[256], *line = NULL, *value = NULL;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/manifest.tsv", run_dir);
	if (!(f = tsv_open_regular(path, err, sizeof(err))))
		return NULL;
	while (!value && getline(&line, &len, f) > 0) {
		size_t n;
		char **fields = tsv_split_line(line, &n);

		if (n == 2 && !strcmp(fields[0], key))
			value = strdup(fields[1]);
		tsv_fields_free(fields, n);
	}
	free(line);
	fclose(f);
	return value;
}
