#!/usr/bin/env bash
# XML-DSig interop of the national học bạ số (issue 13, docs/spec/xml-signature.md §7), both ways:
#  1. every hocba-signed sample (RS256, PS256, ES256; three roles each) verifies per signature
#     with `xmlsec1 --verify` (libxmlsec1 1.2, Debian) and with Python `xmlsec` (libxmlsec1 1.3)
#     and `signxml` in a venv; a one-byte change inside DU_LIEU_HOC_BA fails in all of them;
#     the RS256 sample with its text's letters written as character references verifies in
#     hocba and xmlsec1 (ADR 0231);
#  2. a record signed by `xmlsec1 --sign` from templates written from the spec (three roles,
#     exclusive and inclusive C14N, no chained references) verifies with hocba; a one-byte change
#     fails in hocba and in xmlsec1;
#  3. the C14N vectors still equal libxml2's output (regenerated and compared).
# Idempotent; installs xmlsec1/xmllint with apt and its Python packages into HOCBA_XMLDSIG_VENV.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
venv="${HOCBA_XMLDSIG_VENV:-/var/tmp/hocba-venv-xmldsig}"
pki="$root/tests/vectors/pki"

if ! command -v xmlsec1 >/dev/null || ! command -v xmllint >/dev/null; then
    echo "test-xmldsig: installing xmlsec1 and libxml2-utils" >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq xmlsec1 libxml2-utils >/dev/null
fi
if [ ! -f "$venv/.hocba-xmldsig-2" ]; then
    echo "test-xmldsig: creating virtualenv $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "signxml>=5.2,<6" "xmlsec>=1.3.14,<2" "lxml>=5"
    touch "$venv/.hocba-xmldsig-2"
fi
py="$venv/bin/python"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
slots=(GVCN CBQL KY_PHAT_HANH)
fail=0; passed=0
ok()  { passed=$((passed + 1)); echo "  ok: $*"; }
bad() { fail=$((fail + 1)); echo "  FAILED: $*"; }

xmlsec_verify() { # FILE SLOT
    xmlsec1 --verify --trusted-pem "$pki/roots.pem" \
        --id-attr:Id DU_LIEU_HOC_BA --id-attr:Id Signature --id-attr:Id SignatureProperties \
        --node-id "sig-$2" --verification-gmt-time 2026-06-03+00:00:00 "$1" >/dev/null 2>&1
}
hocba_verify() { cargo run --quiet -p hocba-core --example xmldsig_interop -- verify "$@" >/dev/null; }

echo "== hocba signs, others verify"
cargo run --quiet -p hocba-core --example xmldsig_interop -- sign "$tmp/hocba"
pss_in_xmlsec1=0
xmlsec1 --list-transforms 2>/dev/null | grep -q 'rsa-pss-sha256' && pss_in_xmlsec1=1
for f in "$tmp"/hocba/signed-*.xml; do
    name=$(basename "$f")
    hocba_verify "$f" && ok "hocba $name" || bad "hocba $name"
    for s in "${slots[@]}"; do
        if [[ "$name" == *ps256* && $pss_in_xmlsec1 = 0 ]]; then
            echo "  note: xmlsec1 $(xmlsec1 --version | cut -d' ' -f2) has no RSA-PSS (sha256-rsa-MGF1): $name $s checked by Python xmlsec (libxmlsec1 1.3) instead"
            continue
        fi
        xmlsec_verify "$f" "$s" && ok "xmlsec1 $name $s" || bad "xmlsec1 $name $s"
    done
    "$py" scripts/xmldsig_interop.py verify "$f" "${slots[@]}" && ok "python $name" || bad "python $name"
done
t="$tmp/hocba/tampered-rs256.xml"
hocba_verify "$t" && bad "hocba accepted the tampered sample" || ok "hocba refuses tampered-rs256.xml"
for s in "${slots[@]}"; do
    xmlsec_verify "$t" "$s" && bad "xmlsec1 accepted tampered $s" || ok "xmlsec1 refuses tampered $s"
done
"$py" scripts/xmldsig_interop.py verify "$t" "${slots[@]}" --fail && ok "python refuses tampered" || bad "python accepted tampered"

echo "== the same record with its letters written as character references (ADR 0231)"
# As ASCII-mode XML writers send it (`Nguy&#7877;n`): the canonical form, so every signature,
# is unchanged; hocba copies such text and must agree with libxmlsec1.
r="$tmp/hocba/refs-rs256.xml"
python3 - "$tmp/hocba/signed-rs256.xml" "$r" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
n = [0]
def refs(m):
    out = []
    for c in m.group(1):
        if c.isascii() and c != '"':
            out.append(c)
        else:
            n[0] += 1
            out.append(f"&#x{ord(c):X};" if n[0] % 2 else f"&#{ord(c)};")
    return ">" + "".join(out) + "<"
