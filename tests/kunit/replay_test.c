// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the replay window. Included from ksrtp_kunit.c.
 */

static struct ksrtp_replay *ksrtp_test_replay(struct kunit *test, u32 size)
{
	struct ksrtp_replay *r = ksrtp_replay_alloc(size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	return r;
}

static void ksrtp_replay_accept(struct kunit *test, struct ksrtp_replay *r,
				u64 index)
{
	KUNIT_EXPECT_EQ_MSG(test, ksrtp_replay_check(r, index), 0,
			    "index %llu", index);
	ksrtp_replay_update(r, index);
}

static void ksrtp_replay_sizes_test(struct kunit *test)
{
	struct ksrtp_replay *r;

	KUNIT_EXPECT_NULL(test, ksrtp_replay_alloc(KSRTP_REPLAY_MIN - 1,
						   GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, ksrtp_replay_alloc(KSRTP_REPLAY_MAX + 1,
						   GFP_KERNEL));
	r = ksrtp_replay_alloc(KSRTP_REPLAY_MIN, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, r);
	kfree(r);
	r = ksrtp_replay_alloc(KSRTP_REPLAY_MAX, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, r);
	kfree(r);
}

static void ksrtp_replay_duplicate_test(struct kunit *test)
{
	struct ksrtp_replay *r = ksrtp_test_replay(test, KSRTP_REPLAY_DEFAULT);

	ksrtp_replay_accept(test, r, 1000);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 1000),
			KSRTP_DROP_REPLAY_DUP);
	ksrtp_replay_accept(test, r, 998);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 998),
			KSRTP_DROP_REPLAY_DUP);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 999), 0);
	kfree(r);
}

static void ksrtp_replay_edge_test(struct kunit *test)
{
	struct ksrtp_replay *r = ksrtp_test_replay(test, 64);

	ksrtp_replay_accept(test, r, 200);
	/* 200 - 63 is the oldest index still inside a 64-packet window */
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 137), 0);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 136),
			KSRTP_DROP_REPLAY_OLD);
	ksrtp_replay_accept(test, r, 137);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 137),
			KSRTP_DROP_REPLAY_DUP);
	/* moving by one pushes 137 out */
	ksrtp_replay_accept(test, r, 201);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 137),
			KSRTP_DROP_REPLAY_OLD);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 138), 0);
	kfree(r);
}

static void ksrtp_replay_jump_test(struct kunit *test)
{
	struct ksrtp_replay *r = ksrtp_test_replay(test, 128);
	u64 i;

	for (i = 0; i < 300; i++)
		ksrtp_replay_accept(test, r, i);
	/* a jump larger than the ring must leave no stale bits behind */
	ksrtp_replay_accept(test, r, 300 + 1000000);
	for (i = 300 + 1000000 - 127; i < 300 + 1000000; i++)
		KUNIT_EXPECT_EQ_MSG(test, ksrtp_replay_check(r, i), 0,
				    "index %llu", i);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 299),
			KSRTP_DROP_REPLAY_OLD);
	/* a jump of less than a ring clears exactly the words it passes */
	ksrtp_replay_accept(test, r, 300 + 1000000 + 70);
	for (i = 300 + 1000000 + 70 - 127; i < 300 + 1000000 + 70; i++)
		if (i != 300 + 1000000)
			KUNIT_EXPECT_EQ_MSG(test, ksrtp_replay_check(r, i), 0,
					    "index %llu", i);
	KUNIT_EXPECT_EQ(test, ksrtp_replay_check(r, 300 + 1000000),
			KSRTP_DROP_REPLAY_DUP);
	kfree(r);
}

/* Compare against a plain model on a pseudo-random walk of indices. */
static void ksrtp_replay_model_test(struct kunit *test)
{
	static const u32 sizes[] = { 64, 100, 128, 1000 };
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		u32 size = sizes[s];
		struct ksrtp_replay *r = ksrtp_test_replay(test, size);
		unsigned long *seen;
		u64 top = 0, idx = 5000;
		bool any = false;
		u32 x = 12345, n, bad = 0;

		seen = kunit_kcalloc(test, BITS_TO_LONGS(1 << 20),
				     sizeof(long), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, seen);
		for (n = 0; n < 20000; n++) {
			int want, got;

			x = x * 1103515245 + 12345;
			/* mostly forward, sometimes back, sometimes far */
			switch ((x >> 16) % 8) {
			case 0:
				idx += (x >> 8) % (2 * size);
				break;
			case 1:
				idx -= min_t(u64, idx, (x >> 8) % (size + 8));
				break;
			default:
				idx += 1 + (x >> 8) % 3;
				break;
			}
			idx %= 1 << 20;
			if (!any || idx > top)
				want = 0;
			else if (top - idx >= size)
				want = KSRTP_DROP_REPLAY_OLD;
			else if (test_bit(idx, seen))
				want = KSRTP_DROP_REPLAY_DUP;
			else
				want = 0;
			got = ksrtp_replay_check(r, idx);
			if (got != want && bad++ < 3)
				KUNIT_FAIL(test, "size %u index %llu: got %d want %d",
					   size, idx, got, want);
			if (want == 0) {
				if (!any || idx > top)
					top = idx;
				any = true;
				__set_bit(idx, seen);
				ksrtp_replay_update(r, idx);
			}
		}
		KUNIT_EXPECT_EQ(test, bad, 0);
		kfree(r);
	}
}

static struct kunit_case ksrtp_replay_test_cases[] = {
	KUNIT_CASE(ksrtp_replay_sizes_test),
	KUNIT_CASE(ksrtp_replay_duplicate_test),
	KUNIT_CASE(ksrtp_replay_edge_test),
	KUNIT_CASE(ksrtp_replay_jump_test),
	KUNIT_CASE(ksrtp_replay_model_test),
	{}
};

static struct kunit_suite ksrtp_replay_suite = {
	.name = "ksrtp_replay",
	.test_cases = ksrtp_replay_test_cases,
};
