// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for keyargs.c (the key and monitor command grammar), the
 * index/MKI/lifetime helpers of flowargs.c, and the key and event output
 * of flowshow.c. No kernel needed.
 *
 * Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
 * case and exits non-zero if any case failed.
 */

#define _GNU_SOURCE
#include "flowargs.h"
#include "flowshow.h"
#include "keyargs.h"

#define TEST_SUITE	"keyargs"
#include "harness.h"

/* The bytes 0..29, and 0..45 (made with perl pack and xxd -p). */
#define HEX30	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
#define HEX46	HEX30 "1e1f202122232425262728292a2b2c2d"
#define K80	"suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64

enum cmd { ADD, REPLACE, DEL, USE };

/*
 * Parse @args as "key add/replace/del/use". For add and replace, when
 * the request still needs a suite, finish it with @suite (the flow's).
 */
static int parse(enum cmd cmd, const char *args, const char *input,
		 const struct ks_suite *suite, struct key_req *req, char *err,
		 size_t errlen)
{
	char buf[1024], *argv[64];
	FILE *in = NULL;
	int argc, ret;

	snprintf(buf, sizeof(buf), "%s", args);
	argc = split(buf, argv, 64);
	switch (cmd) {
	case DEL:
		return key_del_parse(argc, argv, req, err, errlen);
	case USE:
		return key_use_parse(argc, argv, req, err, errlen);
	default:
		break;
	}
	if (input)
		in = fmemopen((void *)input, strlen(input), "r");
	ret = key_add_parse(argc, argv, cmd == REPLACE, in, req, err, errlen);
	if (in)
		fclose(in);
	if (!ret && key_req_needs_suite(req))
		ret = key_req_finish(req, suite, err, errlen);
	return ret;
}

static const struct ks_suite *s80 =
	&ks_suites[KS_SUITE_AES_CM_128_HMAC_SHA1_80];

static int has_rfc_key(const struct key_req *r)
{
	return r->key_len == 16 && !memcmp(r->key, rfc_key, 16) &&
	       r->salt_len == 14 && !memcmp(r->salt, rfc_salt, 14);
}

