//! Tests of the XML-signature profile: C14N against libxml2's output, signing and verifying
//! the three roles, external prepare/attach with its hints, and tampering.

use std::path::{Path, PathBuf};

use super::*;
use crate::envelope::{Algorithm, SignerFailure, SigningKey, Status, SystemRng, read_certificates};
use crate::trust::{SignerRole, TrustStore, UnixTime};

pub(crate) fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

pub(crate) fn read(rel: &str) -> Vec<u8> {
    std::fs::read(vectors().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub(crate) fn unsigned() -> Vec<u8> {
    read("xmldsig/national-unsigned.xml")
}

pub(crate) fn key(name: &str) -> SigningKey {
    SigningKey::from_pkcs8(&read(&format!("pki/keys/{name}.pk8")), None).unwrap()
}

pub(crate) fn key_with(name: &str, alg: Algorithm) -> SigningKey {
    SigningKey::from_pkcs8(&read(&format!("pki/keys/{name}.pk8")), Some(alg)).unwrap()
}

pub(crate) fn chain(name: &str) -> Vec<Vec<u8>> {
    read_certificates(&read(&format!("pki/chains/{name}.pem"))).unwrap()
}

/// The leaf certificate of a test-PKI chain.
pub(crate) fn leaf(name: &str) -> Vec<u8> {
    chain(name).swap_remove(0)
}

/// The fixture names Phạm Thu Hà and Đỗ Quang Huy (`gvcn-rsa`, `principal-rsa`):
/// `xml` with the GVCN and CBQL named as the holders of `teacher`'s and `principal`'s
/// certificates instead (ADR 0140).
pub(crate) fn named(xml: Vec<u8>, teacher: &str, principal: &str) -> Vec<u8> {
    let mut s = String::from_utf8(xml).unwrap();
    for (cert, name_tag, id_tag, old_name, old_id) in [
        (
            teacher,
            "TEN_GIAO_VIEN_CHU_NHIEM",
            "SO_CCCD_GIAO_VIEN_CHU_NHIEM",
            "Phạm Thu Hà",
            "001191000007",
        ),
        (
            principal,
            "TEN_GIAM_HIEU_KY_HOC_BA",
            "SO_CCCD_GIAM_HIEU_KY_HOC_BA",
            "Đỗ Quang Huy",
            "001079000008",
        ),
    ] {
        let (name, id) = crate::trust::certificate_holder(&leaf(cert)).unwrap();
        s = s
            .replace(
                &format!("<{name_tag}>{old_name}</{name_tag}>"),
                &format!("<{name_tag}>{name}</{name_tag}>"),
            )
            .replace(
                &format!("<{id_tag}>{old_id}</{id_tag}>"),
                &format!("<{id_tag}>{}</{id_tag}>", id.unwrap()),
            );
    }
    s.into_bytes()
}

/// The fixture (`xmldsig/national-unsigned.xml`) is the national writer's output, written by
/// gen-vectors: every check before signing runs on it, TT27 included.
pub(crate) use super::{prepare, sign};

pub(crate) fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(&read("pki/roots.pem")).unwrap();
    t
}

/// 2026-06-01T07:00:00+07:00 plus `h` hours.
pub(crate) fn time(h: i64) -> UnixTime {
    UnixTime::from_secs(1_780_272_000 + h * 3600)
}

pub(crate) fn now() -> UnixTime {
    time(48)
}

pub(crate) const ROLES: [(SignerRole, &str); 3] = [
    (SignerRole::HomeroomTeacher, "gvcn-rsa"),
    (SignerRole::Principal, "principal-rsa"),
    (SignerRole::SchoolSeal, "seal-rsa"),
];

/// The fixture signed by the three RSA test signers with `alg` (RS256 unless told).
pub(crate) fn signed_with(alg: Algorithm) -> Vec<u8> {
    let mut xml = unsigned();
    for (i, (role, name)) in ROLES.iter().enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        xml = sign(
            &xml,
            &key_with(name, alg),
            *role,
            &refs,
            time(i as i64),
            &mut SystemRng,
        )
        .unwrap();
    }
    xml
}

/// A deterministic draw below `n` (xorshift64), for the mutation tests.
fn xorshift(mut state: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}

pub(crate) fn signed() -> Vec<u8> {
    signed_with(Algorithm::Rs256)
}

#[test]
fn c14n_matches_libxml2_on_every_vector() {
    let dir = vectors().join("xmldsig/c14n");
    let (mut checked, mut copied, mut char_refs_copied) = (0, 0, 0);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 19, "vectors missing: {}", inputs.len());
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let stem = input.file_stem().unwrap().to_string_lossy().to_string();
        for (tag, method) in [
            ("exc", C14nMethod::Exclusive),
            ("inc", C14nMethod::Inclusive),
        ] {
            let mut targets = vec![("doc".to_string(), doc.root_element())];
            for n in doc.descendants().filter(|n| n.is_element()) {
                if let Some(id) = n.attribute("Id") {
                    targets.push((id.to_string(), n));
                }
            }
            for (target, node) in targets {
                let expected = dir.join(format!("{stem}.{tag}.{target}"));
                let Ok(expected) = std::fs::read(&expected) else {
                    continue; // no libxml2 reference for this one (see the generator)
                };
                // Both the copy of a subtree written canonically and the rendering from the
                // tree, each against libxml2.
                let mut out = Vec::new();
                canonicalize(node, method, &mut out);
                let mut tree = Vec::new();
                canonicalize_tree(node, method, &mut tree);
                for (how, got) in [("canonicalize", &out), ("canonicalize_tree", &tree)] {
                    assert_eq!(
                        String::from_utf8_lossy(got),
                        String::from_utf8_lossy(&expected),
                        "{how}: {stem} {tag} {target}"
                    );
                }
                copied += usize::from(as_written(node).is_some());
                checked += 1;
                // Written with character references in text, each subtree there is copied
                // (ADR 0231); the document holds a second declaration, so it is rendered.
                if stem == "hocba-char-refs" && target != "doc" {
                    assert!(as_written(node).is_some(), "not copied: {stem} {target}");
                    char_refs_copied += 1;
                }
            }
        }
    }
    assert!(checked >= 190, "only {checked} references checked");
    assert_eq!(
        char_refs_copied, 6,
        "hocba-char-refs: data, si, sig under both methods"
    );
    // The vectors are built to be awkward (prefixes, CDATA, attribute order): few subtrees are
    // written canonically, and those few must be copied, not rendered. The copy is compared
    // with the rendering on hocba's own data in the next test.
    assert!(copied >= 2, "only {copied} subtrees copied as written");
}

