-- The person page and clerical review. A run keeps, for each record, the identity it was linked on and where it
-- came from (upload, agreement), so the person page needs no extract; and the pairs its linkage found worth
-- showing, each with its explanation (the weight each comparison added): the links holding each person together
-- and the candidate pairs near the threshold, which analysts review. Analysts' decisions on pairs (one person,
-- or two people) are kept for the council and override the model in every later run.

alter table identified_person
  add column family_id text,
  add column upload_id uuid,
  add column organisation_id uuid references organisation (id),
  add column agreement_id uuid,
  add column agreement_reference text,
  add column agreement_version integer,
  add column given_name text,
  add column family_name text,
  add column date_of_birth date,
  add column address text,
  add column postcode text;
-- A person's page finds the newest run they are in, then their records in it.
create index identified_person_person on identified_person (person_id, run_id);

-- The match threshold the run's linkage joined pairs at: the review queue orders pairs by their distance to it.
alter table identification_run add column match_threshold double precision;
grant update (match_threshold) on identification_run to kindred_app;

create table identified_pair (
  run_id uuid not null references identification_run (id) on delete cascade,
  pair_no integer not null,
  left_source text not null,
  left_record_id text not null,
  right_source text not null,
  right_record_id text not null,
  match_weight double precision not null,
  match_probability double precision not null,
  -- The two records ended in one person (a link on the person page), and which; else two people.
  person_id text,
  family_id text,
  -- Within the review band around the threshold: the pair is in the review queue until decided.
  near_threshold boolean not null,
  -- The prior and each comparison's level, values compared and weight (explainPair in src/linkage/explain.ts).
  explanation jsonb not null,
  primary key (run_id, pair_no)
);
create index identified_pair_person on identified_pair (run_id, person_id);
create index identified_pair_review on identified_pair (run_id) where near_threshold;

create table linkage_decision (
  id bigint generated always as identity primary key,
  council_id uuid not null references organisation (id),
  -- The pair in a fixed order (left before right), so each pair has one key whichever way it was shown.
  left_source text not null,
  left_record_id text not null,
  right_source text not null,
  right_record_id text not null,
  decision text not null check (decision in ('same_person', 'different_people')),
  reason text not null default '',
  -- The run whose pair or person the analyst was looking at.
  run_id uuid references identification_run (id),
  decided_by uuid not null references app_user (id),
  decided_at timestamptz not null default now(),
  check ((left_source, left_record_id) < (right_source, right_record_id))
);
-- Decisions are never changed: a later one on the same pair replaces it.
create index linkage_decision_pair on linkage_decision (council_id, left_source, left_record_id, right_source,
  right_record_id, id desc);

alter table identified_pair enable row level security;
alter table linkage_decision enable row level security;

-- A keyworker sees the records and links of the people of the families allocated to them, as the rest of them.
create policy identified_person_allocated on identified_person for select using (
  run_id in (select id from identification_run where state = 'finished')
  and family_id in (select kindred_allocated_families()));
create policy identified_pair_read on identified_pair for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));
create policy identified_pair_write on identified_pair for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));

-- Coordinators read decisions too: the runs they start apply them. Only analysts decide.
create policy linkage_decision_read on linkage_decision for select using (
  council_id = (select kindred_user_organisation()) and (select kindred_reads_partnership_data()));
create policy linkage_decision_decide on linkage_decision for insert with check (
  council_id = (select kindred_user_organisation()) and decided_by = (select kindred_user_id())
  and (select kindred_acting_user_holds(true, array['analyst'])));

grant select, insert, delete on identified_pair to kindred_app;
grant select, insert on linkage_decision to kindred_app;

-- An orphaned run's pairs are removed with the rest of its rows.
create or replace function kindred_discard_orphaned_identification_run(orphan uuid) returns bigint language plpgsql
security definer set search_path = public as $$
declare
  removed bigint := 0;
  counted bigint;
begin
  if not kindred_acts_for_platform() then
    raise exception 'only the platform may discard an orphaned identification run' using errcode = '42501';
  end if;
  update identification_run set state = 'failed', phase = null, finished_at = now(),
         reason = 'The identification stopped before it finished (the process running it ended). Nothing of it was kept; run it again.'
  where id = orphan and state = 'running';
  if not found then
    return 0;
  end if;
  delete from identified_pair where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_involvement where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_evidence where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_fact where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_member where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_family where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_person where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  return removed;
end
$$;
