/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the few differences between the kernels ksrtp supports (6.1, 6.12).
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#include <linux/memcontrol.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#ifdef KSRTP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* The parsed attributes of a dump request: 6.2 put a genl_info there. */
#ifdef KSRTP_HAVE_SPLIT_OPS
#define ksrtp_dump_attrs(cb)	(genl_info_dump(cb)->attrs)
#else
#define ksrtp_dump_attrs(cb)	(genl_dumpit_info(cb)->attrs)
#endif

/*
 * The memory cgroup of the task making a request, with a reference
 * (mem_cgroup_put()): what the datapath (softirq) and the work items later
 * allocate on its behalf is charged there, between set_active_memcg(memcg)
 * and set_active_memcg(old), since they have no task of its own to charge.
 * get_mem_cgroup_from_mm() is exported by 6.1 and 6.12. Without
 * CONFIG_MEMCG (or with cgroup_disable=memory) it gives NULL, and
 * set_active_memcg() and mem_cgroup_put() do nothing.
 */
static inline struct mem_cgroup *ksrtp_memcg_get(void)
{
	return get_mem_cgroup_from_mm(current->mm);
}

#endif /* _KSRTP_COMPAT_H */
