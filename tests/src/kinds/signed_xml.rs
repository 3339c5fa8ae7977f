//! Kind `signed_xml`: national XML (CV 2088) signed with XML-DSig by GVCN, CBQL and
//! KY_PHAT_HANH (`docs/spec/xml-signature.md`), verified as a year record against the test PKI
//! ([`hocba_core::xmldsig::verify_year_record`], the entry point every binding calls). Expects
//! `{"ok": true}`, `incomplete`, the first failing signer's code, the profile breach's code, or
//! the code of the error that made the bytes unreadable.
//!
//! Two sources of cases:
//! - records signed here, deterministically, with the test PKI (RS256, PS256 with a seeded
//!   salt, ES256), one awaiting the seal, and one with a byte changed in the signed data;
//! - the XML-signature attack corpus, `xmldsig/attacks/` (PRESERVED: written by hocba-core's
//!   `xmldsig::attacks` test from `xmldsig/national-unsigned.xml`, which `generate` writes
//!   with the national writer; expected codes in its `manifest.json`), one case per file with
//!   its expected code as that manifest gives it; the corpus's control, `CONTROL`, is a valid
//!   year record.
//!
//! `signed_xml/unsigned.xml` is the record before any signature (no case of its own: the
//! bindings' signing tests start from it).
//!
//! Time-stamped cases (ADR 0160): `valid_rs256` with an RFC 3161 token on the seal's signature
//! (where XAdES puts a `SignatureTimeStamp`), made by the test PKI's TSA
//! (`hocba_core::testpki::timestamp_token`, deterministic): valid when the TSA root is given, its
//! signer judged at the token's time; a token over other data (`timestamp_imprint_mismatch`);
//! the valid one without the TSA root (`timestamp_tsa_untrusted`: a token is never ignored);
//! a valid token whose ESS signing-certificate is v1 (SHA-1, ADR 0190).
//!
//! Recalled years (ADR 0170): cases of `type` `years` verify several records as one pupil's
//! học bạ ([`xmldsig::UnverifiedXmlYears`], Python's `verify_xml_transcript`, the FFI's
//! `verifyXmlTranscript`) with the portal's recall facts; their outcome is a transcript's,
//! each revision stating whether it was `recalled`.
//!
//! Fields: `trust` (root certificate paths), `crls` (CRL paths), `tsa_roots` (the TSA roots'
//! paths, a separate set; absent: none), `at` (RFC 3339), and for valid cases `signers` (each
//! signer's `role` code and `algorithm`, in signing order) and, when a signature is
//! time-stamped, `time_sources` (each signer's `time_source`: `claimed` or `timestamp`).
//! A `years` case adds `records` (the input paths, in order; `input` is the first),
//! `recalled` (lookup codes the portal recalled) and `replaced` (recalled lookup code →
//! its replacement's).

use std::io;
use std::path::Path;

use base64::Engine as _;
use hocba_core::envelope::{Algorithm, Status, Verifier};
use hocba_core::model::PrincipalCapacity;
use hocba_core::moet::{self, Profile};
use hocba_core::trust::{SignerRole, UnixTime};
use hocba_core::xmldsig;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::verify::{CRLS, PRIVATE_SCHOOL, Pki, SeededRng, named, record, trust_store};
use super::{Kind, outcome};
use crate::vectors::{Case, Expect, Out, read, vectors_dir};

/// The kind.
pub const KIND: Kind = Kind {
    name: "signed_xml",
    generate,
    run,
};

/// First signing time: the test PKI's reference time, 2026-06-01T00:00:00Z.
const T0: i64 = crate::pki::REFERENCE_SIGNING_TIME;
/// The verification time of the records signed here.
const AT: &str = "2026-06-15T00:00:00Z";
/// The time-stamp token's `genTime`: three minutes after the seal signed (T0 + 2 min).
const TOKEN_TIME: &str = "20260601000500Z";
/// The attack corpus, relative to the vectors directory.
const ATTACKS: &str = "xmldsig/attacks";

/// A case's trust: the test roots, `crls`, the verification time `at`.
fn trusted_at(crls: serde_json::Value, at: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut extra = serde_json::Map::new();
    extra.insert("trust".into(), json!(["pki/roots.pem"]));
    extra.insert("crls".into(), crls);
    extra.insert("at".into(), json!(at));
    extra
}
/// The attack corpus's control: the fixture signed by the three RSA signers, valid.
const CONTROL: &str = "valid-rs256.xml";

