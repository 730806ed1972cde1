import type { LevelTest } from '../model.ts';
import { PairValueCache } from '../pair-index.ts';
import { addressOfStandardForm, standardiseAddress } from '../standardise/address.ts';
import type { AliasTable } from '../standardise/aliases.ts';
import { dateDays, dayMonthSwapped } from '../standardise/date-of-birth.ts';
import { standardisePostcode } from '../standardise/postcode.ts';
import { sortedWords } from '../standardise/text.ts';
import { damerauLevenshtein, jaroWinkler, withinOneEdit } from './string-similarity.ts';

/**
 * A test on two standardised values of one column (never equal: equality is checked first), with
 * their value ids.
 */
export type ValueTest = (a: string, b: string, idA: number, idB: number) => boolean;

function remembered<T>(derive: (value: string) => T): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let found = cache.get(value);
    if (found === undefined && !cache.has(value)) {
      found = derive(value);
      cache.set(value, found);
    }
    return found as T;
  };
}

/**
 * Jaro-Winkler similarity of the pair last asked about: a name comparison's levels ask it of one
 * pair up to three times in a row (two names in common use, then two thresholds).
 */
let lastLeft = '';
let lastRight = '';
let lastSimilarity = jaroWinkler('', '');
function similarity(a: string, b: string): number {
  if (a !== lastLeft || b !== lastRight) {
    lastLeft = a;
    lastRight = b;
    lastSimilarity = jaroWinkler(a, b);
  }
  return lastSimilarity;
}

/** `sortedWords`, remembered: the same streets and numbers are asked about again and again. */
const wordsInOrder = remembered(sortedWords);

/**
 * A number derived from a value, remembered by the value's id: a date's days are asked for again and
 * again, and an array read costs far less than a string's look-up.
 */
function byId(derive: (value: string) => number): (value: string, id: number) => number {
  let known = new Float64Array(1024).fill(Number.NaN);
  return (value, id) => {
    if (id >= known.length) {
      const grown = new Float64Array(Math.max(known.length * 2, id + 1)).fill(Number.NaN);
      grown.set(known);
      known = grown;
    }
    let number = known[id]!;
    if (Number.isNaN(number)) {
      number = derive(value);
      known[id] = number;
    }
    return number;
  };
}

const sector = remembered((code) => standardisePostcode(code)?.sector ?? null);
const district = remembered((code) => standardisePostcode(code)?.district ?? null);
const addressParts = remembered((full) => standardiseAddress(full, null));

/**
 * The value-pair form of a level test, or null for tests that need whole records (tokens, null,
 * else). `counts` are the records per value id of the column (for tests on how common a value is).
 */
export function valueTest(test: LevelTest, aliases: AliasTable, counts?: Int32Array): ValueTest | null {
  switch (test.test) {
    case 'exact':
      return () => false;
    case 'alias':
      return (a, b) => aliases.areAliases(a, b);
    case 'jaro_winkler':
      return (a, b) => similarity(a, b) >= test.threshold;
    case 'similar_distinct_names':
      // Two spellings of one name differ by a slip, and a slip is rare (Rboert beside Robert); two
      // names that are both in common use (Nicola and Nicholas, Oliver and Olivia) are two names.
      return (a, b, idA, idB) => {
        if (!counts) return false;
        const left = counts[idA] ?? 0;
        const right = counts[idB] ?? 0;
        return (
          Math.min(left, right) >= 2 &&
          Math.min(left, right) >= test.min_share * Math.max(left, right) &&
          similarity(a, b) >= test.threshold
        );
      };
    case 'damerau_levenshtein':
      return test.threshold === 1 ? withinOneEdit : (a, b) => damerauLevenshtein(a, b) <= test.threshold;
    case 'initial':
      return (a, b) => (a.length === 1 || b.length === 1) && a[0] === b[0];
    case 'date_day_month_swapped': {
      const date = byId(Number);
      return (a, b, idA, idB) => dayMonthSwapped(date(a, idA), date(b, idB));
    }
    case 'date_within_days': {
      const days = byId((date) => dateDays(Number(date)));
      return (a, b, idA, idB) => Math.abs(days(a, idA) - days(b, idB)) <= test.threshold;
    }
    case 'postcode_sector':
      return (a, b) => {
        const left = sector(a);
        return left !== null && left === sector(b);
      };
    case 'postcode_district':
      return (a, b) => {
        const left = district(a);
        return left !== null && left === district(b);
      };
    case 'address_numbers_and_street': {
      return (a, b) => {
        const left = addressParts(a);
        const right = addressParts(b);
        if (!left || !right || wordsInOrder(left.numbers) !== wordsInOrder(right.numbers)) return false;
        if (left.street === right.street) return true;
        // Lines 1 and 2 are sometimes entered the other way round: compare the words in any order too.
        return (
          jaroWinkler(left.street, right.street) >= test.threshold ||
          jaroWinkler(wordsInOrder(left.street), wordsInOrder(right.street)) >= test.threshold
        );
      };
    }
    case 'address_street':
      return (a, b) => {
        const left = addressParts(a);
        const right = addressParts(b);
        if (!left || !right || left.street === '') return false;
        return left.street === right.street || jaroWinkler(left.street, right.street) >= test.threshold;
      };
    default:
      return null;
  }
}

/**
 * A test on two different value ids of one column. `remember` says whether to keep a string test's
 * result for the next time the same two values meet.
 */
