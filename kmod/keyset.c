// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: key contexts, key sets and rekeying.
 *
 * Writers (netlink in process context, and the datapath when it promotes a
 * next or pending key or retires a previous one) build a new struct
 * ksrtp_keyset, publish it under flow->lock with rcu_assign_pointer(), and
 * hand the old set and the key contexts only it held to RCU: the set with
 * kfree_rcu(), each key context with queue_rcu_work(), since freeing a
 * crypto transform may sleep. Readers take no lock: the netfilter hooks
 * run under rcu_read_lock() with BHs off, which is what the grace period
 * waits for.
 */

#include <linux/jiffies.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "event.h"
#include "flow.h"
#include "keyset.h"
#include "ksrtp.h"
#include "trace.h"

static atomic64_t ksrtp_kc_serial = ATOMIC64_INIT(0);

static void ksrtp_keyctx_free_work(struct work_struct *work)
{
	struct ksrtp_keyctx *kc = container_of(to_rcu_work(work),
					       struct ksrtp_keyctx, rwork);

	ksrtp_keys_destroy(&kc->keys);
	kfree_sensitive(kc);
}

/**
 * ksrtp_keyctx_release() - free a key context once no reader can hold it
 * @kc: the context, or NULL
 * @after_gp: a grace period has already passed since it was unpublished
 *	(or it never was published)
 *
 * Any context: queue_rcu_work() only queues.
 */
void ksrtp_keyctx_release(struct ksrtp_keyctx *kc, bool after_gp)
{
	if (!kc)
		return;
	INIT_RCU_WORK(&kc->rwork, ksrtp_keyctx_free_work);
	if (after_gp)
		queue_work(ksrtp_wq, &kc->rwork.work);
	else
		queue_rcu_work(ksrtp_wq, &kc->rwork);
}

static void ksrtp_keyctx_limits(struct ksrtp_keyctx *kc, u64 lifetime,
				u64 soft)
{
	static const u64 cap[2] = {
		KSRTP_SRTP_LIFETIME_MAX, KSRTP_SRTCP_LIFETIME_MAX
	};
	int i;

	for (i = 0; i < 2; i++) {
		kc->max[i] = lifetime ? min(lifetime, cap[i]) : cap[i];
		kc->soft[i] = soft ? min(soft, kc->max[i]) :
				     kc->max[i] - kc->max[i] / 16;
	}
}

/**
 * ksrtp_keyctx_new() - build a key context (process context)
 * @cfg: the key; @cfg->master.suite must be set
 * @extack: for error messages
 *
 * Return: the context, not yet published, or an ERR_PTR().
 */
struct ksrtp_keyctx *ksrtp_keyctx_new(const struct ksrtp_key_cfg *cfg,
				      struct netlink_ext_ack *extack)
{
	struct ksrtp_keyctx *kc;
	int err;

	if (cfg->soft_lifetime && cfg->lifetime &&
	    cfg->soft_lifetime > cfg->lifetime) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: soft-lifetime is larger than lifetime");
		return ERR_PTR(-EINVAL);
	}
	kc = kzalloc(sizeof(*kc), GFP_KERNEL_ACCOUNT);
	if (!kc)
		return ERR_PTR(-ENOMEM);
	err = ksrtp_keys_init(&kc->keys, &cfg->master, extack);
	if (err) {
		kfree_sensitive(kc);
		return ERR_PTR(err);
	}
	kc->from = cfg->from;
	kc->has_from = cfg->has_from;
	kc->serial = atomic64_inc_return(&ksrtp_kc_serial);
	ksrtp_keyctx_limits(kc, cfg->lifetime, cfg->soft_lifetime);
	return kc;
}

/**
 * ksrtp_keyset_members() - the distinct key contexts of a key set
 * @ks: the key set
 * @first: a key to put first (the receive path's key by index), or NULL
 * @out: room for KSRTP_MAX_KEYS + 4 entries
 *
 * In the order rx tries them: @first, current, next, previous, then the
 * MKI or pending keys; each once.
 *
 * Return: how many were put in @out.
 */
