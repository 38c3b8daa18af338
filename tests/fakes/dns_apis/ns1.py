"""NS1 (IBM NS1 Connect) REST API v1, zones and records, after its published documentation
https://developer.ibm.com/apis/catalog/ns1--ibm-ns1-connect-api/api/API--ns1--ibm-ns1-connect-api
(Authentication: the "X-NSONE-Key" header; GET /v1/zones/{zone}; GET, PUT (create), POST (update) and
DELETE /v1/zones/{zone}/{domain}/{type}, a record being one domain and type with its "answers"; errors as
{"message": ...}).

--set ns1.token=T is the only API key it accepts.
"""
from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://developer.ibm.com/apis/catalog/ns1--ibm-ns1-connect-api/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.existing = set()  # domains that have a TXT record

    def authenticate(self, call):
        key = call.headers.get("X-NSONE-Key")
        if not key:
            return "missing"
        return "ok" if key == self.token else "rejected"

    def handle(self, call, verdict):
        if verdict != "ok":
            return Reply(401, {"message": "Unauthorized"})
        parts = call.path.strip("/").split("/")
        if len(parts) < 3 or parts[:2] != ["v1", "zones"] or parts[2] not in self.zones:
            return Reply(404, {"message": "zone not found"})
        zone = parts[2]
        if call.method == "GET" and len(parts) == 3:
            return Reply(200, {"zone": zone, "ttl": 3600, "records": []})
        if len(parts) != 5 or parts[4] != "TXT" or not (parts[3] == zone or parts[3].endswith("." + zone)):
            return Reply(404, {"message": "record not found"})
        domain = parts[3]
        if call.method == "GET":
            if domain not in self.existing:
                return Reply(404, {"message": "record not found"})
            return Reply(200, {"zone": zone, "domain": domain, "type": "TXT", "ttl": 120,
                               "answers": [{"answer": [v]} for v in self.records.get(domain)]})
        if call.method in ("PUT", "POST"):
            if call.method == "PUT" and domain in self.existing:
                return Reply(400, {"message": "record already exists"})
            if call.method == "POST" and domain not in self.existing:
                return Reply(404, {"message": "record not found"})
            body = call.json_object() or {}
            answers = body.get("answers")
            if body.get("domain") != domain or body.get("type") != "TXT" or not isinstance(answers, list) or not answers:
                return Reply(400, {"message": "Input validation failed"})
            self.records.replace(domain, [a["answer"][0] for a in answers], int(body.get("ttl") or 3600))
            self.existing.add(domain)
            return Reply(200, dict(body, id="5c2d1f"))
        if call.method == "DELETE":
            if domain not in self.existing:
                return Reply(404, {"message": "record not found"})
            self.records.replace(domain, [])
            self.existing.discard(domain)
            return Reply(200, {})
        return Reply(405, {"message": "method not allowed"})
