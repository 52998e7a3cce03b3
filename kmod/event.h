/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: events for the "events" multicast group.
 *
 * The one way the datapath and the flow code talk to netlink: netlink.c
 * implements it (the KUnit suites stub it), and nothing here includes
 * netlink.c's headers, so the layering stays one-way.
 */
#ifndef _KSRTP_EVENT_H
#define _KSRTP_EVENT_H

#include <linux/types.h>

struct ksrtp_flow;
struct ksrtp_keyctx;

/**
 * ksrtp_event() - tell the events group about a key or an SSRC
 * @flow: the flow
 * @type: enum ksrtp_event_type
 * @kc: the key concerned, or NULL
 * @ssrc: the SSRC concerned (new-ssrc, tx-repeat, ssrc-expired)
 *
 * Any context; costs nothing when nobody listens.
 */
void ksrtp_event(struct ksrtp_flow *flow, u8 type,
		 const struct ksrtp_keyctx *kc, u32 ssrc);

/**
 * ksrtp_event_flow() - tell the events group that a flow came or went
 * @flow: the flow, still whole
 * @type: KSRTP_EVENT_TYPE_FLOW_ADDED or KSRTP_EVENT_TYPE_FLOW_DELETED
 * @reason: enum ksrtp_del_reason (flow-deleted), else 0
 *
 * Process context, under the netns lock; costs nothing when nobody
 * listens.
 */
void ksrtp_event_flow(const struct ksrtp_flow *flow, u8 type, u8 reason);

#endif /* _KSRTP_EVENT_H */
