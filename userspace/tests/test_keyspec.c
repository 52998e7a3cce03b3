// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for keyspec.c.
 *
 * Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
 * case and exits non-zero if any case failed.
 *
 * Expected bytes are not derived from the code under test: the RFC 4568
 * example was decoded with "base64 -d | xxd -p", the other base64 strings
 * were made with "perl -e 'print pack(\"C*\", 0..N-1)' | base64", and the
 * RFC 4648 section 10 vectors are copied from the RFC.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyspec.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static unsigned int passed, failed;

static void report(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS userspace/keyspec_%s\n", name);
		passed++;
		return;
	}
	printf("FAIL userspace/keyspec_%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed++;
}

static void to_hex(const uint8_t *p, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

/* The RFC 4568 section 6.1 example key, and its bytes. */
#define RFC_B64		"PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"
#define RFC_HEX		"3d2d6e40255e7821426a75667239293f" \
			"2c2335685c603d265d7b71695051"

/* base64 of the bytes 0, 1, ..., N-1 */
#define B64_27 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBka"
#define B64_28 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw=="
#define B64_29 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw="
#define B64_30 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"
#define B64_31 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg=="
#define B64_43 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKg=="
#define B64_44 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis="
#define B64_45 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss"
#define B64_46 \
	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLQ=="
#define B64_47 \
	"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4="

/* hex of the bytes 0, 1, ..., N-1 */
#define HEX28	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b"
#define HEX30	HEX28 "1c1d"
#define HEX44	HEX30 "1e1f202122232425262728292a2b"
#define HEX46	HEX44 "2c2d"

#define CM128	"AES_CM_128_HMAC_SHA1_80"

enum { NONE = -1 };

struct kcase {
	const char *name;
	const char *arg;
	const char *suite;		/* passed to keyspec_parse; NULL ok */

	/* Expected failure: a substring of the error message. */
	const char *err;

	/* Expected success (err == NULL): */
	const char *exp_suite;		/* NULL: same as .suite */
	const char *exp_hex;		/* master key || salt */
	long long lifetime;		/* NONE: no lifetime */
	long long mki;			/* NONE: no MKI */
	int mki_len;
	long long tag;			/* NONE: no tag */
};

#define OK(n, a, s, h, lt, m, ml, t) \
	{ .name = n, .arg = a, .suite = s, .exp_hex = h, .lifetime = lt, \
	  .mki = m, .mki_len = ml, .tag = t }
#define OKS(n, a, s, es, h, lt, m, ml, t) \
	{ .name = n, .arg = a, .suite = s, .exp_suite = es, .exp_hex = h, \
	  .lifetime = lt, .mki = m, .mki_len = ml, .tag = t }
#define BAD(n, a, s, e) \
	{ .name = n, .arg = a, .suite = s, .err = e }

static const struct kcase cases[] = {
	/* RFC 4568 section 6.1 example, in each accepted wrapping. */
	OK("rfc4568_example", "inline:" RFC_B64 "|2^20|1:4", CM128,
	   RFC_HEX, 1 << 20, 1, 4, NONE),
	OK("rfc4568_key_only", "inline:" RFC_B64, CM128,
	   RFC_HEX, NONE, NONE, 0, NONE),
	BAD("rfc4568_mki_32_bytes", "inline:" RFC_B64 "|2^20|1:32", CM128,
	    "MKI length 32 bytes is not supported (ksrtp handles MKIs of at most 4 bytes)"),

	/* Each suite, exact length accepted, one byte either way refused. */
	OK("suite_aes_cm_128_80", "inline:" B64_30,
	   "AES_CM_128_HMAC_SHA1_80", HEX30, NONE, NONE, 0, NONE),
	OK("suite_aes_cm_128_32", "inline:" B64_30,
	   "AES_CM_128_HMAC_SHA1_32", HEX30, NONE, NONE, 0, NONE),
	OK("suite_aes_256_cm_80", "inline:" B64_46,
	   "AES_256_CM_HMAC_SHA1_80", HEX46, NONE, NONE, 0, NONE),
	OK("suite_aes_256_cm_32", "inline:" B64_46,
	   "AES_256_CM_HMAC_SHA1_32", HEX46, NONE, NONE, 0, NONE),
	OK("suite_null_80", "inline:" B64_30,
	   "NULL_HMAC_SHA1_80", HEX30, NONE, NONE, 0, NONE),
	OK("suite_gcm_128", "inline:" B64_28,
	   "AEAD_AES_128_GCM", HEX28, NONE, NONE, 0, NONE),
	OK("suite_gcm_256", "inline:" B64_44,
	   "AEAD_AES_256_GCM", HEX44, NONE, NONE, 0, NONE),
	BAD("short_aes_cm_128_80", "inline:" B64_29, "AES_CM_128_HMAC_SHA1_80",
	    "key: inline key is 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16-byte key + 14-byte salt)"),
	BAD("long_aes_cm_128_80", "inline:" B64_31, "AES_CM_128_HMAC_SHA1_80",
	    "inline key is 31 bytes, AES_CM_128_HMAC_SHA1_80 needs 30"),
	BAD("short_aes_cm_128_32", "inline:" B64_29, "AES_CM_128_HMAC_SHA1_32",
	    "inline key is 29 bytes, AES_CM_128_HMAC_SHA1_32 needs 30"),
	BAD("long_aes_cm_128_32", "inline:" B64_31, "AES_CM_128_HMAC_SHA1_32",
	    "inline key is 31 bytes, AES_CM_128_HMAC_SHA1_32 needs 30"),
	BAD("short_aes_256_cm_80", "inline:" B64_45, "AES_256_CM_HMAC_SHA1_80",
	    "inline key is 45 bytes, AES_256_CM_HMAC_SHA1_80 needs 46 (32-byte key + 14-byte salt)"),
	BAD("long_aes_256_cm_80", "inline:" B64_47, "AES_256_CM_HMAC_SHA1_80",
	    "inline key is 47 bytes, AES_256_CM_HMAC_SHA1_80 needs 46"),
	BAD("short_aes_256_cm_32", "inline:" B64_45, "AES_256_CM_HMAC_SHA1_32",
	    "inline key is 45 bytes, AES_256_CM_HMAC_SHA1_32 needs 46"),
	BAD("long_aes_256_cm_32", "inline:" B64_47, "AES_256_CM_HMAC_SHA1_32",
	    "inline key is 47 bytes, AES_256_CM_HMAC_SHA1_32 needs 46"),
	BAD("short_null_80", "inline:" B64_29, "NULL_HMAC_SHA1_80",
	    "inline key is 29 bytes, NULL_HMAC_SHA1_80 needs 30"),
	BAD("long_null_80", "inline:" B64_31, "NULL_HMAC_SHA1_80",
	    "inline key is 31 bytes, NULL_HMAC_SHA1_80 needs 30"),
	BAD("short_gcm_128", "inline:" B64_27, "AEAD_AES_128_GCM",
	    "inline key is 27 bytes, AEAD_AES_128_GCM needs 28 (16-byte key + 12-byte salt)"),
	BAD("long_gcm_128", "inline:" B64_29, "AEAD_AES_128_GCM",
	    "inline key is 29 bytes, AEAD_AES_128_GCM needs 28"),
	BAD("short_gcm_256", "inline:" B64_43, "AEAD_AES_256_GCM",
	    "inline key is 43 bytes, AEAD_AES_256_GCM needs 44 (32-byte key + 12-byte salt)"),
	BAD("long_gcm_256", "inline:" B64_45, "AEAD_AES_256_GCM",
	    "inline key is 45 bytes, AEAD_AES_256_GCM needs 44"),
	BAD("cross_suite_256_key_for_128", "inline:" B64_46, CM128,
	    "inline key is 46 bytes, AES_CM_128_HMAC_SHA1_80 needs 30"),
	BAD("far_too_long", "inline:" B64_46 B64_46, CM128,
	    "inline key is far too long"),
	BAD("empty_inline", "inline:", CM128, "inline key is empty"),
	BAD("empty_inline_with_lifetime", "inline:|2^20", CM128,
	    "inline key is empty"),

	/* Bad base64. */
	BAD("b64_bad_char", "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!",
	    CM128, "invalid base64 character '!' at offset 39"),
	BAD("b64_urlsafe_char",
	    "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB-", CM128,
	    "invalid base64 character '-'"),
	BAD("b64_space", "inline:PS1uQCVeeCFCanVm cjkpPywjNWhcYD0mXXtxaVB",
	    CM128, "invalid base64 character 0x20 at offset 16"),
	BAD("b64_missing_padding",
	    "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw", "AEAD_AES_128_GCM",
	    "base64 length 38 is not a multiple of 4"),
	BAD("b64_extra_padding", "inline:" B64_30 "====", CM128,
	    "bad base64 padding: '=' at offset 40"),
	BAD("b64_triple_padding", "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaG===",
	    "AEAD_AES_128_GCM", "bad base64 padding: '=' at offset 37"),
	BAD("b64_padding_mid", "inline:AAECAw==BAUGBwgJCgsMDQ4PEBESExQVFhcYGRob",
	    "AEAD_AES_128_GCM", "bad base64 padding: '=' at offset 6"),
	BAD("b64_data_after_pad", "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw=A",
	    "AEAD_AES_128_GCM", "bad base64 padding: data after '='"),
	BAD("b64_nonzero_pad_bits",
	    "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx==",
	    "AEAD_AES_128_GCM", "non-zero bits before '='"),

	/* Lifetime forms. */
	OK("lifetime_pow", "inline:" B64_30 "|2^31", CM128,
	   HEX30, 1LL << 31, NONE, 0, NONE),
	OK("lifetime_pow_max", "inline:" B64_30 "|2^48", CM128,
	   HEX30, 1LL << 48, NONE, 0, NONE),
	OK("lifetime_pow_zero", "inline:" B64_30 "|2^0", CM128,
	   HEX30, 1, NONE, 0, NONE),
	OK("lifetime_decimal", "inline:" B64_30 "|1048576", CM128,
	   HEX30, 1048576, NONE, 0, NONE),
	OK("lifetime_decimal_max", "inline:" B64_30 "|281474976710656", CM128,
	   HEX30, 1LL << 48, NONE, 0, NONE),
	OK("lifetime_decimal_one", "inline:" B64_30 "|1", CM128,
	   HEX30, 1, NONE, 0, NONE),
	BAD("lifetime_pow_too_big", "inline:" B64_30 "|2^49", CM128,
	    "lifetime '2^49' exceeds the maximum of 2^48 packets"),
	BAD("lifetime_pow_huge", "inline:" B64_30 "|2^99999999999999999999",
	    CM128, "exceeds the maximum of 2^48 packets"),
	BAD("lifetime_decimal_too_big", "inline:" B64_30 "|281474976710657",
	    CM128, "exceeds the maximum of 2^48 packets"),
	BAD("lifetime_decimal_overflow",
	    "inline:" B64_30 "|99999999999999999999999", CM128,
	    "exceeds the maximum of 2^48 packets"),
	BAD("lifetime_zero", "inline:" B64_30 "|0", CM128,
	    "lifetime must be at least 1"),
	BAD("lifetime_pow_no_exp", "inline:" B64_30 "|2^", CM128,
	    "bad lifetime '2^'"),
	BAD("lifetime_pow_other_base", "inline:" B64_30 "|3^20", CM128,
	    "bad lifetime '3^20'"),
	BAD("lifetime_negative", "inline:" B64_30 "|-1", CM128,
	    "bad lifetime '-1'"),
	BAD("lifetime_word", "inline:" B64_30 "|forever", CM128,
	    "bad lifetime 'forever'"),
	BAD("lifetime_twice", "inline:" B64_30 "|2^20|2^20", CM128,
	    "more than one lifetime"),
	BAD("lifetime_after_mki", "inline:" B64_30 "|1:4|2^20", CM128,
	    "lifetime must come before the MKI"),

	/* MKI forms and bounds. */
	OK("mki_only", "inline:" B64_30 "|7:2", CM128,
	   HEX30, NONE, 7, 2, NONE),
	OK("mki_len1_max", "inline:" B64_30 "|255:1", CM128,
	   HEX30, NONE, 255, 1, NONE),
	OK("mki_len2_max", "inline:" B64_30 "|65535:2", CM128,
	   HEX30, NONE, 65535, 2, NONE),
	OK("mki_len3_max", "inline:" B64_30 "|16777215:3", CM128,
	   HEX30, NONE, 16777215, 3, NONE),
	OK("mki_len4_max", "inline:" B64_30 "|4294967295:4", CM128,
	   HEX30, NONE, 4294967295LL, 4, NONE),
	OK("mki_zero_value", "inline:" B64_30 "|0:1", CM128,
	   HEX30, NONE, 0, 1, NONE),
	OK("mki_leading_zeros", "inline:" B64_30 "|007:004", CM128,
	   HEX30, NONE, 7, 4, NONE),
	BAD("mki_len1_overflow", "inline:" B64_30 "|256:1", CM128,
	    "MKI value 256 does not fit in 1 byte"),
	BAD("mki_len2_overflow", "inline:" B64_30 "|65536:2", CM128,
	    "MKI value 65536 does not fit in 2 bytes"),
	BAD("mki_len4_overflow", "inline:" B64_30 "|4294967296:4", CM128,
	    "MKI value 4294967296 does not fit in 4 bytes"),
	BAD("mki_len_zero", "inline:" B64_30 "|1:0", CM128,
	    "MKI length 0 is out of range (1..128 bytes)"),
	BAD("mki_len5_unsupported", "inline:" B64_30 "|1:5", CM128,
	    "MKI length 5 bytes is not supported"),
	BAD("mki_len128_unsupported", "inline:" B64_30 "|1:128", CM128,
	    "MKI length 128 bytes is not supported"),
	BAD("mki_len129_out_of_range", "inline:" B64_30 "|1:129", CM128,
	    "MKI length 129 is out of range (1..128 bytes)"),
	BAD("mki_len_4_digits", "inline:" B64_30 "|1:0004", CM128,
	    "bad MKI '1:0004'"),
	BAD("mki_no_value", "inline:" B64_30 "|:4", CM128, "bad MKI ':4'"),
	BAD("mki_no_length", "inline:" B64_30 "|1:", CM128, "bad MKI '1:'"),
	BAD("mki_hex_value", "inline:" B64_30 "|0x1:4", CM128,
	    "bad MKI '0x1:4'"),
	BAD("mki_two_colons", "inline:" B64_30 "|1:2:3", CM128,
	    "bad MKI '1:2:3'"),
	BAD("mki_twice", "inline:" B64_30 "|1:4|2:4", CM128,
	    "more than one MKI"),
	BAD("empty_field", "inline:" B64_30 "||1:4", CM128,
	    "empty field after '|'"),
	BAD("trailing_bar", "inline:" B64_30 "|", CM128,
	    "empty field after '|'"),

	/* a=crypto lines. */
	OKS("crypto_rfc4568", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64 "|2^20|1:4", NULL, CM128, RFC_HEX, 1 << 20, 1, 4, 1),
	OKS("crypto_no_a_eq", "crypto:7 AES_CM_128_HMAC_SHA1_32 inline:"
	    RFC_B64, NULL, "AES_CM_128_HMAC_SHA1_32", RFC_HEX,
	    NONE, NONE, 0, 7),
	OKS("crypto_matching_suite", "a=crypto:2 AEAD_AES_256_GCM inline:"
	    B64_44, "AEAD_AES_256_GCM", "AEAD_AES_256_GCM", HEX44,
	    NONE, NONE, 0, 2),
	OKS("crypto_crlf_tabs", "  a=crypto:999999999\tAES_256_CM_HMAC_SHA1_80"
	    "  inline:" B64_46 "|2^31\r\n", NULL, "AES_256_CM_HMAC_SHA1_80",
	    HEX46, 1LL << 31, NONE, 0, 999999999),
	OKS("crypto_tag_zero", "a=crypto:0 NULL_HMAC_SHA1_80 inline:" B64_30,
	    NULL, "NULL_HMAC_SHA1_80", HEX30, NONE, NONE, 0, 0),
	BAD("crypto_suite_mismatch", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64, "AES_CM_128_HMAC_SHA1_32",
	    "a=crypto line is for AES_CM_128_HMAC_SHA1_80 but suite AES_CM_128_HMAC_SHA1_32 was given"),
	BAD("crypto_two_key_params", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64 "|2^20|1:4;inline:" B64_30 "|2^20|2:4", NULL,
	    "a=crypto line has 2 key parameters; only one is supported for now"),
	BAD("crypto_session_param", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64 " KDR=1", NULL,
	    "session parameter 'KDR=1' is not supported"),
	BAD("crypto_unencrypted", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64 " UNENCRYPTED_SRTP", NULL,
	    "session parameter 'UNENCRYPTED_SRTP' is not supported"),
	BAD("crypto_unknown_suite", "a=crypto:1 AES_CM_129_HMAC_SHA1_80 inline:"
	    RFC_B64, NULL, "unknown suite 'AES_CM_129_HMAC_SHA1_80'"),
	BAD("crypto_lowercase_suite", "a=crypto:1 aes_cm_128_hmac_sha1_80 "
	    "inline:" RFC_B64, NULL,
	    "case-sensitive; did you mean AES_CM_128_HMAC_SHA1_80?"),
	BAD("crypto_f8_suite", "a=crypto:1 F8_128_HMAC_SHA1_80 inline:"
	    RFC_B64, NULL, "F8_128_HMAC_SHA1_80 is not supported by ksrtp"),
	BAD("crypto_bad_tag", "a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64, NULL, "bad tag 'x'"),
	BAD("crypto_tag_10_digits", "a=crypto:1234567890 "
	    "AES_CM_128_HMAC_SHA1_80 inline:" RFC_B64, NULL,
	    "bad tag '1234567890'"),
	BAD("crypto_no_tag", "a=crypto: AES_CM_128_HMAC_SHA1_80 inline:"
	    RFC_B64, NULL, "bad tag ''"),
	BAD("crypto_no_suite", "a=crypto:1", NULL, "missing crypto suite"),
	BAD("crypto_no_key", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 ", NULL,
	    "missing key parameters"),
	BAD("crypto_other_method", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 "
	    "uri:https://example.com/key", NULL,
	    "key method 'uri' is not supported (only inline:)"),
	BAD("crypto_bad_key", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    B64_29, NULL, "inline key is 29 bytes"),

	/* hex. */
	OK("hex_prefixed", "hex:" HEX30, CM128, HEX30, NONE, NONE, 0, NONE),
	OK("hex_plain", HEX46, "AES_256_CM_HMAC_SHA1_80", HEX46,
	   NONE, NONE, 0, NONE),
	OK("hex_upper", "hex:3D2D6E40255E7821426A75667239293F"
	   "2C2335685C603D265D7B71695051", CM128, RFC_HEX, NONE, NONE, 0,
	   NONE),
	OK("hex_gcm_128", HEX28, "AEAD_AES_128_GCM", HEX28,
	   NONE, NONE, 0, NONE),
	BAD("hex_odd", "hex:" HEX30 "0", CM128, "odd number of digits (61)"),
	BAD("hex_short", "hex:" HEX28, CM128,
	    "key: hex key is 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16-byte key + 14-byte salt)"),
	BAD("hex_long", HEX30 "00", CM128, "hex key is 31 bytes"),
	BAD("hex_bad_digit", "hex:" HEX28 "1g", CM128,
	    "invalid hex digit 'g' at offset 57"),
	BAD("hex_empty", "hex:", CM128, "hex key is 0 bytes"),
	BAD("hex_0x", "0x" HEX30, CM128, "unrecognised key specification"),

	/* Suite required unless the spec names one. */
	BAD("inline_needs_suite", "inline:" RFC_B64, NULL,
	    "inline key needs a suite"),
	BAD("hex_needs_suite", HEX30, NULL, "hex key needs a suite"),

	/* Garbage. */
	BAD("empty", "", CM128, "empty key specification"),
	BAD("blank", " \t\r\n", CM128, "empty key specification"),
	BAD("unknown_format", "base64:" RFC_B64, CM128,
	    "unrecognised key specification"),
	BAD("inline_case", "INLINE:" RFC_B64, CM128,
	    "unrecognised key specification"),
};

static int all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

static void run_case(const struct kcase *c)
{
	char err[KS_ERRLEN], hex[2 * KS_MAX_MASTER_LEN + 1];
	const struct ks_suite *suite = NULL, *exp_suite;
	struct keyspec ks;
	size_t mlen;
	int ret;

	if (c->suite) {
		suite = ks_suite_lookup(c->suite);
		if (!suite) {
			report(c->name, 0, "test bug: suite %s", c->suite);
			return;
		}
	}
	memset(&ks, 0xa5, sizeof(ks));
	strcpy(err, "unset");
	ret = keyspec_parse(c->arg, suite, &ks, err, sizeof(err));

	if (c->err) {
		if (ret != -1)
			report(c->name, 0, "accepted, expected error '%s'",
			       c->err);
		else if (!strstr(err, c->err))
			report(c->name, 0, "error '%s', expected '%s'", err,
			       c->err);
		else if (strncmp(err, "key: ", 5) && strncmp(err, "suite: ", 7))
			report(c->name, 0, "error '%s' lacks a prefix", err);
		else if (!all_zero(&ks, sizeof(ks)))
			report(c->name, 0, "keyspec not wiped after error");
		else
			report(c->name, 1, NULL);
		keyspec_clear(&ks);
		return;
	}

	exp_suite = ks_suite_lookup(c->exp_suite ? c->exp_suite : c->suite);
	if (ret) {
		report(c->name, 0, "rejected: %s", err);
		goto out;
	}
	if (ks.suite != exp_suite) {
		report(c->name, 0, "suite %s, expected %s",
		       ks.suite ? ks.suite->name : "(null)", exp_suite->name);
		goto out;
	}
	if (ks.key_len != exp_suite->key_len ||
	    ks.salt_len != exp_suite->salt_len) {
		report(c->name, 0, "key/salt length %u/%u, expected %u/%u",
		       ks.key_len, ks.salt_len, exp_suite->key_len,
		       exp_suite->salt_len);
		goto out;
	}
	mlen = ks.key_len + ks.salt_len;
	to_hex(ks.master, mlen, hex);
	if (strcmp(hex, c->exp_hex)) {
		report(c->name, 0, "master %s, expected %s", hex, c->exp_hex);
		goto out;
	}
	if (c->lifetime == NONE ? ks.has_lifetime :
	    (!ks.has_lifetime || ks.lifetime != (uint64_t)c->lifetime)) {
		report(c->name, 0, "lifetime %d/%llu, expected %lld",
		       ks.has_lifetime, (unsigned long long)ks.lifetime,
		       c->lifetime);
		goto out;
	}
	if (c->mki == NONE ? ks.has_mki :
	    (!ks.has_mki || ks.mki != (uint64_t)c->mki ||
	     ks.mki_len != (unsigned int)c->mki_len)) {
		report(c->name, 0, "mki %d/%u:%u, expected %lld:%d",
		       ks.has_mki, ks.mki, ks.mki_len, c->mki, c->mki_len);
		goto out;
	}
	if (c->tag == NONE ? ks.has_tag :
	    (!ks.has_tag || ks.tag != (unsigned int)c->tag)) {
		report(c->name, 0, "tag %d/%u, expected %lld", ks.has_tag,
		       ks.tag, c->tag);
		goto out;
	}
	report(c->name, 1, NULL);
out:
	keyspec_clear(&ks);
}

/* RFC 4648 section 10 test vectors, plus strictness cases. */
static void test_base64(void)
{
	static const struct {
		const char *in, *out;
	} good[] = {
		{ "Zg==", "f" },
		{ "Zm8=", "fo" },
		{ "Zm9v", "foo" },
		{ "Zm9vYg==", "foob" },
		{ "Zm9vYmE=", "fooba" },
		{ "Zm9vYmFy", "foobar" },
		{ "+/+/", "\xfb\xff\xbf" },
	};
	static const char *const bad[] = {
		"", "Z", "Zg", "Zg=", "Zh==", "Zm9=", "Z===", "====",
		"Zg==Zg==", "Zm9v\n", "Zm 9v", "Zm9_", "Zm9-", "Zm\x80v",
	};
	char err[KS_ERRLEN], name[64];
	uint8_t out[16];
	unsigned int i;
	long n;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		snprintf(name, sizeof(name), "base64_rfc4648_%u", i);
		n = ks_base64_decode(good[i].in, strlen(good[i].in), out,
				     sizeof(out), err, sizeof(err));
		if (n != (long)strlen(good[i].out))
			report(name, 0, "'%s': length %ld (%s)", good[i].in,
			       n, n < 0 ? err : "");
		else
			report(name, !memcmp(out, good[i].out, (size_t)n),
			       "'%s': wrong bytes", good[i].in);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(name, sizeof(name), "base64_reject_%u", i);
		err[0] = '\0';
		n = ks_base64_decode(bad[i], strlen(bad[i]), out, sizeof(out),
				     err, sizeof(err));
		report(name, n == -1 && err[0], "'%s' gave %ld", bad[i], n);
	}

	/* Output buffer exactly full, and one byte too small. */
	n = ks_base64_decode("Zm9vYmFy", 8, out, 6, err, sizeof(err));
	report("base64_exact_capacity", n == 6, "gave %ld", n);
	n = ks_base64_decode("Zm9vYmFy", 8, out, 5, err, sizeof(err));
	report("base64_small_capacity", n == -1, "gave %ld", n);
}

static void test_suites(void)
{
	static const struct {
		const char *name;
		unsigned int key, salt;
	} want[] = {
		{ "AES_CM_128_HMAC_SHA1_80", 16, 14 },
		{ "AES_CM_128_HMAC_SHA1_32", 16, 14 },
		{ "AES_256_CM_HMAC_SHA1_80", 32, 14 },
		{ "AES_256_CM_HMAC_SHA1_32", 32, 14 },
		{ "NULL_HMAC_SHA1_80", 16, 14 },
		{ "AEAD_AES_128_GCM", 16, 12 },
		{ "AEAD_AES_256_GCM", 32, 12 },
	};
	const struct ks_suite *s;
	char err[KS_ERRLEN];
	unsigned int i;
	int ok;

	report("suite_count", KS_SUITE_COUNT == 7, "%d suites",
	       KS_SUITE_COUNT);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		char name[64];

		snprintf(name, sizeof(name), "suite_lengths_%s", want[i].name);
		s = ks_suite_parse(want[i].name, err, sizeof(err));
		if (!s)
			report(name, 0, "rejected: %s", err);
		else
			report(name, !strcmp(s->name, want[i].name) &&
			       s->key_len == want[i].key &&
			       s->salt_len == want[i].salt &&
			       &ks_suites[s->id] == s,
			       "got %s %u/%u", s->name, s->key_len,
			       s->salt_len);
	}

	s = ks_suite_parse("AES_CM_128_HMAC_SHA1_81", err, sizeof(err));
	ok = !s && !strncmp(err, "suite: unknown suite 'AES_CM_128_HMAC_SHA1_81'", 46);
	for (i = 0; ok && i < KS_SUITE_COUNT; i++)
		ok = strstr(err, ks_suites[i].name) != NULL;
	report("suite_unknown_lists_valid", ok, "'%s'", err);

	s = ks_suite_parse("aead_aes_128_gcm", err, sizeof(err));
	report("suite_case_sensitive", !s &&
	       strstr(err, "did you mean AEAD_AES_128_GCM?"), "'%s'", err);

	s = ks_suite_parse("AES_CM_128_HMAC_SHA1_80 ", err, sizeof(err));
	report("suite_trailing_space", !s, "accepted");

	s = ks_suite_parse("", err, sizeof(err));
	report("suite_empty", !s && strstr(err, "no suite given"), "'%s'",
	       err);

	s = ks_suite_parse("AES_192_CM_HMAC_SHA1_80", err, sizeof(err));
	report("suite_unsupported", !s &&
	       strstr(err, "not supported by ksrtp; valid suites: AES_CM_128"),
	       "'%s'", err);
}

