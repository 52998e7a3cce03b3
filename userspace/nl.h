/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: generic netlink helpers (libnl-genl-3).
 */
#ifndef SRTPCTL_NL_H
#define SRTPCTL_NL_H

#include <stddef.h>

#define KSRTP_GENL_NAME		"ksrtp"

struct nl_sock;

struct ksrtp_nl {
	struct nl_sock *sock;
	int family;			/* generic netlink family id */
};

enum ksrtp_nl_err {
	KSRTP_NL_OK = 0,
	KSRTP_NL_ENOSOCK = -1,		/* could not open/connect a socket */
	KSRTP_NL_ENOFAMILY = -2,	/* "ksrtp" family not registered */
	KSRTP_NL_ERESOLVE = -3,		/* resolving the family failed */
};

/*
 * Open a generic netlink socket and resolve the ksrtp family.  Returns
 * KSRTP_NL_OK, or a negative enum ksrtp_nl_err with a message in @err.
 * On failure nothing needs to be closed.
 */
int ksrtp_nl_open(struct ksrtp_nl *nl, char *err, size_t errlen);

void ksrtp_nl_close(struct ksrtp_nl *nl);

#endif /* SRTPCTL_NL_H */
