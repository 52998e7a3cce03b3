// SPDX-License-Identifier: GPL-2.0
/*
 * rtptool: the applications of the end-to-end tests.
 *
 * Sends or receives RTP (and RTCP) on an ordinary UDP socket, either plain
 * (ksrtp does the SRTP in the kernel) or protected/unprotected in userspace
 * with libsrtp (the reference peer). Payloads are derived from the SSRC and
 * sequence number, so a receiver checks every byte it gets.
 *
 *   rtptool send --to ADDR:PORT [--from ADDR:PORT] [--count N] [--ssrc S]
 *                [--seq N] [--len L] [--rtcp-every K] [--rtcp-to ADDR:PORT]
 *                [--srtp SUITE:HEX] [--gso K] [--flip I] [--replay I]
 *                [--interval-us U] [--no-csum] [--until FILE] [--keep-going]
 *                [--hold-at I --hold-file FILE] [--pmtu-do]
 *                [--restart-at I --restart-seq S] [--forge N] [--ssrcs N]
 *   rtptool recv --bind ADDR:PORT [--count N] [--timeout-ms T]
 *                [--srtp SUITE:HEX] [--raw] [--expect-len L] [--rcvbuf B]
 *                [--until FILE] [--gro]
 *
 * --srtcp-tag 32 (send and recv) gives libsrtp's RTCP policy the 32-bit
 * tag on the *_HMAC_SHA1_32 suites, as libre (baresip) uses; the default,
 * 80, is libsrtp's and RFC 5764's.
 *
 * recv prints "rtp N rtcp M bad B other O dup D" and exits 0 when
 * N + M == count and B == D == 0; with --count 0 it runs until it has
 * heard nothing for T ms and exits 0 when B == D == 0. D counts RTP
 * packets whose (extended) sequence number it saw before; with --until FILE
 * silence ends the run only once FILE exists. --raw counts
 * datagrams without checking them and prints the first one in hex.
 *
 * send --until FILE sends (up to --count, which then defaults to "many")
 * until FILE exists, then prints "sent rtp N rtcp M". With --hold-at I it
 * prints "holding" before its packet number I (from 0) and waits until the
 * --hold-file exists.
 *
 * send --pmtu-do sets IP(V6)_PMTUDISC_DO and counts the sends refused with
 * EMSGSIZE instead of failing ("emsgsize N" at the end). --restart-at I
 * makes packet I and those after it start over at sequence number S, as a
 * restarted application would. --forge N sends N forged 40-byte packets
 * (an RTP header with random SSRC, sequence number and timestamp, then
 * random bytes) and nothing else. --ssrcs N sends packet I from SSRC
 * --ssrc + I % N (each with the sequence number it would have anyway), so
 * that N SSRCs take turns. recv --gro turns on UDP_GRO and splits
 * what arrives coalesced ("coalesced N" on stderr).
 *
 * --stamps (send and recv) prints "stamps first T0 last T1" at the end:
 * CLOCK_MONOTONIC ns before the first packet is sent and after the last,
 * or when the first and the last packet were received (make bench).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <srtp2/srtp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif

struct opts {
	const char *to, *from, *bind, *rtcp_to, *srtp, *until, *hold_file;
	long count, ssrc, seq, len, rtcp_every, gso, flip, replay, hold_at;
	long interval_us, timeout_ms, expect_len, rcvbuf;
	long restart_at, restart_seq, forge, ssrcs;
	int raw, no_csum, rtcp_only, pmtu_do, gro, stamps;
};

/* CLOCK_MONOTONIC in ns, for --stamps. */
static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *msg)
{
	fprintf(stderr, "rtptool: %s\n", msg);
	exit(2);
}