unsigned int ksrtp_keyset_members(const struct ksrtp_keyset *ks,
				  struct ksrtp_keyctx *first,
				  struct ksrtp_keyctx **out)
{
	struct ksrtp_keyctx *all[KSRTP_MAX_KEYS + 4];
	unsigned int i, j, n = 0, m = 0;

	all[n++] = first;
	all[n++] = ks->cur;
	all[n++] = ks->next;
	all[n++] = ks->prev;
	for (i = 0; i < ks->nkeys; i++)
		all[n++] = ks->keys[i];
	for (i = 0; i < n; i++) {
		if (!all[i])
			continue;
		for (j = 0; j < m && out[j] != all[i]; j++)
			;
		if (j == m)
			out[m++] = all[i];
	}
	return m;
}

/**
 * ksrtp_keyset_holds() - whether @kc is one of the keys of @ks
 * @ks: a key set
 * @kc: a key context
 *
 * Return: true if @kc is in any field of @ks.
 */
bool ksrtp_keyset_holds(const struct ksrtp_keyset *ks,
			const struct ksrtp_keyctx *kc)
{
	unsigned int i;

	if (!kc)
		return false;
	if (ks->cur == kc || ks->next == kc || ks->prev == kc)
		return true;
	for (i = 0; i < ks->nkeys; i++)
		if (ks->keys[i] == kc)
			return true;
	return false;
}

/**
 * ksrtp_keyset_by_index() - the key for an SRTP index on a @byidx flow
 * @ks: the key set
 * @index: the packet's 48-bit SRTP index
 *
 * Return: the key with the greatest from-index not above @index, or NULL
 * if that key was retired.
 */
struct ksrtp_keyctx *ksrtp_keyset_by_index(const struct ksrtp_keyset *ks,
					   u64 index)
{
	unsigned int i;

	for (i = ks->nkeys; i-- > 0;)
		if (ksrtp_kc_from(ks->keys[i]) <= index)
			return ks->keys[i];
	return NULL;
}

/* Where @kc is in ks->keys[], or -1. */
int ksrtp_keyset_pos(const struct ksrtp_keyset *ks,
		     const struct ksrtp_keyctx *kc)
{
	unsigned int i;

	for (i = 0; i < ks->nkeys; i++)
		if (ks->keys[i] == kc)
			return i;
	return -1;
}

/* Free @ks and all its keys; no reader may find it any more. */
void ksrtp_keyset_destroy(struct ksrtp_keyset *ks, bool after_gp)
{
	struct ksrtp_keyctx *m[KSRTP_MAX_KEYS + 4];
	unsigned int i, n;

	if (!ks)
		return;
	n = ksrtp_keyset_members(ks, NULL, m);
	for (i = 0; i < n; i++)
		ksrtp_keyctx_release(m[i], after_gp);
	kfree(ks);
}

/* Set up the first key set of a flow that is not yet published. */
int ksrtp_keyset_init(struct ksrtp_flow *flow, struct ksrtp_keyctx *kc)
{
	struct ksrtp_keyset *ks = kzalloc(sizeof(*ks), GFP_KERNEL_ACCOUNT);

	if (!ks)
		return -ENOMEM;
	ks->cur = kc;
	if (flow->mki_len)
		ks->keys[ks->nkeys++] = kc;
	ks->prev_until = U64_MAX;
	RCU_INIT_POINTER(flow->keyset, ks);
	return 0;
}

/*
 * Publish @new in place of @old; release @old and the keys it held that
 * @new does not. Caller holds flow->lock.
 */
static void ksrtp_keyset_publish(struct ksrtp_flow *flow,
				 struct ksrtp_keyset *old,
				 struct ksrtp_keyset *new)
{
	struct ksrtp_keyctx *m[KSRTP_MAX_KEYS + 4];
	unsigned int i, n;

	lockdep_assert_held(&flow->lock);
	if (new->cur != old->cur)
		trace_ksrtp_key_switch(flow, old->cur, new->cur);
	rcu_assign_pointer(flow->keyset, new);
	n = ksrtp_keyset_members(old, NULL, m);
	for (i = 0; i < n; i++)
		if (!ksrtp_keyset_holds(new, m[i]))
			ksrtp_keyctx_release(m[i], false);
	kfree_rcu(old, rcu);
}

