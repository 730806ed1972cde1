import type { Sql } from '../db/index.ts';
import type { CaseworkStatus } from './casework.ts';

export type FamilySort = 'priority' | 'youngest' | 'recent';

/** The families list's filters, as the coordinator sets them. */
export interface FamilyFilters {
  eligibility?: 'eligible' | 'not_eligible';
  minimumProblems?: number;
  /** Every one of these problems. */
  problems?: readonly string[];
  postcodeDistrict?: string;
  /** A child aged within these bounds (inclusive). */
  childAgeFrom?: number;
  childAgeTo?: number;
  status?: CaseworkStatus;
  changedOnly?: boolean;
  sort?: FamilySort;
}

export interface FamilySummary {
  familyId: string;
  eligible: boolean;
  problems: string[];
  problemCount: number;
  memberCount: number;
  childrenAges: number[];
  youngestChildAge: number | null;
  postcodeDistrict: string | null;
  latestEvidence: string | null;
  change: 'new' | 'newly_eligible' | 'no_longer_eligible' | 'changed' | 'unchanged' | null;
  problemsGained: string[];
  problemsResolved: string[];
  status: CaseworkStatus;
  keyworkerName: string | null;
}

const summaryColumns = `f.family_id as "familyId", f.eligible, f.problems, f.problem_count as "problemCount",
  f.member_count as "memberCount", f.children_ages as "childrenAges", f.youngest_child_age as "youngestChildAge",
  f.postcode_district as "postcodeDistrict", f.latest_evidence::text as "latestEvidence", f.change,
  f.problems_gained as "problemsGained", f.problems_resolved as "problemsResolved",
  coalesce(c.status, 'identified') as status, kindred_colleague_name(c.keyworker_id) as "keyworkerName"`;

const orderings: Record<FamilySort, string> = {
  priority:
    'f.problem_count desc, f.youngest_child_age asc nulls last, f.latest_evidence desc nulls last, f.family_id',
  youngest: 'f.youngest_child_age asc nulls last, f.problem_count desc, f.family_id',
  recent: 'f.latest_evidence desc nulls last, f.problem_count desc, f.family_id',
};

/** The where clause and parameters of a filter (parameters from $2; $1 is the run). */
function filterClause(filters: FamilyFilters): { where: string; params: unknown[] } {
  const conditions = ['f.run_id = $1'];
  const params: unknown[] = [];
  const parameter = (value: unknown): string => {
    params.push(value);
    return `$${params.length + 1}`;
  };
  if (filters.eligibility) conditions.push(`f.eligible = ${filters.eligibility === 'eligible'}`);
  if (filters.minimumProblems !== undefined)
    conditions.push(`f.problem_count >= ${parameter(filters.minimumProblems)}::int`);
  if (filters.problems?.length) conditions.push(`f.problems @> ${parameter(filters.problems)}::text[]`);
  if (filters.postcodeDistrict)
    conditions.push(
      `f.postcode_district = ${parameter(filters.postcodeDistrict.toUpperCase().replace(/\s+/g, ''))}`,
    );
  if (filters.childAgeFrom !== undefined || filters.childAgeTo !== undefined) {
    const from = parameter(filters.childAgeFrom ?? 0);
    const to = parameter(filters.childAgeTo ?? 17);
    conditions.push(
      `exists (select 1 from unnest(f.children_ages) age where age between ${from}::int and ${to}::int)`,
    );
  }
  if (filters.status) conditions.push(`coalesce(c.status, 'identified') = ${parameter(filters.status)}`);
  if (filters.changedOnly)
    conditions.push(`f.change in ('new', 'newly_eligible', 'no_longer_eligible', 'changed')`);
  return { where: conditions.join(' and '), params };
}

const fromClause = `from identified_family f
  left join family_casework c on c.council_id = f.council_id and c.family_id = f.family_id`;

/** One page of a run's families, filtered and in priority order, with how many match in all. */
export async function listFamilies(
  sql: Sql,
  runId: string,
  filters: FamilyFilters,
  page: { limit: number; offset: number },
): Promise<{ families: FamilySummary[]; total: number }> {
  const { where, params } = filterClause(filters);
  const [count] = await sql.query<{ total: number }>(
    `select count(*)::int as total ${fromClause} where ${where}`,
    [runId, ...params],
  );
  const families = await sql.query<FamilySummary>(
    `select ${summaryColumns} ${fromClause} where ${where}
     order by ${orderings[filters.sort ?? 'priority']}
     limit ${page.limit | 0} offset ${page.offset | 0}`,
    [runId, ...params],
  );
  return { families, total: count?.total ?? 0 };
}

/** Every family that matches, for export, a page at a time so the export streams. */
export async function* familyPages(
  inTransaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>,
  runId: string,
  filters: FamilyFilters,
  pageSize = 5000,
): AsyncGenerator<FamilySummary[]> {
  for (let offset = 0; ; offset += pageSize) {
    const { families } = await inTransaction((sql) =>
      listFamilies(sql, runId, filters, { limit: pageSize, offset }),
    );
    if (families.length > 0) yield families;
    if (families.length < pageSize) return;
  }
}

/** The postcode districts of a run's families, for the filter's choices. */
export async function postcodeDistricts(sql: Sql, runId: string): Promise<string[]> {
  const rows = await sql.query<{ district: string }>(
    `select distinct postcode_district as district from identified_family
     where run_id = $1 and postcode_district is not null order by 1`,
    [runId],
  );
  return rows.map((row) => row.district);
}

/** How the run's families changed since the previous run, counted. */
export async function changeCounts(sql: Sql, runId: string): Promise<Record<string, number>> {
  const rows = await sql.query<{ change: string; families: number }>(
    `select change, count(*)::int as families from identified_family where run_id = $1 and change is not null
     group by change`,
    [runId],
  );
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.change] = row.families;
  const [resolved] = await sql.query<{ families: number }>(
    `select count(*)::int as families from identified_family where run_id = $1 and cardinality(problems_resolved) > 0`,
    [runId],
  );
  counts.problemsResolved = resolved?.families ?? 0;
  return counts;
}

/** The families allocated to the acting keyworker, from the newest run each appears in. */
export async function allocatedFamilies(sql: Sql): Promise<FamilySummary[]> {
  return sql.query<FamilySummary>(
    `select distinct on (c.family_id) ${summaryColumns}
     from family_casework c
     join identified_family f on f.council_id = c.council_id and f.family_id = c.family_id
     join identification_run r on r.id = f.run_id
     where c.keyworker_id = kindred_user_id() and c.status in ('allocated', 'working')
     order by c.family_id, r.finished_at desc`,
  );
}
