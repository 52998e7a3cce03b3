// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: SRTP crypto suites and master key specifications.
 *
 * The parsers work on (pointer, length) spans of the caller's string so
 * that no copies of key material are made; the only scratch buffer that
 * ever holds key bytes is wiped before returning.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "keyspec.h"

const struct ks_suite ks_suites[KS_SUITE_COUNT] = {
	[KS_SUITE_AES_CM_128_HMAC_SHA1_80] = {
		KS_SUITE_AES_CM_128_HMAC_SHA1_80,
		"AES_CM_128_HMAC_SHA1_80", 16, 14 },
	[KS_SUITE_AES_CM_128_HMAC_SHA1_32] = {
		KS_SUITE_AES_CM_128_HMAC_SHA1_32,
		"AES_CM_128_HMAC_SHA1_32", 16, 14 },
	[KS_SUITE_AES_256_CM_HMAC_SHA1_80] = {
		KS_SUITE_AES_256_CM_HMAC_SHA1_80,
		"AES_256_CM_HMAC_SHA1_80", 32, 14 },
	[KS_SUITE_AES_256_CM_HMAC_SHA1_32] = {
		KS_SUITE_AES_256_CM_HMAC_SHA1_32,
		"AES_256_CM_HMAC_SHA1_32", 32, 14 },
	[KS_SUITE_NULL_HMAC_SHA1_80] = {
		KS_SUITE_NULL_HMAC_SHA1_80,
		"NULL_HMAC_SHA1_80", 16, 14 },
	[KS_SUITE_AEAD_AES_128_GCM] = {
		KS_SUITE_AEAD_AES_128_GCM,
		"AEAD_AES_128_GCM", 16, 12 },
	[KS_SUITE_AEAD_AES_256_GCM] = {
		KS_SUITE_AEAD_AES_256_GCM,
		"AEAD_AES_256_GCM", 32, 12 },
};

/* Registered SDES suites that ksrtp knowingly does not implement. */
static const char *const ks_unsupported_suites[] = {
	"F8_128_HMAC_SHA1_80",
	"AES_192_CM_HMAC_SHA1_80",
	"AES_192_CM_HMAC_SHA1_32",
	"AEAD_AES_128_GCM_8",
	"AEAD_AES_256_GCM_8",
	"AEAD_AES_128_GCM_12",
	"AEAD_AES_256_GCM_12",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Longest span of user input we quote back in a message. */
#define QUOTE_MAX	40

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Append ", A, B, ..." listing all supported suites to @buf. */
static void list_suites(char *buf, size_t len)
{
	size_t used = strlen(buf);
	unsigned int i;

	for (i = 0; i < KS_SUITE_COUNT && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s",
				 i ? ", " : "", ks_suites[i].name);
		if (n < 0)
			return;
		used += (size_t)n;
	}
}

static const struct ks_suite *suite_lookup_span(const char *s, size_t len)
{
	unsigned int i;

	for (i = 0; i < KS_SUITE_COUNT; i++) {
		if (strlen(ks_suites[i].name) == len &&
		    !memcmp(ks_suites[i].name, s, len))
			return &ks_suites[i];
	}
	return NULL;
}

const struct ks_suite *ks_suite_lookup(const char *name)
{
	return suite_lookup_span(name, strlen(name));
}

static const struct ks_suite *suite_parse_span(const char *s, size_t len,
					       char *err, size_t errlen)
{
	const struct ks_suite *suite = suite_lookup_span(s, len);
	int qlen = len > QUOTE_MAX ? QUOTE_MAX : (int)len;
	unsigned int i;

	if (suite)
		return suite;

	for (i = 0; i < KS_SUITE_COUNT; i++) {
		if (strlen(ks_suites[i].name) == len &&
		    !strncasecmp(ks_suites[i].name, s, len)) {
			seterr(err, errlen,
			       "suite: unknown suite '%.*s' (suite names are case-sensitive; did you mean %s?)",
			       qlen, s, ks_suites[i].name);
			return NULL;
		}
	}

	for (i = 0; i < ARRAY_SIZE(ks_unsupported_suites); i++) {
		if (strlen(ks_unsupported_suites[i]) == len &&
		    !memcmp(ks_unsupported_suites[i], s, len))
			break;
	}
	if (i < ARRAY_SIZE(ks_unsupported_suites))
		seterr(err, errlen,
		       "suite: %.*s is not supported by ksrtp; valid suites: ",
		       qlen, s);
	else if (!len)
		seterr(err, errlen, "suite: no suite given; valid suites: ");
	else
		seterr(err, errlen, "suite: unknown suite '%.*s'%s; valid suites: ",
		       qlen, s, len > QUOTE_MAX ? "..." : "");
	if (err)
		list_suites(err, errlen);
	return NULL;
}

