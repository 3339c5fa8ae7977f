//! Every query of the server, written once for both backends. Values are always bound
//! parameters (never formatted into SQL).

use hocba_core::exchange::{RecallStatus, RecordStatus};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};

use super::StoreError;

type R<T> = Result<T, StoreError>;

/// A unit (school, Sở, or the operators' office) and one of its accounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// `user_name`.
    pub user_name: String,
    /// The unit the account acts for.
    pub ma_don_vi: String,
    /// SHA-256 hex of the access token (tokens are 256-bit random, so a fast hash suffices).
    pub token_sha256: String,
    /// Argon2id PHC string of the wire password (itself SHA-256 hex of the password).
    pub password_hash: String,
    /// `unit` or `operator`.
    pub role: String,
    /// Disabled accounts are refused.
    pub disabled: bool,
}

fn account(row: &AnyRow) -> R<Account> {
    Ok(Account {
        user_name: row.try_get(0)?,
        ma_don_vi: row.try_get(1)?,
        token_sha256: row.try_get(2)?,
        password_hash: row.try_get(3)?,
        role: row.try_get(4)?,
        disabled: row.try_get::<i64, _>(5)? != 0,
    })
}

const ACCOUNT_COLUMNS: &str =
    "SELECT user_name, ma_don_vi, token_sha256, password_hash, role, disabled FROM accounts";

/// Adds a unit.
pub async fn insert_unit<'e, E: Executor<'e, Database = Any>>(
    e: E,
    ma_don_vi: &str,
    ten: &str,
    kind: &str,
    now: i64,
) -> R<()> {
    sqlx::query("INSERT INTO units (ma_don_vi, ten, kind, created_at) VALUES ($1, $2, $3, $4)")
        .bind(ma_don_vi)
        .bind(ten)
        .bind(kind)
        .bind(now)
        .execute(e)
        .await?;
    Ok(())
}

/// The unit's kind (`school`, `province`, `operator`), if it exists.
pub async fn unit_kind<'e, E: Executor<'e, Database = Any>>(
    e: E,
    ma_don_vi: &str,
) -> R<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT kind FROM units WHERE ma_don_vi = $1")
            .bind(ma_don_vi)
            .fetch_optional(e)
            .await?,
    )
}

/// Adds an account.
pub async fn insert_account<'e, E: Executor<'e, Database = Any>>(
    e: E,
    a: &Account,
    now: i64,
) -> R<()> {
    sqlx::query(
        "INSERT INTO accounts (user_name, ma_don_vi, token_sha256, password_hash, role, \
         disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&a.user_name)
    .bind(&a.ma_don_vi)
    .bind(&a.token_sha256)
    .bind(&a.password_hash)
    .bind(&a.role)
    .bind(i64::from(a.disabled))
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// The account named `user_name`.
pub async fn account_by_user<'e, E: Executor<'e, Database = Any>>(
    e: E,
    user_name: &str,
) -> R<Option<Account>> {
    sqlx::query(&format!("{ACCOUNT_COLUMNS} WHERE user_name = $1"))
        .bind(user_name)
        .fetch_optional(e)
        .await?
        .as_ref()
        .map(account)
        .transpose()
}

/// The account whose token hashes to `token_sha256`.
pub async fn account_by_token<'e, E: Executor<'e, Database = Any>>(
    e: E,
    token_sha256: &str,
) -> R<Option<Account>> {
    sqlx::query(&format!("{ACCOUNT_COLUMNS} WHERE token_sha256 = $1"))
        .bind(token_sha256)
        .fetch_optional(e)
        .await?
        .as_ref()
        .map(account)
        .transpose()
}

/// One received transaction of type 1, 3 or 5 (its `messageid` is then taken for good).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionRow {
    /// `messageid`.
    pub messageid: String,
    /// `type`.
    pub kind: i64,
    /// The sending unit.
    pub ma_don_vi: String,
    /// The sending account.
    pub user_name: String,
    /// `nam_hoc`.
    pub nam_hoc: i64,
    /// SHA-256 hex of `content` (or of the registration).
    pub content_sha256: String,
    /// `ok` or why refused.
    pub response_code: String,
    /// Records (or entries) in it.
    pub item_count: i64,
    /// Records accepted (entries pending) in it.
    pub accepted_count: i64,
    /// Unix seconds.
    pub received_at: i64,
}

/// Stores a transaction. A second one with the same `messageid` fails with a unique violation.
pub async fn insert_transaction<'e, E: Executor<'e, Database = Any>>(
    e: E,
    t: &TransactionRow,
) -> R<()> {
    sqlx::query(
        "INSERT INTO transactions (messageid, kind, ma_don_vi, user_name, nam_hoc, \
         content_sha256, response_code, item_count, accepted_count, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&t.messageid)
    .bind(t.kind)
    .bind(&t.ma_don_vi)
    .bind(&t.user_name)
    .bind(t.nam_hoc)
    .bind(&t.content_sha256)
    .bind(&t.response_code)
    .bind(t.item_count)
    .bind(t.accepted_count)
    .bind(t.received_at)
    .execute(e)
    .await?;
    Ok(())
}

/// The transaction `messageid`.
pub async fn transaction<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
) -> R<Option<TransactionRow>> {
    let row = sqlx::query(
        "SELECT messageid, kind, ma_don_vi, user_name, nam_hoc, content_sha256, response_code, \
         item_count, accepted_count, received_at FROM transactions WHERE messageid = $1",
    )
    .bind(messageid)
    .fetch_optional(e)
    .await?;
    row.map(|r| {
        Ok(TransactionRow {
            messageid: r.try_get(0)?,
            kind: r.try_get(1)?,
            ma_don_vi: r.try_get(2)?,
            user_name: r.try_get(3)?,
            nam_hoc: r.try_get(4)?,
            content_sha256: r.try_get(5)?,
            response_code: r.try_get(6)?,
            item_count: r.try_get(7)?,
            accepted_count: r.try_get(8)?,
            received_at: r.try_get(9)?,
        })
    })
    .transpose()
}

/// Stores the issuing result of record `index` of submission `messageid`.
pub async fn insert_item<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
    index: i64,
    s: &RecordStatus,
) -> R<()> {
    sqlx::query(
        "INSERT INTO submission_items (messageid, item_index, ma_hoc_sinh, ten_hoc_sinh, \
         so_cccd, ma_tra_cuu_uuid, trang_thai, error, error_field_title, error_description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(messageid)
    .bind(index)
    .bind(&s.ma_hoc_sinh)
    .bind(&s.ten_hoc_sinh)
    .bind(&s.so_cccd)
    .bind(&s.ma_tra_cuu_uuid)
    .bind(i64::from(s.trang_thai))
    .bind(s.error.as_deref())
    .bind(s.error_field_title.as_deref())
    .bind(s.error_description.as_deref())
    .execute(e)
    .await?;
    Ok(())
}

/// The issuing results of submission `messageid`, in record order.
pub async fn items<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
) -> R<Vec<RecordStatus>> {
    let rows = sqlx::query(
        "SELECT ma_hoc_sinh, ten_hoc_sinh, so_cccd, ma_tra_cuu_uuid, trang_thai, error, \
         error_field_title, error_description FROM submission_items WHERE messageid = $1 \
         ORDER BY item_index",
    )
    .bind(messageid)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecordStatus {
                ma_hoc_sinh: r.try_get(0)?,
                ten_hoc_sinh: r.try_get(1)?,
                so_cccd: r.try_get(2)?,
                ma_tra_cuu_uuid: r.try_get(3)?,
                trang_thai: u8::try_from(r.try_get::<i64, _>(4)?).unwrap_or(0),
                error: r.try_get(5)?,
                error_field_title: r.try_get(6)?,
                error_description: r.try_get(7)?,
            })
        })
        .collect()
}

