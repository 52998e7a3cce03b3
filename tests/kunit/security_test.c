// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the datapath's security rules (included by ksrtp_kunit.c, after
 * rekey_test.c, whose helpers it uses).
 *
 * - tx never protects two packets with the same SRTP index under one key;
 * - a forged packet creates no state and sends no event;
 * - one received packet costs at most KSRTP_RX_MAX_TRIES crypto attempts;
 * - after a reset-roc restart no key from before it authenticates anything;
 * - keys by index switch each SSRC at its own index, and a key is retired
 *   only once no SSRC can still need it;
 * - an idle SSRC's state is freed, and it resumes from its tombstone
 *   without its old packets or indices being accepted or used again;
 * - a flow with max-ssrcs 1024 finds each of its 1024 streams, and each
 *   of their tombstones, through its hash tables, and nothing else;
 * - a netns's flows learn at most max_streams streams between them.
 */

#define KSRTP_S_SSRC	0x5ec0001

static struct ksrtp_flow *ksrtp_s_flow(struct kunit *test, u8 dir, u32 suite,
				       bool mki, u32 flags, u32 window)
{
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_flow *flow;
	struct ksrtp_t_key k;

	ksrtp_t_key_fill(&k, 0);
	cfg.key.family = AF_INET;
	cfg.key.dir = dir;
	cfg.flags = KSRTP_FLOW_F_RTCP_MUX | flags;
	cfg.ssrc = KSRTP_S_SSRC;
	cfg.max_ssrcs = 16;
	cfg.replay_window = window;
	cfg.grace_ms = 50;
	cfg.ssrc_idle_ms = 1000;
	ksrtp_t_key_cfg(&cfg.kcfg, &k, suite, mki);
	ksrtp_t_expect(test, 0);
	flow = ksrtp_flow_alloc(&cfg, &init_net, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(flow));
	return flow;
}

/*
 * A flow's keys, the first and an added one, carry only the sessions of the
 * flow's kind: SRTP on an RTP port, SRTCP on an RTCP port, both with
 * rtcp-mux (ksrtp_flow_uses()).
 */
static void ksrtp_flow_uses_test(struct kunit *test)
{
	static const struct {
		u32 flags;
		bool rtp, rtcp;
	} c[] = {
		{ 0, true, false },
		{ KSRTP_FLOW_F_SSRC_ANY, true, false },
		{ KSRTP_FLOW_F_RTCP, false, true },
		{ KSRTP_FLOW_F_RTCP_MUX, true, true },
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		struct ksrtp_flow_cfg cfg = {};
		const struct ksrtp_keyset *ks;
		struct ksrtp_key_cfg kcfg;
		struct ksrtp_flow *flow;
		struct ksrtp_t_key k;

		ksrtp_t_key_fill(&k, 0);
		cfg.key.family = AF_INET;
		cfg.key.dir = KSRTP_DIR_RX;
		cfg.flags = c[i].flags;
		cfg.ssrc = KSRTP_S_SSRC;
		cfg.max_ssrcs = 16;
		cfg.replay_window = 64;
		cfg.grace_ms = 50;
		ksrtp_t_key_cfg(&cfg.kcfg, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
				false);
		ksrtp_t_expect(test, 0);
		flow = ksrtp_flow_alloc(&cfg, &init_net, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(flow));

		ksrtp_t_key_fill(&k, 1);
		ksrtp_t_key_cfg(&kcfg, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
				false);
		kcfg.slot = KSRTP_KEY_SLOT_NEXT;
		ksrtp_t_expect(test, 1);
		KUNIT_EXPECT_EQ(test, ksrtp_key_new(flow, &kcfg, NULL), 0);

		ks = rcu_dereference_protected(flow->keyset, 1);
		for (j = 0; j < 2; j++) {
			const struct ksrtp_keyctx *kc = j ? ks->next : ks->cur;

			KUNIT_ASSERT_NOT_NULL(test, kc);
			KUNIT_EXPECT_EQ_MSG(test, kc->keys.rtp.ready, c[i].rtp,
					    "flags %#x key %u", c[i].flags, j);
			KUNIT_EXPECT_EQ_MSG(test, kc->keys.rtcp.ready,
					    c[i].rtcp, "flags %#x key %u",
					    c[i].flags, j);
		}
		ksrtp_t_flow_put(flow);
	}
	ksrtp_t_drain();
}

static u32 ksrtp_s_nstreams(struct ksrtp_flow *flow)
{
	return READ_ONCE(flow->nstreams);
}

