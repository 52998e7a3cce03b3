// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: header parsing, malformed packets, MKI, key set-up errors and a
 * stream across the sequence number wrap. Included from ksrtp_kunit.c.
 */

static const u8 ksrtp_test_mkey[32] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};

static const u8 ksrtp_test_msalt[14] = {
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae,
};

static void ksrtp_test_keys(struct kunit *test, struct ksrtp_keys *k,
			    u32 suite, const u8 *mki, u8 mki_len)
{
	struct ksrtp_master m = {
		.suite = suite, .key = ksrtp_test_mkey,
		.salt = ksrtp_test_msalt, .mki = mki, .mki_len = mki_len,
	};

	KUNIT_ASSERT_EQ(test, ksrtp_keys_init(k, &m, NULL), 0);
}

/* A 12-byte RTP header with @seq, SSRC 0x11223344 and @len bytes in all. */
static u8 *ksrtp_test_rtp(struct kunit *test, unsigned int len, u16 seq)
{
	u8 *p = kunit_kzalloc(test, len + KSRTP_TEST_ROOM, GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = i * 7;
	p[0] = 0x80;
	p[1] = 96;
	put_unaligned_be16(seq, p + 2);
	put_unaligned_be32(0x11223344, p + 8);
	return p;
}

struct ksrtp_malformed_case {
	const char *name;
	unsigned int len;
	u8 b0;			/* first byte: V, P, X, CC */
	int ext_words;		/* -1: no extension header written */
	u8 pad;			/* last byte, when P is set */
	int want;
};

static const struct ksrtp_malformed_case ksrtp_malformed_cases[] = {
	{ "truncated-fixed-header", 11, 0x80, -1, 0, KSRTP_DROP_SHORT },
	{ "empty", 0, 0x80, -1, 0, KSRTP_DROP_SHORT },
	{ "version-1", 40, 0x40, -1, 0, KSRTP_DROP_VERSION },
	{ "version-0-stun-like", 40, 0x00, -1, 0, KSRTP_DROP_VERSION },
	{ "csrc-count-past-end", 12 + 4 * 14, 0x8f, -1, 0, KSRTP_DROP_CSRC },
	{ "csrc-count-one-short", 12 + 4 * 2 - 1, 0x82, -1, 0,
	  KSRTP_DROP_CSRC },
	{ "extension-header-cut", 14, 0x90, -1, 0, KSRTP_DROP_EXT },
	{ "extension-length-past-end", 40, 0x90, 7, 0, KSRTP_DROP_EXT },
	{ "extension-after-csrc-past-end", 40, 0x92, 5, 0, KSRTP_DROP_EXT },
	{ "padding-larger-than-payload", 40, 0xa0, -1, 29, KSRTP_DROP_PADDING },
	{ "padding-zero", 40, 0xa0, -1, 0, KSRTP_DROP_PADDING },
	{ "padding-no-payload", 12, 0xa0, -1, 12, KSRTP_DROP_PADDING },
	{ "padding-whole-payload", 40, 0xa0, -1, 28, 0 },
	{ "extension-exactly-fits", 40, 0x90, 6, 0, 0 },
	{ "csrc-exactly-fits", 12 + 4 * 15, 0x8f, -1, 0, 0 },
};

static void ksrtp_malformed_desc(const struct ksrtp_malformed_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ksrtp_malformed, ksrtp_malformed_cases,
		  ksrtp_malformed_desc);

/* Malformed packets are refused with their own code and left untouched. */
static void ksrtp_malformed_test(struct kunit *test)
{
	const struct ksrtp_malformed_case *c = test->param_value;
	unsigned int room = c->len + KSRTP_TEST_ROOM, out_len;
	struct ksrtp_keys k;
	u8 *pkt, *orig;
	int err;

	pkt = ksrtp_test_rtp(test, c->len, 1);
	if (c->len)
		pkt[0] = c->b0;
	if (c->ext_words >= 0) {
		unsigned int off = 12 + 4 * (c->b0 & 0x0f);

		put_unaligned_be16(0xbede, pkt + off);
		put_unaligned_be16(c->ext_words, pkt + off + 2);
	}
	if (c->b0 & 0x20 && c->len)
		pkt[c->len - 1] = c->pad;
	orig = kunit_kmalloc(test, room, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	memcpy(orig, pkt, room);

	ksrtp_test_keys(test, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, NULL, 0);
	err = ksrtp_srtp_protect(&k, pkt, c->len, room, 1, &out_len);
	KUNIT_EXPECT_EQ(test, err, c->want);
	if (err) {
		KUNIT_EXPECT_EQ_MSG(test, memcmp(pkt, orig, room), 0,
				    "refused packet was modified");
	} else {
		/* and a well-formed one round-trips */
		err = ksrtp_srtp_unprotect(&k, pkt, out_len, 1, &out_len);
		KUNIT_EXPECT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, out_len, c->len);
		KUNIT_EXPECT_EQ(test, memcmp(pkt, orig, c->len), 0);
	}
	ksrtp_keys_destroy(&k);
}

/* Every suite, RTP and RTCP, with and without an MKI, in both directions. */
static void ksrtp_roundtrip_test(struct kunit *test)
{
	static const u8 mki[4] = { 0xde, 0xad, 0xbe, 0xef };
	u32 id;

	for (id = 1; id < __KSRTP_SUITE_MAX; id++) {
		unsigned int mki_len;

		for (mki_len = 0; mki_len <= 4; mki_len += 2) {
			struct ksrtp_keys k, other;
			unsigned int len = 100, out_len, plain_len;
			u32 rtcp_index;
			u8 *pkt, *orig;
			int err;

			ksrtp_test_keys(test, &k, id, mki, mki_len);
			pkt = ksrtp_test_rtp(test, len, 0x1234);
			pkt[0] |= 0x10 | 0x02;	/* two CSRCs and an extension */
			put_unaligned_be16(1, pkt + 22);
			orig = kmemdup(pkt, len, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, orig);

			err = ksrtp_srtp_protect(&k, pkt, len,
						 len + KSRTP_TEST_ROOM,
						 0x51234, &out_len);
			KUNIT_EXPECT_EQ(test, err, 0);
			KUNIT_EXPECT_EQ(test, out_len,
					len + ksrtp_srtp_overhead(&k));
			if (k.suite->encrypt)
				KUNIT_EXPECT_NE(test,
						memcmp(pkt + 32, orig + 32, 60),
						0);
			err = ksrtp_srtp_unprotect(&k, pkt, out_len, 0x51234,
						   &plain_len);
			KUNIT_EXPECT_EQ_MSG(test, err, 0, "suite %u mki %u",
					    id, mki_len);
			KUNIT_EXPECT_EQ(test, plain_len, len);
			KUNIT_EXPECT_EQ(test, memcmp(pkt, orig, len), 0);

			/* RTCP: a sender report sized packet */
			pkt[1] = 200;
			memcpy(orig, pkt, len);
			err = ksrtp_srtcp_protect(&k, pkt, len,
						  len + KSRTP_TEST_ROOM, 77,
						  &out_len);
			KUNIT_EXPECT_EQ(test, err, 0);
			KUNIT_EXPECT_EQ(test, out_len,
					len + ksrtp_srtcp_overhead(&k));
			err = ksrtp_srtcp_unprotect(&k, pkt, out_len,
						    &rtcp_index, &plain_len);
			KUNIT_EXPECT_EQ(test, err, 0);
			KUNIT_EXPECT_EQ(test, rtcp_index, 77);
			KUNIT_EXPECT_EQ(test, plain_len, len);
			KUNIT_EXPECT_EQ(test, memcmp(pkt, orig, len), 0);

			/* another MKI of the same length is someone else's */
			if (mki_len) {
				static const u8 mki2[4] = { 1, 2, 3, 4 };

				ksrtp_test_keys(test, &other, id, mki2,
						mki_len);
				err = ksrtp_srtcp_protect(&k, pkt, len,
							  len + KSRTP_TEST_ROOM,
							  78, &out_len);
				KUNIT_EXPECT_EQ(test, err, 0);
				err = ksrtp_srtcp_unprotect(&other, pkt,
							    out_len,
							    &rtcp_index,
							    &plain_len);
				KUNIT_EXPECT_EQ(test, err, KSRTP_DROP_NO_KEY);
				ksrtp_keys_destroy(&other);
			}
			kfree(orig);
			ksrtp_keys_destroy(&k);
		}
	}
}

/* Protect @pkt as SRTCP (index 5) or SRTP (index 7), with room to spare. */
static enum ksrtp_drop ksrtp_test_protect(const struct ksrtp_keys *k,
					  bool rtcp, u8 *pkt, unsigned int len,
					  unsigned int *out_len)
{
	unsigned int room = len + KSRTP_TEST_ROOM;

	if (rtcp)
		return ksrtp_srtcp_protect(k, pkt, len, room, 5, out_len);
	return ksrtp_srtp_protect(k, pkt, len, room, 7, out_len);
}

/* Unprotect @pkt as SRTCP or as SRTP at index 7. */
static enum ksrtp_drop ksrtp_test_unprotect(const struct ksrtp_keys *k,
					    bool rtcp, u8 *pkt,
					    unsigned int len,
					    unsigned int *out_len)
{
	u32 index;

	if (rtcp)
		return ksrtp_srtcp_unprotect(k, pkt, len, &index, out_len);
	return ksrtp_srtp_unprotect(k, pkt, len, 7, out_len);
}

/*
 * A key sets up only the sessions its flow carries (struct ksrtp_master
 * .uses, ksrtp_flow_uses()): an RTP-only key has no SRTCP transforms and
 * an RTCP-only key no SRTP ones. What it has protects exactly as a key
 * with both sessions does; what it lacks refuses the packet, untouched.
 */
static void ksrtp_session_uses_test(struct kunit *test)
{
	enum { LEN = 92 };
	static const u8 uses[] = { KSRTP_USES_SRTP, KSRTP_USES_SRTCP };
	unsigned int out_len, want_len, i;
	struct ksrtp_keys both, k;
	enum ksrtp_drop drop;
	u8 *pkt, *want, *orig;
	u32 id;

	pkt = ksrtp_test_rtp(test, LEN, 7);
	want = ksrtp_test_rtp(test, LEN, 7);
	orig = ksrtp_test_rtp(test, LEN, 7);
	for (id = 1; id < __KSRTP_SUITE_MAX; id++) {
		struct ksrtp_master m = {
			.suite = id, .key = ksrtp_test_mkey,
			.salt = ksrtp_test_msalt,
		};

		KUNIT_ASSERT_EQ(test, ksrtp_keys_init(&both, &m, NULL), 0);
		KUNIT_EXPECT_TRUE(test, both.rtp.ready && both.rtcp.ready);
		for (i = 0; i < ARRAY_SIZE(uses); i++) {
			bool rtcp = uses[i] == KSRTP_USES_SRTCP;
			const struct ksrtp_session *gone;

			m.uses = uses[i];
			KUNIT_ASSERT_EQ(test, ksrtp_keys_init(&k, &m, NULL), 0);
			gone = rtcp ? &k.rtp : &k.rtcp;
			KUNIT_EXPECT_FALSE(test, gone->ready);
			KUNIT_EXPECT_TRUE(test, !gone->ctr && !gone->ctr_fb &&
					  !gone->hmac && !gone->aead &&
					  !gone->aead_fb);
			KUNIT_EXPECT_TRUE(test, (rtcp ? k.rtcp : k.rtp).ready);

			/* the session it has: the same bytes as "both" */
			orig[1] = rtcp ? 200 : 96;
			memcpy(want, orig, LEN);
			memcpy(pkt, orig, LEN);
			drop = ksrtp_test_protect(&both, rtcp, want, LEN, &want_len);
			KUNIT_EXPECT_EQ(test, drop, 0);
			drop = ksrtp_test_protect(&k, rtcp, pkt, LEN, &out_len);
			KUNIT_EXPECT_EQ(test, drop, 0);
			KUNIT_EXPECT_EQ(test, out_len, want_len);
			KUNIT_EXPECT_EQ_MSG(test, memcmp(pkt, want, want_len), 0,
					    "suite %u uses %u", id, uses[i]);

			/* the session it lacks: refused, nothing written */
			orig[1] = rtcp ? 96 : 200;
			memcpy(pkt, orig, LEN);
			drop = ksrtp_test_protect(&k, !rtcp, pkt, LEN, &out_len);
			KUNIT_EXPECT_EQ(test, drop, KSRTP_DROP_NO_KEY);
			drop = ksrtp_test_unprotect(&k, !rtcp, pkt, LEN, &out_len);
			KUNIT_EXPECT_EQ(test, drop, KSRTP_DROP_NO_KEY);
			KUNIT_EXPECT_EQ(test, memcmp(pkt, orig, LEN), 0);
			ksrtp_keys_destroy(&k);
		}
		ksrtp_keys_destroy(&both);
	}
}

static void ksrtp_short_srtp_test(struct kunit *test)
{
	struct ksrtp_keys k;
	unsigned int out_len;
	u32 index;
	u8 *pkt = ksrtp_test_rtp(test, 21, 1);

	ksrtp_test_keys(test, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, NULL, 0);
	/* 12-byte header and 9 bytes: too short for a 10-byte tag */
	KUNIT_EXPECT_EQ(test, ksrtp_srtp_unprotect(&k, pkt, 21, 1, &out_len),
			KSRTP_DROP_SHORT);
	pkt[1] = 200;
	KUNIT_EXPECT_EQ(test, ksrtp_srtcp_unprotect(&k, pkt, 21, &index,
						    &out_len),
			KSRTP_DROP_SHORT);
	KUNIT_EXPECT_EQ(test, ksrtp_srtcp_protect(&k, pkt, 7, 64, 1, &out_len),
			KSRTP_DROP_SHORT);
	/* no room for the trailer: refused, untouched */
	pkt[1] = 96;
	KUNIT_EXPECT_EQ(test, ksrtp_srtp_protect(&k, pkt, 21, 30, 1, &out_len),
			KSRTP_DROP_ROOM);
	KUNIT_EXPECT_EQ(test, pkt[20], (u8)(20 * 7));
	ksrtp_keys_destroy(&k);
}

/*
 * The SRTCP tag length of a key (struct ksrtp_master.srtcp_tag_len): on a
 * *_HMAC_SHA1_32 suite, 4 (libre) or the suite's 10. SRTP is the same
 * under both; an SRTCP packet with one tag length is refused by a key with
 * the other, with and without an MKI; other suites refuse it at set-up.
 */
static void ksrtp_srtcp_tag_len_test(struct kunit *test)
{
	static const u8 mki[] = { 0xde, 0xad, 0xbe, 0xef };
	static const u32 suites[] = {
		KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
		KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	};
	enum { LEN = 40 };
	unsigned int s, m, len[2], plain_len;
	struct ksrtp_keys k[2];	/* [0]: 80-bit SRTCP tag, [1]: 32-bit */
	u8 *pkt[2], *rtp[2];
	int i;

	for (s = 0; s < ARRAY_SIZE(suites); s++) {
		for (m = 0; m <= 1; m++) {
			for (i = 0; i < 2; i++) {
				struct ksrtp_master ms = {
					.suite = suites[s],
					.key = ksrtp_test_mkey,
					.salt = ksrtp_test_msalt,
					.mki = mki, .mki_len = m ? 4 : 0,
					.srtcp_tag_len = i ? 4 : 10,
				};

				KUNIT_ASSERT_EQ(test, ksrtp_keys_init(&k[i], &ms, NULL), 0);
				KUNIT_EXPECT_EQ(test, k[i].rtcp_tag_len, i ? 4 : 10);
				KUNIT_EXPECT_EQ(test, ksrtp_srtcp_overhead(&k[i]),
						4 + ms.mki_len + (i ? 4 : 10));
				KUNIT_EXPECT_EQ(test, ksrtp_srtp_overhead(&k[i]),
						ms.mki_len + 4);
				pkt[i] = ksrtp_test_rtp(test, LEN, 9);
				pkt[i][1] = 201;
				KUNIT_ASSERT_EQ(test, ksrtp_test_protect(&k[i], true, pkt[i],
									 LEN, &len[i]),
						KSRTP_DROP_NONE);
				rtp[i] = ksrtp_test_rtp(test, LEN, 9);
				KUNIT_ASSERT_EQ(test, ksrtp_test_protect(&k[i], false, rtp[i],
									 LEN, &plain_len),
						KSRTP_DROP_NONE);
			}
			/* SRTP does not depend on it; SRTCP differs only in the tag */
			KUNIT_EXPECT_EQ(test, memcmp(rtp[0], rtp[1], plain_len), 0);
			KUNIT_EXPECT_EQ(test, len[0], len[1] + 6);
			KUNIT_EXPECT_EQ(test, memcmp(pkt[0], pkt[1], len[1]), 0);
			for (i = 0; i < 2; i++) {
				u8 *copy = kunit_kmalloc(test, len[i], GFP_KERNEL);

				KUNIT_ASSERT_NOT_NULL(test, copy);
				memcpy(copy, pkt[i], len[i]);
				KUNIT_EXPECT_EQ(test,
						ksrtp_test_unprotect(&k[!i], true, copy,
								     len[i], &plain_len),
						m ? KSRTP_DROP_NO_KEY : KSRTP_DROP_AUTH);
				KUNIT_EXPECT_EQ(test,
						ksrtp_test_unprotect(&k[i], true, pkt[i],
								     len[i], &plain_len),
						KSRTP_DROP_NONE);
				KUNIT_EXPECT_EQ(test, plain_len, LEN);
			}
			ksrtp_keys_destroy(&k[0]);
			ksrtp_keys_destroy(&k[1]);
		}
	}
}

static void ksrtp_key_errors_test(struct kunit *test)
{
	struct ksrtp_master m = {
		.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.key = ksrtp_test_mkey, .salt = ksrtp_test_msalt,
	};
	struct ksrtp_keys k;

	m.kdr = 1 << 16;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EOPNOTSUPP);
	m.kdr = 0;
	m.suite = 0;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.suite = __KSRTP_SUITE_MAX;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.suite = KSRTP_SUITE_AEAD_AES_128_GCM;
	m.mki = ksrtp_test_mkey;
	m.mki_len = KSRTP_MAX_MKI_LEN + 1;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	/* sessions: SRTP, SRTCP or both (0), nothing else */
	m.mki_len = 0;
	m.uses = 4;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.uses = KSRTP_USES_SRTP | 8;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	/* a 32-bit SRTCP tag only on the *_HMAC_SHA1_32 suites, and 4 or 10 */
	m.uses = 0;
	m.srtcp_tag_len = 4;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.suite = KSRTP_SUITE_NULL_HMAC_SHA1_80;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32;
	m.srtcp_tag_len = 5;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.srtcp_tag_len = 16;
	KUNIT_EXPECT_EQ(test, ksrtp_keys_init(&k, &m, NULL), -EINVAL);
	m.srtcp_tag_len = 0;
	KUNIT_EXPECT_NULL(test, ksrtp_suite_by_name("AES_CM_128_HMAC_SHA1_81"));
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_suite_by_name("AEAD_AES_256_GCM"),
			    ksrtp_suite_get(KSRTP_SUITE_AEAD_AES_256_GCM));
}