/// A stored record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRow {
    /// `MA_TRA_CUU_UUID`.
    pub ma_tra_cuu_uuid: String,
    /// The submission it came in.
    pub messageid: String,
    /// Its place in that submission.
    pub item_index: i64,
    /// `MA_TRUONG`.
    pub ma_truong: String,
    /// `MA_HOC_SINH`.
    pub ma_hoc_sinh: String,
    /// `SO_CCCD`.
    pub so_cccd: String,
    /// `HO_VA_TEN`.
    pub ho_va_ten: String,
    /// `NGAY_SINH`, as written in the record.
    pub ngay_sinh: String,
    /// `NAM_HOC` / `TEN_NAM_HOC`.
    pub nam_hoc: String,
    /// The record's exact bytes as received (the `HOC_BA` element).
    pub signed_xml: Vec<u8>,
    /// SHA-256 hex of `signed_xml`.
    pub sha256: String,
    /// Fingerprint of the KY_PHAT_HANH certificate.
    pub seal_fingerprint: String,
    /// `issued` or `recalled`.
    pub state: String,
    /// The recalled record this one replaces.
    pub replaces_uuid: Option<String>,
    /// The record that replaced this one.
    pub replaced_by_uuid: Option<String>,
    /// When the recall was approved.
    pub recalled_at: Option<i64>,
    /// Unix seconds.
    pub received_at: i64,
}

const RECORD_COLUMNS: &str = "SELECT ma_tra_cuu_uuid, messageid, item_index, ma_truong, \
    ma_hoc_sinh, so_cccd, ho_va_ten, ngay_sinh, nam_hoc, signed_xml, sha256, seal_fingerprint, \
    state, replaces_uuid, replaced_by_uuid, recalled_at, received_at FROM records";

fn record(r: &AnyRow) -> R<RecordRow> {
    Ok(RecordRow {
        ma_tra_cuu_uuid: r.try_get(0)?,
        messageid: r.try_get(1)?,
        item_index: r.try_get(2)?,
        ma_truong: r.try_get(3)?,
        ma_hoc_sinh: r.try_get(4)?,
        so_cccd: r.try_get(5)?,
        ho_va_ten: r.try_get(6)?,
        ngay_sinh: r.try_get(7)?,
        nam_hoc: r.try_get(8)?,
        signed_xml: r.try_get(9)?,
        sha256: r.try_get(10)?,
        seal_fingerprint: r.try_get(11)?,
        state: r.try_get(12)?,
        replaces_uuid: r.try_get(13)?,
        replaced_by_uuid: r.try_get(14)?,
        recalled_at: r.try_get(15)?,
        received_at: r.try_get(16)?,
    })
}

