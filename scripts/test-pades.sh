#!/usr/bin/env bash
# Independent checks of hocba's PAdES signatures (issue 16, ADR 0150): the demo's transcript PDF is
# signed by its school's organisation certificate (RSA, seal-rsa-gov) and then by its principal
# (RSA, principal-rsa-gov, signed externally with openssl) as a second revision — a PDF signature
# counts only from a signer of the embedded records (ADR 0276) — and
#   - poppler's pdfsig reports every signature valid and its certificate trusted (the test root in
#     a temporary NSS database made with certutil, Debian libnss3-tools);
#   - pyHanko validates every signature (intact, valid, trusted, /ETSI.CAdES.detached, coverage);
#   - veraPDF still passes the PDF/A-3u rules;
#   - hocba verify accepts it (the PAdES signatures and the embedded records);
#   - pdfsig also accepts the demo's own sealed PDF (transcript.signed.pdf);
#   - PAdES B-T: a signature time-stamped by a local TSA (openssl ts) stays valid in pdfsig, and
#     pyHanko finds its time-stamp intact, valid and trusted (an unstamped copy fails that check).
# A negative control, the same file with one byte changed inside a signed range (the first
# embedded file's /AFRelationship made /AFRelationshiq, PDF/A-3 rule 6.8-3), must fail in pdfsig, pyHanko, veraPDF and hocba
# verify; and veraPDF must also refuse a signed file whose signature widget lost its Print flag
# (PDF/A-3 rule 6.3.2), so that check is known to be able to fail on what the signature adds.
#
# Installs what it needs itself: poppler-utils and libnss3-tools (apt), pyHanko in a venv under
# /var/tmp/hocba-pades-venv, the JDK/Maven for veraPDF (scripts/install-java.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
M2="${HOCBA_M2_REPO:-/var/tmp/hocba-m2}"
VENV="${HOCBA_PADES_VENV:-/var/tmp/hocba-pades-venv}"
PYHANKO_VERSION="0.38.0"

"$ROOT/scripts/install-java.sh"
"$ROOT/scripts/install-pdf-tools.sh"
if ! command -v certutil >/dev/null || ! command -v pdfsig >/dev/null || ! command -v openssl >/dev/null; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libnss3-tools poppler-utils openssl >/dev/null
fi
if ! "$VENV/bin/python" -c "import pyhanko, pyhanko_certvalidator" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "pyHanko==$PYHANKO_VERSION"
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$ROOT"
cargo build --quiet -p hocba-cli --features demo
hocba="${CARGO_TARGET_DIR:-$ROOT/target}/debug/hocba"
pki="$ROOT/tests/vectors/pki"

"$hocba" demo --out "$tmp/demo" >/dev/null
"$hocba" --lang en sign "$tmp/demo/transcript.pdf" -o "$tmp/seal.pdf" --time 2026-06-01T00:00:00Z \
  --key "$pki/keys/seal-rsa-gov.pk8" --cert "$pki/certs/seal-rsa-gov.der" --cert "$pki/certs/gov-ca-rsa.der"
# The principal signs externally: prepare, sign the signed attributes with openssl, attach.
"$hocba" --lang en sign "$tmp/seal.pdf" -o "$tmp/prepared.pdf" --prepare --alg RS256 \
  --time 2026-06-01T01:00:00Z --cert "$pki/certs/principal-rsa-gov.der" --cert "$pki/certs/gov-ca-rsa.der"
openssl dgst -sha256 -sign "$pki/keys/principal-rsa-gov.key.pem" -out "$tmp/principal.sig" "$tmp/prepared.pdf.bin"
"$hocba" --lang en sign "$tmp/prepared.pdf" -o "$tmp/signed.pdf" --attach --alg RS256 \
  --signature "$tmp/principal.sig" --cert "$pki/certs/principal-rsa-gov.der" --cert "$pki/certs/gov-ca-rsa.der"
signed="$tmp/signed.pdf"
# The seal above signs with PS256 (the RSA key's default), the principal with RS256; the seal with
# RS256 too, and for interoperability only (pdfsig, pyHanko) another school's seal with ES256 —
# which hocba verify must refuse for this học bạ (pades_signer_not_of_record):
"$hocba" --lang en sign "$tmp/demo/transcript.pdf" -o "$tmp/rs256.pdf" --alg RS256 \
  --time 2026-06-01T00:00:00Z --key "$pki/keys/seal-rsa-gov.pk8" --cert "$pki/chains/seal-rsa-gov.pem" >/dev/null
