# shellcheck shell=bash
# etcd for the fleet suites (issue 21): a cluster of one or more members on free loopback ports, started
# in the foreground by the suite and stopped when it exits (lib.sh's clean-up). Source after lib.sh and
# call e2e_setup first.
#   start_etcd [MEMBERS]   MEMBERS (default 1) members forming one cluster; waits until it has a leader
# Exports ETCD_ENDPOINTS (the client URLs, comma-separated), ETCD_PIDS (one per member, in order) and
# ETCD_DIR; member N's log is $ETCD_DIR/member-N.log.

start_etcd() {
  local members=${1:-1} i cluster="" tries
  [[ -n ${E2E_WORK:-} ]] || e2e_die "start_etcd called before e2e_setup"
  command -v etcd >/dev/null || e2e_die "'etcd' is not installed (Debian package etcd-server; run scripts/install-deps.sh)"
  ETCD_DIR="$E2E_WORK/etcd"
  mkdir -p "$ETCD_DIR"
  local client_ports=() peer_ports=()
  for ((i = 1; i <= members; i++)); do
    client_ports+=("$(free_port)")
    peer_ports+=("$(free_port)")
    cluster+="${cluster:+,}m$i=http://127.0.0.1:${peer_ports[i - 1]}"
  done
  ETCD_ENDPOINTS=""
  ETCD_PIDS=()
  for ((i = 1; i <= members; i++)); do
    # Short heartbeat and election timeouts: a killed member's successor is elected within a second.
    e2e_start_server "$ETCD_DIR/member-$i.log" etcd --name "m$i" --data-dir "$ETCD_DIR/m$i" \
      --listen-client-urls "http://127.0.0.1:${client_ports[i - 1]}" \
      --advertise-client-urls "http://127.0.0.1:${client_ports[i - 1]}" \
      --listen-peer-urls "http://127.0.0.1:${peer_ports[i - 1]}" \
      --initial-advertise-peer-urls "http://127.0.0.1:${peer_ports[i - 1]}" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "e2e-$$" \
      --heartbeat-interval 50 --election-timeout 500 --log-level warn
    ETCD_PIDS+=("$E2E_LAST_PID")
    ETCD_ENDPOINTS+="${ETCD_ENDPOINTS:+,}http://127.0.0.1:${client_ports[i - 1]}"
  done
  for ((tries = 0; tries < 100; tries++)); do
    if ETCDCTL_API=3 etcdctl --endpoints "$ETCD_ENDPOINTS" --dial-timeout 1s endpoint health >/dev/null 2>&1; then
      export ETCD_ENDPOINTS ETCD_DIR
      e2e_log "etcd $(etcd --version | sed -n 's/^etcd Version: //p'): $members member(s) at $ETCD_ENDPOINTS"
      return 0
    fi
    sleep 0.1
  done
  for ((i = 1; i <= members; i++)); do e2e_show "etcd member $i" "$ETCD_DIR/member-$i.log"; done
  e2e_die "etcd did not become healthy within 10 s"
}
