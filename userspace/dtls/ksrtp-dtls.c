// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-dtls: key ksrtp flows by DTLS-SRTP (RFC 5764) on the media
 * 5-tuple. See ksrtp-dtls(8) and Documentation/dtls.rst.
 *
 *   ksrtp-dtls [OPTIONS] --role client|server --local ADDR:PORT
 *              [--remote ADDR:PORT] --peer-fingerprint 'sha-256 AB:..'
 *   ksrtp-dtls gencert CERT KEY
 *   ksrtp-dtls fingerprint CERT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "dtls.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: ksrtp-dtls --role client|server --local ADDR:PORT [--remote ADDR:PORT]\n"
"                  (--peer-fingerprint 'sha-256 AB:CD:...' | --no-verify)\n"
"                  [--cert FILE --key FILE] [--profiles P1:P2...]\n"
"                  [--timeout-ms MS] [--rtcp] [--no-install] [--print-keys]\n"
"       ksrtp-dtls gencert CERT KEY\n"
"       ksrtp-dtls fingerprint CERT\n"
"\n"
"Runs the DTLS-SRTP handshake on the media 5-tuple (local ADDR:PORT to the\n"
"remote; a server without --remote answers the first peer that sends), then\n"
"adds the tx and rx ksrtp flows of that 5-tuple with the exported keys.\n"
"Prints 'fingerprint sha-256 ...' (for the SDP's a=fingerprint) first.\n"
"--print-keys prints the exported key material: for tests only.\n");
}

