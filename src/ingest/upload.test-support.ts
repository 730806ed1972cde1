/** A partnership with a police data flow under a signed agreement, and extract files to upload to it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOrganisation, buildUser, platformActor, type TestUser } from '../../test/support/factories.ts';
import { draftAgreement, signAgreement, submitAgreement } from '../agreements/agreement-changes.ts';
import { completeTerms } from '../agreements/agreements.test-support.ts';
import type { AgreementTerms } from '../agreements/index.ts';
import type { Database } from '../db/index.ts';

/** The upload day of the tests: inside the agreement's dates (2026-01-01 to 2027-12-31). */
export const uploadDay = '2026-11-25';

export const policeIdentityColumns: AgreementTerms['identityColumns'] = [
  'nhs_number',
  'given_name',
  'family_name',
  'date_of_birth',
  'sex',
  'address_line_1',
  'town',
  'postcode',
];
export const policeFactCodes = [
  'crime.proven_offence',
  'crime.asb_intervention',
  'dv.victim',
  'children.child_in_need',
];

export interface UploadScene {
  councilId: string;
  policeId: string;
  schoolId: string;
  coordinator: TestUser;
  officer: TestUser;
  secondOfficer: TestUser;
  schoolOfficer: TestUser;
  policeIg: TestUser;
  councilIg: TestUser;
  agreementReference: string;
  agreementId: string;
  /** A flow under the signed agreement. */
  flowId: string;
}

/** Drafts, submits and has both IG officers sign an agreement between the police and the council. */
export async function signPoliceAgreement(
  db: Database,
  scene: Pick<UploadScene, 'policeId' | 'councilId' | 'coordinator' | 'policeIg' | 'councilIg'>,
  change: Partial<AgreementTerms> = {},
): Promise<{ agreementId: string; reference: string }> {
  const terms = completeTerms(
    [
      { organisationId: scene.policeId, role: 'controller', provides: true, receives: false },
      { organisationId: scene.councilId, role: 'controller', provides: false, receives: true },
    ],
    { identityColumns: policeIdentityColumns, factCodes: policeFactCodes, ...change },
  );
  const drafted = await db.asActor(scene.coordinator.actor, (sql) => draftAgreement(sql, terms));
  await db.asActor(scene.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
  await db.asActor(scene.policeIg.actor, (sql) => signAgreement(sql, drafted.agreementId, 'Head of IG'));
  await db.asActor(scene.councilIg.actor, (sql) => signAgreement(sql, drafted.agreementId, 'IG lead'));
  return drafted;
}

export async function buildDataFlow(
  db: Database,
  organisationId: string,
  source: string,
  agreementId: string | null,
): Promise<string> {
  return db.asActor(platformActor, async (sql) => {
    const [row] = await sql.query<{ id: string }>(
      'insert into data_flow (organisation_id, source, title, agreement_id) values ($1, $2, $3, $4) returning id',
      [organisationId, source, `${source} extract`, agreementId],
    );
    return row!.id;
  });
}

let sources = 0;
/** A data flow source name not used before in this process. */
export const freshSource = (stem: string): string => `${stem}_${process.pid}_${++sources}`;

/** The partnership, and a police flow under an agreement with the test terms (changed by `terms`). */
export async function buildUploadScene(
  db: Database,
  terms: Partial<AgreementTerms> = {},
): Promise<UploadScene> {
  const councilId = await buildOrganisation(db, 'council');
  const policeId = await buildOrganisation(db, 'police');
  const schoolId = await buildOrganisation(db, 'education');
  const people = {
    councilId,
    policeId,
    schoolId,
    coordinator: await buildUser(db, councilId, ['coordinator']),
    officer: await buildUser(db, policeId, ['partner_data_officer']),
    secondOfficer: await buildUser(db, policeId, ['partner_data_officer']),
    schoolOfficer: await buildUser(db, schoolId, ['partner_data_officer']),
    policeIg: await buildUser(db, policeId, ['ig_officer']),
    councilIg: await buildUser(db, councilId, ['ig_officer']),
  };
  const { agreementId, reference } = await signPoliceAgreement(db, people, terms);
  const flowId = await buildDataFlow(db, policeId, freshSource('police'), agreementId);
  return { ...people, agreementReference: reference, agreementId, flowId };
}

export const extractHeader =
  'record_id,nhs_number,given_name,family_name,date_of_birth,fact,fact_start,fact_end,fact_value';

/** A directory of extract files for one test file. */
export class ExtractFiles {
  readonly directory = mkdtempSync(join(tmpdir(), 'kindred-upload-'));
  private count = 0;

  /** Rows under the standard test header (or the header given), LF line ends. */
  write(rows: string[], header = extractHeader): string {
    return this.writeBytes(`${[header, ...rows].join('\n')}\n`);
  }

  writeBytes(content: string | Uint8Array, name = `extract-${++this.count}.csv`): string {
    const path = join(this.directory, name);
    writeFileSync(path, content);
    return path;
  }
}
