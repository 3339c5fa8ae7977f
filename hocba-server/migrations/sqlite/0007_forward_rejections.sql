-- Schema 7 (ADR 0230): records the national store rejected inside a forwarded transaction it
-- accepted, and the province operator's re-sends of them.
-- At a province: after a forwarded submission (or re-send) is accepted upstream, the forwarder
-- reads the national store's per-record answer (type 2) and keeps each rejected record here, in
-- the same database transaction that marks the entry sent. Nothing is deleted: a record
-- re-sent points to its re-send (`resend_id`), and a re-send's own rejections are new rows.
CREATE TABLE forward_resends (
    id                  TEXT PRIMARY KEY,
    ma_don_vi           TEXT NOT NULL REFERENCES units (ma_don_vi),
    nam_hoc             INTEGER NOT NULL,
    requested_by        TEXT NOT NULL,
    requested_at        INTEGER NOT NULL,
    upstream_messageid  TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    last_code           TEXT,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX forward_resends_due ON forward_resends (state, next_attempt_at);
CREATE TRIGGER forward_resends_no_delete BEFORE DELETE ON forward_resends
BEGIN SELECT RAISE(ABORT, 'the forwarding history is kept'); END;
CREATE TABLE forward_rejections (
    upstream_messageid  TEXT NOT NULL,
    item_index          INTEGER NOT NULL,
    ma_tra_cuu_uuid     TEXT NOT NULL REFERENCES records (ma_tra_cuu_uuid),
    ma_don_vi           TEXT NOT NULL REFERENCES units (ma_don_vi),
    nam_hoc             INTEGER NOT NULL,
    code                TEXT NOT NULL,
    field               TEXT,
    description         TEXT,
    recorded_at         INTEGER NOT NULL,
    resend_id           TEXT REFERENCES forward_resends (id),
    PRIMARY KEY (upstream_messageid, item_index)
);
CREATE INDEX forward_rejections_open ON forward_rejections (ma_don_vi, resend_id);
CREATE TRIGGER forward_rejections_no_delete BEFORE DELETE ON forward_rejections
BEGIN SELECT RAISE(ABORT, 'the forwarding history is kept'); END;