const GVCN: SignerRole = SignerRole::HomeroomTeacher;
const CBQL: SignerRole = SignerRole::Principal;
const SEAL: SignerRole = SignerRole::SchoolSeal;

/// One signer: certificate (and key) name in the test PKI, role, algorithm.
type By = (&'static str, SignerRole, Algorithm);

/// A generated case: name, description, expectation, signed bytes, the signers field.
type Generated = (&'static str, &'static str, Expect, Vec<u8>, Option<Value>);

/// The national XML of a synthetic private-school record (the test PKI's public tree names
/// that school in the seal certificate), naming as GVCN and CBQL the holders of the
/// certificates of `signers` (name and số định danh: verification binds each signer to the
/// person named, ADR 0140).
fn unsigned(pki: &Pki, signers: &[By]) -> Vec<u8> {
    let r = record(2, PRIVATE_SCHOOL, PrincipalCapacity::Principal);
    let by: Vec<_> = signers.iter().map(|(n, r, a)| (*n, *r, Some(*a))).collect();
    moet::to_xml(&named(pki, &r, &by), &Profile::default())
}

/// The unsigned record of the XML-signature tests (`xmldsig/national-unsigned.xml`: hocba-core's
/// `xmldsig` tests, the attack corpus, the CLI tests, the interop script and benchmark): the
/// record of [`unsigned`] in the national writer's form (profile 2088/1.0: `dd/MM/yyyy` dates,
/// so the national reader and every check before signing read it), with a homeroom comment
/// whose `&`, `<`, `>` and `"` make canonicalization escape.
fn fixture(pki: &Pki, signers: &[By]) -> Vec<u8> {
    let mut r = record(2, PRIVATE_SCHOOL, PrincipalCapacity::Principal);
    r.comments.homeroom = Some(
        hocba_core::model::Text::new(
            "Em chăm ngoan, lễ phép; đọc \"diễn cảm\" & viết chữ đẹp <A>.",
        )
        .expect("text"),
    );
    let by: Vec<_> = signers.iter().map(|(n, r, a)| (*n, *r, Some(*a))).collect();
    moet::to_xml(&named(pki, &r, &by), &Profile::default())
}

/// Signs `xml` by `signers` in order, one minute apart from [`T0`].
fn sign(pki: &Pki, xml: &[u8], signers: &[By]) -> io::Result<Vec<u8>> {
    sign_from(pki, xml, signers, T0)
}

/// Signs `xml` by `signers` in order, one minute apart from `t0`.
fn sign_from(pki: &Pki, xml: &[u8], signers: &[By], t0: i64) -> io::Result<Vec<u8>> {
    let mut rng = SeededRng(t0 as u64);
    let mut xml = xml.to_vec();
    for (i, (name, role, alg)) in signers.iter().enumerate() {
        let chain = pki.chain(name);
        let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let t = UnixTime::from_secs(t0 + 60 * i as i64);
        xml = xmldsig::sign(&xml, &pki.key(name, Some(*alg)), *role, &chain, t, &mut rng)
            .map_err(|e| io::Error::other(format!("{name}: {e}")))?;
    }
    Ok(xml)
}

/// `xml` with the first byte of `TEN_LOP`'s text (inside `DU_LIEU_HOC_BA`) changed to another
/// character of the same length.
fn one_byte_changed(xml: &[u8]) -> io::Result<Vec<u8>> {
    let tag = b"<TEN_LOP>";
    let at = xml
        .windows(tag.len())
        .position(|w| w == tag)
        .ok_or_else(|| io::Error::other("no TEN_LOP"))?
        + tag.len();
    let mut out = xml.to_vec();
    out[at] = if out[at] == b'9' { b'8' } else { b'9' };
    Ok(out)
}

fn signers_field(signers: &[By]) -> Value {
    signers
        .iter()
        .map(|(_, role, alg)| json!({"role": role.code(), "algorithm": alg.name()}))
        .collect()
}

fn generate(out: &mut Out) -> io::Result<()> {
    let pki = Pki(crate::pki::generate());
    let rsa = |alg| -> [By; 3] {
        [
            ("gvcn-rsa", GVCN, alg),
            ("principal-rsa", CBQL, alg),
            ("seal-rsa", SEAL, alg),
        ]
    };
    let xml = unsigned(&pki, &rsa(Algorithm::Rs256));
    // Not a case: the unsigned record the cases are signed from, for the bindings' own signing
    // tests (prepare/attach need a record the national reader reads; it names the RSA signers).
    out.write("signed_xml/unsigned.xml", &xml)?;
    // The XML-signature tests' fixture (under the PRESERVED `xmldsig/`, compared on its own by
    // scripts/check-vectors.sh).
    out.write(
        "xmldsig/national-unsigned.xml",
        &fixture(&pki, &rsa(Algorithm::Rs256)),
    )?;
    let p256: [By; 3] = [
        ("gvcn-p256", GVCN, Algorithm::Es256),
        ("principal-p256", CBQL, Algorithm::Es256),
        ("seal-p256", SEAL, Algorithm::Es256),
    ];
    let rs256 = rsa(Algorithm::Rs256);
    let valid_rs256 = sign(&pki, &xml, &rs256)?;
    let cases: Vec<Generated> = vec![
        (
            "valid_rs256",
            "GVCN, CBQL and KY_PHAT_HANH, RSA-SHA256, chained references",
            Expect::ok(),
            valid_rs256.clone(),
            Some(signers_field(&rs256)),
        ),
        (
            "valid_ps256",
            "the three roles with RSA-PSS-SHA256 (salt 32 bytes)",
            Expect::ok(),
            sign(&pki, &xml, &rsa(Algorithm::Ps256))?,
            Some(signers_field(&rsa(Algorithm::Ps256))),
        ),
        (
            "valid_es256",
            "the three roles with ECDSA-SHA256 (r ‖ s)",
            Expect::ok(),
            sign(&pki, &unsigned(&pki, &p256), &p256)?,
            Some(signers_field(&p256)),
        ),
        (
            "incomplete_awaiting_seal",
            "GVCN and CBQL signed, KY_PHAT_HANH not yet: every signature valid, incomplete",
            Expect::error("incomplete"),
            sign(&pki, &xml, &rs256[..2])?,
            None,
        ),
        (
            "data_byte_changed",
            "valid_rs256 with one byte of the class name changed inside DU_LIEU_HOC_BA",
            Expect::error("xmldsig_digest_mismatch"),
            one_byte_changed(&valid_rs256)?,
            None,
        ),
    ];
    for (name, description, expect, bytes, signers) in cases {
        let input = format!("signed_xml/{name}.xml");
        out.write(&input, &bytes)?;
        let mut extra = trusted_at(json!(CRLS), AT);
        if let Some(s) = signers {
            extra.insert("signers".into(), s);
        }
        add_case(
            out,
            Case {
                id: format!("signed_xml/{name}"),
                description: description.to_owned(),
                kind: "signed_xml".into(),
                input,
                expect,
                extra,
            },
        )?;
    }
    timestamp_cases(out, &pki, &valid_rs256, &rs256)?;
    years_cases(out, &pki, &valid_rs256, &rs256)?;
    attack_cases(out)
}

/// A pupil-year recalled on the portal (CV 2088 §2, transactions 5–6; ADR 0170), verified as
/// one học bạ by [`xmldsig::UnverifiedXmlYears`] (`type` `years`): `valid_rs256`'s record and
/// its replacement (the class name corrected, a new lookup code, signed a day later), with the
/// portal's link (the replacement supersedes the recalled record), with the recall alone
/// (linked by pupil and school year), and the recalled record alone (`year_recalled`). Each
/// outcome states every revision's `recalled`.
fn years_cases(out: &mut Out, pki: &Pki, valid_rs256: &[u8], rs256: &[By]) -> io::Result<()> {
    let by: Vec<_> = rs256.iter().map(|(n, r, a)| (*n, *r, Some(*a))).collect();
    let original = named(
        pki,
        &record(2, PRIVATE_SCHOOL, PrincipalCapacity::Principal),
        &by,
    );
    let old = original
        .lookup_code
        .ok_or_else(|| io::Error::other("the synthetic record has no lookup code"))?;
    let mut fixed = original.clone();
    fixed.class_name = hocba_core::model::Text::new(format!("{}B", original.class_name.as_str()))
        .map_err(io::Error::other)?;
    // A replacement is a new record with a new MA_TRA_CUU_UUID (CV 2088 §1).
    let new = hocba_core::model::LookupCode::from_random_bytes([0x5d; 16]);
    fixed.lookup_code = Some(new);
    let replacement = sign_from(
        pki,
        &moet::to_xml(&fixed, &Profile::default()),
        rs256,
        T0 + 86_400,
    )?;
    out.write("signed_xml/replacement_rs256.xml", &replacement)?;
    let both = [
        "signed_xml/valid_rs256.xml",
        "signed_xml/replacement_rs256.xml",
    ];
    // The original must be the file `valid_rs256` is.
    if read(out.root(), both[0]).map_err(io::Error::other)? != valid_rs256 {
        return Err(io::Error::other(
            "signed_xml/valid_rs256.xml is not valid_rs256",
        ));
    }
    let (old, new) = (old.to_string(), new.to_string());
    let cases = [
        (
            "years_recalled_and_replaced",
            "valid_rs256 recalled on the portal and replaced by a corrected record (new lookup \
             code), the portal's link given: one year, the replacement in force superseding the \
             recalled revision",
            &both[..],
            json!([]),
            json!({ old.clone(): new }),
            Expect::ok(),
        ),
        (
            "years_recalled_unlinked",
            "the same two records, the recall known but not its replacement: linked by pupil and \
             school year, the recalled revision listed, the live one in force",
            &both[..],
            json!([old.clone()]),
            json!({}),
            Expect::ok(),
        ),
        (
            "years_recalled_no_replacement",
            "valid_rs256 alone, recalled: the school year has no record in force",
            &both[..1],
            json!([old]),
            json!({}),
            Expect::error("year_recalled"),
        ),
    ];
    for (name, description, records, recalled, replaced, expect) in cases {
        let mut extra = trusted_at(json!(CRLS), AT);
        extra.insert("type".into(), json!("years"));
        extra.insert("records".into(), json!(records));
        extra.insert("recalled".into(), recalled);
        extra.insert("replaced".into(), replaced);
        add_case(
            out,
            Case {
                id: format!("signed_xml/{name}"),
                description: description.to_owned(),
                kind: "signed_xml".into(),
                input: records[0].to_owned(),
                expect,
                extra,
            },
        )?;
    }
    Ok(())
}

/// The seal's signature of `valid_rs256` time-stamped (ADR 0160): a valid token, a token over
/// other data, and the valid one verified without the TSA root.
fn timestamp_cases(out: &mut Out, pki: &Pki, valid_rs256: &[u8], rs256: &[By]) -> io::Result<()> {
    let token_with = |imprint: &[u8; 32], ess_sha1: bool| {
        hocba_core::testpki::timestamp_token(
            pki.file("certs/tsa.der"),
            pki.file("keys/tsa.pk8"),
            imprint,
            0x0123,
            TOKEN_TIME,
            ess_sha1,
        )
    };
    let token = |imprint: &[u8; 32]| token_with(imprint, false);
    let request = xmldsig::timestamp_request(valid_rs256, SEAL, None)
        .map_err(|e| io::Error::other(format!("timestamp request: {e}")))?;
    let good = token(request.imprint());
    let stamp = |tok: &[u8]| {
        xmldsig::attach_timestamp(
            valid_rs256,
            SEAL,
            &hocba_core::testpki::timestamp_response(tok),
            None,
        )
        .map_err(|e| io::Error::other(format!("attach: {e}")))
    };
    let stamped = stamp(&good)?;
    // The same XML with a token over other bytes in the same place (attach refuses to write
    // one, so it is swapped in afterwards: its base64 is the same length).
    let b64 = |t: &[u8]| base64::engine::general_purpose::STANDARD.encode(t);
    let other = token(&Sha256::digest(b"other data").into());
    let stamped_text = String::from_utf8(stamped.clone()).map_err(io::Error::other)?;
    if !stamped_text.contains(&b64(&good)) {
        return Err(io::Error::other("the token is not in the stamped XML"));
    }
    let over_other = stamped_text.replace(&b64(&good), &b64(&other)).into_bytes();
    out.write("signed_xml/timestamped_seal.xml", &stamped)?;
    out.write("signed_xml/timestamp_over_other_data.xml", &over_other)?;
    // The token naming the TSA certificate by SHA-1 (ESS signing-certificate v1, OpenSSL 3.0's
    // default; accepted, ADR 0190).
    out.write(
        "signed_xml/timestamped_seal_ess_sha1.xml",
        &stamp(&token_with(request.imprint(), true))?,
    )?;
    let cases = [
        (
            "timestamped_seal",
            "valid_rs256 with an RFC 3161 token on the seal's signature (XAdES SignatureTimeStamp \
             place) by the test TSA, its root given: the seal judged at the token's time",
            "signed_xml/timestamped_seal.xml",
            true,
            Expect::ok(),
        ),
        (
            "timestamped_seal_ess_sha1",
            "timestamped_seal with a token naming the TSA certificate by SHA-1 (ESS \
             signing-certificate v1, OpenSSL 3.0's default): accepted, the TSA's path validated",
            "signed_xml/timestamped_seal_ess_sha1.xml",
            true,
            Expect::ok(),
        ),
        (
            "timestamp_over_other_data",
            "timestamped_seal with the token replaced by one over other data (its message \
             imprint is not the seal's signature value)",
            "signed_xml/timestamp_over_other_data.xml",
            true,
            Expect::error("timestamp_imprint_mismatch"),
        ),
        (
            "timestamp_tsa_not_trusted",
            "timestamped_seal verified without the TSA root (signer roots only): the token is \
             refused, never ignored",
            "signed_xml/timestamped_seal.xml",
            false,
            Expect::error("timestamp_tsa_untrusted"),
        ),
    ];
    for (name, description, input, with_tsa_root, expect) in cases {
        let mut extra = serde_json::Map::new();
        extra.insert("trust".into(), json!(["pki/roots.pem"]));
        extra.insert("crls".into(), json!(CRLS));
        if with_tsa_root {
            extra.insert("tsa_roots".into(), json!(["pki/tsa-roots.pem"]));
        }
        extra.insert("at".into(), json!(AT));
        if expect.ok {
            extra.insert("signers".into(), signers_field(rs256));
            extra.insert(
                "time_sources".into(),
                json!(["claimed", "claimed", "timestamp"]),
            );
        }
        add_case(
            out,
            Case {
                id: format!("signed_xml/{name}"),
                description: description.to_owned(),
                kind: "signed_xml".into(),
                input: input.to_owned(),
                expect,
                extra,
            },
        )?;
    }
    Ok(())
}

/// Adds `case` with its full expected outcome, computed by the core ([`outcome`]), after
/// checking that it agrees with the case's `expect`.
fn add_case(out: &mut Out, mut case: Case) -> io::Result<()> {
    // The attack corpus is not written by `generate` (PRESERVED): its files are read where
    // they are committed, as `attack_cases` reads its manifest.
    let root = if case.input.starts_with(ATTACKS) {
        vectors_dir()
    } else {
        out.root().to_owned()
    };
    let got = full_outcome(&root, &case).map_err(io::Error::other)?;
    outcome::check_expect(&case.expect, &got)
        .map_err(|e| io::Error::other(format!("{}: {e}", case.id)))?;
    case.extra.insert("outcome".into(), got);
    out.case(case);
    Ok(())
}

/// One case per file of the attack corpus, with the expected code of its `manifest.json`.
fn attack_cases(out: &mut Out) -> io::Result<()> {
    let text = std::fs::read(vectors_dir().join(ATTACKS).join("manifest.json"))?;
    let m: Value = serde_json::from_slice(&text).map_err(io::Error::other)?;
    let bad = |what: &str| io::Error::other(format!("{ATTACKS}/manifest.json: {what}"));
    let at = m["verification_time"]
        .as_str()
        .ok_or_else(|| bad("verification_time"))?;
    if m["roots"] != "../../pki/roots.pem" {
        return Err(bad("roots is not ../../pki/roots.pem"));
    }
    for c in m["cases"].as_array().ok_or_else(|| bad("cases"))? {
        let file = c["file"].as_str().ok_or_else(|| bad("file"))?;
        let expect = c["expect"].as_str().ok_or_else(|| bad("expect"))?;
        let what = c["what"].as_str().ok_or_else(|| bad("what"))?;
        let stem = file.strip_suffix(".xml").ok_or_else(|| bad("file"))?;
        if (file == CONTROL) != (expect == "valid") {
            return Err(bad("the control is the one valid case"));
        }
        let mut extra = trusted_at(json!([]), at);
        let expect = if file == CONTROL {
            // Signed by hocba-core's attack test with the RSA signers, RS256.
            let rs256: [By; 3] = [
                ("gvcn-rsa", GVCN, Algorithm::Rs256),
                ("principal-rsa", CBQL, Algorithm::Rs256),
                ("seal-rsa", SEAL, Algorithm::Rs256),
            ];
            extra.insert("signers".into(), signers_field(&rs256));
            Expect::ok()
        } else {
            Expect::error(expect)
        };
        add_case(
            out,
            Case {
                id: format!("signed_xml/attack/{stem}"),
                description: format!("XML-DSig attack corpus: {what}"),
                kind: "signed_xml".into(),
                input: format!("{ATTACKS}/{file}"),
                expect,
                extra,
            },
        )?;
    }
    Ok(())
}

/// The full outcome of a case ([`outcome`]): the report of [`xmldsig::verify_year_record`] with
/// the bindings' default content checks, or the error that made the bytes unreadable. A record
/// is handed out exactly when the report is valid.
fn full_outcome(root: &Path, case: &Case) -> Result<Value, String> {
    let trust = trust_store(root, case)?;
    let at = UnixTime::parse_rfc3339(case.field("at")?).ok_or("bad `at`")?;
    if case.extra.get("type").and_then(Value::as_str) == Some("years") {
        return years_outcome(root, case, &trust, at);
    }
    let bytes = read(root, &case.input)?;
    let v =
        match xmldsig::verify_year_record(&bytes, &Verifier::new(&trust, at), &outcome::checks()) {
            Ok(v) => v,
            Err(e) => return Ok(outcome::raised(&e.into())),
        };
    let valid = v.report().status == Status::Valid;
    if valid != v.verified().is_some() {
        return Err(format!(
            "status {} but a record handed out: {}",
            v.report().status.code(),
            v.verified().is_some()
        ));
    }
    let report = v.report();
    if let Some(want) = case.extra.get("time_sources") {
        let got: Value = report
            .signers
            .iter()
            .map(|s| json!(s.time_source()))
            .collect();
        if &got != want {
            return Err(format!("time_sources: expected {want}, got {got}"));
        }
        // A signer judged at its token's time says so: `judged_at` is the token's time.
        for s in &report.signers {
            if s.timestamp.as_ref().map(|t| t.time)
                != (s.time_source() == "timestamp").then(|| s.judged_at())
            {
                return Err("judged_at is not the token's time".into());
            }
        }
    }
    Ok(outcome::record(v.report()))
}

/// The outcome of a `years` case: its `records` verified as one học bạ with all three roles
/// required, the bindings' default content checks and the portal's `recalled` lookup codes and
/// `replaced` links (old → new), or the error of the first record that cannot be read.
fn years_outcome(
    root: &Path,
    case: &Case,
    trust: &hocba_core::TrustStore,
    at: UnixTime,
) -> Result<Value, String> {
    let strings = |f: &str| -> Result<Vec<String>, String> {
        case.extra
            .get(f)
            .and_then(Value::as_array)
            .ok_or(format!("missing array `{f}`"))?
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or(format!("`{f}`: not a string"))
            })
            .collect()
    };
    let code = |s: &str| {
        hocba_core::model::LookupCode::try_from(s).map_err(|e| format!("lookup code {s}: {e}"))
    };
    let mut recalls = hocba_core::envelope::transcript::RecallFacts::new();
    for c in strings("recalled")? {
        recalls.recall(code(&c)?);
    }
    let replaced = case
        .extra
        .get("replaced")
        .and_then(Value::as_object)
        .ok_or("missing object `replaced`")?;
    for (old, new) in replaced {
        recalls.replace(
            code(old)?,
            code(new.as_str().ok_or("`replaced`: not a string")?)?,
        );
    }
    let records = strings("records")?
        .iter()
        .map(|p| read(root, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match xmldsig::UnverifiedXmlYears::from_records(records) {
        Ok(y) => outcome::transcript(
            y.verify_in(
                &Verifier::new(trust, at),
                xmldsig::RequiredRoles::All,
                &outcome::checks(),
                &recalls,
            )
            .report(),
        ),
        Err(e) => outcome::raised(&e.error),
    })
}

/// The signers of a valid case, as its `signers` field lists them (role and algorithm).
fn signers_of(got: &Value) -> Value {
    got.pointer("/report/signers")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| json!({"role": s["role"], "algorithm": s["algorithm"]}))
                .collect()
        })
        .unwrap_or_default()
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    let got = full_outcome(root, case)?;
    outcome::check_expect(&case.expect, &got)?;
    if let Some(want) = case.extra.get("signers") {
        let signers = signers_of(&got);
        if &signers != want {
            return Err(format!("signers: expected {want}, got {signers}"));
        }
    }
    outcome::compare(case.extra.get("outcome"), &got)
}
