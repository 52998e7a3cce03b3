// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: the per-packet path.
 *
 * Outgoing RTP/RTCP from local sockets is protected at NF_INET_LOCAL_OUT,
 * before routing decisions after it can fragment the packet; incoming
 * SRTP/SRTCP is unprotected at NF_INET_LOCAL_IN, after reassembly and before
 * any socket sees it. A GSO/GRO super-packet for a flow is split into its
 * datagrams at NF_INET_PRE_ROUTING, before every other hook, and each goes
 * through the stack on its own. See Documentation/datapath.rst.
 *
 * The hooks run under RCU; the work on one packet runs with BHs disabled
 * and takes no sleeping lock, only the per-stream and (for a new SSRC or a
 * key switch) per-flow spinlocks. Nothing is allocated per packet, except
 * the copies skb_linearize(), pskb_expand_head() and skb_gso_segment()
 * make when a packet is not linear, is cloned or lacks tailroom, or is a
 * GSO packet, and a new SSRC's state (xform.c).
 *
 * What matches no flow passes, unless its local port is guarded (guard.h)
 * and it is RTP or RTCP: then it is dropped, never sent or delivered in
 * clear. Where ksrtp cannot protect or check a packet a flow or guard
 * covers, it drops it and counts why.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/udp.h>
#ifdef KSRTP_HAVE_NET_GSO_H
#include <net/gso.h>
#endif

#include "flow.h"
#include "guard.h"
#include "io.h"
#include "netns.h"
#include "trace.h"
#include "xform.h"

#ifdef KSRTP_FAULT_HOOK_DELAY
#include <linux/delay.h>
#include <linux/moduleparam.h>
/*
 * A deliberate delay inside the hooks, built only for the unload tests
 * (tests/e2e/unload.sh): it widens the window in which a packet is still
 * inside a hook while its netns or the module goes away.
 */
static unsigned int fault_hook_delay_us;
module_param(fault_hook_delay_us, uint, 0644);
MODULE_PARM_DESC(fault_hook_delay_us, "test only: busy-wait in every hook");
#endif

/* What the IP header says of a packet. */
enum ksrtp_l3 {
	KSRTP_L3_OTHER,		/* not UDP, or a fragment without the ports */
	KSRTP_L3_UDP,		/* a whole UDP datagram */
	KSRTP_L3_FIRST_FRAG,	/* the first fragment of a UDP datagram */
};

/* Where a packet's UDP header and payload are, relative to skb->data. */
struct ksrtp_pkt {
	struct ksrtp_flow_key key;
	unsigned int udp_off;
	bool v6;
};

/* Fill @p from the IP and UDP headers. */
static enum ksrtp_l3 ksrtp_parse_l3(struct sk_buff *skb, bool v6, bool tx,
				    struct ksrtp_pkt *p)
{
	enum ksrtp_l3 l3 = KSRTP_L3_UDP;
	struct in6_addr *saddr, *daddr;
	unsigned int off = skb_network_offset(skb);
	struct udphdr *uh;

	memset(p, 0, sizeof(*p));
	p->v6 = v6;
	saddr = tx ? &p->key.laddr : &p->key.raddr;
	daddr = tx ? &p->key.raddr : &p->key.laddr;
	if (!v6) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP)
			return KSRTP_L3_OTHER;
		if (ip_is_fragment(iph)) {
			if (iph->frag_off & htons(IP_OFFSET))
				return KSRTP_L3_OTHER;
			l3 = KSRTP_L3_FIRST_FRAG;
		}
		off += iph->ihl * 4;
		memcpy(saddr, &iph->saddr, 4);
		memcpy(daddr, &iph->daddr, 4);
		p->key.family = AF_INET;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		__be16 frag_off;
		u8 nexthdr = ip6h->nexthdr;
		int hoff;

		*saddr = ip6h->saddr;
		*daddr = ip6h->daddr;
		/*
		 * This stops at a fragment header with an offset (no UDP
		 * header behind it), and goes past one without: the first
		 * fragment (MF set) or an atomic fragment (a whole datagram).
		 */
		hoff = ipv6_skip_exthdr(skb, off + sizeof(*ip6h), &nexthdr,
					&frag_off);
		if (hoff < 0 || nexthdr != IPPROTO_UDP)
			return KSRTP_L3_OTHER;
		if (frag_off)
			l3 = KSRTP_L3_FIRST_FRAG;
		off = hoff;
		p->key.family = AF_INET6;
	}
	if (!pskb_may_pull(skb, off + sizeof(*uh)))
		return KSRTP_L3_OTHER;
	uh = (struct udphdr *)(skb->data + off);
	p->key.lport = tx ? uh->source : uh->dest;
	p->key.rport = tx ? uh->dest : uh->source;
	p->key.dir = tx ? KSRTP_FLOW_TX : KSRTP_FLOW_RX;
	p->udp_off = off;
	return l3;
}

