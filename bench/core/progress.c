// SPDX-License-Identifier: GPL-2.0
#include "core/progress.h"
#include "core/timer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLAIN_INTERVAL_S 5.0

struct progress {
	FILE *out;
	bool tty;
	pthread_mutex_t lock;
	double run_start, bench_start, last_plain;
	double remaining_after;	/* estimates of the benchmarks still to come */
	double total_estimate, bench_estimate, spent_estimates;
	int idx, nr;
	char bench[64];
	bool line_shown;
};

static double now_s(void)
{
	return (double)timer_clock_ns(CLOCK_MONOTONIC) / 1e9;
}

void progress_format_duration(double s, char *out, size_t len)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);

	if (t >= 60)
		snprintf(out, len, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(out, len, "%lds", t);
}

struct progress *progress_new(FILE *out, double total_estimate_s)
{
	struct progress *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	p->out = out;
	p->tty = isatty(fileno(out));
	pthread_mutex_init(&p->lock, NULL);
	p->run_start = now_s();
	p->total_estimate = total_estimate_s;
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void progress_begin_bench(struct progress *p, const char *name, double estimate_s,
			  int idx, int nr)
{
	pthread_mutex_lock(&p->lock);
	snprintf(p->bench, sizeof(p->bench), "%s", name);
	p->bench_start = now_s();
	p->bench_estimate = estimate_s;
	p->remaining_after = p->total_estimate - p->spent_estimates - estimate_s;
	p->idx = idx;
	p->nr = nr;
	p->last_plain = 0;
	pthread_mutex_unlock(&p->lock);
}

/* Time left: this benchmark extrapolated from its progress, plus the rest. */
static double time_left(const struct progress *p, double done)
{
	double elapsed = now_s() - p->bench_start;
	double this_left = done > 0.05 ? elapsed / done * (1 - done)
				       : p->bench_estimate - elapsed;

	return (this_left > 0 ? this_left : 0) + (p->remaining_after > 0 ? p->remaining_after : 0);
}

void progress_update(struct progress *p, double done, const char *case_desc)
{
	char left[32];

	pthread_mutex_lock(&p->lock);
	progress_format_duration(time_left(p, done), left, sizeof(left));
	if (p->tty) {
		fprintf(p->out, "\r\033[K[%d/%d %s] %3.0f%% %.60s  ~%s left",
			p->idx + 1, p->nr, p->bench, done * 100, case_desc, left);
		p->line_shown = true;
	} else if (now_s() - p->last_plain >= PLAIN_INTERVAL_S) {
		fprintf(p->out, "[%d/%d %s] %3.0f%% %s, ~%s left\n",
			p->idx + 1, p->nr, p->bench, done * 100, case_desc, left);
		p->last_plain = now_s();
	}
	fflush(p->out);
	pthread_mutex_unlock(&p->lock);
}

static void clear_line(struct progress *p)
{
	if (p->tty && p->line_shown) {
		fputs("\r\033[K", p->out);
		p->line_shown = false;
	}
}

void progress_msg(struct progress *p, const char *line)
{
	pthread_mutex_lock(&p->lock);
	clear_line(p);
	fprintf(p->out, "%s\n", line);
	fflush(p->out);
	pthread_mutex_unlock(&p->lock);
}

void progress_end_bench(struct progress *p)
{
	char took[32];

	pthread_mutex_lock(&p->lock);
	clear_line(p);
	p->spent_estimates += p->bench_estimate;
	progress_format_duration(now_s() - p->bench_start, took, sizeof(took));
	fprintf(p->out, "[%d/%d %s] done in %s\n", p->idx + 1, p->nr, p->bench, took);
	fflush(p->out);
	pthread_mutex_unlock(&p->lock);
}
