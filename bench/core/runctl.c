// SPDX-License-Identifier: GPL-2.0
#include "core/runctl.h"
#include "core/bench.h"
#include "workloads/state.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CLEANUPS 128

static volatile sig_atomic_t stop_signal;
static struct {
	cleanup_fn fn;
	void *arg;
} hooks[MAX_CLEANUPS];
static int nr_hooks;
static pthread_mutex_t hooks_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig)
{
	static const char msg[] = "\npinbench: second signal, exiting now; run left incomplete\n";

	if (stop_signal) {
		(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
		state_restore_fast();
		_exit(128 + sig);
	}
	stop_signal = sig;
}

void runctl_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int runctl_signal(void)
{
	return stop_signal;
}

bool bench_should_stop(void)
{
	return stop_signal != 0;
}

int bench_cleanup_push(cleanup_fn fn, void *arg)
{
	int h = -1;

	pthread_mutex_lock(&hooks_lock);
	if (nr_hooks < MAX_CLEANUPS) {
		h = nr_hooks++;
		hooks[h].fn = fn;
		hooks[h].arg = arg;
	}
	pthread_mutex_unlock(&hooks_lock);
	return h;
}

/* Takes hook h out of the table, so it runs at most once. */
static cleanup_fn take_hook(int h, void **arg)
{
	cleanup_fn fn = NULL;

	pthread_mutex_lock(&hooks_lock);
	if (h >= 0 && h < nr_hooks) {
		fn = hooks[h].fn;
		*arg = hooks[h].arg;
		hooks[h].fn = NULL;
		while (nr_hooks && !hooks[nr_hooks - 1].fn)
			nr_hooks--;
	}
	pthread_mutex_unlock(&hooks_lock);
	return fn;
}

void bench_cleanup_pop(int handle, bool run)
{
	void *arg;
	cleanup_fn fn = take_hook(handle, &arg);

	if (fn && run)
		fn(arg);
}

void runctl_cleanup_all(void)
{
	for (int h = MAX_CLEANUPS - 1; h >= 0; h--)
		bench_cleanup_pop(h, true);
}
