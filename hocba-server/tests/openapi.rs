//! Every route of the router is described in the OpenAPI file, and the file names no route the
//! router lacks.

#[test]
fn the_openapi_description_lists_exactly_the_routes() {
    let app = include_str!("../src/app.rs");
    let routes: Vec<&str> = app
        .split(".route(")
        .skip(1)
        .filter_map(|s| s.trim_start().strip_prefix('"'))
        .filter_map(|s| s.split('"').next())
        .filter(|r| *r != "/")
        .collect();
    assert!(routes.len() >= 10, "{routes:?}");
    let spec = include_str!("../../docs/api/hocba-server.openapi.yaml");
    let documented: Vec<&str> = spec
        .lines()
        .filter(|l| l.starts_with("  /") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    let mut a = routes.clone();
    let mut b = documented.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
}
