import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, csvField, readCsv } from '../../csv/index.ts';
import { assignmentFrom, linkRecords, type PersonAssignment } from '../../linkage/index.ts';
import { type Command, dateOption, stringOption, UsageError } from '../command.ts';
import { parseSources } from '../extract-files.ts';
import {
  printLinkStages,
  readLinkageRecords,
  readModel,
  thresholdOption,
  writeModel,
} from '../linkage-options.ts';

const usage = `Usage: kindred link [--model FILE] [--threshold P] SOURCE=FILE.csv [SOURCE=FILE.csv ...] --out people.csv

Links and deduplicates records of one or more extracts (the standard extract format) into people,
with no server and no setup. A record is every row with one record_id in one source; all its
identity variants are used. The model is trained on the files themselves unless --model gives a
trained one. Writes source,record_id,person_id for every record.

  SOURCE=FILE.csv     an extract and the name of its source (a bare FILE.csv is named after the file)
  --out FILE          where to write people (source,record_id,person_id)
  --model FILE        a model (JSON settings, as written by --save-model or kindred model train)
  --threshold P       match probability at or above which two records are one person (default 0.95)
  --save-model FILE   write the trained model (JSON) here
  --previous FILE     a previous run's people.csv: people keep their ids (merges and splits in --report)
  --report FILE       write a JSON report here: blocking analysis, training, figures, person changes
  --today YYYY-MM-DD  the day dates are checked against (default today)

Exit codes: 0 linked; 1 a file could not be read; 2 usage.`;

/** Reads a previous run's people.csv (source,record_id,person_id) so people keep their ids. */
async function readPrevious(path: string): Promise<PersonAssignment> {
  const rows: { source: string; record_id: string; person_id: string }[] = [];
  let header: string[] | undefined;
  try {
    for await (const record of readCsv(createReadStream(path), { file: basename(path) })) {
      if (!header) {
        header = record.fields.map((field) => field.trim().toLowerCase());
        for (const column of ['source', 'record_id', 'person_id']) {
          if (!header.includes(column))
            throw new UsageError(`${path}: the header has no ${column} column.`, 1);
        }
        continue;
      }
      const cell = (column: string): string => record.fields[header!.indexOf(column)] ?? '';
      rows.push({ source: cell('source'), record_id: cell('record_id'), person_id: cell('person_id') });
    }
  } catch (error) {
    if (error instanceof CsvError) throw new UsageError(error.message, 1);
    throw error;
  }
  return assignmentFrom(rows);
}

const plain = { neutraliseFormulas: false } as const;

export const linkCommand: Command = {
  usage,
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    model: { type: 'string' },
    threshold: { type: 'string' },
    'save-model': { type: 'string' },
    report: { type: 'string' },
    previous: { type: 'string' },
    today: { type: 'string' },
  },
  async run(parsed) {
    const out = stringOption(parsed, 'out');
    if (!out) throw new UsageError(`--out is required.\n\n${usage}`);
    const sources = parseSources(parsed.positionals, usage);
    const threshold = thresholdOption(stringOption(parsed, 'threshold'));
    const modelPath = stringOption(parsed, 'model');
    const model = modelPath ? readModel(modelPath) : undefined;
    const today = dateOption(parsed, 'today', new Date().toISOString().slice(0, 10));
    const previousPath = stringOption(parsed, 'previous');
    if (previousPath && !existsSync(previousPath))
      throw new UsageError(`There is no file ${previousPath} (--previous).`, 1);
    const previous = previousPath ? await readPrevious(previousPath) : undefined;

    const records = await readLinkageRecords(sources, today);

    const result = linkRecords(records, {
      ...(model ? { model } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
      ...(previous ? { previous } : {}),
      onStage: printLinkStages(),
    });
    const { figures } = result;
    console.error(
      `Linked ${figures.records.toLocaleString('en-GB')} records into ${figures.people.toLocaleString('en-GB')} people (${figures.candidate_pairs.toLocaleString('en-GB')} pairs compared, ${figures.matched_pairs.toLocaleString('en-GB')} matched).`,
    );

    const stream = createWriteStream(out);
    // Lines go out in chunks of about 64 KB: a write per line costs four times as much.
    let chunk = 'source,record_id,person_id\n';
    for (let record = 0; record < records.length; record++) {
      const { source, recordId } = records[record]!;
      // Ids are written exactly as given (no spreadsheet formula guard): they are keys, not text to read.
      chunk += `${csvField(source, plain)},${csvField(recordId, plain)},${result.personIds[record]!}\n`;
      if (chunk.length >= 1 << 16) {
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
      }
    }
    stream.end(chunk);
    await once(stream, 'finish');

    const saveModel = stringOption(parsed, 'save-model');
    if (saveModel) writeModel(saveModel, result.model);
    const reportPath = stringOption(parsed, 'report');
    if (reportPath) {
      writeFileSync(
        reportPath,
        `${JSON.stringify({ figures, blocking: result.blocking, training: result.training, changes: result.changes }, null, 2)}\n`,
      );
    }
    return 0;
  },
};
