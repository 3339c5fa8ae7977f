//! The direct encoder: each structure writes its fields in canonical key order (the order
//! of `docs/spec/hocba.cddl`), with no generic sort. Every key below 24 is one byte, so
//! ascending integer order is the bytewise order of RFC 8949 §4.2.1.

use super::head::Writer;
use super::keys;
use super::{FORMAT_MAJOR, FORMAT_MINOR};
use crate::model::{
    AdminUnit, Award, CompetencyRating, Completion, Correction, Date, Enrolment, Extensions,
    GroupComments, Guardian, Issuance, PeriodicResult, Place, PrincipalSignatory, Pupil,
    QualityRating, School, SchoolStep, Signatory, SubjectResult, SupplementaryAssessment, Text,
    Transcript, YearRecord,
};

/// Encodes a year record in the hocba-CBOR profile.
pub fn encode_year_record(record: &YearRecord) -> Vec<u8> {
    let mut w = Writer::with_capacity(4096);
    year_record(&mut w, record);
    w.buf
}

/// Encodes a transcript in the hocba-CBOR profile. Each of its year records is encoded
/// exactly as [`encode_year_record`] encodes it alone.
pub fn encode_transcript(transcript: &Transcript) -> Vec<u8> {
    let mut w = Writer::with_capacity(4096 * (1 + transcript.years.len()));
    let t = transcript;
    let known = keys::transcript::FIELDS;
    let ext = extension_fields(&t.extensions, known);
    w.map(4 + ext.len());
    version(&mut w, &t.extensions);
    w.uint(keys::transcript::PUPIL);
    pupil(&mut w, &t.pupil);
    w.uint(keys::transcript::ENROLMENTS);
    w.array(t.enrolments.len());
    for e in &t.enrolments {
        enrolment(&mut w, e);
    }
    w.uint(keys::transcript::YEARS);
    w.array(t.years.len());
    for y in &t.years {
        year_record(&mut w, y);
    }
    write_extensions(&mut w, &ext);
    w.buf
}

/// The extension fields to write: those whose key the structure does not define.
fn extension_fields<'a>(ext: &'a Extensions, known: &[(&str, u64)]) -> Vec<(u64, &'a [u8])> {
    ext.fields
        .iter()
        .filter(|(k, _)| !known.iter().any(|(_, n)| n == *k))
        .map(|(k, v)| (*k, v.as_bytes()))
        .collect()
}

/// Extension keys are above every key the structure defines (a newer minor only appends
/// keys), so they follow the known fields; a `BTreeMap` yields them in ascending order,
/// which for unsigned integers is the bytewise order of their encodings.
fn write_extensions(w: &mut Writer, ext: &[(u64, &[u8])]) {
    for (k, v) in ext {
        w.uint(*k);
        w.raw(v);
    }
}

fn version(w: &mut Writer, ext: &Extensions) {
    w.uint(0);
    w.array(2);
    w.uint(FORMAT_MAJOR);
    let minor = if ext.minor > FORMAT_MINOR {
        ext.minor
    } else {
        FORMAT_MINOR
    };
    w.uint(minor);
}

fn count(fields: &[bool]) -> usize {
    fields.iter().filter(|&&b| b).count()
}

fn opt_text(w: &mut Writer, key: u64, t: &Option<Text>) {
    if let Some(t) = t {
        w.uint(key);
        w.text(t.as_str());
    }
}

fn date(w: &mut Writer, d: Date) {
    w.text(&d.to_string());
}

