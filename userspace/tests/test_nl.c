// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the netlink messages of srtpctl, without a kernel: the
 * attributes srtpctl's requests (nl.c over libksrtp) put in flow-new, key
 * and guard requests, as sent to a made-up kernel, and how it parses
 * flow-get replies (with key and stream nests), stream-get, guard-get
 * and stats-get replies and key-event notifications built here the way the
 * kernel builds them (libksrtp's parsers, then nl.c's conversions); and,
 * through libnl's receive path with a made-up kernel (a libksrtp test
 * handle), that a dump the kernel ends with an error in NLMSG_DONE fails
 * with that error and its extended ack message.
 *
 * Prints "PASS userspace/<name>" or "FAIL userspace/<name>: reason" per
 * case and exits non-zero if any case failed.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <errno.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "internal.h"

#define FAKE_FAMILY	0x20

static unsigned int passed, failed;

static void report(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS userspace/nl_%s\n", name);
		passed++;
		return;
	}
	printf("FAIL userspace/nl_%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed++;
}

static struct nl_msg *new_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				 0, 0, cmd, KSRTP_FAMILY_VERSION)) {
		fprintf(stderr, "cannot build a message\n");
		exit(2);
	}
	return msg;
}

static int parse_attrs(struct nl_msg *msg, struct nlattr **tb, int max)
{
	return genlmsg_parse(nlmsg_hdr(msg), 0, tb, max, NULL);
}

static int is_u64(struct nlattr *a, uint64_t v)
{
	return a && nla_len(a) == 8 && nla_get_u64(a) == v;
}

/*
 * The requests as srtpctl sends them: each runs through nl.c and libksrtp
 * against a made-up kernel that keeps the request (cap_send) and acks it
 * (cap_recv; flow-new gets the new flow's id first). Its attributes are
 * then appended to @msg, for the checks below.
 */
static unsigned char cap_buf[4096];
static size_t cap_len;
static int cap_recvs;

static int cap_send(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	(void)sk;
	cap_len = nlh->nlmsg_len;
	memcpy(cap_buf, nlh, cap_len);
	cap_recvs = 0;
	return (int)nlh->nlmsg_len;
}

static int cap_recv(struct nl_sock *sk, struct sockaddr_nl *from,
		    unsigned char **buf, struct ucred **creds)
{
	struct nlmsghdr *req = (struct nlmsghdr *)cap_buf, *nlh;
	unsigned char *b;
	size_t len = 0;

	(void)sk;
	memset(from, 0, sizeof(*from));
	from->nl_family = AF_NETLINK;
	if (creds)
		*creds = NULL;
	if (cap_recvs++)
		return 0;
	b = calloc(1, 512);
	if (!b)
		return -NLE_NOMEM;
	if (((struct genlmsghdr *)NLMSG_DATA(req))->cmd == KSRTP_CMD_FLOW_NEW) {
		struct nl_msg *r = new_msg(KSRTP_CMD_FLOW_NEW);

		nla_put_u32(r, KSRTP_A_FLOW_ID, 1);
		nlh = nlmsg_hdr(r);
		nlh->nlmsg_seq = req->nlmsg_seq;
		memcpy(b, nlh, nlh->nlmsg_len);
		len = NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(r);
	}
	nlh = (struct nlmsghdr *)(b + len);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	memcpy(&((struct nlmsgerr *)NLMSG_DATA(nlh))->msg, req,
	       sizeof(*req));
	len += NLMSG_ALIGN(nlh->nlmsg_len);
	*buf = b;
	return (int)len;
}

static struct ksrtp_nl cap_nl;

/* Append the attributes of the request sent (0), or -1 if it failed. */
static int cap_append(int ret, struct nl_msg *msg)
{
	struct nlattr *a;
	int rem;

	if (ret || !cap_len)
		return -1;
	nlmsg_for_each_attr(a, (struct nlmsghdr *)cap_buf, GENL_HDRLEN, rem)
		if (nla_put(msg, nla_type(a), nla_len(a), nla_data(a)))
			return -1;
	cap_len = 0;
	return 0;
}

/*
 * flow-new: nl.c's conversion and libksrtp's builder, without the
 * library's checks of the config (the cases below leave out the key).
 */
static int ksrtp_nl_put_flow_new(struct nl_msg *msg,
				 const struct flow_req *req)
{
	struct ksrtp_flow_config c;
	int ret;

	ksrtp_nl_flow_config(req, &c);
	ret = kl_put_flow_new(msg, &c);
	explicit_bzero(&c, sizeof(c));
	return ret;
}

static int ksrtp_nl_put_sel(struct nl_msg *msg, const struct flow_sel *sel)
{
	struct ksrtp_nl_error e;

	return cap_append(ksrtp_nl_flow_del_sel(&cap_nl, sel, &e), msg);
}

static int ksrtp_nl_put_flow_set(struct nl_msg *msg,
				 const struct flow_set_req *req)
{
	struct ksrtp_nl_error e;

	return cap_append(ksrtp_nl_flow_set(&cap_nl, req, &e), msg);
}

static int ksrtp_nl_put_key(struct nl_msg *msg, uint8_t cmd,
			    const struct key_req *req)
{
	struct ksrtp_nl_error e;
	int ret;

	if (cmd == KSRTP_CMD_KEY_NEW)
		ret = ksrtp_nl_key_new(&cap_nl, req, &e);
	else if (cmd == KSRTP_CMD_KEY_DEL)
		ret = ksrtp_nl_key_del(&cap_nl, req, &e);
	else
		ret = ksrtp_nl_key_use(&cap_nl, req, &e);
	return cap_append(ret, msg);
}

static int ksrtp_nl_put_guard(struct nl_msg *msg, const struct guard_req *req)
{
	struct ksrtp_nl_error e;

	return cap_append(ksrtp_nl_guard_new(&cap_nl, req, &e), msg);
}

/* A reply parsed by libksrtp, then converted by nl.c, as srtpctl does. */
static int ksrtp_nl_parse_flow(struct nl_msg *msg,
			       void (*fn)(const struct flow_info *fi,
					  void *arg), void *arg)
{
	struct ksrtp_flow_info lfi;
	struct flow_info fi;
	int ret;

	if (kl_parse_flow(nlmsg_hdr(msg), &lfi))
		return -1;
	ret = ksrtp_nl_flow_info(&lfi, &fi);
	kl_flow_info_free(&lfi);
	if (ret)
		return -1;
	fn(&fi, arg);
	flow_info_free(&fi);
	return 0;
}

static int ksrtp_nl_parse_stream(struct nl_msg *msg, uint32_t *flow_id,
				 struct flow_stream *s)
{
	struct ksrtp_stream_info ls;

	memset(s, 0, sizeof(*s));
	if (kl_parse_stream(nlmsg_hdr(msg), &ls))
		return -1;
	*flow_id = ls.flow_id;
	ksrtp_nl_stream(&ls, s);
	return 0;
}

static int ksrtp_nl_parse_event(struct nl_msg *msg, struct key_event *ev)
{
	struct ksrtp_event lev;

	memset(ev, 0, sizeof(*ev));
	if (kl_parse_event(nlmsg_hdr(msg), FAKE_FAMILY, &lev) != 1)
		return -1;
	ksrtp_nl_event(&lev, ev);
	return 0;
}

static int ksrtp_nl_parse_guard(struct nl_msg *msg, struct guard_info *g)
{
	struct ksrtp_guard_info lg;

	memset(g, 0, sizeof(*g));
	if (kl_parse_guard(nlmsg_hdr(msg), &lg))
		return -1;
	ksrtp_nl_guard(&lg, g);
	return 0;
}

static int ksrtp_nl_parse_netns(struct nl_msg *msg, struct netns_info *ni)
{
	struct ksrtp_netns_stats st;

	memset(ni, 0, sizeof(*ni));
	if (kl_parse_netns(nlmsg_hdr(msg), &st))
		return -1;
	ksrtp_nl_netns(&st, ni);
	return 0;
}

static void test_flow_new(void)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	struct flow_req req;
	struct nl_msg *msg;

	memset(&req, 0, sizeof(req));
	req.dir = KSRTP_DIR_RX;
	req.family = AF_INET;
	req.local_port = 5000;
	req.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	req.key_len = 16;
	req.salt_len = 14;
	req.reset_roc = 1;
	req.has_grace_ms = 1;
	req.grace_ms = 250;
	req.has_grace_packets = 1;
	req.grace_packets = 0;
	req.has_lifetime = 1;
	req.lifetime = 1ULL << 48;
	req.has_soft_lifetime = 1;
	req.soft_lifetime = 1000;
	req.has_ssrc_idle_ms = 1;
	req.ssrc_idle_ms = 0;

	msg = new_msg(KSRTP_CMD_FLOW_NEW);
	report("flow_new_builds", !ksrtp_nl_put_flow_new(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX), "cannot build");
	report("flow_new_reset_roc", tb[KSRTP_A_FLOW_RESET_ROC] &&
	       nla_len(tb[KSRTP_A_FLOW_RESET_ROC]) == 0, "no flag");
	report("flow_new_grace", tb[KSRTP_A_FLOW_GRACE_MS] &&
	       nla_get_u32(tb[KSRTP_A_FLOW_GRACE_MS]) == 250 &&
	       tb[KSRTP_A_FLOW_GRACE_PACKETS] &&
	       nla_get_u32(tb[KSRTP_A_FLOW_GRACE_PACKETS]) == 0,
	       "grace attributes wrong");
	report("flow_new_lifetimes",
	       is_u64(tb[KSRTP_A_FLOW_LIFETIME], 1ULL << 48) &&
	       is_u64(tb[KSRTP_A_FLOW_SOFT_LIFETIME], 1000),
	       "lifetime attributes wrong");
	report("flow_new_ssrc_idle_ms", tb[KSRTP_A_FLOW_SSRC_IDLE_MS] &&
	       nla_len(tb[KSRTP_A_FLOW_SSRC_IDLE_MS]) == 4 &&
	       nla_get_u32(tb[KSRTP_A_FLOW_SSRC_IDLE_MS]) == 0,
	       "ssrc-idle-ms 0 not sent as a u32");
	nlmsg_free(msg);

	memset(&req, 0, sizeof(req));
	req.family = AF_INET;
	msg = new_msg(KSRTP_CMD_FLOW_NEW);
	report("flow_new_defaults", !ksrtp_nl_put_flow_new(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       !tb[KSRTP_A_FLOW_RESET_ROC] && !tb[KSRTP_A_FLOW_GRACE_MS] &&
	       !tb[KSRTP_A_FLOW_GRACE_PACKETS] && !tb[KSRTP_A_FLOW_LIFETIME] &&
	       !tb[KSRTP_A_FLOW_SOFT_LIFETIME] &&
	       !tb[KSRTP_A_FLOW_SSRC_IDLE_MS] &&
	       !tb[KSRTP_A_FLOW_SRTCP_TAG_LEN], "unasked attributes sent");
	nlmsg_free(msg);

	/* srtcp-tag 32: a u8 of 4 bytes */
	memset(&req, 0, sizeof(req));
	req.family = AF_INET;
	req.suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32;
	req.srtcp_tag_len = 4;
	msg = new_msg(KSRTP_CMD_FLOW_NEW);
	report("flow_new_srtcp_tag_len", !ksrtp_nl_put_flow_new(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       tb[KSRTP_A_FLOW_SRTCP_TAG_LEN] &&
	       nla_len(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) == 1 &&
	       nla_get_u8(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) == 4,
	       "srtcp-tag-len not sent as u8 4");
	nlmsg_free(msg);
}

static void test_key_requests(void)
{
	struct nlattr *tb[KSRTP_A_KEY_MAX + 1];
	struct key_req req;
	struct nl_msg *msg;
	unsigned int i;

	memset(&req, 0, sizeof(req));
	req.flow_id = 7;
	req.slot = KSRTP_KEY_SLOT_NEXT;
	req.key_len = 16;
	req.salt_len = 14;
	for (i = 0; i < 16; i++)
		req.key[i] = (uint8_t)i;
	for (i = 0; i < 14; i++)
		req.salt[i] = (uint8_t)(16 + i);
	req.has_lifetime = 1;
	req.lifetime = 1ULL << 20;
	req.has_soft_lifetime = 1;
	req.soft_lifetime = 1000;

	msg = new_msg(KSRTP_CMD_KEY_NEW);
	report("key_new_builds", !ksrtp_nl_put_key(msg, KSRTP_CMD_KEY_NEW,
						   &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_KEY_MAX), "cannot build");
	report("key_new_next", tb[KSRTP_A_KEY_FLOW_ID] &&
	       nla_get_u32(tb[KSRTP_A_KEY_FLOW_ID]) == 7 &&
	       tb[KSRTP_A_KEY_SLOT] && nla_len(tb[KSRTP_A_KEY_SLOT]) == 1 &&
	       nla_get_u8(tb[KSRTP_A_KEY_SLOT]) == KSRTP_KEY_SLOT_NEXT &&
	       !tb[KSRTP_A_KEY_MKI] && !tb[KSRTP_A_KEY_FROM_INDEX] &&
	       !tb[KSRTP_A_KEY_USE], "wrong attributes");
	report("key_new_material", tb[KSRTP_A_KEY_MASTER_KEY] &&
	       nla_len(tb[KSRTP_A_KEY_MASTER_KEY]) == 16 &&
	       ((uint8_t *)nla_data(tb[KSRTP_A_KEY_MASTER_KEY]))[15] == 15 &&
	       tb[KSRTP_A_KEY_MASTER_SALT] &&
	       nla_len(tb[KSRTP_A_KEY_MASTER_SALT]) == 14 &&
	       ((uint8_t *)nla_data(tb[KSRTP_A_KEY_MASTER_SALT]))[0] == 16,
	       "key or salt wrong");
	report("key_new_lifetimes",
	       is_u64(tb[KSRTP_A_KEY_LIFETIME], 1ULL << 20) &&
	       is_u64(tb[KSRTP_A_KEY_SOFT_LIFETIME], 1000),
	       "lifetimes wrong");
	nlmsg_free(msg);

	/* at INDEX, MKI, use: no slot attribute. */
	req.slot = 0;
	req.has_from_index = 1;
	req.from_index = 65536;
	req.mki_len = 2;
	req.mki[0] = 1;
	req.mki[1] = 2;
	req.use = 1;
	req.has_lifetime = req.has_soft_lifetime = 0;
	msg = new_msg(KSRTP_CMD_KEY_NEW);
	report("key_new_at_mki_use",
	       !ksrtp_nl_put_key(msg, KSRTP_CMD_KEY_NEW, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_KEY_MAX) &&
	       !tb[KSRTP_A_KEY_SLOT] &&
	       is_u64(tb[KSRTP_A_KEY_FROM_INDEX], 65536) &&
	       tb[KSRTP_A_KEY_MKI] && nla_len(tb[KSRTP_A_KEY_MKI]) == 2 &&
	       !memcmp(nla_data(tb[KSRTP_A_KEY_MKI]), "\1\2", 2) &&
	       tb[KSRTP_A_KEY_USE] && !tb[KSRTP_A_KEY_LIFETIME],
	       "wrong attributes");
	nlmsg_free(msg);

	/* key-del and key-use carry no key material. */
	msg = new_msg(KSRTP_CMD_KEY_DEL);
	report("key_del", !ksrtp_nl_put_key(msg, KSRTP_CMD_KEY_DEL, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_KEY_MAX) &&
	       tb[KSRTP_A_KEY_FLOW_ID] && tb[KSRTP_A_KEY_MKI] &&
	       is_u64(tb[KSRTP_A_KEY_FROM_INDEX], 65536) &&
	       !tb[KSRTP_A_KEY_MASTER_KEY] && !tb[KSRTP_A_KEY_MASTER_SALT] &&
	       !tb[KSRTP_A_KEY_USE], "wrong attributes");
	nlmsg_free(msg);

	msg = new_msg(KSRTP_CMD_KEY_USE);
	report("key_use", !ksrtp_nl_put_key(msg, KSRTP_CMD_KEY_USE, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_KEY_MAX) &&
	       tb[KSRTP_A_KEY_FLOW_ID] && tb[KSRTP_A_KEY_MKI] &&
	       !tb[KSRTP_A_KEY_FROM_INDEX] && !tb[KSRTP_A_KEY_SLOT] &&
	       !tb[KSRTP_A_KEY_MASTER_KEY] && !tb[KSRTP_A_KEY_USE],
	       "wrong attributes");
	nlmsg_free(msg);

	memset(&req, 0, sizeof(req));
	req.flow_id = 1;
	req.slot = KSRTP_KEY_SLOT_PREVIOUS;
	msg = new_msg(KSRTP_CMD_KEY_DEL);
	report("key_del_previous",
	       !ksrtp_nl_put_key(msg, KSRTP_CMD_KEY_DEL, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_KEY_MAX) &&
	       tb[KSRTP_A_KEY_SLOT] &&
	       nla_get_u8(tb[KSRTP_A_KEY_SLOT]) == KSRTP_KEY_SLOT_PREVIOUS &&
	       !tb[KSRTP_A_KEY_MKI] && !tb[KSRTP_A_KEY_FROM_INDEX],
	       "wrong attributes");
	nlmsg_free(msg);
}

/* What the flow-get reply parser saw. */
struct seen {
	int calls;
	struct flow_info fi;
	struct flow_key keys[4];
	struct flow_stream streams[2];
};

static void got_flow(const struct flow_info *fi, void *arg)
{
	struct seen *s = arg;
	unsigned int i;

	s->calls++;
	s->fi = *fi;
	s->fi.keys = NULL;
	s->fi.streams = NULL;
	for (i = 0; i < fi->n_keys && i < 4; i++)
		s->keys[i] = fi->keys[i];
	for (i = 0; i < fi->n_streams && i < 2; i++)
		s->streams[i] = fi->streams[i];
}

/* A kernel-style uint: 4 bytes if it fits, else 8 (nla_put_uint). */
static void put_uint(struct nl_msg *msg, int type, uint64_t v)
{
	if (v <= UINT32_MAX)
		nla_put_u32(msg, type, (uint32_t)v);
	else
		nla_put_u64(msg, type, v);
}

static struct nl_msg *flow_reply(int bad)
{
	struct nl_msg *msg = new_msg(KSRTP_CMD_FLOW_GET);
	struct nlattr *n;

	nla_put_u32(msg, KSRTP_A_FLOW_ID, 3);
	nla_put_u8(msg, KSRTP_A_FLOW_DIR, KSRTP_DIR_RX);
	nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, AF_INET);
	nla_put_u32(msg, KSRTP_A_FLOW_SUITE, KSRTP_SUITE_AEAD_AES_128_GCM);
	nla_put_flag(msg, KSRTP_A_FLOW_RESET_ROC);
	nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, 2000);
	nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS, 5);
	nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS, 30000);

	n = nla_nest_start(msg, KSRTP_A_FLOW_STATS | NLA_F_NESTED);
	put_uint(msg, KSRTP_A_STATS_PACKETS, 1ULL << 33);
	put_uint(msg, KSRTP_A_STATS_KEY_EXPIRED, 4);
	put_uint(msg, KSRTP_A_STATS_TX_REPEAT, 1ULL << 32);
	nla_nest_end(msg, n);

	n = nla_nest_start(msg, KSRTP_A_FLOW_STREAM | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_A_STREAM_SSRC, 0x1234);
	nla_put_u32(msg, KSRTP_A_STREAM_ROC, 1);
	nla_put_u16(msg, KSRTP_A_STREAM_SEQ, 7);
	if (bad == 3)
		nla_put_u16(msg, KSRTP_A_STREAM_IDLE_MS, 1500);
	else
		nla_put_u32(msg, KSRTP_A_STREAM_IDLE_MS, 1500);
	{
		struct nlattr *st;

		st = nla_nest_start(msg, KSRTP_A_STREAM_STATS | NLA_F_NESTED);
		put_uint(msg, KSRTP_A_STATS_TX_REPEAT, 3);
		nla_nest_end(msg, st);
	}
	nla_nest_end(msg, n);

	n = nla_nest_start(msg, KSRTP_A_FLOW_KEY | NLA_F_NESTED);
	nla_put_u8(msg, KSRTP_A_KEY_INFO_SLOT, KSRTP_KEY_SLOT_CURRENT);
	put_uint(msg, KSRTP_A_KEY_INFO_LIFETIME, 1ULL << 48);
	put_uint(msg, KSRTP_A_KEY_INFO_SOFT_LIFETIME, 1000);
	put_uint(msg, KSRTP_A_KEY_INFO_SRTP_PACKETS, 10);
	put_uint(msg, KSRTP_A_KEY_INFO_SRTCP_PACKETS, 0);
	nla_nest_end(msg, n);

	n = nla_nest_start(msg, KSRTP_A_FLOW_KEY | NLA_F_NESTED);
	if (bad == 1)
		nla_put_u16(msg, KSRTP_A_KEY_INFO_SLOT, KSRTP_KEY_SLOT_PENDING);
	else
		nla_put_u8(msg, KSRTP_A_KEY_INFO_SLOT, KSRTP_KEY_SLOT_PENDING);
	put_uint(msg, KSRTP_A_KEY_INFO_FROM_INDEX, 65536);
	nla_nest_end(msg, n);

	n = nla_nest_start(msg, KSRTP_A_FLOW_KEY | NLA_F_NESTED);
	nla_put_u8(msg, KSRTP_A_KEY_INFO_SLOT, KSRTP_KEY_SLOT_STANDBY);
	nla_put(msg, KSRTP_A_KEY_INFO_MKI, bad == 2 ? 5 : 2, "\x01\x02\x03\x04\x05");
	nla_nest_end(msg, n);
	return msg;
}

static void test_flow_reply(void)
{
	struct seen s;
	struct nl_msg *msg;
	int ret;

	memset(&s, 0, sizeof(s));
	msg = flow_reply(0);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_parses", ret == 0 && s.calls == 1 && s.fi.id == 3,
	       "ret %d calls %d", ret, s.calls);
	report("reply_flow_fields", s.fi.reset_roc && s.fi.has_grace_ms &&
	       s.fi.grace_ms == 2000 && s.fi.has_grace_packets &&
	       s.fi.grace_packets == 5 &&
	       s.fi.suite == KSRTP_SUITE_AEAD_AES_128_GCM,
	       "reset_roc %d grace %u/%u", s.fi.reset_roc, s.fi.grace_ms,
	       s.fi.grace_packets);
	report("reply_stats", s.fi.has_stats &&
	       s.fi.stats.val[KSRTP_A_STATS_PACKETS] == 1ULL << 33 &&
	       s.fi.stats.present[KSRTP_A_STATS_KEY_EXPIRED] &&
	       s.fi.stats.val[KSRTP_A_STATS_KEY_EXPIRED] == 4 &&
	       s.fi.stats.present[KSRTP_A_STATS_TX_REPEAT] &&
	       s.fi.stats.val[KSRTP_A_STATS_TX_REPEAT] == 1ULL << 32,
	       "stats wrong");
	report("reply_ssrc_idle_ms", s.fi.has_ssrc_idle_ms &&
	       s.fi.ssrc_idle_ms == 30000, "has %d val %u",
	       s.fi.has_ssrc_idle_ms, s.fi.ssrc_idle_ms);
	report("reply_stream", s.fi.n_streams == 1 &&
	       s.streams[0].has_ssrc && s.streams[0].ssrc == 0x1234 &&
	       s.streams[0].roc == 1 && s.streams[0].has_seq &&
	       s.streams[0].seq == 7 && s.streams[0].has_idle_ms &&
	       s.streams[0].idle_ms == 1500 && s.streams[0].has_stats &&
	       s.streams[0].stats.present[KSRTP_A_STATS_TX_REPEAT] &&
	       s.streams[0].stats.val[KSRTP_A_STATS_TX_REPEAT] == 3 &&
	       !s.streams[0].stats.present[KSRTP_A_STATS_PACKETS],
	       "n_streams %u idle %d/%u", s.fi.n_streams,
	       s.streams[0].has_idle_ms, s.streams[0].idle_ms);
	report("reply_keys", s.fi.n_keys == 3 &&
	       s.keys[0].slot == KSRTP_KEY_SLOT_CURRENT &&
	       s.keys[0].has_lifetime && s.keys[0].lifetime == 1ULL << 48 &&
	       s.keys[0].soft_lifetime == 1000 &&
	       s.keys[0].has_srtp_packets && s.keys[0].srtp_packets == 10 &&
	       s.keys[0].has_srtcp_packets && !s.keys[0].srtcp_packets &&
	       !s.keys[0].mki_len && !s.keys[0].has_from_index &&
	       s.keys[1].slot == KSRTP_KEY_SLOT_PENDING &&
	       s.keys[1].has_from_index && s.keys[1].from_index == 65536 &&
	       !s.keys[1].has_lifetime &&
	       s.keys[2].slot == KSRTP_KEY_SLOT_STANDBY &&
	       s.keys[2].mki_len == 2 && s.keys[2].mki[1] == 2,
	       "n_keys %u", s.fi.n_keys);

	memset(&s, 0, sizeof(s));
	msg = flow_reply(1);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_bad_slot", ret == -1 && !s.calls, "ret %d", ret);

	memset(&s, 0, sizeof(s));
	msg = flow_reply(2);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_bad_mki", ret == -1 && !s.calls, "ret %d", ret);

	memset(&s, 0, sizeof(s));
	msg = flow_reply(3);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_bad_idle_ms", ret == -1 && !s.calls, "ret %d", ret);

	/* An old kernel: no key nests, no new attributes. */
	memset(&s, 0, sizeof(s));
	msg = new_msg(KSRTP_CMD_FLOW_GET);
	nla_put_u32(msg, KSRTP_A_FLOW_ID, 9);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_old_kernel", ret == 0 && s.calls == 1 &&
	       !s.fi.n_keys && !s.fi.reset_roc && !s.fi.has_grace_ms &&
	       !s.fi.has_ssrc_idle_ms && !s.fi.srtcp_tag_len, "ret %d", ret);

	/* srtcp-tag-len: a u8; anything else is a malformed reply */
	memset(&s, 0, sizeof(s));
	msg = new_msg(KSRTP_CMD_FLOW_GET);
	nla_put_u32(msg, KSRTP_A_FLOW_ID, 10);
	nla_put_u32(msg, KSRTP_A_FLOW_SUITE, KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32);
	nla_put_u8(msg, KSRTP_A_FLOW_SRTCP_TAG_LEN, 4);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_srtcp_tag_len", ret == 0 && s.calls == 1 &&
	       s.fi.srtcp_tag_len == 4, "ret %d len %u", ret,
	       s.fi.srtcp_tag_len);
	memset(&s, 0, sizeof(s));
	msg = new_msg(KSRTP_CMD_FLOW_GET);
	nla_put_u32(msg, KSRTP_A_FLOW_ID, 11);
	nla_put_u16(msg, KSRTP_A_FLOW_SRTCP_TAG_LEN, 4);
	ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
	nlmsg_free(msg);
	report("reply_bad_srtcp_tag_len", ret == -1 && !s.calls, "ret %d",
	       ret);
}

static void test_event(void)
{
	struct key_event ev;
	struct nl_msg *msg;
	int ret;

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_KEY_PROMOTED);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 3);
	nla_put(msg, KSRTP_A_EVENT_MKI, 1, "\x01");
	put_uint(msg, KSRTP_A_EVENT_FROM_INDEX, 65536);
	nla_put_u32(msg, KSRTP_A_EVENT_SSRC, 0x1234);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_parses", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_KEY_PROMOTED && ev.has_flow_id &&
	       ev.flow_id == 3 && ev.mki_len == 1 && ev.mki[0] == 1 &&
	       ev.has_from_index && ev.from_index == 65536 && ev.has_ssrc &&
	       ev.ssrc == 0x1234, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_NEW_SSRC);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 4);
	put_uint(msg, KSRTP_A_EVENT_FROM_INDEX, 1ULL << 40);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_minimal", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_NEW_SSRC && ev.flow_id == 4 &&
	       !ev.mki_len && !ev.has_ssrc && ev.from_index == 1ULL << 40,
	       "ret %d", ret);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 4);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_no_type", ret == -1, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_SOFT_LIMIT);
	nla_put_u16(msg, KSRTP_A_EVENT_FLOW_ID, 4);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_bad_flow_id", ret == -1, "ret %d", ret);

	/*
	 * from-index as nla_put_u64_64bit() sends it where it must align
	 * it: after a zero-length pad attribute, which is ignored.
	 */
	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_KEY_RETIRED);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 5);
	nla_put(msg, KSRTP_A_EVENT_PAD, 0, NULL);
	nla_put_u64(msg, KSRTP_A_EVENT_FROM_INDEX, 1ULL << 47);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_padded_from_index", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_KEY_RETIRED && ev.flow_id == 5 &&
	       ev.has_from_index && ev.from_index == 1ULL << 47 &&
	       !ev.has_ssrc && !ev.mki_len, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_TX_REPEAT);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 6);
	nla_put_u32(msg, KSRTP_A_EVENT_SSRC, 0xcafe);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_tx_repeat", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_TX_REPEAT && ev.flow_id == 6 &&
	       ev.has_ssrc && ev.ssrc == 0xcafe && !ev.has_from_index,
	       "ret %d", ret);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_SSRC_EXPIRED);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 7);
	nla_put_u32(msg, KSRTP_A_EVENT_SSRC, 0xbeef);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_ssrc_expired", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_SSRC_EXPIRED && ev.flow_id == 7 &&
	       ev.has_ssrc && ev.ssrc == 0xbeef, "ret %d", ret);
}

/* The two bytes of a big-endian u16 attribute. */
static int is_be16(struct nlattr *a, uint16_t v)
{
	const uint8_t *p;

	if (!a || nla_len(a) != 2)
		return 0;
	p = nla_data(a);
	return p[0] == v >> 8 && p[1] == (v & 0xff);
}

/* Issue 11: cookie and owned, selectors, flow-set, flow events. */
static void test_lifecycle(void)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	struct flow_set_req set;
	struct flow_sel sel;
	struct flow_req req;
	struct key_event ev;
	struct nl_msg *msg;
	int ret;

	memset(&req, 0, sizeof(req));
	req.family = AF_INET;
	req.cookie = 1ULL << 63;
	req.owned = 1;
	msg = new_msg(KSRTP_CMD_FLOW_NEW);
	report("flow_new_cookie_owned", !ksrtp_nl_put_flow_new(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       is_u64(tb[KSRTP_A_FLOW_COOKIE], 1ULL << 63) &&
	       tb[KSRTP_A_FLOW_SOCKET_OWNER] &&
	       !nla_len(tb[KSRTP_A_FLOW_SOCKET_OWNER]), "attributes wrong");
	nlmsg_free(msg);

	memset(&sel, 0, sizeof(sel));
	sel.has_tuple = 1;
	sel.dir = KSRTP_DIR_TX;
	sel.family = AF_INET;
	sel.local_port = 5000;
	sel.has_remote = 1;
	sel.remote_port = 6000;
	msg = new_msg(KSRTP_CMD_FLOW_DEL);
	report("sel_tuple", !ksrtp_nl_put_sel(msg, &sel) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       !tb[KSRTP_A_FLOW_ID] && !tb[KSRTP_A_FLOW_COOKIE] &&
	       tb[KSRTP_A_FLOW_DIR] &&
	       nla_len(tb[KSRTP_A_FLOW_LOCAL_ADDR]) == 4 &&
	       is_be16(tb[KSRTP_A_FLOW_LOCAL_PORT], 5000) &&
	       is_be16(tb[KSRTP_A_FLOW_REMOTE_PORT], 6000), "attributes wrong");
	nlmsg_free(msg);

	memset(&sel, 0, sizeof(sel));
	sel.has_cookie = 1;
	sel.cookie = 42;
	msg = new_msg(KSRTP_CMD_FLOW_DEL);
	report("sel_cookie", !ksrtp_nl_put_sel(msg, &sel) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       is_u64(tb[KSRTP_A_FLOW_COOKIE], 42) && !tb[KSRTP_A_FLOW_ID] &&
	       !tb[KSRTP_A_FLOW_DIR], "attributes wrong");
	nlmsg_free(msg);

	memset(&set, 0, sizeof(set));
	set.id = 9;
	set.family = AF_INET6;
	set.has_remote = 1;
	set.remote_port = 7000;
	set.has_ssrc_idle_ms = 1;
	msg = new_msg(KSRTP_CMD_FLOW_SET);
	report("flow_set", !ksrtp_nl_put_flow_set(msg, &set) &&
	       !parse_attrs(msg, tb, KSRTP_A_FLOW_MAX) &&
	       nla_get_u32(tb[KSRTP_A_FLOW_ID]) == 9 &&
	       nla_len(tb[KSRTP_A_FLOW_REMOTE_ADDR]) == 16 &&
	       is_be16(tb[KSRTP_A_FLOW_REMOTE_PORT], 7000) &&
	       tb[KSRTP_A_FLOW_SSRC_IDLE_MS] && !tb[KSRTP_A_FLOW_GRACE_MS] &&
	       !tb[KSRTP_A_FLOW_FAMILY], "attributes wrong");
	nlmsg_free(msg);

	msg = new_msg(KSRTP_CMD_KEY_EVENT);
	nla_put_u8(msg, KSRTP_A_EVENT_TYPE, KSRTP_EVENT_TYPE_FLOW_DELETED);
	nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, 8);
	nla_put_u8(msg, KSRTP_A_EVENT_REASON, KSRTP_DEL_REASON_OWNER);
	nla_put(msg, KSRTP_A_EVENT_PAD, 0, NULL);
	nla_put_u64(msg, KSRTP_A_EVENT_COOKIE, 77);
	ret = ksrtp_nl_parse_event(msg, &ev);
	nlmsg_free(msg);
	report("event_flow_deleted", ret == 0 &&
	       ev.type == KSRTP_EVENT_TYPE_FLOW_DELETED && ev.flow_id == 8 &&
	       ev.reason == KSRTP_DEL_REASON_OWNER && ev.cookie == 77,
	       "ret %d", ret);
	report("event_reason_names",
	       !strcmp(event_reason_name(KSRTP_DEL_REASON_OWNER), "owner") &&
	       !strcmp(event_reason_name(KSRTP_DEL_REASON_NETNS_EXIT),
		       "netns-exit") &&
	       !strcmp(event_type_name(KSRTP_EVENT_TYPE_FLOW_ADDED),
		       "flow-added") && !event_reason_name(200), "names");
}

static void test_guard(void)
{
	struct nlattr *tb[KSRTP_A_GUARD_MAX + 1];
	struct guard_req req = { KSRTP_DIR_RX, 5000, 5999 };
	struct guard_info g;
	struct nl_msg *msg;
	int ret;

	msg = new_msg(KSRTP_CMD_GUARD_NEW);
	report("guard_new_builds", !ksrtp_nl_put_guard(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_GUARD_MAX), "cannot build");
	report("guard_new_attrs", tb[KSRTP_A_GUARD_DIR] &&
	       nla_len(tb[KSRTP_A_GUARD_DIR]) == 1 &&
	       nla_get_u8(tb[KSRTP_A_GUARD_DIR]) == KSRTP_DIR_RX &&
	       is_be16(tb[KSRTP_A_GUARD_PORT_MIN], 5000) &&
	       is_be16(tb[KSRTP_A_GUARD_PORT_MAX], 5999),
	       "wrong attributes");
	nlmsg_free(msg);

	/* One port: both ends sent, equal. */
	req.dir = KSRTP_DIR_TX;
	req.port_min = req.port_max = 5004;
	msg = new_msg(KSRTP_CMD_GUARD_DEL);
	report("guard_del_single", !ksrtp_nl_put_guard(msg, &req) &&
	       !parse_attrs(msg, tb, KSRTP_A_GUARD_MAX) &&
	       nla_get_u8(tb[KSRTP_A_GUARD_DIR]) == KSRTP_DIR_TX &&
	       is_be16(tb[KSRTP_A_GUARD_PORT_MIN], 5004) &&
	       is_be16(tb[KSRTP_A_GUARD_PORT_MAX], 5004),
	       "wrong attributes");
	nlmsg_free(msg);

	/* A guard-get reply, ports big-endian. */
	msg = new_msg(KSRTP_CMD_GUARD_GET);
	nla_put_u8(msg, KSRTP_A_GUARD_DIR, KSRTP_DIR_TX);
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MIN, htons(1));
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MAX, htons(65535));
	ret = ksrtp_nl_parse_guard(msg, &g);
	nlmsg_free(msg);
	report("guard_reply", ret == 0 && g.dir == KSRTP_DIR_TX &&
	       g.port_min == 1 && g.port_max == 65535,
	       "ret %d dir %u ports %u-%u", ret, g.dir, g.port_min,
	       g.port_max);

	msg = new_msg(KSRTP_CMD_GUARD_GET);
	nla_put_u8(msg, KSRTP_A_GUARD_DIR, KSRTP_DIR_TX);
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MIN, htons(5000));
	ret = ksrtp_nl_parse_guard(msg, &g);
	nlmsg_free(msg);
	report("guard_reply_no_max", ret == -1, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_GUARD_GET);
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MIN, htons(5000));
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MAX, htons(5000));
	ret = ksrtp_nl_parse_guard(msg, &g);
	nlmsg_free(msg);
	report("guard_reply_no_dir", ret == -1, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_GUARD_GET);
	nla_put_u8(msg, KSRTP_A_GUARD_DIR, KSRTP_DIR_RX);
	nla_put_u32(msg, KSRTP_A_GUARD_PORT_MIN, 5000);
	nla_put_u16(msg, KSRTP_A_GUARD_PORT_MAX, htons(5000));
	ret = ksrtp_nl_parse_guard(msg, &g);
	nlmsg_free(msg);
	report("guard_reply_bad_port", ret == -1, "ret %d", ret);
}

