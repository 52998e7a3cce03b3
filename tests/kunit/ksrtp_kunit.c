// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the ksrtp crypto core.
 *
 * The core's .c files are compiled into this module directly (WireGuard's
 * selftest pattern), so the tests reach static helpers such as the KDF and
 * ksrtp.ko needs to export nothing for them.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "../../kmod/suite.c"
#include "../../kmod/rtp.c"
#include "../../kmod/replay.c"

/* Packets that took a key's no-SIMD fallback, counted by srtp.c. */
static atomic_t ksrtp_t_fallbacks;
#define ksrtp_test_fallback() atomic_inc(&ksrtp_t_fallbacks)
#include "../../kmod/srtp.c"
#include "../../kmod/flow.c"
#include "../../kmod/keyset.c"

/* Crypto attempts on received packets, counted by xform.c for the tests. */
static atomic_t ksrtp_t_tries;
#define ksrtp_test_tried() atomic_inc(&ksrtp_t_tries)
#include "../../kmod/xform.c"

#include "vectors.h"

#define KSRTP_TEST_ROOM	64	/* bytes of tailroom the tests give protect */

static void ksrtp_expect_bytes(struct kunit *test, const char *what,
			       const u8 *got, unsigned int got_len,
			       const u8 *want, unsigned int want_len)
{
	KUNIT_EXPECT_EQ_MSG(test, got_len, want_len, "%s: length", what);
	if (got_len != want_len)
		return;
	if (memcmp(got, want, want_len)) {
		unsigned int i;

		for (i = 0; i < want_len && got[i] == want[i]; i++)
			;
		KUNIT_FAIL(test, "%s: differs at byte %u of %u (got %02x, want %02x)",
			   what, i, want_len, got[i], want[i]);
	}
}

static u8 *ksrtp_test_dup(struct kunit *test, const struct ksrtp_vec_bytes *b,
			  unsigned int room)
{
	u8 *p = kunit_kzalloc(test, b->len + room, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(p, b->data, b->len);
	return p;
}

/* Set up @k for vector @v: from the master key, or from session keys. */
static void ksrtp_vec_keys(struct kunit *test, const struct ksrtp_vec *v,
			   struct ksrtp_keys *k)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_by_name(v->suite);
	int err;

	KUNIT_ASSERT_NOT_NULL_MSG(test, suite, "unknown suite %s", v->suite);
	if (v->master_key.len) {
		struct ksrtp_master m = {
			.suite = suite->id,
			.key = v->master_key.data,
			.salt = v->master_salt.data,
			.mki = v->mki.data,
			.mki_len = v->mki.len,
			.srtcp_tag_len = v->srtcp_tag_len,
		};

		KUNIT_ASSERT_EQ(test, v->master_key.len, suite->key_len);
		KUNIT_ASSERT_EQ(test, v->master_salt.len, suite->salt_len);
		err = ksrtp_keys_init(k, &m, NULL);
		KUNIT_ASSERT_EQ(test, err, 0);
	} else {
		/* RFC 7714 gives the session key and salt for both. */
		memset(k, 0, sizeof(*k));
		k->suite = suite;
		k->rtcp_tag_len = suite->rtcp_tag_len;
		err = ksrtp_session_init(&k->rtp, suite, v->session_key.data,
					 NULL, v->session_salt.data);
		KUNIT_ASSERT_EQ(test, err, 0);
		err = ksrtp_session_init(&k->rtcp, suite, v->session_key.data,
					 NULL, v->session_salt.data);
		if (err)
			ksrtp_session_destroy(&k->rtp);
		KUNIT_ASSERT_EQ(test, err, 0);
	}
	if (v->auth_only) {
		k->rtp.encrypt = false;
		k->rtcp.encrypt = false;
	}
}

static void ksrtp_vec_keystream(struct kunit *test, const struct ksrtp_vec *v)
{
	struct crypto_sync_skcipher *tfm;
	u8 iv[16];
	u8 *buf;
	int err;

	ksrtp_cm_iv(iv, v->session_salt.data, 0, 0);
	ksrtp_expect_bytes(test, "iv", iv, sizeof(iv), v->iv.data, v->iv.len);

	tfm = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(tfm));
	err = crypto_sync_skcipher_setkey(tfm, v->session_key.data,
					  v->session_key.len);
	buf = kunit_kzalloc(test, v->keystream.len, GFP_KERNEL);
	if (!err && buf)
		err = ksrtp_cm_crypt(tfm, iv, buf, v->keystream.len);
	crypto_free_sync_skcipher(tfm);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, err, 0);
	ksrtp_expect_bytes(test, "keystream", buf, v->keystream.len,
			   v->keystream.data, v->keystream.len);
}

