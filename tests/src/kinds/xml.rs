//! Kind `xml`: the national XML of CV 2088 (profile 2088/1.0). Valid documents read to the
//! expected model (`json`), and, when `roundtrip` is true, write back to the same bytes;
//! hostile documents are refused with the exact code. Every hostile input is the full sample
//! record's XML with one targeted change, so each fails for exactly one reason.
//!
//! Fields: `type` (always `year_record`), `json` (ok cases), `roundtrip` (ok cases).

use std::io;
use std::path::Path;

use hocba_core::model::{YearRecord, to_json_pretty};
use hocba_core::moet::{self, Profile};

use super::Kind;
use crate::samples;
use crate::vectors::{Case, Expect, Out, read};

/// The kind.
pub const KIND: Kind = Kind {
    name: "xml",
    generate,
    run,
};

/// A national XML written by hand from the field table of CV 2088 Phụ lục 1.1 (not by hocba's
/// writer: different indentation, no QUA_TRINH_HOC_TAP, a vice-principal's own title), and
/// the model it must read to, built field by field in [`handwritten_expected`].
const HANDWRITTEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<HOC_BA>
<DU_LIEU_HOC_BA Id="data">
<THONG_TIN_CHUNG>
	<PHIEN_BAN>1.0</PHIEN_BAN>
	<THONG_TU>27/2020/TT-BGDĐT</THONG_TU>
	<MA_TRA_CUU_UUID>9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d</MA_TRA_CUU_UUID>
	<TEN_NAM_HOC>2024-2025</TEN_NAM_HOC>
	<MA_SO_GIAO_DUC>48</MA_SO_GIAO_DUC>
	<TEN_SO_GD>Sở Giáo dục và Đào tạo thành phố Đà Nẵng</TEN_SO_GD>
	<MA_TRUONG>48TH0099</MA_TRUONG>
	<TEN_TRUONG>Trường Tiểu học Lê Lai</TEN_TRUONG>
	<TEN_XA_PHUONG>Phường Hòa Khánh</TEN_XA_PHUONG>
	<TEN_TINH_THANH_PHO>Thành phố Đà Nẵng</TEN_TINH_THANH_PHO>
	<MA_CAP_HOC>1</MA_CAP_HOC>
	<SO_SO_DANG_BO>77/2021</SO_SO_DANG_BO>
	<HO_VA_TEN>Lê Thị Bích Ngọc</HO_VA_TEN>
	<SO_CCCD>048317004455</SO_CCCD>
	<MA_HOC_SINH>4800999001</MA_HOC_SINH>
	<GIOI_TINH>Nữ</GIOI_TINH>
	<NGAY_SINH>17/05/2017</NGAY_SINH>
	<CAN_NANG>24.5</CAN_NANG>
	<CHIEU_CAO>121</CHIEU_CAO>
	<TONG_SO_BUOI_NGHI_CO_PHEP>2</TONG_SO_BUOI_NGHI_CO_PHEP>
	<THONG_SO_BUOI_NGHI_KHONG_PHEP>0</THONG_SO_BUOI_NGHI_KHONG_PHEP>
	<NOI_SINH>Đà Nẵng</NOI_SINH>
	<QUE_QUAN>Hòa Vang, Đà Nẵng</QUE_QUAN>
	<CHO_O_HIEN_NAY>Tổ 3, Phường Hòa Khánh, Thành phố Đà Nẵng</CHO_O_HIEN_NAY>
	<DAN_TOC>Kinh</DAN_TOC>
	<QUOC_TICH>Việt Nam</QUOC_TICH>
	<HO_VA_TEN_ME>Nguyễn Thị Hoa</HO_VA_TEN_ME>
	<TEN_GIAM_HIEU_KY_HOC_BA>Trần Văn Bình</TEN_GIAM_HIEU_KY_HOC_BA>
	<SO_CCCD_GIAM_HIEU_KY_HOC_BA>048078001234</SO_CCCD_GIAM_HIEU_KY_HOC_BA>
	<DIA_DANH_PHAT_HANH_HOC_BA>Đà Nẵng</DIA_DANH_PHAT_HANH_HOC_BA>
	<NGAY_TAO_HOC_BA>2025-05-24T18:39:30+07:00</NGAY_TAO_HOC_BA>
	<NGAY_KY_PHAT_HANH_HOC_BA>2025-05-26T08:00:00+07:00</NGAY_KY_PHAT_HANH_HOC_BA>
	<CHUC_VU_GIAM_HIEU_KY_HOC_BA>Phó Hiệu trưởng</CHUC_VU_GIAM_HIEU_KY_HOC_BA>
	<TEN_GIAO_VIEN_CHU_NHIEM>Phan Thị Thu</TEN_GIAO_VIEN_CHU_NHIEM>
	<MA_KHOI>2</MA_KHOI>
	<TEN_LOP>2A</TEN_LOP>
	<NAM_HOC>2024</NAM_HOC>
