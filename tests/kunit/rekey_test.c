// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: rekeying under load (included by ksrtp_kunit.c).
 *
 * These tests drive the datapath's own per-packet code (kmod/xform.c) on
 * real flows (kmod/flow.c, kmod/keyset.c) without sockets, so they can run
 * far more packets and rekeys than the end-to-end tests, on more threads
 * than the VM has CPUs, under KASAN, lockdep and PROVE_RCU.
 *
 * The rule they check is the project's promise: every packet either
 * authenticates with the plaintext that was sent, under the key it was
 * protected with, or is dropped because that key is no longer live at the
 * receiver. A drop while the key is still live, or a wrong plaintext or
 * key, fails the test.
 *
 * "The same key" on the two flows of a pair means the same generation: the
 * key material both were given (ksrtp_t_key_fill()). Each key context has
 * a serial of its own; before the one thread that creates keys creates
 * one, it records which generation the next serial will belong to
 * (ksrtp_t_expect()), so that the workers can map any serial they see
 * back to its generation.
 */

#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/xarray.h>

struct workqueue_struct *ksrtp_wq;
DEFINE_STATIC_KEY_FALSE(ksrtp_flows_exist);

static atomic_t ksrtp_test_events[16];

/* The events group, as the KUnit module sees it: counted, not sent. */
void ksrtp_event(struct ksrtp_flow *flow, u8 type,
		 const struct ksrtp_keyctx *kc, u32 ssrc)
{
	if (type < ARRAY_SIZE(ksrtp_test_events))
		atomic_inc(&ksrtp_test_events[type]);
}

void ksrtp_event_flow(const struct ksrtp_flow *flow, u8 type, u8 reason)
{
	if (type < ARRAY_SIZE(ksrtp_test_events))
		atomic_inc(&ksrtp_test_events[type]);
}

/* serial of a key context -> xa_mk_value(generation of its material) */
static DEFINE_XARRAY(ksrtp_t_gens);

/*
 * The next key context created will hold generation @gen. Only one thread
 * creates keys while a test runs, so the next serial is known in advance.
 */
static void ksrtp_t_expect(struct kunit *test, u32 gen)
{
	u64 serial = atomic64_read(&ksrtp_kc_serial) + 1;

	KUNIT_ASSERT_FALSE(test, xa_is_err(xa_store(&ksrtp_t_gens, serial,
						    xa_mk_value(gen),
						    GFP_KERNEL)));
}

/* The generation of the key context with @serial (U32_MAX: unknown). */
static u32 ksrtp_t_gen(u64 serial)
{
	void *e = xa_load(&ksrtp_t_gens, serial);

	return e ? (u32)xa_to_value(e) : U32_MAX;
}

#define KSRTP_T_PAYLOAD		64
#define KSRTP_T_BUF		(KSRTP_RTP_HDR_LEN + KSRTP_T_PAYLOAD + 64)

/* Key material derived from a generation number, the same on both ends. */
struct ksrtp_t_key {
	u8 key[32];
	u8 salt[14];
	u8 mki;
};

static void ksrtp_t_key_fill(struct ksrtp_t_key *k, u32 gen)
{
	int i;

	for (i = 0; i < sizeof(k->key); i++)
		k->key[i] = (u8)(gen * 131 + i * 7 + 1);
	for (i = 0; i < sizeof(k->salt); i++)
		k->salt[i] = (u8)(gen * 17 + i * 3 + 5);
	k->mki = (u8)gen;
}

static void ksrtp_t_key_cfg(struct ksrtp_key_cfg *c, struct ksrtp_t_key *k,
			    u32 suite, bool mki)
{
	memset(c, 0, sizeof(*c));
	c->master.suite = suite;
	c->master.key = k->key;
	c->master.salt = k->salt;
	if (mki) {
		c->master.mki = &k->mki;
		c->master.mki_len = 1;
	}
}

/* A flow on no netns table: the datapath functions only need the object. */
static struct ksrtp_flow *ksrtp_t_flow(struct kunit *test, u8 dir, u32 suite,
				       bool mki, u32 gen, u32 grace_ms)
{
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_t_key k;
	struct ksrtp_flow *flow;

	ksrtp_t_key_fill(&k, gen);
	cfg.key.family = AF_INET;
	cfg.key.dir = dir;
	cfg.flags = KSRTP_FLOW_F_SSRC_ANY | KSRTP_FLOW_F_RTCP_MUX;
	cfg.max_ssrcs = 64;
	cfg.replay_window = 1024;
	cfg.grace_ms = grace_ms;
	ksrtp_t_key_cfg(&cfg.kcfg, &k, suite, mki);
	ksrtp_t_expect(test, gen);
	flow = ksrtp_flow_alloc(&cfg, &init_net, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(flow));
	return flow;
}

static void ksrtp_t_flow_put(struct ksrtp_flow *flow)
{
	synchronize_rcu();
	ksrtp_flow_free_now(flow);
}

/* Wait for every deferred free, so that KASAN and kmemleak see the end. */
static void ksrtp_t_drain(void)
{
	rcu_barrier();
	flush_workqueue(ksrtp_wq);
}

/* Build RTP (or, when @rtcp, an RTCP SR) in @buf; returns the length. */
static unsigned int ksrtp_t_packet(u8 *buf, bool rtcp, u32 ssrc, u16 seq,
				   u32 tag)
{
	unsigned int i, len;

	if (rtcp) {
		len = 28;
		buf[0] = 0x80;
		buf[1] = 200;		/* SR: RTCP under RFC 5761 */
		put_unaligned_be16(len / 4 - 1, buf + 2);
		put_unaligned_be32(ssrc, buf + 4);
		for (i = 8; i < len; i++)
			buf[i] = (u8)(tag + i);
		return len;
	}
	buf[0] = 0x80;
	buf[1] = 96;
	put_unaligned_be16(seq, buf + 2);
	put_unaligned_be32(tag, buf + 4);
	put_unaligned_be32(ssrc, buf + 8);
	len = KSRTP_RTP_HDR_LEN + KSRTP_T_PAYLOAD;
	for (i = KSRTP_RTP_HDR_LEN; i < len; i++)
		buf[i] = (u8)(tag * 3 + i);
	return len;
}

