//! The `DANH_SACH_HOC_BA` lists a transaction carries (CV 2088 §2): the signed records of a
//! submission, each kept byte for byte, and the identifying entries of a recall request.

use roxmltree::{Document, Node, NodeType};

use super::ExchangeError;
use crate::xml::XmlLimits;

/// Root element of every list.
pub const LIST_ROOT: &str = "DANH_SACH_HOC_BA";
/// Element of one record (and of one recall entry).
pub const RECORD_ELEMENT: &str = "HOC_BA";
/// Most records (or recall entries) one list may hold.
pub const MAX_RECORDS_PER_LIST: usize = 100_000;
/// The declaration [`record_document`] puts in front of a record taken out of a list: the one
/// `moet::to_xml` writes.
pub const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Parses with the core's strict XML front (no DTD, entities, PIs, comments or CDATA; bounded).
fn parse<'a>(text: &'a str, limits: &XmlLimits) -> Result<Document<'a>, ExchangeError> {
    crate::xml::parse(text.as_bytes(), limits)
        .map_err(|e| ExchangeError::MalformedXml { line: e.line })
}

/// Joins signed record files (each one `HOC_BA` document, as `hocba sign` writes it) into the
/// `DANH_SACH_HOC_BA` list of a submission. Each record's element is copied byte for byte
/// (its XML declaration and anything outside the element are left out), so the signatures
/// inside stay valid.
pub fn join_records(files: &[&[u8]]) -> Result<String, ExchangeError> {
    if files.is_empty() {
        return Err(ExchangeError::EmptyList);
    }
    if files.len() > MAX_RECORDS_PER_LIST {
        return Err(ExchangeError::TooManyRecords {
            max: MAX_RECORDS_PER_LIST,
        });
    }
    let mut out = String::from(XML_DECLARATION.trim_end());
    out.push('<');
    out.push_str(LIST_ROOT);
    out.push('>');
    for (index, file) in files.iter().enumerate() {
        let not_record = || ExchangeError::NotARecord { number: index + 1 };
        let text = std::str::from_utf8(file).map_err(|_| not_record())?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc = parse(text, &XmlLimits::RECORD).map_err(|_| not_record())?;
        let root = doc.root_element();
        if root.tag_name().name() != RECORD_ELEMENT || !crate::xml::in_no_namespace(root) {
            return Err(not_record());
        }
        out.push_str(&text[root.range()]);
    }
    out.push_str("</");
    out.push_str(LIST_ROOT);
    out.push('>');
    Ok(out)
}

fn list_items<'a, 'i>(doc: &'a Document<'i>) -> Result<Vec<Node<'a, 'i>>, ExchangeError> {
    let root = doc.root_element();
    if root.tag_name().name() != LIST_ROOT
        || !crate::xml::in_no_namespace(root)
        || root.attributes().len() > 0
        || root.namespaces().len() > 0
    {
        // A namespace declared on the list would leave the records inside unable to stand alone.
        return Err(ExchangeError::WrongRoot {
            expected: LIST_ROOT,
        });
    }
    let mut items = Vec::new();
    for child in root.children() {
        match child.node_type() {
            NodeType::Element
                if child.tag_name().name() == RECORD_ELEMENT
                    && crate::xml::in_no_namespace(child) =>
            {
                if items.len() == MAX_RECORDS_PER_LIST {
                    return Err(ExchangeError::TooManyRecords {
                        max: MAX_RECORDS_PER_LIST,
                    });
                }
                items.push(child);
            }
            NodeType::Text if child.text().is_some_and(|t| t.trim().is_empty()) => {}
            _ => {
                return Err(ExchangeError::UnexpectedContent {
                    number: items.len() + 1,
                });
            }
        }
    }
    if items.is_empty() {
        return Err(ExchangeError::EmptyList);
    }
    Ok(items)
}

/// Splits a submission's list into its records: for each `HOC_BA`, the exact bytes it was sent
/// as (a slice of `list`), never re-encoded.
pub fn split_records(list: &str) -> Result<Vec<&str>, ExchangeError> {
    let doc = parse(list, &XmlLimits::LIST)?;
    Ok(list_items(&doc)?
        .into_iter()
        .map(|n| &list[n.range()])
        .collect())
}

/// A record cut out of a list as a document of its own: [`XML_DECLARATION`], the record's
/// bytes and a final newline — the layout `moet::to_xml` writes, so for a record it wrote and
/// signed this gives back the signed file byte for byte.
pub fn record_document(record: &str) -> String {
    let mut out = String::with_capacity(XML_DECLARATION.len() + record.len() + 1);
    out.push_str(XML_DECLARATION);
    out.push_str(record);
    out.push('\n');
    out
}

/// One identifying entry of a recall request (CV 2088 §2, type 5), all fields required.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecallEntry {
    /// `MA_TRA_CUU_UUID`: the lookup code of the record to recall.
    pub ma_tra_cuu_uuid: String,
    /// `HO_VA_TEN`.
    pub ho_va_ten: String,
    /// `GIOI_TINH`.
    pub gioi_tinh: String,
    /// `NGAY_SINH` (the spec's example writes `17/05/2017`; kept as sent).
    pub ngay_sinh: String,
    /// `SO_CCCD`.
    pub so_cccd: String,
    /// `TEN_TRUONG`.
    pub ten_truong: String,
    /// `MA_TRUONG`.
    pub ma_truong: String,
    /// `TEN_NAM_HOC`.
    pub ten_nam_hoc: String,
}

