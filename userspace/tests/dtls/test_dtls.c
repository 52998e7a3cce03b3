// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of libksrtp-dtls (dtls/dtls.c): the profile to suite map,
 * the RFC 5764 4.2 split of the keying material, fingerprint parsing,
 * the checks of ksrtp_dtls_new(), and handshakes between two contexts
 * over loopback UDP (a thread each): keys crosswise equal, a wrong
 * fingerprint refused. openssl s_client/s_server are the independent
 * peer in test_openssl.sh.
 *
 * The split's expected layout is RFC 5764 4.2's, written out by hand:
 * client_write_key, server_write_key, client_write_salt,
 * server_write_salt.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#define TEST_SUITE "dtls"
#include "../harness.h"

#include "dtls.h"

static void t_suites(void)
{
	static const struct {
		const char *p;
		uint32_t suite;
		uint8_t kl, sl;
	} want[] = {
		{ "SRTP_AES128_CM_SHA1_80", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, 16, 14 },
		{ "SRTP_AES128_CM_SHA1_32", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, 16, 14 },
		{ "SRTP_AEAD_AES_128_GCM", KSRTP_SUITE_AEAD_AES_128_GCM, 16, 12 },
		{ "SRTP_AEAD_AES_256_GCM", KSRTP_SUITE_AEAD_AES_256_GCM, 32, 12 },
	};
	uint8_t kl = 0, sl = 0;
	size_t i;
	int ok = 1;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		if (ksrtp_dtls_suite(want[i].p, &kl, &sl) != want[i].suite ||
		    kl != want[i].kl || sl != want[i].sl)
			ok = 0;
	report("suite_map", ok, "a profile maps to the wrong suite");
	report("suite_unknown",
	       !ksrtp_dtls_suite("SRTP_NULL_SHA1_80", NULL, NULL) &&
	       !ksrtp_dtls_suite("", NULL, NULL), "unknown profile mapped");
}

static void t_split_one(const char *name, uint8_t kl, uint8_t sl)
{
	struct ksrtp_dtls_keys c = { 0 }, s;
	unsigned int i;
	int ok = 1;

	c.key_len = kl;
	c.salt_len = sl;
	c.material_len = 2 * (kl + sl);
	for (i = 0; i < c.material_len; i++)
		c.material[i] = (uint8_t)i;
	s = c;
	ok &= ksrtp_dtls_split(&c, KSRTP_DTLS_CLIENT) == 0;
	ok &= ksrtp_dtls_split(&s, KSRTP_DTLS_SERVER) == 0;
	for (i = 0; i < kl; i++) {
		ok &= c.tx_key[i] == i;		/* client_write_key */
		ok &= c.rx_key[i] == kl + i;	/* server_write_key */
		ok &= s.tx_key[i] == kl + i;
		ok &= s.rx_key[i] == i;
	}
	for (i = 0; i < sl; i++) {
		ok &= c.tx_salt[i] == 2 * kl + i;	/* client_write_salt */
		ok &= c.rx_salt[i] == 2 * kl + sl + i;	/* server_write_salt */
		ok &= s.tx_salt[i] == 2 * kl + sl + i;
		ok &= s.rx_salt[i] == 2 * kl + i;
	}
	report(name, ok, "halves not as RFC 5764 4.2 lays them out");
}

static void t_split(void)
{
	struct ksrtp_dtls_keys k = { 0 };

	t_split_one("split_aes_cm_128", 16, 14);
	t_split_one("split_gcm_128", 16, 12);
	t_split_one("split_gcm_256", 32, 12);
	k.key_len = 16;
	k.salt_len = 14;
	k.material_len = 59;
	report("split_bad_len", ksrtp_dtls_split(&k, KSRTP_DTLS_CLIENT) ==
	       -EINVAL, "wrong material length accepted");
	k.material_len = 60;
	report("split_bad_role", ksrtp_dtls_split(&k, 3) == -EINVAL,
	       "role 3 accepted");
}

