#!/usr/bin/env bash
# Installs what acmecli needs to build and to run its tests on Debian (bookworm or later).
# Does nothing when everything is already installed, so CI reruns stay fast. Needs root for the
# install itself and uses sudo when it is not run as root.
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config
  libssl-dev libcurl4-openssl-dev rapidjson-dev libcli11-dev libspdlog-dev libfmt-dev
  libldns-dev libidn2-dev catch2
  # issue 20: expat reads the XML answers of DNS provider APIs (Route 53, ...); src/util/xml_reader.cpp
  libexpat1-dev
  # dns-01 suites: a recursive resolver in front of Knot (CNAME delegation across zones, resolved as a
  # CA resolves it); their fake DNS provider APIs use the python3 listed below
  unbound
  # end-to-end tests: a local ACME CA with fake DNS, a DNS server for dns-01, and the checking tools
  pebble knot knot-dnsutils openssl curl
  # issue 15: the real lego on the same storage directory (tests/e2e/test_lego_roundtrip.sh)
  lego
  # issue 16: a second CA implementation, step-ca's ACME server inside Caddy (tests/e2e/test_step_ca.sh)
  caddy
  # issue 7: clang with libFuzzer for fuzz/, python3 for tests/fakes/misbehaving_ca.py and store checks
  clang libclang-rt-dev python3
  # completions, man page and package: the shells that load the completions, groff/man to render the
  # page, dpkg-dev for cpack's dependency scan, jq to read --json output
  zsh fish groff-base man-db dpkg-dev jq
  # issue 20: PowerDNS Authoritative with its sqlite3 backend, the real server behind the pdns DNS
  # provider's e2e suite (its HTTP API on loopback; tests/e2e/pdns_lib.sh builds the database from the
  # schema the backend package ships)
  pdns-server pdns-backend-sqlite3
  # issue 20: BIND 9 as a second real RFC 2136 server beside Knot, TSIG-signed (tests/e2e/bind_lib.sh)
  bind9
  # issue 21: etcd for the fleet storage and its fenced locks (tests/e2e/etcd_lib.sh); etcdctl to ask it
  # which member leads
  etcd-server etcd-client
  # local fakes for what Pebble 2.4 lacks (ACME profiles, dns-persist-01): tests/fakes/*.py
  python3
)

# One dpkg-query for all packages; those it does not list as installed are missing.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null |
  awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' || true)
missing=()
for package in "${PACKAGES[@]}"; do
  grep -qxF "$package" <<<"$installed" || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    exec sudo --preserve-env=DEBIAN_FRONTEND bash "$0" "$@"
  fi
  echo "install-deps: missing ${missing[*]}; run this script as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive

# Packages such as knot ship a service; the tests start their own servers on free ports, so keep
# the installation from starting daemons (only when no policy is in place already).
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# written by acmecli scripts/install-deps.sh for the duration of apt-get install\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

apt-get -qq update
apt-get -qq install -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
echo "install-deps: done"
