//! A portal started in-process on loopback, and a school client, for the integration tests.
//! SQLite always; PostgreSQL too when `HOCBA_TEST_POSTGRES` names a server
//! (`postgres://USER@HOST:PORT/postgres`): each test gets a database of its own.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hocba_core::envelope::{Algorithm, SigningKey, SystemRng, read_certificates};
use hocba_core::exchange::{
    AuthenticationRequest, CertificateRegistration, QuoteEscape, Request, Response,
    TransactionSignature, TransactionType, join_records, pack, password_wire, signing_input,
};
use hocba_core::{SignerRole, TrustStore, UnixTime};
use hocba_server::record::read_facts;
use hocba_server::{Config, Role, Store, router, serve, setup};

pub const PKI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/pki/");

pub fn pki(path: &str) -> Vec<u8> {
    std::fs::read(format!("{PKI}{path}")).unwrap()
}

pub fn chain(name: &str) -> Vec<Vec<u8>> {
    read_certificates(&pki(&format!("chains/{name}.pem"))).unwrap()
}

pub fn key(name: &str) -> SigningKey {
    SigningKey::from_pkcs8(&pki(&format!("keys/{name}.pk8")), None).unwrap()
}

pub fn trust() -> TrustStore {
    let mut t = TrustStore::new();
    t.add_roots_pem(&pki("roots.pem")).unwrap();
    for crl in ["crl/gov-ca.crl", "crl/public-ca.crl"] {
        t.add_crl_der(&pki(crl)).unwrap();
    }
    t
}

