use super::*;
use crate::envelope::tests::TestRng as Rng;
use crate::envelope::{Algorithm, SigningKey};
use crate::render::{SignatureStatus, YearInput, render_year};
use crate::synth;
use crate::trust::{SignerRole, TrustStore, UnixTime};

macro_rules! pki {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/vectors/pki/", $path)).as_slice()
    };
}

/// 2026-06-01T00:00:00Z (the test PKI's reference signing time) and a week later.
const T0: UnixTime = UnixTime::from_secs(1_780_272_000);
const NOW: UnixTime = UnixTime::from_secs(1_780_272_000 + 7 * 86_400);

fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(pki!("roots.pem")).unwrap();
    t
}

fn rendered() -> Vec<u8> {
    let t = synth::demo_transcript();
    render_year(&YearInput {
        record: &t.years[4],
        signed: None,
        status: SignatureStatus::Unsigned,
    })
    .unwrap()
}

struct Signer {
    key: &'static [u8],
    chain: Vec<Vec<u8>>,
    alg: Algorithm,
}

fn seal_rsa(alg: Algorithm) -> Signer {
    Signer {
        key: pki!("keys/seal-rsa.pk8"),
        chain: vec![
            pki!("certs/seal-rsa.der").to_vec(),
            pki!("certs/public-ca.der").to_vec(),
        ],
        alg,
    }
}

fn seal_p256() -> Signer {
    Signer {
        key: pki!("keys/seal-p256.pk8"),
        chain: vec![
            pki!("certs/seal-p256.der").to_vec(),
            pki!("certs/public-ca.der").to_vec(),
        ],
        alg: Algorithm::Es256,
    }
}

fn principal_p256() -> Signer {
    Signer {
        key: pki!("keys/principal-p256.pk8"),
        chain: vec![
            pki!("certs/principal-p256.der").to_vec(),
            pki!("certs/public-ca.der").to_vec(),
        ],
        alg: Algorithm::Es256,
    }
}

fn request(s: &Signer, at: UnixTime) -> SignRequest {
    SignRequest {
        chain: s.chain.clone(),
        algorithm: s.alg,
        signing_time: at,
    }
}

fn sign_with(pdf: &[u8], s: &Signer) -> Vec<u8> {
    let key = SigningKey::from_pkcs8_der(s.key, Some(s.alg)).unwrap();
    sign(pdf, &request(s, T0), &key, &mut Rng(7)).unwrap()
}

fn codes(report: &PadesReport) -> Vec<&'static str> {
    report
        .signatures
        .iter()
        .map(|s| s.outcome.as_ref().err().map_or("ok", PadesError::code))
        .collect()
}

#[test]
fn a_seal_signature_verifies_for_each_algorithm_and_keeps_the_rendered_bytes() {
    let pdf = rendered();
    for s in [
        seal_rsa(Algorithm::Rs256),
        seal_rsa(Algorithm::Ps256),
        seal_p256(),
    ] {
        let signed = sign_with(&pdf, &s);
        assert!(signed.starts_with(&pdf));
        assert_eq!(original_revision(&signed).unwrap(), pdf.as_slice());
        let report = verify(&signed, &trust(), NOW).unwrap();
        assert_eq!(
            codes(&report),
            ["ok"],
            "{:?} {:?}",
            s.alg,
            report.signatures[0].outcome
        );
        let sig = &report.signatures[0];
        assert_eq!(sig.revision, 2);
        assert_eq!(sig.role, Some(SignerRole::SchoolSeal));
        assert_eq!(sig.algorithm, Some(s.alg));
        assert_eq!(sig.signing_time, T0);
        assert!(report.is_valid());
        assert_eq!(report.original_len, pdf.len());
    }
}

#[test]
fn the_principal_adds_a_second_revision_and_both_verify() {
    let once = sign_with(&rendered(), &seal_p256());
    let twice = sign_with(&once, &principal_p256());
    assert!(twice.starts_with(&once));
    let report = verify(&twice, &trust(), NOW).unwrap();
    assert_eq!(codes(&report), ["ok", "ok"]);
    assert_eq!(report.signatures[1].role, Some(SignerRole::Principal));
}

