// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: generic netlink helpers (libnl-genl-3).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"

int ksrtp_nl_open(struct ksrtp_nl *nl, char *err, size_t errlen)
{
	int ret;

	nl->sock = NULL;
	nl->family = -1;
	nl->recv = NULL;

	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		snprintf(err, errlen, "cannot allocate a netlink socket");
		return KSRTP_NL_ENOSOCK;
	}

	ret = genl_connect(nl->sock);
	if (ret < 0) {
		snprintf(err, errlen,
			 "cannot connect to generic netlink: %s",
			 nl_geterror(ret));
		ksrtp_nl_close(nl);
		return KSRTP_NL_ENOSOCK;
	}

	/*
	 * Extended acks carry the kernel's error message. Capped acks do not
	 * echo our request back, which for flow-new would be the key.
	 */
	{
		int one = 1, fd = nl_socket_get_fd(nl->sock);

		setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
			   sizeof(one));
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
			   sizeof(one));
	}

	ret = genl_ctrl_resolve(nl->sock, KSRTP_GENL_NAME);
	if (ret == -NLE_OBJ_NOTFOUND) {
		snprintf(err, errlen,
			 "generic netlink family \"%s\" not found (is ksrtp.ko loaded?)",
			 KSRTP_GENL_NAME);
		ksrtp_nl_close(nl);
		return KSRTP_NL_ENOFAMILY;
	}
	if (ret < 0) {
		snprintf(err, errlen,
			 "cannot resolve generic netlink family \"%s\": %s",
			 KSRTP_GENL_NAME, nl_geterror(ret));
		ksrtp_nl_close(nl);
		return KSRTP_NL_ERESOLVE;
	}

	nl->family = ret;
	return KSRTP_NL_OK;
}

void ksrtp_nl_close(struct ksrtp_nl *nl)
{
	if (nl->sock)
		nl_socket_free(nl->sock);
	nl->sock = NULL;
	nl->family = -1;
}

/* ------------------------------------------------------------------ */
/* Requests */

#define MAX_SENT_ATTRS	32

struct xact {
	int done;
	int kerr;			/* errno from the kernel, positive */
	struct ksrtp_nl_error *e;
	int (*valid)(struct nl_msg *msg, void *arg);
	void *varg;
	int parse_err;			/* a reply we could not parse */
	/* Names of the attributes of the request's attribute set. */
	const char *const *names;
	unsigned int max_name;
	/* Offsets of the attributes we sent, to name the one blamed. */
	unsigned int n_sent;
	unsigned int sent_off[MAX_SENT_ATTRS];
	unsigned int sent_type[MAX_SENT_ATTRS];
};

static const char *const flow_attr_names[KSRTP_A_FLOW_MAX + 1] = {
	[KSRTP_A_FLOW_ID] = "id",
	[KSRTP_A_FLOW_DIR] = "dir",
	[KSRTP_A_FLOW_FAMILY] = "family",
	[KSRTP_A_FLOW_LOCAL_ADDR] = "local-addr",
	[KSRTP_A_FLOW_LOCAL_PORT] = "local-port",
	[KSRTP_A_FLOW_REMOTE_ADDR] = "remote-addr",
	[KSRTP_A_FLOW_REMOTE_PORT] = "remote-port",
	[KSRTP_A_FLOW_SUITE] = "suite",
	[KSRTP_A_FLOW_MASTER_KEY] = "master-key",
	[KSRTP_A_FLOW_MASTER_SALT] = "master-salt",
	[KSRTP_A_FLOW_MKI] = "mki",
	[KSRTP_A_FLOW_SSRC] = "ssrc",
	[KSRTP_A_FLOW_MAX_SSRCS] = "max-ssrcs",
	[KSRTP_A_FLOW_RTCP_MUX] = "rtcp-mux",
	[KSRTP_A_FLOW_RTCP] = "rtcp",
	[KSRTP_A_FLOW_REPLAY_WINDOW] = "replay-window",
	[KSRTP_A_FLOW_ROC] = "roc",
	[KSRTP_A_FLOW_STATS] = "stats",
	[KSRTP_A_FLOW_STREAM] = "stream",
	[KSRTP_A_FLOW_RESET_ROC] = "reset-roc",
	[KSRTP_A_FLOW_GRACE_MS] = "grace-ms",
	[KSRTP_A_FLOW_GRACE_PACKETS] = "grace-packets",
	[KSRTP_A_FLOW_LIFETIME] = "lifetime",
	[KSRTP_A_FLOW_SOFT_LIFETIME] = "soft-lifetime",
	[KSRTP_A_FLOW_KEY] = "key",
	[KSRTP_A_FLOW_SSRC_IDLE_MS] = "ssrc-idle-ms",
	[KSRTP_A_FLOW_STREAM_COUNT] = "stream-count",
	[KSRTP_A_FLOW_SRTCP_TAG_LEN] = "srtcp-tag-len",
	[KSRTP_A_FLOW_COOKIE] = "cookie",
	[KSRTP_A_FLOW_SOCKET_OWNER] = "socket-owner",
	[KSRTP_A_FLOW_OWNER_PORTID] = "owner-portid",
};

