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

/// Why an operating-system call on a file failed, in Vietnamese, for a front end's message
/// (the English is the operating system's own text, `std::io::Error`'s `Display`): the kind in
/// words and, when there is one, the OS error number.
pub fn io_error_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let reason = match e.kind() {
        K::NotFound => "không tìm thấy tệp hoặc thư mục",
        K::PermissionDenied => "không có quyền truy cập",
        K::AlreadyExists => "tệp đã tồn tại",
        K::IsADirectory => "đây là thư mục, không phải tệp",
        K::NotADirectory => "một phần của đường dẫn không phải thư mục",
        K::DirectoryNotEmpty => "thư mục không rỗng",
        K::StorageFull | K::QuotaExceeded => "hết dung lượng lưu trữ",
        K::ReadOnlyFilesystem => "hệ thống tệp chỉ cho phép đọc",
        K::FileTooLarge => "tệp vượt quá kích thước hệ thống tệp cho phép",
        K::InvalidFilename => "tên tệp không hợp lệ",
        K::InvalidInput => "đường dẫn hoặc tham số không hợp lệ",
        K::InvalidData => "dữ liệu không đúng định dạng (ví dụ không phải UTF-8)",
        K::UnexpectedEof => "tệp kết thúc sớm hơn dự kiến",
        K::BrokenPipe => "đầu đọc đã đóng (broken pipe)",
        K::Interrupted => "bị ngắt giữa chừng",
        K::WouldBlock => "tài nguyên tạm thời chưa sẵn sàng",
        K::TimedOut => "quá thời gian chờ",
        K::OutOfMemory => "không đủ bộ nhớ",
        K::ResourceBusy | K::ExecutableFileBusy => "tệp hoặc thiết bị đang bận",
        K::CrossesDevices => "không thể chuyển giữa hai thiết bị",
        K::TooManyLinks => "quá nhiều liên kết",
        K::Unsupported => "thao tác không được hỗ trợ",
        _ => "lỗi vào/ra của hệ điều hành",
    };
    match e.raw_os_error() {
        Some(n) => format!("{reason} (mã lỗi hệ điều hành {n})"),
        None => reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_described_in_vietnamese() {
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(
            io_error_vi(&e),
            "không tìm thấy tệp hoặc thư mục (mã lỗi hệ điều hành 2)"
        );
        let e = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "x");
        assert_eq!(io_error_vi(&e), "không có quyền truy cập");
        let e = std::io::Error::other("x");
        assert_eq!(io_error_vi(&e), "lỗi vào/ra của hệ điều hành");
    }

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
