#!/usr/bin/env bash
# Regenerates the envelope unit-test fixtures (a tiny synthetic PKI) with the openssl command.
# Not deterministic (openssl draws serials and ECDSA nonces); the committed files are what the
# unit tests use. The shared, reproducible test PKI of the vectors lives in tests/vectors/pki/.
set -euo pipefail
cd "$(dirname "$0")"
days() { echo "-not_before 20200101000000Z -not_after 20491231235959Z"; }
openssl genpkey -algorithm ed25519 -out root.key.pem
openssl req -x509 -new -utf8 -key root.key.pem -subj "/C=VN/O=Hocba Test/CN=Hocba Test Root" \
  -days 10000 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -outform DER -out root.der
leaf() { # name keyspec subject
  local name=$1 subj=$3
  case $2 in
    ed25519) openssl genpkey -algorithm ed25519 -out "$name.key.pem" ;;
    rsa2048) openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out "$name.key.pem" ;;
    p256) openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-256 -out "$name.key.pem" ;;
    p384) openssl genpkey -algorithm ec -pkeyopt ec_paramgen_curve:P-384 -out "$name.key.pem" ;;
  esac
  openssl req -new -utf8 -key "$name.key.pem" -subj "$subj" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA root.der -CAkey root.key.pem -days 10000 \
    -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n') \
    -outform DER -out "$name.der"
  rm "$name.csr"
}
leaf teacher ed25519 "/C=VN/O=Trường Tiểu học Kim Đồng/CN=Nguyễn Thị Lan"
leaf principal rsa2048 "/C=VN/O=Trường Tiểu học Kim Đồng/CN=Trần Văn Minh"
leaf seal p256 "/C=VN/O=Trường Tiểu học Kim Đồng/CN=Trường Tiểu học Kim Đồng"
leaf teacher384 p384 "/C=VN/O=Trường Tiểu học Kim Đồng/CN=Lê Thị Hoa"
for k in teacher principal seal teacher384; do openssl pkcs8 -topk8 -nocrypt -in "$k.key.pem" -outform DER -out "$k.key.der"; done
