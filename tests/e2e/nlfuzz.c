// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a fuzzer for the ksrtp generic netlink family (netlink/ksrtp.yaml).
 *
 *   nlfuzz [--count N] [--seed S] [--max-flows N] [--progress N] [-v|-vv]
 *          [--no-thread]
 *   nlfuzz --send HEX       send one raw request (a finding's hex), print
 *                           the answer and whether the state changed
 *   nlfuzz --bench          what a state query, a dump, an error cost here
 *   nlfuzz --dry-run        generate and build requests, send none
 *
 * -v prints how the requests were answered (command, errno, extack
 * message: count; -vv all of them, not only the 80 most frequent), times
 * per command and how many unmodified valid requests succeeded.
 *
 * Sends N generated requests (default 100000) for every request command of
 * the family, built by hand on a raw NETLINK_GENERIC socket so that lengths,
 * types and nesting can be malformed: mostly valid requests with one to
 * three mutations, some valid ones as they are (so that flows, keys and
 * guards come and go and the handlers get deep), some attribute soups.
 *
 * After every request the state of the netns (flow-get dump, guard-get
 * dump, stats-get reply) is taken again and compared byte for byte, message
 * by message without the netlink headers, with the state before it. A
 * request that failed (or a get that succeeded) must not change it. Every
 * failed request must carry an extended ack message (NLMSGERR_ATTR_MSG).
 * The one exception: EOPNOTSUPP from the genetlink core for a command and
 * do/dump pair that the family does not register at all (the controller's
 * op list says so) cannot carry a message of the family's; those are
 * counted apart. The stream attribute idle-ms is time, not state, and is
 * zeroed before the comparison.
 *
 * Other findings: a successful request without its effect (flow-new: one
 * more flow, with the id of its reply; flow-del, key-del, guard-new,
 * guard-del, flush), stats-get counts that disagree with the dumps, a flow
 * without exactly one current key, more guards than KSRTP_MAX_GUARDS, key
 * material (every key and salt sent starts with an 8-byte marker) in any
 * reply or dump, no answer. Now and then a valid flow-new is sent on a
 * socket whose receive buffer is full, so that its reply cannot be
 * delivered: the flow must then not stay.
 *
 * Exit status: 0 if there was no state mismatch, no failure without an
 * extack message and no other finding; 1 if there was; 2 on a setup error.
 * No traffic must flow in the netns while it runs: run it in a fresh one.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/ksrtp.h>

#define DEFAULT_SEED	0x6b73727470ULL	/* "ksrtp" */
#define ALEN_MAX	640	/* longest attribute payload we build */
#define NATTR_MAX	48	/* most attributes in one request */
#define TXBUF		65536
#define RXBUF		65536
#define NRX		8	/* messages per recvmmsg */
#define MAXF		512	/* flows we keep in the model */
#define MAXG		512	/* guards we keep in the model */
#define MAXK		24	/* keys per flow in the model */
#define FIND_MAX	256	/* distinct findings kept */
#define FIND_SHOW	50	/* distinct findings printed */
#define DETAIL_MAX	20	/* lines of detail per finding */

/* ------------------------------------------------------------------ */
/* random numbers: splitmix64, deterministic for a seed */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static int chance(int pct)
{
	return (int)rnd(100) < pct;
}

static void rnd_bytes(uint8_t *d, int len)
{
	for (int i = 0; i < len; i++)
		d[i] = (uint8_t)rnd64();
}

#define PICK(arr) ((arr)[rnd(sizeof(arr) / sizeof((arr)[0]))])

/* ------------------------------------------------------------------ */
/* the family, as the spec describes it */

enum { A_NONE, A_U8, A_U16, A_BE16, A_U32, A_U64, A_BIN, A_FLAG, A_NEST, A_UINT };
enum { R_NONE, R_ADDR, R_KEY, R_SALT, R_MKI };

struct adesc {
	const char *name;
	uint8_t t;
	uint8_t role;
};

static const struct adesc flow_ad[KSRTP_A_FLOW_MAX + 1] = {
	[KSRTP_A_FLOW_ID] = { "id", A_U32, 0 },
	[KSRTP_A_FLOW_DIR] = { "dir", A_U8, 0 },
	[KSRTP_A_FLOW_FAMILY] = { "family", A_U16, 0 },
	[KSRTP_A_FLOW_LOCAL_ADDR] = { "local-addr", A_BIN, R_ADDR },
	[KSRTP_A_FLOW_LOCAL_PORT] = { "local-port", A_BE16, 0 },
	[KSRTP_A_FLOW_REMOTE_ADDR] = { "remote-addr", A_BIN, R_ADDR },
	[KSRTP_A_FLOW_REMOTE_PORT] = { "remote-port", A_BE16, 0 },
	[KSRTP_A_FLOW_SUITE] = { "suite", A_U32, 0 },
	[KSRTP_A_FLOW_MASTER_KEY] = { "master-key", A_BIN, R_KEY },
	[KSRTP_A_FLOW_MASTER_SALT] = { "master-salt", A_BIN, R_SALT },
	[KSRTP_A_FLOW_MKI] = { "mki", A_BIN, R_MKI },
	[KSRTP_A_FLOW_SSRC] = { "ssrc", A_U32, 0 },
	[KSRTP_A_FLOW_MAX_SSRCS] = { "max-ssrcs", A_U32, 0 },
	[KSRTP_A_FLOW_RTCP_MUX] = { "rtcp-mux", A_FLAG, 0 },
	[KSRTP_A_FLOW_RTCP] = { "rtcp", A_FLAG, 0 },
	[KSRTP_A_FLOW_REPLAY_WINDOW] = { "replay-window", A_U32, 0 },
	[KSRTP_A_FLOW_ROC] = { "roc", A_U32, 0 },
	[KSRTP_A_FLOW_STATS] = { "stats", A_NEST, 0 },
	[KSRTP_A_FLOW_STREAM] = { "stream", A_NEST, 0 },
	[KSRTP_A_FLOW_RESET_ROC] = { "reset-roc", A_FLAG, 0 },
	[KSRTP_A_FLOW_GRACE_MS] = { "grace-ms", A_U32, 0 },
	[KSRTP_A_FLOW_GRACE_PACKETS] = { "grace-packets", A_U32, 0 },
	[KSRTP_A_FLOW_LIFETIME] = { "lifetime", A_U64, 0 },
	[KSRTP_A_FLOW_SOFT_LIFETIME] = { "soft-lifetime", A_U64, 0 },
	[KSRTP_A_FLOW_KEY] = { "key", A_NEST, 0 },
	[KSRTP_A_FLOW_SSRC_IDLE_MS] = { "ssrc-idle-ms", A_U32, 0 },
	[KSRTP_A_FLOW_STREAM_COUNT] = { "stream-count", A_U32, 0 },
	[KSRTP_A_FLOW_COOKIE] = { "cookie", A_U64, 0 },
	[KSRTP_A_FLOW_SOCKET_OWNER] = { "socket-owner", A_FLAG, 0 },
	[KSRTP_A_FLOW_OWNER_PORTID] = { "owner-portid", A_U32, 0 },
	[KSRTP_A_FLOW_SRTCP_TAG_LEN] = { "srtcp-tag-len", A_U8, 0 },
};

static const struct adesc key_ad[KSRTP_A_KEY_MAX + 1] = {
	[KSRTP_A_KEY_FLOW_ID] = { "flow-id", A_U32, 0 },
	[KSRTP_A_KEY_SLOT] = { "slot", A_U8, 0 },
	[KSRTP_A_KEY_MASTER_KEY] = { "master-key", A_BIN, R_KEY },
	[KSRTP_A_KEY_MASTER_SALT] = { "master-salt", A_BIN, R_SALT },
	[KSRTP_A_KEY_MKI] = { "mki", A_BIN, R_MKI },
	[KSRTP_A_KEY_FROM_INDEX] = { "from-index", A_U64, 0 },
	[KSRTP_A_KEY_LIFETIME] = { "lifetime", A_U64, 0 },
	[KSRTP_A_KEY_SOFT_LIFETIME] = { "soft-lifetime", A_U64, 0 },
	[KSRTP_A_KEY_USE] = { "use", A_FLAG, 0 },
};

static const struct adesc guard_ad[KSRTP_A_GUARD_MAX + 1] = {
	[KSRTP_A_GUARD_DIR] = { "dir", A_U8, 0 },
	[KSRTP_A_GUARD_PORT_MIN] = { "port-min", A_BE16, 0 },
	[KSRTP_A_GUARD_PORT_MAX] = { "port-max", A_BE16, 0 },
};

static const struct adesc netns_ad[KSRTP_A_NETNS_MAX + 1] = {
	[KSRTP_A_NETNS_FLOWS] = { "flows", A_U32, 0 },
	[KSRTP_A_NETNS_GUARDS] = { "guards", A_U32, 0 },
	[KSRTP_A_NETNS_STATS] = { "stats", A_NEST, 0 },
};

enum { S_FLOW, S_KEY, S_GUARD, S_NETNS };

static const struct setdesc {
	const char *name;
	const struct adesc *ad;
	int max;
} sets[] = {
	[S_FLOW] = { "flow", flow_ad, KSRTP_A_FLOW_MAX },
	[S_KEY] = { "key", key_ad, KSRTP_A_KEY_MAX },
	[S_GUARD] = { "guard", guard_ad, KSRTP_A_GUARD_MAX },
	[S_NETNS] = { "netns", netns_ad, KSRTP_A_NETNS_MAX },
};

static const struct adesc *adesc_of(int set, uint16_t type)
{
	static const struct adesc none = { NULL, A_NONE, 0 };
	int t = type & NLA_TYPE_MASK;

	if (t < 1 || t > sets[set].max || !sets[set].ad[t].name)
		return &none;
	return &sets[set].ad[t];
}

/* What a request is, by the command and the dump flag it was sent with. */
enum {
	K_FLOW_NEW, K_FLOW_DEL, K_FLOW_GET, K_FLOW_DUMP, K_FLUSH, K_KEY_NEW,
	K_KEY_DEL, K_KEY_USE, K_GUARD_NEW, K_GUARD_DEL, K_GUARD_GET,
	K_GUARD_DUMP, K_STATS_GET, K_FLOW_SET,
	K_NREQ,			/* the request commands of the spec, above */
	K_AS_DUMP = K_NREQ,	/* a do-only command with NLM_F_DUMP */
	K_BAD_CMD,		/* a command the spec has no request for */
	K_NKINDS
};

static const struct kinfo {
	const char *name;
	uint8_t cmd;
	uint8_t dump;
	uint8_t set;
	uint8_t ro;		/* success must not change the state */
	int weight;		/* how often it is generated */
} kinds[K_NKINDS] = {
	[K_FLOW_NEW] = { "flow-new", KSRTP_CMD_FLOW_NEW, 0, S_FLOW, 0, 22 },
	[K_FLOW_DEL] = { "flow-del", KSRTP_CMD_FLOW_DEL, 0, S_FLOW, 0, 5 },
	[K_FLOW_GET] = { "flow-get", KSRTP_CMD_FLOW_GET, 0, S_FLOW, 1, 6 },
	[K_FLOW_DUMP] = { "flow-get-dump", KSRTP_CMD_FLOW_GET, 1, S_FLOW, 1, 5 },
	[K_FLUSH] = { "flush", KSRTP_CMD_FLUSH, 0, S_FLOW, 0, 1 },
	[K_KEY_NEW] = { "key-new", KSRTP_CMD_KEY_NEW, 0, S_KEY, 0, 17 },
	[K_KEY_DEL] = { "key-del", KSRTP_CMD_KEY_DEL, 0, S_KEY, 0, 8 },
	[K_KEY_USE] = { "key-use", KSRTP_CMD_KEY_USE, 0, S_KEY, 0, 5 },
	[K_GUARD_NEW] = { "guard-new", KSRTP_CMD_GUARD_NEW, 0, S_GUARD, 0, 8 },
	[K_GUARD_DEL] = { "guard-del", KSRTP_CMD_GUARD_DEL, 0, S_GUARD, 0, 5 },
	[K_GUARD_GET] = { "guard-get", KSRTP_CMD_GUARD_GET, 0, S_GUARD, 1, 5 },
	[K_GUARD_DUMP] = { "guard-get-dump", KSRTP_CMD_GUARD_GET, 1, S_GUARD, 1, 4 },
	[K_STATS_GET] = { "stats-get", KSRTP_CMD_STATS_GET, 0, S_NETNS, 1, 5 },
	[K_FLOW_SET] = { "flow-set", KSRTP_CMD_FLOW_SET, 0, S_FLOW, 0, 5 },
	[K_AS_DUMP] = { "do-only-as-dump", 0, 1, S_FLOW, 1, 0 },
	[K_BAD_CMD] = { "unknown-cmd", 0, 0, S_FLOW, 1, 0 },
};

static int classify(uint8_t cmd, uint16_t flags)
{
	int dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	int known = 0;

	for (int k = 0; k < K_NREQ; k++) {
		if (kinds[k].cmd != cmd)
			continue;
		known = 1;
		if (kinds[k].dump == dump)
			return k;
	}
	return known && dump ? K_AS_DUMP : K_BAD_CMD;
}

static const char *cmd_name(uint8_t cmd)
{
	static char bufs[2][16];
	static int bi;
	char *buf = bufs[bi++ & 1];

	for (int k = 0; k < K_NREQ; k++)
		if (kinds[k].cmd == cmd && !kinds[k].dump)
			return kinds[k].name;
	if (cmd == KSRTP_CMD_KEY_EVENT)
		return "key-event";
	snprintf(buf, 16, "cmd-%u", cmd);
	return buf;
}

static int suite_key_len(uint32_t s)
{
	return s == 3 || s == 4 || s == 7 ? 32 : 16;
}

static int suite_salt_len(uint32_t s)
{
	return s == 6 || s == 7 ? 12 : 14;
}

/* ------------------------------------------------------------------ */
/* requests */

struct attr {
	uint16_t type;		/* with NLA_F_* bits as sent */
	uint16_t len;		/* payload length */
	uint8_t d[ALEN_MAX];
};

struct req {
	uint8_t cmd, version;
	uint16_t reserved;
	uint16_t flags;
	int set;		/* attribute set the request was built from */
	int origkind;		/* what it was built as */
	int bad_idx;		/* attribute whose nla_len is bad_len, or -1 */
	uint16_t bad_len;
	int trail;		/* junk bytes after the last attribute */
	uint8_t trail_b[3];
	int cut;		/* bytes cut off the end */
	uint8_t pad;		/* padding byte */
	int valid;		/* built valid and left alone */
	char how[320];		/* what was done to it */
	int n;
	struct attr a[NATTR_MAX];	/* last: req_init clears what is before */
};

static void note(struct req *r, const char *fmt, ...)
{
	size_t l = strlen(r->how);
	va_list ap;

	if (l + 4 >= sizeof(r->how))
		return;
	if (l)
		r->how[l++] = ';', r->how[l++] = ' ', r->how[l] = 0;
	va_start(ap, fmt);
	vsnprintf(r->how + l, sizeof(r->how) - l, fmt, ap);
	va_end(ap);
}

static const char *aname_set(int set, uint16_t type)
{
	static char buf[4][48];
	static int i;
	const struct adesc *ad = adesc_of(set, type);
	char *b = buf[i++ & 3];

	if (ad->name)
		snprintf(b, 48, "%s", ad->name);
	else
		snprintf(b, 48, "attr-%u", type & NLA_TYPE_MASK);
	return b;
}

static const char *aname(const struct req *r, uint16_t type)
{
	return aname_set(r->set, type);
}

static void req_init(struct req *r, int kind)
{
	memset(r, 0, offsetof(struct req, a));	/* n too */
	r->cmd = kinds[kind].cmd;
	r->version = KSRTP_FAMILY_VERSION;
	r->flags = NLM_F_REQUEST | NLM_F_ACK |
		   (kinds[kind].dump ? NLM_F_DUMP : 0);
	r->set = kinds[kind].set;
	r->origkind = kind;
	r->bad_idx = -1;
	r->how[0] = 0;
}

static struct attr *add(struct req *r, uint16_t type, const void *d, int len)
{
	struct attr *a;

	if (r->n >= NATTR_MAX)
		return NULL;
	if (len > ALEN_MAX)
		len = ALEN_MAX;
	a = &r->a[r->n++];
	a->type = type;
	a->len = (uint16_t)len;
	if (d)
		memcpy(a->d, d, len);
	else
		rnd_bytes(a->d, len);
	return a;
}

static void add_u8(struct req *r, uint16_t t, uint8_t v) { add(r, t, &v, 1); }
static void add_u16(struct req *r, uint16_t t, uint16_t v) { add(r, t, &v, 2); }
static void add_be16(struct req *r, uint16_t t, uint16_t v)
{
	uint16_t b = htons(v);

	add(r, t, &b, 2);
}
static void add_u32(struct req *r, uint16_t t, uint32_t v) { add(r, t, &v, 4); }
static void add_u64(struct req *r, uint16_t t, uint64_t v) { add(r, t, &v, 8); }
static void add_flag(struct req *r, uint16_t t) { add(r, t, NULL, 0); }

static int find(const struct req *r, uint16_t type)
{
	for (int i = 0; i < r->n; i++)
		if ((r->a[i].type & NLA_TYPE_MASK) == type)
			return i;
	return -1;
}

static void del_at(struct req *r, int i)
{
	if (i < 0 || i >= r->n)
		return;
	memmove(&r->a[i], &r->a[i + 1], (r->n - i - 1) * sizeof(r->a[0]));
	r->n--;
	if (r->bad_idx == i)
		r->bad_idx = -1;
	else if (r->bad_idx > i)
		r->bad_idx--;
}

static void del_type(struct req *r, uint16_t type)
{
	int i;

	while ((i = find(r, type)) >= 0)
		del_at(r, i);
}

/* Set an attribute's value (replacing the first one of that type). */
static void set_attr(struct req *r, uint16_t type, const void *d, int len)
{
	int i = find(r, type);

	if (i < 0) {
		add(r, type, d, len);
		return;
	}
	if (len > ALEN_MAX)
		len = ALEN_MAX;
	r->a[i].len = (uint16_t)len;
	if (d)
		memcpy(r->a[i].d, d, len);
	else
		rnd_bytes(r->a[i].d, len);
}

static void set_u8(struct req *r, uint16_t t, uint8_t v) { set_attr(r, t, &v, 1); }
static void set_u32(struct req *r, uint16_t t, uint32_t v) { set_attr(r, t, &v, 4); }
static void set_u64(struct req *r, uint16_t t, uint64_t v) { set_attr(r, t, &v, 8); }
static void set_u16(struct req *r, uint16_t t, uint16_t v) { set_attr(r, t, &v, 2); }
static void set_be16(struct req *r, uint16_t t, uint16_t v)
{
	uint16_t b = htons(v);

	set_attr(r, t, &b, 2);
}

/* Key material starts with a marker, so a dump that leaks it is found. */
static const uint8_t key_marker[8] = { 'K', 'S', 'R', 'T', 'P', 'k', 'e', 'y' };

static void key_bytes(uint8_t *d, int len)
{
	rnd_bytes(d, len);
	memcpy(d, key_marker, len < 8 ? len : 8);
}

static void set_key(struct req *r, uint16_t t, int len)
{
	uint8_t k[ALEN_MAX];

	if (len > ALEN_MAX)
		len = ALEN_MAX;
	key_bytes(k, len);
	set_attr(r, t, k, len);
}

static size_t build_msg(const struct req *r, uint8_t *buf, uint16_t famid,
			uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN, last = off;

	for (int i = 0; i < r->n; i++) {
		const struct attr *a = &r->a[i];
		struct nlattr *na = (struct nlattr *)(buf + off);
		size_t tot = NLA_HDRLEN + a->len;

		last = off;
		na->nla_type = a->type;
		na->nla_len = i == r->bad_idx ? r->bad_len : (uint16_t)tot;
		memcpy(buf + off + NLA_HDRLEN, a->d, a->len);
		memset(buf + off + tot, r->pad, NLA_ALIGN(tot) - tot);
		off += NLA_ALIGN(tot);
	}
	if (r->trail) {
		memcpy(buf + off, r->trail_b, r->trail);
		off += r->trail;
	}
	if (r->cut && (size_t)r->cut < off - last)
		off -= r->cut;	/* into the last attribute (or the junk) */
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = famid;
	nlh->nlmsg_flags = r->flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	g->cmd = r->cmd;
	g->version = r->version;
	g->reserved = r->reserved;
	return off;
}

/* ------------------------------------------------------------------ */
/* netlink I/O */

static int sk_req, sk_s1, sk_s2;	/* requests; stats + flow dump; guard dump */
static uint16_t famid;
static uint32_t seqno = 1;
static uint32_t ops_cap[256];		/* GENL_CMD_CAP_* per command */
static int ops_known;
static __thread uint8_t *rxbufs;
static long n_stray;

struct section {
	uint8_t *buf;		/* per message: u32 length, then payload */
	size_t len, cap;
	int nmsgs;
	int err;		/* the request's error, 0 if it succeeded */
};

static void sec_reset(struct section *s)
{
	s->len = 0;
	s->nmsgs = 0;
	s->err = 0;
}

static void sec_append(struct section *s, const void *d, uint32_t len)
{
	if (s->len + len + 4 > s->cap) {
		s->cap = (s->len + len + 4) * 2 + 4096;
		s->buf = realloc(s->buf, s->cap);
		if (!s->buf) {
			perror("nlfuzz: realloc");
			exit(2);
		}
	}
	memcpy(s->buf + s->len, &len, 4);
	memcpy(s->buf + s->len + 4, d, len);
	s->len += 4 + len;
	s->nmsgs++;
}

static int sec_eq(const struct section *a, const struct section *b)
{
	return a->err == b->err && a->len == b->len && a->nmsgs == b->nmsgs &&
	       !memcmp(a->buf, b->buf, a->len);
}

enum { T_ACK, T_DUMP, T_FIRST };

struct txn {
	uint32_t seq;
	int type;	/* T_ACK: ends with the ack; T_DUMP: with DONE or an
			 * error; T_FIRST: with the first message (a reply) */
	int done;
	int err;
	int has_msg;
	char msg[512];
	uint32_t miss_type;
	int has_offs;
	uint32_t offs;
	int intr;	/* NLM_F_DUMP_INTR seen */
	int capped_missing;	/* error ack not capped */
	struct section *sec;
};

static void parse_tlvs(struct txn *t, const uint8_t *p, int len)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *na = (const struct nlattr *)p;
		int alen = na->nla_len, plen = alen - NLA_HDRLEN;
		const uint8_t *d = p + NLA_HDRLEN;

		if (alen < NLA_HDRLEN || alen > len)
			break;
		switch (na->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			t->has_msg = 1;
			snprintf(t->msg, sizeof(t->msg), "%.*s",
				 (int)strnlen((const char *)d, plen), d);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen >= 4) {
				t->has_offs = 1;
				memcpy(&t->offs, d, 4);
			}
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen >= 4)
				memcpy(&t->miss_type, d, 4);
			break;
		}
		p += NLA_ALIGN(alen);
		len -= NLA_ALIGN(alen);
	}
}

