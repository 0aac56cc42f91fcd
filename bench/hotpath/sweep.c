// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/sweep.c - defaults and parsing of the hotpath sweep
 * (see hotpath_sweep.h for the syntax).
 */
#include "hotpath/sweep.h"

#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const op_names[HP_NR_OPS] = {
	"page_to_pfn", "pfn_to_page", "get_put", "pin_unpin",
};
static const char *const order_names[HP_NR_ORDERS] = { "seq", "rand" };
static const char *const place_names[HP_NR_PLACES] = { "random", "block" };
static const char *const mem_names[HP_NR_MEMS] = { "local", "remote" };

const char *hp_op_name(enum hp_op op) { return op_names[op]; }
const char *hp_order_name(enum hp_order order) { return order_names[order]; }
const char *hp_place_name(enum hp_place place) { return place_names[place]; }
const char *hp_mem_name(enum hp_mem mem) { return mem_names[mem]; }

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define TIB (1024ull * GIB)

static void set_all(bool *set, size_t n, bool on)
{
	for (size_t i = 0; i < n; i++)
		set[i] = on;
}

/* n thread counts 1, 2, 4, ... below nr_cpus, then nr_cpus itself. */
static size_t doubling_threads(int *out, int nr_cpus)
{
	size_t n = 0;

	for (int t = 1; t < nr_cpus && n < HP_MAX_POINTS - 1; t *= 2)
		out[n++] = t;
	out[n++] = nr_cpus;
	return n;
}

void hp_sweep_default(struct hp_sweep *s, bool full, int nr_cpus, uint64_t host_ram)
{
	/* quick: L1, L2 and DRAM sized memmaps; full: every power of two. */
	static const uint64_t quick_sizes[] = { 16 * KIB, 256 * KIB, 64 * MIB };
	/*
	 * Pinning a share of a DRAM-sized memmap is set-up work that grows
	 * with the pins (pinhash walks chains of pins/4096): quick keeps to 1 GiB
	 * of pinned pages, full to 16 GiB.
	 */
	unsigned pin_limit = full ? 4u << 20 : 256u << 10;
	static const double pinned[] = { 0, 1, 50, 100 };

	memset(s, 0, sizeof(*s));
	if (full) {
		for (uint64_t b = 4 * KIB; b <= GIB; b *= 2)
			s->sizes[s->nr_sizes++] = b;
		s->nr_threads = doubling_threads(s->threads, nr_cpus < 1 ? 1 : nr_cpus);
	} else {
		memcpy(s->sizes, quick_sizes, sizeof(quick_sizes));
		s->nr_sizes = sizeof(quick_sizes) / sizeof(quick_sizes[0]);
		s->threads[s->nr_threads++] = 1;
	}
	memcpy(s->pinned, pinned, sizeof(pinned));
	s->nr_pinned = sizeof(pinned) / sizeof(pinned[0]);
	set_all(s->ops, HP_NR_OPS, true);
	set_all(s->orders, HP_NR_ORDERS, true);
	set_all(s->places, HP_NR_PLACES, true);
	set_all(s->mems, HP_NR_MEMS, true);
	s->ram[s->nr_ram++] = host_ram;
	s->ram[s->nr_ram++] = TIB;
	s->pin_batch = 16;	/* one 64 KiB O_DIRECT I/O */
	s->pin_limit = pin_limit;
	s->chase = true;
}

uint64_t hp_pinned_pages(uint64_t size, double pct)
{
	return (uint64_t)llround((double)(size / HP_PAGE_STRUCT_BYTES) * pct / 100.0);
}

bool hp_parse_bytes(const char *text, uint64_t *bytes)
{
	static const struct { const char *suffix; uint64_t mult; } units[] = {
		{ "", 1 }, { "B", 1 },
		{ "K", KIB }, { "KiB", KIB }, { "M", MIB }, { "MiB", MIB },
		{ "G", GIB }, { "GiB", GIB }, { "T", TIB }, { "TiB", TIB },
	};
	char *end;
	unsigned long long v;

	if (!text || *text < '0' || *text > '9')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno)
		return false;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcasecmp(end, units[i].suffix))
			continue;
		if (v > UINT64_MAX / units[i].mult)
			return false;
		*bytes = v * units[i].mult;
		return true;
	}
	return false;
}

