// SPDX-License-Identifier: GPL-2.0
/*
 * flowscale: many flows in one netns, over raw NETLINK_GENERIC.
 *
 *   flowscale [--count N] [--batch B] [--suite NAME] [-v]
 *
 * In the netns it runs in (a fresh one: it must hold no flow):
 *
 *   1. creates N flows (default 100000; NULL_HMAC_SHA1_80, any SSRC, half
 *      tx and half rx, local 10.0.0.0 + i, port 5000), B requests per
 *      send (default 50), and times every batch;
 *   2. dumps every flow while a second thread, on its own socket, deletes
 *      every third one in random order; the dump is paced so that the
 *      deletes are spread over it. Every flow that was not deleted must be
 *      in the dump exactly once; deleted ones may or may not be; no id may
 *      come twice or be unknown;
 *   3. dumps again (no one deleting): exactly the survivors; a dump with
 *      dir rx: exactly the rx survivors; stats-get: their number;
 *   4. deletes every survivor (timed), then stats-get says 0 and a dump is
 *      empty.
 *
 * --suite: the flows' suite, one with a 16-byte key and a 14-byte salt
 * (default NULL_HMAC_SHA1_80; make bench uses AES_CM_128_HMAC_SHA1_80).
 *
 * Prints "PASS e2e/flowscale/<check>" or "FAIL e2e/flowscale/<check>:
 * why" per check and "info e2e/flowscale: ..." lines with the timings and
 * the kernel memory per flow (Slab + Percpu of /proc/meminfo). Exit status
 * 0 if every check passed, 1 if one failed, 2 on a setup error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/ksrtp.h>

#define TXBUF		(1 << 20)
#define RXBUF		(1 << 20)
#define BATCH_MAX	1000

static uint16_t famid;
static uint32_t suite_id = KSRTP_SUITE_NULL_HMAC_SHA1_80;
static const char *suite_name = "NULL_HMAC_SHA1_80";

/* The suites with a 16-byte master key and a 14-byte master salt. */
static const struct {
	const char *name;
	uint32_t id;
} suites[] = {
	{ "NULL_HMAC_SHA1_80", KSRTP_SUITE_NULL_HMAC_SHA1_80 },
	{ "AES_CM_128_HMAC_SHA1_80", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80 },
	{ "AES_CM_128_HMAC_SHA1_32", KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32 },
};
static int fails;
static int verbose;

static void pass(const char *name)
{
	printf("PASS e2e/flowscale/%s\n", name);
	fflush(stdout);
}

static void __attribute__((format(printf, 2, 3)))
fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL e2e/flowscale/%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	fails++;
}

static void __attribute__((format(printf, 1, 2))) info(const char *fmt, ...)
{
	va_list ap;

	printf("info e2e/flowscale: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Slab + Percpu of /proc/meminfo, in kB. */
static long kmem_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long sum = 0, v;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Slab: %ld", &v) == 1 ||
		    sscanf(line, "Percpu: %ld", &v) == 1)
			sum += v;
	fclose(f);
	return sum;
}

/* ------------------------------------------------------------------ */
/* netlink */

struct nl {
	int fd;
	uint32_t seq;
	uint8_t *tx;
	size_t txlen;
	uint8_t *rx;
};

static int nl_open(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 120 };
	int one = 1, rcv = 8 << 20;

	memset(nl, 0, sizeof(*nl));
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0) {
		perror("flowscale: socket");
		return -1;
	}
	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
		       sizeof(one)) ||
	    setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one,
		       sizeof(one))) {
		perror("flowscale: NETLINK_EXT_ACK/NETLINK_CAP_ACK");
		return -1;
	}
	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)))
		setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	setsockopt(nl->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("flowscale: bind");
		return -1;
	}
	nl->tx = malloc(TXBUF);
	nl->rx = malloc(RXBUF);
	if (!nl->tx || !nl->rx) {
		perror("flowscale: malloc");
		return -1;
	}
	nl->seq = 1;
	return 0;
}

