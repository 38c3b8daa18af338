#!/usr/bin/env python3
"""A CA that hands a new order the pending authorizations of the account's earlier orders, as Boulder does.

Follows Boulder's docs/acme-implementation_details.md ("Object Reuse") and its RA's NewOrder, which gives
a new order the account's existing pending authorization for a name instead of a new one (issue 23,
item 4), with RFC 8555 §7.1.3-§7.5 shaping the objects. Neither Pebble (whose authorization reuse takes
only valid ones) nor the reuse proxy in front of it (which cannot add an authorization to a Pebble order)
can play that, so this fake is the whole CA. Valid authorizations are not reused (as if expired), so
every run solves what it orders.

Only dns-01 is offered, and it is validated for real, against files in place of DNS: --records DIR holds
one file per record name (e.g. "_acme-challenge.shared.test"), one value per line, which the test's exec
hook writes. The value expected is base64url(SHA-256(token "." thumbprint)) (RFC 8555 §8.1, §8.4), with
the RFC 7638 thumbprint of the JWK the newAccount request carried. JWS signatures are not verified
(acmecli's signing is tested against Pebble). The directory, nonces, accounts and the signing of the
certificate with the openssl command are misbehaving_ca.py's.

The mode file may hold "hold-order:LATE:EARLY": a newOrder naming LATE is answered only once every
authorization of an order naming EARLY has been fetched, and half a second more (at most 10 s), so that a
test decides which of two certificates renewed at once gets to the shared authorization first.

Usage: boulder_reuse_ca.py --port PORT --cert tls.crt --key tls.key --mode-file FILE --log FILE
                           --issuer-cert ca.crt --issuer-key ca.key --records DIR
Besides misbehaving_ca.py's "METHOD PATH" line per request, --log gets:
  "order N NAME=AUTHZ ..."   a new order and its authorizations ("reused" after the id when it is)
  "challenge NAME valid" / "challenge NAME invalid"
  "deactivated NAME AUTHZ"   "finalized N"
"""
import base64
import hashlib
import json
import os
import secrets
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import misbehaving_ca  # noqa: E402
from misbehaving_ca import PROBLEM, b64url_decode, jws_payload, problem  # noqa: E402

STATE = threading.Lock()
FETCHED = threading.Condition(STATE)  # notified when an authorization is fetched
AUTHZ = {}     # id -> {"name", "status", "token", "fetched"}
PENDING = {}   # name -> id of its pending authorization
ORDERS = {}    # id -> {"identifiers", "authz": [ids], "chain"}
THUMBPRINT = {"value": None}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(jwk):
    """RFC 7638: SHA-256 over the required members, sorted, without whitespace."""
    required = {"EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n"), "OKP": ("crv", "kty", "x")}[jwk["kty"]]
    canonical = json.dumps({name: jwk[name] for name in required}, sort_keys=True, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode()).digest())


