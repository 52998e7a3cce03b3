/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp: the SRTP/SRTCP replay window.
 */
#ifndef _KSRTP_REPLAY_H
#define _KSRTP_REPLAY_H

#include <linux/types.h>

#include "drop.h"

#define KSRTP_REPLAY_MIN	64
#define KSRTP_REPLAY_MAX	32768
#define KSRTP_REPLAY_DEFAULT	128

/**
 * struct ksrtp_replay - a sliding bitmap of the indices received (RFC 6479)
 * @top: highest index accepted so far
 * @size: window size in packets; @top - @size + 1 is the oldest acceptable
 * @nwords: number of words in @bitmap: one more than @size needs, so that
 *	sliding clears whole words
 * @empty: nothing accepted yet
 * @bitmap: bit (index mod (@nwords * BITS_PER_LONG)) is set if index was seen
 *
 * Not locked: the owner serialises check and update (see the stream lock).
 */
struct ksrtp_replay {
	u64 top;
	u32 size;
	u32 nwords;
	bool empty;
	unsigned long bitmap[];
};

struct ksrtp_replay *ksrtp_replay_alloc(u32 size, gfp_t gfp);
void ksrtp_replay_reset(struct ksrtp_replay *r);
void ksrtp_replay_seed(struct ksrtp_replay *r, u64 top);
enum ksrtp_drop ksrtp_replay_check(const struct ksrtp_replay *r, u64 index);
void ksrtp_replay_update(struct ksrtp_replay *r, u64 index);

#endif /* _KSRTP_REPLAY_H */
