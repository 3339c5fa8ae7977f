#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::model::*;

fn t(s: &str) -> Text {
    Text::new(s).unwrap()
}

fn place() -> Place {
    Place {
        detail: Some(t("Thôn Hà Nhuận")),
        commune: Some(AdminUnit {
            code: Some(AdminCode::try_from("20500").unwrap()),
            name: t("Xã Điện Bàn Bắc"),
        }),
        district: Some(AdminUnit {
            code: None,
            name: t("Thị xã Điện Bàn"),
        }),
        province: Some(AdminUnit {
            code: Some(AdminCode::try_from("48").unwrap()),
            name: t("Thành phố Đà Nẵng"),
        }),
        as_of: Some(Date::from_ymd(2025, 7, 1).unwrap()),
    }
}

/// A record with every optional field present.
fn full_record() -> YearRecord {
    let subject = |s, score: Option<u8>| SubjectResult {
        subject: s,
        language: None,
        level: SubjectLevel::Good,
        score: score.map(|v| Score::try_from(v).unwrap()),
        retest: false,
        comment: Some(t("Em học tốt.")),
    };
    YearRecord {
        rule_set: t(RULE_SET_TT27),
        pupil: Pupil {
            full_name: t("Nguyễn Thị Thu Hà"),
            gender: Gender::Female,
            date_of_birth: Date::from_ymd(2016, 3, 9).unwrap(),
            place_of_birth: t("Bệnh viện Phụ sản – Nhi Đà Nẵng"),
            hometown: Some(t("Điện Bàn, Quảng Nam")),
            ethnicity: Some(Ethnicity::KINH),
            nationality: CountryCode::vn(),
            residence: place(),
            father: Some(Guardian {
                full_name: t("Nguyễn Văn Hùng"),
                birth_year: Some(1985),
                occupation: Some(t("Nông dân")),
            }),
            mother: Some(Guardian {
                full_name: t("Trần Thị Lan"),
                birth_year: None,
                occupation: None,
            }),
            guardian: Some(Guardian {
                full_name: t("Nguyễn Văn Tư"),
                birth_year: None,
                occupation: None,
            }),
            personal_id: Some(PersonalId::try_from("048316000123").unwrap()),
            pupil_code: Some(PupilCode::try_from("HS-0481234").unwrap()),
        },
        school: School {
            name: t("Trường Tiểu học Trần Quốc Toản"),
            code: SchoolCode::try_from("48-TH-0007").unwrap(),
            place: place(),
            department: Some(Department {
                code: DepartmentCode::try_from("48").unwrap(),
                name: t("Sở Giáo dục và Đào tạo thành phố Đà Nẵng"),
            }),
        },
        school_year: SchoolYear::starting(2024).unwrap(),
        grade: Grade::try_from(3).unwrap(),
        class_name: t("3A"),
        homeroom_teacher: Signatory {
            full_name: t("Lê Thị Mai"),
            personal_id: Some(PersonalId::try_from("048188001122").unwrap()),
        },
        principal: PrincipalSignatory {
            full_name: t("Phạm Văn Đức"),
            capacity: PrincipalCapacity::OnBehalf,
            personal_id: Some(PersonalId::try_from("048075003344").unwrap()),
            title: Some(t("Phó Hiệu trưởng")),
        },
        height_mm: Some(1312),
        weight_g: Some(28_500),
        days_absent: Some(2),
        subjects: vec![
            SubjectResult {
                language: Some(t("Tiếng Anh")),
                retest: true,
                ..subject(Subject::NgoaiNgu1, Some(9))
            },
            subject(Subject::Toan, Some(10)),
            subject(Subject::DaoDuc, None),
        ],
        qualities: vec![QualityRating {
            quality: Quality::Diligence,
            level: QualityLevel::Pass,
            comment: Some(t("Chăm chỉ.")),
        }],
        competencies: vec![CompetencyRating {
            competency: Competency::Numeracy,
            level: QualityLevel::Good,
            comment: None,
        }],
        periodic: vec![PeriodicResult {
            moment: Moment::EndTerm1,
            subjects: vec![subject(Subject::Toan, Some(8))],
            qualities: vec![QualityRating {
                quality: Quality::Honesty,
                level: QualityLevel::Good,
                comment: None,
            }],
            competencies: vec![CompetencyRating {
                competency: Competency::Language,
                level: QualityLevel::NeedsEffort,
                comment: Some(t("Cần đọc to hơn.")),
            }],
        }],
        result: YearResult::Good,
        awards: vec![Award {
            kind: AwardKind::Special,
            description: Some(t("Giải Nhì Hội khỏe Phù Đổng cấp xã")),
        }],
        completion: Completion {
            class_completed: true,
            supplementary: Some(SupplementaryAssessment {
                completed: true,
                date: Some(Date::from_ymd(2025, 6, 20).unwrap()),
                comment: Some(t("Đã hoàn thành sau kiểm tra bổ sung.")),
            }),
            promotion: Promotion::Promoted,
            principal_decision: true,
            primary_completed: true,
        },
        correction: Some(Correction {
            supersedes: Sha256Digest([7; 32]),
            reason: t("Sửa điểm nhập nhầm."),
        }),
        lookup_code: Some(LookupCode::try_from("3f2b8c1e-7d4a-4e9b-a1c2-5d6e7f809a1b").unwrap()),
        absences_excused: Some(3),
        absences_unexcused: Some(1),
        register_number: Some(t("215/2022")),
        history: vec![SchoolStep {
            school_year: SchoolYear::starting(2024).unwrap(),
            class_name: t("3A"),
            school_name: t("Trường Tiểu học Trần Quốc Toản"),
            moved_in_on: Some(Date::from_ymd(2024, 8, 12).unwrap()),
        }],
        comments: GroupComments {
            qualities: Some(t("Lễ phép.")),
            general_competencies: Some(t("Tự giác.")),
            specific_competencies: Some(t("Đọc tốt.")),
            homeroom: Some(t("Tiếp tục phát huy.")),
        },
        issuance: Some(Issuance {
            place: t("Đà Nẵng"),
            created_at: "2025-05-24T09:30:00+07:00".parse().unwrap(),
            issued_at: Some("2025-05-28T15:05:00+07:00".parse().unwrap()),
        }),
        extensions: Extensions::default(),
    }
}

