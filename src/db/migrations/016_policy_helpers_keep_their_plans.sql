-- The helpers row-level security calls on every statement, rewritten in PL/pgSQL. A security-definer SQL
-- function is never inlined, and its body is planned again for every statement that calls it: on a busy
-- families list that planning was most of the server's time (about 20 calls and 10 ms per page). PL/pgSQL
-- keeps each body's plan for the life of the connection. What each function answers is unchanged.

create or replace function kindred_user_organisation() returns uuid language plpgsql stable security definer
set search_path = public as $$
begin
  return (select organisation_id from app_user where id = kindred_user_id() and active);
end
$$;

create or replace function kindred_has_role(wanted text) returns boolean language plpgsql stable security definer
set search_path = public as $$
begin
  return coalesce((select wanted = any (roles) from app_user where id = kindred_user_id() and active), false);
end
$$;

create or replace function kindred_is_council_user() returns boolean language plpgsql stable security definer
set search_path = public as $$
begin
  return coalesce((select o.kind = 'council' from app_user u join organisation o on o.id = u.organisation_id
                   where u.id = kindred_user_id() and u.active), false);
end
$$;

create or replace function kindred_allocated_families() returns setof text language plpgsql stable security definer
set search_path = public as $$
begin
  return query
    select family_id from family_casework
    where keyworker_id = kindred_user_id() and council_id = kindred_user_organisation() and kindred_has_role('keyworker');
end
$$;

create or replace function kindred_colleague_name(colleague uuid) returns text language plpgsql stable security definer
set search_path = public as $$
begin
  return (select display_name from app_user
          where id = colleague and organisation_id = kindred_user_organisation()
            and (id = kindred_user_id() or kindred_reads_partnership_data() or kindred_has_role('keyworker')));
end
$$;

create or replace function kindred_agreements_of_my_organisation() returns uuid[] language plpgsql stable
security definer set search_path = public as $$
begin
  return (select coalesce(array_agg(a.id), '{}') from agreement a
          where a.organisation_id = kindred_user_organisation()
             or exists (select 1 from agreement_version v join agreement_party p on p.version_id = v.id
                        where v.agreement_id = a.id and p.organisation_id = kindred_user_organisation()));
end
$$;

create or replace function kindred_versions_of_my_organisation() returns uuid[] language plpgsql stable
security definer set search_path = public as $$
begin
  return (select coalesce(array_agg(version_id), '{}') from agreement_party
          where organisation_id = kindred_user_organisation());
end
$$;
