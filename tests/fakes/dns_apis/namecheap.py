"""Namecheap API (XML), after its published documentation https://www.namecheap.com/support/api/methods/
(global parameters https://www.namecheap.com/support/api/global-parameters/: ApiUser, ApiKey, UserName,
ClientIp, Command, by GET query or POST form to /xml.response; namecheap.domains.dns.getHosts SLD, TLD ->
<DomainDNSGetHostsResult Domain EmailType><host HostId Name Type Address MXPref TTL/>...;
namecheap.domains.dns.setHosts SLD, TLD, HostNameN, RecordTypeN, AddressN, MXPrefN, TTLN, EmailType,
which REPLACES every host of the domain; errors as HTTP 200 <ApiResponse Status="ERROR"><Errors><Error
Number=...>). GET /getip answers the caller's address, as Namecheap's dynamicdns.park-your-domain.com/getip.

--set namecheap.user=U --set namecheap.key=K --set namecheap.client_ip=IP are the only credentials and
the only allowed address it accepts. Every domain starts with foreign hosts (an A, an MX with preference
20, a CNAME, a TXT) and EmailType MX, which a client must write back on every setHosts; GET
/hosts/{domain} (no credentials, for the suite) lists them as JSON.
"""
import itertools
from xml.sax.saxutils import escape, quoteattr

from .common import FakeApi, Reply

NAMESPACE = "http://api.namecheap.com/xml.response"


def foreign_hosts():
    return [
        {"Name": "@", "Type": "A", "Address": "192.0.2.1", "MXPref": "10", "TTL": "1800"},
        {"Name": "@", "Type": "MX", "Address": "mail.example.test.", "MXPref": "20", "TTL": "3600"},
        {"Name": "www", "Type": "CNAME", "Address": "example.test.", "MXPref": "10", "TTL": "1799"},
        {"Name": "@", "Type": "TXT", "Address": "v=spf1 mx -all", "MXPref": "10", "TTL": "1800"},
    ]