const struct ks_suite *ks_suite_parse(const char *name, char *err,
				      size_t errlen)
{
	return suite_parse_span(name, strlen(name), err, errlen);
}

/*
 * Base64, RFC 4648 section 4 alphabet.  Strict: the input length must be a
 * multiple of four, '=' may only appear as one or two trailing pad
 * characters, and the bits discarded by padding must be zero, so every
 * byte string has exactly one accepted encoding.
 */
static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void describe_char(char *buf, size_t len, unsigned char c)
{
	if (c >= 0x21 && c < 0x7f)
		snprintf(buf, len, "'%c'", c);
	else
		snprintf(buf, len, "0x%02x", c);
}

long ks_base64_decode(const char *in, size_t len, uint8_t *out,
		      size_t outcap, char *err, size_t errlen)
{
	size_t i, o = 0;
	char cdesc[8];

	if (!len) {
		seterr(err, errlen, "empty base64 string");
		return -1;
	}
	if (len % 4) {
		seterr(err, errlen,
		       "base64 length %zu is not a multiple of 4 (missing or extra padding?)",
		       len);
		return -1;
	}

	for (i = 0; i < len; i += 4) {
		int v[4], pad = 0, j;
		uint32_t w;

		for (j = 0; j < 4; j++) {
			unsigned char c = (unsigned char)in[i + j];

			if (c == '=') {
				/* Only in the last quantum, positions 2-3. */
				if (i + 4 != len || j < 2) {
					seterr(err, errlen,
					       "bad base64 padding: '=' at offset %zu",
					       i + j);
					return -1;
				}
				pad++;
				v[j] = 0;
				continue;
			}
			if (pad) {
				seterr(err, errlen,
				       "bad base64 padding: data after '=' at offset %zu",
				       i + j);
				return -1;
			}
			v[j] = b64_value(c);
			if (v[j] < 0) {
				describe_char(cdesc, sizeof(cdesc), c);
				seterr(err, errlen,
				       "invalid base64 character %s at offset %zu",
				       cdesc, i + j);
				return -1;
			}
		}

		w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
		    (uint32_t)v[2] << 6 | (uint32_t)v[3];
		if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff))) {
			seterr(err, errlen,
			       "bad base64 padding: non-zero bits before '='");
			return -1;
		}
		if (o + 3 - pad > outcap) {
			seterr(err, errlen, "base64 data too long");
			return -1;
		}
		out[o++] = w >> 16;
		if (pad < 2)
			out[o++] = w >> 8;
		if (pad < 1)
			out[o++] = w;
	}
	return (long)o;
}

/*
 * Decimal without sign, spaces or other decoration (RFC 4568's 1*DIGIT).
 * Returns 0 on success, -1 if the span is empty or not all digits, -2 if
 * the value exceeds @max.
 */
static int parse_decimal(const char *s, size_t len, uint64_t max,
			 uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned int d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned int)(s[i] - '0');
		if (d > max || v > (max - d) / 10)
			return -2;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int span_is_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (hexval((unsigned char)s[i]) < 0)
			return 0;
	return len > 0;
}

static int span_starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return is_wsp(c) || c == '\r' || c == '\n';
}

static int need_suite(const struct ks_suite *suite, const char *what,
		      char *err, size_t errlen)
{
	if (suite)
		return 0;
	seterr(err, errlen,
	       "key: %s key needs a suite (give 'suite SUITE', or use an a=crypto line, which names one)",
	       what);
	return -1;
}

static void wrong_length(const struct ks_suite *suite, const char *what,
			 size_t got, char *err, size_t errlen)
{
	seterr(err, errlen,
	       "key: %s key is %zu bytes, %s needs %u (%u-byte key + %u-byte salt)",
	       what, got, suite->name, suite->key_len + suite->salt_len,
	       suite->key_len, suite->salt_len);
}

