// SPDX-License-Identifier: GPL-2.0
/*
 * libksrtp: the ksrtp generic netlink family as a C library, on
 * libnl-genl-3. The request and reply handling follows srtpctl's nl.c.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
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

#include "internal.h"

#define API __attribute__((visibility("default")))

/* ------------------------------------------------------------------ */
/* Errors: per thread, for one handle at a time (like errno). */

struct kl_error {
	const struct ksrtp *h;
	int err;			/* positive errno */
	char msg[256];
	char attr[32];
};

static __thread struct kl_error tls_err;

/* A local error @err (positive) with a printf message, as -@err. */
static int fail(const struct ksrtp *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(const struct ksrtp *h, int err, const char *fmt, ...)
{
	va_list ap;

	memset(&tls_err, 0, sizeof(tls_err));
	tls_err.h = h;
	tls_err.err = err;
	va_start(ap, fmt);
	vsnprintf(tls_err.msg, sizeof(tls_err.msg), fmt, ap);
	va_end(ap);
	return -err;
}

API const char *ksrtp_errmsg(const struct ksrtp *h)
{
	return tls_err.h == h ? tls_err.msg : "";
}

API const char *ksrtp_erratt(const struct ksrtp *h)
{
	return tls_err.h == h ? tls_err.attr : "";
}

API const char *ksrtp_strerror(const struct ksrtp *h, int err, char *buf,
			       size_t len)
{
	char tmp[128];
	const char *s;

	if (!buf || !len)
		return buf;
	/* the XSI strerror_r (no _GNU_SOURCE here) */
	if (strerror_r(-err, tmp, sizeof(tmp)))
		snprintf(tmp, sizeof(tmp), "error %d", -err);
	s = tmp;
	if (tls_err.h == h && tls_err.err == -err && tls_err.msg[0])
		snprintf(buf, len, "%s%s%s (%s)", tls_err.msg,
			 tls_err.attr[0] ? ": " : "", tls_err.attr, s);
	else
		snprintf(buf, len, "%s", s);
	return buf;
}

/* libnl's error numbers to errno, for failures of the socket itself. */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:		return ENOMEM;	/* also ENOBUFS */
	case NLE_AGAIN:		return EAGAIN;
	case NLE_INTR:		return EINTR;
	case NLE_PERM:		return EPERM;
	case NLE_NOACCESS:	return EACCES;
	case NLE_OBJ_NOTFOUND:	return ENOENT;
	case NLE_INVAL:		return EINVAL;
	case NLE_MSGSIZE:	return EMSGSIZE;
	case NLE_PROTO_MISMATCH: return EPROTONOSUPPORT;
	case NLE_BAD_SOCK:	return EBADF;
	case NLE_AF_NOSUPPORT:	return EAFNOSUPPORT;
	default:		return EIO;
	}
}

/* ------------------------------------------------------------------ */
/* Handles */

static struct ksrtp *handle_alloc(void)
{
	pthread_mutexattr_t ma;
	struct ksrtp *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->family = -1;
	h->ev_fd = -1;
	/* a callback that calls back on its handle gets EDEADLK */
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&h->lock, &ma);
	pthread_mutex_init(&h->ev_lock, &ma);
	pthread_mutexattr_destroy(&ma);
	h->sock = nl_socket_alloc();
	if (!h->sock) {
		ksrtp_close(h);
		return NULL;
	}
	return h;
}

API int ksrtp_open(struct ksrtp **hp)
{
	struct ksrtp *h;
	int one = 1, fd, ret;

	if (!hp)
		return fail(NULL, EINVAL, "no handle pointer");
	*hp = NULL;
	h = handle_alloc();
	if (!h)
		return fail(NULL, ENOMEM, "cannot allocate a handle");
	ret = genl_connect(h->sock);
	if (ret < 0) {
		ksrtp_close(h);
		ret = nlerr_to_errno(ret);
		return fail(NULL, ret,
			    "cannot connect to generic netlink: %s",
			    strerror(ret));
	}
	/*
	 * Extended acks carry the kernel's error message. Capped acks do not
	 * echo our request back, which for flow-new would be the key.
	 */
	fd = nl_socket_get_fd(h->sock);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	fcntl(fd, F_SETFD, FD_CLOEXEC);

	ret = genl_ctrl_resolve(h->sock, KSRTP_FAMILY_NAME);
	if (ret < 0) {
		ksrtp_close(h);
		if (ret == -NLE_OBJ_NOTFOUND)
			return fail(NULL, ENOENT,
				    "generic netlink family \"%s\" not found (is ksrtp.ko loaded?)",
				    KSRTP_FAMILY_NAME);
		ret = nlerr_to_errno(ret);
		return fail(NULL, ret,
			    "cannot resolve generic netlink family \"%s\": %s",
			    KSRTP_FAMILY_NAME, strerror(ret));
	}
	h->family = ret;
	*hp = h;
	return 0;
}

API void ksrtp_close(struct ksrtp *h)
{
	if (!h)
		return;
	if (h->sock)
		nl_socket_free(h->sock);
	/* without ev_sock, ev_fd is a test's: the test closes it */
	if (h->ev_sock)
		nl_socket_free(h->ev_sock);
	if (h->ev_buf) {
		explicit_bzero(h->ev_buf, h->ev_len);
		free(h->ev_buf);
	}
	pthread_mutex_destroy(&h->lock);
	pthread_mutex_destroy(&h->ev_lock);
	if (tls_err.h == h)
		memset(&tls_err, 0, sizeof(tls_err));
	free(h);
}

struct ksrtp *kl_test_handle(int family,
			     int (*send)(struct nl_sock *, struct nl_msg *),
			     int (*recv)(struct nl_sock *,
					 struct sockaddr_nl *,
					 unsigned char **, struct ucred **))
{
	struct ksrtp *h = handle_alloc();
	struct nl_cb *cb;

	if (!h)
		return NULL;
	cb = nl_socket_get_cb(h->sock);
	nl_cb_overwrite_send(cb, send);
	nl_cb_put(cb);
	h->family = family;
	h->send = send;
	h->recv = recv;
	return h;
}

void kl_test_events_fd(struct ksrtp *h, int fd)
{
	h->ev_fd = fd;
}

/* Take the handle's lock: 0, or a negative errno with the error set. */
static int lock(struct ksrtp *h)
{
	int ret;

	if (!h)
		return fail(NULL, EINVAL, "no handle");
	ret = pthread_mutex_lock(&h->lock);
	if (ret)
		return fail(h, ret,
			    "the handle is busy in this thread (a call from a callback?)");
	return 0;
}

static void unlock(struct ksrtp *h)
{
	pthread_mutex_unlock(&h->lock);
}

/* ------------------------------------------------------------------ */
/* Versioned structs */

/*
 * The size of a struct before the members that came with a later minor
 * version (0.2, or 0.3 for ksrtp_netns_stats): what a program built
 * against the older header passes.
 */
#define V0_SIZE(type, first_new)	offsetof(struct type, first_new)

/*
 * Copy a caller's struct of @ssize bytes into @dst (@dsize, the
 * library's size). @ssize is at least @min (the oldest header's size).
 * Bytes the library does not know must be zero; bytes the caller did not
 * have stay zero in @dst.
 */
static int copy_in(struct ksrtp *h, const char *what, void *dst,
		   size_t dsize, size_t min, const void *src, uint32_t ssize)
{
	const unsigned char *s = src;
	uint32_t i;

	memset(dst, 0, dsize);
	if (!src)
		return fail(h, EINVAL, "no %s", what);
	if (ssize < min)
		return fail(h, EINVAL, "%s: size %u, want %zu (KSRTP_INIT)",
			    what, ssize, dsize);
	for (i = dsize; i < ssize; i++)
		if (s[i])
			return fail(h, E2BIG,
				    "%s: byte %u is set, but this libksrtp knows only %zu",
				    what, i, dsize);
	memcpy(dst, src, ssize < dsize ? ssize : dsize);
	((uint32_t *)dst)[0] = (uint32_t)dsize;
	return 0;
}

/*
 * Copy the library's struct @src (@ssize) out into the caller's @dst, of
 * at least @min bytes: as much of it as the caller has room for.
 */
static int copy_out(struct ksrtp *h, const char *what, void *dst,
		    const void *src, size_t ssize, size_t min)
{
	uint32_t dsize, n;

	if (!dst)
		return fail(h, EINVAL, "no %s", what);
	memcpy(&dsize, dst, sizeof(dsize));
	if (dsize < min)
		return fail(h, EINVAL, "%s: size %u, want %zu (KSRTP_INIT)",
			    what, dsize, ssize);
	n = dsize < ssize ? dsize : (uint32_t)ssize;
	memset(dst, 0, dsize);
	memcpy(dst, src, n);
	memcpy(dst, &n, sizeof(n));
	return 0;
}

