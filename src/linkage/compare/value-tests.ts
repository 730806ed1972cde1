import type { LevelTest } from '../model.ts';
import { standardiseAddress } from '../standardise/address.ts';
import type { AliasTable } from '../standardise/aliases.ts';
import { dateDays, dayMonthSwapped } from '../standardise/date-of-birth.ts';
import { standardisePostcode } from '../standardise/postcode.ts';
import { damerauLevenshtein, jaroWinkler } from './string-similarity.ts';

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

const sortedWords = remembered((text) => (text.includes(' ') ? text.split(' ').sort().join(' ') : text));
const days = remembered((date) => dateDays(Number(date)));

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
      return (a, b) => jaroWinkler(a, b) >= test.threshold;
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
          jaroWinkler(a, b) >= test.threshold
        );
      };
    case 'damerau_levenshtein':
      return (a, b) => damerauLevenshtein(a, b) <= test.threshold;
    case 'initial':
      return (a, b) => (a.length === 1 || b.length === 1) && a[0] === b[0];
    case 'date_day_month_swapped':
      return (a, b) => dayMonthSwapped(Number(a), Number(b));
    case 'date_within_days':
      return (a, b) => Math.abs(days(a) - days(b)) <= test.threshold;
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
        if (!left || !right || sortedWords(left.numbers) !== sortedWords(right.numbers)) return false;
        if (left.street === right.street) return true;
        // Lines 1 and 2 are sometimes entered the other way round: compare the words in any order too.
        return (
          jaroWinkler(left.street, right.street) >= test.threshold ||
          jaroWinkler(sortedWords(left.street), sortedWords(right.street)) >= test.threshold
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
