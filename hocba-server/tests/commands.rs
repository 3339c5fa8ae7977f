//! The `hocba-server` program itself: its command-line errors in Vietnamese then English
//! (ADR 0259), `add-account`'s refusals (ADR 0259), and the log line of every refused
//! transaction, refusals before authentication included (ADR 0258).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn server(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hocba-server"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = hocba_server::Store::open_existing(&format!("sqlite:{}", db.display()))
            .await
            .unwrap();
        let n: i64 = sqlx::query_scalar(sql)
            .fetch_one(store.pool())
            .await
            .unwrap();
        store.pool().close().await;
        n
    })
}

#[test]
fn add_account_refuses_an_existing_unit_of_another_kind_or_name_and_empty_values() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.db");
    let db = format!("sqlite:{}", file.display());
    let add = |unit: &str, name: &str, kind: &str, user: &str| {
        server(&[
            "--db",
            &db,
            "add-account",
            "--unit",
            unit,
            "--name",
            name,
            "--kind",
            kind,
            "--user",
            user,
        ])
    };
    let (code, _, err) = add("SO-49", "Trường A", "school", "first");
    assert_eq!(code, Some(0), "{err}");

    let (code, out, err) = add("SO-49", "Sở GDĐT Quảng Nam", "province", "so49");
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "no credentials printed: {out}");
    assert!(
        err.contains("đơn vị SO-49 đã có, là school «Trường A»")
            && err.contains(" — unit SO-49 exists as school «Trường A»"),
        "{err}"
    );
    let (code, _, err) = add("SO-49", "Trường B", "school", "second");
    assert_eq!(code, Some(1), "another name: {err}");
    // The same kind and name (spaces aside) is a second account of the unit.
    let (code, _, err) = add("SO-49", " Trường A ", "school", "second");
    assert_eq!(code, Some(0), "{err}");

    for (unit, name, user, what) in [
        ("", "X", "u1", "--unit"),
        ("U1", "  ", "u1", "--name"),
        ("U1", "X", "", "--user"),
    ] {
        let (code, _, err) = add(unit, name, "school", user);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("không được để trống") && err.contains("must not be empty"),
            "{err}"
        );
        assert!(err.contains(what), "{err}");
    }
    let (code, _, err) = add("U2", "X", "truong", "u2");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("loại đơn vị «truong» không hợp lệ") && !err.contains("CHECK constraint"),
        "{err}"
    );

    assert_eq!(count(&file, "SELECT COUNT(*) FROM accounts"), 2);
    assert_eq!(
        count(
            &file,
            "SELECT COUNT(*) FROM units WHERE ma_don_vi = 'SO-49' AND kind = 'school'"
        ),
        1
    );
    assert_eq!(count(&file, "SELECT COUNT(*) FROM units"), 1);
}

#[test]
fn command_line_errors_are_in_vietnamese_then_english_with_the_cause_after() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("sqlite:{}/no/such/dir/a.db", dir.path().display());
    let add = ["add-account", "--unit", "U", "--name", "N", "--user", "u"];

    let (code, _, err) = server(&[&["--db", &missing][..], &add[..]].concat());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("hocba-server: không mở được tệp cơ sở dữ liệu")
            && err.contains(" — cannot open the database file")
            && err.contains("(code: 14)"),
        "{err}"
    );

    let (code, _, err) = server(&[&["--db", "mysql://x/y"][..], &add[..]].concat());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("hocba-server: địa chỉ cơ sở dữ liệu không được hỗ trợ")
            && err.contains(" — unsupported database URL"),
        "{err}"
    );

    let db = format!("sqlite:{}", dir.path().join("b.db").display());
    let (code, _, err) = server(&["--db", &db, "--listen", "nowhere"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("hocba-server: --listen nowhere: không phải địa chỉ lắng nghe hợp lệ")
            && err.contains(" — --listen nowhere: not a valid listen address"),
        "{err}"
    );

    let (code, _, err) = server(&["--db", &db, "--forward-to", "http://127.0.0.1:1"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err.trim_end(),
        "hocba-server: --forward-to cần thêm --forward-key — --forward-to needs --forward-key"
    );
}

/// Starts the program on a free port; returns it, its address and its standard error.
fn spawn_portal(
    db: &str,
) -> (
    std::process::Child,
    String,
    BufReader<std::process::ChildStderr>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hocba-server"))
        .args(["--db", db, "--listen", "127.0.0.1:0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    (child, addr, err)
}

fn post(addr: &str, body: &[u8]) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(
        format!(
            "POST /api/v1/giao-dich HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn refusals_before_authentication_are_logged_without_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("a.db").display());
    let (mut child, addr, err) = spawn_portal(&db);
    assert!(post(&addr, br#"{"x":"pupil-secret"}"#).contains(" 400 "));
    let bad_id = br#"{"authenticationRequest":{"token":"x","user_name":"u","password":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","ma_don_vi":"x","nam_hoc":2024,"messageid":"bad id","type":2,"function":""}}"#;
    assert!(post(&addr, bad_id).contains(" 400 "));
    assert!(post(&addr, &vec![b'a'; 11_000_000]).contains(" 413 "));
    child.kill().unwrap();
    child.wait().unwrap();
    let log: Vec<String> = err.lines().map(Result::unwrap).collect();
    let refused: Vec<&String> = log.iter().filter(|l| l.contains("INFO refused:")).collect();
    assert_eq!(refused.len(), 3, "{log:#?}");
    assert!(
        refused[0].ends_with("refused: type=- code=invalid_request"),
        "{log:#?}"
    );
    assert!(
        refused[1].ends_with("refused: type=2 code=invalid_field"),
        "{log:#?}"
    );
    assert!(
        refused[2].ends_with("refused: type=- code=content_too_large"),
        "{log:#?}"
    );
    assert!(!log.iter().any(|l| l.contains("pupil-secret")), "{log:#?}");
}
