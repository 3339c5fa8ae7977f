//! `NOI_DUNG_HOAN_THANH_CHUONG_TRINH`: the completion sentence of the national XML ("Hoàn
//! thành chương trình lớp 4; Được lên lớp 5."), which the national display template prints
//! and the signatures cover. The model does not store it (the writer derives it from the
//! completion flags); what the national reader keeps of it is [`NationalFacts`], and
//! [`CompletionClaims::parse`] reads what a sentence says so that the validator can compare it
//! with the flags (`completion_sentence_mismatch`, TT27 Điều 11.1, 11.2; ADR 0243).
//!
//! The parser knows the sentence hocba's writer writes and the common phrasings of the display
//! template and of schools' software, clause by clause (`;`, `,` or `.` between clauses, any
//! case). A clause it does not recognise claims nothing: unknown phrasing is never a finding.

use crate::model::Text;

/// What a national XML document says beyond the model, kept by the national reader for the
/// validator ([`crate::moet::read_national`], `rules::validate_national`; ADR 0242, 0243).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NationalFacts {
    /// `NOI_DUNG_HOAN_THANH_CHUONG_TRINH` as written, when present.
    pub completion_sentence: Option<Text>,
    /// The optional elements present but empty, in document order, which the reader took for
    /// absent (`national_empty_element`, ADR 0266).
    pub empty_elements: Vec<EmptyElement>,
}

/// An optional element of the national XML present but empty (`<HO_VA_TEN_CHA/>`, or only
/// whitespace): the specification writes a null by leaving the element out (CV 2088 §1), so the
/// reader takes it for absent and the validator names it (ADR 0266). Tag and path only — never
/// the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmptyElement {
    /// The element's tag, e.g. `HO_VA_TEN_CHA`.
    pub tag: &'static str,
    /// Its path in the document, e.g. `HOC_BA/DU_LIEU_HOC_BA/THONG_TIN_CHUNG/HO_VA_TEN_CHA`.
    pub path: String,
}

impl NationalFacts {
    /// The facts of a record read from a national XML whose sentence is `sentence`.
    pub fn with_sentence(sentence: Option<Text>) -> Self {
        Self {
            completion_sentence: sentence,
            empty_elements: Vec::new(),
        }
    }

    /// What the completion sentence claims (nothing when there is none).
    pub fn completion_claims(&self) -> CompletionClaims {
        self.completion_sentence
            .as_ref()
            .map(|s| CompletionClaims::parse(s.as_str()))
            .unwrap_or_default()
    }
}

/// What a completion sentence claims; `None` where it says nothing recognisable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompletionClaims {
    /// "Hoàn thành chương trình lớp …" (true) / "Chưa hoàn thành chương trình lớp …" (false).
    pub class_completed: Option<bool>,
    /// The grade the class clause names ("… chương trình lớp 4").
    pub class_grade: Option<u8>,
    /// "Được lên lớp" (true) / "Ở lại lớp", "Chưa được lên lớp", "Lưu ban" (false).
    pub promoted: Option<bool>,
    /// The grade the promotion clause names ("Được lên lớp 5", "Ở lại lớp 4").
    pub promotion_grade: Option<u8>,
    /// "Hoàn thành chương trình tiểu học" (true) / "Chưa hoàn thành chương trình tiểu học".
    pub primary_completed: Option<bool>,
}

/// `rest` as a grade 1–5 (after one space), or no grade when `rest` is empty; `None` when
/// `rest` is anything else (the clause is then not recognised).
fn grade_tail(rest: &str) -> Option<Option<u8>> {
    if rest.is_empty() {
        return Some(None);
    }
    let n: u8 = rest.strip_prefix(' ')?.trim().parse().ok()?;
    (1..=5).contains(&n).then_some(Some(n))
}

impl CompletionClaims {
    /// Reads `sentence` clause by clause; unknown clauses claim nothing.
    pub fn parse(sentence: &str) -> Self {
        let mut out = Self::default();
        let lower = sentence.to_lowercase();
        for clause in lower.split([';', ',', '.', '\n']) {
            let clause = clause.split_whitespace().collect::<Vec<_>>().join(" ");
            out.clause(&clause);
        }
        out
    }

