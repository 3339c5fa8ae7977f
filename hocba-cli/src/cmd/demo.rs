//! `hocba demo`: the main job end to end on a synthetic pupil — create, validate, sign with
//! the three roles (on an in-memory test PKI), verify, render.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use hocba_core::envelope::{
    Algorithm, Envelope, SigningKey, Status, UnverifiedRecord, Verifier, transcript,
};
use hocba_core::model::{Text, Transcript, to_json_pretty};
use hocba_core::render;
use hocba_core::xmldsig::{self, RequiredRoles, UnverifiedXml};
use hocba_core::{Lang, SignerRole, TrustStore, UnixTime, synth, testpki};
use serde_json::{Value, json};

use crate::input::write_file;
use crate::output::{Failure, Outcome, Ui, print_json};
use hocba_core::envelope::SystemRng;
use hocba_core::envelope::transcript::RecallFacts;

/// Arguments of `hocba demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Output directory.
    #[arg(long, short, default_value = "out/demo")]
    pub out: PathBuf,
}

/// The school named by the test PKI's seal certificate (a public school under the
/// government-like tree): the demo pupil attends it, so the seal matches the school.
const DEMO_SCHOOL: &str = "Trường Tiểu học Thử Nghiệm Số 1";

/// The people the test PKI's personal certificates name (`gvcn-p384`, `principal-rsa-gov`):
/// the record names its signers as their certificates do, name and số định danh —
/// verification binds each signer to the person named (ADR 0140).
const DEMO_TEACHER: (&str, &str) = ("Hoàng Thị Ngọc", "001192000004");
const DEMO_PRINCIPAL: (&str, &str) = ("Bùi Văn Nam", "001075000006");

/// Who signs the demo, as (role, test-PKI leaf name): GVCN with ECDSA P-384 (the same
/// certificate signs the national XML, whose profile has no Ed25519), the principal and the
/// school seal with RSA-2048 as Vietnamese CAs issue today.
const SIGNERS: [(SignerRole, &str); 3] = [
    (SignerRole::HomeroomTeacher, "gvcn-p384"),
    (SignerRole::Principal, "principal-rsa-gov"),
    (SignerRole::SchoolSeal, "seal-rsa-gov"),
];

/// Who signs the demo's national XML (XML-DSig profile: RSA and ECDSA only), as (role, test-PKI
/// leaf, algorithm): the seal is the one `hocba-server --demo` approves for the demo school; RSA
/// with PKCS#1 v1.5 as Vietnamese signatures mostly are (national-format.md §2), which every
/// XML-DSig verifier reads (Debian's xmlsec1 1.2 has no RSA-PSS).
const XML_SIGNERS: [(SignerRole, &str, Option<Algorithm>); 3] = [
    (SignerRole::HomeroomTeacher, "gvcn-p384", None),
    (
        SignerRole::Principal,
        "principal-rsa-gov",
        Some(Algorithm::Rs256),
    ),
    (
        SignerRole::SchoolSeal,
        "seal-rsa-gov",
        Some(Algorithm::Rs256),
    ),
];

/// The fixed verification time of the demo (its output is the same on every run).
const VERIFY_AT: &str = "2026-09-01T00:00:00Z";

struct Pki {
    files: Vec<(String, Vec<u8>)>,
}

impl Pki {
    fn file(&self, name: &str) -> Result<&[u8], Failure> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| b.as_slice())
            .ok_or_else(|| Failure::unreadable("test_pki_missing", format!("test PKI: {name}")))
    }

    fn pem_items(&self, name: &str, label: &str) -> Result<Vec<Vec<u8>>, Failure> {
        crate::keys::pem_blocks(self.file(name)?, label)
            .filter(|items| !items.is_empty())
            .ok_or_else(|| Failure::unreadable("pem_malformed", format!("test PKI: {name}")))
    }
}

/// When a year is signed: at the end of its school year (31 May), or — for years before
/// the certificates existed — on the day the school digitised its older học bạ.
fn signing_time(end_year: u16, offset_secs: i64) -> UnixTime {
    let end_of_year = UnixTime::parse_rfc3339(&format!("{end_year}-05-31T09:00:00+07:00"));
    let digitised = UnixTime::parse_rfc3339("2024-06-15T09:00:00+07:00");
    let t = match (end_of_year, digitised) {
        (Some(e), Some(d)) if e.secs() >= d.secs() => e,
        (_, Some(d)) => d,
        _ => UnixTime::from_secs(0),
    };
    UnixTime::from_secs(t.secs() + offset_secs)
}

