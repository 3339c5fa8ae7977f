//! The XML-signature attack corpus (issue 13 "Bad input", ADR 0082): each attack is built from
//! a valid hocba-signed record (RS256, deterministic) by editing its text, written to
//! `tests/vectors/xmldsig/attacks/` with `manifest.json` (file, expected code, what it is), and
//! refused with its typed code. `HOCBA_WRITE_VECTORS=1 cargo test -p hocba-core --lib
//! xmldsig::attacks` rewrites the files; otherwise the test fails when they drift.

use base64::Engine;
use sha2::Digest;

use super::tests::{chain, now, read, signed, signed_without_ids, trust, vectors};
use super::{C14nMethod, canonicalize, verify};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The part of `s` from the first `start` to the end of the first `end` after it.
fn span(s: &str, start: &str, end: &str) -> std::ops::Range<usize> {
    let a = s.find(start).unwrap_or_else(|| panic!("{start}"));
    let b = s[a..].find(end).unwrap_or_else(|| panic!("{end}")) + a + end.len();
    a..b
}

fn replace_once(s: &str, from: &str, to: &str) -> String {
    assert!(s.contains(from), "{from}");
    s.replacen(from, to, 1)
}

/// `s` with `insert` put right before the first `before`.
fn insert_before(s: &str, before: &str, insert: &str) -> String {
    replace_once(s, before, &format!("{insert}{before}"))
}

fn gvcn_signature(s: &str) -> std::ops::Range<usize> {
    let slot = span(s, "<GVCN>", "</GVCN>");
    let sig = span(&s[slot.clone()], "<ds:Signature", "</ds:Signature>");
    slot.start + sig.start..slot.start + sig.end
}

/// HMAC-SHA256 (RFC 2104) — for the classic attack of an HMAC keyed with the certificate.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    let key = if key.len() > 64 {
        sha2::Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k[..key.len()].copy_from_slice(&key);
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = sha2::Sha256::digest([pad(0x36), msg.to_vec()].concat());
    sha2::Sha256::digest([pad(0x5c), inner.to_vec()].concat()).to_vec()
}

