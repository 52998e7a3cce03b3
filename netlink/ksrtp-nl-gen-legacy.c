// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	netlink/ksrtp.yaml */
/* YNL-GEN kernel source */
/* Variant for kernels without struct genl_split_ops (kernel-policy: per-op), */
/* by netlink/gen.sh */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "ksrtp-nl-gen.h"

#include <uapi/linux/ksrtp.h>

/* KSRTP_CMD_FLOW_NEW - do */
static const struct nla_policy ksrtp_flow_new_nl_policy[KSRTP_A_FLOW_SRTCP_TAG_LEN + 1] = {
	[KSRTP_A_FLOW_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_FLOW_FAMILY] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_LOCAL_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_LOCAL_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_REMOTE_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_REMOTE_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_SUITE] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[KSRTP_A_FLOW_MASTER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[KSRTP_A_FLOW_MASTER_SALT] = NLA_POLICY_RANGE(NLA_BINARY, 12, 14),
	[KSRTP_A_FLOW_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN),
	[KSRTP_A_FLOW_SSRC] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_MAX_SSRCS] = NLA_POLICY_RANGE(NLA_U32, 1, 1024),
	[KSRTP_A_FLOW_RTCP_MUX] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_RTCP] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_REPLAY_WINDOW] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_ROC] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_RESET_ROC] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_GRACE_MS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_GRACE_PACKETS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_LIFETIME] = { .type = NLA_U64, },
	[KSRTP_A_FLOW_SOFT_LIFETIME] = { .type = NLA_U64, },
	[KSRTP_A_FLOW_SSRC_IDLE_MS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_COOKIE] = { .type = NLA_U64, },
	[KSRTP_A_FLOW_SOCKET_OWNER] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_SRTCP_TAG_LEN] = NLA_POLICY_RANGE(NLA_U8, 4, 10),
};

/* KSRTP_CMD_FLOW_DEL - do */
static const struct nla_policy ksrtp_flow_del_nl_policy[KSRTP_A_FLOW_COOKIE + 1] = {
	[KSRTP_A_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_FLOW_FAMILY] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_LOCAL_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_LOCAL_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_REMOTE_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_REMOTE_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_COOKIE] = { .type = NLA_U64, },
};

/* KSRTP_CMD_FLOW_GET - do */
static const struct nla_policy ksrtp_flow_get_nl_policy[KSRTP_A_FLOW_COOKIE + 1] = {
	[KSRTP_A_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_FLOW_FAMILY] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_LOCAL_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_LOCAL_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_REMOTE_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_REMOTE_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_COOKIE] = { .type = NLA_U64, },
};

/* KSRTP_CMD_FLUSH - do */
static const struct nla_policy ksrtp_flush_nl_policy[KSRTP_A_FLOW_DIR + 1] = {
	[KSRTP_A_FLOW_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
};

/* KSRTP_CMD_KEY_NEW - do */
static const struct nla_policy ksrtp_key_new_nl_policy[KSRTP_A_KEY_USE + 1] = {
	[KSRTP_A_KEY_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_KEY_SLOT] = NLA_POLICY_RANGE(NLA_U8, 1, 5),
	[KSRTP_A_KEY_MASTER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16, 32),
	[KSRTP_A_KEY_MASTER_SALT] = NLA_POLICY_RANGE(NLA_BINARY, 12, 14),
	[KSRTP_A_KEY_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN),
	[KSRTP_A_KEY_FROM_INDEX] = { .type = NLA_U64, },
	[KSRTP_A_KEY_LIFETIME] = { .type = NLA_U64, },
	[KSRTP_A_KEY_SOFT_LIFETIME] = { .type = NLA_U64, },
	[KSRTP_A_KEY_USE] = { .type = NLA_FLAG, },
};

/* KSRTP_CMD_KEY_DEL - do */
static const struct nla_policy ksrtp_key_del_nl_policy[KSRTP_A_KEY_FROM_INDEX + 1] = {
	[KSRTP_A_KEY_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_KEY_SLOT] = NLA_POLICY_RANGE(NLA_U8, 1, 5),
	[KSRTP_A_KEY_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN),
	[KSRTP_A_KEY_FROM_INDEX] = { .type = NLA_U64, },
};

/* KSRTP_CMD_KEY_USE - do */
static const struct nla_policy ksrtp_key_use_nl_policy[KSRTP_A_KEY_MKI + 1] = {
	[KSRTP_A_KEY_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_KEY_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MKI_MAX_LEN),
};

/* KSRTP_CMD_GUARD_NEW - do */
static const struct nla_policy ksrtp_guard_new_nl_policy[KSRTP_A_GUARD_PORT_MAX + 1] = {
	[KSRTP_A_GUARD_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_GUARD_PORT_MIN] = { .type = NLA_U16, },
	[KSRTP_A_GUARD_PORT_MAX] = { .type = NLA_U16, },
};

/* KSRTP_CMD_GUARD_DEL - do */
static const struct nla_policy ksrtp_guard_del_nl_policy[KSRTP_A_GUARD_PORT_MAX + 1] = {
	[KSRTP_A_GUARD_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_GUARD_PORT_MIN] = { .type = NLA_U16, },
	[KSRTP_A_GUARD_PORT_MAX] = { .type = NLA_U16, },
};

/* KSRTP_CMD_GUARD_GET - do */
static const struct nla_policy ksrtp_guard_get_nl_policy[KSRTP_A_GUARD_PORT_MAX + 1] = {
	[KSRTP_A_GUARD_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_GUARD_PORT_MIN] = { .type = NLA_U16, },
	[KSRTP_A_GUARD_PORT_MAX] = { .type = NLA_U16, },
};

/* KSRTP_CMD_STATS_GET - do */
static const struct nla_policy ksrtp_stats_get_nl_policy[KSRTP_A_NETNS_FLOWS + 1] = {
	[KSRTP_A_NETNS_FLOWS] = { .type = NLA_U32, },
};

/* KSRTP_CMD_STREAM_GET - do */
static const struct nla_policy ksrtp_stream_get_nl_policy[KSRTP_A_FLOW_SSRC + 1] = {
	[KSRTP_A_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_SSRC] = { .type = NLA_U32, },
};

/* KSRTP_CMD_FLOW_SET - do */
static const struct nla_policy ksrtp_flow_set_nl_policy[KSRTP_A_FLOW_SRTCP_TAG_LEN + 1] = {
	[KSRTP_A_FLOW_ID] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_REMOTE_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_REMOTE_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_GRACE_MS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_GRACE_PACKETS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_SSRC_IDLE_MS] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_COOKIE] = { .type = NLA_U64, },
	[KSRTP_A_FLOW_DIR] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[KSRTP_A_FLOW_FAMILY] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_LOCAL_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_A_FLOW_LOCAL_PORT] = { .type = NLA_U16, },
	[KSRTP_A_FLOW_SUITE] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[KSRTP_A_FLOW_SSRC] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_MAX_SSRCS] = NLA_POLICY_RANGE(NLA_U32, 1, 1024),
	[KSRTP_A_FLOW_REPLAY_WINDOW] = { .type = NLA_U32, },
	[KSRTP_A_FLOW_RTCP_MUX] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_RTCP] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_RESET_ROC] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_SOCKET_OWNER] = { .type = NLA_FLAG, },
	[KSRTP_A_FLOW_SRTCP_TAG_LEN] = NLA_POLICY_RANGE(NLA_U8, 4, 10),
};