static void txn_msg(struct txn *t, const struct nlmsghdr *nlh)
{
	const uint8_t *data = NLMSG_DATA(nlh);
	int plen = (int)nlh->nlmsg_len - NLMSG_HDRLEN;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const struct nlmsgerr *)data;
		int off;

		if (plen < (int)sizeof(*e)) {
			t->err = -EPROTO;
			t->done = 1;
			return;
		}
		t->err = e->error;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			off = NLMSG_ALIGN(sizeof(int) + e->msg.nlmsg_len);
			if (e->error)
				t->capped_missing = 1;
		} else {
			off = sizeof(*e);
		}
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && off < plen)
			parse_tlvs(t, data + off, plen - off);
		t->done = 1;
		return;
	}
	if (nlh->nlmsg_type == NLMSG_DONE) {
		int err = 0;

		if (plen >= 4)
			memcpy(&err, data, 4);
		t->err = err;
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && plen > 4)
			parse_tlvs(t, data + 4, plen - 4);
		t->done = 1;
		return;
	}
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		t->intr = 1;
	if (t->sec && plen >= 0)
		sec_append(t->sec, data, (uint32_t)plen);
	if (t->type == T_FIRST)
		t->done = 1;
}

/* Read until every transaction is done; -1 on a timeout or an error. */
static int txn_wait(int fd, struct txn *t, int n)
{
	struct mmsghdr mm[NRX];
	struct iovec iov[NRX];

	for (;;) {
		int left = 0, got;

		for (int i = 0; i < n; i++)
			left += !t[i].done;
		if (!left)
			return 0;
		memset(mm, 0, sizeof(mm));
		for (int i = 0; i < NRX; i++) {
			iov[i].iov_base = rxbufs + (size_t)i * RXBUF;
			iov[i].iov_len = RXBUF;
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		got = recvmmsg(fd, mm, NRX, MSG_WAITFORONE, NULL);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "nlfuzz: recv: %s\n", strerror(errno));
			return -1;
		}
		for (int m = 0; m < got; m++) {
			const struct nlmsghdr *nlh = iov[m].iov_base;
			int len = (int)mm[m].msg_len;

			if (mm[m].msg_hdr.msg_flags & MSG_TRUNC) {
				fprintf(stderr, "nlfuzz: truncated message\n");
				return -1;
			}
			for (; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
				int i;

				for (i = 0; i < n; i++)
					if (t[i].seq == nlh->nlmsg_seq && !t[i].done)
						break;
				if (i == n) {
					__atomic_fetch_add(&n_stray, 1, __ATOMIC_RELAXED);
					continue;
				}
				txn_msg(&t[i], nlh);
			}
		}
	}
}