static void test_clear(void)
{
	struct keyspec ks;
	char err[KS_ERRLEN];
	int ret;

	ret = keyspec_parse("inline:" RFC_B64 "|2^20|1:4",
			    ks_suite_lookup(CM128), &ks, err, sizeof(err));
	if (ret || all_zero(ks.master, sizeof(ks.master))) {
		report("clear_wipes", 0, "setup failed: %s", err);
		return;
	}
	keyspec_clear(&ks);
	report("clear_wipes", all_zero(&ks, sizeof(ks)), "bytes left");
}

/* A tiny xorshift PRNG, so runs are reproducible. */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/*
 * Mutate valid specifications at random.  Every result must either parse
 * into something self-consistent or fail with a prefixed message.
 */
static void test_mutations(void)
{
	static const char *const seeds[] = {
		"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" RFC_B64 "|2^20|1:4",
		"inline:" B64_46 "|281474976710656|4294967295:4",
		"hex:" HEX44,
	};
	static const char alphabet[] = "=|:^;+/ 0129AZaz\t\r\n-x";
	const struct ks_suite *suite;
	char buf[160], err[KS_ERRLEN];
	unsigned int i, j, bad = 0;
	struct keyspec ks;

	for (i = 0; i < 30000 && !bad; i++) {
		const char *seed = seeds[i % 3];
		size_t len = strlen(seed);
		unsigned int edits = 1 + rnd() % 4;

		memcpy(buf, seed, len + 1);
		for (j = 0; j < edits; j++) {
			size_t pos = rnd() % (len + 1);

			switch (rnd() % 3) {
			case 0:	/* replace */
				if (pos < len)
					buf[pos] = alphabet[rnd() %
						(sizeof(alphabet) - 1)];
				break;
			case 1:	/* delete */
				if (pos < len) {
					memmove(buf + pos, buf + pos + 1,
						len - pos);
					len--;
				}
				break;
			default: /* insert */
				if (len + 2 < sizeof(buf)) {
					memmove(buf + pos + 1, buf + pos,
						len - pos + 1);
					buf[pos] = alphabet[rnd() %
						(sizeof(alphabet) - 1)];
					len++;
				}
				break;
			}
		}

		suite = i % 3 == 0 ? NULL : (i % 3 == 1 ?
			ks_suite_lookup("AES_256_CM_HMAC_SHA1_32") :
			ks_suite_lookup("AEAD_AES_256_GCM"));
		err[0] = '\0';
		if (keyspec_parse(buf, suite, &ks, err, sizeof(err))) {
			if (strncmp(err, "key: ", 5) &&
			    strncmp(err, "suite: ", 7))
				bad = 1;
		} else if (!ks.suite || ks.key_len != ks.suite->key_len ||
			   ks.salt_len != ks.suite->salt_len ||
			   (ks.has_mki && (!ks.mki_len ||
					   ks.mki_len > KS_MKI_MAX_LEN)) ||
			   (ks.has_lifetime && (!ks.lifetime ||
					ks.lifetime > KS_LIFETIME_MAX))) {
			bad = 1;
		}
		keyspec_clear(&ks);
	}
	report("mutations", !bad, "input '%s' gave '%s'", buf, err);
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	test_base64();
	test_suites();
	test_clear();
	test_mutations();

	printf("# keyspec: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
