-- The families list's indexes: one per ordering, in exactly the order the list sorts by (family_id last, so
-- the order is total), so a page is read from an index in order instead of sorting every family of the run;
-- and one for the postcode districts offered as a filter. The earlier priority index sorted latest_evidence
-- with nulls first, which the list's "desc nulls last" could not use; the new one replaces it.

drop index identified_family_priority;
create index identified_family_by_priority on identified_family
  (run_id, problem_count desc, youngest_child_age asc nulls last, latest_evidence desc nulls last, family_id);
create index identified_family_by_youngest on identified_family
  (run_id, youngest_child_age asc nulls last, problem_count desc, family_id);
create index identified_family_by_recent on identified_family
  (run_id, latest_evidence desc nulls last, problem_count desc, family_id);
create index identified_family_district on identified_family (run_id, postcode_district);

-- Selective filters: the eligible families, the families that changed since the previous run and those with a
-- problem resolved (both counted on every list page once a council has run identification twice). There is no
-- GIN index for the problem filter: under row-level security the planner uses only leakproof operators as index
-- conditions, and array containment is not leakproof, so the list narrows that filter by problem_count instead.
create index identified_family_eligible on identified_family (run_id) where eligible;
create index identified_family_changed on identified_family (run_id, change)
  where change in ('new', 'newly_eligible', 'no_longer_eligible', 'changed');
create index identified_family_resolved on identified_family (run_id) where cardinality(problems_resolved) > 0;
