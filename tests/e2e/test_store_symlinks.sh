#!/usr/bin/env bash
# Issue 17 finding 8 end to end: the storage follows no symbolic link, and a storage other users can
# change is pointed out. A key planted as a link to another file (mode 0644, outside the store) made
# the renewal's archive copy that file, content and mode. Now renew and obtain refuse the link, naming
# it, before an order is placed: the other file is not read into the archive, nothing is issued, the
# old set stays. A storage root writable by group or others draws a warning and is still used; a
# certificates/ directory others can write, or another user owns, is an error (exit 1) and nothing
# changes; a .lock planted as a link creates nothing where it points.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

e2e_setup
# 90-day certificates, so that --days 100 makes a fresh one due.
PEBBLE_CONFIG_EXTRA='"certificateValidityPeriod": 7776000' start_pebble PEBBLE_AUTHZREUSE=0

EMAIL=links@example.com
NAME=links.example.test
CERTS="$E2E_STORE/certificates"
ARCHIVE="$E2E_STORE/archive"
HTTP=(--http --http.port ":$HTTP01_PORT")
serial_of() { openssl x509 -in "$CERTS/$NAME.crt" -noout -serial | cut -d= -f2; }

assert_exit 0 acmecli --email "$EMAIL" --accept-tos register
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d "$NAME"
assert_file "$CERTS/$NAME.key"
serial=$(serial_of)

# --- a key planted as a link to another file ------------------------------------------------------
SECRET="$E2E_WORK/secret"
printf 'not a key: some other file of this machine\n' >"$SECRET"
chmod 0644 "$SECRET"
secret_sum=$(sha256sum <"$SECRET")
mv "$CERTS/$NAME.key" "$E2E_WORK/real.key"
ln -s "$SECRET" "$CERTS/$NAME.key"

# secret_untouched WHAT: the outside file is as it was, and no copy of it is anywhere in the store.
secret_untouched() {
  assert_equal "$(sha256sum <"$SECRET")" "$secret_sum" "$1: the file the link points to is unchanged"
  assert_mode "$SECRET" 644
  if grep -rlF --no-messages "not a key: some other file" "$E2E_STORE" | grep -q .; then
    grep -rlF "not a key: some other file" "$E2E_STORE" | sed 's/^/#   copy: /'
    fail "$1: no copy of the linked file in the store (archive/ included)"
  else
    pass "$1: no copy of the linked file in the store (archive/ included)"
  fi
  if [[ -L $CERTS/$NAME.key && $(readlink "$CERTS/$NAME.key") == "$SECRET" ]]; then
    pass "$1: the link is left for a person to look at"
  else
    fail "$1: the link is left for a person to look at"
  fi
  assert_equal "$(serial_of)" "$serial" "$1: the stored certificate is the old one"
}

before=$(store_fingerprint)
assert_exit 1 acmecli --email "$EMAIL" renew -d "$NAME" --days 100
assert_contains "$E2E_LAST_STDERR" "refusing $CERTS/$NAME\.key: it is a symbolic link \(to $SECRET\)" \
  "renew: the error names the link and where it points"
assert_contains "$E2E_LAST_STDERR" "put the file itself in its place \(or remove the link\) and run again" \
  "renew: the error says what to do"
assert_not_contains "$E2E_LAST_OUTPUT" "written to" "renew: nothing was written"
secret_untouched "renew --days 100"
assert_equal "$(store_fingerprint)" "$before" "renew: the store is exactly as before"
[[ ! -e $ARCHIVE/$NAME ]] && pass "renew: nothing was archived" || fail "renew: nothing was archived"

assert_exit 1 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d "$NAME"
assert_contains "$E2E_LAST_STDERR" "refusing $CERTS/$NAME\.key: it is a symbolic link" \
  "obtain over the same name: refused the same way"
assert_not_contains "$E2E_LAST_STDERR" "validated" "obtain: refused before any order, so nothing was validated"
secret_untouched "obtain"
assert_equal "$(store_fingerprint)" "$before" "obtain: the store is exactly as before"

# With the key put back, the same renewal works and archives the real key, with its own mode.
rm "$CERTS/$NAME.key"
mv "$E2E_WORK/real.key" "$CERTS/$NAME.key"
assert_exit 0 acmecli --email "$EMAIL" renew -d "$NAME" --days 100
archived_key=$(find "$ARCHIVE/$NAME" -name "$NAME.key" | head -n 1)
assert_file "$archived_key" "with the link gone, renew archives the real key"
assert_mode "$archived_key" 600
verify_certificate "$CERTS/$NAME.crt" "$CERTS/$NAME.key" "$NAME"