/// The copy of a subtree from its source text ([`as_written`]) agrees with the rendering from
/// the tree on every element of a few thousand mutations of a signed record (its data and its
/// `ds:` signatures), and refuses each form whose canonical bytes it cannot copy (ADR 0115,
/// ADR 0116).
#[test]
fn as_written_agrees_with_the_tree_on_mutated_records() {
    let both = |node: roxmltree::Node<'_, '_>| {
        [C14nMethod::Exclusive, C14nMethod::Inclusive].map(|m| {
            let mut tree = Vec::new();
            canonicalize_tree(node, m, &mut tree);
            tree
        })
    };
    let refused = [
        "<a ></a>",
        "<a\n></a>",
        "<a />",
        "<a b='1'></a>",
        "<a  b=\"1\"></a>",
        "<a b=\"&amp;\"></a>",
        "<a b=\"x\ty\"></a>",
        // Character references the scan does not take (`text_reference` below), which roxmltree
        // reads as U+FFFD; and any reference in an attribute value.
        "<a>&#xD800;</a>",
        "<a>&#x110000;</a>",
        "<a b=\"&#233;\"></a>",
        "<a>\r\n</a>",
        "<a><![CDATA[x]]></a>",
        "<a><!--c--></a>",
        "<a><?p?></a>",
        "<a></a >",
        "<a xmlns=\"urn:x\"></a>",
        "<r xmlns=\"urn:x\"><a></a></r>",
        "<r xml:lang=\"vi\"><a></a></r>",
        // One prefix only, on every element, declared nowhere but first on the apex.
        "<r xmlns:p=\"urn:x\"><a></a></r>",
        "<p:a Id=\"1\" xmlns:p=\"urn:x\"></p:a>",
        "<p:a xmlns:p=\"urn:x\" xmlns:q=\"urn:y\"></p:a>",
        "<p:a xmlns:p=\"urn:x\"><q:b xmlns:q=\"urn:y\"></q:b></p:a>",
        "<p:a xmlns:p=\"urn:x\"><p:b xmlns:p=\"urn:x\"></p:b></p:a>",
        "<p:a xmlns:p=\"urn:x\"><p:b xmlns:p=\"urn:y\"></p:b></p:a>",
        "<p:a xmlns:p=\"urn:x\" p:b=\"1\"></p:a>",
        "<r xmlns:p=\"urn:x\" xmlns:q=\"urn:y\"><p:a></p:a></r>",
        "<r xmlns:p=\"urn:x&amp;y\"><p:a></p:a></r>",
    ];
    for input in refused {
        let doc = roxmltree::Document::parse(input).unwrap();
        let apex = doc
            .descendants()
            .find(|n| n.tag_name().name() == "a")
            .unwrap();
        assert_eq!(as_written(apex), None, "{input}");
    }
    // Copied: verbatim, or with the apex's declaration inserted and empty tags closed.
    let accepted = [
        (
            "<a Id=\"d\" z=\">'\">\n  <b>x &amp; y &lt; z &gt; w</b>\n  <c>Tiếng Việt</c>\n</a>",
            true,
        ),
        ("<a/>", false),
        ("<a c=\"1\" b=\"2\"></a>", false),
        ("<a c=\"1\" b=\"2\" a=\"3\"/>", false),
        ("<a b=\"1\"><c/>t<d e=\"2\"/></a>", false),
        ("<p:a xmlns:p=\"urn:x\"></p:a>", true),
        ("<p:a xmlns:p=\"urn:x\"><b>t</b></p:a>", true),
        (
            "<p:a xmlns:p=\"urn:x\" Id=\"i\"><p:b c=\"1\"/></p:a>",
            false,
        ),
        (
            "<r xmlns:p=\"urn:x\"><p:a Id=\"i\"><p:b></p:b></p:a></r>",
            false,
        ),
        ("<r xmlns:p=\"urn:x\"><p:a/></r>", false),
        // Text as C14N writes it: `>` escaped, `"` and `'` themselves, CR as `&#xD;`.
        ("<a>x &gt; y &quot;</a>", false),
        ("<a>x > y</a>", false),
        ("<a b=\"1\">&apos;&#13;&#xd;&#xD;<c/>&quot;></a>", false),
        ("<a>x &#xD; y</a>", true),
        // Character references, as C14N writes their characters (ADR 0231).
        (
            "<a>Nguy&#7877;n &#x1EC7;&#xe9;&#233;&#x1F600;&#128512;</a>",
            false,
        ),
        (
            "<a>&#34;&#x22;&#38;&#x26;&#60;&#x3C;&#62;&#x3e;&#39;</a>",
            false,
        ),
        (
            "<a>&#13;&#x0D;&#xD;&#x000d;\n&#9;&#x9;&#10;&#xA;&#32;</a>",
            false,
        ),
        (
            "<a b=\"1\">x<c>&#x0000041;&#00065;</c>&#x10FFFF;&#xFFFD;&#xE000;</a>",
            false,
        ),
    ];
    for (input, verbatim) in accepted {
        let doc = roxmltree::Document::parse(input).unwrap();
        // The apex is the element named `a` (with or without prefix).
        let apex = doc
            .descendants()
            .find(|n| n.tag_name().name() == "a")
            .unwrap();
        let copy = as_written(apex).unwrap_or_else(|| panic!("not copied: {input}"));
        assert_eq!(copy.verbatim().is_some(), verbatim, "{input}");
        let mut out = Vec::new();
        copy.write(&mut out);
        for tree in both(apex) {
            assert_eq!(
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&tree),
                "{input}"
            );
        }
    }

    // The fixture's text holds quotes, which hocba's writer escapes as `&quot;` and C14N
    // writes as `"`: its data is copied with those edits; so are the signatures hocba writes
    // and each of their parts.
    let valid = signed();
    assert!(String::from_utf8_lossy(&valid).contains("&quot;"));
    // Each part hocba signs or hashes: the data, the signatures, their SignedInfo and
    // SignatureProperties.
    let each_signed_part = |xml: &[u8], check: &mut dyn FnMut(&str, roxmltree::Node<'_, '_>)| {
        let doc = roxmltree::Document::parse(std::str::from_utf8(xml).unwrap()).unwrap();
        for name in [
            "DU_LIEU_HOC_BA",
            "Signature",
            "SignedInfo",
            "SignatureProperties",
        ] {
            let mut found = false;
            for node in doc.descendants().filter(|n| n.has_tag_name(name)) {
                found = true;
                check(name, node);
            }
            assert!(found, "no {name}");
        }
    };
    each_signed_part(&valid, &mut |name, node| {
        assert!(
            as_written(node).is_some(),
            "hocba's own {name} is not copied"
        );
    });
    // The same record with its letters outside ASCII (and its quotes) written as character
    // references, as ASCII-only writers do (`Nguy&#7877;n`): it keeps its canonical form, so its
    // signatures; its data and signatures are copied with those edits.
    let refs = with_character_references(&valid);
    assert!(String::from_utf8_lossy(&refs).contains("&#x1EC7;"));
    {
        each_signed_part(&refs, &mut |name, node| {
            let copy = as_written(node)
                .unwrap_or_else(|| panic!("{name} with character references is not copied"));
            let mut out = Vec::new();
            copy.write(&mut out);
            assert_eq!(both(node), [out.clone(), out], "{name}");
        });
        assert_eq!(data_digest(&refs).unwrap(), data_digest(&valid).unwrap());
        let v = verify(&refs, &trust(), now()).unwrap();
        assert_eq!(
            v.report().status,
            Status::Valid,
            "{}",
            v.report().to_text(crate::Lang::En)
        );
    }
    let mut next = xorshift(0x2545_f491_4f6c_dd1d_u64);
    let pieces: &[&[u8]] = &[
        b"&apos;",
        b"&#13;",
        b"&#xD;",
        b"&#xd;",
        b"&#34;",
        b"<x/>",
        b"<ds:x/>",
        b"/",
        b" ",
        b"\t",
        b"\r",
        b">",
        b"&gt;",
        b"&quot;",
        b"&#65;",
        b" a=\"1\"",
        b" b='2'",
        b"<!--c-->",
        b"<?p?>",
        b"<![CDATA[>]]>",
        b" xmlns=\"urn:x\"",
        b" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"",
        b" xmlns:p=\"urn:p\"",
        b" xml:lang=\"vi\"",
        b"p:",
        b"ds:",
        b"\n",
        // Character references (ADR 0231): `"`, CR, `&`, `<`, `>`, TAB, LF, letters of two,
        // three and four bytes, leading zeros; and two the scan refuses (roxmltree reads them
        // as U+FFFD).
        b"&#x22;",
        b"&#x0D;",
        b"&#38;",
        b"&#x26;",
        b"&#60;",
        b"&#x3c;",
        b"&#62;",
        b"&#x3E;",
        b"&#9;",
        b"&#x9;",
        b"&#10;",
        b"&#xA;",
        b"&#7879;",
        b"&#x1EC7;",
        b"&#233;",
        b"&#xE9;",
        b"&#128512;",
        b"&#x1F600;",
        b"&#x0000041;",
        b"&#xD800;",
        b"&#x110000;",
    ];
    let (mut compared, mut copies, mut edited, mut referenced) = (0, 0, 0, 0);
    for round in 0..5000 {
        let mut m = if round % 3 == 2 {
            refs.clone()
        } else {
            valid.clone()
        };
        for _ in 0..1 + next(3) {
            let at = next(m.len());
            m.splice(at..at, pieces[next(pieces.len())].iter().copied());
        }
        let Ok(text) = std::str::from_utf8(&m) else {
            continue;
        };
        let Ok(doc) = roxmltree::Document::parse(text) else {
            continue;
        };
        for node in doc.descendants().filter(|n| n.is_element()) {
            let Some(copy) = as_written(node) else {
                continue;
            };
            let mut out = Vec::new();
            copy.write(&mut out);
            for tree in both(node) {
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&tree)
                );
            }
            copies += 1;
            edited += usize::from(copy.verbatim().is_none());
            // A character reference other than `&#xD;` (which the copy keeps) was copied.
            referenced += usize::from(text[node.range()].replace("&#xD;", "").contains("&#"));
        }
        compared += 1;
    }
    assert!(compared > 1500, "only {compared} mutations parsed");
    assert!(copies > 300_000, "only {copies} subtrees copied");
    assert!(edited > 150_000, "only {edited} subtrees copied with edits");
    assert!(
        referenced > 50_000,
        "only {referenced} subtrees with character references copied"
    );
}

