// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: the flow command grammar.
 *
 *   flow add dir { tx | rx } local ADDR:PORT [ remote { ADDR:PORT | any } ]
 *            [ suite SUITE ] key { KEYSPEC | - } [ mki HEX ]
 *            [ ssrc { N | any } ] [ max-ssrcs N ] [ ssrc-idle-ms N ]
 *            [ rtcp-mux ] [ rtcp ] [ replay-window N ] [ roc N ]
 *            [ reset-roc ] [ grace-ms N ] [ grace-packets N ]
 *            [ lifetime LIFETIME ] [ soft-lifetime LIFETIME ]
 *            [ srtcp-tag { 32 | 80 } ]
 *   flow del id N
 *   flow show [ id N ] [ -s ]
 */

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "flowargs.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ks_suites[] order -> uapi numbers, by name so nothing is hand-copied. */
static const uint32_t suite_uapi[KS_SUITE_COUNT] = {
	[KS_SUITE_AES_CM_128_HMAC_SHA1_80] = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
	[KS_SUITE_AES_CM_128_HMAC_SHA1_32] = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	[KS_SUITE_AES_256_CM_HMAC_SHA1_80] = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_80,
	[KS_SUITE_AES_256_CM_HMAC_SHA1_32] = KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32,
	[KS_SUITE_NULL_HMAC_SHA1_80] = KSRTP_SUITE_NULL_HMAC_SHA1_80,
	[KS_SUITE_AEAD_AES_128_GCM] = KSRTP_SUITE_AEAD_AES_128_GCM,
	[KS_SUITE_AEAD_AES_256_GCM] = KSRTP_SUITE_AEAD_AES_256_GCM,
};

_Static_assert((int)KS_SUITE_COUNT == (int)KSRTP_SUITE_MAX,
	       "keyspec.c and the uapi disagree on the number of suites");

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const struct ks_suite *flow_suite_from_uapi(uint32_t suite)
{
	unsigned int i;

	for (i = 0; i < KS_SUITE_COUNT; i++)
		if (suite_uapi[i] == suite)
			return &ks_suites[i];
	return NULL;
}

uint32_t flow_suite_to_uapi(const struct ks_suite *s)
{
	if (!s || (unsigned int)s->id >= KS_SUITE_COUNT)
		return 0;
	return suite_uapi[s->id];
}

unsigned int flow_addr_len(uint16_t family)
{
	if (family == AF_INET)
		return 4;
	if (family == AF_INET6)
		return 16;
	return 0;
}

int flow_parse_u32(const char *arg, uint32_t *val)
{
	unsigned long long v;
	char *end;

	/* strtoull accepts leading space and a sign; we do not. */
	if (!arg || !((arg[0] >= '0' && arg[0] <= '9')))
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	/* strtoull base 0 reads "010" as octal: refuse the ambiguity. */
	if (arg[0] == '0' && arg[1] >= '0' && arg[1] <= '9')
		return -1;
	*val = (uint32_t)v;
	return 0;
}

int flow_parse_u64(const char *arg, uint64_t max, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!arg || !((arg[0] >= '0' && arg[0] <= '9')))
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 0);
	if (errno || *end || v > max)
		return -1;
	if (arg[0] == '0' && arg[1] >= '0' && arg[1] <= '9')
		return -1;
	*val = (uint64_t)v;
	return 0;
}

int flow_parse_lifetime(const char *arg, uint64_t *val)
{
	uint32_t n;

	if (!strncmp(arg, "2^", 2)) {
		if (flow_parse_u32(arg + 2, &n) || n > 48)
			return -1;
		*val = 1ULL << n;
		return 0;
	}
	if (flow_parse_u64(arg, KS_LIFETIME_MAX, val) || !*val)
		return -1;
	return 0;
}