static u64 ksrtp_s_stat(struct ksrtp_flow *flow, enum ksrtp_stat stat)
{
	struct ksrtp_stats s;

	ksrtp_stats_fold(flow->stats, &s);
	return s.v[stat];
}

/* Protect RTP @seq (or RTCP) of @ssrc on @tx into @buf; the verdict. */
static enum ksrtp_drop ksrtp_s_protect(struct ksrtp_flow *tx, u8 *buf,
				       bool rtcp, u32 ssrc, u16 seq, u32 tag,
				       unsigned int *len, u64 *serial)
{
	unsigned int plain = ksrtp_t_packet(buf, rtcp, ssrc, seq, tag);
	enum ksrtp_drop drop;

	rcu_read_lock();
	local_bh_disable();
	drop = ksrtp_xform_tx(tx, buf, plain, rtcp, KSRTP_T_BUF, len, serial);
	local_bh_enable();
	rcu_read_unlock();
	return drop;
}

static enum ksrtp_drop ksrtp_s_unprotect(struct ksrtp_flow *rx, u8 *buf,
					 unsigned int len, bool rtcp,
					 u64 *serial)
{
	enum ksrtp_drop drop;
	unsigned int out_len;

	rcu_read_lock();
	local_bh_disable();
	drop = ksrtp_xform_rx(rx, buf, len, rtcp, &out_len, serial);
	local_bh_enable();
	rcu_read_unlock();
	return drop;
}

static void ksrtp_s_suite_desc(const u32 *id, char *desc)
{
	strscpy(desc, ksrtp_suite_get(*id)->name, KUNIT_PARAM_DESC_SIZE);
}

static const u32 ksrtp_s_suites[] = {
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80, KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	KSRTP_SUITE_NULL_HMAC_SHA1_80, KSRTP_SUITE_AEAD_AES_128_GCM,
	KSRTP_SUITE_AEAD_AES_256_GCM,
};

KUNIT_ARRAY_PARAM(ksrtp_s_suite, ksrtp_s_suites, ksrtp_s_suite_desc);

/*
 * tx: a repeated sequence number, or one from before a restart, would reuse
 * the index and with it the keystream (AES-CM) or the nonce (AES-GCM).
 */
static void ksrtp_tx_repeat_test(struct kunit *test)
{
	const u32 suite = *(const u32 *)test->param_value;
	u8 *buf = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	u8 *first = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	int ev = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_TX_REPEAT]);
	unsigned int len, len1;
	struct ksrtp_flow *tx;
	u32 idx1, idx2;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, first);
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX, suite, false,
			  KSRTP_FLOW_F_SSRC_ANY, KSRTP_REPLAY_MIN);

	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, first, false, KSRTP_S_SSRC,
					      10, 1, &len1, NULL),
			KSRTP_DROP_NONE);
	/* the same index again, other plaintext: never protected */
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      10, 2, &len, NULL),
			KSRTP_DROP_TX_REPEAT);
	KUNIT_EXPECT_EQ(test, ksrtp_s_stat(tx, KSRTP_STAT_TX_REPEAT), 1);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_TX_REPEAT]),
			ev + 1);
	/* out of order, but new: fine; then that one again: refused */
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      12, 3, &len, NULL),
			KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      11, 4, &len, NULL),
			KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      11, 5, &len, NULL),
			KSRTP_DROP_TX_REPEAT);
	/* a restart far behind: older than the window, so maybe sent */
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      1000, 6, &len, NULL),
			KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_S_SSRC,
					      13, 7, &len, NULL),
			KSRTP_DROP_TX_REPEAT);
	KUNIT_EXPECT_EQ(test, ksrtp_s_stat(tx, KSRTP_STAT_TX_REPEAT), 3);
	/* one event a second per SSRC, not one per packet */
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_TX_REPEAT]),
			ev + 1);

	/* SRTCP: the index comes from a counter, never twice */
	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, first, true, KSRTP_S_SSRC,
					      0, 8, &len1, NULL),
			KSRTP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, true, KSRTP_S_SSRC,
					      0, 8, &len, NULL),
			KSRTP_DROP_NONE);
	/* E || index: after the tag (GCM) or before MKI and tag (HMAC) */
	if (tx->suite->aead) {
		idx1 = get_unaligned_be32(first + len1 - 4);
		idx2 = get_unaligned_be32(buf + len - 4);
	} else {
		idx1 = get_unaligned_be32(first + len1 -
					  tx->suite->rtcp_tag_len - 4);
		idx2 = get_unaligned_be32(buf + len -
					  tx->suite->rtcp_tag_len - 4);
	}
	KUNIT_EXPECT_NE(test, idx1 & KSRTP_SRTCP_INDEX_MASK,
			idx2 & KSRTP_SRTCP_INDEX_MASK);
	ksrtp_t_flow_put(tx);
	ksrtp_t_drain();
}

