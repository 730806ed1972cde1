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

/** A column's values by id; given and family name columns share one, so their values compare by id. */
class Vocabulary {
  readonly index = new Map<string, number>();
  readonly values: string[] = [''];

  /** The id of a standard value, given in order of first use. */
  idOf(text: string): number {
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(text);
      this.index.set(text, id);
    }
    return id;
  }

  /** The id of a value that may be empty, 0 when it is (columns hold no empty values). */
  idOfNonEmpty(text: string | null | undefined): number {
    return text ? this.idOf(text) : 0;
  }
}

/**
 * A standard value that a raw value yields but a record may never add (a given name's prefix in the family
 * columns): it takes its id at first use, so ids stay in order of first use.
 */
class StandardValue {
  readonly text: string;
  id = 0;
  constructor(text: string) {
    this.text = text;
  }
}

/** A standard value, or null for an empty one (columns hold no empty values). */
const standardValue = (text: string): StandardValue | null => (text ? new StandardValue(text) : null);

class ColumnBuilder {
  readonly vocabulary: Vocabulary;
  /** Where each record's ids start, and where the last one ends. */
  readonly offsets: Int32Array;
  private ids: Int32Array;
  private idCount = 0;
  private recordCount = 0;

  /** Lays the column out in `room`: where each record starts, then its ids (grown anew only when full). */
  constructor(room: Int32Array, records: number, vocabulary = new Vocabulary()) {
    this.vocabulary = vocabulary;
    this.offsets = room.subarray(0, records + 1);
    this.ids = room.subarray(records + 1);
  }

  /** Adds an id (0: none) to the record being built, unless the record has it already. */
  add(id: number): void {
    if (id === 0) return;
    const ids = this.ids;
    for (let at = this.offsets[this.recordCount]!; at < this.idCount; at++) if (ids[at] === id) return;
    if (this.idCount === ids.length) {
      this.ids = new Int32Array(Math.max(ids.length * 2, 1024));
      this.ids.set(ids);
    }
    this.ids[this.idCount++] = id;
  }

  addEach(ids: readonly number[]): void {
    for (const id of ids) this.add(id);
  }

  /** Adds a value that takes its id now if it has none yet. */
  addValue(value: StandardValue | null): void {
    if (value === null) return;
    if (value.id === 0) value.id = this.vocabulary.idOf(value.text);
    this.add(value.id);
  }

  endRecord(): void {
    this.offsets[++this.recordCount] = this.idCount;
  }

  /** The numbers `build` lays out. */
  get length(): number {
    return this.idCount + this.vocabulary.values.length + this.offsets.length;
  }

