//! The deterministic test PKI of hocba (`tests/vectors/pki/`, the demo), behind the cargo
//! feature `test-pki`.
//!
//! Two root trees shaped like Việt Nam's — a "public" root (like the national public root run by
//! NEAC, under which commercial CAs certify private schools and their staff) and a "government"
//! root (like the Ban Cơ yếu Chính phủ / VGCA tree, which certifies public schools and civil
//! servants) — with intermediates, personal leaves (GVCN, principal, vice-principal), organisation
//! leaves (the school seal, con dấu) for Ed25519, RSA-2048, ECDSA P-256 and P-384 keys, the bad
//! certificates the trust tests need, and a CRL.
//!
//! Everything is deterministic: every key is drawn from a ChaCha20 stream seeded by
//! SHA-256("hocba-test-pki/v1/" ‖ key name), serial numbers are hashes of the certificate name,
//! dates are fixed, Ed25519, RSA PKCS#1 v1.5 and ECDSA (RFC 6979) signatures are deterministic and
//! the one RSA-PSS salt comes from a seeded stream too. Certificates and CRLs are written with a
//! small DER writer below (not through a certificate library), so every byte is chosen here —
//! including the deliberately broken ones. Regenerating gives identical bytes; the drift check
//! (`scripts/check-vectors.sh`) compares them.
//!
//! The private keys are published test keys: **never trust these roots outside tests.**
//!
//! [`OpensslTsa`]: the test PKI's TSA served by `openssl ts -reply`, for the time-stamp tests
//! of hocba-core and hocba-ffi.
#![allow(clippy::expect_used)] // generator: a failure to encode a fixed, known-good input is a bug

mod openssl_tsa;

use std::fmt::Write as _;

use chacha20::ChaCha20Rng;
use chacha20::rand_core::SeedableRng;
use sha2::{Digest, Sha256};

pub use openssl_tsa::OpensslTsa;

/// Signing time the catalogue's expectations are stated for (2026-06-01T00:00:00Z).
pub const REFERENCE_SIGNING_TIME: i64 = 1_780_272_000;

// ---------------------------------------------------------------- DER writer

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().expect("numeric arc"))
        .collect();
    let mut body = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        body.extend(tmp);
    };
    push(arcs[0] * 40 + arcs[1]);
    for a in &arcs[2..] {
        push(*a);
    }
    tlv(0x06, &body)
}

/// A positive INTEGER from big-endian magnitude bytes.
fn uint(bytes: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = {
        let t: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        if t.is_empty() { vec![0] } else { t }
    };
    let mut body = Vec::new();
    if trimmed[0] & 0x80 != 0 {
        body.push(0);
    }
    body.extend(trimmed);
    tlv(0x02, &body)
}

fn small_int(v: u8) -> Vec<u8> {
    uint(&[v])
}

fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

fn bits(b: &[u8]) -> Vec<u8> {
    let mut body = vec![0];
    body.extend_from_slice(b);
    tlv(0x03, &body)
}

fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

fn utf8(s: &str) -> Vec<u8> {
    tlv(0x0c, s.as_bytes())
}

fn printable(s: &str) -> Vec<u8> {
    tlv(0x13, s.as_bytes())
}

fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// A calendar date at 00:00:00Z as UTCTime (years 1950–2049, RFC 5280 §4.1.2.5) or GeneralizedTime.
fn time(y: u32, m: u32, d: u32) -> Vec<u8> {
    if (1950..2050).contains(&y) {
        tlv(
            0x17,
            format!("{:02}{m:02}{d:02}000000Z", y % 100).as_bytes(),
        )
    } else {
        tlv(0x18, format!("{y:04}{m:02}{d:02}000000Z").as_bytes())
    }
}

// ---------------------------------------------------------------- OIDs

const OID_CN: &str = "2.5.4.3";
const OID_C: &str = "2.5.4.6";
const OID_ST: &str = "2.5.4.8";
const OID_O: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_UID: &str = "0.9.2342.19200300.100.1.1";
const OID_SERIAL_NUMBER: &str = "2.5.4.5";
const OID_SHA256: &str = "2.16.840.1.101.3.4.2.1";

// ---------------------------------------------------------------- keys

/// Key algorithm of a test key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlg {
    /// Ed25519 (RFC 8410).
    Ed25519,
    /// RSA with the given modulus size, e = 65537.
    Rsa(usize),
    /// ECDSA on P-256.
    P256,
    /// ECDSA on P-384.
    P384,
}

impl KeyAlg {
    fn label(self) -> String {
        match self {
            KeyAlg::Ed25519 => "Ed25519".into(),
            KeyAlg::Rsa(bits) => format!("RSA-{bits}"),
            KeyAlg::P256 => "ECDSA P-256".into(),
            KeyAlg::P384 => "ECDSA P-384".into(),
        }
    }
}

