"""INWX DomRobot API (XML-RPC), after its published documentation https://www.inwx.de/en/help/apidoc
(one POST of a methodCall to /xmlrpc/, its param a struct; answers {code, msg, reason?, resData?}, codes
1000-1500 success, 2200 "Authentication error", 2302 "Object exists", 2303 "Object does not exist";
account.login {user, pass} sets the session cookie domrobot=... and answers resData.tfa, "GOOGLE-AUTH" for
an account with two-factor authentication, which account.unlock {tan} opens with the account's TOTP code
(RFC 6238, each code taken once); nameserver.createRecord {domain, name, type, content, ttl} -> {id},
nameserver.info {domain, name?, type?} -> {domain, record: [{id, name, type, content, ttl}]},
nameserver.deleteRecord {id}; account.logout ends the session with code 1500).

--set inwx.user=U --set inwx.password=P are the only credentials it accepts; --set inwx.shared_secret=S
(base32) makes the account a two-factor one, whose TAN it checks with Python's hmac.
"""
import base64
import hashlib
import hmac
import itertools
import secrets
import struct
import time
import xmlrpc.client

from .common import FakeApi, Reply

SECRET_MEMBERS = ("pass", "tan")


def totp(key, step):
    """RFC 6238's code (HMAC-SHA1, 6 digits) for the 30-second step."""
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


class Api(FakeApi):
    DOCUMENTATION = "https://www.inwx.de/en/help/apidoc"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.user = self.option("user")
        self.password = self.option("password")
        secret = self.options.get("shared_secret")
        self.totp_key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8)) if secret else None
        self.used_steps = set()  # INWX takes a TAN once
        self.sessions = {}  # cookie value -> {"unlocked": bool}
        self.ids = itertools.count(5000)
        self.by_id = {}  # id -> {id, name, type, content, ttl, domain}

    @staticmethod
    def decode(call):
        try:
            params, method = xmlrpc.client.loads(call.raw_body)
        except Exception:  # noqa: BLE001 (any malformed call is answered as one)
            return None, {}
        return method, (params[0] if params and isinstance(params[0], dict) else {})

    def session_of(self, call):
        for part in (call.headers.get("Cookie") or "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == "domrobot":
                return value
        return None

    def authenticate(self, call):
        method, param = self.decode(call)
        if method == "account.login":
            return "ok" if (param.get("user"), param.get("pass")) == (self.user, self.password) else "rejected"
        session = self.session_of(call)
        if session is None:
            return "missing"
        with self.lock:
            state = self.sessions.get(session)
        if state is None:
            return "rejected"
        if method != "account.unlock" and not state["unlocked"]:
            return "locked"
        return "ok"

    def logged_body(self, call):
        method, param = self.decode(call)
        if method is None:
            return call.text
        return {"method": method, "params": {k: ("[redacted]" if k in SECRET_MEMBERS else v) for k, v in param.items()}}

    @staticmethod
    def answer(code, msg, data=None, reason=None, headers=None):
        result = {"code": code, "msg": msg}
        if reason:
            result["reason"] = reason
        if data is not None:
            result["resData"] = data
        body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)
        return Reply(200, body, "text/xml; charset=UTF-8", headers)

    def handle(self, call, verdict):
        if call.method != "POST" or call.path != "/xmlrpc/":
            return Reply(404, "not found")
        method, param = self.decode(call)
        if method is None:
            return Reply(200, xmlrpc.client.dumps(xmlrpc.client.Fault(-32700, "parse error"), methodresponse=True),
                         "text/xml")
        if verdict != "ok":
            return self.answer(2200, "Authentication error")
        if method == "account.login":
            session = secrets.token_hex(16)
            with self.lock:
                self.sessions[session] = {"unlocked": self.totp_key is None}
            return self.answer(1000, "Command completed successfully",
                               {"customerId": 1, "accountId": 1, "tfa": "GOOGLE-AUTH" if self.totp_key else "0"},
                               headers={"Set-Cookie": "domrobot=%s; path=/; HttpOnly" % session})
        session = self.session_of(call)
        if method == "account.unlock":
            step = int(time.time()) // 30
            tan = str(param.get("tan", ""))
            matching = [s for s in (step - 1, step, step + 1) if self.totp_key and hmac.compare_digest(totp(self.totp_key, s), tan)]
            with self.lock:
                if not matching or matching[0] in self.used_steps:
                    return self.answer(2200, "Authentication error",
                                       reason="TAN already used" if matching else "TAN is wrong")
                self.used_steps.add(matching[0])
                self.sessions[session]["unlocked"] = True
            return self.answer(1000, "Command completed successfully")
        if method == "account.logout":
            with self.lock:
                self.sessions.pop(session, None)
            return self.answer(1500, "Command completed successfully; ending session")
        if method == "nameserver.createRecord":
            domain, name = param.get("domain", ""), param.get("name", "")
            if domain not in self.zones:
                return self.answer(2303, "Object does not exist", reason="No such domain")
            if param.get("type") != "TXT" or not (name == domain or name.endswith("." + domain)):
                return self.answer(2005, "Parameter value syntax error")
            with self.lock:
                for record in self.by_id.values():
                    if (record["name"], record["type"], record["content"]) == (name, "TXT", param.get("content")):
                        return self.answer(2302, "Object exists")
                record_id = next(self.ids)
                self.by_id[record_id] = {"id": record_id, "name": name, "type": "TXT", "content": param.get("content"),
                                         "ttl": int(param.get("ttl", 3600)), "domain": domain}
            self.records.add(name, param.get("content"), int(param.get("ttl", 3600)))
            return self.answer(1000, "Command completed successfully", {"id": record_id})
        if method == "nameserver.info":
            with self.lock:
                records = [{k: v for k, v in r.items() if k != "domain"} for r in self.by_id.values()
                           if r["domain"] == param.get("domain")
                           and param.get("name") in (None, r["name"]) and param.get("type") in (None, r["type"])]
            return self.answer(1000, "Command completed successfully",
                               {"domain": param.get("domain"), "count": len(records), "record": records})
        if method == "nameserver.deleteRecord":
            with self.lock:
                record = self.by_id.pop(int(param.get("id", -1)), None)
            if record is None:
                return self.answer(2303, "Object does not exist")
            self.records.remove(record["name"], record["content"])
            return self.answer(1000, "Command completed successfully")
        return self.answer(2000, "Unknown command")
