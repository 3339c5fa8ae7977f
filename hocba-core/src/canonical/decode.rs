//! The strict decoder: the profile check over the raw bytes, then a typed reading into
//! the model in which every field has the type `docs/spec/hocba.cddl` gives it.

use std::collections::BTreeMap;
use std::str::FromStr;

use super::head::{ARRAY, BYTES, MAP, Reader, SIMPLE, TEXT, UINT};
use super::keys;
use super::profile::{CheckedText, check_profile_texts};
use super::{DecodeError, DecodeErrorKind as K, FORMAT_MAJOR, FORMAT_MINOR, LEGACY_MAJOR, Limits};
use crate::model::{
    AdminCode, AdminUnit, Admission, Award, AwardKind, Competency, CompetencyRating, Completion,
    Correction, CountryCode, Date, DateTime, Department, DepartmentCode, Enrolment, Ethnicity,
    Extensions, Gender, Grade, GroupComments, Guardian, Issuance, LookupCode, ModelError, Moment,
    PeriodicResult, PersonalId, Place, PrincipalCapacity, PrincipalSignatory, Promotion, Pupil,
    PupilCode, Quality, QualityLevel, QualityRating, RawCbor, School, SchoolCode, SchoolStep,
    SchoolYear, Score, Sha256Digest, Signatory, Subject, SubjectLevel, SubjectResult,
    SupplementaryAssessment, Text, Transcript, YearRecord, YearResult,
};

type R<T> = Result<T, DecodeError>;

/// Decodes a year record from hocba-CBOR bytes, strictly: the profile check
/// ([`check_profile`](super::check_profile) with [`Limits::HOCBA`]) first, then every field's type and domain.
pub fn decode_year_record(bytes: &[u8]) -> Result<YearRecord, DecodeError> {
    let texts = check_profile_texts(bytes, &Limits::HOCBA)?;
    year_record(&mut Dec::new(bytes, &texts))
}

/// Decodes a transcript from hocba-CBOR bytes, strictly (as [`decode_year_record`]).
pub fn decode_transcript(bytes: &[u8]) -> Result<Transcript, DecodeError> {
    let texts = check_profile_texts(bytes, &Limits::HOCBA)?;
    transcript(&mut Dec::new(bytes, &texts))
}

/// A cursor over bytes that passed the profile check.
struct Dec<'a, 't> {
    r: Reader<'a>,
    /// The text strings the profile check validated, in byte order, and the next one that may
    /// be this cursor's next string (the cursor skips the ones it does not decode, such as
    /// strings inside kept extensions).
    texts: &'t [CheckedText<'a>],
    next_text: usize,
    /// The major format version of the record being read: [`FORMAT_MAJOR`], or
    /// [`LEGACY_MAJOR`] for a format 1.0 record, which has none of the fields format 2 added.
    major: u64,
}

fn model_err(e: ModelError, at: usize) -> DecodeError {
    DecodeError::new(K::InvalidValue(Some(e)), at)
}

