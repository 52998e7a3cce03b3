/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: SRTP/SRTCP key contexts and the per-packet transforms.
 */
#ifndef _KSRTP_SRTP_H
#define _KSRTP_SRTP_H

#include <linux/types.h>

#include "drop.h"
#include "suite.h"

struct crypto_sync_skcipher;
struct crypto_shash;
struct crypto_aead;
struct netlink_ext_ack;

/* RFC 3711 section 4.3.1 key derivation labels. */
enum ksrtp_kdf_label {
	KSRTP_LABEL_RTP_ENC = 0,
	KSRTP_LABEL_RTP_AUTH = 1,
	KSRTP_LABEL_RTP_SALT = 2,
	KSRTP_LABEL_RTCP_ENC = 3,
	KSRTP_LABEL_RTCP_AUTH = 4,
	KSRTP_LABEL_RTCP_SALT = 5,
};

/**
 * struct ksrtp_session - the session keys of SRTP or of SRTCP
 * @ctr: AES-CM with the session encryption key: the architecture's own
 *	SIMD CTR (such as __ctr-aes-aesni) where there is one, else ctr(aes);
 *	NULL for the NULL cipher and for AEAD suites
 * @ctr_fb: when @ctr needs SIMD: ctr(aes), for when SIMD is not usable
 * @hmac: hmac(sha1) with the session authentication key; NULL for AEAD.
 *	The template hashes the padded key once, at setkey; the SIMD SHA-1
 *	drivers fall back on their own.
 * @aead: AES-GCM with the session key, the SIMD driver (__gcm(aes)) where
 *	there is one, else gcm(aes); AEAD suites only
 * @aead_fb: when @aead needs SIMD: gcm(aes), for when SIMD is not usable
 * @salt: the session salt
 * @encrypt: encrypt on protect (false for the NULL cipher, or when the
 *	caller asked for authentication only)
 * @ready: set up; a key of a flow that never carries SRTCP (or SRTP) has
 *	no transforms for it (struct ksrtp_master.uses)
 *
 * AEAD requests come from one module-wide buffer per CPU (srtp.c).
 */
struct ksrtp_session {
	struct crypto_sync_skcipher *ctr;
	struct crypto_sync_skcipher *ctr_fb;
	struct crypto_shash *hmac;
	struct crypto_aead *aead;
	struct crypto_aead *aead_fb;
	u8 salt[KSRTP_MAX_SALT_LEN];
	bool encrypt;
	bool ready;
};

/**
 * struct ksrtp_drivers - the crypto drivers a key uses, for netlink
 * @cipher: AES-CM or AES-GCM driver, or NULL (NULL cipher)
 * @cipher_fb: its fallback for when SIMD is not usable, or NULL
 * @auth: HMAC-SHA1 driver, or NULL (AEAD)
 */
struct ksrtp_drivers {
	const char *cipher;
	const char *cipher_fb;
	const char *auth;
};

/**
 * struct ksrtp_keys - the session keys of one master key
 * @suite: the protection profile
 * @rtp: the SRTP session
 * @rtcp: the SRTCP session
 * @mki: the MKI bytes
 * @mki_len: the MKI length, 0 for none
 * @rtcp_tag_len: the SRTCP tag length: the suite's, or 4 on a *_32 suite
 *	whose flow asked for a 32-bit SRTCP tag (struct ksrtp_master)
 */
struct ksrtp_keys {
	const struct ksrtp_suite_info *suite;
	struct ksrtp_session rtp;
	struct ksrtp_session rtcp;
	u8 mki[KSRTP_MAX_MKI_LEN];
	u8 mki_len;
	u8 rtcp_tag_len;
};

/**
 * struct ksrtp_master - a master key as configured
 * @suite: suite id
 * @key: master key, suite->key_len bytes
 * @salt: master salt, suite->salt_len bytes
 * @mki: MKI bytes
 * @mki_len: MKI length, 0..KSRTP_MAX_MKI_LEN
 * @kdr: key derivation rate; only 0 is supported
 * @uses: KSRTP_USES_SRTP and/or KSRTP_USES_SRTCP, the sessions to set up;
 *	0 sets up both
 * @srtcp_tag_len: SRTCP tag length in bytes; 0 means the suite's. Only the
 *	suites with srtcp_tag32 take another value, 4 (the 32-bit SRTCP tag
 *	of libre, ksrtp_srtcp_tag_len_ok())
 */
struct ksrtp_master {
	u32 suite;
	const u8 *key;
	const u8 *salt;
	const u8 *mki;
	u8 mki_len;
	u32 kdr;
	u8 uses;
	u8 srtcp_tag_len;
};

#define KSRTP_USES_SRTP		BIT(0)
#define KSRTP_USES_SRTCP	BIT(1)

bool ksrtp_srtcp_tag_len_ok(const struct ksrtp_suite_info *suite,
			    unsigned int len);
int ksrtp_keys_init(struct ksrtp_keys *k, const struct ksrtp_master *m,
		    struct netlink_ext_ack *extack);
void ksrtp_keys_destroy(struct ksrtp_keys *k);
void ksrtp_keys_drivers(const struct ksrtp_keys *k, struct ksrtp_drivers *d);
void ksrtp_srtp_exit(void);

unsigned int ksrtp_srtp_overhead(const struct ksrtp_keys *k);
unsigned int ksrtp_srtcp_overhead(const struct ksrtp_keys *k);

/*
 * Per packet. KSRTP_DROP_NO_KEY from unprotect means the MKI is another
 * key's: it costs a comparison, no crypto.
 */
enum ksrtp_drop ksrtp_srtp_protect(const struct ksrtp_keys *k, u8 *pkt,
				   unsigned int len, unsigned int room,
				   u64 index, unsigned int *out_len);
enum ksrtp_drop ksrtp_srtp_unprotect(const struct ksrtp_keys *k, u8 *pkt,
				     unsigned int len, u64 index,
				     unsigned int *out_len);
enum ksrtp_drop ksrtp_srtcp_protect(const struct ksrtp_keys *k, u8 *pkt,
				    unsigned int len, unsigned int room,
				    u32 index, unsigned int *out_len);
enum ksrtp_drop ksrtp_srtcp_unprotect(const struct ksrtp_keys *k, u8 *pkt,
				      unsigned int len, u32 *index,
				      unsigned int *out_len);

#endif /* _KSRTP_SRTP_H */
