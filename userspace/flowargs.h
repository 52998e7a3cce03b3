/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: the flow command grammar, kernel-free so that it can be unit
 * tested. The attribute numbers and enums come from the generated uapi
 * header netlink/uapi/linux/ksrtp.h.
 */
#ifndef SRTPCTL_FLOWARGS_H
#define SRTPCTL_FLOWARGS_H

#include <stdint.h>
#include <stdio.h>

#include <linux/ksrtp.h>

#include "keyspec.h"

/* A flow-new request, everything in host byte order except addresses. */
struct flow_req {
	uint8_t dir;			/* KSRTP_DIR_* */
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint8_t local_addr[16];		/* network order, 4 or 16 bytes */
	uint16_t local_port;
	int has_remote;			/* remote address and port given */
	uint8_t remote_addr[16];
	uint16_t remote_port;
	uint32_t suite;			/* KSRTP_SUITE_* */
	uint8_t key[KS_MAX_KEY_LEN];
	unsigned int key_len;
	uint8_t salt[KS_MAX_SALT_LEN];
	unsigned int salt_len;
	uint8_t mki[KSRTP_MKI_MAX_LEN];	/* network order */
	unsigned int mki_len;		/* 0: no MKI */
	int has_ssrc;
	uint32_t ssrc;
	int has_max_ssrcs;
	uint32_t max_ssrcs;
	int rtcp_mux;
	int rtcp;
	int has_replay_window;
	uint32_t replay_window;
	int has_roc;
	uint32_t roc;
};

/* Length of an address of @family (AF_INET/AF_INET6), 0 if neither. */
unsigned int flow_addr_len(uint16_t family);

/*
 * Parse "flow add" arguments (after the word "add"). "key -" reads one
 * line from @keyin. On success returns 0 and fills @req. On failure
 * returns -1 with a message naming the bad word in @err, and @req holds
 * no key material. Either way wipe @req with flow_req_clear() when done.
 */
int flow_add_parse(int argc, char **argv, FILE *keyin, struct flow_req *req,
		   char *err, size_t errlen);

void flow_req_clear(struct flow_req *req);

/* "flow del id N" and "flow show [id N] [-s]" */
int flow_del_parse(int argc, char **argv, uint32_t *id, char *err,
		   size_t errlen);
int flow_show_parse(int argc, char **argv, int *has_id, uint32_t *id,
		    int *stats, char *err, size_t errlen);

/* KSRTP_SUITE_* <-> keyspec suites; NULL/0 if unknown. */
const struct ks_suite *flow_suite_from_uapi(uint32_t suite);
uint32_t flow_suite_to_uapi(const struct ks_suite *s);

/*
 * Parse ADDR:PORT, IPv6 as [ADDR]:PORT, into @family, @addr (network
 * order) and @port. Returns 0, or -1 with @err filled.
 */
int flow_parse_endpoint(const char *what, const char *arg, uint16_t *family,
			uint8_t *addr, uint16_t *port, char *err,
			size_t errlen);

/* Parse an unsigned 32 bit number, decimal or 0x hex. 0 on success. */
int flow_parse_u32(const char *arg, uint32_t *val);

#endif /* SRTPCTL_FLOWARGS_H */