static const char *const key_attr_names[KSRTP_A_KEY_MAX + 1] = {
	[KSRTP_A_KEY_FLOW_ID] = "flow-id",
	[KSRTP_A_KEY_SLOT] = "slot",
	[KSRTP_A_KEY_MASTER_KEY] = "master-key",
	[KSRTP_A_KEY_MASTER_SALT] = "master-salt",
	[KSRTP_A_KEY_MKI] = "mki",
	[KSRTP_A_KEY_FROM_INDEX] = "from-index",
	[KSRTP_A_KEY_LIFETIME] = "lifetime",
	[KSRTP_A_KEY_SOFT_LIFETIME] = "soft-lifetime",
	[KSRTP_A_KEY_USE] = "use",
};

static const char *const guard_attr_names[KSRTP_A_GUARD_MAX + 1] = {
	[KSRTP_A_GUARD_DIR] = "dir",
	[KSRTP_A_GUARD_PORT_MIN] = "port-min",
	[KSRTP_A_GUARD_PORT_MAX] = "port-max",
};

static const char *const netns_attr_names[KSRTP_A_NETNS_MAX + 1] = {
	[KSRTP_A_NETNS_FLOWS] = "flows",
	[KSRTP_A_NETNS_GUARDS] = "guards",
	[KSRTP_A_NETNS_STATS] = "stats",
};

static void name_attr(struct xact *x, unsigned int type)
{
	if (type && type <= x->max_name && x->names[type])
		snprintf(x->e->attr, sizeof(x->e->attr), "%s",
			 x->names[type]);
}

/* The extended ack attributes (NLMSGERR_ATTR_*) of an error or a DONE. */
static void parse_ext_ack(struct xact *x, void *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len, NULL))
		return;

	if (tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0) {
		const char *m = nla_data(tb[NLMSGERR_ATTR_MSG]);
		int n = nla_len(tb[NLMSGERR_ATTR_MSG]);

		snprintf(x->e->msg, sizeof(x->e->msg), "%.*s", n, m);
	}
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) == 4) {
		uint32_t off = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
		unsigned int i;

		for (i = 0; i < x->n_sent; i++)
			if (x->sent_off[i] == off)
				name_attr(x, x->sent_type[i]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) == 4) {
		name_attr(x, nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
		if (!x->e->msg[0])
			snprintf(x->e->msg, sizeof(x->e->msg),
				 "missing attribute");
	}
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct xact *x = arg;
	unsigned int ack_len;

	(void)nla;
	x->kerr = -err->error;
	x->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;

	ack_len = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		ack_len += err->msg.nlmsg_len - NLMSG_HDRLEN;
	parse_ext_ack(x, (char *)err + ack_len,
		      (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)ack_len);
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	(void)msg;
	x->done = 1;
	return NL_STOP;
}

/*
 * NLMSG_DONE ends a dump. If the kernel stopped the dump on an error
 * (a flow or stream that does not fit, a flow that went away), the error
 * is in it: a negative errno, then with NLM_F_ACK_TLVS the extended ack
 * attributes. libnl does not look, so without this a failed dump would
 * look like a complete one.
 */
static int done_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN;
	struct xact *x = arg;
	int error;

	x->done = 1;
	if (len < (int)sizeof(error))
		return NL_STOP;
	memcpy(&error, nlmsg_data(nlh), sizeof(error));
	if (error >= 0)
		return NL_STOP;
	x->kerr = -error;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_ext_ack(x, (char *)nlmsg_data(nlh) + sizeof(error),
			      len - (int)sizeof(error));
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	if (x->valid && x->valid(msg, x->varg))
		x->parse_err = 1;
	return NL_OK;
}

/* Remember where each top-level attribute of @msg sits, then wipe it. */
static void note_and_wipe(struct xact *x, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem;

	x->n_sent = 0;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (x->n_sent == MAX_SENT_ATTRS)
			break;
		x->sent_off[x->n_sent] = (unsigned int)((char *)a - (char *)nlh);
		x->sent_type[x->n_sent] = nla_type(a);
		x->n_sent++;
	}
	explicit_bzero(nlh, nlh->nlmsg_len);
}

static int transact_set(struct ksrtp_nl *nl, struct nl_msg *msg,
			int (*valid)(struct nl_msg *, void *), void *varg,
			struct ksrtp_nl_error *e, const char *const *names,
			unsigned int max_name)
{
	struct xact x = { .e = e, .valid = valid, .varg = varg,
			  .names = names, .max_name = max_name };
	struct nl_cb *cb;
	int ret;

	memset(e, 0, sizeof(*e));
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		e->err = ENOMEM;
		note_and_wipe(&x, msg);
		return -1;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, &x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &x);
	if (nl->recv)
		nl_cb_overwrite_recv(cb, nl->recv);

	ret = nl_send_auto(nl->sock, msg);
	note_and_wipe(&x, msg);
	if (ret < 0) {
		e->err = EIO;
		snprintf(e->msg, sizeof(e->msg), "cannot send: %s",
			 nl_geterror(ret));
		nl_cb_put(cb);
		return -1;
	}
	while (!x.done) {
		ret = nl_recvmsgs(nl->sock, cb);
		if (ret < 0 && !x.kerr) {
			e->err = EIO;
			snprintf(e->msg, sizeof(e->msg),
				 "cannot receive: %s", nl_geterror(ret));
			nl_cb_put(cb);
			return -1;
		}
	}
	nl_cb_put(cb);
	if (x.kerr) {
		e->err = x.kerr;
		return -1;
	}
	if (x.parse_err) {
		e->err = EPROTO;
		snprintf(e->msg, sizeof(e->msg),
			 "malformed reply from the kernel");
		return -1;
	}
	return 0;
}

