use super::*;
use crate::synth;

#[test]
fn demo_years_round_trip_byte_for_byte() {
    let p = Profile::default();
    for r in &synth::demo_transcript().years {
        let xml = to_xml(r, &p);
        let back = from_xml(&xml, &p).unwrap();
        assert_eq!(to_xml(&back, &p), xml);
    }
}

/// A wrong `NGAY_SINH` is refused with the form the national XML writes (`dd/MM/yyyy`), never
/// the model's `YYYY-MM-DD` (which the reader would refuse as well); the code stays
/// `invalid_date`.
#[test]
fn a_bad_national_date_names_the_national_form() {
    let p = Profile::default();
    let record = &synth::demo_transcript().years[0];
    let xml = String::from_utf8(to_xml(record, &p)).unwrap();
    let start = xml.find("<NGAY_SINH>").unwrap() + "<NGAY_SINH>".len();
    let end = start + xml[start..].find("</NGAY_SINH>").unwrap();
    for bad in ["2014-07-02", "31/02/2014", "2/7/2014"] {
        let changed = format!("{}{bad}{}", &xml[..start], &xml[end..]);
        let e = from_xml(changed.as_bytes(), &p).unwrap_err();
        assert_eq!(e.code(), "invalid_date", "{bad}");
        for (lang, form) in [
            (crate::Lang::En, "dd/MM/yyyy"),
            (crate::Lang::Vi, "dd/MM/yyyy"),
        ] {
            let m = e.message(lang);
            assert!(m.contains(form), "{bad}: {m}");
            assert!(!m.contains("YYYY-MM-DD"), "{bad}: {m}");
            assert!(!m.contains(bad), "{bad}: {m}");
        }
        assert!(
            e.message(crate::Lang::Vi)
                .contains("ngày phải là ngày có thật")
        );
    }
}