/* @new becomes current: @old->cur turns previous, with a fresh grace. */
static void ksrtp_keyset_switch(const struct ksrtp_flow *flow,
				struct ksrtp_keyset *ks,
				struct ksrtp_keyctx *new)
{
	/* flow-set may change both at any time */
	u32 grace_ms = READ_ONCE(flow->grace_ms);
	u32 grace_packets = READ_ONCE(flow->grace_packets);

	ks->prev = ks->cur;
	ks->cur = new;
	ks->prev_deadline = jiffies + msecs_to_jiffies(grace_ms);
	ks->prev_until = grace_packets ?
		atomic64_read(&new->used[KSRTP_KC_SRTP]) + grace_packets :
		U64_MAX;
}

static int ksrtp_mki_find(const struct ksrtp_keyset *ks, const u8 *mki,
			  u8 len)
{
	unsigned int i;

	for (i = 0; i < ks->nkeys; i++)
		if (!memcmp(ks->keys[i]->keys.mki, mki, len))
			return i;
	return -1;
}

static void ksrtp_keyset_drop_at(struct ksrtp_keyset *ks, unsigned int i)
{
	memmove(&ks->keys[i], &ks->keys[i + 1],
		(ks->nkeys - i - 1) * sizeof(ks->keys[0]));
	ks->keys[--ks->nkeys] = NULL;
}

/* A @byidx set down to one key is a plain one again. */
static void ksrtp_keyset_maybe_plain(struct ksrtp_keyset *ks)
{
	if (!ks->byidx || ks->nkeys > 1)
		return;
	ks->byidx = false;
	ks->cur = ks->keys[0];
	ks->keys[0] = NULL;
	ks->nkeys = 0;
}

static bool ksrtp_kc_used(const struct ksrtp_keyctx *kc)
{
	return atomic64_read(&kc->used[KSRTP_KC_SRTP]) ||
	       atomic64_read(&kc->used[KSRTP_KC_SRTCP]);
}

/*
 * A reset-roc flow switched from @old to ks->cur: every SSRC restarts
 * (lazily, through the new epoch), so no key from before may authenticate
 * anything any more, or an old packet could be replayed into the fresh
 * replay window, and no such key may protect anything, or it would reuse
 * indices. The previous key goes at once, without grace, and so do the
 * MKI keys that were ever used; unused standby keys stay.
 */
static void ksrtp_keyset_restart(const struct ksrtp_flow *flow,
				 struct ksrtp_keyset *ks,
				 const struct ksrtp_keyctx *old)
{
	unsigned int i = 0;

	ks->epoch++;
	ks->prev = NULL;
	ks->prev_until = U64_MAX;
	if (!flow->mki_len)
		return;
	while (i < ks->nkeys) {
		struct ksrtp_keyctx *kc = ks->keys[i];

		if (kc != ks->cur && (kc == old || ksrtp_kc_used(kc)))
			ksrtp_keyset_drop_at(ks, i);
		else
			i++;
	}
}

