//! The command line's error messages: in Vietnamese, then English (`vi — en`), the common
//! failures in words an operator understands, the database's or the system's own text kept
//! after them for diagnosis (ADR 0259).

use std::io::ErrorKind;

use hocba_server::StoreError;
use hocba_server::setup::SetupError;

/// A message in Vietnamese with the English after it.
pub fn both(vi: &str, en: &str) -> String {
    format!("{vi} — {en}")
}

/// A storage failure: what it means, then the database's text.
pub fn store(e: &StoreError) -> String {
    match e {
        StoreError::Db(db) => {
            let (vi, en) = database(db);
            format!("{} ({db})", both(vi, en))
        }
        other => both(&other.message_vi(), &other.to_string()),
    }
}

/// An account not created.
pub fn setup(e: &SetupError) -> String {
    match e {
        SetupError::Store(s) => store(s),
        // The others are bilingual already.
        other => other.to_string(),
    }
}

/// `what` (a file, an address) and an operating-system failure.
pub fn io(what: &str, e: &std::io::Error) -> String {
    both(
        &format!("{what}: {}", hocba_core::input::io_error_vi(e)),
        &format!("{what}: {e}"),
    )
}

/// The listen address could not be bound.
pub fn listen(addr: &str, e: &std::io::Error) -> String {
    let (vi, en) = match e.kind() {
        ErrorKind::InvalidInput => (
            "không phải địa chỉ lắng nghe hợp lệ (dạng IP:CỔNG, ví dụ 127.0.0.1:8080)",
            "not a valid listen address (IP:PORT, for example 127.0.0.1:8080)",
        ),
        ErrorKind::AddrInUse => (
            "địa chỉ đang được chương trình khác dùng",
            "the address is in use by another program",
        ),
        ErrorKind::AddrNotAvailable => (
            "địa chỉ không thuộc máy này",
            "the address is not one of this machine's",
        ),
        ErrorKind::PermissionDenied => (
            "không có quyền lắng nghe trên địa chỉ này (cổng dưới 1024 cần quyền quản trị)",
            "no permission to listen on this address (ports below 1024 need privileges)",
        ),
        _ => return io(&format!("--listen {addr}"), e),
    };
    format!(
        "{} ({e})",
        both(
            &format!("--listen {addr}: {vi}"),
            &format!("--listen {addr}: {en}")
        )
    )
}

/// A database failure in words: SQLite's result codes (sqlite.org/rescode.html), PostgreSQL's
/// SQLSTATE classes (its manual, appendix A), sqlx's pool and connection errors.
fn database(e: &sqlx::Error) -> (&'static str, &'static str) {
    const CANNOT_REACH: (&str, &str) = (
        "không kết nối được máy chủ cơ sở dữ liệu (máy chủ chưa chạy, sai địa chỉ hoặc cổng, \
         hoặc bị tường lửa chặn)",
        "cannot reach the database server (it is not running, the host or port is wrong, or a \
         firewall blocks it)",
    );
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) => CANNOT_REACH,
        sqlx::Error::Configuration(_) => (
            "địa chỉ cơ sở dữ liệu (--db) không hợp lệ",
            "the database URL (--db) is not valid",
        ),
        sqlx::Error::Tls(_) => (
            "không thiết lập được kết nối TLS tới máy chủ cơ sở dữ liệu",
            "cannot set up TLS with the database server",
        ),
        sqlx::Error::Migrate(_) => (
            "không cập nhật được lược đồ cơ sở dữ liệu",
            "cannot bring the database's schema up to date",
        ),
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            // SQLite: an extended result code, its primary code in the low byte.
            match code.parse::<u32>().map(|c| c & 0xff) {
                Ok(14) => (
                    "không mở được tệp cơ sở dữ liệu (thư mục của nó không có, hoặc không có quyền \
                     đọc ghi)",
                    "cannot open the database file (its directory does not exist, or no \
                     permission to read and write it)",
                ),
                Ok(8) => (
                    "tệp cơ sở dữ liệu chỉ cho phép đọc (quyền của tệp hoặc thư mục của nó)",
                    "the database file is read-only (the permissions of the file or its \
                     directory)",
                ),
                Ok(26) => (
                    "tệp này không phải cơ sở dữ liệu SQLite",
                    "the file is not a SQLite database",
                ),
                Ok(11) => (
                    "tệp cơ sở dữ liệu bị hỏng; khôi phục từ bản sao lưu",
                    "the database file is corrupt; restore it from a backup",
                ),
                Ok(13) => (
                    "ổ đĩa của cơ sở dữ liệu đã đầy",
                    "the database's disk is full",
                ),
                Ok(5 | 6) => (
                    "cơ sở dữ liệu đang bị chương trình khác khoá; thử lại sau",
                    "the database is locked by another program; try again later",
                ),
                Ok(10) => (
                    "lỗi đọc ghi đĩa của cơ sở dữ liệu",
                    "a disk read or write of the database failed",
                ),
                Ok(19) => (
                    "dữ liệu không thoả ràng buộc của cơ sở dữ liệu",
                    "the data breaks a constraint of the database",
                ),
                _ => match code.get(..2) {
                    Some("28") => (
                        "máy chủ cơ sở dữ liệu từ chối đăng nhập (sai tên hoặc mật khẩu trong --db)",
                        "the database server refused the login (wrong user or password in --db)",
                    ),
                    Some("3D") => (
                        "máy chủ cơ sở dữ liệu không có cơ sở dữ liệu này (tạo nó trước)",
                        "the database server has no such database (create it first)",
                    ),
                    Some("08" | "57") => CANNOT_REACH,
                    Some("42") if code == "42501" => (
                        "tài khoản cơ sở dữ liệu không đủ quyền",
                        "the database account lacks a privilege",
                    ),
                    Some("53") => (
                        "máy chủ cơ sở dữ liệu hết tài nguyên (đĩa, bộ nhớ hoặc số kết nối)",
                        "the database server is out of resources (disk, memory or connections)",
                    ),
                    _ => ("cơ sở dữ liệu báo lỗi", "the database failed"),
                },
            }
        }
        _ => ("cơ sở dữ liệu báo lỗi", "the database failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_database_failures_are_in_words_with_the_database_text_after() {
        let m = store(&StoreError::Db(sqlx::Error::PoolTimedOut));
        assert!(
            m.starts_with("không kết nối được máy chủ cơ sở dữ liệu"),
            "{m}"
        );
        assert!(m.contains(" — cannot reach the database server"), "{m}");
        assert!(
            m.ends_with("(pool timed out while waiting for an open connection)"),
            "{m}"
        );
        let m = store(&StoreError::UnsupportedUrl);
        assert!(
            m.starts_with("địa chỉ cơ sở dữ liệu không được hỗ trợ")
                && m.contains(" — unsupported"),
            "{m}"
        );
    }

    #[test]
    fn listen_errors_are_bilingual() {
        let e = std::io::Error::new(ErrorKind::InvalidInput, "invalid socket address");
        let m = listen("abc", &e);
        assert!(
            m.starts_with("--listen abc: không phải địa chỉ lắng nghe hợp lệ"),
            "{m}"
        );
        assert!(
            m.contains(" — --listen abc: not a valid listen address"),
            "{m}"
        );
        assert!(m.ends_with("(invalid socket address)"), "{m}");
    }
}
