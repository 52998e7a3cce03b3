// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: its requests as calls of libksrtp (see nl.h).
 */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl.h"

int ksrtp_nl_open(struct ksrtp_nl *nl, char *err, size_t errlen)
{
	int ret = ksrtp_open(&nl->h);

	if (!ret)
		return KSRTP_NL_OK;
	snprintf(err, errlen, "%s", ksrtp_errmsg(NULL));
	return ret == -ENOENT ? KSRTP_NL_ENOFAMILY : KSRTP_NL_ENOSOCK;
}

void ksrtp_nl_close(struct ksrtp_nl *nl)
{
	ksrtp_close(nl->h);
	nl->h = NULL;
}

/* -1 with @e set from libksrtp's error @ret on @nl, or 0 if @ret >= 0. */
static int result(struct ksrtp_nl *nl, int ret, struct ksrtp_nl_error *e)
{
	memset(e, 0, sizeof(*e));
	if (ret >= 0)
		return 0;
	e->err = -ret;
	snprintf(e->msg, sizeof(e->msg), "%s", ksrtp_errmsg(nl->h));
	snprintf(e->attr, sizeof(e->attr), "%s", ksrtp_erratt(nl->h));
	return -1;
}

static int nomem(struct ksrtp_nl_error *e)
{
	memset(e, 0, sizeof(*e));
	e->err = ENOMEM;
	snprintf(e->msg, sizeof(e->msg), "out of memory");
	return -1;
}

/* Conversions. */

/* An optional member of @req, set (if @has) in @c with its opts @bit. */
#define OPT(has, bit, member)						\
	do {								\
		if (req->has) {						\
			c->opts |= (bit);				\
			c->member = req->member;			\
		}							\
	} while (0)

/* The key, salt and MKI of @req into @c (the same members in both). */
#define MATERIAL()							\
	do {								\
		c->key_len = (uint8_t)req->key_len;			\
		memcpy(c->key, req->key, req->key_len);			\
		c->salt_len = (uint8_t)req->salt_len;			\
		memcpy(c->salt, req->salt, req->salt_len);		\
		c->mki_len = (uint8_t)req->mki_len;			\
		memcpy(c->mki, req->mki, req->mki_len);			\
	} while (0)

void ksrtp_nl_flow_config(const struct flow_req *req,
			  struct ksrtp_flow_config *c)
{
	KSRTP_INIT(c);
	c->dir = req->dir;
	c->family = req->family;
	memcpy(c->local_addr, req->local_addr, sizeof(c->local_addr));
	c->local_port = req->local_port;
	if (req->has_remote) {
		c->opts |= KSRTP_FLOW_REMOTE;
		memcpy(c->remote_addr, req->remote_addr,
		       sizeof(c->remote_addr));
		c->remote_port = req->remote_port;
	}
	c->suite = req->suite;
	MATERIAL();
	OPT(has_ssrc, KSRTP_FLOW_SSRC, ssrc);
	OPT(has_max_ssrcs, KSRTP_FLOW_MAX_SSRCS, max_ssrcs);
	OPT(has_ssrc_idle_ms, KSRTP_FLOW_SSRC_IDLE_MS, ssrc_idle_ms);
	OPT(has_replay_window, KSRTP_FLOW_REPLAY_WINDOW, replay_window);
	OPT(has_roc, KSRTP_FLOW_ROC, roc);
	OPT(has_grace_ms, KSRTP_FLOW_GRACE_MS, grace_ms);
	OPT(has_grace_packets, KSRTP_FLOW_GRACE_PACKETS, grace_packets);
	OPT(has_lifetime, KSRTP_FLOW_LIFETIME, lifetime);
	OPT(has_soft_lifetime, KSRTP_FLOW_SOFT_LIFETIME, soft_lifetime);
	OPT(cookie, KSRTP_FLOW_COOKIE, cookie);
	OPT(srtcp_tag_len, KSRTP_FLOW_SRTCP_TAG_LEN, srtcp_tag_len);
	if (req->rtcp_mux)
		c->opts |= KSRTP_FLOW_RTCP_MUX;
	if (req->rtcp)
		c->opts |= KSRTP_FLOW_RTCP;
	if (req->reset_roc)
		c->opts |= KSRTP_FLOW_RESET_ROC;
	if (req->owned)
		c->opts |= KSRTP_FLOW_SOCKET_OWNER;
}

