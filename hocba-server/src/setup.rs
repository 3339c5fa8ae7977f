//! Creating units, accounts and (for the demo and tests) approved certificates: what an
//! operator does once per school.

use hocba_core::exchange::password_wire;

use crate::api::sha256_hex;
use crate::auth;
use crate::clock;
use crate::store::{self, Account, CertificateRow, Store, StoreError, TransactionRow, audit};

/// The secrets of a new account: shown once, never stored.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Credentials {
    /// `user_name`.
    pub user_name: String,
    /// `ma_don_vi`.
    pub ma_don_vi: String,
    /// `token`.
    pub token: String,
    /// The password (the client sends its SHA-256 hex).
    pub password: String,
}

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The operating system's random generator or the password hash failed.
    #[error("cannot create secrets: {0}")]
    Secrets(String),
    /// An account with this user name exists already (user names are the accounts' key).
    #[error(
        "tên đăng nhập «{0}» đã có tài khoản; chọn tên khác \
         (user name «{0}» already has an account; choose another)"
    )]
    UserNameTaken(String),
    /// The new credentials could not be handed over (written out); nothing was created.
    #[error(
        "không ghi được thông tin tài khoản nên tài khoản không được tạo \
         (cannot write the account's credentials, so the account was not created): {0}"
    )]
    Output(String),
    /// A required value (`unit`, `name`, `user`) is empty or only spaces.
    #[error("{vi} không được để trống — {en} must not be empty")]
    Empty {
        /// The value's name in Vietnamese.
        vi: &'static str,
        /// In English.
        en: &'static str,
    },
    /// The unit's kind is none of `school`, `province`, `operator`.
    #[error(
        "loại đơn vị «{0}» không hợp lệ (school, province hoặc operator) — \
         unit kind «{0}» is not valid (school, province or operator)"
    )]
    UnknownKind(String),
    /// The unit exists with another kind or name: the account would be the existing unit's,
    /// not what was asked for (ADR 0259).
    #[error(
        "đơn vị {unit} đã có, là {kind} «{name}»; tài khoản không được tạo (dùng đúng loại và \
         tên này, hoặc mã đơn vị khác) — unit {unit} exists as {kind} «{name}»; the account was \
         not created (give this kind and name, or another unit code)"
    )]
    UnitDiffers {
        /// `ma_don_vi`.
        unit: String,
        /// Its stored kind.
        kind: String,
        /// Its stored name.
        name: String,
    },
}

/// The kinds of unit (`units.kind`'s CHECK constraint, migrations `0001_init.sql`).
pub const UNIT_KINDS: &[&str] = &["school", "province", "operator"];

/// A name compared as the operator typed it: spaces around it and the Unicode form aside.
fn same_name(a: &str, b: &str) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    a.trim().nfc().eq(b.trim().nfc())
}

/// Creates the unit if it does not exist and an account for it, with a fresh random token and
/// password unless given (the demo gives fixed, published ones). `role`: `unit` or `operator`.
pub async fn add_account(
    store: &Store,
    unit: (&str, &str, &str),
    user_name: &str,
    role: &str,
    fixed: Option<(&str, &str)>,
) -> Result<Credentials, SetupError> {
    add_account_handing_over(store, unit, user_name, role, fixed, |_| Ok(())).await
}

