import { type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { startHelperThread } from './helper-thread.ts';
import { PairIndex } from './pair-index.ts';
import type { LinkageRecord } from './records.ts';
import { standardiseAddress, standardiseTown, streetTypes } from './standardise/address.ts';
import { type AliasTable, shippedAliasTable } from './standardise/aliases.ts';
import { standardiseDate } from './standardise/date-of-birth.ts';
import { standardiseName } from './standardise/names.ts';
import { standardiseNhsNumber } from './standardise/nhs-number.ts';
import { standardisePostcode } from './standardise/postcode.ts';
import { sortedWords } from './standardise/text.ts';

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

/** The first of a street's words in sorted order, passing over its type (road, avenue) when it has other words. */
function firstStreetWord(street: string): string {
  if (!street.includes(' ')) return street;
  let first: string | undefined;
  let firstType: string | undefined;
  for (const word of street.split(' ')) {
    if (streetTypes.has(word)) {
      if (firstType === undefined || word < firstType) firstType = word;
    } else if (first === undefined || word < first) first = word;
  }
  return first ?? firstType!;
}

/** Columns to which one variant may add several values. */
const multiValued = new Set<ColumnName>(['given_names', 'given_name_formal', 'family_names']);

/**
 * The column groups: where a record lives (postcode, address), which a worker may build; the locality (town,
 * UPRN) and the person's columns, built on the calling thread.
 */
const placeColumnNames = columnNames.filter((column) => /^(postcode|address)/.test(column));
const localityColumnNames: ColumnName[] = ['town', 'uprn'];
const personColumnNames = columnNames.filter(
  (column) => !placeColumnNames.includes(column) && !localityColumnNames.includes(column),
);

/** The raw fields the place columns are standardised from. */
const placeFieldNames = ['postcode', 'address_line_1', 'address_line_2'] as const;
type PlaceField = (typeof placeFieldNames)[number];

/** Each place field's raw value in every variant, record by record ('' where a variant has none). */
type PlaceFields = Record<PlaceField, string[]>;

/** Look-ups of a standard value's id in a column's vocabulary, to hand to the standardisers. */
function idLookups(builders: Record<ColumnName, ColumnBuilder>): {
  idIn: (column: ColumnName) => (text: string) => number;
  idInNonEmpty: (column: ColumnName) => (text: string | null | undefined) => number;
} {
  return {
    idIn: (column) => (text) => builders[column].vocabulary.idOf(text),
    idInNonEmpty: (column) => (text) => builders[column].vocabulary.idOfNonEmpty(text),
  };
}

/** Builders for some of the columns, their room laid out in one block (see `ColumnBuilder`). */
function columnBuilders(
  names: readonly ColumnName[],
  records: number,
  variants: number,
  shared?: Vocabulary,
): Record<ColumnName, ColumnBuilder> {
  // A variant adds at most one value to a column, but for the columns of name tokens and formal names.
  const room = (column: ColumnName): number =>
    records + 1 + (multiValued.has(column) ? 2 * variants : variants);
  // Every column's room in one block, as each large typed array made anew can set off a full collection.
  const scratch = new Int32Array(names.reduce((sum, column) => sum + room(column), 0));
  let at = 0;
  const builders = {} as Record<ColumnName, ColumnBuilder>;
  for (const column of names) {
    builders[column] = new ColumnBuilder(scratch.subarray(at, at + room(column)), records, shared);
    at += room(column);
  }
  return builders;
}

/** Columns laid out one after another in one block of shared memory, as a worker hands them over. */
function layOut(
  builders: Partial<Record<ColumnName, ColumnBuilder>>,
  names: readonly ColumnName[],
): Partial<Record<ColumnName, Column>> {
  let at = 0;
  for (const column of names) at += builders[column]!.length;
  const arena = sharedInt32(at);
  at = 0;
  const columns: Partial<Record<ColumnName, Column>> = {};
  for (const column of names) {
    columns[column] = builders[column]!.build(arena, at);
    at += builders[column]!.length;
  }
  return columns;
}

/** The columns of who a record is: names (their tokens, formal names, prefixes, pairs), date of birth, sex and NHS number. */
function personColumns(
  records: readonly LinkageRecord[],
  variants: number,
  aliases: AliasTable,
): Partial<Record<ColumnName, ColumnBuilder>> {
  const names = new Vocabulary();
  const sharesNames = (column: ColumnName): boolean => /^(given|family)_names?$/.test(column);
  const builders = columnBuilders(personColumnNames.filter(sharesNames), records.length, variants, names);
  Object.assign(
    builders,
    columnBuilders(
      personColumnNames.filter((column) => !sharesNames(column)),
      records.length,
      variants,
    ),
  );
  const builderList = personColumnNames.map((column) => builders[column]);
  const { idIn, idInNonEmpty } = idLookups(builders);
  // Each raw value's standard forms are worked out once, with their ids, when a record first adds it: a
  // million records repeat names a great deal, and ids go in order of first use.
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
  const sexes = { F: new StandardValue('F'), M: new StandardValue('M'), X: new StandardValue('X') };
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
  const nhs = memo((raw: string) => idInNonEmpty('nhs_number')(standardiseNhsNumber(raw)));
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
    }
    for (const builder of builderList) builder.endRecord();
  }
  return builders;
}