/// `xml` with each character of its text outside ASCII, and each `"`, written as a character
/// reference, in turn decimal and hexadecimal (`&#7879;`, `&#x1EC7;`).
fn with_character_references(xml: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(xml).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut out = String::new();
    let mut from = 0;
    let mut hex = false;
    for node in doc.descendants().filter(|n| n.is_text()) {
        let r = node.range();
        out.push_str(&text[from..r.start]);
        for c in text[r.clone()].chars() {
            if c.is_ascii() && c != '"' {
                out.push(c);
            } else {
                hex = !hex;
                out.push_str(&if hex {
                    format!("&#x{:X};", u32::from(c))
                } else {
                    format!("&#{};", u32::from(c))
                });
            }
        }
        from = r.end;
    }
    out.push_str(&text[from..]);
    out.into_bytes()
}

/// The decision [`as_written`]'s scan takes on a reference in text (after its `&`): its length
/// and the character written instead of it, `None` where the reference is kept; a reference it
/// refuses sends the subtree to the tree (ADR 0231).
#[test]
fn text_references_the_copy_takes_and_refuses() {
    let taken: [(&str, usize, Option<char>); 27] = [
        ("amp;", 4, None),
        ("lt;", 3, None),
        ("gt;", 3, None),
        ("#xD;", 4, None), // C14N's own form of CR: kept
        ("quot;", 5, Some('"')),
        ("apos;", 5, Some('\'')),
        ("#13;", 4, Some('\r')),
        ("#xd;", 4, Some('\r')),
        ("#x0D;", 5, Some('\r')),
        ("#34;", 4, Some('"')),
        ("#x26;", 5, Some('&')),
        ("#60;", 4, Some('<')),
        ("#x3e;", 5, Some('>')),
        ("#9;", 3, Some('\t')),
        ("#xA;", 4, Some('\n')),
        ("#32;", 4, Some(' ')),
        ("#233;", 5, Some('é')),
        ("#x1EC7;", 7, Some('ệ')),
        ("#x1ec7;", 7, Some('ệ')),
        ("#7877;", 6, Some('ễ')),
        ("#x1F600;", 8, Some('😀')),
        ("#xD7FF;", 7, Some('\u{D7FF}')),
        ("#xE000;", 7, Some('\u{E000}')),
        ("#65533;", 7, Some('\u{FFFD}')),
        ("#x10FFFF;", 9, Some('\u{10FFFF}')),
        ("#1114111;", 9, Some('\u{10FFFF}')),
        ("#0000000000000000000065;x", 24, Some('A')),
    ];
    for (input, len, char) in taken {
        assert_eq!(
            c14n::text_reference(input.as_bytes()),
            Some((len, char)),
            "{input}"
        );
    }
    let refused = [
        "",
        "amp",
        "amp ;",
        "AMP;",
        "nbsp;",
        "#",
        "#;",
        "#x;",
        "#X41;", // XML 1.0 §4.1: the `x` is lowercase
        "#x41",  // no `;`
        "#65",
        "#6 5;",
        "#+65;",
        "#-65;",
        "#6a;", // a hex digit in a decimal reference
        "#xg;",
        "#x٣;", // a digit outside ASCII
        "#0;",  // not an XML Char
        "#8;",
        "#x1F;",
        "#xD800;", // surrogates
        "#57343;",
        "#xFFFE;",
        "#65535;",
        "#x110000;",
        "#1114112;",
        "#4294967361;", // 2^32 + 65: must not wrap to `A`
        "#x100000041;",
        "#99999999999999999999999999;",
    ];
    for input in refused {
        assert_eq!(c14n::text_reference(input.as_bytes()), None, "{input}");
    }
}

/// Character references in text copied as C14N writes their characters, byte for byte, and the
/// tree agreeing (C14N 1.0 §2.3: `&`, `<`, `>` and CR escaped, any other character itself).
#[test]
fn c14n_copies_character_references_by_hand() {
    let cases: [(&str, &str); 3] = [
        (
            "<a>Nguy&#7877;n V&#x0103;n &#x1EC6;</a>",
            "<a>Nguyễn Văn Ệ</a>",
        ),
        (
            "<a>&#38;&#x3C;&#62;&#13;&#x22;&#39;&#9;&#xA;&#x1F600;</a>",
            "<a>&amp;&lt;&gt;&#xD;\"'\t\n😀</a>",
        ),
        (
            "<p:a xmlns:p=\"urn:x\" c=\"1\" b=\"2\"><p:e/>&#233;&#xD;&quot;></p:a>",
            "<p:a xmlns:p=\"urn:x\" b=\"2\" c=\"1\"><p:e></p:e>é&#xD;\"&gt;</p:a>",
        ),
    ];
    for (input, expected) in cases {
        let doc = roxmltree::Document::parse(input).unwrap();
        let copy = as_written(doc.root_element()).unwrap_or_else(|| panic!("not copied: {input}"));
        let mut out = Vec::new();
        copy.write(&mut out);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{input}");
        for method in [C14nMethod::Exclusive, C14nMethod::Inclusive] {
            let mut tree = Vec::new();
            canonicalize_tree(doc.root_element(), method, &mut tree);
            assert_eq!(String::from_utf8(tree).unwrap(), expected, "{input}");
        }
    }
}

/// A processing instruction named `xml` (reserved: XML 1.0 §2.6), which roxmltree takes when no
/// space follows the target: the copy refuses it (as every PI), the tree writes it back as the
/// parser read it — a declaration out of place, not well-formed — and verification never gets
/// there, the strict front refusing every PI (ADR 0231).
#[test]
fn a_processing_instruction_named_xml_is_refused_before_c14n() {
    for (input, tree) in [
        ("<a><?xml?></a>", "<a><?xml?></a>"),
        ("<a><?xml<7>?>t</a>", "<a><?xml <7>?>t</a>"),
    ] {
        let doc = roxmltree::Document::parse(input).unwrap();
        let pi = doc.descendants().find_map(|n| n.pi()).unwrap();
        assert_eq!(pi.target, "xml", "{input}");
        assert_eq!(as_written(doc.root_element()), None, "{input}");
        for method in [C14nMethod::Exclusive, C14nMethod::Inclusive] {
            let mut out = Vec::new();
            canonicalize(doc.root_element(), method, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), tree, "{input}");
        }
    }
    let valid = String::from_utf8(signed()).unwrap();
    let at = valid.find("<DU_LIEU_HOC_BA").unwrap();
    let at = at + valid[at..].find('>').unwrap() + 1;
    for pi in ["<?xml?>", "<?xml<7>?>"] {
        let mut xml = valid.clone();
        xml.insert_str(at, pi);
        assert!(roxmltree::Document::parse(&xml).is_ok(), "{pi}");
        let err = verify(xml.as_bytes(), &trust(), now()).unwrap_err();
        assert_eq!(err.code(), "xml_processing_instruction", "{pi}");
    }
}