void hp_format_bytes(uint64_t bytes, char *out, size_t outlen)
{
	/* K/M/G/T: what hp_parse_bytes() and `pinbench plot` read back. */
	static const char *const names[] = { "", "K", "M", "G", "T" };
	size_t u = 0;

	while (u + 1 < sizeof(names) / sizeof(names[0]) && bytes && bytes % 1024 == 0) {
		bytes /= 1024;
		u++;
	}
	snprintf(out, outlen, "%" PRIu64 "%s", bytes, names[u]);
}

/* ---- the parser ---------------------------------------------------------- */

struct parse_state {
	struct hp_sweep *s;
	int nr_cpus;
	uint64_t host_ram;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parse_state *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One element of a numeric list; returns false with err set. */
typedef bool (*elem_fn)(struct parse_state *ps, const char *key, const char *text,
			uint64_t *v);

static bool elem_size(struct parse_state *ps, const char *key, const char *text, uint64_t *v)
{
	if (!hp_parse_bytes(text, v) || *v < HP_PAGE_STRUCT_BYTES || *v % HP_PAGE_STRUCT_BYTES) {
		fail(ps, "%s: '%s' is not a size in whole 64-byte page structs (e.g. 4K, 1G)",
		     key, text);
		return false;
	}
	return true;
}

static bool elem_threads(struct parse_state *ps, const char *key, const char *text, uint64_t *v)
{
	char *end;

	if (!strcmp(text, "all")) {
		*v = (uint64_t)ps->nr_cpus;
		return true;
	}
	errno = 0;
	*v = strtoull(text, &end, 10);
	if (errno || end == text || *end || *v < 1 || *v > (uint64_t)ps->nr_cpus) {
		fail(ps, "%s: '%s' is not a thread count from 1 to %d (or 'all')",
		     key, text, ps->nr_cpus);
		return false;
	}
	return true;
}

static bool elem_ram(struct parse_state *ps, const char *key, const char *text, uint64_t *v)
{
	if (!strcmp(text, "host")) {
		*v = ps->host_ram;
		return true;
	}
	if (!hp_parse_bytes(text, v) || *v < MIB || *v % 4096) {
		fail(ps, "%s: '%s' is not a RAM size of at least 1M in 4 KiB pages (or 'host')",
		     key, text);
		return false;
	}
	return true;
}

static bool push(struct parse_state *ps, const char *key, uint64_t *out, size_t *n, uint64_t v)
{
	if (*n >= HP_MAX_POINTS) {
		fail(ps, "%s: more than %d points", key, HP_MAX_POINTS);
		return false;
	}
	out[(*n)++] = v;
	return true;
}

/* "A..B": A, 2A, 4A, ... below B, then B. */
static bool expand_range(struct parse_state *ps, const char *key, const char *item,
			 elem_fn elem, uint64_t *out, size_t *n)
{
	char lo_text[64];
	const char *dots = strstr(item, "..");
	uint64_t lo, hi;
	size_t len = (size_t)(dots - item);

	if (len >= sizeof(lo_text)) {
		fail(ps, "%s: '%s' is too long", key, item);
		return false;
	}
	memcpy(lo_text, item, len);
	lo_text[len] = '\0';
	if (!elem(ps, key, lo_text, &lo) || !elem(ps, key, dots + 2, &hi))
		return false;
	if (lo > hi) {
		fail(ps, "%s: range '%s' runs backwards", key, item);
		return false;
	}
	for (uint64_t v = lo; v < hi; v *= 2)
		if (!push(ps, key, out, n, v))
			return false;
	return push(ps, key, out, n, hi);
}

/* A comma list of elements and A..B ranges into out[]. */
static int parse_numbers(struct parse_state *ps, const char *key, char *value,
			 elem_fn elem, bool ranges, uint64_t *out, size_t *n)
{
	char *save = NULL;

	*n = 0;
	for (char *item = strtok_r(value, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (ranges && strstr(item, "..")) {
			if (!expand_range(ps, key, item, elem, out, n))
				return -1;
		} else if (!elem(ps, key, item, &v) || !push(ps, key, out, n, v)) {
			return -1;
		}
	}
	return *n ? 0 : fail(ps, "%s: empty list", key);
}

/* A comma list of names from names[0..nr) into the set (others off). */
static int parse_names(struct parse_state *ps, const char *key, char *value,
		       const char *const *names, size_t nr, bool *set)
{
	char *save = NULL;
	size_t count = 0;

	set_all(set, nr, false);
	for (char *item = strtok_r(value, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		size_t i = 0;

		while (i < nr && strcmp(item, names[i]))
			i++;
		if (i == nr)
			return fail(ps, "%s: unknown value '%s'", key, item);
		set[i] = true;
		count++;
	}
	return count ? 0 : fail(ps, "%s: empty list", key);
}

static int parse_percent_list(struct parse_state *ps, const char *key, char *value)
{
	char *save = NULL;
	struct hp_sweep *s = ps->s;

	s->nr_pinned = 0;
	for (char *item = strtok_r(value, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *end;
		double v;

		errno = 0;
		v = strtod(item, &end);
		if (errno || end == item || *end || !(v >= 0 && v <= 100))
			return fail(ps, "%s: '%s' is not a percentage from 0 to 100", key, item);
		if (s->nr_pinned >= HP_MAX_POINTS)
			return fail(ps, "%s: more than %d points", key, HP_MAX_POINTS);
		s->pinned[s->nr_pinned++] = v;
	}
	return s->nr_pinned ? 0 : fail(ps, "%s: empty list", key);
}

static int parse_uint(struct parse_state *ps, const char *key, const char *value,
		      unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno || end == value || *end || *value == '-' || v < lo || v > hi)
		return fail(ps, "%s: '%s' is not a whole number from %u to %u", key, value, lo, hi);
	*out = (unsigned)v;
	return 0;
}

static int parse_thread_list(struct parse_state *ps, const char *key, char *value)
{
	uint64_t v[HP_MAX_POINTS];
	size_t n;

	if (parse_numbers(ps, key, value, elem_threads, true, v, &n))
		return -1;
	for (size_t i = 0; i < n; i++)
		ps->s->threads[i] = (int)v[i];
	ps->s->nr_threads = n;
	return 0;
}

static int parse_item(struct parse_state *ps, const char *key, char *value)
{
	struct hp_sweep *s = ps->s;
	unsigned chase;

	if (!strcmp(key, "sizes"))
		return parse_numbers(ps, key, value, elem_size, true, s->sizes, &s->nr_sizes);
	if (!strcmp(key, "ram"))
		return parse_numbers(ps, key, value, elem_ram, false, s->ram, &s->nr_ram);
	if (!strcmp(key, "threads"))
		return parse_thread_list(ps, key, value);
	if (!strcmp(key, "pinned"))
		return parse_percent_list(ps, key, value);
	if (!strcmp(key, "ops"))
		return parse_names(ps, key, value, op_names, HP_NR_OPS, s->ops);
	if (!strcmp(key, "orders"))
		return parse_names(ps, key, value, order_names, HP_NR_ORDERS, s->orders);
	if (!strcmp(key, "places"))
		return parse_names(ps, key, value, place_names, HP_NR_PLACES, s->places);
	if (!strcmp(key, "mem"))
		return parse_names(ps, key, value, mem_names, HP_NR_MEMS, s->mems);
	if (!strcmp(key, "reps"))
		return parse_uint(ps, key, value, 1, 100000, &s->reps);
	if (!strcmp(key, "pin_batch"))
		return parse_uint(ps, key, value, 1, 4096, &s->pin_batch);
	if (!strcmp(key, "pin_limit"))
		return parse_uint(ps, key, value, 1, 1u << 31, &s->pin_limit);
	if (!strcmp(key, "lineup"))
		return parse_uint(ps, key, value, 0, 1000, &s->lineup);
	if (!strcmp(key, "chase")) {
		if (parse_uint(ps, key, value, 0, 1, &chase))
			return -1;
		s->chase = chase;
		return 0;
	}
	return fail(ps, "unknown key '%s' (sizes, ops, orders, pinned, places, threads, "
		    "mem, reps, pin_batch, pin_limit, ram, chase, lineup)", key);
}

int hp_sweep_set(struct hp_sweep *s, const char *key, const char *value, int nr_cpus,
		 uint64_t host_ram, char *err, size_t errlen)
{
	struct parse_state ps = { s, nr_cpus < 1 ? 1 : nr_cpus, host_ram, err, errlen };
	char *copy = strdup(value);
	int rc;

	if (!copy)
		return fail(&ps, "out of memory");
	rc = parse_item(&ps, key, copy);
	free(copy);
	return rc;
}

int hp_sweep_parse(struct hp_sweep *s, const char *spec, int nr_cpus,
		   uint64_t host_ram, char *err, size_t errlen)
{
	struct parse_state ps = { s, nr_cpus < 1 ? 1 : nr_cpus, host_ram, err, errlen };
	char *copy, *save = NULL;
	int rc = 0;

	if (!spec)
		return 0;
	copy = strdup(spec);
	if (!copy)
		return fail(&ps, "out of memory");
	for (char *item = strtok_r(copy, "; \t\n", &save); item && !rc;
	     item = strtok_r(NULL, "; \t\n", &save)) {
		char *eq = strchr(item, '=');

		if (!eq) {
			rc = fail(&ps, "'%s' is not key=value", item);
			break;
		}
		*eq = '\0';
		rc = parse_item(&ps, item, eq + 1);
	}
	free(copy);
	return rc;
}

/* ---- describing a sweep -------------------------------------------------- */

struct outbuf {
	char *p;
	size_t len, used;
};

__attribute__((format(printf, 2, 3)))
static void put(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->p + o->used, o->used < o->len ? o->len - o->used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->used += (size_t)n;
}

static void put_bytes(struct outbuf *o, const char *key, const uint64_t *v, size_t n)
{
	char one[32];

	put(o, "%s%s=", o->used ? ";" : "", key);
	for (size_t i = 0; i < n; i++) {
		hp_format_bytes(v[i], one, sizeof(one));
		put(o, "%s%s", i ? "," : "", one);
	}
}

static void put_names(struct outbuf *o, const char *key, const char *const *names,
		      const bool *set, size_t nr)
{
	bool first = true;

	put(o, ";%s=", key);
	for (size_t i = 0; i < nr; i++) {
		if (!set[i])
			continue;
		put(o, "%s%s", first ? "" : ",", names[i]);
		first = false;
	}
}

void hp_sweep_describe(const struct hp_sweep *s, char *out, size_t outlen)
{
	struct outbuf o = { out, outlen, 0 };

	out[0] = '\0';
	put_bytes(&o, "sizes", s->sizes, s->nr_sizes);
	put_names(&o, "ops", op_names, s->ops, HP_NR_OPS);
	put_names(&o, "orders", order_names, s->orders, HP_NR_ORDERS);
	put(&o, ";pinned=");
	for (size_t i = 0; i < s->nr_pinned; i++)
		put(&o, "%s%.17g", i ? "," : "", s->pinned[i]);
	put_names(&o, "places", place_names, s->places, HP_NR_PLACES);
	put(&o, ";threads=");
	for (size_t i = 0; i < s->nr_threads; i++)
		put(&o, "%s%d", i ? "," : "", s->threads[i]);
	put_names(&o, "mem", mem_names, s->mems, HP_NR_MEMS);
	if (s->reps)
		put(&o, ";reps=%u", s->reps);
	put(&o, ";pin_batch=%u;pin_limit=%u;chase=%d;lineup=%u", s->pin_batch, s->pin_limit,
	    s->chase, s->lineup);
	put_bytes(&o, "ram", s->ram, s->nr_ram);
}