/** The place field values of every variant, record by record. */
function placeFieldsOf(records: readonly LinkageRecord[], variants: number): PlaceFields {
  const fields = {} as PlaceFields;
  for (const field of placeFieldNames) fields[field] = new Array<string>(variants);
  let at = 0;
  for (const record of records) {
    for (const variant of record.variants) {
      fields.postcode[at] = variant.postcode ?? '';
      fields.address_line_1[at] = variant.address_line_1 ?? '';
      fields.address_line_2[at] = variant.address_line_2 ?? '';
      at++;
    }
  }
  return fields;
}

/** The columns of the town and the UPRN: quick to build, so built beside the names while a worker builds the place columns. */
function localityColumns(
  records: readonly LinkageRecord[],
  variants: number,
): Partial<Record<ColumnName, ColumnBuilder>> {
  const builders = columnBuilders(localityColumnNames, records.length, variants);
  const { idIn, idInNonEmpty } = idLookups(builders);
  const town = memo((raw: string) => idInNonEmpty('town')(standardiseTown(raw)));
  const uprn = memo((raw: string) => {
    const trimmed = raw.trim();
    return /^\d+$/.test(trimmed) ? idIn('uprn')(String(Number(trimmed))) : 0;
  });
  // Most UPRNs are written in their standard form already, so they need no look-up of their raw text.
  const standardUprn = /^[1-9]\d{0,14}$/;
  const uprnId = (raw: string | null | undefined): number =>
    !raw ? 0 : standardUprn.test(raw) ? builders.uprn.vocabulary.idOf(raw) : (uprn(raw) ?? 0);
  for (const record of records) {
    for (const variant of record.variants) {
      builders.town.add(town(variant.town) ?? 0);
      builders.uprn.add(uprnId(variant.uprn));
    }
    builders.town.endRecord();
    builders.uprn.endRecord();
  }
  return builders;
}

/**
 * The columns of where a record lives: postcode and address.
 * Record r has `variantsOf[r]` variants, whose values follow one another in `fields`.
 */