/* Start a request in nl->tx; returns its offset. */
static size_t msg_begin(struct nl *nl, uint16_t type, uint8_t cmd,
			uint16_t flags, uint32_t seq)
{
	size_t off = nl->txlen;
	struct nlmsghdr *nlh = (struct nlmsghdr *)(nl->tx + off);
	struct genlmsghdr *g = (struct genlmsghdr *)(nl->tx + off +
						     NLMSG_HDRLEN);

	memset(nlh, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = type == GENL_ID_CTRL ? 2 : KSRTP_FAMILY_VERSION;
	nl->txlen += NLMSG_HDRLEN + GENL_HDRLEN;
	return off;
}

static void msg_attr(struct nl *nl, uint16_t type, const void *d, int len)
{
	struct nlattr *a = (struct nlattr *)(nl->tx + nl->txlen);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((uint8_t *)a + NLA_HDRLEN, d, len);
	memset((uint8_t *)a + NLA_HDRLEN + len, 0,
	       NLA_ALIGN(a->nla_len) - a->nla_len);
	nl->txlen += NLA_ALIGN(a->nla_len);
}

static void msg_u8(struct nl *nl, uint16_t t, uint8_t v)
{
	msg_attr(nl, t, &v, 1);
}

static void msg_u16(struct nl *nl, uint16_t t, uint16_t v)
{
	msg_attr(nl, t, &v, 2);
}

static void msg_u32(struct nl *nl, uint16_t t, uint32_t v)
{
	msg_attr(nl, t, &v, 4);
}

static void msg_end(struct nl *nl, size_t off)
{
	((struct nlmsghdr *)(nl->tx + off))->nlmsg_len =
		(uint32_t)(nl->txlen - off);
}

static int nl_flush_tx(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n = sendto(nl->fd, nl->tx, nl->txlen, 0,
			   (struct sockaddr *)&sa, sizeof(sa));

	if (n != (ssize_t)nl->txlen) {
		fprintf(stderr, "flowscale: send: %s\n", strerror(errno));
		return -1;
	}
	nl->txlen = 0;
	return 0;
}

/* The first attribute @type of a genetlink message's payload, or NULL. */
static const struct nlattr *genl_attr(const struct nlmsghdr *nlh, int type)
{
	const uint8_t *p = (const uint8_t *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
	int len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static const void *nla_payload(const struct nlattr *a)
{
	return (const uint8_t *)a + NLA_HDRLEN;
}

/* The extack message of an NLMSG_ERROR, or "". */
static const char *ext_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	const uint8_t *p;
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	p = (const uint8_t *)nlh + off;
	len = (int)nlh->nlmsg_len - (int)off;
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			return nla_payload(a);
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
	return "";
}

/*
 * Read messages until @want acks (NLMSG_ERROR) or, with @dump, an
 * NLMSG_DONE came; every message goes to @cb. Returns 0, or -1 on a
 * receive error.
 */
typedef int (*msg_cb)(const struct nlmsghdr *nlh, void *arg);

static int nl_recv(struct nl *nl, int want, int dump, msg_cb cb, void *arg,
		   void (*between)(void *), void *barg)
{
	int acks = 0;

	for (;;) {
		ssize_t n = recv(nl->fd, nl->rx, RXBUF, 0);
		const struct nlmsghdr *nlh;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "flowscale: recv: %s\n",
				strerror(errno));
			return -1;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->rx; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			int done = nlh->nlmsg_type == NLMSG_DONE ||
				   nlh->nlmsg_type == NLMSG_ERROR;

			if (cb(nlh, arg))
				return -1;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				acks++;
			if (dump && done)
				return 0;
		}
		if (!dump && acks >= want)
			return 0;
		if (between)
			between(barg);
	}
}

/* CTRL_CMD_GETFAMILY */
static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	(void)arg;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (e->error)
			fprintf(stderr, "flowscale: family %s: %s\n",
				KSRTP_FAMILY_NAME, strerror(-e->error));
		return 0;
	}
	a = genl_attr(nlh, CTRL_ATTR_FAMILY_ID);
	if (a)
		memcpy(&famid, nla_payload(a), 2);
	return 0;
}

