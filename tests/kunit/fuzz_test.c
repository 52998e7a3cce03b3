// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: packet fuzzing of the per-packet datapath code (kmod/xform.c).
 * Included by ksrtp_kunit.c after rekey_test.c, whose suite set-up and
 * flow helpers it uses.
 *
 * For every suite, with and without an MKI, two pairs of flows with the
 * same key on both ends (any SSRC, rtcp-mux, a replay window; the
 * receivers also hold a second key that the sender never uses: a prepared
 * next key, or a standby MKI key whose MKI differs from the sender's in
 * one bit, so that the receiver really tries more than one key):
 *
 * rx: random plain RTP packets (CC 0..15, header extensions, padding,
 * payloads of 0..1200 bytes) and RTCP compound packets are protected by
 * the sender with increasing sequence numbers, then mutated copies go to
 * the receiver: bit flips (single and multiple, everywhere), truncations
 * (at every length for one packet in eight, else a sample around the
 * boundaries), extensions by a few bytes, header fields set to boundary
 * values (CC, X and the extension length, P and the padding count, the
 * version, the RTCP length and count, the sequence number and SSRC), the
 * SRTCP E flag and index, the MKI (all zero, all ones, the other key's,
 * missing) and the tag, and the packet given as the other kind. Each copy
 * that differs from the authentic packet must be refused; then the
 * authentic packet must be accepted with exactly its plaintext, and once
 * only.
 *
 * tx: random plain packets, most of them malformed the same ways (one in
 * 48 truncated at every length), go to the sender of the other pair, with
 * increasing sequence numbers: each must either fail and leave its buffer
 * untouched, or succeed and come back unchanged through the receiver. An
 * unchanged packet must succeed.
 *
 * Every buffer handed to ksrtp_xform_rx() is a kmalloc() of exactly the
 * packet, and every buffer handed to ksrtp_xform_tx() one of exactly the
 * packet plus the room it is given (the flow's overhead, or now and then
 * less), so that KASAN reports a read or write of even one byte past the
 * end.
 *
 * The PRNG is prandom with a fixed seed (module parameter fuzz_seed),
 * printed with the results: a failure names the suite, the MKI length, the
 * packet number and the mutation with its argument (for a bit flip, the
 * bit: bit n is 1 << (n % 8) of byte n / 8), and reproduces with the same
 * seed, the suites' order being fixed; each suite and MKI half has a PRNG
 * of its own. fuzz_scale=N multiplies the number of packets (KSRTP_SOAK=1
 * runs 10).
 * The MKI half of each suite runs on a second thread, so that both CPUs of
 * the VM work.
 */

#include <linux/moduleparam.h>
#include <linux/prandom.h>

static unsigned int fuzz_scale = 1;
module_param(fuzz_scale, uint, 0444);
MODULE_PARM_DESC(fuzz_scale,
		 "ksrtp_fuzz: multiply the number of fuzzed packets (default 1)");

static unsigned int fuzz_seed = 0x6b737270;
module_param(fuzz_seed, uint, 0444);
MODULE_PARM_DESC(fuzz_seed, "ksrtp_fuzz: PRNG seed");

/* mutated packets over all suites, rx and tx together, times fuzz_scale */
#define KSRTP_FZ_TOTAL		200000
#define KSRTP_FZ_RX_PERCENT	70	/* of them fed to rx, the rest to tx */
#define KSRTP_FZ_NSSRC		4	/* SSRCs per pair */
#define KSRTP_FZ_MAX_SSRCS	64
#define KSRTP_FZ_MAX_PAYLOAD	1200
#define KSRTP_FZ_RTCP_MAX	1200	/* compound RTCP packets up to this */
#define KSRTP_FZ_BUF		2048	/* larger than any packet we build */
/* A worker gives up after this long, before KUnit's 300 s timeout. */
#define KSRTP_FZ_BUDGET_S	270
#define KSRTP_FZ_NFAIL		6	/* failures described per worker */

struct ksrtp_fz_key {
	u8 key[KSRTP_MAX_KEY_LEN];
	u8 salt[KSRTP_MAX_SALT_LEN];
	u8 mki[KSRTP_MAX_MKI_LEN];
};

/* One worker: one suite, with or without an MKI. */
struct ksrtp_fz {
	const struct ksrtp_suite_info *suite;
	u8 mki_len;
	u32 seed;
	struct rnd_state rnd;
	struct ksrtp_flow *tx, *rx;	/* rx fuzzing: mutated SRTP to rx */
	struct ksrtp_flow *tx2, *rx2;	/* tx fuzzing: malformed RTP to tx2 */
	u8 mki_b[KSRTP_MAX_MKI_LEN];	/* the receivers' other MKI */
	u32 ssrc[KSRTP_FZ_NSSRC];
	u16 seq[KSRTP_FZ_NSSRC];	/* the rx pair's, per SSRC */
	u16 seq2;			/* the tx pair's, one for all SSRCs */
	u8 *plain, *wire, *work;	/* KSRTP_FZ_BUF bytes each */
	u64 rx_target, tx_target;
	ktime_t deadline;

	/* the packet being fuzzed on rx */
	bool rtcp;
	u32 cur_ssrc;
	unsigned int plain_len, wire_len, hdr_len;
	unsigned int tag_off, tag_len, mki_off, idx_off;

	/* results */
	u64 packets;		/* authentic packets fuzzed on rx */
	u64 rx_mutated;		/* mutated copies fed to rx */
	u64 rx_accepted;	/* ... that rx accepted: must stay 0 */
	u64 rx_every_len;	/* packets truncated at every length */
	u64 tx_packets;		/* random plain packets fed to tx */
	u64 tx_mutated;		/* ... of them malformed */
	u64 tx_ok;		/* ... protected and round-tripped */
	u64 tx_every_len;
	u64 bad;		/* failures of any kind */
	bool timed_out;
	unsigned int nfail;
	char fail[KSRTP_FZ_NFAIL][192];
	s64 ms;
	struct completion done;
};

/* The totals of the suite, for ksrtp_fuzz_total_test. */
static atomic64_t ksrtp_fz_sum_mutated, ksrtp_fz_sum_rx, ksrtp_fz_sum_tx;
static atomic64_t ksrtp_fz_sum_accepted, ksrtp_fz_sum_tx_packets;
static atomic64_t ksrtp_fz_sum_tx_ok, ksrtp_fz_sum_packets, ksrtp_fz_sum_ms;
static atomic_t ksrtp_fz_suites_done;

static __printf(2, 3) void ksrtp_fz_err(struct ksrtp_fz *f,
					 const char *fmt, ...)
{
	va_list ap;

	f->bad++;
	if (f->nfail >= KSRTP_FZ_NFAIL)
		return;
	va_start(ap, fmt);
	vsnprintf(f->fail[f->nfail++], sizeof(f->fail[0]), fmt, ap);
	va_end(ap);
}

