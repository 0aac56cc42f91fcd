// SPDX-License-Identifier: GPL-2.0
/* workloads/ktrace.c - compaction tracepoints via a private tracefs instance. */
#include "workloads/ktrace.h"
#include "workloads/state.h"

#include "core/bench.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <tracefs.h>
#include <unistd.h>

struct ktrace {
	struct tracefs_instance *inst;
	struct tep_handle *tep;
	char name[64];
	char mounted_at[256];	/* non-empty: we mounted tracefs here */
	int mount_state;	/* state_note handle of that mount, or -errno */
	int hook;
	int state;	/* state_note handle of the instance, or -errno */
};

static const struct {
	const char *system, *event;
} events[] = {
	{ "compaction", "mm_compaction_begin" },
	{ "compaction", "mm_compaction_end" },
	{ "migrate", "mm_migrate_pages" },
	{ "compaction", "mm_compaction_isolate_migratepages" },
};
#define NR_EVENTS (sizeof(events) / sizeof(events[0]))

static void teardown(struct ktrace *t)
{
	if (t->inst) {
		for (size_t i = 0; i < NR_EVENTS; i++)
			tracefs_event_disable(t->inst, events[i].system, events[i].event);
		tracefs_instance_destroy(t->inst);
		tracefs_instance_free(t->inst);
		t->inst = NULL;
	}
	state_forget(t->state);
	t->state = -1;
	if (t->tep) {
		tep_free(t->tep);
		t->tep = NULL;
	}
	if (t->mounted_at[0] && umount2(t->mounted_at, 0) == 0) {
		t->mounted_at[0] = '\0';
		state_forget(t->mount_state);
		t->mount_state = -1;
	}
}

static void teardown_hook(void *arg)
{
	teardown(arg);
}

#define TRACEFS_DEFAULT "/sys/kernel/tracing"

static int mount_tracefs(struct ktrace *t, char *why, size_t whylen)
{
	const char *path = NULL;

	/* 1: mounted already; with mount=true, 0: we mounted it (libtracefs
	 * 1.6, tracefs_tracing_dir_is_mounted(3)). */
	if (tracefs_tracing_dir_is_mounted(false, &path) == 1)
		return 0;
	/* Noted first: a SIGKILL after the mount must not leave it mounted.
	 * libtracefs mounts at its TRACEFS_PATH. */
	t->mount_state = state_note(STATE_UMOUNT, TRACEFS_DEFAULT, NULL);
	if (tracefs_tracing_dir_is_mounted(true, &path) != 0 || !path) {
		state_forget(t->mount_state);
		t->mount_state = -1;
		snprintf(why, whylen, "tracefs is not mounted and mounting it failed");
		return -ENODEV;
	}
	snprintf(t->mounted_at, sizeof(t->mounted_at), "%s", path);
	if (strcmp(path, TRACEFS_DEFAULT)) {
		state_forget(t->mount_state);
		t->mount_state = state_note(STATE_UMOUNT, path, NULL);
	}
	return 0;
}

static int enable_events(struct ktrace *t, char *why, size_t whylen)
{
	/* "mono": begin and end may be read on different CPUs. */
	tracefs_instance_file_write(t->inst, "trace_clock", "mono");
	/* Room for a fragmented compaction's migrate events (~100 bytes
	 * each, one per batch of up to 32 pages). */
	tracefs_instance_set_buffer_size(t->inst, 8192, -1);
	for (size_t i = 0; i < NR_EVENTS; i++) {
		if (tracefs_event_enable(t->inst, events[i].system, events[i].event)) {
			snprintf(why, whylen, "cannot enable tracepoint %s:%s",
				 events[i].system, events[i].event);
			return -ENOENT;
		}
	}
	return 0;
}

/* Kept in the state file first: a SIGKILLed run's instance is found. */
static int note_instance(const char *name)
{
	char dir[512];
	const char *top = tracefs_tracing_dir();

	if (!top)
		return -ENODEV;
	snprintf(dir, sizeof(dir), "%s/instances/%s", top, name);
	return state_note(STATE_RMDIR, dir, NULL);
}

static int setup(struct ktrace *t, char *why, size_t whylen)
{
	const char *systems[] = { "compaction", "migrate", NULL };
	int err = mount_tracefs(t, why, whylen);

	if (err)
		return err;
	t->tep = tracefs_local_events_system(NULL, systems);
	if (!t->tep) {
		snprintf(why, whylen, "cannot read the compaction/migrate event formats");
		return -ENOENT;
	}
	t->state = note_instance(t->name);
	t->inst = tracefs_instance_create(t->name);
	if (!t->inst) {
		snprintf(why, whylen, "cannot create tracefs instance %s", t->name);
		return -EPERM;
	}
	return enable_events(t, why, whylen);
}

