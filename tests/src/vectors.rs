//! The vector manifest and its runner.
//!
//! `tests/vectors/manifest.json` is `{"version": 1, "cases": [...]}`; each case has `id`,
//! `description`, `kind`, `input` (a path relative to `tests/vectors/`), `expect`
//! (`{"ok": true}` or `{"ok": false, "error": "<code>"}`) and whatever fields its kind
//! adds. Every file under `tests/vectors/` is written by [`generate`]; nothing is edited by
//! hand.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::kinds::KINDS;

/// The manifest format version.
pub const MANIFEST_VERSION: u32 = 1;

/// `tests/vectors/manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_VERSION`].
    pub version: u32,
    /// Every case, in generation order (kinds in [`KINDS`] order).
    pub cases: Vec<Case>,
}

/// One vector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Unique, stable identifier (`<kind>/<name>`).
    pub id: String,
    /// What the case shows, in one sentence.
    pub description: String,
    /// Which runner handles it (a name in [`KINDS`]).
    pub kind: String,
    /// The input file, relative to `tests/vectors/`.
    pub input: String,
    /// The expected outcome.
    pub expect: Expect,
    /// Fields the kind adds (e.g. `type`, `json`, `hex`, `cddl`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Case {
    /// A string field the kind added.
    pub fn field(&self, name: &str) -> Result<&str, String> {
        self.extra
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: missing string field `{name}`", self.id))
    }
}

/// The expected outcome of a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expect {
    /// Whether the input is accepted.
    pub ok: bool,
    /// The error code when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Expect {
    /// `{"ok": true}`.
    pub fn ok() -> Self {
        Self {
            ok: true,
            error: None,
        }
    }

    /// `{"ok": false, "error": code}`.
    pub fn error(code: &str) -> Self {
        Self {
            ok: false,
            error: Some(code.to_owned()),
        }
    }
}

/// Where a generator writes: the vectors directory and the cases so far.
pub struct Out {
    root: PathBuf,
    cases: Vec<Case>,
}

impl Out {
    /// Writes `bytes` to `rel` (relative to the vectors directory), creating directories.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, bytes)
    }

    /// The vectors directory being written (files written so far can be read back, e.g. to
    /// compute a case's expected outcome from the core).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Adds a case to the manifest.
    pub fn case(&mut self, case: Case) {
        self.cases.push(case);
    }
}

/// The committed vectors directory, `tests/vectors/`.
pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

/// Subdirectories of `tests/vectors/` that [`generate`] keeps as they are: their files come from
/// other tools (`xmldsig/`: the XML-signature corpus and libxml2's C14N outputs).
pub const PRESERVED: &[&str] = &["xmldsig"];

/// Writes every kind's files and `manifest.json` into `root`, which must be empty or a
/// previous output (it is emptied first, but for [`PRESERVED`], so removed vectors do not linger).
pub fn generate(root: &Path) -> io::Result<Manifest> {
    if root.exists() {
        let is_output = root.join("manifest.json").exists() || fs::read_dir(root)?.next().is_none();
        if !is_output {
            return Err(io::Error::other(format!(
                "{} is neither empty nor a vectors directory",
                root.display()
            )));
        }
        // Everything but the directories written by other tools (the XML-signature corpus,
        // made with xmlsec1/libxml2 by scripts/test-xmldsig.sh's generator).
        for entry in fs::read_dir(root)? {
            let path = entry?.path();
            if PRESERVED
                .iter()
                .any(|p| path.file_name() == Some(std::ffi::OsStr::new(p)))
            {
                continue;
            }
            if path.is_dir() {
                fs::remove_dir_all(&path)?;
            } else {
                fs::remove_file(&path)?;
            }
        }
    }
    fs::create_dir_all(root)?;
    let mut out = Out {
        root: root.to_owned(),
        cases: Vec::new(),
    };
    for kind in KINDS {
        (kind.generate)(&mut out)?;
    }
    let manifest = Manifest {
        version: MANIFEST_VERSION,
        cases: out.cases,
    };
    let mut json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    json.push('\n');
    fs::write(root.join("manifest.json"), json)?;
    Ok(manifest)
}

/// Reads `manifest.json` from `root`.
pub fn load(root: &Path) -> Result<Manifest, String> {
    let text = fs::read_to_string(root.join("manifest.json"))
        .map_err(|e| format!("cannot read manifest: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("manifest is not valid: {e}"))
}

/// Reads a file of the vectors directory.
pub fn read(root: &Path, rel: &str) -> Result<Vec<u8>, String> {
    fs::read(root.join(rel)).map_err(|e| format!("cannot read {rel}: {e}"))
}

/// Runs one case with the runner of its kind; an unknown kind is a failure.
pub fn run_case(root: &Path, case: &Case) -> Result<(), String> {
    let kind = KINDS
        .iter()
        .find(|k| k.name == case.kind)
        .ok_or_else(|| format!("{}: unknown kind `{}`", case.id, case.kind))?;
    (kind.run)(root, case).map_err(|e| format!("{}: {e}", case.id))
}
