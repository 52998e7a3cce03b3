// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: SRTP/SRTCP on a flow: the SSRC stream, the packet index, the
 * choice of key, the replay window and the record of the indices tx
 * protected, for one packet in a linear buffer.
 *
 * Called by the netfilter hooks (io.c) and by the KUnit suites, under RCU
 * with BHs disabled. Allocates nothing per packet: a new SSRC's state once
 * its first packet authenticated (rx) or was protected (tx), and a key set
 * once per key switch.
 *
 * Which key: tx uses the current key, or on a flow that switches keys at
 * packet indices the key for the packet's index. rx tries at most
 * KSRTP_RX_MAX_TRIES keys, each once: on an MKI flow only the key the MKI
 * names (the others cost a comparison, no crypto); on a flow that switches
 * at indices, for SRTP the key for the packet's index and the one before
 * it, and for SRTCP the current key and its neighbours; on other flows the
 * current, next and previous keys. A packet that authenticates under next, or under a
 * key past the current one, promotes it.
 */

#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "compat.h"
#include "event.h"
#include "flow.h"
#include "keyset.h"
#include "replay.h"
#include "trace.h"
#include "xform.h"

/* The KUnit suites count crypto attempts through this. */
#ifndef ksrtp_test_tried
#define ksrtp_test_tried() do { } while (0)
#endif

/*
 * AES-GCM decrypts in place before it knows the tag is good, so a failed
 * trial would destroy the ciphertext the next key needs. When more than
 * one key may be tried, the ciphertext is saved here first (per CPU, used
 * with BHs off).
 */
#define KSRTP_SCRATCH_LEN	65536
static u8 * __percpu *ksrtp_scratch;

int ksrtp_xform_init(void)
{
	int cpu;

	ksrtp_scratch = alloc_percpu(u8 *);
	if (!ksrtp_scratch)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		u8 *p = kvmalloc(KSRTP_SCRATCH_LEN, GFP_KERNEL);

		if (!p) {
			ksrtp_xform_exit();
			return -ENOMEM;
		}
		*per_cpu_ptr(ksrtp_scratch, cpu) = p;
	}
	return 0;
}

void ksrtp_xform_exit(void)
{
	int cpu;

	if (!ksrtp_scratch)
		return;
	for_each_possible_cpu(cpu)
		kvfree_sensitive(*per_cpu_ptr(ksrtp_scratch, cpu),
				 KSRTP_SCRATCH_LEN);
	free_percpu(ksrtp_scratch);
	ksrtp_scratch = NULL;
}

/**
 * ksrtp_classify() - RTP, RTCP or something else on a flow's port
 * @flow: the flow
 * @data: the UDP payload
 * @len: its length
 *
 * RFC 7983: first byte 128..191 is RTP or RTCP; RFC 5761: on an rtcp-mux
 * flow, a second byte (marker + payload type) of 192..223 is RTCP.
 *
 * Return: enum ksrtp_kind.
 */
enum ksrtp_kind ksrtp_classify(const struct ksrtp_flow *flow, const u8 *data,
			       unsigned int len)
{
	if (!ksrtp_rtp_like(data, len))
		return KSRTP_KIND_OTHER;
	if (flow->flags & KSRTP_FLOW_F_RTCP)
		return KSRTP_KIND_RTCP;
	if ((flow->flags & KSRTP_FLOW_F_RTCP_MUX) && len > 1 &&
	    data[1] >= 192 && data[1] <= 223)
		return KSRTP_KIND_RTCP;
	return KSRTP_KIND_RTP;
}

/**
 * ksrtp_count() - bump a counter of a flow (and its netns's total) and, if
 * given, of a stream
 * @flow: the flow
 * @st: the stream, or NULL
 * @stat: which counter
 * @n: by how much
 */
void ksrtp_count(struct ksrtp_flow *flow, struct ksrtp_stream *st,
		 enum ksrtp_stat stat, u64 n)
{
	ksrtp_stats_add(flow->stats, stat, n);
	if (flow->net_stats)
		ksrtp_stats_add(flow->net_stats, stat, n);
	if (st) {
		spin_lock(&st->lock);
		st->stats.v[stat] += n;
		spin_unlock(&st->lock);
	}
}

