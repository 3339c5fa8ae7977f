//! `hocba submit`, `hocba status`, `hocba recall` against a `hocba-server` started in-process on
//! loopback (SQLite in a temporary directory): the printed `messageid`, the status, a resent
//! `messageid` refused, a recall of an unknown record refused, an unreachable portal, exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hocba_core::envelope::read_certificates;
use hocba_core::{SignerRole, TrustStore, UnixTime};
use hocba_server::{Config, Role, Store, router, serve, setup};
use serde_json::Value;

fn pki() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/pki")
}

fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(&std::fs::read(pki().join("roots.pem")).unwrap())
        .unwrap();
    t
}

struct Portal {
    url: String,
    creds: setup::Credentials,
    _rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

const SCHOOL: &str = "49TH0031";

fn start(config: impl FnOnce(&mut Config)) -> Portal {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("p.db").display());
    let (url, creds) = rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        let creds = setup::add_account(
            &store,
            (SCHOOL, "Trường thử", "school"),
            "truong",
            "unit",
            None,
        )
        .await
        .unwrap();
        let chain =
            read_certificates(&std::fs::read(pki().join("chains/seal-p384.pem")).unwrap()).unwrap();
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let now = UnixTime::from_secs(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64,
        );
        let serial = trust()
            .validate(&refs, SignerRole::SchoolSeal, now, now)
            .unwrap()
            .serial_hex;
        setup::approve_certificate(&store, SCHOOL, &chain, &serial, "op")
            .await
            .unwrap();
        let mut c = Config::new(Role::Province);
        c.trust = trust();
        config(&mut c);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(listener, router(store, c)));
        (format!("http://{addr}"), creds)
    });
    Portal {
        url,
        creds,
        _rt: rt,
        _dir: dir,
    }
}

fn hocba(p: &Portal, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .env("HOCBA_PORTAL", &p.url)
        .env("HOCBA_PORTAL_USER", &p.creds.user_name)
        .env("HOCBA_PORTAL_TOKEN", &p.creds.token)
        .env("HOCBA_PORTAL_PASSWORD", &p.creds.password)
        .env("HOCBA_PORTAL_UNIT", &p.creds.ma_don_vi)
        .output()
        .expect("run hocba")
}

