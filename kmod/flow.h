/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: flows (one direction of a UDP 5-tuple) and their SSRC streams.
 */
#ifndef _KSRTP_FLOW_H
#define _KSRTP_FLOW_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <uapi/linux/ksrtp.h>

#include "compat.h"
#include "rtp.h"
#include "srtp.h"
#include "keyset.h"
#include "stats.h"

struct ksrtp_net;
struct ksrtp_replay;
struct netlink_ext_ack;

enum ksrtp_flow_dir {
	KSRTP_FLOW_TX = KSRTP_DIR_TX,
	KSRTP_FLOW_RX = KSRTP_DIR_RX,
};

#define KSRTP_FLOW_F_RTCP_MUX	BIT(0)	/* RTP and RTCP on this 5-tuple */
#define KSRTP_FLOW_F_RTCP	BIT(1)	/* only RTCP (separate port) */
#define KSRTP_FLOW_F_SSRC_ANY	BIT(2)	/* learn SSRCs, up to max_ssrcs */
#define KSRTP_FLOW_F_RESET_ROC	BIT(3)	/* new current key: restart streams */
#define KSRTP_FLOW_F_WILD_LOCAL	BIT(4)	/* local address 0.0.0.0 or :: */
#define KSRTP_FLOW_F_SRTCP_TAG32 BIT(5)	/* *_32 suite: 32-bit SRTCP tag too */

/*
 * The sessions a flow's keys need (ksrtp_classify()): SRTP alone, SRTCP
 * alone (an RTCP port), or both (rtcp-mux).
 */
static inline u8 ksrtp_flow_uses(u32 flags)
{
	if (flags & KSRTP_FLOW_F_RTCP)
		return KSRTP_USES_SRTCP;
	if (flags & KSRTP_FLOW_F_RTCP_MUX)
		return KSRTP_USES_SRTP | KSRTP_USES_SRTCP;
	return KSRTP_USES_SRTP;
}

/* The SRTCP tag length of a flow's keys (struct ksrtp_master), 0: suite's. */
static inline u8 ksrtp_flow_srtcp_tag_len(u32 flags)
{
	return flags & KSRTP_FLOW_F_SRTCP_TAG32 ? 4 : 0;
}

#define KSRTP_GRACE_MS_DEFAULT	2000

#define KSRTP_MAX_SSRCS_DEFAULT	16
#define KSRTP_MAX_SSRCS_LIMIT	1024

/**
 * struct ksrtp_flow_key - what a packet is matched on
 * @laddr: local address (IPv4 in the first 4 bytes)
 * @raddr: remote address; all zero for "any remote" (rx only)
 * @lport: local port
 * @rport: remote port; 0 for "any remote" (rx only)
 * @family: AF_INET or AF_INET6
 * @dir: KSRTP_FLOW_TX or KSRTP_FLOW_RX
 *
 * Compared with memcmp: always build it zeroed.
 */
struct ksrtp_flow_key {
	struct in6_addr laddr;
	struct in6_addr raddr;
	__be16 lport;
	__be16 rport;
	u8 family;
	u8 dir;
	u8 pad[2];
};

/**
 * struct ksrtp_stream - the state of one SSRC on one flow
 * @node: in ksrtp_flow.streams, RCU
 * @hnode: in its bucket of ksrtp_flow.shash, RCU
 * @ssrc: the SSRC
 * @lock: serialises everything below but @last_used
 * @epoch: the key set epoch (struct ksrtp_keyset) this state belongs to;
 *	a reset-roc restart bumps the key set's, and the datapath then
 *	restarts the stream before it uses it (ksrtp_stream_sync())
 * @dead: freed by expiry: whoever finds it looks the SSRC up again
 * @rtp_idx: ROC and highest sequence number (tx: sent, rx: authenticated)
 * @rtp_replay: rx: the SRTP replay window; tx: the SRTP indices protected
 *	lately, so that none is protected twice (keystream or nonce reuse)
 * @rtcp_replay: rx only: the SRTCP replay window
 * @srtcp_index: tx: the next SRTCP index; rx: the highest received
 * @srtcp_valid: rx: @srtcp_index holds a received index
 * @last_used: jiffies of the last packet, for expiry (WRITE_ONCE)
 * @repeat_event: tx: jiffies of the last tx-repeat event
 * @stats: counters of this SSRC, under @lock
 * @rcu: frees the stream after a grace period
 *
 * A pinned stream lives as long as its flow. A stream of an "ssrc any"
 * flow is created once its first packet authenticated (rx) or was
 * protected (tx), and freed after an RCU grace period once it has been
 * idle for the flow's ssrc_idle (ksrtp_flow_expire()), leaving a
 * struct ksrtp_tomb behind.
 */