void ksrtp_nl_tuple(const struct flow_sel *sel, struct ksrtp_flow_tuple *t)
{
	KSRTP_INIT(t);
	t->dir = sel->dir;
	t->family = sel->family;
	memcpy(t->local_addr, sel->local_addr, sizeof(t->local_addr));
	t->local_port = sel->local_port;
	if (sel->has_remote) {
		t->opts = KSRTP_FLOW_REMOTE;
		memcpy(t->remote_addr, sel->remote_addr,
		       sizeof(t->remote_addr));
		t->remote_port = sel->remote_port;
	}
}

void ksrtp_nl_flow_change(const struct flow_set_req *req,
			  struct ksrtp_flow_change *c)
{
	KSRTP_INIT(c);
	c->id = req->id;
	if (req->has_remote) {
		c->opts |= KSRTP_FLOW_REMOTE;
		c->family = req->family;
		memcpy(c->remote_addr, req->remote_addr,
		       sizeof(c->remote_addr));
		c->remote_port = req->remote_port;
	}
	OPT(has_grace_ms, KSRTP_FLOW_GRACE_MS, grace_ms);
	OPT(has_grace_packets, KSRTP_FLOW_GRACE_PACKETS, grace_packets);
	OPT(has_ssrc_idle_ms, KSRTP_FLOW_SSRC_IDLE_MS, ssrc_idle_ms);
}

void ksrtp_nl_key_config(const struct key_req *req,
			 struct ksrtp_key_config *c)
{
	KSRTP_INIT(c);
	c->flow_id = req->flow_id;
	c->slot = req->slot;
	MATERIAL();
	OPT(has_from_index, KSRTP_KEY_FROM_INDEX, from_index);
	OPT(has_lifetime, KSRTP_KEY_LIFETIME, lifetime);
	OPT(has_soft_lifetime, KSRTP_KEY_SOFT_LIFETIME, soft_lifetime);
	if (req->use)
		c->opts |= KSRTP_KEY_USE;
}

#undef MATERIAL
#undef OPT

/* The counters of @in present at 1..@max into @val and @present. */
static void stats_in(const struct ksrtp_stats *in, unsigned int max,
		     uint64_t *val, uint8_t *present)
{
	unsigned int i;

	for (i = 1; i <= max && i < KSRTP_STATS_SLOTS; i++) {
		if (!(in->present & (1ull << i)))
			continue;
		val[i] = in->val[i];
		present[i] = 1;
	}
}

void ksrtp_nl_stream(const struct ksrtp_stream_info *in,
		     struct flow_stream *s)
{
	memset(s, 0, sizeof(*s));
	s->has_ssrc = 1;
	s->ssrc = in->ssrc;
	s->has_roc = !!(in->opts & KSRTP_STREAM_ROC);
	s->roc = in->roc;
	s->has_seq = !!(in->opts & KSRTP_STREAM_SEQ);
	s->seq = in->seq;
	s->has_srtcp_index = !!(in->opts & KSRTP_STREAM_SRTCP_INDEX);
	s->srtcp_index = in->srtcp_index;
	s->has_idle_ms = !!(in->opts & KSRTP_STREAM_IDLE_MS);
	s->idle_ms = in->idle_ms;
	s->has_stats = !!(in->opts & KSRTP_STREAM_STATS);
	stats_in(&in->stats, KSRTP_A_STATS_MAX, s->stats.val,
		 s->stats.present);
}

static void key_in(const struct ksrtp_key_info *in, struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->slot = in->slot;
	k->mki_len = in->mki_len;
	memcpy(k->mki, in->mki, in->mki_len);
	k->has_from_index = !!(in->opts & KSRTP_KEY_FROM_INDEX);
	k->from_index = in->from_index;
	k->has_lifetime = !!(in->opts & KSRTP_KEY_LIFETIME);
	k->lifetime = in->lifetime;
	k->has_soft_lifetime = !!(in->opts & KSRTP_KEY_SOFT_LIFETIME);
	k->soft_lifetime = in->soft_lifetime;
	k->has_srtp_packets = !!(in->opts & KSRTP_KEY_SRTP_PACKETS);
	k->srtp_packets = in->srtp_packets;
	k->has_srtcp_packets = !!(in->opts & KSRTP_KEY_SRTCP_PACKETS);
	k->srtcp_packets = in->srtcp_packets;
	memcpy(k->cipher, in->cipher, sizeof(k->cipher));
	memcpy(k->cipher_fallback, in->cipher_fallback,
	       sizeof(k->cipher_fallback));
	memcpy(k->auth, in->auth, sizeof(k->auth));
}

int ksrtp_nl_flow_info(const struct ksrtp_flow_info *in,
		       struct flow_info *fi)
{
	uint32_t o = in->opts;
	unsigned int i;

