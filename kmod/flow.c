// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: flows and SSRC streams.
 *
 * Flows are found by the datapath under RCU in a per-netns rhashtable and
 * changed only under ksrtp_net.lock (netlink, netns exit). A deleted flow is
 * freed after an RCU grace period with all its streams; its key context is
 * freed from a work item, since freeing crypto transforms may sleep.
 */

#include <linux/netlink.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "flow.h"
#include "ksrtp.h"
#include "netns.h"
#include "replay.h"

static const struct rhashtable_params ksrtp_flow_params = {
	.key_len = sizeof(struct ksrtp_flow_key),
	.key_offset = offsetof(struct ksrtp_flow, key),
	.head_offset = offsetof(struct ksrtp_flow, node),
	.automatic_shrinking = true,
};

int ksrtp_flow_table_init(struct ksrtp_net *kn)
{
	return rhashtable_init(&kn->flows, &ksrtp_flow_params);
}

void ksrtp_flow_table_destroy(struct ksrtp_net *kn)
{
	rhashtable_destroy(&kn->flows);
}

/* Caller holds rcu_read_lock (the netfilter hooks do). */
struct ksrtp_flow *ksrtp_flow_lookup(struct ksrtp_net *kn,
				     const struct ksrtp_flow_key *key)
{
	return rhashtable_lookup(&kn->flows, key, ksrtp_flow_params);
}

static void ksrtp_stream_free(struct ksrtp_stream *st)
{
	kfree(st->rtp_replay);
	kfree(st->rtcp_replay);
	kfree(st);
}

static struct ksrtp_stream *ksrtp_stream_new(const struct ksrtp_flow *flow,
					     u32 ssrc, u32 roc, gfp_t gfp)
{
	struct ksrtp_stream *st = kzalloc(sizeof(*st), gfp);

	if (!st)
		return NULL;
	st->ssrc = ssrc;
	st->rtp_idx.roc = roc;
	spin_lock_init(&st->lock);
	if (flow->key.dir == KSRTP_FLOW_RX) {
		st->rtp_replay = ksrtp_replay_alloc(flow->replay_window, gfp);
		st->rtcp_replay = ksrtp_replay_alloc(flow->replay_window, gfp);
		if (!st->rtp_replay || !st->rtcp_replay) {
			ksrtp_stream_free(st);
			return NULL;
		}
	}
	return st;
}

static void ksrtp_flow_free(struct ksrtp_flow *flow, bool after_gp)
{
	struct ksrtp_stream *st;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(st, tmp, &flow->streams, node)
		ksrtp_stream_free(st);
	ksrtp_keyset_destroy(rcu_dereference_protected(flow->keyset, 1),
			     after_gp);
	free_percpu(flow->stats);
	kfree(flow);
}

static void ksrtp_flow_free_rcu(struct rcu_head *rcu)
{
	ksrtp_flow_free(container_of(rcu, struct ksrtp_flow, rcu), true);
}

/* Free a flow that was never published. */
void ksrtp_flow_free_now(struct ksrtp_flow *flow)
{
	ksrtp_flow_free(flow, true);
}

/**
 * ksrtp_flow_alloc() - build a flow with its first key, not yet published
 * @cfg: the validated request
 * @net: the netns it will belong to
 * @extack: for error messages
 *
 * Process context.
 *
 * Return: the flow or an ERR_PTR().
 */
struct ksrtp_flow *ksrtp_flow_alloc(const struct ksrtp_flow_cfg *cfg,
				    struct net *net,
				    struct netlink_ext_ack *extack)
{
	struct ksrtp_keyctx *kc;
	struct ksrtp_flow *flow;
	int cpu, err;

	flow = kzalloc(sizeof(*flow), GFP_KERNEL);
	if (!flow)
		return ERR_PTR(-ENOMEM);
	flow->key = cfg->key;
	flow->flags = cfg->flags;
	flow->ssrc = cfg->ssrc;
	flow->max_ssrcs = cfg->max_ssrcs;
	flow->replay_window = cfg->replay_window;
	flow->initial_roc = cfg->roc;
	flow->grace_ms = cfg->grace_ms;
	flow->grace_packets = cfg->grace_packets;
	flow->net = net;
	spin_lock_init(&flow->lock);
	INIT_HLIST_HEAD(&flow->streams);

	flow->stats = alloc_percpu(struct ksrtp_pcpu_stats);
	if (!flow->stats) {
		kfree(flow);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(flow->stats, cpu)->syncp);

	kc = ksrtp_keyctx_new(&cfg->kcfg, extack);
	if (IS_ERR(kc)) {
		free_percpu(flow->stats);
		kfree(flow);
		return ERR_CAST(kc);
	}
	flow->suite = kc->keys.suite;
	flow->mki_len = kc->keys.mki_len;
	flow->overhead[KSRTP_KC_SRTP] = ksrtp_srtp_overhead(&kc->keys);
	flow->overhead[KSRTP_KC_SRTCP] = ksrtp_srtcp_overhead(&kc->keys);
	err = ksrtp_keyset_init(flow, kc);
	if (err) {
		ksrtp_keyctx_release(kc, true);
		free_percpu(flow->stats);
		kfree(flow);
		return ERR_PTR(err);
	}

