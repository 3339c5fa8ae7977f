//! The schema of every hocba-CBOR structure, written once: each map's integer keys, copied from
//! `docs/spec/hocba.cddl` (the source of truth; a test compares this table with the file), with
//! the model field each key holds, its presence and its type. The key constants below, the
//! canonical encoder and the strict decoder are all derived from this one table
//! (the `cbor_maps!` macro of `canonical/schema.rs`, ADR 0211).

use super::schema::cbor_maps;
use crate::model::{
    AdminCode, AdminUnit, Admission, Award, AwardKind, Competency, CompetencyRating, Completion,
    Correction, CountryCode, Date, DateTime, Department, DepartmentCode, Enrolment, Ethnicity,
    Gender, Grade, GroupComments, Guardian, Issuance, LookupCode, Moment, PeriodicResult,
    PersonalId, Place, PrincipalCapacity, PrincipalSignatory, Promotion, Pupil, PupilCode, Quality,
    QualityLevel, QualityRating, School, SchoolCode, SchoolStep, SchoolYear, Score, Sha256Digest,
    Signatory, Subject, SubjectLevel, SubjectResult, SupplementaryAssessment, Text, YearRecord,
    YearResult,
};

cbor_maps! {
    /// `year-record`.
    year_record = "year-record" => versioned YearRecord {
        RULE_SET = 1 => rule_set: req Text;
        PUPIL = 2 => pupil: req Pupil;
        SCHOOL = 3 => school: req School;
        SCHOOL_YEAR = 4 => school_year: req SchoolYear;
        GRADE = 5 => grade: req Grade;
        CLASS_NAME = 6 => class_name: req Text;
        HOMEROOM_TEACHER = 7 => homeroom_teacher: req Signatory;
        PRINCIPAL = 8 => principal: req PrincipalSignatory;
        HEIGHT_MM = 9 => height_mm: opt u16;
        WEIGHT_G = 10 => weight_g: opt u32;
        DAYS_ABSENT = 11 => days_absent: opt u16;
        SUBJECTS = 12 => subjects: req Vec<SubjectResult>;
        QUALITIES = 13 => qualities: req Vec<QualityRating>;
        COMPETENCIES = 14 => competencies: req Vec<CompetencyRating>;
        PERIODIC = 15 => periodic: some PeriodicResult;
        RESULT = 16 => result: req YearResult;
        AWARDS = 17 => awards: some Award;
        COMPLETION = 18 => completion: req Completion;
        CORRECTION = 19 => correction: opt Correction;
        LOOKUP_CODE = 20 => lookup_code: opt LookupCode, since 2;
        ABSENCES_EXCUSED = 21 => absences_excused: opt u16, since 2;
        ABSENCES_UNEXCUSED = 22 => absences_unexcused: opt u16, since 2;
        REGISTER_NUMBER = 23 => register_number: opt Text, since 2;
        HISTORY = 24 => history: some SchoolStep, since 2;
        COMMENTS = 25 => comments: dflt GroupComments, since 2;
        ISSUANCE = 26 => issuance: opt Issuance, since 2;
    }
    /// `transcript`.
    transcript = "transcript" => versioned Transcript {
        PUPIL = 1 => pupil: req Pupil;
        ENROLMENTS = 2 => enrolments: req Vec<Enrolment>;
        YEARS = 3 => years: req Vec<YearRecord>;
    }
    /// `pupil`.
    pupil = "pupil" => map Pupil {
        FULL_NAME = 1 => full_name: req Text;
        GENDER = 2 => gender: req Gender;
        DATE_OF_BIRTH = 3 => date_of_birth: req Date;
        PLACE_OF_BIRTH = 4 => place_of_birth: req Text;
        HOMETOWN = 5 => hometown: opt Text;
        ETHNICITY = 6 => ethnicity: opt Ethnicity;
        NATIONALITY = 7 => nationality: req CountryCode;
        RESIDENCE = 8 => residence: req Place;
        FATHER = 9 => father: opt Guardian;
        MOTHER = 10 => mother: opt Guardian;
        GUARDIAN = 11 => guardian: opt Guardian;
        PERSONAL_ID = 12 => personal_id: opt PersonalId;
        PUPIL_CODE = 13 => pupil_code: opt PupilCode;
    }
    /// `place`. Format 1.0 required the province and the date; format 2 also holds an address
    /// as written (the map check `decode::place_format_1`).
    place = "place" => map Place where super::decode::place_format_1 {
        DETAIL = 1 => detail: opt Text;
        COMMUNE = 2 => commune: opt AdminUnit;
        DISTRICT = 3 => district: opt AdminUnit;
        PROVINCE = 4 => province: opt AdminUnit;
        AS_OF = 5 => as_of: opt Date;
    }
    /// `admin-unit`.
    admin_unit = "admin-unit" => map AdminUnit {
        CODE = 1 => code: opt AdminCode;
        NAME = 2 => name: req Text;
    }
    /// `guardian`.
    guardian = "guardian" => map Guardian {
        FULL_NAME = 1 => full_name: req Text;
        BIRTH_YEAR = 2 => birth_year: opt u16;
        OCCUPATION = 3 => occupation: opt Text;
    }
    /// `school`.
    school = "school" => map School {
        NAME = 1 => name: req Text;
        CODE = 2 => code: req SchoolCode;
        PLACE = 3 => place: req Place;
        DEPARTMENT = 4 => department: opt Department, since 2;
    }
    /// `department`.
    department = "department" => map Department {
        CODE = 1 => code: req DepartmentCode;
        NAME = 2 => name: req Text;
    }
    /// `school-step`.
    school_step = "school-step" => map SchoolStep {
        SCHOOL_YEAR = 1 => school_year: req SchoolYear;
        CLASS_NAME = 2 => class_name: req Text;
        SCHOOL_NAME = 3 => school_name: req Text;
        MOVED_IN_ON = 4 => moved_in_on: opt Date;
    }
    /// `group-comments`.
    group_comments = "group-comments" => map GroupComments {
        QUALITIES = 1 => qualities: opt Text;
        GENERAL_COMPETENCIES = 2 => general_competencies: opt Text;
        SPECIFIC_COMPETENCIES = 3 => specific_competencies: opt Text;
        HOMEROOM = 4 => homeroom: opt Text;
    }
    /// `issuance`.
    issuance = "issuance" => map Issuance {
        PLACE = 1 => place: req Text;
        CREATED_AT = 2 => created_at: req DateTime;
        ISSUED_AT = 3 => issued_at: opt DateTime;
    }
    /// `enrolment`.
    enrolment = "enrolment" => map Enrolment {
        SCHOOL_YEAR = 1 => school_year: req SchoolYear;
        CLASS_NAME = 2 => class_name: req Text;
        SCHOOL_NAME = 3 => school_name: req Text;
        SCHOOL_CODE = 4 => school_code: req SchoolCode;
        REGISTER_NUMBER = 5 => register_number: req Text;
        ADMITTED_ON = 6 => admitted_on: req Date;
        ADMISSION = 7 => admission: req Admission;
    }
    /// `subject-result`.
    subject_result = "subject-result" => map SubjectResult {
        SUBJECT = 1 => subject: req Subject;
        LANGUAGE = 2 => language: opt Text;
        LEVEL = 3 => level: req SubjectLevel;
        SCORE = 4 => score: opt Score;
        RETEST = 5 => retest: flag bool;
        COMMENT = 6 => comment: opt Text;
    }
    /// `quality-rating`.
    quality_rating = "quality-rating" => map QualityRating {
        QUALITY = 1 => quality: req Quality;
        LEVEL = 2 => level: req QualityLevel;
        COMMENT = 3 => comment: opt Text;
    }
    /// `competency-rating`.
    competency_rating = "competency-rating" => map CompetencyRating {
        COMPETENCY = 1 => competency: req Competency;
        LEVEL = 2 => level: req QualityLevel;
        COMMENT = 3 => comment: opt Text;
    }
    /// `periodic-result`.
    periodic_result = "periodic-result" => map PeriodicResult {
        MOMENT = 1 => moment: req Moment;
        SUBJECTS = 2 => subjects: some SubjectResult;
        QUALITIES = 3 => qualities: some QualityRating;
        COMPETENCIES = 4 => competencies: some CompetencyRating;
    }
    /// `award`.
    award = "award" => map Award {
        KIND = 1 => kind: req AwardKind;
        DESCRIPTION = 2 => description: opt Text;
    }
    /// `supplementary-assessment`.
    supplementary = "supplementary-assessment" => map SupplementaryAssessment {
        COMPLETED = 1 => completed: req bool;
        DATE = 2 => date: opt Date;
        COMMENT = 3 => comment: opt Text;
    }
    /// `completion`.
    completion = "completion" => map Completion {
        CLASS_COMPLETED = 1 => class_completed: req bool;
        SUPPLEMENTARY = 2 => supplementary: opt SupplementaryAssessment;
        PROMOTION = 3 => promotion: req Promotion;
        PRINCIPAL_DECISION = 4 => principal_decision: flag bool;
        PRIMARY_COMPLETED = 5 => primary_completed: flag bool;
    }
    /// `signatory`.
    signatory = "signatory" => map Signatory {
        FULL_NAME = 1 => full_name: req Text;
        PERSONAL_ID = 2 => personal_id: opt PersonalId, since 2;
    }
    /// `principal-signatory`.
    principal_signatory = "principal-signatory" => map PrincipalSignatory {
        FULL_NAME = 1 => full_name: req Text;
        CAPACITY = 2 => capacity: req PrincipalCapacity;
        PERSONAL_ID = 3 => personal_id: opt PersonalId, since 2;
        TITLE = 4 => title: opt Text, since 2;
    }
    /// `correction`.
    correction = "correction" => map Correction {
        SUPERSEDES = 1 => supersedes: req Sha256Digest;
        REASON = 2 => reason: req Text;
    }
}
