//! Hand-built synthetic records for vectors and tests: the smallest valid record, one with
//! every optional field, and a realistic grade-3 year. All people and numbers are invented.

use hocba_core::model::{
    AdminCode, AdminUnit, Award, AwardKind, Competency, CompetencyRating, Completion, Correction,
    CountryCode, Date, Ethnicity, Extensions, Gender, Grade, Guardian, Moment, PeriodicResult,
    PersonalId, Place, PrincipalCapacity, PrincipalSignatory, Promotion, Pupil, PupilCode, Quality,
    QualityLevel, QualityRating, RULE_SET_TT27, School, SchoolCode, SchoolYear, Score,
    Sha256Digest, Signatory, Subject, SubjectLevel, SubjectResult, SupplementaryAssessment, Text,
    Transcript, YearRecord, YearResult,
};
use hocba_core::model::{
    Admission, Department, DepartmentCode, Enrolment, GroupComments, Issuance, LookupCode,
    SchoolStep,
};

/// Makes a `Text`; every literal in this module is short valid text.
pub fn text(s: &str) -> Text {
    Text::new(s).expect("sample text is short")
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_ymd(y, m, d).expect("sample dates are real")
}

fn da_nang(detail: Option<&str>) -> Place {
    Place {
        detail: detail.map(text),
        commune: Some(AdminUnit {
            code: AdminCode::try_from("20305").ok(),
            name: text("Phường Hải Châu"),
        }),
        district: None,
        province: Some(AdminUnit {
            code: AdminCode::try_from("48").ok(),
            name: text("Thành phố Đà Nẵng"),
        }),
        as_of: Some(date(2025, 7, 1)),
    }
}

fn school() -> School {
    School {
        name: text("Trường Tiểu học Trần Quốc Toản"),
        code: SchoolCode::try_from("48-TH-0007").expect("valid code"),
        place: da_nang(Some("12 Lê Lợi")),
        department: None,
    }
}

fn pupil_minimal() -> Pupil {
    Pupil {
        full_name: text("Nguyễn Văn An"),
        gender: Gender::Male,
        date_of_birth: date(2016, 3, 9),
        place_of_birth: text("Đà Nẵng"),
        hometown: None,
        ethnicity: Some(Ethnicity::KINH),
        nationality: CountryCode::vn(),
        residence: Place {
            detail: None,
            commune: None,
            district: None,
            province: Some(AdminUnit {
                code: None,
                name: text("Thành phố Đà Nẵng"),
            }),
            as_of: Some(date(2025, 7, 1)),
        },
        father: None,
        mother: None,
        guardian: None,
        personal_id: None,
        pupil_code: None,
    }
}

/// The smallest valid year record: required fields only, no ratings.
pub fn minimal_record() -> YearRecord {
    YearRecord {
        rule_set: text(RULE_SET_TT27),
        pupil: pupil_minimal(),
        school: School {
            name: text("Trường Tiểu học Hòa Bình"),
            code: SchoolCode::try_from("48-TH-0001").expect("valid code"),
            place: da_nang(None),
            department: None,
        },
        school_year: SchoolYear::starting(2024).expect("in range"),
        grade: Grade::try_from(3).unwrap_or(Grade::G1),
        class_name: text("3A"),
        homeroom_teacher: Signatory {
            full_name: text("Lê Thị Mai"),
            personal_id: None,
        },
        principal: PrincipalSignatory {
            full_name: text("Phạm Văn Đức"),
            capacity: PrincipalCapacity::Principal,
            personal_id: None,
            title: None,
        },
        height_mm: None,
        weight_g: None,
        days_absent: None,
        subjects: Vec::new(),
        qualities: Vec::new(),
        competencies: Vec::new(),
        periodic: Vec::new(),
        result: YearResult::Completed,
        awards: Vec::new(),
        completion: Completion {
            class_completed: true,
            supplementary: None,
            promotion: Promotion::Promoted,
            principal_decision: false,
            primary_completed: false,
        },
        correction: None,
        lookup_code: None,
        absences_excused: None,
        absences_unexcused: None,
        register_number: None,
        history: Vec::new(),
        comments: GroupComments::default(),
        issuance: None,
        extensions: Extensions::default(),
    }
}

fn score(v: u8) -> Option<Score> {
    Score::try_from(v).ok()
}

fn subject(s: Subject, level: SubjectLevel, sc: Option<u8>, comment: &str) -> SubjectResult {
    SubjectResult {
        subject: s,
        language: None,
        level,
        score: sc.and_then(score),
        retest: false,
        comment: Some(text(comment)),
    }
}