enum KeyMaterial {
    Ed25519(ed25519_dalek::SigningKey),
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

struct Key {
    name: &'static str,
    material: KeyMaterial,
}

fn seeded_rng(label: &str) -> ChaCha20Rng {
    let seed: [u8; 32] = Sha256::digest(format!("hocba-test-pki/v1/{label}").as_bytes()).into();
    ChaCha20Rng::from_seed(seed)
}

fn seed_bytes(label: &str) -> [u8; 32] {
    Sha256::digest(format!("hocba-test-pki/v1/{label}").as_bytes()).into()
}

impl Key {
    fn new(name: &'static str, alg: KeyAlg) -> Key {
        let material = match alg {
            KeyAlg::Ed25519 => {
                KeyMaterial::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed_bytes(name)))
            }
            KeyAlg::Rsa(bits) => {
                let mut rng = seeded_rng(name);
                KeyMaterial::Rsa(Box::new(
                    rsa::PrivateKey::new(&mut rng, bits).expect("RSA key generation"),
                ))
            }
            KeyAlg::P256 => KeyMaterial::P256(
                p256::ecdsa::SigningKey::from_slice(&seed_bytes(name)).expect("scalar in range"),
            ),
            KeyAlg::P384 => {
                let mut wide = seed_bytes(name).to_vec();
                wide.extend_from_slice(&seed_bytes(&format!("{name}/2"))[..16]);
                KeyMaterial::P384(
                    p384::ecdsa::SigningKey::from_slice(&wide).expect("scalar in range"),
                )
            }
        };
        Key { name, material }
    }

    fn alg(&self) -> KeyAlg {
        match &self.material {
            KeyMaterial::Ed25519(_) => KeyAlg::Ed25519,
            KeyMaterial::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                KeyAlg::Rsa(k.size() * 8)
            }
            KeyMaterial::P256(_) => KeyAlg::P256,
            KeyMaterial::P384(_) => KeyAlg::P384,
        }
    }

    fn spki_der(&self) -> Vec<u8> {
        use ed25519_dalek::pkcs8::EncodePublicKey as _;
        let doc = match &self.material {
            KeyMaterial::Ed25519(k) => k.verifying_key().to_public_key_der(),
            KeyMaterial::Rsa(k) => {
                rsa::pkcs8::EncodePublicKey::to_public_key_der(&k.to_public_key())
            }
            KeyMaterial::P256(k) => {
                p256::pkcs8::EncodePublicKey::to_public_key_der(k.verifying_key())
            }
            KeyMaterial::P384(k) => {
                p384::pkcs8::EncodePublicKey::to_public_key_der(k.verifying_key())
            }
        };
        doc.expect("SPKI encoding").as_bytes().to_vec()
    }

    fn pkcs8_der(&self) -> Vec<u8> {
        let doc = match &self.material {
            KeyMaterial::Ed25519(k) => ed25519_dalek::pkcs8::EncodePrivateKey::to_pkcs8_der(k),
            KeyMaterial::Rsa(k) => rsa::pkcs8::EncodePrivateKey::to_pkcs8_der(k.as_ref()),
            KeyMaterial::P256(k) => p256::pkcs8::EncodePrivateKey::to_pkcs8_der(k),
            KeyMaterial::P384(k) => p384::pkcs8::EncodePrivateKey::to_pkcs8_der(k),
        };
        doc.expect("PKCS#8 encoding").as_bytes().to_vec()
    }

    /// The subject key identifier: the first 20 bytes of SHA-256 over the subjectPublicKey bits
    /// (RFC 7093 §2 method 1).
    fn key_id(&self) -> Vec<u8> {
        Sha256::digest(self.spki_der())[..20].to_vec()
    }

    /// AlgorithmIdentifier of the signatures this key makes (`pss`: RSASSA-PSS instead of v1.5).
    fn sig_alg(&self, pss: bool) -> Vec<u8> {
        match (&self.material, pss) {
            (KeyMaterial::Ed25519(_), _) => seq(&[oid("1.3.101.112")]),
            (KeyMaterial::Rsa(_), false) => seq(&[oid("1.2.840.113549.1.1.11"), null()]),
            (KeyMaterial::Rsa(_), true) => {
                let sha256 = seq(&[oid(OID_SHA256), null()]);
                seq(&[
                    oid("1.2.840.113549.1.1.10"),
                    seq(&[
                        explicit(0, &sha256),
                        explicit(1, &seq(&[oid("1.2.840.113549.1.1.8"), sha256.clone()])),
                        explicit(2, &small_int(32)),
                    ]),
                ])
            }
            (KeyMaterial::P256(_), _) => seq(&[oid("1.2.840.10045.4.3.2")]),
            (KeyMaterial::P384(_), _) => seq(&[oid("1.2.840.10045.4.3.3")]),
        }
    }

    fn sign(&self, msg: &[u8], pss: bool) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        match &self.material {
            KeyMaterial::Ed25519(k) => k.sign(msg).to_bytes().to_vec(),
            KeyMaterial::Rsa(k) => {
                let digest = Sha256::digest(msg);
                if pss {
                    let mut rng = seeded_rng(&format!("{}/pss/{}", self.name, hex::encode(digest)));
                    k.sign_with_rng(&mut rng, rsa::Pss::<Sha256>::new(), &digest)
                } else {
                    k.sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &digest)
                }
                .expect("RSA signature")
            }
            KeyMaterial::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(msg);
                sig.to_der().as_bytes().to_vec()
            }
            KeyMaterial::P384(k) => {
                let sig: p384::ecdsa::Signature = k.sign(msg);
                sig.to_der().as_bytes().to_vec()
            }
        }
    }
}

// ---------------------------------------------------------------- certificates

/// What a certificate is, for the README table and `index.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A trust anchor (self-signed).
    Root,
    /// An intermediate CA.
    Intermediate,
    /// A person's certificate (GVCN, principal, vice-principal).
    Person,
    /// An organisation's certificate (the school seal).
    Organisation,
    /// A time-stamping authority's certificate (RFC 3161 §2.3: sole, critical
    /// id-kp-timeStamping).
    TimeStamping,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Root => "root",
            Kind::Intermediate => "intermediate",
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::TimeStamping => "tsa",
        }
    }
}

const KU_DIGITAL_SIGNATURE: u8 = 0x80;
const KU_NON_REPUDIATION: u8 = 0x40;
const KU_KEY_ENCIPHERMENT: u8 = 0x20;
const KU_DATA_ENCIPHERMENT: u8 = 0x10;
const KU_KEY_CERT_SIGN: u8 = 0x04;
const KU_CRL_SIGN: u8 = 0x02;

