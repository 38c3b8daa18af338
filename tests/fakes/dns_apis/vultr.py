"""Vultr API v2, DNS, after its published documentation https://www.vultr.com/api/#tag/dns
(Authentication: "Authorization: Bearer <API key>"; GET /v2/domains/{dns-domain}, POST
/v2/domains/{dns-domain}/records, DELETE /v2/domains/{dns-domain}/records/{record-id}; TXT data in
quotes; errors as {"error": ..., "status": N}).

--set vultr.token=T is the only API key it accepts.
"""
import uuid

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://www.vultr.com/api/#tag/dns"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.by_id = {}  # record id -> (fqdn, value)

    def authenticate(self, call):
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token == self.token else "rejected"

    @staticmethod
    def error(status, message):
        return Reply(status, {"error": message, "status": status})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "Invalid API token.")
        parts = call.path.strip("/").split("/")
        if len(parts) < 3 or parts[:2] != ["v2", "domains"] or parts[2] not in self.zones:
            return self.error(404, "Domain not found.")
        zone = parts[2]
        if call.method == "GET" and len(parts) == 3:
            return Reply(200, {"domain": {"domain": zone, "date_created": "2026-01-01T00:00:00+00:00",
                                          "dns_sec": "disabled"}})
        if call.method == "POST" and parts[3:] == ["records"]:
            record = call.json_object() or {}
            data = record.get("data", "")
            if record.get("type") != "TXT" or "name" not in record or len(data) < 2 \
                    or not (data.startswith('"') and data.endswith('"')):
                return self.error(400, "Invalid TXT data: it must be in quotes.")
            fqdn = record["name"] + "." + zone if record["name"] else zone
            self.records.add(fqdn, data[1:-1], int(record.get("ttl") or 300))
            with self.lock:
                record_id = str(uuid.uuid4())
                self.by_id[record_id] = (fqdn, data[1:-1])
            return Reply(201, {"record": dict(record, id=record_id, priority=0)})
        if call.method == "DELETE" and len(parts) == 5 and parts[3] == "records":
            with self.lock:
                found = self.by_id.pop(parts[4], None)
            if found is None:
                return self.error(404, "Record not found.")
            self.records.remove(*found)
            return Reply(204)
        return self.error(404, "Not found.")
