/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: a flow as the kernel reports it, and how "flow show" prints it.
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
	int has_ssrc, has_roc, has_seq, has_srtcp_index, has_stats;
	uint32_t ssrc, roc, srtcp_index;
	uint16_t seq;
	struct flow_stats stats;
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
	struct flow_stats stats;
	unsigned int n_streams;
	struct flow_stream *streams;		/* malloc'd */
};

/* Name of counter KSRTP_A_STATS_@i as printed ("auth-fail"), or NULL. */
const char *flow_stat_name(unsigned int i);

/*
 * Print one flow: a line (plus, with @stats, an indented stats line and
 * one indented line per stream), or with @json one JSON object (no
 * newline; the caller writes the enclosing array).
 */
void flow_print(FILE *f, const struct flow_info *fi, int stats, int json);

void flow_info_free(struct flow_info *fi);

#endif /* SRTPCTL_FLOWSHOW_H */