static socklen_t parse_addr(const char *s, struct sockaddr_storage *ss)
{
	char host[128];
	const char *colon;
	struct sockaddr_in *a4 = (void *)ss;
	struct sockaddr_in6 *a6 = (void *)ss;
	size_t n;

	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (!colon)
			die("bad address");
		n = colon - s - 1;
		memcpy(host, s + 1, n);
		host[n] = 0;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(atoi(colon + 2));
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			die("bad IPv6 address");
		return sizeof(*a6);
	}
	colon = strrchr(s, ':');
	if (!colon)
		die("bad address");
	n = colon - s;
	memcpy(host, s, n);
	host[n] = 0;
	a4->sin_family = AF_INET;
	a4->sin_port = htons(atoi(colon + 1));
	if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
		die("bad IPv4 address");
	return sizeof(*a4);
}

/* --srtcp-tag 32: SRTCP with the 32-bit tag on the *_32 suites (libre) */
static int srtcp_tag32;

static int set_policy(const char *spec, srtp_policy_t *p, unsigned char *key,
		      int outbound)
{
	char suite[64];
	const char *colon = strchr(spec, ':');
	size_t i, hexlen;

	if (!colon || (size_t)(colon - spec) >= sizeof(suite))
		die("--srtp SUITE:HEX");
	memcpy(suite, spec, colon - spec);
	suite[colon - spec] = 0;
	memset(p, 0, sizeof(*p));
	if (!strcmp(suite, "AES_CM_128_HMAC_SHA1_80")) {
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
	} else if (!strcmp(suite, "AES_CM_128_HMAC_SHA1_32")) {
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
		if (srtcp_tag32)
			srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtcp);
		else
			srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
	} else if (!strcmp(suite, "AES_256_CM_HMAC_SHA1_80")) {
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
	} else if (!strcmp(suite, "AES_256_CM_HMAC_SHA1_32")) {
		srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtp);
		if (srtcp_tag32)
			srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&p->rtcp);
		else
			srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&p->rtcp);
	} else if (!strcmp(suite, "NULL_HMAC_SHA1_80")) {
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&p->rtp);
		srtp_crypto_policy_set_null_cipher_hmac_sha1_80(&p->rtcp);
	} else if (!strcmp(suite, "AEAD_AES_128_GCM")) {
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
	} else if (!strcmp(suite, "AEAD_AES_256_GCM")) {
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
	} else {
		die("unknown suite");
	}
	hexlen = strlen(colon + 1);
	if (hexlen % 2 || hexlen / 2 > 46)
		die("bad key hex");
	for (i = 0; i < hexlen / 2; i++)
		sscanf(colon + 1 + 2 * i, "%2hhx", &key[i]);
	p->key = key;
	p->ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
	p->window_size = 128;
	return 0;
}

/* Payload byte i of packet (ssrc, seq). */
static uint8_t pat(uint32_t ssrc, uint16_t seq, size_t i)
{
	return (uint8_t)(ssrc * 7 + seq * 13 + i * 31);
}

static size_t build_rtp(uint8_t *b, uint32_t ssrc, uint16_t seq, long len)
{
	size_t i;

	b[0] = 0x80;
	b[1] = 96;
	b[2] = seq >> 8;
	b[3] = seq;
	b[4] = b[5] = 0;
	b[6] = seq >> 8;
	b[7] = seq;
	b[8] = ssrc >> 24;
	b[9] = ssrc >> 16;
	b[10] = ssrc >> 8;
	b[11] = ssrc;
	for (i = 12; i < (size_t)len; i++)
		b[i] = pat(ssrc, seq, i);
	return len;
}

/* An RTCP receiver report with a made-up block, 32 bytes. */
static size_t build_rtcp(uint8_t *b, uint32_t ssrc, uint16_t n)
{
	size_t i;

	b[0] = 0x81;
	b[1] = 201;
	b[2] = 0;
	b[3] = 7;
	b[4] = ssrc >> 24;
	b[5] = ssrc >> 16;
	b[6] = ssrc >> 8;
	b[7] = ssrc;
	b[8] = n >> 8;
	b[9] = n;
	for (i = 10; i < 32; i++)
		b[i] = pat(ssrc, n, i);
	return 32;
}

