"""netcup CCP DNS API (JSON), after its published documentation
https://ccp.netcup.net/run/webservice/servers/endpoint.php (every call a POST to endpoint.php?JSON of
{"action", "param"}; login {customernumber, apikey, apipassword} -> responsedata.apisessionid;
infoDnsRecords and updateDnsRecords {domainname, customernumber, apikey, apisessionid, dnsrecordset:
{dnsrecords: [{id?, hostname, type, destination, deleterecord?}]}}, records without an id created; logout;
answers {"status": "success"|"error", "statuscode", "shortmessage", "longmessage", "responsedata"}, HTTP 200).

--set netcup.customer=N --set netcup.key=K --set netcup.password=P are the only credentials it accepts.
"""
import itertools
import secrets

from .common import FakeApi, Reply


class Api(FakeApi):
    DOCUMENTATION = "https://ccp.netcup.net/run/webservice/servers/endpoint.php"

    def __init__(self, name, options, zones):
        super().__init__(name, options, zones)
        self.customer = self.option("customer")
        self.key = self.option("key")
        self.password = self.option("password")
        self.sessions = set()
        self.ids = itertools.count(100)
        self.by_id = {}  # record id -> (zone, hostname, destination)

    def authenticate(self, call):
        param = (call.json_object() or {}).get("param") or {}
        if (call.json_object() or {}).get("action") == "login":
            if "apipassword" not in param:
                return "missing"
            ok = (param.get("customernumber"), param.get("apikey"), param.get("apipassword")) == \
                (self.customer, self.key, self.password)
            return "ok" if ok else "rejected"
        if "apisessionid" not in param:
            return "missing"
        ok = param.get("apisessionid") in self.sessions and param.get("apikey") == self.key
        return "ok" if ok else "rejected"

    def logged_body(self, call):
        body = call.json_object()
        if body is None:
            return call.text
        param = {k: ("[redacted]" if k in ("apikey", "apipassword", "apisessionid") else v)
                 for k, v in (body.get("param") or {}).items()}
        return dict(body, param=param)

    @staticmethod
    def answer(action, status="success", code=2000, short="", long="", data=None):
        return Reply(200, {"serverrequestid": "srv-1", "clientrequestid": "", "action": action, "status": status,
                           "statuscode": code, "shortmessage": short, "longmessage": long, "responsedata": data or ""})

    def handle(self, call, verdict):
        if call.method != "POST" or call.path != "/run/webservice/servers/endpoint.php" or call.raw_query != "JSON":
            return Reply(404, "not found")
        body = call.json_object() or {}
        action, param = body.get("action"), body.get("param") or {}
        if verdict != "ok":
            if action == "login":
                return self.answer(action, "error", 4013, "Validation Error.", "The API password is wrong.")
            return self.answer(action, "error", 4001, "The session id is not in a valid format.",
                               "The session id is not valid.")
        if action == "login":
            session = secrets.token_hex(16)
            self.sessions.add(session)
            return self.answer(action, data={"apisessionid": session})
        if action == "logout":
            self.sessions.discard(param.get("apisessionid"))
            return self.answer(action, short="Logout successful")
        zone = param.get("domainname")
        if zone not in self.zones:
            return self.answer(action, "error", 5029, "Can not get DNS records for zone.", "Domain not found.")
        if action == "infoDnsRecords":
            with self.lock:
                records = [{"id": str(i), "hostname": h, "type": "TXT", "priority": "0", "destination": d,
                            "deleterecord": False, "state": "yes"} for i, (z, h, d) in self.by_id.items() if z == zone]
            return self.answer(action, data={"dnsrecords": records})
        if action == "updateDnsRecords":
            for record in (param.get("dnsrecordset") or {}).get("dnsrecords", []):
                hostname, destination = record.get("hostname"), record.get("destination")
                fqdn = zone if hostname == "@" else "%s.%s" % (hostname, zone)
                if record.get("deleterecord"):
                    with self.lock:
                        found = self.by_id.pop(int(record.get("id") or -1), None)
                    if found is None:
                        return self.answer(action, "error", 5028, "Record not found.", "No record with that id.")
                    self.records.remove(fqdn, destination)
                elif record.get("type") == "TXT" and destination:
                    self.records.add(fqdn, destination, 300)
                    with self.lock:
                        self.by_id[next(self.ids)] = (zone, hostname, destination)
                else:
                    return self.answer(action, "error", 4013, "Validation Error.", "The record is not valid.")
            return self.answer(action, short="DNS records successful updated")
        return self.answer(action, "error", 4002, "Unknown action.", "The action is not known.")
