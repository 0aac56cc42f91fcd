// SPDX-License-Identifier: GPL-2.0
/*
 * bench/hotpath/sweep.c - defaults, parameters and parsing of the hotpath
 * sweep (see sweep.h for the syntax).  Every key is a row of one table
 * and every list goes through one routine, parse_list().
 */
#include "hotpath/sweep.h"

#include "core/bench.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the keys ------------------------------------------------------------ */

const struct bench_param_desc hp_sweep_params[] = {
	{ "sizes", "memmap working sets: 4K,1M,64M or 4K..1G (doubling); quick 16K,256K,64M, "
		   "full 4K..1G" },
	{ "ops", "page_to_pfn,pfn_to_page,get_put,pin_unpin (default all)" },
	{ "orders", "seq,rand (default both)" },
	{ "pinned", "percent of pages pinned/proxied/dynamic: 0,1,50,100 (default)" },
	{ "places", "random,block: where the pinned pages lie (default both)" },
	{ "threads", "1,2 or 1..all or all, each bound to a CPU; quick 1, full 1..all" },
	{ "mem", "local,remote: memmap on the threads' node or another (default both)" },
	{ "reps", "samples per case (--reps wins; default the mode's)" },
	{ "pin_batch", "pages per pin_range() call (default 16: one 64 KiB I/O)" },
	{ "pin_limit", "skip pinned shares of more pages than this per case; quick 262144, "
		       "full 4194304" },
	{ "ram", "RAM sizes of the memory table: host,1T (default)" },
	{ "chase", "1/0: measure the pointer-chase latency curve (default 1)" },
	{ "lineup", "at most N designs interleaved case by case (default 0: all that fit in "
		    "half of MemAvailable; 1: one design after another)" },
	{ NULL, NULL },
};

/* What a key's value is: a list of sizes, RAM sizes, ... or one number. */
enum key_kind { K_SIZES, K_RAM, K_THREADS, K_PERCENT, K_NAMES, K_UINT, K_FLAG };

struct sweep_key {
	enum key_kind kind;
	bool ranges;			/* lists: A..B doubles from A to B */
	size_t field, count;		/* offsets in struct hp_sweep */
	const char *const *names;	/* K_NAMES: the values, in enum order */
	unsigned lo, hi;		/* numbers: the bounds; K_NAMES: hi names */
};

