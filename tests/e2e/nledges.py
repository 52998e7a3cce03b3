#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Edge cases of the ksrtp generic netlink family, over raw AF_NETLINK.

Run as root in a network namespace of its own with lo up (nledges.sh does
that inside the test VM). Standard library only: the requests are built
byte by byte with struct, so that attribute lengths no client would send
reach the kernel. Each check prints one line,

    PASS e2e/nledges/<name>[: detail]
    FAIL e2e/nledges/<name>: reason

and the exit status is 1 if any failed. Every check below was a real bug
of an earlier kernel version, and fails on it:

  mki-*          an MKI of 260, 5 or 0 bytes (flow-new, key-new) is refused
                 with an extack message and changes nothing (the length was
                 once kept in a u8: 260 read as 4)
  len-*          master key, salt and local address of a wrong length
  events-join-*  the events group needs CAP_NET_ADMIN
  event-from-index-*
                 key-promoted events carry the key's from-index as a u64
  flow-new-reply-*
                 a flow-new whose reply cannot be queued leaves no flow
  srtcp-tag-len-*
                 the SRTCP tag length: 4 or 10 on the *_32 suites, echoed
                 by flow-get, refused elsewhere, otherwise and by flow-set
"""

import errno
import os
import select
import socket
import struct
import sys
import time

# linux/netlink.h
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x01
NLM_F_MULTI = 0x02
NLM_F_ACK = 0x04
NLM_F_DUMP = 0x300
NLM_F_CAPPED = 0x100  # in an NLMSG_ERROR: the request was not echoed
NLM_F_ACK_TLVS = 0x200  # in an NLMSG_ERROR: extack attributes follow
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLA_TYPE_MASK = 0x3FFF
NLA_F_NESTED = 0x8000
NLMSG_HDRLEN = 16
GENL_HDRLEN = 4

# linux/genetlink.h
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2

# linux/ksrtp.h (netlink/uapi/linux/ksrtp.h)
KSRTP_CMD_FLOW_NEW = 1
KSRTP_CMD_FLOW_DEL = 2
KSRTP_CMD_FLOW_GET = 3
KSRTP_CMD_KEY_NEW = 5
KSRTP_CMD_KEY_EVENT = 8
KSRTP_CMD_STATS_GET = 12
KSRTP_CMD_FLOW_SET = 14
DIR_TX, DIR_RX = 1, 2
SUITE_AES_CM_128_HMAC_SHA1_80 = 1
SUITE_AES_CM_128_HMAC_SHA1_32 = 2
SUITE_AEAD_AES_128_GCM = 6
KEY_SLOT_PENDING = 4
EVENT_TYPE_KEY_PROMOTED = 3
EVENT_TYPE_FLOW_ADDED = 8
EVENT_TYPE_FLOW_DELETED = 9
DEL_REASON_REQUEST = 1
DEL_REASON_OWNER = 3

F_ID = 1
F_DIR = 2
F_FAMILY = 3
F_LOCAL_ADDR = 4
F_LOCAL_PORT = 5
F_REMOTE_ADDR = 6
F_REMOTE_PORT = 7
F_SUITE = 8
F_MASTER_KEY = 9
F_MASTER_SALT = 10
F_MKI = 11
F_SSRC = 12
F_MAX_SSRCS = 13
F_GRACE_MS = 21
F_ROC = 17
F_KEY = 25
F_SSRC_IDLE_MS = 26
F_COOKIE = 28
F_SOCKET_OWNER = 29
F_OWNER_PORTID = 30
F_SRTCP_TAG_LEN = 32

K_FLOW_ID = 1
K_MASTER_KEY = 3
K_MASTER_SALT = 4
K_MKI = 5
K_FROM_INDEX = 6

KI_SLOT = 1
KI_FROM_INDEX = 3

EV_TYPE = 1
EV_FLOW_ID = 2
EV_MKI = 3
EV_FROM_INDEX = 4
EV_PAD = 6
EV_REASON = 7
EV_COOKIE = 8

ATTR_NAMES = {
    (KSRTP_CMD_FLOW_NEW, F_MKI): "mki",
    (KSRTP_CMD_FLOW_NEW, F_MASTER_KEY): "master-key",
    (KSRTP_CMD_FLOW_NEW, F_MASTER_SALT): "master-salt",
    (KSRTP_CMD_FLOW_NEW, F_LOCAL_ADDR): "local-addr",
    (KSRTP_CMD_KEY_NEW, K_MKI): "mki",
    (KSRTP_CMD_FLOW_DEL, F_COOKIE): "cookie",
    (KSRTP_CMD_FLOW_DEL, F_ID): "id",
    (KSRTP_CMD_FLOW_DEL, F_DIR): "dir",
    (KSRTP_CMD_FLOW_SET, F_SUITE): "suite",
    (KSRTP_CMD_FLOW_SET, F_MAX_SSRCS): "max-ssrcs",
    (KSRTP_CMD_FLOW_SET, F_COOKIE): "cookie",
    (KSRTP_CMD_FLOW_SET, F_SOCKET_OWNER): "socket-owner",
    (KSRTP_CMD_FLOW_SET, F_REMOTE_ADDR): "remote-addr",
    (KSRTP_CMD_FLOW_SET, F_REMOTE_PORT): "remote-port",
    (KSRTP_CMD_FLOW_SET, F_SSRC_IDLE_MS): "ssrc-idle-ms",
    (KSRTP_CMD_FLOW_SET, F_ID): "id",
    (KSRTP_CMD_FLOW_SET, F_SRTCP_TAG_LEN): "srtcp-tag-len",
    (KSRTP_CMD_FLOW_NEW, F_SRTCP_TAG_LEN): "srtcp-tag-len",
}

NOBODY = 65534
KEY0 = bytes(range(16))
SALT0 = bytes(range(16, 30))
KEY1 = bytes(range(0x40, 0x50))
SALT1 = bytes(range(0x50, 0x5E))
LO = socket.inet_aton("127.0.0.1")

FAILS = 0


def report(name, ok, detail=""):
    """One PASS or FAIL line, in the style of tests/e2e/lib.sh."""
    global FAILS
    if ok:
        print(f"PASS e2e/nledges/{name}" + (f": {detail}" if detail else ""))
    else:
        FAILS += 1
        print(f"FAIL e2e/nledges/{name}: {detail or 'failed'}")
    sys.stdout.flush()


# --- attributes ----------------------------------------------------------


def align4(n):
    return (n + 3) & ~3


def nla(atype, data):
    """One attribute, padded to 4 bytes."""
    return struct.pack("=HH", 4 + len(data), atype) + data + b"\0" * (align4(len(data)) - len(data))


def nla_u8(t, v):
    return nla(t, struct.pack("=B", v))


def nla_u16(t, v):
    return nla(t, struct.pack("=H", v))


def nla_be16(t, v):
    return nla(t, struct.pack(">H", v))


def nla_u32(t, v):
    return nla(t, struct.pack("=I", v))


def nla_u64(t, v):
    return nla(t, struct.pack("=Q", v))


def nla_str(t, s):
    return nla(t, s.encode() + b"\0")


class Attrs:
    """An ordered list of (type, encoded attribute); knows their offsets."""

    def __init__(self, *pairs):
        self.items = list(pairs)

    def set(self, atype, encoded):
        """A copy with attribute @atype replaced (or appended)."""
        out = Attrs(*[(t, e) for t, e in self.items if t != atype])
        out.items.append((atype, encoded))
        return out

    def encode(self):
        return b"".join(e for _, e in self.items)

    def offset(self, atype):
        """Offset of attribute @atype from the start of the nlmsghdr."""
        off = NLMSG_HDRLEN + GENL_HDRLEN
        for t, e in self.items:
            if t == atype:
                return off
            off += len(e)
        return None


def parse_attrs(buf):
    """[(type, payload, offset)] of a run of attributes."""
    out, off = [], 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4 or off + alen > len(buf):
            break
        out.append((atype & NLA_TYPE_MASK, buf[off + 4:off + alen], off))
        off += align4(alen)
    return out


def get(attrs, atype):
    for t, data, _ in attrs:
        if t == atype:
            return data
    return None


def get_all(attrs, atype):
    return [data for t, data, _ in attrs if t == atype]


def u16(b):
    return struct.unpack("=H", b)[0]


def be16(b):
    return struct.unpack(">H", b)[0]


def u32(b):
    return struct.unpack("=I", b)[0]


def uint(b):
    """A "uint" attribute: 4 or 8 bytes."""
    return struct.unpack("=I" if len(b) == 4 else "=Q", b)[0]


# --- messages ------------------------------------------------------------


class Msg:
    def __init__(self, mtype, flags, seq, payload):
        self.type, self.flags, self.seq, self.payload = mtype, flags, seq, payload

    @property
    def cmd(self):
        return self.payload[0]

    @property
    def attrs(self):
        return parse_attrs(self.payload[GENL_HDRLEN:])

    @property
    def raw_attrs(self):
        return self.payload[GENL_HDRLEN:]


def parse_msgs(buf):
    out, off = [], 0
    while off + NLMSG_HDRLEN <= len(buf):
        mlen, mtype, flags, seq, _ = struct.unpack_from("=IHHII", buf, off)
        if mlen < NLMSG_HDRLEN or off + mlen > len(buf):
            break
        out.append(Msg(mtype, flags, seq, buf[off + NLMSG_HDRLEN:off + mlen]))
        off += align4(mlen)
    return out


class Result:
    """What a request got back: replies, errno (0: none) and extack."""

    def __init__(self):
        self.replies = []
        self.error = 0
        self.msg = None
        self.offs = None

    def errname(self):
        return errno.errorcode.get(self.error, str(self.error)) if self.error else "no error"

    def take_error(self, m):
        """An NLMSG_ERROR (or the payload of an NLMSG_DONE)."""
        self.error = -struct.unpack_from("=i", m.payload, 0)[0]
        if not m.flags & NLM_F_ACK_TLVS:
            return
        if m.type == NLMSG_ERROR:
            # with NETLINK_CAP_ACK only the request's header is echoed
            olen = u32(m.payload[4:8])
            off = 4 + (NLMSG_HDRLEN if m.flags & NLM_F_CAPPED else olen)
        else:
            off = 4
        tlvs = parse_attrs(m.payload[align4(off):])
        msg = get(tlvs, NLMSGERR_ATTR_MSG)
        if msg is not None:
            self.msg = msg.rstrip(b"\0").decode(errors="replace")
        offs = get(tlvs, NLMSGERR_ATTR_OFFS)
        if offs is not None:
            self.offs = u32(offs)


class Genl:
    """A generic netlink socket with extended and capped acks."""

    def __init__(self, rcvbuf=None):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        if rcvbuf is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.sock.settimeout(5)
        self.seq = int(time.time()) & 0xFFFF

    def close(self):
        self.sock.close()

    def build(self, family, cmd, attrs=b"", flags=NLM_F_REQUEST | NLM_F_ACK):
        self.seq += 1
        payload = struct.pack("=BBH", cmd, 1, 0) + attrs
        hdr = struct.pack("=IHHII", NLMSG_HDRLEN + len(payload), family, flags, self.seq, 0)
        return self.seq, hdr + payload

    def recv(self, flags=0):
        return parse_msgs(self.sock.recv(1 << 17, flags))

    def transact(self, family, cmd, attrs=b"", dump=False):
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        seq, m = self.build(family, cmd, attrs, flags)
        self.sock.send(m)
        res = Result()
        while True:
            for msg in self.recv():
                if msg.seq != seq:
                    continue
                if msg.type == NLMSG_ERROR:
                    res.take_error(msg)
                    return res
                if msg.type == NLMSG_DONE:
                    res.take_error(msg)
                    return res
                res.replies.append(msg)


def resolve(nl, name):
    """(family id, {mcast group name: id}) from CTRL_CMD_GETFAMILY."""
    r = nl.transact(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, nla_str(CTRL_ATTR_FAMILY_NAME, name))
    if r.error or not r.replies:
        raise RuntimeError(f"family {name}: {r.errname()} {r.msg or ''}")
    attrs = r.replies[0].attrs
    groups = {}
    nest = get(attrs, CTRL_ATTR_MCAST_GROUPS)
    for _, grp, _ in parse_attrs(nest or b""):
        ga = parse_attrs(grp)
        groups[get(ga, CTRL_ATTR_MCAST_GRP_NAME).rstrip(b"\0").decode()] = u32(get(ga, CTRL_ATTR_MCAST_GRP_ID))
    return u16(get(attrs, CTRL_ATTR_FAMILY_ID)), groups


# --- ksrtp requests ------------------------------------------------------

FAM = None  # the ksrtp family id


def flow_req(port, dirn=DIR_RX, remote_port=None, key=KEY0, salt=SALT0):
    """A valid flow-new on 127.0.0.1:@port, AES_CM_128_HMAC_SHA1_80."""
    a = Attrs(
        (F_DIR, nla_u8(F_DIR, dirn)),
        (F_FAMILY, nla_u16(F_FAMILY, socket.AF_INET)),
        (F_LOCAL_ADDR, nla(F_LOCAL_ADDR, LO)),
        (F_LOCAL_PORT, nla_be16(F_LOCAL_PORT, port)),
        (F_SUITE, nla_u32(F_SUITE, SUITE_AES_CM_128_HMAC_SHA1_80)),
        (F_MASTER_KEY, nla(F_MASTER_KEY, key)),
        (F_MASTER_SALT, nla(F_MASTER_SALT, salt)),
    )
    if remote_port is not None:
        a = a.set(F_REMOTE_ADDR, nla(F_REMOTE_ADDR, LO))
        a = a.set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, remote_port))
    return a


def key_req(flow_id, key=KEY1, salt=SALT1):
    return Attrs(
        (K_FLOW_ID, nla_u32(K_FLOW_ID, flow_id)),
        (K_MASTER_KEY, nla(K_MASTER_KEY, key)),
        (K_MASTER_SALT, nla(K_MASTER_SALT, salt)),
    )


def flows(nl):
    """{flow id: reply message} of a flow-get dump."""
    r = nl.transact(FAM, KSRTP_CMD_FLOW_GET, dump=True)
    if r.error:
        raise RuntimeError(f"flow dump: {r.errname()} {r.msg or ''}")
    return {u32(get(m.attrs, F_ID)): m for m in r.replies}


def flow_get(nl, fid):
    r = nl.transact(FAM, KSRTP_CMD_FLOW_GET, nla_u32(F_ID, fid))
    return r.replies[0].raw_attrs if r.replies and not r.error else None


def flow_new(nl, attrs):
    """The new flow's id, or raise."""
    r = nl.transact(FAM, KSRTP_CMD_FLOW_NEW, attrs.encode())
    if r.error or not r.replies:
        raise RuntimeError(f"flow-new: {r.errname()} {r.msg or ''}")
    return u32(get(r.replies[0].attrs, F_ID))