/*
 * Whether @flow still holds the key that the key context with @serial (on
 * the other flow of the pair) was made from.
 */
static bool ksrtp_t_live(struct ksrtp_flow *flow, u64 serial)
{
	struct ksrtp_keyctx *m[KSRTP_MAX_KEYS + 4];
	u32 gen = ksrtp_t_gen(serial);
	struct ksrtp_keyset *ks;
	unsigned int i, n;
	bool live = false;

	rcu_read_lock();
	ks = rcu_dereference(flow->keyset);
	n = ksrtp_keyset_members(ks, NULL, m);
	for (i = 0; i < n; i++)
		live |= ksrtp_t_gen(m[i]->serial) == gen;
	rcu_read_unlock();
	return live;
}

enum {
	KSRTP_T_OK,		/* authenticated, right plaintext */
	KSRTP_T_TX_EXPIRED,	/* tx: the key for this index was retired */
	KSRTP_T_RX_RETIRED,	/* rx: dropped, its key no longer live */
	KSRTP_T_BAD_DROP,	/* rx: dropped although its key is live */
	KSRTP_T_BAD_DATA,	/* rx: accepted with the wrong plaintext or key */
	KSRTP_T_TX_ERROR,	/* tx: any other error */
	KSRTP_T_NR,
};

static const char *const ksrtp_t_names[KSRTP_T_NR] = {
	"ok", "tx-key-retired", "rx-key-retired", "BAD-drop-live-key",
	"BAD-plaintext-or-key", "BAD-tx-error",
};

/*
 * Protect the packet in @buf (@len bytes, room for KSRTP_T_BUF) on @tx;
 * returns KSRTP_T_OK or a tx outcome, with the protected length and the
 * serial of the key used.
 */
static int ksrtp_t_protect(struct ksrtp_flow *tx, u8 *buf, unsigned int len,
			   bool rtcp, unsigned int *out_len, u64 *serial)
{
	int err;

	rcu_read_lock();
	local_bh_disable();
	err = ksrtp_xform_tx(tx, buf, len, rtcp, KSRTP_T_BUF, out_len, serial);
	local_bh_enable();
	rcu_read_unlock();
	if (err == KSRTP_DROP_KEY_EXPIRED)
		return KSRTP_T_TX_EXPIRED;
	return err ? KSRTP_T_TX_ERROR : KSRTP_T_OK;
}

/*
 * Unprotect @buf (@len bytes, protected under the key with @tx_serial) on
 * @rx and compare it with the @plain_len bytes at @plain; returns a
 * KSRTP_T_* outcome.
 */
static int ksrtp_t_unprotect(struct ksrtp_flow *rx, u8 *buf, unsigned int len,
			     bool rtcp, const u8 *plain,
			     unsigned int plain_len, u64 tx_serial)
{
	unsigned int out_len;
	u64 rx_serial = 0;
	int err;

	rcu_read_lock();
	local_bh_disable();
	err = ksrtp_xform_rx(rx, buf, len, rtcp, &out_len, &rx_serial);
	local_bh_enable();
	rcu_read_unlock();
	if (err)
		return ksrtp_t_live(rx, tx_serial) ? KSRTP_T_BAD_DROP :
						     KSRTP_T_RX_RETIRED;
	if (out_len != plain_len || memcmp(buf, plain, plain_len) ||
	    ksrtp_t_gen(rx_serial) != ksrtp_t_gen(tx_serial))
		return KSRTP_T_BAD_DATA;
	return KSRTP_T_OK;
}

/* Protect on @tx, unprotect on @rx, check; returns a KSRTP_T_* outcome. */
static int ksrtp_t_roundtrip(struct ksrtp_flow *tx, struct ksrtp_flow *rx,
			     u8 *buf, u8 *plain, bool rtcp, u32 ssrc,
			     u16 seq, u32 tag)
{
	unsigned int len, out_len;
	u64 serial = 0;
	int r;

	len = ksrtp_t_packet(plain, rtcp, ssrc, seq, tag);
	memcpy(buf, plain, len);
	r = ksrtp_t_protect(tx, buf, len, rtcp, &out_len, &serial);
	if (r != KSRTP_T_OK)
		return r;
	return ksrtp_t_unprotect(rx, buf, out_len, rtcp, plain, len, serial);
}

/* ---- the rekey storm ---- */

#define KSRTP_STORM_WORKERS	4	/* more than the VM's 2 CPUs */
/*
 * Rekeys of a flow: each switch of a tx/rx pair rekeys both flows, the
 * receiver first, so this is 5,000 switches of a pair.
 */
#define KSRTP_STORM_REKEYS	10000
/*
 * The storm gives up after this long, well before KUnit's 300 s timeout
 * (which would leave the workers running on freed test memory). It takes
 * 60-90 s in the two-CPU TCG debug VM.
 */
#define KSRTP_STORM_BUDGET_S	200

enum {
	KSRTP_MODE_PREPARED,	/* next on rx, then replace on tx */
	KSRTP_MODE_MKI,		/* add by MKI on rx, then add + use on tx */
	KSRTP_MODE_IMMEDIATE,	/* replace on rx, then on tx */
	KSRTP_MODE_AT_INDEX,	/* pending key from an index, both ends */
	KSRTP_MODE_NR,
};

static const char *const ksrtp_mode_names[KSRTP_MODE_NR] = {
	"prepared", "mki", "immediate", "at-index",
};

