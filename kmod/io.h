/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the netfilter hooks that protect and unprotect packets.
 */
#ifndef _KSRTP_IO_H
#define _KSRTP_IO_H

struct net;

int ksrtp_io_register(struct net *net);
void ksrtp_io_unregister(struct net *net);

#endif /* _KSRTP_IO_H */