/* A request of the flow attribute set. */
static int transact(struct ksrtp_nl *nl, struct nl_msg *msg,
		    int (*valid)(struct nl_msg *, void *), void *varg,
		    struct ksrtp_nl_error *e)
{
	return transact_set(nl, msg, valid, varg, e, flow_attr_names,
			    KSRTP_A_FLOW_MAX);
}

/* A request of the key attribute set. */
static int transact_key(struct ksrtp_nl *nl, struct nl_msg *msg,
			struct ksrtp_nl_error *e)
{
	return transact_set(nl, msg, NULL, NULL, e, key_attr_names,
			    KSRTP_A_KEY_MAX);
}

static struct nl_msg *new_msg(struct ksrtp_nl *nl, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, KSRTP_FAMILY_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int nomem(struct ksrtp_nl_error *e)
{
	memset(e, 0, sizeof(*e));
	e->err = ENOMEM;
	snprintf(e->msg, sizeof(e->msg), "cannot build the request");
	return -1;
}

static int new_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	uint32_t *id = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_FLOW_MAX, NULL))
		return -1;
	if (!tb[KSRTP_A_FLOW_ID] || nla_len(tb[KSRTP_A_FLOW_ID]) != 4)
		return -1;
	*id = nla_get_u32(tb[KSRTP_A_FLOW_ID]);
	return 0;
}

int ksrtp_nl_put_flow_new(struct nl_msg *msg, const struct flow_req *req)
{
	unsigned int alen = flow_addr_len(req->family);
	int ok = 1;

	ok &= !nla_put_u8(msg, KSRTP_A_FLOW_DIR, req->dir);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, req->family);
	ok &= !nla_put(msg, KSRTP_A_FLOW_LOCAL_ADDR, alen, req->local_addr);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_LOCAL_PORT,
			   htons(req->local_port));
	if (req->has_remote) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR, alen,
			       req->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(req->remote_port));
	}
	ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SUITE, req->suite);
	ok &= !nla_put(msg, KSRTP_A_FLOW_MASTER_KEY, req->key_len, req->key);
	ok &= !nla_put(msg, KSRTP_A_FLOW_MASTER_SALT, req->salt_len,
		       req->salt);
	if (req->mki_len)
		ok &= !nla_put(msg, KSRTP_A_FLOW_MKI, req->mki_len, req->mki);
	if (req->has_ssrc)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC, req->ssrc);
	if (req->has_max_ssrcs)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_MAX_SSRCS,
				   req->max_ssrcs);
	if (req->has_ssrc_idle_ms)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS,
				   req->ssrc_idle_ms);
	if (req->rtcp_mux)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RTCP_MUX);
	if (req->rtcp)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RTCP);
	if (req->has_replay_window)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_REPLAY_WINDOW,
				   req->replay_window);
	if (req->has_roc)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_ROC, req->roc);
	if (req->reset_roc)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RESET_ROC);
	if (req->srtcp_tag_len)
		ok &= !nla_put_u8(msg, KSRTP_A_FLOW_SRTCP_TAG_LEN,
				  req->srtcp_tag_len);
	if (req->has_grace_ms)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, req->grace_ms);
	if (req->has_grace_packets)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS,
				   req->grace_packets);
	/* uint attributes: always 8 bytes, which every kernel accepts. */
	if (req->has_lifetime)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_LIFETIME, req->lifetime);
	if (req->has_soft_lifetime)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_SOFT_LIFETIME,
				   req->soft_lifetime);
	if (req->cookie)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_COOKIE, req->cookie);
	if (req->owned)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_SOCKET_OWNER);
	return ok ? 0 : -1;
}

/* The attributes that name the flows of @sel (none: all). */
int ksrtp_nl_put_sel(struct nl_msg *msg, const struct flow_sel *sel)
{
	unsigned int alen = flow_addr_len(sel->family);
	int ok = 1;

	if (sel->has_id)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_ID, sel->id);
	if (sel->has_cookie)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_COOKIE, sel->cookie);
	if (sel->has_tuple) {
		ok &= !nla_put_u8(msg, KSRTP_A_FLOW_DIR, sel->dir);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, sel->family);
		ok &= !nla_put(msg, KSRTP_A_FLOW_LOCAL_ADDR, alen,
			       sel->local_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_LOCAL_PORT,
				   htons(sel->local_port));
	}
	if (sel->has_tuple && sel->has_remote) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR, alen,
			       sel->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(sel->remote_port));
	}
	return ok ? 0 : -1;
}

int ksrtp_nl_put_flow_set(struct nl_msg *msg, const struct flow_set_req *req)
{
	int ok = 1;

	ok &= !nla_put_u32(msg, KSRTP_A_FLOW_ID, req->id);
	if (req->has_remote) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR,
			       flow_addr_len(req->family), req->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(req->remote_port));
	}
	if (req->has_grace_ms)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, req->grace_ms);
	if (req->has_grace_packets)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS,
				   req->grace_packets);
	if (req->has_ssrc_idle_ms)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS,
				   req->ssrc_idle_ms);
	return ok ? 0 : -1;
}

int ksrtp_nl_flow_new(struct ksrtp_nl *nl, const struct flow_req *req,
		      uint32_t *id, struct ksrtp_nl_error *e)
{
	struct nl_msg *msg;
	int ok;

	*id = 0;
	msg = new_msg(nl, KSRTP_CMD_FLOW_NEW, 0);
	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_flow_new(msg, req)) {
		struct nlmsghdr *nlh = nlmsg_hdr(msg);

		explicit_bzero(nlh, nlh->nlmsg_len);
		nlmsg_free(msg);
		return nomem(e);
	}
	ok = transact(nl, msg, new_reply, id, e);	/* wipes msg */
	nlmsg_free(msg);
	return ok;
}

