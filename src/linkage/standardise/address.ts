import { foldText, plainTokens, tokens } from './text.ts';

/** Common abbreviations in UK (and Australian) address lines, written out. */
const abbreviationOf: Record<string, string> = {
  st: 'street',
  str: 'street',
  rd: 'road',
  ave: 'avenue',
  av: 'avenue',
  avn: 'avenue',
  ln: 'lane',
  dr: 'drive',
  drv: 'drive',
  cl: 'close',
  ct: 'court',
  crt: 'court',
  cres: 'crescent',
  cresc: 'crescent',
  cr: 'crescent',
  pl: 'place',
  sq: 'square',
  gdns: 'gardens',
  gdn: 'gardens',
  gds: 'gardens',
  gro: 'grove',
  gr: 'grove',
  grv: 'grove',
  tce: 'terrace',
  ter: 'terrace',
  terr: 'terrace',
  pde: 'parade',
  hwy: 'highway',
  pk: 'park',
  wk: 'walk',
  wy: 'way',
  mws: 'mews',
  est: 'estate',
  ho: 'house',
  hse: 'house',
  cir: 'circuit',
  cct: 'circuit',
  ctr: 'centre',
  blvd: 'boulevard',
  bvd: 'boulevard',
  mt: 'mount',
  grn: 'green',
  flt: 'flat',
  apt: 'flat',
  apartment: 'flat',
  unit: 'flat',
  rm: 'room',
  fl: 'floor',
  nth: 'north',
  sth: 'south',
  upr: 'upper',
  lwr: 'lower',
  vlge: 'village',
  retrmnt: 'retirement',
};

/** A word's full form: a Map, so words such as "constructor" are not read from an object's prototype. */
const abbreviations = new Map(Object.entries(abbreviationOf));

/** Words that say what kind of sub-building a number belongs to; they carry no identity of their own. */
const subBuildingWords = new Set(['flat', 'room', 'floor', 'no', 'number']);

/**
 * Words that say what kind of way a street is. Thousands of streets of a town share each, so a
 * street is known by its other words where it has any.
 */
export const streetTypes = new Set([
  'street',
  'road',
  'avenue',
  'lane',
  'drive',
  'close',
  'court',
  'crescent',
  'place',
  'square',
  'gardens',
  'grove',
  'terrace',
  'parade',
  'highway',
  'walk',
  'way',
  'mews',
  'circuit',
  'boulevard',
  'row',
  'hill',
  'view',
  'rise',
]);

export interface StandardAddress {
  /** Every token, abbreviations written out: the form compared for equality. */
  full: string;
  /** House, flat and building numbers in order (`12a`, `3`), joined by spaces; '' when none. */
  numbers: string;
  /** The words without numbers or sub-building words: the street and building names. */
  street: string;
}

const hasDigit = /\d/;

/** Standardises address lines 1 and 2 together: numbers apart from street words. */
export function standardiseAddress(
  line1: string | null | undefined,
  line2: string | null | undefined,
): StandardAddress | null {
  const text = [line1, line2].filter((line) => line !== null && line !== undefined && line !== '').join(' ');
  if (text === '') return null;
  const words = (plainTokens(text) ?? tokens(foldText(text))).map((word) => abbreviations.get(word) ?? word);
  if (words.length === 0) return null;
  return addressOfWords(words);
}

function addressOfWords(words: readonly string[]): StandardAddress {
  const numbers: string[] = [];
  const street: string[] = [];
  for (const word of words) {
    if (hasDigit.test(word)) numbers.push(word);
    else if (!subBuildingWords.has(word)) street.push(word);
  }
  return { full: words.join(' '), numbers: numbers.join(' '), street: street.join(' ') };
}

/**
 * The parts of an address already standardised, from its `full` form: the same as standardising it
 * again (its words are folded and written out already), without the folding.
 */
export function addressOfStandardForm(full: string): StandardAddress | null {
  return full === '' ? null : addressOfWords(full.split(' '));
}

/** The town or locality, folded. */
export function standardiseTown(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const folded = foldText(raw);
  return folded === '' ? null : folded;
}
