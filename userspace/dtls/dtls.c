// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-dtls: DTLS-SRTP keying (RFC 5764) for ksrtp, with OpenSSL.
 * See dtls.h and Documentation/dtls.rst.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/srtp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "dtls.h"

struct ksrtp_dtls {
	int role;
	int no_verify;
	int timeout_ms;
	int mismatch;		/* the verify callback saw a wrong cert */
	char peer_hash[16];
	uint8_t peer_md[EVP_MAX_MD_SIZE];
	unsigned int peer_md_len;
	char got_fp[200];	/* the peer's, in the SDP's hash, for errors */
	char want_fp[200];	/* the SDP's */
	SSL_CTX *ctx;
	X509 *cert;
	char err[512];
};

/* The use_srtp profiles ksrtp has a suite for (RFC 5764, RFC 7714). */
static const struct {
	const char *name;
	uint32_t suite;
	uint8_t key_len, salt_len;
} profiles[] = {
	{ "SRTP_AES128_CM_SHA1_80", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 14 },
	{ "SRTP_AES128_CM_SHA1_32", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 16, 14 },
	{ "SRTP_AEAD_AES_128_GCM", KSRTP_SUITE_AEAD_AES_128_GCM, 16, 12 },
	{ "SRTP_AEAD_AES_256_GCM", KSRTP_SUITE_AEAD_AES_256_GCM, 32, 12 },
};

static void seterr(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* @fmt, then OpenSSL's first queued error if any. */
static void seterr(char *buf, size_t len, const char *fmt, ...)
{
	unsigned long e = ERR_get_error();
	va_list ap;
	size_t n;

	if (!buf || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	if (e && n + 3 < len) {
		snprintf(buf + n, len - n, ": ");
		ERR_error_string_n(e, buf + n + 2, len - n - 2);
	}
	ERR_clear_error();
}

uint32_t ksrtp_dtls_suite(const char *profile, uint8_t *key_len,
			  uint8_t *salt_len)
{
	size_t i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profile, profiles[i].name)) {
			if (key_len)
				*key_len = profiles[i].key_len;
			if (salt_len)
				*salt_len = profiles[i].salt_len;
			return profiles[i].suite;
		}
	return 0;
}

void ksrtp_dtls_keys_wipe(struct ksrtp_dtls_keys *keys)
{
	explicit_bzero(keys->material, sizeof(keys->material));
	explicit_bzero(keys->tx_key, sizeof(keys->tx_key));
	explicit_bzero(keys->tx_salt, sizeof(keys->tx_salt));
	explicit_bzero(keys->rx_key, sizeof(keys->rx_key));
	explicit_bzero(keys->rx_salt, sizeof(keys->rx_salt));
}

int ksrtp_dtls_split(struct ksrtp_dtls_keys *k, int role)
{
	const uint8_t *ck, *sk, *cs, *ss;

	if ((role != KSRTP_DTLS_CLIENT && role != KSRTP_DTLS_SERVER) ||
	    k->key_len > KSRTP_KEY_MAX || k->salt_len > KSRTP_SALT_MAX ||
	    k->material_len != 2 * (k->key_len + k->salt_len))
		return -EINVAL;
	/* RFC 5764 4.2 */
	ck = k->material;
	sk = ck + k->key_len;
	cs = sk + k->key_len;
	ss = cs + k->salt_len;
	memcpy(k->tx_key, role == KSRTP_DTLS_CLIENT ? ck : sk, k->key_len);
	memcpy(k->rx_key, role == KSRTP_DTLS_CLIENT ? sk : ck, k->key_len);
	memcpy(k->tx_salt, role == KSRTP_DTLS_CLIENT ? cs : ss, k->salt_len);
	memcpy(k->rx_salt, role == KSRTP_DTLS_CLIENT ? ss : cs, k->salt_len);
	return 0;
}

