//! The rule registry: the one place that maps a rule id to its article, its stable code, its
//! default severity, the [`Policy`](super::Policy) setting that controls it (if any) and its
//! messages in Vietnamese and English.
//!
//! `docs/spec/rules.md` is the same table for people; a test parses it and fails when the
//! two disagree. Messages are templates: `{subject}`, `{grade}`, `{moment}`, `{item}` and
//! `{from}` are replaced by curriculum facts (a subject's name, a grade number, a periodic
//! moment, a quality, competency or field name, a school year). They never carry a pupil's
//! name, identifier, birth date, scores or results.

use serde::Serialize;

/// How serious a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Probably wrong, or wrong under a reading of the law that is not confirmed; the record
    /// is still valid.
    Warning,
    /// The record breaks the rule; it is not valid.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn code(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Vietnamese label: "Lỗi", "Cảnh báo", "Thông tin".
    pub const fn label_vi(self) -> &'static str {
        match self {
            Severity::Info => "Thông tin",
            Severity::Warning => "Cảnh báo",
            Severity::Error => "Lỗi",
        }
    }

    /// The English label.
    pub const fn label_en(self) -> &'static str {
        match self {
            Severity::Info => "Info",
            Severity::Warning => "Warning",
            Severity::Error => "Error",
        }
    }
}

/// One rule of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Which rule (the enum used inside the validator).
    pub key: RuleCode,
    /// Rule id in the catalogue, e.g. `SCO-01`.
    pub id: &'static str,
    /// Stable snake_case code, e.g. `score_missing`. Never changes once released.
    pub code: &'static str,
    /// The legal basis, e.g. "TT27 Điều 9.2.a". May contain `{grade}`.
    pub article: &'static str,
    /// Severity under the default [`Policy`](super::Policy).
    pub severity: Severity,
    /// The [`Policy`](super::Policy) field that sets this rule's severity (or turns it off),
    /// for rules whose legal basis is UNCONFIRMED.
    pub policy: Option<&'static str>,
    /// Message template in Vietnamese.
    pub message_vi: &'static str,
    /// Message template in English.
    pub message_en: &'static str,
}

macro_rules! registry {
    ( $( $(#[$m:meta])* $key:ident = $id:literal, $code:literal, $article:literal, $sev:ident, $policy:expr,
         vi: $vi:literal, en: $en:literal; )+ ) => {
        /// Every rule of the validator, one variant per catalogue row.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum RuleCode {
            $( $(#[$m])* $key, )+
        }

        /// The registry: every rule, in catalogue order (`RULES[k as usize].key == k`).
        pub static RULES: &[Rule] = &[
            $( Rule {
                key: RuleCode::$key,
                id: $id,
                code: $code,
                article: $article,
                severity: Severity::$sev,
                policy: $policy,
                message_vi: $vi,
                message_en: $en,
            }, )+
        ];
    };
}

impl RuleCode {
    /// This rule's registry entry.
    pub fn rule(self) -> &'static Rule {
        // The macro emits the enum and the table in the same order, so the discriminant is
        // the index (checked by a unit test).
        &RULES[self as usize]
    }

    /// The stable code.
    pub fn code(self) -> &'static str {
        self.rule().code
    }
}

/// The rule with stable code `code`.
pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// The rule with catalogue id `id` (e.g. `RES-01`).
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

