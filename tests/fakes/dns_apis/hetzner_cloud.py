"""Hetzner Cloud API, DNS zones and RRsets, after its published documentation
https://docs.hetzner.cloud/reference/cloud#dns (Authentication: "Authorization: Bearer <token>";
GET /v1/zones?name=, POST /v1/zones/{id_or_name}/rrsets/{name}/{type}/actions/add_records and
.../remove_records answering {"action": {"id", "status": "running"}}, GET /v1/actions/{id}; TXT values in
quotes; errors as {"error": {"code", "message"}}).

--set hetzner-cloud.token=T is the only token it accepts. Each action reports "running" once, then
"success", so a client must wait for it.
"""
import itertools

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://docs.hetzner.cloud/reference/cloud#dns"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.ids = itertools.count(1)
        self.polled = {}  # action id -> times asked

    def authenticate(self, call):
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token == self.token else "rejected"

    @staticmethod
    def error(status, code, message):
        return Reply(status, {"error": {"code": code, "message": message, "details": {}}})

    def action(self, status="running"):
        with self.lock:
            action_id = next(self.ids)
            self.polled[action_id] = 0
        return {"action": {"id": action_id, "command": "rrset_records", "status": status, "error": None}}

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "unauthorized", "unable to authenticate")
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["v1", "zones"]:
            zones = [{"id": 590000000000000 + n, "name": z, "ttl": 3600} for n, z in enumerate(self.zones)
                     if call.query.get("name") in (None, z)]
            return Reply(200, {"zones": zones, "meta": {"pagination": {"page": 1, "total_entries": len(zones)}}})
        if call.method == "GET" and len(parts) == 3 and parts[:2] == ["v1", "actions"] and parts[2].isdigit():
            with self.lock:
                if int(parts[2]) not in self.polled:
                    return self.error(404, "not_found", "action not found")
                self.polled[int(parts[2])] += 1
            return Reply(200, {"action": {"id": int(parts[2]), "status": "success", "error": None}})
        if call.method == "POST" and len(parts) == 8 and parts[:2] == ["v1", "zones"] and parts[3] == "rrsets" \
                and parts[5] == "TXT" and parts[6] == "actions" and parts[7] in ("add_records", "remove_records"):
            zone = parts[2]
            if zone not in self.zones:
                return self.error(404, "not_found", "zone not found")
            fqdn = zone if parts[4] == "@" else parts[4] + "." + zone
            body = call.json_object() or {}
            values = []
            for record in body.get("records") or []:
                value = record.get("value", "")
                if not (len(value) >= 2 and value[0] == value[-1] == '"'):
                    return self.error(422, "invalid_input", "TXT record values must be quoted")
                values.append(value[1:-1])
            if not values:
                return self.error(422, "invalid_input", "records must not be empty")
            for value in values:
                if parts[7] == "add_records":
                    self.records.add(fqdn, value, int(body.get("ttl") or 3600))
                else:
                    self.records.remove(fqdn, value)
            return Reply(201, self.action())
        return self.error(404, "not_found", "not found")