impl RecallEntry {
    /// The XML element names, paired with the fields, in the spec's order.
    pub fn fields(&self) -> [(&'static str, &str); 8] {
        [
            ("MA_TRA_CUU_UUID", &self.ma_tra_cuu_uuid),
            ("HO_VA_TEN", &self.ho_va_ten),
            ("GIOI_TINH", &self.gioi_tinh),
            ("NGAY_SINH", &self.ngay_sinh),
            ("SO_CCCD", &self.so_cccd),
            ("TEN_TRUONG", &self.ten_truong),
            ("MA_TRUONG", &self.ma_truong),
            ("TEN_NAM_HOC", &self.ten_nam_hoc),
        ]
    }

    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "MA_TRA_CUU_UUID" => &mut self.ma_tra_cuu_uuid,
            "HO_VA_TEN" => &mut self.ho_va_ten,
            "GIOI_TINH" => &mut self.gioi_tinh,
            "NGAY_SINH" => &mut self.ngay_sinh,
            "SO_CCCD" => &mut self.so_cccd,
            "TEN_TRUONG" => &mut self.ten_truong,
            "MA_TRUONG" => &mut self.ma_truong,
            "TEN_NAM_HOC" => &mut self.ten_nam_hoc,
            _ => return None,
        })
    }
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The recall entry naming a signed record file (its eight identifying fields are the
/// same-named elements of `THONG_TIN_CHUNG`), so a school recalls a record by handing in the file
/// it submitted. `index` is the file's place counting from 0, for the error (which counts from
/// 1).
pub fn recall_entry_from_record(record: &[u8], index: usize) -> Result<RecallEntry, ExchangeError> {
    let text =
        std::str::from_utf8(record).map_err(|_| ExchangeError::NotARecord { number: index + 1 })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = parse(text, &XmlLimits::RECORD)
        .map_err(|_| ExchangeError::NotARecord { number: index + 1 })?;
    let root = doc.root_element();
    let general = (root.tag_name().name() == RECORD_ELEMENT)
        .then(|| {
            root.children()
                .find(|c| c.has_tag_name("DU_LIEU_HOC_BA"))?
                .children()
                .find(|c| c.has_tag_name("THONG_TIN_CHUNG"))
        })
        .flatten()
        .ok_or(ExchangeError::NotARecord { number: index + 1 })?;
    let mut entry = RecallEntry::default();
    for child in general.children().filter(Node::is_element) {
        if let Some(slot) = entry.field_mut(child.tag_name().name())
            && slot.is_empty()
        {
            *slot = crate::xml::text(child)
                .unwrap_or_default()
                .trim()
                .to_owned();
        }
    }
    if let Some((field, _)) = entry.fields().into_iter().find(|(_, v)| v.is_empty()) {
        return Err(ExchangeError::MissingField {
            number: index + 1,
            field,
        });
    }
    Ok(entry)
}

/// Writes a recall request's list.
pub fn recall_list_to_xml(entries: &[RecallEntry]) -> String {
    let mut out = String::from(XML_DECLARATION.trim_end());
    out.push_str("<DANH_SACH_HOC_BA>");
    for e in entries {
        out.push_str("<HOC_BA>");
        for (name, value) in e.fields() {
            out.push('<');
            out.push_str(name);
            out.push('>');
            escape_text(value, &mut out);
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        out.push_str("</HOC_BA>");
    }
    out.push_str("</DANH_SACH_HOC_BA>");
    out
}

/// Reads a recall request's list: every entry must give all eight fields, non-empty; an
/// unknown element is refused.
pub fn recall_list_from_xml(list: &str) -> Result<Vec<RecallEntry>, ExchangeError> {
    let doc = parse(list, &XmlLimits::LIST)?;
    let mut entries = Vec::new();
    for (index, item) in list_items(&doc)?.into_iter().enumerate() {
        let mut entry = RecallEntry::default();
        for child in item.children() {
            match child.node_type() {
                NodeType::Element => {
                    let name = child.tag_name().name();
                    let slot = entry
                        .field_mut(name)
                        .filter(|s| s.is_empty() && crate::xml::in_no_namespace(child))
                        .ok_or(ExchangeError::UnexpectedContent { number: index + 1 })?;
                    *slot = crate::xml::text(child)
                        .unwrap_or_default()
                        .trim()
                        .to_owned();
                }
                NodeType::Text if child.text().is_some_and(|t| t.trim().is_empty()) => {}
                _ => return Err(ExchangeError::UnexpectedContent { number: index + 1 }),
            }
        }
        if let Some((field, _)) = entry.fields().into_iter().find(|(_, v)| v.is_empty()) {
            return Err(ExchangeError::MissingField {
                number: index + 1,
                field,
            });
        }
        entries.push(entry);
    }
    Ok(entries)
}
