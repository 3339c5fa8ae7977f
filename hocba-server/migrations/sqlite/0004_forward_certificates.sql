-- Schema 4 (ADR 0201): certificate approvals forwarded to the national store.
-- At a province: the outbox of approved school certificates. The forwarder fills it from the
-- certificates table itself (every approved certificate of a school without a row), so an
-- approval — by the operator, by `setup`, or made before this schema — is never missed; it only
-- updates a row's state afterwards.
CREATE TABLE forward_certificates (
    fingerprint         TEXT PRIMARY KEY REFERENCES certificates (fingerprint),
    upstream_messageid  TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    last_code           TEXT,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX forward_certificates_due ON forward_certificates (state, next_attempt_at);
CREATE TRIGGER forward_certificates_no_delete BEFORE DELETE ON forward_certificates
BEGIN SELECT RAISE(ABORT, 'the forwarding history is kept'); END;
-- At the national store: a school certificate recorded as approved by the province that
-- forwarded it (its unit code), with the province's signed transaction as evidence (JSON: the
-- signed header fields, the packed content and the Signature, enough to check it again).
ALTER TABLE certificates ADD COLUMN approved_by_unit TEXT;
ALTER TABLE certificates ADD COLUMN approval_evidence TEXT;
