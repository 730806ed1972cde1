import type { OrganisationKind } from '../access/index.ts';
import type { Sql } from '../db/index.ts';
import type { PartyRole } from './agreement-terms.ts';
import type { Art6Basis, Art9Condition, Gateway } from './legal-bases.ts';
import type { Frequency, TransferMethod } from './transfer.ts';

/** An active agreement as the public may see it: what is shared, by whom and why; no one's name. */
export interface RegisterEntry {
  reference: string;
  version: number;
  title: string;
  keeper: string;
  purposes: string[];
  art6Basis: Art6Basis;
  art9Condition: Art9Condition | null;
  gateway: Gateway;
  gatewayDetail: string;
  identityColumns: string[];
  factCodes: string[];
  recipientsSeeFamilies: boolean;
  frequency: Frequency;
  transferMethod: TransferMethod;
  retentionMonths: number;
  startDate: string;
  reviewDate: string;
  endDate: string;
  parties: { name: string; kind: OrganisationKind; role: PartyRole; provides: boolean; receives: boolean }[];
}

/** The agreements active on `day`; works without anyone signed in (it reads only non-personal fields). */
export async function publicRegister(sql: Sql, day: string): Promise<RegisterEntry[]> {
  const rows = await sql.query<{
    reference: string;
    version: number;
    title: string;
    keeper: string;
    purposes: string[];
    art6_basis: Art6Basis;
    art9_condition: Art9Condition | null;
    gateway: Gateway;
    gateway_detail: string | null;
    identity_columns: string[];
    fact_codes: string[];
    recipients_see_families: boolean;
    frequency: Frequency;
    transfer_method: TransferMethod;
    retention_months: number;
    start_date: string;
    review_date: string;
    end_date: string;
    parties: RegisterEntry['parties'] | string | null;
  }>('select * from kindred_public_register($1)', [day]);
  return rows.map((row) => ({
    reference: row.reference,
    version: row.version,
    title: row.title,
    keeper: row.keeper,
    purposes: row.purposes,
    art6Basis: row.art6_basis,
    art9Condition: row.art9_condition,
    gateway: row.gateway,
    gatewayDetail: row.gateway_detail ?? '',
    identityColumns: row.identity_columns,
    factCodes: row.fact_codes,
    recipientsSeeFamilies: row.recipients_see_families,
    frequency: row.frequency,
    transferMethod: row.transfer_method,
    retentionMonths: row.retention_months,
    startDate: row.start_date,
    reviewDate: row.review_date,
    endDate: row.end_date,
    parties: (typeof row.parties === 'string' ? JSON.parse(row.parties) : row.parties) ?? [],
  }));
}
