//! The portal end to end over HTTP on loopback: the six transactions, operator approvals, the
//! lookup page, and the refusals the issue lists — on SQLite, and on PostgreSQL when
//! `HOCBA_TEST_POSTGRES` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use common::*;
use hocba_core::exchange::{
    QuoteEscape, RecallEntry, TransactionType, pack, recall_list_to_xml, record_document,
};
use hocba_server::store::Counted;

fn each_db(test: impl Fn(&str)) {
    for db in databases() {
        eprintln!("-- on {db}");
        test(db);
    }
}

/// Two transactions under one `messageid` sent at once both pass the check before any work;
/// the unique key stops the second at its insert. It is judged against the row that won
/// (ADR 0229, amended 2026-12-05): other content is `messageid_reused` — answering it
/// `duplicate_messageid` would let its sender count a submission done that was never stored —
/// and the same content is `duplicate_messageid`. Each round sends its pair from two threads
/// released together; the records' checks take long enough that both pass the first check.
#[test]
fn concurrent_transactions_under_one_messageid_are_judged_by_content() {
    each_db(|db| {
        let p = Portal::start(db);
        let rounds = 6u32;
        for round in 0..rounds {
            let messageid = format!("race-{round}");
            let same = round % 2 == 1;
            let n = 100 + 2 * round;
            let first = record(&uuid(n), SCHOOL, &format!("{n}"), "seal-p384");
            let second = if same {
                first.clone()
            } else {
                record(&uuid(n + 1), SCHOOL, &format!("{}", n + 1), "seal-p384")
            };
            let gate = std::sync::Barrier::new(2);
            let answers: Vec<(u16, String)> = std::thread::scope(|s| {
                let send = |r: &String| {
                    let (p, gate, messageid) = (&p, &gate, &messageid);
                    let r = r.clone();
                    s.spawn(move || {
                        gate.wait();
                        let (status, resp) = p.submit_records(
                            &p.school,
                            messageid,
                            std::slice::from_ref(&r),
                            "seal-ed25519",
                        );
                        (status, resp.response_code)
                    })
                };
                let handles = [send(&first), send(&second)];
                handles.map(|h| h.join().unwrap()).into_iter().collect()
            });
            let mut codes: Vec<(u16, &str)> =
                answers.iter().map(|(s, c)| (*s, c.as_str())).collect();
            codes.sort_unstable();
            let loser = if same {
                "duplicate_messageid"
            } else {
                "messageid_reused"
            };
            assert_eq!(codes, [(200, "ok"), (409, loser)], "round {round} on {db}");
        }
        // One record stored per round: the loser's record never was.
        assert_eq!(p.count(Counted::Records), i64::from(rounds));
        assert_eq!(p.count(Counted::Items), i64::from(rounds));
    });
}

