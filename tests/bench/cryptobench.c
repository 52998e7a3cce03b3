// SPDX-License-Identifier: GPL-2.0
/*
 * cryptobench: the userspace rows of make bench's per-packet table.
 *
 * The packets ksrtp_bench.ko measures (an RTP header with SSRC 0x0b0e0c11
 * and sequence numbers 0, 1, ..., then a 160- or 1,200-byte payload, the
 * key bytes 00 01 02 ...), through
 *
 *   libsrtp  srtp_protect() and srtp_unprotect() (Debian's libsrtp2, whose
 *            crypto backend is NSS);
 *   openssl  the raw crypto floor through OpenSSL's EVP, nothing else: for
 *            AES-CM suites AES-CTR over the payload plus HMAC-SHA1 over the
 *            header, payload and ROC (the HMAC keyed once); for NULL, the
 *            HMAC alone; for AES-GCM, AES-GCM with the header as AAD.
 *            "unprotect" checks the tag, then decrypts.
 *
 * One line per measurement, the same format as ksrtp_bench.ko's:
 *
 *   cryptobench: LEVEL SUITE PAYLOAD OP NS ns/pkt
 *
 * where NS is CLOCK_MONOTONIC nanoseconds per packet over N packets: guest
 * instructions under qemu -icount shift=0.
 *
 *   cryptobench [-n N] [PAYLOAD...]     (default: -n 2000 160 1200)
 *
 * Every packet must come back exactly; otherwise it prints "cryptobench:
 * FAIL ..." and exits 1.
 */
#define _GNU_SOURCE
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HDR	12
#define ROOM	64
#define MAXPAY	1400
#define SSRC	0x0b0e0c11u

struct suite {
	const char *name;
	int key_len, salt_len, tag_len, gcm, encrypt;
};

