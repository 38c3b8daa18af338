#!/usr/bin/env bash
# Issue 17 finding 4 end to end: a symbolic link planted in a web root (.well-known, or
# .well-known/acme-challenge) must not make acmecli, often root, create directories or write challenge
# files wherever it points. obtain --http.webroot fails naming the link and its target, writes nothing
# outside the web root, leaves the web root as it was, asks the CA to deactivate the authorization,
# and stores nothing.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=webroot-links@example.com
CERTS="$E2E_STORE/certificates"
WEBROOT="$E2E_WORK/webroot"
OUTSIDE="$E2E_WORK/outside"
assert_exit 0 acmecli --email "$EMAIL" --accept-tos register

# planted LINK TARGET NAME: obtain NAME through the web root with LINK (relative to it) pointing at
# TARGET, and check that it was refused and nothing was written.
planted() {
  local link=$1 target=$2 name=$3 store_before webroot_before outside_before
  rm -rf "$WEBROOT" "$OUTSIDE"
  mkdir -p "$WEBROOT/$(dirname "$link")" "$OUTSIDE"
  ln -s "$target" "$WEBROOT/$link"
  store_before=$(store_fingerprint)
  webroot_before=$(find "$WEBROOT" -printf '%y %m %p -> %l\n' | sort)
  # A file or directory made there and removed again by the clean-up still changes the mtime.
  outside_before=$(stat -c %y "$OUTSIDE")
  sleep 0.01
  assert_exit 1 acmecli --email "$EMAIL" -v obtain --http --http.webroot "$WEBROOT" -d "$name"
  assert_contains "$E2E_LAST_STDERR" "refusing to write the http-01 challenge below $WEBROOT/$link -> $target: it is a symbolic link" \
    "$link -> $target: the error names the link and where it points"
  assert_contains "$E2E_LAST_STDERR" "make it a real directory" "$link -> $target: the error says what to do"
  if [[ -z $(find "$OUTSIDE" -mindepth 1) ]]; then
    pass "$link -> $target: nothing was created where the link points"
  else
    find "$OUTSIDE" | sed 's/^/#   /'
    fail "$link -> $target: nothing was created where the link points"
  fi
  assert_equal "$(stat -c %y "$OUTSIDE")" "$outside_before" \
    "$link -> $target: nothing was created there even for a moment (the directory's mtime is unchanged)"
  assert_equal "$(find "$WEBROOT" -printf '%y %m %p -> %l\n' | sort)" "$webroot_before" "$link -> $target: the web root is as it was"
  assert_contains "$E2E_LAST_STDERR" '"payload":."status":"deactivated"' "$link -> $target: the pending authorization was deactivated"
  assert_no_file "$CERTS/$name.crt" "$link -> $target: no certificate was stored"
  assert_equal "$(store_fingerprint)" "$store_before" "$link -> $target: the store is exactly as before"
}

planted .well-known "$OUTSIDE" well-known.example.test
planted .well-known/acme-challenge "$OUTSIDE" acme-challenge.example.test
# A relative link that climbs out of the web root is the same thing.
planted .well-known ../outside relative.example.test