fn year_record(w: &mut Writer, r: &YearRecord) {
    use keys::year_record as k;
    let ext = extension_fields(&r.extensions, k::FIELDS);
    let n = 14
        + count(&[
            r.height_mm.is_some(),
            r.weight_g.is_some(),
            r.days_absent.is_some(),
            !r.periodic.is_empty(),
            !r.awards.is_empty(),
            r.correction.is_some(),
            r.lookup_code.is_some(),
            r.absences_excused.is_some(),
            r.absences_unexcused.is_some(),
            r.register_number.is_some(),
            !r.history.is_empty(),
            !r.comments.is_empty(),
            r.issuance.is_some(),
        ]);
    w.map(n + ext.len());
    version(w, &r.extensions);
    w.uint(k::RULE_SET);
    w.text(r.rule_set.as_str());
    w.uint(k::PUPIL);
    pupil(w, &r.pupil);
    w.uint(k::SCHOOL);
    school(w, &r.school);
    w.uint(k::SCHOOL_YEAR);
    w.uint(u64::from(r.school_year.start()));
    w.uint(k::GRADE);
    w.uint(u64::from(r.grade.get()));
    w.uint(k::CLASS_NAME);
    w.text(r.class_name.as_str());
    w.uint(k::HOMEROOM_TEACHER);
    signatory(w, &r.homeroom_teacher);
    w.uint(k::PRINCIPAL);
    principal(w, &r.principal);
    if let Some(v) = r.height_mm {
        w.uint(k::HEIGHT_MM);
        w.uint(u64::from(v));
    }
    if let Some(v) = r.weight_g {
        w.uint(k::WEIGHT_G);
        w.uint(u64::from(v));
    }
    if let Some(v) = r.days_absent {
        w.uint(k::DAYS_ABSENT);
        w.uint(u64::from(v));
    }
    w.uint(k::SUBJECTS);
    subjects(w, &r.subjects);
    w.uint(k::QUALITIES);
    qualities(w, &r.qualities);
    w.uint(k::COMPETENCIES);
    competencies(w, &r.competencies);
    if !r.periodic.is_empty() {
        w.uint(k::PERIODIC);
        w.array(r.periodic.len());
        for p in &r.periodic {
            periodic(w, p);
        }
    }
    w.uint(k::RESULT);
    w.text(r.result.code());
    if !r.awards.is_empty() {
        w.uint(k::AWARDS);
        w.array(r.awards.len());
        for a in &r.awards {
            award(w, a);
        }
    }
    w.uint(k::COMPLETION);
    completion(w, &r.completion);
    if let Some(c) = &r.correction {
        w.uint(k::CORRECTION);
        correction(w, c);
    }
    if let Some(c) = &r.lookup_code {
        w.uint(k::LOOKUP_CODE);
        w.text(&c.to_string());
    }
    for (key, v) in [
        (k::ABSENCES_EXCUSED, r.absences_excused),
        (k::ABSENCES_UNEXCUSED, r.absences_unexcused),
    ] {
        if let Some(v) = v {
            w.uint(key);
            w.uint(u64::from(v));
        }
    }
    opt_text(w, k::REGISTER_NUMBER, &r.register_number);
    if !r.history.is_empty() {
        w.uint(k::HISTORY);
        w.array(r.history.len());
        for s in &r.history {
            school_step(w, s);
        }
    }
    if !r.comments.is_empty() {
        w.uint(k::COMMENTS);
        group_comments(w, &r.comments);
    }
    if let Some(i) = &r.issuance {
        w.uint(k::ISSUANCE);
        issuance(w, i);
    }
    write_extensions(w, &ext);
}

fn pupil(w: &mut Writer, p: &Pupil) {
    use keys::pupil as k;
    let n = 6 + count(&[
        p.hometown.is_some(),
        p.ethnicity.is_some(),
        p.father.is_some(),
        p.mother.is_some(),
        p.guardian.is_some(),
        p.personal_id.is_some(),
        p.pupil_code.is_some(),
    ]);
    w.map(n);
    w.uint(k::FULL_NAME);
    w.text(p.full_name.as_str());
    w.uint(k::GENDER);
    w.text(p.gender.code());
    w.uint(k::DATE_OF_BIRTH);
    date(w, p.date_of_birth);
    w.uint(k::PLACE_OF_BIRTH);
    w.text(p.place_of_birth.as_str());
    opt_text(w, k::HOMETOWN, &p.hometown);
    if let Some(e) = p.ethnicity {
        w.uint(k::ETHNICITY);
        w.uint(u64::from(e.code()));
    }
    w.uint(k::NATIONALITY);
    w.text(p.nationality.as_str());
    w.uint(k::RESIDENCE);
    place(w, &p.residence);
    for (key, g) in [
        (k::FATHER, &p.father),
        (k::MOTHER, &p.mother),
        (k::GUARDIAN, &p.guardian),
    ] {
        if let Some(g) = g {
            w.uint(key);
            guardian(w, g);
        }
    }
    if let Some(id) = &p.personal_id {
        w.uint(k::PERSONAL_ID);
        w.text(id.as_str());
    }
    if let Some(c) = &p.pupil_code {
        w.uint(k::PUPIL_CODE);
        w.text(c.as_str());
    }
}

fn place(w: &mut Writer, p: &Place) {
    use keys::place as k;
    w.map(count(&[
        p.detail.is_some(),
        p.commune.is_some(),
        p.district.is_some(),
        p.province.is_some(),
        p.as_of.is_some(),
    ]));
    opt_text(w, k::DETAIL, &p.detail);
    if let Some(u) = &p.commune {
        w.uint(k::COMMUNE);
        admin_unit(w, u);
    }
    if let Some(u) = &p.district {
        w.uint(k::DISTRICT);
        admin_unit(w, u);
    }
    if let Some(u) = &p.province {
        w.uint(k::PROVINCE);
        admin_unit(w, u);
    }
    if let Some(d) = p.as_of {
        w.uint(k::AS_OF);
        date(w, d);
    }
}