static void t_fingerprint(void)
{
	static const char *fp256 =
		"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
		"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
	char hash[16], buf[200];
	uint8_t md[64];
	unsigned int n = 0;

	snprintf(buf, sizeof(buf), "sha-256 %s", fp256);
	report("fp_sha256", !ksrtp_dtls_parse_fingerprint(buf, hash, md, &n) &&
	       n == 32 && !strcmp(hash, "SHA256") && md[0] == 0xab &&
	       md[3] == 0x01 && md[31] == 0x89, "parse failed");
	snprintf(buf, sizeof(buf), "a=fingerprint:SHA-256 %s", fp256);
	for (n = 0; buf[n]; n++)
		if (buf[n] >= 'A' && buf[n] <= 'F')
			buf[n] = (char)(buf[n] - 'A' + 'a');
	n = 0;
	report("fp_sdp_line_lower",
	       !ksrtp_dtls_parse_fingerprint(buf, hash, md, &n) && n == 32 &&
	       md[0] == 0xab, "a=fingerprint: line in lower case refused");
	n = 0;
	report("fp_hex_alone",
	       !ksrtp_dtls_parse_fingerprint(fp256, hash, md, &n) && n == 32,
	       "bare hex refused");
	n = 0;
	report("fp_sha1",
	       !ksrtp_dtls_parse_fingerprint(
		       "sha-1 00:11:22:33:44:55:66:77:88:99:00:11:22:33:44:55:66:77:88:99",
		       hash, md, &n) && n == 20 && !strcmp(hash, "SHA1"),
	       "sha-1 refused");
	report("fp_short", ksrtp_dtls_parse_fingerprint("sha-256 AB:CD", hash,
							md, &n) == -EINVAL,
	       "2 bytes taken as sha-256");
	snprintf(buf, sizeof(buf), "sha-256 %s:00", fp256);
	report("fp_long", ksrtp_dtls_parse_fingerprint(buf, hash, md, &n) ==
	       -EINVAL, "33 bytes taken as sha-256");
	snprintf(buf, sizeof(buf), "sha-256 %s", fp256);
	buf[10] = 'x';
	report("fp_garbage", ksrtp_dtls_parse_fingerprint(buf, hash, md, &n) ==
	       -EINVAL, "non-hex taken");
	report("fp_empty", ksrtp_dtls_parse_fingerprint("", hash, md, &n) ==
	       -EINVAL, "empty taken");
}

static void t_new(void)
{
	struct ksrtp_dtls_config cfg = { .role = KSRTP_DTLS_CLIENT };
	struct ksrtp_dtls *d;
	char err[512], fp[128];

	report("new_needs_fingerprint",
	       ksrtp_dtls_new(&d, &cfg, err, sizeof(err)) == -EINVAL && !d &&
	       strstr(err, "fingerprint"), "no fingerprint accepted: %s", err);
	cfg.no_verify = 1;
	cfg.role = 0;
	report("new_bad_role", ksrtp_dtls_new(&d, &cfg, err, sizeof(err)) ==
	       -EINVAL, "role 0 accepted");
	cfg.role = KSRTP_DTLS_SERVER;
	cfg.profiles = "SRTP_BOGUS";
	report("new_bad_profile", ksrtp_dtls_new(&d, &cfg, err, sizeof(err)) ==
	       -EINVAL, "bad profile accepted");
	cfg.profiles = NULL;
	cfg.peer_fingerprint = "sha-256 zz";
	cfg.no_verify = 0;
	report("new_bad_fingerprint",
	       ksrtp_dtls_new(&d, &cfg, err, sizeof(err)) == -EINVAL,
	       "bad fingerprint accepted");
	cfg.peer_fingerprint = NULL;
	cfg.no_verify = 1;
	cfg.cert_file = "/nonexistent/cert.pem";
	cfg.key_file = "/nonexistent/key.pem";
	report("new_no_cert", ksrtp_dtls_new(&d, &cfg, err, sizeof(err)) ==
	       -ENOENT, "missing cert accepted");
	cfg.cert_file = cfg.key_file = NULL;
	if (ksrtp_dtls_new(&d, &cfg, err, sizeof(err))) {
		report("new_generated", 0, "%s", err);
		return;
	}
	report("new_generated", !ksrtp_dtls_fingerprint(d, fp, sizeof(fp)) &&
	       strlen(fp) == 8 + 95 && !strncmp(fp, "sha-256 ", 8) &&
	       fp[10] == ':', "fingerprint '%s'", fp);
	ksrtp_dtls_free(d);
}

struct side {
	struct ksrtp_dtls *d;
	int fd, ret;
	struct ksrtp_dtls_keys k;
};

static void *run(void *arg)
{
	struct side *s = arg;

	s->ret = ksrtp_dtls_handshake(s->d, s->fd, &s->k);
	return NULL;
}

/* Two UDP sockets on 127.0.0.1 connected to each other. */
static int udp_pair(int fd[2])
{
	struct sockaddr_in a[2];
	socklen_t l = sizeof(a[0]);
	int i;

	for (i = 0; i < 2; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].sin_family = AF_INET;
		a[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd[i] < 0 || bind(fd[i], (void *)&a[i], sizeof(a[i])) ||
		    getsockname(fd[i], (void *)&a[i], &l))
			return -1;
	}
	return connect(fd[0], (void *)&a[1], l) || connect(fd[1], (void *)&a[0], l);
}

/*
 * A handshake: the client expects the server's fingerprint (one digit
 * off with @bad_fp), the server the client's; results in @c and @s.
 */
