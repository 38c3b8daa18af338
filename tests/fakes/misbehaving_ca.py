#!/usr/bin/env python3
"""A local HTTPS "ACME CA" that misbehaves on purpose, for what a real CA (Pebble) cannot be made to do.

This is a fake, and says so: Pebble cannot be told to truncate a body, send broken JSON, answer 500 or
429 on demand, drop required directory members, send an oversized answer or hang. This server speaks
just enough RFC 8555 for acmecli to get to the point where the fault is injected: a directory (§7.1.1),
newNonce with Replay-Nonce (§7.2), and newAccount answering 201 with a Location (§7.3). It does not
verify JWS signatures; acmecli's signing is tested against Pebble.

For issue 17 ("a lying CA") it also plays the rest of an order, as RFC 8555 §7.4 shapes it, to lie in
it: newOrder answers "ready" at once as a CA that reused valid authorizations may (§7.1.3), finalize
answers "valid" and the certificate is signed with the openssl command from the CSR acmecli sent
(§7.4.2, with --issuer-cert/--issuer-key), or an authorization is "pending" with challenges (§7.5).
What it lies about is the mode; the shapes are the RFC's.

For issue 23 ("what production CAs do that Pebble 2.4 never shows") the boulder-* modes answer as
Let's Encrypt's Boulder does, in Boulder's own words: docs/acme-divergences.md and RFC 8555 §6.7.1 for
subproblems (wfe2/wfe.go and ra/ra.go build "Error creating new order :: Cannot issue for ... (and N
more problems. Refer to sub-problems for more information.)"), wfe2/wfe.go probs.Paused for a paused
account and identifier (429 rateLimited, no Retry-After, "... Please visit: <unpause URL>"), ra/ra.go
FinalizeOrder for a Must-Staple CSR (403 unauthorized) and csr/csr.go with goodkey/good_key.go for an
RSA key other than 2048, 3072 or 4096 bits (400 badPublicKey "invalid public key in CSR: key size not
supported: N"; the fake leaves EC keys alone, acmecli makes only P-256 and P-384 ones).

Rate limits follow Boulder too: ratelimits/limiter.go (Decision.Result) words the detail, "too many
certificates (50) already issued for \"DOMAIN\" in the last 168h0m0s, retry after 2006-01-02 15:04:05 UTC",
errors/errors.go appends ": see https://letsencrypt.org/docs/rate-limits/#<the limit>", and wfe2/wfe.go
(sendError) adds Retry-After in whole seconds and Link: <https://letsencrypt.org/docs/rate-limits>;rel="help";
the WFE prefixes "Error creating new order :: " (web.ProblemDetailsForError). An asynchronous finalize
follows wfe2/wfe.go too: finalize and every look at a "processing" order answer Retry-After: 3
(orderRetryAfter). ZeroSSL publishes nothing about its timing; the zerossl-* modes follow RFC 8555 §7.4
("processing" until issued, Retry-After optional) as acme.sh users report ZeroSSL behaves
(acmesh-official/acme.sh#3584, #6103: orders "processing" for minutes, no Retry-After).

Usage: misbehaving_ca.py --port PORT --cert tls.crt --key tls.key --mode-file FILE --log FILE
                         [--issuer-cert ca.crt --issuer-key ca.key]

The mode is read from --mode-file on every request, so a test switches faults without a restart (and
the account stored under accounts/127.0.0.1_PORT/ stays valid). Every request is appended to --log as
"METHOD PATH" so a test can count attempts (no retry storm). Modes ("ok" when the file is empty):

  ok                      a well-behaved directory, nonce and newAccount; newOrder answers 403
  dir-truncated           the directory's body is cut short of its Content-Length, then the connection closes
  dir-bad-json            the directory is not JSON
  dir-500                 the directory answers 500 with a problem document
  dir-missing-fields      the directory lacks newOrder
  dir-oversized           the directory announces and sends 9 MiB
  dir-oversized-chunked   the directory streams 9 MiB chunked, without a Content-Length
  dir-hang                the directory request is accepted and never answered
  nonce-missing           newNonce answers without a Replay-Nonce
  order-500               newOrder answers 500 (serverInternal) every time
  order-429               newOrder answers 429 rateLimited with Retry-After: 3600
  order-429-short         newOrder answers 429 rateLimited with Retry-After: 1, every time
  order-bad-json          newOrder answers 201 with a Location and a body cut off mid-JSON
  order-missing-status    newOrder answers 201 with an order object that has no status
  order-truncated         newOrder's body is cut short of its Content-Length
  order-oversized         newOrder answers with 9 MiB
  order-hang              newOrder is accepted and never answered
  order-403-control       newOrder answers 403 with a detail holding CR/LF, a forged "ok: written to"
                          line and ESC sequences, and a subproblem with C1 controls
  order-http-location     newOrder answers 201 with a plain http:// Location
  issue-ok                a ready order, finalize, and an honest certificate for the CSR
  issue-other-key         ... the certificate is for another key than the CSR's (names right)
  issue-names-added       ... the certificate names added.example.test besides the order's names
  cert-http-url           ... finalize names a plain http:// certificate URL
  alternates-many         ... the certificate answer lists 200 Link: rel="alternate" chains
  alternate-unfetchable   ... it lists one alternate, which answers 404
  link-oversized          ... it carries one 80 KB Link header
  authz-foreign           a pending order whose authorization is for victim.other.test
  authz-bad-token         a pending order whose challenges' token is "../../../../../tmp/acmecli-lying-ca"
  boulder-rejected-one    newOrder is refused for its first name: 400 rejectedIdentifier, no subproblems
  boulder-rejected-many   newOrder is refused for every name: rejectedIdentifier "(and N more problems...)"
                          with one subproblem per identifier
  boulder-paused          newOrder answers 429 rateLimited with no Retry-After and an unpause URL
  boulder-finalize        a ready order whose finalize checks the CSR as Boulder does: a Must-Staple CSR
                          is refused (unauthorized), a key Boulder's goodkey refuses too (badPublicKey);
                          any other is issued honestly
  boulder-rate-limited    names under limited.test hit "new certificates per registered domain" (429,
                          Retry-After: 7200, Link rel="help"); every other order is issued as issue-ok
  boulder-rate-limited-short  every other newOrder hits "new orders per account" with Retry-After: 2; the
                          next one is issued as issue-ok
  boulder-async-finalize  finalize answers "processing" with Retry-After: 3, and so does the order until
                          5 s after finalize; then it is valid
  zerossl-processing      finalize and the order answer "processing" without Retry-After until 6 s after
                          finalize; then it is valid
  zerossl-processing-forever  ... and the order never leaves "processing"
"""

