#!/usr/bin/env python3
"""A local stand-in for two ACME drafts Pebble 2.4 lacks, in front of a real Pebble.

It passes every request through to Pebble, keeping the Host header so that Pebble's URLs (and its check
of each JWS "url") name the proxy, and adds:

  --profiles JSON    draft-aaron-acme-profiles: the directory's meta gains "profiles" (name ->
                     description). Each newOrder's "profile" is logged ("newOrder profile=NAME", "-" for
                     none); an order naming a profile not offered is refused with invalidProfile, as the
                     draft lets a CA do.
  --refuse-profile NAME    the profile is listed, but a newOrder naming it is refused with invalidProfile,
                     as a CA does for a profile it keeps for some accounts only (Let's Encrypt first
                     offered shortlived to an allow-list).
  --withdraw-profile NAME  the profile is listed and its newOrder accepted, but finalize of that order is
                     refused with invalidProfile, as for a profile the CA withdrew in between. Each
                     refusal is logged ("refused profile=NAME at newOrder|finalize").
  --persist-issuer   draft-ietf-acme-dns-persist-00/-01: every authorization offers one challenge,
                     dns-persist-01 with "issuer-domain-names": [NAME], in place of Pebble's dns-01
                     (same URL). When the client POSTs {} to it, the proxy looks up the TXT records at
                     _validation-persist.<domain> in the DNS server given by --dns (a real Knot, asked
                     with kdig) and checks them as the draft's §4 says: issuer-domain-name is NAME,
                     accounturi is the requesting account (the JWS kid), policy=wildcard for a wildcard,
                     persistUntil not passed. Only then is the request forwarded so Pebble marks the
                     authorization valid (the suite runs Pebble with PEBBLE_VA_ALWAYS_VALID=1, so
                     Pebble's own dns-01 check is skipped: the record check here is the validation).
                     Otherwise the authorization is reported invalid with the reason.

Only the standard library and kdig; nothing leaves 127.0.0.1.
"""
import argparse
import http.server
import json
import re
import ssl
import subprocess
import sys
import threading
import time
from urllib.parse import urlparse

from acme_proxy import PassThroughHandler, b64url_decode, log_line

LOCK = threading.Lock()
PERSIST = {}   # challenge path -> {"authz": path, "domain": str, "wildcard": bool}
WITHDRAWN = {}  # finalize path of an order naming --withdraw-profile -> that profile
FAILED = {}    # authorization path -> problem document


def txt_records(config, name):
    """The TXT strings at name, each record's character-strings joined, from the suite's Knot."""
    host, port = config.dns.rsplit(":", 1)
    out = subprocess.run(["kdig", "@" + host, "-p", port, "+short", "+tcp", "TXT", name],
                         capture_output=True, text=True, timeout=10).stdout
    return ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', line)) for line in out.splitlines() if line.strip()]


def check_record(config, domain, wildcard, account_url):
    """None when a record authorizes this account (draft §4, §4.1.2, §5), else why not."""
    reasons = []
    for text in txt_records(config, "_validation-persist." + domain + "."):
        parts = [part.strip() for part in text.split(";")]
        if parts[0].lower() != config.persist_issuer:
            continue  # §4.1.2: records for other issuers are ignored
        params = {}
        for part in parts[1:]:
            if "=" in part:
                tag, value = part.split("=", 1)
                params[tag.strip().lower()] = value.strip()
        if params.get("accounturi") != account_url:
            reasons.append("accounturi %s is not this account (%s)" % (params.get("accounturi"), account_url))
        elif wildcard and params.get("policy", "").lower() != "wildcard":
            reasons.append("a wildcard needs policy=wildcard")
        elif "persistuntil" in params and int(params["persistuntil"]) < time.time():
            reasons.append("persistUntil %s has passed" % params["persistuntil"])
        else:
            return None
    return "; ".join(reasons) or "no _validation-persist TXT record for issuer " + config.persist_issuer


