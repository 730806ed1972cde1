-- Linkage models a council keeps (kindred model import): each import is a new version, never changed
-- afterwards. An identification run links with the council's newest model when it has one (trained once,
-- checked with kindred model show) and records which version it used; without one it trains on the data.

create table linkage_model (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisation (id),
  version integer not null check (version > 0),
  settings jsonb not null,
  note text not null default '',
  imported_by uuid not null references app_user (id),
  imported_at timestamptz not null default now(),
  unique (council_id, version)
);

alter table linkage_model enable row level security;
-- A model holds probabilities and rules, no personal data; those who run and read identification keep them.
create policy linkage_model_read on linkage_model for select using (
  council_id = (select kindred_user_organisation())
  and (select kindred_acting_user_holds(true, array['coordinator', 'analyst'])));
create policy linkage_model_import on linkage_model for insert with check (
  council_id = (select kindred_user_organisation()) and imported_by = (select kindred_user_id())
  and (select kindred_acting_user_holds(true, array['coordinator', 'analyst'])));
grant select, insert on linkage_model to kindred_app;

alter table identification_run add column linkage_model_version integer;
