// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp_uaf_canary: a deliberate use-after-free, to prove that the test VM
 * catches KASAN reports (tests/vm/kasan-canary.sh). Never load it elsewhere.
 */

#include <linux/module.h>
#include <linux/slab.h>

static int __init ksrtp_uaf_canary_init(void)
{
	u8 *p;
	u8 v;

	p = kmalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p[0] = 0x5a;
	kfree(p);
	/* Use after free: KASAN must report this read. */
	v = READ_ONCE(p[0]);
	pr_info("ksrtp_uaf_canary: read 0x%02x from freed memory\n", v);
	return 0;
}

static void __exit ksrtp_uaf_canary_exit(void)
{
}

module_init(ksrtp_uaf_canary_init);
module_exit(ksrtp_uaf_canary_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ksrtp test: deliberate use-after-free for KASAN");