/// [`add_account`], calling `hand_over` with the credentials before the account is committed:
/// when it fails (the token and password, shown once, could not be written out) nothing is
/// created and the error is [`SetupError::Output`], so the same user name can be added again.
pub async fn add_account_handing_over(
    store: &Store,
    unit: (&str, &str, &str),
    user_name: &str,
    role: &str,
    fixed: Option<(&str, &str)>,
    hand_over: impl FnOnce(&Credentials) -> Result<(), String>,
) -> Result<Credentials, SetupError> {
    let (ma_don_vi, ten, kind) = unit;
    for (value, vi, en) in [
        (ma_don_vi, "mã đơn vị (--unit)", "the unit code (--unit)"),
        (ten, "tên đơn vị (--name)", "the unit's name (--name)"),
        (
            user_name,
            "tên đăng nhập (--user)",
            "the user name (--user)",
        ),
    ] {
        if value.trim().is_empty() {
            return Err(SetupError::Empty { vi, en });
        }
    }
    if !UNIT_KINDS.contains(&kind) {
        return Err(SetupError::UnknownKind(kind.to_owned()));
    }
    let (token, password) = match fixed {
        Some((t, p)) => (t.to_owned(), p.to_owned()),
        None => (
            auth::random_hex(32).map_err(|e| SetupError::Secrets(e.to_string()))?,
            auth::random_hex(16).map_err(|e| SetupError::Secrets(e.to_string()))?,
        ),
    };
    let hash = auth::hash_password(&password_wire(&password)).map_err(SetupError::Secrets)?;
    let now = clock::now_secs();
    let taken = || SetupError::UserNameTaken(user_name.to_owned());
    let mut w = store.write().await?;
    if store::account_by_user(&mut *w.tx, user_name)
        .await?
        .is_some()
    {
        return Err(taken());
    }
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT kind, ten FROM units WHERE ma_don_vi = $1")
            .bind(ma_don_vi)
            .fetch_optional(&mut *w.tx)
            .await
            .map_err(StoreError::from)?;
    match existing {
        None => store::insert_unit(&mut *w.tx, ma_don_vi, ten, kind, now).await?,
        Some((k, n)) if k == kind && same_name(&n, ten) => {}
        Some((k, n)) => {
            return Err(SetupError::UnitDiffers {
                unit: ma_don_vi.to_owned(),
                kind: k,
                name: n,
            });
        }
    }
    let inserted = store::insert_account(
        &mut *w.tx,
        &Account {
            user_name: user_name.to_owned(),
            ma_don_vi: ma_don_vi.to_owned(),
            token_sha256: auth::token_hash(&token),
            password_hash: hash,
            role: role.to_owned(),
            disabled: false,
        },
        now,
    )
    .await;
    match inserted {
        // PostgreSQL: another process added the same user name since the check above.
        Err(e) if e.is_unique_violation() => {
            w.refused();
            return Err(taken());
        }
        r => r?,
    }
    audit::append(
        &mut w,
        now,
        &audit::Event {
            actor: "system",
            action: "create_account",
            subject: user_name,
            detail: serde_json::json!({"unit": ma_don_vi, "role": role}).to_string(),
        },
    )
    .await?;
    let credentials = Credentials {
        user_name: user_name.to_owned(),
        ma_don_vi: ma_don_vi.to_owned(),
        token,
        password,
    };
    // Dropping `w` without committing rolls the account back.
    hand_over(&credentials).map_err(SetupError::Output)?;
    w.commit().await?;
    Ok(credentials)
}

/// Registers and approves a certificate chain for a unit in one step (the operator's own
/// registration, the demo, tests). Returns the leaf's fingerprint.
pub async fn approve_certificate(
    store: &Store,
    ma_don_vi: &str,
    chain: &[Vec<u8>],
    serial_hex: &str,
    by: &str,
) -> Result<String, StoreError> {
    let fingerprint = sha256_hex(&chain[0]);
    let now = clock::now_secs();
    let messageid = format!("operator-registration-{fingerprint}");
    let mut w = store.write().await?;
    store::insert_transaction(
        &mut *w.tx,
        &TransactionRow {
            messageid: messageid.clone(),
            kind: 3,
            ma_don_vi: ma_don_vi.to_owned(),
            user_name: by.to_owned(),
            nam_hoc: 0,
            content_sha256: fingerprint.clone(),
            response_code: "ok".into(),
            item_count: 1,
            accepted_count: 1,
            received_at: now,
        },
    )
    .await?;
    store::insert_certificate(
        &mut *w.tx,
        &CertificateRow {
            fingerprint: fingerprint.clone(),
            ma_don_vi: ma_don_vi.to_owned(),
            messageid,
            serial_number: serial_hex.to_owned(),
            ngay_hieu_luc: String::new(),
            ma_kieu_chu_ky: "USB_TOKEN".into(),
            nha_phat_hanh: "HOCBA_TEST".into(),
            chain_der: store::chain_to_blob(chain),
            state: "approved".into(),
            decided_by: Some(by.to_owned()),
            decided_at: Some(now),
            created_at: now,
            approved_by_unit: None,
            approval_evidence: None,
        },
    )
    .await?;
    audit::append(
        &mut w,
        now,
        &audit::Event {
            actor: by,
            action: "approve_certificate",
            subject: &fingerprint,
            detail: serde_json::json!({"unit": ma_don_vi, "chain_len": chain.len()}).to_string(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(fingerprint)
}
