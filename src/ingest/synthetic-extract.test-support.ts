/** A large standard extract for benchmarks and the kill test: fact rows of all 18 columns, four per person. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { AgreementTerms } from '../agreements/index.ts';
import { factCodes } from '../facts/vocabulary.ts';
import { extractColumns, identityColumns } from './extract-columns.ts';

/** Agreement terms that cover every column and fact code the synthetic extract uses. */
export const everythingShared: Partial<AgreementTerms> = {
  identityColumns: [...identityColumns],
  factCodes: factCodes.map((fact) => fact.code),
  art9Condition: 'g',
  dpa2018Condition: 'Schedule 1 paragraph 18: safeguarding of children and of individuals at risk',
};

const givenNames = [
  'Olivia',
  'Amelia',
  'Isla',
  'Jack',
  'Noah',
  'Oliver',
  'Muhammad',
  'Harry',
  'Sophie',
  'Grace',
];
const familyNames = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Patel', "O'Brien", 'Khan'];
const streets = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road'];
const towns = ['Ashford', 'Dover', 'Maidstone', 'Canterbury', 'Margate', 'Folkestone'];

/**
 * Writes `rows` fact rows (plus a header) to `path`, deterministically from `seed`: 70 % of people have an NHS
 * number, one address in ten is quoted with a comma, fact dates fall before `2026-01-01`.
 */
export async function writeSyntheticExtract(path: string, rows: number, seed = 20261125): Promise<void> {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (count: number): string =>
    Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const nhsNumber = (): string => {
    while (true) {
      const stem = digits(9);
      let sum = 0;
      for (let index = 0; index < 9; index++) sum += Number(stem[index]) * (10 - index);
      const check = (11 - (sum % 11)) % 11;
      if (check !== 10) return `${stem}${check}`;
    }
  };
  const day = (from: number, to: number): string =>
    new Date(Date.UTC(from, 0, 1) + Math.floor(random() * (to - from) * 365) * 86400000)
      .toISOString()
      .slice(0, 10);

  const out = createWriteStream(path);
  out.write(`${extractColumns.join(',')}\n`);
  let person: string[] = [];
  for (let row = 0; row < rows; row++) {
    if (row % 4 === 0) {
      const street = `${1 + Math.floor(random() * 200)} ${pick(streets)}`;
      person = [
        `P${String(row / 4).padStart(8, '0')}`,
        random() < 0.7 ? nhsNumber() : '',
        pick(givenNames),
        pick(familyNames),
        day(1950, 2020),
        pick(['F', 'M', 'U', '']),
        random() < 0.1 ? `"Flat ${1 + Math.floor(random() * 9)}, ${street}"` : street,
        '',
        pick(towns),
        `CT${1 + Math.floor(random() * 20)} ${Math.floor(random() * 10)}${pick(['AB', 'XY', 'QT'])}`,
        random() < 0.5 ? digits(11).replace(/^0/, '1') : '',
        `H${digits(6)}`,
        'Early Help Team',
        'earlyhelp@example.gov.uk',
      ];
    }
    const fact = pick(factCodes);
    const start = day(2019, 2026);
    const end = fact.kind !== 'event' && random() < 0.5 ? day(2026, 2028) : '';
    const value = fact.value === 'percent' ? (random() * 40).toFixed(1) : fact.value === 'count' ? '2' : '';
    if (!out.write(`${person.join(',')},${fact.code},${start},${end},${value}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