static int nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 60 };
	int one = 1, rcv = 4 << 20;

	if (fd < 0) {
		perror("nlfuzz: socket");
		exit(2);
	}
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one))) {
		perror("nlfuzz: NETLINK_EXT_ACK/NETLINK_CAP_ACK");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nlfuzz: bind");
		exit(2);
	}
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) !=
	    (ssize_t)len) {
		fprintf(stderr, "nlfuzz: send: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* CTRL_CMD_GETFAMILY: the family id and the commands it registers. */
static int resolve_family(void)
{
	uint8_t buf[256] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);
	struct nlattr *na = (struct nlattr *)(buf + NLMSG_HDRLEN + GENL_HDRLEN);
	struct section sec = { 0 };
	struct txn t = { .type = T_ACK, .sec = &sec };
	size_t off;

	memset(buf, 0, sizeof(buf));
	na->nla_type = CTRL_ATTR_FAMILY_NAME;
	na->nla_len = NLA_HDRLEN + sizeof(KSRTP_FAMILY_NAME);
	memcpy((uint8_t *)na + NLA_HDRLEN, KSRTP_FAMILY_NAME,
	       sizeof(KSRTP_FAMILY_NAME));
	off = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(na->nla_len);
	nlh->nlmsg_len = (uint32_t)off;
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = t.seq = seqno++;
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 2;
	if (nl_send(sk_req, buf, off) || txn_wait(sk_req, &t, 1))
		return -1;
	if (t.err || !sec.nmsgs) {
		fprintf(stderr, "nlfuzz: family %s not found: %s%s%s\n",
			KSRTP_FAMILY_NAME, strerror(-t.err),
			t.has_msg ? ": " : "", t.msg);
		return -1;
	}
	{
		const uint8_t *p = sec.buf + 4 + GENL_HDRLEN;
		int len = (int)*(uint32_t *)sec.buf - GENL_HDRLEN;

		while (len >= NLA_HDRLEN) {
			const struct nlattr *a = (const struct nlattr *)p;
			int type = a->nla_type & NLA_TYPE_MASK;

			if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
				break;
			if (type == CTRL_ATTR_FAMILY_ID)
				memcpy(&famid, p + NLA_HDRLEN, 2);
			if (type == CTRL_ATTR_OPS) {
				const uint8_t *q = p + NLA_HDRLEN;
				int ql = a->nla_len - NLA_HDRLEN;

				while (ql >= NLA_HDRLEN) {
					const struct nlattr *op = (const void *)q;
					const uint8_t *r = q + NLA_HDRLEN;
					int rl = op->nla_len - NLA_HDRLEN;
					uint32_t id = 0, fl = 0;

					if (op->nla_len < NLA_HDRLEN || op->nla_len > ql)
						break;
					while (rl >= NLA_HDRLEN) {
						const struct nlattr *x = (const void *)r;

						if (x->nla_len < NLA_HDRLEN || x->nla_len > rl)
							break;
						if ((x->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_ID)
							memcpy(&id, r + NLA_HDRLEN, 4);
						if ((x->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_OP_FLAGS)
							memcpy(&fl, r + NLA_HDRLEN, 4);
						r += NLA_ALIGN(x->nla_len);
						rl -= NLA_ALIGN(x->nla_len);
					}
					if (id < 256)
						ops_cap[id] |= fl;
					ops_known = 1;
					q += NLA_ALIGN(op->nla_len);
					ql -= NLA_ALIGN(op->nla_len);
				}
			}
			p += NLA_ALIGN(a->nla_len);
			len -= NLA_ALIGN(a->nla_len);
		}
	}
	free(sec.buf);
	return famid ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* the state: dumps and the model parsed from them */

struct mkey {
	uint8_t slot;
	int mki_len;
	uint8_t mki[8];
	int has_from;
	uint64_t from;
};

struct mflow {
	uint32_t id;
	uint8_t dir;
	uint16_t family;
	int alen;
	uint8_t laddr[16], raddr[16];
	uint16_t lport, rport;	/* host order */
	int has_remote;
	uint32_t suite;
	int mki_len;
	int pinned;
	int nkeys;
	struct mkey keys[MAXK];
};

struct mguard {
	uint8_t dir;
	uint16_t min, max;
};

struct snap {
	struct section flows, guards, stats;
	int nflows;
	struct mflow f[MAXF];
	int nguards;
	struct mguard g[MAXG];
	int st_ok;
	uint32_t st_flows, st_guards;
	int nkeys_total;
};

static struct snap snap_a, snap_b;
static struct snap *base = &snap_a, *next = &snap_b;

/* Zero the stream idle-ms attributes of a flow message: time, not state. */
static void zero_idle(uint8_t *p, int len)
{
	while (len >= NLA_HDRLEN) {
		struct nlattr *a = (struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return;
		if ((a->nla_type & NLA_TYPE_MASK) == KSRTP_A_FLOW_STREAM) {
			uint8_t *q = p + NLA_HDRLEN;
			int ql = a->nla_len - NLA_HDRLEN;

			while (ql >= NLA_HDRLEN) {
				struct nlattr *b = (struct nlattr *)q;

				if (b->nla_len < NLA_HDRLEN || b->nla_len > ql)
					break;
				if ((b->nla_type & NLA_TYPE_MASK) ==
				    KSRTP_A_STREAM_IDLE_MS)
					memset(q + NLA_HDRLEN, 0,
					       b->nla_len - NLA_HDRLEN);
				q += NLA_ALIGN(b->nla_len);
				ql -= NLA_ALIGN(b->nla_len);
			}
		}
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
}

static int build_plain(uint8_t *buf, uint8_t cmd, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);

	nlh->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlh->nlmsg_type = famid;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	g->cmd = cmd;
	g->version = KSRTP_FAMILY_VERSION;
	g->reserved = 0;
	return NLMSG_HDRLEN + GENL_HDRLEN;
}

static long n_snap_intr;

/*
 * The state: the flow dump on one socket; stats-get and the guard dump on
 * another, by a helper thread at the same time (the VM has two vCPUs, and
 * under TCG with a debug kernel every message costs about a millisecond).
 */
struct snapjob {
	struct snap *s;
	uint32_t seq_stats, seq_guards;
	int rc, intr;
};

static struct snapjob job;
static int efd_go = -1, efd_done = -1;
static int use_thread = 1;

static void snap_side(struct snapjob *j)
{
	uint8_t b[64] __attribute__((aligned(4)));
	struct txn t[2] = { { 0 } };
	int l;

	t[0].seq = j->seq_stats;
	t[0].type = T_FIRST;
	t[0].sec = &j->s->stats;
	t[1].seq = j->seq_guards;
	t[1].type = T_DUMP;
	t[1].sec = &j->s->guards;
	l = build_plain(b, KSRTP_CMD_STATS_GET, NLM_F_REQUEST, t[0].seq);
	l += build_plain(b + l, KSRTP_CMD_GUARD_GET, NLM_F_REQUEST | NLM_F_DUMP,
			 t[1].seq);
	j->rc = nl_send(sk_s2, b, l) || txn_wait(sk_s2, t, 2) ? -1 : 0;
	j->s->stats.err = t[0].err;
	j->s->guards.err = t[1].err;
	j->intr = t[1].intr;
}

static void *snap_thread(void *arg)
{
	uint64_t v;

	(void)arg;
	rxbufs = aligned_alloc(4096, (size_t)RXBUF * NRX);
	if (!rxbufs) {
		perror("nlfuzz: malloc");
		exit(2);
	}
	for (;;) {
		if (read(efd_go, &v, sizeof(v)) != sizeof(v)) {
			if (errno == EINTR)
				continue;
			perror("nlfuzz: eventfd");
			exit(2);
		}
		snap_side(&job);
		v = 1;
		if (write(efd_done, &v, sizeof(v)) != sizeof(v)) {
			perror("nlfuzz: eventfd");
			exit(2);
		}
	}
	return NULL;
}

static void snap_start_thread(void)
{
	pthread_t th;

	efd_go = eventfd(0, EFD_CLOEXEC);
	efd_done = eventfd(0, EFD_CLOEXEC);
	if (efd_go < 0 || efd_done < 0 ||
	    pthread_create(&th, NULL, snap_thread, NULL)) {
		fprintf(stderr, "nlfuzz: no helper thread, one at a time\n");
		use_thread = 0;
		return;
	}
	pthread_detach(th);
}

static int snap_take(struct snap *s)
{
	for (int tries = 0;; tries++) {
		uint8_t b[32] __attribute__((aligned(4)));
		struct txn t = { 0 };
		uint64_t v = 1;
		int rc;

		sec_reset(&s->flows);
		sec_reset(&s->guards);
		sec_reset(&s->stats);
		job.s = s;
		job.seq_stats = seqno++;
		job.seq_guards = seqno++;
		t.seq = seqno++;
		t.type = T_DUMP;
		t.sec = &s->flows;
		if (use_thread && write(efd_go, &v, sizeof(v)) != sizeof(v)) {
			perror("nlfuzz: eventfd");
			return -1;
		}
		build_plain(b, KSRTP_CMD_FLOW_GET, NLM_F_REQUEST | NLM_F_DUMP, t.seq);
		rc = nl_send(sk_s1, b, NLMSG_HDRLEN + GENL_HDRLEN) ||
		     txn_wait(sk_s1, &t, 1);
		if (use_thread) {
			while (read(efd_done, &v, sizeof(v)) != sizeof(v))
				if (errno != EINTR) {
					perror("nlfuzz: eventfd");
					return -1;
				}
		} else {
			snap_side(&job);
		}
		if (rc || job.rc)
			return -1;
		s->flows.err = t.err;
		if (!t.intr && !job.intr)
			break;
		n_snap_intr++;
		if (tries == 3)
			break;
	}
	for (size_t off = 0; off < s->flows.len;) {
		uint32_t l;

		memcpy(&l, s->flows.buf + off, 4);
		if (l > GENL_HDRLEN)
			zero_idle(s->flows.buf + off + 4 + GENL_HDRLEN,
				  (int)l - GENL_HDRLEN);
		off += 4 + l;
	}
	return 0;
}

static int snap_eq(const struct snap *a, const struct snap *b)
{
	return sec_eq(&a->flows, &b->flows) && sec_eq(&a->guards, &b->guards) &&
	       sec_eq(&a->stats, &b->stats);
}

/* Iterate the messages of a section: payload (genl header on) and length. */
struct msgit {
	const struct section *s;
	size_t off;
};

static int msg_next(struct msgit *it, const uint8_t **p, uint32_t *plen)
{
	if (it->off + 4 > it->s->len)
		return 0;
	memcpy(plen, it->s->buf + it->off, 4);
	*p = it->s->buf + it->off + 4;
	it->off += 4 + *plen;
	return 1;
}

#define FOR_MSG(sec, p, plen) \
	for (struct msgit _it = { (sec), 0 }; msg_next(&_it, &(p), &(plen));)

typedef void (*attr_cb)(void *ctx, int type, const uint8_t *d, int len);

static void walk(const uint8_t *p, int len, attr_cb cb, void *ctx)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return;
		cb(ctx, a->nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN,
		   a->nla_len - NLA_HDRLEN);
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
}

static uint64_t get_uint(const uint8_t *d, int len)
{
	uint32_t v32;
	uint64_t v64;
	uint16_t v16;

	if (len == 8) {
		memcpy(&v64, d, 8);
		return v64;
	}
	if (len == 4) {
		memcpy(&v32, d, 4);
		return v32;
	}
	if (len == 2) {
		memcpy(&v16, d, 2);
		return v16;
	}
	return len == 1 ? d[0] : 0;
}

static void keyinfo_cb(void *ctx, int type, const uint8_t *d, int len)
{
	struct mkey *k = ctx;

	switch (type) {
	case KSRTP_A_KEY_INFO_SLOT:
		k->slot = (uint8_t)get_uint(d, len);
		break;
	case KSRTP_A_KEY_INFO_MKI:
		k->mki_len = len;
		memcpy(k->mki, d, len < 8 ? len : 8);
		break;
	case KSRTP_A_KEY_INFO_FROM_INDEX:
		k->has_from = 1;
		k->from = get_uint(d, len);
		break;
	}
}

static long n_leak;
static int leak_seen;

static void leak_cb(void *ctx, int type, const uint8_t *d, int len)
{
	(void)ctx;
	/* an address may legitimately hold anything we sent as one */
	if (type == KSRTP_A_FLOW_LOCAL_ADDR || type == KSRTP_A_FLOW_REMOTE_ADDR)
		return;
	if (memmem(d, len, key_marker, sizeof(key_marker)))
		leak_seen = 1;
}

static void flow_cb(void *ctx, int type, const uint8_t *d, int len)
{
	struct mflow *f = ctx;

	switch (type) {
	case KSRTP_A_FLOW_ID:
		f->id = (uint32_t)get_uint(d, len);
		break;
	case KSRTP_A_FLOW_DIR:
		f->dir = (uint8_t)get_uint(d, len);
		break;
	case KSRTP_A_FLOW_FAMILY:
		f->family = (uint16_t)get_uint(d, len);
		break;
	case KSRTP_A_FLOW_LOCAL_ADDR:
		f->alen = len;
		memcpy(f->laddr, d, len < 16 ? len : 16);
		break;
	case KSRTP_A_FLOW_REMOTE_ADDR:
		f->has_remote = 1;
		memcpy(f->raddr, d, len < 16 ? len : 16);
		break;
	case KSRTP_A_FLOW_LOCAL_PORT:
		if (len == 2)
			f->lport = ntohs(*(const uint16_t *)d);
		break;
	case KSRTP_A_FLOW_REMOTE_PORT:
		if (len == 2)
			f->rport = ntohs(*(const uint16_t *)d);
		break;
	case KSRTP_A_FLOW_SUITE:
		f->suite = (uint32_t)get_uint(d, len);
		break;
	case KSRTP_A_FLOW_MKI:
		f->mki_len = len;
		break;
	case KSRTP_A_FLOW_SSRC:
		f->pinned = 1;
		break;
	case KSRTP_A_FLOW_KEY:
		if (f->nkeys < MAXK) {
			struct mkey *k = &f->keys[f->nkeys++];

			memset(k, 0, sizeof(*k));
			walk(d, len, keyinfo_cb, k);
		}
		break;
	}
}

static void guard_cb(void *ctx, int type, const uint8_t *d, int len)
{
	struct mguard *g = ctx;

	if (type == KSRTP_A_GUARD_DIR)
		g->dir = (uint8_t)get_uint(d, len);
	if (type == KSRTP_A_GUARD_PORT_MIN && len == 2)
		g->min = ntohs(*(const uint16_t *)d);
	if (type == KSRTP_A_GUARD_PORT_MAX && len == 2)
		g->max = ntohs(*(const uint16_t *)d);
}

static void stats_cb(void *ctx, int type, const uint8_t *d, int len)
{
	struct snap *s = ctx;

	if (type == KSRTP_A_NETNS_FLOWS)
		s->st_flows = (uint32_t)get_uint(d, len);
	if (type == KSRTP_A_NETNS_GUARDS)
		s->st_guards = (uint32_t)get_uint(d, len);
}

static void parse_model(struct snap *s)
{
	const uint8_t *p;
	uint32_t plen;

	s->nflows = 0;
	s->nguards = 0;
	s->nkeys_total = 0;
	s->st_ok = 0;
	leak_seen = 0;
	FOR_MSG(&s->flows, p, plen) {
		if (plen < GENL_HDRLEN)
			continue;
		if (s->nflows < MAXF) {
			struct mflow *f = &s->f[s->nflows++];

			memset(f, 0, offsetof(struct mflow, keys));
			walk(p + GENL_HDRLEN, plen - GENL_HDRLEN, flow_cb, f);
			s->nkeys_total += f->nkeys;
		}
		walk(p + GENL_HDRLEN, plen - GENL_HDRLEN, leak_cb, NULL);
	}
	FOR_MSG(&s->guards, p, plen) {
		if (plen < GENL_HDRLEN)
			continue;
		if (s->nguards < MAXG) {
			struct mguard *g = &s->g[s->nguards++];

			memset(g, 0, sizeof(*g));
			walk(p + GENL_HDRLEN, plen - GENL_HDRLEN, guard_cb, g);
		}
	}
	FOR_MSG(&s->stats, p, plen) {
		if (plen < GENL_HDRLEN)
			continue;
		s->st_ok = 1;
		walk(p + GENL_HDRLEN, plen - GENL_HDRLEN, stats_cb, s);
	}
}

/* ------------------------------------------------------------------ */
/* findings */

struct finding {
	char sig[256];
	long count;
	long first;		/* request number */
	int nlines;
	char *lines[DETAIL_MAX];
};

static struct finding finds[FIND_MAX];
static int nfinds;
static long n_findings_dropped;
static long n_mismatch, n_noextack, n_other, n_exempt;

static struct finding *finding(const char *fmt, ...)
{
	char sig[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sig, sizeof(sig), fmt, ap);
	va_end(ap);
	for (int i = 0; i < nfinds; i++)
		if (!strcmp(finds[i].sig, sig)) {
			finds[i].count++;
			return NULL;	/* details of the first one only */
		}
	if (nfinds == FIND_MAX) {
		n_findings_dropped++;
		return NULL;
	}
	snprintf(finds[nfinds].sig, sizeof(finds[nfinds].sig), "%s", sig);
	finds[nfinds].count = 1;
	return &finds[nfinds++];
}

static void fline(struct finding *f, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!f || f->nlines >= DETAIL_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	f->lines[f->nlines++] = strdup(buf);
}

static void fline_req(struct finding *f, const struct req *r,
		      const uint8_t *msg, size_t len, int maxhex)
{
	char buf[240];
	size_t l = 0;

	if (!f)
		return;
	fline(f, "  built as %s%s: %s", kinds[r->origkind].name,
	      r->valid ? " (valid, unmodified)" : "", r->how[0] ? r->how : "-");
	l = (size_t)snprintf(buf, sizeof(buf), "  cmd %s flags 0x%x attrs:",
			     cmd_name(r->cmd), r->flags);
	for (int i = 0; i < r->n && l < sizeof(buf) - 40; i++)
		l += (size_t)snprintf(buf + l, sizeof(buf) - l, " %s%s/%u",
				      aname(r, r->a[i].type),
				      r->a[i].type & NLA_F_NESTED ? "(N)" : "",
				      r->a[i].len);
	if (l >= sizeof(buf) - 40)
		snprintf(buf + l, sizeof(buf) - l, " ...");
	fline(f, "%s", buf);
	for (size_t off = 0; off < len && f->nlines < DETAIL_MAX; off += 32) {
		char hex[80];
		size_t h = 0;

		if ((int)(off / 32) >= maxhex || f->nlines == DETAIL_MAX - 1) {
			fline(f, "  ... %zu more bytes", len - off);
			break;
		}
		for (size_t i = off; i < len && i < off + 32; i++)
			h += (size_t)snprintf(hex + h, sizeof(hex) - h, "%02x", msg[i]);
		fline(f, "  %04zx: %s", off, hex);
	}
}

/* Describe how two sections differ, in at most three lines. */
static void sec_diff(struct finding *f, const char *what,
		     const struct section *a, const struct section *b, int set)
{
	uint32_t la = 0, lb = 0;
	size_t oa = 0, ob = 0;
	int i = 0;

	if (!f || sec_eq(a, b))
		return;
	if (a->err != b->err) {
		fline(f, "  %s: error %d -> %d", what, a->err, b->err);
		return;
	}
	fline(f, "  %s: %d -> %d messages, %zu -> %zu bytes", what, a->nmsgs,
	      b->nmsgs, a->len, b->len);
	for (; oa < a->len && ob < b->len; i++) {
		memcpy(&la, a->buf + oa, 4);
		memcpy(&lb, b->buf + ob, 4);
		if (la != lb || memcmp(a->buf + oa + 4, b->buf + ob + 4, la))
			break;
		oa += 4 + la;
		ob += 4 + lb;
	}
	if (oa >= a->len || ob >= b->len) {
		fline(f, "  %s: first %d messages equal, then %s", what, i,
		      oa >= a->len ? "new messages" : "messages gone");
		return;
	}
	{
		/* the first differing message: which attributes differ */
		char buf[240];
		size_t l;
		const uint8_t *pa = a->buf + oa + 4 + GENL_HDRLEN;
		const uint8_t *pb = b->buf + ob + 4 + GENL_HDRLEN;
		int ra = (int)la - GENL_HDRLEN, rb = (int)lb - GENL_HDRLEN;

		l = (size_t)snprintf(buf, sizeof(buf),
				     "  %s: message %d differs, attributes:", what, i);
		while (ra >= NLA_HDRLEN && rb >= NLA_HDRLEN && l < sizeof(buf) - 30) {
			const struct nlattr *xa = (const void *)pa, *xb = (const void *)pb;

			if (xa->nla_len < NLA_HDRLEN || xb->nla_len < NLA_HDRLEN ||
			    xa->nla_len > ra || xb->nla_len > rb)
				break;
			if (xa->nla_len != xb->nla_len || xa->nla_type != xb->nla_type ||
			    memcmp(pa, pb, xa->nla_len)) {
				const struct adesc *ad = adesc_of(set, xa->nla_type);

				if (ad->name)
					l += (size_t)snprintf(buf + l, sizeof(buf) - l,
							      " %s", ad->name);
				else
					l += (size_t)snprintf(buf + l, sizeof(buf) - l,
							      " %u", xa->nla_type & NLA_TYPE_MASK);
			}
			pa += NLA_ALIGN(xa->nla_len);
			ra -= NLA_ALIGN(xa->nla_len);
			pb += NLA_ALIGN(xb->nla_len);
			rb -= NLA_ALIGN(xb->nla_len);
		}
		if (ra > 0 || rb > 0)
			snprintf(buf + l, sizeof(buf) - l, " (+%d/%d bytes more)",
				 ra > 0 ? ra : 0, rb > 0 ? rb : 0);
		fline(f, "%s", buf);
	}
}

/* ------------------------------------------------------------------ */
/* generating valid requests, from the model of the current state */

static const uint8_t v4a[2][4] = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } };
static const uint8_t v6a[2][16] = {
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 },
	{ 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 },
};
static int max_flows = 30;

static const struct mflow *pick_flow(const struct snap *s)
{
	return s->nflows ? &s->f[rnd((uint32_t)s->nflows)] : NULL;
}

static uint32_t bad_id(const struct snap *s)
{
	uint32_t m = 0;

	for (int i = 0; i < s->nflows; i++)
		if (s->f[i].id > m)
			m = s->f[i].id;
	switch (rnd(4)) {
	case 0: return 0;
	case 1: return 0xffffffff;
	case 2: return m + 1 + rnd(3);
	default: return (uint32_t)rnd64();
	}
}

static void gen_flow_new(struct req *r)
{
	uint8_t dir = 1 + rnd(2);
	uint16_t fam = chance(65) ? AF_INET : AF_INET6;
	int alen = fam == AF_INET ? 4 : 16, li = rnd(2);
	uint32_t suite = 1 + rnd(7);
	int pinned = chance(25);

	add_u8(r, KSRTP_A_FLOW_DIR, dir);
	add_u16(r, KSRTP_A_FLOW_FAMILY, fam);
	add(r, KSRTP_A_FLOW_LOCAL_ADDR, fam == AF_INET ? v4a[li] : v6a[li], alen);
	add_be16(r, KSRTP_A_FLOW_LOCAL_PORT, 5000 + rnd(4));
	if (dir == KSRTP_DIR_TX || chance(50)) {
		add(r, KSRTP_A_FLOW_REMOTE_ADDR,
		    fam == AF_INET ? v4a[!li] : v6a[!li], alen);
		add_be16(r, KSRTP_A_FLOW_REMOTE_PORT, 6000 + rnd(2));
	}
	add_u32(r, KSRTP_A_FLOW_SUITE, suite);
	set_key(r, KSRTP_A_FLOW_MASTER_KEY, suite_key_len(suite));
	set_key(r, KSRTP_A_FLOW_MASTER_SALT, suite_salt_len(suite));
	if (chance(20))
		add(r, KSRTP_A_FLOW_MKI, NULL, 1 + rnd(KSRTP_MKI_MAX_LEN));
	if (pinned) {
		add_u32(r, KSRTP_A_FLOW_SSRC, (uint32_t)rnd64());
		if (chance(30))
			add_u32(r, KSRTP_A_FLOW_ROC, rnd(1000));
	} else {
		if (chance(30))
			add_u32(r, KSRTP_A_FLOW_MAX_SSRCS, 1 + rnd(1024));
		if (chance(20))
			add_u32(r, KSRTP_A_FLOW_SSRC_IDLE_MS, rnd(60000));
	}
	switch (rnd(10)) {
	case 0: case 1: case 2:
		add_flag(r, KSRTP_A_FLOW_RTCP_MUX);
		break;
	case 3:
		add_flag(r, KSRTP_A_FLOW_RTCP);
		break;
	}
	if (dir == KSRTP_DIR_RX && chance(30))
		add_u32(r, KSRTP_A_FLOW_REPLAY_WINDOW,
			KSRTP_REPLAY_WINDOW_MIN +
			rnd(KSRTP_REPLAY_WINDOW_MAX - KSRTP_REPLAY_WINDOW_MIN + 1));
	if (chance(15))
		add_flag(r, KSRTP_A_FLOW_RESET_ROC);
	/* the *_HMAC_SHA1_32 suites: 4 (libre) or the default 10 */
	if ((suite == KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 ||
	     suite == KSRTP_SUITE_AES_256_CM_HMAC_SHA1_32) && chance(40))
		add_u8(r, KSRTP_A_FLOW_SRTCP_TAG_LEN, chance(70) ? 4 : 10);
	if (chance(25))
		add_u32(r, KSRTP_A_FLOW_GRACE_MS, rnd(10000));
	if (chance(15))
		add_u32(r, KSRTP_A_FLOW_GRACE_PACKETS, rnd(1000));
	if (chance(15)) {
		uint64_t lt = 1 + rnd64() % (1ULL << 48);

		add_u64(r, KSRTP_A_FLOW_LIFETIME, lt);
		if (chance(50))
			add_u64(r, KSRTP_A_FLOW_SOFT_LIFETIME, 1 + rnd64() % lt);
	} else if (chance(8)) {
		add_u64(r, KSRTP_A_FLOW_SOFT_LIFETIME, 1 + rnd(1 << 20));
	}
}

static void key_mat(struct req *r, const struct mflow *f)
{
	uint32_t s = f ? f->suite : 1 + rnd(7);

	set_key(r, KSRTP_A_KEY_MASTER_KEY, suite_key_len(s));
	set_key(r, KSRTP_A_KEY_MASTER_SALT, suite_salt_len(s));
}

static const struct mkey *pick_key(const struct mflow *f, int noncurrent)
{
	const struct mkey *c[MAXK];
	int n = 0;

	for (int i = 0; i < f->nkeys; i++)
		if (!noncurrent || f->keys[i].slot != KSRTP_KEY_SLOT_CURRENT)
			c[n++] = &f->keys[i];
	return n ? c[rnd(n)] : NULL;
}

static void gen_key_new(struct req *r, const struct snap *s)
{
	const struct mflow *f = pick_flow(s);

	add_u32(r, KSRTP_A_KEY_FLOW_ID, f ? f->id : bad_id(s));
	key_mat(r, f);
	if (f && f->mki_len) {
		const struct mkey *k = chance(25) ? pick_key(f, 0) : NULL;

		if (k && k->mki_len == f->mki_len)
			add(r, KSRTP_A_KEY_MKI, k->mki, k->mki_len);
		else
			add(r, KSRTP_A_KEY_MKI, NULL, f->mki_len);
		if (chance(35))
			add_flag(r, KSRTP_A_KEY_USE);
		else if (chance(10))
			add_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_CURRENT);
	} else {
		int p = rnd(100);

		if (p < 40) {
			add_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_CURRENT);
		} else if (p < 70) {
			add_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_NEXT);
		} else {
			const struct mkey *k = f && chance(25) ? pick_key(f, 1) : NULL;

			add_u64(r, KSRTP_A_KEY_FROM_INDEX,
				k && k->has_from ? k->from : rnd(1 << 20));
		}
	}
	if (chance(15)) {
		uint64_t lt = 1 + rnd64() % (1ULL << 48);

		add_u64(r, KSRTP_A_KEY_LIFETIME, lt);
		if (chance(50))
			add_u64(r, KSRTP_A_KEY_SOFT_LIFETIME, 1 + rnd64() % lt);
	}
}