struct ktrace *ktrace_open(const char *name, char *why, size_t whylen)
{
	struct ktrace *t = calloc(1, sizeof(*t));

	if (!t) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	snprintf(t->name, sizeof(t->name), "pinbench-%s-%d", name, (int)getpid());
	t->state = t->mount_state = -1;
	t->hook = bench_cleanup_push(teardown_hook, t);
	if (setup(t, why, whylen)) {
		bench_cleanup_pop(t->hook, true);
		free(t);
		return NULL;
	}
	return t;
}

void ktrace_close(struct ktrace *t)
{
	if (!t)
		return;
	bench_cleanup_pop(t->hook, true);
	free(t);
}

const char *ktrace_instance_name(const struct ktrace *t)
{
	return t->name;
}

void ktrace_discard(struct ktrace *t)
{
	tracefs_instance_file_clear(t->inst, "trace");
}

/* ---- pairing begin/end per zone --------------------------------------- */

struct collect {
	struct tep_handle *tep;
	pid_t pid;
	const struct zone_span *zones;
	int nr_zones;
	struct ktrace_pass *out;
	unsigned long long open_start[KTRACE_MAX_PAIRS];	/* zone_start */
	unsigned long long open_ts[KTRACE_MAX_PAIRS];
	int nr_open;
};

static unsigned long long field(struct tep_event *ev, struct tep_record *rec,
				const char *name)
{
	unsigned long long v = 0;

	tep_get_field_val(NULL, ev, name, rec, &v, 0);
	return v;
}

static void on_begin(struct collect *c, struct tep_event *ev, struct tep_record *rec)
{
	if (c->nr_open >= KTRACE_MAX_PAIRS)
		return;
	c->open_start[c->nr_open] = field(ev, rec, "zone_start");
	c->open_ts[c->nr_open] = rec->ts;
	c->nr_open++;
}

static void close_pair(struct collect *c, int i, struct tep_event *ev,
		       struct tep_record *rec)
{
	struct ktrace_pass *out = c->out;
	struct ktrace_zone_pass *z = &out->zone[out->nr_zones++];
	const struct zone_span *span = zone_of_pfn(c->zones, c->nr_zones, c->open_start[i]);

	z->ms = (double)(rec->ts - c->open_ts[i]) / 1e6;
	z->status = (int)field(ev, rec, "status");
	z->node = span ? span->node : -1;
	snprintf(z->zone, sizeof(z->zone), "%s", span ? span->name : "unknown");
	c->open_start[i] = c->open_start[--c->nr_open];
	c->open_ts[i] = c->open_ts[c->nr_open];
}

static void on_end(struct collect *c, struct tep_event *ev, struct tep_record *rec)
{
	unsigned long long start = field(ev, rec, "zone_start");

	for (int i = 0; i < c->nr_open; i++) {
		if (c->open_start[i] == start) {
			if (c->out->nr_zones < KTRACE_MAX_PAIRS)
				close_pair(c, i, ev, rec);
			return;
		}
	}
	c->out->unmatched++;
}

static int on_event(struct tep_event *ev, struct tep_record *rec, int cpu, void *arg)
{
	struct collect *c = arg;

	(void)cpu;
	if (rec->missed_events > 0)
		c->out->missed += rec->missed_events;
	if (tep_data_pid(c->tep, rec) != c->pid)
		return 0;	/* kcompactd, or another task's direct compaction */
	if (!strcmp(ev->name, "mm_compaction_begin")) {
		on_begin(c, ev, rec);
	} else if (!strcmp(ev->name, "mm_compaction_end")) {
		on_end(c, ev, rec);
	} else if (!strcmp(ev->name, "mm_migrate_pages")) {
		c->out->migrate_succeeded += (double)field(ev, rec, "succeeded");
		c->out->migrate_failed += (double)field(ev, rec, "failed");
	} else if (!strcmp(ev->name, "mm_compaction_isolate_migratepages")) {
		c->out->isolate_scanned += (double)field(ev, rec, "nr_scanned");
		c->out->isolate_taken += (double)field(ev, rec, "nr_taken");
	}
	return 0;
}

int ktrace_collect(struct ktrace *t, pid_t pid, const struct zone_span *zones,
		   int nr_zones, struct ktrace_pass *out)
{
	struct collect c = {
		.tep = t->tep, .pid = pid, .zones = zones, .nr_zones = nr_zones, .out = out,
	};
	int err;

	memset(out, 0, sizeof(*out));
	err = tracefs_iterate_raw_events(t->tep, t->inst, NULL, 0, on_event, &c);
	out->unmatched += c.nr_open;
	/* The iterator reads trace_pipe_raw, which consumes; clearing as
	 * well makes sure the next pass starts empty whatever the version. */
	ktrace_discard(t);
	return err ? -EIO : 0;
}
