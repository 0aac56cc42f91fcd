// SPDX-License-Identifier: GPL-2.0
/*
 * workloads/: the parsers of /proc files and of fio's JSON against fixed
 * text, and the fio driver against a real, short fio job (no root needed):
 * it starts, its buffers are found, it stops, its process group is gone,
 * its JSON is read and its files are removed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <signal.h>

#include "workloads/kbench.h"
#include "workloads/knob.h"
#include "workloads/kstat.h"
#include "workloads/ktrace.h"
#include "workloads/memfrag.h"
#include "tests/testutil.h"
#include "workloads/workload.h"

static FILE *text_file(const char *text)
{
	return fmemopen((void *)text, strlen(text), "r");
}

static void vmstat_counters_and_deltas(void **state)
{
	const char *a = "nr_free_pages 5\nnr_foll_pin_acquired 100\nnr_foll_pin_released 90\n"
			"compact_stall 3\n";
	const char *b = "nr_foll_pin_acquired 164\nnr_foll_pin_released 160\ncompact_stall 3\n";
	struct vmstat_snap sa, sb;
	FILE *f;

	(void)state;
	f = text_file(a);
	vmstat_parse(f, &sa);
	fclose(f);
	f = text_file(b);
	vmstat_parse(f, &sb);
	fclose(f);
	assert_true(vmstat_delta(&sa, &sb, VM_FOLL_PIN_ACQUIRED) == 64);
	assert_true(vmstat_delta(&sa, &sb, VM_FOLL_PIN_RELEASED) == 70);
	assert_true(vmstat_delta(&sa, &sb, VM_COMPACT_STALL) == 0);
	/* A counter this kernel lacks is missing, not zero. */
	assert_true(isnan(vmstat_delta(&sa, &sb, VM_PGMIGRATE_FAIL)));
	assert_string_equal(vmstat_name(VM_COMPACT_MIGRATE_SCANNED), "compact_migrate_scanned");
}

static void buddyinfo_counts_2m_blocks(void **state)
{
	const char *text =
		"Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3 \n"
		"Node 0, zone   Normal   1550   1293    816    753    685    391    255    171     98     50    166 \n"
		"Node 1, zone   Normal      1      1      1      1      1      1      1      1      1      2      0 \n";
	double per_node[KSTAT_MAX_NODES];
	FILE *f = text_file(text);
	int n = buddyinfo_parse(f, 9, per_node);

	(void)state;
	fclose(f);
	assert_int_equal(n, 2);
	/* order 9 counts once, order 10 twice: (1 + 2*3) + (50 + 2*166) */
	assert_true(per_node[0] == 7 + 382);
	assert_true(per_node[1] == 2);
}

static void zoneinfo_spans_and_lookup(void **state)
{
	const char *text =
		"Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 5\n"
		"  pages free     3840\n        spanned  4095\n        present  3998\n"
		"        managed  3840\n  start_pfn:           1\n"
		"Node 0, zone   Normal\n  pages free     312450\n        spanned  5505024\n"
		"        present  5505024\n        managed  425984\n  start_pfn:           1048576\n"
		"Node 0, zone  Movable\n  pages free     0\n        spanned  0\n";
	struct zone_span z[8];
	FILE *f = text_file(text);
	int n = zoneinfo_parse(f, z, 8);

	(void)state;
	fclose(f);
	assert_int_equal(n, 2);	/* Movable spans nothing */
	assert_string_equal(z[1].name, "Normal");
	assert_true(z[1].managed == 425984);
	assert_string_equal(zone_of_pfn(z, n, 1048576 + 7)->name, "Normal");
	assert_string_equal(zone_of_pfn(z, n, 2)->name, "DMA");
	assert_null(zone_of_pfn(z, n, 4096 + 4095 + 10000000));
}

static void knob_selected_value(void **state)
{
	char out[32];

	(void)state;
	knob_selected("always [madvise] never\n", out, sizeof(out));
	assert_string_equal(out, "madvise");
	knob_selected("  20\n", out, sizeof(out));
	assert_string_equal(out, "20");
}

