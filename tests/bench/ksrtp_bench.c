// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp_bench: the cost of protecting and unprotecting one packet, for the
 * benchmark (make bench, tests/bench/bench-guest.sh). Never load it
 * elsewhere: it is built only with KSRTP_BENCH=m.
 *
 * The core's .c files are compiled in directly, as ksrtp_kunit.ko does, so
 * the module measures the very functions the netfilter hooks call:
 *
 *   srtp   ksrtp_srtp_protect() and ksrtp_srtp_unprotect() (kmod/srtp.c)
 *          on one key context;
 *   xform  ksrtp_xform_tx() and ksrtp_xform_rx() (kmod/xform.c) on a tx
 *          and an rx flow: stream lookup, index, replay window, key choice,
 *          counters and the transform.
 *
 * At load time, for every suite and every payload size, it builds @iters
 * RTP packets (sequence numbers 0, 1, ...), then times each operation over
 * all of them with ktime_get_ns() and prints one line per measurement:
 *
 *   ksrtp_bench: LEVEL SUITE PAYLOAD OP NS ns/pkt
 *
 * with NS to one decimal. Under qemu -icount shift=0 a guest nanosecond
 * is one guest instruction. Every packet is checked to come back exactly;
 * a failure prints "ksrtp_bench: FAIL ..." and the module refuses to load.
 * Otherwise it stays loaded, doing nothing, until rmmod.
 */

#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../../kmod/suite.c"
#include "../../kmod/rtp.c"
#include "../../kmod/replay.c"
#include "../../kmod/srtp.c"
#include "../../kmod/flow.c"
#include "../../kmod/keyset.c"
#include "../../kmod/xform.c"

struct workqueue_struct *ksrtp_wq;
DEFINE_STATIC_KEY_FALSE(ksrtp_flows_exist);

/* Nobody listens to the benchmark's events. */
void ksrtp_event(struct ksrtp_flow *flow, u8 type,
		 const struct ksrtp_keyctx *kc, u32 ssrc)
{
}

void ksrtp_event_flow(const struct ksrtp_flow *flow, u8 type, u8 reason)
{
}

static unsigned int iters = 2000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "packets per measurement (default 2000)");

static unsigned int payloads[4] = { 160, 1200 };
static int npayloads = 2;
module_param_array(payloads, uint, &npayloads, 0444);
MODULE_PARM_DESC(payloads, "RTP payload sizes in bytes (default 160,1200)");

static unsigned int warmup = 16;
module_param(warmup, uint, 0444);
MODULE_PARM_DESC(warmup, "untimed packets before each timed run (default 16)");

#define KB_ROOM		64	/* tailroom given to protect */
#define KB_MAX_PAYLOAD	1400
#define KB_SSRC		0x0b0e0c11

/* The same key material as tests/e2e/lib.sh key_for: bytes 0, 1, 2, ... */
static u8 kb_key[KSRTP_MAX_KEY_LEN + KSRTP_MAX_SALT_LEN];

struct kb_pkts {
	u8 **p;
	unsigned int n;
	unsigned int len;	/* RTP length of every packet */
};

/* RTP header (12 bytes) then a payload derived from the sequence number. */
static unsigned int kb_rtp(u8 *b, u16 seq, unsigned int payload)
{
	unsigned int i;

	b[0] = 0x80;
	b[1] = 96;
	put_unaligned_be16(seq, b + 2);
	put_unaligned_be32(seq * 160u, b + 4);
	put_unaligned_be32(KB_SSRC, b + 8);
	for (i = 0; i < payload; i++)
		b[KSRTP_RTP_HDR_LEN + i] = (u8)(seq + i * 7);
	return KSRTP_RTP_HDR_LEN + payload;
}

static void kb_fill(struct kb_pkts *k, unsigned int payload)
{
	unsigned int i;

	for (i = 0; i < k->n; i++)
		k->len = kb_rtp(k->p[i], (u16)i, payload);
}

/* Packets that did not come back as they were built. */
static unsigned int kb_check(const struct kb_pkts *k, unsigned int payload,
			     u8 *want)
{
	unsigned int i, bad = 0;

	for (i = 0; i < k->n; i++) {
		kb_rtp(want, (u16)i, payload);
		if (memcmp(want, k->p[i], k->len))
			bad++;
	}
	return bad;
}

