import { PairIndex } from './pair-index.ts';
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

/**
 * A standard value as the columns take it, with its id once a column has interned it: a raw value met
 * again adds the same object, so no text is looked up twice. One value goes only to columns that share
 * a vocabulary.
 */
class StandardValue {
  readonly text: string;
  id = 0;
  constructor(text: string) {
    this.text = text;
  }
}

/** A standard value, or null for an empty one (columns hold no empty values). */
const standardValue = (text: string | null | undefined): StandardValue | null =>
  text ? new StandardValue(text) : null;

class ColumnBuilder {
  readonly vocabulary: Vocabulary;
  offsets: number[] = [0];
  ids: number[] = [];
  private recordStart = 0;

  constructor(vocabulary = new Vocabulary()) {
    this.vocabulary = vocabulary;
  }

  add(value: StandardValue | null): void {
    if (value === null) return;
    let id = value.id;
    if (id === 0) {
      const { index, values } = this.vocabulary;
      id = index.get(value.text) ?? values.length;
      if (id === values.length) {
        values.push(value.text);
        index.set(value.text, id);
      }
      value.id = id;
    }
    for (let at = this.recordStart; at < this.ids.length; at++) if (this.ids[at] === id) return;
    this.ids.push(id);
  }

  endRecord(): void {
    this.offsets.push(this.ids.length);
    this.recordStart = this.ids.length;
  }

  /** The numbers `build` lays out. */
  get length(): number {
    return this.ids.length + this.vocabulary.values.length + this.offsets.length;
  }

  /** The column, its arrays laid out in `arena` from `at` (`length` numbers). */
  build(arena: Int32Array, at: number): Column {
    const { values } = this.vocabulary;
    const ids = arena.subarray(at, at + this.ids.length);
    ids.set(this.ids);
    const counts = arena.subarray(at + this.ids.length, at + this.ids.length + values.length);
    for (const id of ids) counts[id]!++;
    const offsets = arena.subarray(at + this.ids.length + values.length, at + this.length);
    offsets.set(this.offsets);
    return { offsets, ids, values, counts };
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
  // Each raw value's standard forms are worked out once, as values that keep their ids: a million
  // records repeat names, dates and postcodes a great deal.
  const givenName = memo((raw: string) => {
    const given = standardiseName(raw);
    if (!given) return null;
    const tokens = given.tokens.map((token) => new StandardValue(token));
    const first = tokens[0]!;
    return {
      first,
      tokens,
      formal: aliases.formalNames(first.text).map((name) => new StandardValue(name)),
      prefix: standardValue(first.text.slice(0, 2)),
      start: standardValue(first.text.slice(0, 3)),
      // A lone name is often the family name entered in the wrong field: let blocking find it there too.
      asFamilyPrefix: standardValue(given.full.slice(0, 2)),
      asFamilyStart: standardValue(given.full.slice(0, 4)),
    };
  });
  const familyName = memo((raw: string) => {
    const family = standardiseName(raw);
    if (!family) return null;
    return {
      full: new StandardValue(family.full),
      tokens: family.tokens.filter((token) => token.length > 1).map((token) => new StandardValue(token)),
      prefix: standardValue(family.full.slice(0, 2)),
      start: standardValue(family.full.slice(0, 4)),
    };
  });
  // Given and family names share one vocabulary, so a name pair is found by their two ids.
  const namePairIndex = new PairIndex(1024);
  const namePairs: StandardValue[] = [];
  const namePair = (first: StandardValue, family: StandardValue): StandardValue => {
    const at = namePairIndex.intern(first.id, family.id);
    let pair = namePairs[at];
    if (!pair) {
      const [a, b] = [first.text, family.text];
      pair = new StandardValue(a < b ? `${a} ${b}` : `${b} ${a}`);
      namePairs[at] = pair;
    }
    return pair;
  };
  const postcode = memo((raw: string) => {
    const code = standardisePostcode(raw);
    if (!code) return null;
    return {
      full: new StandardValue(code.full),
      sector: standardValue(code.sector),
      district: standardValue(code.district),
    };
  });
  const date = memo((raw: string) => {
    const born = standardiseDate(raw);
    if (born === null) return null;
    const year = Math.floor(born / 10000);
    const month = Math.floor(born / 100) % 100;
    const day = born % 100;
    return {
      full: new StandardValue(String(born)),
      year: new StandardValue(String(year)),
      unordered: new StandardValue(String(year * 10000 + Math.min(month, day) * 100 + Math.max(month, day))),
    };
  });
  const town = memo((raw: string) => standardValue(standardiseTown(raw)));
  const nhs = memo((raw: string) => standardValue(standardiseNhsNumber(raw)));
  const uprn = memo((raw: string) => {
    const trimmed = raw.trim();
    return /^\d+$/.test(trimmed) ? new StandardValue(String(Number(trimmed))) : null;
  });
  // An address by the ids of its two raw lines (0: no line).
  const lineIds = new Map<string, number>();
  const lineId = (line: string | null | undefined): number => {
    if (!line) return 0;
    let id = lineIds.get(line);
    if (id === undefined) {
      id = lineIds.size + 1;
      lineIds.set(line, id);
    }
    return id;
  };
  const standardPlace = (line1: string | null | undefined, line2: string | null | undefined) => {
    const place = standardiseAddress(line1, line2);
    if (!place) return null;
    const numbers = place.numbers.split(' ').sort().join(' ');
    return {
      full: new StandardValue(place.full),
      numbers: standardValue(place.numbers),
      street: standardValue(place.street),
      key: new StandardValue(`${numbers} ${place.street.split(' ').sort()[0] ?? ''}`),
    };
  };
  const addressIndex = new PairIndex(1024);
  const addresses: (ReturnType<typeof standardPlace> | undefined)[] = [];
  const sexes = { F: new StandardValue('F'), M: new StandardValue('M'), X: new StandardValue('X') };
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
      if (born) {
        builders.date_of_birth.add(born.full);
        builders.birth_year.add(born.year);
        builders.birth_date_unordered.add(born.unordered);
      }
      const sex = variant.sex;
      if (sex === 'F' || sex === 'M' || sex === 'X') builders.sex.add(sexes[sex]);
      const code = postcode(variant.postcode);
      if (code) {
        builders.postcode.add(code.full);
        builders.postcode_sector.add(code.sector);
        builders.postcode_district.add(code.district);
      }
      const line1 = lineId(variant.address_line_1);
      const line2 = lineId(variant.address_line_2);
      if (line1 !== 0 || line2 !== 0) {
        const at = addressIndex.intern(line1, line2);
        let place = addresses[at];
        if (place === undefined) {
          place = standardPlace(variant.address_line_1, variant.address_line_2);
          addresses[at] = place;
        }
        if (place) {
          builders.address.add(place.full);
          builders.address_numbers.add(place.numbers);
          builders.address_street.add(place.street);
          builders.address_key.add(place.key);
        }
      }
      builders.town.add(town(variant.town));
      builders.uprn.add(uprn(variant.uprn));
    }
    for (const column of columnNames) builders[column].endRecord();
  }
  // Every column's arrays and the sources in one shared block: one large allocation, not seventy.
  let at = records.length;
  for (const column of columnNames) at += builders[column].length;
  const arena = sharedInt32(at);
  const sources = arena.subarray(0, records.length);
  at = records.length;
  const columns = {} as Record<ColumnName, Column>;
  for (const column of columnNames) {
    columns[column] = builders[column].build(arena, at);
    at += builders[column].length;
  }
  const sourceNames: string[] = [];
  const sourceIndex = new Map<string, number>();
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
