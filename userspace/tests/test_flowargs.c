// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for flowargs.c (the flow command grammar) and flowshow.c
 * (flow show output). No kernel needed.
 *
 * Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
 * case and exits non-zero if any case failed.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>

#include "flowargs.h"
#include "flowshow.h"

#define TEST_SUITE	"flowargs"
#include "harness.h"

static int parse(const char *args, const char *input, struct flow_req *req,
		 char *err, size_t errlen)
{
	char buf[1024], *argv[64];
	FILE *in = NULL;
	int argc, ret;

	snprintf(buf, sizeof(buf), "%s", args);
	argc = split(buf, argv, 64);
	if (input)
		in = fmemopen((void *)input, strlen(input), "r");
	ret = flow_add_parse(argc, argv, in, req, err, errlen);
	if (in)
		fclose(in);
	return ret;
}

/* A good command line, and what it must produce. */
static void test_good(void)
{
	struct flow_req r;
	char err[512] = "";
	int ret;

	ret = parse("dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64,
		    NULL, &r, err, sizeof(err));
	report("tx_basic", ret == 0 && r.dir == KSRTP_DIR_TX &&
	       r.family == AF_INET && r.local_port == 5000 &&
	       !memcmp(r.local_addr, "\x0a\x00\x00\x01", 4) &&
	       r.has_remote && r.remote_port == 6000 &&
	       !memcmp(r.remote_addr, "\x0a\x00\x00\x02", 4) &&
	       r.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 &&
	       r.key_len == 16 && !memcmp(r.key, rfc_key, 16) &&
	       r.salt_len == 14 && !memcmp(r.salt, rfc_salt, 14) &&
	       !r.mki_len && !r.has_ssrc && !r.rtcp_mux && !r.rtcp,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);
	report("clear_wipes", all_zero(&r, sizeof(r)), "req not zeroed");

	ret = parse("dir rx local [2001:db8::1]:5000 remote any key a=crypto:1~AEAD_AES_256_GCM~inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKis=|2^20|7:2 ssrc 0x1234abcd rtcp-mux replay-window 1024 roc 3",
		    NULL, &r, err, sizeof(err));
	report("rx_v6_crypto", ret == 0 && r.dir == KSRTP_DIR_RX &&
	       r.family == AF_INET6 && r.local_addr[0] == 0x20 &&
	       r.local_addr[15] == 1 && !r.has_remote &&
	       r.suite == KSRTP_SUITE_AEAD_AES_256_GCM && r.key_len == 32 &&
	       r.salt_len == 12 && r.key[31] == 31 && r.salt[0] == 32 &&
	       r.salt[11] == 43 &&
	       r.mki_len == 2 && r.mki[0] == 0 && r.mki[1] == 7 &&
	       r.has_ssrc && r.ssrc == 0x1234abcd && r.rtcp_mux &&
	       r.has_replay_window && r.replay_window == 1024 &&
	       r.has_roc && r.roc == 3,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse("key hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d suite AES_CM_128_HMAC_SHA1_32 local 192.0.2.1:1 dir rx max-ssrcs 1024 rtcp",
		    NULL, &r, err, sizeof(err));
	report("any_order_hex", ret == 0 && r.dir == KSRTP_DIR_RX &&
	       r.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 &&
	       r.key[0] == 0 && r.salt[13] == 0x1d && r.has_max_ssrcs &&
	       r.max_ssrcs == 1024 && r.rtcp && !r.rtcp_mux,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse("dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key -",
		    "inline:" RFC_B64 "|1:4\n", &r, err, sizeof(err));
	report("key_stdin", ret == 0 && !memcmp(r.key, rfc_key, 16) &&
	       r.mki_len == 4 && !memcmp(r.mki, "\0\0\0\1", 4),
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse("dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 " ssrc 4294967295 roc 4294967295 replay-window 64",
		    NULL, &r, err, sizeof(err));
	report("limits_ok", ret == 0 && r.ssrc == 0xffffffffu &&
	       r.roc == 0xffffffffu && r.replay_window == 64,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse("dir rx local 10.0.0.1:5000 suite NULL_HMAC_SHA1_80 key inline:" RFC_B64 " ssrc any replay-window 32768",
		    NULL, &r, err, sizeof(err));
	report("ssrc_any", ret == 0 && !r.has_ssrc && !r.has_remote &&
	       r.suite == KSRTP_SUITE_NULL_HMAC_SHA1_80 &&
	       r.replay_window == 32768 && !r.reset_roc &&
	       !r.has_grace_ms && !r.has_grace_packets && !r.has_lifetime &&
	       !r.has_soft_lifetime && !r.srtcp_tag_len, "ret %d err '%s'",
	       ret, err);
	flow_req_clear(&r);

	ret = parse("dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_32 key inline:" RFC_B64 " srtcp-tag 32",
		    NULL, &r, err, sizeof(err));
	report("srtcp_tag_32", ret == 0 && r.srtcp_tag_len == 4,
	       "ret %d err '%s' len %u", ret, err, r.srtcp_tag_len);
	flow_req_clear(&r);
	ret = parse("dir rx local 10.0.0.1:5000 key a=crypto:1~AES_256_CM_HMAC_SHA1_32~inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLQ== srtcp-tag 80",
		    NULL, &r, err, sizeof(err));
	report("srtcp_tag_80_sdes", ret == 0 && r.srtcp_tag_len == 10 &&
	       r.suite == KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	       "ret %d err '%s' len %u", ret, err, r.srtcp_tag_len);
	flow_req_clear(&r);
}

/* reset-roc, grace-ms, grace-packets, lifetime, soft-lifetime. */
static void test_rekey_options(void)
{
	struct flow_req r;
	char err[512] = "";
	int ret;

#define RX "dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 "
	ret = parse(RX "key inline:" RFC_B64 " reset-roc grace-ms 500 grace-packets 10 lifetime 2^20 soft-lifetime 1000",
		    NULL, &r, err, sizeof(err));
	report("rekey_all", ret == 0 && r.reset_roc && r.has_grace_ms &&
	       r.grace_ms == 500 && r.has_grace_packets &&
	       r.grace_packets == 10 && r.has_lifetime &&
	       r.lifetime == 1ULL << 20 && r.has_soft_lifetime &&
	       r.soft_lifetime == 1000, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64 " grace-ms 0 grace-packets 4294967295 lifetime 281474976710656 soft-lifetime 2^48",
		    NULL, &r, err, sizeof(err));
	report("rekey_limits", ret == 0 && r.has_grace_ms && !r.grace_ms &&
	       r.grace_packets == 0xffffffffu &&
	       r.lifetime == 1ULL << 48 && r.soft_lifetime == 1ULL << 48,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64 " lifetime 2^0 soft-lifetime 1",
		    NULL, &r, err, sizeof(err));
	report("lifetime_one", ret == 0 && r.lifetime == 1 &&
	       r.soft_lifetime == 1, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	/* The SDES lifetime is sent when no 'lifetime' is given ... */
	ret = parse(RX "key inline:" RFC_B64 "|2^20|1:4", NULL, &r, err,
		    sizeof(err));
	report("sdes_lifetime", ret == 0 && r.has_lifetime &&
	       r.lifetime == 1ULL << 20 && r.mki_len == 4 &&
	       !r.has_soft_lifetime, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse("dir rx local 10.0.0.1:5000 key a=crypto:1~AES_CM_128_HMAC_SHA1_80~inline:" RFC_B64 "|1000",
		    NULL, &r, err, sizeof(err));
	report("sdes_lifetime_decimal", ret == 0 && r.has_lifetime &&
	       r.lifetime == 1000, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	/* ... and 'lifetime' wins over it. */
	ret = parse(RX "lifetime 5000 key inline:" RFC_B64 "|1000", NULL, &r,
		    err, sizeof(err));
	report("explicit_lifetime_wins", ret == 0 && r.has_lifetime &&
	       r.lifetime == 5000, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64, NULL, &r, err, sizeof(err));
	report("no_lifetime", ret == 0 && !r.has_lifetime,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	/* 'mki HEX', alone or agreeing with the SDES MKI. */
	ret = parse(RX "key inline:" RFC_B64 " mki 01", NULL, &r, err,
		    sizeof(err));
	report("mki_arg", ret == 0 && r.mki_len == 1 && r.mki[0] == 1,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "mki 0x00000102 key inline:" RFC_B64 "|258:4", NULL, &r,
		    err, sizeof(err));
	report("mki_arg_agrees", ret == 0 && r.mki_len == 4 &&
	       !memcmp(r.mki, "\0\0\1\2", 4), "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	/* ssrc-idle-ms: any u32, 0 (never) included. */
	ret = parse(RX "key inline:" RFC_B64 " ssrc any max-ssrcs 4 ssrc-idle-ms 5000",
		    NULL, &r, err, sizeof(err));
	report("ssrc_idle_ms", ret == 0 && r.has_ssrc_idle_ms &&
	       r.ssrc_idle_ms == 5000 && r.has_max_ssrcs && r.max_ssrcs == 4,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "ssrc-idle-ms 0 key inline:" RFC_B64, NULL, &r, err,
		    sizeof(err));
	report("ssrc_idle_ms_never", ret == 0 && r.has_ssrc_idle_ms &&
	       r.ssrc_idle_ms == 0, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64 " ssrc-idle-ms 4294967295", NULL,
		    &r, err, sizeof(err));
	report("ssrc_idle_ms_max", ret == 0 && r.has_ssrc_idle_ms &&
	       r.ssrc_idle_ms == 0xffffffffu, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64 " ssrc-idle-ms 0x7530", NULL, &r,
		    err, sizeof(err));
	report("ssrc_idle_ms_hex", ret == 0 && r.ssrc_idle_ms == 30000,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	/* With a pinned SSRC it is the kernel's to refuse, not ours. */
	ret = parse(RX "key inline:" RFC_B64 " ssrc 7 ssrc-idle-ms 100", NULL,
		    &r, err, sizeof(err));
	report("ssrc_idle_ms_pinned_parses", ret == 0 && r.has_ssrc &&
	       r.has_ssrc_idle_ms && r.ssrc_idle_ms == 100,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);

	ret = parse(RX "key inline:" RFC_B64, NULL, &r, err, sizeof(err));
	report("ssrc_idle_ms_default", ret == 0 && !r.has_ssrc_idle_ms,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);
#undef RX
}

/* Bad command lines: fail, name the bad word, leave no key behind. */
static void test_bad(void)
{
	static const struct {
		const char *name, *args, *input, *want;
	} cases[] = {
#define BASE "dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000 "
#define K80 "suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64
		{ "unknown_word", BASE K80 " bogus", NULL, "'bogus'" },
		{ "dup_dir", BASE K80 " dir rx", NULL, "'dir' given twice" },
		{ "no_value", BASE K80 " ssrc", NULL, "'ssrc' needs a value" },
		{ "bad_dir", "dir up local 10.0.0.1:5000 " K80, NULL, "'up'" },
		{ "no_dir", "local 10.0.0.1:5000 remote 10.0.0.2:6000 " K80,
		  NULL, "missing 'dir" },
		{ "no_local", "dir rx " K80, NULL, "missing 'local" },
		{ "no_key", BASE "suite AES_CM_128_HMAC_SHA1_80", NULL,
		  "missing 'key" },
		{ "no_suite", BASE "key inline:" RFC_B64, NULL, "suite" },
		{ "bad_suite", BASE "suite AES_CM_128 key inline:" RFC_B64,
		  NULL, "'AES_CM_128'" },
		{ "suite_mismatch",
		  BASE "suite AEAD_AES_128_GCM key a=crypto:1~AES_CM_128_HMAC_SHA1_80~inline:" RFC_B64,
		  NULL, "" },
		{ "bad_key", BASE "suite AES_CM_128_HMAC_SHA1_80 key inline:AAAA",
		  NULL, "key" },
		{ "family_mix",
		  "dir tx local 10.0.0.1:5000 remote [2001:db8::2]:6000 " K80,
		  NULL, "'[2001:db8::2]:6000'" },
		{ "v6_no_brackets",
		  "dir rx local 2001:db8::1:5000 " K80, NULL, "brackets" },
		{ "bad_ipv4", "dir rx local 10.0.0.256:5000 " K80, NULL,
		  "'10.0.0.256'" },
		{ "port_zero", "dir rx local 10.0.0.1:0 " K80, NULL, "port '0'" },
		{ "port_big", "dir rx local 10.0.0.1:65536 " K80, NULL,
		  "port '65536'" },
		{ "no_port", "dir rx local 10.0.0.1 " K80, NULL, "'10.0.0.1'" },
		{ "tx_any_remote",
		  "dir tx local 10.0.0.1:5000 remote any " K80, NULL,
		  "tx flow needs" },
		{ "tx_no_remote", "dir tx local 10.0.0.1:5000 " K80, NULL,
		  "tx flow needs" },
		{ "bad_ssrc", BASE K80 " ssrc 4294967296", NULL,
		  "'4294967296'" },
		{ "neg_ssrc", BASE K80 " ssrc -1", NULL, "'-1'" },
		{ "octal_ssrc", BASE K80 " ssrc 010", NULL, "'010'" },
		{ "max_ssrcs_0", "dir rx local 10.0.0.1:5000 " K80 " max-ssrcs 0",
		  NULL, "'0'" },
		{ "max_ssrcs_big", "dir rx local 10.0.0.1:5000 " K80 " max-ssrcs 1025",
		  NULL, "'1025'" },
		{ "max_ssrcs_pinned", BASE K80 " ssrc 1 max-ssrcs 4", NULL,
		  "max-ssrcs" },
		{ "window_small", BASE K80 " replay-window 63", NULL, "'63'" },
		{ "window_big", BASE K80 " replay-window 32769", NULL,
		  "'32769'" },
		{ "roc_unpinned", BASE K80 " roc 1", NULL, "ssrc" },
		{ "mux_and_rtcp", BASE K80 " rtcp-mux rtcp", NULL, "exclude" },
		{ "stdin_empty",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key -", "", "key '-'" },
		{ "stdin_blank",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key -", "\n", "key '-'" },
		{ "stdin_none",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key -", NULL, "key '-'" },
		{ "lifetime_0", BASE K80 " lifetime 0", NULL, "lifetime '0'" },
		{ "lifetime_2_49", BASE K80 " lifetime 2^49", NULL,
		  "lifetime '2^49'" },
		{ "lifetime_over", BASE K80 " lifetime 281474976710657", NULL,
		  "'281474976710657'" },
		{ "lifetime_word", BASE K80 " lifetime many", NULL, "'many'" },
		{ "lifetime_neg", BASE K80 " lifetime -1", NULL, "'-1'" },
		{ "lifetime_pow_bad", BASE K80 " lifetime 2^", NULL, "'2^'" },
		{ "lifetime_no_value", BASE K80 " lifetime", NULL,
		  "'lifetime' needs a value" },
		{ "soft_lifetime_0", BASE K80 " soft-lifetime 0", NULL,
		  "soft-lifetime '0'" },
		{ "soft_above_hard", BASE K80 " lifetime 100 soft-lifetime 101",
		  NULL, "above the lifetime" },
		{ "soft_above_sdes",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|2^10 soft-lifetime 2^11",
		  NULL, "above the lifetime 1024" },
		{ "grace_ms_word", BASE K80 " grace-ms soon", NULL, "'soon'" },
		{ "grace_ms_big", BASE K80 " grace-ms 4294967296", NULL,
		  "'4294967296'" },
		{ "grace_packets_neg", BASE K80 " grace-packets -1", NULL,
		  "'-1'" },
		{ "reset_roc_twice", BASE K80 " reset-roc reset-roc", NULL,
		  "'reset-roc' given twice" },
		{ "srtcp_tag_on_80", BASE K80 " srtcp-tag 32", NULL,
		  "flow add: 'srtcp-tag' applies only to the *_HMAC_SHA1_32 suites, not AES_CM_128_HMAC_SHA1_80" },
		{ "srtcp_tag_bytes",
		  BASE "suite AES_CM_128_HMAC_SHA1_32 key inline:" RFC_B64 " srtcp-tag 4",
		  NULL, "flow add: srtcp-tag '4': expected 32 or 80 (bits)" },
		{ "srtcp_tag_no_value", BASE K80 " srtcp-tag", NULL,
		  "'srtcp-tag' needs a value" },
		{ "ssrc_idle_ms_word", BASE K80 " ssrc-idle-ms soon", NULL,
		  "flow add: ssrc-idle-ms 'soon': expected a 32 bit number of milliseconds" },
		{ "ssrc_idle_ms_neg", BASE K80 " ssrc-idle-ms -1", NULL,
		  "ssrc-idle-ms '-1'" },
		{ "ssrc_idle_ms_big", BASE K80 " ssrc-idle-ms 4294967296", NULL,
		  "ssrc-idle-ms '4294967296'" },
		{ "ssrc_idle_ms_octal", BASE K80 " ssrc-idle-ms 010", NULL,
		  "ssrc-idle-ms '010'" },
		{ "ssrc_idle_ms_unit", BASE K80 " ssrc-idle-ms 30s", NULL,
		  "ssrc-idle-ms '30s'" },
		{ "ssrc_idle_ms_no_value", BASE K80 " ssrc-idle-ms", NULL,
		  "'ssrc-idle-ms' needs a value" },
		{ "ssrc_idle_ms_twice",
		  BASE K80 " ssrc-idle-ms 1 ssrc-idle-ms 2", NULL,
		  "'ssrc-idle-ms' given twice" },
		{ "mki_arg_not_hex", BASE K80 " mki zz", NULL, "mki 'zz'" },
		{ "mki_arg_too_long", BASE K80 " mki 0102030405", NULL,
		  "mki '0102030405'" },
		{ "mki_arg_differs",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|1:1 mki 0001",
		  NULL, "MKI and 'mki 0001' differ" },
		{ "mki_too_long",
		  BASE "suite AES_CM_128_HMAC_SHA1_80 key inline:" RFC_B64 "|1:5",
		  NULL, "" },
#undef BASE
#undef K80
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct flow_req r;
		char err[512] = "";
		char name[64];
		int ret;

		memset(&r, 0x55, sizeof(r));
		ret = parse(cases[i].args, cases[i].input, &r, err,
			    sizeof(err));
		snprintf(name, sizeof(name), "bad_%s", cases[i].name);
		report(name, ret == -1 && err[0] &&
		       strstr(err, cases[i].want) && all_zero(&r, sizeof(r)) &&
		       !strstr(err, RFC_B64),
		       "ret %d err '%s' (want '%s')", ret, err,
		       cases[i].want);
	}
}

static void test_del_show(void)
{
	char *a1[] = { "id", "7" }, *a2[] = { "id" }, *a3[] = { "id", "0" };
	char *a4[] = { "id", "7", "x" }, *a5[] = { "name", "7" };
	char *s1[] = { "id", "9", "-s" }, *s2[] = { "-x" };
	char *s3[] = { "id", "1", "id", "2" };
	char err[256];
	uint32_t id = 0;
	int has = 0, st = 0;

	report("del_ok", !flow_del_parse(2, a1, &id, err, sizeof(err)) &&
	       id == 7, "id %u", id);
	report("del_no_value", flow_del_parse(1, a2, &id, err, sizeof(err)),
	       "accepted 'id' alone");
	report("del_zero", flow_del_parse(2, a3, &id, err, sizeof(err)) &&
	       strstr(err, "'0'"), "err '%s'", err);
	report("del_extra", flow_del_parse(3, a4, &id, err, sizeof(err)) &&
	       strstr(err, "'x'"), "err '%s'", err);
	report("del_word", flow_del_parse(2, a5, &id, err, sizeof(err)) &&
	       strstr(err, "'name'"), "err '%s'", err);
	report("del_none", flow_del_parse(0, NULL, &id, err, sizeof(err)),
	       "accepted nothing");
	report("show_all", !flow_show_parse(0, NULL, &has, &id, &st, err,
					    sizeof(err)) && !has && !st,
	       "has %d st %d", has, st);
	report("show_id_s", !flow_show_parse(3, s1, &has, &id, &st, err,
					     sizeof(err)) && has &&
	       id == 9 && st, "has %d id %u st %d", has, id, st);
	report("show_bad", flow_show_parse(1, s2, &has, &id, &st, err,
					   sizeof(err)) &&
	       strstr(err, "'-x'"), "err '%s'", err);
	report("show_dup", flow_show_parse(4, s3, &has, &id, &st, err,
					   sizeof(err)), "accepted two ids");
}

/* "stream show id N [ ssrc S ]" */
static void test_stream_show(void)
{
	char *a1[] = { "id", "7" }, *a2[] = { "id", "7", "ssrc", "0xdeadbeef" };
	char *a3[] = { "ssrc", "1" }, *a4[] = { "id", "7", "ssrc" };
	char *a5[] = { "id", "7", "ssrc", "-1" }, *a6[] = { "id", "0" };
	char *a7[] = { "id", "7", "id", "8" }, *a8[] = { "id", "7", "x" };
	char err[256];
	uint32_t id = 0, ssrc = 0;
	int has = 1;

	report("stream_show_id", !stream_show_parse(2, a1, &id, &has, &ssrc,
						     err, sizeof(err)) &&
	       id == 7 && !has, "id %u has %d", id, has);
	report("stream_show_ssrc", !stream_show_parse(4, a2, &id, &has, &ssrc,
						       err, sizeof(err)) &&
	       id == 7 && has && ssrc == 0xdeadbeef, "ssrc %x", ssrc);
	report("stream_show_needs_id",
	       stream_show_parse(2, a3, &id, &has, &ssrc, err, sizeof(err)) &&
	       strstr(err, "missing 'id N'"), "err '%s'", err);
	report("stream_show_ssrc_value",
	       stream_show_parse(3, a4, &id, &has, &ssrc, err, sizeof(err)) &&
	       stream_show_parse(4, a5, &id, &has, &ssrc, err, sizeof(err)),
	       "accepted a bad ssrc");
	report("stream_show_id_zero",
	       stream_show_parse(2, a6, &id, &has, &ssrc, err, sizeof(err)) &&
	       strstr(err, "'0'"), "err '%s'", err);
	report("stream_show_dup",
	       stream_show_parse(4, a7, &id, &has, &ssrc, err, sizeof(err)) &&
	       strstr(err, "twice"), "err '%s'", err);
	report("stream_show_extra",
	       stream_show_parse(3, a8, &id, &has, &ssrc, err, sizeof(err)) &&
	       strstr(err, "'x'"), "err '%s'", err);
}

static char *stream_to_string(const struct flow_stream *s, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	stream_print(f, s, json);
	fclose(f);
	return buf;
}

static void test_stream_print(void)
{
	struct flow_stream s;

	memset(&s, 0, sizeof(s));
	s.has_ssrc = s.has_roc = s.has_seq = s.has_srtcp_index = 1;
	s.has_idle_ms = s.has_stats = 1;
	s.ssrc = 0x1234;
	s.roc = 1;
	s.seq = 7;
	s.srtcp_index = 3;
	s.idle_ms = 20;
	s.stats.present[KSRTP_A_STATS_PACKETS] = 1;
	s.stats.val[KSRTP_A_STATS_PACKETS] = 9;
	expect_str("stream_print_text", stream_to_string(&s, 0),
		   "stream ssrc 0x00001234 roc 1 seq 7 srtcp-index 3 idle-ms 20 packets 9\n");
	expect_str("stream_print_json", stream_to_string(&s, 1),
		   "{\"ssrc\":4660,\"roc\":1,\"seq\":7,\"srtcp_index\":3,\"idle_ms\":20,\"stats\":{\"packets\":9}}");
}

static void test_suites(void)
{
	unsigned int i;
	int ok = 1;

	for (i = 0; i < KS_SUITE_COUNT; i++) {
		uint32_t u = flow_suite_to_uapi(&ks_suites[i]);

		if (u != i + 1 || flow_suite_from_uapi(u) != &ks_suites[i])
			ok = 0;
	}
	report("suite_map", ok && !flow_suite_from_uapi(0) &&
	       !flow_suite_from_uapi(KSRTP_SUITE_MAX + 1),
	       "suite table does not map 1..%d", KSRTP_SUITE_MAX);
	report("suite_name_80",
	       !strcmp(flow_suite_from_uapi(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80)->name,
		       "AES_CM_128_HMAC_SHA1_80"), "wrong name");
}

static char *print_to_string(const struct flow_info *fi, int stats, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	flow_print(f, fi, stats, json);
	fclose(f);
	return buf;
}

static void test_show(void)
{
	struct flow_stream st[2];
	struct flow_info fi;

	memset(&fi, 0, sizeof(fi));
	fi.id = 3;
	fi.dir = KSRTP_DIR_TX;
	fi.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", fi.local_addr);
	fi.local_addr_len = 4;
	fi.has_local_port = 1;
	fi.local_port = 5000;
	inet_pton(AF_INET, "10.0.0.2", fi.remote_addr);
	fi.remote_addr_len = 4;
	fi.has_remote_port = 1;
	fi.remote_port = 6000;
	fi.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	fi.rtcp_mux = 1;
	fi.has_replay_window = 1;
	fi.replay_window = 128;
	fi.has_max_ssrcs = 1;
	fi.max_ssrcs = 16;

	expect_str("show_text", print_to_string(&fi, 0, 0),
		   "flow 3 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc any max-ssrcs 16 rtcp-mux replay-window 128\n");
	expect_str("show_json", print_to_string(&fi, 0, 1),
		   "{\"id\":3,\"dir\":\"tx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":\"10.0.0.2\",\"remote_port\":6000,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"max_ssrcs\":16,\"rtcp_mux\":true,\"rtcp\":false,\"replay_window\":128,\"reset_roc\":false,\"keys\":[]}");
	/* the number of streams flow-get reports */
	fi.has_stream_count = 1;
	fi.stream_count = 1000;
	expect_str("show_stream_count_text", print_to_string(&fi, 0, 0),
		   "flow 3 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc any max-ssrcs 16 rtcp-mux replay-window 128 streams 1000\n");
	expect_str("show_stream_count_json", print_to_string(&fi, 0, 1),
		   "{\"id\":3,\"dir\":\"tx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":\"10.0.0.2\",\"remote_port\":6000,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"max_ssrcs\":16,\"rtcp_mux\":true,\"rtcp\":false,\"replay_window\":128,\"reset_roc\":false,\"stream_count\":1000,\"keys\":[]}");
	fi.has_stream_count = 0;

	memset(st, 0, sizeof(st));
	fi.has_stats = 1;
	fi.stats.present[KSRTP_A_STATS_PACKETS] = 1;
	fi.stats.val[KSRTP_A_STATS_PACKETS] = 10;
	fi.stats.present[KSRTP_A_STATS_AUTH_FAIL] = 1;
	fi.stats.val[KSRTP_A_STATS_AUTH_FAIL] = 1ULL << 40;
	st[0].has_ssrc = st[0].has_roc = st[0].has_seq = 1;
	st[0].ssrc = 0xdeadbeef;
	st[0].seq = 65535;
	st[0].has_stats = 1;
	st[0].stats.present[KSRTP_A_STATS_PACKETS] = 1;
	st[0].stats.val[KSRTP_A_STATS_PACKETS] = 10;
	fi.streams = st;
	fi.n_streams = 1;
	expect_str("show_stats_text", print_to_string(&fi, 1, 0),
		   "flow 3 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc any max-ssrcs 16 rtcp-mux replay-window 128\n"
		   "    stats packets 10 auth-fail 1099511627776\n"
		   "    stream ssrc 0xdeadbeef roc 0 seq 65535 packets 10\n");
	expect_str("show_stats_json", print_to_string(&fi, 1, 1),
		   "{\"id\":3,\"dir\":\"tx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":\"10.0.0.2\",\"remote_port\":6000,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"max_ssrcs\":16,\"rtcp_mux\":true,\"rtcp\":false,\"replay_window\":128,\"reset_roc\":false,\"keys\":[],"
		   "\"stats\":{\"packets\":10,\"auth_fail\":1099511627776},\"streams\":[{\"ssrc\":3735928559,\"roc\":0,\"seq\":65535,\"stats\":{\"packets\":10}}]}");

	memset(&fi, 0, sizeof(fi));
	fi.id = 4;
	fi.dir = KSRTP_DIR_RX;
	fi.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", fi.local_addr);
	fi.local_addr_len = 16;
	fi.has_local_port = 1;
	fi.local_port = 5000;
	fi.suite = KSRTP_SUITE_AEAD_AES_256_GCM;
	fi.mki_len = 2;
	fi.mki[0] = 0;
	fi.mki[1] = 7;
	fi.has_ssrc = 1;
	fi.ssrc = 0x1234abcd;
	fi.rtcp = 1;
	fi.has_roc = 1;
	fi.roc = 2;
	fi.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32;
	fi.srtcp_tag_len = 4;
	expect_str("show_srtcp_tag_text", print_to_string(&fi, 0, 0),
		   "flow 4 rx local [2001:db8::1]:5000 remote any suite AES_CM_128_HMAC_SHA1_32 srtcp-tag 32 mki 0007 ssrc 0x1234abcd rtcp roc 2\n");
	expect_str("show_srtcp_tag_json", print_to_string(&fi, 0, 1),
		   "{\"id\":4,\"dir\":\"rx\",\"family\":\"inet6\",\"local_addr\":\"2001:db8::1\",\"local_port\":5000,\"remote_addr\":null,\"remote_port\":null,\"suite\":\"AES_CM_128_HMAC_SHA1_32\",\"srtcp_tag\":32,\"mki\":\"0007\",\"ssrc\":305441741,\"rtcp_mux\":false,\"rtcp\":true,\"roc\":2,\"reset_roc\":false,\"keys\":[]}");
	fi.srtcp_tag_len = 10;
	expect_str("show_srtcp_tag_80_text", print_to_string(&fi, 0, 0),
		   "flow 4 rx local [2001:db8::1]:5000 remote any suite AES_CM_128_HMAC_SHA1_32 srtcp-tag 80 mki 0007 ssrc 0x1234abcd rtcp roc 2\n");
	fi.srtcp_tag_len = 0;
	fi.suite = KSRTP_SUITE_AEAD_AES_256_GCM;
	expect_str("show_text_v6", print_to_string(&fi, 1, 0),
		   "flow 4 rx local [2001:db8::1]:5000 remote any suite AEAD_AES_256_GCM mki 0007 ssrc 0x1234abcd rtcp roc 2\n");
	{
		char *j = print_to_string(&fi, 1, 1);

		/* one MKI shape: bare hex, as keys, events and 'mki HEX' */
		report("show_json_mki", strstr(j, "\"mki\":\"0007\"") != NULL,
		       "got '%s'", j);
		free(j);
	}
}

/* reset-roc, grace, keys and the key-expired counter. */
static void test_show_keys(void)
{
	struct flow_key k[3];
	struct flow_info fi;

	memset(&fi, 0, sizeof(fi));
	memset(k, 0, sizeof(k));
	fi.id = 5;
	fi.dir = KSRTP_DIR_RX;
	fi.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", fi.local_addr);
	fi.local_addr_len = 4;
	fi.has_local_port = 1;
	fi.local_port = 5000;
	fi.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	fi.reset_roc = 1;
	fi.has_grace_ms = 1;
	fi.grace_ms = 2000;
	fi.has_grace_packets = 1;
	fi.grace_packets = 0;
	k[0].slot = KSRTP_KEY_SLOT_CURRENT;
	k[0].has_lifetime = k[0].has_soft_lifetime = 1;
	k[0].lifetime = 1ULL << 48;
	k[0].soft_lifetime = 15ULL << 44;
	k[0].has_srtp_packets = k[0].has_srtcp_packets = 1;
	k[0].srtp_packets = 10;
	k[0].srtcp_packets = 2;
	k[1].slot = KSRTP_KEY_SLOT_NEXT;
	k[2].slot = KSRTP_KEY_SLOT_PENDING;
	k[2].has_from_index = 1;
	k[2].from_index = 65536;
	fi.keys = k;
	fi.n_keys = 3;
	fi.has_stats = 1;
	fi.stats.present[KSRTP_A_STATS_KEY_EXPIRED] = 1;
	fi.stats.val[KSRTP_A_STATS_KEY_EXPIRED] = 7;

	expect_str("show_keys_text", print_to_string(&fi, 0, 0),
		   "flow 5 rx local 10.0.0.1:5000 remote any suite AES_CM_128_HMAC_SHA1_80 ssrc any reset-roc grace-ms 2000 grace-packets 0\n"
		   "    key current lifetime 281474976710656 soft-lifetime 263882790666240 srtp-packets 10 srtcp-packets 2\n"
		   "    key next\n"
		   "    key pending from 65536\n");
	expect_str("show_keys_stats_text", print_to_string(&fi, 1, 0),
		   "flow 5 rx local 10.0.0.1:5000 remote any suite AES_CM_128_HMAC_SHA1_80 ssrc any reset-roc grace-ms 2000 grace-packets 0\n"
		   "    key current lifetime 281474976710656 soft-lifetime 263882790666240 srtp-packets 10 srtcp-packets 2\n"
		   "    key next\n"
		   "    key pending from 65536\n"
		   "    stats key-expired 7\n");
	expect_str("show_keys_json", print_to_string(&fi, 1, 1),
		   "{\"id\":5,\"dir\":\"rx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":null,\"remote_port\":null,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"rtcp_mux\":false,\"rtcp\":false,"
		   "\"reset_roc\":true,\"grace_ms\":2000,\"grace_packets\":0,\"keys\":["
		   "{\"slot\":\"current\",\"mki\":null,\"from_index\":null,\"lifetime\":281474976710656,\"soft_lifetime\":263882790666240,\"srtp_packets\":10,\"srtcp_packets\":2,\"cipher\":null,\"cipher_fallback\":null,\"auth\":null},"
		   "{\"slot\":\"next\",\"mki\":null,\"from_index\":null,\"lifetime\":null,\"soft_lifetime\":null,\"srtp_packets\":null,\"srtcp_packets\":null,\"cipher\":null,\"cipher_fallback\":null,\"auth\":null},"
		   "{\"slot\":\"pending\",\"mki\":null,\"from_index\":65536,\"lifetime\":null,\"soft_lifetime\":null,\"srtp_packets\":null,\"srtcp_packets\":null,\"cipher\":null,\"cipher_fallback\":null,\"auth\":null}],"
		   "\"stats\":{\"key_expired\":7},\"streams\":[]}");
	report("stat_name_key_expired",
	       flow_stat_name(KSRTP_A_STATS_KEY_EXPIRED) &&
	       !strcmp(flow_stat_name(KSRTP_A_STATS_KEY_EXPIRED),
		       "key-expired"), "no name for key-expired");
}

/* ssrc-idle-ms, the stream's idle-ms and the tx-repeat counter. */
static void test_show_idle(void)
{
	struct flow_stream st[2];
	struct flow_info fi;

	memset(&fi, 0, sizeof(fi));
	memset(st, 0, sizeof(st));
	fi.id = 6;
	fi.dir = KSRTP_DIR_TX;
	fi.family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", fi.local_addr);
	fi.local_addr_len = 4;
	fi.has_local_port = 1;
	fi.local_port = 5000;
	inet_pton(AF_INET, "10.0.0.2", fi.remote_addr);
	fi.remote_addr_len = 4;
	fi.has_remote_port = 1;
	fi.remote_port = 6000;
	fi.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	fi.has_max_ssrcs = 1;
	fi.max_ssrcs = 16;
	fi.has_ssrc_idle_ms = 1;
	fi.ssrc_idle_ms = 30000;
	fi.has_stats = 1;
	fi.stats.present[KSRTP_A_STATS_PACKETS] = 1;
	fi.stats.val[KSRTP_A_STATS_PACKETS] = 20;
	fi.stats.present[KSRTP_A_STATS_TX_REPEAT] = 1;
	fi.stats.val[KSRTP_A_STATS_TX_REPEAT] = 2;
	st[0].has_ssrc = st[0].has_roc = st[0].has_seq = 1;
	st[0].ssrc = 0x1234;
	st[0].seq = 7;
	st[0].has_srtcp_index = 1;
	st[0].srtcp_index = 3;
	st[0].has_idle_ms = 1;
	st[0].idle_ms = 1500;
	st[0].has_stats = 1;
	st[0].stats.present[KSRTP_A_STATS_PACKETS] = 1;
	st[0].stats.val[KSRTP_A_STATS_PACKETS] = 20;
	st[0].stats.present[KSRTP_A_STATS_TX_REPEAT] = 1;
	st[0].stats.val[KSRTP_A_STATS_TX_REPEAT] = 2;
	/* An older kernel: no idle-ms. */
	st[1].has_ssrc = 1;
	st[1].ssrc = 0x5678;
	fi.streams = st;
	fi.n_streams = 2;

	expect_str("show_idle_text", print_to_string(&fi, 0, 0),
		   "flow 6 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc any max-ssrcs 16 ssrc-idle-ms 30000\n");
	expect_str("show_idle_stats_text", print_to_string(&fi, 1, 0),
		   "flow 6 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc any max-ssrcs 16 ssrc-idle-ms 30000\n"
		   "    stats packets 20 tx-repeat 2\n"
		   "    stream ssrc 0x00001234 roc 0 seq 7 srtcp-index 3 idle-ms 1500 packets 20 tx-repeat 2\n"
		   "    stream ssrc 0x00005678\n");
	expect_str("show_idle_json", print_to_string(&fi, 0, 1),
		   "{\"id\":6,\"dir\":\"tx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":\"10.0.0.2\",\"remote_port\":6000,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"max_ssrcs\":16,\"ssrc_idle_ms\":30000,\"rtcp_mux\":false,\"rtcp\":false,\"reset_roc\":false,\"keys\":[]}");
	expect_str("show_idle_stats_json", print_to_string(&fi, 1, 1),
		   "{\"id\":6,\"dir\":\"tx\",\"family\":\"inet\",\"local_addr\":\"10.0.0.1\",\"local_port\":5000,\"remote_addr\":\"10.0.0.2\",\"remote_port\":6000,\"suite\":\"AES_CM_128_HMAC_SHA1_80\",\"mki\":null,\"ssrc\":null,\"max_ssrcs\":16,\"ssrc_idle_ms\":30000,\"rtcp_mux\":false,\"rtcp\":false,\"reset_roc\":false,\"keys\":[],"
		   "\"stats\":{\"packets\":20,\"tx_repeat\":2},\"streams\":["
		   "{\"ssrc\":4660,\"roc\":0,\"seq\":7,\"srtcp_index\":3,\"idle_ms\":1500,\"stats\":{\"packets\":20,\"tx_repeat\":2}},"
		   "{\"ssrc\":22136,\"stats\":{}}]}");

	/* A pinned SSRC: ssrc-idle-ms is printed if the kernel reports it. */
	fi.has_ssrc = 1;
	fi.ssrc = 0x1234;
	fi.has_max_ssrcs = 0;
	fi.ssrc_idle_ms = 0;
	fi.n_streams = 0;
	expect_str("show_idle_pinned_text", print_to_string(&fi, 0, 0),
		   "flow 6 tx local 10.0.0.1:5000 remote 10.0.0.2:6000 suite AES_CM_128_HMAC_SHA1_80 ssrc 0x00001234 ssrc-idle-ms 0\n");
	report("stat_name_tx_repeat",
	       flow_stat_name(KSRTP_A_STATS_TX_REPEAT) &&
	       !strcmp(flow_stat_name(KSRTP_A_STATS_TX_REPEAT), "tx-repeat"),
	       "no name for tx-repeat");
}


/* Keywords and commands may be shortened to an unambiguous prefix. */
#define PRX "dir rx local 10.0.0.1:5000 suite AES_CM_128_HMAC_SHA1_80 "
static void test_prefix(void)
{
	static const struct flow_cmd cmds[] = {
		{ "add", 0 }, { "del", 1 }, { "delete", 1 },
		{ "show", 2 }, { "list", 2 }, { "ls", 2 },
	};
	static const struct flow_cmd objs[] = {
		{ "flow", 0 }, { "flush", 1 }, { "key", 2 }, { "stats", 3 },
		{ "stream", 4 },
	};
	char *s1[] = { "i", "9", "-s" }, *s2[] = { "i", "7", "ss", "5" };
	char err[256], cands[128];
	struct flow_req r;
	uint32_t id = 0, ssrc = 0;
	int has = 0, st = 0, ret;

	ret = parse("d rx lo 10.0.0.1:5000 su AES_CM_128_HMAC_SHA1_80 k inline:"
		    RFC_B64 " rtcp-m", NULL, &r, err, sizeof(err));
	report("prefix_flow_add", ret == 0 && r.dir == KSRTP_DIR_RX &&
	       r.local_port == 5000 && r.rtcp_mux && !r.rtcp,
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);
	ret = parse(PRX "key inline:" RFC_B64 " rtcp ssrc 5", NULL, &r, err,
		    sizeof(err));
	report("prefix_exact_wins", ret == 0 && r.rtcp && !r.rtcp_mux &&
	       r.has_ssrc && r.ssrc == 5, "ret %d err '%s'", ret, err);
	flow_req_clear(&r);
	ret = parse(PRX "key inline:" RFC_B64 " re 1", NULL, &r, err,
		    sizeof(err));
	report("prefix_ambiguous", ret && !strcmp(err,
	       "flow add: ambiguous argument 're': remote, replay-window, reset-roc"),
	       "ret %d err '%s'", ret, err);
	flow_req_clear(&r);
	ret = parse(PRX "key inline:" RFC_B64 " rtcp-mux-x", NULL, &r, err,
		    sizeof(err));
	report("prefix_longer_unknown", ret && !strcmp(err,
	       "flow add: unknown argument 'rtcp-mux-x'"), "err '%s'", err);
	flow_req_clear(&r);

	report("prefix_show", !flow_show_parse(3, s1, &has, &id, &st, err,
					       sizeof(err)) && has &&
	       id == 9 && st, "err '%s'", err);
	report("prefix_stream_show", !stream_show_parse(4, s2, &id, &has,
							&ssrc, err,
							sizeof(err)) &&
	       id == 7 && has && ssrc == 5, "err '%s'", err);

	report("cmd_exact", flow_match_cmd(cmds, ARRAY_SIZE(cmds), "ls",
					   cands, sizeof(cands)) == 2, "ls");
	report("cmd_prefix", flow_match_cmd(cmds, ARRAY_SIZE(cmds), "sh",
					    cands, sizeof(cands)) == 2, "sh");
	report("cmd_prefix_alias", flow_match_cmd(cmds, ARRAY_SIZE(cmds), "d",
						  cands, sizeof(cands)) == 1,
	       "d: del and delete are one command");
	report("cmd_prefix_alias_l",
	       flow_match_cmd(cmds, ARRAY_SIZE(cmds), "l", cands,
			      sizeof(cands)) == 2, "l");
	report("cmd_unknown", flow_match_cmd(cmds, ARRAY_SIZE(cmds), "x",
					     cands, sizeof(cands)) == -1, "x");
	report("cmd_empty", flow_match_cmd(cmds, ARRAY_SIZE(cmds), "",
					   cands, sizeof(cands)) == -1, "''");
	cands[0] = 0;
	report("cmd_ambiguous", flow_match_cmd(objs, ARRAY_SIZE(objs), "f",
					       cands, sizeof(cands)) == -2 &&
	       !strcmp(cands, "flow, flush"), "cands '%s'", cands);
	report("cmd_ambiguous_st", flow_match_cmd(objs, ARRAY_SIZE(objs), "st",
						  cands, sizeof(cands)) == -2 &&
	       !strcmp(cands, "stats, stream"), "cands '%s'", cands);
	report("cmd_prefix_stre", flow_match_cmd(objs, ARRAY_SIZE(objs), "str",
						 cands, sizeof(cands)) == 4,
	       "str");
}
#undef PRX

static char *pretty(const char *in)
{
	struct json_pretty p = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	size_t i;

	/* fed a byte at a time: the state must carry across writes */
	for (i = 0; in[i]; i++)
		json_pretty_feed(&p, f, &in[i], 1);
	fclose(f);
	return buf;
}

/* -p: the JSON that the printers write, indented as iproute2 does. */
static void test_pretty(void)
{
	expect_str("pretty_object", pretty("{\"name\":\"srtpctl\",\"version\":\"1\"}\n"),
		   "{\n    \"name\": \"srtpctl\",\n    \"version\": \"1\"\n}\n");
	expect_str("pretty_nested",
		   pretty("[{\"id\":1,\"keys\":[],\"stats\":{},\"s\":\"a,{[\\\"b:\"}]\n"),
		   "[ {\n        \"id\": 1,\n        \"keys\": [ ],\n        \"stats\": {},\n        \"s\": \"a,{[\\\"b:\"\n    } ]\n");
	expect_str("pretty_empty_array", pretty("[]\n"), "[ ]\n");
	expect_str("pretty_lines",
		   pretty("{\"event\":\"new-ssrc\",\"id\":2}\n{\"event\":\"tx-repeat\",\"id\":3}\n"),
		   "{\n    \"event\": \"new-ssrc\",\n    \"id\": 2\n}\n{\n    \"event\": \"tx-repeat\",\n    \"id\": 3\n}\n");
}

static char *print_error(int json, const char *what, const char *extack,
			 const char *attr, int err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	error_print(f, json, "srtpctl", what, extack, attr, err);
	fclose(f);
	return buf;
}

/* Errors: a line of text, or under -j one JSON object. */
static void test_errors(void)
{
	expect_str("error_text", print_error(0, "flow add: unknown argument 'x'",
					     NULL, NULL, 0),
		   "srtpctl: flow add: unknown argument 'x'\n");
	expect_str("error_json", print_error(1, "flow add: unknown argument 'x'",
					     NULL, NULL, 0),
		   "{\"error\":\"flow add: unknown argument 'x'\"}\n");
	expect_str("error_json_escaped",
		   print_error(1, "family \"ksrtp\" not found\\\t", NULL, NULL, 0),
		   "{\"error\":\"family \\\"ksrtp\\\" not found\\\\\\t\"}\n");
	expect_str("error_kernel_text",
		   print_error(0, "cannot add the flow", "no such suite",
			       "suite", EINVAL),
		   "srtpctl: no such suite: suite (Invalid argument)\n");
	expect_str("error_kernel_text_no_extack",
		   print_error(0, "cannot add the flow", "", "", ENOENT),
		   "srtpctl: cannot add the flow (No such file or directory)\n");
	expect_str("error_kernel_json",
		   print_error(1, "cannot add the flow", "no such suite",
			       "suite", EINVAL),
		   "{\"error\":\"cannot add the flow\",\"extack\":\"no such suite\",\"attr\":\"suite\",\"errno\":22,\"strerror\":\"Invalid argument\"}\n");
	expect_str("error_kernel_json_no_extack",
		   print_error(1, "cannot delete the flow", "", "", ENOENT),
		   "{\"error\":\"cannot delete the flow\",\"extack\":null,\"attr\":null,\"errno\":2,\"strerror\":\"No such file or directory\"}\n");
}

/* Issue 11: cookie and owned, selectors, flow change. */
static void test_lifecycle(void)
{
	char buf[512], *argv[32], err[256];
	struct flow_set_req cr;
	struct flow_sel sel;
	struct flow_req r;
	int argc, st;

	report("add_cookie_owned",
	       !parse("dir rx local 10.0.0.1:5000 key hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d suite AES_CM_128_HMAC_SHA1_80 cookie 0xffffffffffffffff owned",
		      NULL, &r, err, sizeof(err)) &&
	       r.cookie == UINT64_MAX && r.owned, "err '%s'", err);
	flow_req_clear(&r);
	report("add_cookie_bad",
	       parse("dir rx local 10.0.0.1:5000 key hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d suite AES_CM_128_HMAC_SHA1_80 cookie x",
		     NULL, &r, err, sizeof(err)) && strstr(err, "cookie 'x'"),
	       "err '%s'", err);

#define SEL(str, stats) (snprintf(buf, sizeof(buf), "%s", str), \
	argc = split(buf, argv, 32), \
	flow_sel_parse("flow del", argc, argv, &sel, stats, err, sizeof(err)))
	report("sel_id", !SEL("id 7", NULL) && sel.has_id && sel.id == 7 &&
	       !sel.has_cookie && !sel.has_tuple, "err '%s'", err);
	report("sel_cookie", !SEL("cookie 0x100000000", NULL) &&
	       sel.has_cookie && sel.cookie == 0x100000000ULL, "err '%s'", err);
	report("sel_cookie_0", SEL("cookie 0", NULL) &&
	       strstr(err, "other than 0"), "err '%s'", err);
	report("sel_tuple", !SEL("dir tx local 10.0.0.1:5000 remote 10.0.0.2:6000",
				 NULL) && sel.has_tuple && sel.has_remote &&
	       sel.dir == KSRTP_DIR_TX && sel.local_port == 5000 &&
	       sel.remote_port == 6000, "err '%s'", err);
	report("sel_tuple_any", !SEL("dir rx local [::1]:5000 remote any", NULL) &&
	       sel.has_tuple && !sel.has_remote && sel.family == AF_INET6,
	       "err '%s'", err);
	report("sel_tuple_no_dir", SEL("local 10.0.0.1:5000", NULL) &&
	       strstr(err, "needs 'dir"), "err '%s'", err);
	report("sel_tuple_family", SEL("dir tx local 10.0.0.1:5000 remote [::1]:6000",
				       NULL) &&
	       strstr(err, "same address family"), "err '%s'", err);
	report("sel_two", SEL("id 3 cookie 4", NULL) && strstr(err, "one of"),
	       "err '%s'", err);
	report("sel_none_del", SEL("", NULL) && strstr(err, "missing"),
	       "err '%s'", err);
	st = 0;
	report("sel_none_show", !SEL("-s", &st) && st && !sel.has_id,
	       "err '%s'", err);
	report("sel_twice", SEL("id 3 id 4", NULL) && strstr(err, "twice"),
	       "err '%s'", err);
	report("sel_prefix", !SEL("co 9", NULL) && sel.cookie == 9,
	       "err '%s'", err);
#undef SEL

#define CH(str) (snprintf(buf, sizeof(buf), "%s", str), \
	argc = split(buf, argv, 32), \
	flow_change_parse(argc, argv, &cr, err, sizeof(err)))
	report("change_remote", !CH("id 4 remote 10.0.0.9:7000 grace-ms 10") &&
	       cr.id == 4 && cr.has_remote && cr.remote_port == 7000 &&
	       cr.family == AF_INET && cr.has_grace_ms && cr.grace_ms == 10 &&
	       !cr.has_grace_packets, "err '%s'", err);
	report("change_idle", !CH("id 4 ssrc-idle-ms 0") &&
	       cr.has_ssrc_idle_ms && !cr.ssrc_idle_ms, "err '%s'", err);
	report("change_no_id", CH("remote 10.0.0.9:7000") &&
	       strstr(err, "missing 'id N'"), "err '%s'", err);
	report("change_nothing", CH("id 4") && strstr(err, "nothing to change"),
	       "err '%s'", err);
	report("change_suite", CH("id 4 suite AES_CM_128_HMAC_SHA1_80") &&
	       strstr(err, "'suite'"), "err '%s'", err);
	report("change_any", CH("id 4 remote any") && strstr(err, "remote"),
	       "err '%s'", err);
#undef CH
}

int main(void)
{
	test_good();
	test_rekey_options();
	test_bad();
	test_del_show();
	test_stream_show();
	test_stream_print();
	test_suites();
	test_show();
	test_show_keys();
	test_show_idle();
	test_prefix();
	test_pretty();
	test_errors();
	test_lifecycle();
	return test_summary();
}