/* pairs: one per mode, and one at-index pair per worker (per-SSRC index) */
#define KSRTP_STORM_PAIRS	(KSRTP_MODE_AT_INDEX + KSRTP_STORM_WORKERS)

struct ksrtp_storm {
	struct ksrtp_flow *tx[KSRTP_STORM_PAIRS];
	struct ksrtp_flow *rx[KSRTP_STORM_PAIRS];
	int mode[KSRTP_STORM_PAIRS];
	atomic64_t last_index[KSRTP_STORM_WORKERS];
	u64 last_from[KSRTP_STORM_WORKERS];
	atomic64_t outcome[KSRTP_MODE_NR][KSRTP_T_NR];
	atomic_t rekeys[KSRTP_MODE_NR];
	atomic_t stop;
	u32 gen;
};

struct ksrtp_storm_worker {
	struct ksrtp_storm *s;
	int id;
	struct task_struct *task;
	struct completion done;
};

static int ksrtp_storm_work(void *arg)
{
	struct ksrtp_storm_worker *w = arg;
	struct ksrtp_storm *s = w->s;
	u16 seq[KSRTP_STORM_PAIRS];
	u8 *buf, *plain;
	u32 n = 0;
	int p, i;

	buf = kmalloc(KSRTP_T_BUF, GFP_KERNEL);
	plain = kmalloc(KSRTP_T_BUF, GFP_KERNEL);
	for (i = 0; i < KSRTP_STORM_PAIRS; i++)
		seq[i] = 0xff00 + w->id * 16;	/* wrap the sequence early */
	while (buf && plain && !atomic_read(&s->stop)) {
		for (p = 0; p < KSRTP_STORM_PAIRS; p++) {
			bool rtcp = n % 8 == 7;
			int r;

			if (s->mode[p] == KSRTP_MODE_AT_INDEX &&
			    p != KSRTP_MODE_AT_INDEX + w->id)
				continue;
			r = ksrtp_t_roundtrip(s->tx[p], s->rx[p], buf, plain,
					      rtcp, 0x5000 + w->id, seq[p],
					      n);
			atomic64_inc(&s->outcome[s->mode[p]][r]);
			if (!rtcp)
				seq[p]++;
			if (s->mode[p] == KSRTP_MODE_AT_INDEX) {
				struct ksrtp_stream *st;

				rcu_read_lock();
				hlist_for_each_entry_rcu(st, &s->tx[p]->streams,
							 node)
					atomic64_set(&s->last_index[w->id],
						     ((u64)st->rtp_idx.roc << 16) |
						     st->rtp_idx.s_l);
				rcu_read_unlock();
			}
		}
		n++;
		/* leave the rekeying thread a CPU of the two */
		usleep_range(500, 1000);
	}
	kfree(buf);
	kfree(plain);
	complete(&w->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int ksrtp_storm_key(struct kunit *test, struct ksrtp_flow *flow,
			   u32 gen, u8 slot, bool mki, bool use, u64 *from)
{
	struct ksrtp_key_cfg c;
	struct ksrtp_t_key k;

	ksrtp_t_key_fill(&k, gen);
	ksrtp_t_key_cfg(&c, &k, flow->suite->id, mki);
	c.slot = slot;
	c.use = use;
	if (from) {
		c.from = *from;
		c.has_from = true;
	}
	ksrtp_t_expect(test, gen);
	return ksrtp_key_new(flow, &c, NULL);
}

/* Delete MKI keys beyond four, oldest first, never the current one. */
static void ksrtp_storm_trim_mki(struct ksrtp_flow *flow)
{
	struct ksrtp_key_sel sel = { .mki_len = 1 };
	struct ksrtp_keyset *ks;
	bool more;

	do {
		rcu_read_lock();
		ks = rcu_dereference(flow->keyset);
		more = ks->nkeys > 4;
		if (more)
			sel.mki[0] = ks->keys[0] == ks->cur ?
				     ks->keys[1]->keys.mki[0] :
				     ks->keys[0]->keys.mki[0];
		rcu_read_unlock();
		if (more && ksrtp_key_del(flow, &sel, NULL))
			break;
	} while (more);
}

/* One rekey in mode @mode; returns true if it happened. */
static bool ksrtp_storm_rekey(struct kunit *test, struct ksrtp_storm *s,
			      int mode, u32 i)
{
	u32 gen = ++s->gen;
	struct ksrtp_keyset *ks;
	bool busy;
	int p, w, err;
	u64 from;

	switch (mode) {
	case KSRTP_MODE_PREPARED:
		/* receiver first; wait until it promoted the last one */
		rcu_read_lock();
		busy = !!rcu_dereference(s->rx[mode]->keyset)->next;
		rcu_read_unlock();
		if (busy)
			return false;
		err = ksrtp_storm_key(test, s->rx[mode], gen,
				      KSRTP_KEY_SLOT_NEXT, false, false, NULL);
		if (!err)
			err = ksrtp_storm_key(test, s->tx[mode], gen,
					      KSRTP_KEY_SLOT_CURRENT, false,
					      false, NULL);
		break;
	case KSRTP_MODE_MKI:
		err = ksrtp_storm_key(test, s->rx[mode], gen, 0, true, false,
				      NULL);
		if (!err)
			err = ksrtp_storm_key(test, s->tx[mode], gen, 0, true,
					      true, NULL);
		ksrtp_storm_trim_mki(s->rx[mode]);
		ksrtp_storm_trim_mki(s->tx[mode]);
		break;
	case KSRTP_MODE_IMMEDIATE:
		err = ksrtp_storm_key(test, s->rx[mode], gen,
				      KSRTP_KEY_SLOT_CURRENT, false, false,
				      NULL);
		if (!err)
			err = ksrtp_storm_key(test, s->tx[mode], gen,
					      KSRTP_KEY_SLOT_CURRENT, false,
					      false, NULL);
		break;
	default:
		/* the workers' at-index pairs in turn */
		w = i / KSRTP_MODE_NR % KSRTP_STORM_WORKERS;
		p = KSRTP_MODE_AT_INDEX + w;
		/*
		 * At most two keys ahead of the sender, and room for both:
		 * a key is retired once the SSRC is a replay window past the
		 * next key's index, and the storm rekeys faster than that.
		 */
		rcu_read_lock();
		ks = rcu_dereference(s->tx[p]->keyset);
		busy = ks->byidx &&
		       (ks->nkeys - ksrtp_keyset_pos(ks, ks->cur) > 2 ||
			ks->nkeys >= KSRTP_MAX_KEYS - 1);
		ks = rcu_dereference(s->rx[p]->keyset);
		busy |= ks->byidx && ks->nkeys >= KSRTP_MAX_KEYS - 1;
		rcu_read_unlock();
		if (busy)
			return false;
		/*
		 * A few packets ahead of the sender, or, if its worker has not
		 * sent since the last key of the pair, past that key's index.
		 */
		from = max_t(u64, atomic64_read(&s->last_index[w]) + 3,
			     s->last_from[w] + 1);
		s->last_from[w] = from;
		err = ksrtp_storm_key(test, s->rx[p], gen, 0, false, false,
				      &from);
		if (!err)
			err = ksrtp_storm_key(test, s->tx[p], gen, 0, false,
					      false, &from);
		break;
	}
	KUNIT_EXPECT_EQ_MSG(test, err, 0, "rekey %u (%s) failed", i,
			    ksrtp_mode_names[mode]);
	if (err)
		return false;
	atomic_add(2, &s->rekeys[mode]);	/* the rx flow, then the tx flow */
	return true;
}

static void ksrtp_rekey_storm_test(struct kunit *test)
{
	struct ksrtp_storm_worker w[KSRTP_STORM_WORKERS];
	struct ksrtp_storm *s;
	u32 done = 0, tries = 0;
	u64 total_ok = 0;
	ktime_t start, end;
	s64 ms;
	int i, m, r;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < KSRTP_STORM_PAIRS; i++) {
		int mode = min_t(int, i, KSRTP_MODE_AT_INDEX);
		/* AES-GCM where a receiver tries more than one key */
		u32 suite = mode == KSRTP_MODE_PREPARED ||
			    mode == KSRTP_MODE_IMMEDIATE ?
			    KSRTP_SUITE_AEAD_AES_128_GCM :
			    KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
		bool mki = mode == KSRTP_MODE_MKI;

		s->mode[i] = mode;
		s->tx[i] = ksrtp_t_flow(test, KSRTP_FLOW_TX, suite, mki, 0,
					50);
		s->rx[i] = ksrtp_t_flow(test, KSRTP_FLOW_RX, suite, mki, 0,
					50);
		/*
		 * At-index keys are retired a window after the next key's
		 * index: the smallest window keeps the pairs from filling
		 * up (no stream exists yet, so this is the size they get).
		 */
		if (mode == KSRTP_MODE_AT_INDEX) {
			s->tx[i]->replay_window = KSRTP_REPLAY_MIN;
			s->rx[i]->replay_window = KSRTP_REPLAY_MIN;
		}
	}

	for (i = 0; i < KSRTP_STORM_WORKERS; i++) {
		w[i].s = s;
		w[i].id = i;
		init_completion(&w[i].done);
		w[i].task = kthread_run(ksrtp_storm_work, &w[i],
					"ksrtp-storm/%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(w[i].task));
	}

	/* the rekeying thread is this one */
	start = ktime_get();
	end = ktime_add_ms(start, KSRTP_STORM_BUDGET_S * MSEC_PER_SEC);
	while (done < KSRTP_STORM_REKEYS && tries < 20 * KSRTP_STORM_REKEYS &&
	       ktime_before(ktime_get(), end)) {
		if (ksrtp_storm_rekey(test, s, tries % KSRTP_MODE_NR, tries))
			done += 2;
		tries++;
		cond_resched();
	}
	ms = ktime_ms_delta(ktime_get(), start);
	atomic_set(&s->stop, 1);
	for (i = 0; i < KSRTP_STORM_WORKERS; i++) {
		wait_for_completion(&w[i].done);
		kthread_stop(w[i].task);
	}

	for (m = 0; m < KSRTP_MODE_NR; m++) {
		kunit_info(test, "%s: %d flow rekeys; ok %lld tx-key-retired %lld rx-key-retired %lld bad-drop %lld bad-plaintext %lld tx-error %lld\n",
			   ksrtp_mode_names[m], atomic_read(&s->rekeys[m]),
			   atomic64_read(&s->outcome[m][KSRTP_T_OK]),
			   atomic64_read(&s->outcome[m][KSRTP_T_TX_EXPIRED]),
			   atomic64_read(&s->outcome[m][KSRTP_T_RX_RETIRED]),
			   atomic64_read(&s->outcome[m][KSRTP_T_BAD_DROP]),
			   atomic64_read(&s->outcome[m][KSRTP_T_BAD_DATA]),
			   atomic64_read(&s->outcome[m][KSRTP_T_TX_ERROR]));
		for (r = KSRTP_T_BAD_DROP; r < KSRTP_T_NR; r++)
			KUNIT_EXPECT_EQ_MSG(test,
					    atomic64_read(&s->outcome[m][r]), 0,
					    "%s: %s", ksrtp_mode_names[m],
					    ksrtp_t_names[r]);
		KUNIT_EXPECT_GT_MSG(test, atomic_read(&s->rekeys[m]), 0,
				    "%s: no rekey happened",
				    ksrtp_mode_names[m]);
		KUNIT_EXPECT_GT_MSG(test,
				    atomic64_read(&s->outcome[m][KSRTP_T_OK]),
				    0, "%s: no packet got through",
				    ksrtp_mode_names[m]);
		total_ok += atomic64_read(&s->outcome[m][KSRTP_T_OK]);
	}
	kunit_info(test, "%u flow rekeys (%u switches of a tx/rx pair) in %lld ms, %u tries, %llu packets ok, %d promotions, %d retirements\n",
		   done, done / 2, ms, tries, total_ok,
		   atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_KEY_PROMOTED]),
		   atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_KEY_RETIRED]));
	KUNIT_EXPECT_GE_MSG(test, done, (u32)KSRTP_STORM_REKEYS,
			    "too slow: stopped after %lld ms", ms);

	for (i = 0; i < KSRTP_STORM_PAIRS; i++) {
		ksrtp_t_flow_put(s->tx[i]);
		ksrtp_t_flow_put(s->rx[i]);
	}
	ksrtp_t_drain();
}

