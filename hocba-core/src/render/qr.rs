//! The QR code printed on each year page: a compact reference to the signed record.
//!
//! Content (ASCII, fields separated by `;`, documented in `docs/spec/pdf.md`):
//!
//! ```text
//! HOCBA1;<pupil code or ->;<school year>;<grade>;<result code>;<SHA-256 of the signed bytes, hex | chua-ky>
//! HOCBA1;HS0482020000123;2023-2024;4;htt;9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
//! ```
//!
//! At most 6+1+32+1+9+1+1+1+4+1+64 = 121 bytes, so a **fixed QR version 9 (53×53 modules) with
//! error-correction level Q** (≈25 % of codewords recoverable; byte capacity 130) always fits
//! and every year page carries a symbol of the same size. It is drawn as vector squares 100 pt
//! (35 mm) wide including the 4-module quiet zone: about 0.58 mm per module on A4, well above
//! what phone cameras resolve from a printed page.

use qrcode::{EcLevel, QrCode, Version};

use super::{RenderError, YearInput};

/// QR version used on every year page.
pub const QR_VERSION: i16 = 9;
/// Modules of white border on each side (ISO/IEC 18004 minimum).
pub(crate) const QUIET_ZONE: usize = 4;

/// An encoded symbol: `width`×`width` modules, row-major, dark where true.
pub(crate) struct Symbol {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// The reference text encoded in a year page's QR code.
pub fn reference(input: &YearInput<'_>, digest_hex: Option<&str>) -> String {
    let r = input.record;
    let pupil = r
        .pupil
        .pupil_code
        .as_ref()
        .map(|c| c.as_str().to_owned())
        .unwrap_or_else(|| "-".to_owned());
    format!(
        "HOCBA1;{pupil};{};{};{};{}",
        r.school_year,
        r.grade,
        r.result.code(),
        digest_hex.unwrap_or("chua-ky")
    )
}

/// Encodes `text` as QR version 9, level Q.
pub(crate) fn encode(text: &str) -> Result<Symbol, RenderError> {
    let code = QrCode::with_version(text.as_bytes(), Version::Normal(QR_VERSION), EcLevel::Q)
        .map_err(|_| RenderError::Qr)?;
    Ok(Symbol {
        width: code.width(),
        dark: code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    })
}
