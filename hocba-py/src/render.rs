//! `hocba.render_pdf`: the học bạ page(s) of a year record as a PDF (PDF/A-3, deterministic).

use hocba_core::envelope::Verifier;
use hocba_core::envelope::transcript::{RecallFacts, UnverifiedTranscript};
use hocba_core::render::{self, SignatureStatus, YearInput};
use hocba_core::rules::Tt27Checks;
use hocba_core::trust::TrustStore as CoreStore;
use hocba_core::xmldsig::{RequiredRoles, UnverifiedXmlYears};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyMemoryView, PyTuple};

use crate::bytes::input;
use crate::errors::{argument_error, code, to_py, type_error};
use crate::model::{Transcript, YearRecord};
use crate::time::time_arg;
use crate::trust::expect_store;

/// Renders one school year as the official học bạ PDF and returns its bytes.
///
/// `source` is either a `YearRecord` (a draft: printed as unsigned, marked "KHÔNG CÓ GIÁ
/// TRỊ") or the signed bytes of a year record, which are verified against `trust` at `at`
/// (default now): the signatures are printed from what verification found, and the signed
/// bytes are embedded so the PDF alone can be verified. Same input, same bytes.
///
/// The signed bytes are a signed national XML (XML-DSig, CV 2088; all three roles required) or
/// a COSE_Sign. `source` may also be a list of signed national XML records of one pupil (one
/// per school year, any order), verified as one học bạ and rendered as one PDF (ADR 0121): the
/// identity page is the latest signed year's pupil, or `transcript`'s (which must be the same
/// pupil, and whose enrolment history must name the schools that signed); a record that cannot
/// be read raises with the attribute `record` (its index). A single signed national XML with
/// `transcript` renders the same way. `recalled` (lookup codes) and `replaced` (old → new) are
/// the portal's recall facts, as for `verify_xml_transcript`; a school year with two records
/// in force, or only recalled ones, raises `RenderError` `year_not_in_force`. Or `source` is a signed transcript container (`.hocba`
/// bytes): then `transcript` (the unsigned `Transcript` of the same pupil) gives the identity
/// page and enrolment history, and every school year's current signed revision follows,
/// verified against `trust`.
#[pyfunction]
#[pyo3(signature = (source, trust = None, *, at = None, transcript = None, recalled = Vec::new(), replaced = None))]
pub(crate) fn render_pdf<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    trust: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    transcript: Option<&Bound<'py, Transcript>>,
    recalled: Vec<String>,
    replaced: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let facts = crate::years::recall_facts(&recalled, replaced)?;
    if let Ok(record) = source.cast::<YearRecord>() {
        let record = &record.get().0;
        let pdf = py.detach(|| {
            render::render_year(&YearInput {
                record,
                signed: None,
                status: SignatureStatus::Unsigned,
            })
        });
        return Ok(PyBytes::new(py, &pdf.map_err(|e| to_py(e.into()))?));
    }
    let is_bytes = source.is_instance_of::<PyBytes>()
        || source.is_instance_of::<PyByteArray>()
        || source.is_instance_of::<PyMemoryView>();
    let is_list = source.is_instance_of::<PyList>() || source.is_instance_of::<PyTuple>();
    if !is_bytes && !is_list {
        return Err(type_error(
            code::ARGUMENT_TYPE,
            "source must be a hocba.YearRecord, the signed bytes of one, a list of signed \
             national XML records of one pupil, or a signed transcript",
            "source phải là một hocba.YearRecord, bytes đã ký của một hồ sơ như vậy, một list \
             các hồ sơ XML quốc gia đã ký của cùng một học sinh, hoặc một học bạ đã ký",
        ));
    }
    let trust = trust.ok_or_else(|| {
        argument_error(
            code::ARGUMENT_MISSING,
            "signed bytes are rendered from their verification: pass trust=",
            "bytes đã ký được kết xuất từ kết quả xác thực chúng: hãy truyền trust=",
        )
    })?;
    let store = expect_store(trust)?;
    let at = time_arg(at, "at")?;
    let store: &CoreStore = &store.0;
    if is_list {
        let mut records = Vec::new();
        for r in source.try_iter()? {
            records.push(input(&r?, "each record")?.as_slice().to_vec());
        }
        return render_xml_years(py, records, store, at, transcript, &facts);
    }
    let data = input(source, "source")?;
    let bytes = data.as_slice();
    if transcript.is_some() && hocba_core::moet::looks_like_xml(bytes) {
        return render_xml_years(py, vec![bytes.to_vec()], store, at, transcript, &facts);
    }
    if UnverifiedTranscript::looks_like_container(bytes) {
        let transcript = transcript.ok_or_else(|| {
            argument_error(
                code::ARGUMENT_MISSING,
                "a signed transcript container needs transcript= (its identity page and history)",
                "gói học bạ đã ký cần transcript= (trang lý lịch và quá trình học tập của nó)",
            )
        })?;
        let context = &transcript.get().0;
        let pdf = py.detach(|| {
            render::render_signed_transcript(
                &context.pupil,
                &context.enrolments,
                bytes,
                store,
                at,
                &hocba_core::rules::Tt27Checks::default(),
            )
            .map(|(pdf, _)| pdf)
        });
        return Ok(PyBytes::new(py, &pdf.map_err(to_py)?));
    }
    let pdf = py.detach(|| render::render_signed_year(bytes, store, at).map(|(pdf, _)| pdf));
    Ok(PyBytes::new(py, &pdf.map_err(to_py)?))
}

/// A pupil's signed national XML records as one PDF (ADR 0121); `transcript`, when given, heads
/// it with the school system's identity page and enrolment history.
fn render_xml_years<'py>(
    py: Python<'py>,
    records: Vec<Vec<u8>>,
    store: &CoreStore,
    at: hocba_core::trust::UnixTime,
    transcript: Option<&Bound<'py, Transcript>>,
    facts: &RecallFacts,
) -> PyResult<Bound<'py, PyBytes>> {
    let context = transcript.map(|t| t.get().0.clone());
    let years = match py.detach(|| UnverifiedXmlYears::from_records(records)) {
        Ok(years) => years,
        Err(e) => {
            let err = to_py(e.error);
            err.value(py).setattr("record", e.index)?;
            return Err(err);
        }
    };
    let pdf = py.detach(|| {
        render::render_signed_xml_years(
            context.as_ref().map(|t| &t.pupil),
            context.as_ref().map_or(&[][..], |t| &t.enrolments),
            years,
            &Verifier::new(store, at),
            RequiredRoles::All,
            &Tt27Checks::default(),
            facts,
        )
        .map(|(pdf, _)| pdf)
    });
    Ok(PyBytes::new(py, &pdf.map_err(to_py)?))
}