/*
 * The flow of a packet: the exact 5-tuple first, then (rx) a flow that takes
 * any remote, then the same on the wildcard local address of the family.
 * Counters skip the lookups that cannot match.
 */
static struct ksrtp_flow *ksrtp_find(struct ksrtp_net *kn,
				     const struct ksrtp_pkt *p)
{
	bool rx = p->key.dir == KSRTP_FLOW_RX;
	bool any = rx && READ_ONCE(kn->nanyremote);
	struct ksrtp_flow_key k = p->key;
	struct ksrtp_flow *flow;

	flow = ksrtp_flow_lookup(kn, &k);
	if (flow)
		return flow;
	if (any) {
		memset(&k.raddr, 0, sizeof(k.raddr));
		k.rport = 0;
		flow = ksrtp_flow_lookup(kn, &k);
		if (flow)
			return flow;
	}
	if (!READ_ONCE(kn->nwild[rx]))
		return NULL;
	k = p->key;
	memset(&k.laddr, 0, sizeof(k.laddr));
	flow = ksrtp_flow_lookup(kn, &k);
	if (flow || !any)
		return flow;
	memset(&k.raddr, 0, sizeof(k.raddr));
	k.rport = 0;
	return ksrtp_flow_lookup(kn, &k);
}

/*
 * Whether a packet without a flow is RTP or RTCP on a guarded port (a GSO
 * packet for one was split into its datagrams already).
 */
static bool ksrtp_unguarded(struct ksrtp_net *kn, struct sk_buff *skb,
			    const struct ksrtp_pkt *p)
{
	bool rx = p->key.dir == KSRTP_FLOW_RX;
	u8 b, *bp;

	if (!ksrtp_guarded(rcu_dereference(kn->guards), rx, p->key.lport))
		return false;
	bp = skb_header_pointer(skb, p->udp_off + sizeof(struct udphdr), 1, &b);
	return bp && ksrtp_rtp_like(bp, 1);
}

/* Set the IP and UDP lengths after the payload changed size. */
static void ksrtp_fix_lengths(struct sk_buff *skb, const struct ksrtp_pkt *p)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + p->udp_off);
	unsigned int ulen = skb->len - p->udp_off;

	uh->len = htons(ulen);
	if (!p->v6) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(skb->len - skb_network_offset(skb));
		ip_send_check(iph);
	} else {
		ipv6_hdr(skb)->payload_len =
			htons(skb->len - skb_network_offset(skb) -
			      sizeof(struct ipv6hdr));
	}
}

/*
 * Outgoing: make the UDP checksum right for the new payload. With
 * CHECKSUM_PARTIAL only the pseudo-header seed changes (the device or
 * skb_checksum_help() sums the rest); otherwise sum it here. An IPv4
 * checksum of zero (none, as the socket asked) stays zero.
 */
static void ksrtp_fix_tx_csum(struct sk_buff *skb, const struct ksrtp_pkt *p)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + p->udp_off);
	unsigned int ulen = skb->len - p->udp_off;

	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		if (!p->v6)
			uh->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr,
						       ip_hdr(skb)->daddr, ulen,
						       IPPROTO_UDP, 0);
		else
			uh->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
						     &ipv6_hdr(skb)->daddr,
						     ulen, IPPROTO_UDP, 0);
		return;
	}
	if (!p->v6 && !uh->check)
		return;
	uh->check = 0;
	if (!p->v6)
		uh->check = csum_tcpudp_magic(ip_hdr(skb)->saddr,
					      ip_hdr(skb)->daddr, ulen,
					      IPPROTO_UDP,
					      skb_checksum(skb, p->udp_off,
							   ulen, 0));
	else
		uh->check = csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
					    &ipv6_hdr(skb)->daddr, ulen,
					    IPPROTO_UDP,
					    skb_checksum(skb, p->udp_off,
							 ulen, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;
}