def flow_del(nl, fid):
    return nl.transact(FAM, KSRTP_CMD_FLOW_DEL, nla_u32(F_ID, fid))


def key_new(nl, attrs):
    r = nl.transact(FAM, KSRTP_CMD_KEY_NEW, attrs.encode())
    if r.error:
        raise RuntimeError(f"key-new: {r.errname()} {r.msg or ''}")


def refused(nl, name, cmd, attrs, bad, state, cleanup=None):
    """Request @attrs must fail with an extack message and change nothing.

    @bad is the offending attribute's type: if the kernel names an offset,
    it must be that attribute's. @state() is compared before and after.
    """
    before = state()
    r = nl.transact(FAM, cmd, attrs.encode())
    after = state()
    problems = []
    if not r.error:
        problems.append("accepted")
    if r.msg is None:
        problems.append(f"no extack message ({r.errname()})")
    want = attrs.offset(bad)
    where = "no offset"
    if r.offs is not None:
        where = f"offset {r.offs}"
        if r.offs == want:
            where = f"at the {ATTR_NAMES[(cmd, bad)]} attribute"
        else:
            problems.append(f"extack offset {r.offs}, but the {ATTR_NAMES[(cmd, bad)]} attribute is at {want}")
    if after != before:
        problems.append("state changed")
    if cleanup:
        cleanup(before, after)
    detail = f'{r.errname()}, ' + (f'extack "{r.msg}" {where}' if r.msg is not None else "no extack")
    report(name, not problems, detail if not problems else "; ".join(problems) + f" ({detail})")


