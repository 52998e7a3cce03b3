// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: the per-packet path.
 *
 * Outgoing RTP/RTCP from local sockets is protected at NF_INET_LOCAL_OUT,
 * before routing decisions after it can fragment the packet; incoming
 * SRTP/SRTCP is unprotected at NF_INET_LOCAL_IN, after reassembly and before
 * any socket sees it. See Documentation/datapath.rst for why.
 *
 * Everything here runs under RCU (the hooks are called under
 * rcu_read_lock()) with BHs disabled, allocates nothing except the state of
 * a newly seen SSRC, and takes only the per-stream spinlock.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/udp.h>

#include "flow.h"
#include "io.h"
#include "netns.h"
#include "xform.h"

/* Where a packet's UDP header and payload are, relative to skb->data. */
struct ksrtp_pkt {
	struct ksrtp_flow_key key;
	unsigned int udp_off;
	bool v6;
};

/* Fill @p from the IP header; false if this is not a UDP packet for us. */
static bool ksrtp_parse_l3(struct sk_buff *skb, bool v6, bool tx,
			   struct ksrtp_pkt *p)
{
	struct in6_addr *saddr, *daddr;
	struct udphdr *uh;
	unsigned int off = skb_network_offset(skb);

	memset(p, 0, sizeof(*p));
	p->v6 = v6;
	saddr = tx ? &p->key.laddr : &p->key.raddr;
	daddr = tx ? &p->key.raddr : &p->key.laddr;
	if (!v6) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
			return false;
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
		hoff = ipv6_skip_exthdr(skb, off + sizeof(*ip6h), &nexthdr,
					&frag_off);
		if (hoff < 0 || nexthdr != IPPROTO_UDP || frag_off)
			return false;
		off = hoff;
		p->key.family = AF_INET6;
	}
	if (!pskb_may_pull(skb, off + sizeof(*uh)))
		return false;
	uh = (struct udphdr *)(skb->data + off);
	p->key.lport = tx ? uh->source : uh->dest;
	p->key.rport = tx ? uh->dest : uh->source;
	p->key.dir = tx ? KSRTP_FLOW_TX : KSRTP_FLOW_RX;
	p->udp_off = off;
	return true;
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

/*
 * Protect one (non-GSO) packet in place. Return 0, or a negative error
 * after which the caller drops the packet; stats are counted here.
 */
static int ksrtp_tx_one(struct ksrtp_flow *flow, struct sk_buff *skb,
			const struct ksrtp_pkt *p)
{
	unsigned int off = p->udp_off + sizeof(struct udphdr);
	unsigned int len, overhead, out_len;
	enum ksrtp_kind kind;
	u8 *data;
	int err;

	if (skb->len <= off) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return 1;
	}
	if (skb_linearize(skb)) {
		ksrtp_count(flow, NULL, KSRTP_STAT_ERRORS, 1);
		return -ENOMEM;
	}
	data = skb->data + off;
	len = skb->len - off;
	kind = ksrtp_classify(flow, data, len);
	if (kind == KSRTP_KIND_OTHER) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return 1;
	}

	/* every key of a flow has the same suite and MKI length */
	overhead = flow->overhead[kind == KSRTP_KIND_RTCP];
	if (skb_cloned(skb) || skb_tailroom(skb) < overhead) {
		int grow = max_t(int, 0, (int)overhead - skb_tailroom(skb));

		if (pskb_expand_head(skb, 0, grow, GFP_ATOMIC)) {
			ksrtp_count(flow, NULL, KSRTP_STAT_ERRORS, 1);
			return -ENOMEM;
		}
		data = skb->data + off;
	}
	err = ksrtp_xform_tx(flow, data, len, kind == KSRTP_KIND_RTCP,
			     len + overhead, &out_len, NULL);
	if (err)
		return err;
	__skb_put(skb, out_len - len);
	ksrtp_fix_lengths(skb, p);
	ksrtp_fix_tx_csum(skb, p);
	/* Let the IP layer fragment a packet that protection made too big. */
	skb->ignore_df = 1;
	return 0;
}

/* Send each protected segment of a UDP GSO packet on its way. */
static unsigned int ksrtp_tx_gso(struct ksrtp_flow *flow, struct sk_buff *skb,
				 const struct ksrtp_pkt *p,
				 const struct nf_hook_state *state)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		local_bh_disable();
		ksrtp_count(flow, NULL, KSRTP_STAT_ERRORS, 1);
		local_bh_enable();
		return NF_DROP;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		int err;

		skb_mark_not_on_list(seg);
		local_bh_disable();
		err = ksrtp_tx_one(flow, seg, p);
		local_bh_enable();
		if (err < 0)
			kfree_skb(seg);
		else
			state->okfn(state->net, state->sk, seg);
	}
	return NF_STOLEN;
}

