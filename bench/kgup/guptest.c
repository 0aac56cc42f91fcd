// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own GUP benchmark, /sys/kernel/debug/gup_test (CONFIG_GUP_TEST,
 * mm/gup_test.c, 6.12): GUP_FAST, PIN_FAST and PIN_LONGTERM over a buffer
 * of 4 KiB pages or THP, nr_pages_per_call 512 as in the figures quoted
 * by commit a03db236aebf.  The kernel times the get and the put loops
 * itself (get_delta_usec, put_delta_usec, ktime around the loops); kgup
 * repeats each run, times the whole ioctl beside it and checks the pins
 * (one acquired and one released per page for the PIN_* benchmarks, none
 * for GUP_FAST).  Stock distribution kernels lack it (Debian's 6.12 config
 * has GUP_TEST off): then the part skips with the reason.
 */
#include "kgup/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#define GUP_TEST_PATH KGUP_DEBUGFS "/gup_test"
#define FOLL_WRITE_FLAG 0x01	/* include/linux/mm_types.h enum, FOLL_WRITE */
#define PAGES_PER_CALL 512

/* mm/gup_test.h (not exported to uapi): the ioctl argument. */
struct gup_test_args {
	uint64_t get_delta_usec, put_delta_usec, addr, size;
	uint32_t nr_pages_per_call, gup_flags, test_flags;
	uint32_t which_pages[8];
};

static const struct {
	const char *name;
	unsigned long cmd;
	bool pins;
} gup_benches[] = {
	{ "gup_fast", _IOWR('g', 1, struct gup_test_args), false },
	{ "pin_fast", _IOWR('g', 2, struct gup_test_args), true },
	{ "pin_longterm", _IOWR('g', 3, struct gup_test_args), true },
};

/* The kernel's config: /boot/config-RELEASE, else /proc/config.gz. */
static FILE *open_config(char *name, size_t len, bool *piped)
{
	struct utsname u;
	FILE *f;

	*piped = false;
	if (uname(&u) == 0) {
		snprintf(name, len, "/boot/config-%s", u.release);
		if ((f = fopen(name, "re")))
			return f;
	}
	snprintf(name, len, "/proc/config.gz");
	if (access(name, R_OK))
		return NULL;
	*piped = true;
	return popen("zcat /proc/config.gz 2>/dev/null", "r");
}

/* Why there is no gup_test here: the kernel's config when it can be read. */
static void why_absent(char *why, size_t len, bool debugfs)
{
	char name[128], line[128];
	bool piped;
	FILE *f;

	snprintf(why, len, debugfs ? "no " GUP_TEST_PATH " (kernel without CONFIG_GUP_TEST?)" :
		 "debugfs is not mounted and mounting it failed");
	if (!debugfs || !(f = open_config(name, sizeof(name), &piped)))
		return;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "# CONFIG_GUP_TEST is not set"))
			snprintf(why, len, "kernel built without CONFIG_GUP_TEST (%s)", name);
	if (piped)
		pclose(f);
	else
		fclose(f);
}

struct gup_sample {
	struct gup_test_args args;
	double wall_us;
	struct kgup_pins pins;
	int err;
};

static void gup_once(int fd, int which, const struct kgup_buf *buf, struct gup_sample *s)
{
	double pages = (double)(buf->len / KGUP_PAGE), due = gup_benches[which].pins ? pages : 0;
	struct vmstat_snap a, b;
	uint64_t t0;

	memset(s, 0, sizeof(*s));
	s->pins = (struct kgup_pins){ NAN, NAN, due, due };
	s->args.addr = (uintptr_t)buf->base;
	s->args.size = buf->len;
	s->args.nr_pages_per_call = PAGES_PER_CALL;
	s->args.gup_flags = FOLL_WRITE_FLAG;
	if ((s->err = kgup_pins_snap(&a)))
		return;
	t0 = kgup_now_ns();
	s->err = ioctl(fd, gup_benches[which].cmd, &s->args) ? -errno : 0;
	s->wall_us = (double)(kgup_now_ns() - t0) / 1e3;
	kgup_pins_end(&a, &b, &s->pins);
}