int flow_parse_index(const char *what, const char *arg, uint64_t *idx,
		     char *err, size_t errlen)
{
	const char *colon = strchr(arg, ':');
	uint32_t roc, seq;

	if (!colon) {
		if (flow_parse_u64(arg, UINT64_MAX, idx)) {
			seterr(err, errlen,
			       "%s '%s': expected a packet index (0..2^48-1) or ROC:SEQ",
			       what, arg);
			return -1;
		}
		if (*idx > FLOW_INDEX_MAX) {
			seterr(err, errlen,
			       "%s '%s': a packet index is at most 2^48-1 (281474976710655)",
			       what, arg);
			return -1;
		}
		return 0;
	}
	{
		char rocbuf[16];
		size_t n = (size_t)(colon - arg);

		if (n == 0 || n >= sizeof(rocbuf)) {
			seterr(err, errlen,
			       "%s '%s': expected ROC:SEQ (ROC 0..4294967295, SEQ 0..65535)",
			       what, arg);
			return -1;
		}
		memcpy(rocbuf, arg, n);
		rocbuf[n] = '\0';
		if (flow_parse_u32(rocbuf, &roc) ||
		    flow_parse_u32(colon + 1, &seq)) {
			seterr(err, errlen,
			       "%s '%s': expected ROC:SEQ (ROC 0..4294967295, SEQ 0..65535)",
			       what, arg);
			return -1;
		}
	}
	if (seq > 65535) {
		seterr(err, errlen,
		       "%s '%s': sequence number %u is not 0..65535", what,
		       arg, seq);
		return -1;
	}
	*idx = (uint64_t)roc << 16 | seq;
	return 0;
}

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int flow_parse_mki(const char *arg, uint8_t *mki, unsigned int *len)
{
	uint8_t buf[KSRTP_MKI_MAX_LEN];
	size_t n, i;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X'))
		arg += 2;
	n = strlen(arg);
	if (n == 0 || n % 2 || n / 2 > KSRTP_MKI_MAX_LEN)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexdigit(arg[2 * i]), lo = hexdigit(arg[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mki, buf, n / 2);
	*len = (unsigned int)(n / 2);
	return 0;
}

int flow_arg_id(const char *cmd, const char *arg, uint32_t *id, char *err,
		size_t errlen)
{
	if (flow_parse_u32(arg, id) || *id == 0) {
		seterr(err, errlen, "%s: id '%s' is not a flow id", cmd, arg);
		return -1;
	}
	return 0;
}

int flow_arg_id_word(const char *cmd, int argc, char **argv, int i,
		     uint32_t *id, char *err, size_t errlen)
{
	if (i + 1 >= argc) {
		seterr(err, errlen, "%s: 'id' needs a value", cmd);
		return -1;
	}
	return flow_arg_id(cmd, argv[i + 1], id, err, errlen);
}

int flow_arg_mki(const char *cmd, const char *arg, uint8_t *mki,
		 unsigned int *len, char *err, size_t errlen)
{
	if (flow_parse_mki(arg, mki, len)) {
		seterr(err, errlen,
		       "%s: mki '%s': expected 1 to %u bytes in hex, two digits per byte (e.g. 01 or 0x0102)",
		       cmd, arg, KSRTP_MKI_MAX_LEN);
		return -1;
	}
	return 0;
}

int flow_arg_lifetime(const char *cmd, const char *word, const char *arg,
		      uint64_t *val, int *has, char *err, size_t errlen)
{
	if (flow_parse_lifetime(arg, val)) {
		seterr(err, errlen,
		       "%s: %s '%s': expected 1..2^48 packets (N or 2^N)",
		       cmd, word, arg);
		return -1;
	}
	*has = 1;
	return 0;
}

int flow_kw_is(const char *arg, const char *word)
{
	size_t n = strlen(arg);

	return n && !strncmp(arg, word, n);
}

const struct flow_kw *flow_find_kw(const struct flow_kw *tab, size_t n,
				   const char *word)
{
	const struct flow_kw *found = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(word, tab[i].word))
			return &tab[i];
	for (i = 0; i < n; i++) {
		if (!flow_kw_is(word, tab[i].word))
			continue;
		if (found)
			return NULL;	/* ambiguous */
		found = &tab[i];
	}
	return found;
}

/* "A, B, C": the words of @tab (@n entries of @size bytes) @word starts. */
static void candidates(const void *tab, size_t n, size_t size,
		       const char *word, char *buf, size_t len)
{
	size_t i, off = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *w = *(const char *const *)((const char *)tab +
							 i * size);
		int r;

		if (!flow_kw_is(word, w))
			continue;
		r = snprintf(buf + off, len > off ? len - off : 0, "%s%s",
			     off ? ", " : "", w);
		if (r > 0)
			off += (size_t)r;
	}
}

void flow_kw_error(const char *cmd, const struct flow_kw *tab, size_t n,
		   const char *word, char *err, size_t errlen)
{
	char cands[256];
	size_t i, matches = 0;

	for (i = 0; i < n; i++)
		matches += flow_kw_is(word, tab[i].word);
	if (matches < 2) {
		seterr(err, errlen, "%s: unknown argument '%s'", cmd, word);
		return;
	}
	candidates(tab, n, sizeof(*tab), word, cands, sizeof(cands));
	seterr(err, errlen, "%s: ambiguous argument '%s': %s", cmd, word,
	       cands);
}