impl<'a, 't> Dec<'a, 't> {
    fn new(bytes: &'a [u8], texts: &'t [CheckedText<'a>]) -> Self {
        Self {
            r: Reader::new(bytes),
            texts,
            next_text: 0,
            major: FORMAT_MAJOR,
        }
    }

    /// Decodes one field, naming it in the path of any error.
    fn field<T>(&mut self, name: &str, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        f(self).map_err(|e| e.within(name))
    }

    /// Reads a head of major type `major`, or fails with `wrong_type`.
    fn expect(&mut self, major: u8) -> R<(u64, usize)> {
        let h = self.r.head()?;
        if h.major != major {
            return Err(DecodeError::new(K::WrongType, h.start));
        }
        Ok((h.arg, h.start))
    }

    fn uint(&mut self) -> R<(u64, usize)> {
        self.expect(UINT)
    }

    fn small<T: TryFrom<u64>>(&mut self) -> R<T> {
        let (v, at) = self.uint()?;
        T::try_from(v).map_err(|_| DecodeError::new(K::InvalidValue(None), at))
    }

    fn str(&mut self) -> R<(&'a str, usize)> {
        let (len, at) = self.expect(TEXT)?;
        let start = self.r.pos;
        let body = self.r.take(len)?;
        // The profile check met every text string in byte order; this one is among them.
        while self.texts.get(self.next_text).is_some_and(|t| t.0 < start) {
            self.next_text += 1;
        }
        if let Some(&(s_start, s)) = self.texts.get(self.next_text)
            && s_start == start
            && s.len() == body.len()
        {
            self.next_text += 1;
            return Ok((s, at));
        }
        let s = std::str::from_utf8(body).map_err(|_| DecodeError::new(K::InvalidUtf8, at))?;
        Ok((s, at))
    }

    fn text(&mut self) -> R<Text> {
        let (s, at) = self.str()?;
        // Every text string passed the profile check's NFC test before decoding began.
        Text::from_checked_nfc(s).map_err(|e| model_err(e, at))
    }

    /// A text value parsed by `parse` (wire codes, dates, identifiers).
    fn parsed<T>(&mut self, parse: impl FnOnce(&str) -> Result<T, ModelError>) -> R<T> {
        let (s, at) = self.str()?;
        parse(s).map_err(|e| model_err(e, at))
    }

    fn date(&mut self) -> R<Date> {
        self.parsed(Date::from_str)
    }

    fn bool(&mut self) -> R<bool> {
        let h = self.r.head()?;
        match (h.major, h.info) {
            (SIMPLE, 20) => Ok(false),
            (SIMPLE, 21) => Ok(true),
            _ => Err(DecodeError::new(K::WrongType, h.start)),
        }
    }

    /// A flag written only when true: `false` would be a second encoding of "absent".
    fn flag(&mut self) -> R<bool> {
        let at = self.r.pos;
        if self.bool()? {
            Ok(true)
        } else {
            Err(DecodeError::new(K::WrongType, at))
        }
    }

    fn map(&mut self) -> R<(u64, usize)> {
        self.expect(MAP)
    }

    fn array(&mut self) -> R<u64> {
        Ok(self.expect(ARRAY)?.0)
    }

    /// An array of `item`s; `non_empty` for optional lists, which are omitted when empty.
    fn list<T>(&mut self, non_empty: bool, item: impl Fn(&mut Self) -> R<T>) -> R<Vec<T>> {
        let at = self.r.pos;
        let n = self.array()?;
        if non_empty && n == 0 {
            return Err(DecodeError::new(K::WrongType, at));
        }
        // `n` is bounded by the input length, but not by what one item costs in memory:
        // reserve a little and let the vector grow as items actually decode.
        let mut v = Vec::with_capacity(usize::try_from(n.min(16)).unwrap_or(0));
        for i in 0..n {
            let i_usize = usize::try_from(i).unwrap_or(usize::MAX);
            v.push(item(self).map_err(|e| e.at_index(i_usize))?);
        }
        Ok(v)
    }

    /// Reads a map key: an unsigned integer. Any other key is one the format does not
    /// define.
    fn key(&mut self) -> R<(u64, usize)> {
        let at = self.r.pos;
        let h = self.r.head()?;
        if h.major != UINT {
            return Err(DecodeError::new(K::UnknownField, at));
        }
        Ok((h.arg, at))
    }

    /// Skips one item and returns its bytes.
    fn raw(&mut self) -> R<&'a [u8]> {
        let start = self.r.pos;
        self.skip()?;
        Ok(&self.r.buf[start..self.r.pos])
    }

    fn skip(&mut self) -> R<()> {
        let h = self.r.head()?;
        match h.major {
            BYTES | TEXT => self.r.take(h.arg).map(|_| ()),
            ARRAY => (0..h.arg).try_for_each(|_| self.skip()),
            MAP => (0..h.arg.saturating_mul(2)).try_for_each(|_| self.skip()),
            6 => self.skip(),
            _ => Ok(()),
        }
    }

    /// The format version `[major, minor]`; returns the minor.
    fn version(&mut self) -> R<u64> {
        let at = self.r.pos;
        if self.array()? != 2 {
            return Err(DecodeError::new(K::WrongType, at));
        }
        let (major, at_major) = self.uint()?;
        let (minor, at_minor) = self.uint()?;
        // Format 1 had one version, 1.0: it is read as it was (ADR 0076); a "newer" 1.x could
        // only come from a writer that never existed.
        match major {
            FORMAT_MAJOR => {}
            LEGACY_MAJOR if minor == 0 => {}
            LEGACY_MAJOR => return Err(DecodeError::new(K::UnsupportedVersion, at_minor)),
            _ => return Err(DecodeError::new(K::UnsupportedVersion, at_major)),
        }
        self.major = major;
        Ok(minor)
    }

