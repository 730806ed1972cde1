import type { Sql } from '../db/index.ts';
import {
  type FamilyFact,
  type FamilyMember,
  familyInvolvements,
  familyMembers,
  familyTimeline,
  type Involvement,
} from './family-view.ts';

/** A family a partner practitioner's organisation works with, as listed to them. */
export interface SharedFamilySummary {
  familyId: string;
  /** The assessment date of the run the family comes from. */
  asOf: string;
  members: string[];
  /** The practitioner's own organisation's lead workers with the family. */
  ourLeadWorkers: string[];
  /** How many other services are involved. */
  otherServices: number;
}

/** What a partner practitioner sees of one family: never its problems or eligibility. */
export interface SharedFamilyView {
  familyId: string;
  asOf: string;
  members: FamilyMember[];
  involvements: Involvement[];
  /** Only the facts shared under an agreement in force that lets its recipients see them. */
  timeline: FamilyFact[];
}

/**
 * The families the acting partner practitioner's organisation is involved with, where an agreement in force
 * lets its recipients see them (the database decides: `kindred_practitioner_families`), in family order.
 */
export async function sharedFamilies(
  sql: Sql,
  page: { limit: number; offset: number },
): Promise<{ total: number; families: SharedFamilySummary[] }> {
  const [counted] = await sql.query<{ total: number }>(
    'select count(*)::int as total from kindred_practitioner_families()',
  );
  const families = await sql.query<SharedFamilySummary>(
    `select p.family_id as "familyId", p.as_of::text as "asOf",
            coalesce((select array_agg(trim(coalesce(m.given_name, '') || ' ' || coalesce(m.family_name, ''))
                                       order by case m.role when 'adult' then 0 when 'child' then 1 else 2 end,
                                                m.age desc nulls last, m.person_id)
                      from identified_member m where m.run_id = p.run_id and m.family_id = p.family_id), '{}')
              as members,
            coalesce((select array_agg(distinct i.lead_worker) from identified_involvement i
                      where i.run_id = p.run_id and i.family_id = p.family_id
                        and i.organisation_id = kindred_user_organisation()), '{}') as "ourLeadWorkers",
            (select count(distinct i.organisation_id)::int from identified_involvement i
             where i.run_id = p.run_id and i.family_id = p.family_id
               and i.organisation_id <> kindred_user_organisation()) as "otherServices"
     from kindred_practitioner_families() p
     order by p.family_id limit $1 offset $2`,
    [page.limit, page.offset],
  );
  return { total: counted?.total ?? 0, families };
}

/** One family the acting partner practitioner may see, or undefined (not involved, or no agreement allows it). */
export async function findSharedFamily(sql: Sql, familyId: string): Promise<SharedFamilyView | undefined> {
  const [found] = await sql.query<{ runId: string; asOf: string }>(
    `select run_id as "runId", as_of::text as "asOf" from kindred_practitioner_families() where family_id = $1`,
    [familyId],
  );
  if (!found) return undefined;
  return {
    familyId,
    asOf: found.asOf,
    members: await familyMembers(sql, found.runId, familyId),
    involvements: await familyInvolvements(sql, found.runId, familyId),
    timeline: await familyTimeline(sql, found.runId, familyId),
  };
}