struct Spec {
    name: &'static str,
    key: &'static str,
    /// The issuing certificate's name; `None` = self-signed.
    issuer: Option<&'static str>,
    /// Sign with this key instead of the issuer's (the "wrong issuer" case).
    forged_by: Option<&'static str>,
    kind: Kind,
    subject: Vec<(&'static str, String)>,
    validity: ((u32, u32, u32), (u32, u32, u32)),
    /// `Some(path_len)` = CA:true; `None` = CA:false.
    ca: Option<Option<u8>>,
    key_usage: u8,
    pss: bool,
    /// Role the certificate is meant for (wire code) and the outcome at
    /// [`REFERENCE_SIGNING_TIME`] in that role with `roots.pem` and the CRLs.
    role: Option<&'static str>,
    expect: &'static str,
    note: &'static str,
}

struct Built {
    der: Vec<u8>,
    subject: Vec<u8>,
    key_id: Vec<u8>,
    serial: Vec<u8>,
}

fn name_der(attrs: &[(&'static str, String)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attrs
        .iter()
        .map(|(o, v)| {
            let value = if *o == OID_C { printable(v) } else { utf8(v) };
            set(&[seq(&[oid(o), value])])
        })
        .collect();
    seq(&rdns)
}

fn ext(id: &str, critical: bool, value: Vec<u8>) -> Vec<u8> {
    if critical {
        seq(&[oid(id), tlv(0x01, &[0xff]), octets(&value)])
    } else {
        seq(&[oid(id), octets(&value)])
    }
}

fn key_usage_bits(ku: u8) -> Vec<u8> {
    let unused = ku.trailing_zeros().min(7) as u8;
    tlv(0x03, &[unused, ku])
}

fn serial_of(name: &str) -> Vec<u8> {
    let h = Sha256::digest(format!("hocba-test-pki/v1/serial/{name}").as_bytes());
    let mut s = h[..16].to_vec();
    s[0] = 0x40 | (s[0] & 0x3f);
    s
}

fn build_cert(spec: &Spec, key: &Key, signer: &Key, issuer: Option<&Built>) -> Built {
    let subject = name_der(&spec.subject);
    let issuer_name = issuer.map_or_else(|| subject.clone(), |i| i.subject.clone());
    let aki = issuer.map_or_else(|| key.key_id(), |_| signer.key_id());
    let serial = serial_of(spec.name);
    let ((y1, m1, d1), (y2, m2, d2)) = spec.validity;
    let mut exts = vec![];
    let bc = match spec.ca {
        Some(Some(len)) => seq(&[tlv(0x01, &[0xff]), small_int(len)]),
        Some(None) => seq(&[tlv(0x01, &[0xff])]),
        None => seq(&[]),
    };
    exts.push(ext("2.5.29.19", true, bc));
    exts.push(ext("2.5.29.15", true, key_usage_bits(spec.key_usage)));
    exts.push(ext("2.5.29.14", false, octets(&key.key_id())));
    exts.push(ext("2.5.29.35", false, seq(&[tlv(0x80, &aki)])));
    if matches!(spec.kind, Kind::Person | Kind::Organisation) {
        // id-kp-clientAuth, id-kp-emailProtection: what Vietnamese signing certificates commonly
        // carry; hocba's policy accepts any EKU (docs/spec/trust.md).
        exts.push(ext(
            "2.5.29.37",
            false,
            seq(&[oid("1.3.6.1.5.5.7.3.2"), oid("1.3.6.1.5.5.7.3.4")]),
        ));
    }
    if spec.kind == Kind::TimeStamping {
        // id-kp-timeStamping, alone and critical (RFC 3161 §2.3).
        exts.push(ext("2.5.29.37", true, seq(&[oid("1.3.6.1.5.5.7.3.8")])));
    }
    let tbs = seq(&[
        explicit(0, &small_int(2)),
        uint(&serial),
        signer.sig_alg(spec.pss),
        issuer_name,
        seq(&[time(y1, m1, d1), time(y2, m2, d2)]),
        subject.clone(),
        key.spki_der(),
        explicit(3, &seq(&exts)),
    ]);
    let sig = signer.sign(&tbs, spec.pss);
    let der = seq(&[tbs, signer.sig_alg(spec.pss), bits(&sig)]);
    Built {
        der,
        subject,
        key_id: key.key_id(),
        serial,
    }
}

/// A revoked entry of a test CRL: certificate name, revocation date, CRLReason code (none:
/// the entry has no reasonCode extension).
struct Revocation {
    cert: &'static str,
    date: (u32, u32, u32),
    reason: Option<u8>,
}

fn build_crl(
    issuer: &Built,
    signer: &Key,
    number: u8,
    revoked: &[(Vec<u8>, &Revocation)],
) -> Vec<u8> {
    let entries: Vec<Vec<u8>> = revoked
        .iter()
        .map(|(serial, r)| {
            let (y, m, d) = r.date;
            let mut entry = vec![uint(serial), time(y, m, d)];
            if let Some(reason) = r.reason {
                entry.push(seq(&[ext("2.5.29.21", false, tlv(0x0a, &[reason]))]));
            }
            seq(&entry)
        })
        .collect();
    let mut fields = vec![
        small_int(1),
        signer.sig_alg(false),
        issuer.subject.clone(),
        time(2026, 1, 1),
        time(2036, 1, 1),
    ];
    if !entries.is_empty() {
        fields.push(seq(&entries));
    }
    fields.push(explicit(
        0,
        &seq(&[
            ext("2.5.29.35", false, seq(&[tlv(0x80, &issuer.key_id)])),
            ext("2.5.29.20", false, small_int(number)),
        ]),
    ));
    let tbs = seq(&fields);
    let sig = signer.sign(&tbs, false);
    seq(&[tbs, signer.sig_alg(false), bits(&sig)])
}

// ---------------------------------------------------------------- the catalogue

const GOV_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";
const GOV_SCHOOL_ID: &str = "MNS:1000001";
const PRIV_SCHOOL: &str = "Trường Tiểu học Tư thục Thử Nghiệm";
const PRIV_SCHOOL_ID: &str = "MST:0100000001";

fn ca_name(cn: &str) -> Vec<(&'static str, String)> {
    vec![
        (OID_C, "VN".into()),
        (OID_O, "Hocba Test PKI (không dùng thật)".into()),
        (OID_CN, cn.into()),
    ]
}

fn person(school: &str, full_name: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        (OID_C, "VN".into()),
        (OID_ST, "Hà Nội".into()),
        (OID_O, school.into()),
        (OID_CN, full_name.into()),
        (OID_UID, format!("CCCD:{id}")),
    ]
}

/// A person whose identifier is in attribute `id_oid` with the value `id` as written.
fn with_id(
    school: &str,
    full_name: &str,
    id_oid: &'static str,
    id: &str,
) -> Vec<(&'static str, String)> {
    vec![
        (OID_C, "VN".into()),
        (OID_ST, "Hà Nội".into()),
        (OID_O, school.into()),
        (OID_CN, full_name.into()),
        (id_oid, id.into()),
    ]
}

fn organisation(school: &str, id: &str) -> Vec<(&'static str, String)> {
    vec![
        (OID_C, "VN".into()),
        (OID_ST, "Hà Nội".into()),
        (OID_O, school.into()),
        (OID_OU, "Con dấu".into()),
        (OID_CN, school.into()),
        (OID_UID, id.into()),
    ]
}

const ROOT_VALIDITY: ((u32, u32, u32), (u32, u32, u32)) = ((2020, 1, 1), (2045, 1, 1));
const CA_VALIDITY: ((u32, u32, u32), (u32, u32, u32)) = ((2020, 1, 1), (2040, 1, 1));
const LEAF_VALIDITY: ((u32, u32, u32), (u32, u32, u32)) = ((2024, 1, 1), (2029, 1, 1));
const CA_KU: u8 = KU_KEY_CERT_SIGN | KU_CRL_SIGN;
const SIGN_KU: u8 = KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION;

fn keys() -> Vec<(&'static str, KeyAlg)> {
    use KeyAlg::*;
    vec![
        ("public-root", P384),
        ("public-ca", P256),
        ("gov-root", Rsa(2048)),
        ("gov-ca", Ed25519),
        ("gov-ca-rsa", Rsa(2048)),
        ("unknown-root", Ed25519),
        ("unknown-ca", Ed25519),
        ("impostor-ca", Ed25519),
        ("notca-intermediate", Ed25519),
        ("gvcn-ed25519", Ed25519),
        ("principal-ed25519", Ed25519),
        ("vice-principal-ed25519", Ed25519),
        ("seal-ed25519", Ed25519),
        ("gvcn-p384", P384),
        ("principal-p384", P384),
        ("seal-p384", P384),
        ("principal-rsa-gov", Rsa(2048)),
        ("seal-rsa-gov", Rsa(2048)),
        ("gvcn-rsa", Rsa(2048)),
        ("principal-rsa", Rsa(2048)),
        ("vice-principal-rsa", Rsa(2048)),
        ("seal-rsa", Rsa(2048)),
        ("gvcn-p256", P256),
        ("principal-p256", P256),
        ("vice-principal-p256", P256),
        ("seal-p256", P256),
        ("bad-expired", Ed25519),
        ("bad-not-yet-valid", Ed25519),
        ("bad-revoked", Ed25519),
        ("revoked-after-signing", Ed25519),
        ("bad-unknown-root", Ed25519),
        ("bad-wrong-issuer", Ed25519),
        ("bad-ca-false", Ed25519),
        ("bad-no-digital-signature", Ed25519),
        ("nonrepudiation-only", Ed25519),
        ("bad-rsa1024", Rsa(1024)),
        ("gvcn-wrong-person", Ed25519),
        ("gvcn-serialnumber", Ed25519),
        ("principal-cmnd", Ed25519),
        ("revoked-no-reason", Ed25519),
        ("gvcn-revoked-p256", P256),
        ("tsa-root", P256),
        ("tsa", P256),
        ("tsa-expired", P256),
    ]
}

#[allow(clippy::too_many_lines)] // one table
fn specs() -> Vec<Spec> {
    let ca = |name, key, issuer, cn: &str, pss| Spec {
        name,
        key,
        issuer,
        forged_by: None,
        kind: if issuer.is_none() {
            Kind::Root
        } else {
            Kind::Intermediate
        },
        subject: ca_name(cn),
        validity: if issuer.is_none() {
            ROOT_VALIDITY
        } else {
            CA_VALIDITY
        },
        ca: Some(if issuer.is_none() { None } else { Some(0) }),
        key_usage: CA_KU,
        pss,
        role: None,
        expect: "",
        note: "",
    };
    let leaf = |name: &'static str, issuer, kind, subject, role, expect, note| Spec {
        name,
        key: name,
        issuer: Some(issuer),
        forged_by: None,
        kind,
        subject,
        validity: LEAF_VALIDITY,
        ca: None,
        key_usage: SIGN_KU,
        pss: false,
        role: Some(role),
        expect,
        note,
    };
    use Kind::{Organisation as Org, Person};
    let gp = |n, id| person(GOV_SCHOOL, n, id);
    let pp = |n, id| person(PRIV_SCHOOL, n, id);
    let mut v = vec![
        ca(
            "public-root",
            "public-root",
            None,
            "Hocba Test Root CA Công cộng (giống NEAC)",
            false,
        ),
        ca(
            "public-ca",
            "public-ca",
            Some("public-root"),
            "Hocba Test CA Công cộng ECDSA",
            false,
        ),
        ca(
            "gov-root",
            "gov-root",
            None,
            "Hocba Test Root CA Chính phủ (giống VGCA)",
            false,
        ),
        ca(
            "gov-ca",
            "gov-ca",
            Some("gov-root"),
            "Hocba Test CA Chính phủ Ed25519",
            true,
        ),
        ca(
            "gov-ca-rsa",
            "gov-ca-rsa",
            Some("gov-root"),
            "Hocba Test CA Chính phủ RSA",
            false,
        ),
        ca(
            "unknown-root",
            "unknown-root",
            None,
            "Hocba Test Root CA Lạ (không tin cậy)",
            false,
        ),
        ca(
            "unknown-ca",
            "unknown-ca",
            Some("unknown-root"),
            "Hocba Test CA Lạ",
            false,
        ),
        leaf(
            "gvcn-ed25519",
            "gov-ca",
            Person,
            gp("Nguyễn Thị Lan", "001190000001"),
            "gvcn",
            "ok",
            "GVCN, public school",
        ),
        leaf(
            "principal-ed25519",
            "gov-ca",
            Person,
            gp("Trần Văn Minh", "001080000002"),
            "hieu_truong",
            "ok",
            "principal, public school",
        ),
        leaf(
            "vice-principal-ed25519",
            "gov-ca",
            Person,
            gp("Lê Thị Hoa", "001185000003"),
            "hieu_truong",
            "ok",
            "vice-principal (KT. HIỆU TRƯỞNG)",
        ),
        leaf(
            "seal-ed25519",
            "gov-ca",
            Org,
            organisation(GOV_SCHOOL, GOV_SCHOOL_ID),
            "con_dau",
            "ok",
            "school seal, public school",
        ),
        leaf(
            "gvcn-p384",
            "gov-ca",
            Person,
            gp("Hoàng Thị Ngọc", "001192000004"),
            "gvcn",
            "ok",
            "GVCN, P-384 key",
        ),
        leaf(
            "principal-p384",
            "gov-ca",
            Person,
            gp("Đặng Văn Tùng", "001078000005"),
            "hieu_truong",
            "ok",
            "principal, P-384 key",
        ),
        leaf(
            "seal-p384",
            "gov-ca",
            Org,
            organisation(GOV_SCHOOL, GOV_SCHOOL_ID),
            "con_dau",
            "ok",
            "school seal, P-384 key",
        ),
        leaf(
            "principal-rsa-gov",
            "gov-ca-rsa",
            Person,
            gp("Bùi Văn Nam", "001075000006"),
            "hieu_truong",
            "ok",
            "principal, RSA under the RSA CA",
        ),
        leaf(
            "seal-rsa-gov",
            "gov-ca-rsa",
            Org,
            organisation(GOV_SCHOOL, GOV_SCHOOL_ID),
            "con_dau",
            "ok",
            "school seal, RSA (as VGCA issues)",
        ),
        leaf(
            "gvcn-rsa",
            "public-ca",
            Person,
            pp("Phạm Thu Hà", "001191000007"),
            "gvcn",
            "ok",
            "GVCN, private school",
        ),
        leaf(
            "principal-rsa",
            "public-ca",
            Person,
            pp("Đỗ Quang Huy", "001079000008"),
            "hieu_truong",
            "ok",
            "principal, private school",
        ),
        leaf(
            "vice-principal-rsa",
            "public-ca",
            Person,
            pp("Vũ Thị Mai", "001186000009"),
            "hieu_truong",
            "ok",
            "vice-principal, private school",
        ),
        leaf(
            "seal-rsa",
            "public-ca",
            Org,
            organisation(PRIV_SCHOOL, PRIV_SCHOOL_ID),
            "con_dau",
            "ok",
            "school seal, private school",
        ),
        leaf(
            "gvcn-p256",
            "public-ca",
            Person,
            pp("Ngô Thị Thu", "001193000010"),
            "gvcn",
            "ok",
            "GVCN, P-256 key",
        ),
        leaf(
            "gvcn-revoked-p256",
            "public-ca",
            Person,
            pp("Hồ Thị Mai", "001195000031"),
            "gvcn",
            "cert_revoked",
            "revoked 2026-03-01 without a reason (P-256: signs the national XML; time-stamp cases, ADR 0160)",
        ),
        leaf(
            "principal-p256",
            "public-ca",
            Person,
            pp("Dương Văn Long", "001077000011"),
            "hieu_truong",
            "ok",
            "principal, P-256 key",
        ),
        leaf(
            "vice-principal-p256",
            "public-ca",
            Person,
            pp("Lý Thị Hương", "001187000012"),
            "hieu_truong",
            "ok",
            "vice-principal, P-256 key",
        ),
        leaf(
            "seal-p256",
            "public-ca",
            Org,
            organisation(PRIV_SCHOOL, PRIV_SCHOOL_ID),
            "con_dau",
            "ok",
            "school seal, P-256 key",
        ),
        leaf(
            "nonrepudiation-only",
            "gov-ca",
            Person,
            gp("Cao Thị Yến", "001194000013"),
            "gvcn",
            "ok",
            "keyUsage nonRepudiation only (accepted)",
        ),
        leaf(
            "revoked-after-signing",
            "gov-ca",
            Person,
            gp("Mai Văn Đức", "001076000014"),
            "gvcn",
            "ok",
            "revoked 2027-03-01 (affiliationChanged): valid for signatures made before",
        ),
        leaf(
            "bad-expired",
            "gov-ca",
            Person,
            gp("Tạ Thị Bích", "001188000015"),
            "gvcn",
            "cert_expired",
            "valid 2020-01-01..2022-01-01",
        ),
        leaf(
            "bad-not-yet-valid",
            "gov-ca",
            Person,
            gp("Lương Văn Phúc", "001074000016"),
            "gvcn",
            "cert_not_yet_valid",
            "valid 2030-01-01..2035-01-01",
        ),
        leaf(
            "bad-revoked",
            "gov-ca",
            Person,
            gp("Kiều Thị Nhung", "001189000017"),
            "gvcn",
            "cert_revoked",
            "revoked 2025-01-15 (keyCompromise) in crl/gov-ca.crl",
        ),
        leaf(
            "bad-unknown-root",
            "unknown-ca",
            Person,
            gp("Quách Văn Sơn", "001073000018"),
            "gvcn",
            "unknown_issuer",
            "chains to unknown-root, not in roots.pem",
        ),
        leaf(
            "bad-wrong-issuer",
            "gov-ca",
            Person,
            gp("Hà Thị Trang", "001195000019"),
            "gvcn",
            "bad_signature",
            "names gov-ca as issuer, signed by impostor-ca",
        ),
        leaf(
            "bad-ca-false",
            "notca-intermediate",
            Person,
            gp("Lưu Văn Tài", "001072000020"),
            "gvcn",
            "intermediate_not_ca",
            "issued by an intermediate with CA:false",
        ),
        leaf(
            "bad-no-digital-signature",
            "gov-ca",
            Person,
            gp("Phan Thị Vân", "001196000021"),
            "gvcn",
            "missing_digital_signature",
            "keyUsage keyEncipherment+dataEncipherment",
        ),
        leaf(
            "bad-rsa1024",
            "public-ca",
            Person,
            pp("Tôn Văn Khoa", "001071000022"),
            "gvcn",
            "weak_rsa_key",
            "RSA-1024 key",
        ),
        leaf(
            "gvcn-wrong-person",
            "gov-ca",
            Person,
            gp("Nguyễn Thị Lan", "001190000099"),
            "gvcn",
            "ok",
            "the name of gvcn-ed25519, another CCCD: signer_id_mismatch for a record naming 001190000001",
        ),
        leaf(
            "gvcn-serialnumber",
            "gov-ca",
            Person,
            with_id(
                GOV_SCHOOL,
                "Trịnh Thị Hoa",
                OID_SERIAL_NUMBER,
                "CCCD:001185000023",
            ),
            "gvcn",
            "ok",
            "the CCCD in serialNumber instead of UID",
        ),
        leaf(
            "principal-cmnd",
            "gov-ca",
            Person,
            with_id(GOV_SCHOOL, "Lâm Văn Hải", OID_UID, "CMND:012345678"),
            "hieu_truong",
            "ok",
            "a 9-digit CMND (not comparable with a CCCD: the name is compared)",
        ),
        leaf(
            "revoked-no-reason",
            "gov-ca",
            Person,
            gp("Đinh Thị Hạnh", "001197000024"),
            "gvcn",
            "cert_revoked",
            "revoked 2026-03-01 without a reason: signatures claiming an earlier time show revoked_later",
        ),
    ];
    // A time-stamping authority (RFC 3161) under its own root, which `roots.pem` does not hold
    // (`tsa-roots.pem` does): a signer root is not a TSA root (ADR 0160).
    v.push(ca(
        "tsa-root",
        "tsa-root",
        None,
        "Hocba Test Root TSA (dấu thời gian)",
        false,
    ));
    for (name, validity, note) in [
        (
            "tsa",
            LEAF_VALIDITY,
            "time-stamping authority: EKU timeStamping, sole and critical",
        ),
        (
            "tsa-expired",
            ((2020, 1, 1), (2022, 1, 1)),
            "time-stamping authority whose certificate expired on 2022-01-01",
        ),
    ] {
        v.push(Spec {
            name,
            key: name,
            issuer: Some("tsa-root"),
            forged_by: None,
            kind: Kind::TimeStamping,
            subject: ca_name(if name == "tsa" {
                "Hocba Test TSA"
            } else {
                "Hocba Test TSA hết hạn"
            }),
            validity,
            ca: None,
            key_usage: KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION,
            pss: false,
            role: None,
            expect: "",
            note,
        });
    }
    // A CA:false "intermediate" under the government root (an ordinary end-entity certificate
    // misused as an issuer).
    v.insert(
        7,
        Spec {
            name: "notca-intermediate",
            key: "notca-intermediate",
            issuer: Some("gov-root"),
            forged_by: None,
            kind: Kind::Intermediate,
            subject: ca_name("Hocba Test CA sai (CA:false)"),
            validity: CA_VALIDITY,
            ca: None,
            key_usage: KU_DIGITAL_SIGNATURE | CA_KU,
            pss: false,
            role: None,
            expect: "",
            note: "basicConstraints CA:false",
        },
    );
    for s in &mut v {
        match s.name {
            "bad-expired" => s.validity = ((2020, 1, 1), (2022, 1, 1)),
            "bad-not-yet-valid" => s.validity = ((2030, 1, 1), (2035, 1, 1)),
            "bad-wrong-issuer" => s.forged_by = Some("impostor-ca"),
            "bad-no-digital-signature" => s.key_usage = KU_KEY_ENCIPHERMENT | KU_DATA_ENCIPHERMENT,
            "nonrepudiation-only" => s.key_usage = KU_NON_REPUDIATION,
            _ => {}
        }
    }
    v
}

fn revocations() -> Vec<(&'static str, Vec<Revocation>)> {
    vec![
        (
            "gov-ca",
            vec![
                Revocation {
                    cert: "bad-revoked",
                    date: (2025, 1, 15),
                    reason: Some(1),
                },
                Revocation {
                    cert: "revoked-after-signing",
                    date: (2027, 3, 1),
                    reason: Some(3),
                },
                Revocation {
                    cert: "revoked-no-reason",
                    date: (2026, 3, 1),
                    reason: None,
                },
            ],
        ),
        ("gov-ca-rsa", vec![]),
        (
            "public-ca",
            vec![Revocation {
                cert: "gvcn-revoked-p256",
                date: (2026, 3, 1),
                reason: None,
            }],
        ),
    ]
}

// ---------------------------------------------------------------- output

/// One generated file: its path relative to `tests/vectors/pki/` and its bytes.
pub type File = (String, Vec<u8>);

fn pem(label: &str, der: &[u8]) -> Vec<u8> {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der)
        .expect("PEM encoding")
        .into_bytes()
}