/* Forged packets with random SSRCs create no stream and send no event. */
static void ksrtp_forged_state_test(struct kunit *test)
{
	int ev = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]);
	u8 *buf = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	struct ksrtp_flow *tx, *rx;
	unsigned int i, len;
	u64 serial;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	for (i = 0; i < 1000; i++) {
		bool rtcp = i % 4 == 3;
		/* a quarter with the real SSRC, before it ever spoke */
		u32 ssrc = i % 4 == 1 ? KSRTP_S_SSRC : get_random_u32();

		len = ksrtp_t_packet(buf, rtcp, ssrc, (u16)i, i);
		get_random_bytes(buf + len, 14);
		len += 14;
		KUNIT_EXPECT_NE(test,
				ksrtp_s_unprotect(rx, buf, len, rtcp, NULL),
				KSRTP_DROP_NONE);
	}
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 0);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]),
			ev);
	KUNIT_EXPECT_EQ(test, ksrtp_s_stat(rx, KSRTP_STAT_SSRC_LIMIT), 0);

	/* the real sender gets every packet through */
	for (i = 0; i < 40; i++) {
		KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, i % 8 == 7,
						      KSRTP_S_SSRC, (u16)i, i,
						      &len, &serial),
				KSRTP_DROP_NONE);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_s_unprotect(rx, buf, len,
							    i % 8 == 7, NULL),
				    KSRTP_DROP_NONE, "real packet %u", i);
	}
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 1);
	/* one new-ssrc on rx, one on tx */
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]),
			ev + 2);
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/* Crypto attempts one forged packet costs on @rx. */
static int ksrtp_s_tries(struct ksrtp_flow *rx, bool rtcp, u32 ssrc, u16 seq,
			 const u8 *mki, unsigned int mki_len)
{
	u8 buf[KSRTP_T_BUF];
	unsigned int len;
	int before = atomic_read(&ksrtp_t_tries);

	len = ksrtp_t_packet(buf, rtcp, ssrc, seq, 99);
	memset(buf + len, 0x5a, 4 + rx->suite->rtcp_tag_len);
	len += rtcp ? 4 : 0;
	if (mki_len) {
		/* where the MKI goes: after the tag (GCM), before it (HMAC) */
		unsigned int tag = rtcp ? rx->suite->rtcp_tag_len :
					  rx->suite->rtp_tag_len;

		if (rx->suite->aead)
			memcpy(buf + len + tag, mki, mki_len);
		else
			memcpy(buf + len, mki, mki_len);
		len += mki_len + tag;
	} else {
		len += rtcp ? rx->suite->rtcp_tag_len : rx->suite->rtp_tag_len;
	}
	ksrtp_s_unprotect(rx, buf, len, rtcp, NULL);
	return atomic_read(&ksrtp_t_tries) - before;
}

/* A stream of @ssrc on @rx at @seq (one real packet from @tx). */
static void ksrtp_s_start(struct kunit *test, struct ksrtp_flow *tx,
			  struct ksrtp_flow *rx, u32 ssrc, u16 seq)
{
	u8 buf[KSRTP_T_BUF];
	unsigned int len;

	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, false, ssrc, seq, 1,
					      &len, NULL), KSRTP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, ksrtp_s_unprotect(rx, buf, len, false, NULL),
			KSRTP_DROP_NONE);
}