static unsigned int addr_len(uint16_t family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int kl_flow_config_in(struct ksrtp *h, const struct ksrtp_flow_config *in,
		      struct ksrtp_flow_config *out)
{
	int ret = copy_in(h, "flow config", out, sizeof(*out),
			  V0_SIZE(ksrtp_flow_config, cookie), in,
			  in ? in->size : 0);

	if (ret)
		return ret;
	if (out->dir != KSRTP_DIR_TX && out->dir != KSRTP_DIR_RX)
		ret = fail(h, EINVAL, "flow config: dir %u is neither tx nor rx",
			   out->dir);
	else if (!addr_len(out->family))
		ret = fail(h, EINVAL,
			   "flow config: family %u is neither AF_INET nor AF_INET6",
			   out->family);
	else if (!out->key_len || out->key_len > KSRTP_KEY_MAX)
		ret = fail(h, EINVAL, "flow config: key_len %u, want 1..%d",
			   out->key_len, KSRTP_KEY_MAX);
	else if (!out->salt_len || out->salt_len > KSRTP_SALT_MAX)
		ret = fail(h, EINVAL, "flow config: salt_len %u, want 1..%d",
			   out->salt_len, KSRTP_SALT_MAX);
	else if (out->mki_len > KSRTP_MKI_MAX_LEN)
		ret = fail(h, EINVAL, "flow config: mki_len %u, want 0..%d",
			   out->mki_len, KSRTP_MKI_MAX_LEN);
	else if (out->opts & (KSRTP_FLOW_STREAM_COUNT | KSRTP_FLOW_STATS |
			      KSRTP_FLOW_LOCAL_PORT | KSRTP_FLOW_OWNER))
		ret = fail(h, EINVAL,
			   "flow config: opts has bits of flow info only");
	else if (out->opts >> 20)
		ret = fail(h, EINVAL, "flow config: unknown opts 0x%x",
			   out->opts & ~0xfffffu);
	else if ((out->opts & KSRTP_FLOW_SRTCP_TAG_LEN) &&
		 out->srtcp_tag_len != 4 && out->srtcp_tag_len != 10)
		ret = fail(h, EINVAL,
			   "flow config: srtcp_tag_len %u, want 4 or 10",
			   out->srtcp_tag_len);
	if (ret)
		explicit_bzero(out, sizeof(*out));
	return ret;
}

int kl_key_config_in(struct ksrtp *h, const struct ksrtp_key_config *in,
		     struct ksrtp_key_config *out)
{
	int ret = copy_in(h, "key config", out, sizeof(*out), sizeof(*out),
			  in, in ? in->size : 0);

	if (ret)
		return ret;
	if (out->key_len > KSRTP_KEY_MAX)
		ret = fail(h, EINVAL, "key config: key_len %u, want 0..%d",
			   out->key_len, KSRTP_KEY_MAX);
	else if (out->salt_len > KSRTP_SALT_MAX)
		ret = fail(h, EINVAL, "key config: salt_len %u, want 0..%d",
			   out->salt_len, KSRTP_SALT_MAX);
	else if (out->mki_len > KSRTP_MKI_MAX_LEN)
		ret = fail(h, EINVAL, "key config: mki_len %u, want 0..%d",
			   out->mki_len, KSRTP_MKI_MAX_LEN);
	else if (out->slot > KSRTP_KEY_SLOT_STANDBY)
		ret = fail(h, EINVAL, "key config: unknown slot %u",
			   out->slot);
	else if (out->opts & ~(uint32_t)(KSRTP_KEY_FROM_INDEX |
					 KSRTP_KEY_LIFETIME |
					 KSRTP_KEY_SOFT_LIFETIME |
					 KSRTP_KEY_USE))
		ret = fail(h, EINVAL, "key config: unknown opts 0x%x",
			   out->opts);
	if (ret)
		explicit_bzero(out, sizeof(*out));
	return ret;
}

/* ------------------------------------------------------------------ */
/* Requests */

#define MAX_SENT_ATTRS	32

struct xact {
	struct ksrtp *h;
	int done;
	int kerr;			/* errno from the kernel, positive */
	struct kl_error e;
	int (*valid)(struct nlmsghdr *nlh, void *arg, int *stop);
	void *varg;
	int parse_err;			/* a reply we could not parse */
	int stop;			/* the callback's non-zero return */
	uint32_t seq;			/* of the request */
	int count;			/* replies passed on */
	const char *const *names;	/* of the request's attribute set */
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
	[KSRTP_A_FLOW_COOKIE] = "cookie",
	[KSRTP_A_FLOW_SOCKET_OWNER] = "socket-owner",
	[KSRTP_A_FLOW_OWNER_PORTID] = "owner-portid",
	[KSRTP_A_FLOW_SRTCP_TAG_LEN] = "srtcp-tag-len",
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
	[KSRTP_A_NETNS_STREAMS] = "streams",
	[KSRTP_A_NETNS_TX_STATS] = "tx-stats",
	[KSRTP_A_NETNS_RX_STATS] = "rx-stats",
};

static void name_attr(struct xact *x, unsigned int type)
{
	if (type && type <= x->max_name && x->names[type])
		snprintf(x->e.attr, sizeof(x->e.attr), "%s", x->names[type]);
}

/* The extended ack attributes (NLMSGERR_ATTR_*) of an error or a DONE. */
static void parse_ext_ack(struct xact *x, void *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG] && nla_len(tb[NLMSGERR_ATTR_MSG]) > 0)
		snprintf(x->e.msg, sizeof(x->e.msg), "%.*s",
			 nla_len(tb[NLMSGERR_ATTR_MSG]),
			 (const char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
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
		if (!x->e.msg[0])
			snprintf(x->e.msg, sizeof(x->e.msg),
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
 * NLMSG_DONE ends a dump; if the kernel stopped it on an error, the error
 * is in it (a negative errno, then the extended ack attributes). libnl
 * does not look, so without this a failed dump would look complete.
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
	int ret;

	/* after a callback stopped, the rest of a dump is read and dropped */
	if (!x->valid || x->stop || x->parse_err)
		return NL_OK;
	ret = x->valid(nlmsg_hdr(msg), x->varg, &x->stop);
	if (ret)
		x->parse_err = 1;
	else
		x->count++;
	return NL_OK;
}

/*
 * Only the replies to this request count: a reply to an earlier one that
 * failed half way (ENOBUFS, a lost ack) is dropped, and the socket stays
 * usable.
 */
static int seq_cb(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == x->seq ? NL_OK : NL_SKIP;
}

/* Remember where each top-level attribute of @msg sits, then wipe it. */
static void note_and_wipe(struct xact *x, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem;

	x->n_sent = 0;
	x->seq = nlh->nlmsg_seq;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (x->n_sent == MAX_SENT_ATTRS)
			break;
		x->sent_off[x->n_sent] = (unsigned int)((char *)a - (char *)nlh);
		x->sent_type[x->n_sent] = nla_type(a);
		x->n_sent++;
	}
	explicit_bzero(nlh, nlh->nlmsg_len);
}

/*
 * Send @msg (wiped and freed here, whatever happens) and read the replies
 * up to the ack or the end of the dump, passing each to @valid: it
 * returns 0, or -1 for a malformed reply, and sets *stop to stop (the
 * rest of the replies are then read and dropped). Returns 0 with the
 * replies passed on in *@count and the stop value in *@stop, or a
 * negative errno with the thread's error set. Call with the handle
 * locked.
 */
static int transact(struct ksrtp *h, struct nl_msg *msg,
		    int (*valid)(struct nlmsghdr *, void *, int *),
		    void *varg, const char *const *names,
		    unsigned int max_name, int *count, int *stop)
{
	struct xact *x = calloc(1, sizeof(*x));
	struct nl_cb *cb;
	int ret;

	if (!x) {
		explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
		nlmsg_free(msg);
		return fail(h, ENOMEM, "out of memory");
	}
	x->h = h;
	x->valid = valid;
	x->varg = varg;
	x->names = names;
	x->max_name = max_name;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		note_and_wipe(x, msg);
		nlmsg_free(msg);
		free(x);
		return fail(h, ENOMEM, "out of memory");
	}
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, done_cb, x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, x);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_cb, x);
	if (h->recv)
		nl_cb_overwrite_recv(cb, h->recv);

	/* the send hook of the tests sits in the socket's own cb */
	ret = nl_send_auto(h->sock, msg);
	note_and_wipe(x, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		fail(h, ret, "cannot send: %s", strerror(ret));
		goto out;
	}
	while (!x->done) {
		ret = nl_recvmsgs(h->sock, cb);
		if (ret < 0 && !x->kerr) {
			ret = nlerr_to_errno(ret);
			/* ENOBUFS: a reply was lost (flow-new undoes itself) */
			fail(h, ret, "cannot receive: %s", strerror(ret));
			goto out;
		}
		if (ret == 0 && !x->done && h->recv) {
			/* a made-up kernel that has nothing more to say */
			fail(h, EPROTO, "no reply");
			ret = EPROTO;
			goto out;
		}
	}
	if (x->kerr) {
		x->e.h = h;
		x->e.err = x->kerr;
		tls_err = x->e;
		ret = x->kerr;
	} else if (x->parse_err) {
		fail(h, EPROTO, "malformed reply from the kernel");
		ret = EPROTO;
	} else {
		if (count)
			*count = x->count;
		if (stop)
			*stop = x->stop;
		ret = 0;
	}
