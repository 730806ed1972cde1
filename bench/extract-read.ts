import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCsvBatches } from '../src/csv/index.ts';
import { readExtract, readExtractBatches } from '../src/ingest/index.ts';
import { writeSyntheticExtract } from '../src/ingest/synthetic-extract.test-support.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } },
});
const rowCount = Number(values.rows);
const runs = Number(values.runs);
const path = `/tmp/kindred-bench/synthetic-extract-${rowCount}.csv`;

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
// Past the generator's latest fact date, so every row is read as accepted.
const options = { file: path, today: '2028-12-31' };

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
  mkdirSync('/tmp/kindred-bench', { recursive: true });
  await writeSyntheticExtract(path, rowCount);
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