/* The counter of each reason to drop. */
static const u8 ksrtp_drop_stats[__KSRTP_DROP_MAX] = {
	[KSRTP_DROP_AUTH] = KSRTP_STAT_AUTH_FAIL,
	[KSRTP_DROP_NO_KEY] = KSRTP_STAT_NO_KEY,
	[KSRTP_DROP_REPLAY_DUP] = KSRTP_STAT_REPLAY_DUP,
	[KSRTP_DROP_REPLAY_OLD] = KSRTP_STAT_REPLAY_OLD,
	[KSRTP_DROP_SHORT] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_VERSION] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_CSRC] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_EXT] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_PADDING] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_UDP_LEN] = KSRTP_STAT_MALFORMED,
	[KSRTP_DROP_ROOM] = KSRTP_STAT_TOO_BIG,
	[KSRTP_DROP_MTU] = KSRTP_STAT_TOO_BIG,
	[KSRTP_DROP_UNKNOWN_SSRC] = KSRTP_STAT_UNKNOWN_SSRC,
	[KSRTP_DROP_SSRC_LIMIT] = KSRTP_STAT_SSRC_LIMIT,
	[KSRTP_DROP_KEY_EXPIRED] = KSRTP_STAT_KEY_EXPIRED,
	[KSRTP_DROP_STALE] = KSRTP_STAT_KEY_EXPIRED,
	[KSRTP_DROP_TX_REPEAT] = KSRTP_STAT_TX_REPEAT,
	[KSRTP_DROP_NOMEM] = KSRTP_STAT_ERRORS,
	[KSRTP_DROP_CRYPTO] = KSRTP_STAT_ERRORS,
};

/**
 * ksrtp_count_drop() - count a dropped packet under its reason
 * @flow: the flow
 * @st: its stream, or NULL
 * @ssrc: the packet's SSRC, or 0 if it was dropped before that was read
 * @drop: why (not KSRTP_DROP_NONE)
 *
 * Every drop of a packet of a flow comes here, and is traced here
 * (ksrtp_drop, trace.h).
 */
void ksrtp_count_drop(struct ksrtp_flow *flow, struct ksrtp_stream *st,
		      u32 ssrc, enum ksrtp_drop drop)
{
	if (WARN_ON_ONCE(drop == KSRTP_DROP_NONE || drop >= __KSRTP_DROP_MAX))
		drop = KSRTP_DROP_CRYPTO;
	ksrtp_count(flow, st, ksrtp_drop_stats[drop], 1);
	trace_ksrtp_drop(flow, ssrc, drop);
}

/* The SSRC (and for RTP the sequence number) of a packet. */
static enum ksrtp_drop ksrtp_xform_parse(const u8 *data, unsigned int len,
					 bool rtcp, u32 *ssrc, u16 *seq)
{
	struct ksrtp_rtp_hdr h;
	enum ksrtp_drop drop;

	if (rtcp)
		return ksrtp_rtcp_parse(data, len, ssrc);
	drop = ksrtp_rtp_parse(data, len, &h);
	if (drop)
		return drop;
	*ssrc = h.ssrc;
	*seq = h.seq;
	return KSRTP_DROP_NONE;
}

/*
 * Bring @st to the epoch of @ks (the caller holds its lock): a reset-roc
 * switch since the stream was last used restarts it now. False if @ks is
 * older than the stream's state: the caller read the key set just before
 * another CPU published a newer one and restarted the stream under it.
 */
static bool ksrtp_stream_sync(struct ksrtp_stream *st,
			      const struct ksrtp_keyset *ks)
{
	if (likely(st->epoch == ks->epoch))
		return true;
	if ((s32)(ks->epoch - st->epoch) < 0)
		return false;
	ksrtp_stream_reset(st, ks->epoch);
	return true;
}

/*
 * On a flow that switches keys at indices: once @st's highest index has
 * gone from @old_top (if @had one) to @new_top past the point where the
 * oldest key can go, see whether every stream has.
 */
static void ksrtp_xform_retire(struct ksrtp_flow *flow,
			       struct ksrtp_keyset *ks, bool had,
			       u64 old_top, u64 new_top)
{
	u64 thr, min;

	if (!ks->byidx || ks->nkeys < 2)
		return;
	thr = ksrtp_kc_from(ks->keys[1]) + flow->replay_window - 1;
	if ((had && old_top >= thr) || new_top < thr)
		return;
	if (ksrtp_flow_min_index(flow, &min))
		ksrtp_key_retire_behind(flow, ks, min);
}