static void ksrtp_fz_nomem(struct ksrtp_fz *f)
{
	ksrtp_fz_err(f, "no memory for a packet buffer");
}

/* A uniform random number below @n (0 if @n is 0). */
static u32 ksrtp_fz_rnd(struct ksrtp_fz *f, u32 n)
{
	return (u32)(((u64)prandom_u32_state(&f->rnd) * n) >> 32);
}

static const char *ksrtp_fz_kind(bool rtcp)
{
	return rtcp ? "SRTCP" : "SRTP";
}

/* ---- flows ---- */

/* Key @which (0: the sender's, 1: the receivers' other key) of @f. */
static void ksrtp_fz_key_fill(const struct ksrtp_fz *f, struct ksrtp_fz_key *k,
			      u8 which)
{
	unsigned int i;

	for (i = 0; i < sizeof(k->key); i++)
		k->key[i] = (u8)(f->suite->id * 29 + which * 101 + i * 13 + 7);
	for (i = 0; i < sizeof(k->salt); i++)
		k->salt[i] = (u8)(f->suite->id * 5 + which * 77 + i * 3 + 1);
	/* 5a 6b 7c 8d; the other key's differs in the last bit */
	for (i = 0; i < sizeof(k->mki); i++)
		k->mki[i] = (u8)(0x5a + i * 0x11);
	if (which && f->mki_len)
		k->mki[f->mki_len - 1] ^= 0x01;
}

static void ksrtp_fz_key_cfg(const struct ksrtp_fz *f, struct ksrtp_key_cfg *c,
			     struct ksrtp_fz_key *k)
{
	memset(c, 0, sizeof(*c));
	c->master.suite = f->suite->id;
	c->master.key = k->key;
	c->master.salt = k->salt;
	if (f->mki_len) {
		c->master.mki = k->mki;
		c->master.mki_len = f->mki_len;
	}
}

static struct ksrtp_flow *ksrtp_fz_flow(struct ksrtp_fz *f, u8 dir)
{
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_fz_key k;

	ksrtp_fz_key_fill(f, &k, 0);
	cfg.key.family = AF_INET;
	cfg.key.dir = dir;
	cfg.flags = KSRTP_FLOW_F_SSRC_ANY | KSRTP_FLOW_F_RTCP_MUX;
	cfg.max_ssrcs = KSRTP_FZ_MAX_SSRCS;
	cfg.replay_window = 1024;
	ksrtp_fz_key_cfg(f, &cfg.kcfg, &k);
	return ksrtp_flow_alloc(&cfg, &init_net, NULL);
}

/* The receiver's second key: prepared next, or a standby MKI key. */
static int ksrtp_fz_other_key(struct ksrtp_fz *f, struct ksrtp_flow *rx)
{
	struct ksrtp_key_cfg c;
	struct ksrtp_fz_key k;

	ksrtp_fz_key_fill(f, &k, 1);
	memcpy(f->mki_b, k.mki, sizeof(f->mki_b));
	ksrtp_fz_key_cfg(f, &c, &k);
	c.slot = f->mki_len ? 0 : KSRTP_KEY_SLOT_NEXT;
	return ksrtp_key_new(rx, &c, NULL);
}

static int ksrtp_fz_xtx(struct ksrtp_flow *flow, u8 *buf, unsigned int len,
			bool rtcp, unsigned int room, unsigned int *out_len)
{
	int ret;

	rcu_read_lock();
	local_bh_disable();
	ret = ksrtp_xform_tx(flow, buf, len, rtcp, room, out_len, NULL);
	local_bh_enable();
	rcu_read_unlock();
	return ret;
}

static int ksrtp_fz_xrx(struct ksrtp_flow *flow, u8 *buf, unsigned int len,
			bool rtcp, unsigned int *out_len)
{
	int ret;

	rcu_read_lock();
	local_bh_disable();
	ret = ksrtp_xform_rx(flow, buf, len, rtcp, out_len, NULL);
	local_bh_enable();
	rcu_read_unlock();
	return ret;
}

/* ---- random plain packets ---- */

static unsigned int ksrtp_fz_payload_len(struct ksrtp_fz *f)
{
	switch (ksrtp_fz_rnd(f, 8)) {
	case 0:
		return 0;
	case 1:
	case 2:
	case 3:
	case 4:
		return ksrtp_fz_rnd(f, 161);
	case 5:
	case 6:
		return ksrtp_fz_rnd(f, 401);
	default:
		return ksrtp_fz_rnd(f, KSRTP_FZ_MAX_PAYLOAD + 1);
	}
}

/* A random RTP packet in @p; returns its length. */
static unsigned int ksrtp_fz_rtp(struct ksrtp_fz *f, u8 *p, u32 ssrc, u16 seq)
{
	unsigned int cc = ksrtp_fz_rnd(f, 4) ? ksrtp_fz_rnd(f, 3) :
					       ksrtp_fz_rnd(f, 16);
	unsigned int words = ksrtp_fz_rnd(f, 4) ? ksrtp_fz_rnd(f, 4) :
						  ksrtp_fz_rnd(f, 17);
	bool x = ksrtp_fz_rnd(f, 2), pad = !ksrtp_fz_rnd(f, 4);
	unsigned int payload = ksrtp_fz_payload_len(f), hdr, len;
	u8 b1 = ksrtp_fz_rnd(f, 256);

	/* RFC 5761: no marker + payload type that looks like RTCP */
	if (b1 >= 192 && b1 <= 223)
		b1 &= 0x7f;
	if (pad && !payload)
		payload = 1;
	hdr = KSRTP_RTP_HDR_LEN + 4 * cc + (x ? 4 + 4 * words : 0);
	len = hdr + payload;
	prandom_bytes_state(&f->rnd, p, len);
	p[0] = 0x80 | (pad ? 0x20 : 0) | (x ? 0x10 : 0) | cc;
	p[1] = b1;
	put_unaligned_be16(seq, p + 2);
	put_unaligned_be32(ssrc, p + 8);
	if (x) {
		if (ksrtp_fz_rnd(f, 2))
			put_unaligned_be16(0xbede, p + 12 + 4 * cc);
		put_unaligned_be16(words, p + 12 + 4 * cc + 2);
	}
	if (pad)
		p[len - 1] = 1 + ksrtp_fz_rnd(f, min(payload, 255U));
	return len;
}