class ProxyHandler(PassThroughHandler):
    def _persist_challenge(self, challenge, failure=None):
        out = {"type": "dns-persist-01", "url": challenge["url"], "status": challenge["status"],
               "issuer-domain-names": [self.config.persist_issuer]}
        if failure:
            out["status"] = "invalid"
            out["error"] = failure
        return out

    def _rewrite_authorization(self, authz):
        failure = FAILED.get(self.path)
        if failure:
            authz["status"] = "invalid"
        challenges = []
        for challenge in authz.get("challenges", []):
            if challenge.get("type") == "dns-01":
                with LOCK:
                    PERSIST[urlparse(challenge["url"]).path] = {
                        "authz": self.path, "domain": authz["identifier"]["value"],
                        "wildcard": bool(authz.get("wildcard"))}
                challenges.append(self._persist_challenge(challenge, failure))
        authz["challenges"] = challenges
        return authz

    def _handle(self):
        config = self.config
        body = self._body()
        protected, payload = {}, None
        if self.command == "POST":
            try:
                jws = json.loads(body)
                protected = json.loads(b64url_decode(jws["protected"]))
                payload = b64url_decode(jws["payload"]) if jws.get("payload") else b""
            except (ValueError, KeyError, TypeError):
                pass

        profile = None
        if config.profiles is not None and protected.get("url", "").endswith(config.new_order_path):
            profile = json.loads(payload or b"{}").get("profile")
            log_line(config.log, "newOrder profile=" + (profile or "-"))
            if profile is not None and profile not in config.profiles:
                self._problem(400, "invalidProfile", "profile %r is not offered" % profile)
                return
            if profile is not None and profile == config.refuse_profile:
                log_line(config.log, "refused profile=%s at newOrder" % profile)
                self._problem(400, "invalidProfile", "profile %r is not available to this account" % profile)
                return
        if self.command == "POST" and self.path in WITHDRAWN:
            log_line(config.log, "refused profile=%s at finalize" % WITHDRAWN[self.path])
            self._problem(400, "invalidProfile", "profile %r is no longer offered" % WITHDRAWN[self.path])
            return

        if payload and json.loads(payload or b"{}").get("status") == "deactivated":
            log_line(config.log, "deactivated " + self.path)  # RFC 8555 §7.5.2 / §7.3.6

        persist = PERSIST.get(self.path) if config.persist_issuer else None
        if persist and payload:  # the client's readiness {} for a dns-persist-01 challenge
            why = check_record(config, persist["domain"], persist["wildcard"], protected.get("kid"))
            if why:
                log_line(config.log, "persist refused %s: %s" % (persist["domain"], why))
                FAILED[persist["authz"]] = {"type": "urn:ietf:params:acme:error:unauthorized", "detail": why,
                                            "status": 403}
                challenge = {"url": "https://%s%s" % (self.headers.get("Host"), self.path), "status": "invalid"}
                answer = json.dumps(self._persist_challenge(challenge, FAILED[persist["authz"]])).encode()
                self._reply(200, [("Content-Type", "application/json")], answer)
                return
            log_line(config.log, "persist validated %s for %s" % (persist["domain"], protected.get("kid")))

        status, headers, answer = self._upstream(body)
        if status == 201 and profile is not None and profile == config.withdraw_profile:
            with LOCK:
                WITHDRAWN[urlparse(json.loads(answer)["finalize"]).path] = profile
        if status == 200 and self.command == "GET" and self.path == config.directory_path:
            directory = json.loads(answer)
            if config.profiles is not None:
                directory.setdefault("meta", {})["profiles"] = config.profiles
            answer = json.dumps(directory).encode()
        elif status == 200 and config.persist_issuer and self.command == "POST":
            try:
                document = json.loads(answer)
            except ValueError:
                document = None
            if isinstance(document, dict) and "identifier" in document and "challenges" in document:
                answer = json.dumps(self._rewrite_authorization(document)).encode()
            elif persist and isinstance(document, dict):
                answer = json.dumps(self._persist_challenge(document, FAILED.get(persist["authz"]))).encode()
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
    parser.add_argument("--directory-path", default="/dir")
    parser.add_argument("--new-order-path", default="/order-plz")
    parser.add_argument("--profiles", type=json.loads, help='e.g. {"classic": "...", "shortlived": "..."}')
    parser.add_argument("--refuse-profile", help="a listed profile whose newOrder is refused (invalidProfile)")
    parser.add_argument("--withdraw-profile", help="a listed profile whose finalize is refused (invalidProfile)")
    parser.add_argument("--persist-issuer", help="offer dns-persist-01 with this issuer domain name")
    parser.add_argument("--dns", help="ADDR:PORT of the DNS server holding _validation-persist records")
    config = parser.parse_args()
    if config.persist_issuer and not config.dns:
        parser.error("--persist-issuer needs --dns")
    config.client_tls = ssl.create_default_context(cafile=config.ca)
    ProxyHandler.config = config

    server = http.server.ThreadingHTTPServer(("127.0.0.1", config.port), ProxyHandler)
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