static void record(struct kgup *k, const char *case_, unsigned rep, double pages,
		   const struct gup_sample *s)
{
	bool ok = !s->err && kgup_pins_ok(&s->pins);
	double get = ok ? (double)s->args.get_delta_usec : NAN;
	double put = ok ? (double)s->args.put_delta_usec : NAN;

	kbench_record(k->ctx, case_, "get_us", "us", BETTER_LOWER, rep, get);
	kbench_record(k->ctx, case_, "put_us", "us", BETTER_LOWER, rep, put);
	kbench_record(k->ctx, case_, "get_ns_per_page", "ns", BETTER_LOWER, rep, get * 1e3 / pages);
	kbench_record(k->ctx, case_, "put_ns_per_page", "ns", BETTER_LOWER, rep, put * 1e3 / pages);
	kbench_record(k->ctx, case_, "ioctl_wall_us", "us", BETTER_LOWER, rep, ok ? s->wall_us : NAN);
	kgup_pins_record(k, case_, rep, &s->pins);
}

static void one_backing(struct kgup *k, int fd, enum kgup_backing b, size_t size)
{
	struct kgup_buf buf;
	struct gup_sample s;
	char sz[16], case_[160];
	int rc;

	kgup_format_size(size, sz, sizeof(sz));
	if ((rc = kgup_buf_alloc(&buf, size, b))) {
		if (rc != -EINTR)
			kgup_case_skip(k, "gup_test", "cannot map %s: %s", sz, strerror(-rc));
		return;
	}
	for (int w = 0; w < 3; w++) {
		snprintf(case_, sizeof(case_), "path=gup_test,bench=%s,backing=%s,size=%s",
			 gup_benches[w].name, kgup_buf_backing(&buf), sz);
		gup_once(fd, w, &buf, &s);	/* warm-up */
		for (unsigned rep = 0; rep < k->reps && !bench_should_stop(); rep++) {
			gup_once(fd, w, &buf, &s);
			record(k, case_, rep, (double)(size / KGUP_PAGE), &s);
		}
	}
	kgup_buf_free(&buf);
}

/*
 * PIN_FAST from T threads at once, each over its own 16 MiB: what the pin
 * path's shared state (mmap lock, the zone and LRU locks, and in a kernel
 * with kernels/patches/pin-hash its one global lock) costs as T grows.
 * Timed from the barrier that starts them to the last join.
 */
#define THREAD_BUF (16ul << 20)
#define MAX_THREADS 64

/* Threads wait at the gate until all exist, then pin at once. */
struct start_gate {
	pthread_mutex_t lock;
	pthread_cond_t open_cond;
	bool open;
};

struct pin_thread {
	int fd, err;
	struct kgup_buf buf;
	struct start_gate *gate;
};

