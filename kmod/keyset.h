/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: key contexts and the key set of a flow.
 *
 * A key context (struct ksrtp_keyctx) is one master key with everything
 * derived from it. A key set (struct ksrtp_keyset) says which key contexts
 * a flow has and what each is for. Both are immutable once published: a
 * change builds a new key set, publishes it with one rcu_assign_pointer()
 * under the flow's lock, and releases the old set and every key context
 * it alone held after an RCU grace period. See Documentation/rekey.rst.
 */
#ifndef _KSRTP_KEYSET_H
#define _KSRTP_KEYSET_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/ksrtp.h>

#include "srtp.h"

struct ksrtp_flow;
struct netlink_ext_ack;

/* Index into the per-key counters and limits. */
enum {
	KSRTP_KC_SRTP = 0,
	KSRTP_KC_SRTCP = 1,
};

#define KSRTP_SRTP_LIFETIME_MAX		BIT_ULL(48)	/* RFC 3711 9.2 */
#define KSRTP_SRTCP_LIFETIME_MAX	BIT_ULL(31)

/* Events a key has already sent, bits of ksrtp_keyctx.events. */
#define KSRTP_KC_EV_SOFT	0
#define KSRTP_KC_EV_HARD	1

/**
 * struct ksrtp_keyctx - one immutable key context
 * @keys: the derived session keys and transforms
 * @from: the SRTP index from which the key applies, if @has_from
 * @has_from: the key was given a from-index (RFC 3711 section 8.1.1)
 * @serial: a number unique to this context, for tests and tracing
 * @max: hard packet limits, [KSRTP_KC_SRTP] and [KSRTP_KC_SRTCP]
 * @soft: soft packet limits (an event when reached)
 * @used: packets protected or authenticated, the only fields that change
 * @events: KSRTP_KC_EV_* already sent
 * @rwork: frees the context after an RCU grace period, in process context
 *	(freeing crypto transforms may sleep)
 *
 * Everything but @used and @events is written before publication and only
 * read afterwards, on many CPUs at once.
 */
struct ksrtp_keyctx {
	struct ksrtp_keys keys;
	u64 from;
	bool has_from;
	u64 serial;
	u64 max[2];
	u64 soft[2];
	atomic64_t used[2];
	unsigned long events;
	struct rcu_work rwork;
};

/**
 * struct ksrtp_keyset - which keys a flow has, and their roles
 * @cur: the current key: tx protects with it (SRTCP always, SRTP unless
 *	@byidx); rx tries it first
 * @next: flows without MKI: the prepared key, promoted to @cur by the
 *	first packet that authenticates under it
 * @prev: flows without MKI: the key before the last switch, until
 *	@prev_deadline or until @cur has seen @prev_until packets
 * @keys: MKI flows: every key (one of them is @cur); @byidx flows: every
 *	key, in ascending order of from-index (a key without one counts as
 *	0), @cur among them; other flows: none
 * @nkeys: entries in @keys
 * @byidx: the flow switches keys at packet indices (RFC 3711 <From, To>):
 *	each SSRC's SRTP packets use the key for their own index, @cur is
 *	the most advanced key any SSRC has used, and a key is retired once
 *	no SSRC can still need it; no @next, no @prev
 * @epoch: bumped when a reset-roc flow switches keys; a stream whose
 *	state belongs to an older epoch restarts before it is used, and a
 *	packet handled with an older key set than its stream's is dropped
 * @prev_deadline: jiffies after which @prev is retired
 * @prev_until: @cur's SRTP packet count at which @prev is retired
 *	(U64_MAX: time only)
 * @rcu: frees the set after a grace period
 *
 * A key context appears in at most one key set that is reachable from a
 * flow; it may appear in two fields of it (@cur and @keys).
 */
