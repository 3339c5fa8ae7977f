//! Errors of rendering a học bạ PDF and of reading one back.

/// Why a PDF could not be rendered, or why a PDF is not a valid hocba PDF.
///
/// `Display` (English) and [`RenderError::message_vi`] never contain pupil data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The embedded font could not be parsed (a build defect).
    #[error("the embedded font could not be loaded")]
    Font,
    /// The QR code could not be encoded (its content exceeded the fixed QR version).
    #[error("the QR reference does not fit QR version 9, error correction level Q")]
    Qr,
    /// The PDF writer failed, or the output failed its PDF/A-3u validation.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// Nothing to render: a transcript without year records.
    #[error("a transcript needs at least one year record to render")]
    NoYears,
    /// The bytes are not a PDF, or not one this renderer produced (bad structure).
    #[error("malformed or unsupported PDF: {0}")]
    Malformed(&'static str),
    /// The PDF carries no signed record.
    #[error("the PDF carries no embedded signed record")]
    NoSignedRecord,
    /// The PDF carries more than one signed record where exactly one was expected.
    #[error("the PDF carries {0} signed records where one was expected")]
    SeveralSignedRecords(usize),
    /// An embedded file is larger than the limit.
    #[error("an embedded file exceeds the {0}-byte limit")]
    TooLarge(usize),
    /// The pages are not exactly what this renderer makes from the embedded record(s).
    #[error("the pages were not rendered from the embedded signed record")]
    NotRenderedFromRecord,
    /// The identity page given for a signed transcript names another pupil than its records.
    #[error("the identity page names another pupil than the signed records")]
    PupilMismatch,
    /// The enrolment history names, for a signed school year, a school other than the one
    /// that signed that year.
    #[error("the enrolment history names another school than the signed record of that year")]
    EnrolmentMismatch,
    /// A school year of the signed records has no single record in force: two records claim it
    /// (`duplicate_year`) or its records were recalled (`year_recalled`). No page can show one
    /// of them as the học bạ of that year (ADR 0121); the transcript report says which.
    #[error("a school year has no single record in force ({0}): the học bạ cannot be rendered")]
    YearNotInForce(&'static str),
}

impl RenderError {
    /// Stable snake_case machine code (`docs/spec/pdf.md`).
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::Font => "render_font",
            RenderError::Qr => "render_qr",
            RenderError::Write(_) => "render_write",
            RenderError::NoYears => "render_no_years",
            RenderError::Malformed(_) => "pdf_malformed",
            RenderError::NoSignedRecord => "pdf_no_signed_record",
            RenderError::SeveralSignedRecords(_) => "pdf_several_signed_records",
            RenderError::TooLarge(_) => "pdf_attachment_too_large",
            RenderError::NotRenderedFromRecord => "pdf_not_rendered_from_record",
            RenderError::PupilMismatch => "pupil_mismatch",
            RenderError::EnrolmentMismatch => "enrolment_mismatch",
            RenderError::YearNotInForce(_) => "year_not_in_force",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            RenderError::Font => "không nạp được phông chữ nhúng".to_owned(),
            RenderError::Qr => "mã QR vượt quá phiên bản 9, mức sửa lỗi Q".to_owned(),
            RenderError::Write(m) => format!("không ghi được tệp PDF: {m}"),
            RenderError::NoYears => "học bạ không có hồ sơ năm học nào để in".to_owned(),
            RenderError::Malformed(m) => {
                format!("tệp PDF sai cấu trúc hoặc không được hỗ trợ: {m}")
            }
            RenderError::NoSignedRecord => "tệp PDF không kèm hồ sơ đã ký số".to_owned(),
            RenderError::SeveralSignedRecords(n) => {
                format!("tệp PDF kèm {n} hồ sơ đã ký trong khi chỉ chờ một")
            }
            RenderError::TooLarge(n) => format!("tệp đính kèm vượt quá giới hạn {n} byte"),
            RenderError::NotRenderedFromRecord => {
                "các trang PDF không được in từ hồ sơ đã ký kèm theo".to_owned()
            }
            RenderError::PupilMismatch => {
                "trang thông tin học sinh ghi một học sinh khác với các hồ sơ đã ký".to_owned()
            }
            RenderError::EnrolmentMismatch => {
                "quá trình học tập ghi một trường khác với trường đã ký hồ sơ của năm học đó"
                    .to_owned()
            }
            RenderError::YearNotInForce(issue) => format!(
                "một năm học không có đúng một hồ sơ còn hiệu lực ({issue}): không in được học bạ"
            ),
        }
    }
}
