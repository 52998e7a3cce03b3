// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: per network namespace set-up and tear-down.
 *
 * Every namespace gets the hooks at creation; they return at once while the
 * namespace has no flow or guard, and a static key makes them nearly free
 * while no namespace has a flow. The first flow or guard of a namespace
 * enables IPv4 and IPv6 defragmentation in it (so that ksrtp always sees
 * whole datagrams, with or without conntrack) and starts its periodic work.
 *
 * At namespace exit (and module unload) the hooks go first, in .pre_exit:
 * the netns core waits for an RCU grace period between .pre_exit and
 * .exit, so no packet is still inside a hook when .exit stops the
 * periodic work and frees the flows, guards and tables.
 */

#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/rhashtable.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "flow.h"
#include "guard.h"
#include "io.h"
#include "ksrtp.h"
#include "netns.h"

unsigned int ksrtp_net_id __read_mostly;
DEFINE_STATIC_KEY_FALSE(ksrtp_flows_exist);

#define KSRTP_GC_PERIOD	HZ

/* Sum the per-CPU counters of @kn into @sum[__KSRTP_NET_STAT_MAX]. */
void ksrtp_net_stats_fold(struct ksrtp_net *kn, u64 *sum)
{
	int cpu, i;

	memset(sum, 0, __KSRTP_NET_STAT_MAX * sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ksrtp_net_stats *s = per_cpu_ptr(kn->stats, cpu);
		u64 v[__KSRTP_NET_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __KSRTP_NET_STAT_MAX; i++)
				v[i] = u64_stats_read(&s->v[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __KSRTP_NET_STAT_MAX; i++)
			sum[i] += v[i];
	}
}

/*
 * Once a second while the netns is active: free the SSRCs that have been
 * idle too long, and on flows that switch keys at indices retire the keys
 * that no SSRC needs any more (the datapath does that too, when a stream
 * passes a switch point; this catches streams that left).
 *
 * It visits only the flows marked for it (ksrtp_flow_gc_next()): a flow
 * without learned streams that can go idle and without keys by index is
 * visited once, after it is created or gets a key, and then no more until
 * it learns a stream, so quiet flows cost it nothing.
 *
 * Every KSRTP_GC_BATCH flows it lets go of the lock, so that netlink
 * requests do not wait for a walk over every flow of a large netns, and
 * goes on above the last id it handled.
 */
#define KSRTP_GC_BATCH	256

static void ksrtp_net_gc(struct work_struct *work)
{
	struct ksrtp_net *kn = container_of(to_delayed_work(work),
					    struct ksrtp_net, gc_work);
	unsigned long now = jiffies, id = 0;
	struct ksrtp_flow *flow;
	unsigned int n = 0;

	mutex_lock(&kn->lock);
	while ((flow = ksrtp_flow_gc_next(kn, &id))) {
		struct ksrtp_keyset *ks;
		u64 min;

		ksrtp_flow_expire(flow, now);
		local_bh_disable();
		rcu_read_lock();
		ks = rcu_dereference(flow->keyset);
		if (ks->byidx && ksrtp_flow_min_index(flow, &min))
			ksrtp_key_retire_behind(flow, ks, min);
		rcu_read_unlock();
		local_bh_enable();
		ksrtp_flow_gc_done(kn, flow);
		if (++n % KSRTP_GC_BATCH == 0) {
			mutex_unlock(&kn->lock);
			cond_resched();
			mutex_lock(&kn->lock);
		} else {
			cond_resched();
		}
	}
	if (!kn->dying)
		queue_delayed_work(ksrtp_wq, &kn->gc_work, KSRTP_GC_PERIOD);
	mutex_unlock(&kn->lock);
}

/**
 * ksrtp_net_activate() - get a netns ready for its first flow or guard
 * @kn: the netns; the caller must not hold its lock
 * @extack: for error messages
 *
 * Enables IPv4 and IPv6 defragmentation in the netns (nf_defrag_ipv4/6:
 * reassembly at PRE_ROUTING and LOCAL_OUT, before ksrtp's hooks, whether
 * or not conntrack is loaded) and starts the periodic work. Once per
 * netns; both stay until it goes.
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_net_activate(struct ksrtp_net *kn, struct netlink_ext_ack *extack)
{
	int err = 0;

	mutex_lock(&kn->lock);
	if (kn->active)
		goto out;
	/* charged to the task that adds the first flow or guard */
	kn->flow_stats[0] = ksrtp_stats_alloc(GFP_KERNEL_ACCOUNT);
	kn->flow_stats[1] = ksrtp_stats_alloc(GFP_KERNEL_ACCOUNT);
	if (!kn->flow_stats[0] || !kn->flow_stats[1]) {
		err = -ENOMEM;
		NL_SET_ERR_MSG(extack, "ksrtp: out of memory");
		goto err_stats;
	}
	err = nf_defrag_ipv4_enable(kn->net);
	if (err) {
		NL_SET_ERR_MSG(extack, "ksrtp: cannot enable IPv4 defragmentation");
		goto err_stats;
	}
	err = nf_defrag_ipv6_enable(kn->net);
	if (err) {
		nf_defrag_ipv4_disable(kn->net);
		NL_SET_ERR_MSG(extack, "ksrtp: cannot enable IPv6 defragmentation");
		goto err_stats;
	}
	kn->active = true;
	queue_delayed_work(ksrtp_wq, &kn->gc_work, KSRTP_GC_PERIOD);
	goto out;

err_stats:
	free_percpu(kn->flow_stats[1]);
	free_percpu(kn->flow_stats[0]);
	kn->flow_stats[1] = NULL;
	kn->flow_stats[0] = NULL;
out:
	mutex_unlock(&kn->lock);
	return err;
}