/// Stores an accepted record.
pub async fn insert_record<'e, E: Executor<'e, Database = Any>>(e: E, r: &RecordRow) -> R<()> {
    sqlx::query(
        "INSERT INTO records (ma_tra_cuu_uuid, messageid, item_index, ma_truong, ma_hoc_sinh, \
         so_cccd, ho_va_ten, ngay_sinh, nam_hoc, signed_xml, sha256, seal_fingerprint, state, \
         replaces_uuid, replaced_by_uuid, recalled_at, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&r.ma_tra_cuu_uuid)
    .bind(&r.messageid)
    .bind(r.item_index)
    .bind(&r.ma_truong)
    .bind(&r.ma_hoc_sinh)
    .bind(&r.so_cccd)
    .bind(&r.ho_va_ten)
    .bind(&r.ngay_sinh)
    .bind(&r.nam_hoc)
    .bind(&r.signed_xml)
    .bind(&r.sha256)
    .bind(&r.seal_fingerprint)
    .bind(&r.state)
    .bind(r.replaces_uuid.as_deref())
    .bind(r.replaced_by_uuid.as_deref())
    .bind(r.recalled_at)
    .bind(r.received_at)
    .execute(e)
    .await?;
    Ok(())
}

/// The record with lookup code `uuid`.
pub async fn record_by_uuid<'e, E: Executor<'e, Database = Any>>(
    e: E,
    uuid: &str,
) -> R<Option<RecordRow>> {
    sqlx::query(&format!("{RECORD_COLUMNS} WHERE ma_tra_cuu_uuid = $1"))
        .bind(uuid)
        .fetch_optional(e)
        .await?
        .as_ref()
        .map(record)
        .transpose()
}

/// The records of one pupil of one school in one school year (the recall and replacement
/// chain lives among them). The pupil is whoever has the personal ID `so_cccd` (ADR 0093's
/// identity: both are always present in a stored record) or the pupil code `ma_hoc_sinh` (a
/// code names one pupil in the sector's database): a record that changes either one of a
/// pupil's identifiers still finds her earlier records (ADR 0235).
pub async fn records_of_pupil_year<'e, E: Executor<'e, Database = Any>>(
    e: E,
    ma_truong: &str,
    so_cccd: &str,
    ma_hoc_sinh: &str,
    nam_hoc: &str,
) -> R<Vec<RecordRow>> {
    sqlx::query(&format!(
        "{RECORD_COLUMNS} WHERE ma_truong = $1 AND nam_hoc = $2 \
         AND (so_cccd = $3 OR ma_hoc_sinh = $4) \
         ORDER BY received_at, ma_tra_cuu_uuid"
    ))
    .bind(ma_truong)
    .bind(nam_hoc)
    .bind(so_cccd)
    .bind(ma_hoc_sinh)
    .fetch_all(e)
    .await?
    .iter()
    .map(record)
    .collect()
}

/// The records of a person (by personal ID), every school and year: what a receiving school
/// sees of a transferring pupil.
pub async fn records_by_cccd<'e, E: Executor<'e, Database = Any>>(
    e: E,
    so_cccd: &str,
) -> R<Vec<RecordRow>> {
    sqlx::query(&format!(
        "{RECORD_COLUMNS} WHERE so_cccd = $1 ORDER BY nam_hoc, received_at"
    ))
    .bind(so_cccd)
    .fetch_all(e)
    .await?
    .iter()
    .map(record)
    .collect()
}

/// Links a recalled record to the record that replaces it.
pub async fn set_replaced_by<'e, E: Executor<'e, Database = Any>>(
    e: E,
    old_uuid: &str,
    new_uuid: &str,
) -> R<()> {
    sqlx::query(
        "UPDATE records SET replaced_by_uuid = $1 WHERE ma_tra_cuu_uuid = $2 \
         AND replaced_by_uuid IS NULL",
    )
    .bind(new_uuid)
    .bind(old_uuid)
    .execute(e)
    .await?;
    Ok(())
}

/// Marks a record recalled (it stays stored).
pub async fn mark_recalled<'e, E: Executor<'e, Database = Any>>(
    e: E,
    uuid: &str,
    at: i64,
) -> R<u64> {
    Ok(sqlx::query(
        "UPDATE records SET state = 'recalled', recalled_at = $1 WHERE ma_tra_cuu_uuid = $2 \
         AND state = 'issued'",
    )
    .bind(at)
    .bind(uuid)
    .execute(e)
    .await?
    .rows_affected())
}

/// A registered certificate.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CertificateRow {
    /// SHA-256 hex of the leaf DER.
    pub fingerprint: String,
    /// The unit that registered it.
    pub ma_don_vi: String,
    /// The registration's `messageid`.
    pub messageid: String,
    /// `serial_number`.
    pub serial_number: String,
    /// `ngay_hieu_luc`.
    pub ngay_hieu_luc: String,
    /// `ma_kieu_chu_ky`.
    pub ma_kieu_chu_ky: String,
    /// `nha_phat_hanh`.
    pub nha_phat_hanh: String,
    /// The chain, each certificate's DER prefixed with its 4-byte big-endian length.
    #[serde(skip)]
    pub chain_der: Vec<u8>,
    /// `pending`, `approved`, `refused`.
    pub state: String,
    /// The operator who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
    /// At the national store: the province whose approval it records (ADR 0201); `None` for a
    /// certificate registered with and approved by this store's own operator.
    pub approved_by_unit: Option<String>,
    /// At the national store: the province's signed transaction that forwarded the approval
    /// (JSON), kept so the approval can be checked again.
    #[serde(skip)]
    pub approval_evidence: Option<String>,
}

const CERT_COLUMNS: &str = "SELECT fingerprint, ma_don_vi, messageid, serial_number, \
    ngay_hieu_luc, ma_kieu_chu_ky, nha_phat_hanh, chain_der, state, decided_by, decided_at, \
    created_at, approved_by_unit, approval_evidence FROM certificates";