#[test]
fn submit_status_replay_lookup_recall_and_replace() {
    each_db(|db| {
        let p = Portal::start(db);
        let own = record(&uuid(1), SCHOOL, "001", "seal-p384");
        let foreign = record(&uuid(2), OTHER_SCHOOL, "002", "seal-rsa");
        let (status, resp) = p.submit_records(
            &p.school,
            "msg-1",
            &[own.clone(), foreign.clone()],
            "seal-ed25519",
        );
        assert_eq!(status, 200, "{resp:?}");
        assert!(!resp.error);
        assert_eq!(resp.message_id, "msg-1");

        // Type 2: one accepted, the other school's record rejected with the spec's fields.
        let (status, st) = p.query(&p.school, TransactionType::SubmitStatus, "msg-1");
        assert_eq!(status, 200);
        let items = st.danh_sach_hoc_ba.unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].trang_thai, 1);
        assert_eq!(items[0].ma_tra_cuu_uuid, uuid(1));
        assert_eq!(items[0].ma_hoc_sinh, "HS001");
        assert_eq!(items[0].so_cccd, "001217000001");
        assert_eq!(items[0].ten_hoc_sinh, "Nguyễn Văn An");
        assert_eq!(items[0].error, None);
        assert_eq!(items[1].trang_thai, 0);
        assert_eq!(items[1].error.as_deref(), Some("not_own_record"));
        assert_eq!(items[1].error_field_title.as_deref(), Some("MA_TRUONG"));
        assert_eq!(p.count(Counted::Records), 1);

        // The other school cannot read this school's submission status.
        let (status, _) = p.query(&p.other, TransactionType::SubmitStatus, "msg-1");
        assert_eq!(status, 404);

        // The same transaction again (a lost reply): refused as a duplicate, nothing more
        // stored. Its content is the same bytes; only the Signature differs.
        let (status, resp) = p.submit_records(
            &p.school,
            "msg-1",
            &[own.clone(), foreign.clone()],
            "seal-ed25519",
        );
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, "duplicate_messageid")
        );
        // Another transaction under the used messageid (ADR 0229): `messageid_reused`, not
        // processed; the other school using it gets the same answer.
        let again = record(&uuid(3), SCHOOL, "003", "seal-p384");
        let (status, resp) = p.submit_records(
            &p.school,
            "msg-1",
            std::slice::from_ref(&again),
            "seal-ed25519",
        );
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, "messageid_reused")
        );
        let (vi, en) = (
            resp.response_description.as_str(),
            resp.response_description_en.as_str(),
        );
        assert!(
            vi.contains("messageid mới") && en.contains("new messageid"),
            "{vi} / {en}"
        );
        let other = record(&uuid(4), OTHER_SCHOOL, "004", "seal-rsa");
        let (status, resp) = p.submit_records(&p.other, "msg-1", &[other], "seal-rsa");
        assert_eq!(
            (status, resp.response_code.as_str()),
            (409, "messageid_reused")
        );
        assert_eq!(p.count(Counted::Records), 1);
        assert_eq!(p.count(Counted::Items), 2);

        // The lookup page: all four fields must match; the copy is byte for byte and audited.
        let fields = [
            ("ma_tra_cuu_uuid", uuid(1)),
            ("ho_va_ten", "nguyễn  văn an".to_owned()),
            ("ngay_sinh", birth_date(&own)),
            ("so_cccd", "001217000001".to_owned()),
        ];
        let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, html) = p.form("/tra-cuu", &f);
        assert_eq!(status, 200, "{html}");
        assert!(html.contains(&uuid(1)));
        assert!(html.contains("Học bạ đang có hiệu lực"));
        assert!(html.contains("Chữ ký hợp lệ"));
        let mut wrong = f.clone();
        wrong[2] = ("ngay_sinh", "2001-01-01");
        let (status, html) = p.form("/tra-cuu", &wrong);
        assert_eq!(status, 404);
        assert!(!html.contains(&uuid(1)), "a mismatch reveals nothing");
        let audit_before = p.count(Counted::Audit);
        let (status, copy) = p.form("/tra-cuu/ban-sao", &f);
        assert_eq!(status, 200);
        assert_eq!(
            copy, own,
            "the stored copy is the signed file, byte for byte"
        );
        assert_eq!(p.count(Counted::Audit), audit_before + 1);

        // Recall (type 5) by the school, approved by the operator; the record stays, marked.
        let entry = RecallEntry {
            ma_tra_cuu_uuid: uuid(1),
            ho_va_ten: "Nguyễn Văn An".into(),
            gioi_tinh: "Nam".into(),
            ngay_sinh: birth_date(&own),
            so_cccd: "001217000001".into(),
            ten_truong: "Trường Tiểu học Thử Nghiệm Số 1".into(),
            ma_truong: SCHOOL.into(),
            ten_nam_hoc: "2025-2026".into(),
        };
        let content = pack(
            &recall_list_to_xml(std::slice::from_ref(&entry)),
            QuoteEscape::Backslash,
        )
        .unwrap();
        let req = p.signed(
            p.auth(&p.school, TransactionType::Recall, "recall-1"),
            content,
            "seal-ed25519",
        );
        let (status, resp) = p.send(&req);
        assert_eq!(status, 200, "{resp:?}");
        let (_, st) = p.query(&p.school, TransactionType::RecallStatus, "recall-1");
        assert_eq!(st.danh_sach_thu_hoi.as_ref().unwrap()[0].trang_thai, 1);
        let (status, list) = p.operator_get("/api/v1/operator/recalls?state=1");
        assert_eq!(status, 200);
        assert_eq!(list["recalls"][0]["ma_tra_cuu_uuid"], uuid(1));
        let (status, _) = p.operator_post("/api/v1/operator/recalls/recall-1/0/approve");
        assert_eq!(status, 200);
        let (_, st) = p.query(&p.school, TransactionType::RecallStatus, "recall-1");
        assert_eq!(st.danh_sach_thu_hoi.as_ref().unwrap()[0].trang_thai, 2);
        assert_eq!(p.count(Counted::Records), 1, "recalled, not deleted");
        let (_, html) = p.form("/tra-cuu", &f);
        assert!(html.contains("đã bị thu hồi"));

        // The re-created record (new lookup code) is accepted and linked to the recalled one.
        let replacement = record(&uuid(4), SCHOOL, "001", "seal-p384");
        let (status, _) = p.submit_records(&p.school, "msg-2", &[replacement], "seal-ed25519");
        assert_eq!(status, 200);
        let (_, st) = p.query(&p.school, TransactionType::SubmitStatus, "msg-2");
        assert_eq!(st.danh_sach_hoc_ba.unwrap()[0].trang_thai, 1);
        let (_, st) = p.query(&p.school, TransactionType::RecallStatus, "recall-1");
        assert_eq!(
            st.danh_sach_thu_hoi.unwrap()[0].ma_tra_cuu_uuid_moi,
            Some(uuid(4))
        );
        // A second record for the same pupil and year while one is issued is rejected.
        let dup = record(&uuid(5), SCHOOL, "001", "seal-p384");
        p.submit_records(&p.school, "msg-3", &[dup], "seal-ed25519");
        let (_, st) = p.query(&p.school, TransactionType::SubmitStatus, "msg-3");
        assert_eq!(
            st.danh_sach_hoc_ba.unwrap()[0].error.as_deref(),
            Some("already_issued")
        );

        // The audit chain holds.
        let (status, check) = p.operator_get("/api/v1/operator/audit");
        assert_eq!(status, 200, "{check}");
        assert!(check["first_break"].is_null());
        assert!(check["entries"].as_i64().unwrap() >= 10);
    });
}

