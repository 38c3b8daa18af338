#!/usr/bin/env python3
"""A local stand-in for the parts of RFC 9773 (ACME Renewal Information) that Pebble 2.4 lacks.

Pebble 2.4 publishes no "renewalInfo" in its directory, so the ARI end-to-end suite runs two small
servers from this file on loopback, both over HTTPS with the suite's throwaway TLS certificate:

  proxy: passes every request through to Pebble unchanged, keeping the Host header so that Pebble's
         own URLs (and its check of each JWS "url" against the URL it was reached at) name the proxy.
         Into the directory it adds "renewalInfo" pointing at the ari server. It logs each newOrder's
         "replaces" (RFC 9773 §5) and, while a flag file exists, refuses an order that carries one.
         The file's first word says how, each in the words of Boulder's wfe (RFC 9773 §5 lists the
         checks; Boulder prefixes every refusal with "Could not validate ARI 'replaces' field ::"):
           (empty) or alreadyReplaced  409 alreadyReplaced, the certificate already has a successor
           unauthorized                403 unauthorized, the certificate is another account's
           malformed                   404 malformed, the CertID names an issuer the CA does not know
           malformed-order             400 malformed about the order itself, not about "replaces"
  ari:   answers GET <prefix>/<certID> (RFC 9773 §4.1) with the body held in a window file (so the
         suite can move the window between runs), plus a Retry-After; logs every certID asked for.
         Without a window file it answers 404 as Boulder does for a CertID whose issuer it does not
         know (a certificate from another CA, or from staging).

Only the standard library; nothing leaves 127.0.0.1.
"""
import argparse
import http.server
import json
import ssl
import sys

from acme_proxy import PassThroughHandler, b64url_decode, log_line


class ProxyHandler(PassThroughHandler):

    def _new_order_replaces(self, body):
        try:
            jws = json.loads(body)
            protected = json.loads(b64url_decode(jws["protected"]))
            if not protected.get("url", "").endswith(self.config.new_order_path):
                return None
            payload = json.loads(b64url_decode(jws["payload"])) if jws.get("payload") else {}
            return payload.get("replaces", "-")
        except (ValueError, KeyError, TypeError):
            return None

    def _forward(self):
        body = self._body()
        config = self.config
        if self.command == "POST":
            replaces = self._new_order_replaces(body)
            if replaces is not None:
                log_line(config.log, "newOrder replaces=" + replaces)
                refusal = _refusal(config.refuse_flag) if replaces != "-" else None
                if refusal:
                    log_line(config.log, "refused %s replaces=%s" % (refusal[1], replaces))
                    self._problem(*refusal)
                    return
        status, answer_headers, answer = self._upstream(body)
        if self.command == "GET" and self.path == config.directory_path and status == 200:
            directory = json.loads(answer)
            directory["renewalInfo"] = config.renewal_info_url
            answer = json.dumps(directory).encode()
            log_line(config.log, "directory served with renewalInfo")
        self._reply(status, answer_headers, answer)

    do_GET = do_HEAD = do_POST = _forward


class AriHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    config = None

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        config = self.config
        prefix = config.renewal_info_path.rstrip("/") + "/"
        if not self.path.startswith(prefix):
            self._send(404, b'{"type":"urn:ietf:params:acme:error:malformed","detail":"no such resource"}')
            return
        cert_id = self.path[len(prefix):]
        log_line(config.log, "renewalInfo " + cert_id)
        try:
            with open(config.window_file, "rb") as window:
                body = window.read()
        except OSError:
            log_line(config.log, "renewalInfo unknown " + cert_id)
            self._send(404, json.dumps({
                "type": "urn:ietf:params:acme:error:malformed", "status": 404,
                "detail": "path contained an Authority Key Identifier that did not match a known issuer"}).encode())
            return
        self._send(200, body, [("Retry-After", str(config.retry_after))])

    def _send(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "application/problem+json")
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ARI_PREFIX = "Could not validate ARI 'replaces' field :: "
REFUSALS = {
    "alreadyReplaced": (409, "alreadyReplaced", ARI_PREFIX + "cannot indicate an order replaces certificate with "
                        "serial, which already has a replacement order"),
    "unauthorized": (403, "unauthorized", ARI_PREFIX + "requester account did not request the certificate being "
                     "replaced by this order"),
    "malformed": (404, "malformed", ARI_PREFIX + "path contained an Authority Key Identifier that did not match a "
                  "known issuer"),
    "malformed-order": (400, "malformed", "Error creating new order :: the order's identifiers are not acceptable"),
}


def _refusal(path):
    """(status, type, detail) while the flag file exists, else None."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as flag:
            words = flag.read().split()
    except OSError:
        return None
    return REFUSALS[words[0] if words else "alreadyReplaced"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["proxy", "ari"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--ca", help="proxy: trusted roots for Pebble's HTTPS")
    parser.add_argument("--upstream-port", type=int, help="proxy: Pebble's port on 127.0.0.1")
    parser.add_argument("--directory-path", default="/dir")
    parser.add_argument("--new-order-path", default="/order-plz")
    parser.add_argument("--renewal-info-url", help="proxy: the renewalInfo URL to announce")
    parser.add_argument("--refuse-flag", help="proxy: while this file exists, refuse orders that carry replaces")
    parser.add_argument("--renewal-info-path", default="/renewal-info")
    parser.add_argument("--window-file", help="ari: the JSON body to serve")
    parser.add_argument("--retry-after", type=int, default=3600)
    config = parser.parse_args()

    handler = ProxyHandler if config.mode == "proxy" else AriHandler
    if config.mode == "proxy":
        if not (config.ca and config.upstream_port and config.renewal_info_url):
            parser.error("proxy needs --ca, --upstream-port and --renewal-info-url")
        config.client_tls = ssl.create_default_context(cafile=config.ca)
    elif not config.window_file:
        parser.error("ari needs --window-file")
    handler.config = config

    server = http.server.ThreadingHTTPServer(("127.0.0.1", config.port), handler)
    server.daemon_threads = True
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.minimum_version = ssl.TLSVersion.TLSv1_2
    tls.load_cert_chain(config.cert, config.key)
    server.socket = tls.wrap_socket(server.socket, server_side=True)
    log_line(config.log, "listening " + config.mode)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