/* One forged packet costs a bounded number of crypto attempts. */
static void ksrtp_bounded_tries_test(struct kunit *test)
{
	struct ksrtp_flow *tx, *rx;
	u8 mki;
	u64 from;
	int i;

	/* current, next and previous keys: 3 */
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX, KSRTP_SUITE_AEAD_AES_128_GCM,
			  false, KSRTP_FLOW_F_SSRC_ANY, 128);
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX, KSRTP_SUITE_AEAD_AES_128_GCM,
			  false, KSRTP_FLOW_F_SSRC_ANY, 128);
	ksrtp_s_start(test, tx, rx, KSRTP_S_SSRC, 100);
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 1,
					      KSRTP_KEY_SLOT_CURRENT, false,
					      false, NULL), 0);
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 2, KSRTP_KEY_SLOT_NEXT,
					      false, false, NULL), 0);
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, KSRTP_S_SSRC, 101,
					    NULL, 0), 3);
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, true, KSRTP_S_SSRC, 0,
					    NULL, 0), 3);
	/* a new SSRC costs no more */
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, 0xbadbad, 7, NULL, 0),
			3);
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);

	/* eight keys by index: SRTP 2 (its key and the one before), SRTCP 3 */
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	ksrtp_s_start(test, tx, rx, KSRTP_S_SSRC, 100);
	for (i = 1; i < KSRTP_MAX_KEYS; i++) {
		from = 1000 * i;
		KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 10 + i, 0,
						      false, false, &from), 0);
	}
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, KSRTP_S_SSRC, 5500,
					    NULL, 0), 2);
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, KSRTP_S_SSRC, 101,
					    NULL, 0), 1);
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, true, KSRTP_S_SSRC, 0,
					    NULL, 0), 2);
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);

	/* eight MKI keys: 1, and 0 for an MKI no key has */
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, true,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	for (i = 1; i < KSRTP_MAX_KEYS; i++)
		KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 20 + i, 0,
						      true, false, NULL), 0);
	mki = 20 + 5;
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, KSRTP_S_SSRC, 1, &mki,
					    1), 1);
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, true, KSRTP_S_SSRC, 0, &mki,
					    1), 1);
	mki = 0xee;
	KUNIT_EXPECT_EQ(test, ksrtp_s_tries(rx, false, KSRTP_S_SSRC, 2, &mki,
					    1), 0);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/*
 * reset-roc: a replay of packets from before a restart must not get
 * through the fresh replay window, under the previous key (prepared
 * switch) or an old MKI key; keys by index are refused.
 */
static void ksrtp_reset_roc_replay_test(struct kunit *test)
{
	static const u32 flags = KSRTP_FLOW_F_RESET_ROC | KSRTP_FLOW_F_SSRC_ANY;
	struct ksrtp_t_held *old;
	struct ksrtp_key_sel sel = { .mki_len = 1 };
	struct ksrtp_key_cfg c;
	struct ksrtp_t_key k;
	struct ksrtp_flow *tx, *rx;
	u8 buf[KSRTP_T_BUF];
	unsigned int len, i, r;
	int mki;

	old = kunit_kcalloc(test, 5, sizeof(*old), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, old);
	/* the sender restarts above the old index, and below it */
	for (r = 0; r < 4; r++) {
		u16 restart = r & 2 ? 1 : 2000;

		mki = r & 1;
		tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
				  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, mki,
				  flags, 128);
		rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
				  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, mki,
				  flags, 128);
		for (i = 0; i < 10; i++) {
			struct ksrtp_t_held *h = &old[i % 5];

			KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, h, i == 9,
							   (u16)(1000 + i), i),
					KSRTP_T_OK);
			memcpy(buf, h->buf, h->len);
			KUNIT_ASSERT_EQ(test, ksrtp_s_unprotect(rx, buf, h->len,
								h->rtcp, NULL),
					KSRTP_DROP_NONE);
		}
		/* switch: receiver first (next, or a new MKI), then sender */
		KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 1, mki ? 0 :
						      KSRTP_KEY_SLOT_NEXT,
						      mki, false, NULL), 0);
		KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, tx, 1, mki ? 0 :
						      KSRTP_KEY_SLOT_CURRENT,
						      mki, mki, NULL), 0);
		/*
		 * The restarted sender's first packet is SRTCP, index 0 again:
		 * it promotes on rx and restarts the streams (r & 1: MKI).
		 */
		KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, true,
						      KSRTP_WRAP_SSRC, 0, 40,
						      &len, NULL),
				KSRTP_DROP_NONE);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_s_unprotect(rx, buf, len, true,
							    NULL),
				    KSRTP_DROP_NONE, "restarted SRTCP (from %u)",
				    restart);
		/* then RTP */
		for (i = 0; i < 3; i++) {
			KUNIT_ASSERT_EQ(test,
					ksrtp_s_protect(tx, buf, false,
							KSRTP_WRAP_SSRC,
							(u16)(restart + i),
							50 + i, &len, NULL),
					KSRTP_DROP_NONE);
			KUNIT_EXPECT_EQ_MSG(test,
					    ksrtp_s_unprotect(rx, buf, len,
							      false, NULL),
					    KSRTP_DROP_NONE,
					    "restarted packet %u (from %u)", i,
					    restart);
		}
		/* the old packets, replayed: none may get through */
		for (i = 0; i < 5; i++) {
			memcpy(buf, old[i].buf, old[i].len);
			KUNIT_EXPECT_NE_MSG(test,
					    ksrtp_s_unprotect(rx, buf, old[i].len,
							      old[i].rtcp, NULL),
					    KSRTP_DROP_NONE,
					    "%s: old packet %u replayed",
					    mki ? "mki" : "prepared", i);
		}
		if (mki) {
			/* the old key cannot be taken up again either */
			sel.mki[0] = 0;
			KUNIT_EXPECT_EQ(test, ksrtp_key_use(tx, &sel, NULL),
					-ENOENT);
		}
		ksrtp_t_flow_put(tx);
		ksrtp_t_flow_put(rx);
	}

	/* keys by index do not apply to a flow that restarts its index */
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false, flags, 128);
	ksrtp_t_key_fill(&k, 7);
	ksrtp_t_key_cfg(&c, &k, tx->suite->id, false);
	c.from = 1000;
	c.has_from = true;
	KUNIT_EXPECT_EQ(test, ksrtp_key_new(tx, &c, NULL), -EINVAL);
	ksrtp_t_flow_put(tx);
	ksrtp_t_drain();
}

