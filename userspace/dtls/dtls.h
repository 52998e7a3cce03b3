/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp-dtls: DTLS-SRTP keying (RFC 5764) for ksrtp, with OpenSSL.
 *
 * A small companion library of libksrtp (libksrtp-dtls.a, next to the
 * ksrtp-dtls tool), kept apart so that libksrtp itself does not depend
 * on OpenSSL. See Documentation/dtls.rst.
 *
 * The steps of a media server:
 *
 *   ksrtp_dtls_new()          a context: role, certificate, profiles,
 *                             the peer's a=fingerprint
 *   ksrtp_dtls_fingerprint()  the local a=fingerprint, for the SDP
 *   ksrtp_dtls_handshake()    the handshake on the media socket (a
 *                             connected UDP socket: the 5-tuple of the
 *                             media), the use_srtp profile, the keys
 *                             exported and split into the local (tx) and
 *                             remote (rx) halves
 *   ksrtp_dtls_install()      the tx and rx flows of that 5-tuple,
 *                             through libksrtp
 *   ksrtp_dtls_free()
 *
 * Functions that can fail return 0 or a negative errno and leave a
 * message in the context (ksrtp_dtls_errmsg()). Key material is wiped
 * from the library's buffers (ksrtp_dtls_keys_wipe() for the caller's
 * struct).
 */
#ifndef KSRTP_DTLS_H
#define KSRTP_DTLS_H

#include <stddef.h>
#include <stdint.h>

#include <ksrtp/ksrtp.h>

enum ksrtp_dtls_role {
	KSRTP_DTLS_CLIENT = 1,	/* a=setup:active */
	KSRTP_DTLS_SERVER,	/* a=setup:passive */
};

/* The use_srtp profiles offered (client) or accepted (server) by default,
 * most preferred first. */
#define KSRTP_DTLS_PROFILES						\
	"SRTP_AEAD_AES_256_GCM:SRTP_AEAD_AES_128_GCM:"			\
	"SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32"

/* RFC 5764 4.2: the exporter's label. */
#define KSRTP_DTLS_LABEL	"EXTRACTOR-dtls_srtp"

/**
 * struct ksrtp_dtls_config - how to run the handshake.
 * @role: enum ksrtp_dtls_role.
 * @cert_file: PEM certificate, with @key_file; NULL: a self-signed EC
 *	P-256 certificate is generated for the context.
 * @key_file: PEM private key of @cert_file.
 * @profiles: OpenSSL use_srtp list ("A:B"), NULL: KSRTP_DTLS_PROFILES.
 * @peer_fingerprint: the peer's SDP a=fingerprint value, "sha-256
 *	AB:CD:..." (also with "a=fingerprint:" in front, or the hex alone
 *	for sha-256). The handshake fails unless the peer's certificate has
 *	this fingerprint.
 * @no_verify: accept any peer certificate; only when @peer_fingerprint
 *	is NULL, for tests. Without either, ksrtp_dtls_new() fails.
 * @timeout_ms: give up the handshake after this long (0: 10 s).
 */
struct ksrtp_dtls_config {
	int role;
	const char *cert_file;
	const char *key_file;
	const char *profiles;
	const char *peer_fingerprint;
	int no_verify;
	int timeout_ms;
};

/**
 * struct ksrtp_dtls_keys - what a handshake negotiated.
 * @profile: the use_srtp profile, as OpenSSL names it.
 * @suite: its ksrtp suite, enum ksrtp_suite.
 * @key_len: master key length of the suite.
 * @salt_len: master salt length of the suite.
 * @material_len: 2 * (@key_len + @salt_len).
 * @material: the exporter's output, RFC 5764 4.2: client_write_key,
 *	server_write_key, client_write_salt, server_write_salt.
 * @tx_key: the local side's write key (client: client_write_key).
 * @tx_salt: the local side's write salt.
 * @rx_key: the peer's write key (client: server_write_key).
 * @rx_salt: the peer's write salt.
 */
struct ksrtp_dtls_keys {
	const char *profile;
	uint32_t suite;
	uint8_t key_len;
	uint8_t salt_len;
	uint8_t material_len;
	uint8_t material[2 * (KSRTP_KEY_MAX + KSRTP_SALT_MAX)];
	uint8_t tx_key[KSRTP_KEY_MAX];
	uint8_t tx_salt[KSRTP_SALT_MAX];
	uint8_t rx_key[KSRTP_KEY_MAX];
	uint8_t rx_salt[KSRTP_SALT_MAX];
};

struct ksrtp_dtls;

/**
 * ksrtp_dtls_new() - a context for one handshake.
 * @dp: set to the context.
 * @cfg: the configuration; its strings are copied.
 * @err: where a message goes on failure (may be NULL).
 * @errlen: size of @err.
 *
 * Return: 0, -EINVAL (bad role, fingerprint, profile list, or neither a
 * fingerprint nor no_verify), -ENOENT (certificate or key unreadable),
 * -ENOMEM.
 */
int ksrtp_dtls_new(struct ksrtp_dtls **dp, const struct ksrtp_dtls_config *cfg,
		   char *err, size_t errlen);

