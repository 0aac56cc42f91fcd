// SPDX-License-Identifier: GPL-2.0
/*
 * bench/cmodel/placement_read.c - the pins of a kcontig run, read from its
 * kcontig-pins.tsv (bench/kcontig/pins.c writes it) and checked whole
 * before anything runs: one group per case and rep, each with its
 * region's number of full pageblocks and its pins' pages among them.
 */
#include "cmodel/internal.h"
#include "core/bench.h"
#include "core/tsv.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PB_PAGES (1ul << MODEL_PAGEBLOCK_ORDER)
/* kcontig's region_mib reaches 65536: 32768 pageblocks of 2 MiB. */
#define MAX_REGION_BLOCKS 32768
/* A pin outside the region's full pageblocks: it spoils none of them. */
#define OUTSIDE ULONG_MAX

/*
 * The parameters whose values the file decides (the zone's size, the pins
 * and their buffers) or contradicts (THP buffers, a movable zone).
 */
static const char *const decided_by_file[] = {
	"zone_mib", "qd", "pins_per_io", "fixed_bufs", "fixed_buf_pages", "ring_pages",
	"thp", "zone", NULL,
};

/* The columns placement needs, in the order of enum column. */
static const char *const needed[] = { "case", "page_in_block", "region_block", "region_blocks" };
enum column { COL_CASE, COL_PAGE, COL_BLOCK, COL_BLOCKS, NR_COLS };

struct reader {
	const char *path;
	struct cm_placement *pl;
	int col[NR_COLS];
	size_t line;			/* of the row in hand, 1 the header */
	size_t *row_group;		/* each row's group */
	unsigned long *row_page;	/* each row's page in its zone, or OUTSIDE */
	char *err;
	size_t errlen;
};

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "pin=longterm|odirect,...,rep=R": the case without ",rep=R", R, the role. */
static bool parse_case(const char *s, struct cm_place_group *g)
{
	const char *r = strstr(s, ",rep=");
	size_t len = r ? (size_t)(r - s) : 0;
	long rep;

	if (!r || strchr(r + 1, ',') || len >= sizeof(g->case_) ||
	    !parse_long(r + 5, 0, INT_MAX, &rep))
		return false;
	memcpy(g->case_, s, len);
	g->case_[len] = 0;
	g->rep = (unsigned)rep;
	if (!strncmp(s, "pin=longterm", 12) && (s[12] == ',' || s + 12 == r))
		g->role = CM_ROLE_FIXED;
	else if (!strncmp(s, "pin=odirect", 11) && (s[11] == ',' || s + 11 == r))
		g->role = CM_ROLE_SHORT;
	else
		return false;
	return true;
}

static int fail_line(struct reader *rd, const char *what, const char *value)
{
	snprintf(rd->err, rd->errlen, "%s:%zu: %s '%s'", rd->path, rd->line, what, value);
	return -1;
}

/* The group of a case and rep, a new one if the file has not had it yet. */
static struct cm_place_group *group_of(struct reader *rd, const struct cm_place_group *key)
{
	struct cm_placement *pl = rd->pl;
	struct cm_place_group *g;

	for (size_t i = 0; i < pl->nr_groups; i++)
		if (pl->group[i].rep == key->rep && !strcmp(pl->group[i].case_, key->case_))
			return &pl->group[i];
	g = realloc(pl->group, (pl->nr_groups + 1) * sizeof(*g));
	if (!g)
		return NULL;
	pl->group = g;
	g += pl->nr_groups++;
	*g = *key;
	return g;
}

/* One pin line: its group, and its page if it lies among the region's blocks. */
static int read_row(struct reader *rd, char **f, size_t r)
{
	struct cm_place_group key = { .page = NULL }, *g;
	long page, block, blocks;

	if (!parse_case(f[rd->col[COL_CASE]], &key))
		return fail_line(rd, "want case pin=longterm|odirect,...,rep=R, not", f[rd->col[COL_CASE]]);
	if (!parse_long(f[rd->col[COL_PAGE]], 0, (long)PB_PAGES - 1, &page))
		return fail_line(rd, "want page_in_block 0..511, not", f[rd->col[COL_PAGE]]);
	if (!parse_long(f[rd->col[COL_BLOCKS]], 1, MAX_REGION_BLOCKS, &blocks))
		return fail_line(rd, "want region_blocks 1..32768, not", f[rd->col[COL_BLOCKS]]);
	if (!parse_long(f[rd->col[COL_BLOCK]], -1, blocks - 1, &block))
		return fail_line(rd, "want region_block -1 or below region_blocks, not",
				 f[rd->col[COL_BLOCK]]);
	key.region_blocks = (unsigned long)blocks;
	g = group_of(rd, &key);
	if (!g) {
		snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
		return -1;
	}
	if (g->region_blocks != key.region_blocks)
		return fail_line(rd, "region_blocks differs from the earlier lines of its case and rep:",
				 f[rd->col[COL_BLOCKS]]);
	rd->row_group[r] = (size_t)(g - rd->pl->group);
	rd->row_page[r] = block < 0 ? OUTSIDE : (unsigned long)block * PB_PAGES + (unsigned long)page;
	g->nr_pins += block >= 0;
	return 0;
}

