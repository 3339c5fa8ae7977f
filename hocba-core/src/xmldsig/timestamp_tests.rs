//! Time-stamped national XML (ADR 0160): a token attached after signing keeps every signature
//! valid, is read only at its one place, and moves the judgement of the signer's chain to the
//! token's time.

use super::tests::{chain, key, named, now, read, sign, unsigned};
use super::*;
use crate::envelope::{SignerFailure, Status, SystemRng};
use crate::timestamp::TimestampRequest;
use crate::timestamp::tests::{Spec, make_token, openssl_tsa, response};
use crate::trust::{RevocationPolicy, SignerRole, TrustPolicy, TrustStore, UnixTime};

/// 2026-01-15T00:00:00Z: the teacher's claimed signing time, before the revocation of
/// `gvcn-revoked-p256` on 2026-03-01.
const CLAIMED: UnixTime = UnixTime::from_secs(1_768_435_200);

fn store(revocation: RevocationPolicy) -> TrustStore {
    let mut t = TrustStore::new().with_policy(TrustPolicy {
        revocation,
        ..TrustPolicy::default()
    });
    t.add_roots_pem(&read("pki/roots.pem")).unwrap();
    t.add_tsa_roots_pem(&read("pki/tsa-roots.pem")).unwrap();
    for c in ["gov-ca", "gov-ca-rsa", "public-ca"] {
        t.add_crl_der(&read(&format!("pki/crl/{c}.crl"))).unwrap();
    }
    t
}

fn refs(c: &[Vec<u8>]) -> Vec<&[u8]> {
    c.iter().map(Vec::as_slice).collect()
}

/// The fixture naming `teacher`, signed by it as GVCN at `claimed`.
fn teacher_signed(teacher: &str, claimed: UnixTime) -> Vec<u8> {
    let xml = named(unsigned(), teacher, "principal-rsa");
    let c = chain(teacher);
    sign(
        &xml,
        &key(teacher),
        SignerRole::HomeroomTeacher,
        &refs(&c),
        claimed,
        &mut SystemRng,
    )
    .unwrap()
}

/// `xml` with a built token at `gen_time` on the GVCN signature.
fn stamped(xml: &[u8], gen_time: &str) -> Vec<u8> {
    let req = timestamp_request(xml, SignerRole::HomeroomTeacher, Some(&[0x5a; 8])).unwrap();
    let token = make_token(&Spec {
        imprint: *req.imprint(),
        time: gen_time,
        nonce: Some(&[0x5a; 8]),
        ..Spec::default()
    });
    attach_timestamp(
        xml,
        SignerRole::HomeroomTeacher,
        &response(&token),
        Some(&req),
    )
    .unwrap()
}

/// The principal and the seal sign after the teacher.
fn completed(xml: Vec<u8>) -> Vec<u8> {
    let mut xml = xml;
    for (i, (role, name)) in [
        (SignerRole::Principal, "principal-rsa"),
        (SignerRole::SchoolSeal, "seal-rsa"),
    ]
    .into_iter()
    .enumerate()
    {
        let c = chain(name);
        xml = sign(
            &xml,
            &key(name),
            role,
            &refs(&c),
            super::tests::time(i as i64),
            &mut SystemRng,
        )
        .unwrap();
    }
    xml
}

fn teacher_outcome(xml: &[u8], policy: RevocationPolicy) -> crate::envelope::SignerReport {
    let r = verify(xml, &store(policy), now()).unwrap().into_parts().0;
    r.signers.into_iter().next().unwrap()
}

fn code(s: &crate::envelope::SignerReport) -> Option<&'static str> {
    s.outcome.as_ref().err().map(SignerFailure::code)
}

#[test]
fn a_time_stamp_before_the_revocation_settles_a_strict_verification() {
    let signed = teacher_signed("gvcn-revoked-p256", CLAIMED);
    // Without a token, Strict cannot believe the claim (ADR 0141).
    let bare = completed(signed.clone());
    let s = teacher_outcome(&bare, RevocationPolicy::Strict);
    assert_eq!(code(&s), Some("revoked_after_claimed_time"));
    assert_eq!(s.time_source(), "claimed");
    // A token from 2026-01-15T00:10Z, before the revocation: valid, judged at the token.
    let doc = completed(stamped(&signed, "20260115001000Z"));
    let r = verify(&doc, &store(RevocationPolicy::Strict), now())
        .unwrap()
        .into_parts()
        .0;
    assert_eq!(r.status, Status::Valid, "{:?}", r.signers[0].outcome);
    let s = &r.signers[0];
    assert_eq!(s.time_source(), "timestamp");
    let t = s.timestamp.as_ref().unwrap();
    assert_eq!(t.time.to_rfc3339(), "2026-01-15T00:10:00Z");
    assert_eq!(t.tsa_name, "Hocba Test TSA");
    assert_eq!(s.judged_at(), t.time);
    assert_eq!(
        s.revoked_later.map(|l| l.revoked_at.to_rfc3339()),
        Some("2026-03-01T00:00:00Z".into())
    );
    assert_eq!(r.signers[1].time_source(), "claimed");
    let json = r.to_json(crate::Lang::En);
    assert_eq!(json["signers"][0]["time_source"], "timestamp");
    assert_eq!(
        json["signers"][0]["timestamp"]["time"],
        "2026-01-15T00:10:00Z"
    );
    assert_eq!(json["signers"][1]["time_source"], "claimed");
    assert!(r.to_text(crate::Lang::Vi).contains("dấu thời gian"));
}

