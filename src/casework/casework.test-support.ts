/** A council with a police data flow under a signed agreement, its keyworkers, and two families in extracts. */
import { buildUser, type TestUser } from '../../test/support/factories.ts';
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
