-- The policy questions that combined several helpers (is the user of the council, and does he hold one of
-- these roles) each asked app_user once per helper: three or four lookups for one answer, on every
-- statement that touches the families. Each now reads the user once. The answers are unchanged.

create function kindred_acting_user_holds(council_only boolean, wanted text[]) returns boolean
language plpgsql stable security definer set search_path = public as $$
begin
  return coalesce((select (not council_only or o.kind = 'council') and u.roles && wanted
                   from app_user u join organisation o on o.id = u.organisation_id
                   where u.id = kindred_user_id() and u.active), false);
end
$$;

create or replace function kindred_reads_partnership_data() returns boolean language sql stable as $$
  select kindred_acting_user_holds(true, array['coordinator', 'analyst'])
$$;

create or replace function kindred_coordinates_families() returns boolean language sql stable as $$
  select kindred_acting_user_holds(true, array['coordinator'])
$$;

create or replace function kindred_plans_roadmap() returns boolean language sql stable as $$
  select kindred_acting_user_holds(true, array['coordinator'])
$$;

create or replace function kindred_drafts_agreements() returns boolean language sql stable as $$
  select kindred_acting_user_holds(true, array['coordinator'])
$$;

create or replace function kindred_reads_own_organisation_data() returns boolean language sql stable as $$
  select kindred_acting_user_holds(false, array['partner_data_officer', 'ig_officer'])
$$;

create or replace function kindred_reads_agreements() returns boolean language sql stable as $$
  select kindred_acting_user_holds(false,
    array['coordinator', 'ig_officer', 'partner_data_officer', 'analyst', 'board_viewer', 'administrator'])
$$;
