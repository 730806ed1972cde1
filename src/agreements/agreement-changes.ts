import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';
import { type AgreementRecord, loadAgreement } from './agreement-records.ts';
import { AgreementRefused } from './agreement-refused.ts';
import {
  type AgreementTerms,
  emptyTerms,
  problemsBeforeReview,
  problemsInDraft,
  sameTerms,
} from './agreement-terms.ts';
import { openVersion, outstandingSignatures, planRevision } from './lifecycle.ts';

const blank = (text: string): string | null => (text.trim() === '' ? null : text.trim());

const contentValues = (terms: AgreementTerms) => [
  terms.title.trim(),
  terms.purposes.map((purpose) => purpose.trim()).filter(Boolean),
  terms.art6Basis,
  terms.art9Condition,
  blank(terms.dpa2018Condition),
  terms.gateway,
  blank(terms.gatewayDetail),
  terms.identityColumns,
  terms.factCodes,
  terms.recipientsSeeFamilies,
  terms.frequency,
  terms.transferMethod,
  terms.retentionMonths,
  blank(terms.deletion),
  blank(terms.securityMeasures),
  blank(terms.dpiaReference),
  terms.startDate,
  terms.reviewDate,
  terms.endDate,
];

const contentColumns = `title, purposes, art6_basis, art9_condition, dpa2018_condition, gateway, gateway_detail,
  identity_columns, fact_codes, recipients_see_families, frequency, transfer_method, retention_months, deletion, security_measures,
  dpia_reference, start_date, review_date, end_date`;

/** `$first, …` for each content column, so the statements follow the column list. */
const placeholdersFrom = (first: number): string =>
  contentValues(emptyTerms())
    .map((_, index) => `$${first + index}`)
    .join(', ');

function refuseIfMalformed(terms: AgreementTerms): void {
  const problems = problemsInDraft(terms);
  if (problems.length > 0) throw new AgreementRefused('The agreement cannot be saved as it is.', problems);
}

async function insertVersion(
  sql: Sql,
  agreementId: string,
  version: number,
  terms: AgreementTerms,
  importedFrom: string | null,
): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `insert into agreement_version (agreement_id, version, imported_from, ${contentColumns})
     values ($1, $2, $3, ${placeholdersFrom(4)})
     returning id`,
    [agreementId, version, importedFrom, ...contentValues(terms)],
  );
  await insertParties(sql, row!.id, terms);
  return row!.id;
}

async function insertParties(sql: Sql, versionId: string, terms: AgreementTerms): Promise<void> {
  if (terms.parties.length === 0) return;
  await sql.query(
    `insert into agreement_party (version_id, organisation_id, role, provides, receives)
     select $1, * from unnest($2::uuid[], $3::text[], $4::boolean[], $5::boolean[])`,
    [
      versionId,
      terms.parties.map((party) => party.organisationId),
      terms.parties.map((party) => party.role),
      terms.parties.map((party) => party.provides),
      terms.parties.map((party) => party.receives),
    ],
  );
}

async function mustFind(sql: Sql, agreementId: string): Promise<AgreementRecord> {
  const agreement = await loadAgreement(sql, agreementId);
  if (!agreement) throw new AgreementRefused('There is no such agreement, or you cannot see it.');
  return agreement;
}

export interface DraftedAgreement {
  agreementId: string;
  reference: string;
  versionId: string;
}

/** A coordinator starts an agreement: version 1, a draft kept by their council. */
export async function draftAgreement(
  sql: Sql,
  terms: AgreementTerms,
  options: { importedFrom?: string } = {},
): Promise<DraftedAgreement> {
  refuseIfMalformed(terms);
  const [agreement] = await sql.query<{ id: string; reference: string; organisation_id: string }>(
    `insert into agreement (organisation_id, created_by) values (kindred_user_organisation(), kindred_user_id())
     returning id, reference, organisation_id`,
  );
  const versionId = await insertVersion(sql, agreement!.id, 1, terms, options.importedFrom ?? null);
  await recordAudit(sql, {
    action: options.importedFrom ? 'IMPORT_AGREEMENT' : 'CREATE_AGREEMENT',
    subjectType: 'agreement',
    subjectIds: [agreement!.id],
    subjectOrganisationId: agreement!.organisation_id,
    details: { reference: agreement!.reference, version: 1, parties: terms.parties.length },
  });
  return { agreementId: agreement!.id, reference: agreement!.reference, versionId };
}

export interface Revision {
  versionId: string;
  version: number;
  /** `new-version` when a signed agreement changed and the change needs signing again. */
  kind: 'edit-draft' | 'reopen-review' | 'new-version' | 'unchanged';
}

/**
 * Changes an agreement's terms. A draft changes in place; a version in review goes back to draft and loses
 * the signatures it had; a signed agreement gets a new version to sign, and the signed one stays in force
 * (and readable) until the new one is signed by every party.
 */
export async function reviseAgreement(
  sql: Sql,
  agreementId: string,
  terms: AgreementTerms,
): Promise<Revision> {
  refuseIfMalformed(terms);
  const agreement = await mustFind(sql, agreementId);
  const plan = planRevision(agreement.versions);
  if (plan.kind === 'refused') throw new AgreementRefused(plan.reason);
  const current =
    agreement.versions.find((version) => version.version === plan.version) ?? agreement.versions[0]!;
  if (sameTerms(current.terms, terms))
    return { versionId: current.id, version: current.version, kind: 'unchanged' };

  let versionId: string;
  if (plan.kind === 'new-version') {
    versionId = await insertVersion(sql, agreementId, plan.version, terms, null);
  } else {
    versionId = current.id;
    if (plan.kind === 'reopen-review') {
      await sql.query(`update agreement_version set state = 'draft' where id = $1`, [versionId]);
    }
    await sql.query(
      `update agreement_version set (${contentColumns}) =
         (${placeholdersFrom(2)})
       where id = $1`,
      [versionId, ...contentValues(terms)],
    );
    await sql.query('delete from agreement_party where version_id = $1', [versionId]);
    await insertParties(sql, versionId, terms);
  }
  await recordAudit(sql, {
    action: plan.kind === 'new-version' ? 'CREATE_AGREEMENT_VERSION' : 'UPDATE_AGREEMENT',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: {
      reference: agreement.reference,
      version: plan.version,
      signaturesCleared: plan.kind === 'reopen-review',
    },
  });
  return { versionId, version: plan.version, kind: plan.kind };
}