/* ---- baresip's bug, the other way round ---- */

/*
 * baresip's RX thread decrypted with an AES context that the main thread
 * had just freed in a rekey. Here the receive path runs where ksrtp's
 * does, in softirq (an hrtimer in soft mode), while process context
 * replaces the key, so that each replacement frees the key before the
 * last, as fast as it can.
 */
#define KSRTP_BH_REPLACES	2000

struct ksrtp_bh_race {
	struct hrtimer timer;
	struct ksrtp_flow *tx, *rx;
	u8 buf[KSRTP_T_BUF];
	u8 plain[KSRTP_T_BUF];
	u16 seq;
	u32 tag;
	atomic_t stop;
	atomic64_t outcome[KSRTP_T_NR];
	atomic64_t in_softirq;
};

static enum hrtimer_restart ksrtp_bh_race_fire(struct hrtimer *t)
{
	struct ksrtp_bh_race *r = container_of(t, struct ksrtp_bh_race, timer);
	int i, res;

	if (in_serving_softirq())
		atomic64_inc(&r->in_softirq);
	for (i = 0; i < 4; i++) {
		res = ksrtp_t_roundtrip(r->tx, r->rx, r->buf, r->plain, false,
					0x7777, r->seq++, r->tag++);
		atomic64_inc(&r->outcome[res]);
	}
	if (atomic_read(&r->stop))
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, ns_to_ktime(100 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

static void ksrtp_bh_race_test(struct kunit *test)
{
	const u32 suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	struct ksrtp_bh_race *r;
	u32 i, replaced = 0;
	int k;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->tx = ksrtp_t_flow(test, KSRTP_FLOW_TX, suite, false, 0, 0);
	r->rx = ksrtp_t_flow(test, KSRTP_FLOW_RX, suite, false, 0, 0);

	hrtimer_init(&r->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	r->timer.function = ksrtp_bh_race_fire;
	hrtimer_start(&r->timer, ns_to_ktime(100 * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_SOFT);

	for (i = 1; i <= KSRTP_BH_REPLACES; i++) {
		struct ksrtp_key_cfg c;
		struct ksrtp_t_key key;

		ksrtp_t_key_fill(&key, 1000 + i);
		ksrtp_t_key_cfg(&c, &key, suite, false);
		c.slot = KSRTP_KEY_SLOT_CURRENT;
		/* each replace drops the previous key: freed after a GP */
		ksrtp_t_expect(test, 1000 + i);
		if (ksrtp_key_new(r->rx, &c, NULL))
			continue;
		ksrtp_t_expect(test, 1000 + i);
		if (!ksrtp_key_new(r->tx, &c, NULL))
			replaced++;
		if (i % 64 == 0)
			cond_resched();
	}
	atomic_set(&r->stop, 1);
	hrtimer_cancel(&r->timer);

	kunit_info(test, "%u replacements; softirq round trips: ok %lld, rx-key-retired %lld, in softirq %lld times\n",
		   replaced, atomic64_read(&r->outcome[KSRTP_T_OK]),
		   atomic64_read(&r->outcome[KSRTP_T_RX_RETIRED]),
		   atomic64_read(&r->in_softirq));
	kunit_info(test, "safe because: the softirq reader finds keys under RCU, and a replaced key is freed by queue_rcu_work() only after a grace period, so no reader can still hold it\n");
	KUNIT_EXPECT_EQ(test, replaced, (u32)KSRTP_BH_REPLACES);
	KUNIT_EXPECT_GT(test, atomic64_read(&r->in_softirq), 0LL);
	KUNIT_EXPECT_GT(test, atomic64_read(&r->outcome[KSRTP_T_OK]), 0LL);
	for (k = KSRTP_T_BAD_DROP; k < KSRTP_T_NR; k++)
		KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&r->outcome[k]), 0LL,
				    "%s", ksrtp_t_names[k]);

	ksrtp_t_flow_put(r->tx);
	ksrtp_t_flow_put(r->rx);
	ksrtp_t_drain();
}

/* ---- one switch, placed exactly around the sequence number wrap ---- */

#define KSRTP_WRAP_SSRC		0x0a0b0c0d
#define KSRTP_WRAP_ROC		4
#define KSRTP_WRAP_FIRST	0xfff0	/* sequence number of packet 0 */
#define KSRTP_WRAP_N		32	/* RTP packets; packet 16 has seq 0 */

/* A flow of one pinned SSRC that starts at ROC @roc, with key generation 0. */
static struct ksrtp_flow *ksrtp_t_flow_pinned(struct kunit *test, u8 dir,
					      u32 suite, bool mki, u32 roc,
					      u32 flags)
{
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_flow *flow;
	struct ksrtp_t_key k;

	ksrtp_t_key_fill(&k, 0);
	cfg.key.family = AF_INET;
	cfg.key.dir = dir;
	cfg.flags = KSRTP_FLOW_F_RTCP_MUX | flags;
	cfg.ssrc = KSRTP_WRAP_SSRC;
	cfg.roc = roc;
	cfg.replay_window = 1024;
	cfg.grace_ms = 600000;	/* no previous key retires during the test */
	ksrtp_t_key_cfg(&cfg.kcfg, &k, suite, mki);
	ksrtp_t_expect(test, 0);
	flow = ksrtp_flow_alloc(&cfg, &init_net, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(flow));
	return flow;
}

/* The ROC and highest sequence number of @flow's pinned SSRC. */
static u64 ksrtp_t_flow_index(struct ksrtp_flow *flow)
{
	struct ksrtp_stream *st;
	u64 index = U64_MAX;

	rcu_read_lock();
	hlist_for_each_entry_rcu(st, &flow->streams, node) {
		spin_lock_bh(&st->lock);
		index = ((u64)st->rtp_idx.roc << 16) | st->rtp_idx.s_l;
		spin_unlock_bh(&st->lock);
	}
	rcu_read_unlock();
	return index;
}

/* The generation of @flow's current key, and whether it has a next key. */
static u32 ksrtp_t_cur_gen(struct ksrtp_flow *flow, bool *has_next)
{
	struct ksrtp_keyset *ks;
	u32 gen;

	rcu_read_lock();
	ks = rcu_dereference(flow->keyset);
	gen = ksrtp_t_gen(ks->cur->serial);
	*has_next = !!ks->next;
	rcu_read_unlock();
	return gen;
}

/* Switch the pair to key generation @gen the way @mode does, rx first. */
static void ksrtp_t_switch(struct kunit *test, struct ksrtp_flow *tx,
			   struct ksrtp_flow *rx, int mode, u32 gen, u64 from)
{
	u8 rx_slot = KSRTP_KEY_SLOT_CURRENT, tx_slot = KSRTP_KEY_SLOT_CURRENT;
	bool mki = mode == KSRTP_MODE_MKI, at = mode == KSRTP_MODE_AT_INDEX;

	if (mode == KSRTP_MODE_PREPARED)
		rx_slot = KSRTP_KEY_SLOT_NEXT;
	if (mki || at) {
		rx_slot = 0;
		tx_slot = 0;
	}
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, gen, rx_slot, mki,
					      false, at ? &from : NULL), 0);
	KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, tx, gen, tx_slot, mki,
					      mki, at ? &from : NULL), 0);
}

