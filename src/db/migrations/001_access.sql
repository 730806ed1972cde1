-- Who is who: organisations, users, sessions; and the helpers row-level security policies use.

create table organisation (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  kind text not null check (kind in ('council', 'police', 'education', 'dwp', 'health', 'housing',
                                      'childrens_services', 'domestic_abuse', 'other')),
  created_at timestamptz not null default now()
);

create table app_user (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisation (id),
  email text not null,
  display_name text not null,
  password_hash text,
  oidc_subject text unique,
  roles text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  constraint app_user_roles_known check (roles <@ array['coordinator', 'keyworker', 'partner_data_officer',
    'ig_officer', 'analyst', 'board_viewer', 'administrator']::text[])
);
create unique index app_user_email on app_user (lower(email));

create table user_session (
  token_hash bytea primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now()
);
create index user_session_user on user_session (user_id);

-- The acting user comes from the transaction; the rest is looked up, never trusted from the application.
create function kindred_user_id() returns uuid language sql stable as $$
  select nullif(current_setting('kindred.user_id', true), '')::uuid
$$;

create function kindred_user_organisation() returns uuid language sql stable security definer
set search_path = public as $$
  select organisation_id from app_user where id = kindred_user_id() and active
$$;

create function kindred_has_role(wanted text) returns boolean language sql stable security definer
set search_path = public as $$
  select coalesce((select wanted = any (roles) from app_user where id = kindred_user_id() and active), false)
$$;

create function kindred_is_council_user() returns boolean language sql stable security definer
set search_path = public as $$
  select coalesce((select o.kind = 'council' from app_user u join organisation o on o.id = u.organisation_id
                   where u.id = kindred_user_id() and u.active), false)
$$;

-- Sign-in and sessions go through these functions only: the application cannot read password hashes or
-- list sessions.
create function kindred_sign_in_candidate(candidate_email text)
returns table (user_id uuid, password_hash text, active boolean) language sql stable security definer
set search_path = public as $$
  select id, password_hash, active from app_user where lower(email) = lower(candidate_email)
$$;

create function kindred_user_by_oidc_subject(subject text)
returns table (user_id uuid, active boolean) language sql stable security definer
set search_path = public as $$
  select id, active from app_user where oidc_subject = subject
$$;

create function kindred_open_session(for_user uuid, hash bytea, csrf text, lifetime interval) returns void
language sql security definer set search_path = public as $$
  delete from user_session where expires_at < now();
  update app_user set last_sign_in_at = now() where id = for_user;
  insert into user_session (token_hash, user_id, csrf_token, expires_at) values (hash, for_user, csrf, now() + lifetime);
$$;

create function kindred_find_session(hash bytea, idle interval)
returns table (user_id uuid, organisation_id uuid, csrf_token text) language sql security definer
set search_path = public as $$
  update user_session s set last_seen_at = now()
  from app_user u
  where s.token_hash = hash and s.expires_at > now() and s.last_seen_at > now() - idle
    and u.id = s.user_id and u.active
  returning s.user_id, u.organisation_id, s.csrf_token
$$;

create function kindred_end_session(hash bytea) returns void language sql security definer
set search_path = public as $$
  delete from user_session where token_hash = hash
$$;

create function kindred_set_password(for_user uuid, new_hash text) returns void language plpgsql security definer
set search_path = public as $$
begin
  if for_user <> kindred_user_id() and not kindred_has_role('administrator') then
    raise exception 'only an administrator may set another user''s password' using errcode = '42501';
  end if;
  update app_user set password_hash = new_hash where id = for_user;
  delete from user_session where user_id = for_user and for_user <> kindred_user_id();
end
$$;

alter table organisation enable row level security;
alter table app_user enable row level security;
alter table user_session enable row level security;

-- Organisation names are not personal data: everyone signed in sees the partnership.
create policy organisation_read on organisation for select using (kindred_user_id() is not null);
create policy organisation_admin on organisation for all
  using (kindred_has_role('administrator')) with check (kindred_has_role('administrator'));

create policy app_user_self on app_user for select using (id = kindred_user_id());
create policy app_user_admin_read on app_user for select using (kindred_has_role('administrator'));
create policy app_user_admin_write on app_user for insert with check (kindred_has_role('administrator'));
create policy app_user_admin_update on app_user for update
  using (kindred_has_role('administrator')) with check (kindred_has_role('administrator'));

grant select, insert, update on organisation to kindred_app;
grant select (id, organisation_id, email, display_name, oidc_subject, roles, active, created_at, last_sign_in_at)
  on app_user to kindred_app;
grant insert (organisation_id, email, display_name, password_hash, oidc_subject, roles, active) on app_user to kindred_app;
grant update (display_name, roles, active, organisation_id, oidc_subject) on app_user to kindred_app;