out:
	nl_cb_put(cb);
	free(x);
	return -ret;
}

/* A request message of @cmd, NULL (error set) if out of memory. */
static struct nl_msg *new_msg(struct ksrtp *h, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg) {
		fail(h, ENOMEM, "out of memory");
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			 flags | NLM_F_ACK, cmd, KSRTP_FAMILY_VERSION)) {
		nlmsg_free(msg);
		fail(h, ENOMEM, "out of memory");
		return NULL;
	}
	return msg;
}

static int msg_full(struct ksrtp *h, struct nl_msg *msg)
{
	explicit_bzero(nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len);
	nlmsg_free(msg);
	return fail(h, EMSGSIZE, "request too large");
}

/*
 * With the handle locked: a request of @cmd whose attributes @put takes
 * from @obj, sent with transact(). The first @wipe bytes of @obj (key
 * material) are wiped once they are in the message.
 */
static int build_send(struct ksrtp *h, uint8_t cmd,
		      int (*put)(struct nl_msg *, uint8_t, const void *),
		      void *obj, size_t wipe,
		      int (*valid)(struct nlmsghdr *, void *, int *),
		      void *varg, const char *const *names,
		      unsigned int max_name)
{
	struct nl_msg *msg = new_msg(h, cmd, 0);

	if (!msg)
		return -ENOMEM;
	if (put(msg, cmd, obj))
		return msg_full(h, msg);
	explicit_bzero(obj, wipe);
	return transact(h, msg, valid, varg, names, max_name, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Flows */

int kl_put_flow_new(struct nl_msg *msg, const struct ksrtp_flow_config *c)
{
	unsigned int alen = addr_len(c->family);
	uint32_t o = c->opts;
	int ok = 1;

	ok &= !nla_put_u8(msg, KSRTP_A_FLOW_DIR, c->dir);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, c->family);
	ok &= !nla_put(msg, KSRTP_A_FLOW_LOCAL_ADDR, alen, c->local_addr);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_LOCAL_PORT, htons(c->local_port));
	if (o & KSRTP_FLOW_REMOTE) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR, alen,
			       c->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(c->remote_port));
	}
	ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SUITE, c->suite);
	ok &= !nla_put(msg, KSRTP_A_FLOW_MASTER_KEY, c->key_len, c->key);
	ok &= !nla_put(msg, KSRTP_A_FLOW_MASTER_SALT, c->salt_len, c->salt);
	if (c->mki_len)
		ok &= !nla_put(msg, KSRTP_A_FLOW_MKI, c->mki_len, c->mki);
	if (o & KSRTP_FLOW_SSRC)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC, c->ssrc);
	if (o & KSRTP_FLOW_MAX_SSRCS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_MAX_SSRCS, c->max_ssrcs);
	if (o & KSRTP_FLOW_SSRC_IDLE_MS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS,
				   c->ssrc_idle_ms);
	if (o & KSRTP_FLOW_RTCP_MUX)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RTCP_MUX);
	if (o & KSRTP_FLOW_RTCP)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RTCP);
	if (o & KSRTP_FLOW_REPLAY_WINDOW)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_REPLAY_WINDOW,
				   c->replay_window);
	if (o & KSRTP_FLOW_ROC)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_ROC, c->roc);
	if (o & KSRTP_FLOW_RESET_ROC)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_RESET_ROC);
	if (o & KSRTP_FLOW_SRTCP_TAG_LEN)
		ok &= !nla_put_u8(msg, KSRTP_A_FLOW_SRTCP_TAG_LEN,
				  c->srtcp_tag_len);
	if (o & KSRTP_FLOW_GRACE_MS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, c->grace_ms);
	if (o & KSRTP_FLOW_GRACE_PACKETS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS,
				   c->grace_packets);
	/* uint attributes: always 8 bytes, which every kernel accepts. */
	if (o & KSRTP_FLOW_LIFETIME)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_LIFETIME, c->lifetime);
	if (o & KSRTP_FLOW_SOFT_LIFETIME)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_SOFT_LIFETIME,
				   c->soft_lifetime);
	if (o & KSRTP_FLOW_COOKIE)
		ok &= !nla_put_u64(msg, KSRTP_A_FLOW_COOKIE, c->cookie);
	if (o & KSRTP_FLOW_SOCKET_OWNER)
		ok &= !nla_put_flag(msg, KSRTP_A_FLOW_SOCKET_OWNER);
	return ok ? 0 : -1;
}

int kl_put_tuple(struct nl_msg *msg, const struct ksrtp_flow_tuple *t)
{
	unsigned int alen = addr_len(t->family);
	int ok = 1;

	ok &= !nla_put_u8(msg, KSRTP_A_FLOW_DIR, t->dir);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_FAMILY, t->family);
	ok &= !nla_put(msg, KSRTP_A_FLOW_LOCAL_ADDR, alen, t->local_addr);
	ok &= !nla_put_u16(msg, KSRTP_A_FLOW_LOCAL_PORT, htons(t->local_port));
	if (t->opts & KSRTP_FLOW_REMOTE) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR, alen,
			       t->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(t->remote_port));
	}
	return ok ? 0 : -1;
}

int kl_put_flow_change(struct nl_msg *msg, const struct ksrtp_flow_change *c)
{
	int ok = 1;

	ok &= !nla_put_u32(msg, KSRTP_A_FLOW_ID, c->id);
	if (c->opts & KSRTP_FLOW_REMOTE) {
		ok &= !nla_put(msg, KSRTP_A_FLOW_REMOTE_ADDR,
			       addr_len(c->family), c->remote_addr);
		ok &= !nla_put_u16(msg, KSRTP_A_FLOW_REMOTE_PORT,
				   htons(c->remote_port));
	}
	if (c->opts & KSRTP_FLOW_GRACE_MS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_MS, c->grace_ms);
	if (c->opts & KSRTP_FLOW_GRACE_PACKETS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_GRACE_PACKETS,
				   c->grace_packets);
	if (c->opts & KSRTP_FLOW_SSRC_IDLE_MS)
		ok &= !nla_put_u32(msg, KSRTP_A_FLOW_SSRC_IDLE_MS,
				   c->ssrc_idle_ms);
	return ok ? 0 : -1;
}

/*
 * Attribute getters: 0 (absent is fine), -1 if malformed. A number of
 * @len bytes, host order, into @v; @bit set in *@opts if present.
 */
static int get_fixed(struct nlattr *a, int len, uint32_t *opts,
		     uint32_t bit, void *v)
{
	if (!a)
		return 0;
	if (nla_len(a) != len)
		return -1;
	memcpy(v, nla_data(a), (size_t)len);
	*opts |= bit;
	return 0;
}

static int get_u32(struct nlattr *a, uint32_t *opts, uint32_t bit,
		   uint32_t *v)
{
	return get_fixed(a, 4, opts, bit, v);
}

static int get_u64(struct nlattr *a, uint32_t *opts, uint32_t bit,
		   uint64_t *v)
{
	return get_fixed(a, 8, opts, bit, v);
}

static int get_uint(struct nlattr *a, uint64_t *v)
{
	if (nla_len(a) == 4)
		*v = nla_get_u32(a);
	else if (nla_len(a) == 8)
		*v = nla_get_u64(a);
	else
		return -1;
	return 0;
}

static int get_opt_uint(struct nlattr *a, uint32_t *opts, uint32_t bit,
			uint64_t *v)
{
	if (!a)
		return 0;
	if (get_uint(a, v))
		return -1;
	*opts |= bit;
	return 0;
}

static int get_port(struct nlattr *a, uint32_t *opts, uint32_t bit,
		    uint16_t *port)
{
	if (!a)
		return 0;
	if (nla_len(a) != 2)
		return -1;
	*port = ntohs(nla_get_u16(a));
	*opts |= bit;
	return 0;
}

static int get_addr(struct nlattr *a, uint8_t *addr, uint8_t *len)
{
	if (!a)
		return 0;
	if (nla_len(a) != 4 && nla_len(a) != 16)
		return -1;
	*len = (uint8_t)nla_len(a);
	memcpy(addr, nla_data(a), *len);
	return 0;
}

static int get_mki(struct nlattr *a, uint8_t *mki, uint8_t *len)
{
	int n;

	if (!a)
		return 0;
	n = nla_len(a);
	if (n < 1 || n > KSRTP_MKI_MAX_LEN)
		return -1;
	memcpy(mki, nla_data(a), n);
	*len = (uint8_t)n;
	return 0;
}

static int get_u8(struct nlattr *a, uint8_t *v)
{
	if (!a)
		return 0;
	if (nla_len(a) != 1)
		return -1;
	*v = nla_get_u8(a);
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

/* A nest of uint counters by type; types past the slots are skipped. */
static int parse_stats(struct nlattr *nest, struct ksrtp_stats *st)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t < 1 || t >= KSRTP_STATS_SLOTS)
			continue;	/* newer kernel: skip */
		if (get_uint(a, &st->val[t]))
			return -1;
		st->present |= 1ull << t;
	}
	return 0;
}

