use time::macros::datetime;

use super::*;
use crate::model::YearRecord;
use crate::synth;

/// Test stand-in for signed bytes: any bytes work for embedding; these decode back to the record.
fn fake_signed(r: &YearRecord) -> Vec<u8> {
    crate::model::to_json_pretty(r).into_bytes()
}

fn verified() -> SignatureStatus {
    let s = |role, name: &str, t| VerifiedSigner {
        role,
        name: name.to_owned(),
        organisation: Some("Trường Tiểu học Trần Quốc Toản".to_owned()),
        issuer: "CA thử nghiệm hocba".to_owned(),
        signing_time: t,
    };
    SignatureStatus::Verified(vec![
        s(
            SignerRole::HomeroomTeacher,
            "Phan Văn Lực",
            datetime!(2024-05-24 09:15:00 +7),
        ),
        s(
            SignerRole::Principal,
            "Nguyễn Văn Bình",
            datetime!(2024-05-27 14:02:11 +7),
        ),
        s(
            SignerRole::SchoolSeal,
            "Trường Tiểu học Trần Quốc Toản",
            datetime!(2024-05-27 14:03:40 +7),
        ),
    ])
}

/// Test stand-in for the envelope's verifier: decodes the stand-in signed bytes.
fn fake_verify(bytes: &[u8]) -> Result<(YearRecord, SignatureStatus), crate::Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| RenderError::NoSignedRecord)?;
    Ok((crate::model::year_record_from_json(text)?, verified()))
}

#[test]
fn two_renders_are_byte_identical() {
    let t = synth::demo_transcript();
    let signed = fake_signed(&t.years[4]);
    let input = YearInput {
        record: &t.years[4],
        signed: Some(&signed),
        status: verified(),
    };
    assert_eq!(render_year(&input).unwrap(), render_year(&input).unwrap());
    let tr = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &t.enrolments,
        years: t
            .years
            .iter()
            .map(|r| YearInput {
                record: r,
                signed: None,
                status: SignatureStatus::Unsigned,
            })
            .collect(),
    };
    assert_eq!(
        render_transcript(&tr).unwrap(),
        render_transcript(&tr).unwrap()
    );
}

#[test]
fn the_embedded_record_comes_back_byte_for_byte() {
    let t = synth::demo_transcript();
    let signed = fake_signed(&t.years[2]);
    let pdf = render_year(&YearInput {
        record: &t.years[2],
        signed: Some(&signed),
        status: verified(),
    })
    .unwrap();
    assert_eq!(extract_signed(&pdf).unwrap(), signed);
    let all = extract_attachments(&pdf).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "hocba-2022-2023-lop3.cose");
    let report = verify_pdf(&pdf, fake_verify).unwrap();
    assert!(report.is_valid() && !report.transcript && report.years.len() == 1);
}

#[test]
fn an_unsigned_record_has_nothing_to_extract() {
    let t = synth::demo_transcript();
    let pdf = render_year(&YearInput {
        record: &t.years[0],
        signed: None,
        status: SignatureStatus::Unsigned,
    })
    .unwrap();
    assert_eq!(extract_signed(&pdf), Err(RenderError::NoSignedRecord));
}

#[test]
fn a_transcript_carries_every_year_and_its_context() {
    let t = synth::demo_transcript();
    let signed: Vec<Vec<u8>> = t.years.iter().map(fake_signed).collect();
    let tr = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &t.enrolments,
        years: t
            .years
            .iter()
            .zip(&signed)
            .map(|(r, s)| YearInput {
                record: r,
                signed: Some(s),
                status: verified(),
            })
            .collect(),
    };
    let pdf = render_transcript(&tr).unwrap();
    let all = extract_attachments(&pdf).unwrap();
    assert_eq!(all.len(), 6);
    for (r, s) in t.years.iter().zip(&signed) {
        let a = all.iter().find(|a| a.name == attachment_name(r)).unwrap();
        assert_eq!(&a.bytes, s);
    }
    let ctx = all.iter().find(|a| a.name == CONTEXT_ATTACHMENT).unwrap();
    let ctx = TranscriptContext::from_json_bytes(&ctx.bytes).unwrap();
    assert_eq!(ctx.pupil, t.pupil);
    assert_eq!(ctx.enrolments, t.enrolments);
    assert_eq!(
        extract_signed(&pdf),
        Err(RenderError::SeveralSignedRecords(5))
    );
    // Re-rendering from what the PDF carries gives the same bytes.
    let rerender = TranscriptInput {
        pupil: &ctx.pupil,
        enrolments: &ctx.enrolments,
        years: tr.years.clone(),
    };
    assert_eq!(
        check_rendered_from(&pdf, &render_transcript(&rerender).unwrap()),
        Ok(())
    );
    let report = verify_pdf(&pdf, fake_verify).unwrap();
    assert!(report.is_valid() && report.transcript && report.years.len() == 5);
    // A year whose signatures do not verify makes the whole PDF invalid.
    let mut n = 0;
    let report = verify_pdf(&pdf, |b| {
        n += 1;
        let (r, s) = fake_verify(b)?;
        let invalid = SignatureStatus::Invalid {
            code: "signature_invalid".to_owned(),
        };
        Ok((r, if n == 3 { invalid } else { s }))
    })
    .unwrap();
    assert!(!report.is_valid() && !report.pages_match);
}

