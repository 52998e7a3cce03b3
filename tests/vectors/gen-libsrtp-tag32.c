// SPDX-License-Identifier: GPL-2.0
/*
 * Writes tests/vectors/libsrtp-tag32-vectors.txt: SRTCP packets that
 * libsrtp protects with a 32-bit SRTCP tag (its RTCP policy set to
 * *_hmac_sha1_32), as libre (baresip) sends on the *_HMAC_SHA1_32 suites.
 * The master keys, salts and plain packet are those of the libsrtp
 * vectors' rtcp-ssrc12345678 rows, so the two files differ only in the tag.
 *
 *   cc -o gen gen-libsrtp-tag32.c -lsrtp2 && ./gen >libsrtp-tag32-vectors.txt
 *
 * The expected tags are the first 4 bytes of the 80-bit ones in
 * libsrtp-vectors.txt (HMAC-SHA1 truncated), and the MKI row puts the MKI
 * between the E+index word and the tag (RFC 3711 section 3.4).
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char key128[16] = {
	0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f,
	0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06, 0x17,
};

static const unsigned char salt128[14] = {
	0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e, 0x9f,
	0xb0, 0xc1, 0xd2, 0xe3, 0xf4, 0x05,
};

static const unsigned char key256[32] = {
	0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f,
	0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5, 0x06, 0x17,
	0x28, 0x39, 0x4a, 0x5b, 0x6c, 0x7d, 0x8e, 0x9f,
	0xb0, 0xc1, 0xd2, 0xe3, 0xf4, 0x05, 0x16, 0x27,
};

static const unsigned char salt256[14] = {
	0x38, 0x49, 0x5a, 0x6b, 0x7c, 0x8d, 0x9e, 0xaf,
	0xc0, 0xd1, 0xe2, 0xf3, 0x04, 0x15,
};

static unsigned char mki[4] = { 0xde, 0xad, 0xbe, 0xef };

static void hexline(const char *field, const unsigned char *b, int len)
{
	int i, j;

	for (i = 0; i < len; i += 32) {
		printf("%s: ", field);
		for (j = i; j < len && j < i + 32; j++)
			printf("%02x", b[j]);
		printf("\n");
	}
}

/* One SRTCP vector: protect the RR-like packet of the libsrtp vectors. */
static void emit(const char *suite, int big, int with_mki)
{
	const unsigned char *key = big ? key256 : key128;
	const unsigned char *salt = big ? salt256 : salt128;
	int klen = big ? 32 : 16, len, i;
	unsigned char keysalt[46], pkt[128];
	srtp_master_key_t mk, *mkp = &mk;
	srtp_policy_t p;
	srtp_t ctx;

	memset(&p, 0, sizeof(p));
	if (big) {
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p.rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p.rtcp);
	} else {
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p.rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p.rtcp);
	}
	memcpy(keysalt, key, klen);
	memcpy(keysalt + klen, salt, 14);
	if (with_mki) {
		mk.key = keysalt;
		mk.mki_id = mki;
		mk.mki_size = sizeof(mki);
		p.keys = &mkp;
		p.num_master_keys = 1;
	} else {
		p.key = keysalt;
	}
	p.ssrc.type = ssrc_any_outbound;
	p.window_size = 128;
	if (srtp_create(&ctx, &p)) {
		fprintf(stderr, "srtp_create failed\n");
		exit(1);
	}

	/* RR header, SSRC 0x12345678, then bytes 3 * i (as the other file) */
	len = 48;
	pkt[0] = 0x80;
	pkt[1] = 0xc8;
	pkt[2] = 0x00;
	pkt[3] = 0x0b;
	pkt[4] = 0x12;
	pkt[5] = 0x34;
	pkt[6] = 0x56;
	pkt[7] = 0x78;
	for (i = 8; i < len; i++)
		pkt[i] = 3 * i;

	printf("vector: libsrtp-%s-rtcp-tag32%s-ssrc12345678-roc0-seq100-len48\n",
	       suite, with_mki ? "-mki" : "");
	printf("suite: %s\n", suite);
	printf("srtcp_tag_len: 4\n");
	hexline("master_key", key, klen);
	hexline("master_salt", salt, 14);
	if (with_mki)
		hexline("mki", mki, sizeof(mki));
	hexline("plain", pkt, len);
	if (with_mki ? srtp_protect_rtcp_mki(ctx, pkt, &len, 1, 0) :
		       srtp_protect_rtcp(ctx, pkt, &len)) {
		fprintf(stderr, "srtp_protect_rtcp failed\n");
		exit(1);
	}
	hexline("protected", pkt, len);
	printf("\n");
	srtp_dealloc(ctx);
}

int main(void)
{
	if (srtp_init())
		return 1;
	printf("# SRTCP with a 32-bit tag, produced by libsrtp %s with its RTCP policy\n",
	       srtp_get_version_string());
	printf("# set to *_hmac_sha1_32 (libre/baresip; ksrtp flows with srtcp-tag-len 4).\n");
	printf("# Written by tests/vectors/gen-libsrtp-tag32.c; kdr = 0.\n");
	printf("# The SRTCP index is the one carried in the protected packet (E bit set).\n\n");
	emit("AES_CM_128_HMAC_SHA1_32", 0, 0);
	emit("AES_256_CM_HMAC_SHA1_32", 1, 0);
	emit("AES_CM_128_HMAC_SHA1_32", 0, 1);
	return 0;
}
