/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: per network namespace state.
 */
#ifndef _KSRTP_NETNS_H
#define _KSRTP_NETNS_H

#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rhashtable-types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

/**
 * struct ksrtp_net - ksrtp's state in one network namespace
 * @net: the namespace
 * @flows: flows by struct ksrtp_flow_key; read under RCU
 * @lock: serialises every change to the flows (netlink, netns exit)
 * @flow_list: every flow, for dumps and flush, under @lock
 * @nflows: number of flows; read locklessly by the hooks
 * @next_id: the id the next flow gets
 * @genid: bumped on every change, for dump consistency
 */
struct ksrtp_net {
	struct net *net;
	struct rhashtable flows;
	struct mutex lock;	/* every change to the flows */
	struct list_head flow_list;
	unsigned int nflows;
	u32 next_id;
	u32 genid;
};

extern unsigned int ksrtp_net_id;
DECLARE_STATIC_KEY_FALSE(ksrtp_flows_exist);

static inline struct ksrtp_net *ksrtp_pernet(const struct net *net)
{
	return net_generic(net, ksrtp_net_id);
}

int ksrtp_netns_init(void);
void ksrtp_netns_exit(void);

#endif /* _KSRTP_NETNS_H */