static int resolve_family(struct nl *nl)
{
	size_t off = msg_begin(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
			       NLM_F_ACK, nl->seq++);

	msg_attr(nl, CTRL_ATTR_FAMILY_NAME, KSRTP_FAMILY_NAME,
		 sizeof(KSRTP_FAMILY_NAME));
	msg_end(nl, off);
	if (nl_flush_tx(nl) || nl_recv(nl, 1, 0, family_cb, NULL, NULL, NULL))
		return -1;
	return famid ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* the flows */

static int nflows = 100000;
static int batch = 50;
static uint32_t *ids;		/* [i]: id of flow i */
static uint8_t *dirs;		/* [i]: its direction */
static uint8_t *deleted;	/* [i]: the deleter's flow-del succeeded */
static uint32_t max_id;

static uint8_t dir_of(int i)
{
	return i % 2 ? KSRTP_DIR_RX : KSRTP_DIR_TX;
}

/* Replies and acks of a batch of requests with seq base .. base + n - 1. */
struct batch_res {
	uint32_t base;
	int n;
	uint32_t id[BATCH_MAX];
	int err[BATCH_MAX];
	char msg[8][160];	/* the first few error messages */
	int nmsg;
};

static int batch_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct batch_res *r = arg;
	uint32_t k = nlh->nlmsg_seq - r->base;

	if (k >= (uint32_t)r->n)
		return 0;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		r->err[k] = e->error;
		if (e->error && r->nmsg < 8)
			snprintf(r->msg[r->nmsg++], sizeof(r->msg[0]),
				 "%s: %s", strerror(-e->error), ext_msg(nlh));
	} else if (nlh->nlmsg_type == famid) {
		const struct nlattr *a = genl_attr(nlh, KSRTP_A_FLOW_ID);

		if (a)
			memcpy(&r->id[k], nla_payload(a), 4);
	}
	return 0;
}

static void add_flow_req(struct nl *nl, int i, uint32_t seq)
{
	static const uint8_t key[16] = { 0x6b, 0x73, 0x72, 0x74, 0x70, 1, 2, 3,
					 4, 5, 6, 7, 8, 9, 10, 11 };
	static const uint8_t salt[14] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
					  12, 13, 14 };
	uint32_t laddr = htonl(0x0a000000u + (uint32_t)i);
	uint32_t raddr = htonl(0x0aff0001u);
	size_t off = msg_begin(nl, famid, KSRTP_CMD_FLOW_NEW, NLM_F_ACK, seq);

	msg_u8(nl, KSRTP_A_FLOW_DIR, dir_of(i));
	msg_u16(nl, KSRTP_A_FLOW_FAMILY, AF_INET);
	msg_attr(nl, KSRTP_A_FLOW_LOCAL_ADDR, &laddr, 4);
	msg_u16(nl, KSRTP_A_FLOW_LOCAL_PORT, htons(5000));
	msg_attr(nl, KSRTP_A_FLOW_REMOTE_ADDR, &raddr, 4);
	msg_u16(nl, KSRTP_A_FLOW_REMOTE_PORT, htons(6000));
	msg_u32(nl, KSRTP_A_FLOW_SUITE, suite_id);
	msg_attr(nl, KSRTP_A_FLOW_MASTER_KEY, key, sizeof(key));
	msg_attr(nl, KSRTP_A_FLOW_MASTER_SALT, salt, sizeof(salt));
	msg_end(nl, off);
}

static void add_del_req(struct nl *nl, uint32_t id, uint32_t seq)
{
	size_t off = msg_begin(nl, famid, KSRTP_CMD_FLOW_DEL, NLM_F_ACK, seq);

	msg_u32(nl, KSRTP_A_FLOW_ID, id);
	msg_end(nl, off);
}