#[test]
fn a_tampered_attachment_fails_the_rendered_from_check() {
    let t = synth::demo_transcript();
    let signed = fake_signed(&t.years[3]);
    let mut pdf = render_year(&YearInput {
        record: &t.years[3],
        signed: Some(&signed),
        status: verified(),
    })
    .unwrap();
    // Change the homeroom teacher's printed name inside the embedded bytes (same length, so
    // the cross-reference table stays valid and extraction still succeeds).
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
            + from
            + needle.len()
    };
    let at = find(&pdf, b"\"homeroom_teacher\"", 0);
    let at = find(&pdf, b"\"full_name\": \"", at);
    pdf[at] = if pdf[at] == b'X' { b'Y' } else { b'X' };
    let extracted = extract_signed(&pdf).unwrap();
    assert_ne!(extracted, signed);
    let report = verify_pdf(&pdf, fake_verify).unwrap();
    assert!(!report.pages_match && !report.is_valid());
}

#[test]
fn signatures_are_printed_only_from_verification() {
    let t = synth::demo_transcript();
    let r = &t.years[1];
    let signed = fake_signed(r);
    let ok = render_year(&YearInput {
        record: r,
        signed: Some(&signed),
        status: verified(),
    })
    .unwrap();
    let bad = render_year(&YearInput {
        record: r,
        signed: Some(&signed),
        status: SignatureStatus::Invalid {
            code: "signature_invalid".to_owned(),
        },
    })
    .unwrap();
    assert_ne!(ok, bad);
    // The metadata date comes from the latest verified signing time; unsigned/invalid: 31 May.
    let date = |pdf: &[u8]| {
        let k = b"/CreationDate(D:";
        let at = pdf.windows(k.len()).position(|w| w == k).unwrap() + k.len();
        String::from_utf8(pdf[at..at + 14].to_vec()).unwrap()
    };
    assert_eq!(date(&ok), "20240527070340");
    assert_eq!(date(&bad), "20220531000000");
}

#[test]
fn extraction_rejects_what_is_not_ours() {
    assert_eq!(
        extract_attachments(b"hello"),
        Err(RenderError::Malformed("no %PDF- header"))
    );
    assert!(matches!(
        extract_attachments(b"%PDF-1.7\n%%EOF"),
        Err(RenderError::Malformed(_))
    ));
    let t = synth::demo_transcript();
    let signed = fake_signed(&t.years[0]);
    let pdf = render_year(&YearInput {
        record: &t.years[0],
        signed: Some(&signed),
        status: verified(),
    })
    .unwrap();
    // Every truncation is rejected or yields the exact bytes; none panics.
    for cut in (0..pdf.len()).step_by(97) {
        match extract_signed(&pdf[..cut]) {
            Ok(b) => assert_eq!(b, signed),
            Err(e) => assert!(e.code().starts_with("pdf_")),
        }
    }
}

#[test]
fn a_row_longer_than_a_page_is_continued_not_cut() {
    let mut t = synth::demo_transcript();
    let r = &mut t.years[0];
    let long =
        "Em tiến bộ rõ rệt trong học kì II, đọc to, rõ ràng và hiểu nội dung bài đọc. ".repeat(25);
    let long = &long[..long.floor_char_boundary(crate::model::MAX_TEXT_BYTES)];
    for s in &mut r.subjects {
        s.comment = Some(crate::model::Text::new(long).unwrap());
    }
    let pdf = render_year(&YearInput {
        record: r,
        signed: None,
        status: SignatureStatus::Unsigned,
    })
    .unwrap();
    // 2000-byte comments on every subject need many pages; rendering succeeds.
    let pages = pdf
        .windows(b"/Type/Page/".len())
        .filter(|w| w == b"/Type/Page/")
        .count();
    assert!(pages >= 5, "{pages} pages");
}