static void ksrtp_vec_kdf(struct kunit *test, const struct ksrtp_vec *v)
{
	struct crypto_sync_skcipher *prf;
	u8 key[KSRTP_MAX_KEY_LEN], salt[KSRTP_MAX_SALT_LEN];
	u8 auth[KSRTP_AUTH_KEY_LEN];
	unsigned int slen = v->srtp_cipher_salt.len;
	int err;

	KUNIT_ASSERT_LE(test, v->srtp_cipher_key.len, sizeof(key));
	KUNIT_ASSERT_LE(test, slen, sizeof(salt));
	prf = crypto_alloc_sync_skcipher("ctr(aes)", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(prf));
	err = crypto_sync_skcipher_setkey(prf, v->master_key.data,
					  v->master_key.len);
	if (!err)
		err = ksrtp_kdf(prf, v->master_salt.data, v->master_salt.len,
				KSRTP_LABEL_RTP_ENC, key,
				v->srtp_cipher_key.len);
	if (!err)
		err = ksrtp_kdf(prf, v->master_salt.data, v->master_salt.len,
				KSRTP_LABEL_RTP_SALT, salt, slen);
	if (!err)
		err = ksrtp_kdf(prf, v->master_salt.data, v->master_salt.len,
				KSRTP_LABEL_RTP_AUTH, auth, sizeof(auth));
	crypto_free_sync_skcipher(prf);
	KUNIT_ASSERT_EQ(test, err, 0);
	ksrtp_expect_bytes(test, "cipher key", key, v->srtp_cipher_key.len,
			   v->srtp_cipher_key.data, v->srtp_cipher_key.len);
	ksrtp_expect_bytes(test, "cipher salt", salt, slen,
			   v->srtp_cipher_salt.data, slen);
	ksrtp_expect_bytes(test, "auth key", auth, sizeof(auth),
			   v->srtp_auth_key.data, v->srtp_auth_key.len);
}

/* The SRTCP index of a vector: given, or read from the protected packet. */
static u32 ksrtp_vec_srtcp_index(const struct ksrtp_vec *v,
				 const struct ksrtp_keys *k)
{
	unsigned int pos;

	if (v->has_srtcp_index)
		return v->srtcp_index & KSRTP_SRTCP_INDEX_MASK;
	pos = v->protected.len - k->mki_len - KSRTP_SRTCP_INDEX_LEN;
	if (!k->suite->aead)
		pos -= k->rtcp_tag_len;
	return get_unaligned_be32(v->protected.data + pos) &
	       KSRTP_SRTCP_INDEX_MASK;
}

static int ksrtp_vec_unprotect(const struct ksrtp_vec *v,
			       const struct ksrtp_keys *k, u8 *pkt,
			       unsigned int len, u64 index,
			       unsigned int *out_len, u32 *rtcp_index)
{
	if (v->kind == KSRTP_VEC_RTCP)
		return ksrtp_srtcp_unprotect(k, pkt, len, rtcp_index, out_len);
	return ksrtp_srtp_unprotect(k, pkt, len, index, out_len);
}

/*
 * Flipping any one bit of a protected packet must make unprotect fail: with
 * an authentication failure, or, for bits of the MKI or of the header
 * fields that decide its length, with the matching error.
 */
static void ksrtp_vec_bitflips(struct kunit *test, const struct ksrtp_vec *v,
			       const struct ksrtp_keys *k, u64 index)
{
	unsigned int len = v->protected.len, out_len, bit, failures = 0;
	u8 *pkt = kunit_kzalloc(test, len, GFP_KERNEL);
	u32 rtcp_index;

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	for (bit = 0; bit < len * 8; bit++) {
		int err;

		memcpy(pkt, v->protected.data, len);
		pkt[bit / 8] ^= 1 << (bit % 8);
		err = ksrtp_vec_unprotect(v, k, pkt, len, index, &out_len,
					  &rtcp_index);
		if (err == KSRTP_DROP_AUTH || err == KSRTP_DROP_NO_KEY)
			continue;
		/* Only the first byte (version, CC, X) changes the layout. */
		if (bit < 8 && err)
			continue;
		if (failures++ < 4)
			KUNIT_FAIL(test, "bit %u flipped: unprotect returned %d",
				   bit, err);
	}
	KUNIT_EXPECT_EQ(test, failures, 0);
}

