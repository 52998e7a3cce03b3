/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: module-wide definitions.
 */
#ifndef _KSRTP_H
#define _KSRTP_H

#define KSRTP_VERSION "0.1.0"

struct workqueue_struct;

/* Frees key contexts (crypto transforms) in process context. */
extern struct workqueue_struct *ksrtp_wq;

#endif /* _KSRTP_H */
