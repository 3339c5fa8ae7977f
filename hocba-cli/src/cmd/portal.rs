//! `hocba submit`, `hocba status`, `hocba recall`: the school side of the CV 2088 transactions
//! with a receiving portal (`hocba-server` or any portal speaking the same JSON). Packing,
//! messages and the transaction signature are the core's (`hocba_core::exchange`).
//!
//! Exit codes: 0 the portal accepted the transaction, 1 it refused it (the code says why),
//! 2 the input could not be read or the portal could not be reached.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};
use hocba_core::envelope::{SigningKey, SystemRng};
use hocba_core::exchange::{
    Account, ExchangeError, Request, Response, TransactionSigner, TransactionType, recall_request,
    status_request, submit_request,
};
use serde_json::json;

use crate::input::read_file;
use crate::keys::{read_chain, read_key};
use crate::outln;
use crate::output::{Failure, Outcome, Ui, print_json};

/// Who talks to which portal.
#[derive(Debug, Args)]
pub struct PortalArgs {
    /// The portal's base URL, e.g. http://127.0.0.1:8080.
    #[arg(long, env = "HOCBA_PORTAL")]
    pub portal: String,
    /// `user_name` of the unit's account.
    #[arg(long, env = "HOCBA_PORTAL_USER")]
    pub user: String,
    /// The account's `token`.
    #[arg(long, env = "HOCBA_PORTAL_TOKEN", hide_env_values = true)]
    pub token: String,
    /// The account's password (sent as its SHA-256, as the specification says).
    #[arg(long, env = "HOCBA_PORTAL_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// `ma_don_vi`: the unit's code (the school's MA_TRUONG).
    #[arg(long, env = "HOCBA_PORTAL_UNIT")]
    pub unit: String,
    /// `nam_hoc`: the school year's first calendar year (default: the current school year).
    #[arg(long)]
    pub nam_hoc: Option<i32>,
}

/// The unit's organisation key and certificate that sign a transaction.
#[derive(Debug, Args)]
pub struct SignerArgs {
    /// The unit's private key (PKCS#8, PEM or DER) for the transaction `Signature`.
    #[arg(long)]
    pub key: PathBuf,
    /// Its certificate chain, leaf first (PEM bundle or DER files).
    #[arg(long = "cert", required = true)]
    pub certs: Vec<PathBuf>,
}

/// `hocba submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// Signed record files (national XML, one `HOC_BA` each).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub portal: PortalArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Send under this `messageid` (to resend after a lost reply); default: a new random one.
    #[arg(long)]
    pub message_id: Option<String>,
}

/// Which result `hocba status` asks for.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum StatusKind {
    /// Type 2: the issuing result of a submission.
    #[default]
    Submit,
    /// Type 4: a certificate registration.
    Certificate,
    /// Type 6: a recall request.
    Recall,
}

/// `hocba status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The `messageid` of the transaction asked about.
    pub message_id: String,
    #[command(flatten)]
    pub portal: PortalArgs,
    /// Which transaction it was.
    #[arg(long, value_enum, default_value_t = StatusKind::Submit)]
    pub kind: StatusKind,
}

/// `hocba recall`.
#[derive(Debug, Args)]
pub struct RecallArgs {
    /// The record files to recall (as submitted): their identifying fields are sent.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub portal: PortalArgs,
    #[command(flatten)]
    pub signer: SignerArgs,
    /// Send under this `messageid`; default: a new random one.
    #[arg(long)]
    pub message_id: Option<String>,
}

fn new_message_id(ui: Ui) -> Result<String, Failure> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| {
        Failure::unreadable(
            "random_unavailable",
            format!(
                "{}: {e}",
                ui.t("Không lấy được số ngẫu nhiên", "No randomness")
            ),
        )
    })?;
    Ok(hocba_core::exchange::message_id(b))
}

fn current_school_year() -> i32 {
    let t = crate::keys::time_arg(
        None,
        Ui {
            lang: hocba_core::Lang::Vi,
            json: false,
        },
    )
    .ok()
    .and_then(|t| t.to_offset_date_time());
    // A school year starts in August or September (TT27 calendar): before August it is still
    // the year that began the previous calendar year.
    t.map_or(2025, |d| {
        if u8::from(d.month()) >= 8 {
            d.year()
        } else {
            d.year() - 1
        }
    })
}

fn account(p: &PortalArgs) -> Account {
    Account {
        token: p.token.clone(),
        user_name: p.user.clone(),
        password: p.password.clone(),
        unit: p.unit.clone(),
        school_year: p.nam_hoc.unwrap_or_else(current_school_year),
    }
}

fn core_failure(e: impl Into<hocba_core::Error>, ui: Ui) -> Failure {
    Failure::from_core(&e.into(), ui)
}

