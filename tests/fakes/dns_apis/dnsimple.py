"""DNSimple API v2, after its published documentation https://developer.dnsimple.com/v2/
(Authentication: "Authorization: Bearer <token>"; GET /v2/whoami, GET /v2/{account}/zones/{zone},
POST /v2/{account}/zones/{zone}/records answering {"data": {"id": N, ...}}, DELETE
/v2/{account}/zones/{zone}/records/{record}; errors as {"message": ...}).

--set dnsimple.token=T is the only (account) token it accepts; dnsimple.account the account id (1385).
"""
import itertools

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://developer.dnsimple.com/v2/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.account = self.options.get("account", "1385")
        self.ids = itertools.count(5800)
        self.by_id = {}  # record id -> (zone, fqdn, content)

    def authenticate(self, call):
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token == self.token else "rejected"

    def handle(self, call, verdict):
        if verdict != "ok":
            return Reply(401, {"message": "Authentication failed"})
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["v2", "whoami"]:
            return Reply(200, {"data": {"user": None, "account": {"id": int(self.account), "email": "a@example.test",
                                                                   "plan_identifier": "teams-v1-monthly"}}})
        if len(parts) < 4 or parts[0] != "v2" or parts[1] != self.account or parts[2] != "zones":
            return Reply(404, {"message": "Not found"})
        zone = parts[3]
        if zone not in self.zones:
            return Reply(404, {"message": "Zone `%s` not found" % zone})
        if call.method == "GET" and len(parts) == 4:
            return Reply(200, {"data": {"id": 1, "account_id": int(self.account), "name": zone, "reverse": False}})
        if call.method == "POST" and parts[4:] == ["records"]:
            body = call.json_object() or {}
            if body.get("type") != "TXT" or "content" not in body or "name" not in body:
                return Reply(400, {"message": "Validation failed", "errors": {"content": ["can't be blank"]}})
            fqdn = body["name"] + "." + zone if body["name"] else zone
            self.records.add(fqdn, body["content"], int(body.get("ttl") or 3600))
            with self.lock:
                record_id = next(self.ids)
                self.by_id[record_id] = (zone, fqdn, body["content"])
            return Reply(201, {"data": dict(body, id=record_id, zone_id=zone)})
        if call.method == "DELETE" and len(parts) == 6 and parts[4] == "records" and parts[5].isdigit():
            with self.lock:
                found = self.by_id.get(int(parts[5]))
                if found is None or found[0] != zone:
                    return Reply(404, {"message": "Record `%s` not found" % parts[5]})
                del self.by_id[int(parts[5])]
            self.records.remove(found[1], found[2])
            return Reply(204)
        return Reply(404, {"message": "Not found"})
