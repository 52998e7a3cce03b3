// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: per network namespace set-up and tear-down.
 *
 * Every namespace gets the hooks at creation; they return at once while the
 * namespace has no flow, and a static key makes them nearly free while no
 * namespace has one.
 */

#include <linux/module.h>
#include <linux/rhashtable.h>

#include "flow.h"
#include "io.h"
#include "netns.h"

unsigned int ksrtp_net_id __read_mostly;
DEFINE_STATIC_KEY_FALSE(ksrtp_flows_exist);

static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_pernet(net);
	int err;

	kn->net = net;
	mutex_init(&kn->lock);
	INIT_LIST_HEAD(&kn->flow_list);
	err = ksrtp_flow_table_init(kn);
	if (err)
		return err;
	err = ksrtp_io_register(net);
	if (err)
		ksrtp_flow_table_destroy(kn);
	return err;
}

static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_pernet(net);

	ksrtp_io_unregister(net);
	mutex_lock(&kn->lock);
	ksrtp_flow_flush(kn);
	mutex_unlock(&kn->lock);
	ksrtp_flow_table_destroy(kn);
}

static struct pernet_operations ksrtp_net_ops = {
	.init = ksrtp_net_init,
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
