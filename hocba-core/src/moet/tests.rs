use super::*;
use crate::synth;

#[test]
fn demo_years_round_trip_byte_for_byte() {
    let p = Profile::default();
    for r in &synth::demo_transcript().years {
        let xml = to_xml(r, &p);
        let back = from_xml(&xml, &p).unwrap();
        assert_eq!(to_xml(&back, &p), xml);
    }
}

/// A wrong `NGAY_SINH` is refused with the form the national XML writes (`dd/MM/yyyy`), never
/// the model's `YYYY-MM-DD` (which the reader would refuse as well); the code stays
/// `invalid_date`.
#[test]
fn a_bad_national_date_names_the_national_form() {
    let p = Profile::default();
    let record = &synth::demo_transcript().years[0];
    let xml = String::from_utf8(to_xml(record, &p)).unwrap();
    let start = xml.find("<NGAY_SINH>").unwrap() + "<NGAY_SINH>".len();
    let end = start + xml[start..].find("</NGAY_SINH>").unwrap();
    for bad in ["2014-07-02", "31/02/2014", "2/7/2014"] {
        let changed = format!("{}{bad}{}", &xml[..start], &xml[end..]);
        let e = from_xml(changed.as_bytes(), &p).unwrap_err();
        assert_eq!(e.code(), "invalid_date", "{bad}");
        for (lang, form) in [
            (crate::Lang::En, "dd/MM/yyyy"),
            (crate::Lang::Vi, "dd/MM/yyyy"),
        ] {
            let m = e.message(lang);
            assert!(m.contains(form), "{bad}: {m}");
            assert!(!m.contains("YYYY-MM-DD"), "{bad}: {m}");
            assert!(!m.contains(bad), "{bad}: {m}");
        }
        assert!(
            e.message(crate::Lang::Vi)
                .contains("ngày phải là ngày có thật")
        );
    }
}

// ── Empty elements (ADR 0266) ───────────────────────────────────────────────────────────────

/// The demo's grade 3 record as XML, with the first `<tag>…</tag>` given `content` (`None`:
/// written `<tag/>`).
fn with_element(tag: &str, content: Option<&str>) -> String {
    let xml = String::from_utf8(to_xml(
        &synth::demo_transcript().years[2],
        &Profile::default(),
    ))
    .unwrap();
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("{tag} not written"));
    let end = start + xml[start..].find(&close).unwrap() + close.len();
    let element = match content {
        Some(c) => format!("{open}{c}{close}"),
        None => format!("<{tag}/>"),
    };
    format!("{}{element}{}", &xml[..start], &xml[end..])
}

fn national(xml: &str) -> Result<(crate::model::YearRecord, NationalFacts), crate::Error> {
    read_national(xml.as_bytes(), &Profile::default())
}