static void gen_key_del(struct req *r, const struct snap *s)
{
	const struct mflow *f = pick_flow(s);
	const struct mkey *k;

	add_u32(r, KSRTP_A_KEY_FLOW_ID, f ? f->id : bad_id(s));
	if (!f) {
		add_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_NEXT);
		return;
	}
	k = pick_key(f, chance(90));
	if (f->mki_len) {
		if (k && k->mki_len)
			add(r, KSRTP_A_KEY_MKI, k->mki, k->mki_len);
		else
			add(r, KSRTP_A_KEY_MKI, NULL, f->mki_len);
		return;
	}
	if (!k)
		add_u8(r, KSRTP_A_KEY_SLOT, chance(50) ? KSRTP_KEY_SLOT_NEXT :
						   KSRTP_KEY_SLOT_PREVIOUS);
	else if (k->has_from)
		add_u64(r, KSRTP_A_KEY_FROM_INDEX, k->from);
	else
		add_u8(r, KSRTP_A_KEY_SLOT, k->slot);
}

static void gen_key_use(struct req *r, const struct snap *s)
{
	const struct mflow *c[MAXF], *f;
	const struct mkey *k;
	int n = 0;

	for (int i = 0; i < s->nflows; i++)
		if (s->f[i].mki_len)
			c[n++] = &s->f[i];
	f = n && chance(85) ? c[rnd(n)] : pick_flow(s);
	add_u32(r, KSRTP_A_KEY_FLOW_ID, f ? f->id : bad_id(s));
	k = f ? pick_key(f, 0) : NULL;
	if (k && k->mki_len)
		add(r, KSRTP_A_KEY_MKI, k->mki, k->mki_len);
	else
		add(r, KSRTP_A_KEY_MKI, NULL, f && f->mki_len ? f->mki_len : 1 + (int)rnd(4));
}

static void gen_flow_id(struct req *r, const struct snap *s)
{
	const struct mflow *f = chance(85) ? pick_flow(s) : NULL;

	add_u32(r, KSRTP_A_FLOW_ID, f ? f->id : bad_id(s));
}

static void gen_guard(struct req *r, const struct snap *s, int existing)
{
	uint8_t dir = 1 + rnd(2);
	uint16_t min = 5000 + rnd(10), max = min + rnd(4);

	if (existing && s->nguards && chance(80)) {
		const struct mguard *g = &s->g[rnd(s->nguards)];

		dir = g->dir;
		min = g->min;
		max = g->max;
	}
	add_u8(r, KSRTP_A_GUARD_DIR, dir);
	add_be16(r, KSRTP_A_GUARD_PORT_MIN, min);
	add_be16(r, KSRTP_A_GUARD_PORT_MAX, max);
}

/* A guard-new for a range the netns does not have yet, if there is one. */
static void gen_fresh_guard(struct req *r, const struct snap *s)
{
	uint32_t start = rnd(80);

	req_init(r, K_GUARD_NEW);
	for (uint32_t c = 0; c < 80; c++) {
		uint32_t x = (start + c) % 80;
		uint8_t dir = 1 + x / 40;
		uint16_t min = 5000 + x % 40 / 4, max = min + x % 4;
		int have = 0;

		for (int i = 0; i < s->nguards && !have; i++)
			have = s->g[i].dir == dir && s->g[i].min == min &&
			       s->g[i].max == max;
		if (have && c < 79)
			continue;
		add_u8(r, KSRTP_A_GUARD_DIR, dir);
		add_be16(r, KSRTP_A_GUARD_PORT_MIN, min);
		add_be16(r, KSRTP_A_GUARD_PORT_MAX, max);
		return;
	}
}

static void gen_valid(struct req *r, int kind, const struct snap *s);

/*
 * Fill one flow with keys, up to KSRTP_MAX_KEYS and past it (ENOSPC): an
 * MKI flow on local port 5100 with new MKIs, a flow without MKI on 5101
 * with keys by index. The flow is made first if the netns lacks it.
 */
static void gen_key_fill(struct req *r, const struct snap *s, int mki, int step)
{
	uint16_t port = mki ? 5100 : 5101;
	const struct mflow *f = NULL;

	for (int i = 0; i < s->nflows; i++)
		if (s->f[i].lport == port && !!s->f[i].mki_len == mki)
			f = &s->f[i];
	if (!f) {
		gen_valid(r, K_FLOW_NEW, s);
		del_type(r, KSRTP_A_FLOW_MKI);
		if (mki)
			add(r, KSRTP_A_FLOW_MKI, NULL, 1 + rnd(KSRTP_MKI_MAX_LEN));
		set_be16(r, KSRTP_A_FLOW_LOCAL_PORT, port);
		note(r, "key fill: the flow");
		return;
	}
	req_init(r, K_KEY_NEW);
	add_u32(r, KSRTP_A_KEY_FLOW_ID, f->id);
	key_mat(r, f);
	if (mki) {
		add(r, KSRTP_A_KEY_MKI, NULL, f->mki_len);
		if (chance(30))
			add_flag(r, KSRTP_A_KEY_USE);
	} else {
		add_u64(r, KSRTP_A_KEY_FROM_INDEX, 1000 * (step + 1) + rnd(1000));
	}
	note(r, "key fill %d", step);
}

static void gen_valid(struct req *r, int kind, const struct snap *s)
{
	req_init(r, kind);
	switch (kind) {
	case K_FLOW_NEW: gen_flow_new(r); break;
	case K_FLOW_DEL: case K_FLOW_GET: gen_flow_id(r, s); break;
	case K_FLOW_SET:
		/* what flow-set may change: the remote would need the flow's */
		gen_flow_id(r, s);
		add_u32(r, KSRTP_A_FLOW_GRACE_MS, rnd(5000));
		if (chance(50))
			add_u32(r, KSRTP_A_FLOW_GRACE_PACKETS, rnd(100));
		break;
	case K_KEY_NEW: gen_key_new(r, s); break;
	case K_KEY_DEL: gen_key_del(r, s); break;
	case K_KEY_USE: gen_key_use(r, s); break;
	case K_GUARD_NEW: gen_guard(r, s, chance(15)); break;
	case K_GUARD_DEL: case K_GUARD_GET: gen_guard(r, s, 1); break;
	default: break;	/* flush, stats-get, dumps: no attributes */
	}
	if (r->n > 1 && chance(15)) {
		for (int i = r->n - 1; i > 0; i--) {
			int j = rnd(i + 1);
			struct attr t = r->a[i];

			r->a[i] = r->a[j];
			r->a[j] = t;
		}
	}
}

/* ------------------------------------------------------------------ */
/* mutations */

static const uint8_t u8_vals[] = { 0, 1, 2, 3, 4, 5, 6, 0x7f, 0x80, 0xfe, 0xff };
static const uint16_t u16_vals[] = { 0, 1, 2, 3, 10, 1023, 5000, 5001, 6000,
				     0x7fff, 0x8000, 0x8813, 0xfffe, 0xffff };
static const uint32_t u32_vals[] = { 0, 1, 2, 7, 8, 63, 64, 65, 127, 128, 1023,
				     1024, 1025, 32767, 32768, 32769, 65535,
				     65536, 0x7fffffff, 0x80000000, 0xfffffffe,
				     0xffffffff };
static const uint64_t u64_vals[] = {
	0, 1, 2, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 0x100000000ULL,
	(1ULL << 48) - 2, (1ULL << 48) - 1, 1ULL << 48, (1ULL << 48) + 1,
	(1ULL << 63) - 1, 1ULL << 63, ~0ULL - 1, ~0ULL,
};
static const int int_lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16 };
static const int addr_lens[] = { 0, 1, 2, 3, 4, 5, 8, 12, 15, 16, 17, 20, 32 };
static const int mki_lens[] = { 0, 1, 4, 5, 8, 16, 64, 128, 255, 256, 257,
				259, 260, 261, 300 };

static int pick_len(const struct adesc *ad)
{
	switch (ad->t) {
	case A_U8: case A_U16: case A_BE16: case A_U32: case A_U64: case A_UINT:
		return PICK(int_lens);
	case A_FLAG:
		return 1 + rnd(8);
	case A_BIN:
		switch (ad->role) {
		case R_ADDR: return PICK(addr_lens);
		case R_KEY: case R_SALT: return rnd(41);
		case R_MKI: return chance(50) ? (int)rnd(7) :
				   chance(70) ? PICK(mki_lens) : (int)rnd(301);
		}
		return rnd(65);
	default:
		return rnd(65);
	}
}

static int natural_len(const struct adesc *ad)
{
	switch (ad->t) {
	case A_U8: return 1;
	case A_U16: case A_BE16: return 2;
	case A_U32: return 4;
	case A_U64: case A_UINT: return 8;
	case A_FLAG: return 0;
	case A_BIN:
		switch (ad->role) {
		case R_ADDR: return chance(50) ? 4 : 16;
		case R_KEY: return chance(50) ? 16 : 32;
		case R_SALT: return chance(50) ? 12 : 14;
		case R_MKI: return 1 + rnd(4);
		}
		return rnd(17);
	default:
		return rnd(33);
	}
}

