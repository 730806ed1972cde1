-- API tokens: a partner data officer creates them to upload from their own systems. Only the SHA-256 of a
-- token is stored; the application finds a token's holder through a function and never reads the hashes.

create table api_token (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id),
  organisation_id uuid not null references organisation (id),
  name text not null check (name <> '' and length(name) <= 100),
  token_hash bytea not null unique,
  -- The first characters of the token, so its holder can tell tokens apart; far too few to use.
  prefix text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_token_user on api_token (user_id);

alter table api_token enable row level security;
create policy api_token_own on api_token for select
  using (user_id = (select kindred_user_id()) or (select kindred_has_role('administrator')));
create policy api_token_create on api_token for insert with check (
  user_id = (select kindred_user_id())
  and organisation_id = (select kindred_user_organisation())
  and (select kindred_has_role('partner_data_officer')));
create policy api_token_revoke on api_token for update
  using (user_id = (select kindred_user_id()) or (select kindred_has_role('administrator')))
  with check (revoked_at is not null);

grant select (id, user_id, organisation_id, name, prefix, created_at, expires_at, last_used_at, revoked_at)
  on api_token to kindred_app;
grant insert (user_id, organisation_id, name, token_hash, prefix, expires_at) on api_token to kindred_app;
grant update (revoked_at) on api_token to kindred_app;

-- The holder of a live token (their account still active), noting when it was used.
create function kindred_find_api_token(hash bytea)
returns table (token_id uuid, user_id uuid, organisation_id uuid) language sql security definer
set search_path = public as $$
  update api_token t set last_used_at = now()
  from app_user u
  where t.token_hash = hash and t.revoked_at is null and t.expires_at > now()
    and u.id = t.user_id and u.active and u.organisation_id = t.organisation_id
  returning t.id, t.user_id, t.organisation_id
$$;