/* A random compound RTCP packet (SR or RR first) in @p; returns its length. */
static unsigned int ksrtp_fz_rtcp(struct ksrtp_fz *f, u8 *p, u32 ssrc)
{
	static const u8 pts[] = { 202, 203, 204, 205, 206, 207 };
	unsigned int rc = ksrtp_fz_rnd(f, 4) ? ksrtp_fz_rnd(f, 3) :
					       ksrtp_fz_rnd(f, 32);
	bool sr = ksrtp_fz_rnd(f, 2);
	unsigned int words, len, n;

	/* SSRC, sender info, report blocks (RFC 3550 6.4) */
	words = 1 + (sr ? 5 : 0) + 6 * rc;
	len = 4 + 4 * words;
	prandom_bytes_state(&f->rnd, p, len);
	p[0] = 0x80 | rc;
	p[1] = sr ? 200 : 201;
	put_unaligned_be16(words, p + 2);
	put_unaligned_be32(ssrc, p + 4);

	/* then SDES, BYE, APP, feedback or XR packets */
	for (n = ksrtp_fz_rnd(f, 4); n; n--) {
		u8 *q = p + len;

		words = 1 + ksrtp_fz_rnd(f, ksrtp_fz_rnd(f, 4) ? 8 : 64);
		if (len + 4 + 4 * words > KSRTP_FZ_RTCP_MAX)
			break;
		prandom_bytes_state(&f->rnd, q, 4 + 4 * words);
		q[0] = 0x80 | ksrtp_fz_rnd(f, 32);
		q[1] = pts[ksrtp_fz_rnd(f, ARRAY_SIZE(pts))];
		put_unaligned_be16(words, q + 2);
		put_unaligned_be32(ssrc, q + 4);
		len += 4 + 4 * words;
	}
	return len;
}

/*
 * Header field number @i set to a boundary value in the packet at @p,
 * *@len bytes, of which the RTP or RTCP part is the first @plain (the rest
 * is the SRTP trailer). May shorten *@len. Returns 1 if done, 0 if field
 * @i does not apply to this packet, -1 past the last field.
 */
#define KSRTP_FZ_RTP_FIELDS	20
#define KSRTP_FZ_RTCP_FIELDS	15

static int ksrtp_fz_field(u8 *p, unsigned int *len, unsigned int plain,
			  bool rtcp, unsigned int i, const char **what,
			  u32 *arg)
{
	static const u16 ext_lens[] = { 0, 1, 0xffff };
	static const u8 pads[] = { 0, 1, 255 };
	static const u8 versions[] = { 0, 1, 3 };
	unsigned int n = *len, off, hdr;
	struct ksrtp_rtp_hdr h;
	u32 v;

	if (n < (rtcp ? KSRTP_RTCP_HDR_LEN : KSRTP_RTP_HDR_LEN) || !plain)
		return -1;
	if (rtcp) {
		switch (i) {
		case 0 ... 4:
			v = get_unaligned_be16(p + 2);
			v = i == 0 ? 0 : i == 1 ? 0xffff : i == 2 ? v - 1 :
			    i == 3 ? v + 1 : plain / 4 - 1;
			put_unaligned_be16(v, p + 2);
			*what = "rtcp-length";
			*arg = (u16)v;
			return 1;
		case 5 ... 6:
			*arg = i == 5 ? 0 : 31;
			p[0] = (p[0] & 0xe0) | *arg;
			*what = "rtcp-count";
			return 1;
		case 7:
			p[0] ^= 0x20;
			*what = "rtcp-P-toggled";
			*arg = 0;
			return 1;
		case 8 ... 11:
			*arg = i == 8 ? 0 : i == 9 ? 96 : i == 10 ? 255 : p[1] ^ 1;
			p[1] = *arg;
			*what = "rtcp-pt";
			return 1;
		case 12 ... 14:
			*arg = versions[i - 12];
			p[0] = (p[0] & 0x3f) | (*arg << 6);
			*what = "version";
			return 1;
		default:
			return -1;
		}
	}

	off = KSRTP_RTP_HDR_LEN + 4 * (p[0] & 0x0f);
	hdr = ksrtp_rtp_parse(p, plain, &h) ? off : h.hdr_len;
	switch (i) {
	case 0:
		p[0] |= 0x0f;
		*what = "cc";
		*arg = 15;
		return 1;
	case 1:
		/* CC 15, fewer bytes than 15 CSRCs need */
		if (n <= KSRTP_RTP_HDR_LEN)
			return 0;
		p[0] |= 0x0f;
		*len = min(n - 1, KSRTP_RTP_HDR_LEN + 4 * 15 - 1);
		*what = "cc15-cut-to";
		*arg = *len;
		return 1;
	case 2:
		p[0] = (p[0] & 0xf0) | ((p[0] + 1) & 0x0f);
		*what = "cc+1";
		*arg = p[0] & 0x0f;
		return 1;
	case 3 ... 8:
		if (off + 4 > n)
			return 0;
		if (i < 6)
			v = ext_lens[i - 3];
		else if (i == 6)	/* the extension takes the payload */
			v = off + 4 <= plain ? (plain - off - 4) / 4 : 0;
		else			/* ... up to the end of the packet */
			v = (n - off - 4) / 4 + (i - 7);
		p[0] |= 0x10;
		put_unaligned_be16(v, p + off + 2);
		*what = "x-ext-words";
		*arg = (u16)v;
		return 1;
	case 9:
		p[0] ^= 0x10;
		*what = "x-toggled";
		*arg = 0;
		return 1;
	case 10 ... 15:
		if (i < 13)
			v = pads[i - 10];
		else if (i == 13)	/* the whole payload */
			v = plain - hdr;
		else if (i == 14)	/* one more */
			v = plain - hdr + 1;
		else
			v = plain;
		p[0] |= 0x20;
		p[plain - 1] = v;
		*what = "p-count";
		*arg = (u8)v;
		return 1;
	case 16:
		p[0] ^= 0x20;
		*what = "p-toggled";
		*arg = 0;
		return 1;
	case 17 ... 19:
		*arg = versions[i - 17];
		p[0] = (p[0] & 0x3f) | (*arg << 6);
		*what = "version";
		return 1;
	default:
		return -1;
	}
}

/* ---- rx: mutated copies of a protected packet ---- */

/* Copy the authentic protected packet into f->work; returns f->work. */
static u8 *ksrtp_fz_reset(struct ksrtp_fz *f)
{
	memcpy(f->work, f->wire, f->wire_len);
	return f->work;
}

/*
 * Feed the first @len bytes of f->work to the receiver as kind @force (-1:
 * as the datapath classifies them). A copy that differs from the authentic
 * packet, or has another kind, must be refused.
 */
