//! Where `hocba sign` writes: never over one of its inputs, and in a directory run never two
//! inputs into one output (QA repros 05 and 17). Both are usage errors of the CLI's own (exit 2,
//! ADR 0090), found before anything is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::output::{Failure, Ui};

/// The key two file names of one directory collide on: compared case-insensitively (macOS
/// and Windows file systems are; Linux's are not, so records moved between them must not lose
/// a file).
fn name_key(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Whether `a` and `b` are one file on disk (the same inode, or, where there is none, the same
/// canonical path). A path that does not exist is no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses an output (`-o`, or the `.bin` beside it) that is one of the inputs: the record,
/// the pending file or the signature file would be replaced by what is written.
pub fn refuse_output_over_input(
    outputs: &[&Path],
    inputs: &[&Path],
    ui: Ui,
) -> Result<(), Failure> {
    for out in outputs {
        if let Some(input) = inputs.iter().find(|i| same_file(out, i)) {
            return Err(Failure::unreadable(
                "output_is_input",
                format!(
                    "{} {}: {}",
                    ui.t("Tệp đầu ra", "The output"),
                    out.display(),
                    ui.t(
                        &format!(
                            "là chính tệp đầu vào {} — ghi vào đó sẽ xoá nó; hãy chọn một tệp đầu ra khác (-o)",
                            input.display()
                        ),
                        &format!(
                            "is the input file {} itself — writing it would destroy it; choose another output (-o)",
                            input.display()
                        ),
                    )
                ),
            ));
        }
    }
    Ok(())
}

/// The outputs of a directory run, one list per input (`NAME.xml`, or `NAME.tbs` and
/// `NAME.tbs.bin`, all in `out_dir`), checked before anything is written: two inputs whose
/// outputs share a name (`hs01.json` and `hs01.cbor`, `a.xml` and `a.XML`; compared
/// case-insensitively), or an output named like an input when `out_dir` is the input
/// directory `in_dir`, refuse the run, naming both files.
pub fn plan_outputs(
    in_dir: &Path,
    inputs: &[PathBuf],
    out_dir: &Path,
    outputs: impl Fn(&Path) -> Vec<PathBuf>,
    ui: Ui,
) -> Result<Vec<Vec<PathBuf>>, Failure> {
    let planned: Vec<Vec<PathBuf>> = inputs.iter().map(|p| outputs(p)).collect();
    let in_place = in_dir == out_dir || same_file(in_dir, out_dir);
    let input_names: HashMap<String, &Path> = if in_place {
        inputs.iter().map(|p| (name_key(p), p.as_path())).collect()
    } else {
        HashMap::new()
    };
    let mut taken: HashMap<String, (&Path, &Path)> = HashMap::new();
    for (input, outs) in inputs.iter().zip(&planned) {
        for out in outs {
            let key = name_key(out);
            if let Some(other) = input_names.get(&key) {
                return Err(over_input(out, other, ui));
            }
            if let Some(&(first, first_out)) = taken.get(&key) {
                return Err(collision(first, input, first_out, out, ui));
            }
            taken.insert(key, (input, out));
        }
    }
    Ok(planned)
}

/// An output named like an input of the same directory (letter case aside).
fn over_input(out: &Path, input: &Path, ui: Ui) -> Failure {
    Failure::unreadable(
        "output_is_input",
        format!(
            "{} {}: {}",
            ui.t("Tệp đầu ra", "The output"),
            out.display(),
            ui.t(
                &format!(
                    "trùng tên với tệp đầu vào {} (không kể chữ hoa, chữ thường) — ghi vào đó sẽ xoá hồ sơ; không ký tệp nào, hãy chọn một thư mục đầu ra khác (-o)",
                    input.display()
                ),
                &format!(
                    "has the name of the input file {} (letter case aside) — writing it would destroy a record; nothing was signed, choose another output directory (-o)",
                    input.display()
                ),
            )
        ),
    )
}

fn collision(first: &Path, second: &Path, first_out: &Path, out: &Path, ui: Ui) -> Failure {
    let same = first_out == out;
    Failure::unreadable(
        "output_name_collision",
        if ui.lang == hocba_core::Lang::Vi {
            format!(
                "Hai tệp đầu vào {} và {} sẽ được ghi vào cùng một tệp đầu ra {}{}: tệp sau sẽ ghi đè tệp trước và mất một hồ sơ. Không ký tệp nào; hãy đổi tên một trong hai tệp (hoặc ký chúng trong hai lần chạy)",
                first.display(),
                second.display(),
                out.display(),
                if same {
                    ""
                } else {
                    " (tên chỉ khác nhau ở chữ hoa, chữ thường: trùng trên hệ thống tệp macOS, Windows)"
                }
            )
        } else {
            format!(
                "The inputs {} and {} would be written to one output file {}{}: the second would overwrite the first and a record would be lost. Nothing was signed; rename one of them (or sign them in two runs)",
                first.display(),
                second.display(),
                out.display(),
                if same {
                    ""
                } else {
                    " (the names differ only in letter case: one file on macOS and Windows file systems)"
                }
            )
        },
    )
}

/// The outputs written so far in one run: a second write to a path written earlier (an
/// output the plan did not foresee) is refused instead of overwriting the first.
#[derive(Default)]
pub struct Written(std::sync::Mutex<std::collections::HashSet<(PathBuf, String)>>);

impl Written {
    fn key(path: &Path) -> (PathBuf, String) {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            name_key(path),
        )
    }
}

impl Written {
    /// Claims `path` for one write; fails when the run already wrote it.
    pub fn claim(&self, path: &Path, ui: Ui) -> Result<(), Failure> {
        let mut set = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if set.insert(Self::key(path)) {
            return Ok(());
        }
        Err(Failure::unreadable(
            "output_name_collision",
            format!(
                "{} {}: {}",
                ui.t("Tệp đầu ra", "The output"),
                path.display(),
                ui.t(
                    "đã được ghi trước đó trong lần chạy này: không ghi đè",
                    "was already written earlier in this run: not overwritten"
                )
            ),
        ))
    }
}