/* Send @n requests made by @make(nl, k, seq), wait for their acks. */
static int run_batch(struct nl *nl, int n, struct batch_res *r,
		     void (*make)(struct nl *, int, uint32_t, void *), void *arg)
{
	int k;

	memset(r, 0, sizeof(*r));
	r->base = nl->seq;
	r->n = n;
	for (k = 0; k < n; k++)
		make(nl, k, nl->seq++, arg);
	if (nl_flush_tx(nl))
		return -1;
	return nl_recv(nl, n, 0, batch_cb, r, NULL, NULL);
}

static void make_flow(struct nl *nl, int k, uint32_t seq, void *arg)
{
	add_flow_req(nl, *(int *)arg + k, seq);
}

struct del_list {
	const int *idx;		/* flow indices to delete */
};

static void make_del(struct nl *nl, int k, uint32_t seq, void *arg)
{
	const struct del_list *d = arg;

	add_del_req(nl, ids[d->idx[k]], seq);
}

/* stats-get: the netns's flow count, or -1. */
static int stats_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (e->error) {
			fprintf(stderr, "flowscale: stats-get: %s: %s\n",
				strerror(-e->error), ext_msg(nlh));
			*(long *)arg = -1;
		}
		return 0;
	}
	if (nlh->nlmsg_type != famid)
		return 0;
	a = genl_attr(nlh, KSRTP_A_NETNS_FLOWS);
	if (a) {
		uint32_t v;

		memcpy(&v, nla_payload(a), 4);
		*(long *)arg = v;
	}
	return 0;
}

static long stats_flows(struct nl *nl)
{
	long v = -1;
	size_t off = msg_begin(nl, famid, KSRTP_CMD_STATS_GET, NLM_F_ACK,
			       nl->seq++);

	msg_end(nl, off);
	if (nl_flush_tx(nl) || nl_recv(nl, 1, 0, stats_cb, &v, NULL, NULL))
		return -1;
	return v;
}

/* ------------------------------------------------------------------ */
/* dumps */

struct dump {
	uint32_t *seen;		/* [id]: how many times the dump had it */
	long msgs;
	long unknown;		/* ids we never created */
	long wrong_dir;
	int intr;		/* NLM_F_DUMP_INTR seen */
	int err;		/* error in NLMSG_DONE or NLMSG_ERROR */
	char errmsg[160];
	uint8_t want_dir;
	uint32_t *id2idx;	/* [id]: flow index + 1, or 0 */
};

static int dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;
	const struct nlattr *a;
	uint32_t id;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = 1;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
			d->err = *(const int *)NLMSG_DATA(nlh);
		return 0;
	}
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		d->err = e->error;
		snprintf(d->errmsg, sizeof(d->errmsg), "%s", ext_msg(nlh));
		return 0;
	}
	if (nlh->nlmsg_type != famid)
		return 0;
	d->msgs++;
	a = genl_attr(nlh, KSRTP_A_FLOW_ID);
	if (!a) {
		d->unknown++;
		return 0;
	}
	memcpy(&id, nla_payload(a), 4);
	if (id > max_id || !d->id2idx[id]) {
		d->unknown++;
		return 0;
	}
	d->seen[id]++;
	if (d->want_dir) {
		a = genl_attr(nlh, KSRTP_A_FLOW_DIR);
		if (!a || *(const uint8_t *)nla_payload(a) != d->want_dir)
			d->wrong_dir++;
	}
	return 0;
}

static int dump_flows(struct nl *nl, struct dump *d, uint8_t dir,
		      void (*between)(void *), void *barg)
{
	size_t off = msg_begin(nl, famid, KSRTP_CMD_FLOW_GET, NLM_F_DUMP,
			       nl->seq++);

	if (dir)
		msg_u8(nl, KSRTP_A_FLOW_DIR, dir);
	msg_end(nl, off);
	memset(d->seen, 0, (max_id + 1) * sizeof(*d->seen));
	d->msgs = d->unknown = d->wrong_dir = 0;
	d->intr = d->err = 0;
	d->errmsg[0] = 0;
	d->want_dir = dir;
	if (nl_flush_tx(nl))
		return -1;
	return nl_recv(nl, 0, 1, dump_cb, d, between, barg);
}