/** The coordinator sends the open draft to the parties' IG officers for signing. */
export async function submitAgreement(sql: Sql, agreementId: string): Promise<{ version: number }> {
  const agreement = await mustFind(sql, agreementId);
  const open = openVersion(agreement.versions);
  if (open?.state !== 'draft')
    throw new AgreementRefused('There is no draft of this agreement to send for review.');
  const problems = problemsBeforeReview(open.terms);
  if (problems.length > 0) {
    throw new AgreementRefused('The draft is not ready to send for review.', problems);
  }
  await sql.query(`update agreement_version set state = 'in_review' where id = $1`, [open.id]);
  await recordAudit(sql, {
    action: 'UPDATE_AGREEMENT_SUBMITTED',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: { reference: agreement.reference, version: open.version },
  });
  return { version: open.version };
}

export interface SigningOutcome {
  version: number;
  /** True when this signature was the last one needed: the version is now signed. */
  fullySigned: boolean;
}

/**
 * An IG officer signs the version in review for their own organisation. The database accepts a signature
 * only from an IG officer of a party, for their own organisation, on a version in review.
 */
export async function signAgreement(
  sql: Sql,
  agreementId: string,
  jobTitle: string,
): Promise<SigningOutcome> {
  if (!jobTitle.trim())
    throw new AgreementRefused('Enter your job title', [{ field: 'title', message: 'Enter your job title' }]);
  const agreement = await mustFind(sql, agreementId);
  const open = openVersion(agreement.versions);
  if (open?.state !== 'in_review')
    throw new AgreementRefused('No version of this agreement is waiting to be signed.');
  const [me] = await sql.query<{ organisation_id: string | null }>(
    'select kindred_user_organisation() as organisation_id',
  );
  const organisationId = me?.organisation_id;
  if (!organisationId || !open.parties.some((party) => party.organisationId === organisationId)) {
    throw new AgreementRefused(
      `Your organisation is not a party to version ${open.version} of ${agreement.reference}.`,
    );
  }
  if (open.signatures.some((signature) => signature.organisationId === organisationId)) {
    throw new AgreementRefused(
      `Your organisation has already signed version ${open.version} of ${agreement.reference}.`,
    );
  }
  await sql.query(
    `insert into agreement_signature (version_id, organisation_id, signed_by, signatory_job_title)
     values ($1, $2, kindred_user_id(), $3)`,
    [open.id, organisationId, jobTitle.trim()],
  );
  const outstanding = outstandingSignatures(open.parties, [...open.signatures, { organisationId }]);
  await recordAudit(sql, {
    action: 'CREATE_AGREEMENT_SIGNATURE',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: organisationId,
    details: { reference: agreement.reference, version: open.version, fullySigned: outstanding.length === 0 },
  });
  return { version: open.version, fullySigned: outstanding.length === 0 };
}

/**
 * Ends an agreement: the version in force and any version being prepared are withdrawn. The keeping council's
 * coordinators may withdraw; so may a party's IG officer, for a version their organisation is party to.
 */
export async function withdrawAgreement(
  sql: Sql,
  agreementId: string,
  reason: string,
): Promise<{ versions: number[] }> {
  if (!reason.trim()) {
    throw new AgreementRefused('Enter why the agreement is withdrawn', [
      { field: 'title', message: 'Enter why the agreement is withdrawn' },
    ]);
  }
  const agreement = await mustFind(sql, agreementId);
  const withdrawn = await sql.query<{ version: number }>(
    `update agreement_version set state = 'withdrawn', withdrawn_reason = $2
     where agreement_id = $1 and state in ('draft', 'in_review', 'signed') returning version`,
    [agreementId, reason.trim()],
  );
  if (withdrawn.length === 0)
    throw new AgreementRefused('There is nothing in this agreement that you may withdraw.');
  const versions = withdrawn.map((row) => row.version).sort((a, b) => a - b);
  await recordAudit(sql, {
    action: 'UPDATE_AGREEMENT_WITHDRAWN',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: { reference: agreement.reference, versions: versions.map(String) },
  });
  return { versions };
}

/** The coordinator abandons the version being prepared; the version in force, if any, stays in force. */
export async function discardOpenVersion(sql: Sql, agreementId: string): Promise<{ version: number }> {
  const agreement = await mustFind(sql, agreementId);
  const open = openVersion(agreement.versions);
  if (!open) throw new AgreementRefused('No version of this agreement is being prepared.');
  const updated = await sql.query(
    `update agreement_version set state = 'withdrawn', withdrawn_reason = 'Discarded before signing'
     where id = $1 returning id`,
    [open.id],
  );
  if (updated.length === 0)
    throw new AgreementRefused('Only the council’s coordinators may discard a draft.');
  await recordAudit(sql, {
    action: 'UPDATE_AGREEMENT_DISCARDED',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: { reference: agreement.reference, version: open.version },
  });
  return { version: open.version };
}
