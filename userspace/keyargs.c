// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: the key and monitor command grammar (see keyargs.h).
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "flowargs.h"
#include "keyargs.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void fmt_hex(char *buf, size_t len, const uint8_t *p, unsigned int n)
{
	unsigned int i;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off + 3 <= len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%02x", p[i]);
}

enum {
	KW_ID = 1 << 0,
	KW_SLOT = 1 << 1,	/* current, next, at INDEX, standby */
	KW_SUITE = 1 << 2,
	KW_KEY = 1 << 3,
	KW_MKI = 1 << 4,
	KW_USE = 1 << 5,
	KW_LIFETIME = 1 << 6,
	KW_SOFT_LIFETIME = 1 << 7,
	KW_DEL_SLOT = 1 << 8,	/* next, previous, at INDEX, mki HEX */
};

static const struct flow_kw add_words[] = {
	{ "id", KW_ID, 1 },
	{ "current", KW_SLOT, 0 },
	{ "next", KW_SLOT, 0 },
	{ "at", KW_SLOT, 1 },
	{ "standby", KW_SLOT, 0 },
	{ "suite", KW_SUITE, 1 },
	{ "key", KW_KEY, 1 },
	{ "mki", KW_MKI, 1 },
	{ "use", KW_USE, 0 },
	{ "lifetime", KW_LIFETIME, 1 },
	{ "soft-lifetime", KW_SOFT_LIFETIME, 1 },
};

int key_req_needs_suite(const struct key_req *req)
{
	return req->keyspec != NULL;
}

void key_req_clear(struct key_req *req)
{
	flow_wipe_str(req->keyspec);
	explicit_bzero(req, sizeof(*req));
}

int key_add_parse(int argc, char **argv, int replace, FILE *keyin,
		  struct key_req *req, char *err, size_t errlen)
{
	const char *cmd = replace ? "key replace" : "key add";
	const char *keyarg = NULL, *slotword = NULL;
	char kerr[KS_ERRLEN];
	unsigned int seen = 0;
	int i, ret = -1;

	memset(req, 0, sizeof(*req));
	req->replace = replace;

	for (i = 0; i < argc; i++) {
		const char *w, *v = NULL;
		const struct flow_kw *k;

		k = flow_find_kw(add_words, ARRAY_SIZE(add_words), argv[i]);
		if (!k) {
			flow_kw_error(cmd, add_words, ARRAY_SIZE(add_words),
				      argv[i], err, errlen);
			goto out;
		}
		w = k->word;	/* the whole word, for the messages */
		if (replace && (k->bit == KW_SLOT || k->bit == KW_USE)) {
			seterr(err, errlen,
			       "%s: '%s' is not allowed: key replace always replaces the current key (see key add)",
			       cmd, w);
			goto out;
		}
		if (seen & k->bit) {
			if (k->bit == KW_SLOT && strcmp(slotword, w))
				seterr(err, errlen,
				       "%s: '%s' and '%s' exclude each other",
				       cmd, slotword, w);
			else
				seterr(err, errlen, "%s: '%s' given twice",
				       cmd, w);
			goto out;
		}
		seen |= k->bit;
		if (k->has_value) {
			if (i + 1 >= argc) {
				seterr(err, errlen, "%s: '%s' needs a value",
				       cmd, w);
				goto out;
			}
			v = argv[++i];
		}

		switch (k->bit) {
		case KW_ID:
			if (flow_arg_id(cmd, v, &req->flow_id, err, errlen))
				goto out;
			break;
		case KW_SLOT:
			slotword = w;
			if (!strcmp(w, "current")) {
				req->slot = KSRTP_KEY_SLOT_CURRENT;
			} else if (!strcmp(w, "next")) {
				req->slot = KSRTP_KEY_SLOT_NEXT;
			} else if (!strcmp(w, "standby")) {
				req->standby = 1;
			} else {
				if (flow_parse_index("key add: at", v,
						     &req->from_index, err,
						     errlen))
					goto out;
				req->has_from_index = 1;
			}
			break;
		case KW_SUITE:
			req->suite = ks_suite_parse(v, kerr, sizeof(kerr));
			if (!req->suite) {
				seterr(err, errlen, "%s: suite '%s': %s", cmd,
				       v, kerr);
				goto out;
			}
			break;
		case KW_KEY:
			keyarg = v;
			break;
		case KW_MKI:
			if (flow_arg_mki(cmd, v, req->mki_arg,
					 &req->mki_arg_len, err, errlen))
				goto out;
			req->has_mki_arg = 1;
			break;
		case KW_USE:
			req->use = 1;
			break;
		case KW_LIFETIME:
			if (flow_arg_lifetime(cmd, w, v, &req->lifetime,
					      &req->has_lifetime, err, errlen))
				goto out;
			break;
		case KW_SOFT_LIFETIME:
			if (flow_arg_lifetime(cmd, w, v, &req->soft_lifetime,
					      &req->has_soft_lifetime, err,
					      errlen))
				goto out;
			break;
		}
	}