#[test]
fn qr_reference_is_compact_and_documented() {
    let t = synth::demo_transcript();
    let r = &t.years[4];
    let input = YearInput {
        record: r,
        signed: None,
        status: SignatureStatus::Unsigned,
    };
    let code = r.pupil.pupil_code.as_ref().unwrap().as_str().to_owned();
    assert_eq!(
        qr_reference(&input, None),
        format!("HOCBA1;{code};2024-2025;5;{};chua-ky", r.result.code())
    );
    let d = signed_digest_hex(b"x");
    assert_eq!(
        qr_reference(&input, Some(&d)).len(),
        7 + code.len() + 1 + 9 + 1 + 1 + 1 + r.result.code().len() + 1 + 64
    );
    // The longest possible reference still fits version 9-Q.
    let longest = format!("HOCBA1;{};2024-2025;5;cht;{d}", "x".repeat(32));
    assert!(qr::encode(&longest).is_ok());
}

mod robustness {
    use proptest::prelude::*;

    use super::*;

    fn sample() -> &'static [u8] {
        static PDF: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        PDF.get_or_init(|| {
            let t = synth::demo_transcript();
            let signed = fake_signed(&t.years[0]);
            render_year(&YearInput {
                record: &t.years[0],
                signed: Some(&signed),
                status: verified(),
            })
            .unwrap()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Mutated PDFs are answered with a `pdf_*` error or with attachments; never a panic.
        #[test]
        fn extraction_never_panics_on_mutated_input(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in any::<prop::sample::Index>(),
        ) {
            let mut pdf = sample().to_vec();
            for (i, b) in edits {
                let at = i.index(pdf.len());
                pdf[at] = b;
            }
            let end = pdf.len() - cut.index(pdf.len() / 4 + 1);
            match extract_attachments(&pdf[..end]) {
                Ok(all) => prop_assert!(all.len() <= 1),
                Err(e) => prop_assert!(e.code().starts_with("pdf_")),
            }
        }

        /// Arbitrary bytes behind a PDF header: rejected or parsed, never a panic.
        #[test]
        fn extraction_never_panics_on_arbitrary_bytes(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(tail);
            if let Err(e) = extract_attachments(&pdf) {
                prop_assert!(e.code().starts_with("pdf_"));
            }
        }
    }
}

#[test]
fn only_a_fully_verified_record_is_printed_without_the_void_marking() {
    let all = verified();
    let SignatureStatus::Verified(signers) = &all else {
        unreachable!()
    };
    assert!(all.is_fully_verified());
    let two = signers[..2].to_vec();
    assert!(!SignatureStatus::Verified(two.clone()).is_fully_verified());
    assert!(!SignatureStatus::Incomplete(two.clone()).is_fully_verified());
    assert!(!SignatureStatus::Unsigned.is_fully_verified());
    let t = synth::demo_transcript();
    let r = &t.years[2];
    let render = |status| {
        render_year(&YearInput {
            record: r,
            signed: None,
            status,
        })
        .unwrap()
    };
    let incomplete = render(SignatureStatus::Incomplete(two.clone()));
    // The void watermark's text is drawn only on pages of records that are not fully verified.
    let full = render(all.clone());
    assert_ne!(incomplete, full);
    assert_ne!(render(SignatureStatus::Verified(two)), full);
}

/// With real signatures from the envelope and the test PKI (`tests/vectors/pki/`).
mod signed {
    use super::*;
    use crate::envelope::{Envelope, SigningKey, UnverifiedRecord};
    use crate::model::{PrincipalCapacity, Text};
    use crate::trust::{TrustStore, UnixTime};

    macro_rules! pki {
        ($path:literal) => {
            include_bytes!(concat!("../../../tests/vectors/pki/", $path)).as_slice()
        };
    }

    /// 2027-05-25T08:00:00Z, and the verification time a week later.
    const T0: i64 = 1_811_232_000;
    const AT: UnixTime = UnixTime::from_secs(1_811_808_000);

    use crate::envelope::tests::TestRng as Rng;

    fn trust() -> TrustStore {
        let mut t = TrustStore::new();
        t.add_roots_pem(pki!("roots.pem")).unwrap();
        t
    }

    fn signed_record() -> (YearRecord, Vec<u8>) {
        let mut r = synth::demo_transcript().years[3].clone();
        r.school.name = Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
        r.principal.capacity = PrincipalCapacity::OnBehalf;
        crate::synth::name_signers(
            &mut r,
            pki!("certs/gvcn-ed25519.der"),
            pki!("certs/vice-principal-ed25519.der"),
        );
        let key = |der| SigningKey::from_pkcs8_der(der, None).unwrap();
        let gov_ca = pki!("certs/gov-ca.der");
        let mut rng = Rng(1);
        let e = Envelope::new(&r)
            .sign(
                &key(pki!("keys/gvcn-ed25519.pk8")),
                SignerRole::HomeroomTeacher,
                &[pki!("certs/gvcn-ed25519.der"), gov_ca],
                UnixTime::from_secs(T0),
                &mut rng,
            )
            .and_then(|e| {
                e.sign(
                    &key(pki!("keys/vice-principal-ed25519.pk8")),
                    SignerRole::Principal,
                    &[pki!("certs/vice-principal-ed25519.der"), gov_ca],
                    UnixTime::from_secs(T0 + 3600),
                    &mut rng,
                )
            })
            .and_then(|e| {
                e.sign(
                    &key(pki!("keys/seal-p384.pk8")),
                    SignerRole::SchoolSeal,
                    &[pki!("certs/seal-p384.der"), gov_ca],
                    UnixTime::from_secs(T0 + 7200),
                    &mut rng,
                )
            })
            .unwrap();
        (r, e.to_bytes().unwrap())
    }

