// SPDX-License-Identifier: GPL-2.0
/*
 * srtpctl: configure ksrtp, the in-kernel SRTP datapath.
 *
 *   srtpctl [OPTIONS] OBJECT COMMAND [ARGS]
 *
 * This version implements only the front end: option parsing, the object
 * dispatch, usage, version, and a probe for the "ksrtp" generic netlink
 * family.  The flow/flush/key/monitor objects are recognised but fail
 * with an honest message until the kernel side exists.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyspec.h"
#include "nl.h"
#include "version.h"

#define EXIT_USAGE	1	/* bad invocation */
#define EXIT_RUNTIME	2	/* kernel/netlink problem, not implemented */

static const char *progname = "srtpctl";
static int json;

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
"       OPTIONS := { -j[son] | -V[ersion] | -h[elp] }\n"
"\n"
"Implemented:\n"
"       srtpctl version          print the version\n"
"       srtpctl help             print this help\n"
"\n"
"Planned (recognised, but not implemented yet; they only probe for the\n"
"ksrtp generic netlink family and report that it is missing):\n"
"       srtpctl flow add dir { tx | rx } local ADDR:PORT\n"
"                        [ remote { ADDR:PORT | any } ]\n"
"                        suite SUITE key KEYSPEC [ ssrc { N | any } ]\n"
"                        [ rtcp-mux ] [ replay-window N ] ...\n"
"       srtpctl flow del ...\n"
"       srtpctl flow show [ -s ] [ -j ]\n"
"       srtpctl flush\n"
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

static int is_help(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

static int do_flow(int argc, char **argv)
{
	const char *cmd = argc > 0 ? argv[0] : "show";

	if (is_help(cmd)) {
		printf(
"Usage: srtpctl flow add dir { tx | rx } local ADDR:PORT\n"
"                    [ remote { ADDR:PORT | any } ]\n"
"                    suite SUITE key KEYSPEC [ ssrc { N | any } ]\n"
"                    [ rtcp-mux ] [ replay-window N ] ...\n"
"       srtpctl flow del ...\n"
"       srtpctl flow show [ -s ] [ -j ]\n"
"(planned: not implemented yet)\n");
		return 0;
	}
	if (!strcmp(cmd, "add"))
		return need_kernel("flow add");
	if (!strcmp(cmd, "del") || !strcmp(cmd, "delete"))
		return need_kernel("flow del");
	if (!strcmp(cmd, "show") || !strcmp(cmd, "list") ||
	    !strcmp(cmd, "ls"))
		return need_kernel("flow show");
	return usage_error("unknown flow command '%s'", cmd);
}

static int do_flush(int argc, char **argv)
{
	if (argc > 0 && is_help(argv[0])) {
		printf("Usage: srtpctl flush\n(planned: not implemented yet)\n");
		return 0;
	}
	if (argc > 0)
		return usage_error("flush: unexpected argument '%s'", argv[0]);
	return need_kernel("flush");
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
