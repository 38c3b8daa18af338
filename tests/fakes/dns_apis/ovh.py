"""A local stand-in for the part of OVHcloud's API v1 that the ovh DNS provider uses, following OVHcloud's
documentation: "First steps with the OVHcloud APIs"
(https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api: the X-Ovh-Application,
X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature headers, "$1$" + SHA1_HEX(AS+"+"+CK+"+"+METHOD+"+"+
QUERY+"+"+BODY+"+"+TSTAMP), GET /auth/time) and the API console's /domain/zone section
(https://eu.api.ovh.com/console/?section=%2Fdomain: POST/GET /domain/zone/{zone}/record, GET/DELETE
/domain/zone/{zone}/record/{id}, POST /domain/zone/{zone}/refresh).

  --set ovh.application_key=AK --set ovh.application_secret=AS --set ovh.consumer_key=CK
  [--set ovh.foreign=NAME=VALUE]

It recomputes every signature over the URL as the client sent it (http://Host + path and query) and
refuses a wrong one, or a timestamp more than five minutes off. As at OVH, record changes reach the zone
(Knot) only when the zone is refreshed.
"""
import hashlib
import hmac
import threading
import time
import urllib.parse

from .common import FakeApi, Reply

PREFIX = "/1.0"


def ovh_error(status, error_code, message):
    return Reply(status, {"errorCode": error_code, "httpCode": "%d" % status, "message": message})


class Api(FakeApi):
    DOCUMENTATION = "https://help.ovhcloud.com/csm/en-gb-api-getting-started-ovhcloud-api"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.application_key = self.option("application_key")
        self.application_secret = self.option("application_secret")
        self.consumer_key = self.option("consumer_key")
        self.state_lock = threading.Lock()
        self.next_id = 1000
        self.staged = {}     # zone -> {id: {"subDomain", "target", "ttl"}} as the API holds them
        self.published = {}  # zone -> {id: record} as the zone (Knot) has them, after the last refresh
        if options.get("foreign"):  # a TXT value someone else published, there from the start
            fqdn, _, value = options["foreign"].partition("=")
            zone = self.records.zone_of(fqdn)
            record = {"subDomain": fqdn.rstrip(".")[:-len(zone) - 1], "target": value, "ttl": 300}
            self.staged.setdefault(zone, {})[self.take_id()] = record
            self.refresh(zone)

    def take_id(self):
        self.next_id += 1
        return self.next_id

    def authenticate(self, call):
        if call.path == PREFIX + "/auth/time":
            return "ok"  # unauthenticated by design
        if call.headers.get("X-Ovh-Application") != self.application_key:
            return "missing" if not call.headers.get("X-Ovh-Application") else "unknown-application"
        if call.headers.get("X-Ovh-Consumer") != self.consumer_key:
            return "unknown-consumer"
        try:
            timestamp = int(call.headers.get("X-Ovh-Timestamp") or "")
        except ValueError:
            return "bad-signature"
        if abs(timestamp - time.time()) > 300:
            return "stale"
        url = "http://%s%s" % (call.headers.get("Host"), call.target)
        text = "+".join([self.application_secret, self.consumer_key, call.method, url, call.text, str(timestamp)])
        expected = "$1$" + hashlib.sha1(text.encode()).hexdigest()
        return "ok" if hmac.compare_digest(expected, call.headers.get("X-Ovh-Signature") or "") else "bad-signature"

    def handle(self, call, verdict):
        if verdict == "bad-signature":
            return ovh_error(400, "INVALID_SIGNATURE", "Invalid signature")
        if verdict in ("unknown-consumer", "stale"):
            return ovh_error(403, "INVALID_CREDENTIAL", "This credential is not valid")
        if verdict != "ok":
            return ovh_error(403, "INVALID_KEY", "Invalid application key")
        if not call.path.startswith(PREFIX + "/"):
            return Reply(404, {"class": "Client::NotFound", "message": "Got an invalid (or empty) URL"})
        path = [urllib.parse.unquote(p) for p in call.path[len(PREFIX) + 1:].split("/")]
        if path == ["auth", "time"] and call.method == "GET":
            return Reply(200, str(int(time.time())), content_type="application/json")
        if len(path) < 4 or path[:2] != ["domain", "zone"]:
            return Reply(404, {"class": "Client::NotFound", "message": "Got an invalid (or empty) URL"})
        zone = path[2].lower()
        if zone not in [z.rstrip(".").lower() for z in self.zones]:
            return Reply(404, {"class": "Client::NotFound", "message": "This service does not exist"})
        with self.state_lock:
            records = self.staged.setdefault(zone, {})
            rest = path[3:]
            if rest == ["refresh"] and call.method == "POST":
                self.refresh(zone)
                return Reply(200, None)
            if rest == ["record"] and call.method == "POST":
                body = call.json_object() or {}
                if body.get("fieldType") != "TXT" or not isinstance(body.get("target"), str):
                    return Reply(400, {"class": "Client::BadRequest", "message": "Invalid fieldType or target"})
                record_id = self.take_id()
                records[record_id] = {"subDomain": body.get("subDomain", ""), "target": body["target"],
                                      "ttl": int(body.get("ttl") or 0)}
                return Reply(200, self.resource(zone, record_id, records[record_id]))
            if rest == ["record"] and call.method == "GET":
                wanted_type = call.query.get("fieldType")
                wanted_sub = call.query.get("subDomain")
                return Reply(200, [record_id for record_id, record in sorted(records.items())
                                   if wanted_type in (None, "TXT")
                                   and (wanted_sub is None or record["subDomain"] == wanted_sub)])
            if len(rest) == 2 and rest[0] == "record" and rest[1].isdigit() and int(rest[1]) in records:
                record_id = int(rest[1])
                if call.method == "GET":
                    return Reply(200, self.resource(zone, record_id, records[record_id]))
                if call.method == "DELETE":
                    del records[record_id]
                    return Reply(200, None)
            return Reply(404, {"class": "Client::NotFound", "message": "The requested object (id = %s) does not "
                               "exist" % "/".join(rest[1:])})

    def refresh(self, zone):
        """Publishes the zone's staged TXT records in Knot (what OVH's refresh does to its name servers)."""
        before = self.published.get(zone, {})
        after = dict(self.staged.get(zone, {}))
        for record_id, record in before.items():
            if record_id not in after:
                self.records.remove(self.fqdn(zone, record), record["target"])
        for record_id, record in after.items():
            if record_id not in before:
                self.records.add(self.fqdn(zone, record), record["target"], ttl=max(record["ttl"], 1))
        self.published[zone] = after

    @staticmethod
    def fqdn(zone, record):
        return (record["subDomain"] + "." + zone) if record["subDomain"] else zone

    @staticmethod
    def resource(zone, record_id, record):
        return {"id": record_id, "zone": zone, "fieldType": "TXT", "subDomain": record["subDomain"],
                "target": record["target"], "ttl": record["ttl"]}
