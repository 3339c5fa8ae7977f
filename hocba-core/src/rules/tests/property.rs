//! Property tests: `validate` never panics on any generated record, and the derived values
//! and the validator always agree (TT27 Điều 9.2.a, 11, 13).

use proptest::prelude::*;

use super::*;

/// One random change to a record: enough kinds to reach every rule group.
#[derive(Clone, Debug)]
enum Mutation {
    SubjectLevel(usize, u8),
    Score(usize, Option<u8>),
    Retest(usize),
    DropComment(usize),
    RemoveSubject(usize),
    AddSubject(u8, u8, Option<u8>),
    QualityLevel(usize, u8),
    CompetencyLevel(usize, u8),
    RemoveCompetency(usize),
    Result(u8),
    Award(u8, bool),
    Completion(bool, bool, bool, bool),
    Supplementary(Option<bool>),
    Grade(u8),
    SchoolYear(u16),
    RuleSet(u8),
    PeriodicScore(usize, usize, Option<u8>),
    PeriodicMoment(usize, u8),
    BirthYear(i32),
    NoPersonalId,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0..16usize, 0..3u8).prop_map(|(i, l)| Mutation::SubjectLevel(i, l)),
        (0..16usize, proptest::option::of(0..=10u8)).prop_map(|(i, s)| Mutation::Score(i, s)),
        (0..16usize).prop_map(Mutation::Retest),
        (0..16usize).prop_map(Mutation::DropComment),
        (0..16usize).prop_map(Mutation::RemoveSubject),
        (0..13u8, 0..3u8, proptest::option::of(0..=10u8))
            .prop_map(|(s, l, x)| Mutation::AddSubject(s, l, x)),
        (0..6usize, 0..3u8).prop_map(|(i, l)| Mutation::QualityLevel(i, l)),
        (0..11usize, 0..3u8).prop_map(|(i, l)| Mutation::CompetencyLevel(i, l)),
        (0..11usize).prop_map(Mutation::RemoveCompetency),
        (0..4u8).prop_map(Mutation::Result),
        (0..4u8, any::<bool>()).prop_map(|(k, d)| Mutation::Award(k, d)),
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(a, b, c, d)| Mutation::Completion(a, b, c, d)),
        proptest::option::of(any::<bool>()).prop_map(Mutation::Supplementary),
        (1..=5u8).prop_map(Mutation::Grade),
        (2015..2032u16).prop_map(Mutation::SchoolYear),
        (0..4u8).prop_map(Mutation::RuleSet),
        (0..4usize, 0..16usize, proptest::option::of(0..=10u8))
            .prop_map(|(p, i, s)| Mutation::PeriodicScore(p, i, s)),
        (0..4usize, 0..4u8).prop_map(|(p, m)| Mutation::PeriodicMoment(p, m)),
        (1995..2025i32).prop_map(Mutation::BirthYear),
        Just(Mutation::NoPersonalId),
    ]
}

fn pick<T>(v: &mut [T], i: usize) -> Option<&mut T> {
    let n = v.len();
    if n == 0 { None } else { v.get_mut(i % n) }
}

fn apply(r: &mut YearRecord, m: &Mutation) {
    let score = |x: u8| Score::try_from(x).ok();
    match *m {
        Mutation::SubjectLevel(i, l) => {
            if let Some(s) = pick(&mut r.subjects, i) {
                s.level = SubjectLevel::ALL[usize::from(l)];
            }
        }
        Mutation::Score(i, x) => {
            if let Some(s) = pick(&mut r.subjects, i) {
                s.score = x.and_then(score);
            }
        }
        Mutation::Retest(i) => {
            if let Some(s) = pick(&mut r.subjects, i) {
                s.retest = true;
            }
        }
        Mutation::DropComment(i) => {
            if let Some(s) = pick(&mut r.subjects, i) {
                s.comment = None;
            }
        }
        Mutation::RemoveSubject(i) => {
            if !r.subjects.is_empty() {
                let n = r.subjects.len();
                r.subjects.remove(i % n);
            }
        }
        Mutation::AddSubject(s, l, x) => r.subjects.push(SubjectResult {
            subject: Subject::ALL[usize::from(s)],
            language: None,
            level: SubjectLevel::ALL[usize::from(l)],
            score: x.and_then(score),
            retest: false,
            comment: None,
        }),
        Mutation::QualityLevel(i, l) => {
            if let Some(q) = pick(&mut r.qualities, i) {
                q.level = QualityLevel::ALL[usize::from(l)];
            }
        }
        Mutation::CompetencyLevel(i, l) => {
            if let Some(c) = pick(&mut r.competencies, i) {
                c.level = QualityLevel::ALL[usize::from(l)];
            }
        }
        Mutation::RemoveCompetency(i) => {
            if !r.competencies.is_empty() {
                let n = r.competencies.len();
                r.competencies.remove(i % n);
            }
        }
        Mutation::Result(x) => r.result = YearResult::ALL[usize::from(x)],
        Mutation::Award(k, d) => r.awards.push(Award {
            kind: AwardKind::ALL[usize::from(k)],
            description: d.then(|| Text::new("Thành tích").unwrap()),
        }),
        Mutation::Completion(a, b, c, d) => {
            r.completion.class_completed = a;
            r.completion.promotion = if b {
                Promotion::Promoted
            } else {
                Promotion::Retained
            };
            r.completion.principal_decision = c;
            r.completion.primary_completed = d;
        }
        Mutation::Supplementary(s) => {
            r.completion.supplementary = s.map(|completed| SupplementaryAssessment {
                completed,
                date: None,
                comment: None,
            });
        }
        Mutation::Grade(g) => r.grade = Grade::try_from(g).unwrap(),
        Mutation::SchoolYear(y) => r.school_year = SchoolYear::starting(y).unwrap(),
        Mutation::RuleSet(k) => {
            r.rule_set = Text::new(["TT27/2020", "TT22/2016", "", "TT27"][usize::from(k)]).unwrap()
        }
        Mutation::PeriodicScore(p, i, x) => {
            if let Some(p) = pick(&mut r.periodic, p)
                && let Some(s) = pick(&mut p.subjects, i)
            {
                s.score = x.and_then(score);
            }
        }
        Mutation::PeriodicMoment(p, m) => {
            if let Some(p) = pick(&mut r.periodic, p) {
                p.moment = Moment::ALL[usize::from(m)];
            }
        }
        Mutation::BirthYear(y) => r.pupil.date_of_birth = Date::from_ymd(y, 2, 28).unwrap(),
        Mutation::NoPersonalId => r.pupil.personal_id = None,
    }
}