	if (!(seen & KW_ID)) {
		seterr(err, errlen, "%s: missing 'id FLOWID'", cmd);
		goto out;
	}
	if (!(seen & KW_KEY)) {
		seterr(err, errlen, "%s: missing 'key KEYSPEC'", cmd);
		goto out;
	}
	if (replace)
		req->slot = KSRTP_KEY_SLOT_CURRENT;
	if (req->use && slotword && !req->standby) {
		seterr(err, errlen,
		       "%s: 'use' goes with an MKI key in standby, not with '%s'",
		       cmd, slotword);
		goto out;
	}
	if (req->has_lifetime && req->has_soft_lifetime &&
	    req->soft_lifetime > req->lifetime) {
		seterr(err, errlen,
		       "%s: soft-lifetime %llu is above the lifetime %llu", cmd,
		       (unsigned long long)req->soft_lifetime,
		       (unsigned long long)req->lifetime);
		goto out;
	}

	if (!strcmp(keyarg, "-")) {
		req->keyspec = flow_read_key_line(keyin, err, errlen);
		if (!req->keyspec)
			goto out;
	} else {
		req->keyspec = strdup(keyarg);
		if (!req->keyspec) {
			seterr(err, errlen, "%s: out of memory", cmd);
			goto out;
		}
	}

	if (req->suite || keyspec_names_suite(req->keyspec)) {
		if (key_req_finish(req, NULL, err, errlen))
			goto out;
	}
	ret = 0;
out:
	explicit_bzero(kerr, sizeof(kerr));
	if (ret)
		key_req_clear(req);
	return ret;
}

