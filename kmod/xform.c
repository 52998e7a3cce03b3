// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: SRTP/SRTCP on a flow: the SSRC stream, the packet index, the
 * choice of key and the replay window, for one packet in a linear buffer.
 *
 * Called by the netfilter hooks (io.c) and by the KUnit suites, under RCU
 * with BHs disabled. Allocates nothing per packet except a new SSRC's
 * state and, once per key switch, a key set.
 *
 * Which key: tx uses the current key, or the key whose from-index is the
 * greatest one not above the packet's index when the flow has such keys.
 * rx tries, in order and each at most once: the key by index (if any),
 * current, next and previous, then the MKI or pending keys (an MKI that
 * does not match costs a memcmp, no crypto). A packet that authenticates under next
 * or a pending key promotes it.
 */

#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "compat.h"
#include "flow.h"
#include "keyset.h"
#include "replay.h"
#include "xform.h"

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
	if (!len || data[0] < 128 || data[0] > 191)
		return KSRTP_KIND_OTHER;
	if (flow->flags & KSRTP_FLOW_F_RTCP)
		return KSRTP_KIND_RTCP;
	if ((flow->flags & KSRTP_FLOW_F_RTCP_MUX) && len > 1 &&
	    data[1] >= 192 && data[1] <= 223)
		return KSRTP_KIND_RTCP;
	return KSRTP_KIND_RTP;
}

/**
 * ksrtp_count() - bump a counter of a flow and, if given, of a stream
 * @flow: the flow
 * @st: the stream, or NULL
 * @stat: which counter
 * @n: by how much
 */
void ksrtp_count(struct ksrtp_flow *flow, struct ksrtp_stream *st,
		 enum ksrtp_stat stat, u64 n)
{
	ksrtp_stats_add(flow->stats, stat, n);
	if (st) {
		spin_lock(&st->lock);
		st->stats.v[stat] += n;
		spin_unlock(&st->lock);
	}
}

static enum ksrtp_stat ksrtp_err_stat(int err)
{
	switch (-err) {
	case KSRTP_ERR_AUTH:
		return KSRTP_STAT_AUTH_FAIL;
	case KSRTP_ERR_MKI:
		return KSRTP_STAT_NO_KEY;
	case KSRTP_ERR_REPLAY_DUP:
		return KSRTP_STAT_REPLAY_DUP;
	case KSRTP_ERR_REPLAY_OLD:
		return KSRTP_STAT_REPLAY_OLD;
	case KSRTP_ERR_ROOM:
		return KSRTP_STAT_TOO_BIG;
	case EKEYEXPIRED:
		return KSRTP_STAT_KEY_EXPIRED;
	case KSRTP_ERR_VERSION:
	case KSRTP_ERR_SHORT:
	case KSRTP_ERR_CSRC:
	case KSRTP_ERR_EXT:
	case KSRTP_ERR_PADDING:
		return KSRTP_STAT_MALFORMED;
	default:
		return KSRTP_STAT_ERRORS;
	}
}

/* The SSRC's stream, counting the drop if there is none. */
static struct ksrtp_stream *ksrtp_xform_stream(struct ksrtp_flow *flow,
					       const u8 *data,
					       unsigned int len, bool rtcp)
{
	struct ksrtp_stream *st;
	bool limited;
	u32 ssrc;

	if (rtcp) {
		if (ksrtp_rtcp_parse(data, len, &ssrc)) {
			ksrtp_count(flow, NULL, KSRTP_STAT_MALFORMED, 1);
			return NULL;
		}
	} else {
		if (len < KSRTP_RTP_HDR_LEN) {
			ksrtp_count(flow, NULL, KSRTP_STAT_MALFORMED, 1);
			return NULL;
		}
		ssrc = get_unaligned_be32(data + 8);
	}
	st = ksrtp_stream_get(flow, ssrc, &limited);
	if (!st)
		ksrtp_count(flow, NULL, limited ? KSRTP_STAT_SSRC_LIMIT :
			    KSRTP_STAT_UNKNOWN_SSRC, 1);
	return st;
}