int ksrtp_nl_flow_del(struct ksrtp_nl *nl, uint32_t id,
		      struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_FLOW_DEL, 0);
	int ret;

	if (!msg)
		return nomem(e);
	if (nla_put_u32(msg, KSRTP_A_FLOW_ID, id)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, NULL, NULL, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_flow_del_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_FLOW_DEL, 0);
	int ret;

	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_sel(msg, sel)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, NULL, NULL, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_flow_set(struct ksrtp_nl *nl, const struct flow_set_req *req,
		      struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_FLOW_SET, 0);
	int ret;

	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_flow_set(msg, req)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, NULL, NULL, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_flush(struct ksrtp_nl *nl, struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_FLUSH, 0);
	int ret;

	if (!msg)
		return nomem(e);
	ret = transact(nl, msg, NULL, NULL, e);
	nlmsg_free(msg);
	return ret;
}

/* Parsing flow-get replies. */

static int get_uint(const struct nlattr *a, uint64_t *v)
{
	if (nla_len(a) == 4)
		*v = nla_get_u32((struct nlattr *)a);
	else if (nla_len(a) == 8)
		*v = nla_get_u64((struct nlattr *)a);
	else
		return -1;
	return 0;
}

static int get_u32(struct nlattr *a, int *has, uint32_t *v)
{
	if (!a)
		return 0;
	if (nla_len(a) != 4)
		return -1;
	*v = nla_get_u32(a);
	*has = 1;
	return 0;
}

/* A nest of uint counters 1..@max into @val and @present, by type. */
static int parse_uints(struct nlattr *nest, int max, uint64_t *val,
		       uint8_t *present)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t < 1 || t > max)
			continue;	/* newer kernel: skip */
		if (get_uint(a, &val[t]))
			return -1;
		present[t] = 1;
	}
	return 0;
}

static int parse_stats(struct nlattr *nest, struct flow_stats *st)
{
	return parse_uints(nest, KSRTP_A_STATS_MAX, st->val, st->present);
}

static int parse_stream(struct nlattr *nest, struct flow_stream *s)
{
	struct nlattr *tb[KSRTP_A_STREAM_MAX + 1];

	if (nla_parse_nested(tb, KSRTP_A_STREAM_MAX, nest, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_STREAM_SSRC], &s->has_ssrc, &s->ssrc) ||
	    get_u32(tb[KSRTP_A_STREAM_ROC], &s->has_roc, &s->roc) ||
	    get_u32(tb[KSRTP_A_STREAM_SRTCP_INDEX], &s->has_srtcp_index,
		    &s->srtcp_index) ||
	    get_u32(tb[KSRTP_A_STREAM_IDLE_MS], &s->has_idle_ms,
		    &s->idle_ms))
		return -1;
	if (tb[KSRTP_A_STREAM_SEQ]) {
		if (nla_len(tb[KSRTP_A_STREAM_SEQ]) != 2)
			return -1;
		s->seq = nla_get_u16(tb[KSRTP_A_STREAM_SEQ]);
		s->has_seq = 1;
	}
	if (tb[KSRTP_A_STREAM_STATS]) {
		if (parse_stats(tb[KSRTP_A_STREAM_STATS], &s->stats))
			return -1;
		s->has_stats = 1;
	}
	return 0;
}

static int get_opt_uint(struct nlattr *a, int *has, uint64_t *v)
{
	if (!a)
		return 0;
	if (get_uint(a, v))
		return -1;
	*has = 1;
	return 0;
}

static int get_mki(struct nlattr *a, uint8_t *mki, unsigned int *len)
{
	int n;

	if (!a)
		return 0;
	n = nla_len(a);
	if (n < 1 || n > KSRTP_MKI_MAX_LEN)
		return -1;
	memcpy(mki, nla_data(a), n);
	*len = (unsigned int)n;
	return 0;
}

/* An optional NUL-terminated string attribute into @buf. */
static int get_opt_str(struct nlattr *a, char *buf, size_t len)
{
	int n;

	buf[0] = '\0';
	if (!a)
		return 0;
	n = nla_len(a);
	if (n < 1 || (size_t)n > len || ((char *)nla_data(a))[n - 1])
		return -1;
	memcpy(buf, nla_data(a), (size_t)n);
	return 0;
}

static int parse_key(struct nlattr *nest, struct flow_key *k)
{
	struct nlattr *tb[KSRTP_A_KEY_INFO_MAX + 1];

	if (nla_parse_nested(tb, KSRTP_A_KEY_INFO_MAX, nest, NULL))
		return -1;
	if (tb[KSRTP_A_KEY_INFO_SLOT]) {
		if (nla_len(tb[KSRTP_A_KEY_INFO_SLOT]) != 1)
			return -1;
		k->slot = nla_get_u8(tb[KSRTP_A_KEY_INFO_SLOT]);
	}
	if (get_mki(tb[KSRTP_A_KEY_INFO_MKI], k->mki, &k->mki_len) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_FROM_INDEX], &k->has_from_index,
			 &k->from_index) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_LIFETIME], &k->has_lifetime,
			 &k->lifetime) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SOFT_LIFETIME],
			 &k->has_soft_lifetime, &k->soft_lifetime) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SRTP_PACKETS],
			 &k->has_srtp_packets, &k->srtp_packets) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SRTCP_PACKETS],
			 &k->has_srtcp_packets, &k->srtcp_packets) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_CIPHER], k->cipher,
			sizeof(k->cipher)) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_CIPHER_FALLBACK],
			k->cipher_fallback, sizeof(k->cipher_fallback)) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_AUTH], k->auth, sizeof(k->auth)))
		return -1;
	return 0;
}