fn record() -> impl Strategy<Value = YearRecord> {
    (
        0..500u64,
        1..=5u8,
        proptest::collection::vec(mutation(), 0..8),
    )
        .prop_map(|(seed, grade, ms)| {
            let g = Grade::try_from(grade).unwrap();
            let mut r = synth::class(seed, g, 2024, 1).remove(0);
            for m in &ms {
                apply(&mut r, m);
            }
            r
        })
}

/// The codes that only depend on derivable values: after `fill_derived` none may remain.
const DERIVABLE: &[&str] = &[
    "result_mismatch",
    "award_excellent_requires_htxs",
    "award_exemplary_requires_htt",
    "award_duplicate",
    "award_excellent_not_recorded",
    "class_completion_mismatch",
    "supplementary_unexpected",
    "promotion_mismatch",
    "principal_decision_missing",
    "primary_completion_mismatch",
    "primary_completion_not_grade_5",
];

proptest! {
    #[test]
    fn validate_never_panics_and_agrees_with_derive(mut r in record()) {
        let policy = Policy::default();
        let report = validate(&r, &policy);
        prop_assert_eq!(report.derived.len(), 1);
        prop_assert_eq!(report.is_ok(), report.errors().next().is_none());
        for v in &report.violations {
            prop_assert!(!v.message_vi.contains('{') && !v.message_en.contains('{'), "unfilled template");
            prop_assert_eq!(Some(v.key_severity()), Some(v.severity));
        }
        if let Some(d) = report.derived() {
            // The validator's derived values are derive()'s…
            prop_assert_eq!(d, &derive(&r));
            // …and the result rule fires exactly when the record disagrees.
            prop_assert_eq!(report.has("result_mismatch"), r.result != d.result);
            fill_derived(&mut r);
            let after = validate(&r, &policy);
            for code in DERIVABLE {
                prop_assert!(!after.has(code), "{} after fill_derived", code);
            }
            prop_assert_eq!(after.derived().map(|d| d.result), Some(r.result));
        } else {
            // Nothing derived: the rule set does not apply, or a criterion of Điều 9.2.a
            // cannot be judged (a tested subject without its end-of-year score).
            prop_assert!(report.has("rule_set_unknown")
                || report.has("rule_set_not_implemented")
                || report.has("rule_set_not_in_force")
                || !crate::rules::derive::judgeable(&r, &policy));
        }
    }

    #[test]
    fn validate_transcript_never_panics(seed in 0..200u64, ops in proptest::collection::vec((0..4u8, 0..8usize, 0..8usize), 0..4)) {
        let mut t = synth::cohort(&synth::CohortSpec { seed, pupils: 4, first_year: 2020 })
            .swap_remove((seed % 4) as usize);
        for (op, a, b) in ops {
            let n = t.years.len();
            match op {
                0 if n > 0 => t.years.swap(a % n, b % n),
                1 if n > 0 => { t.years.remove(a % n); }
                2 if n > 0 => { let y = t.years[a % n].clone(); t.years.push(y); }
                _ => if !t.enrolments.is_empty() { let m = t.enrolments.len(); t.enrolments.remove(a % m); },
            }
        }
        let report = validate_transcript(&t, &Policy::default());
        prop_assert_eq!(report.derived.len(), t.years.len());
        prop_assert_eq!(report.is_ok(), report.errors().next().is_none());
    }
}

impl Violation {
    /// The severity this violation's rule has under the default policy.
    fn key_severity(&self) -> Severity {
        rule_by_code(self.code).unwrap().severity
    }
}
