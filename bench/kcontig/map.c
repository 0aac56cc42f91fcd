// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig map: a zone drawn one character per 2 MiB pageblock, 64 to a
 * line (128 MiB, one density group), led by the line's first pfn: 78
 * columns.  The PNG is the same grid coloured by class, through gnuplot.
 */
#include "kcontig/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MAP_COLS 64

static void legend(FILE *f, const struct kc_zone_map *m)
{
	fprintf(f, "# legend:\n");
	for (int c = 0; c < KC_NR_CLASSES; c++)
		fprintf(f, "#   %c %-10s %8zu blocks\n", kc_class_char(c), kc_class_name(c),
			m->count[c]);
}

void kc_map_write(FILE *f, const struct kc_zone_map *m, const char *title)
{
	fprintf(f, "# %s\n# node %d %s: %zu pageblocks (2 MiB) from pfn 0x%llx, %d a line\n",
		title, m->node, m->zone, m->nr_blocks,
		(unsigned long long)(m->start_block * KC_BLOCK_PAGES), MAP_COLS);
	legend(f, m);
	for (size_t i = 0; i < m->nr_blocks; i += MAP_COLS) {
		fprintf(f, "%12llx  ", (unsigned long long)((m->start_block + i) * KC_BLOCK_PAGES));
		for (size_t j = i; j < m->nr_blocks && j < i + MAP_COLS; j++)
			fputc(kc_class_char(m->cls[j]), f);
		fputc('\n', f);
	}
}

/* The classes as a matrix gnuplot reads (one row per map line). */
static int write_matrix(const struct kc_zone_map *m, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < m->nr_blocks; i += MAP_COLS) {
		for (size_t j = i; j < i + MAP_COLS; j++)
			fprintf(f, "%d ", j < m->nr_blocks ? m->cls[j] : KC_NR_CLASSES);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

static void gnuplot_script(FILE *g, const struct kc_zone_map *m, const char *title,
			   const char *png, const char *data)
{
	size_t rows = (m->nr_blocks + MAP_COLS - 1) / MAP_COLS;

	fprintf(g, "set terminal pngcairo size 900,%zu\nset output '%s'\n",
		200 + rows * 6, png);
	fprintf(g, "set title \"%s (node %d, %s)\" noenhanced\n", title, m->node, m->zone);
	fprintf(g, "set yrange [] reverse\nunset xtics\nunset ytics\nset size ratio -1\n");
	/* One colour per class in enum order, then past the zone's end. */
	fprintf(g, "set palette maxcolors 8\nset palette defined (0 '#c8e6c9', 1 '#7fb0e0', "
		"2 '#d62728', 3 '#404040', 4 '#2ca02c', 5 '#ff7f0e', 6 '#f4f4f4', 7 '#ffffff')\n");
	fprintf(g, "set cbrange [-0.5:7.5]\nset cbtics ('free' 0, 'movable' 1, 'pinned' 2, "
		"'unmovable' 3, 'hugetlb' 4, 'other' 5, 'unlisted' 6)\n");
	fprintf(g, "plot '%s' matrix with image notitle\n", data);
}

int kc_map_png(const struct kc_zone_map *m, const char *title, const char *png)
{
	char data[4200];
	FILE *g;
	int rc;

	if (access("/usr/bin/gnuplot", X_OK) || !m->nr_blocks)
		return -1;
	snprintf(data, sizeof(data), "%s.dat", png);
	if (write_matrix(m, data))
		return -1;
	g = popen("gnuplot 2>/dev/null", "w");
	if (!g) {
		unlink(data);
		return -1;
	}
	gnuplot_script(g, m, title, png, data);
	rc = pclose(g);
	unlink(data);
	return rc == 0 ? 0 : -1;
}
