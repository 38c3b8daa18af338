#!/usr/bin/env python3
"""Accepts TCP connections on 127.0.0.1:PORT and [::1]:PORT and never answers: a web server that hangs.

For tests that need acmecli to be in the middle of a challenge for a while (the CA's validator waits on
this server until its own timeout). Loopback only; it stops by itself after --duration seconds.

Usage: silent_http.py --port PORT [--duration SECONDS]
"""
import argparse
import select
import socket
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    listeners = []
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        server = socket.socket(family, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, args.port))
        server.listen(64)
        listeners.append(server)
    held = []
    end = time.monotonic() + min(args.duration, 120.0)
    while time.monotonic() < end:
        ready, _, _ = select.select(listeners, [], [], 0.2)
        for server in ready:
            connection, _ = server.accept()
            held.append(connection)  # read nothing, answer nothing
        held = held[-256:]


if __name__ == "__main__":
    main()