/// Every attack: (file stem, document, expected code, what it is).
fn corpus() -> Vec<(&'static str, String, &'static str, &'static str)> {
    let valid = String::from_utf8(signed()).unwrap();
    let v = valid.as_str();
    let data = span(v, "<DU_LIEU_HOC_BA", "</DU_LIEU_HOC_BA>");
    let data_xml = &v[data.clone()];
    let forged = data_xml.replacen("<CHIEU_CAO>130<", "<CHIEU_CAO>150<", 1);
    let forged_no_id = forged.replacen(" Id=\"data\"", "", 1);
    let gsig = gvcn_signature(v);
    let gvcn_sig = &v[gsig.clone()];
    let mut out = vec![(
        "valid-rs256",
        valid.clone(),
        "valid",
        "the three roles, RS256, chained",
    )];
    let mut add = |name, xml: String, code, what| out.push((name, xml, code, what));

    // Signature wrapping.
    let without_data = format!("{}{}", &v[..data.start], &v[data.end..]);
    let wrapped_object = insert_before(&without_data, "</ds:Object>", data_xml);
    add(
        "wrap-into-object",
        insert_before(&wrapped_object, "<DANH_SACH_THONG_TIN_KY>", &forged_no_id),
        "xml_second_data",
        "the signed DU_LIEU_HOC_BA moved into the GVCN signature's Object, a forged one in its place",
    );
    let wrapped_sig = insert_before(&without_data, "</ds:Signature>", data_xml);
    add(
        "wrap-into-signature",
        insert_before(&wrapped_sig, "<DANH_SACH_THONG_TIN_KY>", &forged_no_id),
        "xml_second_data",
        "the signed DU_LIEU_HOC_BA moved into the GVCN ds:Signature, a forged one in its place",
    );
    add(
        "wrap-beside-forged",
        insert_before(v, "<DU_LIEU_HOC_BA", &forged_no_id),
        "xml_second_data",
        "a forged DU_LIEU_HOC_BA put before the signed one",
    );
    add(
        "wrap-extra-wrapper",
        format!(
            "{}<GOI>{}</GOI>{}",
            &v[..data.start],
            data_xml,
            &v[data.end..]
        ),
        "xml_structure",
        "the signed DU_LIEU_HOC_BA under an extra wrapper element",
    );
    {
        // An Id search would now find the CBQL Object; by position the data's Id is "forged".
        let renamed = replace_once(
            v,
            "<DU_LIEU_HOC_BA Id=\"data\">",
            "<DU_LIEU_HOC_BA Id=\"forged\">",
        );
        let c = span(&renamed, "<CBQL>", "</CBQL>");
        let slot = renamed[c.clone()].replacen("<ds:Object>", "<ds:Object Id=\"data\">", 1);
        add(
            "wrap-id-moved",
            format!("{}{}{}", &renamed[..c.start], slot, &renamed[c.end..]),
            "xmldsig_reference",
            "Id=\"data\" moved from DU_LIEU_HOC_BA to another signature's Object",
        );
    }
    add(
        "second-data",
        replace_once(v, "</HOC_BA>", &format!("{forged}</HOC_BA>")),
        "xml_second_data",
        "a second DU_LIEU_HOC_BA after the signatures",
    );
    add(
        "duplicate-id",
        replace_once(v, "<THONG_TIN_CHUNG>", "<THONG_TIN_CHUNG Id=\"data\">"),
        "xml_duplicate_id",
        "Id=\"data\" twice",
    );
    add(
        "xml-id-data",
        replace_once(v, "<HOC_BA>", "<HOC_BA xml:id=\"data\">"),
        "xml_id_attribute",
        "xml:id=\"data\" on HOC_BA (libxml2 resolves #data to it too)",
    );
    add(
        "signature-inside-data",
        insert_before(v, "</DU_LIEU_HOC_BA>", gvcn_sig),
        "xmldsig_signature_misplaced",
        "a ds:Signature inside the signed data",
    );
    {
        let mut s = v.to_string();
        let g = gvcn_signature(&s);
        let fixed = s[g.clone()].replacen("URI=\"#data\"", "URI=\"#props-CBQL\"", 1);
        s.replace_range(g, &fixed);
        add(
            "reference-other-element",
            s,
            "xmldsig_reference",
            "the GVCN data reference points to another element with an Id",
        );
    }
    {
        let slot = span(v, "<GVCN>", "</GVCN>");
        add(
            "teacher-signature-removed",
            format!("{}{}", &v[..slot.start], &v[slot.end..]),
            "xmldsig_reference",
            "the GVCN slot removed: the principal's and school's chained references break",
        );
    }
    let edit_gvcn = |f: &dyn Fn(&str) -> String| {
        let g = gvcn_signature(v);
        let mut s = v.to_string();
        let new = f(&s[g.clone()]);
        s.replace_range(g, &new);
        s
    };
    add(
        "signing-time-missing",
        edit_gvcn(&|sig| {
            let r = span(sig, "<SigningTime>", "</SigningTime>");
            format!("{}{}", &sig[..r.start], &sig[r.end..])
        }),
        "xmldsig_signing_time",
        "no SigningTime in the GVCN signature",
    );
    add(
        "signing-time-unreferenced",
        edit_gvcn(&|sig| {
            let r = span(sig, "<ds:Reference URI=\"#props-GVCN\"", "</ds:Reference>");
            format!("{}{}", &sig[..r.start], &sig[r.end..])
        }),
        "xmldsig_signing_time",
        "the GVCN SignatureProperties not covered by a Reference",
    );
    add(
        "ngay-ky-differs",
        replace_once(
            v,
            "<GVCN><NGAY_KY>2026-06-01T07:00:00+07:00",
            "<GVCN><NGAY_KY>2026-05-01T07:00:00+07:00",
        ),
        "xmldsig_signing_time",
        "the slot's NGAY_KY differs from the signed SigningTime",
    );
    add(
        "digest-sha1",
        edit_gvcn(&|sig| {
            sig.replacen(
                "http://www.w3.org/2001/04/xmlenc#sha256",
                "http://www.w3.org/2000/09/xmldsig#sha1",
                1,
            )
        }),
        "xmldsig_digest_method",
        "SHA-1 DigestMethod",
    );
    add(
        "rsa-sha1",
        edit_gvcn(&|sig| {
            sig.replacen(
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                1,
            )
        }),
        "xmldsig_signature_method",
        "RSA-SHA1 SignatureMethod",
    );
    {
        // HMAC-SHA256 keyed with the (public) leaf certificate, computed over the real SignedInfo.
        let hmac_xml = edit_gvcn(&|sig| {
            sig.replacen(
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
                1,
            )
        });
        let doc = roxmltree::Document::parse(&hmac_xml).unwrap();
        let si = doc
            .descendants()
            .find(|n| n.tag_name().name() == "SignedInfo")
            .unwrap();
        let mut c = Vec::new();
        canonicalize(si, C14nMethod::Exclusive, &mut c);
        let mac = B64.encode(hmac_sha256(&chain("gvcn-rsa")[0], &c));
        let g = gvcn_signature(&hmac_xml);
        let sig = &hmac_xml[g.clone()];
        let r = span(sig, "<ds:SignatureValue>", "</ds:SignatureValue>");
        let mut s = hmac_xml.clone();
        s.replace_range(
            g.start + r.start..g.start + r.end,
            &format!("<ds:SignatureValue>{mac}</ds:SignatureValue>"),
        );
        add(
            "hmac-keyed-with-certificate",
            s,
            "xmldsig_signature_method",
            "HMAC-SHA256 SignatureMethod keyed with the signer's certificate",
        );
    }
    let exc_transform = "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";
    add(
        "xpath-transform",
        edit_gvcn(&|sig| {
            sig.replacen(exc_transform, "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>not(ancestor-or-self::CHIEU_CAO)</ds:XPath></ds:Transform>", 1)
        }),
        "xmldsig_transform",
        "an XPath transform that would exclude a field from the digest",
    );
    add(
        "xslt-transform",
        edit_gvcn(&|sig| {
            sig.replacen(exc_transform, "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"><xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"/></ds:Transform>", 1)
        }),
        "xmldsig_transform",
        "an XSLT transform",
    );
    add(
        "c14n-with-comments",
        edit_gvcn(&|sig| {
            sig.replacen(
                "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
                "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#WithComments\"/>",
                1,
            )
        }),
        "xmldsig_transform",
        "a canonicalization that keeps comments",
    );
    add(
        "inclusive-namespaces",
        edit_gvcn(&|sig| {
            sig.replacen(exc_transform, "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"ds\"/></ds:Transform>", 1)
        }),
        "xmldsig_transform",
        "an InclusiveNamespaces PrefixList",
    );
    add(
        "retrieval-method",
        edit_gvcn(&|sig| {
            sig.replacen(
                "<ds:KeyInfo>",
                "<ds:KeyInfo><ds:RetrievalMethod URI=\"#sig-CBQL\"/>",
                1,
            )
        }),
        "xmldsig_key_info",
        "a RetrievalMethod in KeyInfo",
    );
    add(
        "key-name",
        edit_gvcn(&|sig| {
            sig.replacen(
                "<ds:KeyInfo>",
                "<ds:KeyInfo><ds:KeyName>Hiệu trưởng</ds:KeyName>",
                1,
            )
        }),
        "xmldsig_key_info",
        "a KeyName in KeyInfo",
    );
    add(
        "comment-in-data",
        replace_once(
            v,
            "<CHIEU_CAO>130</CHIEU_CAO>",
            "<CHIEU_CAO>130<!--150--></CHIEU_CAO>",
        ),
        "xml_comment",
        "a comment inside the signed data (C14N would drop it)",
    );
    add(
        "whitespace-in-data",
        replace_once(v, "</CHIEU_CAO>\n", "</CHIEU_CAO>\n\n"),
        "xmldsig_digest_mismatch",
        "a line break added between two signed elements",
    );
    add(
        "data-byte-changed",
        replace_once(v, "<CHIEU_CAO>130<", "<CHIEU_CAO>131<"),
        "xmldsig_digest_mismatch",
        "one byte changed in the signed data",
    );
    {
        // The principal's leaf (same issuer) in place of the teacher's: the chain is well
        // ordered, the signature is not the certificate's.
        let teacher = B64.encode(&chain("gvcn-rsa")[0]);
        let principal = B64.encode(&chain("principal-rsa")[0]);
        add(
            "keyinfo-cert-not-signer",
            edit_gvcn(&|sig| sig.replacen(&teacher, &principal, 1)),
            "signature_invalid",
            "the KeyInfo certificate is not the one that signed",
        );
        let stranger = B64.encode(read("pki/certs/gov-root.der"));
        add(
            "extra-certificate",
            edit_gvcn(&|sig| {
                sig.replacen(
                    "</ds:X509Data>",
                    &format!("<ds:X509Certificate>{stranger}</ds:X509Certificate></ds:X509Data>"),
                    1,
                )
            }),
            "xmldsig_chain_order",
            "an unrelated certificate appended to the chain",
        );
    }
    let edit_value = |f: &dyn Fn(&str) -> String| {
        edit_gvcn(&|sig| {
            let r = span(sig, "<ds:SignatureValue>", "</ds:SignatureValue>");
            let inner =
                &sig[r.start + "<ds:SignatureValue>".len()..r.end - "</ds:SignatureValue>".len()];
            format!(
                "{}<ds:SignatureValue>{}</ds:SignatureValue>{}",
                &sig[..r.start],
                f(inner),
                &sig[r.end..]
            )
        })
    };
    add(
        "base64-truncated",
        edit_value(&|b| b[..b.len() - 4].to_string()),
        "xmldsig_signature_length",
        "the SignatureValue cut short by three bytes",
    );
    add(
        "base64-oversized",
        edit_value(&|b| b.repeat(8)),
        "xmldsig_base64",
        "a SignatureValue eight times too long",
    );
    add(
        "base64-garbage",
        edit_value(&|b| format!("!{}", &b[1..])),
        "xmldsig_base64",
        "a SignatureValue that is not base64",
    );
    add(
        "dtd-entity",
        replace_once(
            v,
            "<HOC_BA>",
            "<!DOCTYPE HOC_BA [<!ENTITY x \"150\">]><HOC_BA>",
        ),
        "xml_doctype",
        "a DTD with an entity",
    );
    add(
        "slots-out-of-order",
        {
            let c = span(v, "<CBQL>", "</CBQL>");
            let k = span(v, "<KY_PHAT_HANH>", "</KY_PHAT_HANH>");
            format!(
                "{}{}{}{}",
                &v[..c.start],
                &v[k.clone()],
                &v[c.clone()],
                &v[k.end..]
            )
        },
        "xmldsig_slot",
        "KY_PHAT_HANH before CBQL",
    );
    // Parser differential: the same bytes declared Latin-1. Read as UTF-8 the signatures
    // would verify, while libxml2/xmlsec1 decode other characters and fail (ADR 0244).
    add(
        "encoding-declared-latin1",
        replace_once(v, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\""),
        "xml_encoding",
        "a valid signed record whose XML declaration says ISO-8859-1 (libxml2 reads other characters)",
    );
    // The slot's SO_CCCD lies outside every signature; with no số định danh in the data it
    // must still be the certificate's (ADR 0140).
    let no_ids = String::from_utf8(signed_without_ids()).unwrap();
    let slot = span(&no_ids, "<GVCN>", "</GVCN>");
    let id = span(&no_ids[slot.clone()], "<SO_CCCD>", "</SO_CCCD>");
    let id = slot.start + id.start..slot.start + id.end;
    add(
        "slot-id-not-the-signers",
        format!(
            "{}<SO_CCCD>079200000001</SO_CCCD>{}",
            &no_ids[..id.start],
            &no_ids[id.end..]
        ),
        "signer_id_mismatch",
        "the data names no số định danh and the GVCN slot's SO_CCCD is changed to another person's",
    );
    out
}