fn certificate(r: &AnyRow) -> R<CertificateRow> {
    Ok(CertificateRow {
        fingerprint: r.try_get(0)?,
        ma_don_vi: r.try_get(1)?,
        messageid: r.try_get(2)?,
        serial_number: r.try_get(3)?,
        ngay_hieu_luc: r.try_get(4)?,
        ma_kieu_chu_ky: r.try_get(5)?,
        nha_phat_hanh: r.try_get(6)?,
        chain_der: r.try_get(7)?,
        state: r.try_get(8)?,
        decided_by: r.try_get(9)?,
        decided_at: r.try_get(10)?,
        created_at: r.try_get(11)?,
        approved_by_unit: r.try_get(12)?,
        approval_evidence: r.try_get(13)?,
    })
}

/// Packs a chain into one column.
pub fn chain_to_blob(chain: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in chain {
        out.extend_from_slice(&(c.len() as u32).to_be_bytes());
        out.extend_from_slice(c);
    }
    out
}

/// Unpacks [`chain_to_blob`].
pub fn chain_from_blob(mut blob: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while let Some((len, rest)) = blob.split_first_chunk::<4>() {
        let len = u32::from_be_bytes(*len) as usize;
        if rest.len() < len {
            break;
        }
        out.push(rest[..len].to_vec());
        blob = &rest[len..];
    }
    out
}

/// Stores a registration (pending).
pub async fn insert_certificate<'e, E: Executor<'e, Database = Any>>(
    e: E,
    c: &CertificateRow,
) -> R<()> {
    sqlx::query(
        "INSERT INTO certificates (fingerprint, ma_don_vi, messageid, serial_number, \
         ngay_hieu_luc, ma_kieu_chu_ky, nha_phat_hanh, chain_der, state, decided_by, \
         decided_at, created_at, approved_by_unit, approval_evidence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(&c.fingerprint)
    .bind(&c.ma_don_vi)
    .bind(&c.messageid)
    .bind(&c.serial_number)
    .bind(&c.ngay_hieu_luc)
    .bind(&c.ma_kieu_chu_ky)
    .bind(&c.nha_phat_hanh)
    .bind(&c.chain_der)
    .bind(&c.state)
    .bind(c.decided_by.as_deref())
    .bind(c.decided_at)
    .bind(c.created_at)
    .bind(c.approved_by_unit.as_deref())
    .bind(c.approval_evidence.as_deref())
    .execute(e)
    .await?;
    Ok(())
}

/// The certificate with this fingerprint.
pub async fn certificate_by_fingerprint<'e, E: Executor<'e, Database = Any>>(
    e: E,
    fingerprint: &str,
) -> R<Option<CertificateRow>> {
    sqlx::query(&format!("{CERT_COLUMNS} WHERE fingerprint = $1"))
        .bind(fingerprint)
        .fetch_optional(e)
        .await?
        .as_ref()
        .map(certificate)
        .transpose()
}

/// The certificates registered by transaction `messageid`, or in state `state`.
pub async fn certificates_where<'e, E: Executor<'e, Database = Any>>(
    e: E,
    column: CertFilter,
    value: &str,
) -> R<Vec<CertificateRow>> {
    let col = match column {
        CertFilter::MessageId => "messageid",
        CertFilter::State => "state",
        CertFilter::Unit => "ma_don_vi",
    };
    sqlx::query(&format!(
        "{CERT_COLUMNS} WHERE {col} = $1 ORDER BY created_at"
    ))
    .bind(value)
    .fetch_all(e)
    .await?
    .iter()
    .map(certificate)
    .collect()
}

/// The province a school belongs to at the national store: the national operator's assignment
/// when there is one (ADR 0225), else the unit that approved its first certificate recorded as a
/// province's approval (`approved_by_unit`, ADR 0202). Every approval recorded later for that
/// school must come from the same province.
pub async fn school_province<'e, E: Executor<'e, Database = Any>>(
    e: E,
    school: &str,
) -> R<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT province FROM (\
         SELECT province, 0 AS o, 0 AS created_at, '' AS fingerprint FROM school_provinces \
         WHERE ma_truong = $1 \
         UNION ALL SELECT approved_by_unit, 1, created_at, fingerprint FROM certificates \
         WHERE ma_don_vi = $2 AND state = 'approved' AND approved_by_unit IS NOT NULL\
         ) AS p ORDER BY o, created_at, fingerprint LIMIT 1",
    )
    .bind(school)
    .bind(school)
    .fetch_optional(e)
    .await?)
}

/// Sets the province a school belongs to at the national store (the national operator's
/// decision, ADR 0225), replacing an earlier assignment.
pub async fn assign_school_province<'e, E: Executor<'e, Database = Any>>(
    e: E,
    school: &str,
    province: &str,
    by: &str,
    at: i64,
) -> R<()> {
    sqlx::query(
        "INSERT INTO school_provinces (ma_truong, province, assigned_by, assigned_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (ma_truong) DO UPDATE SET \
         province = excluded.province, assigned_by = excluded.assigned_by, \
         assigned_at = excluded.assigned_at",
    )
    .bind(school)
    .bind(province)
    .bind(by)
    .bind(at)
    .execute(e)
    .await?;
    Ok(())
}