static void ksrtp_fz_rx_try(struct ksrtp_fz *f, unsigned int len, int force,
			    const char *what, u32 arg)
{
	unsigned int out_len = 0;
	bool rtcp;
	u8 *buf;
	int ret;

	if (force < 0) {
		enum ksrtp_kind kind = ksrtp_classify(f->rx, f->work, len);

		if (len == f->wire_len && !memcmp(f->work, f->wire, len))
			return;		/* not a mutation */
		/* (the datapath passes "other" through: try it anyway) */
		rtcp = kind == KSRTP_KIND_OTHER ? f->rtcp :
						  kind == KSRTP_KIND_RTCP;
	} else {
		rtcp = force;
	}
	/* exactly @len bytes, so that KASAN sees any access past the end */
	buf = kmemdup(f->work, len, GFP_KERNEL);
	if (!buf) {
		ksrtp_fz_nomem(f);
		return;
	}
	ret = ksrtp_fz_xrx(f->rx, buf, len, rtcp, &out_len);
	kfree(buf);
	f->rx_mutated++;
	if (ret == 0) {
		f->rx_accepted++;
		ksrtp_fz_err(f, "rx accepted a mutated %s packet (fed as %s): %s %u, %u of %u bytes, packet %llu",
			     ksrtp_fz_kind(f->rtcp), ksrtp_fz_kind(rtcp),
			     what, arg, len, f->wire_len, f->packets);
	}
}

static void ksrtp_fz_rx_flip(struct ksrtp_fz *f, unsigned int bit,
			     const char *what)
{
	u8 *w = ksrtp_fz_reset(f);

	w[bit / 8] ^= 1 << (bit % 8);
	ksrtp_fz_rx_try(f, f->wire_len, -1, what, bit);
}

/* A random bit of bytes [@start, @start + @n) flipped. */
static void ksrtp_fz_rx_flip_in(struct ksrtp_fz *f, unsigned int start,
				unsigned int n, const char *what)
{
	if (n)
		ksrtp_fz_rx_flip(f, start * 8 + ksrtp_fz_rnd(f, n * 8), what);
}

static void ksrtp_fz_rx_flips(struct ksrtp_fz *f, bool every)
{
	unsigned int L = f->wire_len, i, k, n, bit = 0;
	unsigned int fixed = f->rtcp ? KSRTP_RTCP_HDR_LEN : KSRTP_RTP_HDR_LEN;
	u8 *w;

	if (every) {
		/* every bit of the fixed header, the index and the MKI */
		for (i = 0; i < fixed * 8; i++)
			ksrtp_fz_rx_flip(f, i, "flip-header-bit");
		if (f->rtcp)
			for (i = 0; i < KSRTP_SRTCP_INDEX_LEN * 8; i++)
				ksrtp_fz_rx_flip(f, f->idx_off * 8 + i,
						 "flip-e-index-bit");
		for (i = 0; i < f->mki_len * 8U; i++)
			ksrtp_fz_rx_flip(f, f->mki_off * 8 + i, "flip-mki-bit");
		for (i = 0; i < 16; i++)
			ksrtp_fz_rx_flip_in(f, f->tag_off, f->tag_len,
					    "flip-tag-bit");
	}
	/* one in each part of the packet */
	ksrtp_fz_rx_flip_in(f, 0, fixed, "flip-header-bit");
	ksrtp_fz_rx_flip_in(f, fixed, f->hdr_len - fixed, "flip-csrc-ext-bit");
	ksrtp_fz_rx_flip_in(f, f->hdr_len, f->plain_len - f->hdr_len,
			    "flip-payload-bit");
	if (f->rtcp)
		ksrtp_fz_rx_flip_in(f, f->idx_off, KSRTP_SRTCP_INDEX_LEN,
				    "flip-e-index-bit");
	ksrtp_fz_rx_flip_in(f, f->mki_off, f->mki_len, "flip-mki-bit");
	ksrtp_fz_rx_flip_in(f, f->tag_off, f->tag_len, "flip-tag-bit");
	/* and anywhere */
	for (i = 0; i < 10; i++)
		ksrtp_fz_rx_flip(f, ksrtp_fz_rnd(f, L * 8), "flip-bit");

	/* several bits at once */
	for (k = 0; k < 3; k++) {
		w = ksrtp_fz_reset(f);
		n = 2 + ksrtp_fz_rnd(f, 15);
		for (i = 0; i < n; i++) {
			bit = ksrtp_fz_rnd(f, L * 8);
			w[bit / 8] ^= 1 << (bit % 8);
		}
		ksrtp_fz_rx_try(f, L, -1, "flip-bits-last", bit);
	}
	/* a burst of random bytes */
	w = ksrtp_fz_reset(f);
	i = ksrtp_fz_rnd(f, L);
	n = min(1 + ksrtp_fz_rnd(f, 8), L - i);
	prandom_bytes_state(&f->rnd, w + i, n);
	ksrtp_fz_rx_try(f, L, -1, "random-bytes-at", i);
}

static void ksrtp_fz_rx_cut(struct ksrtp_fz *f, unsigned int n)
{
	ksrtp_fz_reset(f);
	ksrtp_fz_rx_try(f, n, -1, "truncated-to", n);
}

static void ksrtp_fz_rx_truncations(struct ksrtp_fz *f, bool every)
{
	unsigned int L = f->wire_len, c[24], n = 0, i, j;

	if (every) {
		for (i = 0; i < L; i++)
			ksrtp_fz_rx_cut(f, i);
		f->rx_every_len++;
		return;
	}
	c[n++] = 0;
	c[n++] = 1;
	c[n++] = 7;
	c[n++] = 8;
	c[n++] = 11;
	c[n++] = 12;
	c[n++] = f->hdr_len - 1;
	c[n++] = f->hdr_len;
	c[n++] = f->hdr_len + 1;
	c[n++] = f->plain_len - 1;
	c[n++] = f->plain_len;
	c[n++] = f->plain_len + 1;
	c[n++] = f->tag_off;
	c[n++] = f->mki_off;
	c[n++] = f->idx_off;
	c[n++] = L - 1;
	c[n++] = L - 2;
	c[n++] = L - 4;
	while (n < ARRAY_SIZE(c))
		c[n++] = ksrtp_fz_rnd(f, L);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && c[j] != c[i]; j++)
			;
		if (j == i && c[i] < L)
			ksrtp_fz_rx_cut(f, c[i]);
	}
}

static void ksrtp_fz_rx_extensions(struct ksrtp_fz *f)
{
	unsigned int k;
	u8 *w;

	for (k = 0; k < 2; k++) {
		unsigned int n = 1 + ksrtp_fz_rnd(f, 4);

		w = ksrtp_fz_reset(f);
		if (k)
			prandom_bytes_state(&f->rnd, w + f->wire_len, n);
		else
			memset(w + f->wire_len, 0, n);
		ksrtp_fz_rx_try(f, f->wire_len + n, -1, "extended-by", n);
	}
}

static void ksrtp_fz_rx_fields(struct ksrtp_fz *f)
{
	unsigned int i, len;
	const char *what;
	u32 arg;
	int r;

	for (i = 0;; i++) {
		len = f->wire_len;
		r = ksrtp_fz_field(ksrtp_fz_reset(f), &len, f->plain_len,
				   f->rtcp, i, &what, &arg);
		if (r < 0)
			break;
		if (r)
			ksrtp_fz_rx_try(f, len, -1, what, arg);
	}
}