/* Like get_u32(): a stats nest @a, if present, into @st and @bit set. */
static int get_stats(struct nlattr *a, uint32_t *opts, uint32_t bit,
		     struct ksrtp_stats *st)
{
	if (!a)
		return 0;
	if (parse_stats(a, st))
		return -1;
	*opts |= bit;
	return 0;
}

static int parse_stream_nest(struct nlattr *nest, struct ksrtp_stream_info *s)
{
	struct nlattr *tb[KSRTP_A_STREAM_MAX + 1];
	uint32_t has_ssrc = 0;

	if (nla_parse_nested(tb, KSRTP_A_STREAM_MAX, nest, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_STREAM_SSRC], &has_ssrc, 1, &s->ssrc) ||
	    !has_ssrc ||
	    get_u32(tb[KSRTP_A_STREAM_ROC], &s->opts, KSRTP_STREAM_ROC,
		    &s->roc) ||
	    get_u32(tb[KSRTP_A_STREAM_SRTCP_INDEX], &s->opts,
		    KSRTP_STREAM_SRTCP_INDEX, &s->srtcp_index) ||
	    get_u32(tb[KSRTP_A_STREAM_IDLE_MS], &s->opts,
		    KSRTP_STREAM_IDLE_MS, &s->idle_ms) ||
	    get_port(tb[KSRTP_A_STREAM_SEQ], &s->opts, KSRTP_STREAM_SEQ,
		     &s->seq))
		return -1;
	/* get_port() swapped it: seq is a host order u16 */
	if (s->opts & KSRTP_STREAM_SEQ)
		s->seq = nla_get_u16(tb[KSRTP_A_STREAM_SEQ]);
	return get_stats(tb[KSRTP_A_STREAM_STATS], &s->opts,
			 KSRTP_STREAM_STATS, &s->stats);
}

static int parse_key_nest(struct nlattr *nest, struct ksrtp_key_info *k)
{
	struct nlattr *tb[KSRTP_A_KEY_INFO_MAX + 1];

	k->size = sizeof(*k);
	if (nla_parse_nested(tb, KSRTP_A_KEY_INFO_MAX, nest, NULL))
		return -1;
	if (get_u8(tb[KSRTP_A_KEY_INFO_SLOT], &k->slot) ||
	    get_mki(tb[KSRTP_A_KEY_INFO_MKI], k->mki, &k->mki_len) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_FROM_INDEX], &k->opts,
			 KSRTP_KEY_FROM_INDEX, &k->from_index) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_LIFETIME], &k->opts,
			 KSRTP_KEY_LIFETIME, &k->lifetime) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SOFT_LIFETIME], &k->opts,
			 KSRTP_KEY_SOFT_LIFETIME, &k->soft_lifetime) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SRTP_PACKETS], &k->opts,
			 KSRTP_KEY_SRTP_PACKETS, &k->srtp_packets) ||
	    get_opt_uint(tb[KSRTP_A_KEY_INFO_SRTCP_PACKETS], &k->opts,
			 KSRTP_KEY_SRTCP_PACKETS, &k->srtcp_packets) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_CIPHER], k->cipher,
			sizeof(k->cipher)) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_CIPHER_FALLBACK],
			k->cipher_fallback, sizeof(k->cipher_fallback)) ||
	    get_opt_str(tb[KSRTP_A_KEY_INFO_AUTH], k->auth, sizeof(k->auth)))
		return -1;
	return 0;
}

void kl_flow_info_free(struct ksrtp_flow_info *fi)
{
	free((void *)fi->keys);
	fi->keys = NULL;
	fi->n_keys = 0;
	free((void *)fi->streams);
	fi->streams = NULL;
	fi->n_streams = 0;
}

/* The multi-attr nests of @type at the top level of @nlh, into @out. */
static int count_attrs(struct nlmsghdr *nlh, int type)
{
	struct nlattr *a;
	int rem, n = 0;

	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem)
		if (nla_type(a) == type)
			n++;
	return n;
}

static int parse_flow_streams(struct nlmsghdr *nlh,
			      struct ksrtp_flow_info *fi)
{
	struct ksrtp_stream_info *st;
	int n = count_attrs(nlh, KSRTP_A_FLOW_STREAM);
	struct nlattr *a;
	int rem;

	if (!n)
		return 0;
	st = calloc(n, sizeof(*st));
	if (!st)
		return -1;
	fi->streams = st;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (nla_type(a) != KSRTP_A_FLOW_STREAM)
			continue;
		st[fi->n_streams].size = sizeof(*st);
		st[fi->n_streams].flow_id = fi->id;
		if (parse_stream_nest(a, &st[fi->n_streams++]))
			return -1;
	}
	return 0;
}

int kl_parse_flow(struct nlmsghdr *nlh, struct ksrtp_flow_info *fi)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	struct ksrtp_key_info *keys;
	uint32_t has_id = 0, n = 0;
	struct nlattr *a;
	int rem;

	memset(fi, 0, sizeof(*fi));
	fi->size = sizeof(*fi);
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_FLOW_MAX, NULL))
		return -1;
	if (get_u32(tb[KSRTP_A_FLOW_ID], &has_id, 1, &fi->id) || !has_id ||
	    get_u8(tb[KSRTP_A_FLOW_DIR], &fi->dir))
		return -1;
	if (tb[KSRTP_A_FLOW_FAMILY]) {
		if (nla_len(tb[KSRTP_A_FLOW_FAMILY]) != 2)
			return -1;
		fi->family = nla_get_u16(tb[KSRTP_A_FLOW_FAMILY]);
	}
	if (get_addr(tb[KSRTP_A_FLOW_LOCAL_ADDR], fi->local_addr,
		     &fi->local_addr_len) ||
	    get_addr(tb[KSRTP_A_FLOW_REMOTE_ADDR], fi->remote_addr,
		     &fi->remote_addr_len) ||
	    get_port(tb[KSRTP_A_FLOW_LOCAL_PORT], &fi->opts,
		     KSRTP_FLOW_LOCAL_PORT, &fi->local_port) ||
	    get_port(tb[KSRTP_A_FLOW_REMOTE_PORT], &fi->opts,
		     KSRTP_FLOW_REMOTE, &fi->remote_port) ||
	    get_u32(tb[KSRTP_A_FLOW_SUITE], &n, 1, &fi->suite) ||
	    get_mki(tb[KSRTP_A_FLOW_MKI], fi->mki, &fi->mki_len) ||
	    get_u32(tb[KSRTP_A_FLOW_SSRC], &fi->opts, KSRTP_FLOW_SSRC,
		    &fi->ssrc) ||
	    get_u32(tb[KSRTP_A_FLOW_MAX_SSRCS], &fi->opts,
		    KSRTP_FLOW_MAX_SSRCS, &fi->max_ssrcs) ||
	    get_u32(tb[KSRTP_A_FLOW_SSRC_IDLE_MS], &fi->opts,
		    KSRTP_FLOW_SSRC_IDLE_MS, &fi->ssrc_idle_ms) ||
	    get_u32(tb[KSRTP_A_FLOW_REPLAY_WINDOW], &fi->opts,
		    KSRTP_FLOW_REPLAY_WINDOW, &fi->replay_window) ||
	    get_u32(tb[KSRTP_A_FLOW_ROC], &fi->opts, KSRTP_FLOW_ROC,
		    &fi->roc) ||
	    get_u32(tb[KSRTP_A_FLOW_GRACE_MS], &fi->opts, KSRTP_FLOW_GRACE_MS,
		    &fi->grace_ms) ||
	    get_u32(tb[KSRTP_A_FLOW_GRACE_PACKETS], &fi->opts,
		    KSRTP_FLOW_GRACE_PACKETS, &fi->grace_packets) ||
	    get_u32(tb[KSRTP_A_FLOW_STREAM_COUNT], &fi->opts,
		    KSRTP_FLOW_STREAM_COUNT, &fi->stream_count) ||
	    get_u64(tb[KSRTP_A_FLOW_COOKIE], &fi->opts, KSRTP_FLOW_COOKIE,
		    &fi->cookie) ||
	    get_u32(tb[KSRTP_A_FLOW_OWNER_PORTID], &fi->opts,
		    KSRTP_FLOW_OWNER, &fi->owner_portid))
		return -1;
	if (tb[KSRTP_A_FLOW_RTCP_MUX])
		fi->opts |= KSRTP_FLOW_RTCP_MUX;
	if (tb[KSRTP_A_FLOW_RTCP])
		fi->opts |= KSRTP_FLOW_RTCP;
	if (tb[KSRTP_A_FLOW_RESET_ROC])
		fi->opts |= KSRTP_FLOW_RESET_ROC;
	if (tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) {
		if (nla_len(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]) != 1)
			return -1;
		fi->srtcp_tag_len = nla_get_u8(tb[KSRTP_A_FLOW_SRTCP_TAG_LEN]);
		fi->opts |= KSRTP_FLOW_SRTCP_TAG_LEN;
	}
	if (get_stats(tb[KSRTP_A_FLOW_STATS], &fi->opts, KSRTP_FLOW_STATS,
		      &fi->stats))
		return -1;

	/* Streams and keys: multi-attrs, so walk the top level again. */
	if (parse_flow_streams(nlh, fi)) {
		kl_flow_info_free(fi);
		return -1;
	}
	n = count_attrs(nlh, KSRTP_A_FLOW_KEY);
	if (!n)
		return 0;
	keys = calloc(n, sizeof(*keys));
	if (!keys) {
		kl_flow_info_free(fi);
		return -1;
	}
	fi->keys = keys;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem) {
		if (nla_type(a) != KSRTP_A_FLOW_KEY)
			continue;
		if (parse_key_nest(a, &keys[fi->n_keys++])) {
			kl_flow_info_free(fi);
			return -1;
		}
	}
	return 0;
}