/* Ops table for ksrtp */
static const struct genl_ops ksrtp_nl_ops[] = {
	{
		.cmd		= KSRTP_CMD_FLOW_NEW,
		.doit		= ksrtp_nl_flow_new_doit,
		.policy		= ksrtp_flow_new_nl_policy,
		.maxattr	= KSRTP_A_FLOW_SRTCP_TAG_LEN,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_FLOW_DEL,
		.doit		= ksrtp_nl_flow_del_doit,
		.policy		= ksrtp_flow_del_nl_policy,
		.maxattr	= KSRTP_A_FLOW_COOKIE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_FLOW_GET,
		.doit		= ksrtp_nl_flow_get_doit,
		.dumpit		= ksrtp_nl_flow_get_dumpit,
		.policy		= ksrtp_flow_get_nl_policy,
		.maxattr	= KSRTP_A_FLOW_COOKIE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_FLUSH,
		.doit		= ksrtp_nl_flush_doit,
		.policy		= ksrtp_flush_nl_policy,
		.maxattr	= KSRTP_A_FLOW_DIR,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_KEY_NEW,
		.doit		= ksrtp_nl_key_new_doit,
		.policy		= ksrtp_key_new_nl_policy,
		.maxattr	= KSRTP_A_KEY_USE,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_KEY_DEL,
		.doit		= ksrtp_nl_key_del_doit,
		.policy		= ksrtp_key_del_nl_policy,
		.maxattr	= KSRTP_A_KEY_FROM_INDEX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_KEY_USE,
		.doit		= ksrtp_nl_key_use_doit,
		.policy		= ksrtp_key_use_nl_policy,
		.maxattr	= KSRTP_A_KEY_MKI,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_GUARD_NEW,
		.doit		= ksrtp_nl_guard_new_doit,
		.policy		= ksrtp_guard_new_nl_policy,
		.maxattr	= KSRTP_A_GUARD_PORT_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_GUARD_DEL,
		.doit		= ksrtp_nl_guard_del_doit,
		.policy		= ksrtp_guard_del_nl_policy,
		.maxattr	= KSRTP_A_GUARD_PORT_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_GUARD_GET,
		.doit		= ksrtp_nl_guard_get_doit,
		.dumpit		= ksrtp_nl_guard_get_dumpit,
		.policy		= ksrtp_guard_get_nl_policy,
		.maxattr	= KSRTP_A_GUARD_PORT_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_STATS_GET,
		.doit		= ksrtp_nl_stats_get_doit,
		.policy		= ksrtp_stats_get_nl_policy,
		.maxattr	= KSRTP_A_NETNS_FLOWS,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_STREAM_GET,
		.doit		= ksrtp_nl_stream_get_doit,
		.dumpit		= ksrtp_nl_stream_get_dumpit,
		.policy		= ksrtp_stream_get_nl_policy,
		.maxattr	= KSRTP_A_FLOW_SSRC,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= KSRTP_CMD_FLOW_SET,
		.doit		= ksrtp_nl_flow_set_doit,
		.policy		= ksrtp_flow_set_nl_policy,
		.maxattr	= KSRTP_A_FLOW_SRTCP_TAG_LEN,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ksrtp_nl_mcgrps[] = {
	[KSRTP_NLGRP_EVENTS] = { "events", .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

struct genl_family ksrtp_nl_family __ro_after_init = {
	.name		= KSRTP_FAMILY_NAME,
	.version	= KSRTP_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= ksrtp_nl_ops,
	.n_ops		= ARRAY_SIZE(ksrtp_nl_ops),
	.mcgrps		= ksrtp_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ksrtp_nl_mcgrps),
};
