"""IONOS Hosting DNS API v1, after its published documentation https://developer.hosting.ionos.com/docs/dns
(Authentication: "X-API-Key: <prefix>.<secret>"; GET /dns/v1/zones, POST /dns/v1/zones/{zoneId}/records
with a list of records named in full, answering that list with ids, DELETE
/dns/v1/zones/{zoneId}/records/{recordId}; errors as a list of {"code": ..., "message": ...}).

--set ionos.token=T is the only API key it accepts.
"""
import uuid

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://developer.hosting.ionos.com/docs/dns"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.zone_ids = {str(uuid.uuid5(uuid.NAMESPACE_DNS, zone)): zone for zone in zones}
        self.by_id = {}  # record id -> (zone id, fqdn, content)

    def authenticate(self, call):
        key = call.headers.get("X-API-Key")
        if not key:
            return "missing"
        return "ok" if key == self.token else "rejected"

    @staticmethod
    def error(status, code, message):
        return Reply(status, [{"code": code, "message": message}])

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "UNAUTHORIZED", "Missing or invalid API key.")
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["dns", "v1", "zones"]:
            return Reply(200, [{"id": i, "name": z, "type": "NATIVE"} for i, z in self.zone_ids.items()])
        if len(parts) < 5 or parts[:3] != ["dns", "v1", "zones"] or parts[3] not in self.zone_ids \
                or parts[4] != "records":
            return self.error(404, "NOT_FOUND", "Zone not found.")
        zone_id = parts[3]
        zone = self.zone_ids[zone_id]
        if call.method == "POST" and len(parts) == 5:
            records = call.body if isinstance(call.body, list) else None
            if not records or any(r.get("type") != "TXT" or not r.get("content") or
                                  not (r.get("name") == zone or str(r.get("name")).endswith("." + zone))
                                  or int(r.get("ttl", 3600)) < 60 for r in records):
                return self.error(400, "INVALID_RECORD", "Record name, type, content or ttl is not valid.")
            created = []
            for r in records:
                self.records.add(r["name"], r["content"], int(r.get("ttl", 3600)))
                with self.lock:
                    record_id = str(uuid.uuid4())
                    self.by_id[record_id] = (zone_id, r["name"], r["content"])
                created.append(dict(r, id=record_id, rootName=zone))
            return Reply(201, created)
        if call.method == "DELETE" and len(parts) == 6:
            with self.lock:
                found = self.by_id.get(parts[5])
                if found is None or found[0] != zone_id:
                    return self.error(404, "NOT_FOUND", "Record not found.")
                del self.by_id[parts[5]]
            self.records.remove(found[1], found[2])
            return Reply(200)
        return self.error(404, "NOT_FOUND", "Not found.")