/* A value for an attribute of its own size (or random bytes). */
static void pick_value(struct attr *a, const struct adesc *ad)
{
	uint8_t v[8];
	int n;

	switch (ad->t) {
	case A_U8:
		v[0] = chance(70) ? PICK(u8_vals) : (uint8_t)rnd64();
		n = 1;
		break;
	case A_U16: {
		uint16_t x = chance(70) ? PICK(u16_vals) : (uint16_t)rnd64();

		memcpy(v, &x, 2);
		n = 2;
		break;
	}
	case A_BE16: {
		uint16_t x = htons(chance(70) ? PICK(u16_vals) : (uint16_t)rnd64());

		memcpy(v, &x, 2);
		n = 2;
		break;
	}
	case A_U32: {
		uint32_t x = chance(70) ? PICK(u32_vals) : (uint32_t)rnd64();

		memcpy(v, &x, 4);
		n = 4;
		break;
	}
	case A_U64: case A_UINT: {
		uint64_t x = chance(70) ? PICK(u64_vals) : rnd64();

		memcpy(v, &x, 8);
		n = 8;
		break;
	}
	default:
		switch (rnd(3)) {
		case 0: memset(a->d, 0, a->len); break;
		case 1: memset(a->d, 0xff, a->len); break;
		default: rnd_bytes(a->d, a->len); break;
		}
		return;
	}
	/* the value in the attribute's current length, little endian cut */
	if (a->len <= n) {
		memcpy(a->d, v, a->len);
	} else {
		memcpy(a->d, v, n);
		rnd_bytes(a->d + n, a->len - n);
	}
}

/* A nest of garbage: random attributes, some nested again. */
static int garbage_nest(uint8_t *d, int cap, int depth)
{
	int off = 0, n = rnd(7);

	for (int i = 0; i < n; i++) {
		struct nlattr *na = (struct nlattr *)(d + off);
		int len, tot;

		if (off + NLA_HDRLEN + 40 > cap)
			break;
		na->nla_type = (uint16_t)(rnd(30) | (chance(20) ? NLA_F_NESTED : 0));
		if (depth < 3 && chance(25)) {
			na->nla_type |= NLA_F_NESTED;
			len = garbage_nest(d + off + NLA_HDRLEN,
					   cap - off - NLA_HDRLEN - 4, depth + 1);
		} else {
			len = chance(50) ? (int)PICK(int_lens) : (int)rnd(33);
			rnd_bytes(d + off + NLA_HDRLEN, len);
		}
		tot = NLA_HDRLEN + len;
		na->nla_len = (uint16_t)tot;
		if (chance(5))
			na->nla_len = (uint16_t)rnd(tot + 8);	/* bad inner length */
		memset(d + off + tot, 0, NLA_ALIGN(tot) - tot);
		off += NLA_ALIGN(tot);
	}
	if (chance(10) && off + 3 <= cap) {	/* trailing junk in the nest */
		int t = 1 + rnd(3);

		rnd_bytes(d + off, t);
		off += t;
	}
	return off;
}

static uint16_t rand_type(const struct req *r)
{
	uint16_t t;

	switch (rnd(10)) {
	case 0: t = 0; break;
	case 1: t = (uint16_t)rnd(0x4000); break;
	case 2: t = (uint16_t)(sets[r->set].max + 1 + rnd(3)); break;
	default: t = (uint16_t)(1 + rnd(sets[r->set].max)); break;
	}
	if (chance(8))
		t |= NLA_F_NESTED;
	if (chance(4))
		t |= NLA_F_NET_BYTEORDER;
	return t;
}

static void add_random_attr(struct req *r)
{
	uint16_t t = rand_type(r);
	const struct adesc *ad = adesc_of(r->set, t);
	struct attr *a;

	if (ad->t == A_NEST || (t & NLA_F_NESTED && chance(60))) {
		uint8_t d[ALEN_MAX];
		int len = garbage_nest(d, 256, 0);

		add(r, t, d, len);
		note(r, "extra nest %s/%d", aname(r, t), len);
		return;
	}
	a = add(r, t, NULL, chance(60) ? natural_len(ad) : (int)rnd(41));
	if (a && chance(50))
		pick_value(a, ad);
	if (a)
		note(r, "extra %s/%u", aname(r, t), a->len);
}

static void mut_len(struct req *r, int i)
{
	struct attr *a = &r->a[i];
	const struct adesc *ad = adesc_of(r->set, a->type);
	int old = a->len, len = pick_len(ad);

	if (len > ALEN_MAX)
		len = ALEN_MAX;
	if (len > old) {
		if (ad->role == R_KEY || ad->role == R_SALT)
			key_bytes(a->d + old, len - old);
		else
			rnd_bytes(a->d + old, len - old);
	}
	a->len = (uint16_t)len;
	note(r, "len %s %d->%d", aname(r, a->type), old, len);
}

static void mut_type(struct req *r, int i)
{
	struct attr *a = &r->a[i];
	uint16_t old = a->type;

	switch (rnd(5)) {
	case 0: a->type ^= NLA_F_NESTED; break;
	case 1: a->type ^= NLA_F_NET_BYTEORDER; break;
	default: a->type = rand_type(r); break;
	}
	note(r, "type %s(0x%x)->%s(0x%x)", aname(r, old), old,
	     aname(r, a->type), a->type);
}

static void mut_value(struct req *r, int i)
{
	struct attr *a = &r->a[i];

	pick_value(a, adesc_of(r->set, a->type));
	note(r, "value %s", aname(r, a->type));
}

static void mut_dup(struct req *r, int i)
{
	int at;

	if (r->n >= NATTR_MAX)
		return;
	at = rnd(r->n + 1);
	memmove(&r->a[at + 1], &r->a[at], (r->n - at) * sizeof(r->a[0]));
	r->n++;
	if (i >= at)
		i++;
	r->a[at] = r->a[i];
	if (r->bad_idx >= at)
		r->bad_idx++;
	if (chance(50)) {
		pick_value(&r->a[at], adesc_of(r->set, r->a[at].type));
		note(r, "dup %s other value", aname(r, r->a[at].type));
	} else {
		note(r, "dup %s", aname(r, r->a[at].type));
	}
}

static void mut_nest(struct req *r, int i)
{
	uint8_t d[ALEN_MAX];
	int len = garbage_nest(d, 300, 0);

	if (i >= 0 && chance(50)) {
		struct attr *a = &r->a[i];

		memcpy(a->d, d, len);
		a->len = (uint16_t)len;
		if (chance(60))
			a->type |= NLA_F_NESTED;
		note(r, "garbage nest in %s/%d", aname(r, a->type), len);
		return;
	}
	{
		static const uint16_t flow_nests[] = { KSRTP_A_FLOW_STATS,
			KSRTP_A_FLOW_STREAM, KSRTP_A_FLOW_KEY };
		uint16_t t = r->set == S_FLOW && chance(60) ? PICK(flow_nests) :
			     r->set == S_NETNS && chance(60) ? KSRTP_A_NETNS_STATS :
			     rand_type(r);

		t |= chance(80) ? NLA_F_NESTED : 0;
		add(r, t, d, len);
		note(r, "garbage nest %s/%d", aname(r, t), len);
	}
}

static void mut_cmd(struct req *r)
{
	static const uint8_t odd[] = { 0, KSRTP_CMD_KEY_EVENT, KSRTP_CMD_MAX + 1,
				       KSRTP_CMD_MAX + 2, 0x7f, 0xff };
	uint8_t old = r->cmd;

	if (chance(85))
		r->cmd = kinds[rnd(K_NREQ)].cmd;
	else
		r->cmd = PICK(odd);
	note(r, "cmd %s->%s", cmd_name(old), cmd_name(r->cmd));
}

static void mut_hdr(struct req *r)
{
	static const uint16_t junk[] = { NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC,
		NLM_F_REPLACE | NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND,
		NLM_F_ECHO, NLM_F_MULTI, NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED,
		0x1000, 0x8000 };
	int p = rnd(100);

	if (p < 40) {
		r->flags ^= NLM_F_DUMP;
		note(r, "flags ^= NLM_F_DUMP");
	} else if (p < 70) {
		uint16_t j = PICK(junk);

		r->flags |= j;
		note(r, "flags |= 0x%x", j);
	} else if (p < 80) {
		r->reserved = (uint16_t)(1 + rnd(0xffff));
		note(r, "genl reserved 0x%x", r->reserved);
	} else if (p < 95) {
		r->version = (uint8_t)rnd(256);
		note(r, "genl version %u", r->version);
	} else {
		r->flags &= ~NLM_F_REQUEST;
		note(r, "no NLM_F_REQUEST");
	}
}

static void mut_raw(struct req *r)
{
	int p = rnd(100);

	if (p < 45 && r->n) {
		int i = rnd(r->n), tot = NLA_HDRLEN + r->a[i].len;
		static const int d[] = { -4, -3, -1, 1, 3, 4, 8, 100 };

		switch (rnd(3)) {
		case 0: r->bad_len = (uint16_t)rnd(NLA_HDRLEN); break;
		case 1: r->bad_len = 0xffff; break;
		default: r->bad_len = (uint16_t)(tot + PICK(d)); break;
		}
		r->bad_idx = i;
		note(r, "nla_len of %s %d->%u", aname(r, r->a[i].type), tot,
		     r->bad_len);
	} else if (p < 70) {
		r->trail = 1 + rnd(3);
		rnd_bytes(r->trail_b, r->trail);
		note(r, "%d trailing bytes", r->trail);
	} else if (p < 90 && r->n) {
		r->cut = 1 + rnd(NLA_HDRLEN + r->a[r->n - 1].len);
		note(r, "cut %d bytes", r->cut);
	} else {
		r->pad = (uint8_t)(1 + rnd(255));
		note(r, "padding 0x%02x", r->pad);
	}
}

/* Semantic mutations: what the handlers check, per command. */
static void sem_flow_new(struct req *r, const struct snap *s)
{
	static const uint16_t fams[] = { 0, 1, 3, AF_INET, AF_INET6, 11, 0x0200,
					 0x0a00, 0xffff };
	static const uint32_t wins[] = { 0, 1, 63, 64, 65, 32767, 32768, 32769,
					 65536, 0xffffffff };
	static const uint32_t suites[] = { 0, 8, 9, 255, 0xffffffff, 1, 2, 3,
					   4, 5, 6, 7 };
	int di = find(r, KSRTP_A_FLOW_DIR);
	uint8_t dir = di >= 0 && r->a[di].len ? r->a[di].d[0] : KSRTP_DIR_RX;

	(void)s;
	switch (rnd(23)) {
	case 0: {
		uint16_t f = PICK(fams);

		set_u16(r, KSRTP_A_FLOW_FAMILY, f);
		note(r, "family %u", f);
		break;
	}
	case 1: {
		int l = PICK(addr_lens);

		set_attr(r, KSRTP_A_FLOW_LOCAL_ADDR, NULL, l);
		note(r, "local-addr len %d", l);
		break;
	}
	case 2: {
		int l = PICK(addr_lens);

		set_attr(r, KSRTP_A_FLOW_REMOTE_ADDR, NULL, l);
		if (find(r, KSRTP_A_FLOW_REMOTE_PORT) < 0)
			add_be16(r, KSRTP_A_FLOW_REMOTE_PORT, 6000);
		note(r, "remote-addr len %d", l);
		break;
	}
	case 3: {
		int l = rnd(41);

		set_key(r, KSRTP_A_FLOW_MASTER_KEY, l);
		note(r, "master-key len %d", l);
		break;
	}
	case 4: {
		int l = rnd(41);

		set_key(r, KSRTP_A_FLOW_MASTER_SALT, l);
		note(r, "master-salt len %d", l);
		break;
	}
	case 5: {
		int l = chance(50) ? PICK(mki_lens) : (int)rnd(301);

		set_attr(r, KSRTP_A_FLOW_MKI, NULL, l);
		note(r, "mki len %d", l);
		break;
	}
	case 6:
		set_be16(r, KSRTP_A_FLOW_LOCAL_PORT, 0);
		note(r, "local-port 0");
		break;
	case 7:
		if (find(r, KSRTP_A_FLOW_REMOTE_ADDR) < 0)
			add(r, KSRTP_A_FLOW_REMOTE_ADDR, v4a[1], 4);
		set_be16(r, KSRTP_A_FLOW_REMOTE_PORT, 0);
		note(r, "remote-port 0");
		break;
	case 8:
		if (chance(50)) {
			del_type(r, KSRTP_A_FLOW_REMOTE_ADDR);
			if (find(r, KSRTP_A_FLOW_REMOTE_PORT) < 0)
				add_be16(r, KSRTP_A_FLOW_REMOTE_PORT, 6000);
			note(r, "remote-port without remote-addr");
		} else {
			del_type(r, KSRTP_A_FLOW_REMOTE_PORT);
			if (find(r, KSRTP_A_FLOW_REMOTE_ADDR) < 0)
				add(r, KSRTP_A_FLOW_REMOTE_ADDR, v4a[1], 4);
			note(r, "remote-addr without remote-port");
		}
		break;
	case 9:
		set_u8(r, KSRTP_A_FLOW_DIR, KSRTP_DIR_TX);
		del_type(r, KSRTP_A_FLOW_REMOTE_ADDR);
		del_type(r, KSRTP_A_FLOW_REMOTE_PORT);
		del_type(r, KSRTP_A_FLOW_REPLAY_WINDOW);
		note(r, "tx without remote");
		break;
	case 10:
		set_attr(r, KSRTP_A_FLOW_RTCP_MUX, NULL, 0);
		set_attr(r, KSRTP_A_FLOW_RTCP, NULL, 0);
		note(r, "rtcp-mux and rtcp");
		break;
	case 11:
		set_u32(r, KSRTP_A_FLOW_SSRC, (uint32_t)rnd64());
		set_u32(r, KSRTP_A_FLOW_MAX_SSRCS, 1 + rnd(1024));
		note(r, "ssrc and max-ssrcs");
		break;
	case 12:
		del_type(r, KSRTP_A_FLOW_SSRC);
		set_u32(r, KSRTP_A_FLOW_ROC, rnd(5));
		note(r, "roc without ssrc");
		break;
	case 13:
		if (chance(40)) {
			set_u8(r, KSRTP_A_FLOW_DIR, KSRTP_DIR_TX);
			if (find(r, KSRTP_A_FLOW_REMOTE_ADDR) < 0) {
				int fi = find(r, KSRTP_A_FLOW_FAMILY);
				int v6 = fi >= 0 && r->a[fi].len == 2 &&
					 r->a[fi].d[0] == AF_INET6;

				add(r, KSRTP_A_FLOW_REMOTE_ADDR, v6 ? v6a[1] : v4a[1],
				    v6 ? 16 : 4);
				add_be16(r, KSRTP_A_FLOW_REMOTE_PORT, 6000);
			}
			set_u32(r, KSRTP_A_FLOW_REPLAY_WINDOW, 128);
			note(r, "replay-window on tx");
		} else {
			uint32_t w = PICK(wins);

			set_u32(r, KSRTP_A_FLOW_REPLAY_WINDOW, w);
			note(r, "replay-window %u (dir %u)", w, dir);
		}
		break;
	case 14: {
		uint64_t h = PICK(u64_vals), l = PICK(u64_vals);

		switch (rnd(3)) {
		case 0:
			set_u64(r, KSRTP_A_FLOW_LIFETIME, h);
			note(r, "lifetime %" PRIu64, h);
			break;
		case 1:
			set_u64(r, KSRTP_A_FLOW_SOFT_LIFETIME, l);
			note(r, "soft-lifetime %" PRIu64, l);
			break;
		default:
			set_u64(r, KSRTP_A_FLOW_LIFETIME, h);
			set_u64(r, KSRTP_A_FLOW_SOFT_LIFETIME, l);
			note(r, "lifetime %" PRIu64 " soft %" PRIu64, h, l);
			break;
		}
		break;
	}
	case 15: {
		static const uint16_t fl[] = { KSRTP_A_FLOW_RTCP_MUX,
			KSRTP_A_FLOW_RTCP, KSRTP_A_FLOW_RESET_ROC };
		uint16_t t = PICK(fl);
		int l = 1 + rnd(8);

		set_attr(r, t, NULL, l);
		note(r, "flag %s with %d bytes", aname(r, t), l);
		break;
	}
	case 16: {
		static const uint32_t m[] = { 0, 1, 1024, 1025, 0xffffffff };
		uint32_t v = PICK(m);

		del_type(r, KSRTP_A_FLOW_SSRC);
		del_type(r, KSRTP_A_FLOW_ROC);
		set_u32(r, KSRTP_A_FLOW_MAX_SSRCS, v);
		note(r, "max-ssrcs %u", v);
		break;
	}
	case 17: {
		uint32_t v = PICK(suites);

		set_u32(r, KSRTP_A_FLOW_SUITE, v);
		note(r, "suite %u", v);
		break;
	}
	case 18: {
		static const uint8_t d[] = { 0, 3, 4, 0x81, 0xff };
		uint8_t v = PICK(d);

		set_u8(r, KSRTP_A_FLOW_DIR, v);
		note(r, "dir %u", v);
		break;
	}
	case 19: {
		static const uint16_t t[] = { KSRTP_A_FLOW_GRACE_MS,
			KSRTP_A_FLOW_GRACE_PACKETS, KSRTP_A_FLOW_SSRC_IDLE_MS };
		uint16_t a = PICK(t);
		uint32_t v = PICK(u32_vals);

		set_u32(r, a, v);
		note(r, "%s %u", aname(r, a), v);
		break;
	}
	case 20: {
		/* the family twice: which one counts? */
		int fi = find(r, KSRTP_A_FLOW_FAMILY);
		uint16_t f = fi >= 0 && r->a[fi].len == 2 &&
			     r->a[fi].d[0] == AF_INET ? AF_INET6 : AF_INET;

		add_u16(r, KSRTP_A_FLOW_FAMILY, f);
		note(r, "second family %u", f);
		break;
	}
	case 21:
		set_u32(r, KSRTP_A_FLOW_SSRC, (uint32_t)rnd64());
		set_u32(r, KSRTP_A_FLOW_SSRC_IDLE_MS, rnd(100000));
		note(r, "ssrc-idle-ms on a pinned flow");
		break;
	default: {
		/* swap the address family, keep the addresses */
		int fi = find(r, KSRTP_A_FLOW_FAMILY);

		if (fi >= 0 && r->a[fi].len == 2) {
			uint16_t f;

			memcpy(&f, r->a[fi].d, 2);
			f = f == AF_INET ? AF_INET6 : AF_INET;
			memcpy(r->a[fi].d, &f, 2);
			note(r, "family swapped to %u", f);
		}
		break;
	}
	}
}