static const char fio_json[] =
	"fio: terminating on signal 15\n"
	"fio: failed parsing randseed=${PB_SEED}\n"
	"{\n  \"fio version\" : \"fio-3.33\",\n  \"jobs\" : [ {\n"
	"    \"jobname\" : \"odirect-libaio\", \"error\" : 0,\n"
	"    \"read\" : { \"iops\" : 1000.5, \"total_ios\" : 2001, \"runtime\" : 2000,\n"
	"      \"clat_ns\" : { \"percentile\" : { \"99.000000\" : 250000 } } },\n"
	"    \"write\" : { \"iops\" : 10.0, \"total_ios\" : 20, \"runtime\" : 2000,\n"
	"      \"clat_ns\" : { \"percentile\" : { \"99.000000\" : 0 } } } } ]\n}\n";

static void fio_json_numbers(void **state)
{
	struct workload_result r;
	char err[256];

	(void)state;
	assert_int_equal(workload_parse_json(fio_json, &r, err, sizeof(err)), 0);
	assert_true(r.iops == 1010.5);
	assert_true(r.total_ios == 2021);
	assert_true(r.read_p99_us == 250);
	assert_true(r.runtime_ms == 2000);
	assert_int_not_equal(workload_parse_json("fio: no jobs\n", &r, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "fio JSON"));
	assert_int_not_equal(workload_parse_json("{ \"jobs\" : [] }\n", &r, err, sizeof(err)), 0);
}

static void fio_json_file(void **state)
{
	char *dir = test_tmpdir(), path[4200], err[256];
	struct workload_result r;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.json", dir);
	f = fopen(path, "w");
	fputs(fio_json, f);
	fclose(f);
	assert_int_equal(workload_read_result(path, &r, err, sizeof(err)), 0);
	assert_true(r.total_ios == 2021);
	rm_rf(dir);
	free(dir);
	assert_int_not_equal(workload_read_result("/nonexistent/x.json", &r, err, sizeof(err)), 0);
}

static void buffers_from_maps(void **state)
{
	const char *parent =
		"55957c1f5000-55957c25a000 rw-p 00000000 00:00 0 \n"
		"7f7ca43e0000-7f7ca4be0000 rw-p 00000000 00:00 0 \n";
	const char *worker =
		"55957c1f5000-55957c25a000 rw-p 00000000 00:00 0 \n"
		"7f7ca43e0000-7f7ca4be0000 rw-p 00000000 00:00 0 \n"
		"7fe5a7bcd000-7fe5a7bce000 rw-s 00000000 00:10 7 /[aio] (deleted)\n"
		"7fe5a7bce000-7fe5a7bf0000 rw-p 00000000 00:00 0 \n"
		"7fe5a8000000-7fe5a8001000 rw-p 00000000 00:00 0 \n"
		"7fe5a9000000-7fe5a9100000 rw-s 00000000 00:01 9 /dev/zero (deleted)\n";
	struct workload_range r[8];
	int n = workload_buffers_from_maps(parent, worker, 32 * 4096, 42, r, 8);

	(void)state;
	assert_int_equal(n, 2);
	assert_true(r[0].aio_ring);
	assert_true(r[0].start == 0x7fe5a7bcd000ul);
	assert_false(r[1].aio_ring);
	assert_true(r[1].end - r[1].start == 136 * 1024);
	assert_int_equal(r[1].pid, 42);
}

static void thp_flag_and_frag_bounds(void **state)
{
	char why[256] = "";

	(void)state;
	assert_true(kpageflags_is_thp(1ull << 22));
	assert_false(kpageflags_is_thp(1ull << 17));
	/* Never more than MemAvailable allows, and a reason when too little. */
	assert_true(frag_bound(SIZE_MAX, 1, why, sizeof(why)) <
		    (size_t)meminfo_kib("MemAvailable") * 1024);
	assert_int_equal(frag_bound(1, SIZE_MAX / 2, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "MiB available"));
	assert_string_equal(frag_method_name(FRAG_3OF4_PER_2M), "3of4-2m");
}

static void engine_names_round_trip(void **state)
{
	struct workload_spec s;
	char c[128];

	(void)state;
	for (int e = 0; e < WL_NR_ENGINES; e++)
		assert_int_equal(workload_engine_parse(workload_engine_name(e)), e);
	assert_int_equal(workload_engine_parse("nope"), -1);
	workload_spec_init(&s, WL_IOURING_FIXED, true, 65536);
	workload_spec_case(&s, c, sizeof(c));
	assert_non_null(strstr(c, "engine=io_uring-fixedbufs,rw=randrw,bs=64k,qd=8"));
}

/* A small fio job in a fresh directory (dir, files and json filled in). */
struct small_job {
	char *dir;
	char json[4200];
	struct workload_files files;
	struct workload w;
};