import argparse
import base64
import http.server
import json
import os
import secrets
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time

OVERSIZED = 9 * 1024 * 1024  # above acmecli's 8 MiB cap on any answer

PROBLEM = "application/problem+json"


def problem(kind, detail, status):
    return json.dumps({"type": "urn:ietf:params:acme:error:" + kind, "detail": detail, "status": status})


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jws_payload(body):
    """The decoded payload of a JWS request body (RFC 7515 flattened JSON); {} for POST-as-GET."""
    try:
        payload = b64url_decode(json.loads(body)["payload"])
        return json.loads(payload) if payload else {}
    except (ValueError, KeyError, TypeError):
        return {}


ISSUING = {"issue-ok", "boulder-finalize", "issue-other-key", "issue-names-added", "cert-http-url", "alternates-many",
           "alternate-unfetchable", "link-oversized", "boulder-rate-limited", "boulder-rate-limited-short",
           "boulder-async-finalize", "zerossl-processing", "zerossl-processing-forever"}
# How long after finalize the order stays "processing", by mode (None: for ever).
PROCESSING_FOR = {"boulder-async-finalize": 5, "zerossl-processing": 6, "zerossl-processing-forever": None}
RATE_LIMITS_HELP = "https://letsencrypt.org/docs/rate-limits"
LIMITED_DOMAIN = "limited.test"
BAD_TOKEN = "../../../../../tmp/acmecli-lying-ca"
GOOD_TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"
POLICY_REFUSAL = "The ACME server refuses to issue a certificate for this domain name, because it is forbidden by policy"
UNPAUSE_URL = "https://portal.letsencrypt.org/sfe/v1/unpause?jwt=eyJhbGciOiJIUzI1NiJ9.e2e.test"
CONTROL_DETAIL = "no\r\nok: written to /etc/x\x1b[2J\x1b]0;owned\x07 \x1b[31mred"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real CA; every answer carries a length or chunking
    server_version = "misbehaving-ca"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        sys.stderr.write("%s\n" % (format % args))

    # --- plumbing ------------------------------------------------------------------------------

    def mode(self):
        try:
            with open(self.server.mode_file, encoding="utf-8") as f:
                return f.read().strip() or "ok"
        except FileNotFoundError:
            return "ok"

    def record(self):
        with self.server.log_lock, open(self.server.request_log, "a", encoding="utf-8") as f:
            f.write("%s %s\n" % (self.command, self.path))

    def base(self):
        return "https://127.0.0.1:%d" % self.server.server_address[1]

    def answer(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Cache-Control", "no-store")
        if body or self.command != "HEAD":
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def truncated(self, body):
        # Promise more than is sent, then close: the client must see a short read, not a short body.
        body = body.encode()
        self.send_response(200 if self.command == "GET" else 201)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Location", self.base() + "/order/1")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) * 4))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def oversized(self, chunked):
        self.send_response(200)
        self.send_header("Replay-Nonce", secrets.token_urlsafe(16))
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(OVERSIZED))
        self.end_headers()
        block = b" " * 65536
        try:
            for _ in range(OVERSIZED // len(block)):
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                else:
                    self.wfile.write(block)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # the client gave up at its limit, as it should
        self.close_connection = True

    def hang(self):
        # Read the request, then never answer; the server's shutdown (or the client's timeout) ends it.
        self.server.stop.wait()
        self.close_connection = True

    def directory(self):
        base = self.base()
        return {
            "newNonce": base + "/nonce",
            "newAccount": base + "/account",
            "newOrder": base + "/order",
            "revokeCert": base + "/revoke",
            "keyChange": base + "/key-change",
            "meta": {"termsOfService": base + "/terms"},
        }

    # --- requests ------------------------------------------------------------------------------

    def do_HEAD(self):
        self.record()
        mode = self.mode()
        if self.path == "/nonce":
            if mode == "nonce-missing":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.answer(200)
            return
        self.answer(404)

    def do_GET(self):
        self.record()
        mode = self.mode()
        if self.path == "/nonce":
            self.answer(204)
            return
        if self.path != "/dir":
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)
            return
        if mode == "dir-truncated":
            self.truncated(json.dumps(self.directory()))
        elif mode == "dir-bad-json":
            self.answer(200, '{"newNonce": "' + self.base() + '/nonce", "newAccount": ')
        elif mode == "dir-500":
            self.answer(500, problem("serverInternal", "the directory is on fire", 500), PROBLEM)
        elif mode == "dir-missing-fields":
            directory = self.directory()
            del directory["newOrder"]
            self.answer(200, json.dumps(directory))
        elif mode == "dir-oversized":
            self.oversized(chunked=False)
        elif mode == "dir-oversized-chunked":
            self.oversized(chunked=True)
        elif mode == "dir-hang":
            self.hang()
        else:
            self.answer(200, json.dumps(self.directory()))

    def do_POST(self):
        self.record()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        mode = self.mode()
        if self.path.startswith(("/authz/", "/finalize/", "/cert/", "/order/")):
            self.order_flow(mode, body)
            return
        if self.path == "/account":
            # §7.3: 201 Created with the account URL in Location.
            account = {"status": "valid", "contact": ["mailto:e2e@example.com"], "orders": self.base() + "/orders/1"}
            self.answer(201, json.dumps(account), headers=[("Location", self.base() + "/account/1")])
            return
        if self.path != "/order":
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)
            return
        if mode == "order-500":
            self.answer(500, problem("serverInternal", "the order database is down", 500), PROBLEM)
        elif mode == "order-429":
            self.answer(429, problem("rateLimited", "too many new orders recently", 429), PROBLEM,
                        headers=[("Retry-After", "3600")])
        elif mode == "order-429-short":
            self.answer(429, problem("rateLimited", "slow down a little", 429), PROBLEM,
                        headers=[("Retry-After", "1")])
        elif mode == "order-bad-json":
            self.answer(201, '{"status": "pending", "identifiers": [{"type": "dns", "val',
                        headers=[("Location", self.base() + "/order/1")])
        elif mode == "order-missing-status":
            self.answer(201, json.dumps({"identifiers": [], "authorizations": [], "finalize": self.base() + "/f"}),
                        headers=[("Location", self.base() + "/order/1")])
        elif mode == "order-truncated":
            self.truncated(json.dumps({"status": "pending", "identifiers": [], "authorizations": []}))
        elif mode == "order-oversized":
            self.oversized(chunked=False)
        elif mode == "order-hang":
            self.hang()
        elif mode == "order-403-control":
            detail = json.dumps({"type": "urn:ietf:params:acme:error:unauthorized", "detail": CONTROL_DETAIL,
                                 "status": 403, "subproblems": [{"type": "urn:ietf:params:acme:error:caa",
                                                                 "detail": "x\u009b31my\r\n",
                                                                 "identifier": {"type": "dns", "value": "a\nb"}}]})
            self.answer(403, detail, PROBLEM)
        elif mode in ("boulder-rejected-one", "boulder-rejected-many"):
            identifiers = jws_payload(body).get("identifiers", [])
            refused = identifiers[:1] if mode == "boulder-rejected-one" else identifiers
            detail = 'Error creating new order :: Cannot issue for "%s": %s' % (refused[0]["value"], POLICY_REFUSAL)
            document = {"type": "urn:ietf:params:acme:error:rejectedIdentifier", "status": 400}
            if len(refused) > 1:
                detail += " (and %d more problems. Refer to sub-problems for more information.)" % (len(refused) - 1)
                document["subproblems"] = [{"type": "urn:ietf:params:acme:error:rejectedIdentifier",
                                            "detail": POLICY_REFUSAL, "status": 400, "identifier": i}
                                           for i in refused]
            document["detail"] = detail
            self.answer(400, json.dumps(document), PROBLEM)
        elif mode == "boulder-paused":
            names = ", ".join(i["value"] for i in jws_payload(body).get("identifiers", []))
            detail = ("Your account is temporarily prevented from requesting certificates for %s and possibly "
                      "others. Please visit: %s" % (names, UNPAUSE_URL))
            self.answer(429, problem("rateLimited", detail, 429), PROBLEM)
        elif mode == "order-http-location":
            self.answer(201, json.dumps(self.order("pending")),
                        headers=[("Location", self.base().replace("https://", "http://") + "/order/1")])
        elif mode in ("boulder-rate-limited", "boulder-rate-limited-short") and self.rate_limit(mode, body):
            return
        elif mode in ISSUING or mode.startswith("authz-"):
            self.server.identifiers = jws_payload(body).get("identifiers", [])
            status = "pending" if mode.startswith("authz-") else "ready"
            self.answer(201, json.dumps(self.order(status)), headers=[("Location", self.base() + "/order/1")])
        else:
            self.answer(403, problem("unauthorized", "this fake CA issues nothing", 403), PROBLEM)


    # --- the rest of an order (issue 17) ------------------------------------------------------

    def order(self, status):
        return {"status": status, "identifiers": getattr(self.server, "identifiers", []),
                "authorizations": [self.base() + "/authz/1"], "finalize": self.base() + "/finalize/1"}

    def rate_limit(self, mode, body):
        """Answers newOrder as Boulder's rate limits do when this order hits one; False when it does not."""
        if mode == "boulder-rate-limited":
            names = [i["value"] for i in jws_payload(body).get("identifiers", [])]
            if not any(n == LIMITED_DOMAIN or n.endswith("." + LIMITED_DOMAIN) for n in names):
                return False
            wait = 7200
            what = ('too many certificates (50) already issued for "%s" in the last 168h0m0s' % LIMITED_DOMAIN,
                    "new-certificates-per-registered-domain")
        else:
            self.server.short_limit_spent = not getattr(self.server, "short_limit_spent", False)
            if not self.server.short_limit_spent:
                return False
            wait = 2
            what = ("too many new orders (300) from this account in the last 3h0m0s", "new-orders-per-account")
        at = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(time.time() + wait))
        detail = "Error creating new order :: %s, retry after %s: see %s/#%s" % (what[0], at, RATE_LIMITS_HELP, what[1])
        self.answer(429, problem("rateLimited", detail, 429), PROBLEM,
                    headers=[("Retry-After", str(wait)), ("Link", '<%s>;rel="help"' % RATE_LIMITS_HELP)])
        return True

    def processing(self, mode):
        """True while an order finalized in this mode is still being "issued"."""
        if mode not in PROCESSING_FOR:
            return False
        seconds = PROCESSING_FOR[mode]
        return seconds is None or time.monotonic() - self.server.finalized_at < seconds

    def order_flow(self, mode, body):
        if self.path == "/order/1":
            # RFC 8555 §7.1.3 POST-as-GET of the order; Boulder's WFE adds Retry-After: 3 while processing.
            if self.processing(mode):
                headers = [("Retry-After", "3")] if mode == "boulder-async-finalize" else []
                self.answer(200, json.dumps(self.order("processing")), headers=headers)
            else:
                self.answer(200, json.dumps(dict(self.order("valid"), certificate=self.base() + "/cert/1")))
        elif self.path == "/authz/1":
            self.authorization(mode, body)
        elif self.path == "/finalize/1":
            csr = b64url_decode(jws_payload(body).get("csr", ""))
            refusal = self.boulder_csr_refusal(csr) if mode == "boulder-finalize" else None
            if refusal:
                self.answer(refusal[0], refusal[1], PROBLEM)
                return
            self.server.chain = self.issue(mode, csr)
            if mode in PROCESSING_FOR:
                self.server.finalized_at = time.monotonic()
                headers = [("Retry-After", "3")] if mode == "boulder-async-finalize" else []
                self.answer(200, json.dumps(self.order("processing")), headers=headers)
                return
            url = self.base() + "/cert/1"
            if mode == "cert-http-url":
                url = url.replace("https://", "http://")
            self.answer(200, json.dumps({"status": "valid", "certificate": url}))
        elif self.path == "/cert/1":
            headers = []
            if mode == "alternates-many":
                headers = [("Link", '<%s/cert/alt/%d>;rel="alternate"' % (self.base(), i)) for i in range(200)]
            elif mode == "alternate-unfetchable":
                headers = [("Link", '<%s/cert/alt/missing>;rel="alternate"' % self.base())]
            elif mode == "link-oversized":
                links = ", ".join('<%s/cert/alt/%d>;rel="alternate"' % (self.base(), i) for i in range(2000))
                headers = [("Link", links[:80 * 1024])]
            self.answer(200, self.server.chain, "application/pem-certificate-chain", headers=headers)
        elif self.path.startswith("/cert/alt/") and self.path != "/cert/alt/missing":
            self.answer(200, self.server.chain, "application/pem-certificate-chain")
        else:
            self.answer(404, problem("malformed", "no such resource", 404), PROBLEM)

    def authorization(self, mode, body):
        if mode == "authz-foreign":
            identifier = {"type": "dns", "value": "victim.other.test"}
            token = GOOD_TOKEN
        else:
            identifiers = getattr(self.server, "identifiers", [])
            identifier = identifiers[0] if identifiers else {"type": "dns", "value": "a.example.test"}
            token = BAD_TOKEN
        status = "deactivated" if jws_payload(body).get("status") == "deactivated" else "pending"
        challenges = [{"type": kind, "url": "%s/chall/%s" % (self.base(), kind), "status": "pending", "token": token}
                      for kind in ("http-01", "dns-01", "tls-alpn-01")]
        self.answer(200, json.dumps({"status": status, "identifier": identifier, "challenges": challenges}))

    def boulder_csr_refusal(self, csr_der):
        """(status, problem) as Boulder's finalize refuses this CSR, or None when it would issue."""
        text = subprocess.run(["openssl", "req", "-inform", "DER", "-noout", "-text"], input=csr_der,
                              capture_output=True, check=True).stdout.decode()
        if "TLS Feature" in text:  # RFC 7633 status_request, what --must-staple asks for
            return 403, problem("unauthorized", "Error finalizing order :: OCSP must-staple extension is no longer "
                                "available: see https://letsencrypt.org/2024/12/05/ending-ocsp", 403)
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("Public-Key: (") and "rsaEncryption" in text:
                bits = int(line.split("(")[1].split()[0])
                if bits not in (2048, 3072, 4096):
                    return 400, problem("badPublicKey", "Error finalizing order :: invalid public key in CSR: key "
                                        "size not supported: %d" % bits, 400)
        return None

    def issue(self, mode, csr_der, identifiers=None):
        """Signs a certificate for the CSR (naming identifiers, by default the last order's) with the openssl
        command, lying as the mode says."""
        with tempfile.TemporaryDirectory() as work:
            def path(name):
                return os.path.join(work, name)
            with open(path("csr.der"), "wb") as f:
                f.write(csr_der)
            run = lambda *args: subprocess.run(["openssl", *args], check=True, capture_output=True)  # noqa: E731
            run("req", "-inform", "DER", "-in", path("csr.der"), "-out", path("csr.pem"))
            if mode == "issue-other-key":
                run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", path("other.key"), "-out", path("csr.pem"), "-subj", "/CN=other")
            if identifiers is None:
                identifiers = getattr(self.server, "identifiers", [])
            names = ["%s:%s" % ("IP" if i["type"] == "ip" else "DNS", i["value"]) for i in identifiers]
            if mode == "issue-names-added":
                names.append("DNS:added.example.test")
            with open(path("leaf.ext"), "w", encoding="utf-8") as f:
                f.write("subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\n" % ",".join(names))
            run("x509", "-req", "-in", path("csr.pem"), "-CA", self.server.issuer_cert, "-CAkey",
                self.server.issuer_key, "-set_serial", "0x" + secrets.token_hex(8), "-days", "7",
                "-extfile", path("leaf.ext"), "-out", path("leaf.pem"))
            with open(path("leaf.pem"), encoding="utf-8") as f, open(self.server.issuer_cert, encoding="utf-8") as g:
                return f.read() + g.read()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(handler=Handler, description=__doc__, required_options=()):
    """Serves handler (this fake's, or a module's that builds on it) as the options say; each of
    required_options ("--records") is set on the server as an attribute ("records")."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--mode-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--issuer-cert", help="signs the certificates of the issue-* modes")
    parser.add_argument("--issuer-key")
    for option in required_options:
        parser.add_argument(option, required=True)
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), handler)
    server.mode_file = args.mode_file
    server.request_log = args.log
    server.log_lock = threading.Lock()
    server.stop = threading.Event()
    server.issuer_cert = args.issuer_cert
    server.issuer_key = args.issuer_key
    for option in required_options:
        name = option.lstrip("-").replace("-", "_")
        setattr(server, name, getattr(args, name))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(args.cert, args.key)
    # The handshake happens in the handler's thread, so a client that never finishes one stalls only itself.
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    open(args.log, "a", encoding="utf-8").close()
    print("misbehaving CA on https://127.0.0.1:%d/dir" % args.port, flush=True)
    try:
        server.serve_forever()
    finally:
        server.stop.set()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
