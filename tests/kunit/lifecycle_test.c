// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the flow lifecycle of issue 11 (included by ksrtp_kunit.c, after
 * rekey_test.c, whose event counters and key helpers it uses): a netns
 * table of its own, owned flows deleted by owner, cookies, and flow-set's
 * remote change, which must keep the flow object and its streams and must
 * never leave a packet without its flow, even with a reader looking the
 * flow up all along.
 */

#include <linux/kthread.h>

/* A ksrtp_net with only what flow.c uses: the tables and the lock. */
static struct ksrtp_net *ksrtp_t_net(struct kunit *test)
{
	struct ksrtp_net *kn = kunit_kzalloc(test, sizeof(*kn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, kn);
	kn->net = &init_net;
	mutex_init(&kn->lock);
	KUNIT_ASSERT_EQ(test, ksrtp_flow_table_init(kn), 0);
	return kn;
}

static void ksrtp_t_net_put(struct ksrtp_net *kn)
{
	mutex_lock(&kn->lock);
	ksrtp_flow_flush(kn, 0, KSRTP_DEL_REASON_NETNS_EXIT);
	mutex_unlock(&kn->lock);
	ksrtp_flow_table_destroy(kn);
	rcu_barrier();
}

/* The 5-tuple 127.0.0.1:4000 <- 127.0.0.1:@rport, rx. */
static void ksrtp_t_tuple(struct ksrtp_flow_key *key, u16 rport)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET;
	key->dir = KSRTP_FLOW_RX;
	key->laddr.s6_addr32[0] = htonl(INADDR_LOOPBACK);
	key->lport = htons(4000);
	key->raddr.s6_addr32[0] = htonl(INADDR_LOOPBACK);
	key->rport = htons(rport);
}

/* An rx flow pinned to SSRC 0x1234 with ROC 5, published in @kn. */
static u32 ksrtp_t_add(struct kunit *test, struct ksrtp_net *kn, u16 rport,
		       u32 owner, u64 cookie)
{
	struct ksrtp_flow_cfg cfg = {};
	struct ksrtp_t_key k;
	u32 id = 0;

	ksrtp_t_key_fill(&k, 1);
	ksrtp_t_tuple(&cfg.key, rport);
	cfg.ssrc = 0x1234;
	cfg.roc = 5;
	cfg.replay_window = 128;
	cfg.owner = owner;
	cfg.cookie = cookie;
	ksrtp_t_key_cfg(&cfg.kcfg, &k, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
			false);
	ksrtp_t_expect(test, 1);
	KUNIT_ASSERT_EQ(test, ksrtp_flow_create(kn, &cfg, &id, NULL), 0);
	return id;
}

static struct ksrtp_flow *ksrtp_t_find(struct ksrtp_net *kn, u16 rport)
{
	struct ksrtp_flow_key key;
	struct ksrtp_flow *flow;

	ksrtp_t_tuple(&key, rport);
	rcu_read_lock();
	flow = ksrtp_flow_lookup(kn, &key);
	rcu_read_unlock();
	return flow;
}

static int ksrtp_t_move(struct ksrtp_net *kn, struct ksrtp_flow *flow,
			u16 rport)
{
	struct in6_addr raddr = {};
	int err;

	raddr.s6_addr32[0] = htonl(INADDR_LOOPBACK);
	mutex_lock(&kn->lock);
	err = ksrtp_flow_set_remote(kn, flow, &raddr, htons(rport), NULL);
	mutex_unlock(&kn->lock);
	return err;
}

/* The same flow object, stream and state under the new remote only. */
static void ksrtp_lifecycle_set_remote(struct kunit *test)
{
	struct ksrtp_net *kn = ksrtp_t_net(test);
	int added = atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_FLOW_ADDED]);
	struct ksrtp_stream *st;
	struct ksrtp_flow *flow;
	u32 id;

	id = ksrtp_t_add(test, kn, 5000, 0, 0);
	flow = ksrtp_t_find(kn, 5000);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, flow->id, id);
	st = ksrtp_stream_find(flow, 0x1234);
	KUNIT_ASSERT_NOT_NULL(test, st);
	st->rtp_idx.s_l = 777;
	st->rtp_idx.valid = true;

	KUNIT_EXPECT_EQ(test, ksrtp_t_move(kn, flow, 5001), 0);
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_t_find(kn, 5001), flow);
	KUNIT_EXPECT_NULL(test, ksrtp_t_find(kn, 5000));
	KUNIT_EXPECT_EQ(test, ntohs(flow->key.rport), 5001);
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_stream_find(flow, 0x1234), st);
	KUNIT_EXPECT_EQ(test, st->rtp_idx.roc, 5U);
	KUNIT_EXPECT_EQ(test, st->rtp_idx.s_l, 777);
	/* at once again: the slot that just left is reused after a GP */
	KUNIT_EXPECT_EQ(test, ksrtp_t_move(kn, flow, 5000), 0);
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_t_find(kn, 5000), flow);
	KUNIT_EXPECT_NULL(test, ksrtp_t_find(kn, 5001));
	/* the same remote: nothing to do */
	KUNIT_EXPECT_EQ(test, ksrtp_t_move(kn, flow, 5000), 0);
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_t_find(kn, 5000), flow);

	/* another flow's 5-tuple: refused, and the flow stays where it was */
	ksrtp_t_add(test, kn, 5002, 0, 0);
	KUNIT_EXPECT_EQ(test, ksrtp_t_move(kn, flow, 5002), -EEXIST);
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_t_find(kn, 5000), flow);
	KUNIT_EXPECT_PTR_NE(test, ksrtp_t_find(kn, 5002), flow);
	KUNIT_EXPECT_EQ(test, ntohs(flow->key.rport), 5000);
	KUNIT_EXPECT_EQ(test, kn->nflows, 2U);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_FLOW_ADDED]),
			added + 2);
	ksrtp_t_net_put(kn);
}

