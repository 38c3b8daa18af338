"""A local stand-in for the part of Exoscale's API v2 that the exoscale DNS provider uses, following the
Exoscale API v2 reference (https://openapi-v2.exoscale.com/: "API request signature" (EXO2-HMAC-SHA256),
list-dns-domains, list-dns-domain-records, create-dns-domain-record, delete-dns-domain-record,
get-operation) and its {"message": "..."} error shape.

  --set exoscale.api_key=EXO... --set exoscale.api_secret=SECRET [--set exoscale.foreign=NAME=VALUE]

It recomputes every signature (method and path, body, the signed query arguments' values, an empty
header line, the expiry) with the secret and refuses a wrong or expired one. Every change is an
operation that answers "pending" once before "success".
"""
import base64
import hashlib
import hmac
import threading
import time
import urllib.parse
import uuid

from .common import FakeApi, Reply

PREFIX = "/v2"


class Api(FakeApi):
    DOCUMENTATION = "https://openapi-v2.exoscale.com/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.api_key = self.option("api_key")
        self.api_secret = self.option("api_secret")
        self.domains = {str(uuid.uuid5(uuid.NAMESPACE_DNS, z.rstrip(".").lower())): z.rstrip(".").lower()
                        for z in zones}
        self.entries = {}  # domain id -> {record id: {"name", "type", "content", "ttl"}}
        self.operations = {}  # operation id -> [polls, reference id]
        self.state_lock = threading.Lock()
        if options.get("foreign"):  # a TXT value someone else published, there from the start
            fqdn, _, value = options["foreign"].partition("=")
            zone = self.records.zone_of(fqdn)
            domain = next(d for d, z in self.domains.items() if z == zone)
            self.entries.setdefault(domain, {})[str(uuid.uuid4())] = {
                "name": fqdn.rstrip(".")[:-len(zone) - 1], "type": "TXT", "content": '"%s"' % value, "ttl": 300}
            self.records.add(fqdn, value, ttl=300)

    def authenticate(self, call):
        header = call.headers.get("Authorization") or ""
        if not header.startswith("EXO2-HMAC-SHA256 "):
            return "missing"
        fields = dict(part.partition("=")[::2] for part in header[len("EXO2-HMAC-SHA256 "):].split(","))
        if fields.get("credential") != self.api_key:
            return "unknown-key"
        try:
            expires = int(fields.get("expires", ""))
        except ValueError:
            return "bad-signature"
        if expires < time.time():
            return "expired"
        query = urllib.parse.parse_qs(call.raw_query, keep_blank_values=True)
        names = [n for n in fields.get("signed-query-args", "").split(";") if n]
        if any(len(query.get(n, [])) != 1 for n in names):
            return "bad-signature"
        message = "\n".join(["%s %s" % (call.method, call.path), call.text,
                             "".join(query[n][0] for n in names), "", str(expires)])
        expected = base64.b64encode(hmac.new(self.api_secret.encode(), message.encode(), hashlib.sha256).digest()).decode()
        return "ok" if hmac.compare_digest(expected, fields.get("signature", "")) else "bad-signature"

    def handle(self, call, verdict):
        if verdict == "expired":
            return Reply(403, {"message": "Request has expired"})
        if verdict != "ok":
            return Reply(403, {"message": "Invalid request signature"})
        path = call.path[len(PREFIX):].strip("/").split("/") if call.path.startswith(PREFIX + "/") else []
        with self.state_lock:
            if call.method == "GET" and path == ["dns-domain"]:
                return Reply(200, {"dns-domains": [{"id": d, "unicode-name": z, "created-at": "2024-01-01T00:00:00Z"}
                                                   for d, z in sorted(self.domains.items())]})
            if len(path) >= 3 and path[0] == "dns-domain" and path[2] == "record":
                domain = path[1]
                if domain not in self.domains:
                    return Reply(404, {"message": "DNS domain %s not found" % domain})
                entries = self.entries.setdefault(domain, {})
                zone = self.domains[domain]
                if call.method == "GET" and len(path) == 3:
                    return Reply(200, {"dns-domain-records": [dict(entry, id=entry_id)
                                                              for entry_id, entry in entries.items()]})
                if call.method == "POST" and len(path) == 3:
                    body = call.json_object() or {}
                    if body.get("type") != "TXT" or not isinstance(body.get("content"), str) \
                            or not isinstance(body.get("name"), str):
                        return Reply(400, {"message": "Invalid DNS domain record"})
                    entry_id = str(uuid.uuid4())
                    entries[entry_id] = {"name": body["name"], "type": "TXT", "content": body["content"],
                                         "ttl": int(body.get("ttl") or 3600)}
                    self.records.add(self.fqdn(zone, body["name"]), body["content"].strip('"'),
                                     ttl=entries[entry_id]["ttl"])
                    return Reply(200, self.operation(entry_id))
                if call.method == "DELETE" and len(path) == 4:
                    entry = entries.pop(path[3], None)
                    if entry is None:
                        return Reply(404, {"message": "DNS domain record %s not found" % path[3]})
                    self.records.remove(self.fqdn(zone, entry["name"]), entry["content"].strip('"'))
                    return Reply(200, self.operation(path[3]))
            if call.method == "GET" and len(path) == 2 and path[0] == "operation" and path[1] in self.operations:
                self.operations[path[1]][0] += 1
                state = "pending" if self.operations[path[1]][0] == 1 else "success"
                return Reply(200, {"id": path[1], "state": state, "reference": {"id": self.operations[path[1]][1]}})
        return Reply(404, {"message": "Not found: %s %s" % (call.method, call.path)})

    def operation(self, reference):
        operation_id = str(uuid.uuid4())
        self.operations[operation_id] = [0, reference]
        return {"id": operation_id, "state": "pending", "reference": {"id": reference}}

    @staticmethod
    def fqdn(zone, name):
        return name + "." + zone if name else zone
