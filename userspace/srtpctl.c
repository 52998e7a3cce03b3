// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: configure ksrtp, the in-kernel SRTP datapath.
 *
 *   srtpctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * flow and flush talk to the kernel over the "ksrtp" generic netlink
 * family (netlink/ksrtp.yaml); key and monitor are recognised but fail with
 * an honest message until the kernel side exists.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowargs.h"
#include "flowshow.h"
#include "keyspec.h"
#include "nl.h"
#include "version.h"

#define EXIT_USAGE	1	/* bad invocation */
#define EXIT_RUNTIME	2	/* kernel/netlink problem, not implemented */

static const char *progname = "srtpctl";
static int json;
static int show_stats;

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

static void usage(FILE *f)
{
	fprintf(f,
"Usage: srtpctl [ OPTIONS ] OBJECT { COMMAND | help }\n"
"       srtpctl [ -V | --version ]\n"
"       srtpctl help\n"
"where  OBJECT  := { flow | flush | key | monitor | version | help }\n"
"       OPTIONS := { -j[son] | -s[tatistics] | -V[ersion] | -h[elp] }\n"
"\n"
"       srtpctl flow add dir { tx | rx } local ADDR:PORT\n"
"                        [ remote { ADDR:PORT | any } ] [ suite SUITE ]\n"
"                        key { KEYSPEC | - } [ ssrc { N | any } ]\n"
"                        [ max-ssrcs N ] [ rtcp-mux ] [ rtcp ]\n"
"                        [ replay-window N ] [ roc N ]\n"
"       srtpctl flow del id N\n"
"       srtpctl flow show [ id N ] [ -s ]\n"
"       srtpctl flush\n"
"       srtpctl version\n"
"       srtpctl help\n"
"\n"
"Planned (recognised, but not implemented yet):\n"
"       srtpctl key ...\n"
"       srtpctl monitor [ -j ]\n"
"\n");
	print_suites(f);
	fprintf(f,
"KEYSPEC := { inline:BASE64[|LIFETIME][|MKI:LENGTH] |\n"
"             \"a=crypto:TAG SUITE inline:...\" | hex:HEX | HEX }\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", progname);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s help' for more information.\n", progname);
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
	fprintf(stderr, "%s: %s\n", progname, msg);
	return EXIT_USAGE;
}

/*
 * Everything below needs the kernel.  Probe for the family so that the
 * user learns the real reason the command cannot work.
 */
static int need_kernel(const char *what)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl nl;

	if (ksrtp_nl_open(&nl, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return EXIT_RUNTIME;
	}
	ksrtp_nl_close(&nl);
	fprintf(stderr,
		"%s: %s: not implemented in srtpctl %s (the ksrtp family is present, but this srtpctl cannot talk to it yet)\n",
		progname, what, SRTPCTL_VERSION);
	return EXIT_RUNTIME;
}