/* Only the owner's flows go; cookies find their flows. */
static void ksrtp_lifecycle_owner(struct kunit *test)
{
	struct ksrtp_net *kn = ksrtp_t_net(test);
	int deleted =
		atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_FLOW_DELETED]);
	u32 a, b, c;

	a = ksrtp_t_add(test, kn, 6000, 77, 9);
	b = ksrtp_t_add(test, kn, 6001, 77, 0);
	c = ksrtp_t_add(test, kn, 6002, 78, 9);
	KUNIT_EXPECT_EQ(test, kn->nowned, 3U);
	mutex_lock(&kn->lock);
	KUNIT_EXPECT_NOT_NULL(test, ksrtp_flow_find_cookie(kn, 9));
	KUNIT_EXPECT_NULL(test, ksrtp_flow_find_cookie(kn, 10));
	mutex_unlock(&kn->lock);

	ksrtp_flow_del_owner(kn, 76);
	KUNIT_EXPECT_EQ(test, kn->nflows, 3U);
	ksrtp_flow_del_owner(kn, 77);
	KUNIT_EXPECT_EQ(test, kn->nflows, 1U);
	KUNIT_EXPECT_EQ(test, kn->nowned, 1U);
	mutex_lock(&kn->lock);
	KUNIT_EXPECT_NULL(test, ksrtp_flow_find_id(kn, a));
	KUNIT_EXPECT_NULL(test, ksrtp_flow_find_id(kn, b));
	KUNIT_EXPECT_NOT_NULL(test, ksrtp_flow_find_id(kn, c));
	/* the deleted flow left the cookie index, the other one stays */
	KUNIT_EXPECT_PTR_EQ(test, ksrtp_flow_find_cookie(kn, 9),
			    ksrtp_flow_find_id(kn, c));
	mutex_unlock(&kn->lock);
	KUNIT_EXPECT_EQ(test,
			atomic_read(&ksrtp_test_events[KSRTP_EVENT_TYPE_FLOW_DELETED]),
			deleted + 2);
	ksrtp_t_net_put(kn);
}

/*
 * A reader looks the flow up under its old remote, then its new one,
 * while the flow moves back and forth. @moves is odd while a move is under
 * way; the old remote of a move is key[(moves / 2) % 2]. Missing the flow
 * under both, with at most one move begun or ended in between, means the
 * datapath would have missed it.
 */
struct ksrtp_t_mover {
	struct ksrtp_net *kn;
	atomic_t moves;
	long lookups;
	long misses;
};

static const u16 ksrtp_t_ports[2] = { 7000, 7001 };

static int ksrtp_t_reader(void *arg)
{
	struct ksrtp_t_mover *m = arg;

	while (!kthread_should_stop()) {
		int s1 = atomic_read_acquire(&m->moves), s2, i;
		bool found = false;

		for (i = 0; i < 2 && !found; i++)
			found = ksrtp_t_find(m->kn,
					     ksrtp_t_ports[((s1 >> 1) + i) & 1]);
		/* the lookups before the second read of the move count */
		smp_rmb();
		s2 = atomic_read(&m->moves);
		if (!found && s2 - s1 <= 1)
			m->misses++;
		m->lookups++;
		cond_resched();
	}
	return 0;
}

static void ksrtp_lifecycle_set_remote_race(struct kunit *test)
{
	struct ksrtp_t_mover *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct task_struct *t;
	struct ksrtp_flow *flow;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->kn = ksrtp_t_net(test);
	ksrtp_t_add(test, m->kn, ksrtp_t_ports[0], 0, 0);
	flow = ksrtp_t_find(m->kn, ksrtp_t_ports[0]);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	t = kthread_run(ksrtp_t_reader, m, "ksrtp-t-reader");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	for (i = 0; i < 100; i++) {
		atomic_inc_return(&m->moves);
		KUNIT_EXPECT_EQ(test,
				ksrtp_t_move(m->kn, flow,
					     ksrtp_t_ports[(i + 1) & 1]), 0);
		atomic_inc_return(&m->moves);
		usleep_range(200, 400);
	}
	kthread_stop(t);
	kunit_info(test, "%ld lookups during 100 moves", m->lookups);
	KUNIT_EXPECT_GT(test, m->lookups, 100L);
	KUNIT_EXPECT_EQ(test, m->misses, 0L);
	ksrtp_t_net_put(m->kn);
}

static struct kunit_case ksrtp_lifecycle_cases[] = {
	KUNIT_CASE(ksrtp_lifecycle_set_remote),
	KUNIT_CASE(ksrtp_lifecycle_owner),
	KUNIT_CASE(ksrtp_lifecycle_set_remote_race),
	{}
};

/* The key contexts' work queue and the crypto, as for the rekey suite. */
static struct kunit_suite ksrtp_lifecycle_suite = {
	.name = "ksrtp_lifecycle",
	.suite_init = ksrtp_rekey_suite_init,
	.suite_exit = ksrtp_rekey_suite_exit,
	.test_cases = ksrtp_lifecycle_cases,
};
