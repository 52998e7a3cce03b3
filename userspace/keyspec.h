/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: SRTP crypto suites and master key specifications.
 *
 * Accepted key specifications:
 *
 *   inline:BASE64[|LIFETIME][|MKI:LEN]     SDES key-params (RFC 4568 6.1)
 *   [a=]crypto:TAG SUITE inline:...        a whole SDP crypto attribute
 *   hex:HEX / HEX                          master key || master salt
 *
 * All functions report failure by filling a caller supplied buffer with a
 * one line message (no trailing newline, no "srtpctl:" prefix) that is fit
 * to print as is.
 */
#ifndef SRTPCTL_KEYSPEC_H
#define SRTPCTL_KEYSPEC_H

#include <stddef.h>
#include <stdint.h>

#define KS_MAX_KEY_LEN		32
#define KS_MAX_SALT_LEN		14
#define KS_MAX_MASTER_LEN	(KS_MAX_KEY_LEN + KS_MAX_SALT_LEN)

/* RFC 4568 allows MKIs of up to 128 bytes; ksrtp carries at most 4. */
#define KS_MKI_MAX_RFC		128
#define KS_MKI_MAX_LEN		4

/* Largest lifetime RFC 4568 allows for the SRTP suites we know: 2^48. */
#define KS_LIFETIME_MAX		(1ULL << 48)

#define KS_ERRLEN		512

enum ks_suite_id {
	KS_SUITE_AES_CM_128_HMAC_SHA1_80,
	KS_SUITE_AES_CM_128_HMAC_SHA1_32,
	KS_SUITE_AES_256_CM_HMAC_SHA1_80,
	KS_SUITE_AES_256_CM_HMAC_SHA1_32,
	KS_SUITE_NULL_HMAC_SHA1_80,
	KS_SUITE_AEAD_AES_128_GCM,
	KS_SUITE_AEAD_AES_256_GCM,
	KS_SUITE_COUNT,
};

struct ks_suite {
	enum ks_suite_id id;
	const char *name;		/* exactly as written in the RFCs */
	unsigned int key_len;		/* master key, bytes */
	unsigned int salt_len;		/* master salt, bytes */
};

struct keyspec {
	const struct ks_suite *suite;
	uint8_t master[KS_MAX_MASTER_LEN];	/* key || salt */
	unsigned int key_len;
	unsigned int salt_len;

	int has_lifetime;
	uint64_t lifetime;		/* packets */

	int has_mki;
	uint32_t mki;
	unsigned int mki_len;		/* bytes, 1..KS_MKI_MAX_LEN */

	int has_tag;			/* only from an a=crypto line */
	unsigned int tag;
};

/* Suite table, in a fixed order; index with enum ks_suite_id. */
extern const struct ks_suite ks_suites[KS_SUITE_COUNT];

/* Exact, case-sensitive lookup. NULL if @name is not a supported suite. */
const struct ks_suite *ks_suite_lookup(const char *name);

/*
 * Lookup that explains itself: on failure fills @err with a message that
 * names the valid suites (or the right spelling) and returns NULL.
 */
const struct ks_suite *ks_suite_parse(const char *name, char *err,
				      size_t errlen);

/*
 * Parse key specification @arg into @ks.
 *
 * @suite may be NULL only if @arg is an a=crypto line, which names its own
 * suite; if both are given they must agree.  On success returns 0 and @ks
 * is filled in.  On failure returns -1, fills @err, and leaves @ks
 * cleared.  Either way, release @ks with keyspec_clear().
 */
int keyspec_parse(const char *arg, const struct ks_suite *suite,
		  struct keyspec *ks, char *err, size_t errlen);

/*
 * Does @arg name its own suite (an a=crypto line), so that it can be
 * parsed with a NULL suite?
 */
int keyspec_names_suite(const char *arg);

/* Wipe @ks, key material included. */
void keyspec_clear(struct keyspec *ks);

/*
 * Strict base64 (RFC 4648 section 4, with padding).  Decodes @len chars of
 * @in into @out (capacity @outcap).  Returns the decoded length or -1 on
 * any error (bad character, bad or missing padding, non-zero pad bits,
 * output too small), in which case @err says why.
 */
long ks_base64_decode(const char *in, size_t len, uint8_t *out,
		      size_t outcap, char *err, size_t errlen);

#endif /* SRTPCTL_KEYSPEC_H */