# --- checks --------------------------------------------------------------


def flow_ids(nl):
    return sorted(flows(nl))


def drop_new_flows(nl):
    def cleanup(before, after):
        for fid in set(after) - set(before):
            flow_del(nl, fid)
    return cleanup


def check_flow_new_lengths(nl):
    """1 and 2: MKI and binary attribute lengths on flow-new."""
    state = lambda: flow_ids(nl)  # noqa: E731
    clean = drop_new_flows(nl)
    base = flow_req(5200)

    # the requests are valid but for the one attribute
    for label, attrs in (("flow-new-control-accepted", base),
                         ("flow-new-mki4-control-accepted", base.set(F_MKI, nla(F_MKI, b"\x01\x02\x03\x04")))):
        try:
            fid = flow_new(nl, attrs)
            ok = fid in flows(nl)
            flow_del(nl, fid)
            report(label, ok, f"flow {fid}" if ok else f"flow {fid} not in the dump")
        except RuntimeError as e:
            report(label, False, str(e))

    # An MKI of 260 bytes: nla_len() kept in a u8 once read as 4.
    for n in (260, 5, 0):
        mki = bytes((i * 7 + 1) & 0xFF for i in range(n))
        refused(nl, f"mki-{n}-flow-new-refused", KSRTP_CMD_FLOW_NEW,
                base.set(F_MKI, nla(F_MKI, mki)), F_MKI, state, clean)
    for n in (17, 33, 100):
        refused(nl, f"len-master-key-{n}-refused", KSRTP_CMD_FLOW_NEW,
                base.set(F_MASTER_KEY, nla(F_MASTER_KEY, bytes(n))), F_MASTER_KEY, state, clean)
    for n in (13, 15):
        refused(nl, f"len-master-salt-{n}-refused", KSRTP_CMD_FLOW_NEW,
                base.set(F_MASTER_SALT, nla(F_MASTER_SALT, bytes(n))), F_MASTER_SALT, state, clean)
    for n in (5, 17):
        refused(nl, f"len-local-addr-{n}-refused", KSRTP_CMD_FLOW_NEW,
                base.set(F_LOCAL_ADDR, nla(F_LOCAL_ADDR, LO + bytes(n - 4))), F_LOCAL_ADDR, state, clean)