pub fn serial(name: &str) -> String {
    let c = chain(name);
    let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
    let now = UnixTime::from_secs(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    let t = trust();
    t.validate(&refs, SignerRole::SchoolSeal, now, now)
        .or_else(|_| t.validate(&refs, SignerRole::Principal, now, now))
        .unwrap()
        .serial_hex
}

pub const SCHOOL: &str = "49TH0031";
pub const OTHER_SCHOOL: &str = "79TH0002";
pub const OPERATOR_TOKEN: &str = "operator-token-for-tests";

/// The test PKI's signers (GVCN, CBQL, KY_PHAT_HANH) and their school's name, by seal.
fn signer_set(seal: &str) -> ([&'static str; 3], &'static str) {
    match seal {
        "seal-rsa-gov" => (
            ["gvcn-p384", "principal-rsa-gov", "seal-rsa-gov"],
            "Trường Tiểu học Thử Nghiệm Số 1",
        ),
        "seal-p384" => (
            ["gvcn-p384", "principal-p384", "seal-p384"],
            "Trường Tiểu học Thử Nghiệm Số 1",
        ),
        "seal-rsa" => (
            ["gvcn-rsa", "principal-rsa", "seal-rsa"],
            "Trường Tiểu học Tư thục Thử Nghiệm",
        ),
        "seal-p256" => (
            ["gvcn-p256", "principal-p256", "seal-p256"],
            "Trường Tiểu học Tư thục Thử Nghiệm",
        ),
        other => panic!("no signer set for {other}"),
    }
}

/// The national XML of a synthetic record (the core's demo pupil, not anyone's data) written by
/// the core's writer, of `school`, pupil number `pupil`, unsigned.
pub fn unsigned_record(uuid: &str, school: &str, pupil: &str, school_name: &str) -> Vec<u8> {
    let r = year(uuid, school, pupil, school_name);
    hocba_core::moet::to_xml(&r, &hocba_core::moet::Profile::default())
}

/// The record of [`unsigned_record`]: the demo pupil's last year (2024-2025, grade 5).
fn year(uuid: &str, school: &str, pupil: &str, school_name: &str) -> hocba_core::model::YearRecord {
    year_at(uuid, school, pupil, school_name, 4)
}

/// The demo pupil's year `index` (0: 2020-2021, grade 1 … 4: 2024-2025, grade 5).
fn year_at(
    uuid: &str,
    school: &str,
    pupil: &str,
    school_name: &str,
    index: usize,
) -> hocba_core::model::YearRecord {
    use hocba_core::model::{LookupCode, PersonalId, PupilCode, SchoolCode, Text};
    let mut r = hocba_core::synth::demo_transcript()
        .years
        .swap_remove(index);
    r.lookup_code = Some(uuid.parse::<LookupCode>().unwrap());
    r.school.code = SchoolCode::try_from(school).unwrap();
    r.school.name = Text::new(school_name).unwrap();
    r.pupil.pupil_code = Some(PupilCode::try_from(format!("HS{pupil}")).unwrap());
    r.pupil.personal_id = Some(PersonalId::try_from(format!("001217{pupil:0>6}")).unwrap());
    r.pupil.full_name = Text::new("Nguyễn Văn An").unwrap();
    r
}

/// [`unsigned_record`] signed with the core's XML signature by the test PKI's GVCN, CBQL and
/// the seal `seal` (and its school's name in the record, so the seal matches the school).
pub fn record(uuid: &str, school: &str, pupil: &str, seal: &str) -> String {
    record_at(uuid, school, pupil, seal, 4)
}

/// [`record`] of the demo pupil's year `index` (0: 2020-2021, grade 1 … 4: 2024-2025).
pub fn record_at(uuid: &str, school: &str, pupil: &str, seal: &str, index: usize) -> String {
    record_edited(uuid, school, pupil, seal, index, |_| {})
}

/// [`record_at`] with the year changed by `edit` before it is signed.
pub fn record_edited(
    uuid: &str,
    school: &str,
    pupil: &str,
    seal: &str,
    index: usize,
    edit: impl FnOnce(&mut hocba_core::model::YearRecord),
) -> String {
    let (names, school_name) = signer_set(seal);
    // The record names its GVCN and CBQL as their certificates do (ADR 0140).
    let mut r = year_at(uuid, school, pupil, school_name, index);
    edit(&mut r);
    hocba_core::synth::name_signers(&mut r, &chain(names[0])[0], &chain(names[1])[0]);
    let mut xml = hocba_core::moet::to_xml(&r, &hocba_core::moet::Profile::default());
    let roles = [
        SignerRole::HomeroomTeacher,
        SignerRole::Principal,
        SignerRole::SchoolSeal,
    ];
    for (i, (role, name)) in roles.into_iter().zip(names).enumerate() {
        let c = chain(name);
        let refs: Vec<&[u8]> = c.iter().map(Vec::as_slice).collect();
        let at = UnixTime::from_secs(1_780_272_000 + 3600 * i as i64);
        xml = hocba_core::xmldsig::sign(&xml, &key(name), role, &refs, at, &mut SystemRng).unwrap();
    }
    String::from_utf8(xml).unwrap()
}

/// The record's `NGAY_SINH` as written.
pub fn birth_date(record: &str) -> String {
    read_facts(record).unwrap().ngay_sinh
}

pub fn uuid(n: u32) -> String {
    format!("{n:08x}-1111-4222-8333-444455556666")
}

pub struct Portal {
    pub base: String,
    pub store: Store,
    pub agent: ureq::Agent,
    pub school: setup::Credentials,
    pub other: setup::Credentials,
    _rt: tokio::runtime::Runtime,
    _dir: Option<tempfile::TempDir>,
}

/// Which databases to run on.
pub fn databases() -> Vec<&'static str> {
    let mut v = vec!["sqlite"];
    if std::env::var("HOCBA_TEST_POSTGRES").is_ok_and(|s| !s.is_empty()) {
        v.push("postgres");
    }
    v
}

/// A new, empty database on `db`: its URL as `Store::open` takes it, and for SQLite the
/// directory holding the file (removed when dropped).
pub async fn new_database(db: &str) -> (String, Option<tempfile::TempDir>) {
    if db == "sqlite" {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}", dir.path().join("portal.db").display());
        return (url, Some(dir));
    }
    let admin = std::env::var("HOCBA_TEST_POSTGRES").unwrap();
    sqlx::any::install_default_drivers();
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).unwrap();
    let name = format!("hocba_test_{}", hex::encode(b));
    let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    (format!("{base}/{name}"), None)
}

async fn open(db: &str) -> (Store, Option<tempfile::TempDir>) {
    let (url, dir) = new_database(db).await;
    (Store::open(&url).await.unwrap(), dir)
}