/* Whether using @kc makes it the current key. */
static bool ksrtp_xform_promotes(const struct ksrtp_keyset *ks,
				 const struct ksrtp_keyctx *kc)
{
	if (kc == ks->cur)
		return false;
	if (ks->byidx)
		return ksrtp_keyset_pos(ks, kc) > ksrtp_keyset_pos(ks, ks->cur);
	return kc == ks->next;
}

static u64 ksrtp_idx_top(const struct ksrtp_rtp_index *ri)
{
	return ((u64)ri->roc << 16) | ri->s_l;
}

/* How often one packet looks up its stream and key set again. */
#define KSRTP_XFORM_RETRIES	4

/**
 * ksrtp_xform_tx() - protect one RTP or RTCP packet of a flow, in place
 * @flow: a tx flow
 * @data: the packet; the buffer holds @room bytes
 * @len: its length
 * @rtcp: it is RTCP (ksrtp_classify())
 * @room: buffer size, at least @len + flow->overhead[@rtcp]
 * @out_len: the protected length, on success
 * @serial: if not NULL, the serial of the key used, on success
 *
 * Never protects two packets with the same SRTP index under one key: an
 * index the stream protected already, or one older than its window, is
 * dropped as KSRTP_DROP_TX_REPEAT, with a tx-repeat event (at most one a
 * second per SSRC). SRTCP indices come from a counter. Counts the packet,
 * or the reason it is dropped.
 *
 * Return: KSRTP_DROP_NONE, or why the packet must be dropped.
 */
enum ksrtp_drop ksrtp_xform_tx(struct ksrtp_flow *flow, u8 *data,
			       unsigned int len, bool rtcp, unsigned int room,
			       unsigned int *out_len, u64 *serial)
{
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	u64 index = 0, old_top = 0, new_top = 0;
	struct ksrtp_stream *st = NULL;
	bool had = false, event = false;
	unsigned int tries = 0;
	struct ksrtp_keyset *ks;
	struct ksrtp_keyctx *kc;
	enum ksrtp_drop drop;
	u32 ssrc = 0;
	u16 seq = 0;

	drop = ksrtp_xform_parse(data, len, rtcp, &ssrc, &seq);
	if (drop)
		goto out;
again:
	if (++tries > KSRTP_XFORM_RETRIES) {
		drop = KSRTP_DROP_STALE;
		goto out;
	}
	ks = rcu_dereference(flow->keyset);
	st = ksrtp_stream_find(flow, ssrc);
	if (!st) {
		if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY)) {
			drop = KSRTP_DROP_UNKNOWN_SSRC;
			goto out;
		}
		drop = ksrtp_stream_learn(flow, ssrc, ks->epoch, &st);
		if (drop)
			goto out;
	}

	spin_lock(&st->lock);
	if (st->dead || !ksrtp_stream_sync(st, ks)) {
		spin_unlock(&st->lock);
		st = NULL;
		goto again;
	}
	if (rtcp) {
		index = st->srtcp_index;
		st->srtcp_index = (index + 1) & KSRTP_SRTCP_INDEX_MASK;
	} else {
		index = ksrtp_index_estimate(&st->rtp_idx, seq);
		drop = ksrtp_replay_check(st->rtp_replay, index);
		if (drop) {
			drop = KSRTP_DROP_TX_REPEAT;
			if (!st->repeat_event ||
			    time_after(jiffies, st->repeat_event + HZ)) {
				st->repeat_event = jiffies ?: 1;
				event = true;
			}
		} else {
			had = st->rtp_idx.valid;
			old_top = ksrtp_idx_top(&st->rtp_idx);
			ksrtp_replay_update(st->rtp_replay, index);
			ksrtp_index_update(&st->rtp_idx, index);
			new_top = ksrtp_idx_top(&st->rtp_idx);
		}
	}
	WRITE_ONCE(st->last_used, jiffies);
	spin_unlock(&st->lock);
	if (event)
		ksrtp_event(flow, KSRTP_EVENT_TYPE_TX_REPEAT, NULL, ssrc);
	if (drop)
		goto out;

	kc = ks->cur;
	if (!rtcp && ks->byidx)
		kc = ksrtp_keyset_by_index(ks, index);
	if (!kc || !ksrtp_key_take(flow, kc, which)) {
		/* the key for this index was retired, or is spent */
		drop = KSRTP_DROP_KEY_EXPIRED;
		goto out;
	}
	if (rtcp)
		drop = ksrtp_srtcp_protect(&kc->keys, data, len, room, index,
					   out_len);
	else
		drop = ksrtp_srtp_protect(&kc->keys, data, len, room, index,
					  out_len);
	if (drop)
		goto out;
	if (serial)
		*serial = kc->serial;
	if (!rtcp && ksrtp_xform_promotes(ks, kc))
		ksrtp_key_promote(flow, ks, kc);
	else
		ksrtp_key_maybe_retire(flow, ks, kc);
	if (!rtcp)
		ksrtp_xform_retire(flow, ks, had, old_top, new_top);
	ksrtp_count(flow, st, KSRTP_STAT_PACKETS, 1);
	ksrtp_count(flow, st, KSRTP_STAT_BYTES, len);
	if (rtcp)
		ksrtp_count(flow, st, KSRTP_STAT_RTCP_PACKETS, 1);
	return KSRTP_DROP_NONE;

