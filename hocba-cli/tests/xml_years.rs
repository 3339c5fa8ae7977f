//! `hocba verify a.xml b.xml … --as-transcript` (ADR 0170): one pupil's signed national XML
//! records of five school years — grades 1–3 at the public test school, 4–5 at the private
//! one — verified as one học bạ, with the portal's recalls; and `--roles spec-minimum` in bulk.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed test may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

const AT: &str = "2026-06-03T00:00:00Z";

fn hocba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hocba"))
        .args(args)
        .output()
        .expect("run hocba")
}

fn pki(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/vectors/pki")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

/// `xml` with the text of every `<tag>` element set to `value`.
fn set(xml: &str, tag: &str, value: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let start = i + open.len();
        let end = start + rest[start..].find(&close).unwrap();
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn get<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = format!("<{tag}>");
    let start = xml.find(&open).unwrap() + open.len();
    &xml[start..start + xml[start..].find('<').unwrap()]
}

struct School {
    name: &'static str,
    code: &'static str,
    /// (role, test-PKI leaf, algorithm)
    signers: [(&'static str, &'static str, &'static str); 3],
    /// The holders of the GVCN and CBQL certificates: (name, CCCD).
    teacher: (&'static str, &'static str),
    principal: (&'static str, &'static str),
}

const PUBLIC: School = School {
    name: "Trường Tiểu học Thử Nghiệm Số 1",
    code: "01000001",
    signers: [
        ("gvcn", "gvcn-p384", "ES384"),
        ("cbql", "principal-rsa-gov", "RS256"),
        ("ky-phat-hanh", "seal-rsa-gov", "RS256"),
    ],
    teacher: ("Hoàng Thị Ngọc", "001192000004"),
    principal: ("Bùi Văn Nam", "001075000006"),
};
const PRIVATE: School = School {
    name: "Trường Tiểu học Tư thục Thử Nghiệm",
    code: "01000002",
    signers: [
        ("gvcn", "gvcn-rsa", "RS256"),
        ("cbql", "principal-rsa", "RS256"),
        ("ky-phat-hanh", "seal-rsa", "RS256"),
    ],
    teacher: ("Phạm Thu Hà", "001191000007"),
    principal: ("Đỗ Quang Huy", "001079000008"),
};

/// Signs `xml` (a generated record) at `school` with the roles from `from` on, into `out`.
fn sign_at(xml: &str, school: &School, from: usize, dir: &Path, out: &Path) {
    let xml = set(xml, "TEN_TRUONG", school.name);
    let xml = set(&xml, "MA_TRUONG", school.code);
    let xml = set(&xml, "TEN_GIAO_VIEN_CHU_NHIEM", school.teacher.0);
    let xml = set(&xml, "SO_CCCD_GIAO_VIEN_CHU_NHIEM", school.teacher.1);
    let xml = set(&xml, "TEN_GIAM_HIEU_KY_HOC_BA", school.principal.0);
    let xml = set(&xml, "SO_CCCD_GIAM_HIEU_KY_HOC_BA", school.principal.1);
    let mut prev = dir.join(format!(
        "{}.unsigned.xml",
        out.file_stem().unwrap().to_str().unwrap()
    ));
    std::fs::write(&prev, xml).unwrap();
    for (i, (role, leaf, alg)) in school.signers.iter().enumerate().skip(from) {
        let next = dir.join(format!(
            "{}.{i}.xml",
            out.file_stem().unwrap().to_str().unwrap()
        ));
        let o = hocba(&[
            "sign",
            s(&prev),
            "-o",
            s(&next),
            "--role",
            role,
            "--key",
            &pki(&format!("keys/{leaf}.pk8")),
            "--cert",
            &pki(&format!("chains/{leaf}.pem")),
            "--alg",
            alg,
            "--time",
            &format!("2026-06-01T0{}:00:00+07:00", 7 + i),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{role}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        prev = next;
    }
    std::fs::rename(&prev, out).unwrap();
}

struct Pupil {
    dir: PathBuf,
    years: Vec<PathBuf>,
    /// The generated (unsigned) records, by year.
    unsigned: Vec<String>,
}

/// One generated pupil, signed year by year: 1–3 at the public school, 4–5 at the private.
fn pupil() -> &'static Pupil {
    static P: OnceLock<Pupil> = OnceLock::new();
    P.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("hocba-cli-years-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let generated = dir.join("gen");
        let o = hocba(&[
            "gen",
            "--seed",
            "7",
            "--pupils",
            "1",
            "--xml",
            "--out",
            s(&generated),
        ]);
        assert_eq!(o.status.code(), Some(0));
        let mut years = Vec::new();
        let mut unsigned = Vec::new();
        for (i, (y, g)) in [(2020, 1), (2021, 2), (2022, 3), (2023, 4), (2024, 5)]
            .into_iter()
            .enumerate()
        {
            let xml = std::fs::read_to_string(generated.join(format!("records/001-y{y}-g{g}.xml")))
                .unwrap();
            let out = dir.join(format!("y{y}.xml"));
            sign_at(&xml, if i < 3 { &PUBLIC } else { &PRIVATE }, 0, &dir, &out);
            years.push(out);
            unsigned.push(xml);
        }
        Pupil {
            dir,
            years,
            unsigned,
        }
    })
}

fn verify(files: &[&Path], extra: &[&str]) -> (i32, Value) {
    let trust = pki("roots.pem");
    let mut args = vec!["--json", "verify"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend_from_slice(&["--trust", &trust, "--at", AT]);
    args.extend_from_slice(extra);
    let o = hocba(&args);
    (o.status.code().unwrap(), json(&o))
}

fn all(p: &Pupil) -> Vec<&Path> {
    p.years.iter().map(PathBuf::as_path).collect()
}

#[test]
fn five_years_at_two_schools_verify_as_one_and_a_gap_does_not() {
    let p = pupil();
    let (code, j) = verify(&all(p), &["--as-transcript"]);
    assert_eq!((code, j["status"].as_str()), (0, Some("valid")), "{j:#}");
    let years = j["years"].as_array().unwrap();
    assert_eq!(years.len(), 5);
    assert_eq!(years[0]["school_year"], "2020-2021");
    assert_eq!(years[4]["revisions"][0]["file"], s(&p.years[4]));
    // Without --as-transcript the same files are five separate records (bulk).
    let o = hocba(&[
        "verify",
        s(&p.years[0]),
        s(&p.years[1]),
        "--trust",
        &pki("roots.pem"),
        "--at",
        AT,
    ]);
    assert_eq!(o.status.code(), Some(0));
    // A year missing.
    let mut gap = all(p);
    gap.remove(2);
    let (code, j) = verify(&gap, &["--as-transcript"]);
    assert_eq!(
        (code, j["error"].as_str()),
        (1, Some("school_years_not_consecutive"))
    );
    // Text output names each file and the status.
    let o = hocba(&[
        "--lang",
        "en",
        "verify",
        s(&p.years[0]),
        s(&p.years[1]),
        "--as-transcript",
        "--trust",
        &pki("roots.pem"),
        "--at",
        AT,
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains(s(&p.years[1])), "{text}");
}

#[test]
fn a_recalled_year_and_its_replacement() {
    let p = pupil();
    let old = get(&p.unsigned[1], "MA_TRA_CUU_UUID").to_owned();
    let new = "5f0c1e57-1a52-4d3e-8f00-000000000002";
    let fixed = set(&p.unsigned[1], "MA_TRA_CUU_UUID", new);
    let fixed = set(&fixed, "NHAN_XET_GVCN", "Nhận xét đã sửa.");
    let replacement = p.dir.join("y2021-replacement.xml");
    sign_at(&fixed, &PUBLIC, 0, &p.dir, &replacement);
    let mut files = all(p);
    files.push(&replacement);
    // Two records in force for 2021–2022: a finding, not a silent choice.
    let (code, j) = verify(&files, &["--as-transcript"]);
    assert_eq!(
        (code, j["error"].as_str()),
        (1, Some("duplicate_year")),
        "{j:#}"
    );
    assert_eq!(j["issues"][0]["file"], s(&replacement));
    // The portal recalled the old one: linked by pupil and school year.
    let (code, j) = verify(&files, &["--as-transcript", "--recalled", &old]);
    assert_eq!((code, j["status"].as_str()), (0, Some("valid")), "{j:#}");
    let revs = j["years"][1]["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(
        (revs[0]["recalled"].as_bool(), revs[1]["recalled"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(revs[1]["lookup_code"], new);
    assert_eq!(revs[1]["supersedes"], Value::Null);
    // With the stored link, the replacement supersedes it.
    let link = format!("{old}={new}");
    let (code, j) = verify(&files, &["--as-transcript", "--replaced", &link]);
    assert_eq!(code, 0, "{j:#}");
    let revs = j["years"][1]["revisions"].as_array().unwrap();
    assert_eq!(revs[1]["supersedes"], revs[0]["digest"]);
    // Recalled with no replacement handed in.
    let (code, j) = verify(&all(p), &["--as-transcript", "--recalled", &old]);
    assert_eq!((code, j["error"].as_str()), (1, Some("year_recalled")));
    // Recall facts only make sense across years; a bad code is the core's refusal.
    let trust = pki("roots.pem");
    let o = hocba(&[
        "verify",
        s(&p.years[0]),
        "--trust",
        &trust,
        "--recalled",
        &old,
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "clap: --recalled requires --as-transcript"
    );
    let (code, j) = verify(&all(p), &["--as-transcript", "--recalled", "not-a-uuid"]);
    // The core classes a malformed lookup code as an invalid value (exit 1, ADR 0090).
    assert_eq!(
        (code, j["error"]["code"].as_str()),
        (1, Some("invalid_lookup_code"))
    );
}

#[test]
fn an_unreadable_record_names_its_file() {
    let p = pupil();
    let bad = p.dir.join("bad.xml");
    std::fs::write(&bad, "<HOC_BA").unwrap();
    let (code, j) = verify(&[&p.years[0], &bad], &["--as-transcript"]);
    assert_eq!(
        (code, j["error"]["code"].as_str()),
        (2, Some("xml_malformed")),
        "{j:#}"
    );
    assert_eq!(j["detail"]["record"], 1);
    assert_eq!(j["detail"]["file"], s(&bad));
}

#[test]
fn bulk_verification_takes_the_roles_policy() {
    let p = pupil();
    let dir = p.dir.join("bulk");
    std::fs::create_dir_all(&dir).unwrap();
    sign_at(&p.unsigned[0], &PUBLIC, 1, &p.dir, &dir.join("a.xml"));
    sign_at(&p.unsigned[1], &PUBLIC, 1, &p.dir, &dir.join("b.xml"));
    let trust = pki("roots.pem");
    let run = |extra: &[&str]| {
        let mut args = vec!["verify", s(&dir), "--trust", &trust, "--at", AT];
        args.extend_from_slice(extra);
        hocba(&args).status.code()
    };
    assert_eq!(run(&[]), Some(1), "all three roles by default: incomplete");
    assert_eq!(run(&["--roles", "spec-minimum"]), Some(0));
    // Across years too.
    let (code, j) = verify(
        &[&dir.join("a.xml"), &dir.join("b.xml")],
        &["--as-transcript", "--roles", "spec-minimum"],
    );
    assert_eq!((code, j["status"].as_str()), (0, Some("valid")), "{j:#}");
}

/// The `DANH_SACH_HOC_BA` of `files` (each a signed record file), joined as a school joins its
/// submission: each record's bytes after the XML declaration.
fn list_of(files: &[PathBuf]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DANH_SACH_HOC_BA>");
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let body = text.split_once("?>").unwrap().1.trim();
        out.push_str(body);
    }
    out.push_str("</DANH_SACH_HOC_BA>\n");
    out
}

/// A national list (a submission's content) is read by `validate`, `inspect`, `convert` and
/// `verify`: each record judged and verified as the portal cuts it out (the digest of record N
/// is its signed file's), a changed record refused alone. It was `xml_wrong_root` everywhere,
/// even for the list `hocba convert transcript.json --to xml` writes.
#[test]
fn a_national_list_is_validated_inspected_converted_and_verified_record_by_record() {
    use sha2::Digest;
    let p = pupil();
    let list = p.dir.join("list.xml");
    std::fs::write(&list, list_of(&p.years)).unwrap();

    let o = hocba(&["--json", "validate", s(&list)]);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["kind"], "record_list");
    assert_eq!(v["signatures_verified"], false);
    assert_eq!(v["derived"].as_array().unwrap().len(), 5);

    let o = hocba(&["--json", "inspect", s(&list)]);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    assert_eq!(v["document"].as_array().unwrap().len(), 5);
    assert_eq!(
        v["signed_by"][4],
        serde_json::json!(["gvcn", "hieu_truong", "con_dau"])
    );

    // One pupil's years convert to their transcript, and back to the same list's records.
    let json_out = p.dir.join("list.json");
    let o = hocba(&[
        "--json",
        "convert",
        s(&list),
        "--to",
        "json",
        "-o",
        s(&json_out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let t: Value = serde_json::from_slice(&std::fs::read(&json_out).unwrap()).unwrap();
    assert_eq!(t["years"].as_array().unwrap().len(), 5);

    let (code, lines) = verify_lines(&list);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(lines.len(), 6, "5 records and the summary");
    for (i, (line, file)) in lines.iter().zip(&p.years).enumerate() {
        assert_eq!(line["file"], format!("{}#{}", s(&list), i + 1));
        assert_eq!(line["code"], "valid");
        let digest = hex(&sha2::Sha256::digest(std::fs::read(file).unwrap()));
        assert_eq!(
            line["report"]["digest"], digest,
            "record {i} is its signed file"
        );
    }

    // One record changed inside its signed data: that record alone is refused.
    let text = std::fs::read_to_string(&list).unwrap();
    let third = text.match_indices("<HOC_BA>").nth(2).unwrap().0;
    let at = third + text[third..].find("<TEN_LOP>").unwrap() + "<TEN_LOP>".len();
    let mut changed = text.clone();
    changed.insert(at, 'X');
    std::fs::write(&list, changed).unwrap();
    let (code, lines) = verify_lines(&list);
    assert_eq!(code, 1);
    let codes: Vec<&str> = lines[..5]
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "valid",
            "valid",
            "xmldsig_digest_mismatch",
            "valid",
            "valid"
        ]
    );
}

/// Several pupils' records in one list: judged each on its own (`records[i]`), and no one's
/// transcript for `convert`.
#[test]
fn a_list_of_several_pupils_is_judged_record_by_record_and_not_converted() {
    let p = pupil();
    let other_dir = p.dir.join("other");
    let o = hocba(&[
        "gen",
        "--seed",
        "8",
        "--pupils",
        "1",
        "--xml",
        "--out",
        s(&other_dir),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let list = p.dir.join("school.xml");
    std::fs::write(
        &list,
        list_of(&[
            p.dir.join("y2024.xml"),
            other_dir.join("records/001-y2024-g5.xml"),
        ]),
    )
    .unwrap();
    let o = hocba(&["--json", "validate", s(&list)]);
    let v = json(&o);
    assert_eq!(o.status.code(), Some(0), "{v}");
    let o = hocba(&["--lang", "en", "validate", s(&list)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("list of records, 2 record(s)"), "{text}");
    let o = hocba(&[
        "--json",
        "convert",
        s(&list),
        "--to",
        "json",
        "-o",
        s(&p.dir.join("x.json")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(json(&o)["error"]["code"], "xml_list_of_several_pupils");
}

fn verify_lines(list: &Path) -> (i32, Vec<Value>) {
    let trust = pki("roots.pem");
    let o = hocba(&["--json", "verify", s(list), "--trust", &trust, "--at", AT]);
    let lines = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o.status.code().unwrap(), lines)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