struct ksrtp_stream {
	struct hlist_node node;
	struct hlist_node hnode;
	u32 ssrc;
	spinlock_t lock;	/* everything below but last_used */
	u32 epoch;
	bool dead;
	bool srtcp_valid;
	struct ksrtp_rtp_index rtp_idx;
	struct ksrtp_replay *rtp_replay;
	struct ksrtp_replay *rtcp_replay;
	u32 srtcp_index;
	unsigned long last_used;
	unsigned long repeat_event;
	struct ksrtp_stats stats;
	struct rcu_head rcu;
};

/**
 * struct ksrtp_tomb - what a flow keeps of an SSRC whose state it freed
 * @ssrc: the SSRC
 * @epoch: the key set epoch the state belonged to
 * @rtp_idx: its ROC and highest sequence number
 * @srtcp_index: tx: the next SRTCP index; rx: the highest received
 * @srtcp_valid: rx: @srtcp_index holds a received index
 * @next: the next tombstone in its hash chain, or KSRTP_TOMB_NONE
 *
 * A returning SSRC resumes from here: its ROC goes on, and nothing at or
 * below these indices is protected or accepted again.
 */
struct ksrtp_tomb {
	u32 ssrc;
	u32 epoch;
	struct ksrtp_rtp_index rtp_idx;
	u32 srtcp_index;
	bool srtcp_valid;
	u16 next;
};

/* The end of a tombstone hash chain. */
#define KSRTP_TOMB_NONE		U16_MAX

/* A flow keeps up to this many tombstones per max-ssrcs slot. */
#define KSRTP_TOMBS_PER_SSRC	4

/**
 * struct ksrtp_tombs - a flow's tombstones
 * @n: entries in use
 * @cap: size of @t (KSRTP_TOMBS_PER_SSRC times the flow's max_ssrcs)
 * @mask: number of hash buckets minus one (a power of two minus one)
 * @heads: the hash buckets: the index in @t of a chain's first
 *	tombstone, or KSRTP_TOMB_NONE; in the same allocation, after @t
 * @t: the tombstones, in no order, chained by ksrtp_tomb.next
 *
 * Hashed like the streams (ksrtp_ssrc_hash()), so that a packet of an
 * SSRC without state finds its tombstone in O(1). Under the flow's lock.
 */
struct ksrtp_tombs {
	unsigned int n;
	unsigned int cap;
	u32 mask;
	u16 *heads;
	struct ksrtp_tomb t[];
};

/**
 * struct ksrtp_flow_slot - a flow's entry in the netns's rhashtable
 * @node: in ksrtp_net.flows
 * @key: the 5-tuple this entry matches
 * @flow: the flow it belongs to
 *
 * A flow has two, so that flow-set can change its remote without a moment
 * in which the datapath finds no flow: the new key goes into the table in
 * the free slot before the old one leaves (ksrtp_flow_set_remote()).
 */
struct ksrtp_flow_slot {
	struct rhash_head node;
	struct ksrtp_flow_key key;
	struct ksrtp_flow *flow;
};