</THONG_TIN_CHUNG>
<TONG_KET>
	<KET_QUA_XEP_LOAI>Hoàn thành</KET_QUA_XEP_LOAI>
	<DUOC_LEN_LOP>1</DUOC_LEN_LOP>
	<NOI_DUNG_HOAN_THANH_CHUONG_TRINH>Hoàn thành chương trình lớp 2; Được lên lớp 3.</NOI_DUNG_HOAN_THANH_CHUONG_TRINH>
	<DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>1</DA_HOAN_THANH_CHUONG_TRINH_LOP_HOC>
	<NHAN_XET_GVCN>Em chăm ngoan, tiến bộ.</NHAN_XET_GVCN>
	<BANG_DIEM>
		<MON_HOC><MA_MON_HOC>tieng_viet</MA_MON_HOC><TEN_MON_HOC>Tiếng Việt</TEN_MON_HOC><MUC_DAT_DUOC>Hoàn thành</MUC_DAT_DUOC><DIEM_KIEM_TRA_DINH_KY>7</DIEM_KIEM_TRA_DINH_KY></MON_HOC>
		<MON_HOC><MA_MON_HOC>ngoai_ngu_1</MA_MON_HOC><TEN_MON_HOC>Tiếng Anh</TEN_MON_HOC><MUC_DAT_DUOC>Hoàn thành tốt</MUC_DAT_DUOC></MON_HOC>
	</BANG_DIEM>
	<NANG_LUC_PHAM_CHAT>
		<NANG_LUC_TU_CHU_TU_HOC>Đạt</NANG_LUC_TU_CHU_TU_HOC>
		<PHAM_CHAT_CHAM_CHI>Tốt</PHAM_CHAT_CHAM_CHI>
		<NHAN_XET_PHAM_CHAT>Chăm chỉ, trung thực.</NHAN_XET_PHAM_CHAT>
	</NANG_LUC_PHAM_CHAT>
</TONG_KET>
</DU_LIEU_HOC_BA>
<DANH_SACH_THONG_TIN_KY/>
</HOC_BA>
"#;

/// What [`HANDWRITTEN`] must read to, written from the field table (not from the reader).
fn handwritten_expected() -> YearRecord {
    let json = r#"{
      "rule_set": "TT27/2020",
      "pupil": {
        "full_name": "Lê Thị Bích Ngọc", "gender": "F", "date_of_birth": "2017-05-17",
        "place_of_birth": "Đà Nẵng", "hometown": "Hòa Vang, Đà Nẵng", "ethnicity": 1,
        "nationality": "VN", "residence": {"detail": "Tổ 3, Phường Hòa Khánh, Thành phố Đà Nẵng"},
        "mother": {"full_name": "Nguyễn Thị Hoa"},
        "personal_id": "048317004455", "pupil_code": "4800999001"
      },
      "school": {
        "name": "Trường Tiểu học Lê Lai", "code": "48TH0099",
        "place": {"commune": {"name": "Phường Hòa Khánh"}, "province": {"name": "Thành phố Đà Nẵng"}},
        "department": {"code": "48", "name": "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"}
      },
      "school_year": "2024-2025", "grade": 2, "class_name": "2A",
      "homeroom_teacher": {"full_name": "Phan Thị Thu"},
      "principal": {"full_name": "Trần Văn Bình", "capacity": "kt_hieu_truong",
                    "personal_id": "048078001234", "title": "Phó Hiệu trưởng"},
      "height_mm": 1210, "weight_g": 24500,
      "subjects": [
        {"subject": "tieng_viet", "level": "H", "score": 7},
        {"subject": "ngoai_ngu_1", "language": "Tiếng Anh", "level": "T"}
      ],
      "qualities": [{"quality": "cham_chi", "level": "T"}],
      "competencies": [{"competency": "tu_chu_tu_hoc", "level": "D"}],
      "result": "ht",
      "completion": {"class_completed": true, "promotion": "len_lop"},
      "lookup_code": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
      "absences_excused": 2, "absences_unexcused": 0, "register_number": "77/2021",
      "comments": {"qualities": "Chăm chỉ, trung thực.", "homeroom": "Em chăm ngoan, tiến bộ."},
      "issuance": {"place": "Đà Nẵng", "created_at": "2025-05-24T18:39:30+07:00",
                   "issued_at": "2025-05-26T08:00:00+07:00"}
    }"#;
    hocba_core::model::year_record_from_json(json).expect("the expected model is valid JSON")
}

