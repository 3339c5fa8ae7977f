//! The bounds of the HTTP serving loop a client without credentials cannot get around (ADR 0256,
//! ADR 0257, ADR 0258): header and body read timeouts, idle kept-alive connections, the number
//! of connections, the memory of bodies buffered before authentication, a lookup upload over
//! its limit. Raw TCP, with timeouts of a second, so that each test takes seconds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use hocba_server::{Config, Role, ServeOptions, Store, router, serve_with};

struct Server {
    addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn start(options: ServeOptions, tweak: impl FnOnce(&mut Config)) -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("portal.db").display());
    let addr = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let mut config = Config::new(Role::Province);
        config.lookups_per_minute = 0;
        tweak(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve_with(listener, router(store, config), options));
        addr
    });
    Server {
        addr,
        _rt: rt,
        _dir: dir,
    }
}

fn short() -> ServeOptions {
    ServeOptions {
        max_connections: 64,
        header_read_timeout: Duration::from_secs(1),
        body_read_timeout: Duration::from_secs(1),
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(6))).unwrap();
    s
}

/// Reads until the server closes the connection; `None` if it is still open after the read
/// timeout (6 s).
fn read_to_close(s: &mut TcpStream) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Some(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return None;
            }
            // Reset by the server: closed.
            Err(_) => return Some(out),
        }
    }
}

/// Reads one response with a `Content-Length` body (the connection stays open).
fn read_response(s: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = s.read(&mut buf).unwrap();
        assert!(n > 0, "closed before a whole response: {out:?}");
        out.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&out).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if out.len() >= end + 4 + len {
                return text;
            }
        }
    }
}

fn healthz(addr: SocketAddr) -> String {
    let mut s = connect(addr);
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    String::from_utf8_lossy(&read_to_close(&mut s).expect("answered")).into_owned()
}

#[test]
fn an_unfinished_request_line_is_closed_after_the_header_timeout() {
    let server = start(short(), |_| {});
    let mut s = connect(server.addr);
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let t = Instant::now();
    let got = read_to_close(&mut s);
    assert!(got.is_some(), "still open after 6 s");
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    assert!(healthz(server.addr).starts_with("HTTP/1.1 200"));
}

#[test]
fn an_idle_kept_alive_connection_is_closed_after_the_header_timeout() {
    let server = start(short(), |_| {});
    let mut s = connect(server.addr);
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let first = read_response(&mut s);
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(!first.to_ascii_lowercase().contains("connection: close"));
    let t = Instant::now();
    assert_eq!(
        read_to_close(&mut s),
        Some(Vec::new()),
        "still open after 6 s"
    );
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
}

#[test]
fn connections_over_the_bound_are_closed_at_once_and_the_bound_frees() {
    let server = start(
        ServeOptions {
            max_connections: 2,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
        },
        |_| {},
    );
    let mut held: Vec<TcpStream> = (0..2).map(|_| connect(server.addr)).collect();
    // Both are accepted (and hold the bound) before the third comes.
    std::thread::sleep(Duration::from_millis(300));
    let mut third = connect(server.addr);
    let _ = third.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    let t = Instant::now();
    let got = read_to_close(&mut third).expect("the third connection is closed");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    // A held one is served; once one is closed, a new connection is served.
    held[0]
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert!(read_response(&mut held[0]).starts_with("HTTP/1.1 200"));
    drop(held.remove(0));
    std::thread::sleep(Duration::from_millis(300));
    assert!(healthz(server.addr).starts_with("HTTP/1.1 200"));
}

/// The head of a request whose body declares `len` bytes, of which `sent` are sent.
fn partial_post(
    addr: SocketAddr,
    path: &str,
    content_type: &str,
    len: usize,
    sent: &[u8],
) -> TcpStream {
    let mut s = connect(addr);
    s.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    s.write_all(sent).unwrap();
    s
}