static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_pernet(net);
	int cpu, err;

	kn->net = net;
	mutex_init(&kn->lock);
	INIT_DELAYED_WORK(&kn->gc_work, ksrtp_net_gc);
	/* charged to the task that creates the netns */
	kn->stats = alloc_percpu_gfp(struct ksrtp_net_stats, GFP_KERNEL_ACCOUNT);
	if (!kn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(kn->stats, cpu)->syncp);
	err = ksrtp_flow_table_init(kn);
	if (err)
		goto err_stats;
	err = ksrtp_io_register(net);
	if (err)
		goto err_table;
	return 0;

err_table:
	ksrtp_flow_table_destroy(kn);
err_stats:
	free_percpu(kn->stats);
	return err;
}

/* First the hooks; the netns core then waits for readers to leave them. */
static void __net_exit ksrtp_net_pre_exit(struct net *net)
{
	ksrtp_io_unregister(net);
}

static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_pernet(net);

	mutex_lock(&kn->lock);
	kn->dying = true;
	mutex_unlock(&kn->lock);
	/* it does not come back once it saw @dying */
	cancel_delayed_work_sync(&kn->gc_work);

	mutex_lock(&kn->lock);
	ksrtp_flow_flush(kn, 0, KSRTP_DEL_REASON_NETNS_EXIT);
	ksrtp_guard_free(kn);
	mutex_unlock(&kn->lock);
	ksrtp_flow_table_destroy(kn);
	if (kn->active) {
		nf_defrag_ipv6_disable(net);
		nf_defrag_ipv4_disable(net);
	}
	free_percpu(kn->flow_stats[1]);
	free_percpu(kn->flow_stats[0]);
	free_percpu(kn->stats);
}

static struct pernet_operations ksrtp_net_ops = {
	.init = ksrtp_net_init,
	.pre_exit = ksrtp_net_pre_exit,
	.exit = ksrtp_net_exit,
	.id = &ksrtp_net_id,
	.size = sizeof(struct ksrtp_net),
};

int ksrtp_netns_init(void)
{
	return register_pernet_subsys(&ksrtp_net_ops);
}

void ksrtp_netns_exit(void)
{
	unregister_pernet_subsys(&ksrtp_net_ops);
}