/* Whether @flow holds a key made from generation @gen. */
static bool ksrtp_s_holds_gen(struct ksrtp_flow *flow, u32 gen)
{
	struct ksrtp_keyctx *m[KSRTP_MAX_KEYS + 4];
	struct ksrtp_keyset *ks;
	unsigned int i, n;
	bool held = false;

	rcu_read_lock();
	ks = rcu_dereference(flow->keyset);
	n = ksrtp_keyset_members(ks, NULL, m);
	for (i = 0; i < n; i++)
		held |= ksrtp_t_gen(m[i]->serial) == gen;
	rcu_read_unlock();
	return held;
}

/* One packet of @ssrc from @tx to @rx, which must use key generation @gen. */
static void ksrtp_s_send(struct kunit *test, struct ksrtp_flow *tx,
			 struct ksrtp_flow *rx, u32 ssrc, u16 seq, u32 gen)
{
	u8 buf[KSRTP_T_BUF];
	unsigned int len;
	u64 serial;

	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, false, ssrc, seq, seq,
					      &len, &serial), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_t_gen(serial), gen);
	KUNIT_EXPECT_EQ_MSG(test, ksrtp_s_unprotect(rx, buf, len, false, NULL),
			    KSRTP_DROP_NONE, "ssrc %x seq %u", ssrc, seq);
}

/*
 * Keys by index apply to each SSRC at its own index: SSRC B passing the
 * switch point first must not take the old key from SSRC A, which is still
 * behind it, however long A takes; the old key goes once A passed too.
 */
static void ksrtp_at_index_per_ssrc_test(struct kunit *test)
{
	const u32 a = 0xaaaa, b = 0xbbbb;
	int ret = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_KEY_RETIRED]);
	struct ksrtp_flow *tx, *rx;
	u64 from = 0x10000;
	u16 sa = 65000, sb = 65400;
	unsigned int i;

	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, KSRTP_REPLAY_MIN);
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, KSRTP_REPLAY_MIN);
	ksrtp_s_start(test, tx, rx, a, sa++);
	ksrtp_s_start(test, tx, rx, b, sb++);
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, 1, 0, false, false,
					      &from), 0);
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, tx, 1, 0, false, false,
					      &from), 0);

	/* B passes the switch point and goes a window beyond */
	while (sb != 200) {
		ksrtp_s_send(test, tx, rx, b, sb, sb >= 65400 ? 0 : 1);
		sb++;
	}
	/* far past the grace time of a previous key */
	msleep(150);
	/* A, still behind, keeps the old key while B goes on under the new */
	for (i = 0; i < 100; i++, sa++, sb++) {
		ksrtp_s_send(test, tx, rx, b, sb, 1);
		ksrtp_s_send(test, tx, rx, a, sa, 0);
	}
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_KEY_RETIRED]),
			ret);
	/* A passes it too: then the old key goes, on both flows */
	while (sa != 100) {
		ksrtp_s_send(test, tx, rx, a, sa, sa >= 65000 ? 0 : 1);
		sa++;
	}
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_KEY_RETIRED]),
			ret + 2);
	KUNIT_EXPECT_FALSE(test, ksrtp_s_holds_gen(rx, 0));
	KUNIT_EXPECT_FALSE(test, ksrtp_s_holds_gen(tx, 0));
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/*
 * An idle learned SSRC is freed; coming back, it resumes its ROC, and its
 * old packets are not accepted, nor its old indices protected, again.
 */