	memset(fi, 0, sizeof(*fi));
	fi->id = in->id;
	fi->dir = in->dir;
	fi->family = in->family;
	fi->local_addr_len = in->local_addr_len;
	memcpy(fi->local_addr, in->local_addr, sizeof(fi->local_addr));
	fi->has_local_port = !!(o & KSRTP_FLOW_LOCAL_PORT);
	fi->local_port = in->local_port;
	fi->remote_addr_len = in->remote_addr_len;
	memcpy(fi->remote_addr, in->remote_addr, sizeof(fi->remote_addr));
	fi->has_remote_port = !!(o & KSRTP_FLOW_REMOTE);
	fi->remote_port = in->remote_port;
	fi->suite = in->suite;
	fi->mki_len = in->mki_len;
	memcpy(fi->mki, in->mki, in->mki_len);
	fi->has_ssrc = !!(o & KSRTP_FLOW_SSRC);
	fi->ssrc = in->ssrc;
	fi->has_max_ssrcs = !!(o & KSRTP_FLOW_MAX_SSRCS);
	fi->max_ssrcs = in->max_ssrcs;
	fi->has_replay_window = !!(o & KSRTP_FLOW_REPLAY_WINDOW);
	fi->replay_window = in->replay_window;
	fi->has_roc = !!(o & KSRTP_FLOW_ROC);
	fi->roc = in->roc;
	fi->rtcp_mux = !!(o & KSRTP_FLOW_RTCP_MUX);
	fi->rtcp = !!(o & KSRTP_FLOW_RTCP);
	fi->reset_roc = !!(o & KSRTP_FLOW_RESET_ROC);
	fi->has_grace_ms = !!(o & KSRTP_FLOW_GRACE_MS);
	fi->grace_ms = in->grace_ms;
	fi->has_grace_packets = !!(o & KSRTP_FLOW_GRACE_PACKETS);
	fi->grace_packets = in->grace_packets;
	fi->has_ssrc_idle_ms = !!(o & KSRTP_FLOW_SSRC_IDLE_MS);
	fi->ssrc_idle_ms = in->ssrc_idle_ms;
	fi->has_stream_count = !!(o & KSRTP_FLOW_STREAM_COUNT);
	fi->stream_count = in->stream_count;
	fi->cookie = in->cookie;
	if (o & KSRTP_FLOW_SRTCP_TAG_LEN)
		fi->srtcp_tag_len = in->srtcp_tag_len;
	fi->has_owner = !!(o & KSRTP_FLOW_OWNER);
	fi->owner_portid = in->owner_portid;
	fi->has_stats = !!(o & KSRTP_FLOW_STATS);
	stats_in(&in->stats, KSRTP_A_STATS_MAX, fi->stats.val,
		 fi->stats.present);
	if (in->n_streams) {
		fi->streams = calloc(in->n_streams, sizeof(*fi->streams));
		if (!fi->streams)
			return -1;
		fi->n_streams = in->n_streams;
		for (i = 0; i < in->n_streams; i++)
			ksrtp_nl_stream(&in->streams[i], &fi->streams[i]);
	}
	if (in->n_keys) {
		fi->keys = calloc(in->n_keys, sizeof(*fi->keys));
		if (!fi->keys) {
			flow_info_free(fi);
			return -1;
		}
		fi->n_keys = in->n_keys;
		for (i = 0; i < in->n_keys; i++)
			key_in(&in->keys[i], &fi->keys[i]);
	}
	return 0;
}

void ksrtp_nl_event(const struct ksrtp_event *in, struct key_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = in->type;
	ev->has_flow_id = !!(in->opts & KSRTP_EVENT_FLOW_ID);
	ev->flow_id = in->flow_id;
	ev->has_ssrc = !!(in->opts & KSRTP_EVENT_SSRC);
	ev->ssrc = in->ssrc;
	ev->has_from_index = !!(in->opts & KSRTP_EVENT_FROM_INDEX);
	ev->from_index = in->from_index;
	ev->mki_len = in->mki_len;
	memcpy(ev->mki, in->mki, in->mki_len);
	ev->reason = in->reason;
	ev->cookie = in->cookie;
}

void ksrtp_nl_guard(const struct ksrtp_guard_info *in, struct guard_info *g)
{
	memset(g, 0, sizeof(*g));
	g->dir = in->dir;
	g->port_min = in->port_min;
	g->port_max = in->port_max;
}