static void handshake(const char *profiles, int bad_fp, struct side *c,
		      struct side *s)
{
	struct ksrtp_dtls_config cc = { .role = KSRTP_DTLS_CLIENT,
					.no_verify = 1, .timeout_ms = 3000 };
	struct ksrtp_dtls_config sc = { .role = KSRTP_DTLS_SERVER,
					.no_verify = 1, .timeout_ms = 3000 };
	char cfp[128], sfp[128], err[512];
	char dir[] = "/tmp/ksrtp-dtls-test.XXXXXX";
	char cf[64] = "", ck[64] = "", sf[64] = "", sk[64] = "";
	struct ksrtp_dtls *tmp;
	pthread_t t;
	int fd[2];

	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	c->ret = s->ret = -1;
	cc.profiles = sc.profiles = profiles;
	/* certificates in files, their fingerprints from a context each */
	if (!mkdtemp(dir))
		return;
	snprintf(cf, sizeof(cf), "%s/c.pem", dir);
	snprintf(ck, sizeof(ck), "%s/ck.pem", dir);
	snprintf(sf, sizeof(sf), "%s/s.pem", dir);
	snprintf(sk, sizeof(sk), "%s/sk.pem", dir);
	if (ksrtp_dtls_gencert(cf, ck, err, sizeof(err)) ||
	    ksrtp_dtls_gencert(sf, sk, err, sizeof(err)))
		goto out;
	cc.cert_file = cf;
	cc.key_file = ck;
	sc.cert_file = sf;
	sc.key_file = sk;
	/* the loaded certificates' fingerprints */
	cc.no_verify = sc.no_verify = 1;
	if (ksrtp_dtls_new(&tmp, &cc, err, sizeof(err)))
		goto out;
	ksrtp_dtls_fingerprint(tmp, cfp, sizeof(cfp));
	ksrtp_dtls_free(tmp);
	if (ksrtp_dtls_new(&tmp, &sc, err, sizeof(err)))
		goto out;
	ksrtp_dtls_fingerprint(tmp, sfp, sizeof(sfp));
	ksrtp_dtls_free(tmp);
	if (bad_fp)
		sfp[9] = sfp[9] == '0' ? '1' : '0';
	cc.no_verify = sc.no_verify = 0;
	cc.peer_fingerprint = sfp;
	sc.peer_fingerprint = cfp;
	if (ksrtp_dtls_new(&c->d, &cc, err, sizeof(err)) ||
	    ksrtp_dtls_new(&s->d, &sc, err, sizeof(err)) || udp_pair(fd))
		goto out;
	c->fd = fd[0];
	s->fd = fd[1];
	pthread_create(&t, NULL, run, s);
	run(c);
	pthread_join(t, NULL);
	close(fd[0]);
	close(fd[1]);
out:
	unlink(cf);
	unlink(ck);
	unlink(sf);
	unlink(sk);
	rmdir(dir);
}

static void t_handshake(const char *name, const char *profile,
			uint32_t suite)
{
	struct side c, s;
	char n[64];

	handshake(profile, 0, &c, &s);
	snprintf(n, sizeof(n), "handshake_%s", name);
	report(n, c.ret == 0 && s.ret == 0 && c.k.suite == suite &&
	       s.k.suite == suite && c.k.material_len &&
	       !memcmp(c.k.material, s.k.material, c.k.material_len) &&
	       !memcmp(c.k.tx_key, s.k.rx_key, c.k.key_len) &&
	       !memcmp(c.k.tx_salt, s.k.rx_salt, c.k.salt_len) &&
	       !memcmp(c.k.rx_key, s.k.tx_key, c.k.key_len) &&
	       !memcmp(c.k.rx_salt, s.k.tx_salt, c.k.salt_len) &&
	       memcmp(c.k.tx_key, c.k.rx_key, c.k.key_len),
	       "client %d (%s) server %d (%s) suite %u/%u", c.ret,
	       ksrtp_dtls_errmsg(c.d), s.ret, ksrtp_dtls_errmsg(s.d),
	       c.k.suite, s.k.suite);
	ksrtp_dtls_free(c.d);
	ksrtp_dtls_free(s.d);
}

static void t_mismatch(void)
{
	struct side c, s;

	handshake(NULL, 1, &c, &s);
	report("handshake_fingerprint_mismatch",
	       c.ret == -EACCES && s.ret != 0 &&
	       strstr(ksrtp_dtls_errmsg(c.d), "fingerprint mismatch"),
	       "client %d (%s) server %d", c.ret, ksrtp_dtls_errmsg(c.d),
	       s.ret);
	ksrtp_dtls_free(c.d);
	ksrtp_dtls_free(s.d);
}

int main(void)
{
	t_suites();
	t_split();
	t_fingerprint();
	t_new();
	t_handshake("default_gcm256", NULL, KSRTP_SUITE_AEAD_AES_256_GCM);
	t_handshake("aes_cm_80", "SRTP_AES128_CM_SHA1_80",
		    KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	t_handshake("aes_cm_32", "SRTP_AES128_CM_SHA1_32",
		    KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32);
	t_handshake("gcm128", "SRTP_AEAD_AES_128_GCM",
		    KSRTP_SUITE_AEAD_AES_128_GCM);
	t_mismatch();
	return test_summary();
}
