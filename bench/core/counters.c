// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware counters: libpfm4 turns event names into perf_event_attr, the
 * kernel's perf_event_open counts them.  Detection opens each one once; a
 * counter that fails (no PMU in a VM, paranoid setting) stays missing with
 * the reason, and its values are NaN.
 */
#include "core/counters.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <math.h>
#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const event_names[HW_NR] = {
	[HW_CYCLES] = "PERF_COUNT_HW_CPU_CYCLES",
	[HW_INSTRUCTIONS] = "PERF_COUNT_HW_INSTRUCTIONS",
	[HW_BRANCH_MISSES] = "PERF_COUNT_HW_BRANCH_MISSES",
	[HW_LLC_MISSES] = "PERF_COUNT_HW_CACHE_MISSES",
};
static const char *const short_names[HW_NR] = {
	[HW_CYCLES] = "cycles", [HW_INSTRUCTIONS] = "instructions",
	[HW_BRANCH_MISSES] = "branch_misses", [HW_LLC_MISSES] = "llc_misses",
};

static struct perf_event_attr attrs[HW_NR];
static char status[HW_NR][160];
static bool ok[HW_NR], detected;

const char *counters_name(enum hw_counter c)
{
	return short_names[c];
}

static int encode(enum hw_counter c)
{
	pfm_perf_encode_arg_t arg = { .size = sizeof(arg), .attr = &attrs[c] };
	int ret;

	attrs[c].size = sizeof(attrs[c]);
	ret = pfm_get_os_event_encoding(event_names[c], PFM_PLM3, PFM_OS_PERF_EVENT, &arg);
	if (ret != PFM_SUCCESS)
		snprintf(status[c], sizeof(status[c]), "missing: libpfm4: %s", pfm_strerror(ret));
	attrs[c].disabled = 1;
	attrs[c].exclude_kernel = 1;	/* user-space work only; fits paranoid=2 */
	attrs[c].exclude_hv = 1;
	return ret == PFM_SUCCESS ? 0 : -EINVAL;
}

static int open_one(enum hw_counter c)
{
	return (int)syscall(SYS_perf_event_open, &attrs[c], 0, -1, -1, 0);
}

int counters_detect(void)
{
	int n = 0, ret;

	if (detected)
		goto count;
	detected = true;
	ret = pfm_initialize();
	for (int c = 0; c < HW_NR; c++) {
		int fd;

		if (ret != PFM_SUCCESS) {
			snprintf(status[c], sizeof(status[c]), "missing: libpfm4: %s",
				 pfm_strerror(ret));
			continue;
		}
		if (encode(c))
			continue;
		fd = open_one(c);
		if (fd < 0) {
			snprintf(status[c], sizeof(status[c]), "missing: perf_event_open: %s",
				 strerror(errno));
			continue;
		}
		close(fd);
		ok[c] = true;
		snprintf(status[c], sizeof(status[c]), "ok");
	}
count:
	for (int c = 0; c < HW_NR; c++)
		n += ok[c];
	return n;
}

bool counters_available(enum hw_counter c)
{
	counters_detect();
	return ok[c];
}

const char *counters_status(enum hw_counter c)
{
	counters_detect();
	return status[c];
}

int counters_open(struct counter_set *cs)
{
	counters_detect();
	for (int c = 0; c < HW_NR; c++)
		cs->fd[c] = ok[c] ? open_one(c) : -1;
	return 0;
}

void counters_close(struct counter_set *cs)
{
	for (int c = 0; c < HW_NR; c++) {
		if (cs->fd[c] >= 0)
			close(cs->fd[c]);
		cs->fd[c] = -1;
	}
}

static uint64_t read_counter(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

void counters_start(struct counter_set *cs)
{
	for (int c = 0; c < HW_NR; c++) {
		if (cs->fd[c] < 0)
			continue;
		ioctl(cs->fd[c], PERF_EVENT_IOC_ENABLE, 0);
		cs->start[c] = read_counter(cs->fd[c]);
	}
}

void counters_stop(struct counter_set *cs, double out[HW_NR])
{
	for (int c = 0; c < HW_NR; c++) {
		if (cs->fd[c] < 0) {
			out[c] = NAN;
			continue;
		}
		out[c] = (double)(read_counter(cs->fd[c]) - cs->start[c]);
		ioctl(cs->fd[c], PERF_EVENT_IOC_DISABLE, 0);
	}
}