static const struct mflow *flow_of(const struct req *r, const struct snap *s,
				   uint16_t idattr)
{
	int i = find(r, idattr);
	uint32_t id;

	if (i < 0 || r->a[i].len != 4)
		return NULL;
	memcpy(&id, r->a[i].d, 4);
	for (int j = 0; j < s->nflows; j++)
		if (s->f[j].id == id)
			return &s->f[j];
	return NULL;
}

static void sem_key(struct req *r, const struct snap *s, int kind)
{
	const struct mflow *f = flow_of(r, s, KSRTP_A_KEY_FLOW_ID);
	int n = kind == K_KEY_NEW ? 14 : kind == K_KEY_DEL ? 9 : 6;

	switch (rnd(n)) {
	case 0: {
		uint32_t id = bad_id(s);

		set_u32(r, KSRTP_A_KEY_FLOW_ID, id);
		note(r, "flow-id %u", id);
		break;
	}
	case 1: {
		/* another flow, maybe of another suite or MKI length */
		const struct mflow *o = pick_flow(s);

		if (o) {
			set_u32(r, KSRTP_A_KEY_FLOW_ID, o->id);
			note(r, "flow-id of flow %u (suite %u mki %d)", o->id,
			     o->suite, o->mki_len);
		}
		break;
	}
	case 2: {
		int l = chance(50) ? PICK(mki_lens) : (int)rnd(7);

		if (l == 0 && chance(50)) {
			del_type(r, KSRTP_A_KEY_MKI);
			note(r, "no mki");
		} else {
			set_attr(r, KSRTP_A_KEY_MKI, NULL, l);
			note(r, "mki len %d (flow mki %d)", l, f ? f->mki_len : -1);
		}
		break;
	}
	case 3: {
		static const uint8_t sl[] = { 0, 1, 2, 3, 4, 5, 6, 255 };
		uint8_t v = PICK(sl);

		set_u8(r, KSRTP_A_KEY_SLOT, v);
		note(r, "slot %u", v);
		break;
	}
	case 4: {
		uint64_t v = chance(60) ? PICK(u64_vals) : rnd(1 << 20);

		set_u64(r, KSRTP_A_KEY_FROM_INDEX, v);
		note(r, "from-index %" PRIu64, v);
		break;
	}
	case 5: {
		/* an existing key's selector */
		const struct mkey *k = f ? pick_key(f, 0) : NULL;

		if (!k)
			break;
		if (k->mki_len) {
			set_attr(r, KSRTP_A_KEY_MKI, k->mki, k->mki_len);
			note(r, "mki of a %s key", k->slot == 1 ? "current" : "standby");
		} else if (k->has_from) {
			set_u64(r, KSRTP_A_KEY_FROM_INDEX, k->from);
			note(r, "from-index of a pending key");
		} else {
			set_u8(r, KSRTP_A_KEY_SLOT, k->slot);
			note(r, "slot %u (existing)", k->slot);
		}
		break;
	}
	case 6:
		if (kind == K_KEY_DEL) {
			del_type(r, KSRTP_A_KEY_SLOT);
			del_type(r, KSRTP_A_KEY_MKI);
			del_type(r, KSRTP_A_KEY_FROM_INDEX);
			note(r, "no selector");
		} else {
			set_attr(r, KSRTP_A_KEY_USE, NULL, chance(70) ? 0 : 1 + rnd(4));
			note(r, "use (flow mki %d)", f ? f->mki_len : -1);
		}
		break;
	case 7:
		if (kind == K_KEY_DEL) {
			set_u8(r, KSRTP_A_KEY_SLOT, 1 + rnd(3));
			set_u64(r, KSRTP_A_KEY_FROM_INDEX, rnd(1 << 20));
			if (chance(50))
				set_attr(r, KSRTP_A_KEY_MKI, NULL, 1 + rnd(4));
			note(r, "two selectors");
		} else {
			set_u8(r, KSRTP_A_KEY_SLOT, chance(50) ? 1 : 2);
			set_u64(r, KSRTP_A_KEY_FROM_INDEX, rnd(1 << 20));
			note(r, "slot and from-index");
		}
		break;
	case 8:
		if (kind == K_KEY_DEL) {
			set_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_CURRENT);
			note(r, "slot current");
			break;
		}
		/* fall through */
	case 9: {
		int l = rnd(41);

		set_key(r, KSRTP_A_KEY_MASTER_KEY, l);
		note(r, "master-key len %d", l);
		break;
	}
	case 10: {
		int l = rnd(41);

		set_key(r, KSRTP_A_KEY_MASTER_SALT, l);
		note(r, "master-salt len %d", l);
		break;
	}
	case 11: {
		uint32_t other = 1 + rnd(7);

		set_key(r, KSRTP_A_KEY_MASTER_KEY, suite_key_len(other));
		set_key(r, KSRTP_A_KEY_MASTER_SALT, suite_salt_len(other));
		note(r, "key and salt of suite %u (flow suite %u)", other,
		     f ? f->suite : 0);
		break;
	}
	case 12: {
		uint64_t h = PICK(u64_vals), l = PICK(u64_vals);

		if (chance(70))
			set_u64(r, KSRTP_A_KEY_LIFETIME, h);
		if (chance(70))
			set_u64(r, KSRTP_A_KEY_SOFT_LIFETIME, l);
		note(r, "lifetime %" PRIu64 " soft %" PRIu64, h, l);
		break;
	}
	default:
		/* a next slot or from-index on an MKI flow, and vice versa */
		if (chance(50)) {
			set_u8(r, KSRTP_A_KEY_SLOT, KSRTP_KEY_SLOT_NEXT);
			note(r, "slot next");
		} else {
			set_u64(r, KSRTP_A_KEY_FROM_INDEX, rnd(100));
			note(r, "from-index");
		}
		break;
	}
}

static void sem_guard(struct req *r, const struct snap *s)
{
	static const uint16_t ports[] = { 0, 1, 4999, 5000, 5009, 65534, 65535 };

	(void)s;
	switch (rnd(6)) {
	case 0: {
		uint16_t a = 5000 + rnd(20), b = a - 1 - rnd(10);

		set_be16(r, KSRTP_A_GUARD_PORT_MIN, a);
		set_be16(r, KSRTP_A_GUARD_PORT_MAX, b);
		note(r, "port-min %u > port-max %u", a, b);
		break;
	}
	case 1: {
		uint16_t p = PICK(ports);

		set_be16(r, chance(50) ? KSRTP_A_GUARD_PORT_MIN :
			 KSRTP_A_GUARD_PORT_MAX, p);
		note(r, "port %u", p);
		break;
	}
	case 2: {
		static const uint8_t d[] = { 0, 3, 0xff };
		uint8_t v = PICK(d);

		set_u8(r, KSRTP_A_GUARD_DIR, v);
		note(r, "dir %u", v);
		break;
	}
	case 3: {
		uint16_t t = 1 + rnd(3);

		del_type(r, t);
		note(r, "no %s", aname(r, t));
		break;
	}
	case 4: {
		/* host byte order ports */
		for (uint16_t t = KSRTP_A_GUARD_PORT_MIN; t <= KSRTP_A_GUARD_PORT_MAX; t++) {
			int i = find(r, t);

			if (i >= 0 && r->a[i].len == 2) {
				uint8_t x = r->a[i].d[0];

				r->a[i].d[0] = r->a[i].d[1];
				r->a[i].d[1] = x;
			}
		}
		note(r, "ports byte-swapped");
		break;
	}
	default: {
		uint16_t p = PICK(ports);

		set_be16(r, KSRTP_A_GUARD_PORT_MIN, p);
		set_be16(r, KSRTP_A_GUARD_PORT_MAX, p);
		note(r, "port-min = port-max = %u", p);
		break;
	}
	}
}

static void sem_noattr(struct req *r, const struct snap *s)
{
	/* commands without request attributes: give them plausible ones */
	switch (rnd(3)) {
	case 0:
		add_u32(r, KSRTP_A_FLOW_ID, s->nflows ? s->f[0].id : 1);
		note(r, "attr 1 (u32)");
		break;
	case 1: {
		uint16_t t = (uint16_t)(1 + rnd(sets[r->set].max));
		const struct adesc *ad = adesc_of(r->set, t);
		struct attr *a = add(r, t, NULL, natural_len(ad));

		if (a)
			pick_value(a, ad);
		note(r, "attr %s", aname(r, t));
		break;
	}
	default:
		add_random_attr(r);
		break;
	}
}

static void sem_id(struct req *r, const struct snap *s)
{
	static const int lens[] = { 0, 1, 2, 3, 5, 8 };

	if (chance(70)) {
		uint32_t id = bad_id(s);

		set_u32(r, KSRTP_A_FLOW_ID, id);
		note(r, "id %u", id);
	} else {
		int l = PICK(lens);

		set_attr(r, KSRTP_A_FLOW_ID, NULL, l);
		note(r, "id len %d", l);
	}
}

static void mut_sem(struct req *r, const struct snap *s)
{
	switch (r->origkind) {
	case K_FLOW_NEW: sem_flow_new(r, s); break;
	case K_KEY_NEW: case K_KEY_DEL: case K_KEY_USE:
		sem_key(r, s, r->origkind);
		break;
	case K_GUARD_NEW: case K_GUARD_DEL: case K_GUARD_GET:
		sem_guard(r, s);
		break;
	case K_FLOW_DEL: case K_FLOW_GET: case K_FLOW_SET: sem_id(r, s); break;
	default: sem_noattr(r, s); break;
	}
}

static void mutate(struct req *r, const struct snap *s)
{
	int n = 1 + (chance(40) ? 1 + chance(35) : 0);

	for (int m = 0; m < n; m++) {
		int p = rnd(100), i = r->n ? (int)rnd(r->n) : -1;

		if (i < 0 && p < 55)
			p = 55 + rnd(45);
		if (p < 13)
			mut_len(r, i);
		else if (p < 20)
			mut_type(r, i);
		else if (p < 36)
			mut_value(r, i);
		else if (p < 44)
			mut_dup(r, i);
		else if (p < 55) {
			note(r, "del %s", aname(r, r->a[i].type));
			del_at(r, i);
		}
		else if (p < 63)
			add_random_attr(r);
		else if (p < 69)
			mut_nest(r, i);
		else if (p < 90)
			mut_sem(r, s);
		else if (p < 93)
			mut_cmd(r);
		else if (p < 97)
			mut_hdr(r);
		else
			mut_raw(r);
	}
}

static void gen_soup(struct req *r)
{
	int k = rnd(K_NREQ), n = rnd(13);

	req_init(r, k);
	note(r, "soup");
	for (int i = 0; i < n; i++) {
		if (chance(15)) {
			uint8_t d[ALEN_MAX];
			int len = garbage_nest(d, 200, 0);

			add(r, rand_type(r) | NLA_F_NESTED, d, len);
		} else {
			uint16_t t = rand_type(r);
			const struct adesc *ad = adesc_of(r->set, t);
			struct attr *a = add(r, t, NULL,
					     chance(50) ? natural_len(ad) : (int)rnd(41));

			if (a && chance(50))
				pick_value(a, ad);
		}
	}
	if (chance(10))
		mut_hdr(r);
	if (chance(5))
		mut_raw(r);
}

/*
 * Which command, by weight; more guard-del and less guard-new once there
 * are many guards (flush does not remove them), so that dumps stay small.
 */
static int pick_kind(const struct snap *s)
{
	int w[K_NREQ], tot = 0, x;

	for (int k = 0; k < K_NREQ; k++)
		tot += w[k] = kinds[k].weight;
	if (s->nguards > 8) {
		tot += 8 - w[K_GUARD_DEL] + 3 - w[K_GUARD_NEW];
		w[K_GUARD_DEL] = 8;
		w[K_GUARD_NEW] = 3;
	}
	x = rnd(tot);
	for (int k = 0; k < K_NREQ; k++) {
		if (x < w[k])
			return k;
		x -= w[k];
	}
	return K_STATS_GET;
}

/* ------------------------------------------------------------------ */
/* running requests */

static long n_req, n_ok, n_fail;
static long k_sent[K_NKINDS], k_ok[K_NKINDS];
static long v_sent[K_NKINDS], v_ok[K_NKINDS];	/* valid, unmodified */
static int verbose;
static uint8_t *txbuf;
static double t_req, t_snap;		/* seconds in requests, in state queries */
static long sum_flows, sum_guards;	/* for the average state size */
static double k_time[K_NKINDS][2];	/* request time per kind, ok/failed */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct hist {
	char key[200];
	long count;
};
#define HIST_MAX 1024
static struct hist hist[HIST_MAX];
static int nhist;

static void hist_add(const char *fmt, ...)
{
	char key[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(key, sizeof(key), fmt, ap);
	va_end(ap);
	for (int i = 0; i < nhist; i++)
		if (!strcmp(hist[i].key, key)) {
			hist[i].count++;
			return;
		}
	if (nhist < HIST_MAX) {
		snprintf(hist[nhist].key, sizeof(hist[nhist].key), "%s", key);
		hist[nhist++].count = 1;
	}
}

static int hist_cmp(const void *a, const void *b)
{
	const struct hist *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 :
	       strcmp(x->key, y->key);
}

static const char *errname(int err)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%d (%s)", err, err ? strerror(-err) : "ok");
	return buf;
}