    fn verify_cose(bytes: &[u8]) -> Result<(YearRecord, SignatureStatus), crate::Error> {
        let unverified = UnverifiedRecord::from_bytes(bytes)?;
        let record = unverified.record_unverified().clone();
        let v = unverified.verify(&trust(), AT);
        Ok((record, SignatureStatus::from_report(v.report())))
    }

    #[test]
    fn a_signed_record_renders_as_signed_and_the_pdf_alone_verifies() {
        let (record, cose) = signed_record();
        let (decoded, status) = verify_cose(&cose).unwrap();
        assert_eq!(decoded, record);
        assert!(status.is_fully_verified(), "{status:?}");
        assert_eq!(status.signers().len(), 3);
        let pdf = render_year(&YearInput {
            record: &decoded,
            signed: Some(&cose),
            status,
        })
        .unwrap();
        assert_eq!(extract_signed(&pdf).unwrap(), cose);
        let report = verify_pdf(&pdf, verify_cose).unwrap();
        assert!(report.is_valid());

        // One flipped byte in the embedded signed record: the signature no longer verifies
        // (or the bytes no longer decode), and the pages no longer match.
        let at = pdf
            .windows(cose.len())
            .position(|w| w == cose.as_slice())
            .unwrap()
            + cose.len() / 2;
        let mut tampered = pdf.clone();
        tampered[at] ^= 0x01;
        match verify_pdf(&tampered, verify_cose) {
            Ok(r) => assert!(!r.is_valid() && !r.pages_match),
            Err(e) => assert!(!e.code().is_empty()),
        }
    }

    /// A PDF rendered while its record verified, checked by a verifier that does not accept the
    /// record (its root not trusted there — an app shipping only the government root — or a
    /// signer revoked since): the re-rendering carries the "KHÔNG CÓ GIÁ TRỊ" banner, so the
    /// pages differ too, but the reason to give is the record's, not a forged page (ADR 0280).
    #[test]
    fn a_record_the_verifier_refuses_is_the_first_reason_not_the_pages() {
        let (_, cose) = signed_record();
        let (decoded, status) = verify_cose(&cose).unwrap();
        let pdf = render_year(&YearInput {
            record: &decoded,
            signed: Some(&cose),
            status,
        })
        .unwrap();
        let untrusting = |bytes: &[u8]| {
            let unverified = UnverifiedRecord::from_bytes(bytes)?;
            let record = unverified.record_unverified().clone();
            let v = unverified.verify(&TrustStore::new(), AT);
            Ok((record, SignatureStatus::from_report(v.report())))
        };
        let report = verify_pdf(&pdf, untrusting).unwrap();
        assert!(!report.is_valid());
        assert!(!report.pages_match, "rendered as valid, re-rendered as not");
        assert_eq!(report.error(), Some("record_invalid"));
    }

    /// The one entry point every front end uses: the embedded record and the pages, then a
    /// PAdES seal over them (a new revision), then one byte changed inside the signed range.
    #[test]
    fn verify_signed_pdf_checks_the_pades_seal_and_the_embedded_record() {
        use crate::pades::{self, SignRequest};
        let (_, cose) = signed_record();
        let (decoded, status) = verify_cose(&cose).unwrap();
        let pdf = render_year(&YearInput {
            record: &decoded,
            signed: Some(&cose),
            status,
        })
        .unwrap();
        let plain = super::super::verify_signed_pdf(&pdf, &trust(), AT).unwrap();
        assert!(
            plain.is_valid() && plain.pades.is_none(),
            "{:?}",
            plain.error()
        );
        assert_eq!(plain.records.len(), 1);

        let key = SigningKey::from_pkcs8_der(
            pki!("keys/seal-rsa-gov.pk8"),
            Some(crate::envelope::Algorithm::Rs256),
        )
        .unwrap();
        let request = SignRequest {
            chain: vec![
                pki!("certs/seal-rsa-gov.der").to_vec(),
                pki!("certs/gov-ca-rsa.der").to_vec(),
            ],
            algorithm: crate::envelope::Algorithm::Rs256,
            signing_time: UnixTime::from_secs(T0 + 10_800),
        };
        let sealed = pades::sign(&pdf, &request, &key, &mut Rng(3)).unwrap();
        let checked = super::super::verify_signed_pdf(&sealed, &trust(), AT).unwrap();
        let seal = checked.pades.as_ref().expect("the PAdES seal is reported");
        assert_eq!(seal.signatures.len(), 1);
        assert!(checked.is_valid(), "{:?}", checked.error());
        assert!(
            checked.pdf.pages_match,
            "the signed revision is the rendered PDF"
        );

        // One byte of the rendered revision changed: the seal's digest fails, so the PDF is
        // invalid even if the embedded record were still intact.
        let mut changed = sealed.clone();
        let at = pdf.len() / 3;
        changed[at] ^= 0x01;
        match super::super::verify_signed_pdf(&changed, &trust(), AT) {
            Ok(r) => assert!(!r.is_valid(), "a changed byte passed"),
            Err(e) => assert!(!e.code().is_empty()),
        }
    }