static void kb_report(const char *level, const char *suite,
		      unsigned int payload, const char *op, u64 ns,
		      unsigned int n)
{
	u64 tenths = div_u64(ns * 10, n);

	pr_info("ksrtp_bench: %s %s %u %s %llu.%llu ns/pkt\n", level, suite,
		payload, op, div_u64(tenths, 10), tenths % 10);
}

static void kb_master(struct ksrtp_master *m,
		      const struct ksrtp_suite_info *s)
{
	memset(m, 0, sizeof(*m));
	m->suite = s->id;
	m->key = kb_key;
	m->salt = kb_key + s->key_len;
}

/* ksrtp_srtp_protect()/unprotect() on one key context. */
static int kb_srtp(const struct ksrtp_suite_info *s, struct kb_pkts *k,
		   unsigned int payload, u8 *scratch)
{
	unsigned int i, n = k->n, olen, bad = 0;
	struct ksrtp_master m;
	struct ksrtp_keys keys;
	unsigned int *slen;
	u64 t0, t1;
	int err;

	slen = kcalloc(n, sizeof(*slen), GFP_KERNEL);
	if (!slen)
		return -ENOMEM;
	kb_master(&m, s);
	err = ksrtp_keys_init(&keys, &m, NULL);
	if (err)
		goto out_free;

	kb_fill(k, payload);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		bad += ksrtp_srtp_protect(&keys, k->p[i], k->len,
					  k->len + KB_ROOM, i, &slen[i]) !=
		       KSRTP_DROP_NONE;
	t1 = ktime_get_ns();
	kb_report("srtp", s->name, payload, "protect", t1 - t0, n);

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		bad += ksrtp_srtp_unprotect(&keys, k->p[i], slen[i], i,
					    &olen) != KSRTP_DROP_NONE;
	t1 = ktime_get_ns();
	kb_report("srtp", s->name, payload, "unprotect", t1 - t0, n);

	bad += kb_check(k, payload, scratch);
	if (bad) {
		pr_err("ksrtp_bench: FAIL srtp %s %u: %u bad packets\n",
		       s->name, payload, bad);
		err = -EIO;
	}
	ksrtp_keys_destroy(&keys);
out_free:
	kfree(slen);
	return err;
}

/* A flow on no netns table: the datapath functions only need the object. */
static struct ksrtp_flow *kb_flow(const struct ksrtp_suite_info *s, u8 dir)
{
	struct ksrtp_flow_cfg cfg = {};

	cfg.key.family = AF_INET;
	cfg.key.dir = dir;
	cfg.flags = KSRTP_FLOW_F_SSRC_ANY | KSRTP_FLOW_F_RTCP_MUX;
	cfg.max_ssrcs = KSRTP_MAX_SSRCS_DEFAULT;
	cfg.replay_window = KSRTP_REPLAY_DEFAULT;
	cfg.grace_ms = KSRTP_GRACE_MS_DEFAULT;
	kb_master(&cfg.kcfg.master, s);
	return ksrtp_flow_alloc(&cfg, &init_net, NULL);
}

/* Packets through ksrtp_xform_tx() (@tx) or _rx(), as the hooks call them. */
static unsigned int kb_xform_run(struct ksrtp_flow *flow, bool tx,
				 struct kb_pkts *k, unsigned int *lens,
				 unsigned int from, unsigned int to)
{
	unsigned int i, bad = 0;

	rcu_read_lock_bh();
	for (i = from; i < to; i++) {
		enum ksrtp_drop drop;

		if (tx)
			drop = ksrtp_xform_tx(flow, k->p[i], k->len, false,
					      k->len + KB_ROOM, &lens[i],
					      NULL);
		else
			drop = ksrtp_xform_rx(flow, k->p[i], lens[i], false,
					      &lens[i], NULL);
		bad += drop != KSRTP_DROP_NONE;
	}
	rcu_read_unlock_bh();
	return bad;
}

