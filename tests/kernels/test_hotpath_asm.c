// SPDX-License-Identifier: GPL-2.0
/*
 * tests/kernels/test_hotpath_asm.c - the page_to_pfn loops compile as the
 * kernel's would (issue 14, items 7-9), read from the objects this test was
 * built with (objdump -d; skipped without objdump or the objects):
 *
 * - page-callbacks: page - vmemmap for an 80-byte struct page is an exact
 *   division, sar + imul by the inverse of 5, never mul/div;
 * - proxy, dynamic-page (both pfn= variants), page-callbacks, baseline:
 *   the vmemmap base (pin_mem.memmap) is not loaded inside the loop, as
 *   the kernel's global vmemmap_base would be hoisted out of it.
 *
 * A plain build only (-O2, the flags benchmarks are built with); the
 * sanitizer builds compile other code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernels/pin_design.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INSNS 512

struct insn {
	unsigned long addr;
	char text[160];		/* mnemonic and operands */
};

struct func {
	struct insn insn[MAX_INSNS];
	size_t n;
};

/* The build directory's kernels/OBJ, from this binary's path. */
static bool object_path(const char *obj, char *path, size_t len)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *tests;

	if (n <= 0)
		return false;
	exe[n] = 0;
	tests = strstr(exe, "/tests/kernels/");
	if (!tests)
		return false;
	*tests = 0;
	snprintf(path, len, "%s/kernels/%s", exe, obj);
	return access(path, R_OK) == 0;
}

/* "  c0:\tmov    (%rsi),%rax" -> addr 0xc0, text "mov    (%rsi),%rax". */
static void add_insn(struct func *f, const char *line)
{
	char *end;
	unsigned long addr = strtoul(line, &end, 16);
	const char *tab = strchr(line, '\t');

	if (*end != ':' || !tab || f->n == MAX_INSNS)
		return;
	f->insn[f->n].addr = addr;
	snprintf(f->insn[f->n].text, sizeof(f->insn[0].text), "%s", tab + 1);
	f->insn[f->n].text[strcspn(f->insn[f->n].text, "\n")] = 0;
	f->n++;
}

/* The instructions of symbol name in obj; false when objdump is missing. */
static bool disassemble(const char *obj, const char *name, struct func *f)
{
	char path[4200], cmd[4400], line[512], head[160];
	bool in = false;
	FILE *p;

	if (!object_path(obj, path, sizeof(path)))
		return false;
	snprintf(cmd, sizeof(cmd), "objdump -d --no-show-raw-insn '%s' 2>/dev/null", path);
	snprintf(head, sizeof(head), "<%s>:", name);
	p = popen(cmd, "r");
	if (!p)
		return false;
	f->n = 0;
	while (fgets(line, sizeof(line), p)) {
		if (strstr(line, ">:"))
			in = strstr(line, head) != NULL;
		else if (in)
			add_insn(f, line);
	}
	pclose(p);
	return f->n > 0;
}

static bool mnemonic_is(const struct insn *in, const char *m)
{
	size_t len = strlen(m);

	return !strncmp(in->text, m, len) && (in->text[len] == ' ' || in->text[len] == 0);
}

/* Does a ret lie in [from, to]?  Then a jump back over it leaves, not loops. */
static bool ret_between(const struct func *f, unsigned long from, unsigned long to)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->insn[i].addr >= from && f->insn[i].addr <= to && mnemonic_is(&f->insn[i], "ret"))
			return true;
	return false;
}

/*
 * Every loop of f (a backward jump and the range it jumps over, no ret in
 * it) reads no memory at pin_mem.memmap's offset from a register: the
 * vmemmap base.
 */
static bool base_hoisted_in(const char *obj, const char *name)
{
	char mem_operand[32];
	struct func *f = calloc(1, sizeof(*f));
	size_t loops = 0;

	assert_non_null(f);
	snprintf(mem_operand, sizeof(mem_operand), "0x%zx(%%", offsetof(struct pin_mem, memmap));
	if (!disassemble(obj, name, f)) {
		free(f);
		return false;
	}
	for (size_t j = 0; j < f->n; j++) {
		unsigned long target;

		if (f->insn[j].text[0] != 'j' || !strchr(f->insn[j].text, '<'))
			continue;
		target = strtoul(strchr(f->insn[j].text, ' '), NULL, 16);	/* skips the blanks */
		if (target > f->insn[j].addr || ret_between(f, target, f->insn[j].addr))
			continue;
		loops++;
		for (size_t i = 0; i < f->n; i++)
			if (f->insn[i].addr >= target && f->insn[i].addr <= f->insn[j].addr &&
			    strstr(f->insn[i].text, mem_operand))
				fail_msg("%s: %s reloads the vmemmap base in its loop: %lx: %s", obj,
					 name, f->insn[i].addr, f->insn[i].text);
	}
	assert_true(loops > 0);
	free(f);
	return true;
}

static void check_base_hoisted(const char *obj, const char *name)
{
	if (!base_hoisted_in(obj, name))
		skip();
}

static void t_page_callbacks_exact_division(void **state)
{
	struct func *f = calloc(1, sizeof(*f));
	bool sar = false, imul = false;

	(void)state;
	assert_non_null(f);
	if (!disassemble("page_callbacks.o", "page_callbacks_page_to_pfn_batch", f)) {
		free(f);
		skip();
		return;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (mnemonic_is(&f->insn[i], "mul") || mnemonic_is(&f->insn[i], "div") ||
		    mnemonic_is(&f->insn[i], "idiv"))
			fail_msg("page_to_pfn divides as unsigned, not exactly: %s", f->insn[i].text);
		sar |= mnemonic_is(&f->insn[i], "sar");
		imul |= mnemonic_is(&f->insn[i], "imul");
	}
	assert_true(sar && imul);
	free(f);
	check_base_hoisted("page_callbacks.o", "page_callbacks_page_to_pfn_batch");
}

static void t_proxy_base_hoisted(void **state)
{
	(void)state;
	check_base_hoisted("proxy.o", "proxy_page_to_pfn_batch");
}

/*
 * Both pfn= loops live in the batch op that picks between them; the flag
 * loop is also its own function where gcc did not inline it (and was the
 * only one before the range variant came).
 */
static void t_dynamic_page_base_hoisted(void **state)
{
	bool picker = base_hoisted_in("dynamic_page.o", "dynamic_page_to_pfn_batch");
	bool flag = base_hoisted_in("dynamic_page.o", "dynamic_page_page_to_pfn_batch");

	(void)state;
	if (!picker && !flag)
		skip();
}

static void t_baseline_base_hoisted(void **state)
{
	(void)state;
	check_base_hoisted("baseline.o", "baseline_page_to_pfn_batch");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_page_callbacks_exact_division),
		cmocka_unit_test(t_proxy_base_hoisted),
		cmocka_unit_test(t_dynamic_page_base_hoisted),
		cmocka_unit_test(t_baseline_base_hoisted),
	};

	return cmocka_run_group_tests_name("hotpath_asm", tests, NULL, NULL);
}