static int get_addr(struct nlattr *a, uint8_t *addr, unsigned int *len)
{
	if (!a)
		return 0;
	if (nla_len(a) != 4 && nla_len(a) != 16)
		return -1;
	*len = (unsigned int)nla_len(a);
	memcpy(addr, nla_data(a), *len);
	return 0;
}

static int get_port(struct nlattr *a, int *has, uint16_t *port)
{
	if (!a)
		return 0;
	if (nla_len(a) != 2)
		return -1;
	*port = ntohs(nla_get_u16(a));
	*has = 1;
	return 0;
}

struct get_ctx {
	void (*fn)(const struct flow_info *fi, void *arg);
	void *arg;
};

static int get_reply(struct nl_msg *msg, void *arg)
{
	struct get_ctx *g = arg;

	return ksrtp_nl_parse_flow(msg, g->fn, g->arg);
}

int ksrtp_nl_parse_flow(struct nl_msg *msg,
			void (*fn)(const struct flow_info *fi, void *arg),
			void *arg)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	struct flow_info fi;
	struct nlattr *a;
	int rem, has_id = 0, dummy = 0, ret = -1;

	memset(&fi, 0, sizeof(fi));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_FLOW_MAX, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_FLOW_ID], &has_id, &fi.id) || !has_id)
		return -1;
	if (tb[KSRTP_A_FLOW_DIR]) {
		if (nla_len(tb[KSRTP_A_FLOW_DIR]) != 1)
			return -1;
		fi.dir = nla_get_u8(tb[KSRTP_A_FLOW_DIR]);
	}
	if (tb[KSRTP_A_FLOW_FAMILY]) {
		if (nla_len(tb[KSRTP_A_FLOW_FAMILY]) != 2)
			return -1;
		fi.family = nla_get_u16(tb[KSRTP_A_FLOW_FAMILY]);
	}
	if (get_addr(tb[KSRTP_A_FLOW_LOCAL_ADDR], fi.local_addr,
		     &fi.local_addr_len) ||
	    get_addr(tb[KSRTP_A_FLOW_REMOTE_ADDR], fi.remote_addr,
		     &fi.remote_addr_len) ||
	    get_port(tb[KSRTP_A_FLOW_LOCAL_PORT], &fi.has_local_port,
		     &fi.local_port) ||
	    get_port(tb[KSRTP_A_FLOW_REMOTE_PORT], &fi.has_remote_port,
		     &fi.remote_port) ||
	    get_u32(tb[KSRTP_A_FLOW_SUITE], &dummy, &fi.suite) ||
	    get_u32(tb[KSRTP_A_FLOW_SSRC], &fi.has_ssrc, &fi.ssrc) ||
	    get_u32(tb[KSRTP_A_FLOW_MAX_SSRCS], &fi.has_max_ssrcs,
		    &fi.max_ssrcs) ||
	    get_u32(tb[KSRTP_A_FLOW_REPLAY_WINDOW], &fi.has_replay_window,
		    &fi.replay_window) ||
	    get_u32(tb[KSRTP_A_FLOW_ROC], &fi.has_roc, &fi.roc))
		return -1;
	if (get_mki(tb[KSRTP_A_FLOW_MKI], fi.mki, &fi.mki_len))
		return -1;
	fi.rtcp_mux = !!tb[KSRTP_A_FLOW_RTCP_MUX];
	fi.rtcp = !!tb[KSRTP_A_FLOW_RTCP];
	fi.reset_roc = !!tb[KSRTP_A_FLOW_RESET_ROC];
	if (tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) {
		if (nla_len(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) != 1)
			return -1;
		fi.srtcp_tag_len = nla_get_u8(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]);
	}
	if (get_u32(tb[KSRTP_A_FLOW_GRACE_MS], &fi.has_grace_ms,
		    &fi.grace_ms) ||
	    get_u32(tb[KSRTP_A_FLOW_GRACE_PACKETS], &fi.has_grace_packets,
		    &fi.grace_packets) ||
	    get_u32(tb[KSRTP_A_FLOW_SSRC_IDLE_MS], &fi.has_ssrc_idle_ms,
		    &fi.ssrc_idle_ms) ||
	    get_u32(tb[KSRTP_A_FLOW_STREAM_COUNT], &fi.has_stream_count,
		    &fi.stream_count) ||
	    get_u32(tb[KSRTP_A_FLOW_OWNER_PORTID], &fi.has_owner,
		    &fi.owner_portid))
		return -1;
	if (tb[KSRTP_A_FLOW_COOKIE]) {
		if (nla_len(tb[KSRTP_A_FLOW_COOKIE]) != 8)
			return -1;
		fi.cookie = nla_get_u64(tb[KSRTP_A_FLOW_COOKIE]);
	}
	if (tb[KSRTP_A_FLOW_STATS]) {
		if (parse_stats(tb[KSRTP_A_FLOW_STATS], &fi.stats))
			return -1;
		fi.has_stats = 1;
	}

	/* Streams: a multi-attr, so walk the top level again. */
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), GENL_HDRLEN, rem)
		if (nla_type(a) == KSRTP_A_FLOW_STREAM)
			fi.n_streams++;
	if (fi.n_streams) {
		unsigned int i = 0;

		fi.streams = calloc(fi.n_streams, sizeof(*fi.streams));
		if (!fi.streams)
			return -1;
		nlmsg_for_each_attr(a, nlmsg_hdr(msg), GENL_HDRLEN, rem) {
			if (nla_type(a) != KSRTP_A_FLOW_STREAM)
				continue;
			if (parse_stream(a, &fi.streams[i++]))
				goto out;
		}
	}

	/* Keys: a multi-attr too. */
	nlmsg_for_each_attr(a, nlmsg_hdr(msg), GENL_HDRLEN, rem)
		if (nla_type(a) == KSRTP_A_FLOW_KEY)
			fi.n_keys++;
	if (fi.n_keys) {
		unsigned int i = 0;

		fi.keys = calloc(fi.n_keys, sizeof(*fi.keys));
		if (!fi.keys)
			goto out;
		nlmsg_for_each_attr(a, nlmsg_hdr(msg), GENL_HDRLEN, rem) {
			if (nla_type(a) != KSRTP_A_FLOW_KEY)
				continue;
			if (parse_key(a, &fi.keys[i++]))
				goto out;
		}
	}
	fn(&fi, arg);
	ret = 0;
