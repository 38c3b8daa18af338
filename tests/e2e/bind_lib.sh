# shellcheck shell=bash
# BIND 9 for the dns-01 suites: a second real RFC 2136 server beside Knot (knot_lib.sh), started on a
# free loopback port in the foreground, serving throwaway zones that TSIG keys may update. It exports the
# same variables start_knot does, so the checks written against Knot (the unit binary's "[knot]" cases,
# knot_nsupdate, knot_txt) run unchanged against BIND:
#   KNOT_ADDR KNOT_PORT                      where BIND listens (so named because those checks read them)
#   TSIG_NAME TSIG_SECRET TSIG_ALGORITHM     a key allowed to update every zone (hmac-sha256)
#   READONLY_TSIG_NAME READONLY_TSIG_SECRET  a key BIND knows but lets update nothing
#   SHA1_TSIG_* SHA512_TSIG_*                hmac-sha1 and hmac-sha512 keys allowed to update
#   BIND_DIR BIND_CONF BIND_LOG
# Each zone has an SOA, "NS ns1.<zone>." and "ns1.<zone>. A 127.0.0.1", as start_knot's. BIND stops when
# the suite exits (lib.sh's clean-up stops every server started with e2e_start_server).
# Source it after lib.sh and knot_lib.sh, and call e2e_setup first.

# Writes named.conf and the zone files for ZONE... into $BIND_DIR.
bind_write_config() {
  local zone
  {
    cat <<CONF
options {
    directory "$BIND_DIR";
    pid-file "$BIND_DIR/named.pid";
    session-keyfile "$BIND_DIR/session.key";
    listen-on port $KNOT_PORT { 127.0.0.1; };
    listen-on-v6 { none; };
    recursion no;
    dnssec-validation no;
    allow-transfer { none; };
    notify no;
};
controls { };
key "$TSIG_NAME" { algorithm $TSIG_ALGORITHM; secret "$TSIG_SECRET"; };
key "$READONLY_TSIG_NAME" { algorithm $TSIG_ALGORITHM; secret "$READONLY_TSIG_SECRET"; };
key "$SHA1_TSIG_NAME" { algorithm hmac-sha1; secret "$SHA1_TSIG_SECRET"; };
key "$SHA512_TSIG_NAME" { algorithm hmac-sha512; secret "$SHA512_TSIG_SECRET"; };
CONF
    for zone in "$@"; do
      printf 'zone "%s" { type primary; file "%s"; allow-update { key "%s"; key "%s"; key "%s"; }; };\n' \
        "$zone" "$BIND_DIR/$zone.zone" "$TSIG_NAME" "$SHA1_TSIG_NAME" "$SHA512_TSIG_NAME"
    done
  } >"$BIND_CONF"
  for zone in "$@"; do
    cat >"$BIND_DIR/$zone.zone" <<ZONE
\$ORIGIN $zone.
\$TTL 60
@    SOA ns1.$zone. hostmaster.$zone. 1 3600 600 86400 60
@    NS  ns1.$zone.
ns1  A   127.0.0.1
ZONE
  done
}

# Starts named for ZONE... and waits until it answers SOA queries for each.
start_bind() {
  [[ -n ${E2E_WORK:-} ]] || e2e_die "start_bind called before e2e_setup"
  (($# > 0)) || e2e_die "start_bind needs at least one zone"
  command -v named >/dev/null || e2e_die "'named' is not installed (Debian package bind9; run scripts/install-deps.sh)"

  BIND_DIR="$E2E_WORK/bind"
  BIND_CONF="$BIND_DIR/named.conf"
  BIND_LOG="$BIND_DIR/named.log"
  KNOT_ADDR=127.0.0.1
  KNOT_PORT=$(free_port)
  TSIG_NAME=acme-key
  TSIG_ALGORITHM=hmac-sha256
  TSIG_SECRET=$(openssl rand -base64 32)
  READONLY_TSIG_NAME=readonly-key
  READONLY_TSIG_SECRET=$(openssl rand -base64 32)
  SHA1_TSIG_NAME=sha1-key
  SHA1_TSIG_SECRET=$(openssl rand -base64 20)
  SHA512_TSIG_NAME=sha512-key
  SHA512_TSIG_SECRET=$(openssl rand -base64 64 | tr -d '\n')
  mkdir -p "$BIND_DIR"
  bind_write_config "$@"

  # -g: foreground, logging to stderr; -n 1: one worker thread, enough for a test and kind to 2 cores.
  e2e_start_server "$BIND_LOG" named -g -n 1 -c "$BIND_CONF"
  if dns_server_answers "$E2E_LAST_PID" "$@"; then
    export BIND_DIR BIND_CONF BIND_LOG
    e2e_log "BIND $(named -v | awk '{print $2}') at $KNOT_ADDR:$KNOT_PORT serving $* (TSIG key $TSIG_NAME)"
    return 0
  fi
  e2e_show "named.conf" "$BIND_CONF"
  e2e_show "named log" "$BIND_LOG"
  e2e_die "BIND did not answer SOA queries for $* within 10 s"
}
