#!/usr/bin/env python3
"""Serves the fake DNS provider APIs of dns_apis/ for the e2e suites, several in one process (one port
each) so a suite that covers many providers starts one process, not one per provider.

  dns_api_server.py --zones "example.test" --log calls.jsonl \
      --api hetzner=8001 --api route53=8002 --set hetzner.token=T --set route53.key_id=K ...

Which published API each fake follows is in the first lines of its module, dns_apis/<name>.py. The
records they create are published in the suite's Knot (see knot_update.py for the variables it reads).
Only the standard library; listens on 127.0.0.1 only; stops on SIGTERM.
"""
import argparse
import http.server
import importlib
import json
import os
import sys
import threading
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dns_apis.common import Call, Reply  # noqa: E402


def make_handler(api, log_path, log_lock):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_call(self):
            length = int(self.headers.get("Content-Length") or "0")
            call = Call(self.command, self.path, self.headers, self.rfile.read(length) if length else b"")
            try:
                verdict = api.authenticate(call)
                reply = api.handle(call, verdict)
            except Exception:  # noqa: BLE001 (a fake's bug must show in the suite's log, not hang it)
                traceback.print_exc()
                verdict, reply = "error", Reply(500, "fake %s failed; see its log" % api.name)
            entry = {"api": api.name, "method": call.method, "path": call.path, "query": api.logged_query(call),
                     "auth": verdict, "status": reply.status}
            if call.raw_body:
                entry["body"] = api.logged_body(call)
            with log_lock, open(log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_call  # noqa: N815

        def log_message(self, format, *arguments):  # noqa: A002 (http.server's signature)
            sys.stderr.write("dns_api_server %s: %s\n" % (api.name, format % arguments))

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zones", required=True, help="space-separated zones Knot serves")
    parser.add_argument("--log", required=True, help="one JSON line per call")
    parser.add_argument("--api", action="append", required=True, metavar="NAME=PORT")
    parser.add_argument("--set", action="append", default=[], metavar="NAME.KEY=VALUE")
    args = parser.parse_args()
    zones = args.zones.split()
    options = {}
    for setting in args.set:
        target, _, value = setting.partition("=")
        name, _, key = target.partition(".")
        options.setdefault(name, {})[key] = value
    log_lock = threading.Lock()
    servers = []
    for spec in args.api:
        name, _, port = spec.partition("=")
        module = importlib.import_module("dns_apis." + name.replace("-", "_"))
        api = module.Api(name, options.get(name, {}), zones)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), make_handler(api, args.log, log_lock))
        server.daemon_threads = True
        servers.append(server)
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
