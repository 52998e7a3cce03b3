// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: the tracepoints of trace.h, created here.
 */

#include "flow.h"
#include "keyset.h"
#include "netns.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* trace.h's names of the netns drop reasons are enum ksrtp_net_stat's. */
static_assert(KSRTP_TRACE_NET_GUARD_TX == KSRTP_NET_STAT_GUARD_TX);
static_assert(KSRTP_TRACE_NET_GUARD_RX == KSRTP_NET_STAT_GUARD_RX);
static_assert(KSRTP_TRACE_NET_FRAGMENT == KSRTP_NET_STAT_FRAGMENTS);
static_assert(KSRTP_TRACE_NET_GSO == KSRTP_NET_STAT_GSO_ERRORS);
