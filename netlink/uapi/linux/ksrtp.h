/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	netlink/ksrtp.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_KSRTP_H
#define _UAPI_LINUX_KSRTP_H

#define KSRTP_FAMILY_NAME	"ksrtp"
#define KSRTP_FAMILY_VERSION	1

/**
 * enum ksrtp_suite - SRTP protection profiles (crypto suites), as named in
 *   SDES.
 * @KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80: AES_CM_128_HMAC_SHA1_80 (RFC 4568), 16
 *   byte key, 14 byte salt.
 * @KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32: AES_CM_128_HMAC_SHA1_32 (RFC 4568), 16
 *   byte key, 14 byte salt.
 * @KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80: AES_256_CM_HMAC_SHA1_80 (RFC 6188), 32
 *   byte key, 14 byte salt.
 * @KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32: AES_256_CM_HMAC_SHA1_32 (RFC 6188), 32
 *   byte key, 14 byte salt.
 * @KSRTP_SUITE_NULL_HMAC_SHA1_80: NULL_HMAC_SHA1_80 (RFC 4568), authentication
 *   only, 16 byte key, 14 byte salt.
 * @KSRTP_SUITE_AEAD_AES_128_GCM: AEAD_AES_128_GCM (RFC 7714), 16 byte key, 12
 *   byte salt.
 * @KSRTP_SUITE_AEAD_AES_256_GCM: AEAD_AES_256_GCM (RFC 7714), 32 byte key, 12
 *   byte salt.
 */
enum ksrtp_suite {
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 = 1,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
	KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	KSRTP_SUITE_NULL_HMAC_SHA1_80,
	KSRTP_SUITE_AEAD_AES_128_GCM,
	KSRTP_SUITE_AEAD_AES_256_GCM,

	/* private: */
	__KSRTP_SUITE_MAX,
	KSRTP_SUITE_MAX = (__KSRTP_SUITE_MAX - 1)
};

/**
 * enum ksrtp_dir - Direction of a flow.
 * @KSRTP_DIR_TX: Protect packets sent from the local address.
 * @KSRTP_DIR_RX: Unprotect packets received on the local address.
 */
enum ksrtp_dir {
	KSRTP_DIR_TX = 1,
	KSRTP_DIR_RX,
};

#define KSRTP_REPLAY_WINDOW_MIN	64
#define KSRTP_REPLAY_WINDOW_MAX	32768

/**
 * enum ksrtp_key_slot - Where a key sits in a flow. A flow without an MKI has
 *   one current key, at most one next key, at most one previous key and
 *   pending keys that apply from a packet index. A flow with an MKI holds up
 *   to KSRTP_MAX_KEYS keys, found by the MKI of each packet; one of them is
 *   current (the one tx uses).
 * @KSRTP_KEY_SLOT_CURRENT: The key in use. In a key-new request: replace the
 *   current key at once; the old one becomes previous.
 * @KSRTP_KEY_SLOT_NEXT: A prepared key. An rx flow tries it after the current
 *   key and promotes it to current on the first packet that authenticates
 *   under it; the old current key becomes previous.
 * @KSRTP_KEY_SLOT_PREVIOUS: The key before the last switch, kept for late and
 *   reordered packets until the flow's grace time or grace packet count has
 *   passed.
 * @KSRTP_KEY_SLOT_PENDING: A key that applies from the SRTP packet index
 *   from-index on (RFC 3711 section 8.1.1); it becomes current at the first
 *   packet at or past that index.
 * @KSRTP_KEY_SLOT_STANDBY: A key of an MKI flow that is not the current one.
 */
enum ksrtp_key_slot {
	KSRTP_KEY_SLOT_CURRENT = 1,
	KSRTP_KEY_SLOT_NEXT,
	KSRTP_KEY_SLOT_PREVIOUS,
	KSRTP_KEY_SLOT_PENDING,
	KSRTP_KEY_SLOT_STANDBY,
};

/**
 * enum ksrtp_event_type - Events on the events multicast group.
 * @KSRTP_EVENT_TYPE_SOFT_LIMIT: A key reached its soft packet limit.
 * @KSRTP_EVENT_TYPE_HARD_LIMIT: A key reached its hard packet limit and is no
 *   longer used.
 * @KSRTP_EVENT_TYPE_KEY_PROMOTED: A next or pending key became current, or a
 *   reset-roc MKI rx flow switched to an MKI key on its first packet.
 * @KSRTP_EVENT_TYPE_KEY_RETIRED: A previous key was dropped after its grace
 *   period.
 * @KSRTP_EVENT_TYPE_NEW_SSRC: A flow with any SSRC learned a new SSRC (after
 *   its first packet authenticated, on rx).
 * @KSRTP_EVENT_TYPE_TX_REPEAT: A tx flow dropped a packet whose SRTP index it
 *   had already protected under the current key (a repeated or restarted
 *   sequence number), since that would reuse keystream or a GCM nonce. Rekey
 *   the flow. Sent at most once a second per SSRC.
 * @KSRTP_EVENT_TYPE_SSRC_EXPIRED: A flow with any SSRC freed the state of an
 *   SSRC that had been idle for ssrc-idle-ms.
 * @KSRTP_EVENT_TYPE_FLOW_ADDED: A flow was created (flow-new). Carries the
 *   flow's cookie, if any.
 * @KSRTP_EVENT_TYPE_FLOW_DELETED: A flow was deleted, for the reason in reason
 *   (enum ksrtp_del_reason). Carries the flow's cookie, if any.
 */