static void test_add_good(void)
{
	struct key_req r;
	char err[512] = "";
	char buf[64];
	int ret;

	ret = parse(ADD, "id 3 next " K80, NULL, NULL, &r, err, sizeof(err));
	report("add_next", ret == 0 && r.flow_id == 3 &&
	       r.slot == KSRTP_KEY_SLOT_NEXT && !r.has_from_index &&
	       has_rfc_key(&r) && !r.mki_len && !r.use && !r.has_lifetime &&
	       !key_req_needs_suite(&r), "ret %d err '%s'", ret, err);
	key_req_clear(&r);
	report("clear_wipes", all_zero(&r, sizeof(r)), "req not zeroed");

	ret = parse(ADD, "id 3 current " K80, NULL, NULL, &r, err,
		    sizeof(err));
	report("add_current", ret == 0 && r.slot == KSRTP_KEY_SLOT_CURRENT,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	/* No suite: the flow's, given to key_req_finish(). */
	memset(&r, 0, sizeof(r));
	snprintf(buf, sizeof(buf), "id 7 at 1:0 key inline:" RFC_B64);
	{
		char *argv[8];
		int argc = split(buf, argv, 8);

		ret = key_add_parse(argc, argv, 0, NULL, &r, err,
				    sizeof(err));
	}
	report("add_needs_suite", ret == 0 && key_req_needs_suite(&r) &&
	       !r.key_len, "ret %d err '%s'", ret, err);
	ret = key_req_finish(&r, s80, err, sizeof(err));
	report("add_at_roc_seq", ret == 0 && !key_req_needs_suite(&r) &&
	       r.flow_id == 7 && !r.slot && r.has_from_index &&
	       r.from_index == 65536 && has_rfc_key(&r),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 7 at 281474976710655 key hex:" HEX30, NULL, s80,
		    &r, err, sizeof(err));
	report("add_at_index_max", ret == 0 &&
	       r.from_index == 281474976710655ULL && r.key[0] == 0 &&
	       r.salt[13] == 0x1d, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 7 at 4294967295:65535 key " HEX30, NULL, s80,
		    &r, err, sizeof(err));
	report("add_at_roc_seq_max", ret == 0 &&
	       r.from_index == 281474976710655ULL,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 7 at 0x10000 key " HEX30, NULL, s80, &r, err,
		    sizeof(err));
	report("add_at_hex", ret == 0 && r.from_index == 65536,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	/* MKI flows: standby by 'mki HEX', by the SDES MKI, with 'use'. */
	ret = parse(ADD, "id 4 key inline:" RFC_B64 " mki 02", NULL, s80, &r,
		    err, sizeof(err));
	report("add_mki_no_slot", ret == 0 && !r.slot && !r.use &&
	       r.mki_len == 1 && r.mki[0] == 2, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 4 standby key inline:" RFC_B64 "|2:1", NULL, s80,
		    &r, err, sizeof(err));
	report("add_standby_sdes_mki", ret == 0 && !r.slot && r.standby &&
	       r.mki_len == 1 && r.mki[0] == 2, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 4 " K80 " mki 0x0a0b0c0d use", NULL, NULL, &r,
		    err, sizeof(err));
	report("add_mki_use", ret == 0 && r.use && r.mki_len == 4 &&
	       !memcmp(r.mki, "\x0a\x0b\x0c\x0d", 4),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 4 standby key inline:" RFC_B64 "|2^20|258:2 mki 0102 use",
		    NULL, s80, &r, err, sizeof(err));
	report("add_mki_both_agree", ret == 0 && r.use && r.mki_len == 2 &&
	       r.mki[0] == 1 && r.mki[1] == 2 && r.has_lifetime &&
	       r.lifetime == 1ULL << 20, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	/* Lifetimes: explicit, SDES, explicit over SDES. */
	ret = parse(ADD, "id 1 next " K80 " lifetime 2^20 soft-lifetime 1000",
		    NULL, NULL, &r, err, sizeof(err));
	report("add_lifetimes", ret == 0 && r.has_lifetime &&
	       r.lifetime == 1ULL << 20 && r.has_soft_lifetime &&
	       r.soft_lifetime == 1000, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 1 next key inline:" RFC_B64 "|1000", NULL, s80,
		    &r, err, sizeof(err));
	report("add_sdes_lifetime", ret == 0 && r.has_lifetime &&
	       r.lifetime == 1000, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 1 next key inline:" RFC_B64 "|1000 lifetime 2^48",
		    NULL, s80, &r, err, sizeof(err));
	report("add_explicit_lifetime_wins", ret == 0 &&
	       r.lifetime == 1ULL << 48, "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	/* a=crypto names its suite: complete without the flow's. */
	ret = parse(ADD, "id 2 next key a=crypto:1~AEAD_AES_128_GCM~inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==",
		    NULL, NULL, &r, err, sizeof(err));
	report("add_crypto_line", ret == 0 && r.key_len == 16 &&
	       r.salt_len == 12 && r.salt[11] == 27,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "key - next id 9", "inline:" RFC_B64 "|3:1\n", s80,
		    &r, err, sizeof(err));
	report("add_key_stdin", ret == 0 && r.flow_id == 9 &&
	       has_rfc_key(&r) && r.mki_len == 1 && r.mki[0] == 3,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(ADD, "id 2 next suite AES_256_CM_HMAC_SHA1_80 key " HEX46,
		    NULL, NULL, &r, err, sizeof(err));
	report("add_explicit_suite", ret == 0 && r.key_len == 32 &&
	       r.salt_len == 14 && r.salt[13] == 45,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(REPLACE, "id 5 " K80, NULL, NULL, &r, err, sizeof(err));
	report("replace", ret == 0 && r.flow_id == 5 &&
	       r.slot == KSRTP_KEY_SLOT_CURRENT && has_rfc_key(&r),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	ret = parse(REPLACE, "id 5 key inline:" RFC_B64 "|2^30 mki 07", NULL,
		    s80, &r, err, sizeof(err));
	report("replace_mki_lifetime", ret == 0 &&
	       r.slot == KSRTP_KEY_SLOT_CURRENT && r.mki_len == 1 &&
	       r.mki[0] == 7 && r.lifetime == 1ULL << 30,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);
}

static void test_add_bad(void)
{
	static const struct {
		const char *name;
		enum cmd cmd;
		const char *args, *input, *want;
	} cases[] = {
		{ "no_id", ADD, "next " K80, NULL, "missing 'id FLOWID'" },
		{ "id_zero", ADD, "id 0 next " K80, NULL, "id '0'" },
		{ "id_word", ADD, "id three next " K80, NULL, "id 'three'" },
		{ "id_no_value", ADD, "next " K80 " id", NULL,
		  "'id' needs a value" },
		{ "no_key", ADD, "id 1 next", NULL, "missing 'key KEYSPEC'" },
		{ "bad_slot_word", ADD, "id 1 nxt " K80, NULL,
		  "unknown argument 'nxt'" },
		{ "previous_slot", ADD, "id 1 previous " K80, NULL,
		  "unknown argument 'previous'" },
		{ "two_slots", ADD, "id 1 next current " K80, NULL,
		  "'next' and 'current' exclude each other" },
		{ "slot_twice", ADD, "id 1 next next " K80, NULL,
		  "'next' given twice" },
		{ "no_slot", ADD, "id 1 " K80, NULL,
		  "current, next, at INDEX" },
		{ "at_no_value", ADD, "id 1 " K80 " at", NULL,
		  "'at' needs a value" },
		{ "at_seq_big", ADD, "id 1 at 5:70000 " K80, NULL,
		  "sequence number 70000" },
		{ "at_roc_big", ADD, "id 1 at 4294967296:0 " K80, NULL,
		  "'4294967296:0'" },
		{ "at_index_big", ADD, "id 1 at 281474976710656 " K80, NULL,
		  "at most 2^48-1" },
		{ "at_index_huge", ADD, "id 1 at 99999999999999999999999 " K80,
		  NULL, "'99999999999999999999999'" },
		{ "at_word", ADD, "id 1 at soon " K80, NULL, "at 'soon'" },
		{ "at_empty_roc", ADD, "id 1 at :5 " K80, NULL, "ROC:SEQ" },
		{ "at_empty_seq", ADD, "id 1 at 5: " K80, NULL, "ROC:SEQ" },
		{ "mki_not_hex", ADD, "id 1 " K80 " mki zz", NULL, "mki 'zz'" },
		{ "mki_odd", ADD, "id 1 " K80 " mki 1", NULL, "mki '1'" },
		{ "mki_too_long", ADD, "id 1 " K80 " mki 0102030405", NULL,
		  "mki '0102030405'" },
		{ "mki_empty_0x", ADD, "id 1 " K80 " mki 0x", NULL,
		  "mki '0x'" },
		{ "mki_disagree", ADD,
		  "id 1 suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|1:1 mki 02",
		  NULL, "MKI (01) and 'mki 02' differ" },
		{ "sdes_mki_too_long", ADD,
		  "id 1 standby suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|1:5",
		  NULL, "MKI length 5" },
		{ "lifetime_0", ADD, "id 1 next " K80 " lifetime 0", NULL,
		  "lifetime '0'" },
		{ "lifetime_2_49", ADD, "id 1 next " K80 " lifetime 2^49", NULL,
		  "lifetime '2^49'" },
		{ "lifetime_over", ADD,
		  "id 1 next " K80 " lifetime 281474976710657", NULL,
		  "lifetime '281474976710657'" },
		{ "soft_lifetime_0", ADD, "id 1 next " K80 " soft-lifetime 0",
		  NULL, "soft-lifetime '0'" },
		{ "soft_above_hard", ADD,
		  "id 1 next " K80 " lifetime 10 soft-lifetime 11", NULL,
		  "above the lifetime" },
		{ "soft_above_sdes", ADD,
		  "id 1 next suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|2^4 soft-lifetime 17",
		  NULL, "above the lifetime 16" },
		{ "standby_no_mki", ADD, "id 1 standby " K80, NULL,
		  "'standby' is for keys with an MKI" },
		{ "use_no_mki", ADD, "id 1 " K80 " use", NULL,
		  "'use' is for keys with an MKI" },
		{ "use_with_next", ADD, "id 1 next " K80 " mki 01 use", NULL,
		  "not with 'next'" },
		{ "use_with_at", ADD, "id 1 at 5 " K80 " mki 01 use", NULL,
		  "not with 'at'" },
		{ "unknown_word", ADD, "id 1 next " K80 " bogus", NULL,
		  "unknown argument 'bogus'" },
		{ "bad_suite", ADD,
		  "id 1 next suite AES_CM_128 key inline:" RFC_B64, NULL,
		  "'AES_CM_128'" },
		{ "short_key", ADD,
		  "id 1 next suite AES_CM_128_HMAC_SHA1_80 key hex:0102", NULL,
		  "needs 30" },
		{ "suite_mismatch", ADD,
		  "id 1 next suite AEAD_AES_128_GCM key a=crypto:1~AES_CM_128_HMAC_SHA1_80~inline:" RFC_B64,
		  NULL, "a=crypto line is for" },
		{ "stdin_empty", ADD, "id 1 next key -", "", "key '-'" },
		{ "stdin_none", ADD, "id 1 next key -", NULL, "key '-'" },
		{ "replace_slot", REPLACE, "id 1 next " K80, NULL,
		  "'next' is not allowed" },
		{ "replace_current", REPLACE, "id 1 current " K80, NULL,
		  "'current' is not allowed" },
		{ "replace_use", REPLACE, "id 1 " K80 " mki 01 use", NULL,
		  "'use' is not allowed" },
		{ "replace_no_id", REPLACE, K80, NULL, "missing 'id FLOWID'" },
		{ "replace_no_key", REPLACE, "id 1", NULL,
		  "missing 'key KEYSPEC'" },
		{ "del_nothing", DEL, "id 1", NULL,
		  "missing what to delete" },
		{ "del_no_id", DEL, "next", NULL, "missing 'id FLOWID'" },
		{ "del_current", DEL, "id 1 current", NULL,
		  "current key cannot be deleted" },
		{ "del_two", DEL, "id 1 next previous", NULL,
		  "only one of" },
		{ "del_next_and_mki", DEL, "id 1 mki 01 next", NULL,
		  "only one of" },
		{ "del_bad_mki", DEL, "id 1 mki 0g", NULL, "mki '0g'" },
		{ "del_at_seq_big", DEL, "id 1 at 5:70000", NULL,
		  "sequence number 70000" },
		{ "del_at_index_big", DEL, "id 1 at 281474976710656", NULL,
		  "at most 2^48-1" },
		{ "del_unknown", DEL, "id 1 pending", NULL,
		  "unknown argument 'pending'" },
		{ "del_id_twice", DEL, "id 1 id 2 next", NULL,
		  "'id' given twice" },
		{ "use_no_mki_arg", USE, "id 1", NULL, "missing 'mki HEX'" },
		{ "use_no_id", USE, "mki 01", NULL, "missing 'id FLOWID'" },
		{ "use_bad_mki", USE, "id 1 mki xyz", NULL, "mki 'xyz'" },
		{ "use_mki_no_value", USE, "id 1 mki", NULL,
		  "'mki' needs a value" },
		{ "use_extra", USE, "id 1 mki 01 next", NULL,
		  "unknown argument 'next'" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct key_req r;
		char err[512] = "";
		char name[64];
		int ret;

		memset(&r, 0x55, sizeof(r));
		r.keyspec = NULL;
		ret = parse(cases[i].cmd, cases[i].args, cases[i].input, s80,
			    &r, err, sizeof(err));
		snprintf(name, sizeof(name), "bad_%s", cases[i].name);
		/* A failed add/replace leaves no key behind. */
		report(name, ret == -1 && err[0] &&
		       strstr(err, cases[i].want) &&
		       (cases[i].cmd == DEL || cases[i].cmd == USE ||
			all_zero(&r, sizeof(r))) &&
		       !strstr(err, RFC_B64) && !strstr(err, HEX30),
		       "ret %d err '%s' (want '%s')", ret, err,
		       cases[i].want);
		if (cases[i].cmd == ADD || cases[i].cmd == REPLACE)
			key_req_clear(&r);
	}
}

/* A failure in key_req_finish() (after the flow's suite was looked up). */
static void test_finish_bad(void)
{
	char buf[256], *argv[16], err[512] = "";
	struct key_req r;
	int argc, ret;

	snprintf(buf, sizeof(buf), "id 1 next key hex:0102");
	argc = split(buf, argv, 16);
	ret = key_add_parse(argc, argv, 0, NULL, &r, err, sizeof(err));
	report("finish_deferred", ret == 0 && key_req_needs_suite(&r),
	       "ret %d err '%s'", ret, err);
	ret = key_req_finish(&r, s80, err, sizeof(err));
	report("finish_short_key", ret == -1 && strstr(err, "needs 30") &&
	       !key_req_needs_suite(&r), "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	snprintf(buf, sizeof(buf), "id 1 standby key inline:" RFC_B64);
	argc = split(buf, argv, 16);
	ret = key_add_parse(argc, argv, 0, NULL, &r, err, sizeof(err));
	ret = ret ? ret : key_req_finish(&r, s80, err, sizeof(err));
	report("finish_standby_no_mki", ret == -1 &&
	       strstr(err, "'standby' is for keys with an MKI"),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);

	snprintf(buf, sizeof(buf), "id 1 next key inline:" RFC_B64);
	argc = split(buf, argv, 16);
	ret = key_add_parse(argc, argv, 0, NULL, &r, err, sizeof(err));
	ret = ret ? ret : key_req_finish(&r, NULL, err, sizeof(err));
	report("finish_no_suite", ret == -1 && strstr(err, "suite"),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);
}

static void test_del_use_good(void)
{
	struct key_req r;
	char err[512] = "";
	int ret;

	ret = parse(DEL, "id 3 next", NULL, NULL, &r, err, sizeof(err));
	report("del_next", ret == 0 && r.flow_id == 3 &&
	       r.slot == KSRTP_KEY_SLOT_NEXT && !r.mki_len &&
	       !r.has_from_index, "ret %d err '%s'", ret, err);
	ret = parse(DEL, "previous id 3", NULL, NULL, &r, err, sizeof(err));
	report("del_previous", ret == 0 &&
	       r.slot == KSRTP_KEY_SLOT_PREVIOUS, "ret %d err '%s'", ret, err);
	ret = parse(DEL, "id 3 mki 0102", NULL, NULL, &r, err, sizeof(err));
	report("del_mki", ret == 0 && !r.slot && r.mki_len == 2 &&
	       r.mki[0] == 1 && r.mki[1] == 2, "ret %d err '%s'", ret, err);
	ret = parse(DEL, "id 3 at 2:5", NULL, NULL, &r, err, sizeof(err));
	report("del_at", ret == 0 && !r.slot && r.has_from_index &&
	       r.from_index == 2 * 65536 + 5, "ret %d err '%s'", ret, err);
	ret = parse(DEL, "id 3 at 0", NULL, NULL, &r, err, sizeof(err));
	report("del_at_zero", ret == 0 && r.has_from_index &&
	       r.from_index == 0, "ret %d err '%s'", ret, err);
	ret = parse(USE, "id 3 mki 0x02", NULL, NULL, &r, err, sizeof(err));
	report("use", ret == 0 && r.flow_id == 3 && r.mki_len == 1 &&
	       r.mki[0] == 2, "ret %d err '%s'", ret, err);
	ret = parse(USE, "mki 01020304 id 4294967295", NULL, NULL, &r, err,
		    sizeof(err));
	report("use_any_order", ret == 0 && r.flow_id == 0xffffffffu &&
	       r.mki_len == 4 && r.mki[3] == 4, "ret %d err '%s'", ret, err);
}

static void test_show_monitor(void)
{
	char *s1[] = { "id", "3" }, *s2[] = { "id", "3", "-j" };
	char *s3[] = { "-j" }, *s4[] = { "id", "3", "-s" };
	char *s5[] = { "id", "x" }, *s6[] = { "id" };
	char *m1[] = { "-j", "count", "2" }, *m2[] = { "count", "x" };
	char *m3[] = { "count", "0" }, *m4[] = { "count" };
	char *m5[] = { "all" }, *m6[] = { "count", "1", "count", "2" };
	char *m7[] = { "--json" };
	char err[256] = "";
	uint32_t id = 0, count = 7;
	int json = 0;

	report("show_id", !key_show_parse(2, s1, &id, &json, err,
					  sizeof(err)) && id == 3 && !json,
	       "err '%s'", err);
	report("show_id_j", !key_show_parse(3, s2, &id, &json, err,
					    sizeof(err)) && json,
	       "err '%s'", err);
	report("show_no_id", key_show_parse(1, s3, &id, &json, err,
					    sizeof(err)) &&
	       strstr(err, "missing 'id FLOWID'"), "err '%s'", err);
	report("show_bad_word", key_show_parse(3, s4, &id, &json, err,
					       sizeof(err)) &&
	       strstr(err, "'-s'"), "err '%s'", err);
	report("show_bad_id", key_show_parse(2, s5, &id, &json, err,
					     sizeof(err)) &&
	       strstr(err, "id 'x'"), "err '%s'", err);
	report("show_id_no_value", key_show_parse(1, s6, &id, &json, err,
						  sizeof(err)) &&
	       strstr(err, "needs a value"), "err '%s'", err);

	json = 0;
	report("monitor_none", !monitor_parse(0, NULL, &json, &count, err,
					      sizeof(err)) && !json &&
	       count == 0, "err '%s'", err);
	report("monitor_j_count", !monitor_parse(3, m1, &json, &count, err,
						 sizeof(err)) && json &&
	       count == 2, "err '%s'", err);
	json = 0;
	report("monitor_json_long", !monitor_parse(1, m7, &json, &count, err,
						   sizeof(err)) && json,
	       "err '%s'", err);
	report("monitor_count_x", monitor_parse(2, m2, &json, &count, err,
						sizeof(err)) &&
	       strstr(err, "count 'x'"), "err '%s'", err);
	report("monitor_count_0", monitor_parse(2, m3, &json, &count, err,
						sizeof(err)) &&
	       strstr(err, "count '0'"), "err '%s'", err);
	report("monitor_count_no_value",
	       monitor_parse(1, m4, &json, &count, err, sizeof(err)) &&
	       strstr(err, "needs a value"), "err '%s'", err);
	report("monitor_bad_word", monitor_parse(1, m5, &json, &count, err,
						 sizeof(err)) &&
	       strstr(err, "unexpected argument 'all'"), "err '%s'", err);
	report("monitor_count_twice",
	       monitor_parse(4, m6, &json, &count, err, sizeof(err)) &&
	       strstr(err, "given twice"), "err '%s'", err);
}

static void test_helpers(void)
{
	static const struct {
		const char *arg;
		int ok;
		uint64_t val;
	} lt[] = {
		{ "1", 1, 1 }, { "2^0", 1, 1 }, { "2^48", 1, 1ULL << 48 },
		{ "281474976710656", 1, 1ULL << 48 }, { "0x100", 1, 256 },
		{ "0", 0, 0 }, { "2^49", 0, 0 }, { "281474976710657", 0, 0 },
		{ "2^", 0, 0 }, { "2^-1", 0, 0 }, { "-5", 0, 0 },
		{ "010", 0, 0 }, { "", 0, 0 }, { "1k", 0, 0 },
	};
	static const struct {
		const char *arg;
		int ok;
		uint64_t val;
	} ix[] = {
		{ "0", 1, 0 }, { "65536", 1, 65536 }, { "1:0", 1, 65536 },
		{ "0:65535", 1, 65535 }, { "3:7", 1, 3 * 65536 + 7 },
		{ "281474976710655", 1, (1ULL << 48) - 1 },
		{ "4294967295:65535", 1, (1ULL << 48) - 1 },
		{ "281474976710656", 0, 0 }, { "5:70000", 0, 0 },
		{ "5:65536", 0, 0 }, { "4294967296:0", 0, 0 },
		{ "1:2:3", 0, 0 }, { "x", 0, 0 }, { "-1", 0, 0 },
		{ "", 0, 0 },
	};
	static const struct {
		const char *arg;
		unsigned int len;	/* 0: must fail */
		uint8_t b0;
	} mk[] = {
		{ "01", 1, 1 }, { "0x01", 1, 1 }, { "0XfF", 1, 0xff },
		{ "AbCdEf01", 4, 0xab }, { "", 0, 0 }, { "0x", 0, 0 },
		{ "1", 0, 0 }, { "0g", 0, 0 }, { "0102030405", 0, 0 },
		{ " 01", 0, 0 },
	};
	char err[256], name[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lt); i++) {
		uint64_t v = 0;
		int ret = flow_parse_lifetime(lt[i].arg, &v);

		snprintf(name, sizeof(name), "lifetime_%u", i);
		report(name, lt[i].ok ? !ret && v == lt[i].val : ret != 0,
		       "'%s': ret %d val %llu", lt[i].arg, ret,
		       (unsigned long long)v);
	}
	for (i = 0; i < ARRAY_SIZE(ix); i++) {
		uint64_t v = 0;
		int ret;

		err[0] = '\0';
		ret = flow_parse_index("at", ix[i].arg, &v, err, sizeof(err));
		snprintf(name, sizeof(name), "index_%u", i);
		report(name, ix[i].ok ? !ret && v == ix[i].val :
		       ret != 0 && !strncmp(err, "at '", 4),
		       "'%s': ret %d val %llu err '%s'", ix[i].arg, ret,
		       (unsigned long long)v, err);
	}
	for (i = 0; i < ARRAY_SIZE(mk); i++) {
		uint8_t m[KSRTP_MKI_MAX_LEN] = { 0 };
		unsigned int len = 0;
		int ret = flow_parse_mki(mk[i].arg, m, &len);

		snprintf(name, sizeof(name), "mki_%u", i);
		report(name, mk[i].len ? !ret && len == mk[i].len &&
		       m[0] == mk[i].b0 : ret != 0,
		       "'%s': ret %d len %u", mk[i].arg, ret, len);
	}
}

static char *print_key(const struct flow_key *k, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	key_print(f, k, json);
	fclose(f);
	return buf;
}

static char *print_event(const struct key_event *ev, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	event_print(f, ev, json);
	fclose(f);
	return buf;
}

static void test_output(void)
{
	struct flow_key k;
	char *quoted;
	struct key_event ev;
	unsigned int i;
	int ok = 1;

	memset(&k, 0, sizeof(k));
	k.slot = KSRTP_KEY_SLOT_STANDBY;
	k.mki_len = 1;
	k.mki[0] = 1;
	k.has_srtp_packets = 1;
	k.srtp_packets = 5;
	expect_str("key_text", print_key(&k, 0),
		   "key standby mki 01 srtp-packets 5\n");
	expect_str("key_json", print_key(&k, 1),
		   "{\"slot\":\"standby\",\"mki\":\"01\",\"from_index\":null,\"lifetime\":null,\"soft_lifetime\":null,\"srtp_packets\":5,\"srtcp_packets\":null,\"cipher\":null,\"cipher_fallback\":null,\"auth\":null}");
	strcpy(k.cipher, "__ctr-aes-aesni");
	strcpy(k.cipher_fallback, "gcm_base(ctr(aes-aesni),ghash-generic)");
	strcpy(k.auth, "hmac(sha1-avx2)");
	expect_str("key_text_drivers", print_key(&k, 0),
		   "key standby mki 01 srtp-packets 5 cipher __ctr-aes-aesni cipher-fallback gcm_base(ctr(aes-aesni),ghash-generic) auth hmac(sha1-avx2)\n");
	expect_str("key_json_drivers", print_key(&k, 1),
		   "{\"slot\":\"standby\",\"mki\":\"01\",\"from_index\":null,\"lifetime\":null,\"soft_lifetime\":null,\"srtp_packets\":5,\"srtcp_packets\":null,\"cipher\":\"__ctr-aes-aesni\",\"cipher_fallback\":\"gcm_base(ctr(aes-aesni),ghash-generic)\",\"auth\":\"hmac(sha1-avx2)\"}");
	strcpy(k.auth, "a\"b\\c");
	quoted = print_key(&k, 1);
	report("key_json_driver_quoted",
	       strstr(quoted, ",\"auth\":\"a?b?c\"}") != NULL, "got %s",
	       quoted);
	free(quoted);
	k.cipher[0] = k.cipher_fallback[0] = k.auth[0] = '\0';
	k.slot = 9;
	k.mki_len = 4;
	memcpy(k.mki, "\x0a\x0b\x0c\x0d", 4);
	k.has_from_index = 1;
	k.from_index = 65536;
	expect_str("key_text_unknown_slot", print_key(&k, 0),
		   "key 9 mki 0a0b0c0d from 65536 srtp-packets 5\n");

	memset(&ev, 0, sizeof(ev));
	ev.type = KSRTP_EVENT_TYPE_KEY_PROMOTED;
	ev.has_flow_id = 1;
	ev.flow_id = 3;
	ev.mki_len = 1;
	ev.mki[0] = 1;
	ev.has_from_index = 1;
	ev.from_index = 65536;
	ev.has_ssrc = 1;
	ev.ssrc = 0x1234;
	expect_str("event_text", print_event(&ev, 0),
		   "event key-promoted flow 3 mki 01 from 65536 ssrc 0x00001234\n");
	expect_str("event_json", print_event(&ev, 1),
		   "{\"event\":\"key-promoted\",\"id\":3,\"mki\":\"01\",\"from_index\":65536,\"ssrc\":4660}\n");
	memset(&ev, 0, sizeof(ev));
	ev.type = KSRTP_EVENT_TYPE_NEW_SSRC;
	ev.has_flow_id = 1;
	ev.flow_id = 12;
	ev.has_ssrc = 1;
	ev.ssrc = 0xdeadbeef;
	expect_str("event_new_ssrc_text", print_event(&ev, 0),
		   "event new-ssrc flow 12 ssrc 0xdeadbeef\n");
	expect_str("event_new_ssrc_json", print_event(&ev, 1),
		   "{\"event\":\"new-ssrc\",\"id\":12,\"ssrc\":3735928559}\n");
	ev.type = KSRTP_EVENT_TYPE_TX_REPEAT;
	ev.flow_id = 1;
	ev.ssrc = 0x1234;
	expect_str("event_tx_repeat_text", print_event(&ev, 0),
		   "event tx-repeat flow 1 ssrc 0x00001234\n");
	expect_str("event_tx_repeat_json", print_event(&ev, 1),
		   "{\"event\":\"tx-repeat\",\"id\":1,\"ssrc\":4660}\n");
	ev.type = KSRTP_EVENT_TYPE_SSRC_EXPIRED;
	ev.flow_id = 2;
	ev.ssrc = 0xffffffff;
	expect_str("event_ssrc_expired_text", print_event(&ev, 0),
		   "event ssrc-expired flow 2 ssrc 0xffffffff\n");
	expect_str("event_ssrc_expired_json", print_event(&ev, 1),
		   "{\"event\":\"ssrc-expired\",\"id\":2,\"ssrc\":4294967295}\n");
	ev.type = 42;
	ev.flow_id = 12;
	ev.has_ssrc = 0;
	expect_str("event_unknown_type", print_event(&ev, 1),
		   "{\"event\":\"42\",\"id\":12}\n");

	/* Every uapi event type and slot has a name. */
	for (i = KSRTP_EVENT_TYPE_SOFT_LIMIT;
	     i <= KSRTP_EVENT_TYPE_SSRC_EXPIRED; i++)
		ok &= event_type_name((uint8_t)i) != NULL;
	report("event_names", ok && !event_type_name(0) &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_SOFT_LIMIT),
		       "soft-limit") &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_HARD_LIMIT),
		       "hard-limit") &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_KEY_RETIRED),
		       "key-retired") &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_TX_REPEAT),
		       "tx-repeat") &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_SSRC_EXPIRED),
		       "ssrc-expired"), "missing event name");
	ok = 1;
	for (i = KSRTP_KEY_SLOT_CURRENT; i <= KSRTP_KEY_SLOT_STANDBY; i++)
		ok &= key_slot_name((uint8_t)i) != NULL;
	report("slot_names", ok && !key_slot_name(0) &&
	       !strcmp(key_slot_name(KSRTP_KEY_SLOT_PREVIOUS), "previous") &&
	       !strcmp(key_slot_name(KSRTP_KEY_SLOT_PENDING), "pending"),
	       "missing slot name");
	ok = 1;
	for (i = 1; i <= KSRTP_A_STATS_MAX; i++)
		ok &= flow_stat_name(i) != NULL;
	report("stat_names", ok, "a KSRTP_A_STATS_* counter has no name");
}


