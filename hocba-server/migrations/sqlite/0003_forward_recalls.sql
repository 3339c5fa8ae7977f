-- Schema 3: the province's outbox of approved recalls to forward to the national store. A row is
-- written in the same transaction as the operator's approval, so a record is never recalled at
-- the province without the recall being queued; the forwarder only updates its state, and sends a
-- recall only after the submission that carried the record was delivered.
CREATE TABLE forward_recalls (
    messageid           TEXT NOT NULL,
    item_index          INTEGER NOT NULL,
    ma_tra_cuu_uuid     TEXT NOT NULL,
    upstream_messageid  TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    last_code           TEXT,
    updated_at          INTEGER NOT NULL,
    PRIMARY KEY (messageid, item_index),
    FOREIGN KEY (messageid, item_index) REFERENCES recalls (messageid, item_index)
);
CREATE INDEX forward_recalls_due ON forward_recalls (state, next_attempt_at);
CREATE TRIGGER forward_recalls_no_delete BEFORE DELETE ON forward_recalls
BEGIN SELECT RAISE(ABORT, 'the forwarding history is kept'); END;
