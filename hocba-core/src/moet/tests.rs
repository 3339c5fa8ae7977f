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
