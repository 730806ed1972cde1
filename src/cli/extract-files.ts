import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvError } from '../csv/index.ts';
import {
  describeIssue,
  ExtractFileError,
  type ExtractIssue,
  type ExtractRow,
  type ExtractSummary,
  readExtract,
} from '../ingest/index.ts';
import { UsageError } from './command.ts';

/** Extract files named on the command line (`SOURCE=FILE.csv`), read with no server: `link` and `identify`. */

/** Issues printed per file; the counts cover the rest. */
const issuesShown = 10;

/**
 * The rows of an extract as validated by ingest. Unlike an upload, records that fail the identity
 * rule are kept: every record gets a person, linked on whatever identity it has.
 */
export async function readExtractRows(
  path: string,
  today: string,
): Promise<{ rows: ExtractRow[]; summary: ExtractSummary; issues: ExtractIssue[] }> {
  const rows: ExtractRow[] = [];
  const issues: ExtractIssue[] = [];
  let summary: ExtractSummary | undefined;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const event of readExtract(input, { file: basename(path), today })) {
      if (event.kind === 'row') rows.push(event.row);
      else if (event.kind === 'issue') {
        if (issues.length < issuesShown) issues.push(event.issue);
      } else summary = event.summary;
    }
  } catch (error) {
    if (error instanceof ExtractFileError || error instanceof CsvError)
      throw new UsageError(error.message, 1);
    throw error;
  } finally {
    input.destroy();
  }
  return { rows, summary: summary!, issues };
}

export function parseSources(positionals: string[], usage: string): { source: string; path: string }[] {
  if (positionals.length === 0) throw new UsageError(`Give at least one SOURCE=FILE.csv.\n\n${usage}`);
  const seen = new Set<string>();
  return positionals.map((argument) => {
    const split = argument.indexOf('=');
    const source = split > 0 ? argument.slice(0, split) : basename(argument).replace(/\.csv$/i, '');
    const path = split > 0 ? argument.slice(split + 1) : argument;
    if (source === '' || path === '') throw new UsageError(`"${argument}" should read SOURCE=FILE.csv.`);
    if (seen.has(source))
      throw new UsageError(`The source "${source}" is given twice; name each source once.`);
    seen.add(source);
    if (!existsSync(path)) throw new UsageError(`There is no file ${path} (for source ${source}).`, 1);
    return { source, path };
  });
}

const counted = (count: number, noun: string, what: string): string =>
  `${count.toLocaleString('en-GB')} ${noun}${count === 1 ? '' : 's'} ${what}`;

export interface ExtractFile {
  source: string;
  path: string;
  rows: ExtractRow[];
}

/**
 * Reads each file in turn, telling on standard error what was read and what was not: counts, and the
 * first issues with their file, line and column.
 */
export async function readExtractFiles(
  sources: { source: string; path: string }[],
  today: string,
  countRecords: (source: string, rows: ExtractRow[]) => number,
): Promise<ExtractFile[]> {
  const files: ExtractFile[] = [];
  for (const { source, path } of sources) {
    const { rows, summary, issues } = await readExtractRows(path, today);
    const notes = [
      summary.rowsRejected > 0 ? counted(summary.rowsRejected, 'row', 'rejected') : '',
      summary.warnings > 0 ? counted(summary.warnings, 'value', 'dropped with a warning') : '',
      summary.rejectedRecordIds.length > 0
        ? `${summary.rejectedRecordIds.length} records lack the identity an upload needs, linked on what they have`
        : '',
    ].filter((note) => note !== '');
    console.error(
      `${source}: ${countRecords(source, rows).toLocaleString('en-GB')} records in ${rows.length.toLocaleString('en-GB')} rows from ${path}` +
        (notes.length > 0 ? ` (${notes.join('; ')})` : ''),
    );
    for (const issue of issues) console.error(`  ${issue.severity}: ${describeIssue(issue)}`);
    const more = summary.rowsRejected + summary.warnings - issues.length;
    if (more > 0) console.error(`  … and ${more.toLocaleString('en-GB')} more`);
    files.push({ source, path, rows });
  }
  return files;
}