/// Format 1.0 records are still read (ADR 0076): the format-2 encoding of a record without
/// format-2 fields, with the version patched to [1, 0], decodes to the same record; a format-2
/// field in a 1.0 record is `unknown_field`, and 1.1 (which no writer made) is refused.
#[test]
fn format_1_0_is_read() {
    let mut r = full_record();
    r.school.department = None;
    r.homeroom_teacher.personal_id = None;
    r.principal.personal_id = None;
    r.principal.title = None;
    let v1 = YearRecord {
        lookup_code: None,
        absences_excused: None,
        absences_unexcused: None,
        register_number: None,
        history: Vec::new(),
        comments: GroupComments::default(),
        issuance: None,
        ..r
    };
    let mut bytes = encode_year_record(&v1);
    // map head, key 0, array(2), major, minor
    assert_eq!(&bytes[1..5], &[0x00, 0x82, 0x02, 0x00]);
    bytes[3] = 0x01;
    assert_eq!(decode_year_record(&bytes).unwrap(), v1);
    let mut newer = bytes.clone();
    newer[4] = 0x01;
    assert_eq!(
        decode_year_record(&newer).unwrap_err().code(),
        "unsupported_version"
    );
    // A 1.0 record carrying a format-2 field (the teacher's personal ID) is refused.
    let mut with_id = full_record();
    with_id.school.department = None;
    with_id.principal.personal_id = None;
    with_id.principal.title = None;
    let with_id = YearRecord {
        lookup_code: None,
        absences_excused: None,
        absences_unexcused: None,
        register_number: None,
        history: Vec::new(),
        comments: GroupComments::default(),
        issuance: None,
        ..with_id
    };
    let mut bytes = encode_year_record(&with_id);
    bytes[3] = 0x01;
    assert_eq!(
        decode_year_record(&bytes).unwrap_err().code(),
        "unknown_field"
    );
    // And a place without its province is a format-2 thing only.
    let mut no_province = v1.clone();
    no_province.pupil.residence.province = None;
    let mut bytes = encode_year_record(&no_province);
    assert_eq!(decode_year_record(&bytes).unwrap(), no_province);
    bytes[3] = 0x01;
    assert_eq!(
        decode_year_record(&bytes).unwrap_err().code(),
        "missing_field"
    );
}