def check_srtcp_tag_len(nl):
    """Issue 11: srtcp-tag-len, the 32-bit SRTCP tag of libre (baresip).

    4 or 10 on AES_CM_128_HMAC_SHA1_32, and flow-get says which, also when
    flow-new did not give it; any other value, any other suite (an 80-bit
    one, an AEAD one) is refused at the attribute and creates nothing.
    """
    state = lambda: flow_ids(nl)  # noqa: E731
    clean = drop_new_flows(nl)
    s32 = flow_req(5400).set(F_SUITE, nla_u32(F_SUITE, SUITE_AES_CM_128_HMAC_SHA1_32))
    for label, attrs, want in (
            ("srtcp-tag-len-4-echoed", s32.set(F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, 4)), 4),
            ("srtcp-tag-len-10-echoed", s32.set(F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, 10)), 10),
            ("srtcp-tag-len-default-echoed", s32, 10),
            ("srtcp-tag-len-absent-on-80", flow_req(5400), None)):
        try:
            fid = flow_new(nl, attrs)
            got = get(flows(nl)[fid].attrs, F_SRTCP_TAG_LEN)
            flow_del(nl, fid)
            got = got[0] if got is not None and len(got) == 1 else got
            report(label, got == want, f"srtcp-tag-len {got!r}, want {want}")
        except RuntimeError as e:
            report(label, False, str(e))
    for v in (0, 3, 5, 9, 11, 16):
        refused(nl, f"srtcp-tag-len-{v}-refused", KSRTP_CMD_FLOW_NEW,
                s32.set(F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, v)),
                F_SRTCP_TAG_LEN, state, clean)
    for v in (4, 10):
        refused(nl, f"srtcp-tag-len-{v}-on-80-refused", KSRTP_CMD_FLOW_NEW,
                flow_req(5400).set(F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, v)),
                F_SRTCP_TAG_LEN, state, clean)
    gcm = flow_req(5400, salt=SALT0[:12]).set(
        F_SUITE, nla_u32(F_SUITE, SUITE_AEAD_AES_128_GCM))
    refused(nl, "srtcp-tag-len-on-gcm-refused", KSRTP_CMD_FLOW_NEW,
            gcm.set(F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, 4)),
            F_SRTCP_TAG_LEN, state, clean)


def check_key_new_mki(nl):
    """1: key-new with a 260 (5, 0) byte MKI on a flow with a 4-byte MKI.

    With the length in a u8, 260 is 4: the flow's own MKI length, so the
    truncated key would have been accepted.
    """
    fid = flow_new(nl, flow_req(5300).set(F_MKI, nla(F_MKI, b"\xaa\xbb\xcc\xdd")))
    state = lambda: flow_get(nl, fid)  # noqa: E731
    for n in (260, 5, 0):
        mki = bytes((i + 1) & 0xFF for i in range(n))
        refused(nl, f"mki-{n}-key-new-refused", KSRTP_CMD_KEY_NEW,
                key_req(fid).set(K_MKI, nla(K_MKI, mki)), K_MKI, state)
    # the same request with a 4-byte MKI is good, and adds a key
    before = flow_get(nl, fid)
    try:
        key_new(nl, key_req(fid).set(K_MKI, nla(K_MKI, b"\x01\x02\x03\x04")))
        keys = get_all(parse_attrs(flow_get(nl, fid)), F_KEY)
        report("mki-key-new-control-accepted", len(keys) == 2 and flow_get(nl, fid) != before,
               f"{len(keys)} keys")
    except RuntimeError as e:
        report("mki-key-new-control-accepted", False, str(e))
    flow_del(nl, fid)