static void ksrtp_ssrc_expiry_test(struct kunit *test)
{
	int ev = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_SSRC_EXPIRED]);
	struct ksrtp_t_held *old, *rtcp;
	struct ksrtp_flow *tx, *rx;
	int ev_new;
	u8 buf[KSRTP_T_BUF];
	unsigned int len, i;
	u16 seq = 65530;

	old = kunit_kzalloc(test, sizeof(*old), GFP_KERNEL);
	rtcp = kunit_kzalloc(test, sizeof(*rtcp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, old);
	KUNIT_ASSERT_NOT_NULL(test, rtcp);
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AEAD_AES_128_GCM, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	rx = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			  KSRTP_SUITE_AEAD_AES_128_GCM, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	/* across the wrap, to ROC 1 */
	for (i = 0; i < 12; i++, seq++) {
		if (i == 9) {
			KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, old, false, seq,
							   i), KSRTP_T_OK);
			memcpy(buf, old->buf, old->len);
			len = old->len;
		} else {
			KUNIT_ASSERT_EQ(test,
					ksrtp_s_protect(tx, buf, false,
							KSRTP_WRAP_SSRC, seq,
							i, &len, NULL),
					KSRTP_DROP_NONE);
		}
		KUNIT_ASSERT_EQ(test, ksrtp_s_unprotect(rx, buf, len, false,
							NULL),
				KSRTP_DROP_NONE);
	}
	KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, rtcp, true, 0, 77), KSRTP_T_OK);
	memcpy(buf, rtcp->buf, rtcp->len);
	KUNIT_ASSERT_EQ(test, ksrtp_s_unprotect(rx, buf, rtcp->len, true, NULL),
			KSRTP_DROP_NONE);
	KUNIT_ASSERT_EQ(test, ksrtp_s_nstreams(rx), 1);
	ev_new = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]);

	/* idle for longer than ssrc-idle-ms */
	ksrtp_flow_expire(tx, jiffies + tx->ssrc_idle + 1);
	ksrtp_flow_expire(rx, jiffies + rx->ssrc_idle + 1);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(tx), 0);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 0);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_SSRC_EXPIRED]),
			ev + 2);

	/* an old packet, replayed: refused, and no state comes back */
	memcpy(buf, old->buf, old->len);
	KUNIT_EXPECT_NE(test, ksrtp_s_unprotect(rx, buf, old->len, false,
						NULL), KSRTP_DROP_NONE);
	memcpy(buf, rtcp->buf, rtcp->len);
	KUNIT_EXPECT_EQ(test, ksrtp_s_unprotect(rx, buf, rtcp->len, true,
						NULL), KSRTP_DROP_REPLAY_OLD);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 0);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]),
			ev_new);
	/* the sender restarting behind: not protected again */
	KUNIT_EXPECT_EQ(test, ksrtp_s_protect(tx, buf, false, KSRTP_WRAP_SSRC,
					      3, 99, &len, NULL),
			KSRTP_DROP_TX_REPEAT);
	/* going on where it was: ROC 1 on both ends */
	for (i = 0; i < 8; i++, seq++) {
		KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, false,
						      KSRTP_WRAP_SSRC, seq,
						      100 + i, &len, NULL),
				KSRTP_DROP_NONE);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_s_unprotect(rx, buf, len,
							    false, NULL),
				    KSRTP_DROP_NONE, "seq %u after expiry", seq);
	}
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 1);
	KUNIT_EXPECT_EQ(test, ksrtp_t_flow_index(rx) >> 16, 1);
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/* The i-th SSRC of the hash test: spread out, and some close together. */
static u32 ksrtp_s_hash_ssrc(unsigned int i)
{
	return i & 1 ? i * 0x9e3779b9U : 0x100 + i;
}

static enum ksrtp_drop ksrtp_s_learn(struct ksrtp_flow *flow, u32 ssrc,
				     struct ksrtp_stream **st)
{
	enum ksrtp_drop drop;

	rcu_read_lock();
	local_bh_disable();
	drop = ksrtp_stream_learn(flow, ssrc,
				  rcu_dereference(flow->keyset)->epoch, st);
	local_bh_enable();
	rcu_read_unlock();
	return drop;
}

static bool ksrtp_s_tomb(struct ksrtp_flow *flow, u32 ssrc)
{
	struct ksrtp_tomb t;
	bool found;

	local_bh_disable();
	found = ksrtp_flow_tomb(flow, ssrc, &t) && t.ssrc == ssrc;
	local_bh_enable();
	return found;
}