/* Identity, index, MKI and tag fields; the packet as the other kind. */
static void ksrtp_fz_rx_trailer(struct ksrtp_fz *f)
{
	static const u16 seq_delta[] = { 1, 0xffff, 0x8000 };
	unsigned int L = f->wire_len, m = f->mki_len, i;
	u32 v, ssrc_off = f->rtcp ? 4 : 8;
	u8 *w;

	/* another SSRC: one of ours, 0, all ones */
	for (i = 0; i < 3; i++) {
		v = i == 0 ? f->ssrc[(f->cur_ssrc == f->ssrc[0])] :
		    i == 1 ? 0 : 0xffffffff;
		w = ksrtp_fz_reset(f);
		put_unaligned_be32(v, w + ssrc_off);
		ksrtp_fz_rx_try(f, L, -1, "ssrc", v);
	}
	if (!f->rtcp) {
		for (i = 0; i < ARRAY_SIZE(seq_delta) + 2; i++) {
			w = ksrtp_fz_reset(f);
			v = get_unaligned_be16(w + 2);
			v = i < ARRAY_SIZE(seq_delta) ? (u16)(v + seq_delta[i]) :
			    i == ARRAY_SIZE(seq_delta) ? 0 : 0xffff;
			put_unaligned_be16(v, w + 2);
			ksrtp_fz_rx_try(f, L, -1, "seq", v);
		}
		/* byte 1 like RTCP: the datapath takes it for SRTCP */
		w = ksrtp_fz_reset(f);
		w[1] = 200;
		ksrtp_fz_rx_try(f, L, -1, "byte1", 200);
	} else {
		u32 word = get_unaligned_be32(f->wire + f->idx_off);
		u32 idx = word & KSRTP_SRTCP_INDEX_MASK;
		u32 e = word & KSRTP_SRTCP_E_FLAG;

		w = ksrtp_fz_reset(f);
		put_unaligned_be32(word ^ KSRTP_SRTCP_E_FLAG, w + f->idx_off);
		ksrtp_fz_rx_try(f, L, -1, "e-flag-toggled", !e);
		for (i = 0; i < 4; i++) {
			v = i == 0 ? 0 : i == 1 ? KSRTP_SRTCP_INDEX_MASK :
			    i == 2 ? idx + 1 : idx - 1;
			w = ksrtp_fz_reset(f);
			put_unaligned_be32(e | (v & KSRTP_SRTCP_INDEX_MASK),
					   w + f->idx_off);
			ksrtp_fz_rx_try(f, L, -1, "srtcp-index",
					v & KSRTP_SRTCP_INDEX_MASK);
		}
	}

	if (m) {
		/* all zero, all ones, the receiver's other key's, top bit */
		for (i = 0; i < 4; i++) {
			w = ksrtp_fz_reset(f);
			if (i < 2)
				memset(w + f->mki_off, i ? 0xff : 0, m);
			else if (i == 2)
				memcpy(w + f->mki_off, f->mki_b, m);
			else
				w[f->mki_off] ^= 0x80;
			ksrtp_fz_rx_try(f, L, -1, "mki", i);
		}
		/* no MKI at all */
		w = ksrtp_fz_reset(f);
		memmove(w + f->mki_off, w + f->mki_off + m, L - f->mki_off - m);
		ksrtp_fz_rx_try(f, L - m, -1, "mki-removed", m);
	} else {
		/* an MKI where a flow with one would have it */
		w = ksrtp_fz_reset(f);
		memmove(w + f->mki_off + 4, w + f->mki_off, L - f->mki_off);
		memset(w + f->mki_off, 0x5a, 4);
		ksrtp_fz_rx_try(f, L + 4, -1, "mki-inserted", 4);
	}

	for (i = 0; i < 2; i++) {
		w = ksrtp_fz_reset(f);
		memset(w + f->tag_off, i ? 0xff : 0, f->tag_len);
		ksrtp_fz_rx_try(f, L, -1, "tag", i);
	}

	/* the authentic bytes, given as the other kind */
	ksrtp_fz_reset(f);
	ksrtp_fz_rx_try(f, L, !f->rtcp, "other-kind", 0);
}

/* Where the parts of the protected packet in f->wire are. */
static void ksrtp_fz_layout(struct ksrtp_fz *f)
{
	const struct ksrtp_suite_info *s = f->suite;
	unsigned int p = f->plain_len, m = f->mki_len;
	struct ksrtp_rtp_hdr h;

	f->idx_off = 0;
	if (f->rtcp) {
		f->hdr_len = KSRTP_RTCP_HDR_LEN;
		f->tag_len = s->rtcp_tag_len;
		if (s->aead) {
			/* header | ciphertext | tag | E+index | MKI */
			f->tag_off = p;
			f->idx_off = p + f->tag_len;
			f->mki_off = f->idx_off + KSRTP_SRTCP_INDEX_LEN;
		} else {
			/* header | ciphertext | E+index | MKI | tag */
			f->idx_off = p;
			f->mki_off = p + KSRTP_SRTCP_INDEX_LEN;
			f->tag_off = f->mki_off + m;
		}
	} else {
		f->hdr_len = ksrtp_rtp_parse(f->plain, p, &h) ? p : h.hdr_len;
		f->tag_len = s->rtp_tag_len;
		if (s->aead) {
			f->tag_off = p;
			f->mki_off = p + f->tag_len;
		} else {
			f->mki_off = p;
			f->tag_off = p + m;
		}
	}
}

