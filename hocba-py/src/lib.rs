//! The native part of the `hocba` Python package (`hocba._native`).
//!
//! Thin wrappers over `hocba-core`: the model as read-only classes, the analysis row
//! builders, signing and verification (COSE, the national XML's XML-DSig, PDF signatures), RFC 3161
//! time-stamp requests and tokens, and the mapping of Rust errors to Python exceptions (in `errors.rs`, the only
//! place that mapping is made). The public Python API is `hocba/__init__.py`.

mod bytes;
mod document;
mod errors;
mod json;
mod model;
mod pades;
mod portal;
mod render;
mod rows;
mod sign;
mod synth;
mod time;
mod timestamp;
mod trust;
mod validate;
mod verify;
mod xmldsig;
mod years;

use pyo3::prelude::*;

/// Native core of the `hocba` package; import `hocba` instead.
#[pymodule(name = "_native")]
mod native {
    #[pymodule_export]
    use crate::bytes::read_file;
    #[pymodule_export]
    use crate::document::loads;
    #[pymodule_export]
    use crate::model::{
        AdminUnit, Award, CompetencyRating, Completion, Correction, Department, Enrolment,
        GroupComments, Guardian, Issuance, PeriodicResult, Place, PrincipalSignatory, Pupil,
        QualityRating, School, SchoolStep, Signatory, SubjectResult, SupplementaryAssessment,
        Transcript, YearRecord,
    };
    #[pymodule_export]
    use crate::pades::{PdfToBeSigned, PdfVerificationReport, prepare_pdf, sign_pdf, verify_pdf};
    #[pymodule_export]
    use crate::portal::{portal_message_id, portal_reply, portal_request};
    #[pymodule_export]
    use crate::render::render_pdf;
    #[pymodule_export]
    use crate::rows::{subject_rows, year_rows};
    #[pymodule_export]
    use crate::sign::{Envelope, SigningKey, ToBeSigned, sign_many};
    #[pymodule_export]
    use crate::synth::{
        synth_class, synth_cohort, synth_demo_transcript, synth_transcript, synth_year_record,
    };
    #[pymodule_export]
    use crate::timestamp::{
        attach_timestamp_pdf, attach_timestamp_xml, timestamp_request_pdf, timestamp_request_xml,
    };
    #[pymodule_export]
    use crate::trust::TrustStore;
    #[pymodule_export]
    use crate::validate::{AwardEligibility, Derived, ValidationReport, Violation, validate};
    #[pymodule_export]
    use crate::verify::{
        ReportIterator, SignerReport, TranscriptVerificationReport, VerificationReport, verify,
        verify_iter, verify_many, verify_transcript,
    };
    #[pymodule_export]
    use crate::xmldsig::{XmlToBeSigned, prepare_xml, sign_xml, verify_xml};
    #[pymodule_export]
    use crate::years::verify_xml_transcript;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("MAX_INPUT_BYTES", hocba_core::MAX_INPUT_BYTES)?;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
