#!/usr/bin/env python3
"""A local stand-in for the part of Cloudflare's API v4 that DNS providers use, for the cloudflare
end-to-end suite. Nothing of Cloudflare can run here, so this fake follows Cloudflare's published API
documentation (https://developers.cloudflare.com/api/, "Zones" and "DNS Records for a Zone"):

  GET    /client/v4/zones?name=<zone>                         list zones by name
  POST   /client/v4/zones/<zone_id>/dns_records               create {"type","name","content","ttl"}
  DELETE /client/v4/zones/<zone_id>/dns_records/<record_id>   delete one record

Every answer is Cloudflare's envelope: {"success": bool, "errors": [{"code", "message"}], "messages": [],
"result": ...}. Authentication as documented: "Authorization: Bearer <API token>", or the legacy
"X-Auth-Email" + "X-Auth-Key" pair. Missing credentials get HTTP 400 with code 6003 "Invalid request
headers" (and an error_chain), wrong ones HTTP 403 with code 10000 "Authentication error". With
--zone-token, that token may only list zones and the --token only edit records, like a split
Zone:Read / DNS:Edit setup.

Created TXT records are published in the suite's Knot with knsupdate and removed again on delete, so Pebble
(pointed at Knot) validates them for real. Each call is logged as one JSON line: method, path, query,
which kind of credentials came and what they were accepted for ("dns", "zone" or "rejected"; never the
credentials themselves), and the body.
Only the standard library; listens on 127.0.0.1 only.
"""
import argparse
import hashlib
import http.server
import json
import os
import sys
import threading
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knot_update import update_txt  # noqa: E402

PREFIX = "/client/v4"


def envelope(result=None, errors=None):
    return {"success": not errors, "errors": errors or [], "messages": [], "result": result}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--zones", required=True, help="space-separated zones Knot serves")
    parser.add_argument("--token", help="the API token allowed to edit DNS records (and list zones)")
    parser.add_argument("--zone-token", help="a separate token that may only list zones")
    parser.add_argument("--email")
    parser.add_argument("--key")
    args = parser.parse_args()
    knot_zones = args.zones.split()
    # Cloudflare's ids are 32 hex digits.
    zone_ids = {zone: hashlib.md5(zone.encode()).hexdigest() for zone in knot_zones}
    records = {}  # record id -> (zone, name, content)
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self, status, document):
            data = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def credentials(self):
            """(kind, matched scope): kind "bearer", "key" or "none"; scope "dns", "zone" or None."""
            authorization = self.headers.get("Authorization")
            if authorization is not None:
                scheme, _, token = authorization.partition(" ")
                if scheme != "Bearer" or not token:
                    return "malformed", None
                if args.token is not None and token == args.token:
                    return "bearer", "dns"
                if args.zone_token is not None and token == args.zone_token:
                    return "bearer", "zone"
                return "bearer", None
            email, key = self.headers.get("X-Auth-Email"), self.headers.get("X-Auth-Key")
            if email is not None or key is not None:
                ok = args.email is not None and email == args.email and key == args.key
                return "key", "dns" if ok else None
            return "none", None

        def handle_call(self, method):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length", "0"))
            raw_body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            kind, scope = self.credentials()
            entry = {"method": method, "path": url.path, "query": url.query, "auth": kind,
                     "scope": scope or "rejected", "content_type": self.headers.get("Content-Type")}
            body = None
            if raw_body:
                try:
                    body = json.loads(raw_body)
                except ValueError:
                    body = raw_body
                entry["body"] = body
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry, sort_keys=True) + "\n")

            if kind in ("none", "malformed"):
                return self.answer(400, envelope(errors=[{
                    "code": 6003, "message": "Invalid request headers",
                    "error_chain": [{"code": 6111, "message": "Invalid format for Authorization header"}]}]))
            if scope is None:
                return self.answer(403, envelope(errors=[{"code": 10000, "message": "Authentication error"}]))

            parts = url.path[len(PREFIX):].strip("/").split("/") if url.path.startswith(PREFIX) else []
            if method == "GET" and parts == ["zones"]:
                names = urllib.parse.parse_qs(url.query).get("name", [])
                found = [{"id": zone_ids[z], "name": z, "status": "active"} for z in knot_zones
                         if not names or z in names]
                return self.answer(200, dict(envelope(found), result_info={
                    "page": 1, "per_page": 20, "count": len(found), "total_count": len(found)}))
            if scope != "dns":
                return self.answer(403, envelope(errors=[{"code": 10000, "message": "Authentication error"}]))
            zone = next((z for z, i in zone_ids.items() if len(parts) >= 3 and parts[:1] == ["zones"]
                         and parts[1] == i and parts[2] == "dns_records"), None)
            if zone is None:
                return self.answer(404, envelope(errors=[{"code": 7003, "message": "Could not route to "
                                                          + url.path + ", perhaps your object identifier is invalid?"}]))
            if method == "POST" and len(parts) == 3:
                return self.create(zone, body)
            if method == "DELETE" and len(parts) == 4:
                return self.delete(zone, parts[3])
            return self.answer(405, envelope(errors=[{"code": 10405, "message": "Method not allowed"}]))

        def create(self, zone, body):
            if not isinstance(body, dict) or body.get("type") != "TXT" or not body.get("content") \
                    or not isinstance(body.get("ttl"), int) or not body.get("name"):
                return self.answer(400, envelope(errors=[{"code": 9005, "message": "Content for TXT record is invalid"
                                                          " or a required field (type, name, content, ttl) is missing"}]))
            name = body["name"].rstrip(".")
            if name != zone and not name.endswith("." + zone):
                name = name + "." + zone  # a name relative to the zone, as the API allows
            try:
                update_txt("add", name, body["content"], knot_zones, ttl=body["ttl"])
            except RuntimeError as error:
                return self.answer(500, envelope(errors=[{"code": 1000, "message": str(error)}]))
            record_id = uuid.uuid4().hex
            with lock:
                records[record_id] = (zone, name, body["content"])
            return self.answer(200, envelope({"id": record_id, "type": "TXT", "name": name,
                                              "content": body["content"], "ttl": body["ttl"],
                                              "proxiable": False, "proxied": False,
                                              "zone_id": zone_ids[zone], "zone_name": zone}))

        def delete(self, zone, record_id):
            with lock:
                record = records.get(record_id)
                if record is None or record[0] != zone:
                    return self.answer(404, envelope(errors=[{"code": 81044, "message": "Record does not exist."}]))
                del records[record_id]
            try:
                update_txt("delete", record[1], record[2], knot_zones)
            except RuntimeError as error:
                return self.answer(500, envelope(errors=[{"code": 1000, "message": str(error)}]))
            return self.answer(200, envelope({"id": record_id}))

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self.handle_call("GET")

        def do_POST(self):  # noqa: N802
            self.handle_call("POST")

        def do_DELETE(self):  # noqa: N802
            self.handle_call("DELETE")

        def log_message(self, format, *arguments):  # noqa: A002 (http.server's signature)
            sys.stderr.write("cloudflare_api: " + (format % arguments) + "\n")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
