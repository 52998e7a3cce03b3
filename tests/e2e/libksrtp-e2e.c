// SPDX-License-Identifier: GPL-2.0
/*
 * libksrtp against the module, in the netns it runs in (libksrtp.sh):
 *
 *   libksrtp-e2e basic
 *	flows added, got and dumped; keys replaced, added, shown, deleted;
 *	streams, guards, stats; the kernel's extack text on bad requests.
 *	Prints PASS/FAIL lines and exits non-zero if any failed.
 *   libksrtp-e2e events COUNT TIMEOUT_MS
 *	subscribes, prints "ready", then one line per event read through
 *	poll(2) ("event TYPE flow ID [ssrc 0xS]") until COUNT events or
 *	the timeout; exits 0 if COUNT were read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ksrtp/ksrtp.h>

static int fails;

static void check(const char *name, int ok, struct ksrtp *h, int ret)
{
	if (ok) {
		printf("PASS e2e/libksrtp/%s\n", name);
		return;
	}
	printf("FAIL e2e/libksrtp/%s: ret %d, '%s' '%s'\n", name, ret,
	       ksrtp_errmsg(h), ksrtp_erratt(h));
	fails++;
}

static void tx_flow(struct ksrtp_flow_config *c, uint16_t port)
{
	KSRTP_INIT(c);
	c->dir = KSRTP_DIR_TX;
	c->family = AF_INET;
	inet_pton(AF_INET, "10.0.0.1", c->local_addr);
	inet_pton(AF_INET, "10.0.0.2", c->remote_addr);
	c->local_port = port;
	c->remote_port = 6000;
	c->opts = KSRTP_FLOW_REMOTE | KSRTP_FLOW_RTCP_MUX;
	c->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	c->key_len = 16;
	c->salt_len = 14;
	memset(c->key, 1, 16);
	memset(c->salt, 2, 14);
}

struct seen {
	int n, tx, rx;
	uint32_t want_tx, want_rx;
	int keys_next;
};

static int see_flow(const struct ksrtp_flow_info *fi, void *arg)
{
	struct seen *s = arg;

	s->n++;
	if (fi->id == s->want_tx && fi->dir == KSRTP_DIR_TX &&
	    fi->local_port == 5000 && fi->remote_port == 6000 &&
	    fi->suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 &&
	    (fi->opts & KSRTP_FLOW_RTCP_MUX) && fi->n_keys >= 1)
		s->tx++;
	if (fi->id == s->want_rx && fi->dir == KSRTP_DIR_RX &&
	    (fi->opts & KSRTP_FLOW_SSRC) && fi->ssrc == 0x1234)
		s->rx++;
	return 0;
}

static int see_key(uint32_t id, const struct ksrtp_key_info *k, void *arg)
{
	struct seen *s = arg;

	(void)id;
	if (k->slot == KSRTP_KEY_SLOT_NEXT)
		s->keys_next++;
	return 0;
}

static int see_guard(const struct ksrtp_guard_info *g, void *arg)
{
	(*(int *)arg) += g->dir == KSRTP_DIR_RX && g->port_min == 40000 &&
		g->port_max == 40009;
	return 0;
}

static int basic(void)
{
	struct ksrtp_flow_config c;
	struct ksrtp_key_config k;
	struct ksrtp_netns_stats st;
	struct ksrtp_stream_info si;
	struct seen s = { 0 };
	struct ksrtp *h;
	uint32_t id;
	int ret, g = 0;

	ret = ksrtp_open(&h);
	check("open", !ret, NULL, ret);
	if (ret)
		return 1;
	ret = ksrtp_flow_flush(h, 0);
	check("flush", !ret, h, ret);

	tx_flow(&c, 5000);
	ret = ksrtp_flow_add(h, &c, &s.want_tx);
	check("flow_add_tx", !ret && s.want_tx, h, ret);
	tx_flow(&c, 6000);
	c.dir = KSRTP_DIR_RX;
	c.opts = KSRTP_FLOW_SSRC;
	c.ssrc = 0x1234;
	ret = ksrtp_flow_add(h, &c, &s.want_rx);
	check("flow_add_rx", !ret && s.want_rx, h, ret);

	ret = ksrtp_flow_dump(h, 0, see_flow, &s);
	check("flow_dump", ret == 2 && s.n == 2 && s.tx == 1 && s.rx == 1, h,
	      ret);
	memset(&s.n, 0, 3 * sizeof(int));
	ret = ksrtp_flow_dump(h, KSRTP_DIR_RX, see_flow, &s);
	check("flow_dump_rx", ret == 1 && s.rx == 1 && !s.tx, h, ret);
	ret = ksrtp_flow_get(h, s.want_tx, see_flow, &s);
	check("flow_get", ret == 0 && s.tx == 1, h, ret);

	/* rekey: replace on tx, next on rx */
	KSRTP_INIT(&k);
	k.flow_id = s.want_tx;
	k.key_len = 16;
	k.salt_len = 14;
	memset(k.key, 3, 16);
	ret = ksrtp_key_replace(h, &k);
	check("key_replace", !ret, h, ret);
	k.flow_id = s.want_rx;
	k.slot = KSRTP_KEY_SLOT_NEXT;
	ret = ksrtp_key_add(h, &k);
	check("key_add_next", !ret, h, ret);
	ret = ksrtp_key_show(h, s.want_rx, see_key, &s);
	check("key_show", ret == 2 && s.keys_next == 1, h, ret);
	/* a second next key replaces the first */
	ret = ksrtp_key_add(h, &k);
	check("key_add_next_again", !ret, h, ret);
	KSRTP_INIT(&k);
	k.flow_id = s.want_rx;
	k.slot = KSRTP_KEY_SLOT_NEXT;
	ret = ksrtp_key_del(h, &k);
	check("key_del_next", !ret, h, ret);
	ret = ksrtp_key_use(h, s.want_tx, (const uint8_t *)"\x01", 1);
	check("key_use_without_mki_extack", ret < 0 && ksrtp_errmsg(h)[0],
	      h, ret);
	printf("# key use on a flow without MKI: %d '%s'\n", ret,
	       ksrtp_errmsg(h));

	/* extack of a bad request: a 15-byte key for a 16-byte suite */
	tx_flow(&c, 5002);
	c.key_len = 15;
	ret = ksrtp_flow_add(h, &c, &id);
	check("flow_add_bad_key_extack", ret < 0 && id == 0 &&
	      ksrtp_errmsg(h)[0] && !strcmp(ksrtp_erratt(h), "master-key"),
	      h, ret);
	printf("# bad key: %d '%s' attr '%s'\n", ret, ksrtp_errmsg(h),
	       ksrtp_erratt(h));
	ret = ksrtp_flow_get(h, 0xfffffff0, see_flow, &s);
	check("flow_get_unknown", ret == -ENOENT, h, ret);

	KSRTP_INIT(&si);
	/* a flow with one SSRC has its stream from the start */
	ret = ksrtp_stream_get(h, s.want_rx, 0x1234, &si);
	check("stream_get_pinned", !ret && si.flow_id == s.want_rx &&
	      si.ssrc == 0x1234, h, ret);
	ret = ksrtp_stream_get(h, s.want_rx, 0x9999, &si);
	check("stream_get_unknown_extack", ret == -ENOENT &&
	      ksrtp_errmsg(h)[0], h, ret);
	printf("# unknown stream: %d '%s'\n", ret, ksrtp_errmsg(h));
	ret = ksrtp_stream_dump(h, s.want_rx, NULL, NULL);
	check("stream_dump_no_cb", ret == -EINVAL, h, ret);

	ret = ksrtp_guard_add(h, KSRTP_DIR_RX, 40000, 40009);
	check("guard_add", !ret, h, ret);
	ret = ksrtp_guard_add(h, KSRTP_DIR_RX, 40000, 40009);
	check("guard_add_twice", ret == -EEXIST, h, ret);
	ret = ksrtp_guard_get(h, KSRTP_DIR_RX, 40000, 40009);
	check("guard_get", !ret, h, ret);
	ret = ksrtp_guard_dump(h, 0, see_guard, &g);
	check("guard_dump", ret >= 1 && g == 1, h, ret);
	KSRTP_INIT(&st);
	ret = ksrtp_stats_get(h, &st);
	check("stats_get", !ret && st.flows == 2 && st.guards >= 1 &&
	      (st.opts & KSRTP_NETNS_STATS), h, ret);
	ret = ksrtp_guard_del(h, KSRTP_DIR_RX, 40000, 40009);
	check("guard_del", !ret, h, ret);
	ret = ksrtp_guard_get(h, KSRTP_DIR_RX, 40000, 40009);
	check("guard_get_gone", ret == -ENOENT, h, ret);

	ret = ksrtp_flow_del(h, s.want_tx);
	check("flow_del", !ret, h, ret);
	ret = ksrtp_flow_del(h, s.want_tx);
	check("flow_del_again_extack", ret == -ENOENT, h, ret);
	ret = ksrtp_flow_flush(h, KSRTP_DIR_RX);
	memset(&s.n, 0, 3 * sizeof(int));
	check("flush_rx", !ret && ksrtp_flow_dump(h, 0, see_flow, &s) == 0,
	      h, ret);
	explicit_bzero(&c, sizeof(c));
	explicit_bzero(&k, sizeof(k));
	ksrtp_close(h);
	return fails ? 1 : 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int events(int count, int timeout_ms)
{
	struct ksrtp_event ev;
	struct pollfd p;
	struct ksrtp *h;
	long end = now_ms() + timeout_ms;
	int ret, n = 0;

	ret = ksrtp_open(&h);
	if (!ret)
		ret = ksrtp_events_subscribe(h);
	if (ret) {
		fprintf(stderr, "events: %d %s\n", ret, ksrtp_errmsg(h));
		return 1;
	}
	p.fd = ksrtp_events_fd(h);
	p.events = POLLIN;
	printf("ready\n");
	fflush(stdout);
	while (n < count && now_ms() < end) {
		ret = poll(&p, 1, (int)(end - now_ms()));
		if (ret <= 0)
			continue;
		KSRTP_INIT(&ev);
		while ((ret = ksrtp_events_read(h, &ev)) == 1) {
			printf("event %s flow %u", ksrtp_event_type_name(ev.type),
			       ev.flow_id);
			if (ev.opts & KSRTP_EVENT_SSRC)
				printf(" ssrc 0x%x", ev.ssrc);
			printf("\n");
			n++;
		}
		if (ret < 0)
			printf("# read: %d %s\n", ret, ksrtp_errmsg(h));
		fflush(stdout);
	}
	ksrtp_close(h);
	return n >= count ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "basic"))
		return basic();
	if (argc == 4 && !strcmp(argv[1], "events"))
		return events(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: libksrtp-e2e basic | events COUNT TIMEOUT_MS\n");
	return 2;
}