class Handler(misbehaving_ca.Handler):
    server_version = "boulder-reuse-ca"

    def event(self, line):
        with self.server.log_lock, open(self.server.request_log, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def do_POST(self):
        self.record()
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        payload = jws_payload(body)
        kind, _, number = self.path.strip("/").partition("/")
        if self.path == "/account":
            protected = json.loads(b64url_decode(json.loads(body)["protected"]))
            if "jwk" in protected:
                THUMBPRINT["value"] = thumbprint(protected["jwk"])
            self.answer(201, json.dumps({"status": "valid", "orders": self.base() + "/orders/1"}),
                        headers=[("Location", self.base() + "/account/1")])
        elif self.path == "/order":
            self.new_order(payload)
        elif kind == "order" and number in ORDERS:
            self.answer(200, json.dumps(self.order_object(number)))
        elif kind == "authz" and number in AUTHZ:
            self.authorization(number, payload)
        elif kind == "chall" and number in AUTHZ:
            self.challenge(number)
        elif kind == "finalize" and number in ORDERS:
            self.finalize(number, payload)
        elif kind == "cert" and number in ORDERS and ORDERS[number].get("chain"):
            self.answer(200, ORDERS[number]["chain"], "application/pem-certificate-chain")
        else:
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)

    def hold(self, identifiers):
        """Waits as a "hold-order:LATE:EARLY" mode says (see the module's documentation)."""
        words = self.mode().split(":")
        if len(words) != 3 or words[0] != "hold-order" or words[1] not in [i["value"] for i in identifiers]:
            return
        def early_fetched():
            return any(words[2] in [i["value"] for i in order["identifiers"]] and
                       all(AUTHZ[a]["fetched"] for a in order["authz"]) for order in ORDERS.values())
        with STATE:
            FETCHED.wait_for(early_fetched, timeout=10)
        time.sleep(0.5)

    def new_order(self, payload):
        identifiers = payload.get("identifiers", [])
        self.hold(identifiers)
        with STATE:
            order_id = str(len(ORDERS) + 1)
            ids, described = [], []
            for identifier in identifiers:
                name = identifier["value"]
                authz_id = PENDING.get(name)
                reused = authz_id is not None
                if not reused:
                    authz_id = str(len(AUTHZ) + 1)
                    AUTHZ[authz_id] = {"name": name, "status": "pending", "fetched": False,
                                       "token": secrets.token_urlsafe(32)}
                    PENDING[name] = authz_id
                ids.append(authz_id)
                described.append("%s=%s%s" % (name, authz_id, " reused" if reused else ""))
            ORDERS[order_id] = {"identifiers": identifiers, "authz": ids}
        self.event("order %s %s" % (order_id, " ".join(described)))
        self.answer(201, json.dumps(self.order_object(order_id)), headers=[("Location", self.order_url(order_id))])

    def order_url(self, order_id):
        return "%s/order/%s" % (self.base(), order_id)

    def order_object(self, order_id):
        order = ORDERS[order_id]
        with STATE:
            statuses = [AUTHZ[i]["status"] for i in order["authz"]]
        if order.get("chain"):
            status = "valid"
        elif any(s in ("invalid", "deactivated") for s in statuses):
            status = "invalid"
        else:
            status = "ready" if all(s == "valid" for s in statuses) else "pending"
        document = {"status": status, "identifiers": order["identifiers"],
                    "authorizations": ["%s/authz/%s" % (self.base(), i) for i in order["authz"]],
                    "finalize": "%s/finalize/%s" % (self.base(), order_id)}
        if status == "valid":
            document["certificate"] = "%s/cert/%s" % (self.base(), order_id)
        return document

    def authorization(self, authz_id, payload):
        with STATE:
            authz = AUTHZ[authz_id]
            authz["fetched"] = True
            FETCHED.notify_all()
            if payload.get("status") == "deactivated" and authz["status"] in ("pending", "valid"):
                authz["status"] = "deactivated"
                PENDING.pop(authz["name"], None)
                deactivated = True
            else:
                deactivated = False
            document = {"status": authz["status"], "identifier": {"type": "dns", "value": authz["name"]},
                        "challenges": [{"type": "dns-01", "url": "%s/chall/%s" % (self.base(), authz_id),
                                        "status": authz["status"] if authz["status"] != "deactivated" else "pending",
                                        "token": authz["token"]}]}
        if deactivated:
            self.event("deactivated %s %s" % (authz["name"], authz_id))
        self.answer(200, json.dumps(document))

    def challenge(self, authz_id):
        with STATE:
            authz = AUTHZ[authz_id]
            if authz["status"] != "pending":
                self.answer(400, problem("malformed", "the authorization is " + authz["status"], 400), PROBLEM)
                return
            key_authorization = "%s.%s" % (authz["token"], THUMBPRINT["value"])
            expected = b64url(hashlib.sha256(key_authorization.encode()).digest())
            try:
                with open(os.path.join(self.server.records, "_acme-challenge." + authz["name"]),
                          encoding="utf-8") as f:
                    published = f.read().split()
            except OSError:
                published = []
            authz["status"] = "valid" if expected in published else "invalid"
            PENDING.pop(authz["name"], None)
            status = authz["status"]
        self.event("challenge %s %s" % (authz["name"], status))
        self.answer(200, json.dumps({"type": "dns-01", "url": "%s/chall/%s" % (self.base(), authz_id),
                                     "status": status, "token": authz["token"]}))

    def finalize(self, order_id, payload):
        if self.order_object(order_id)["status"] != "ready":
            self.answer(403, problem("orderNotReady", "Order's status is not ready", 403), PROBLEM)
            return
        chain = self.issue("issue-ok", b64url_decode(payload.get("csr", "")), ORDERS[order_id]["identifiers"])
        ORDERS[order_id]["chain"] = chain
        self.event("finalized " + order_id)
        self.answer(200, json.dumps(self.order_object(order_id)), headers=[("Location", self.order_url(order_id))])


if __name__ == "__main__":
    try:
        misbehaving_ca.main(Handler, __doc__, required_options=("--records",))
    except KeyboardInterrupt:
        os._exit(0)