# --- a storage root others can write: a warning, and the run goes on -----------------------------
chmod g+w "$E2E_STORE"
assert_exit 0 acmecli --email "$EMAIL" renew -d "$NAME"
assert_contains "$E2E_LAST_STDERR" "storage directory $E2E_STORE: it is writable by its group .*chmod go-w $E2E_STORE" \
  "a group-writable storage root is warned about, with the fix"
chmod g-w,o+w "$E2E_STORE"
assert_exit 0 acmecli --email "$EMAIL" renew -d "$NAME"
assert_contains "$E2E_LAST_STDERR" "storage directory $E2E_STORE: it is writable by others" \
  "a world-writable storage root is warned about"
chmod o-w "$E2E_STORE"
assert_exit 0 acmecli --email "$EMAIL" renew -d "$NAME"
assert_not_contains "$E2E_LAST_STDERR" "storage directory" "a storage root only its owner can write draws no warning"

# --- the key directory others can write, or another user owns: an error, nothing changed -------------
before=$(store_fingerprint)
serial=$(serial_of)
chmod o+w "$CERTS"
before_modes=$(store_fingerprint)
assert_exit 1 acmecli --email "$EMAIL" renew -d "$NAME" --days 100
assert_contains "$E2E_LAST_STDERR" "refusing $CERTS: it holds private keys, but it is writable by others .*chmod go-w $CERTS" \
  "a world-writable certificates/ is an error naming it and the fix"
assert_equal "$(store_fingerprint)" "$before_modes" "certificates/ world-writable: nothing changed"
assert_equal "$(serial_of)" "$serial" "certificates/ world-writable: nothing issued"
assert_exit 1 acmecli --email "$EMAIL" obtain "${HTTP[@]}" -d other.example.test
assert_contains "$E2E_LAST_STDERR" "refusing $CERTS: it holds private keys" "obtain of another name is refused too"
assert_no_file "$CERTS/other.example.test.crt" "obtain into a world-writable certificates/ wrote nothing"
chmod o-w "$CERTS"
if [[ $(id -u) -eq 0 ]]; then
  chown nobody "$CERTS"
  assert_exit 1 acmecli --email "$EMAIL" renew -d "$NAME" --days 100
  assert_contains "$E2E_LAST_STDERR" "refusing $CERTS: it holds private keys, but it is owned by uid $(id -u nobody)" \
    "a certificates/ owned by another user is an error"
  chown root "$CERTS"
else
  e2e_log "not root: the other-owner check is left to the unit tests"
fi
assert_equal "$(store_fingerprint)" "$before" "after the refusals the store is as it was"

# --- an account key directory planted as a link --------------------------------------------------
KEYS="$(account_dir "$EMAIL")/keys"
cp -a "$KEYS" "$E2E_WORK/keys-copy"
mv "$KEYS" "$E2E_WORK/keys-real"
ln -s "$E2E_WORK/keys-copy" "$KEYS"
assert_exit 1 acmecli --email "$EMAIL" renew -d "$NAME" --days 100
assert_contains "$E2E_LAST_STDERR" "refusing $KEYS: it is a symbolic link" "a linked account keys/ directory is refused"
rm "$KEYS"
mv "$E2E_WORK/keys-real" "$KEYS"

# --- a .pfx planted as a link: refused as a link, not read as one with another password -----------
assert_exit 0 acmecli --email "$EMAIL" obtain "${HTTP[@]}" --pfx -d pfx.example.test
assert_file "$CERTS/pfx.example.test.pfx"
mv "$CERTS/pfx.example.test.pfx" "$E2E_WORK/real.pfx"
ln -s "$SECRET" "$CERTS/pfx.example.test.pfx"
assert_exit 1 acmecli --email "$EMAIL" renew -d pfx.example.test --days 100
assert_contains "$E2E_LAST_STDERR" "refusing $CERTS/pfx\.example\.test\.pfx: it is a symbolic link \(to $SECRET\)" \
  "renew with a linked .pfx names the link"
assert_not_contains "$E2E_LAST_STDERR" "another password" "the linked file is not read as the .pfx"
rm "$CERTS/pfx.example.test.pfx"
mv "$E2E_WORK/real.pfx" "$CERTS/pfx.example.test.pfx"

# --- a .lock planted as a link -----------------------------------------------------------------------
rm -f "$E2E_STORE/.lock"
ln -s "$E2E_WORK/created-by-the-lock" "$E2E_STORE/.lock"
assert_exit 1 acmecli --email "$EMAIL" renew -d "$NAME"
assert_contains "$E2E_LAST_STDERR" "refusing $E2E_STORE/\.lock: it is a symbolic link" "a linked .lock is refused"
assert_no_file "$E2E_WORK/created-by-the-lock" "nothing is created where a linked .lock points"
rm "$E2E_STORE/.lock"
assert_exit 0 acmecli --email "$EMAIL" renew -d "$NAME"
