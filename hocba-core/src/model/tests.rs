use super::*;

#[test]
fn text_is_nfc_normalised_at_construction() {
    let nfd = "Nguye\u{302}\u{303}n"; // "Nguyễn" with combining marks
    let t = Text::new(nfd).unwrap();
    assert_eq!(t.as_str(), "Nguyễn");
    assert_eq!(
        t.as_str().as_bytes(),
        [0x4e, 0x67, 0x75, 0x79, 0xe1, 0xbb, 0x85, 0x6e]
    );
    assert_eq!(Text::from_nfc(nfd), Err(ModelError::NotNfc));
    assert!(Text::from_nfc("Nguyễn").is_ok());
    assert_eq!(
        Text::new("x".repeat(MAX_TEXT_BYTES + 1)),
        Err(ModelError::TextTooLong)
    );
}

#[test]
fn json_input_is_normalised_too() {
    let t: Text = serde_json::from_str("\"Tie\u{302}\u{301}ng Vie\u{323}\u{302}t\"").unwrap();
    assert_eq!(t.as_str(), "Tiếng Việt");
}

#[test]
fn debug_never_shows_personal_data() {
    let name = Text::new("Lê Thị Hoa").unwrap();
    let id = PersonalId::try_from("049314123456").unwrap();
    let score = Score::try_from(9).unwrap();
    let dob = Date::from_ymd(2014, 3, 2).unwrap();
    let shown = format!("{name:?} {id:?} {score:?} {dob:?}");
    for secret in ["Hoa", "049314123456", "9", "2014"] {
        assert!(!shown.contains(secret), "{shown} shows {secret}");
    }
}

#[test]
fn scores_grades_and_years_have_their_legal_ranges() {
    assert!(Score::try_from(0).is_ok());
    assert!(Score::try_from(10).is_ok());
    assert_eq!(Score::try_from(11), Err(ModelError::InvalidScore));
    assert_eq!(Grade::try_from(0), Err(ModelError::InvalidGrade));
    assert_eq!(Grade::try_from(6), Err(ModelError::InvalidGrade));
    assert_eq!(Grade::G5.next(), None);
    let y: SchoolYear = "2024-2025".parse().unwrap();
    assert_eq!(
        (y.start(), y.end(), y.to_string()),
        (2024, 2025, "2024-2025".to_owned())
    );
    for bad in ["2024-2026", "2024", "24-25", "2024-2025 ", "２０２４-2025"] {
        assert_eq!(
            bad.parse::<SchoolYear>(),
            Err(ModelError::InvalidSchoolYear),
            "{bad}"
        );
    }
}

#[test]
fn personal_id_shape_and_parts() {
    let id = PersonalId::try_from("049314123456").unwrap();
    assert_eq!(
        (
            id.province_code(),
            id.century_gender_digit(),
            id.birth_year_2()
        ),
        ("049", 3, 14)
    );
    for bad in ["04931412345", "0493141234567", "04931412345a", ""] {
        assert_eq!(
            PersonalId::try_from(bad),
            Err(ModelError::InvalidPersonalId),
            "{bad}"
        );
    }
}

#[test]
fn dates_are_real_calendar_dates() {
    assert_eq!(
        "2024-02-29".parse::<Date>().unwrap().to_string(),
        "2024-02-29"
    );
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-1-01",
        "20240101",
        "0999-01-01",
        // Ten bytes with a multi-byte character across byte 4 (fuzz regression,
        // fuzz/regressions/canonical_record/date-multibyte-at-byte-4): refused, no panic.
        "20c\u{b57}9-05",
        "202\u{e9}-01-1",
        "\u{1ec7}\u{1ec7}\u{1ec7}-0",
    ] {
        assert_eq!(bad.parse::<Date>(), Err(ModelError::InvalidDate), "{bad}");
    }
}

/// The same input through the strict CBOR decoder and through JSON: an error with the date's
/// code, never a panic.
#[test]
fn a_multibyte_date_is_an_error_in_every_reader() {
    let record = crate::synth::demo_transcript().years[0].clone();
    let mut json = serde_json::to_value(&record).unwrap();
    json["pupil"]["date_of_birth"] = "20c\u{b57}9-05".into();
    let err = from_json::<YearRecord>(&json.to_string()).unwrap_err();
    assert_eq!(err.code(), "invalid_date");
    // CBOR: replace the encoded date of birth by the same ten bytes.
    let good = record.pupil.date_of_birth.to_string();
    let bytes = crate::canonical::encode_year_record(&record);
    let at = bytes
        .windows(good.len())
        .position(|w| w == good.as_bytes())
        .unwrap();
    let mut bad = bytes.clone();
    bad[at..at + 10].copy_from_slice("20c\u{b57}9-05".as_bytes());
    let err = crate::canonical::decode_year_record(&bad).unwrap_err();
    assert_eq!(err.code(), "invalid_value", "{err}");
}

#[test]
fn wire_codes_round_trip_and_reject_unknown() {
    for s in Subject::ALL {
        assert_eq!(Subject::from_code(s.code()), Ok(*s));
    }
    assert_eq!(
        QualityLevel::from_code("Đ"),
        Err(ModelError::UnknownCode {
            kind: "QualityLevel"
        })
    );
    assert_eq!(serde_json::to_string(&QualityLevel::Pass).unwrap(), "\"D\"");
    assert_eq!(Ethnicity::try_from(26).unwrap().name(), "Cơ-tu");
    assert_eq!(Ethnicity::try_from(55), Err(ModelError::InvalidEthnicity));
}

