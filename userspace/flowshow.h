/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: a flow as the kernel reports it, and how "flow show" prints it;
 * the same for keys, events, guarded port ranges and the netns counters.
 * Kernel-free, so that the output format can be unit tested.
 */
#ifndef SRTPCTL_FLOWSHOW_H
#define SRTPCTL_FLOWSHOW_H

#include <stdint.h>
#include <stdio.h>

#include <linux/ksrtp.h>

struct flow_stats {
	uint64_t val[KSRTP_A_STATS_MAX + 1];	/* by KSRTP_A_STATS_* */
	uint8_t present[KSRTP_A_STATS_MAX + 1];
};

struct flow_stream {
	int has_ssrc, has_roc, has_seq, has_srtcp_index, has_idle_ms;
	int has_stats;
	uint32_t ssrc, roc, srtcp_index, idle_ms;
	uint16_t seq;
	struct flow_stats stats;
};

/* One key of a flow, without key material (KSRTP_A_KEY_INFO_*). */
struct flow_key {
	uint8_t slot;				/* KSRTP_KEY_SLOT_*, 0: absent */
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	unsigned int mki_len;			/* 0: no MKI */
	int has_from_index, has_lifetime, has_soft_lifetime;
	int has_srtp_packets, has_srtcp_packets;
	uint64_t from_index, lifetime, soft_lifetime;
	uint64_t srtp_packets, srtcp_packets;
	/* the kernel's crypto drivers; "" when absent */
	char cipher[64], cipher_fallback[64], auth[64];
};

struct flow_info {
	uint32_t id;
	uint8_t dir;
	uint16_t family;
	uint8_t local_addr[16];
	unsigned int local_addr_len;		/* 0: absent */
	int has_local_port;
	uint16_t local_port;			/* host order */
	uint8_t remote_addr[16];
	unsigned int remote_addr_len;		/* 0: any */
	int has_remote_port;
	uint16_t remote_port;
	uint32_t suite;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	unsigned int mki_len;
	int has_ssrc, has_max_ssrcs, has_replay_window, has_roc, has_stats;
	uint32_t ssrc, max_ssrcs, replay_window, roc;
	int rtcp_mux, rtcp;
	int reset_roc;
	uint8_t srtcp_tag_len;			/* bytes; 0: absent */
	int has_grace_ms, has_grace_packets;
	uint32_t grace_ms, grace_packets;
	int has_ssrc_idle_ms;
	uint32_t ssrc_idle_ms;
	int has_stream_count;
	uint32_t stream_count;			/* streams the flow holds */
	uint64_t cookie;			/* 0: none */
	int has_owner;
	uint32_t owner_portid;			/* socket-owner's port id */
	struct flow_stats stats;
	unsigned int n_streams;
	struct flow_stream *streams;		/* malloc'd, from stream-get */
	unsigned int n_keys;
	struct flow_key *keys;			/* malloc'd */
};

/* One KSRTP_CMD_KEY_EVENT notification (KSRTP_A_EVENT_*). */
struct key_event {
	uint8_t type;				/* KSRTP_EVENT_TYPE_* */
	int has_flow_id, has_from_index, has_ssrc;
	uint32_t flow_id, ssrc;
	uint64_t from_index;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	unsigned int mki_len;
	uint8_t reason;				/* KSRTP_DEL_REASON_*, 0 */
	uint64_t cookie;			/* 0: none */
};

/* One guarded port range (KSRTP_A_GUARD_*), ports in host order. */
struct guard_info {
	uint8_t dir;				/* KSRTP_DIR_* */
	uint16_t port_min, port_max;
};

/* Counters of a network namespace (KSRTP_A_NETNS_STATS_*). */
struct netns_stats {
	uint64_t val[KSRTP_A_NETNS_STATS_MAX + 1];
	uint8_t present[KSRTP_A_NETNS_STATS_MAX + 1];
};

/* A stats-get reply (KSRTP_A_NETNS_*). */
struct netns_info {
	int has_flows, has_guards, has_stats;
	uint32_t flows, guards;
	struct netns_stats stats;
	int has_streams, has_tx, has_rx;
	uint32_t streams;
	struct flow_stats tx, rx;	/* totals of the netns's flows */
};

/* Name of counter KSRTP_A_STATS_@i as printed ("auth-fail"), or NULL. */
const char *flow_stat_name(unsigned int i);

/*
 * Print one flow: a line, one indented line per key (plus, with @stats, an
 * indented stats line and one indented line per stream), or with @json one
 * JSON object (no newline; the caller writes the enclosing array).
 */
void flow_print(FILE *f, const struct flow_info *fi, int stats, int json);

/*
 * Print one stream: "stream ssrc 0xSSRC [roc N] [seq N] ..." with its
 * counters and a newline, or with @json one JSON object (no newline).
 */
void stream_print(FILE *f, const struct flow_stream *s, int json);

/* "current", "next", ... for KSRTP_KEY_SLOT_*, or NULL. */
const char *key_slot_name(uint8_t slot);

/*
 * Print one key: "key SLOT [mki HEX] [from N] ..." and a newline, or with
 * @json one JSON object (no newline).
 */
void key_print(FILE *f, const struct flow_key *k, int json);

/* "key-promoted", ... for KSRTP_EVENT_TYPE_*, or NULL. */
const char *event_type_name(uint8_t type);

/* "owner", ... for KSRTP_DEL_REASON_*, or NULL. */
const char *event_reason_name(uint8_t reason);

/*
 * Print one event as a line: "event TYPE flow N [mki HEX] [from N]
 * [ssrc 0xSSRC]", or with @json a JSON object on one line.
 */
void event_print(FILE *f, const struct key_event *ev, int json);

/*
 * Print one guarded range: "guard DIR ports LO[-HI]" and a newline, or
 * with @json one JSON object (no newline; the caller writes the array).
 */
void guard_print(FILE *f, const struct guard_info *g, int json);

/* Name of counter KSRTP_A_NETNS_STATS_@i as printed ("guard-tx"), or NULL. */
const char *netns_stat_name(unsigned int i);

/*
 * Print a stats-get reply: "flows N guards N", then an indented "stats"
 * line with the counters; or with @json one JSON object and a newline.
 */
void netns_print(FILE *f, const struct netns_info *ni, int json);

void flow_info_free(struct flow_info *fi);

/* @s as a JSON string, quoted and escaped. */
void json_print_str(FILE *f, const char *s);

/*
 * An error: "@prog: @what" and a newline, or with @json the object
 * {"error":"@what"} on one line. A kernel error (@err set) adds its
 * extack text and attribute: in text "@prog: EXTACK[: ATTR] (strerror)"
 * (@what when there is no extack), in JSON the members "extack", "attr"
 * (null when absent), "errno" and "strerror".
 */
void error_print(FILE *f, int json, const char *prog, const char *what,
		 const char *extack, const char *attr, int err);

/*
 * -p: re-indent the compact JSON the printers write, fed in any pieces,
 * as iproute2 prints pretty JSON. Zero it before the first byte.
 */
struct json_pretty {
	unsigned int depth;
	int in_str, esc;
	int key;		/* an object member comes next */
	uint8_t obj[32];	/* by depth: an object (1) or an array */
	uint8_t full[32];	/* by depth: not empty */
};

void json_pretty_feed(struct json_pretty *p, FILE *out, const char *buf,
		      size_t n);

#endif /* SRTPCTL_FLOWSHOW_H */
