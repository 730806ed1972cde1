import { listOrganisations } from '../access/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';
import { type DraftedAgreement, draftAgreement } from './agreement-changes.ts';
import { loadAgreement } from './agreement-records.ts';
import { AgreementRefused } from './agreement-refused.ts';
import { type DfeAgreement, exportDfeAgreement, importDfeAgreement } from './dfe-agreement.ts';

/** One version of an agreement as a machine-readable DfE agreement; the export is audited. */
export async function exportAgreement(
  sql: Sql,
  agreementId: string,
  version: number,
  origin: string,
): Promise<DfeAgreement | undefined> {
  const agreement = await loadAgreement(sql, agreementId);
  const found = agreement?.versions.find((candidate) => candidate.version === version);
  if (!agreement || !found) return undefined;
  await recordAudit(sql, {
    action: 'EXPORT_AGREEMENT',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: { reference: agreement.reference, version, format: 'dfe-dsa-json' },
  });
  return exportDfeAgreement(agreement, found, origin);
}

/**
 * A coordinator imports a machine-readable agreement as a new draft of their council. It must still be
 * reviewed and signed here: signatures made elsewhere do not carry over.
 */
export async function importAgreement(sql: Sql, document: unknown): Promise<DraftedAgreement> {
  const organisations = await listOrganisations(sql);
  const imported = importDfeAgreement(document, organisations);
  if (!imported.terms) throw new AgreementRefused('The agreement cannot be imported.', [], imported.problems);
  return draftAgreement(sql, imported.terms, { importedFrom: imported.source || 'an imported file' });
}