out:
	flow_info_free(&fi);
	return ret;
}

int ksrtp_nl_flow_get(struct ksrtp_nl *nl, int has_id, uint32_t id,
		      void (*fn)(const struct flow_info *fi, void *arg),
		      void *arg, struct ksrtp_nl_error *e)
{
	struct get_ctx g = { .fn = fn, .arg = arg };
	struct nl_msg *msg;
	int ret;

	msg = new_msg(nl, KSRTP_CMD_FLOW_GET, has_id ? 0 : NLM_F_DUMP);
	if (!msg)
		return nomem(e);
	if (has_id && nla_put_u32(msg, KSRTP_A_FLOW_ID, id)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, get_reply, &g, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_flow_get_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  void (*fn)(const struct flow_info *fi, void *arg),
			  void *arg, struct ksrtp_nl_error *e)
{
	struct get_ctx g = { .fn = fn, .arg = arg };
	int one = sel->has_id || sel->has_tuple;
	struct nl_msg *msg;
	int ret;

	/* one flow by id or 5-tuple; else a dump, filtered by cookie */
	msg = new_msg(nl, KSRTP_CMD_FLOW_GET, one ? 0 : NLM_F_DUMP);
	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_sel(msg, sel)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, get_reply, &g, e);
	nlmsg_free(msg);
	return ret;
}

/* Streams. */

int ksrtp_nl_parse_stream(struct nl_msg *msg, uint32_t *flow_id,
			  struct flow_stream *s)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	int has_id = 0;

	memset(s, 0, sizeof(*s));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_FLOW_MAX, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_FLOW_ID], &has_id, flow_id) || !has_id ||
	    !tb[KSRTP_A_FLOW_STREAM] ||
	    parse_stream(tb[KSRTP_A_FLOW_STREAM], s) || !s->has_ssrc)
		return -1;
	return 0;
}

struct stream_ctx {
	void (*fn)(uint32_t flow_id, const struct flow_stream *s, void *arg);
	void *arg;
};

static int stream_reply(struct nl_msg *msg, void *arg)
{
	struct stream_ctx *c = arg;
	struct flow_stream s;
	uint32_t id;

	if (ksrtp_nl_parse_stream(msg, &id, &s))
		return -1;
	c->fn(id, &s, c->arg);
	return 0;
}

int ksrtp_nl_stream_get(struct ksrtp_nl *nl, uint32_t flow_id, int has_ssrc,
			uint32_t ssrc,
			void (*fn)(uint32_t flow_id,
				   const struct flow_stream *s, void *arg),
			void *arg, struct ksrtp_nl_error *e)
{
	struct stream_ctx c = { .fn = fn, .arg = arg };
	struct nl_msg *msg;
	int ret;

	msg = new_msg(nl, KSRTP_CMD_STREAM_GET, has_ssrc ? 0 : NLM_F_DUMP);
	if (!msg)
		return nomem(e);
	if (nla_put_u32(msg, KSRTP_A_FLOW_ID, flow_id) ||
	    (has_ssrc && nla_put_u32(msg, KSRTP_A_FLOW_SSRC, ssrc))) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact(nl, msg, stream_reply, &c, e);
	nlmsg_free(msg);
	return ret;
}

/* Key requests. */

int ksrtp_nl_put_key(struct nl_msg *msg, uint8_t cmd,
		     const struct key_req *req)
{
	int ok = 1;

	ok &= !nla_put_u32(msg, KSRTP_A_KEY_FLOW_ID, req->flow_id);
	if (cmd == KSRTP_CMD_KEY_USE) {
		ok &= !nla_put(msg, KSRTP_A_KEY_MKI, req->mki_len, req->mki);
		return ok ? 0 : -1;
	}
	if (req->slot)
		ok &= !nla_put_u8(msg, KSRTP_A_KEY_SLOT, req->slot);
	if (req->mki_len)
		ok &= !nla_put(msg, KSRTP_A_KEY_MKI, req->mki_len, req->mki);
	/* uint attributes: always 8 bytes, which every kernel accepts. */
	if (req->has_from_index)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_FROM_INDEX,
				   req->from_index);
	if (cmd != KSRTP_CMD_KEY_NEW)
		return ok ? 0 : -1;
	ok &= !nla_put(msg, KSRTP_A_KEY_MASTER_KEY, req->key_len, req->key);
	ok &= !nla_put(msg, KSRTP_A_KEY_MASTER_SALT, req->salt_len,
		       req->salt);
	if (req->has_lifetime)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_LIFETIME, req->lifetime);
	if (req->has_soft_lifetime)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_SOFT_LIFETIME,
				   req->soft_lifetime);
	if (req->use)
		ok &= !nla_put_flag(msg, KSRTP_A_KEY_USE);
	return ok ? 0 : -1;
}