static unsigned int ksrtp_tx(struct ksrtp_net *kn, struct sk_buff *skb,
			     const struct nf_hook_state *state, bool v6)
{
	struct ksrtp_flow *flow;
	struct ksrtp_pkt p;
	int err;

	if (!ksrtp_parse_l3(skb, v6, true, &p))
		return NF_ACCEPT;
	flow = ksrtp_flow_lookup(kn, &p.key);
	if (!flow)
		return NF_ACCEPT;

	if (skb_is_gso(skb))
		return ksrtp_tx_gso(flow, skb, &p, state);

	local_bh_disable();
	err = ksrtp_tx_one(flow, skb, &p);
	local_bh_enable();
	return err < 0 ? NF_DROP : NF_ACCEPT;
}

/* Unprotect one packet in place; 0 to deliver it, < 0 to drop it. */
static int ksrtp_rx_one(struct ksrtp_flow *flow, struct sk_buff *skb,
			const struct ksrtp_pkt *p)
{
	unsigned int off = p->udp_off + sizeof(struct udphdr);
	unsigned int len, out_len, ulen;
	enum ksrtp_kind kind;
	u8 *data;
	int err;

	ulen = ntohs(((struct udphdr *)(skb->data + p->udp_off))->len);
	if (ulen < sizeof(struct udphdr) || p->udp_off + ulen > skb->len) {
		ksrtp_count(flow, NULL, KSRTP_STAT_MALFORMED, 1);
		return -EINVAL;
	}
	if (ulen == sizeof(struct udphdr)) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return 1;
	}
	if (skb_ensure_writable(skb, p->udp_off + ulen)) {
		ksrtp_count(flow, NULL, KSRTP_STAT_ERRORS, 1);
		return -ENOMEM;
	}
	data = skb->data + off;
	len = ulen - sizeof(struct udphdr);
	kind = ksrtp_classify(flow, data, len);
	if (kind == KSRTP_KIND_OTHER) {
		ksrtp_count(flow, NULL, KSRTP_STAT_PASSTHROUGH, 1);
		return 1;
	}
	err = ksrtp_xform_rx(flow, data, len, kind == KSRTP_KIND_RTCP,
			     &out_len, NULL);
	if (err)
		return err;

	if (pskb_trim(skb, off + out_len)) {
		ksrtp_count(flow, NULL, KSRTP_STAT_ERRORS, 1);
		return -ENOMEM;
	}
	ksrtp_fix_lengths(skb, p);
	/*
	 * SRTP authenticated the payload, so tell UDP not to check the old
	 * checksum (it covered the ciphertext). It is left as it was: a zero
	 * UDP checksum is an error over IPv6.
	 */
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	return 0;
}

static unsigned int ksrtp_rx(struct ksrtp_net *kn, struct sk_buff *skb,
			     bool v6)
{
	struct ksrtp_flow *flow;
	struct ksrtp_pkt p;
	int err;

	if (!ksrtp_parse_l3(skb, v6, false, &p))
		return NF_ACCEPT;
	flow = ksrtp_flow_lookup(kn, &p.key);
	if (!flow) {
		/* then a flow that takes any remote */
		memset(&p.key.raddr, 0, sizeof(p.key.raddr));
		p.key.rport = 0;
		flow = ksrtp_flow_lookup(kn, &p.key);
		if (!flow)
			return NF_ACCEPT;
	}
	local_bh_disable();
	err = ksrtp_rx_one(flow, skb, &p);
	local_bh_enable();
	return err < 0 ? NF_DROP : NF_ACCEPT;
}

static unsigned int ksrtp_hook(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	bool v6 = state->pf == NFPROTO_IPV6;
	struct ksrtp_net *kn;

	if (!static_branch_unlikely(&ksrtp_flows_exist))
		return NF_ACCEPT;
	kn = ksrtp_pernet(state->net);
	if (!READ_ONCE(kn->nflows))
		return NF_ACCEPT;
	if (state->hook == NF_INET_LOCAL_OUT)
		return ksrtp_tx(kn, skb, state, v6);
	return ksrtp_rx(kn, skb, v6);
}

/*
 * Priorities: after the filter tables, so that rules see plain RTP going
 * out and can drop SRTP coming in before any crypto is spent on it.
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
