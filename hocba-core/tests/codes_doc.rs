//! `docs/spec/codes.md` lists every wire code of the model; this test writes it under
//! HOCBA_BLESS=1 and otherwise fails when it differs from the code.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::fmt::Write;
use std::path::Path;

use hocba_core::model::*;

macro_rules! table {
    ($out:ident, $ty:ident, $title:literal) => {
        writeln!($out, "\n## {} (`{}`)\n", $title, stringify!($ty)).unwrap();
        writeln!(
            $out,
            "| wire code | tiếng Việt | English |\n| --- | --- | --- |"
        )
        .unwrap();
        for v in $ty::ALL {
            writeln!(
                $out,
                "| `{}` | {} | {} |",
                v.code(),
                v.label_vi(),
                v.label_en()
            )
            .unwrap();
        }
    };
}

fn render() -> String {
    let mut out = String::from(
        "# Wire codes\n\nGenerated from `hocba-core/src/model/codes.rs` by `hocba-core/tests/codes_doc.rs` \
         (`HOCBA_BLESS=1 cargo test -p hocba-core --test codes_doc`). The same ASCII codes are used in \
         JSON and in canonical CBOR; a code never changes once released. Labels are for display.\n",
    );
    table!(out, Gender, "Giới tính");
    table!(out, Subject, "Môn học và hoạt động giáo dục");
    table!(out, SubjectLevel, "Mức đạt được — môn học, hoạt động");
    table!(out, QualityLevel, "Mức đạt được — phẩm chất, năng lực");
    table!(out, Quality, "Phẩm chất chủ yếu");
    table!(out, Competency, "Năng lực cốt lõi");
    table!(out, YearResult, "Đánh giá kết quả giáo dục");
    table!(out, Moment, "Thời điểm đánh giá định kì");
    table!(out, AwardKind, "Khen thưởng");
    table!(out, Promotion, "Lên lớp");
    table!(out, Admission, "Nhập học / chuyển đến");
    table!(out, PrincipalCapacity, "Người ký khối Hiệu trưởng");
    writeln!(
        out,
        "\n## Dân tộc (`Ethnicity`, a number)\n\n| code | tên dân tộc |\n| --- | --- |"
    )
    .unwrap();
    for e in Ethnicity::all() {
        writeln!(out, "| {} | {} |", e.code(), e.name()).unwrap();
    }
    out
}

#[test]
fn codes_doc_matches_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec/codes.md");
    let actual = render();
    if std::env::var_os("HOCBA_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "docs/spec/codes.md is out of date: run HOCBA_BLESS=1 cargo test -p hocba-core --test codes_doc"
    );
}

#[test]
fn wire_codes_are_ascii_and_unique_per_enum() {
    fn check<T: Copy>(all: &[T], code: fn(T) -> &'static str) {
        let mut seen = std::collections::BTreeSet::new();
        for v in all {
            let c = code(*v);
            assert!(c.is_ascii() && !c.is_empty());
            assert!(seen.insert(c), "duplicate {c}");
        }
    }
    check(Subject::ALL, Subject::code);
    check(Competency::ALL, Competency::code);
    check(Quality::ALL, Quality::code);
    check(QualityLevel::ALL, QualityLevel::code);
    check(SubjectLevel::ALL, SubjectLevel::code);
    check(YearResult::ALL, YearResult::code);
    check(AwardKind::ALL, AwardKind::code);
    assert_eq!(QualityLevel::Pass.code(), "D");
    assert_eq!(QualityLevel::Pass.label_vi(), "Đạt");
    assert_eq!(Ethnicity::all().count(), 54);
    assert_eq!(Quality::ALL.len(), 5);
    assert_eq!(Competency::ALL.len(), 10);
}