    fn clause(&mut self, c: &str) {
        let c = c.strip_prefix("đã ").unwrap_or(c);
        let (negated, body) = match c.strip_prefix("chưa ").or_else(|| c.strip_prefix("không ")) {
            Some(rest) => (true, rest),
            None => (false, c),
        };
        if let Some(rest) = body.strip_prefix("hoàn thành chương trình ") {
            if rest == "tiểu học" || rest == "cấp tiểu học" {
                self.primary_completed = Some(!negated);
            } else if rest == "lớp học" {
                self.class_completed = Some(!negated);
            } else if let Some(g) = rest.strip_prefix("lớp").and_then(grade_tail) {
                self.class_completed = Some(!negated);
                self.class_grade = self.class_grade.or(g);
            }
        } else if let Some(rest) = body.strip_prefix("được lên lớp") {
            if let Some(g) = grade_tail(rest) {
                self.promoted = Some(!negated);
                self.promotion_grade = self.promotion_grade.or(g.filter(|_| !negated));
            }
        } else if !negated {
            if let Some(rest) = body.strip_prefix("lên lớp") {
                if let Some(g) = grade_tail(rest) {
                    self.promoted = Some(true);
                    self.promotion_grade = self.promotion_grade.or(g);
                }
            } else if let Some(rest) = body.strip_prefix("ở lại lớp") {
                if let Some(g) = grade_tail(rest) {
                    self.promoted = Some(false);
                    self.promotion_grade = self.promotion_grade.or(g);
                }
            } else if body == "lưu ban" {
                self.promoted = Some(false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(
        class: Option<bool>,
        class_grade: Option<u8>,
        promoted: Option<bool>,
        promotion_grade: Option<u8>,
        primary: Option<bool>,
    ) -> CompletionClaims {
        CompletionClaims {
            class_completed: class,
            class_grade,
            promoted,
            promotion_grade,
            primary_completed: primary,
        }
    }

    #[test]
    fn phrasings() {
        let (t, f) = (Some(true), Some(false));
        let table = [
            // What hocba's writer writes.
            (
                "Hoàn thành chương trình lớp 4; Được lên lớp 5.",
                claims(t, Some(4), t, Some(5), None),
            ),
            (
                "Chưa hoàn thành chương trình lớp 4; Ở lại lớp 4.",
                claims(f, Some(4), f, Some(4), None),
            ),
            (
                "Hoàn thành chương trình lớp 5; Hoàn thành chương trình tiểu học.",
                claims(t, Some(5), None, None, t),
            ),
            (
                "Chưa hoàn thành chương trình lớp 5; Được lên lớp.",
                claims(f, Some(5), t, None, None),
            ),
            // Common phrasings.
            (
                "Chưa hoàn thành chương trình lớp 4; Ở lại lớp.",
                claims(f, Some(4), f, None, None),
            ),
            (
                "Hoàn thành chương trình lớp học, được lên lớp",
                claims(t, None, t, None, None),
            ),
            (
                "Đã hoàn thành chương trình lớp 3. Lên lớp 4",
                claims(t, Some(3), t, Some(4), None),
            ),
            ("Chưa được lên lớp", claims(None, None, f, None, None)),
            ("Không được lên lớp.", claims(None, None, f, None, None)),
            ("Lưu ban", claims(None, None, f, None, None)),
            (
                "HOÀN THÀNH CHƯƠNG TRÌNH TIỂU HỌC",
                claims(None, None, None, None, t),
            ),
            (
                "Chưa hoàn thành chương trình tiểu học",
                claims(None, None, None, None, f),
            ),
            // Unknown phrasing claims nothing.
            ("Học sinh có nhiều tiến bộ.", CompletionClaims::default()),
            ("Hoàn thành chương trình lớp 7", CompletionClaims::default()),
            ("Được lên lớp năm", CompletionClaims::default()),
            ("", CompletionClaims::default()),
        ];
        for (s, want) in table {
            assert_eq!(CompletionClaims::parse(s), want, "{s}");
        }
    }

    #[test]
    fn facts_without_a_sentence_claim_nothing() {
        assert_eq!(
            NationalFacts::default().completion_claims(),
            CompletionClaims::default()
        );
    }
}
