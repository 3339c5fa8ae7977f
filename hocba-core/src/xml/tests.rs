use super::*;

fn code(xml: &str) -> &'static str {
    match parse(xml.as_bytes(), &XmlLimits::RECORD) {
        Ok(_) => "ok",
        Err(e) => e.kind.code(),
    }
}

#[test]
fn refuses_what_a_hoc_ba_never_needs() {
    assert_eq!(code("<A>x</A>"), "ok");
    assert_eq!(code("<!DOCTYPE A><A/>"), "xml_doctype");
    assert_eq!(code("<A>&foo;</A>"), "xml_entity");
    assert_eq!(code("<A><?pi x?></A>"), "xml_processing_instruction");
    assert_eq!(code("<A><!-- c --></A>"), "xml_comment");
    assert_eq!(code("<A><![CDATA[x]]></A>"), "xml_cdata");
    assert_eq!(code("<A a='1' a='2'/>"), "xml_duplicate_attribute");
    assert_eq!(code("<A>"), "xml_malformed");
}

/// A 50 MB text node is refused by the size bound before any parsing (nothing is allocated
/// for it beyond the caller's input).
#[test]
fn a_50_mb_text_node_is_refused_by_the_size_bound() {
    let mut xml = String::from("<HOC_BA><A>");
    xml.push_str(&"a".repeat(50 * 1024 * 1024));
    xml.push_str("</A></HOC_BA>");
    assert_eq!(code(&xml), "xml_too_large");
    // Within the list bound, the text bound refuses it instead.
    let e = parse(xml.as_bytes(), &XmlLimits::LIST).unwrap_err();
    assert_eq!(e.kind.code(), "xml_text_too_long");
    assert_eq!(e.path, "HOC_BA/A");
}

/// 100,000 nested elements: refused without recursion (the node bound, then the depth bound
/// for a document within it).
#[test]
fn deep_nesting_is_refused() {
    let deep = |n: usize| format!("{}{}", "<X>".repeat(n), "</X>".repeat(n));
    assert_eq!(code(&deep(100_000)), "xml_too_large");
    assert_eq!(code(&deep(17)), "xml_too_deep");
    assert_eq!(code(&deep(16)), "ok");
}

/// A character reference must name an XML 1.0 `Char` (§2.2, well-formedness constraint "Legal
/// Character", §4.1): roxmltree turns a surrogate such as `&#xD800;` into U+FFFD, and the text
/// would then be read (and canonicalized) as a character the document never held.
#[test]
fn character_references_to_non_characters_are_refused() {
    for bad in [
        "&#xD800;",
        "&#xDFFF;",
        "&#55296;",
        "&#x0;",
        "&#1;",
        "&#x1F;",
        "&#xFFFE;",
        "&#xFFFF;",
        "&#x110000;",
        "&#99999999999;",
    ] {
        let xml = format!("<HOC_BA>a{bad}b</HOC_BA>");
        assert_eq!(code(&xml), "xml_malformed", "{bad}");
        let attr = format!("<HOC_BA x=\"{bad}\"/>");
        assert_eq!(code(&attr), "xml_malformed", "{bad} in an attribute");
    }
    for good in [
        "&#x9;",
        "&#10;",
        "&#xD;",
        "&#x20;",
        "&#xD7FF;",
        "&#xE000;",
        "&#xFFFD;",
        "&#x10000;",
        "&#x10FFFF;",
        "&#7877;",
        "&#x1EC7;",
        "&#38;",
        "&#60;",
    ] {
        let xml = format!("<HOC_BA x=\"{good}\">a{good}b</HOC_BA>");
        assert!(parse(xml.as_bytes(), &XmlLimits::RECORD).is_ok(), "{good}");
    }
}

/// The declaration's encoding must be UTF-8 (case-insensitive, `UTF8` too): roxmltree would read
/// any other as UTF-8 while libxml2/xmlsec1 decode by it — a parser differential (ADR 0244).
#[test]
fn a_declared_encoding_other_than_utf8_is_refused() {
    for (decl, want) in [
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "ok"),
        ("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "ok"),
        ("<?xml version=\"1.0\" encoding='UTF8'?>", "ok"),
        ("<?xml version=\"1.0\"?>", "ok"),
        ("<?xml version=\"1.0\" standalone=\"yes\"?>", "ok"),
        ("", "ok"),
        (
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
            "xml_encoding",
        ),
        (
            "<?xml version=\"1.0\" encoding = 'latin1' ?>",
            "xml_encoding",
        ),
        (
            "<?xml version=\"1.0\"\n  encoding=\"windows-1258\"?>",
            "xml_encoding",
        ),
        (
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
            "xml_encoding",
        ),
        (
            "<?xml version=\"1.0\" encoding=\"UTF-8 \"?>",
            "xml_encoding",
        ),
        ("<?xml version=\"1.0\" encoding=\"\"?>", "xml_encoding"),
    ] {
        assert_eq!(code(&format!("{decl}<A>Võ Thanh Thảo</A>")), want, "{decl}");
    }
    let e = parse(
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><A/>",
        &XmlLimits::RECORD,
    )
    .unwrap_err();
    assert!(e.kind.message_en().contains("UTF-8"));
    assert!(e.kind.message_vi().contains("UTF-8"));
}