    /// True when a field added by format 2 may appear (it may not in a 1.0 record).
    fn v2(&self) -> bool {
        self.major >= 2
    }

    /// Reads the version key and value that open a top-level map.
    fn open_versioned(&mut self, n: u64, map_at: usize) -> R<Extensions> {
        if n == 0 {
            return Err(missing("version", map_at));
        }
        let (key, key_at) = self.key()?;
        if key != 0 {
            // Keys are sorted, so a first key other than 0 means there is no version.
            let _ = key_at;
            return Err(missing("version", map_at));
        }
        let minor = self.field("version", Self::version)?;
        Ok(Extensions {
            minor: if minor > FORMAT_MINOR { minor } else { 0 },
            fields: BTreeMap::new(),
        })
    }

    /// An unknown top-level key: kept when the record is of a newer minor version,
    /// rejected otherwise (ADR 0011).
    fn extension(&mut self, ext: &mut Extensions, key: u64, key_at: usize) -> R<()> {
        let newer = ext.minor > FORMAT_MINOR;
        if !newer {
            return Err(DecodeError::new(K::UnknownField, key_at));
        }
        let at = self.r.pos;
        let raw = self.raw()?;
        let value = RawCbor::try_from(raw.to_vec()).map_err(|e| model_err(e, at))?;
        ext.fields.insert(key, value);
        Ok(())
    }
}

fn missing(field: &str, at: usize) -> DecodeError {
    DecodeError::new(K::MissingField, at).within(field)
}

fn req<T>(v: Option<T>, field: &str, at: usize) -> R<T> {
    v.ok_or_else(|| missing(field, at))
}

fn unknown(at: usize) -> DecodeError {
    DecodeError::new(K::UnknownField, at)
}