out:
	ksrtp_count_drop(flow, st, ssrc, drop);
	return drop;
}

/*
 * The keys rx tries, in order, each once; returns how many. On an MKI flow
 * every key, since only the one the MKI names costs crypto.
 */
static unsigned int ksrtp_rx_candidates(const struct ksrtp_flow *flow,
					const struct ksrtp_keyset *ks,
					bool rtcp, u64 index,
					struct ksrtp_keyctx **c)
{
	unsigned int n = 0;
	int i;

	if (flow->mki_len) {
		memcpy(c, ks->keys, ks->nkeys * sizeof(c[0]));
		return ks->nkeys;
	}
	if (ks->byidx) {
		if (!rtcp) {
			/*
			 * The key for this index, and the one before it: a
			 * sender that got the new key after it passed the
			 * index (both ends must learn it before) protected
			 * with the old key still.
			 */
			c[n] = ksrtp_keyset_by_index(ks, index);
			if (!c[n])
				return 0;
			i = ksrtp_keyset_pos(ks, c[n++]);
			if (i > 0)
				c[n++] = ks->keys[i - 1];
			return n;
		}
		/*
		 * SRTCP carries no SRTP index: the sender's current key is
		 * ours, or one step ahead (it got there first) or behind.
		 */
		i = ksrtp_keyset_pos(ks, ks->cur);
		c[n++] = ks->cur;
		if (i + 1 < (int)ks->nkeys)
			c[n++] = ks->keys[i + 1];
		if (i > 0)
			c[n++] = ks->keys[i - 1];
		return n;
	}
	c[n++] = ks->cur;
#ifndef KSRTP_FAULT_RX_SKIP_NEXT
	if (ks->next)
		c[n++] = ks->next;
#else
	/*
	 * A deliberate bug, built only by tests/kunit-can-fail.sh to show that
	 * the rekey tests catch a receiver that never tries the next key.
	 */
#endif
	if (ks->prev)
		c[n++] = ks->prev;
	return n;
}

/*
 * On a reset-roc flow, whether the sender restarted its indices when it
 * took up @kc: it did for a prepared next key and for an MKI key not yet
 * used (it switched with a key-new or key-use, which restarts them at
 * once). Such a key is tried (SRTP) with the index a new stream would give
 * the packet, and a packet, SRTP or SRTCP, that authenticates under it
 * switches the flow to it before the replay window sees it. A key that
 * authenticated anything before never does: a replayed old packet must
 * not restart the streams.
 */
static bool ksrtp_rx_restarts(const struct ksrtp_flow *flow,
			      const struct ksrtp_keyset *ks,
			      const struct ksrtp_keyctx *kc)
{
	return (flow->flags & KSRTP_FLOW_F_RESET_ROC) && kc != ks->cur &&
	       (kc == ks->next || flow->mki_len) &&
	       !atomic64_read(&kc->used[KSRTP_KC_SRTP]) &&
	       !atomic64_read(&kc->used[KSRTP_KC_SRTCP]);
}

/* Try the keys in turn; the first that authenticates wins. */
static enum ksrtp_drop ksrtp_rx_try(struct ksrtp_flow *flow,
				    struct ksrtp_keyset *ks,
				    struct ksrtp_keyctx **c, unsigned int n,
				    u8 *data, unsigned int len, bool rtcp,
				    u64 *index, unsigned int *out_len,
				    struct ksrtp_keyctx **used)
{
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	bool save = n > 1 && flow->suite->aead && !flow->mki_len;
	enum ksrtp_drop drop = KSRTP_DROP_NO_KEY, first = KSRTP_DROP_NONE;
	unsigned int i, tried = 0;
	u8 *scratch = NULL;