/* Apply a key-new to the copy @ks; changes nothing else. */
static int ksrtp_keyset_add(struct ksrtp_flow *flow, struct ksrtp_keyset *ks,
			    struct ksrtp_keyctx *kc,
			    const struct ksrtp_key_cfg *cfg,
			    struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (flow->mki_len) {
		if (ksrtp_mki_find(ks, kc->keys.mki, flow->mki_len) >= 0) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the flow has a key with this MKI");
			return -EEXIST;
		}
		if (ks->nkeys == KSRTP_MAX_KEYS) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the flow holds the most keys it can (8); delete one first");
			return -ENOSPC;
		}
		ks->keys[ks->nkeys++] = kc;
		if (cfg->use || cfg->slot == KSRTP_KEY_SLOT_CURRENT)
			ks->cur = kc;
		return 0;
	}

	if (cfg->has_from) {
		if (!ks->byidx) {
			if (ks->next) {
				NL_SET_ERR_MSG(extack,
					       "ksrtp: the flow has a next key waiting; let a packet promote it, or delete it, before adding keys by index");
				return -EBUSY;
			}
			if (ks->prev) {
				NL_SET_ERR_MSG(extack,
					       "ksrtp: the previous key is still in its grace time; wait grace-ms or delete it (slot previous) before adding keys by index");
				return -EBUSY;
			}
			ks->keys[0] = ks->cur;
			ks->nkeys = 1;
			ks->byidx = true;
		}
		if (ks->nkeys == KSRTP_MAX_KEYS) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the flow holds the most keys it can (8); keys are retired once every SSRC has passed the next key's index");
			return -ENOSPC;
		}
		for (i = 0; i < ks->nkeys; i++)
			if (ksrtp_kc_from(ks->keys[i]) >= cfg->from)
				break;
		if (i < ks->nkeys && ksrtp_kc_from(ks->keys[i]) == cfg->from) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the flow has a key from this index");
			return -EEXIST;
		}
		memmove(&ks->keys[i + 1], &ks->keys[i],
			(ks->nkeys - i) * sizeof(ks->keys[0]));
		ks->keys[i] = kc;
		ks->nkeys++;
		return 0;
	}
	if (ks->byidx) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: this flow switches keys at packet indices: give a from-index (or delete its other keys first)");
		return -EINVAL;
	}

	switch (cfg->slot) {
	case KSRTP_KEY_SLOT_CURRENT:
		/* the old previous key is dropped by the publish */
		ksrtp_keyset_switch(flow, ks, kc);
		return 0;
	case KSRTP_KEY_SLOT_NEXT:
		ks->next = kc;
		return 0;
	default:
		NL_SET_ERR_MSG(extack,
			       "ksrtp: give slot current or next, or a from-index");
		return -EINVAL;
	}
}

/**
 * ksrtp_key_new() - add or replace a key of a flow (process context)
 * @flow: the flow; the caller holds the netns lock, so it stays
 * @cfg: the key; @cfg->master.suite is ignored (the flow's is used)
 * @extack: for error messages
 *
 * The key context is built in full before the flow's lock is taken; on
 * any error nothing changes.
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_key_new(struct ksrtp_flow *flow, const struct ksrtp_key_cfg *cfg,
		  struct netlink_ext_ack *extack)
{
	struct ksrtp_keyset *old, *ks;
	struct ksrtp_key_cfg c = *cfg;
	struct ksrtp_keyctx *kc;
	bool switched;
	int err;

	if (!!c.master.mki_len != !!flow->mki_len ||
	    (flow->mki_len && c.master.mki_len != flow->mki_len)) {
		if (flow->mki_len)
			NL_SET_ERR_MSG(extack,
				       "ksrtp: this flow has an MKI: give an MKI of the same length");
		else
			NL_SET_ERR_MSG(extack,
				       "ksrtp: this flow has no MKI; an MKI is not allowed");
		return -EINVAL;
	}
	if (flow->mki_len && (c.has_from || c.slot == KSRTP_KEY_SLOT_NEXT)) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: an MKI flow picks keys by MKI: no next slot or from-index");
		return -EINVAL;
	}
	if (c.has_from && c.slot) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: a key with a from-index takes no slot");
		return -EINVAL;
	}
	if (c.has_from && (flow->flags & KSRTP_FLOW_F_RESET_ROC)) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: a reset-roc flow restarts its packet indices at every switch, so keys by index do not apply to it");
		return -EINVAL;
	}
	c.master.suite = flow->suite->id;
	c.master.uses = ksrtp_flow_uses(flow->flags);
	c.master.srtcp_tag_len = ksrtp_flow_srtcp_tag_len(flow->flags);
	kc = ksrtp_keyctx_new(&c, extack);
	memzero_explicit(&c, sizeof(c));
	if (IS_ERR(kc))
		return PTR_ERR(kc);
	ks = kzalloc(sizeof(*ks), GFP_KERNEL_ACCOUNT);
	if (!ks) {
		ksrtp_keyctx_release(kc, true);
		return -ENOMEM;
	}

	spin_lock_bh(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	*ks = *old;
	err = ksrtp_keyset_add(flow, ks, kc, cfg, extack);
	if (err) {
		spin_unlock_bh(&flow->lock);
		kfree(ks);
		ksrtp_keyctx_release(kc, true);
		return err;
	}
	switched = ks->cur != old->cur;
	if (switched && (flow->flags & KSRTP_FLOW_F_RESET_ROC))
		ksrtp_keyset_restart(flow, ks, old->cur);
	ksrtp_keyset_publish(flow, old, ks);
	spin_unlock_bh(&flow->lock);
	return 0;
}

/**
 * ksrtp_key_del() - remove a key of a flow (process context)
 * @flow: the flow
 * @sel: which key
 * @extack: for error messages
 *
 * Return: 0, -ENOENT if there is no such key, -EBUSY for the current key.
 */