/// The record every hostile input starts from: the full sample, written by hocba.
fn base() -> String {
    String::from_utf8(moet::to_xml(&samples::full_record(), &Profile::default()))
        .expect("the writer writes UTF-8")
}

/// `base` with the one occurrence of `from` replaced by `to`.
fn edit(base: &str, from: &str, to: &str) -> io::Result<Vec<u8>> {
    match base.matches(from).count() {
        1 => Ok(base.replacen(from, to, 1).into_bytes()),
        n => Err(io::Error::other(format!("`{from}` occurs {n} times"))),
    }
}

fn nested(depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str("<X>");
    }
    for _ in 0..depth {
        s.push_str("</X>");
    }
    s
}

/// (name, expected code, description, bytes)
type Hostile = (&'static str, &'static str, &'static str, Vec<u8>);

/// Every hostile XML input.
pub fn hostile() -> io::Result<Vec<Hostile>> {
    let b = base();
    let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    let name = "<HO_VA_TEN>Trần Thị Ngọc Ánh</HO_VA_TEN>";
    let body = &b[decl.len()..];
    let laughs = "<!DOCTYPE HOC_BA [<!ENTITY a \"ha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>";
    let mut invalid_utf8 = edit(&b, name, "<HO_VA_TEN>Trần@</HO_VA_TEN>")?;
    if let Some(at) = invalid_utf8.iter().position(|&c| c == b'@') {
        invalid_utf8[at] = 0xff;
    }
    Ok(vec![
        ("doctype", "xml_doctype", "A DOCTYPE.", format!("{decl}<!DOCTYPE HOC_BA>\n{body}").into_bytes()),
        ("billion_laughs", "xml_doctype", "Nested entity declarations (billion laughs).", format!("{decl}{laughs}\n{}", body.replacen(name, "<HO_VA_TEN>&c;</HO_VA_TEN>", 1)).into_bytes()),
        ("xxe", "xml_doctype", "An external entity (XXE) reading a local file.", format!("{decl}<!DOCTYPE HOC_BA [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}", body.replacen(name, "<HO_VA_TEN>&x;</HO_VA_TEN>", 1)).into_bytes()),
        ("parameter_entity", "xml_doctype", "A parameter entity fetched from the network.", format!("{decl}<!DOCTYPE HOC_BA [<!ENTITY % p SYSTEM \"http://example.invalid/p.dtd\"> %p;]>\n{body}").into_bytes()),
        ("undeclared_entity", "xml_entity", "An entity reference without a declaration.", edit(&b, name, "<HO_VA_TEN>&x;</HO_VA_TEN>")?),
        ("html_entity", "xml_entity", "&nbsp; is not one of XML's five entities.", edit(&b, name, "<HO_VA_TEN>Trần&nbsp;Ánh</HO_VA_TEN>")?),
        ("deep_100000", "xml_too_large", "100,000 nested elements (beyond the node limit before any depth).", edit(&b, name, &format!("<HO_VA_TEN>{}</HO_VA_TEN>", nested(100_000)))?),
        ("deep_20", "xml_too_deep", "Twenty nested elements inside a leaf (beyond the depth limit).", edit(&b, name, &format!("<HO_VA_TEN>{}</HO_VA_TEN>", nested(20)))?),
        ("long_text", "xml_text_too_long", "A 70 kB text node (beyond the 64 KiB text limit).", edit(&b, name, &format!("<HO_VA_TEN>{}</HO_VA_TEN>", "a".repeat(70_000)))?),
        ("model_text_too_long", "xml_text_too_long", "A 3 kB name (beyond the model's 2000-byte text).", edit(&b, name, &format!("<HO_VA_TEN>{}</HO_VA_TEN>", "a".repeat(3_000)))?),
        ("invalid_utf8", "xml_invalid_utf8", "A byte that is not UTF-8 in the pupil's name.", invalid_utf8),
        ("nfd_text", "xml_not_nfc", "The pupil's name in NFD (decomposed marks).", edit(&b, name, "<HO_VA_TEN>Tra\u{302}\u{300}n Thi\u{323} Ngo\u{323}c A\u{301}nh</HO_VA_TEN>")?),
        ("nfd_by_reference", "xml_not_nfc", "A combining mark written as a character reference, making NFD text.", edit(&b, name, "<HO_VA_TEN>A&#x301;nh</HO_VA_TEN>")?),
        ("duplicate_element", "xml_repeated_element", "HO_VA_TEN twice.", edit(&b, name, &format!("{name}{name}"))?),
        ("unknown_element", "xml_unknown_element", "An element the profile does not define.", edit(&b, name, &format!("{name}<BIET_DANH>Bống</BIET_DANH>"))?),
        ("misplaced_element", "xml_misplaced_element", "HO_VA_TEN after SO_CCCD (out of order).", {
            let s = String::from_utf8(edit(&b, name, "")?).map_err(io::Error::other)?;
            let id = "<SO_CCCD>048316001234</SO_CCCD>";
            edit(&s, id, &format!("{id}{name}"))?
        }),
        ("missing_element", "xml_missing_element", "No TEN_TRUONG.", edit(&b, "<TEN_TRUONG>Trường Tiểu học Trần Quốc Toản</TEN_TRUONG>\n      <TEN_XA_PHUONG>", "<TEN_XA_PHUONG>")?),
        ("empty_required_date", "xml_empty_element", "NGAY_SINH present but empty: a required value the format writes by leaving out only when null, and it may not be null (ADR 0266).", {
            let from = element(&b, "NGAY_SINH")?;
            edit(&b, &from, "<NGAY_SINH></NGAY_SINH>")?
        }),
        ("empty_required_code", "xml_empty_element", "GIOI_TINH written <GIOI_TINH/> (ADR 0266).", {
            let from = element(&b, "GIOI_TINH")?;
            edit(&b, &from, "<GIOI_TINH/>")?
        }),
        ("whitespace_required_level", "xml_empty_element", "KET_QUA_XEP_LOAI holding only spaces (ADR 0266).", {
            let from = element(&b, "KET_QUA_XEP_LOAI")?;
            edit(&b, &from, "<KET_QUA_XEP_LOAI>   </KET_QUA_XEP_LOAI>")?
        }),
        ("number_with_comma", "xml_invalid_number", "CAN_NANG with a decimal comma.", {
            let from = element(&b, "CAN_NANG")?;
            edit(&b, &from, "<CAN_NANG>21,5</CAN_NANG>")?
        }),
        ("number_exponent", "xml_invalid_number", "CHIEU_CAO in exponent form.", {
            let from = element(&b, "CHIEU_CAO")?;
            edit(&b, &from, "<CHIEU_CAO>1.2e2</CHIEU_CAO>")?
        }),
        ("number_too_precise", "xml_invalid_number", "CAN_NANG with five decimals.", {
            let from = element(&b, "CAN_NANG")?;
            edit(&b, &from, "<CAN_NANG>21.12345</CAN_NANG>")?
        }),
        ("negative_count", "xml_invalid_number", "A negative number of absences.", edit(&b, "<TONG_SO_BUOI_NGHI_CO_PHEP>3</TONG_SO_BUOI_NGHI_CO_PHEP>", "<TONG_SO_BUOI_NGHI_CO_PHEP>-3</TONG_SO_BUOI_NGHI_CO_PHEP>")?),
        ("date_time_without_zone", "invalid_date_time", "NGAY_TAO_HOC_BA without a time zone.", edit(&b, "2025-05-24T09:30:00+07:00", "2025-05-24T09:30:00")?),
        ("date_time_utc_z", "invalid_date_time", "NGAY_TAO_HOC_BA in Z form (the spec writes an offset).", edit(&b, "2025-05-24T09:30:00+07:00", "2025-05-24T02:30:00Z")?),
        ("birth_date_iso", "invalid_date", "NGAY_SINH as YYYY-MM-DD (profile 2088/1.0 writes dd/MM/yyyy).", edit(&b, "<NGAY_SINH>23/11/2016</NGAY_SINH>", "<NGAY_SINH>2016-11-23</NGAY_SINH>")?),
        ("birth_date_impossible", "invalid_date", "NGAY_SINH 31/02.", edit(&b, "<NGAY_SINH>23/11/2016</NGAY_SINH>", "<NGAY_SINH>31/02/2016</NGAY_SINH>")?),
        ("processing_instruction", "xml_processing_instruction", "A processing instruction inside the data.", edit(&b, name, &format!("<?php echo 1; ?>{name}"))?),
        ("comment", "xml_comment", "A comment inside the data.", edit(&b, name, &format!("<!-- sửa -->{name}"))?),
        ("cdata", "xml_cdata", "A CDATA section.", edit(&b, name, "<HO_VA_TEN><![CDATA[Trần Thị Ngọc Ánh]]></HO_VA_TEN>")?),
        ("wrong_root", "xml_wrong_root", "The root is not HOC_BA.", format!("{decl}<HO_SO>{}</HO_SO>", &body["<HOC_BA>".len()..body.len() - "</HOC_BA>\n".len()]).into_bytes()),
        ("root_in_namespace", "xml_wrong_root", "HOC_BA in a namespace.", edit(&b, "<HOC_BA>", "<HOC_BA xmlns=\"urn:x\">")?),
        ("second_data", "xml_repeated_element", "A second DU_LIEU_HOC_BA (signature wrapping's first step).", {
            let data_start = b.find("  <DU_LIEU_HOC_BA").ok_or_else(|| io::Error::other("no data"))?;
            let data_end = b.find("  <DANH_SACH_THONG_TIN_KY>").ok_or_else(|| io::Error::other("no slots"))?;
            let data = &b[data_start..data_end];
            format!("{}{data}{}", &b[..data_end], &b[data_end..]).into_bytes()
        }),
        ("wrong_id", "xml_bad_attribute", "DU_LIEU_HOC_BA Id=\"other\".", edit(&b, "Id=\"data\"", "Id=\"other\"")?),
        ("extra_id_attribute", "xml_bad_attribute", "An Id on a field (what signature wrapping would point at).", edit(&b, name, "<HO_VA_TEN Id=\"data\">Trần Thị Ngọc Ánh</HO_VA_TEN>")?),
        ("too_many_attributes", "xml_too_many_attributes", "Nine attributes on one element.", edit(&b, name, "<HO_VA_TEN a1=\"\" a2=\"\" a3=\"\" a4=\"\" a5=\"\" a6=\"\" a7=\"\" a8=\"\" a9=\"\">Trần Thị Ngọc Ánh</HO_VA_TEN>")?),
        ("too_many_namespaces", "xml_too_many_namespaces", "Nine namespace declarations on one element (checked before the parse).", edit(&b, name, "<HO_VA_TEN xmlns:a1=\"u\" xmlns:a2=\"u\" xmlns:a3=\"u\" xmlns:a4=\"u\" xmlns:a5=\"u\" xmlns:a6=\"u\" xmlns:a7=\"u\" xmlns:a8=\"u\" xmlns:a9=\"u\">Trần Thị Ngọc Ánh</HO_VA_TEN>")?),
        ("too_many_namespaces_in_scope", "xml_too_many_namespaces_in_scope", "Eight declarations on HOC_BA, eight on THONG_TIN_CHUNG, one more on HO_VA_TEN: seventeen in scope.", {
            let eight = |p: &str| (1..=8).map(|i| format!(" xmlns:{p}{i}=\"u\"")).collect::<String>();
            let e = edit(&b, "<HOC_BA>", &format!("<HOC_BA{}>", eight("r")))?;
            let e = edit(&String::from_utf8_lossy(&e), "<THONG_TIN_CHUNG>", &format!("<THONG_TIN_CHUNG{}>", eight("t")))?;
            edit(&String::from_utf8_lossy(&e), name, "<HO_VA_TEN xmlns:z=\"u\">Trần Thị Ngọc Ánh</HO_VA_TEN>")?
        }),
        ("namespace_uri_ampersand", "xml_namespace", "A namespace URI holding &amp; (C14N escapes it, libxml2 does not).", edit(&b, "<HOC_BA>", "<HOC_BA xmlns:v=\"http://vendor.example/ns?v=1&amp;x=2\">")?),
        ("text_between_elements", "xml_unexpected_content", "Text beside the elements of THONG_TIN_CHUNG.", edit(&b, name, &format!("chữ lạc{name}"))?),
        ("element_in_leaf", "xml_unexpected_content", "An element inside HO_VA_TEN.", edit(&b, name, "<HO_VA_TEN><B>Trần</B></HO_VA_TEN>")?),
        ("lookup_code_v1", "invalid_lookup_code", "A version-1 UUID as MA_TRA_CUU_UUID.", edit(&b, "3f2b8c1e-7d4a-4e9b-a1c2-5d6e7f809a1b", "3f2b8c1e-7d4a-1e9b-a1c2-5d6e7f809a1b")?),
        ("lookup_code_upper", "invalid_lookup_code", "MA_TRA_CUU_UUID in upper case.", edit(&b, "3f2b8c1e-7d4a-4e9b-a1c2-5d6e7f809a1b", "3F2B8C1E-7D4A-4E9B-A1C2-5D6E7F809A1B")?),
        ("score_11", "invalid_score", "A periodic-test score of 11.", edit(&b, "<DIEM_KIEM_TRA_DINH_KY>10</DIEM_KIEM_TRA_DINH_KY>", "<DIEM_KIEM_TRA_DINH_KY>11</DIEM_KIEM_TRA_DINH_KY>")?),
        ("score_decimal", "invalid_score", "A score with decimals (TT27 Điều 7.1.d: no decimals).", edit(&b, "<DIEM_KIEM_TRA_DINH_KY>10</DIEM_KIEM_TRA_DINH_KY>", "<DIEM_KIEM_TRA_DINH_KY>8.5</DIEM_KIEM_TRA_DINH_KY>")?),
        ("unknown_subject", "unknown_code", "An unknown MA_MON_HOC.", edit(&b, "<MA_MON_HOC>toan</MA_MON_HOC>", "<MA_MON_HOC>hoa_hoc</MA_MON_HOC>")?),
        ("unknown_level", "xml_invalid_value", "A level label TT27 does not have (\"Giỏi\").", edit(&b, "<MUC_DAT_DUOC>Hoàn thành tốt</MUC_DAT_DUOC>\n          <DIEM_KIEM_TRA_DINH_KY>10", "<MUC_DAT_DUOC>Giỏi</MUC_DAT_DUOC>\n          <DIEM_KIEM_TRA_DINH_KY>10")?),
        ("gender_code", "xml_invalid_value", "GIOI_TINH as a code under a label profile.", edit(&b, "<GIOI_TINH>Nữ</GIOI_TINH>", "<GIOI_TINH>F</GIOI_TINH>")?),
        ("unknown_ethnicity", "xml_invalid_value", "A DAN_TOC not on the list of 54.", edit(&b, "<DAN_TOC>Kinh</DAN_TOC>", "<DAN_TOC>Atlantis</DAN_TOC>")?),
        ("grade_6", "invalid_grade", "MA_KHOI 6.", edit(&b, "<MA_KHOI>3</MA_KHOI>", "<MA_KHOI>6</MA_KHOI>")?),
        ("school_year_gap", "invalid_school_year", "TEN_NAM_HOC 2024-2026.", edit(&b, "<TEN_NAM_HOC>2024-2025</TEN_NAM_HOC>\n      <MA_SO", "<TEN_NAM_HOC>2024-2026</TEN_NAM_HOC>\n      <MA_SO")?),
        ("year_mismatch", "xml_invalid_value", "NAM_HOC differs from TEN_NAM_HOC.", edit(&b, "<NAM_HOC>2024</NAM_HOC>", "<NAM_HOC>2023</NAM_HOC>")?),
        ("personal_id_11", "invalid_personal_id", "An 11-digit SO_CCCD.", edit(&b, "<SO_CCCD>048316001234</SO_CCCD>", "<SO_CCCD>04831600123</SO_CCCD>")?),
        ("spec_version", "xml_invalid_value", "PHIEN_BAN 2.0 under profile 2088/1.0.", edit(&b, "<PHIEN_BAN>1.0</PHIEN_BAN>", "<PHIEN_BAN>2.0</PHIEN_BAN>")?),
        ("unclosed", "xml_malformed", "An element never closed.", edit(&b, "</HOC_BA>", "")?),
        ("trailing_root", "xml_malformed", "A second root after HOC_BA.", format!("{b}<HOC_BA></HOC_BA>\n").into_bytes()),
        ("byte_order_mark", "xml_malformed", "A UTF-8 byte-order mark.", format!("\u{feff}{b}").into_bytes()),
        ("encoding_latin1", "xml_encoding", "The XML declaration says ISO-8859-1 over UTF-8 bytes (other readers decode other characters).", edit(&b, "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")?),
        ("unknown_slot", "xml_unknown_element", "A signature slot the format does not have.", edit(&b, "<DANH_SACH_THONG_TIN_KY></DANH_SACH_THONG_TIN_KY>", "<DANH_SACH_THONG_TIN_KY><KY_KHAC></KY_KHAC></DANH_SACH_THONG_TIN_KY>")?),
        ("slots_out_of_order", "xml_misplaced_element", "CBQL before GVCN.", edit(&b, "<DANH_SACH_THONG_TIN_KY></DANH_SACH_THONG_TIN_KY>", "<DANH_SACH_THONG_TIN_KY><CBQL></CBQL><GVCN></GVCN></DANH_SACH_THONG_TIN_KY>")?),
        ("no_signature_list", "xml_missing_element", "No DANH_SACH_THONG_TIN_KY.", edit(&b, "  <DANH_SACH_THONG_TIN_KY></DANH_SACH_THONG_TIN_KY>\n", "")?),
        ("not_xml", "xml_malformed", "Random bytes that start like XML.", b"<\x00\x01\x02garbage".to_vec()),
    ])
}

/// The whole element `<TAG>…</TAG>` in `xml`.
fn element(xml: &str, tag: &str) -> io::Result<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml
        .find(&open)
        .ok_or_else(|| io::Error::other(format!("no {tag}")))?;
    let end = xml[start..]
        .find(&close)
        .ok_or_else(|| io::Error::other(format!("no /{tag}")))?;
    Ok(xml[start..start + end + close.len()].to_owned())
}

