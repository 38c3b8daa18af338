"""A local stand-in for Google's OAuth 2.0 token endpoint for service accounts and the part of the Cloud DNS
v1 API that the gcloud DNS provider uses, following Google's documentation: "Using OAuth 2.0 for Server to
Server Applications" (https://developers.google.com/identity/protocols/oauth2/service-account#httprest,
the JWT bearer grant of RFC 7523) and the Cloud DNS API reference
(https://cloud.google.com/dns/docs/reference/rest/v1: managedZones.get/list, resourceRecordSets.list,
changes.create/get, and Google's JSON error shape).

  --set gcloud.project=P --set gcloud.client_email=E --set gcloud.public_key=PEM_FILE
  --set gcloud.token_uri=http://127.0.0.1:PORT/token [--set gcloud.foreign=NAME=VALUE]

POST /token verifies the JWT for real: its RS256 signature with the service account's public key (through
the openssl command), and its claims (iss, aud = token_uri, scope, iat/exp within an hour of now). The API
under /dns/v1/ takes only the access tokens it issued. Every zone Knot serves is a public managed zone;
changes.get answers "pending" once for every change, then "done".
"""
import base64
import json
import os
import secrets
import subprocess
import tempfile
import threading
import time
import urllib.parse

from .common import FakeApi, Reply

SCOPE = "https://www.googleapis.com/auth/ndev.clouddns.readwrite"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
UNAUTHENTICATED = {"error": {"code": 401, "message": "Request had invalid authentication credentials. Expected "
                             "OAuth 2 access token, login cookie or other valid authentication credential.",
                             "status": "UNAUTHENTICATED"}}


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def google_error(code, message, status, reason):
    return Reply(code, {"error": {"code": code, "message": message, "status": status,
                                  "errors": [{"message": message, "domain": "global", "reason": reason}]}})


def fqdn(name):
    return name.rstrip(".").lower() + "."


