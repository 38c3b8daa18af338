#!/usr/bin/env python3
"""A web service speaking lego's httpreq protocol, for the httpreq end-to-end suite.

lego's httpreq provider (and acmecli's) POSTs JSON to <endpoint>/present and <endpoint>/cleanup:
  {"fqdn": "_acme-challenge.example.test.", "value": "<TXT value>"}
  {"domain": "example.test", "token": "...", "keyAuth": "..."}      (HTTPREQ_MODE=RAW)
with HTTP basic auth when a user name and password are configured. This server checks the
Authorization header when --username/--password are given (401 otherwise), logs every call as one JSON
line (path, content type, whether the credentials matched, the body as received) and publishes or
removes the TXT value in Knot with knsupdate, as a real endpoint would update its DNS. In RAW mode it
derives the record itself: _acme-challenge.<domain without "*.">, value base64url(SHA-256(keyAuth)) (RFC
8555 §8.4). Only the standard library; listens on 127.0.0.1 only.
"""
import argparse
import base64
import hashlib
import http.server
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knot_update import update_txt  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--zones", required=True, help="space-separated zones Knot serves")
    parser.add_argument("--username")
    parser.add_argument("--password")
    args = parser.parse_args()
    zones = args.zones.split()
    expected_auth = None
    if args.username is not None:
        token = base64.b64encode(("%s:%s" % (args.username, args.password)).encode()).decode()
        expected_auth = "Basic " + token

    class Handler(http.server.BaseHTTPRequestHandler):
        def reply(self, status, text):
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", "0"))
            raw_body = self.rfile.read(length).decode("utf-8", "replace")
            authorization = self.headers.get("Authorization")
            entry = {
                "path": self.path,
                "content_type": self.headers.get("Content-Type"),
                "auth": "none" if authorization is None else ("ok" if authorization == expected_auth else "bad"),
            }
            try:
                entry["body"] = json.loads(raw_body)
            except ValueError:
                entry["body"] = raw_body
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")

            action = self.path.rsplit("/", 1)[-1]
            if action not in ("present", "cleanup"):
                return self.reply(404, "no such action")
            if expected_auth is not None and authorization != expected_auth:
                return self.reply(401, "wrong credentials")
            body = entry["body"]
            if not isinstance(body, dict):
                return self.reply(400, "the body is not a JSON object")
            if "keyAuth" in body:
                domain = body.get("domain", "")
                if domain.startswith("*."):
                    domain = domain[2:]
                fqdn = "_acme-challenge.%s." % domain
                digest = hashlib.sha256(body["keyAuth"].encode()).digest()
                value = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            else:
                fqdn, value = body.get("fqdn", ""), body.get("value", "")
            try:
                update_txt("add" if action == "present" else "delete", fqdn, value, zones)
            except (RuntimeError, KeyError) as error:
                return self.reply(500, str(error))
            self.reply(200, "ok")

        def log_message(self, format, *arguments):  # noqa: A002 (http.server's signature)
            sys.stderr.write("httpreq_server: " + (format % arguments) + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
