/** A council with a police data flow under a signed agreement, its keyworkers, and two families in extracts. */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { buildUser, type TestUser } from '../../test/support/factories.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Actor, Database } from '../db/index.ts';
import {
  buildUploadScene,
  type ExtractFiles,
  policeFactCodes,
  policeIdentityColumns,
  type UploadScene,
  uploadDay,
} from '../ingest/upload.test-support.ts';
import { uploadExtract } from '../ingest/upload.ts';
import { startIdentification } from './identification-run.ts';
import { storedBatches, storeIdentification } from './store-identification.ts';

export const familyExtractHeader =
  'record_id,given_name,family_name,date_of_birth,sex,address_line_1,town,postcode,lead_worker,lead_worker_contact,fact,fact_start,fact_end,fact_value';

/** The assessment date of the tests: the upload day. */
export const assessmentDay = uploadDay;

/**
 * The Adams family (three problems: a child's offence, a child in need, domestic abuse) and the Brown family
 * (anti-social behaviour only, so not eligible). Sam Patel works with Ben Adams while he is a child in need.
 */
export const firstExtract = [
  'A1,Amy,Adams,1985-03-04,F,1 High Street,Northtown,NS1 4AB,,,dv.victim,2026-05-01,,',
  'A2,Ben,Adams,2012-07-08,M,1 High Street,Northtown,NS1 4AB,PC Jones,jones@police.example,crime.proven_offence,2026-02-10,,',
  'A2,Ben,Adams,2012-07-08,M,1 High Street,Northtown,NS1 4AB,Sam Patel,01632 960001,children.child_in_need,2026-03-01,,',
  'A3,Cara,Adams,2019-01-01,F,1 High Street,Northtown,NS1 4AB,,,,,,',
  'B1,Dan,Brown,1990-01-01,M,2 Low Road,Southtown,NS2 1CD,,,crime.asb_intervention,2026-04-01,,',
  'B2,Eve,Brown,2015-05-05,F,2 Low Road,Southtown,NS2 1CD,,,,,,',
];

/** The next extract: Ben's offence is gone (a problem resolved) and Dan Brown is a victim (newly eligible). */
export const secondExtract = [
  ...firstExtract.filter((row) => !row.includes('crime.proven_offence')),
  'A2,Ben,Adams,2012-07-08,M,1 High Street,Northtown,NS1 4AB,PC Jones,jones@police.example,,,,',
  'B1,Dan,Brown,1990-01-01,M,2 Low Road,Southtown,NS2 1CD,,,dv.victim,2026-10-01,,',
];

export interface FamilyScene extends UploadScene {
  analyst: TestUser;
  keyworkerA: TestUser;
  keyworkerB: TestUser;
}

export async function buildFamilyScene(db: Database): Promise<FamilyScene> {
  const scene = await buildUploadScene(db, {
    identityColumns: [...policeIdentityColumns, 'lead_worker', 'lead_worker_contact'],
    factCodes: policeFactCodes,
  });
  return {
    ...scene,
    analyst: await buildUser(db, scene.councilId, ['analyst']),
    keyworkerA: await buildUser(db, scene.councilId, ['keyworker']),
    keyworkerB: await buildUser(db, scene.councilId, ['keyworker']),
  };
}

/** Uploads rows through the partners' own path, as the police data officer. */
export async function shareExtract(
  db: Database,
  scene: FamilyScene,
  files: ExtractFiles,
  rows: string[],
  officer: Actor = scene.officer.actor,
): Promise<string> {
  const outcome = await uploadExtract(db, officer, {
    dataFlowId: scene.flowId,
    path: files.write(rows, familyExtractHeader),
    today: uploadDay,
  });
  if (outcome.kind !== 'loaded')
    throw new Error(`The test extract was not loaded: ${JSON.stringify(outcome)}`);
  return outcome.uploadId;
}

/** The id of a process that has ended. */
export const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/**
 * A run left running by another process, with some of its rows written: by default a process of this machine
 * that has ended; `runner` says otherwise (a live process, another machine, a run silent for some minutes).
 */
export async function runOfAnotherProcess(
  db: Database,
  scene: Pick<UploadScene, 'coordinator' | 'councilId'>,
  runner: { host?: string; pid?: number; silentMinutes?: number } = {},
): Promise<string> {
  const actor = scene.coordinator.actor;
  const runId = await startIdentification(db, actor, {
    framework: shippedFramework('tf-2015'),
    asOf: assessmentDay,
  });
  await storeIdentification(
    db,
    actor,
    runId,
    storedBatches({
      people: [
        {
          source: 'police',
          record_id: 'A1',
          person_id: 'P1',
          family_id: 'F1',
          upload_id: '00000000-0000-0000-0000-000000000001',
          organisation_id: scene.councilId,
          agreement_id: null,
          agreement_reference: null,
          agreement_version: null,
          given_name: 'Amy',
          family_name: 'Adams',
          date_of_birth: '1985-03-04',
          address: '1 High Street, Northtown',
          postcode: 'NS1 4AB',
          compared_values: null,
        },
      ],
      families: [
        {
          family_id: 'F1',
          eligible: false,
          programme_family: false,
          problems: [],
          problem_count: 0,
          member_count: 1,
          children_ages: [],
          youngest_child_age: null,
          postcode_district: null,
          latest_evidence: null,
          change: null,
          problems_gained: [],
        },
      ],
      members: [],
      facts: [],
      evidence: [],
      involvements: [],
    }),
  );
  await db.asOwner((sql) =>
    sql.query(
      `update identification_run set runner_instance = gen_random_uuid(), runner_host = $2, runner_pid = $3,
         heartbeat_at = now() - make_interval(mins => $4) where id = $1`,
      [runId, runner.host ?? hostname(), runner.pid ?? deadPid(), runner.silentMinutes ?? 0],
    ),
  );
  return runId;
}

/** The identification and casework tables, in the order `visibleCounts` gives them. */
export const identificationTables = [
  'identified_family',
  'identified_member',
  'identified_fact',
  'identified_evidence',
  'identified_involvement',
  'identified_person',
  'family_casework',
  'family_casework_change',
] as const;

/** Row counts of every identification table as one user sees them. */
export async function visibleCounts(db: Database, user: TestUser): Promise<Record<string, number>> {
  return db.asActor(user.actor, async (sql) => {
    const counts: Record<string, number> = {};
    for (const table of identificationTables) {
      const [row] = await sql.query<{ count: number }>(`select count(*)::int as count from ${table}`);
      counts[table] = row!.count;
    }
    return counts;
  });
}
