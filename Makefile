# pinbench - a benchmark suite and study of how Linux tracks pinned pages.
#
#   make bench   quick run of every benchmark into results/, with plots
#   make report A=RUN B=RUN   a cover letter comparing two runs
#   make test    unit, conformance and sanitizer tests
#   make vm-bench   compare kernels in qemu guests with NUMA nodes (README.md)
#
# Both first make sure the Debian packages are there (scripts/deps.sh).

CC      ?= gcc
CFLAGS  ?= -O2 -g
# format-truncation: gcc cannot see that paths are bounded (PATH_MAX checks).
WARN    := -Wall -Wextra -Werror -Wno-format-truncation
# Includes are path-qualified: "core/bench.h", "hotpath/internal.h" under
# bench/, "kernels/pin_design.h" and "workloads/fio.h" from the top.
CPPFLAGS += -D_GNU_SOURCE -I. -Ibench
# Every function and loop starts a 64-byte line: a hot loop of a few
# instructions that straddles a 64-byte boundary takes two op-cache lines a
# turn, and on the lab machine's AMD EPYC that doubled baseline page_to_pfn
# (0.7 -> 1.5 ns) while foll-pin's identical loop, inside one line, did not.
# Unaligned, where a loop lands depends on the size of unrelated code linked
# before it; aligned, it depends on its own function only.  (gcc aligns the
# loops it sees as loops; a rotated loop's head is a jump target, which the
# function's alignment pins down.)
ALIGN   := -falign-functions=64 -falign-loops=64
BASEFLAGS := -std=c11 -pthread $(WARN) $(ALIGN)
LIBS    := -lhwloc -lnuma -lpfm -lgsl -lgslcblas -ljansson -ltracefs \
           -ltraceevent -luring -laio -lm -pthread
TESTLIBS := -lcmocka

BUILD   := build
# The library: everything but the CLI entry point; benchmarks (a folder
# each under bench/) and designs are found by wildcard, so adding one
# touches no Makefile.
LIB_SRC := $(filter-out bench/cli/main.c,$(wildcard bench/*/*.c)) \
           $(wildcard kernels/*.c kernels/*/*.c) $(wildcard workloads/*.c)
TEST_SRC := $(wildcard tests/test_*.c tests/*/test_*.c)

# Three builds of the same sources: plain, AddressSanitizer, ThreadSanitizer.
define objs
$(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))
endef
FLAVOURS := plain asan tsan
FLAGS_plain :=
FLAGS_asan  := -fsanitize=address,undefined -fno-omit-frame-pointer -O1
FLAGS_tsan  := -fsanitize=thread -O1

.PHONY: all deps test test-unit test-sanitize bench quick-bench compare report plots clean \
        vm-bench test-vm kernel kernels kernel-check
all: deps $(BUILD)/pinbench

deps:
	@sh scripts/deps.sh build

$(BUILD)/%/.dir:
	@mkdir -p $(@D) && touch $@

define flavour_rules
$(BUILD)/$(1)/%.o: %.c Makefile
	@mkdir -p $$(@D)
	$$(CC) $$(CPPFLAGS) $$(CFLAGS) $$(BASEFLAGS) $$(FLAGS_$(1)) -MMD -MP -c $$< -o $$@

$(BUILD)/$(1)/libpinbench.a: $(call objs,$(1),$(LIB_SRC))
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^

$(BUILD)/$(1)/tests/%: $(BUILD)/$(1)/tests/%.o $(BUILD)/$(1)/libpinbench.a
	$$(CC) $$(CFLAGS) $$(FLAGS_$(1)) -o $$@ $$^ $$(TESTLIBS) $$(LIBS)
endef
$(foreach f,$(FLAVOURS),$(eval $(call flavour_rules,$(f))))

$(BUILD)/pinbench: $(BUILD)/plain/bench/cli/main.o $(BUILD)/plain/libpinbench.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

# Header dependencies, written by the compiler (-MMD -MP).
-include $(shell find $(addprefix $(BUILD)/,$(FLAVOURS)) -name '*.d' 2>/dev/null)

