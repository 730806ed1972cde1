import { foldText, tokens } from './text.ts';

/** Words that stand before or after a name but are not part of it. */
const titles = new Set([
  'mr',
  'mrs',
  'miss',
  'ms',
  'mx',
  'dr',
  'doctor',
  'prof',
  'professor',
  'sir',
  'dame',
  'lady',
  'lord',
  'rev',
  'revd',
  'reverend',
  'fr',
  'father',
  'master',
  'mstr',
  'hon',
  'rt',
  'cllr',
  'capt',
  'captain',
  'col',
  'colonel',
  'major',
  'maj',
  'lt',
  'lieutenant',
  'sgt',
  'sergeant',
  'gen',
  'general',
  'admiral',
  'cpl',
  'corporal',
  'pc',
  'dc',
  'insp',
  'jr',
  'jnr',
  'junior',
  'sr',
  'snr',
  'senior',
  'ii',
  'iii',
  'iv',
  'esq',
  'bart',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'qc',
  'kc',
  'phd',
  'md',
]);

/** A placeholder written where a name is not known. */
const unknownNames = new Set([
  'unknown',
  'unk',
  'nk',
  'not known',
  'baby',
  'infant',
  'anon',
  'anonymous',
  'na',
  'none',
  'x',
  'xx',
  'xxx',
]);

export interface StandardName {
  /** All tokens in order, titles removed. */
  tokens: string[];
  /** The tokens joined with single spaces: the form compared for equality. */
  full: string;
}

function dropTitles(parts: string[]): string[] {
  let start = 0;
  let end = parts.length;
  while (start < end && titles.has(parts[start]!)) start++;
  while (end > start + 1 && titles.has(parts[end - 1]!)) end--;
  return parts.slice(start, end);
}

/** Standardises a given or family name; hyphenated and double-barrelled names become several tokens. */
export function standardiseName(raw: string | null | undefined): StandardName | null {
  if (raw === null || raw === undefined) return null;
  const folded = foldText(raw);
  if (folded === '' || unknownNames.has(folded)) return null;
  const parts = dropTitles(tokens(folded));
  if (parts.length === 0) return null;
  return { tokens: parts, full: parts.join(' ') };
}