impl Portal {
    /// The SQLite file of a portal started on `sqlite` (`None` on PostgreSQL).
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self._dir.as_ref().map(|d| d.path().join("portal.db"))
    }

    /// A province portal with the core's XML-signature verifier, two schools with accounts,
    /// the first with `seal-ed25519` (its transactions) and `seal-p384` (its records: XML-DSig
    /// has no Ed25519) approved, the second with `seal-rsa`.
    pub fn start(db: &str) -> Self {
        Self::start_with(db, Role::Province)
    }

    pub fn start_with(db: &str, role: Role) -> Self {
        Self::start_full(db, role, None)
    }

    /// `forwarding`: accepted submissions are queued for a national store, where the province
    /// is this unit.
    pub fn start_full(db: &str, role: Role, forwarding: Option<&str>) -> Self {
        Self::start_configured(db, role, forwarding, |_| {})
    }

    /// [`Portal::start_full`] with its configuration changed by `tweak` (no rate limits unless
    /// `tweak` sets them).
    pub fn start_configured(
        db: &str,
        role: Role,
        forwarding: Option<&str>,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let (store, dir, school, other, addr) = rt.block_on(async {
            let (store, dir) = open(db).await;
            let school = setup::add_account(
                &store,
                (SCHOOL, "Trường Tiểu học Thử Nghiệm Số 1", "school"),
                "truong-1",
                "unit",
                None,
            )
            .await
            .unwrap();
            let other = setup::add_account(
                &store,
                (OTHER_SCHOOL, "Trường Tiểu học Khác", "school"),
                "truong-2",
                "unit",
                None,
            )
            .await
            .unwrap();
            setup::add_account(
                &store,
                ("SO-TEST", "Sở (thử)", "operator"),
                "van-hanh",
                "operator",
                Some((OPERATOR_TOKEN, "x")),
            )
            .await
            .unwrap();
            setup::approve_certificate(
                &store,
                SCHOOL,
                &chain("seal-ed25519"),
                &serial("seal-ed25519"),
                "van-hanh",
            )
            .await
            .unwrap();
            setup::approve_certificate(
                &store,
                SCHOOL,
                &chain("seal-p384"),
                &serial("seal-p384"),
                "van-hanh",
            )
            .await
            .unwrap();
            setup::approve_certificate(
                &store,
                OTHER_SCHOOL,
                &chain("seal-rsa"),
                &serial("seal-rsa"),
                "van-hanh",
            )
            .await
            .unwrap();
            let mut config = Config::new(role);
            config.trust = trust();
            config.forwarding = forwarding.map(str::to_owned);
            config.transactions_per_minute = 0;
            config.auth_failures_per_minute = 0;
            config.lookups_per_minute = 0;
            tweak(&mut config);
            let app = router(store.clone(), config);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(serve(listener, app));
            (store, dir, school, other, addr)
        });
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Portal {
            base: format!("http://{addr}"),
            store,
            agent,
            school,
            other,
            _rt: rt,
            _dir: dir,
        }
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self._rt.block_on(f)
    }

    pub fn auth(
        &self,
        who: &setup::Credentials,
        kind: TransactionType,
        messageid: &str,
    ) -> AuthenticationRequest {
        AuthenticationRequest {
            token: who.token.clone(),
            user_name: who.user_name.clone(),
            password: password_wire(&who.password),
            ma_don_vi: who.ma_don_vi.clone(),
            nam_hoc: 2025,
            messageid: messageid.into(),
            kind,
            function: String::new(),
        }
    }

    /// A request with `content` signed by `signer` (test PKI name).
    pub fn signed(&self, auth: AuthenticationRequest, content: String, signer: &str) -> Request {
        let input = signing_input(&auth, Some(&content));
        let k = key(signer);
        let sig = k.sign(&input, &mut SystemRng).unwrap();
        Request {
            authentication_request: auth,
            content: Some(content),
            signature: Some(TransactionSignature::new(
                &chain(signer),
                k.algorithm(),
                &sig,
            )),
            certificate: None,
        }
    }

    pub fn submit_records(
        &self,
        who: &setup::Credentials,
        messageid: &str,
        records: &[String],
        signer: &str,
    ) -> (u16, Response) {
        let files: Vec<&[u8]> = records.iter().map(|r| r.as_bytes()).collect();
        let content = pack(&join_records(&files).unwrap(), QuoteEscape::Backslash).unwrap();
        let req = self.signed(
            self.auth(who, TransactionType::Submit, messageid),
            content,
            signer,
        );
        self.send(&req)
    }

    pub fn send(&self, req: &Request) -> (u16, Response) {
        self.send_raw(&serde_json::to_vec(req).unwrap())
    }

    pub fn send_raw(&self, body: &[u8]) -> (u16, Response) {
        let mut res = self
            .agent
            .post(format!("{}/api/v1/giao-dich", self.base))
            .header("content-type", "application/json")
            .send(body)
            .unwrap();
        let status = res.status().as_u16();
        let text = res.body_mut().read_to_string().unwrap();
        let resp: Response = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("status {status}: not a Response ({e}): {text}"));
        (status, resp)
    }

    pub fn query(
        &self,
        who: &setup::Credentials,
        kind: TransactionType,
        messageid: &str,
    ) -> (u16, Response) {
        self.send(&Request {
            authentication_request: self.auth(who, kind, messageid),
            content: None,
            signature: None,
            certificate: None,
        })
    }

    pub fn register(
        &self,
        who: &setup::Credentials,
        messageid: &str,
        seal: &str,
    ) -> (u16, Response) {
        self.send(&Request {
            authentication_request: self.auth(who, TransactionType::RegisterCertificate, messageid),
            content: None,
            signature: None,
            certificate: Some(CertificateRegistration {
                serial_number: serial(seal),
                ngay_hieu_luc: "2026-01-01".into(),
                ma_kieu_chu_ky: "USB_TOKEN".into(),
                nha_phat_hanh: "BAN_CO_YEU".into(),
                x509_certificate: chain(seal).iter().map(|c| STANDARD.encode(c)).collect(),
            }),
        })
    }

    pub fn operator_post(&self, path: &str) -> (u16, serde_json::Value) {
        let mut res = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {OPERATOR_TOKEN}"))
            .send_empty()
            .unwrap();
        (res.status().as_u16(), res.body_mut().read_json().unwrap())
    }

    pub fn operator_get(&self, path: &str) -> (u16, serde_json::Value) {
        let mut res = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {OPERATOR_TOKEN}"))
            .call()
            .unwrap();
        (res.status().as_u16(), res.body_mut().read_json().unwrap())
    }

    pub fn form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut res = self
            .agent
            .post(format!("{}{path}", self.base))
            .send_form(fields.iter().copied())
            .unwrap();
        (
            res.status().as_u16(),
            res.body_mut().read_to_string().unwrap(),
        )
    }

    pub fn count(&self, table: hocba_server::store::Counted) -> i64 {
        self.block_on(hocba_server::store::count(self.store.pool(), table))
            .unwrap()
    }
}

