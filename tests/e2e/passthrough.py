#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Non-RTP packets on an SRTP flow's port (RFC 7983) must pass untouched.

passthrough.py recv ADDR PORT               -- expects the three packets
passthrough.py send ADDR PORT FROMADDR FROMPORT
"""
import socket
import sys

PACKETS = [
    # STUN binding request (first byte 0..3)
    bytes.fromhex("000100002112a442") + bytes(range(12)),
    # DTLS 1.2 handshake record (20..63)
    bytes.fromhex("16fefd000000000000000000100100000c000000000000000c") + b"clienthello!",
    # TURN ChannelData (64..79)
    bytes.fromhex("40000008") + b"channel!",
]


def main():
    role, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if role == "send":
        s.bind((sys.argv[4], int(sys.argv[5])))
        for p in PACKETS:
            s.sendto(p, (addr, port))
        return 0
    s.bind((addr, port))
    s.settimeout(3)
    got = []
    try:
        while len(got) < len(PACKETS):
            got.append(s.recv(2048))
    except socket.timeout:
        pass
    ok = got == PACKETS
    print("passthrough: %d of %d packets, %s" %
          (len(got), len(PACKETS), "exact" if ok else "DIFFERENT"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
