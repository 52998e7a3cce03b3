/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shape of one known-answer vector, as generated into vectors.h.
 */
#ifndef _KSRTP_VECTORS_TYPES_H
#define _KSRTP_VECTORS_TYPES_H

#include <linux/types.h>

enum ksrtp_vec_kind {
	KSRTP_VEC_KEYSTREAM,	/* AES-CM keystream for one IV */
	KSRTP_VEC_KDF,		/* master key -> SRTP session keys */
	KSRTP_VEC_RTP,		/* one RTP packet, plain and protected */
	KSRTP_VEC_RTCP,		/* one RTCP packet, plain and protected */
};

struct ksrtp_vec_bytes {
	const u8 *data;
	unsigned int len;
};

struct ksrtp_vec {
	const char *name;
	enum ksrtp_vec_kind kind;
	const char *suite;
	struct ksrtp_vec_bytes master_key, master_salt;
	struct ksrtp_vec_bytes session_key, session_salt;
	struct ksrtp_vec_bytes iv, keystream;
	struct ksrtp_vec_bytes srtp_cipher_key, srtp_cipher_salt;
	struct ksrtp_vec_bytes srtp_auth_key;
	struct ksrtp_vec_bytes mki, plain, protected;
	u32 roc;
	u32 srtcp_index;
	u32 srtcp_tag_len;	/* 0: the suite's (4: libre's 32-bit SRTCP tag) */
	bool has_roc, has_srtcp_index, has_srtcp_tag_len;
	bool auth_only;		/* RFC 7714 authentication-only variant */
};

#endif /* _KSRTP_VECTORS_TYPES_H */