static void small_job_start(struct small_job *j, enum wl_engine e, bool phases)
{
	struct workload_spec spec;
	char why[256];

	j->dir = test_tmpdir();
	assert_int_equal(workload_files_create(&j->files, j->dir, 16 << 20, why, sizeof(why)), 0);
	assert_true(path_exists(j->files.file));
	workload_spec_init(&spec, e, false, 4096);
	spec.iodepth = 4;
	spec.phases = phases;
	snprintf(j->json, sizeof(j->json), "%s/job.json", j->dir);
	assert_int_equal(workload_start(&j->w, &spec, &j->files, j->json), 0);
	assert_true(workload_wait_io(&j->w, 20));
}

static void small_job_remove(struct small_job *j)
{
	workload_files_remove(&j->files);
	assert_false(path_exists(j->files.dir));
	rm_rf(j->dir);
	free(j->dir);
}

/* A real fio job, started, observed and stopped by the driver. */
static void fio_job_lifecycle(void **state)
{
	struct small_job j;
	struct workload_range r[8];
	struct workload_result res;
	uint64_t pfns[64];
	char err[256];
	pid_t pgid;

	(void)state;
	small_job_start(&j, WL_AIO_RING, false);
	pgid = j.w.pid;
	assert_true(workload_buffers(&j.w, r, 8) >= 2);	/* buffers and the aio ring */
	if (geteuid() == 0)
		assert_true(workload_pinned_pfns(&j.w, pfns, 64) > 0);
	else
		assert_int_equal(workload_pinned_pfns(&j.w, pfns, 64), -EPERM);
	workload_stop(&j.w);
	assert_int_equal(kill(-pgid, 0), -1);	/* no process of the group left */
	assert_int_equal(workload_read_result(j.json, &res, err, sizeof(err)), 0);
	assert_true(res.total_ios > 0);
	small_job_remove(&j);
}

/* Four cumulative documents as fio prints them on SIGUSR1, a message
 * between two of them, and a fifth still being written. */
static const char fio_marks[] =
	"{\n  \"jobs\" : [ { \"error\" : 0, \"job_runtime\" : 500,\n"
	"    \"read\" : { \"total_ios\" : 0, \"clat_ns\" : { } },\n"
	"    \"write\" : { \"total_ios\" : 0 } } ]\n}\n"
	"{\n  \"jobs\" : [ { \"error\" : 0, \"job_runtime\" : 1000,\n"
	"    \"read\" : { \"total_ios\" : 100, \"clat_ns\" : { \"bins\" : { \"1000\" : 100 } } },\n"
	"    \"write\" : { \"total_ios\" : 0 } } ]\n}\n"
	"{\n  \"jobs\" : [ { \"error\" : 0, \"job_runtime\" : 1500,\n"
	"    \"read\" : { \"total_ios\" : 200,\n"
	"      \"clat_ns\" : { \"bins\" : { \"1000\" : 199, \"5000\" : 1 } } },\n"
	"    \"write\" : { \"total_ios\" : 0 } } ]\n}\n"
	"fio: terminating on signal 15\n"
	"{\n  \"jobs\" : [ { \"error\" : 0, \"job_runtime\" : 2500,\n"
	"    \"read\" : { \"total_ios\" : 300,\n"
	"      \"clat_ns\" : { \"bins\" : { \"1000\" : 199, \"5000\" : 1, \"9000\" : 100 } } },\n"
	"    \"write\" : { \"total_ios\" : 50 } } ]\n}\n"
	"{\n  \"jobs\" : [ { \"error\" : 0, \"job_runtime\" : 30";

static void fio_windows_between_marks(void **state)
{
	struct workload_result seg[8];
	char err[256];

	(void)state;
	assert_int_equal(workload_documents(fio_marks), 4);
	assert_int_equal(workload_parse_segments(fio_marks, seg, 8, err, sizeof(err)), 3);
	/* The first mark came before any read completed (no histogram yet). */
	assert_true(seg[0].total_ios == 100);
	assert_true(seg[0].read_p99_us == 1);
	/* 100 reads in 0.5 s; 99 of them at 1 us: the cumulative p99 would
	 * be 1 us too, so the third window is the telling one. */
	assert_true(seg[1].total_ios == 100);
	assert_true(seg[1].iops == 200);
	assert_true(seg[1].read_p99_us == 1);
	/* Only what came after the third mark: 100 reads at 9 us, 50 writes. */
	assert_true(seg[2].total_ios == 150);
	assert_true(seg[2].read_iops == 100 && seg[2].write_iops == 50);
	assert_true(seg[2].read_p99_us == 9);
	assert_true(seg[2].runtime_ms == 1000);
	assert_int_equal(workload_parse_segments(fio_marks, seg, 1, err, sizeof(err)), 1);
	assert_int_equal(workload_parse_segments("fio: no jobs\n", seg, 8, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "fio JSON"));
}

