-- How a run linked its records: all of them afresh, or only those of uploads the previous run had not read,
-- against the previous run's people with its model (the others keep their people). When an incremental run
-- could not be one (no previous run with a model, another model since, nothing unchanged), the note says why.
alter table identification_run
  add column linking text not null default 'full' check (linking in ('full', 'incremental')),
  add column linking_note text;
grant update (linking, linking_note) on identification_run to kindred_app;