struct ksrtp_t_held {
	u8 buf[KSRTP_T_BUF];
	u8 plain[KSRTP_T_BUF];
	unsigned int len;
	unsigned int plain_len;
	u64 serial;
	bool rtcp;
};

/* Build packet @tag (RTP @seq, or SRTCP) into @h and protect it on @tx. */
static int ksrtp_t_hold(struct ksrtp_flow *tx, struct ksrtp_t_held *h,
			bool rtcp, u16 seq, u32 tag)
{
	h->rtcp = rtcp;
	h->plain_len = ksrtp_t_packet(h->plain, rtcp, KSRTP_WRAP_SSRC, seq, tag);
	memcpy(h->buf, h->plain, h->plain_len);
	return ksrtp_t_protect(tx, h->buf, h->plain_len, rtcp, &h->len,
			       &h->serial);
}

static int ksrtp_t_deliver(struct ksrtp_flow *rx, struct ksrtp_t_held *h)
{
	return ksrtp_t_unprotect(rx, h->buf, h->len, h->rtcp, h->plain,
				 h->plain_len, h->serial);
}

struct ksrtp_wrap_case {
	int mode;
	int offset;	/* the first packet under the new key, from seq 0 */
};

static const struct ksrtp_wrap_case ksrtp_wrap_cases[] = {
	{ KSRTP_MODE_PREPARED, -2 }, { KSRTP_MODE_PREPARED, -1 },
	{ KSRTP_MODE_PREPARED, 0 }, { KSRTP_MODE_PREPARED, 1 },
	{ KSRTP_MODE_MKI, -2 }, { KSRTP_MODE_MKI, -1 },
	{ KSRTP_MODE_MKI, 0 }, { KSRTP_MODE_MKI, 1 },
	{ KSRTP_MODE_IMMEDIATE, -2 }, { KSRTP_MODE_IMMEDIATE, -1 },
	{ KSRTP_MODE_IMMEDIATE, 0 }, { KSRTP_MODE_IMMEDIATE, 1 },
	{ KSRTP_MODE_AT_INDEX, -2 }, { KSRTP_MODE_AT_INDEX, -1 },
	{ KSRTP_MODE_AT_INDEX, 0 }, { KSRTP_MODE_AT_INDEX, 1 },
};

