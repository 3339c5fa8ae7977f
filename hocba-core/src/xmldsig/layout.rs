//! The national XML read strictly, and where everything must be (`docs/spec/xml-signature.md`
//! §3): one `HOC_BA` root; its children `DU_LIEU_HOC_BA` (first) and `DANH_SACH_THONG_TIN_KY`;
//! in the latter the slots `GVCN`, `CBQL`, `KY_PHAT_HANH` in that order, each `NGAY_KY`,
//! `SO_CCCD` (not for `KY_PHAT_HANH`) and one `ds:Signature`. Signatures are found by these
//! positions, never by searching for an `Id`.

use std::collections::HashSet;

use roxmltree::{Document, Node, NodeType};

use crate::xml::XmlLimits;

use super::XmlSigError;
use super::profile::{DS_NS, slot_name, slot_role};
use crate::trust::SignerRole;

/// Largest national XML accepted, in bytes ([`XmlLimits::RECORD`]).
pub const MAX_XML_BYTES: usize = XmlLimits::RECORD.max_bytes;
/// Deepest element nesting accepted ([`XmlLimits::RECORD`]).
pub const MAX_DEPTH: usize = XmlLimits::RECORD.max_depth;

/// Parses `bytes` with the strict XML front (`crate::xml`, ADR 0075): UTF-8, no DOCTYPE or
/// entities, no comments, processing instructions or CDATA, within the bounds of one record.
pub(crate) fn parse(bytes: &[u8]) -> Result<Document<'_>, XmlSigError> {
    Ok(crate::xml::parse(bytes, &XmlLimits::RECORD)?)
}

/// One filled or empty signature slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Slot<'a, 'i> {
    pub role: SignerRole,
    pub node: Node<'a, 'i>,
    /// `NGAY_KY` text (signed slots).
    pub ngay_ky: Option<&'a str>,
    /// `SO_CCCD` text (GVCN, CBQL).
    pub so_cccd: Option<&'a str>,
    /// The `ds:Signature`, when signed.
    pub signature: Option<Node<'a, 'i>>,
}

/// The positions of a national XML.
#[derive(Clone, Debug)]
pub(crate) struct Layout<'a, 'i> {
    pub data: Node<'a, 'i>,
    pub list: Node<'a, 'i>,
    pub slots: Vec<Slot<'a, 'i>>,
}

impl<'a, 'i> Layout<'a, 'i> {
    /// The slot of `role`, if present.
    pub fn slot(&self, role: SignerRole) -> Option<&Slot<'a, 'i>> {
        self.slots.iter().find(|s| s.role == role)
    }
}

fn is_ds(node: &Node<'_, '_>, local: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(DS_NS)
        && node.tag_name().name() == local
}

fn is_plain(node: &Node<'_, '_>, local: &str) -> bool {
    node.is_element() && crate::xml::in_no_namespace(*node) && node.tag_name().name() == local
}

/// Element children of `node`; anything but whitespace text between them is refused.
pub(crate) fn element_children<'a, 'i>(
    node: Node<'a, 'i>,
    err: XmlSigError,
) -> Result<Vec<Node<'a, 'i>>, XmlSigError> {
    let mut out = Vec::new();
    for c in node.children() {
        match c.node_type() {
            NodeType::Element => out.push(c),
            NodeType::Text if c.text().is_some_and(is_xml_space) => {}
            _ => return Err(err),
        }
    }
    Ok(out)
}

/// Whether `s` is only XML whitespace (space, tab, CR, LF).
pub(crate) fn is_xml_space(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The text of a leaf element (one text child, or none), as roxmltree reads it. Not
/// [`crate::xml::text`]: every leaf of the signature profile is base64 (where a CR and an LF are
/// both whitespace, `base64_value`) or a date-time (where either is refused), so roxmltree's
/// lone-CR reading cannot change a value, and these texts stay borrowed on the hot path.
pub(crate) fn leaf_text<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    let mut children = node.children();
    match (children.next(), children.next()) {
        (None, _) => Some(""),
        (Some(t), None) if t.is_text() => t.text(),
        _ => None,
    }
}