/* The path MTU the IP layer will hold the packet to; 0 if unknown. */
static unsigned int ksrtp_tx_mtu(struct sk_buff *skb, const struct ksrtp_pkt *p)
{
	if (!skb_dst(skb))
		return 0;
	return p->v6 ? ip6_skb_dst_mtu(skb) : ip_skb_dst_mtu(skb->sk, skb);
}

/*
 * A packet that would not fit the path MTU once protected, from a socket
 * that does not let the IP layer fragment (IP_PMTUDISC_DO or _PROBE, and
 * their IPv6 twins): the stack would refuse to send a datagram that big,
 * and so does ksrtp. The hook's verdict carries EMSGSIZE, which sendmsg()
 * returns; the flow counts too-big. (The stack's error queue entry for
 * IP_RECVERR is made by functions modules cannot call.)
 */
static unsigned int ksrtp_tx_too_big(struct ksrtp_flow *flow, unsigned int n)
{
	ksrtp_count(flow, NULL, KSRTP_STAT_TOO_BIG, n);
	trace_ksrtp_drop(flow, 0, KSRTP_DROP_MTU);
	return NF_DROP_ERR(-EMSGSIZE);
}

/*
 * A drop outside any flow, counted and traced. BHs are off. (A GSO packet
 * that cannot be split may be a flow's: it counts as the netns's.)
 */
static void ksrtp_net_drop(struct ksrtp_net *kn, enum ksrtp_net_stat why,
			   const struct ksrtp_pkt *p)
{
	ksrtp_net_count(kn, why);
	trace_ksrtp_net_drop(kn->net, p->key.dir == KSRTP_FLOW_RX,
			     p->key.lport, why);
}

/*
 * What the kernel's drop monitor (perf, dropwatch: the skb:kfree_skb
 * tracepoint) is told of a received packet ksrtp drops: the closest of the
 * kernel's reasons (a module cannot add its own); ksrtp's own is in the
 * ksrtp_drop tracepoint. What is not here is NETFILTER_DROP, as for
 * NF_DROP.
 */
static const u8 ksrtp_skb_drop_reasons[__KSRTP_DROP_MAX] = {
	[KSRTP_DROP_SHORT] = SKB_DROP_REASON_PKT_TOO_SMALL,
	[KSRTP_DROP_UDP_LEN] = SKB_DROP_REASON_PKT_TOO_SMALL,
	[KSRTP_DROP_CSRC] = SKB_DROP_REASON_HDR_TRUNC,
	[KSRTP_DROP_EXT] = SKB_DROP_REASON_HDR_TRUNC,
	[KSRTP_DROP_PADDING] = SKB_DROP_REASON_HDR_TRUNC,
	[KSRTP_DROP_VERSION] = SKB_DROP_REASON_INVALID_PROTO,
	[KSRTP_DROP_NOMEM] = SKB_DROP_REASON_NOMEM,
};

static_assert(SKB_DROP_REASON_MAX <= U8_MAX);

/*
 * Drop a received packet with its reason: freed here, so that the drop
 * monitor sees why (NF_DROP would make it NETFILTER_DROP), and stolen
 * from netfilter. On receive nobody waits for the verdict's error.
 * Transmit keeps NF_DROP: the sender's sendmsg() returns EPERM (or
 * EMSGSIZE), which a stolen verdict does not carry on every kernel.
 */
static unsigned int ksrtp_rx_drop(struct sk_buff *skb,
				  enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason ?: SKB_DROP_REASON_NETFILTER_DROP);
	return NF_STOLEN;
}

/*
 * Protect one (non-GSO) packet in place. Returns the netfilter verdict;
 * stats are counted here. BHs are off.
 */
