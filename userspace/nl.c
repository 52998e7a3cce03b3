// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: generic netlink helpers (libnl-genl-3).
 */

#include <stdio.h>

#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl.h"

int ksrtp_nl_open(struct ksrtp_nl *nl, char *err, size_t errlen)
{
	int ret;

	nl->sock = NULL;
	nl->family = -1;

	nl->sock = nl_socket_alloc();
	if (!nl->sock) {
		snprintf(err, errlen, "cannot allocate a netlink socket");
		return KSRTP_NL_ENOSOCK;
	}

	ret = genl_connect(nl->sock);
	if (ret < 0) {
		snprintf(err, errlen,
			 "cannot connect to generic netlink: %s",
			 nl_geterror(ret));
		ksrtp_nl_close(nl);
		return KSRTP_NL_ENOSOCK;
	}

	ret = genl_ctrl_resolve(nl->sock, KSRTP_GENL_NAME);
	if (ret == -NLE_OBJ_NOTFOUND) {
		snprintf(err, errlen,
			 "generic netlink family \"%s\" not found (is ksrtp.ko loaded?)",
			 KSRTP_GENL_NAME);
		ksrtp_nl_close(nl);
		return KSRTP_NL_ENOFAMILY;
	}
	if (ret < 0) {
		snprintf(err, errlen,
			 "cannot resolve generic netlink family \"%s\": %s",
			 KSRTP_GENL_NAME, nl_geterror(ret));
		ksrtp_nl_close(nl);
		return KSRTP_NL_ERESOLVE;
	}

	nl->family = ret;
	return KSRTP_NL_OK;
}

void ksrtp_nl_close(struct ksrtp_nl *nl)
{
	if (nl->sock)
		nl_socket_free(nl->sock);
	nl->sock = NULL;
	nl->family = -1;
}