#[test]
fn a_transaction_body_that_stops_arriving_is_answered_408_in_the_spec_json() {
    let server = start(short(), |_| {});
    let mut s = partial_post(
        server.addr,
        "/api/v1/giao-dich",
        "application/json",
        200_000,
        b"{\"authenticationRequest\":",
    );
    let t = Instant::now();
    let got = String::from_utf8(read_to_close(&mut s).expect("answered and closed")).unwrap();
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    let body: serde_json::Value =
        serde_json::from_str(&got[got.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    assert_eq!(body["ResponseCode"], "request_timeout", "{body}");
    assert!(
        body["ErrorDescription"]
            .as_str()
            .unwrap()
            .contains("không đến kịp")
    );
}

#[test]
fn a_lookup_upload_that_stops_arriving_is_answered_408() {
    let server = start(short(), |_| {});
    let head =
        b"--b\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a.xml\"\r\n\r\n<a>";
    let mut s = partial_post(
        server.addr,
        "/api/v1/tra-cuu/tai-len",
        "multipart/form-data; boundary=b",
        100_000,
        head,
    );
    let got = String::from_utf8(read_to_close(&mut s).expect("answered and closed")).unwrap();
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(got.contains("\"error\":\"request_timeout\""), "{got}");
    let mut s = partial_post(
        server.addr,
        "/tra-cuu/tai-len",
        "multipart/form-data; boundary=b",
        100_000,
        head,
    );
    let got = String::from_utf8(read_to_close(&mut s).expect("answered and closed")).unwrap();
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    assert!(got.contains("text/html"), "{got}");
}

#[test]
fn large_bodies_past_the_memory_budget_are_answered_503_server_busy() {
    // Room for one largest transaction body; a second large body waits 1 s, then is refused.
    let server = start(
        ServeOptions {
            body_read_timeout: Duration::from_secs(20),
            ..short()
        },
        |c| {
            c.body_memory = 0;
            c.body_wait = Duration::from_secs(1);
        },
    );
    let chunk = vec![b' '; 1 << 20];
    let _first = partial_post(
        server.addr,
        "/api/v1/giao-dich",
        "application/json",
        10_000_000,
        &chunk,
    );
    // Time for the first to take its charge (the second would otherwise take it first).
    std::thread::sleep(Duration::from_secs(1));
    let mut second = partial_post(
        server.addr,
        "/api/v1/giao-dich",
        "application/json",
        5_000_000,
        b"{",
    );
    let t = Instant::now();
    let got = String::from_utf8(read_to_close(&mut second).expect("answered")).unwrap();
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    assert!(got.starts_with("HTTP/1.1 503"), "{got}");
    assert!(
        got.to_ascii_lowercase().contains("retry-after: 10"),
        "{got}"
    );
    assert!(got.contains("\"ResponseCode\":\"server_busy\""), "{got}");
    // Small bodies are not charged: still answered at once (400: not a transaction).
    let mut small = partial_post(
        server.addr,
        "/api/v1/giao-dich",
        "application/json",
        7,
        b"{\"x\":1}",
    );
    let got = read_response(&mut small);
    assert!(got.starts_with("HTTP/1.1 400"), "{got}");
}

fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--b--\r\n");
    body
}

fn post_upload(addr: SocketAddr, path: &str, body: &[u8]) -> String {
    let mut s = connect(addr);
    s.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
             Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .unwrap();
    // The server may answer and close before the whole body is sent.
    let _ = s.write_all(body);
    String::from_utf8_lossy(&read_to_close(&mut s).expect("answered")).into_owned()
}

#[test]
fn a_lookup_upload_over_its_limit_is_413_content_too_large_never_no_file() {
    let server = start(ServeOptions::default(), |_| {});
    let big = vec![b'%'; 5_000_000];
    let alone = multipart(&[("big.pdf", &big)]);
    let got = post_upload(server.addr, "/api/v1/tra-cuu/tai-len", &alone);
    assert!(
        got.starts_with("HTTP/1.1 413"),
        "{}",
        &got[..got.len().min(400)]
    );
    assert!(got.contains("\"error\":\"content_too_large\""), "{got}");
    let got = post_upload(server.addr, "/tra-cuu/tai-len", &alone);
    assert!(
        got.starts_with("HTTP/1.1 413"),
        "{}",
        &got[..got.len().min(400)]
    );
    assert!(got.contains("vượt quá kích thước"), "{got}");
    // Two small files, then the big one: refused whole, the first two never checked alone.
    let after = multipart(&[("a.xml", b"<a/>"), ("b.xml", b"<b/>"), ("big.pdf", &big)]);
    let got = post_upload(server.addr, "/api/v1/tra-cuu/tai-len", &after);
    assert!(
        got.starts_with("HTTP/1.1 413"),
        "{}",
        &got[..got.len().min(400)]
    );
    assert!(got.contains("\"error\":\"content_too_large\""), "{got}");
    // Not multipart at all: its own code, not no_file.
    let got = post_upload(server.addr, "/api/v1/tra-cuu/tai-len", b"--b\r\nnonsense");
    assert!(got.starts_with("HTTP/1.1 400"), "{got}");
    assert!(got.contains("\"error\":\"invalid_request\""), "{got}");
}