def join(sock, group):
    """0, or the errno of NETLINK_ADD_MEMBERSHIP."""
    try:
        sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
        return 0
    except OSError as e:
        return e.errno


def join_as_nobody(groups):
    """Join each of @groups from a child running as nobody, no capabilities.

    Returns ({group: errno or 0}, the child's CapEff line).
    """
    sys.stdout.flush()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with open("/proc/self/status") as f:
                cap = [ln.split()[1] for ln in f if ln.startswith("CapEff:")][0]
            res = []
            for g in groups:
                s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
                res.append(str(join(s, g)))
                s.close()
            os.write(w, (cap + " " + " ".join(res)).encode())
            os._exit(0)
        except BaseException as e:  # noqa: B036 -- the child must exit
            os.write(w, f"error {e!r}".encode())
            os._exit(1)
    os.close(w)
    out = b""
    while True:
        chunk = os.read(r, 4096)
        if not chunk:
            break
        out += chunk
    os.close(r)
    os.waitpid(pid, 0)
    words = out.decode().split()
    if not words or words[0] == "error" or len(words) != len(groups) + 1:
        raise RuntimeError(f"child: {out.decode()!r}")
    return dict(zip(groups, map(int, words[1:]))), words[0]


def check_events_perm(events_gid, notify_gid):
    """3: the events group needs CAP_NET_ADMIN over the netns's userns.

    bind() with nl_groups reaches groups 1 to 32 only; genl assigns group
    ids as families register, so NETLINK_ADD_MEMBERSHIP is the way that
    always works, and the one tested.
    """
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    e = join(s, events_gid)
    s.close()
    report("events-join-root-ok", e == 0,
           f"group {events_gid}" if e == 0 else f"group {events_gid}: {errno.errorcode.get(e, e)}")
    try:
        res, cap = join_as_nobody([events_gid, notify_gid])
    except RuntimeError as e:
        report("events-join-unprivileged-eperm", False, str(e))
        return
    ok = res[events_gid] == errno.EPERM and int(cap, 16) == 0
    report("events-join-unprivileged-eperm", ok,
           f"uid {NOBODY}, CapEff {cap}: {errno.errorcode.get(res[events_gid], res[events_gid])}")
    # nlctrl's notify group has no capability flag: the same child joins
    # it, so the EPERM above is the events group's own
    report("events-join-unprivileged-control-ok", res[notify_gid] == 0,
           f"nlctrl notify group {notify_gid}: {errno.errorcode.get(res[notify_gid], res[notify_gid])}")


def rtp(seq, ssrc):
    return struct.pack("!BBHII", 0x80, 96, seq, 1000 + 160 * seq, ssrc) + bytes([seq]) * 20


def events_of(ev, want, timeout=3.0):
    """The key-promoted events from @ev, until @want of them or timeout."""
    got = []
    end = time.monotonic() + timeout
    while len(got) < want:
        left = end - time.monotonic()
        if left <= 0 or not select.select([ev], [], [], left)[0]:
            break
        for m in parse_msgs(ev.recv(1 << 16)):
            if m.type == FAM and m.cmd == KSRTP_CMD_KEY_EVENT:
                a = m.attrs
                if get(a, EV_TYPE) == bytes([EVENT_TYPE_KEY_PROMOTED]):
                    got.append(a)
    return got


