/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: generic netlink helpers (libnl-genl-3).
 */
#ifndef SRTPCTL_NL_H
#define SRTPCTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include "flowargs.h"
#include "flowshow.h"
#include "guardargs.h"
#include "keyargs.h"

#define KSRTP_GENL_NAME		"ksrtp"

struct nl_sock;
struct nl_msg;
struct sockaddr_nl;
struct ucred;

struct ksrtp_nl {
	struct nl_sock *sock;
	int family;			/* generic netlink family id */
	/*
	 * NULL (ksrtp_nl_open() sets it so): replies come from the socket.
	 * The unit tests set it to feed made-up replies through the same
	 * receive path (libnl's nl_cb_overwrite_recv()).
	 */
	int (*recv)(struct nl_sock *sk, struct sockaddr_nl *from,
		    unsigned char **buf, struct ucred **creds);
};

enum ksrtp_nl_err {
	KSRTP_NL_OK = 0,
	KSRTP_NL_ENOSOCK = -1,		/* could not open/connect a socket */
	KSRTP_NL_ENOFAMILY = -2,	/* "ksrtp" family not registered */
	KSRTP_NL_ERESOLVE = -3,		/* resolving the family failed */
};

/*
 * Open a generic netlink socket and resolve the ksrtp family.  Returns
 * KSRTP_NL_OK, or a negative enum ksrtp_nl_err with a message in @err.
 * On failure nothing needs to be closed.
 */
int ksrtp_nl_open(struct ksrtp_nl *nl, char *err, size_t errlen);

void ksrtp_nl_close(struct ksrtp_nl *nl);

/*
 * What went wrong in a request: the kernel's errno (positive) and its
 * extended ack message, if any, or a local failure described in msg with
 * err set to the errno closest to it. A dump that the kernel ends with an
 * error (in NLMSG_DONE) fails like a request: the messages before it have
 * been passed on, and the request returns -1 with the error here.
 */
struct ksrtp_nl_error {
	int err;
	char msg[256];		/* extack message, "" if none */
	char attr[32];		/* name of the attribute the kernel blamed */
};

/*
 * The requests. Each returns 0, or -1 with @e filled in. flow_new wipes
 * the request message (key material) as soon as it is sent.
 */
int ksrtp_nl_flow_new(struct ksrtp_nl *nl, const struct flow_req *req,
		      uint32_t *id, struct ksrtp_nl_error *e);
int ksrtp_nl_flow_del(struct ksrtp_nl *nl, uint32_t id,
		      struct ksrtp_nl_error *e);
/* Get flow @id (if @has_id) or dump all; @fn is called once per flow. */
int ksrtp_nl_flow_get(struct ksrtp_nl *nl, int has_id, uint32_t id,
		      void (*fn)(const struct flow_info *fi, void *arg),
		      void *arg, struct ksrtp_nl_error *e);
int ksrtp_nl_flush(struct ksrtp_nl *nl, struct ksrtp_nl_error *e);

/*
 * By selector: flow-del of the flows @sel names (by id, cookie or
 * 5-tuple); flow-get of one flow (id, 5-tuple) or a dump of all, or of
 * those with the cookie of @sel. flow-set ("flow change") of @req.
 */
int ksrtp_nl_flow_del_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  struct ksrtp_nl_error *e);
int ksrtp_nl_flow_get_sel(struct ksrtp_nl *nl, const struct flow_sel *sel,
			  void (*fn)(const struct flow_info *fi, void *arg),
			  void *arg, struct ksrtp_nl_error *e);
int ksrtp_nl_flow_set(struct ksrtp_nl *nl, const struct flow_set_req *req,
		      struct ksrtp_nl_error *e);

/*
 * stream-get: the stream of @ssrc of flow @flow_id (if @has_ssrc), or a
 * dump of all the flow's streams, in ascending SSRC order; @fn is called
 * once per stream.
 */
int ksrtp_nl_stream_get(struct ksrtp_nl *nl, uint32_t flow_id, int has_ssrc,
			uint32_t ssrc,
			void (*fn)(uint32_t flow_id,
				   const struct flow_stream *s, void *arg),
			void *arg, struct ksrtp_nl_error *e);

/*
 * key-new (wipes the request message, key material, once sent), key-del
 * and key-use, from a parsed request.
 */
int ksrtp_nl_key_new(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e);
int ksrtp_nl_key_del(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e);
int ksrtp_nl_key_use(struct ksrtp_nl *nl, const struct key_req *req,
		     struct ksrtp_nl_error *e);

/*
 * guard-new and guard-del from a parsed request; guard-get dumps every
 * guarded range of the netns, calling @fn once per range.
 */
int ksrtp_nl_guard_new(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e);
int ksrtp_nl_guard_del(struct ksrtp_nl *nl, const struct guard_req *req,
		       struct ksrtp_nl_error *e);
int ksrtp_nl_guard_get(struct ksrtp_nl *nl,
		       void (*fn)(const struct guard_info *g, void *arg),
		       void *arg, struct ksrtp_nl_error *e);

/* stats-get: the netns's flow and guard counts and counters, into @ni. */
int ksrtp_nl_stats_get(struct ksrtp_nl *nl, struct netns_info *ni,
		       struct ksrtp_nl_error *e);

/*
 * Join the "events" multicast group and call @fn for every key event
 * until it returns non-zero (then return 0). Returns -1 with @e filled if
 * the group cannot be joined or receiving fails.
 */
int ksrtp_nl_monitor(struct ksrtp_nl *nl,
		     int (*fn)(const struct key_event *ev, void *arg),
		     void *arg, struct ksrtp_nl_error *e);

/*
 * The message building and parsing under the requests above, exposed for
 * the unit tests (tests/test_nl.c): append the attributes of a flow-new
 * request, of a key-new/key-del/key-use (@cmd) request, or of a
 * guard-new/guard-del request to @msg (0, or -1 if it is full); parse one
 * flow-get reply, calling @fn with the flow; parse one stream-get reply;
 * parse one key-event
 * notification, one guard-get reply or a stats-get reply. The parsers
 * return 0, or -1 if the message is malformed.
 */
int ksrtp_nl_put_flow_new(struct nl_msg *msg, const struct flow_req *req);
int ksrtp_nl_put_sel(struct nl_msg *msg, const struct flow_sel *sel);
int ksrtp_nl_put_flow_set(struct nl_msg *msg, const struct flow_set_req *req);
int ksrtp_nl_put_key(struct nl_msg *msg, uint8_t cmd,
		     const struct key_req *req);
int ksrtp_nl_parse_flow(struct nl_msg *msg,
			void (*fn)(const struct flow_info *fi, void *arg),
			void *arg);
/* One stream-get reply: the flow's id and its one stream nest. */
int ksrtp_nl_parse_stream(struct nl_msg *msg, uint32_t *flow_id,
			  struct flow_stream *s);
int ksrtp_nl_parse_event(struct nl_msg *msg, struct key_event *ev);
int ksrtp_nl_put_guard(struct nl_msg *msg, const struct guard_req *req);
int ksrtp_nl_parse_guard(struct nl_msg *msg, struct guard_info *g);
int ksrtp_nl_parse_netns(struct nl_msg *msg, struct netns_info *ni);

#endif /* SRTPCTL_NL_H */