fn step(ui: Ui, n: usize, vi: &str, en: &str, detail: &str) {
    if !ui.json {
        crate::outln!("{n}. {} {detail}", ui.t(vi, en));
    }
}

fn core(ui: Ui) -> impl Fn(hocba_core::Error) -> Failure {
    move |e| crate::parse::core_failure(&e, ui)
}

/// Runs the demo.
pub fn run(args: &DemoArgs, ui: Ui) -> Outcome {
    let out = &args.out;
    let mut steps: Vec<Value> = Vec::new();

    // 1. Create.
    let transcript = demo_transcript(ui)?;
    write_file(
        &out.join("transcript.json"),
        to_json_pretty(&transcript).as_bytes(),
        ui,
    )?;
    write_file(
        &out.join("transcript.cbor"),
        &hocba_core::canonical::encode_transcript(&transcript),
        ui,
    )?;
    // The national XML (CV 2088, profile 2088/1.0) of every year: what a school reports to
    // the Sở's receiving portal (signed later by GVCN, CBQL and KY_PHAT_HANH).
    let profile = hocba_core::moet::Profile::default();
    for y in &transcript.years {
        write_file(
            &out.join(format!(
                "national-{}-grade{}.xml",
                y.school_year,
                y.grade.get()
            )),
            &hocba_core::moet::to_xml(y, &profile),
            ui,
        )?;
    }
    step(
        ui,
        1,
        "Tạo học bạ (dữ liệu tổng hợp):",
        "Created the transcript (synthetic):",
        &format!(
            "{} {} → {}",
            transcript.years.len(),
            ui.t("năm học", "school years"),
            out.join("transcript.json").display()
        ),
    );
    steps.push(json!({ "step": "create", "years": transcript.years.len(), "file": out.join("transcript.json") }));

    // 2. Validate against TT27 (every rule; warnings allowed, errors stop the demo).
    let policy = hocba_core::rules::Policy::default();
    let validation = hocba_core::rules::validate_transcript(&transcript, &policy);
    let (errors, warnings) = (validation.errors().count(), validation.warnings().count());
    let derived: Vec<&str> = validation
        .derived
        .iter()
        .flatten()
        .map(|d| d.result.label_vi())
        .collect();
    step(
        ui,
        2,
        "Kiểm tra theo Thông tư 27:",
        "Validated against TT27:",
        &format!(
            "{errors} {}, {warnings} {}; {}: {}",
            ui.t("lỗi", "errors"),
            ui.t("cảnh báo", "warnings"),
            ui.t("kết quả từng năm", "result per year"),
            derived.join(" · ")
        ),
    );
    steps.push(json!({ "step": "validate", "errors": errors, "warnings": warnings, "violations": validation.codes() }));
    if errors > 0 {
        return Err(Failure::invalid(
            "demo_invalid",
            ui.t(
                "Học bạ mẫu vi phạm quy định",
                "The demo transcript breaks the rules",
            ),
        ));
    }

    // 3. Sign every year with the three roles on the in-memory test PKI.
    let pki = Pki {
        files: testpki::generate(),
    };
    let mut signed: Vec<Vec<u8>> = Vec::new();
    for (i, year) in transcript.years.iter().enumerate() {
        let mut envelope = Envelope::new(year);
        for (k, (role, leaf)) in SIGNERS.iter().enumerate() {
            let key = SigningKey::from_pkcs8_der(pki.file(&format!("keys/{leaf}.pk8"))?, None)
                .map_err(|e| core(ui)(e.into()))?;
            let chain = pki.pem_items(&format!("chains/{leaf}.pem"), "CERTIFICATE")?;
            let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            let at = signing_time(year.school_year.end(), 3600 * k as i64);
            envelope = envelope
                .sign(&key, *role, &chain, at, &mut SystemRng)
                .map_err(|e| core(ui)(e.into()))?;
        }
        let bytes = envelope.to_bytes().map_err(|e| core(ui)(e.into()))?;
        let name = format!("year-{}-grade-{}.cose", year.school_year, year.grade);
        write_file(&out.join(&name), &bytes, ui)?;
        signed.push(bytes);
        steps.push(json!({ "step": "sign", "year": i + 1, "file": out.join(&name) }));
    }
    let container = transcript::encode(&signed.iter().map(Vec::as_slice).collect::<Vec<_>>());
    write_file(&out.join("transcript.hocba"), &container, ui)?;
    let roots = pki.file("roots.pem")?;
    write_file(&out.join("trust/roots.pem"), roots, ui)?;
    // Every year as a signed national XML (XML-DSig: GVCN, CBQL, KY_PHAT_HANH; the profile has
    // no Ed25519, so P-384 and RSA signers), signed the way a token or remote-signing service
    // does: prepare (the canonical SignedInfo and its digest) → the key signs → attach (checked
    // against the certificate). With the seal's key and chain for the portal transaction: what
    // `hocba submit` sends to `hocba-server --demo`.
    let mut national: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for year in &transcript.years {
        let mut xml = hocba_core::moet::to_xml(year, &profile);
        for (k, (role, leaf, alg)) in XML_SIGNERS.iter().enumerate() {
            let key = SigningKey::from_pkcs8_der(pki.file(&format!("keys/{leaf}.pk8"))?, *alg)
                .map_err(|e| core(ui)(e.into()))?;
            let chain = pki.pem_items(&format!("chains/{leaf}.pem"), "CERTIFICATE")?;
            let chain: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
            let at = signing_time(year.school_year.end(), 3600 * k as i64);
            let prepared = xmldsig::prepare(&xml, *role, &chain, key.algorithm(), at)
                .map_err(|e| core(ui)(e.into()))?;
            // The token's part: the signature over the SignedInfo (for RSA and ECDSA the one
            // over its digest, `prepared.digest()`, which a token is given).
            let signature = key
                .sign(prepared.signed_info(), &mut SystemRng)
                .map_err(|e| core(ui)(e.into()))?;
            xml = xmldsig::attach(prepared, &signature).map_err(|e| core(ui)(e.into()))?;
        }
        let name = format!(
            "national-{}-grade{}.signed.xml",
            year.school_year,
            year.grade.get()
        );
        write_file(&out.join(&name), &xml, ui)?;
        steps.push(json!({ "step": "sign_xml", "file": out.join(&name) }));
        national.push((out.join(&name), xml));
    }
    write_file(
        &out.join("portal/seal.pk8"),
        pki.file("keys/seal-rsa-gov.pk8")?,
        ui,
    )?;
    write_file(
        &out.join("portal/seal-chain.pem"),
        pki.file("chains/seal-rsa-gov.pem")?,
        ui,
    )?;
    step(
        ui,
        3,
        "Ký số (GVCN → Hiệu trưởng → con dấu) từng năm:",
        "Signed (GVCN → principal → school seal) every year:",
        &format!(
            "{} → {}; {} {}",
            signed.len(),
            out.join("transcript.hocba").display(),
            national.len(),
            ui.t(
                "XML quốc gia: GVCN, CBQL, KY_PHAT_HANH (chuẩn bị → ký → gắn chữ ký)",
                "national XML: GVCN, CBQL, KY_PHAT_HANH (prepare → sign → attach)"
            )
        ),
    );

    // 4. Verify, with explicit trust anchors and an explicit time.
    let mut trust = TrustStore::new();
    trust.add_roots_pem(roots).map_err(|e| core(ui)(e.into()))?;
    let at = UnixTime::parse_rfc3339(VERIFY_AT).unwrap_or(UnixTime::from_secs(0));
    let first =
        UnverifiedRecord::from_bytes(&signed[signed.len() - 1]).map_err(|e| core(ui)(e.into()))?;
    let checks = hocba_core::rules::Tt27Checks { policy };
    let year_report = first.verify_with(&trust, at, &checks).report().clone();
    let t =
        transcript::UnverifiedTranscript::from_bytes(&container).map_err(|e| core(ui)(e.into()))?;
    let verification = t.verify_with(&trust, at, &checks);
    let report = verification.report();
    write_file(
        &out.join("verification.json"),
        format!("{:#}\n", year_report.to_json(ui.lang)).as_bytes(),
        ui,
    )?;
    if !ui.json {
        crate::outln!(
            "4. {} {VERIFY_AT}:",
            ui.t("Xác minh tại thời điểm", "Verified at")
        );
        crate::outln!("{}", indent(&year_report.to_text(ui.lang)));
        crate::outln!(
            "   {} {}",
            ui.t("Cả học bạ:", "Whole transcript:"),
            report.status.label(ui.lang)
        );
    }
    steps.push(json!({ "step": "verify", "status": report.status.code(), "grade5": year_report.to_json(Lang::En) }));
    let mut ok = report.status == Status::Valid;
    // The national XML, by the core's XML-DSig verifier (all three roles required): the last
    // year in full, then every year verified as one học bạ (ADR 0170).
    if let Some((path, xml)) = national.last() {
        let u = UnverifiedXml::from_bytes(xml).map_err(|e| core(ui)(e.into()))?;
        let v = u.verify_in(&Verifier::new(&trust, at), RequiredRoles::All);
        let r = v.report();
        if !ui.json {
            crate::outln!("   {}", path.display());
            crate::outln!("{}", indent(&r.to_text(ui.lang)));
        }
        steps.push(
            json!({ "step": "verify_xml", "file": path, "status": r.status.code(),
            "report": r.to_json(Lang::En) }),
        );
        ok &= r.status == Status::Valid;
    }
    // The years verified as one and rendered as one PDF in the same pass (the PDF is written at
    // step 5): each year's signed XML embedded byte for byte.
    let xml_years = xmldsig::UnverifiedXmlYears::from_records(
        national.iter().map(|(_, xml)| xml.clone()).collect(),
    )
    .map_err(|e| core(ui)(e.error))?;
    let (national_pdf, xml_report) = render::render_signed_xml_years(
        Some(&transcript.pupil),
        &transcript.enrolments,
        xml_years,
        &Verifier::new(&trust, at),
        RequiredRoles::All,
        &checks,
        &RecallFacts::new(),
    )
    .map_err(core(ui))?;
    if !ui.json {
        crate::outln!(
            "   {} {}",
            ui.t(
                "Cả học bạ (XML quốc gia, các năm xác minh cùng nhau):",
                "Whole transcript (national XML, the years verified as one):"
            ),
            xml_report.status.label(ui.lang)
        );
    }
    steps.push(json!({ "step": "verify_xml_years", "years": xml_report.years.len(), "status": xml_report.status.code() }));
    ok &= xml_report.status == Status::Valid;

    // 5. Render the signed transcript as the học bạ PDF, then check the PDF on its own.
    let verify_cose = |cose: &[u8]| -> Result<_, hocba_core::Error> {
        let unverified = UnverifiedRecord::from_bytes(cose)?;
        let record = unverified.record_unverified().clone();
        let v = unverified.verify(&trust, at);
        Ok((record, render::SignatureStatus::from_report(v.report())))
    };
    let (pdf, _) = render::render_signed_transcript(
        &transcript.pupil,
        &transcript.enrolments,
        &container,
        &trust,
        at,
        &checks,
    )
    .map_err(core(ui))?;
    write_file(&out.join("transcript.pdf"), &pdf, ui)?;
    let pdf_report = render::verify_pdf(&pdf, verify_cose).map_err(core(ui))?;
    ok &= pdf_report.is_valid();
    step(
        ui,
        5,
        "In học bạ PDF (PDF/A-3u, kèm hồ sơ đã ký, mã QR), tự xác minh:",
        "Rendered the học bạ PDF (PDF/A-3u, signed records inside, QR), self-verified:",
        &format!(
            "{} → {}",
            if pdf_report.is_valid() {
                "ok"
            } else {
                "FAILED"
            },
            out.join("transcript.pdf").display()
        ),
    );
    steps.push(json!({ "step": "render", "file": out.join("transcript.pdf"), "bytes": pdf.len(), "pdf_valid": pdf_report.is_valid() }));
    // The same học bạ from the signed national XML (rendered at step 4), verified on its own
    // like any hocba PDF.
    let national_pdf_path = out.join("national-transcript.pdf");
    write_file(&national_pdf_path, &national_pdf, ui)?;
    let national_pdf_ok = render::verify_signed_pdf(&national_pdf, &trust, at)
        .map_err(core(ui))?
        .is_valid();
    ok &= national_pdf_ok;
    if !ui.json {
        crate::outln!(
            "   {}: {} → {}",
            ui.t("Từ XML quốc gia", "From the national XML"),
            if national_pdf_ok { "ok" } else { "FAILED" },
            national_pdf_path.display()
        );
    }
    steps.push(json!({ "step": "render_xml", "file": national_pdf_path, "bytes": national_pdf.len(), "pdf_valid": national_pdf_ok }));

    // 6. The school seals the PDF itself with a PAdES signature (what PDF readers show).
    // An hour after the last year's seal.
    let sealed_at = transcript
        .years
        .last()
        .map_or(at, |y| signing_time(y.school_year.end(), 3 * 3600));
    let sealed_path = out.join("transcript.signed.pdf");
    let sealed_ok = pades_seal(&pki, &pdf, (&trust, sealed_at, at), &sealed_path, ui)?;
    ok &= sealed_ok;
    step(
        ui,
        6,
        "Ký số tệp PDF (PAdES, con dấu của trường), tự xác minh:",
        "Signed the PDF itself (PAdES, the school seal), self-verified:",
        &format!(
            "{} → {}",
            if sealed_ok { "ok" } else { "FAILED" },
            out.join("transcript.signed.pdf").display()
        ),
    );
    steps.push(json!({ "step": "pades", "file": out.join("transcript.signed.pdf"), "pades_valid": sealed_ok }));

    if ui.json {
        print_json(&json!({ "ok": ok, "out": out, "steps": steps }));
    }
    if ok {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Failure::invalid(
            report.error.unwrap_or("invalid"),
            ui.t(
                "Học bạ mẫu không hợp lệ",
                "The demo transcript is not valid",
            ),
        ))
    }
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("   {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The demo pupil at the test PKI's school.
fn demo_transcript(ui: Ui) -> Result<Transcript, Failure> {
    let mut t = synth::demo_transcript();
    let text = |s: &str| Text::new(s).map_err(|e| crate::parse::core_failure(&e.into(), ui));
    let school = text(DEMO_SCHOOL)?;
    for y in &mut t.years {
        y.school.name = school.clone();
        let id = |s: &str| hocba_core::model::PersonalId::try_from(s.to_owned()).ok();
        y.homeroom_teacher.full_name = text(DEMO_TEACHER.0)?;
        y.homeroom_teacher.personal_id = id(DEMO_TEACHER.1);
        y.principal.full_name = text(DEMO_PRINCIPAL.0)?;
        y.principal.personal_id = id(DEMO_PRINCIPAL.1);
        y.principal.capacity = hocba_core::model::PrincipalCapacity::Principal;
        // The date of issue is the day the school seal signs (the third signer below):
        // verification compares them (`issue_date_differs_from_seal`, ADR 0265).
        let seal = signing_time(y.school_year.end(), 3600 * 2);
        if let Some(i) = &mut y.issuance {
            i.issued_at = xmldsig::format_signing_time(seal)
                .ok()
                .and_then(|t| t.parse().ok());
        }
    }
    for e in &mut t.enrolments {
        e.school_name = school.clone();
    }
    Ok(t)
}

/// Signs `pdf` with the school seal's key as a PAdES revision (ADR 0150), writes it to `path`,
/// and verifies it: true when its PDF signature is valid.
fn pades_seal(
    pki: &Pki,
    pdf: &[u8],
    (trust, signed_at, at): (&TrustStore, UnixTime, UnixTime),
    path: &std::path::Path,
    ui: Ui,
) -> Result<bool, Failure> {
    use hocba_core::pades;
    let leaf = "seal-rsa-gov";
    let key = SigningKey::from_pkcs8_der(pki.file(&format!("keys/{leaf}.pk8"))?, None)
        .map_err(|e| core(ui)(e.into()))?;
    let request = pades::SignRequest {
        chain: pki.pem_items(&format!("chains/{leaf}.pem"), "CERTIFICATE")?,
        algorithm: key.algorithm(),
        signing_time: signed_at,
    };
    let signed = pades::sign(pdf, &request, &key, &mut SystemRng)
        .map_err(|e| crate::cmd::pades::failure(&e, ui))?;
    write_file(path, &signed, ui)?;
    Ok(pades::verify(&signed, trust, at).is_ok_and(|r| r.is_valid()))
}