#[test]
fn c14n_escapes_and_namespaces_by_hand() {
    // Expected bytes written by hand from C14N 1.0 §2.3 and Exclusive C14N §3.
    let cases: [(&str, C14nMethod, &str); 5] = [
        (
            "<a b='x\"&amp;&lt;&#9;&#10;&#13;' a='1'>t&amp;&lt;&gt;&#13;</a>",
            C14nMethod::Exclusive,
            "<a a=\"1\" b=\"x&quot;&amp;&lt;&#x9;&#xA;&#xD;\">t&amp;&lt;&gt;&#xD;</a>",
        ),
        (
            // The unused prefix p is not rendered by exclusive C14N, it is by inclusive.
            "<r xmlns:p='urn:p' xmlns='urn:d'><c/></r>",
            C14nMethod::Exclusive,
            "<r xmlns=\"urn:d\"><c></c></r>",
        ),
        (
            "<r xmlns:p='urn:p' xmlns='urn:d'><c/></r>",
            C14nMethod::Inclusive,
            "<r xmlns=\"urn:d\" xmlns:p=\"urn:p\"><c></c></r>",
        ),
        (
            // Attributes sorted by namespace URI, then local name; unqualified first.
            "<e xmlns:z='urn:a' xmlns:a='urn:b' a:x='2' z:y='1' b='0'/>",
            C14nMethod::Exclusive,
            "<e xmlns:a=\"urn:b\" xmlns:z=\"urn:a\" b=\"0\" z:y=\"1\" a:x=\"2\"></e>",
        ),
        (
            "<d><!--c--><?p x?>Tiếng Việt<![CDATA[<&>]]></d>",
            C14nMethod::Exclusive,
            "<d><?p x?>Tiếng Việt&lt;&amp;&gt;</d>",
        ),
    ];
    for (input, method, expected) in cases {
        let doc = roxmltree::Document::parse(input).unwrap();
        let mut out = Vec::new();
        canonicalize(doc.root_element(), method, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{input}");
    }
}

#[test]
fn three_roles_sign_and_verify() {
    let xml = signed();
    let v = verify(&xml, &trust(), now()).unwrap();
    let r = v.report();
    assert_eq!(r.status, Status::Valid, "{}", r.to_text(crate::Lang::En));
    assert_eq!(r.signers.len(), 3);
    assert!(r.signers.iter().all(|s| s.algorithm == Algorithm::Rs256));
    assert_eq!(
        r.signers.iter().map(|s| s.role).collect::<Vec<_>>(),
        SignerRole::ALL.to_vec()
    );
    let verified = v.verified().unwrap();
    assert_eq!(verified.signed_bytes(), &xml[..]);
    assert_eq!(
        verified.get().data_digest(),
        data_digest(&unsigned()).unwrap()
    );
}

#[test]
fn signing_keeps_every_byte_outside_the_new_slot() {
    let original = unsigned();
    let xml = signed();
    let text = String::from_utf8(xml.clone()).unwrap();
    let orig = String::from_utf8(original).unwrap();
    let (head, rest) = orig.split_once("</DANH_SACH_THONG_TIN_KY>").unwrap();
    assert!(text.starts_with(head));
    assert!(text.ends_with(&format!("</DANH_SACH_THONG_TIN_KY>{rest}")));
    // The slots in order, each with NGAY_KY (in +07:00) and SO_CCCD from the record.
    let gvcn = text.find("<GVCN><NGAY_KY>2026-06-01T07:00:00+07:00</NGAY_KY><SO_CCCD>001191000007</SO_CCCD><ds:Signature").unwrap();
    let cbql = text.find("<CBQL><NGAY_KY>2026-06-01T08:00:00+07:00</NGAY_KY><SO_CCCD>001079000008</SO_CCCD><ds:Signature").unwrap();
    let seal = text
        .find("<KY_PHAT_HANH><NGAY_KY>2026-06-01T09:00:00+07:00</NGAY_KY><ds:Signature")
        .unwrap();
    assert!(gvcn < cbql && cbql < seal);
    // Chaining: the principal covers the teacher's signature, the seal covers both.
    let seal_part = &text[seal..];
    assert!(seal_part.contains("URI=\"#sig-GVCN\"") && seal_part.contains("URI=\"#sig-CBQL\""));
    assert!(text[cbql..seal].contains("URI=\"#sig-GVCN\""));
}

#[test]
fn every_algorithm_of_the_profile_signs_and_verifies() {
    for (alg, names) in [
        (Algorithm::Rs256, ["gvcn-rsa", "principal-rsa", "seal-rsa"]),
        (Algorithm::Ps256, ["gvcn-rsa", "principal-rsa", "seal-rsa"]),
        (
            Algorithm::Es256,
            ["gvcn-p256", "principal-p256", "seal-p256"],
        ),
        (
            Algorithm::Es384,
            ["gvcn-p384", "principal-p384", "seal-p384"],
        ),
    ] {
        let mut xml = named(unsigned(), names[0], names[1]);
        if alg == Algorithm::Es384 {
            // The P-384 signers belong to the public test school (gov tree).
            let s = String::from_utf8(xml).unwrap().replace(
                "<TEN_TRUONG>Trường Tiểu học Tư thục Thử Nghiệm</TEN_TRUONG>",
                "<TEN_TRUONG>Trường Tiểu học Thử Nghiệm Số 1</TEN_TRUONG>",
            );
            xml = strip_ids(s).into_bytes();
        }
        for (i, (role, name)) in SignerRole::ALL.iter().zip(names).enumerate() {
            let c = chain(name);
            let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
            xml = sign(
                &xml,
                &key_with(name, alg),
                *role,
                &refs,
                time(i as i64),
                &mut SystemRng,
            )
            .unwrap_or_else(|e| panic!("{alg} {name}: {e}"));
        }
        let v = verify(&xml, &trust(), now()).unwrap();
        assert_eq!(
            v.report().status,
            Status::Valid,
            "{alg}: {}",
            v.report().to_text(crate::Lang::En)
        );
        assert!(v.report().signers.iter().all(|s| s.algorithm == alg));
    }
}

/// The fixture without the signers' ID fields, signed by the three RSA test signers (RS256:
/// deterministic): the GVCN and CBQL slots' `SO_CCCD` come from their certificates.
pub(crate) fn signed_without_ids() -> Vec<u8> {
    let mut xml = strip_ids(String::from_utf8(unsigned()).unwrap()).into_bytes();
    for (i, (role, name)) in ROLES.iter().enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        xml = sign(
            &xml,
            &key_with(name, Algorithm::Rs256),
            *role,
            &refs,
            time(i as i64),
            &mut SystemRng,
        )
        .unwrap();
    }
    xml
}

/// The fixture without the signers' ID fields (the P-384 test signers carry other IDs).
fn strip_ids(s: String) -> String {
    let mut s = s;
    for tag in ["SO_CCCD_GIAM_HIEU_KY_HOC_BA", "SO_CCCD_GIAO_VIEN_CHU_NHIEM"] {
        let start = s.find(&format!("<{tag}>")).unwrap();
        let end = s.find(&format!("</{tag}>")).unwrap() + tag.len() + 3;
        s.replace_range(start..end, "");
    }
    s
}

/// When the data names no số định danh for a role, the slot's `SO_CCCD` (outside every
/// signature, written from the certificate when signing) must still be the certificate's: a
/// slot changed to another person's number is `signer_id_mismatch` for that signer alone
/// (ADR 0140).
#[test]
fn a_slot_id_outside_the_data_must_be_the_certificates() {
    let xml = signed_without_ids();
    let v = verify(&xml, &trust(), now()).unwrap();
    assert_eq!(
        v.report().status,
        Status::Valid,
        "{}",
        v.report().to_text(crate::Lang::En)
    );
    let (_, teacher_id) = crate::trust::certificate_holder(&leaf("gvcn-rsa")).unwrap();
    let teacher_id = teacher_id.unwrap();
    let text = String::from_utf8(xml).unwrap();
    let slot = format!("<SO_CCCD>{teacher_id}</SO_CCCD>");
    assert_eq!(text.matches(&slot).count(), 1, "the GVCN slot's SO_CCCD");
    let other = text.replace(&slot, "<SO_CCCD>079200000001</SO_CCCD>");
    let v = verify(other.as_bytes(), &trust(), now()).unwrap();
    assert_eq!(v.report().status, Status::Invalid);
    let outcomes: Vec<_> = v
        .report()
        .signers
        .iter()
        .map(|s| (s.role, s.outcome.as_ref().err().map(|e| e.code())))
        .collect();
    assert_eq!(
        outcomes,
        [
            (SignerRole::HomeroomTeacher, Some("signer_id_mismatch")),
            (SignerRole::Principal, None),
            (SignerRole::SchoolSeal, None),
        ]
    );
    // The person check switched off (a deployment binding signers otherwise) lets it through.
    let t = trust().with_policy(crate::trust::TrustPolicy {
        person: crate::trust::PersonMatch::Off,
        ..Default::default()
    });
    let v = verify(other.as_bytes(), &t, now()).unwrap();
    assert_eq!(v.report().status, Status::Valid);
}

#[test]
fn one_byte_changed_in_the_data_is_invalid() {
    let xml = signed();
    let text = String::from_utf8(xml).unwrap();
    let tampered = text.replacen("<DIEM_KIEM_TRA_DINH_KY>9<", "<DIEM_KIEM_TRA_DINH_KY>8<", 1);
    assert_ne!(tampered, text);
    let v = verify(tampered.as_bytes(), &trust(), now()).unwrap();
    assert_eq!(v.report().status, Status::Invalid);
    assert_eq!(v.report().error, Some("xmldsig_digest_mismatch"));
    assert!(v.verified().is_none());
    assert!(v.report().signers.iter().all(|s| matches!(
        s.outcome,
        Err(SignerFailure::XmlSignature(XmlSigError::DigestMismatch))
    )));
}