	if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY)) {
		struct ksrtp_stream *st;

		st = ksrtp_stream_new(flow, cfg->ssrc, cfg->roc, GFP_KERNEL);
		if (!st) {
			ksrtp_flow_free(flow, true);
			return ERR_PTR(-ENOMEM);
		}
		hlist_add_head_rcu(&st->node, &flow->streams);
		flow->nstreams = 1;
	}
	return flow;
}

/**
 * ksrtp_flow_create() - build a flow and publish it
 * @kn: the netns
 * @cfg: the validated request
 * @id: the new flow's id, on success
 * @extack: for error messages
 *
 * Everything that can fail happens before the flow becomes visible.
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_flow_create(struct ksrtp_net *kn, const struct ksrtp_flow_cfg *cfg,
		      u32 *id, struct netlink_ext_ack *extack)
{
	struct ksrtp_flow *flow;
	int err;

	flow = ksrtp_flow_alloc(cfg, kn->net, extack);
	if (IS_ERR(flow))
		return PTR_ERR(flow);

	mutex_lock(&kn->lock);
	err = rhashtable_lookup_insert_fast(&kn->flows, &flow->node,
					    ksrtp_flow_params);
	if (err) {
		mutex_unlock(&kn->lock);
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "ksrtp: a flow with this address, port and direction exists");
		ksrtp_flow_free(flow, true);
		return err;
	}
	do {
		flow->id = ++kn->next_id;
	} while (!flow->id || ksrtp_flow_find_id(kn, flow->id));
	list_add_tail(&flow->list, &kn->flow_list);
	WRITE_ONCE(kn->nflows, kn->nflows + 1);
	kn->genid++;
	static_branch_inc(&ksrtp_flows_exist);
	*id = flow->id;
	mutex_unlock(&kn->lock);
	return 0;
}

/* Caller holds kn->lock. */
struct ksrtp_flow *ksrtp_flow_find_id(struct ksrtp_net *kn, u32 id)
{
	struct ksrtp_flow *flow;

	lockdep_assert_held(&kn->lock);
	list_for_each_entry(flow, &kn->flow_list, list)
		if (flow->id == id)
			return flow;
	return NULL;
}

/* Unpublish @flow and free it after a grace period. Caller holds kn->lock. */
void ksrtp_flow_delete(struct ksrtp_net *kn, struct ksrtp_flow *flow)
{
	lockdep_assert_held(&kn->lock);
	rhashtable_remove_fast(&kn->flows, &flow->node, ksrtp_flow_params);
	list_del(&flow->list);
	WRITE_ONCE(kn->nflows, kn->nflows - 1);
	kn->genid++;
	static_branch_dec(&ksrtp_flows_exist);
	call_rcu(&flow->rcu, ksrtp_flow_free_rcu);
}

/* Delete every flow of @kn. Caller holds kn->lock. */
void ksrtp_flow_flush(struct ksrtp_net *kn)
{
	struct ksrtp_flow *flow, *tmp;

	lockdep_assert_held(&kn->lock);
	list_for_each_entry_safe(flow, tmp, &kn->flow_list, list)
		ksrtp_flow_delete(kn, flow);
}

/**
 * ksrtp_stream_get() - find, or on an "ssrc any" flow learn, an SSRC's stream
 * @flow: the flow
 * @ssrc: the packet's SSRC
 * @limited: set when a new SSRC was refused because of max_ssrcs
 *
 * Datapath: called under RCU with BHs disabled.
 *
 * Return: the stream, or NULL for an SSRC the flow does not take.
 */
struct ksrtp_stream *ksrtp_stream_get(struct ksrtp_flow *flow, u32 ssrc,
				      bool *limited)
{
	struct ksrtp_stream *st;

	*limited = false;
	hlist_for_each_entry_rcu(st, &flow->streams, node)
		if (st->ssrc == ssrc)
			return st;
	if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY))
		return NULL;

	spin_lock(&flow->lock);
	hlist_for_each_entry(st, &flow->streams, node)
		if (st->ssrc == ssrc)
			goto out;
	st = NULL;
	if (flow->nstreams >= flow->max_ssrcs) {
		*limited = true;
		goto out;
	}
	st = ksrtp_stream_new(flow, ssrc, 0, GFP_ATOMIC);
	if (st) {
		hlist_add_head_rcu(&st->node, &flow->streams);
		flow->nstreams++;
	}
	spin_unlock(&flow->lock);
	if (st)
		ksrtp_event(flow, KSRTP_EVENT_TYPE_NEW_SSRC, NULL, ssrc);
	return st;
out:
	spin_unlock(&flow->lock);
	return st;
}
