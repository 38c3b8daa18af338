"""What every fake DNS provider API in this folder shares, so that each provider's module holds only that
provider's endpoints, authentication and error shapes.

A provider module defines `class Api(FakeApi)` with
  DOCUMENTATION  the published API documentation it follows (also in the module's first lines);
  authenticate(call) -> "ok" | "missing" | "rejected" | any other short verdict the suite asserts on;
                        checks the credentials for real (a signature recomputed, a JWT verified), and
                        never puts a secret into the verdict;
  handle(call, verdict) -> Reply;
  logged_body(call), logged_query(call)
                         (optional) the body / query for the log, any credential they carry redacted.
`self.options` holds the --set NAME.key=value settings for it (tokens, keys, ids), `self.records` the TXT
values it publishes (in Knot, where Pebble validates them), `self.zones` the zones Knot serves.

Each call is logged as one JSON line: api, method, path, query, the verdict, and the body (parsed JSON
when it is JSON, else text), so a suite can assert what went over the wire without seeing a secret.
Only the standard library; everything listens on 127.0.0.1.
"""
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from knot_update import update_txt, zone_of  # noqa: E402


class Call:
    """One request as a provider module sees it."""

    def __init__(self, method, target, headers, raw_body):
        split = urllib.parse.urlsplit(target)
        self.method = method
        self.target = target  # path and query as sent, for signatures that cover them
        self.path = split.path
        self.raw_query = split.query
        self.query = {key: values[-1] for key, values in urllib.parse.parse_qs(split.query).items()}
        self.headers = headers  # email.message.Message: case-insensitive get()
        self.raw_body = raw_body  # bytes
        self.text = raw_body.decode("utf-8", "replace")
        self.body = None
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip()
        if raw_body and content_type == "application/x-www-form-urlencoded":
            self.body = {key: values[-1] for key, values in urllib.parse.parse_qs(self.text).items()}
        elif raw_body:
            try:
                self.body = json.loads(self.text)
            except ValueError:
                self.body = None

    def json_object(self):
        return self.body if isinstance(self.body, dict) else None

    def bearer(self):
        """The token of "Authorization: Bearer <token>", or None."""
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        return token if scheme.lower() == "bearer" and token else None


class Reply:
    def __init__(self, status, body=None, content_type=None, headers=None):
        self.status = status
        self.headers = dict(headers or {})
        if body is None:
            self.data = b""
        elif isinstance(body, (dict, list)):
            self.data = json.dumps(body).encode()
            content_type = content_type or "application/json"
        elif isinstance(body, str):
            self.data = body.encode()
            content_type = content_type or "text/plain; charset=utf-8"
        else:
            self.data = body
        if content_type:
            self.headers["Content-Type"] = content_type


class TxtRecords:
    """The TXT values a fake API holds, published in Knot as they are added and removed."""

    def __init__(self, zones):
        self.zones = zones
        self.lock = threading.Lock()
        self.values = {}  # fqdn (lower case, no trailing dot) -> [value, ...]

    @staticmethod
    def key(fqdn):
        return fqdn.rstrip(".").lower()

    def zone_of(self, fqdn):
        return zone_of(fqdn, self.zones)

    def get(self, fqdn):
        with self.lock:
            return list(self.values.get(self.key(fqdn), []))

    def add(self, fqdn, value, ttl=60):
        """Adds one value (unquoted); a value already there is not added twice. Raises RuntimeError."""
        with self.lock:
            values = self.values.setdefault(self.key(fqdn), [])
            if value in values:
                return
            update_txt("add", fqdn, value, self.zones, ttl=ttl)
            values.append(value)

    def remove(self, fqdn, value):
        """Removes one value; False when it was not there. Raises RuntimeError when Knot refuses."""
        with self.lock:
            values = self.values.get(self.key(fqdn), [])
            if value not in values:
                return False
            update_txt("delete", fqdn, value, self.zones)
            values.remove(value)
            if not values:
                del self.values[self.key(fqdn)]
            return True

    def replace(self, fqdn, new_values, ttl=60):
        """Makes the values at fqdn exactly new_values (for APIs that set a whole RRset at once)."""
        old = self.get(fqdn)
        for value in new_values:
            if value not in old:
                self.add(fqdn, value, ttl)
        for value in old:
            if value not in new_values:
                self.remove(fqdn, value)


class FakeApi:
    DOCUMENTATION = ""

    def __init__(self, name, options, zones):
        self.name = name
        self.options = options
        self.zones = zones
        self.records = TxtRecords(zones)
        self.lock = threading.Lock()  # for the module's own state

    def option(self, key, default=None):
        value = self.options.get(key, default)
        if value is None:
            raise SystemExit("%s: --set %s.%s=VALUE is required" % (self.name, self.name, key))
        return value

    def logged_query(self, call):
        """The query as the call log shows it; an API whose credentials travel in the query hides them here."""
        return call.query

    def logged_body(self, call):
        """The body as the call log shows it; an API whose credentials travel in the body hides them here."""
        return call.body if call.body is not None else call.text

    def authenticate(self, call):
        raise NotImplementedError

    def handle(self, call, verdict):
        raise NotImplementedError