# The git revision goes into the manifest; the file changes only when it does.
GIT_REV := $(shell git describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
$(BUILD)/gitrev.h: FORCE
	@mkdir -p $(@D)
	@echo '#define PINBENCH_GIT_REV "$(GIT_REV)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(foreach f,$(FLAVOURS),$(BUILD)/$(f)/bench/core/manifest.o): $(BUILD)/gitrev.h
$(foreach f,$(FLAVOURS),$(BUILD)/$(f)/bench/core/manifest.o): CPPFLAGS += -include $(BUILD)/gitrev.h
.PHONY: FORCE
# libtracefs/libtraceevent keep their headers in subdirectories.
$(foreach f,$(FLAVOURS),$(BUILD)/$(f)/workloads/ktrace.o): CPPFLAGS += -I/usr/include/tracefs -I/usr/include/traceevent

TESTS_plain := $(patsubst %.c,$(BUILD)/plain/%,$(TEST_SRC))
# The sanitizers run the tests that exercise designs and the harness threads,
# and those that feed compare and plot bad run directories.
SAN_TESTS   := $(filter %/test_conformance.c %/test_stats.c %/test_results.c \
                        %/test_badrun.c %/test_fuzz.c,$(TEST_SRC))
TESTS_asan  := $(patsubst %.c,$(BUILD)/asan/%,$(SAN_TESTS))
TESTS_tsan  := $(patsubst %.c,$(BUILD)/tsan/%,$(filter %/test_conformance.c,$(SAN_TESTS)))

test: deps $(BUILD)/pinbench $(TESTS_plain) $(TESTS_asan) $(TESTS_tsan)
	@python3 tests/layout/check_layout.py $(BUILD)
	@python3 tests/report/check_report_links.py REPORT.md
	@for t in tests/*/test_*.py; do python3 $$t || exit 1; done
	@sh tests/run.sh $(BUILD)/pinbench $(TESTS_plain) $(TESTS_asan) $(TESTS_tsan)

test-unit: deps $(BUILD)/pinbench $(TESTS_plain)
	@python3 tests/layout/check_layout.py $(BUILD)
	@python3 tests/report/check_report_links.py REPORT.md
	@for t in tests/*/test_*.py; do python3 $$t || exit 1; done
	@sh tests/run.sh $(BUILD)/pinbench $(TESTS_plain)

test-sanitize: deps $(TESTS_asan) $(TESTS_tsan)
	@sh tests/run.sh $(BUILD)/pinbench $(TESTS_asan) $(TESTS_tsan)

# The main job: a quick run of every benchmark, then its plots.
RUN_ARGS ?= --quick
bench: deps $(BUILD)/pinbench
	@$(BUILD)/pinbench run $(RUN_ARGS) --print-dir=$(BUILD)/last-run
	@$(BUILD)/pinbench plot "$$(cat $(BUILD)/last-run)" -o "$$(cat $(BUILD)/last-run)/plots" || \
		echo "pinbench: plots not written (see above)" >&2

compare: deps $(BUILD)/pinbench
	@test -n "$(A)" -a -n "$(B)$(RUNS)" || { echo "usage: make compare A=RUN_DIR B=RUN_DIR [RUNS='more dirs']" >&2; exit 2; }
	@$(BUILD)/pinbench compare $(A) $(B) $(RUNS)

# A cover letter of two runs (or more): DIR/letter.txt, letter.md and figures.
report: deps $(BUILD)/pinbench
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make report A=RUN_DIR B=RUN_DIR [RUNS='more dirs'] [OUT=DIR]" >&2; exit 2; }
	@$(BUILD)/pinbench report $(if $(OUT),-o $(OUT)) $(A) $(B) $(RUNS)

plots: deps $(BUILD)/pinbench
	@test -n "$(RUNS)" || { echo "usage: make plots RUNS='RUN_DIR...' [OUT=DIR]" >&2; exit 2; }
	@$(BUILD)/pinbench plot $(RUNS) $(if $(OUT),-o $(OUT))

# The VM lab (scripts/vm-bench.sh): boot kernel images under qemu with a
# NUMA topology, run the suite inside, compare.  KERNELS empty: Debian's
# newest 6.1 and 6.12.  VIRT=auto|kvm|tcg, VM_TIMEOUT seconds per boot.
NODES ?= 2
CPUS  ?= 2
MEM   ?= 4G
vm-bench: deps $(BUILD)/pinbench
	@sh scripts/deps.sh vm
	@sh scripts/vm-bench.sh --pinbench $(BUILD)/pinbench --nodes "$(NODES)" --cpus "$(CPUS)" \
		--mem "$(MEM)" --virt "$(VIRT)" --timeout "$(VM_TIMEOUT)" --args "$(ARGS)" -- $(KERNELS)

# One kernel, 2 nodes, the quickest subset; checks what came back.
test-vm: deps $(BUILD)/pinbench
	@sh scripts/deps.sh vm
	@sh scripts/vm-test.sh --pinbench $(BUILD)/pinbench $(if $(KERNELS),-- $(KERNELS))

# The designs as real kernels (scripts/kernel-build.sh): Debian's
# linux-source-6.12 with kernels/patches/guest.config and the series
# kernels/patches/PATCH/*.patch; prints the bzImage, cached by hash.
# `make kernel-check` applies every series and checks the config, no build
# (CI runs it).
PATCH_NAMES := $(notdir $(patsubst %/,%,$(wildcard kernels/patches/*/)))
kernel:
	@test -n "$(PATCH)" || { echo "usage: make kernel PATCH=NAME (one of: $(PATCH_NAMES))" >&2; exit 2; }
	@sh scripts/deps.sh kernel
	@sh scripts/kernel-build.sh $(PATCH)

kernels:
	@sh scripts/deps.sh kernel
	@sh scripts/kernel-build.sh $(PATCH_NAMES)

kernel-check:
	@sh scripts/deps.sh kernel
	@sh scripts/kernel-build.sh --check $(PATCH_NAMES)

clean:
	rm -rf $(BUILD)

.SECONDARY:
