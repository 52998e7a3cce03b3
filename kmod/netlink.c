// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: the generic netlink family "ksrtp" (netlink/ksrtp.yaml).
 *
 * The policies and the ops table are generated from the spec into
 * netlink/ksrtp-nl-gen.c; this file implements the handlers. Requests are
 * checked in full before anything changes, and key material is never put in
 * a reply and is wiped from the request once the key context is built.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "compat.h"
#include "event.h"
#include "flow.h"
#include "guard.h"
#include "ksrtp-nl-gen.h"
#include "netlink.h"
#include "netns.h"
#include "replay.h"
#include "suite.h"

/*
 * A required attribute: if it is missing, extack names it (the core's
 * missing-attribute report) and says so in words.
 */
#define KSRTP_NL_NEED(info, attr, name) ({				\
	struct genl_info *__ni = (info);				\
	bool __miss = GENL_REQ_ATTR_CHECK(__ni, attr);			\
									\
	if (__miss)							\
		NL_SET_ERR_MSG(__ni->extack, "missing attribute: " name); \
	__miss;								\
})

static unsigned int ssrc_idle_ms = 30000;
module_param(ssrc_idle_ms, uint, 0644);
MODULE_PARM_DESC(ssrc_idle_ms,
		 "default ssrc-idle-ms of new flows with any SSRC (ms, 0: never)");

static int ksrtp_nl_addr(struct genl_info *info, int attr, u16 family,
			 struct in6_addr *addr)
{
	const struct nlattr *nla = info->attrs[attr];
	int want = family == AF_INET ? 4 : 16;

	if (nla_len(nla) != want) {
		if (family == AF_INET)
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "an AF_INET address is 4 bytes");
		else
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "an AF_INET6 address is 16 bytes");
		return -EINVAL;
	}
	memcpy(addr, nla_data(nla), want);
	return 0;
}

/* The lifetime and soft-lifetime attributes of a key. */
static int ksrtp_nl_lifetimes(struct netlink_ext_ack *extack,
			      const struct nlattr *hard,
			      const struct nlattr *soft,
			      struct ksrtp_key_cfg *kcfg)
{
	if (hard) {
		kcfg->lifetime = nla_get_u64(hard);
		if (!kcfg->lifetime ||
		    kcfg->lifetime > KSRTP_SRTP_LIFETIME_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, hard,
					    "lifetime must be 1 to 2^48 packets");
			return -ERANGE;
		}
	}
	if (soft) {
		kcfg->soft_lifetime = nla_get_u64(soft);
		if (!kcfg->soft_lifetime ||
		    (kcfg->lifetime &&
		     kcfg->soft_lifetime > kcfg->lifetime)) {
			NL_SET_ERR_MSG_ATTR(extack, soft,
					    "soft-lifetime must be 1 to lifetime packets");
			return -ERANGE;
		}
	}
	return 0;
}

/*
 * The remote address and port of a request, both or neither (then *@rport
 * stays 0); changes nothing.
 */
static int ksrtp_nl_parse_remote(struct genl_info *info, u16 family,
				 struct in6_addr *raddr, __be16 *rport)
{
	struct nlattr **attrs = info->attrs;
	int err;

	if (!!attrs[KSRTP_A_FLOW_REMOTE_ADDR] !=
	    !!attrs[KSRTP_A_FLOW_REMOTE_PORT]) {
		NL_SET_ERR_MSG(info->extack,
			       "give both remote address and remote port, or neither");
		return -EINVAL;
	}
	if (!attrs[KSRTP_A_FLOW_REMOTE_ADDR])
		return 0;
	err = ksrtp_nl_addr(info, KSRTP_A_FLOW_REMOTE_ADDR, family, raddr);
	if (err)
		return err;
	*rport = nla_get_be16(attrs[KSRTP_A_FLOW_REMOTE_PORT]);
	if (!*rport) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KSRTP_A_FLOW_REMOTE_PORT],
				    "remote port must not be 0");
		return -EINVAL;
	}
	return 0;
}

/*
 * The 5-tuple of a request: dir, family, local address and port, and the
 * remote address and port (both or neither; a tx flow needs them). Into a
 * zeroed @key; changes nothing.
 */
static int ksrtp_nl_parse_key(struct genl_info *info,
			      struct ksrtp_flow_key *key)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	u16 family;
	int err;

	if (KSRTP_NL_NEED(info, KSRTP_A_FLOW_DIR, "dir") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_FAMILY, "family") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_LOCAL_ADDR, "local-addr") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_LOCAL_PORT, "local-port"))
		return -EINVAL;

	memset(key, 0, sizeof(*key));
	key->dir = nla_get_u8(attrs[KSRTP_A_FLOW_DIR]);
	family = nla_get_u16(attrs[KSRTP_A_FLOW_FAMILY]);
	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	key->family = family;
	err = ksrtp_nl_addr(info, KSRTP_A_FLOW_LOCAL_ADDR, family, &key->laddr);
	if (err)
		return err;
	key->lport = nla_get_be16(attrs[KSRTP_A_FLOW_LOCAL_PORT]);
	if (!key->lport) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_LOCAL_PORT],
				    "local port must not be 0");
		return -EINVAL;
	}

	err = ksrtp_nl_parse_remote(info, family, &key->raddr, &key->rport);
	if (err)
		return err;
	if (!key->rport && key->dir == KSRTP_FLOW_TX) {
		NL_SET_ERR_MSG(extack, "a tx flow needs a remote address and port");
		return -EINVAL;
	}
	return 0;
}

/* Turn a flow-new request into a flow config; changes nothing. */
static int ksrtp_nl_parse_flow(struct genl_info *info,
			       struct ksrtp_flow_cfg *cfg)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	const struct ksrtp_suite_info *suite;
	int err;

	if (KSRTP_NL_NEED(info, KSRTP_A_FLOW_DIR, "dir") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_FAMILY, "family") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_LOCAL_ADDR, "local-addr") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_LOCAL_PORT, "local-port") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_SUITE, "suite") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_MASTER_KEY, "master-key") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_MASTER_SALT, "master-salt"))
		return -EINVAL;

	memset(cfg, 0, sizeof(*cfg));
	cfg->grace_ms = KSRTP_GRACE_MS_DEFAULT;
	err = ksrtp_nl_parse_key(info, &cfg->key);
	if (err)
		return err;

	suite = ksrtp_suite_get(nla_get_u32(attrs[KSRTP_A_FLOW_SUITE]));
	if (!suite) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_SUITE],
				    "unknown crypto suite");
		return -EINVAL;
	}
	if (nla_len(attrs[KSRTP_A_FLOW_MASTER_KEY]) != suite->key_len) {
		if (suite->key_len == 16)
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_MASTER_KEY],
					    "master key must be 16 bytes for this suite");
		else
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_MASTER_KEY],
					    "master key must be 32 bytes for this suite");
		return -EINVAL;
	}
	if (nla_len(attrs[KSRTP_A_FLOW_MASTER_SALT]) != suite->salt_len) {
		if (suite->aead)
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_MASTER_SALT],
					    "master salt must be 12 bytes for AEAD suites");
		else
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_MASTER_SALT],
					    "master salt must be 14 bytes for AES-CM and NULL suites");
		return -EINVAL;
	}
	cfg->kcfg.master.suite = suite->id;
	cfg->kcfg.master.key = nla_data(attrs[KSRTP_A_FLOW_MASTER_KEY]);
	cfg->kcfg.master.salt = nla_data(attrs[KSRTP_A_FLOW_MASTER_SALT]);
	if (attrs[KSRTP_A_FLOW_MKI]) {
		int len = nla_len(attrs[KSRTP_A_FLOW_MKI]);

		if (len < 1 || len > KSRTP_MKI_MAX_LEN) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_MKI],
					    "MKI must be 1 to 4 bytes");
			return -EINVAL;
		}
		cfg->kcfg.master.mki = nla_data(attrs[KSRTP_A_FLOW_MKI]);
		cfg->kcfg.master.mki_len = len;
	}

	if (attrs[KSRTP_A_FLOW_SRTCP_TAG_LEN]) {
		u8 tag_len = nla_get_u8(attrs[KSRTP_A_FLOW_SRTCP_TAG_LEN]);

		if (!suite->srtcp_tag32) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_SRTCP_TAG_LEN],
					    "srtcp-tag-len applies only to the AES_CM_128_HMAC_SHA1_32 and AES_256_CM_HMAC_SHA1_32 suites");
			return -EINVAL;
		}
		if (!ksrtp_srtcp_tag_len_ok(suite, tag_len)) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_SRTCP_TAG_LEN],
					    "srtcp-tag-len must be 4 or 10 bytes");
			return -EINVAL;
		}
		if (tag_len == 4)
			cfg->flags |= KSRTP_FLOW_F_SRTCP_TAG32;
	}

	if (attrs[KSRTP_A_FLOW_RTCP_MUX] && attrs[KSRTP_A_FLOW_RTCP]) {
		NL_SET_ERR_MSG(extack,
			       "rtcp-mux and rtcp exclude each other: a flow is either muxed or RTCP only");
		return -EINVAL;
	}
	if (attrs[KSRTP_A_FLOW_RTCP_MUX])
		cfg->flags |= KSRTP_FLOW_F_RTCP_MUX;
	if (attrs[KSRTP_A_FLOW_RTCP])
		cfg->flags |= KSRTP_FLOW_F_RTCP;

	if (attrs[KSRTP_A_FLOW_SSRC]) {
		cfg->ssrc = nla_get_u32(attrs[KSRTP_A_FLOW_SSRC]);
		if (attrs[KSRTP_A_FLOW_MAX_SSRCS]) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_MAX_SSRCS],
					    "max-ssrcs applies only to a flow without a pinned ssrc");
			return -EINVAL;
		}
	} else {
		cfg->flags |= KSRTP_FLOW_F_SSRC_ANY;
		cfg->max_ssrcs = KSRTP_MAX_SSRCS_DEFAULT;
		if (attrs[KSRTP_A_FLOW_MAX_SSRCS])
			cfg->max_ssrcs =
				nla_get_u32(attrs[KSRTP_A_FLOW_MAX_SSRCS]);
		if (attrs[KSRTP_A_FLOW_ROC]) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_ROC],
					    "roc needs a pinned ssrc");
			return -EINVAL;
		}
	}
	if (attrs[KSRTP_A_FLOW_ROC])
		cfg->roc = nla_get_u32(attrs[KSRTP_A_FLOW_ROC]);
	if (cfg->flags & KSRTP_FLOW_F_SSRC_ANY) {
		cfg->ssrc_idle_ms = READ_ONCE(ssrc_idle_ms);
		if (attrs[KSRTP_A_FLOW_SSRC_IDLE_MS])
			cfg->ssrc_idle_ms =
				nla_get_u32(attrs[KSRTP_A_FLOW_SSRC_IDLE_MS]);
	} else if (attrs[KSRTP_A_FLOW_SSRC_IDLE_MS]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_SSRC_IDLE_MS],
				    "ssrc-idle-ms applies only to a flow without a pinned ssrc");
		return -EINVAL;
	}

	/* tx: how far back out-of-order packets may still be protected */
	cfg->replay_window = KSRTP_REPLAY_DEFAULT;
	if (attrs[KSRTP_A_FLOW_REPLAY_WINDOW]) {
		cfg->replay_window =
			nla_get_u32(attrs[KSRTP_A_FLOW_REPLAY_WINDOW]);
		if (cfg->replay_window < KSRTP_REPLAY_MIN ||
		    cfg->replay_window > KSRTP_REPLAY_MAX) {
			NL_SET_ERR_MSG_ATTR(extack,
					    attrs[KSRTP_A_FLOW_REPLAY_WINDOW],
					    "replay-window must be 64 to 32768 packets");
			return -ERANGE;
		}
	}
	if (attrs[KSRTP_A_FLOW_RESET_ROC])
		cfg->flags |= KSRTP_FLOW_F_RESET_ROC;
	if (attrs[KSRTP_A_FLOW_GRACE_MS])
		cfg->grace_ms = nla_get_u32(attrs[KSRTP_A_FLOW_GRACE_MS]);
	if (attrs[KSRTP_A_FLOW_GRACE_PACKETS])
		cfg->grace_packets =
			nla_get_u32(attrs[KSRTP_A_FLOW_GRACE_PACKETS]);
	if (attrs[KSRTP_A_FLOW_COOKIE])
		cfg->cookie = nla_get_u64(attrs[KSRTP_A_FLOW_COOKIE]);
	/* deleted when this socket goes (ksrtp_nl_notify()) */
	if (attrs[KSRTP_A_FLOW_SOCKET_OWNER])
		cfg->owner = info->snd_portid;
	return ksrtp_nl_lifetimes(extack, attrs[KSRTP_A_FLOW_LIFETIME],
				  attrs[KSRTP_A_FLOW_SOFT_LIFETIME],
				  &cfg->kcfg);
}

static void ksrtp_nl_wipe(struct genl_info *info, int attr)
{
	if (info->attrs[attr])
		memzero_explicit(nla_data(info->attrs[attr]),
				 nla_len(info->attrs[attr]));
}

int ksrtp_nl_flow_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_flow_cfg cfg;
	struct sk_buff *msg;
	void *hdr;
	u32 id;
	int err;

	/* The reply first: once the flow exists, nothing may fail. */
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: out of memory");
		err = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &ksrtp_nl_family, 0,
				KSRTP_CMD_FLOW_NEW);
	if (!hdr) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: no room for the reply");
		err = -EMSGSIZE;
		goto out;
	}
	err = ksrtp_nl_parse_flow(info, &cfg);
	if (!err)
		err = ksrtp_net_activate(kn, info->extack);
	if (!err)
		err = ksrtp_flow_create(kn, &cfg, &id, info->extack);
	memzero_explicit(&cfg, sizeof(cfg));
	if (err)
		goto out;
	/* an empty message of NLMSG_GOODSIZE holds a u32 */
	WARN_ON_ONCE(nla_put_u32(msg, KSRTP_A_FLOW_ID, id));
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	msg = NULL;
	if (err) {
		/* the caller never learns the id: the flow must not stay */
		struct ksrtp_flow *flow;

		mutex_lock(&kn->lock);
		flow = ksrtp_flow_find_id(kn, id);
		if (flow)
			ksrtp_flow_delete(kn, flow, KSRTP_DEL_REASON_ABORTED);
		mutex_unlock(&kn->lock);
		NL_SET_ERR_MSG(info->extack,
			       "ksrtp: the reply could not be delivered; the flow was not kept");
	}
out:
	ksrtp_nl_wipe(info, KSRTP_A_FLOW_MASTER_KEY);
	ksrtp_nl_wipe(info, KSRTP_A_FLOW_MASTER_SALT);
	nlmsg_free(msg);
	return err;
}

static struct ksrtp_flow *ksrtp_nl_flow_by_id(struct ksrtp_net *kn,
					      struct genl_info *info)
{
	struct ksrtp_flow *flow;

	flow = ksrtp_flow_find_id(kn, nla_get_u32(info->attrs[KSRTP_A_FLOW_ID]));
	if (!flow)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_FLOW_ID],
				    "no flow with this id in this network namespace");
	return flow;
}

static const int ksrtp_nl_tuple_attrs[] = {
	KSRTP_A_FLOW_DIR, KSRTP_A_FLOW_FAMILY, KSRTP_A_FLOW_LOCAL_ADDR,
	KSRTP_A_FLOW_LOCAL_PORT, KSRTP_A_FLOW_REMOTE_ADDR,
	KSRTP_A_FLOW_REMOTE_PORT,
};

/*
 * The flow a flow-get or flow-del request names, by id or by 5-tuple, or
 * (@cookie, flow-del) whether it names flows by cookie: then *@cookie is
 * set and *@flow is NULL. Caller holds kn->lock, so *@flow stays.
 */
static int ksrtp_nl_flow_sel(struct ksrtp_net *kn, struct genl_info *info,
			     u64 *cookie, struct ksrtp_flow **flow)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct ksrtp_flow_key key;
	bool tuple = false;
	unsigned int i;
	int err;

	*flow = NULL;
#ifndef KSRTP_HAVE_SPLIT_OPS
	/*
	 * The legacy ops table (6.1) has one policy for do and dump, so a
	 * flow-get do may carry the dump's cookie. (With split ops the do's
	 * policy has no cookie, and info->attrs does not reach that far.)
	 */
	if (!cookie && attrs[KSRTP_A_FLOW_COOKIE]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_COOKIE],
				    "a cookie selects flows in a dump, not one flow");
		return -EINVAL;
	}
#endif
	for (i = 0; i < ARRAY_SIZE(ksrtp_nl_tuple_attrs); i++)
		tuple |= !!attrs[ksrtp_nl_tuple_attrs[i]];
	if (!!attrs[KSRTP_A_FLOW_ID] + (cookie && attrs[KSRTP_A_FLOW_COOKIE]) +
	    tuple != 1) {
		if (cookie)
			NL_SET_ERR_MSG(extack,
				       "name the flows by exactly one of id, cookie and 5-tuple");
		else
			NL_SET_ERR_MSG(extack,
				       "name the flow by exactly one of id and 5-tuple");
		return -EINVAL;
	}
	if (attrs[KSRTP_A_FLOW_ID]) {
		*flow = ksrtp_nl_flow_by_id(kn, info);
		return *flow ? 0 : -ENOENT;
	}
	if (!tuple) {
		*cookie = nla_get_u64(attrs[KSRTP_A_FLOW_COOKIE]);
		if (!*cookie) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_COOKIE],
					    "cookie 0 means no cookie and names no flow");
			return -EINVAL;
		}
		if (!ksrtp_flow_find_cookie(kn, *cookie)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_COOKIE],
					    "no flow with this cookie in this network namespace");
			return -ENOENT;
		}
		return 0;
	}
	err = ksrtp_nl_parse_key(info, &key);
	if (err)
		return err;
	rcu_read_lock();
	*flow = ksrtp_flow_lookup(kn, &key);
	rcu_read_unlock();
	if (!*flow) {
		NL_SET_ERR_MSG(extack,
			       "no flow with this 5-tuple in this network namespace");
		return -ENOENT;
	}
	return 0;
}

int ksrtp_nl_flow_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_flow *flow;
	u64 cookie = 0;
	int err;

	mutex_lock(&kn->lock);
	err = ksrtp_nl_flow_sel(kn, info, &cookie, &flow);
	if (!err && flow)
		ksrtp_flow_delete(kn, flow, KSRTP_DEL_REASON_REQUEST);
	else if (!err)
		while ((flow = ksrtp_flow_find_cookie(kn, cookie))) {
			ksrtp_flow_delete(kn, flow, KSRTP_DEL_REASON_REQUEST);
			cond_resched();
		}
	mutex_unlock(&kn->lock);
	return err;
}

int ksrtp_nl_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	u8 dir = 0;

	if (info->attrs[KSRTP_A_FLOW_DIR])
		dir = nla_get_u8(info->attrs[KSRTP_A_FLOW_DIR]);
	mutex_lock(&kn->lock);
	ksrtp_flow_flush(kn, dir, KSRTP_DEL_REASON_FLUSH);
	mutex_unlock(&kn->lock);
	return 0;
}

/* A counter: 32 bits while it fits, else 64 ("uint" in the spec). */
static int ksrtp_nl_put_uint(struct sk_buff *msg, int attr, u64 v)
{
	if (v <= U32_MAX)
		return nla_put_u32(msg, attr, v);
	return nla_put(msg, attr, sizeof(v), &v);
}

static int ksrtp_nl_put_stats(struct sk_buff *msg, int attr,
			      const struct ksrtp_stats *s)
{
	struct nlattr *nest = nla_nest_start(msg, attr);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __KSRTP_STAT_MAX; i++)
		if (ksrtp_nl_put_uint(msg, i + 1, s->v[i]))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* One stream nest; under RCU, or with the stream otherwise kept alive. */
static int ksrtp_nl_put_stream(struct sk_buff *msg, struct ksrtp_stream *st)
{
	struct ksrtp_stats stats;
	struct nlattr *nest;
	u32 roc, srtcp_index;
	unsigned long idle;
	u16 seq;

	spin_lock_bh(&st->lock);
	roc = st->rtp_idx.roc;
	seq = st->rtp_idx.s_l;
	srtcp_index = st->srtcp_index;
	stats = st->stats;
	spin_unlock_bh(&st->lock);
	idle = jiffies - READ_ONCE(st->last_used);

	nest = nla_nest_start(msg, KSRTP_A_FLOW_STREAM);
	if (!nest ||
	    nla_put_u32(msg, KSRTP_A_STREAM_SSRC, st->ssrc) ||
	    nla_put_u32(msg, KSRTP_A_STREAM_ROC, roc) ||
	    nla_put_u16(msg, KSRTP_A_STREAM_SEQ, seq) ||
	    nla_put_u32(msg, KSRTP_A_STREAM_SRTCP_INDEX, srtcp_index) ||
	    ksrtp_nl_put_stats(msg, KSRTP_A_STREAM_STATS, &stats) ||
	    nla_put_u32(msg, KSRTP_A_STREAM_IDLE_MS,
			min_t(u64, jiffies_to_msecs(idle), U32_MAX)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Which crypto drivers the key uses: the operator can see SIMD in use. */
static int ksrtp_nl_put_drivers(struct sk_buff *msg,
				const struct ksrtp_keys *keys)
{
	struct ksrtp_drivers d;

	ksrtp_keys_drivers(keys, &d);
	if ((d.cipher &&
	     nla_put_string(msg, KSRTP_A_KEY_INFO_CIPHER, d.cipher)) ||
	    (d.cipher_fb &&
	     nla_put_string(msg, KSRTP_A_KEY_INFO_CIPHER_FALLBACK,
			    d.cipher_fb)) ||
	    (d.auth && nla_put_string(msg, KSRTP_A_KEY_INFO_AUTH, d.auth)))
		return -EMSGSIZE;
	return 0;
}

static int ksrtp_nl_put_key(struct sk_buff *msg, const struct ksrtp_flow *flow,
			    const struct ksrtp_keyctx *kc, u8 slot)
{
	struct nlattr *nest = nla_nest_start(msg, KSRTP_A_FLOW_KEY);

	if (!nest ||
	    nla_put_u8(msg, KSRTP_A_KEY_INFO_SLOT, slot) ||
	    (kc->keys.mki_len &&
	     nla_put(msg, KSRTP_A_KEY_INFO_MKI, kc->keys.mki_len,
		     kc->keys.mki)) ||
	    (kc->has_from &&
	     ksrtp_nl_put_uint(msg, KSRTP_A_KEY_INFO_FROM_INDEX, kc->from)) ||
	    ksrtp_nl_put_uint(msg, KSRTP_A_KEY_INFO_LIFETIME,
			      kc->max[KSRTP_KC_SRTP]) ||
	    ksrtp_nl_put_uint(msg, KSRTP_A_KEY_INFO_SOFT_LIFETIME,
			      kc->soft[KSRTP_KC_SRTP]) ||
	    ksrtp_nl_put_uint(msg, KSRTP_A_KEY_INFO_SRTP_PACKETS,
			      atomic64_read(&kc->used[KSRTP_KC_SRTP])) ||
	    ksrtp_nl_put_uint(msg, KSRTP_A_KEY_INFO_SRTCP_PACKETS,
			      atomic64_read(&kc->used[KSRTP_KC_SRTCP])) ||
	    ksrtp_nl_put_drivers(msg, &kc->keys))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Every key of @ks with its slot; never the key material. */
static int ksrtp_nl_put_keys(struct sk_buff *msg, const struct ksrtp_flow *flow,
			     const struct ksrtp_keyset *ks)
{
	unsigned int i;

	if (flow->mki_len) {
		for (i = 0; i < ks->nkeys; i++)
			if (ksrtp_nl_put_key(msg, flow, ks->keys[i],
					     ks->keys[i] == ks->cur ?
					     KSRTP_KEY_SLOT_CURRENT :
					     KSRTP_KEY_SLOT_STANDBY))
				return -EMSGSIZE;
		return 0;
	}
	if (ks->byidx) {
		/*
		 * By index: the keys behind the current one (kept for SSRCs
		 * that are behind), the current key, the pending keys.
		 */
		int ci = ksrtp_keyset_pos(ks, ks->cur);

		for (i = 0; i < ks->nkeys; i++)
			if (ksrtp_nl_put_key(msg, flow, ks->keys[i],
					     (int)i < ci ?
					     KSRTP_KEY_SLOT_PREVIOUS :
					     (int)i == ci ?
					     KSRTP_KEY_SLOT_CURRENT :
					     KSRTP_KEY_SLOT_PENDING))
				return -EMSGSIZE;
		return 0;
	}
	if (ksrtp_nl_put_key(msg, flow, ks->cur, KSRTP_KEY_SLOT_CURRENT) ||
	    (ks->next &&
	     ksrtp_nl_put_key(msg, flow, ks->next, KSRTP_KEY_SLOT_NEXT)) ||
	    (ks->prev &&
	     ksrtp_nl_put_key(msg, flow, ks->prev, KSRTP_KEY_SLOT_PREVIOUS)))
		return -EMSGSIZE;
	return 0;
}

/* One flow, without key material. Caller holds kn->lock. */
static int ksrtp_nl_fill_flow(struct sk_buff *msg, struct ksrtp_net *kn,
			      struct ksrtp_flow *flow, u32 portid, u32 seq,
			      int flags, struct netlink_callback *cb)
{
	const struct ksrtp_keyctx *kc;
	const struct ksrtp_keyset *ks;
	int alen = flow->key.family == AF_INET ? 4 : 16;
	struct ksrtp_stats stats;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &ksrtp_nl_family, flags,
			  KSRTP_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	rcu_read_lock();
	ks = rcu_dereference(flow->keyset);
	kc = ks->cur;
	if (nla_put_u32(msg, KSRTP_A_FLOW_ID, flow->id) ||
	    nla_put_u8(msg, KSRTP_A_FLOW_DIR, flow->key.dir) ||
	    nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, flow->key.family) ||
	    nla_put(msg, KSRTP_A_FLOW_LOCAL_ADDR, alen, &flow->key.laddr) ||
	    nla_put_be16(msg, KSRTP_A_FLOW_LOCAL_PORT, flow->key.lport))
		goto nospace;
	if (flow->key.rport &&
	    (nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR, alen, &flow->key.raddr) ||
	     nla_put_be16(msg, KSRTP_A_FLOW_REMOTE_PORT, flow->key.rport)))
		goto nospace;
	if (nla_put_u32(msg, KSRTP_A_FLOW_SUITE, flow->suite->id))
		goto nospace;
	/* on the suites that take srtcp-tag-len: what the flow's keys use */
	if (flow->suite->srtcp_tag32 &&
	    nla_put_u8(msg, KSRTP_A_FLOW_SRTCP_TAG_LEN,
		       ksrtp_flow_srtcp_tag_len(flow->flags) ?:
		       flow->suite->rtcp_tag_len))
		goto nospace;
	if (kc->keys.mki_len &&
	    nla_put(msg, KSRTP_A_FLOW_MKI, kc->keys.mki_len, kc->keys.mki))
		goto nospace;
	if (flow->flags & KSRTP_FLOW_F_SSRC_ANY) {
		if (nla_put_u32(msg, KSRTP_A_FLOW_MAX_SSRCS, flow->max_ssrcs))
			goto nospace;
	} else if (nla_put_u32(msg, KSRTP_A_FLOW_SSRC, flow->ssrc)) {
		goto nospace;
	}
	if ((flow->flags & KSRTP_FLOW_F_RTCP_MUX &&
	     nla_put_flag(msg, KSRTP_A_FLOW_RTCP_MUX)) ||
	    (flow->flags & KSRTP_FLOW_F_RTCP &&
	     nla_put_flag(msg, KSRTP_A_FLOW_RTCP)))
		goto nospace;
	if (flow->key.dir == KSRTP_FLOW_RX &&
	    nla_put_u32(msg, KSRTP_A_FLOW_REPLAY_WINDOW, flow->replay_window))
		goto nospace;
	if ((flow->flags & KSRTP_FLOW_F_RESET_ROC &&
	     nla_put_flag(msg, KSRTP_A_FLOW_RESET_ROC)) ||
	    nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, flow->grace_ms) ||
	    nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS, flow->grace_packets))
		goto nospace;
	if (flow->flags & KSRTP_FLOW_F_SSRC_ANY &&
	    nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS,
			jiffies_to_msecs(flow->ssrc_idle)))
		goto nospace;

	ksrtp_stats_fold(flow->stats, &stats);
	if (ksrtp_nl_put_stats(msg, KSRTP_A_FLOW_STATS, &stats))
		goto nospace;

	/* the streams themselves: stream-get, since they may not fit here */
	if (nla_put_u32(msg, KSRTP_A_FLOW_STREAM_COUNT,
			READ_ONCE(flow->nstreams)))
		goto nospace;
	if ((flow->cookie &&
	     nla_put_u64_64bit(msg, KSRTP_A_FLOW_COOKIE, flow->cookie,
			       KSRTP_A_FLOW_PAD)) ||
	    (flow->owner &&
	     nla_put_u32(msg, KSRTP_A_FLOW_OWNER_PORTID, flow->owner)))
		goto nospace;
	if (ksrtp_nl_put_keys(msg, flow, ks))
		goto nospace;
	rcu_read_unlock();
	genlmsg_end(msg, hdr);
	return 0;

nospace:
	rcu_read_unlock();
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int ksrtp_nl_flow_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_flow *flow;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: out of memory");
		return -ENOMEM;
	}
	mutex_lock(&kn->lock);
	err = ksrtp_nl_flow_sel(kn, info, NULL, &flow);
	if (!err)
		err = ksrtp_nl_fill_flow(msg, kn, flow, info->snd_portid,
					 info->snd_seq, 0, NULL);
	mutex_unlock(&kn->lock);
	if (err) {
		if (err == -EMSGSIZE)
			NL_SET_ERR_MSG(info->extack,
				       "ksrtp: the flow does not fit one message; dump the flows instead");
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* The direction a dump request asks for, or 0 for both. */
static u8 ksrtp_nl_dump_dir(struct netlink_callback *cb, int attr)
{
	struct nlattr **attrs = ksrtp_dump_attrs(cb);

	return attrs && attrs[attr] ? nla_get_u8(attrs[attr]) : 0;
}

/*
 * cb->args[0]: the id of the last flow earlier parts of the dump went past
 * (0: none yet). Flows come in id order and each part resumes above that
 * id, so every flow that exists for the whole dump is sent exactly once,
 * however many others are created or deleted meanwhile, and a part costs
 * O(log n) to find its place. Such changes still set NLM_F_DUMP_INTR.
 */
int ksrtp_nl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_pernet(sock_net(skb->sk));
	u8 dir = ksrtp_nl_dump_dir(cb, KSRTP_A_FLOW_DIR);
	struct nlattr **attrs = ksrtp_dump_attrs(cb);
	unsigned long id = cb->args[0];
	struct ksrtp_flow *flow;
	u64 cookie = 0;
	int err = 0;

	if (attrs && attrs[KSRTP_A_FLOW_COOKIE]) {
		cookie = nla_get_u64(attrs[KSRTP_A_FLOW_COOKIE]);
		if (!cookie) {
			NL_SET_ERR_MSG(cb->extack,
				       "cookie 0 means no cookie and names no flow");
			return -EINVAL;
		}
	}
	mutex_lock(&kn->lock);
	cb->seq = kn->genid;
	while ((flow = ksrtp_flow_next(kn, &id))) {
		if ((!dir || flow->key.dir == dir) &&
		    (!cookie || flow->cookie == cookie)) {
			err = ksrtp_nl_fill_flow(skb, kn, flow,
						 NETLINK_CB(cb->skb).portid,
						 cb->nlh->nlmsg_seq,
						 NLM_F_MULTI, cb);
			if (err)
				break;
		}
		cb->args[0] = id;
	}
	mutex_unlock(&kn->lock);
	/* a full skb: more to come; else done */
	return err == -EMSGSIZE && skb->len ? skb->len : (err ?: skb->len);
}

/* One stream-get message: the flow's id and the stream. Under RCU. */
static int ksrtp_nl_fill_stream(struct sk_buff *msg, struct ksrtp_flow *flow,
				struct ksrtp_stream *st, u32 portid, u32 seq,
				int flags)
{
	void *hdr = genlmsg_put(msg, portid, seq, &ksrtp_nl_family, flags,
				KSRTP_CMD_STREAM_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, KSRTP_A_FLOW_ID, flow->id) ||
	    ksrtp_nl_put_stream(msg, st)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int ksrtp_nl_stream_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_stream *st = NULL;
	struct ksrtp_flow *flow;
	struct sk_buff *msg;
	int err = -ENOENT;

	if (KSRTP_NL_NEED(info, KSRTP_A_FLOW_ID, "id") ||
	    KSRTP_NL_NEED(info, KSRTP_A_FLOW_SSRC, "ssrc"))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: out of memory");
		return -ENOMEM;
	}
	mutex_lock(&kn->lock);
	flow = ksrtp_nl_flow_by_id(kn, info);
	rcu_read_lock();
	if (flow)
		st = ksrtp_stream_find(flow,
				       nla_get_u32(info->attrs[KSRTP_A_FLOW_SSRC]));
	if (st)
		err = ksrtp_nl_fill_stream(msg, flow, st, info->snd_portid,
					   info->snd_seq, 0);
	else if (flow)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_FLOW_SSRC],
				    "the flow has no stream of this ssrc");
	rcu_read_unlock();
	mutex_unlock(&kn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Streams one pass of a stream-get dump collects, in SSRC order. */
#define KSRTP_NL_STREAM_BATCH	32

/*
 * Into @out, ascending: the lowest SSRCs of @flow above @after (with
 * @from_start, from the lowest), at most KSRTP_NL_STREAM_BATCH. Under RCU.
 */
static unsigned int ksrtp_nl_stream_batch(struct ksrtp_flow *flow,
					  bool from_start, u32 after, u32 *out)
{
	struct ksrtp_stream *st;
	unsigned int n = 0, i;

	hlist_for_each_entry_rcu(st, &flow->streams, node) {
		u32 ssrc = st->ssrc;

		if ((!from_start && ssrc <= after) ||
		    (n == KSRTP_NL_STREAM_BATCH && ssrc >= out[n - 1]))
			continue;
		for (i = n; i && out[i - 1] > ssrc; i--)
			;
		if (i && out[i - 1] == ssrc)
			continue;	/* freed and learned again meanwhile */
		if (n < KSRTP_NL_STREAM_BATCH)
			n++;
		memmove(&out[i + 1], &out[i], (n - 1 - i) * sizeof(*out));
		out[i] = ssrc;
	}
	return n;
}

/*
 * cb->args[0]: whether earlier parts of the dump went past an SSRC;
 * cb->args[1]: the last SSRC they went past. Each part resumes above it,
 * so a stream that exists throughout the dump is sent exactly once, and
 * one that comes or goes meanwhile at most once.
 */
int ksrtp_nl_stream_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_pernet(sock_net(skb->sk));
	struct nlattr **attrs = ksrtp_dump_attrs(cb);
	u32 batch[KSRTP_NL_STREAM_BATCH];
	struct ksrtp_stream *st;
	struct ksrtp_flow *flow;
	unsigned int n, i;
	int err = 0;

	if (!attrs || !attrs[KSRTP_A_FLOW_ID]) {
		NL_SET_ERR_MSG(cb->extack, "missing attribute: id");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	flow = ksrtp_flow_find_id(kn, nla_get_u32(attrs[KSRTP_A_FLOW_ID]));
	if (!flow) {
		mutex_unlock(&kn->lock);
		NL_SET_ERR_MSG(cb->extack,
			       "no flow with this id in this network namespace");
		return -ENOENT;
	}
	rcu_read_lock();
	do {
		n = ksrtp_nl_stream_batch(flow, !cb->args[0], cb->args[1],
					  batch);
		for (i = 0; i < n && !err; i++) {
			/* one freed since, or not hashed yet: skipped */
			st = ksrtp_stream_find(flow, batch[i]);
			if (st)
				err = ksrtp_nl_fill_stream(skb, flow, st,
							   NETLINK_CB(cb->skb).portid,
							   cb->nlh->nlmsg_seq,
							   NLM_F_MULTI);
			if (!err) {
				cb->args[0] = 1;
				cb->args[1] = batch[i];
			}
		}
	} while (!err && n == KSRTP_NL_STREAM_BATCH);
	rcu_read_unlock();
	mutex_unlock(&kn->lock);
	/* a full skb: more to come; else done */
	return err == -EMSGSIZE && skb->len ? skb->len : (err ?: skb->len);
}

/* The flow a key request names; caller holds kn->lock. */
static struct ksrtp_flow *ksrtp_nl_key_flow(struct ksrtp_net *kn,
					    struct genl_info *info)
{
	struct ksrtp_flow *flow;

	flow = ksrtp_flow_find_id(kn,
				  nla_get_u32(info->attrs[KSRTP_A_KEY_FLOW_ID]));
	if (!flow)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[KSRTP_A_KEY_FLOW_ID],
				    "no flow with this id in this network namespace");
	return flow;
}

/*
 * Slot, MKI and from-index of a key-del request, or (@mki_only) the MKI of
 * a key-use request: info->attrs only reaches as far as the attributes of
 * the op's own policy.
 */
static int ksrtp_nl_key_sel(struct genl_info *info, bool mki_only,
			    struct ksrtp_key_sel *sel)
{
	struct nlattr **attrs = info->attrs;

	memset(sel, 0, sizeof(*sel));
	if (!mki_only && attrs[KSRTP_A_KEY_SLOT])
		sel->slot = nla_get_u8(attrs[KSRTP_A_KEY_SLOT]);
	if (attrs[KSRTP_A_KEY_MKI]) {
		int len = nla_len(attrs[KSRTP_A_KEY_MKI]);

		if (len < 1 || len > KSRTP_MKI_MAX_LEN) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[KSRTP_A_KEY_MKI],
					    "MKI must be 1 to 4 bytes");
			return -EINVAL;
		}
		memcpy(sel->mki, nla_data(attrs[KSRTP_A_KEY_MKI]), len);
		sel->mki_len = len;
	}
	if (!mki_only && attrs[KSRTP_A_KEY_FROM_INDEX]) {
		sel->from = nla_get_u64(attrs[KSRTP_A_KEY_FROM_INDEX]);
		sel->has_from = true;
	}
	if (!!sel->slot + !!sel->mki_len + sel->has_from != 1) {
		NL_SET_ERR_MSG(info->extack,
			       "name the key by exactly one of slot, mki and from-index");
		return -EINVAL;
	}
	return 0;
}

int ksrtp_nl_key_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct ksrtp_key_cfg cfg = {};
	struct ksrtp_flow *flow;
	int err = -EINVAL;

	if (KSRTP_NL_NEED(info, KSRTP_A_KEY_FLOW_ID, "flow-id") ||
	    KSRTP_NL_NEED(info, KSRTP_A_KEY_MASTER_KEY, "master-key") ||
	    KSRTP_NL_NEED(info, KSRTP_A_KEY_MASTER_SALT, "master-salt"))
		goto out;

	mutex_lock(&kn->lock);
	flow = ksrtp_nl_key_flow(kn, info);
	if (!flow) {
		err = -ENOENT;
		goto unlock;
	}
	if (nla_len(attrs[KSRTP_A_KEY_MASTER_KEY]) != flow->suite->key_len) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_MASTER_KEY],
				    "master key length does not match the flow's suite");
		goto unlock;
	}
	if (nla_len(attrs[KSRTP_A_KEY_MASTER_SALT]) != flow->suite->salt_len) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_MASTER_SALT],
				    "master salt length does not match the flow's suite");
		goto unlock;
	}
	cfg.master.key = nla_data(attrs[KSRTP_A_KEY_MASTER_KEY]);
	cfg.master.salt = nla_data(attrs[KSRTP_A_KEY_MASTER_SALT]);
	if (attrs[KSRTP_A_KEY_MKI]) {
		int len = nla_len(attrs[KSRTP_A_KEY_MKI]);

		/* the policy has checked this too; never truncate a length */
		if (len < 1 || len > KSRTP_MKI_MAX_LEN) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_MKI],
					    "MKI must be 1 to 4 bytes");
			goto unlock;
		}
		cfg.master.mki = nla_data(attrs[KSRTP_A_KEY_MKI]);
		cfg.master.mki_len = len;
	}
	if (attrs[KSRTP_A_KEY_SLOT]) {
		cfg.slot = nla_get_u8(attrs[KSRTP_A_KEY_SLOT]);
		if (cfg.slot != KSRTP_KEY_SLOT_CURRENT &&
		    cfg.slot != KSRTP_KEY_SLOT_NEXT) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_SLOT],
					    "a new key goes to slot current or next");
			goto unlock;
		}
	}
	if (attrs[KSRTP_A_KEY_FROM_INDEX]) {
		cfg.from = nla_get_u64(attrs[KSRTP_A_KEY_FROM_INDEX]);
		cfg.has_from = true;
		if (cfg.from >= KSRTP_SRTP_LIFETIME_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_FROM_INDEX],
					    "from-index is a 48-bit SRTP index");
			goto unlock;
		}
	}
	cfg.use = !!attrs[KSRTP_A_KEY_USE];
	if (cfg.use && !flow->mki_len) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_KEY_USE],
				    "use applies to flows with an MKI; use slot current");
		goto unlock;
	}
	if (!flow->mki_len && !cfg.slot && !cfg.has_from) {
		NL_SET_ERR_MSG(extack,
			       "give slot current or next, or a from-index");
		goto unlock;
	}
	err = ksrtp_nl_lifetimes(extack, attrs[KSRTP_A_KEY_LIFETIME],
				 attrs[KSRTP_A_KEY_SOFT_LIFETIME], &cfg);
	if (!err)
		err = ksrtp_key_new(flow, &cfg, extack);
	if (!err)
		ksrtp_flow_gc_want(kn, flow);
unlock:
	mutex_unlock(&kn->lock);
out:
	ksrtp_nl_wipe(info, KSRTP_A_KEY_MASTER_KEY);
	ksrtp_nl_wipe(info, KSRTP_A_KEY_MASTER_SALT);
	memzero_explicit(&cfg, sizeof(cfg));
	return err;
}

int ksrtp_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_key_sel sel;
	struct ksrtp_flow *flow;
	int err;

	if (KSRTP_NL_NEED(info, KSRTP_A_KEY_FLOW_ID, "flow-id"))
		return -EINVAL;
	err = ksrtp_nl_key_sel(info, false, &sel);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	flow = ksrtp_nl_key_flow(kn, info);
	err = flow ? ksrtp_key_del(flow, &sel, info->extack) : -ENOENT;
	mutex_unlock(&kn->lock);
	return err;
}

int ksrtp_nl_key_use_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_key_sel sel;
	struct ksrtp_flow *flow;
	int err;

	if (KSRTP_NL_NEED(info, KSRTP_A_KEY_FLOW_ID, "flow-id") ||
	    KSRTP_NL_NEED(info, KSRTP_A_KEY_MKI, "mki"))
		return -EINVAL;
	err = ksrtp_nl_key_sel(info, true, &sel);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	flow = ksrtp_nl_key_flow(kn, info);
	err = flow ? ksrtp_key_use(flow, &sel, info->extack) : -ENOENT;
	mutex_unlock(&kn->lock);
	return err;
}

/* What flow-set refuses to change, and why. */
static const struct {
	int attr;
	const char *why;
} ksrtp_nl_fixed[] = {
	{ KSRTP_A_FLOW_DIR, "dir cannot change: delete the flow and add another" },
	{ KSRTP_A_FLOW_FAMILY, "family cannot change: the remote has the flow's family" },
	{ KSRTP_A_FLOW_LOCAL_ADDR, "local-addr cannot change: delete the flow and add another" },
	{ KSRTP_A_FLOW_LOCAL_PORT, "local-port cannot change: delete the flow and add another" },
	{ KSRTP_A_FLOW_SUITE, "suite cannot change: every key of a flow has its suite" },
	{ KSRTP_A_FLOW_SSRC, "ssrc cannot change: its stream holds the ROC and replay state" },
	{ KSRTP_A_FLOW_MAX_SSRCS, "max-ssrcs cannot change: it sizes the flow's SSRC tables" },
	{ KSRTP_A_FLOW_REPLAY_WINDOW,
	  "replay-window cannot change: it sizes every stream's window" },
	{ KSRTP_A_FLOW_RTCP_MUX, "rtcp-mux cannot change" },
	{ KSRTP_A_FLOW_RTCP, "rtcp cannot change" },
	{ KSRTP_A_FLOW_RESET_ROC, "reset-roc cannot change" },
	{ KSRTP_A_FLOW_SRTCP_TAG_LEN,
	  "srtcp-tag-len cannot change: every key of a flow has its tag length" },
	{ KSRTP_A_FLOW_SOCKET_OWNER, "socket-owner is set at flow-new only" },
	{ KSRTP_A_FLOW_COOKIE, "cookie is set at flow-new only" },
};

int ksrtp_nl_flow_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct in6_addr raddr = {};
	struct ksrtp_flow *flow;
	__be16 rport = 0;
	unsigned int i;
	int err = 0;

	if (KSRTP_NL_NEED(info, KSRTP_A_FLOW_ID, "id"))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(ksrtp_nl_fixed); i++) {
		if (attrs[ksrtp_nl_fixed[i].attr]) {
			/* NL_SET_ERR_MSG() takes only string literals */
			NL_SET_BAD_ATTR(extack, attrs[ksrtp_nl_fixed[i].attr]);
			if (extack)
				extack->_msg = ksrtp_nl_fixed[i].why;
			return -EOPNOTSUPP;
		}
	}
	if (!attrs[KSRTP_A_FLOW_REMOTE_ADDR] &&
	    !attrs[KSRTP_A_FLOW_REMOTE_PORT] &&
	    !attrs[KSRTP_A_FLOW_GRACE_MS] &&
	    !attrs[KSRTP_A_FLOW_GRACE_PACKETS] &&
	    !attrs[KSRTP_A_FLOW_SSRC_IDLE_MS]) {
		NL_SET_ERR_MSG(extack,
			       "nothing to change: give remote-addr and remote-port, grace-ms, grace-packets or ssrc-idle-ms");
		return -EINVAL;
	}

	mutex_lock(&kn->lock);
	flow = ksrtp_nl_flow_by_id(kn, info);
	if (!flow) {
		err = -ENOENT;
		goto unlock;
	}
	/* every check before the first change: all or nothing */
	if (attrs[KSRTP_A_FLOW_SSRC_IDLE_MS] &&
	    !(flow->flags & KSRTP_FLOW_F_SSRC_ANY)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[KSRTP_A_FLOW_SSRC_IDLE_MS],
				    "ssrc-idle-ms applies only to a flow without a pinned ssrc");
		err = -EINVAL;
		goto unlock;
	}
	err = ksrtp_nl_parse_remote(info, flow->key.family, &raddr, &rport);
	/* the one step that can fail */
	if (!err && rport)
		err = ksrtp_flow_set_remote(kn, flow, &raddr, rport, extack);
	if (err)
		goto unlock;
	/* read locklessly by the datapath and the periodic work */
	if (attrs[KSRTP_A_FLOW_GRACE_MS])
		WRITE_ONCE(flow->grace_ms,
			   nla_get_u32(attrs[KSRTP_A_FLOW_GRACE_MS]));
	if (attrs[KSRTP_A_FLOW_GRACE_PACKETS])
		WRITE_ONCE(flow->grace_packets,
			   nla_get_u32(attrs[KSRTP_A_FLOW_GRACE_PACKETS]));
	if (attrs[KSRTP_A_FLOW_SSRC_IDLE_MS]) {
		u32 ms = nla_get_u32(attrs[KSRTP_A_FLOW_SSRC_IDLE_MS]);

		WRITE_ONCE(flow->ssrc_idle, msecs_to_jiffies(ms));
		/* the periodic work may have stopped visiting it (idle 0) */
		ksrtp_flow_gc_want(kn, flow);
	}
	kn->genid++;
unlock:
	mutex_unlock(&kn->lock);
	return err;
}

/* Off before the family goes, so that no event uses it after. */
static bool ksrtp_nl_registered;

/*
 * An event message for @net, with its type and flow id, or NULL if nobody
 * listens (or no memory). Under RCU, as the check of ksrtp_nl_registered
 * needs: ksrtp_nl_exit() waits for the readers.
 */
static struct sk_buff *ksrtp_event_new(const struct ksrtp_flow *flow, u8 type,
				       void **hdr)
{
	struct sk_buff *msg;

	if (!READ_ONCE(ksrtp_nl_registered) ||
	    !genl_has_listeners(&ksrtp_nl_family, flow->net,
				KSRTP_NLGRP_EVENTS))
		return NULL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &ksrtp_nl_family, 0, KSRTP_CMD_KEY_EVENT);
	if (!*hdr ||
	    nla_put_u8(msg, KSRTP_A_EVENT_TYPE, type) ||
	    nla_put_u32(msg, KSRTP_A_EVENT_FLOW_ID, READ_ONCE(flow->id))) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void ksrtp_event_send(const struct ksrtp_flow *flow,
			     struct sk_buff *msg, void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ksrtp_nl_family, flow->net, msg, 0,
				KSRTP_NLGRP_EVENTS, GFP_ATOMIC);
}

/* See event.h. */
void ksrtp_event(struct ksrtp_flow *flow, u8 type,
		 const struct ksrtp_keyctx *kc, u32 ssrc)
{
	struct sk_buff *msg;
	void *hdr;

	rcu_read_lock();
	msg = ksrtp_event_new(flow, type, &hdr);
	if (!msg)
		goto out;
	if ((kc && kc->keys.mki_len &&
	     nla_put(msg, KSRTP_A_EVENT_MKI, kc->keys.mki_len, kc->keys.mki)) ||
	    (kc && kc->has_from &&
	     nla_put_u64_64bit(msg, KSRTP_A_EVENT_FROM_INDEX, kc->from,
			       KSRTP_A_EVENT_PAD)) ||
	    (!kc && nla_put_u32(msg, KSRTP_A_EVENT_SSRC, ssrc)))
		nlmsg_free(msg);
	else
		ksrtp_event_send(flow, msg, hdr);
out:
	rcu_read_unlock();
}

/* See event.h. */
void ksrtp_event_flow(const struct ksrtp_flow *flow, u8 type, u8 reason)
{
	struct sk_buff *msg;
	void *hdr;

	rcu_read_lock();
	msg = ksrtp_event_new(flow, type, &hdr);
	if (!msg)
		goto out;
	if ((reason && nla_put_u8(msg, KSRTP_A_EVENT_REASON, reason)) ||
	    (flow->cookie &&
	     nla_put_u64_64bit(msg, KSRTP_A_EVENT_COOKIE, flow->cookie,
			       KSRTP_A_EVENT_PAD)))
		nlmsg_free(msg);
	else
		ksrtp_event_send(flow, msg, hdr);
out:
	rcu_read_unlock();
}

/* The range a guard request names; changes nothing. */
static int ksrtp_nl_guard_parse(struct genl_info *info, struct ksrtp_guard *r)
{
	struct nlattr **attrs = info->attrs;

	if (KSRTP_NL_NEED(info, KSRTP_A_GUARD_DIR, "dir") ||
	    KSRTP_NL_NEED(info, KSRTP_A_GUARD_PORT_MIN, "port-min") ||
	    KSRTP_NL_NEED(info, KSRTP_A_GUARD_PORT_MAX, "port-max"))
		return -EINVAL;
	r->dir = nla_get_u8(attrs[KSRTP_A_GUARD_DIR]);
	r->lo = ntohs(nla_get_be16(attrs[KSRTP_A_GUARD_PORT_MIN]));
	r->hi = ntohs(nla_get_be16(attrs[KSRTP_A_GUARD_PORT_MAX]));
	if (!r->lo) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KSRTP_A_GUARD_PORT_MIN],
				    "port-min must not be 0");
		return -EINVAL;
	}
	if (r->hi < r->lo) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[KSRTP_A_GUARD_PORT_MAX],
				    "port-max must not be below port-min");
		return -EINVAL;
	}
	return 0;
}

int ksrtp_nl_guard_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_guard r;
	int err;

	err = ksrtp_nl_guard_parse(info, &r);
	if (!err)
		err = ksrtp_net_activate(kn, info->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	err = ksrtp_guard_add(kn, &r, info->extack);
	if (!err)
		kn->genid++;
	mutex_unlock(&kn->lock);
	return err;
}

int ksrtp_nl_guard_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_guard r;
	int err;

	err = ksrtp_nl_guard_parse(info, &r);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	err = ksrtp_guard_del(kn, &r, info->extack);
	if (!err)
		kn->genid++;
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_fill_guard(struct sk_buff *msg, const struct ksrtp_guard *r,
			       u32 portid, u32 seq, int flags)
{
	void *hdr = genlmsg_put(msg, portid, seq, &ksrtp_nl_family, flags,
				KSRTP_CMD_GUARD_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u8(msg, KSRTP_A_GUARD_DIR, r->dir) ||
	    nla_put_be16(msg, KSRTP_A_GUARD_PORT_MIN, htons(r->lo)) ||
	    nla_put_be16(msg, KSRTP_A_GUARD_PORT_MAX, htons(r->hi))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

int ksrtp_nl_guard_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	struct ksrtp_guard r;
	struct sk_buff *msg;
	bool found;
	int err;

	err = ksrtp_nl_guard_parse(info, &r);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	found = ksrtp_guard_has(kn, &r);
	mutex_unlock(&kn->lock);
	if (!found) {
		NL_SET_ERR_MSG(info->extack,
			       "ksrtp: no such guarded range (give it exactly as added)");
		return -ENOENT;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: out of memory");
		return -ENOMEM;
	}
	if (ksrtp_nl_fill_guard(msg, &r, info->snd_portid, info->snd_seq, 0)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: how many ranges earlier parts of the dump sent. */
int ksrtp_nl_guard_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_pernet(sock_net(skb->sk));
	u8 dir = ksrtp_nl_dump_dir(cb, KSRTP_A_GUARD_DIR);
	unsigned int i = cb->args[0];
	struct ksrtp_guard r;
	int err = 0;

	mutex_lock(&kn->lock);
	cb->seq = kn->genid;
	for (; ksrtp_guard_nth(kn, i, &r); i++) {
		if (dir && r.dir != dir)
			continue;
		err = ksrtp_nl_fill_guard(skb, &r, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		genl_dump_check_consistent(cb, nlmsg_hdr(skb));
	}
	mutex_unlock(&kn->lock);
	cb->args[0] = i;
	return err == -EMSGSIZE && skb->len ? skb->len : (err ?: skb->len);
}

int ksrtp_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_pernet(genl_info_net(info));
	u64 v[__KSRTP_NET_STAT_MAX];
	struct ksrtp_stats total[2];
	unsigned int nflows, nguards;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	int i;

	if (info->attrs[KSRTP_A_NETNS_FLOWS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[KSRTP_A_NETNS_FLOWS],
				    "stats-get takes no attributes");
		return -EINVAL;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "ksrtp: out of memory");
		return -ENOMEM;
	}
	memset(total, 0, sizeof(total));
	mutex_lock(&kn->lock);
	nflows = kn->nflows;
	nguards = ksrtp_guard_count(kn);
	if (kn->active) {
		ksrtp_stats_fold(kn->flow_stats[0], &total[0]);
		ksrtp_stats_fold(kn->flow_stats[1], &total[1]);
	}
	mutex_unlock(&kn->lock);
	ksrtp_net_stats_fold(kn, v);

	hdr = genlmsg_put_reply(msg, info, &ksrtp_nl_family, 0,
				KSRTP_CMD_STATS_GET);
	if (!hdr || nla_put_u32(msg, KSRTP_A_NETNS_FLOWS, nflows) ||
	    nla_put_u32(msg, KSRTP_A_NETNS_GUARDS, nguards))
		goto nospace;
	nest = nla_nest_start(msg, KSRTP_A_NETNS_STATS);
	if (!nest)
		goto nospace;
	for (i = 0; i < __KSRTP_NET_STAT_MAX; i++)
		if (ksrtp_nl_put_uint(msg, i + 1, v[i]))
			goto nospace;
	nla_nest_end(msg, nest);
	if (nla_put_u32(msg, KSRTP_A_NETNS_STREAMS,
			atomic_read(&kn->nstreams)) ||
	    ksrtp_nl_put_stats(msg, KSRTP_A_NETNS_TX_STATS, &total[0]) ||
	    ksrtp_nl_put_stats(msg, KSRTP_A_NETNS_RX_STATS, &total[1]))
		goto nospace;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
nospace:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * A netlink socket is being released (its last close, also at process
 * exit): delete the flows it owns. netlink_release() calls this chain as
 * a blocking notifier, in process context, so the flows go here, under
 * the netns lock, before close() returns; kernel sockets (port id 0) are
 * not reported. The socket held its netns, so the netns is not exiting.
 */
static int ksrtp_nl_notify(struct notifier_block *nb, unsigned long state,
			   void *data)
{
	struct netlink_notify *n = data;

	/* a kernel socket may outlive its netns's references (and ksrtp's) */
	if (state == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    check_net(n->net))
		ksrtp_flow_del_owner(ksrtp_pernet(n->net), n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block ksrtp_nl_notifier = {
	.notifier_call = ksrtp_nl_notify,
};

int ksrtp_nl_init(void)
{
	int err = netlink_register_notifier(&ksrtp_nl_notifier);

	if (err)
		return err;
	err = genl_register_family(&ksrtp_nl_family);
	if (err) {
		netlink_unregister_notifier(&ksrtp_nl_notifier);
		return err;
	}
	WRITE_ONCE(ksrtp_nl_registered, true);
	return 0;
}

void ksrtp_nl_exit(void)
{
	/* an event that saw it on is out of its RCU section after this */
	WRITE_ONCE(ksrtp_nl_registered, false);
	synchronize_rcu();
	genl_unregister_family(&ksrtp_nl_family);
	/*
	 * Waits for a notifier call in progress; the netns exits that follow
	 * delete the remaining owned flows.
	 */
	netlink_unregister_notifier(&ksrtp_nl_notifier);
}