fn year_record(d: &mut Dec<'_, '_>) -> R<YearRecord> {
    use keys::year_record as k;
    let (n, at) = d.map()?;
    let mut ext = d.open_versioned(n, at)?;
    let (mut rule_set, mut pupil_, mut school_, mut school_year, mut grade) =
        (None, None, None, None, None);
    let (mut class_name, mut homeroom, mut principal_) = (None, None, None);
    let (mut height_mm, mut weight_g, mut days_absent) = (None, None, None);
    let (mut subjects_, mut qualities_, mut competencies_) = (None, None, None);
    let (mut periodic_, mut result, mut awards_, mut completion_, mut correction_) =
        (Vec::new(), None, Vec::new(), None, None);
    let (mut lookup_code, mut absences_excused, mut absences_unexcused) = (None, None, None);
    let (mut register_number, mut history, mut comments, mut issuance_) =
        (None, Vec::new(), GroupComments::default(), None);
    for _ in 1..n {
        let (key, key_at) = d.key()?;
        match key {
            k::RULE_SET => rule_set = Some(d.field("rule_set", Dec::text)?),
            k::PUPIL => pupil_ = Some(d.field("pupil", pupil)?),
            k::SCHOOL => school_ = Some(d.field("school", school)?),
            k::SCHOOL_YEAR => school_year = Some(d.field("school_year", school_year_value)?),
            k::GRADE => {
                grade = Some(d.field("grade", |d| {
                    let (v, at) = d.uint()?;
                    u8::try_from(v)
                        .map_err(|_| ModelError::InvalidGrade)
                        .and_then(Grade::try_from)
                        .map_err(|e| model_err(e, at))
                })?)
            }
            k::CLASS_NAME => class_name = Some(d.field("class_name", Dec::text)?),
            k::HOMEROOM_TEACHER => homeroom = Some(d.field("homeroom_teacher", signatory)?),
            k::PRINCIPAL => principal_ = Some(d.field("principal", principal)?),
            k::HEIGHT_MM => height_mm = Some(d.field("height_mm", Dec::small::<u16>)?),
            k::WEIGHT_G => weight_g = Some(d.field("weight_g", Dec::small::<u32>)?),
            k::DAYS_ABSENT => days_absent = Some(d.field("days_absent", Dec::small::<u16>)?),
            k::SUBJECTS => subjects_ = Some(d.field("subjects", |d| d.list(false, subject))?),
            k::QUALITIES => qualities_ = Some(d.field("qualities", |d| d.list(false, quality))?),
            k::COMPETENCIES => {
                competencies_ = Some(d.field("competencies", |d| d.list(false, competency))?)
            }
            k::PERIODIC => periodic_ = d.field("periodic", |d| d.list(true, periodic))?,
            k::RESULT => result = Some(d.field("result", |d| d.parsed(YearResult::from_code))?),
            k::AWARDS => awards_ = d.field("awards", |d| d.list(true, award))?,
            k::COMPLETION => completion_ = Some(d.field("completion", completion)?),
            k::CORRECTION => correction_ = Some(d.field("correction", correction)?),
            k::LOOKUP_CODE if d.v2() => {
                lookup_code = Some(d.field("lookup_code", |d| d.parsed(LookupCode::from_str))?)
            }
            k::ABSENCES_EXCUSED if d.v2() => {
                absences_excused = Some(d.field("absences_excused", Dec::small::<u16>)?)
            }
            k::ABSENCES_UNEXCUSED if d.v2() => {
                absences_unexcused = Some(d.field("absences_unexcused", Dec::small::<u16>)?)
            }
            k::REGISTER_NUMBER if d.v2() => {
                register_number = Some(d.field("register_number", Dec::text)?)
            }
            k::HISTORY if d.v2() => history = d.field("history", |d| d.list(true, school_step))?,
            k::COMMENTS if d.v2() => comments = d.field("comments", group_comments)?,
            k::ISSUANCE if d.v2() => issuance_ = Some(d.field("issuance", issuance)?),
            _ => d.extension(&mut ext, key, key_at)?,
        }
    }
    Ok(YearRecord {
        rule_set: req(rule_set, "rule_set", at)?,
        pupil: req(pupil_, "pupil", at)?,
        school: req(school_, "school", at)?,
        school_year: req(school_year, "school_year", at)?,
        grade: req(grade, "grade", at)?,
        class_name: req(class_name, "class_name", at)?,
        homeroom_teacher: req(homeroom, "homeroom_teacher", at)?,
        principal: req(principal_, "principal", at)?,
        height_mm,
        weight_g,
        days_absent,
        subjects: req(subjects_, "subjects", at)?,
        qualities: req(qualities_, "qualities", at)?,
        competencies: req(competencies_, "competencies", at)?,
        periodic: periodic_,
        result: req(result, "result", at)?,
        awards: awards_,
        completion: req(completion_, "completion", at)?,
        correction: correction_,
        lookup_code,
        absences_excused,
        absences_unexcused,
        register_number,
        history,
        comments,
        issuance: issuance_,
        extensions: ext,
    })
}

fn transcript(d: &mut Dec<'_, '_>) -> R<Transcript> {
    use keys::transcript as k;
    let (n, at) = d.map()?;
    let mut ext = d.open_versioned(n, at)?;
    let (mut pupil_, mut enrolments, mut years) = (None, None, None);
    for _ in 1..n {
        let (key, key_at) = d.key()?;
        match key {
            k::PUPIL => pupil_ = Some(d.field("pupil", pupil)?),
            k::ENROLMENTS => {
                enrolments = Some(d.field("enrolments", |d| d.list(false, enrolment))?)
            }
            k::YEARS => years = Some(d.field("years", |d| d.list(false, year_record))?),
            _ => d.extension(&mut ext, key, key_at)?,
        }
    }
    Ok(Transcript {
        pupil: req(pupil_, "pupil", at)?,
        enrolments: req(enrolments, "enrolments", at)?,
        years: req(years, "years", at)?,
        extensions: ext,
    })
}

fn school_year_value(d: &mut Dec<'_, '_>) -> R<SchoolYear> {
    let (v, at) = d.uint()?;
    u16::try_from(v)
        .map_err(|_| ModelError::InvalidSchoolYear)
        .and_then(SchoolYear::starting)
        .map_err(|e| model_err(e, at))
}