fn ok_case(
    out: &mut Out,
    name: &str,
    description: &str,
    xml: &[u8],
    expected: &YearRecord,
    roundtrip: bool,
) -> io::Result<()> {
    let input = format!("xml/{name}.xml");
    let json = format!("xml/{name}.json");
    out.write(&input, xml)?;
    out.write(&json, to_json_pretty(expected).as_bytes())?;
    let mut extra = serde_json::Map::new();
    extra.insert("type".into(), "year_record".into());
    extra.insert("json".into(), json.into());
    extra.insert("roundtrip".into(), roundtrip.into());
    out.case(Case {
        id: format!("xml/{name}"),
        description: description.to_owned(),
        kind: KIND.name.to_owned(),
        input,
        expect: Expect::ok(),
        extra,
    });
    Ok(())
}

fn generate(out: &mut Out) -> io::Result<()> {
    let p = Profile::default();
    for (name, description, record) in [
        (
            "full",
            "The full sample record in the national XML (every national field present).",
            samples::full_record(),
        ),
        (
            "realistic",
            "A realistic grade-3 record in the national XML.",
            samples::realistic_record(),
        ),
        (
            "minimal",
            "The minimal record: only what the model requires.",
            samples::minimal_record(),
        ),
    ] {
        let xml = moet::to_xml(&record, &p);
        let read_back = moet::from_xml(&xml, &p).map_err(|e| io::Error::other(e.to_string()))?;
        ok_case(out, name, description, &xml, &read_back, true)?;
    }
    // Optional elements present but empty read as absent (ADR 0266): the full record with
    // `SO_CCCD` and `NHAN_XET_GVCN` empty reads as the record without them.
    {
        let mut record = samples::full_record();
        let xml = String::from_utf8(moet::to_xml(&record, &p)).map_err(io::Error::other)?;
        let id = element(&xml, "SO_CCCD")?;
        let comment = element(&xml, "NHAN_XET_GVCN")?;
        let xml = xml.replacen(&id, "<SO_CCCD/>", 1).replacen(
            &comment,
            "<NHAN_XET_GVCN>  </NHAN_XET_GVCN>",
            1,
        );
        record.pupil.personal_id = None;
        record.comments.homeroom = None;
        let read_back =
            moet::from_xml(xml.as_bytes(), &p).map_err(|e| io::Error::other(e.to_string()))?;
        let want = moet::from_xml(&moet::to_xml(&record, &p), &p)
            .map_err(|e| io::Error::other(e.to_string()))?;
        if read_back != want {
            return Err(io::Error::other(
                "xml/empty_optional: empty elements not read as absent",
            ));
        }
        ok_case(
            out,
            "empty_optional",
            "SO_CCCD written <SO_CCCD/> and NHAN_XET_GVCN holding only spaces: optional, read as absent (ADR 0266; the validator warns national_empty_element).",
            xml.as_bytes(),
            &read_back,
            false,
        )?;
    }
    ok_case(
        out,
        "handwritten",
        "A national XML written by hand from the CV 2088 field table (not by hocba's writer); reads to the model written by hand.",
        HANDWRITTEN.as_bytes(),
        &handwritten_expected(),
        false,
    )?;
    for (name, code, description, bytes) in hostile()? {
        let input = format!("xml/hostile/{name}.xml");
        out.write(&input, &bytes)?;
        let mut extra = serde_json::Map::new();
        extra.insert("type".into(), "year_record".into());
        // What every binding must report besides the code: the core's kind (the exception
        // class) and path (ADR 0096, 0180).
        if let Err(e) = moet::from_xml(&bytes, &Profile::default()) {
            extra.insert("error_kind".into(), e.kind().code().into());
            extra.insert("error_path".into(), e.path().into());
        }
        out.case(Case {
            id: format!("xml/hostile/{name}"),
            description: description.to_owned(),
            kind: KIND.name.to_owned(),
            input,
            expect: Expect::error(code),
            extra,
        });
    }
    Ok(())
}

