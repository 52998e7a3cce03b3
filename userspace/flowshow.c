// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: printing flows, as text or JSON. Key material is never part of
 * a flow_info (the kernel never sends it), so it cannot be printed.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <ksrtp/ksrtp.h>

#include "flowargs.h"
#include "flowshow.h"

static const char *const stat_names[KSRTP_A_STATS_MAX + 1] = {
	[KSRTP_A_STATS_PACKETS] = "packets",
	[KSRTP_A_STATS_BYTES] = "bytes",
	[KSRTP_A_STATS_RTCP_PACKETS] = "rtcp-packets",
	[KSRTP_A_STATS_AUTH_FAIL] = "auth-fail",
	[KSRTP_A_STATS_REPLAY_DUP] = "replay-dup",
	[KSRTP_A_STATS_REPLAY_OLD] = "replay-old",
	[KSRTP_A_STATS_MALFORMED] = "malformed",
	[KSRTP_A_STATS_UNKNOWN_SSRC] = "unknown-ssrc",
	[KSRTP_A_STATS_NO_KEY] = "no-key",
	[KSRTP_A_STATS_PASSTHROUGH] = "passthrough",
	[KSRTP_A_STATS_TOO_BIG] = "too-big",
	[KSRTP_A_STATS_SSRC_LIMIT] = "ssrc-limit",
	[KSRTP_A_STATS_ERRORS] = "errors",
	[KSRTP_A_STATS_KEY_EXPIRED] = "key-expired",
	[KSRTP_A_STATS_TX_REPEAT] = "tx-repeat",
};

static const char *const netns_stat_names[KSRTP_A_NETNS_STATS_MAX + 1] = {
	[KSRTP_A_NETNS_STATS_GUARD_TX] = "guard-tx",
	[KSRTP_A_NETNS_STATS_GUARD_RX] = "guard-rx",
	[KSRTP_A_NETNS_STATS_FRAGMENTS] = "fragments",
	[KSRTP_A_NETNS_STATS_GSO_ERRORS] = "gso-errors",
	[KSRTP_A_NETNS_STATS_GSO_SPLIT] = "gso-split",
};

