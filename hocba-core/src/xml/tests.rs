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

/// The attribute and namespace bounds are enforced by the pre-scan, before roxmltree parses:
/// inputs sized so that the parse alone took seconds (85,000 attributes on one element; 60,000
/// declarations on one element; 2,000 declarations in scope at 2,000 declaring elements) are
/// refused with the bound's code. The old front took 18 s, 8 s and 14 s on them.
#[test]
fn attribute_and_namespace_bounds_hold_before_the_parse() {
    let attrs: String = (0..85_000).map(|i| format!(" a{i}=\"1\"")).collect();
    let e = parse(format!("<HOC_BA{attrs}/>").as_bytes(), &XmlLimits::RECORD).unwrap_err();
    assert_eq!(
        (e.kind.code(), e.path.as_str()),
        ("xml_too_many_attributes", "HOC_BA")
    );

    let decls: String = (0..60_000).map(|i| format!(" xmlns:a{i}=\"1\"")).collect();
    let e = parse(format!("<HOC_BA{decls}/>").as_bytes(), &XmlLimits::RECORD).unwrap_err();
    assert_eq!(
        (e.kind.code(), e.path.as_str()),
        ("xml_too_many_namespaces", "HOC_BA")
    );

    // Within one element's bound, but 2,000 in scope: 250 elements declaring 8 each, nested.
    let nested: String = (0..250)
        .map(|j| {
            let d: String = (0..8).map(|i| format!(" xmlns:n{j}x{i}=\"u\"")).collect();
            format!("<X{d}>")
        })
        .collect();
    let e = parse(nested.as_bytes(), &XmlLimits::LIST).unwrap_err();
    assert_eq!(e.kind.code(), "xml_too_many_namespaces_in_scope");
    assert_eq!(e.path, "X/X/X");

    // The document total: 2,000 siblings declaring one each (in scope: one at a time).
    let kids = "<X xmlns:z=\"u\"/>".repeat(2_000);
    let xml = format!("<HOC_BA>{kids}</HOC_BA>");
    assert_eq!(code(&xml), "xml_too_many_namespaces_in_document");
    assert!(parse(xml.as_bytes(), &XmlLimits::LIST).is_ok());
}

/// The bounds themselves, at their edges, and what the pre-scan does not count: `xmlns…` inside
/// a quoted value, a comment or a processing instruction (refused later, by their own codes), an
/// `=` inside a value, declarations of elements already closed.
#[test]
fn the_pre_scan_counts_attributes_and_declarations_as_xml_reads_them() {
    let attrs = |n: usize| (0..n).map(|i| format!(" a{i}='1'")).collect::<String>();
    let decls = |n: usize| {
        (0..n)
            .map(|i| format!(" xmlns:p{i} = \"u\""))
            .collect::<String>()
    };
    assert_eq!(code(&format!("<A{}/>", attrs(8))), "ok");
    assert_eq!(
        code(&format!("<A{}/>", attrs(9))),
        "xml_too_many_attributes"
    );
    assert_eq!(code(&format!("<A{}{}/>", attrs(8), decls(8))), "ok");
    assert_eq!(
        code(&format!("<A{}/>", decls(9))),
        "xml_too_many_namespaces"
    );
    assert_eq!(
        code("<A xmlns='u' xmlns:a='u' b='x=y=z' c=\"xmlns:q='v'\"/>"),
        "ok"
    );
    let in_scope = format!("<A{}><B{}/></A>", decls(8), decls(8));
    assert_eq!(code(&in_scope), "ok");
    let in_scope = format!("<A{}><B{}><C xmlns:z='u'/></B></A>", decls(8), decls(8));
    assert_eq!(code(&in_scope), "xml_too_many_namespaces_in_scope");
    let closed = format!("<A{}><B{}/><B{}/></A>", decls(8), decls(8), decls(8));
    assert_eq!(code(&closed), "ok");
    let hidden = format!("<A><!--<B{}/>--></A>", attrs(20));
    assert_eq!(code(&hidden), "xml_comment");
    let hidden = format!("<A><?pi <B{}/>?></A>", attrs(20));
    assert_eq!(code(&hidden), "xml_processing_instruction");
}

/// A namespace URI that C14N would write escaped (`&`, `"`: C14N 1.0 §2.3) is refused: libxml2
/// writes it raw, so hocba's digest and libxmlsec1's would differ (QA qa4/04).
#[test]
fn namespace_uris_c14n_would_escape_are_refused() {
    assert_eq!(
        code("<A xmlns:v='http://v.example/ns?v=1&amp;x=2'/>"),
        "xml_namespace"
    );
    assert_eq!(
        code("<A xmlns:v='http://v.example/&#38;'/>"),
        "xml_namespace"
    );
    assert_eq!(code("<A xmlns='u&quot;'/>"), "xml_namespace");
    assert_eq!(code("<A xmlns='a\"b'/>"), "xml_namespace");
    assert_eq!(
        code("<A b='x&amp;y' xmlns:v='http://v.example/ns?v=1'/>"),
        "ok"
    );
}

/// A lone CR next to a reference is a line end (XML 1.0 §2.11), read as LF, as libxml2 reads
/// it; roxmltree 0.21 keeps it a CR (QA qa4/01). `&#xD;` stays a CR.
#[test]
fn a_lone_cr_next_to_a_reference_is_a_line_end() {
    for (xml, want) in [
        ("<A>a\r&quot;b</A>", "a\n\"b"),
        ("<A>a&#46;\r</A>", "a.\n"),
        ("<A>a&amp;\r\nb\rc</A>", "a&\nb\nc"),
        ("<A>4B&#xD;&amp;C</A>", "4B\r&C"),
        ("<A>&#13;\n</A>", "\r\n"),
        ("<A>a\rb</A>", "a\nb"),
    ] {
        let doc = parse(xml.as_bytes(), &XmlLimits::RECORD).unwrap();
        let t = doc.root_element().first_child().unwrap();
        assert_eq!(text(t).unwrap(), want, "{xml:?}");
        // The element itself reads the same (its first child's text), never roxmltree's.
        assert_eq!(text(doc.root_element()).unwrap(), want, "{xml:?}");
    }
}

/// The XML declaration's `version` and `standalone` take only the values XML 1.0 allows
/// (§2.8, §2.9); roxmltree took any (QA qa4/08).
#[test]
fn the_declaration_takes_only_xml_1_values() {
    for bad in [
        "<?xml version=\"2.0\"?><A/>",
        "<?xml version='1.'?><A/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"maybe\"?><A/>",
        "<?xml version=\"1.0\" standalone='YES'?><A/>",
    ] {
        assert_eq!(code(bad), "xml_malformed", "{bad}");
    }
    for good in [
        "<?xml version=\"1.0\"?><A/>",
        "<?xml version = '1.1' ?><A/>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><A/>",
        "<?xml version=\"1.0\" standalone='no'?><A/>",
    ] {
        assert_eq!(code(good), "ok", "{good}");
    }
}