static void ksrtp_wrap_desc(const struct ksrtp_wrap_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s-from-seq%+d",
		 ksrtp_mode_names[c->mode], c->offset);
}

KUNIT_ARRAY_PARAM(ksrtp_wrap, ksrtp_wrap_cases, ksrtp_wrap_desc);

/*
 * A stream at ROC 4 crosses the wrap to ROC 5 while the pair switches keys
 * the way @c->mode does; the first packet under the new key is the one
 * with sequence number @c->offset (mod 2^16). The last packet under the old
 * key arrives after the first under the new one, and an SRTCP packet
 * protected just before the switch arrives last. Every packet must
 * authenticate under the key it was sent with, and both ends must agree on
 * ROC 5 afterwards.
 */
static void ksrtp_rekey_at_wrap_test(struct kunit *test)
{
	const struct ksrtp_wrap_case *c = test->param_value;
	const u64 base = ((u64)KSRTP_WRAP_ROC << 16) | KSRTP_WRAP_FIRST;
	const unsigned int sw = 0x10000 - KSRTP_WRAP_FIRST + c->offset;
	const u64 last = base + KSRTP_WRAP_N - 1;
	unsigned int order[KSRTP_WRAP_N + 1], i;
	bool gcm = c->mode == KSRTP_MODE_PREPARED ||
		   c->mode == KSRTP_MODE_IMMEDIATE;
	u32 suite = gcm ? KSRTP_SUITE_AEAD_AES_128_GCM :
			  KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	bool mki = c->mode == KSRTP_MODE_MKI, has_next;
	struct ksrtp_flow *tx, *rx;
	struct ksrtp_t_held *p;
	int r;

	/* p[0..N-1]: RTP packets; p[N]: SRTCP sent just before the switch */
	p = kunit_kcalloc(test, KSRTP_WRAP_N + 1, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	tx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_TX, suite, mki,
				 KSRTP_WRAP_ROC, 0);
	rx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_RX, suite, mki,
				 KSRTP_WRAP_ROC, 0);
	/* at an index: both ends learn the key before the sender gets there */
	if (c->mode == KSRTP_MODE_AT_INDEX)
		ksrtp_t_switch(test, tx, rx, c->mode, 1, base + sw);

	for (i = 0; i < KSRTP_WRAP_N; i++) {
		if (i == sw) {
			KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, &p[KSRTP_WRAP_N],
							   true, 0, 999),
					KSRTP_T_OK);
			if (c->mode != KSRTP_MODE_AT_INDEX)
				ksrtp_t_switch(test, tx, rx, c->mode, 1, 0);
		}
		KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, &p[i], false,
						   (u16)(KSRTP_WRAP_FIRST + i),
						   i), KSRTP_T_OK);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_gen(p[i].serial),
				    i < sw ? 0U : 1U,
				    "tx: packet %u (seq %u) under the wrong key",
				    i, (u16)(KSRTP_WRAP_FIRST + i));
	}

	for (i = 0; i <= KSRTP_WRAP_N; i++)
		order[i] = i;
	order[sw - 1] = sw;
	order[sw] = sw - 1;
	for (i = 0; i <= KSRTP_WRAP_N; i++) {
		r = ksrtp_t_deliver(rx, &p[order[i]]);
		KUNIT_EXPECT_EQ_MSG(test, r, KSRTP_T_OK,
				    "rx: %s %u (seq %u, key %u): %s",
				    p[order[i]].rtcp ? "SRTCP packet" : "packet",
				    order[i],
				    (u16)(KSRTP_WRAP_FIRST + order[i]),
				    ksrtp_t_gen(p[order[i]].serial),
				    ksrtp_t_names[r]);
	}

	KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_flow_index(tx), last,
			    "tx ROC/seq after the wrap");
	KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_flow_index(rx), last,
			    "rx ROC/seq after the wrap");
	/* (an MKI receiver picks keys by MKI: its current key stays) */
	if (!mki) {
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_cur_gen(rx, &has_next), 1U,
				    "rx did not switch to the new key");
		KUNIT_EXPECT_FALSE(test, has_next);
	}

	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);
	ksrtp_t_drain();
}

