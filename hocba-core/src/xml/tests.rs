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