pub fn algorithm_of(name: &str) -> Algorithm {
    key(name).algorithm()
}

/// A school's client of a portal that runs elsewhere (another process).
#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub who: setup::Credentials,
    agent: ureq::Agent,
}

impl Client {
    pub fn new(base: String, who: setup::Credentials) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(900)))
            .build()
            .into();
        Self { base, who, agent }
    }

    fn auth(&self, kind: TransactionType, messageid: &str) -> AuthenticationRequest {
        AuthenticationRequest {
            token: self.who.token.clone(),
            user_name: self.who.user_name.clone(),
            password: password_wire(&self.who.password),
            ma_don_vi: self.who.ma_don_vi.clone(),
            nam_hoc: 2025,
            messageid: messageid.into(),
            kind,
            function: String::new(),
        }
    }

    fn post(&self, req: &Request) -> Result<(u16, Response), String> {
        self.post_raw(&serde_json::to_vec(req).unwrap())
    }

    /// Posts a prepared body; an `Err` when the connection broke (the server died).
    pub fn post_raw(&self, body: &[u8]) -> Result<(u16, Response), String> {
        let mut res = self
            .agent
            .post(format!("{}/api/v1/giao-dich", self.base))
            .header("content-type", "application/json")
            .send(body)
            .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let text = res.body_mut().read_to_string().map_err(|e| e.to_string())?;
        Ok((
            status,
            serde_json::from_str(&text).map_err(|e| e.to_string())?,
        ))
    }

    /// Submits; an `Err` when the connection broke (the server died).
    pub fn try_submit(
        &self,
        messageid: &str,
        records: &[String],
        signer: &str,
    ) -> Result<(u16, Response), String> {
        self.post_raw(&self.submission(messageid, records, signer))
    }

    /// The JSON body of a submission.
    pub fn submission(&self, messageid: &str, records: &[String], signer: &str) -> Vec<u8> {
        let files: Vec<&[u8]> = records.iter().map(|r| r.as_bytes()).collect();
        let content = pack(&join_records(&files).unwrap(), QuoteEscape::Backslash).unwrap();
        let auth = self.auth(TransactionType::Submit, messageid);
        let input = signing_input(&auth, Some(&content));
        let k = key(signer);
        let sig = k.sign(&input, &mut SystemRng).unwrap();
        serde_json::to_vec(&Request {
            authentication_request: auth,
            content: Some(content),
            signature: Some(TransactionSignature::new(
                &chain(signer),
                k.algorithm(),
                &sig,
            )),
            certificate: None,
        })
        .unwrap()
    }

    pub fn status(&self, messageid: &str, kind: TransactionType) -> (u16, Response) {
        self.post(&Request {
            authentication_request: self.auth(kind, messageid),
            content: None,
            signature: None,
            certificate: None,
        })
        .unwrap()
    }
}