static const char *const slot_names[] = {
	[KSRTP_KEY_SLOT_CURRENT] = "current",
	[KSRTP_KEY_SLOT_NEXT] = "next",
	[KSRTP_KEY_SLOT_PREVIOUS] = "previous",
	[KSRTP_KEY_SLOT_PENDING] = "pending",
	[KSRTP_KEY_SLOT_STANDBY] = "standby",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

const char *key_slot_name(uint8_t slot)
{
	return slot < ARRAY_SIZE(slot_names) ? slot_names[slot] : NULL;
}

/* The names are libksrtp's. */
const char *event_type_name(uint8_t type)
{
	return ksrtp_event_type_name(type);
}

const char *event_reason_name(uint8_t reason)
{
	return ksrtp_event_reason_name(reason);
}

const char *flow_stat_name(unsigned int i)
{
	return i <= KSRTP_A_STATS_MAX ? stat_names[i] : NULL;
}

const char *netns_stat_name(unsigned int i)
{
	return i <= KSRTP_A_NETNS_STATS_MAX ? netns_stat_names[i] : NULL;
}

/* JSON keys: the attribute name with '-' as '_'. */
static void json_key(FILE *f, const char *name)
{
	fputc('"', f);
	for (; *name; name++)
		fputc(*name == '-' ? '_' : *name, f);
	fputs("\":", f);
}

static void fmt_addr(char *buf, size_t len, uint16_t family,
		     const uint8_t *addr, unsigned int alen, int bracket)
{
	char tmp[INET6_ADDRSTRLEN];

	if (alen == 4 && family == AF_INET &&
	    inet_ntop(AF_INET, addr, tmp, sizeof(tmp))) {
		snprintf(buf, len, "%s", tmp);
	} else if (alen == 16 && family == AF_INET6 &&
		   inet_ntop(AF_INET6, addr, tmp, sizeof(tmp))) {
		snprintf(buf, len, bracket ? "[%s]" : "%s", tmp);
	} else {
		snprintf(buf, len, "?");
	}
}

static void fmt_endpoint(char *buf, size_t len, uint16_t family,
			 const uint8_t *addr, unsigned int alen, int has_port,
			 uint16_t port)
{
	char a[INET6_ADDRSTRLEN + 2];

	if (!alen && !has_port) {
		snprintf(buf, len, "any");
		return;
	}
	if (alen)
		fmt_addr(a, sizeof(a), family, addr, alen, 1);
	else
		snprintf(a, sizeof(a), "any");
	if (has_port)
		snprintf(buf, len, "%s:%u", a, port);
	else
		snprintf(buf, len, "%s:any", a);
}

static const char *dir_name(uint8_t dir)
{
	if (dir == KSRTP_DIR_TX)
		return "tx";
	if (dir == KSRTP_DIR_RX)
		return "rx";
	return "?";
}

static void suite_name(char *buf, size_t len, uint32_t suite)
{
	const struct ks_suite *s = flow_suite_from_uapi(suite);

	if (s)
		snprintf(buf, len, "%s", s->name);
	else
		snprintf(buf, len, "%" PRIu32, suite);
}

/* The flow's MKI as bare hex, as keys and events print it. */
static void fmt_mki(char *buf, size_t len, const struct flow_info *fi);

static void print_stats_text(FILE *f, const struct flow_stats *st)
{
	unsigned int i;

	for (i = 1; i <= KSRTP_A_STATS_MAX; i++)
		if (st->present[i])
			fprintf(f, " %s %" PRIu64, stat_names[i], st->val[i]);
}

static void print_stats_json(FILE *f, const struct flow_stats *st)
{
	unsigned int i;
	int first = 1;

	fputc('{', f);
	for (i = 1; i <= KSRTP_A_STATS_MAX; i++) {
		if (!st->present[i])
			continue;
		if (!first)
			fputc(',', f);
		first = 0;
		json_key(f, stat_names[i]);
		fprintf(f, "%" PRIu64, st->val[i]);
	}
	fputc('}', f);
}

static void print_text(FILE *f, const struct flow_info *fi, int stats)
{
	char buf[128];
	unsigned int i;

	fprintf(f, "flow %" PRIu32 " %s", fi->id, dir_name(fi->dir));
	fmt_endpoint(buf, sizeof(buf), fi->family, fi->local_addr,
		     fi->local_addr_len, fi->has_local_port, fi->local_port);
	fprintf(f, " local %s", buf);
	fmt_endpoint(buf, sizeof(buf), fi->family, fi->remote_addr,
		     fi->remote_addr_len, fi->has_remote_port,
		     fi->remote_port);
	fprintf(f, " remote %s", buf);
	suite_name(buf, sizeof(buf), fi->suite);
	fprintf(f, " suite %s", buf);
	if (fi->srtcp_tag_len)
		fprintf(f, " srtcp-tag %u", fi->srtcp_tag_len * 8u);
	if (fi->mki_len) {
		fmt_mki(buf, sizeof(buf), fi);
		fprintf(f, " mki %s", buf);
	}
	if (fi->has_ssrc)
		fprintf(f, " ssrc 0x%08" PRIx32, fi->ssrc);
	else
		fprintf(f, " ssrc any");
	if (fi->has_max_ssrcs && !fi->has_ssrc)
		fprintf(f, " max-ssrcs %" PRIu32, fi->max_ssrcs);
	if (fi->has_ssrc_idle_ms)
		fprintf(f, " ssrc-idle-ms %" PRIu32, fi->ssrc_idle_ms);
	if (fi->rtcp_mux)
		fprintf(f, " rtcp-mux");
	if (fi->rtcp)
		fprintf(f, " rtcp");
	if (fi->has_replay_window)
		fprintf(f, " replay-window %" PRIu32, fi->replay_window);
	if (fi->has_roc)
		fprintf(f, " roc %" PRIu32, fi->roc);
	if (fi->reset_roc)
		fprintf(f, " reset-roc");
	if (fi->has_grace_ms)
		fprintf(f, " grace-ms %" PRIu32, fi->grace_ms);
	if (fi->has_grace_packets)
		fprintf(f, " grace-packets %" PRIu32, fi->grace_packets);
	if (fi->has_stream_count)
		fprintf(f, " streams %" PRIu32, fi->stream_count);
	if (fi->cookie)
		fprintf(f, " cookie %" PRIu64, fi->cookie);
	if (fi->has_owner)
		fprintf(f, " owner %" PRIu32, fi->owner_portid);
	fputc('\n', f);
	for (i = 0; i < fi->n_keys; i++) {
		fprintf(f, "    ");
		key_print(f, &fi->keys[i], 0);
	}
	if (!stats)
		return;
	if (fi->has_stats) {
		fprintf(f, "    stats");
		print_stats_text(f, &fi->stats);
		fputc('\n', f);
	}
	for (i = 0; i < fi->n_streams; i++) {
		fprintf(f, "    ");
		stream_print(f, &fi->streams[i], 0);
	}
}

void stream_print(FILE *f, const struct flow_stream *s, int json)
{
	int first = 1;

	if (!json) {
		fprintf(f, "stream");
		if (s->has_ssrc)
			fprintf(f, " ssrc 0x%08" PRIx32, s->ssrc);
		if (s->has_roc)
			fprintf(f, " roc %" PRIu32, s->roc);
		if (s->has_seq)
			fprintf(f, " seq %u", s->seq);
		if (s->has_srtcp_index)
			fprintf(f, " srtcp-index %" PRIu32, s->srtcp_index);
		if (s->has_idle_ms)
			fprintf(f, " idle-ms %" PRIu32, s->idle_ms);
		if (s->has_stats)
			print_stats_text(f, &s->stats);
		fputc('\n', f);
		return;
	}
	fputc('{', f);
#define JFIELD(has, name, fmt, val)					\
	do {								\
		if (has) {						\
			fprintf(f, "%s\"" name "\":" fmt,		\
				first ? "" : ",", val);			\
			first = 0;					\
		}							\
	} while (0)
	JFIELD(s->has_ssrc, "ssrc", "%" PRIu32, s->ssrc);
	JFIELD(s->has_roc, "roc", "%" PRIu32, s->roc);
	JFIELD(s->has_seq, "seq", "%u", s->seq);
	JFIELD(s->has_srtcp_index, "srtcp_index", "%" PRIu32, s->srtcp_index);
	JFIELD(s->has_idle_ms, "idle_ms", "%" PRIu32, s->idle_ms);
#undef JFIELD
	fprintf(f, "%s\"stats\":", first ? "" : ",");
	print_stats_json(f, &s->stats);
	fputc('}', f);
}

static void print_json(FILE *f, const struct flow_info *fi, int stats)
{
	char buf[128];
	unsigned int i;

	fprintf(f, "{\"id\":%" PRIu32 ",\"dir\":\"%s\"", fi->id,
		dir_name(fi->dir));
	fprintf(f, ",\"family\":\"%s\"",
		fi->family == AF_INET ? "inet" :
		fi->family == AF_INET6 ? "inet6" : "?");
	if (fi->local_addr_len) {
		fmt_addr(buf, sizeof(buf), fi->family, fi->local_addr,
			 fi->local_addr_len, 0);
		fprintf(f, ",\"local_addr\":\"%s\"", buf);
	} else {
		fprintf(f, ",\"local_addr\":null");
	}
	if (fi->has_local_port)
		fprintf(f, ",\"local_port\":%u", fi->local_port);
	else
		fprintf(f, ",\"local_port\":null");
	if (fi->remote_addr_len) {
		fmt_addr(buf, sizeof(buf), fi->family, fi->remote_addr,
			 fi->remote_addr_len, 0);
		fprintf(f, ",\"remote_addr\":\"%s\"", buf);
	} else {
		fprintf(f, ",\"remote_addr\":null");
	}
	if (fi->has_remote_port)
		fprintf(f, ",\"remote_port\":%u", fi->remote_port);
	else
		fprintf(f, ",\"remote_port\":null");
	suite_name(buf, sizeof(buf), fi->suite);
	fprintf(f, ",\"suite\":\"%s\"", buf);
	if (fi->srtcp_tag_len)
		fprintf(f, ",\"srtcp_tag\":%u", fi->srtcp_tag_len * 8u);
	if (fi->mki_len) {
		fmt_mki(buf, sizeof(buf), fi);
		fprintf(f, ",\"mki\":\"%s\"", buf);
	} else {
		fprintf(f, ",\"mki\":null");
	}
	if (fi->has_ssrc)
		fprintf(f, ",\"ssrc\":%" PRIu32, fi->ssrc);
	else
		fprintf(f, ",\"ssrc\":null");
	if (fi->has_max_ssrcs)
		fprintf(f, ",\"max_ssrcs\":%" PRIu32, fi->max_ssrcs);
	if (fi->has_ssrc_idle_ms)
		fprintf(f, ",\"ssrc_idle_ms\":%" PRIu32, fi->ssrc_idle_ms);
	fprintf(f, ",\"rtcp_mux\":%s,\"rtcp\":%s",
		fi->rtcp_mux ? "true" : "false", fi->rtcp ? "true" : "false");
	if (fi->has_replay_window)
		fprintf(f, ",\"replay_window\":%" PRIu32, fi->replay_window);
	if (fi->has_roc)
		fprintf(f, ",\"roc\":%" PRIu32, fi->roc);
	fprintf(f, ",\"reset_roc\":%s", fi->reset_roc ? "true" : "false");
	if (fi->has_grace_ms)
		fprintf(f, ",\"grace_ms\":%" PRIu32, fi->grace_ms);
	if (fi->has_grace_packets)
		fprintf(f, ",\"grace_packets\":%" PRIu32, fi->grace_packets);
	if (fi->has_stream_count)
		fprintf(f, ",\"stream_count\":%" PRIu32, fi->stream_count);
	if (fi->cookie)
		fprintf(f, ",\"cookie\":%" PRIu64, fi->cookie);
	if (fi->has_owner)
		fprintf(f, ",\"owner_portid\":%" PRIu32, fi->owner_portid);
	fprintf(f, ",\"keys\":[");
	for (i = 0; i < fi->n_keys; i++) {
		if (i)
			fputc(',', f);
		key_print(f, &fi->keys[i], 1);
	}
	fputc(']', f);
	if (stats) {
		fprintf(f, ",\"stats\":");
		print_stats_json(f, &fi->stats);
		fprintf(f, ",\"streams\":[");
		for (i = 0; i < fi->n_streams; i++) {
			if (i)
				fputc(',', f);
			stream_print(f, &fi->streams[i], 1);
		}
		fputc(']', f);
	}
	fputc('}', f);
}

void flow_print(FILE *f, const struct flow_info *fi, int stats, int json)
{
	if (json)
		print_json(f, fi, stats);
	else
		print_text(f, fi, stats);
}

void flow_info_free(struct flow_info *fi)
{
	free(fi->streams);
	fi->streams = NULL;
	fi->n_streams = 0;
	free(fi->keys);
	fi->keys = NULL;
	fi->n_keys = 0;
}

/* An MKI as bare hex, "01" or "0a0b0c0d": what "mki HEX" accepts. */
static void fmt_mki_hex(char *buf, size_t len, const uint8_t *mki,
			unsigned int n)
{
	unsigned int i;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off + 3 <= len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%02x", mki[i]);
}

static void fmt_mki(char *buf, size_t len, const struct flow_info *fi)
{
	fmt_mki_hex(buf, len, fi->mki, fi->mki_len);
}

/* A crypto driver name, or null; only the characters such names use. */
static void json_driver(FILE *f, const char *name, const char *val)
{
	const char *p;

	fprintf(f, ",\"%s\":", name);
	if (!val[0]) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (p = val; *p; p++)
		fputc(isalnum((unsigned char)*p) || strchr("_-(),.", *p) ?
		      *p : '?', f);
	fputc('"', f);
}

void key_print(FILE *f, const struct flow_key *k, int json)
{
	const char *slot = key_slot_name(k->slot);
	char mki[2 * KSRTP_MKI_MAX_LEN + 1];

	fmt_mki_hex(mki, sizeof(mki), k->mki, k->mki_len);
	if (!json) {
		if (slot)
			fprintf(f, "key %s", slot);
		else
			fprintf(f, "key %u", k->slot);
		if (k->mki_len)
			fprintf(f, " mki %s", mki);
		if (k->has_from_index)
			fprintf(f, " from %" PRIu64, k->from_index);
		if (k->has_lifetime)
			fprintf(f, " lifetime %" PRIu64, k->lifetime);
		if (k->has_soft_lifetime)
			fprintf(f, " soft-lifetime %" PRIu64, k->soft_lifetime);
		if (k->has_srtp_packets)
			fprintf(f, " srtp-packets %" PRIu64, k->srtp_packets);
		if (k->has_srtcp_packets)
			fprintf(f, " srtcp-packets %" PRIu64, k->srtcp_packets);
		if (k->cipher[0])
			fprintf(f, " cipher %s", k->cipher);
		if (k->cipher_fallback[0])
			fprintf(f, " cipher-fallback %s", k->cipher_fallback);
		if (k->auth[0])
			fprintf(f, " auth %s", k->auth);
		fputc('\n', f);
		return;
	}
	if (slot)
		fprintf(f, "{\"slot\":\"%s\"", slot);
	else
		fprintf(f, "{\"slot\":\"%u\"", k->slot);
	if (k->mki_len)
		fprintf(f, ",\"mki\":\"%s\"", mki);
	else
		fprintf(f, ",\"mki\":null");
#define JU64(has, name, val)						\
	do {								\
		if (has)						\
			fprintf(f, ",\"" name "\":%" PRIu64, val);	\
		else							\
			fprintf(f, ",\"" name "\":null");		\
	} while (0)
	JU64(k->has_from_index, "from_index", k->from_index);
	JU64(k->has_lifetime, "lifetime", k->lifetime);
	JU64(k->has_soft_lifetime, "soft_lifetime", k->soft_lifetime);
	JU64(k->has_srtp_packets, "srtp_packets", k->srtp_packets);
	JU64(k->has_srtcp_packets, "srtcp_packets", k->srtcp_packets);
#undef JU64
	json_driver(f, "cipher", k->cipher);
	json_driver(f, "cipher_fallback", k->cipher_fallback);
	json_driver(f, "auth", k->auth);
	fputc('}', f);
}

void event_print(FILE *f, const struct key_event *ev, int json)
{
	const char *name = event_type_name(ev->type);
	const char *reason = event_reason_name(ev->reason);
	char mki[2 * KSRTP_MKI_MAX_LEN + 1];
	char num[8], rnum[8];

	snprintf(num, sizeof(num), "%u", ev->type);
	if (!name)
		name = num;
	snprintf(rnum, sizeof(rnum), "%u", ev->reason);
	if (!reason)
		reason = rnum;
	fmt_mki_hex(mki, sizeof(mki), ev->mki, ev->mki_len);
	if (!json) {
		fprintf(f, "event %s", name);
		if (ev->has_flow_id)
			fprintf(f, " flow %" PRIu32, ev->flow_id);
		if (ev->mki_len)
			fprintf(f, " mki %s", mki);
		if (ev->has_from_index)
			fprintf(f, " from %" PRIu64, ev->from_index);
		if (ev->has_ssrc)
			fprintf(f, " ssrc 0x%08" PRIx32, ev->ssrc);
		if (ev->reason)
			fprintf(f, " reason %s", reason);
		if (ev->cookie)
			fprintf(f, " cookie %" PRIu64, ev->cookie);
		fputc('\n', f);
		return;
	}
	fprintf(f, "{\"event\":\"%s\"", name);
	if (ev->has_flow_id)
		fprintf(f, ",\"id\":%" PRIu32, ev->flow_id);
	if (ev->mki_len)
		fprintf(f, ",\"mki\":\"%s\"", mki);
	if (ev->has_from_index)
		fprintf(f, ",\"from_index\":%" PRIu64, ev->from_index);
	if (ev->has_ssrc)
		fprintf(f, ",\"ssrc\":%" PRIu32, ev->ssrc);
	if (ev->reason)
		fprintf(f, ",\"reason\":\"%s\"", reason);
	if (ev->cookie)
		fprintf(f, ",\"cookie\":%" PRIu64, ev->cookie);
	fputs("}\n", f);
}

void guard_print(FILE *f, const struct guard_info *g, int json)
{
	if (json) {
		fprintf(f, "{\"dir\":\"%s\",\"port_min\":%u,\"port_max\":%u}",
			dir_name(g->dir), g->port_min, g->port_max);
		return;
	}
	if (g->port_min == g->port_max)
		fprintf(f, "guard %s ports %u\n", dir_name(g->dir),
			g->port_min);
	else
		fprintf(f, "guard %s ports %u-%u\n", dir_name(g->dir),
			g->port_min, g->port_max);
}

void netns_print(FILE *f, const struct netns_info *ni, int json)
{
	const struct netns_stats *st = &ni->stats;
	unsigned int i;
	int first = 1;

	if (!json) {
		const char *sep = "";

		if (ni->has_flows) {
			fprintf(f, "flows %" PRIu32, ni->flows);
			sep = " ";
		}
		if (ni->has_guards) {
			fprintf(f, "%sguards %" PRIu32, sep, ni->guards);
			sep = " ";
		}
		if (ni->has_streams)
			fprintf(f, "%sstreams %" PRIu32, sep, ni->streams);
		fputc('\n', f);
		if (ni->has_stats) {
			fprintf(f, "    stats");
			for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++)
				if (st->present[i])
					fprintf(f, " %s %" PRIu64,
						netns_stat_names[i],
						st->val[i]);
			fputc('\n', f);
		}
		if (ni->has_tx) {
			fprintf(f, "    tx");
			print_stats_text(f, &ni->tx);
			fputc('\n', f);
		}
		if (ni->has_rx) {
			fprintf(f, "    rx");
			print_stats_text(f, &ni->rx);
			fputc('\n', f);
		}
		return;
	}
	if (ni->has_flows)
		fprintf(f, "{\"flows\":%" PRIu32, ni->flows);
	else
		fprintf(f, "{\"flows\":null");
	if (ni->has_guards)
		fprintf(f, ",\"guards\":%" PRIu32, ni->guards);
	else
		fprintf(f, ",\"guards\":null");
	fprintf(f, ",\"stats\":{");
	for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++) {
		if (!st->present[i])
			continue;
		if (!first)
			fputc(',', f);
		first = 0;
		json_key(f, netns_stat_names[i]);
		fprintf(f, "%" PRIu64, st->val[i]);
	}
	fputc('}', f);
	if (ni->has_streams)
		fprintf(f, ",\"streams\":%" PRIu32, ni->streams);
	else
		fputs(",\"streams\":null", f);
	fputs(",\"tx\":", f);
	if (ni->has_tx)
		print_stats_json(f, &ni->tx);
	else
		fputs("null", f);
	fputs(",\"rx\":", f);
	if (ni->has_rx)
		print_stats_json(f, &ni->rx);
	else
		fputs("null", f);
	fputs("}\n", f);
}

