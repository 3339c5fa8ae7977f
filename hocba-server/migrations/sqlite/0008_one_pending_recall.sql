-- Schema 8 (ADR 0254): at most one pending recall entry per record, kept by the database.
-- Before, the "no pending recall" check (not_recallable) ran outside the write transaction and
-- did not look at the request's own entries: one request naming a record twice, or requests
-- sent at once for one record, each stored a pending entry (QA 2026-12-05).
-- Here: of the pending entries of one record, the earliest (its request received first, then by
-- messageid, then by place in the request) stays pending; every other one is refused
-- (state 3), decided_by 'schema-8' (no account has that name) at the time of the upgrade, so the
-- school's type 6 and the operator's list show it decided; none was approved, so no record
-- changes. Then the unique partial index refuses a second pending entry for a record.
UPDATE recalls SET state = 3, decided_by = 'schema-8', decided_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE state = 1 AND EXISTS (
    SELECT 1 FROM recalls o
    JOIN transactions ot ON ot.messageid = o.messageid
    JOIN transactions t ON t.messageid = recalls.messageid
    WHERE o.ma_tra_cuu_uuid = recalls.ma_tra_cuu_uuid AND o.state = 1
      AND (ot.received_at < t.received_at
        OR (ot.received_at = t.received_at AND o.messageid < recalls.messageid)
        OR (o.messageid = recalls.messageid AND o.item_index < recalls.item_index)));
CREATE UNIQUE INDEX recalls_one_pending ON recalls (ma_tra_cuu_uuid) WHERE state = 1;
