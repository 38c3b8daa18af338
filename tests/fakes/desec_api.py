#!/usr/bin/env python3
"""A local stand-in for the part of deSEC's REST API that DNS providers use, for the desec end-to-end
suite. Nothing of deSEC can run here, so this fake follows deSEC's published API documentation
(https://desec.readthedocs.io/en/latest/, "Domain Management" and "Retrieving and Creating DNS Records"):

  GET   /api/v1/domains/<name>/                          one domain, 404 {"detail": "Not found."}
  GET   /api/v1/domains/<name>/rrsets/<subname>/<type>/  one RRset ("@" is the empty subname)
  POST  /api/v1/domains/<name>/rrsets/                   create {"subname", "type", "ttl", "records"}
  PATCH /api/v1/domains/<name>/rrsets/<subname>/<type>/  change "records" (and "ttl"); empty records
                                                         delete the RRset (204 No Content)

Authentication as documented: "Authorization: Token <token>"; without it 401 {"detail": "Authentication
credentials were not provided."}, with a wrong one 401 {"detail": "Invalid token."}. A TTL below the
domain's minimum_ttl (3600) is refused with 400, as deSEC does, and a second RRset of the same subname and
type with 400 "Another RRset with the same subdomain and type exists for this domain.".

TXT values are published in the suite's Knot with knsupdate and removed again, so Pebble (pointed at Knot)
validates them for real. Each call is logged as one JSON line: method, path, whether the token was
accepted ("ok", "missing" or "rejected"; never the token itself), and the body.
Only the standard library; listens on 127.0.0.1 only.
"""
import argparse
import http.server
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knot_update import update_txt  # noqa: E402

PREFIX = "/api/v1/domains/"
MINIMUM_TTL = 3600


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--zones", required=True, help="space-separated zones Knot serves (deSEC's domains)")
    parser.add_argument("--token", required=True)
    args = parser.parse_args()
    domains = args.zones.split()
    rrsets = {}  # (domain, subname, type) -> {"ttl": int, "records": [str]}
    lock = threading.Lock()

    def rrset_document(domain, subname, rtype, rrset):
        name = (subname + "." if subname else "") + domain + "."
        return {"domain": domain, "subname": subname, "name": name, "type": rtype, "ttl": rrset["ttl"],
                "records": rrset["records"], "created": "2026-01-01T00:00:00Z", "touched": "2026-01-01T00:00:00Z"}

    def publish(domain, subname, old, new, ttl):
        fqdn = (subname + "." if subname else "") + domain
        for record in new:
            if record not in old:
                update_txt("add", fqdn, record.strip('"'), domains, ttl=ttl)
        for record in old:
            if record not in new:
                update_txt("delete", fqdn, record.strip('"'), domains)

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self, status, document=None):
            data = b"" if document is None else json.dumps(document).encode()
            self.send_response(status)
            if document is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_call(self, method):
            path = urllib.parse.urlsplit(self.path).path
            length = int(self.headers.get("Content-Length", "0"))
            raw_body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            authorization = self.headers.get("Authorization")
            if authorization is None:
                auth = "missing"
            else:
                scheme, _, token = authorization.partition(" ")
                auth = "ok" if scheme == "Token" and token == args.token else "rejected"
            entry = {"method": method, "path": path, "auth": auth}
            body = None
            if raw_body:
                try:
                    body = json.loads(raw_body)
                except ValueError:
                    body = raw_body
                entry["body"] = body
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")

            if auth == "missing":
                return self.answer(401, {"detail": "Authentication credentials were not provided."})
            if auth == "rejected":
                return self.answer(401, {"detail": "Invalid token."})
            if not path.startswith(PREFIX) or not path.endswith("/"):
                return self.answer(404, {"detail": "Not found."})
            parts = path[len(PREFIX):-1].split("/")
            domain = parts[0]
            if domain not in domains:
                return self.answer(404, {"detail": "Not found."})
            if method == "GET" and len(parts) == 1:
                return self.answer(200, {"name": domain, "minimum_ttl": MINIMUM_TTL, "created": "2026-01-01T00:00:00Z"})
            if method == "POST" and parts[1:] == ["rrsets"]:
                return self.create(domain, body)
            if len(parts) == 4 and parts[1] == "rrsets":
                subname = "" if parts[2] == "@" else parts[2]
                if method == "GET":
                    with lock:
                        rrset = rrsets.get((domain, subname, parts[3]))
                    if rrset is None:
                        return self.answer(404, {"detail": "Not found."})
                    return self.answer(200, rrset_document(domain, subname, parts[3], rrset))
                if method == "PATCH":
                    return self.change(domain, subname, parts[3], body)
            return self.answer(405, {"detail": 'Method "%s" not allowed.' % method})

        def create(self, domain, body):
            if not isinstance(body, dict) or not isinstance(body.get("records"), list) or "type" not in body:
                return self.answer(400, {"records": ["This field is required."]})
            if not isinstance(body.get("ttl"), int) or body["ttl"] < MINIMUM_TTL:
                return self.answer(400, {"ttl": ["Ensure this value is greater than or equal to %d." % MINIMUM_TTL]})
            key = (domain, body.get("subname", ""), body["type"])
            with lock:
                if key in rrsets:
                    return self.answer(400, {"non_field_errors": [
                        "Another RRset with the same subdomain and type exists for this domain."]})
                rrset = {"ttl": body["ttl"], "records": list(body["records"])}
                try:
                    publish(domain, key[1], [], rrset["records"], rrset["ttl"])
                except RuntimeError as error:
                    return self.answer(500, {"detail": str(error)})
                rrsets[key] = rrset
            return self.answer(201, rrset_document(domain, key[1], key[2], rrset))

        def change(self, domain, subname, rtype, body):
            if not isinstance(body, dict):
                return self.answer(400, {"detail": "JSON parse error"})
            key = (domain, subname, rtype)
            with lock:
                rrset = rrsets.get(key)
                if rrset is None:
                    return self.answer(404, {"detail": "Not found."})
                ttl = body.get("ttl", rrset["ttl"])
                if not isinstance(ttl, int) or ttl < MINIMUM_TTL:
                    return self.answer(400, {"ttl": ["Ensure this value is greater than or equal to %d." % MINIMUM_TTL]})
                records = body.get("records", rrset["records"])
                try:
                    publish(domain, subname, rrset["records"], records, ttl)
                except RuntimeError as error:
                    return self.answer(500, {"detail": str(error)})
                if not records:
                    del rrsets[key]
                    return self.answer(204)
                rrset.update(ttl=ttl, records=list(records))
                return self.answer(200, rrset_document(domain, subname, rtype, rrset))

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.handle_call("GET")

        def do_POST(self):  # noqa: N802
            self.handle_call("POST")

        def do_PATCH(self):  # noqa: N802
            self.handle_call("PATCH")

        def log_message(self, format, *arguments):  # noqa: A002 (http.server's signature)
            sys.stderr.write("desec_api: " + (format % arguments) + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