export type IdPairTest = (a: number, b: number, remember: boolean) => boolean;

/** Interns what a value id derives to (its postcode sector, its house numbers) as small ids, each worked out once. */
class DerivedIds {
  private readonly ids: Int32Array;
  private readonly index = new Map<string, number>();
  private readonly values: readonly string[];
  private readonly derive: (value: string) => string | null;
  readonly texts: string[] = [''];

  constructor(values: readonly string[], derive: (value: string) => string | null) {
    this.values = values;
    this.derive = derive;
    this.ids = new Int32Array(values.length).fill(-1);
  }

  /** The id of what the value derives to; 0 when it derives to nothing. */
  of(value: number): number {
    let id = this.ids[value]!;
    if (id !== -1) return id;
    const text = this.derive(this.values[value]!);
    if (text === null) id = 0;
    else {
      id = this.index.get(text) ?? this.texts.length;
      if (id === this.texts.length) {
        this.texts.push(text);
        this.index.set(text, id);
      }
    }
    this.ids[value] = id;
    return id;
  }
}

/** Each address value's house numbers and street as ids, made once per column for all the tests that read them. */
const addressIdsOfColumn = new WeakMap<readonly string[], { numbers: DerivedIds; streets: DerivedIds }>();

function addressIds(values: readonly string[]): { numbers: DerivedIds; streets: DerivedIds } {
  let ids = addressIdsOfColumn.get(values);
  if (!ids) {
    // Each value is taken apart once, here rather than through the string-keyed caches: numbers and
    // street are asked for one after the other.
    let lastFull: string | undefined;
    let lastParts: ReturnType<typeof addressOfStandardForm> = null;
    const partsOf = (full: string): ReturnType<typeof addressOfStandardForm> => {
      if (full !== lastFull) {
        lastFull = full;
        lastParts = addressOfStandardForm(full);
      }
      return lastParts;
    };
    ids = {
      numbers: new DerivedIds(values, (full) => {
        const numbers = partsOf(full)?.numbers;
        if (numbers === undefined) return null;
        return sortedWords(numbers);
      }),
      streets: new DerivedIds(values, (full) => partsOf(full)?.street ?? null),
    };
    addressIdsOfColumn.set(values, ids);
  }
  return ids;
}

/** A string test on two ids, in a fixed order (lower id first) so the answer never depends on which record came first. */
function cachedTest(test: (low: number, high: number) => boolean): IdPairTest {
  const cache = new PairValueCache();
  return (a, b, remember) => {
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    const known = cache.get(low, high);
    if (known !== -1) return known === 1;
    const holds = test(low, high);
    if (remember) cache.set(low, high, holds ? 1 : 0);
    return holds;
  };
}

/**
 * The id-pair form of a level test on one column, or null for tests that need whole records. Postcode
 * sectors and districts, house numbers and streets are compared as derived ids, so the string
 * tests (Jaro-Winkler on streets, edits between postcodes) run only for the few pairs they decide.
 */
export function idPairTest(
  test: LevelTest,
  values: readonly string[],
  aliases: AliasTable,
  counts?: Int32Array,
): IdPairTest | null {
  switch (test.test) {
    case 'exact':
      return () => false;
    case 'postcode_sector':
    case 'postcode_district': {
      const keys = new DerivedIds(values, (code) => {
        const parts = standardisePostcode(code);
        return (test.test === 'postcode_sector' ? parts?.sector : parts?.district) ?? null;
      });
      return (a, b) => {
        const key = keys.of(a);
        return key !== 0 && key === keys.of(b);
      };
    }
    case 'damerau_levenshtein': {
      const distance = test.threshold;
      const strings = cachedTest((a, b) =>
        distance === 1
          ? withinOneEdit(values[a]!, values[b]!)
          : damerauLevenshtein(values[a]!, values[b]!) <= distance,
      );
      // More edits than that apart in length alone: no need to count them.
      return (a, b, remember) =>
        Math.abs(values[a]!.length - values[b]!.length) <= distance && strings(a, b, remember);
    }
    case 'address_numbers_and_street':
    case 'address_street': {
      const { numbers, streets } = addressIds(values);
      const threshold = test.threshold;
      const names = streets.texts;
      const similarStreets = cachedTest((a, b) =>
        test.test === 'address_street'
          ? jaroWinkler(names[a]!, names[b]!) >= threshold
          : // Lines 1 and 2 are sometimes entered the other way round: compare the words in any order too.
            jaroWinkler(names[a]!, names[b]!) >= threshold ||
            jaroWinkler(wordsInOrder(names[a]!), wordsInOrder(names[b]!)) >= threshold,
      );
      if (test.test === 'address_street') {
        return (a, b, remember) => {
          const left = streets.of(a);
          const right = streets.of(b);
          if (left === 0 || right === 0 || names[left] === '' || names[right] === '') return false;
          return left === right || similarStreets(left, right, remember);
        };
      }
      return (a, b, remember) => {
        const left = numbers.of(a);
        if (left === 0 || left !== numbers.of(b)) return false;
        const leftStreet = streets.of(a);
        const rightStreet = streets.of(b);
        return leftStreet === rightStreet || similarStreets(leftStreet, rightStreet, remember);
      };
    }
    default: {
      const onValues = valueTest(test, aliases, counts);
      return onValues && cachedTest((a, b) => onValues(values[a]!, values[b]!, a, b));
    }
  }
}
