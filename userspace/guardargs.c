// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: the guard and stats command grammar (see guardargs.h).
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flowargs.h"
#include "guardargs.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

/* Is the span @s (@n chars) a decimal or 0x hex number? */
static int is_number(const char *s, size_t n)
{
	size_t i;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n; i++)
			if (!is_hex(s[i]))
				return 0;
		return 1;
	}
	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* One port, the span @s (@n chars) of @arg. */
static int parse_port(const char *what, const char *arg, const char *s,
		      size_t n, uint16_t *port, char *err, size_t errlen)
{
	char buf[16];
	uint32_t v;

	if (!is_number(s, n)) {
		seterr(err, errlen, "%s '%s': port '%.*s' is not a number",
		       what, arg, (int)n, s);
		return -1;
	}
	if (n > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9') {
		seterr(err, errlen,
		       "%s '%s': port '%.*s': no leading zeros (decimal, or 0x hex)",
		       what, arg, (int)n, s);
		return -1;
	}
	if (n >= sizeof(buf)) {
		v = 0;		/* far too long: out of range */
	} else {
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (flow_parse_u32(buf, &v))
			v = 0;
	}
	if (v == 0 || v > 65535) {
		seterr(err, errlen, "%s '%s': port '%.*s' is not 1..65535",
		       what, arg, (int)n, s);
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

int guard_parse_ports(const char *what, const char *arg, uint16_t *lo,
		      uint16_t *hi, char *err, size_t errlen)
{
	const char *dash = strchr(arg, '-');
	size_t n = strlen(arg);

	if (!n) {
		seterr(err, errlen,
		       "%s '': expected PORT or LO-HI (ports 1..65535)", what);
		return -1;
	}
	if (!dash) {
		if (parse_port(what, arg, arg, n, lo, err, errlen))
			return -1;
		*hi = *lo;
		return 0;
	}
	if (dash == arg) {
		seterr(err, errlen,
		       "%s '%s': missing the first port (expected LO-HI)",
		       what, arg);
		return -1;
	}
	if (!dash[1]) {
		seterr(err, errlen,
		       "%s '%s': missing the last port (expected LO-HI)", what,
		       arg);
		return -1;
	}
	if (parse_port(what, arg, arg, (size_t)(dash - arg), lo, err,
		       errlen) ||
	    parse_port(what, arg, dash + 1, strlen(dash + 1), hi, err,
		       errlen))
		return -1;
	if (*lo > *hi) {
		seterr(err, errlen,
		       "%s '%s': the first port (%u) is above the last (%u)",
		       what, arg, *lo, *hi);
		return -1;
	}
	return 0;
}

static int parse_dir(const char *cmd, const char *v, uint8_t *dir,
		     char *err, size_t errlen)
{
	if (!strcmp(v, "tx")) {
		*dir = KSRTP_DIR_TX;
	} else if (!strcmp(v, "rx")) {
		*dir = KSRTP_DIR_RX;
	} else {
		seterr(err, errlen, "%s: dir '%s': expected tx or rx", cmd, v);
		return -1;
	}
	return 0;
}

enum {
	GW_DIR = 1 << 0,
	GW_PORTS = 1 << 1,
};

static const struct flow_kw guard_words[] = {
	{ "dir", GW_DIR, 1 },
	{ "ports", GW_PORTS, 1 },
};

int guard_parse(int argc, char **argv, int del, struct guard_req *req,
		char *err, size_t errlen)
{
	const char *cmd = del ? "guard del" : "guard add";
	char what[32];
	unsigned int seen = 0;
	int i;

	memset(req, 0, sizeof(*req));
	snprintf(what, sizeof(what), "%s: ports", cmd);
	for (i = 0; i < argc; i++) {
		const struct flow_kw *k;
		const char *v;

		k = flow_take_kw(cmd, guard_words, ARRAY_SIZE(guard_words), argc, argv, &i,
				 &seen, &v, err, errlen);
		if (!k)
			return -1;
		if (k->bit == GW_DIR) {
			if (parse_dir(cmd, v, &req->dir, err, errlen))
				return -1;
		} else if (guard_parse_ports(what, v, &req->port_min,
					     &req->port_max, err, errlen)) {
			return -1;
		}
	}
	if (!(seen & GW_DIR)) {
		seterr(err, errlen, "%s: missing 'dir { tx | rx }'", cmd);
		return -1;
	}
	if (!(seen & GW_PORTS)) {
		seterr(err, errlen, "%s: missing 'ports LO[-HI]'", cmd);
		return -1;
	}
	return 0;
}

int guard_show_parse(int argc, char **argv, uint8_t *dir, char *err,
		     size_t errlen)
{
	const char *cmd = "guard show";
	int i, has_dir = 0;

	*dir = 0;
	for (i = 0; i < argc; i++) {
		if (!flow_kw_is(argv[i], "dir")) {
			seterr(err, errlen, "%s: unknown argument '%s'", cmd,
			       argv[i]);
			return -1;
		}
		if (has_dir) {
			seterr(err, errlen, "%s: 'dir' given twice", cmd);
			return -1;
		}
		if (i + 1 >= argc) {
			seterr(err, errlen, "%s: 'dir' needs a value", cmd);
			return -1;
		}
		if (parse_dir(cmd, argv[++i], dir, err, errlen))
			return -1;
		has_dir = 1;
	}
	return 0;
}

int stats_parse(int argc, char **argv, int *prom, char *err, size_t errlen)
{
	int i;

	*prom = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--prometheus")) {
			seterr(err, errlen, "stats: unexpected argument '%s'",
			       argv[i]);
			return -1;
		}
		if (*prom) {
			seterr(err, errlen,
			       "stats: '--prometheus' given twice");
			return -1;
		}
		*prom = 1;
	}
	return 0;
}
