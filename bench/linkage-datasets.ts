/**
 * The public benchmark sets (shared/benchmarks) as linkage input, with their truth, and pairwise
 * precision/recall/F1. Extracts are read by ingest as `kindred link` reads them (records that fail
 * the upload identity rule kept).
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv } from '../src/csv/index.ts';
import { type ExtractRow, readExtract } from '../src/ingest/index.ts';
import { type LinkageRecord, recordsFromRows } from '../src/linkage/index.ts';

/** shared/ sits beside the repository (on developers' machines and in CI). */
export const benchmarksDirectory =
  process.env.KINDRED_BENCHMARKS ?? fileURLToPath(new URL('../../shared/benchmarks', import.meta.url));
export const benchmarksPresent = existsSync(benchmarksDirectory);

/** Rows of an extract, validated by ingest, including records an upload would refuse for lack of identity. */
export async function readExtractRows(path: string, today = '2026-01-01'): Promise<ExtractRow[]> {
  const rows: ExtractRow[] = [];
  for await (const event of readExtract(createReadStream(path), { file: basename(path), today })) {
    if (event.kind === 'row') rows.push(event.row);
  }
  return rows;
}

async function readTruth(path: string): Promise<Map<string, string>> {
  const truth = new Map<string, string>();
  let header: string[] | undefined;
  for await (const record of readCsv(createReadStream(path), { file: basename(path) })) {
    if (!header) header = record.fields;
    else truth.set(record.fields[header.indexOf('record_id')]!, record.fields[header.indexOf('entity_id')]!);
  }
  return truth;
}

export interface BenchmarkSet {
  name: string;
  records: LinkageRecord[];
  /** The true entity of each record, in the same order. */
  truth: string[];
}

async function load(
  name: string,
  sources: { source: string; file: string; truth: string }[],
): Promise<BenchmarkSet> {
  const records: LinkageRecord[] = [];
  const truth: string[] = [];
  for (const { source, file, truth: truthFile } of sources) {
    const entity = await readTruth(`${benchmarksDirectory}/${truthFile}`);
    for (const record of recordsFromRows(source, await readExtractRows(`${benchmarksDirectory}/${file}`))) {
      records.push(record);
      truth.push(entity.get(record.recordId) ?? `unknown:${source}:${record.recordId}`);
    }
  }
  return { name, records, truth };
}

export const benchmarkSets: Record<string, () => Promise<BenchmarkSet>> = {
  febrl3: () =>
    load('febrl3', [{ source: 'febrl3', file: 'febrl/dataset3.csv', truth: 'febrl/dataset3.truth.csv' }]),
  febrl4: () =>
    load('febrl4', [
      { source: 'a', file: 'febrl/dataset4a.csv', truth: 'febrl/dataset4a.truth.csv' },
      { source: 'b', file: 'febrl/dataset4b.csv', truth: 'febrl/dataset4b.truth.csv' },
    ]),
  fake_1000: () =>
    load('fake_1000', [
      { source: 'fake', file: 'splink/fake_1000.csv', truth: 'splink/fake_1000.truth.csv' },
    ]),
  historical_50k: () =>
    load('historical_50k', [
      { source: 'historical', file: 'splink/historical_50k.csv', truth: 'splink/historical_50k.truth.csv' },
    ]),
};

export interface PairwiseQuality {
  precision: number;
  recall: number;
  f1: number;
  true_positives: number;
  predicted_pairs: number;
  true_pairs: number;
}

const pairsIn = (n: number): number => (n * (n - 1)) / 2;

/** Pairwise precision, recall and F1 of predicted people against true entities. */
export function pairwiseQuality(predicted: readonly string[], truth: readonly string[]): PairwiseQuality {
  const cells = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  const trueSizes = new Map<string, number>();
  predicted.forEach((person, index) => {
    const entity = truth[index]!;
    const cell = `${person}\u0000${entity}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    predictedSizes.set(person, (predictedSizes.get(person) ?? 0) + 1);
    trueSizes.set(entity, (trueSizes.get(entity) ?? 0) + 1);
  });
  let truePositives = 0;
  for (const n of cells.values()) truePositives += pairsIn(n);
  let predictedPairs = 0;
  for (const n of predictedSizes.values()) predictedPairs += pairsIn(n);
  let truePairs = 0;
  for (const n of trueSizes.values()) truePairs += pairsIn(n);
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    true_positives: truePositives,
    predicted_pairs: predictedPairs,
    true_pairs: truePairs,
  };
}

/**
 * A county written by `kindred synth` (every extract in the directory, truth from
 * truth_records.csv: source,record_id,person_id,household_id), as `kindred link` would read it.
 */
export async function countyFromDirectory(directory: string): Promise<BenchmarkSet> {
  const truthOf = new Map<string, string>();
  let header: string[] | undefined;
  for await (const record of readCsv(createReadStream(`${directory}/truth_records.csv`), {
    file: 'truth_records.csv',
  })) {
    if (!header) header = record.fields;
    else {
      const cell = (name: string): string => record.fields[header!.indexOf(name)] ?? '';
      truthOf.set(`${cell('source')}\u0000${cell('record_id')}`, cell('person_id'));
    }
  }
  const sources = [...new Set([...truthOf.keys()].map((key) => key.split('\u0000')[0]!))].sort();
  const records: LinkageRecord[] = [];
  const truth: string[] = [];
  for (const source of sources) {
    for (const record of recordsFromRows(source, await readExtractRows(`${directory}/${source}.csv`))) {
      records.push(record);
      truth.push(truthOf.get(`${source}\u0000${record.recordId}`) ?? `unknown:${source}:${record.recordId}`);
    }
  }
  return { name: `county ${basename(directory)}`, records, truth };
}