/* Keywords may be shortened to an unambiguous prefix. */
static void test_prefix(void)
{
	struct key_req r;
	char err[256];
	uint32_t id = 0, count = 0;
	int ret, json = 0;
	char *s1[] = { "i", "3" }, *m1[] = { "c", "2" };

	ret = parse(ADD, "i 4 cu su AES_CM_128_HMAC_SHA1_80 k inline:" RFC_B64
		    " l 1000", NULL, s80, &r, err, sizeof(err));
	report("prefix_add", ret == 0 && r.flow_id == 4 &&
	       r.slot == KSRTP_KEY_SLOT_CURRENT && has_rfc_key(&r) &&
	       r.has_lifetime && r.lifetime == 1000, "ret %d err '%s'", ret,
	       err);
	key_req_clear(&r);
	ret = parse(ADD, "i 4 st k inline:" RFC_B64 " m 02", NULL, s80, &r, err,
		    sizeof(err));
	report("prefix_add_standby", ret == 0 && r.standby && r.mki_len == 1,
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);
	ret = parse(ADD, "i 4 s " K80, NULL, s80, &r, err, sizeof(err));
	report("prefix_add_ambiguous", ret && !strcmp(err,
	       "key add: ambiguous argument 's': standby, suite, soft-lifetime"),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);
	ret = parse(ADD, "i 4 n cu " K80, NULL, s80, &r, err, sizeof(err));
	report("prefix_add_slots_exclude", ret && !strcmp(err,
	       "key add: 'next' and 'current' exclude each other"),
	       "ret %d err '%s'", ret, err);
	key_req_clear(&r);
	ret = parse(DEL, "i 4 p", NULL, NULL, &r, err, sizeof(err));
	report("prefix_del", ret == 0 && r.flow_id == 4 &&
	       r.slot == KSRTP_KEY_SLOT_PREVIOUS, "ret %d err '%s'", ret, err);
	ret = parse(USE, "i 4 m 0a", NULL, NULL, &r, err, sizeof(err));
	report("prefix_use", ret == 0 && r.mki_len == 1 && r.mki[0] == 10,
	       "ret %d err '%s'", ret, err);
	report("prefix_key_show", !key_show_parse(2, s1, &id, &json, err,
						  sizeof(err)) && id == 3,
	       "err '%s'", err);
	report("prefix_monitor", !monitor_parse(2, m1, &json, &count, err,
						sizeof(err)) && count == 2,
	       "err '%s'", err);
}

int main(void)
{
	test_add_good();
	test_add_bad();
	test_finish_bad();
	test_del_use_good();
	test_show_monitor();
	test_helpers();
	test_output();
	test_prefix();
	return test_summary();
}