/// A national-XML record of the school (the core's synthetic demo pupil), signed by the test
/// PKI's GVCN, principal and seal of the public test school.
fn record_file(dir: &Path, uuid: &str) -> PathBuf {
    use hocba_core::envelope::{SigningKey, SystemRng};
    let mut r = hocba_core::synth::demo_transcript().years.pop().unwrap();
    r.lookup_code = Some(uuid.parse().unwrap());
    r.school.code = SCHOOL.try_into().unwrap();
    r.school.name = hocba_core::model::Text::new("Trường Tiểu học Thử Nghiệm Số 1").unwrap();
    let leaf = |name: &str| std::fs::read(pki().join(format!("certs/{name}.der"))).unwrap();
    hocba_core::synth::name_signers(&mut r, &leaf("gvcn-p384"), &leaf("principal-p384"));
    let mut xml = hocba_core::moet::to_xml(&r, &hocba_core::moet::Profile::default());
    let signers = [
        (SignerRole::HomeroomTeacher, "gvcn-p384"),
        (SignerRole::Principal, "principal-p384"),
        (SignerRole::SchoolSeal, "seal-p384"),
    ];
    for (i, (role, name)) in signers.into_iter().enumerate() {
        let chain =
            read_certificates(&std::fs::read(pki().join(format!("chains/{name}.pem"))).unwrap())
                .unwrap();
        let refs: Vec<&[u8]> = chain.iter().map(Vec::as_slice).collect();
        let key = SigningKey::from_pkcs8(
            &std::fs::read(pki().join(format!("keys/{name}.pk8"))).unwrap(),
            None,
        )
        .unwrap();
        let at = UnixTime::from_secs(1_780_272_000 + 3600 * i as i64);
        xml = hocba_core::xmldsig::sign(&xml, &key, role, &refs, at, &mut SystemRng).unwrap();
    }
    let path = dir.join(format!("{uuid}.xml"));
    std::fs::write(&path, xml).unwrap();
    path
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn submit_prints_the_messageid_status_reports_and_a_resend_is_refused() {
    let p = start(|_| {});
    let tmp = tempfile::tempdir().unwrap();
    let file = record_file(tmp.path(), "0b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d");
    let key = pki().join("keys/seal-p384.pk8");
    let cert = pki().join("chains/seal-p384.pem");
    let signer = [
        "--key",
        key.to_str().unwrap(),
        "--cert",
        cert.to_str().unwrap(),
    ];
    let mut args = vec!["submit", file.to_str().unwrap(), "--message-id", "cli-1"];
    args.extend(signer);
    let out = hocba(&p, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("messageid: cli-1\n"), "{text}");

    // Status: the record's signatures verified, its seal is the school's approved certificate.
    let out = hocba(&p, &["status", "cli-1", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["MessageId"], "cli-1");
    let item = &v["danh_sach_hoc_ba"][0];
    assert_eq!(
        item["ma_tra_cuu_uuid"],
        "0b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d"
    );
    assert_eq!(item["trang_thai"], 1, "{v}");
    assert!(item.get("error").is_none());

    // Resending under the same messageid is refused (exit 1).
    let mut args = vec![
        "submit",
        file.to_str().unwrap(),
        "--message-id",
        "cli-1",
        "--json",
    ];
    args.extend(signer);
    let out = hocba(&p, &args);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["ResponseCode"], "duplicate_messageid");
    assert_eq!(v["http_status"], 409);

    // Without --message-id a fresh one is made and printed; the same record again is rejected
    // (its lookup code is taken).
    let mut args = vec!["submit", file.to_str().unwrap(), "--json"];
    args.extend(signer);
    let v = json(&hocba(&p, &args));
    let fresh = v["MessageId"].as_str().unwrap().to_owned();
    assert!(fresh.starts_with("hocba-"));
    assert_eq!(v["ok"], true);
    let v = json(&hocba(&p, &["status", &fresh, "--json"]));
    assert_eq!(v["danh_sach_hoc_ba"][0]["error"], "duplicate_lookup_code");

    // Recall of the stored record: pending until the operator decides.
    let mut args = vec!["recall", file.to_str().unwrap(), "--message-id", "r-1"];
    args.extend(signer);
    let out = hocba(&p, &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = json(&hocba(&p, &["status", "r-1", "--kind", "recall", "--json"]));
    assert_eq!(v["danh_sach_thu_hoi"][0]["trang_thai"], 1);

    // A recall of a record the portal does not hold is refused.
    let other = record_file(tmp.path(), "1b7c6d1e-8f7a-4b7e-9c1d-2e3f4a5b6c7d");
    let mut args = vec!["recall", other.to_str().unwrap(), "--json"];
    args.extend(signer);
    let out = hocba(&p, &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["ResponseCode"], "record_not_found");

    // Status of an unknown messageid.
    let out = hocba(&p, &["status", "nope", "--kind", "recall", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["ResponseCode"], "unknown_messageid");
}

#[test]
fn wrong_password_and_unreachable_portal() {
    let p = start(|_| {});
    let out = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args([
            "status", "x", "--json", "--portal", &p.url, "--user", "truong",
        ])
        .args([
            "--token",
            &p.creds.token,
            "--password",
            "sai",
            "--unit",
            SCHOOL,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["ResponseCode"], "auth_failed");
    // A port nothing listens on.
    let out = Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args([
            "status",
            "x",
            "--portal",
            "http://127.0.0.1:9",
            "--user",
            "u",
        ])
        .args(["--token", "t", "--password", "p", "--unit", SCHOOL])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("portal_unreachable"));
}