#[test]
fn digest_hex_round_trip() {
    let hex = "00ff".repeat(16);
    let d = Sha256Digest::try_from(hex.clone()).unwrap();
    assert_eq!(d.to_hex(), hex);
    assert_eq!(
        Sha256Digest::try_from("00FF".repeat(16)),
        Err(ModelError::InvalidDigest)
    );
}

#[test]
fn json_errors_name_the_path_not_the_value() {
    let mut record =
        serde_json::to_value(crate::synth::demo_transcript().years[0].clone()).unwrap();
    record["subjects"][2]["score"] = serde_json::Value::from(12);
    let err = from_json::<YearRecord>(&record.to_string()).unwrap_err();
    // The domain code, as the canonical CBOR decoder reports it, with the JSON path.
    assert_eq!(err.code(), "invalid_score");
    let shown = format!("{err} {}", err.message(crate::Lang::Vi));
    assert!(shown.contains("subjects[2].score"), "{shown}");
    assert!(
        shown.contains("điểm phải là số nguyên từ 0 đến 10"),
        "{shown}"
    );
    assert!(!shown.contains("12"), "{shown}");
}

#[test]
fn json_errors_carry_the_domain_code_of_every_model_error() {
    for k in ModelError::KINDS {
        let message = format!("{k} at line 1 column 9");
        assert_eq!(
            ModelError::from_message(&message).map(|d| d.code()),
            Some(k.code()),
            "{k}"
        );
    }
    let mut record =
        serde_json::to_value(crate::synth::demo_transcript().years[0].clone()).unwrap();
    for (pointer, value, code) in [
        ("/pupil/personal_id", "12345".into(), "invalid_personal_id"),
        ("/pupil/date_of_birth", "2016-02-30".into(), "invalid_date"),
        ("/result", "xuat_sac".into(), "unknown_code"),
        ("/grade", 7.into(), "invalid_grade"),
        ("/class_name", serde_json::Value::Bool(true), "json_data"),
    ] {
        let mut r = record.clone();
        *r.pointer_mut(pointer).unwrap() = value;
        let err = from_json::<YearRecord>(&r.to_string()).unwrap_err();
        assert_eq!(err.code(), code, "{pointer}");
    }
    record["subjects"][0]["subject"] = "latin".into();
    let err = from_json::<YearRecord>(&record.to_string()).unwrap_err();
    assert_eq!(err.code(), "unknown_code");
    let vi = err.message(crate::Lang::Vi);
    assert!(
        vi.contains("tại subjects[0].subject") && vi.contains("mã không hợp lệ"),
        "{vi}"
    );
}

/// An unknown code in JSON names its enumeration in English and Vietnamese, as the XML reader
/// does ("unknown code for Gender"), never a cut-off "unknown code for " (QA repro 06).
#[test]
fn json_unknown_code_names_its_enumeration() {
    let kinds = [
        Gender::from_code("?"),
        Subject::from_code("?").map(|_| Gender::Male),
        SubjectLevel::from_code("?").map(|_| Gender::Male),
        QualityLevel::from_code("?").map(|_| Gender::Male),
        Quality::from_code("?").map(|_| Gender::Male),
        Competency::from_code("?").map(|_| Gender::Male),
        YearResult::from_code("?").map(|_| Gender::Male),
        Moment::from_code("?").map(|_| Gender::Male),
        AwardKind::from_code("?").map(|_| Gender::Male),
        Promotion::from_code("?").map(|_| Gender::Male),
        Admission::from_code("?").map(|_| Gender::Male),
        PrincipalCapacity::from_code("?").map(|_| Gender::Male),
    ];
    let names: Vec<&str> = kinds
        .iter()
        .map(|r| match r {
            Err(ModelError::UnknownCode { kind }) => *kind,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(names, super::codes::WIRE_ENUMS);
    assert_eq!(
        ModelError::UnknownCode { kind: "" }.to_string(),
        "unknown code"
    );
    let mut record =
        serde_json::to_value(crate::synth::demo_transcript().years[0].clone()).unwrap();
    record["pupil"]["gender"] = "X".into();
    record["subjects"][0]["subject"] = "toan_x".into();
    for (pointer, kind) in [
        ("/pupil/gender", "Gender"),
        ("/subjects/0/subject", "Subject"),
    ] {
        let mut r = serde_json::to_value(crate::synth::demo_transcript().years[0].clone()).unwrap();
        *r.pointer_mut(pointer).unwrap() = record.pointer(pointer).unwrap().clone();
        let err = from_json::<YearRecord>(&r.to_string()).unwrap_err();
        assert_eq!(err.code(), "unknown_code");
        let en = err.message(crate::Lang::En);
        let vi = err.message(crate::Lang::Vi);
        assert!(en.contains(&format!("unknown code for {kind}")), "{en}");
        assert!(vi.contains(&format!("mã không hợp lệ cho {kind}")), "{vi}");
        assert!(
            !en.contains("for  ") && !en.trim_end().ends_with("for"),
            "{en}"
        );
    }
}