static const struct suite suites[] = {
	{ "AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 0, 1 },
	{ "AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 0, 1 },
	{ "AES_256_CM_HMAC_SHA1_80", 32, 14, 10, 0, 1 },
	{ "AES_256_CM_HMAC_SHA1_32", 32, 14, 4, 0, 1 },
	{ "NULL_HMAC_SHA1_80", 16, 14, 10, 0, 0 },
	{ "AEAD_AES_128_GCM", 16, 12, 16, 1, 1 },
	{ "AEAD_AES_256_GCM", 32, 12, 16, 1, 1 },
};

/* libsrtp's policy for suites[i] (some setters are macros). */
static void set_policy(int i, srtp_policy_t *p)
{
	switch (i) {
	case 0:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
		break;
	case 1:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
		break;
	case 2:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
		break;
	case 3:
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
		break;
	case 4:
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&p->rtcp);
		break;
	case 5:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
		break;
	default:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
		break;
	}
}

static int npkts = 2000;
static uint8_t **pkt;
static int *plen;
static uint8_t key[64];
static int failed;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* As tests/bench/ksrtp_bench.c kb_rtp(). */
static int build(uint8_t *b, uint16_t seq, int payload)
{
	uint32_t ts = seq * 160u;
	int i;

	b[0] = 0x80;
	b[1] = 96;
	b[2] = seq >> 8;
	b[3] = seq;
	b[4] = ts >> 24;
	b[5] = ts >> 16;
	b[6] = ts >> 8;
	b[7] = ts;
	b[8] = SSRC >> 24;
	b[9] = SSRC >> 16 & 0xff;
	b[10] = SSRC >> 8 & 0xff;
	b[11] = SSRC & 0xff;
	for (i = 0; i < payload; i++)
		b[HDR + i] = (uint8_t)(seq + i * 7);
	return HDR + payload;
}

static void fill(int payload)
{
	int i;

	for (i = 0; i < npkts; i++)
		plen[i] = build(pkt[i], (uint16_t)i, payload);
}

static void check(const char *level, const struct suite *s, int payload)
{
	uint8_t want[HDR + MAXPAY];
	int i, bad = 0;

	for (i = 0; i < npkts; i++) {
		int len = build(want, (uint16_t)i, payload);

		if (plen[i] != len || memcmp(want, pkt[i], len))
			bad++;
	}
	if (bad) {
		printf("cryptobench: FAIL %s %s %d: %d bad packets\n", level,
		       s->name, payload, bad);
		failed = 1;
	}
}

static void report(const char *level, const struct suite *s, int payload,
		   const char *op, uint64_t ns)
{
	uint64_t tenths = ns * 10 / npkts;

	printf("cryptobench: %s %s %d %s %llu.%llu ns/pkt\n", level, s->name,
	       payload, op, (unsigned long long)(tenths / 10),
	       (unsigned long long)(tenths % 10));
	fflush(stdout);
}

static void bench_libsrtp(const struct suite *s, int payload)
{
	srtp_policy_t pol;
	srtp_t tx, rx;
	uint64_t t0, t1;
	int i, bad = 0;

	memset(&pol, 0, sizeof(pol));
	set_policy(s - suites, &pol);
	pol.key = key;
	pol.window_size = 128;
	pol.ssrc.type = ssrc_any_outbound;
	if (srtp_create(&tx, &pol)) {
		printf("cryptobench: FAIL libsrtp %s: srtp_create\n", s->name);
		failed = 1;
		return;
	}
	pol.ssrc.type = ssrc_any_inbound;
	if (srtp_create(&rx, &pol)) {
		printf("cryptobench: FAIL libsrtp %s: srtp_create\n", s->name);
		failed = 1;
		srtp_dealloc(tx);
		return;
	}
	fill(payload);
	t0 = now_ns();
	for (i = 0; i < npkts; i++)
		bad += srtp_protect(tx, pkt[i], &plen[i]) != srtp_err_status_ok;
	t1 = now_ns();
	report("libsrtp", s, payload, "protect", t1 - t0);
	t0 = now_ns();
	for (i = 0; i < npkts; i++)
		bad += srtp_unprotect(rx, pkt[i], &plen[i]) !=
		       srtp_err_status_ok;
	t1 = now_ns();
	report("libsrtp", s, payload, "unprotect", t1 - t0);
	if (bad) {
		printf("cryptobench: FAIL libsrtp %s: %d calls failed\n",
		       s->name, bad);
		failed = 1;
	}
	check("libsrtp", s, payload);
	srtp_dealloc(tx);
	srtp_dealloc(rx);
}

/* The session keys do not matter for the cost: the master key is used. */
static void bench_openssl_cm(const struct suite *s, int payload)
{
	const EVP_CIPHER *c = s->key_len == 16 ? EVP_aes_128_ctr() :
						 EVP_aes_256_ctr();
	EVP_CIPHER_CTX *cx = EVP_CIPHER_CTX_new();
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *mx = mac ? EVP_MAC_CTX_new(mac) : NULL;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						 "SHA1", 0),
		OSSL_PARAM_construct_end(),
	};
	static const uint8_t roc[4];
	uint8_t iv[16], tag[EVP_MAX_MD_SIZE];
	uint64_t t0, t1;
	int i, bad = 0, n;
	size_t tl;

	if (!cx || !mx || !EVP_EncryptInit_ex(cx, c, NULL, key, NULL) ||
	    !EVP_MAC_init(mx, key, 20, params)) {
		printf("cryptobench: FAIL openssl %s: setup\n", s->name);
		failed = 1;
		goto out;
	}
	fill(payload);
	t0 = now_ns();
	for (i = 0; i < npkts; i++) {
		uint8_t *p = pkt[i];

		if (s->encrypt) {
			memcpy(iv, key + s->key_len, 14);
			iv[14] = iv[15] = 0;
			iv[12] ^= p[2];
			iv[13] ^= p[3];
			bad += !EVP_EncryptInit_ex(cx, NULL, NULL, NULL, iv);
			bad += !EVP_EncryptUpdate(cx, p + HDR, &n, p + HDR,
						  plen[i] - HDR);
		}
		bad += !EVP_MAC_init(mx, NULL, 0, NULL);
		bad += !EVP_MAC_update(mx, p, plen[i]);
		bad += !EVP_MAC_update(mx, roc, sizeof(roc));
		bad += !EVP_MAC_final(mx, tag, &tl, sizeof(tag));
		memcpy(p + plen[i], tag, s->tag_len);
		plen[i] += s->tag_len;
	}
	t1 = now_ns();
	report("openssl", s, payload, "protect", t1 - t0);
	t0 = now_ns();
	for (i = 0; i < npkts; i++) {
		uint8_t *p = pkt[i];
		int len = plen[i] - s->tag_len;

		bad += !EVP_MAC_init(mx, NULL, 0, NULL);
		bad += !EVP_MAC_update(mx, p, len);
		bad += !EVP_MAC_update(mx, roc, sizeof(roc));
		bad += !EVP_MAC_final(mx, tag, &tl, sizeof(tag));
		bad += !!CRYPTO_memcmp(tag, p + len, s->tag_len);
		if (s->encrypt) {
			memcpy(iv, key + s->key_len, 14);
			iv[14] = iv[15] = 0;
			iv[12] ^= p[2];
			iv[13] ^= p[3];
			bad += !EVP_DecryptInit_ex(cx, NULL, NULL, NULL, iv);
			bad += !EVP_DecryptUpdate(cx, p + HDR, &n, p + HDR,
						  len - HDR);
		}
		plen[i] = len;
	}
	t1 = now_ns();
	report("openssl", s, payload, "unprotect", t1 - t0);
	if (bad) {
		printf("cryptobench: FAIL openssl %s: %d calls failed\n",
		       s->name, bad);
		failed = 1;
	}
	check("openssl", s, payload);