#[test]
fn certificate_registration_waits_for_the_operator() {
    each_db(|db| {
        let p = Portal::start(db);
        let (status, resp) = p.register(&p.school, "reg-1", "seal-rsa-gov");
        assert_eq!(status, 200, "{resp:?}");
        let (_, st) = p.query(&p.school, TransactionType::CertificateStatus, "reg-1");
        let c = &st.danh_sach_chung_thu_so.unwrap()[0];
        assert_eq!(
            (c.trang_thai_phe_duyet, c.trang_thai_chi_tiet.as_str()),
            (0, "pending")
        );

        // Signing with it before approval is refused, nothing stored.
        let rec = record(&uuid(10), SCHOOL, "010", "seal-p384");
        let (status, resp) = p.submit_records(
            &p.school,
            "early",
            std::slice::from_ref(&rec),
            "seal-rsa-gov",
        );
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "certificate_not_approved")
        );
        assert_eq!(p.count(Counted::Records), 0);

        let (_, pending) = p.operator_get("/api/v1/operator/certificates?state=pending");
        let fp = pending["certificates"][0]["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned();
        let (status, _) = p.operator_post(&format!("/api/v1/operator/certificates/{fp}/approve"));
        assert_eq!(status, 200);
        let (_, st) = p.query(&p.school, TransactionType::CertificateStatus, "reg-1");
        assert_eq!(
            st.danh_sach_chung_thu_so.unwrap()[0].trang_thai_phe_duyet,
            1
        );
        let (status, resp) = p.submit_records(&p.school, "later", &[rec], "seal-rsa-gov");
        assert_eq!(status, 200, "{resp:?}");

        // A personal certificate cannot be registered as the school's.
        let (status, resp) = p.register(&p.school, "reg-2", "principal-ed25519");
        assert_eq!(status, 403);
        assert_eq!(resp.response_code, "certificate_personal_cert_for_seal");
        // Without an operator token nothing is approved.
        let mut res = p
            .agent
            .post(format!(
                "{}/api/v1/operator/certificates/{fp}/approve",
                p.base
            ))
            .send_empty()
            .unwrap();
        assert_eq!(res.status().as_u16(), 401);
        let _ = res.body_mut().read_to_string();
    });
}

#[test]
fn bad_transactions_are_refused_and_store_nothing() {
    each_db(|db| {
        let p = Portal::start(db);
        let rec = || record(&uuid(20), SCHOOL, "020", "seal-p384");
        let stored = |p: &Portal| (p.count(Counted::Records), p.count(Counted::Transactions));
        let before = stored(&p);

        // Wrong password, wrong token, wrong unit: one answer.
        for change in 0..3 {
            let mut a = p.auth(&p.school, TransactionType::SubmitStatus, "x");
            match change {
                0 => a.password = hocba_core::exchange::password_wire("sai"),
                1 => a.token = "sai".into(),
                _ => a.ma_don_vi = OTHER_SCHOOL.into(),
            }
            let (status, resp) = p.send(&hocba_core::exchange::Request {
                authentication_request: a,
                content: None,
                signature: None,
                certificate: None,
            });
            assert_eq!((status, resp.response_code.as_str()), (401, "auth_failed"));
        }
        // Signed by another school's approved certificate.
        let (status, resp) = p.submit_records(&p.school, "t1", &[rec()], "seal-rsa");
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "certificate_not_approved")
        );
        // Signed by a certificate nobody approved.
        let (status, resp) = p.submit_records(&p.school, "t2", &[rec()], "seal-p256");
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "certificate_not_approved")
        );
        // A signature over other content.
        let files = [rec()];
        let mut req = p.signed(
            p.auth(&p.school, TransactionType::Submit, "t3"),
            pack(
                &hocba_core::exchange::join_records(&[files[0].as_bytes()]).unwrap(),
                QuoteEscape::Backslash,
            )
            .unwrap(),
            "seal-ed25519",
        );
        req.content = Some(pack("<DANH_SACH_HOC_BA/>", QuoteEscape::Backslash).unwrap());
        let (status, resp) = p.send(&req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "bad_transaction_signature")
        );

        // Corrupt content, correctly signed: bad Base64, wrong length prefix, a gzip bomb.
        let with_content = |mid: &str, content: String| {
            p.send(&p.signed(
                p.auth(&p.school, TransactionType::Submit, mid),
                content,
                "seal-ed25519",
            ))
        };
        let (status, resp) = with_content("t4", "not base64!".into());
        assert_eq!((status, resp.response_code.as_str()), (400, "bad_base64"));
        let good = pack(
            "<DANH_SACH_HOC_BA><HOC_BA/></DANH_SACH_HOC_BA>",
            QuoteEscape::Backslash,
        )
        .unwrap();
        let mut bytes = STANDARD.decode(&good).unwrap();
        bytes[0] = bytes[0].wrapping_add(1);
        let (status, resp) = with_content("t5", STANDARD.encode(&bytes));
        assert_eq!(
            (status, resp.response_code.as_str()),
            (400, "length_mismatch")
        );
        let bomb = {
            use std::io::Write;
            let mut gz = flate2::write::GzEncoder::new(
                (1u32 << 31).to_le_bytes().to_vec(),
                flate2::Compression::best(),
            );
            gz.write_all(&vec![b' '; 8 << 20]).unwrap();
            STANDARD.encode(gz.finish().unwrap())
        };
        let (status, resp) = with_content("t6", bomb);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (413, "declared_length_too_large")
        );
        // Content above 10 MB: refused by the body limit before any parsing.
        let huge = vec![b'A'; hocba_server::MAX_TRANSACTION_BODY + 1];
        let res = p
            .agent
            .post(format!("{}/api/v1/giao-dich", p.base))
            .send(&huge[..])
            .unwrap();
        assert_eq!(res.status().as_u16(), 413);

        // A record whose KY_PHAT_HANH is not an approved certificate of the school.
        let unapproved = record(&uuid(21), SCHOOL, "021", "seal-p256");
        let (status, _) = p.submit_records(&p.school, "t7", &[unapproved], "seal-ed25519");
        assert_eq!(status, 200);
        let (_, st) = p.query(&p.school, TransactionType::SubmitStatus, "t7");
        let item = &st.danh_sach_hoc_ba.unwrap()[0];
        assert_eq!(item.error.as_deref(), Some("seal_not_approved"));
        assert_eq!(item.error_field_title.as_deref(), Some("KY_PHAT_HANH"));

        assert_eq!(stored(&p).0, before.0, "no record stored by any of these");
        assert_eq!(stored(&p).1, before.1 + 1, "only t7 was a transaction");
    });
}

