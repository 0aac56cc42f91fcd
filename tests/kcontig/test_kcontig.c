// SPDX-License-Identifier: GPL-2.0
/*
 * kcontig: the placement (pinned pageblocks follow the density and layout
 * asked), the exact prediction, the pageblock classifier on synthetic
 * kpageflags/kpagecount values, bad parameters refused with exit 2, and
 * (root only) a tiny run that leaves its pinned-pfn artefact and puts
 * nr_hugepages and the sysctls back, also after Ctrl-C.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <linux/kernel-page-flags.h>
#include <signal.h>

#include "kcontig/internal.h"
#include "core/results.h"
#include "tests/testutil.h"

#define NR_FULL 130	/* two groups of 64 full blocks and a tail of 2 */
#define FIRST_BLOCK 1000

/*
 * A region: NR_FULL whole blocks (not all adjacent), then 100 pages of a
 * block it does not own whole, listed in a scrambled order as a faulted
 * region would be.
 */
static uint64_t *synthetic_region(size_t *n)
{
	size_t pages = NR_FULL * KC_BLOCK_PAGES + 100, i = 0;
	uint64_t *p = malloc(pages * sizeof(*p));

	for (size_t b = 0; b < NR_FULL; b++) {
		uint64_t block = FIRST_BLOCK + b * 3;	/* gaps between them */

		for (unsigned o = 0; o < KC_BLOCK_PAGES; o++)
			p[i++] = block * KC_BLOCK_PAGES + o;
	}
	for (unsigned o = 0; o < 100; o++)
		p[i++] = 5 * KC_BLOCK_PAGES + o;
	for (size_t j = 0; j < pages; j++) {	/* a fixed scramble */
		size_t k = (j * 7919) % pages;
		uint64_t t = p[j];

		p[j] = p[k];
		p[k] = t;
	}
	*n = pages;
	return p;
}

static gsl_rng *rng_seeded(unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	gsl_rng_set(r, seed);
	return r;
}

/* Pinned pages per full block, in block order (index b of the region). */
static void per_block(const uint64_t *pfns, const size_t *picked, size_t nr, unsigned *count)
{
	memset(count, 0, NR_FULL * sizeof(*count));
	for (size_t i = 0; i < nr; i++) {
		uint64_t block = kc_block_of(pfns[picked[i]]);

		assert_true(block >= FIRST_BLOCK && (block - FIRST_BLOCK) % 3 == 0);
		count[(block - FIRST_BLOCK) / 3]++;
	}
}

static void check_layout(unsigned k, enum kc_layout layout)
{
	size_t n, nr;
	uint64_t *pfns = synthetic_region(&n);
	size_t *picked = malloc(n * sizeof(*picked));
	gsl_rng *rng = rng_seeded(42);
	unsigned count[NR_FULL];

	nr = kc_place(pfns, n, k, layout, rng, picked);
	assert_int_equal(nr, 2 * k);
	for (size_t i = 1; i < nr; i++)
		assert_true(picked[i] > picked[i - 1]);
	per_block(pfns, picked, nr, count);
	for (int g = 0; g < 2; g++) {
		unsigned blocks = 0, pages = 0;

		for (int b = g * 64; b < g * 64 + 64; b++) {
			blocks += count[b] > 0;
			pages += count[b];
			if (layout == KC_SPREAD)
				assert_true(count[b] <= 1);
		}
		assert_int_equal(pages, k);
		assert_int_equal(blocks, layout == KC_SPREAD ? k : (k > 0));
	}
	assert_int_equal(count[128] + count[129], 0);	/* the short tail group */
	gsl_rng_free(rng);
	free(picked);
	free(pfns);
}

static void placement_follows_density_and_layout(void **state)
{
	static const unsigned ks[] = { 0, 1, 4, 16, 64 };

	(void)state;
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		check_layout(ks[i], KC_SPREAD);
		check_layout(ks[i], KC_CLUSTERED);
	}
}

static void placement_same_seed_same_pages(void **state)
{
	size_t n, a_n, b_n;
	uint64_t *pfns = synthetic_region(&n);
	size_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	gsl_rng *ra = rng_seeded(7), *rb = rng_seeded(7);

	(void)state;
	a_n = kc_place(pfns, n, 16, KC_SPREAD, ra, a);
	b_n = kc_place(pfns, n, 16, KC_SPREAD, rb, b);
	assert_int_equal(a_n, b_n);
	assert_memory_equal(a, b, a_n * sizeof(*a));
	assert_int_equal(kc_place(pfns, n, 65, KC_SPREAD, ra, a), 0);	/* out of range */
	gsl_rng_free(ra);
	gsl_rng_free(rb);
	free(a);
	free(b);
	free(pfns);
}

