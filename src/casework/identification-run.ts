import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { recordAudit } from '../audit/index.ts';
import { effectiveDecisions } from '../clerical-review/decisions.ts';
import {
  type CriteriaFramework,
  type FrameworkDefinition,
  shippedFrameworkDefinitions,
} from '../criteria/index.ts';
import type { Actor, Database, Sql } from '../db/index.ts';
import { assignmentFrom, type LinkageModel } from '../linkage/index.ts';
import { findLinkageModel } from '../linkage-models/index.ts';
import { type CurrentUpload, currentUploads, readCurrentExtracts } from './current-extracts.ts';
import type { EngineProgress } from './identification-engine.ts';
import { IdentificationThread } from './identification-thread.ts';
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
  /** The postcode districts of the run's families, for the families list's filter (kept when it finishes). */
  postcodeDistricts: string[];
  /** What changed since the previous run, counted (see kindred_run_change_counts); null without one. */
  changeCounts: Record<string, number> | null;
  /** The council's linkage model the run linked with; null when it trained a model on the data itself. */
  linkageModelVersion: number | null;
  /** The match probability its linkage joined pairs at (kept when it finishes). */
  matchThreshold: number | null;
  /** Whether it linked every record afresh or only those of new uploads (`linkingNote` says why not, if asked). */
  linking: Linking;
  linkingNote: string | null;
}

export type Linking = 'full' | 'incremental';

const runColumns = `id, framework_id as "frameworkId", framework_version as "frameworkVersion", as_of::text as "asOf",
  run_by as "runBy", state, phase, progress_done as "progressDone", progress_total as "progressTotal",
  cardinality(upload_ids) as uploads, rows_read as "rowsRead", records, people, families,
  eligible_families as "eligibleFamilies", previous_run_id as "previousRunId", reason, started_at as "startedAt",
  finished_at as "finishedAt", postcode_districts as "postcodeDistricts", change_counts as "changeCounts",
  linkage_model_version as "linkageModelVersion", match_threshold as "matchThreshold", linking,
  linking_note as "linkingNote"`;

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

/**
 * The newest finished run (the one the families list shows) and the most recent runs of any state, in one
 * statement: the list asks for both on every page.
 */
export async function recentRuns(
  sql: Sql,
  limit: number,
): Promise<{ latest: IdentificationRun | undefined; recent: IdentificationRun[] }> {
  const rows = await sql.query<IdentificationRun & { place: 'latest' | 'recent' }>(
    `(select 'latest' as place, ${runColumns} from identification_run
      where state = 'finished' and council_id = kindred_user_organisation()
      order by finished_at desc limit 1)
     union all
     (select 'recent' as place, ${runColumns} from identification_run where council_id = kindred_user_organisation()
      order by started_at desc limit $1)`,
    [limit],
  );
  const strip = ({ place: _, ...run }: IdentificationRun & { place: string }): IdentificationRun => run;
  return {
    latest: rows.filter((row) => row.place === 'latest').map(strip)[0],
    recent: rows.filter((row) => row.place === 'recent').map(strip),
  };
}

/** This process, as the runner of its runs: another process can tell when it has gone. */
export const runnerInstance = randomUUID();

/** How often a run says it is still under way, while it works. */
const heartbeatMs = 60_000;

export interface IdentificationRequest {
  framework: CriteriaFramework;
  /** The definitions the framework's includes resolve against (default: the shipped frameworks). */
  library?: readonly FrameworkDefinition[];
  /** The assessment date (YYYY-MM-DD). */
  asOf: string;
  /**
   * `incremental`: link only the records of uploads the previous run did not read, against its people with its
   * model; the rest keep their people. Done in full when that cannot be (the run says why). Default `full`.
   */
  linking?: Linking;
  /** The uploads whose arrival started the run, when it started by itself. */
  afterUploads?: string[];
}

