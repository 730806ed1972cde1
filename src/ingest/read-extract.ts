import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { type CsvEncoding, CsvError, type CsvInput, type CsvRecord, readCsvBatches } from '../csv/index.ts';
import { localToday } from './calendar-date.ts';
import { checkColumnMapping } from './column-mapping.ts';
import { type ExtractRow, extractColumns } from './extract-columns.ts';
import { readExtractHeader } from './extract-header.ts';
import { ExtractFileError, type ExtractIssue } from './extract-issue.ts';
import { RecordIdentityTally } from './record-identity.ts';
import { ExtractRowValidator, type ExtractRules } from './validate-row.ts';

export type { ExtractIssue } from './extract-issue.ts';

export interface ReadExtractOptions extends ExtractRules {
  /** How the file's bytes are text: UTF-8 (the standard) or a declared Latin-1 (read as Windows-1252). */
  encoding?: CsvEncoding;
}

export interface ExtractSummary {
  /** Data rows read (blank lines and rows of empty fields are skipped). */
  rowsRead: number;
  /** Rows that passed, less the rows of records that fail the identity rule. */
  rowsAccepted: number;
  rowsRejected: number;
  /** Warnings: values dropped or ignored in rows that were kept. */
  warnings: number;
  /** People records (distinct record_id) with accepted rows. */
  records: number;
  /** Records that fail the identity rule: a loader drops the rows it was given for them. */
  rejectedRecordIds: string[];
  /** Rows with a fact code the agreement does not cover; more than 0 means the upload must be refused. */
  agreementBreaches: number;
}

export type ExtractEvent =
  | { kind: 'row'; row: ExtractRow }
  | { kind: 'issue'; issue: ExtractIssue }
  | { kind: 'end'; summary: ExtractSummary };

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A row of empty fields (a spreadsheet's blank line): skipped, not counted. */
export function isEmptyRecord(record: CsvRecord, recordIdPosition: number): boolean {
  const recordId = record.fields[recordIdPosition];
  if (recordId !== undefined && recordId.trim() !== '') return false;
  return record.fields.every((field) => field.trim() === '');
}

/**
 * Reads and validates a standard extract (shared/spec/extract-format.md) as a stream of events:
 * each accepted row, each issue, and at the end a summary. Rows arrive before the identity rule
 * (a whole-record rule) is decided: the loader drops the rows of `summary.rejectedRecordIds`.
 * Throws ExtractFileError when the file cannot be read at all (header, encoding, quoting).
 */
export async function* readExtract(
  input: CsvInput,
  options: ReadExtractOptions,
): AsyncGenerator<ExtractEvent> {
  for await (const batch of readExtractBatches(input, options)) yield* batch;
}

/** The events of readExtract in batches (one per piece of input): far fewer awaits, for bulk loaders. */
export async function* readExtractBatches(
  input: CsvInput,
  options: ReadExtractOptions,
): AsyncGenerator<ExtractEvent[]> {
  const { file } = options;
  if (!isoDay.test(options.today))
    throw new TypeError(`readExtract: today must be a YYYY-MM-DD day, not "${options.today}"`);
  const rules: ExtractRules = {
    ...options,
    mapping: options.mapping === undefined ? {} : checkColumnMapping(options.mapping),
  };
  let validator: ExtractRowValidator | null = null;
  let recordIdPosition = -1;
  const tally = new RecordIdentityTally();
  const issues: ExtractIssue[] = [];
  let rowsRead = 0;
  let rowsPassed = 0;
  let warnings = 0;
  let agreementBreaches = 0;
  const batches = readCsvBatches(input, { file, encoding: options.encoding ?? 'utf-8' });
  while (true) {
    let next: IteratorResult<CsvRecord[]>;
    try {
      next = await batches.next();
    } catch (error) {
      if (error instanceof CsvError)
        throw new ExtractFileError(error.file, error.line, null, error.problem, { cause: error });
      throw error;
    }
    if (next.done) break;
    const events: ExtractEvent[] = [];
    for (const record of next.value) {
      if (validator === null) {
        const layout = readExtractHeader(record, file, rules.mapping);
        validator = new ExtractRowValidator(layout, record.fields, rules);
        recordIdPosition = layout.positions.record_id;
        continue;
      }
      if (isEmptyRecord(record, recordIdPosition)) continue;
      rowsRead++;
      const row = validator.validate(record, issues);
      if (row === null) {
        const recordId = record.fields[recordIdPosition]?.trim();
        if (recordId) tally.seen(recordId, record.line);
      } else {
        rowsPassed++;
        tally.accepted(row);
      }
      if (issues.length > 0) {
        let breach = false;
        for (const issue of issues) {
          if (issue.severity === 'warning') warnings++;
          if (issue.agreementBreach) breach = true;
          events.push({ kind: 'issue', issue });
        }
        if (breach) agreementBreaches++;
        issues.length = 0;
      }
      if (row !== null) events.push({ kind: 'row', row });
    }
    if (events.length > 0) yield events;
  }
  if (validator === null) {
    throw new ExtractFileError(
      file,
      1,
      null,
      `the file is empty: an extract starts with a header row naming its columns (${extractColumns.slice(0, 4).join(', ')}, …), then one row per fact or person`,
    );
  }
  const settled = tally.settle(file);
  const rowsAccepted = rowsPassed - settled.failedRows;
  const summary: ExtractSummary = {
    rowsRead,
    rowsAccepted,
    rowsRejected: rowsRead - rowsAccepted,
    warnings,
    records: settled.records,
    rejectedRecordIds: settled.failed,
    agreementBreaches,
  };
  yield [
    ...settled.issues.map((issue): ExtractEvent => ({ kind: 'issue', issue })),
    { kind: 'end', summary },
  ];
}

export interface ReadExtractFileOptions extends Partial<ReadExtractOptions> {}

export interface ExtractFileContents {
  /** Accepted rows, without the rows of records that fail the identity rule. */
  rows: ExtractRow[];
  issues: ExtractIssue[];
  summary: ExtractSummary;
}

/** A whole extract file read into memory, for command-line tools; the file name and today by default. */
export async function readExtractFile(
  path: string,
  options: ReadExtractFileOptions = {},
): Promise<ExtractFileContents> {
  const rows: ExtractRow[] = [];
  const issues: ExtractIssue[] = [];
  let summary: ExtractSummary | undefined;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const events = readExtract(input, {
    ...options,
    file: options.file ?? basename(path),
    today: options.today ?? localToday(),
  });
  try {
    for await (const event of events) {
      if (event.kind === 'row') rows.push(event.row);
      else if (event.kind === 'issue') issues.push(event.issue);
      else summary = event.summary;
    }
  } finally {
    input.destroy();
  }
  const dropped = new Set(summary!.rejectedRecordIds);
  return {
    rows: dropped.size === 0 ? rows : rows.filter((row) => !dropped.has(row.record_id)),
    issues,
    summary: summary!,
  };
}
