"""A local stand-in for the Microsoft identity platform's token endpoint and the part of Azure Resource
Manager that the azuredns DNS provider uses, following Microsoft's documentation: "OAuth 2.0 client
credentials flow" (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow)
and the Azure DNS REST API, Record Sets, api-version 2018-05-01
(https://learn.microsoft.com/en-us/rest/api/dns/record-sets: Get, Create Or Update, Delete, and the
Resource Manager error shape {"error": {"code", "message"}}).

  --set azuredns.tenant=T --set azuredns.client_id=C --set azuredns.client_secret=S
  --set azuredns.subscription=SUB --set azuredns.resource_group=RG [--set azuredns.foreign=NAME=VALUE]

POST /{tenant}/oauth2/v2.0/token checks the client's id and secret and the scope; the record set API under
/subscriptions/ takes only the access tokens it issued. Every zone Knot serves is a public DNS zone.
"""
import secrets
import threading
import urllib.parse

from .common import FakeApi, Reply

SCOPE = "https://management.azure.com/.default"
API_VERSION = "2018-05-01"


def arm_error(status, code, message):
    return Reply(status, {"error": {"code": code, "message": message}})


def fqdn(name):
    return name.rstrip(".").lower() + "."


class Api(FakeApi):
    DOCUMENTATION = "https://learn.microsoft.com/en-us/rest/api/dns/record-sets"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.tenant = self.option("tenant")
        self.client_id = self.option("client_id")
        self.client_secret = self.option("client_secret")
        self.subscription = self.option("subscription")
        self.resource_group = self.option("resource_group")
        self.tokens = set()
        self.ttls = {}
        self.set_lock = threading.Lock()
        if options.get("foreign"):  # a TXT value someone else published, there from the start
            name, _, value = options["foreign"].partition("=")
            self.records.add(name, value, ttl=300)
            self.ttls[fqdn(name)] = 300

    def is_token_call(self, call):
        return call.path == "/%s/oauth2/v2.0/token" % self.tenant

    def authenticate(self, call):
        if call.path.endswith("/oauth2/v2.0/token"):
            form = call.body if isinstance(call.body, dict) else {}
            if not self.is_token_call(call):
                return "unknown-tenant"
            if form.get("grant_type") != "client_credentials" or form.get("client_id") != self.client_id:
                return "unknown-client"
            if form.get("client_secret") != self.client_secret:
                return "bad-secret"
            return "ok" if form.get("scope") == SCOPE else "bad-scope"
        token = call.bearer()
        if token is None:
            return "missing"
        return "ok" if token in self.tokens else "rejected"

    def handle(self, call, verdict):
        if call.path.endswith("/oauth2/v2.0/token"):
            return self.token(verdict)
        if verdict != "ok":
            return arm_error(401, "InvalidAuthenticationToken", "The access token is invalid.")
        parts = [urllib.parse.unquote(p) for p in call.path.strip("/").split("/")]
        # subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/dnsZones/{zone}/TXT/{name}
        if (len(parts) != 10 or parts[0] != "subscriptions" or parts[2] != "resourceGroups"
                or parts[4:6] != ["providers", "Microsoft.Network"] or parts[6] != "dnsZones" or parts[8] != "TXT"):
            return arm_error(404, "InvalidResourceType", "The resource type could not be found: " + call.path)
        if call.query.get("api-version") != API_VERSION:
            return arm_error(400, "InvalidApiVersionParameter", "The api-version '%s' is invalid."
                             % call.query.get("api-version", ""))
        if parts[1] != self.subscription:
            return arm_error(404, "SubscriptionNotFound", "The subscription '%s' could not be found." % parts[1])
        if parts[3] != self.resource_group:
            return arm_error(404, "ResourceGroupNotFound", "Resource group '%s' could not be found." % parts[3])
        zone = fqdn(parts[7])
        if zone.rstrip(".") not in [z.rstrip(".").lower() for z in self.zones]:
            return arm_error(404, "ParentResourceNotFound", "Can not perform requested operation on nested "
                             "resource. Parent resource '%s' not found." % parts[7])
        relative = parts[9]
        name = zone if relative == "@" else fqdn(relative + "." + zone)
        with self.set_lock:
            if call.method == "GET":
                if not self.records.get(name):
                    return arm_error(404, "NotFound", "The resource record '%s' does not exist in resource group "
                                     "'%s' of subscription '%s'." % (relative, parts[3], parts[1]))
                return Reply(200, self.record_set(parts, name))
            if call.method == "PUT":
                body = call.json_object() or {}
                properties = body.get("properties") if isinstance(body.get("properties"), dict) else {}
                records = properties.get("TXTRecords")
                ttl = properties.get("TTL")
                if not isinstance(records, list) or not records or not isinstance(ttl, int):
                    return arm_error(400, "BadRequest", "The record set needs properties.TTL and properties.TXTRecords.")
                values = []
                for record in records:
                    strings = record.get("value") if isinstance(record, dict) else None
                    if not isinstance(strings, list) or not all(isinstance(s, str) and len(s) <= 255 for s in strings):
                        return arm_error(400, "BadRequest", "Each TXT record needs a value of strings up to 255 characters.")
                    values.append("".join(strings))
                existed = bool(self.records.get(name))
                self.records.replace(name, values, ttl=ttl)
                self.ttls[name] = ttl
                return Reply(200 if existed else 201, self.record_set(parts, name))
            if call.method == "DELETE":
                if not self.records.get(name):
                    return Reply(204)
                self.records.replace(name, [])
                self.ttls.pop(name, None)
                return Reply(200)
        return arm_error(405, "MethodNotAllowed", "The method %s is not allowed." % call.method)

    def token(self, verdict):
        if verdict == "ok":
            token = "eyJ0eXAiOiJKV1Qi." + secrets.token_urlsafe(24)
            self.tokens.add(token)
            return Reply(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token})
        if verdict == "bad-secret":
            return Reply(401, {"error": "invalid_client", "error_description":
                               "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the "
                               "request is the client secret value, not the client secret ID, for a secret added to "
                               "app '%s'." % self.client_id, "error_codes": [7000215]})
        if verdict == "unknown-tenant":
            return Reply(400, {"error": "invalid_request", "error_description":
                               "AADSTS90002: Tenant not found.", "error_codes": [90002]})
        if verdict == "unknown-client":
            return Reply(400, {"error": "unauthorized_client", "error_description":
                               "AADSTS700016: Application not found in the directory.", "error_codes": [700016]})
        return Reply(400, {"error": "invalid_scope", "error_description": "AADSTS70011: The provided value for the "
                           "input parameter 'scope' is not valid.", "error_codes": [70011]})

    def record_set(self, parts, name):
        return {"id": "/" + "/".join(parts), "name": parts[9], "type": "Microsoft.Network/dnszones/TXT",
                "etag": secrets.token_hex(8),
                "properties": {"fqdn": name, "TTL": self.ttls.get(name, 300), "provisioningState": "Succeeded",
                               "TXTRecords": [{"value": [v]} for v in self.records.get(name)]}}
