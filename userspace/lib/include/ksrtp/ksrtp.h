/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * libksrtp: the ksrtp generic netlink family as a C library.
 *
 * Include as <ksrtp/ksrtp.h>; link with `pkg-config --libs libksrtp`.
 * See Documentation/libksrtp.rst for an overview and an example.
 *
 * Conventions:
 *
 * - Every function that can fail returns 0 (or a count, where said) on
 *   success and a negative errno on failure. A failure of the kernel
 *   carries the kernel's errno and its extended ack message, which
 *   ksrtp_errmsg() returns, and the attribute it blamed, ksrtp_erratt().
 * - A handle (struct ksrtp) is opaque. Its requests are serialized by a
 *   mutex of the handle: a handle may be used from many threads, and
 *   requests from two threads on one handle run one after the other.
 *   For parallel requests use one handle per thread. Callbacks run with
 *   the handle's lock held: they must not call the library on the same
 *   handle (-EDEADLK).
 * - The error of a call is kept per thread (like errno), with the handle
 *   it failed on: ksrtp_errmsg(h) returns the message of the calling
 *   thread's last failed call if that call was on @h (else ""), so
 *   threads sharing a handle do not see each other's errors. Read it
 *   before the thread's next call on the library.
 * - Structs the caller passes in or fills begin with a size field: set it
 *   to sizeof the struct (KSRTP_INIT() does, and zeroes the rest). The
 *   library reads and writes only the first size bytes, so a program
 *   built against an older header keeps working with a newer library. A
 *   struct larger than the library knows is accepted if the bytes it does
 *   not know are zero (else -E2BIG). Structs the library passes to a
 *   callback carry the library's size: check it before reading a field
 *   newer than the library you may run with (KSRTP_HAS_FIELD()). Members
 *   marked "since 0.2" or "since 0.3" are new in that minor version; a
 *   struct of the size before them (an older header's) is still accepted.
 * - Key material given to the library is wiped (explicit_bzero) from the
 *   library's copies and request buffers once sent, on success and on
 *   failure alike. Nothing in the library ever returns key material; the
 *   caller wipes its own copy.
 * - Numbers are in host byte order; addresses are in network byte order
 *   (as in struct in_addr / in6_addr), 4 bytes for AF_INET, 16 for
 *   AF_INET6.
 *
 * The values of suites, directions, key slots, event types and the
 * counters' indices are those of the uapi header <linux/ksrtp.h>
 * (enum ksrtp_suite, ksrtp_dir, ksrtp_key_slot, ksrtp_event_type,
 * KSRTP_A_STATS_*, KSRTP_A_NETNS_STATS_*), which this header includes.
 */
#ifndef LIBKSRTP_KSRTP_H
#define LIBKSRTP_KSRTP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/ksrtp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version, and the soname's major number. */
#define KSRTP_LIB_VERSION_MAJOR	0
#define KSRTP_LIB_VERSION_MINOR	3

/* Zero *@p and set its size field. */
#define KSRTP_INIT(p)							\
	do {								\
		memset((p), 0, sizeof(*(p)));				\
		(p)->size = sizeof(*(p));				\
	} while (0)

/* Whether struct *@p (of the library's size) holds member @m. */
#define KSRTP_HAS_FIELD(p, m)						\
	((p)->size >= offsetof(__typeof__(*(p)), m) + sizeof((p)->m))

/* Largest master key and salt of any suite, in bytes. */
#define KSRTP_KEY_MAX		32
#define KSRTP_SALT_MAX		14
/* Room for the counters of a stats nest, indexed by KSRTP_A_*STATS_*. */
#define KSRTP_STATS_SLOTS	32

struct ksrtp;

/**
 * ksrtp_open() - open a handle: a generic netlink socket, ksrtp resolved.
 * @hp: set to the new handle on success, to NULL on failure.
 *
 * The handle works in the network namespace the calling thread is in
 * when it opens it (setns(2) first to work in another one).
 *
 * Return: 0; -ENOENT if the "ksrtp" family is not registered (ksrtp.ko is
 * not loaded); -ENOMEM; another negative errno if the socket cannot be
 * opened.
 */
int ksrtp_open(struct ksrtp **hp);

/**
 * ksrtp_close() - close a handle and its event subscription.
 * @h: the handle, or NULL (then nothing happens).
 *
 * No other thread may use @h during or after the call.
 */
void ksrtp_close(struct ksrtp *h);

/**
 * ksrtp_errmsg() - the text of the calling thread's last error on @h.
 * @h: the handle (NULL: the last failed ksrtp_open() of the thread).
 *
 * The kernel's extended ack message if it gave one, else a description
 * of the library's own failure, else "". Valid until the thread's next
 * failing call.
 */
const char *ksrtp_errmsg(const struct ksrtp *h);

/**
 * ksrtp_erratt() - the attribute the kernel blamed for the last error.
 * @h: the handle.
 *
 * The name of the attribute as netlink/ksrtp.yaml spells it
 * ("master-key"), or "" if the kernel named none.
 */
const char *ksrtp_erratt(const struct ksrtp *h);

/**
 * ksrtp_strerror() - a message for negative errno @err on @h.
 * @h: the handle, or NULL.
 * @err: a negative errno as a call returned it.
 * @buf: where to write the message.
 * @len: size of @buf.
 *
 * "EXTACK (strerror)" when the thread's last error on @h is @err and has a
 * message, else strerror(-@err). Return: @buf.
 */
const char *ksrtp_strerror(const struct ksrtp *h, int err, char *buf,
			   size_t len);

/* ------------------------------------------------------------------ */
/* Flows */

/* Bits of ksrtp_flow_config.opts and ksrtp_flow_info.opts. */
enum ksrtp_flow_opt {
	KSRTP_FLOW_REMOTE	 = 1u << 0,	/* remote_addr and remote_port */
	KSRTP_FLOW_SSRC		 = 1u << 1,
	KSRTP_FLOW_MAX_SSRCS	 = 1u << 2,
	KSRTP_FLOW_SSRC_IDLE_MS	 = 1u << 3,
	KSRTP_FLOW_RTCP_MUX	 = 1u << 4,	/* a flag: no value */
	KSRTP_FLOW_RTCP		 = 1u << 5,	/* a flag */
	KSRTP_FLOW_REPLAY_WINDOW = 1u << 6,
	KSRTP_FLOW_ROC		 = 1u << 7,
	KSRTP_FLOW_RESET_ROC	 = 1u << 8,	/* a flag */
	KSRTP_FLOW_GRACE_MS	 = 1u << 9,
	KSRTP_FLOW_GRACE_PACKETS = 1u << 10,
	KSRTP_FLOW_LIFETIME	 = 1u << 11,	/* config only */
	KSRTP_FLOW_SOFT_LIFETIME = 1u << 12,	/* config only */
	KSRTP_FLOW_STREAM_COUNT	 = 1u << 13,	/* info only */
	KSRTP_FLOW_STATS	 = 1u << 14,	/* info only */
	KSRTP_FLOW_LOCAL_PORT	 = 1u << 15,	/* info only */
	KSRTP_FLOW_COOKIE	 = 1u << 16,	/* since 0.2 */
	KSRTP_FLOW_SOCKET_OWNER	 = 1u << 17,	/* since 0.2, config: a flag */
	KSRTP_FLOW_OWNER	 = 1u << 18,	/* since 0.2, info only */
	KSRTP_FLOW_SRTCP_TAG_LEN = 1u << 19,	/* since 0.2 */
};

/**
 * struct ksrtp_flow_config - a flow to add (flow-new).
 * @size: sizeof(struct ksrtp_flow_config) (KSRTP_INIT()).
 * @dir: KSRTP_DIR_TX or KSRTP_DIR_RX.
 * @family: AF_INET or AF_INET6.
 * @local_addr: the local address (4 or 16 bytes, network order).
 * @local_port: the local UDP port.
 * @remote_addr: the remote address, with KSRTP_FLOW_REMOTE (required on
 *	tx; on rx, only packets from it match).
 * @remote_port: the remote port, with KSRTP_FLOW_REMOTE.
 * @suite: enum ksrtp_suite.
 * @key_len: length of @key, as the suite wants (16 or 32).
 * @salt_len: length of @salt, as the suite wants (14 or 12).
 * @mki_len: length of @mki, 0 (no MKI) to KSRTP_MKI_MAX_LEN.
 * @opts: which optional members below are set, enum ksrtp_flow_opt.
 * @key: the master key. Wiped in the library's copies once sent.
 * @salt: the master salt. Wiped likewise.
 * @mki: the MKI, network order.
 * @ssrc: the one SSRC of the flow (KSRTP_FLOW_SSRC), else any SSRC.
 * @max_ssrcs: at most this many SSRCs (KSRTP_FLOW_MAX_SSRCS).
 * @ssrc_idle_ms: free an SSRC idle this long, 0: never.
 * @replay_window: replay window in packets (KSRTP_REPLAY_WINDOW_MIN..MAX).
 * @roc: initial rollover counter (KSRTP_FLOW_ROC).
 * @grace_ms: how long a previous key is kept.
 * @grace_packets: how many packets a previous key is kept for.
 * @lifetime: key lifetime in packets, 1..2^48 (KSRTP_FLOW_LIFETIME).
 * @soft_lifetime: packets until the soft-limit event.
 * @cookie: an opaque number of the caller's, kept with the flow and
 *	reported back (KSRTP_FLOW_COOKIE); flows can be listed and deleted
 *	by it. Since 0.2.
 * @srtcp_tag_len: the SRTCP tag length in bytes (KSRTP_FLOW_SRTCP_TAG_LEN),
 *	4 or 10, on the *_HMAC_SHA1_32 suites only: 4 for peers such as
 *	libre (baresip) that use a 32-bit SRTCP tag too. Since 0.2.
 *
 * With KSRTP_FLOW_SOCKET_OWNER (since 0.2) the flow is owned by the
 * handle's netlink socket: the kernel deletes it when the handle is
 * closed, or the process exits or dies (a flow-deleted event with reason
 * KSRTP_DEL_REASON_OWNER). That makes sense only for a handle that lives
 * as long as the flows should, as a media server's.
 *
 * The members follow srtpctl's `flow add` options one to one.
 */
struct ksrtp_flow_config {
	uint32_t size;
	uint8_t dir;
	uint8_t mki_len;
	uint16_t family;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;
	uint16_t remote_port;
	uint32_t suite;
	uint8_t key_len;
	uint8_t salt_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	uint8_t key[KSRTP_KEY_MAX];
	uint8_t salt[KSRTP_SALT_MAX];
	uint32_t opts;
	uint32_t ssrc;
	uint32_t max_ssrcs;
	uint32_t ssrc_idle_ms;
	uint32_t replay_window;
	uint32_t roc;
	uint32_t grace_ms;
	uint32_t grace_packets;
	uint64_t lifetime;
	uint64_t soft_lifetime;
	uint64_t cookie;			/* since 0.2 */
	uint8_t srtcp_tag_len;			/* since 0.2 */
};

/**
 * struct ksrtp_stats - a stats nest: counters by their attribute number.
 * @present: bit N set if val[N] came from the kernel.
 * @val: the counters, by KSRTP_A_STATS_* (flows and streams) or
 *	KSRTP_A_NETNS_STATS_* (ksrtp_netns_stats).
 */
struct ksrtp_stats {
	uint64_t present;
	uint64_t val[KSRTP_STATS_SLOTS];
};

/**
 * struct ksrtp_key_info - one key of a flow, as the kernel reports it
 * (never its material).
 * @size: the library's sizeof(struct ksrtp_key_info).
 * @slot: enum ksrtp_key_slot.
 * @mki_len: length of @mki, 0 if none.
 * @mki: the key's MKI.
 * @opts: KSRTP_KEY_* bits of the members below that the kernel sent.
 * @from_index: the index a pending key applies from (KSRTP_KEY_FROM_INDEX).
 * @lifetime: the hard limit in packets (KSRTP_KEY_LIFETIME).
 * @soft_lifetime: the soft limit (KSRTP_KEY_SOFT_LIFETIME).
 * @srtp_packets: SRTP packets under the key (KSRTP_KEY_SRTP_PACKETS).
 * @srtcp_packets: SRTCP packets under the key (KSRTP_KEY_SRTCP_PACKETS).
 * @cipher: the kernel's cipher driver, "" if not sent.
 * @cipher_fallback: its fallback driver, "" if none.
 * @auth: the authentication driver, "" if not sent.
 */
struct ksrtp_key_info {
	uint32_t size;
	uint8_t slot;
	uint8_t mki_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	uint32_t opts;
	uint64_t from_index;
	uint64_t lifetime;
	uint64_t soft_lifetime;
	uint64_t srtp_packets;
	uint64_t srtcp_packets;
	char cipher[64];
	char cipher_fallback[64];
	char auth[64];
};

/**
 * struct ksrtp_flow_info - a flow as flow-get reports it.
 * @size: the library's sizeof(struct ksrtp_flow_info).
 * @id: the flow's id.
 * @dir: enum ksrtp_dir.
 * @mki_len: length of @mki, 0 if the flow has no MKI.
 * @family: AF_INET or AF_INET6.
 * @local_addr_len: 4 or 16, 0 if not sent.
 * @remote_addr_len: 4 or 16, 0 if the flow takes any remote.
 * @local_addr: the local address.
 * @remote_addr: the remote address.
 * @local_port: the local port (KSRTP_FLOW_LOCAL_PORT).
 * @remote_port: the remote port (KSRTP_FLOW_REMOTE).
 * @suite: enum ksrtp_suite.
 * @mki: the MKI.
 * @opts: enum ksrtp_flow_opt bits of what the kernel sent.
 * @ssrc: see struct ksrtp_flow_config.
 * @max_ssrcs: see struct ksrtp_flow_config.
 * @ssrc_idle_ms: see struct ksrtp_flow_config.
 * @replay_window: see struct ksrtp_flow_config.
 * @roc: see struct ksrtp_flow_config.
 * @grace_ms: see struct ksrtp_flow_config.
 * @grace_packets: see struct ksrtp_flow_config.
 * @stream_count: the number of SSRC streams (ksrtp_stream_dump()).
 * @stats: the flow's counters (KSRTP_FLOW_STATS).
 * @n_keys: the number of entries in @keys.
 * @keys: the flow's keys, in the kernel's order.
 * @cookie: the flow's cookie (KSRTP_FLOW_COOKIE). Since 0.2.
 * @owner_portid: the netlink port id of the socket that owns the flow
 *	(KSRTP_FLOW_OWNER). Since 0.2.
 * @n_streams: the number of entries in @streams. Since 0.2.
 * @streams: stream nests in the reply (kernels that still send them;
 *	ksrtp_stream_dump() gets the streams of current ones). Since 0.2.
 * @srtcp_tag_len: the SRTCP tag length in bytes, on the *_HMAC_SHA1_32
 *	suites (KSRTP_FLOW_SRTCP_TAG_LEN). Since 0.2.
 */
struct ksrtp_flow_info {
	uint32_t size;
	uint32_t id;
	uint8_t dir;
	uint8_t mki_len;
	uint16_t family;
	uint8_t local_addr_len;
	uint8_t remote_addr_len;
	uint16_t local_port;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t remote_port;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	uint16_t pad;
	uint32_t suite;
	uint32_t opts;
	uint32_t ssrc;
	uint32_t max_ssrcs;
	uint32_t ssrc_idle_ms;
	uint32_t replay_window;
	uint32_t roc;
	uint32_t grace_ms;
	uint32_t grace_packets;
	uint32_t stream_count;
	struct ksrtp_stats stats;
	uint32_t n_keys;
	const struct ksrtp_key_info *keys;
	uint64_t cookie;			/* since 0.2 */
	uint32_t owner_portid;			/* since 0.2 */
	uint32_t n_streams;			/* since 0.2 */
	const struct ksrtp_stream_info *streams; /* since 0.2 */
	uint8_t srtcp_tag_len;			/* since 0.2 */
};

/**
 * ksrtp_flow_add() - create a flow (flow-new).
 * @h: the handle.
 * @cfg: the flow. Its key and salt are copied, sent and wiped from the
 *	library's buffers; @cfg itself is left as it is (wipe it yourself).
 * @id: set to the new flow's id (may be NULL).
 *
 * Return: 0, or a negative errno (-EINVAL for a config the library
 * refuses before sending: bad size, family, lengths).
 */
int ksrtp_flow_add(struct ksrtp *h, const struct ksrtp_flow_config *cfg,
		   uint32_t *id);

/** ksrtp_flow_del() - delete flow @id (flow-del). Return: 0 or -errno. */
int ksrtp_flow_del(struct ksrtp *h, uint32_t id);

/**
 * struct ksrtp_flow_tuple - a flow by its 5-tuple: direction, family,
 * local address and port, remote address and port (since 0.2).
 * @size: sizeof(struct ksrtp_flow_tuple) (KSRTP_INIT()).
 * @dir: KSRTP_DIR_TX or KSRTP_DIR_RX.
 * @family: AF_INET or AF_INET6.
 * @local_addr: the local address (4 or 16 bytes, network order).
 * @remote_addr: the remote address, with KSRTP_FLOW_REMOTE; without it
 *	the rx flow that takes any remote.
 * @local_port: the local port.
 * @remote_port: the remote port, with KSRTP_FLOW_REMOTE.
 * @opts: 0 or KSRTP_FLOW_REMOTE.
 */
struct ksrtp_flow_tuple {
	uint32_t size;
	uint8_t dir;
	uint8_t pad;
	uint16_t family;
	uint8_t local_addr[16];
	uint8_t remote_addr[16];
	uint16_t local_port;
	uint16_t remote_port;
	uint32_t opts;
};

/**
 * ksrtp_flow_del_cookie() - delete every flow with cookie @cookie
 * (flow-del by cookie; since 0.2).
 *
 * Return: 0, -ENOENT if no flow has it, or another -errno.
 */
int ksrtp_flow_del_cookie(struct ksrtp *h, uint64_t cookie);

/**
 * ksrtp_flow_del_tuple() - delete the flow of 5-tuple @t (flow-del by
 * 5-tuple; since 0.2).
 *
 * Return: 0, -ENOENT if there is no such flow, or another -errno.
 */
int ksrtp_flow_del_tuple(struct ksrtp *h, const struct ksrtp_flow_tuple *t);

/**
 * struct ksrtp_flow_change - what flow-set changes in flow @id (since 0.2).
 * @size: sizeof(struct ksrtp_flow_change) (KSRTP_INIT()).
 * @id: the flow.
 * @family: the family of @remote_addr (the flow's), with KSRTP_FLOW_REMOTE.
 * @remote_port: the new remote port, with KSRTP_FLOW_REMOTE.
 * @remote_addr: the new remote address, with KSRTP_FLOW_REMOTE.
 * @opts: which of KSRTP_FLOW_REMOTE, KSRTP_FLOW_GRACE_MS,
 *	KSRTP_FLOW_GRACE_PACKETS and KSRTP_FLOW_SSRC_IDLE_MS to change.
 * @grace_ms: see struct ksrtp_flow_config.
 * @grace_packets: see struct ksrtp_flow_config.
 * @ssrc_idle_ms: see struct ksrtp_flow_config.
 */
struct ksrtp_flow_change {
	uint32_t size;
	uint32_t id;
	uint16_t family;
	uint16_t remote_port;
	uint8_t remote_addr[16];
	uint32_t opts;
	uint32_t grace_ms;
	uint32_t grace_packets;
	uint32_t ssrc_idle_ms;
};

/**
 * ksrtp_flow_change() - change a flow in place (flow-set): its remote, its
 * grace period, its SSRC idle time. The keys, ROC, replay state and
 * counters stay. Since 0.2.
 *
 * Return: 0 or -errno.
 */
int ksrtp_flow_change(struct ksrtp *h, const struct ksrtp_flow_change *c);

/**
 * ksrtp_flow_flush() - delete every flow of the netns (flush).
 * @h: the handle.
 * @dir: 0 for every flow, or only those of KSRTP_DIR_TX / KSRTP_DIR_RX.
 *
 * Return: 0 or -errno.
 */
int ksrtp_flow_flush(struct ksrtp *h, uint8_t dir);

/*
 * A dump callback: return 0 to go on, anything else to stop the dump
 * (the library then reads and drops the rest of it, and the dump call
 * returns that value). The struct is valid during the call only.
 */
typedef int (*ksrtp_flow_cb)(const struct ksrtp_flow_info *fi, void *arg);

/**
 * ksrtp_flow_get() - get one flow (flow-get).
 * @h: the handle.
 * @id: the flow's id.
 * @fn: called once, with the flow.
 * @arg: passed to @fn.
 *
 * Return: 0, @fn's non-zero return, -ENOENT if there is no flow @id, or
 * another negative errno.
 */
int ksrtp_flow_get(struct ksrtp *h, uint32_t id, ksrtp_flow_cb fn,
		   void *arg);

/**
 * ksrtp_flow_dump() - dump every flow of the netns (flow-get dump).
 * @h: the handle.
 * @dir: 0 for all, or only those of that direction.
 * @fn: called once per flow.
 * @arg: passed to @fn.
 *
 * The kernel resumes the dump where each part ended, so a flow that
 * exists for the whole dump is seen exactly once.
 *
 * Return: the number of flows seen (>= 0), @fn's non-zero return if it
 * stopped the dump (then make it negative or check a flag of your own to
 * tell them apart), or a negative errno, also when the kernel ended the
 * dump with an error after some flows.
 */
int ksrtp_flow_dump(struct ksrtp *h, uint8_t dir, ksrtp_flow_cb fn,
		    void *arg);

/**
 * ksrtp_flow_get_tuple() - get the flow of 5-tuple @t (flow-get; since
 * 0.2). As ksrtp_flow_get().
 */
int ksrtp_flow_get_tuple(struct ksrtp *h, const struct ksrtp_flow_tuple *t,
			 ksrtp_flow_cb fn, void *arg);

/**
 * ksrtp_flow_dump_cookie() - dump the flows with cookie @cookie (0: every
 * flow), of @dir (0: both). As ksrtp_flow_dump(). Since 0.2.
 */
int ksrtp_flow_dump_cookie(struct ksrtp *h, uint8_t dir, uint64_t cookie,
			   ksrtp_flow_cb fn, void *arg);

/* ------------------------------------------------------------------ */
/* Keys */

/* Bits of ksrtp_key_config.opts and ksrtp_key_info.opts. */
enum ksrtp_key_opt {
	KSRTP_KEY_FROM_INDEX	= 1u << 0,
	KSRTP_KEY_LIFETIME	= 1u << 1,
	KSRTP_KEY_SOFT_LIFETIME	= 1u << 2,
	KSRTP_KEY_USE		= 1u << 3,	/* config only: a flag */
	KSRTP_KEY_SRTP_PACKETS	= 1u << 4,	/* info only */
	KSRTP_KEY_SRTCP_PACKETS	= 1u << 5,	/* info only */
};

/**
 * struct ksrtp_key_config - a key request (key-new, key-del).
 * @size: sizeof(struct ksrtp_key_config) (KSRTP_INIT()).
 * @flow_id: the flow.
 * @slot: enum ksrtp_key_slot, 0 for none (a pending key by from_index,
 *	or an MKI key).
 * @key_len: length of @key (key-new only).
 * @salt_len: length of @salt (key-new only).
 * @mki_len: length of @mki, 0 for none.
 * @mki: the key's MKI.
 * @opts: enum ksrtp_key_opt bits of the members below that are set.
 * @from_index: the SRTP index a pending key applies from.
 * @lifetime: the key's hard limit in packets (key-new).
 * @soft_lifetime: its soft limit (key-new).
 * @key: the master key. Wiped in the library's copies once sent.
 * @salt: the master salt. Wiped likewise.
 *
 * The members follow srtpctl's `key add` and `key del` options.
 */
struct ksrtp_key_config {
	uint32_t size;
	uint32_t flow_id;
	uint8_t slot;
	uint8_t key_len;
	uint8_t salt_len;
	uint8_t mki_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	uint32_t opts;
	uint64_t from_index;
	uint64_t lifetime;
	uint64_t soft_lifetime;
	uint8_t key[KSRTP_KEY_MAX];
	uint8_t salt[KSRTP_SALT_MAX];
};

/**
 * ksrtp_key_add() - add a key to a flow (key-new): current, next, a
 * pending key from an index, or an MKI key (with KSRTP_KEY_USE to make it
 * the current one).
 *
 * Return: 0 or -errno.
 */
int ksrtp_key_add(struct ksrtp *h, const struct ksrtp_key_config *key);

/**
 * ksrtp_key_replace() - replace the current key at once (key-new, slot
 * current); the old key becomes the previous one. @key's slot must be 0
 * or KSRTP_KEY_SLOT_CURRENT, and KSRTP_KEY_USE and from_index unset.
 *
 * Return: 0 or -errno.
 */
int ksrtp_key_replace(struct ksrtp *h, const struct ksrtp_key_config *key);

/**
 * ksrtp_key_del() - remove a key (key-del): by slot (next, previous), by
 * from_index (a pending key) or by MKI. Key material in @key is ignored.
 *
 * Return: 0 or -errno.
 */
int ksrtp_key_del(struct ksrtp *h, const struct ksrtp_key_config *key);

/**
 * ksrtp_key_use() - on an MKI flow, make the key with @mki current
 * (key-use).
 *
 * Return: 0 or -errno.
 */
int ksrtp_key_use(struct ksrtp *h, uint32_t flow_id, const uint8_t *mki,
		  size_t mki_len);

/*
 * Called once per key; return 0 to go on, non-zero to stop (returned by
 * ksrtp_key_show()).
 */
typedef int (*ksrtp_key_cb)(uint32_t flow_id, const struct ksrtp_key_info *k,
			    void *arg);

/**
 * ksrtp_key_show() - the keys of flow @flow_id (from flow-get).
 *
 * Return: the number of keys, @fn's non-zero return, or -errno.
 */
int ksrtp_key_show(struct ksrtp *h, uint32_t flow_id, ksrtp_key_cb fn,
		   void *arg);

/* ------------------------------------------------------------------ */
/* SSRC streams */

/* Bits of ksrtp_stream_info.opts. */
enum ksrtp_stream_opt {
	KSRTP_STREAM_ROC	 = 1u << 0,
	KSRTP_STREAM_SEQ	 = 1u << 1,
	KSRTP_STREAM_SRTCP_INDEX = 1u << 2,
	KSRTP_STREAM_IDLE_MS	 = 1u << 3,
	KSRTP_STREAM_STATS	 = 1u << 4,
};

/**
 * struct ksrtp_stream_info - one SSRC stream of a flow (stream-get).
 * @size: sizeof: set by the caller of ksrtp_stream_get(), the library's in
 *	a callback.
 * @flow_id: the flow.
 * @ssrc: the SSRC.
 * @opts: enum ksrtp_stream_opt bits of the members the kernel sent.
 * @roc: the rollover counter.
 * @srtcp_index: the last SRTCP index.
 * @idle_ms: milliseconds since the stream's last packet.
 * @seq: the highest sequence number.
 * @stats: the stream's counters, by KSRTP_A_STATS_*.
 */
struct ksrtp_stream_info {
	uint32_t size;
	uint32_t flow_id;
	uint32_t ssrc;
	uint32_t opts;
	uint32_t roc;
	uint32_t srtcp_index;
	uint32_t idle_ms;
	uint16_t seq;
	uint16_t pad;
	struct ksrtp_stats stats;
};

typedef int (*ksrtp_stream_cb)(const struct ksrtp_stream_info *s,
			       void *arg);

/**
 * ksrtp_stream_get() - the stream of @ssrc of flow @flow_id into @s
 * (whose size the caller sets).
 *
 * Return: 0, -ENOENT if there is no such flow or stream, or -errno.
 */
int ksrtp_stream_get(struct ksrtp *h, uint32_t flow_id, uint32_t ssrc,
		     struct ksrtp_stream_info *s);

/**
 * ksrtp_stream_dump() - every stream of flow @flow_id, ascending SSRC.
 *
 * Return: the number of streams, @fn's non-zero return, or -errno
 * (-ENOENT if the flow is unknown or went away during the dump).
 */
int ksrtp_stream_dump(struct ksrtp *h, uint32_t flow_id, ksrtp_stream_cb fn,
		      void *arg);

/* ------------------------------------------------------------------ */
/* Guarded port ranges and netns counters */

/**
 * struct ksrtp_guard_info - a guarded range of local UDP ports.
 * @size: the library's sizeof.
 * @dir: enum ksrtp_dir.
 * @port_min: the first port.
 * @port_max: the last port.
 */
struct ksrtp_guard_info {
	uint32_t size;
	uint8_t dir;
	uint8_t pad;
	uint16_t port_min;
	uint16_t port_max;
};

typedef int (*ksrtp_guard_cb)(const struct ksrtp_guard_info *g, void *arg);

/**
 * ksrtp_guard_add() - guard ports @port_min..@port_max in @dir
 * (guard-new). -EEXIST if that exact range is guarded already.
 */
int ksrtp_guard_add(struct ksrtp *h, uint8_t dir, uint16_t port_min,
		    uint16_t port_max);

/** ksrtp_guard_del() - remove a range, given as added (guard-del). */
int ksrtp_guard_del(struct ksrtp *h, uint8_t dir, uint16_t port_min,
		    uint16_t port_max);

/**
 * ksrtp_guard_get() - whether exactly this range is guarded (guard-get).
 *
 * Return: 0 if it is, -ENOENT if not, or another -errno.
 */
int ksrtp_guard_get(struct ksrtp *h, uint8_t dir, uint16_t port_min,
		    uint16_t port_max);

/**
 * ksrtp_guard_dump() - every guarded range (of @dir, 0 for both).
 *
 * Return: the number of ranges, @fn's non-zero return, or -errno.
 */
int ksrtp_guard_dump(struct ksrtp *h, uint8_t dir, ksrtp_guard_cb fn,
		     void *arg);

/* Bits of ksrtp_netns_stats.opts. */
enum ksrtp_netns_opt {
	KSRTP_NETNS_FLOWS	= 1u << 0,
	KSRTP_NETNS_GUARDS	= 1u << 1,
	KSRTP_NETNS_STATS	= 1u << 2,
	KSRTP_NETNS_STREAMS	= 1u << 3,	/* since 0.3 */
	KSRTP_NETNS_TX_STATS	= 1u << 4,	/* since 0.3 */
	KSRTP_NETNS_RX_STATS	= 1u << 5,	/* since 0.3 */
};

/**
 * struct ksrtp_netns_stats - a stats-get reply.
 * @size: sizeof(struct ksrtp_netns_stats), set by the caller.
 * @opts: enum ksrtp_netns_opt bits of what the kernel sent.
 * @flows: the number of flows in the netns.
 * @guards: the number of guarded ranges.
 * @stats: the counters, by KSRTP_A_NETNS_STATS_*.
 * @streams: the number of SSRC streams the flows that take any SSRC
 *	learned (since 0.3).
 * @tx: the counters of every tx flow the netns has had since ksrtp.ko was
 *	loaded, added up, by KSRTP_A_STATS_*; deleted flows stay in, so each
 *	only goes up (since 0.3).
 * @rx: the same for the rx flows (since 0.3).
 */
struct ksrtp_netns_stats {
	uint32_t size;
	uint32_t opts;
	uint32_t flows;
	uint32_t guards;
	struct ksrtp_stats stats;
	uint32_t streams;			/* since 0.3 */
	struct ksrtp_stats tx;			/* since 0.3 */
	struct ksrtp_stats rx;			/* since 0.3 */
};

/** ksrtp_stats_get() - the netns's counts and counters into @st. */
int ksrtp_stats_get(struct ksrtp *h, struct ksrtp_netns_stats *st);

/* ------------------------------------------------------------------ */
/* Events */

/* Bits of ksrtp_event.opts. */
enum ksrtp_event_opt {
	KSRTP_EVENT_FLOW_ID	= 1u << 0,
	KSRTP_EVENT_SSRC	= 1u << 1,
	KSRTP_EVENT_FROM_INDEX	= 1u << 2,
	KSRTP_EVENT_MKI		= 1u << 3,
	KSRTP_EVENT_REASON	= 1u << 4,	/* since 0.2 */
	KSRTP_EVENT_COOKIE	= 1u << 5,	/* since 0.2 */
};

/**
 * struct ksrtp_event - one notification of the "events" group.
 * @size: sizeof(struct ksrtp_event), set by the caller.
 * @cmd: the generic netlink command (KSRTP_CMD_KEY_EVENT).
 * @type: enum ksrtp_event_type (a type newer than the library is passed
 *	on with the attributes it knows).
 * @opts: enum ksrtp_event_opt bits of the members the kernel sent.
 * @flow_id: the flow.
 * @ssrc: the SSRC (new-ssrc, tx-repeat, ssrc-expired).
 * @mki_len: length of @mki.
 * @mki: the MKI of the key concerned.
 * @from_index: the index of a promoted pending key.
 * @cookie: the flow's cookie (flow-added, flow-deleted), since 0.2.
 * @reason: why a flow was deleted (flow-deleted): enum ksrtp_del_reason,
 *	since 0.2.
 *
 * flow-added and flow-deleted events (since 0.2) come for every flow of
 * the netns, whoever added or deleted it.
 */
struct ksrtp_event {
	uint32_t size;
	uint8_t cmd;
	uint8_t type;
	uint8_t mki_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];
	uint8_t pad;
	uint32_t opts;
	uint32_t flow_id;
	uint32_t ssrc;
	uint64_t from_index;
	uint64_t cookie;			/* since 0.2 */
	uint8_t reason;				/* since 0.2 */
	uint8_t pad2[7];
};