static void gate_wait(struct start_gate *g)
{
	pthread_mutex_lock(&g->lock);
	while (!g->open)
		pthread_cond_wait(&g->open_cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_open(struct start_gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->open = true;
	pthread_cond_broadcast(&g->open_cond);
	pthread_mutex_unlock(&g->lock);
}

static void *pin_fast_thread(void *arg)
{
	struct pin_thread *t = arg;
	struct gup_test_args a = { .addr = (uintptr_t)t->buf.base, .size = t->buf.len,
				   .nr_pages_per_call = PAGES_PER_CALL,
				   .gup_flags = FOLL_WRITE_FLAG };

	gate_wait(t->gate);
	t->err = ioctl(t->fd, gup_benches[1].cmd, &a) ? -errno : 0;
	return NULL;
}

/* One timed round of nr threads; wall ns, or NAN when a thread failed. */
static double pin_fast_round(struct pin_thread *t, int nr)
{
	struct start_gate gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false };
	pthread_t tid[MAX_THREADS];
	int err = 0, started = 0;
	uint64_t t0;

	for (; started < nr; started++) {
		t[started].gate = &gate;
		if (pthread_create(&tid[started], NULL, pin_fast_thread, &t[started]))
			break;
	}
	t0 = kgup_now_ns();
	gate_open(&gate);
	for (int i = 0; i < started; i++) {
		pthread_join(tid[i], NULL);
		err |= t[i].err;
	}
	return started == nr && !err ? (double)(kgup_now_ns() - t0) : NAN;
}

static void record_round(struct kgup *k, const char *case_, unsigned rep, double pages,
			 double wall_ns, const struct kgup_pins *pins,
			 const struct kgup_pin_hash *a, const struct kgup_pin_hash *b)
{
	bool ok = !isnan(wall_ns) && kgup_pins_ok(pins);
	double acq = b->lock_acquisitions - a->lock_acquisitions;

	kbench_record(k->ctx, case_, "wall_ns_per_page", "ns", BETTER_LOWER, rep,
		      ok ? wall_ns / pages : NAN);
	kgup_pins_record(k, case_, rep, pins);
	if (a->buckets > 0 && b->buckets > 0 && acq > 0)
		kbench_record(k->ctx, case_, "hash_lock_contended_share", "share", BETTER_LOWER,
			      rep, (b->lock_contended - a->lock_contended) / acq);
}

static void threads_case(struct kgup *k, struct pin_thread *t, int nr)
{
	double pages = (double)nr * (double)(THREAD_BUF / KGUP_PAGE);
	struct kgup_pin_hash ha, hb;
	struct vmstat_snap a, b;
	struct kgup_pins pins;
	char case_[128];
	double wall;

	snprintf(case_, sizeof(case_), "path=gup_test,bench=pin_fast,threads=%d,backing=4k,size=16M",
		 nr);
	pin_fast_round(t, nr);	/* warm-up */
	for (unsigned rep = 0; rep < k->reps && !bench_should_stop(); rep++) {
		pins = (struct kgup_pins){ NAN, NAN, pages, pages };
		kgup_pin_hash_read(&ha);
		if (kgup_pins_snap(&a))
			return;
		wall = pin_fast_round(t, nr);
		kgup_pins_end(&a, &b, &pins);
		kgup_pin_hash_read(&hb);
		record_round(k, case_, rep, pages, wall, &pins, &ha, &hb);
	}
}

/* 1, 2, 4, ... and the machine's count last. */
static int next_thread_count(int nr, int most)
{
	return nr < most && nr * 2 > most ? most : nr * 2;
}

static void threads_sweep(struct kgup *k, int fd)
{
	static struct pin_thread t[MAX_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int most = (int)(cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : cpus), ready = 0;

	for (; ready < most; ready++) {
		t[ready].fd = fd;
		if (kgup_buf_alloc(&t[ready].buf, THREAD_BUF, KB_4K))
			break;
	}
	if (ready < most)
		kgup_case_skip(k, "gup_test_threads", "could map buffers for %d of %d threads only",
			       ready, most);
	for (int nr = 1; nr <= ready && !bench_should_stop(); nr = next_thread_count(nr, ready))
		threads_case(k, t, nr);
	for (int i = 0; i < ready; i++)
		kgup_buf_free(&t[i].buf);
}

enum bench_status kgup_gup_test_run(struct kgup *k)
{
	size_t size = k->full ? (1ul << 30) : (64ul << 20);
	int hook, fd = -1;
	char why[160];
	bool ok;

	hook = kgup_debugfs_mount(&ok);
	if (ok)
		fd = open(GUP_TEST_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		why_absent(why, sizeof(why), ok);
		kgup_case_skip(k, "gup_test", "%s", why);
	} else {
		bench_note(k->ctx, "gup_test", "GUP_FAST, PIN_FAST, PIN_LONGTERM; %zu MiB, "
			   "%d pages per call, FOLL_WRITE", size >> 20, PAGES_PER_CALL);
		one_backing(k, fd, KB_4K, size);
		kgup_progress(k, KP_GUP_TEST, 0.5, "gup_test thp");
		if (!bench_should_stop())
			one_backing(k, fd, KB_THP, size);
		kgup_progress(k, KP_GUP_TEST, 0.8, "gup_test threads");
		if (!bench_should_stop())
			threads_sweep(k, fd);
		close(fd);
	}
	if (hook >= 0)
		bench_cleanup_pop(hook, true);
	return bench_should_stop() ? BENCH_INTERRUPTED : BENCH_OK;
}
