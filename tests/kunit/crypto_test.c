// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: which crypto drivers a key gets, and the no-SIMD fallback.
 *
 * Included by ksrtp_kunit.c (it defines ksrtp_test_fallback() to count
 * the packets that took a key's fallback transform).
 */

#ifdef CONFIG_X86
#include <asm/cpufeature.h>
#endif

/* Every suite, with a fixed master key and salt. */
static const u8 ksrtp_c_master[32] = {
	0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0,
	0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39,
	0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb,
	0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6, 0xc1, 0x73,
};

static const u8 ksrtp_c_salt[14] = {
	0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb,
	0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6,
};

static const u32 ksrtp_c_suites[] = {
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	KSRTP_SUITE_NULL_HMAC_SHA1_80,
	KSRTP_SUITE_AEAD_AES_128_GCM,
	KSRTP_SUITE_AEAD_AES_256_GCM,
};

static void ksrtp_c_suite_desc(const u32 *id, char *desc)
{
	const struct ksrtp_suite_info *s = ksrtp_suite_get(*id);

	strscpy(desc, s ? s->name : "?", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ksrtp_c_suite, ksrtp_c_suites, ksrtp_c_suite_desc);

static bool ksrtp_c_has(const char *s, const char *part)
{
	return s && strstr(s, part);
}

/*
 * On a CPU with AES-NI, PCLMULQDQ and SSSE3 (the test VM's -cpu max has
 * them), every key uses the SIMD drivers: no template over the one-block
 * cipher, no table-based GHASH, no generic SHA-1; and it has a fallback.
 */
static void ksrtp_drivers_test(struct kunit *test)
{
	const struct ksrtp_suite_info *suite;
	struct ksrtp_master m = {
		.key = ksrtp_c_master,
		.salt = ksrtp_c_salt,
	};
	struct ksrtp_drivers d;
	struct ksrtp_keys k;

	m.suite = *(const u32 *)test->param_value;
	suite = ksrtp_suite_get(m.suite);
	KUNIT_ASSERT_NOT_NULL(test, suite);
	KUNIT_ASSERT_EQ(test, ksrtp_keys_init(&k, &m, NULL), 0);
	ksrtp_keys_drivers(&k, &d);
	kunit_info(test, "%s: cipher %s, fallback %s, auth %s", suite->name,
		   d.cipher ?: "-", d.cipher_fb ?: "-", d.auth ?: "-");

	/* what every architecture gets */
	KUNIT_EXPECT_EQ(test, !!d.cipher, suite->encrypt);
	KUNIT_EXPECT_EQ(test, !!d.auth, !suite->aead);

#ifdef CONFIG_X86
	if (!boot_cpu_has(X86_FEATURE_AES) ||
	    !boot_cpu_has(X86_FEATURE_PCLMULQDQ) ||
	    !boot_cpu_has(X86_FEATURE_SSSE3)) {
		KUNIT_FAIL(test, "no AES-NI, PCLMULQDQ or SSSE3: not -cpu max?");
		goto out;
	}
	if (suite->aead) {
		/* __generic-gcm-aesni: "generic" is GCM as opposed to RFC 4106 */
		KUNIT_EXPECT_TRUE_MSG(test, ksrtp_c_has(d.cipher, "gcm-aesni") ||
				      ksrtp_c_has(d.cipher, "gcm-vaes"),
				      "AEAD driver %s", d.cipher ?: "-");
		KUNIT_EXPECT_FALSE(test, ksrtp_c_has(d.cipher, "gcm_base"));
		KUNIT_EXPECT_FALSE(test, ksrtp_c_has(d.cipher, "ghash"));
		KUNIT_EXPECT_NOT_NULL(test, d.cipher_fb);
	} else if (suite->encrypt) {
		KUNIT_EXPECT_TRUE_MSG(test, ksrtp_c_has(d.cipher, "__ctr-aes-"),
				      "CTR driver %s", d.cipher ?: "-");
		KUNIT_EXPECT_FALSE(test, ksrtp_c_has(d.cipher, "generic"));
		KUNIT_EXPECT_FALSE(test, ksrtp_c_has(d.cipher, "ctr("));
		KUNIT_EXPECT_NOT_NULL(test, d.cipher_fb);
	}
	if (d.auth) {
		KUNIT_EXPECT_TRUE_MSG(test, ksrtp_c_has(d.auth, "hmac(sha1-"),
				      "HMAC driver %s", d.auth ?: "-");
		KUNIT_EXPECT_FALSE(test, ksrtp_c_has(d.auth, "generic"));
	}
out:
#endif
	ksrtp_keys_destroy(&k);
}

/*
 * The packet vectors again, with SIMD marked unusable on this CPU (as the
 * crypto self-tests do): every packet goes through the fallback transforms
 * and the bytes are exactly the vectors'.
 */
static void ksrtp_fallback_vector_test(struct kunit *test)
{
	const struct ksrtp_vec *v = test->param_value;
	unsigned int out_len = 0, room = v->plain.len + KSRTP_TEST_ROOM;
	u32 rtcp_index = 0, want_index = 0;
	int before, perr, uerr, uses;
	u8 *ppkt, *upkt;
	struct ksrtp_keys k;
	unsigned int plen = 0;
	u64 index = 0;

	if (v->kind != KSRTP_VEC_RTP && v->kind != KSRTP_VEC_RTCP)
		kunit_skip(test, "not a packet vector");
#ifndef CONFIG_CRYPTO_MANAGER_EXTRA_TESTS
	kunit_skip(test, "needs CONFIG_CRYPTO_MANAGER_EXTRA_TESTS");
#else
	ksrtp_vec_keys(test, v, &k);
	if (v->kind == KSRTP_VEC_RTCP)
		want_index = ksrtp_vec_srtcp_index(v, &k);
	else
		index = ((u64)v->roc << 16) | get_unaligned_be16(v->plain.data + 2);
	ppkt = ksrtp_test_dup(test, &v->plain, KSRTP_TEST_ROOM);
	upkt = ksrtp_test_dup(test, &v->protected, 0);

	before = atomic_read(&ksrtp_t_fallbacks);
	preempt_disable();
	__this_cpu_write(crypto_simd_disabled_for_test, true);
	if (v->kind == KSRTP_VEC_RTCP) {
		perr = ksrtp_srtcp_protect(&k, ppkt, v->plain.len, room,
					   want_index, &plen);
		uerr = ksrtp_srtcp_unprotect(&k, upkt, v->protected.len,
					     &rtcp_index, &out_len);
	} else {
		perr = ksrtp_srtp_protect(&k, ppkt, v->plain.len, room, index,
					  &plen);
		uerr = ksrtp_srtp_unprotect(&k, upkt, v->protected.len, index,
					    &out_len);
	}
	__this_cpu_write(crypto_simd_disabled_for_test, false);
	preempt_enable();
	uses = atomic_read(&ksrtp_t_fallbacks) - before;

	KUNIT_EXPECT_EQ(test, perr, 0);
	if (!perr)
		ksrtp_expect_bytes(test, "protect", ppkt, plen,
				   v->protected.data, v->protected.len);
	KUNIT_EXPECT_EQ(test, uerr, 0);
	if (!uerr)
		ksrtp_expect_bytes(test, "unprotect", upkt, out_len,
				   v->plain.data, v->plain.len);
	/* where the key has a fallback, both calls took it */
	if (k.rtp.ctr_fb || k.rtp.aead_fb)
		KUNIT_EXPECT_EQ(test, uses, 2);
	kunit_info(test, "%s: %d fallback uses", v->name, uses);
	ksrtp_keys_destroy(&k);
#endif
}

static struct kunit_case ksrtp_crypto_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_drivers_test, ksrtp_c_suite_gen_params),
	KUNIT_CASE_PARAM(ksrtp_fallback_vector_test, ksrtp_vector_gen_params),
	{}
};

static struct kunit_suite ksrtp_crypto_suite = {
	.name = "ksrtp_crypto",
	.test_cases = ksrtp_crypto_cases,
};