#[test]
fn a_recall_by_another_school_is_refused() {
    each_db(|db| {
        let p = Portal::start(db);
        p.submit_records(
            &p.school,
            "m",
            &[record(&uuid(30), SCHOOL, "030", "seal-p384")],
            "seal-ed25519",
        );
        assert_eq!(p.count(Counted::Records), 1);
        let entry = RecallEntry {
            ma_tra_cuu_uuid: uuid(30),
            ho_va_ten: "Nguyễn Văn An".into(),
            gioi_tinh: "Nam".into(),
            ngay_sinh: "17/05/2017".into(),
            so_cccd: "001217000030".into(),
            ten_truong: "x".into(),
            ma_truong: SCHOOL.into(),
            ten_nam_hoc: "2025-2026".into(),
        };
        let content = pack(&recall_list_to_xml(&[entry]), QuoteEscape::Backslash).unwrap();
        let req = p.signed(
            p.auth(&p.other, TransactionType::Recall, "r-other"),
            content,
            "seal-rsa",
        );
        let (status, resp) = p.send(&req);
        assert_eq!(
            (status, resp.response_code.as_str()),
            (403, "not_own_record")
        );
        let (status, _) = p.query(&p.other, TransactionType::RecallStatus, "r-other");
        assert_eq!(status, 404, "nothing stored");
    });
}

#[test]
fn unsigned_altered_or_half_signed_records_are_rejected() {
    let p = Portal::start("sqlite");
    let unsigned = String::from_utf8(unsigned_record(
        &uuid(40),
        SCHOOL,
        "040",
        "Trường Tiểu học Thử Nghiệm Số 1",
    ))
    .unwrap();
    let altered = record(&uuid(41), SCHOOL, "041", "seal-p384")
        .replace("<MA_KHOI>5</MA_KHOI>", "<MA_KHOI>4</MA_KHOI>");
    // The strict reader refuses a record without a required field, before any signature.
    let broken = record(&uuid(42), SCHOOL, "042", "seal-p384").replace("<TEN_LOP>5A</TEN_LOP>", "");
    let (status, _) =
        p.submit_records(&p.school, "m", &[unsigned, altered, broken], "seal-ed25519");
    assert_eq!(status, 200);
    let (_, st) = p.query(&p.school, TransactionType::SubmitStatus, "m");
    let items = st.danh_sach_hoc_ba.unwrap();
    assert!(items.iter().all(|i| i.trang_thai == 0), "{items:?}");
    assert_eq!(
        items[0].error_field_title.as_deref(),
        Some("CBQL"),
        "{:?}",
        items[0]
    );
    assert_eq!(items[0].error.as_deref(), Some("missing_signature"));
    assert_eq!(
        items[1].error_field_title.as_deref(),
        Some("GVCN"),
        "{:?}",
        items[1]
    );
    assert!(items[2].error.is_some());
    assert_eq!(p.count(Counted::Records), 0);
}