static unsigned int ksrtp_tx_one(struct ksrtp_flow *flow, struct sk_buff *skb,
				 const struct ksrtp_pkt *p)
{
	unsigned int off = p->udp_off + sizeof(struct udphdr);
	unsigned int len, overhead, out_len, mtu;
	enum ksrtp_kind kind;
	bool clear_df = false;
	u8 *data;

	if (skb->len <= off) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return NF_ACCEPT;
	}
	if (skb_linearize(skb)) {
		ksrtp_count_drop(flow, NULL, 0, KSRTP_DROP_NOMEM);
		return NF_DROP;
	}
	data = skb->data + off;
	len = skb->len - off;
	kind = ksrtp_classify(flow, data, len);
	if (kind == KSRTP_KIND_OTHER) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return NF_ACCEPT;
	}

	/* every key of a flow has the same suite and MKI length */
	overhead = flow->overhead[kind == KSRTP_KIND_RTCP];
	mtu = ksrtp_tx_mtu(skb, p);
	if (mtu && skb->len - skb_network_offset(skb) + overhead > mtu) {
		/* what the stack does for a datagram of that size */
		if (!skb->ignore_df)
			return ksrtp_tx_too_big(flow, 1);
		/* the socket lets IP fragment it: fragments carry no DF */
		clear_df = !p->v6;
	}
	if (skb_cloned(skb) || skb_tailroom(skb) < overhead) {
		int grow = max_t(int, 0, (int)overhead - skb_tailroom(skb));

		if (pskb_expand_head(skb, 0, grow, GFP_ATOMIC)) {
			ksrtp_count_drop(flow, NULL, 0, KSRTP_DROP_NOMEM);
			return NF_DROP;
		}
		data = skb->data + off;
	}
	if (ksrtp_xform_tx(flow, data, len, kind == KSRTP_KIND_RTCP,
			   len + overhead, &out_len, NULL))
		return NF_DROP;
	__skb_put(skb, out_len - len);
	if (clear_df)
		ip_hdr(skb)->frag_off &= ~htons(IP_DF);
	ksrtp_fix_lengths(skb, p);
	ksrtp_fix_tx_csum(skb, p);
	return NF_ACCEPT;
}

static unsigned int ksrtp_tx(struct ksrtp_net *kn, struct sk_buff *skb,
			     bool v6)
{
	struct ksrtp_flow *flow;
	enum ksrtp_l3 l3;
	struct ksrtp_pkt p;
	unsigned int verdict;

	l3 = ksrtp_parse_l3(skb, v6, true, &p);
	if (l3 == KSRTP_L3_OTHER)
		return NF_ACCEPT;
	flow = ksrtp_find(kn, &p);
	if (l3 == KSRTP_L3_FIRST_FRAG) {
		/* defragmentation runs first; a fragment got past it */
		if (!flow && !ksrtp_guarded(rcu_dereference(kn->guards), false,
					    p.key.lport))
			return NF_ACCEPT;
		local_bh_disable();
		ksrtp_net_drop(kn, KSRTP_NET_STAT_FRAGMENTS, &p);
		local_bh_enable();
		return NF_DROP;
	}
	if (skb_is_gso(skb) &&
	    (flow || ksrtp_guarded(rcu_dereference(kn->guards), false,
				   p.key.lport))) {
		/* ksrtp_split() splits these; one must not pass whole */
		local_bh_disable();
		ksrtp_net_drop(kn, KSRTP_NET_STAT_GSO_ERRORS, &p);
		local_bh_enable();
		return NF_DROP;
	}
	if (!flow) {
		if (!ksrtp_unguarded(kn, skb, &p))
			return NF_ACCEPT;
		local_bh_disable();
		ksrtp_net_drop(kn, KSRTP_NET_STAT_GUARD_TX, &p);
		local_bh_enable();
		return NF_DROP;
	}

	local_bh_disable();
	verdict = ksrtp_tx_one(flow, skb, &p);
	local_bh_enable();
	return verdict;
}

/* Unprotect one packet in place. BHs are off. */
static enum ksrtp_drop ksrtp_rx_one(struct ksrtp_flow *flow,
				    struct sk_buff *skb,
				    const struct ksrtp_pkt *p)
{
	unsigned int off = p->udp_off + sizeof(struct udphdr);
	unsigned int len, out_len, ulen;
	enum ksrtp_kind kind;
	enum ksrtp_drop drop;
	u8 *data;

	ulen = ntohs(((struct udphdr *)(skb->data + p->udp_off))->len);
	if (ulen < sizeof(struct udphdr) || p->udp_off + ulen > skb->len) {
		ksrtp_count_drop(flow, NULL, 0, KSRTP_DROP_UDP_LEN);
		return KSRTP_DROP_UDP_LEN;
	}
	if (ulen == sizeof(struct udphdr)) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return KSRTP_DROP_NONE;
	}
	if (skb_ensure_writable(skb, p->udp_off + ulen)) {
		ksrtp_count_drop(flow, NULL, 0, KSRTP_DROP_NOMEM);
		return KSRTP_DROP_NOMEM;
	}
	data = skb->data + off;
	len = ulen - sizeof(struct udphdr);
	kind = ksrtp_classify(flow, data, len);
	if (kind == KSRTP_KIND_OTHER) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return KSRTP_DROP_NONE;
	}
	drop = ksrtp_xform_rx(flow, data, len, kind == KSRTP_KIND_RTCP,
			      &out_len, NULL);
	if (drop)
		return drop;

	if (pskb_trim(skb, off + out_len)) {
		ksrtp_count_drop(flow, NULL, 0, KSRTP_DROP_NOMEM);
		return KSRTP_DROP_NOMEM;
	}
	ksrtp_fix_lengths(skb, p);
	/*
	 * SRTP authenticated the payload, so tell UDP not to check the old
	 * checksum (it covered the ciphertext). It is left as it was: a zero
	 * UDP checksum is an error over IPv6.
	 */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	return KSRTP_DROP_NONE;
}