/**
 * struct ksrtp_flow - one direction of one UDP 5-tuple with its key
 * @slot: its entries for the netns rhashtable; @cur is in the table, the
 *	other one is free (see struct ksrtp_flow_slot)
 * @cur: the index in @slot of the entry in the table; under ksrtp_net.lock
 * @slot_busy: the free slot left the table in the last change; no RCU
 *	reader may still look at it once @slot_gp has passed
 * @slot_gp: get_state_synchronize_rcu() of when the free slot left
 * @key: the match, as netlink shows it: a copy of @slot[@cur].key; only
 *	@key.raddr and @key.rport change (flow-set, under ksrtp_net.lock),
 *	and the datapath reads neither
 * @cookie: the caller's cookie (0: none); under ksrtp_net.lock
 * @owner: the netlink port id of the socket that owns the flow (0: none)
 * @cnode: in ksrtp_net.cookies, if @cookie
 * @onode: in ksrtp_net.owners, if @owner
 * @id: netns-unique id, for netlink; the index in ksrtp_net.flow_ids
 * @flags: KSRTP_FLOW_F_*
 * @ssrc: the pinned SSRC, unless KSRTP_FLOW_F_SSRC_ANY
 * @max_ssrcs: how many SSRCs an "any" flow learns
 * @replay_window: replay window size for new streams
 * @initial_roc: ROC of the pinned stream at creation
 * @grace_ms: how long a previous key stays usable after a switch
 * @grace_packets: retire the previous key also after this many packets
 *	under the new one (0: time only)
 * @ssrc_idle: jiffies after which an idle learned SSRC is freed (0: never)
 * @suite: the suite every key of the flow has
 * @mki_len: the MKI length every key of the flow has
 * @overhead: bytes protection adds, [0] SRTP and [1] SRTCP
 * @net: the netns, for events
 * @keyset: the keys, RCU; replaced under @lock, never changed in place
 * @lock: protects @keyset replacement, @streams changes, @nstreams, @tombs
 * @streams: the SSRC streams, RCU list (for walks over all of them)
 * @shash: the same streams hashed by SSRC (ksrtp_ssrc_hash()), RCU hash
 *	chains of ksrtp_stream.hnode: an array of @shash_mask + 1 buckets,
 *	or @shash_one
 * @shash_mask: number of buckets minus one: a power of two, about half
 *	of max_ssrcs, minus one (0 for a pinned SSRC)
 * @shash_seed: random, so that the network cannot choose SSRCs that
 *	collide
 * @shash_one: the one bucket of a flow pinned to one SSRC
 * @nstreams: number of entries in @streams
 * @tombs: what is left of freed streams, or NULL; under @lock
 * @ntombs: entries in @tombs, read locklessly to skip the lock
 * @net_streams: the netns's count of learned streams (ksrtp_net.nstreams),
 *	which @nstreams is part of: set for an "ssrc any" flow once it is
 *	published, NULL again once it is deleted; changed under @lock
 * @ids: its netns's ksrtp_net.flow_ids, set before the flow is published:
 *	the datapath marks the flow there for the periodic work
 *	(ksrtp_flow_gc_next())
 * @memcg: the memory cgroup of the flow's creator (a reference), charged
 *	for what the datapath and the periodic work allocate for the flow;
 *	NULL without CONFIG_MEMCG
 * @stats: per-CPU counters
 * @net_stats: its netns's ksrtp_net.flow_stats of its direction, bumped
 *	with @stats; set before the flow is published, NULL if it has no
 *	netns (KUnit)
 * @rcu: frees the flow after a grace period
 *
 * Created and deleted under ksrtp_net.lock; read by the datapath under RCU.
 * Freed after a grace period (ksrtp_flow_free_rcu), together with its
 * streams; its key context goes through its own rcu_work.
 */
struct ksrtp_flow {
	struct ksrtp_flow_slot slot[2];
	u8 cur;
	bool slot_busy;
	unsigned long slot_gp;
	struct ksrtp_flow_key key;
	u64 cookie;
	u32 owner;
	struct rhlist_head cnode;
	struct rhlist_head onode;
	u32 id;
	u32 flags;
	u32 ssrc;
	u32 max_ssrcs;
	u32 replay_window;
	u32 initial_roc;
	u32 grace_ms;
	u32 grace_packets;
	unsigned long ssrc_idle;
	const struct ksrtp_suite_info *suite;
	u8 mki_len;
	unsigned int overhead[2];
	struct net *net;
	struct ksrtp_keyset __rcu *keyset;
	spinlock_t lock;	/* @keyset, @streams insertions, @nstreams */
	struct hlist_head streams;
	struct hlist_head *shash;
	u32 shash_mask;
	u32 shash_seed;
	struct hlist_head shash_one;
	u32 nstreams;
	struct ksrtp_tombs *tombs;
	unsigned int ntombs;
	atomic_t *net_streams;
	struct xarray *ids;
	struct mem_cgroup *memcg;
	struct ksrtp_pcpu_stats __percpu *stats;
	struct ksrtp_pcpu_stats __percpu *net_stats;
	struct rcu_head rcu;
};