/* ---- reset-roc ---- */

/*
 * A peer that restarts its ROC and SRTCP index with each new key (the
 * reset-roc flow option, for peers such as Microsoft Teams): after a wrap
 * to ROC 5, a prepared switch, an MKI switch or an immediate replace
 * restarts the sender at ROC 0. A receiver with reset-roc follows, also
 * when it learns of the switch only from the packets (prepared and MKI);
 * one without it cannot authenticate the packets any more, which shows
 * what the option does.
 */
static void ksrtp_reset_roc_test(struct kunit *test)
{
	static const int modes[] = {
		KSRTP_MODE_PREPARED, KSRTP_MODE_MKI, KSRTP_MODE_IMMEDIATE,
	};
	const u32 suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
	struct ksrtp_t_held *h;
	unsigned int m, i, drops;
	int both, r;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	for (both = 1; both >= 0; both--) {
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			bool mki = modes[m] == KSRTP_MODE_MKI;
			const char *what = both ? "reset-roc on both ends" :
						  "reset-roc on the sender only";
			struct ksrtp_flow *tx, *rx;
			u16 seq = KSRTP_WRAP_FIRST;

			tx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_TX, suite,
						 mki, KSRTP_WRAP_ROC,
						 KSRTP_FLOW_F_RESET_ROC);
			rx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_RX, suite,
						 mki, KSRTP_WRAP_ROC,
						 both ? KSRTP_FLOW_F_RESET_ROC :
							0);
			for (i = 0; i < 24; i++, seq++) {
				KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, h, false,
								   seq, i),
						KSRTP_T_OK);
				KUNIT_EXPECT_EQ(test, ksrtp_t_deliver(rx, h),
						KSRTP_T_OK);
			}
			KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, h, true, 0, 77),
					KSRTP_T_OK);
			KUNIT_EXPECT_EQ(test, ksrtp_t_deliver(rx, h),
					KSRTP_T_OK);
			KUNIT_EXPECT_EQ(test, ksrtp_t_flow_index(rx),
					((u64)(KSRTP_WRAP_ROC + 1) << 16) |
					(u16)(seq - 1));

			ksrtp_t_switch(test, tx, rx, modes[m], 1, 0);
			drops = 0;
			for (i = 0; i < 8; i++, seq++) {
				KUNIT_ASSERT_EQ(test, ksrtp_t_hold(tx, h, false,
								   seq, 100 + i),
						KSRTP_T_OK);
				r = ksrtp_t_deliver(rx, h);
				drops += r != KSRTP_T_OK;
			}
			KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_flow_index(tx),
					    (u64)(u16)(seq - 1),
					    "%s, %s: the sender's ROC did not restart",
					    ksrtp_mode_names[modes[m]], what);
			if (both) {
				KUNIT_EXPECT_EQ_MSG(test, drops, 0U, "%s, %s",
						    ksrtp_mode_names[modes[m]],
						    what);
				KUNIT_EXPECT_EQ(test, ksrtp_t_flow_index(rx),
						(u64)(u16)(seq - 1));
				/* the SRTCP index restarted too */
				KUNIT_ASSERT_EQ(test,
						ksrtp_t_hold(tx, h, true, 0, 78),
						KSRTP_T_OK);
				KUNIT_EXPECT_EQ(test, ksrtp_t_deliver(rx, h),
						KSRTP_T_OK);
			} else {
				KUNIT_EXPECT_EQ_MSG(test, drops, 8U, "%s, %s",
						    ksrtp_mode_names[modes[m]],
						    what);
			}
			ksrtp_t_flow_put(tx);
			ksrtp_t_flow_put(rx);
		}
	}
	ksrtp_t_drain();
}

