-- What every page of a run's families list shows besides the families themselves, kept with the run when it
-- finishes: the postcode districts the filter offers and the counts of what changed since the previous run.
-- Worked out on each page they took half the server's time on a busy list; a finished run never changes.

alter table identification_run
  add column postcode_districts text[] not null default '{}',
  add column change_counts jsonb;

grant update (postcode_districts, change_counts) on identification_run to kindred_app;

create function kindred_run_postcode_districts(run uuid) returns text[] language sql stable as $$
  select coalesce(array_agg(distinct postcode_district order by postcode_district), '{}')
  from identified_family where run_id = run and postcode_district is not null
$$;

-- new, newly_eligible, no_longer_eligible and changed (the unchanged are counted by nothing), and
-- problemsResolved: the families with a problem resolved.
create function kindred_run_change_counts(run uuid) returns jsonb language sql stable as $$
  select coalesce(jsonb_object_agg(change, families), '{}') from (
    select change, count(*)::int as families from identified_family
    where run_id = run and change in ('new', 'newly_eligible', 'no_longer_eligible', 'changed')
    group by change
    union all
    select 'problemsResolved', count(*)::int from identified_family
    where run_id = run and cardinality(problems_resolved) > 0
  ) counted
$$;

update identification_run
set postcode_districts = kindred_run_postcode_districts(id),
    change_counts = case when previous_run_id is not null then kindred_run_change_counts(id) end
where state = 'finished';
