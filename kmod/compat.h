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

#endif /* _KSRTP_COMPAT_H */