static void phases_add_up(void **state)
{
	struct kphases p = { 0 };
	uint64_t t = kphase_now();

	(void)state;
	kphase_add(&p, "fragment", t - 2000000000ull);
	kphase_add(&p, "compaction", kphase_now());
	kphase_add(&p, "fragment", t - 1000000000ull);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.name[0], "fragment");
	assert_true(kphase_seconds(&p, "fragment") >= 3.0);
	assert_true(kphase_seconds(&p, "compaction") >= 0);
	assert_true(kphase_seconds(&p, "never") == 0);
	for (int i = 0; i < KPHASES_MAX; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%d", i);
		kphase_add(&p, name, kphase_now());
	}
	assert_int_equal(p.n, KPHASES_MAX);	/* full: later names are dropped */
}

/* One fio job cut into windows by marks, as kcompact runs it. */
static void fio_job_windows(void **state)
{
	struct small_job j;
	struct workload_result seg[8];
	char err[256];

	(void)state;
	small_job_start(&j, WL_IOURING, true);
	assert_int_equal(workload_mark(&j.w, 10), 0);
	usleep(100000);
	assert_int_equal(workload_mark(&j.w, 10), 0);
	assert_int_equal(j.w.marks, 2);
	workload_stop(&j.w);
	assert_int_equal(workload_mark(&j.w, 1), -ESRCH);
	/* The two marks and the document fio prints when stopped. */
	assert_true(workload_read_segments(j.json, seg, 8, err, sizeof(err)) >= 1);
	assert_true(seg[0].total_ios > 0);
	assert_true(seg[0].read_p99_us > 0);
	small_job_remove(&j);
}

/* Two kernel benchmarks never hold the machine-wide lock at once. */
static void system_lock_excludes(void **state)
{
	int first = knob_lock_system(0), second;

	(void)state;
	if (first == -EBUSY)
		skip();		/* a kernel benchmark runs elsewhere right now */
	assert_true(first >= 0);
	second = knob_lock_system(0);
	assert_int_equal(second, -EBUSY);
	knob_unlock_system(first);
}

/*
 * The tracefs instance enables compaction:mm_compaction_isolate_migratepages,
 * the migration sources alone (issue 14 item 12).  Root and tracefs only;
 * nothing is compacted.
 */
static void ktrace_enables_isolate_migratepages(void **state)
{
	char why[256], path[512], text[16] = "";
	struct ktrace *t;
	int rc;

	(void)state;
	if (geteuid() != 0 || access("/sys/kernel/tracing/instances", W_OK))
		skip();
	t = ktrace_open("test", why, sizeof(why));
	if (!t)
		skip();		/* tracing not possible here: why says so */
	snprintf(path, sizeof(path), "/sys/kernel/tracing/instances/%s/events/compaction/"
		 "mm_compaction_isolate_migratepages/enable", ktrace_instance_name(t));
	rc = knob_read(path, text, sizeof(text));
	ktrace_close(t);
	assert_true(rc >= 0);
	assert_int_equal(text[0], '1');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vmstat_counters_and_deltas),
		cmocka_unit_test(buddyinfo_counts_2m_blocks),
		cmocka_unit_test(zoneinfo_spans_and_lookup),
		cmocka_unit_test(knob_selected_value),
		cmocka_unit_test(fio_json_numbers),
		cmocka_unit_test(fio_json_file),
		cmocka_unit_test(fio_windows_between_marks),
		cmocka_unit_test(phases_add_up),
		cmocka_unit_test(buffers_from_maps),
		cmocka_unit_test(thp_flag_and_frag_bounds),
		cmocka_unit_test(engine_names_round_trip),
		cmocka_unit_test(fio_job_lifecycle),
		cmocka_unit_test(fio_job_windows),
		cmocka_unit_test(system_lock_excludes),
		cmocka_unit_test(ktrace_enables_isolate_migratepages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