/*
 * 1024 SSRCs on one flow: each is found in its hash bucket, SSRCs it does
 * not have are not, no bucket is long; after expiry each has a tombstone
 * found the same way, and a returning SSRC takes its own off the table.
 */
static void ksrtp_ssrc_hash_test(struct kunit *test)
{
	const unsigned int n = KSRTP_MAX_SSRCS_LIMIT;
	unsigned int i, b, listed = 0, longest = 0, found = 0;
	struct ksrtp_stream *st, *got;
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_flow *rx;
	struct ksrtp_t_key k;

	ksrtp_t_key_fill(&k, 0);
	cfg.key.family = AF_INET;
	cfg.key.dir = KSRTP_FLOW_RX;
	cfg.flags = KSRTP_FLOW_F_SSRC_ANY;
	cfg.max_ssrcs = n;
	cfg.replay_window = 64;
	cfg.ssrc_idle_ms = 1000;
	ksrtp_t_key_cfg(&cfg.kcfg, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
			false);
	ksrtp_t_expect(test, 0);
	rx = ksrtp_flow_alloc(&cfg, &init_net, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(rx));
	/* about two streams a bucket at max-ssrcs */
	KUNIT_EXPECT_EQ(test, rx->shash_mask + 1, n / 2);

	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_EQ_MSG(test, ksrtp_s_learn(rx, ksrtp_s_hash_ssrc(i),
							&st),
				    KSRTP_DROP_NONE, "SSRC %u", i);
		KUNIT_ASSERT_EQ(test, st->ssrc, ksrtp_s_hash_ssrc(i));
	}
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), n);
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn(rx, 0xfeedf00d, &st),
			KSRTP_DROP_SSRC_LIMIT);
	/* learning a known SSRC again gives its stream */
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn(rx, ksrtp_s_hash_ssrc(7), &st),
			KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), n);

	rcu_read_lock();
	for (i = 0; i < n; i++) {
		got = ksrtp_stream_find(rx, ksrtp_s_hash_ssrc(i));
		if (got && got->ssrc == ksrtp_s_hash_ssrc(i))
			found++;
	}
	KUNIT_EXPECT_EQ(test, found, n);
	KUNIT_EXPECT_NULL(test, ksrtp_stream_find(rx, 0xfeedf00d));
	KUNIT_EXPECT_NULL(test, ksrtp_stream_find(rx, 0x100 + n + 1));
	hlist_for_each_entry_rcu(st, &rx->streams, node)
		listed++;
	for (b = 0; b <= rx->shash_mask; b++) {
		unsigned int len = 0;

		hlist_for_each_entry_rcu(st, &rx->shash[b], hnode) {
			KUNIT_EXPECT_EQ(test, ksrtp_ssrc_hash(rx, st->ssrc,
							      rx->shash_mask), b);
			len++;
		}
		longest = max(longest, len);
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, listed, n);
	/* two a bucket on average; 24 is far beyond any random draw */
	KUNIT_EXPECT_LE(test, longest, 24);

	/* idle: every stream leaves a tombstone, found by its hash */
	ksrtp_flow_expire(rx, jiffies + rx->ssrc_idle + 1);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(rx), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx->ntombs), n);
	for (i = 0, found = 0; i < n; i++)
		found += ksrtp_s_tomb(rx, ksrtp_s_hash_ssrc(i));
	KUNIT_EXPECT_EQ(test, found, n);
	KUNIT_EXPECT_FALSE(test, ksrtp_s_tomb(rx, 0xfeedf00d));

	/* every third SSRC returns: its tombstone goes, the others stay */
	for (i = 0; i < n; i += 3)
		KUNIT_ASSERT_EQ(test, ksrtp_s_learn(rx, ksrtp_s_hash_ssrc(i),
						    &st), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx->ntombs), n - (n + 2) / 3);
	for (i = 0, found = 0; i < n; i++)
		found += ksrtp_s_tomb(rx, ksrtp_s_hash_ssrc(i)) == !!(i % 3);
	KUNIT_EXPECT_EQ(test, found, n);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/* Learn @n SSRCs from @first on @flow; how many were refused. */
static unsigned int ksrtp_s_learn_n(struct ksrtp_flow *flow, u32 first,
				    unsigned int n)
{
	struct ksrtp_stream *st;
	unsigned int i, refused = 0;

	for (i = 0; i < n; i++)
		refused += ksrtp_s_learn(flow, first + i, &st) ==
			   KSRTP_DROP_SSRC_LIMIT;
	return refused;
}

/*
 * The netns's max_streams, over two flows: a new SSRC beyond it gets no
 * state and no event, a packet of it is dropped as ssrc-limit; known SSRCs
 * go on; expiry and a deleted flow give the room back.
 */