/* Build a packet, protect it, fuzz the receiver with it, then deliver it. */
static void ksrtp_fz_rx_packet(struct ksrtp_fz *f)
{
	unsigned int s = ksrtp_fz_rnd(f, KSRTP_FZ_NSSRC), room, out_len = 0;
	bool every_len = f->packets % 8 == 0, every_bit = f->packets % 8 == 4;
	enum ksrtp_kind kind;
	u8 *buf;
	int ret;

	f->rtcp = !ksrtp_fz_rnd(f, 4);
	f->cur_ssrc = f->ssrc[s];
	if (f->rtcp) {
		f->plain_len = ksrtp_fz_rtcp(f, f->plain, f->cur_ssrc);
	} else {
		f->plain_len = ksrtp_fz_rtp(f, f->plain, f->cur_ssrc,
					    f->seq[s]);
		/* increasing, with a gap now and then */
		f->seq[s] += 1 + (ksrtp_fz_rnd(f, 8) ? 0 : ksrtp_fz_rnd(f, 16));
	}
	kind = ksrtp_classify(f->tx, f->plain, f->plain_len);
	if (kind != (f->rtcp ? KSRTP_KIND_RTCP : KSRTP_KIND_RTP)) {
		ksrtp_fz_err(f, "packet %llu: built %s, classified %d",
			     f->packets, ksrtp_fz_kind(f->rtcp), kind);
		return;
	}

	room = f->plain_len + f->tx->overhead[f->rtcp];
	buf = kmalloc(room, GFP_KERNEL);
	if (!buf) {
		ksrtp_fz_nomem(f);
		return;
	}
	memcpy(buf, f->plain, f->plain_len);
	ret = ksrtp_fz_xtx(f->tx, buf, f->plain_len, f->rtcp, room, &out_len);
	if (ret || out_len != room) {
		ksrtp_fz_err(f, "packet %llu: tx refused a valid %u-byte %s packet: %d, length %u",
			     f->packets, f->plain_len,
			     f->rtcp ? "RTCP" : "RTP", ret, out_len);
		kfree(buf);
		return;
	}
	memcpy(f->wire, buf, out_len);
	f->wire_len = out_len;
	kfree(buf);
	ksrtp_fz_layout(f);

	ksrtp_fz_rx_flips(f, every_bit);
	ksrtp_fz_rx_truncations(f, every_len);
	ksrtp_fz_rx_extensions(f);
	ksrtp_fz_rx_fields(f);
	ksrtp_fz_rx_trailer(f);

	/* the control: the authentic packet is accepted, with its plaintext */
	buf = kmemdup(f->wire, f->wire_len, GFP_KERNEL);
	if (!buf) {
		ksrtp_fz_nomem(f);
		return;
	}
	ret = ksrtp_fz_xrx(f->rx, buf, f->wire_len, f->rtcp, &out_len);
	if (ret)
		ksrtp_fz_err(f, "packet %llu: rx refused the authentic %u-byte %s packet: %d",
			     f->packets, f->wire_len, ksrtp_fz_kind(f->rtcp),
			     ret);
	else if (out_len != f->plain_len ||
		 memcmp(buf, f->plain, f->plain_len))
		ksrtp_fz_err(f, "packet %llu: rx accepted the authentic %s packet with the wrong plaintext (%u bytes, want %u)",
			     f->packets, ksrtp_fz_kind(f->rtcp), out_len,
			     f->plain_len);
	/* and only once */
	memcpy(buf, f->wire, f->wire_len);
	ret = ksrtp_fz_xrx(f->rx, buf, f->wire_len, f->rtcp, &out_len);
	if (!ret)
		ksrtp_fz_err(f, "packet %llu: rx accepted a replayed %s packet",
			     f->packets, ksrtp_fz_kind(f->rtcp));
	kfree(buf);
	f->packets++;
}

/* ---- tx: random and malformed plain packets ---- */

/* The SSRC (and for RTP, sequence number) of a packet built as @rtcp. */
static void ksrtp_fz_stamp(u8 *p, unsigned int len, bool rtcp, u32 ssrc,
			   u16 seq)
{
	if (rtcp) {
		if (len >= 8)
			put_unaligned_be32(ssrc, p + 4);
		return;
	}
	if (len >= 4)
		put_unaligned_be16(seq, p + 2);
	if (len >= 12)
		put_unaligned_be32(ssrc, p + 8);
}

static bool ksrtp_fz_is_fill(const u8 *p, unsigned int n)
{
	while (n--)
		if (*p++ != 0xa5)
			return false;
	return true;
}

/*
 * Feed the first @len bytes of f->work (a possibly malformed copy of the
 * @plain_len-byte packet in f->plain, built as RTCP if @rtcp) to tx2. Its
 * SSRC and sequence number are stamped first: SSRCs stay the pair's, and
 * sequence numbers only increase. It must fail and leave the buffer
 * untouched, or succeed and round-trip through rx2.
 */
static void ksrtp_fz_tx_one(struct ksrtp_fz *f, unsigned int plain_len,
			    unsigned int len, bool rtcp, const char *what,
			    u32 arg)
{
	unsigned int over, room, out_len = 0, rx_len = 0;
	bool mutated, short_room, krtcp;
	enum ksrtp_kind kind;
	u16 seq = f->seq2++;
	u8 *buf;
	int ret;

	ksrtp_fz_stamp(f->plain, plain_len, rtcp, f->cur_ssrc, seq);
	ksrtp_fz_stamp(f->work, len, rtcp, f->cur_ssrc, seq);
	mutated = len != plain_len || memcmp(f->work, f->plain, len);
	kind = ksrtp_classify(f->tx2, f->work, len);
	krtcp = kind == KSRTP_KIND_OTHER ? rtcp : kind == KSRTP_KIND_RTCP;

	/* exactly the room tx is told about; now and then too little */
	over = f->tx2->overhead[krtcp];
	room = len + over;
	short_room = !ksrtp_fz_rnd(f, 32);
	if (short_room)
		room -= 1 + ksrtp_fz_rnd(f, over);
	buf = kmalloc(room, GFP_KERNEL);
	if (!buf) {
		ksrtp_fz_nomem(f);
		return;
	}
	memcpy(buf, f->work, len);
	memset(buf + len, 0xa5, room - len);

	ret = ksrtp_fz_xtx(f->tx2, buf, len, krtcp, room, &out_len);
	f->tx_packets++;
	f->tx_mutated += mutated;
	if (ret) {
		if (!mutated && !short_room)
			ksrtp_fz_err(f, "tx refused a valid %u-byte %s packet: %d",
				     len, krtcp ? "RTCP" : "RTP", ret);
		if (memcmp(buf, f->work, len) ||
		    !ksrtp_fz_is_fill(buf + len, room - len))
			ksrtp_fz_err(f, "tx refused a %s%s packet (%d) but changed it: %s %u, %u bytes",
				     mutated ? "malformed " : "",
				     krtcp ? "RTCP" : "RTP", ret, what, arg,
				     len);
		kfree(buf);
		return;
	}
	if (short_room || out_len != len + over) {
		ksrtp_fz_err(f, "tx protected a %u-byte %s packet into %u bytes with %u bytes of room: %s %u",
			     len, krtcp ? "RTCP" : "RTP", out_len, room,
			     what, arg);
		kfree(buf);
		return;
	}
	ret = ksrtp_fz_xrx(f->rx2, buf, out_len, krtcp, &rx_len);
	if (ret || rx_len != len || memcmp(buf, f->work, len))
		ksrtp_fz_err(f, "tx protected a %s%s packet that did not round-trip (rx %d, %u of %u bytes): %s %u",
			     mutated ? "malformed " : "",
			     krtcp ? "RTCP" : "RTP", ret, rx_len, len, what,
			     arg);
	else
		f->tx_ok++;
	kfree(buf);
}

