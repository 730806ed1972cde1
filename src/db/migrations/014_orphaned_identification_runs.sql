-- Identification runs whose process died (killed, crashed, the machine restarted) are discarded when the next
-- process starts, as uploads are: each run records which process works it and beats while it does, so a restart
-- can tell an orphaned run from one still under way in another process.

alter table identification_run
  add column runner_host text,
  add column runner_pid integer,
  add column runner_instance uuid,
  add column heartbeat_at timestamptz;

grant update (heartbeat_at) on identification_run to kindred_app;

create index identification_run_running on identification_run (state) where state = 'running';

-- Only the platform's own administrators (the process starting up acts as one) look for orphaned runs: a
-- council's administrator has no business with another council's runs.
create function kindred_acts_for_platform() returns boolean language sql stable security definer
set search_path = public as $$
  select kindred_has_role('administrator')
     and exists (select 1 from organisation where id = kindred_user_organisation() and kind = 'platform')
$$;

-- The runs still running anywhere, and which process works each: figures only, no personal data.
create function kindred_running_identification_runs(silent_minutes integer)
returns table (id uuid, council_id uuid, runner_host text, runner_pid integer, runner_instance uuid, silent boolean)
language plpgsql stable security definer set search_path = public as $$
begin
  if not kindred_acts_for_platform() then
    raise exception 'only the platform may look for orphaned identification runs' using errcode = '42501';
  end if;
  return query
    select r.id, r.council_id, r.runner_host, r.runner_pid, r.runner_instance,
           coalesce(r.heartbeat_at, r.started_at) < now() - make_interval(mins => silent_minutes)
    from identification_run r where r.state = 'running';
end
$$;

-- A run whose process died: marked failed with the reason, and the rows it had written removed.
create function kindred_discard_orphaned_identification_run(orphan uuid) returns bigint language plpgsql
security definer set search_path = public as $$
declare
  removed bigint := 0;
  counted bigint;
begin
  if not kindred_acts_for_platform() then
    raise exception 'only the platform may discard an orphaned identification run' using errcode = '42501';
  end if;
  update identification_run set state = 'failed', phase = null, finished_at = now(),
         reason = 'The identification stopped before it finished (the process running it ended). Nothing of it was kept; run it again.'
  where id = orphan and state = 'running';
  if not found then
    return 0;
  end if;
  delete from identified_involvement where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_evidence where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_fact where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_member where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_family where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  delete from identified_person where run_id = orphan;
  get diagnostics counted = row_count;
  removed := removed + counted;
  return removed;
end
$$;