#[test]
fn a_back_dated_claim_is_judged_at_the_token_time() {
    // The claim says 2026-01-15, the token proves 2026-04-01: after the revocation.
    let doc = completed(stamped(
        &teacher_signed("gvcn-revoked-p256", CLAIMED),
        "20260401000000Z",
    ));
    for policy in [
        RevocationPolicy::AtSigningTime,
        RevocationPolicy::Strict,
        RevocationPolicy::Any,
    ] {
        let s = teacher_outcome(&doc, policy);
        assert_eq!(code(&s), Some("cert_revoked"), "{policy:?}");
        assert_eq!(s.time_source(), "timestamp");
    }
    // A token earlier than the claim (beyond the 300 s skew) is refused.
    let early = completed(stamped(
        &teacher_signed("gvcn-revoked-p256", CLAIMED),
        "20260114000000Z",
    ));
    let s = teacher_outcome(&early, RevocationPolicy::AtSigningTime);
    assert_eq!(code(&s), Some("timestamp_before_signing_time"));
}

#[test]
fn attaching_keeps_signatures_and_is_refused_where_it_would_break_one() {
    let signed = teacher_signed("gvcn-p256", super::tests::time(0));
    let doc = stamped(&signed, "20260601000100Z");
    // Every byte outside the new Object is kept; the signature still verifies (and the
    // principal's chained reference will cover the token).
    let added = doc.len() - signed.len();
    let at = signed
        .windows(15)
        .rposition(|w| w == b"</ds:Signature>")
        .unwrap();
    assert_eq!(&doc[..at], &signed[..at]);
    assert_eq!(&doc[at + added..], &signed[at..]);
    let u = UnverifiedXml::from_bytes(&doc).unwrap();
    assert_eq!(u.roles(), [SignerRole::HomeroomTeacher]);
    let full = completed(doc.clone());
    let r = verify(&full, &store(RevocationPolicy::Strict), now())
        .unwrap()
        .into_parts()
        .0;
    assert_eq!(r.status, Status::Valid);
    assert_eq!(r.signers[0].time_source(), "timestamp");
    // Twice, or after the principal signed (it covers the GVCN signature): refused.
    let req = timestamp_request(&doc, SignerRole::HomeroomTeacher, None);
    assert_eq!(req.unwrap_err().code(), "xmldsig_prepare");
    let bare_full = completed(signed.clone());
    let e = timestamp_request(&bare_full, SignerRole::HomeroomTeacher, None).unwrap_err();
    assert_eq!(e.code(), "xmldsig_prepare");
    // A response for other data, or to another nonce, is refused before anything is written.
    let req = timestamp_request(&signed, SignerRole::HomeroomTeacher, Some(&[1])).unwrap();
    let other = make_token(&Spec {
        imprint: [7; 32],
        nonce: Some(&[1]),
        ..Spec::default()
    });
    let e = attach_timestamp(
        &signed,
        SignerRole::HomeroomTeacher,
        &response(&other),
        Some(&req),
    )
    .unwrap_err();
    assert_eq!(e.code(), "timestamp_imprint_mismatch");
    let other_nonce = make_token(&Spec {
        imprint: *req.imprint(),
        nonce: Some(&[2]),
        ..Spec::default()
    });
    let e = attach_timestamp(
        &signed,
        SignerRole::HomeroomTeacher,
        &response(&other_nonce),
        Some(&req),
    )
    .unwrap_err();
    assert_eq!(e.code(), "timestamp_nonce_mismatch");
    // A request for another document's signature does not fit this one.
    let foreign = TimestampRequest::new(b"another signature", None).unwrap();
    let e = attach_timestamp(
        &signed,
        SignerRole::HomeroomTeacher,
        &response(&other),
        Some(&foreign),
    )
    .unwrap_err();
    assert_eq!(e.code(), "timestamp_imprint_mismatch");
}

