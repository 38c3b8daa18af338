#!/usr/bin/env python3
"""A local HTTPS "ACME CA" that misbehaves on purpose, for what a real CA (Pebble) cannot be made to do.

This is a fake, and says so: Pebble cannot be told to truncate a body, send broken JSON, answer 500 or
429 on demand, drop required directory members, send an oversized answer or hang. This server speaks
just enough RFC 8555 for acmecli to get to the point where the fault is injected: a directory (§7.1.1),
newNonce with Replay-Nonce (§7.2), and newAccount answering 201 with a Location (§7.3). It does not
verify JWS signatures; acmecli's signing is tested against Pebble.

Usage: misbehaving_ca.py --port PORT --cert tls.crt --key tls.key --mode-file FILE --log FILE

The mode is read from --mode-file on every request, so a test switches faults without a restart (and
the account stored under accounts/127.0.0.1_PORT/ stays valid). Every request is appended to --log as
"METHOD PATH" so a test can count attempts (no retry storm). Modes ("ok" when the file is empty):

  ok                      a well-behaved directory, nonce and newAccount; newOrder answers 403
  dir-truncated           the directory's body is cut short of its Content-Length, then the connection closes
  dir-bad-json            the directory is not JSON
  dir-500                 the directory answers 500 with a problem document
  dir-missing-fields      the directory lacks newOrder
  dir-oversized           the directory announces and sends 9 MiB
  dir-oversized-chunked   the directory streams 9 MiB chunked, without a Content-Length
  dir-hang                the directory request is accepted and never answered
  nonce-missing           newNonce answers without a Replay-Nonce
  order-500               newOrder answers 500 (serverInternal) every time
  order-429               newOrder answers 429 rateLimited with Retry-After: 3600
  order-429-short         newOrder answers 429 rateLimited with Retry-After: 1, every time
  order-bad-json          newOrder answers 201 with a Location and a body cut off mid-JSON
  order-missing-status    newOrder answers 201 with an order object that has no status
  order-truncated         newOrder's body is cut short of its Content-Length
  order-oversized         newOrder answers with 9 MiB
  order-hang              newOrder is accepted and never answered
"""

import argparse
import http.server
import json
import os
import secrets
import socketserver
import ssl
import sys
import threading
import time

OVERSIZED = 9 * 1024 * 1024  # above acmecli's 8 MiB cap on any answer

PROBLEM = "application/problem+json"


def problem(kind, detail, status):
    return json.dumps({"type": "urn:ietf:params:acme:error:" + kind, "detail": detail, "status": status})


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real CA; every answer carries a length or chunking
    server_version = "misbehaving-ca"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write("%s\n" % (format % args))

    # --- plumbing ------------------------------------------------------------------------------

    def mode(self):
        try:
            with open(self.server.mode_file, encoding="utf-8") as f:
                return f.read().strip() or "ok"
        except FileNotFoundError:
            return "ok"

    def record(self):
        with self.server.log_lock, open(self.server.request_log, "a", encoding="utf-8") as f:
            f.write("%s %s\n" % (self.command, self.path))

    def base(self):
        return "https://127.0.0.1:%d" % self.server.server_address[1]

    def answer(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Cache-Control", "no-store")
        if body or self.command != "HEAD":
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def truncated(self, body):
        # Promise more than is sent, then close: the client must see a short read, not a short body.
        body = body.encode()
        self.send_response(200 if self.command == "GET" else 201)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Location", self.base() + "/order/1")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) * 4))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def oversized(self, chunked):
        self.send_response(200)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(OVERSIZED))
        self.end_headers()
        block = b" " * 65536
        try:
            for _ in range(OVERSIZED // len(block)):
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                else:
                    self.wfile.write(block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up at its limit, as it should
        self.close_connection = True

    def hang(self):
        # Read the request, then never answer; the server's shutdown (or the client's timeout) ends it.
        self.server.stop.wait()
        self.close_connection = True

    def directory(self):
        base = self.base()
        return {
            "newNonce": base + "/nonce",
            "newAccount": base + "/account",
            "newOrder": base + "/order",
            "revokeCert": base + "/revoke",
            "keyChange": base + "/key-change",
            "meta": {"termsOfService": base + "/terms"},
        }

    # --- requests ------------------------------------------------------------------------------

    def do_HEAD(self):
        self.record()
        mode = self.mode()
        if self.path == "/nonce":
            if mode == "nonce-missing":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.answer(200)
            return
        self.answer(404)

    def do_GET(self):
        self.record()
        mode = self.mode()
        if self.path == "/nonce":
            self.answer(204)
            return
        if self.path != "/dir":
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)
            return
        if mode == "dir-truncated":
            self.truncated(json.dumps(self.directory()))
        elif mode == "dir-bad-json":
            self.answer(200, '{"newNonce": "' + self.base() + '/nonce", "newAccount": ')
        elif mode == "dir-500":
            self.answer(500, problem("serverInternal", "the directory is on fire", 500), PROBLEM)
        elif mode == "dir-missing-fields":
            directory = self.directory()
            del directory["newOrder"]
            self.answer(200, json.dumps(directory))
        elif mode == "dir-oversized":
            self.oversized(chunked=False)
        elif mode == "dir-oversized-chunked":
            self.oversized(chunked=True)
        elif mode == "dir-hang":
            self.hang()
        else:
            self.answer(200, json.dumps(self.directory()))

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        mode = self.mode()
        if self.path == "/account":
            # §7.3: 201 Created with the account URL in Location.
            account = {"status": "valid", "contact": ["mailto:e2e@example.com"], "orders": self.base() + "/orders/1"}
            self.answer(201, json.dumps(account), headers=[("Location", self.base() + "/account/1")])
            return
        if self.path != "/order":
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)
            return
        if mode == "order-500":
            self.answer(500, problem("serverInternal", "the order database is down", 500), PROBLEM)
        elif mode == "order-429":
            self.answer(429, problem("rateLimited", "too many new orders recently", 429), PROBLEM,
                        headers=[("Retry-After", "3600")])
        elif mode == "order-429-short":
            self.answer(429, problem("rateLimited", "slow down a little", 429), PROBLEM,
                        headers=[("Retry-After", "1")])
        elif mode == "order-bad-json":
            self.answer(201, '{"status": "pending", "identifiers": [{"type": "dns", "val',
                        headers=[("Location", self.base() + "/order/1")])
        elif mode == "order-missing-status":
            self.answer(201, json.dumps({"identifiers": [], "authorizations": [], "finalize": self.base() + "/f"}),
                        headers=[("Location", self.base() + "/order/1")])
        elif mode == "order-truncated":
            self.truncated(json.dumps({"status": "pending", "identifiers": [], "authorizations": []}))
        elif mode == "order-oversized":
            self.oversized(chunked=False)
        elif mode == "order-hang":
            self.hang()
        else:
            self.answer(403, problem("unauthorized", "this fake CA issues nothing", 403), PROBLEM)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    server.mode_file = args.mode_file
    server.request_log = args.log
    server.log_lock = threading.Lock()
    server.stop = threading.Event()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(args.cert, args.key)
    # The handshake happens in the handler's thread, so a client that never finishes one stalls only itself.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    open(args.log, "a", encoding="utf-8").close()
    print("misbehaving CA on https://127.0.0.1:%d/dir" % args.port, flush=True)
    try:
        server.serve_forever()
    finally:
        server.stop.set()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