/*
 * Check a dump: every flow with @must[i] exactly once, every other known
 * flow at most once (@may) or never, nothing unknown.
 */
static void check_dump(const char *name, const struct dump *d,
		       int (*must)(int i), int (*may)(int i))
{
	long missing = 0, dup = 0, extra = 0;
	int i;

	for (i = 0; i < nflows; i++) {
		uint32_t n = d->seen[ids[i]];

		if (n > 1)
			dup++;
		if (must(i) && !n)
			missing++;
		if (!must(i) && n && !(may && may(i)))
			extra++;
	}
	if (d->err)
		fail(name, "the dump ended with %s%s%s", strerror(-d->err),
		     d->errmsg[0] ? ": " : "", d->errmsg);
	else if (missing || dup || extra || d->unknown || d->wrong_dir)
		fail(name, "%ld flows missing, %ld listed more than once, %ld listed that should not be, %ld unknown ids, %ld of the wrong dir (%ld messages)",
		     missing, dup, extra, d->unknown, d->wrong_dir, d->msgs);
	else
		pass(name);
}

static int is_survivor(int i)
{
	return !deleted[i];
}

static int is_any(int i)
{
	(void)i;
	return 1;
}

static int is_rx_survivor(int i)
{
	return !deleted[i] && dirs[i] == KSRTP_DIR_RX;
}