/// Withdraws the approvals recorded for `school`'s certificates by a province other than
/// `province` (ADR 0225): their `approved_by_unit` and `approval_evidence` are cleared, so they
/// vouch for no province's record until `province` forwards its own approval. Returns the rows
/// as they were (for the audit log), oldest first.
pub async fn withdraw_other_provinces_approvals(
    c: &mut sqlx::AnyConnection,
    school: &str,
    province: &str,
) -> R<Vec<CertificateRow>> {
    let rows: Vec<CertificateRow> = sqlx::query(&format!(
        "{CERT_COLUMNS} WHERE ma_don_vi = $1 AND approved_by_unit IS NOT NULL \
         AND approved_by_unit <> $2 ORDER BY created_at, fingerprint"
    ))
    .bind(school)
    .bind(province)
    .fetch_all(&mut *c)
    .await?
    .iter()
    .map(certificate)
    .collect::<R<_>>()?;
    sqlx::query(
        "UPDATE certificates SET approved_by_unit = NULL, approval_evidence = NULL \
         WHERE ma_don_vi = $1 AND approved_by_unit IS NOT NULL AND approved_by_unit <> $2",
    )
    .bind(school)
    .bind(province)
    .execute(&mut *c)
    .await?;
    Ok(rows)
}

/// Records `province` as the approver of a certificate the national store already holds
/// approved for its school with no province's approval (its own operator's, ADR 0202), with the
/// province's signed transaction as evidence; returns whether it did.
pub async fn adopt_certificate_approval<'e, E: Executor<'e, Database = Any>>(
    e: E,
    fingerprint: &str,
    province: &str,
    evidence: &str,
) -> R<bool> {
    Ok(sqlx::query(
        "UPDATE certificates SET approved_by_unit = $1, approval_evidence = $2 \
         WHERE fingerprint = $3 AND state = 'approved' AND approved_by_unit IS NULL",
    )
    .bind(province)
    .bind(evidence)
    .bind(fingerprint)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The column [`certificates_where`] filters on (a fixed set: never a caller's text in SQL).
#[derive(Clone, Copy, Debug)]
pub enum CertFilter {
    /// By registration `messageid`.
    MessageId,
    /// By state.
    State,
    /// By unit.
    Unit,
}

/// Approves or refuses a pending registration; returns whether one was pending.
pub async fn decide_certificate<'e, E: Executor<'e, Database = Any>>(
    e: E,
    fingerprint: &str,
    state: &str,
    by: &str,
    at: i64,
) -> R<bool> {
    Ok(sqlx::query(
        "UPDATE certificates SET state = $1, decided_by = $2, decided_at = $3 \
         WHERE fingerprint = $4 AND state = 'pending'",
    )
    .bind(state)
    .bind(by)
    .bind(at)
    .bind(fingerprint)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// One recall entry.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RecallRow {
    /// The recall request.
    pub messageid: String,
    /// The entry's place in it.
    pub item_index: i64,
    /// The record to recall.
    pub ma_tra_cuu_uuid: String,
    /// The school asking.
    pub ma_don_vi: String,
    /// 1 pending, 2 accepted, 3 refused.
    pub state: i64,
    /// The operator who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
}

/// Stores a recall entry.
pub async fn insert_recall<'e, E: Executor<'e, Database = Any>>(e: E, r: &RecallRow) -> R<()> {
    sqlx::query(
        "INSERT INTO recalls (messageid, item_index, ma_tra_cuu_uuid, ma_don_vi, state, \
         decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&r.messageid)
    .bind(r.item_index)
    .bind(&r.ma_tra_cuu_uuid)
    .bind(&r.ma_don_vi)
    .bind(r.state)
    .bind(r.decided_by.as_deref())
    .bind(r.decided_at)
    .execute(e)
    .await?;
    Ok(())
}

const RECALL_COLUMNS: &str = "SELECT messageid, item_index, ma_tra_cuu_uuid, ma_don_vi, state, \
    decided_by, decided_at FROM recalls";

fn recall(r: &AnyRow) -> R<RecallRow> {
    Ok(RecallRow {
        messageid: r.try_get(0)?,
        item_index: r.try_get(1)?,
        ma_tra_cuu_uuid: r.try_get(2)?,
        ma_don_vi: r.try_get(3)?,
        state: r.try_get(4)?,
        decided_by: r.try_get(5)?,
        decided_at: r.try_get(6)?,
    })
}

/// The entries of recall request `messageid`.
pub async fn recalls_of_message<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
) -> R<Vec<RecallRow>> {
    sqlx::query(&format!(
        "{RECALL_COLUMNS} WHERE messageid = $1 ORDER BY item_index"
    ))
    .bind(messageid)
    .fetch_all(e)
    .await?
    .iter()
    .map(recall)
    .collect()
}

/// The recall entries in `state` (1 pending …), oldest first.
pub async fn recalls_in_state<'e, E: Executor<'e, Database = Any>>(
    e: E,
    state: i64,
) -> R<Vec<RecallRow>> {
    sqlx::query(&format!(
        "{RECALL_COLUMNS} WHERE state = $1 ORDER BY messageid, item_index"
    ))
    .bind(state)
    .fetch_all(e)
    .await?
    .iter()
    .map(recall)
    .collect()
}

/// Whether a pending recall names `uuid`.
pub async fn pending_recall_exists<'e, E: Executor<'e, Database = Any>>(
    e: E,
    uuid: &str,
) -> R<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM recalls WHERE ma_tra_cuu_uuid = $1 AND state = 1")
            .bind(uuid)
            .fetch_one(e)
            .await?;
    Ok(n > 0)
}

/// Decides a pending entry; returns whether it was pending.
pub async fn decide_recall<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
    index: i64,
    state: i64,
    by: &str,
    at: i64,
) -> R<bool> {
    Ok(sqlx::query(
        "UPDATE recalls SET state = $1, decided_by = $2, decided_at = $3 \
         WHERE messageid = $4 AND item_index = $5 AND state = 1",
    )
    .bind(state)
    .bind(by)
    .bind(at)
    .bind(messageid)
    .bind(index)
    .execute(e)
    .await?
    .rows_affected()
        == 1)
}

/// The recall status items of request `messageid`, with the replacing record when there is one.
pub async fn recall_statuses<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
) -> R<Vec<RecallStatus>> {
    let rows = sqlx::query(
        "SELECT r.ma_tra_cuu_uuid, r.state, d.replaced_by_uuid FROM recalls r \
         LEFT JOIN records d ON d.ma_tra_cuu_uuid = r.ma_tra_cuu_uuid \
         WHERE r.messageid = $1 ORDER BY r.item_index",
    )
    .bind(messageid)
    .fetch_all(e)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(RecallStatus {
                ma_tra_cuu_uuid: r.try_get(0)?,
                trang_thai: u8::try_from(r.try_get::<i64, _>(1)?).unwrap_or(0),
                ma_tra_cuu_uuid_moi: r.try_get(2)?,
            })
        })
        .collect()
}

