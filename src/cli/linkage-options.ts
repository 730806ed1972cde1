import { readFileSync, writeFileSync } from 'node:fs';
import { type LinkageModel, type LinkageRecord, modelProblem, recordsFromRows } from '../linkage/index.ts';
import { UsageError } from './command.ts';
import { readExtractFiles } from './extract-files.ts';

/** The linkage options `link` and `identify` share: a trained model and a match threshold. */

export function readModel(path: string): LinkageModel {
  let model: LinkageModel;
  try {
    model = JSON.parse(readFileSync(path, 'utf8')) as LinkageModel;
  } catch (error) {
    throw new UsageError(`The model ${path} is not readable JSON: ${(error as Error).message}`, 1);
  }
  const problem = modelProblem(model);
  if (problem) throw new UsageError(`The model ${path} ${problem}.`, 1);
  return model;
}

export function thresholdOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^(0?\.\d+|1(\.0*)?|0)$/.test(text) || value <= 0 || value >= 1) {
    throw new UsageError(`--threshold must be a probability between 0 and 1 (exclusive), got "${text}".`);
  }
  return value;
}

/** Every record of the extract files, in file order, for `link` and `model train`; what was read is told on stderr. */
export async function readLinkageRecords(
  sources: { source: string; path: string }[],
  today: string,
): Promise<LinkageRecord[]> {
  const records: LinkageRecord[] = [];
  await readExtractFiles(sources, today, (source, rows) => {
    const fromFile = recordsFromRows(source, rows);
    for (const record of fromFile) records.push(record);
    return fromFile.length;
  });
  return records;
}

/** A model as the JSON file `link --model`, `identify --model` and `model show` read. */
export function writeModel(path: string, model: LinkageModel): void {
  writeFileSync(path, `${JSON.stringify(model, null, 2)}\n`);
}

/** Tells on standard error each step of linking as it starts, with the seconds since the first. */
export function printLinkStages(): (stage: string, detail?: string) => void {
  const started = Date.now();
  return (stage, detail) =>
    console.error(
      `  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${stage}${detail ? ` (${detail})` : ''}`,
    );
}
