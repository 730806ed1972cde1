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

/** Groups a source's rows into records, keeping each distinct identity variant once, in file order. */
export function recordsFromRows(source: string, rows: Iterable<IdentityRow>): LinkageRecord[] {
  const byId = new Map<string, { record: LinkageRecord; seen: Set<string> }>();
  for (const row of rows) {
    let entry = byId.get(row.record_id);
    if (!entry) {
      entry = { record: { source, recordId: row.record_id, variants: [] }, seen: new Set() };
      byId.set(row.record_id, entry);
    }
    const key = variantKey(row);
    if (entry.seen.has(key)) continue;
    entry.seen.add(key);
    const variant: IdentityValues = {};
    for (const column of identityKeys) {
      const value = row[column];
      if (value !== null && value !== undefined && value !== '')
        (variant as Record<string, unknown>)[column] = value;
    }
    entry.record.variants.push(variant);
  }
  return [...byId.values()].map((entry) => entry.record);
}