int flow_match_cmd(const struct flow_cmd *tab, size_t n, const char *word,
		   char *cands, size_t len)
{
	int id = -1;
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(word, tab[i].word))
			return tab[i].id;
	for (i = 0; i < n; i++) {
		if (!flow_kw_is(word, tab[i].word))
			continue;
		if (id >= 0 && id != tab[i].id) {
			/* the candidates, one word per command */
			size_t j, off = 0;

			if (len)
				cands[0] = '\0';
			for (j = 0; j < n; j++) {
				size_t k;
				int r, dup = 0;

				if (!flow_kw_is(word, tab[j].word))
					continue;
				for (k = 0; k < j; k++)
					dup |= tab[k].id == tab[j].id &&
					       flow_kw_is(word, tab[k].word);
				if (dup)
					continue;
				r = snprintf(cands + off,
					     len > off ? len - off : 0,
					     "%s%s", off ? ", " : "",
					     tab[j].word);
				if (r > 0)
					off += (size_t)r;
			}
			return -2;
		}
		id = tab[i].id;
	}
	return id;
}

const struct flow_kw *flow_take_kw(const char *cmd,
				   const struct flow_kw *tab, size_t n,
				   int argc, char **argv, int *i,
				   unsigned int *seen, const char **val,
				   char *err, size_t errlen)
{
	const char *w = argv[*i];
	const struct flow_kw *k = flow_find_kw(tab, n, w);

	if (!k) {
		flow_kw_error(cmd, tab, n, w, err, errlen);
		return NULL;
	}
	if (*seen & k->bit) {
		seterr(err, errlen, "%s: '%s' given twice", cmd, k->word);
		return NULL;
	}
	*seen |= k->bit;
	if (*i + 1 >= argc) {
		seterr(err, errlen, "%s: '%s' needs a value", cmd, k->word);
		return NULL;
	}
	*val = argv[++*i];
	return k;
}

int flow_parse_endpoint(const char *what, const char *arg, uint16_t *family,
			uint8_t *addr, uint16_t *port, char *err,
			size_t errlen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *colon, *p;
	size_t hlen;
	uint32_t v;

	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || close[1] != ':') {
			seterr(err, errlen,
			       "%s '%s': expected [IPV6-ADDRESS]:PORT", what,
			       arg);
			return -1;
		}
		hlen = close - arg - 1;
		p = arg + 1;
		colon = close + 1;
		*family = AF_INET6;
	} else {
		colon = strrchr(arg, ':');
		if (!colon) {
			seterr(err, errlen,
			       "%s '%s': expected ADDRESS:PORT (IPv6 as [ADDRESS]:PORT)",
			       what, arg);
			return -1;
		}
		if (memchr(arg, ':', colon - arg)) {
			seterr(err, errlen,
			       "%s '%s': write an IPv6 address in brackets, [ADDRESS]:PORT",
			       what, arg);
			return -1;
		}
		hlen = colon - arg;
		p = arg;
		*family = AF_INET;
	}
	if (hlen == 0 || hlen >= sizeof(host)) {
		seterr(err, errlen, "%s '%s': bad address", what, arg);
		return -1;
	}
	memcpy(host, p, hlen);
	host[hlen] = '\0';
	if (inet_pton(*family, host, addr) != 1) {
		seterr(err, errlen, "%s '%s': '%s' is not an %s address", what,
		       arg, host, *family == AF_INET ? "IPv4" : "IPv6");
		return -1;
	}
	if (flow_parse_u32(colon + 1, &v) || v == 0 || v > 65535) {
		seterr(err, errlen, "%s '%s': port '%s' is not 1..65535", what,
		       arg, colon + 1);
		return -1;
	}
	*port = (uint16_t)v;
	return 0;
}

/* Read one line of key specification; wipes what it does not return. */
char *flow_read_key_line(FILE *in, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!in) {
		seterr(err, errlen, "key '-': no standard input");
		return NULL;
	}
	n = getline(&line, &cap, in);
	if (n < 0) {
		if (line) {
			explicit_bzero(line, cap);
			free(line);
		}
		seterr(err, errlen,
		       "key '-': nothing to read on standard input");
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 0) {
		explicit_bzero(line, cap);
		free(line);
		seterr(err, errlen, "key '-': empty line on standard input");
		return NULL;
	}
	return line;
}

