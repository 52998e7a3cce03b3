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

int prom_head(FILE *f, const char *name, enum prom_type type,
	      const char *help)
{
	if (!prom_name_ok(name))
		return -1;
	fprintf(f, "# HELP %s ", name);
	prom_escape(f, help, 0);
	fprintf(f, "\n# TYPE %s %s\n", name,
		type == PROM_COUNTER ? "counter" : "gauge");
	return 0;
}

int prom_sample(FILE *f, const char *name, const char *const *labels,
		uint64_t value)
{
	const char *const *l;

	if (!prom_name_ok(name))
		return -1;
	for (l = labels; l && l[0]; l += 2)
		if (!prom_name_ok(l[0]) || !l[1])
			return -1;
	fputs(name, f);
	for (l = labels; l && l[0]; l += 2) {
		fprintf(f, "%c%s=\"", l == labels ? '{' : ',', l[0]);
		prom_escape(f, l[1], 1);
		fputc('"', f);
	}
	if (labels && labels[0])
		fputc('}', f);
	fprintf(f, " %" PRIu64 "\n", value);
	return 0;
}

int prom_family(FILE *f, const char *name, enum prom_type type,
		const char *help, const char *lname, const char *lval,
		uint64_t value)
{
	const char *labels[3] = { lname, lval, NULL };

	if (!prom_name_ok(name) || (lname && !prom_name_ok(lname)))
		return -1;
	prom_head(f, name, type, help);
	return prom_sample(f, name, labels, value);
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

/* @prefix@counter_total with - as _, or -1 if it does not fit @len. */
static int prom_counter_name(char *buf, size_t len, const char *prefix,
			     const char *counter)
{
	size_t n = (size_t)snprintf(buf, len, "%s%s_total", prefix, counter);

	if (n >= len)
		return -1;
	for (n = 0; buf[n]; n++)
		if (buf[n] == '-')
			buf[n] = '_';
	return 0;
}

static const char *const prom_flow_help[KSRTP_A_STATS_MAX + 1] = {
	[KSRTP_A_STATS_PACKETS] =
		"Packets protected (tx) or authenticated (rx) by the flows.",
	[KSRTP_A_STATS_BYTES] =
		"Plain RTP and RTCP bytes of those packets.",
	[KSRTP_A_STATS_RTCP_PACKETS] = "Of those packets, RTCP ones.",
	[KSRTP_A_STATS_AUTH_FAIL] =
		"SRTP or SRTCP packets that failed authentication, dropped.",
	[KSRTP_A_STATS_REPLAY_DUP] = "Replayed packets, dropped.",
	[KSRTP_A_STATS_REPLAY_OLD] =
		"Packets older than the replay window, dropped.",
	[KSRTP_A_STATS_MALFORMED] = "Malformed packets, dropped.",
	[KSRTP_A_STATS_UNKNOWN_SSRC] =
		"Packets of an SSRC the flow does not take, dropped.",
	[KSRTP_A_STATS_NO_KEY] =
		"Packets without a usable key (or MKI), dropped.",
	[KSRTP_A_STATS_PASSTHROUGH] =
		"STUN, DTLS and other non-RTP packets let through untouched.",
	[KSRTP_A_STATS_TOO_BIG] =
		"Packets too big once protected, dropped.",
	[KSRTP_A_STATS_SSRC_LIMIT] =
		"Packets of a new SSRC beyond the stream cap, dropped.",
	[KSRTP_A_STATS_ERRORS] =
		"Packets dropped on an internal error (memory, crypto).",
	[KSRTP_A_STATS_KEY_EXPIRED] =
		"Packets under a key past its limit or retired, dropped.",
	[KSRTP_A_STATS_TX_REPEAT] =
		"Packets sent again at an index already protected, dropped.",
};

/* ksrtp_flow_<counter>_total with a sample per direction the reply had. */
static void prom_flow_totals(FILE *f, const struct netns_info *ni,
			     const char *netns)
{
	unsigned int i;

	for (i = 1; i <= KSRTP_A_STATS_MAX; i++) {
		const char *ln = netns ? "netns" : NULL;
		const char *tx[] = { "dir", "tx", ln, netns, NULL };
		const char *rx[] = { "dir", "rx", ln, netns, NULL };
		int has_tx = ni->has_tx && ni->tx.present[i];
		int has_rx = ni->has_rx && ni->rx.present[i];
		const char *s = flow_stat_name(i);
		char name[64];

		if ((!has_tx && !has_rx) || !s || !prom_flow_help[i])
			continue;
		if (prom_counter_name(name, sizeof(name), "ksrtp_flow_", s))
			continue;
		if (prom_head(f, name, PROM_COUNTER, prom_flow_help[i]))
			continue;
		if (has_tx)
			prom_sample(f, name, tx, ni->tx.val[i]);
		if (has_rx)
			prom_sample(f, name, rx, ni->rx.val[i]);
	}
}

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

		if (!ni->stats.present[i] || !s || !prom_netns_help[i])
			continue;
		if (prom_counter_name(name, sizeof(name), "ksrtp_", s))
			continue;
		prom_family(f, name, PROM_COUNTER, prom_netns_help[i], lname,
			    netns, ni->stats.val[i]);
	}
	if (ni->has_streams)
		prom_family(f, "ksrtp_streams", PROM_GAUGE,
			    "SSRC streams the flows in the network namespace learned.",
			    lname, netns, ni->streams);
	prom_flow_totals(f, ni, netns);
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
