-- What partners share: data flows, their uploads, and the extract rows each upload brought.
-- Rows of an upload stay invisible until the upload is made visible in one short transaction.

create table data_flow (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  source text not null unique check (source ~ '^[a-z][a-z0-9_]*$'),
  title text not null,
  created_at timestamptz not null default now()
);

create table upload (
  id uuid primary key default gen_random_uuid(),
  data_flow_id uuid not null references data_flow (id),
  organisation_id uuid not null references organisation (id),
  file_name text not null,
  content_sha256 text not null,
  state text not null default 'loading' check (state in ('loading', 'visible', 'superseded', 'failed')),
  uploaded_by uuid not null references app_user (id),
  rows_read integer not null default 0,
  rows_accepted integer not null default 0,
  rows_rejected integer not null default 0,
  warnings integer not null default 0,
  records integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create unique index upload_once on upload (data_flow_id, content_sha256) where state in ('visible', 'superseded');

create table extract_row (
  upload_id uuid not null references upload (id) on delete cascade,
  organisation_id uuid not null references organisation (id),
  line integer not null,
  record_id text not null,
  nhs_number text,
  given_name text,
  family_name text,
  date_of_birth date,
  sex text,
  address_line_1 text,
  address_line_2 text,
  town text,
  postcode text,
  uprn text,
  household_ref text,
  lead_worker text,
  lead_worker_contact text,
  fact text,
  fact_start date,
  fact_end date,
  fact_value numeric
);
create index extract_row_upload on extract_row (upload_id, record_id);

-- What was wrong with an upload, row by row, so the partner can download and fix it.
create table upload_issue (
  upload_id uuid not null references upload (id) on delete cascade,
  line integer not null,
  column_name text,
  severity text not null check (severity in ('error', 'warning')),
  message text not null
);
create index upload_issue_upload on upload_issue (upload_id, line);

-- Council roles that work with the whole partnership's data for the programme.
create function kindred_reads_partnership_data() returns boolean language sql stable as $$
  select kindred_is_council_user() and (kindred_has_role('coordinator') or kindred_has_role('analyst'))
$$;

-- A partner's own people: its data officers and its IG officer.
create function kindred_reads_own_organisation_data() returns boolean language sql stable as $$
  select kindred_has_role('partner_data_officer') or kindred_has_role('ig_officer')
$$;

alter table data_flow enable row level security;
alter table upload enable row level security;
alter table extract_row enable row level security;
alter table upload_issue enable row level security;

create policy data_flow_read on data_flow for select using (kindred_user_id() is not null);
create policy data_flow_admin on data_flow for all
  using ((select kindred_has_role('administrator'))) with check ((select kindred_has_role('administrator')));

create policy upload_read on upload for select using (
  (select kindred_reads_partnership_data()) or (select kindred_has_role('administrator'))
  or (organisation_id = (select kindred_user_organisation()) and (select kindred_reads_own_organisation_data())));
create policy upload_create on upload for insert with check (
  uploaded_by = (select kindred_user_id())
  and organisation_id = (select kindred_user_organisation())
  and ((select kindred_has_role('partner_data_officer')) or (select kindred_has_role('administrator'))));
-- The uploader finishes their upload; a data officer of the same partner may supersede an older one.
create policy upload_finish on upload for update
  using (uploaded_by = (select kindred_user_id())
         or (organisation_id = (select kindred_user_organisation()) and (select kindred_has_role('partner_data_officer'))))
  with check (organisation_id = (select kindred_user_organisation()));

create policy extract_row_read on extract_row for select using (
  upload_id in (select id from upload where state = 'visible')
  and ((select kindred_reads_partnership_data())
       or (organisation_id = (select kindred_user_organisation()) and (select kindred_reads_own_organisation_data()))));
create policy extract_row_load on extract_row for insert with check (
  upload_id in (select id from upload where state = 'loading' and uploaded_by = (select kindred_user_id())));
-- The uploader sees (and so can discard) the rows of their own unfinished upload.
create policy extract_row_own_loading on extract_row for select using (
  upload_id in (select id from upload where state in ('loading', 'failed') and uploaded_by = (select kindred_user_id())));
create policy extract_row_discard on extract_row for delete using (
  upload_id in (select id from upload where state in ('loading', 'failed') and uploaded_by = (select kindred_user_id())));

grant select, insert, update on data_flow to kindred_app;
grant select, insert on upload to kindred_app;
grant update (state, rows_read, rows_accepted, rows_rejected, warnings, records, finished_at) on upload to kindred_app;
grant select, insert, delete on extract_row to kindred_app;
grant select, insert on upload_issue to kindred_app;

-- Whoever may see an upload may see what was wrong with it.
create policy upload_issue_read on upload_issue for select using (upload_id in (select id from upload));
create policy upload_issue_write on upload_issue for insert with check (
  upload_id in (select id from upload where uploaded_by = (select kindred_user_id())));
