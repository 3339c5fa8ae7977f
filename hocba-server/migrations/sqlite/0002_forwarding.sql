-- Schema 2: the province's outbox of submissions to forward to the national store. A row is
-- written in the same transaction as the submission it forwards, so an accepted record is never
-- stored without being queued; the forwarder only updates its state.
CREATE TABLE forward_queue (
    messageid           TEXT PRIMARY KEY REFERENCES transactions (messageid),
    upstream_messageid  TEXT NOT NULL UNIQUE,
    state               TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    last_code           TEXT,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX forward_queue_due ON forward_queue (state, next_attempt_at);
CREATE TRIGGER forward_queue_no_delete BEFORE DELETE ON forward_queue
BEGIN SELECT RAISE(ABORT, 'the forwarding history is kept'); END;