int ksrtp_dtls_parse_fingerprint(const char *s, char *hash, uint8_t *md,
				 unsigned int *md_len)
{
	static const struct {
		const char *sdp, *ossl;
		unsigned int len;
	} hashes[] = {
		{ "sha-1", "SHA1", 20 },     { "sha-224", "SHA224", 28 },
		{ "sha-256", "SHA256", 32 }, { "sha-384", "SHA384", 48 },
		{ "sha-512", "SHA512", 64 },
	};
	const char *hex = s;
	unsigned int n = 0, want = 32;
	size_t i;

	strcpy(hash, "SHA256");
	while (isspace((unsigned char)*s))
		s++;
	if (!strncasecmp(s, "a=fingerprint:", 14))
		s += 14;
	hex = s;
	for (i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		size_t l = strlen(hashes[i].sdp);

		if (!strncasecmp(s, hashes[i].sdp, l) &&
		    isspace((unsigned char)s[l])) {
			strcpy(hash, hashes[i].ossl);
			want = hashes[i].len;
			hex = s + l;
			break;
		}
	}
	while (isspace((unsigned char)*hex))
		hex++;
	while (*hex) {
		unsigned int v;

		if (!isxdigit((unsigned char)hex[0]) ||
		    !isxdigit((unsigned char)hex[1]) || n >= want)
			return -EINVAL;
		if (sscanf(hex, "%2x", &v) != 1)
			return -EINVAL;
		md[n++] = (uint8_t)v;
		hex += 2;
		if (*hex == ':')
			hex++;
		else if (*hex && !isspace((unsigned char)*hex))
			return -EINVAL;
		while (isspace((unsigned char)*hex))
			hex++;
	}
	if (n != want)
		return -EINVAL;
	*md_len = n;
	return 0;
}

/* "AB:CD:..." of @md. */
static void hexcolon(char *buf, size_t len, const uint8_t *md, unsigned int n)
{
	unsigned int i;
	size_t o = 0;

	buf[0] = 0;
	for (i = 0; i < n && o + 4 <= len; i++)
		o += snprintf(buf + o, len - o, i ? ":%02X" : "%02X", md[i]);
}

/* A self-signed EC P-256 certificate, valid 30 days from yesterday. */
static int mkcert(X509 **certp, EVP_PKEY **pkeyp)
{
	EVP_PKEY *pkey;
	X509 *x;
	X509_NAME *name;
	uint8_t serial[8];
	BIGNUM *bn;

	pkey = EVP_EC_gen("P-256");
	if (!pkey)
		return -ENOMEM;
	x = X509_new();
	if (!x)
		goto fail;
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto fail;
	serial[0] &= 0x7f;
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x))) {
		BN_free(bn);
		goto fail;
	}
	BN_free(bn);
	if (!X509_set_version(x, 2) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -86400) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 30L * 86400) ||
	    !X509_set_pubkey(x, pkey))
		goto fail;
	name = X509_get_subject_name(x);
	if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)"ksrtp-dtls",
					-1, -1, 0) ||
	    !X509_set_issuer_name(x, name) ||
	    !X509_sign(x, pkey, EVP_sha256()))
		goto fail;
	*certp = x;
	*pkeyp = pkey;
	return 0;
fail:
	X509_free(x);
	EVP_PKEY_free(pkey);
	return -ENOMEM;
}

int ksrtp_dtls_gencert(const char *cert_file, const char *key_file,
		       char *err, size_t errlen)
{
	EVP_PKEY *pkey;
	X509 *x;
	FILE *f;
	int fd, ret;

	ret = mkcert(&x, &pkey);
	if (ret) {
		seterr(err, errlen, "cannot make a certificate");
		return ret;
	}
	ret = -errno;
	fd = open(key_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || !PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL)) {
		ret = -(errno ? errno : EIO);
		seterr(err, errlen, "%s: %s", key_file, strerror(-ret));
		goto out;
	}
	fclose(f);
	f = fopen(cert_file, "we");
	if (!f || !PEM_write_X509(f, x)) {
		ret = -(errno ? errno : EIO);
		seterr(err, errlen, "%s: %s", cert_file, strerror(-ret));
		goto out;
	}
	ret = 0;
out:
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return ret;
}

/*
 * The whole verification of the peer: a DTLS-SRTP certificate is
 * self-signed and authenticated by its fingerprint in the signalled SDP
 * (RFC 5763 5, RFC 8122), not by a chain.
 */