void flow_wipe_str(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void flow_req_clear(struct flow_req *req)
{
	explicit_bzero(req, sizeof(*req));
}

enum {
	SEEN_DIR = 1 << 0,
	SEEN_LOCAL = 1 << 1,
	SEEN_REMOTE = 1 << 2,
	SEEN_SUITE = 1 << 3,
	SEEN_KEY = 1 << 4,
	SEEN_SSRC = 1 << 5,
	SEEN_MAX_SSRCS = 1 << 6,
	SEEN_RTCP_MUX = 1 << 7,
	SEEN_RTCP = 1 << 8,
	SEEN_REPLAY = 1 << 9,
	SEEN_ROC = 1 << 10,
	SEEN_RESET_ROC = 1 << 11,
	SEEN_GRACE_MS = 1 << 12,
	SEEN_GRACE_PACKETS = 1 << 13,
	SEEN_LIFETIME = 1 << 14,
	SEEN_SOFT_LIFETIME = 1 << 15,
	SEEN_MKI = 1 << 16,
	SEEN_SSRC_IDLE_MS = 1 << 17,
	SEEN_COOKIE = 1 << 18,
	SEEN_OWNED = 1 << 19,
	SEEN_SRTCP_TAG = 1 << 20,
};

static const struct flow_kw add_words[] = {
	{ "dir", SEEN_DIR, 1 },
	{ "local", SEEN_LOCAL, 1 },
	{ "remote", SEEN_REMOTE, 1 },
	{ "suite", SEEN_SUITE, 1 },
	{ "key", SEEN_KEY, 1 },
	{ "ssrc", SEEN_SSRC, 1 },
	{ "max-ssrcs", SEEN_MAX_SSRCS, 1 },
	{ "ssrc-idle-ms", SEEN_SSRC_IDLE_MS, 1 },
	{ "rtcp-mux", SEEN_RTCP_MUX, 0 },
	{ "rtcp", SEEN_RTCP, 0 },
	{ "replay-window", SEEN_REPLAY, 1 },
	{ "roc", SEEN_ROC, 1 },
	{ "reset-roc", SEEN_RESET_ROC, 0 },
	{ "grace-ms", SEEN_GRACE_MS, 1 },
	{ "grace-packets", SEEN_GRACE_PACKETS, 1 },
	{ "lifetime", SEEN_LIFETIME, 1 },
	{ "soft-lifetime", SEEN_SOFT_LIFETIME, 1 },
	{ "mki", SEEN_MKI, 1 },
	{ "cookie", SEEN_COOKIE, 1 },
	{ "owned", SEEN_OWNED, 0 },
	{ "srtcp-tag", SEEN_SRTCP_TAG, 1 },
};

/*
 * The value @v of the flow add option @w, a u32 in @min..@max; sets *@has.
 * A bad value gets "expected @what", or "expected MIN..MAX" without @what.
 */
static int add_u32(const char *w, const char *v, uint32_t min, uint32_t max,
		   const char *what, uint32_t *val, int *has, char *err,
		   size_t errlen)
{
	if (flow_parse_u32(v, val) || *val < min || *val > max) {
		if (what)
			seterr(err, errlen, "flow add: %s '%s': expected %s",
			       w, v, what);
		else
			seterr(err, errlen,
			       "flow add: %s '%s': expected %u..%u", w, v, min,
			       max);
		return -1;
	}
	*has = 1;
	return 0;
}

int flow_add_parse(int argc, char **argv, FILE *keyin, struct flow_req *req,
		   char *err, size_t errlen)
{
	const char *keyarg = NULL, *remote_arg = "", *mki_str = "";
	const struct ks_suite *suite = NULL;
	uint8_t mki_arg[KSRTP_MKI_MAX_LEN];
	unsigned int mki_arg_len = 0;
	char kerr[KS_ERRLEN];
	unsigned int seen = 0;
	struct keyspec ks;
	char *keyline = NULL;
	uint16_t rfamily = 0;
	int i, ret = -1;

	memset(req, 0, sizeof(*req));
	memset(&ks, 0, sizeof(ks));

	for (i = 0; i < argc; i++) {
		const char *w, *v = NULL;
		const struct flow_kw *k;

		k = flow_find_kw(add_words, ARRAY_SIZE(add_words), argv[i]);
		if (!k) {
			flow_kw_error("flow add", add_words,
				      ARRAY_SIZE(add_words), argv[i], err,
				      errlen);
			goto out;
		}
		w = k->word;	/* the whole word, for the messages */
		if (seen & k->bit) {
			seterr(err, errlen, "flow add: '%s' given twice", w);
			goto out;
		}
		seen |= k->bit;
		if (k->has_value) {
			if (i + 1 >= argc) {
				seterr(err, errlen,
				       "flow add: '%s' needs a value", w);
				goto out;
			}
			v = argv[++i];
		}

		switch (k->bit) {
		case SEEN_DIR:
			if (!strcmp(v, "tx")) {
				req->dir = KSRTP_DIR_TX;
			} else if (!strcmp(v, "rx")) {
				req->dir = KSRTP_DIR_RX;
			} else {
				seterr(err, errlen,
				       "flow add: dir '%s': expected tx or rx",
				       v);
				goto out;
			}
			break;
		case SEEN_LOCAL:
			if (flow_parse_endpoint("local", v, &req->family,
						req->local_addr,
						&req->local_port, err, errlen))
				goto out;
			break;
		case SEEN_REMOTE:
			remote_arg = v;
			if (!strcmp(v, "any"))
				break;
			if (flow_parse_endpoint("remote", v, &rfamily,
						req->remote_addr,
						&req->remote_port, err,
						errlen))
				goto out;
			req->has_remote = 1;
			break;
		case SEEN_SUITE:
			suite = ks_suite_parse(v, kerr, sizeof(kerr));
			if (!suite) {
				seterr(err, errlen, "flow add: suite '%s': %s",
				       v, kerr);
				goto out;
			}
			break;
		case SEEN_KEY:
			keyarg = v;
			break;
		case SEEN_SSRC:
			if (!strcmp(v, "any"))
				break;
			if (add_u32(w, v, 0, UINT32_MAX,
				    "a 32 bit number or 'any'", &req->ssrc,
				    &req->has_ssrc, err, errlen))
				goto out;
			break;
		case SEEN_MAX_SSRCS:
			if (add_u32(w, v, 1, 1024, NULL, &req->max_ssrcs,
				    &req->has_max_ssrcs, err, errlen))
				goto out;
			break;
		case SEEN_SSRC_IDLE_MS:
			/* Only for 'ssrc any': the kernel says so. */
			if (add_u32(w, v, 0, UINT32_MAX,
				    "a 32 bit number of milliseconds (0: never)",
				    &req->ssrc_idle_ms, &req->has_ssrc_idle_ms,
				    err, errlen))
				goto out;
			break;
		case SEEN_RTCP_MUX:
			req->rtcp_mux = 1;
			break;
		case SEEN_RTCP:
			req->rtcp = 1;
			break;
		case SEEN_REPLAY:
			if (add_u32(w, v, KSRTP_REPLAY_WINDOW_MIN,
				    KSRTP_REPLAY_WINDOW_MAX, NULL,
				    &req->replay_window,
				    &req->has_replay_window, err, errlen))
				goto out;
			break;
		case SEEN_ROC:
			if (add_u32(w, v, 0, UINT32_MAX, "a 32 bit number",
				    &req->roc, &req->has_roc, err, errlen))
				goto out;
			break;
		case SEEN_RESET_ROC:
			req->reset_roc = 1;
			break;
		case SEEN_GRACE_MS:
			if (add_u32(w, v, 0, UINT32_MAX,
				    "a 32 bit number of milliseconds",
				    &req->grace_ms, &req->has_grace_ms, err,
				    errlen))
				goto out;
			break;
		case SEEN_GRACE_PACKETS:
			if (add_u32(w, v, 0, UINT32_MAX,
				    "a 32 bit number of packets",
				    &req->grace_packets,
				    &req->has_grace_packets, err, errlen))
				goto out;
			break;
		case SEEN_LIFETIME:
			if (flow_arg_lifetime("flow add", w, v, &req->lifetime,
					      &req->has_lifetime, err, errlen))
				goto out;
			break;
		case SEEN_SOFT_LIFETIME:
			if (flow_arg_lifetime("flow add", w, v,
					      &req->soft_lifetime,
					      &req->has_soft_lifetime, err,
					      errlen))
				goto out;
			break;
		case SEEN_COOKIE:
			if (flow_parse_u64(v, UINT64_MAX, &req->cookie)) {
				seterr(err, errlen,
				       "flow add: cookie '%s': expected a 64 bit number (0: none)",
				       v);
				goto out;
			}
			break;
		case SEEN_OWNED:
			req->owned = 1;
			break;
		case SEEN_SRTCP_TAG:
			/* bits, as in the suite names; the kernel takes bytes */
			if (!strcmp(v, "32")) {
				req->srtcp_tag_len = 4;
			} else if (!strcmp(v, "80")) {
				req->srtcp_tag_len = 10;
			} else {
				seterr(err, errlen,
				       "flow add: srtcp-tag '%s': expected 32 or 80 (bits)",
				       v);
				goto out;
			}
			break;
		case SEEN_MKI:
			mki_str = v;
			if (flow_arg_mki("flow add", v, mki_arg, &mki_arg_len,
					 err, errlen))
				goto out;
			break;
		}
	}

	if (!(seen & SEEN_DIR)) {
		seterr(err, errlen, "flow add: missing 'dir { tx | rx }'");
		goto out;
	}
	if (!(seen & SEEN_LOCAL)) {
		seterr(err, errlen, "flow add: missing 'local ADDR:PORT'");
		goto out;
	}
	if (!(seen & SEEN_KEY)) {
		seterr(err, errlen, "flow add: missing 'key KEYSPEC'");
		goto out;
	}
	if (req->has_remote && rfamily != req->family) {
		seterr(err, errlen,
		       "flow add: remote '%s' is not of the same address family as local",
		       remote_arg);
		goto out;
	}
	if (req->dir == KSRTP_DIR_TX && !req->has_remote) {
		seterr(err, errlen,
		       "flow add: a tx flow needs 'remote ADDR:PORT' ('remote any' is for rx flows)");
		goto out;
	}
	if (req->rtcp_mux && req->rtcp) {
		seterr(err, errlen,
		       "flow add: 'rtcp-mux' and 'rtcp' exclude each other");
		goto out;
	}
	if (req->has_ssrc && req->has_max_ssrcs) {
		seterr(err, errlen,
		       "flow add: 'max-ssrcs' only applies to 'ssrc any'");
		goto out;
	}
	if (req->has_roc && !req->has_ssrc) {
		seterr(err, errlen,
		       "flow add: 'roc' needs a pinned 'ssrc N'");
		goto out;
	}

	if (!strcmp(keyarg, "-")) {
		keyline = flow_read_key_line(keyin, err, errlen);
		if (!keyline)
			goto out;
		keyarg = keyline;
	}
	if (keyspec_parse(keyarg, suite, &ks, kerr, sizeof(kerr))) {
		/* Never echo the key itself. */
		seterr(err, errlen, "flow add: %s%s",
		       strncmp(kerr, "key", 3) ? "key: " : "", kerr);
		goto out;
	}
	if (!ks.suite) {
		seterr(err, errlen,
		       "flow add: no suite: give 'suite SUITE' or an a=crypto line as the key");
		goto out;
	}
	req->suite = flow_suite_to_uapi(ks.suite);
	if (!req->suite) {
		seterr(err, errlen, "flow add: suite %s has no kernel number",
		       ks.suite->name);
		goto out;
	}
	if (req->srtcp_tag_len && req->suite != KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 &&
	    req->suite != KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32) {
		seterr(err, errlen,
		       "flow add: 'srtcp-tag' applies only to the *_HMAC_SHA1_32 suites, not %s",
		       ks.suite->name);
		goto out;
	}
	if (ks.key_len > sizeof(req->key) || ks.salt_len > sizeof(req->salt)) {
		seterr(err, errlen, "flow add: key: bad key or salt length");
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
			       "flow add: key: MKI length %u is not 1..%u", n,
			       KSRTP_MKI_MAX_LEN);
			goto out;
		}
		for (k = 0; k < n; k++)
			req->mki[k] = (uint8_t)(ks.mki >> (8 * (n - 1 - k)));
		req->mki_len = n;
	}
	if (mki_arg_len) {
		if (req->mki_len && (req->mki_len != mki_arg_len ||
				     memcmp(req->mki, mki_arg, mki_arg_len))) {
			seterr(err, errlen,
			       "flow add: the key's MKI and 'mki %s' differ",
			       mki_str);
			goto out;
		}
		memcpy(req->mki, mki_arg, mki_arg_len);
		req->mki_len = mki_arg_len;
	}
	/* An explicit 'lifetime' wins over the SDES |LIFETIME| parameter. */
	if (!req->has_lifetime && ks.has_lifetime) {
		req->lifetime = ks.lifetime;
		req->has_lifetime = 1;
	}
	if (req->has_lifetime && req->has_soft_lifetime &&
	    req->soft_lifetime > req->lifetime) {
		seterr(err, errlen,
		       "flow add: soft-lifetime %llu is above the lifetime %llu",
		       (unsigned long long)req->soft_lifetime,
		       (unsigned long long)req->lifetime);
		goto out;
	}
	ret = 0;
