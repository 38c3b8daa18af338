"""bunny.net DNS API, after its published documentation https://docs.bunny.net/reference/dnszonepublic_index
(Authentication: the account API key in the "AccessKey" header; GET /dnszone?search= answering
{"Items": [{"Id": N, "Domain": ...}], ...}, PUT /dnszone/{id}/records answering the record with its "Id",
DELETE /dnszone/{id}/records/{recordId}; record Type 3 is TXT; errors as {"ErrorKey", "Field", "Message"}).

--set bunny.token=T is the only API key it accepts. Zones are numbered from 3200 in --zones order; the
search matches any part of a name, as bunny.net's does, so a client must pick the exact one.
"""
import itertools

from .common import FakeApi, Reply

TXT = 3


class Api(FakeApi):
    DOCUMENTATION = "https://docs.bunny.net/reference/dnszonepublic_index"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.zone_ids = {3200 + n: zone for n, zone in enumerate(zones)}
        self.ids = itertools.count(1)
        self.by_id = {}  # record id -> (zone id, fqdn, value)

    def authenticate(self, call):
        key = call.headers.get("AccessKey")
        if not key:
            return "missing"
        return "ok" if key == self.token else "rejected"

    @staticmethod
    def error(status, key, message):
        return Reply(status, {"ErrorKey": key, "Field": "", "Message": message})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(401, "unauthorized", "Authorization has been denied for this request.")
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["dnszone"]:
            search = call.query.get("search", "")
            items = [{"Id": i, "Domain": z, "Records": []} for i, z in self.zone_ids.items()
                     if search in z or z in search]
            return Reply(200, {"Items": items, "CurrentPage": 1, "TotalItems": len(items), "HasMoreItems": False})
        if len(parts) < 3 or parts[0] != "dnszone" or not parts[1].isdigit() or int(parts[1]) not in self.zone_ids \
                or parts[2] != "records":
            return self.error(404, "dnszone.not_found", "The requested DNS zone was not found")
        zone_id = int(parts[1])
        zone = self.zone_ids[zone_id]
        if call.method == "PUT" and len(parts) == 3:
            body = call.json_object() or {}
            if body.get("Type") != TXT or "Value" not in body or "Name" not in body:
                return self.error(400, "dnsrecord.validation", "The record is not valid")
            fqdn = body["Name"] + "." + zone if body["Name"] else zone
            self.records.add(fqdn, body["Value"], int(body.get("Ttl") or 300))
            with self.lock:
                record_id = next(self.ids)
                self.by_id[record_id] = (zone_id, fqdn, body["Value"])
            return Reply(201, dict(body, Id=record_id))
        if call.method == "DELETE" and len(parts) == 4 and parts[3].isdigit():
            with self.lock:
                found = self.by_id.get(int(parts[3]))
                if found is None or found[0] != zone_id:
                    return self.error(404, "dnsrecord.not_found", "The requested DNS record was not found")
                del self.by_id[int(parts[3])]
            self.records.remove(found[1], found[2])
            return Reply(204)
        return self.error(404, "not_found", "Not found")
