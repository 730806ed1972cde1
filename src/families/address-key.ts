/**
 * Address text as the reference household rule compares it (criteria.md): case, spacing and
 * punctuation folded, and the street-type abbreviations expanded.
 */

const streetTypes: ReadonlyMap<string, string> = new Map([
  ['rd', 'road'],
  ['st', 'street'],
  ['ave', 'avenue'],
  ['cl', 'close'],
  ['cres', 'crescent'],
  ['dr', 'drive'],
  ['ln', 'lane'],
  ['ct', 'court'],
  ['pl', 'place'],
  ['gdns', 'gardens'],
  ['terr', 'terrace'],
  ['gr', 'grove'],
  ['sq', 'square'],
]);

// Apostrophes join ("St Mary's" = "St Marys"); any other punctuation separates words ("10,High St.").
const apostrophes = /['’‘`]/g;
const separators = /[^\p{L}\p{N}]+/u;

/** The first address line folded to lower-case words, abbreviations expanded; '' when nothing is left. */
export function normaliseAddressLine(line: string): string {
  const words = line.toLowerCase().replace(apostrophes, '').split(separators);
  let folded = '';
  for (const word of words) {
    if (word === '') continue;
    folded += folded === '' ? '' : ' ';
    folded += streetTypes.get(word) ?? word;
  }
  return folded;
}

/** The postcode in capitals with spaces and punctuation removed; '' when nothing is left. */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The text two records must share to be at one address, or undefined when either part is empty. */
export function addressKey(
  addressLine1: string | null | undefined,
  postcode: string | null | undefined,
): string | undefined {
  if (!addressLine1 || !postcode) return undefined;
  const written = writeAddressKey(addressLine1, postcode, keyCodes);
  if (written === 0) return undefined;
  if (written > 0)
    return String.fromCharCode.apply(null, keyCodes.subarray(0, written) as unknown as number[]);
  const line = normaliseAddressLine(addressLine1);
  if (line === '') return undefined;
  const code = normalisePostcode(postcode);
  if (code === '') return undefined;
  return `${line}\u0000${code}`;
}

const keyCodes = new Uint16Array(1024);

// The same folding for plain ASCII text in one pass without making strings: a county has millions of records.

/** A word of two to four lower-case letters as one number, so abbreviations are found without making strings. */
function packWord(codes: ArrayLike<number>, start: number, end: number): number {
  let packed = 0;
  for (let index = start; index < end; index++) packed = packed * 128 + codes[index]!;
  return packed;
}

const packedStreetTypes = new Map(
  [...streetTypes].map(([short, long]) => [
    packWord(
      [...short].map((letter) => letter.charCodeAt(0)),
      0,
      short.length,
    ),
    long,
  ]),
);

/** Expands the word in `codes` from `wordStart` to `end` when it is an abbreviation; returns the new end. */
function expandWord(codes: Uint16Array, wordStart: number, end: number): number {
  if (end - wordStart < 2 || end - wordStart > 4) return end;
  const expansion = packedStreetTypes.get(packWord(codes, wordStart, end));
  if (expansion === undefined) return end;
  for (let index = 0; index < expansion.length; index++)
    codes[wordStart + index] = expansion.charCodeAt(index);
  return wordStart + expansion.length;
}

const space = 32;

/**
 * Writes the address key of ASCII text into `codes` as UTF-16 code units and returns its length:
 * 0 when either part folds to nothing, -1 when the text is not ASCII or too long for `codes`
 * (use addressKey then). Both parts must be non-empty.
 */
export function writeAddressKey(line: string, postcode: string, codes: Uint16Array): number {
  // Expanding "st" to "street" at most triples a line.
  if (line.length * 3 + postcode.length + 1 > codes.length) return -1;
  let end = 0;
  let wordStart = -1;
  for (let index = 0; index < line.length; index++) {
    let code = line.charCodeAt(index);
    if (code > 127) return -1;
    if (code === 39 || code === 96) continue;
    if (code >= 65 && code <= 90) code += 32;
    const alphanumeric = (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    if (alphanumeric) {
      if (wordStart < 0) {
        if (end > 0) codes[end++] = space;
        wordStart = end;
      }
      codes[end++] = code;
    } else if (wordStart >= 0) {
      end = expandWord(codes, wordStart, end);
      wordStart = -1;
    }
  }
  if (wordStart >= 0) end = expandWord(codes, wordStart, end);
  if (end === 0) return 0;
  const lineEnd = end;
  codes[end++] = 0;
  for (let index = 0; index < postcode.length; index++) {
    let code = postcode.charCodeAt(index);
    if (code > 127) return -1;
    if (code >= 97 && code <= 122) code -= 32;
    if ((code >= 65 && code <= 90) || (code >= 48 && code <= 57)) codes[end++] = code;
  }
  return end === lineEnd + 1 ? 0 : end;
}
