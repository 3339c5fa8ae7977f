"""hocba — Vietnam's digital primary-school transcript (Học bạ số cấp Tiểu học).

Records under Thông tư 27/2020/TT-BGDĐT: read them from JSON or canonical CBOR, validate
them against the TT27 rules, sign and verify them, and analyse them in bulk.

>>> import hocba
>>> rec = hocba.YearRecord.from_json(text_or_dict)      # doctest: +SKIP
>>> rec.pupil.full_name, rec.grade, rec.result          # doctest: +SKIP
"""

from __future__ import annotations

from ._errors import (
    ArgumentError,
    DecodeError,
    HocbaError,
    ModelError,
    RenderError,
    SignatureError,
    TrustError,
    ValidationError,
)
from ._native import (
    AdminUnit,
    AwardEligibility,
    Award,
    CompetencyRating,
    Completion,
    Correction,
    Department,
    Derived,
    Enrolment,
    Envelope,
    GroupComments,
    Guardian,
    Issuance,
    PdfToBeSigned,
    PdfVerificationReport,
    PeriodicResult,
    Place,
    PrincipalSignatory,
    Pupil,
    QualityRating,
    School,
    SchoolStep,
    Signatory,
    SignerReport,
    SigningKey,
    SubjectResult,
    SupplementaryAssessment,
    ToBeSigned,
    Transcript,
    TranscriptVerificationReport,
    TrustStore,
    ValidationReport,
    VerificationReport,
    Violation,
    XmlToBeSigned,
    YearRecord,
    __version__,
    loads,
    prepare_pdf,
    prepare_xml,
    validate,
    render_pdf,
    sign_many,
    sign_pdf,
    sign_xml,
    verify,
    verify_many,
    verify_pdf,
    verify_transcript,
    verify_xml,
    verify_xml_transcript,
)
from . import synth
from ._io import load
from .portal import Portal, PortalReply
from .analysis import subject_rows, to_pandas, year_rows

__all__ = [
    "__version__",
    # records
    "YearRecord",
    "Transcript",
    "Pupil",
    "Place",
    "AdminUnit",
    "Guardian",
    "School",
    "Department",
    "Enrolment",
    "SchoolStep",
    "SubjectResult",
    "QualityRating",
    "CompetencyRating",
    "PeriodicResult",
    "Award",
    "SupplementaryAssessment",
    "Completion",
    "Signatory",
    "PrincipalSignatory",
    "Correction",
    "GroupComments",
    "Issuance",
    "load",
    "loads",
    # validation
    "validate",
    "ValidationReport",
    "Violation",
    "Derived",
    "AwardEligibility",
    # signatures and trust
    "Envelope",
    "SigningKey",
    "ToBeSigned",
    "sign_many",
    "TrustStore",
    "verify",
    "verify_many",
    "verify_transcript",
    "VerificationReport",
    "SignerReport",
    "TranscriptVerificationReport",
    # the national XML (CV 2088) signed with XML-DSig
    "verify_xml",
    "verify_xml_transcript",
    "prepare_xml",
    "XmlToBeSigned",
    "sign_xml",
    # the receiving portal (school side)
    "Portal",
    "PortalReply",
    # rendering
    "render_pdf",
    "prepare_pdf",
    "PdfToBeSigned",
    "sign_pdf",
    "verify_pdf",
    "PdfVerificationReport",
    # analysis
    "year_rows",
    "subject_rows",
    "to_pandas",
    "synth",
    # errors
    "HocbaError",
    "DecodeError",
    "ModelError",
    "ValidationError",
    "SignatureError",
    "TrustError",
    "RenderError",
    "ArgumentError",
]
