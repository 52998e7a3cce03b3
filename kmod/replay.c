// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: sliding-window replay protection in the style of RFC 6479.
 *
 * The bitmap is a ring of words, one word larger than the window needs, so
 * that moving the window only ever clears whole words and never has to
 * shift bits. Check and update are separate so the caller can check before
 * and commit only after authentication.
 */

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "replay.h"

/**
 * ksrtp_replay_alloc() - allocate an empty window
 * @size: window size in packets, KSRTP_REPLAY_MIN..KSRTP_REPLAY_MAX
 * @gfp: allocation flags
 *
 * Return: the window, or NULL on a bad size or no memory.
 */
struct ksrtp_replay *ksrtp_replay_alloc(u32 size, gfp_t gfp)
{
	struct ksrtp_replay *r;
	u32 nwords;

	if (size < KSRTP_REPLAY_MIN || size > KSRTP_REPLAY_MAX)
		return NULL;
	nwords = BITS_TO_LONGS(size) + 1;
	r = kzalloc(struct_size(r, bitmap, nwords), gfp);
	if (!r)
		return NULL;
	r->size = size;
	r->nwords = nwords;
	r->empty = true;
	return r;
}

void ksrtp_replay_reset(struct ksrtp_replay *r)
{
	memset(r->bitmap, 0, r->nwords * sizeof(unsigned long));
	r->top = 0;
	r->empty = true;
}

/**
 * ksrtp_replay_seed() - a window in which every index up to @top was seen
 * @r: the window
 * @top: the highest index accepted before (a freed stream's)
 *
 * For a stream that resumes after its state was freed: nothing at or
 * below @top is accepted again.
 */
void ksrtp_replay_seed(struct ksrtp_replay *r, u64 top)
{
	unsigned int bit = top % ((u64)r->nwords * BITS_PER_LONG);
	unsigned int w = bit / BITS_PER_LONG, b = bit % BITS_PER_LONG;

	memset(r->bitmap, 0xff, r->nwords * sizeof(unsigned long));
	/* the bits after @top in its word stand for indices not seen yet */
	if (b < BITS_PER_LONG - 1)
		r->bitmap[w] &= GENMASK(b, 0);
	r->top = top;
	r->empty = false;
}

static unsigned int ksrtp_replay_bit(const struct ksrtp_replay *r, u64 index)
{
	return index % ((u64)r->nwords * BITS_PER_LONG);
}

/**
 * ksrtp_replay_check() - may a packet with this index be accepted?
 * @r: the window
 * @index: the packet's (authenticated) index
 *
 * Return: KSRTP_DROP_NONE if new, KSRTP_DROP_REPLAY_DUP if already seen,
 * KSRTP_DROP_REPLAY_OLD if it is older than the window.
 */
enum ksrtp_drop ksrtp_replay_check(const struct ksrtp_replay *r, u64 index)
{
	if (r->empty || index > r->top)
		return KSRTP_DROP_NONE;
	if (r->top - index >= r->size)
		return KSRTP_DROP_REPLAY_OLD;
	if (test_bit(ksrtp_replay_bit(r, index), r->bitmap))
		return KSRTP_DROP_REPLAY_DUP;
	return KSRTP_DROP_NONE;
}

/**
 * ksrtp_replay_update() - mark an index as received
 * @r: the window
 * @index: an index that ksrtp_replay_check() accepted
 */
void ksrtp_replay_update(struct ksrtp_replay *r, u64 index)
{
	u64 bits = (u64)r->nwords * BITS_PER_LONG;

	if (r->empty) {
		r->top = index;
		r->empty = false;
	} else if (index > r->top) {
		u64 oldw = r->top / BITS_PER_LONG;
		u64 neww = index / BITS_PER_LONG;
		u64 n = neww - oldw;
		u64 w;

		if (n >= r->nwords) {
			memset(r->bitmap, 0, r->nwords * sizeof(unsigned long));
		} else {
			for (w = oldw + 1; w <= neww; w++)
				r->bitmap[w % r->nwords] = 0;
		}
		r->top = index;
	}
	__set_bit(index % bits, r->bitmap);
}
