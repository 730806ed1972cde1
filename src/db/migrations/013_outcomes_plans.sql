-- Outcomes Plans: a council's local criteria frameworks, each saved version kept whole. A version is never
-- changed or removed once saved (an edit is a new version), so an identification that names a framework
-- version can always be explained by the rules it used.

create table local_framework_version (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisation (id),
  -- Lower-case letters, digits and hyphens; never a shipped framework's id.
  framework_id text not null check (framework_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(framework_id) <= 60
                                    and framework_id not in ('tf-2015', 'sf-2022', 'dea-2017')),
  version integer not null check (version >= 1),
  title text not null check (title <> ''),
  -- The framework file (decision 004) exactly as it was checked and saved.
  definition jsonb not null,
  based_on_id text not null,
  based_on_version integer not null check (based_on_version >= 1),
  change_note text not null check (change_note <> ''),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  unique (council_id, framework_id, version),
  check (definition ->> 'id' = framework_id and definition ->> 'version' = version::text
         and definition ->> 'title' = title)
);

-- Versions are numbered 1, 2, 3 … per framework with no gaps, whoever saves them.
create function kindred_local_framework_version_numbered() returns trigger language plpgsql security definer
set search_path = public as $$
declare
  latest integer;
begin
  select max(version) into latest from local_framework_version
  where council_id = new.council_id and framework_id = new.framework_id;
  if new.version <> coalesce(latest, 0) + 1 then
    raise exception 'framework % of this council is at version %, so the next version is %, not %',
      new.framework_id, coalesce(latest, 0), coalesce(latest, 0) + 1, new.version using errcode = '23505';
  end if;
  return new;
end
$$;
create trigger local_framework_version_numbered before insert on local_framework_version
  for each row execute function kindred_local_framework_version_numbered();

-- Not even the owner edits history: refused for every statement, whatever the grants.
create function kindred_local_framework_version_kept() returns trigger language plpgsql as $$
begin
  raise exception 'a saved framework version is never changed or removed; save a new version instead'
    using errcode = '42501';
end
$$;
create trigger local_framework_version_kept before update or delete or truncate on local_framework_version
  for each statement execute function kindred_local_framework_version_kept();

alter table local_framework_version enable row level security;

-- The council's programme staff read its frameworks; keyworkers too, so the evidence they see can name them.
create policy local_framework_version_read on local_framework_version for select using (
  council_id = (select kindred_user_organisation()) and (select kindred_is_council_user())
  and ((select kindred_has_role('coordinator')) or (select kindred_has_role('analyst'))
       or (select kindred_has_role('keyworker'))));
-- Only the council's coordinators save versions, in their own name.
create policy local_framework_version_save on local_framework_version for insert with check (
  council_id = (select kindred_user_organisation()) and (select kindred_is_council_user())
  and (select kindred_has_role('coordinator')) and created_by = (select kindred_user_id()));

grant select, insert on local_framework_version to kindred_app;