static void ksrtp_vec_packet(struct kunit *test, const struct ksrtp_vec *v)
{
	struct ksrtp_keys k;
	unsigned int out_len = 0;
	u32 rtcp_index = 0, want_index = 0;
	u64 index = 0;
	u8 *pkt;
	int err;

	ksrtp_vec_keys(test, v, &k);

	if (v->kind == KSRTP_VEC_RTCP) {
		want_index = ksrtp_vec_srtcp_index(v, &k);
	} else {
		u16 seq = get_unaligned_be16(v->plain.data + 2);

		index = ((u64)v->roc << 16) | seq;
	}

	/* protect gives exactly the protected bytes */
	pkt = ksrtp_test_dup(test, &v->plain, KSRTP_TEST_ROOM);
	if (v->kind == KSRTP_VEC_RTCP)
		err = ksrtp_srtcp_protect(&k, pkt, v->plain.len,
					  v->plain.len + KSRTP_TEST_ROOM,
					  want_index, &out_len);
	else
		err = ksrtp_srtp_protect(&k, pkt, v->plain.len,
					 v->plain.len + KSRTP_TEST_ROOM, index,
					 &out_len);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err)
		ksrtp_expect_bytes(test, "protect", pkt, out_len,
				   v->protected.data, v->protected.len);

	/* unprotect gives exactly the plain bytes */
	pkt = ksrtp_test_dup(test, &v->protected, 0);
	err = ksrtp_vec_unprotect(v, &k, pkt, v->protected.len, index,
				  &out_len, &rtcp_index);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err)
		ksrtp_expect_bytes(test, "unprotect", pkt, out_len,
				   v->plain.data, v->plain.len);
	if (v->kind == KSRTP_VEC_RTCP)
		KUNIT_EXPECT_EQ(test, rtcp_index, want_index);

	ksrtp_vec_bitflips(test, v, &k, index);

	/* RTP: the same packet under another ROC must not authenticate. */
	if (v->kind == KSRTP_VEC_RTP) {
		pkt = ksrtp_test_dup(test, &v->protected, 0);
		err = ksrtp_srtp_unprotect(&k, pkt, v->protected.len,
					   index + 0x10000, &out_len);
		KUNIT_EXPECT_EQ(test, err, KSRTP_DROP_AUTH);
	}
	ksrtp_keys_destroy(&k);
}

static void ksrtp_vector_test(struct kunit *test)
{
	const struct ksrtp_vec *v = test->param_value;

	switch (v->kind) {
	case KSRTP_VEC_KEYSTREAM:
		ksrtp_vec_keystream(test, v);
		break;
	case KSRTP_VEC_KDF:
		ksrtp_vec_kdf(test, v);
		break;
	default:
		ksrtp_vec_packet(test, v);
		break;
	}
}

static void ksrtp_vec_desc(const struct ksrtp_vec *v, char *desc)
{
	strscpy(desc, v->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ksrtp_vector, ksrtp_vectors, ksrtp_vec_desc);

static struct kunit_case ksrtp_vector_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_vector_test, ksrtp_vector_gen_params),
	{}
};

static struct kunit_suite ksrtp_vector_suite = {
	.name = "ksrtp_vectors",
	.test_cases = ksrtp_vector_cases,
};

#include "index_test.c"
#include "replay_test.c"
#include "packet_test.c"
#include "rekey_test.c"
#include "lifecycle_test.c"
#include "security_test.c"
#include "fuzz_test.c"
#include "crypto_test.c"

kunit_test_suites(&ksrtp_vector_suite, &ksrtp_crypto_suite,
		  &ksrtp_index_suite, &ksrtp_replay_suite, &ksrtp_packet_suite,
		  &ksrtp_rekey_suite, &ksrtp_lifecycle_suite,
		  &ksrtp_security_suite, &ksrtp_fuzz_suite);

/* The AEAD request buffers that the keys of the suites made. */
static void __exit ksrtp_kunit_exit(void)
{
	ksrtp_srtp_exit();
}
module_exit(ksrtp_kunit_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the ksrtp SRTP core");
