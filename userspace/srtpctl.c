// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: configure ksrtp, the in-kernel SRTP datapath.
 *
 *   srtpctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * Every command talks to the kernel over the "ksrtp" generic netlink
 * family (netlink/ksrtp.yaml). The command grammar lives in flowargs.c,
 * keyargs.c and guardargs.c, the output formats in flowshow.c; nl.c hands
 * the requests to libksrtp (lib/), which does the netlink.
 */

#define _GNU_SOURCE	/* fopencookie, setns */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowargs.h"
#include "flowshow.h"
#include "guardargs.h"
#include "keyargs.h"
#include "keyspec.h"
#include "nl.h"
#include "prom.h"
#include "version.h"

#define EXIT_USAGE	1	/* bad invocation */
#define EXIT_RUNTIME	2	/* kernel/netlink problem */

static const char *progname = "srtpctl";
static int json;
static int pretty;
static int show_stats;
static const char *netns;	/* -n NETNS */

static void print_suites(FILE *f)
{
	unsigned int i;

	fprintf(f, "SUITE   := { ");
	for (i = 0; i < KS_SUITE_COUNT; i++) {
		if (i)
			fprintf(f, i % 2 ? " | " : " |\n             ");
		fprintf(f, "%s", ks_suites[i].name);
	}
	fprintf(f, " }\n");
}

#define FLOW_ADD_USAGE \
"srtpctl flow add dir { tx | rx } local ADDR:PORT\n" \
"                        [ remote { ADDR:PORT | any } ] [ suite SUITE ]\n" \
"                        key { KEYSPEC | - } [ mki HEX ] [ ssrc { N | any } ]\n" \
"                        [ max-ssrcs N ] [ ssrc-idle-ms N ] [ rtcp-mux ]\n" \
"                        [ rtcp ] [ replay-window N ] [ roc N ] [ reset-roc ]\n" \
"                        [ grace-ms N ] [ grace-packets N ]\n" \
"                        [ lifetime LIFETIME ] [ soft-lifetime LIFETIME ]\n" \
"                        [ cookie N ] [ owned ] [ srtcp-tag { 32 | 80 } ]\n"

#define FLOW_SEL_USAGE \
"SEL := { id N | cookie N | dir { tx | rx } local ADDR:PORT\n" \
"         [ remote { ADDR:PORT | any } ] }\n"

#define FLOW_CHANGE_USAGE \
"srtpctl flow change id N [ remote ADDR:PORT ] [ grace-ms N ]\n" \
"                        [ grace-packets N ] [ ssrc-idle-ms N ]\n"

#define KEY_USAGE \
"srtpctl key add id N { current | next | at INDEX | standby }\n" \
"                       [ suite SUITE ] key { KEYSPEC | - } [ mki HEX ] [ use ]\n" \
"                       [ lifetime LIFETIME ] [ soft-lifetime LIFETIME ]\n" \
"       srtpctl key replace id N [ suite SUITE ] key { KEYSPEC | - } [ mki HEX ]\n" \
"                       [ lifetime LIFETIME ] [ soft-lifetime LIFETIME ]\n" \
"       srtpctl key del id N { next | previous | at INDEX | mki HEX }\n" \
"       srtpctl key use id N mki HEX\n" \
"       srtpctl [ -j ] key show id N\n"

#define MONITOR_USAGE \
"srtpctl [ -j ] monitor [ count N ]\n"

#define GUARD_USAGE \
"srtpctl guard { add | del } dir { tx | rx } ports LO[-HI]\n" \
"       srtpctl [ -j ] guard show [ dir { tx | rx } ]\n"

#define STATS_USAGE \
"srtpctl [ -j ] stats [ --prometheus ]\n"

#define STREAM_USAGE \
"srtpctl [ -j ] stream show id N [ ssrc S ]\n"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: srtpctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
"       srtpctl [ -V | --version ]\n"
"       srtpctl help\n"
"where  OBJECT  := { flow | flush | guard | key | monitor | stats |\n"
"                    stream | version | help }\n"
"       OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -n[etns] NETNS |\n"
"                    -b[atch] FILE | -force | -V[ersion] | -h[elp] }\n"
"Objects, commands and keywords may be shortened to any unambiguous\n"
"prefix (srtpctl fl sh = srtpctl flow show).\n"
"\n"
"       " FLOW_ADD_USAGE
"       srtpctl flow del SEL\n"
"       srtpctl flow show [ SEL ] [ -s ]\n"
"       " FLOW_CHANGE_USAGE
"       " FLOW_SEL_USAGE
"       srtpctl flush\n"
"       " KEY_USAGE
"       " MONITOR_USAGE
"       " GUARD_USAGE
"       " STATS_USAGE
"       " STREAM_USAGE
"       srtpctl version\n"
"       srtpctl help\n"
"\n");
	print_suites(f);
	fprintf(f,
"KEYSPEC := { inline:BASE64[|LIFETIME][|MKI:LENGTH] |\n"
"             \"a=crypto:TAG SUITE inline:...\" | hex:HEX | HEX }\n"
"LIFETIME := { N | 2^N }      packets, 1 to 2^48\n"
"INDEX    := { N | ROC:SEQ }  SRTP packet index, N = ROC * 65536 + SEQ\n"
"mki HEX: an MKI of 1 to 4 bytes in hex, two digits a byte (01, 0x0102)\n"
"ports LO[-HI]: local UDP ports, 1 to 65535 (5004, 5000-5999)\n");
}