class Api(FakeApi):
    DOCUMENTATION = "https://www.namecheap.com/support/api/methods/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.user = self.option("user")
        self.key = self.option("key")
        self.client_ip = self.option("client_ip")
        self.ids = itertools.count(1000)
        self.domains = {zone: {"email_type": "MX", "hosts": foreign_hosts()} for zone in zones}

    @staticmethod
    def parameters(call):
        return dict(call.query, **(call.json_object() or {}))

    def authenticate(self, call):
        if call.path in ("/getip",) or call.path.startswith("/hosts/"):
            return "ok"
        values = self.parameters(call)
        if "ApiKey" not in values or "ApiUser" not in values:
            return "missing"
        if (values.get("ApiUser"), values.get("ApiKey"), values.get("UserName")) != (self.user, self.key, self.user):
            return "rejected"
        if values.get("ClientIp") != self.client_ip:
            return "wrong-ip"
        return "ok"

    def logged_query(self, call):
        return {k: ("[redacted]" if k == "ApiKey" else v) for k, v in call.query.items()}

    def logged_body(self, call):
        body = call.json_object()
        if body is None:
            return call.text
        return {k: ("[redacted]" if k == "ApiKey" else v) for k, v in body.items()}

    @staticmethod
    def answer(command, inner="", errors=()):
        status = "ERROR" if errors else "OK"
        error_xml = "".join("<Error Number=%s>%s</Error>" % (quoteattr(str(n)), escape(t)) for n, t in errors)
        body = ('<?xml version="1.0" encoding="utf-8"?>\n<ApiResponse Status="%s" xmlns="%s"><Errors>%s</Errors>'
                "<Warnings /><RequestedCommand>%s</RequestedCommand>%s<Server>FAKE</Server>"
                "<GMTTimeDifference>--5:00</GMTTimeDifference><ExecutionTime>0.01</ExecutionTime></ApiResponse>"
                % (status, NAMESPACE, error_xml, escape(command or ""), inner))
        return Reply(200, body, "text/xml; charset=utf-8")

    def fqdn(self, name, domain):
        return domain if name == "@" else "%s.%s" % (name, domain)

    def handle(self, call, verdict):
        if call.path == "/getip":
            return Reply(200, self.client_ip, "text/plain")
        if call.method == "GET" and call.path.startswith("/hosts/"):
            with self.lock:
                state = self.domains.get(call.path[len("/hosts/"):])
                return Reply(200, state) if state else Reply(404, "no such domain")
        if call.path != "/xml.response":
            return Reply(404, "not found")
        values = self.parameters(call)
        command = values.get("Command")
        if verdict == "missing":
            return self.answer(command, errors=[(1010101, "Parameter APIUser is missing")])
        if verdict == "rejected":
            return self.answer(command, errors=[(1011102, "API Key is invalid or API access has not been enabled")])
        if verdict == "wrong-ip":
            return self.answer(command, errors=[(1011150, "Invalid request IP: %s" % values.get("ClientIp"))])
        domain = "%s.%s" % (values.get("SLD", ""), values.get("TLD", ""))
        with self.lock:
            state = self.domains.get(domain)
        if state is None:
            return self.answer(command, errors=[(2019166, "Domain not found")])
        if command == "namecheap.domains.dns.getHosts":
            with self.lock:
                hosts = "".join(
                    "<host HostId=%s %s IsActive=\"true\" IsDDNSEnabled=\"false\" />"
                    % (quoteattr(str(1 + i)), " ".join("%s=%s" % (k, quoteattr(v)) for k, v in host.items()))
                    for i, host in enumerate(state["hosts"]))
                inner = ('<CommandResponse Type="namecheap.domains.dns.getHosts"><DomainDNSGetHostsResult Domain=%s '
                         'EmailType=%s IsUsingOurDNS="true">%s</DomainDNSGetHostsResult></CommandResponse>'
                         % (quoteattr(domain), quoteattr(state["email_type"]), hosts))
            return self.answer(command, inner)
        if command == "namecheap.domains.dns.setHosts":
            hosts = []
            for n in itertools.count(1):
                if "HostName%d" % n not in values:
                    break
                host = {"Name": values["HostName%d" % n], "Type": values.get("RecordType%d" % n, ""),
                        "Address": values.get("Address%d" % n, ""), "MXPref": values.get("MXPref%d" % n, ""),
                        "TTL": values.get("TTL%d" % n, "1800")}
                if not host["Type"] or not host["Address"] or not host["MXPref"]:
                    return self.answer(command, errors=[(2050900, "Host %d lacks its RecordType, Address or MXPref" % n)])
                hosts.append(host)
            if not hosts:
                return self.answer(command, errors=[(2050900, "No host records given")])

            # setHosts replaces every host: publish in Knot the TXT sets that changed.
            def txt_sets(host_list):
                sets = {}
                for host in host_list:
                    if host["Type"] == "TXT":
                        sets.setdefault(self.fqdn(host["Name"], domain).lower(), []).append(host["Address"])
                return sets
            with self.lock:
                before, after = txt_sets(state["hosts"]), txt_sets(hosts)
                state["hosts"] = hosts
                state["email_type"] = values.get("EmailType", "FWD")  # Namecheap's default when not sent
            for fqdn in set(before) | set(after):
                if sorted(before.get(fqdn, [])) != sorted(after.get(fqdn, [])) and fqdn != domain:
                    self.records.replace(fqdn, after.get(fqdn, []), 60)
            inner = ('<CommandResponse Type="namecheap.domains.dns.setHosts"><DomainDNSSetHostsResult Domain=%s '
                     'IsSuccess="true"><Warnings /></DomainDNSSetHostsResult></CommandResponse>' % quoteattr(domain))
            return self.answer(command, inner)
        return self.answer(command, errors=[(1010102, "Command is not supported")])
