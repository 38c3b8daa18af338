"""A local stand-in for the part of Amazon Route 53's API that the route53 DNS provider uses, following the
Route 53 API Reference (https://docs.aws.amazon.com/Route53/latest/APIReference/, API version 2013-04-01:
ListHostedZonesByName, ListResourceRecordSets, ChangeResourceRecordSets, GetChange and the ErrorResponse
shape of "Common Errors") and AWS Signature Version 4
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html), which it
recomputes for every request and refuses when it differs, as AWS does.

  --set route53.key_id=AKID --set route53.secret=SECRET [--set route53.session_token=TOKEN]
  [--set route53.foreign=NAME=VALUE]   a TXT value someone else published, there from the start

Each zone Knot serves is a public hosted zone with a fixed id; GetChange answers PENDING once for every
change, then INSYNC.
"""
import datetime
import hashlib
import hmac
import threading
import urllib.parse
import xml.etree.ElementTree as ElementTree

from .common import FakeApi, Reply

NAMESPACE = "https://route53.amazonaws.com/doc/2013-04-01/"
PREFIX = "/2013-04-01/"
UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"

# The verdicts and AWS's answers to them (Route 53 API Reference, "Common Errors").
REFUSALS = {
    "missing": ("MissingAuthenticationToken", "Missing Authentication Token"),
    "unknown-key": ("InvalidClientTokenId", "The security token included in the request is invalid."),
    "bad-signature": ("SignatureDoesNotMatch",
                      "The request signature we calculated does not match the signature you provided. Check your "
                      "AWS Secret Access Key and signing method. Consult the service documentation for details."),
    "stale": ("SignatureDoesNotMatch", "Signature expired: the X-Amz-Date is more than 15 minutes away from now."),
    "bad-token": ("InvalidClientTokenId", "The security token included in the request is invalid."),
}


def uri_encode(text, keep_slash):
    """SigV4's percent-encoding: every byte but the unreserved ones as %XX."""
    safe = UNRESERVED + ("/" if keep_slash else "")
    return "".join(chr(b) if chr(b) in safe else "%%%02X" % b for b in text.encode())


def canonical_query(raw_query):
    pairs = urllib.parse.parse_qsl(raw_query, keep_blank_values=True)
    return "&".join("%s=%s" % (uri_encode(k, False), uri_encode(v, False)) for k, v in sorted(pairs))


def xml_reply(status, root, inner):
    return Reply(status, '<?xml version="1.0" encoding="UTF-8"?>\n<%s xmlns="%s">%s</%s>' % (root, NAMESPACE, inner, root),
                 content_type="text/xml")


def error_reply(status, code, message):
    return xml_reply(status, "ErrorResponse",
                     "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fake</RequestId>"
                     % (code, escape(message)))


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fqdn(name):
    return name.rstrip(".").lower() + "."


