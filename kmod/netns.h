/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: per network namespace state.
 */
#ifndef _KSRTP_NETNS_H
#define _KSRTP_NETNS_H

#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "stats.h"

struct ksrtp_guards;
struct netlink_ext_ack;

/* Counters of a netns outside any flow; netlink attribute = index + 1. */
enum ksrtp_net_stat {
	KSRTP_NET_STAT_GUARD_TX,	/* RTP from a guarded port, no flow */
	KSRTP_NET_STAT_GUARD_RX,	/* RTP to a guarded port, no flow */
	KSRTP_NET_STAT_FRAGMENTS,	/* an unreassembled first fragment */
	KSRTP_NET_STAT_GSO_ERRORS,	/* a GSO/GRO packet not segmented */
	KSRTP_NET_STAT_GSO_SPLIT,	/* a GSO/GRO packet split on receive */
	__KSRTP_NET_STAT_MAX,
};

struct ksrtp_net_stats {
	struct u64_stats_sync syncp;
	u64_stats_t v[__KSRTP_NET_STAT_MAX];
};

/**
 * struct ksrtp_net - ksrtp's state in one network namespace
 * @net: the namespace
 * @flows: flows by struct ksrtp_flow_key; read under RCU
 * @lock: serialises every change to the flows and guards (netlink, netns
 *	exit, the periodic work)
 * @flow_ids: every flow by its id, for netlink, dumps (in id order),
 *	flush and the periodic work (its mark KSRTP_FLOW_GC, flow.c);
 *	entries change under @lock, and the datapath sets a flow's mark
 *	under the flow's lock and the xarray's (XA_FLAGS_LOCK_BH)
 * @nflows: number of flows (at most the max_flows parameter); read
 *	locklessly by the hooks
 * @nwild: flows with a wildcard local address, [0] tx and [1] rx; read
 *	locklessly by the hooks to skip lookups that cannot match
 * @nanyremote: rx flows that take any remote; likewise
 * @nstreams: SSRC streams the datapath learned on the flows (at most the
 *	max_streams parameter); changed under each flow's lock
 * @cookies: the flows that have a cookie, by cookie; under @lock
 * @owners: the flows that have an owner, by its port id; under @lock
 * @nowned: flows with an owner, read locklessly by the netlink notifier
 *	to skip the lock when a socket closes in a netns without any
 * @next_id: where the search for the next flow's id starts
 *	(xa_alloc_cyclic()): ids go up and are not reused until they wrap
 * @genid: bumped on every change, for dump consistency
 * @active: the first flow or guard enabled IPv4 and IPv6 defragmentation
 *	and the periodic work and allocated @flow_stats; all stay until the
 *	netns goes
 * @dying: the netns is going away: the periodic work does not come back
 * @guards: guarded port ranges (guard.c), RCU; NULL for none
 * @stats: per-CPU counters outside any flow
 * @flow_stats: per-CPU totals of the counters of the tx ([0]) and rx ([1])
 *	flows, bumped by the datapath with each flow's own (so that deleted
 *	flows stay counted, and the totals only go up); allocated with
 *	@active, NULL before
 * @gc_work: once a second: frees idle SSRCs, retires keys no SSRC needs
 */
struct ksrtp_net {
	struct net *net;
	struct rhashtable flows;
	struct mutex lock;	/* every change to the flows and guards */
	struct xarray flow_ids;
	unsigned int nflows;
	unsigned int nwild[2];
	unsigned int nanyremote;
	atomic_t nstreams;
	struct rhltable cookies;
	struct rhltable owners;
	unsigned int nowned;
	u32 next_id;
	u32 genid;
	bool active;
	bool dying;
	struct ksrtp_guards __rcu *guards;
	struct ksrtp_net_stats __percpu *stats;
	struct ksrtp_pcpu_stats __percpu *flow_stats[2];
	struct delayed_work gc_work;
};

extern unsigned int ksrtp_net_id;
/* On while any netns has a flow or a guarded range. */
DECLARE_STATIC_KEY_FALSE(ksrtp_flows_exist);

static inline struct ksrtp_net *ksrtp_pernet(const struct net *net)
{
	return net_generic(net, ksrtp_net_id);
}

/* Datapath only: called with BHs disabled. */
static inline void ksrtp_net_count(struct ksrtp_net *kn,
				   enum ksrtp_net_stat stat)
{
	struct ksrtp_net_stats *s = this_cpu_ptr(kn->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->v[stat]);
	u64_stats_update_end(&s->syncp);
}

void ksrtp_net_stats_fold(struct ksrtp_net *kn, u64 *sum);
int ksrtp_net_activate(struct ksrtp_net *kn, struct netlink_ext_ack *extack);

int ksrtp_netns_init(void);
void ksrtp_netns_exit(void);

#endif /* _KSRTP_NETNS_H */
