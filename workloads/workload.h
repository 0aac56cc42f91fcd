/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workloads/workload.h - fio jobs that pin pages, driven in the background.
 *
 * Each engine has a job file workloads/<template>.fio whose parameters are
 * ${PB_*} variables that fio expands from the environment, so the files in
 * the repository are exactly what runs.  The driver starts fio in its own
 * process group (so Ctrl-C on the terminal reaches pinbench only, which
 * then stops fio itself), knows its pid and the addresses of its I/O
 * buffers, stops it with SIGTERM then SIGKILL after a bounded wait, keeps
 * fio's JSON output in the run directory, and removes the data files - also
 * after SIGINT/SIGTERM, through bench_cleanup_push() hooks.
 */
#ifndef PINBENCH_WORKLOAD_H
#define PINBENCH_WORKLOAD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum wl_engine {
	WL_LIBAIO,		/* O_DIRECT, libaio: FOLL_PIN per I/O */
	WL_IOURING,		/* O_DIRECT, io_uring: FOLL_PIN per I/O */
	WL_IOURING_FIXED,	/* io_uring registered buffers: long-term pins, once */
	WL_AIO_RING,		/* libaio reaping from its mapped ring pages */
	WL_NR_ENGINES
};

const char *workload_engine_name(enum wl_engine e);
/* Parses an engine name back (for tests and options); -1 when unknown. */
int workload_engine_parse(const char *name);

#define WORKLOAD_MAX_S 300.0	/* the longest any job runs */

struct workload_spec {
	enum wl_engine engine;
	bool mixed;		/* randrw (70% reads) instead of randread */
	unsigned bs;		/* block size, bytes */
	unsigned iodepth;
	unsigned numjobs;
	double runtime_s;	/* 0: until stopped, at most WORKLOAD_MAX_S */
	uint64_t seed;		/* fio's randseed: from bench_seed() */
	bool phases;		/* latency histograms for workload_mark() */
};

/* Queue depth and jobs derived from the machine (CPUs) and the block size. */
void workload_spec_init(struct workload_spec *s, enum wl_engine e, bool mixed,
			unsigned bs);

/* "engine=libaio,rw=randread,bs=4k,qd=32,jobs=1" for case names. */
void workload_spec_case(const struct workload_spec *s, char *out, size_t outlen);
/* "libaio-randread-4k", for file names. */
void workload_spec_tag(const struct workload_spec *s, char *out, size_t outlen);

/* The data file fio reads and writes, in a private directory of workdir. */
struct workload_files {
	char dir[PATH_MAX];
	char file[PATH_MAX];
	uint64_t bytes;
	int hook;		/* removes dir on interruption */
};

/*
 * File size for this machine: a share of RAM (quick mode smaller), bounded
 * by a quarter of the free space of workdir.  0, or -ENOSPC with a reason.
 */
int workload_file_size(const char *workdir, bool full, uint64_t *bytes,
		       char *why, size_t whylen);
/* Creates the directory and lays the file out (written once, reused). */
int workload_files_create(struct workload_files *f, const char *workdir,
			  uint64_t bytes, char *why, size_t whylen);
void workload_files_remove(struct workload_files *f);

struct bench_ctx;
/*
 * For a benchmark: sizes the file for this machine and run mode, creates
 * it in --workdir.  0, or -errno with why set (a reason to skip).
 */
int workload_files_prepare(struct bench_ctx *ctx, struct workload_files *f,
			   char *why, size_t whylen);
/* RUN_DIR/fio/<tag>.json, creating RUN_DIR/fio; 0 or -errno. */
int workload_json_path(struct bench_ctx *ctx, const char *tag, char *out,
		       size_t outlen);

struct workload {
	pid_t pid;		/* fio's main process; also its process group */
	int hook;		/* stops fio on interruption */
	int state;		/* state_note handle of its process group, or -errno */
	int status;		/* wait status once reaped */
	unsigned marks;		/* workload_mark() calls that fio answered */
	struct workload_spec spec;
	char json[PATH_MAX];	/* fio's --output */
};