void json_print_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void error_print(FILE *f, int json, const char *prog, const char *what,
		 const char *extack, const char *attr, int err)
{
	int kernel = extack || attr || err;

	if (!extack)
		extack = "";
	if (!attr)
		attr = "";
	if (!json) {
		if (!kernel)
			fprintf(f, "%s: %s\n", prog, what);
		else if (attr[0])
			fprintf(f, "%s: %s: %s (%s)\n", prog,
				extack[0] ? extack : what, attr, strerror(err));
		else
			fprintf(f, "%s: %s (%s)\n", prog,
				extack[0] ? extack : what, strerror(err));
		return;
	}
	fputs("{\"error\":", f);
	json_print_str(f, what);
	if (kernel) {
		fputs(",\"extack\":", f);
		if (extack[0])
			json_print_str(f, extack);
		else
			fputs("null", f);
		fputs(",\"attr\":", f);
		if (attr[0])
			json_print_str(f, attr);
		else
			fputs("null", f);
		fprintf(f, ",\"errno\":%d,\"strerror\":", err);
		json_print_str(f, strerror(err));
	}
	fputs("}\n", f);
}

static void pretty_newline(FILE *out, unsigned int depth)
{
	unsigned int i;

	fputc('\n', out);
	for (i = 0; i < depth; i++)
		fputs("    ", out);
}