"$hocba" --lang en sign "$tmp/demo/transcript.pdf" -o "$tmp/es256.pdf" --alg ES256 \
  --time 2026-06-01T00:00:00Z --key "$pki/keys/seal-p256.pk8" --cert "$pki/chains/seal-p256.pem" >/dev/null

# The negative control: one byte of the rendered part (inside both signed ranges) changed.
python3 - "$signed" "$tmp/tampered.pdf" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"/AFRelationship")
data[at + 14] = ord("q")  # /AFRelationshiq: same length, every offset unchanged
open(sys.argv[2], "wb").write(bytes(data))
EOF

nss="$tmp/nss"
mkdir "$nss"
certutil -N -d "sql:$nss" --empty-password
certutil -A -d "sql:$nss" -n hocba-test-public-root -t "CT,C,C" -i "$pki/certs/public-root.pem"
certutil -A -d "sql:$nss" -n hocba-test-gov-root -t "CT,C,C" -i "$pki/certs/gov-root.pem"

fail=0
check_pdfsig() { # FILE EXPECTED(valid|invalid) [SIGNATURES, default 2]
  local out n_valid n_sigs
  out=$(pdfsig -nssdir "sql:$nss" "$1" 2>&1 || true)
  n_sigs=$(grep -c "^Signature #" <<<"$out" || true)
  n_valid=$(grep -c "Signature Validation: Signature is Valid." <<<"$out" || true)
  n_trusted=$(grep -c "Certificate Validation: Certificate is Trusted." <<<"$out" || true)
  if [ "$2" = valid ]; then
    local want="${3:-2}"
    if [ "$n_sigs" -eq "$want" ] && [ "$n_valid" -eq "$want" ] && [ "$n_trusted" -eq "$want" ]; then
      echo "pdfsig: $1: $want signature(s), valid and trusted"
    else
      echo "pdfsig did not accept $1:" >&2; echo "$out" >&2; fail=1
    fi
  else
    if [ "$n_sigs" -ge 1 ] && [ "$n_valid" -lt "$n_sigs" ]; then
      echo "pdfsig: the tampered copy has $((n_sigs - n_valid)) invalid signature(s), as it must"
    else
      echo "pdfsig accepted the tampered copy:" >&2; echo "$out" >&2; fail=1
    fi
  fi
}
check_pdfsig "$signed" valid
# The demo's own PDF, sealed by the school (seal-rsa-gov, under the government-like root).
check_pdfsig "$tmp/demo/transcript.signed.pdf" valid 1
check_pdfsig "$tmp/rs256.pdf" valid 1
check_pdfsig "$tmp/es256.pdf" valid 1
check_pdfsig "$tmp/tampered.pdf" invalid

if "$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/gov-root.pem" "$signed" &&
  "$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/gov-root.pem" "$tmp/rs256.pdf" &&
  "$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/public-root.pem" "$tmp/es256.pdf"; then
  echo "pyHanko: every signature valid (PS256, RS256, ES256)"
else
  echo "pyHanko refused the signed PDF" >&2; fail=1
fi
if out=$("$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/gov-root.pem" "$tmp/tampered.pdf" 2>&1); then
  echo "pyHanko accepted the tampered copy:" >&2; echo "$out" >&2; fail=1
elif grep -q "intact=False" <<<"$out" && grep -q "HASH_FAILURE" <<<"$out"; then
  echo "pyHanko: the tampered copy fails (not intact, AdES HASH_FAILURE), as it must"
else
  echo "pyHanko refused the tampered copy, but not for its digest:" >&2; echo "$out" >&2; fail=1
fi

# PAdES B-T: the RS256 copy's signature time-stamped by a local TSA (openssl ts, the test
# PKI's TSA): pdfsig still valid, pyHanko finds the time-stamp intact, valid and trusted under
# the TSA root; hocba judges the chain at the token's time. Negative control: the unstamped copy
# fails pyHanko's B-T check.
"$hocba" --lang en timestamp "$tmp/rs256.pdf" --request "$tmp/bt.tsq" >/dev/null
mkdir "$tmp/tsa" && echo 01 >"$tmp/tsa/serial"
printf '[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = %s\nsigner_cert = %s\nsigner_key = %s\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.2\ndigests = sha256\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n' \
  "$tmp/tsa/serial" "$pki/certs/tsa.pem" "$pki/keys/tsa.key.pem" >"$tmp/tsa/tsa.cnf"
