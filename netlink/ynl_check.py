#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
Load netlink/ksrtp.yaml with the kernel's tools/net/ynl/lib (the library
behind tools/net/ynl/cli.py) and round-trip requests and replies through
its encoder and decoder. Needs no ksrtp module: the generic netlink family
lookup that YnlFamily does on construction is replaced by a stub.

  ynl_check.py KERNEL_SOURCE SPEC SCHEMA

Prints PASS/FAIL netlink/ynl_<name> lines; exit status 1 if any failed.
"""

import struct
import sys

ksrc, spec, schema = sys.argv[1:4]
sys.path.insert(0, ksrc + '/tools/net/ynl')

from lib import YnlFamily  # noqa: E402
from lib import ynl as ynl_mod  # noqa: E402

failed = 0


def report(name, ok, why=''):
    global failed
    if ok:
        print(f'PASS netlink/ynl_{name}')
    else:
        failed += 1
        print(f'FAIL netlink/ynl_{name}: {why}')


class StubGenlProtocol(ynl_mod.NetlinkProtocol):
    """GenlProtocol without the nlctrl lookup (no module needed)."""

    def __init__(self, family_name):
        super().__init__(family_name, ynl_mod.Netlink.NETLINK_GENERIC)
        self.family_id = 0x7001
        self.genl_family = {'id': self.family_id, 'mcast': {'events': 9}}

    message = ynl_mod.GenlProtocol.message
    _decode = ynl_mod.GenlProtocol._decode
    get_mcast_id = ynl_mod.GenlProtocol.get_mcast_id
    msghdr_size = ynl_mod.GenlProtocol.msghdr_size


ynl_mod.GenlProtocol = StubGenlProtocol

try:
    fam = YnlFamily(spec, schema)
    report('load', True)
except Exception as e:  # pylint: disable=broad-except
    report('load', False, f'{type(e).__name__}: {e}')
    sys.exit(1)


def encode(space, vals):
    out = b''
    for name, value in vals.items():
        out += fam._add_attr(space, name, value, None)
    return out


def decode(space, raw):
    return fam._decode(ynl_mod.NlAttrs(raw), space)


# The operations cli.py would call (--do NAME / --dump NAME).
want_ops = ['flow-new', 'flow-del', 'flow-get', 'flush', 'key-new', 'key-del',
           'key-use', 'guard-new', 'guard-del', 'guard-get', 'stats-get',
           'stream-get', 'flow-set']
got_ops = list(fam.ops.keys())
report('ops', got_ops == want_ops, f'ops {got_ops}, expected {want_ops}')
ops_ok = all(hasattr(fam, n.replace('-', '_')) for n in want_ops)
report('op_methods', ops_ok, 'YnlFamily lacks a method per operation')
report('flow_get_dump', 'dump' in fam.ops['flow-get'].yaml,
       'flow-get has no dump')
report('guard_get_dump', 'dump' in fam.ops['guard-get'].yaml,
       'guard-get has no dump')
# stream-get: one stream by id and ssrc, or a dump of a flow's streams.
sg = fam.ops['stream-get'].yaml
report('stream_get_do_dump',
       sg.get('attribute-set') == 'flow' and
       sg.get('do', {}).get('request', {}).get('attributes') == ['id', 'ssrc'] and
       sg.get('dump', {}).get('request', {}).get('attributes') == ['id'] and
       sg['do'].get('reply', {}).get('attributes') == ['id', 'stream'] and
       sg['dump'].get('reply', {}).get('attributes') == ['id', 'stream'],
       f'stream-get is not do (id, ssrc) and dump (id) of id + stream: {sg}')
report('stats_get_do', 'do' in fam.ops['stats-get'].yaml and
       'dump' not in fam.ops['stats-get'].yaml,
       'stats-get is not a do-only operation')
report('mcast_events', 'events' in fam.mcast_groups,
       f'mcast groups {list(fam.mcast_groups)}')

# Values the uapi must keep.
suite = fam.consts['suite']
report('suite_values',
       suite.entries['aes-cm-128-hmac-sha1-80'].value == 1 and
       suite.entries['aead-aes-256-gcm'].value == 7 and
       len(suite.entries) == 7,
       'suite enum does not run 1..7')
report('dir_values',
       fam.consts['dir'].entries['tx'].value == 1 and
       fam.consts['dir'].entries['rx'].value == 2,
       'dir enum is not tx=1, rx=2')

# A full flow-new request: encode, check a few raw bytes, decode.
req = {
    'dir': 'rx',
    'family': 10,
    'local-addr': bytes.fromhex('20010db8000000000000000000000001'),
    'local-port': 5000,
    'remote-addr': bytes.fromhex('20010db8000000000000000000000002'),
    'remote-port': 6000,
    'suite': 'aead-aes-128-gcm',
    'master-key': bytes(range(16)),
    'master-salt': bytes(range(12)),
    'mki': b'\x01\x02',
    'ssrc': 0xdeadbeef,
    'max-ssrcs': 16,
    'rtcp-mux': True,
    'rtcp': False,
    'replay-window': 1024,
    'roc': 7,
}
try:
    raw = encode('flow', req)
    back = decode('flow', raw)
    # A flag is absent when false.
    want = {k: v for k, v in req.items() if v is not False}
    report('flow_new_roundtrip', back == want, f'{back} != {want}')
    port = fam.attr_sets['flow']['local-port'].value
    be = struct.pack('<HH', 6, port) + struct.pack('>H', 5000)
    report('port_big_endian', be in raw, 'local-port not sent big-endian')
except Exception as e:  # pylint: disable=broad-except
    report('flow_new_roundtrip', False, f'{type(e).__name__}: {e}')

# Every flow-new request attribute exists; key material is not in replies.
ops = fam.ops
new_req = ops['flow-new'].yaml['do']['request']['attributes']
get_rep = ops['flow-get'].yaml['do']['reply']['attributes']
dump_rep = ops['flow-get'].yaml['dump']['reply']['attributes']
report('no_key_in_reply',
       not {'master-key', 'master-salt'} & (set(get_rep) | set(dump_rep)),
       'master-key or master-salt in a flow-get reply')
# lifetime and soft-lifetime belong to the first key: they come back in
# that key's key-info nest, not as flow attributes.
# socket-owner comes back as the owner's port id.
report('reply_covers_request',
       set(new_req) - {'master-key', 'master-salt', 'lifetime',
                       'soft-lifetime', 'socket-owner'} <= set(get_rep) and
       'key' in get_rep and 'owner-portid' in get_rep and
       get_rep == dump_rep,
       'flow-get reply does not carry every non-secret request attribute')
# flow-set changes no key; flows are named by id, cookie or 5-tuple.
set_req = ops['flow-set'].yaml['do']['request']['attributes']
report('flow_set_no_key',
       'id' in set_req and not {'master-key', 'master-salt', 'mki'} &
       set(set_req), 'flow-set takes key material, or no id')
del_req = ops['flow-del'].yaml['do']['request']['attributes']
report('flow_del_selectors',
       {'id', 'cookie', 'dir', 'family', 'local-addr', 'local-port',
        'remote-addr', 'remote-port'} == set(del_req),
       f'flow-del request attributes {del_req}')
report('flow_dump_cookie',
       'cookie' in ops['flow-get'].yaml['dump']['request']['attributes'],
       'flow-get dump cannot filter by cookie')
try:
    raw = encode('flow', {'id': 3, 'cookie': 2**63 + 5,
                          'socket-owner': True})
    back = decode('flow', raw)
    report('cookie_roundtrip',
           back == {'id': 3, 'cookie': 2**63 + 5, 'socket-owner': True},
           f'{back}')
except Exception as e:  # pylint: disable=broad-except
    report('cookie_roundtrip', False, f'{type(e).__name__}: {e}')
# srtcp-tag-len: a u8 set at flow-new, echoed by flow-get, which flow-set
# lists only to refuse it (the handler's fixed table).
try:
    raw = encode('flow', {'id': 4, 'suite': 'aes-cm-128-hmac-sha1-32',
                          'srtcp-tag-len': 4})
    back = decode('flow', raw)
    report('srtcp_tag_len_roundtrip',
           back == {'id': 4, 'suite': 'aes-cm-128-hmac-sha1-32',
                    'srtcp-tag-len': 4} and
           'srtcp-tag-len' in new_req and 'srtcp-tag-len' in get_rep,
           f'{back}')
except Exception as e:  # pylint: disable=broad-except
    report('srtcp_tag_len_roundtrip', False, f'{type(e).__name__}: {e}')
# Streams do not fit one flow message: flow-get gives their number only.
report('flow_get_no_streams',
       'stream' not in get_rep and 'stream-count' in get_rep,
       'flow-get replies carry stream nests, or no stream-count')
report('key_info_no_secret',
       not {'master-key', 'master-salt'} &
       set(fam.attr_sets['key-info'].attrs.keys()),
       'key-info (flow-get replies) can carry key material')
report('key_event_notification',
       'key-event' in fam.msgs and
       fam.msgs['key-event'].yaml.get('mcgrp') == 'events',
       'no key-event notification on the events group')

# A flow-get reply with stats and a stream count.
stats = {'packets': 10, 'bytes': 1 << 40, 'auth-fail': 1, 'errors': 0}
rep = {
    'id': 3,
    'dir': 'tx',
    'suite': 'aes-cm-128-hmac-sha1-80',
    'stats': stats,
    'stream-count': 1000,
}
try:
    back = decode('flow', encode('flow', rep))
    report('flow_get_roundtrip', back == rep, f'{back} != {rep}')
except Exception as e:  # pylint: disable=broad-except
    report('flow_get_roundtrip', False, f'{type(e).__name__}: {e}')

# A stream-get reply: the flow's id and one stream.
rep = {
    'id': 3,
    'stream': [
        {'ssrc': 0xdeadbeef, 'roc': 1, 'seq': 65535, 'srtcp-index': 5,
         'stats': {'packets': 4}, 'idle-ms': 20},
    ],
}
try:
    back = decode('flow', encode('flow', rep))
    report('stream_get_roundtrip', back == rep, f'{back} != {rep}')
except Exception as e:  # pylint: disable=broad-except
    report('stream_get_roundtrip', False, f'{type(e).__name__}: {e}')

# A whole request message as cli.py would send it.
try:
    # nlmsghdr without its length (added on send), then genlmsghdr.
    msg = fam.nlproto.message(0, ops['flow-del'].req_value, 1, seq=1)
    report('message', len(msg) == 16 and msg[12] == ops['flow-del'].req_value,
           'bad netlink/genetlink header')
except Exception as e:  # pylint: disable=broad-except
    report('message', False, f'{type(e).__name__}: {e}')

sys.exit(1 if failed else 0)