/// Counts of what the store holds (the `/healthz` page and tests).
pub async fn count<'e, E: Executor<'e, Database = Any>>(e: E, table: Counted) -> R<i64> {
    let sql = match table {
        Counted::Records => "SELECT count(*) FROM records",
        Counted::Transactions => "SELECT count(*) FROM transactions",
        Counted::Items => "SELECT count(*) FROM submission_items",
        Counted::Audit => "SELECT count(*) FROM audit_log",
    };
    Ok(sqlx::query_scalar(sql).fetch_one(e).await?)
}

/// What [`count`] counts.
#[derive(Clone, Copy, Debug)]
pub enum Counted {
    /// Stored records.
    Records,
    /// Received transactions.
    Transactions,
    /// Record statuses.
    Items,
    /// Audit entries.
    Audit,
}

/// The delivery state of one entry of the province's outboxes to the national store, the same
/// columns in each (`forward_queue`, `forward_recalls`, `forward_certificates`): read by one
/// reader (`delivery`), written by [`update_delivery`], shown flat in the operator's view.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    /// The `messageid` the entry is forwarded under (fixed, so a resend is idempotent upstream).
    pub upstream_messageid: String,
    /// `pending`, `sent` or `failed` (refused upstream; the operator looks).
    pub state: String,
    /// Attempts so far.
    pub attempts: i64,
    /// Unix seconds of the next attempt.
    pub next_attempt_at: i64,
    /// The last upstream code (`ok`, a refusal, `unreachable`).
    pub last_code: Option<String>,
    /// Unix seconds.
    pub updated_at: i64,
}

/// The [`Delivery`] columns of an outbox aliased `f`, in [`delivery`]'s order.
pub(super) const DELIVERY_COLUMNS: &str =
    "f.upstream_messageid, f.state, f.attempts, f.next_attempt_at, f.last_code, f.updated_at";

/// The delivery state of a new entry: pending, no attempt, due at `$now` (the placeholder
/// named), for an `INSERT` listing the [`Delivery`] columns after `upstream_messageid`.
pub(super) fn new_delivery(now: &str) -> String {
    format!("'pending', 0, {now}, NULL, {now}")
}

/// Reads the [`Delivery`] columns of a row, starting at column `first`.
pub(super) fn delivery(r: &AnyRow, first: usize) -> R<Delivery> {
    Ok(Delivery {
        upstream_messageid: r.try_get(first)?,
        state: r.try_get(first + 1)?,
        attempts: r.try_get(first + 2)?,
        next_attempt_at: r.try_get(first + 3)?,
        last_code: r.try_get(first + 4)?,
        updated_at: r.try_get(first + 5)?,
    })
}

/// One submission in the province's outbox.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ForwardRow {
    /// The submission received from the school.
    pub messageid: String,
    /// Its delivery (`upstream_messageid`: ADR 0229's `fwd2.s.…`, or an older entry's `fwd-` +
    /// `messageid`).
    #[serde(flatten)]
    pub delivery: Delivery,
}

fn forward_columns() -> String {
    format!("SELECT f.messageid, {DELIVERY_COLUMNS} FROM forward_queue f")
}

fn forward(r: &AnyRow) -> R<ForwardRow> {
    Ok(ForwardRow {
        messageid: r.try_get(0)?,
        delivery: delivery(r, 1)?,
    })
}

