import { buildOrganisation, buildUser, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { draftAgreement, signAgreement, submitAgreement } from './agreement-changes.ts';
import { type AgreementParty, type AgreementTerms, emptyTerms } from './agreement-terms.ts';

/** Complete terms between the given parties: a police-to-council sharing for the programme. */
export function completeTerms(
  parties: AgreementParty[],
  change: Partial<AgreementTerms> = {},
): AgreementTerms {
  return {
    ...emptyTerms(),
    title: 'Police data for Supporting Families',
    parties,
    purposes: ['Identifying families eligible for the Supporting Families programme'],
    art6Basis: 'e',
    gateway: 'crime_and_disorder_act_1998_s115',
    identityColumns: ['given_name', 'family_name', 'date_of_birth', 'postcode'],
    factCodes: ['crime.proven_offence', 'crime.asb_intervention', 'dv.victim'],
    frequency: 'monthly',
    transferMethod: 'kindred_upload',
    retentionMonths: 24,
    deletion:
      'Rows are deleted from Kindred at the end of the retention period; backups expire within 35 days.',
    securityMeasures:
      'Encrypted in transit (TLS 1.2+) and at rest; role-based access; audit log of every view.',
    dpiaReference: 'DPIA-2026-014',
    startDate: '2026-01-01',
    reviewDate: '2026-12-01',
    endDate: '2027-12-31',
    ...change,
  };
}

export interface Partnership {
  councilId: string;
  policeId: string;
  schoolId: string;
  coordinator: TestUser;
  councilIg: TestUser;
  analyst: TestUser;
  keyworker: TestUser;
  policeIg: TestUser;
  policeOfficer: TestUser;
  schoolIg: TestUser;
  otherCouncilCoordinator: TestUser;
}

export async function buildPartnership(db: Database): Promise<Partnership> {
  const councilId = await buildOrganisation(db, 'council');
  const policeId = await buildOrganisation(db, 'police');
  const schoolId = await buildOrganisation(db, 'education');
  const otherCouncilId = await buildOrganisation(db, 'council');
  return {
    councilId,
    policeId,
    schoolId,
    coordinator: await buildUser(db, councilId, ['coordinator']),
    councilIg: await buildUser(db, councilId, ['ig_officer']),
    analyst: await buildUser(db, councilId, ['analyst']),
    keyworker: await buildUser(db, councilId, ['keyworker']),
    policeIg: await buildUser(db, policeId, ['ig_officer']),
    policeOfficer: await buildUser(db, policeId, ['partner_data_officer']),
    schoolIg: await buildUser(db, schoolId, ['ig_officer']),
    otherCouncilCoordinator: await buildUser(db, otherCouncilId, ['coordinator']),
  };
}

/** The police provide, the council receives; both controllers. */
export const policeToCouncil = (partnership: Partnership): AgreementParty[] => [
  { organisationId: partnership.policeId, role: 'controller', provides: true, receives: false },
  { organisationId: partnership.councilId, role: 'controller', provides: false, receives: true },
];

/** Drafts, submits and has both IG officers sign: the agreement is signed when this returns. */
export async function signedAgreement(
  db: Database,
  partnership: Partnership,
  terms: AgreementTerms = completeTerms(policeToCouncil(partnership)),
): Promise<{ agreementId: string; reference: string }> {
  const drafted = await db.asActor(partnership.coordinator.actor, (sql) => draftAgreement(sql, terms));
  await db.asActor(partnership.coordinator.actor, (sql) => submitAgreement(sql, drafted.agreementId));
  await db.asActor(partnership.policeIg.actor, (sql) =>
    signAgreement(sql, drafted.agreementId, 'Head of IG'),
  );
  await db.asActor(partnership.councilIg.actor, (sql) => signAgreement(sql, drafted.agreementId, 'IG lead'));
  return { agreementId: drafted.agreementId, reference: drafted.reference };
}