#[test]
fn injection_and_traversal_attempts_change_nothing() {
    let p = Portal::start("sqlite");
    p.submit_records(
        &p.school,
        "m",
        &[record(&uuid(50), SCHOOL, "050", "seal-p384")],
        "seal-ed25519",
    );
    let before = p.count(Counted::Records);
    let evil = "' OR '1'='1' --";
    let (status, html) = p.form(
        "/tra-cuu",
        &[
            ("ma_tra_cuu_uuid", evil),
            ("ho_va_ten", evil),
            ("ngay_sinh", evil),
            ("so_cccd", evil),
        ],
    );
    assert_eq!(status, 404);
    assert!(!html.contains(&uuid(50)));
    // A uuid-shaped code with the right code but injected other fields finds nothing.
    let (status, _) = p.form(
        "/tra-cuu",
        &[
            ("ma_tra_cuu_uuid", &uuid(50)),
            ("ho_va_ten", evil),
            ("ngay_sinh", evil),
            ("so_cccd", "1' OR 1=1 --"),
        ],
    );
    assert_eq!(status, 404);
    let mut a = p.auth(&p.school, TransactionType::SubmitStatus, "m");
    a.user_name = "truong-1' OR '1'='1".into();
    let (status, _) = p.send(&hocba_core::exchange::Request {
        authentication_request: a,
        content: None,
        signature: None,
        certificate: None,
    });
    assert_eq!(status, 401);
    let (status, resp) = p.query(
        &p.school,
        TransactionType::SubmitStatus,
        "m'; DROP TABLE records; --",
    );
    assert_eq!(
        (status, resp.response_code.as_str()),
        (400, "invalid_field")
    );
    for path in [
        "/tra-cuu/../../etc/passwd",
        "/api/v1/operator/certificates/..%2F..%2Fetc%2Fpasswd/approve",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let mut res = p
            .agent
            .post(format!("{}{path}", p.base))
            .header("authorization", format!("Bearer {OPERATOR_TOKEN}"))
            .send_empty()
            .unwrap();
        let body = res.body_mut().read_to_string().unwrap_or_default();
        assert!(!body.contains("root:"), "{path}");
        assert!(
            matches!(res.status().as_u16(), 404 | 405 | 409),
            "{path}: {}",
            res.status()
        );
    }
    assert_eq!(p.count(Counted::Records), before);
    let (_, check) = p.operator_get("/api/v1/operator/audit");
    assert!(check["first_break"].is_null());
}

#[test]
fn the_lookup_page_works_without_javascript_and_is_vietnamese_first() {
    let p = Portal::start("sqlite");
    let mut res = p.agent.get(format!("{}/tra-cuu", p.base)).call().unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let html = res.body_mut().read_to_string().unwrap();
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Tra cứu học bạ số"));
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(html.contains("method=\"post\" action=\"/tra-cuu\""));
    assert!(html.contains("enctype=\"multipart/form-data\""));

    // Upload: the stored copy is recognised; a changed byte is not.
    let own = record(&uuid(60), SCHOOL, "060", "seal-p384");
    p.submit_records(&p.school, "m", std::slice::from_ref(&own), "seal-ed25519");
    let upload = |doc: &str| {
        let body = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a.xml\"\r\n\
             Content-Type: application/xml\r\n\r\n{doc}\r\n--XyZ--\r\n"
        );
        let mut res = p
            .agent
            .post(format!("{}/tra-cuu/tai-len", p.base))
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .send(body.as_bytes())
            .unwrap();
        (
            res.status().as_u16(),
            res.body_mut().read_to_string().unwrap(),
        )
    };
    let (status, html) = upload(&own);
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Tệp trùng khớp với bản lưu"));
    let (status, html) = upload(&own.replace("Nguyễn Văn An", "Nguyễn Văn Ân"));
    assert_eq!(status, 200);
    assert!(html.contains("Tệp KHÁC bản lưu"));
    let element = own[own.find("<HOC_BA>").unwrap()..].trim_end();
    assert_eq!(record_document(element), own);

    // A PDF rendered from the signed XML: the core verifies the PDF (pages against the
    // embedded XML), and the embedded XML is compared with the stored copy.
    let now = hocba_core::UnixTime::from_secs(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    let (pdf, _) = hocba_core::render::render_signed_xml(
        own.as_bytes(),
        &trust(),
        now,
        hocba_core::xmldsig::RequiredRoles::All,
    )
    .unwrap();
    let upload_bytes = |name: &str, data: &[u8]| {
        let mut body = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n--XyZ--\r\n");
        let mut res = p
            .agent
            .post(format!("{}/tra-cuu/tai-len", p.base))
            .header("content-type", "multipart/form-data; boundary=XyZ")
            .send(&body[..])
            .unwrap();
        (
            res.status().as_u16(),
            res.body_mut().read_to_string().unwrap(),
        )
    };
    let (status, html) = upload_bytes("hoc-ba.pdf", &pdf);
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("các trang được in từ đúng học bạ đã ký kèm theo"),
        "{html}"
    );
    assert!(html.contains("Chữ ký hợp lệ"), "{html}");
    assert!(html.contains("Tệp trùng khớp với bản lưu"), "{html}");
    // Bytes that are neither a PDF nor UTF-8 XML are refused with a page, not an error.
    let (status, html) = upload_bytes("x.bin", &[0xff, 0xfe, 0x00, 0x9f]);
    assert_eq!(status, 400, "{html}");
    assert!(
        html.contains("Tệp không phải học bạ XML (UTF-8) hay PDF"),
        "{html}"
    );
}