fn admin_unit(w: &mut Writer, u: &AdminUnit) {
    use keys::admin_unit as k;
    w.map(1 + count(&[u.code.is_some()]));
    if let Some(c) = &u.code {
        w.uint(k::CODE);
        w.text(c.as_str());
    }
    w.uint(k::NAME);
    w.text(u.name.as_str());
}

fn guardian(w: &mut Writer, g: &Guardian) {
    use keys::guardian as k;
    w.map(1 + count(&[g.birth_year.is_some(), g.occupation.is_some()]));
    w.uint(k::FULL_NAME);
    w.text(g.full_name.as_str());
    if let Some(y) = g.birth_year {
        w.uint(k::BIRTH_YEAR);
        w.uint(u64::from(y));
    }
    opt_text(w, k::OCCUPATION, &g.occupation);
}

fn school(w: &mut Writer, s: &School) {
    use keys::school as k;
    w.map(3 + count(&[s.department.is_some()]));
    w.uint(k::NAME);
    w.text(s.name.as_str());
    w.uint(k::CODE);
    w.text(s.code.as_str());
    w.uint(k::PLACE);
    place(w, &s.place);
    if let Some(d) = &s.department {
        w.uint(k::DEPARTMENT);
        w.map(2);
        w.uint(keys::department::CODE);
        w.text(d.code.as_str());
        w.uint(keys::department::NAME);
        w.text(d.name.as_str());
    }
}

fn school_step(w: &mut Writer, s: &SchoolStep) {
    use keys::school_step as k;
    w.map(3 + count(&[s.moved_in_on.is_some()]));
    w.uint(k::SCHOOL_YEAR);
    w.uint(u64::from(s.school_year.start()));
    w.uint(k::CLASS_NAME);
    w.text(s.class_name.as_str());
    w.uint(k::SCHOOL_NAME);
    w.text(s.school_name.as_str());
    if let Some(d) = s.moved_in_on {
        w.uint(k::MOVED_IN_ON);
        date(w, d);
    }
}

fn group_comments(w: &mut Writer, c: &GroupComments) {
    use keys::group_comments as k;
    w.map(count(&[
        c.qualities.is_some(),
        c.general_competencies.is_some(),
        c.specific_competencies.is_some(),
        c.homeroom.is_some(),
    ]));
    opt_text(w, k::QUALITIES, &c.qualities);
    opt_text(w, k::GENERAL_COMPETENCIES, &c.general_competencies);
    opt_text(w, k::SPECIFIC_COMPETENCIES, &c.specific_competencies);
    opt_text(w, k::HOMEROOM, &c.homeroom);
}

fn issuance(w: &mut Writer, i: &Issuance) {
    use keys::issuance as k;
    w.map(2 + count(&[i.issued_at.is_some()]));
    w.uint(k::PLACE);
    w.text(i.place.as_str());
    w.uint(k::CREATED_AT);
    w.text(&i.created_at.to_string());
    if let Some(t) = i.issued_at {
        w.uint(k::ISSUED_AT);
        w.text(&t.to_string());
    }
}

fn enrolment(w: &mut Writer, e: &Enrolment) {
    use keys::enrolment as k;
    w.map(7);
    w.uint(k::SCHOOL_YEAR);
    w.uint(u64::from(e.school_year.start()));
    w.uint(k::CLASS_NAME);
    w.text(e.class_name.as_str());
    w.uint(k::SCHOOL_NAME);
    w.text(e.school_name.as_str());
    w.uint(k::SCHOOL_CODE);
    w.text(e.school_code.as_str());
    w.uint(k::REGISTER_NUMBER);
    w.text(e.register_number.as_str());
    w.uint(k::ADMITTED_ON);
    date(w, e.admitted_on);
    w.uint(k::ADMISSION);
    w.text(e.admission.code());
}

fn subjects(w: &mut Writer, v: &[SubjectResult]) {
    use keys::subject_result as k;
    w.array(v.len());
    for s in v {
        w.map(
            2 + count(&[
                s.language.is_some(),
                s.score.is_some(),
                s.retest,
                s.comment.is_some(),
            ]),
        );
        w.uint(k::SUBJECT);
        w.text(s.subject.code());
        opt_text(w, k::LANGUAGE, &s.language);
        w.uint(k::LEVEL);
        w.text(s.level.code());
        if let Some(score) = s.score {
            w.uint(k::SCORE);
            w.uint(u64::from(score.get()));
        }
        if s.retest {
            w.uint(k::RETEST);
            w.bool(true);
        }
        opt_text(w, k::COMMENT, &s.comment);
    }
}

