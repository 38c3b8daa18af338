"""Hetzner DNS API, after its published documentation https://dns.hetzner.com/api-docs (Authentication:
the "Auth-API-Token" header; GET /api/v1/zones?name=, POST /api/v1/records, DELETE /api/v1/records/{id}).

--set hetzner.token=T is the only key it accepts; hetzner.zone_id names the zone's id (default "zone-1").
"""
import itertools

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://dns.hetzner.com/api-docs"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.zone_ids = {zone: "%s-%d" % (self.options.get("zone_id", "zone"), n + 1) for n, zone in enumerate(zones)}
        self.ids = itertools.count(1)
        self.by_id = {}  # record id -> record

    def authenticate(self, call):
        token = call.headers.get("Auth-API-Token")
        if not token:
            return "missing"
        return "ok" if token == self.token else "rejected"

    def handle(self, call, verdict):
        if verdict != "ok":
            return Reply(401, {"message": "Invalid authentication credentials"})
        if call.method == "GET" and call.path == "/api/v1/zones":
            name = call.query.get("name", "")
            zones = [{"id": self.zone_ids[z], "name": z, "ttl": 86400} for z in self.zones if not name or z == name]
            if not zones:
                return Reply(404, {"zones": [], "error": {"message": "zone not found", "code": 404}})
            return Reply(200, {"zones": zones, "meta": {"pagination": {"page": 1, "per_page": 100}}})
        if call.method == "POST" and call.path == "/api/v1/records":
            record = call.json_object() or {}
            zone = next((z for z, i in self.zone_ids.items() if i == record.get("zone_id")), None)
            if zone is None or record.get("type") != "TXT" or not record.get("name") or "value" not in record:
                return Reply(422, {"error": {"message": "invalid input", "code": 422}})
            fqdn = zone if record["name"] == "@" else record["name"] + "." + zone
            self.records.add(fqdn, record["value"], int(record.get("ttl") or 60))
            with self.lock:
                record = dict(record, id="rec-%d" % next(self.ids), fqdn=fqdn)
                self.by_id[record["id"]] = record
            return Reply(200, {"record": {k: v for k, v in record.items() if k != "fqdn"}})
        if call.method == "DELETE" and call.path.startswith("/api/v1/records/"):
            with self.lock:
                record = self.by_id.pop(call.path.rsplit("/", 1)[1], None)
            if record is None:
                return Reply(404, {"error": {"message": "record not found", "code": 404}})
            self.records.remove(record["fqdn"], record["value"])
            return Reply(200)
        return Reply(404, {"error": {"message": "not found", "code": 404}})
