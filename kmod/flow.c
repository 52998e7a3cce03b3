// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: flows and SSRC streams.
 *
 * Flows are found by the datapath under RCU in a per-netns rhashtable and
 * changed only under ksrtp_net.lock (netlink, netns exit). Netlink finds
 * them by id in the netns's xarray, and dumps walk it in id order. A
 * deleted flow is freed after an RCU grace period with all its streams; its
 * key context is freed from a work item, since freeing crypto transforms
 * may sleep.
 *
 * On an "ssrc any" flow a stream is created only for a packet that
 * authenticated (rx) or that the flow protects (tx), and freed once it has
 * been idle for ssrc_idle; a tombstone keeps its highest indices, so that
 * the SSRC resumes where it was and its old packets are not accepted or
 * its old indices protected again.
 *
 * A flow's streams are on one list, for the walks over all of them, and in
 * a hash table by SSRC, sized at creation from max-ssrcs, for the
 * datapath's lookups; its tombstones are hashed the same way. The hash is
 * keyed with a random per-flow seed, so that an attacker who chooses SSRCs
 * cannot make them collide: a lookup costs O(1) however many SSRCs the
 * flow has.
 *
 * A netns holds at most max_flows flows and, on them, at most max_streams
 * learned streams (ksrtp_net.nstreams, changed under the flow's lock when
 * a stream is learned or expires, and by a flow's whole count when it is
 * deleted). Since a user namespace's root can create flows, what the
 * datapath and the periodic work allocate for a flow is charged to the
 * memory cgroup of the task that created it (ksrtp_flow_charge_begin()).
 */

#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <net/ipv6.h>

#include "event.h"
#include "flow.h"
#include "ksrtp.h"
#include "netns.h"
#include "replay.h"
#include "trace.h"

static const struct rhashtable_params ksrtp_flow_params = {
	.key_len = sizeof(struct ksrtp_flow_key),
	.key_offset = offsetof(struct ksrtp_flow_slot, key),
	.head_offset = offsetof(struct ksrtp_flow_slot, node),
	.automatic_shrinking = true,
};

/* Netlink's indexes: flows by cookie and by owner, both under kn->lock. */
static const struct rhashtable_params ksrtp_cookie_params = {
	.key_len = sizeof(u64),
	.key_offset = offsetof(struct ksrtp_flow, cookie),
	.head_offset = offsetof(struct ksrtp_flow, cnode),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ksrtp_owner_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct ksrtp_flow, owner),
	.head_offset = offsetof(struct ksrtp_flow, onode),
	.automatic_shrinking = true,
};

static unsigned int max_flows = 1000000;
module_param(max_flows, uint, 0644);
MODULE_PARM_DESC(max_flows,
		 "most flows one network namespace may have (default 1000000)");

/*
 * Four streams a flow at max_flows: a stream and its replay windows take
 * about 400 bytes, so 4,000,000 take about 1.5 GB, less than the flows
 * themselves at max_flows (about 6 KB each).
 */
static unsigned int max_streams = 4000000;
module_param(max_streams, uint, 0644);
MODULE_PARM_DESC(max_streams,
		 "most SSRC streams the flows of one network namespace may learn (default 4000000)");

/* Flow ids: 1 to U32_MAX, handed out cyclically from ksrtp_net.next_id. */
#define KSRTP_FLOW_IDS	XA_LIMIT(1, U32_MAX)

/*
 * Marks the flows the periodic work has to visit: those that may hold
 * learned streams that go idle, or keys by index to retire. The work walks
 * only these (xa_find_after() skips whole unmarked subtrees), so a netns
 * with many quiet flows costs it nothing per flow. Set in process context
 * when a flow is created or gets a key, and by the datapath when a flow
 * learns a stream (under the flow's lock, BHs off); cleared by the work,
 * under the flow's lock, once the flow has nothing left for it. Hence
 * XA_FLAGS_LOCK_BH, and the _bh calls in process context.
 */
#define KSRTP_FLOW_GC	XA_MARK_1

