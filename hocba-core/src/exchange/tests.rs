use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::write::GzEncoder;

use super::*;

const LIST: &str = "<DANH_SACH_HOC_BA><HOC_BA><DU_LIEU_HOC_BA Id=\"data\"><HO_VA_TEN>Nguyễn Văn \\\"A\\\"</HO_VA_TEN></DU_LIEU_HOC_BA></HOC_BA></DANH_SACH_HOC_BA>";

/// Packs raw bytes the way the spec does, with a chosen prefix (to forge bad inputs).
fn packed_with_prefix(prefix: u32, raw: &[u8]) -> String {
    let mut gz = GzEncoder::new(prefix.to_le_bytes().to_vec(), Compression::default());
    gz.write_all(raw).unwrap();
    STANDARD.encode(gz.finish().unwrap())
}

#[test]
fn pack_layout_is_length_prefix_then_gzip_then_base64() {
    let content = pack("<a b=\"c\"/>", QuoteEscape::Backslash).unwrap();
    let bytes = STANDARD.decode(&content).unwrap();
    // "<a b=\"c\"/>" escaped is `<a b=\"c\"/>` with two backslashes added: 12 bytes.
    assert_eq!(
        &bytes[..4],
        &[12, 0, 0, 0],
        "little-endian u32 of the uncompressed length"
    );
    assert_eq!(&bytes[4..6], &[0x1f, 0x8b], "gzip magic follows the prefix");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[4..]), &mut text)
        .unwrap();
    assert_eq!(text, "<a b=\\\"c\\\"/>");
}

#[test]
fn round_trip_keeps_every_byte() {
    for xml in [LIST, "x", "\"", "\\\"", "a\"\"b", "Tiếng Việt \u{1F600}"] {
        for quote in [QuoteEscape::Backslash, QuoteEscape::None] {
            let limits = PackLimits {
                quote,
                ..PackLimits::default()
            };
            assert_eq!(unpack(&pack(xml, quote).unwrap(), &limits).unwrap(), xml);
        }
    }
}

