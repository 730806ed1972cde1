-- Partner practitioners (a teacher, a police officer, a housing officer working with a family) see the
-- identified families their organisation is already involved with, only where an agreement in force says
-- its recipients may: the family's members, who else is involved, and the facts shared under such an
-- agreement that its current version still lists. Never the problems or eligibility, which rest on other
-- partners' data.

alter table app_user drop constraint app_user_roles_known;
alter table app_user add constraint app_user_roles_known check (roles <@ array['coordinator', 'keyworker',
  'partner_data_officer', 'ig_officer', 'analyst', 'board_viewer', 'administrator', 'partner_practitioner']::text[]);

-- A term of the agreement like any other: set in draft, signed with the rest, changed only by a new version.
alter table agreement_version add column recipients_see_families boolean not null default false;
grant insert (recipients_see_families), update (recipients_see_families) on agreement_version to kindred_app;

create function kindred_agreement_version_family_term() returns trigger language plpgsql as $$
begin
  if old.state <> 'draft' and new.recipients_see_families is distinct from old.recipients_see_families then
    raise exception 'version % is %: its terms cannot change; make a new version', old.version, old.state
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger agreement_version_family_term before update on agreement_version
  for each row execute function kindred_agreement_version_family_term();

create index identified_involvement_organisation on identified_involvement (organisation_id, run_id);

-- The agreements in force today whose recipients may see the families they work with, that the acting
-- practitioner's organisation receives under, with the fact codes their version in force lists.
create function kindred_practitioner_agreements() returns table (agreement_id uuid, council_id uuid, fact_codes text[])
language plpgsql stable security definer set search_path = public as $$
declare
  practitioner_organisation uuid;
  today date := (now() at time zone 'Europe/London')::date;
begin
  select u.organisation_id into practitioner_organisation from app_user u
  where u.id = kindred_user_id() and u.active and 'partner_practitioner' = any (u.roles);
  if practitioner_organisation is null then
    return;
  end if;
  return query
    select a.id, a.organisation_id, v.fact_codes
    from agreement a
    join agreement_version v on v.agreement_id = a.id
    join agreement_party p on p.version_id = v.id
    where v.state = 'signed' and v.recipients_see_families and v.start_date <= today and today <= v.end_date
      and p.organisation_id = practitioner_organisation and p.receives;
end
$$;

-- The families the acting practitioner's organisation is involved with, in the newest finished run of each
-- council that keeps such an agreement with it.
create function kindred_practitioner_families() returns table (run_id uuid, family_id text, as_of date)
language plpgsql stable security definer set search_path = public as $$
declare
  practitioner_organisation uuid := kindred_user_organisation();
begin
  return query
    select distinct i.run_id, i.family_id, newest.as_of
    from identified_involvement i
    join (select distinct on (r.council_id) r.id, r.as_of from identification_run r
          where r.state = 'finished' and r.council_id in (select g.council_id from kindred_practitioner_agreements() g)
          order by r.council_id, r.finished_at desc) newest on newest.id = i.run_id
    where i.organisation_id = practitioner_organisation;
end
$$;

create policy identified_member_practitioner on identified_member for select using (
  (run_id, family_id) in (select p.run_id, p.family_id from kindred_practitioner_families() p));
create policy identified_involvement_practitioner on identified_involvement for select using (
  (run_id, family_id) in (select p.run_id, p.family_id from kindred_practitioner_families() p));
create policy identified_fact_practitioner on identified_fact for select using (
  (run_id, family_id) in (select p.run_id, p.family_id from kindred_practitioner_families() p)
  and (agreement_id, code) in (select g.agreement_id, unnest(g.fact_codes) from kindred_practitioner_agreements() g));

-- The public register says whether recipients' practitioners see the families they work with.
drop function kindred_public_register(date);
create function kindred_public_register(on_day date)
returns table (reference text, version integer, title text, keeper text, purposes text[], art6_basis text,
               art9_condition text, gateway text, gateway_detail text, identity_columns text[], fact_codes text[],
               recipients_see_families boolean, frequency text, transfer_method text, retention_months integer,
               start_date date, review_date date, end_date date, parties jsonb)
language sql stable security definer set search_path = public as $$
  select a.reference, v.version, v.title, k.name, v.purposes, v.art6_basis, v.art9_condition, v.gateway,
         v.gateway_detail, v.identity_columns, v.fact_codes, v.recipients_see_families, v.frequency,
         v.transfer_method, v.retention_months, v.start_date, v.review_date, v.end_date,
         (select jsonb_agg(jsonb_build_object('name', o.name, 'kind', o.kind, 'role', p.role,
                                              'provides', p.provides, 'receives', p.receives) order by o.name)
          from agreement_party p join organisation o on o.id = p.organisation_id where p.version_id = v.id)
  from agreement_version v
  join agreement a on a.id = v.agreement_id
  join organisation k on k.id = a.organisation_id
  where v.state = 'signed' and v.start_date <= on_day and on_day <= v.end_date
  order by a.reference
$$;
