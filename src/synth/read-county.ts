import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from '../csv/index.ts';
import { type ExtractRow, readExtract } from '../ingest/index.ts';
import type { CountySummary } from './generate-county.ts';
import { type SourceName, sourceNames } from './sources.ts';

/** A county as `kindred synth` wrote it, read back for checking what is built on it against its truth. */
export interface WrittenCounty {
  summary: CountySummary;
  /** Each extract's accepted rows, in the order the files are listed. */
  extracts: { source: SourceName; rows: ExtractRow[] }[];
  /** The true person of each record, keyed `source\0record_id`. */
  truePerson: Map<string, string>;
}

export async function readWrittenCounty(directory: string): Promise<WrittenCounty> {
  const summary = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as CountySummary;
  const extracts: WrittenCounty['extracts'] = [];
  for (const source of sourceNames) {
    const rows: ExtractRow[] = [];
    const file = `${source}.csv`;
    const input = createReadStream(join(directory, file), { highWaterMark: 1 << 20 });
    for await (const event of readExtract(input, { file, today: summary.asOf })) {
      if (event.kind === 'row') rows.push(event.row);
    }
    extracts.push({ source, rows });
  }
  const truePerson = new Map<string, string>();
  for await (const record of readCsv(createReadStream(join(directory, 'truth_records.csv')), {
    file: 'truth_records.csv',
  })) {
    const [source, recordId, personId] = record.fields;
    if (source !== 'source') truePerson.set(`${source}\u0000${recordId}`, personId!);
  }
  return { summary, extracts, truePerson };
}