/*
 * A flow with a 32-bit SRTCP tag (srtcp-tag-len 4) keeps it across a rekey:
 * the key key-new adds protects and parses SRTCP with the flow's tag length,
 * and a receiver with the 80-bit tag refuses what it sends.
 */
static void ksrtp_rekey_srtcp_tag32_test(struct kunit *test)
{
	static const u32 suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32;
	struct ksrtp_flow *tx, *rx, *rx80;
	unsigned int gen, len, out_len;
	u8 *buf, *plain, *copy;
	u64 serial = 0;

	buf = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	plain = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	copy = kunit_kzalloc(test, KSRTP_T_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	tx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_TX, suite, false, 0,
				 KSRTP_FLOW_F_SRTCP_TAG32);
	rx = ksrtp_t_flow_pinned(test, KSRTP_FLOW_RX, suite, false, 0,
				 KSRTP_FLOW_F_SRTCP_TAG32);
	rx80 = ksrtp_t_flow_pinned(test, KSRTP_FLOW_RX, suite, false, 0, 0);
	KUNIT_EXPECT_EQ(test, tx->overhead[KSRTP_KC_SRTCP], 8U);
	KUNIT_EXPECT_EQ(test, rx80->overhead[KSRTP_KC_SRTCP], 14U);

	for (gen = 0; gen < 3; gen++) {
		if (gen) {
			KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx, gen,
							      KSRTP_KEY_SLOT_CURRENT,
							      false, false, NULL), 0);
			KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, rx80, gen,
							      KSRTP_KEY_SLOT_CURRENT,
							      false, false, NULL), 0);
			KUNIT_ASSERT_EQ(test, ksrtp_storm_key(test, tx, gen,
							      KSRTP_KEY_SLOT_CURRENT,
							      false, false, NULL), 0);
		}
		len = ksrtp_t_packet(plain, true, KSRTP_WRAP_SSRC, 0, gen);
		memcpy(buf, plain, len);
		KUNIT_ASSERT_EQ(test, ksrtp_t_protect(tx, buf, len, true,
						      &out_len, &serial),
				KSRTP_T_OK);
		KUNIT_EXPECT_EQ_MSG(test, out_len, len + 8, "key %u", gen);
		KUNIT_EXPECT_EQ(test, ksrtp_t_gen(serial), gen);
		memcpy(copy, buf, out_len);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_unprotect(rx, buf, out_len,
							    true, plain, len,
							    serial),
				    KSRTP_T_OK, "key %u", gen);
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_t_unprotect(rx80, copy, out_len,
							    true, plain, len,
							    serial),
				    KSRTP_T_BAD_DROP, "key %u", gen);
		/* RTP keeps the suite's 32-bit tag */
		len = ksrtp_t_packet(plain, false, KSRTP_WRAP_SSRC, gen + 1,
				     gen);
		memcpy(buf, plain, len);
		KUNIT_ASSERT_EQ(test, ksrtp_t_protect(tx, buf, len, false,
						      &out_len, &serial),
				KSRTP_T_OK);
		KUNIT_EXPECT_EQ(test, out_len, len + 4);
		KUNIT_EXPECT_EQ(test, ksrtp_t_unprotect(rx, buf, out_len, false,
							plain, len, serial),
				KSRTP_T_OK);
	}
	ksrtp_t_flow_put(tx);
	ksrtp_t_flow_put(rx);
	ksrtp_t_flow_put(rx80);
	ksrtp_t_drain();
}

static int ksrtp_rekey_suite_init(struct kunit_suite *suite)
{
	int err;

	ksrtp_wq = alloc_workqueue("ksrtp-kunit", 0, 0);
	if (!ksrtp_wq)
		return -ENOMEM;
	err = ksrtp_xform_init();
	if (err)
		destroy_workqueue(ksrtp_wq);
	return err;
}

static void ksrtp_rekey_suite_exit(struct kunit_suite *suite)
{
	ksrtp_t_drain();
	destroy_workqueue(ksrtp_wq);
	ksrtp_xform_exit();
	xa_destroy(&ksrtp_t_gens);
}

static struct kunit_case ksrtp_rekey_test_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_rekey_at_wrap_test, ksrtp_wrap_gen_params),
	KUNIT_CASE(ksrtp_reset_roc_test),
	KUNIT_CASE(ksrtp_rekey_srtcp_tag32_test),
	KUNIT_CASE_SLOW(ksrtp_rekey_storm_test),
	KUNIT_CASE_SLOW(ksrtp_bh_race_test),
	{}
};

static struct kunit_suite ksrtp_rekey_suite = {
	.name = "ksrtp_rekey",
	.suite_init = ksrtp_rekey_suite_init,
	.suite_exit = ksrtp_rekey_suite_exit,
	.test_cases = ksrtp_rekey_test_cases,
};
