use super::*;
use crate::synth;

#[test]
fn renders_a_year() {
    let t = synth::demo_transcript();
    let input = YearInput { record: &t.years[3], signed: None, status: SignatureStatus::Unsigned };
    let pdf = render_year(&input).unwrap();
    std::fs::write("/tmp/hocba-year.pdf", &pdf).unwrap();
}