static void full_blocks_need_every_page(void **state)
{
	uint64_t pfns[2 * KC_BLOCK_PAGES], blocks[4];

	(void)state;
	for (unsigned i = 0; i < 2 * KC_BLOCK_PAGES; i++)
		pfns[i] = 7 * KC_BLOCK_PAGES + i;	/* blocks 7 and 8 */
	assert_int_equal(kc_full_blocks(pfns, 2 * KC_BLOCK_PAGES, blocks), 2);
	assert_int_equal(blocks[0], 7);
	assert_int_equal(blocks[1], 8);
	pfns[KC_BLOCK_PAGES + 3] = 0;	/* a page of block 8 unknown */
	assert_int_equal(kc_full_blocks(pfns, 2 * KC_BLOCK_PAGES, blocks), 1);
	assert_int_equal(blocks[0], 7);
}

static void prediction_counts_unpinned_blocks(void **state)
{
	const uint64_t blocks[] = { 10, 11, 12, 13, 20 };
	/* two pins in block 11, one in 13, one in block 99 (not a candidate) */
	const uint64_t pinned[] = { 11 * 512 + 3, 11 * 512 + 400, 13 * 512, 99 * 512 + 1 };

	(void)state;
	assert_int_equal(kc_predict_free(blocks, 5, pinned, 4), 3);
	assert_int_equal(kc_predict_free(blocks, 5, pinned, 0), 5);
	assert_int_equal(kc_blocks_hit(pinned, 4, 0, UINT64_MAX), 3);
	assert_int_equal(kc_blocks_hit(pinned, 4, 11 * 512, 14 * 512), 2);
	assert_int_equal(kc_blocks_hit(pinned, 4, 12 * 512, 13 * 512), 0);
}

#define B(n) (1ull << (n))
#define P KC_BLOCK_PAGES

static enum kc_class classify_one(uint64_t base_flags, uint64_t base_count, int at,
				  uint64_t flags, uint64_t count, bool pin)
{
	static uint64_t f[P], c[P];
	static bool pinned[P];

	for (unsigned i = 0; i < P; i++) {
		f[i] = base_flags;
		c[i] = base_count;
		pinned[i] = false;
	}
	if (at >= 0) {
		f[at] = flags;
		c[at] = count;
		pinned[at] = pin;
	}
	return kc_classify_block(f, c, pinned, P);
}

static void classifier_on_synthetic_flags(void **state)
{
	uint64_t lru = B(KPF_LRU) | B(KPF_MMAP) | B(KPF_ANON);

	(void)state;
	assert_int_equal(classify_one(B(KPF_BUDDY), 0, -1, 0, 0, false), KC_FREE);
	/* free pages on a per-CPU list carry no flag: free beside buddy ones */
	assert_int_equal(classify_one(B(KPF_BUDDY), 0, 5, 0, 0, false), KC_FREE);
	assert_int_equal(classify_one(0, 0, -1, 0, 0, false), KC_UNLISTED);
	assert_int_equal(classify_one(B(KPF_BUDDY), 0, 9, lru, 1, false), KC_MOVABLE);
	assert_int_equal(classify_one(lru, 1, -1, 0, 0, false), KC_MOVABLE);
	assert_int_equal(classify_one(lru, 1, 9, lru, 1025, true), KC_PINNED);
	assert_int_equal(classify_one(lru, 1, 9, B(KPF_SLAB), 1, false), KC_UNMOVABLE);
	assert_int_equal(classify_one(lru, 1, 9, B(KPF_PGTABLE), 1, false), KC_UNMOVABLE);
	assert_int_equal(classify_one(lru, 1, 9, B(32), 1, false), KC_UNMOVABLE);	/* reserved */
	/* referenced, no user flag: a kernel allocation */
	assert_int_equal(classify_one(B(KPF_BUDDY), 0, 9, 0, 1, false), KC_UNMOVABLE);
	assert_int_equal(classify_one(B(KPF_HUGE) | B(KPF_COMPOUND_TAIL), 0, 0,
				      B(KPF_HUGE) | B(KPF_COMPOUND_HEAD), 1, false), KC_HUGETLB);
	/* mapped but off the LRU (isolated, say): neither movable nor kernel */
	assert_int_equal(classify_one(lru, 1, 9, B(KPF_MMAP) | B(KPF_ANON), 1, false), KC_OTHER);
	assert_int_equal(classify_one(B(KPF_BUDDY), 0, 9, B(KPF_NOPAGE), 0, false), KC_OTHER);
}