/// A school's own transactions are limited only once its credentials are checked (ADR 0234):
/// requests that name its `user_name` with wrong credentials never spend its limit, so nobody
/// can keep it answered `rate_limited`. Failed authentications are bounded per client address.
#[test]
fn rate_limits_are_charged_after_authentication() {
    each_db(|db| {
        let p = Portal::start_configured(db, hocba_server::Role::Province, None, |c| {
            c.transactions_per_minute = 3;
        });
        let mut junk = p.auth(&p.school, TransactionType::SubmitStatus, "q-1");
        junk.token = "not-the-token".into();
        let junk = hocba_core::exchange::Request {
            authentication_request: junk,
            content: None,
            signature: None,
            certificate: None,
        };
        for _ in 0..10 {
            let (status, resp) = p.send(&junk);
            assert_eq!((status, resp.response_code.as_str()), (401, "auth_failed"));
        }
        // The school's own requests: its three a minute, then its limit.
        for _ in 0..3 {
            let (status, resp) = p.query(&p.school, TransactionType::SubmitStatus, "q-1");
            assert_eq!(
                (status, resp.response_code.as_str()),
                (404, "unknown_messageid"),
                "{db}"
            );
        }
        let (status, resp) = p.query(&p.school, TransactionType::SubmitStatus, "q-1");
        assert_eq!((status, resp.response_code.as_str()), (429, "rate_limited"));
        // Another school's limit is its own.
        let (status, _) = p.query(&p.other, TransactionType::SubmitStatus, "q-1");
        assert_eq!(status, 404);

        // Failed authentications: two a minute from an address, then that address is refused
        // before its credentials are checked.
        let p = Portal::start_configured(db, hocba_server::Role::Province, None, |c| {
            c.auth_failures_per_minute = 2;
        });
        for _ in 0..2 {
            let (status, _) = p.send(&junk);
            assert_eq!(status, 401);
        }
        let (status, resp) = p.send(&junk);
        assert_eq!((status, resp.response_code.as_str()), (429, "rate_limited"));
        assert!(
            resp.response_description_en
                .contains("failed authentications")
        );
    });
}

/// ADR 0103 step 6 with the pupil found as the lookup finds her (ADR 0235): a second record of
/// one school year for the same personal ID under another pupil code is `already_issued` — not
/// accepted, which would make her học bạ `duplicate_year` at every lookup — and so is one for
/// the same pupil code under another personal ID.
#[test]
fn a_second_record_of_the_same_pupil_year_is_refused_by_personal_id_or_pupil_code() {
    use hocba_core::model::{PersonalId, PupilCode};
    each_db(|db| {
        let p = Portal::start(db);
        let first = record(&uuid(1), SCHOOL, "001", "seal-p384");
        let (status, _) = p.submit_records(&p.school, "m-1", &[first], "seal-ed25519");
        assert_eq!(status, 200);
        let same_cccd = record_edited(&uuid(2), SCHOOL, "001", "seal-p384", 4, |r| {
            r.pupil.pupil_code = Some(PupilCode::try_from("HS999").unwrap());
        });
        let same_code = record_edited(&uuid(3), SCHOOL, "001", "seal-p384", 4, |r| {
            r.pupil.personal_id = Some(PersonalId::try_from("001217000777").unwrap());
        });
        let other_pupil = record(&uuid(4), SCHOOL, "002", "seal-p384");
        let (status, _) = p.submit_records(
            &p.school,
            "m-2",
            &[same_cccd, same_code, other_pupil],
            "seal-ed25519",
        );
        assert_eq!(status, 200);
        let (_, st) = p.query(&p.school, TransactionType::SubmitStatus, "m-2");
        let items = st.danh_sach_hoc_ba.unwrap();
        let got: Vec<(u8, Option<&str>, Option<&str>)> = items
            .iter()
            .map(|i| {
                (
                    i.trang_thai,
                    i.error.as_deref(),
                    i.error_field_title.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (0, Some("already_issued"), Some("SO_CCCD")),
                (0, Some("already_issued"), Some("MA_HOC_SINH")),
                (1, None, None),
            ],
            "{db}"
        );
        assert_eq!(p.count(Counted::Records), 2);
    });
}

/// `add-account` hands the token and password (shown once) over before committing: when
/// standard output cannot be written nothing is created, the same user name can be added again,
/// and adding it a second time is a bilingual error, never a panic (exit 101) or the database's
/// raw message. `check-audit` into a full disk or a closed pipe fails with exit 1, no panic.
#[test]
fn server_commands_fail_cleanly_when_their_output_cannot_be_written() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("db.sqlite").display());
    let run = |args: &[&str], stdout: Stdio| {
        let out = Command::new(env!("CARGO_BIN_EXE_hocba-server"))
            .args(["--db", &db])
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        (out.status.code(), out.stdout, stderr)
    };
    let full = || Stdio::from(std::fs::File::create("/dev/full").unwrap());
    let add = [
        "add-account",
        "--unit",
        "49TH0099",
        "--name",
        "Trường X",
        "--user",
        "truong-x",
    ];

    let (code, _, stderr) = run(&add, full());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("không ghi được") && stderr.contains("was not created"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&add, Stdio::piped());
    assert_eq!(code, Some(0), "{stderr}");
    let c: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(c["user_name"], "truong-x");
    let (code, _, stderr) = run(&add, Stdio::piped());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("đã có tài khoản") && stderr.contains("already has an account"),
        "{stderr}"
    );

    let (code, _, stderr) = run(&["check-audit"], full());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let (code, _, stderr) = run(&["check-audit"], Stdio::from(writer));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["check-audit"], Stdio::piped());
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.is_empty());
}

