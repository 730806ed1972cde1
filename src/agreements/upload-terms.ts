import type { Sql } from '../db/index.ts';
import type { VersionState } from './lifecycle.ts';

/** What an upload may contain under the agreement in force: ingestion checks each row against it. */
export interface UploadTerms {
  agreementId: string;
  versionId: string;
  reference: string;
  version: number;
  title: string;
  identityColumns: string[];
  factCodes: string[];
}

export type UploadTermsAnswer = { ok: true; terms: UploadTerms } | { ok: false; reason: string };

/** One version as `kindred_upload_agreement` describes it. */
export interface UploadVersion {
  id: string;
  version: number;
  state: VersionState;
  title: string;
  startDate: string | null;
  endDate: string | null;
  signed: boolean;
  withdrawnOn: string | null;
  identityColumns: string[];
  factCodes: string[];
  parties: { organisationId: string; provides: boolean }[];
}

/** The data flow, its agreement and every version of it: what the decision needs. */
export interface UploadAgreement {
  source: string;
  flowTitle: string;
  flowOrganisationId: string;
  flowOrganisationName: string;
  agreementId: string | null;
  reference: string | null;
  /** The council that keeps the agreement: whom to ask to renew it. */
  keeper: string | null;
  versions: UploadVersion[];
}

/**
 * Whether an organisation may upload to a data flow today, and under which terms. A refusal is a sentence
 * a partner's data officer understands: it names the agreement, the version and the clause.
 */
export function decideUploadTerms(
  found: UploadAgreement | undefined,
  dataFlowId: string,
  uploaderOrganisationId: string,
  today: string,
): UploadTermsAnswer {
  if (!found) return { ok: false, reason: `there is no data flow ${dataFlowId}` };
  const flow = `the data flow '${found.source}'`;
  if (found.flowOrganisationId !== uploaderOrganisationId) {
    return {
      ok: false,
      reason: `${flow} is ${found.flowOrganisationName}’s: only ${found.flowOrganisationName} uploads to it (clause: parties)`,
    };
  }
  if (!found.agreementId || !found.reference)
    return { ok: false, reason: `no active agreement covers ${flow}` };
  const byNumber = [...found.versions].sort((a, b) => b.version - a.version);
  const named = (version: UploadVersion) =>
    `Agreement ${found.reference} '${version.title}' version ${version.version}`;
  const keeper = found.keeper ?? 'the council that keeps it';
  const inForce = byNumber.find((version) => version.state === 'signed');
  if (!inForce) {
    const withdrawn = byNumber.find((version) => version.state === 'withdrawn' && version.signed);
    if (withdrawn) {
      return {
        ok: false,
        reason: `${named(withdrawn)} was withdrawn on ${withdrawn.withdrawnOn} (clause: withdrawal), so no active agreement covers ${flow}. Ask ${keeper} about a new agreement.`,
      };
    }
    const open = byNumber.find((version) => version.state === 'draft' || version.state === 'in_review');
    if (open) {
      const where =
        open.state === 'draft' ? 'is still a draft' : 'is in review and not yet signed by every party';
      return {
        ok: false,
        reason: `${named(open)} ${where} (clause: signatures), so no active agreement covers ${flow} yet.`,
      };
    }
    return { ok: false, reason: `no active agreement covers ${flow}` };
  }
  if (inForce.startDate && today < inForce.startDate) {
    return {
      ok: false,
      reason: `${named(inForce)} starts on ${inForce.startDate} (clause: start date). Uploads under it are accepted from that day.`,
    };
  }
  if (inForce.endDate && today > inForce.endDate) {
    return {
      ok: false,
      reason: `${named(inForce)} expired on ${inForce.endDate} (clause: end date). Ask ${keeper} to renew it.`,
    };
  }
  const party = inForce.parties.find((candidate) => candidate.organisationId === uploaderOrganisationId);
  if (!party) {
    return {
      ok: false,
      reason: `your organisation is not a party to agreement ${found.reference} '${inForce.title}' version ${inForce.version} (clause: parties). Ask ${keeper} to add it.`,
    };
  }
  if (!party.provides) {
    return {
      ok: false,
      reason: `your organisation receives data under agreement ${found.reference} '${inForce.title}' version ${inForce.version} but does not provide any (clause: parties and roles)`,
    };
  }
  return {
    ok: true,
    terms: {
      agreementId: found.agreementId,
      versionId: inForce.id,
      reference: found.reference,
      version: inForce.version,
      title: inForce.title,
      identityColumns: [...inForce.identityColumns],
      factCodes: [...inForce.factCodes],
    },
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The terms an upload by `uploaderOrganisationId` to a data flow must keep to on `today` (YYYY-MM-DD), or why
 * there are none. Runs in the caller's transaction; any signed-in user may ask.
 */
export async function agreementTermsForUpload(
  sql: Sql,
  dataFlowId: string,
  uploaderOrganisationId: string,
  today: string,
): Promise<UploadTermsAnswer> {
  if (!uuidPattern.test(dataFlowId))
    return decideUploadTerms(undefined, dataFlowId, uploaderOrganisationId, today);
  const [row] = await sql.query<{
    source: string;
    flow_title: string;
    flow_organisation_id: string;
    flow_organisation_name: string;
    agreement_id: string | null;
    reference: string | null;
    keeper: string | null;
    versions: UploadVersion[] | string;
  }>('select * from kindred_upload_agreement($1)', [dataFlowId]);
  const found: UploadAgreement | undefined = row && {
    source: row.source,
    flowTitle: row.flow_title,
    flowOrganisationId: row.flow_organisation_id,
    flowOrganisationName: row.flow_organisation_name,
    agreementId: row.agreement_id,
    reference: row.reference,
    keeper: row.keeper,
    versions: typeof row.versions === 'string' ? JSON.parse(row.versions) : row.versions,
  };
  return decideUploadTerms(found, dataFlowId, uploaderOrganisationId, today);
}