class Api(FakeApi):
    DOCUMENTATION = "https://docs.aws.amazon.com/Route53/latest/APIReference/"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.key_id = self.option("key_id")
        self.secret = self.option("secret")
        self.session_token = options.get("session_token")
        self.zone_ids = {fqdn(zone): "Z%012d" % (index + 1) for index, zone in enumerate(sorted(zones))}
        self.ttls = {}  # fqdn -> TTL of its TXT RRset
        self.changes = {}  # change id -> times GetChange was asked
        self.change_lock = threading.Lock()
        if options.get("foreign"):
            name, _, value = options["foreign"].partition("=")
            self.records.add(name, value, ttl=300)
            self.ttls[fqdn(name)] = 300

    # --- Signature Version 4, recomputed -----------------------------------------------------------
    def authenticate(self, call):
        authorization = call.headers.get("Authorization") or ""
        algorithm, _, fields = authorization.partition(" ")
        if algorithm != "AWS4-HMAC-SHA256":
            return "missing"
        parts = dict(part.strip().partition("=")[::2] for part in fields.split(","))
        credential = parts.get("Credential", "").split("/")
        signed_headers = parts.get("SignedHeaders", "")
        if len(credential) != 5 or credential[4] != "aws4_request" or credential[3] != "route53":
            return "missing"
        access_key, date, region, service, _ = credential
        if access_key != self.key_id:
            return "unknown-key"
        amz_date = call.headers.get("X-Amz-Date") or ""
        names = signed_headers.split(";")
        if "host" not in names or "x-amz-date" not in names or not amz_date.startswith(date):
            return "bad-signature"
        try:
            when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return "bad-signature"
        if abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) > 15 * 60:
            return "stale"
        if self.session_token is not None:
            if call.headers.get("X-Amz-Security-Token") != self.session_token or "x-amz-security-token" not in names:
                return "bad-token"
        canonical_headers = ""
        for name in names:
            values = call.headers.get_all(name) or []
            canonical_headers += name + ":" + ",".join(" ".join(v.split()) for v in values) + "\n"
        canonical_request = "\n".join([
            call.method, uri_encode(call.path, True), canonical_query(call.raw_query), canonical_headers,
            signed_headers, hashlib.sha256(call.raw_body).hexdigest()])
        scope = "/".join([date, region, service, "aws4_request"])
        string_to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                                    hashlib.sha256(canonical_request.encode()).hexdigest()])
        key = ("AWS4" + self.secret).encode()
        for step in (date, region, service, "aws4_request"):
            key = hmac.new(key, step.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        return "ok" if hmac.compare_digest(expected, parts.get("Signature", "")) else "bad-signature"

    # --- the API ------------------------------------------------------------------------------------
    def handle(self, call, verdict):
        if verdict != "ok":
            code, message = REFUSALS.get(verdict, REFUSALS["missing"])
            return error_reply(403, code, message)
        if not call.path.startswith(PREFIX):
            return error_reply(404, "UnknownOperationException", "no such operation: " + call.path)
        path = call.path[len(PREFIX):].rstrip("/").split("/")
        if call.method == "GET" and path == ["hostedzonesbyname"]:
            return self.list_hosted_zones(call.query.get("dnsname", ""))
        if len(path) == 3 and path[0] == "hostedzone" and path[2] == "rrset":
            zone = self.zone_named_by(path[1])
            if zone is None:
                return error_reply(404, "NoSuchHostedZone", "No hosted zone found with ID: " + path[1])
            if call.method == "GET":
                return self.list_record_sets(zone, call.query.get("name", ""), call.query.get("type", ""))
            if call.method == "POST":
                return self.change_record_sets(zone, call.text)
        if call.method == "GET" and len(path) == 2 and path[0] == "change":
            return self.get_change(path[1])
        return error_reply(404, "UnknownOperationException", "no such operation: %s %s" % (call.method, call.path))

    def zone_named_by(self, zone_id):
        for zone, known in self.zone_ids.items():
            if known == zone_id:
                return zone
        return None

    def list_hosted_zones(self, dns_name):
        # Zones in order of their reversed labels, from dnsname on (API_ListHostedZonesByName.html).
        def order(zone):
            return list(reversed(zone.rstrip(".").split(".")))
        zones = sorted(self.zone_ids, key=order)
        if dns_name:
            zones = [zone for zone in zones if order(zone) >= order(fqdn(dns_name))]
        inner = "<HostedZones>" + "".join(
            "<HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name><CallerReference>fake</CallerReference>"
            "<Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount>"
            "</HostedZone>" % (self.zone_ids[zone], zone) for zone in zones) + "</HostedZones>"
        inner += "<DNSName>%s</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>" % escape(dns_name)
        return xml_reply(200, "ListHostedZonesByNameResponse", inner)

    def list_record_sets(self, zone, name, record_type):
        inner = "<ResourceRecordSets>"
        values = self.records.get(name) if name else []
        if values and record_type in ("", "TXT"):
            inner += ("<ResourceRecordSet><Name>%s</Name><Type>TXT</Type><TTL>%d</TTL><ResourceRecords>%s"
                      "</ResourceRecords></ResourceRecordSet>") % (
                escape(fqdn(name)), self.ttls.get(fqdn(name), 300),
                "".join("<ResourceRecord><Value>%s</Value></ResourceRecord>" % escape('"%s"' % v) for v in values))
        inner += "</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>"
        return xml_reply(200, "ListResourceRecordSetsResponse", inner)

    def change_record_sets(self, zone, body):
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as e:
            return error_reply(400, "InvalidInput", "could not parse the request: %s" % e)
        ns = {"r": NAMESPACE}
        changes = root.findall("r:ChangeBatch/r:Changes/r:Change", ns)
        if root.tag != "{%s}ChangeResourceRecordSetsRequest" % NAMESPACE or not changes:
            return error_reply(400, "InvalidInput", "expected a ChangeResourceRecordSetsRequest with changes")
        problems = []
        planned = []
        for change in changes:
            action = change.findtext("r:Action", "", ns)
            name = fqdn(change.findtext("r:ResourceRecordSet/r:Name", "", ns))
            record_type = change.findtext("r:ResourceRecordSet/r:Type", "", ns)
            ttl = int(change.findtext("r:ResourceRecordSet/r:TTL", "-1", ns))
            quoted = [v.text or "" for v in change.findall("r:ResourceRecordSet/r:ResourceRecords/r:ResourceRecord/r:Value", ns)]
            if record_type != "TXT" or not (name == zone or name.endswith("." + zone)):
                problems.append("RRSet with DNS name %s is not permitted in zone %s" % (name, zone))
                continue
            if not all(len(v) >= 2 and v[0] == '"' and v[-1] == '"' for v in quoted) or not quoted:
                problems.append("Invalid Resource Record: FATAL problem: InvalidCharacterString "
                                "(Value should be enclosed in quotation marks) encountered with '%s'" % " ".join(quoted))
                continue
            values = [v[1:-1] for v in quoted]
            current = self.records.get(name)
            if action == "DELETE" and (sorted(values) != sorted(current) or ttl != self.ttls.get(name, 300)):
                problems.append("Tried to delete resource record set [name='%s', type='TXT'] but the values "
                                "provided do not match the current values" % name)
            elif action == "CREATE" and current:
                problems.append("Tried to create resource record set [name='%s', type='TXT'] but it already "
                                "exists" % name)
            elif action not in ("CREATE", "UPSERT", "DELETE"):
                problems.append("unknown action %s" % action)
            else:
                planned.append((action, name, ttl, values))
        if problems:
            # API_ChangeResourceRecordSets.html: InvalidChangeBatch lists every problem of the batch.
            return Reply(400, '<?xml version="1.0"?>\n<InvalidChangeBatch xmlns="%s"><Messages>%s</Messages>'
                         '</InvalidChangeBatch>' % (NAMESPACE, "".join("<Message>%s</Message>" % escape(p)
                                                                        for p in problems)),
                         content_type="text/xml")
        for action, name, ttl, values in planned:
            self.records.replace(name, [] if action == "DELETE" else values, ttl=max(ttl, 1))
            if action == "DELETE":
                self.ttls.pop(name, None)
            else:
                self.ttls[name] = ttl
        with self.change_lock:
            change_id = "C%08d" % (len(self.changes) + 1)
            self.changes[change_id] = 0
        return xml_reply(200, "ChangeResourceRecordSetsResponse", self.change_info(change_id, "PENDING"))

    def get_change(self, change_id):
        with self.change_lock:
            if change_id not in self.changes:
                return error_reply(404, "NoSuchChange", "A change with the specified change ID does not exist.")
            self.changes[change_id] += 1
            status = "PENDING" if self.changes[change_id] == 1 else "INSYNC"
        return xml_reply(200, "GetChangeResponse", self.change_info(change_id, status))

    @staticmethod
    def change_info(change_id, status):
        return ("<ChangeInfo><Id>/change/%s</Id><Status>%s</Status><SubmittedAt>%s</SubmittedAt>"
                "<Comment>fake</Comment></ChangeInfo>") % (
            change_id, status, datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