fn run(root: &Path, case: &Case) -> Result<(), String> {
    let bytes = read(root, &case.input)?;
    let p = Profile::default();
    let outcome = moet::from_xml(&bytes, &p);
    match (&case.expect.error, outcome) {
        (None, Ok(record)) => {
            let json = read(root, case.field("json")?)?;
            let expected = hocba_core::model::year_record_from_json(
                std::str::from_utf8(&json).map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            if record != expected {
                return Err("reads to a different model than the case's JSON".into());
            }
            if case.extra.get("roundtrip") == Some(&serde_json::Value::Bool(true))
                && moet::to_xml(&record, &p) != bytes
            {
                return Err("writing the record back gives other bytes".into());
            }
            Ok(())
        }
        (None, Err(e)) => Err(format!("refused with `{}`; expected to read", e.code())),
        (Some(expected), Ok(_)) => Err(format!("accepted; expected `{expected}`")),
        (Some(expected), Err(e)) if e.code() == expected => {
            let kind = case.field("error_kind")?;
            let path = case.extra.get("error_path").and_then(|p| p.as_str());
            if e.kind().code() != kind || e.path() != path {
                return Err(format!(
                    "kind/path {}/{:?}; expected {kind}/{path:?}",
                    e.kind().code(),
                    e.path()
                ));
            }
            Ok(())
        }
        (Some(expected), Err(e)) => Err(format!(
            "refused with `{}`; expected `{expected}`",
            e.code()
        )),
    }
}
