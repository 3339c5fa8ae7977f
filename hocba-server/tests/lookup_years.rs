//! The lookup page and API verify a pupil's records across years as one học bạ (ADR 0170,
//! ADR 0200): the stored years of the pupil a lookup names, with the portal's recalls and
//! replacements, and several uploaded files (XML records, or a PDF embedding several years) —
//! per-year results and the cross-year findings — on SQLite, and on PostgreSQL when
//! `HOCBA_TEST_POSTGRES` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use hocba_core::exchange::{QuoteEscape, RecallEntry, TransactionType, pack, recall_list_to_xml};
use hocba_server::store::Counted;

fn each_db(test: impl Fn(&str)) {
    for db in databases() {
        eprintln!("-- on {db}");
        test(db);
    }
}

const CCCD: &str = "001217000070";

/// The four fields of the lookup form for the record `uuid` of pupil 070.
fn fields(uuid: &str, birth: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ma_tra_cuu_uuid", uuid.to_owned()),
        ("ho_va_ten", "Nguyễn Văn An".to_owned()),
        ("ngay_sinh", birth.to_owned()),
        ("so_cccd", CCCD.to_owned()),
    ]
}

fn lookup_page(p: &Portal, f: &[(&'static str, String)]) -> String {
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, html) = p.form("/tra-cuu", &f);
    assert_eq!(status, 200, "{html}");
    html
}

fn lookup_api(p: &Portal, f: &[(&'static str, String)]) -> serde_json::Value {
    let body: serde_json::Map<String, serde_json::Value> = f
        .iter()
        .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(v.as_str())))
        .collect();
    let mut res = p
        .agent
        .post(format!("{}/api/v1/tra-cuu", p.base))
        .send_json(&body)
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.body_mut().read_json().unwrap()
}

/// Every revision of the API's transcript as (school year, lookup code, current, recalled).
fn revisions(t: &serde_json::Value) -> Vec<(String, String, bool, bool)> {
    let mut out = Vec::new();
    for y in t["years"].as_array().unwrap() {
        for r in y["revisions"].as_array().unwrap() {
            out.push((
                y["school_year"].as_str().unwrap().to_owned(),
                r["ma_tra_cuu_uuid"].as_str().unwrap().to_owned(),
                r["current"].as_bool().unwrap(),
                r["recalled"].as_bool().unwrap(),
            ));
        }
    }
    out
}

fn recall(p: &Portal, uuid: &str, birth: &str, messageid: &str) {
    let entry = RecallEntry {
        ma_tra_cuu_uuid: uuid.to_owned(),
        ho_va_ten: "Nguyễn Văn An".into(),
        gioi_tinh: "Nam".into(),
        ngay_sinh: birth.to_owned(),
        so_cccd: CCCD.into(),
        ten_truong: "Trường Tiểu học Thử Nghiệm Số 1".into(),
        ma_truong: SCHOOL.into(),
        ten_nam_hoc: "2020-2021".into(),
    };
    let content = pack(
        &recall_list_to_xml(std::slice::from_ref(&entry)),
        QuoteEscape::Backslash,
    )
    .unwrap();
    let req = p.signed(
        p.auth(&p.school, TransactionType::Recall, messageid),
        content,
        "seal-ed25519",
    );
    let (status, resp) = p.send(&req);
    assert_eq!(status, 200, "{resp:?}");
    let (status, _) = p.operator_post(&format!("/api/v1/operator/recalls/{messageid}/0/approve"));
    assert_eq!(status, 200);
}

#[test]
fn a_lookup_verifies_the_pupils_stored_years_as_one() {
    each_db(|db| {
        let p = Portal::start(db);
        let first = record_at(&uuid(70), SCHOOL, "070", "seal-p384", 0);
        let second = record_at(&uuid(71), SCHOOL, "070", "seal-p384", 1);
        let birth = birth_date(&first);
        let (status, _) = p.submit_records(&p.school, "y-1", &[first, second], "seal-ed25519");
        assert_eq!(status, 200);
        assert_eq!(p.count(Counted::Records), 2);

        // Two consecutive years, grade 1 then 2: valid as one, shown year by year.
        let f = fields(&uuid(71), &birth);
        let html = lookup_page(&p, &f);
        assert!(html.contains("Học bạ qua các năm học"), "{html}");
        assert!(html.contains("data-transcript-status=\"valid\""), "{html}");
        assert!(html.contains("2020-2021") && html.contains("2021-2022"));
        assert!(html.contains(&uuid(70)), "the other year is listed");
        assert!(!html.contains("<script"));
        let json = lookup_api(&p, &f);
        let t = &json["transcript"];
        assert_eq!(t["status"], "valid", "{t}");
        assert_eq!(
            revisions(t),
            vec![
                ("2020-2021".into(), uuid(70), true, false),
                ("2021-2022".into(), uuid(71), true, false),
            ]
        );
        assert_eq!(
            t["years"][1]["revisions"][0]["signers"][2]["role"],
            "KY_PHAT_HANH"
        );
        // Signing times: RFC 3339 in JSON, Vietnam time on the page (as on the PDF).
        let signed_at = t["years"][1]["revisions"][0]["signers"][2]["signed_at"]
            .as_str()
            .unwrap()
            .to_owned();
        let at = hocba_core::UnixTime::parse_rfc3339(&signed_at).expect("RFC 3339 in JSON");
        assert!(html.contains(&at.to_vietnam_display()), "{html}");
        assert!(!html.contains(&signed_at), "{html}");

        // The first year recalled and not yet replaced: the whole is not valid, and says why.
        recall(&p, &uuid(70), &birth, "r-1");
        let html = lookup_page(&p, &f);
        assert!(
            html.contains("data-transcript-status=\"invalid\""),
            "{html}"
        );
        assert!(
            html.contains("đã bị thu hồi và không có hồ sơ thay thế"),
            "{html}"
        );
        let t = lookup_api(&p, &f)["transcript"].clone();
        assert_eq!(t["error"], "year_recalled", "{t}");
        assert_eq!(t["issues"][0]["code"], "year_recalled");

        // The school's replacement (new lookup code) is linked to it: valid again, the recalled
        // record listed before the one in force.
        let replacement = record_at(&uuid(72), SCHOOL, "070", "seal-p384", 0);
        let (status, _) = p.submit_records(&p.school, "y-2", &[replacement], "seal-ed25519");
        assert_eq!(status, 200);
        let t = lookup_api(&p, &f)["transcript"].clone();
        assert_eq!(t["status"], "valid", "{t}");
        assert_eq!(
            revisions(&t),
            vec![
                ("2020-2021".into(), uuid(70), false, true),
                ("2020-2021".into(), uuid(72), true, false),
                ("2021-2022".into(), uuid(71), true, false),
            ]
        );

        // A year skipped (grade 4 after grade 2): the cross-year TT27 rule finds it.
        let fourth = record_at(&uuid(73), SCHOOL, "070", "seal-p384", 3);
        p.submit_records(&p.school, "y-3", &[fourth], "seal-ed25519");
        let html = lookup_page(&p, &f);
        assert!(
            html.contains("data-transcript-status=\"invalid\""),
            "{html}"
        );
        assert!(
            html.contains("Các năm học không liên tiếp"),
            "the finding, in Vietnamese: {html}"
        );
        let t = lookup_api(&p, &f)["transcript"].clone();
        let codes: Vec<&str> = t["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&"school_years_not_consecutive"), "{t}");
    });
}

/// A multipart body of `files` (name, bytes) under the field `tep`.
fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, data) in files {
        body.extend_from_slice(
            format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XyZ--\r\n");
    body
}

fn post_upload(p: &Portal, path: &str, files: &[(&str, &[u8])]) -> (u16, String) {
    let mut res = p
        .agent
        .post(format!("{}{path}", p.base))
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .send(&multipart(files)[..])
        .unwrap();
    (
        res.status().as_u16(),
        res.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn several_uploaded_years_are_verified_together() {
    let p = Portal::start("sqlite");
    let first = record_at(&uuid(80), SCHOOL, "080", "seal-p384", 0);
    let second = record_at(&uuid(81), SCHOOL, "080", "seal-p384", 1);
    let third = record_at(&uuid(83), SCHOOL, "080", "seal-p384", 3);
    p.submit_records(
        &p.school,
        "u-1",
        std::slice::from_ref(&first),
        "seal-ed25519",
    );
    let audit = p.count(Counted::Audit);

    // Two consecutive years (the first stored, the second not): each year's own result, and
    // the two together valid.
    let (status, html) = post_upload(
        &p,
        "/tra-cuu/tai-len",
        &[
            ("lop1.xml", first.as_bytes()),
            ("lop2.xml", second.as_bytes()),
        ],
    );
    assert_eq!(status, 200, "{html}");
    assert_eq!(html.matches("<section class=\"nam-hoc\">").count(), 2);
    assert!(html.contains("Tệp trùng khớp với bản lưu"));
    assert!(html.contains("Cổng không lưu học bạ nào với mã tra cứu này"));
    assert!(html.contains("data-transcript-status=\"valid\""), "{html}");
    assert_eq!(
        p.count(Counted::Audit),
        audit + 2,
        "each record checked is audited"
    );

    // A gap: the cross-year finding, in the JSON twin too.
    let (status, text) = post_upload(
        &p,
        "/api/v1/tra-cuu/tai-len",
        &[
            ("lop1.xml", first.as_bytes()),
            ("lop4.xml", third.as_bytes()),
        ],
    );
    assert_eq!(status, 200, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["years"].as_array().unwrap().len(), 2);
    assert_eq!(json["years"][0]["equals_stored"], true);
    assert_eq!(json["years"][1]["stored"], false);
    assert_eq!(json["years"][1]["verification"]["valid"], true);
    assert_eq!(json["transcript"]["status"], "invalid");
    assert!(
        json["transcript"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "school_years_not_consecutive"),
        "{json}"
    );
    // Two pupils' records are not one học bạ.
    let other = record_at(&uuid(90), SCHOOL, "090", "seal-p384", 1);
    let (_, text) = post_upload(
        &p,
        "/api/v1/tra-cuu/tai-len",
        &[("a.xml", first.as_bytes()), ("b.xml", other.as_bytes())],
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["transcript"]["error"], "pupil_mismatch", "{json}");
    // One file: no cross-year section.
    let (_, text) = post_upload(
        &p,
        "/api/v1/tra-cuu/tai-len",
        &[("a.xml", first.as_bytes())],
    );
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(json["transcript"].is_null());
    // Nothing uploaded.
    let (status, text) = post_upload(&p, "/api/v1/tra-cuu/tai-len", &[]);
    assert_eq!(status, 400);
    assert!(text.contains("no_file"));
}

/// A transcript PDF the core renders from signed national XML records (each embedded byte for
/// byte), with each year's status as the PDF verifier will find it.
fn transcript_pdf(records: &[&str]) -> Vec<u8> {
    use hocba_core::render::{SignatureStatus, TranscriptInput, YearInput, render_transcript};
    let now = hocba_core::UnixTime::from_secs(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    let t = trust();
    let verifier = hocba_core::envelope::Verifier::new(&t, now);
    let years: Vec<(hocba_core::model::YearRecord, SignatureStatus)> = records
        .iter()
        .map(|x| {
            let record =
                hocba_core::moet::from_xml(x.as_bytes(), &hocba_core::moet::Profile::V2088_1_0)
                    .unwrap();
            let v = hocba_core::xmldsig::verify_year_record(
                x.as_bytes(),
                &verifier,
                &hocba_core::envelope::NoContentChecks,
            )
            .unwrap();
            (record, SignatureStatus::from_report(v.report()))
        })
        .collect();
    let pupil = years.last().unwrap().0.pupil.clone();
    render_transcript(&TranscriptInput {
        pupil: &pupil,
        enrolments: &[],
        years: years
            .iter()
            .zip(records)
            .map(|((record, status), x)| YearInput {
                record,
                signed: Some(x.as_bytes()),
                status: status.clone(),
            })
            .collect(),
    })
    .unwrap()
}

#[test]
fn a_pdf_of_several_years_shows_each_years_result() {
    each_db(|db| {
        let p = Portal::start(db);
        let first = record_at(&uuid(100), SCHOOL, "100", "seal-p384", 0);
        let second = record_at(&uuid(101), SCHOOL, "100", "seal-p384", 1);
        let birth = birth_date(&first);
        p.submit_records(
            &p.school,
            "p-1",
            &[first.clone(), second.clone()],
            "seal-ed25519",
        );
        // The first year recalled at the portal; the second altered after signing.
        let entry_birth = birth.clone();
        let recall_req = {
            let entry = RecallEntry {
                ma_tra_cuu_uuid: uuid(100),
                ho_va_ten: "Nguyễn Văn An".into(),
                gioi_tinh: "Nam".into(),
                ngay_sinh: entry_birth,
                so_cccd: "001217000100".into(),
                ten_truong: "Trường Tiểu học Thử Nghiệm Số 1".into(),
                ma_truong: SCHOOL.into(),
                ten_nam_hoc: "2020-2021".into(),
            };
            let content = pack(&recall_list_to_xml(&[entry]), QuoteEscape::Backslash).unwrap();
            p.signed(
                p.auth(&p.school, TransactionType::Recall, "p-r"),
                content,
                "seal-ed25519",
            )
        };
        assert_eq!(p.send(&recall_req).0, 200);
        assert_eq!(
            p.operator_post("/api/v1/operator/recalls/p-r/0/approve").0,
            200
        );
        let altered = second.replace("Nguyễn Văn An", "Nguyễn Văn Ân");
        let pdf = transcript_pdf(&[&first, &altered]);
        let audit = p.count(Counted::Audit);

        let (status, html) = post_upload(&p, "/tra-cuu/tai-len", &[("hoc-ba.pdf", &pdf)]);
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains("các trang được in từ đúng học bạ đã ký kèm theo"),
            "{html}"
        );
        let sections: Vec<&str> = html.split("<section class=\"nam-hoc\">").skip(1).collect();
        assert_eq!(sections.len(), 2, "one result per embedded year: {html}");
        assert!(sections[0].contains("hoc-ba.pdf › hocba-2020-2021-lop1.xml"));
        assert!(sections[0].contains("Chữ ký hợp lệ"), "{}", sections[0]);
        assert!(sections[0].contains("KY_PHAT_HANH"), "who signed");
        assert!(sections[0].contains("Tệp trùng khớp với bản lưu"));
        assert!(sections[0].contains("Học bạ này đã bị thu hồi"));
        assert!(sections[1].contains("hoc-ba.pdf › hocba-2021-2022-lop2.xml"));
        assert!(
            sections[1].contains("Không xác minh được"),
            "{}",
            sections[1]
        );
        assert!(sections[1].contains("Tệp KHÁC bản lưu"));
        assert!(html.contains("data-transcript-status=\"invalid\""));
        assert_eq!(p.count(Counted::Audit), audit + 2);

        let (status, text) = post_upload(&p, "/api/v1/tra-cuu/tai-len", &[("hoc-ba.pdf", &pdf)]);
        assert_eq!(status, 200, "{text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["pdfs"][0]["pages_match"], true, "{json}");
        let years = json["years"].as_array().unwrap();
        assert_eq!(years.len(), 2);
        assert_eq!(years[0]["nam_hoc"], "2020-2021");
        assert_eq!(years[0]["verification"]["valid"], true);
        assert_eq!(
            years[0]["verification"]["signers"][2]["role"],
            "KY_PHAT_HANH"
        );
        assert_eq!(years[0]["equals_stored"], true);
        assert_eq!(years[0]["trang_thai"], "recalled");
        assert_eq!(years[1]["nam_hoc"], "2021-2022");
        assert_eq!(years[1]["verification"]["valid"], false);
        assert!(
            years[1]["verification"]["error"]
                .as_str()
                .is_some_and(|c| !c.is_empty())
        );
        assert_eq!(years[1]["equals_stored"], false);
        assert_eq!(years[1]["trang_thai"], "issued");
        assert_eq!(json["transcript"]["status"], "invalid");
    });
}

#[test]
fn a_pupil_with_one_stored_year_is_one_valid_year() {
    let p = Portal::start("sqlite");
    let only = record(&uuid(110), SCHOOL, "110", "seal-p384");
    p.submit_records(
        &p.school,
        "o-1",
        std::slice::from_ref(&only),
        "seal-ed25519",
    );
    let f = vec![
        ("ma_tra_cuu_uuid", uuid(110)),
        ("ho_va_ten", "Nguyễn Văn An".to_owned()),
        ("ngay_sinh", birth_date(&only)),
        ("so_cccd", "001217000110".to_owned()),
    ];
    let t = lookup_api(&p, &f)["transcript"].clone();
    assert_eq!(t["status"], "valid", "{t}");
    assert_eq!(
        revisions(&t),
        vec![("2024-2025".into(), uuid(110), true, false)]
    );
    let html = lookup_page(&p, &f);
    assert!(html.contains("Các năm học xét chung: hợp lệ"), "{html}");
}
