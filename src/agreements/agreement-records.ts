import type { OrganisationKind } from '../access/index.ts';
import type { Sql } from '../db/index.ts';
import type { IdentityColumn } from '../ingest/extract-columns.ts';
import type { AgreementParty, AgreementTerms, PartyRole } from './agreement-terms.ts';
import type { Art6Basis, Art9Condition, Gateway } from './legal-bases.ts';
import type { VersionLife, VersionState } from './lifecycle.ts';
import type { Frequency, TransferMethod } from './transfer.ts';

export interface PartyDetail extends AgreementParty {
  name: string;
  kind: OrganisationKind;
}

export interface Signature {
  organisationId: string;
  organisationName: string;
  signatoryName: string;
  jobTitle: string;
  signedAt: Date;
}

/** One version of an agreement as stored, with its parties' names and its signatures. */
export interface VersionRecord extends VersionLife {
  id: string;
  agreementId: string;
  terms: AgreementTerms;
  parties: PartyDetail[];
  signatures: Signature[];
  createdAt: Date;
  submittedAt: Date | null;
  signedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
  importedFrom: string | null;
}

export interface AgreementRecord {
  id: string;
  reference: string;
  /** The council that keeps the agreement. */
  keeperId: string;
  keeper: string;
  /** Newest first. */
  versions: VersionRecord[];
}

interface VersionRow {
  id: string;
  agreement_id: string;
  version: number;
  state: VersionState;
  title: string;
  purposes: string[];
  art6_basis: Art6Basis | null;
  art9_condition: Art9Condition | null;
  dpa2018_condition: string | null;
  gateway: Gateway | null;
  gateway_detail: string | null;
  identity_columns: IdentityColumn[];
  fact_codes: string[];
  recipients_see_families: boolean;
  frequency: Frequency | null;
  transfer_method: TransferMethod | null;
  retention_months: number | null;
  deletion: string | null;
  security_measures: string | null;
  dpia_reference: string | null;
  start_date: string | null;
  review_date: string | null;
  end_date: string | null;
  imported_from: string | null;
  created_at: Date;
  submitted_at: Date | null;
  signed_at: Date | null;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
}

interface PartyRow {
  version_id: string;
  organisation_id: string;
  name: string;
  kind: OrganisationKind;
  role: PartyRole;
  provides: boolean;
  receives: boolean;
}

interface SignatureRow {
  version_id: string;
  organisation_id: string;
  organisation_name: string;
  signatory_name: string;
  signatory_job_title: string;
  signed_at: Date;
}

function toVersion(row: VersionRow, parties: PartyDetail[], signatures: Signature[]): VersionRecord {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    version: row.version,
    state: row.state,
    startDate: row.start_date,
    reviewDate: row.review_date,
    endDate: row.end_date,
    signed: row.signed_at !== null,
    terms: {
      title: row.title,
      parties: parties.map(({ organisationId, role, provides, receives }) => ({
        organisationId,
        role,
        provides,
        receives,
      })),
      purposes: row.purposes,
      art6Basis: row.art6_basis,
      art9Condition: row.art9_condition,
      dpa2018Condition: row.dpa2018_condition ?? '',
      gateway: row.gateway,
      gatewayDetail: row.gateway_detail ?? '',
      identityColumns: row.identity_columns,
      factCodes: row.fact_codes,
      recipientsSeeFamilies: row.recipients_see_families,
      frequency: row.frequency,
      transferMethod: row.transfer_method,
      retentionMonths: row.retention_months,
      deletion: row.deletion ?? '',
      securityMeasures: row.security_measures ?? '',
      dpiaReference: row.dpia_reference ?? '',
      startDate: row.start_date,
      reviewDate: row.review_date,
      endDate: row.end_date,
    },
    parties,
    signatures,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    signedAt: row.signed_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnReason: row.withdrawn_reason,
    importedFrom: row.imported_from,
  };
}

/** Agreements the acting user may read (row-level security decides), newest version first. */
export async function loadAgreements(sql: Sql, agreementId?: string): Promise<AgreementRecord[]> {
  const agreements = await sql.query<{ id: string; reference: string; keeper_id: string; keeper: string }>(
    `select a.id, a.reference, a.organisation_id as keeper_id, o.name as keeper
     from agreement a join organisation o on o.id = a.organisation_id
     where $1::uuid is null or a.id = $1 order by a.reference`,
    [agreementId ?? null],
  );
  if (agreements.length === 0) return [];
  const ids = agreements.map((agreement) => agreement.id);
  const versions = await sql.query<VersionRow>(
    `select id, agreement_id, version, state, title, purposes, art6_basis, art9_condition, dpa2018_condition, gateway,
            gateway_detail, identity_columns, fact_codes, recipients_see_families, frequency, transfer_method,
            retention_months, deletion, security_measures, dpia_reference, start_date, review_date, end_date, imported_from, created_at,
            submitted_at, signed_at, withdrawn_at, withdrawn_reason
     from agreement_version where agreement_id = any ($1::uuid[]) order by version desc`,
    [ids],
  );
  const versionIds = versions.map((version) => version.id);
  const parties = await sql.query<PartyRow>(
    `select p.version_id, p.organisation_id, o.name, o.kind, p.role, p.provides, p.receives
     from agreement_party p join organisation o on o.id = p.organisation_id
     where p.version_id = any ($1::uuid[]) order by o.name`,
    [versionIds],
  );
  const signatures = await sql.query<SignatureRow>(
    `select s.version_id, s.organisation_id, o.name as organisation_name, s.signatory_name, s.signatory_job_title,
            s.signed_at
     from agreement_signature s join organisation o on o.id = s.organisation_id
     where s.version_id = any ($1::uuid[]) order by s.signed_at`,
    [versionIds],
  );
  return agreements.map((agreement) => ({
    id: agreement.id,
    reference: agreement.reference,
    keeperId: agreement.keeper_id,
    keeper: agreement.keeper,
    versions: versions
      .filter((version) => version.agreement_id === agreement.id)
      .map((version) =>
        toVersion(
          version,
          parties
            .filter((party) => party.version_id === version.id)
            .map((party) => ({
              organisationId: party.organisation_id,
              name: party.name,
              kind: party.kind,
              role: party.role,
              provides: party.provides,
              receives: party.receives,
            })),
          signatures
            .filter((signature) => signature.version_id === version.id)
            .map((signature) => ({
              organisationId: signature.organisation_id,
              organisationName: signature.organisation_name,
              signatoryName: signature.signatory_name,
              jobTitle: signature.signatory_job_title,
              signedAt: signature.signed_at,
            })),
        ),
      ),
  }));
}

export async function loadAgreement(sql: Sql, agreementId: string): Promise<AgreementRecord | undefined> {
  const [found] = await loadAgreements(sql, agreementId);
  return found;
}
