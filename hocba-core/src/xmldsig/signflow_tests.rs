//! The external-signing workflow's guards (QA pass 3): what verification refuses in the chain
//! is refused at `prepare`, with the fault named; an algorithm that does not fit the
//! certificate's key is named as such; a pending file whose chain was replaced is refused at
//! attach, and the checks before signing run again there; the bytes to sign given in place of
//! the pending file, and a signature given as text, are named.

use super::tests::{chain, key_with, read, time, unsigned};
use super::*;
use crate::envelope::{Algorithm, SignCheck, SignOptions, SystemRng, read_certificates};
use crate::trust::SignerRole;

fn cert(name: &str) -> Vec<u8> {
    read_certificates(&read(&format!("pki/certs/{name}.pem")))
        .unwrap()
        .swap_remove(0)
}

fn prepare_gvcn(chain: &[Vec<u8>], alg: Algorithm) -> Result<Prepared, XmlSigError> {
    let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
    prepare(
        &unsigned(),
        SignerRole::HomeroomTeacher,
        &refs,
        alg,
        time(0),
    )
}

fn fault(e: XmlSigError) -> ChainFault {
    match e {
        XmlSigError::ChainOrder { fault } => fault,
        other => panic!("not a chain-order error: {other:?}"),
    }
}

#[test]
fn prepare_refuses_a_chain_out_of_order_with_verifications_check_and_names_the_fault() {
    let c = chain("gvcn-rsa"); // leaf, its CA
    assert_eq!(c.len(), 2);
    assert!(prepare_gvcn(&c, Algorithm::Rs256).is_ok());
    // Leaf, an unrelated root, the CA (a common PEM bundle order): verification refuses it in
    // KeyInfo, so prepare refuses it before the token signs.
    let mixed = vec![c[0].clone(), cert("gov-root"), c[1].clone()];
    // CA first (as CA portals export): before, the CA was taken for the signer's certificate
    // (missing_digital_signature); the fault is the order.
    let reversed = vec![c[1].clone(), c[0].clone()];
    let repeated = vec![c[0].clone(), c[1].clone(), c[1].clone()];
    for (chain, expected) in [
        (&mixed, ChainFault::NotIssuer),
        (&reversed, ChainFault::LeafNotFirst),
        (&repeated, ChainFault::Repeated),
    ] {
        // One function for both: verification's reading of KeyInfo gives the same fault.
        assert_eq!(fault(read::check_chain_order(chain).unwrap_err()), expected);
        let err = prepare_gvcn(chain, Algorithm::Rs256).unwrap_err();
        assert_eq!(err.code(), "xmldsig_chain_order");
        let en = err.to_string();
        let vi = crate::Error::from(err.clone()).message(crate::Lang::Vi);
        assert_eq!(fault(err), expected);
        assert!(en.contains(expected.hint_en()), "{en}");
        assert!(vi.contains(expected.hint_vi()), "{vi}");
    }
    let vi = ChainFault::LeafNotFirst.hint_vi();
    assert!(vi.contains("người ký trước"), "{vi}");
}

#[test]
fn an_algorithm_that_does_not_fit_the_certificates_key_is_named_at_prepare() {
    let err = prepare_gvcn(&chain("gvcn-p384"), Algorithm::Es256).unwrap_err();
    assert_eq!(err.code(), "key_algorithm_mismatch");
    assert_eq!(
        err.to_string(),
        "the algorithm ES256 does not fit the certificate's key (ECDSA P-384): prepare with ES384"
    );
    assert!(!err.to_string().contains("signing key"));
    let vi = crate::Error::from(err).message(crate::Lang::Vi);
    assert_eq!(
        vi,
        "thuật toán ES256 không hợp với khóa của chứng thư số (ECDSA P-384): hãy chuẩn bị với ES384"
    );
    let err = prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Es384).unwrap_err();
    assert!(
        err.to_string().ends_with("prepare with RS256 or PS256"),
        "{err}"
    );
    // In-process, the algorithm is the key's: a key of another type is not the certificate's.
    let refs: Vec<Vec<u8>> = chain("gvcn-p384");
    let refs: Vec<&[u8]> = refs.iter().map(Vec::as_slice).collect();
    let err = sign(
        &unsigned(),
        &key_with("gvcn-rsa", Algorithm::Rs256),
        SignerRole::HomeroomTeacher,
        &refs,
        time(0),
        &mut SystemRng,
    )
    .unwrap_err();
    assert_eq!(err.code(), "xmldsig_prepare");
    assert!(
        err.to_string()
            .contains("signing key is not the certificate's key")
    );
}

