#!/usr/bin/env python3
"""Boulder's order reuse, played in front of a real Pebble (which by design never reuses an order).

Follows Boulder's docs/acme-implementation_details.md, "Object Reuse": "Boulder may return a previously
created Order when a given Account submits a new Order that is identical to a previously submitted
Order that is in the "pending" or "ready" state." Every request passes through to Pebble unchanged
(Host kept, so Pebble's URLs and its JWS "url" check name the proxy), except:

  newOrder  one identical to an earlier one of the same account (same identifiers, same profile) whose
            order is still pending or ready is not sent on: the earlier order is answered (201, its
            Location, its body with the status as it stands). The status is worked out from what the
            proxy has seen pass: invalid once one of its authorizations was seen invalid or
            deactivated, no longer reusable once a finalize went through, ready once all its
            authorizations were seen valid, pending otherwise. newOrders are handled one at a time,
            so two sent at once by one run see each other, as at Boulder.

The --mode-file holds words that make an order stay pending or ready at Pebble for the next run:
  refuse-challenge:NAME   the challenge POST for identifier NAME is refused (400 malformed), not sent on
  keep-authorizations     deactivations are refused (403 unauthorized), not sent on
  refuse-finalize         finalize is refused (403 unauthorized), not sent on

Logged: "newOrder new PATH", "newOrder reused PATH status=STATUS", "challenge NAME",
"refused challenge NAME", "refused deactivation PATH", "refused finalize PATH", "finalized PATH".
Only the standard library; nothing leaves 127.0.0.1.
"""
import argparse
import http.client
import http.server
import json
import ssl
import sys
import threading
from urllib.parse import urlparse

from acme_proxy import PassThroughHandler, b64url_decode, log_line

NEW_ORDER_LOCK = threading.Lock()
STATE_LOCK = threading.Lock()
ORDERS = {}           # (kid, identifiers, profile) -> {"path", "location", "body", "authz": [paths]}
FINALIZED = set()     # order paths whose finalize went through
AUTHZ_STATUS = {}     # authorization path -> last status seen
CHALLENGE_NAME = {}   # challenge path -> identifier value
FINALIZE_ORDER = {}   # finalize path -> order path


def path_of(url):
    return urlparse(url).path


def order_status(order):
    statuses = [AUTHZ_STATUS.get(path, "pending") for path in order["authz"]]
    if any(status in ("invalid", "deactivated", "expired", "revoked") for status in statuses):
        return "invalid"
    if order["path"] in FINALIZED:
        return "valid"
    return "ready" if all(status == "valid" for status in statuses) else "pending"


class ReuseHandler(PassThroughHandler):

    def _modes(self):
        try:
            with open(self.config.mode_file, encoding="utf-8") as modes:
                return modes.read().split()
        except OSError:
            return []

    def _fresh_nonce(self):
        connection = http.client.HTTPSConnection("127.0.0.1", self.config.upstream_port,
                                                 context=self.config.client_tls, timeout=30)
        try:
            connection.request("HEAD", self.config.nonce_path)
            return connection.getresponse().getheader("Replay-Nonce")
        finally:
            connection.close()

    def _handle(self):
        config = self.config
        body = self._body()
        protected, payload = {}, None
        if self.command == "POST":
            try:
                jws = json.loads(body)
                protected = json.loads(b64url_decode(jws["protected"]))
                payload = json.loads(b64url_decode(jws["payload"])) if jws.get("payload") else None
            except (ValueError, KeyError, TypeError):
                pass
        modes = self._modes()

        if protected.get("url", "").endswith(config.new_order_path) and isinstance(payload, dict):
            with NEW_ORDER_LOCK:
                self._new_order(body, protected, payload)
            return

        if self.command == "POST" and payload == {} and self.path in CHALLENGE_NAME:
            name = CHALLENGE_NAME[self.path]
            if "refuse-challenge:" + name in modes:
                log_line(config.log, "refused challenge " + name)
                self._problem(400, "malformed", "challenge refused by the test")
                return
            log_line(config.log, "challenge " + name)
        if isinstance(payload, dict) and payload.get("status") == "deactivated" and "keep-authorizations" in modes:
            log_line(config.log, "refused deactivation " + self.path)
            self._problem(403, "unauthorized", "deactivation refused by the test")
            return
        if self.path in FINALIZE_ORDER and isinstance(payload, dict) and "csr" in payload:
            if "refuse-finalize" in modes:
                log_line(config.log, "refused finalize " + FINALIZE_ORDER[self.path])
                self._problem(403, "unauthorized", "finalize refused by the test")
                return

        status, headers, answer = self._upstream(body)
        self._observe(status, answer)
        self._reply(status, headers, answer)

    def _observe(self, status, answer):
        """Remembers the authorization statuses, challenge names and finalizations that pass."""
        if status != 200 or self.command != "POST":
            return
        try:
            document = json.loads(answer)
        except ValueError:
            return
        if not isinstance(document, dict):
            return
        with STATE_LOCK:
            if "identifier" in document and "challenges" in document:
                AUTHZ_STATUS[self.path] = document.get("status", "pending")
                for challenge in document["challenges"]:
                    CHALLENGE_NAME[path_of(challenge["url"])] = document["identifier"]["value"]
            elif self.path in FINALIZE_ORDER:
                FINALIZED.add(FINALIZE_ORDER[self.path])
                log_line(self.config.log, "finalized " + FINALIZE_ORDER[self.path])

    def _new_order(self, body, protected, payload):
        config = self.config
        identifiers = tuple(sorted((i.get("type"), i.get("value")) for i in payload.get("identifiers", [])))
        key = (protected.get("kid"), identifiers, payload.get("profile"))
        with STATE_LOCK:
            earlier = ORDERS.get(key)
            status = order_status(earlier) if earlier else None
        if earlier and status in ("pending", "ready"):
            log_line(config.log, "newOrder reused %s status=%s" % (earlier["path"], status))
            document = dict(earlier["body"], status=status)
            headers = [("Content-Type", "application/json"), ("Location", earlier["location"])]
            nonce = self._fresh_nonce()
            if nonce:
                headers.append(("Replay-Nonce", nonce))
            self._reply(201, headers, json.dumps(document).encode())
            return
        status, headers, answer = self._upstream(body)
        location = dict((name.lower(), value) for name, value in headers).get("location")
        if status == 201 and location:
            document = json.loads(answer)
            order = {"path": path_of(location), "location": location, "body": document,
                     "authz": [path_of(url) for url in document.get("authorizations", [])]}
            with STATE_LOCK:
                ORDERS[key] = order
                FINALIZE_ORDER[path_of(document["finalize"])] = order["path"]
            log_line(config.log, "newOrder new " + order["path"])
        self._reply(status, headers, answer)

    do_GET = do_HEAD = do_POST = _handle


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ca", required=True, help="trusted roots for Pebble's HTTPS")
    parser.add_argument("--upstream-port", type=int, required=True, help="Pebble's port on 127.0.0.1")
    parser.add_argument("--log", required=True)
    parser.add_argument("--mode-file", required=True)
    parser.add_argument("--new-order-path", default="/order-plz")
    parser.add_argument("--nonce-path", default="/nonce-plz")
    config = parser.parse_args()
    config.client_tls = ssl.create_default_context(cafile=config.ca)
    ReuseHandler.config = config

    server = http.server.ThreadingHTTPServer(("127.0.0.1", config.port), ReuseHandler)
    server.daemon_threads = True
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.minimum_version = ssl.TLSVersion.TLSv1_2
    tls.load_cert_chain(config.cert, config.key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    log_line(config.log, "listening")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
