//! A province's approval of a school certificate, forwarded to the national store (ADR 0201).
//!
//! The specification's type 3 registers a unit's own certificate; it has no way to say "this
//! certificate is the approved certificate of school X, approved by us". The province sends the
//! school's registration (`chung_thu_so`: serial, kind, issuer, chain) with a `content` that says
//! it, packed like every `content` (Base64 of length-prefixed gzip, CV 2088 §2) and covered by the
//! province's transaction `Signature`:
//!
//! ```xml
//! <PHE_DUYET_CHUNG_THU_SO>
//!   <MA_TRUONG>49TH0031</MA_TRUONG>           the school whose certificate it is
//!   <TEN_TRUONG>Trường …</TEN_TRUONG>         its name as the province registered it
//!   <VAN_TAY_SHA256>64 hex</VAN_TAY_SHA256>    SHA-256 of the leaf: binds the approval to the chain sent
//!   <THOI_DIEM_PHE_DUYET>unix seconds</THOI_DIEM_PHE_DUYET>  when the province approved it
//! </PHE_DUYET_CHUNG_THU_SO>
//! ```

use crate::lookup::esc;

/// The root element.
pub const ROOT: &str = "PHE_DUYET_CHUNG_THU_SO";

/// What the province attests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForwardedApproval {
    /// `MA_TRUONG`.
    pub ma_truong: String,
    /// `TEN_TRUONG`.
    pub ten_truong: String,
    /// `VAN_TAY_SHA256`, lower-case hex.
    pub fingerprint: String,
    /// `THOI_DIEM_PHE_DUYET`, Unix seconds.
    pub approved_at: i64,
}

impl ForwardedApproval {
    /// The XML (before packing).
    pub fn to_xml(&self) -> String {
        format!(
            "<{ROOT}><MA_TRUONG>{}</MA_TRUONG><TEN_TRUONG>{}</TEN_TRUONG>\
             <VAN_TAY_SHA256>{}</VAN_TAY_SHA256><THOI_DIEM_PHE_DUYET>{}</THOI_DIEM_PHE_DUYET></{ROOT}>",
            esc(&self.ma_truong),
            esc(&self.ten_truong),
            esc(&self.fingerprint),
            self.approved_at
        )
    }

    /// Reads [`Self::to_xml`] (unpacked); the error names the element at fault.
    pub fn from_xml(xml: &str) -> Result<Self, &'static str> {
        let opts = roxmltree::ParsingOptions {
            allow_dtd: false,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(xml, opts).map_err(|_| ROOT)?;
        let root = doc.root_element();
        if root.tag_name().name() != ROOT {
            return Err(ROOT);
        }
        let text = |name: &'static str| {
            root.children()
                .find(|c| c.is_element() && c.tag_name().name() == name)
                .and_then(|c| c.text())
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty() && t.len() <= 200)
                .ok_or(name)
        };
        let ma_truong = text("MA_TRUONG")?;
        if !ma_truong
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            || ma_truong.len() > 32
        {
            return Err("MA_TRUONG");
        }
        let fingerprint = text("VAN_TAY_SHA256")?.to_ascii_lowercase();
        if fingerprint.len() != 64 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("VAN_TAY_SHA256");
        }
        let approved_at = text("THOI_DIEM_PHE_DUYET")?
            .parse()
            .map_err(|_| "THOI_DIEM_PHE_DUYET")?;
        Ok(Self {
            ma_truong,
            ten_truong: text("TEN_TRUONG")?,
            fingerprint,
            approved_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let a = ForwardedApproval {
            ma_truong: "49TH0031".into(),
            ten_truong: "Trường <Thử> & \"Số 1\"".into(),
            fingerprint: "ab".repeat(32),
            approved_at: 1_790_000_000,
        };
        assert_eq!(ForwardedApproval::from_xml(&a.to_xml()), Ok(a.clone()));
        let bad = a.to_xml().replace("49TH0031", "49TH'; DROP");
        assert_eq!(ForwardedApproval::from_xml(&bad), Err("MA_TRUONG"));
        let bad = a.to_xml().replace(&"ab".repeat(32), "abc");
        assert_eq!(ForwardedApproval::from_xml(&bad), Err("VAN_TAY_SHA256"));
        let bad = a.to_xml().replace("1790000000", "hôm qua");
        assert_eq!(
            ForwardedApproval::from_xml(&bad),
            Err("THOI_DIEM_PHE_DUYET")
        );
        assert_eq!(ForwardedApproval::from_xml("<X/>"), Err(ROOT));
        assert_eq!(
            ForwardedApproval::from_xml("<!DOCTYPE x [<!ENTITY a \"b\">]><X/>"),
            Err(ROOT)
        );
    }
}
