-- Identification and casework: each run of a criteria framework over the current extracts, the families it
-- found with their members, facts, evidence and the services involved; and the casework of each family
-- (assessment, consent or lawful basis, allocation) with its history. A keyworker sees only the families
-- allocated to them; partners see none of it.

create table identification_run (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisation (id),
  framework_id text not null,
  framework_version integer not null,
  as_of date not null,
  run_by uuid not null references app_user (id),
  -- A run's rows are written in batches while it is running and read only once it has finished.
  state text not null default 'running' check (state in ('running', 'finished', 'failed')),
  phase text check (phase in ('reading', 'linking', 'assessing', 'storing', 'comparing')),
  progress_done integer not null default 0,
  progress_total integer,
  -- The uploads it read: what "current extracts" meant when it ran.
  upload_ids uuid[] not null default '{}',
  rows_read integer,
  records integer,
  people integer,
  families integer,
  eligible_families integer,
  -- The run it was compared with, for what changed.
  previous_run_id uuid references identification_run (id),
  reason text,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index identification_run_latest on identification_run (council_id, state, finished_at desc);

-- Which person each record belonged to: the next run starts from it so people keep their ids.
create table identified_person (
  run_id uuid not null references identification_run (id) on delete cascade,
  source text not null,
  record_id text not null,
  person_id text not null,
  primary key (run_id, source, record_id)
);

create table identified_family (
  run_id uuid not null references identification_run (id) on delete cascade,
  council_id uuid not null references organisation (id),
  family_id text not null,
  eligible boolean not null,
  programme_family boolean not null,
  problems text[] not null,
  problem_count integer not null,
  member_count integer not null,
  children_ages integer[] not null,
  youngest_child_age integer,
  postcode_district text,
  latest_evidence date,
  -- Compared with the previous run: new, newly_eligible, no_longer_eligible, changed or unchanged.
  change text check (change in ('new', 'newly_eligible', 'no_longer_eligible', 'changed', 'unchanged')),
  problems_gained text[] not null default '{}',
  problems_resolved text[] not null default '{}',
  primary key (run_id, family_id)
);
create index identified_family_priority on identified_family (run_id, problem_count desc, youngest_child_age, latest_evidence desc);

create table identified_member (
  run_id uuid not null references identification_run (id) on delete cascade,
  family_id text not null,
  person_id text not null,
  -- The name most of the person's records give, so a keyworker (who cannot read extracts) knows who is who.
  given_name text,
  family_name text,
  date_of_birth date,
  age integer,
  role text not null check (role in ('child', 'adult', 'unknown')),
  primary key (run_id, family_id, person_id)
);

-- Every fact of a family's members up to the assessment date: the timeline, and what evidence points at.
create table identified_fact (
  run_id uuid not null references identification_run (id) on delete cascade,
  family_id text not null,
  person_id text not null,
  -- The extract row: its upload and line, and the agreement version the upload was checked against (kept here
  -- because a keyworker may read neither uploads nor agreements).
  upload_id uuid not null,
  line integer not null,
  source text not null,
  organisation_id uuid not null references organisation (id),
  agreement_id uuid,
  agreement_reference text,
  agreement_version integer,
  record_id text not null,
  code text not null,
  fact_start date not null,
  fact_end date,
  fact_value numeric,
  primary key (run_id, upload_id, line)
);
create index identified_fact_family on identified_fact (run_id, family_id);

create table identified_evidence (
  run_id uuid not null references identification_run (id) on delete cascade,
  family_id text not null,
  problem text not null,
  indicator text not null,
  person_id text not null,
  upload_id uuid not null,
  line integer not null
);
create index identified_evidence_family on identified_evidence (run_id, family_id);

-- Who is involved: partners' rows naming a lead worker, with no fact or a fact current at the assessment date.
create table identified_involvement (
  run_id uuid not null references identification_run (id) on delete cascade,
  family_id text not null,
  organisation_id uuid not null references organisation (id),
  source text not null,
  lead_worker text not null,
  lead_worker_contact text,
  person_ids text[] not null,
  fact_codes text[] not null,
  since date
);
create index identified_involvement_family on identified_involvement (run_id, family_id);

-- The work with a family, which outlives runs: family ids stay stable while the family's people do.
create table family_casework (
  council_id uuid not null references organisation (id),
  family_id text not null,
  status text not null default 'identified'
    check (status in ('identified', 'assessed', 'allocated', 'working', 'closed')),
  eligibility text check (eligibility in ('confirmed', 'rejected')),
  eligibility_reason text,
  -- consent, or the lawful basis relied on without it (named in basis_note).
  consent text check (consent in ('consent_given', 'lawful_basis')),
  basis_note text,
  keyworker_id uuid references app_user (id),
  lead_professional text,
  closure_reason text,
  updated_by uuid not null references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (council_id, family_id)
);
create index family_casework_keyworker on family_casework (keyworker_id);

create table family_casework_change (
  id bigint generated always as identity primary key,
  council_id uuid not null,
  family_id text not null,
  status text not null,
  -- What was done: assessed, allocated, started, closed; and the reason or note given.
  event text not null check (event in ('assessed', 'allocated', 'started', 'closed', 'reopened')),
  note text,
  keyworker_id uuid,
  changed_by uuid not null references app_user (id),
  changed_at timestamptz not null default now(),
  foreign key (council_id, family_id) references family_casework (council_id, family_id)
);
create index family_casework_change_family on family_casework_change (council_id, family_id, id);

create function kindred_coordinates_families() returns boolean language sql stable as $$
  select kindred_is_council_user() and kindred_has_role('coordinator')
$$;

-- The families allocated to the acting keyworker (security definer: the casework table's own policy reads it).
create function kindred_allocated_families() returns setof text language sql stable security definer
set search_path = public as $$
  select family_id from family_casework
  where keyworker_id = kindred_user_id() and council_id = kindred_user_organisation() and kindred_has_role('keyworker')
$$;

-- A coordinator chooses a keyworker of their own council; no one else may list the council's staff.
create function kindred_council_keyworkers() returns table (user_id uuid, display_name text)
language sql stable security definer set search_path = public as $$
  select id, display_name from app_user
  where organisation_id = kindred_user_organisation() and active and 'keyworker' = any (roles)
    and (kindred_is_council_user() and (kindred_has_role('coordinator') or kindred_has_role('analyst')))
  order by display_name
$$;

-- Who did what in a family's casework: names of colleagues in the same council, to the council's programme staff.
create function kindred_colleague_name(colleague uuid) returns text language sql stable security definer
set search_path = public as $$
  select display_name from app_user
  where id = colleague and organisation_id = kindred_user_organisation()
    and (id = kindred_user_id() or kindred_reads_partnership_data() or kindred_has_role('keyworker'))
$$;

alter table identification_run enable row level security;
alter table identified_person enable row level security;
alter table identified_family enable row level security;
alter table identified_member enable row level security;
alter table identified_fact enable row level security;
alter table identified_evidence enable row level security;
alter table identified_involvement enable row level security;
alter table family_casework enable row level security;
alter table family_casework_change enable row level security;

-- Runs hold figures, not personal data: the council's coordinators, analysts and keyworkers see them.
create policy identification_run_read on identification_run for select using (
  council_id = (select kindred_user_organisation())
  and ((select kindred_reads_partnership_data()) or (select kindred_has_role('keyworker'))));
create policy identification_run_start on identification_run for insert with check (
  run_by = (select kindred_user_id()) and council_id = (select kindred_user_organisation())
  and (select kindred_coordinates_families()));
create policy identification_run_progress on identification_run for update
  using (run_by = (select kindred_user_id()) and state = 'running')
  with check (run_by = (select kindred_user_id()));

-- The results of finished runs: all of them to coordinators and analysts, only allocated families to keyworkers.
create policy identified_person_read on identified_person for select using (
  run_id in (select id from identification_run where state = 'finished')
  and (select kindred_reads_partnership_data()));
create policy identified_family_read on identified_family for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));
create policy identified_member_read on identified_member for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));
create policy identified_fact_read on identified_fact for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));
create policy identified_evidence_read on identified_evidence for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));
create policy identified_involvement_read on identified_involvement for select using (
  run_id in (select id from identification_run where state = 'finished')
  and ((select kindred_reads_partnership_data()) or family_id in (select kindred_allocated_families())));