fn pupil(d: &mut Dec<'_, '_>) -> R<Pupil> {
    use keys::pupil as k;
    let (n, at) = d.map()?;
    let (mut full_name, mut gender, mut dob, mut pob, mut hometown, mut ethnicity) =
        (None, None, None, None, None, None);
    let (mut nationality, mut residence, mut father, mut mother, mut guardian_) =
        (None, None, None, None, None);
    let (mut personal_id, mut pupil_code) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::FULL_NAME => full_name = Some(d.field("full_name", Dec::text)?),
            k::GENDER => gender = Some(d.field("gender", |d| d.parsed(Gender::from_code))?),
            k::DATE_OF_BIRTH => dob = Some(d.field("date_of_birth", Dec::date)?),
            k::PLACE_OF_BIRTH => pob = Some(d.field("place_of_birth", Dec::text)?),
            k::HOMETOWN => hometown = Some(d.field("hometown", Dec::text)?),
            k::ETHNICITY => {
                ethnicity = Some(d.field("ethnicity", |d| {
                    let (v, at) = d.uint()?;
                    u8::try_from(v)
                        .map_err(|_| ModelError::InvalidEthnicity)
                        .and_then(Ethnicity::try_from)
                        .map_err(|e| model_err(e, at))
                })?)
            }
            k::NATIONALITY => {
                nationality =
                    Some(d.field("nationality", |d| d.parsed(|s| CountryCode::try_from(s)))?)
            }
            k::RESIDENCE => residence = Some(d.field("residence", place)?),
            k::FATHER => father = Some(d.field("father", guardian)?),
            k::MOTHER => mother = Some(d.field("mother", guardian)?),
            k::GUARDIAN => guardian_ = Some(d.field("guardian", guardian)?),
            k::PERSONAL_ID => {
                personal_id =
                    Some(d.field("personal_id", |d| d.parsed(|s| PersonalId::try_from(s)))?)
            }
            k::PUPIL_CODE => {
                pupil_code = Some(d.field("pupil_code", |d| d.parsed(|s| PupilCode::try_from(s)))?)
            }
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Pupil {
        full_name: req(full_name, "full_name", at)?,
        gender: req(gender, "gender", at)?,
        date_of_birth: req(dob, "date_of_birth", at)?,
        place_of_birth: req(pob, "place_of_birth", at)?,
        hometown,
        ethnicity,
        nationality: req(nationality, "nationality", at)?,
        residence: req(residence, "residence", at)?,
        father,
        mother,
        guardian: guardian_,
        personal_id,
        pupil_code,
    })
}

fn place(d: &mut Dec<'_, '_>) -> R<Place> {
    use keys::place as k;
    let (n, at) = d.map()?;
    let (mut detail, mut commune, mut district, mut province, mut as_of) =
        (None, None, None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::DETAIL => detail = Some(d.field("detail", Dec::text)?),
            k::COMMUNE => commune = Some(d.field("commune", admin_unit)?),
            k::DISTRICT => district = Some(d.field("district", admin_unit)?),
            k::PROVINCE => province = Some(d.field("province", admin_unit)?),
            k::AS_OF => as_of = Some(d.field("as_of", Dec::date)?),
            _ => return Err(unknown(key_at)),
        }
    }
    // Format 1 required the province and the date; format 2 also holds an address as written.
    if !d.v2() {
        req(province.as_ref(), "province", at)?;
        req(as_of, "as_of", at)?;
    }
    Ok(Place {
        detail,
        commune,
        district,
        province,
        as_of,
    })
}