static void set_master(struct keyspec *ks, const struct ks_suite *suite,
		       const uint8_t *master)
{
	ks->suite = suite;
	ks->key_len = suite->key_len;
	ks->salt_len = suite->salt_len;
	memcpy(ks->master, master, suite->key_len + suite->salt_len);
}

static int parse_hex(const char *s, size_t len, const struct ks_suite *suite,
		     struct keyspec *ks, char *err, size_t errlen)
{
	uint8_t buf[KS_MAX_MASTER_LEN];
	size_t i, need;
	char cdesc[8];

	if (need_suite(suite, "hex", err, errlen))
		return -1;
	need = suite->key_len + suite->salt_len;

	for (i = 0; i < len; i++) {
		if (hexval((unsigned char)s[i]) < 0) {
			describe_char(cdesc, sizeof(cdesc),
				      (unsigned char)s[i]);
			seterr(err, errlen,
			       "key: invalid hex digit %s at offset %zu",
			       cdesc, i);
			return -1;
		}
	}
	if (len % 2) {
		seterr(err, errlen,
		       "key: hex key has an odd number of digits (%zu)", len);
		return -1;
	}
	if (len / 2 != need) {
		wrong_length(suite, "hex", len / 2, err, errlen);
		return -1;
	}

	for (i = 0; i < need; i++)
		buf[i] = (uint8_t)(hexval((unsigned char)s[2 * i]) << 4 |
				   hexval((unsigned char)s[2 * i + 1]));
	set_master(ks, suite, buf);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static int parse_lifetime(const char *s, size_t len, struct keyspec *ks,
			  char *err, size_t errlen)
{
	int qlen = len > QUOTE_MAX ? QUOTE_MAX : (int)len;
	uint64_t v;
	int ret;

	if (span_starts(s, len, "2^")) {
		ret = parse_decimal(s + 2, len - 2, 63, &v);
		if (ret == -1) {
			seterr(err, errlen,
			       "key: bad lifetime '%.*s' (expected a decimal number or 2^N)",
			       qlen, s);
			return -1;
		}
		if (ret == -2 || v > 48) {
			seterr(err, errlen,
			       "key: lifetime '%.*s' exceeds the maximum of 2^48 packets",
			       qlen, s);
			return -1;
		}
		ks->lifetime = 1ULL << v;
	} else {
		ret = parse_decimal(s, len, KS_LIFETIME_MAX, &v);
		if (ret == -1) {
			seterr(err, errlen,
			       "key: bad lifetime '%.*s' (expected a decimal number or 2^N)",
			       qlen, s);
			return -1;
		}
		if (ret == -2) {
			seterr(err, errlen,
			       "key: lifetime '%.*s' exceeds the maximum of 2^48 packets",
			       qlen, s);
			return -1;
		}
		if (!v) {
			seterr(err, errlen, "key: lifetime must be at least 1");
			return -1;
		}
		ks->lifetime = v;
	}
	ks->has_lifetime = 1;
	return 0;
}

static int parse_mki(const char *s, size_t len, struct keyspec *ks,
		     char *err, size_t errlen)
{
	const char *colon = memchr(s, ':', len);
	int qlen = len > QUOTE_MAX ? QUOTE_MAX : (int)len;
	size_t vlen, llen;
	uint64_t val, mlen;
	int ret;

	vlen = (size_t)(colon - s);
	llen = len - vlen - 1;

	/* mki-length is 1*3DIGIT in RFC 4568. */
	ret = parse_decimal(colon + 1, llen, 999, &mlen);
	if (ret || llen > 3) {
		seterr(err, errlen,
		       "key: bad MKI '%.*s' (expected VALUE:LENGTH, both decimal)",
		       qlen, s);
		return -1;
	}
	if (mlen < 1 || mlen > KS_MKI_MAX_RFC) {
		seterr(err, errlen,
		       "key: MKI length %llu is out of range (1..%u bytes)",
		       (unsigned long long)mlen, KS_MKI_MAX_RFC);
		return -1;
	}
	if (mlen > KS_MKI_MAX_LEN) {
		seterr(err, errlen,
		       "key: MKI length %llu bytes is not supported (ksrtp handles MKIs of at most %u bytes)",
		       (unsigned long long)mlen, KS_MKI_MAX_LEN);
		return -1;
	}

	ret = parse_decimal(s, vlen, UINT32_MAX, &val);
	if (ret == -1) {
		seterr(err, errlen,
		       "key: bad MKI '%.*s' (expected VALUE:LENGTH, both decimal)",
		       qlen, s);
		return -1;
	}
	if (ret == -2 || (mlen < 4 && val >> (8 * mlen))) {
		seterr(err, errlen,
		       "key: MKI value %.*s does not fit in %llu byte%s",
		       (int)(vlen > QUOTE_MAX ? QUOTE_MAX : vlen), s,
		       (unsigned long long)mlen, mlen == 1 ? "" : "s");
		return -1;
	}

	ks->has_mki = 1;
	ks->mki = (uint32_t)val;
	ks->mki_len = (unsigned int)mlen;
	return 0;
}

/* @s points just past "inline:". */
static int parse_inline(const char *s, size_t len,
			const struct ks_suite *suite, struct keyspec *ks,
			char *err, size_t errlen)
{
	/* Room for a few bytes too many, so we can report the length. */
	uint8_t buf[KS_MAX_MASTER_LEN + 18];
	char b64err[128];
	const char *end = s + len, *field, *bar;
	size_t klen;
	long n;

	if (need_suite(suite, "inline", err, errlen))
		return -1;

	bar = memchr(s, '|', len);
	klen = bar ? (size_t)(bar - s) : len;
	if (!klen) {
		seterr(err, errlen, "key: inline key is empty");
		return -1;
	}
	if (klen > 4 * (sizeof(buf) / 3)) {
		seterr(err, errlen,
		       "key: inline key is far too long (%zu base64 characters), %s needs %u bytes",
		       klen, suite->name, suite->key_len + suite->salt_len);
		return -1;
	}
	n = ks_base64_decode(s, klen, buf, sizeof(buf), b64err,
			     sizeof(b64err));
	if (n < 0) {
		explicit_bzero(buf, sizeof(buf));
		seterr(err, errlen, "key: inline key: %s", b64err);
		return -1;
	}
	if ((size_t)n != suite->key_len + suite->salt_len) {
		explicit_bzero(buf, sizeof(buf));
		wrong_length(suite, "inline", (size_t)n, err, errlen);
		return -1;
	}
	set_master(ks, suite, buf);
	explicit_bzero(buf, sizeof(buf));

	/* Then ["|" lifetime] ["|" MKI:LENGTH], in that order. */
	while (bar) {
		size_t flen;

		field = bar + 1;
		bar = memchr(field, '|', (size_t)(end - field));
		flen = (size_t)((bar ? bar : end) - field);

		if (!flen) {
			seterr(err, errlen, "key: empty field after '|'");
			return -1;
		}
		if (memchr(field, ':', flen)) {
			if (ks->has_mki) {
				seterr(err, errlen,
				       "key: more than one MKI given");
				return -1;
			}
			if (parse_mki(field, flen, ks, err, errlen))
				return -1;
		} else {
			if (ks->has_mki) {
				seterr(err, errlen,
				       "key: lifetime must come before the MKI (inline:KEY|LIFETIME|MKI:LENGTH)");
				return -1;
			}
			if (ks->has_lifetime) {
				seterr(err, errlen,
				       "key: more than one lifetime given");
				return -1;
			}
			if (parse_lifetime(field, flen, ks, err, errlen))
				return -1;
		}
	}
	return 0;
}

/*
 * RFC 4568 section 9.1:
 *   a=crypto:<tag> <crypto-suite> <key-params> *(<session-param>)
 * with tag 1*9DIGIT and key-params key-param *(";" key-param).
 * @s points just past "crypto:".
 */
static int parse_crypto_line(const char *s, size_t len,
			     const struct ks_suite *suite, struct keyspec *ks,
			     char *err, size_t errlen)
{
	const struct ks_suite *line_suite;
	const char *p = s, *end = s + len, *tok, *semi;
	size_t tlen, nparams = 1;
	uint64_t tag;

	/* tag */
	for (tok = p; p < end && !is_wsp(*p); p++)
		;
	tlen = (size_t)(p - tok);
	if (tlen > 9 || parse_decimal(tok, tlen, 999999999, &tag)) {
		seterr(err, errlen,
		       "key: a=crypto: bad tag '%.*s' (expected 1 to 9 decimal digits)",
		       (int)(tlen > QUOTE_MAX ? QUOTE_MAX : tlen), tok);
		return -1;
	}

	/* crypto-suite */
	while (p < end && is_wsp(*p))
		p++;
	for (tok = p; p < end && !is_wsp(*p); p++)
		;
	tlen = (size_t)(p - tok);
	if (!tlen) {
		seterr(err, errlen,
		       "key: a=crypto: missing crypto suite (expected a=crypto:TAG SUITE inline:KEY...)");
		return -1;
	}
	line_suite = suite_parse_span(tok, tlen, err, errlen);
	if (!line_suite)
		return -1;
	if (suite && suite != line_suite) {
		seterr(err, errlen,
		       "key: a=crypto line is for %s but suite %s was given",
		       line_suite->name, suite->name);
		return -1;
	}

	/* key-params */
	while (p < end && is_wsp(*p))
		p++;
	for (tok = p; p < end && !is_wsp(*p); p++)
		;
	tlen = (size_t)(p - tok);
	if (!tlen) {
		seterr(err, errlen,
		       "key: a=crypto: missing key parameters (expected inline:KEY...)");
		return -1;
	}
	for (semi = tok; (semi = memchr(semi, ';', (size_t)(p - semi)));
	     semi++)
		nparams++;
	if (nparams > 1) {
		seterr(err, errlen,
		       "key: a=crypto line has %zu key parameters; only one is supported for now",
		       nparams);
		return -1;
	}
	if (!span_starts(tok, tlen, "inline:")) {
		const char *colon = memchr(tok, ':', tlen);
		size_t mlen = colon ? (size_t)(colon - tok) : tlen;

		seterr(err, errlen,
		       "key: a=crypto: key method '%.*s' is not supported (only inline:)",
		       (int)(mlen > QUOTE_MAX ? QUOTE_MAX : mlen), tok);
		return -1;
	}

	/*
	 * Session parameters change how the stream is protected (e.g.
	 * UNENCRYPTED_SRTP, KDR); refuse rather than silently ignore them.
	 */
	while (p < end && is_wsp(*p))
		p++;
	if (p < end) {
		const char *sp = p;

		while (p < end && !is_wsp(*p))
			p++;
		seterr(err, errlen,
		       "key: a=crypto: session parameter '%.*s' is not supported",
		       (int)((size_t)(p - sp) > QUOTE_MAX ? QUOTE_MAX :
			     (size_t)(p - sp)), sp);
		return -1;
	}

	if (parse_inline(tok + 7, tlen - 7, line_suite, ks, err, errlen))
		return -1;
	ks->has_tag = 1;
	ks->tag = (unsigned int)tag;
	return 0;
}

int keyspec_parse(const char *arg, const struct ks_suite *suite,
		  struct keyspec *ks, char *err, size_t errlen)
{
	const char *s = arg;
	size_t len;
	int ret;