/// Generate the whole test PKI. Pure and deterministic: the same bytes every run.
pub fn generate() -> Vec<File> {
    let keys: Vec<Key> = keys().into_iter().map(|(n, a)| Key::new(n, a)).collect();
    let key = |n: &str| keys.iter().find(|k| k.name == n).expect("key in catalogue");
    let specs = specs();
    let mut built: Vec<(&Spec, Built)> = Vec::new();
    for spec in &specs {
        let issuer = spec.issuer.map(|i| {
            &built
                .iter()
                .find(|(s, _)| s.name == i)
                .expect("issuer built before subject")
                .1
        });
        let signer_name = spec.forged_by.or(spec.issuer).unwrap_or(spec.key);
        let signer_key = match spec.issuer {
            Some(i) if spec.forged_by.is_none() => {
                specs.iter().find(|s| s.name == i).expect("issuer spec").key
            }
            _ => signer_name,
        };
        let b = build_cert(spec, key(spec.key), key(signer_key), issuer);
        built.push((spec, b));
    }
    let cert = |n: &str| &built.iter().find(|(s, _)| s.name == n).expect("built").1;
    let mut files: Vec<File> = Vec::new();
    for (spec, b) in &built {
        files.push((format!("certs/{}.der", spec.name), b.der.clone()));
        files.push((
            format!("certs/{}.pem", spec.name),
            pem("CERTIFICATE", &b.der),
        ));
    }
    for k in &keys {
        files.push((format!("keys/{}.pk8", k.name), k.pkcs8_der()));
        files.push((
            format!("keys/{}.key.pem", k.name),
            pem("PRIVATE KEY", &k.pkcs8_der()),
        ));
    }
    // Chains as carried in x5chain: the leaf, then the intermediates (never the root).
    for (spec, b) in &built {
        if spec.role.is_none() {
            continue;
        }
        let mut chain = pem("CERTIFICATE", &b.der);
        let mut up = spec.issuer;
        while let Some(i) = up {
            let s = specs.iter().find(|s| s.name == i).expect("issuer spec");
            if s.issuer.is_none() {
                break;
            }
            chain.extend(pem("CERTIFICATE", &cert(i).der));
            up = s.issuer;
        }
        files.push((format!("chains/{}.pem", spec.name), chain));
    }
    let mut roots = pem("CERTIFICATE", &cert("public-root").der);
    roots.extend(pem("CERTIFICATE", &cert("gov-root").der));
    files.push(("roots.pem".into(), roots));
    files.push((
        "tsa-roots.pem".into(),
        pem("CERTIFICATE", &cert("tsa-root").der),
    ));
    for (n, (ca, revs)) in revocations().into_iter().enumerate() {
        let entries: Vec<(Vec<u8>, &Revocation)> = revs
            .iter()
            .map(|r| (cert(r.cert).serial.clone(), r))
            .collect();
        let signer = specs.iter().find(|s| s.name == ca).expect("CRL issuer").key;
        let der = build_crl(cert(ca), key(signer), n as u8 + 1, &entries);
        files.push((format!("crl/{ca}.crl"), der.clone()));
        files.push((format!("crl/{ca}.crl.pem"), pem("X509 CRL", &der)));
    }
    files.push((
        "index.json".into(),
        index_json(&specs, &built, &keys).into_bytes(),
    ));
    files.push(("README.md".into(), readme(&specs, &keys).into_bytes()));
    files.sort();
    files
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn index_json(specs: &[Spec], built: &[(&Spec, Built)], keys: &[Key]) -> String {
    let mut out = String::from(
        "{\n  \"version\": 1,\n  \"reference_signing_time\": \"2026-06-01T00:00:00Z\",\n  \"roots\": \"roots.pem\",\n  \"crls\": [\"crl/gov-ca.crl\", \"crl/gov-ca-rsa.crl\", \"crl/public-ca.crl\"],\n  \"certificates\": [\n",
    );
    let rows: Vec<String> = specs
        .iter()
        .map(|s| {
            let b = &built.iter().find(|(x, _)| x.name == s.name).expect("built").1;
            let alg = keys.iter().find(|k| k.name == s.key).expect("key").alg().label();
            let mut row = format!(
                "    {{\"name\": {}, \"kind\": {}, \"key_alg\": {}, \"issuer\": {}, \"serial\": {}, \"cert\": {}, \"key\": {}",
                json_str(s.name),
                json_str(s.kind.label()),
                json_str(&alg),
                s.issuer.map_or("null".into(), json_str),
                json_str(&hex::encode(&b.serial)),
                json_str(&format!("certs/{}.der", s.name)),
                json_str(&format!("keys/{}.pk8", s.key)),
            );
            if let Some(role) = s.role {
                let _ = write!(
                    row,
                    ", \"chain\": {}, \"role\": {}, \"expect\": {}",
                    json_str(&format!("chains/{}.pem", s.name)),
                    json_str(role),
                    json_str(s.expect)
                );
            }
            row.push('}');
            row
        })
        .collect();
    out.push_str(&rows.join(",\n"));
    out.push_str("\n  ]\n}\n");
    out
}

fn readme(specs: &[Spec], keys: &[Key]) -> String {
    let mut out = String::from(
        "# hocba test PKI\n\n\
         Generated by `cargo run -p hocba-tests --bin gen-vectors` from `tests/src/pki.rs` — do not edit.\n\
         Deterministic (seeded keys, fixed dates): regenerating gives identical bytes.\n\
         **Test keys, published on purpose: never trust these roots outside tests.**\n\n\
         Two trees shaped like Việt Nam's: `public-root` (like the NEAC public root; private schools) and\n\
         `gov-root` (like the government VGCA root; public schools). `roots.pem` holds both; `unknown-root`\n\
         is deliberately not in it. `chains/NAME.pem` = leaf + intermediates, as carried in a COSE x5chain.\n\
         CRLs: `crl/gov-ca.crl` (revokes `bad-revoked` on 2025-01-15, keyCompromise,\n\
         `revoked-after-signing` on 2027-03-01, affiliationChanged, and `revoked-no-reason` on\n\
         2026-03-01 without a reason), `crl/gov-ca-rsa.crl` (empty) and\n\
         `crl/public-ca.crl` (revokes `gvcn-revoked-p256` on 2026-03-01 without a reason).\n\
         Time-stamping: `tsa-roots.pem` holds `tsa-root` only (a TSA root, not a signer root); `tsa` is\n\
         its time-stamping authority (EKU timeStamping, sole and critical), `tsa-expired` one expired\n\
         on 2022-01-01 (ADR 0160).\n\
         Keys: `keys/NAME.pk8` (PKCS#8 DER) and `keys/NAME.key.pem`. `index.json` lists all of it.\n\n\
         Expected outcome: validating the leaf's chain in its role at signing time 2026-06-01T00:00:00Z with\n\
         `roots.pem` and all CRLs (error codes: `docs/spec/trust.md`). Any seal certificate used as\n\
         `gvcn`/`hieu_truong` gives `organisation_cert_for_person`; any personal one used as `con_dau` gives\n\
         `personal_cert_for_seal`. Personal certificates carry the holder's CCCD as `UID=CCCD:…`\n\
         (`gvcn-serialnumber` in `serialNumber`, `principal-cmnd` a 9-digit CMND): signing a record, the\n\
         holder must also be the person the record names for the role (`signer_id_mismatch`,\n\
         `signer_name_mismatch`; ADR 0140).\n\n\
         | certificate | kind | key | issuer | role | expect | note |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for s in specs {
        let alg = keys
            .iter()
            .find(|k| k.name == s.key)
            .expect("key")
            .alg()
            .label();
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            s.name,
            s.kind.label(),
            alg,
            s.issuer
                .map_or("(self-signed)".into(), |i| format!("`{i}`")),
            s.role.map_or(String::new(), |r| format!("`{r}`")),
            if s.expect.is_empty() {
                String::new()
            } else {
                format!("`{}`", s.expect)
            },
            s.note,
        );
    }
    out
}