static unsigned int ksrtp_rx(struct ksrtp_net *kn, struct sk_buff *skb,
			     bool v6)
{
	enum ksrtp_net_stat why = KSRTP_NET_STAT_GUARD_RX;
	struct ksrtp_flow *flow;
	enum ksrtp_drop drop;
	enum ksrtp_l3 l3;
	struct ksrtp_pkt p;

	l3 = ksrtp_parse_l3(skb, v6, false, &p);
	if (l3 == KSRTP_L3_OTHER)
		return NF_ACCEPT;
	flow = ksrtp_find(kn, &p);
	if (l3 == KSRTP_L3_FIRST_FRAG) {
		/*
		 * Reassembly runs before this hook (nf_defrag_ipv4/6); an
		 * IPv6 fragment that got here anyway would be reassembled
		 * after it, behind ksrtp's back. Without its first fragment
		 * the datagram never completes.
		 */
		if (!flow && !ksrtp_guarded(rcu_dereference(kn->guards), true,
					    p.key.lport))
			return NF_ACCEPT;
		why = KSRTP_NET_STAT_FRAGMENTS;
		goto drop_net;
	}
	if (!flow) {
		if (!ksrtp_unguarded(kn, skb, &p))
			return NF_ACCEPT;
		goto drop_net;
	}
	if (skb_is_gso(skb)) {
		/* ksrtp_split() splits these; one must not pass whole */
		why = KSRTP_NET_STAT_GSO_ERRORS;
		goto drop_net;
	}
	local_bh_disable();
	drop = ksrtp_rx_one(flow, skb, &p);
	local_bh_enable();
	if (drop)
		return ksrtp_rx_drop(skb, ksrtp_skb_drop_reasons[drop]);
	return NF_ACCEPT;

drop_net:
	local_bh_disable();
	ksrtp_net_drop(kn, why, &p);
	local_bh_enable();
	return ksrtp_rx_drop(skb, why == KSRTP_NET_STAT_GSO_ERRORS ?
			     SKB_DROP_REASON_SKB_GSO_SEG : 0);
}

/*
 * Before every other hook, at PRE_ROUTING and LOCAL_OUT: a GSO/GRO packet
 * for a flow or a guarded port is split into its datagrams, and each enters
 * the hook chain again on its own, as if it had come alone, so that
 * LOCAL_IN authenticates, and LOCAL_OUT protects, every datagram, and
 * every other hook and rule sees each datagram once. On receive these are
 * UDP_GRO sockets' GRO, veth or device GRO, fraglist GRO, a UDP_SEGMENT
 * sender behind a veth; on transmit, UDP_SEGMENT. A send too big for the
 * path MTU once protected, from a socket that does not let IP fragment,
 * is refused whole, as ksrtp_tx_one() refuses one datagram.
 */
