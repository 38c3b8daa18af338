#!/usr/bin/env bash
# The manual dns-01 provider on a real terminal, end to end: acmecli runs on a pseudo-terminal (as a
# person would run it), prints the TXT records to publish and waits; the "person" here is a small Python
# driver that reads exactly what was printed, publishes it into Knot with knsupdate, and presses Enter.
# Pebble's validator asks Knot, so only the record as printed lets the certificate be issued. Then the
# cleanup lists the same records to remove. Without a terminal the provider refuses (test_dns01.sh).
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=knot_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/knot_lib.sh"
# shellcheck source=dns01_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns01_lib.sh"

e2e_setup
start_knot_and_pebble example.test PEBBLE_AUTHZREUSE=0

EMAIL=manual@example.test
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

TRANSCRIPT="$E2E_WORK/manual.transcript"
# The driver: runs the command on a pty, publishes every "NAME TTL IN TXT "VALUE"" line it is shown
# (all values of a name in one update, as the prompt asks), then sends Enter; exits with the command's
# status. A prompt that never comes or a command that hangs fails it within its time bound.
status=0
python3 - "$TRANSCRIPT" "$ACMECLI_BIN" --server "$ACME_SERVER" --ca-bundle "$ACME_CA_BUNDLE" --path "$E2E_STORE" \
  --email "$EMAIL" obtain-san --dns manual --dns.resolvers "$KNOT_ADDR:$KNOT_PORT" \
  -d '*.manual.example.test' -d manual.example.test <<'EOF' || status=$?
import os, pty, re, select, subprocess, sys, time

transcript, command = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(command[0], command)

out = b""
def read_until(pattern, seconds):
    global out
    deadline = time.time() + seconds
    while not re.search(pattern, out):
        if time.time() > deadline:
            return False
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                return False
            if not chunk:
                return False
            out += chunk
    return True

ok = read_until(rb"Press Enter when", 60)
if ok:
    records = re.findall(rb'^(\S+) (\d+) IN TXT "([^"]*)"\r?$', out, re.M)
    by_name = {}
    for name, ttl, value in records:
        by_name.setdefault(name.decode(), []).append((ttl.decode(), value.decode()))
    for name, values in by_name.items():
        script = "server %s %s\nzone example.test.\n" % (os.environ["KNOT_ADDR"], os.environ["KNOT_PORT"])
        script += "".join('update add %s %s TXT "%s"\n' % (name, ttl, value) for ttl, value in values)
        script += "send\n"
        key = "%s:%s:%s" % (os.environ["TSIG_ALGORITHM"], os.environ["TSIG_NAME"], os.environ["TSIG_SECRET"])
        subprocess.run(["knsupdate", "-y", key], input=script.encode(), check=True)
    os.write(fd, b"\r")
    read_until(rb"(?!)", 60)  # read to the end: the pattern never matches, EOF stops it
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
open(transcript, "wb").write(out)
sys.exit(os.waitstatus_to_exitcode(status) if ok else 99)
EOF
assert_equal "$status" 0 "obtain-san --dns manual on a terminal: published as shown, Enter, issued"
assert_contains "$TRANSCRIPT" "Publish these TXT records in DNS" "the prompt says what to publish"
assert_contains "$TRANSCRIPT" '^_acme-challenge\.manual\.example\.test\. [0-9]+ IN TXT "[A-Za-z0-9_-]{43}"' \
  "each record is printed as a zone-file line with its 43-character value"
assert_equal "$(grep -c '^_acme-challenge\.manual\.example\.test\. [0-9]* IN TXT' "$TRANSCRIPT")" 2 \
  "the wildcard and the apex: two values at the one name"
assert_contains "$TRANSCRIPT" "You can now remove these TXT records" "after issuance it says what to remove"
verify_certificate "$CERTS/_.manual.example.test.crt" "$CERTS/_.manual.example.test.key" \
  '*.manual.example.test' manual.example.test