#[test]
fn the_external_flow_takes_a_value_or_a_whole_cms_and_refuses_a_wrong_one() {
    let pdf = rendered();
    let s = seal_p256();
    let prepared = prepare(&pdf, &request(&s, T0)).unwrap();
    let key = SigningKey::from_pkcs8_der(s.key, None).unwrap();
    let value = key.sign(prepared.signed_attributes(), &mut Rng(1)).unwrap();
    // A signature over other bytes is refused before anything is written.
    let wrong = key.sign(b"something else", &mut Rng(1)).unwrap();
    assert_eq!(
        prepared.clone().attach(&wrong).unwrap_err().code(),
        "pades_bad_signature"
    );
    // Through a file: the prepared PDF, the same chain and algorithm.
    let again = PreparedSignature::from_prepared_pdf(
        prepared.prepared_pdf().to_vec(),
        s.chain.clone(),
        s.alg,
    )
    .unwrap();
    assert_eq!(again.signed_attributes(), prepared.signed_attributes());
    let signed = again.attach(&value).unwrap();
    assert!(verify(&signed, &trust(), NOW).unwrap().is_valid());
    // A complete CMS (what a remote-signing service returns) is taken as is.
    let report = verify(&signed, &trust(), NOW).unwrap();
    assert!(report.is_valid());
    let cms_der = extract_cms(&signed);
    let signed2 = prepared.attach(&cms_der).unwrap();
    assert_eq!(signed2, signed);
}

fn extract_cms(signed: &[u8]) -> Vec<u8> {
    let parsed = syntax::Pdf::parse(signed).unwrap();
    let sig = verify::signature_dictionary(&parsed, 1).unwrap();
    let Some(syntax::Obj::Str(c)) = sig.get(b"Contents") else {
        panic!("no contents")
    };
    cms::der_prefix(c).unwrap().to_vec()
}

#[test]
fn one_changed_byte_in_a_signed_range_fails_the_digest() {
    let pdf = rendered();
    let signed = sign_with(&pdf, &seal_rsa(Algorithm::Ps256));
    // In the rendered part (a byte of the header comment) and in the signature revision (the
    // field name).
    let name = signed
        .windows(12)
        .position(|w| w == b"(Signature1)")
        .unwrap();
    for at in [10, name + 10] {
        let mut bad = signed.clone();
        bad[at] ^= 0x01;
        let report = verify(&bad, &trust(), NOW).unwrap();
        assert_eq!(codes(&report), ["pades_digest_mismatch"], "byte {at}");
        assert!(!report.is_valid());
    }
}

#[test]
fn a_wrong_trust_store_or_signing_time_is_untrusted() {
    let signed = sign_with(&rendered(), &seal_p256());
    let report = verify(&signed, &TrustStore::new(), NOW).unwrap();
    assert_eq!(codes(&report), ["pades_untrusted"]);
    // Signed "in 2040": after the verification time.
    let s = seal_p256();
    let key = SigningKey::from_pkcs8_der(s.key, None).unwrap();
    let late = UnixTime::from_secs(2_208_988_800);
    let signed = sign(&rendered(), &request(&s, late), &key, &mut Rng(1)).unwrap();
    let report = verify(&signed, &trust(), NOW).unwrap();
    assert_eq!(codes(&report), ["pades_untrusted"]);
}

#[test]
fn an_ed25519_key_is_refused_for_pdf_signatures() {
    let s = Signer {
        key: pki!("keys/seal-ed25519.pk8"),
        chain: vec![pki!("certs/seal-ed25519.der").to_vec()],
        alg: Algorithm::EdDsa,
    };
    assert_eq!(
        prepare(&rendered(), &request(&s, T0)).unwrap_err().code(),
        "pades_unsupported_key"
    );
}

#[test]
fn an_unsigned_pdf_has_no_signature() {
    let pdf = rendered();
    assert!(!has_signature_revisions(&pdf).unwrap());
    assert_eq!(
        verify(&pdf, &trust(), NOW).unwrap_err().code(),
        "pades_no_signature"
    );
}

