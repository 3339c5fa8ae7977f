//! The pages of the official học bạ (Phụ lục 1 of Thông tư 27/2020/TT-BGDĐT): cover, identity
//! page, "Quá trình học tập" and one section per school year. `docs/spec/pdf.md` describes the
//! layout; the field order follows the template excerpt in the domain reference §3.

use super::layout::{
    Align, BLACK, Cell, Col, Flow, GREEN, GREY, LEADING, LEFT, RED, RIGHT, Rgb, Row, Section, TOP,
    WIDTH,
};
use super::qr;
use super::text::Face;
use super::{SignatureStatus, SignerRole, TranscriptInput, VerifiedSigner, YearInput};
use unicode_normalization::UnicodeNormalization;

use crate::model::{
    Competency, Date, Grade, Guardian, Place, PrincipalCapacity, Promotion, Pupil, YearRecord,
};

const BODY: f32 = 10.5;
const TABLE: f32 = 9.5;
const SMALL: f32 = 8.5;

/// Watermark on every page of a record that is not validly signed.
pub(crate) const VOID_WATERMARK: &str = "KHÔNG CÓ GIÁ TRỊ";

/// Vietnamese calendar date as printed on the form: 05/09/2020.
pub(crate) fn dmy(d: Date) -> String {
    let d = d.get();
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

fn place_text(p: &Place) -> String {
    p.one_line()
}

fn guardian_text(g: &Option<Guardian>) -> String {
    match g {
        None => String::new(),
        Some(g) => {
            let mut s = g.full_name.to_string();
            if let Some(y) = g.birth_year {
                s.push_str(&format!(", sinh năm {y}"));
            }
            if let Some(o) = &g.occupation {
                s.push_str(&format!(", nghề nghiệp: {o}"));
            }
            s
        }
    }
}

/// Decimal comma, as written in Vietnamese: 28500 g → "28,5".
fn decimal(value: u32, scale: u32) -> String {
    let whole = value / scale;
    let mut frac = value % scale;
    if frac == 0 {
        return whole.to_string();
    }
    let mut digits = scale.to_string().len() - 1;
    while frac.is_multiple_of(10) {
        frac /= 10;
        digits -= 1;
    }
    format!("{whole},{frac:0digits$}")
}

fn status_banner(status: &SignatureStatus) -> Option<String> {
    match status {
        s if s.is_fully_verified() => None,
        SignatureStatus::Verified(_) | SignatureStatus::Incomplete(_) => Some(
            "CHƯA ĐỦ CHỮ KÝ SỐ – KHÔNG CÓ GIÁ TRỊ / SIGNATURES INCOMPLETE – NO VALIDITY".to_owned(),
        ),
        SignatureStatus::Unsigned => {
            Some("BẢN CHƯA KÝ SỐ – KHÔNG CÓ GIÁ TRỊ / NOT SIGNED – NO VALIDITY".to_owned())
        }
        SignatureStatus::Invalid { code } => Some(format!(
            "CHỮ KÝ SỐ KHÔNG HỢP LỆ – KHÔNG CÓ GIÁ TRỊ / INVALID SIGNATURE – NO VALIDITY ({code})"
        )),
    }
}

/// The cover.
pub(crate) fn cover(flow: &mut Flow<'_>, pupil: &Pupil, school: &str, place: &str) {
    flow.begin_section(Section {
        footer: "hocba · Bìa".to_owned(),
        ..Section::default()
    });
    flow.line(
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
        Face::Bold,
        12.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.y = TOP + 220.0;
    flow.line(
        "HỌC BẠ",
        Face::Bold,
        40.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.y += 6.0;
    flow.line(
        "TIỂU HỌC",
        Face::Bold,
        22.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.y += 80.0;
    flow.field("Họ và tên học sinh", pupil.full_name.as_str(), 13.0);
    flow.y += 6.0;
    flow.field("Trường", school, 13.0);
    flow.y += 6.0;
    flow.field("Xã (phường, thị trấn), huyện, tỉnh", place, 13.0);
}

/// The identity page, filled in from the birth certificate.
pub(crate) fn identity(flow: &mut Flow<'_>, input: &TranscriptInput<'_>) {
    let pupil = input.pupil;
    flow.begin_section(Section {
        footer: "hocba · Thông tin học sinh".to_owned(),
        continuation: Some("Thông tin học sinh (tiếp theo)".to_owned()),
        ..Section::default()
    });
    flow.line(
        "HỌC BẠ TIỂU HỌC",
        Face::Bold,
        15.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.line(
        "THÔNG TIN HỌC SINH",
        Face::Bold,
        12.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.y += 10.0;
    let ethnicity = pupil
        .ethnicity
        .map(|e| e.name().to_owned())
        .unwrap_or_default();
    let nationality = if pupil.nationality.as_str() == "VN" {
        "Việt Nam".to_owned()
    } else {
        pupil.nationality.to_string()
    };
    let fields: [(&str, String); 12] = [
        ("Họ và tên học sinh", pupil.full_name.to_string()),
        ("Giới tính", pupil.gender.label_vi().to_owned()),
        ("Ngày, tháng, năm sinh", dmy(pupil.date_of_birth)),
        ("Dân tộc", ethnicity),
        ("Quốc tịch", nationality),
        ("Nơi sinh", pupil.place_of_birth.to_string()),
        (
            "Quê quán",
            pupil
                .hometown
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
        ("Nơi ở hiện nay", place_text(&pupil.residence)),
        ("Họ và tên cha", guardian_text(&pupil.father)),
        ("Họ và tên mẹ", guardian_text(&pupil.mother)),
        ("Người giám hộ (nếu có)", guardian_text(&pupil.guardian)),
        (
            "Số định danh cá nhân",
            pupil
                .personal_id
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ];
    for (label, value) in &fields {
        flow.field(label, value, BODY + 0.5);
        flow.y += 3.0;
    }
    if let Some(code) = &pupil.pupil_code {
        flow.field("Mã định danh Bộ GD&ĐT", code.as_str(), BODY + 0.5);
    }
    flow.y += 14.0;
    // The paper page carries the principal's signature; the digital học bạ signs each year
    // record instead, so the page says which signed record its data matches.
    let latest = input
        .years
        .iter()
        .rev()
        .find(|y| y.status.is_fully_verified());
    let (note, color) = match latest {
        Some(y) if &y.record.pupil == pupil => (
            format!(
                "Thông tin trên trang này trùng khớp với thông tin học sinh trong hồ sơ năm học {} \
                 đã được ký số và xác minh.",
                y.record.school_year
            ),
            GREEN,
        ),
        Some(y) => (
            format!(
                "Lưu ý: thông tin trên trang này KHÁC thông tin học sinh trong hồ sơ năm học {} \
                 đã ký số; chỉ hồ sơ đã ký số có giá trị.",
                y.record.school_year
            ),
            RED,
        ),
        None => (
            "Trang này không được ký số; chưa có hồ sơ năm học nào được ký số và xác minh."
                .to_owned(),
            RED,
        ),
    };
    flow.paragraph(
        &note,
        Face::Regular,
        SMALL + 0.5,
        color,
        Align::Left,
        LEFT,
        WIDTH,
    );
}

/// "Quá trình học tập": one row per school year.
pub(crate) fn enrolments(flow: &mut Flow<'_>, input: &TranscriptInput<'_>) {
    flow.begin_section(Section {
        footer: "hocba · Quá trình học tập".to_owned(),
        continuation: Some("Quá trình học tập (tiếp theo)".to_owned()),
        ..Section::default()
    });
    flow.line(
        "QUÁ TRÌNH HỌC TẬP",
        Face::Bold,
        14.0,
        BLACK,
        Align::Center,
        LEFT,
        WIDTH,
    );
    flow.y += 8.0;
    let cols = [
        Col {
            width: 70.0,
            align: Align::Center,
        },
        Col {
            width: 40.0,
            align: Align::Center,
        },
        Col {
            width: WIDTH - 70.0 - 40.0 - 70.0 - 100.0,
            align: Align::Left,
        },
        Col {
            width: 70.0,
            align: Align::Center,
        },
        Col {
            width: 100.0,
            align: Align::Center,
        },
    ];
    let mut rows: Vec<Row> = if input.enrolments.is_empty() {
        // Without the school system's enrolments (signed national XML years rendered on their
        // own), the history the records given carry (ADR 0262).
        history_of_records(&input.years)
            .into_iter()
            .map(|cells| Row::Cells(cells.into_iter().map(Cell::new).collect()))
            .collect()
    } else {
        input
            .enrolments
            .iter()
            .map(|e| {
                Row::Cells(vec![
                    Cell::new(e.school_year.to_string()),
                    Cell::new(e.class_name.as_str()),
                    Cell::new(format!("{} (mã trường {})", e.school_name, e.school_code)),
                    Cell::new(e.register_number.as_str()),
                    Cell::new(format!(
                        "{}\n{}",
                        dmy(e.admitted_on),
                        e.admission.label_vi()
                    )),
                ])
            })
            .collect()
    };
    // The form has five rows; keep them even when fewer years are filled in.
    while rows.len() < 5 {
        rows.push(Row::Cells(vec![
            Cell::new("20…-20…"),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ]));
    }
    flow.table(
        &cols,
        &[
            "Năm học",
            "Lớp",
            "Tên trường",
            "Số đăng bộ",
            "Ngày nhập học/ chuyển đến",
        ],
        &rows,
        TABLE,
    );
}

/// The rows of "Quá trình học tập" that the records given say (ADR 0262), in school-year
/// order: every record's signed history (`history`, the national `QUA_TRINH_HOC_TAP`; for a
/// school year two records name, the later record's row), then each record's own year from
/// the record itself (class, school with its code, số đăng bộ), keeping the date the history
/// gives it. The columns of the enrolments table; what the records do not say stays blank.
fn history_of_records(years: &[YearInput<'_>]) -> Vec<[String; 5]> {
    let mut rows: std::collections::BTreeMap<crate::model::SchoolYear, [String; 5]> =
        std::collections::BTreeMap::new();
    // `years` is chronological: a later record's history replaces an earlier one's row.
    for y in years {
        for h in &y.record.history {
            rows.insert(
                h.school_year,
                [
                    h.school_year.to_string(),
                    h.class_name.to_string(),
                    h.school_name.to_string(),
                    String::new(),
                    h.moved_in_on.map(dmy).unwrap_or_default(),
                ],
            );
        }
    }
    for y in years {
        let r = y.record;
        let row = rows.entry(r.school_year).or_insert_with(|| {
            [
                r.school_year.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        });
        row[1] = r.class_name.to_string();
        row[2] = format!("{} (mã trường {})", r.school.name, r.school.code);
        row[3] = r
            .register_number
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
    }
    rows.into_values().collect()
}

fn signer(signers: &[VerifiedSigner], role: SignerRole) -> Option<&VerifiedSigner> {
    signers.iter().find(|s| s.role == role)
}

/// The lines inside one signature box, with their colour.
fn signature_box_lines(status: &SignatureStatus, roles: &[SignerRole]) -> Vec<(String, Face, Rgb)> {
    let mut out = Vec::new();
    match status {
        SignatureStatus::Unsigned => {
            out.push(("CHƯA KÝ SỐ".to_owned(), Face::Bold, RED));
            out.push(("KHÔNG CÓ GIÁ TRỊ".to_owned(), Face::Bold, RED));
        }
        SignatureStatus::Invalid { code } => {
            out.push(("CHỮ KÝ SỐ KHÔNG HỢP LỆ".to_owned(), Face::Bold, RED));
            out.push(("KHÔNG CÓ GIÁ TRỊ".to_owned(), Face::Bold, RED));
            out.push((format!("Lỗi xác minh: {code}"), Face::Regular, RED));
        }
        SignatureStatus::Verified(signers) | SignatureStatus::Incomplete(signers) => {
            for (i, role) in roles.iter().enumerate() {
                if i > 0 {
                    out.push((String::new(), Face::Regular, BLACK));
                }
                match signer(signers, *role) {
                    Some(s) => {
                        out.push((
                            format!("ĐÃ KÝ SỐ – {}", role.label(crate::Lang::Vi)),
                            Face::Bold,
                            GREEN,
                        ));
                        out.push((format!("Người ký: {}", s.name), Face::Regular, BLACK));
                        if let Some(o) = &s.organisation {
                            out.push((format!("Đơn vị: {o}"), Face::Regular, BLACK));
                        }
                        out.push((format!("Cấp chứng thư: {}", s.issuer), Face::Regular, BLACK));
                        out.push((
                            format!(
                                "Thời điểm ký: {}",
                                crate::trust::UnixTime::from(s.signing_time).to_vietnam_display()
                            ),
                            Face::Regular,
                            BLACK,
                        ));
                    }
                    None => out.push((
                        format!("KHÔNG CÓ CHỮ KÝ SỐ – {}", role.label(crate::Lang::Vi)),
                        Face::Bold,
                        RED,
                    )),
                }
            }
        }
    }
    out
}

/// Where the record's own "Quá trình học tập" (`history`, the national `QUA_TRINH_HOC_TAP`) goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum History {
    /// A PDF of one year has no "Quá trình học tập" page: the year section prints the record's.
    Print,
    /// A transcript has the page (the school system's enrolments): not repeated per year.
    OnItsOwnPage,
}

/// One school year: header with QR, the three tables, result, awards, completion, signatures.
pub(crate) fn year(
    flow: &mut Flow<'_>,
    input: &YearInput<'_>,
    digest_hex: Option<&str>,
    history: History,
) -> Result<(), super::RenderError> {
    let r: &YearRecord = input.record;
    let footer = match digest_hex {
        Some(d) => format!(
            "hocba · Năm học {} · Lớp {} · SHA-256 hồ sơ ký số: {}",
            r.school_year,
            r.class_name,
            &d[..16]
        ),
        None => format!(
            "hocba · Năm học {} · Lớp {} · bản chưa ký số",
            r.school_year, r.class_name
        ),
    };
    let void = !input.status.is_fully_verified();
    flow.begin_section(Section {
        continuation: Some(format!(
            "{} · Lớp {} · Năm học {} (tiếp theo)",
            r.pupil.full_name, r.class_name, r.school_year
        )),
        banner: status_banner(&input.status),
        watermark: void.then_some(VOID_WATERMARK),
        footer,
    });

    // Header block on the left, QR code on the right.
    let qr_total = 100.0;
    let top = flow.y;
    let code = qr::encode(&qr::reference(input, digest_hex))?;
    let module = qr_total / (code.width + 2 * qr::QUIET_ZONE) as f32;
    let qr_x = RIGHT - qr_total + qr::QUIET_ZONE as f32 * module;
    let qr_y = top + qr::QUIET_ZONE as f32 * module;
    flow.qr(qr_x, qr_y, module, code.width, code.dark);
    let caption_y = top + qr_total + SMALL;
    flow.text_at(
        "Mã QR tra cứu hồ sơ",
        Face::Regular,
        SMALL - 1.0,
        GREY,
        Align::Center,
        RIGHT - qr_total,
        qr_total,
        caption_y,
    );

    let left_w = WIDTH - qr_total - 10.0;
    flow.line(
        &format!("NĂM HỌC {}", r.school_year),
        Face::Bold,
        14.0,
        BLACK,
        Align::Left,
        LEFT,
        left_w,
    );
    flow.y += 4.0;
    let mut header: Vec<(&str, String)> = vec![
        ("Họ và tên học sinh", r.pupil.full_name.to_string()),
        ("Lớp", format!("{} (khối lớp {})", r.class_name, r.grade)),
        (
            "Trường",
            format!("{} (mã trường {})", r.school.name, r.school.code),
        ),
        (
            "Chiều cao",
            r.height_mm
                .map(|h| format!("{} cm", decimal(u32::from(h), 10)))
                .unwrap_or_default(),
        ),
        (
            "Cân nặng",
            r.weight_g
                .map(|w| format!("{} kg", decimal(w, 1000)))
                .unwrap_or_default(),
        ),
        (
            "Số ngày nghỉ",
            r.days_absent.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ];
    if let Some(code) = &r.pupil.pupil_code {
        header.push(("Mã định danh Bộ GD&ĐT", code.as_str().to_owned()));
    }
    // As the Ministry's display template (CV 2088 Phụ lục 2) prints the lookup code.
    if let Some(code) = &r.lookup_code {
        header.push(("Mã số tra cứu học bạ (UUID)", code.to_string()));
    }
    // Số đăng bộ (`SO_SO_DANG_BO`): the template prints it in "Quá trình học tập", which a PDF
    // of one signed year does not have; the year prints its own.
    if let Some(n) = &r.register_number {
        header.push(("Số đăng bộ", n.to_string()));
    }
    if r.absences_excused.is_some() || r.absences_unexcused.is_some() {
        let n = |v: Option<u16>| v.map(|v| v.to_string()).unwrap_or_else(|| "–".into());
        header.push((
            "Số buổi nghỉ",
            format!(
                "có phép {}, không phép {}",
                n(r.absences_excused),
                n(r.absences_unexcused)
            ),
        ));
    }
    for (label, value) in &header {
        field_in(flow, label, value, BODY, left_w);
    }
    flow.y = flow.y.max(caption_y + 6.0) + 6.0;
    if history == History::Print && !r.history.is_empty() {
        year_history(flow, r);
    }

    // 1. Các môn học và hoạt động giáo dục.
    section_title(flow, "1. Các môn học và hoạt động giáo dục");
    let cols = [
        Col {
            width: 112.0,
            align: Align::Left,
        },
        Col {
            width: 50.0,
            align: Align::Center,
        },
        Col {
            width: 46.0,
            align: Align::Center,
        },
        Col {
            width: WIDTH - 112.0 - 50.0 - 46.0,
            align: Align::Left,
        },
    ];
    let rows: Vec<Row> = r
        .subjects
        .iter()
        .map(|s| {
            let name = match &s.language {
                Some(l) => format!("{} ({l})", s.subject.label_vi()),
                None => s.subject.label_vi().to_owned(),
            };
            let score = match s.score {
                Some(sc) if s.retest => format!("{} (kiểm tra lại)", sc.get()),
                Some(sc) => sc.get().to_string(),
                None => String::new(),
            };
            Row::Cells(vec![
                Cell::new(name),
                Cell::bold(s.level.code()),
                Cell::new(score),
                Cell::new(
                    s.comment
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ),
            ])
        })
        .collect();
    flow.table(
        &cols,
        &[
            "Môn học và hoạt động giáo dục",
            "Mức đạt được",
            "Điểm KTĐK",
            "Nhận xét",
        ],
        &rows,
        TABLE,
    );
    legend(
        flow,
        "Mức đạt được: T – Hoàn thành tốt; H – Hoàn thành; C – Chưa hoàn thành. Điểm KTĐK: điểm bài kiểm tra định kì cuối năm học.",
    );

    // 2. Những phẩm chất chủ yếu.
    let cols3 = [
        Col {
            width: 112.0,
            align: Align::Left,
        },
        Col {
            width: 50.0,
            align: Align::Center,
        },
        Col {
            width: WIDTH - 112.0 - 50.0,
            align: Align::Left,
        },
    ];
    section_title(flow, "2. Những phẩm chất chủ yếu");
    let mut rows: Vec<Row> = r
        .qualities
        .iter()
        .map(|q| {
            Row::Cells(vec![
                Cell::new(q.quality.label_vi()),
                Cell::bold(level_letter(q.level.code())),
                Cell::new(
                    q.comment
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ),
            ])
        })
        .collect();
    rows.extend(group_comment_row(
        QUALITIES_COMMENT,
        r.comments.qualities.as_ref(),
    ));
    flow.table(
        &cols3,
        &["Phẩm chất", "Mức đạt được", "Nhận xét"],
        &rows,
        TABLE,
    );

    // 3. Những năng lực cốt lõi: chung, then đặc thù.
    section_title(flow, "3. Những năng lực cốt lõi");
    let mut rows = Vec::new();
    for (general, title, comment, label) in [
        (
            true,
            "Năng lực chung",
            r.comments.general_competencies.as_ref(),
            GENERAL_COMPETENCIES_COMMENT,
        ),
        (
            false,
            "Năng lực đặc thù",
            r.comments.specific_competencies.as_ref(),
            SPECIFIC_COMPETENCIES_COMMENT,
        ),
    ] {
        let mut group: Vec<Row> = r
            .competencies
            .iter()
            .filter(|c| Competency::is_general(c.competency) == general)
            .map(|c| {
                Row::Cells(vec![
                    Cell::new(c.competency.label_vi()),
                    Cell::bold(level_letter(c.level.code())),
                    Cell::new(
                        c.comment
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    ),
                ])
            })
            .collect();
        group.extend(group_comment_row(label, comment));
        if !group.is_empty() {
            rows.push(Row::Group(title.to_owned()));
            rows.extend(group);
        }
    }
    flow.table(
        &cols3,
        &["Năng lực", "Mức đạt được", "Nhận xét"],
        &rows,
        TABLE,
    );
    legend(
        flow,
        "Mức đạt được của phẩm chất, năng lực: T – Tốt; Đ – Đạt; C – Cần cố gắng.",
    );

    // 4–6. Result, awards, completion.
    flow.y += 4.0;
    field_in(
        flow,
        "4. Đánh giá kết quả giáo dục",
        r.result.label_vi(),
        BODY,
        WIDTH,
    );
    let awards = if r.awards.is_empty() {
        "Không".to_owned()
    } else {
        r.awards
            .iter()
            .map(|a| match &a.description {
                Some(d) => format!("{}: {d}", a.kind.label_vi()),
                None => a.kind.label_vi().to_owned(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    // The homeroom teacher's comment (`NHAN_XET_GVCN`) explains the result above it: the
    // national format keeps both in `TONG_KET` (ADR 0250).
    if let Some(c) = &r.comments.homeroom {
        comment_block(flow, HOMEROOM_COMMENT, c.as_str());
    }
    field_in(flow, "5. Khen thưởng", &awards, BODY, WIDTH);
    field_in(
        flow,
        "6. Hoàn thành chương trình lớp học",
        &completion_text(r),
        BODY,
        WIDTH,
    );
    if let Some(c) = &r.correction {
        field_in(
            flow,
            "Hồ sơ điều chỉnh",
            &format!(
                "thay thế hồ sơ đã ký có SHA-256 {}; lý do: {}",
                c.supersedes, c.reason
            ),
            BODY,
            WIDTH,
        );
    }
    flow.y += 8.0;
    signatures(flow, input);
    Ok(())
}

/// Labels of the national format's group comments (CV 2088 Phụ lục 1.1: `NHAN_XET_PHAM_CHAT`,
/// `NHAN_XET_NANG_LUC_CHUNG`, `NHAN_XET_NANG_LUC_DAC_THU`) and of the homeroom teacher's comment
/// (`NHAN_XET_GVCN`), as printed.
pub(crate) const QUALITIES_COMMENT: &str = "Nhận xét chung về phẩm chất";
pub(crate) const GENERAL_COMPETENCIES_COMMENT: &str = "Nhận xét chung về năng lực chung";
pub(crate) const SPECIFIC_COMPETENCIES_COMMENT: &str = "Nhận xét chung về năng lực đặc thù";
pub(crate) const HOMEROOM_COMMENT: &str = "Nhận xét của giáo viên chủ nhiệm";

/// The group's comment as the last row of its group, its text in the "Nhận xét" column where
/// the template writes the group's comment (ADR 0250). Rows grow with their text and continue
/// on the next page, so a long comment is never cut.
fn group_comment_row(label: &str, comment: Option<&crate::model::Text>) -> Option<Row> {
    comment.map(|c| {
        Row::Cells(vec![
            Cell::bold(label),
            Cell::new(""),
            Cell::new(c.as_str()),
        ])
    })
}

/// "Label:" on its own line, then the text wrapped over the full width below it; the label
/// is kept with the text's first line, and the text breaks pages between lines.
fn comment_block(flow: &mut Flow<'_>, label: &str, text: &str) {
    flow.ensure(2.0 * BODY * LEADING);
    flow.line(
        &format!("{label}:"),
        Face::Regular,
        BODY,
        BLACK,
        Align::Left,
        LEFT,
        WIDTH,
    );
    flow.paragraph(
        text,
        Face::Regular,
        BODY,
        BLACK,
        Align::Left,
        LEFT + COMMENT_INDENT,
        WIDTH - COMMENT_INDENT,
    );
}

/// Indent of a comment's text under its label.
const COMMENT_INDENT: f32 = 12.0;

/// The record's "Quá trình học tập" (signed with it): Năm học · Lớp · Tên trường · Ngày chuyển
/// đến, the columns the national format carries.
fn year_history(flow: &mut Flow<'_>, r: &YearRecord) {
    section_title(flow, "Quá trình học tập");
    let cols = [
        Col {
            width: 70.0,
            align: Align::Center,
        },
        Col {
            width: 50.0,
            align: Align::Center,
        },
        Col {
            width: WIDTH - 70.0 - 50.0 - 90.0,
            align: Align::Left,
        },
        Col {
            width: 90.0,
            align: Align::Center,
        },
    ];
    let rows: Vec<Row> = r
        .history
        .iter()
        .map(|h| {
            Row::Cells(vec![
                Cell::new(h.school_year.to_string()),
                Cell::new(h.class_name.as_str()),
                Cell::new(h.school_name.as_str()),
                Cell::new(h.moved_in_on.map(dmy).unwrap_or_default()),
            ])
        })
        .collect();
    flow.table(
        &cols,
        &["Năm học", "Lớp", "Tên trường", "Ngày chuyển đến"],
        &rows,
        TABLE,
    );
    flow.y += 4.0;
}

fn level_letter(code: &str) -> &str {
    // The wire code of "Đạt" is ASCII `D`; the form prints the Vietnamese letter.
    if code == "D" { "Đ" } else { code }
}

fn completion_text(r: &YearRecord) -> String {
    let c = &r.completion;
    let mut parts = Vec::new();
    if r.grade == Grade::G5 && c.primary_completed {
        parts.push("Hoàn thành chương trình tiểu học".to_owned());
    } else if c.class_completed {
        parts.push("Hoàn thành chương trình lớp học".to_owned());
    } else {
        parts.push("Chưa hoàn thành chương trình lớp học".to_owned());
    }
    if let Some(s) = &c.supplementary {
        let mut t = format!(
            "đánh giá bổ sung{}: {}",
            s.date
                .map(|d| format!(" ngày {}", dmy(d)))
                .unwrap_or_default(),
            if s.completed {
                "hoàn thành"
            } else {
                "chưa hoàn thành"
            }
        );
        if let Some(cm) = &s.comment {
            t.push_str(&format!(" ({cm})"));
        }
        parts.push(t);
    }
    if !(r.grade == Grade::G5 && c.primary_completed) {
        parts.push(c.promotion.label_vi().to_owned());
    }
    if c.principal_decision && c.promotion == Promotion::Promoted {
        parts.push("theo quyết định của Hiệu trưởng (Điều 11.1.c)".to_owned());
    }
    parts.join("; ")
}

fn section_title(flow: &mut Flow<'_>, title: &str) {
    flow.ensure(60.0);
    flow.y += 4.0;
    flow.line(title, Face::Bold, 11.0, BLACK, Align::Left, LEFT, WIDTH);
    flow.y += 2.0;
}

fn legend(flow: &mut Flow<'_>, text: &str) {
    flow.y += 2.0;
    flow.paragraph(
        text,
        Face::Regular,
        SMALL - 0.5,
        GREY,
        Align::Left,
        LEFT,
        WIDTH,
    );
}

/// "Label: value", the value bold and wrapped within `w`.
fn field_in(flow: &mut Flow<'_>, label: &str, value: &str, size: f32, w: f32) {
    let label = format!("{label}: ");
    let lw = flow.fonts.width(Face::Regular, size, &label);
    let lines = flow.fonts.wrap(Face::Bold, size, value, (w - lw).max(40.0));
    for (i, l) in lines.iter().enumerate() {
        flow.ensure(size * LEADING);
        let baseline = flow.y + size;
        if i == 0 {
            flow.text_at(
                &label,
                Face::Regular,
                size,
                BLACK,
                Align::Left,
                LEFT,
                lw,
                baseline,
            );
        }
        flow.text_at(
            l,
            Face::Bold,
            size,
            BLACK,
            Align::Left,
            LEFT + lw,
            w - lw,
            baseline,
        );
        flow.y += size * LEADING;
    }
}

/// The two signature blocks: GVCN on the left, Hiệu trưởng (with the school seal) on the right.
fn signatures(flow: &mut Flow<'_>, input: &YearInput<'_>) {
    let r = input.record;
    let col_w = WIDTH / 2.0 - 8.0;
    let left_x = LEFT;
    let right_x = LEFT + WIDTH / 2.0 + 8.0;
    let fonts = flow.fonts;

    // The địa danh the record names for its issue, else the school's commune or province.
    let place = r
        .issuance
        .as_ref()
        .map(|i| i.place.to_string())
        .or_else(|| {
            let units = [&r.school.place.commune, &r.school.place.province];
            units
                .into_iter()
                .flatten()
                .next()
                .map(|u| u.name.to_string())
        })
        .unwrap_or_default();
    let date_line = match signer(input.status.signers(), SignerRole::Principal) {
        Some(p) => {
            let t = crate::trust::vietnam_time(p.signing_time);
            format!(
                "{place}, ngày {} tháng {} năm {}",
                t.day(),
                u8::from(t.month()),
                t.year()
            )
        }
        None => format!("{place}, ngày … tháng … năm …"),
    };
    // The signer's chức vụ as the record writes it (`CHUC_VU_GIAM_HIEU_KY_HOC_BA`), in capitals
    // as the form prints titles; without one, the capacity's own title.
    let signed_title = r
        .principal
        .title
        .as_ref()
        .map(|t| t.as_str().to_uppercase().nfc().collect::<String>());
    let title_right: Vec<String> = match r.principal.capacity {
        PrincipalCapacity::Principal => {
            vec![signed_title.unwrap_or_else(|| "HIỆU TRƯỞNG".to_owned())]
        }
        PrincipalCapacity::OnBehalf => vec![
            "KT. HIỆU TRƯỞNG".to_owned(),
            signed_title.unwrap_or_else(|| "PHÓ HIỆU TRƯỞNG".to_owned()),
        ],
    };
    // A long title wraps in its column, as every other text does.
    let title_right: Vec<String> = title_right
        .iter()
        .flat_map(|t| fonts.wrap(Face::Bold, BODY, t, col_w))
        .collect();
    let sub_right = "(Ký, ghi rõ họ tên và đóng dấu)";
    let left_box = signature_box_lines(&input.status, &[SignerRole::HomeroomTeacher]);
    let right_box = signature_box_lines(
        &input.status,
        &[SignerRole::Principal, SignerRole::SchoolSeal],
    );
    let wrap_box = |lines: &[(String, Face, Rgb)]| -> Vec<(String, Face, Rgb)> {
        lines
            .iter()
            .flat_map(|(t, f, c)| {
                fonts
                    .wrap(*f, SMALL, t, col_w - 8.0)
                    .into_iter()
                    .map(move |l| (l, *f, *c))
            })
            .collect()
    };
    let left_box = wrap_box(&left_box);
    let right_box = wrap_box(&right_box);
    let box_lines = left_box.len().max(right_box.len());
    let box_h = box_lines as f32 * SMALL * LEADING + 10.0;
    let head_h = (1 + title_right.len() + 1) as f32 * BODY * LEADING;
    let total = head_h + box_h + 2.0 * BODY * LEADING + 10.0;
    flow.ensure(total);

    flow.text_at(
        &date_line,
        Face::Regular,
        BODY,
        BLACK,
        Align::Center,
        right_x,
        col_w,
        flow.y + BODY,
    );
    flow.y += BODY * LEADING;
    let y0 = flow.y;
    // Left: GVCN.
    flow.text_at(
        "GIÁO VIÊN CHỦ NHIỆM",
        Face::Bold,
        BODY,
        BLACK,
        Align::Center,
        left_x,
        col_w,
        y0 + BODY,
    );
    flow.text_at(
        "(Ký và ghi rõ họ tên)",
        Face::Regular,
        SMALL,
        GREY,
        Align::Center,
        left_x,
        col_w,
        y0 + BODY * LEADING + SMALL,
    );
    // Right: principal.
    let mut y = y0;
    for t in &title_right {
        flow.text_at(
            t,
            Face::Bold,
            BODY,
            BLACK,
            Align::Center,
            right_x,
            col_w,
            y + BODY,
        );
        y += BODY * LEADING;
    }
    flow.text_at(
        sub_right,
        Face::Regular,
        SMALL,
        GREY,
        Align::Center,
        right_x,
        col_w,
        y + SMALL,
    );
    let box_y = y0 + head_h;
    for (x, lines) in [(left_x, &left_box), (right_x, &right_box)] {
        let verified =
            !input.status.signers().is_empty() && lines.iter().all(|(_, _, c)| *c != RED);
        let frame = if verified { GREEN } else { RED };
        flow.rect(x, box_y, col_w, box_h, None, Some((frame, 1.0)));
        for (i, (l, f, c)) in lines.iter().enumerate() {
            let baseline = box_y + 5.0 + i as f32 * SMALL * LEADING + SMALL;
            flow.text_at(
                l,
                *f,
                SMALL,
                *c,
                Align::Left,
                x + 4.0,
                col_w - 8.0,
                baseline,
            );
        }
    }
    let names_y = box_y + box_h + 4.0 + BODY;
    flow.text_at(
        r.homeroom_teacher.full_name.as_str(),
        Face::Bold,
        BODY,
        BLACK,
        Align::Center,
        left_x,
        col_w,
        names_y,
    );
    flow.text_at(
        r.principal.full_name.as_str(),
        Face::Bold,
        BODY,
        BLACK,
        Align::Center,
        right_x,
        col_w,
        names_y,
    );
    flow.y = names_y + BODY * LEADING;
}