static void wipe_free(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	explicit_bzero(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

static int key_request(struct ksrtp_nl *nl, uint8_t cmd,
		       const struct key_req *req, struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, cmd, 0);
	int ret;

	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_key(msg, cmd, req)) {
		wipe_free(msg);
		return nomem(e);
	}
	ret = transact_key(nl, msg, e);		/* wipes msg */
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_key_new(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e)
{
	return key_request(nl, KSRTP_CMD_KEY_NEW, req, e);
}

int ksrtp_nl_key_del(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e)
{
	return key_request(nl, KSRTP_CMD_KEY_DEL, req, e);
}

int ksrtp_nl_key_use(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e)
{
	return key_request(nl, KSRTP_CMD_KEY_USE, req, e);
}

/* Guards and netns stats. */

/* A request of the guard attribute set. */
static int transact_guard(struct ksrtp_nl *nl, struct nl_msg *msg,
			  int (*valid)(struct nl_msg *, void *), void *varg,
			  struct ksrtp_nl_error *e)
{
	return transact_set(nl, msg, valid, varg, e, guard_attr_names,
			    KSRTP_A_GUARD_MAX);
}

int ksrtp_nl_put_guard(struct nl_msg *msg, const struct guard_req *req)
{
	int ok = 1;

	ok &= !nla_put_u8(msg, KSRTP_A_GUARD_DIR, req->dir);
	ok &= !nla_put_u16(msg, KSRTP_A_GUARD_PORT_MIN, htons(req->port_min));
	ok &= !nla_put_u16(msg, KSRTP_A_GUARD_PORT_MAX, htons(req->port_max));
	return ok ? 0 : -1;
}

static int guard_request(struct ksrtp_nl *nl, uint8_t cmd,
			 const struct guard_req *req, struct ksrtp_nl_error *e)
{
	struct nl_msg *msg = new_msg(nl, cmd, 0);
	int ret;

	if (!msg)
		return nomem(e);
	if (ksrtp_nl_put_guard(msg, req)) {
		nlmsg_free(msg);
		return nomem(e);
	}
	ret = transact_guard(nl, msg, NULL, NULL, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_guard_new(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e)
{
	return guard_request(nl, KSRTP_CMD_GUARD_NEW, req, e);
}

int ksrtp_nl_guard_del(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e)
{
	return guard_request(nl, KSRTP_CMD_GUARD_DEL, req, e);
}

int ksrtp_nl_parse_guard(struct nl_msg *msg, struct guard_info *g)
{
	struct nlattr *tb[KSRTP_A_GUARD_MAX + 1];
	int has_min = 0, has_max = 0;

	memset(g, 0, sizeof(*g));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_GUARD_MAX, NULL))
		return -1;
	if (!tb[KSRTP_A_GUARD_DIR] || nla_len(tb[KSRTP_A_GUARD_DIR]) != 1)
		return -1;
	g->dir = nla_get_u8(tb[KSRTP_A_GUARD_DIR]);
	if (get_port(tb[KSRTP_A_GUARD_PORT_MIN], &has_min, &g->port_min) ||
	    get_port(tb[KSRTP_A_GUARD_PORT_MAX], &has_max, &g->port_max) ||
	    !has_min || !has_max)
		return -1;
	return 0;
}

struct guard_ctx {
	void (*fn)(const struct guard_info *g, void *arg);
	void *arg;
};

static int guard_reply(struct nl_msg *msg, void *arg)
{
	struct guard_ctx *c = arg;
	struct guard_info g;

	if (ksrtp_nl_parse_guard(msg, &g))
		return -1;
	c->fn(&g, c->arg);
	return 0;
}

int ksrtp_nl_guard_get(struct ksrtp_nl *nl,
		       void (*fn)(const struct guard_info *g, void *arg),
		       void *arg, struct ksrtp_nl_error *e)
{
	struct guard_ctx c = { .fn = fn, .arg = arg };
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_GUARD_GET, NLM_F_DUMP);
	int ret;

	if (!msg)
		return nomem(e);
	ret = transact_guard(nl, msg, guard_reply, &c, e);
	nlmsg_free(msg);
	return ret;
}

int ksrtp_nl_parse_netns(struct nl_msg *msg, struct netns_info *ni)
{
	struct nlattr *tb[KSRTP_A_NETNS_MAX + 1];

	memset(ni, 0, sizeof(*ni));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_NETNS_MAX, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_NETNS_FLOWS], &ni->has_flows, &ni->flows) ||
	    get_u32(tb[KSRTP_A_NETNS_GUARDS], &ni->has_guards, &ni->guards))
		return -1;
	if (tb[KSRTP_A_NETNS_STATS]) {
		if (parse_uints(tb[KSRTP_A_NETNS_STATS],
				KSRTP_A_NETNS_STATS_MAX, ni->stats.val,
				ni->stats.present))
			return -1;
		ni->has_stats = 1;
	}
	return 0;
}

struct netns_ctx {
	struct netns_info *ni;
	int got;
};