/* How many pending (from-index) keys @ks has: its keys[] on non-MKI flows. */
static unsigned int ksrtp_npending(const struct ksrtp_flow *flow,
				   const struct ksrtp_keyset *ks)
{
	return flow->mki_len ? 0 : ks->nkeys;
}

static bool ksrtp_keyset_has_from(const struct ksrtp_flow *flow,
				  const struct ksrtp_keyset *ks)
{
	return ksrtp_npending(flow, ks) ||
	       (ks->cur && ks->cur->has_from) ||
	       (ks->prev && ks->prev->has_from);
}

/*
 * The key for SRTP index @index on a flow with from-index keys: the one
 * with the greatest from not above @index; a key without a from-index
 * counts as from 0, and the current key wins a tie with the previous one.
 */
static struct ksrtp_keyctx *ksrtp_key_by_index(const struct ksrtp_flow *flow,
					       const struct ksrtp_keyset *ks,
					       u64 index)
{
	unsigned int i, n = ksrtp_npending(flow, ks);
	struct ksrtp_keyctx *best = NULL;
	u64 best_from = 0;

#define KSRTP_CONSIDER(kc)						\
	do {								\
		struct ksrtp_keyctx *__kc = (kc);			\
		u64 __f = __kc && __kc->has_from ? __kc->from : 0;	\
		if (__kc && __f <= index && (!best || __f >= best_from)) { \
			best = __kc;					\
			best_from = __f;				\
		}							\
	} while (0)

	KSRTP_CONSIDER(ks->prev);
	KSRTP_CONSIDER(ks->cur);
	for (i = 0; i < n; i++)
		KSRTP_CONSIDER(ks->keys[i]);
#undef KSRTP_CONSIDER
	return best;
}

static bool ksrtp_keyset_pending(const struct ksrtp_flow *flow,
				 const struct ksrtp_keyset *ks,
				 const struct ksrtp_keyctx *kc)
{
	unsigned int i, n = ksrtp_npending(flow, ks);

	for (i = 0; i < n; i++)
		if (ks->keys[i] == kc)
			return true;
	return false;
}

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
 * Counts the packet, or the reason it is dropped.
 *
 * Return: 0, or a negative error: drop the packet.
 */
int ksrtp_xform_tx(struct ksrtp_flow *flow, u8 *data, unsigned int len,
		   bool rtcp, unsigned int room, unsigned int *out_len,
		   u64 *serial)
{
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	struct ksrtp_keyset *ks;
	struct ksrtp_keyctx *kc;
	struct ksrtp_stream *st;
	u64 index;
	int err;

	st = ksrtp_xform_stream(flow, data, len, rtcp);
	if (!st)
		return -ENOENT;
	if (rtcp) {
		spin_lock(&st->lock);
		index = st->srtcp_index;
		st->srtcp_index = (index + 1) & KSRTP_SRTCP_INDEX_MASK;
		spin_unlock(&st->lock);
	} else {
		spin_lock(&st->lock);
		index = ksrtp_index_estimate(&st->rtp_idx,
					     get_unaligned_be16(data + 2));
		ksrtp_index_update(&st->rtp_idx, index);
		spin_unlock(&st->lock);
	}

	ks = rcu_dereference(flow->keyset);
	kc = ks->cur;
	if (!rtcp && ksrtp_keyset_has_from(flow, ks))
		kc = ksrtp_key_by_index(flow, ks, index);
	if (!kc) {
		/* the key for this index was retired */
		ksrtp_count(flow, st, KSRTP_STAT_KEY_EXPIRED, 1);
		return -EKEYEXPIRED;
	}
	if (!ksrtp_key_take(flow, kc, which)) {
		ksrtp_count(flow, st, KSRTP_STAT_KEY_EXPIRED, 1);
		return -EKEYEXPIRED;
	}
	if (rtcp)
		err = ksrtp_srtcp_protect(&kc->keys, data, len, room, index,
					  out_len);
	else
		err = ksrtp_srtp_protect(&kc->keys, data, len, room, index,
					 out_len);
	if (err) {
		ksrtp_count(flow, st, ksrtp_err_stat(err), 1);
		return err;
	}
	if (serial)
		*serial = kc->serial;
	if (kc != ks->cur && ksrtp_keyset_pending(flow, ks, kc))
		ksrtp_key_promote(flow, ks, kc);
	else
		ksrtp_key_maybe_retire(flow, ks, kc);
	ksrtp_count(flow, st, KSRTP_STAT_PACKETS, 1);
	ksrtp_count(flow, st, KSRTP_STAT_BYTES, len);
	if (rtcp)
		ksrtp_count(flow, st, KSRTP_STAT_RTCP_PACKETS, 1);
	return 0;
}