static unsigned int ksrtp_split(struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	bool tx = state->hook == NF_INET_LOCAL_OUT;
	netdev_features_t features = 0;
	struct sk_buff *segs, *seg, *next;
	struct ksrtp_flow *flow;
	struct ksrtp_net *kn;
	struct ksrtp_pkt p;

	if (!skb_is_gso(skb) || !static_branch_unlikely(&ksrtp_flows_exist))
		return NF_ACCEPT;
	kn = ksrtp_pernet(state->net);
	if (!READ_ONCE(kn->nflows) && !rcu_access_pointer(kn->guards))
		return NF_ACCEPT;
	if (ksrtp_parse_l3(skb, state->pf == NFPROTO_IPV6, tx, &p) !=
	    KSRTP_L3_UDP)
		return NF_ACCEPT;
	flow = ksrtp_find(kn, &p);
	if (!flow &&
	    !ksrtp_guarded(rcu_dereference(kn->guards), !tx, p.key.lport))
		return NF_ACCEPT;
	if (tx && flow) {
		unsigned int mtu = ksrtp_tx_mtu(skb, &p), verdict;
		unsigned int overhead = max(flow->overhead[KSRTP_KC_SRTP],
					    flow->overhead[KSRTP_KC_SRTCP]);

		/* each datagram (the last may be shorter) as IP sees it */
		if (mtu && !skb->ignore_df &&
		    p.udp_off - skb_network_offset(skb) +
		    sizeof(struct udphdr) + skb_shinfo(skb)->gso_size +
		    overhead > mtu) {
			local_bh_disable();
			verdict = ksrtp_tx_too_big(flow,
						   skb_shinfo(skb)->gso_segs ?: 1);
			local_bh_enable();
			return verdict;
		}
	}
	if (!tx) {
		/* as udp_rcv_segment(): a looped UDP GSO packet is PARTIAL */
		features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM;
		if (skb->pkt_type == PACKET_LOOPBACK)
			skb->ip_summed = CHECKSUM_PARTIAL;
	}
	segs = __skb_gso_segment(skb, features, tx);
	local_bh_disable();
	if (IS_ERR_OR_NULL(segs)) {
		ksrtp_net_drop(kn, KSRTP_NET_STAT_GSO_ERRORS, &p);
		local_bh_enable();
		return NF_DROP;
	}
	ksrtp_net_count(kn, KSRTP_NET_STAT_GSO_SPLIT);
	consume_skb(skb);
	/*
	 * BHs stay off for the whole burst, as when a device segments: the
	 * datagrams reach the device (and a veth peer's NAPI, which may
	 * coalesce them again) together.
	 */
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		NF_HOOK(state->pf, state->hook, state->net, state->sk, seg,
			state->in, state->out, state->okfn);
	}
	local_bh_enable();
	return NF_STOLEN;
}

static unsigned int ksrtp_hook(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	bool v6 = state->pf == NFPROTO_IPV6;
	struct ksrtp_net *kn;

	if (!static_branch_unlikely(&ksrtp_flows_exist))
		return NF_ACCEPT;
	kn = ksrtp_pernet(state->net);
	if (!READ_ONCE(kn->nflows) && !rcu_access_pointer(kn->guards))
		return NF_ACCEPT;
#ifdef KSRTP_FAULT_HOOK_DELAY
	/* on receive, between finding the netns's state and using it */
	if (state->hook == NF_INET_LOCAL_IN && READ_ONCE(fault_hook_delay_us))
		udelay(READ_ONCE(fault_hook_delay_us));
#endif
	switch (state->hook) {
	case NF_INET_LOCAL_OUT:
		return ksrtp_tx(kn, skb, v6);
	default:
		return ksrtp_rx(kn, skb, v6);
	}
}

static unsigned int ksrtp_split_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return ksrtp_split(skb, state);
}

/*
 * Priorities: protect (LOCAL_OUT) and unprotect (LOCAL_IN) after the filter
 * tables, so that rules see plain RTP going out and can drop SRTP coming in
 * before any crypto is spent on it; GSO splitting (PRE_ROUTING, LOCAL_OUT)
 * before everything, even defragmentation (a GSO packet is no fragment).
 */
static const struct nf_hook_ops ksrtp_nf_ops[] = {
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_FILTER + 1,
	},
	{
		.hook = ksrtp_split_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP_PRI_RAW_BEFORE_DEFRAG,
	},
	{
		.hook = ksrtp_split_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP_PRI_RAW_BEFORE_DEFRAG,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_FILTER + 1,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP6_PRI_FILTER + 1,
	},
	{
		.hook = ksrtp_split_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NF_IP6_PRI_RAW_BEFORE_DEFRAG,
	},
	{
		.hook = ksrtp_split_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_LOCAL_OUT,
		.priority = NF_IP6_PRI_RAW_BEFORE_DEFRAG,
	},
};

int ksrtp_io_register(struct net *net)
{
	return nf_register_net_hooks(net, ksrtp_nf_ops,
				     ARRAY_SIZE(ksrtp_nf_ops));
}

void ksrtp_io_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ksrtp_nf_ops, ARRAY_SIZE(ksrtp_nf_ops));
}
