import type { LinkageRecord } from './records.ts';
import { standardiseAddress, standardiseTown } from './standardise/address.ts';
import { type AliasTable, shippedAliasTable } from './standardise/aliases.ts';
import { standardiseDate } from './standardise/date-of-birth.ts';
import { standardiseName } from './standardise/names.ts';
import { standardiseNhsNumber } from './standardise/nhs-number.ts';
import { standardisePostcode } from './standardise/postcode.ts';

/** The standardised columns every record is described by; blocking rules and comparisons name them. */
export const columnNames = [
  'nhs_number',
  'given_name',
  'given_names',
  'given_name_formal',
  'given_name_prefix',
  'given_name_start',
  'family_name',
  'family_names',
  'family_name_prefix',
  'family_name_start',
  'name_pair',
  'date_of_birth',
  'birth_year',
  'birth_date_unordered',
  'sex',
  'postcode',
  'postcode_sector',
  'postcode_district',
  'address',
  'address_numbers',
  'address_street',
  'address_key',
  'town',
  'uprn',
] as const;

export type ColumnName = (typeof columnNames)[number];

/**
 * One standardised column: each record's distinct values as integer ids (0 is never used),
 * records' values at ids[offsets[r]] .. ids[offsets[r + 1]].
 */
export interface Column {
  offsets: Int32Array;
  ids: Int32Array;
  /** The standardised value of each id (index 0 is empty). */
  values: string[];
  /** How many records carry each id: the term frequencies. */
  counts: Int32Array;
}

/** Records as standardised, interned columns. Record r is the r-th record given. */
export interface RecordTable {
  size: number;
  columns: Record<ColumnName, Column>;
  aliases: AliasTable;
  /** Each record's source, as an index into `sourceNames`. */
  sources: Int32Array;
  sourceNames: string[];
}

/** Ids shared by columns whose values are compared with each other (given and family names). */
class Vocabulary {
  readonly index = new Map<string, number>();
  readonly values: string[] = [''];
}

class ColumnBuilder {
  readonly vocabulary: Vocabulary;
  offsets: number[] = [0];
  ids: number[] = [];
  private recordStart = 0;

  constructor(vocabulary = new Vocabulary()) {
    this.vocabulary = vocabulary;
  }

  add(value: string | null | undefined): void {
    if (value === null || value === undefined || value === '') return;
    const { index, values } = this.vocabulary;
    let id = index.get(value);
    if (id === undefined) {
      id = values.length;
      values.push(value);
      index.set(value, id);
    }
    for (let at = this.recordStart; at < this.ids.length; at++) if (this.ids[at] === id) return;
    this.ids.push(id);
  }

  endRecord(): void {
    this.offsets.push(this.ids.length);
    this.recordStart = this.ids.length;
  }

  build(): Column {
    const ids = sharedInt32(this.ids);
    const { values } = this.vocabulary;
    const counts = sharedInt32(values.length);
    for (const id of ids) counts[id]!++;
    return { offsets: sharedInt32(this.offsets), ids, values, counts };
  }
}

/** An Int32Array on shared memory, so scoring workers read the table without a copy. */
export function sharedInt32(from: number | ArrayLike<number>): Int32Array {
  const length = typeof from === 'number' ? from : from.length;
  const array = new Int32Array(new SharedArrayBuffer(length * 4));
  if (typeof from !== 'number') array.set(from);
  return array;
}

/** Caches each raw string's standard form: names and postcodes repeat a great deal. */
function memo<T>(standardise: (raw: string) => T): (raw: string | null | undefined) => T | null {
  const cache = new Map<string, T>();
  return (raw) => {
    if (raw === null || raw === undefined || raw === '') return null;
    let found = cache.get(raw);
    if (found === undefined) {
      found = standardise(raw);
      cache.set(raw, found);
    }
    return found;
  };
}