#[test]
fn partial_records_are_incomplete_and_the_spec_minimum_is_a_policy() {
    let mut xml = unsigned();
    for (i, (role, name)) in ROLES.iter().enumerate().skip(1) {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        xml = sign(
            &xml,
            &key(name),
            *role,
            &refs,
            time(i as i64),
            &mut SystemRng,
        )
        .unwrap();
    }
    let t = trust();
    let v = verify(&xml, &t, now()).unwrap();
    assert_eq!(v.report().status, Status::Incomplete);
    assert_eq!(v.report().missing, vec![SignerRole::HomeroomTeacher]);
    let u = UnverifiedXml::from_bytes(&xml).unwrap();
    let v = u.verify_in(
        &crate::envelope::Verifier::new(&t, now()),
        RequiredRoles::SpecMinimum,
    );
    assert_eq!(v.report().status, Status::Valid);
    // The teacher can no longer sign after the principal.
    let c = chain("gvcn-rsa");
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    let err = prepare(
        &xml,
        SignerRole::HomeroomTeacher,
        &refs,
        Algorithm::Rs256,
        time(3),
    )
    .unwrap_err();
    assert_eq!(err.code(), "role_out_of_order");
}

fn prepared(alg: Algorithm) -> Prepared {
    let c = chain("gvcn-rsa");
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    prepare(
        &unsigned(),
        SignerRole::HomeroomTeacher,
        &refs,
        alg,
        time(0),
    )
    .unwrap()
}

#[test]
fn external_prepare_and_attach_round_trip_through_the_pending_file() {
    let p = prepared(Algorithm::Rs256);
    assert!(p.signed_info().starts_with(b"<ds:SignedInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:CanonicalizationMethod"));
    assert_eq!(p.digest().len(), 32);
    let file = p.to_file_bytes();
    let back = Prepared::from_file_bytes(&file).unwrap();
    assert_eq!(back.signed_info(), p.signed_info());
    // The token signs the bytes (here: the test key).
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(back.signed_info(), &mut SystemRng)
        .unwrap();
    let xml = attach(back, &sig).unwrap();
    let u = UnverifiedXml::from_bytes(&xml).unwrap();
    assert_eq!(u.roles(), vec![SignerRole::HomeroomTeacher]);
    // A pending file whose record changed is refused.
    let mut v: serde_json::Value = serde_json::from_slice(&file).unwrap();
    v["signed_info_sha256"] = serde_json::Value::String("00".repeat(32));
    let err = Prepared::from_file_bytes(&serde_json::to_vec(&v).unwrap()).unwrap_err();
    assert_eq!(err.code(), "xmldsig_pending_malformed");
}

#[test]
fn attach_names_the_likely_cause_of_a_wrong_signature() {
    use base64::Engine;
    use rsa::signature::RandomizedSigner as _;
    let rsa_key = || {
        let k =
            rsa::pkcs8::DecodePrivateKey::from_pkcs8_der(&read("pki/keys/gvcn-rsa.pk8")).unwrap();
        let k: rsa::PrivateKey = k;
        k
    };
    // base64 text instead of raw bytes.
    let p = prepared(Algorithm::Rs256);
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(p.signed_info(), &mut SystemRng)
        .unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&sig);
    assert_eq!(
        attach(p, b64.as_bytes()).unwrap_err().code(),
        "attach_base64_not_raw"
    );
    // PKCS#1 v1.5 given for a PSS preparation, and the reverse.
    let p = prepared(Algorithm::Ps256);
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(p.signed_info(), &mut SystemRng)
        .unwrap();
    assert_eq!(attach(p, &sig).unwrap_err().code(), "attach_pkcs1_not_pss");
    let p = prepared(Algorithm::Rs256);
    let sig = key_with("gvcn-rsa", Algorithm::Ps256)
        .sign(p.signed_info(), &mut SystemRng)
        .unwrap();
    assert_eq!(attach(p, &sig).unwrap_err().code(), "attach_pss_not_pkcs1");
    // PSS with a salt of 20 bytes (a common service default) instead of 32.
    let p = prepared(Algorithm::Ps256);
    let signer = rsa::pss::SigningKey::<sha2::Sha256>::new_with_salt_len(rsa_key(), 20);
    let sig: rsa::pss::Signature = signer
        .try_sign_with_rng(
            &mut crate::envelope::RandCore(&mut SystemRng),
            p.signed_info(),
        )
        .unwrap();
    let sig: Box<[u8]> = sig.into();
    assert_eq!(
        attach(p, &sig).unwrap_err().code(),
        "attach_pss_salt_length"
    );
    // The digest hashed again.
    let p = prepared(Algorithm::Rs256);
    let sig = key_with("gvcn-rsa", Algorithm::Rs256)
        .sign(&p.digest(), &mut SystemRng)
        .unwrap();
    assert_eq!(
        attach(p, &sig).unwrap_err().code(),
        "attach_digest_signed_as_message"
    );
    // The bare digest given to a raw RSA signer (Java's NONEwithRSA, PKCS#11 CKM_RSA_PKCS)
    // without its DigestInfo: named as such for RS256, as the other padding for PS256 (ADR 0281).
    let bare_digest = |p: &Prepared| {
        let k = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new_unprefixed(rsa_key());
        let sig: rsa::pkcs1v15::Signature =
            rsa::signature::hazmat::PrehashSigner::sign_prehash(&k, &p.digest()).unwrap();
        Box::<[u8]>::from(sig)
    };
    let p = prepared(Algorithm::Rs256);
    let sig = bare_digest(&p);
    let err = attach(p, &sig).unwrap_err();
    assert_eq!(err.code(), "attach_pkcs1_no_digest_info");
    assert!(err.to_string().contains("DigestInfo"), "{err}");
    let p = prepared(Algorithm::Ps256);
    let sig = bare_digest(&p);
    assert_eq!(attach(p, &sig).unwrap_err().code(), "attach_pkcs1_not_pss");
    // Another key.
    let p = prepared(Algorithm::Rs256);
    let sig = key_with("principal-rsa", Algorithm::Rs256)
        .sign(p.signed_info(), &mut SystemRng)
        .unwrap();
    let err = attach(p, &sig).unwrap_err();
    assert_eq!(err.code(), "attach_wrong_key");
    assert!(
        err.to_string()
            .contains("not made by the certificate's key")
    );
}

#[test]
fn the_national_writers_output_signs_verifies_and_reads_back_as_the_record() {
    use crate::moet::{self, Profile};
    // A synthetic record of the test PKI's public school (the seal certificate names it).
    let mut record = crate::synth::year_record(1);
    record.school.name = crate::model::Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
    crate::synth::name_signers(&mut record, &leaf("gvcn-p384"), &leaf("principal-rsa-gov"));
    let profile = Profile::V2088_1_0;
    let unsigned = moet::to_xml(&record, &profile);
    // Mixed algorithms, as schools have them: ECDSA P-384 teacher, RSA principal and seal.
    let signers = [
        (SignerRole::HomeroomTeacher, "gvcn-p384", Algorithm::Es384),
        (SignerRole::Principal, "principal-rsa-gov", Algorithm::Rs256),
        (SignerRole::SchoolSeal, "seal-rsa-gov", Algorithm::Rs256),
    ];
    let mut xml = unsigned.clone();
    for (i, (role, name, alg)) in signers.iter().enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        // The writer's output is readable: every check before signing runs, TT27 included.
        let p = super::prepare(&xml, *role, &refs, *alg, time(i as i64)).unwrap();
        let sig = key_with(name, *alg)
            .sign(p.signed_info(), &mut SystemRng)
            .unwrap();
        xml = attach(p, &sig).unwrap();
    }
    // Every byte before the signature list is the writer's.
    let list = String::from_utf8_lossy(&unsigned)
        .find("<DANH_SACH_THONG_TIN_KY")
        .unwrap();
    assert_eq!(xml[..list], unsigned[..list]);
    let v = verify(&xml, &trust(), now()).unwrap();
    assert_eq!(
        v.report().status,
        Status::Valid,
        "{}",
        v.report().to_text(crate::Lang::En)
    );
    assert_eq!(
        v.report()
            .signers
            .iter()
            .map(|s| s.algorithm)
            .collect::<Vec<_>>(),
        vec![Algorithm::Es384, Algorithm::Rs256, Algorithm::Rs256]
    );
    let verified = v.verified().unwrap().year_record(&profile).unwrap();
    assert_eq!(
        verified.get(),
        &moet::from_xml(&unsigned, &profile).unwrap()
    );
    assert_eq!(verified.signed_bytes(), &xml[..]);
    // The national reader and this module agree on a changed byte: it reads, it does not verify.
    let text = String::from_utf8(xml).unwrap();
    let name = record.pupil.full_name.as_str();
    let tampered = text.replacen(name, &name.to_uppercase(), 1);
    assert_ne!(tampered, text);
    assert!(moet::from_xml(tampered.as_bytes(), &profile).is_ok());
    let v = verify(tampered.as_bytes(), &trust(), now()).unwrap();
    assert_eq!(v.report().error, Some("xmldsig_digest_mismatch"));
}