fn outcome(bytes: &[u8]) -> String {
    match verify(bytes, &trust(), now()) {
        Err(e) => e.code().to_string(),
        Ok(v) => v.report().error.unwrap_or("valid").to_string(),
    }
}

#[test]
fn attack_corpus_is_refused_with_its_codes_and_matches_the_files() {
    let dir = vectors().join("xmldsig/attacks");
    let write = std::env::var_os("HOCBA_WRITE_VECTORS").is_some();
    let corpus = corpus();
    assert!(corpus.len() >= 30, "{}", corpus.len());
    let mut manifest = Vec::new();
    for (name, xml, expect, what) in &corpus {
        assert_eq!(outcome(xml.as_bytes()), *expect, "{name}: {what}");
        let file = format!("{name}.xml");
        let path = dir.join(&file);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, xml).unwrap();
        } else {
            let on_disk = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{file} missing: run with HOCBA_WRITE_VECTORS=1"));
            assert_eq!(
                &on_disk, xml,
                "{file} drifted: run with HOCBA_WRITE_VECTORS=1"
            );
        }
        manifest.push(serde_json::json!({"file": file, "expect": expect, "what": what}));
    }
    let manifest = serde_json::to_string_pretty(&serde_json::json!({
        "version": 1,
        "verification_time": "2026-06-03T00:00:00Z",
        "roots": "../../pki/roots.pem",
        "cases": manifest,
    }))
    .unwrap()
        + "\n";
    let mpath = dir.join("manifest.json");
    if write {
        std::fs::write(&mpath, &manifest).unwrap();
    } else {
        assert_eq!(
            std::fs::read_to_string(&mpath).unwrap(),
            manifest,
            "manifest drifted"
        );
    }
}

#[test]
fn the_files_on_disk_are_refused_as_the_manifest_says() {
    // What a binding does: read the manifest and the files, verify, compare codes.
    let dir = vectors().join("xmldsig/attacks");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let cases = m["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for c in cases {
        let file = c["file"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert_eq!(outcome(&bytes), c["expect"].as_str().unwrap(), "{file}");
    }
}