int ksrtp_flow_table_init(struct ksrtp_net *kn)
{
	int err;

	xa_init_flags(&kn->flow_ids, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	err = rhashtable_init(&kn->flows, &ksrtp_flow_params);
	if (err)
		return err;
	err = rhltable_init(&kn->cookies, &ksrtp_cookie_params);
	if (err)
		goto err_flows;
	err = rhltable_init(&kn->owners, &ksrtp_owner_params);
	if (err)
		goto err_cookies;
	return 0;

err_cookies:
	rhltable_destroy(&kn->cookies);
err_flows:
	rhashtable_destroy(&kn->flows);
	return err;
}

/* After ksrtp_flow_flush(): all are empty. */
void ksrtp_flow_table_destroy(struct ksrtp_net *kn)
{
	WARN_ON_ONCE(!xa_empty(&kn->flow_ids));
	WARN_ON_ONCE(atomic_read(&kn->nstreams));
	WARN_ON_ONCE(kn->nowned);
	xa_destroy(&kn->flow_ids);
	rhltable_destroy(&kn->owners);
	rhltable_destroy(&kn->cookies);
	rhashtable_destroy(&kn->flows);
}

/* Caller holds rcu_read_lock (the netfilter hooks do). */
struct ksrtp_flow *ksrtp_flow_lookup(struct ksrtp_net *kn,
				     const struct ksrtp_flow_key *key)
{
	struct ksrtp_flow_slot *slot;

	slot = rhashtable_lookup(&kn->flows, key, ksrtp_flow_params);
	return slot ? slot->flow : NULL;
}

/* The bucket of @ssrc, in the streams' and in the tombstones' tables. */
static u32 ksrtp_ssrc_hash(const struct ksrtp_flow *flow, u32 ssrc, u32 mask)
{
	return jhash_1word(ssrc, flow->shash_seed) & mask;
}

static struct hlist_head *ksrtp_stream_bucket(const struct ksrtp_flow *flow,
					      u32 ssrc)
{
	return &flow->shash[ksrtp_ssrc_hash(flow, ssrc, flow->shash_mask)];
}

/* Publish @st on the flow's list and in its hash table, under flow->lock. */
static void ksrtp_stream_link(struct ksrtp_flow *flow, struct ksrtp_stream *st)
{
	hlist_add_head_rcu(&st->node, &flow->streams);
	hlist_add_head_rcu(&st->hnode, ksrtp_stream_bucket(flow, st->ssrc));
}

/*
 * The hash table of a new flow's streams: about two streams a bucket at
 * max-ssrcs, one bucket (in the flow) for a pinned SSRC.
 */
static int ksrtp_shash_alloc(struct ksrtp_flow *flow)
{
	unsigned int n = 1, i;

	flow->shash_seed = get_random_u32();
	if (flow->flags & KSRTP_FLOW_F_SSRC_ANY)
		n = roundup_pow_of_two(max(flow->max_ssrcs / 2, 1U));
	flow->shash_mask = n - 1;
	if (n == 1) {
		flow->shash = &flow->shash_one;
	} else {
		flow->shash = kvmalloc_array(n, sizeof(*flow->shash),
					     GFP_KERNEL_ACCOUNT);
		if (!flow->shash)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		INIT_HLIST_HEAD(&flow->shash[i]);
	return 0;
}

static void ksrtp_shash_free(struct ksrtp_flow *flow)
{
	if (flow->shash != &flow->shash_one)
		kvfree(flow->shash);
}

static void ksrtp_stream_free(struct ksrtp_stream *st)
{
	kfree(st->rtp_replay);
	kfree(st->rtcp_replay);
	kfree(st);
}

static void ksrtp_stream_free_rcu(struct rcu_head *rcu)
{
	ksrtp_stream_free(container_of(rcu, struct ksrtp_stream, rcu));
}

static struct ksrtp_stream *ksrtp_stream_new(const struct ksrtp_flow *flow,
					     u32 ssrc, u32 roc, gfp_t gfp)
{
	struct ksrtp_stream *st = kzalloc(sizeof(*st), gfp);

	if (!st)
		return NULL;
	st->ssrc = ssrc;
	st->rtp_idx.roc = roc;
	st->last_used = jiffies;
	spin_lock_init(&st->lock);
	/* rx: the replay window; tx: the indices protected lately */
	st->rtp_replay = ksrtp_replay_alloc(flow->replay_window, gfp);
	if (flow->key.dir == KSRTP_FLOW_RX)
		st->rtcp_replay = ksrtp_replay_alloc(flow->replay_window, gfp);
	if (!st->rtp_replay ||
	    (flow->key.dir == KSRTP_FLOW_RX && !st->rtcp_replay)) {
		ksrtp_stream_free(st);
		return NULL;
	}
	return st;
}

/**
 * ksrtp_stream_reset() - restart a stream (the reset-roc option)
 * @st: the stream; the caller holds its lock
 * @epoch: the key set epoch it restarts in
 *
 * ROC, highest sequence number, replay windows and SRTCP index start over.
 */
void ksrtp_stream_reset(struct ksrtp_stream *st, u32 epoch)
{
	lockdep_assert_held(&st->lock);
	memset(&st->rtp_idx, 0, sizeof(st->rtp_idx));
	ksrtp_replay_reset(st->rtp_replay);
	if (st->rtcp_replay)
		ksrtp_replay_reset(st->rtcp_replay);
	st->srtcp_index = 0;
	st->srtcp_valid = false;
	st->epoch = epoch;
}

static void ksrtp_flow_free(struct ksrtp_flow *flow, bool after_gp)
{
	struct ksrtp_stream *st;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(st, tmp, &flow->streams, node)
		ksrtp_stream_free(st);
	ksrtp_keyset_destroy(rcu_dereference_protected(flow->keyset, 1),
			     after_gp);
	kvfree(flow->tombs);
	ksrtp_shash_free(flow);
	free_percpu(flow->stats);
	mem_cgroup_put(flow->memcg);
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
 * Process context: the flow is charged to the caller's memory cgroup, and
 * so is what the datapath later allocates for it.
 *
 * Return: the flow or an ERR_PTR().
 */
struct ksrtp_flow *ksrtp_flow_alloc(const struct ksrtp_flow_cfg *cfg,
				    struct net *net,
				    struct netlink_ext_ack *extack)
{
	struct ksrtp_key_cfg kcfg;
	struct ksrtp_keyctx *kc;
	struct ksrtp_flow *flow;
	int err;

	flow = kzalloc(sizeof(*flow), GFP_KERNEL_ACCOUNT);
	if (!flow)
		return ERR_PTR(-ENOMEM);
	flow->key = cfg->key;
	flow->slot[0].key = cfg->key;
	flow->slot[0].flow = flow;
	flow->slot[1].flow = flow;
	flow->cookie = cfg->cookie;
	flow->owner = cfg->owner;
	flow->flags = cfg->flags;
	if (ipv6_addr_any(&cfg->key.laddr))
		flow->flags |= KSRTP_FLOW_F_WILD_LOCAL;
	flow->ssrc = cfg->ssrc;
	flow->max_ssrcs = cfg->max_ssrcs;
	flow->replay_window = cfg->replay_window;
	flow->initial_roc = cfg->roc;
	flow->grace_ms = cfg->grace_ms;
	flow->grace_packets = cfg->grace_packets;
	flow->ssrc_idle = msecs_to_jiffies(cfg->ssrc_idle_ms);
	flow->net = net;
	spin_lock_init(&flow->lock);
	INIT_HLIST_HEAD(&flow->streams);
	if (ksrtp_shash_alloc(flow)) {
		kfree(flow);
		return ERR_PTR(-ENOMEM);
	}

	flow->stats = ksrtp_stats_alloc(GFP_KERNEL_ACCOUNT);
	if (!flow->stats) {
		ksrtp_shash_free(flow);
		kfree(flow);
		return ERR_PTR(-ENOMEM);
	}

	kcfg = cfg->kcfg;
	kcfg.master.uses = ksrtp_flow_uses(cfg->flags);
	kcfg.master.srtcp_tag_len = ksrtp_flow_srtcp_tag_len(cfg->flags);
	kc = ksrtp_keyctx_new(&kcfg, extack);
	if (IS_ERR(kc)) {
		free_percpu(flow->stats);
		ksrtp_shash_free(flow);
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
		ksrtp_shash_free(flow);
		kfree(flow);
		return ERR_PTR(err);
	}
	flow->memcg = ksrtp_memcg_get();

	if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY)) {
		struct ksrtp_stream *st;

		st = ksrtp_stream_new(flow, cfg->ssrc, cfg->roc,
				      GFP_KERNEL_ACCOUNT);
		if (!st) {
			ksrtp_flow_free(flow, true);
			return ERR_PTR(-ENOMEM);
		}
		ksrtp_stream_link(flow, st);
		flow->nstreams = 1;
	}
	return flow;
}

/* The flow counts the hooks use to skip lookups that cannot match. */
static void ksrtp_flow_count(struct ksrtp_net *kn,
			     const struct ksrtp_flow *flow, int d)
{
	WRITE_ONCE(kn->nflows, kn->nflows + d);
	if (flow->flags & KSRTP_FLOW_F_WILD_LOCAL)
		WRITE_ONCE(kn->nwild[flow->key.dir == KSRTP_FLOW_RX],
			   kn->nwild[flow->key.dir == KSRTP_FLOW_RX] + d);
	if (flow->key.dir == KSRTP_FLOW_RX && !flow->key.rport)
		WRITE_ONCE(kn->nanyremote, kn->nanyremote + d);
}

/* The per-netns cap, with the error the request gets. */
static bool ksrtp_flow_cap(struct ksrtp_net *kn,
			   struct netlink_ext_ack *extack)
{
	if (READ_ONCE(kn->nflows) < READ_ONCE(max_flows))
		return false;
	NL_SET_ERR_MSG(extack,
		       "ksrtp: too many flows in this netns (module parameter max_flows)");
	return true;
}

/**
 * ksrtp_flow_create() - build a flow and publish it
 * @kn: the netns
 * @cfg: the validated request
 * @id: the new flow's id, on success
 * @extack: for error messages
 *
 * Everything that can fail happens before the flow becomes visible. The
 * netns holds at most max_flows flows (-ENOSPC).
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_flow_create(struct ksrtp_net *kn, const struct ksrtp_flow_cfg *cfg,
		      u32 *id, struct netlink_ext_ack *extack)
{
	struct ksrtp_flow *flow;
	int err;

	/* before the key is built, so that a full netns costs little */
	if (ksrtp_flow_cap(kn, extack))
		return -ENOSPC;
	flow = ksrtp_flow_alloc(cfg, kn->net, extack);
	if (IS_ERR(flow))
		return PTR_ERR(flow);

	mutex_lock(&kn->lock);
	if (ksrtp_flow_cap(kn, extack)) {
		err = -ENOSPC;
		goto err_unlock;
	}
	/*
	 * Complete before the table makes it visible: its id (for events)
	 * and the counters that tell the hooks which lookups can match. Only
	 * netlink and the periodic work, under kn->lock, look flows up in
	 * flow_ids (the datapath only sets a flow's mark there, and only for
	 * a flow it found in the rhashtable), so the flow may sit there until
	 * the rhashtable has it too.
	 */
	err = xa_alloc_cyclic_bh(&kn->flow_ids, &flow->id, flow,
				 KSRTP_FLOW_IDS, &kn->next_id,
				 GFP_KERNEL_ACCOUNT);
	if (err < 0) {
		/* -EBUSY would take 2^32 - 1 flows: max_flows is below */
		NL_SET_ERR_MSG(extack, "ksrtp: no memory for the flow's id");
		goto err_unlock;
	}
	/* netlink's indexes, which only netlink reads, under kn->lock */
	if (flow->cookie) {
		err = rhltable_insert(&kn->cookies, &flow->cnode,
				      ksrtp_cookie_params);
		if (err) {
			NL_SET_ERR_MSG(extack, "ksrtp: cannot index the flow's cookie");
			goto err_id;
		}
	}
	if (flow->owner) {
		err = rhltable_insert(&kn->owners, &flow->onode,
				      ksrtp_owner_params);
		if (err) {
			NL_SET_ERR_MSG(extack, "ksrtp: cannot index the flow's owner");
			goto err_cookie;
		}
	}
	ksrtp_flow_count(kn, flow, 1);
	flow->net_stats = kn->flow_stats[flow->key.dir == KSRTP_FLOW_RX];
	/* no packet has seen it: nothing to count yet */
	if (flow->flags & KSRTP_FLOW_F_SSRC_ANY)
		flow->net_streams = &kn->nstreams;
	/* one visit of the periodic work, which unmarks it if it can */
	flow->ids = &kn->flow_ids;
	ksrtp_flow_gc_want(kn, flow);
	static_branch_inc(&ksrtp_flows_exist);
	err = rhashtable_lookup_insert_fast(&kn->flows, &flow->slot[0].node,
					    ksrtp_flow_params);
	if (err) {
		ksrtp_flow_count(kn, flow, -1);
		static_branch_dec(&ksrtp_flows_exist);
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "ksrtp: a flow with this address, port and direction exists");
		else
			NL_SET_ERR_MSG(extack, "ksrtp: cannot insert the flow");
		goto err_owner;
	}
	if (flow->owner)
		WRITE_ONCE(kn->nowned, kn->nowned + 1);
	kn->genid++;
	*id = flow->id;
	ksrtp_event_flow(flow, KSRTP_EVENT_TYPE_FLOW_ADDED, 0);
	mutex_unlock(&kn->lock);
	return 0;

