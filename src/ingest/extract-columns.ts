/** The columns of the standard partner extract, version 1 (shared/spec/extract-format.md). */
export const identityColumns = [
  'nhs_number',
  'given_name',
  'family_name',
  'date_of_birth',
  'sex',
  'address_line_1',
  'address_line_2',
  'town',
  'postcode',
  'uprn',
  'household_ref',
  'lead_worker',
  'lead_worker_contact',
] as const;

export const factColumns = ['fact', 'fact_start', 'fact_end', 'fact_value'] as const;

export const extractColumns = ['record_id', ...identityColumns, ...factColumns] as const;

export type ExtractColumn = (typeof extractColumns)[number];
export type IdentityColumn = (typeof identityColumns)[number];

/** One row of an extract after validation: values cleaned, invalid identity values dropped (null). */
export interface ExtractRow {
  /** 1-based line where the row starts in the file (the header is line 1). */
  line: number;
  record_id: string;
  nhs_number: string | null;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  sex: 'F' | 'M' | 'X' | 'U' | null;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
  uprn: string | null;
  household_ref: string | null;
  lead_worker: string | null;
  lead_worker_contact: string | null;
  fact: string | null;
  fact_start: string | null;
  fact_end: string | null;
  fact_value: number | null;
}