out:
	keyspec_clear(&ks);
	flow_wipe_str(keyline);
	explicit_bzero(kerr, sizeof(kerr));
	if (ret)
		flow_req_clear(req);
	return ret;
}

int flow_del_parse(int argc, char **argv, uint32_t *id, char *err,
		   size_t errlen)
{
	if (argc < 1) {
		seterr(err, errlen, "flow del: missing 'id N'");
		return -1;
	}
	if (!flow_kw_is(argv[0], "id")) {
		seterr(err, errlen, "flow del: unknown argument '%s'",
		       argv[0]);
		return -1;
	}
	if (flow_arg_id_word("flow del", argc, argv, 0, id, err, errlen))
		return -1;
	if (argc > 2) {
		seterr(err, errlen, "flow del: unexpected argument '%s'",
		       argv[2]);
		return -1;
	}
	return 0;
}

int flow_show_parse(int argc, char **argv, int *has_id, uint32_t *id,
		    int *stats, char *err, size_t errlen)
{
	int i;

	*has_id = 0;
	for (i = 0; i < argc; i++) {
		if (flow_kw_is(argv[i], "id")) {
			if (*has_id) {
				seterr(err, errlen,
				       "flow show: 'id' given twice");
				return -1;
			}
			if (flow_arg_id_word("flow show", argc, argv, i, id,
					     err, errlen))
				return -1;
			*has_id = 1;
			i++;
		} else if (!strcmp(argv[i], "-s") ||
			   !strcmp(argv[i], "-stats") ||
			   !strcmp(argv[i], "--stats")) {
			*stats = 1;
		} else {
			seterr(err, errlen,
			       "flow show: unknown argument '%s'", argv[i]);
			return -1;
		}
	}
	return 0;
}