    /// QA qapdf/02: a PDF signature by a trusted certificate that signed none of the embedded
    /// records (another school's seal, another school's principal, a parent's personal
    /// certificate from a public CA) does not seal this học bạ; the record's own school does.
    #[test]
    fn a_pdf_signature_counts_only_from_a_signer_of_the_embedded_record() {
        use crate::envelope::Algorithm;
        use crate::pades::{self, SignRequest};
        let (_, cose) = signed_record();
        let (decoded, status) = verify_cose(&cose).unwrap();
        let pdf = render_year(&YearInput {
            record: &decoded,
            signed: Some(&cose),
            status,
        })
        .unwrap();
        let seal = |key: &[u8], certs: &[&[u8]], alg| {
            let key = SigningKey::from_pkcs8_der(key, Some(alg)).unwrap();
            let request = SignRequest {
                chain: certs.iter().map(|c| c.to_vec()).collect(),
                algorithm: alg,
                signing_time: UnixTime::from_secs(T0 + 10_800),
            };
            let sealed = pades::sign(&pdf, &request, &key, &mut Rng(3)).unwrap();
            super::super::verify_signed_pdf(&sealed, &trust(), AT).unwrap()
        };
        // The record's school (its seal, from another CA than the record's seal): valid.
        let own = seal(
            pki!("keys/seal-rsa-gov.pk8"),
            &[pki!("certs/seal-rsa-gov.der"), pki!("certs/gov-ca-rsa.der")],
            Algorithm::Rs256,
        );
        assert!(own.is_valid(), "{:?}", own.error());
        for (name, key, certs) in [
            (
                "another school's seal",
                pki!("keys/seal-p256.pk8"),
                [pki!("certs/seal-p256.der"), pki!("certs/public-ca.der")],
            ),
            (
                "a principal of another school",
                pki!("keys/principal-p256.pk8"),
                [
                    pki!("certs/principal-p256.der"),
                    pki!("certs/public-ca.der"),
                ],
            ),
            (
                "a teacher, not the principal",
                pki!("keys/gvcn-p256.pk8"),
                [pki!("certs/gvcn-p256.der"), pki!("certs/public-ca.der")],
            ),
        ] {
            let checked = seal(key, &certs, Algorithm::Es256);
            assert!(checked.pdf.is_valid(), "{name}: the record and pages stand");
            assert!(!checked.is_valid(), "{name} sealed the học bạ");
            assert_eq!(
                checked.error(),
                Some("pades_signer_not_of_record"),
                "{name}"
            );
        }
    }
}

/// A transcript PDF whose identity page or enrolment history is not what its signed years say
/// — the name and birth date rewritten, the mother's name, the address, an enrolment's school —
/// is not valid, though its pages match its (rewritten) context; a dropped year is not valid
/// either (issue 14, items 4 and 5).
#[test]
fn a_transcript_pdf_shows_only_the_signed_pupil_and_all_its_years() {
    let t = synth::demo_transcript();
    let signed: Vec<Vec<u8>> = t.years.iter().map(fake_signed).collect();
    let latest = t.years.iter().max_by_key(|y| y.school_year).unwrap();
    let render = |pupil: &crate::model::Pupil,
                  enrolments: &[crate::model::Enrolment],
                  skip: Option<usize>| {
        let years = t
            .years
            .iter()
            .zip(&signed)
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(_, (r, s))| YearInput {
                record: r,
                signed: Some(s),
                status: verified(),
            })
            .collect();
        let pdf = render_transcript(&TranscriptInput {
            pupil,
            enrolments,
            years,
        })
        .unwrap();
        verify_pdf(&pdf, fake_verify).unwrap()
    };
    let good = render(&latest.pupil, &t.enrolments, None);
    assert!(good.is_valid(), "{:?}", good.error());
    let text = |s: &str| crate::model::Text::new(s).unwrap();
    let mut renamed = latest.pupil.clone();
    renamed.full_name = text("Trần Thị Giả");
    let mut born = latest.pupil.clone();
    born.date_of_birth = "2015-01-01".parse().unwrap();
    let mut moved = latest.pupil.clone();
    moved.residence.detail = Some(text("1 Đường Giả"));
    for (what, pupil) in [("name", renamed), ("birth", born), ("address", moved)] {
        let r = render(&pupil, &t.enrolments, None);
        assert!(r.pages_match, "{what}");
        assert!(!r.is_valid(), "{what}");
        assert_eq!(r.error(), Some("pupil_mismatch"), "{what}");
    }
    let mut enrolments = t.enrolments.clone();
    let e = enrolments.last_mut().unwrap();
    e.school_name = text("Trường Tiểu học Giả");
    let r = render(&latest.pupil, &enrolments, None);
    assert_eq!(r.error(), Some("pupil_mismatch"));
    // Grade 3 dropped: the cross-year rules find the gap.
    let r = render(&latest.pupil, &t.enrolments, Some(2));
    assert!(r.pages_match && !r.is_valid());
    assert!(
        r.findings
            .iter()
            .any(|f| f.blocking && f.code == "school_years_not_consecutive"),
        "{:?}",
        r.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
    );
}

