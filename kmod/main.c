// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: module entry points.
 */

#include <linux/module.h>

#include "ksrtp.h"

static int __init ksrtp_init(void)
{
	pr_info("ksrtp: version %s loaded\n", KSRTP_VERSION);
	return 0;
}

static void __exit ksrtp_exit(void)
{
	pr_info("ksrtp: unloaded\n");
}

module_init(ksrtp_init);
module_exit(ksrtp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRTP/SRTCP in the kernel UDP datapath");
MODULE_VERSION(KSRTP_VERSION);