static int verify_cb(X509_STORE_CTX *sctx, void *arg)
{
	struct ksrtp_dtls *d = arg;
	X509 *peer = X509_STORE_CTX_get0_cert(sctx);
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	const EVP_MD *alg;

	if (!peer)
		return 0;
	if (d->no_verify)
		return 1;
	alg = EVP_get_digestbyname(d->peer_hash);
	if (alg && X509_digest(peer, alg, md, &n))
		hexcolon(d->got_fp, sizeof(d->got_fp), md, n);
	if (!alg || !n || n != d->peer_md_len ||
	    CRYPTO_memcmp(md, d->peer_md, n)) {
		d->mismatch = 1;
		X509_STORE_CTX_set_error(sctx, X509_V_ERR_CERT_REJECTED);
		return 0;
	}
	return 1;
}

int ksrtp_dtls_new(struct ksrtp_dtls **dp, const struct ksrtp_dtls_config *cfg,
		   char *err, size_t errlen)
{
	struct ksrtp_dtls *d;
	EVP_PKEY *pkey = NULL;
	int ret = -EINVAL;

	*dp = NULL;
	if (cfg->role != KSRTP_DTLS_CLIENT && cfg->role != KSRTP_DTLS_SERVER) {
		seterr(err, errlen, "role must be client or server");
		return -EINVAL;
	}
	if (!cfg->peer_fingerprint && !cfg->no_verify) {
		seterr(err, errlen,
		       "the peer's fingerprint is required (a=fingerprint)");
		return -EINVAL;
	}
	if (!cfg->cert_file != !cfg->key_file) {
		seterr(err, errlen, "a certificate needs its key and a key its certificate");
		return -EINVAL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->role = cfg->role;
	d->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 10000;
	if (cfg->peer_fingerprint) {
		if (ksrtp_dtls_parse_fingerprint(cfg->peer_fingerprint,
						 d->peer_hash, d->peer_md,
						 &d->peer_md_len)) {
			seterr(err, errlen,
			       "bad fingerprint '%s' (want 'sha-256 AB:CD:...')",
			       cfg->peer_fingerprint);
			goto fail;
		}
		hexcolon(d->want_fp, sizeof(d->want_fp), d->peer_md,
			 d->peer_md_len);
	} else {
		d->no_verify = 1;
	}

	d->ctx = SSL_CTX_new(DTLS_method());
	if (!d->ctx ||
	    !SSL_CTX_set_min_proto_version(d->ctx, DTLS1_2_VERSION)) {
		seterr(err, errlen, "cannot make a DTLS context");
		ret = -ENOMEM;
		goto fail;
	}
	/* tls_use_srtp returns 0 on success */
	if (SSL_CTX_set_tlsext_use_srtp(d->ctx, cfg->profiles ? cfg->profiles :
					KSRTP_DTLS_PROFILES)) {
		seterr(err, errlen, "bad use_srtp profile list '%s'",
		       cfg->profiles);
		goto fail;
	}
	if (cfg->cert_file) {
		FILE *f = fopen(cfg->cert_file, "re");

		if (f) {
			d->cert = PEM_read_X509(f, NULL, NULL, NULL);
			fclose(f);
		}
		f = fopen(cfg->key_file, "re");
		if (f) {
			pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
			fclose(f);
		}
		if (!d->cert || !pkey) {
			seterr(err, errlen, "cannot read %s",
			       d->cert ? cfg->key_file : cfg->cert_file);
			ret = -ENOENT;
			goto fail;
		}
	} else if (mkcert(&d->cert, &pkey)) {
		seterr(err, errlen, "cannot make a certificate");
		ret = -ENOMEM;
		goto fail;
	}
	if (SSL_CTX_use_certificate(d->ctx, d->cert) != 1 ||
	    SSL_CTX_use_PrivateKey(d->ctx, pkey) != 1 ||
	    SSL_CTX_check_private_key(d->ctx) != 1) {
		seterr(err, errlen, "the certificate and key do not fit");
		goto fail;
	}
	EVP_PKEY_free(pkey);
	pkey = NULL;
	/* Both sides present and check a certificate (RFC 5763 5). */
	SSL_CTX_set_verify(d->ctx, SSL_VERIFY_PEER |
			   SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
	SSL_CTX_set_cert_verify_callback(d->ctx, verify_cb, d);
	SSL_CTX_set_read_ahead(d->ctx, 1);
	*dp = d;
	return 0;
fail:
	EVP_PKEY_free(pkey);
	ksrtp_dtls_free(d);
	return ret;
}

void ksrtp_dtls_free(struct ksrtp_dtls *d)
{
	if (!d)
		return;
	SSL_CTX_free(d->ctx);
	X509_free(d->cert);
	explicit_bzero(d, sizeof(*d));
	free(d);
}

const char *ksrtp_dtls_errmsg(const struct ksrtp_dtls *d)
{
	return d ? d->err : "";
}

int ksrtp_dtls_fingerprint(const struct ksrtp_dtls *d, char *buf, size_t len)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n;

	if (len < 8 + 32 * 3 || !X509_digest(d->cert, EVP_sha256(), md, &n))
		return -ENOSPC;
	memcpy(buf, "sha-256 ", 8);
	hexcolon(buf + 8, len - 8, md, n);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int ksrtp_dtls_handshake(struct ksrtp_dtls *d, int fd,
			 struct ksrtp_dtls_keys *k)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	SRTP_PROTECTION_PROFILE *p;
	long long deadline;
	SSL *ssl = NULL;
	BIO *bio;
	int ret, fl;

	memset(k, 0, sizeof(*k));
	d->err[0] = 0;
	d->mismatch = 0;
	if (getpeername(fd, (struct sockaddr *)&peer, &plen)) {
		seterr(d->err, sizeof(d->err),
		       "the media socket is not connected to the peer");
		return -ENOTCONN;
	}
	ssl = SSL_new(d->ctx);
	bio = BIO_new_dgram(fd, BIO_NOCLOSE);
	if (!ssl || !bio) {
		BIO_free(bio);
		SSL_free(ssl);
		seterr(d->err, sizeof(d->err), "out of memory");
		return -ENOMEM;
	}
	BIO_ctrl(bio, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &peer);
	SSL_set_bio(ssl, bio, bio);
	if (d->role == KSRTP_DTLS_CLIENT)
		SSL_set_connect_state(ssl);
	else
		SSL_set_accept_state(ssl);

	/* The socket stays as the caller made it; we poll it ourselves. */
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	BIO_set_nbio(bio, 1);
	deadline = now_ms() + d->timeout_ms;
	for (;;) {
		struct timeval tv;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		long long left;
		int wait, e;

		ret = SSL_do_handshake(ssl);
		if (ret == 1)
			break;
		e = SSL_get_error(ssl, ret);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			if (d->mismatch) {
				ERR_clear_error();
				snprintf(d->err, sizeof(d->err),
					 "peer certificate fingerprint mismatch: the peer's certificate has %s %s, the SDP's a=fingerprint says %s",
					 d->peer_hash, d->got_fp, d->want_fp);
				ret = -EACCES;
			} else {
				seterr(d->err, sizeof(d->err),
				       "DTLS handshake failed");
				ret = -EPROTO;
			}
			goto out;
		}
		left = deadline - now_ms();
		if (left <= 0) {
			seterr(d->err, sizeof(d->err),
			       "DTLS handshake timed out after %d ms",
			       d->timeout_ms);
			ret = -ETIMEDOUT;
			goto out;
		}
		wait = (int)left;
		if (DTLSv1_get_timeout(ssl, &tv)) {
			long long t = tv.tv_sec * 1000LL + (tv.tv_usec + 999) / 1000;

			if (t < wait)
				wait = (int)t;
		}
		if (e == SSL_ERROR_WANT_WRITE)
			pfd.events = POLLOUT;
		ret = poll(&pfd, 1, wait);
		if (ret < 0 && errno != EINTR) {
			ret = -errno;
			seterr(d->err, sizeof(d->err), "poll: %s",
			       strerror(errno));
			goto out;
		}
		if (ret == 0 && DTLSv1_handle_timeout(ssl) < 0) {
			seterr(d->err, sizeof(d->err),
			       "DTLS retransmission failed");
			ret = -EPROTO;
			goto out;
		}
	}

	p = SSL_get_selected_srtp_profile(ssl);
	if (!p) {
		seterr(d->err, sizeof(d->err),
		       "the peer negotiated no use_srtp profile");
		ret = -EPROTO;
		goto out;
	}
	k->profile = p->name;
	k->suite = ksrtp_dtls_suite(p->name, &k->key_len, &k->salt_len);
	if (!k->suite) {
		seterr(d->err, sizeof(d->err),
		       "use_srtp profile %s has no ksrtp suite", p->name);
		ret = -EPROTONOSUPPORT;
		goto out;
	}
	k->material_len = 2 * (k->key_len + k->salt_len);
	if (SSL_export_keying_material(ssl, k->material, k->material_len,
				       KSRTP_DTLS_LABEL,
				       strlen(KSRTP_DTLS_LABEL), NULL, 0,
				       0) != 1) {
		seterr(d->err, sizeof(d->err), "keying material export failed");
		ret = -EPROTO;
		goto out;
	}
	ret = ksrtp_dtls_split(k, d->role);
out:
	if (fl >= 0 && !(fl & O_NONBLOCK))
		fcntl(fd, F_SETFL, fl);
	/*
	 * No close_notify: the association stays up as far as the peer
	 * knows (RFC 5764 keeps it for the session). SSL_free() wipes the
	 * master secret.
	 */
	SSL_free(ssl);
	if (ret)
		ksrtp_dtls_keys_wipe(k);
	return ret;
}