/// Every character a học bạ may hold (ADR 0094) renders, and the PDF/A-3u check passes: what
/// validates and signs can be printed (issue 14, item 9).
#[test]
fn every_allowed_character_renders() {
    use crate::model::{Text, is_allowed_char};
    let all: Vec<char> = (0..=0x2FFFu32)
        .filter_map(char::from_u32)
        .filter(|c| is_allowed_char(*c))
        .collect();
    assert!(all.len() > 700, "{}", all.len());
    // Words of 12 characters, so that lines can wrap; chunks well under 2000 bytes.
    let words: Vec<String> = all
        .chunks(12)
        .map(|w| w.iter().collect::<String>())
        .collect();
    let chunks: Vec<String> = words.chunks(40).map(|c| c.join(" ")).collect();
    let mut r = synth::year_record(1);
    assert!(r.subjects.len() >= chunks.len());
    for (s, text) in r.subjects.iter_mut().zip(&chunks) {
        let t = Text::new(text).unwrap_or_else(|e| panic!("{e}: {text}"));
        s.comment = Some(t);
    }
    let pdf = render_year(&YearInput {
        record: &r,
        signed: None,
        status: SignatureStatus::Unsigned,
    });
    assert!(pdf.is_ok(), "{:?}", pdf.err());
}

/// What the repertoire refuses is refused where text enters, with its own code: tab, NUL, DEL,
/// an emoji, CJK, Arabic.
#[test]
fn characters_outside_the_repertoire_are_refused_at_input() {
    use crate::model::{ModelError, Text};
    for bad in [
        "a\tb",
        "a\u{0}b",
        "a\u{7f}b",
        "Lan 😀",
        "学生",
        "مرحبا",
        "\u{E000}",
        "a\rb",
    ] {
        assert_eq!(
            Text::new(bad),
            Err(ModelError::CharacterNotAllowed),
            "{bad:?}"
        );
        assert_eq!(
            Text::from_nfc(bad),
            Err(ModelError::CharacterNotAllowed),
            "{bad:?}"
        );
    }
    for good in [
        "Nguyễn Thị Ánh Tuyết",
        "Lớp 3A – “giỏi”…",
        "Ơn, ứng\ndòng hai",
        "№ 5, 20₫",
    ] {
        assert!(Text::new(good).is_ok(), "{good:?}");
    }
    let mut r = serde_json::to_value(synth::year_record(1)).unwrap();
    r["subjects"][0]["comment"] = "Em học tốt 😀".into();
    let e = crate::model::year_record_from_json(&r.to_string()).unwrap_err();
    assert_eq!(e.code(), "character_not_allowed");
    assert!(
        e.message(crate::Lang::En).contains("subjects[0].comment"),
        "{e}"
    );
}

/// The lines of text a year's pages draw, in drawing order, with where each is drawn: what
/// the PDF's text layer holds (one `Op::Text` is one shown string).
fn drawn_lines(input: &YearInput<'_>) -> Vec<(String, f32, f32, f32, text::Face)> {
    let fonts = text::Fonts::load().unwrap();
    let mut flow = layout::Flow::new(&fonts);
    let digest = input.signed.map(signed_digest_hex);
    template::year(
        &mut flow,
        input,
        digest.as_deref(),
        template::History::Print,
    )
    .unwrap();
    flow.pages
        .iter()
        .flat_map(|p| &p.ops)
        .filter_map(|op| match op {
            layout::Op::Text {
                x,
                y,
                face,
                size,
                text,
                ..
            } => Some((
                text.clone(),
                *x,
                *y,
                *x + fonts.width(*face, *size, text),
                *face,
            )),
            _ => None,
        })
        .collect()
}

