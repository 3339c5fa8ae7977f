#!/usr/bin/env bash
# veraPDF, the reference PDF/A validator, over the PDFs hocba renders: the demo's signed transcript,
# a signed year record, the demo's signed national XML, unsigned year records and an unsigned
# transcript from the vectors. Each must
# claim PDF/A-3u in its XMP and pass every veraPDF rule (ADR 0040). A tampered copy (the embedded
# record's AFRelationship removed with qpdf) must fail, so the check is known to be able to fail.
#
# Idempotent; installs the JDK and Maven if missing; Maven fetches veraPDF from Maven Central into
# /var/tmp/hocba-m2 (shared with the Kotlin tests).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
M2="${HOCBA_M2_REPO:-/var/tmp/hocba-m2}"
"$ROOT/scripts/install-java.sh"
"$ROOT/scripts/install-pdf-tools.sh"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$ROOT"
cargo build --quiet -p hocba-cli --features demo  # `hocba demo` (test PKI, ADR 0095)
hocba="${CARGO_TARGET_DIR:-$ROOT/target}/debug/hocba"
vectors="$ROOT/tests/vectors/canonical"

"$hocba" demo --out "$tmp/demo" >/dev/null
pdfs=("$tmp/demo/transcript.pdf")
# The demo's học bạ of five years rendered from its signed national XML.
pdfs+=("$tmp/demo/national-transcript.pdf")
"$hocba" render "$tmp/demo/year-2024-2025-grade-5.cose" --trust "$tmp/demo/trust/roots.pem" \
  -o "$tmp/year-signed.pdf" >/dev/null
pdfs+=("$tmp/year-signed.pdf")
# A signed national XML (XML-DSig) rendered with the XML embedded (issue 13 item 7).
"$hocba" render "$(ls "$tmp"/demo/national-*-grade5.signed.xml)" --trust "$tmp/demo/trust/roots.pem" \
  --at 2026-09-01T00:00:00Z -o "$tmp/xml-signed.pdf" >/dev/null
pdfs+=("$tmp/xml-signed.pdf")
for v in year_record_realistic year_record_minimal year_record_full transcript_two_schools; do
  "$hocba" render "$vectors/$v.json" -o "$tmp/$v.pdf" >/dev/null
  pdfs+=("$tmp/$v.pdf")
done

mvn_check() {
  (cd "$ROOT/tests/pdfa" && mvn -B -q --no-transfer-progress -Dmaven.repo.local="$M2" \
    -Dstyle.color=never compile exec:java -Dexec.args="$*")
}

echo "veraPDF over ${#pdfs[@]} rendered PDFs"
mvn_check "${pdfs[@]}"

# The negative control: the same signed year PDF with the file specification's AFRelationship
# renamed (PDF/A-3 rule 6.8-3). qpdf rewrites it uncompressed so the key can be edited, then
# fix-qdf repairs the cross-reference table.
qpdf --qdf --object-streams=disable "$tmp/year-signed.pdf" "$tmp/qdf.pdf"
sed 's#/AFRelationship#/XFRelationshi#' "$tmp/qdf.pdf" >"$tmp/tampered-qdf.pdf"
fix-qdf "$tmp/tampered-qdf.pdf" >"$tmp/tampered.pdf"
if out=$(mvn_check "$tmp/tampered.pdf" 2>&1); then
  echo "veraPDF accepted a PDF without AFRelationship: the check cannot fail" >&2
  exit 1
fi
if ! grep -q "6.8-3" <<<"$out"; then
  echo "veraPDF refused the tampered PDF, but not for rule 6.8-3:" >&2
  echo "$out" >&2
  exit 1
fi
echo "negative control: the tampered copy fails rule 6.8-3, as it must"