static int new_reply(struct nlmsghdr *nlh, void *arg, int *stop)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	uint32_t has = 0;

	(void)stop;
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_FLOW_MAX, NULL) ||
	    get_u32(tb[KSRTP_A_FLOW_ID], &has, 1, arg) || !has)
		return -1;
	return 0;
}

static int put_flow_new(struct nl_msg *msg, uint8_t cmd, const void *obj)
{
	(void)cmd;
	return kl_put_flow_new(msg, obj);
}

API int ksrtp_flow_add(struct ksrtp *h, const struct ksrtp_flow_config *cfg,
		       uint32_t *id)
{
	struct ksrtp_flow_config c;
	uint32_t got = 0;
	int ret;

	if (id)
		*id = 0;
	ret = lock(h);
	if (ret)
		return ret;
	ret = kl_flow_config_in(h, cfg, &c);
	if (ret)
		goto out;
	ret = build_send(h, KSRTP_CMD_FLOW_NEW, put_flow_new, &c, sizeof(c),
			 new_reply, &got, flow_attr_names, KSRTP_A_FLOW_MAX);
	if (!ret && !got)
		ret = fail(h, EPROTO, "the kernel did not say the flow's id");
	if (!ret && id)
		*id = got;
out:
	explicit_bzero(&c, sizeof(c));
	unlock(h);
	return ret;
}

/* A request of @cmd with at most a u32 and a u8 attribute, no replies. */
static int simple(struct ksrtp *h, uint8_t cmd, int u32_type, uint32_t u32,
		  int u8_type, uint8_t u8)
{
	struct nl_msg *msg;
	int ret = lock(h);

	if (ret)
		return ret;
	msg = new_msg(h, cmd, 0);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	if ((u32_type && nla_put_u32(msg, u32_type, u32)) ||
	    (u8_type && nla_put_u8(msg, u8_type, u8))) {
		ret = msg_full(h, msg);
		goto out;
	}
	ret = transact(h, msg, NULL, NULL, flow_attr_names, KSRTP_A_FLOW_MAX,
		       NULL, NULL);
out:
	unlock(h);
	return ret;
}

API int ksrtp_flow_del(struct ksrtp *h, uint32_t id)
{
	return simple(h, KSRTP_CMD_FLOW_DEL, KSRTP_A_FLOW_ID, id, 0, 0);
}

static int check_dir(struct ksrtp *h, uint8_t dir, int zero_ok)
{
	if ((dir == 0 && zero_ok) || dir == KSRTP_DIR_TX ||
	    dir == KSRTP_DIR_RX)
		return 0;
	return fail(h, EINVAL, "dir %u is neither tx nor rx", dir);
}

API int ksrtp_flow_flush(struct ksrtp *h, uint8_t dir)
{
	int ret = check_dir(h, dir, 1);

	if (ret)
		return ret;
	return simple(h, KSRTP_CMD_FLUSH, 0, 0, dir ? KSRTP_A_FLOW_DIR : 0,
		      dir);
}

/* The optional attributes of a query: 0 as type for none. */
struct qattr {
	int type;
	int width;		/* 1, 2 (big endian), 4 or 8 bytes */
	uint64_t val;
};

/*
 * A get (@dump 0) or dump of @cmd with a few attributes, and those of
 * @tuple if not NULL; the replies go to @valid. Returns the number of
 * replies, the callback's stop value, or a negative errno.
 */
static int query_tuple(struct ksrtp *h, uint8_t cmd, int dump,
		       const struct qattr *qa, unsigned int n_qa,
		       const struct ksrtp_flow_tuple *tuple,
		       int (*valid)(struct nlmsghdr *, void *, int *),
		       void *varg, const char *const *names,
		       unsigned int max_name)
{
	struct nl_msg *msg;
	int ret = lock(h), count = 0, stop = 0, full = 0;
	unsigned int i;

	if (ret)
		return ret;
	msg = new_msg(h, cmd, dump ? NLM_F_DUMP : 0);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n_qa; i++) {
		if (!qa[i].type)
			continue;
		if (qa[i].width == 1)
			full |= nla_put_u8(msg, qa[i].type, (uint8_t)qa[i].val);
		else if (qa[i].width == 2)
			full |= nla_put_u16(msg, qa[i].type,
					    htons((uint16_t)qa[i].val));
		else if (qa[i].width == 8)
			full |= nla_put_u64(msg, qa[i].type, qa[i].val);
		else
			full |= nla_put_u32(msg, qa[i].type,
					    (uint32_t)qa[i].val);
	}
	if (tuple && kl_put_tuple(msg, tuple))
		full = 1;
	if (full) {
		ret = msg_full(h, msg);
		goto out;
	}
	ret = transact(h, msg, valid, varg, names, max_name, &count, &stop);
	if (!ret)
		ret = stop ? stop : count;
out:
	unlock(h);
	return ret;
}

static int query(struct ksrtp *h, uint8_t cmd, int dump,
		 const struct qattr *qa, unsigned int n_qa,
		 int (*valid)(struct nlmsghdr *, void *, int *), void *varg,
		 const char *const *names, unsigned int max_name)
{
	return query_tuple(h, cmd, dump, qa, n_qa, NULL, valid, varg, names,
			   max_name);
}

/* Check a caller's 5-tuple and copy it into @out. */
static int tuple_in(struct ksrtp *h, const struct ksrtp_flow_tuple *in,
		    struct ksrtp_flow_tuple *out)
{
	int ret = copy_in(h, "flow tuple", out, sizeof(*out), sizeof(*out),
			  in, in ? in->size : 0);

	if (ret)
		return ret;
	if (out->dir != KSRTP_DIR_TX && out->dir != KSRTP_DIR_RX)
		return fail(h, EINVAL, "flow tuple: dir %u is neither tx nor rx",
			    out->dir);
	if (!addr_len(out->family))
		return fail(h, EINVAL,
			    "flow tuple: family %u is neither AF_INET nor AF_INET6",
			    out->family);
	if (out->opts & ~(uint32_t)KSRTP_FLOW_REMOTE)
		return fail(h, EINVAL, "flow tuple: unknown opts 0x%x",
			    out->opts);
	return 0;
}

API int ksrtp_flow_del_cookie(struct ksrtp *h, uint64_t cookie)
{
	struct qattr qa[] = { { KSRTP_A_FLOW_COOKIE, 8, cookie } };
	int ret;

	if (!cookie)
		return fail(h, EINVAL, "cookie 0 names no flow");
	ret = query(h, KSRTP_CMD_FLOW_DEL, 0, qa, 1, NULL, NULL,
		    flow_attr_names, KSRTP_A_FLOW_MAX);
	return ret < 0 ? ret : 0;
}

API int ksrtp_flow_del_tuple(struct ksrtp *h, const struct ksrtp_flow_tuple *t)
{
	struct ksrtp_flow_tuple tu;
	int ret = tuple_in(h, t, &tu);

	if (ret)
		return ret;
	ret = query_tuple(h, KSRTP_CMD_FLOW_DEL, 0, NULL, 0, &tu, NULL, NULL,
			  flow_attr_names, KSRTP_A_FLOW_MAX);
	return ret < 0 ? ret : 0;
}

static int put_flow_change(struct nl_msg *msg, uint8_t cmd, const void *obj)
{
	(void)cmd;
	return kl_put_flow_change(msg, obj);
}

API int ksrtp_flow_change(struct ksrtp *h, const struct ksrtp_flow_change *c)
{
	struct ksrtp_flow_change fc;
	int ret;

	ret = copy_in(h, "flow change", &fc, sizeof(fc), sizeof(fc), c,
		      c ? c->size : 0);
	if (ret)
		return ret;
	if (fc.opts & ~(uint32_t)(KSRTP_FLOW_REMOTE | KSRTP_FLOW_GRACE_MS |
				  KSRTP_FLOW_GRACE_PACKETS |
				  KSRTP_FLOW_SSRC_IDLE_MS))
		return fail(h, EINVAL, "flow change: unknown opts 0x%x",
			    fc.opts);
	if ((fc.opts & KSRTP_FLOW_REMOTE) && !addr_len(fc.family))
		return fail(h, EINVAL,
			    "flow change: family %u is neither AF_INET nor AF_INET6",
			    fc.family);
	ret = lock(h);
	if (ret)
		return ret;
	ret = build_send(h, KSRTP_CMD_FLOW_SET, put_flow_change, &fc, 0, NULL,
			 NULL, flow_attr_names, KSRTP_A_FLOW_MAX);
	unlock(h);
	return ret;
}

