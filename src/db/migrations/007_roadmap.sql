-- The sharing roadmap: every data flow the partnership wants, its stage with the full history of changes,
-- the headline problems (tf-2015) its data evidences, and its barriers and actions.

alter table data_flow
  add column stage text not null default 'identified' check (stage in ('identified', 'gateway_agreed',
    'agreement_drafted', 'signed', 'test_extract', 'live', 'automated')),
  add column stage_changed_on date not null default current_date,
  add column stage_note text,
  add column problems text[] not null default '{}'
    check (problems <@ array['crime', 'education', 'children', 'work', 'dv', 'health']::text[]),
  add column description text;

create table data_flow_stage_change (
  id bigint generated always as identity primary key,
  data_flow_id uuid not null references data_flow (id),
  from_stage text,
  to_stage text not null,
  changed_on date not null,
  note text,
  changed_by uuid references app_user (id),
  -- Kept with the change: the application cannot read other people's accounts.
  changed_by_name text,
  recorded_at timestamptz not null default now()
);
create index data_flow_stage_change_flow on data_flow_stage_change (data_flow_id, changed_on);

-- Flows that existed before the roadmap start their history on the day they were created.
insert into data_flow_stage_change (data_flow_id, from_stage, to_stage, changed_on)
select id, null, stage, created_at::date from data_flow;
update data_flow set stage_changed_on = created_at::date;

-- Every stage a flow reaches is written to its history, by whatever path the flow changed; the history is
-- append-only for the application.
create function kindred_data_flow_stage_recorded() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  if tg_op = 'UPDATE' then
    if new.stage is not distinct from old.stage then
      new.stage_changed_on := old.stage_changed_on;
      new.stage_note := old.stage_note;
      return new;
    end if;
    if new.stage_changed_on < old.stage_changed_on then
      raise exception 'a stage change cannot be dated before the flow''s previous change (%)', old.stage_changed_on
        using errcode = '23514';
    end if;
  end if;
  insert into data_flow_stage_change (data_flow_id, from_stage, to_stage, changed_on, note, changed_by, changed_by_name)
  values (new.id, case when tg_op = 'UPDATE' then old.stage end, new.stage, new.stage_changed_on, new.stage_note,
          kindred_user_id(), (select display_name from app_user where id = kindred_user_id()));
  return new;
end
$$;
create trigger data_flow_stage_recorded_update before update on data_flow
  for each row execute function kindred_data_flow_stage_recorded();
-- After insert: the history row refers to the flow, which must exist first.
create function kindred_data_flow_stage_started() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  insert into data_flow_stage_change (data_flow_id, from_stage, to_stage, changed_on, note, changed_by, changed_by_name)
  values (new.id, null, new.stage, new.stage_changed_on, new.stage_note, kindred_user_id(),
          (select display_name from app_user where id = kindred_user_id()));
  return null;
end
$$;
create trigger data_flow_stage_started after insert on data_flow
  for each row execute function kindred_data_flow_stage_started();

create table data_flow_barrier (
  id uuid primary key default gen_random_uuid(),
  data_flow_id uuid not null references data_flow (id),
  description text not null check (description <> ''),
  raised_on date not null,
  resolved_on date,
  resolution text,
  created_by uuid references app_user (id) default kindred_user_id(),
  created_at timestamptz not null default now(),
  check (resolved_on >= raised_on)
);
create index data_flow_barrier_flow on data_flow_barrier (data_flow_id);

create table data_flow_action (
  id uuid primary key default gen_random_uuid(),
  data_flow_id uuid not null references data_flow (id),
  description text not null check (description <> ''),
  owner text not null check (owner <> ''),
  owner_organisation_id uuid references organisation (id),
  due_on date not null,
  done_on date,
  created_by uuid references app_user (id) default kindred_user_id(),
  created_at timestamptz not null default now()
);
create index data_flow_action_flow on data_flow_action (data_flow_id);

-- Council coordinators plan the roadmap.
create function kindred_plans_roadmap() returns boolean language sql stable as $$
  select kindred_is_council_user() and kindred_has_role('coordinator')
$$;

create policy data_flow_roadmap_create on data_flow for insert with check ((select kindred_plans_roadmap()));
create policy data_flow_roadmap_change on data_flow for update
  using ((select kindred_plans_roadmap())) with check ((select kindred_plans_roadmap()));

alter table data_flow_stage_change enable row level security;
alter table data_flow_barrier enable row level security;
alter table data_flow_action enable row level security;

-- The roadmap holds no personal data beyond owners' names: the partnership reads it, as it reads data flows.
create policy data_flow_stage_change_read on data_flow_stage_change for select
  using ((select kindred_user_id()) is not null);
create policy data_flow_barrier_read on data_flow_barrier for select using ((select kindred_user_id()) is not null);
create policy data_flow_barrier_plan on data_flow_barrier for all
  using ((select kindred_plans_roadmap())) with check ((select kindred_plans_roadmap()));
create policy data_flow_action_read on data_flow_action for select using ((select kindred_user_id()) is not null);
create policy data_flow_action_plan on data_flow_action for all
  using ((select kindred_plans_roadmap())) with check ((select kindred_plans_roadmap()));

grant select on data_flow_stage_change to kindred_app;
grant select, insert, update on data_flow_barrier to kindred_app;
grant select, insert, update on data_flow_action to kindred_app;