static void ks_parse(void **state)
{
	unsigned ks[KC_MAX_KS];

	(void)state;
	assert_int_equal(kc_parse_ks("0,4,64", ks, KC_MAX_KS), 3);
	assert_int_equal(ks[2], 64);
	assert_int_equal(kc_parse_ks("65", ks, KC_MAX_KS), -1);
	assert_int_equal(kc_parse_ks("1,,2", ks, KC_MAX_KS), -1);
	assert_int_equal(kc_parse_ks("", ks, KC_MAX_KS), -1);
	assert_int_equal(kc_parse_ks("1,2,3,4,5,6,7,8,9", ks, KC_MAX_KS), -1);
}

/* 1 GiB-aligned ranges of the node's zones, those holding a pin left out. */
static void gigantic_ranges_without_pins(void **state)
{
	const uint64_t G = 1ul << 18;
	const struct zone_span zones[] = {
		{ .node = 0, .start_pfn = 100, .spanned = 4 * G },	/* ranges at G, 2G, 3G */
		{ .node = 1, .start_pfn = 8 * G, .spanned = 4 * G },	/* another node */
	};
	const uint64_t pinned[] = { 50, 2 * G + 5, 9 * G };

	(void)state;
	assert_int_equal(kc_gigantic_pin_free(zones, 2, 0, pinned, 0), 3);
	assert_int_equal(kc_gigantic_pin_free(zones, 2, 0, pinned, 3), 2);
	assert_int_equal(kc_gigantic_pin_free(zones, 2, 1, pinned, 3), 3);
}

static void bad_params_exit_2(void **state)
{
	static const char *const bad[] = {
		"kcontig.ks=0,99", "kcontig.layouts=diagonal", "kcontig.region_mib=8",
		"kcontig.frag_mib=x", "kcontig.node=-1", "kcontig.huge_mib=maximum",
		"kcontig.huge_mib=-5",
	};
	char err[4096], *base = test_tmpdir(), dir[4200];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/out", base);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = { "run", "-b", "kcontig", "--param", bad[i], "-o", dir, NULL };

		assert_int_equal(run_cli(argv, err, sizeof(err)), 2);
		assert_false(path_exists(dir));
	}
	rm_rf(base);
	free(base);
}

/* ---- real kernel (root) -------------------------------------------------- */

#define NR_SETTINGS 3

static void settings_paths(char paths[NR_SETTINGS][160])
{
	kc_hugetlb_path(0, paths[0], sizeof(paths[0]));
	snprintf(paths[1], sizeof(paths[1]), "/proc/sys/vm/compaction_proactiveness");
	snprintf(paths[2], sizeof(paths[2]), "/sys/kernel/mm/transparent_hugepage/enabled");
}

/* The settings kcontig changes, read while no kernel benchmark runs. */
static void read_settings(char values[NR_SETTINGS][128])
{
	char paths[NR_SETTINGS][160];
	int lock = knob_lock_system(900);

	assert_true(lock >= 0);
	settings_paths(paths);
	for (int i = 0; i < NR_SETTINGS; i++) {
		if (knob_read(paths[i], values[i], sizeof(values[i])))
			snprintf(values[i], sizeof(values[i]), "absent");
	}
	knob_unlock_system(lock);
}

static bool kcontig_usable(void)
{
	char path[160];

	kc_hugetlb_path(0, path, sizeof(path));
	return geteuid() == 0 && access(path, W_OK) == 0 &&
	       access("/sys/devices/system/node/node0/compact", W_OK) == 0;
}

static pid_t start_kcontig(const char *run, const char *const *params)
{
	const char *argv[32] = { "pinbench", "run", "-b", "kcontig", "--quick", "--reps", "1",
				 "-o", run };
	int n = 9;
	pid_t pid;

	for (int i = 0; params[i]; i++) {
		argv[n++] = "--param";
		argv[n++] = params[i];
	}
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execv(pinbench_path(), (char *const *)argv);
		_exit(127);
	}
	return pid;
}