struct flow_ctx {
	ksrtp_flow_cb fn;
	void *arg;
};

static int flow_reply(struct nlmsghdr *nlh, void *arg, int *stop)
{
	struct flow_ctx *c = arg;
	struct ksrtp_flow_info fi;

	if (kl_parse_flow(nlh, &fi))
		return -1;
	*stop = c->fn(&fi, c->arg);
	kl_flow_info_free(&fi);
	return 0;
}

API int ksrtp_flow_get(struct ksrtp *h, uint32_t id, ksrtp_flow_cb fn,
		       void *arg)
{
	struct flow_ctx c = { .fn = fn, .arg = arg };
	struct qattr qa[] = { { KSRTP_A_FLOW_ID, 4, id } };
	int ret;

	if (!fn)
		return fail(h, EINVAL, "no callback");
	ret = query(h, KSRTP_CMD_FLOW_GET, 0, qa, 1, flow_reply, &c,
		    flow_attr_names, KSRTP_A_FLOW_MAX);
	if (ret == 0)
		return fail(h, EPROTO, "no reply from the kernel");
	return ret == 1 ? 0 : ret;
}

API int ksrtp_flow_dump(struct ksrtp *h, uint8_t dir, ksrtp_flow_cb fn,
			void *arg)
{
	struct flow_ctx c = { .fn = fn, .arg = arg };
	struct qattr qa[] = { { dir ? KSRTP_A_FLOW_DIR : 0, 1, dir } };
	int ret = check_dir(h, dir, 1);

	if (ret)
		return ret;
	if (!fn)
		return fail(h, EINVAL, "no callback");
	return query(h, KSRTP_CMD_FLOW_GET, 1, qa, 1, flow_reply, &c,
		     flow_attr_names, KSRTP_A_FLOW_MAX);
}

API int ksrtp_flow_get_tuple(struct ksrtp *h, const struct ksrtp_flow_tuple *t,
			     ksrtp_flow_cb fn, void *arg)
{
	struct flow_ctx c = { .fn = fn, .arg = arg };
	struct ksrtp_flow_tuple tu;
	int ret;

	if (!fn)
		return fail(h, EINVAL, "no callback");
	ret = tuple_in(h, t, &tu);
	if (ret)
		return ret;
	ret = query_tuple(h, KSRTP_CMD_FLOW_GET, 0, NULL, 0, &tu, flow_reply,
			  &c, flow_attr_names, KSRTP_A_FLOW_MAX);
	if (ret == 0)
		return fail(h, EPROTO, "no reply from the kernel");
	return ret == 1 ? 0 : ret;
}

API int ksrtp_flow_dump_cookie(struct ksrtp *h, uint8_t dir, uint64_t cookie,
			       ksrtp_flow_cb fn, void *arg)
{
	struct flow_ctx c = { .fn = fn, .arg = arg };
	struct qattr qa[] = { { dir ? KSRTP_A_FLOW_DIR : 0, 1, dir },
			      { cookie ? KSRTP_A_FLOW_COOKIE : 0, 8, cookie } };
	int ret = check_dir(h, dir, 1);

	if (ret)
		return ret;
	if (!fn)
		return fail(h, EINVAL, "no callback");
	return query(h, KSRTP_CMD_FLOW_GET, 1, qa, 2, flow_reply, &c,
		     flow_attr_names, KSRTP_A_FLOW_MAX);
}

/* ------------------------------------------------------------------ */
/* Keys */

int kl_put_key(struct nl_msg *msg, uint8_t cmd,
	       const struct ksrtp_key_config *k)
{
	int ok = 1;

	ok &= !nla_put_u32(msg, KSRTP_A_KEY_FLOW_ID, k->flow_id);
	if (cmd == KSRTP_CMD_KEY_USE) {
		ok &= !nla_put(msg, KSRTP_A_KEY_MKI, k->mki_len, k->mki);
		return ok ? 0 : -1;
	}
	if (k->slot)
		ok &= !nla_put_u8(msg, KSRTP_A_KEY_SLOT, k->slot);
	if (k->mki_len)
		ok &= !nla_put(msg, KSRTP_A_KEY_MKI, k->mki_len, k->mki);
	/* uint attributes: always 8 bytes, which every kernel accepts. */
	if (k->opts & KSRTP_KEY_FROM_INDEX)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_FROM_INDEX, k->from_index);
	if (cmd != KSRTP_CMD_KEY_NEW)
		return ok ? 0 : -1;
	ok &= !nla_put(msg, KSRTP_A_KEY_MASTER_KEY, k->key_len, k->key);
	ok &= !nla_put(msg, KSRTP_A_KEY_MASTER_SALT, k->salt_len, k->salt);
	if (k->opts & KSRTP_KEY_LIFETIME)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_LIFETIME, k->lifetime);
	if (k->opts & KSRTP_KEY_SOFT_LIFETIME)
		ok &= !nla_put_u64(msg, KSRTP_A_KEY_SOFT_LIFETIME,
				   k->soft_lifetime);
	if (k->opts & KSRTP_KEY_USE)
		ok &= !nla_put_flag(msg, KSRTP_A_KEY_USE);
	return ok ? 0 : -1;
}

static int put_key(struct nl_msg *msg, uint8_t cmd, const void *obj)
{
	return kl_put_key(msg, cmd, obj);
}

/* Send a key request from @k, the library's own copy (wiped here). */
static int key_request(struct ksrtp *h, uint8_t cmd,
		       struct ksrtp_key_config *k)
{
	int ret = lock(h);

	if (!ret) {
		ret = build_send(h, cmd, put_key, k, sizeof(*k), NULL, NULL,
				 key_attr_names, KSRTP_A_KEY_MAX);
		unlock(h);
	}
	explicit_bzero(k, sizeof(*k));
	return ret;
}

API int ksrtp_key_add(struct ksrtp *h, const struct ksrtp_key_config *key)
{
	struct ksrtp_key_config k;
	int ret = kl_key_config_in(h, key, &k);

	if (ret)
		return ret;
	if (!k.key_len || !k.salt_len) {
		explicit_bzero(&k, sizeof(k));
		return fail(h, EINVAL, "key config: no key or salt");
	}
	return key_request(h, KSRTP_CMD_KEY_NEW, &k);
}

API int ksrtp_key_replace(struct ksrtp *h,
			  const struct ksrtp_key_config *key)
{
	struct ksrtp_key_config k;
	int ret = kl_key_config_in(h, key, &k);

	if (ret)
		return ret;
	if ((k.slot && k.slot != KSRTP_KEY_SLOT_CURRENT) ||
	    (k.opts & (KSRTP_KEY_USE | KSRTP_KEY_FROM_INDEX)) ||
	    !k.key_len || !k.salt_len) {
		explicit_bzero(&k, sizeof(k));
		return fail(h, EINVAL,
			    "key replace: a key and salt, without slot, use or from_index");
	}
	k.slot = KSRTP_KEY_SLOT_CURRENT;
	return key_request(h, KSRTP_CMD_KEY_NEW, &k);
}

API int ksrtp_key_del(struct ksrtp *h, const struct ksrtp_key_config *key)
{
	struct ksrtp_key_config k;
	int ret = kl_key_config_in(h, key, &k);

	if (ret)
		return ret;
	return key_request(h, KSRTP_CMD_KEY_DEL, &k);
}

API int ksrtp_key_use(struct ksrtp *h, uint32_t flow_id, const uint8_t *mki,
		      size_t mki_len)
{
	struct ksrtp_key_config k = { .size = sizeof(k), .flow_id = flow_id };

	if (!mki || !mki_len || mki_len > KSRTP_MKI_MAX_LEN)
		return fail(h, EINVAL, "key use: mki of 1..%d bytes",
			    KSRTP_MKI_MAX_LEN);
	k.mki_len = (uint8_t)mki_len;
	memcpy(k.mki, mki, mki_len);
	return key_request(h, KSRTP_CMD_KEY_USE, &k);
}

struct keys_ctx {
	ksrtp_key_cb fn;
	void *arg;
	int n;
};

static int keys_of_flow(const struct ksrtp_flow_info *fi, void *arg)
{
	struct keys_ctx *c = arg;
	uint32_t i;
	int ret;

	for (i = 0; i < fi->n_keys; i++) {
		ret = c->fn(fi->id, &fi->keys[i], c->arg);
		if (ret)
			return ret;
		c->n++;
	}
	return 0;
}

API int ksrtp_key_show(struct ksrtp *h, uint32_t flow_id, ksrtp_key_cb fn,
		       void *arg)
{
	struct keys_ctx c = { .fn = fn, .arg = arg };
	int ret;

	if (!fn)
		return fail(h, EINVAL, "no callback");
	ret = ksrtp_flow_get(h, flow_id, keys_of_flow, &c);
	return ret ? ret : c.n;
}

