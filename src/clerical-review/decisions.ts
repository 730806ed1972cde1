import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';
import type { LinkageDecisions, RecordKey } from '../linkage/index.ts';

export type LinkageDecisionKind = 'same_person' | 'different_people';

export interface LinkageDecision {
  left: RecordKey;
  right: RecordKey;
  decision: LinkageDecisionKind;
  reason: string;
  decidedBy: string | null;
  decidedAt: Date;
}

/** The decision in force on each pair of the council: the latest made about it. */
const inForce = `select distinct on (left_source, left_record_id, right_source, right_record_id)
    left_source, left_record_id, right_source, right_record_id, decision, reason, decided_by, decided_at
  from linkage_decision where council_id = kindred_user_organisation()
  order by left_source, left_record_id, right_source, right_record_id, id desc`;

/** The decisions in force, as linkage takes them: read by the run that applies them. */
export async function effectiveDecisions(sql: Sql): Promise<LinkageDecisions> {
  const rows = await sql.query<{
    left_source: string;
    left_record_id: string;
    right_source: string;
    right_record_id: string;
    decision: LinkageDecisionKind;
  }>(inForce);
  const pairOf = (row: (typeof rows)[number]) =>
    [
      { source: row.left_source, recordId: row.left_record_id },
      { source: row.right_source, recordId: row.right_record_id },
    ] as const;
  return {
    samePerson: rows.filter((row) => row.decision === 'same_person').map(pairOf),
    differentPeople: rows.filter((row) => row.decision === 'different_people').map(pairOf),
  };
}

/** The decisions in force on pairs that involve any of these records, for the pages that show them. */
export async function decisionsAbout(sql: Sql, records: readonly RecordKey[]): Promise<LinkageDecision[]> {
  if (records.length === 0) return [];
  return sql.query<LinkageDecision>(
    `select json_build_object('source', left_source, 'recordId', left_record_id) as left,
            json_build_object('source', right_source, 'recordId', right_record_id) as right,
            decision, reason, kindred_colleague_name(decided_by) as "decidedBy", decided_at as "decidedAt"
     from (${inForce}) d
     where (left_source, left_record_id) in (select * from unnest($1::text[], $2::text[]))
        or (right_source, right_record_id) in (select * from unnest($1::text[], $2::text[]))
     order by decided_at desc`,
    [records.map((record) => record.source), records.map((record) => record.recordId)],
  );
}

/** Why a decision cannot be recorded, in words for the analyst. */
export class DecisionRefused extends Error {}

/**
 * Records analysts' decisions on pairs of records (one person, or two people), each pair kept in one order so a
 * later decision on it replaces the earlier; they apply from the next identification run. Audited.
 */
export async function recordDecisions(
  sql: Sql,
  pairs: readonly (readonly [RecordKey, RecordKey])[],
  decision: LinkageDecisionKind,
  options: {
    reason: string;
    runId: string | null;
    subjectType: 'linkage_pair' | 'person';
    subjectIds: string[];
  },
): Promise<void> {
  if (pairs.some(([left, right]) => left.source === right.source && left.recordId === right.recordId))
    throw new DecisionRefused('A record cannot be paired with itself.');
  if (pairs.length === 0) throw new DecisionRefused('There is no pair of records to decide on.');
  await sql.query(
    `insert into linkage_decision (council_id, left_source, left_record_id, right_source, right_record_id, decision,
       reason, run_id, decided_by)
     select kindred_user_organisation(),
            case when first then a_source else b_source end, case when first then a_record else b_record end,
            case when first then b_source else a_source end, case when first then b_record else a_record end,
            $5, $6, $7, kindred_user_id()
     from (select a_source, a_record, b_source, b_record, (a_source, a_record) < (b_source, b_record) as first
           from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as p (a_source, a_record, b_source, b_record)) p`,
    [
      pairs.map(([left]) => left.source),
      pairs.map(([left]) => left.recordId),
      pairs.map(([, right]) => right.source),
      pairs.map(([, right]) => right.recordId),
      decision,
      options.reason,
      options.runId,
    ],
  );
  await recordAudit(sql, {
    action: 'CREATE_LINKAGE_DECISION',
    subjectType: options.subjectType,
    subjectIds: options.subjectIds,
    details: { decision, pairs: pairs.length, run: options.runId },
  });
}
