import { setImmediate } from 'node:timers/promises';
import type { Actor, Database, Sql } from '../db/index.ts';
import type { IdentificationRecords } from './family-records.ts';

/** Rows per statement, one statement per transaction: short transactions keep the embedded database free. */
const rowsPerStatement = 2000;

export type StoredTable =
  | 'identified_person'
  | 'identified_family'
  | 'identified_member'
  | 'identified_fact'
  | 'identified_evidence'
  | 'identified_involvement'
  | 'identified_pair';

/** Rows of one table ready for one statement: made where the engine runs, so only text crosses to the server. */
export interface StoredBatch {
  table: StoredTable;
  columns: string[];
  /** The rows as a JSON array. */
  json: string;
}

/** A run's results cut into batches of rows, table by table in the order they are written. */
export function storedBatches(records: IdentificationRecords): StoredBatch[] {
  const work: [StoredTable, readonly object[]][] = [
    ['identified_person', records.people],
    ['identified_family', records.families],
    ['identified_member', records.members],
    ['identified_fact', records.facts],
    ['identified_evidence', records.evidence],
    ['identified_involvement', records.involvements],
    ['identified_pair', records.pairs ?? []],
  ];
  const batches: StoredBatch[] = [];
  for (const [table, rows] of work) {
    for (let from = 0; from < rows.length; from += rowsPerStatement) {
      const slice = rows.slice(from, from + rowsPerStatement);
      batches.push({ table, columns: Object.keys(slice[0]!), json: JSON.stringify(slice) });
    }
  }
  return batches;
}

/** One batch as JSON, typed by the table's own row type: one statement for both database drivers. */
async function insertBatch(sql: Sql, batch: StoredBatch, runId: string, councilId: string): Promise<void> {
  const { table, columns } = batch;
  const fixed = table === 'identified_family' ? ['run_id', 'council_id'] : ['run_id'];
  const fixedValues = table === 'identified_family' ? '$1, $2' : '$1';
  const params: unknown[] = table === 'identified_family' ? [runId, councilId] : [runId];
  params.push(batch.json);
  await sql.query(
    `insert into ${table} (${[...fixed, ...columns].join(', ')})
     select ${fixedValues}, ${columns.map((column) => `r.${column}`).join(', ')}
     from json_populate_recordset(null::${table}, $${params.length}::json) r`,
    params,
  );
}

/** Writes a run's results in batches, each in its own transaction; they stay unseen until the run finishes. */
export async function storeIdentification(
  db: Database,
  actor: Actor,
  runId: string,
  batches: readonly StoredBatch[],
  onBatch?: (stored: number, total: number) => Promise<void> | void,
): Promise<void> {
  for (const [index, batch] of batches.entries()) {
    await db.asActor(actor, (sql) => insertBatch(sql, batch, runId, actor.organisationId));
    await onBatch?.(index + 1, batches.length);
    // PGlite answers without returning to the event loop: let waiting requests in between transactions.
    await setImmediate();
  }
}

/** Removes what a failed run wrote, while it is still the running run of its coordinator. */
export async function discardIdentification(sql: Sql, runId: string): Promise<void> {
  for (const table of [
    'identified_pair',
    'identified_involvement',
    'identified_evidence',
    'identified_fact',
    'identified_member',
    'identified_family',
    'identified_person',
  ] satisfies StoredTable[]) {
    await sql.query(`delete from ${table} where run_id = $1`, [runId]);
  }
}

/**
 * What changed for each family since the previous run: newly eligible, problems gained and resolved. Families
 * are stored as new (identificationRecords), so only those the previous run had are touched here.
 */
export async function compareWithPrevious(sql: Sql, runId: string, previousRunId: string): Promise<void> {
  await sql.query(
    `update identified_family f set
       change = case when f.eligible and not p.eligible then 'newly_eligible'
                     when p.eligible and not f.eligible then 'no_longer_eligible'
                     when f.problems <> p.problems then 'changed'
                     else 'unchanged' end,
       problems_gained = array(select code from unnest(f.problems) code where code <> all (p.problems)),
       problems_resolved = array(select code from unnest(p.problems) code where code <> all (f.problems))
     from identified_family p
     where f.run_id = $1 and p.run_id = $2 and p.family_id = f.family_id`,
    [runId, previousRunId],
  );
}
