// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: the table of supported SRTP protection profiles.
 */

#include <linux/kernel.h>
#include <linux/string.h>

#include "suite.h"

static const struct ksrtp_suite_info ksrtp_suites[] = {
	{
		.id = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
		.name = "AES_CM_128_HMAC_SHA1_80",
		.key_len = 16, .salt_len = KSRTP_CM_SALT_LEN,
		.rtp_tag_len = 10, .rtcp_tag_len = 10,
		.encrypt = true,
	},
	{
		/*
		 * RFC 4568 section 6.2.1: SRTCP keeps the 80-bit tag, unless
		 * the flow has srtcp-tag-len 4 (libre).
		 */
		.id = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
		.name = "AES_CM_128_HMAC_SHA1_32",
		.key_len = 16, .salt_len = KSRTP_CM_SALT_LEN,
		.rtp_tag_len = 4, .rtcp_tag_len = 10, .srtcp_tag32 = true,
		.encrypt = true,
	},
	{
		.id = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
		.name = "AES_256_CM_HMAC_SHA1_80",
		.key_len = 32, .salt_len = KSRTP_CM_SALT_LEN,
		.rtp_tag_len = 10, .rtcp_tag_len = 10,
		.encrypt = true,
	},
	{
		.id = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
		.name = "AES_256_CM_HMAC_SHA1_32",
		.key_len = 32, .salt_len = KSRTP_CM_SALT_LEN,
		.rtp_tag_len = 4, .rtcp_tag_len = 10, .srtcp_tag32 = true,
		.encrypt = true,
	},
	{
		.id = KSRTP_SUITE_NULL_HMAC_SHA1_80,
		.name = "NULL_HMAC_SHA1_80",
		.key_len = 16, .salt_len = KSRTP_CM_SALT_LEN,
		.rtp_tag_len = 10, .rtcp_tag_len = 10,
		.encrypt = false,
	},
	{
		.id = KSRTP_SUITE_AEAD_AES_128_GCM,
		.name = "AEAD_AES_128_GCM",
		.key_len = 16, .salt_len = KSRTP_GCM_SALT_LEN,
		.rtp_tag_len = KSRTP_GCM_TAG_LEN,
		.rtcp_tag_len = KSRTP_GCM_TAG_LEN,
		.aead = true, .encrypt = true,
	},
	{
		.id = KSRTP_SUITE_AEAD_AES_256_GCM,
		.name = "AEAD_AES_256_GCM",
		.key_len = 32, .salt_len = KSRTP_GCM_SALT_LEN,
		.rtp_tag_len = KSRTP_GCM_TAG_LEN,
		.rtcp_tag_len = KSRTP_GCM_TAG_LEN,
		.aead = true, .encrypt = true,
	},
};

const struct ksrtp_suite_info *ksrtp_suite_get(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksrtp_suites); i++)
		if (ksrtp_suites[i].id == id)
			return &ksrtp_suites[i];
	return NULL;
}

const struct ksrtp_suite_info *ksrtp_suite_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksrtp_suites); i++)
		if (!strcmp(ksrtp_suites[i].name, name))
			return &ksrtp_suites[i];
	return NULL;
}