registry! {
    // ── Rule set ──────────────────────────────────────────────────────────────────────────
    /// The record names a rule set hocba does not know.
    RuleSetUnknown = "RST-01", "rule_set_unknown", "hocba — bộ quy định đánh giá được hỗ trợ (ADR 0030)", Error, None,
        vi: "Bản ghi nêu một bộ quy định đánh giá mà hocba không biết; không thể kiểm tra theo Thông tư 27/2020.",
        en: "The record names an assessment rule set hocba does not know; it cannot be checked under Circular 27/2020.";
    /// The record names TT22/2016, which hocba does not implement.
    RuleSetNotImplemented = "RST-02", "rule_set_not_implemented", "TT22/2016/TT-BGDĐT (hocba chưa hỗ trợ)", Error, None,
        vi: "Bản ghi được đánh giá theo Thông tư 22/2016/TT-BGDĐT; hocba chưa hỗ trợ bộ quy định này.",
        en: "The record was assessed under Circular 22/2016/TT-BGDĐT, which hocba does not implement yet.";
    /// TT27 did not yet apply to this grade in this school year.
    RuleSetNotInForce = "RST-03", "rule_set_not_in_force", "TT27/2020 — lộ trình áp dụng theo lớp", Error, None,
        vi: "Thông tư 27/2020 áp dụng cho lớp {grade} từ năm học {from}; năm học trước đó được đánh giá theo Thông tư 22/2016/TT-BGDĐT, hocba chưa hỗ trợ.",
        en: "Circular 27/2020 applies to grade {grade} from school year {from}; earlier years were assessed under Circular 22/2016/TT-BGDĐT, which hocba does not implement yet.";

    // ── Curriculum ───────────────────────────────────────────────────────────────────────
    /// A subject that is not part of the grade's curriculum.
    SubjectNotInGrade = "CUR-01", "subject_not_in_grade", "TT32/2018 — kế hoạch giáo dục lớp {grade}", Error, None,
        vi: "Môn {subject} không thuộc chương trình lớp {grade}.",
        en: "{subject} is not part of the grade {grade} curriculum.";
    /// A compulsory subject without its year-end assessment.
    SubjectMissing = "CUR-02", "subject_missing", "TT32/2018 — kế hoạch giáo dục lớp {grade}; TT27 Điều 7.1", Error, None,
        vi: "Thiếu đánh giá cuối năm môn bắt buộc {subject} của lớp {grade}.",
        en: "The year-end assessment of the compulsory subject {subject} (grade {grade}) is missing.";
    /// The same subject twice.
    SubjectDuplicate = "CUR-03", "subject_duplicate", "TT27 Phụ lục 1 — mẫu học bạ", Error, None,
        vi: "Môn {subject} được ghi nhiều hơn một lần.",
        en: "{subject} is recorded more than once.";
    /// Ngoại ngữ 1 / Tiếng dân tộc thiểu số without the language's name.
    LanguageMissing = "CUR-04", "language_missing", "TT32/2018 — môn Ngoại ngữ 1, Tiếng dân tộc thiểu số", Warning, None,
        vi: "Chưa ghi tên ngôn ngữ của môn {subject}.",
        en: "The language of {subject} is not named.";
    /// Tin học và Công nghệ both as the combined row and as its two rows.
    IctRowsMixed = "CUR-05", "ict_rows_mixed", "TT32/2018 — môn Tin học và Công nghệ; CV 2088/BGDĐT-GDTH Phụ lục 2 (QĐ 2904/QĐ-BGDĐT) — hai dòng Tin học, Công nghệ", Error, None,
        vi: "Môn {subject} được ghi vừa bằng một dòng chung vừa bằng hai dòng Tin học, Công nghệ; chỉ dùng một cách ghi.",
        en: "{subject} is recorded both as one combined row and as the two rows Informatics and Technology; use one form only.";
    /// The combined row of Tin học và Công nghệ in a record with the national format's fields.
    IctCombinedRow = "CUR-06", "ict_combined_row", "CV 2088/BGDĐT-GDTH Phụ lục 2 (QĐ 2904/QĐ-BGDĐT) — hai dòng Tin học, Công nghệ", Warning, None,
        vi: "Môn {subject} được ghi bằng một dòng chung (định dạng 1.0); học bạ số theo định dạng quốc gia ghi hai dòng Tin học và Công nghệ, mỗi dòng có mức đạt được và điểm riêng.",
        en: "{subject} is recorded as one combined row (format 1.0); the national digital transcript has two rows, Informatics and Technology, each with its own level and score.";

    // ── Periodic moments ─────────────────────────────────────────────────────────────────
    /// The year end recorded among the mid-year periodic results.
    PeriodicMomentInvalid = "PER-01", "periodic_moment_invalid", "TT27 Điều 7.1.a", Error, None,
        vi: "Kết quả cuối năm học phải ghi ở phần đánh giá cuối năm, không ghi trong kết quả định kì giữa năm.",
        en: "The end-of-year assessment belongs in the year-end part of the record, not among the mid-year periodic results.";
    /// The same periodic moment twice.
    PeriodicMomentDuplicate = "PER-02", "periodic_moment_duplicate", "TT27 Điều 7.1.a", Error, None,
        vi: "Thời điểm {moment} được ghi nhiều hơn một lần.",
        en: "The periodic moment {moment} is recorded more than once.";

    // ── Qualities, competencies, comments ────────────────────────────────────────────────
    /// A quality without its year-end rating.
    QualityMissing = "LVL-01", "quality_missing", "TT27 Điều 7.2", Error, None,
        vi: "Thiếu đánh giá cuối năm phẩm chất {item}.",
        en: "The year-end rating of the quality {item} is missing.";
    /// The same quality twice.
    QualityDuplicate = "LVL-02", "quality_duplicate", "TT27 Điều 7.2", Error, None,
        vi: "Phẩm chất {item} được ghi nhiều hơn một lần.",
        en: "The quality {item} is recorded more than once.";
    /// A competency without its year-end rating.
    CompetencyMissing = "LVL-03", "competency_missing", "TT27 Điều 7.2", Error, None,
        vi: "Thiếu đánh giá cuối năm năng lực {item}.",
        en: "The year-end rating of the competency {item} is missing.";
    /// The same competency twice.
    CompetencyDuplicate = "LVL-04", "competency_duplicate", "TT27 Điều 7.2", Error, None,
        vi: "Năng lực {item} được ghi nhiều hơn một lần.",
        en: "The competency {item} is recorded more than once.";
    /// A level C without a comment.
    CommentMissing = "LVL-05", "comment_missing", "TT27 Phụ lục 1 — hướng dẫn ghi nhận xét", Warning, Some("comment_for_c"),
        vi: "{item} ở mức Chưa hoàn thành / Cần cố gắng nhưng chưa có nhận xét về nội dung chưa đạt và cách hỗ trợ.",
        en: "{item} is rated C (not completed / needs effort) without a comment on what is not yet achieved.";

    // ── Periodic tests and scores ────────────────────────────────────────────────────────
    /// A tested subject without its score.
    ScoreMissing = "SCO-01", "score_missing", "TT27 Điều 7.1.b", Error, None,
        vi: "Môn {subject} lớp {grade} có bài kiểm tra định kì {moment} nhưng chưa ghi điểm.",
        en: "{subject} (grade {grade}) has a periodic test at {moment}, but no score is recorded.";
    /// A score where TT27 has no test.
    ScoreUnexpected = "SCO-02", "score_unexpected", "TT27 Điều 7.1.b", Error, None,
        vi: "Môn {subject} lớp {grade} không có bài kiểm tra định kì {moment}; không ghi điểm.",
        en: "{subject} (grade {grade}) has no periodic test at {moment}; no score may be recorded.";
    /// A score on an optional subject.
    ScoreOptionalSubject = "SCO-03", "score_optional_subject", "TT27 Điều 7.1.b (môn tự chọn: CHƯA XÁC NHẬN)", Warning, Some("optional_subject_score"),
        vi: "Môn tự chọn {subject} có ghi điểm; Điều 7.1.b chỉ quy định kiểm tra định kì các môn bắt buộc, nên điểm này không tính vào kết quả theo Điều 9.2.a.",
        en: "The optional subject {subject} has a score; Art. 7.1.b sets periodic tests for compulsory subjects only, so it does not count towards the Art. 9.2.a result.";
    /// A score of 0.
    ScoreZero = "SCO-04", "score_zero", "TT27 Điều 7.1.d (điểm 0: CHƯA XÁC NHẬN)", Warning, Some("zero_score"),
        vi: "Môn {subject} có điểm 0; Thông tư 22/2016 không cho điểm 0, Thông tư 27 chưa xác nhận được điều này, cần kiểm tra lại.",
        en: "{subject} has a score of 0; Circular 22/2016 forbade 0, whether Circular 27 still does is unconfirmed: please check.";
    /// A retest without a score.
    RetestWithoutScore = "SCO-05", "retest_without_score", "TT27 Phụ lục 1 — hướng dẫn ghi điểm kiểm tra lại", Error, None,
        vi: "Môn {subject} được đánh dấu kiểm tra lại nhưng không có điểm.",
        en: "{subject} is marked as retested but has no score.";
    /// A retest at a mid-term moment.
    RetestAtMoment = "SCO-06", "retest_at_moment", "TT27 Điều 7.1.d (kiểm tra lại: CHƯA XÁC NHẬN)", Warning, Some("retest_moment"),
        vi: "Môn {subject} được đánh dấu kiểm tra lại ở {moment}; kiểm tra lại chỉ dành cho bài kiểm tra cuối học kì I và cuối năm học.",
        en: "{subject} is marked as retested at {moment}; a retest is for the end-of-term-I and end-of-year tests only.";
    /// A retest recorded: the score is the last test's.
    RetestRecorded = "SCO-07", "retest_recorded", "TT27 Phụ lục 1 — hướng dẫn ghi điểm kiểm tra lại", Info, None,
        vi: "Môn {subject}: học sinh đã kiểm tra lại; điểm ghi trong học bạ là điểm của lần kiểm tra cuối cùng.",
        en: "{subject}: the pupil re-sat the test; the score recorded is that of the last test.";

    // ── Year-end result ──────────────────────────────────────────────────────────────────
    /// The recorded result is not the one Điều 9.2.a gives.
    ResultMismatch = "RES-01", "result_mismatch", "TT27 Điều 9.2.a", Error, None,
        vi: "Kết quả giáo dục ghi trong học bạ khác với kết quả tính theo Điều 9.2.a từ các mức đánh giá và điểm kiểm tra cuối năm (xem kết quả tính được).",
        en: "The recorded result differs from the one Art. 9.2.a gives for the year-end levels and test scores (see the derived result).";

    // ── Commendations ────────────────────────────────────────────────────────────────────
    /// "Học sinh Xuất sắc" without Hoàn thành xuất sắc.
    AwardExcellentRequiresHtxs = "AWD-01", "award_excellent_requires_htxs", "TT27 Điều 13.1.a", Error, None,
        vi: "Danh hiệu \"Học sinh Xuất sắc\" chỉ dành cho học sinh có kết quả Hoàn thành xuất sắc.",
        en: "The \"Excellent pupil\" title is only for pupils whose result is Completed with excellence.";
    /// "Học sinh Tiêu biểu…" without Hoàn thành tốt.
    AwardExemplaryRequiresHtt = "AWD-02", "award_exemplary_requires_htt", "TT27 Điều 13.1.a", Error, None,
        vi: "Danh hiệu \"Học sinh Tiêu biểu hoàn thành tốt trong học tập và rèn luyện\" chỉ dành cho học sinh có kết quả Hoàn thành tốt.",
        en: "The \"Exemplary pupil\" title is only for pupils whose result is Completed well.";
    /// "Học sinh Tiêu biểu…" without the achievement and the class recognition.
    AwardExemplaryBasisMissing = "AWD-03", "award_exemplary_basis_missing", "TT27 Điều 13.1.a", Warning, None,
        vi: "Danh hiệu \"Học sinh Tiêu biểu…\" cần ghi rõ thành tích nổi bật (ít nhất một môn) hoặc tiến bộ rõ rệt (ít nhất một phẩm chất, năng lực) được tập thể lớp công nhận.",
        en: "The \"Exemplary pupil\" title should state the outstanding achievement (at least one subject) or clear progress (at least one quality or competency) recognised by the class.";
    /// The same year-end title twice.
    AwardDuplicate = "AWD-04", "award_duplicate", "TT27 Điều 13.1.a", Error, None,
        vi: "Danh hiệu cuối năm {item} được ghi nhiều hơn một lần.",
        en: "The year-end title {item} is recorded more than once.";
    /// A special or higher-level commendation without its wording.
    AwardDescriptionMissing = "AWD-05", "award_description_missing", "TT27 Điều 13.1.b, 13.2", Warning, None,
        vi: "Khen thưởng {item} chưa ghi nội dung (thành tích được khen).",
        en: "The commendation {item} does not say what it is for.";
    /// Eligible for "Học sinh Xuất sắc" but the title is not recorded.
    AwardExcellentNotRecorded = "AWD-06", "award_excellent_not_recorded", "TT27 Điều 13.1.a", Info, None,
        vi: "Học sinh đủ điều kiện danh hiệu \"Học sinh Xuất sắc\" nhưng học bạ chưa ghi khen thưởng này.",
        en: "The pupil qualifies for the \"Excellent pupil\" title, but the record does not list it.";

    // ── Completion and promotion ─────────────────────────────────────────────────────────
    /// Class completion does not follow from the result and the additional assessment.
    ClassCompletionMismatch = "CMP-01", "class_completion_mismatch", "TT27 Điều 11.1.a, 11.1.b", Error, None,
        vi: "\"Hoàn thành chương trình lớp học\" không khớp với kết quả giáo dục và kết quả đánh giá bổ sung.",
        en: "\"Completed the class programme\" does not match the year-end result and the additional assessment.";
    /// Chưa hoàn thành without the additional assessment.
    SupplementaryMissing = "CMP-02", "supplementary_missing", "TT27 Điều 11.1.b", Error, None,
        vi: "Học sinh chưa hoàn thành chương trình lớp học nhưng chưa ghi kết quả đánh giá bổ sung.",
        en: "The pupil has not completed the class programme, but no additional assessment is recorded.";
    /// An additional assessment for a pupil who completed.
    SupplementaryUnexpected = "CMP-03", "supplementary_unexpected", "TT27 Điều 11.1.b", Error, None,
        vi: "Chỉ đánh giá bổ sung học sinh chưa hoàn thành; học sinh này đã hoàn thành theo kết quả cuối năm.",
        en: "An additional assessment is only for pupils who have not completed; this pupil completed at year end.";
    /// A pupil who completed is not simply promoted.
    PromotionMismatch = "CMP-04", "promotion_mismatch", "TT27 Điều 11.1", Error, None,
        vi: "Học sinh đã hoàn thành chương trình lớp học thì được lên lớp, không cần quyết định riêng của hiệu trưởng.",
        en: "A pupil who completed the class programme is promoted, without a separate decision of the principal.";
    /// Not completed without the principal's decision.
    PrincipalDecisionMissing = "CMP-05", "principal_decision_missing", "TT27 Điều 11.1.c", Error, None,
        vi: "Học sinh vẫn chưa hoàn thành sau đánh giá bổ sung: việc lên lớp hay chưa được lên lớp phải do hiệu trưởng quyết định.",
        en: "The pupil still has not completed after the additional assessment: promotion or retention must be the principal's decision.";
    /// Grade 5 completion of primary does not match class completion.
    PrimaryCompletionMismatch = "CMP-06", "primary_completion_mismatch", "TT27 Điều 11.2", Error, None,
        vi: "Lớp 5: \"Hoàn thành chương trình tiểu học\" phải được ghi khi và chỉ khi học sinh hoàn thành chương trình lớp 5.",
        en: "Grade 5: \"Completed primary education\" must be recorded exactly when the pupil completed the grade 5 programme.";
    /// Completion of primary recorded before grade 5.
    PrimaryCompletionNotGrade5 = "CMP-07", "primary_completion_not_grade_5", "TT27 Điều 11.2", Error, None,
        vi: "\"Hoàn thành chương trình tiểu học\" chỉ ghi ở lớp 5.",
        en: "\"Completed primary education\" is recorded in grade 5 only.";
    /// A national XML record of a pupil who did not complete at year end: the format cannot
    /// carry the additional assessment or the principal's decision (ADR 0242).
    SupplementaryNotCarried = "CMP-08", "supplementary_not_carried", "TT27 Điều 11.1.b, 11.1.c; CV 2088/BGDĐT-GDTH Phụ lục 1.1", Info, None,
        vi: "Học sinh chưa hoàn thành chương trình lớp học theo kết quả cuối năm; học bạ số định dạng quốc gia (Công văn 2088/BGDĐT-GDTH) không ghi kết quả đánh giá bổ sung và quyết định của hiệu trưởng, nên không kiểm tra được các quy định của Điều 11.1.b, 11.1.c.",
        en: "The pupil did not complete the class programme at year end; the national digital transcript format (Official Letter 2088/BGDĐT-GDTH) does not carry the additional assessment or the principal's decision, so Art. 11.1.b and 11.1.c cannot be checked.";
    /// The national XML's completion sentence contradicts its completion flags (ADR 0243).
    CompletionSentenceMismatch = "CMP-09", "completion_sentence_mismatch", "TT27 Điều 11.1, 11.2; CV 2088/BGDĐT-GDTH Phụ lục 1.1 — NOI_DUNG_HOAN_THANH_CHUONG_TRINH", Error, None,
        vi: "Câu ghi kết quả hoàn thành chương trình (NOI_DUNG_HOAN_THANH_CHUONG_TRINH) nói khác với mục {item} của học bạ; câu này thuộc dữ liệu được ký và là điều người đọc học bạ thấy.",
        en: "The completion sentence (NOI_DUNG_HOAN_THANH_CHUONG_TRINH) contradicts the record's {item}; the sentence is part of the signed data and is what readers of the record see.";

    // ── Identity ─────────────────────────────────────────────────────────────────────────
    /// A required field is blank.
    RequiredFieldBlank = "IDN-01", "required_field_blank", "TT27 Phụ lục 1 — mẫu học bạ", Error, None,
        vi: "Mục bắt buộc \"{item}\" đang để trống.",
        en: "The required field \"{item}\" is blank.";
    /// No personal identification number.
    PersonalIdMissing = "IDN-02", "personal_id_missing", "NĐ 137/2015/NĐ-CP Điều 13; CSDL ngành", Warning, Some("personal_id_missing"),
        vi: "Chưa có số định danh cá nhân; thiếu số này học bạ số không ký số được.",
        en: "No personal identification number; without it the digital transcript cannot be signed.";
    /// Personal ID: the province prefix is not a province code.
    PersonalIdProvince = "IDN-03", "personal_id_province", "NĐ 137/2015/NĐ-CP Điều 13; TT 07/2016/TT-BCA", Warning, Some("personal_id_structure"),
        vi: "Ba chữ số đầu của số định danh cá nhân không phải là mã tỉnh nơi đăng kí khai sinh.",
        en: "The first three digits of the personal identification number are not a province code of birth registration.";
    /// Personal ID: the century/gender digit does not match.
    PersonalIdCenturyGender = "IDN-04", "personal_id_century_gender", "NĐ 137/2015/NĐ-CP Điều 13 (mã thế kỉ/giới tính: CHƯA XÁC NHẬN)", Warning, Some("personal_id_structure"),
        vi: "Chữ số thứ tư của số định danh cá nhân (thế kỉ sinh và giới tính) không khớp với ngày sinh và giới tính.",
        en: "The fourth digit of the personal identification number (century of birth and gender) does not match the birth date and gender.";
    /// Personal ID: the year digits do not match.
    PersonalIdBirthYear = "IDN-05", "personal_id_birth_year", "NĐ 137/2015/NĐ-CP Điều 13", Warning, Some("personal_id_structure"),
        vi: "Chữ số thứ năm và thứ sáu của số định danh cá nhân (năm sinh) không khớp với ngày sinh.",
        en: "The fifth and sixth digits of the personal identification number (year of birth) do not match the birth date.";
    /// Age not plausible for the grade.
    BirthDateImplausible = "IDN-06", "birth_date_implausible", "TT 28/2020/TT-BGDĐT (Điều lệ trường tiểu học) — tuổi học sinh", Warning, Some("birth_date"),
        vi: "Năm sinh không phù hợp với độ tuổi của học sinh lớp {grade}; cần kiểm tra ngày sinh hoặc khối lớp.",
        en: "The year of birth does not fit the age of a grade {grade} pupil; please check the birth date or the grade.";
    /// No sector-database pupil code.
    PupilCodeMissing = "IDN-07", "pupil_code_missing", "CSDL ngành — mã định danh Bộ GD&ĐT", Info, None,
        vi: "Chưa có mã định danh học sinh của Bộ GD&ĐT (CSDL ngành).",
        en: "No MOET pupil code (sector database).";

    // ── National format (CV 2088) ───────────────────────────────────────────────────────
    /// Absence counts a school year cannot hold.
    AbsencesImplausible = "NAT-01", "absences_implausible", "CV 2088/BGDĐT-GDTH Phụ lục 1.1 (TONG_SO_BUOI_NGHI_CO_PHEP, THONG_SO_BUOI_NGHI_KHONG_PHEP); TT32/2018 — 35 tuần, 2 buổi/ngày", Warning, None,
        vi: "Số liệu nghỉ học không hợp lý: {item}; cần kiểm tra lại.",
        en: "Implausible absence counts: {item}; please check.";
    /// A field the national XML requires is absent.
    NationalFieldMissing = "NAT-02", "national_field_missing", "CV 2088/BGDĐT-GDTH Phụ lục 1.1 — trường bắt buộc", Warning, Some("national_completeness"),
        vi: "Thiếu \"{item}\", trường bắt buộc của học bạ số định dạng quốc gia (Công văn 2088/BGDĐT-GDTH); học bạ chưa thể nộp dưới dạng XML quốc gia.",
        en: "\"{item}\" is missing; the national digital transcript format (Official Letter 2088/BGDĐT-GDTH) requires it, so the record cannot be submitted as national XML yet.";

    /// A field of the national XML present but empty: a null is written by leaving the element
    /// out (ADR 0266).
    NationalEmptyElement = "NAT-03", "national_empty_element", "CV 2088/BGDĐT-GDTH §1 — giá trị rỗng thể hiện bằng cách không ghi thẻ; Phụ lục 1.1", Warning, None,
        vi: "Thẻ {item} có mặt nhưng không có giá trị; theo đặc tả (Công văn 2088/BGDĐT-GDTH), giá trị rỗng được thể hiện bằng cách không ghi thẻ. hocba đọc thẻ này như không có.",
        en: "The element {item} is present but empty; the specification (Official Letter 2088/BGDĐT-GDTH) writes a null by leaving the element out. hocba reads it as absent.";

    // ── Dates (ADR 0265) ────────────────────────────────────────────────────────────────
    /// Born on or after the first day the school year can begin.
    BirthDateAfterSchoolYear = "DAT-01", "birth_date_after_school_year", "TT27 Phụ lục 1 — ngày sinh (theo giấy khai sinh), năm học", Error, None,
        vi: "Ngày sinh không sớm hơn ngày đầu tiên năm học có thể bắt đầu (1 tháng 8 của năm đầu năm học); không thể là học sinh của năm học này.",
        en: "The birth date is not before the first day the school year can begin (1 August of its first year); no pupil of this school year can be born then.";
    /// Issued before it was made.
    IssuedBeforeCreated = "DAT-02", "issued_before_created", "CV 2088/BGDĐT-GDTH §2 — quy trình: tạo học bạ, ký, phát hành; Phụ lục 1.1 (NGAY_TAO_HOC_BA, NGAY_KY_PHAT_HANH_HOC_BA)", Error, None,
        vi: "Ngày ký phát hành học bạ (NGAY_KY_PHAT_HANH_HOC_BA) sớm hơn ngày tạo học bạ (NGAY_TAO_HOC_BA); học bạ không thể được phát hành trước khi được tạo.",
        en: "The date of issue (NGAY_KY_PHAT_HANH_HOC_BA) is earlier than the date the record was made (NGAY_TAO_HOC_BA); a record cannot be issued before it exists.";
    /// Made or issued before the school year began.
    DatedBeforeSchoolYear = "DAT-03", "dated_before_school_year", "TT27 Điều 9.2 — kết quả cuối năm học ghi vào học bạ; CV 2088/BGDĐT-GDTH §2 — xác nhận kết quả cuối năm rồi mới tạo học bạ", Error, None,
        vi: "{item} sớm hơn ngày đầu tiên năm học có thể bắt đầu (1 tháng 8 của năm đầu năm học); học bạ ghi kết quả cuối năm nên không thể có trước khi năm học bắt đầu.",
        en: "The {item} is before the first day the school year can begin (1 August of its first year); the record holds the year-end results, so it cannot exist before the year began.";
    /// Made, issued or assessed before the year can have ended (school calendar UNCONFIRMED).
    DatedBeforeYearEnd = "DAT-04", "dated_before_year_end", "TT27 Điều 7.1.a, 9.2, 11.1.b — đánh giá cuối năm học; khung kế hoạch thời gian năm học (CHƯA XÁC NHẬN)", Warning, Some("school_calendar"),
        vi: "{item} sớm hơn 1 tháng 5 của năm cuối năm học, trước khi năm học có thể kết thúc; kết quả cuối năm học chưa thể có. Cần kiểm tra lại ngày.",
        en: "The {item} is before 1 May of the school year's second year, before the year can have ended; the year-end results cannot exist yet. Please check the date.";
    /// A move-in date before the pupil's birth.
    DateBeforeBirth = "DAT-05", "date_before_birth", "TT27 Phụ lục 1 — quá trình học tập (ngày nhập học/chuyển đến)", Error, None,
        vi: "{item} sớm hơn ngày sinh của học sinh.",
        en: "The {item} is earlier than the pupil's birth date.";
    /// A move-in date after the school year of its row ended (school calendar UNCONFIRMED).
    MovedInAfterSchoolYear = "DAT-06", "moved_in_after_school_year", "TT27 Phụ lục 1 — quá trình học tập; khung kế hoạch thời gian năm học (CHƯA XÁC NHẬN)", Warning, Some("school_calendar"),
        vi: "Ngày chuyển đến (NGAY_TRANG_THAI_CHUYEN_DEN) muộn hơn ngày 31 tháng 5 của năm cuối năm học của dòng quá trình học tập này, sau khi năm học đã kết thúc.",
        en: "The date moved in (NGAY_TRANG_THAI_CHUYEN_DEN) is after 31 May of the second year of this row's school year, after that year ended.";
    /// Issued before an event the record reports.
    DateAfterIssue = "DAT-07", "date_after_issue", "CV 2088/BGDĐT-GDTH Phụ lục 1.1 (NGAY_KY_PHAT_HANH_HOC_BA)", Error, None,
        vi: "{item} muộn hơn ngày ký phát hành học bạ (NGAY_KY_PHAT_HANH_HOC_BA); học bạ đã phát hành không thể ghi một sự việc xảy ra sau đó.",
        en: "The {item} is after the date of issue (NGAY_KY_PHAT_HANH_HOC_BA); an issued record cannot report an event that happened later.";
    /// A signature dated before the record was made.
    SignedBeforeCreated = "DAT-08", "signed_before_created", "CV 2088/BGDĐT-GDTH §1.6 (SigningTime), §2 — quy trình: tạo học bạ rồi mới ký; Phụ lục 1.1 (NGAY_TAO_HOC_BA)", Error, None,
        vi: "Thời điểm ký (SigningTime) của {item} sớm hơn ngày tạo học bạ (NGAY_TAO_HOC_BA); học bạ không thể được ký trước khi được tạo.",
        en: "The signing time (SigningTime) of the {item} is before the day the record was made (NGAY_TAO_HOC_BA); a record cannot be signed before it exists.";
    /// A signature dated before the school year began.
    SignedBeforeSchoolYear = "DAT-09", "signed_before_school_year", "TT27 Điều 9.2; CV 2088/BGDĐT-GDTH §1.6 (SigningTime), §2", Error, None,
        vi: "Thời điểm ký (SigningTime) của {item} sớm hơn ngày đầu tiên năm học của học bạ có thể bắt đầu (1 tháng 8 của năm đầu năm học); không thể ký kết quả cuối năm của một năm học chưa bắt đầu.",
        en: "The signing time (SigningTime) of the {item} is before the first day the record's school year can begin (1 August of its first year); the year-end results of a year that has not begun cannot be signed.";
    /// A signature dated before the school year can have ended (school calendar UNCONFIRMED).
    SignedBeforeYearEnd = "DAT-10", "signed_before_year_end", "TT27 Điều 7.1.a, 9.2; CV 2088/BGDĐT-GDTH §2; khung kế hoạch thời gian năm học (CHƯA XÁC NHẬN)", Warning, Some("school_calendar"),
        vi: "Thời điểm ký (SigningTime) của {item} sớm hơn 1 tháng 5 của năm cuối năm học, trước khi năm học có thể kết thúc và có kết quả cuối năm.",
        en: "The signing time (SigningTime) of the {item} is before 1 May of the school year's second year, before the year can have ended and its results exist.";
    /// An event the record reports, dated after a signature.
    DateAfterSigning = "DAT-11", "date_after_signing", "CV 2088/BGDĐT-GDTH §1.6 (SigningTime)", Error, None,
        vi: "{item} muộn hơn thời điểm ký (SigningTime) của một chữ ký; dữ liệu đã ký không thể ghi một sự việc xảy ra sau khi ký.",
        en: "The {item} is after the signing time (SigningTime) of a signature; signed data cannot report an event that happened after it was signed.";
    /// The issue date differs from the day the school seal signed.
    IssueDateDiffersFromSeal = "DAT-12", "issue_date_differs_from_seal", "CV 2088/BGDĐT-GDTH Phụ lục 1.1 (NGAY_KY_PHAT_HANH_HOC_BA; KY_PHAT_HANH/NGAY_KY)", Warning, Some("issue_date"),
        vi: "Ngày ký phát hành học bạ (NGAY_KY_PHAT_HANH_HOC_BA) khác với ngày nhà trường ký phát hành (chữ ký KY_PHAT_HANH); ngày in trên học bạ không phải ngày phát hành.",
        en: "The date of issue (NGAY_KY_PHAT_HANH_HOC_BA) is not the day the school signed the record for issue (the KY_PHAT_HANH signature); the date printed on the record is not the day it was issued.";

    // ── Transcript (across years) ────────────────────────────────────────────────────────
    /// A transcript without any year.
    TranscriptEmpty = "TRN-01", "transcript_empty", "TT27 Phụ lục 1 — mẫu học bạ", Warning, None,
        vi: "Học bạ chưa có trang đánh giá của năm học nào.",
        en: "The transcript has no year record yet.";
    /// A year record of another pupil.
    PupilMismatch = "TRN-02", "pupil_mismatch", "TT27 Phụ lục 1 — mỗi học sinh một học bạ", Error, None,
        vi: "Trang năm học này ghi thông tin nhận dạng (số định danh, mã học sinh, ngày sinh hoặc giới tính) khác với trang thông tin học sinh.",
        en: "This year record identifies a different pupil (identification number, pupil code, birth date or gender) from the identity page.";
    /// The name differs from the identity page.
    PupilNameChanged = "TRN-03", "pupil_name_changed", "TT27 Phụ lục 1 — mỗi học sinh một học bạ", Warning, None,
        vi: "Họ và tên học sinh ở trang năm học này khác với trang thông tin học sinh.",
        en: "The pupil's name on this year record differs from the identity page.";
    /// Two records of one school year.
    SchoolYearDuplicate = "TRN-04", "school_year_duplicate", "TT27 Phụ lục 1 — mỗi năm học một trang; bản điều chỉnh thay thế bản cũ (ADR 0033)", Error, None,
        vi: "Có hơn một trang đánh giá cho cùng một năm học; bản điều chỉnh phải thay thế bản cũ chứ không ghi thêm.",
        en: "More than one year record for the same school year; a correction replaces the record it supersedes, it is not added next to it.";
    /// Years out of order or with a gap.
    SchoolYearsNotConsecutive = "TRN-05", "school_years_not_consecutive", "TT27 Phụ lục 1 — quá trình học tập", Error, None,
        vi: "Các năm học không liên tiếp hoặc không theo thứ tự thời gian.",
        en: "The school years are not consecutive or not in chronological order.";
    /// Grade does not follow from last year's promotion.
    GradeProgressionMismatch = "TRN-06", "grade_progression_mismatch", "TT27 Điều 11.1", Error, None,
        vi: "Khối lớp không khớp với quyết định lên lớp của năm học trước (được lên lớp: lớp kế tiếp; chưa được lên lớp: học lại lớp cũ).",
        en: "The grade does not follow from the previous year's promotion (promoted: next grade; retained: same grade).";
    /// A year after completion of primary.
    YearAfterPrimaryCompleted = "TRN-07", "year_after_primary_completed", "TT27 Điều 11.2", Error, None,
        vi: "Có trang năm học sau khi học sinh đã hoàn thành chương trình tiểu học.",
        en: "A year record follows the completion of primary education.";
    /// No enrolment row for the year's school.
    EnrolmentMissing = "TRN-08", "enrolment_missing", "TT27 Phụ lục 1 — quá trình học tập; TT 28/2020/TT-BGDĐT Điều 36", Error, None,
        vi: "Quá trình học tập không có dòng nào cho năm học và trường của trang đánh giá này.",
        en: "The enrolment history has no row for this record's school year and school.";
    /// A change of school without a transfer-in row.
    TransferNotRecorded = "TRN-09", "transfer_not_recorded", "TT 28/2020/TT-BGDĐT Điều 36", Error, None,
        vi: "Học sinh học ở trường khác năm trước nhưng quá trình học tập không ghi \"chuyển đến\".",
        en: "The pupil is at a different school from the previous year, but the enrolment history has no transfer-in.";
    /// Enrolment rows not in chronological order.
    EnrolmentOutOfOrder = "TRN-10", "enrolment_out_of_order", "TT27 Phụ lục 1 — quá trình học tập", Warning, None,
        vi: "Các dòng quá trình học tập không theo thứ tự thời gian.",
        en: "The enrolment history is not in chronological order.";
    /// An enrolment row without a year record.
    EnrolmentWithoutRecord = "TRN-11", "enrolment_without_record", "TT27 Phụ lục 1 — quá trình học tập", Info, None,
        vi: "Quá trình học tập có năm học chưa có trang đánh giá (ví dụ năm học đang diễn ra).",
        en: "The enrolment history lists a school year without a year record (for example the current year).";
    /// Two year records share one lookup code.
    LookupCodeDuplicate = "TRN-12", "lookup_code_duplicate", "CV 2088/BGDĐT-GDTH §1 — mã tra cứu (MA_TRA_CUU_UUID) gắn với một học bạ; bản thay thế có mã mới", Error, None,
        vi: "Mã tra cứu học bạ của trang năm học này trùng với mã của một trang khác; mỗi học bạ có mã riêng, bản thay thế phải có mã mới.",
        en: "This year record's lookup code is also another record's; each record has its own code, and a replacement gets a new one.";
}
