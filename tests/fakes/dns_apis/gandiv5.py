"""Gandi LiveDNS API v5, after its published documentation https://api.gandi.net/docs/livedns/ and
https://api.gandi.net/docs/authentication/ ("Authorization: Bearer <personal access token>", or the
deprecated "Authorization: Apikey <key>"; GET /v5/livedns/domains/{fqdn}; GET, PUT and DELETE
/v5/livedns/domains/{fqdn}/records/{rrset_name}/TXT, where PUT replaces the RRset's values; errors as
{"code": N, "message": ..., "object": ..., "cause": ...}).

--set gandiv5.token=T is the personal access token it accepts, gandiv5.api_key=K the API key (optional).
"""
from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://api.gandi.net/docs/livedns/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.api_key = self.options.get("api_key")

    def authenticate(self, call):
        scheme, _, credential = (call.headers.get("Authorization") or "").partition(" ")
        if not credential:
            return "missing"
        if scheme == "Bearer" and credential == self.token:
            return "ok"
        if scheme == "Apikey" and self.api_key and credential == self.api_key:
            return "ok"
        return "rejected"

    @staticmethod
    def error(status, message, cause):
        return Reply(status, {"code": status, "message": message, "object": "HTTP" + cause, "cause": cause})

    def handle(self, call, verdict):
        if verdict != "ok":
            return self.error(403, "Access was denied to this resource.", "Forbidden")
        parts = call.path.strip("/").split("/")
        if len(parts) < 4 or parts[:3] != ["v5", "livedns", "domains"] or parts[3] not in self.zones:
            return self.error(404, "The resource could not be found.", "NotFound")
        zone = parts[3]
        if call.method == "GET" and len(parts) == 4:
            return Reply(200, {"fqdn": zone, "automatic_snapshots": True, "domain_records_href": "..."})
        if len(parts) != 7 or parts[4] != "records" or parts[6] != "TXT":
            return self.error(404, "The resource could not be found.", "NotFound")
        fqdn = zone if parts[5] == "@" else parts[5] + "." + zone
        values = self.records.get(fqdn)
        if call.method == "GET":
            if not values:
                return self.error(404, "Can't find the DNS record", "NotFound")
            # LiveDNS gives TXT values back in zone-file quotes.
            return Reply(200, {"rrset_name": parts[5], "rrset_type": "TXT", "rrset_ttl": 300,
                               "rrset_values": ['"%s"' % v for v in values]})
        if call.method == "PUT":
            body = call.json_object() or {}
            new = body.get("rrset_values")
            ttl = int(body.get("rrset_ttl") or 10800)
            if not isinstance(new, list) or not new or ttl < 300:
                return self.error(400, "rrset_values and an rrset_ttl of at least 300 are required", "BadRequest")
            self.records.replace(fqdn, [v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v for v in new], ttl)
            return Reply(201, {"message": "DNS Record Created"})
        if call.method == "DELETE":
            self.records.replace(fqdn, [])
            return Reply(204)
        return self.error(405, "Method not allowed", "MethodNotAllowed")