-- Only the coordinator running a run writes its rows, and only while it runs (a failed run's rows are removed).
create policy identified_person_write on identified_person for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));
create policy identified_family_write on identified_family for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));
create policy identified_member_write on identified_member for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));
create policy identified_fact_write on identified_fact for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));
create policy identified_evidence_write on identified_evidence for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));
create policy identified_involvement_write on identified_involvement for all
  using (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())))
  with check (run_id in (select id from identification_run where state = 'running' and run_by = (select kindred_user_id())));

create policy family_casework_read on family_casework for select using (
  (council_id = (select kindred_user_organisation()) and (select kindred_reads_partnership_data()))
  or family_id in (select kindred_allocated_families()));
create policy family_casework_coordinate on family_casework for all
  using (council_id = (select kindred_user_organisation()) and (select kindred_coordinates_families()))
  with check (council_id = (select kindred_user_organisation()) and (select kindred_coordinates_families())
              and updated_by = (select kindred_user_id()));
-- The allocated keyworker starts the work; the trigger below keeps them to that.
create policy family_casework_keyworker on family_casework for update
  using (family_id in (select kindred_allocated_families()))
  with check (keyworker_id = (select kindred_user_id()) and updated_by = (select kindred_user_id()));

create function kindred_casework_keyworker_change() returns trigger language plpgsql as $$
begin
  if kindred_coordinates_families() then
    return new;
  end if;
  if new.status <> 'working' or old.status <> 'allocated'
     or (new.eligibility, new.eligibility_reason, new.consent, new.basis_note, new.keyworker_id, new.lead_professional,
         new.closure_reason, new.council_id, new.family_id)
        is distinct from (old.eligibility, old.eligibility_reason, old.consent, old.basis_note, old.keyworker_id,
                          old.lead_professional, old.closure_reason, old.council_id, old.family_id) then
    raise exception 'a keyworker may only start the work with a family allocated to them' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger family_casework_keyworker_change before update on family_casework
  for each row execute function kindred_casework_keyworker_change();

create policy family_casework_change_read on family_casework_change for select using (
  (council_id = (select kindred_user_organisation()) and (select kindred_reads_partnership_data()))
  or family_id in (select kindred_allocated_families()));
create policy family_casework_change_write on family_casework_change for insert with check (
  changed_by = (select kindred_user_id())
  and (council_id, family_id) in (select council_id, family_id from family_casework));

grant select, insert on identification_run to kindred_app;
grant update (state, phase, progress_done, progress_total, upload_ids, rows_read, records, people, families,
              eligible_families, previous_run_id, reason, finished_at) on identification_run to kindred_app;
grant select, insert, delete on identified_person, identified_member, identified_fact, identified_evidence,
  identified_involvement to kindred_app;
grant select, insert, update, delete on identified_family to kindred_app;
grant select, insert, update on family_casework to kindred_app;
grant select, insert on family_casework_change to kindred_app;