int stream_show_parse(int argc, char **argv, uint32_t *id, int *has_ssrc,
		      uint32_t *ssrc, char *err, size_t errlen)
{
	int i, has_id = 0;

	*has_ssrc = 0;
	for (i = 0; i < argc; i++) {
		int is_id = flow_kw_is(argv[i], "id");
		int is_ssrc = flow_kw_is(argv[i], "ssrc");

		if (is_id && !has_id) {
			if (flow_arg_id_word("stream show", argc, argv, i, id,
					     err, errlen))
				return -1;
			has_id = 1;
			i++;
		} else if (is_ssrc && !*has_ssrc) {
			if (i + 1 >= argc ||
			    flow_parse_u32(argv[i + 1], ssrc)) {
				seterr(err, errlen,
				       "stream show: 'ssrc' needs a 32 bit number");
				return -1;
			}
			*has_ssrc = 1;
			i++;
		} else if (is_id || is_ssrc) {
			seterr(err, errlen, "stream show: '%s' given twice",
			       is_id ? "id" : "ssrc");
			return -1;
		} else {
			seterr(err, errlen,
			       "stream show: unknown argument '%s'", argv[i]);
			return -1;
		}
	}
	if (!has_id) {
		seterr(err, errlen, "stream show: missing 'id N'");
		return -1;
	}
	return 0;
}

