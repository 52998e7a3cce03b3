// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: RTP/RTCP header parsing (RFC 3550) and packet index estimation
 * (RFC 3711 section 3.3.1 and Appendix A).
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include "compat.h"

#include "rtp.h"

/**
 * ksrtp_rtp_parse() - bounds-check an RTP header and find the payload
 * @pkt: packet bytes
 * @len: packet length
 * @h: filled in on success
 *
 * Return: KSRTP_DROP_NONE, or why the header is malformed.
 */
enum ksrtp_drop ksrtp_rtp_parse(const u8 *pkt, unsigned int len,
				struct ksrtp_rtp_hdr *h)
{
	unsigned int hl;

	if (len < KSRTP_RTP_HDR_LEN)
		return KSRTP_DROP_SHORT;
	if ((pkt[0] >> 6) != 2)
		return KSRTP_DROP_VERSION;

	hl = KSRTP_RTP_HDR_LEN + 4 * (pkt[0] & 0x0f);
	if (hl > len)
		return KSRTP_DROP_CSRC;

	if (pkt[0] & 0x10) {
		unsigned int words;

		if (hl + 4 > len)
			return KSRTP_DROP_EXT;
		words = get_unaligned_be16(pkt + hl + 2);
		hl += 4 + 4 * words;
		if (hl > len)
			return KSRTP_DROP_EXT;
	}

	h->hdr_len = hl;
	h->seq = get_unaligned_be16(pkt + 2);
	h->ssrc = get_unaligned_be32(pkt + 8);
	h->padding = !!(pkt[0] & 0x20);
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_rtp_check_padding() - check the padding count of a plain RTP packet
 * @pkt: packet bytes (plaintext)
 * @len: packet length, without any SRTP trailer
 * @h: the parsed header
 *
 * Return: KSRTP_DROP_NONE, or KSRTP_DROP_PADDING if the count is zero or runs
 * into the header.
 */
enum ksrtp_drop ksrtp_rtp_check_padding(const u8 *pkt, unsigned int len,
					const struct ksrtp_rtp_hdr *h)
{
	unsigned int pad;

	if (!h->padding)
		return 0;
	if (len <= h->hdr_len)
		return KSRTP_DROP_PADDING;
	pad = pkt[len - 1];
	if (!pad || pad > len - h->hdr_len)
		return KSRTP_DROP_PADDING;
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_rtcp_parse() - bounds-check the fixed RTCP header
 * @pkt: packet bytes
 * @len: packet length
 * @ssrc: the sender's SSRC, on success
 *
 * Return: KSRTP_DROP_NONE, or why the header is malformed.
 */
enum ksrtp_drop ksrtp_rtcp_parse(const u8 *pkt, unsigned int len, u32 *ssrc)
{
	if (len < KSRTP_RTCP_HDR_LEN)
		return KSRTP_DROP_SHORT;
	if ((pkt[0] >> 6) != 2)
		return KSRTP_DROP_VERSION;
	*ssrc = get_unaligned_be32(pkt + 4);
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_index_estimate() - guess the 48-bit packet index of a received packet
 * @st: the stream's ROC and highest sequence number
 * @seq: the packet's sequence number
 *
 * RFC 3711 Appendix A: pick the ROC among ROC-1, ROC and ROC+1 that puts the
 * index closest to the highest index seen. A packet that would need ROC-1
 * while ROC is 0 belongs to no valid index; it gets ROC 0 and will then be
 * refused by the replay window or by authentication.
 */
u64 ksrtp_index_estimate(const struct ksrtp_rtp_index *st, u16 seq)
{
	u32 v = st->roc;

	if (!st->valid)
		return ((u64)v << 16) | seq;

	if (st->s_l < 0x8000) {
		if (seq > st->s_l && seq - st->s_l > 0x8000 && v > 0)
			v--;
	} else {
		if (seq < st->s_l - 0x8000)
			v++;
	}
	return ((u64)v << 16) | seq;
}

/**
 * ksrtp_index_update() - record an authenticated packet's index
 * @st: the stream's ROC and highest sequence number
 * @index: the packet's index, as estimated and then authenticated
 *
 * Only moves forward: a late packet from the previous ROC changes nothing.
 */
void ksrtp_index_update(struct ksrtp_rtp_index *st, u64 index)
{
	u64 cur = ((u64)st->roc << 16) | st->s_l;

	if (st->valid && index <= cur)
		return;
	st->roc = ksrtp_index_roc(index);
	st->s_l = (u16)index;
	st->valid = true;
}
