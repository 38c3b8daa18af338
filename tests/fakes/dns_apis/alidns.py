"""A local stand-in for the part of Alibaba Cloud DNS's RPC API (version 2015-01-09) that the alidns DNS
provider uses, following Alibaba Cloud's documentation: the RPC request signature
(https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism: HMAC-SHA1 of
"METHOD&%2F&" + the percent-encoded sorted parameters, keyed with AccessKeySecret + "&") and the Alidns
API reference (https://www.alibabacloud.com/help/en/alibaba-cloud-dns/latest/api-alidns-2015-01-09-dir-parsing-records:
DescribeDomains, AddDomainRecord, DescribeDomainRecords, DeleteDomainRecord, the {"Code", "Message"} errors).

  --set alidns.access_key=K --set alidns.secret_key=S [--set alidns.security_token=T]
  [--set alidns.foreign=NAME=VALUE]

It recomputes every signature and refuses a wrong one, an unknown key, a reused nonce or a timestamp
more than 15 minutes off.
"""
import base64
import datetime
import hashlib
import hmac
import threading
import urllib.parse

from .common import FakeApi, Reply

UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"


def encode(text):
    return "".join(chr(b) if chr(b) in UNRESERVED else "%%%02X" % b for b in text.encode())


def ali_error(status, code, message):
    return Reply(status, {"RequestId": "fake-request", "HostId": "alidns.aliyuncs.com", "Code": code, "Message": message})


class Api(FakeApi):
    DOCUMENTATION = "https://www.alibabacloud.com/help/en/sdk/product-overview/rpc-mechanism"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.access_key = self.option("access_key")
        self.secret_key = self.option("secret_key")
        self.security_token = options.get("security_token")
        self.entries = {}  # record id -> {"DomainName", "RR", "Type", "Value", "TTL"}
        self.nonces = set()
        self.next_id = 100000
        self.state_lock = threading.Lock()
        if options.get("foreign"):  # a TXT value someone else published, there from the start
            fqdn, _, value = options["foreign"].partition("=")
            zone = self.records.zone_of(fqdn)
            self.entries[self.take_id()] = {"DomainName": zone, "RR": fqdn.rstrip(".")[:-len(zone) - 1],
                                           "Type": "TXT", "Value": value, "TTL": 600}
            self.records.add(fqdn, value, ttl=600)

    def take_id(self):
        self.next_id += 1
        return str(self.next_id)

    def parameters(self, call):
        source = call.text if call.method == "POST" else call.raw_query
        return dict(urllib.parse.parse_qsl(source, keep_blank_values=True))

    def authenticate(self, call):
        params = self.parameters(call)
        signature = params.pop("Signature", None)
        if signature is None or "AccessKeyId" not in params:
            return "missing"
        if params["AccessKeyId"] != self.access_key:
            return "unknown-key"
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            return "bad-signature"
        try:
            when = datetime.datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            return "bad-timestamp"
        if abs((datetime.datetime.utcnow() - when).total_seconds()) > 15 * 60:
            return "bad-timestamp"
        canonical = "&".join("%s=%s" % (encode(k), encode(v)) for k, v in sorted(params.items()))
        string_to_sign = "%s&%s&%s" % (call.method, encode("/"), encode(canonical))
        expected = base64.b64encode(hmac.new((self.secret_key + "&").encode(), string_to_sign.encode(),
                                             hashlib.sha1).digest()).decode()
        if not hmac.compare_digest(expected, signature):
            return "bad-signature"
        if self.security_token is not None and params.get("SecurityToken") != self.security_token:
            return "bad-token"
        with self.state_lock:
            if params.get("SignatureNonce") in self.nonces:
                return "nonce-used"
            self.nonces.add(params.get("SignatureNonce"))
        return "ok"

    def handle(self, call, verdict):
        refusals = {
            "missing": (400, "MissingSignature", "Signature is mandatory for this action."),
            "unknown-key": (404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."),
            "bad-signature": (400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."),
            "bad-timestamp": (400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired."),
            "bad-token": (400, "InvalidSecurityToken.Mismatch", "Specified SecurityToken mismatch with the AccessKey."),
            "nonce-used": (400, "SignatureNonceUsed", "Specified signature nonce was used already."),
        }
        if verdict != "ok":
            return ali_error(*refusals.get(verdict, refusals["missing"]))
        params = self.parameters(call)
        action = params.get("Action")
        zones = sorted(z.rstrip(".").lower() for z in self.zones)
        with self.state_lock:
            if action == "DescribeDomains":
                keyword = params.get("KeyWord", "")
                domains = [{"DomainName": z, "PunyCode": z, "DomainId": "d-" + z} for z in zones if keyword in z]
                return Reply(200, {"RequestId": "fake", "TotalCount": len(domains), "Domains": {"Domain": domains}})
            if action == "AddDomainRecord":
                domain = params.get("DomainName", "").lower()
                if domain not in zones:
                    return ali_error(400, "InvalidDomainName.NoExist", "The specified domain name does not exist.")
                if params.get("Type") != "TXT" or not params.get("RR") or "Value" not in params:
                    return ali_error(400, "InvalidParameter", "RR, Type and Value are required.")
                rr = params["RR"]
                if any(e["DomainName"] == domain and e["RR"] == rr and e["Value"] == params["Value"]
                       for e in self.entries.values()):
                    return ali_error(400, "DomainRecordDuplicate", "The DNS record already exists.")
                record_id = self.take_id()
                ttl = int(params.get("TTL", "600"))
                self.entries[record_id] = {"DomainName": domain, "RR": rr, "Type": "TXT", "Value": params["Value"],
                                           "TTL": ttl}
                self.records.add(self.fqdn(domain, rr), params["Value"], ttl=ttl)
                return Reply(200, {"RequestId": "fake", "RecordId": record_id})
            if action == "DescribeDomainRecords":
                domain = params.get("DomainName", "").lower()
                keyword = params.get("RRKeyWord", "")
                wanted_type = params.get("TypeKeyWord")
                found = [dict(entry, RecordId=record_id) for record_id, entry in sorted(self.entries.items())
                         if entry["DomainName"] == domain and keyword in entry["RR"]
                         and wanted_type in (None, entry["Type"])]
                return Reply(200, {"RequestId": "fake", "TotalCount": len(found), "DomainRecords": {"Record": found}})
            if action == "DeleteDomainRecord":
                entry = self.entries.pop(params.get("RecordId", ""), None)
                if entry is None:
                    return ali_error(400, "DomainRecordNotBelongToUser", "The DNS record does not exist.")
                self.records.remove(self.fqdn(entry["DomainName"], entry["RR"]), entry["Value"])
                return Reply(200, {"RequestId": "fake", "RecordId": params["RecordId"]})
        return ali_error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")

    @staticmethod
    def fqdn(domain, rr):
        return domain if rr == "@" else rr + "." + domain