static void ksrtp_fz_tx_packet(struct ksrtp_fz *f)
{
	bool rtcp = !ksrtp_fz_rnd(f, 4);
	unsigned int len, n, i, k;
	const char *what = "valid";
	u32 arg = 0;

	f->cur_ssrc = f->ssrc[ksrtp_fz_rnd(f, KSRTP_FZ_NSSRC)];
	len = rtcp ? ksrtp_fz_rtcp(f, f->plain, f->cur_ssrc) :
		     ksrtp_fz_rtp(f, f->plain, f->cur_ssrc, 0);

	if (!ksrtp_fz_rnd(f, 48)) {
		for (n = 0; n < len; n++) {
			memcpy(f->work, f->plain, n);
			ksrtp_fz_tx_one(f, len, n, rtcp, "truncated-to", n);
		}
		f->tx_every_len++;
		return;
	}

	memcpy(f->work, f->plain, len);
	n = len;
	switch (ksrtp_fz_rnd(f, 8)) {
	case 0:
	case 1:
		break;
	case 2:
		k = 1 + ksrtp_fz_rnd(f, 4);
		for (i = 0; i < k; i++) {
			arg = ksrtp_fz_rnd(f, len * 8);
			f->work[arg / 8] ^= 1 << (arg % 8);
		}
		what = "flip-bits-last";
		break;
	case 3:
		n = ksrtp_fz_rnd(f, len);
		what = "truncated-to";
		arg = n;
		break;
	case 4:
		arg = 1 + ksrtp_fz_rnd(f, 4);
		prandom_bytes_state(&f->rnd, f->work + len, arg);
		n = len + arg;
		what = "extended-by";
		break;
	default:
		for (k = 0; k < 4; k++) {
			i = ksrtp_fz_rnd(f, rtcp ? KSRTP_FZ_RTCP_FIELDS :
						   KSRTP_FZ_RTP_FIELDS);
			if (ksrtp_fz_field(f->work, &n, len, rtcp, i, &what,
					   &arg) > 0)
				break;
			memcpy(f->work, f->plain, len);
			n = len;
			what = "valid";
			arg = 0;
		}
		break;
	}
	ksrtp_fz_tx_one(f, len, n, rtcp, what, arg);
}

/* ---- a worker ---- */

/* One valid RTP and one RTCP packet per SSRC, so that both ends know it. */
static void ksrtp_fz_prime(struct ksrtp_fz *f, struct ksrtp_flow *tx,
			   struct ksrtp_flow *rx, bool tx_pair)
{
	unsigned int s, r, len, room, out_len, rx_len;
	int ret;
	u8 *buf;

	for (s = 0; s < KSRTP_FZ_NSSRC; s++) {
		for (r = 0; r < 2; r++) {
			len = r ? ksrtp_fz_rtcp(f, f->plain, f->ssrc[s]) :
				  ksrtp_fz_rtp(f, f->plain, f->ssrc[s],
					       tx_pair ? f->seq2++ :
							 f->seq[s]++);
			room = len + tx->overhead[r];
			buf = kmalloc(room, GFP_KERNEL);
			if (!buf) {
				ksrtp_fz_nomem(f);
				return;
			}
			memcpy(buf, f->plain, len);
			ret = ksrtp_fz_xtx(tx, buf, len, r, room, &out_len);
			if (!ret)
				ret = ksrtp_fz_xrx(rx, buf, out_len, r,
						   &rx_len);
			if (ret || rx_len != len || memcmp(buf, f->plain, len))
				ksrtp_fz_err(f, "priming SSRC %08x, %s: %d",
					     f->ssrc[s], r ? "RTCP" : "RTP",
					     ret);
			kfree(buf);
		}
	}
}

static void ksrtp_fz_run(struct ksrtp_fz *f)
{
	struct ksrtp_flow **flows[] = { &f->tx, &f->rx, &f->tx2, &f->rx2 };
	ktime_t start = ktime_get();
	unsigned int i;
	int err;

	prandom_seed_state(&f->rnd, ((u64)f->seed << 32) |
			   (f->suite->id << 8) | f->mki_len);
	for (i = 0; i < ARRAY_SIZE(flows); i++) {
		struct ksrtp_flow *flow;

		flow = ksrtp_fz_flow(f, i % 2 ? KSRTP_FLOW_RX : KSRTP_FLOW_TX);
		if (IS_ERR(flow)) {
			ksrtp_fz_err(f, "flow: %ld", PTR_ERR(flow));
			goto out;
		}
		*flows[i] = flow;
	}
	err = ksrtp_fz_other_key(f, f->rx);
	if (!err)
		err = ksrtp_fz_other_key(f, f->rx2);
	if (err) {
		ksrtp_fz_err(f, "second key: %d", err);
		goto out;
	}
	f->plain = kmalloc(KSRTP_FZ_BUF, GFP_KERNEL);
	f->wire = kmalloc(KSRTP_FZ_BUF, GFP_KERNEL);
	f->work = kmalloc(KSRTP_FZ_BUF, GFP_KERNEL);
	if (!f->plain || !f->wire || !f->work) {
		ksrtp_fz_nomem(f);
		goto out;
	}
	for (i = 0; i < KSRTP_FZ_NSSRC; i++) {
		f->ssrc[i] = prandom_u32_state(&f->rnd);
		f->seq[i] = prandom_u32_state(&f->rnd);
	}
	f->seq2 = prandom_u32_state(&f->rnd);
	ksrtp_fz_prime(f, f->tx, f->rx, false);
	ksrtp_fz_prime(f, f->tx2, f->rx2, true);
	if (f->bad)
		goto out;

	while (f->rx_mutated < f->rx_target && !f->timed_out) {
		ksrtp_fz_rx_packet(f);
		f->timed_out = ktime_after(ktime_get(), f->deadline);
		cond_resched();
	}
	while (f->tx_mutated < f->tx_target && !f->timed_out) {
		ksrtp_fz_tx_packet(f);
		f->timed_out = ktime_after(ktime_get(), f->deadline);
		cond_resched();
	}
out:
	for (i = 0; i < ARRAY_SIZE(flows); i++)
		if (*flows[i])
			ksrtp_t_flow_put(*flows[i]);
	kfree(f->plain);
	kfree(f->wire);
	kfree(f->work);
	f->ms = ktime_ms_delta(ktime_get(), start);
}

static int ksrtp_fz_thread(void *arg)
{
	struct ksrtp_fz *f = arg;

	ksrtp_fz_run(f);
	kthread_complete_and_exit(&f->done, 0);
}