/* @ss's address and port into @addr / @port, the family returned. */
static int sockaddr_split(const struct sockaddr_storage *ss, uint8_t *addr,
			  uint16_t *port)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)ss;

		memcpy(addr, &s->sin_addr, 4);
		*port = ntohs(s->sin_port);
		return AF_INET;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const void *)ss;

		memcpy(addr, &s->sin6_addr, 16);
		*port = ntohs(s->sin6_port);
		return AF_INET6;
	}
	return -1;
}

int ksrtp_dtls_install(struct ksrtp *h, int fd,
		       const struct ksrtp_dtls_keys *k, unsigned int flags,
		       uint32_t *tx_id, uint32_t *rx_id)
{
	struct sockaddr_storage loc, rem;
	socklen_t ll = sizeof(loc), rl = sizeof(rem);
	struct ksrtp_flow_config c;
	uint32_t tx = 0, rx = 0;
	int fam, ret, i;

	if (getsockname(fd, (struct sockaddr *)&loc, &ll) ||
	    getpeername(fd, (struct sockaddr *)&rem, &rl))
		return -ENOTCONN;
	for (i = 0; i < 2; i++) {
		KSRTP_INIT(&c);
		c.dir = i == 0 ? KSRTP_DIR_TX : KSRTP_DIR_RX;
		fam = sockaddr_split(&loc, c.local_addr, &c.local_port);
		if (fam < 0 ||
		    sockaddr_split(&rem, c.remote_addr, &c.remote_port) != fam)
			return -EAFNOSUPPORT;
		c.family = (uint16_t)fam;
		c.suite = k->suite;
		c.key_len = k->key_len;
		c.salt_len = k->salt_len;
		memcpy(c.key, i == 0 ? k->tx_key : k->rx_key, k->key_len);
		memcpy(c.salt, i == 0 ? k->tx_salt : k->rx_salt, k->salt_len);
		c.opts = KSRTP_FLOW_REMOTE | (flags & KSRTP_DTLS_RTCP ?
					      KSRTP_FLOW_RTCP :
					      KSRTP_FLOW_RTCP_MUX);
		ret = ksrtp_flow_add(h, &c, i == 0 ? &tx : &rx);
		explicit_bzero(&c, sizeof(c));
		if (ret) {
			if (i == 1)
				ksrtp_flow_del(h, tx);
			return ret;
		}
	}
	if (tx_id)
		*tx_id = tx;
	if (rx_id)
		*rx_id = rx;
	return 0;
}