#[test]
fn quote_escape_is_exactly_invertible_and_strict() {
    assert_eq!(escape_quotes(r#"a"b\"c"#), r#"a\"b\\"c"#);
    assert_eq!(unescape_quotes(r#"a\"b\\"c"#).unwrap(), r#"a"b\"c"#);
    assert_eq!(
        unescape_quotes(r#"ab"c"#).unwrap_err(),
        ExchangeError::BadQuoteEscape { offset: 2 }
    );
    assert_eq!(
        unescape_quotes(r#""x"#).unwrap_err(),
        ExchangeError::BadQuoteEscape { offset: 0 }
    );
    // `\""`: the second quote has no backslash of its own.
    assert_eq!(
        unescape_quotes("\\\"\"").unwrap_err().code(),
        "bad_quote_escape"
    );
}

#[test]
fn bad_inputs_have_typed_errors() {
    let l = PackLimits::default();
    let code = |c: &str| unpack(c, &l).unwrap_err().code();
    assert_eq!(code("not base64!"), "bad_base64");
    assert_eq!(code("AAAA="), "bad_base64", "wrong padding");
    assert_eq!(code(&STANDARD.encode([1u8, 0])), "missing_length_prefix");
    assert_eq!(code(&STANDARD.encode([5u8, 0, 0, 0, 1, 2, 3])), "bad_gzip");
    assert_eq!(code(&packed_with_prefix(4, b"abc")), "length_mismatch");
    assert_eq!(code(&packed_with_prefix(2, b"abc")), "length_mismatch");
    assert_eq!(code(&packed_with_prefix(2, &[0xff, 0xfe])), "not_utf8");
    // Bytes after the gzip member.
    let mut bytes = STANDARD.decode(packed_with_prefix(3, b"abc")).unwrap();
    bytes.push(0);
    assert_eq!(code(&STANDARD.encode(bytes)), "trailing_data");
    // A truncated gzip stream.
    let bytes = STANDARD.decode(packed_with_prefix(3, b"abc")).unwrap();
    assert_eq!(
        code(&STANDARD.encode(&bytes[..bytes.len() - 6])),
        "bad_gzip"
    );
}

#[test]
fn content_above_ten_megabytes_is_refused_before_decoding() {
    assert_eq!(MAX_CONTENT_BYTES, 10 * 1024 * 1024);
    let big = "A".repeat(MAX_CONTENT_BYTES + 4);
    assert_eq!(
        unpack(&big, &PackLimits::default()).unwrap_err(),
        ExchangeError::ContentTooLarge {
            len: MAX_CONTENT_BYTES + 4,
            max: MAX_CONTENT_BYTES
        }
    );
}

#[test]
fn gzip_bomb_stops_at_the_bound() {
    // 64 MiB of zeros compress to ~64 KB; a small declared length or a small bound stops it.
    let zeros = vec![0u8; 64 << 20];
    let limits = PackLimits {
        max_unpacked: 1 << 20,
        ..PackLimits::default()
    };
    let lying = packed_with_prefix(1000, &zeros);
    assert!(lying.len() < MAX_CONTENT_BYTES);
    assert_eq!(
        unpack(&lying, &limits).unwrap_err(),
        ExchangeError::LengthMismatch {
            declared: 1000,
            actual: 1001
        }
    );
    let honest = packed_with_prefix(64 << 20, &zeros);
    assert_eq!(
        unpack(&honest, &limits).unwrap_err(),
        ExchangeError::DeclaredLengthTooLarge {
            declared: 64 << 20,
            max: 1 << 20
        }
    );
}

const RECORD_A: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HOC_BA><DU_LIEU_HOC_BA Id=\"data\"><X>a &amp; b</X></DU_LIEU_HOC_BA><DANH_SACH_THONG_TIN_KY></DANH_SACH_THONG_TIN_KY></HOC_BA>\n";
const RECORD_B: &str = "\u{feff}<?xml version='1.0'?><HOC_BA xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n  <ds:X/>\n</HOC_BA>\n";

#[test]
fn join_then_split_gives_each_record_byte_for_byte() {
    let list = join_records(&[RECORD_A.as_bytes(), RECORD_B.as_bytes()]).unwrap();
    assert!(
        list.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DANH_SACH_HOC_BA><HOC_BA>")
    );
    let content = pack(&list, QuoteEscape::Backslash).unwrap();
    let back = unpack(&content, &PackLimits::default()).unwrap();
    let records = split_records(&back).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        record_document(records[0]),
        RECORD_A,
        "the signed file comes back"
    );
    assert_eq!(
        records[1],
        "<HOC_BA xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n  <ds:X/>\n</HOC_BA>"
    );
}

#[test]
fn join_refuses_what_is_not_a_record() {
    let code = |files: &[&[u8]]| join_records(files).unwrap_err();
    assert_eq!(code(&[]), ExchangeError::EmptyList);
    assert_eq!(
        code(&[RECORD_A.as_bytes(), b"<OTHER/>"]),
        ExchangeError::NotARecord { number: 2 }
    );
    assert_eq!(
        code(&[b"<HOC_BA>"]),
        ExchangeError::NotARecord { number: 1 }
    );
    assert_eq!(
        code(&[&[0xff, 0xfe]]),
        ExchangeError::NotARecord { number: 1 }
    );
    // A person counts from 1: the second file is "file 2", never "file 1".
    let second = code(&[RECORD_A.as_bytes(), b"<OTHER/>"]);
    assert!(second.to_string().starts_with("file 2 "), "{second}");
    assert!(
        second.message_vi().starts_with("tệp thứ 2 "),
        "{}",
        second.message_vi()
    );
}

#[test]
fn split_is_strict() {
    let code = |s: &str| split_records(s).unwrap_err().code();
    assert_eq!(code("<DANH_SACH_HOC_BA>"), "malformed_xml");
    assert_eq!(code("<LIST><HOC_BA/></LIST>"), "wrong_root");
    assert_eq!(
        code("<DANH_SACH_HOC_BA xmlns:ds=\"x\"><HOC_BA/></DANH_SACH_HOC_BA>"),
        "wrong_root"
    );
    assert_eq!(
        code("<DANH_SACH_HOC_BA>  </DANH_SACH_HOC_BA>"),
        "empty_list"
    );
    assert_eq!(
        split_records("<DANH_SACH_HOC_BA><HOC_BA/>x<HOC_BA/></DANH_SACH_HOC_BA>").unwrap_err(),
        ExchangeError::UnexpectedContent { number: 2 }
    );
    assert_eq!(
        code("<DANH_SACH_HOC_BA><HOC_BA/><!-- c --></DANH_SACH_HOC_BA>"),
        "malformed_xml",
        "the strict XML front refuses comments"
    );
    let dtd = "<!DOCTYPE DANH_SACH_HOC_BA [<!ENTITY e \"x\">]><DANH_SACH_HOC_BA><HOC_BA>&e;</HOC_BA></DANH_SACH_HOC_BA>";
    assert_eq!(code(dtd), "malformed_xml", "no DTD, no entities");
}

fn entry() -> RecallEntry {
    RecallEntry {
        ma_tra_cuu_uuid: "0b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d".into(),
        ho_va_ten: "Trần Thị <B> & C".into(),
        gioi_tinh: "Nữ".into(),
        ngay_sinh: "17/05/2017".into(),
        so_cccd: "001317000001".into(),
        ten_truong: "Trường Tiểu học Demo".into(),
        ma_truong: "79000701".into(),
        ten_nam_hoc: "2025-2026".into(),
    }
}

#[test]
fn recall_list_round_trip_and_missing_field() {
    let entries = vec![entry(), entry()];
    let xml = recall_list_to_xml(&entries);
    assert!(xml.contains("<HO_VA_TEN>Trần Thị &lt;B&gt; &amp; C</HO_VA_TEN>"));
    assert_eq!(recall_list_from_xml(&xml).unwrap(), entries);
    let mut e = entry();
    e.so_cccd.clear();
    assert_eq!(
        recall_list_from_xml(&recall_list_to_xml(&[entry(), e])).unwrap_err(),
        ExchangeError::MissingField {
            number: 2,
            field: "SO_CCCD"
        }
    );
    let unknown = recall_list_to_xml(&[entry()]).replace("<GIOI_TINH>", "<X/><GIOI_TINH>");
    assert_eq!(
        recall_list_from_xml(&unknown).unwrap_err().code(),
        "unexpected_content"
    );
}

fn auth(kind: TransactionType) -> AuthenticationRequest {
    AuthenticationRequest {
        token: "t0k".into(),
        user_name: "truong-demo".into(),
        password: password_wire("mat-khau"),
        ma_don_vi: "79000701".into(),
        nam_hoc: 2025,
        messageid: "m-1".into(),
        kind,
        function: String::new(),
    }
}

#[test]
fn request_json_uses_the_spec_field_names() {
    let req = Request {
        authentication_request: auth(TransactionType::Submit),
        content: Some("QUJD".into()),
        signature: None,
        certificate: None,
    };
    let v = serde_json::to_value(&req).unwrap();
    let a = &v["authenticationRequest"];
    for f in [
        "token",
        "user_name",
        "password",
        "ma_don_vi",
        "nam_hoc",
        "messageid",
        "type",
        "function",
    ] {
        assert!(a.get(f).is_some(), "missing {f}");
    }
    assert_eq!(a["type"], 1);
    assert_eq!(a["nam_hoc"], 2025);
    assert_eq!(v["content"], "QUJD");
    assert!(v.get("Signature").is_none());
    let back: Request = serde_json::from_value(v).unwrap();
    assert_eq!(back, req);
    let bad = r#"{"authenticationRequest":{"token":"","user_name":"","password":"","ma_don_vi":"","nam_hoc":2025,"messageid":"","type":7}}"#;
    assert!(
        serde_json::from_str::<Request>(bad).is_err(),
        "type 7 is not a transaction"
    );
}

#[test]
fn password_wire_is_sha256_hex() {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert_eq!(
        password_wire("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert!(is_password_wire(&password_wire("x")));
    assert!(!is_password_wire("x"));
}

#[test]
fn response_json_uses_the_spec_field_names() {
    let mut r = Response::ok("m-1");
    r.danh_sach_hoc_ba = Some(vec![RecordStatus {
        ma_hoc_sinh: "HS1".into(),
        ten_hoc_sinh: "A".into(),
        so_cccd: "0".into(),
        ma_tra_cuu_uuid: "u".into(),
        trang_thai: RECORD_REJECTED,
        error: Some("bad_signature".into()),
        error_field_title: Some("KY_PHAT_HANH".into()),
        error_description: Some("…".into()),
    }]);
    let v = serde_json::to_value(&r).unwrap();
    for f in [
        "MessageId",
        "Error",
        "ErrorDescription",
        "ResponseCode",
        "ResponseDescription",
    ] {
        assert!(v.get(f).is_some(), "missing {f}");
    }
    let item = &v["danh_sach_hoc_ba"][0];
    for f in [
        "ma_hoc_sinh",
        "ten_hoc_sinh",
        "so_cccd",
        "ma_tra_cuu_uuid",
        "trang_thai",
        "error",
        "error_field_title",
        "error_description",
    ] {
        assert!(item.get(f).is_some(), "missing {f}");
    }
    let refused = Response::from(("m-2", &ExchangeError::BadBase64));
    assert!(refused.error);
    assert_eq!(refused.response_code, "bad_base64");
    assert_eq!(
        refused.error_description,
        "nội dung không phải Base64 hợp lệ"
    );
    assert_eq!(
        refused.response_description_en,
        "content is not valid Base64"
    );
}

#[test]
fn transaction_signature_covers_the_content_and_the_header() {
    use crate::envelope::{Algorithm, SigningKey, SystemRng};
    let pkcs8 = include_bytes!("../../../tests/vectors/pki/keys/seal-ed25519.pk8");
    let cert = crate::envelope::read_certificates(include_bytes!(
        "../../../tests/vectors/pki/chains/seal-ed25519.pem"
    ))
    .unwrap();
    let key = SigningKey::from_pkcs8(pkcs8, None).unwrap();
    let a = auth(TransactionType::Submit);
    let input = signing_input(&a, Some("QUJD"));
    let sig = key.sign(&input, &mut SystemRng).unwrap();
    let ts = TransactionSignature::new(&cert, Algorithm::EdDsa, &sig);
    assert_eq!(ts.verify(&input).unwrap(), cert);
    assert_eq!(
        ts.verify(&signing_input(&a, Some("QUJE"))).unwrap_err(),
        ExchangeError::BadTransactionSignature
    );
    let mut other = a.clone();
    other.ma_don_vi = "79000702".into();
    assert!(ts.verify(&signing_input(&other, Some("QUJD"))).is_err());
}

#[test]
fn every_code_is_distinct_and_has_both_messages() {
    let samples = [
        ExchangeError::BadBase64,
        ExchangeError::ContentTooLarge { len: 2, max: 1 },
        ExchangeError::MissingField {
            number: 1,
            field: "SO_CCCD",
        },
    ];
    for e in samples {
        assert!(ExchangeError::ALL_CODES.contains(&e.code()));
        assert!(!e.message_vi().is_empty() && !e.to_string().is_empty());
        assert_ne!(e.message_vi(), e.to_string());
    }
    let mut codes = ExchangeError::ALL_CODES.to_vec();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), ExchangeError::ALL_CODES.len());
}

#[test]
fn the_code_table_in_the_docs_equals_the_enum() {
    let doc = include_str!("../../../docs/spec/exchange.md");
    let table = doc
        .split("## Error codes")
        .nth(1)
        .expect("the docs have an error-code section");
    let documented: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert_eq!(documented, ExchangeError::ALL_CODES);
}

#[test]
fn a_recall_entry_is_read_from_the_record_file() {
    let mut r = crate::synth::demo_transcript().years.pop().unwrap();
    r.lookup_code = Some("0b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d".parse().unwrap());
    let xml = crate::moet::to_xml(&r, &crate::moet::Profile::default());
    let e = recall_entry_from_record(&xml, 0).unwrap();
    assert_eq!(e.ma_tra_cuu_uuid, "0b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d");
    assert_eq!(e.ma_truong, r.school.code.as_str());
    assert_eq!(e.ten_nam_hoc, r.school_year.to_string());
    assert_eq!(e.ho_va_ten, r.pupil.full_name.as_str());
    r.lookup_code = None;
    let xml = crate::moet::to_xml(&r, &crate::moet::Profile::default());
    assert_eq!(
        recall_entry_from_record(&xml, 3).unwrap_err(),
        ExchangeError::MissingField {
            number: 4,
            field: "MA_TRA_CUU_UUID"
        }
    );
    assert_eq!(
        recall_entry_from_record(b"<X/>", 1).unwrap_err(),
        ExchangeError::NotARecord { number: 2 }
    );
}

fn demo_account() -> Account {
    Account {
        token: "tok".into(),
        user_name: "truong-1".into(),
        password: "mat-khau".into(),
        unit: "79000701".into(),
        school_year: 2025,
    }
}

#[test]
fn a_submit_request_carries_the_records_and_a_signature_over_them() {
    use crate::envelope::{SigningKey, SystemRng};
    let key = SigningKey::from_pkcs8(
        include_bytes!("../../../tests/vectors/pki/keys/seal-ed25519.pk8"),
        None,
    )
    .unwrap();
    let chain = crate::envelope::read_certificates(include_bytes!(
        "../../../tests/vectors/pki/chains/seal-ed25519.pem"
    ))
    .unwrap();
    let signer = TransactionSigner {
        key: &key,
        chain: &chain,
    };
    let account = demo_account();
    let id = message_id([7; 16]);
    assert_eq!(id, format!("hocba-{}", "07".repeat(16)));
    let req = submit_request(
        &account,
        &[RECORD_A.as_bytes()],
        &id,
        signer,
        &mut SystemRng,
    )
    .unwrap();
    let auth = &req.authentication_request;
    assert_eq!(auth.kind, TransactionType::Submit);
    assert_eq!(auth.messageid, id);
    assert_eq!(auth.password, password_wire("mat-khau"));
    assert_eq!((auth.ma_don_vi.as_str(), auth.nam_hoc), ("79000701", 2025));
    // What the portal does with it: the signature checks, the records come back byte for byte.
    let content = req.content.as_deref().unwrap();
    let sig = req.signature.as_ref().unwrap();
    assert_eq!(
        sig.verify(&signing_input(auth, Some(content))).unwrap(),
        chain
    );
    let list = unpack(content, &PackLimits::default()).unwrap();
    assert_eq!(record_document(split_records(&list).unwrap()[0]), RECORD_A);
    // A request for another unit does not carry this signature.
    let mut other = auth.clone();
    other.ma_don_vi = "79000702".into();
    assert!(sig.verify(&signing_input(&other, Some(content))).is_err());
    // Nothing but records is sent; the secrets stay out of Debug.
    assert!(matches!(
        submit_request(&account, &[b"<OTHER/>"], &id, signer, &mut SystemRng),
        Err(crate::Error::Exchange(_))
    ));
    let shown = format!("{account:?}");
    assert!(
        !shown.contains("tok") && !shown.contains("mat-khau"),
        "{shown}"
    );
}

#[test]
fn a_status_request_asks_about_a_request_only() {
    let account = demo_account();
    for (of, kind) in [
        (TransactionType::Submit, TransactionType::SubmitStatus),
        (
            TransactionType::RegisterCertificate,
            TransactionType::CertificateStatus,
        ),
        (TransactionType::Recall, TransactionType::RecallStatus),
    ] {
        let req = status_request(&account, of, "m-1").unwrap();
        assert_eq!(req.authentication_request.kind, kind);
        assert_eq!(req.authentication_request.messageid, "m-1");
        assert!(req.content.is_none() && req.signature.is_none());
    }
    assert!(status_request(&account, TransactionType::SubmitStatus, "m-1").is_err());
}
