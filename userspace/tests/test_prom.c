// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of prom.c: the exact Prometheus text srtpctl prints. That it
 * parses under the format's rules is checked by tests/promparse.py (run on
 * this output by test_cli.sh and in the VM by tests/e2e/trace.sh).
 */
#define TEST_SUITE "prom"
#include "harness.h"

#include <linux/ksrtp.h>

#include "prom.h"

static char *capture_family(const char *name, enum prom_type type,
			    const char *help, const char *lname,
			    const char *lval, uint64_t v, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*ret = prom_family(f, name, type, help, lname, lval, v);
	fclose(f);
	return buf;
}

static void test_family(void)
{
	int ret;
	char *s;

	s = capture_family("ksrtp_x_total", PROM_COUNTER, "Some \\ text\nhere",
			   "netns", "a\"b\\c\nd", 18446744073709551615ULL,
			   &ret);
	report("family_escapes", !ret && !strcmp(s,
		"# HELP ksrtp_x_total Some \\\\ text\\nhere\n"
		"# TYPE ksrtp_x_total counter\n"
		"ksrtp_x_total{netns=\"a\\\"b\\\\c\\nd\"} 18446744073709551615\n"),
	       "got '%s'", s);
	free(s);
	s = capture_family("ksrtp_flows", PROM_GAUGE, "Flows.", NULL, NULL, 3,
			   &ret);
	report("family_gauge_nolabel", !ret && !strcmp(s,
		"# HELP ksrtp_flows Flows.\n# TYPE ksrtp_flows gauge\n"
		"ksrtp_flows 3\n"), "got '%s'", s);
	free(s);
	s = capture_family("ksrtp-bad", PROM_GAUGE, "x", NULL, NULL, 1, &ret);
	report("family_bad_name", ret == -1 && !*s, "ret %d got '%s'", ret, s);
	free(s);
	s = capture_family("9lives", PROM_GAUGE, "x", NULL, NULL, 1, &ret);
	report("family_digit_first", ret == -1 && !*s, "ret %d", ret);
	free(s);
	s = capture_family("ok", PROM_GAUGE, "x", "bad-label", "v", 1, &ret);
	report("family_bad_label", ret == -1 && !*s, "ret %d", ret);
	free(s);
}

/* What prom_netns_print() prints for @ni (malloc'd). */
static char *capture_netns(const struct netns_info *ni, const char *netns)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	prom_netns_print(f, ni, netns);
	fclose(f);
	return buf;
}

static void test_netns(void)
{
	struct netns_info ni = { .has_flows = 1, .flows = 2, .has_guards = 1,
				 .guards = 0, .has_stats = 1 };
	char *buf;

	ni.stats.present[KSRTP_A_NETNS_STATS_GUARD_RX] = 1;
	ni.stats.val[KSRTP_A_NETNS_STATS_GUARD_RX] = 5;
	ni.stats.present[KSRTP_A_NETNS_STATS_GSO_SPLIT] = 1;
	ni.stats.val[KSRTP_A_NETNS_STATS_GSO_SPLIT] = 7;
	buf = capture_netns(&ni, "4026531840");
	report("netns", !strcmp(buf,
		"# HELP ksrtp_flows Flows in the network namespace.\n"
		"# TYPE ksrtp_flows gauge\n"
		"ksrtp_flows{netns=\"4026531840\"} 2\n"
		"# HELP ksrtp_guards Guarded port ranges in the network namespace.\n"
		"# TYPE ksrtp_guards gauge\n"
		"ksrtp_guards{netns=\"4026531840\"} 0\n"
		"# HELP ksrtp_guard_rx_total RTP or RTCP to a guarded port without a flow, dropped.\n"
		"# TYPE ksrtp_guard_rx_total counter\n"
		"ksrtp_guard_rx_total{netns=\"4026531840\"} 5\n"
		"# HELP ksrtp_gso_split_total GSO or GRO packets of a flow or guarded port split into datagrams.\n"
		"# TYPE ksrtp_gso_split_total counter\n"
		"ksrtp_gso_split_total{netns=\"4026531840\"} 7\n"),
	       "got '%s'", buf);
	free(buf);
	buf = capture_netns(&ni, NULL);
	report("netns_nolabel", strstr(buf, "\nksrtp_flows 2\n") &&
	       !strchr(buf, '{'), "got '%s'", buf);
	free(buf);
}