static int netns_reply(struct nl_msg *msg, void *arg)
{
	struct netns_ctx *c = arg;

	if (ksrtp_nl_parse_netns(msg, c->ni))
		return -1;
	c->got = 1;
	return 0;
}

int ksrtp_nl_stats_get(struct ksrtp_nl *nl, struct netns_info *ni,
		       struct ksrtp_nl_error *e)
{
	struct netns_ctx c = { .ni = ni };
	struct nl_msg *msg = new_msg(nl, KSRTP_CMD_STATS_GET, 0);
	int ret;

	memset(ni, 0, sizeof(*ni));
	if (!msg)
		return nomem(e);
	ret = transact_set(nl, msg, netns_reply, &c, e, netns_attr_names,
			   KSRTP_A_NETNS_MAX);
	nlmsg_free(msg);
	if (!ret && !c.got) {
		memset(e, 0, sizeof(*e));
		e->err = EPROTO;
		snprintf(e->msg, sizeof(e->msg), "no reply from the kernel");
		return -1;
	}
	return ret;
}

/* Events. */

struct mon {
	struct ksrtp_nl *nl;
	int (*fn)(const struct key_event *ev, void *arg);
	void *arg;
	int done;
};

int ksrtp_nl_parse_event(struct nl_msg *msg, struct key_event *ev)
{
	struct nlattr *tb[KSRTP_A_EVENT_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, KSRTP_A_EVENT_MAX, NULL))
		return -1;
	if (!tb[KSRTP_A_EVENT_TYPE] || nla_len(tb[KSRTP_A_EVENT_TYPE]) != 1)
		return -1;
	ev->type = nla_get_u8(tb[KSRTP_A_EVENT_TYPE]);
	if (get_u32(tb[KSRTP_A_EVENT_FLOW_ID], &ev->has_flow_id,
		    &ev->flow_id) ||
	    get_u32(tb[KSRTP_A_EVENT_SSRC], &ev->has_ssrc, &ev->ssrc) ||
	    get_opt_uint(tb[KSRTP_A_EVENT_FROM_INDEX], &ev->has_from_index,
			 &ev->from_index) ||
	    get_mki(tb[KSRTP_A_EVENT_MKI], ev->mki, &ev->mki_len))
		return -1;
	if (tb[KSRTP_A_EVENT_REASON]) {
		if (nla_len(tb[KSRTP_A_EVENT_REASON]) != 1)
			return -1;
		ev->reason = nla_get_u8(tb[KSRTP_A_EVENT_REASON]);
	}
	if (tb[KSRTP_A_EVENT_COOKIE]) {
		if (nla_len(tb[KSRTP_A_EVENT_COOKIE]) != 8)
			return -1;
		ev->cookie = nla_get_u64(tb[KSRTP_A_EVENT_COOKIE]);
	}
	return 0;
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	struct mon *m = arg;
	struct key_event ev;

	if (m->done || nlh->nlmsg_type != m->nl->family ||
	    !genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	gh = nlmsg_data(nlh);
	if (gh->cmd != KSRTP_CMD_KEY_EVENT)
		return NL_SKIP;
	if (ksrtp_nl_parse_event(msg, &ev)) {
		fprintf(stderr, "srtpctl: monitor: skipped a malformed event\n");
		return NL_SKIP;
	}
	if (m->fn(&ev, m->arg)) {
		m->done = 1;
		return NL_STOP;
	}
	return NL_OK;
}

static int no_seq_check(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int ksrtp_nl_monitor(struct ksrtp_nl *nl,
		     int (*fn)(const struct key_event *ev, void *arg),
		     void *arg, struct ksrtp_nl_error *e)
{
	struct mon m = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int grp, ret;

	memset(e, 0, sizeof(*e));
	grp = genl_ctrl_resolve_grp(nl->sock, KSRTP_GENL_NAME,
				    KSRTP_MCGRP_EVENTS);
	if (grp < 0) {
		e->err = grp == -NLE_OBJ_NOTFOUND ? ENOENT : EIO;
		snprintf(e->msg, sizeof(e->msg),
			 "cannot find the multicast group \"%s\" of family \"%s\": %s",
			 KSRTP_MCGRP_EVENTS, KSRTP_GENL_NAME,
			 nl_geterror(grp));
		return -1;
	}
	ret = nl_socket_add_membership(nl->sock, grp);
	if (ret < 0) {
		/* The group needs CAP_NET_ADMIN, like every command. */
		e->err = ret == -NLE_PERM ? EPERM : EIO;
		snprintf(e->msg, sizeof(e->msg),
			 "cannot join the multicast group \"%s\": %s",
			 KSRTP_MCGRP_EVENTS, nl_geterror(ret));
		return -1;
	}
	/* Notifications carry no sequence number of ours. */
	nl_socket_disable_seq_check(nl->sock);
	/* Room for bursts (one event per key switch, or per new SSRC). */
	nl_socket_set_buffer_size(nl->sock, 1 << 20, 0);

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return nomem(e);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &m);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, no_seq_check, NULL);
	while (!m.done) {
		ret = nl_recvmsgs(nl->sock, cb);
		if (ret >= 0)
			continue;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events for us. */
			fprintf(stderr,
				"srtpctl: monitor: events were lost (receive buffer overrun)\n");
			continue;
		}
		e->err = EIO;
		snprintf(e->msg, sizeof(e->msg), "cannot receive events: %s",
			 nl_geterror(ret));
		nl_cb_put(cb);
		return -1;
	}
	nl_cb_put(cb);
	return 0;
}
