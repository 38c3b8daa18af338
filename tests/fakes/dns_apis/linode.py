"""Linode API v4, Domains and Domain Records, after its published documentation
https://techdocs.akamai.com/linode-api/reference/get-domains (Authentication: "Authorization: Bearer
<token>"; GET /v4/domains filtered by the X-Filter header, POST /v4/domains/{domainId}/records, DELETE
/v4/domains/{domainId}/records/{recordId}; errors as {"errors": [{"reason": ..., "field": ...}]}).

--set linode.token=T is the only token it accepts. Domains are numbered from 1234 in --zones order.
"""
import itertools
import json

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://techdocs.akamai.com/linode-api/reference/get-domains"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.domain_ids = {1234 + n: zone for n, zone in enumerate(zones)}
        self.ids = itertools.count(5001)
        self.by_id = {}  # record id -> (domain id, fqdn, target)

    def authenticate(self, call):
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token == self.token else "rejected"

    @staticmethod
    def error(status, reason, field=None):
        entry = {"reason": reason}
        if field:
            entry["field"] = field
        return Reply(status, {"errors": [entry]})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "Invalid Token")
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["v4", "domains"]:
            try:
                wanted = json.loads(call.headers.get("X-Filter") or "{}").get("domain")
            except (ValueError, AttributeError):
                return self.error(400, "Cannot filter on X-Filter")
            data = [{"id": i, "domain": z, "type": "master", "status": "active"}
                    for i, z in self.domain_ids.items() if wanted is None or z == wanted]
            return Reply(200, {"data": data, "page": 1, "pages": 1, "results": len(data)})
        if len(parts) < 4 or parts[:2] != ["v4", "domains"] or not parts[2].isdigit() \
                or int(parts[2]) not in self.domain_ids or parts[3] != "records":
            return self.error(404, "Not found")
        domain_id = int(parts[2])
        zone = self.domain_ids[domain_id]
        if call.method == "POST" and len(parts) == 4:
            record = call.json_object() or {}
            if record.get("type") != "TXT" or "target" not in record or "name" not in record:
                return self.error(400, "Target is required", "target")
            ttl = int(record.get("ttl_sec") or 0)
            if ttl and ttl < 300:
                return self.error(400, "ttl_sec must be at least 300", "ttl_sec")
            fqdn = record["name"] + "." + zone if record["name"] else zone
            self.records.add(fqdn, record["target"], ttl or 300)
            with self.lock:
                record_id = next(self.ids)
                self.by_id[record_id] = (domain_id, fqdn, record["target"])
            return Reply(200, dict(record, id=record_id))
        if call.method == "DELETE" and len(parts) == 5 and parts[4].isdigit():
            with self.lock:
                found = self.by_id.get(int(parts[4]))
                if found is None or found[0] != domain_id:
                    return self.error(404, "Not found")
                del self.by_id[int(parts[4])]
            self.records.remove(found[1], found[2])
            return Reply(200, {})
        return self.error(404, "Not found")