int ksrtp_key_del(struct ksrtp_flow *flow, const struct ksrtp_key_sel *sel,
		  struct netlink_ext_ack *extack)
{
	struct ksrtp_keyset *old, *ks;
	int err = 0, i = -1;

	ks = kzalloc(sizeof(*ks), GFP_KERNEL_ACCOUNT);
	if (!ks)
		return -ENOMEM;
	spin_lock_bh(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	*ks = *old;
	if (sel->mki_len) {
		if (sel->mki_len == flow->mki_len)
			i = ksrtp_mki_find(ks, sel->mki, sel->mki_len);
		if (i >= 0 && ks->keys[i] == ks->cur) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: this MKI is the current key; make another key current first");
			err = -EBUSY;
		} else if (i >= 0) {
			ksrtp_keyset_drop_at(ks, i);
		} else {
			NL_SET_ERR_MSG(extack, "ksrtp: the flow has no key with this MKI");
			err = -ENOENT;
		}
	} else if (sel->has_from) {
		for (i = 0; i < ks->nkeys && ks->byidx; i++)
			if (ksrtp_kc_from(ks->keys[i]) == sel->from)
				break;
		if (!ks->byidx || i == ks->nkeys) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the flow has no key from this index");
			err = -ENOENT;
		} else if (ks->keys[i] == ks->cur) {
			NL_SET_ERR_MSG(extack,
				       "ksrtp: the key from this index is the current one; it is retired once every SSRC has passed the next key's index");
			err = -EBUSY;
		} else {
			ksrtp_keyset_drop_at(ks, i);
			ksrtp_keyset_maybe_plain(ks);
		}
	} else if (sel->slot == KSRTP_KEY_SLOT_NEXT && ks->next) {
		ks->next = NULL;
	} else if (sel->slot == KSRTP_KEY_SLOT_PREVIOUS && ks->prev) {
		ks->prev = NULL;
	} else if (sel->slot == KSRTP_KEY_SLOT_CURRENT) {
		NL_SET_ERR_MSG(extack, "ksrtp: the current key cannot be deleted");
		err = -EBUSY;
	} else {
		NL_SET_ERR_MSG(extack, "ksrtp: the flow has no such key");
		err = -ENOENT;
	}
	if (!err)
		ksrtp_keyset_publish(flow, old, ks);
	spin_unlock_bh(&flow->lock);
	if (err)
		kfree(ks);
	return err;
}

/**
 * ksrtp_key_use() - make the key with an MKI current (process context)
 * @flow: an MKI flow
 * @sel: the MKI
 * @extack: for error messages
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_key_use(struct ksrtp_flow *flow, const struct ksrtp_key_sel *sel,
		  struct netlink_ext_ack *extack)
{
	struct ksrtp_keyset *old, *ks;
	int i = -1;

	if (!flow->mki_len) {
		NL_SET_ERR_MSG(extack, "ksrtp: key-use needs a flow with an MKI");
		return -EINVAL;
	}
	ks = kzalloc(sizeof(*ks), GFP_KERNEL_ACCOUNT);
	if (!ks)
		return -ENOMEM;
	spin_lock_bh(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	if (sel->mki_len == flow->mki_len)
		i = ksrtp_mki_find(old, sel->mki, sel->mki_len);
	if (i < 0) {
		spin_unlock_bh(&flow->lock);
		kfree(ks);
		NL_SET_ERR_MSG(extack, "ksrtp: the flow has no key with this MKI");
		return -ENOENT;
	}
	*ks = *old;
	ks->cur = ks->keys[i];
	if (ks->cur != old->cur && (flow->flags & KSRTP_FLOW_F_RESET_ROC))
		ksrtp_keyset_restart(flow, ks, old->cur);
	ksrtp_keyset_publish(flow, old, ks);
	spin_unlock_bh(&flow->lock);
	return 0;
}

/*
 * A key set to replace @flow's with, from the datapath or the periodic work
 * (BHs off), charged to the flow's memory cgroup.
 */
