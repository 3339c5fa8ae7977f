//! The catalogue test: `docs/spec/rules.md` and the registry in code must be the same table
//! (rule id, code, severity, policy, article, both messages). Run with `HOCBA_BLESS=1` to
//! rewrite the table from the registry after changing a rule on purpose.

use super::*;

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/spec/rules.md");
const BEGIN: &str = "<!-- rules:begin -->";
const END: &str = "<!-- rules:end -->";

fn policy_cell(r: &Rule) -> String {
    r.policy.map_or("—".to_owned(), |p| format!("`{p}`"))
}

fn row(r: &Rule) -> String {
    format!(
        "| {} | `{}` | {} | {} | {} | {} | {} |",
        r.id,
        r.code,
        r.severity.code(),
        policy_cell(r),
        r.article,
        r.message_vi,
        r.message_en
    )
}

fn table() -> String {
    let mut t = String::from(
        "| Id | Code | Severity | Policy | Rule | Message (vi) | Message (en) |\n|---|---|---|---|---|---|---|\n",
    );
    for r in RULES {
        t.push_str(&row(r));
        t.push('\n');
    }
    t
}

/// The cells of each data row of the table between the markers.
fn parse(doc: &str) -> Vec<Vec<String>> {
    let start = doc.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = doc.find(END).expect("end marker");
    doc[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn catalogue_equals_registry() {
    let Ok(doc) = std::fs::read_to_string(DOC) else {
        panic!("{DOC} is missing: the catalogue must exist");
    };
    if std::env::var_os("HOCBA_BLESS").is_some() {
        let start = doc.find(BEGIN).expect("begin marker") + BEGIN.len();
        let end = doc.find(END).expect("end marker");
        let new = format!("{}\n{}{}", &doc[..start], table(), &doc[end..]);
        std::fs::write(DOC, new).expect("write catalogue");
        return;
    }
    let rows = parse(&doc);
    assert_eq!(
        rows.len(),
        RULES.len(),
        "rows in docs/spec/rules.md vs registry"
    );
    for (cells, r) in rows.iter().zip(RULES) {
        let want = [
            r.id.to_owned(),
            format!("`{}`", r.code),
            r.severity.code().to_owned(),
            policy_cell(r),
            r.article.to_owned(),
            r.message_vi.to_owned(),
            r.message_en.to_owned(),
        ];
        assert_eq!(
            cells.as_slice(),
            want.as_slice(),
            "row {} of docs/spec/rules.md",
            r.id
        );
    }
    // Every policy setting of `Policy` is documented in the catalogue's policy table.
    for field in [
        "zero_score",
        "optional_subject_score",
        "comment_for_c",
        "retest_moment",
        "personal_id_missing",
        "personal_id_structure",
        "birth_date",
        "age_window",
        "tech_competencies_grades_1_2",
        "ict_periodic_test",
        "national_completeness",
    ] {
        assert!(
            doc.contains(&format!("| `{field}` |")),
            "policy {field} not documented"
        );
    }
}