err_owner:
	if (flow->owner)
		rhltable_remove(&kn->owners, &flow->onode, ksrtp_owner_params);
err_cookie:
	if (flow->cookie)
		rhltable_remove(&kn->cookies, &flow->cnode,
				ksrtp_cookie_params);
err_id:
	xa_erase_bh(&kn->flow_ids, flow->id);
err_unlock:
	mutex_unlock(&kn->lock);
	ksrtp_flow_free(flow, true);
	return err;
}

/* Caller holds kn->lock. */
struct ksrtp_flow *ksrtp_flow_find_id(struct ksrtp_net *kn, u32 id)
{
	lockdep_assert_held(&kn->lock);
	return xa_load(&kn->flow_ids, id);
}

/**
 * ksrtp_flow_next() - the flow with the lowest id above @id
 * @kn: the netns; the caller holds its lock
 * @id: in: the id to start after (0: from the first); out: the flow's id
 *
 * For dumps and walks that drop the lock in between: resuming after the
 * last id seen meets every flow that stayed exactly once, whatever else
 * was created or deleted meanwhile.
 *
 * Return: the flow, or NULL if there is none above @id.
 */
struct ksrtp_flow *ksrtp_flow_next(struct ksrtp_net *kn, unsigned long *id)
{
	lockdep_assert_held(&kn->lock);
	return xa_find_after(&kn->flow_ids, id, U32_MAX, XA_PRESENT);
}