/*
 * The keys rx tries, in order, without repeats; returns how many. MKI and
 * pending keys come last: the peer may have switched at an index it
 * estimated differently, and SRTCP has no index to go by.
 */
static unsigned int ksrtp_rx_candidates(const struct ksrtp_flow *flow,
					const struct ksrtp_keyset *ks,
					bool rtcp, u64 index,
					struct ksrtp_keyctx **c)
{
	struct ksrtp_keyctx *first = NULL;
	unsigned int n;

	if (!rtcp && ksrtp_keyset_has_from(flow, ks))
		first = ksrtp_key_by_index(flow, ks, index);
	n = ksrtp_keyset_members(ks, first, c);
#ifdef KSRTP_FAULT_RX_SKIP_NEXT
	/*
	 * A deliberate bug, built only by tests/kunit-can-fail.sh to show that
	 * the rekey tests catch a receiver that never tries the next key.
	 */
	for (unsigned int i = 0; i < n; i++) {
		if (c[i] == ks->next) {
			memmove(&c[i], &c[i + 1], (n - i - 1) * sizeof(c[0]));
			n--;
			break;
		}
	}
#endif
	return n;
}

/*
 * On a reset-roc flow, whether the sender restarted its SRTP index when it
 * took up @kc: it did for a prepared next key and for an MKI key not yet
 * used (it switched with a key-new or key-use, which restarts the index
 * at once). Such a key is tried with the index a new stream would give
 * the packet, and a packet that authenticates under it switches the flow
 * to it before the replay window sees it. A key that authenticated before
 * never does: a replayed old packet must not restart the streams. Nor does
 * a pending key: the sender protects the packet at its from-index before
 * it restarts.
 */
static bool ksrtp_rx_restarts(const struct ksrtp_flow *flow,
			      const struct ksrtp_keyset *ks,
			      const struct ksrtp_keyctx *kc)
{
	return (flow->flags & KSRTP_FLOW_F_RESET_ROC) && kc != ks->cur &&
	       (kc == ks->next || flow->mki_len) &&
	       !atomic64_read(&kc->used[KSRTP_KC_SRTP]);
}

