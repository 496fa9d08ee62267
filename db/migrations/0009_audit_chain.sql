-- The audit log becomes append-only and tamper-evident (issue 7).
--
-- Each event carries prev_hash (the hash of the event before it, NULL for the first) and hash, the
-- hex SHA-256 of audit_event_canonical(...) over prev_hash and the event's own fields. Both are set
-- by a trigger, never by the application. lib/audit/chain.ts recomputes them with the same function.
--
-- Order: events are chained in id order. The insert trigger takes a transaction-scoped advisory
-- lock, so concurrent writers take turns from their first audit insert until they commit; an id
-- drawn from the sequence before the lock may be lower than one already committed, so the trigger
-- re-draws it after the lock (ids stay increasing along the chain; gaps are harmless). The lock and
-- the read of the latest event only work together under READ COMMITTED (each statement of the
-- trigger sees what committed before it): a REPEATABLE READ or SERIALIZABLE transaction would read
-- a stale head and fork the chain, so the trigger refuses it.
--
-- Users with audit history: audit_events.actor_id keeps its ON DELETE SET NULL declaration
-- (db/schema/audit.ts), but the cascade is an UPDATE of the event, which the append-only trigger
-- refuses with its own message. So such a user cannot be deleted: accounts are anonymized instead
-- (users.deleted_at, personal fields cleared), and the log keeps pointing at the anonymized row.
--
-- Plain SQL and PL/pgSQL only (no pgcrypto): it runs on PostgreSQL 15+ and on PGlite.

CREATE FUNCTION audit_event_canonical(
	prev_hash text,
	id bigint,
	actor_id uuid,
	actor_ip_hash text,
	action text,
	record_type text,
	record_id text,
	data jsonb,
	created_at timestamptz
) RETURNS text
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
	-- A JSON array of text and NULLs: unambiguous (quoted, escaped, NULL distinct from ''), and jsonb
	-- prints data with its keys sorted and no insignificant whitespace, so equal data hashes equally.
	-- The time is in UTC with microseconds, whatever the session's time zone.
	SELECT jsonb_build_array(
		prev_hash,
		id::text,
		actor_id::text,
		actor_ip_hash,
		action,
		record_type,
		record_id,
		data,
		to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
	)::text
$$;
--> statement-breakpoint
CREATE FUNCTION audit_event_hash(
	prev_hash text,
	id bigint,
	actor_id uuid,
	actor_ip_hash text,
	action text,
	record_type text,
	record_id text,
	data jsonb,
	created_at timestamptz
) RETURNS text
LANGUAGE sql
STABLE
PARALLEL SAFE
AS $$
	SELECT encode(sha256(convert_to(audit_event_canonical(prev_hash, id, actor_id, actor_ip_hash, action, record_type, record_id, data, created_at), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Events written before this migration get their chain, in id order, before any trigger exists.
DO $$
DECLARE
	event record;
	previous text := NULL;
BEGIN
	FOR event IN SELECT * FROM audit_events ORDER BY id LOOP
		UPDATE audit_events
		SET prev_hash = previous,
			hash = audit_event_hash(previous, event.id, event.actor_id, event.actor_ip_hash, event.action, event.record_type, event.record_id, event.data, event.created_at)
		WHERE id = event.id
		RETURNING hash INTO previous;
	END LOOP;
END
$$;
--> statement-breakpoint
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
	head_id bigint;
	head_hash text;
BEGIN
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'audit events can only be written in READ COMMITTED transactions (this one is %)', current_setting('transaction_isolation')
			USING ERRCODE = 'feature_not_supported';
	END IF;
	-- 0x52444155, "RDAU": one writer at a time until it commits. Held to the end of the transaction.
	PERFORM pg_advisory_xact_lock(1380204885);
	SELECT a.id, a.hash INTO head_id, head_hash FROM audit_events a ORDER BY a.id DESC LIMIT 1;
	IF NEW.id <= head_id THEN
		NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
	END IF;
	NEW.prev_hash := head_hash;
	NEW.hash := audit_event_hash(NEW.prev_hash, NEW.id, NEW.actor_id, NEW.actor_ip_hash, NEW.action, NEW.record_type, NEW.record_id, NEW.data, NEW.created_at);
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	-- The cascade of ON DELETE SET NULL from users: say what to do instead.
	IF TG_OP = 'UPDATE' THEN
		IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
			AND (NEW.id, NEW.actor_ip_hash, NEW.action, NEW.record_type, NEW.record_id, NEW.data, NEW.created_at, NEW.prev_hash, NEW.hash)
				IS NOT DISTINCT FROM (OLD.id, OLD.actor_ip_hash, OLD.action, OLD.record_type, OLD.record_id, OLD.data, OLD.created_at, OLD.prev_hash, OLD.hash) THEN
			RAISE EXCEPTION 'audit_events is append-only: user % has audit history and cannot be deleted; anonymize the account instead', OLD.actor_id
				USING ERRCODE = 'restrict_violation';
		END IF;
	END IF;
	RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
