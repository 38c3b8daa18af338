"""Scaleway Domains and DNS API v2beta1, after its published documentation
https://www.scaleway.com/en/developers/api/domains-and-dns/ (Authentication: "X-Auth-Token: <secret key>";
GET /domain/v2beta1/dns-zones?dns_zone=, PATCH /domain/v2beta1/dns-zones/{dns_zone}/records with
{"changes": [{"add": {"records": [...]}} | {"delete": {"id_fields": {"name", "type", "data"}}}]}; TXT data
in quotes; errors as {"message": ..., "type": ...}).

--set scaleway.token=T is the only secret key it accepts.
"""
from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://www.scaleway.com/en/developers/api/domains-and-dns/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")

    def authenticate(self, call):
        key = call.headers.get("X-Auth-Token")
        if not key:
            return "missing"
        return "ok" if key == self.token else "rejected"

    @staticmethod
    def error(status, message, kind):
        return Reply(status, {"message": message, "type": kind})

    def handle(self, call, verdict):
        if verdict != "ok":
            return Reply(401, {"message": "authentication is denied", "method": "api_key",
                               "type": "denied_authentication"})
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["domain", "v2beta1", "dns-zones"]:
            wanted = call.query.get("dns_zone")
            zones = [{"domain": z, "subdomain": "", "status": "active", "project_id": "p-e2e"}
                     for z in self.zones if wanted in (None, z)]
            return Reply(200, {"dns_zones": zones, "total_count": len(zones)})
        if len(parts) != 5 or parts[:3] != ["domain", "v2beta1", "dns-zones"] or parts[4] != "records" \
                or parts[3] not in self.zones:
            return self.error(404, "resource is not found", "not_found")
        zone = parts[3]
        if call.method != "PATCH":
            return self.error(405, "method not allowed", "invalid_arguments")
        changes = (call.json_object() or {}).get("changes")
        if not isinstance(changes, list) or not changes:
            return self.error(400, "invalid argument(s): changes is empty", "invalid_arguments")
        for change in changes:
            if "add" in change:
                for record in change["add"].get("records", []):
                    data = record.get("data", "")
                    if record.get("type") != "TXT" or not (len(data) >= 2 and data[0] == data[-1] == '"'):
                        return self.error(400, "invalid argument(s): TXT data must be quoted", "invalid_arguments")
                    fqdn = record["name"] + "." + zone if record.get("name") else zone
                    self.records.add(fqdn, data[1:-1], int(record.get("ttl") or 3600))
            elif "delete" in change:
                fields = change["delete"].get("id_fields", {})
                fqdn = fields["name"] + "." + zone if fields.get("name") else zone
                data = fields.get("data", "")
                if not self.records.remove(fqdn, data[1:-1] if len(data) >= 2 else data):
                    return self.error(404, "record not found", "not_found")
            else:
                return self.error(400, "invalid argument(s): unknown change", "invalid_arguments")
        return Reply(200, {"records": []})
