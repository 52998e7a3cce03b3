/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: SRTP/SRTCP on a flow, for one packet in a linear buffer.
 */
#ifndef _KSRTP_XFORM_H
#define _KSRTP_XFORM_H

#include <linux/types.h>

#include "drop.h"
#include "stats.h"

struct ksrtp_flow;
struct ksrtp_stream;

/* What a UDP payload on a flow's port is (RFC 7983, RFC 5761). */
enum ksrtp_kind {
	KSRTP_KIND_OTHER,	/* STUN, DTLS, TURN, ...: pass through */
	KSRTP_KIND_RTP,
	KSRTP_KIND_RTCP,
};

/* RFC 7983: a first byte of 128..191 is RTP or RTCP. */
static inline bool ksrtp_rtp_like(const u8 *data, unsigned int len)
{
	return len && data[0] >= 128 && data[0] <= 191;
}

enum ksrtp_kind ksrtp_classify(const struct ksrtp_flow *flow, const u8 *data,
			       unsigned int len);

void ksrtp_count(struct ksrtp_flow *flow, struct ksrtp_stream *st,
		 enum ksrtp_stat stat, u64 n);
void ksrtp_count_drop(struct ksrtp_flow *flow, struct ksrtp_stream *st,
		      u32 ssrc, enum ksrtp_drop drop);

/* At most this many keys are tried on one received packet (1 with MKI). */
#define KSRTP_RX_MAX_TRIES	3

enum ksrtp_drop ksrtp_xform_tx(struct ksrtp_flow *flow, u8 *data,
			       unsigned int len, bool rtcp, unsigned int room,
			       unsigned int *out_len, u64 *serial);
enum ksrtp_drop ksrtp_xform_rx(struct ksrtp_flow *flow, u8 *data,
			       unsigned int len, bool rtcp,
			       unsigned int *out_len, u64 *serial);

int ksrtp_xform_init(void);
void ksrtp_xform_exit(void);

#endif /* _KSRTP_XFORM_H */