int key_req_finish(struct key_req *req, const struct ks_suite *suite,
		   char *err, size_t errlen)
{
	const char *cmd = req->replace ? "key replace" : "key add";
	char kerr[KS_ERRLEN];
	struct keyspec ks;
	int ret = -1;

	memset(&ks, 0, sizeof(ks));
	if (!req->keyspec) {
		seterr(err, errlen, "%s: no key to finish", cmd);
		return -1;
	}
	if (req->suite)
		suite = req->suite;
	if (keyspec_parse(req->keyspec, suite, &ks, kerr, sizeof(kerr))) {
		/* Never echo the key itself. */
		seterr(err, errlen, "%s: %s%s", cmd,
		       strncmp(kerr, "key", 3) ? "key: " : "", kerr);
		goto out;
	}
	if (ks.key_len > sizeof(req->key) || ks.salt_len > sizeof(req->salt)) {
		seterr(err, errlen, "%s: key: bad key or salt length", cmd);
		goto out;
	}
	memcpy(req->key, ks.master, ks.key_len);
	req->key_len = ks.key_len;
	memcpy(req->salt, ks.master + ks.key_len, ks.salt_len);
	req->salt_len = ks.salt_len;

	if (ks.has_mki) {
		unsigned int n = ks.mki_len, k;

		if (n < 1 || n > KSRTP_MKI_MAX_LEN) {
			seterr(err, errlen,
			       "%s: key: MKI length %u is not 1..%u", cmd, n,
			       KSRTP_MKI_MAX_LEN);
			goto out;
		}
		for (k = 0; k < n; k++)
			req->mki[k] = (uint8_t)(ks.mki >> (8 * (n - 1 - k)));
		req->mki_len = n;
	}
	if (req->has_mki_arg) {
		if (req->mki_len && (req->mki_len != req->mki_arg_len ||
				     memcmp(req->mki, req->mki_arg,
					    req->mki_len))) {
			char a[2 * KSRTP_MKI_MAX_LEN + 1];
			char b[2 * KSRTP_MKI_MAX_LEN + 1];

			fmt_hex(a, sizeof(a), req->mki, req->mki_len);
			fmt_hex(b, sizeof(b), req->mki_arg, req->mki_arg_len);
			seterr(err, errlen,
			       "%s: the key's MKI (%s) and 'mki %s' differ",
			       cmd, a, b);
			goto out;
		}
		memcpy(req->mki, req->mki_arg, req->mki_arg_len);
		req->mki_len = req->mki_arg_len;
	}

	/* An explicit 'lifetime' wins over the SDES |LIFETIME| parameter. */
	if (!req->has_lifetime && ks.has_lifetime) {
		req->lifetime = ks.lifetime;
		req->has_lifetime = 1;
	}
	if (req->has_lifetime && req->has_soft_lifetime &&
	    req->soft_lifetime > req->lifetime) {
		seterr(err, errlen,
		       "%s: soft-lifetime %llu is above the lifetime %llu", cmd,
		       (unsigned long long)req->soft_lifetime,
		       (unsigned long long)req->lifetime);
		goto out;
	}

	if (req->standby && !req->mki_len) {
		seterr(err, errlen,
		       "%s: 'standby' is for keys with an MKI (give 'mki HEX' or an SDES |MKI:LENGTH)",
		       cmd);
		goto out;
	}
	if (req->use && !req->mki_len) {
		seterr(err, errlen,
		       "%s: 'use' is for keys with an MKI (give 'mki HEX' or an SDES |MKI:LENGTH)",
		       cmd);
		goto out;
	}
	if (!req->slot && !req->has_from_index && !req->mki_len) {
		seterr(err, errlen,
		       "%s: say where the key goes: current, next, at INDEX, or standby with an MKI",
		       cmd);
		goto out;
	}
	ret = 0;
out:
	keyspec_clear(&ks);
	explicit_bzero(kerr, sizeof(kerr));
	flow_wipe_str(req->keyspec);
	req->keyspec = NULL;
	return ret;
}

static const struct flow_kw del_words[] = {
	{ "id", KW_ID, 1 },
	{ "next", KW_DEL_SLOT, 0 },
	{ "previous", KW_DEL_SLOT, 0 },
	{ "at", KW_DEL_SLOT, 1 },
	{ "mki", KW_DEL_SLOT, 1 },
};

int key_del_parse(int argc, char **argv, struct key_req *req, char *err,
		  size_t errlen)
{
	const char *cmd = "key del";
	unsigned int seen = 0;
	int i;

	memset(req, 0, sizeof(*req));
	for (i = 0; i < argc; i++) {
		const char *w, *v = NULL;
		const struct flow_kw *k;

		k = flow_find_kw(del_words, ARRAY_SIZE(del_words), argv[i]);
		if (!k) {
			if (flow_kw_is(argv[i], "current"))
				seterr(err, errlen,
				       "%s: the current key cannot be deleted (replace it with 'key replace', or on an MKI flow switch with 'key use' first)",
				       cmd);
			else
				flow_kw_error(cmd, del_words,
					      ARRAY_SIZE(del_words), argv[i],
					      err, errlen);
			return -1;
		}
		w = k->word;	/* the whole word, for the messages */
		if (seen & k->bit) {
			if (k->bit == KW_DEL_SLOT)
				seterr(err, errlen,
				       "%s: give only one of next, previous, at INDEX or mki HEX",
				       cmd);
			else
				seterr(err, errlen, "%s: '%s' given twice",
				       cmd, w);
			return -1;
		}
		seen |= k->bit;
		if (k->has_value) {
			if (i + 1 >= argc) {
				seterr(err, errlen, "%s: '%s' needs a value",
				       cmd, w);
				return -1;
			}
			v = argv[++i];
		}
		if (k->bit == KW_ID) {
			if (flow_arg_id(cmd, v, &req->flow_id, err, errlen))
				return -1;
		} else if (!strcmp(w, "next")) {
			req->slot = KSRTP_KEY_SLOT_NEXT;
		} else if (!strcmp(w, "previous")) {
			req->slot = KSRTP_KEY_SLOT_PREVIOUS;
		} else if (!strcmp(w, "at")) {
			if (flow_parse_index("key del: at", v,
					     &req->from_index, err, errlen))
				return -1;
			req->has_from_index = 1;
		} else {
			if (flow_arg_mki(cmd, v, req->mki, &req->mki_len,
					 err, errlen))
				return -1;
		}
	}
	if (!(seen & KW_ID)) {
		seterr(err, errlen, "%s: missing 'id FLOWID'", cmd);
		return -1;
	}
	if (!(seen & KW_DEL_SLOT)) {
		seterr(err, errlen,
		       "%s: missing what to delete: next, previous, at INDEX or mki HEX",
		       cmd);
		return -1;
	}
	return 0;
}