#[test]
fn bulk_verification_takes_signed_national_xml() {
    use crate::bulk::{BulkOptions, verify_stream};
    use crate::envelope::Verifier;
    let valid = {
        // The national writer's output, so the verified record can be read back.
        let mut record = crate::synth::year_record(2);
        record.school.name = crate::model::Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
        crate::synth::name_signers(&mut record, &leaf("gvcn-p384"), &leaf("principal-rsa-gov"));
        let mut xml = crate::moet::to_xml(&record, &crate::moet::Profile::V2088_1_0);
        for (i, (role, name)) in [
            (SignerRole::HomeroomTeacher, "gvcn-p384"),
            (SignerRole::Principal, "principal-rsa-gov"),
            (SignerRole::SchoolSeal, "seal-rsa-gov"),
        ]
        .into_iter()
        .enumerate()
        {
            let c = chain(name);
            let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
            xml = sign(
                &xml,
                &key(name),
                role,
                &refs,
                time(i as i64),
                &mut SystemRng,
            )
            .unwrap();
        }
        xml
    };
    let tampered = String::from_utf8(signed())
        .unwrap()
        .replacen("<CHIEU_CAO>130<", "<CHIEU_CAO>131<", 1)
        .into_bytes();
    let wrapped = read("xmldsig/attacks/wrap-into-object.xml");
    let inputs: Vec<(&str, Result<Vec<u8>, String>)> = vec![
        ("valid", Ok(valid)),
        ("tampered", Ok(tampered)),
        ("wrapped", Ok(wrapped)),
        ("not-xml", Ok(b"<HOC_BA".to_vec())),
        ("fixture-unsigned", Ok(unsigned())),
    ];
    let t = trust();
    let verifier = Verifier::new(&t, now());
    let mut seen = Vec::new();
    let summary = verify_stream(&verifier, &BulkOptions::new(2), inputs, |label, outcome| {
        if label == "valid" {
            let crate::bulk::Outcome::Checked(v) = &outcome else {
                panic!("valid: {}", outcome.code());
            };
            // The verified record comes from the national reader.
            assert!(v.verified().is_some());
        }
        seen.push((label, outcome.code()));
    });
    assert_eq!(
        seen,
        vec![
            ("valid", "valid"),
            ("tampered", "xmldsig_digest_mismatch"),
            ("wrapped", "xml_second_data"),
            ("not-xml", "xml_malformed"),
            // No signature at all: nothing to verify (the one policy, not "incomplete").
            ("fixture-unsigned", "xmldsig_not_signed"),
        ]
    );
    assert_eq!(
        (
            summary.valid,
            summary.invalid,
            summary.incomplete,
            summary.unreadable
        ),
        (1, 2, 0, 2)
    );
}

