/**
 * The slips real extracts carry: typing errors, familiar names, accents lost, dates of birth with
 * day and month swapped or a digit off, postcodes written compactly or one character wrong,
 * addresses abbreviated or laid out differently. Each returns a new value; none is adversarial.
 */
import { isoOf } from './calendar.ts';
import { streetTypeAbbreviations } from './county-map.ts';
import type { Address } from './dwellings.ts';
import { nicknames } from './nicknames.ts';
import type { SeededRandom } from './random.ts';

// Letters next to each other on a UK keyboard: the commonest substitution when typing.
const neighbours: Record<string, string> = {
  a: 'sqz',
  b: 'vn',
  c: 'xv',
  d: 'sf',
  e: 'wr',
  f: 'dg',
  g: 'fh',
  h: 'gj',
  i: 'uo',
  j: 'hk',
  k: 'jl',
  l: 'k',
  m: 'n',
  n: 'bm',
  o: 'ip',
  p: 'o',
  q: 'w',
  r: 'et',
  s: 'ad',
  t: 'ry',
  u: 'yi',
  v: 'cb',
  w: 'qe',
  x: 'zc',
  y: 'tu',
  z: 'x',
};
const soundsAlike: readonly [RegExp, string][] = [
  [/ph/, 'f'],
  [/ie$/, 'y'],
  [/y$/, 'ie'],
  [/ee/, 'ea'],
  [/ck/, 'k'],
  [/ll/, 'l'],
  [/nn/, 'n'],
  [/mm/, 'm'],
  [/ai/, 'ay'],
  [/ou/, 'ow'],
];

/** One typing slip inside a name: two letters swapped, one dropped, doubled or mistyped, or spelt by ear. */
export function typo(name: string, random: SeededRandom): string {
  if (name.length < 4) return name;
  const kind = random.below(6);
  const at = 1 + random.below(name.length - 2);
  const here = name.charAt(at);
  switch (kind) {
    case 0:
      return name.charAt(at + 1) === here
        ? name.slice(0, at) + name.slice(at + 1)
        : name.slice(0, at) + name.charAt(at + 1) + here + name.slice(at + 2);
    case 1:
      return name.slice(0, at) + name.slice(at + 1);
    case 2:
      return name.slice(0, at) + here + name.slice(at);
    case 3: {
      const lower = here.toLowerCase();
      const options = neighbours[lower];
      if (!options) return name.slice(0, at) + name.slice(at + 1);
      const replacement = options.charAt(random.below(options.length));
      return (
        name.slice(0, at) + (here === lower ? replacement : replacement.toUpperCase()) + name.slice(at + 1)
      );
    }
    default: {
      const lower = name.toLowerCase();
      for (let attempt = 0; attempt < soundsAlike.length; attempt++) {
        const [pattern, replacement] = soundsAlike[(attempt + kind) % soundsAlike.length] as [RegExp, string];
        const match = pattern.exec(lower);
        if (match && match.index > 0)
          return name.slice(0, match.index) + replacement + name.slice(match.index + match[0].length);
      }
      return name.slice(0, at) + name.slice(at + 1);
    }
  }
}

export const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A familiar form of a given name (William → Bill), or the name itself when it has none. */
export function nickname(given: string, random: SeededRandom): string {
  const forms = nicknames.get(given.toLowerCase());
  return forms ? capitalised(random.pick(forms)) : given;
}

export function hasNickname(given: string): boolean {
  return nicknames.has(given.toLowerCase());
}

/** Without accents, as most council and police systems store names (Wiśniewska → Wisniewska). */
export function withoutAccents(text: string): string {
  // Ł and ł have no decomposition, so normalising alone would keep them.
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/Ł/g, 'L').replace(/ł/g, 'l');
}

/** O'Brien as OBrien or O Brien; McDonald as Mcdonald or Mc Donald; Smith-Jones as Smith Jones, Smith or Jones. */
export function punctuationVariant(family: string, random: SeededRandom): string {
  if (family.includes("'")) return family.replace("'", random.chance(0.5) ? '' : ' ');
  const hyphen = family.indexOf('-');
  if (hyphen > 0) {
    const form = random.below(3);
    return form === 0
      ? family.replace('-', ' ')
      : form === 1
        ? family.slice(0, hyphen)
        : family.slice(hyphen + 1);
  }
  if (/^Ma?c[A-Z]/.test(family))
    return random.chance(0.5)
      ? family.charAt(0) + family.slice(1).toLowerCase()
      : family.replace(/^(Ma?c)/, '$1 ');
  return family;
}

/**
 * A date of birth as a slip would record it: day and month swapped (only where both could be a
 * month, as systems reject the rest), or one digit off. Never after `latest`.
 */
export function mistypedBirthDate(born: number, latest: number, random: SeededRandom): string {
  const iso = isoOf(born);
  const year = iso.slice(0, 4);
  const month = iso.slice(5, 7);
  const day = iso.slice(8, 10);
  let wrong = iso;
  if (Number(day) <= 12 && day !== month && random.chance(0.5)) wrong = `${year}-${day}-${month}`;
  else {
    const kind = random.below(3);
    if (kind === 0) wrong = isoOf(born + (random.chance(0.5) ? 1 : -1));
    else if (kind === 1)
      wrong = `${year.slice(0, 3)}${(Number(year.charAt(3)) + (random.chance(0.5) ? 1 : 9)) % 10}-${month}-${day}`;
    else wrong = isoOf(born + (random.chance(0.5) ? 10 : -10));
  }
  // February 29 in a year without one, or a date after today: the slip goes unrecorded.
  return wrong <= isoOf(latest) && isRealDate(wrong) ? wrong : iso;
}

/** An impossible date of birth (31 April, month 13): rare, dropped with a warning by ingest. */
export function impossibleBirthDate(born: number, random: SeededRandom): string {
  const iso = isoOf(born);
  return random.chance(0.5)
    ? `${iso.slice(0, 4)}-${iso.slice(8, 10) > '12' ? iso.slice(8, 10) : '13'}-${iso.slice(5, 7)}`
    : `${iso.slice(0, 4)}-02-30`;
}

function isRealDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

/** A postcode one character wrong: the last letter or the sector digit, the characters most often misread. */
export function mistypedPostcode(postcode: string, random: SeededRandom): string {
  const chars = postcode.split('');
  const last = chars.length - 1;
  if (random.chance(0.6)) chars[last] = 'ABDEFGHJLNPQRSTUWXYZ'.charAt(random.below(20));
  else chars[last - 2] = String((Number(chars[last - 2]) + 1 + random.below(8)) % 10);
  return chars.join('');
}

export interface AddressLines {
  line1: string;
  line2: string;
}

/** Address lines in one of the layouts partners use for the same dwelling. */
export function addressLines(
  address: Address,
  abbreviate: boolean,
  withLocality: boolean,
  random: SeededRandom,
): AddressLines {
  const type = abbreviate
    ? (streetTypeAbbreviations[address.streetType] ?? address.streetType)
    : address.streetType;
  const road = `${address.number} ${address.street} ${type}`;
  const locality = withLocality ? address.locality : '';
  if (address.flat === 0) return { line1: road, line2: locality };
  const layout = random.below(10);
  if (layout < 5) return { line1: `Flat ${address.flat}, ${road}`, line2: locality };
  if (layout < 7) return { line1: `Flat ${address.flat}`, line2: road };
  if (layout < 9) return { line1: `Flat ${address.flat} ${road}`, line2: locality };
  return { line1: `${address.flat}, ${road}`, line2: locality };
}