static int check_pkt(const uint8_t *b, size_t len, int *rtcp)
{
	uint32_t ssrc;
	uint16_t seq;
	size_t i;

	if (len < 8 || (b[0] >> 6) != 2)
		return -1;
	*rtcp = b[1] >= 192 && b[1] <= 223;
	if (*rtcp) {
		if (len != 32)
			return -1;
		ssrc = (uint32_t)b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7];
		seq = b[8] << 8 | b[9];
		for (i = 10; i < 32; i++)
			if (b[i] != pat(ssrc, seq, i))
				return -1;
		return 0;
	}
	if (len < 12)
		return -1;
	seq = b[2] << 8 | b[3];
	ssrc = (uint32_t)b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11];
	for (i = 12; i < len; i++)
		if (b[i] != pat(ssrc, seq, i))
			return -1;
	return 0;
}

/* sendto(), waiting out a full device queue instead of losing the packet. */
static long send_errors, emsgsize;
static int keep_going;

/*
 * sendto(), waiting out a full device queue instead of losing the packet.
 * With --keep-going a refused packet (EPERM: a netfilter hook, such as
 * ksrtp with a spent key, dropped it) is counted, not fatal.
 */
static ssize_t send_one(int fd, const void *buf, size_t len,
			const struct sockaddr_storage *to, socklen_t tolen)
{
	ssize_t n;

	while ((n = sendto(fd, buf, len, 0, (const void *)to, tolen)) < 0 &&
	       (errno == ENOBUFS || errno == EAGAIN))
		usleep(100);
	if (n < 0 && errno == EMSGSIZE) {
		emsgsize++;
		return 0;
	}
	if (n < 0 && keep_going) {
		send_errors++;
		return 0;
	}
	return n;
}

static void usage(void)
{
	die("usage: rtptool send --to A:P ... | recv --bind A:P ... (see source)");
}