static void swap_base(void)
{
	struct snap *t = base;

	base = next;
	next = t;
}

/* Checks that hold for every state. */
static void check_state(const struct snap *s, long idx)
{
	struct finding *f;

	if (leak_seen) {
		n_leak++;
		n_other++;
		f = finding("key material in the flow dump");
		fline(f, "FINDING key material (the 8-byte marker of the keys we send) in a flow dump, after request #%ld", idx);
	}
	if (s->flows.err || s->guards.err || s->stats.err) {
		n_other++;
		f = finding("state query failed: flow-get dump %d, guard-get dump %d, stats-get %d",
			    s->flows.err, s->guards.err, s->stats.err);
		fline(f, "FINDING a state query failed: flow-get dump %s, guard-get dump %d, stats-get %d (request #%ld)",
		      errname(s->flows.err), s->guards.err, s->stats.err, idx);
	}
	if (s->st_ok && !s->flows.err && !s->guards.err &&
	    (s->st_flows != (uint32_t)s->flows.nmsgs ||
	     s->st_guards != (uint32_t)s->guards.nmsgs)) {
		n_other++;
		f = finding("stats-get counts disagree with the dumps");
		fline(f, "FINDING stats-get says %u flows %u guards, the dumps have %d and %d (after request #%ld)",
		      s->st_flows, s->st_guards, s->flows.nmsgs, s->guards.nmsgs, idx);
	}
	if (s->nguards > KSRTP_MAX_GUARDS) {
		n_other++;
		f = finding("more than KSRTP_MAX_GUARDS guards");
		fline(f, "FINDING %d guards in the netns, KSRTP_MAX_GUARDS is %d (after request #%ld)",
		      s->nguards, KSRTP_MAX_GUARDS, idx);
	}
	for (int i = 0; i < s->nflows; i++) {
		const struct mflow *m = &s->f[i];
		int cur = 0;

		for (int j = 0; j < m->nkeys; j++)
			cur += m->keys[j].slot == KSRTP_KEY_SLOT_CURRENT;
		if (cur != 1 || m->nkeys > KSRTP_MAX_KEYS + 3 ||
		    (m->mki_len && m->nkeys > KSRTP_MAX_KEYS)) {
			n_other++;
			f = finding("flow with %d current keys / %d keys (mki %d)",
				    cur, m->nkeys, m->mki_len ? 1 : 0);
			fline(f, "FINDING flow %u has %d keys, %d of them current (mki length %d), after request #%ld",
			      m->id, m->nkeys, cur, m->mki_len, idx);
		}
	}
}

/* The u8 top-level attribute @type of attributes at @q (@ql bytes), or -1. */
static int top_u8(const uint8_t *q, int ql, int type)
{
	while (ql >= NLA_HDRLEN) {
		const struct nlattr *x = (const void *)q;

		if (x->nla_len < NLA_HDRLEN || x->nla_len > ql)
			break;
		if ((x->nla_type & NLA_TYPE_MASK) == type &&
		    x->nla_len >= NLA_HDRLEN + 1)
			return q[NLA_HDRLEN];
		q += NLA_ALIGN(x->nla_len);
		ql -= NLA_ALIGN(x->nla_len);
	}
	return -1;
}

/* What a successful request must have done. */
static void check_effect(const struct req *r, int kind, const struct snap *b,
			 const struct snap *a, const struct section *replies,
			 const uint8_t *msg, size_t len, long idx)
{
	char why[160] = "";
	struct finding *f;

	if (!(r->flags & NLM_F_REQUEST))
		return;
	switch (kind) {
	case K_FLOW_NEW: {
		const uint8_t *p;
		uint32_t id = 0, plen;
		int have = 0, found = 0;

		FOR_MSG(replies, p, plen) {
			const uint8_t *q = p + GENL_HDRLEN;
			int ql = (int)plen - GENL_HDRLEN;

			while (ql >= NLA_HDRLEN) {
				const struct nlattr *x = (const void *)q;

				if (x->nla_len < NLA_HDRLEN || x->nla_len > ql)
					break;
				if ((x->nla_type & NLA_TYPE_MASK) == KSRTP_A_FLOW_ID &&
				    x->nla_len == NLA_HDRLEN + 4) {
					memcpy(&id, q + NLA_HDRLEN, 4);
					have = 1;
				}
				q += NLA_ALIGN(x->nla_len);
				ql -= NLA_ALIGN(x->nla_len);
			}
		}
		for (int i = 0; i < a->nflows; i++)
			found |= a->f[i].id == id;
		for (int i = 0; i < b->nflows; i++)
			found &= b->f[i].id != id;
		if (!have)
			snprintf(why, sizeof(why), "the reply has no id");
		else if (a->flows.nmsgs != b->flows.nmsgs + 1 || !found)
			snprintf(why, sizeof(why), "flows %d -> %d, new id %u %s",
				 b->flows.nmsgs, a->flows.nmsgs, id,
				 found ? "found" : "not found as a new flow");
		break;
	}
	case K_FLOW_DEL:
		if (a->flows.nmsgs != b->flows.nmsgs - 1)
			snprintf(why, sizeof(why), "flows %d -> %d",
				 b->flows.nmsgs, a->flows.nmsgs);
		break;
	case K_FLUSH: {
		/* with dir, the flows of that direction; else all */
		int dir = len > NLMSG_HDRLEN + GENL_HDRLEN ?
			  top_u8(msg + NLMSG_HDRLEN + GENL_HDRLEN,
				 (int)len - NLMSG_HDRLEN - GENL_HDRLEN,
				 KSRTP_A_FLOW_DIR) : -1;
		const uint8_t *p;
		uint32_t plen;
		int left = 0;

		FOR_MSG(&a->flows, p, plen)
			left += dir < 0 ||
				top_u8(p + GENL_HDRLEN, (int)plen - GENL_HDRLEN,
				       KSRTP_A_FLOW_DIR) == dir;
		if (left)
			snprintf(why, sizeof(why), "flows %d -> %d (dir %d)",
				 b->flows.nmsgs, a->flows.nmsgs, dir);
		break;
	}
	case K_GUARD_NEW:
		if (a->guards.nmsgs != b->guards.nmsgs + 1)
			snprintf(why, sizeof(why), "guards %d -> %d",
				 b->guards.nmsgs, a->guards.nmsgs);
		break;
	case K_GUARD_DEL:
		if (a->guards.nmsgs != b->guards.nmsgs - 1)
			snprintf(why, sizeof(why), "guards %d -> %d",
				 b->guards.nmsgs, a->guards.nmsgs);
		break;
	case K_KEY_DEL:
		if (a->nkeys_total != b->nkeys_total - 1 ||
		    a->flows.nmsgs != b->flows.nmsgs)
			snprintf(why, sizeof(why), "keys %d -> %d",
				 b->nkeys_total, a->nkeys_total);
		break;
	case K_FLOW_GET: case K_GUARD_GET: case K_STATS_GET:
		if (!replies->nmsgs)
			snprintf(why, sizeof(why), "no reply message");
		break;
	}
	if (!why[0])
		return;
	n_other++;
	f = finding("%s succeeded without its effect", kinds[kind].name);
	fline(f, "FINDING %s succeeded (request #%ld) but %s", kinds[kind].name,
	      idx, why);
	fline_req(f, r, msg, len, 12);
}

static int exempt(uint8_t cmd, int dump, const struct txn *t)
{
	/* the genetlink core's answer for an op the family does not have */
	return t->err == -EOPNOTSUPP && !t->has_msg &&
	       !(ops_cap[cmd] & (dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO));
}

/* Send one request, take the state after it, check. -1: no answer. */
static int run_one(struct req *r, long idx)
{
	static struct section replies;
	size_t len = build_msg(r, txbuf, famid, seqno);
	int kind = classify(r->cmd, r->flags);
	int dump = (r->flags & NLM_F_DUMP) == NLM_F_DUMP;
	int ro = kinds[kind].ro || !(r->flags & NLM_F_REQUEST);
	struct txn t = { .seq = seqno++, .sec = &replies };
	struct finding *f;

	double t0 = now(), t1;

	t.type = dump ? T_DUMP : T_ACK;
	sec_reset(&replies);
	sum_flows += base->nflows;
	sum_guards += base->nguards;
	if (nl_send(sk_req, txbuf, len) || txn_wait(sk_req, &t, 1)) {
		n_other++;
		f = finding("no answer to a %s request", kinds[kind].name);
		fline(f, "FINDING no answer (or a socket error) to request #%ld, %s",
		      idx, kinds[kind].name);
		fline_req(f, r, txbuf, len, 14);
		return -1;
	}
	n_req++;
	k_sent[kind]++;
	if (r->valid)
		v_sent[r->origkind]++;
	t1 = now();
	t_req += t1 - t0;
	k_time[kind][!!t.err] += t1 - t0;
	if (snap_take(next)) {
		n_other++;
		f = finding("no answer to the state queries");
		fline(f, "FINDING no answer to the state queries after request #%ld", idx);
		fline_req(f, r, txbuf, len, 14);
		return -1;
	}
	t_snap += now() - t1;
	if (t.err) {
		n_fail++;
		hist_add("%-15s %-28s %s", kinds[kind].name, errname(t.err),
			 t.has_msg ? t.msg : t.miss_type ? "(no message, missing-attribute type set)" :
			 "(no message)");
		if (t.capped_missing) {
			n_other++;
			f = finding("error ack not capped although NETLINK_CAP_ACK is set");
			fline(f, "FINDING error ack without NLM_F_CAPPED (request #%ld)", idx);
		}
		if (!snap_eq(base, next)) {
			n_mismatch++;
			f = finding("state changed by a failed %s (%s)",
				    kinds[kind].name, errname(t.err));
			fline(f, "FINDING state changed by failed request #%ld: %s, error %s, extack %s%s%s",
			      idx, kinds[kind].name, errname(t.err),
			      t.has_msg ? "\"" : "(none)", t.has_msg ? t.msg : "",
			      t.has_msg ? "\"" : "");
			fline_req(f, r, txbuf, len, 8);
			sec_diff(f, "flow dump", &base->flows, &next->flows, S_FLOW);
			sec_diff(f, "guard dump", &base->guards, &next->guards, S_GUARD);
			sec_diff(f, "stats-get", &base->stats, &next->stats, S_NETNS);
			swap_base();
			parse_model(base);
			check_state(base, idx);
		}
		if (!t.has_msg || !t.msg[0]) {
			if (exempt(r->cmd, dump, &t)) {
				n_exempt++;
			} else {
				n_noextack++;
				if (t.miss_type)
					f = finding("no extack message: %s %s (missing attribute %s)",
						    kinds[kind].name, errname(t.err),
						    aname_set(kinds[kind].set, (uint16_t)t.miss_type));
				else
					f = finding("no extack message: %s %s%s",
						    kinds[kind].name, errname(t.err),
						    t.has_msg ? " (empty)" : "");
				fline(f, "FINDING failed request #%ld without an extack message: %s, error %s%s%s%s",
				      idx, kinds[kind].name, errname(t.err),
				      t.miss_type ? ", NLMSGERR_ATTR_MISS_TYPE " : "",
				      t.miss_type ? aname_set(kinds[kind].set, (uint16_t)t.miss_type) : "",
				      t.has_offs ? " (NLMSGERR_ATTR_OFFS set)" : "");
				fline_req(f, r, txbuf, len, 14);
			}
		}
		return 0;
	}
	n_ok++;
	k_ok[kind]++;
	if (r->valid)
		v_ok[r->origkind]++;
	hist_add("%-15s ok", kinds[kind].name);
	leak_seen = 0;
	{
		const uint8_t *p;
		uint32_t plen;

		FOR_MSG(&replies, p, plen)
			if (plen > GENL_HDRLEN)
				walk(p + GENL_HDRLEN, plen - GENL_HDRLEN, leak_cb, NULL);
		if (leak_seen) {
			n_leak++;
			n_other++;
			f = finding("key material in a %s reply", kinds[kind].name);
			fline(f, "FINDING key material in the reply to request #%ld (%s)",
			      idx, kinds[kind].name);
			fline_req(f, r, txbuf, len, 12);
		}
	}
	if (!snap_eq(base, next)) {
		if (ro) {
			n_mismatch++;
			f = finding("state changed by a successful %s", kinds[kind].name);
			fline(f, "FINDING state changed by successful read-only request #%ld: %s",
			      idx, kinds[kind].name);
			fline_req(f, r, txbuf, len, 8);
			sec_diff(f, "flow dump", &base->flows, &next->flows, S_FLOW);
			sec_diff(f, "guard dump", &base->guards, &next->guards, S_GUARD);
			sec_diff(f, "stats-get", &base->stats, &next->stats, S_NETNS);
		}
		parse_model(next);
		check_effect(r, kind, base, next, &replies, txbuf, len, idx);
		swap_base();
		check_state(base, idx);
	} else if (kind == K_FLOW_NEW || kind == K_FLOW_DEL ||
		   kind == K_GUARD_NEW || kind == K_GUARD_DEL ||
		   kind == K_KEY_DEL || (kind == K_FLUSH && base->nflows)) {
		check_effect(r, kind, base, base, &replies, txbuf, len, idx);
	} else if (kind == K_FLOW_GET || kind == K_GUARD_GET || kind == K_STATS_GET) {
		check_effect(r, kind, base, base, &replies, txbuf, len, idx);
	}
	return 0;
}

static struct req R;
static int sk_full = -1;		/* a socket whose receive buffer is full */
static long n_undeliv, n_undeliv_ok;

/*
 * A valid flow-new whose reply cannot be delivered (the socket's receive
 * buffer is full): the kernel cannot tell the caller the id, so the flow
 * must not stay. The error ack is lost too, so only the state is checked.
 */
static int run_undeliverable(long idx)
{
	uint8_t b[32] __attribute__((aligned(4)));
	uint32_t seq_s = seqno++, seq_r = seqno++;
	int reply = 0, acked = 0, ackerr = 0, overrun = 0;
	struct finding *f;
	size_t len;

	gen_valid(&R, K_FLOW_NEW, base);
	R.valid = 1;
	note(&R, "its reply cannot be delivered");
	/*
	 * Three stats-get replies fill the minimal receive buffer (the core
	 * trims each to about 1 KB of truesize; the buffer holds 2.3 KB).
	 */
	build_plain(b, KSRTP_CMD_STATS_GET, NLM_F_REQUEST, seq_s);
	len = build_msg(&R, txbuf, famid, seq_r);
	for (int k = 0; k < 3; k++)
		if (nl_send(sk_full, b, NLMSG_HDRLEN + GENL_HDRLEN))
			return -1;
	if (nl_send(sk_full, txbuf, len))
		return -1;
	for (;;) {
		ssize_t n = recv(sk_full, rxbufs, RXBUF, MSG_DONTWAIT);
		const struct nlmsghdr *nlh = (const void *)rxbufs;
		int l = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				overrun = 1;
				continue;
			}
			if (errno == EAGAIN)
				break;
			perror("nlfuzz: recv");
			return -1;
		}
		for (; NLMSG_OK(nlh, l); nlh = NLMSG_NEXT(nlh, l)) {
			if (nlh->nlmsg_seq != seq_r)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				acked = 1;
				ackerr = ((const struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			} else {
				reply = 1;
			}
		}
	}
	n_req++;
	k_sent[K_FLOW_NEW]++;
	n_undeliv++;
	if (snap_take(next))
		return -1;
	if (reply) {
		/*
		 * The reply fit after all (whether or not the ack did): the
		 * caller has the id, an ordinary success.
		 */
		n_ok++;
		k_ok[K_FLOW_NEW]++;
		n_undeliv_ok++;
		if (!snap_eq(base, next)) {
			parse_model(next);
			swap_base();
			check_state(base, idx);
		}
		return 0;
	}
	n_fail++;
	hist_add("%-15s %s", "flow-new", overrun ?
		 "reply and ack undeliverable (receive buffer full)" :
		 "reply undeliverable, ack lost");
	if (!snap_eq(base, next)) {
		n_mismatch++;
		f = finding("state changed by a flow-new whose reply could not be delivered");
		fline(f, "FINDING flow-new request #%ld: its reply could not be delivered (receive buffer full%s, %s), yet the state changed",
		      idx, overrun ? ", ENOBUFS" : "",
		      acked ? "ack received" : "no ack");
		if (acked)
			fline(f, "  ack error %s", errname(ackerr));
		fline_req(f, &R, txbuf, len, 8);
		sec_diff(f, "flow dump", &base->flows, &next->flows, S_FLOW);
		sec_diff(f, "guard dump", &base->guards, &next->guards, S_GUARD);
		sec_diff(f, "stats-get", &base->stats, &next->stats, S_NETNS);
		swap_base();
		parse_model(base);
		check_state(base, idx);
	}
	return 0;
}