/// Appends a revision that replaces object `num` with `body` (an incremental update made by
/// someone else after signing).
fn append_revision(pdf: &[u8], objects: &[(u32, String)], trailer_extra: &str) -> Vec<u8> {
    let parsed = syntax::Pdf::parse(pdf).unwrap();
    let last = parsed.revisions.last().unwrap();
    let size = last.trailer.int(b"Size").unwrap();
    let root = last.trailer.reference(b"Root").unwrap();
    let prev = last.xref;
    let info = last
        .trailer
        .reference(b"Info")
        .map_or(String::new(), |n| format!("/Info {n} 0 R"));
    let mut out = pdf.to_vec();
    let mut offs = Vec::new();
    for (num, body) in objects {
        offs.push((*num, out.len()));
        out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n");
    for (num, off) in offs {
        out.extend_from_slice(format!("{num} 1\n{off:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root {root} 0 R{info}/Prev {prev}{trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
            size + 1
        )
        .as_bytes(),
    );
    out
}

fn page_one(pdf: &[u8]) -> (u32, String) {
    let parsed = syntax::Pdf::parse(pdf).unwrap();
    let rev = parsed.revisions.len() - 1;
    let n = parsed.pages(rev, 1).unwrap()[0];
    let d = parsed.dict(n, rev).unwrap();
    let mut body = Vec::new();
    d.write(&mut body, &|n| n);
    (n, String::from_utf8(body).unwrap())
}

#[test]
fn a_revision_after_signing_is_refused_with_its_code() {
    let signed = sign_with(&rendered(), &seal_p256());
    let (page, body) = page_one(&signed);
    let parsed = syntax::Pdf::parse(&signed).unwrap();
    let contents = parsed
        .dict(page, 1)
        .unwrap()
        .reference(b"Contents")
        .unwrap();
    let size = u32::try_from(parsed.revisions[1].trailer.int(b"Size").unwrap()).unwrap();
    let new_content = || {
        (
            contents,
            "<</Length 9>>\nstream\n0 0 m 1 l\nendstream".to_owned(),
        )
    };
    // A signature dictionary, so that the revision is judged on what else it changes.
    let sig = || {
        (
            size + 1,
            "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange[0 1 2 3]/Contents<00>>>"
                .to_owned(),
        )
    };
    let square = || {
        (
            size,
            "<</Type/Annot/Subtype/Square/Rect[0 0 9 9]>>".to_owned(),
        )
    };
    type Case = (&'static str, Vec<(u32, String)>, &'static str);
    let cases: Vec<Case> = vec![
        (
            "new page content, unsigned",
            vec![new_content()],
            "pades_unsigned_revision",
        ),
        (
            "new page content with a signature",
            vec![new_content(), sig()],
            "pades_modified_after_signing",
        ),
        (
            "an annotation appended to the page",
            vec![
                square(),
                sig(),
                (page, body.replace(" 0 R]", &format!(" 0 R {size} 0 R]"))),
            ],
            "pades_modified_after_signing",
        ),
        (
            "the signature widget removed",
            vec![sig(), (page, body.replace("/Annots [", "/Annots [] /X ["))],
            "pades_modified_after_signing",
        ),
        (
            "the page's media box changed",
            vec![
                sig(),
                (page, body.replace("/MediaBox [0 0", "/MediaBox [0 1")),
            ],
            "pades_modified_after_signing",
        ),
    ];
    for (what, objects, code) in cases {
        let bad = append_revision(&signed, &objects, "");
        assert_eq!(
            verify(&bad, &trust(), NOW).unwrap_err().code(),
            code,
            "{what}"
        );
    }
    // A trailer that adds /Encrypt, in a revision with a signature.
    let bad = append_revision(&signed, &[sig()], "/Encrypt 1 0 R");
    assert_eq!(
        verify(&bad, &trust(), NOW).unwrap_err().code(),
        "pades_modified_after_signing"
    );
    // Bytes after the last %%EOF.
    let mut trailing = signed.clone();
    trailing.extend_from_slice(b"% trailing\n");
    assert_eq!(
        verify(&trailing, &trust(), NOW).unwrap_err().code(),
        "pades_malformed"
    );
}

#[test]
fn a_byte_range_that_skips_part_of_the_file_is_refused() {
    let signed = sign_with(&rendered(), &seal_p256());
    let parsed = syntax::Pdf::parse(&signed).unwrap();
    let sig = verify::signature_dictionary(&parsed, 1).unwrap();
    let e = sig.entry(b"ByteRange").unwrap();
    let (start, end) = (e.start, e.end);
    let original = String::from_utf8(signed[start..end].to_vec()).unwrap();
    let nums: Vec<usize> = original
        .trim_matches(|c| c == '[' || c == ']' || c == ' ')
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let variants = [
        // Skips 10 bytes at the start of the second range.
        format!("[0 {} {} {}", nums[1], nums[2] + 10, nums[3] - 10),
        // Covers less than the revision.
        format!("[0 {} {} {}", nums[1], nums[2], nums[3] - 5),
        // Does not start at 0.
        format!("[1 {} {} {}", nums[1] - 1, nums[2], nums[3]),
        // Points outside the file.
        format!("[0 {} {} {}", nums[1], nums[2], nums[3] + 1000),
    ];
    for v in variants {
        let mut bad = signed.clone();
        let mut field = v.into_bytes();
        field.resize(end - start - 1, b' ');
        field.push(b']');
        bad[start..end].copy_from_slice(&field);
        assert_eq!(
            verify(&bad, &trust(), NOW).unwrap_err().code(),
            "pades_byte_range"
        );
    }
}

#[test]
fn a_cms_that_does_not_fit_or_is_not_der_is_refused() {
    let pdf = rendered();
    let s = seal_p256();
    let prepared = prepare(&pdf, &request(&s, T0)).unwrap();
    // Garbage that is neither a signature value nor a CMS.
    assert_eq!(
        prepared
            .clone()
            .attach(&[0x30, 0x03, 0x02, 0x01, 0x01])
            .unwrap_err()
            .code(),
        "pades_bad_signature"
    );
    // A CMS whose certificate is another signer's.
    let other = sign_with(&pdf, &seal_rsa(Algorithm::Rs256));
    let cms_der = extract_cms(&other);
    assert_eq!(
        prepared.attach(&cms_der).unwrap_err().code(),
        "pades_signing_certificate_mismatch"
    );
    // /Contents holding bytes that are not DER.
    let mut signed = sign_with(&pdf, &s);
    let parsed = syntax::Pdf::parse(&signed).unwrap();
    let sig = verify::signature_dictionary(&parsed, 1).unwrap();
    let start = sig.entry(b"Contents").unwrap().start;
    signed[start + 1..start + 5].copy_from_slice(b"FFFF");
    let report = verify(&signed, &trust(), NOW).unwrap();
    assert_eq!(codes(&report), ["pades_cms_malformed"]);
}

#[test]
fn truncated_and_corrupted_files_give_codes_not_panics() {
    let signed = sign_with(&rendered(), &seal_p256());
    let step = signed.len() / 97;
    for cut in (0..signed.len()).step_by(step.max(1)) {
        let _ = verify(&signed[..cut], &trust(), NOW);
    }
    let mut x = 0x9e37_79b9_u32;
    for _ in 0..200 {
        let mut bad = signed.clone();
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let at = x as usize % bad.len();
        bad[at] = (x >> 8) as u8;
        match verify(&bad, &trust(), NOW) {
            Ok(r) => assert!(r.signatures.len() == 1),
            Err(e) => assert!(e.code().starts_with("pades_")),
        }
    }
}

#[test]
fn every_error_has_a_unique_code_and_nfc_messages_in_both_languages() {
    use unicode_normalization::UnicodeNormalization;
    let all = [
        PadesError::Malformed("x"),
        PadesError::Unsupported("x"),
        PadesError::TooLarge(1),
        PadesError::NoSignature,
        PadesError::NotASignatureRevision { revision: 2 },
        PadesError::ByteRange { revision: 2 },
        PadesError::SignatureDictionary {
            revision: 2,
            what: "x",
        },
        PadesError::ModifiedAfterSigning {
            revision: 2,
            what: "x",
        },
        PadesError::CmsMalformed("x"),
        PadesError::CmsUnsupported("x"),
        PadesError::DigestMismatch,
        PadesError::CertificateMissing,
        PadesError::SigningCertificateMismatch,
        PadesError::BadSignature,
        PadesError::UnsupportedKey,
        PadesError::ContentsTooLarge {
            len: 2,
            capacity: 1,
        },
        PadesError::SigningTime { revision: 2 },
        PadesError::Untrusted(crate::trust::TrustError::ChainEmpty),
        PadesError::Appearance,
        PadesError::Timestamp(crate::timestamp::TimestampError::ImprintMismatch),
        PadesError::TimestampPlacement("x"),
        PadesError::SignerNotOfRecord { revision: 2 },
    ];
    let mut codes: Vec<&str> = all.iter().map(PadesError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
    let spec = include_str!("../../../docs/spec/pdf.md");
    for e in &all {
        assert!(e.code().starts_with("pades_"));
        assert!(
            spec.contains(&format!("`{}`", e.code())),
            "{} not in pdf.md",
            e.code()
        );
        let vi = e.message_vi();
        assert_eq!(vi.nfc().collect::<String>(), vi);
        assert!(!e.to_string().is_empty());
    }
    // Unreadable only when the file could not be read as a PDF.
    assert_eq!(
        PadesError::Malformed("x").class(),
        crate::ErrorClass::Unreadable
    );
    assert_eq!(
        PadesError::DigestMismatch.class(),
        crate::ErrorClass::Invalid
    );
}

/// The embedded-file reader and PAdES share one PDF reader (`crate::pdfsyntax`): the record
/// embedded in a rendered PDF is read back the same after one and after two signature
/// revisions (the reader follows `/Prev` to the objects still in force).
#[test]
fn the_embedded_record_reads_the_same_through_signature_revisions() {
    let t = synth::demo_transcript();
    // Bytes embedded as a record that failed verification (the reader does not judge them).
    let embedded = b"not a verified record".as_slice();
    let pdf = render_year(&YearInput {
        record: &t.years[4],
        signed: Some(embedded),
        status: SignatureStatus::Invalid {
            code: "bad_signature".into(),
        },
    })
    .unwrap();
    let before = crate::render::extract_attachments(&pdf).unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].bytes, embedded);
    let once = sign_with(&pdf, &seal_rsa(Algorithm::Ps256));
    let twice = sign_with(&once, &principal_p256());
    for signed in [&once, &twice] {
        assert_eq!(crate::render::extract_attachments(signed).unwrap(), before);
    }
}

/// The trust store with the test TSA's root as a TSA root (a signer root is not one).
fn trust_with_tsa() -> TrustStore {
    let mut t = trust();
    t.add_tsa_roots_pem(pki!("tsa-roots.pem")).unwrap();
    t
}

/// A granted response with a token by the test TSA over `request`'s imprint at `time`.
fn tsa_response(request: &crate::timestamp::TimestampRequest, time: &str) -> Vec<u8> {
    use crate::timestamp::tests::{Spec, make_token, response};
    response(&make_token(&Spec {
        imprint: *request.imprint(),
        time,
        ..Spec::default()
    }))
}

/// PAdES B-T (ETSI EN 319 142-1 §5.3): the token goes into the same hole, every signed byte and
/// the length stay, and the signer's chain is judged at the token's time.
#[test]
fn a_signature_time_stamp_is_written_in_the_hole_and_judged_at_its_time() {
    let signed = sign_with(&rendered(), &seal_rsa(Algorithm::Ps256));
    let request = timestamp_request(&signed, Some(&[7, 7])).unwrap();
    // The nonce must come back: a token without it is refused.
    let no_nonce = tsa_response(&request, "20260601000500Z");
    assert_eq!(
        attach_timestamp(&signed, &no_nonce, Some(&request))
            .unwrap_err()
            .code(),
        "pades_timestamp"
    );
    let request = timestamp_request(&signed, None).unwrap();
    let stamped = attach_timestamp(
        &signed,
        &tsa_response(&request, "20260601000500Z"),
        Some(&request),
    )
    .unwrap();
    assert_eq!(stamped.len(), signed.len());
    let changed: Vec<usize> = (0..signed.len())
        .filter(|&i| signed[i] != stamped[i])
        .collect();
    let parsed = syntax::Pdf::parse(&stamped).unwrap();
    let sig = verify::signature_dictionary(&parsed, 1).unwrap();
    let (a, b) = verify::check_byte_range(&parsed, 1, &sig).unwrap();
    assert!(
        changed.iter().all(|&i| i > a && i < b - 1),
        "only the hole changes"
    );

    let report = verify(&stamped, &trust_with_tsa(), NOW).unwrap();
    assert_eq!(codes(&report), ["ok"]);
    let s = &report.signatures[0];
    let ts = s.timestamp.as_ref().expect("the time-stamp is reported");
    assert_eq!(ts.time, UnixTime::from_secs(T0.secs() + 300));
    assert_eq!(s.judged_at(), ts.time);
    assert_eq!(s.signing_time, T0);
    // Without TSA roots the token is not trusted, and a token is never ignored.
    let report = verify(&stamped, &trust(), NOW).unwrap();
    match &report.signatures[0].outcome {
        Err(PadesError::Timestamp(e)) => assert_eq!(e.code(), "timestamp_tsa_untrusted"),
        other => panic!("{other:?}"),
    }
    // Once only, and only with a request for this signature.
    assert_eq!(
        timestamp_request(&stamped, None).unwrap_err().code(),
        "pades_timestamp_placement"
    );
    let other = crate::timestamp::TimestampRequest::new(b"another signature", None).unwrap();
    assert_eq!(
        attach_timestamp(
            &signed,
            &tsa_response(&other, "20260601000500Z"),
            Some(&other)
        )
        .unwrap_err()
        .code(),
        "pades_timestamp"
    );
}

#[test]
fn a_time_stamp_before_the_claimed_signing_time_or_on_an_earlier_signature_is_refused() {
    let signed = sign_with(&rendered(), &seal_rsa(Algorithm::Ps256));
    let request = timestamp_request(&signed, None).unwrap();
    // A day before /M: the claim is later than the proof.
    let early = attach_timestamp(
        &signed,
        &tsa_response(&request, "20260531000000Z"),
        Some(&request),
    )
    .unwrap();
    match &verify(&early, &trust_with_tsa(), NOW).unwrap().signatures[0].outcome {
        Err(PadesError::Timestamp(e)) => assert_eq!(e.code(), "timestamp_before_signing_time"),
        other => panic!("{other:?}"),
    }
    // The principal countersigned: only the last signature can be stamped, and stamping it
    // leaves the seal's signature valid.
    let twice = sign_with(&signed, &principal_p256());
    let request = timestamp_request(&twice, None).unwrap();
    let stamped = attach_timestamp(
        &twice,
        &tsa_response(&request, "20260601000500Z"),
        Some(&request),
    )
    .unwrap();
    let report = verify(&stamped, &trust_with_tsa(), NOW).unwrap();
    assert_eq!(codes(&report), ["ok", "ok"]);
    assert!(report.signatures[0].timestamp.is_none());
    assert!(report.signatures[1].timestamp.is_some());
}

/// Two revisions of `n` cross-reference entries each, every later entry naming an object of the
/// earlier section (QA qapdf/03): the hostile shape for an object lookup that scans a section.
fn two_long_sections(n: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".to_vec();
    let x0 = out.len();
    out.extend_from_slice(format!("xref\n0 {n}\n").as_bytes());
    for _ in 0..n {
        out.extend_from_slice(b"0000000009 00000 n\r\n");
    }
    out.extend_from_slice(
        format!("trailer\n<</Size {n}/Root 1 0 R>>\nstartxref\n{x0}\n%%EOF\n").as_bytes(),
    );
    let o1 = out.len();
    out.extend_from_slice(b"1 0 obj\n<<>>\nendobj\n");
    let x1 = out.len();
    out.extend_from_slice(format!("xref\n0 {n}\n").as_bytes());
    for _ in 0..n {
        out.extend_from_slice(format!("{o1:010} 00000 n\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<</Size {n}/Root 1 0 R/Prev {x0}>>\nstartxref\n{x1}\n%%EOF\n").as_bytes(),
    );
    out
}

#[test]
fn long_cross_reference_sections_are_read_in_linear_time() {
    // 2 × 200,000 entries (8 MB): an O(n²) lookup takes minutes here, a linear read well under
    // a second even in a debug build.
    let pdf = two_long_sections(200_000);
    let started = std::time::Instant::now();
    let err = verify(&pdf, &trust(), NOW).unwrap_err();
    assert_eq!(err.code(), "pades_unsigned_revision");
    let err = crate::render::extract_attachments(&pdf).unwrap_err();
    assert_eq!(err.code(), "pdf_malformed");
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}

#[test]
fn an_object_listed_twice_in_one_cross_reference_section_is_refused() {
    // Readers disagree on which entry wins (poppler and pdf.js keep the first, others the last).
    let pdf = rendered();
    let find = |from: usize, needle: &[u8]| {
        from + pdf[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let xref = crate::pdfsyntax::rfind(&pdf, b"\nxref\n").unwrap() + 1;
    let header = xref + 5; // "0 N\n"
    let line_end = find(header, b"\n");
    let count: usize = std::str::from_utf8(&pdf[header + 2..line_end])
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let entries = line_end + 1;
    let rest = entries + 20 * count;
    // "0 N" then "1 1" listing object 1 again: the trailer follows, startxref is unchanged.
    let mut out = pdf[..rest].to_vec();
    out.extend_from_slice(b"1 1\n");
    out.extend_from_slice(&pdf[entries + 20..entries + 40]);
    out.extend_from_slice(&pdf[rest..]);
    let err = crate::render::extract_attachments(&out).unwrap_err();
    assert_eq!(err.code(), "pdf_malformed");
    assert!(err.to_string().contains("listed twice"), "{err}");
}

/// Prepares a seal signature on `pdf`, applies `edit` to the prepared bytes (same length, so the
/// cross-reference offsets stay right), then signs and attaches as a signer with their own tool
/// would: a correctly signed revision that is not the one hocba writes.
fn sign_edited(pdf: &[u8], edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let s = seal_p256();
    let prepared = prepare(pdf, &request(&s, T0)).unwrap();
    let mut bytes = prepared.prepared_pdf().to_vec();
    edit(&mut bytes);
    let edited = PreparedSignature::from_prepared_pdf(bytes, s.chain.clone(), s.alg).unwrap();
    let key = SigningKey::from_pkcs8_der(s.key, None).unwrap();
    let value = key.sign(edited.signed_attributes(), &mut Rng(1)).unwrap();
    edited.attach(&value).unwrap()
}

fn replace_after(bytes: &mut [u8], from: usize, old: &[u8], new: &[u8]) {
    assert_eq!(old.len(), new.len());
    let at = from
        + bytes[from..]
            .windows(old.len())
            .position(|w| w == old)
            .unwrap();
    bytes[at..at + old.len()].copy_from_slice(new);
}

#[test]
fn a_signature_widget_moved_or_redrawn_over_the_page_is_refused() {
    // QA qapdf/01: the signer's widget is a window onto the page; its place and its appearance
    // are what hocba writes, or a trusted signer could draw other marks over the signed ones.
    let pdf = rendered();
    let honest = sign_edited(&pdf, |_| {});
    assert_eq!(codes(&verify(&honest, &trust(), NOW).unwrap()), ["ok"]);
    let start = pdf.len();
    let moved = sign_edited(&pdf, |b| {
        replace_after(
            b,
            start,
            b"/Rect[322.76 48.00 552.76 90.00]",
            b"/Rect[233.00 394.0 251.00 410.0]",
        );
    });
    let redrawn = sign_edited(&pdf, |b| {
        replace_after(b, start, b"/BBox[0 0 230 42]", b"/BBox[0 0 23 4.2]");
    });
    let hidden = sign_edited(&pdf, |b| replace_after(b, start, b"/F 132", b"/F 130"));
    for (name, file) in [("moved", moved), ("redrawn", redrawn), ("hidden", hidden)] {
        let report = verify(&file, &trust(), NOW).unwrap();
        assert_eq!(
            codes(&report),
            ["pades_modified_after_signing"],
            "{name}: {report:?}"
        );
    }
}
