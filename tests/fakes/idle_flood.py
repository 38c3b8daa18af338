#!/usr/bin/env python3
"""A bounded flood of idle TCP connections on loopback, as in issue 17 finding 1.

One peer tries to hold --per-family connections to 127.0.0.1:PORT and to [::1]:PORT that never send a
byte, and opens a new one for each the server drops (or refuses: the port may not be listening yet),
at most --rate new connections a second per family. It stops by itself after --duration seconds (or on
SIGTERM) and writes its figures as one line of "key=value" to --report:

  opened=N         connections the server accepted
  dropped=N        of those, how many the server closed (evicted or timed out)
  refused=N        connection attempts that failed (nothing listening)
  peak_open=N      the most connections open at once, both families together
  seconds=S        how long it ran

Loopback only, by construction: it never takes a host argument.
"""
import argparse
import errno
import select
import signal
import socket
import time

FAMILIES = ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--per-family", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0, help="new connections a second per family")
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--report", required=True)
    args = parser.parse_args()
    if args.per_family > 250 or args.duration > 60:
        parser.error("the flood is bounded: at most 250 connections per family and 60 s")

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    counts = {"opened": 0, "dropped": 0, "refused": 0, "peak_open": 0}
    connecting = {}  # socket -> family, while the non-blocking connect is under way
    open_sockets = {}  # socket -> family, connected and idle
    # The flood opens all its connections at once, then reconnects at --rate.
    budget = {family: float(args.per_family) for family, _ in FAMILIES}
    started = last = time.monotonic()

    def held(family):
        return sum(1 for f in list(connecting.values()) + list(open_sockets.values()) if f == family)

    while not stopping and time.monotonic() - started < args.duration:
        now = time.monotonic()
        for family, host in FAMILIES:
            if budget[family] < args.rate:
                budget[family] = min(budget[family] + (now - last) * args.rate, args.rate)
            while held(family) < args.per_family and budget[family] >= 1:
                s = socket.socket(family, socket.SOCK_STREAM)
                s.setblocking(False)
                code = s.connect_ex((host, args.port))
                if code in (0, errno.EINPROGRESS):
                    budget[family] -= 1
                    connecting[s] = family
                else:
                    counts["refused"] += 1  # nothing listening yet: try again next round
                    s.close()
                    break
        last = now
        readable, writable, _ = select.select(list(open_sockets), list(connecting), [], 0.02)
        for s in writable:
            family = connecting.pop(s)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                open_sockets[s] = family
                counts["opened"] += 1
            else:
                counts["refused"] += 1  # the budget was spent: refusals are rate-limited too
                s.close()
        for s in readable:
            try:
                data = s.recv(1)
            except OSError:
                data = b""
            if not data:
                open_sockets.pop(s)
                counts["dropped"] += 1
                s.close()
        counts["peak_open"] = max(counts["peak_open"], len(open_sockets))

    for s in list(open_sockets) + list(connecting):
        s.close()
    counts["seconds"] = round(time.monotonic() - started, 1)
    with open(args.report, "w") as report:
        report.write(" ".join(f"{key}={value}" for key, value in counts.items()) + "\n")


if __name__ == "__main__":
    main()