/*
 * Starts fio with the engine's job file in the background, output as JSON
 * to json_path (its log beside it, ".log").  0 or -errno.
 */
int workload_start(struct workload *w, const struct workload_spec *s,
		   const struct workload_files *f, const char *json_path);
/* True while fio's main process has not exited. */
bool workload_running(struct workload *w);
/* Waits up to timeout_s for fio to end by itself; true if it did. */
bool workload_wait(struct workload *w, double timeout_s);
/*
 * SIGTERM (fio then writes its JSON), at most a few seconds' wait, then
 * SIGKILL to the whole process group; returns once no process of the group
 * is left.  Idempotent.  Returns 0 when fio exited cleanly.
 */
int workload_stop(struct workload *w);

/* The directory holding the job files (PINBENCH_WORKLOADS overrides). */
const char *workload_template_dir(void);

/* What fio reported, summed over reads and writes. */
struct workload_result {
	double iops, read_iops, write_iops;
	double total_ios;		/* I/Os completed */
	double read_p99_us, write_p99_us;	/* completion latency; NaN if none */
	double runtime_ms;
	int error;			/* fio's job error */
};

/* Parses fio's JSON (text may start with fio's own messages). */
int workload_parse_json(const char *text, struct workload_result *r,
			char *err, size_t errlen);
int workload_read_result(const char *path, struct workload_result *r,
			 char *err, size_t errlen);

/*
 * Phases of one running job, so that one fio start serves several windows:
 * on SIGUSR1 fio appends its cumulative statistics to its output (with
 * spec.phases, as json+ with the completion-latency histogram).  Marks the
 * end of a window: returns 0 once that document is in the file, -ETIMEDOUT
 * when fio did not answer within timeout_s, -ESRCH when it is gone.
 */
int workload_mark(struct workload *w, double timeout_s);
/* How many statistics documents a fio output text holds. */
unsigned workload_documents(const char *text);

/*
 * The windows between consecutive documents of a file written with marks:
 * segment i is document i+1 less document i (I/Os, IOPS over the job
 * runtime between them, read p99 from the difference of the histograms).
 * Returns the number of segments stored (<= max), or -errno with err set.
 */
int workload_read_segments(const char *path, struct workload_result *seg, int max,
			   char *err, size_t errlen);
int workload_parse_segments(const char *text, struct workload_result *seg, int max,
			    char *err, size_t errlen);

/* Memory a running job does I/O from: its buffers, or its aio ring. */
struct workload_range {
	pid_t pid;		/* the fio worker process */
	uintptr_t start, end;
	bool aio_ring;
};

/*
 * Finds the workers' I/O buffers and aio rings: mappings a worker has that
 * fio's main process does not (the worker allocates them after the fork),
 * anonymous and at least iodepth * bs long, plus the "[aio]" ring.
 * Returns how many (<= max), or -errno.
 */
int workload_buffers(struct workload *w, struct workload_range *r, int max);
/* The same from two /proc/PID/maps texts (for tests). */
int workload_buffers_from_maps(const char *parent_maps, const char *worker_maps,
			       size_t min_bytes, pid_t worker,
			       struct workload_range *r, int max);

/*
 * Waits until the job's I/O has begun: its buffers are mapped and a page of
 * them is present (the kernel faults them in when it pins them for the
 * first I/O, or at registration for fixed buffers).  Works without root.
 * True when it began within timeout_s.
 */
bool workload_wait_io(struct workload *w, double timeout_s);

/*
 * Page frame numbers backing a running job's buffers and aio rings, from
 * /proc/PID/pagemap: the pages the job pins while its I/O is in flight.
 * Needs root (the kernel hides pfns otherwise: -EPERM).  Pages not present
 * are left out.  Returns how many pfns were stored (<= max), or -errno.
 */
ssize_t workload_pinned_pfns(struct workload *w, uint64_t *pfns, size_t max);

#endif
