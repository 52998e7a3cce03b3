// SPDX-License-Identifier: GPL-2.0
/*
 * libksrtp example: one call keyed from its SDP's SDES crypto lines
 * (RFC 4568), RTP and RTCP multiplexed on one port, as a media server does
 * it: a tx flow with our key, an rx flow with the peer's. The flows stay
 * while stdin is open (the call); at its end the example prints each
 * flow's counters and deletes the flows.
 *
 *   sdes-call LOCAL_IP:PORT REMOTE_IP:PORT 'OUR a=crypto' 'PEER a=crypto'
 *
 * IPv4 only, and the two AES-CM suites with 80-bit tags, to stay short.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ksrtp/ksrtp.h>

/* "a=crypto:1 SUITE inline:BASE64[|...]": the suite and 30 or 46 bytes */
static int sdes_parse(const char *line, uint32_t *suite, uint8_t *out,
		      size_t *len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strstr(line, "inline:");
	unsigned int acc = 0, bits = 0;

	if (strstr(line, " AES_CM_128_HMAC_SHA1_80 "))
		*suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	else if (strstr(line, " AES_256_CM_HMAC_SHA1_80 "))
		*suite = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80;
	else
		return -1;
	if (!p)
		return -1;
	*len = 0;
	for (p += 7; *p && *p != '|' && *p != '='; p++) {
		const char *c = strchr(b64, *p);

		if (!c || *len == 46)
			return -1;
		acc = acc << 6 | (unsigned int)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[(*len)++] = (uint8_t)(acc >> bits);
		}
	}
	return *len == 30 || *len == 46 ? 0 : -1;
}

/* @c: a flow of the call in direction @dir, keyed by crypto line @sdes */
static int flow(struct ksrtp_flow_config *c, uint8_t dir, char *local,
		char *remote, const char *sdes)
{
	char *lport = strrchr(local, ':'), *rport = strrchr(remote, ':');
	uint8_t material[46];
	size_t len;

	KSRTP_INIT(c);
	c->dir = dir;
	c->family = AF_INET;
	if (!lport || !rport || sdes_parse(sdes, &c->suite, material, &len))
		return -1;
	*lport = *rport = '\0';
	if (inet_pton(AF_INET, local, c->local_addr) != 1 ||
	    inet_pton(AF_INET, remote, c->remote_addr) != 1)
		return -1;
	*lport = *rport = ':';
	c->local_port = (uint16_t)atoi(lport + 1);
	c->remote_port = (uint16_t)atoi(rport + 1);
	c->opts = KSRTP_FLOW_REMOTE | KSRTP_FLOW_RTCP_MUX;
	c->key_len = (uint8_t)(len - 14);
	c->salt_len = 14;
	memcpy(c->key, material, c->key_len);
	memcpy(c->salt, material + c->key_len, c->salt_len);
	explicit_bzero(material, sizeof(material));
	return 0;
}

static int show(const struct ksrtp_flow_info *fi, void *arg)
{
	const uint64_t *v = fi->stats.val;

	(void)arg;
	printf("sdes-call: flow %u %s port %u: %llu packets (%llu RTCP), %llu failed authentication\n",
	       fi->id, fi->dir == KSRTP_DIR_TX ? "tx" : "rx", fi->local_port,
	       (unsigned long long)v[KSRTP_A_STATS_PACKETS],
	       (unsigned long long)v[KSRTP_A_STATS_RTCP_PACKETS],
	       (unsigned long long)v[KSRTP_A_STATS_AUTH_FAIL]);
	return 0;
}

static int die(struct ksrtp *h, const char *what, int err)
{
	char buf[512];

	fprintf(stderr, "sdes-call: %s: %s\n", what,
		ksrtp_strerror(h, err, buf, sizeof(buf)));
	ksrtp_close(h);
	return 1;
}

int main(int argc, char **argv)
{
	struct ksrtp_flow_config c;
	struct ksrtp *h = NULL;
	uint32_t id[2];
	int i, ret;

	if (argc != 5) {
		fprintf(stderr, "usage: sdes-call LOCAL_IP:PORT REMOTE_IP:PORT 'OUR a=crypto' 'PEER a=crypto'\n");
		return 2;
	}
	ret = ksrtp_open(&h);
	if (ret)
		return die(NULL, "open", ret);
	for (i = 0; i < 2; i++) {
		uint8_t dir = i ? KSRTP_DIR_RX : KSRTP_DIR_TX;

		if (flow(&c, dir, argv[1], argv[2], argv[3 + i]))
			return die(h, "bad address or crypto line", -22);
		ret = ksrtp_flow_add(h, &c, &id[i]);
		explicit_bzero(&c, sizeof(c));
		if (ret)
			return die(h, "flow add", ret);
	}
	printf("sdes-call: tx flow %u, rx flow %u; the call lasts until stdin closes\n",
	       id[0], id[1]);
	fflush(stdout);
	while (getchar() != EOF)
		;
	for (i = 0; i < 2; i++) {
		ret = ksrtp_flow_get(h, id[i], show, NULL);
		if (ret < 0)
			return die(h, "flow get", ret);
		ret = ksrtp_flow_del(h, id[i]);
		if (ret)
			return die(h, "flow del", ret);
	}
	printf("sdes-call: call over, flows deleted\n");
	ksrtp_close(h);
	return 0;
}