/*
 * A sender crosses the sequence number wrap; the receiver gets the packets
 * reordered around it, estimates each index, unprotects, and keeps its ROC.
 * Then every packet is replayed and must be refused.
 */
static void ksrtp_stream_wrap_test(struct kunit *test)
{
	enum { N = 48, LEN = 60 };
	static const u8 order[N] = {
		0, 1, 3, 2, 4, 5, 7, 6, 8, 9, 10, 11, 12, 13, 14, 16,
		15, 18, 17, 20, 19, 21, 23, 22, 24, 25, 30, 26, 27, 28, 29, 31,
		33, 32, 34, 35, 36, 37, 38, 39, 41, 40, 42, 43, 47, 44, 45, 46,
	};
	struct ksrtp_rtp_index rx = {};
	struct ksrtp_replay *win;
	u8 *wire[N];
	unsigned int lens[N], i;
	struct ksrtp_keys k;
	u64 tx_index = 0x3fff0;		/* ROC 3, SEQ 0xfff0 */

	ksrtp_test_keys(test, &k, KSRTP_SUITE_AEAD_AES_128_GCM, NULL, 0);
	win = ksrtp_test_replay(test, KSRTP_REPLAY_DEFAULT);
	rx.roc = 3;	/* signalled out of band, as with a=crypto + ROC */

	for (i = 0; i < N; i++, tx_index++) {
		wire[i] = ksrtp_test_rtp(test, LEN, (u16)tx_index);
		KUNIT_ASSERT_EQ(test,
				ksrtp_srtp_protect(&k, wire[i], LEN,
						   LEN + KSRTP_TEST_ROOM,
						   tx_index, &lens[i]), 0);
	}

	for (i = 0; i < N; i++) {
		unsigned int n = order[i], out_len;
		u16 seq = get_unaligned_be16(wire[n] + 2);
		u64 idx = ksrtp_index_estimate(&rx, seq);
		u8 *copy = kunit_kmalloc(test, lens[n], GFP_KERNEL);
		int err;

		KUNIT_ASSERT_NOT_NULL(test, copy);
		memcpy(copy, wire[n], lens[n]);
		KUNIT_EXPECT_EQ_MSG(test, idx, 0x3fff0 + n, "packet %u", n);
		err = ksrtp_srtp_unprotect(&k, copy, lens[n], idx, &out_len);
		KUNIT_EXPECT_EQ_MSG(test, err, 0, "packet %u", n);
		if (err)
			continue;
		KUNIT_EXPECT_EQ(test, ksrtp_replay_check(win, idx), 0);
		ksrtp_replay_update(win, idx);
		ksrtp_index_update(&rx, idx);
		KUNIT_EXPECT_EQ(test, copy[LEN - 1], ((LEN - 1) * 7) & 0xff);
	}
	KUNIT_EXPECT_EQ(test, rx.roc, 4);
	KUNIT_EXPECT_EQ(test, rx.s_l, (0x3fff0 + N - 1) & 0xffff);

	for (i = 0; i < N; i++) {
		u16 seq = get_unaligned_be16(wire[i] + 2);
		u64 idx = ksrtp_index_estimate(&rx, seq);

		KUNIT_EXPECT_EQ(test, ksrtp_replay_check(win, idx),
				KSRTP_DROP_REPLAY_DUP);
	}
	kfree(win);
	ksrtp_keys_destroy(&k);
}

static struct kunit_case ksrtp_packet_test_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_malformed_test, ksrtp_malformed_gen_params),
	KUNIT_CASE(ksrtp_roundtrip_test),
	KUNIT_CASE(ksrtp_short_srtp_test),
	KUNIT_CASE(ksrtp_session_uses_test),
	KUNIT_CASE(ksrtp_srtcp_tag_len_test),
	KUNIT_CASE(ksrtp_key_errors_test),
	KUNIT_CASE(ksrtp_stream_wrap_test),
	{}
};

static struct kunit_suite ksrtp_packet_suite = {
	.name = "ksrtp_packet",
	.test_cases = ksrtp_packet_test_cases,
};
