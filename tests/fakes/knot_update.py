"""Adds and removes TXT values in the e2e suite's Knot with knsupdate (TSIG-signed RFC 2136 updates), so
the fake DNS APIs in this folder can do what a provider's real servers do: make the record visible in DNS,
where Pebble (pointed at Knot) validates it.

Reads Knot's address and key from the variables tests/e2e/knot_lib.sh exports: KNOT_ADDR, KNOT_PORT,
TSIG_ALGORITHM, TSIG_NAME, TSIG_SECRET.
"""
import os
import subprocess


def zone_of(fqdn, zones):
    """The longest zone in zones that fqdn is in or at; None when there is none."""
    name = fqdn.rstrip(".").lower()
    best = None
    for zone in zones:
        zone = zone.rstrip(".").lower()
        if (name == zone or name.endswith("." + zone)) and (best is None or len(zone) > len(best)):
            best = zone
    return best


def update_txt(action, fqdn, value, zones, ttl=60):
    """action "add" or "delete" one TXT value at fqdn; raises RuntimeError with knsupdate's output."""
    zone = zone_of(fqdn, zones)
    if zone is None:
        raise RuntimeError("no zone for %s among %s" % (fqdn, ", ".join(zones)))
    owner = fqdn.rstrip(".") + "."
    record = '%s %d TXT "%s"' % (owner, ttl, value) if action == "add" else '%s TXT "%s"' % (owner, value)
    script = "server %s %s\nzone %s.\nupdate %s %s\nsend\n" % (
        os.environ["KNOT_ADDR"], os.environ["KNOT_PORT"], zone, action, record)
    key = "%s:%s:%s" % (os.environ["TSIG_ALGORITHM"], os.environ["TSIG_NAME"], os.environ["TSIG_SECRET"])
    done = subprocess.run(["knsupdate", "-y", key], input=script, capture_output=True, text=True, timeout=20)
    if done.returncode != 0:
        raise RuntimeError("knsupdate failed: %s %s" % (done.stdout.strip(), done.stderr.strip()))