static int is_none(int i)
{
	(void)i;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the deleter thread */

static int *del_idx;		/* the flows it deletes, shuffled */
static int ndel;
static atomic_int del_go, del_done, del_count, del_errors;
static char del_errmsg[200];

static void *deleter(void *arg)
{
	struct batch_res *r = malloc(sizeof(*r));
	struct nl nl;
	int k = 0;

	(void)arg;
	if (!r || nl_open(&nl)) {
		atomic_store(&del_errors, 1);
		atomic_store(&del_done, 1);
		return NULL;
	}
	while (!atomic_load(&del_go))
		usleep(100);
	/* small batches, so that the dump goes on in between */
	while (k < ndel) {
		int n = ndel - k < 8 ? ndel - k : 8, j;
		struct del_list d = { .idx = del_idx + k };

		if (run_batch(&nl, n, r, make_del, &d)) {
			atomic_fetch_add(&del_errors, 1);
			break;
		}
		for (j = 0; j < n; j++) {
			if (!r->err[j]) {
				deleted[del_idx[k + j]] = 1;
			} else if (!atomic_fetch_add(&del_errors, 1)) {
				snprintf(del_errmsg, sizeof(del_errmsg),
					 "flow-del %u: %s", ids[del_idx[k + j]],
					 r->nmsg ? r->msg[0] : "?");
			}
		}
		k += n;
		atomic_store(&del_count, k);
	}
	atomic_store(&del_done, 1);
	close(nl.fd);
	free(nl.tx);
	free(nl.rx);
	free(r);
	return NULL;
}

/*
 * Between two reads of the concurrent dump: start the deleter after the
 * first one, and keep the dump from getting ahead of the deletes, so that
 * they are spread over the whole dump.
 */
struct pace {
	struct dump *d;
	long at_start;		/* deletes done when the dump started */
	int reads;
};

static void pace_between(void *arg)
{
	struct pace *p = arg;

	if (!p->reads++) {
		p->at_start = atomic_load(&del_count);
		atomic_store(&del_go, 1);
	}
	while (!atomic_load(&del_done) &&
	       (double)p->d->msgs / nflows >
	       (double)atomic_load(&del_count) / ndel + 0.02)
		usleep(200);
}

/* ------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr, "usage: flowscale [--count N] [--batch B] [--suite NAME] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "suite", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	size_t si;
	double t0, t1, first = 0, last = 0, tdump;
	long kb0, kb1, errors = 0, v;
	struct batch_res *r;
	struct pace pace = { 0 };
	struct dump d = { 0 };
	pthread_t th;
	struct nl nl;
	int c, i, k;
	char name[64];

	while ((c = getopt_long(argc, argv, "n:b:s:v", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			nflows = atoi(optarg);
			break;
		case 'b':
			batch = atoi(optarg);
			break;
		case 's':
			for (si = 0; si < sizeof(suites) / sizeof(suites[0]); si++)
				if (!strcmp(optarg, suites[si].name))
					break;
			if (si == sizeof(suites) / sizeof(suites[0]))
				usage();
			suite_id = suites[si].id;
			suite_name = suites[si].name;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (nflows < 3000 || nflows > 16000000 || batch < 1 ||
	    batch > BATCH_MAX || 1000 % batch)
		usage();

	ids = calloc(nflows, sizeof(*ids));
	dirs = calloc(nflows, 1);
	deleted = calloc(nflows, 1);
	del_idx = calloc(nflows / 3 + 1, sizeof(*del_idx));
	r = malloc(sizeof(*r));
	if (!ids || !dirs || !deleted || !del_idx || !r || nl_open(&nl))
		return 2;
	if (resolve_family(&nl)) {
		fprintf(stderr, "flowscale: no family %s\n", KSRTP_FAMILY_NAME);
		return 2;
	}
	v = stats_flows(&nl);
	if (v != 0) {
		fprintf(stderr, "flowscale: the netns has %ld flows: run it in a fresh one\n",
			v);
		return 2;
	}

	/* 1. create */
	kb0 = kmem_kb();
	t0 = now();
	for (i = 0; i < nflows; i += k) {
		double tb = now();

		k = nflows - i < batch ? nflows - i : batch;
		if (run_batch(&nl, k, r, make_flow, &i))
			return 2;
		tb = now() - tb;
		if (i < 1000)
			first += tb;
		if (i >= nflows - 1000)
			last += tb;
		for (c = 0; c < k; c++) {
			dirs[i + c] = dir_of(i + c);
			ids[i + c] = r->id[c];
			if (r->err[c] || !r->id[c]) {
				if (!errors++)
					fail("create", "flow %d: %s", i + c,
					     r->nmsg ? r->msg[0] : "no id in the reply");
			}
		}
		if (verbose && (i + k) % 10000 == 0)
			info("%d flows, %.1f s", i + k, now() - t0);
	}
	t1 = now() - t0;
	kb1 = kmem_kb();
	snprintf(name, sizeof(name), "create-%d", nflows);
	if (errors) {
		fail(name, "%ld of %d flow-new requests failed", errors, nflows);
		return 1;
	}
	pass(name);
	info("create %d flows: %.2f s, %.0f us per flow; first 1000: %.0f us per flow, last 1000: %.0f us per flow (%.2fx)",
	     nflows, t1, t1 * 1e6 / nflows, first * 1e3, last * 1e3,
	     last / first);
	if (kb0 >= 0 && kb1 >= 0)
		info("Slab + Percpu grew by %ld kB: %ld bytes per flow (%s, any SSRC, no stream yet)",
		     kb1 - kb0, (kb1 - kb0) * 1024 / nflows, suite_name);

	/* ids: increasing, as handed out (1 to 2^32 - 1, not reused soon) */
	for (i = 0, errors = 0; i < nflows; i++) {
		if (ids[i] > max_id)
			max_id = ids[i];
		if (i && ids[i] <= ids[i - 1])
			errors++;
	}
	if (errors)
		fail("ids-increasing", "%ld ids not above the one before", errors);
	else
		pass("ids-increasing");
	d.seen = calloc(max_id + 1, sizeof(*d.seen));
	d.id2idx = calloc(max_id + 1, sizeof(*d.id2idx));
	if (!d.seen || !d.id2idx)
		return 2;
	for (i = 0; i < nflows; i++)
		d.id2idx[ids[i]] = i + 1;

	/* 2. dump while a third is deleted, in random order */
	for (i = 0; i < nflows; i += 3)
		del_idx[ndel++] = i;
	srand(0x6b73);
	for (i = ndel - 1; i > 0; i--) {
		int j = rand() % (i + 1), t = del_idx[i];

		del_idx[i] = del_idx[j];
		del_idx[j] = t;
	}
	if (pthread_create(&th, NULL, deleter, NULL))
		return 2;
	pace.d = &d;
	t0 = now();
	if (dump_flows(&nl, &d, 0, pace_between, &pace))
		return 2;
	tdump = now() - t0;
	k = atomic_load(&del_count);
	atomic_store(&del_go, 1);
	pthread_join(th, NULL);
	info("dump under deletes: %.2f s, %ld flows listed; %ld of %d deletes before its first read, %d before its end, %d after; NLM_F_DUMP_INTR %s",
	     tdump, d.msgs, pace.at_start, ndel, k, ndel - k,
	     d.intr ? "set" : "not set");
	if (atomic_load(&del_errors))
		fail("concurrent-deletes", "%d flow-del failed: %s",
		     atomic_load(&del_errors), del_errmsg);
	else
		pass("concurrent-deletes");
	/* the check means something only if the deletes overlapped the dump */
	if (k - pace.at_start < ndel / 2)
		fail("deletes-during-dump", "only %ld of %d deletes happened while the dump ran",
		     k - pace.at_start, ndel);
	else
		pass("deletes-during-dump");
	check_dump("dump-under-deletes-survivors-exactly-once", &d,
		   is_survivor, is_any);

	/* 3. the state now */
	t0 = now();
	if (dump_flows(&nl, &d, 0, NULL, NULL))
		return 2;
	tdump = now() - t0;
	info("dump of %ld flows, no deletes: %.2f s, %.1f us per flow", d.msgs,
	     tdump, tdump * 1e6 / (d.msgs ? d.msgs : 1));
	check_dump("dump-after-deletes-exact", &d, is_survivor, NULL);
	if (dump_flows(&nl, &d, KSRTP_DIR_RX, NULL, NULL))
		return 2;
	check_dump("dump-dir-rx-exact", &d, is_rx_survivor, NULL);
	for (i = 0, k = 0; i < nflows; i++)
		k += !deleted[i];
	v = stats_flows(&nl);
	if (v != k)
		fail("stats-flows", "stats-get says %ld flows, %d are left", v, k);
	else
		pass("stats-flows");

	/* 4. delete the rest */
	{
		int *rest = calloc(nflows, sizeof(*rest));
		int nrest = 0;

		if (!rest)
			return 2;
		for (i = 0; i < nflows; i++)
			if (!deleted[i])
				rest[nrest++] = i;
		errors = 0;
		first = 0;
		last = 0;
		t0 = now();
		for (i = 0; i < nrest; i += k) {
			struct del_list dl = { .idx = rest + i };
			double tb = now();

			k = nrest - i < batch ? nrest - i : batch;
			if (run_batch(&nl, k, r, make_del, &dl))
				return 2;
			tb = now() - tb;
			if (i < 1000)
				first += tb;
			if (i >= nrest - 1000)
				last += tb;
			for (c = 0; c < k; c++)
				if (r->err[c] && !errors++)
					fail("delete-all", "flow-del %u: %s",
					     ids[rest[i + c]],
					     r->nmsg ? r->msg[0] : "?");
		}
		t1 = now() - t0;
		info("delete %d flows one by one: %.2f s, %.0f us per flow; first 1000: %.0f us per flow, last 1000: %.0f us per flow (%.2fx)",
		     nrest, t1, t1 * 1e6 / nrest, first * 1e3, last * 1e3,
		     last / first);
		free(rest);
	}
	v = stats_flows(&nl);
	if (errors || v != 0)
		fail("delete-all", "%ld flow-del failed, stats-get says %ld flows",
		     errors, v);
	else
		pass("delete-all");
	for (i = 0; i < nflows; i++)
		deleted[i] = 1;
	if (dump_flows(&nl, &d, 0, NULL, NULL))
		return 2;
	check_dump("dump-empty", &d, is_none, NULL);
	return fails ? 1 : 0;
}