/// True when `text`, whitespace-normalised, is drawn whole and in order: consecutive pieces
/// of it as successive lines, with only page furniture (a repeated table header, the
/// continuation line) between them.
fn drawn_whole(lines: &[(String, f32, f32, f32, text::Face)], text: &str) -> bool {
    let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = want.split(' ').take(3).collect::<Vec<_>>().join(" ");
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.0.starts_with(&first))
        .any(|(start, _)| {
            let mut rest = want.as_str();
            for (l, ..) in &lines[start..] {
                if let Some(r) = rest.strip_prefix(l.as_str()) {
                    rest = r.trim_start();
                    if rest.is_empty() {
                        return true;
                    }
                }
            }
            false
        })
}

fn comments_of(r: &YearRecord) -> Vec<(&'static str, String)> {
    let c = &r.comments;
    [
        ("qualities", &c.qualities),
        ("general_competencies", &c.general_competencies),
        ("specific_competencies", &c.specific_competencies),
        ("homeroom", &c.homeroom),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.as_ref().unwrap().to_string()))
    .collect()
}

/// The national format's three group comments and the homeroom teacher's comment
/// (`NHAN_XET_PHAM_CHAT`, `NHAN_XET_NANG_LUC_CHUNG`, `NHAN_XET_NANG_LUC_DAC_THU`,
/// `NHAN_XET_GVCN`) are printed, each under its label (QA 2026-12-05, repro 04).
#[test]
fn group_and_homeroom_comments_are_printed() {
    let t = synth::demo_transcript();
    for r in &t.years {
        let signed = fake_signed(r);
        let lines = drawn_lines(&YearInput {
            record: r,
            signed: Some(&signed),
            status: verified(),
        });
        for (field, comment) in comments_of(r) {
            assert!(
                drawn_whole(&lines, &comment),
                "grade {}: {field} comment not printed",
                r.grade
            );
        }
        for label in [
            template::QUALITIES_COMMENT,
            template::GENERAL_COMPETENCIES_COMMENT,
            template::SPECIFIC_COMPETENCIES_COMMENT,
        ] {
            // A table label may wrap in its column: compare the words.
            let words: String = lines
                .iter()
                .filter(|l| l.4 == text::Face::Bold)
                .map(|l| l.0.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(words.contains(label), "label {label} missing");
        }
        assert!(
            lines
                .iter()
                .any(|l| l.0 == format!("{}:", template::HOMEROOM_COMMENT)),
            "homeroom label missing"
        );
    }
}

/// Comments at the model's limit (2,000 bytes, `MAX_TEXT_BYTES`) — one of 2,000 characters,
/// the others Vietnamese — wrap inside the text area and are printed whole, on as many pages
/// as they need (rows grow and continue; nothing is cut: docs/spec/pdf.md).
#[test]
fn comments_at_the_length_limit_wrap_and_are_printed_whole() {
    use crate::model::{MAX_TEXT_BYTES, Text};
    let fill = |sentence: &dyn Fn(usize) -> String| {
        let mut s = String::new();
        for i in 1.. {
            let next = sentence(i);
            if s.len() + next.len() + 1 > MAX_TEXT_BYTES {
                break;
            }
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&next);
        }
        // Pad to exactly the limit with one last word.
        while s.len() < MAX_TEXT_BYTES {
            s.push(if s.ends_with(' ') { 'x' } else { ' ' });
        }
        Text::new(s.trim_end()).unwrap()
    };
    let ascii = {
        // 2,000 characters, all ASCII, so exactly the byte limit.
        let mut s = (1..)
            .map(|i| format!("Cau {i}: em hoc tap cham chi, tu giac."))
            .take(100)
            .collect::<Vec<_>>()
            .join(" ");
        s.truncate(1999);
        s.push('.');
        assert_eq!(s.chars().count(), 2000);
        Text::new(s).unwrap()
    };
    let t = synth::demo_transcript();
    let mut r = t.years[4].clone();
    r.comments.qualities = Some(ascii);
    r.comments.general_competencies = Some(fill(&|i| {
        format!("Ý {i}: biết lắng nghe, trình bày ý kiến rõ ràng; hợp tác tốt.")
    }));
    r.comments.specific_competencies = Some(fill(&|i| {
        format!("Điểm {i}: đọc lưu loát, viết đúng chính tả; tính toán nhanh.")
    }));
    r.comments.homeroom = Some(fill(&|i| {
        format!("Ghi chú {i}: em ngoan, lễ phép, tiến bộ rõ rệt trong học kì II.")
    }));
    let input = YearInput {
        record: &r,
        signed: None,
        status: SignatureStatus::Unsigned,
    };
    let lines = drawn_lines(&input);
    for (field, comment) in comments_of(&r) {
        assert!(comment.len() >= MAX_TEXT_BYTES - 60, "{field}");
        assert!(drawn_whole(&lines, &comment), "{field} comment cut");
    }
    // Nothing is drawn outside the text area.
    for (l, x, y, right, _) in &lines {
        assert!(
            *x >= layout::LEFT - 0.01 && *right <= layout::RIGHT + 0.01,
            "overflows the width: {l}"
        );
        assert!(*y <= layout::BOTTOM + 0.01, "below the text area: {l}");
    }
    assert!(render_year(&input).is_ok());
}

