/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: its requests as calls of libksrtp. The command grammar parses
 * into the structs of flowargs.h, keyargs.h and guardargs.h, the printers
 * of flowshow.h take theirs; this turns the one into libksrtp's structs
 * and libksrtp's replies into the other. The netlink is libksrtp's.
 */
#ifndef SRTPCTL_NL_H
#define SRTPCTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include <ksrtp/ksrtp.h>

#include "flowargs.h"
#include "flowshow.h"
#include "guardargs.h"
#include "keyargs.h"

/* A libksrtp handle. */
struct ksrtp_nl {
	struct ksrtp *h;
};

enum ksrtp_nl_err {
	KSRTP_NL_OK = 0,
	KSRTP_NL_ENOSOCK = -1,		/* could not open/connect a socket */
	KSRTP_NL_ENOFAMILY = -2,	/* "ksrtp" family not registered */
};

/*
 * Open a handle (ksrtp_open()): KSRTP_NL_OK, or a negative enum
 * ksrtp_nl_err with libksrtp's message in @err. On failure nothing needs
 * to be closed.
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
 * The requests. Each returns 0, or -1 with @e filled in. libksrtp wipes
 * its copies of key material once sent.
 */
int ksrtp_nl_flow_new(struct ksrtp_nl *nl, const struct flow_req *req,
		      uint32_t *id, struct ksrtp_nl_error *e);
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

/* key-new, key-del and key-use, from a parsed request. */
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
 * Join the "events" multicast group and call @fn for every event until
 * it returns non-zero (then return 0). Returns -1 with @e filled if the
 * group cannot be joined or receiving fails.
 */
int ksrtp_nl_monitor(struct ksrtp_nl *nl,
		     int (*fn)(const struct key_event *ev, void *arg),
		     void *arg, struct ksrtp_nl_error *e);

/*
 * The conversions under the requests, for the unit tests
 * (tests/test_nl.c): srtpctl's parsed requests into libksrtp's structs,
 * and libksrtp's replies into the structs the printers take.
 * ksrtp_nl_flow_info() mallocs fi->keys and fi->streams (free them with
 * flow_info_free()) and returns 0, or -1 if out of memory.
 */
void ksrtp_nl_flow_config(const struct flow_req *req,
			  struct ksrtp_flow_config *c);
void ksrtp_nl_tuple(const struct flow_sel *sel, struct ksrtp_flow_tuple *t);
void ksrtp_nl_flow_change(const struct flow_set_req *req,
			  struct ksrtp_flow_change *c);
void ksrtp_nl_key_config(const struct key_req *req,
			 struct ksrtp_key_config *k);
int ksrtp_nl_flow_info(const struct ksrtp_flow_info *in,
		       struct flow_info *fi);
void ksrtp_nl_stream(const struct ksrtp_stream_info *in,
		     struct flow_stream *s);
void ksrtp_nl_event(const struct ksrtp_event *in, struct key_event *ev);
void ksrtp_nl_guard(const struct ksrtp_guard_info *in, struct guard_info *g);
void ksrtp_nl_netns(const struct ksrtp_netns_stats *in,
		    struct netns_info *ni);

#endif /* SRTPCTL_NL_H */
