/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libksrtp internals, shared with the unit tests (tests/lib/), which link
 * the static library: the handle, and the message builders and parsers
 * under the requests. Nothing here is exported from libksrtp.so.
 */
#ifndef LIBKSRTP_INTERNAL_H
#define LIBKSRTP_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "ksrtp/ksrtp.h"

struct nl_sock;
struct nl_msg;
struct nlmsghdr;
struct sockaddr_nl;
struct ucred;

struct ksrtp {
	pthread_mutex_t lock;		/* requests on sock */
	struct nl_sock *sock;
	int family;			/* generic netlink family id */
	pthread_mutex_t ev_lock;	/* the events socket and buffer */
	struct nl_sock *ev_sock;	/* NULL until subscribed */
	int ev_fd;			/* -1 until subscribed */
	unsigned char *ev_buf;		/* one datagram of events */
	unsigned int ev_len, ev_off;
	/*
	 * NULL in real handles. The unit tests set them to see the request
	 * as sent and to feed made-up replies through libnl's receive path
	 * (nl_cb_overwrite_send/recv).
	 */
	int (*send)(struct nl_sock *sk, struct nl_msg *msg);
	int (*recv)(struct nl_sock *sk, struct sockaddr_nl *from,
		    unsigned char **buf, struct ucred **creds);
};

/*
 * A handle without a kernel for the tests: an unconnected socket, family
 * id @family, the given send and receive hooks. NULL if out of memory.
 */
struct ksrtp *kl_test_handle(int family,
			     int (*send)(struct nl_sock *, struct nl_msg *),
			     int (*recv)(struct nl_sock *,
					 struct sockaddr_nl *,
					 unsigned char **, struct ucred **));

/* Make @fd (a datagram socket of the test's) the handle's events fd. */
void kl_test_events_fd(struct ksrtp *h, int fd);

/*
 * Check a config the caller passed (its size, lengths, family) and copy
 * it into @out at the library's size. 0 or a negative errno, with the
 * reason set as the thread's error on @h.
 */
int kl_flow_config_in(struct ksrtp *h, const struct ksrtp_flow_config *in,
		      struct ksrtp_flow_config *out);
int kl_key_config_in(struct ksrtp *h, const struct ksrtp_key_config *in,
		     struct ksrtp_key_config *out);

/* Append a request's attributes to @msg: 0, or -1 if it is full. */
int kl_put_flow_new(struct nl_msg *msg, const struct ksrtp_flow_config *c);
int kl_put_key(struct nl_msg *msg, uint8_t cmd,
	       const struct ksrtp_key_config *k);
int kl_put_guard(struct nl_msg *msg, uint8_t dir, uint16_t lo, uint16_t hi);
int kl_put_tuple(struct nl_msg *msg, const struct ksrtp_flow_tuple *t);
int kl_put_flow_change(struct nl_msg *msg, const struct ksrtp_flow_change *c);

/*
 * Parse one reply or notification: 0, or -1 if it is malformed. A flow's
 * keys and streams are malloc'd into fi->keys and fi->streams: free them
 * with kl_flow_info_free().
 */
int kl_parse_flow(struct nlmsghdr *nlh, struct ksrtp_flow_info *fi);
void kl_flow_info_free(struct ksrtp_flow_info *fi);
int kl_parse_stream(struct nlmsghdr *nlh, struct ksrtp_stream_info *s);
int kl_parse_guard(struct nlmsghdr *nlh, struct ksrtp_guard_info *g);
int kl_parse_netns(struct nlmsghdr *nlh, struct ksrtp_netns_stats *st);
/* 1 for an event, 0 for another message of no interest, -1 malformed. */
int kl_parse_event(struct nlmsghdr *nlh, int family, struct ksrtp_event *ev);

#endif /* LIBKSRTP_INTERNAL_H */