#[test]
fn an_empty_optional_element_is_read_as_absent_and_named() {
    use crate::rules::{Policy, Severity, validate_national};
    for (tag, content) in [
        ("HO_VA_TEN_CHA", Some("")),
        ("HO_VA_TEN_CHA", None),
        ("HO_VA_TEN_CHA", Some(" \n  ")),
        ("SO_CCCD", Some("")),
        ("MA_HOC_SINH", None),
        ("CAN_NANG", Some(" ")),
        ("NGAY_KY_PHAT_HANH_HOC_BA", None),
        ("DIEM_KIEM_TRA_DINH_KY", Some("")),
        ("NANG_LUC_TIN_HOC", None),
        ("NHAN_XET_GVCN", Some("")),
    ] {
        let (record, facts) = national(&with_element(tag, content))
            .unwrap_or_else(|e| panic!("{tag} {content:?}: {}", e.code()));
        assert_eq!(
            facts
                .empty_elements
                .iter()
                .map(|e| e.tag)
                .collect::<Vec<_>>(),
            [tag],
            "{tag} {content:?}"
        );
        assert!(facts.empty_elements[0].path.ends_with(tag));
        let report = validate_national(&record, &facts, &Policy::default());
        let found: Vec<_> = report
            .violations
            .iter()
            .filter(|v| v.code == "national_empty_element")
            .collect();
        assert_eq!(found.len(), 1, "{tag}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message_vi.contains(tag) && found[0].message_en.contains(tag));
        if tag == "HO_VA_TEN_CHA" {
            assert_eq!(record.pupil.father, None, "a father named \"\"");
        }
    }
}

#[test]
fn an_empty_required_value_is_refused_as_empty() {
    for (tag, content) in [
        ("NGAY_SINH", Some("")),
        ("GIOI_TINH", None),
        ("QUOC_TICH", Some("  ")),
        ("MA_TRUONG", Some("")),
        ("TEN_NAM_HOC", None),
        ("NGAY_TAO_HOC_BA", Some("")),
        ("MA_KHOI", None),
        ("NAM_HOC", Some("")),
        ("KET_QUA_XEP_LOAI", None),
        ("TEN_MON_HOC", Some("")),
        ("MUC_DAT_DUOC", None),
    ] {
        let e = national(&with_element(tag, content)).unwrap_err();
        assert_eq!(e.code(), "xml_empty_element", "{tag} {content:?}");
        assert!(e.to_string().contains(tag), "{tag}: {e}");
    }
}

#[test]
fn an_empty_required_text_is_read_blank_and_reported() {
    use crate::rules::{Policy, Severity, validate_national};
    for (tag, content, path) in [
        ("HO_VA_TEN", Some(""), "pupil.full_name"),
        ("HO_VA_TEN", None, "pupil.full_name"),
        ("HO_VA_TEN", Some("   "), "pupil.full_name"),
        ("NOI_SINH", Some(""), "pupil.place_of_birth"),
        ("CHO_O_HIEN_NAY", None, "pupil.residence"),
        ("TEN_TRUONG", Some(" "), "school.name"),
        ("TEN_SO_GD", None, "school.department.name"),
        ("DIA_DANH_PHAT_HANH_HOC_BA", Some(""), "issuance.place"),
        ("CHUC_VU_GIAM_HIEU_KY_HOC_BA", Some(""), "principal.title"),
        (
            "TEN_GIAO_VIEN_CHU_NHIEM",
            None,
            "homeroom_teacher.full_name",
        ),
        ("TEN_LOP", Some(""), "class_name"),
    ] {
        let (record, facts) =
            national(&with_element(tag, content)).unwrap_or_else(|e| panic!("{tag}: {}", e.code()));
        let report = validate_national(&record, &facts, &Policy::default());
        assert!(
            report
                .violations
                .iter()
                .any(|v| v.code == "required_field_blank"
                    && v.path == path
                    && v.severity == Severity::Error),
            "{tag}: {:?}",
            report.codes()
        );
        assert!(facts.empty_elements.is_empty(), "{tag}");
    }
}

/// The writer never writes what the reader refuses, nor an empty optional element: blank
/// optional text is left out, blank required text is written and read back as it was.
#[test]
fn the_writer_writes_no_empty_optional_element_and_reads_back() {
    use crate::model::{Guardian, Text};
    let p = Profile::default();
    let blank = Text::from_nfc(" ").unwrap();
    let mut r = synth::demo_transcript().years[2].clone();
    r.pupil.full_name = Text::default();
    r.class_name = blank.clone();
    r.pupil.hometown = Some(blank.clone());
    r.register_number = Some(Text::default());
    r.pupil.father = Some(Guardian {
        full_name: Text::default(),
        birth_year: None,
        occupation: None,
    });
    r.comments.homeroom = Some(blank.clone());
    r.comments.qualities = Some(Text::default());
    if let Some(l) = r
        .subjects
        .iter_mut()
        .find(|s| s.subject.label_vi() == "Ngoại ngữ 1")
    {
        l.language = Some(blank.clone());
    }
    let xml = to_xml(&r, &p);
    let text = String::from_utf8(xml.clone()).unwrap();
    for tag in [
        "QUE_QUAN",
        "SO_SO_DANG_BO",
        "HO_VA_TEN_CHA",
        "NHAN_XET_GVCN",
        "NHAN_XET_PHAM_CHAT",
    ] {
        assert!(!text.contains(&format!("<{tag}>")), "{tag} written");
    }
    let (back, facts) = read_national(&xml, &p).unwrap();
    assert!(facts.empty_elements.is_empty());
    assert_eq!(back.pupil.full_name.as_str(), "");
    assert_eq!(back.class_name.as_str(), " ");
    assert_eq!(back.pupil.father, None);
    assert_eq!(to_xml(&back, &p), xml);
    for path in ["pupil.hometown", "pupil.father", "comments.homeroom"] {
        assert!(not_carried(&r, &p).iter().any(|l| l == path), "{path}");
    }
}