/// Checks the whole document and finds the positions.
pub(crate) fn layout<'a, 'i>(doc: &'a Document<'i>) -> Result<Layout<'a, 'i>, XmlSigError> {
    // Whole-document checks first: they name the attack most precisely.
    let mut ids = HashSet::new();
    let mut duplicate_id = false;
    let mut xml_id = false;
    let mut data_count = 0usize;
    for node in doc.descendants().filter(|n| n.is_element()) {
        if is_plain(&node, "DU_LIEU_HOC_BA") {
            data_count += 1;
        }
        for a in node.attributes() {
            // xml:id (W3C xml:id 1.0) is an ID to libxml2: `#data` could name it. The profile
            // never uses it; refused wherever it is (xml-signature.md §4 step 2).
            if a.namespace() == Some("http://www.w3.org/XML/1998/namespace") && a.name() == "id" {
                xml_id = true;
            }
            if a.namespace().is_none()
                && matches!(a.name(), "Id" | "ID" | "id")
                && !ids.insert(a.value())
            {
                duplicate_id = true;
            }
        }
    }
    // A second DU_LIEU_HOC_BA is the more specific finding (it usually repeats the Id too).
    if data_count > 1 {
        return Err(XmlSigError::SecondData);
    }
    let root = doc.root_element();
    if !is_plain(&root, "HOC_BA") {
        return Err(XmlSigError::Structure {
            what: "root is not HOC_BA",
        });
    }
    // Every ds:Signature must be a direct child of a slot.
    for node in root.descendants().filter(|n| is_ds(n, "Signature")) {
        let parent = node.parent_element();
        let placed = parent.is_some_and(|p| {
            crate::xml::in_no_namespace(p)
                && slot_role(p.tag_name().name()).is_some()
                && p.parent_element().is_some_and(|l| {
                    is_plain(&l, "DANH_SACH_THONG_TIN_KY") && l.parent_element() == Some(root)
                })
        });
        if !placed {
            return Err(XmlSigError::SignatureMisplaced);
        }
    }
    // Checked after the placements: a copied signature repeats Ids, and being misplaced is the
    // more specific finding.
    if duplicate_id {
        return Err(XmlSigError::DuplicateId);
    }
    if xml_id {
        return Err(XmlSigError::XmlId);
    }
    let structure = |what| XmlSigError::Structure { what };
    let children = element_children(root, structure("content beside the elements of HOC_BA"))?;
    let [data, list] = children[..] else {
        return Err(structure(
            "HOC_BA must hold DU_LIEU_HOC_BA then DANH_SACH_THONG_TIN_KY",
        ));
    };
    if !is_plain(&data, "DU_LIEU_HOC_BA") {
        return Err(structure("DU_LIEU_HOC_BA is not the first child of HOC_BA"));
    }
    if !is_plain(&list, "DANH_SACH_THONG_TIN_KY") || list.attributes().len() != 0 {
        return Err(structure(
            "DANH_SACH_THONG_TIN_KY is not the second child of HOC_BA",
        ));
    }
    let slot_err = |what| XmlSigError::Slot { what };
    let mut slots: Vec<Slot<'a, 'i>> = Vec::new();
    for s in element_children(list, slot_err("content beside the slots"))? {
        let role = (crate::xml::in_no_namespace(s))
            .then(|| slot_role(s.tag_name().name()))
            .flatten()
            .ok_or(slot_err("unknown element in DANH_SACH_THONG_TIN_KY"))?;
        if slots.last().is_some_and(|p| p.role >= role) {
            return Err(slot_err("slots out of order or repeated"));
        }
        if s.attributes().len() != 0 {
            return Err(slot_err("attribute on a slot"));
        }
        slots.push(read_slot(role, s)?);
    }
    Ok(Layout { data, list, slots })
}

fn read_slot<'a, 'i>(role: SignerRole, node: Node<'a, 'i>) -> Result<Slot<'a, 'i>, XmlSigError> {
    let err = |what| XmlSigError::Slot { what };
    let children = element_children(node, err("text in a slot"))?;
    let mut slot = Slot {
        role,
        node,
        ngay_ky: None,
        so_cccd: None,
        signature: None,
    };
    if children.is_empty() {
        return Ok(slot); // an empty slot: not signed yet
    }
    let wants_id = role != SignerRole::SchoolSeal;
    let expected: &[&str] = if wants_id {
        &["NGAY_KY", "SO_CCCD", "Signature"]
    } else {
        &["NGAY_KY", "Signature"]
    };
    if children.len() != expected.len() {
        return Err(err(if wants_id {
            "a GVCN or CBQL slot holds NGAY_KY, SO_CCCD and ds:Signature"
        } else {
            "the KY_PHAT_HANH slot holds NGAY_KY and ds:Signature"
        }));
    }
    for (c, name) in children.iter().zip(expected) {
        let ok = if *name == "Signature" {
            is_ds(c, name)
        } else {
            is_plain(c, name) && c.attributes().len() == 0
        };
        if !ok {
            return Err(err("slot children out of order"));
        }
    }
    slot.ngay_ky = Some(leaf_text(children[0]).ok_or(err("NGAY_KY is not text"))?);
    if wants_id {
        let id = leaf_text(children[1]).ok_or(err("SO_CCCD is not text"))?;
        if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("SO_CCCD is not 12 digits"));
        }
        slot.so_cccd = Some(id);
    }
    slot.signature = children.last().copied();
    Ok(slot)
}

/// The element's name in `slot_name` form, for messages.
pub(crate) fn role_slot(role: SignerRole) -> &'static str {
    slot_name(role)
}

/// The text of the first `THONG_TIN_CHUNG/<name>` of the data, if present.
pub(crate) fn data_field<'a>(data: Node<'a, '_>, name: &str) -> Option<&'a str> {
    data.children()
        .find(|c| is_plain(c, "THONG_TIN_CHUNG"))?
        .children()
        .find(|c| is_plain(c, name))
        .and_then(leaf_text)
}