fn pending_json(p: &Prepared) -> serde_json::Value {
    serde_json::from_slice(&p.to_file_bytes()).unwrap()
}

fn from_json(v: &serde_json::Value) -> Result<Prepared, XmlSigError> {
    Prepared::from_file_bytes(&serde_json::to_vec(v).unwrap())
}

fn b64_chain(c: &[Vec<u8>]) -> serde_json::Value {
    use base64::Engine;
    c.iter()
        .map(|d| base64::engine::general_purpose::STANDARD.encode(d))
        .collect::<Vec<_>>()
        .into()
}

#[test]
fn a_pending_file_whose_chain_was_replaced_is_refused_at_attach() {
    let p = prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Rs256).unwrap();
    let v = pending_json(&p);
    assert_eq!(v["format"], "hocba-xmldsig-pending/2");
    assert_eq!(v["checks_off"], serde_json::json!([]));
    assert!(from_json(&v).is_ok());
    // The chain swapped for the school seal's (RSA too: the SignedInfo does not change, as it
    // does not cover KeyInfo).
    let seal = chain("seal-rsa");
    let mut edited = v.clone();
    edited["chain"] = b64_chain(&seal);
    let err = from_json(&edited).unwrap_err();
    assert_eq!(err.code(), "xmldsig_pending_malformed");
    assert!(
        err.to_string().contains("certificate chain replaced"),
        "{err}"
    );
    // Its integrity value recomputed as well: the checks before signing run again at attach
    // and refuse the seal's certificate for a person's role, as verification would.
    let refs: Vec<&[u8]> = seal.iter().map(Vec::as_slice).collect();
    let forged = prepare_with(
        &unsigned(),
        SignerRole::HomeroomTeacher,
        &refs,
        Algorithm::Rs256,
        time(0),
        &SignOptions::unchecked(),
    )
    .unwrap();
    edited["document_sha256"] = forged.document_sha256().into();
    assert_eq!(
        from_json(&edited).unwrap_err().code(),
        "organisation_cert_for_person"
    );
    // A chain out of order is refused by the same check as at prepare.
    let c = chain("gvcn-rsa");
    let mut reversed = v.clone();
    reversed["chain"] = b64_chain(&[c[1].clone(), c[0].clone()]);
    assert_eq!(
        from_json(&reversed).unwrap_err().code(),
        "xmldsig_chain_order"
    );
}

#[test]
fn the_checks_turned_off_at_prepare_are_recorded_and_the_others_run_again_at_attach() {
    // A certificate of another person than the one the record names as GVCN (the
    // principal's): refused by the person check, prepared only with it turned off.
    let c = chain("principal-rsa");
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    let person = prepare_gvcn(&c, Algorithm::Rs256).unwrap_err().code();
    assert!(person.starts_with("signer_"), "{person}");
    let p = prepare_with(
        &unsigned(),
        SignerRole::HomeroomTeacher,
        &refs,
        Algorithm::Rs256,
        time(0),
        &SignOptions::default().without(SignCheck::Person),
    )
    .unwrap();
    let v = pending_json(&p);
    assert_eq!(v["checks_off"], serde_json::json!(["person"]));
    let back = from_json(&v).unwrap();
    assert_eq!(back.to_file_bytes(), p.to_file_bytes());
    // The record of the turned-off check removed: attach runs it and refuses.
    let mut all_on = v.clone();
    all_on["checks_off"] = serde_json::json!([]);
    assert_eq!(from_json(&all_on).unwrap_err().code(), person);
    let mut unknown = v;
    unknown["checks_off"] = serde_json::json!(["everything"]);
    assert_eq!(
        from_json(&unknown).unwrap_err().to_string(),
        "malformed pending signature (checks_off)"
    );
}

