import type { ExtractRow } from '../ingest/extract-columns.ts';

/** The identity columns of an extract row that linkage reads. */
export type IdentityValues = Partial<
  Pick<
    ExtractRow,
    | 'nhs_number'
    | 'given_name'
    | 'family_name'
    | 'date_of_birth'
    | 'sex'
    | 'address_line_1'
    | 'address_line_2'
    | 'town'
    | 'postcode'
    | 'uprn'
  >
>;

/** One extract row as linkage needs it: the record it belongs to and its identity values. */
export type IdentityRow = IdentityValues & { record_id: string };

/** A record: every row with one record_id in one source. Rows may carry different identity variants. */
export interface LinkageRecord {
  source: string;
  recordId: string;
  variants: IdentityValues[];
}

const identityKeys = [
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
] as const;

function variantKey(values: IdentityValues): string {
  return identityKeys.map((key) => values[key] ?? '').join('\u0001');
}

const given = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined && value !== '';

/** A row's identity values, leaving out empty ones; written out column by column, as it runs for every row. */
function variantOf(row: IdentityRow): IdentityValues {
  const variant: IdentityValues = {};
  if (given(row.nhs_number)) variant.nhs_number = row.nhs_number;
  if (given(row.given_name)) variant.given_name = row.given_name;
  if (given(row.family_name)) variant.family_name = row.family_name;
  if (given(row.date_of_birth)) variant.date_of_birth = row.date_of_birth;
  if (given(row.sex)) variant.sex = row.sex;
  if (given(row.address_line_1)) variant.address_line_1 = row.address_line_1;
  if (given(row.address_line_2)) variant.address_line_2 = row.address_line_2;
  if (given(row.town)) variant.town = row.town;
  if (given(row.postcode)) variant.postcode = row.postcode;
  if (given(row.uprn)) variant.uprn = row.uprn;
  return variant;
}

/** Groups a source's rows into records, keeping each distinct identity variant once, in file order. */
export function recordsFromRows(source: string, rows: Iterable<IdentityRow>): LinkageRecord[] {
  const records: LinkageRecord[] = [];
  // Extracts mostly list rows in order of record_id: while they do, a row can only belong to the record
  // of the row before or to a new one, and records need no index until a row comes out of order.
  let byId: Map<string, LinkageRecord> | undefined;
  let previous: LinkageRecord | undefined;
  // Most records have one row, so the variants seen are keyed only for records met again.
  const seenVariants = new Map<LinkageRecord, Set<string>>();
  for (const row of rows) {
    const id = row.record_id;
    let record = previous !== undefined && previous.recordId === id ? previous : undefined;
    if (record === undefined && previous !== undefined && (byId !== undefined || id < previous.recordId)) {
      byId ??= new Map(records.map((each) => [each.recordId, each]));
      record = byId.get(id);
    }
    if (record === undefined) {
      record = { source, recordId: id, variants: [variantOf(row)] };
      records.push(record);
      byId?.set(id, record);
    } else {
      let seen = seenVariants.get(record);
      if (seen === undefined) {
        seen = new Set(record.variants.map(variantKey));
        seenVariants.set(record, seen);
      }
      const key = variantKey(row);
      if (!seen.has(key)) {
        seen.add(key);
        record.variants.push(variantOf(row));
      }
    }
    previous = record;
  }
  return records;
}