/* ------------------------------------------------------------------ */
/* Streams */

int kl_parse_stream(struct nlmsghdr *nlh, struct ksrtp_stream_info *s)
{
	struct nlattr *tb[KSRTP_A_FLOW_MAX + 1];
	uint32_t has_id = 0;

	memset(s, 0, sizeof(*s));
	s->size = sizeof(*s);
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_FLOW_MAX, NULL) ||
	    get_u32(tb[KSRTP_A_FLOW_ID], &has_id, 1, &s->flow_id) ||
	    !has_id || !tb[KSRTP_A_FLOW_STREAM] ||
	    parse_stream_nest(tb[KSRTP_A_FLOW_STREAM], s))
		return -1;
	return 0;
}

struct stream_ctx {
	ksrtp_stream_cb fn;
	void *arg;
	struct ksrtp_stream_info one;
};

static int stream_reply(struct nlmsghdr *nlh, void *arg, int *stop)
{
	struct stream_ctx *c = arg;
	struct ksrtp_stream_info s;

	if (kl_parse_stream(nlh, &s))
		return -1;
	if (c->fn)
		*stop = c->fn(&s, c->arg);
	else
		c->one = s;
	return 0;
}

API int ksrtp_stream_get(struct ksrtp *h, uint32_t flow_id, uint32_t ssrc,
			 struct ksrtp_stream_info *s)
{
	struct stream_ctx c = { 0 };
	struct qattr qa[] = { { KSRTP_A_FLOW_ID, 4, flow_id },
			      { KSRTP_A_FLOW_SSRC, 4, ssrc } };
	int ret;

	if (!s || s->size < sizeof(*s))
		return copy_out(h, "stream info", s, &c.one, sizeof(c.one),
				sizeof(c.one));
	ret = query(h, KSRTP_CMD_STREAM_GET, 0, qa, 2, stream_reply, &c,
		    flow_attr_names, KSRTP_A_FLOW_MAX);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return fail(h, EPROTO, "no reply from the kernel");
	return copy_out(h, "stream info", s, &c.one, sizeof(c.one),
				sizeof(c.one));
}

API int ksrtp_stream_dump(struct ksrtp *h, uint32_t flow_id,
			  ksrtp_stream_cb fn, void *arg)
{
	struct stream_ctx c = { .fn = fn, .arg = arg };
	struct qattr qa[] = { { KSRTP_A_FLOW_ID, 4, flow_id } };

	if (!fn)
		return fail(h, EINVAL, "no callback");
	return query(h, KSRTP_CMD_STREAM_GET, 1, qa, 1, stream_reply, &c,
		     flow_attr_names, KSRTP_A_FLOW_MAX);
}

/* ------------------------------------------------------------------ */
/* Guards and netns counters */

int kl_put_guard(struct nl_msg *msg, uint8_t dir, uint16_t lo, uint16_t hi)
{
	int ok = 1;

	ok &= !nla_put_u8(msg, KSRTP_A_GUARD_DIR, dir);
	ok &= !nla_put_u16(msg, KSRTP_A_GUARD_PORT_MIN, htons(lo));
	ok &= !nla_put_u16(msg, KSRTP_A_GUARD_PORT_MAX, htons(hi));
	return ok ? 0 : -1;
}

int kl_parse_guard(struct nlmsghdr *nlh, struct ksrtp_guard_info *g)
{
	struct nlattr *tb[KSRTP_A_GUARD_MAX + 1];
	uint32_t has = 0;

	memset(g, 0, sizeof(*g));
	g->size = sizeof(*g);
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_GUARD_MAX, NULL) ||
	    !tb[KSRTP_A_GUARD_DIR] || get_u8(tb[KSRTP_A_GUARD_DIR], &g->dir) ||
	    get_port(tb[KSRTP_A_GUARD_PORT_MIN], &has, 1, &g->port_min) ||
	    get_port(tb[KSRTP_A_GUARD_PORT_MAX], &has, 2, &g->port_max) ||
	    has != 3)
		return -1;
	return 0;
}

static int check_range(struct ksrtp *h, uint8_t dir, uint16_t lo,
		       uint16_t hi)
{
	int ret = check_dir(h, dir, 0);

	if (ret)
		return ret;
	if (!lo || lo > hi)
		return fail(h, EINVAL, "ports %u-%u: want 1 <= min <= max",
			    lo, hi);
	return 0;
}

static int guard_request(struct ksrtp *h, uint8_t cmd, uint8_t dir,
			 uint16_t lo, uint16_t hi)
{
	struct qattr qa[] = { { KSRTP_A_GUARD_DIR, 1, dir },
			      { KSRTP_A_GUARD_PORT_MIN, 2, lo },
			      { KSRTP_A_GUARD_PORT_MAX, 2, hi } };
	int ret = check_range(h, dir, lo, hi);

	if (ret)
		return ret;
	ret = query(h, cmd, 0, qa, 3, NULL, NULL, guard_attr_names,
		    KSRTP_A_GUARD_MAX);
	return ret < 0 ? ret : 0;
}

API int ksrtp_guard_add(struct ksrtp *h, uint8_t dir, uint16_t port_min,
			uint16_t port_max)
{
	return guard_request(h, KSRTP_CMD_GUARD_NEW, dir, port_min, port_max);
}

API int ksrtp_guard_del(struct ksrtp *h, uint8_t dir, uint16_t port_min,
			uint16_t port_max)
{
	return guard_request(h, KSRTP_CMD_GUARD_DEL, dir, port_min, port_max);
}

struct guard_ctx {
	ksrtp_guard_cb fn;
	void *arg;
};

static int guard_reply(struct nlmsghdr *nlh, void *arg, int *stop)
{
	struct guard_ctx *c = arg;
	struct ksrtp_guard_info g;

	if (kl_parse_guard(nlh, &g))
		return -1;
	if (c->fn)
		*stop = c->fn(&g, c->arg);
	return 0;
}

API int ksrtp_guard_get(struct ksrtp *h, uint8_t dir, uint16_t port_min,
			uint16_t port_max)
{
	struct guard_ctx c = { 0 };
	struct qattr qa[] = { { KSRTP_A_GUARD_DIR, 1, dir },
			      { KSRTP_A_GUARD_PORT_MIN, 2, port_min },
			      { KSRTP_A_GUARD_PORT_MAX, 2, port_max } };
	int ret = check_range(h, dir, port_min, port_max);

	if (ret)
		return ret;
	ret = query(h, KSRTP_CMD_GUARD_GET, 0, qa, 3, guard_reply, &c,
		    guard_attr_names, KSRTP_A_GUARD_MAX);
	if (ret == 0)
		return fail(h, EPROTO, "no reply from the kernel");
	return ret < 0 ? ret : 0;
}

API int ksrtp_guard_dump(struct ksrtp *h, uint8_t dir, ksrtp_guard_cb fn,
			 void *arg)
{
	struct guard_ctx c = { .fn = fn, .arg = arg };
	struct qattr qa[] = { { dir ? KSRTP_A_GUARD_DIR : 0, 1, dir } };
	int ret = check_dir(h, dir, 1);

	if (ret)
		return ret;
	if (!fn)
		return fail(h, EINVAL, "no callback");
	return query(h, KSRTP_CMD_GUARD_GET, 1, qa, 1, guard_reply, &c,
		     guard_attr_names, KSRTP_A_GUARD_MAX);
}

int kl_parse_netns(struct nlmsghdr *nlh, struct ksrtp_netns_stats *st)
{
	struct nlattr *tb[KSRTP_A_NETNS_MAX + 1];

	memset(st, 0, sizeof(*st));
	st->size = sizeof(*st);
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_NETNS_MAX, NULL) ||
	    get_u32(tb[KSRTP_A_NETNS_FLOWS], &st->opts, KSRTP_NETNS_FLOWS,
		    &st->flows) ||
	    get_u32(tb[KSRTP_A_NETNS_GUARDS], &st->opts, KSRTP_NETNS_GUARDS,
		    &st->guards))
		return -1;
	if (get_stats(tb[KSRTP_A_NETNS_STATS], &st->opts, KSRTP_NETNS_STATS,
		      &st->stats) ||
	    get_u32(tb[KSRTP_A_NETNS_STREAMS], &st->opts, KSRTP_NETNS_STREAMS,
		    &st->streams) ||
	    get_stats(tb[KSRTP_A_NETNS_TX_STATS], &st->opts,
		      KSRTP_NETNS_TX_STATS, &st->tx) ||
	    get_stats(tb[KSRTP_A_NETNS_RX_STATS], &st->opts,
		      KSRTP_NETNS_RX_STATS, &st->rx))
		return -1;
	return 0;
}

static int netns_reply(struct nlmsghdr *nlh, void *arg, int *stop)
{
	(void)stop;
	return kl_parse_netns(nlh, arg);
}