#define PRETTY_MAX	((unsigned int)sizeof(((struct json_pretty *)0)->obj))

/*
 * iproute2's layout (json_writer.c): every member of an object on a line
 * of its own, four spaces a level; arrays inline, "[ 1,2 ]", "[ {" and
 * "} ]"; empty ones "{}" and "[ ]".
 */
void json_pretty_feed(struct json_pretty *p, FILE *out, const char *buf,
		      size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = buf[i];
		unsigned int top = p->depth ? p->depth - 1 : 0;

		if (top >= PRETTY_MAX)
			top = PRETTY_MAX - 1;
		if (p->in_str) {
			fputc(c, out);
			if (p->esc)
				p->esc = 0;
			else if (c == '\\')
				p->esc = 1;
			else if (c == '"')
				p->in_str = 0;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (c == '\n') {
			if (!p->depth)
				fputc('\n', out);
			continue;
		}
		if (p->depth && c != '}' && c != ']') {
			p->full[top] = 1;
			if (p->key) {
				p->key = 0;
				pretty_newline(out, p->depth);
			}
		}
		switch (c) {
		case '{':
		case '[':
			fputs(c == '[' ? "[ " : "{", out);
			if (p->depth < PRETTY_MAX) {
				p->obj[p->depth] = c == '{';
				p->full[p->depth] = 0;
			}
			p->depth++;
			p->key = c == '{';
			break;
		case '}':
		case ']':
			p->key = 0;
			if (p->depth)
				p->depth--;
			if (p->full[top])
				c == '}' ? pretty_newline(out, p->depth) :
					   (void)fputc(' ', out);
			fputc(c, out);
			break;
		case ',':
			fputc(',', out);
			p->key = p->depth && p->obj[top];
			break;
		case ':':
			fputs(": ", out);
			break;
		case '"':
			p->in_str = 1;
			fputc(c, out);
			break;
		default:
			fputc(c, out);
			break;
		}
	}
}