static void test_netns(void)
{
	struct netns_info ni;
	struct nl_msg *msg;
	struct nlattr *n;
	int ret;

	/* uint counters come as 4 or 8 bytes; unknown ones are skipped. */
	msg = new_msg(KSRTP_CMD_STATS_GET);
	nla_put_u32(msg, KSRTP_A_NETNS_FLOWS, 3);
	nla_put_u32(msg, KSRTP_A_NETNS_GUARDS, 1);
	n = nla_nest_start(msg, KSRTP_A_NETNS_STATS | NLA_F_NESTED);
	put_uint(msg, KSRTP_A_NETNS_STATS_GUARD_TX, 0);
	put_uint(msg, KSRTP_A_NETNS_STATS_GUARD_RX, 1ULL << 33);
	put_uint(msg, KSRTP_A_NETNS_STATS_FRAGMENTS, 2);
	nla_put_u64(msg, KSRTP_A_NETNS_STATS_GSO_ERRORS, 4);
	put_uint(msg, KSRTP_A_NETNS_STATS_MAX + 1, 99);
	nla_nest_end(msg, n);
	ret = ksrtp_nl_parse_netns(msg, &ni);
	nlmsg_free(msg);
	report("stats_reply", ret == 0 && ni.has_flows && ni.flows == 3 &&
	       ni.has_guards && ni.guards == 1 && ni.has_stats &&
	       ni.stats.present[KSRTP_A_NETNS_STATS_GUARD_TX] &&
	       !ni.stats.val[KSRTP_A_NETNS_STATS_GUARD_TX] &&
	       ni.stats.val[KSRTP_A_NETNS_STATS_GUARD_RX] == 1ULL << 33 &&
	       ni.stats.val[KSRTP_A_NETNS_STATS_FRAGMENTS] == 2 &&
	       ni.stats.present[KSRTP_A_NETNS_STATS_GSO_ERRORS] &&
	       ni.stats.val[KSRTP_A_NETNS_STATS_GSO_ERRORS] == 4,
	       "ret %d", ret);

	msg = new_msg(KSRTP_CMD_STATS_GET);
	ret = ksrtp_nl_parse_netns(msg, &ni);
	nlmsg_free(msg);
	report("stats_reply_empty", ret == 0 && !ni.has_flows &&
	       !ni.has_guards && !ni.has_stats, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_STATS_GET);
	nla_put_u32(msg, KSRTP_A_NETNS_FLOWS, 3);
	n = nla_nest_start(msg, KSRTP_A_NETNS_STATS | NLA_F_NESTED);
	nla_put_u16(msg, KSRTP_A_NETNS_STATS_GUARD_TX, 1);
	nla_nest_end(msg, n);
	ret = ksrtp_nl_parse_netns(msg, &ni);
	nlmsg_free(msg);
	report("stats_reply_bad_uint", ret == -1, "ret %d", ret);

	msg = new_msg(KSRTP_CMD_STATS_GET);
	nla_put_u64(msg, KSRTP_A_NETNS_FLOWS, 3);
	ret = ksrtp_nl_parse_netns(msg, &ni);
	nlmsg_free(msg);
	report("stats_reply_bad_flows", ret == -1, "ret %d", ret);
}

/* A stream-get reply: flow id, one stream nest. */
static struct nl_msg *stream_reply(uint32_t flow, uint32_t ssrc, int bad)
{
	struct nl_msg *msg = new_msg(KSRTP_CMD_STREAM_GET);
	struct nlattr *n, *st;

	if (bad != 1)
		nla_put_u32(msg, KSRTP_A_FLOW_ID, flow);
	if (bad == 2)
		return msg;
	n = nla_nest_start(msg, KSRTP_A_FLOW_STREAM | NLA_F_NESTED);
	nla_put_u32(msg, KSRTP_A_STREAM_SSRC, ssrc);
	nla_put_u32(msg, KSRTP_A_STREAM_ROC, 2);
	nla_put_u16(msg, KSRTP_A_STREAM_SEQ, 9);
	nla_put_u32(msg, KSRTP_A_STREAM_SRTCP_INDEX, 4);
	nla_put_u32(msg, KSRTP_A_STREAM_IDLE_MS, 10);
	st = nla_nest_start(msg, KSRTP_A_STREAM_STATS | NLA_F_NESTED);
	put_uint(msg, KSRTP_A_STATS_PACKETS, 5);
	nla_nest_end(msg, st);
	nla_nest_end(msg, n);
	return msg;
}

static void test_stream_reply(void)
{
	struct flow_stream st;
	struct nl_msg *msg;
	uint32_t id = 0;
	int ret;

	msg = stream_reply(7, 0xdeadbeef, 0);
	ret = ksrtp_nl_parse_stream(msg, &id, &st);
	report("stream_reply", !ret && id == 7 && st.has_ssrc &&
	       st.ssrc == 0xdeadbeef && st.roc == 2 && st.seq == 9 &&
	       st.srtcp_index == 4 && st.idle_ms == 10 && st.has_stats &&
	       st.stats.val[KSRTP_A_STATS_PACKETS] == 5,
	       "ret %d id %u ssrc %x", ret, id, st.ssrc);
	nlmsg_free(msg);
	msg = stream_reply(7, 1, 1);
	report("stream_reply_needs_id", ksrtp_nl_parse_stream(msg, &id, &st),
	       "a reply without the flow id parsed");
	nlmsg_free(msg);
	msg = stream_reply(7, 1, 2);
	report("stream_reply_needs_stream",
	       ksrtp_nl_parse_stream(msg, &id, &st),
	       "a reply without a stream parsed");
	nlmsg_free(msg);

	/* flow-get replies carry the number of streams */
	{
		struct seen s = { 0 };

		msg = new_msg(KSRTP_CMD_FLOW_GET);
		nla_put_u32(msg, KSRTP_A_FLOW_ID, 3);
		nla_put_u32(msg, KSRTP_A_FLOW_STREAM_COUNT, 1000);
		ret = ksrtp_nl_parse_flow(msg, got_flow, &s);
		report("flow_reply_stream_count", !ret && s.calls == 1 &&
		       s.fi.has_stream_count && s.fi.stream_count == 1000 &&
		       !s.fi.n_streams, "ret %d count %u", ret,
		       s.fi.stream_count);
		nlmsg_free(msg);
	}
}

/*
 * A made-up kernel: what the request was (fake_send), and the replies it
 * gets (fake_recv hands out fake_buf once, then nothing).
 */
static unsigned char fake_buf[8192];
static size_t fake_len;
static uint32_t fake_seq;
static int fake_sent_cmd, fake_sent_flags, fake_recvs;

static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);

	(void)sk;
	fake_seq = nlh->nlmsg_seq;
	fake_sent_cmd = gh->cmd;
	fake_sent_flags = nlh->nlmsg_flags;
	return (int)nlh->nlmsg_len;
}