/// A year record with every optional field present (and a retest, a supplementary
/// assessment, a principal's decision and a correction).
pub fn full_record() -> YearRecord {
    let mut r = realistic_record();
    r.pupil.hometown = Some(text("Điện Bàn, Quảng Nam"));
    r.pupil.guardian = Some(Guardian {
        full_name: text("Nguyễn Văn Tư"),
        birth_year: Some(1960),
        occupation: Some(text("Hưu trí")),
    });
    r.pupil.residence.district = Some(AdminUnit {
        code: None,
        name: text("Quận Hải Châu"),
    });
    r.pupil.residence.as_of = Some(date(2024, 9, 5));
    r.school.department = Some(Department {
        code: DepartmentCode::try_from("48").expect("valid code"),
        name: text("Sở Giáo dục và Đào tạo thành phố Đà Nẵng"),
    });
    r.homeroom_teacher.personal_id = PersonalId::try_from("048188001122").ok();
    r.principal.personal_id = PersonalId::try_from("048075003344").ok();
    r.principal.title = Some(text("Hiệu trưởng"));
    r.lookup_code = LookupCode::try_from("3f2b8c1e-7d4a-4e9b-a1c2-5d6e7f809a1b").ok();
    r.absences_excused = Some(3);
    r.absences_unexcused = Some(1);
    r.register_number = Some(text("215/2022"));
    r.history = vec![SchoolStep {
        school_year: SchoolYear::starting(2024).expect("in range"),
        class_name: text("3/2"),
        school_name: text("Trường Tiểu học Trần Quốc Toản"),
        moved_in_on: Some(date(2024, 8, 12)),
    }];
    r.comments = GroupComments {
        qualities: Some(text("Lễ phép, trung thực, biết giúp đỡ bạn.")),
        general_competencies: Some(text("Tự giác học tập, hợp tác tốt trong nhóm.")),
        specific_competencies: Some(text("Đọc lưu loát, tính toán chính xác.")),
        homeroom: Some(text("Hoàn thành tốt nhiệm vụ học tập; tiếp tục phát huy.")),
    };
    r.issuance = Some(Issuance {
        place: text("Đà Nẵng"),
        created_at: "2025-05-24T09:30:00+07:00"
            .parse()
            .expect("valid date-time"),
        issued_at: "2025-05-28T15:05:00+07:00".parse().ok(),
    });
    r.subjects[0].retest = true;
    r.completion.supplementary = Some(SupplementaryAssessment {
        completed: true,
        date: Some(date(2025, 6, 20)),
        comment: Some(text("Đã hoàn thành sau kiểm tra bổ sung.")),
    });
    r.completion.principal_decision = true;
    r.awards.push(Award {
        kind: AwardKind::Special,
        description: Some(text("Giải Nhì Hội khỏe Phù Đổng cấp phường")),
    });
    r.correction = Some(Correction {
        supersedes: Sha256Digest([0x5a; 32]),
        reason: text("Sửa điểm Toán nhập nhầm."),
    });
    r
}

