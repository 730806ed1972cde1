-- Partners' assurance and governance contacts; information sharing agreements, their versions, parties and
-- signatures. A version's state is stored (draft, in_review, signed, withdrawn, superseded); whether a signed
-- version is active or expired is worked out from its dates on the day asked, so no clock job is needed.

create table partner_profile (
  organisation_id uuid primary key references organisation (id),
  ico_registration text check (ico_registration ~ '^Z[A-Z0-9]{7}$'),
  dspt_status text check (dspt_status in ('standards_exceeded', 'standards_met', 'approaching_standards',
                                          'standards_not_met', 'not_published', 'not_required')),
  dspt_published_on date,
  updated_at timestamptz not null default now()
);

create table partner_contact (
  organisation_id uuid not null references organisation (id),
  contact_role text not null check (contact_role in ('ig_officer', 'caldicott_guardian', 'siro', 'dpo')),
  name text not null check (name <> ''),
  email text,
  phone text,
  primary key (organisation_id, contact_role)
);

create sequence agreement_reference_seq;

create table agreement (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique default ('ISA-' || lpad(nextval('agreement_reference_seq')::text, 3, '0')),
  -- The council that drafts and keeps the agreement.
  organisation_id uuid not null references organisation (id),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);

create table agreement_version (
  id uuid primary key default gen_random_uuid(),
  agreement_id uuid not null references agreement (id),
  version integer not null check (version >= 1),
  state text not null default 'draft' check (state in ('draft', 'in_review', 'signed', 'withdrawn', 'superseded')),
  title text not null check (title <> ''),
  purposes text[] not null default '{}',
  art6_basis text check (art6_basis in ('a', 'b', 'c', 'd', 'e', 'f')),
  art9_condition text check (art9_condition in ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')),
  dpa2018_condition text,
  gateway text check (gateway in ('children_act_2004_s10', 'children_act_2004_s11', 'crime_and_disorder_act_1998_s115',
                                  'si_2012_1483_reg5', 'digital_economy_act_2017_s35', 'other')),
  gateway_detail text,
  identity_columns text[] not null default '{}' check (identity_columns <@ array['nhs_number', 'given_name',
    'family_name', 'date_of_birth', 'sex', 'address_line_1', 'address_line_2', 'town', 'postcode', 'uprn',
    'household_ref', 'lead_worker', 'lead_worker_contact']::text[]),
  fact_codes text[] not null default '{}' check (cardinality(fact_codes) = 0
    or array_to_string(fact_codes, ',') ~ '^[a-z]+\.[a-z0-9_]+(,[a-z]+\.[a-z0-9_]+)*$'),
  frequency text check (frequency in ('one_off', 'daily', 'weekly', 'monthly', 'quarterly', 'annually', 'on_request')),
  transfer_method text check (transfer_method in ('kindred_upload', 'kindred_api', 'match_tokens', 'sftp', 'secure_email')),
  retention_months integer check (retention_months between 1 and 1200),
  deletion text,
  security_measures text,
  dpia_reference text,
  start_date date,
  review_date date,
  end_date date,
  imported_from text,
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  signed_at timestamptz,
  withdrawn_at timestamptz,
  withdrawn_by uuid references app_user (id),
  withdrawn_reason text,
  unique (agreement_id, version),
  check (end_date >= start_date),
  check (review_date between start_date and end_date),
  -- What goes for review must be complete; a draft may be saved half-written.
  constraint agreement_version_complete check (state in ('draft', 'withdrawn') or (
    cardinality(purposes) > 0 and art6_basis is not null and gateway is not null
    and (gateway <> 'other' or coalesce(gateway_detail, '') <> '')
    and cardinality(identity_columns) + cardinality(fact_codes) > 0
    and frequency is not null and transfer_method is not null and retention_months is not null
    and coalesce(deletion, '') <> '' and coalesce(security_measures, '') <> ''
    and start_date is not null and review_date is not null and end_date is not null
    and (art9_condition is not null or array_to_string(fact_codes, ',') !~ '(^|,)health\.')))
);
-- One version open for change at a time, and at most one in force.
create unique index agreement_version_open on agreement_version (agreement_id) where state in ('draft', 'in_review');
create unique index agreement_version_in_force on agreement_version (agreement_id) where state = 'signed';

create table agreement_party (
  version_id uuid not null references agreement_version (id) on delete cascade,
  organisation_id uuid not null references organisation (id),
  role text not null check (role in ('controller', 'joint_controller', 'processor')),
  provides boolean not null default false,
  receives boolean not null default false,
  check (provides or receives),
  primary key (version_id, organisation_id)
);
create index agreement_party_organisation on agreement_party (organisation_id);

create table agreement_signature (
  version_id uuid not null references agreement_version (id),
  organisation_id uuid not null references organisation (id),
  signed_by uuid not null references app_user (id),
  signatory_name text not null,
  signatory_job_title text not null check (signatory_job_title <> ''),
  signed_at timestamptz not null default now(),
  primary key (version_id, organisation_id)
);

-- Which data flow an agreement governs: ingestion reads the agreement's terms through it.
alter table data_flow add column agreement_id uuid references agreement (id);

-- Agreements the acting user's organisation keeps or is a party to, in any version. Security definer so the
-- policies below can ask it without recursing through each other.
create function kindred_agreements_of_my_organisation() returns uuid[] language sql stable security definer
set search_path = public as $$
  select coalesce(array_agg(a.id), '{}') from agreement a
  where a.organisation_id = kindred_user_organisation()
     or exists (select 1 from agreement_version v join agreement_party p on p.version_id = v.id
                where v.agreement_id = a.id and p.organisation_id = kindred_user_organisation())
$$;

-- Versions the acting user's organisation is a party to (for the same reason, security definer).
create function kindred_versions_of_my_organisation() returns uuid[] language sql stable security definer
set search_path = public as $$
  select coalesce(array_agg(version_id), '{}') from agreement_party where organisation_id = kindred_user_organisation()
$$;

-- Everyone who works with sharing reads its agreements; keyworkers do not need them.
create function kindred_reads_agreements() returns boolean language sql stable as $$
  select kindred_has_role('coordinator') or kindred_has_role('ig_officer') or kindred_has_role('partner_data_officer')
      or kindred_has_role('analyst') or kindred_has_role('board_viewer') or kindred_has_role('administrator')
$$;

-- Council coordinators draft, change and submit agreements.
create function kindred_drafts_agreements() returns boolean language sql stable as $$
  select kindred_is_council_user() and kindred_has_role('coordinator')
$$;

-- The rules of a version's life: terms change only in draft; a version is signed only by its parties'
-- signatures (the signature trigger, running as the owner) and never by an update from the application.
create function kindred_agreement_version_change() returns trigger language plpgsql as $$
declare
  parties integer;
  providers integer;
  recipients integer;
begin
  if new.agreement_id <> old.agreement_id or new.version <> old.version or new.created_by <> old.created_by then
    raise exception 'a version cannot move to another agreement or number' using errcode = '42501';
  end if;
  if old.state <> 'draft' and (new.title, new.purposes, new.art6_basis, new.art9_condition, new.dpa2018_condition,
      new.gateway, new.gateway_detail, new.identity_columns, new.fact_codes, new.frequency, new.transfer_method,
      new.retention_months, new.deletion, new.security_measures, new.dpia_reference, new.start_date,
      new.review_date, new.end_date)
    is distinct from (old.title, old.purposes, old.art6_basis, old.art9_condition, old.dpa2018_condition,
      old.gateway, old.gateway_detail, old.identity_columns, old.fact_codes, old.frequency, old.transfer_method,
      old.retention_months, old.deletion, old.security_measures, old.dpia_reference, old.start_date,
      old.review_date, old.end_date) then
    raise exception 'version % is %: its terms cannot change; make a new version', old.version, old.state
      using errcode = '42501';
  end if;
  if new.state = old.state then
    return new;
  end if;
  if (old.state, new.state) not in (('draft', 'in_review'), ('draft', 'withdrawn'), ('in_review', 'draft'),
      ('in_review', 'withdrawn'), ('in_review', 'signed'), ('signed', 'withdrawn'), ('signed', 'superseded')) then
    raise exception 'a version cannot go from % to %', old.state, new.state using errcode = '42501';
  end if;
  if new.state in ('signed', 'superseded') and current_user <> 'kindred_owner' then
    raise exception 'a version is signed only by the signatures of every party' using errcode = '42501';
  end if;
  if new.state = 'in_review' then
    select count(*), count(*) filter (where provides), count(*) filter (where receives)
      into parties, providers, recipients from agreement_party where version_id = new.id;
    if parties < 2 or providers = 0 or recipients = 0 then
      raise exception 'an agreement needs at least two parties, one providing data and one receiving it'
        using errcode = '23514';
    end if;
    new.submitted_at := now();
  elsif new.state = 'signed' then
    new.signed_at := now();
  elsif new.state = 'withdrawn' then
    new.withdrawn_at := now();
    new.withdrawn_by := kindred_user_id();
  end if;
  return new;
end
$$;
create trigger agreement_version_change before update on agreement_version
  for each row execute function kindred_agreement_version_change();

create function kindred_agreement_version_insert() returns trigger language plpgsql as $$
begin
  new.created_by := kindred_user_id();
  new.submitted_at := null;
  new.signed_at := null;
  new.withdrawn_at := null;
  new.withdrawn_by := null;
  return new;
end
$$;
create trigger agreement_version_insert before insert on agreement_version
  for each row execute function kindred_agreement_version_insert();

-- Back to draft: the signatures collected so far were for terms that may now change.
create function kindred_agreement_version_reopened() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  delete from agreement_signature where version_id = new.id;
  return null;
end
$$;
create trigger agreement_version_reopened after update on agreement_version
  for each row when (old.state = 'in_review' and new.state = 'draft')
  execute function kindred_agreement_version_reopened();

-- The signatory's name comes from their account, not from the form.
create function kindred_agreement_signature_insert() returns trigger language plpgsql security definer
set search_path = public as $$
begin
  new.signatory_name := (select display_name from app_user where id = new.signed_by);
  new.signed_at := now();
  return new;
end
$$;
create trigger agreement_signature_insert before insert on agreement_signature
  for each row execute function kindred_agreement_signature_insert();

-- The last party's signature signs the version; the version it replaces stops being in force.
create function kindred_agreement_signature_signed() returns trigger language plpgsql security definer
set search_path = public as $$
declare
  outstanding integer;
  agreement uuid;
begin
  select count(*) into outstanding from agreement_party p
  where p.version_id = new.version_id
    and not exists (select 1 from agreement_signature s where s.version_id = p.version_id
                    and s.organisation_id = p.organisation_id);
  if outstanding = 0 then
    select agreement_id into agreement from agreement_version where id = new.version_id;
    update agreement_version set state = 'superseded' where agreement_id = agreement and state = 'signed';
    update agreement_version set state = 'signed' where id = new.version_id;
  end if;
  return null;
end
$$;
create trigger agreement_signature_signed after insert on agreement_signature
  for each row execute function kindred_agreement_signature_signed();

alter table partner_profile enable row level security;
alter table partner_contact enable row level security;
alter table agreement enable row level security;
alter table agreement_version enable row level security;
alter table agreement_party enable row level security;
alter table agreement_signature enable row level security;

-- Who a partner is and whom to ask about information governance: everyone signed in; administrators keep it.
create policy partner_profile_read on partner_profile for select using ((select kindred_user_id()) is not null);
create policy partner_profile_admin on partner_profile for all
  using ((select kindred_has_role('administrator'))) with check ((select kindred_has_role('administrator')));
create policy partner_contact_read on partner_contact for select using ((select kindred_user_id()) is not null);
create policy partner_contact_admin on partner_contact for all
  using ((select kindred_has_role('administrator'))) with check ((select kindred_has_role('administrator')));

create policy agreement_read on agreement for select using (
  (select kindred_reads_agreements())
  and (organisation_id = (select kindred_user_organisation()) or id = any ((select kindred_agreements_of_my_organisation())::uuid[])));
create policy agreement_draft on agreement for insert with check (
  (select kindred_drafts_agreements()) and organisation_id = (select kindred_user_organisation())
  and created_by = (select kindred_user_id()));

create policy agreement_version_read on agreement_version for select using (
  (select kindred_reads_agreements()) and agreement_id = any ((select kindred_agreements_of_my_organisation())::uuid[]));
create policy agreement_version_draft on agreement_version for insert with check (
  state = 'draft' and (select kindred_drafts_agreements())
  and agreement_id in (select id from agreement where organisation_id = (select kindred_user_organisation())));
-- The keeping council's coordinators edit drafts, submit them, take them back and withdraw.
create policy agreement_version_coordinate on agreement_version for update
  using ((select kindred_drafts_agreements()) and state in ('draft', 'in_review', 'signed')
         and agreement_id in (select id from agreement where organisation_id = (select kindred_user_organisation())))
  with check ((select kindred_drafts_agreements()) and state in ('draft', 'in_review', 'withdrawn')
         and agreement_id in (select id from agreement where organisation_id = (select kindred_user_organisation())));
-- A party's IG officer may withdraw their organisation's consent to a version in review or in force.
create policy agreement_version_party_withdraws on agreement_version for update
  using ((select kindred_has_role('ig_officer')) and state in ('in_review', 'signed')
         and id = any ((select kindred_versions_of_my_organisation())::uuid[]))
  with check ((select kindred_has_role('ig_officer')) and state = 'withdrawn'
         and id = any ((select kindred_versions_of_my_organisation())::uuid[]));

create policy agreement_party_read on agreement_party for select using (
  (select kindred_reads_agreements()) and version_id in (select id from agreement_version));
create policy agreement_party_draft on agreement_party for all
  using ((select kindred_drafts_agreements()) and version_id in (
    select v.id from agreement_version v join agreement a on a.id = v.agreement_id
    where v.state = 'draft' and a.organisation_id = (select kindred_user_organisation())))
  with check ((select kindred_drafts_agreements()) and version_id in (
    select v.id from agreement_version v join agreement a on a.id = v.agreement_id
    where v.state = 'draft' and a.organisation_id = (select kindred_user_organisation())));

create policy agreement_signature_read on agreement_signature for select using (
  (select kindred_reads_agreements()) and version_id in (select id from agreement_version));
-- Each party's IG officer signs for their own organisation only, with their own account, a version in review.
create policy agreement_signature_sign on agreement_signature for insert with check (
  signed_by = (select kindred_user_id())
  and organisation_id = (select kindred_user_organisation())
  and (select kindred_has_role('ig_officer'))
  and version_id in (select v.id from agreement_version v join agreement_party p on p.version_id = v.id
                     where v.state = 'in_review' and p.organisation_id = (select kindred_user_organisation())));

grant select, insert, update, delete on partner_profile to kindred_app;
grant select, insert, update, delete on partner_contact to kindred_app;
grant select, insert on agreement to kindred_app;
grant usage on sequence agreement_reference_seq to kindred_app;
grant select on agreement_version to kindred_app;
grant insert (agreement_id, version, title, purposes, art6_basis, art9_condition, dpa2018_condition, gateway,
  gateway_detail, identity_columns, fact_codes, frequency, transfer_method, retention_months, deletion,
  security_measures, dpia_reference, start_date, review_date, end_date, imported_from) on agreement_version to kindred_app;
grant update (state, title, purposes, art6_basis, art9_condition, dpa2018_condition, gateway, gateway_detail,
  identity_columns, fact_codes, frequency, transfer_method, retention_months, deletion, security_measures,
  dpia_reference, start_date, review_date, end_date, withdrawn_reason) on agreement_version to kindred_app;
grant select, insert, delete on agreement_party to kindred_app;
grant select on agreement_signature to kindred_app;
grant insert (version_id, organisation_id, signed_by, signatory_job_title) on agreement_signature to kindred_app;

-- The public register: active agreements' non-personal terms (no signatories, no contacts), for anyone.
create function kindred_public_register(on_day date)
returns table (reference text, version integer, title text, keeper text, purposes text[], art6_basis text,
               art9_condition text, gateway text, gateway_detail text, identity_columns text[], fact_codes text[],
               frequency text, transfer_method text, retention_months integer, start_date date, review_date date,
               end_date date, parties jsonb)
language sql stable security definer set search_path = public as $$
  select a.reference, v.version, v.title, k.name, v.purposes, v.art6_basis, v.art9_condition, v.gateway,
         v.gateway_detail, v.identity_columns, v.fact_codes, v.frequency, v.transfer_method, v.retention_months,
         v.start_date, v.review_date, v.end_date,
         (select jsonb_agg(jsonb_build_object('name', o.name, 'kind', o.kind, 'role', p.role,
                                              'provides', p.provides, 'receives', p.receives) order by o.name)
          from agreement_party p join organisation o on o.id = p.organisation_id where p.version_id = v.id)
  from agreement_version v
  join agreement a on a.id = v.agreement_id
  join organisation k on k.id = a.organisation_id
  where v.state = 'signed' and v.start_date <= on_day and on_day <= v.end_date
  order by a.reference
$$;

-- What ingestion needs to decide whether an upload to a data flow is covered: the flow's agreement and every
-- version's dates, parties and data items (no personal data). Anyone signed in may ask, as they may read flows.
create function kindred_upload_agreement(flow uuid)
returns table (source text, flow_title text, flow_organisation_id uuid, flow_organisation_name text,
               agreement_id uuid, reference text, keeper text, versions jsonb)
language sql stable security definer set search_path = public as $$
  select f.source, f.title, f.organisation_id, fo.name, a.id, a.reference, k.name,
         coalesce((select jsonb_agg(jsonb_build_object(
             'id', v.id, 'version', v.version, 'state', v.state, 'title', v.title,
             'startDate', v.start_date, 'endDate', v.end_date, 'signed', v.signed_at is not null,
             'withdrawnOn', (v.withdrawn_at at time zone 'Europe/London')::date,
             'identityColumns', v.identity_columns, 'factCodes', v.fact_codes,
             'parties', coalesce((select jsonb_agg(jsonb_build_object('organisationId', p.organisation_id,
                                                                      'provides', p.provides))
                                  from agreement_party p where p.version_id = v.id), '[]'::jsonb))
             order by v.version)
           from agreement_version v where v.agreement_id = a.id), '[]'::jsonb)
  from data_flow f
  join organisation fo on fo.id = f.organisation_id
  left join agreement a on a.id = f.agreement_id
  left join organisation k on k.id = a.organisation_id
  where f.id = flow and kindred_user_id() is not null
$$;
