/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: the guard and stats command grammar, kernel-free so that it can
 * be unit tested.
 *
 *   guard add dir { tx | rx } ports LO[-HI]
 *   guard del dir { tx | rx } ports LO[-HI]
 *   guard show [ dir { tx | rx } ]
 *   stats
 */
#ifndef SRTPCTL_GUARDARGS_H
#define SRTPCTL_GUARDARGS_H

#include <stddef.h>
#include <stdint.h>

#include <linux/ksrtp.h>

/* A guard-new or guard-del request, ports in host byte order. */
struct guard_req {
	uint8_t dir;			/* KSRTP_DIR_* */
	uint16_t port_min;		/* 1..65535 */
	uint16_t port_max;		/* port_min..65535 */
};

/*
 * Parse "guard add" (@del 0) or "guard del" (@del 1) arguments, after the
 * command word. Returns 0, or -1 with a message naming the bad word in
 * @err.
 */
int guard_parse(int argc, char **argv, int del, struct guard_req *req,
		char *err, size_t errlen);

/*
 * "guard show [ dir { tx | rx } ]": *@dir is the KSRTP_DIR_* to show, or
 * 0 for both.
 */
int guard_show_parse(int argc, char **argv, uint8_t *dir, char *err,
		     size_t errlen);

/*
 * A port range, "PORT" or "LO-HI", each 1..65535 (decimal or 0x hex) and
 * LO <= HI. Returns 0, or -1 with "@what 'ARG': reason" in @err.
 */
int guard_parse_ports(const char *what, const char *arg, uint16_t *lo,
		      uint16_t *hi, char *err, size_t errlen);

/* "stats [ --prometheus ]": @prom says whether it was given. */
int stats_parse(int argc, char **argv, int *prom, char *err, size_t errlen);

#endif /* SRTPCTL_GUARDARGS_H */
