/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtpctl: the Prometheus text exposition format (version 0.0.4), for
 * node_exporter's textfile collector.
 *
 * Knows nothing of netlink: it prints what it is given.
 */
#ifndef SRTPCTL_PROM_H
#define SRTPCTL_PROM_H

#include <stdint.h>
#include <stdio.h>

#include "flowshow.h"

enum prom_type { PROM_COUNTER, PROM_GAUGE };

/*
 * The "# HELP" and "# TYPE" lines of metric family @name (@help escaped
 * here); its samples follow with prom_sample(). Returns 0, or -1 if @name
 * is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).
 */
int prom_head(FILE *f, const char *name, enum prom_type type,
	      const char *help);

/*
 * One sample, @name{l1="v1",...} @value: @labels holds name, value pairs
 * and ends with a NULL name (the values escaped here); NULL or an empty
 * list prints no braces. Returns 0, or -1 (nothing printed) if a name is
 * not valid or a value is NULL.
 */
int prom_sample(FILE *f, const char *name, const char *const *labels,
		uint64_t value);

/*
 * Print one metric family of one sample: "# HELP", "# TYPE" and the
 * sample, @name{@lname="@lval"} @value (no label if @lname is NULL).
 * @name must match [a-zA-Z_:][a-zA-Z0-9_:]*; @help and @lval are escaped
 * here. Returns 0, or -1 if @name is not a valid metric name.
 */
int prom_family(FILE *f, const char *name, enum prom_type type,
		const char *help, const char *lname, const char *lval,
		uint64_t value);

/*
 * Print a stats-get reply: ksrtp_flows, ksrtp_guards and ksrtp_streams
 * (gauges), one ksrtp_<counter>_total per netns counter present, and one
 * ksrtp_flow_<counter>_total per flow counter, with a sample per
 * direction (dir="tx", dir="rx"); each sample has the label
 * netns="@netns" unless @netns is NULL.
 */
void prom_netns_print(FILE *f, const struct netns_info *ni,
		      const char *netns);

/*
 * The inode number of the calling thread's network namespace, in decimal
 * (what `ip netns identify`, `lsns` and the ksrtp tracepoints call it).
 * Returns 0, or -1 if /proc/self/ns/net cannot be read.
 */
int prom_netns_id(char *buf, size_t len);

#endif /* SRTPCTL_PROM_H */