/* An error of ours (no kernel one): a line, or a JSON object with -j. */
static void report_error(const char *msg)
{
	fflush(stdout);
	error_print(stderr, json, progname, msg, NULL, NULL, 0);
}

static int usage_error(const char *fmt, const char *arg)
{
	char msg[KS_ERRLEN + 64];

	snprintf(msg, sizeof(msg), fmt, arg);
	report_error(msg);
	if (!json)
		fprintf(stderr, "Try '%s help' for more information.\n",
			progname);
	return EXIT_USAGE;
}

static int do_version(void)
{
	if (json)
		printf("{\"name\":\"srtpctl\",\"version\":\"%s\"}\n",
		       SRTPCTL_VERSION);
	else
		printf("srtpctl %s\n", SRTPCTL_VERSION);
	return 0;
}

/* "srtpctl: <message>" for a bad argument: exit 1, nothing sent. */
static int arg_error(const char *msg)
{
	report_error(msg);
	return EXIT_USAGE;
}

/*
 * -n NETNS: enter /run/netns/NETNS (or NETNS, if it is a path), as ip -n
 * does, before the first netlink socket is opened. Once: a batch stays.
 */
static int enter_netns(void)
{
	static int done;
	char path[4096], msg[4200];
	int fd;

	if (!netns || done)
		return 0;
	if (strchr(netns, '/'))
		snprintf(path, sizeof(path), "%s", netns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", netns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(msg, sizeof(msg),
			 "Cannot open network namespace \"%s\": %s", netns,
			 strerror(errno));
		report_error(msg);
		return EXIT_RUNTIME;
	}
	if (setns(fd, CLONE_NEWNET)) {
		snprintf(msg, sizeof(msg),
			 "setting the network namespace \"%s\" failed: %s",
			 netns, strerror(errno));
		close(fd);
		report_error(msg);
		return EXIT_RUNTIME;
	}
	close(fd);
	done = 1;
	return 0;
}