static int do_send(struct opts *o)
{
	struct sockaddr_storage to, from, rtcp_to;
	socklen_t tolen, rtcplen = 0;
	unsigned char key[64];
	srtp_policy_t pol;
	srtp_t srtp = NULL;
	uint8_t buf[65536], prev[2048];
	long i, nsent = 0, nsent_rtcp = 0;
	long long t_first;
	int fd, prevlen = 0;

	tolen = parse_addr(o->to, &to);
	fd = socket(to.ss_family, SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	if (o->from) {
		socklen_t fl = parse_addr(o->from, &from);
		int one = 1;

		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (void *)&from, fl))
			die("bind");
	}
	if (o->rtcp_to)
		rtcplen = parse_addr(o->rtcp_to, &rtcp_to);
	if (o->no_csum) {
		int one = 1;

		if (setsockopt(fd, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)))
			die("SO_NO_CHECK");
	}
	if (o->pmtu_do) {
		int v = to.ss_family == AF_INET6 ? IPV6_PMTUDISC_DO :
						   IP_PMTUDISC_DO;

		if (setsockopt(fd, to.ss_family == AF_INET6 ? IPPROTO_IPV6 :
			       IPPROTO_IP, to.ss_family == AF_INET6 ?
			       IPV6_MTU_DISCOVER : IP_MTU_DISCOVER, &v,
			       sizeof(v)))
			die("IP_MTU_DISCOVER");
	}
	if (o->srtp) {
		set_policy(o->srtp, &pol, key, 1);
		if (srtp_create(&srtp, &pol))
			die("srtp_create");
	}
	if (o->forge) {
		/* forged: an RTP header, random everything, a random "tag" */
		srand(12345);
		for (i = 0; i < o->forge; i++) {
			int k;

			buf[0] = 0x80;
			buf[1] = 96;
			for (k = 2; k < 40; k++)
				buf[k] = rand();
			if (send_one(fd, buf, 40, &to, tolen) < 0)
				die("sendto forged");
			if (o->interval_us)
				usleep(o->interval_us);
		}
		printf("forged %ld\n", o->forge);
		close(fd);
		return 0;
	}

	t_first = mono_ns();
	for (i = 0; i < o->count; i++) {
		uint16_t seq = (uint16_t)(o->seq + i);
		int len;

		if (o->restart_at >= 0 && i >= o->restart_at)
			seq = (uint16_t)(o->restart_seq + i - o->restart_at);

		if (o->rtcp_only) {
			len = build_rtcp(buf, o->ssrc, (uint16_t)i);
			if (srtp && srtp_protect_rtcp(srtp, buf, &len))
				die("srtp_protect_rtcp");
			if (sendto(fd, buf, len, 0, (void *)&to, tolen) < 0)
				die("sendto rtcp");
			continue;
		}
		if (o->gso > 1) {
			/* o->gso equal-sized RTP packets in one send */
			struct msghdr mh = { 0 };
			struct iovec iov;
			char cbuf[CMSG_SPACE(sizeof(uint16_t))];
			struct cmsghdr *cm;
			long k, n = o->gso;
			int plen = o->len;

			if (i + n > o->count)
				n = o->count - i;
			for (k = 0; k < n; k++) {
				uint8_t one[2048];

				plen = build_rtp(one, o->ssrc,
						 (uint16_t)(seq + k), o->len);
				/* libsrtp: every segment protected, same size */
				if (srtp && srtp_protect(srtp, one, &plen))
					die("srtp_protect");
				memcpy(buf + k * plen, one, plen);
			}
			iov.iov_base = buf;
			iov.iov_len = n * plen;
			mh.msg_name = &to;
			mh.msg_namelen = tolen;
			mh.msg_iov = &iov;
			mh.msg_iovlen = 1;
			mh.msg_control = cbuf;
			mh.msg_controllen = sizeof(cbuf);
			cm = CMSG_FIRSTHDR(&mh);
			cm->cmsg_level = SOL_UDP;
			cm->cmsg_type = UDP_SEGMENT;
			cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
			*(uint16_t *)CMSG_DATA(cm) = plen;
			if (sendmsg(fd, &mh, 0) < 0) {
				if (errno != EMSGSIZE)
					die("sendmsg UDP_SEGMENT");
				emsgsize += n;
			}
			i += n - 1;
			continue;
		}

		if (o->until && i % 32 == 0 && !access(o->until, F_OK))
			break;
		if (i == o->hold_at && o->hold_file) {
			printf("holding\n");
			fflush(stdout);
			while (access(o->hold_file, F_OK))
				usleep(1000);
		}
		len = build_rtp(buf, o->ssrcs > 1 ?
				(uint32_t)(o->ssrc + i % o->ssrcs) : o->ssrc,
				seq, o->len);
		if (srtp && srtp_protect(srtp, buf, &len))
			die("srtp_protect");
		if (i == o->flip)
			buf[len - 1] ^= 0x01;
		if (send_one(fd, buf, len, &to, tolen) < 0)
			die("sendto");
		nsent++;
		if (i == o->replay + 1 && prevlen)
			sendto(fd, prev, prevlen, 0, (void *)&to, tolen);
		if (i == o->replay && len <= (int)sizeof(prev)) {
			memcpy(prev, buf, len);
			prevlen = len;
		}
		if (o->rtcp_every && i % o->rtcp_every == 0) {
			len = build_rtcp(buf, o->ssrc, (uint16_t)i);
			if (srtp && srtp_protect_rtcp(srtp, buf, &len))
				die("srtp_protect_rtcp");
			if (send_one(fd, buf, len, o->rtcp_to ? &rtcp_to : &to,
				     o->rtcp_to ? rtcplen : tolen) < 0)
				die("sendto rtcp");
			nsent_rtcp++;
		}
		if (o->interval_us)
			usleep(o->interval_us);
	}
	if (o->stamps)
		printf("stamps first %lld last %lld\n", t_first, mono_ns());
	if (o->until)
		printf("sent rtp %ld rtcp %ld\n", nsent, nsent_rtcp);
	if (o->pmtu_do)
		printf("emsgsize %ld\n", emsgsize);
	if (send_errors)
		fprintf(stderr, "rtptool: %ld sends refused\n", send_errors);
	if (srtp)
		srtp_dealloc(srtp);
	close(fd);
	return 0;
}

#define SEEN_BITS (1U << 23)	/* RTP packets one receiver tells apart */