void ksrtp_nl_netns(const struct ksrtp_netns_stats *in,
		    struct netns_info *ni)
{
	memset(ni, 0, sizeof(*ni));
	ni->has_flows = !!(in->opts & KSRTP_NETNS_FLOWS);
	ni->flows = in->flows;
	ni->has_guards = !!(in->opts & KSRTP_NETNS_GUARDS);
	ni->guards = in->guards;
	ni->has_stats = !!(in->opts & KSRTP_NETNS_STATS);
	stats_in(&in->stats, KSRTP_A_NETNS_STATS_MAX, ni->stats.val,
		 ni->stats.present);
	ni->has_streams = !!(in->opts & KSRTP_NETNS_STREAMS);
	ni->streams = in->streams;
	ni->has_tx = !!(in->opts & KSRTP_NETNS_TX_STATS);
	stats_in(&in->tx, KSRTP_A_STATS_MAX, ni->tx.val, ni->tx.present);
	ni->has_rx = !!(in->opts & KSRTP_NETNS_RX_STATS);
	stats_in(&in->rx, KSRTP_A_STATS_MAX, ni->rx.val, ni->rx.present);
}

/* Flows. */

int ksrtp_nl_flow_new(struct ksrtp_nl *nl, const struct flow_req *req,
		      uint32_t *id, struct ksrtp_nl_error *e)
{
	struct ksrtp_flow_config c;
	int ret;

	ksrtp_nl_flow_config(req, &c);
	ret = ksrtp_flow_add(nl->h, &c, id);
	explicit_bzero(&c, sizeof(c));
	return result(nl, ret, e);
}

struct get_ctx {
	void (*fn)(const struct flow_info *fi, void *arg);
	void *arg;
	int nomem;
};

static int got_flow(const struct ksrtp_flow_info *in, void *arg)
{
	struct get_ctx *g = arg;
	struct flow_info fi;

	if (ksrtp_nl_flow_info(in, &fi)) {
		g->nomem = 1;
		return 1;
	}
	g->fn(&fi, g->arg);
	flow_info_free(&fi);
	return 0;
}

static int get_result(struct ksrtp_nl *nl, int ret, struct get_ctx *g,
		      struct ksrtp_nl_error *e)
{
	if (g->nomem)
		return nomem(e);
	return result(nl, ret, e);
}

int ksrtp_nl_flow_get(struct ksrtp_nl *nl, int has_id, uint32_t id,
		      void (*fn)(const struct flow_info *fi, void *arg),
		      void *arg, struct ksrtp_nl_error *e)
{
	struct get_ctx g = { .fn = fn, .arg = arg };
	int ret;

	if (has_id)
		ret = ksrtp_flow_get(nl->h, id, got_flow, &g);
	else
		ret = ksrtp_flow_dump(nl->h, 0, got_flow, &g);
	return get_result(nl, ret, &g, e);
}

int ksrtp_nl_flow_get_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  void (*fn)(const struct flow_info *fi, void *arg),
			  void *arg, struct ksrtp_nl_error *e)
{
	struct get_ctx g = { .fn = fn, .arg = arg };
	struct ksrtp_flow_tuple t;
	int ret;

	/* one flow by id or 5-tuple; else a dump, filtered by cookie */
	if (sel->has_id) {
		ret = ksrtp_flow_get(nl->h, sel->id, got_flow, &g);
	} else if (sel->has_tuple) {
		ksrtp_nl_tuple(sel, &t);
		ret = ksrtp_flow_get_tuple(nl->h, &t, got_flow, &g);
	} else {
		ret = ksrtp_flow_dump_cookie(nl->h, 0,
					     sel->has_cookie ? sel->cookie : 0,
					     got_flow, &g);
	}
	return get_result(nl, ret, &g, e);
}

int ksrtp_nl_flow_del_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  struct ksrtp_nl_error *e)
{
	struct ksrtp_flow_tuple t;
	int ret;

	if (sel->has_id) {
		ret = ksrtp_flow_del(nl->h, sel->id);
	} else if (sel->has_cookie) {
		ret = ksrtp_flow_del_cookie(nl->h, sel->cookie);
	} else {
		ksrtp_nl_tuple(sel, &t);
		ret = ksrtp_flow_del_tuple(nl->h, &t);
	}
	return result(nl, ret, e);
}

int ksrtp_nl_flow_set(struct ksrtp_nl *nl, const struct flow_set_req *req,
		      struct ksrtp_nl_error *e)
{
	struct ksrtp_flow_change c;

	ksrtp_nl_flow_change(req, &c);
	return result(nl, ksrtp_flow_change(nl->h, &c), e);
}

int ksrtp_nl_flush(struct ksrtp_nl *nl, struct ksrtp_nl_error *e)
{
	return result(nl, ksrtp_flow_flush(nl->h, 0), e);
}

/* Streams. */

struct stream_ctx {
	void (*fn)(uint32_t flow_id, const struct flow_stream *s, void *arg);
	void *arg;
};