static void ksrtp_stream_cap_test(struct kunit *test)
{
	unsigned int old_max = READ_ONCE(max_streams);
	u8 *buf = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	struct ksrtp_flow *tx, *a, *b;
	atomic_t count = ATOMIC_INIT(0);
	struct ksrtp_stream *st;
	unsigned int len;
	int ev;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	tx = ksrtp_s_flow(test, KSRTP_FLOW_TX,
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			  KSRTP_FLOW_F_SSRC_ANY, 128);
	a = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			 KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			 KSRTP_FLOW_F_SSRC_ANY, 128);
	b = ksrtp_s_flow(test, KSRTP_FLOW_RX,
			 KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, false,
			 KSRTP_FLOW_F_SSRC_ANY, 128);
	/* as ksrtp_flow_create() does for a flow of a netns */
	a->net_streams = &count;
	b->net_streams = &count;
	WRITE_ONCE(max_streams, 5);

	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(a, 0x100, 3), 0);
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(b, 0x200, 4), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 5);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(a), 3);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(b), 2);
	KUNIT_EXPECT_FALSE(test, ksrtp_stream_room(a));
	/* a known SSRC still finds its stream */
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn(b, 0x201, &st), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, st->ssrc, 0x201);
	/* a flow outside any netns (tx here) is not counted */
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(tx, 0x300, 8), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 5);

	/* an authenticated packet of a new SSRC: dropped, no state, no event */
	ev = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]);
	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, false, 0x300, 1, 1,
					      &len, NULL), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_unprotect(b, buf, len, false, NULL),
			KSRTP_DROP_SSRC_LIMIT);
	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, true, 0x301, 1, 1,
					      &len, NULL), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_unprotect(b, buf, len, true, NULL),
			KSRTP_DROP_SSRC_LIMIT);
	KUNIT_EXPECT_EQ(test, ksrtp_s_stat(b, KSRTP_STAT_SSRC_LIMIT), 2);
	KUNIT_EXPECT_EQ(test, ksrtp_s_nstreams(b), 2);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_NEW_SSRC]),
			ev);
	/* one of b's own SSRCs goes on */
	KUNIT_ASSERT_EQ(test, ksrtp_s_protect(tx, buf, false, 0x200, 2, 2,
					      &len, NULL), KSRTP_DROP_NONE);
	KUNIT_EXPECT_EQ(test, ksrtp_s_unprotect(b, buf, len, false, NULL),
			KSRTP_DROP_NONE);

	/* a's idle streams go: room for b */
	ksrtp_flow_expire(a, jiffies + a->ssrc_idle + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 2);
	KUNIT_EXPECT_TRUE(test, ksrtp_stream_room(b));
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(b, 0x210, 4), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 5);

	/* deleted: b's streams leave the count, and b counts nothing more */
	ksrtp_flow_uncount_streams(b);
	KUNIT_EXPECT_NULL(test, READ_ONCE(b->net_streams));
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 0);
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(a, 0x400, 5), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 5);
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(a, 0x500, 1), 1);

	/* raised at run time: more at once */
	WRITE_ONCE(max_streams, 6);
	KUNIT_EXPECT_EQ(test, ksrtp_s_learn_n(a, 0x500, 1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 6);
	ksrtp_flow_uncount_streams(a);
	KUNIT_EXPECT_EQ(test, atomic_read(&count), 0);

	WRITE_ONCE(max_streams, old_max);
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(a);
	ksrtp_t_flow_put(b);
	ksrtp_t_drain();
}

static struct kunit_case ksrtp_security_test_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_tx_repeat_test, ksrtp_s_suite_gen_params),
	KUNIT_CASE(ksrtp_forged_state_test),
	KUNIT_CASE(ksrtp_flow_uses_test),
	KUNIT_CASE(ksrtp_bounded_tries_test),
	KUNIT_CASE(ksrtp_reset_roc_replay_test),
	KUNIT_CASE(ksrtp_at_index_per_ssrc_test),
	KUNIT_CASE(ksrtp_ssrc_expiry_test),
	KUNIT_CASE(ksrtp_ssrc_hash_test),
	KUNIT_CASE(ksrtp_stream_cap_test),
	{}
};

static struct kunit_suite ksrtp_security_suite = {
	.name = "ksrtp_security",
	.suite_init = ksrtp_rekey_suite_init,
	.suite_exit = ksrtp_rekey_suite_exit,
	.test_cases = ksrtp_security_test_cases,
};