/**
 * ksrtp_flow_gc_next() - the next flow above @id the periodic work visits
 * @kn: the netns; the caller holds its lock
 * @id: the last id visited (0 to start); set to the flow's
 *
 * Return: the flow, or NULL if no flow above @id is marked KSRTP_FLOW_GC.
 */
struct ksrtp_flow *ksrtp_flow_gc_next(struct ksrtp_net *kn, unsigned long *id)
{
	lockdep_assert_held(&kn->lock);
	return xa_find_after(&kn->flow_ids, id, U32_MAX, KSRTP_FLOW_GC);
}

/**
 * ksrtp_flow_gc_want() - have the periodic work visit @flow
 * @kn: the netns; the caller holds its lock
 * @flow: a flow of @kn
 *
 * Process context. The work clears the mark again at its next visit if
 * the flow has nothing for it.
 */
void ksrtp_flow_gc_want(struct ksrtp_net *kn, struct ksrtp_flow *flow)
{
	lockdep_assert_held(&kn->lock);
	xa_lock_bh(&kn->flow_ids);
	__xa_set_mark(&kn->flow_ids, flow->id, KSRTP_FLOW_GC);
	xa_unlock_bh(&kn->flow_ids);
}

/**
 * ksrtp_flow_gc_done() - after a visit: unmark @flow if nothing is left
 * @kn: the netns; the caller holds its lock
 * @flow: a flow of @kn
 *
 * Nothing is left for the work once the flow has no keys by index and no
 * learned stream that can go idle. Checked under the flow's lock, which
 * ksrtp_stream_learn() holds when it sets the mark again: a stream learned
 * meanwhile keeps it.
 */
void ksrtp_flow_gc_done(struct ksrtp_net *kn, struct ksrtp_flow *flow)
{
	const struct ksrtp_keyset *ks;

	lockdep_assert_held(&kn->lock);
	spin_lock_bh(&flow->lock);
	ks = rcu_dereference_protected(flow->keyset,
				       lockdep_is_held(&flow->lock));
	if (!ks->byidx && (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY) ||
			   !flow->ssrc_idle || !flow->nstreams)) {
		xa_lock(&kn->flow_ids);
		__xa_clear_mark(&kn->flow_ids, flow->id, KSRTP_FLOW_GC);
		xa_unlock(&kn->flow_ids);
	}
	spin_unlock_bh(&flow->lock);
}

/*
 * Take a deleted flow's streams off its netns's count. A packet that still
 * finds the flow may learn a stream after this, uncounted: no more than
 * max_ssrcs, and freed with the flow a grace period later.
 */
static void ksrtp_flow_uncount_streams(struct ksrtp_flow *flow)
{
	spin_lock_bh(&flow->lock);
	if (flow->net_streams) {
		atomic_sub(flow->nstreams, flow->net_streams);
		WRITE_ONCE(flow->net_streams, NULL);
	}
	spin_unlock_bh(&flow->lock);
}