static struct ksrtp_keyset *ksrtp_keyset_alloc_atomic(struct ksrtp_flow *flow)
{
	struct mem_cgroup *memcg = ksrtp_flow_charge_begin(flow);
	struct ksrtp_keyset *ks;

	ks = kmalloc(sizeof(*ks), GFP_ATOMIC | __GFP_ACCOUNT);
	ksrtp_flow_charge_end(memcg);
	return ks;
}

/**
 * ksrtp_key_promote() - make a next or pending key current (datapath)
 * @flow: the flow
 * @seen: the key set the caller found @kc in
 * @kc: the key a packet just authenticated under, or tx chose by index;
 *	on a reset-roc MKI flow, also another of its MKI keys; on a @byidx
 *	flow, a key past the current one
 *
 * Best effort: if the set changed meanwhile or memory is short, nothing
 * happens and a later packet tries again. BHs are off.
 */
void ksrtp_key_promote(struct ksrtp_flow *flow, struct ksrtp_keyset *seen,
		       struct ksrtp_keyctx *kc)
{
	struct ksrtp_keyset *old, *ks;
	int i;

	ks = ksrtp_keyset_alloc_atomic(flow);
	if (!ks)
		return;
	spin_lock(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	if (old != seen) {
		spin_unlock(&flow->lock);
		kfree(ks);
		return;
	}
	*ks = *old;
	if (flow->mki_len) {
		/* reset-roc rx: the peer took up another MKI key */
		if (WARN_ON_ONCE(!ksrtp_keyset_holds(old, kc))) {
			spin_unlock(&flow->lock);
			kfree(ks);
			return;
		}
		ks->cur = kc;
		goto publish;
	}
	if (ks->byidx) {
		/*
		 * Per SSRC, by index: the keys behind stay for SSRCs that
		 * are still behind, until ksrtp_key_retire_behind().
		 */
		i = ksrtp_keyset_pos(ks, kc);
		if (WARN_ON_ONCE(i < 0) ||
		    i <= ksrtp_keyset_pos(ks, ks->cur)) {
			spin_unlock(&flow->lock);
			kfree(ks);
			return;
		}
		ks->cur = kc;
		ksrtp_keyset_publish(flow, old, ks);
		spin_unlock(&flow->lock);
		ksrtp_event(flow, KSRTP_EVENT_TYPE_KEY_PROMOTED, kc, 0);
		trace_ksrtp_key_promote(flow, kc);
		return;
	}
	if (WARN_ON_ONCE(ks->next != kc)) {
		spin_unlock(&flow->lock);
		kfree(ks);
		return;
	}
	ks->next = NULL;
	ksrtp_keyset_switch(flow, ks, kc);
publish:
	if (flow->flags & KSRTP_FLOW_F_RESET_ROC)
		ksrtp_keyset_restart(flow, ks, old->cur);
	ksrtp_keyset_publish(flow, old, ks);
	spin_unlock(&flow->lock);
	ksrtp_event(flow, KSRTP_EVENT_TYPE_KEY_PROMOTED, kc, 0);
	trace_ksrtp_key_promote(flow, kc);
}

/**
 * ksrtp_key_maybe_retire() - drop the previous key once its grace is over
 * @flow: the flow
 * @ks: the key set the caller uses
 * @kc: the key a packet was just protected or authenticated under
 *
 * Datapath, BHs off. Only a packet under the current key retires.
 */
void ksrtp_key_maybe_retire(struct ksrtp_flow *flow, struct ksrtp_keyset *ks,
			    struct ksrtp_keyctx *kc)
{
	struct ksrtp_keyset *old, *new;
	struct ksrtp_keyctx *prev;