/* The keywords of a flow selector. */
enum {
	SEL_ID = 1 << 0,
	SEL_COOKIE = 1 << 1,
	SEL_DIR = 1 << 2,
	SEL_LOCAL = 1 << 3,
	SEL_REMOTE = 1 << 4,
};

static const struct flow_kw sel_words[] = {
	{ "id", SEL_ID, 1 },
	{ "cookie", SEL_COOKIE, 1 },
	{ "dir", SEL_DIR, 1 },
	{ "local", SEL_LOCAL, 1 },
	{ "remote", SEL_REMOTE, 1 },
};

int flow_sel_parse(const char *cmd, int argc, char **argv,
		   struct flow_sel *sel, int *stats, char *err,
		   size_t errlen)
{
	const char *remote_arg = "";
	unsigned int seen = 0;
	uint16_t rfamily = 0;
	int i, by;

	memset(sel, 0, sizeof(*sel));
	for (i = 0; i < argc; i++) {
		const struct flow_kw *k;
		const char *v;

		if (stats && (!strcmp(argv[i], "-s") ||
			      !strcmp(argv[i], "-stats") ||
			      !strcmp(argv[i], "--stats"))) {
			*stats = 1;
			continue;
		}
		k = flow_take_kw(cmd, sel_words, ARRAY_SIZE(sel_words), argc,
				 argv, &i, &seen, &v, err, errlen);
		if (!k)
			return -1;
		switch (k->bit) {
		case SEL_ID:
			if (flow_arg_id(cmd, v, &sel->id, err, errlen))
				return -1;
			sel->has_id = 1;
			break;
		case SEL_COOKIE:
			if (flow_parse_u64(v, UINT64_MAX, &sel->cookie) ||
			    !sel->cookie) {
				seterr(err, errlen,
				       "%s: cookie '%s': expected a 64 bit number other than 0",
				       cmd, v);
				return -1;
			}
			sel->has_cookie = 1;
			break;
		case SEL_DIR:
			if (!strcmp(v, "tx")) {
				sel->dir = KSRTP_DIR_TX;
			} else if (!strcmp(v, "rx")) {
				sel->dir = KSRTP_DIR_RX;
			} else {
				seterr(err, errlen,
				       "%s: dir '%s': expected tx or rx", cmd,
				       v);
				return -1;
			}
			break;
		case SEL_LOCAL:
			if (flow_parse_endpoint("local", v, &sel->family,
						sel->local_addr,
						&sel->local_port, err, errlen))
				return -1;
			break;
		case SEL_REMOTE:
			remote_arg = v;
			if (!strcmp(v, "any"))
				break;
			if (flow_parse_endpoint("remote", v, &rfamily,
						sel->remote_addr,
						&sel->remote_port, err,
						errlen))
				return -1;
			sel->has_remote = 1;
			break;
		}
	}
	sel->has_tuple = !!(seen & (SEL_DIR | SEL_LOCAL | SEL_REMOTE));
	by = sel->has_id + sel->has_cookie + sel->has_tuple;
	if (by > 1) {
		seterr(err, errlen,
		       "%s: name the flows by one of 'id N', 'cookie N' and 'dir D local ADDR:PORT [ remote ADDR:PORT ]'",
		       cmd);
		return -1;
	}
	if (!by && !stats) {
		seterr(err, errlen,
		       "%s: missing 'id N', 'cookie N' or 'dir D local ADDR:PORT [ remote ADDR:PORT ]'",
		       cmd);
		return -1;
	}
	if (sel->has_tuple) {
		if (!(seen & SEL_DIR) || !(seen & SEL_LOCAL)) {
			seterr(err, errlen,
			       "%s: a 5-tuple needs 'dir { tx | rx }' and 'local ADDR:PORT'",
			       cmd);
			return -1;
		}
		if (sel->has_remote && rfamily != sel->family) {
			seterr(err, errlen,
			       "%s: remote '%s' is not of the same address family as local",
			       cmd, remote_arg);
			return -1;
		}
	}
	return 0;
}