/// The signed chức vụ of the principal's signer and the register number (`SO_SO_DANG_BO`) are
/// printed: a national record's title other than "Hiệu trưởng" ("Q. Hiệu trưởng") is not
/// replaced by a fixed "PHÓ HIỆU TRƯỞNG".
#[test]
fn the_signers_title_and_the_register_number_are_printed() {
    let t = synth::demo_transcript();
    let mut r = t.years[4].clone();
    r.principal.capacity = crate::model::PrincipalCapacity::OnBehalf;
    r.principal.title = Some(crate::model::Text::new("Q. Hiệu trưởng").unwrap());
    r.register_number = Some(crate::model::Text::new("12/2020").unwrap());
    let lines = drawn_lines(&YearInput {
        record: &r,
        signed: None,
        status: SignatureStatus::Unsigned,
    });
    let has = |s: &str| lines.iter().any(|l| l.0 == s);
    assert!(has("KT. HIỆU TRƯỞNG") && has("Q. HIỆU TRƯỞNG"));
    assert!(!has("PHÓ HIỆU TRƯỞNG"));
    assert!(has("Số đăng bộ: ") && has("12/2020"));
    // A PDF of one year prints the record's own "Quá trình học tập" (`QUA_TRINH_HOC_TAP`).
    assert!(r.history.len() == 5 && has("Quá trình học tập"));
    for h in &r.history {
        assert!(has(&h.school_year.to_string()), "{}", h.school_year);
        assert!(drawn_whole(&lines, h.school_name.as_str()));
    }
}

/// The text of the "Quá trình học tập" page of `input`.
fn enrolment_page_lines(input: &TranscriptInput<'_>) -> Vec<String> {
    let fonts = text::Fonts::load().unwrap();
    let mut flow = layout::Flow::new(&fonts);
    template::enrolments(&mut flow, input);
    flow.pages
        .iter()
        .flat_map(|p| &p.ops)
        .filter_map(|op| match op {
            layout::Op::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// A transcript rendered without the school system's enrolments (signed national XML years,
/// `hocba render a.xml b.xml …` without `--transcript`) fills "Quá trình học tập" from the
/// records given — their signed `QUA_TRINH_HOC_TAP` and the years themselves — instead of
/// printing the form's five blank rows (QA: an empty history page; ADR 0262).
#[test]
fn a_transcript_without_enrolments_prints_the_history_its_records_carry() {
    let t = synth::demo_transcript();
    let unsigned = |r| YearInput {
        record: r,
        signed: None,
        status: SignatureStatus::Unsigned,
    };
    let all = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &[],
        years: t.years.iter().map(unsigned).collect(),
    };
    let lines = enrolment_page_lines(&all);
    let has = |lines: &[String], s: &str| lines.iter().any(|l| l == s);
    assert!(!has(&lines, "20…-20…"), "{lines:?}");
    for r in &t.years {
        assert!(has(&lines, &r.school_year.to_string()), "{}", r.school_year);
        assert!(has(&lines, r.class_name.as_str()), "{}", r.class_name);
    }
    // Two years only: the last one's signed history still names the earlier years.
    let last = &t.years[4];
    assert!(last.history.len() == 5);
    let two = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &[],
        years: t.years[3..].iter().map(unsigned).collect(),
    };
    let lines = enrolment_page_lines(&two);
    for h in &last.history {
        assert!(has(&lines, &h.school_year.to_string()), "{}", h.school_year);
    }
    // The school system's enrolments, when given, are what the page prints.
    let given = TranscriptInput {
        pupil: &t.pupil,
        enrolments: &t.enrolments,
        years: t.years.iter().map(unsigned).collect(),
    };
    let lines = enrolment_page_lines(&given);
    for e in &t.enrolments {
        assert!(
            has(&lines, e.register_number.as_str()),
            "{}",
            e.register_number
        );
    }
}
