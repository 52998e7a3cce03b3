// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: guarded UDP port ranges (see guard.h).
 *
 * A netns's ranges live in one immutable struct ksrtp_guards with a bitmap
 * of ports per direction, so that the datapath's check is one test_bit()
 * under RCU. A change builds a new set under ksrtp_net.lock, publishes it
 * with rcu_assign_pointer() and frees the old one after a grace period.
 */

#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "guard.h"
#include "netns.h"

static struct ksrtp_guards *ksrtp_guards_get(struct ksrtp_net *kn)
{
	return rcu_dereference_protected(kn->guards,
					 lockdep_is_held(&kn->lock));
}

static int ksrtp_guard_find(const struct ksrtp_guards *g,
			    const struct ksrtp_guard *r)
{
	unsigned int i;

	for (i = 0; g && i < g->n; i++)
		if (g->r[i].dir == r->dir && g->r[i].lo == r->lo &&
		    g->r[i].hi == r->hi)
			return i;
	return -1;
}

/* Publish @n ranges from @r as the netns's guards (none: NULL). */
static int ksrtp_guards_set(struct ksrtp_net *kn,
			    const struct ksrtp_guard *r, unsigned int n)
{
	struct ksrtp_guards *old = ksrtp_guards_get(kn), *g = NULL;
	unsigned int i;

	if (n) {
		g = kvzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
		if (!g)
			return -ENOMEM;
		memcpy(g->r, r, n * sizeof(*r));
		g->n = n;
		for (i = 0; i < n; i++)
			bitmap_set(g->ports[r[i].dir == KSRTP_DIR_RX],
				   r[i].lo, r[i].hi - r[i].lo + 1);
	}
	rcu_assign_pointer(kn->guards, g);
	/* the hooks' first test: flows or guards anywhere */
	for (i = old ? old->n : 0; i < n; i++)
		static_branch_inc(&ksrtp_flows_exist);
	for (i = n; i < (old ? old->n : 0); i++)
		static_branch_dec(&ksrtp_flows_exist);
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

/**
 * ksrtp_guard_add() - guard a range
 * @kn: the netns; the caller holds its lock
 * @r: the range, checked (1 <= lo <= hi)
 * @extack: for error messages
 *
 * Return: 0, -EEXIST, -ENOSPC or -ENOMEM.
 */
int ksrtp_guard_add(struct ksrtp_net *kn, const struct ksrtp_guard *r,
		    struct netlink_ext_ack *extack)
{
	struct ksrtp_guards *g = ksrtp_guards_get(kn);
	struct ksrtp_guard all[KSRTP_MAX_GUARDS];
	unsigned int n = g ? g->n : 0;
	int err;

	if (ksrtp_guard_find(g, r) >= 0) {
		NL_SET_ERR_MSG(extack, "ksrtp: this range is guarded already");
		return -EEXIST;
	}
	if (n == KSRTP_MAX_GUARDS) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: the netns has the most guarded ranges it can (64)");
		return -ENOSPC;
	}
	if (g)
		memcpy(all, g->r, n * sizeof(all[0]));
	all[n++] = *r;
	err = ksrtp_guards_set(kn, all, n);
	if (err)
		NL_SET_ERR_MSG(extack, "ksrtp: out of memory for the guards");
	return err;
}

/**
 * ksrtp_guard_del() - remove a range, given as it was added
 * @kn: the netns; the caller holds its lock
 * @r: the range
 * @extack: for error messages
 *
 * Return: 0, -ENOENT or -ENOMEM.
 */
int ksrtp_guard_del(struct ksrtp_net *kn, const struct ksrtp_guard *r,
		    struct netlink_ext_ack *extack)
{
	struct ksrtp_guards *g = ksrtp_guards_get(kn);
	struct ksrtp_guard all[KSRTP_MAX_GUARDS];
	int i = ksrtp_guard_find(g, r), err;
	unsigned int n;

	if (i < 0) {
		NL_SET_ERR_MSG(extack,
			       "ksrtp: no such guarded range (give it exactly as added)");
		return -ENOENT;
	}
	n = g->n;
	memcpy(all, g->r, n * sizeof(all[0]));
	all[i] = all[--n];
	err = ksrtp_guards_set(kn, all, n);
	if (err)
		NL_SET_ERR_MSG(extack, "ksrtp: out of memory for the guards");
	return err;
}

/* Whether @r is guarded, as added. Caller holds kn->lock. */
bool ksrtp_guard_has(struct ksrtp_net *kn, const struct ksrtp_guard *r)
{
	return ksrtp_guard_find(ksrtp_guards_get(kn), r) >= 0;
}

/* Caller holds kn->lock. */
unsigned int ksrtp_guard_count(struct ksrtp_net *kn)
{
	struct ksrtp_guards *g = ksrtp_guards_get(kn);

	return g ? g->n : 0;
}

/* The @i-th range, for dumps. Caller holds kn->lock. */
bool ksrtp_guard_nth(struct ksrtp_net *kn, unsigned int i,
		     struct ksrtp_guard *out)
{
	struct ksrtp_guards *g = ksrtp_guards_get(kn);

	if (!g || i >= g->n)
		return false;
	*out = g->r[i];
	return true;
}

/* At netns exit, after the hooks are gone and a grace period passed. */
void ksrtp_guard_free(struct ksrtp_net *kn)
{
	struct ksrtp_guards *g = rcu_dereference_protected(kn->guards, 1);
	unsigned int i;

	for (i = 0; g && i < g->n; i++)
		static_branch_dec(&ksrtp_flows_exist);
	RCU_INIT_POINTER(kn->guards, NULL);
	kvfree(g);
}