static int open_kernel(struct ksrtp_nl *nl)
{
	char err[KS_ERRLEN];

	if (ksrtp_nl_open(nl, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", progname, err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* "srtpctl: <extack message>[: <attribute>] (<strerror>)", exit 2. */
static int kernel_error(const char *what, const struct ksrtp_nl_error *e)
{
	const char *m = e->msg[0] ? e->msg : what;

	if (e->attr[0])
		fprintf(stderr, "%s: %s: %s (%s)\n", progname, m, e->attr,
			strerror(e->err));
	else
		fprintf(stderr, "%s: %s (%s)\n", progname, m,
			strerror(e->err));
	return EXIT_RUNTIME;
}

static int is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

/* Overwrite the key argument so that it leaves /proc/PID/cmdline. */
static void hide_key_arg(int argc, char **argv)
{
	int i;

	for (i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "key") && strcmp(argv[i + 1], "-"))
			memset(argv[i + 1], 'x', strlen(argv[i + 1]));
}

static int do_flow_add(int argc, char **argv)
{
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct flow_req req;
	struct ksrtp_nl nl;
	uint32_t id;
	int ret;

	ret = flow_add_parse(argc, argv, stdin, &req, err, sizeof(err));
	hide_key_arg(argc, argv);
	if (ret) {
		flow_req_clear(&req);
		return arg_error(err);
	}
	ret = open_kernel(&nl);
	if (ret) {
		flow_req_clear(&req);
		return ret;
	}
	ret = ksrtp_nl_flow_new(&nl, &req, &id, &e);
	flow_req_clear(&req);
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
	struct ksrtp_nl nl;
	uint32_t id;
	int ret;

	if (flow_del_parse(argc, argv, &id, err, sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	ret = ksrtp_nl_flow_del(&nl, id, &e);
	ksrtp_nl_close(&nl);
	if (ret)
		return kernel_error("cannot delete the flow", &e);
	return 0;
}

struct show_ctx {
	int stats;
	unsigned int count;
};

static void show_one(const struct flow_info *fi, void *arg)
{
	struct show_ctx *c = arg;

	if (json && c->count)
		putchar(',');
	flow_print(stdout, fi, c->stats, json);
	c->count++;
}

static int do_flow_show(int argc, char **argv)
{
	struct show_ctx c = { .stats = show_stats };
	char err[KS_ERRLEN];
	struct ksrtp_nl_error e;
	struct ksrtp_nl nl;
	int has_id, ret;
	uint32_t id = 0;

	if (flow_show_parse(argc, argv, &has_id, &id, &c.stats, err,
			    sizeof(err)))
		return arg_error(err);
	ret = open_kernel(&nl);
	if (ret)
		return ret;
	if (json)
		putchar('[');
	ret = ksrtp_nl_flow_get(&nl, has_id, id, show_one, &c, &e);
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
"Usage: srtpctl flow add dir { tx | rx } local ADDR:PORT\n"
"                    [ remote { ADDR:PORT | any } ] [ suite SUITE ]\n"
"                    key { KEYSPEC | - } [ ssrc { N | any } ]\n"
"                    [ max-ssrcs N ] [ rtcp-mux ] [ rtcp ]\n"
"                    [ replay-window N ] [ roc N ]\n"
"       srtpctl flow del id N\n"
"       srtpctl [ -j ] flow show [ id N ] [ -s ]\n"
"ADDR:PORT is 192.0.2.1:5000 or [2001:db8::1]:5000; 'key -' reads the\n"
"KEYSPEC from standard input.\n");
		return 0;
	}
	if (argc > 0) {
		argc--;
		argv++;
	}
	if (!strcmp(cmd, "add"))
		return do_flow_add(argc, argv);
	if (!strcmp(cmd, "del") || !strcmp(cmd, "delete"))
		return do_flow_del(argc, argv);
	if (!strcmp(cmd, "show") || !strcmp(cmd, "list") ||
	    !strcmp(cmd, "ls"))
		return do_flow_show(argc, argv);
	return usage_error("unknown flow command '%s'", cmd);
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

static int do_key(int argc, char **argv)
{
	if (argc > 0 && is_help(argv[0])) {
		printf("Usage: srtpctl key ...\n(planned: not implemented yet)\n");
		return 0;
	}
	return need_kernel("key");
}

static int do_monitor(int argc, char **argv)
{
	if (argc > 0 && is_help(argv[0])) {
		printf("Usage: srtpctl monitor [ -j ]\n(planned: not implemented yet)\n");
		return 0;
	}
	if (argc > 0 && strcmp(argv[0], "-j") && strcmp(argv[0], "--json"))
		return usage_error("monitor: unexpected argument '%s'",
				   argv[0]);
	return need_kernel("monitor");
}

int main(int argc, char **argv)
{
	const char *obj;

	argc--;
	argv++;

	/* Options come before OBJECT, as in ip(8). */
	while (argc > 0 && argv[0][0] == '-') {
		const char *opt = argv[0];

		if (!strcmp(opt, "--")) {
			argc--;
			argv++;
			break;
		} else if (!strcmp(opt, "-j") || !strcmp(opt, "-json") ||
			   !strcmp(opt, "--json")) {
			json = 1;
		} else if (!strcmp(opt, "-s") || !strcmp(opt, "-stats") ||
			   !strcmp(opt, "-statistics") ||
			   !strcmp(opt, "--stats")) {
			show_stats = 1;
		} else if (!strcmp(opt, "-V") || !strcmp(opt, "-Version") ||
			   !strcmp(opt, "--version")) {
			return do_version();
		} else if (!strcmp(opt, "-h") || !strcmp(opt, "-help") ||
			   !strcmp(opt, "--help")) {
			usage(stdout);
			return 0;
		} else {
			return usage_error("unknown option '%s'", opt);
		}
		argc--;
		argv++;
	}

	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}

	obj = argv[0];
	argc--;
	argv++;

	if (!strcmp(obj, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(obj, "version")) {
		if (argc > 0)
			return usage_error("version: unexpected argument '%s'",
					   argv[0]);
		return do_version();
	}
	if (!strcmp(obj, "flow"))
		return do_flow(argc, argv);
	if (!strcmp(obj, "flush"))
		return do_flush(argc, argv);
	if (!strcmp(obj, "key"))
		return do_key(argc, argv);
	if (!strcmp(obj, "monitor"))
		return do_monitor(argc, argv);

	return usage_error("unknown object '%s'", obj);
}