def check_from_index(nl, events_gid):
    """4: the from-index in key-info and in key-promoted events.

    No netlink request sends an event (keyset.c: only packets promote or
    retire keys, and reach limits), so packets over lo promote the keys: a
    tx flow and an rx flow with the same keys, each with a key from index
    I added, and 10 plain RTP packets: the packet with index I makes both
    flows send key-promoted with from-index I. Twice: I = 3 on flows with
    any SSRC, and I = 0x1234560003 (more than 32 bits) on flows pinned to
    one SSRC with ROC 0x123456.
    """
    ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    ev.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    ev.bind((0, 0))
    e = join(ev, events_gid)
    if e:
        report("event-from-index-setup", False, f"join: {errno.errorcode.get(e, e)}")
        return

    # key-info: a pending key's from-index, a uint of 8 bytes here
    big = 0x123456789A
    fid = flow_new(nl, flow_req(7000))
    key_new(nl, key_req(fid).set(K_FROM_INDEX, nla_u64(K_FROM_INDEX, big)))
    infos = [parse_attrs(k) for k in get_all(parse_attrs(flow_get(nl, fid)), F_KEY)]
    pend = [k for k in infos if get(k, KI_SLOT) == bytes([KEY_SLOT_PENDING])]
    fi = get(pend[0], KI_FROM_INDEX) if pend else None
    report("key-info-from-index-u64", fi is not None and len(fi) == 8 and uint(fi) == big,
           f"pending key from-index {hex(uint(fi)) if fi else None} ({len(fi) if fi else 0} bytes)")
    flow_del(nl, fid)

    pairs = (
        # (name, tx port, rx port, ssrc, roc or None, from-index)
        ("any-ssrc", 5000, 6000, 0x11223344, None, 3),
        ("pinned-ssrc-roc", 5002, 6002, 0x55667788, 0x123456, 0x1234560003),
    )
    for name, tport, rport, ssrc, roc, index in pairs:
        ids = {}
        for dirn, port, remote in ((DIR_TX, tport, rport), (DIR_RX, rport, None)):
            a = flow_req(port, dirn, remote)
            if roc is not None:
                a = a.set(F_SSRC, nla_u32(F_SSRC, ssrc)).set(F_ROC, nla_u32(F_ROC, roc))
            f = flow_new(nl, a)
            key_new(nl, key_req(f).set(K_FROM_INDEX, nla_u64(K_FROM_INDEX, index)))
            ids[f] = "tx" if dirn == DIR_TX else "rx"

        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rx.bind(("127.0.0.1", rport))
        rx.settimeout(2)
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tx.bind(("127.0.0.1", tport))
        sent = [rtp(seq, ssrc) for seq in range(10)]
        got = []
        for p in sent:
            tx.sendto(p, ("127.0.0.1", rport))
            try:
                got.append(rx.recv(2048))
            except socket.timeout:
                break
        rx.close()
        tx.close()
        report(f"event-from-index-{name}-traffic", got == sent,
               f"{len(got)} of {len(sent)} packets through ksrtp tx and rx"
               if got == sent else f"{len(got)} of {len(sent)} received, or changed")

        evs = events_of(ev, 2)
        seen = {}
        problems = []
        for a in evs:
            f = u32(get(a, EV_FLOW_ID))
            if f not in ids:
                continue
            idx = [i for i, (t, _, _) in enumerate(a) if t == EV_FROM_INDEX]
            pad = [i for i, (t, _, _) in enumerate(a) if t == EV_PAD]
            if len(idx) != 1:
                problems.append(f"{ids[f]}: {len(idx)} from-index attributes")
                continue
            data = a[idx[0]][1]
            # nla_put_u64_64bit() puts a pad attribute first only where
            # 64-bit loads need alignment; x86 has efficient unaligned
            # access, so there is none here: the attribute must just be a
            # u64 of nla_len 8, in host byte order.
            if len(data) != 8:
                problems.append(f"{ids[f]}: from-index nla_len {len(data)}, not 8")
                continue
            v = struct.unpack("=Q", data)[0]
            if v != index:
                problems.append(f"{ids[f]}: from-index {hex(v)}, not {hex(index)}")
            if pad and pad[0] > idx[0]:
                problems.append(f"{ids[f]}: pad after from-index")
            if get(a, EV_MKI) is not None:
                problems.append(f"{ids[f]}: an MKI on a flow without one")
            seen[ids[f]] = f"{hex(v)}{' after a pad' if pad else ''}"
        for d in ("tx", "rx"):
            if d not in seen:
                problems.append(f"no key-promoted event from the {d} flow")
        report(f"event-from-index-{name}", not problems,
               "; ".join(f"{d} {seen[d]}" for d in sorted(seen)) if not problems else "; ".join(problems))
        for f in ids:
            flow_del(nl, f)
    ev.close()


def fill_and_flow_new(filler, port):
    """Fill a minimal receive queue with stats-get replies, then flow-new.

    Returns (the flow-new's reply id or None, its ack as a Result or None,
    filler replies read, whether recv() said ENOBUFS, SO_RCVBUF).
    """
    s = Genl(rcvbuf=1)  # rounded up to SOCK_MIN_RCVBUF (2 KiB and a bit)
    rcvbuf = s.sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
    batch = b""
    for _ in range(filler):
        # no NLM_F_ACK: each is answered with one small reply
        batch += s.build(FAM, KSRTP_CMD_STATS_GET, flags=NLM_F_REQUEST)[1]
        if len(batch) > 8000:
            s.sock.send(batch)
            batch = b""
    if batch:
        s.sock.send(batch)
    seq, m = s.build(FAM, KSRTP_CMD_FLOW_NEW, flow_req(port).encode())
    s.sock.send(m)

    reply_id, ack, nfill, enobufs = None, None, 0, False
    # the kernel answered within send(): whatever it queued is there
    s.sock.settimeout(0)
    while True:
        try:
            msgs = s.recv()
        except BlockingIOError:
            break
        except OSError as e:
            if e.errno != errno.ENOBUFS:
                raise
            enobufs = True  # the overrun: replies were dropped
            continue
        for msg in msgs:
            if msg.seq == seq and msg.type == NLMSG_ERROR:
                ack = Result()
                ack.take_error(msg)
            elif msg.seq == seq and msg.type == FAM:
                fid = get(msg.attrs, F_ID)
                reply_id = u32(fid) if fid else -1
            elif msg.type == FAM and msg.cmd == KSRTP_CMD_STATS_GET:
                nfill += 1
    # the socket works again once drained
    s.sock.settimeout(5)
    r = s.transact(FAM, KSRTP_CMD_STATS_GET)
    recovered = not r.error and len(r.replies) == 1
    s.close()
    return reply_id, ack, nfill, enobufs, rcvbuf, recovered