static int kb_xform(const struct ksrtp_suite_info *s, struct kb_pkts *k,
		    unsigned int payload, u8 *scratch)
{
	unsigned int n = k->n, w = min(warmup, n / 2), bad = 0;
	struct ksrtp_flow *tx, *rx;
	unsigned int *lens;
	u64 t0, t1;
	int err = 0;

	lens = kcalloc(n, sizeof(*lens), GFP_KERNEL);
	if (!lens)
		return -ENOMEM;
	tx = kb_flow(s, KSRTP_FLOW_TX);
	if (IS_ERR(tx)) {
		err = PTR_ERR(tx);
		goto out_free;
	}
	rx = kb_flow(s, KSRTP_FLOW_RX);
	if (IS_ERR(rx)) {
		err = PTR_ERR(rx);
		goto out_tx;
	}

	/* The first packets create the SSRC's stream: not timed. */
	kb_fill(k, payload);
	bad += kb_xform_run(tx, true, k, lens, 0, w);
	t0 = ktime_get_ns();
	bad += kb_xform_run(tx, true, k, lens, w, n);
	t1 = ktime_get_ns();
	kb_report("xform", s->name, payload, "protect", t1 - t0, n - w);

	bad += kb_xform_run(rx, false, k, lens, 0, w);
	t0 = ktime_get_ns();
	bad += kb_xform_run(rx, false, k, lens, w, n);
	t1 = ktime_get_ns();
	kb_report("xform", s->name, payload, "unprotect", t1 - t0, n - w);

	bad += kb_check(k, payload, scratch);
	if (bad) {
		pr_err("ksrtp_bench: FAIL xform %s %u: %u bad packets\n",
		       s->name, payload, bad);
		err = -EIO;
	}
	synchronize_rcu();
	ksrtp_flow_free_now(rx);
out_tx:
	synchronize_rcu();
	ksrtp_flow_free_now(tx);
out_free:
	kfree(lens);
	return err;
}

static int kb_run(void)
{
	struct kb_pkts k = { .n = max(iters, 2u) };
	unsigned int i, j;
	u8 *scratch;
	int err = -ENOMEM;

	scratch = kmalloc(KB_MAX_PAYLOAD + KSRTP_RTP_HDR_LEN + KB_ROOM,
			  GFP_KERNEL);
	k.p = kcalloc(k.n, sizeof(*k.p), GFP_KERNEL);
	if (!scratch || !k.p)
		goto out;
	/* kmalloc, not vmalloc: the crypto API maps the buffers with sg. */
	for (i = 0; i < k.n; i++) {
		k.p[i] = kmalloc(KB_MAX_PAYLOAD + KSRTP_RTP_HDR_LEN + KB_ROOM,
				 GFP_KERNEL);
		if (!k.p[i])
			goto out;
	}
	for (i = 0; i < sizeof(kb_key); i++)
		kb_key[i] = i;

	err = 0;
	for (i = 0; i < ARRAY_SIZE(ksrtp_suites) && !err; i++) {
		for (j = 0; j < npayloads && !err; j++) {
			unsigned int payload = payloads[j];

			if (payload > KB_MAX_PAYLOAD) {
				pr_err("ksrtp_bench: payload %u > %u\n",
				       payload, KB_MAX_PAYLOAD);
				err = -EINVAL;
				break;
			}
			err = kb_srtp(&ksrtp_suites[i], &k, payload, scratch);
			if (!err)
				err = kb_xform(&ksrtp_suites[i], &k, payload,
					       scratch);
			cond_resched();
		}
	}
	if (!err)
		pr_info("ksrtp_bench: done\n");
out:
	if (k.p)
		for (i = 0; i < k.n; i++)
			kfree(k.p[i]);
	kfree(k.p);
	kfree(scratch);
	return err;
}

static int __init ksrtp_bench_init(void)
{
	int err;

	ksrtp_wq = alloc_workqueue("ksrtp-bench", 0, 0);
	if (!ksrtp_wq)
		return -ENOMEM;
	err = ksrtp_xform_init();
	if (!err) {
		err = kb_run();
		ksrtp_xform_exit();
	}
	rcu_barrier();
	flush_workqueue(ksrtp_wq);
	if (err)
		destroy_workqueue(ksrtp_wq);
	return err;
}

static void __exit ksrtp_bench_exit(void)
{
	destroy_workqueue(ksrtp_wq);
}

module_init(ksrtp_bench_init);
module_exit(ksrtp_bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksrtp per-packet cost microbenchmark (make bench)");