/* RFC 3550 A.1-style extension of a 16-bit sequence number. */
static uint32_t ext_seq(uint32_t *hi, uint16_t seq, int first)
{
	uint32_t ext = (*hi & ~0xffffU) | seq;

	if (first) {
		*hi = 0x10000 | seq;
		return *hi;
	}
	if (ext + 0x8000 < *hi)
		ext += 0x10000;
	else if (ext > *hi + 0x8000 && ext >= 0x10000)
		ext -= 0x10000;
	if (ext > *hi)
		*hi = ext;
	return ext;
}

/* recv() that also returns the UDP_GRO segment size (0 if none). */
static int recv_gro(int fd, uint8_t *b, size_t size, int *gso)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = b, .iov_len = size };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int n = recvmsg(fd, &mh, 0);

	*gso = 0;
	for (cm = CMSG_FIRSTHDR(&mh); n >= 0 && cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == IPPROTO_UDP && cm->cmsg_type == UDP_GRO)
			memcpy(gso, CMSG_DATA(cm), sizeof(*gso));
	return n;
}

static int do_recv(struct opts *o)
{
	struct sockaddr_storage b;
	socklen_t bl = parse_addr(o->bind, &b);
	long nrtp = 0, nrtcp = 0, bad = 0, other = 0, dup = 0;
	uint32_t hi = 0, base = 0;
	uint8_t *seen = calloc(SEEN_BITS / 8, 1);
	unsigned char key[64];
	srtp_policy_t pol;
	srtp_t srtp = NULL;
	uint8_t buf[65536], *big = malloc(65536);
	int fd = socket(b.ss_family, SOCK_DGRAM, 0);
	int whole = 0, segoff = 0, gso = 0;
	long coalesced = 0;
	long long t_first = 0, t_last = 0;

	if (fd < 0 || bind(fd, (void *)&b, bl) || !seen || !big)
		die("bind");
	if (o->rcvbuf) {
		int v = o->rcvbuf;

		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)))
			die("SO_RCVBUFFORCE");
	}
	if (o->gro) {
		int one = 1;

		if (setsockopt(fd, IPPROTO_UDP, UDP_GRO, &one, sizeof(one)))
			die("UDP_GRO");
	}
	if (o->srtp) {
		set_policy(o->srtp, &pol, key, 0);
		if (srtp_create(&srtp, &pol))
			die("srtp_create");
	}
	printf("ready\n");
	fflush(stdout);
	while (!o->count || nrtp + nrtcp + bad + other < o->count) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int len, rtcp, err;

		if (segoff >= whole && poll(&pfd, 1, o->timeout_ms) <= 0) {
			/* --until: silence ends the run only once FILE exists */
			if (o->until && access(o->until, F_OK))
				continue;
			break;
		}
		if (segoff >= whole) {
			whole = recv_gro(fd, big, sizeof(buf), &gso);
			if (whole < 0)
				break;
			if (o->stamps && !t_first)
				t_first = mono_ns();
			segoff = 0;
			/* coalesced by UDP_GRO: gso-sized datagrams, last shorter */
			if (gso && gso < whole)
				coalesced++;
			else
				gso = whole;
		}
		len = whole - segoff < gso ? whole - segoff : gso;
		memcpy(buf, big + segoff, len);
		segoff += len ? len : 1;
		if (o->raw) {
			if (nrtp == 0) {
				int i;

				printf("first");
				for (i = 0; i < len; i++)
					printf("%s%02x", i ? "" : " ", buf[i]);
				printf("\n");
			}
			if (o->expect_len && len != o->expect_len)
				bad++;
			else
				nrtp++;
			continue;
		}
		if (len < 2 || (buf[0] >> 6) != 2) {
			other++;
			continue;
		}
		rtcp = buf[1] >= 192 && buf[1] <= 223;
		if (srtp) {
			err = rtcp ? srtp_unprotect_rtcp(srtp, buf, &len) :
				     srtp_unprotect(srtp, buf, &len);
			if (err) {
				bad++;
				continue;
			}
		}
		if (check_pkt(buf, len, &rtcp)) {
			bad++;
		} else if (rtcp) {
			nrtcp++;
		} else {
			uint32_t ext = ext_seq(&hi, buf[2] << 8 | buf[3],
					       !nrtp && !dup);
			uint32_t bit;

			if (!nrtp && !dup)
				base = ext - SEEN_BITS / 2;
			bit = ext - base;
			if (bit >= SEEN_BITS) {
				bad++;
			} else if (seen[bit / 8] & (1 << bit % 8)) {
				dup++;
			} else {
				seen[bit / 8] |= 1 << bit % 8;
				nrtp++;
			}
		}
		if (o->stamps)
			t_last = mono_ns();
	}
	if (o->stamps)
		printf("stamps first %lld last %lld\n", t_first, t_last);
	printf("rtp %ld rtcp %ld bad %ld other %ld dup %ld\n", nrtp, nrtcp, bad,
	       other, dup);
	if (o->gro)
		fprintf(stderr, "coalesced %ld\n", coalesced);
	free(big);
	if (srtp)
		srtp_dealloc(srtp);
	free(seen);
	if (!o->count)
		return !bad && !dup ? 0 : 1;
	return (nrtp + nrtcp + other == o->count && !bad && !dup) ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct opts o = { .count = 10, .ssrc = 0x11223344, .len = 172,
			  .flip = -1, .replay = -2, .hold_at = -1,
			  .restart_at = -1,
			  .timeout_ms = 3000 };
	int i;

	if (argc < 2)
		usage();
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define OPT_S(name, field) if (!strcmp(a, name) && v) { o.field = v; i++; continue; }
#define OPT_L(name, field) if (!strcmp(a, name) && v) { o.field = strtol(v, NULL, 0); i++; continue; }
		OPT_S("--to", to) OPT_S("--from", from) OPT_S("--bind", bind)
		OPT_S("--rtcp-to", rtcp_to) OPT_S("--srtp", srtp)
		OPT_L("--count", count) OPT_L("--ssrc", ssrc) OPT_L("--seq", seq)
		OPT_L("--len", len) OPT_L("--rtcp-every", rtcp_every)
		OPT_L("--gso", gso) OPT_L("--flip", flip)
		OPT_L("--replay", replay) OPT_L("--interval-us", interval_us)
		OPT_L("--timeout-ms", timeout_ms)
		OPT_L("--expect-len", expect_len) OPT_S("--until", until)
		OPT_L("--rcvbuf", rcvbuf)
		OPT_L("--hold-at", hold_at) OPT_S("--hold-file", hold_file)
		OPT_L("--restart-at", restart_at)
		OPT_L("--restart-seq", restart_seq) OPT_L("--forge", forge)
		OPT_L("--ssrcs", ssrcs)
		if (!strcmp(a, "--pmtu-do")) { o.pmtu_do = 1; continue; }
		if (!strcmp(a, "--gro")) { o.gro = 1; continue; }
		if (!strcmp(a, "--stamps")) { o.stamps = 1; continue; }
		if (!strcmp(a, "--raw")) { o.raw = 1; continue; }
		if (!strcmp(a, "--no-csum")) { o.no_csum = 1; continue; }
		if (!strcmp(a, "--rtcp-only")) { o.rtcp_only = 1; continue; }
		if (!strcmp(a, "--keep-going")) { keep_going = 1; continue; }
		if (!strcmp(a, "--srtcp-tag") && v &&
		    (!strcmp(v, "32") || !strcmp(v, "80"))) {
			srtcp_tag32 = !strcmp(v, "32");
			i++;
			continue;
		}
		usage();
	}
	if (o.len < 12 || o.len > 9000)
		die("--len 12..9000");
	/* libsrtp runs its self tests here: seconds under TCG, so only if used */
	if (o.srtp && srtp_init())
		die("srtp_init");
	if (!strcmp(argv[1], "send") && o.to) {
		if (o.until && o.count == 10)
			o.count = 1L << 30;
		return do_send(&o);
	}
	if (!strcmp(argv[1], "recv") && o.bind)
		return do_recv(&o);
	usage();
	return 2;
}