/**
 * struct ksrtp_flow_cfg - a flow as requested over netlink
 * @key: the match
 * @flags: KSRTP_FLOW_F_*
 * @ssrc: pinned SSRC (without KSRTP_FLOW_F_SSRC_ANY)
 * @max_ssrcs: cap for KSRTP_FLOW_F_SSRC_ANY
 * @replay_window: replay window size
 * @roc: initial ROC of the pinned SSRC
 * @grace_ms: see struct ksrtp_flow
 * @grace_packets: see struct ksrtp_flow
 * @ssrc_idle_ms: see struct ksrtp_flow, in milliseconds
 * @cookie: see struct ksrtp_flow
 * @owner: see struct ksrtp_flow
 * @kcfg: the initial key
 */
struct ksrtp_flow_cfg {
	struct ksrtp_flow_key key;
	u32 flags;
	u32 ssrc;
	u32 max_ssrcs;
	u32 replay_window;
	u32 roc;
	u32 grace_ms;
	u32 grace_packets;
	u32 ssrc_idle_ms;
	u64 cookie;
	u32 owner;
	struct ksrtp_key_cfg kcfg;
};

int ksrtp_flow_table_init(struct ksrtp_net *kn);
void ksrtp_flow_table_destroy(struct ksrtp_net *kn);

struct ksrtp_flow *ksrtp_flow_lookup(struct ksrtp_net *kn,
				     const struct ksrtp_flow_key *key);
int ksrtp_flow_create(struct ksrtp_net *kn, const struct ksrtp_flow_cfg *cfg,
		      u32 *id, struct netlink_ext_ack *extack);
struct ksrtp_flow *ksrtp_flow_alloc(const struct ksrtp_flow_cfg *cfg,
				    struct net *net,
				    struct netlink_ext_ack *extack);
void ksrtp_flow_free_now(struct ksrtp_flow *flow);
struct ksrtp_flow *ksrtp_flow_find_id(struct ksrtp_net *kn, u32 id);
struct ksrtp_flow *ksrtp_flow_next(struct ksrtp_net *kn, unsigned long *id);
struct ksrtp_flow *ksrtp_flow_gc_next(struct ksrtp_net *kn, unsigned long *id);
void ksrtp_flow_gc_want(struct ksrtp_net *kn, struct ksrtp_flow *flow);
void ksrtp_flow_gc_done(struct ksrtp_net *kn, struct ksrtp_flow *flow);
void ksrtp_flow_delete(struct ksrtp_net *kn, struct ksrtp_flow *flow,
		       u8 reason);
void ksrtp_flow_flush(struct ksrtp_net *kn, u8 dir, u8 reason);
struct ksrtp_flow *ksrtp_flow_find_cookie(struct ksrtp_net *kn, u64 cookie);
void ksrtp_flow_del_owner(struct ksrtp_net *kn, u32 portid);
int ksrtp_flow_set_remote(struct ksrtp_net *kn, struct ksrtp_flow *flow,
			  const struct in6_addr *raddr, __be16 rport,
			  struct netlink_ext_ack *extack);

/*
 * Charge what is allocated for @flow outside its creator's request (softirq,
 * work items) to the creator's memory cgroup, with __GFP_ACCOUNT: between
 * these two.
 */
static inline struct mem_cgroup *
ksrtp_flow_charge_begin(const struct ksrtp_flow *flow)
{
	return set_active_memcg(flow->memcg);
}

static inline void ksrtp_flow_charge_end(struct mem_cgroup *old)
{
	set_active_memcg(old);
}

/* Datapath: under RCU, BHs off. */
bool ksrtp_stream_room(const struct ksrtp_flow *flow);
struct ksrtp_stream *ksrtp_stream_find(struct ksrtp_flow *flow, u32 ssrc);
bool ksrtp_flow_tomb(struct ksrtp_flow *flow, u32 ssrc,
		     struct ksrtp_tomb *out);
enum ksrtp_drop ksrtp_stream_learn(struct ksrtp_flow *flow, u32 ssrc,
				   u32 epoch, struct ksrtp_stream **out);
void ksrtp_stream_reset(struct ksrtp_stream *st, u32 epoch);
bool ksrtp_flow_min_index(struct ksrtp_flow *flow, u64 *min);

/* Process context. */
void ksrtp_flow_expire(struct ksrtp_flow *flow, unsigned long now);

#endif /* _KSRTP_FLOW_H */
