#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A tone over plain RTP, as a media application would send it.

tone.py LOCAL_ADDR PORT REMOTE_ADDR PORT SECONDS TX_SSRC RX_SSRC

One UDP socket, as a media application has: it sends a 440 Hz G.711 mu-law
tone (PT 0, 8 kHz, 20 ms per packet) with an RTCP sender report every second
on the same port (rtcp-mux), and at the same time receives the peer's tone,
regenerating each expected packet and checking it byte for byte.
"""
import math
import socket
import struct
import sys
import threading
import time

RATE, PTIME, FREQ = 8000, 0.020, 440.0
SAMPLES = int(RATE * PTIME)


def ulaw(sample):
    """G.711 mu-law encoding of a 16-bit linear sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(abs(sample), clip) + bias
    exponent = 7
    for exp in range(7, -1, -1):
        if sample & (0x4000 >> (7 - exp)):
            exponent = exp
            break
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def rtp_packet(ssrc, n):
    payload = bytes(ulaw(int(12000 * math.sin(2 * math.pi * FREQ *
                                              (n * SAMPLES + i) / RATE)))
                    for i in range(SAMPLES))
    return struct.pack("!BBHII", 0x80, 0, n & 0xFFFF, n * SAMPLES, ssrc) + payload


def rtcp_sr(ssrc, n):
    ntp = int(time.time() * (1 << 32)) & ((1 << 64) - 1)
    return struct.pack("!BBHIQIII", 0x80, 200, 6, ssrc, ntp, n * SAMPLES, n, n * 172)


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def send(s, raddr, rport, seconds, ssrc):
    count = int(seconds / PTIME)
    start = time.monotonic()
    for n in range(count):
        s.sendto(rtp_packet(ssrc, n), (raddr, rport))
        if n % 50 == 49:
            s.sendto(rtcp_sr(ssrc, n), (raddr, rport))
        delay = start + (n + 1) * PTIME - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    print("sent %d RTP packets (%.1f s of 440 Hz tone) and %d RTCP SRs, ssrc %#x"
          % (count, seconds, count // 50, ssrc))
    print("first plain RTP packet sent: " + rtp_packet(ssrc, 0)[:32].hex(" "))


def recv(s, seconds, ssrc, result):
    want = int(seconds / PTIME)
    rtp = rtcp = bad = 0
    try:
        while rtp + bad < want:
            data = s.recv(4096)
            if 192 <= data[1] <= 223:
                rtcp += 1
                continue
            seq = struct.unpack("!H", data[2:4])[0]
            if data == rtp_packet(ssrc, seq):
                rtp += 1
            else:
                bad += 1
    except socket.timeout:
        pass
    result.append("received %d of %d RTP packets intact, %d RTCP, %d damaged"
                  % (rtp, want, rtcp, bad))
    result.append(rtp == want and bad == 0)


def main():
    laddr, lport, raddr, rport = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    seconds, tx_ssrc, rx_ssrc = float(sys.argv[5]), int(sys.argv[6], 0), int(sys.argv[7], 0)
    s = socket.socket(family(laddr), socket.SOCK_DGRAM)
    s.bind((laddr, lport))
    s.settimeout(10)
    result = []
    rx = threading.Thread(target=recv, args=(s, seconds, rx_ssrc, result))
    rx.start()
    time.sleep(1)      # both ends bound before either sends
    send(s, raddr, rport, seconds, tx_ssrc)
    rx.join()
    print(result[0])
    return 0 if result[1] else 1


if __name__ == "__main__":
    sys.exit(main())
