#!/usr/bin/env bash
# Installs what the benchmark compares against and measures with: lego, certbot and uacme (the peers, as
# Debian ships them), GNU time (peak memory) and hyperfine (start-up time). Not needed by the tests,
# so scripts/install-deps.sh leaves them out.
set -euo pipefail

PACKAGES=(lego certbot uacme time hyperfine)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null && exec sudo bash "$0" "$@"
  echo "install-peers: missing ${missing[*]}; run this script as root" >&2
  exit 1
fi
echo "install-peers: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -qq update
apt-get -qq install -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}" >/dev/null
