/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: why the datapath drops a packet.
 *
 * Every per-packet function returns one of these, KSRTP_DROP_NONE (0) when
 * the packet goes on. They are ksrtp's own values, not errno codes, so that
 * an error the crypto API returns can never be counted as, say, a failed
 * authentication; ksrtp_drop_stat() (xform.c) maps each to its counter.
 */
#ifndef _KSRTP_DROP_H
#define _KSRTP_DROP_H

enum ksrtp_drop {
	KSRTP_DROP_NONE,
	KSRTP_DROP_AUTH,		/* authentication failed */
	KSRTP_DROP_NO_KEY,		/* the MKI names no key of the flow */
	KSRTP_DROP_REPLAY_DUP,		/* index received before */
	KSRTP_DROP_REPLAY_OLD,		/* index left of the replay window */
	KSRTP_DROP_SHORT,		/* shorter than its header or trailer */
	KSRTP_DROP_VERSION,		/* RTP/RTCP version is not 2 */
	KSRTP_DROP_CSRC,		/* CSRC list past the end */
	KSRTP_DROP_EXT,			/* header extension past the end */
	KSRTP_DROP_PADDING,		/* padding count zero or too large */
	KSRTP_DROP_UDP_LEN,		/* UDP length disagrees with the packet */
	KSRTP_DROP_ROOM,		/* tx: no room for the trailer */
	KSRTP_DROP_MTU,			/* tx: too big once protected, DF */
	KSRTP_DROP_UNKNOWN_SSRC,	/* not the SSRC the flow is pinned to */
	KSRTP_DROP_SSRC_LIMIT,		/* a new SSRC, but max-ssrcs reached */
	KSRTP_DROP_KEY_EXPIRED,		/* key at its hard limit, or retired */
	/* authenticated under keys from before a reset-roc restart */
	KSRTP_DROP_STALE,
	KSRTP_DROP_TX_REPEAT,		/* tx: index already protected */
	KSRTP_DROP_NOMEM,		/* no memory (new SSRC, skb copy) */
	KSRTP_DROP_CRYPTO,		/* the crypto API returned an error */
	__KSRTP_DROP_MAX,
};

#endif /* _KSRTP_DROP_H */