static void ksrtp_fz_report(struct kunit *test, struct ksrtp_fz *f)
{
	unsigned int i;

	kunit_info(test, "%s, MKI length %u: %llu mutated packets in %lld ms: rx %llu mutated copies of %llu packets (%llu truncated at every length), %llu accepted; tx %llu random plain packets, %llu of them malformed, %llu round-tripped, %llu truncated at every length\n",
		   f->suite->name, f->mki_len,
		   f->rx_mutated + f->tx_mutated, f->ms, f->rx_mutated,
		   f->packets, f->rx_every_len, f->rx_accepted, f->tx_packets,
		   f->tx_mutated, f->tx_ok, f->tx_every_len);
	for (i = 0; i < f->nfail; i++)
		KUNIT_FAIL(test, "%s, MKI length %u, seed %#x: %s",
			   f->suite->name, f->mki_len, f->seed, f->fail[i]);
	if (f->bad > f->nfail)
		KUNIT_FAIL(test, "%s, MKI length %u: %llu failures in all",
			   f->suite->name, f->mki_len, f->bad);
	KUNIT_EXPECT_FALSE_MSG(test, f->timed_out,
			       "%s, MKI length %u: gave up after %d s",
			       f->suite->name, f->mki_len, KSRTP_FZ_BUDGET_S);
}

/*
 * One suite: the half without an MKI on this thread, the half with one
 * (1..4 bytes, by suite) on another.
 */
static void ksrtp_fuzz_test(struct kunit *test)
{
	const struct ksrtp_suite_info *suite = test->param_value;
	unsigned int scale = max(fuzz_scale, 1U), i;
	u64 share, rx_share, mutated = 0;
	struct task_struct *task;
	struct ksrtp_fz *f;

	f = kunit_kcalloc(test, 2, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	share = DIV_ROUND_UP((u64)KSRTP_FZ_TOTAL * scale,
			     ARRAY_SIZE(ksrtp_suites));
	rx_share = div_u64(share * KSRTP_FZ_RX_PERCENT, 100);
	for (i = 0; i < 2; i++) {
		f[i].suite = suite;
		f[i].mki_len = i ? 1 + (suite - ksrtp_suites) % 4 : 0;
		f[i].seed = fuzz_seed;
		f[i].rx_target = DIV_ROUND_UP(rx_share, 2);
		f[i].tx_target = DIV_ROUND_UP(share - rx_share, 2);
		f[i].deadline = ktime_add_ms(ktime_get(),
					     KSRTP_FZ_BUDGET_S * MSEC_PER_SEC);
		init_completion(&f[i].done);
	}
	kunit_info(test, "%s: seed %#x, scale %u: %llu mutated packets to rx and %llu to tx, on 2 threads\n",
		   suite->name, fuzz_seed, scale, 2 * f[0].rx_target,
		   2 * f[0].tx_target);

	task = kthread_run(ksrtp_fz_thread, &f[1], "ksrtp-fuzz");
	if (IS_ERR(task)) {
		/* one thread then */
		ksrtp_fz_run(&f[1]);
		complete(&f[1].done);
	}
	ksrtp_fz_run(&f[0]);
	wait_for_completion(&f[1].done);
	ksrtp_t_drain();

	for (i = 0; i < 2; i++) {
		ksrtp_fz_report(test, &f[i]);
		mutated += f[i].rx_mutated + f[i].tx_mutated;
		atomic64_add(f[i].rx_mutated + f[i].tx_mutated,
			     &ksrtp_fz_sum_mutated);
		atomic64_add(f[i].rx_mutated, &ksrtp_fz_sum_rx);
		atomic64_add(f[i].tx_mutated, &ksrtp_fz_sum_tx);
		atomic64_add(f[i].rx_accepted, &ksrtp_fz_sum_accepted);
		atomic64_add(f[i].tx_packets, &ksrtp_fz_sum_tx_packets);
		atomic64_add(f[i].tx_ok, &ksrtp_fz_sum_tx_ok);
		atomic64_add(f[i].packets, &ksrtp_fz_sum_packets);
	}
	atomic64_add(max(f[0].ms, f[1].ms), &ksrtp_fz_sum_ms);
	atomic_inc(&ksrtp_fz_suites_done);
	KUNIT_EXPECT_GE_MSG(test, mutated, share,
			    "%s: fewer mutated packets than its share",
			    suite->name);
}

/* The totals of the suites above, and whether they reach the target. */
static void ksrtp_fuzz_total_test(struct kunit *test)
{
	unsigned int scale = max(fuzz_scale, 1U);
	u64 total = atomic64_read(&ksrtp_fz_sum_mutated);
	int done = atomic_read(&ksrtp_fz_suites_done);

	if (done != ARRAY_SIZE(ksrtp_suites))
		kunit_skip(test, "%d of %zu suites fuzzed (filtered?)", done,
			   ARRAY_SIZE(ksrtp_suites));
	kunit_info(test, "fuzz: %llu mutated packets, %lld accepted: rx %llu mutated copies of %llu packets, tx %llu malformed of %llu random plain packets (%llu round-tripped); %d suites with and without MKI, seed %#x, scale %u, %lld ms\n",
		   total, atomic64_read(&ksrtp_fz_sum_accepted),
		   atomic64_read(&ksrtp_fz_sum_rx),
		   atomic64_read(&ksrtp_fz_sum_packets),
		   atomic64_read(&ksrtp_fz_sum_tx),
		   atomic64_read(&ksrtp_fz_sum_tx_packets),
		   atomic64_read(&ksrtp_fz_sum_tx_ok), done, fuzz_seed, scale,
		   atomic64_read(&ksrtp_fz_sum_ms));
	KUNIT_EXPECT_GE(test, total, (u64)KSRTP_FZ_TOTAL * scale);
	KUNIT_EXPECT_EQ(test, atomic64_read(&ksrtp_fz_sum_accepted), 0);
}

static void ksrtp_fz_desc(const struct ksrtp_suite_info *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ksrtp_fz, ksrtp_suites, ksrtp_fz_desc);

static int ksrtp_fuzz_suite_init(struct kunit_suite *suite)
{
	atomic64_set(&ksrtp_fz_sum_mutated, 0);
	atomic64_set(&ksrtp_fz_sum_rx, 0);
	atomic64_set(&ksrtp_fz_sum_tx, 0);
	atomic64_set(&ksrtp_fz_sum_accepted, 0);
	atomic64_set(&ksrtp_fz_sum_tx_packets, 0);
	atomic64_set(&ksrtp_fz_sum_tx_ok, 0);
	atomic64_set(&ksrtp_fz_sum_packets, 0);
	atomic64_set(&ksrtp_fz_sum_ms, 0);
	atomic_set(&ksrtp_fz_suites_done, 0);
	/* the same set-up as the rekey suite: key free work queue, scratch */
	return ksrtp_rekey_suite_init(suite);
}

static struct kunit_case ksrtp_fuzz_test_cases[] = {
	KUNIT_CASE_PARAM_ATTR(ksrtp_fuzz_test, ksrtp_fz_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(ksrtp_fuzz_total_test),
	{}
};

static struct kunit_suite ksrtp_fuzz_suite = {
	.name = "ksrtp_fuzz",
	.suite_init = ksrtp_fuzz_suite_init,
	.suite_exit = ksrtp_rekey_suite_exit,
	.test_cases = ksrtp_fuzz_test_cases,
};
