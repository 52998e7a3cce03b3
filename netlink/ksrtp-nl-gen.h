/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	netlink/ksrtp.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_KSRTP_GEN_H
#define _LINUX_KSRTP_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ksrtp.h>

int ksrtp_nl_flow_new_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_flow_del_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_flow_get_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_flow_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ksrtp_nl_flush_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_new_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_key_use_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_guard_new_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_guard_del_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_guard_get_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_guard_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ksrtp_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_stream_get_doit(struct sk_buff *skb, struct genl_info *info);
int ksrtp_nl_stream_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int ksrtp_nl_flow_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	KSRTP_NLGRP_EVENTS,
};

extern struct genl_family ksrtp_nl_family;

#endif /* _LINUX_KSRTP_GEN_H */
