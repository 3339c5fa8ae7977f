-- Schema 6 (ADR 0229): upstream messageids distinct across the province's outboxes.
-- An older version named a forwarded submission `fwd-` + the school's messageid, a recall entry
-- `fwd-` + messageid + `-` + index and a certificate approval `fwd-cert-` + 32 hex digits: a
-- submission `x-0` and entry 0 of recall request `x` (or a submission `cert-…`) shared one id
-- upstream, and the second sent was answered `duplicate_messageid` and counted delivered without
-- being delivered. New entries are named by the current scheme (`fwd2.…`, computed in Rust when
-- queued); older entries keep their id (an attempted one may have reached the store: its resend
-- must stay idempotent), and the forwarder gives an older entry never attempted its current id
-- before the first attempt.
-- Here: an older entry counted delivered on `duplicate_messageid` whose id is also the id of an
-- entry of another outbox that was attempted was, as far as can be known, not delivered (one
-- transaction is stored upstream under that id, and the other entry may be it). It goes back in
-- the queue, due at once, marked `messageid_reused` (what the national store now answers for an
-- id used by another transaction): the forwarder re-keys it before its next attempt. When both
-- entries were answered `duplicate_messageid` both are sent again: a second copy upstream is
-- refused or rejected there, visibly; a lost one would not be. Order-independent: the other
-- entry's `last_code` is never set back to NULL.
UPDATE forward_queue SET state = 'pending', attempts = 0, last_code = 'messageid_reused'
WHERE state = 'sent' AND last_code = 'duplicate_messageid' AND upstream_messageid LIKE 'fwd-%'
  AND (upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_recalls o WHERE o.last_code IS NOT NULL)
  OR upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_certificates o WHERE o.last_code IS NOT NULL));
UPDATE forward_recalls SET state = 'pending', attempts = 0, last_code = 'messageid_reused'
WHERE state = 'sent' AND last_code = 'duplicate_messageid' AND upstream_messageid LIKE 'fwd-%'
  AND (upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_queue o WHERE o.last_code IS NOT NULL)
  OR upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_certificates o WHERE o.last_code IS NOT NULL));
UPDATE forward_certificates SET state = 'pending', attempts = 0, last_code = 'messageid_reused'
WHERE state = 'sent' AND last_code = 'duplicate_messageid' AND upstream_messageid LIKE 'fwd-%'
  AND (upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_queue o WHERE o.last_code IS NOT NULL)
  OR upstream_messageid IN
    (SELECT o.upstream_messageid FROM forward_recalls o WHERE o.last_code IS NOT NULL));