out:
	EVP_MAC_CTX_free(mx);
	EVP_MAC_free(mac);
	EVP_CIPHER_CTX_free(cx);
}

static void bench_openssl_gcm(const struct suite *s, int payload)
{
	const EVP_CIPHER *c = s->key_len == 16 ? EVP_aes_128_gcm() :
						 EVP_aes_256_gcm();
	EVP_CIPHER_CTX *cx = EVP_CIPHER_CTX_new();
	uint8_t iv[12];
	uint64_t t0, t1;
	int i, bad = 0, n;

	if (!cx || !EVP_EncryptInit_ex(cx, c, NULL, key, NULL)) {
		printf("cryptobench: FAIL openssl %s: setup\n", s->name);
		failed = 1;
		goto out;
	}
	fill(payload);
	t0 = now_ns();
	for (i = 0; i < npkts; i++) {
		uint8_t *p = pkt[i];

		memcpy(iv, key + s->key_len, 12);
		iv[10] ^= p[2];
		iv[11] ^= p[3];
		bad += !EVP_EncryptInit_ex(cx, NULL, NULL, NULL, iv);
		bad += !EVP_EncryptUpdate(cx, NULL, &n, p, HDR);
		bad += !EVP_EncryptUpdate(cx, p + HDR, &n, p + HDR,
					  plen[i] - HDR);
		bad += !EVP_EncryptFinal_ex(cx, p + plen[i], &n);
		bad += !EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_GET_TAG, 16,
					    p + plen[i]);
		plen[i] += 16;
	}
	t1 = now_ns();
	report("openssl", s, payload, "protect", t1 - t0);
	if (!EVP_DecryptInit_ex(cx, c, NULL, key, NULL))
		bad++;
	t0 = now_ns();
	for (i = 0; i < npkts; i++) {
		uint8_t *p = pkt[i];
		int len = plen[i] - 16;

		memcpy(iv, key + s->key_len, 12);
		iv[10] ^= p[2];
		iv[11] ^= p[3];
		bad += !EVP_DecryptInit_ex(cx, NULL, NULL, NULL, iv);
		bad += !EVP_DecryptUpdate(cx, NULL, &n, p, HDR);
		bad += !EVP_DecryptUpdate(cx, p + HDR, &n, p + HDR, len - HDR);
		bad += !EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_GCM_SET_TAG, 16,
					    p + len);
		bad += EVP_DecryptFinal_ex(cx, p + len, &n) <= 0;
		plen[i] = len;
	}
	t1 = now_ns();
	report("openssl", s, payload, "unprotect", t1 - t0);
	if (bad) {
		printf("cryptobench: FAIL openssl %s: %d calls failed\n",
		       s->name, bad);
		failed = 1;
	}
	check("openssl", s, payload);
out:
	EVP_CIPHER_CTX_free(cx);
}

int main(int argc, char **argv)
{
	int pays[8], npays = 0, i, j;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			npkts = atoi(argv[++i]);
		else if (npays < 8 && atoi(argv[i]) > 0 &&
			 atoi(argv[i]) <= MAXPAY)
			pays[npays++] = atoi(argv[i]);
		else {
			fprintf(stderr, "usage: cryptobench [-n N] [PAYLOAD...]\n");
			return 2;
		}
	}
	if (!npays) {
		pays[npays++] = 160;
		pays[npays++] = 1200;
	}
	if (npkts < 1 || npkts > 65536) {
		fprintf(stderr, "cryptobench: -n 1..65536\n");
		return 2;
	}
	for (i = 0; i < (int)sizeof(key); i++)
		key[i] = i;
	pkt = calloc(npkts, sizeof(*pkt));
	plen = calloc(npkts, sizeof(*plen));
	if (!pkt || !plen)
		return 2;
	for (i = 0; i < npkts; i++) {
		pkt[i] = malloc(HDR + MAXPAY + ROOM);
		if (!pkt[i])
			return 2;
	}
	if (srtp_init()) {
		fprintf(stderr, "cryptobench: srtp_init failed\n");
		return 2;
	}
	for (i = 0; i < (int)(sizeof(suites) / sizeof(suites[0])); i++) {
		for (j = 0; j < npays; j++) {
			bench_libsrtp(&suites[i], pays[j]);
			if (suites[i].gcm)
				bench_openssl_gcm(&suites[i], pays[j]);
			else
				bench_openssl_cm(&suites[i], pays[j]);
		}
	}
	srtp_shutdown();
	printf("cryptobench: %s\n", failed ? "FAIL" : "done");
	return failed;
}