/**
 * ksrtp_flow_delete() - unpublish a flow and free it after a grace period
 * @kn: the netns; the caller holds its lock
 * @flow: the flow
 * @reason: enum ksrtp_del_reason, for the flow-deleted event
 */
void ksrtp_flow_delete(struct ksrtp_net *kn, struct ksrtp_flow *flow,
		       u8 reason)
{
	lockdep_assert_held(&kn->lock);
	ksrtp_event_flow(flow, KSRTP_EVENT_TYPE_FLOW_DELETED, reason);
	rhashtable_remove_fast(&kn->flows, &flow->slot[flow->cur].node,
			       ksrtp_flow_params);
	ksrtp_flow_uncount_streams(flow);
	xa_erase_bh(&kn->flow_ids, flow->id);
	if (flow->cookie)
		rhltable_remove(&kn->cookies, &flow->cnode,
				ksrtp_cookie_params);
	if (flow->owner) {
		rhltable_remove(&kn->owners, &flow->onode, ksrtp_owner_params);
		WRITE_ONCE(kn->nowned, kn->nowned - 1);
	}
	ksrtp_flow_count(kn, flow, -1);
	kn->genid++;
	static_branch_dec(&ksrtp_flows_exist);
	call_rcu(&flow->rcu, ksrtp_flow_free_rcu);
}

/*
 * Delete @kn's flows in direction @dir (0: all), for @reason. Caller holds
 * kn->lock.
 */
void ksrtp_flow_flush(struct ksrtp_net *kn, u8 dir, u8 reason)
{
	struct ksrtp_flow *flow;
	unsigned long id;

	lockdep_assert_held(&kn->lock);
	xa_for_each(&kn->flow_ids, id, flow) {
		if (!dir || flow->key.dir == dir)
			ksrtp_flow_delete(kn, flow, reason);
		cond_resched();
	}
}

/**
 * ksrtp_stream_room() - may the flow learn one more stream?
 * @flow: an "ssrc any" flow
 *
 * Datapath: under RCU. Below its max_ssrcs, and its netns below max_streams.
 *
 * Return: true if there is room (for now: ksrtp_stream_learn() decides).
 */
bool ksrtp_stream_room(const struct ksrtp_flow *flow)
{
	atomic_t *n = READ_ONCE(flow->net_streams);

	if (READ_ONCE(flow->nstreams) >= flow->max_ssrcs)
		return false;
	return !n || (unsigned int)atomic_read(n) < READ_ONCE(max_streams);
}

/*
 * Count a new stream in the flow's netns, unless that has max_streams
 * already. Caller holds flow->lock.
 */
static bool ksrtp_stream_count_net(struct ksrtp_flow *flow)
{
	unsigned int max = min_t(unsigned int, READ_ONCE(max_streams), INT_MAX);
	atomic_t *count = flow->net_streams;
	int n;

	lockdep_assert_held(&flow->lock);
	if (!count)
		return true;
	n = atomic_read(count);
	do {
		if ((unsigned int)n >= max)
			return false;
	} while (!atomic_try_cmpxchg(count, &n, n + 1));
	return true;
}

/**
 * ksrtp_flow_find_cookie() - a flow with this cookie
 * @kn: the netns; the caller holds its lock, so the flow stays
 * @cookie: the cookie, not 0
 *
 * Return: one of the flows with @cookie, or NULL.
 */
struct ksrtp_flow *ksrtp_flow_find_cookie(struct ksrtp_net *kn, u64 cookie)
{
	struct rhlist_head *list;

	lockdep_assert_held(&kn->lock);
	rcu_read_lock();
	list = rhltable_lookup(&kn->cookies, &cookie, ksrtp_cookie_params);
	rcu_read_unlock();
	return list ? container_of(list, struct ksrtp_flow, cnode) : NULL;
}

/**
 * ksrtp_flow_del_owner() - delete the flows a netlink socket owned
 * @kn: the netns of the socket
 * @portid: the socket's port id
 *
 * Process context: the netlink notifier, as the socket is released. Costs
 * one flow lookup per owned flow, one lookup without a lock for a socket
 * that owns none, and nothing in a netns without owned flows.
 */
void ksrtp_flow_del_owner(struct ksrtp_net *kn, u32 portid)
{
	struct rhlist_head *list;

	if (!portid || !READ_ONCE(kn->nowned))
		return;
	/*
	 * Every generic netlink socket of the netns comes here as it closes:
	 * only the owners of flows may take the lock.
	 */
	rcu_read_lock();
	list = rhltable_lookup(&kn->owners, &portid, ksrtp_owner_params);
	rcu_read_unlock();
	if (!list)
		return;
	mutex_lock(&kn->lock);
	/*
	 * A user socket holds its netns, so this is for a kernel socket
	 * released late: the netns exit has flushed the flows already.
	 */
	while (!kn->dying) {
		rcu_read_lock();
		list = rhltable_lookup(&kn->owners, &portid,
				       ksrtp_owner_params);
		rcu_read_unlock();
		if (!list)
			break;
		ksrtp_flow_delete(kn, container_of(list, struct ksrtp_flow,
						   onode),
				  KSRTP_DEL_REASON_OWNER);
		cond_resched();
	}
	mutex_unlock(&kn->lock);
}