static int open_kernel(struct ksrtp_nl *nl)
{
	char err[KS_ERRLEN];
	int ret = enter_netns();

	if (ret)
		return ret;
	if (ksrtp_nl_open(nl, err, sizeof(err))) {
		report_error(err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/*
 * "srtpctl: <extack message>[: <attribute>] (<strerror>)", or under -j
 * {"error":WHAT,"extack":...,"attr":...,"errno":N,"strerror":...}; exit 2.
 */
static int kernel_error(const char *what, const struct ksrtp_nl_error *e)
{
	fflush(stdout);
	error_print(stderr, json, progname, what, e->msg, e->attr, e->err);
	return EXIT_RUNTIME;
}

static int is_help(const char *arg)
{
	return flow_kw_is(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

/*
 * The id in @tab of the command word @cmd of @what ("flow", "object"), or
 * -1 with the error reported: unknown, or ambiguous naming the candidates.
 */
static int match_cmd(const struct flow_cmd *tab, size_t n, const char *what,
		     const char *cmd)
{
	char cands[256], msg[KS_ERRLEN + 512];
	int id = flow_match_cmd(tab, n, cmd, cands, sizeof(cands));

	if (id >= 0)
		return id;
	if (id == -2)
		snprintf(msg, sizeof(msg), "ambiguous %s '%s': %s", what, cmd,
			 cands);
	else
		snprintf(msg, sizeof(msg), "unknown %s '%s'", what, cmd);
	report_error(msg);
	if (!json)
		fprintf(stderr, "Try '%s help' for more information.\n",
			progname);
	return -1;
}

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { C_ADD, C_DEL, C_SHOW, C_REPLACE, C_USE, C_CHANGE, C_HELP };

static const struct flow_cmd flow_cmds[] = {
	{ "add", C_ADD }, { "del", C_DEL }, { "delete", C_DEL },
	{ "show", C_SHOW }, { "list", C_SHOW }, { "ls", C_SHOW },
	{ "change", C_CHANGE }, { "set", C_CHANGE }, { "help", C_HELP },
};

static const struct flow_cmd key_cmds[] = {
	{ "add", C_ADD }, { "replace", C_REPLACE }, { "del", C_DEL },
	{ "delete", C_DEL }, { "use", C_USE }, { "show", C_SHOW },
	{ "list", C_SHOW }, { "ls", C_SHOW }, { "help", C_HELP },
};

static const struct flow_cmd stream_cmds[] = {
	{ "show", C_SHOW }, { "list", C_SHOW }, { "ls", C_SHOW },
	{ "help", C_HELP },
};

/* Overwrite the key argument so that it leaves /proc/PID/cmdline. */
static void hide_key_arg(int argc, char **argv)
{
	int i;

	for (i = 0; i + 1 < argc; i++)
		if (flow_kw_is(argv[i], "key") && strcmp(argv[i + 1], "-"))
			memset(argv[i + 1], 'x', strlen(argv[i + 1]));
}

/* Running a -batch: its owned flows live until it ends. */
static int in_batch;

/*
 * The socket that owns the "owned" flows: opened at the first one and
 * kept for the rest of the process, so that the kernel deletes them when
 * srtpctl exits, is killed or crashes.
 */
static struct ksrtp_nl owner_nl;
static int owner_open;

static int do_flow_add(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct flow_req req;
	struct ksrtp_nl nl, *use = &nl;
	uint32_t id;
	int ret;

	ret = flow_add_parse(argc, argv, stdin, &req, err, sizeof(err));
	hide_key_arg(argc, argv);
	if (!ret && req.owned && !in_batch) {
		snprintf(err, sizeof(err),
			 "flow add: an 'owned' flow goes when srtpctl exits: add it in a -batch, which keeps it until the batch ends");
		ret = -1;
	}
	if (ret) {
		flow_req_clear(&req);
		return arg_error(err);
	}
	if (req.owned) {
		use = &owner_nl;
		ret = owner_open ? 0 : open_kernel(&owner_nl);
		owner_open = !ret;
	} else {
		ret = open_kernel(&nl);
	}
	if (ret) {
		flow_req_clear(&req);
		return ret;
	}
	ret = ksrtp_nl_flow_new(use, &req, &id, &e);
	flow_req_clear(&req);
	if (use == &nl)
		ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot add the flow", &e);
	if (json)
		printf("{\"id\":%u}\n", id);
	else
		printf("flow %u\n", id);
	return 0;
}

static int do_flow_del(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct flow_sel sel;
	struct ksrtp_nl nl;
	int ret;

	if (flow_sel_parse("flow del", argc, argv, &sel, NULL, err,
			   sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_flow_del_sel(&nl, &sel, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error(sel.has_cookie ? "cannot delete the flows" :
				    "cannot delete the flow", &e);
	return 0;
}

static int do_flow_change(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct flow_set_req req;
	struct ksrtp_nl nl;
	int ret;

	if (flow_change_parse(argc, argv, &req, err, sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_flow_set(&nl, &req, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot change the flow", &e);
	return 0;
}

struct show_ctx {
	int stats;
	unsigned int count;
	/* with stats: the flows, whose streams are fetched after the dump */
	struct flow_info *flows;
	unsigned int n, cap;
	int nomem;
};

static void show_one(const struct flow_info *fi, void *arg)
{
	struct show_ctx *c = arg;

	if (json && c->count)
		putchar(',');
	flow_print(stdout, fi, c->stats, json);
	c->count++;
}

/* A copy of @fi into c->flows, its keys with it; no streams yet. */
static void collect_one(const struct flow_info *fi, void *arg)
{
	struct show_ctx *c = arg;
	struct flow_info *f;

	if (c->n == c->cap) {
		unsigned int cap = c->cap ? 2 * c->cap : 16;

		f = realloc(c->flows, cap * sizeof(*f));
		if (!f) {
			c->nomem = 1;
			return;
		}
		c->flows = f;
		c->cap = cap;
	}
	f = &c->flows[c->n];
	*f = *fi;
	f->streams = NULL;
	f->n_streams = 0;
	f->keys = NULL;
	if (fi->n_keys) {
		f->keys = malloc(fi->n_keys * sizeof(*f->keys));
		if (!f->keys) {
			c->nomem = 1;
			return;
		}
		memcpy(f->keys, fi->keys, fi->n_keys * sizeof(*f->keys));
	}
	c->n++;
}

struct streams_ctx {
	struct flow_info *fi;
	unsigned int cap;
	int nomem;
};

static void add_stream(uint32_t flow_id, const struct flow_stream *s,
		       void *arg)
{
	struct streams_ctx *c = arg;
	struct flow_info *fi = c->fi;

	(void)flow_id;
	if (fi->n_streams == c->cap) {
		unsigned int cap = c->cap ? 2 * c->cap : 16;
		struct flow_stream *n = realloc(fi->streams, cap * sizeof(*n));

		if (!n) {
			c->nomem = 1;
			return;
		}
		fi->streams = n;
		c->cap = cap;
	}
	fi->streams[fi->n_streams++] = *s;
}

/*
 * flow show -s: the flows first, then the streams of each from its own
 * stream-get dump (they do not fit the flow's message). A flow deleted in
 * between is left out, as if the first dump had come after.
 */
static int show_with_streams(struct ksrtp_nl *nl, const struct flow_sel *sel,
			     struct show_ctx *c, struct ksrtp_nl_error *e)
{
	int has_id = sel->has_id || sel->has_tuple;
	unsigned int i;
	int ret;

	ret = ksrtp_nl_flow_get_sel(nl, sel, collect_one, c, e);
	for (i = 0; !ret && i < c->n; i++) {
		struct streams_ctx sc = { .fi = &c->flows[i] };

		if (c->nomem)
			break;
		ret = ksrtp_nl_stream_get(nl, c->flows[i].id, 0, 0,
					  add_stream, &sc, e);
		if (ret && e->err == ENOENT && !has_id) {
			flow_info_free(&c->flows[i]);
			c->flows[i].id = 0;	/* gone */
			ret = 0;
			continue;
		}
		if (sc.nomem)
			c->nomem = 1;
	}
	if (!ret && c->nomem) {
		memset(e, 0, sizeof(*e));
		e->err = ENOMEM;
		snprintf(e->msg, sizeof(e->msg), "out of memory");
		ret = -1;
	}
	for (i = 0; !ret && i < c->n; i++)
		if (c->flows[i].id)
			show_one(&c->flows[i], c);
	for (i = 0; i < c->n; i++)
		flow_info_free(&c->flows[i]);
	free(c->flows);
	return ret;
}

static int do_flow_show(int argc, char **argv)
{
	struct show_ctx c = { .stats = show_stats };
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct flow_sel sel;
	struct ksrtp_nl nl;
	int ret;

	if (flow_sel_parse("flow show", argc, argv, &sel, &c.stats, err,
			   sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (json)
		putchar('[');
	if (c.stats)
		ret = show_with_streams(&nl, &sel, &c, &e);
	else
		ret = ksrtp_nl_flow_get_sel(&nl, &sel, show_one, &c, &e);
	ksrtp_nl_close(&nl);
	if (json)
		printf("]\n");
	fflush(stdout);
	if (ret)
		return kernel_error("cannot list flows", &e);
	return 0;
}

static int do_flow(int argc, char **argv)
{
	const char *cmd = argc > 0 ? argv[0] : "show";

	if (is_help(cmd)) {
		printf(
"Usage: " FLOW_ADD_USAGE
"       srtpctl flow del SEL\n"
"       srtpctl [ -j ] flow show [ SEL ] [ -s ]\n"
"       " FLOW_CHANGE_USAGE
"       " FLOW_SEL_USAGE
"'flow del cookie N' deletes every flow with cookie N; 'flow show cookie N'\n"
"lists them. An 'owned' flow belongs to srtpctl's netlink socket and goes\n"
"when srtpctl exits: only a -batch can add it, and keeps it until it ends.\n"
"'flow change' keeps the flow's keys, ROC, replay state and counters.\n"
"ADDR:PORT is 192.0.2.1:5000 or [2001:db8::1]:5000; 'key -' reads the\n"
"KEYSPEC from standard input. LIFETIME is N or 2^N packets (1 to 2^48); an\n"
"SDES |LIFETIME| in the KEYSPEC counts unless 'lifetime' is given.\n");
		return 0;
	}
	if (argc > 0) {
		argc--;
		argv++;
	}
	switch (match_cmd(flow_cmds, ARRAY_SIZE(flow_cmds), "flow command",
			  cmd)) {
	case C_ADD:
		return do_flow_add(argc, argv);
	case C_DEL:
		return do_flow_del(argc, argv);
	case C_SHOW:
		return do_flow_show(argc, argv);
	case C_CHANGE:
		return do_flow_change(argc, argv);
	}
	return EXIT_USAGE;
}

struct stream_show_ctx {
	unsigned int count;
};

static void show_stream(uint32_t flow_id, const struct flow_stream *s,
			void *arg)
{
	struct stream_show_ctx *c = arg;

	(void)flow_id;
	if (json && c->count)
		putchar(',');
	stream_print(stdout, s, json);
	c->count++;
}

static int do_stream(int argc, char **argv)
{
	struct stream_show_ctx c = { 0 };
	const char *cmd = argc > 0 ? argv[0] : "show";
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	int has_ssrc, ret;
	uint32_t id = 0, ssrc = 0;

	if (is_help(cmd)) {
		printf(
"Usage: " STREAM_USAGE
"List the SSRC streams of flow N, in ascending SSRC order, or with 'ssrc S'\n"
"the one stream of SSRC S: ssrc, roc, seq (the highest), srtcp-index,\n"
"idle-ms and the stream's counters; with -j a JSON array of objects.\n");
		return 0;
	}
	if (match_cmd(stream_cmds, ARRAY_SIZE(stream_cmds), "stream command",
		      cmd) != C_SHOW)
		return EXIT_USAGE;
	if (argc > 0) {
		argc--;
		argv++;
	}
	if (stream_show_parse(argc, argv, &id, &has_ssrc, &ssrc, err,
			      sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (json)
		putchar('[');
	ret = ksrtp_nl_stream_get(&nl, id, has_ssrc, ssrc, show_stream, &c,
				  &e);
	ksrtp_nl_close(&nl);
	if (json)
		printf("]\n");
	fflush(stdout);
	if (ret)
		return kernel_error("cannot list the streams", &e);
	return 0;
}

static int do_flush(int argc, char **argv)
{
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	int ret;

	if (argc > 0 && is_help(argv[0])) {
		printf("Usage: srtpctl flush\n"
		       "Delete every flow of this network namespace.\n");
		return 0;
	}
	if (argc > 0)
		return usage_error("flush: unexpected argument '%s'", argv[0]);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_flush(&nl, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot flush", &e);
	return 0;
}

struct suite_ctx {
	int found;
	uint32_t suite;
};

static void get_suite(const struct flow_info *fi, void *arg)
{
	struct suite_ctx *c = arg;

	c->found = 1;
	c->suite = fi->suite;
}

static int do_key_add(int argc, char **argv, int replace)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct key_req req;
	struct ksrtp_nl nl;
	int ret;

	ret = key_add_parse(argc, argv, replace, stdin, &req, err,
			    sizeof(err));
	hide_key_arg(argc, argv);
	if (ret) {
		key_req_clear(&req);
		return arg_error(err);
	}
	ret = open_kernel(&nl);
	if (ret) {
		key_req_clear(&req);
		return ret;
	}
	if (key_req_needs_suite(&req)) {
		/* The flow's suite tells how to split key || salt. */
		const struct ks_suite *suite;
		struct suite_ctx sc = { 0 };

		ret = ksrtp_nl_flow_get(&nl, 1, req.flow_id, get_suite, &sc,
					&e);
		if (ret) {
			key_req_clear(&req);
			ksrtp_nl_close(&nl);
			return kernel_error("cannot look up the flow", &e);
		}
		suite = sc.found ? flow_suite_from_uapi(sc.suite) : NULL;
		if (!suite) {
			key_req_clear(&req);
			ksrtp_nl_close(&nl);
			snprintf(err, sizeof(err),
				 "flow %u: unknown suite %u; give 'suite SUITE'",
				 req.flow_id, sc.suite);
			report_error(err);
			return EXIT_RUNTIME;
		}
		if (key_req_finish(&req, suite, err, sizeof(err))) {
			key_req_clear(&req);
			ksrtp_nl_close(&nl);
			return arg_error(err);
		}
	}
	ret = ksrtp_nl_key_new(&nl, &req, &e);
	key_req_clear(&req);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error(replace ? "cannot replace the key" :
				    "cannot add the key", &e);
	return 0;
}

static int do_key_del_use(int argc, char **argv, int use)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct key_req req;
	struct ksrtp_nl nl;
	int ret;

	if (use)
		ret = key_use_parse(argc, argv, &req, err, sizeof(err));
	else
		ret = key_del_parse(argc, argv, &req, err, sizeof(err));
	if (ret)
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (use)
		ret = ksrtp_nl_key_use(&nl, &req, &e);
	else
		ret = ksrtp_nl_key_del(&nl, &req, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error(use ? "cannot switch keys" :
				    "cannot delete the key", &e);
	return 0;
}

static void show_keys(const struct flow_info *fi, void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < fi->n_keys; i++) {
		if (json && i)
			putchar(',');
		key_print(stdout, &fi->keys[i], json);
	}
}

static int do_key_show(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	uint32_t id = 0;
	int ret;

	if (key_show_parse(argc, argv, &id, &json, err, sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (json)
		putchar('[');
	ret = ksrtp_nl_flow_get(&nl, 1, id, show_keys, NULL, &e);
	ksrtp_nl_close(&nl);
	if (json)
		printf("]\n");
	fflush(stdout);
	if (ret)
		return kernel_error("cannot show the keys", &e);
	return 0;
}

static int do_key(int argc, char **argv)
{
	const char *cmd;

	if (argc < 1)
		return usage_error("%s",
				   "key: missing command (add, replace, del, use or show)");
	cmd = argv[0];
	if (is_help(cmd)) {
		printf(
"Usage: " KEY_USAGE
"INDEX is a 48-bit SRTP packet index N or ROC:SEQ (ROC * 65536 + SEQ); HEX\n"
"is an MKI of 1 to 4 bytes in hex (01, 0x0102). The suite that splits the\n"
"KEYSPEC into key and salt is the flow's, unless given with 'suite' or by\n"
"an a=crypto line. 'key replace' is 'key add ... current'; 'standby' (or\n"
"no slot word, with an MKI) adds an MKI key without using it.\n");
		return 0;
	}
	argc--;
	argv++;
	switch (match_cmd(key_cmds, ARRAY_SIZE(key_cmds), "key command", cmd)) {
	case C_ADD:
		return do_key_add(argc, argv, 0);
	case C_REPLACE:
		return do_key_add(argc, argv, 1);
	case C_DEL:
		return do_key_del_use(argc, argv, 0);
	case C_USE:
		return do_key_del_use(argc, argv, 1);
	case C_SHOW:
		return do_key_show(argc, argv);
	}
	return EXIT_USAGE;
}

struct mon_ctx {
	uint32_t count;		/* 0: until killed */
	uint32_t seen;
};

static int on_event(const struct key_event *ev, void *arg)
{
	struct mon_ctx *c = arg;

	event_print(stdout, ev, json);
	/* Readers are often pipes or files: one line at a time. */
	fflush(stdout);
	c->seen++;
	return c->count && c->seen >= c->count;
}

static void on_signal(int sig)
{
	(void)sig;
	/* Every line is already flushed. */
	_exit(0);
}

static int do_monitor(int argc, char **argv)
{
	struct mon_ctx c = { 0 };
	struct sigaction sa;
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	int ret;

	if (argc > 0 && is_help(argv[0])) {
		printf(
"Usage: " MONITOR_USAGE
"Print one line per key event of this network namespace until killed, or\n"
"until N events with 'count N'; with -j one JSON object per line. Events:\n"
"soft-limit, hard-limit, key-promoted, key-retired, new-ssrc, tx-repeat,\n"
"ssrc-expired.\n");
		return 0;
	}
	if (monitor_parse(argc, argv, &json, &c.count, err, sizeof(err)))
		return arg_error(err);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_monitor(&nl, on_event, &c, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot monitor events", &e);
	return 0;
}

static int do_guard_add_del(int argc, char **argv, int del)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct guard_req req;
	struct ksrtp_nl nl;
	int ret;

	if (guard_parse(argc, argv, del, &req, err, sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (del)
		ret = ksrtp_nl_guard_del(&nl, &req, &e);
	else
		ret = ksrtp_nl_guard_new(&nl, &req, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error(del ? "cannot delete the guard" :
				    "cannot add the guard", &e);
	return 0;
}

struct guard_show_ctx {
	uint8_t dir;		/* 0: both */
	unsigned int count;
};

static void show_guard(const struct guard_info *g, void *arg)
{
	struct guard_show_ctx *c = arg;

	if (c->dir && g->dir != c->dir)
		return;
	if (json && c->count)
		putchar(',');
	guard_print(stdout, g, json);
	c->count++;
}

static int do_guard_show(int argc, char **argv)
{
	struct guard_show_ctx c = { 0 };
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	int ret;

	if (guard_show_parse(argc, argv, &c.dir, err, sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (json)
		putchar('[');
	ret = ksrtp_nl_guard_get(&nl, show_guard, &c, &e);
	ksrtp_nl_close(&nl);
	if (json)
		printf("]\n");
	fflush(stdout);
	if (ret)
		return kernel_error("cannot list guards", &e);
	return 0;
}

static int do_guard(int argc, char **argv)
{
	const char *cmd = argc > 0 ? argv[0] : "show";

	if (is_help(cmd)) {
		printf(
"Usage: " GUARD_USAGE
"Drop RTP and RTCP (first byte 128 to 191) sent from (tx) or received on (rx)\n"
"a local UDP port in the range unless a flow matches them, so that media\n"
"never goes out or comes in unprotected; STUN, DTLS and TURN pass. 'guard\n"
"del' takes the range exactly as it was added. LO[-HI] is a port or a range\n"
"of ports, 1 to 65535 (5004, 5000-5999).\n");
		return 0;
	}
	if (argc > 0) {
		argc--;
		argv++;
	}
	switch (match_cmd(flow_cmds, ARRAY_SIZE(flow_cmds), "guard command",
			  cmd)) {
	case C_ADD:
		return do_guard_add_del(argc, argv, 0);
	case C_DEL:
		return do_guard_add_del(argc, argv, 1);
	case C_SHOW:
		return do_guard_show(argc, argv);
	}
	return EXIT_USAGE;
}

static int do_stats(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct netns_info ni;
	char ns[32] = "";
	struct ksrtp_nl nl;
	int ret, prom;

	if (argc > 0 && is_help(argv[0])) {
		printf(
"Usage: " STATS_USAGE
"Print the number of flows, guarded port ranges and learned SSRC streams\n"
"of this network namespace, its counters outside any flow: guard-tx,\n"
"guard-rx (RTP or RTCP dropped at a guarded port without a flow),\n"
"fragments, gso-errors, gso-split; and the totals of its tx and of its rx\n"
"flows' counters (packets, bytes, auth-fail, ...), deleted flows included.\n"
"--prometheus prints them in the Prometheus text format (for\n"
"node_exporter's textfile collector), labelled with the namespace's inode\n"
"number: ksrtp_flows, ksrtp_guards, ksrtp_streams, ksrtp_guard_tx_total,\n"
"..., ksrtp_flow_packets_total{dir=\"tx\"}, ...\n");
		return 0;
	}
	if (stats_parse(argc, argv, &prom, err, sizeof(err)))
		return usage_error("%s", err);
	if (prom && json)
		return usage_error("%s", "stats: --prometheus and -j exclude each other");
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_stats_get(&nl, &ni, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot get the stats", &e);
	if (prom)
		prom_netns_print(stdout, &ni,
				 prom_netns_id(ns, sizeof(ns)) ? NULL : ns);
	else
		netns_print(stdout, &ni, json);
	fflush(stdout);
	return 0;
}

enum { O_HELP, O_VERSION, O_FLOW, O_FLUSH, O_KEY, O_MONITOR, O_GUARD,
       O_STATS, O_STREAM };

static const struct flow_cmd objects[] = {
	{ "flow", O_FLOW }, { "flush", O_FLUSH }, { "guard", O_GUARD },
	{ "help", O_HELP }, { "key", O_KEY }, { "monitor", O_MONITOR },
	{ "stats", O_STATS }, { "stream", O_STREAM }, { "version", O_VERSION },
};

/* OBJECT COMMAND [ARGS]: one command line after the options. */
static int do_command(int argc, char **argv)
{
	const char *obj;

	if (argc < 1) {
		if (json) {
			report_error("missing OBJECT; try 'srtpctl help'");
			return EXIT_USAGE;
		}
		usage(stderr);
		return EXIT_USAGE;
	}

	obj = argv[0];
	argc--;
	argv++;

	switch (match_cmd(objects, ARRAY_SIZE(objects), "object", obj)) {
	case O_HELP:
		usage(stdout);
		return 0;
	case O_VERSION:
		if (argc > 0)
			return usage_error("version: unexpected argument '%s'",
					   argv[0]);
		return do_version();
	case O_FLOW:
		return do_flow(argc, argv);
	case O_FLUSH:
		return do_flush(argc, argv);
	case O_KEY:
		return do_key(argc, argv);
	case O_MONITOR:
		return do_monitor(argc, argv);
	case O_GUARD:
		return do_guard(argc, argv);
	case O_STATS:
		return do_stats(argc, argv);
	case O_STREAM:
		return do_stream(argc, argv);
	}
	return EXIT_USAGE;
}

#define BATCH_MAX_ARGS	64

/*
 * Split @line into words in place: blanks separate words, "..." and '...'
 * group them (an a=crypto line has blanks), # starts a comment.
 * Returns the number of words, or -1 on an unterminated quote or too many.
 */
static int split_line(char *line, char **argv)
{
	char *r = line, *w;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r')
			r++;
		if (!*r || *r == '#')
			return n;
		if (n == BATCH_MAX_ARGS)
			return -1;
		argv[n++] = w = r;
		while (*r && *r != ' ' && *r != '\t' && *r != '\n' &&
		       *r != '\r') {
			if (*r == '"' || *r == '\'') {
				char q = *r++;

				while (*r && *r != q)
					*w++ = *r++;
				if (!*r)
					return -1;
				r++;
			} else {
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w = 0;
	}
}

/* "Command failed FILE:LINE", as ip -batch says it; JSON with -j. */
static void batch_failed(const char *path, long lineno)
{
	if (json) {
		fputs("{\"error\":\"Command failed\",\"file\":", stderr);
		json_print_str(stderr, path);
		fprintf(stderr, ",\"line\":%ld}\n", lineno);
	} else {
		fprintf(stderr, "Command failed %s:%ld\n", path, lineno);
	}
}

/*
 * -batch FILE: run the commands of FILE ("-": standard input), one per
 * line, as ip(8) -batch does. Output is flushed after every command, so a
 * program can drive srtpctl through a pipe. Every failing command is
 * followed by "Command failed FILE:LINE" on stderr; the batch stops there
 * unless -force.
 */
static int do_batch(const char *path, int force)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *argv[BATCH_MAX_ARGS];
	size_t cap = 0;
	long lineno = 0;
	int rc = 0, n;

	if (!f) {
		char msg[4200];

		snprintf(msg, sizeof(msg), "cannot open batch file '%s'", path);
		report_error(msg);
		return EXIT_USAGE;
	}
	in_batch = 1;
	while (getline(&line, &cap, f) >= 0) {
		int r;

		lineno++;
		n = split_line(line, argv);
		if (n < 0) {
			char msg[4200];

			snprintf(msg, sizeof(msg),
				 "%s:%ld: unterminated quote or too many words",
				 path, lineno);
			report_error(msg);
			r = EXIT_USAGE;
		} else if (!n) {
			continue;
		} else {
			r = do_command(n, argv);
		}
		fflush(stdout);
		if (r) {
			rc = r;
			batch_failed(path, lineno);
		}
		fflush(stderr);
		if (r && !force)
			break;
	}
	if (line) {
		memset(line, 0, cap);	/* it may have held a key */
		free(line);
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

/* -p: stdout through json_pretty_feed() on its way to the real one. */
static struct json_pretty pretty_state;
static FILE *real_stdout;

static ssize_t pretty_write(void *cookie, const char *buf, size_t n)
{
	(void)cookie;
	json_pretty_feed(&pretty_state, real_stdout, buf, n);
	fflush(real_stdout);
	return (ssize_t)n;
}

static void pretty_stdout(void)
{
	static const cookie_io_functions_t io = { .write = pretty_write };
	FILE *f;

	real_stdout = stdout;
	f = fopencookie(NULL, "w", io);
	if (f)
		stdout = f;
}

enum { OPT_JSON, OPT_PRETTY, OPT_STATS, OPT_NETNS, OPT_BATCH, OPT_FORCE,
       OPT_VERSION, OPT_HELP };

/* Options, after the '-', as ip(8): any unambiguous prefix, -j = -json. */
static const struct flow_cmd options[] = {
	{ "json", OPT_JSON }, { "pretty", OPT_PRETTY }, { "stats", OPT_STATS },
	{ "statistics", OPT_STATS }, { "netns", OPT_NETNS },
	{ "batch", OPT_BATCH }, { "force", OPT_FORCE },
	{ "Version", OPT_VERSION }, { "help", OPT_HELP },
};

/* --json and the like: whole words only; --version as -V. */
static int long_option(const char *word)
{
	size_t i;

	if (!strcmp(word, "version"))
		return OPT_VERSION;
	for (i = 0; i < ARRAY_SIZE(options); i++)
		if (options[i].id != OPT_VERSION &&
		    !strcmp(word, options[i].word))
			return options[i].id;
	return -1;
}

int main(int argc, char **argv)
{
	const char *batch = NULL;
	int force = 0, version = 0, ret;

	argc--;
	argv++;

	/* Options come before OBJECT, as in ip(8). */
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];
		char cands[256];
		int id;

		if (!strcmp(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (opt[1] == '-')
			id = long_option(opt + 2);
		else
			id = flow_match_cmd(options, ARRAY_SIZE(options),
					    opt + 1, cands, sizeof(cands));
		switch (id) {
		case OPT_JSON:
			json = 1;
			break;
		case OPT_PRETTY:
			pretty = 1;
			break;
		case OPT_STATS:
			show_stats = 1;
			break;
		case OPT_NETNS:
		case OPT_BATCH:
			if (argc < 2)
				return usage_error(id == OPT_NETNS ?
						   "%s needs a network namespace name" :
						   "%s needs a file name ('-': standard input)",
						   opt);
			*(id == OPT_NETNS ? &netns : &batch) = argv[1];
			argc--;
			argv++;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_VERSION:
			version = 1;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case -2:
			return usage_error("ambiguous option '%s'", opt);
		default:
			return usage_error("unknown option '%s'", opt);
		}
		argc--;
		argv++;
		if (version)
			break;
	}

	if (json && pretty)
		pretty_stdout();
	if (version) {
		ret = do_version();
	} else if (batch) {
		if (argc > 0)
			ret = usage_error("-batch takes no command: '%s'",
					  argv[0]);
		else
			ret = do_batch(batch, force);
	} else {
		ret = do_command(argc, argv);
	}
	fflush(stdout);
	return ret;
}