fn code(bytes: &[u8]) -> &'static str {
    check_profile(bytes, &Limits::HOCBA).unwrap_err().code()
}

#[test]
fn full_record_round_trips_and_is_canonical() {
    let r = full_record();
    let bytes = encode_year_record(&r);
    // The profile check proves every map's keys are strictly increasing bytewise: the
    // direct encoder wrote them in canonical order without sorting.
    check_profile(&bytes, &Limits::HOCBA).unwrap();
    assert_eq!(decode_year_record(&bytes).unwrap(), r);
    assert_eq!(
        encode_year_record(&decode_year_record(&bytes).unwrap()),
        bytes
    );
}

#[test]
fn year_record_opens_with_version_and_rule_set() {
    let bytes = encode_year_record(&full_record());
    // map(27), 0: [2, 0], 1: text(9) "TT27/2020"
    assert_eq!(&bytes[..7], &[0xb8, 0x1b, 0x00, 0x82, 0x02, 0x00, 0x01]);
    assert_eq!(&bytes[7..17], b"\x69TT27/2020");
}

#[test]
fn key_table_is_strictly_increasing_and_matches_cddl() {
    let cddl = include_str!("../../../docs/spec/hocba.cddl");
    for (rule, fields) in keys::RULES {
        assert!(fields.windows(2).all(|w| w[0].1 < w[1].1), "{rule}");
        // The rule's body in the CDDL: `rule = {` up to the closing `}` line.
        let start = cddl
            .find(&format!("\n{rule} = {{"))
            .unwrap_or_else(|| panic!("rule {rule} missing from hocba.cddl"));
        let body = &cddl[start..];
        let body = &body[..body.find("\n}").unwrap()];
        let mut found = Vec::new();
        for line in body.lines().skip(1) {
            let line = line.trim();
            let Some((entry, comment)) = line.split_once(';') else {
                continue;
            };
            let entry = entry.trim().trim_start_matches("? ");
            let Some((key, _)) = entry.split_once(" =>") else {
                continue;
            };
            let Ok(key) = key.trim().parse::<u64>() else {
                continue;
            };
            let name = comment.split_whitespace().next().unwrap();
            found.push((name.to_owned(), key));
        }
        let expected: Vec<(String, u64)> =
            fields.iter().map(|(n, k)| ((*n).to_owned(), *k)).collect();
        assert_eq!(found, expected, "rule {rule}");
    }
}