API int ksrtp_stats_get(struct ksrtp *h, struct ksrtp_netns_stats *st)
{
	struct ksrtp_netns_stats got = { 0 };
	int ret;

	if (!st || st->size < V0_SIZE(ksrtp_netns_stats, streams))
		return copy_out(h, "netns stats", st, &got, sizeof(got),
				V0_SIZE(ksrtp_netns_stats, streams));
	ret = query(h, KSRTP_CMD_STATS_GET, 0, NULL, 0, netns_reply, &got,
		    netns_attr_names, KSRTP_A_NETNS_MAX);
	if (ret < 0)
		return ret;
	if (ret == 0)
		return fail(h, EPROTO, "no reply from the kernel");
	/* a 0.2-sized struct: no bits for members it does not have */
	if (st->size < sizeof(got))
		got.opts &= ~(KSRTP_NETNS_STREAMS | KSRTP_NETNS_TX_STATS |
			      KSRTP_NETNS_RX_STATS);
	return copy_out(h, "netns stats", st, &got, sizeof(got),
			V0_SIZE(ksrtp_netns_stats, streams));
}

/* ------------------------------------------------------------------ */
/* Events */

#define EV_BUF_SIZE	(64 * 1024)

API const char *ksrtp_event_type_name(unsigned int type)
{
	static const char *const names[] = {
		[KSRTP_EVENT_TYPE_SOFT_LIMIT] = "soft-limit",
		[KSRTP_EVENT_TYPE_HARD_LIMIT] = "hard-limit",
		[KSRTP_EVENT_TYPE_KEY_PROMOTED] = "key-promoted",
		[KSRTP_EVENT_TYPE_KEY_RETIRED] = "key-retired",
		[KSRTP_EVENT_TYPE_NEW_SSRC] = "new-ssrc",
		[KSRTP_EVENT_TYPE_TX_REPEAT] = "tx-repeat",
		[KSRTP_EVENT_TYPE_SSRC_EXPIRED] = "ssrc-expired",
		[KSRTP_EVENT_TYPE_FLOW_ADDED] = "flow-added",
		[KSRTP_EVENT_TYPE_FLOW_DELETED] = "flow-deleted",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

API const char *ksrtp_event_reason_name(unsigned int reason)
{
	static const char *const names[] = {
		[KSRTP_DEL_REASON_REQUEST] = "request",
		[KSRTP_DEL_REASON_FLUSH] = "flush",
		[KSRTP_DEL_REASON_OWNER] = "owner",
		[KSRTP_DEL_REASON_NETNS_EXIT] = "netns-exit",
		[KSRTP_DEL_REASON_ABORTED] = "aborted",
	};

	return reason < sizeof(names) / sizeof(names[0]) ? names[reason] :
	       NULL;
}

int kl_parse_event(struct nlmsghdr *nlh, int family, struct ksrtp_event *ev)
{
	struct nlattr *tb[KSRTP_A_EVENT_MAX + 1];
	struct genlmsghdr *gh;

	memset(ev, 0, sizeof(*ev));
	ev->size = sizeof(*ev);
	if (nlh->nlmsg_type != family)
		return 0;
	if (!genlmsg_valid_hdr(nlh, 0))
		return -1;
	gh = nlmsg_data(nlh);
	if (gh->cmd != KSRTP_CMD_KEY_EVENT)
		return 0;
	ev->cmd = gh->cmd;
	if (genlmsg_parse(nlh, 0, tb, KSRTP_A_EVENT_MAX, NULL) ||
	    !tb[KSRTP_A_EVENT_TYPE] || get_u8(tb[KSRTP_A_EVENT_TYPE], &ev->type) ||
	    get_u32(tb[KSRTP_A_EVENT_FLOW_ID], &ev->opts, KSRTP_EVENT_FLOW_ID,
		    &ev->flow_id) ||
	    get_u32(tb[KSRTP_A_EVENT_SSRC], &ev->opts, KSRTP_EVENT_SSRC,
		    &ev->ssrc) ||
	    get_opt_uint(tb[KSRTP_A_EVENT_FROM_INDEX], &ev->opts,
			 KSRTP_EVENT_FROM_INDEX, &ev->from_index) ||
	    get_mki(tb[KSRTP_A_EVENT_MKI], ev->mki, &ev->mki_len) ||
	    get_u8(tb[KSRTP_A_EVENT_REASON], &ev->reason) ||
	    get_u64(tb[KSRTP_A_EVENT_COOKIE], &ev->opts, KSRTP_EVENT_COOKIE,
		    &ev->cookie))
		return -1;
	if (ev->mki_len)
		ev->opts |= KSRTP_EVENT_MKI;
	if (tb[KSRTP_A_EVENT_REASON])
		ev->opts |= KSRTP_EVENT_REASON;
	return 1;
}

API int ksrtp_events_subscribe(struct ksrtp *h)
{
	struct nl_sock *sk;
	int ret, grp;

	ret = lock(h);
	if (ret)
		return ret;
	pthread_mutex_lock(&h->ev_lock);
	if (h->ev_fd >= 0)
		goto out;
	sk = nl_socket_alloc();
	if (!sk) {
		ret = fail(h, ENOMEM, "cannot allocate a netlink socket");
		goto out;
	}
	ret = genl_connect(sk);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		ret = fail(h, ret, "cannot connect to generic netlink: %s",
			   strerror(ret));
		goto free;
	}
	grp = genl_ctrl_resolve_grp(sk, KSRTP_FAMILY_NAME, KSRTP_MCGRP_EVENTS);
	if (grp < 0) {
		ret = nlerr_to_errno(grp);
		ret = fail(h, ret,
			   "cannot find the multicast group \"%s\" of family \"%s\": %s",
			   KSRTP_MCGRP_EVENTS, KSRTP_FAMILY_NAME, strerror(ret));
		goto free;
	}
	ret = nl_socket_add_membership(sk, grp);
	if (ret < 0) {
		/* the group needs CAP_NET_ADMIN, like every command */
		ret = nlerr_to_errno(ret);
		ret = fail(h, ret, "cannot join the multicast group \"%s\": %s",
			   KSRTP_MCGRP_EVENTS, strerror(ret));
		goto free;
	}
	/* room for bursts (one event per key switch, or per new SSRC) */
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	nl_socket_set_nonblocking(sk);
	fcntl(nl_socket_get_fd(sk), F_SETFD, FD_CLOEXEC);
	h->ev_sock = sk;
	h->ev_fd = nl_socket_get_fd(sk);
	ret = 0;
	goto out;
free:
	nl_socket_free(sk);
out:
	pthread_mutex_unlock(&h->ev_lock);
	unlock(h);
	return ret;
}

API int ksrtp_events_fd(struct ksrtp *h)
{
	int fd;

	if (!h)
		return fail(NULL, EINVAL, "no handle");
	pthread_mutex_lock(&h->ev_lock);
	fd = h->ev_fd;
	pthread_mutex_unlock(&h->ev_lock);
	if (fd < 0)
		return fail(h, EINVAL, "not subscribed to events");
	return fd;
}

API int ksrtp_events_read(struct ksrtp *h, struct ksrtp_event *ev)
{
	struct ksrtp_event got = { 0 };
	int ret;

	if (!h)
		return fail(NULL, EINVAL, "no handle");
	if (!ev || ev->size < V0_SIZE(ksrtp_event, cookie))
		return copy_out(h, "event", ev, &got, sizeof(got),
				V0_SIZE(ksrtp_event, cookie));
	ret = pthread_mutex_lock(&h->ev_lock);
	if (ret)
		return fail(h, ret, "the events are busy in this thread");
	if (h->ev_fd < 0) {
		ret = fail(h, EINVAL, "not subscribed to events");
		goto out;
	}
	if (!h->ev_buf) {
		h->ev_buf = malloc(EV_BUF_SIZE);
		if (!h->ev_buf) {
			ret = fail(h, ENOMEM, "out of memory");
			goto out;
		}
	}
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;

		while (h->ev_off < h->ev_len) {
			int left = (int)(h->ev_len - h->ev_off);

			nlh = (struct nlmsghdr *)(h->ev_buf + h->ev_off);
			if (!nlmsg_ok(nlh, left)) {
				h->ev_off = h->ev_len;	/* a torn datagram */
				break;
			}
			h->ev_off += NLMSG_ALIGN(nlh->nlmsg_len);
			if (kl_parse_event(nlh, h->family, &got) == 1) {
				ret = 1;
				goto out;
			}
		}
		h->ev_off = h->ev_len = 0;
		n = recv(h->ev_fd, h->ev_buf, EV_BUF_SIZE, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ret = 0;
			goto out;
		}
		if (n < 0) {
			ret = errno;
			ret = fail(h, ret, ret == ENOBUFS ?
				   "events were lost (receive buffer overrun)" :
				   "cannot receive events: %s", strerror(ret));
			goto out;
		}
		if (n == 0) {
			ret = 0;
			goto out;
		}
		h->ev_len = (unsigned int)n;
	}
out:
	pthread_mutex_unlock(&h->ev_lock);
	if (ret == 1)
		copy_out(h, "event", ev, &got, sizeof(got),
			 V0_SIZE(ksrtp_event, cookie));
	return ret;
}