/** Records that a coordinator started a run; its work is done by `completeIdentification`. */
export async function startIdentification(
  db: Database,
  actor: Actor,
  request: IdentificationRequest,
): Promise<string> {
  return db.asActor(actor, async (sql) => {
    const [run] = await sql.query<{ id: string }>(
      `insert into identification_run (council_id, framework_id, framework_version, as_of, run_by, phase,
         runner_host, runner_pid, runner_instance, heartbeat_at, linkage_model_version)
       values ($1, $2, $3, $4, $5, 'reading', $6, $7, $8, now(),
               (select max(version) from linkage_model where council_id = $1)) returning id`,
      [
        actor.organisationId,
        request.framework.id,
        request.framework.version,
        request.asOf,
        actor.userId,
        hostname(),
        process.pid,
        runnerInstance,
      ],
    );
    await recordAudit(sql, {
      action: 'CREATE_IDENTIFICATION_RUN',
      subjectType: 'identification_run',
      subjectIds: [run!.id],
      details: {
        framework: request.framework.id,
        frameworkVersion: request.framework.version,
        asOf: request.asOf,
        ...(request.afterUploads ? { afterUploads: request.afterUploads } : {}),
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
      `update identification_run set phase = $2, progress_done = $3, progress_total = $4, heartbeat_at = now()
       where id = $1`,
      [runId, phase, done, total],
    ),
  );
}

/**
 * Identifies the families over the current extracts: reads the rows the coordinator may read, links them into
 * people (keeping the previous run's person ids), forms households, assesses each against the framework, stores
 * the families with their evidence and compares them with the previous run. The engine step runs in a worker
 * thread, so the process goes on answering pages meanwhile. A failure leaves nothing behind.
 */
export async function completeIdentification(
  db: Database,
  actor: Actor,
  runId: string,
  request: IdentificationRequest,
): Promise<IdentificationRun> {
  const heartbeat = setInterval(() => {
    // A missed beat is made up by the next; the run itself reports its own failures.
    void db
      .asActor(actor, (sql) =>
        sql.query('update identification_run set heartbeat_at = now() where id = $1', [runId]),
      )
      .catch(() => undefined);
  }, heartbeatMs);
  heartbeat.unref();
  let thread: IdentificationThread | undefined;
  try {
    const uploads = await currentUploads(db, actor);
    const previous = await db.asActor(actor, async (sql) => {
      const run = await latestRun(sql);
      if (!run) return undefined;
      const people = await sql.query<{ source: string; record_id: string; person_id: string }>(
        'select source, record_id, person_id from identified_person where run_id = $1',
        [run.id],
      );
      return { runId: run.id, assignment: assignmentFrom(people) };
    });
    const model = await db.asActor(actor, async (sql) => {
      const version = (await findRun(sql, runId))?.linkageModelVersion;
      return version ? (await findLinkageModel(sql, version))?.model : undefined;
    });
    const decisions = await db.asActor(actor, (sql) => effectiveDecisions(sql));
    const incremental =
      request.linking === 'incremental'
        ? await db.asActor(actor, (sql) => incrementalBasis(sql, runId, previous?.runId, uploads))
        : undefined;
    thread = new IdentificationThread({
      framework: {
        definition: request.framework.definition,
        library: request.library ?? shippedFrameworkDefinitions(),
      },
      asOf: request.asOf,
      uploads,
      ...(previous ? { previous: previous.assignment } : {}),
      ...(incremental && 'model' in incremental
        ? { model: incremental.model, unchangedUploads: incremental.unchangedUploads }
        : model
          ? { model }
          : {}),
      decisions,
    });

    await setProgress(db, actor, runId, 'reading', 0, uploads.length);
    let rowsRead = 0;
    let uploadsRead = 0;
    for await (const { upload, rows } of readCurrentExtracts(db, actor, uploads)) {
      thread.addRows(upload.source, rows);
      rowsRead += rows.length;
      await setProgress(db, actor, runId, 'reading', ++uploadsRead, uploads.length);
    }

    await setProgress(db, actor, runId, 'linking', 0, null);
    let progressWrites = Promise.resolve();
    let progressFailure: unknown;
    const answer = await thread.identify((progress: EngineProgress) => {
      // One write after another, so the page never goes back to an earlier step.
      progressWrites = progressWrites
        .then(() =>
          progress.phase === 'linking'
            ? setProgress(db, actor, runId, 'linking', progress.step, progress.steps)
            : setProgress(db, actor, runId, 'assessing', 0, null),
        )
        .catch((error: unknown) => {
          progressFailure ??= error;
        });
    });
    await progressWrites;
    if (progressFailure) throw progressFailure;

    await storeIdentification(db, actor, runId, answer.batches, (done, total) =>
      setProgress(db, actor, runId, 'storing', done, total),
    );
    if (previous) {
      // In a transaction of its own: the run stays unseen until it finishes, and the page sees this phase.
      await setProgress(db, actor, runId, 'comparing', 0, null);
      await db.asActor(actor, (sql) => compareWithPrevious(sql, runId, previous.runId));
    }
    await db.asActor(actor, async (sql) => {
      await sql.query(
        `update identification_run set state = 'finished', phase = null, finished_at = now(), upload_ids = $2,
           rows_read = $3, records = $4, people = $5, families = $6, eligible_families = $7, previous_run_id = $8,
           postcode_districts = kindred_run_postcode_districts($1),
           change_counts = case when $8::uuid is not null then kindred_run_change_counts($1) end,
           match_threshold = $9, linkage_model = $10::jsonb, linking = $11, linking_note = $12
         where id = $1`,
        [
          runId,
          uploads.map((upload) => upload.id),
          rowsRead,
          answer.records,
          answer.people,
          answer.families,
          answer.eligibleFamilies,
          previous?.runId ?? null,
          answer.matchThreshold,
          answer.linkageModel,
          incremental && 'model' in incremental ? 'incremental' : 'full',
          incremental && 'note' in incremental ? incremental.note : null,
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
          rowsRead,
          families: answer.families,
          eligibleFamilies: answer.eligibleFamilies,
          linking: incremental && 'model' in incremental ? 'incremental' : 'full',
          samePersonDecisions: decisions.samePerson.length,
          differentPeopleDecisions: decisions.differentPeople.length,
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
  } finally {
    clearInterval(heartbeat);
    await thread?.stop();
  }
}

/**
 * What linking incrementally starts from: the previous run's model and the uploads it read that are current
 * still, or why the run must link in full instead.
 */
async function incrementalBasis(
  sql: Sql,
  runId: string,
  previousRunId: string | undefined,
  uploads: readonly CurrentUpload[],
): Promise<{ model: LinkageModel; unchangedUploads: string[] } | { note: string }> {
  if (!previousRunId) return { note: 'There is no earlier run to link against: every record was linked.' };
  const [previous] = await sql.query<{
    uploadIds: string[];
    model: LinkageModel | string | null;
    version: number | null;
  }>(
    `select upload_ids as "uploadIds", linkage_model as model, linkage_model_version as version
     from identification_run where id = $1`,
    [previousRunId],
  );
  const version = (await findRun(sql, runId))?.linkageModelVersion ?? null;
  if (!previous?.model)
    return { note: 'The previous run kept no linkage model to link with: every record was linked.' };
  if ((previous.version ?? null) !== version)
    return {
      note: 'The council has kept another linkage model since the previous run: every record was linked.',
    };
  const current = new Set(uploads.map((upload) => upload.id));
  const unchangedUploads = previous.uploadIds.filter((id) => current.has(id));
  if (unchangedUploads.length === 0)
    return { note: 'None of the uploads the previous run read is current still: every record was linked.' };
  const model =
    typeof previous.model === 'string' ? (JSON.parse(previous.model) as LinkageModel) : previous.model;
  return { model, unchangedUploads };
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
