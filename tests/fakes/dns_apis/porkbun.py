"""Porkbun API v3, DNS, after its published documentation https://porkbun.com/api/json/v3/documentation
(Authentication: "apikey" and "secretapikey" in the JSON body of every POST; /dns/retrieve/{domain},
/dns/create/{domain} answering {"status": "SUCCESS", "id": N}, /dns/delete/{domain}/{id}; errors as
{"status": "ERROR", "message": ...}, HTTP 403 for bad keys).

--set porkbun.key=K --set porkbun.secret=S is the only key pair it accepts.
"""
import itertools

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://porkbun.com/api/json/v3/documentation"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.key = self.option("key")
        self.secret = self.option("secret")
        self.ids = itertools.count(106926659)
        self.by_id = {}  # id -> (zone, fqdn, content)

    def authenticate(self, call):
        body = call.json_object() or {}
        if "apikey" not in body or "secretapikey" not in body:
            return "missing"
        return "ok" if body["apikey"] == self.key and body["secretapikey"] == self.secret else "rejected"

    def logged_body(self, call):
        body = call.json_object()
        if body is None:
            return call.text
        return {k: ("[redacted]" if k in ("apikey", "secretapikey") else v) for k, v in body.items()}

    @staticmethod
    def error(status, message):
        return Reply(status, {"status": "ERROR", "message": message})

    def handle(self, call, verdict):
        if call.method != "POST":
            return self.error(405, "Only POST is supported.")
        if verdict != "ok":
            return self.error(403, "Invalid API key. (002)")
        parts = call.path.strip("/").split("/")
        if len(parts) < 6 or parts[:4] != ["api", "json", "v3", "dns"]:
            return self.error(404, "Not found.")
        action, zone = parts[4], parts[5]
        if zone not in self.zones:
            return self.error(400, "Invalid domain.")
        if action == "retrieve" and len(parts) == 6:
            with self.lock:
                records = [{"id": str(i), "name": f, "type": "TXT", "content": c, "ttl": "300"}
                           for i, (z, f, c) in self.by_id.items() if z == zone]
            return Reply(200, {"status": "SUCCESS", "records": records})
        if action == "create" and len(parts) == 6:
            body = call.json_object()
            if body.get("type") != "TXT" or not body.get("content") or int(body.get("ttl") or 600) < 300:
                return self.error(400, "Invalid record: type, content and a ttl of at least 300 are required.")
            fqdn = body["name"] + "." + zone if body.get("name") else zone
            self.records.add(fqdn, body["content"], int(body.get("ttl") or 600))
            with self.lock:
                record_id = next(self.ids)
                self.by_id[record_id] = (zone, fqdn, body["content"])
            return Reply(200, {"status": "SUCCESS", "id": record_id})
        if action == "delete" and len(parts) == 7 and parts[6].isdigit():
            with self.lock:
                found = self.by_id.get(int(parts[6]))
                if found is None or found[0] != zone:
                    return self.error(400, "Invalid record ID.")
                del self.by_id[int(parts[6])]
            self.records.remove(found[1], found[2])
            return Reply(200, {"status": "SUCCESS"})
        return self.error(404, "Not found.")