	memset(ks, 0, sizeof(*ks));
	if (err && errlen)
		err[0] = '\0';

	/* Tolerate whitespace and CRLF around lines pasted from SDP. */
	len = strlen(s);
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;

	if (!len) {
		seterr(err, errlen, "key: empty key specification");
		return -1;
	}

	if (span_starts(s, len, "a=crypto:"))
		ret = parse_crypto_line(s + 9, len - 9, suite, ks, err,
					errlen);
	else if (span_starts(s, len, "crypto:"))
		ret = parse_crypto_line(s + 7, len - 7, suite, ks, err,
					errlen);
	else if (span_starts(s, len, "inline:"))
		ret = parse_inline(s + 7, len - 7, suite, ks, err, errlen);
	else if (span_starts(s, len, "hex:"))
		ret = parse_hex(s + 4, len - 4, suite, ks, err, errlen);
	else if (span_is_hex(s, len))
		ret = parse_hex(s, len, suite, ks, err, errlen);
	else {
		seterr(err, errlen,
		       "key: unrecognised key specification (expected inline:BASE64[|LIFETIME][|MKI:LENGTH], a=crypto:TAG SUITE inline:..., hex:HEX or HEX)");
		ret = -1;
	}

	if (ret)
		keyspec_clear(ks);
	return ret;
}

int keyspec_names_suite(const char *arg)
{
	size_t len = strlen(arg);

	while (len && is_space(*arg)) {
		arg++;
		len--;
	}
	return span_starts(arg, len, "a=crypto:") ||
	       span_starts(arg, len, "crypto:");
}

void keyspec_clear(struct keyspec *ks)
{
	explicit_bzero(ks, sizeof(*ks));
}