/* Each group's pins in one array, a slice per group (counted by read_row). */
static int share_out_pages(struct reader *rd, size_t nr_rows)
{
	struct cm_placement *pl = rd->pl;
	size_t off = 0;

	pl->pages = calloc(nr_rows, sizeof(*pl->pages));
	if (!pl->pages) {
		snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
		return -1;
	}
	for (size_t i = 0; i < pl->nr_groups; i++) {
		pl->group[i].page = pl->pages + off;
		off += pl->group[i].nr_pins;
		pl->group[i].nr_pins = 0;
	}
	for (size_t r = 0; r < nr_rows; r++) {
		struct cm_place_group *g = &pl->group[rd->row_group[r]];

		if (rd->row_page[r] != OUTSIDE)
			g->page[g->nr_pins++] = rd->row_page[r];
	}
	return 0;
}

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

/* Pins in page order; a page pinned twice is an error; distinct blocks counted. */
static int finish_group(struct reader *rd, struct cm_place_group *g)
{
	qsort(g->page, g->nr_pins, sizeof(*g->page), cmp_ulong);
	g->pinned_blocks = 0;
	for (size_t i = 0; i < g->nr_pins; i++) {
		if (i && g->page[i] == g->page[i - 1]) {
			snprintf(rd->err, rd->errlen, "%s: case %s,rep=%u pins page %lu of block %lu twice",
				 rd->path, g->case_, g->rep, g->page[i] % PB_PAGES, g->page[i] / PB_PAGES);
			return -1;
		}
		if (!i || g->page[i] / PB_PAGES != g->page[i - 1] / PB_PAGES)
			g->pinned_blocks++;
	}
	return 0;
}

static int find_columns(struct reader *rd, const struct tsv_table *t)
{
	for (int c = 0; c < NR_COLS; c++) {
		rd->col[c] = tsv_column(t, needed[c]);
		if (rd->col[c] < 0) {
			snprintf(rd->err, rd->errlen, "%s: no column '%s' (want a kcontig-pins.tsv "
				 "with columns case, page_in_block, region_block, region_blocks)",
				 rd->path, needed[c]);
			return -1;
		}
	}
	return 0;
}

static int read_rows(struct reader *rd, const struct tsv_table *t)
{
	for (size_t r = 0; r < t->nr_rows; r++) {
		rd->line = r + 2;
		if (read_row(rd, t->rows[r], r))
			return -1;
	}
	if (share_out_pages(rd, t->nr_rows))
		return -1;
	for (size_t i = 0; i < rd->pl->nr_groups; i++)
		if (finish_group(rd, &rd->pl->group[i]))
			return -1;
	rd->pl->lines = t->nr_rows;
	return 0;
}

static int read_table(struct reader *rd, const struct tsv_table *t)
{
	int rc;

	if (find_columns(rd, t))
		return -1;
	if (!t->nr_rows) {
		snprintf(rd->err, rd->errlen, "%s: no pinned pages in it", rd->path);
		return -1;
	}
	rd->row_group = calloc(t->nr_rows, sizeof(*rd->row_group));
	rd->row_page = calloc(t->nr_rows, sizeof(*rd->row_page));
	if (rd->row_group && rd->row_page) {
		rc = read_rows(rd, t);
	} else {
		snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
		rc = -1;
	}
	free(rd->row_group);
	free(rd->row_page);
	return rc;
}

static int refuse_decided(const struct bench_ctx *ctx, char *err, size_t errlen)
{
	for (size_t i = 0; decided_by_file[i]; i++)
		if (bench_param(ctx, decided_by_file[i])) {
			snprintf(err, errlen, "--param cmodel.%s: the placement file decides it "
				 "(drop it, or drop cmodel.placement)", decided_by_file[i]);
			return -1;
		}
	return 0;
}

int cm_placement_load(const struct bench_ctx *ctx, const char *path, struct cm_placement *pl,
		      char *err, size_t errlen)
{
	struct reader rd = { .path = path, .pl = pl, .err = err, .errlen = errlen };
	struct tsv_table t;
	struct stat st;
	int rc;

	memset(pl, 0, sizeof(*pl));
	pl->path = path;
	if (refuse_decided(ctx, err, errlen))
		return -1;
	if (tsv_read(path, &t, err, errlen))
		return -1;
	rc = read_table(&rd, &t);
	tsv_free(&t);
	pl->bytes = stat(path, &st) ? -1 : (long long)st.st_size;
	if (rc)
		cm_placement_free(pl);
	return rc;
}

void cm_placement_free(struct cm_placement *pl)
{
	free(pl->pages);
	free(pl->group);
	memset(pl, 0, sizeof(*pl));
}