enum ksrtp_event_type {
	KSRTP_EVENT_TYPE_SOFT_LIMIT = 1,
	KSRTP_EVENT_TYPE_HARD_LIMIT,
	KSRTP_EVENT_TYPE_KEY_PROMOTED,
	KSRTP_EVENT_TYPE_KEY_RETIRED,
	KSRTP_EVENT_TYPE_NEW_SSRC,
	KSRTP_EVENT_TYPE_TX_REPEAT,
	KSRTP_EVENT_TYPE_SSRC_EXPIRED,
	KSRTP_EVENT_TYPE_FLOW_ADDED,
	KSRTP_EVENT_TYPE_FLOW_DELETED,
};

/**
 * enum ksrtp_del_reason - Why a flow was deleted, in flow-deleted events.
 * @KSRTP_DEL_REASON_REQUEST: A flow-del request.
 * @KSRTP_DEL_REASON_FLUSH: A flush request.
 * @KSRTP_DEL_REASON_OWNER: The netlink socket that owned the flow
 *   (socket-owner) was closed, for instance because its process exited or was
 *   killed.
 * @KSRTP_DEL_REASON_NETNS_EXIT: The flow's network namespace went away, or
 *   ksrtp was unloaded.
 * @KSRTP_DEL_REASON_ABORTED: The reply to the flow-new request that created
 *   the flow could not be delivered, so the flow was not kept.
 */
enum ksrtp_del_reason {
	KSRTP_DEL_REASON_REQUEST = 1,
	KSRTP_DEL_REASON_FLUSH,
	KSRTP_DEL_REASON_OWNER,
	KSRTP_DEL_REASON_NETNS_EXIT,
	KSRTP_DEL_REASON_ABORTED,
};

#define KSRTP_MAX_KEYS		8
#define KSRTP_MKI_MAX_LEN	4
#define KSRTP_MAX_GUARDS	64

enum {
	KSRTP_A_FLOW_ID = 1,
	KSRTP_A_FLOW_DIR,
	KSRTP_A_FLOW_FAMILY,
	KSRTP_A_FLOW_LOCAL_ADDR,
	KSRTP_A_FLOW_LOCAL_PORT,
	KSRTP_A_FLOW_REMOTE_ADDR,
	KSRTP_A_FLOW_REMOTE_PORT,
	KSRTP_A_FLOW_SUITE,
	KSRTP_A_FLOW_MASTER_KEY,
	KSRTP_A_FLOW_MASTER_SALT,
	KSRTP_A_FLOW_MKI,
	KSRTP_A_FLOW_SSRC,
	KSRTP_A_FLOW_MAX_SSRCS,
	KSRTP_A_FLOW_RTCP_MUX,
	KSRTP_A_FLOW_RTCP,
	KSRTP_A_FLOW_REPLAY_WINDOW,
	KSRTP_A_FLOW_ROC,
	KSRTP_A_FLOW_STATS,
	KSRTP_A_FLOW_STREAM,
	KSRTP_A_FLOW_RESET_ROC,
	KSRTP_A_FLOW_GRACE_MS,
	KSRTP_A_FLOW_GRACE_PACKETS,
	KSRTP_A_FLOW_LIFETIME,
	KSRTP_A_FLOW_SOFT_LIFETIME,
	KSRTP_A_FLOW_KEY,
	KSRTP_A_FLOW_SSRC_IDLE_MS,
	KSRTP_A_FLOW_STREAM_COUNT,
	KSRTP_A_FLOW_COOKIE,
	KSRTP_A_FLOW_SOCKET_OWNER,
	KSRTP_A_FLOW_OWNER_PORTID,
	KSRTP_A_FLOW_PAD,
	KSRTP_A_FLOW_SRTCP_TAG_LEN,

	__KSRTP_A_FLOW_MAX,
	KSRTP_A_FLOW_MAX = (__KSRTP_A_FLOW_MAX - 1)
};

enum {
	KSRTP_A_STATS_PACKETS = 1,
	KSRTP_A_STATS_BYTES,
	KSRTP_A_STATS_RTCP_PACKETS,
	KSRTP_A_STATS_AUTH_FAIL,
	KSRTP_A_STATS_REPLAY_DUP,
	KSRTP_A_STATS_REPLAY_OLD,
	KSRTP_A_STATS_MALFORMED,
	KSRTP_A_STATS_UNKNOWN_SSRC,
	KSRTP_A_STATS_NO_KEY,
	KSRTP_A_STATS_PASSTHROUGH,
	KSRTP_A_STATS_TOO_BIG,
	KSRTP_A_STATS_SSRC_LIMIT,
	KSRTP_A_STATS_ERRORS,
	KSRTP_A_STATS_KEY_EXPIRED,
	KSRTP_A_STATS_TX_REPEAT,