/* Lines of path that contain needle, or -1 when it cannot be read. */
static int lines_with(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

static void assert_settings_back(char before[NR_SETTINGS][128])
{
	char after[NR_SETTINGS][128];

	read_settings(after);
	for (int i = 0; i < NR_SETTINGS; i++)
		assert_string_equal(after[i], before[i]);
}

static void tiny_run_records_pins_and_restores(void **state)
{
	static const char *const params[] = {
		"kcontig.ks=0,4", "kcontig.layouts=spread", "kcontig.region_mib=160",
		"kcontig.pins=longterm,odirect",
		"kcontig.frag_mib=64", NULL,	/* huge_mib=max: the node's every page */
	};
	char before[NR_SETTINGS][128], run[4200], tsv[4300], *base;
	int status;

	(void)state;
	if (!kcontig_usable())
		skip();	/* kcontig skips itself without root and the sysfs files */
	base = test_tmpdir();
	snprintf(run, sizeof(run), "%s/run", base);
	read_settings(before);
	waitpid(start_kcontig(run, params), &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_manifest(run, "bench.kcontig.status", "ok");
	snprintf(tsv, sizeof(tsv), "%s/kcontig-pins.tsv", run);
	assert_int_equal(lines_with(tsv, "case\tpfn\tpageblock\tpage_in_block\tregion_block\t"
				       "region_blocks"), 1);
	/* every pin lies in one of the region's full blocks: a rank, never -1 */
	assert_int_equal(lines_with(tsv, "\t-1\t"), 0);
	/* 80 whole blocks: one group of 64 */
	assert_int_equal(lines_with(tsv, "pin=longterm,layout=spread,k=4,rep=0\t"), 4);
	assert_int_equal(lines_with(tsv, "pin=odirect,layout=spread,k=4,rep=0\t"), 4);
	/* asked for every page, the node's loss is set beside the k = 0 run's */
	snprintf(tsv, sizeof(tsv), "%s/summary.tsv", run);
	assert_int_equal(lines_with(tsv, "pin=longterm,layout=spread,k=4\thuge_lost_predicted\t"), 1);
	assert_int_equal(lines_with(tsv, "pin=longterm,layout=spread,k=4\thuge_lost\t"), 1);
	snprintf(tsv, sizeof(tsv), "%s/kcontig-maps/longterm-spread-k4-node0-Normal.txt", run);
	assert_true(lines_with(tsv, "# legend:") == 1 || !path_exists(tsv));
	assert_settings_back(before);
	rm_rf(base);
	free(base);
}

static void ctrl_c_restores_everything(void **state)
{
	static const char *const params[] = { "kcontig.frag_mib=256", "kcontig.pins=longterm,odirect",
					      NULL };
	char before[NR_SETTINGS][128], run[4200], tsv[4300], *base;
	int status;
	pid_t pid;

	(void)state;
	if (!kcontig_usable())
		skip();
	base = test_tmpdir();
	snprintf(run, sizeof(run), "%s/run", base);
	snprintf(tsv, sizeof(tsv), "%s/kcontig-pins.tsv", run);
	read_settings(before);
	pid = start_kcontig(run, params);
	/* In an O_DIRECT scenario: reads in flight, pins held, nr_hugepages
	 * raised now and then.  (It may wait for the kernel-benchmark lock.) */
	while (lines_with(tsv, "pin=odirect") <= 0 && waitpid(pid, &status, WNOHANG) == 0)
		usleep(20000);
	usleep(300000);
	kill(pid, SIGINT);
	waitpid(pid, &status, 0);
	assert_settings_back(before);
	assert_manifest(run, "status", "incomplete");
	rm_rf(base);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placement_follows_density_and_layout),
		cmocka_unit_test(placement_same_seed_same_pages),
		cmocka_unit_test(full_blocks_need_every_page),
		cmocka_unit_test(prediction_counts_unpinned_blocks),
		cmocka_unit_test(classifier_on_synthetic_flags),
		cmocka_unit_test(ks_parse),
		cmocka_unit_test(gigantic_ranges_without_pins),
		cmocka_unit_test(bad_params_exit_2),
		cmocka_unit_test(tiny_run_records_pins_and_restores),
		cmocka_unit_test(ctrl_c_restores_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