#[test]
fn hostile_inputs_have_their_own_codes() {
    let cases: &[(&[u8], &str)] = &[
        (&[0x18, 0x05], "non_shortest_integer"),
        (&[0x19, 0x00, 0x30], "non_shortest_integer"),
        (&[0x78, 0x01, b'a'], "non_shortest_length"),
        (&[0x9f, 0x01, 0xff], "indefinite_length"),
        (&[0x7f, 0x61, b'a', 0xff], "indefinite_length"),
        (&[0xa2, 0x02, 0x01, 0x01, 0x01], "unsorted_keys"),
        (&[0xa2, 0x01, 0x01, 0x01, 0x02], "duplicate_key"),
        (&[0x01, 0x02], "trailing_bytes"),
        (&[0xfb, 0, 0, 0, 0, 0, 0, 0, 0], "float"),
        (&[0xc1, 0x01], "forbidden_tag"),
        (&[0xf7], "forbidden_simple_value"),
        (&[0xf6], "forbidden_simple_value"),
        (&[0x62, 0xc3, 0x28], "invalid_utf8"),
        (&[0x63, b'e', 0xcc, 0x81], "non_nfc_text"),
        (&[0x1a, 0x00, 0x01], "truncated"),
        (
            &[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            "truncated",
        ),
        (&[], "truncated"),
        (&[0x1c], "malformed"),
        (&[0xff], "malformed"),
    ];
    for (bytes, expected) in cases {
        assert_eq!(code(bytes), *expected, "{bytes:02x?}");
    }
    let deep: Vec<u8> = std::iter::repeat_n(0x81, MAX_DEPTH).chain([0x00]).collect();
    assert_eq!(code(&deep), "too_deep");
    let ok_deep: Vec<u8> = std::iter::repeat_n(0x81, MAX_DEPTH - 1)
        .chain([0x00])
        .collect();
    check_profile(&ok_deep, &Limits::HOCBA).unwrap();
    let big = vec![0u8; MAX_INPUT_BYTES + 1];
    assert_eq!(code(&big), "too_large");
}

#[test]
fn cose_limits_allow_tag_98_and_null() {
    let sign = [0xd8, 0x62, 0x82, 0xf6, 0x40];
    check_profile(&sign, &Limits::COSE).unwrap();
    assert_eq!(code(&sign), "forbidden_tag");
}

#[test]
fn decoder_types_and_fields() {
    let full = encode_year_record(&full_record());
    // Not a map.
    assert_eq!(
        decode_year_record(&[0x01]).unwrap_err().code(),
        "wrong_type"
    );
    // An empty map: no version.
    let e = decode_year_record(&[0xa0]).unwrap_err();
    assert_eq!((e.code(), e.path.as_str()), ("missing_field", "version"));
    // Version 3.0.
    let e = decode_year_record(&[0xa1, 0x00, 0x82, 0x03, 0x00]).unwrap_err();
    assert_eq!(e.code(), "unsupported_version");
    // Version 2.0 and nothing else.
    let e = decode_year_record(&[0xa1, 0x00, 0x82, 0x02, 0x00]).unwrap_err();
    assert_eq!((e.code(), e.path.as_str()), ("missing_field", "rule_set"));
    // Version 1.0 and nothing else.
    let e = decode_year_record(&[0xa1, 0x00, 0x82, 0x01, 0x00]).unwrap_err();
    assert_eq!((e.code(), e.path.as_str()), ("missing_field", "rule_set"));
    // Key 27 in a 2.0 record (map(27) has a one-byte length after its head).
    let mut unknown = full.clone();
    unknown[1] += 1;
    unknown.extend_from_slice(&[0x18, 0x1b, 0x00]);
    assert_eq!(
        decode_year_record(&unknown).unwrap_err().code(),
        "unknown_field"
    );
}

#[test]
fn invalid_values_name_their_path() {
    let mut r = full_record();
    r.subjects[1].score = None;
    let bytes = encode_year_record(&r);
    // Replace the level "T" of subjects[1] (toán) by the unknown code "X".
    let at = bytes.windows(5).position(|w| w == b"\x64toan").unwrap();
    let mut bad = bytes.clone();
    // toan entry: 01 64 "toan" 03 61 "T" -> change "T" to "X".
    bad[at + 7] = b'X';
    let e = decode_year_record(&bad).unwrap_err();
    assert_eq!(e.code(), "invalid_value");
    assert_eq!(e.path, "subjects[1].level");
    assert!(!e.to_string().contains("Nguyễn"));
}

#[test]
fn newer_minor_fields_are_kept_verbatim() {
    let mut bytes = encode_year_record(&full_record());
    bytes[1] += 1; // one more entry (map(27) → map(28))
    bytes[5] = 0x03; // version [2, 3]
    bytes.extend_from_slice(&[0x18, 0x20, 0x82, 0x01, 0x62, b'o', b'k']); // 32: [1, "ok"]
    let r = decode_year_record(&bytes).unwrap();
    assert_eq!(r.extensions.minor, 3);
    assert_eq!(
        r.extensions.fields[&32].as_bytes(),
        &[0x82, 0x01, 0x62, b'o', b'k']
    );
    assert_eq!(encode_year_record(&r), bytes);
    // And through JSON too.
    let json = to_json_pretty(&r);
    let back = year_record_from_json(&json).unwrap();
    assert_eq!(encode_year_record(&back), bytes);
    // Unknown keys in a nested structure are never accepted, whatever the minor.
    let mut without_id = full_record();
    without_id.homeroom_teacher.personal_id = None;
    let mut nested = encode_year_record(&without_id);
    nested[5] = 0x03;
    let at = nested
        .windows(3)
        .position(|w| w == [0x07, 0xa1, 0x01])
        .unwrap();
    nested[at + 1] = 0xa2;
    let name_len = usize::from(nested[at + 3] - 0x60);
    nested.splice(at + 4 + name_len..at + 4 + name_len, [0x03, 0x00]);
    let e = decode_year_record(&nested).unwrap_err();
    assert_eq!(
        (e.code(), e.path.as_str()),
        ("unknown_field", "homeroom_teacher")
    );
}

#[test]
fn transcript_embeds_year_records_byte_for_byte() {
    let r = full_record();
    let tr = Transcript {
        pupil: r.pupil.clone(),
        enrolments: vec![Enrolment {
            school_year: r.school_year,
            class_name: t("3A"),
            school_name: r.school.name.clone(),
            school_code: r.school.code.clone(),
            register_number: t("12/2022"),
            admitted_on: Date::from_ymd(2022, 9, 5).unwrap(),
            admission: Admission::Admitted,
        }],
        years: vec![r.clone(), r.clone()],
        extensions: Extensions::default(),
    };
    let bytes = encode_transcript(&tr);
    let one = encode_year_record(&r);
    assert!(bytes.windows(one.len()).any(|w| w == one.as_slice()));
    assert_eq!(decode_transcript(&bytes).unwrap(), tr);
    // A transcript is not a year record: its key 1 is a map where `rule_set` is text.
    let e = decode_year_record(&bytes).unwrap_err();
    assert_eq!((e.code(), e.path.as_str()), ("wrong_type", "rule_set"));
}

#[test]
fn diagnostic_notation_and_annotated_hex() {
    let bytes = [
        0xa2, 0x01, 0x63, b'a', b'b', b'c', 0x02, 0x82, 0x20, 0x41, 0xff,
    ];
    assert_eq!(diagnostic(&bytes).unwrap(), "{1: \"abc\", 2: [-1, h'ff']}");
    let hex = annotated_hex(&bytes).unwrap();
    assert!(hex.starts_with("a2                              # map(2)\n"));
    let stripped: String = hex
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(stripped, "a20163616263028220 41ff".replace(' ', ""));
    assert_eq!(
        diagnostic(&[0x18, 0x01]).unwrap_err().code(),
        "non_shortest_integer"
    );
}

#[test]
fn errors_pass_through_the_crate_error() {
    let e: crate::Error = decode_year_record(&[0xf7]).unwrap_err().into();
    assert_eq!(e.code(), "forbidden_simple_value");
    assert!(e.message(crate::Lang::Vi).contains("không được phép"));
    assert_eq!(DecodeErrorKind::ALL_CODES.len(), 20);
}

#[test]
fn error_table_in_the_spec_lists_exactly_the_codes() {
    let spec = include_str!("../../../docs/spec/canonical.md");
    let table = &spec[spec.find("## 5. Error codes").unwrap()..];
    let table = &table[..table.find("\n## ").unwrap()];
    let codes: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert_eq!(codes, DecodeErrorKind::ALL_CODES);
}

#[test]
fn model_docs_carry_the_cddl_of_every_structure() {
    let cddl = include_str!("../../../docs/spec/hocba.cddl");
    let sources = [
        include_str!("../model/record.rs"),
        include_str!("../model/pupil.rs"),
        include_str!("../model/transcript.rs"),
    ]
    .concat();
    for (rule, _) in keys::RULES {
        let start = cddl.find(&format!("\n{rule} = {{")).unwrap() + 1;
        let end = start + cddl[start..].find("\n}").unwrap() + 2;
        let text = format!("```cddl\n{}\n```", &cddl[start..end]);
        assert!(
            sources.contains(&text),
            "the doc comment of `{rule}` differs from hocba.cddl"
        );
    }
}

/// The one head reader and writer (issue 14 item 16): every head `put_head` writes is read back
/// by both the canonical reader and the envelope's strict reader, as the same major type and
/// argument, and both refuse the same non-shortest, reserved and truncated heads.
#[test]
fn one_head_codec_for_the_record_and_the_envelope() {
    use crate::canonical::head::{self, Reader};
    use crate::envelope::cbor;
    let args = [
        0u64,
        1,
        23,
        24,
        255,
        256,
        65_535,
        65_536,
        u64::from(u32::MAX),
        1 << 32,
        u64::MAX,
    ];
    for major in [
        head::UINT,
        head::NINT,
        head::BYTES,
        head::TEXT,
        head::ARRAY,
        head::MAP,
        head::TAG,
    ] {
        for arg in args {
            let mut out = Vec::new();
            head::put_head(&mut out, major, arg);
            assert_eq!(out.len(), head::head_len(arg));
            let h = Reader::new(&out).head().expect("canonical reader");
            assert_eq!((h.major, h.arg, h.is_non_shortest()), (major, arg, false));
            let (m, a) = cbor::Reader::new(&out)
                .head("test")
                .expect("envelope reader");
            assert_eq!((m, a), (major, arg));
        }
    }
    // Non-shortest (24 in two bytes), reserved (info 28) and truncated heads.
    let non_shortest = [0x18, 0x05];
    assert!(
        Reader::new(&non_shortest)
            .head()
            .expect("read")
            .is_non_shortest()
    );
    assert_eq!(
        cbor::Reader::new(&non_shortest)
            .head("x")
            .unwrap_err()
            .code(),
        "envelope_not_deterministic"
    );
    for bad in [&[0x1c][..], &[0x19, 0x01][..], &[][..]] {
        assert!(Reader::new(bad).head().is_err());
        assert_eq!(
            cbor::Reader::new(bad).head("x").unwrap_err().code(),
            "envelope_malformed"
        );
    }
    assert_eq!(code_of_head(&[0x1c]), "malformed");
    assert_eq!(code_of_head(&[0x19, 0x01]), "truncated");
}

fn code_of_head(bytes: &[u8]) -> &'static str {
    crate::canonical::head::Reader::new(bytes)
        .head()
        .unwrap_err()
        .code()
}

