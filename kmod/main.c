// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: module entry points.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

#include "ksrtp.h"
#include "netlink.h"
#include "netns.h"
#include "srtp.h"
#include "xform.h"

struct workqueue_struct *ksrtp_wq;

static int __init ksrtp_init(void)
{
	int err;

	ksrtp_wq = alloc_workqueue("ksrtp", 0, 0);
	if (!ksrtp_wq)
		return -ENOMEM;
	err = ksrtp_xform_init();
	if (err)
		goto err_wq;
	err = ksrtp_netns_init();
	if (err)
		goto err_xform;
	err = ksrtp_nl_init();
	if (err)
		goto err_netns;
	pr_info("ksrtp: version %s loaded\n", KSRTP_VERSION);
	return 0;

err_netns:
	ksrtp_netns_exit();
	rcu_barrier();
err_xform:
	ksrtp_xform_exit();
err_wq:
	destroy_workqueue(ksrtp_wq);
	ksrtp_srtp_exit();
	return err;
}

static void __exit ksrtp_exit(void)
{
	ksrtp_nl_exit();
	ksrtp_netns_exit();
	/* flows are freed by RCU callbacks, their keys by work items */
	rcu_barrier();
	destroy_workqueue(ksrtp_wq);
	ksrtp_xform_exit();
	ksrtp_srtp_exit();
	pr_info("ksrtp: unloaded\n");
}

module_init(ksrtp_init);
module_exit(ksrtp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRTP/SRTCP in the kernel UDP datapath");
MODULE_VERSION(KSRTP_VERSION);
MODULE_ALIAS_GENL_FAMILY("ksrtp");
