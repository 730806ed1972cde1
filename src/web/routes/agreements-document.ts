import {
  agreementStatus,
  loadAgreement,
  longDate,
  statusNames,
  todayInEngland,
} from '../../agreements/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { Sql } from '../../db/index.ts';
import { versionModel } from './agreements-presenter.ts';

/** One version, laid out as the readable agreement a person prints or saves as PDF; reading it is audited. */
export async function loadViewedVersion(sql: Sql, agreementId: string, version: number) {
  const agreement = await loadAgreement(sql, agreementId);
  const found = agreement?.versions.find((candidate) => candidate.version === version);
  if (!agreement || !found) return undefined;
  await recordAudit(sql, {
    action: 'VIEW_AGREEMENT_DOCUMENT',
    subjectType: 'agreement',
    subjectIds: [agreementId],
    subjectOrganisationId: agreement.keeperId,
    details: { reference: agreement.reference, version },
  });
  const today = todayInEngland();
  const overall = agreementStatus(agreement.versions, today);
  return {
    reference: agreement.reference,
    keeper: agreement.keeper,
    agreementId,
    shown: versionModel(found, today),
    overallStatus: overall ? statusNames[overall] : '',
    withdrawnOn: found.withdrawnAt ? longDate(found.withdrawnAt.toISOString().slice(0, 10)) : '',
  };
}