/// Queues a submission for forwarding.
pub async fn enqueue_forward<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
    upstream_messageid: &str,
    now: i64,
) -> R<()> {
    sqlx::query(&format!(
        "INSERT INTO forward_queue (messageid, upstream_messageid, state, attempts, \
         next_attempt_at, last_code, updated_at) VALUES ($1, $2, {})",
        new_delivery("$3")
    ))
    .bind(messageid)
    .bind(upstream_messageid)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// Pending submissions due at `now`, oldest first.
pub async fn due_forwards<'e, E: Executor<'e, Database = Any>>(
    e: E,
    now: i64,
    limit: i64,
) -> R<Vec<ForwardRow>> {
    sqlx::query(&format!(
        "{} WHERE f.state = 'pending' AND f.next_attempt_at <= $1 \
         ORDER BY f.next_attempt_at, f.messageid LIMIT $2",
        forward_columns()
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(e)
    .await?
    .iter()
    .map(forward)
    .collect()
}

/// Every outbox row, newest first (the operator's view).
pub async fn forwards<'e, E: Executor<'e, Database = Any>>(e: E) -> R<Vec<ForwardRow>> {
    sqlx::query(&format!(
        "{} ORDER BY f.updated_at DESC, f.messageid",
        forward_columns()
    ))
    .fetch_all(e)
    .await?
    .iter()
    .map(forward)
    .collect()
}

/// An entry of one of the province's outboxes (submissions, recalls, certificate approvals),
/// by its key.
#[derive(Clone, Copy, Debug)]
pub enum OutboxEntry<'a> {
    /// A school's submission, by its `messageid`.
    Submission(&'a str),
    /// Entry `index` of a school's recall request `messageid`.
    Recall(&'a str, i64),
    /// An approved certificate, by its fingerprint.
    Certificate(&'a str),
    /// The operator's re-send of rejected records, by its id (ADR 0230).
    Resend(&'a str),
}

/// Records the outcome of one attempt to forward `entry`: its state, when to try again, the
/// upstream code; one more attempt counted.
pub async fn update_delivery<'e, E: Executor<'e, Database = Any>>(
    e: E,
    entry: OutboxEntry<'_>,
    state: &str,
    next_attempt_at: i64,
    last_code: &str,
    now: i64,
) -> R<()> {
    let (table, key) = match entry {
        OutboxEntry::Submission(_) => ("forward_queue", "messageid = $5"),
        OutboxEntry::Recall(..) => ("forward_recalls", "messageid = $5 AND item_index = $6"),
        OutboxEntry::Certificate(_) => ("forward_certificates", "fingerprint = $5"),
        OutboxEntry::Resend(_) => ("forward_resends", "id = $5"),
    };
    let sql = format!(
        "UPDATE {table} SET state = $1, attempts = attempts + 1, next_attempt_at = $2, \
         last_code = $3, updated_at = $4 WHERE {key}"
    );
    let q = sqlx::query(&sql)
        .bind(state)
        .bind(next_attempt_at)
        .bind(last_code)
        .bind(now);
    let q = match entry {
        OutboxEntry::Submission(id) | OutboxEntry::Certificate(id) | OutboxEntry::Resend(id) => {
            q.bind(id)
        }
        OutboxEntry::Recall(id, index) => q.bind(id).bind(index),
    };
    q.execute(e).await?;
    Ok(())
}

/// One approved recall in the province's outbox.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ForwardRecallRow {
    /// The school's recall request.
    pub messageid: String,
    /// The entry's place in it.
    pub item_index: i64,
    /// The recalled record.
    pub ma_tra_cuu_uuid: String,
    /// Its delivery (`upstream_messageid`: ADR 0229's `fwd2.r.…`, or an older entry's `fwd-` +
    /// `messageid` + `-` + `item_index`).
    #[serde(flatten)]
    pub delivery: Delivery,
}

fn forward_recall_columns() -> String {
    format!(
        "SELECT f.messageid, f.item_index, f.ma_tra_cuu_uuid, {DELIVERY_COLUMNS} \
         FROM forward_recalls f"
    )
}

fn forward_recall(r: &AnyRow) -> R<ForwardRecallRow> {
    Ok(ForwardRecallRow {
        messageid: r.try_get(0)?,
        item_index: r.try_get(1)?,
        ma_tra_cuu_uuid: r.try_get(2)?,
        delivery: delivery(r, 3)?,
    })
}

/// Queues an approved recall for forwarding.
pub async fn enqueue_forward_recall<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
    item_index: i64,
    uuid: &str,
    upstream_messageid: &str,
    now: i64,
) -> R<()> {
    sqlx::query(&format!(
        "INSERT INTO forward_recalls (messageid, item_index, ma_tra_cuu_uuid, upstream_messageid, \
         state, attempts, next_attempt_at, last_code, updated_at) VALUES ($1, $2, $3, $4, {})",
        new_delivery("$5")
    ))
    .bind(messageid)
    .bind(item_index)
    .bind(uuid)
    .bind(upstream_messageid)
    .bind(now)
    .execute(e)
    .await?;
    Ok(())
}

/// Pending recalls due at `now` whose record's submission was delivered upstream (a recall of a
/// record the national store does not hold yet would be refused there), oldest first.
pub async fn due_forward_recalls<'e, E: Executor<'e, Database = Any>>(
    e: E,
    now: i64,
    limit: i64,
) -> R<Vec<ForwardRecallRow>> {
    sqlx::query(&format!(
        "{} JOIN records r ON r.ma_tra_cuu_uuid = f.ma_tra_cuu_uuid \
         JOIN forward_queue q ON q.messageid = r.messageid \
         WHERE f.state = 'pending' AND f.next_attempt_at <= $1 AND q.state = 'sent' \
         ORDER BY f.next_attempt_at, f.messageid, f.item_index LIMIT $2",
        forward_recall_columns()
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(e)
    .await?
    .iter()
    .map(forward_recall)
    .collect()
}

/// Every recall in the outbox, newest first (the operator's view).
pub async fn forward_recalls<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> R<Vec<ForwardRecallRow>> {
    sqlx::query(&format!(
        "{} ORDER BY f.updated_at DESC, f.messageid, f.item_index",
        forward_recall_columns()
    ))
    .fetch_all(e)
    .await?
    .iter()
    .map(forward_recall)
    .collect()
}

/// The exact bytes of the records accepted in submission `messageid`, in order.
pub async fn accepted_bytes<'e, E: Executor<'e, Database = Any>>(
    e: E,
    messageid: &str,
) -> R<Vec<Vec<u8>>> {
    Ok(sqlx::query_scalar(
        "SELECT signed_xml FROM records WHERE messageid = $1 ORDER BY item_index",
    )
    .bind(messageid)
    .fetch_all(e)
    .await?)
}

/// One approved school certificate in the province's outbox (ADR 0201).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ForwardCertificateRow {
    /// The certificate (SHA-256 of its leaf).
    pub fingerprint: String,
    /// Its delivery (`upstream_messageid`: ADR 0229's `fwd2.c.…`, or an older entry's `fwd-cert-`
    /// + the fingerprint's first 32 digits).
    #[serde(flatten)]
    pub delivery: Delivery,
}

fn forward_certificate_columns() -> String {
    format!("SELECT f.fingerprint, {DELIVERY_COLUMNS} FROM forward_certificates f")
}

fn forward_certificate(r: &AnyRow) -> R<ForwardCertificateRow> {
    Ok(ForwardCertificateRow {
        fingerprint: r.try_get(0)?,
        delivery: delivery(r, 1)?,
    })
}

/// Queues every approved certificate of a school that is not queued yet, under the upstream
/// `messageid` `upstream_id` gives for its fingerprint (ADR 0229); returns how many.
pub async fn enqueue_approved_certificates(
    c: &mut sqlx::AnyConnection,
    now: i64,
    upstream_id: impl Fn(&str) -> String,
) -> R<u64> {
    let fingerprints: Vec<String> = sqlx::query_scalar(
        "SELECT c.fingerprint FROM certificates c JOIN units u ON u.ma_don_vi = c.ma_don_vi \
         WHERE c.state = 'approved' AND u.kind = 'school' AND NOT EXISTS \
         (SELECT 1 FROM forward_certificates f WHERE f.fingerprint = c.fingerprint) \
         ORDER BY c.fingerprint",
    )
    .fetch_all(&mut *c)
    .await?;
    for fingerprint in &fingerprints {
        sqlx::query(&format!(
            "INSERT INTO forward_certificates (fingerprint, upstream_messageid, state, attempts, \
             next_attempt_at, last_code, updated_at) VALUES ($1, $2, {})",
            new_delivery("$3")
        ))
        .bind(fingerprint)
        .bind(upstream_id(fingerprint))
        .bind(now)
        .execute(&mut *c)
        .await?;
    }
    Ok(fingerprints.len() as u64)
}

/// The submissions with accepted records that are in no outbox entry, oldest first: accepted
/// while the province ran without forwarding (ADR 0255, `forward::catch_up`). With forwarding
/// on, a submission is queued in the transaction that stores it.
pub async fn unforwarded_submissions<'e, E: Executor<'e, Database = Any>>(e: E) -> R<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT t.messageid FROM transactions t WHERE t.kind = 1 \
         AND EXISTS (SELECT 1 FROM records r WHERE r.messageid = t.messageid) \
         AND NOT EXISTS (SELECT 1 FROM forward_queue f WHERE f.messageid = t.messageid) \
         ORDER BY t.received_at, t.messageid",
    )
    .fetch_all(e)
    .await?)
}

/// The approved recall entries (`messageid`, `item_index`, `ma_tra_cuu_uuid`) that are in no
/// outbox entry, oldest first: approved while the province ran without forwarding.
pub async fn unforwarded_recalls<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> R<Vec<(String, i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT c.messageid, c.item_index, c.ma_tra_cuu_uuid FROM recalls c WHERE c.state = 2 \
         AND NOT EXISTS (SELECT 1 FROM forward_recalls f \
         WHERE f.messageid = c.messageid AND f.item_index = c.item_index) \
         ORDER BY c.decided_at, c.messageid, c.item_index",
    )
    .fetch_all(e)
    .await?)
}