dst = re.sub(r">([^<>]*)<", refs, src)
assert n[0] > 100, n[0]
open(sys.argv[2], "w", encoding="utf-8").write(dst)
PY
hocba_verify "$r" && ok "hocba $(basename "$r")" || bad "hocba $(basename "$r")"
for s in "${slots[@]}"; do
    xmlsec_verify "$r" "$s" && ok "xmlsec1 $(basename "$r") $s" || bad "xmlsec1 $(basename "$r") $s"
done

echo "== xmlsec1 signs templates written from the spec, hocba verifies"
mkdir -p "$tmp/xs"; cp tests/vectors/xmldsig/national-unsigned.xml "$tmp/xs/x0.xml"
i=0
for spec in GVCN:gvcn-rsa:exc CBQL:principal-rsa:inc KY_PHAT_HANH:seal-rsa:exc; do
    IFS=: read -r slot name c14n <<<"$spec"
    "$py" scripts/xmldsig_interop.py template "$tmp/xs/x$i.xml" "$tmp/xs/t$i.xml" "$slot" "$c14n"
    xmlsec1 --sign --privkey-pem "$pki/keys/$name.key.pem,$pki/certs/$name.pem,$pki/certs/public-ca.pem" \
        --id-attr:Id DU_LIEU_HOC_BA --id-attr:Id SignatureProperties --id-attr:Id Signature \
        --node-id "sig-$slot" --output "$tmp/xs/x$((i + 1)).xml" "$tmp/xs/t$i.xml"
    i=$((i + 1))
done
x="$tmp/xs/x3.xml"
hocba_verify "$x" && ok "hocba verifies the xmlsec1-signed record (3 roles)" || bad "hocba refused the xmlsec1-signed record"
sed 's/<CHIEU_CAO>130</<CHIEU_CAO>131</' "$x" > "$tmp/xs/tampered.xml"
cmp -s "$x" "$tmp/xs/tampered.xml" && bad "tampering did not change the file"
hocba_verify "$tmp/xs/tampered.xml" && bad "hocba accepted the tampered xmlsec1 record" || ok "hocba refuses the tampered xmlsec1 record"
xmlsec_verify "$tmp/xs/tampered.xml" CBQL && bad "xmlsec1 accepted its own tampered record" || ok "xmlsec1 refuses its own tampered record"

echo "== the demo's national XML (prepare/attach for GVCN, CBQL, KY_PHAT_HANH): hocba verify, xmlsec1 per signature"
cargo run --quiet -p hocba-cli --features demo -- demo --out "$tmp/demo" >/dev/null
# Every school year of the demo pupil is signed; each verifies in hocba and, signature by
# signature, in xmlsec1.
demo_xml=("$tmp"/demo/national-*.signed.xml)
[ "${#demo_xml[@]}" -eq 5 ] && ok "the demo signs five years of national XML" || bad "the demo signed ${#demo_xml[@]} national XML files"
for dx in "${demo_xml[@]}"; do
    cargo run --quiet -p hocba-cli --features demo -- verify "$dx" --trust "$tmp/demo/trust/roots.pem" \
        --at 2026-09-01T00:00:00Z >/dev/null && ok "hocba verify: $(basename "$dx") is valid" || bad "hocba verify refused $(basename "$dx")"
done
# xmlsec1 --trusted-pem takes one certificate per file: the demo's roots (private and
# government-like trees) one by one.
mkdir -p "$tmp/demo-roots"
csplit -s -z -f "$tmp/demo-roots/r" -b %02d.pem "$tmp/demo/trust/roots.pem" '/-----BEGIN CERTIFICATE-----/' '{*}'
demo_roots=(); for r in "$tmp"/demo-roots/*.pem; do demo_roots+=(--trusted-pem "$r"); done
for dx in "${demo_xml[@]}"; do
    for s in "${slots[@]}"; do
        xmlsec1 --verify "${demo_roots[@]}" \
            --id-attr:Id DU_LIEU_HOC_BA --id-attr:Id Signature --id-attr:Id SignatureProperties \
            --node-id "sig-$s" --verification-gmt-time 2026-09-01+00:00:00 "$dx" >/dev/null 2>&1 \
            && ok "xmlsec1 demo $(basename "$dx" .signed.xml) $s" || bad "xmlsec1 demo $(basename "$dx" .signed.xml) $s"
    done
done

echo "== C14N vectors against libxml2"
cp -r tests/vectors/xmldsig/c14n "$tmp/c14n-before"
"$py" scripts/xmldsig-c14n-vectors.py 12
if diff -r -q "$tmp/c14n-before" tests/vectors/xmldsig/c14n >/dev/null; then ok "c14n vectors unchanged"; else bad "c14n vectors drifted (libxml2 or the generator changed)"; fi
cargo test --quiet -p hocba-core --lib xmldsig:: 2>&1 | tail -1

echo "xmldsig interop: $passed passed, $fail failed"
[ "$fail" = 0 ]