/* Try the keys in turn; the first that authenticates wins. */
static int ksrtp_rx_try(struct ksrtp_flow *flow, struct ksrtp_keyset *ks,
			struct ksrtp_keyctx **c, unsigned int n, u8 *data,
			unsigned int len, bool rtcp, u64 *index,
			unsigned int *out_len, struct ksrtp_keyctx **used)
{
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	bool save = n > 1 && flow->suite->aead && !flow->mki_len;
	int err = -ENOKEY, first_err = 0;
	unsigned int i, tried = 0;
	u8 *scratch = NULL;

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
			if (!first_err)
				first_err = -EKEYEXPIRED;
			continue;
		}
		if (save && tried++)
			memcpy(data, scratch, len);
		if (rtcp) {
			err = ksrtp_srtcp_unprotect(&c[i]->keys, data, len,
						    &rtcp_index, out_len);
			*index = rtcp_index;
		} else {
			/* a new stream's index is the sequence number */
			u64 idx = ksrtp_rx_restarts(flow, ks, c[i]) ?
				  (u16)*index : *index;

			err = ksrtp_srtp_unprotect(&c[i]->keys, data, len,
						   idx, out_len);
			if (!err)
				*index = idx;
		}
		if (!err) {
			*used = c[i];
			return 0;
		}
		if (err == -KSRTP_ERR_MKI)
			continue;
		if (err != -KSRTP_ERR_AUTH)
			return err;	/* malformed: no key will do */
		first_err = err;
	}
	return first_err ?: err;
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
 * Counts the packet, or the reason it is dropped. On an error the buffer
 * may have been changed (AES-GCM): the packet must be dropped.
 *
 * Return: 0 to deliver the packet, or a negative error to drop it.
 */
int ksrtp_xform_rx(struct ksrtp_flow *flow, u8 *data, unsigned int len,
		   bool rtcp, unsigned int *out_len, u64 *serial)
{
	struct ksrtp_keyctx *c[KSRTP_MAX_KEYS + 4], *kc = NULL;
	int which = rtcp ? KSRTP_KC_SRTCP : KSRTP_KC_SRTP;
	struct ksrtp_replay *replay;
	struct ksrtp_keyset *ks;
	struct ksrtp_stream *st;
	struct ksrtp_rtp_hdr h;
	bool restart;
	unsigned int n;
	u64 index = 0;
	int err;

	st = ksrtp_xform_stream(flow, data, len, rtcp);
	if (!st)
		return -ENOENT;
	replay = rtcp ? st->rtcp_replay : st->rtp_replay;

	if (!rtcp) {
		err = ksrtp_rtp_parse(data, len, &h);
		if (!err) {
			spin_lock(&st->lock);
			index = ksrtp_index_estimate(&st->rtp_idx, h.seq);
			err = ksrtp_replay_check(replay, index);
			spin_unlock(&st->lock);
		}
		if (err)
			goto drop;
	}

	ks = rcu_dereference(flow->keyset);
	n = ksrtp_rx_candidates(flow, ks, rtcp, index, c);
	err = ksrtp_rx_try(flow, ks, c, n, data, len, rtcp, &index, out_len,
			   &kc);
	if (err)
		goto drop;

	/* reset-roc: restart the streams first, then record the packet */
	restart = !rtcp && ksrtp_rx_restarts(flow, ks, kc);
	if (restart)
		ksrtp_key_promote(flow, ks, kc);

	/* authenticated: now the replay window, checked again under lock */
	spin_lock(&st->lock);
	err = ksrtp_replay_check(replay, index);
	if (!err) {
		ksrtp_replay_update(replay, index);
		if (rtcp) {
			if (index > st->srtcp_index)
				st->srtcp_index = index;
		} else {
			ksrtp_index_update(&st->rtp_idx, index);
		}
	}
	spin_unlock(&st->lock);
	if (err)
		goto drop;

	ksrtp_key_take(flow, kc, which);
	if (serial)
		*serial = kc->serial;
	if (!restart) {
		if (kc == ks->next ||
		    (kc != ks->cur && ksrtp_keyset_pending(flow, ks, kc)))
			ksrtp_key_promote(flow, ks, kc);
		else
			ksrtp_key_maybe_retire(flow, ks, kc);
	}
	ksrtp_count(flow, st, KSRTP_STAT_PACKETS, 1);
	ksrtp_count(flow, st, KSRTP_STAT_BYTES, *out_len);
	if (rtcp)
		ksrtp_count(flow, st, KSRTP_STAT_RTCP_PACKETS, 1);
	return 0;

drop:
	ksrtp_count(flow, st, ksrtp_err_stat(err), 1);
	return err;
}