/// `hocba-server backup` copies the SQLite store while the portal serves and submissions are
/// committed: the copy holds whole transactions only, its audit chain verifies, it is one
/// file; an existing target is never replaced, and `check-audit` or `backup` of a database
/// that does not exist creates nothing.
#[test]
fn backup_copies_a_serving_sqlite_store_consistently() {
    use std::process::Command;
    let p = Portal::start("sqlite");
    let db_path = p.sqlite_path().unwrap();
    let db = format!("sqlite:{}", db_path.display());
    let dir = tempfile::tempdir().unwrap();
    let server = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_hocba-server"))
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        (out.status.code(), out.stdout, stderr)
    };
    let records: Vec<String> = (0..40)
        .map(|i| {
            record(
                &uuid(100 + i),
                SCHOOL,
                &format!("{:03}", 100 + i),
                "seal-p384",
            )
        })
        .collect();
    std::thread::scope(|s| {
        // Twenty transactions of two records while three backups are taken.
        let submitting = s.spawn(|| {
            for (i, pair) in records.chunks(2).enumerate() {
                let (status, resp) =
                    p.submit_records(&p.school, &format!("msg-{i}"), pair, "seal-ed25519");
                assert_eq!(status, 200, "{resp:?}");
            }
        });
        for n in 0..3 {
            let to = dir.path().join(format!("copy-{n}.db"));
            let (code, stdout, stderr) =
                server(&["--db", &db, "backup", "--to", to.to_str().unwrap()]);
            assert_eq!(code, Some(0), "{stderr}");
            let v: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
            assert!(v["audit"]["first_break"].is_null(), "{v}");
            assert_eq!(
                v["records"].as_i64().unwrap() % 2,
                0,
                "whole transactions: {v}"
            );
            assert_eq!(
                v["bytes"].as_u64(),
                Some(std::fs::metadata(&to).unwrap().len())
            );
        }
        submitting.join().unwrap();
    });
    // Once the submissions are done, a copy holds all forty and the same audit head.
    let last = dir.path().join("last.db");
    let (code, stdout, stderr) = server(&["--db", &db, "backup", "--to", last.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    assert_eq!(v["records"], 40);
    let (code, original, stderr) = server(&["--db", &db, "check-audit"]);
    assert_eq!(code, Some(0), "{stderr}");
    let original: serde_json::Value = serde_json::from_slice(&original).unwrap();
    assert_eq!(v["audit"], original);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["copy-0.db", "copy-1.db", "copy-2.db", "last.db"]);

    // Never replaced; never a new empty database for a typo.
    let before = std::fs::read(&last).unwrap();
    let (code, _, stderr) = server(&["--db", &db, "backup", "--to", last.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("đã tồn tại") && stderr.contains("already exists"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&last).unwrap(), before);
    let missing = dir.path().join("missing.db");
    let missing_db = format!("sqlite:{}", missing.display());
    for args in [
        vec!["--db", &missing_db, "check-audit"],
        vec!["--db", &missing_db, "backup", "--to", "/dev/null/x.db"],
    ] {
        let (code, _, stderr) = server(&args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(stderr.contains("no database file"), "{stderr}");
        assert!(!missing.exists(), "{args:?} created the database");
    }
}

/// What axum refuses before a handler runs is answered in the endpoint's JSON shape with a
/// hocba code in both languages (ADR 0236), never axum's English text/plain.
#[test]
fn refusals_before_the_handler_are_json_with_hocba_codes() {
    let p = Portal::start("sqlite");
    // Transactions: the spec's reply.
    let big = vec![b' '; hocba_server::MAX_TRANSACTION_BODY + 1];
    let (status, resp) = p.send_raw(&big);
    assert_eq!(
        (status, resp.response_code.as_str()),
        (413, "content_too_large")
    );
    assert!(resp.error && !resp.response_description.is_empty());

    let json_of = |res: &mut ureq::http::Response<ureq::Body>| {
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(ct.as_deref(), Some("application/json"));
        let v: serde_json::Value = res.body_mut().read_json().unwrap();
        assert!(
            v["message_vi"].is_string() && v["message_en"].is_string(),
            "{v}"
        );
        v["error"].as_str().unwrap().to_owned()
    };
    // Operator: a path or a query that does not parse.
    let (status, v) = p.operator_post("/api/v1/operator/recalls/x/99999999999999999999/approve");
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid_path")));
    let (status, v) = p.operator_get("/api/v1/operator/audit?seq=abc");
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid_query")));
    // The lookup API: a body that is not the query's JSON.
    let lookup = format!("{}/api/v1/tra-cuu", p.base);
    for (ct, body, want) in [
        ("application/json", "{}", (400, "invalid_request")),
        ("application/json", "not json", (400, "invalid_request")),
        ("text/plain", "{}", (415, "invalid_content_type")),
    ] {
        let mut res = p
            .agent
            .post(&lookup)
            .header("content-type", ct)
            .send(body)
            .unwrap();
        let status = res.status().as_u16();
        assert_eq!((status, json_of(&mut res).as_str()), want, "{ct} {body}");
    }
    let mut res = p
        .agent
        .post(format!("{}/api/v1/tra-cuu/tai-len", p.base))
        .header("content-type", "application/json")
        .send("{}")
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    assert_eq!(json_of(&mut res), "invalid_request");
}

/// An address no route serves and a method an address does not take are answered in the
/// address's shape with a hocba code in both languages (ADR 0236), not axum's empty answers; a
/// lookup form that does not parse is a page, never serde's text quoting what was typed.
#[test]
fn unknown_addresses_wrong_methods_and_bad_forms_are_answered_in_the_addresses_shape() {
    let p = Portal::start("sqlite");
    let get = |path: &str| {
        let mut res = p.agent.get(format!("{}{path}", p.base)).call().unwrap();
        let ct = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let allow = res
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        (
            res.status().as_u16(),
            ct,
            allow,
            res.body_mut().read_to_string().unwrap(),
        )
    };
    // The transaction endpoint: the specification's Response.
    let (status, ct, allow, body) = get("/api/v1/giao-dich");
    assert_eq!(
        (status, ct.as_str(), allow.as_deref()),
        (405, "application/json", Some("POST"))
    );
    let resp: hocba_core::exchange::Response = serde_json::from_str(&body).unwrap();
    assert_eq!(resp.response_code, "method_not_allowed");
    assert!(
        resp.error && resp.response_description_en.contains("method"),
        "{body}"
    );
    // Another API: {error, message_vi, message_en}.
    for (path, want) in [
        ("/api/v1/khong-co", (404, "not_found")),
        ("/api/v1/tra-cuu", (405, "method_not_allowed")),
    ] {
        let (status, ct, _, body) = get(path);
        assert_eq!(
            (status, ct.as_str()),
            (want.0, "application/json"),
            "{path}"
        );
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["error"].as_str(), Some(want.1), "{path}");
        assert!(
            v["message_vi"].is_string() && v["message_en"].is_string(),
            "{v}"
        );
    }
    // A page: HTML in Vietnamese with the English beside it.
    let (status, ct, _, body) = get("/tra-cuu/khong-co");
    assert_eq!((status, ct.as_str()), (404, "text/html; charset=utf-8"));
    assert!(
        body.contains("không có địa chỉ này") && body.contains("no such address"),
        "{body}"
    );
    let (status, ct, allow, body) = get("/tra-cuu/ban-sao");
    assert_eq!(
        (status, ct.as_str(), allow.as_deref()),
        (405, "text/html; charset=utf-8", Some("POST"))
    );
    assert!(body.contains("does not take"), "{body}");
    // A form missing fields, with a name typed in it: a page that quotes nothing.
    let mut res = p
        .agent
        .post(format!("{}/tra-cuu", p.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .send("ho_va_ten=Nguy%E1%BB%85n+Th%E1%BB%8B+Qa")
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body = res.body_mut().read_to_string().unwrap();
    assert!(
        body.contains("<!DOCTYPE html>") && body.contains("cannot be read"),
        "{body}"
    );
    assert!(
        !body.contains("Nguyễn") && !body.contains("deserialize"),
        "{body}"
    );
    // The page's upload that is not multipart.
    let mut res = p
        .agent
        .post(format!("{}/tra-cuu/tai-len", p.base))
        .header("content-type", "application/json")
        .send("{}")
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body = res.body_mut().read_to_string().unwrap();
    assert!(body.contains("<!DOCTYPE html>"), "{body}");
}

/// Behind a reverse proxy the per-address limits key the client the proxy reports in
/// `X-Forwarded-For` — only when the peer is a proxy the operator named (`--trusted-proxy`):
/// citizens behind it do not share one bucket, and the header of anyone else is ignored.
#[test]
fn the_lookup_limit_keys_the_client_a_trusted_proxy_reports() {
    let lookup = |p: &Portal, forwarded_for: &str| {
        let q = serde_json::json!({
            "ma_tra_cuu_uuid": uuid(9), "ho_va_ten": "A",
            "ngay_sinh": "02/07/2014", "so_cccd": "001217000009",
        });
        p.agent
            .post(format!("{}/api/v1/tra-cuu", p.base))
            .header("content-type", "application/json")
            .header("x-forwarded-for", forwarded_for)
            .send(q.to_string())
            .unwrap()
            .status()
            .as_u16()
    };
    let behind_proxy =
        Portal::start_configured("sqlite", hocba_server::Role::Province, None, |c| {
            c.lookups_per_minute = 2;
            c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        });
    // Five citizens, one lookup each (a forged entry left of the proxy's is not the client).
    let statuses: Vec<u16> = (1..=5)
        .map(|i| lookup(&behind_proxy, &format!("198.51.100.1, 203.0.113.{i}")))
        .collect();
    assert_eq!(statuses, [404; 5]);
    // One citizen past her limit.
    let statuses: Vec<u16> = (0..3)
        .map(|_| lookup(&behind_proxy, "203.0.113.1"))
        .collect();
    assert_eq!(statuses, [404, 429, 429]);

    // Without --trusted-proxy the header is ignored: the peer is the client.
    let direct = Portal::start_configured("sqlite", hocba_server::Role::Province, None, |c| {
        c.lookups_per_minute = 2;
    });
    let statuses: Vec<u16> = (1..=3)
        .map(|i| lookup(&direct, &format!("203.0.113.{i}")))
        .collect();
    assert_eq!(statuses, [404, 404, 429]);
}
