-- The audit log: append-only, every row chained to the one before by a SHA-256 hash.

create table audit_event (
  seq bigint primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_organisation_id uuid,
  action text not null check (action ~ '^(VIEW|SEARCH|CREATE|UPDATE|DELETE|EXPORT|SIGN_IN|SIGN_OUT|IMPORT|LINK|ASSESS|BREAK_GLASS)_[A-Z_]+$'
                                 or action ~ '^(SIGN_IN|SIGN_OUT)$'),
  subject_type text,
  subject_ids text[] not null default '{}',
  subject_organisation_id uuid,
  purpose text,
  correlation_id text,
  details jsonb not null default '{}',
  prev_hash bytea not null,
  hash bytea not null
);
create sequence audit_event_seq;

-- The text a row's hash covers, in a form that does not depend on session settings.
create function kindred_audit_canonical(e audit_event) returns text language sql immutable as $$
  select concat_ws('|', e.seq::text,
    to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.actor_user_id::text, ''), coalesce(e.actor_organisation_id::text, ''), e.action,
    coalesce(e.subject_type, ''), array_to_string(e.subject_ids, ',', ''), coalesce(e.subject_organisation_id::text, ''),
    coalesce(e.purpose, ''), coalesce(e.correlation_id, ''), e.details::text, encode(e.prev_hash, 'hex'))
$$;

-- One writer at a time extends the chain; the sequence is drawn under the lock so seq order is chain order.
create function kindred_audit_chain() returns trigger language plpgsql security definer
set search_path = public as $$
declare
  previous bytea;
begin
  perform pg_advisory_xact_lock(7205002);
  new.seq := nextval('audit_event_seq');
  new.occurred_at := clock_timestamp();
  select hash into previous from audit_event order by seq desc limit 1;
  new.prev_hash := coalesce(previous, '\x00'::bytea);
  new.hash := sha256(convert_to(kindred_audit_canonical(new), 'UTF8'));
  return new;
end
$$;
create trigger audit_event_chain before insert on audit_event for each row execute function kindred_audit_chain();

create function kindred_audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only' using errcode = '42501';
end
$$;
create trigger audit_event_append_only before update or delete on audit_event
  for each statement execute function kindred_audit_append_only();

-- The actor columns are filled from the transaction, so no one can write an event in another's name.
create function kindred_audit_actor() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  new.actor_user_id := kindred_user_id();
  new.actor_organisation_id := kindred_user_organisation();
  new.purpose := coalesce(new.purpose, nullif(current_setting('kindred.purpose', true), ''));
  new.correlation_id := coalesce(new.correlation_id, nullif(current_setting('kindred.correlation_id', true), ''));
  return new;
end
$$;
create trigger audit_event_actor before insert on audit_event for each row execute function kindred_audit_actor();

alter table audit_event enable row level security;
create policy audit_event_insert on audit_event for insert with check (true);
create policy audit_event_admin on audit_event for select using (kindred_has_role('administrator'));
create policy audit_event_ig on audit_event for select using (
  kindred_has_role('ig_officer') and (kindred_is_council_user()
    or actor_organisation_id = kindred_user_organisation() or subject_organisation_id = kindred_user_organisation()));

grant insert (action, subject_type, subject_ids, subject_organisation_id, purpose, correlation_id, details)
  on audit_event to kindred_app;
grant select on audit_event to kindred_app;