#define LIST(kind, ranges, f) { kind, ranges, offsetof(struct hp_sweep, f), \
				offsetof(struct hp_sweep, nr_##f), NULL, 0, 0 }
#define NAMES(f, names, nr) { K_NAMES, false, offsetof(struct hp_sweep, f), 0, names, 0, nr }
#define NUMBER(kind, f, lo, hi) { kind, false, offsetof(struct hp_sweep, f), 0, NULL, lo, hi }

/* Row i says how to read hp_sweep_params[i]. */
static const struct sweep_key keys[] = {
	LIST(K_SIZES, true, sizes),
	NAMES(ops, op_names, HP_NR_OPS),
	NAMES(orders, order_names, HP_NR_ORDERS),
	LIST(K_PERCENT, false, pinned),
	NAMES(places, place_names, HP_NR_PLACES),
	LIST(K_THREADS, true, threads),
	NAMES(mems, mem_names, HP_NR_MEMS),
	NUMBER(K_UINT, reps, 1, 100000),
	NUMBER(K_UINT, pin_batch, 1, 4096),
	NUMBER(K_UINT, pin_limit, 1, 1u << 31),
	LIST(K_RAM, false, ram),
	NUMBER(K_FLAG, chase, 0, 1),
	NUMBER(K_UINT, lineup, 0, 1000),
};
_Static_assert(sizeof(keys) / sizeof(keys[0]) + 1 ==
	       sizeof(hp_sweep_params) / sizeof(hp_sweep_params[0]),
	       "one row of keys[] per parameter");

/* ---- the parser ---------------------------------------------------------- */

struct parse_state {
	struct hp_sweep *s;
	const char *key;
	const struct sweep_key *k;
	int nr_cpus;
	uint64_t host_ram;
	char *err;
	size_t errlen;
};

/* One element of a value: a count, bytes or index (u) or a percentage. */
union point {
	uint64_t u;
	double pct;
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

static int read_size(struct parse_state *ps, const char *text, union point *v)
{
	if (!bytes_parse(text, &v->u) || v->u < HP_PAGE_STRUCT_BYTES ||
	    v->u % HP_PAGE_STRUCT_BYTES)
		return fail(ps, "%s: '%s' is not a size in whole 64-byte page structs (e.g. 4K, 1G)",
			    ps->key, text);
	/* A memmap larger than the machine fails mid-run ("cannot map"): now. */
	if (ps->host_ram && v->u > ps->host_ram)
		return fail(ps, "%s: '%s' does not fit in this machine's %llu MiB of memory",
			    ps->key, text, (unsigned long long)(ps->host_ram / BYTES_MIB));
	return 0;
}

static int read_ram(struct parse_state *ps, const char *text, union point *v)
{
	if (!strcmp(text, "host")) {
		v->u = ps->host_ram;
		return 0;
	}
	if (!bytes_parse(text, &v->u) || v->u < BYTES_MIB || v->u % 4096)
		return fail(ps, "%s: '%s' is not a RAM size of at least 1M in 4 KiB pages (or 'host')",
			    ps->key, text);
	return 0;
}

static int read_threads(struct parse_state *ps, const char *text, union point *v)
{
	char *end;

	if (!strcmp(text, "all")) {
		v->u = (uint64_t)ps->nr_cpus;
		return 0;
	}
	errno = 0;
	v->u = strtoull(text, &end, 10);
	if (errno || end == text || *end || v->u < 1 || v->u > (uint64_t)ps->nr_cpus)
		return fail(ps, "%s: '%s' is not a thread count from 1 to %d (or 'all')",
			    ps->key, text, ps->nr_cpus);
	return 0;
}

static int read_percent(struct parse_state *ps, const char *text, union point *v)
{
	char *end;

	errno = 0;
	v->pct = strtod(text, &end);
	if (errno || end == text || *end || !(v->pct >= 0 && v->pct <= 100))
		return fail(ps, "%s: '%s' is not a percentage from 0 to 100", ps->key, text);
	return 0;
}

static int read_name(struct parse_state *ps, const char *text, union point *v)
{
	for (v->u = 0; v->u < ps->k->hi; v->u++)
		if (!strcmp(text, ps->k->names[v->u]))
			return 0;
	return fail(ps, "%s: unknown value '%s'", ps->key, text);
}

static int read_uint(struct parse_state *ps, const char *text, union point *v)
{
	unsigned lo = ps->k->lo, hi = ps->k->hi;
	char *end;

	errno = 0;
	v->u = strtoul(text, &end, 10);
	if (errno || end == text || *end || *text == '-' || v->u < lo || v->u > hi)
		return fail(ps, "%s: '%s' is not a whole number from %u to %u", ps->key, text,
			    lo, hi);
	return 0;
}

static int read_point(struct parse_state *ps, const char *text, union point *v)
{
	static int (*const readers[])(struct parse_state *, const char *, union point *) = {
		[K_SIZES] = read_size, [K_RAM] = read_ram, [K_THREADS] = read_threads,
		[K_PERCENT] = read_percent, [K_NAMES] = read_name, [K_UINT] = read_uint,
		[K_FLAG] = read_uint,
	};

	return readers[ps->k->kind](ps, text, v);
}

/* Element n of a list; a set of names takes its member instead. */
static int store_point(struct parse_state *ps, size_t *n, union point v)
{
	char *field = (char *)ps->s + ps->k->field;

	if (ps->k->kind == K_NAMES) {
		((bool *)field)[v.u] = true;
	} else if (*n >= HP_MAX_POINTS) {
		return fail(ps, "%s: more than %d points", ps->key, HP_MAX_POINTS);
	} else if (ps->k->kind == K_PERCENT) {
		((double *)field)[*n] = v.pct;
	} else if (ps->k->kind == K_THREADS) {
		((int *)field)[*n] = (int)v.u;
	} else {
		((uint64_t *)field)[*n] = v.u;
	}
	(*n)++;
	return 0;
}

/* "A..B": A, 2A, 4A, ... below B, then B. */
static int store_range(struct parse_state *ps, const char *item, size_t *n)
{
	char lo_text[64];
	const char *dots = strstr(item, "..");
	union point lo, hi;
	size_t len = (size_t)(dots - item);

	if (len >= sizeof(lo_text))
		return fail(ps, "%s: '%s' is too long", ps->key, item);
	memcpy(lo_text, item, len);
	lo_text[len] = '\0';
	if (read_point(ps, lo_text, &lo) || read_point(ps, dots + 2, &hi))
		return -1;
	if (lo.u > hi.u)
		return fail(ps, "%s: range '%s' runs backwards", ps->key, item);
	for (union point v = lo; v.u < hi.u; v.u *= 2)
		if (store_point(ps, n, v))
			return -1;
	return store_point(ps, n, hi);
}

/* A comma list of elements (and A..B ranges where the key has them). */
static int parse_list(struct parse_state *ps, char *value)
{
	char *save = NULL;
	size_t n = 0;

	/* strtok_r would skip an empty element: "16K,," is a typo, not 16K. */
	if (*value == ',' || strstr(value, ",,") || (*value && value[strlen(value) - 1] == ','))
		return fail(ps, "%s: empty element in '%s'", ps->key, value);
	if (ps->k->kind == K_NAMES)
		memset((char *)ps->s + ps->k->field, 0, ps->k->hi * sizeof(bool));
	for (char *item = strtok_r(value, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		union point v;

		if (ps->k->ranges && strstr(item, "..")) {
			if (store_range(ps, item, &n))
				return -1;
		} else if (read_point(ps, item, &v) || store_point(ps, &n, v)) {
			return -1;
		}
	}
	if (ps->k->kind != K_NAMES)
		*(size_t *)((char *)ps->s + ps->k->count) = n;
	return n ? 0 : fail(ps, "%s: empty list", ps->key);
}

/* One number: a whole number or a flag. */
static int parse_number(struct parse_state *ps, const char *value)
{
	char *field = (char *)ps->s + ps->k->field;
	union point v;

	if (read_point(ps, value, &v))
		return -1;
	if (ps->k->kind == K_FLAG)
		*(bool *)field = v.u;
	else
		*(unsigned *)field = (unsigned)v.u;
	return 0;
}

static const struct sweep_key *find_key(const char *name)
{
	for (size_t i = 0; hp_sweep_params[i].name; i++)
		if (!strcmp(name, hp_sweep_params[i].name))
			return &keys[i];
	return NULL;
}

static int unknown_key(struct parse_state *ps)
{
	char names[256] = "";
	size_t used = 0;

	for (const struct bench_param_desc *p = hp_sweep_params; p->name && used < sizeof(names);
	     p++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 used ? ", " : "", p->name);
	return fail(ps, "unknown key '%s' (%s)", ps->key, names);
}

int hp_sweep_set(struct hp_sweep *s, const char *key, const char *value, int nr_cpus,
		 uint64_t host_ram, char *err, size_t errlen)
{
	struct parse_state ps = { s, key, find_key(key), nr_cpus < 1 ? 1 : nr_cpus, host_ram,
				  err, errlen };
	char *copy;
	int rc;

	if (!ps.k)
		return unknown_key(&ps);
	copy = strdup(value);
	if (!copy)
		return fail(&ps, "out of memory");
	rc = ps.k->kind >= K_UINT ? parse_number(&ps, copy) : parse_list(&ps, copy);
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

static void put_list(struct outbuf *o, const struct hp_sweep *s, const struct sweep_key *k)
{
	const char *field = (const char *)s + k->field;
	size_t n = k->kind == K_NAMES ? k->hi : *(const size_t *)((const char *)s + k->count);
	bool first = true;
	char one[32];

	for (size_t i = 0; i < n; i++) {
		if (k->kind == K_NAMES && !((const bool *)field)[i])
			continue;
		if (k->kind == K_NAMES)
			snprintf(one, sizeof(one), "%s", k->names[i]);
		else if (k->kind == K_PERCENT)
			snprintf(one, sizeof(one), "%.17g", ((const double *)field)[i]);
		else if (k->kind == K_THREADS)
			snprintf(one, sizeof(one), "%d", ((const int *)field)[i]);
		else
			bytes_format(((const uint64_t *)field)[i], one, sizeof(one));
		put(o, "%s%s", first ? "" : ",", one);
		first = false;
	}
}

static unsigned number_of(const struct hp_sweep *s, const struct sweep_key *k)
{
	const char *field = (const char *)s + k->field;

	return k->kind == K_FLAG ? *(const bool *)field : *(const unsigned *)field;
}

void hp_sweep_describe(const struct hp_sweep *s, char *out, size_t outlen)
{
	/* The order the manifests' sweep notes have always had. */
	static const char *const order[] = {
		"sizes", "ops", "orders", "pinned", "places", "threads", "mem", "reps",
		"pin_batch", "pin_limit", "chase", "lineup", "ram",
	};
	struct outbuf o = { out, outlen, 0 };

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct sweep_key *k = find_key(order[i]);

		/* A number below its bounds is unset: reps 0 is the mode's. */
		if (k->kind >= K_UINT && number_of(s, k) < k->lo)
			continue;
		put(&o, "%s%s=", o.used ? ";" : "", order[i]);
		if (k->kind >= K_UINT)
			put(&o, "%u", number_of(s, k));
		else
			put_list(&o, s, k);
	}
}
