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
  coalesce(c.status, 'identified') as status,
  case when c.keyworker_id is not null then kindred_colleague_name(c.keyworker_id) end as "keyworkerName"`;

/** One key of an ordering. Each ordering ends with family_id, so the order is total and pages never overlap. */
interface OrderKey {
  column: string;
  descending: boolean;
  nullsLast: boolean;
}
const key = (column: string, descending: boolean, nullsLast = !descending): OrderKey => ({
  column,
  descending,
  nullsLast,
});

// Each ordering has an index of the same shape (migration 012), so a page is read from the index in order
// and stops after offset + limit rows instead of sorting every family of the run.
const orderings: Record<FamilySort, OrderKey[]> = {
  priority: [
    key('problem_count', true),
    key('youngest_child_age', false, true),
    key('latest_evidence', true, true),
    key('family_id', false),
  ],
  youngest: [key('youngest_child_age', false, true), key('problem_count', true), key('family_id', false)],
  recent: [key('latest_evidence', true, true), key('problem_count', true), key('family_id', false)],
};

/** The order by clause of an ordering, or of its exact reverse (an index reads either way). */
function orderBy(alias: string, keys: readonly OrderKey[], reverse = false): string {
  return keys
    .map(({ column, descending, nullsLast }) => {
      const down = descending !== reverse;
      const last = nullsLast !== reverse;
      return `${alias}.${column} ${down ? 'desc' : 'asc'} nulls ${last ? 'last' : 'first'}`;
    })
    .join(', ');
}

/** The where clause and parameters of a filter (parameters from $2; $1 is the run). */
function filterClause(filters: FamilyFilters): { where: string; params: unknown[]; needsCasework: boolean } {
  const conditions = ['f.run_id = $1'];
  const params: unknown[] = [];
  const parameter = (value: unknown): string => {
    params.push(value);
    return `$${params.length + 1}`;
  };
  if (filters.eligibility) conditions.push(`f.eligible = ${filters.eligibility === 'eligible'}`);
  if (filters.minimumProblems !== undefined)
    conditions.push(`f.problem_count >= ${parameter(filters.minimumProblems)}::int`);
  if (filters.problems?.length) {
    // A family with each of k problems has at least k (problem_count is the number of problems it met), and
    // problem_count can narrow the scan through an index where problems @> cannot: under row-level security
    // only leakproof operators become index conditions, and array containment is not one.
    conditions.push(`f.problem_count >= ${parameter(new Set(filters.problems).size)}::int`);
    conditions.push(`f.problems @> ${parameter(filters.problems)}::text[]`);
  }
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
  return { where: conditions.join(' and '), params, needsCasework: filters.status !== undefined };
}

const caseworkJoin =
  'left join family_casework c on c.council_id = f.council_id and c.family_id = f.family_id';

/**
 * How many families match no filter, or "not eligible" alone, from the run's own figures: the run stores how
 * many families it found and how many are eligible, counted from the rows it stored, in the transaction that
 * makes them visible. They are the count only for someone who sees every family of the run, which the read
 * policy on identified_family (migration 011) gives exactly to those who read partnership data once they can see
 * the run; anyone else (a keyworker sees only their allocated families) gets a real count. (Eligible families
 * are few, and counted with their page.)
 */
function runFigureFor(filters: FamilyFilters): string | undefined {
  const { eligibility, ...others } = filters;
  if (filterClause(others).where !== 'f.run_id = $1') return undefined;
  if (eligibility === undefined) return 'r.families';
  if (eligibility === 'not_eligible') return 'r.families - r.eligible_families';
  return undefined;
}

/**
 * One page of a run's families, filtered and in priority order, with how many match in all
 * (docs/benchmarks.md, "Families list under load" has the figures behind this shape).
 *
 * A selective filter (eligible, a district, changed, a problem) matches a few families, found through its
 * index: one statement gathers them, counts them and sorts out the page's ids. Walking an ordering's index
 * instead could pass most of the run first, since the planner cannot know that (say) eligible families mostly
 * have recent evidence; the materialized CTE keeps it from doing so.
 *
 * Otherwise most families match: the count is the run's own figure with no filter or "not eligible" alone (see
 * runFigureFor), or else reads identified_family alone (a family has at most one casework row, so the casework
 * join cannot change it) unless the status filter needs casework; and the page's ids are read in order from the
 * ordering's index (migration 012), from whichever end of the matching families is nearer, so the last page
 * costs what the first does.
 *
 * Either way only the page's families are then read in full, with their casework and keyworker's name.
 */
export async function listFamilies(
  sql: Sql,
  runId: string,
  filters: FamilyFilters,
  page: { limit: number; offset: number },
): Promise<{ families: FamilySummary[]; total: number }> {
  const { where, params, needsCasework } = filterClause(filters);
  const from = `from identified_family f ${needsCasework ? caseworkJoin : ''} where ${where}`;
  const keys = orderings[filters.sort ?? 'priority'];
  const limit = Math.max(0, page.limit | 0);
  const offset = Math.max(0, page.offset | 0);
  const selective =
    filters.eligibility === 'eligible' ||
    Boolean(filters.postcodeDistrict) ||
    filters.changedOnly === true ||
    (filters.problems?.length ?? 0) > 0;

  if (selective) {
    const columns = [
      'family_id',
      ...keys.map((key) => key.column).filter((column) => column !== 'family_id'),
    ];
    const [found] = await sql.query<{ total: number; ids: string[] }>(
      `with matching as materialized (select ${columns.map((column) => `f.${column}`).join(', ')} ${from})
       select (select count(*) from matching)::int as total,
         array(select f.family_id from matching f order by ${orderBy('f', keys)}
               limit ${limit} offset ${offset}) as ids`,
      [runId, ...params],
    );
    const total = found?.total ?? 0;
    if (!found?.ids.length) return { families: [], total };
    const families = await sql.query<FamilySummary>(
      `select ${summaryColumns} from identified_family f ${caseworkJoin}
       where f.run_id = $1 and f.family_id = any ($2::text[])
       order by ${orderBy('f', keys)}`,
      [runId, found.ids],
    );
    return { families, total };
  }

  const counted = `select count(*) ${from}`;
  const runFigure = runFigureFor(filters);
  // coalesce runs the count only when the run's figure is not there for this person.
  const [count] = await sql.query<{ total: number }>(
    runFigure
      ? `select coalesce(
           (select ${runFigure} from identification_run r
            where r.id = $1 and r.state = 'finished' and (select kindred_reads_partnership_data())),
           (${counted}))::int as total`
      : `select (${counted})::int as total`,
    [runId, ...params],
  );
  const total = count?.total ?? 0;
  if (limit === 0 || offset >= total) return { families: [], total };
  // Past the middle, read the page backwards from the end: the same rows, found after fewer skipped.
  const fromEnd = offset + limit / 2 > total / 2;
  const skipped = fromEnd ? Math.max(0, total - offset - limit) : offset;
  const taken = fromEnd ? Math.min(limit, total - offset) : limit;
  const families = await sql.query<FamilySummary>(
    `select ${summaryColumns} from identified_family f ${caseworkJoin}
     where f.run_id = $1 and f.family_id = any (array(
       select f.family_id ${from} order by ${orderBy('f', keys, fromEnd)} limit ${taken} offset ${skipped}))
     order by ${orderBy('f', keys)}`,
    [runId, ...params],
  );
  return { families, total };
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