class Api(FakeApi):
    DOCUMENTATION = "https://cloud.google.com/dns/docs/reference/rest/v1"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.project = self.option("project")
        self.client_email = self.option("client_email")
        self.public_key = self.option("public_key")
        self.token_uri = self.option("token_uri")
        self.zone_names = {fqdn(zone): "zone-" + zone.rstrip(".").replace(".", "-") for zone in zones}
        self.tokens = set()
        self.ttls = {}
        self.changes = {}  # (zone, id) -> times changes.get was asked
        self.change_lock = threading.Lock()
        if options.get("foreign"):  # a TXT value someone else published, there from the start
            name, _, value = options["foreign"].partition("=")
            self.records.add(name, value, ttl=300)
            self.ttls[fqdn(name)] = 300

    # --- authentication -----------------------------------------------------------------------------
    def authenticate(self, call):
        if call.path == "/token":
            return self.check_assertion(call)
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token in self.tokens else "rejected"

    def check_assertion(self, call):
        form = call.body if isinstance(call.body, dict) else {}
        if form.get("grant_type") != JWT_BEARER or not form.get("assertion"):
            return "missing"
        parts = form["assertion"].split(".")
        if len(parts) != 3:
            return "malformed"
        try:
            header = json.loads(b64url_decode(parts[0]))
            claims = json.loads(b64url_decode(parts[1]))
            signature = b64url_decode(parts[2])
        except ValueError:
            return "malformed"
        if header.get("alg") != "RS256" or not self.signature_verifies(parts[0] + "." + parts[1], signature):
            return "bad-signature"
        now = time.time()
        if (claims.get("iss") != self.client_email or claims.get("aud") != self.token_uri
                or SCOPE not in str(claims.get("scope", "")).split()
                or not isinstance(claims.get("iat"), int) or not isinstance(claims.get("exp"), int)
                or abs(claims["iat"] - now) > 300 or not 0 < claims["exp"] - claims["iat"] <= 3600):
            return "bad-claims"
        return "ok"

    def signature_verifies(self, signing_input, signature):
        with tempfile.TemporaryDirectory() as scratch:
            data, sig = os.path.join(scratch, "data"), os.path.join(scratch, "sig")
            with open(data, "wb") as out:
                out.write(signing_input.encode())
            with open(sig, "wb") as out:
                out.write(signature)
            done = subprocess.run(["openssl", "dgst", "-sha256", "-verify", self.public_key, "-signature", sig, data],
                                  capture_output=True, timeout=20)
            return done.returncode == 0

    # --- the token endpoint and the API -------------------------------------------------------------
    def handle(self, call, verdict):
        if call.path == "/token":
            if verdict == "bad-signature":
                return Reply(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
            if verdict != "ok":
                return Reply(400, {"error": "invalid_grant",
                                   "error_description": "Invalid JWT: Token must be a short-lived token and in a "
                                                        "reasonable timeframe (%s)" % verdict})
            token = "ya29." + secrets.token_urlsafe(24)
            self.tokens.add(token)
            return Reply(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})
        if verdict != "ok":
            return Reply(401, UNAUTHENTICATED)
        prefix = "/dns/v1/projects/"
        if not call.path.startswith(prefix):
            return google_error(404, "Not Found", "NOT_FOUND", "notFound")
        path = [urllib.parse.unquote(part) for part in call.path[len(prefix):].split("/")]
        if path[0] != self.project:
            return google_error(403, "Forbidden: the service account has no access to project " + path[0],
                                "PERMISSION_DENIED", "forbidden")
        if call.method == "GET" and path[1:] == ["managedZones"]:
            wanted = call.query.get("dnsName")
            return Reply(200, {"kind": "dns#managedZonesListResponse", "managedZones": [
                self.zone_resource(zone) for zone in sorted(self.zone_names)
                if wanted is None or fqdn(wanted) == zone]})
        if len(path) < 3 or path[1] != "managedZones":
            return google_error(404, "Not Found", "NOT_FOUND", "notFound")
        zone = next((dns for dns, name in self.zone_names.items() if name == path[2]), None)
        if zone is None:
            return google_error(404, "The 'parameters.managedZone' resource named '%s' does not exist." % path[2],
                                "NOT_FOUND", "notFound")
        rest = path[3:]
        if call.method == "GET" and rest == []:
            return Reply(200, self.zone_resource(zone))
        if call.method == "GET" and rest == ["rrsets"]:
            name = call.query.get("name")
            rrsets = [self.rrset(name)] if name and self.records.get(name) and call.query.get("type", "TXT") == "TXT" else []
            return Reply(200, {"kind": "dns#resourceRecordSetsListResponse", "rrsets": rrsets})
        if call.method == "POST" and rest == ["changes"]:
            return self.create_change(zone, call.json_object())
        if call.method == "GET" and len(rest) == 2 and rest[0] == "changes":
            with self.change_lock:
                if (zone, rest[1]) not in self.changes:
                    return google_error(404, "The 'parameters.changeId' resource named '%s' does not exist." % rest[1],
                                        "NOT_FOUND", "notFound")
                self.changes[(zone, rest[1])] += 1
                status = "pending" if self.changes[(zone, rest[1])] == 1 else "done"
            return Reply(200, {"kind": "dns#change", "id": rest[1], "status": status})
        return google_error(404, "Not Found", "NOT_FOUND", "notFound")

    def zone_resource(self, zone):
        return {"kind": "dns#managedZone", "name": self.zone_names[zone], "dnsName": zone, "visibility": "public"}

    def rrset(self, name):
        return {"kind": "dns#resourceRecordSet", "name": fqdn(name), "type": "TXT",
                "ttl": self.ttls.get(fqdn(name), 300), "rrdatas": ['"%s"' % v for v in self.records.get(name)]}

    def create_change(self, zone, change):
        if not isinstance(change, dict) or not (change.get("additions") or change.get("deletions")):
            return google_error(400, "The 'entity.change' parameter is required but was missing.", "INVALID_ARGUMENT",
                                "required")
        state = {}  # fqdn -> values after the change, as the change describes them
        for deletion in change.get("deletions") or []:
            name = fqdn(deletion.get("name", ""))
            current = self.rrset(name) if self.records.get(name) else None
            if current is None or deletion.get("type") != "TXT" or deletion.get("ttl") != current["ttl"] \
                    or sorted(deletion.get("rrdatas") or []) != sorted(current["rrdatas"]):
                return google_error(412, "Precondition not met for 'entity.change.deletions[%s]'" % name,
                                    "FAILED_PRECONDITION", "conditionNotMet")
            state[name] = ([], None)
        for addition in change.get("additions") or []:
            name = fqdn(addition.get("name", ""))
            if not (name == zone or name.endswith("." + zone)) or addition.get("type") != "TXT":
                return google_error(400, "Invalid value for 'entity.change.additions[%s].name'" % name,
                                    "INVALID_ARGUMENT", "invalid")
            if self.records.get(name) and name not in state:
                return google_error(409, "The resource 'entity.change.additions[%s]' named '%s (TXT)' already "
                                    "exists" % (name, name), "ALREADY_EXISTS", "alreadyExists")
            datas = addition.get("rrdatas") or []
            if not all(len(d) >= 2 and d[0] == '"' and d[-1] == '"' for d in datas):
                return google_error(400, "Invalid value for 'entity.change.additions[%s].rrdata'" % name,
                                    "INVALID_ARGUMENT", "invalid")
            state[name] = ([d[1:-1] for d in datas], int(addition.get("ttl", 300)))
        for name, (values, ttl) in state.items():
            self.records.replace(name, values, ttl=ttl or 60)
            if values:
                self.ttls[name] = ttl
            else:
                self.ttls.pop(name, None)
        with self.change_lock:
            change_id = str(len(self.changes) + 1)
            self.changes[(zone, change_id)] = 0
        return Reply(200, {"kind": "dns#change", "id": change_id, "status": "pending",
                           "additions": change.get("additions") or [], "deletions": change.get("deletions") or []})
