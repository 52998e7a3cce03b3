// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: the Prometheus text exposition format. See prom.h and
 * https://prometheus.io/docs/instrumenting/exposition_formats/.
 */

#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <linux/ksrtp.h>

#include "prom.h"

static int prom_name_ok(const char *s)
{
	const char *p;

	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == ':'))
			return 0;
	return 1;
}

/* HELP text escapes \ and newline; a label value also ". */
static void prom_escape(FILE *f, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '"' && quote)
			fputs("\\\"", f);
		else
			fputc(*s, f);
	}
}

int prom_family(FILE *f, const char *name, enum prom_type type,
		const char *help, const char *lname, const char *lval,
		uint64_t value)
{
	if (!prom_name_ok(name) || (lname && !prom_name_ok(lname)))
		return -1;
	fprintf(f, "# HELP %s ", name);
	prom_escape(f, help, 0);
	fprintf(f, "\n# TYPE %s %s\n%s", name,
		type == PROM_COUNTER ? "counter" : "gauge", name);
	if (lname) {
		fprintf(f, "{%s=\"", lname);
		prom_escape(f, lval, 1);
		fputs("\"}", f);
	}
	fprintf(f, " %" PRIu64 "\n", value);
	return 0;
}

static const char *const prom_netns_help[KSRTP_A_NETNS_STATS_MAX + 1] = {
	[KSRTP_A_NETNS_STATS_GUARD_TX] =
		"RTP or RTCP from a guarded port without a flow, dropped.",
	[KSRTP_A_NETNS_STATS_GUARD_RX] =
		"RTP or RTCP to a guarded port without a flow, dropped.",
	[KSRTP_A_NETNS_STATS_FRAGMENTS] =
		"Unreassembled first fragments of a flow or guarded port, dropped.",
	[KSRTP_A_NETNS_STATS_GSO_ERRORS] =
		"GSO or GRO packets of a flow or guarded port that could not be split, dropped.",
	[KSRTP_A_NETNS_STATS_GSO_SPLIT] =
		"GSO or GRO packets of a flow or guarded port split into datagrams.",
};

void prom_netns_print(FILE *f, const struct netns_info *ni,
		      const char *netns)
{
	const char *lname = netns ? "netns" : NULL;
	unsigned int i;

	if (ni->has_flows)
		prom_family(f, "ksrtp_flows", PROM_GAUGE,
			    "Flows in the network namespace.", lname, netns,
			    ni->flows);
	if (ni->has_guards)
		prom_family(f, "ksrtp_guards", PROM_GAUGE,
			    "Guarded port ranges in the network namespace.",
			    lname, netns, ni->guards);
	for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++) {
		const char *s = netns_stat_name(i);
		char name[64];
		size_t n;

		if (!ni->stats.present[i] || !s || !prom_netns_help[i])
			continue;
		n = (size_t)snprintf(name, sizeof(name), "ksrtp_%s_total", s);
		if (n >= sizeof(name))
			continue;
		for (n = 0; name[n]; n++)
			if (name[n] == '-')
				name[n] = '_';
		prom_family(f, name, PROM_COUNTER, prom_netns_help[i], lname,
			    netns, ni->stats.val[i]);
	}
}

int prom_netns_id(char *buf, size_t len)
{
	char link[64], *b, *e;
	ssize_t n;

	n = readlink("/proc/self/ns/net", link, sizeof(link) - 1);
	if (n < 0)
		return -1;
	link[n] = '\0';
	/* "net:[4026531840]" */
	b = strchr(link, '[');
	e = strchr(link, ']');
	if (!b || !e || e < b + 2 || (size_t)(e - b) > len)
		return -1;
	memcpy(buf, b + 1, e - b - 1);
	buf[e - b - 1] = '\0';
	return 0;
}