	__KSRTP_A_STATS_MAX,
	KSRTP_A_STATS_MAX = (__KSRTP_A_STATS_MAX - 1)
};

enum {
	KSRTP_A_STREAM_SSRC = 1,
	KSRTP_A_STREAM_ROC,
	KSRTP_A_STREAM_SEQ,
	KSRTP_A_STREAM_SRTCP_INDEX,
	KSRTP_A_STREAM_STATS,
	KSRTP_A_STREAM_IDLE_MS,

	__KSRTP_A_STREAM_MAX,
	KSRTP_A_STREAM_MAX = (__KSRTP_A_STREAM_MAX - 1)
};

enum {
	KSRTP_A_KEY_FLOW_ID = 1,
	KSRTP_A_KEY_SLOT,
	KSRTP_A_KEY_MASTER_KEY,
	KSRTP_A_KEY_MASTER_SALT,
	KSRTP_A_KEY_MKI,
	KSRTP_A_KEY_FROM_INDEX,
	KSRTP_A_KEY_LIFETIME,
	KSRTP_A_KEY_SOFT_LIFETIME,
	KSRTP_A_KEY_USE,

	__KSRTP_A_KEY_MAX,
	KSRTP_A_KEY_MAX = (__KSRTP_A_KEY_MAX - 1)
};

enum {
	KSRTP_A_KEY_INFO_SLOT = 1,
	KSRTP_A_KEY_INFO_MKI,
	KSRTP_A_KEY_INFO_FROM_INDEX,
	KSRTP_A_KEY_INFO_LIFETIME,
	KSRTP_A_KEY_INFO_SOFT_LIFETIME,
	KSRTP_A_KEY_INFO_SRTP_PACKETS,
	KSRTP_A_KEY_INFO_SRTCP_PACKETS,
	KSRTP_A_KEY_INFO_CIPHER,
	KSRTP_A_KEY_INFO_CIPHER_FALLBACK,
	KSRTP_A_KEY_INFO_AUTH,

	__KSRTP_A_KEY_INFO_MAX,
	KSRTP_A_KEY_INFO_MAX = (__KSRTP_A_KEY_INFO_MAX - 1)
};

enum {
	KSRTP_A_EVENT_TYPE = 1,
	KSRTP_A_EVENT_FLOW_ID,
	KSRTP_A_EVENT_MKI,
	KSRTP_A_EVENT_FROM_INDEX,
	KSRTP_A_EVENT_SSRC,
	KSRTP_A_EVENT_PAD,
	KSRTP_A_EVENT_REASON,
	KSRTP_A_EVENT_COOKIE,

	__KSRTP_A_EVENT_MAX,
	KSRTP_A_EVENT_MAX = (__KSRTP_A_EVENT_MAX - 1)
};

enum {
	KSRTP_A_GUARD_DIR = 1,
	KSRTP_A_GUARD_PORT_MIN,
	KSRTP_A_GUARD_PORT_MAX,

	__KSRTP_A_GUARD_MAX,
	KSRTP_A_GUARD_MAX = (__KSRTP_A_GUARD_MAX - 1)
};

enum {
	KSRTP_A_NETNS_STATS_GUARD_TX = 1,
	KSRTP_A_NETNS_STATS_GUARD_RX,
	KSRTP_A_NETNS_STATS_FRAGMENTS,
	KSRTP_A_NETNS_STATS_GSO_ERRORS,
	KSRTP_A_NETNS_STATS_GSO_SPLIT,

	__KSRTP_A_NETNS_STATS_MAX,
	KSRTP_A_NETNS_STATS_MAX = (__KSRTP_A_NETNS_STATS_MAX - 1)
};

enum {
	KSRTP_A_NETNS_FLOWS = 1,
	KSRTP_A_NETNS_GUARDS,
	KSRTP_A_NETNS_STATS,
	KSRTP_A_NETNS_STREAMS,
	KSRTP_A_NETNS_TX_STATS,
	KSRTP_A_NETNS_RX_STATS,

	__KSRTP_A_NETNS_MAX,
	KSRTP_A_NETNS_MAX = (__KSRTP_A_NETNS_MAX - 1)
};

enum {
	KSRTP_CMD_FLOW_NEW = 1,
	KSRTP_CMD_FLOW_DEL,
	KSRTP_CMD_FLOW_GET,
	KSRTP_CMD_FLUSH,
	KSRTP_CMD_KEY_NEW,
	KSRTP_CMD_KEY_DEL,
	KSRTP_CMD_KEY_USE,
	KSRTP_CMD_KEY_EVENT,
	KSRTP_CMD_GUARD_NEW,
	KSRTP_CMD_GUARD_DEL,
	KSRTP_CMD_GUARD_GET,
	KSRTP_CMD_STATS_GET,
	KSRTP_CMD_STREAM_GET,
	KSRTP_CMD_FLOW_SET,

	__KSRTP_CMD_MAX,
	KSRTP_CMD_MAX = (__KSRTP_CMD_MAX - 1)
};

#define KSRTP_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_KSRTP_H */