enum {
	CH_ID = 1 << 0,
	CH_REMOTE = 1 << 1,
	CH_GRACE_MS = 1 << 2,
	CH_GRACE_PACKETS = 1 << 3,
	CH_SSRC_IDLE_MS = 1 << 4,
};

static const struct flow_kw change_words[] = {
	{ "id", CH_ID, 1 },
	{ "remote", CH_REMOTE, 1 },
	{ "grace-ms", CH_GRACE_MS, 1 },
	{ "grace-packets", CH_GRACE_PACKETS, 1 },
	{ "ssrc-idle-ms", CH_SSRC_IDLE_MS, 1 },
};

int flow_change_parse(int argc, char **argv, struct flow_set_req *req,
		      char *err, size_t errlen)
{
	const char *cmd = "flow change";
	unsigned int seen = 0;
	int i;

	memset(req, 0, sizeof(*req));
	for (i = 0; i < argc; i++) {
		const struct flow_kw *k;
		uint32_t *val = NULL;
		int *has = NULL;
		const char *v;

		k = flow_take_kw(cmd, change_words, ARRAY_SIZE(change_words),
				 argc, argv, &i, &seen, &v, err, errlen);
		if (!k)
			return -1;
		switch (k->bit) {
		case CH_ID:
			if (flow_arg_id(cmd, v, &req->id, err, errlen))
				return -1;
			break;
		case CH_REMOTE:
			if (flow_parse_endpoint("remote", v, &req->family,
						req->remote_addr,
						&req->remote_port, err,
						errlen))
				return -1;
			req->has_remote = 1;
			break;
		case CH_GRACE_MS:
			val = &req->grace_ms;
			has = &req->has_grace_ms;
			break;
		case CH_GRACE_PACKETS:
			val = &req->grace_packets;
			has = &req->has_grace_packets;
			break;
		case CH_SSRC_IDLE_MS:
			val = &req->ssrc_idle_ms;
			has = &req->has_ssrc_idle_ms;
			break;
		}
		if (val) {
			if (flow_parse_u32(v, val)) {
				seterr(err, errlen,
				       "%s: %s '%s': expected a 32 bit number",
				       cmd, k->word, v);
				return -1;
			}
			*has = 1;
		}
	}
	if (!(seen & CH_ID)) {
		seterr(err, errlen, "%s: missing 'id N'", cmd);
		return -1;
	}
	if (seen == CH_ID) {
		seterr(err, errlen,
		       "%s: nothing to change: give remote, grace-ms, grace-packets or ssrc-idle-ms",
		       cmd);
		return -1;
	}
	return 0;
}