/**
 * ksrtp_flow_set_remote() - move a flow to a new remote address and port
 * @kn: the netns; the caller holds its lock
 * @flow: the flow
 * @raddr: the new remote address, zero past the family's length
 * @rport: the new remote port, not 0
 * @extack: for error messages
 *
 * The flow object stays, with its keys, streams, ROC, replay state and
 * counters. Its new key goes into the table in the free slot first, and
 * only then does the old one leave: a packet meanwhile finds the flow
 * under either remote, never under neither, and never a half-written key
 * (no reader can be in the free slot: see struct ksrtp_flow.slot_gp).
 * Process context; may wait for an RCU grace period when one flow changes
 * twice within one.
 *
 * Return: 0, or -EEXIST if another flow has the new 5-tuple.
 */
int ksrtp_flow_set_remote(struct ksrtp_net *kn, struct ksrtp_flow *flow,
			  const struct in6_addr *raddr, __be16 rport,
			  struct netlink_ext_ack *extack)
{
	struct ksrtp_flow_slot *old = &flow->slot[flow->cur];
	struct ksrtp_flow_slot *new = &flow->slot[!flow->cur];
	bool was_any = flow->key.dir == KSRTP_FLOW_RX && !flow->key.rport;
	int err;

	lockdep_assert_held(&kn->lock);
	if (ipv6_addr_equal(raddr, &old->key.raddr) && rport == old->key.rport)
		return 0;
	/* readers that found the slot before it left have gone */
	if (flow->slot_busy)
		cond_synchronize_rcu(flow->slot_gp);
	new->key = old->key;
	new->key.raddr = *raddr;
	new->key.rport = rport;
	err = rhashtable_lookup_insert_fast(&kn->flows, &new->node,
					    ksrtp_flow_params);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "ksrtp: another flow has this address, port and direction");
		else
			NL_SET_ERR_MSG(extack, "ksrtp: cannot insert the flow's new remote");
		return err;
	}
	rhashtable_remove_fast(&kn->flows, &old->node, ksrtp_flow_params);
	flow->slot_gp = get_state_synchronize_rcu();
	flow->slot_busy = true;
	flow->cur = !flow->cur;
	flow->key.raddr = *raddr;
	flow->key.rport = rport;
	/* the hooks may skip any-remote lookups once the old key is gone */
	if (was_any)
		WRITE_ONCE(kn->nanyremote, kn->nanyremote - 1);
	kn->genid++;
	return 0;
}

/**
 * ksrtp_stream_find() - the stream of an SSRC, if the flow has one
 * @flow: the flow
 * @ssrc: the packet's SSRC
 *
 * Datapath: under RCU (or with flow->lock held). Creates nothing. One hash
 * bucket: O(1) whatever the number of streams.
 *
 * Return: the stream, or NULL.
 */
struct ksrtp_stream *ksrtp_stream_find(struct ksrtp_flow *flow, u32 ssrc)
{
	struct ksrtp_stream *st;

	hlist_for_each_entry_rcu(st, ksrtp_stream_bucket(flow, ssrc), hnode,
				 lockdep_is_held(&flow->lock))
		if (st->ssrc == ssrc)
			return st;
	return NULL;
}

static u16 *ksrtp_tomb_head(const struct ksrtp_flow *flow,
			    struct ksrtp_tombs *tb, u32 ssrc)
{
	return &tb->heads[ksrtp_ssrc_hash(flow, ssrc, tb->mask)];
}

/* The tombstone of @ssrc, or -1. Caller holds flow->lock. */
static int ksrtp_tomb_find(const struct ksrtp_flow *flow, u32 ssrc)
{
	struct ksrtp_tombs *tb = flow->tombs;
	unsigned int i;

	if (!tb)
		return -1;
	for (i = *ksrtp_tomb_head(flow, tb, ssrc); i != KSRTP_TOMB_NONE;
	     i = tb->t[i].next)
		if (tb->t[i].ssrc == ssrc)
			return i;
	return -1;
}

/* Where the hash chain of tombstone @i points at it. */
static u16 *ksrtp_tomb_ref(const struct ksrtp_flow *flow,
			   struct ksrtp_tombs *tb, unsigned int i)
{
	u16 *p = ksrtp_tomb_head(flow, tb, tb->t[i].ssrc);

	while (*p != i)
		p = &tb->t[*p].next;
	return p;
}

/* Chain tombstone @i (filled in) into its bucket. */
static void ksrtp_tomb_hash(const struct ksrtp_flow *flow,
			    struct ksrtp_tombs *tb, unsigned int i)
{
	u16 *head = ksrtp_tomb_head(flow, tb, tb->t[i].ssrc);

	tb->t[i].next = *head;
	*head = i;
}

/* Drop tombstone @i; the last one takes its place. Caller holds the lock. */
static void ksrtp_tomb_del(struct ksrtp_flow *flow, struct ksrtp_tombs *tb,
			   unsigned int i)
{
	unsigned int last = tb->n - 1;

	*ksrtp_tomb_ref(flow, tb, i) = tb->t[i].next;
	if (i != last) {
		*ksrtp_tomb_ref(flow, tb, last) = i;
		tb->t[i] = tb->t[last];
	}
	tb->n = last;
	WRITE_ONCE(flow->ntombs, tb->n);
}

/**
 * ksrtp_flow_tomb() - what the flow kept of a freed SSRC
 * @flow: the flow
 * @ssrc: the SSRC
 * @out: the tombstone, if there is one
 *
 * Datapath: BHs off. Takes the flow's lock only if it has tombstones.
 *
 * Return: true if @out was filled in.
 */
