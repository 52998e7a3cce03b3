/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the few differences between the kernels ksrtp supports (6.1, 6.12).
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#ifdef KSRTP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* The parsed attributes of a dump request: 6.2 put a genl_info there. */
#ifdef KSRTP_HAVE_SPLIT_OPS
#define ksrtp_dump_attrs(cb)	(genl_info_dump(cb)->attrs)
#else
#define ksrtp_dump_attrs(cb)	(genl_dumpit_info(cb)->attrs)
#endif

#endif /* _KSRTP_COMPAT_H */
