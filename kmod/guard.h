/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: guarded UDP port ranges of a network namespace.
 *
 * RTP or RTCP sent from or received on a guarded local port that no flow
 * matches is dropped (io.c), so that media never goes out, or comes in,
 * unprotected: before its flow exists, after it is deleted, or when the
 * route picks another source address.
 */
#ifndef _KSRTP_GUARD_H
#define _KSRTP_GUARD_H

#include <linux/bitmap.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/ksrtp.h>

struct ksrtp_net;
struct netlink_ext_ack;

/**
 * struct ksrtp_guard - one guarded range
 * @dir: KSRTP_DIR_TX or KSRTP_DIR_RX
 * @lo: first port, host order
 * @hi: last port, host order
 */
struct ksrtp_guard {
	u8 dir;
	u16 lo;
	u16 hi;
};

/**
 * struct ksrtp_guards - the guarded ranges of a netns, immutable once
 *	published in ksrtp_net.guards; replaced whole under ksrtp_net.lock
 * @rcu: frees the old set after a grace period
 * @n: ranges in @r
 * @r: the ranges, as added
 * @ports: the union of the ranges per direction, [0] tx and [1] rx
 */
struct ksrtp_guards {
	struct rcu_head rcu;
	unsigned int n;
	struct ksrtp_guard r[KSRTP_MAX_GUARDS];
	DECLARE_BITMAP(ports[2], 65536);
};

/* Datapath, under RCU: is local port @port guarded for @rx or tx? */
static inline bool ksrtp_guarded(const struct ksrtp_guards *g, bool rx,
				 __be16 port)
{
	return g && test_bit(ntohs(port), g->ports[rx]);
}

/* Process context, the caller holds kn->lock. */
int ksrtp_guard_add(struct ksrtp_net *kn, const struct ksrtp_guard *r,
		    struct netlink_ext_ack *extack);
int ksrtp_guard_del(struct ksrtp_net *kn, const struct ksrtp_guard *r,
		    struct netlink_ext_ack *extack);
bool ksrtp_guard_has(struct ksrtp_net *kn, const struct ksrtp_guard *r);
unsigned int ksrtp_guard_count(struct ksrtp_net *kn);
bool ksrtp_guard_nth(struct ksrtp_net *kn, unsigned int i,
		     struct ksrtp_guard *out);
void ksrtp_guard_free(struct ksrtp_net *kn);

#endif /* _KSRTP_GUARD_H */