def check_reply_lost(nl):
    """5: flow-new is all or nothing, also when its reply is lost.

    ksrtp_nl_flow_new_doit() allocates the reply before it creates the
    flow, and when genlmsg_reply() fails (the requester's queue is full:
    netlink_attachskb() drops the reply, marks the socket congested and
    overrun, -EAGAIN) deletes the flow again, since nobody learns its id.
    A flow that exists though its reply never arrived is the bug.
    """
    lost = delivered = 0
    lines = []
    stuck = []
    for attempt, filler in enumerate((200, 400, 800)):
        port = 5400 + attempt
        reply_id, ack, nfill, enobufs, rcvbuf, recovered = fill_and_flow_new(filler, port)
        found = [f for f, m in flows(nl).items() if be16(get(m.attrs, F_LOCAL_PORT)) == port]
        what = (f"attempt {attempt + 1}: SO_RCVBUF {rcvbuf}, {nfill} of {filler} stats replies queued, "
                f"{'ENOBUFS' if enobufs else 'no ENOBUFS'}, ")
        if ack is not None:
            what += f"ack {ack.errname()} \"{ack.msg}\", "
        if not recovered:
            stuck.append(attempt + 1)
        for f in found:
            flow_del(nl, f)
        if found and reply_id is None:
            report("flow-new-reply-lost-no-flow", False,
                   what + f"flow {found[0]} exists but its flow-new reply never arrived")
            return
        if not found and reply_id is not None:
            report("flow-new-reply-lost-no-flow", False,
                   what + f"the reply named flow {reply_id}, which does not exist")
            return
        if found:
            if reply_id != found[0]:
                report("flow-new-reply-lost-no-flow", False,
                       what + f"reply names flow {reply_id}, the dump has {found[0]}")
                return
            delivered += 1
            lines.append(what + f"reply delivered, flow {reply_id} kept")
            continue  # the dangerous case not reached: more filler
        lost += 1
        lines.append(what + "no reply and no flow")
        break
    report("flow-new-overrun-socket-recovers", not stuck,
           "answers again once drained" if not stuck else f"no answer after draining (attempts {stuck})")
    if lost:
        report("flow-new-reply-lost-no-flow", True, lines[-1])
    else:
        # never reached the case the check is about: say so in the name
        report("flow-new-reply-delivered-flow-kept-lost-case-not-reached", True, "; ".join(lines))


def flow_events(ev, timeout=2.0):
    """[(type, flow id, reason, cookie)] of the flow events read from @ev."""
    got = []
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([ev], [], [], left)[0]:
            return got
        for m in parse_msgs(ev.recv(1 << 16)):
            if m.type != FAM or m.cmd != KSRTP_CMD_KEY_EVENT:
                continue
            a = m.attrs
            t = get(a, EV_TYPE)[0]
            if t in (EVENT_TYPE_FLOW_ADDED, EVENT_TYPE_FLOW_DELETED):
                r, c = get(a, EV_REASON), get(a, EV_COOKIE)
                got.append((t, u32(get(a, EV_FLOW_ID)), r[0] if r else None,
                            struct.unpack("=Q", c)[0] if c else None))