	if (!ks->prev || kc != ks->cur || ks->byidx)
		return;
	if (time_before(jiffies, ks->prev_deadline) &&
	    atomic64_read(&kc->used[KSRTP_KC_SRTP]) < ks->prev_until)
		return;
	new = ksrtp_keyset_alloc_atomic(flow);
	if (!new)
		return;
	spin_lock(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	if (old != ks) {
		spin_unlock(&flow->lock);
		kfree(new);
		return;
	}
	*new = *old;
	prev = new->prev;
	new->prev = NULL;
	/*
	 * The event reads @prev's MKI and from-index. Unpublishing frees it
	 * only after a grace period, and this runs with BHs off, inside one:
	 * it could come after the publish too.
	 */
	ksrtp_event(flow, KSRTP_EVENT_TYPE_KEY_RETIRED, prev, 0);
	trace_ksrtp_key_retire(flow, prev);
	ksrtp_keyset_publish(flow, old, new);
	spin_unlock(&flow->lock);
}

/**
 * ksrtp_key_retire_behind() - drop the keys no SSRC of a @byidx flow needs
 * @flow: the flow
 * @seen: the key set the caller read
 * @min_index: the lowest index any stream of the flow may still use
 *	(ksrtp_flow_min_index())
 *
 * A key is needed by an SSRC until that SSRC's highest index is a window
 * past the next key's from-index: an older packet is refused as too old
 * anyway (rx: replay window; tx: the window of indices it protected).
 * Keys behind the current key that no stream needs go, with a
 * key-retired event each. BHs off; best effort like ksrtp_key_promote().
 */
void ksrtp_key_retire_behind(struct ksrtp_flow *flow,
			     struct ksrtp_keyset *seen, u64 min_index)
{
	struct ksrtp_keyset *old, *ks;
	unsigned int i, n = 0;
	int ci;

	if (!seen->byidx)
		return;
	ci = ksrtp_keyset_pos(seen, seen->cur);
	while ((int)n < ci &&
	       ksrtp_kc_from(seen->keys[n + 1]) + flow->replay_window - 1 <=
	       min_index)
		n++;
	if (!n)
		return;
	ks = ksrtp_keyset_alloc_atomic(flow);
	if (!ks)
		return;
	spin_lock(&flow->lock);
	old = rcu_dereference_protected(flow->keyset,
					lockdep_is_held(&flow->lock));
	if (old != seen) {
		spin_unlock(&flow->lock);
		kfree(ks);
		return;
	}
	*ks = *old;
	/* (the keys stay valid a grace period after the publish) */
	for (i = 0; i < n; i++) {
		ksrtp_event(flow, KSRTP_EVENT_TYPE_KEY_RETIRED, ks->keys[i], 0);
		trace_ksrtp_key_retire(flow, ks->keys[i]);
	}
	for (i = 0; i < n; i++)
		ksrtp_keyset_drop_at(ks, 0);
	ksrtp_keyset_maybe_plain(ks);
	ksrtp_keyset_publish(flow, old, ks);
	spin_unlock(&flow->lock);
}

/**
 * ksrtp_key_spent() - whether a key reached its hard limit
 * @kc: the key
 * @which: KSRTP_KC_SRTP or KSRTP_KC_SRTCP
 *
 * Return: true if the key must not be used for @which any more.
 */
bool ksrtp_key_spent(const struct ksrtp_keyctx *kc, int which)
{
	return atomic64_read(&kc->used[which]) >= kc->max[which];
}

/**
 * ksrtp_key_take() - count one packet against a key's limits
 * @flow: the flow, for events
 * @kc: the key
 * @which: KSRTP_KC_SRTP or KSRTP_KC_SRTCP
 *
 * Sends the soft-limit and hard-limit events, once per key.
 *
 * Return: false if the key is past its hard limit: do not use it.
 */
bool ksrtp_key_take(struct ksrtp_flow *flow, struct ksrtp_keyctx *kc,
		    int which)
{
	u64 n = atomic64_inc_return(&kc->used[which]);

	if (n >= kc->soft[which] &&
	    !test_and_set_bit(KSRTP_KC_EV_SOFT, &kc->events))
		ksrtp_event(flow, KSRTP_EVENT_TYPE_SOFT_LIMIT, kc, 0);
	if (n >= kc->max[which] &&
	    !test_and_set_bit(KSRTP_KC_EV_HARD, &kc->events))
		ksrtp_event(flow, KSRTP_EVENT_TYPE_HARD_LIMIT, kc, 0);
	return n <= kc->max[which];
}