bool ksrtp_flow_tomb(struct ksrtp_flow *flow, u32 ssrc, struct ksrtp_tomb *out)
{
	int i;

	if (!READ_ONCE(flow->ntombs))
		return false;
	spin_lock(&flow->lock);
	i = ksrtp_tomb_find(flow, ssrc);
	if (i >= 0)
		*out = flow->tombs->t[i];
	spin_unlock(&flow->lock);
	return i >= 0;
}

/* Resume a new stream from its SSRC's tombstone. Caller holds flow->lock. */
static void ksrtp_stream_resume(struct ksrtp_flow *flow,
				struct ksrtp_stream *st, u32 epoch)
{
	struct ksrtp_tombs *tb = flow->tombs;
	const struct ksrtp_tomb *t;
	int i = ksrtp_tomb_find(flow, st->ssrc);

	if (i < 0)
		return;
	t = &tb->t[i];
	/* a reset-roc restart since: the old state does not apply */
	if (t->epoch == epoch) {
		st->rtp_idx = t->rtp_idx;
		if (t->rtp_idx.valid)
			ksrtp_replay_seed(st->rtp_replay,
					  ((u64)t->rtp_idx.roc << 16) |
					  t->rtp_idx.s_l);
		st->srtcp_index = t->srtcp_index;
		st->srtcp_valid = t->srtcp_valid;
		if (st->rtcp_replay && t->srtcp_valid)
			ksrtp_replay_seed(st->rtcp_replay, t->srtcp_index);
	}
	ksrtp_tomb_del(flow, tb, i);
}

/**
 * ksrtp_stream_learn() - create the stream of a new SSRC
 * @flow: an "ssrc any" flow
 * @ssrc: the SSRC; rx: its first packet authenticated
 * @epoch: the epoch of the key set the packet was handled with
 * @out: the stream, on success (another CPU's, if it won a race)
 *
 * Datapath: under RCU, BHs off; allocates with GFP_NOWAIT, charged to the
 * flow's memory cgroup. A stream the flow freed before resumes from its
 * tombstone. Sends the new-ssrc event. Neither the flow's max_ssrcs nor
 * its netns's max_streams is exceeded: a new SSRC beyond them gets no
 * state and no event.
 *
 * Return: KSRTP_DROP_NONE, KSRTP_DROP_SSRC_LIMIT or KSRTP_DROP_NOMEM.
 */
enum ksrtp_drop ksrtp_stream_learn(struct ksrtp_flow *flow, u32 ssrc,
				   u32 epoch, struct ksrtp_stream **out)
{
	struct ksrtp_stream *st, *old;
	struct mem_cgroup *memcg;

	if (!ksrtp_stream_room(flow)) {
		/* full, but another CPU may have just learned this one */
		old = ksrtp_stream_find(flow, ssrc);
		if (!old)
			return KSRTP_DROP_SSRC_LIMIT;
		*out = old;
		return KSRTP_DROP_NONE;
	}
	memcg = ksrtp_flow_charge_begin(flow);
	/*
	 * GFP_NOWAIT, not GFP_ATOMIC: __GFP_HIGH would charge past the
	 * memory cgroup's limit (try_charge_memcg() forces it), and how many
	 * streams there are is up to the senders. A stream that finds no
	 * memory is not learned: this packet is dropped, a later one retries.
	 */
	st = ksrtp_stream_new(flow, ssrc, 0,
			      GFP_NOWAIT | __GFP_NOWARN | __GFP_ACCOUNT);
	ksrtp_flow_charge_end(memcg);
	if (!st)
		return KSRTP_DROP_NOMEM;
	st->epoch = epoch;

	spin_lock(&flow->lock);
	old = ksrtp_stream_find(flow, ssrc);
	if (old) {
		spin_unlock(&flow->lock);
		ksrtp_stream_free(st);
		*out = old;
		return KSRTP_DROP_NONE;
	}
	if (flow->nstreams >= flow->max_ssrcs ||
	    !ksrtp_stream_count_net(flow)) {
		spin_unlock(&flow->lock);
		ksrtp_stream_free(st);
		return KSRTP_DROP_SSRC_LIMIT;
	}
	ksrtp_stream_resume(flow, st, epoch);
	ksrtp_stream_link(flow, st);
	WRITE_ONCE(flow->nstreams, flow->nstreams + 1);
	if (READ_ONCE(flow->ssrc_idle) && flow->ids &&
	    !xa_get_mark(flow->ids, flow->id, KSRTP_FLOW_GC)) {
		/*
		 * It can go idle: the periodic work must visit the flow. Only
		 * ksrtp_flow_gc_done() clears the mark, under flow->lock too,
		 * so the mark seen here stays until we unlock.
		 */
		xa_lock(flow->ids);
		__xa_set_mark(flow->ids, flow->id, KSRTP_FLOW_GC);
		xa_unlock(flow->ids);
	}
	spin_unlock(&flow->lock);
	ksrtp_event(flow, KSRTP_EVENT_TYPE_NEW_SSRC, NULL, ssrc);
	trace_ksrtp_stream_new(flow, ssrc);
	*out = st;
	return KSRTP_DROP_NONE;
}

/*
 * Room for one more tombstone? A tombstone is never overwritten while it
 * may matter: without it, its SSRC's old packets would be accepted and,
 * on tx, its old indices protected again. Those of an older epoch (a
 * reset-roc restart since) are of no use any more and go. Caller holds
 * flow->lock.
 */
static bool ksrtp_tomb_room(struct ksrtp_flow *flow)
{
	struct ksrtp_tombs *tb = flow->tombs;
	unsigned int i = 0;
	u32 epoch;

	if (tb->n < tb->cap)
		return true;
	epoch = rcu_dereference_protected(flow->keyset,
					  lockdep_is_held(&flow->lock))->epoch;
	while (i < tb->n) {
		if (tb->t[i].epoch != epoch)
			ksrtp_tomb_del(flow, tb, i);
		else
			i++;
	}
	return tb->n < tb->cap;
}