static const struct flow_kw use_words[] = {
	{ "id", KW_ID, 1 },
	{ "mki", KW_MKI, 1 },
};

int key_use_parse(int argc, char **argv, struct key_req *req, char *err,
		  size_t errlen)
{
	const char *cmd = "key use";
	unsigned int seen = 0;
	int i;

	memset(req, 0, sizeof(*req));
	for (i = 0; i < argc; i++) {
		const struct flow_kw *k;
		const char *v;

		k = flow_take_kw(cmd, use_words, ARRAY_SIZE(use_words), argc, argv, &i,
				 &seen, &v, err, errlen);
		if (!k)
			return -1;
		if (k->bit == KW_ID) {
			if (flow_arg_id(cmd, v, &req->flow_id, err, errlen))
				return -1;
		} else if (flow_arg_mki(cmd, v, req->mki, &req->mki_len, err,
					errlen)) {
			return -1;
		}
	}
	if (!(seen & KW_ID)) {
		seterr(err, errlen, "%s: missing 'id FLOWID'", cmd);
		return -1;
	}
	if (!(seen & KW_MKI)) {
		seterr(err, errlen,
		       "%s: missing 'mki HEX' (key use switches an MKI flow to the key with that MKI)",
		       cmd);
		return -1;
	}
	return 0;
}

static int is_json_opt(const char *w)
{
	return !strcmp(w, "-j") || !strcmp(w, "-json") ||
	       !strcmp(w, "--json");
}

int key_show_parse(int argc, char **argv, uint32_t *id, int *json, char *err,
		   size_t errlen)
{
	const char *cmd = "key show";
	int i, has_id = 0;

	for (i = 0; i < argc; i++) {
		if (flow_kw_is(argv[i], "id")) {
			if (has_id) {
				seterr(err, errlen, "%s: 'id' given twice",
				       cmd);
				return -1;
			}
			if (flow_arg_id_word(cmd, argc, argv, i, id, err,
					     errlen))
				return -1;
			has_id = 1;
			i++;
		} else if (is_json_opt(argv[i])) {
			*json = 1;
		} else {
			seterr(err, errlen, "%s: unknown argument '%s'", cmd,
			       argv[i]);
			return -1;
		}
	}
	if (!has_id) {
		seterr(err, errlen, "%s: missing 'id FLOWID'", cmd);
		return -1;
	}
	return 0;
}

int monitor_parse(int argc, char **argv, int *json, uint32_t *count,
		  char *err, size_t errlen)
{
	int i, has_count = 0;

	*count = 0;
	for (i = 0; i < argc; i++) {
		if (is_json_opt(argv[i])) {
			*json = 1;
		} else if (flow_kw_is(argv[i], "count")) {
			if (has_count) {
				seterr(err, errlen,
				       "monitor: 'count' given twice");
				return -1;
			}
			if (i + 1 >= argc) {
				seterr(err, errlen,
				       "monitor: 'count' needs a value");
				return -1;
			}
			i++;
			if (flow_parse_u32(argv[i], count) || !*count) {
				seterr(err, errlen,
				       "monitor: count '%s': expected a number of events, 1 or more",
				       argv[i]);
				return -1;
			}
			has_count = 1;
		} else {
			seterr(err, errlen, "monitor: unexpected argument '%s'",
			       argv[i]);
			return -1;
		}
	}
	return 0;
}