/** Standardises every record's variants into interned columns. */
export function buildRecordTable(
  records: readonly LinkageRecord[],
  aliases = shippedAliasTable(),
): RecordTable {
  const names = new Vocabulary();
  const sharesNames = (column: ColumnName): boolean => /^(given|family)_names?$/.test(column);
  const builders = Object.fromEntries(
    columnNames.map((column) => [column, new ColumnBuilder(sharesNames(column) ? names : undefined)]),
  ) as Record<ColumnName, ColumnBuilder>;
  // Each raw value's standard forms are worked out once and kept as strings, so the same text is
  // looked up again rather than built again for every record (a million records repeat them a lot).
  const givenName = memo((raw: string) => {
    const given = standardiseName(raw);
    if (!given) return null;
    const first = given.tokens[0]!;
    return {
      first,
      tokens: given.tokens,
      formal: aliases.formalNames(first),
      prefix: first.slice(0, 2),
      start: first.slice(0, 3),
      // A lone name is often the family name entered in the wrong field: let blocking find it there too.
      asFamilyPrefix: given.full.slice(0, 2),
      asFamilyStart: given.full.slice(0, 4),
    };
  });
  const familyName = memo((raw: string) => {
    const family = standardiseName(raw);
    if (!family) return null;
    return {
      full: family.full,
      tokens: family.tokens.filter((token) => token.length > 1),
      prefix: family.full.slice(0, 2),
      start: family.full.slice(0, 4),
    };
  });
  const namePairs = new Map<string, Map<string, string>>();
  const namePair = (first: string, family: string): string => {
    let byFamily = namePairs.get(first);
    if (!byFamily) {
      byFamily = new Map();
      namePairs.set(first, byFamily);
    }
    let pair = byFamily.get(family);
    if (pair === undefined) {
      pair = first < family ? `${first} ${family}` : `${family} ${first}`;
      byFamily.set(family, pair);
    }
    return pair;
  };
  const postcode = memo(standardisePostcode);
  const date = memo((raw: string) => {
    const born = standardiseDate(raw);
    if (born === null) return null;
    const month = Math.floor(born / 100) % 100;
    const day = born % 100;
    return {
      full: String(born),
      year: String(Math.floor(born / 10000)),
      unordered: String(Math.floor(born / 10000) * 10000 + Math.min(month, day) * 100 + Math.max(month, day)),
    };
  });
  const town = memo(standardiseTown);
  const nhs = memo(standardiseNhsNumber);
  // Per first line, per second line; a missing line stands as NUL, which memo would take for no value.
  const noLine = '\u0000';
  const address = memo((line1: string) =>
    memo((line2: string) => {
      const place = standardiseAddress(line1 === noLine ? null : line1, line2 === noLine ? null : line2);
      if (!place) return null;
      const numbers = place.numbers.split(' ').sort().join(' ');
      return { ...place, key: `${numbers} ${place.street.split(' ').sort()[0] ?? ''}` };
    }),
  );
  const uprn = memo((raw: string) => {
    const trimmed = raw.trim();
    return trimmed && /^\d+$/.test(trimmed) ? String(Number(trimmed)) : null;
  });
  for (const record of records) {
    for (const variant of record.variants) {
      builders.nhs_number.add(nhs(variant.nhs_number));
      const given = givenName(variant.given_name);
      if (given) {
        builders.given_name.add(given.first);
        for (const token of given.tokens) builders.given_names.add(token);
        for (const formal of given.formal) builders.given_name_formal.add(formal);
        builders.given_name_prefix.add(given.prefix);
        builders.given_name_start.add(given.start);
      }
      const family = familyName(variant.family_name);
      if (family) {
        builders.family_name.add(family.full);
        for (const token of family.tokens) builders.family_names.add(token);
        builders.family_name_prefix.add(family.prefix);
        builders.family_name_start.add(family.start);
      }
      if (given && !family) {
        builders.family_name_prefix.add(given.asFamilyPrefix);
        builders.family_name_start.add(given.asFamilyStart);
      }
      if (given && family) builders.name_pair.add(namePair(given.first, family.full));
      const born = date(variant.date_of_birth);
      if (born !== null) {
        builders.date_of_birth.add(born.full);
        builders.birth_year.add(born.year);
        builders.birth_date_unordered.add(born.unordered);
      }
      const sex = variant.sex;
      if (sex === 'F' || sex === 'M' || sex === 'X') builders.sex.add(sex);
      const code = postcode(variant.postcode);
      if (code) {
        builders.postcode.add(code.full);
        builders.postcode_sector.add(code.sector);
        builders.postcode_district.add(code.district);
      }
      const place =
        variant.address_line_1 || variant.address_line_2
          ? address(variant.address_line_1 || noLine)!(variant.address_line_2 || noLine)
          : null;
      if (place) {
        builders.address.add(place.full);
        builders.address_numbers.add(place.numbers);
        builders.address_street.add(place.street);
        builders.address_key.add(place.key);
      }
      builders.town.add(town(variant.town));
      builders.uprn.add(uprn(variant.uprn));
    }
    for (const column of columnNames) builders[column].endRecord();
  }
  const columns = Object.fromEntries(
    columnNames.map((column) => [column, builders[column].build()]),
  ) as Record<ColumnName, Column>;
  const sourceNames: string[] = [];
  const sourceIndex = new Map<string, number>();
  const sources = sharedInt32(records.length);
  records.forEach((record, r) => {
    let index = sourceIndex.get(record.source);
    if (index === undefined) {
      index = sourceNames.length;
      sourceNames.push(record.source);
      sourceIndex.set(record.source, index);
    }
    sources[r] = index;
  });
  return { size: records.length, columns, aliases, sources, sourceNames };
}