static int fake_recv(struct nl_sock *sk, struct sockaddr_nl *from,
		     unsigned char **buf, struct ucred **creds)
{
	struct nlmsghdr *nlh;
	size_t off;

	(void)sk;
	memset(from, 0, sizeof(*from));
	from->nl_family = AF_NETLINK;
	if (creds)
		*creds = NULL;
	if (fake_recvs++ || !fake_len)
		return 0;
	/* the replies answer the request that was just sent */
	for (off = 0; off < fake_len; off += NLMSG_ALIGN(nlh->nlmsg_len)) {
		nlh = (struct nlmsghdr *)(fake_buf + off);
		nlh->nlmsg_seq = fake_seq;
	}
	*buf = malloc(fake_len);
	if (!*buf)
		return -NLE_NOMEM;
	memcpy(*buf, fake_buf, fake_len);
	return (int)fake_len;
}

static void fake_reset(void)
{
	fake_len = 0;
	fake_recvs = 0;
	fake_sent_cmd = -1;
	fake_sent_flags = 0;
}

/* Append one reply message (a multi-part dump message) to fake_buf. */
static void fake_add(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	nlh->nlmsg_flags |= NLM_F_MULTI;
	memcpy(fake_buf + fake_len, nlh, nlh->nlmsg_len);
	fake_len += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(msg);
}

/* Append NLMSG_DONE with @error and, if @text, an extack message. */
static void fake_done(int error, const char *text)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(fake_buf + fake_len);
	size_t len = NLMSG_HDRLEN + sizeof(error);

	memset(nlh, 0, NLMSG_SPACE(sizeof(error)) + 128);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	memcpy(NLMSG_DATA(nlh), &error, sizeof(error));
	if (text) {
		struct nlattr *a = (struct nlattr *)((char *)nlh + len);
		size_t n = strlen(text) + 1;

		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(NLA_HDRLEN + n);
		memcpy((char *)a + NLA_HDRLEN, text, n);
		len += NLA_ALIGN(a->nla_len);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	nlh->nlmsg_len = (uint32_t)len;
	fake_len += NLMSG_ALIGN(len);
}

static void count_flow(const struct flow_info *fi, void *arg)
{
	(void)fi;
	(*(int *)arg)++;
}

static void count_stream(uint32_t flow_id, const struct flow_stream *s,
			 void *arg)
{
	unsigned int *n = arg;

	if (flow_id == 5 && s->ssrc == 100 + n[0])
		n[0]++;
	else
		n[1]++;
}

/* The request paths of nl.c against the made-up kernel. */
static void test_dump_done(void)
{
	struct ksrtp_nl nl = {
		.h = kl_test_handle(FAKE_FAMILY, fake_send, fake_recv)
	};
	struct ksrtp_nl_error e;
	unsigned int seen[2];
	int ret, n;

	if (!nl.h) {
		fprintf(stderr, "cannot allocate a handle\n");
		exit(2);
	}

	/* a flow dump that ends well */
	fake_reset();
	fake_add(flow_reply(0));
	fake_add(flow_reply(0));
	fake_done(0, NULL);
	n = 0;
	ret = ksrtp_nl_flow_get(&nl, 0, 0, count_flow, &n, &e);
	report("dump_done_ok", !ret && n == 2 &&
	       fake_sent_cmd == KSRTP_CMD_FLOW_GET &&
	       (fake_sent_flags & NLM_F_DUMP) == NLM_F_DUMP,
	       "ret %d flows %d err %d", ret, n, e.err);

	/*
	 * The old failure: the kernel stops the flow dump at a flow that does
	 * not fit (EMSGSIZE in NLMSG_DONE). The flows before it arrive; the
	 * request fails with the kernel's error and message.
	 */
	fake_reset();
	fake_add(flow_reply(0));
	fake_done(-EMSGSIZE, "ksrtp: the flow does not fit one message");
	n = 0;
	ret = ksrtp_nl_flow_get(&nl, 0, 0, count_flow, &n, &e);
	report("dump_done_error", ret == -1 && n == 1 && e.err == EMSGSIZE &&
	       !strcmp(e.msg, "ksrtp: the flow does not fit one message"),
	       "ret %d flows %d err %d msg '%s'", ret, n, e.err, e.msg);

	/* an error without extack, and nothing before it */
	fake_reset();
	fake_done(-ENOENT, NULL);
	ret = ksrtp_nl_stream_get(&nl, 5, 0, 0, count_stream, seen, &e);
	report("dump_done_error_no_extack", ret == -1 && e.err == ENOENT &&
	       !e.msg[0], "ret %d err %d msg '%s'", ret, e.err, e.msg);

	/* a stream dump: every stream, then an empty DONE */
	fake_reset();
	for (n = 0; n < 3; n++)
		fake_add(stream_reply(5, 100 + n, 0));
	fake_done(0, NULL);
	memset(seen, 0, sizeof(seen));
	ret = ksrtp_nl_stream_get(&nl, 5, 0, 0, count_stream, seen, &e);
	report("stream_dump", !ret && seen[0] == 3 && !seen[1] &&
	       fake_sent_cmd == KSRTP_CMD_STREAM_GET &&
	       (fake_sent_flags & NLM_F_DUMP) == NLM_F_DUMP,
	       "ret %d streams %u/%u", ret, seen[0], seen[1]);

	/* a stream dump cut short by the flow's deletion */
	fake_reset();
	fake_add(stream_reply(5, 100, 0));
	fake_done(-ENOENT, "no flow with this id in this network namespace");
	memset(seen, 0, sizeof(seen));
	ret = ksrtp_nl_stream_get(&nl, 5, 0, 0, count_stream, seen, &e);
	report("stream_dump_error", ret == -1 && seen[0] == 1 &&
	       e.err == ENOENT && strstr(e.msg, "no flow with this id"),
	       "ret %d streams %u err %d msg '%s'", ret, seen[0], e.err,
	       e.msg);

	/* a malformed stream in a dump fails it too */
	fake_reset();
	fake_add(stream_reply(5, 100, 2));
	fake_done(0, NULL);
	memset(seen, 0, sizeof(seen));
	ret = ksrtp_nl_stream_get(&nl, 5, 0, 0, count_stream, seen, &e);
	report("stream_dump_malformed", ret == -1 && e.err == EPROTO,
	       "ret %d err %d", ret, e.err);
	ksrtp_nl_close(&nl);
}

int main(void)
{
	cap_nl.h = kl_test_handle(FAKE_FAMILY, cap_send, cap_recv);
	if (!cap_nl.h) {
		fprintf(stderr, "cannot allocate a handle\n");
		exit(2);
	}
	test_flow_new();
	test_key_requests();
	test_flow_reply();
	test_event();
	test_lifecycle();
	test_guard();
	test_netns();
	test_stream_reply();
	test_dump_done();
	ksrtp_nl_close(&cap_nl);
	printf("# nl: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
