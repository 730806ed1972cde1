-- Governed ingestion: each upload records the agreement version it was checked against, the layout it was
-- read with and its progress; refused uploads are kept with their reason; each data flow has saved upload
-- settings (column mapping, encoding, refresh); uploads whose loader died are discarded.

alter table upload drop constraint upload_state_check;
alter table upload add constraint upload_state_check
  check (state in ('loading', 'visible', 'superseded', 'failed', 'refused'));

alter table upload
  add column channel text check (channel in ('web', 'api', 'cli')),
  -- While loading: queued, checking (the validation pass), loading (the loading pass), finishing.
  add column phase text check (phase in ('queued', 'checking', 'loading', 'finishing')),
  add column progress_done bigint not null default 0,
  add column progress_total bigint,
  add column byte_count bigint,
  add column agreement_version_id uuid references agreement_version (id),
  add column agreement_reference text,
  add column agreement_version integer,
  add column column_mapping jsonb,
  add column encoding text not null default 'utf-8' check (encoding in ('utf-8', 'latin1')),
  -- Why the upload was refused or failed, for the person who made it.
  add column reason text,
  -- Which process loads it, so a restart can tell an orphaned upload from one still in progress.
  add column loader_host text,
  add column loader_pid integer,
  add column loader_instance uuid,
  add column heartbeat_at timestamptz;

grant update (phase, progress_done, progress_total, reason, heartbeat_at) on upload to kindred_app;

create index upload_flow_state on upload (data_flow_id, state);
create index upload_loading on upload (state) where state = 'loading';

-- Which rows of a refused upload break the agreement; the partner sees them with the refusal.
alter table upload_issue add column record_id text;
alter table upload_issue add column agreement_breach boolean not null default false;

-- Loading speed: the foreign keys of extract_row fired two referential-integrity checks per loaded row, more
-- than half of the database's time per row. The insert policy now keeps the same integrity for the
-- application (a row goes only into the uploader's own loading upload, under that upload's organisation), and
-- removing an upload removes its rows.
alter table extract_row drop constraint extract_row_upload_id_fkey;
alter table extract_row drop constraint extract_row_organisation_id_fkey;
drop policy extract_row_load on extract_row;
create policy extract_row_load on extract_row for insert with check (
  (upload_id, organisation_id) in (select id, organisation_id from upload
                                   where state = 'loading' and uploaded_by = (select kindred_user_id())));

create function kindred_upload_removed() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  delete from extract_row where upload_id = old.id;
  return old;
end
$$;
create trigger upload_removed after delete on upload for each row execute function kindred_upload_removed();

-- An upload's rows are read by upload (a BRIN index costs almost nothing per row loaded, and the rows of one
-- upload lie together); the b-tree on (upload_id, record_id) doubled the cost of loading a row. Rejected
-- records are never loaded, so nothing deletes by record any more.
drop index extract_row_upload;
create index extract_row_upload on extract_row using brin (upload_id) with (pages_per_range = 32);

-- How a data flow's extracts are read: versioned, the newest row is in force.
create table upload_settings (
  id bigint generated always as identity primary key,
  data_flow_id uuid not null references data_flow (id),
  column_mapping jsonb,
  encoding text not null default 'utf-8' check (encoding in ('utf-8', 'latin1')),
  -- full: a newer upload replaces the previous one for current use; incremental: it adds to it.
  refresh text not null default 'full' check (refresh in ('full', 'incremental')),
  saved_by uuid not null references app_user (id),
  saved_at timestamptz not null default now()
);
create index upload_settings_flow on upload_settings (data_flow_id, id desc);

-- A coordinator of the council, an administrator, or a data officer of the flow's own partner.
create function kindred_may_change_upload_settings(flow uuid) returns boolean language sql stable security definer
set search_path = public as $$
  select kindred_has_role('administrator')
      or (kindred_is_council_user() and kindred_has_role('coordinator'))
      or (kindred_has_role('partner_data_officer')
          and exists (select 1 from data_flow f where f.id = flow and f.organisation_id = kindred_user_organisation()))
$$;

alter table upload_settings enable row level security;
create policy upload_settings_read on upload_settings for select using ((select kindred_user_id()) is not null);
create policy upload_settings_save on upload_settings for insert
  with check (saved_by = (select kindred_user_id()) and kindred_may_change_upload_settings(data_flow_id));
grant select, insert on upload_settings to kindred_app;

-- An upload whose loading process died: marked failed and its invisible rows removed. Only the platform's
-- administrators (the process that opens the database acts as one) may do this, and only to a loading upload.
create function kindred_discard_orphaned_upload(orphan uuid) returns bigint language plpgsql security definer
set search_path = public as $$
declare
  removed bigint;
begin
  if not kindred_has_role('administrator') then
    raise exception 'only an administrator may discard an orphaned upload' using errcode = '42501';
  end if;
  update upload set state = 'failed', phase = null, finished_at = now(),
         reason = 'The upload stopped before it finished (the process loading it ended). Nothing of it was kept; upload the file again.'
  where id = orphan and state = 'loading';
  if not found then
    return 0;
  end if;
  delete from extract_row where upload_id = orphan;
  get diagnostics removed = row_count;
  return removed;
end
$$;

-- Issues in the order they were found (file order), for paging through them and downloading them all.
alter table upload_issue add column seq bigint generated by default as identity;
create index upload_issue_order on upload_issue (upload_id, seq);
