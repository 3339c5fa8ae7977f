//! The integer map keys of every hocba-CBOR structure, copied from `docs/spec/hocba.cddl`
//! (the source of truth; a test compares this table with the file).

/// Declares one module of key constants per CDDL rule, plus a table of them all.
macro_rules! keys {
    ($( $(#[$m:meta])* $module:ident = $rule:literal { $( $konst:ident = $n:literal => $field:literal; )+ } )+) => {
        $(
            $(#[$m])*
            pub mod $module {
                $(
                    #[doc = concat!("Key of `", $field, "`.")]
                    pub const $konst: u64 = $n;
                )+
                /// Every field of the rule as (field name, key), in key order.
                pub const FIELDS: &[(&str, u64)] = &[ $( ($field, $n), )+ ];
            }
        )+

        /// Every CDDL rule with integer keys: (rule name, its fields).
        pub const RULES: &[(&str, &[(&str, u64)])] = &[ $( ($rule, $module::FIELDS), )+ ];
    };
}

keys! {
    /// `year-record`.
    year_record = "year-record" {
        VERSION = 0 => "version";
        RULE_SET = 1 => "rule_set";
        PUPIL = 2 => "pupil";
        SCHOOL = 3 => "school";
        SCHOOL_YEAR = 4 => "school_year";
        GRADE = 5 => "grade";
        CLASS_NAME = 6 => "class_name";
        HOMEROOM_TEACHER = 7 => "homeroom_teacher";
        PRINCIPAL = 8 => "principal";
        HEIGHT_MM = 9 => "height_mm";
        WEIGHT_G = 10 => "weight_g";
        DAYS_ABSENT = 11 => "days_absent";
        SUBJECTS = 12 => "subjects";
        QUALITIES = 13 => "qualities";
        COMPETENCIES = 14 => "competencies";
        PERIODIC = 15 => "periodic";
        RESULT = 16 => "result";
        AWARDS = 17 => "awards";
        COMPLETION = 18 => "completion";
        CORRECTION = 19 => "correction";
        LOOKUP_CODE = 20 => "lookup_code";
        ABSENCES_EXCUSED = 21 => "absences_excused";
        ABSENCES_UNEXCUSED = 22 => "absences_unexcused";
        REGISTER_NUMBER = 23 => "register_number";
        HISTORY = 24 => "history";
        COMMENTS = 25 => "comments";
        ISSUANCE = 26 => "issuance";
    }
    /// `transcript`.
    transcript = "transcript" {
        VERSION = 0 => "version";
        PUPIL = 1 => "pupil";
        ENROLMENTS = 2 => "enrolments";
        YEARS = 3 => "years";
    }
    /// `pupil`.
    pupil = "pupil" {
        FULL_NAME = 1 => "full_name";
        GENDER = 2 => "gender";
        DATE_OF_BIRTH = 3 => "date_of_birth";
        PLACE_OF_BIRTH = 4 => "place_of_birth";
        HOMETOWN = 5 => "hometown";
        ETHNICITY = 6 => "ethnicity";
        NATIONALITY = 7 => "nationality";
        RESIDENCE = 8 => "residence";
        FATHER = 9 => "father";
        MOTHER = 10 => "mother";
        GUARDIAN = 11 => "guardian";
        PERSONAL_ID = 12 => "personal_id";
        PUPIL_CODE = 13 => "pupil_code";
    }
    /// `place`.
    place = "place" {
        DETAIL = 1 => "detail";
        COMMUNE = 2 => "commune";
        DISTRICT = 3 => "district";
        PROVINCE = 4 => "province";
        AS_OF = 5 => "as_of";
    }
    /// `admin-unit`.
    admin_unit = "admin-unit" {
        CODE = 1 => "code";
        NAME = 2 => "name";
    }
    /// `guardian`.
    guardian = "guardian" {
        FULL_NAME = 1 => "full_name";
        BIRTH_YEAR = 2 => "birth_year";
        OCCUPATION = 3 => "occupation";
    }
    /// `school`.
    school = "school" {
        NAME = 1 => "name";
        CODE = 2 => "code";
        PLACE = 3 => "place";
        DEPARTMENT = 4 => "department";
    }
    /// `department`.
    department = "department" {
        CODE = 1 => "code";
        NAME = 2 => "name";
    }
    /// `school-step`.
    school_step = "school-step" {
        SCHOOL_YEAR = 1 => "school_year";
        CLASS_NAME = 2 => "class_name";
        SCHOOL_NAME = 3 => "school_name";
        MOVED_IN_ON = 4 => "moved_in_on";
    }
    /// `group-comments`.
    group_comments = "group-comments" {
        QUALITIES = 1 => "qualities";
        GENERAL_COMPETENCIES = 2 => "general_competencies";
        SPECIFIC_COMPETENCIES = 3 => "specific_competencies";
        HOMEROOM = 4 => "homeroom";
    }
    /// `issuance`.
    issuance = "issuance" {
        PLACE = 1 => "place";
        CREATED_AT = 2 => "created_at";
        ISSUED_AT = 3 => "issued_at";
    }
    /// `enrolment`.
    enrolment = "enrolment" {
        SCHOOL_YEAR = 1 => "school_year";
        CLASS_NAME = 2 => "class_name";
        SCHOOL_NAME = 3 => "school_name";
        SCHOOL_CODE = 4 => "school_code";
        REGISTER_NUMBER = 5 => "register_number";
        ADMITTED_ON = 6 => "admitted_on";
        ADMISSION = 7 => "admission";
    }
    /// `subject-result`.
    subject_result = "subject-result" {
        SUBJECT = 1 => "subject";
        LANGUAGE = 2 => "language";
        LEVEL = 3 => "level";
        SCORE = 4 => "score";
        RETEST = 5 => "retest";
        COMMENT = 6 => "comment";
    }
    /// `quality-rating`.
    quality_rating = "quality-rating" {
        QUALITY = 1 => "quality";
        LEVEL = 2 => "level";
        COMMENT = 3 => "comment";
    }
    /// `competency-rating`.
    competency_rating = "competency-rating" {
        COMPETENCY = 1 => "competency";
        LEVEL = 2 => "level";
        COMMENT = 3 => "comment";
    }
    /// `periodic-result`.
    periodic_result = "periodic-result" {
        MOMENT = 1 => "moment";
        SUBJECTS = 2 => "subjects";
        QUALITIES = 3 => "qualities";
        COMPETENCIES = 4 => "competencies";
    }
    /// `award`.
    award = "award" {
        KIND = 1 => "kind";
        DESCRIPTION = 2 => "description";
    }
    /// `supplementary-assessment`.
    supplementary = "supplementary-assessment" {
        COMPLETED = 1 => "completed";
        DATE = 2 => "date";
        COMMENT = 3 => "comment";
    }
    /// `completion`.
    completion = "completion" {
        CLASS_COMPLETED = 1 => "class_completed";
        SUPPLEMENTARY = 2 => "supplementary";
        PROMOTION = 3 => "promotion";
        PRINCIPAL_DECISION = 4 => "principal_decision";
        PRIMARY_COMPLETED = 5 => "primary_completed";
    }
    /// `signatory`.
    signatory = "signatory" {
        FULL_NAME = 1 => "full_name";
        PERSONAL_ID = 2 => "personal_id";
    }
    /// `principal-signatory`.
    principal_signatory = "principal-signatory" {
        FULL_NAME = 1 => "full_name";
        CAPACITY = 2 => "capacity";
        PERSONAL_ID = 3 => "personal_id";
        TITLE = 4 => "title";
    }
    /// `correction`.
    correction = "correction" {
        SUPERSEDES = 1 => "supersedes";
        REASON = 2 => "reason";
    }
}
