/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the generic netlink family.
 */
#ifndef _KSRTP_NETLINK_H
#define _KSRTP_NETLINK_H

int ksrtp_nl_init(void);
void ksrtp_nl_exit(void);

#endif /* _KSRTP_NETLINK_H */
