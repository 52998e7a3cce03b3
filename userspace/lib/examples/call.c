// SPDX-License-Identifier: GPL-2.0
/*
 * libksrtp example: the four flows of one call (RTP and RTCP, each tx and
 * rx, RTCP on port + 1), then a rekey of all four, as a media server
 * would do it after an SDES re-offer.
 *
 *   call LOCAL_IP LOCAL_RTP_PORT REMOTE_IP REMOTE_RTP_PORT [keep]
 *
 * Without "keep" the flows are deleted at the end. The keys here are
 * fixed for the example; a real server takes them from its SDP.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ksrtp/ksrtp.h>

static int die(struct ksrtp *h, const char *what, int err)
{
	char buf[512];

	fprintf(stderr, "call: %s: %s\n", what,
		ksrtp_strerror(h, err, buf, sizeof(buf)));
	ksrtp_close(h);
	return 1;
}

/* Fill @c with one flow of the call: @rtcp, on @lport / @rport. */
static int flow(struct ksrtp_flow_config *c, uint8_t dir, int rtcp,
		const char *lip, int lport, const char *rip, int rport,
		uint8_t key_byte)
{
	KSRTP_INIT(c);
	c->dir = dir;
	c->family = strchr(lip, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(c->family, lip, c->local_addr) != 1 ||
	    inet_pton(c->family, rip, c->remote_addr) != 1)
		return -1;
	c->local_port = (uint16_t)lport;
	c->remote_port = (uint16_t)rport;
	c->opts = KSRTP_FLOW_REMOTE | (rtcp ? KSRTP_FLOW_RTCP : 0);
	c->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	c->key_len = 16;
	c->salt_len = 14;
	memset(c->key, key_byte, c->key_len);
	memset(c->salt, key_byte + 1, c->salt_len);
	return 0;
}

static int show(const struct ksrtp_flow_info *fi, void *arg)
{
	(void)arg;
	printf("flow %u %s%s port %u keys %u\n", fi->id,
	       fi->dir == KSRTP_DIR_TX ? "tx" : "rx",
	       fi->opts & KSRTP_FLOW_RTCP ? " rtcp" : "", fi->local_port,
	       fi->n_keys);
	return 0;
}

int main(int argc, char **argv)
{
	struct ksrtp_flow_config c;
	struct ksrtp_key_config k;
	struct ksrtp *h;
	uint32_t id[4];
	int i, ret, lport, rport;

	if (argc < 5) {
		fprintf(stderr, "usage: call LOCAL_IP LOCAL_RTP_PORT REMOTE_IP REMOTE_RTP_PORT [keep]\n");
		return 2;
	}
	lport = atoi(argv[2]);
	rport = atoi(argv[4]);
	ret = ksrtp_open(&h);
	if (ret)
		return die(NULL, "open", ret);

	/* RTP tx, RTP rx, RTCP tx, RTCP rx: one key per direction */
	for (i = 0; i < 4; i++) {
		uint8_t dir = i % 2 ? KSRTP_DIR_RX : KSRTP_DIR_TX;
		int rtcp = i >= 2;

		if (flow(&c, dir, rtcp, argv[1], lport + rtcp, argv[3],
			 rport + rtcp, dir == KSRTP_DIR_TX ? 0x10 : 0x20))
			return die(h, "bad address", -22);
		ret = ksrtp_flow_add(h, &c, &id[i]);
		explicit_bzero(&c, sizeof(c));
		if (ret)
			return die(h, "flow add", ret);
	}
	printf("call: flows %u %u %u %u\n", id[0], id[1], id[2], id[3]);

	/*
	 * Rekey: tx switches at once (key replace), rx prepares the new key
	 * as next, which it takes on the peer's first packet under it.
	 */
	for (i = 0; i < 4; i++) {
		int tx = i % 2 == 0;

		KSRTP_INIT(&k);
		k.flow_id = id[i];
		k.key_len = 16;
		k.salt_len = 14;
		memset(k.key, tx ? 0x30 : 0x40, k.key_len);
		memset(k.salt, tx ? 0x31 : 0x41, k.salt_len);
		if (tx) {
			ret = ksrtp_key_replace(h, &k);
		} else {
			k.slot = KSRTP_KEY_SLOT_NEXT;
			ret = ksrtp_key_add(h, &k);
		}
		explicit_bzero(&k, sizeof(k));
		if (ret)
			return die(h, "rekey", ret);
	}
	printf("call: rekeyed\n");

	ret = ksrtp_flow_dump(h, 0, show, NULL);
	if (ret < 0)
		return die(h, "flow dump", ret);
	if (argc < 6 || strcmp(argv[5], "keep"))
		for (i = 0; i < 4; i++) {
			ret = ksrtp_flow_del(h, id[i]);
			if (ret)
				return die(h, "flow del", ret);
		}
	ksrtp_close(h);
	return 0;
}
