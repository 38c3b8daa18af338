"""DuckDNS update endpoint, after its published specification https://www.duckdns.org/spec.jsp
(GET /update?domains=D&token=T&txt=V[&clear=true]; D a name under duckdns.org or just its first label;
the answer "OK", or "KO" for a wrong token or a domain not in the account; one TXT value per domain,
each update replacing it).

--set duckdns.token=T is the account's token; duckdns.domains the account's domains (comma-separated,
without .duckdns.org). Values are published at _acme-challenge.<domain>.duckdns.org, and any name below.
"""
from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://www.duckdns.org/spec.jsp"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.token = self.option("token")
        self.domains = set(self.option("domains").split(","))

    def authenticate(self, call):
        token = call.query.get("token")
        if not token:
            return "missing"
        return "ok" if token == self.token else "rejected"

    def logged_query(self, call):
        return {k: ("[redacted]" if k == "token" else v) for k, v in call.query.items()}

    def handle(self, call, verdict):
        if call.method != "GET" or call.path != "/update":
            return Reply(404, "not found")
        wanted = [d for d in call.query.get("domains", "").split(",") if d]
        subdomains = [d[: -len(".duckdns.org")] if d.endswith(".duckdns.org") else d for d in wanted]
        if verdict != "ok" or not subdomains or any(d not in self.domains for d in subdomains):
            return Reply(200, "KO")
        for subdomain in subdomains:
            fqdn = "_acme-challenge.%s.duckdns.org" % subdomain
            if call.query.get("clear") == "true":
                self.records.replace(fqdn, [])
            else:
                self.records.replace(fqdn, [call.query.get("txt", "")])
        return Reply(200, "OK")
