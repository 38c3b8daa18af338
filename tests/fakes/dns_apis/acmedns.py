"""joohoi's acme-dns HTTP API, after its published documentation https://github.com/joohoi/acme-dns#api
(POST /register, optionally {"allowfrom": [CIDR, ...]}, answering {"username", "password", "fulldomain",
"subdomain", "allowfrom"}; POST /update {"subdomain", "txt"} with the X-Api-User and X-Api-Key headers,
answering {"txt": ...}; 401 {"error": "forbidden"} for wrong credentials; a subdomain serves its two most
recent TXT values).

--set acmedns.auth_zone=Z names where the accounts' fulldomains live (default auth.example.test, which
must be inside one of --zones so Knot serves them).
"""
import secrets
import uuid

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://github.com/joohoi/acme-dns#api"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.auth_zone = self.options.get("auth_zone", "auth.example.test")
        self.accounts = {}  # username -> {"password", "subdomain", "allowfrom"}
        self.values = {}  # subdomain -> its TXT values, most recent last

    def authenticate(self, call):
        if call.method == "POST" and call.path == "/register":
            return "ok"  # registering needs no credentials
        user, key = call.headers.get("X-Api-User"), call.headers.get("X-Api-Key")
        if not user or not key:
            return "missing"
        account = self.accounts.get(user)
        return "ok" if account is not None and secrets.compare_digest(account["password"], key) else "rejected"

    def handle(self, call, verdict):
        if call.method == "POST" and call.path == "/register":
            allowfrom = (call.json_object() or {}).get("allowfrom", [])
            account = {"username": str(uuid.uuid4()), "password": secrets.token_urlsafe(30)[:40],
                       "subdomain": str(uuid.uuid4()), "allowfrom": allowfrom}
            with self.lock:
                self.accounts[account["username"]] = account
            return Reply(201, dict(account, fulldomain="%s.%s" % (account["subdomain"], self.auth_zone)))
        if call.method == "POST" and call.path == "/update":
            if verdict != "ok":
                return Reply(401, {"error": "forbidden"})
            body = call.json_object() or {}
            account = self.accounts[call.headers.get("X-Api-User")]
            if body.get("subdomain") != account["subdomain"]:
                return Reply(401, {"error": "forbidden"})
            txt = body.get("txt", "")
            if len(txt) != 43:
                return Reply(400, {"error": "bad_txt"})
            with self.lock:
                kept = (self.values.get(account["subdomain"], []) + [txt])[-2:]
                self.values[account["subdomain"]] = kept
            self.records.replace("%s.%s" % (account["subdomain"], self.auth_zone), kept)
            return Reply(200, {"txt": txt})
        return Reply(404, {"error": "not found"})