/* Keep what a stream leaves behind. Caller holds flow->lock and st->lock. */
static void ksrtp_tomb_add(struct ksrtp_flow *flow,
			   const struct ksrtp_stream *st)
{
	struct ksrtp_tombs *tb = flow->tombs;
	unsigned int slot = tb->n++;

	tb->t[slot] = (struct ksrtp_tomb) {
		.ssrc = st->ssrc,
		.epoch = st->epoch,
		.rtp_idx = st->rtp_idx,
		.srtcp_index = st->srtcp_index,
		.srtcp_valid = st->srtcp_valid,
	};
	ksrtp_tomb_hash(flow, tb, slot);
	WRITE_ONCE(flow->ntombs, tb->n);
}

/**
 * ksrtp_flow_expire() - free the streams that have been idle too long
 * @flow: the flow; the caller holds the netns lock, so it stays
 * @now: jiffies
 *
 * Process context (the netns's periodic work). Only learned streams of an
 * "ssrc any" flow expire; each leaves a tombstone, and without room for
 * one (KSRTP_TOMBS_PER_SSRC times max_ssrcs) a stream stays. A packet that
 * finds an expired stream (st->dead, under its lock) looks the SSRC up
 * again. The tombstones are charged to the flow's memory cgroup.
 */
void ksrtp_flow_expire(struct ksrtp_flow *flow, unsigned long now)
{
	struct ksrtp_stream *st;
	struct hlist_node *tmp;
	unsigned long idle = READ_ONCE(flow->ssrc_idle);
	struct ksrtp_tombs *tb;
	struct mem_cgroup *memcg;
	bool any = false;

	if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY) || !idle)
		return;
	rcu_read_lock();
	hlist_for_each_entry_rcu(st, &flow->streams, node)
		if (time_after(now, READ_ONCE(st->last_used) + idle))
			any = true;
	rcu_read_unlock();
	if (!any)
		return;
	if (!READ_ONCE(flow->tombs)) {
		unsigned int cap = flow->max_ssrcs * KSRTP_TOMBS_PER_SSRC;
		/* about two tombstones a bucket when full */
		unsigned int nb = roundup_pow_of_two(max(cap / 2, 1U));
		size_t sz = struct_size(tb, t, cap);

		BUILD_BUG_ON(KSRTP_MAX_SSRCS_LIMIT * KSRTP_TOMBS_PER_SSRC >=
			     KSRTP_TOMB_NONE);
		memcg = ksrtp_flow_charge_begin(flow);
		/*
		 * Under kn->lock, charged to the flow's cgroup: no reclaim
		 * loop or OOM kill for it there, the next pass tries again.
		 */
		tb = kvzalloc(size_add(sz, array_size(nb, sizeof(*tb->heads))),
			      GFP_KERNEL_ACCOUNT | __GFP_NORETRY | __GFP_NOWARN);
		ksrtp_flow_charge_end(memcg);
		if (!tb)
			return;
		tb->cap = cap;
		tb->mask = nb - 1;
		tb->heads = (u16 *)((u8 *)tb + sz);
		memset(tb->heads, 0xff, nb * sizeof(*tb->heads));
		spin_lock_bh(&flow->lock);
		if (!flow->tombs) {
			flow->tombs = tb;
			tb = NULL;
		}
		spin_unlock_bh(&flow->lock);
		kvfree(tb);
	}

	spin_lock_bh(&flow->lock);
	hlist_for_each_entry_safe(st, tmp, &flow->streams, node) {
		if (!time_after(now, READ_ONCE(st->last_used) + idle))
			continue;
		spin_lock(&st->lock);
		if (!ksrtp_tomb_room(flow)) {
			spin_unlock(&st->lock);
			break;
		}
		st->dead = true;
		ksrtp_tomb_add(flow, st);
		spin_unlock(&st->lock);
		hlist_del_rcu(&st->node);
		hlist_del_rcu(&st->hnode);
		WRITE_ONCE(flow->nstreams, flow->nstreams - 1);
		if (flow->net_streams)
			atomic_dec(flow->net_streams);
		ksrtp_event(flow, KSRTP_EVENT_TYPE_SSRC_EXPIRED, NULL, st->ssrc);
		trace_ksrtp_stream_expire(flow, st->ssrc);
		call_rcu(&st->rcu, ksrtp_stream_free_rcu);
	}
	spin_unlock_bh(&flow->lock);
}

/**
 * ksrtp_flow_min_index() - the lowest SRTP index any stream may still use
 * @flow: the flow
 * @min: the lowest of the streams' highest indices (for a stream without
 *	a packet yet, the first index of its ROC)
 *
 * Under RCU, BHs off.
 *
 * Return: false if the flow has no stream.
 */
bool ksrtp_flow_min_index(struct ksrtp_flow *flow, u64 *min)
{
	struct ksrtp_stream *st;
	bool any = false;
	u64 idx;

	*min = U64_MAX;
	hlist_for_each_entry_rcu(st, &flow->streams, node) {
		spin_lock(&st->lock);
		idx = (u64)st->rtp_idx.roc << 16;
		if (st->rtp_idx.valid)
			idx |= st->rtp_idx.s_l;
		spin_unlock(&st->lock);
		*min = min(*min, idx);
		any = true;
	}
	return any;
}
