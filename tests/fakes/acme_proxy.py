"""What the local ACME proxies in front of Pebble share: passing a request through to Pebble over
HTTPS, answering with or without its headers, problem documents, JWS decoding and a locked log.

The proxies (acme_ari_proxy.py, acme_feature_proxy.py) add what Pebble 2.4 lacks; this module holds only
the plumbing, so each file is about its feature. Only the standard library; nothing leaves 127.0.0.1.
"""
import base64
import http.client
import http.server
import json
import threading

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade", "te"}
_LOG_LOCK = threading.Lock()


def log_line(path, text):
    with _LOG_LOCK, open(path, "a", encoding="utf-8") as log:
        log.write(text + "\n")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PassThroughHandler(http.server.BaseHTTPRequestHandler):
    """A handler whose config names upstream_port and client_tls (Pebble's port, and a TLS context
    trusting the suite's certificate). The Host header is passed on unchanged so that Pebble's own URLs,
    and its check of each JWS "url", name the proxy."""
    protocol_version = "HTTP/1.1"
    config = None

    def log_message(self, fmt, *args):  # the suites read the proxies' own logs, not an access log
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _problem(self, status, kind, detail):
        body = json.dumps({"type": "urn:ietf:params:acme:error:" + kind, "detail": detail, "status": status})
        self._reply(status, [("Content-Type", "application/problem+json")], body.encode())

    def _upstream(self, body):
        """Sends this request to Pebble; returns its status, headers and body."""
        headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
        connection = http.client.HTTPSConnection("127.0.0.1", self.config.upstream_port,
                                                 context=self.config.client_tls, timeout=30)
        try:
            connection.request(self.command, self.path, body=body if self.command == "POST" else None,
                               headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()
