"""GoDaddy Domains API v1, after its published documentation
https://developer.godaddy.com/doc/endpoint/domains and https://developer.godaddy.com/getstarted
("Authorization: sso-key <key>:<secret>"; GET /v1/domains/{domain}; GET, PUT and DELETE
/v1/domains/{domain}/records/{type}/{name}, where PUT replaces every record of that type at the name;
errors as {"code": ..., "message": ...}).

--set godaddy.key=K --set godaddy.secret=S is the only key pair it accepts.
"""
from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://developer.godaddy.com/doc/endpoint/domains"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.credential = "%s:%s" % (self.option("key"), self.option("secret"))
        self.ttls = {}  # (fqdn, data) -> ttl, to give back what was PUT

    def authenticate(self, call):
        scheme, _, credential = (call.headers.get("Authorization") or "").partition(" ")
        if scheme != "sso-key" or not credential:
            return "missing"
        return "ok" if credential == self.credential else "rejected"

    @staticmethod
    def error(status, code, message):
        return Reply(status, {"code": code, "message": message})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "UNABLE_TO_AUTHENTICATE", "Unable to authenticate your request")
        parts = call.path.strip("/").split("/")
        if len(parts) < 3 or parts[:2] != ["v1", "domains"] or parts[2] not in self.zones:
            return self.error(404, "NOT_FOUND", "The given domain is not registered, or does not have a zone file")
        zone = parts[2]
        if call.method == "GET" and len(parts) == 3:
            return Reply(200, {"domain": zone, "domainId": 1, "status": "ACTIVE"})
        if len(parts) != 6 or parts[3] != "records" or parts[4] != "TXT":
            return self.error(404, "NOT_FOUND", "Not found")
        fqdn = zone if parts[5] == "@" else parts[5] + "." + zone
        if call.method == "GET":
            return Reply(200, [{"data": v, "name": parts[5], "ttl": self.ttls.get((fqdn, v), 3600), "type": "TXT"}
                               for v in self.records.get(fqdn)])
        if call.method == "PUT":
            records = call.body if isinstance(call.body, list) else None
            if not records or any(not isinstance(r, dict) or not r.get("data") or int(r.get("ttl", 600)) < 600
                                  for r in records):
                return self.error(422, "INVALID_BODY", "Request body doesn't fulfill schema, see details in `fields`")
            for r in records:
                self.ttls[(fqdn, r["data"])] = int(r.get("ttl", 3600))
            self.records.replace(fqdn, [r["data"] for r in records], int(records[0].get("ttl", 3600)))
            return Reply(200)
        if call.method == "DELETE":
            if not self.records.get(fqdn):
                return self.error(404, "NOT_FOUND", "No records of that type and name")
            self.records.replace(fqdn, [])
            return Reply(204)
        return self.error(405, "METHOD_NOT_ALLOWED", "Method not allowed")
