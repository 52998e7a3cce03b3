/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: tracepoints (TRACE_SYSTEM ksrtp, /sys/kernel/tracing/events/ksrtp).
 *
 * The one header through which the datapath, the flow and the key code
 * tell the tracing system what happened. Its callers pass pointers they
 * hold anyway; the fields are read from them by the code that trace.c
 * (the file with CREATE_TRACE_POINTS, which includes the structures)
 * makes of TP_fast_assign, and only while the event is on: an event that
 * is off costs a patched-out branch and nothing more.
 *
 *   ksrtp_drop         a packet of a flow dropped: reason, flow, SSRC
 *   ksrtp_net_drop     a packet outside any flow dropped (guarded port,
 *                      unreassembled fragment, GSO packet not split)
 *   ksrtp_key_switch   the current key of a flow changed
 *   ksrtp_key_promote  a packet under the next (or a later) key made it
 *                      current
 *   ksrtp_key_retire   a previous key left the flow
 *   ksrtp_stream_new   a flow learned an SSRC
 *   ksrtp_stream_expire  a flow freed an idle SSRC's state
 *
 * Documentation/ksrtp.rst ("Tracepoints") lists the fields.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ksrtp

#if !defined(_KSRTP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KSRTP_TRACE_H

#include <linux/tracepoint.h>
#include <linux/types.h>

#include "drop.h"

struct ksrtp_flow;
struct ksrtp_keyctx;
struct net;

/* Why ksrtp_net_drop dropped a packet: enum ksrtp_net_stat (trace.c). */
#define KSRTP_TRACE_NET_GUARD_TX	0
#define KSRTP_TRACE_NET_GUARD_RX	1
#define KSRTP_TRACE_NET_FRAGMENT	2
#define KSRTP_TRACE_NET_GSO		3

/* The reasons of enum ksrtp_drop, by name in the event's format. */
TRACE_DEFINE_ENUM(KSRTP_DROP_NONE);
TRACE_DEFINE_ENUM(KSRTP_DROP_AUTH);
TRACE_DEFINE_ENUM(KSRTP_DROP_NO_KEY);
TRACE_DEFINE_ENUM(KSRTP_DROP_REPLAY_DUP);
TRACE_DEFINE_ENUM(KSRTP_DROP_REPLAY_OLD);
TRACE_DEFINE_ENUM(KSRTP_DROP_SHORT);
TRACE_DEFINE_ENUM(KSRTP_DROP_VERSION);
TRACE_DEFINE_ENUM(KSRTP_DROP_CSRC);
TRACE_DEFINE_ENUM(KSRTP_DROP_EXT);
TRACE_DEFINE_ENUM(KSRTP_DROP_PADDING);
TRACE_DEFINE_ENUM(KSRTP_DROP_UDP_LEN);
TRACE_DEFINE_ENUM(KSRTP_DROP_ROOM);
TRACE_DEFINE_ENUM(KSRTP_DROP_MTU);
TRACE_DEFINE_ENUM(KSRTP_DROP_UNKNOWN_SSRC);
TRACE_DEFINE_ENUM(KSRTP_DROP_SSRC_LIMIT);
TRACE_DEFINE_ENUM(KSRTP_DROP_KEY_EXPIRED);
TRACE_DEFINE_ENUM(KSRTP_DROP_STALE);
TRACE_DEFINE_ENUM(KSRTP_DROP_TX_REPEAT);
TRACE_DEFINE_ENUM(KSRTP_DROP_NOMEM);
TRACE_DEFINE_ENUM(KSRTP_DROP_CRYPTO);

TRACE_EVENT(ksrtp_drop,
	    TP_PROTO(const struct ksrtp_flow *flow, u32 ssrc,
		     enum ksrtp_drop reason),
	    TP_ARGS(flow, ssrc, reason),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, flow)
			     __field(u8, dir)
			     __field(u32, ssrc)
			     __field(u8, reason)),
	    TP_fast_assign(__entry->netns = flow->net->ns.inum;
			   __entry->flow = READ_ONCE(flow->id);
			   __entry->dir = flow->key.dir;
			   __entry->ssrc = ssrc;
			   __entry->reason = reason;),
	    TP_printk("netns=%u flow=%u dir=%s ssrc=0x%08x reason=%s",
		      __entry->netns, __entry->flow,
		      __entry->dir == KSRTP_DIR_RX ? "rx" : "tx",
		      __entry->ssrc,
		      __print_symbolic(__entry->reason,
				       { KSRTP_DROP_NONE, "NONE" },
				       { KSRTP_DROP_AUTH, "AUTH" },
				       { KSRTP_DROP_NO_KEY, "NO_KEY" },
				       { KSRTP_DROP_REPLAY_DUP, "REPLAY_DUP" },
				       { KSRTP_DROP_REPLAY_OLD, "REPLAY_OLD" },
				       { KSRTP_DROP_SHORT, "SHORT" },
				       { KSRTP_DROP_VERSION, "VERSION" },
				       { KSRTP_DROP_CSRC, "CSRC" },
				       { KSRTP_DROP_EXT, "EXT" },
				       { KSRTP_DROP_PADDING, "PADDING" },
				       { KSRTP_DROP_UDP_LEN, "UDP_LEN" },
				       { KSRTP_DROP_ROOM, "ROOM" },
				       { KSRTP_DROP_MTU, "MTU" },
				       { KSRTP_DROP_UNKNOWN_SSRC, "UNKNOWN_SSRC" },
				       { KSRTP_DROP_SSRC_LIMIT, "SSRC_LIMIT" },
				       { KSRTP_DROP_KEY_EXPIRED, "KEY_EXPIRED" },
				       { KSRTP_DROP_STALE, "STALE" },
				       { KSRTP_DROP_TX_REPEAT, "TX_REPEAT" },
				       { KSRTP_DROP_NOMEM, "NOMEM" },
				       { KSRTP_DROP_CRYPTO, "CRYPTO" }))
);