function placeColumns(
  variantsOf: Int32Array,
  fields: PlaceFields,
): Partial<Record<ColumnName, ColumnBuilder>> {
  const variants = fields.postcode.length;
  const builders = columnBuilders(placeColumnNames, variantsOf.length, variants);
  const builderList = placeColumnNames.map((column) => builders[column]);
  const { idIn, idInNonEmpty } = idLookups(builders);
  // As with persons' columns, each raw value is standardised once, when a record first adds it.
  const postcode = memo((raw: string) => {
    const code = standardisePostcode(raw);
    if (!code) return null;
    return {
      full: idIn('postcode')(code.full),
      sector: idInNonEmpty('postcode_sector')(code.sector),
      district: idInNonEmpty('postcode_district')(code.district),
    };
  });
  // An address key is the sorted numbers and the street's first word in sorted order but for its type
  // (`firstStreetWord`): worked out once for each pair of numbers and word, far fewer than addresses.
  const firstStreetWords = new Vocabulary();
  const firstStreetWordIds: number[] = [];
  const addressKeyIndex = new PairIndex(1024);
  const addressKeyIds: number[] = [];
  const addressKeyId = (numbers: string, numbersId: number, street: string, streetId: number): number => {
    let firstWord = firstStreetWordIds[streetId];
    if (firstWord === undefined) {
      firstWord = firstStreetWords.idOf(firstStreetWord(street));
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
  const standardPlace = (line1: string, line2: string) => {
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
  const placeOf = (line1: string, line2: string): Place => {
    if (!line1 && !line2) return null;
    let byLine1 = placesWithoutLine2;
    if (line2) {
      byLine1 = placesByLine2.get(line2) ?? new Map<string, Place>();
      if (byLine1.size === 0) placesByLine2.set(line2, byLine1);
    }
    let place = byLine1.get(line1);
    if (place === undefined) {
      place = standardPlace(line1, line2);
      byLine1.set(line1, place);
    }
    return place;
  };
  let at = 0;
  for (let record = 0; record < variantsOf.length; record++) {
    for (const end = at + variantsOf[record]!; at < end; at++) {
      const code = postcode(fields.postcode[at]);
      if (code) {
        builders.postcode.add(code.full);
        builders.postcode_sector.add(code.sector);
        builders.postcode_district.add(code.district);
      }
      const place = placeOf(fields.address_line_1[at]!, fields.address_line_2[at]!);
      if (place) {
        builders.address.add(place.full);
        builders.address_numbers.add(place.numbers);
        builders.address_street.add(place.street);
        builders.address_key.add(place.key);
      }
    }
    for (const builder of builderList) builder.endRecord();
  }
  return builders;
}

/** A field's values as one text and each value's length: a worker receives it far quicker than an array. */
interface PackedField {
  text: string;
  lengths: Int32Array;
}

function packField(values: readonly string[]): PackedField {
  const lengths = new Int32Array(values.length);
  for (let at = 0; at < values.length; at++) lengths[at] = values[at]!.length;
  return { text: values.join(''), lengths };
}

function unpackField({ text, lengths }: PackedField): string[] {
  const values = new Array<string>(lengths.length);
  let from = 0;
  for (let at = 0; at < lengths.length; at++) {
    values[at] = text.slice(from, from + lengths[at]!);
    from += lengths[at]!;
  }
  return values;
}

/** What the place worker (record-table-worker.ts) is given when it starts. */
export interface PlaceWorkerData {
  variantsOf: Int32Array;
  fields: Record<PlaceField, PackedField>;
  /** [state: 0 working, 1 done, 2 failed; started: 1 once running]. */
  control: Int32Array;
  port: MessagePort;
}

const doneSlot = 0;
const startedSlot = 1;

/** The worker's side: builds the place columns and posts them, laid out in shared memory. */
export function runPlaceWorker({ variantsOf, fields, control, port }: PlaceWorkerData): void {
  Atomics.store(control, startedSlot, 1);
  try {
    const unpacked = {} as PlaceFields;
    for (const field of placeFieldNames) unpacked[field] = unpackField(fields[field]);
    port.postMessage(layOut(placeColumns(variantsOf, unpacked), placeColumnNames));
    Atomics.store(control, doneSlot, 1);
  } catch {
    Atomics.store(control, doneSlot, 2);
  }
  Atomics.notify(control, doneSlot);
  port.close();
}

/**
 * A worker thread building the place columns while the calling thread builds the others. The
 * caller waits with `Atomics.wait`, so building stays synchronous; if the worker fails, or does not
 * start, the caller builds the place columns itself.
 */
class PlaceWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control = sharedInt32(2);

  constructor(variantsOf: Int32Array, fields: PlaceFields) {
    const packed = {} as Record<PlaceField, PackedField>;
    for (const field of placeFieldNames) packed[field] = packField(fields[field]);
    // A failure is seen in the control array, and the columns built here.
    ({ worker: this.worker, port: this.port } = startHelperThread(
      new URL('./record-table-worker.ts', import.meta.url),
      (port): PlaceWorkerData => ({ variantsOf, fields: packed, control: this.control, port }),
    ));
  }

  /** The place columns, or undefined when they are to be built here. */
  result(): Partial<Record<ColumnName, Column>> | undefined {
    const waitingSince = Date.now();
    while (Atomics.load(this.control, doneSlot) === 0) {
      if (Atomics.load(this.control, startedSlot) === 0 && Date.now() - waitingSince > 30_000) break;
      Atomics.wait(this.control, doneSlot, 0, 100);
    }
    const received = Atomics.load(this.control, doneSlot) === 1 ? receiveMessageOnPort(this.port) : undefined;
    this.port.close();
    void this.worker.terminate();
    return received?.message as Partial<Record<ColumnName, Column>> | undefined;
  }
}

/** Tables with fewer records are built on the calling thread alone. */
const defaultMinRecordsForWorker = 200_000;

export interface RecordTableOptions {
  /** Build the place columns on a worker for tables of at least this many records (default 200,000). */
  minRecordsForWorker?: number;
}

/**
 * Standardises every record's variants into interned columns. On a large table a worker builds the
 * place columns while this thread builds the others: no column's ids depend on another group's.
 */
export function buildRecordTable(
  records: readonly LinkageRecord[],
  aliases = shippedAliasTable(),
  options: RecordTableOptions = {},
): RecordTable {
  const variantsOf = new Int32Array(records.length);
  let variants = 0;
  for (let record = 0; record < records.length; record++) {
    variantsOf[record] = records[record]!.variants.length;
    variants += variantsOf[record]!;
  }
  const fields = placeFieldsOf(records, variants);
  const worker =
    records.length >= (options.minRecordsForWorker ?? defaultMinRecordsForWorker)
      ? new PlaceWorker(variantsOf, fields)
      : undefined;
  const persons = personColumns(records, variants, aliases);
  const localities = localityColumns(records, variants);
  const fromWorker = worker?.result();
  const places = fromWorker ? undefined : placeColumns(variantsOf, fields);
  const builderOf = (column: ColumnName): ColumnBuilder | undefined =>
    persons[column] ?? localities[column] ?? places?.[column];
  // Every column's arrays and the sources in one shared block: one large allocation, not seventy.
  let at = records.length;
  for (const column of columnNames) {
    const built = fromWorker?.[column];
    at += builderOf(column)?.length ?? built!.ids.length + built!.counts.length + built!.offsets.length;
  }
  const arena = sharedInt32(at);
  const sources = arena.subarray(0, records.length);
  at = records.length;
  const columns = {} as Record<ColumnName, Column>;
  const copied = (part: Int32Array): Int32Array => {
    const copy = arena.subarray(at, at + part.length);
    copy.set(part);
    at += part.length;
    return copy;
  };
  for (const column of columnNames) {
    const builder = builderOf(column);
    if (builder) {
      columns[column] = builder.build(arena, at);
      at += builder.length;
    } else {
      // A worker's column, copied in the layout `build` gives.
      const built = fromWorker![column]!;
      columns[column] = {
        ids: copied(built.ids),
        counts: copied(built.counts),
        offsets: copied(built.offsets),
        values: built.values,
      };
    }
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