static void test_flow_totals(void)
{
	struct netns_info ni = { .has_streams = 1, .streams = 4,
				 .has_tx = 1, .has_rx = 1 };
	char *buf;

	ni.tx.present[KSRTP_A_STATS_PACKETS] = 1;
	ni.tx.val[KSRTP_A_STATS_PACKETS] = 10;
	ni.rx.present[KSRTP_A_STATS_PACKETS] = 1;
	ni.rx.val[KSRTP_A_STATS_PACKETS] = 8;
	ni.rx.present[KSRTP_A_STATS_AUTH_FAIL] = 1;
	ni.rx.val[KSRTP_A_STATS_AUTH_FAIL] = 2;
	buf = capture_netns(&ni, "4026531840");
	report("flow_totals", !strcmp(buf,
		"# HELP ksrtp_streams SSRC streams the flows in the network namespace learned.\n"
		"# TYPE ksrtp_streams gauge\n"
		"ksrtp_streams{netns=\"4026531840\"} 4\n"
		"# HELP ksrtp_flow_packets_total Packets protected (tx) or authenticated (rx) by the flows.\n"
		"# TYPE ksrtp_flow_packets_total counter\n"
		"ksrtp_flow_packets_total{dir=\"tx\",netns=\"4026531840\"} 10\n"
		"ksrtp_flow_packets_total{dir=\"rx\",netns=\"4026531840\"} 8\n"
		"# HELP ksrtp_flow_auth_fail_total SRTP or SRTCP packets that failed authentication, dropped.\n"
		"# TYPE ksrtp_flow_auth_fail_total counter\n"
		"ksrtp_flow_auth_fail_total{dir=\"rx\",netns=\"4026531840\"} 2\n"),
	       "got '%s'", buf);
	free(buf);
	buf = capture_netns(&ni, NULL);
	report("flow_totals_nolabel",
	       strstr(buf, "\nksrtp_flow_packets_total{dir=\"rx\"} 8\n") &&
	       strstr(buf, "\nksrtp_streams 4\n"), "got '%s'", buf);
	free(buf);
}

static void test_sample(void)
{
	const char *two[] = { "a", "x\"y", "b", "2", NULL };
	const char *bad[] = { "a-b", "1", NULL };
	const char *noval[] = { "a", NULL, NULL };
	char *buf = NULL;
	size_t len = 0;
	int r1, r2, r3, r4;
	FILE *f;

	f = open_memstream(&buf, &len);
	r1 = prom_sample(f, "m", two, 1);
	r2 = prom_sample(f, "m", NULL, 2);
	r3 = prom_sample(f, "m", bad, 3);
	r4 = prom_sample(f, "m", noval, 4);
	fclose(f);
	report("sample_labels", !r1 && !r2 && r3 == -1 && r4 == -1 &&
	       !strcmp(buf, "m{a=\"x\\\"y\",b=\"2\"} 1\nm 2\n"),
	       "got '%s' %d %d %d %d", buf, r1, r2, r3, r4);
	free(buf);
}

static void test_netns_id(void)
{
	char id[32] = "x", small[4];
	unsigned long long v;
	char *end;

	report("netns_id", !prom_netns_id(id, sizeof(id)) &&
	       (v = strtoull(id, &end, 10)) > 0 && !*end, "id '%s'", id);
	report("netns_id_small", prom_netns_id(small, sizeof(small)) == -1,
	       "no error for a short buffer");
}

/* --print: a sample of what srtpctl stats --prometheus prints. */
static int print_sample(void)
{
	struct netns_info ni = { .has_flows = 1, .flows = 1, .has_guards = 1,
				 .guards = 2, .has_stats = 1 };
	unsigned int i;

	for (i = 1; i <= KSRTP_A_NETNS_STATS_MAX; i++) {
		ni.stats.present[i] = 1;
		ni.stats.val[i] = i * 1000;
	}
	ni.has_streams = ni.has_tx = ni.has_rx = 1;
	ni.streams = 3;
	for (i = 1; i <= KSRTP_A_STATS_MAX; i++) {
		ni.tx.present[i] = ni.rx.present[i] = 1;
		ni.tx.val[i] = i;
		ni.rx.val[i] = i * 7;
	}
	prom_netns_print(stdout, &ni, "4026531840");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--print"))
		return print_sample();
	test_family();
	test_netns();
	test_flow_totals();
	test_sample();
	test_netns_id();
	return test_summary();
}