// ---------------------------------------------------------------- time-stamp tokens

/// A DER RFC 3161 `TimeStampToken` (a CMS SignedData over a `TSTInfo`, §2.4.2) as a TSA issues
/// it, signed with the test PKI's TSA certificate `tsa_cert_der` and its key `tsa_key_pkcs8`
/// (ECDSA P-256, RFC 6979: the same bytes every time): `TSTInfo` version 1, policy
/// 1.3.6.1.4.1.99999.1, the SHA-256 `imprint`, `serial`, `gen_time` (GeneralizedTime text,
/// `YYYYMMDDhhmmssZ`), no nonce; signed attributes content-type, message-digest and the ESS
/// signing-certificate-v2 (SHA-256) — or, with `ess_sha1`, the ESS signing-certificate v1
/// (SHA-1 ESSCertID with issuer and serial, as OpenSSL 3.0 writes by default; ADR 0190); the
/// TSA certificate in the SignedData. For the shared vectors' time-stamped cases (ADR 0160): a
/// test TSA's tokens, never a real one's.
pub fn timestamp_token(
    tsa_cert_der: &[u8],
    tsa_key_pkcs8: &[u8],
    imprint: &[u8; 32],
    serial: u16,
    gen_time: &str,
    ess_sha1: bool,
) -> Vec<u8> {
    use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
    use cms::content_info::{CmsVersion, ContentInfo};
    use cms::signed_data::{
        CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo,
        SignerInfos,
    };
    use der::asn1::{OctetString, SetOfVec};
    use der::{Any, Decode, Encode};

    use crate::pades::cms as pcms;
    /// id-ct-TSTInfo (RFC 3161 §2.4.2).
    const ID_CT_TST_INFO: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

    let key = crate::envelope::SigningKey::from_pkcs8_der(tsa_key_pkcs8, None).expect("TSA key");
    let cert = x509_cert::Certificate::from_der(tsa_cert_der).expect("TSA certificate");
    let tst = seq(&[
        small_int(1),
        oid("1.3.6.1.4.1.99999.1"),
        seq(&[seq(&[oid("2.16.840.1.101.3.4.2.1")]), octets(imprint)]),
        uint(&serial.to_be_bytes()),
        tlv(0x18, gen_time.as_bytes()),
    ]);
    let mut attrs = SetOfVec::new();
    for a in [
        pcms::attribute(
            pcms::ID_CONTENT_TYPE,
            &ID_CT_TST_INFO.to_der().expect("OID"),
        ),
        pcms::attribute(pcms::ID_MESSAGE_DIGEST, &octets(&Sha256::digest(&tst))),
        if ess_sha1 {
            use sha1::Digest as _;
            let tbs = cert.tbs_certificate();
            let issuer_serial = seq(&[
                seq(&[tlv(0xa4, &tbs.issuer().to_der().expect("issuer"))]),
                tbs.serial_number().to_der().expect("serial"),
            ]);
            let ess_cert_id = seq(&[octets(&sha1::Sha1::digest(tsa_cert_der)), issuer_serial]);
            pcms::attribute(pcms::ID_SIGNING_CERTIFICATE, &seq(&[seq(&[ess_cert_id])]))
        } else {
            pcms::attribute(
                pcms::ID_SIGNING_CERTIFICATE_V2,
                &pcms::signing_certificate_v2(&cert, tsa_cert_der).expect("ESS"),
            )
        },
    ] {
        attrs.insert(a.expect("attribute")).expect("attribute");
    }
    // ECDSA (RFC 6979) is deterministic: the randomness is never drawn.
    let raw = key
        .sign(
            &attrs.to_der().expect("attributes"),
            &mut crate::envelope::SystemRng,
        )
        .expect("sign");
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: cert.tbs_certificate().issuer().clone(),
            serial_number: cert.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: pcms::sha256_id(),
        signed_attrs: Some(attrs),
        signature_algorithm: pcms::signature_algorithm(key.algorithm()).expect("algorithm"),
        signature: OctetString::new(pcms::cms_signature_value(&key.public_key(), &raw))
            .expect("signature"),
        unsigned_attrs: None,
    };
    let mut digests = SetOfVec::new();
    digests.insert(pcms::sha256_id()).expect("digest algorithm");
    let sd = SignedData {
        version: CmsVersion::V3,
        digest_algorithms: digests,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_CT_TST_INFO,
            econtent: Some(Any::from_der(&octets(&tst)).expect("TSTInfo")),
        },
        certificates: Some(
            CertificateSet::try_from(vec![CertificateChoices::Certificate(cert)])
                .expect("certificates"),
        ),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![info]).expect("signer infos"),
    };
    ContentInfo {
        content_type: pcms::ID_SIGNED_DATA,
        content: Any::encode_from(&sd).expect("SignedData"),
    }
    .to_der()
    .expect("ContentInfo")
}

/// A granted RFC 3161 `TimeStampResp` (status 0) around `token`, as a TSA answers.
pub fn timestamp_response(token: &[u8]) -> Vec<u8> {
    seq(&[seq(&[small_int(0)]), token.to_vec()])
}
