// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for guardargs.c (the guard and stats command grammar) and the
 * guard and netns stats output of flowshow.c. No kernel needed.
 *
 * Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
 * case and exits non-zero if any case failed.
 */

#define _GNU_SOURCE
#include "flowshow.h"
#include "guardargs.h"

#define TEST_SUITE	"guardargs"
#include "harness.h"

/* Parse @args as "guard add" (@del 0) or "guard del" (@del 1). */
static int parse(const char *args, int del, struct guard_req *req,
		 char *err, size_t errlen)
{
	char buf[256], *argv[16];
	int argc;

	snprintf(buf, sizeof(buf), "%s", args);
	argc = split(buf, argv, 16);
	return guard_parse(argc, argv, del, req, err, errlen);
}

static void test_good(void)
{
	static const struct {
		const char *name, *args;
		int del;
		uint8_t dir;
		uint16_t lo, hi;
	} cases[] = {
		{ "range", "dir tx ports 5000-5999", 0, KSRTP_DIR_TX, 5000,
		  5999 },
		{ "single", "dir rx ports 5004", 0, KSRTP_DIR_RX, 5004, 5004 },
		{ "any_order", "ports 6000-6001 dir rx", 0, KSRTP_DIR_RX, 6000,
		  6001 },
		{ "all_ports", "dir tx ports 1-65535", 0, KSRTP_DIR_TX, 1,
		  65535 },
		{ "lo_is_hi", "dir tx ports 5000-5000", 0, KSRTP_DIR_TX, 5000,
		  5000 },
		{ "hex", "dir rx ports 0x1388-0x13ff", 0, KSRTP_DIR_RX, 5000,
		  5119 },
		{ "del_range", "dir tx ports 5000-5999", 1, KSRTP_DIR_TX, 5000,
		  5999 },
		{ "del_single", "ports 65535 dir rx", 1, KSRTP_DIR_RX, 65535,
		  65535 },
		{ "prefix", "d tx p 5000-5999", 0, KSRTP_DIR_TX, 5000, 5999 },
		{ "prefix_del", "di rx po 5004", 1, KSRTP_DIR_RX, 5004, 5004 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct guard_req r;
		char err[256] = "", name[64];
		int ret;

		memset(&r, 0x55, sizeof(r));
		ret = parse(cases[i].args, cases[i].del, &r, err, sizeof(err));
		snprintf(name, sizeof(name), "good_%s", cases[i].name);
		report(name, ret == 0 && r.dir == cases[i].dir &&
		       r.port_min == cases[i].lo && r.port_max == cases[i].hi,
		       "'%s': ret %d err '%s' dir %u ports %u-%u",
		       cases[i].args, ret, err, r.dir, r.port_min, r.port_max);
	}
}

/* Bad command lines: fail with a message that says what is wrong. */
static void test_bad(void)
{
	static const struct {
		const char *name, *args;
		int del;
		const char *want;
	} cases[] = {
		{ "nothing", "", 0, "guard add: missing 'dir { tx | rx }'" },
		{ "no_ports", "dir tx", 0,
		  "guard add: missing 'ports LO[-HI]'" },
		{ "no_dir", "ports 5000", 0, "missing 'dir { tx | rx }'" },
		{ "del_no_dir", "ports 5000", 1,
		  "guard del: missing 'dir { tx | rx }'" },
		{ "bad_dir", "dir up ports 5000", 0,
		  "guard add: dir 'up': expected tx or rx" },
		{ "port_zero", "dir tx ports 0", 0,
		  "guard add: ports '0': port '0' is not 1..65535" },
		{ "lo_zero", "dir tx ports 0-100", 0,
		  "ports '0-100': port '0' is not 1..65535" },
		{ "port_big", "dir tx ports 65536", 0,
		  "port '65536' is not 1..65535" },
		{ "hi_big", "dir tx ports 5000-70000", 0,
		  "port '70000' is not 1..65535" },
		{ "port_huge", "dir tx ports 99999999999999999999", 0,
		  "port '99999999999999999999' is not 1..65535" },
		{ "backwards", "dir tx ports 6000-5000", 0,
		  "guard add: ports '6000-5000': the first port (6000) is above the last (5000)" },
		{ "del_backwards", "dir rx ports 2-1", 1,
		  "guard del: ports '2-1': the first port (2) is above the last (1)" },
		{ "word", "dir tx ports rtp", 0,
		  "ports 'rtp': port 'rtp' is not a number" },
		{ "hi_word", "dir tx ports 5000-x", 0,
		  "ports '5000-x': port 'x' is not a number" },
		{ "negative", "dir tx ports -5000", 0,
		  "ports '-5000': missing the first port" },
		{ "open_range", "dir tx ports 5000-", 0,
		  "ports '5000-': missing the last port" },
		{ "three", "dir tx ports 1-2-3", 0, "port '2-3' is not a number" },
		{ "list", "dir tx ports 5000,5002", 0,
		  "port '5000,5002' is not a number" },
		{ "leading_zero", "dir tx ports 05000", 0,
		  "port '05000': no leading zeros" },
		{ "hex_empty", "dir tx ports 0x", 0, "port '0x' is not a number" },
		{ "hex_bad", "dir tx ports 0x1g", 0,
		  "port '0x1g' is not a number" },
		{ "plus", "dir tx ports +5000", 0,
		  "port '+5000' is not a number" },
		{ "ports_no_value", "dir tx ports", 0,
		  "guard add: 'ports' needs a value" },
		{ "dir_no_value", "ports 5000 dir", 0, "'dir' needs a value" },
		{ "dir_twice", "dir tx dir rx ports 5000", 0,
		  "guard add: 'dir' given twice" },
		{ "ports_twice", "dir tx ports 1 ports 2", 1,
		  "guard del: 'ports' given twice" },
		{ "unknown", "dir tx ports 5000 bogus", 0,
		  "guard add: unknown argument 'bogus'" },
		{ "port_word", "dir tx portz 5000", 0,
		  "unknown argument 'portz'" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct guard_req r;
		char err[256] = "", name[64];
		int ret;

		ret = parse(cases[i].args, cases[i].del, &r, err, sizeof(err));
		snprintf(name, sizeof(name), "bad_%s", cases[i].name);
		report(name, ret == -1 && strstr(err, cases[i].want),
		       "'%s': ret %d err '%s' (want '%s')", cases[i].args, ret,
		       err, cases[i].want);
	}
}

static void test_ports_helper(void)
{
	char err[256] = "";
	uint16_t lo = 1, hi = 1;

	report("ports_empty",
	       guard_parse_ports("ports", "", &lo, &hi, err, sizeof(err)) &&
	       !strcmp(err, "ports '': expected PORT or LO-HI (ports 1..65535)"),
	       "err '%s'", err);
	report("ports_dash", guard_parse_ports("ports", "-", &lo, &hi, err,
					       sizeof(err)) &&
	       strstr(err, "missing the first port"), "err '%s'", err);
	report("ports_max", !guard_parse_ports("ports", "65535", &lo, &hi, err,
					       sizeof(err)) &&
	       lo == 65535 && hi == 65535, "lo %u hi %u", lo, hi);
	report("ports_min", !guard_parse_ports("ports", "1-2", &lo, &hi, err,
					       sizeof(err)) &&
	       lo == 1 && hi == 2, "lo %u hi %u", lo, hi);
}

static void test_show_stats_parse(void)
{
	char *s1[] = { "dir", "tx" }, *s2[] = { "dir", "rx" };
	char *s3[] = { "dir" }, *s4[] = { "dir", "up" };
	char *s5[] = { "dir", "tx", "dir", "rx" }, *s6[] = { "all" };
	char *s7[] = { "-j" }, *t1[] = { "show" };
	char *p2[] = { "--prometheus" };
	char *p3[] = { "--prometheus", "--prometheus" };
	char *p4[] = { "--prometheus", "now" };
	char err[256] = "";
	uint8_t dir = 9;
	int prom = 7;

	report("show_all", !guard_show_parse(0, NULL, &dir, err, sizeof(err)) &&
	       dir == 0, "dir %u err '%s'", dir, err);
	{
		char *p1[] = { "d", "rx" };

		report("show_prefix", !guard_show_parse(2, p1, &dir, err,
							sizeof(err)) &&
		       dir == KSRTP_DIR_RX, "dir %u err '%s'", dir, err);
	}
	report("show_tx", !guard_show_parse(2, s1, &dir, err, sizeof(err)) &&
	       dir == KSRTP_DIR_TX, "dir %u err '%s'", dir, err);
	report("show_rx", !guard_show_parse(2, s2, &dir, err, sizeof(err)) &&
	       dir == KSRTP_DIR_RX, "dir %u err '%s'", dir, err);
	report("show_dir_no_value",
	       guard_show_parse(1, s3, &dir, err, sizeof(err)) &&
	       !strcmp(err, "guard show: 'dir' needs a value"), "err '%s'",
	       err);
	report("show_bad_dir",
	       guard_show_parse(2, s4, &dir, err, sizeof(err)) &&
	       !strcmp(err, "guard show: dir 'up': expected tx or rx"),
	       "err '%s'", err);
	report("show_dir_twice",
	       guard_show_parse(4, s5, &dir, err, sizeof(err)) &&
	       strstr(err, "'dir' given twice"), "err '%s'", err);
	report("show_unknown",
	       guard_show_parse(1, s6, &dir, err, sizeof(err)) &&
	       !strcmp(err, "guard show: unknown argument 'all'"), "err '%s'",
	       err);
	report("show_j_after", guard_show_parse(1, s7, &dir, err,
						sizeof(err)) &&
	       strstr(err, "'-j'"), "err '%s'", err);

	report("stats_none", !stats_parse(0, NULL, &prom, err, sizeof(err)) &&
	       !prom, "prom %d err '%s'", prom, err);
	report("stats_extra", stats_parse(1, t1, &prom, err, sizeof(err)) &&
	       !strcmp(err, "stats: unexpected argument 'show'"), "err '%s'",
	       err);
	report("stats_prometheus", !stats_parse(1, p2, &prom, err,
						sizeof(err)) && prom,
	       "prom %d err '%s'", prom, err);
	report("stats_prometheus_twice",
	       stats_parse(2, p3, &prom, err, sizeof(err)) &&
	       !strcmp(err, "stats: '--prometheus' given twice"), "err '%s'",
	       err);
	report("stats_prometheus_extra",
	       stats_parse(2, p4, &prom, err, sizeof(err)) &&
	       !strcmp(err, "stats: unexpected argument 'now'"), "err '%s'",
	       err);
}

static char *print_guard(const struct guard_info *g, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	guard_print(f, g, json);
	fclose(f);
	return buf;
}

static char *print_netns(const struct netns_info *ni, int json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	netns_print(f, ni, json);
	fclose(f);
	return buf;
}

static void test_output(void)
{
	struct guard_info g = { KSRTP_DIR_TX, 5000, 5999 };
	struct netns_info ni;
	unsigned int i;
	int ok = 1;

	expect_str("guard_text_range", print_guard(&g, 0),
		   "guard tx ports 5000-5999\n");
	expect_str("guard_json_range", print_guard(&g, 1),
		   "{\"dir\":\"tx\",\"port_min\":5000,\"port_max\":5999}");
	g.dir = KSRTP_DIR_RX;
	g.port_min = g.port_max = 5004;
	expect_str("guard_text_single", print_guard(&g, 0),
		   "guard rx ports 5004\n");
	expect_str("guard_json_single", print_guard(&g, 1),
		   "{\"dir\":\"rx\",\"port_min\":5004,\"port_max\":5004}");
	g.dir = 7;
	expect_str("guard_text_unknown_dir", print_guard(&g, 0),
		   "guard ? ports 5004\n");

	memset(&ni, 0, sizeof(ni));
	ni.has_flows = ni.has_guards = ni.has_stats = 1;
	ni.flows = 3;
	ni.guards = 1;
	for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++)
		ni.stats.present[i] = 1;
	ni.stats.val[KSRTP_A_NETNS_STATS_GUARD_TX] = 12;
	ni.stats.val[KSRTP_A_NETNS_STATS_GSO_ERRORS] = 1ULL << 40;
	expect_str("stats_text", print_netns(&ni, 0),
		   "flows 3 guards 1\n"
		   "    stats guard-tx 12 guard-rx 0 fragments 0 gso-errors 1099511627776 gso-split 0\n");
	expect_str("stats_json", print_netns(&ni, 1),
		   "{\"flows\":3,\"guards\":1,\"stats\":{\"guard_tx\":12,\"guard_rx\":0,\"fragments\":0,\"gso_errors\":1099511627776,\"gso_split\":0},\"streams\":null,\"tx\":null,\"rx\":null}\n");

	/* Only what the kernel reported. */
	memset(&ni, 0, sizeof(ni));
	ni.has_flows = 1;
	expect_str("stats_text_minimal", print_netns(&ni, 0), "flows 0\n");
	expect_str("stats_json_minimal", print_netns(&ni, 1),
		   "{\"flows\":0,\"guards\":null,\"stats\":{},\"streams\":null,\"tx\":null,\"rx\":null}\n");
	ni.has_flows = 0;
	ni.has_guards = ni.has_stats = 1;
	ni.guards = 64;
	ni.stats.present[KSRTP_A_NETNS_STATS_GUARD_RX] = 1;
	ni.stats.val[KSRTP_A_NETNS_STATS_GUARD_RX] = 5;
	expect_str("stats_text_partial", print_netns(&ni, 0),
		   "guards 64\n    stats guard-rx 5\n");
	expect_str("stats_json_partial", print_netns(&ni, 1),
		   "{\"flows\":null,\"guards\":64,\"stats\":{\"guard_rx\":5},\"streams\":null,\"tx\":null,\"rx\":null}\n");

	/* the stream count and the flows' totals per direction */
	memset(&ni, 0, sizeof(ni));
	ni.has_flows = ni.has_streams = ni.has_tx = ni.has_rx = 1;
	ni.flows = 2;
	ni.streams = 5;
	ni.tx.present[KSRTP_A_STATS_PACKETS] = 1;
	ni.tx.val[KSRTP_A_STATS_PACKETS] = 1ULL << 35;
	ni.tx.present[KSRTP_A_STATS_TX_REPEAT] = 1;
	ni.rx.present[KSRTP_A_STATS_PACKETS] = 1;
	ni.rx.val[KSRTP_A_STATS_PACKETS] = 40;
	ni.rx.present[KSRTP_A_STATS_AUTH_FAIL] = 1;
	ni.rx.val[KSRTP_A_STATS_AUTH_FAIL] = 3;
	expect_str("stats_text_totals", print_netns(&ni, 0),
		   "flows 2 streams 5\n"
		   "    tx packets 34359738368 tx-repeat 0\n"
		   "    rx packets 40 auth-fail 3\n");
	expect_str("stats_json_totals", print_netns(&ni, 1),
		   "{\"flows\":2,\"guards\":null,\"stats\":{},\"streams\":5,"
		   "\"tx\":{\"packets\":34359738368,\"tx_repeat\":0},"
		   "\"rx\":{\"packets\":40,\"auth_fail\":3}}\n");

	for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++)
		ok &= netns_stat_name(i) != NULL;
	report("netns_stat_names", ok && !netns_stat_name(0) &&
	       !netns_stat_name(KSRTP_A_NETNS_STATS_MAX + 1) &&
	       !strcmp(netns_stat_name(KSRTP_A_NETNS_STATS_FRAGMENTS),
		       "fragments"),
	       "a KSRTP_A_NETNS_STATS_* counter has no name");
}

int main(void)
{
	test_good();
	test_bad();
	test_ports_helper();
	test_show_stats_parse();
	test_output();
	return test_summary();
}