	if (!n)
		return KSRTP_DROP_KEY_EXPIRED;	/* its key was retired */
	if (save) {
		scratch = *this_cpu_ptr(ksrtp_scratch);
		if (len > KSRTP_SCRATCH_LEN)
			n = 1;
		else
			memcpy(scratch, data, len);
	}
	for (i = 0; i < n; i++) {
		u32 rtcp_index;

		if (ksrtp_key_spent(c[i], which)) {
			if (!first)
				first = KSRTP_DROP_KEY_EXPIRED;
			continue;
		}
		if (save && tried++)
			memcpy(data, scratch, len);
		if (rtcp) {
			drop = ksrtp_srtcp_unprotect(&c[i]->keys, data, len,
						     &rtcp_index, out_len);
			*index = rtcp_index;
		} else {
			/* a new stream's index is the sequence number */
			u64 idx = ksrtp_rx_restarts(flow, ks, c[i]) ?
				  (u16)*index : *index;

			drop = ksrtp_srtp_unprotect(&c[i]->keys, data, len,
						    idx, out_len);
			if (!drop)
				*index = idx;
		}
		if (drop == KSRTP_DROP_NO_KEY)
			continue;	/* another key's MKI: no crypto */
		ksrtp_test_tried();
		if (!drop) {
			*used = c[i];
			return KSRTP_DROP_NONE;
		}
		if (drop != KSRTP_DROP_AUTH)
			return drop;	/* malformed: no key will do */
		first = drop;
	}
	return first ?: drop;
}

/**
 * ksrtp_xform_rx() - authenticate and decrypt one SRTP or SRTCP packet
 * @flow: an rx flow
 * @data: the packet
 * @len: its length
 * @rtcp: it is SRTCP (ksrtp_classify())
 * @out_len: the plain length, on success
 * @serial: if not NULL, the serial of the key that authenticated it
 *
 * A packet of an SSRC the flow has no state for creates that state only
 * once it authenticated, and sends new-ssrc only then: a forged packet
 * changes nothing but a counter. Counts the packet, or the reason it is
 * dropped. On an error the buffer may have been changed (AES-GCM): the
 * packet must be dropped.
 *
 * Return: KSRTP_DROP_NONE to deliver the packet, or why to drop it.
 */
