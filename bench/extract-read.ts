/**
 * Reading speed of the standard extract: raw CSV records and validated extract rows per second.
 * Generates a synthetic extract of fact rows into /tmp once (about one row in ten has a quoted
 * address with a comma), then reads it several times and reports each run and the median.
 *
 *   node_modules/.bin/node bench/extract-read.ts [--rows 1000000] [--runs 5]
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCsvBatches } from '../src/csv/index.ts';
import { factCodes } from '../src/facts/vocabulary.ts';
import { extractColumns, readExtract, readExtractBatches } from '../src/ingest/index.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const rowCount = Number(values.rows);
const runs = Number(values.runs);
const path = `/tmp/kindred-bench/extract-${rowCount}.csv`;

let seed = 20250101;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const digits = (count: number): string =>
  Array.from({ length: count }, () => Math.floor(random() * 10)).join('');

function nhsNumber(): string {
  while (true) {
    const stem = digits(9);
    let sum = 0;
    for (let index = 0; index < 9; index++) sum += Number(stem[index]) * (10 - index);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${stem}${check}`;
  }
}

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
  'Leo',
  'Freya',
];
const familyNames = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  "O'Brien",
  'Khan',
];
const streets = ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road'];
const towns = ['Ashford', 'Dover', 'Maidstone', 'Canterbury', 'Margate', 'Folkestone'];
const day = (from: number, to: number): string => {
  const date = new Date(Date.UTC(from, 0, 1) + Math.floor(random() * (to - from) * 365) * 86400000);
  return date.toISOString().slice(0, 10);
};

async function generate(): Promise<void> {
  mkdirSync('/tmp/kindred-bench', { recursive: true });
  const out = createWriteStream(path);
  out.write(`${extractColumns.join(',')}\n`);
  let person: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (row % 4 === 0) {
      const flat = random() < 0.1;
      const street = `${1 + Math.floor(random() * 200)} ${pick(streets)}`;
      person = [
        `P${String(row / 4).padStart(8, '0')}`,
        random() < 0.7 ? nhsNumber() : '',
        pick(givenNames),
        pick(familyNames),
        day(1950, 2020),
        pick(['F', 'M', 'U', '']),
        flat ? `"Flat ${1 + Math.floor(random() * 9)}, ${street}"` : street,
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
    const start = day(2019, 2024);
    const end = fact.kind !== 'event' && random() < 0.5 ? day(2024, 2026) : '';
    const value = fact.value === 'percent' ? (random() * 40).toFixed(1) : fact.value === 'count' ? '2' : '';
    if (!out.write(`${person.join(',')},${fact.code},${start},${end},${value}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Rows per second of wall-clock time and per second of this process's CPU time (the machine is shared). */
async function timed(read: () => Promise<number>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const rows = await read();
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: rows / ((performance.now() - started) / 1000), cpu: rows / ((cpu.user + cpu.system) / 1e6) };
}

const input = () => createReadStream(path);
const options = { file: path, today: '2025-06-30' };

async function csvRecords(): Promise<number> {
  let records = 0;
  for await (const batch of readCsvBatches(input(), { file: path })) records += batch.length;
  return records - 1;
}

async function extractBatches(): Promise<number> {
  let rows = 0;
  for await (const events of readExtractBatches(input(), options)) {
    for (const event of events) if (event.kind === 'end') rows = event.summary.rowsRead;
  }
  return rows;
}

async function extractEvents(): Promise<number> {
  let rows = 0;
  for await (const event of readExtract(input(), options))
    if (event.kind === 'end') rows = event.summary.rowsRead;
  return rows;
}

if (!existsSync(path)) {
  console.log(`Generating ${rowCount.toLocaleString('en-GB')} fact rows into ${path} …`);
  await generate();
}
console.log(
  `${path}: ${(statSync(path).size / 1e6).toFixed(0)} MB, ${rowCount.toLocaleString('en-GB')} rows of 18 columns`,
);
const rate = (value: number): string => Math.round(value).toLocaleString('en-GB');
for (const [label, read] of [
  ['CSV records (src/csv readCsvBatches)', csvRecords],
  ['validated rows (src/ingest readExtractBatches)', extractBatches],
  ['validated rows, one await per event (src/ingest readExtract)', extractEvents],
] as const) {
  const results: { wall: number; cpu: number }[] = [];
  for (let run = 0; run < runs; run++) results.push(await timed(read));
  console.log(
    `${label}: median ${rate(median(results.map((result) => result.wall)))} rows/s ` +
      `(${rate(median(results.map((result) => result.cpu)))} per CPU-second); ` +
      `runs: ${results.map((result) => rate(result.wall)).join(', ')}`,
  );
}