def check_lifecycle(nl, events_gid):
    """Issue 11: owned flows, cookies, 5-tuples, flow-set.

    A socket of its own creates an owned flow with a cookie; flow-get shows
    the owner's port id; closing the socket deletes the flow, with
    flow-added and flow-deleted (reason owner, the cookie) on the events
    group, and leaves the other flows. Bad selectors and unsafe flow-set
    changes are refused with an extack at the attribute and change nothing.
    """
    ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    ev.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    ev.bind((0, 0))
    e = join(ev, events_gid)
    if e:
        report("lifecycle-setup", False, f"join: {errno.errorcode.get(e, e)}")
        return
    other = flow_new(nl, flow_req(7100, remote_port=7101))
    owner = Genl()
    cookie = 0x8000000000000042
    oid = flow_new(owner, flow_req(7102).set(F_COOKIE, nla_u64(F_COOKIE, cookie))
                   .set(F_SOCKET_OWNER, nla(F_SOCKET_OWNER, b"")))
    portid = owner.sock.getsockname()[0]
    a = parse_attrs(flow_get(nl, oid) or b"")
    got = (get(a, F_OWNER_PORTID), get(a, F_COOKIE))
    report("lifecycle-owner-portid-and-cookie-shown",
           got == (struct.pack("=I", portid), struct.pack("=Q", cookie)),
           f"owner-portid, cookie {got}, socket port id {portid}")
    owner.close()
    left = flow_ids(nl)
    report("lifecycle-owner-close-deletes", oid not in left and other in left,
           f"flows after close: {left}")
    evs = flow_events(ev)
    want = [(EVENT_TYPE_FLOW_ADDED, oid, None, cookie),
            (EVENT_TYPE_FLOW_DELETED, oid, DEL_REASON_OWNER, cookie)]
    report("lifecycle-owner-events", [x for x in evs if x[1] == oid] == want,
           f"events {evs}")

    state = lambda: {f: m.raw_attrs for f, m in flows(nl).items()}  # noqa: E731
    byid = Attrs((F_ID, nla_u32(F_ID, other)))
    refused(nl, "lifecycle-del-id-and-cookie", KSRTP_CMD_FLOW_DEL,
            byid.set(F_COOKIE, nla_u64(F_COOKIE, 5)), None, state)
    refused(nl, "lifecycle-del-cookie-0", KSRTP_CMD_FLOW_DEL,
            Attrs((F_COOKIE, nla_u64(F_COOKIE, 0))), F_COOKIE, state)
    refused(nl, "lifecycle-del-unknown-cookie", KSRTP_CMD_FLOW_DEL,
            Attrs((F_COOKIE, nla_u64(F_COOKIE, 99))), F_COOKIE, state)
    refused(nl, "lifecycle-del-partial-tuple", KSRTP_CMD_FLOW_DEL,
            Attrs((F_DIR, nla_u8(F_DIR, DIR_TX))), None, state)
    refused(nl, "lifecycle-del-nothing", KSRTP_CMD_FLOW_DEL, Attrs(), None, state)
    tup = flow_req(7100, dirn=DIR_TX, remote_port=7101)
    tup = Attrs(*[(t, e) for t, e in tup.items if t not in (F_SUITE, F_MASTER_KEY, F_MASTER_SALT)])
    refused(nl, "lifecycle-del-tuple-wrong-dir", KSRTP_CMD_FLOW_DEL, tup, None, state)
    for bad, enc in ((F_SUITE, nla_u32(F_SUITE, 1)),
                     (F_MAX_SSRCS, nla_u32(F_MAX_SSRCS, 4)),
                     (F_COOKIE, nla_u64(F_COOKIE, 1)),
                     (F_SOCKET_OWNER, nla(F_SOCKET_OWNER, b"")),
                     (F_SRTCP_TAG_LEN, nla_u8(F_SRTCP_TAG_LEN, 4))):
        refused(nl, f"lifecycle-set-{ATTR_NAMES[(KSRTP_CMD_FLOW_SET, bad)]}-refused",
                KSRTP_CMD_FLOW_SET, byid.set(F_GRACE_MS, nla_u32(F_GRACE_MS, 5)).set(bad, enc),
                bad, state)
    refused(nl, "lifecycle-set-nothing", KSRTP_CMD_FLOW_SET, byid, None, state)
    refused(nl, "lifecycle-set-remote-addr-length", KSRTP_CMD_FLOW_SET,
            byid.set(F_REMOTE_ADDR, nla(F_REMOTE_ADDR, bytes(16)))
            .set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, 9)), F_REMOTE_ADDR, state)
    refused(nl, "lifecycle-set-remote-port-only", KSRTP_CMD_FLOW_SET,
            byid.set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, 9)), None, state)
    refused(nl, "lifecycle-set-remote-port-0", KSRTP_CMD_FLOW_SET,
            byid.set(F_REMOTE_ADDR, nla(F_REMOTE_ADDR, LO))
            .set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, 0)), F_REMOTE_PORT, state)
    # another flow has the 5-tuple the change asks for: EEXIST, no change
    third = flow_new(nl, flow_req(7100, remote_port=7103))
    refused(nl, "lifecycle-set-remote-exists", KSRTP_CMD_FLOW_SET,
            byid.set(F_REMOTE_ADDR, nla(F_REMOTE_ADDR, LO))
            .set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, 7103)), None, state)
    r = nl.transact(FAM, KSRTP_CMD_FLOW_SET, byid.set(F_REMOTE_ADDR, nla(F_REMOTE_ADDR, LO))
                    .set(F_REMOTE_PORT, nla_be16(F_REMOTE_PORT, 7104)).encode())
    a = parse_attrs(flow_get(nl, other) or b"")
    report("lifecycle-set-remote-moves", not r.error and be16(get(a, F_REMOTE_PORT)) == 7104,
           f"{r.errname()} {r.msg or ''}")
    r = nl.transact(FAM, KSRTP_CMD_FLOW_GET, dump=True,
                    attrs=nla_u64(F_COOKIE, 0))
    report("lifecycle-dump-cookie-0-refused", r.error == errno.EINVAL and r.msg,
           f"{r.errname()} {r.msg}")
    r = nl.transact(FAM, KSRTP_CMD_FLOW_GET, dump=True,
                    attrs=nla_u64(F_COOKIE, 0x77))
    report("lifecycle-dump-cookie-none", not r.error and not r.replies,
           f"{r.errname()} {len(r.replies)} replies")
    for fid in (other, third):
        flow_del(nl, fid)
    evs = flow_events(ev, 1.0)
    report("lifecycle-del-event-request",
           (EVENT_TYPE_FLOW_DELETED, other, DEL_REASON_REQUEST, None) in evs,
           f"events {evs}")
    ev.close()


def main():
    global FAM
    if os.geteuid() != 0:
        report("setup", False, "run as root (in a netns of its own)")
        return 1
    nl = Genl()
    try:
        FAM, groups = resolve(nl, "ksrtp")
        _, ctrl_groups = resolve(nl, "nlctrl")
    except (RuntimeError, OSError) as e:
        report("setup", False, f"resolving the families: {e}")
        return 1
    if "events" not in groups or "notify" not in ctrl_groups:
        report("setup", False, f"mcast groups: ksrtp {groups}, nlctrl {ctrl_groups}")
        return 1
    if flows(nl):
        report("setup", False, "the netns has flows already")
        return 1

    start = time.monotonic()
    for step in (lambda: check_flow_new_lengths(nl),
                 lambda: check_srtcp_tag_len(nl),
                 lambda: check_key_new_mki(nl),
                 lambda: check_events_perm(groups["events"], ctrl_groups["notify"]),
                 lambda: check_from_index(nl, groups["events"]),
                 lambda: check_reply_lost(nl),
                 lambda: check_lifecycle(nl, groups["events"])):
        try:
            step()
        except (RuntimeError, OSError) as e:
            report("error", False, f"{type(e).__name__}: {e}")
    left = flows(nl)
    report("no-flows-left", not left, f"flows left: {sorted(left)}" if left else "")
    print(f"nledges: {FAILS} failed, {time.monotonic() - start:.1f} s")
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