/** ksrtp_dtls_free() - free @d (NULL: nothing). Wipes the DTLS state. */
void ksrtp_dtls_free(struct ksrtp_dtls *d);

/** ksrtp_dtls_errmsg() - the message of @d's last failure, or "". */
const char *ksrtp_dtls_errmsg(const struct ksrtp_dtls *d);

/**
 * ksrtp_dtls_fingerprint() - the local certificate's a=fingerprint value.
 * @d: the context.
 * @buf: gets "sha-256 AB:CD:..." (at least 104 bytes).
 * @len: size of @buf.
 *
 * Return: 0 or -ENOSPC.
 */
int ksrtp_dtls_fingerprint(const struct ksrtp_dtls *d, char *buf, size_t len);

/**
 * ksrtp_dtls_handshake() - run the handshake on @fd and export the keys.
 * @d: the context (one handshake per context).
 * @fd: a UDP socket connected to the peer (the media 5-tuple). It is
 *	used as it is, blocking or not; the library polls it.
 * @keys: filled on success.
 *
 * The peer's certificate must match the configured fingerprint, or the
 * handshake fails with -EACCES ("peer certificate fingerprint mismatch").
 *
 * Return: 0; -EACCES (fingerprint); -ETIMEDOUT; -EPROTO (the handshake
 * failed, or no use_srtp profile was negotiated); -ENOTCONN (@fd is not
 * connected); -EPROTONOSUPPORT (a profile ksrtp has no suite for).
 */
int ksrtp_dtls_handshake(struct ksrtp_dtls *d, int fd,
			 struct ksrtp_dtls_keys *keys);

/**
 * ksrtp_dtls_split() - fill the tx and rx halves of @keys from its
 * material, as @role sees them (ksrtp_dtls_handshake() does this).
 * @keys: with @key_len, @salt_len, @material_len and @material set.
 * @role: enum ksrtp_dtls_role.
 *
 * Return: 0 or -EINVAL.
 */
int ksrtp_dtls_split(struct ksrtp_dtls_keys *keys, int role);

/**
 * ksrtp_dtls_suite() - the ksrtp suite of a use_srtp profile.
 * @profile: the name, e.g. "SRTP_AES128_CM_SHA1_80".
 * @key_len: set to the master key length (may be NULL).
 * @salt_len: set to the master salt length (may be NULL).
 *
 * Return: enum ksrtp_suite, or 0 if ksrtp has none for @profile.
 */
uint32_t ksrtp_dtls_suite(const char *profile, uint8_t *key_len,
			  uint8_t *salt_len);

/** ksrtp_dtls_keys_wipe() - wipe the key material in @keys. */
void ksrtp_dtls_keys_wipe(struct ksrtp_dtls_keys *keys);

/* Bits of ksrtp_dtls_install()'s @flags. */
enum ksrtp_dtls_install_flag {
	/* The component is RTCP on its own port (RFC 5764 keys each
	 * component's own association): flows with KSRTP_FLOW_RTCP.
	 * Without it the flows are rtcp-mux (RTP and RTCP on the 5-tuple,
	 * as WebRTC does). */
	KSRTP_DTLS_RTCP = 1u << 0,
};

/**
 * ksrtp_dtls_install() - add the tx and rx flows of @fd's 5-tuple.
 * @h: a libksrtp handle.
 * @fd: the media socket the handshake ran on (its local and peer
 *	addresses make the flows' 5-tuple).
 * @keys: the handshake's keys: tx gets the local write key, rx the
 *	peer's.
 * @flags: enum ksrtp_dtls_install_flag.
 * @tx_id: set to the tx flow's id (may be NULL).
 * @rx_id: set to the rx flow's id (may be NULL).
 *
 * If the rx flow cannot be added, the tx flow is deleted again.
 *
 * Return: 0 or a negative errno of libksrtp (ksrtp_errmsg(@h) says why).
 */
int ksrtp_dtls_install(struct ksrtp *h, int fd,
		       const struct ksrtp_dtls_keys *keys, unsigned int flags,
		       uint32_t *tx_id, uint32_t *rx_id);

/**
 * ksrtp_dtls_parse_fingerprint() - parse an a=fingerprint value.
 * @s: "sha-256 AB:CD:...", "a=fingerprint:sha-256 AB:...", or the hex
 *	alone (sha-256); the hash name and hex in any case.
 * @hash: gets the hash as OpenSSL names it ("SHA256"), at least 16 bytes.
 * @md: gets the digest bytes (at least 64).
 * @md_len: set to their number.
 *
 * Return: 0 or -EINVAL.
 */
int ksrtp_dtls_parse_fingerprint(const char *s, char *hash, uint8_t *md,
				 unsigned int *md_len);

/**
 * ksrtp_dtls_gencert() - write a new self-signed EC P-256 certificate
 * and its key (PEM, the key mode 0600) for ksrtp_dtls_config.cert_file.
 *
 * Return: 0 or a negative errno, a message in @err.
 */
int ksrtp_dtls_gencert(const char *cert_file, const char *key_file,
		       char *err, size_t errlen);

#endif /* KSRTP_DTLS_H */