/// Pending certificate approvals due at `now`, oldest first.
pub async fn due_forward_certificates<'e, E: Executor<'e, Database = Any>>(
    e: E,
    now: i64,
    limit: i64,
) -> R<Vec<ForwardCertificateRow>> {
    sqlx::query(&format!(
        "{} WHERE f.state = 'pending' AND f.next_attempt_at <= $1 \
         ORDER BY f.next_attempt_at, f.fingerprint LIMIT $2",
        forward_certificate_columns()
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(e)
    .await?
    .iter()
    .map(forward_certificate)
    .collect()
}

/// Every certificate approval in the outbox, newest first (the operator's view).
pub async fn forward_certificates<'e, E: Executor<'e, Database = Any>>(
    e: E,
) -> R<Vec<ForwardCertificateRow>> {
    sqlx::query(&format!(
        "{} ORDER BY f.updated_at DESC, f.fingerprint",
        forward_certificate_columns()
    ))
    .fetch_all(e)
    .await?
    .iter()
    .map(forward_certificate)
    .collect()
}

/// The unit's name, if it exists.
pub async fn unit_name<'e, E: Executor<'e, Database = Any>>(
    e: E,
    ma_don_vi: &str,
) -> R<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT ten FROM units WHERE ma_don_vi = $1")
            .bind(ma_don_vi)
            .fetch_optional(e)
            .await?,
    )
}
