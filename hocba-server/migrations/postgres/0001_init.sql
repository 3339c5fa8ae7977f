-- hocba-server schema 1 (PostgreSQL). The SQLite twin is ../sqlite/0001_init.sql: the same
-- tables, columns and constraints; only the types (BLOB/BYTEA, INTEGER/BIGINT) and the trigger
-- syntax differ. Nothing is ever deleted: triggers refuse DELETE everywhere and UPDATE of the
-- audit log and of a record's signed bytes.

CREATE TABLE units (
    ma_don_vi   TEXT PRIMARY KEY,
    ten         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('school', 'province', 'operator')),
    created_at  BIGINT NOT NULL
);

CREATE TABLE accounts (
    user_name      TEXT PRIMARY KEY,
    ma_don_vi      TEXT NOT NULL REFERENCES units (ma_don_vi),
    token_sha256   TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('unit', 'operator')),
    disabled       BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);

CREATE TABLE transactions (
    messageid       TEXT PRIMARY KEY,
    kind            BIGINT NOT NULL,
    ma_don_vi       TEXT NOT NULL REFERENCES units (ma_don_vi),
    user_name       TEXT NOT NULL,
    nam_hoc         BIGINT NOT NULL,
    content_sha256  TEXT NOT NULL,
    response_code   TEXT NOT NULL,
    item_count      BIGINT NOT NULL,
    accepted_count  BIGINT NOT NULL,
    received_at     BIGINT NOT NULL
);
CREATE INDEX transactions_unit ON transactions (ma_don_vi, received_at);

CREATE TABLE certificates (
    fingerprint     TEXT PRIMARY KEY,
    ma_don_vi       TEXT NOT NULL REFERENCES units (ma_don_vi),
    messageid       TEXT NOT NULL REFERENCES transactions (messageid),
    serial_number   TEXT NOT NULL,
    ngay_hieu_luc   TEXT NOT NULL,
    ma_kieu_chu_ky  TEXT NOT NULL,
    nha_phat_hanh   TEXT NOT NULL,
    chain_der       BYTEA NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'refused')),
    decided_by      TEXT,
    decided_at      BIGINT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX certificates_unit ON certificates (ma_don_vi, state);

CREATE TABLE records (
    ma_tra_cuu_uuid   TEXT PRIMARY KEY,
    messageid         TEXT NOT NULL REFERENCES transactions (messageid),
    item_index        BIGINT NOT NULL,
    ma_truong         TEXT NOT NULL,
    ma_hoc_sinh       TEXT NOT NULL,
    so_cccd           TEXT NOT NULL,
    ho_va_ten         TEXT NOT NULL,
    ngay_sinh         TEXT NOT NULL,
    nam_hoc           TEXT NOT NULL,
    signed_xml        BYTEA NOT NULL,
    sha256            TEXT NOT NULL,
    seal_fingerprint  TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('issued', 'recalled')),
    replaces_uuid     TEXT,
    replaced_by_uuid  TEXT,
    recalled_at       BIGINT,
    received_at       BIGINT NOT NULL
);
CREATE INDEX records_cccd ON records (so_cccd);
CREATE INDEX records_pupil ON records (ma_hoc_sinh);
CREATE INDEX records_school_year ON records (ma_truong, nam_hoc);
CREATE INDEX records_year ON records (nam_hoc);

CREATE TABLE submission_items (
    messageid          TEXT NOT NULL REFERENCES transactions (messageid),
    item_index         BIGINT NOT NULL,
    ma_hoc_sinh        TEXT NOT NULL,
    ten_hoc_sinh       TEXT NOT NULL,
    so_cccd            TEXT NOT NULL,
    ma_tra_cuu_uuid    TEXT NOT NULL,
    trang_thai         BIGINT NOT NULL,
    error              TEXT,
    error_field_title  TEXT,
    error_description  TEXT,
    PRIMARY KEY (messageid, item_index)
);

CREATE TABLE recalls (
    messageid        TEXT NOT NULL REFERENCES transactions (messageid),
    item_index       BIGINT NOT NULL,
    ma_tra_cuu_uuid  TEXT NOT NULL,
    ma_don_vi        TEXT NOT NULL,
    state            BIGINT NOT NULL CHECK (state IN (1, 2, 3)),
    decided_by       TEXT,
    decided_at       BIGINT,
    PRIMARY KEY (messageid, item_index)
);
CREATE INDEX recalls_uuid ON recalls (ma_tra_cuu_uuid);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE FUNCTION hocba_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('audit_log is append-only');
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('records are kept permanently');
CREATE TRIGGER records_signed_bytes_fixed BEFORE UPDATE OF signed_xml, sha256, ma_tra_cuu_uuid ON records
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('signed bytes are never changed');
CREATE TRIGGER transactions_no_delete BEFORE DELETE ON transactions
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('transactions are kept permanently');
CREATE TRIGGER submission_items_no_delete BEFORE DELETE ON submission_items
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('statuses are kept permanently');
CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('certificates are kept permanently');
CREATE TRIGGER recalls_no_delete BEFORE DELETE ON recalls
FOR EACH ROW EXECUTE FUNCTION hocba_refuse('recalls are kept permanently');
