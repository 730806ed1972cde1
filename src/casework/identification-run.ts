import { recordAudit } from '../audit/index.ts';
import type { CriteriaFramework } from '../criteria/index.ts';
import type { Actor, Database, Sql } from '../db/index.ts';
import { identifyFamilies } from '../families/index.ts';
import { assignmentFrom } from '../linkage/index.ts';
import { currentUploads, readCurrentExtracts } from './current-extracts.ts';
import { identificationRecords } from './family-records.ts';
import { compareWithPrevious, discardIdentification, storeIdentification } from './store-identification.ts';

export type RunPhase = 'reading' | 'linking' | 'assessing' | 'storing' | 'comparing';

export interface IdentificationRun {
  id: string;
  frameworkId: string;
  frameworkVersion: number;
  asOf: string;
  runBy: string;
  state: 'running' | 'finished' | 'failed';
  phase: RunPhase | null;
  progressDone: number;
  progressTotal: number | null;
  uploads: number;
  rowsRead: number | null;
  records: number | null;
  people: number | null;
  families: number | null;
  eligibleFamilies: number | null;
  previousRunId: string | null;
  reason: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const runColumns = `id, framework_id as "frameworkId", framework_version as "frameworkVersion", as_of::text as "asOf",
  run_by as "runBy", state, phase, progress_done as "progressDone", progress_total as "progressTotal",
  cardinality(upload_ids) as uploads, rows_read as "rowsRead", records, people, families,
  eligible_families as "eligibleFamilies", previous_run_id as "previousRunId", reason, started_at as "startedAt",
  finished_at as "finishedAt"`;

export async function findRun(sql: Sql, runId: string): Promise<IdentificationRun | undefined> {
  const [run] = await sql.query<IdentificationRun>(
    `select ${runColumns} from identification_run where id = $1`,
    [runId],
  );
  return run;
}

/** The council's newest finished run: the families everyone works from. */
export async function latestRun(sql: Sql): Promise<IdentificationRun | undefined> {
  const [run] = await sql.query<IdentificationRun>(
    `select ${runColumns} from identification_run
     where state = 'finished' and council_id = kindred_user_organisation()
     order by finished_at desc limit 1`,
  );
  return run;
}

/** Runs of the acting user's council, newest first. */
export async function listRuns(sql: Sql, limit = 10): Promise<IdentificationRun[]> {
  return sql.query<IdentificationRun>(
    `select ${runColumns} from identification_run where council_id = kindred_user_organisation()
     order by started_at desc limit $1`,
    [limit],
  );
}

export interface IdentificationRequest {
  framework: CriteriaFramework;
  /** The assessment date (YYYY-MM-DD). */
  asOf: string;
}

/** Records that a coordinator started a run; its work is done by `completeIdentification`. */
export async function startIdentification(
  db: Database,
  actor: Actor,
  request: IdentificationRequest,
): Promise<string> {
  return db.asActor(actor, async (sql) => {
    const [run] = await sql.query<{ id: string }>(
      `insert into identification_run (council_id, framework_id, framework_version, as_of, run_by, phase)
       values ($1, $2, $3, $4, $5, 'reading') returning id`,
      [actor.organisationId, request.framework.id, request.framework.version, request.asOf, actor.userId],
    );
    await recordAudit(sql, {
      action: 'CREATE_IDENTIFICATION_RUN',
      subjectType: 'identification_run',
      subjectIds: [run!.id],
      details: {
        framework: request.framework.id,
        frameworkVersion: request.framework.version,
        asOf: request.asOf,
      },
    });
    return run!.id;
  });
}

async function setProgress(
  db: Database,
  actor: Actor,
  runId: string,
  phase: RunPhase,
  done: number,
  total: number | null,
): Promise<void> {
  await db.asActor(actor, (sql) =>
    sql.query(
      'update identification_run set phase = $2, progress_done = $3, progress_total = $4 where id = $1',
      [runId, phase, done, total],
    ),
  );
}

/**
 * Identifies the families over the current extracts: reads the rows the coordinator may read, links them into
 * people (keeping the previous run's person ids), forms households, assesses each against the framework, stores
 * the families with their evidence and compares them with the previous run. A failure leaves nothing behind.
 */
export async function completeIdentification(
  db: Database,
  actor: Actor,
  runId: string,
  request: IdentificationRequest,
): Promise<IdentificationRun> {
  try {
    const uploads = await currentUploads(db, actor);
    await setProgress(db, actor, runId, 'reading', 0, uploads.length);
    const { rows, inputs } = await readCurrentExtracts(db, actor, uploads);

    const previous = await db.asActor(actor, async (sql) => {
      const run = await latestRun(sql);
      if (!run) return undefined;
      const people = await sql.query<{ source: string; record_id: string; person_id: string }>(
        'select source, record_id, person_id from identified_person where run_id = $1',
        [run.id],
      );
      return { runId: run.id, assignment: assignmentFrom(people) };
    });

    await setProgress(db, actor, runId, 'linking', 0, null);
    const identification = identifyFamilies(inputs, {
      framework: request.framework,
      asOf: request.asOf,
      linkage: previous ? { previous: previous.assignment } : {},
    });
    await setProgress(db, actor, runId, 'assessing', 0, null);
    const records = identificationRecords(identification, rows, request.framework, request.asOf);

    await storeIdentification(db, actor, runId, records, (done, total) =>
      setProgress(db, actor, runId, 'storing', done, total),
    );
    const eligible = records.families.filter((family) => family.eligible).length;
    await db.asActor(actor, async (sql) => {
      if (previous) {
        await sql.query(`update identification_run set phase = 'comparing' where id = $1`, [runId]);
        await compareWithPrevious(sql, runId, previous.runId);
      }
      await sql.query(
        `update identification_run set state = 'finished', phase = null, finished_at = now(), upload_ids = $2,
           rows_read = $3, records = $4, people = $5, families = $6, eligible_families = $7, previous_run_id = $8
         where id = $1`,
        [
          runId,
          uploads.map((upload) => upload.id),
          rows.length,
          identification.records.length,
          identification.linkage.figures.people,
          records.families.length,
          eligible,
          previous?.runId ?? null,
        ],
      );
      await recordAudit(sql, {
        action: 'ASSESS_FAMILIES',
        subjectType: 'identification_run',
        subjectIds: [runId],
        details: {
          framework: request.framework.id,
          frameworkVersion: request.framework.version,
          asOf: request.asOf,
          uploads: uploads.map((upload) => upload.id),
          rowsRead: rows.length,
          families: records.families.length,
          eligibleFamilies: eligible,
        },
      });
    });
    return (await db.asActor(actor, (sql) => findRun(sql, runId)))!;
  } catch (error) {
    await db.asActor(actor, async (sql) => {
      await discardIdentification(sql, runId);
      await sql.query(
        `update identification_run set state = 'failed', phase = null, finished_at = now(), reason = $2 where id = $1`,
        [
          runId,
          `The identification stopped: ${(error as Error).message}. Nothing of it was kept; run it again.`,
        ],
      );
    });
    throw error;
  }
}

/** Starts and completes a run in one call (the command line and tests). */
export async function runIdentification(
  db: Database,
  actor: Actor,
  request: IdentificationRequest,
): Promise<IdentificationRun> {
  const runId = await startIdentification(db, actor, request);
  return completeIdentification(db, actor, runId, request);
}