// One schema per structure (issue 14 item 16, ADR 0211): the encoder, the decoder and the key
// table are derived from the same `cbor_maps!` table in `keys.rs`.
mod schema {
    use super::super::decode::Dec;
    use super::super::head::{MAP, UINT, Writer, read_head};
    use super::super::profile::check_profile_texts;
    use super::super::schema::Field;
    use super::*;

    fn put<T: Field>(v: &T) -> Vec<u8> {
        let mut w = Writer::with_capacity(64);
        v.put(&mut w);
        w.buf
    }

    fn get<T: Field>(bytes: &[u8]) -> Result<T, DecodeError> {
        let texts = check_profile_texts(bytes, &Limits::HOCBA)?;
        T::get(&mut Dec::new(bytes, &texts))
    }

    /// The keys of the map at the start of `bytes`, in order.
    fn top_level_keys(bytes: &[u8]) -> Vec<u64> {
        fn skip(b: &[u8], pos: usize) -> usize {
            let (h, next) = read_head(b, pos).unwrap();
            match h.major {
                2 | 3 => next + h.arg as usize,
                4 => (0..h.arg).fold(next, |p, _| skip(b, p)),
                5 => (0..2 * h.arg).fold(next, |p, _| skip(b, p)),
                6 => skip(b, next),
                _ => next,
            }
        }
        let (h, mut pos) = read_head(bytes, 0).unwrap();
        assert_eq!(h.major, MAP);
        let mut keys = Vec::new();
        for _ in 0..h.arg {
            let (k, next) = read_head(bytes, pos).unwrap();
            assert_eq!(k.major, UINT);
            keys.push(k.arg);
            pos = skip(bytes, next);
        }
        keys
    }

