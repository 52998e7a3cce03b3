/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: RTP/RTCP header parsing and SRTP packet index estimation.
 */
#ifndef _KSRTP_RTP_H
#define _KSRTP_RTP_H

#include <linux/types.h>

#include "drop.h"

#define KSRTP_RTP_HDR_LEN	12
#define KSRTP_RTCP_HDR_LEN	8
#define KSRTP_SRTCP_INDEX_LEN	4
#define KSRTP_SRTCP_E_FLAG	0x80000000U
#define KSRTP_SRTCP_INDEX_MASK	0x7fffffffU

/**
 * struct ksrtp_rtp_hdr - what ksrtp needs from a parsed RTP header
 * @hdr_len: bytes of fixed header, CSRC list and header extension
 * @seq: sequence number
 * @ssrc: synchronisation source
 * @padding: the P bit is set
 */
struct ksrtp_rtp_hdr {
	unsigned int hdr_len;
	u16 seq;
	u32 ssrc;
	bool padding;
};

/* A packet these refuse is left untouched. */
enum ksrtp_drop ksrtp_rtp_parse(const u8 *pkt, unsigned int len,
				struct ksrtp_rtp_hdr *h);
enum ksrtp_drop ksrtp_rtp_check_padding(const u8 *pkt, unsigned int len,
					const struct ksrtp_rtp_hdr *h);
enum ksrtp_drop ksrtp_rtcp_parse(const u8 *pkt, unsigned int len, u32 *ssrc);

/**
 * struct ksrtp_rtp_index - the receiver's view of one SSRC's packet index
 * @roc: rollover counter
 * @s_l: highest sequence number received (authenticated) so far
 * @valid: @s_l holds a sequence number already
 */
struct ksrtp_rtp_index {
	u32 roc;
	u16 s_l;
	bool valid;
};

u64 ksrtp_index_estimate(const struct ksrtp_rtp_index *st, u16 seq);
void ksrtp_index_update(struct ksrtp_rtp_index *st, u64 index);

static inline u32 ksrtp_index_roc(u64 index)
{
	return (u32)(index >> 16);
}

#endif /* _KSRTP_RTP_H */