static void gen_request(const struct snap *s)
{
	int p = rnd(100);

	if (p < 8) {
		gen_soup(&R);
		return;
	}
	gen_valid(&R, pick_kind(s), s);
	if (p < 20) {
		R.valid = 1;
		return;
	}
	mutate(&R, s);
}

static void print_findings(void)
{
	int shown = 0;

	for (int i = 0; i < nfinds && shown < FIND_SHOW; i++, shown++) {
		printf("nlfuzz: finding %d: %s [%ld times]\n", i + 1,
		       finds[i].sig, finds[i].count);
		for (int j = 0; j < finds[i].nlines; j++)
			printf("  %s\n", finds[i].lines[j]);
	}
	if (nfinds > shown)
		printf("nlfuzz: %d more distinct findings not shown\n", nfinds - shown);
	if (n_findings_dropped)
		printf("nlfuzz: %ld findings beyond %d distinct ones not kept\n",
		       n_findings_dropped, FIND_MAX);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* --send HEX: one raw request; prints the answer and any state change. */
static int send_one(const char *hex)
{
	size_t n = 0, l = strlen(hex);
	struct nlmsghdr *nlh = (struct nlmsghdr *)txbuf;
	struct section replies = { 0 };
	struct txn t = { .sec = &replies };

	for (size_t i = 0; i + 1 < l && n < TXBUF; ) {
		int a = hexval(hex[i]), b = hexval(hex[i + 1]);

		if (a < 0 || b < 0) {
			i++;
			continue;
		}
		txbuf[n++] = (uint8_t)(a << 4 | b);
		i += 2;
	}
	if (n < NLMSG_HDRLEN + GENL_HDRLEN) {
		fprintf(stderr, "nlfuzz: --send: need at least %d bytes\n",
			(int)(NLMSG_HDRLEN + GENL_HDRLEN));
		return 2;
	}
	nlh->nlmsg_type = famid;
	nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = t.seq = seqno++;
	t.type = (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? T_DUMP : T_ACK;
	if (snap_take(base))
		return 2;
	if (nl_send(sk_req, txbuf, n) || txn_wait(sk_req, &t, 1) ||
	    snap_take(next))
		return 2;
	printf("nlfuzz: --send: %zu bytes, cmd %s: error %s, extack %s%s%s, %d reply messages\n",
	       n, cmd_name(txbuf[NLMSG_HDRLEN]), errname(t.err),
	       t.has_msg ? "\"" : "(none)", t.has_msg ? t.msg : "",
	       t.has_msg ? "\"" : "", replies.nmsgs);
	if (t.miss_type)
		printf("nlfuzz: --send: NLMSGERR_ATTR_MISS_TYPE %u\n", t.miss_type);
	if (t.has_offs)
		printf("nlfuzz: --send: NLMSGERR_ATTR_OFFS %u\n", t.offs);
	if (snap_eq(base, next)) {
		printf("nlfuzz: --send: state unchanged\n");
	} else {
		struct finding f = { .sig = "" };

		sec_diff(&f, "flow dump", &base->flows, &next->flows, S_FLOW);
		sec_diff(&f, "guard dump", &base->guards, &next->guards, S_GUARD);
		sec_diff(&f, "stats-get", &base->stats, &next->stats, S_NETNS);
		printf("nlfuzz: --send: state changed\n");
		for (int j = 0; j < f.nlines; j++)
			printf("%s\n", f.lines[j]);
	}
	return 0;
}

/*
 * --dry-run: generate and build requests against a made-up state, send
 * nothing (a self-test of the generator, e.g. under AddressSanitizer).
 */
static int dry_run(long count)
{
	size_t total = 0;

	for (int i = 0; i < 12; i++) {
		struct mflow *f = &base->f[base->nflows++];

		memset(f, 0, sizeof(*f));
		f->id = 1 + i;
		f->suite = 1 + i % 7;
		f->dir = 1 + i % 2;
		f->mki_len = i % 3 ? 0 : 1 + i % 4;
		f->nkeys = 1 + i % 5;
		for (int k = 0; k < f->nkeys; k++) {
			f->keys[k].slot = k ? 2 + k % 3 : 1;
			f->keys[k].mki_len = f->mki_len;
			f->keys[k].has_from = k > 2;
			f->keys[k].from = 100 * k;
		}
	}
	for (int i = 0; i < 20; i++) {
		base->g[base->nguards].dir = 1 + i % 2;
		base->g[base->nguards].min = 5000 + i;
		base->g[base->nguards++].max = 5003 + i;
	}
	for (long i = 0; i < count; i++) {
		if (i % 1000 == 0)
			gen_fresh_guard(&R, base);
		else
			gen_request(base);
		total += build_msg(&R, txbuf, 0x42, (uint32_t)i);
		if (R.n > NATTR_MAX || total == 0)
			return 1;
	}
	printf("nlfuzz: dry run: %ld requests, %zu bytes\n", count, total);
	return 0;
}

/* --bench: what the primitives cost, in this netns as it is. */
static int run_bench(void)
{
	uint8_t b[64] __attribute__((aligned(4)));
	struct section sec = { 0 };
	const int n = 200;
	double t0;

	t0 = now();
	for (int i = 0; i < n; i++)
		if (snap_take(base))
			return 2;
	printf("nlfuzz: bench: snapshot %.3f ms (%d flows)\n",
	       (now() - t0) * 1e3 / n, base->flows.nmsgs);
	for (int k = 0; k < 3; k++) {
		static const uint8_t cmds[] = { KSRTP_CMD_STATS_GET,
			KSRTP_CMD_FLOW_GET, KSRTP_CMD_FLOW_DEL };
		static const char *const what[] = { "stats-get (no ack)",
			"flow-get dump", "flow-del without id (ack)" };

		t0 = now();
		for (int i = 0; i < n; i++) {
			struct txn t = { .seq = seqno++, .sec = &sec };
			uint16_t fl = NLM_F_REQUEST;

			t.type = k == 0 ? T_FIRST : k == 1 ? T_DUMP : T_ACK;
			fl |= k == 1 ? NLM_F_DUMP : k == 2 ? NLM_F_ACK : 0;
			sec_reset(&sec);
			build_plain(b, cmds[k], fl, t.seq);
			if (nl_send(sk_req, b, NLMSG_HDRLEN + GENL_HDRLEN) ||
			    txn_wait(sk_req, &t, 1))
				return 2;
		}
		printf("nlfuzz: bench: %s %.3f ms\n", what[k],
		       (now() - t0) * 1e3 / n);
	}
	t0 = now();
	for (int i = 0; i < n; i++)
		getppid();
	printf("nlfuzz: bench: getppid %.3f ms\n", (now() - t0) * 1e3 / n);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: nlfuzz [--count N] [--seed S] [--max-flows N] [--progress N] [-v|-vv]\n"
		"              [--no-thread]\n"
		"       nlfuzz --send HEX | --bench | --dry-run [--count N] [--seed S]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "max-flows", required_argument, NULL, 'm' },
		{ "progress", required_argument, NULL, 'p' },
		{ "send", required_argument, NULL, 'S' },
		{ "bench", no_argument, NULL, 'B' },
		{ "no-thread", no_argument, NULL, 'T' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long count = 100000, progress = 0;
	uint64_t seed = DEFAULT_SEED;
	const char *send_hex = NULL;
	double t0, dt;
	int c, missing = 0, bench = 0, dry = 0;

	while ((c = getopt_long(argc, argv, "c:s:m:p:S:vh", opts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'c':
			count = strtol(optarg, &end, 0);
			if (*end || count < 0)
				usage();
			break;
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end)
				usage();
			break;
		case 'm':
			max_flows = (int)strtol(optarg, &end, 0);
			if (*end || max_flows < 1 || max_flows > MAXF - 8)
				usage();
			break;
		case 'p':
			progress = strtol(optarg, &end, 0);
			if (*end || progress < 0)
				usage();
			break;
		case 'S':
			send_hex = optarg;
			break;
		case 'B':
			bench = 1;
			break;
		case 'T':
			use_thread = 0;
			break;
		case 'D':
			dry = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_state = seed;
	txbuf = aligned_alloc(4096, TXBUF + 4096);
	rxbufs = aligned_alloc(4096, (size_t)RXBUF * NRX);
	if (!txbuf || !rxbufs) {
		perror("nlfuzz: malloc");
		return 2;
	}
	memset(txbuf, 0, TXBUF + 4096);
	if (dry)
		return dry_run(count);
	sk_req = nl_open();
	sk_s1 = nl_open();
	sk_s2 = nl_open();
	if (resolve_family())
		return 2;
	if (use_thread)
		snap_start_thread();
	{
		int one = 1;

		sk_full = nl_open();
		setsockopt(sk_full, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one));
	}
	if (send_hex)
		return send_one(send_hex);
	if (bench)
		return run_bench();

	printf("nlfuzz: seed 0x%" PRIx64 ", %ld requests, family %s id %u, at most %d flows\n",
	       seed, count, KSRTP_FAMILY_NAME, famid, max_flows);
	/* the spec's request commands must all be registered */
	for (int k = 0; k < K_NREQ; k++) {
		uint32_t need = kinds[k].dump ? GENL_CMD_CAP_DUMP : GENL_CMD_CAP_DO;

		if (ops_known && !(ops_cap[kinds[k].cmd] & need)) {
			struct finding *f = finding("spec op %s not registered",
						    kinds[k].name);

			fline(f, "FINDING the family does not register %s (%s), which the spec has",
			      kinds[k].name, kinds[k].dump ? "dump" : "do");
			n_other++;
			missing++;
		}
	}
	if (missing)
		printf("nlfuzz: %d request ops of the spec are not registered by the kernel\n",
		       missing);

	/* start from an empty state */
	{
		struct req fl;

		req_init(&fl, K_FLUSH);
		if (snap_take(base))
			return 2;
		parse_model(base);
		if (base->nflows) {
			if (run_one(&fl, 0))
				return 1;
		}
	}
	check_state(base, 0);

	t0 = now();
	for (long i = 1, fill_flows = 0, fill_guards = 0, fill_keys = 0;
	     i <= count; i++) {
		/*
		 * Now and then fill the netns: flows up to the flush at
		 * max_flows (dense, so flow-new collides), guards up to
		 * KSRTP_MAX_GUARDS and beyond (ENOSPC).
		 */
		if (i % 20000 == 10000 || (count < 20000 && i == count / 2)) {
			fill_flows = max_flows + 5;
			fill_guards = KSRTP_MAX_GUARDS + 6;
		}
		if (i % 5000 == 2500 || (count < 5000 && i == count / 3))
			fill_keys = 2 * (KSRTP_MAX_KEYS + 4);
		if (base->nflows > max_flows) {
			req_init(&R, K_FLUSH);
			note(&R, "flush: more than %d flows", max_flows);
			fill_flows = 0;
		} else if (fill_flows > 0) {
			fill_flows--;
			gen_valid(&R, K_FLOW_NEW, base);
			R.valid = 1;
			note(&R, "filling the netns");
		} else if (fill_keys > 0) {
			int step = 2 * (KSRTP_MAX_KEYS + 4) - (int)fill_keys--;

			gen_key_fill(&R, base, step < KSRTP_MAX_KEYS + 4, step);
			R.valid = 1;
		} else if (fill_guards > 0) {
			fill_guards--;
			gen_fresh_guard(&R, base);
			R.valid = 1;
			note(&R, "filling the netns");
		} else if (!fill_guards && base->nguards > 8 &&
			   chance(base->nguards - 8 > 16 ? 50 :
				  3 * (base->nguards - 8))) {
			/* keep the guard dump small: flush does not empty it */
			const struct mguard *g = &base->g[rnd(base->nguards)];

			req_init(&R, K_GUARD_DEL);
			add_u8(&R, KSRTP_A_GUARD_DIR, g->dir);
			add_be16(&R, KSRTP_A_GUARD_PORT_MIN, g->min);
			add_be16(&R, KSRTP_A_GUARD_PORT_MAX, g->max);
			R.valid = 1;
			note(&R, "fewer guards");
		} else if (chance(1) && chance(30)) {
			if (run_undeliverable(i))
				break;
			continue;
		} else {
			gen_request(base);
		}
		if (run_one(&R, i))
			break;
		if (progress && i % progress == 0)
			fprintf(stderr, "nlfuzz: %ld requests, %.0f/s, %ld mismatches, %ld without extack, %d flows %d guards\n",
				i, i / (now() - t0), n_mismatch, n_noextack,
				base->nflows, base->nguards);
	}
	dt = now() - t0;
	if (verbose && n_req)
		printf("nlfuzz: %.2f ms per request, %.2f ms per state query (stats-get, flow and guard dumps), %.1f flows %.1f guards on average\n",
		       t_req * 1e3 / n_req, t_snap * 1e3 / n_req,
		       (double)sum_flows / n_req, (double)sum_guards / n_req);

	if (verbose) {
		qsort(hist, nhist, sizeof(hist[0]), hist_cmp);
		printf("nlfuzz: answers (kind, error, extack message: count)\n");
		int show = verbose > 1 ? nhist : 80;

		for (int i = 0; i < nhist && i < show; i++)
			printf("nlfuzz:   %-90s %ld\n", hist[i].key, hist[i].count);
		if (nhist > show)
			printf("nlfuzz:   ... %d more (-vv: all)\n", nhist - show);
		printf("nlfuzz: ms per request (succeeded/failed):");
		for (int k = 0; k < K_NKINDS; k++)
			printf(" %s %.1f/%.1f", kinds[k].name,
			       k_ok[k] ? k_time[k][0] * 1e3 / k_ok[k] : 0.0,
			       k_sent[k] - k_ok[k] ?
			       k_time[k][1] * 1e3 / (k_sent[k] - k_ok[k]) : 0.0);
		printf("\n");
		printf("nlfuzz: valid unmodified requests (sent/succeeded):");
		for (int k = 0; k < K_NREQ; k++)
			printf(" %s %ld/%ld", kinds[k].name, v_sent[k], v_ok[k]);
		printf("\n");
	}
	print_findings();
	printf("nlfuzz: %ld requests (%ld succeeded, %ld failed), %ld state mismatches, %ld without extack, per-command counts (sent/succeeded)",
	       n_req, n_ok, n_fail, n_mismatch, n_noextack);
	for (int k = 0; k < K_NKINDS; k++)
		printf(" %s %ld/%ld", kinds[k].name, k_sent[k], k_ok[k]);
	printf("\n");
	printf("nlfuzz: %ld flow-new requests whose reply could not be delivered (%ld got through)\n",
	       n_undeliv, n_undeliv_ok);
	printf("nlfuzz: seed 0x%" PRIx64 ", %ld other findings, %ld genetlink-core EOPNOTSUPP without extack for ops the family does not register (not counted), %ld dump retries, %ld stray messages, %d flows %d guards at the end, %.1f s, %.0f requests/s\n",
	       seed, n_other, n_exempt, n_snap_intr, n_stray, base->nflows,
	       base->nguards, dt, dt > 0 ? n_req / dt : 0.0);
	return n_mismatch || n_noextack || n_other || n_req < count ? 1 : 0;
}
