//! The one size bound for every input a front end reads (the CLI's files, the Python
//! package's paths and file objects, the Kotlin/Swift byte arrays): what it is, and the error
//! when an input is over it (ADR 0091).
//!
//! The core does no I/O: readers live in the front ends and stop at `MAX_INPUT_BYTES + 1`
//! bytes, so an endless source (`/dev/zero`, a pipe) costs at most that much memory.

/// Largest input any front end reads whole: 16 MiB. A transcript with five signed years and
/// its certificate chains is a few tens of kilobytes, a hocba PDF a few hundred; every format's
/// own bound (a signed record 1 MiB, a transcript container 64 records) is below this.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// An input a front end could not take whole.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// More than [`MAX_INPUT_BYTES`] bytes.
    #[error("input larger than {} MiB", MAX_INPUT_BYTES / 1024 / 1024)]
    TooLarge,
}

impl InputError {
    /// Stable snake_case machine code.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::TooLarge => "file_too_large",
        }
    }

    /// The message in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            InputError::TooLarge => {
                format!("dữ liệu vào lớn hơn {} MiB", MAX_INPUT_BYTES / 1024 / 1024)
            }
        }
    }
}

/// Whether `len` bytes are within [`MAX_INPUT_BYTES`]: the check a front end makes after
/// reading at most `MAX_INPUT_BYTES + 1` bytes.
pub fn check_len(len: usize) -> Result<(), InputError> {
    if u64::try_from(len).map_or(true, |n| n > MAX_INPUT_BYTES) {
        Err(InputError::TooLarge)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_is_inclusive() {
        let max = usize::try_from(MAX_INPUT_BYTES).unwrap_or(usize::MAX);
        assert_eq!(check_len(max), Ok(()));
        assert_eq!(check_len(max + 1), Err(InputError::TooLarge));
        let e = crate::Error::from(InputError::TooLarge);
        assert_eq!(e.code(), "file_too_large");
        assert_eq!(e.class(), crate::ErrorClass::Unreadable);
    }
}
