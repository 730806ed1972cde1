import { latestRun } from '../casework/identification-run.ts';
import type { Sql } from '../db/index.ts';
import type { RecordKey } from '../linkage/index.ts';
import { DecisionRefused, type LinkageDecisionKind, recordDecisions } from './decisions.ts';
import { findPair, recordsOfPersonInRun } from './linkage-queries.ts';

const sameRecord = (a: RecordKey, b: RecordKey): boolean =>
  a.source === b.source && a.recordId === b.recordId;

/** An analyst's answer on one pair of the review queue: the two records are one person, or two people. */
export async function decidePair(
  sql: Sql,
  runId: string,
  pairNo: number,
  decision: LinkageDecisionKind,
  reason: string,
): Promise<void> {
  const found = await findPair(sql, runId, pairNo);
  if (!found) throw new DecisionRefused('There is no such pair in the identification run.');
  await recordDecisions(sql, [[found.pair.left, found.pair.right]], decision, {
    reason,
    runId,
    subjectType: 'linkage_pair',
    subjectIds: [`${runId}/${pairNo}`],
  });
}

/**
 * Two people of the newest run are one: one record of each is confirmed as the same person, which joins the
 * two in the next run (decisions already keeping their records apart stay in force, and win over the merge
 * only where they name the same pair).
 */
export async function mergePeople(
  sql: Sql,
  personId: string,
  otherPersonId: string,
  reason: string,
): Promise<void> {
  const run = await latestRun(sql);
  if (!run) throw new DecisionRefused('There is no identification run yet.');
  if (otherPersonId === personId) throw new DecisionRefused('Enter the id of another person, not this one.');
  const records = await recordsOfPersonInRun(sql, run.id, personId);
  const others = await recordsOfPersonInRun(sql, run.id, otherPersonId);
  if (records.length === 0) throw new DecisionRefused('This person is not in the newest identification run.');
  if (others.length === 0)
    throw new DecisionRefused(`There is no person ${otherPersonId} in the newest identification run.`);
  await recordDecisions(sql, [[records[0]!, others[0]!]], 'same_person', {
    reason,
    runId: run.id,
    subjectType: 'person',
    subjectIds: [personId, otherPersonId],
  });
}

/** A record is not this person: it is kept apart from each of the person's other records from the next run. */
export async function splitRecord(
  sql: Sql,
  personId: string,
  record: RecordKey,
  reason: string,
): Promise<void> {
  const run = await latestRun(sql);
  if (!run) throw new DecisionRefused('There is no identification run yet.');
  const records = await recordsOfPersonInRun(sql, run.id, personId);
  if (!records.some((each) => sameRecord(each, record)))
    throw new DecisionRefused('Select one of this person’s records.');
  const others = records.filter((each) => !sameRecord(each, record));
  if (others.length === 0)
    throw new DecisionRefused('The person has only this record: there is nothing to split.');
  await recordDecisions(
    sql,
    others.map((other) => [record, other] as const),
    'different_people',
    { reason, runId: run.id, subjectType: 'person', subjectIds: [personId] },
  );
}
