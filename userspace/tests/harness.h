/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness of the srtpctl unit tests. Define TEST_SUITE ("flowargs")
 * before including this.
 *
 * report() prints "PASS userspace/<suite>_<name>" or "FAIL
 * userspace/<suite>_<name>: reason" per case and counts it; main() ends
 * with "return test_summary();", which prints the counts and is non-zero
 * if any case failed.
 */
#ifndef SRTPCTL_TESTS_HARNESS_H
#define SRTPCTL_TESTS_HARNESS_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TEST_SUITE
#error "define TEST_SUITE before including harness.h"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* RFC 4568 section 6.1 example key: 16 key bytes, then 14 salt bytes. */
#define RFC_B64	"PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
static const uint8_t rfc_key[16] = {
	0x3d, 0x2d, 0x6e, 0x40, 0x25, 0x5e, 0x78, 0x21,
	0x42, 0x6a, 0x75, 0x66, 0x72, 0x39, 0x29, 0x3f,
};
static const uint8_t rfc_salt[14] = {
	0x2c, 0x23, 0x35, 0x68, 0x5c, 0x60, 0x3d, 0x26,
	0x5d, 0x7b, 0x71, 0x69, 0x50, 0x51,
};

static unsigned int passed, failed;

static inline void report(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void report(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS userspace/" TEST_SUITE "_%s\n", name);
		passed++;
		return;
	}
	printf("FAIL userspace/" TEST_SUITE "_%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed++;
}

/* Print the counts; the exit status of main(). */
static inline int test_summary(void)
{
	printf("# " TEST_SUITE ": %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* Report whether @got (malloc'd, freed here) is @want. */
static inline void expect_str(const char *name, char *got, const char *want)
{
	report(name, !strcmp(got, want), "got '%s' want '%s'", got, want);
	free(got);
}

/*
 * Split @line on spaces into a writable argv; returns argc. A '~' stands
 * for a space inside one word (an a=crypto line).
 */
static inline int split(char *line, char **argv, int max)
{
	int argc = 0;
	char *tok, *save = NULL, *p;

	for (tok = strtok_r(line, " ", &save); tok && argc < max;
	     tok = strtok_r(NULL, " ", &save)) {
		for (p = tok; *p; p++)
			if (*p == '~')
				*p = ' ';
		argv[argc++] = tok;
	}
	return argc;
}

static inline int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

#endif /* SRTPCTL_TESTS_HARNESS_H */