static int got_stream(const struct ksrtp_stream_info *in, void *arg)
{
	struct stream_ctx *c = arg;
	struct flow_stream s;

	ksrtp_nl_stream(in, &s);
	c->fn(in->flow_id, &s, c->arg);
	return 0;
}

int ksrtp_nl_stream_get(struct ksrtp_nl *nl, uint32_t flow_id, int has_ssrc,
			uint32_t ssrc,
			void (*fn)(uint32_t flow_id,
				   const struct flow_stream *s, void *arg),
			void *arg, struct ksrtp_nl_error *e)
{
	struct stream_ctx c = { .fn = fn, .arg = arg };
	struct ksrtp_stream_info s;
	int ret;

	if (!has_ssrc)
		return result(nl, ksrtp_stream_dump(nl->h, flow_id, got_stream,
						    &c), e);
	KSRTP_INIT(&s);
	ret = ksrtp_stream_get(nl->h, flow_id, ssrc, &s);
	if (!ret)
		got_stream(&s, &c);
	return result(nl, ret, e);
}

/* Keys. */

static int key_request(struct ksrtp_nl *nl, int cmd, const struct key_req *req,
		       struct ksrtp_nl_error *e)
{
	struct ksrtp_key_config k;
	int ret;

	ksrtp_nl_key_config(req, &k);
	if (cmd == KSRTP_CMD_KEY_NEW)
		ret = ksrtp_key_add(nl->h, &k);
	else if (cmd == KSRTP_CMD_KEY_DEL)
		ret = ksrtp_key_del(nl->h, &k);
	else
		ret = ksrtp_key_use(nl->h, k.flow_id, k.mki, k.mki_len);
	explicit_bzero(&k, sizeof(k));
	return result(nl, ret, e);
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

int ksrtp_nl_guard_new(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e)
{
	return result(nl, ksrtp_guard_add(nl->h, req->dir, req->port_min,
					  req->port_max), e);
}

int ksrtp_nl_guard_del(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e)
{
	return result(nl, ksrtp_guard_del(nl->h, req->dir, req->port_min,
					  req->port_max), e);
}

struct guard_ctx {
	void (*fn)(const struct guard_info *g, void *arg);
	void *arg;
};

static int got_guard(const struct ksrtp_guard_info *in, void *arg)
{
	struct guard_ctx *c = arg;
	struct guard_info g;

	ksrtp_nl_guard(in, &g);
	c->fn(&g, c->arg);
	return 0;
}

int ksrtp_nl_guard_get(struct ksrtp_nl *nl,
		       void (*fn)(const struct guard_info *g, void *arg),
		       void *arg, struct ksrtp_nl_error *e)
{
	struct guard_ctx c = { .fn = fn, .arg = arg };

	return result(nl, ksrtp_guard_dump(nl->h, 0, got_guard, &c), e);
}

int ksrtp_nl_stats_get(struct ksrtp_nl *nl, struct netns_info *ni,
		       struct ksrtp_nl_error *e)
{
	struct ksrtp_netns_stats st;
	int ret;

	memset(ni, 0, sizeof(*ni));
	KSRTP_INIT(&st);
	ret = ksrtp_stats_get(nl->h, &st);
	if (!ret)
		ksrtp_nl_netns(&st, ni);
	return result(nl, ret, e);
}

/* Events. */

int ksrtp_nl_monitor(struct ksrtp_nl *nl,
		     int (*fn)(const struct key_event *ev, void *arg),
		     void *arg, struct ksrtp_nl_error *e)
{
	struct ksrtp_event lev;
	struct key_event ev;
	struct pollfd p;
	int ret;

	ret = ksrtp_events_subscribe(nl->h);
	if (ret)
		return result(nl, ret, e);
	p.fd = ksrtp_events_fd(nl->h);
	p.events = POLLIN;
	for (;;) {
		KSRTP_INIT(&lev);
		ret = ksrtp_events_read(nl->h, &lev);
		if (ret == 1) {
			ksrtp_nl_event(&lev, &ev);
			if (fn(&ev, arg))
				return result(nl, 0, e);
			continue;
		}
		if (ret == -ENOBUFS) {
			/* the kernel dropped events for us */
			fprintf(stderr,
				"srtpctl: monitor: events were lost (receive buffer overrun)\n");
			continue;
		}
		if (ret < 0)
			return result(nl, ret, e);
		if (poll(&p, 1, -1) < 0 && errno != EINTR) {
			memset(e, 0, sizeof(*e));
			e->err = errno;
			snprintf(e->msg, sizeof(e->msg),
				 "cannot receive events: %s", strerror(errno));
			return -1;
		}
	}
}