#[test]
fn transforms_accepted_when_reading_vendor_signatures() {
    use base64::Engine;
    // Re-sign the GVCN signature of the fixture with the reference transforms a vendor tool may
    // write, and check each is accepted (or refused) as the profile says.
    let exc = "<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>";
    let env = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";
    let inc = "<ds:Transform Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>";
    let cases = [
        (format!("<ds:Transforms>{env}</ds:Transforms>"), true),
        (format!("<ds:Transforms>{env}{inc}</ds:Transforms>"), true),
        (String::new(), true),
        (format!("<ds:Transforms>{inc}{env}</ds:Transforms>"), false),
        (format!("<ds:Transforms>{env}{env}</ds:Transforms>"), false),
    ];
    let c = chain("gvcn-rsa");
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    for (transforms, ok) in cases {
        let p = prepare(
            &unsigned(),
            SignerRole::HomeroomTeacher,
            &refs,
            Algorithm::Rs256,
            time(0),
        )
        .unwrap();
        let xml = String::from_utf8(
            attach(
                p.clone(),
                &key_with("gvcn-rsa", Algorithm::Rs256)
                    .sign(p.signed_info(), &mut SystemRng)
                    .unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        // Swap the data reference's transforms and recompute nothing else: the digest over the
        // data does not depend on them for this data (no namespaces, no xml:* attributes), so
        // only the SignedInfo changes; sign it again.
        let edited = xml.replacen(exc, &transforms, 1);
        let doc = roxmltree::Document::parse(&edited).unwrap();
        let si = doc
            .descendants()
            .find(|n| n.tag_name().name() == "SignedInfo")
            .unwrap();
        let mut c14n = Vec::new();
        canonicalize(si, C14nMethod::Exclusive, &mut c14n);
        let sig = key_with("gvcn-rsa", Algorithm::Rs256)
            .sign(&c14n, &mut SystemRng)
            .unwrap();
        let old_value = edited
            .split("<ds:SignatureValue>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string();
        let resigned = edited.replacen(
            &old_value,
            &base64::engine::general_purpose::STANDARD.encode(sig),
            1,
        );
        let outcome = match UnverifiedXml::from_bytes(resigned.as_bytes()) {
            Ok(u) => u
                .verify(&trust(), now())
                .report()
                .error
                .unwrap_or("valid")
                .to_string(),
            Err(e) => e.code().to_string(),
        };
        let expected = if ok {
            "incomplete"
        } else {
            "xmldsig_transform"
        };
        assert_eq!(outcome, expected, "{transforms}");
    }
}

/// The fuzz target's oracle on mutated signed records (a few hundred deterministic
/// mutations, so `cargo test` runs it everywhere): no panic, the status agrees with the error
/// code, a mutation that still verifies changed nothing signed, and C14N is idempotent on
/// whatever still parses.
#[test]
fn mutated_records_never_panic_never_verify_and_c14n_is_idempotent() {
    let valid = signed();
    let t = trust();
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15_u64);
    let original = verify(&valid, &t, now()).unwrap().into_parts().0;
    let (mut parsed, mut benign) = (0, 0);
    for round in 0..300 {
        let mut m = valid.clone();
        let at = next(m.len());
        match round % 4 {
            0 => m[at] ^= 1 << next(8),
            1 => {
                let len = next(64).min(m.len() - at);
                m.drain(at..at + len);
            }
            2 => {
                let len = next(64).min(m.len() - at);
                let piece = m[at..at + len].to_vec();
                let to = next(m.len());
                m.splice(to..to, piece);
            }
            _ => m.insert(at, b"<>\"&' \n\t\r/="[next(11)]),
        }
        if m == valid {
            continue;
        }
        if let Ok(u) = UnverifiedXml::from_bytes(&m) {
            let r = u.verify(&t, now()).into_parts().0;
            assert_eq!(r.status == Status::Valid, r.error.is_none());
            if r.status == Status::Valid {
                // Only a change the signatures do not cover may verify (whitespace inside a tag
                // or inside base64, the informative X509SubjectName, the last signer's
                // unsigned KeyInfo text): the signed data and signers are the original's.
                let who = |r: &crate::envelope::VerificationReport| {
                    r.signers
                        .iter()
                        .map(|s| (s.role, s.signing_time, s.certificate.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(r.payload_digest, original.payload_digest, "round {round}");
                assert_eq!(who(&r), who(&original), "round {round}");
                benign += 1;
            }
        }
        let Ok(text) = std::str::from_utf8(&m) else {
            continue;
        };
        let Ok(doc) = roxmltree::Document::parse(text) else {
            continue;
        };
        parsed += 1;
        for method in [C14nMethod::Exclusive, C14nMethod::Inclusive] {
            let mut once = Vec::new();
            canonicalize(doc.root_element(), method, &mut once);
            let again = String::from_utf8(once.clone()).unwrap();
            let again = roxmltree::Document::parse(&again).unwrap();
            let mut twice = Vec::new();
            canonicalize(again.root_element(), method, &mut twice);
            assert_eq!(once, twice, "round {round}");
        }
    }
    assert!(parsed > 50, "only {parsed} mutations still parsed");
    assert!(benign < 30, "{benign} mutations verified");
}

#[test]
fn an_unsigned_record_is_not_signed_everywhere() {
    // One policy for the CLI, the bindings and bulk verification: nothing to verify is an
    // unreadable input, as COSE's `not_signed`, not an incomplete record.
    let xml = unsigned();
    let e = UnverifiedXml::from_signed_bytes(&xml).err().unwrap();
    assert_eq!(e, XmlSigError::NotSigned);
    assert_eq!(
        crate::Error::from(e.clone()).class(),
        crate::ErrorClass::Unreadable
    );
    let store = trust();
    let v = crate::envelope::Verifier::new(&store, now());
    let e = super::verify_year_record(&xml, &v, &crate::envelope::NoContentChecks)
        .err()
        .unwrap();
    assert_eq!(e.code(), "xmldsig_not_signed");
    // A record with one signature is read, and reported incomplete, not refused.
    assert!(UnverifiedXml::from_signed_bytes(&signed()).is_ok());
}

/// Issue 15 on the national XML: `prepare` refuses an organisation certificate as GVCN, another
/// person, and data with TT27 errors; a signature by another person than the data names
/// verifies with its code, not "valid".
#[test]
fn the_national_xml_binds_signers_and_checks_before_signing() {
    use crate::envelope::{SignCheck, SignOptions};
    let code = |r: Result<Prepared, XmlSigError>| r.map(|_| ()).map_err(|e| e.code());
    let xml = unsigned();
    let seal = chain("seal-rsa");
    let seal: Vec<&[u8]> = seal.iter().map(Vec::as_slice).collect();
    assert_eq!(
        code(prepare(
            &xml,
            SignerRole::HomeroomTeacher,
            &seal,
            Algorithm::Rs256,
            time(0)
        )),
        Err("organisation_cert_for_person")
    );
    let other = chain("gvcn-p256");
    let other: Vec<&[u8]> = other.iter().map(Vec::as_slice).collect();
    assert_eq!(
        code(prepare(
            &xml,
            SignerRole::HomeroomTeacher,
            &other,
            Algorithm::Es256,
            time(0)
        )),
        Err("signer_id_mismatch")
    );
    // Data with a TT27 error (a subject twice), from the national writer so it reads back.
    let mut record = crate::synth::year_record(3);
    record.school.name = crate::model::Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
    crate::synth::name_signers(&mut record, &leaf("gvcn-p384"), &leaf("principal-rsa-gov"));
    let good = crate::moet::to_xml(&record, &crate::moet::Profile::V2088_1_0);
    record.subjects.push(record.subjects[0].clone());
    let broken = crate::moet::to_xml(&record, &crate::moet::Profile::V2088_1_0);
    let teacher = chain("gvcn-p384");
    let teacher: Vec<&[u8]> = teacher.iter().map(Vec::as_slice).collect();
    let full = |x: &[u8], o: &SignOptions<'_>| {
        code(super::prepare_with(
            x,
            SignerRole::HomeroomTeacher,
            &teacher,
            Algorithm::Es384,
            time(0),
            o,
        ))
    };
    assert_eq!(full(&good, &SignOptions::default()), Ok(()));
    assert_eq!(
        full(&broken, &SignOptions::default()),
        Err("record_has_errors")
    );
    assert_eq!(
        full(&broken, &SignOptions::default().without(SignCheck::Record)),
        Ok(())
    );
    // Signed anyway (checks off), another person's signature does not verify as valid.
    let mut signed = xml.clone();
    let principal = chain("principal-rsa");
    let principal: Vec<&[u8]> = principal.iter().map(Vec::as_slice).collect();
    for (role, name, c) in [
        (SignerRole::HomeroomTeacher, "gvcn-p256", other.clone()),
        (SignerRole::Principal, "principal-rsa", principal),
        (SignerRole::SchoolSeal, "seal-rsa", seal.clone()),
    ] {
        signed = super::sign_with(
            &signed,
            &key(name),
            role,
            &c,
            time(role.position() as i64),
            &mut SystemRng,
            &SignOptions::unchecked(),
        )
        .unwrap();
    }
    let (r, verified) = verify(&signed, &trust(), now()).unwrap().into_parts();
    assert!(verified.is_none());
    assert_eq!(r.status, Status::Invalid);
    let codes: Vec<_> = r
        .signers
        .iter()
        .map(|s| s.outcome.as_ref().err().map(SignerFailure::code))
        .collect();
    assert_eq!(codes, [Some("signer_id_mismatch"), None, None]);
}

/// ADR 0140 before signing (issue 15): the three roles are three certificates. `prepare`
/// refuses a certificate that signed an earlier role of the same XML with verification's own
/// code, through the same function (`trust::check_distinct_signers`); only turning the
/// certificate check off by name lets it through, and verification then refuses it with the
/// same code. (Two certificates of one person, `signer_reused`, are tested on COSE in
/// `envelope::trust_tests`: the test PKI's only namesakes are Ed25519, which XML-DSig here
/// does not sign with.)
#[test]
fn a_certificate_or_person_of_an_earlier_role_is_refused_before_signing() {
    use crate::envelope::{SignCheck, SignOptions};
    // The data names the teacher as both GVCN and principal: the person check passes.
    let xml = named(unsigned(), "gvcn-p384", "gvcn-p384");
    let teacher = chain("gvcn-p384");
    let teacher: Vec<&[u8]> = teacher.iter().map(Vec::as_slice).collect();
    let gvcn = sign(
        &xml,
        &key("gvcn-p384"),
        SignerRole::HomeroomTeacher,
        &teacher,
        time(0),
        &mut SystemRng,
    )
    .unwrap();
    let as_principal = |opts: &SignOptions<'_>| {
        super::prepare_with(
            &gvcn,
            SignerRole::Principal,
            &teacher,
            Algorithm::Es384,
            time(1),
            opts,
        )
        .map(|_| ())
        .map_err(|e| e.code())
    };
    assert_eq!(
        as_principal(&SignOptions::default()),
        Err("certificate_reused"),
        "the same certificate signs a second role"
    );
    let store = trust();
    assert_eq!(
        as_principal(&SignOptions::with_trust(&store)),
        Err("certificate_reused"),
        "with the caller's trust too"
    );
    assert_eq!(
        as_principal(&SignOptions::default().without(SignCheck::Certificate)),
        Ok(()),
        "turned off by name only"
    );
    // Signed anyway: verification refuses it with the same code.
    let mut signed = super::sign_with(
        &gvcn,
        &key("gvcn-p384"),
        SignerRole::Principal,
        &teacher,
        time(1),
        &mut SystemRng,
        &SignOptions::default().without(SignCheck::Certificate),
    )
    .unwrap();
    let seal = chain("seal-rsa");
    let seal: Vec<&[u8]> = seal.iter().map(Vec::as_slice).collect();
    signed = sign(
        &signed,
        &key("seal-rsa"),
        SignerRole::SchoolSeal,
        &seal,
        time(2),
        &mut SystemRng,
    )
    .unwrap();
    let (r, _) = verify(&signed, &store, now()).unwrap().into_parts();
    let codes: Vec<_> = r
        .signers
        .iter()
        .map(|s| s.outcome.as_ref().err().map(SignerFailure::code))
        .collect();
    assert_eq!(codes, [None, Some("certificate_reused"), None]);
}

/// Every English detail of a `xmldsig_prepare` / `xmldsig_pending_malformed` error written in
/// `sign.rs` and `timestamp.rs` has its Vietnamese: a Vietnamese message carries no English
/// ("the key does not fit the algorithm", "the SignedInfo differs…", "a later signature
/// covers this one" did). The details are read from the sources, so a new one without its
/// Vietnamese fails here.
#[test]
fn prepare_details_have_their_vietnamese() {
    let mut details: Vec<&str> = vec![
        error::KEY_NOT_THE_CERTIFICATES,
        error::SIGNED_INFO_CHANGED,
        error::LATER_SIGNATURE_COVERS,
    ];
    for src in [include_str!("sign.rs"), include_str!("timestamp.rs")] {
        for opener in ["what: \"", "refuse(\"", "m(\""] {
            for (i, _) in src.match_indices(opener) {
                // `what:` of another variant (`Structure`) is not a prepare detail.
                if opener.starts_with("what") && !src[..i].trim_end().ends_with("Prepare {") {
                    continue;
                }
                let rest = &src[i + opener.len()..];
                details.push(&rest[..rest.find('"').unwrap()]);
            }
        }
    }
    // Field names of the pending file (`alg`, `chain`…) are the same in both languages.
    let prose: Vec<&str> = details.into_iter().filter(|d| d.contains(' ')).collect();
    assert!(prose.len() >= 15, "{prose:?}");
    for what in prose {
        for e in [
            XmlSigError::Prepare { what },
            XmlSigError::PendingMalformed { what },
        ] {
            let vi = crate::Error::from(e).message(crate::Lang::Vi);
            assert!(!vi.contains(what), "{vi}");
        }
    }
    // The real cause of a key that does not fit: the key of another certificate.
    let vi = crate::Error::from(XmlSigError::Prepare {
        what: error::KEY_NOT_THE_CERTIFICATES,
    })
    .message(crate::Lang::Vi);
    assert!(vi.contains("khóa của một chứng thư số khác"), "{vi}");
}

/// A document another call reads is named, with what it is, instead of the format error the
/// wrong reader would give (`not_cose_sign` for a PDF, `xml_invalid_utf8` for a COSE record).
#[test]
fn a_document_of_another_kind_is_named() {
    let t = trust();
    let v = crate::envelope::Verifier::new(&t, now());
    let checks = crate::envelope::NoContentChecks;
    let cose = read("verify/valid_vice_principal.cose");
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let err = verify_signed_year_record(&pdf, &v, &checks, RequiredRoles::All).unwrap_err();
    assert_eq!(err.code(), "wrong_document");
    assert_eq!(err.kind(), crate::ErrorKind::Decode);
    assert!(
        err.to_string().starts_with("this is a PDF document"),
        "{err}"
    );
    assert!(
        err.message(crate::Lang::Vi)
            .starts_with("đây là một tài liệu PDF")
    );
    let err = verify_year_record(&cose, &v, &checks).unwrap_err();
    assert_eq!(err.code(), "wrong_document");
    assert!(err.to_string().contains("not a national XML"), "{err}");
    // The right call still reads each.
    assert!(verify_signed_year_record(&cose, &v, &checks, RequiredRoles::All).is_ok());
}

/// The enveloped-signature transform on the reference to the signature's own
/// SignatureProperties removes its whole node-set (XML-DSig §6.6.4; libxmlsec1 digests the
/// empty string): refused as a signing time no digest covers, whatever the digest says —
/// neither accepted nor reported as a digest mismatch (QA qa4/09).
#[test]
fn enveloped_transform_on_the_signing_time_reference_is_refused() {
    use base64::Engine;
    let exc = "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";
    let env = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>";
    let c = chain("gvcn-rsa");
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    let p = prepare(
        &unsigned(),
        SignerRole::HomeroomTeacher,
        &refs,
        Algorithm::Rs256,
        time(0),
    )
    .unwrap();
    let key = key_with("gvcn-rsa", Algorithm::Rs256);
    let xml = String::from_utf8(
        attach(
            p.clone(),
            &key.sign(p.signed_info(), &mut SystemRng).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let at = xml.find("URI=\"#props-GVCN\"").unwrap();
    let t = at + xml[at..].find(exc).unwrap();
    let edited = format!("{}{env}{}", &xml[..t], &xml[t..]);
    // Signed again over the edited SignedInfo, digests untouched: only the transform differs.
    let doc = roxmltree::Document::parse(&edited).unwrap();
    let si = doc
        .descendants()
        .find(|n| n.tag_name().name() == "SignedInfo")
        .unwrap();
    let mut c14n = Vec::new();
    canonicalize(si, C14nMethod::Exclusive, &mut c14n);
    let sig = key.sign(&c14n, &mut SystemRng).unwrap();
    let old_value = edited.split("<ds:SignatureValue>").nth(1).unwrap();
    let old_value = old_value.split('<').next().unwrap();
    let resigned = edited.replacen(
        old_value,
        &base64::engine::general_purpose::STANDARD.encode(sig),
        1,
    );
    let outcome = |bytes: &[u8]| match UnverifiedXml::from_bytes(bytes) {
        Ok(u) => u
            .verify(&trust(), now())
            .report()
            .error
            .unwrap_or("valid")
            .to_string(),
        Err(e) => e.code().to_string(),
    };
    assert_eq!(outcome(resigned.as_bytes()), "xmldsig_signing_time");
    // Without the transform the same record is only incomplete (one signature of three).
    assert_eq!(outcome(xml.as_bytes()), "incomplete");
}

/// Inclusive C14N renders every namespace in scope once, at the apex, and below it walks only
/// the elements that declare one (QA qa4/05: 16,000 declarations on HOC_BA made it walk
/// every namespace at every element against every rendered one, over 60 s; the strict front now
/// refuses such an input, this is the canonicalization's own bound on a tree parsed without
/// it). 4,000 declarations and 500 elements: the old code took seconds.
#[test]
fn inclusive_c14n_is_linear_in_the_namespaces_in_scope() {
    let mut prefixes: Vec<String> = (0..4_000).map(|i| format!("n{i}")).collect();
    let decls: String = prefixes
        .iter()
        .map(|p| format!(" xmlns:{p}=\"u\""))
        .collect();
    let xml = format!(
        "<HOC_BA{decls}>{}<B xmlns:n7=\"v\"/></HOC_BA>",
        "<A/>".repeat(500)
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut out = Vec::new();
    canonicalize_tree(doc.root_element(), C14nMethod::Inclusive, &mut out);
    prefixes.sort();
    let sorted: String = prefixes
        .iter()
        .map(|p| format!(" xmlns:{p}=\"u\""))
        .collect();
    let want = format!(
        "<HOC_BA{sorted}>{}<B xmlns:n7=\"v\"></B></HOC_BA>",
        "<A></A>".repeat(500)
    );
    assert_eq!(String::from_utf8(out).unwrap(), want);
}

/// ADR 0260: the report knows its format and the roles its policy required, and its JSON and
/// text say them — the one shape the CLI, Python and Kotlin/Swift show.
#[test]
fn the_report_says_its_format_slots_and_required_roles() {
    use crate::Lang;
    use crate::envelope::{RecordFormat, Verifier};
    let mut xml = unsigned();
    for (i, (role, name)) in ROLES[..2].iter().enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        xml = sign(
            &xml,
            &key(name),
            *role,
            &refs,
            time(i as i64),
            &mut SystemRng,
        )
        .unwrap();
    }
    let trust = trust();
    let judge = |required| {
        UnverifiedXml::from_signed_bytes(&xml)
            .unwrap()
            .verify_in(&Verifier::new(&trust, now()), required)
            .into_parts()
            .0
    };
    let r = judge(RequiredRoles::All);
    assert_eq!(r.format, RecordFormat::NationalXml(RequiredRoles::All));
    let j = r.to_json(Lang::En);
    assert_eq!(
        (j["ok"].as_bool(), j["format"].as_str()),
        (Some(false), Some("national_xml"))
    );
    assert_eq!(
        j["required_roles"],
        serde_json::json!(["GVCN", "CBQL", "KY_PHAT_HANH"])
    );
    assert_eq!(j["missing"], serde_json::json!(["con_dau"]));
    assert_eq!(j["missing_slots"], serde_json::json!(["KY_PHAT_HANH"]));
    assert_eq!(j["signers"][0]["slot"], "GVCN");
    assert_eq!(j["signers"][1]["slot"], "CBQL");
    let text = r.to_text(Lang::Vi);
    assert!(
        text.starts_with("Học bạ số (XML quốc gia): chưa đủ chữ ký\n"),
        "{text}"
    );
    assert!(text.contains("  2. CBQL (Hiệu trưởng): "), "{text}");
    assert!(
        text.contains("  Chưa ký: KY_PHAT_HANH (Con dấu của trường)\n"),
        "{text}"
    );
    assert!(
        text.ends_with("  Cần chữ ký của: GVCN, CBQL, KY_PHAT_HANH\n"),
        "{text}"
    );
    let j = judge(RequiredRoles::SpecMinimum).to_json(Lang::En);
    assert_eq!(
        j["required_roles"],
        serde_json::json!(["CBQL", "KY_PHAT_HANH"])
    );
    assert_eq!(j["missing_slots"], serde_json::json!(["KY_PHAT_HANH"]));
}
