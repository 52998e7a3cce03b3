/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the SRTP protection profiles (crypto suites) and their parameters.
 */
#ifndef _KSRTP_SUITE_H
#define _KSRTP_SUITE_H

#include <linux/types.h>
#include <uapi/linux/ksrtp.h>

#define KSRTP_MAX_KEY_LEN	32
#define KSRTP_MAX_SALT_LEN	14
#define KSRTP_AUTH_KEY_LEN	20	/* HMAC-SHA1 session authentication key */
#define KSRTP_MAX_TAG_LEN	16
#define KSRTP_MAX_MKI_LEN	4
#define KSRTP_GCM_TAG_LEN	16
#define KSRTP_GCM_SALT_LEN	12
#define KSRTP_CM_SALT_LEN	14

/* The suite numbers are the uapi's enum ksrtp_suite. */

/**
 * struct ksrtp_suite_info - the constant parameters of one protection profile
 * @id: suite number
 * @name: the SDES name (RFC 4568, RFC 6188, RFC 7714)
 * @key_len: master and session encryption key length in bytes
 * @salt_len: master and session salt length in bytes
 * @rtp_tag_len: SRTP authentication tag length in bytes
 * @rtcp_tag_len: SRTCP authentication tag length in bytes (the default)
 * @srtcp_tag32: a flow may ask for a 4-byte SRTCP tag instead, as libre
 *	(baresip) sends on the *_HMAC_SHA1_32 suites
 * @aead: AES-GCM (RFC 7714) rather than AES-CM plus HMAC-SHA1
 * @encrypt: false for the NULL cipher (authentication only)
 */
struct ksrtp_suite_info {
	enum ksrtp_suite id;
	const char *name;
	u8 key_len;
	u8 salt_len;
	u8 rtp_tag_len;
	u8 rtcp_tag_len;
	bool srtcp_tag32;
	bool aead;
	bool encrypt;
};

const struct ksrtp_suite_info *ksrtp_suite_get(u32 id);
const struct ksrtp_suite_info *ksrtp_suite_by_name(const char *name);

#endif /* _KSRTP_SUITE_H */