#[test]
fn the_time_stamp_is_read_only_at_its_place() {
    let signed = teacher_signed("gvcn-p256", super::tests::time(0));
    let doc = String::from_utf8(stamped(&signed, "20260601000100Z")).unwrap();
    let start = doc.find("<ds:Object><xades:").unwrap();
    let end = doc.rfind("</ds:Signature>").unwrap();
    let object = &doc[start..end];
    let inner_start = object.find("<xades:SignatureTimeStamp>").unwrap();
    let inner_end = object.find("</xades:SignatureTimeStamp>").unwrap() + 27;
    let sts = &object[inner_start..inner_end];
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "two time-stamp Objects",
            format!("{}{object}{}", &doc[..end], &doc[end..]),
            "xmldsig_structure",
        ),
        (
            "two SignatureTimeStamp",
            doc.replacen(sts, &format!("{sts}{sts}"), 1),
            "xmldsig_structure",
        ),
        (
            "Target naming another signature",
            doc.replacen(
                "Target=\"#sig-GVCN\"><xades:",
                "Target=\"#sig-CBQL\"><xades:",
                1,
            ),
            "xmldsig_structure",
        ),
        (
            "another XAdES property beside it",
            doc.replacen(
                "<xades:UnsignedSignatureProperties>",
                "<xades:UnsignedSignatureProperties><xades:CounterSignature/>",
                1,
            ),
            "xmldsig_structure",
        ),
        (
            "the Object inside the data",
            format!("{}{}", &doc[..start], &doc[end..]).replacen(
                "</DU_LIEU_HOC_BA>",
                &format!("{object}</DU_LIEU_HOC_BA>"),
                1,
            ),
            // `ds:` is not declared there: the strict front refuses it before any digest.
            "xml_namespace",
        ),
        (
            "an XPath canonicalization",
            doc.replacen(
                "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><xades:Enc",
                "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"/><xades:Enc",
                1,
            ),
            "xmldsig_transform",
        ),
    ];
    for (what, xml, expected) in cases {
        let got = match UnverifiedXml::from_bytes(xml.as_bytes()) {
            Err(e) => e.code(),
            Ok(u) => {
                let r = u.verify(&store(RevocationPolicy::AtSigningTime), now());
                r.report().error.unwrap_or("valid")
            }
        };
        assert_eq!(got, expected, "{what}");
    }
    // The token of another signature (other imprint) in this one: refused when verified.
    let other = stamped(
        &teacher_signed("gvcn-p256", super::tests::time(1)),
        "20260601020000Z",
    );
    let other = String::from_utf8(other).unwrap();
    let token_of = |d: &str| {
        let a = d.find("<xades:EncapsulatedTimeStamp>").unwrap() + 29;
        let b = d.find("</xades:EncapsulatedTimeStamp>").unwrap();
        d[a..b].to_owned()
    };
    let swapped = doc.replacen(&token_of(&doc), &token_of(&other), 1);
    let r = verify(
        swapped.as_bytes(),
        &store(RevocationPolicy::AtSigningTime),
        now(),
    )
    .unwrap()
    .into_parts()
    .0;
    assert_eq!(r.error, Some("timestamp_imprint_mismatch"));
}

/// A real TSA (`openssl ts -reply`) stamps the teacher's signature; the record still verifies
/// with hocba and, when installed, with xmlsec1.
#[test]
fn an_openssl_time_stamp_is_attached_and_verified() {
    let Some(tsa) = openssl_tsa("xml") else {
        return;
    };
    let wall = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    // Claimed an hour ago (the test certificates are valid until 2029).
    let claimed = UnixTime::from_secs(wall - 3600);
    let signed = teacher_signed("gvcn-revoked-p256", claimed);
    let req = timestamp_request(&signed, SignerRole::HomeroomTeacher, Some(&[9; 8])).unwrap();
    let resp = tsa.reply(req.to_der());
    let doc = attach_timestamp(&signed, SignerRole::HomeroomTeacher, &resp, Some(&req)).unwrap();
    let at = UnixTime::from_secs(wall + 60);
    // The certificate was revoked on 2026-03-01, before the token's (real) time.
    let r = verify(&doc, &store(RevocationPolicy::Strict), at)
        .unwrap()
        .into_parts()
        .0;
    let s = &r.signers[0];
    assert_eq!(s.time_source(), "timestamp");
    assert_eq!(code(s), Some("cert_revoked"));
    // An unrevoked teacher's stamped signature is valid, judged at the token's time.
    let signed = teacher_signed("gvcn-p256", claimed);
    let req = timestamp_request(&signed, SignerRole::HomeroomTeacher, None).unwrap();
    let doc = attach_timestamp(
        &signed,
        SignerRole::HomeroomTeacher,
        &tsa.reply(req.to_der()),
        None,
    )
    .unwrap();
    let r = verify(&doc, &store(RevocationPolicy::Strict), at)
        .unwrap()
        .into_parts()
        .0;
    let s = &r.signers[0];
    assert!(s.outcome.is_ok(), "{:?}", s.outcome);
    assert_eq!(s.time_source(), "timestamp");
    assert!((s.judged_at().secs() - wall).abs() < 600);
    // xmlsec1 still verifies the signature (the token is outside SignedInfo).
    if std::process::Command::new("xmlsec1")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: xmlsec1 is not installed");
        return;
    }
    let file = std::env::temp_dir().join(format!("hocba-tsa-xmlsec-{}.xml", std::process::id()));
    std::fs::write(&file, &doc).unwrap();
    let roots = super::tests::vectors().join("pki/roots.pem");
    let out = std::process::Command::new("xmlsec1")
        .args(["--verify", "--trusted-pem"])
        .arg(&roots)
        .args([
            "--id-attr:Id",
            "DU_LIEU_HOC_BA",
            "--id-attr:Id",
            "Signature",
            "--id-attr:Id",
            "SignatureProperties",
            "--node-id",
            "sig-GVCN",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "xmlsec1: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