/**
 * ksrtp_events_subscribe() - join the "events" group, on a socket of its
 * own (so that events and replies do not mix). Needs CAP_NET_ADMIN.
 * Subscribing twice is a no-op.
 *
 * Return: 0, -EPERM, or another -errno.
 */
int ksrtp_events_subscribe(struct ksrtp *h);

/**
 * ksrtp_events_fd() - the events socket's file descriptor, non-blocking,
 * for poll(2) or epoll(7): readable when ksrtp_events_read() has an event.
 * Do not read from it yourself or close it.
 *
 * Return: the fd, or -EINVAL if @h has not subscribed.
 */
int ksrtp_events_fd(struct ksrtp *h);

/**
 * ksrtp_events_read() - take the next event.
 * @h: the handle.
 * @ev: filled with the event; set its size first.
 *
 * Never blocks. Messages that are not ksrtp events, and malformed ones,
 * are skipped.
 *
 * Return: 1 with @ev filled; 0 if no event is pending; -ENOBUFS if the
 * kernel dropped events because the socket's buffer was full (read on:
 * the next ones follow; re-read state with a dump if it matters); or
 * another -errno.
 */
int ksrtp_events_read(struct ksrtp *h, struct ksrtp_event *ev);

/**
 * ksrtp_event_type_name() - "key-promoted", ... for enum ksrtp_event_type,
 * NULL if unknown.
 */
const char *ksrtp_event_type_name(unsigned int type);

/**
 * ksrtp_event_reason_name() - "request", "flush", "owner", ... for enum
 * ksrtp_del_reason, NULL if unknown. Since 0.2.
 */
const char *ksrtp_event_reason_name(unsigned int reason);

#ifdef __cplusplus
}
#endif

#endif /* LIBKSRTP_KSRTP_H */