enum ksrtp_drop ksrtp_xform_rx(struct ksrtp_flow *flow, u8 *data,
			       unsigned int len, bool rtcp,
			       unsigned int *out_len, u64 *serial)
{
	struct ksrtp_keyctx *c[KSRTP_MAX_KEYS], *kc = NULL;
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	u64 index = 0, old_top = 0, new_top = 0;
	struct ksrtp_stream *st = NULL;
	struct ksrtp_replay *replay;
	unsigned int n, tries = 0;
	struct ksrtp_keyset *ks;
	enum ksrtp_drop drop, early = KSRTP_DROP_NONE;
	bool restart, had = false, have_tomb = false;
	struct ksrtp_tomb tomb;
	u32 ssrc = 0;
	u16 seq = 0;

	drop = ksrtp_xform_parse(data, len, rtcp, &ssrc, &seq);
	if (drop)
		goto out;
again:
	if (++tries > KSRTP_XFORM_RETRIES) {
		drop = KSRTP_DROP_STALE;
		goto out;
	}
	ks = rcu_dereference(flow->keyset);
	st = ksrtp_stream_find(flow, ssrc);
	if (st) {
		spin_lock(&st->lock);
		if (st->dead || !ksrtp_stream_sync(st, ks)) {
			spin_unlock(&st->lock);
			st = NULL;
			goto again;
		}
		if (!rtcp) {
			index = ksrtp_index_estimate(&st->rtp_idx, seq);
			drop = ksrtp_replay_check(st->rtp_replay, index);
		}
		spin_unlock(&st->lock);
		/*
		 * An old index, unless a reset-roc peer restarted it under a
		 * key it never used before: only such keys are tried then.
		 */
		if (drop && (flow->flags & KSRTP_FLOW_F_RESET_ROC)) {
			early = drop;
			drop = KSRTP_DROP_NONE;
		}
		if (drop)
			goto out;
	} else {
		if (!(flow->flags & KSRTP_FLOW_F_SSRC_ANY)) {
			drop = KSRTP_DROP_UNKNOWN_SSRC;
			goto out;
		}
		if (!ksrtp_stream_room(flow)) {
			drop = KSRTP_DROP_SSRC_LIMIT;
			goto out;
		}
		/*
		 * An SSRC without state: its index as a new stream would have
		 * it, or as its tombstone says. Nothing is created before
		 * the packet authenticates and passes the tombstone's window.
		 */
		have_tomb = ksrtp_flow_tomb(flow, ssrc, &tomb) &&
			    tomb.epoch == ks->epoch;
		if (!rtcp) {
			struct ksrtp_rtp_index ri = {};

			if (have_tomb)
				ri = tomb.rtp_idx;
			index = ksrtp_index_estimate(&ri, seq);
			if (ri.valid && index <= ksrtp_idx_top(&ri)) {
				drop = KSRTP_DROP_REPLAY_OLD;
				goto out;
			}
		}
	}

	n = ksrtp_rx_candidates(flow, ks, rtcp, index, c);
	if (early) {
		unsigned int i, m = 0;

		for (i = 0; i < n; i++)
			if (ksrtp_rx_restarts(flow, ks, c[i]))
				c[m++] = c[i];
		n = m;
		if (!n) {
			drop = early;
			goto out;
		}
	}
	drop = ksrtp_rx_try(flow, ks, c, n, data, len, rtcp, &index, out_len,
			    &kc);
	if (drop)
		goto out;

	/* an SRTCP index the SSRC had used before its state was freed */
	if (!st && rtcp && have_tomb && tomb.srtcp_valid &&
	    index <= tomb.srtcp_index) {
		drop = KSRTP_DROP_REPLAY_OLD;
		goto out;
	}

	/* authenticated; reset-roc: restart the streams first */
	restart = ksrtp_rx_restarts(flow, ks, kc);
	if (restart) {
		ksrtp_key_promote(flow, ks, kc);
		ks = rcu_dereference(flow->keyset);
		if (ks->cur != kc) {
			/* not promoted (no memory, or a race): a later one */
			drop = KSRTP_DROP_STALE;
			goto out;
		}
	}

	/* then the replay window, checked again under the stream's lock */
	for (tries = 0;; tries++) {
		if (!st) {
			drop = tries < KSRTP_XFORM_RETRIES ?
			       ksrtp_stream_learn(flow, ssrc, ks->epoch, &st) :
			       KSRTP_DROP_STALE;
			if (drop)
				goto out;
		}
		spin_lock(&st->lock);
		if (!st->dead)
			break;
		spin_unlock(&st->lock);	/* it expired meanwhile */
		st = NULL;
	}
	/*
	 * A reset-roc switch since this packet read its keys: they are from
	 * before the restart and may authenticate nothing any more.
	 */
	if (rcu_dereference(flow->keyset)->epoch != ks->epoch ||
	    !ksrtp_stream_sync(st, ks)) {
		spin_unlock(&st->lock);
		drop = KSRTP_DROP_STALE;
		goto out;
	}
	replay = rtcp ? st->rtcp_replay : st->rtp_replay;
	drop = ksrtp_replay_check(replay, index);
	if (!drop) {
		ksrtp_replay_update(replay, index);
		if (rtcp) {
			if (!st->srtcp_valid || index > st->srtcp_index)
				st->srtcp_index = index;
			st->srtcp_valid = true;
		} else {
			had = st->rtp_idx.valid;
			old_top = ksrtp_idx_top(&st->rtp_idx);
			ksrtp_index_update(&st->rtp_idx, index);
			new_top = ksrtp_idx_top(&st->rtp_idx);
		}
		WRITE_ONCE(st->last_used, jiffies);
	}
	spin_unlock(&st->lock);
	if (drop)
		goto out;

	ksrtp_key_take(flow, kc, which);
	if (serial)
		*serial = kc->serial;
	if (!restart) {
		if (ksrtp_xform_promotes(ks, kc))
			ksrtp_key_promote(flow, ks, kc);
		else
			ksrtp_key_maybe_retire(flow, ks, kc);
	}
	if (!rtcp)
		ksrtp_xform_retire(flow, ks, had, old_top, new_top);
	ksrtp_count(flow, st, KSRTP_STAT_PACKETS, 1);
	ksrtp_count(flow, st, KSRTP_STAT_BYTES, *out_len);
	if (rtcp)
		ksrtp_count(flow, st, KSRTP_STAT_RTCP_PACKETS, 1);
	return KSRTP_DROP_NONE;

out:
	ksrtp_count_drop(flow, st, ssrc, drop);
	return drop;
}
