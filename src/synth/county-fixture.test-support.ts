/** A small county generated once per test process, read back as rows: the files others receive. */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { readCsv } from '../csv/index.ts';
import { type CountySummary, generateCounty } from './generate-county.ts';
import { type SourceName, sourceNames } from './sources.ts';

export const fixtureAsOf = '2025-11-01';

/** A row of a file as a map from its header's names to its values. */
export type Row = Record<string, string>;

export interface CountyFiles {
  directory: string;
  summary: CountySummary;
  /** Each file's header, by file name. */
  headers: Map<string, string[]>;
  extracts: Map<SourceName, Row[]>;
  truthRecords: Row[];
  truthPeople: Row[];
}

const directories: string[] = [];
const counties = new Map<string, Promise<CountyFiles>>();

after(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

export async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'kindred-synth-'));
  directories.push(directory);
  return directory;
}

export async function readRows(path: string): Promise<{ header: string[]; rows: Row[] }> {
  let header: string[] | undefined;
  const rows: Row[] = [];
  for await (const record of readCsv(createReadStream(path), { file: path })) {
    if (!header) {
      header = record.fields;
      continue;
    }
    const row: Row = {};
    header.forEach((column, index) => {
      row[column] = record.fields[index] ?? '';
    });
    if (record.fields.length !== header.length) row.__fieldCount = String(record.fields.length);
    rows.push(row);
  }
  return { header: header ?? [], rows };
}

async function load(people: number, seed: number): Promise<CountyFiles> {
  const directory = await temporaryDirectory();
  const summary = await generateCounty({ people, seed, asOf: fixtureAsOf, outDir: directory });
  const headers = new Map<string, string[]>();
  const extracts = new Map<SourceName, Row[]>();
  for (const source of sourceNames) {
    const { header, rows } = await readRows(join(directory, `${source}.csv`));
    headers.set(`${source}.csv`, header);
    extracts.set(source, rows);
  }
  const truthRecords = await readRows(join(directory, 'truth_records.csv'));
  const truthPeople = await readRows(join(directory, 'truth_people.csv'));
  headers.set('truth_records.csv', truthRecords.header);
  headers.set('truth_people.csv', truthPeople.header);
  return {
    directory,
    summary,
    headers,
    extracts,
    truthRecords: truthRecords.rows,
    truthPeople: truthPeople.rows,
  };
}

/** A county of 2,000 people (seed 7, as of 2025-11-01) unless told otherwise. */
export function smallCounty(people = 2_000, seed = 7): Promise<CountyFiles> {
  const key = `${people}:${seed}`;
  let county = counties.get(key);
  if (!county) {
    county = load(people, seed);
    counties.set(key, county);
  }
  return county;
}

/** Every extract row with its source, for checks across all files. */
export function* allRows(county: CountyFiles): Generator<{ source: SourceName; row: Row }> {
  for (const source of sourceNames)
    for (const row of county.extracts.get(source) ?? []) yield { source, row };
}