fn qualities(w: &mut Writer, v: &[QualityRating]) {
    use keys::quality_rating as k;
    w.array(v.len());
    for q in v {
        w.map(2 + count(&[q.comment.is_some()]));
        w.uint(k::QUALITY);
        w.text(q.quality.code());
        w.uint(k::LEVEL);
        w.text(q.level.code());
        opt_text(w, k::COMMENT, &q.comment);
    }
}

fn competencies(w: &mut Writer, v: &[CompetencyRating]) {
    use keys::competency_rating as k;
    w.array(v.len());
    for c in v {
        w.map(2 + count(&[c.comment.is_some()]));
        w.uint(k::COMPETENCY);
        w.text(c.competency.code());
        w.uint(k::LEVEL);
        w.text(c.level.code());
        opt_text(w, k::COMMENT, &c.comment);
    }
}

fn periodic(w: &mut Writer, p: &PeriodicResult) {
    use keys::periodic_result as k;
    w.map(
        1 + count(&[
            !p.subjects.is_empty(),
            !p.qualities.is_empty(),
            !p.competencies.is_empty(),
        ]),
    );
    w.uint(k::MOMENT);
    w.text(p.moment.code());
    if !p.subjects.is_empty() {
        w.uint(k::SUBJECTS);
        subjects(w, &p.subjects);
    }
    if !p.qualities.is_empty() {
        w.uint(k::QUALITIES);
        qualities(w, &p.qualities);
    }
    if !p.competencies.is_empty() {
        w.uint(k::COMPETENCIES);
        competencies(w, &p.competencies);
    }
}

fn award(w: &mut Writer, a: &Award) {
    use keys::award as k;
    w.map(1 + count(&[a.description.is_some()]));
    w.uint(k::KIND);
    w.text(a.kind.code());
    opt_text(w, k::DESCRIPTION, &a.description);
}

fn supplementary(w: &mut Writer, s: &SupplementaryAssessment) {
    use keys::supplementary as k;
    w.map(1 + count(&[s.date.is_some(), s.comment.is_some()]));
    w.uint(k::COMPLETED);
    w.bool(s.completed);
    if let Some(d) = s.date {
        w.uint(k::DATE);
        date(w, d);
    }
    opt_text(w, k::COMMENT, &s.comment);
}

fn completion(w: &mut Writer, c: &Completion) {
    use keys::completion as k;
    w.map(
        2 + count(&[
            c.supplementary.is_some(),
            c.principal_decision,
            c.primary_completed,
        ]),
    );
    w.uint(k::CLASS_COMPLETED);
    w.bool(c.class_completed);
    if let Some(s) = &c.supplementary {
        w.uint(k::SUPPLEMENTARY);
        supplementary(w, s);
    }
    w.uint(k::PROMOTION);
    w.text(c.promotion.code());
    if c.principal_decision {
        w.uint(k::PRINCIPAL_DECISION);
        w.bool(true);
    }
    if c.primary_completed {
        w.uint(k::PRIMARY_COMPLETED);
        w.bool(true);
    }
}

fn signatory(w: &mut Writer, s: &Signatory) {
    use keys::signatory as k;
    w.map(1 + count(&[s.personal_id.is_some()]));
    w.uint(k::FULL_NAME);
    w.text(s.full_name.as_str());
    if let Some(id) = &s.personal_id {
        w.uint(k::PERSONAL_ID);
        w.text(id.as_str());
    }
}

fn principal(w: &mut Writer, p: &PrincipalSignatory) {
    use keys::principal_signatory as k;
    w.map(2 + count(&[p.personal_id.is_some(), p.title.is_some()]));
    w.uint(k::FULL_NAME);
    w.text(p.full_name.as_str());
    w.uint(k::CAPACITY);
    w.text(p.capacity.code());
    if let Some(id) = &p.personal_id {
        w.uint(k::PERSONAL_ID);
        w.text(id.as_str());
    }
    opt_text(w, k::TITLE, &p.title);
}

fn correction(w: &mut Writer, c: &Correction) {
    use keys::correction as k;
    w.map(2);
    w.uint(k::SUPERSEDES);
    w.bytes(&c.supersedes.0);
    w.uint(k::REASON);
    w.text(c.reason.as_str());
}