#[test]
fn a_pending_file_of_format_1_and_the_bytes_to_sign_are_named() {
    let p = prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Rs256).unwrap();
    let mut v = pending_json(&p);
    v["format"] = "hocba-xmldsig-pending/1".into();
    let err = from_json(&v).unwrap_err();
    assert_eq!(err.code(), "xmldsig_pending_malformed");
    assert!(err.to_string().contains("prepare again"), "{err}");
    // The `.tbs.bin` (the canonical SignedInfo) given where the pending file is expected, to
    // either reader: the same words as the COSE path's.
    let err = Prepared::from_file_bytes(p.signed_info()).unwrap_err();
    assert!(
        err.to_string()
            .contains("these are the bytes to sign (.tbs.bin)"),
        "{err}"
    );
    let err = crate::envelope::ToBeSigned::from_file_bytes(p.signed_info()).unwrap_err();
    assert_eq!(err.code(), "to_be_signed_malformed");
    let vi = crate::Error::from(err).message(crate::Lang::Vi);
    assert!(vi.contains("đây là dữ liệu cần ký (.tbs.bin)"), "{vi}");
}

#[test]
fn a_signature_given_as_hex_or_base64_text_is_named() {
    use base64::Engine;
    let p = || prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Rs256).unwrap();
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(p().signed_info(), &mut SystemRng)
        .unwrap();
    let hex_text = hex::encode(&sig);
    assert_eq!(
        attach(p(), hex_text.as_bytes()).unwrap_err().code(),
        "attach_hex_not_raw"
    );
    // `xxd -p` wraps at 60 characters, base64 at 76: still text.
    let wrapped: String = hex_text
        .as_bytes()
        .chunks(60)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(
        attach(p(), wrapped.as_bytes()).unwrap_err().code(),
        "attach_hex_not_raw"
    );
    let b64 = base64::engine::general_purpose::STANDARD.encode(&sig);
    let b64_wrapped: String = b64
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert_eq!(
        attach(p(), b64_wrapped.as_bytes()).unwrap_err().code(),
        "attach_base64_not_raw"
    );
    // Text that decodes to no valid signature is still text, not another key.
    let other = key_with("principal-rsa", Algorithm::Rs256)
        .sign(p().signed_info(), &mut SystemRng)
        .unwrap();
    let err = attach(p(), hex::encode(&other).as_bytes()).unwrap_err();
    assert_eq!(err.code(), "attach_hex_not_raw");
    assert!(err.to_string().contains("hexadecimal text"), "{err}");
    // The raw signature attaches.
    assert!(attach(p(), &sig).is_ok());
}

/// The GVCN's RSA private key of the test PKI.
fn gvcn_rsa_private() -> rsa::PrivateKey {
    let der = read("pki/keys/gvcn-rsa.pk8");
    rsa::pkcs8::DecodePrivateKey::from_pkcs8_der(&der).unwrap()
}

/// ADR 0272 on the XML path (the diagnosis is shared with COSE): a token's raw RSA "sign hash"
/// over the bare SHA-256 digest of the SignedInfo is named `attach_pkcs1_no_digest_info`.
#[test]
fn xml_attach_names_a_pkcs1_signature_over_the_bare_digest() {
    let p = prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Rs256).unwrap();
    let bare = gvcn_rsa_private()
        .sign(
            rsa::pkcs1v15::Pkcs1v15Sign {
                hash_len: None,
                prefix: Box::new([]),
            },
            &p.digest(),
        )
        .unwrap();
    let err = attach(p, &bare).unwrap_err();
    assert_eq!(err.code(), "attach_pkcs1_no_digest_info");
    assert!(err.to_string().contains("without the DigestInfo"), "{err}");
}

/// ADR 0273 on the XML path: `attach_with` runs the chain-to-roots check of `prepare` with
/// roots (refusing a chain that leads to none of them before the signature is written), and
/// says when it did not run.
#[test]
fn xml_attach_checks_the_chain_to_roots_when_given_them() {
    let p = prepare_gvcn(&chain("gvcn-rsa"), Algorithm::Rs256).unwrap();
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(p.signed_info(), &mut SystemRng)
        .unwrap();
    let checked = attach_with(p.clone(), &sig, Some(&super::tests::trust())).unwrap();
    assert_eq!(checked.roots.code(), "chained");
    let unchecked = attach_with(p.clone(), &sig, None).unwrap();
    assert_eq!(unchecked.roots, crate::envelope::RootsCheck::NotChecked);
    assert_eq!(unchecked.signed, checked.signed);
    let mut other = crate::trust::TrustStore::new();
    other
        .add_roots_pem(&read("pki/certs/unknown-root.pem"))
        .unwrap();
    let err = attach_with(p, &sig, Some(&other)).unwrap_err();
    assert!(matches!(err, XmlSigError::Refused(_)), "{err:?}");
    assert_eq!(err.code(), "unknown_issuer");
}