fn admin_unit(d: &mut Dec<'_, '_>) -> R<AdminUnit> {
    use keys::admin_unit as k;
    let (n, at) = d.map()?;
    let (mut code, mut name) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::CODE => code = Some(d.field("code", |d| d.parsed(|s| AdminCode::try_from(s)))?),
            k::NAME => name = Some(d.field("name", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(AdminUnit {
        code,
        name: req(name, "name", at)?,
    })
}

fn guardian(d: &mut Dec<'_, '_>) -> R<Guardian> {
    use keys::guardian as k;
    let (n, at) = d.map()?;
    let (mut full_name, mut birth_year, mut occupation) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::FULL_NAME => full_name = Some(d.field("full_name", Dec::text)?),
            k::BIRTH_YEAR => birth_year = Some(d.field("birth_year", Dec::small::<u16>)?),
            k::OCCUPATION => occupation = Some(d.field("occupation", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Guardian {
        full_name: req(full_name, "full_name", at)?,
        birth_year,
        occupation,
    })
}

fn school(d: &mut Dec<'_, '_>) -> R<School> {
    use keys::school as k;
    let (n, at) = d.map()?;
    let (mut name, mut code, mut place_, mut department_) = (None, None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::NAME => name = Some(d.field("name", Dec::text)?),
            k::CODE => code = Some(d.field("code", |d| d.parsed(|s| SchoolCode::try_from(s)))?),
            k::PLACE => place_ = Some(d.field("place", place)?),
            k::DEPARTMENT if d.v2() => department_ = Some(d.field("department", department)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(School {
        name: req(name, "name", at)?,
        code: req(code, "code", at)?,
        place: req(place_, "place", at)?,
        department: department_,
    })
}

fn department(d: &mut Dec<'_, '_>) -> R<Department> {
    use keys::department as k;
    let (n, at) = d.map()?;
    let (mut code, mut name) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::CODE => code = Some(d.field("code", |d| d.parsed(|s| DepartmentCode::try_from(s)))?),
            k::NAME => name = Some(d.field("name", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Department {
        code: req(code, "code", at)?,
        name: req(name, "name", at)?,
    })
}

fn school_step(d: &mut Dec<'_, '_>) -> R<SchoolStep> {
    use keys::school_step as k;
    let (n, at) = d.map()?;
    let (mut school_year, mut class_name, mut school_name, mut moved_in_on) =
        (None, None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::SCHOOL_YEAR => school_year = Some(d.field("school_year", school_year_value)?),
            k::CLASS_NAME => class_name = Some(d.field("class_name", Dec::text)?),
            k::SCHOOL_NAME => school_name = Some(d.field("school_name", Dec::text)?),
            k::MOVED_IN_ON => moved_in_on = Some(d.field("moved_in_on", Dec::date)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(SchoolStep {
        school_year: req(school_year, "school_year", at)?,
        class_name: req(class_name, "class_name", at)?,
        school_name: req(school_name, "school_name", at)?,
        moved_in_on,
    })
}

fn group_comments(d: &mut Dec<'_, '_>) -> R<GroupComments> {
    use keys::group_comments as k;
    let (n, _) = d.map()?;
    let mut c = GroupComments::default();
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::QUALITIES => c.qualities = Some(d.field("qualities", Dec::text)?),
            k::GENERAL_COMPETENCIES => {
                c.general_competencies = Some(d.field("general_competencies", Dec::text)?)
            }
            k::SPECIFIC_COMPETENCIES => {
                c.specific_competencies = Some(d.field("specific_competencies", Dec::text)?)
            }
            k::HOMEROOM => c.homeroom = Some(d.field("homeroom", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(c)
}

fn issuance(d: &mut Dec<'_, '_>) -> R<Issuance> {
    use keys::issuance as k;
    let (n, at) = d.map()?;
    let (mut place_, mut created_at, mut issued_at) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::PLACE => place_ = Some(d.field("place", Dec::text)?),
            k::CREATED_AT => {
                created_at = Some(d.field("created_at", |d| d.parsed(DateTime::from_str))?)
            }
            k::ISSUED_AT => {
                issued_at = Some(d.field("issued_at", |d| d.parsed(DateTime::from_str))?)
            }
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Issuance {
        place: req(place_, "place", at)?,
        created_at: req(created_at, "created_at", at)?,
        issued_at,
    })
}

fn enrolment(d: &mut Dec<'_, '_>) -> R<Enrolment> {
    use keys::enrolment as k;
    let (n, at) = d.map()?;
    let (mut school_year, mut class_name, mut school_name, mut school_code) =
        (None, None, None, None);
    let (mut register_number, mut admitted_on, mut admission) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::SCHOOL_YEAR => school_year = Some(d.field("school_year", school_year_value)?),
            k::CLASS_NAME => class_name = Some(d.field("class_name", Dec::text)?),
            k::SCHOOL_NAME => school_name = Some(d.field("school_name", Dec::text)?),
            k::SCHOOL_CODE => {
                school_code =
                    Some(d.field("school_code", |d| d.parsed(|s| SchoolCode::try_from(s)))?)
            }
            k::REGISTER_NUMBER => register_number = Some(d.field("register_number", Dec::text)?),
            k::ADMITTED_ON => admitted_on = Some(d.field("admitted_on", Dec::date)?),
            k::ADMISSION => {
                admission = Some(d.field("admission", |d| d.parsed(Admission::from_code))?)
            }
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Enrolment {
        school_year: req(school_year, "school_year", at)?,
        class_name: req(class_name, "class_name", at)?,
        school_name: req(school_name, "school_name", at)?,
        school_code: req(school_code, "school_code", at)?,
        register_number: req(register_number, "register_number", at)?,
        admitted_on: req(admitted_on, "admitted_on", at)?,
        admission: req(admission, "admission", at)?,
    })
}

fn subject(d: &mut Dec<'_, '_>) -> R<SubjectResult> {
    use keys::subject_result as k;
    let (n, at) = d.map()?;
    let (mut subject_, mut language, mut level, mut score, mut retest, mut comment) =
        (None, None, None, None, false, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::SUBJECT => subject_ = Some(d.field("subject", |d| d.parsed(Subject::from_code))?),
            k::LANGUAGE => language = Some(d.field("language", Dec::text)?),
            k::LEVEL => level = Some(d.field("level", |d| d.parsed(SubjectLevel::from_code))?),
            k::SCORE => {
                score = Some(d.field("score", |d| {
                    let (v, at) = d.uint()?;
                    u8::try_from(v)
                        .map_err(|_| ModelError::InvalidScore)
                        .and_then(Score::try_from)
                        .map_err(|e| model_err(e, at))
                })?)
            }
            k::RETEST => retest = d.field("retest", Dec::flag)?,
            k::COMMENT => comment = Some(d.field("comment", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(SubjectResult {
        subject: req(subject_, "subject", at)?,
        language,
        level: req(level, "level", at)?,
        score,
        retest,
        comment,
    })
}

fn quality(d: &mut Dec<'_, '_>) -> R<QualityRating> {
    use keys::quality_rating as k;
    let (n, at) = d.map()?;
    let (mut quality_, mut level, mut comment) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::QUALITY => quality_ = Some(d.field("quality", |d| d.parsed(Quality::from_code))?),
            k::LEVEL => level = Some(d.field("level", |d| d.parsed(QualityLevel::from_code))?),
            k::COMMENT => comment = Some(d.field("comment", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(QualityRating {
        quality: req(quality_, "quality", at)?,
        level: req(level, "level", at)?,
        comment,
    })
}

fn competency(d: &mut Dec<'_, '_>) -> R<CompetencyRating> {
    use keys::competency_rating as k;
    let (n, at) = d.map()?;
    let (mut competency_, mut level, mut comment) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::COMPETENCY => {
                competency_ = Some(d.field("competency", |d| d.parsed(Competency::from_code))?)
            }
            k::LEVEL => level = Some(d.field("level", |d| d.parsed(QualityLevel::from_code))?),
            k::COMMENT => comment = Some(d.field("comment", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(CompetencyRating {
        competency: req(competency_, "competency", at)?,
        level: req(level, "level", at)?,
        comment,
    })
}

fn periodic(d: &mut Dec<'_, '_>) -> R<PeriodicResult> {
    use keys::periodic_result as k;
    let (n, at) = d.map()?;
    let (mut moment, mut subjects_, mut qualities_, mut competencies_) =
        (None, Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::MOMENT => moment = Some(d.field("moment", |d| d.parsed(Moment::from_code))?),
            k::SUBJECTS => subjects_ = d.field("subjects", |d| d.list(true, subject))?,
            k::QUALITIES => qualities_ = d.field("qualities", |d| d.list(true, quality))?,
            k::COMPETENCIES => {
                competencies_ = d.field("competencies", |d| d.list(true, competency))?
            }
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(PeriodicResult {
        moment: req(moment, "moment", at)?,
        subjects: subjects_,
        qualities: qualities_,
        competencies: competencies_,
    })
}

fn award(d: &mut Dec<'_, '_>) -> R<Award> {
    use keys::award as k;
    let (n, at) = d.map()?;
    let (mut kind, mut description) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::KIND => kind = Some(d.field("kind", |d| d.parsed(AwardKind::from_code))?),
            k::DESCRIPTION => description = Some(d.field("description", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Award {
        kind: req(kind, "kind", at)?,
        description,
    })
}

fn supplementary(d: &mut Dec<'_, '_>) -> R<SupplementaryAssessment> {
    use keys::supplementary as k;
    let (n, at) = d.map()?;
    let (mut completed, mut date, mut comment) = (None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::COMPLETED => completed = Some(d.field("completed", Dec::bool)?),
            k::DATE => date = Some(d.field("date", Dec::date)?),
            k::COMMENT => comment = Some(d.field("comment", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(SupplementaryAssessment {
        completed: req(completed, "completed", at)?,
        date,
        comment,
    })
}

fn completion(d: &mut Dec<'_, '_>) -> R<Completion> {
    use keys::completion as k;
    let (n, at) = d.map()?;
    let (mut class_completed, mut supplementary_, mut promotion) = (None, None, None);
    let (mut principal_decision, mut primary_completed) = (false, false);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::CLASS_COMPLETED => class_completed = Some(d.field("class_completed", Dec::bool)?),
            k::SUPPLEMENTARY => supplementary_ = Some(d.field("supplementary", supplementary)?),
            k::PROMOTION => {
                promotion = Some(d.field("promotion", |d| d.parsed(Promotion::from_code))?)
            }
            k::PRINCIPAL_DECISION => {
                principal_decision = d.field("principal_decision", Dec::flag)?
            }
            k::PRIMARY_COMPLETED => primary_completed = d.field("primary_completed", Dec::flag)?,
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Completion {
        class_completed: req(class_completed, "class_completed", at)?,
        supplementary: supplementary_,
        promotion: req(promotion, "promotion", at)?,
        principal_decision,
        primary_completed,
    })
}

fn signatory(d: &mut Dec<'_, '_>) -> R<Signatory> {
    use keys::signatory as k;
    let (n, at) = d.map()?;
    let (mut full_name, mut personal_id) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::FULL_NAME => full_name = Some(d.field("full_name", Dec::text)?),
            k::PERSONAL_ID if d.v2() => {
                personal_id =
                    Some(d.field("personal_id", |d| d.parsed(|s| PersonalId::try_from(s)))?)
            }
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Signatory {
        full_name: req(full_name, "full_name", at)?,
        personal_id,
    })
}

fn principal(d: &mut Dec<'_, '_>) -> R<PrincipalSignatory> {
    use keys::principal_signatory as k;
    let (n, at) = d.map()?;
    let (mut full_name, mut capacity, mut personal_id, mut title) = (None, None, None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::FULL_NAME => full_name = Some(d.field("full_name", Dec::text)?),
            k::CAPACITY => {
                capacity = Some(d.field("capacity", |d| d.parsed(PrincipalCapacity::from_code))?)
            }
            k::PERSONAL_ID if d.v2() => {
                personal_id =
                    Some(d.field("personal_id", |d| d.parsed(|s| PersonalId::try_from(s)))?)
            }
            k::TITLE if d.v2() => title = Some(d.field("title", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(PrincipalSignatory {
        full_name: req(full_name, "full_name", at)?,
        capacity: req(capacity, "capacity", at)?,
        personal_id,
        title,
    })
}

fn correction(d: &mut Dec<'_, '_>) -> R<Correction> {
    use keys::correction as k;
    let (n, at) = d.map()?;
    let (mut supersedes, mut reason) = (None, None);
    for _ in 0..n {
        let (key, key_at) = d.key()?;
        match key {
            k::SUPERSEDES => {
                supersedes = Some(d.field("supersedes", |d| {
                    let (len, at) = d.expect(BYTES)?;
                    let body = d.r.take(len)?;
                    <[u8; 32]>::try_from(body)
                        .map(Sha256Digest)
                        .map_err(|_| model_err(ModelError::InvalidDigest, at))
                })?)
            }
            k::REASON => reason = Some(d.field("reason", Dec::text)?),
            _ => return Err(unknown(key_at)),
        }
    }
    Ok(Correction {
        supersedes: req(supersedes, "supersedes", at)?,
        reason: req(reason, "reason", at)?,
    })
}