  /** The column, its arrays laid out in `arena` from `at` (`length` numbers). */
  build(arena: Int32Array, at: number): Column {
    const { values } = this.vocabulary;
    const ids = arena.subarray(at, at + this.idCount);
    ids.set(this.ids.subarray(0, this.idCount));
    const counts = arena.subarray(at + this.idCount, at + this.idCount + values.length);
    for (let index = 0; index < ids.length; index++) counts[ids[index]!]!++;
    const offsets = arena.subarray(at + this.idCount + values.length, at + this.length);
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

/** A value's words in sorted order; most values have one word, which needs no sorting. */
const sortedWords = (text: string): string => (text.includes(' ') ? text.split(' ').sort().join(' ') : text);

/** The first of a value's words in sorted order. */
function firstSortedWord(text: string): string {
  if (!text.includes(' ')) return text;
  let first: string | undefined;
  for (const word of text.split(' ')) if (first === undefined || word < first) first = word;
  return first!;
}

/** Columns to which one variant may add several values. */
const multiValued = new Set<ColumnName>(['given_names', 'given_name_formal', 'family_names']);

/** Standardises every record's variants into interned columns. */
export function buildRecordTable(
  records: readonly LinkageRecord[],
  aliases = shippedAliasTable(),
): RecordTable {
  const names = new Vocabulary();
  const sharesNames = (column: ColumnName): boolean => /^(given|family)_names?$/.test(column);
  // A variant adds at most one value to a column, but for the columns of name tokens and formal names.
  let variants = 0;
  for (const record of records) variants += record.variants.length;
  const room = (column: ColumnName): number =>
    records.length + 1 + (multiValued.has(column) ? 2 * variants : variants);
  // Every column's room in one block, as each large typed array made anew can set off a full collection.
  const scratch = new Int32Array(columnNames.reduce((sum, column) => sum + room(column), 0));
  let scratchAt = 0;
  const builders = {} as Record<ColumnName, ColumnBuilder>;
  for (const column of columnNames) {
    const columnRoom = scratch.subarray(scratchAt, scratchAt + room(column));
    scratchAt += room(column);
    builders[column] = new ColumnBuilder(columnRoom, records.length, sharesNames(column) ? names : undefined);
  }
  const builderList = columnNames.map((column) => builders[column]);
  const idIn = (column: ColumnName) => (text: string) => builders[column].vocabulary.idOf(text);
  const idInNonEmpty = (column: ColumnName) => (text: string | null | undefined) =>
    builders[column].vocabulary.idOfNonEmpty(text);
  // Each raw value's standard forms are worked out once, with their ids, when a record first adds it: a
  // million records repeat names, dates and postcodes a great deal, and ids go in order of first use.
  const givenName = memo((raw: string) => {
    const given = standardiseName(raw);
    if (!given) return null;
    const first = given.tokens[0]!;
    return {
      first: names.idOf(first),
      tokens: given.tokens.map((token) => names.idOf(token)),
      formal: aliases.formalNames(first).map(idIn('given_name_formal')),
      prefix: idInNonEmpty('given_name_prefix')(first.slice(0, 2)),
      start: idInNonEmpty('given_name_start')(first.slice(0, 3)),
      // A lone name is often the family name entered in the wrong field: let blocking find it there too.
      asFamilyPrefix: standardValue(given.full.slice(0, 2)),
      asFamilyStart: standardValue(given.full.slice(0, 4)),
    };
  });
  const familyName = memo((raw: string) => {
    const family = standardiseName(raw);
    if (!family) return null;
    return {
      full: names.idOf(family.full),
      tokens: family.tokens.filter((token) => token.length > 1).map((token) => names.idOf(token)),
      prefix: idInNonEmpty('family_name_prefix')(family.full.slice(0, 2)),
      start: idInNonEmpty('family_name_start')(family.full.slice(0, 4)),
    };
  });
  // Given and family names share one vocabulary, so a name pair is found by their two ids.
  const namePairIndex = new PairIndex(1024);
  const namePairIds: number[] = [];
  const namePair = (first: number, family: number): number => {
    const at = namePairIndex.intern(first, family);
    let pair = namePairIds[at];
    if (pair === undefined) {
      const [a, b] = [names.values[first]!, names.values[family]!];
      pair = builders.name_pair.vocabulary.idOf(a < b ? `${a} ${b}` : `${b} ${a}`);
      namePairIds[at] = pair;
    }
    return pair;
  };
  const postcode = memo((raw: string) => {
    const code = standardisePostcode(raw);
    if (!code) return null;
    return {
      full: idIn('postcode')(code.full),
      sector: idInNonEmpty('postcode_sector')(code.sector),
      district: idInNonEmpty('postcode_district')(code.district),
    };
  });
  const date = memo((raw: string) => {
    const born = standardiseDate(raw);
    if (born === null) return null;
    const year = Math.floor(born / 10000);
    const month = Math.floor(born / 100) % 100;
    const day = born % 100;
    return {
      full: idIn('date_of_birth')(String(born)),
      year: idIn('birth_year')(String(year)),
      unordered: idIn('birth_date_unordered')(
        String(year * 10000 + Math.min(month, day) * 100 + Math.max(month, day)),
      ),
    };
  });
  const town = memo((raw: string) => idInNonEmpty('town')(standardiseTown(raw)));
  const nhs = memo((raw: string) => idInNonEmpty('nhs_number')(standardiseNhsNumber(raw)));
  const uprn = memo((raw: string) => {
    const trimmed = raw.trim();
    return /^\d+$/.test(trimmed) ? idIn('uprn')(String(Number(trimmed))) : 0;
  });
  // Most UPRNs are written in their standard form already, so they need no look-up of their raw text.
  const standardUprn = /^[1-9]\d{0,14}$/;
  const uprnId = (raw: string | null | undefined): number =>
    raw && standardUprn.test(raw) ? builders.uprn.vocabulary.idOf(raw) : (uprn(raw) ?? 0);
  // An address key is the sorted numbers and the first street word in order: it is worked out once for
  // each pair of numbers and first word, of which there are far fewer than addresses.
  const firstStreetWords = new Vocabulary();
  const firstStreetWordIds: number[] = [];
  const addressKeyIndex = new PairIndex(1024);
  const addressKeyIds: number[] = [];
  const addressKeyId = (numbers: string, numbersId: number, street: string, streetId: number): number => {
    let firstWord = firstStreetWordIds[streetId];
    if (firstWord === undefined) {
      firstWord = firstStreetWords.idOf(firstSortedWord(street));
      firstStreetWordIds[streetId] = firstWord;
    }
    const at = addressKeyIndex.intern(numbersId, firstWord);
    let key = addressKeyIds[at];
    if (key === undefined) {
      key = idIn('address_key')(`${sortedWords(numbers)} ${firstStreetWords.values[firstWord]!}`);
      addressKeyIds[at] = key;
    }
    return key;
  };
  const standardPlace = (line1: string | null | undefined, line2: string | null | undefined) => {
    const place = standardiseAddress(line1, line2);
    if (!place) return null;
    const full = idIn('address')(place.full);
    const numbers = idInNonEmpty('address_numbers')(place.numbers);
    const street = idInNonEmpty('address_street')(place.street);
    return { full, numbers, street, key: addressKeyId(place.numbers, numbers, place.street, street) };
  };
  type Place = ReturnType<typeof standardPlace>;
  // Places by their raw lines: most addresses have no line 2, and are found by line 1 alone.
  const placesWithoutLine2 = new Map<string, Place>();
  const placesByLine2 = new Map<string, Map<string, Place>>();
  const placeOf = (line1: string | null | undefined, line2: string | null | undefined): Place => {
    if (!line1 && !line2) return null;
    let byLine1 = placesWithoutLine2;
    if (line2) {
      byLine1 = placesByLine2.get(line2) ?? new Map<string, Place>();
      if (byLine1.size === 0) placesByLine2.set(line2, byLine1);
    }
    let place = byLine1.get(line1 || '');
    if (place === undefined) {
      place = standardPlace(line1, line2);
      byLine1.set(line1 || '', place);
    }
    return place;
  };
  const sexes = { F: new StandardValue('F'), M: new StandardValue('M'), X: new StandardValue('X') };
  for (const record of records) {
    for (const variant of record.variants) {
      builders.nhs_number.add(nhs(variant.nhs_number) ?? 0);
      const given = givenName(variant.given_name);
      if (given) {
        builders.given_name.add(given.first);
        builders.given_names.addEach(given.tokens);
        builders.given_name_formal.addEach(given.formal);
        builders.given_name_prefix.add(given.prefix);
        builders.given_name_start.add(given.start);
      }
      const family = familyName(variant.family_name);
      if (family) {
        builders.family_name.add(family.full);
        builders.family_names.addEach(family.tokens);
        builders.family_name_prefix.add(family.prefix);
        builders.family_name_start.add(family.start);
      }
      if (given && !family) {
        builders.family_name_prefix.addValue(given.asFamilyPrefix);
        builders.family_name_start.addValue(given.asFamilyStart);
      }
      if (given && family) builders.name_pair.add(namePair(given.first, family.full));
      const born = date(variant.date_of_birth);
      if (born) {
        builders.date_of_birth.add(born.full);
        builders.birth_year.add(born.year);
        builders.birth_date_unordered.add(born.unordered);
      }
      const sex = variant.sex;
      if (sex === 'F' || sex === 'M' || sex === 'X') builders.sex.addValue(sexes[sex]);
      const code = postcode(variant.postcode);
      if (code) {
        builders.postcode.add(code.full);
        builders.postcode_sector.add(code.sector);
        builders.postcode_district.add(code.district);
      }
      const place = placeOf(variant.address_line_1, variant.address_line_2);
      if (place) {
        builders.address.add(place.full);
        builders.address_numbers.add(place.numbers);
        builders.address_street.add(place.street);
        builders.address_key.add(place.key);
      }
      builders.town.add(town(variant.town) ?? 0);
      builders.uprn.add(uprnId(variant.uprn));
    }
    for (const builder of builderList) builder.endRecord();
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