/* "1.2.3.4:5", "[::1]:5" into @ss. */
static int parse_addr(const char *s, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon, *h = s;
	size_t hl;
	char *end;
	long port;

	memset(ss, 0, sizeof(*ss));
	colon = strrchr(s, ':');
	if (!colon)
		return -1;
	hl = (size_t)(colon - s);
	if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
		h = s + 1;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = 0;
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		struct sockaddr_in *sin = (void *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		*len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *sin6 = (void *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static void hex(const char *what, const uint8_t *b, unsigned int n)
{
	unsigned int i;

	printf("%s", what);
	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

static int cmd_gencert(int argc, char **argv)
{
	char err[512];

	if (argc != 4) {
		usage(stderr);
		return 2;
	}
	if (ksrtp_dtls_gencert(argv[2], argv[3], err, sizeof(err))) {
		fprintf(stderr, "ksrtp-dtls: %s\n", err);
		return 1;
	}
	return 0;
}

static int cmd_fingerprint(int argc, char **argv)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	unsigned int n, i;
	X509 *x = NULL;
	FILE *f;

	if (argc != 3) {
		usage(stderr);
		return 2;
	}
	f = fopen(argv[2], "re");
	if (f) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (!x || !X509_digest(x, EVP_sha256(), md, &n)) {
		fprintf(stderr, "ksrtp-dtls: cannot read a certificate from %s\n",
			argv[2]);
		X509_free(x);
		return 1;
	}
	printf("sha-256 ");
	for (i = 0; i < n; i++)
		printf(i ? ":%02X" : "%02X", md[i]);
	printf("\n");
	X509_free(x);
	return 0;
}

/* A server without --remote: wait for the first datagram and connect to
 * its sender (it stays queued for the handshake). */
static int latch(int fd, int timeout_ms)
{
	struct sockaddr_storage from;
	socklen_t fl = sizeof(from);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	char b;

	if (poll(&pfd, 1, timeout_ms) <= 0) {
		fprintf(stderr, "ksrtp-dtls: no peer within %d ms\n", timeout_ms);
		return -1;
	}
	if (recvfrom(fd, &b, 1, MSG_PEEK, (struct sockaddr *)&from, &fl) < 0 ||
	    connect(fd, (struct sockaddr *)&from, fl)) {
		perror("ksrtp-dtls: latch");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "local", required_argument, NULL, 'l' },
		{ "remote", required_argument, NULL, 'R' },
		{ "peer-fingerprint", required_argument, NULL, 'f' },
		{ "no-verify", no_argument, NULL, 'V' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "profiles", required_argument, NULL, 'p' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "rtcp", no_argument, NULL, 'C' },
		{ "no-install", no_argument, NULL, 'n' },
		{ "print-keys", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksrtp_dtls_config cfg = { 0 };
	struct sockaddr_storage loc, rem;
	socklen_t ll = 0, rl = 0;
	const char *local = NULL, *remote = NULL;
	int rtcp = 0, no_install = 0, print_keys = 0, fd, o, ret;
	struct ksrtp_dtls_keys keys;
	struct ksrtp_dtls *d;
	struct ksrtp *h = NULL;
	char err[512], fp[128];

	if (argc > 1 && !strcmp(argv[1], "gencert"))
		return cmd_gencert(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "fingerprint"))
		return cmd_fingerprint(argc, argv);
	while ((o = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (o) {
		case 'r':
			if (!strcmp(optarg, "client"))
				cfg.role = KSRTP_DTLS_CLIENT;
			else if (!strcmp(optarg, "server"))
				cfg.role = KSRTP_DTLS_SERVER;
			else {
				fprintf(stderr, "ksrtp-dtls: --role client or server\n");
				return 2;
			}
			break;
		case 'l': local = optarg; break;
		case 'R': remote = optarg; break;
		case 'f': cfg.peer_fingerprint = optarg; break;
		case 'V': cfg.no_verify = 1; break;
		case 'c': cfg.cert_file = optarg; break;
		case 'k': cfg.key_file = optarg; break;
		case 'p': cfg.profiles = optarg; break;
		case 't': cfg.timeout_ms = atoi(optarg); break;
		case 'C': rtcp = 1; break;
		case 'n': no_install = 1; break;
		case 'P': print_keys = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !cfg.role || !local ||
	    (!remote && cfg.role == KSRTP_DTLS_CLIENT)) {
		usage(stderr);
		return 2;
	}
	if (cfg.peer_fingerprint && cfg.no_verify) {
		fprintf(stderr, "ksrtp-dtls: --peer-fingerprint or --no-verify, not both\n");
		return 2;
	}
	if (parse_addr(local, &loc, &ll) ||
	    (remote && (parse_addr(remote, &rem, &rl) ||
			rem.ss_family != loc.ss_family))) {
		fprintf(stderr, "ksrtp-dtls: bad address (want ADDR:PORT or [ADDR6]:PORT, one family)\n");
		return 2;
	}
	if (!cfg.timeout_ms)
		cfg.timeout_ms = 10000;

	/* Open libksrtp first: fail before the handshake, not after it. */
	if (!no_install) {
		ret = ksrtp_open(&h);
		if (ret) {
			fprintf(stderr, "ksrtp-dtls: libksrtp: %s\n",
				ksrtp_strerror(NULL, ret, err, sizeof(err)));
			return 1;
		}
	}
	ret = ksrtp_dtls_new(&d, &cfg, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "ksrtp-dtls: %s\n", err);
		ksrtp_close(h);
		return ret == -EINVAL ? 2 : 1;
	}
	fd = socket(loc.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	o = 1;
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &o, sizeof(o)) ||
	    bind(fd, (struct sockaddr *)&loc, ll)) {
		fprintf(stderr, "ksrtp-dtls: bind %s: %s\n", local, strerror(errno));
		goto fail;
	}
	if (remote) {
		if (connect(fd, (struct sockaddr *)&rem, rl)) {
			fprintf(stderr, "ksrtp-dtls: connect %s: %s\n", remote,
				strerror(errno));
			goto fail;
		}
	}
	/* bound: a peer may start now */
	ksrtp_dtls_fingerprint(d, fp, sizeof(fp));
	printf("fingerprint %s\n", fp);
	fflush(stdout);
	if (!remote && latch(fd, cfg.timeout_ms))
		goto fail;

	ret = ksrtp_dtls_handshake(d, fd, &keys);
	if (ret) {
		fprintf(stderr, "ksrtp-dtls: %s\n", ksrtp_dtls_errmsg(d));
		goto fail;
	}
	printf("profile %s suite %s\n", keys.profile,
	       keys.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 ? "AES_CM_128_HMAC_SHA1_80" :
	       keys.suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 ? "AES_CM_128_HMAC_SHA1_32" :
	       keys.suite == KSRTP_SUITE_AEAD_AES_128_GCM ? "AEAD_AES_128_GCM" :
	       "AEAD_AES_256_GCM");
	if (print_keys) {
		/* test only: see ksrtp-dtls(8) */
		hex("keying-material ", keys.material, keys.material_len);
		hex("\ntx key ", keys.tx_key, keys.key_len);
		hex(" salt ", keys.tx_salt, keys.salt_len);
		hex("\nrx key ", keys.rx_key, keys.key_len);
		hex(" salt ", keys.rx_salt, keys.salt_len);
		printf("\n");
	}
	if (!no_install) {
		uint32_t tx, rx;

		ret = ksrtp_dtls_install(h, fd, &keys, rtcp ? KSRTP_DTLS_RTCP : 0,
					 &tx, &rx);
		if (ret) {
			fprintf(stderr, "ksrtp-dtls: flow add: %s\n",
				ksrtp_strerror(h, ret, err, sizeof(err)));
			ksrtp_dtls_keys_wipe(&keys);
			goto fail;
		}
		printf("flow %u tx\nflow %u rx\n", tx, rx);
	}
	ksrtp_dtls_keys_wipe(&keys);
	fflush(stdout);
	close(fd);
	ksrtp_dtls_free(d);
	ksrtp_close(h);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	ksrtp_dtls_free(d);
	ksrtp_close(h);
	return 1;
}
