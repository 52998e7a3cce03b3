/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: packet counters, per flow (per CPU) and per SSRC stream.
 */
#ifndef _KSRTP_STATS_H
#define _KSRTP_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

/* Same order as the netlink stats attributes (attribute = index + 1). */
enum ksrtp_stat {
	KSRTP_STAT_PACKETS,	/* protected (tx) or authenticated (rx) */
	KSRTP_STAT_BYTES,	/* of those, plain RTP/RTCP bytes */
	KSRTP_STAT_RTCP_PACKETS,
	KSRTP_STAT_AUTH_FAIL,
	KSRTP_STAT_REPLAY_DUP,
	KSRTP_STAT_REPLAY_OLD,
	KSRTP_STAT_MALFORMED,
	KSRTP_STAT_UNKNOWN_SSRC,
	KSRTP_STAT_NO_KEY,
	KSRTP_STAT_PASSTHROUGH,	/* STUN, DTLS, ...: let through untouched */
	KSRTP_STAT_TOO_BIG,
	KSRTP_STAT_SSRC_LIMIT,
	KSRTP_STAT_ERRORS,
	KSRTP_STAT_KEY_EXPIRED,	/* the key reached its limit, or retired */
	KSRTP_STAT_TX_REPEAT,	/* tx: index already protected */
	__KSRTP_STAT_MAX,
};

struct ksrtp_stats {
	u64 v[__KSRTP_STAT_MAX];
};

struct ksrtp_pcpu_stats {
	struct u64_stats_sync syncp;
	u64_stats_t v[__KSRTP_STAT_MAX];
};

/* Zeroed per-CPU counters, or NULL. */
static inline struct ksrtp_pcpu_stats __percpu *ksrtp_stats_alloc(gfp_t gfp)
{
	struct ksrtp_pcpu_stats __percpu *pcpu;
	int cpu;

	pcpu = alloc_percpu_gfp(struct ksrtp_pcpu_stats, gfp);
	if (pcpu)
		for_each_possible_cpu(cpu)
			u64_stats_init(&per_cpu_ptr(pcpu, cpu)->syncp);
	return pcpu;
}

/* Datapath only: called with BHs disabled. */
static inline void ksrtp_stats_add(struct ksrtp_pcpu_stats __percpu *pcpu,
				   enum ksrtp_stat stat, u64 n)
{
	struct ksrtp_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->v[stat], n);
	u64_stats_update_end(&s->syncp);
}

static inline void ksrtp_stats_fold(struct ksrtp_pcpu_stats __percpu *pcpu,
				    struct ksrtp_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct ksrtp_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		u64 v[__KSRTP_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __KSRTP_STAT_MAX; i++)
				v[i] = u64_stats_read(&s->v[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __KSRTP_STAT_MAX; i++)
			sum->v[i] += v[i];
	}
}

#endif /* _KSRTP_STATS_H */