/// A realistic grade-3 year under TT27: every subject of the grade with levels, scores
/// where tested and comments; the five qualities and ten competencies; the end of term I.
pub fn realistic_record() -> YearRecord {
    use QualityLevel as Q;
    use SubjectLevel as L;
    let mut r = minimal_record();
    r.pupil = Pupil {
        full_name: text("Trần Thị Ngọc Ánh"),
        gender: Gender::Female,
        date_of_birth: date(2016, 11, 23),
        place_of_birth: text("Bệnh viện Phụ sản – Nhi Đà Nẵng"),
        hometown: None,
        ethnicity: Some(Ethnicity::KINH),
        nationality: CountryCode::vn(),
        residence: da_nang(Some("Tổ 15, 27 Nguyễn Chí Thanh")),
        father: Some(Guardian {
            full_name: text("Trần Văn Hải"),
            birth_year: Some(1986),
            occupation: Some(text("Kỹ sư xây dựng")),
        }),
        mother: Some(Guardian {
            full_name: text("Lê Thị Hồng Nhung"),
            birth_year: Some(1989),
            occupation: Some(text("Giáo viên")),
        }),
        guardian: None,
        personal_id: PersonalId::try_from("048316001234").ok(),
        pupil_code: PupilCode::try_from("4800712345").ok(),
    };
    r.school = school();
    r.class_name = text("3/2");
    r.homeroom_teacher = Signatory {
        full_name: text("Võ Thị Thanh Hương"),
        personal_id: None,
    };
    r.principal = PrincipalSignatory {
        full_name: text("Huỳnh Văn Quý"),
        capacity: PrincipalCapacity::Principal,
        personal_id: None,
        title: None,
    };
    r.height_mm = Some(1318);
    r.weight_g = Some(27_400);
    r.days_absent = Some(3);
    r.subjects = vec![
        subject(
            Subject::TiengViet,
            L::Good,
            Some(9),
            "Đọc lưu loát, viết đúng chính tả; bài văn có ý sáng tạo.",
        ),
        subject(
            Subject::Toan,
            L::Good,
            Some(10),
            "Tính toán nhanh, chính xác; giải toán có lời văn tốt.",
        ),
        SubjectResult {
            language: Some(text("Tiếng Anh")),
            ..subject(
                Subject::NgoaiNgu1,
                L::Completed,
                Some(8),
                "Nghe hiểu tốt, cần mạnh dạn nói hơn.",
            )
        },
        subject(
            Subject::DaoDuc,
            L::Good,
            None,
            "Lễ phép, biết giúp đỡ bạn bè.",
        ),
        subject(
            Subject::TuNhienXaHoi,
            L::Good,
            None,
            "Hiểu bài, biết liên hệ thực tế.",
        ),
        subject(
            Subject::TinHocCongNghe,
            L::Completed,
            Some(8),
            "Sử dụng chuột, bàn phím thành thạo.",
        ),
        subject(
            Subject::GiaoDucTheChat,
            L::Completed,
            None,
            "Tích cực tham gia các trò chơi vận động.",
        ),
        subject(
            Subject::AmNhac,
            L::Good,
            None,
            "Hát đúng giai điệu, biểu diễn tự tin.",
        ),
        subject(
            Subject::MiThuat,
            L::Completed,
            None,
            "Vẽ có bố cục, màu sắc hài hòa.",
        ),
        subject(
            Subject::HoatDongTraiNghiem,
            L::Good,
            None,
            "Hăng hái tham gia hoạt động tập thể.",
        ),
    ];
    r.qualities = Quality::ALL
        .iter()
        .map(|&q| QualityRating {
            quality: q,
            level: if q == Quality::Diligence {
                Q::Pass
            } else {
                Q::Good
            },
            comment: Some(text("Thực hiện tốt nội quy lớp học.")),
        })
        .collect();
    r.competencies = Competency::ALL
        .iter()
        .map(|&c| CompetencyRating {
            competency: c,
            level: if c.is_general() { Q::Good } else { Q::Pass },
            comment: c.is_general().then(|| text("Biết tự học và hợp tác nhóm.")),
        })
        .collect();
    r.periodic = vec![PeriodicResult {
        moment: Moment::EndTerm1,
        subjects: vec![
            subject(Subject::TiengViet, L::Good, Some(9), "Tiến bộ rõ."),
            subject(Subject::Toan, L::Good, Some(9), "Làm bài cẩn thận."),
        ],
        qualities: Vec::new(),
        competencies: Vec::new(),
    }];
    r.result = YearResult::Good;
    r.awards = vec![Award {
        kind: AwardKind::Exemplary,
        description: None,
    }];
    r
}

/// A two-year transcript: grade 2 at one school, then a transfer and grade 3 at another.
pub fn transcript() -> Transcript {
    let g3 = realistic_record();
    let mut g2 = minimal_record();
    g2.pupil = g3.pupil.clone();
    g2.school_year = SchoolYear::starting(2023).unwrap_or(g2.school_year);
    g2.grade = Grade::try_from(2).unwrap_or(Grade::G1);
    g2.class_name = text("2A");
    let enrol = |y: &YearRecord, on: Date, admission| Enrolment {
        school_year: y.school_year,
        class_name: y.class_name.clone(),
        school_name: y.school.name.clone(),
        school_code: y.school.code.clone(),
        register_number: text("27/2022"),
        admitted_on: on,
        admission,
    };
    Transcript {
        pupil: g3.pupil.clone(),
        enrolments: vec![
            enrol(&g2, date(2023, 9, 5), Admission::Admitted),
            enrol(&g3, date(2024, 8, 20), Admission::TransferredIn),
        ],
        years: vec![g2, g3],
        extensions: Extensions::default(),
    }
}
