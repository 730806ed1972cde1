/**
 * Time standardising a county: grouping rows into records and building the record table.
 *   node_modules/.bin/node bench/standardise.ts DIR [--runs 3] [--today 2025-11-01]
 * (DIR: a county written by `kindred synth`; every extract in it but the truth files is read once)
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readExtractRows } from '../src/cli/extract-files.ts';
import type { ExtractRow } from '../src/ingest/index.ts';
import { buildRecordTable, type LinkageRecord, recordsFromRows } from '../src/linkage/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, today: { type: 'string', default: '2025-11-01' } },
});
const directory = positionals[0];
if (!directory) throw new Error('Give the directory of a county: bench/standardise.ts DIR');
const runs = Number(values.runs);

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const files: { source: string; rows: ExtractRow[] }[] = [];
for (const file of readdirSync(directory).sort()) {
  if (!file.endsWith('.csv') || file.startsWith('truth_')) continue;
  const { rows } = await readExtractRows(`${directory}/${file}`, values.today);
  files.push({ source: file.slice(0, -4), rows });
}
const rssAfterReading = process.memoryUsage.rss();

/** Seconds of wall clock and of this process's CPU (garbage-collector threads included) for one run. */
function timed<T>(run: () => T): { result: T; seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = run();
  const cpu = process.cpuUsage(cpuBefore);
  return { result, seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const groupRecords = (): LinkageRecord[] => {
  const records: LinkageRecord[] = [];
  for (const { source, rows } of files)
    for (const record of recordsFromRows(source, rows)) records.push(record);
  return records;
};

let records: LinkageRecord[] = [];
const grouping = { seconds: [] as number[], cpuSeconds: [] as number[] };
for (let run = 0; run < runs; run++) {
  const { result, seconds, cpuSeconds } = timed(groupRecords);
  records = result;
  grouping.seconds.push(seconds);
  grouping.cpuSeconds.push(cpuSeconds);
}
const building = { seconds: [] as number[], cpuSeconds: [] as number[] };
for (let run = 0; run < runs; run++) {
  const { seconds, cpuSeconds } = timed(() => buildRecordTable(records));
  building.seconds.push(seconds);
  building.cpuSeconds.push(cpuSeconds);
}

const rounded = (numbers: number[]): number[] => numbers.map((n) => Number(n.toFixed(2)));
console.log(
  JSON.stringify({
    county: directory,
    rows: files.reduce((sum, file) => sum + file.rows.length, 0),
    records: records.length,
    records_from_rows: {
      median_seconds: Number(median(grouping.seconds).toFixed(2)),
      seconds: rounded(grouping.seconds),
      cpu_seconds: rounded(grouping.cpuSeconds),
    },
    build_record_table: {
      median_seconds: Number(median(building.seconds).toFixed(2)),
      seconds: rounded(building.seconds),
      cpu_seconds: rounded(building.cpuSeconds),
    },
    rss_after_reading_gb: Number((rssAfterReading / 1e9).toFixed(2)),
    peak_rss_gb: Number(((process.resourceUsage().maxRSS * 1024) / 1e9).toFixed(2)),
  }),
);