    #[test]
    fn a_structure_is_written_in_key_order_with_only_its_present_fields() {
        let cases: Vec<(Vec<u8>, &[u8])> = vec![
            (
                put(&Signatory {
                    full_name: t("An"),
                    personal_id: None,
                }),
                &[
                    0xa1, // map(1)
                    0x01, 0x62, b'A', b'n', // 1 (full_name): "An"
                ],
            ),
            (
                put(&AdminUnit {
                    code: Some(AdminCode::try_from("48").unwrap()),
                    name: t("X"),
                }),
                &[
                    0xa2, // map(2)
                    0x01, 0x62, b'4', b'8', // 1 (code): "48"
                    0x02, 0x61, b'X', // 2 (name): "X"
                ],
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
        let back: AdminUnit = get(&put(&AdminUnit {
            code: None,
            name: t("X"),
        }))
        .unwrap();
        assert_eq!(back.code, None);
        assert_eq!(back.name.as_str(), "X");
    }

    #[test]
    fn the_decoder_refuses_what_the_schema_does_not_allow() {
        // A key the schema does not list.
        let e = get::<AdminUnit>(&[0xa2, 0x02, 0x61, b'X', 0x03, 0x00]).unwrap_err();
        assert_eq!(e.code(), "unknown_field");
        // A required field missing, named in the path.
        let e = get::<AdminUnit>(&[0xa1, 0x01, 0x62, b'4', b'8']).unwrap_err();
        assert_eq!((e.code(), e.path.as_str()), ("missing_field", "name"));
        // A flag written as false: a second encoding of "absent".
        let e = get::<SubjectResult>(&[
            0xa3, // map(3)
            0x01, 0x64, b't', b'o', b'a', b'n', // 1 (subject): "toan"
            0x03, 0x61, b'T', // 3 (level): "T"
            0x05, 0xf4, // 5 (retest): false
        ])
        .unwrap_err();
        assert_eq!(e.code(), "wrong_type");
        // A list the profile omits when empty, present and empty.
        let e = get::<PeriodicResult>(&[
            0xa2, // map(2)
            0x01, 0x64, b'c', b'h', b'k', b'1', // 1 (moment): "chk1"
            0x02, 0x80, // 2 (subjects): []
        ])
        .unwrap_err();
        assert_eq!(e.code(), "wrong_type");
    }

    #[test]
    fn the_key_table_lists_exactly_what_a_full_record_writes() {
        let bytes = encode_year_record(&full_record());
        let written = top_level_keys(&bytes);
        let listed: Vec<u64> = keys::year_record::FIELDS.iter().map(|(_, k)| *k).collect();
        assert_eq!(written, listed);
        let pupil = put(&full_record().pupil);
        let listed: Vec<u64> = keys::pupil::FIELDS.iter().map(|(_, k)| *k).collect();
        assert_eq!(top_level_keys(&pupil), listed);
    }
}