struct ksrtp_keyset {
	struct ksrtp_keyctx *cur;
	struct ksrtp_keyctx *next;
	struct ksrtp_keyctx *prev;
	struct ksrtp_keyctx *keys[KSRTP_MAX_KEYS];
	unsigned int nkeys;
	bool byidx;
	u32 epoch;
	unsigned long prev_deadline;
	u64 prev_until;
	struct rcu_head rcu;
};

/* The index a key applies from; a key without a from-index: 0. */
static inline u64 ksrtp_kc_from(const struct ksrtp_keyctx *kc)
{
	return kc->has_from ? kc->from : 0;
}

/**
 * struct ksrtp_key_cfg - a key as requested over netlink
 * @master: master key, salt and MKI (the suite is the flow's)
 * @slot: KSRTP_KEY_SLOT_CURRENT or _NEXT, or 0 (pending or MKI standby)
 * @from: from-index, if @has_from
 * @has_from: a from-index was given
 * @lifetime: hard limit, 0 for the default
 * @soft_lifetime: soft limit, 0 for the default
 * @use: on an MKI flow, make it current
 */
struct ksrtp_key_cfg {
	struct ksrtp_master master;
	u8 slot;
	u64 from;
	bool has_from;
	u64 lifetime;
	u64 soft_lifetime;
	bool use;
};

/**
 * struct ksrtp_key_sel - which key a key-del or key-use request names
 * @slot: KSRTP_KEY_SLOT_NEXT or _PREVIOUS, or 0
 * @mki: the MKI, if @mki_len
 * @mki_len: MKI length, 0 for none
 * @from: the from-index of a pending key, if @has_from
 * @has_from: a from-index was given
 */
struct ksrtp_key_sel {
	u8 slot;
	u8 mki[KSRTP_MAX_MKI_LEN];
	u8 mki_len;
	u64 from;
	bool has_from;
};

struct ksrtp_keyctx *ksrtp_keyctx_new(const struct ksrtp_key_cfg *cfg,
				      struct netlink_ext_ack *extack);
void ksrtp_keyctx_release(struct ksrtp_keyctx *kc, bool after_gp);

int ksrtp_keyset_init(struct ksrtp_flow *flow, struct ksrtp_keyctx *kc);
void ksrtp_keyset_destroy(struct ksrtp_keyset *ks, bool after_gp);
unsigned int ksrtp_keyset_members(const struct ksrtp_keyset *ks,
				  struct ksrtp_keyctx *first,
				  struct ksrtp_keyctx **out);
bool ksrtp_keyset_holds(const struct ksrtp_keyset *ks,
			const struct ksrtp_keyctx *kc);
struct ksrtp_keyctx *ksrtp_keyset_by_index(const struct ksrtp_keyset *ks,
					   u64 index);
int ksrtp_keyset_pos(const struct ksrtp_keyset *ks,
		     const struct ksrtp_keyctx *kc);

int ksrtp_key_new(struct ksrtp_flow *flow, const struct ksrtp_key_cfg *cfg,
		  struct netlink_ext_ack *extack);
int ksrtp_key_del(struct ksrtp_flow *flow, const struct ksrtp_key_sel *sel,
		  struct netlink_ext_ack *extack);
int ksrtp_key_use(struct ksrtp_flow *flow, const struct ksrtp_key_sel *sel,
		  struct netlink_ext_ack *extack);

/* Datapath (softirq or BHs off, under RCU). */
void ksrtp_key_promote(struct ksrtp_flow *flow, struct ksrtp_keyset *seen,
		       struct ksrtp_keyctx *kc);
void ksrtp_key_maybe_retire(struct ksrtp_flow *flow, struct ksrtp_keyset *ks,
			    struct ksrtp_keyctx *kc);
void ksrtp_key_retire_behind(struct ksrtp_flow *flow,
			     struct ksrtp_keyset *seen, u64 min_index);
bool ksrtp_key_take(struct ksrtp_flow *flow, struct ksrtp_keyctx *kc,
		    int which);
bool ksrtp_key_spent(const struct ksrtp_keyctx *kc, int which);

#endif /* _KSRTP_KEYSET_H */