openssl ts -reply -config "$tmp/tsa/tsa.cnf" -queryfile "$tmp/bt.tsq" -out "$tmp/bt.tsr" 2>/dev/null
"$hocba" --lang en timestamp "$tmp/rs256.pdf" --attach "$tmp/bt.tsr" --request "$tmp/bt.tsq" \
  -o "$tmp/bt.pdf" >/dev/null
check_pdfsig "$tmp/bt.pdf" valid 1
if "$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/gov-root.pem" "$tmp/bt.pdf" \
  "$pki/certs/tsa-root.pem"; then
  echo "pyHanko: the B-T signature time-stamp is intact, valid and trusted"
else
  echo "pyHanko refused the B-T signature time-stamp" >&2; fail=1
fi
if "$VENV/bin/python" "$ROOT/scripts/lib/pyhanko_check.py" "$pki/certs/gov-root.pem" "$tmp/rs256.pdf" \
  "$pki/certs/tsa-root.pem" >/dev/null 2>&1; then
  echo "pyHanko's B-T check accepted a signature without a time-stamp" >&2; fail=1
else
  echo "pyHanko: the unstamped copy has no signature time-stamp, as it must"
fi
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
source=$("$hocba" --json verify "$tmp/bt.pdf" --trust "$pki/roots.pem" --tsa-roots "$pki/tsa-roots.pem" \
  --at "$now" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ok"], d["pades"]["signatures"][0]["time_source"])')
if [ "$source" = "True timestamp" ]; then
  echo "hocba verify: the B-T signature is valid, judged at the time-stamp's time"
else
  echo "hocba verify on the B-T copy: $source" >&2; fail=1
fi

at=2026-06-08T00:00:00Z
if "$hocba" --lang en verify "$signed" --trust "$pki/roots.pem" --at "$at"; then
  echo "hocba verify: the PAdES signatures and the embedded records are valid"
else
  echo "hocba verify refused the signed PDF" >&2; fail=1
fi
foreign=$("$hocba" --json verify "$tmp/es256.pdf" --trust "$pki/roots.pem" --at "$at" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["ok"], d["error"])' || true)
if [ "$foreign" = "False pades_signer_not_of_record" ]; then
  echo "hocba verify: another school's seal does not seal the demo's học bạ, as it must"
else
  echo "hocba verify on another school's seal: $foreign" >&2; fail=1
fi
set +e
"$hocba" --lang en verify "$tmp/tampered.pdf" --trust "$pki/roots.pem" --at "$at" >/dev/null 2>&1
code=$?
set -e
if [ "$code" -eq 1 ]; then
  echo "hocba verify: the tampered copy is invalid (exit 1), as it must be"
else
  echo "hocba verify: the tampered copy gave exit $code, not 1" >&2; fail=1
fi

# veraPDF: the signed file passes; a copy whose widget lost the Print flag (/F 132 -> /F 128,
# same length) fails, so the check can fail on what the signature revision adds.
sed 's#/FT/Sig/T(Signature1)/F 132#/FT/Sig/T(Signature1)/F 128#' "$signed" >"$tmp/noprint.pdf"
cmp -s "$signed" "$tmp/noprint.pdf" && { echo "could not make the veraPDF negative control" >&2; exit 1; }
mvn_check() {
  (cd "$ROOT/tests/pdfa" && mvn -B -q --no-transfer-progress -Dmaven.repo.local="$M2" \
    -Dstyle.color=never compile exec:java -Dexec.args="$*")
}
if mvn_check "$signed"; then
  echo "veraPDF: the signed PDF is PDF/A-3u"
else
  echo "veraPDF refused the signed PDF" >&2; fail=1
fi
vera_refuses() { # FILE RULE WHAT
  local out
  if out=$(mvn_check "$1" 2>&1); then
    echo "veraPDF accepted $3" >&2; fail=1
  elif grep -q "$2" <<<"$out"; then
    echo "veraPDF: $3 fails rule $2, as it must"
  else
    echo "veraPDF refused $3, but not for rule $2:" >&2; echo "$out" >&2; fail=1
  fi
}
vera_refuses "$tmp/tampered.pdf" "6.8-3" "the tampered copy (/AFRelationshiq)"
vera_refuses "$tmp/noprint.pdf" "6.3.2" "a signature widget without the Print flag"

if [ "$fail" -ne 0 ]; then
  echo "test-pades: FAILED" >&2
  exit 1
fi
echo "test-pades: all checks passed"