/// Builds and signs a transaction that carries the records of `files` (submit or recall) with
/// the unit's key. A file that is not a record is named by its path (the core counts from 1).
fn signed(
    s: &SignerArgs,
    files: &[PathBuf],
    build: impl FnOnce(TransactionSigner<'_>) -> Result<Request, hocba_core::Error>,
    ui: Ui,
) -> Result<Request, Failure> {
    let key =
        SigningKey::from_pkcs8(&read_key(&s.key, ui)?, None).map_err(|e| core_failure(e, ui))?;
    let chain = read_chain(&s.certs, ui)?;
    build(TransactionSigner {
        key: &key,
        chain: &chain,
    })
    .map_err(|e| {
        let file = match &e {
            hocba_core::Error::Exchange(ExchangeError::NotARecord { number }) => {
                number.checked_sub(1).and_then(|i| files.get(i))
            }
            _ => None,
        };
        let mut f = core_failure(e, ui);
        if let Some(path) = file {
            f.message = format!("{}: {}", path.display(), f.message);
        }
        f
    })
}

/// Sends one transaction and reads the portal's reply.
fn send(portal: &str, req: &Request, ui: Ui) -> Result<(u16, Response), Failure> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(600)))
        .build()
        .into();
    let url = format!("{}/api/v1/giao-dich", portal.trim_end_matches('/'));
    let unreachable = |e: String| {
        Failure::unreadable(
            "portal_unreachable",
            format!(
                "{} {url}: {e}",
                ui.t("Không kết nối được cổng", "Cannot reach the portal")
            ),
        )
    };
    let body = serde_json::to_vec(req).map_err(|e| unreachable(e.to_string()))?;
    let mut res = agent
        .post(&url)
        .header("content-type", "application/json")
        .send(&body[..])
        .map_err(|e| unreachable(e.to_string()))?;
    let status = res.status().as_u16();
    let text = res
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_string()
        .map_err(|e| unreachable(e.to_string()))?;
    let resp = Response::from_json(text.as_bytes(), status).map_err(|e| core_failure(e, ui))?;
    Ok((status, resp))
}

/// Prints the reply and gives the exit code: 0 accepted, 1 refused.
fn report(ui: Ui, status: u16, resp: &Response) -> Outcome {
    if ui.json {
        let mut v = serde_json::to_value(resp).unwrap_or_default();
        v["http_status"] = json!(status);
        v["ok"] = json!(!resp.error);
        print_json(&v);
    } else {
        outln!("messageid: {}", resp.message_id);
        let description = match ui.lang {
            hocba_core::Lang::Vi => &resp.response_description,
            hocba_core::Lang::En => &resp.response_description_en,
        };
        outln!("{} [{}]", description, resp.response_code);
        for item in resp.danh_sach_hoc_ba.iter().flatten() {
            // The pupil's name and ID are the school's own data, shown to the school that
            // sent them; the lookup code identifies the record.
            let state = if item.trang_thai == 1 {
                ui.t("chấp nhận", "accepted")
            } else {
                ui.t("từ chối", "rejected")
            };
            match &item.error {
                None => outln!("  {} {}: {state}", item.ma_tra_cuu_uuid, item.ma_hoc_sinh),
                Some(code) => outln!(
                    "  {} {}: {state} [{code}] {} {}",
                    item.ma_tra_cuu_uuid,
                    item.ma_hoc_sinh,
                    item.error_field_title.as_deref().unwrap_or(""),
                    item.error_description.as_deref().unwrap_or("")
                ),
            }
        }
        for c in resp.danh_sach_chung_thu_so.iter().flatten() {
            outln!(
                "  {} {}: {}",
                c.serial_number,
                c.nha_phat_hanh,
                c.trang_thai_chi_tiet
            );
        }
        for r in resp.danh_sach_thu_hoi.iter().flatten() {
            let state = match r.trang_thai {
                1 => ui.t("chờ duyệt", "pending"),
                2 => ui.t("đã thu hồi", "recalled"),
                _ => ui.t("bị từ chối", "refused"),
            };
            match &r.ma_tra_cuu_uuid_moi {
                Some(new) => outln!("  {}: {state} → {new}", r.ma_tra_cuu_uuid),
                None => outln!("  {}: {state}", r.ma_tra_cuu_uuid),
            }
        }
    }
    Ok(if resp.error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn read_records(files: &[PathBuf], ui: Ui) -> Result<Vec<Vec<u8>>, Failure> {
    files.iter().map(|p| read_file(p, ui)).collect()
}

fn message_id_or_new(given: Option<&String>, ui: Ui) -> Result<String, Failure> {
    given.map_or_else(|| new_message_id(ui), |m| Ok(m.clone()))
}

/// `hocba submit FILES... --portal URL`.
pub fn submit(a: &SubmitArgs, ui: Ui) -> Outcome {
    let files = read_records(&a.files, ui)?;
    let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let id = message_id_or_new(a.message_id.as_ref(), ui)?;
    let account = account(&a.portal);
    let req = signed(
        &a.signer,
        &a.files,
        |signer| submit_request(&account, &refs, &id, signer, &mut SystemRng),
        ui,
    )?;
    let (status, resp) = send(&a.portal.portal, &req, ui)?;
    report(ui, status, &resp)
}

/// `hocba status MESSAGEID --portal URL`.
pub fn status(a: &StatusArgs, ui: Ui) -> Outcome {
    let of = match a.kind {
        StatusKind::Submit => TransactionType::Submit,
        StatusKind::Certificate => TransactionType::RegisterCertificate,
        StatusKind::Recall => TransactionType::Recall,
    };
    let req =
        status_request(&account(&a.portal), of, &a.message_id).map_err(|e| core_failure(e, ui))?;
    let (status, resp) = send(&a.portal.portal, &req, ui)?;
    report(ui, status, &resp)
}

/// `hocba recall FILES... --portal URL`.
pub fn recall(a: &RecallArgs, ui: Ui) -> Outcome {
    let files = read_records(&a.files, ui)?;
    let refs: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
    let id = message_id_or_new(a.message_id.as_ref(), ui)?;
    let account = account(&a.portal);
    let req = signed(
        &a.signer,
        &a.files,
        |signer| recall_request(&account, &refs, &id, signer, &mut SystemRng),
        ui,
    )?;
    let (status, resp) = send(&a.portal.portal, &req, ui)?;
    report(ui, status, &resp)
}
