"""DigitalOcean API v2, Domains and Domain Records, after its published documentation
https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records (Authentication: a bearer
token; GET /v2/domains/{name}, POST /v2/domains/{name}/records, DELETE /v2/domains/{name}/records/{id};
errors as {"id": ..., "message": ...}).

--set digitalocean.token=T is the only token it accepts.
"""
import itertools

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domain-Records"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.ids = itertools.count(3352890)
        self.by_id = {}  # record id -> (fqdn, data)

    def authenticate(self, call):
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token == self.token else "rejected"

    @staticmethod
    def error(status, error_id, message):
        return Reply(status, {"id": error_id, "message": message})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "Unauthorized", "Unable to authenticate you.")
        parts = call.path.strip("/").split("/")
        if len(parts) < 3 or parts[:2] != ["v2", "domains"] or parts[2] not in self.zones:
            return self.error(404, "not_found", "The resource you were accessing could not be found.")
        zone = parts[2]
        if call.method == "GET" and len(parts) == 3:
            return Reply(200, {"domain": {"name": zone, "ttl": 1800, "zone_file": ""}})
        if call.method == "POST" and parts[3:] == ["records"]:
            record = call.json_object() or {}
            if record.get("type") != "TXT" or not record.get("name") or "data" not in record:
                return self.error(422, "unprocessable_entity", "Name and data are required.")
            fqdn = zone if record["name"] == "@" else record["name"] + "." + zone
            self.records.add(fqdn, record["data"], int(record.get("ttl") or 1800))
            with self.lock:
                record_id = next(self.ids)
                self.by_id[record_id] = (fqdn, record["data"])
            return Reply(201, {"domain_record": dict(record, id=record_id)})
        if call.method == "DELETE" and len(parts) == 5 and parts[3] == "records" and parts[4].isdigit():
            with self.lock:
                found = self.by_id.pop(int(parts[4]), None)
            if found is None:
                return self.error(404, "not_found", "The resource you were accessing could not be found.")
            self.records.remove(*found)
            return Reply(204)
        return self.error(404, "not_found", "The resource you were accessing could not be found.")
