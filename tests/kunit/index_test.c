// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SRTP packet index estimation (RFC 3711 Appendix A). Included from
 * ksrtp_kunit.c.
 */

struct ksrtp_index_case {
	const char *name;
	u32 roc;
	u16 s_l;
	bool valid;
	u16 seq;
	u64 want;
};

static const struct ksrtp_index_case ksrtp_index_cases[] = {
	{ "first-packet", 0, 0, false, 100, 100 },
	{ "first-packet-known-roc", 7, 0, false, 0xfffe, 0x7fffe },
	{ "in-order", 0, 100, true, 101, 101 },
	{ "wrap-forward", 0, 0xfffe, true, 0x0001, 0x10001 },
	{ "wrap-forward-at-zero", 4, 0xffff, true, 0x0000, 0x50000 },
	{ "reordered-before-wrap", 0, 0xfffe, true, 0xfff0, 0xfff0 },
	{ "late-from-previous-roc", 1, 0x0002, true, 0xfffd, 0xfffd },
	{ "reordered-after-wrap", 1, 0x0002, true, 0x0001, 0x10001 },
	{ "no-roc-below-zero", 0, 0x0002, true, 0xfffd, 0xfffd },
	{ "half-window-forward", 3, 0x8000, true, 0x0000, 0x30000 },
	{ "past-half-window", 3, 0x8001, true, 0x0000, 0x40000 },
	{ "exactly-half-behind", 3, 0x7fff, true, 0xffff, 0x3ffff },
	{ "more-than-half-behind", 3, 0x7ffe, true, 0xffff, 0x2ffff },
	{ "big-jump-ahead", 2, 0x1000, true, 0x8fff, 0x28fff },
};

static void ksrtp_index_desc(const struct ksrtp_index_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ksrtp_index, ksrtp_index_cases, ksrtp_index_desc);

static void ksrtp_index_estimate_test(struct kunit *test)
{
	const struct ksrtp_index_case *c = test->param_value;
	struct ksrtp_rtp_index st = {
		.roc = c->roc, .s_l = c->s_l, .valid = c->valid,
	};

	KUNIT_EXPECT_EQ(test, ksrtp_index_estimate(&st, c->seq), c->want);
}

static void ksrtp_index_update_test(struct kunit *test)
{
	struct ksrtp_rtp_index st = {};

	ksrtp_index_update(&st, 0xfffe);
	KUNIT_EXPECT_TRUE(test, st.valid);
	KUNIT_EXPECT_EQ(test, st.roc, 0);
	KUNIT_EXPECT_EQ(test, st.s_l, 0xfffe);

	/* crossing the wrap moves the ROC */
	ksrtp_index_update(&st, ksrtp_index_estimate(&st, 0x0003));
	KUNIT_EXPECT_EQ(test, st.roc, 1);
	KUNIT_EXPECT_EQ(test, st.s_l, 3);

	/* a late packet from before the wrap changes nothing */
	ksrtp_index_update(&st, ksrtp_index_estimate(&st, 0xffff));
	KUNIT_EXPECT_EQ(test, st.roc, 1);
	KUNIT_EXPECT_EQ(test, st.s_l, 3);

	/* and neither does an older one after it */
	ksrtp_index_update(&st, ksrtp_index_estimate(&st, 0x0001));
	KUNIT_EXPECT_EQ(test, st.s_l, 3);
}

static struct kunit_case ksrtp_index_test_cases[] = {
	KUNIT_CASE_PARAM(ksrtp_index_estimate_test, ksrtp_index_gen_params),
	KUNIT_CASE(ksrtp_index_update_test),
	{}
};

static struct kunit_suite ksrtp_index_suite = {
	.name = "ksrtp_index",
	.test_cases = ksrtp_index_test_cases,
};
