//! Every route of the router is described in the OpenAPI file, and the file names no route the
//! router lacks.

#[test]
fn the_openapi_description_lists_exactly_the_routes() {
    let app = include_str!("../src/app.rs");
    // A route is a string literal or a `const NAME: &str = "…";` of app.rs.
    let constant = |name: &str| {
        let decl = format!("const {name}: &str = \"");
        let at = app.find(&decl).map(|i| i + decl.len())?;
        app[at..].split('"').next()
    };
    let routes: Vec<&str> = app
        .split(".route(")
        .skip(1)
        .filter_map(|s| {
            let s = s.trim_start();
            match s.strip_prefix('"') {
                Some(lit) => lit.split('"').next(),
                None => constant(s.split(',').next()?.trim()),
            }
        })
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