TRACE_EVENT(ksrtp_net_drop,
	    TP_PROTO(const struct net *net, bool rx, __be16 lport, int reason),
	    TP_ARGS(net, rx, lport, reason),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u8, dir)
			     __field(u16, lport)
			     __field(u8, reason)),
	    TP_fast_assign(__entry->netns = net->ns.inum;
			   __entry->dir = rx ? KSRTP_DIR_RX : KSRTP_DIR_TX;
			   __entry->lport = ntohs(lport);
			   __entry->reason = reason;),
	    TP_printk("netns=%u dir=%s lport=%u reason=%s",
		      __entry->netns,
		      __entry->dir == KSRTP_DIR_RX ? "rx" : "tx",
		      __entry->lport,
		      __print_symbolic(__entry->reason,
				       { KSRTP_TRACE_NET_GUARD_TX, "GUARD_TX" },
				       { KSRTP_TRACE_NET_GUARD_RX, "GUARD_RX" },
				       { KSRTP_TRACE_NET_FRAGMENT, "FRAGMENT" },
				       { KSRTP_TRACE_NET_GSO, "GSO" }))
);

TRACE_EVENT(ksrtp_key_switch,
	    TP_PROTO(const struct ksrtp_flow *flow,
		     const struct ksrtp_keyctx *old,
		     const struct ksrtp_keyctx *new),
	    TP_ARGS(flow, old, new),
	    TP_STRUCT__entry(__field(u32, netns)
			     __field(u32, flow)
			     __field(u8, dir)
			     __field(u64, old_serial)
			     __field(u64, new_serial)),
	    TP_fast_assign(__entry->netns = flow->net->ns.inum;
			   __entry->flow = READ_ONCE(flow->id);
			   __entry->dir = flow->key.dir;
			   __entry->old_serial = old ? old->serial : 0;
			   __entry->new_serial = new->serial;),
	    TP_printk("netns=%u flow=%u dir=%s old=%llu new=%llu",
		      __entry->netns, __entry->flow,
		      __entry->dir == KSRTP_DIR_RX ? "rx" : "tx",
		      __entry->old_serial, __entry->new_serial)
);

DECLARE_EVENT_CLASS(ksrtp_key_class,
		    TP_PROTO(const struct ksrtp_flow *flow,
			     const struct ksrtp_keyctx *kc),
		    TP_ARGS(flow, kc),
		    TP_STRUCT__entry(__field(u32, netns)
				     __field(u32, flow)
				     __field(u8, dir)
				     __field(u64, serial)
				     __field(u64, from)
				     __field(bool, has_from)),
		    TP_fast_assign(__entry->netns = flow->net->ns.inum;
				   __entry->flow = READ_ONCE(flow->id);
				   __entry->dir = flow->key.dir;
				   __entry->serial = kc->serial;
				   __entry->from = kc->from;
				   __entry->has_from = kc->has_from;),
		    TP_printk("netns=%u flow=%u dir=%s key=%llu from=%lld",
			      __entry->netns, __entry->flow,
			      __entry->dir == KSRTP_DIR_RX ? "rx" : "tx",
			      __entry->serial,
			      __entry->has_from ? (long long)__entry->from : -1LL)
);

DEFINE_EVENT(ksrtp_key_class, ksrtp_key_promote,
	     TP_PROTO(const struct ksrtp_flow *flow,
		      const struct ksrtp_keyctx *kc),
	     TP_ARGS(flow, kc)
);

DEFINE_EVENT(ksrtp_key_class, ksrtp_key_retire,
	     TP_PROTO(const struct ksrtp_flow *flow,
		      const struct ksrtp_keyctx *kc),
	     TP_ARGS(flow, kc)
);

DECLARE_EVENT_CLASS(ksrtp_stream_class,
		    TP_PROTO(const struct ksrtp_flow *flow, u32 ssrc),
		    TP_ARGS(flow, ssrc),
		    TP_STRUCT__entry(__field(u32, netns)
				     __field(u32, flow)
				     __field(u8, dir)
				     __field(u32, ssrc)),
		    TP_fast_assign(__entry->netns = flow->net->ns.inum;
				   __entry->flow = READ_ONCE(flow->id);
				   __entry->dir = flow->key.dir;
				   __entry->ssrc = ssrc;),
		    TP_printk("netns=%u flow=%u dir=%s ssrc=0x%08x",
			      __entry->netns, __entry->flow,
			      __entry->dir == KSRTP_DIR_RX ? "rx" : "tx",
			      __entry->ssrc)
);

DEFINE_EVENT(ksrtp_stream_class, ksrtp_stream_new,
	     TP_PROTO(const struct ksrtp_flow *flow, u32 ssrc),
	     TP_ARGS(flow, ssrc)
);

DEFINE_EVENT(ksrtp_stream_class, ksrtp_stream_expire,
	     TP_PROTO(const struct ksrtp_flow *flow, u32 ssrc),
	     TP_ARGS(flow, ssrc)
);

#endif /* _KSRTP_TRACE_H */

/* Out of tree: define_trace.h finds this file as "./trace.h" on -I kmod. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
